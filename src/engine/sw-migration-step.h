/* sw-migration-step.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

#include "sw-ddl-object.h"

G_BEGIN_DECLS

#define SW_TYPE_MIGRATION_STEP (sw_migration_step_get_type ())

G_DECLARE_FINAL_TYPE (SwMigrationStep, sw_migration_step, SW, MIGRATION_STEP, GObject)

SwMigrationStep    *sw_migration_step_new                     (SwDdlKind        kind,
                                                               const char      *key,
                                                               const char      *reason) G_GNUC_WARN_UNUSED_RESULT;
SwDdlKind           sw_migration_step_get_kind                (SwMigrationStep *self);
const char         *sw_migration_step_get_key                 (SwMigrationStep *self);
const char         *sw_migration_step_get_reason              (SwMigrationStep *self);
const char         *sw_migration_step_get_title               (SwMigrationStep *self);
void                sw_migration_step_set_title               (SwMigrationStep *self,
                                                               const char      *title);
const char * const *sw_migration_step_get_tables              (SwMigrationStep *self);
void                sw_migration_step_add_table               (SwMigrationStep *self,
                                                               const char      *qualified_name);
const char * const *sw_migration_step_get_statements          (SwMigrationStep *self);
void                sw_migration_step_add_statement           (SwMigrationStep *self,
                                                               const char      *sql);
char               *sw_migration_step_dup_sql                 (SwMigrationStep *self) G_GNUC_WARN_UNUSED_RESULT;
const char * const *sw_migration_step_get_rollback_statements (SwMigrationStep *self);
void                sw_migration_step_add_rollback_statement  (SwMigrationStep *self,
                                                               const char      *sql);
char               *sw_migration_step_dup_rollback_sql        (SwMigrationStep *self) G_GNUC_WARN_UNUSED_RESULT;
const char         *sw_migration_step_get_done_check          (SwMigrationStep *self);
void                sw_migration_step_set_done_check          (SwMigrationStep *self,
                                                               const char      *sql);
gboolean            sw_migration_step_get_blocks_writes       (SwMigrationStep *self);
void                sw_migration_step_set_blocks_writes       (SwMigrationStep *self,
                                                               gboolean         blocks_writes);
gboolean            sw_migration_step_get_outside_transaction (SwMigrationStep *self);
void                sw_migration_step_set_outside_transaction (SwMigrationStep *self,
                                                               gboolean         outside);
gboolean            sw_migration_step_get_moves_data          (SwMigrationStep *self);
void                sw_migration_step_set_moves_data          (SwMigrationStep *self,
                                                               gboolean         moves_data);

G_END_DECLS
