/* sw-migration.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"
#include "sw-migration-step.h"

G_BEGIN_DECLS

#define SW_MIGRATION_ERROR (sw_migration_error_quark ())

/**
 * SwMigrationError:
 * @SW_MIGRATION_ERROR_INVALID_PLAN: the plan names something the schema does not have
 * @SW_MIGRATION_ERROR_CYCLE: the steps depend on each other in a way no dropped foreign key breaks
 * @SW_MIGRATION_ERROR_REFUSED: the validator found errors in the plan
 *
 * Errors of the migration generator.
 */
typedef enum
{
  SW_MIGRATION_ERROR_INVALID_PLAN = 1,
  SW_MIGRATION_ERROR_CYCLE,
  SW_MIGRATION_ERROR_REFUSED,
} SwMigrationError;

/**
 * SwMigrationFlags:
 * @SW_MIGRATION_FLAGS_NONE: blocking moves
 * @SW_MIGRATION_FLAGS_CONCURRENTLY: use create_distributed_table_concurrently()
 *   where Citus allows it, so writes keep flowing during the move
 *
 * How the migration moves the tables.
 */
typedef enum
{
  SW_MIGRATION_FLAGS_NONE         = 0,
  SW_MIGRATION_FLAGS_CONCURRENTLY = 1 << 0,
} SwMigrationFlags;

#define SW_TYPE_MIGRATION (sw_migration_get_type ())

G_DECLARE_FINAL_TYPE (SwMigration, sw_migration, SW, MIGRATION, GObject)

GQuark           sw_migration_error_quark      (void);

SwMigration     *sw_migration_new              (SwSchema          *schema,
                                                SwPlan            *plan,
                                                GError           **error) G_GNUC_WARN_UNUSED_RESULT;
SwMigration     *sw_migration_new_full         (SwSchema          *schema,
                                                SwPlan            *plan,
                                                SwMigrationFlags   flags,
                                                GPtrArray         *schema_changes,
                                                GError           **error) G_GNUC_WARN_UNUSED_RESULT;
SwSchema        *sw_migration_get_schema       (SwMigration       *self);
SwPlan          *sw_migration_get_plan         (SwMigration       *self);
SwMigrationFlags sw_migration_get_flags        (SwMigration       *self);
GListModel      *sw_migration_list_steps       (SwMigration       *self);
guint            sw_migration_get_n_steps      (SwMigration       *self);
SwMigrationStep *sw_migration_get_step         (SwMigration       *self,
                                                guint              position);
const char * const *sw_migration_get_dropped_foreign_keys (SwMigration *self);
const char * const *sw_migration_get_identity_tables (SwMigration *self);
char            *sw_migration_dup_rollback_refusal (SwMigration *self) G_GNUC_WARN_UNUSED_RESULT;
char            *sw_migration_dup_fingerprint  (SwMigration       *self) G_GNUC_WARN_UNUSED_RESULT;
char            *sw_migration_to_sql           (SwMigration       *self) G_GNUC_WARN_UNUSED_RESULT;
char            *sw_migration_to_rollback_sql  (SwMigration       *self) G_GNUC_WARN_UNUSED_RESULT;
char            *sw_migration_to_verify_sql    (SwMigration       *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
