/* sw-validator.h
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
#include "sw-diagnostic.h"
#include "sw-migration.h"

G_BEGIN_DECLS

typedef struct _SwValidatorOptions SwValidatorOptions;

/**
 * SwValidatorOptions:
 * @citus_version_num: e.g. 130202 for Citus 13.2.2
 * @server_version_num: e.g. 150000 for PostgreSQL 15
 * @n_workers: worker nodes that hold shards
 * @coordinator_in_metadata: the coordinator has a pg_dist_node row (group 0),
 *   so FKs between Postgres and reference tables turn the Postgres tables into
 *   Citus local tables
 * @shard_count: citus.shard_count
 * @shard_replication_factor: citus.shard_replication_factor
 * @enable_unsafe_triggers: citus.enable_unsafe_triggers
 * @allow_unsafe_constraints: citus.allow_unsafe_constraints
 * @enable_local_reference_table_foreign_keys: citus.enable_local_reference_table_foreign_keys
 * @enable_schema_based_sharding: citus.enable_schema_based_sharding
 * @use_citus_managed_tables: citus.use_citus_managed_tables
 * @enable_ddl_propagation: citus.enable_ddl_propagation
 * @wal_level_logical: `wal_level` is `logical` (shard moves and
 *   create_distributed_table_concurrently need it); %FALSE for `replica`
 *
 * The cluster the validator assumes. Offline, design.md's default cluster
 * (sw_validator_options_init_default()); with a live source,
 * sw_validator_options_init_from_schema() takes what the model knows.
 */
struct _SwValidatorOptions
{
  int      citus_version_num;
  int      server_version_num;
  guint    n_workers;
  gboolean coordinator_in_metadata;
  guint    shard_count;
  guint    shard_replication_factor;
  gboolean enable_unsafe_triggers;
  gboolean allow_unsafe_constraints;
  gboolean enable_local_reference_table_foreign_keys;
  gboolean enable_schema_based_sharding;
  gboolean use_citus_managed_tables;
  gboolean enable_ddl_propagation;
  gboolean wal_level_logical;
};

#define SW_TYPE_VALIDATOR_OPTIONS (sw_validator_options_get_type ())

GType               sw_validator_options_get_type          (void) G_GNUC_CONST;
SwValidatorOptions *sw_validator_options_new               (void) G_GNUC_WARN_UNUSED_RESULT;
SwValidatorOptions *sw_validator_options_copy              (const SwValidatorOptions *options) G_GNUC_WARN_UNUSED_RESULT;
void                sw_validator_options_free              (SwValidatorOptions       *options);
void                sw_validator_options_init_default      (SwValidatorOptions       *options);
void                sw_validator_options_init_from_schema  (SwValidatorOptions       *options,
                                                            SwSchema                 *schema);
gboolean            sw_validator_options_set               (SwValidatorOptions       *options,
                                                            const char               *name,
                                                            const char               *value);

GPtrArray          *sw_validate_plan                       (SwSchema                 *schema,
                                                            SwPlan                   *plan,
                                                            const SwValidatorOptions *options) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray          *sw_validate_plan_full                  (SwSchema                 *schema,
                                                            const char               *schema_sql,
                                                            SwPlan                   *plan,
                                                            SwMigrationFlags          flags,
                                                            const SwValidatorOptions *options) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray          *sw_validate_migration                  (SwMigration              *migration,
                                                            const char               *schema_sql,
                                                            const SwValidatorOptions *options) G_GNUC_WARN_UNUSED_RESULT;
void                sw_validate_plan_async                 (SwSchema                 *schema,
                                                            const char               *schema_sql,
                                                            SwPlan                   *plan,
                                                            SwMigrationFlags          flags,
                                                            const SwValidatorOptions *options,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
GPtrArray          *sw_validate_plan_finish                (GAsyncResult             *result,
                                                            GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
GHashTable         *sw_diagnostics_dup_broken_edges        (GPtrArray                *diagnostics) G_GNUC_WARN_UNUSED_RESULT;
guint               sw_diagnostics_count_errors            (GPtrArray                *diagnostics);
guint               sw_diagnostics_count_blocking_errors   (GPtrArray                *diagnostics);
char               *sw_diagnostics_to_json                 (GPtrArray                *diagnostics,
                                                            gsize                    *length) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwValidatorOptions, sw_validator_options_free)

G_END_DECLS
