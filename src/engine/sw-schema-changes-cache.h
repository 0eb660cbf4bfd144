/* sw-schema-changes-cache.h
 *
 * One schema with fix scripts applied to it (sw_schema_apply_sql()),
 * remembered by script. Checking a plan applies its schema changes three
 * times (the plan's names, the migration builder, the validator's starting
 * state) and the advisor checks the same changes once per round: at
 * thousands of tables each application re-reads the whole schema, so they
 * share one.
 *
 * Both sides are taken as values: the schema is not changed while the cache
 * lives, and nobody changes a schema the cache returns (the simulation
 * replaces its schema, it never edits it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"

G_BEGIN_DECLS

typedef struct _SwSchemaChangesCache SwSchemaChangesCache;

SwSchemaChangesCache *_sw_schema_changes_cache_new   (SwSchema             *schema);
SwSchemaChangesCache *_sw_schema_changes_cache_ref   (SwSchemaChangesCache *cache);
void                  _sw_schema_changes_cache_unref (SwSchemaChangesCache *cache);
SwSchema             *_sw_schema_changes_cache_get_schema (SwSchemaChangesCache *cache);
SwSchema             *_sw_schema_changes_cache_apply (SwSchemaChangesCache *cache,
                                                      const char           *sql);
const char * const   *_sw_schema_changes_cache_lookup_altered (SwSchemaChangesCache *cache,
                                                               const char           *sql);
const char * const   *_sw_schema_changes_cache_store_altered  (SwSchemaChangesCache *cache,
                                                               const char           *sql,
                                                               GStrv                 tables);

/* The callers that share one, each as its public counterpart with @cache
 * (nullable: then one of their own). */
gboolean              _sw_plan_check_names_cached    (SwPlan               *plan,
                                                      SwSchema             *schema,
                                                      SwSchemaChangesCache *cache,
                                                      GError              **error);
SwMigration          *_sw_migration_new_cached       (SwSchema             *schema,
                                                      SwPlan               *plan,
                                                      SwMigrationFlags      flags,
                                                      GPtrArray            *schema_changes,
                                                      SwSchemaChangesCache *cache,
                                                      GError              **error);
SwSchemaChangesCache *_sw_migration_get_changes_cache (SwMigration         *migration);
GPtrArray            *_sw_validate_plan_cached       (SwSchema             *schema,
                                                      const char           *schema_sql,
                                                      SwPlan               *plan,
                                                      SwMigrationFlags      flags,
                                                      const SwValidatorOptions *options,
                                                      SwSchemaChangesCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwSchemaChangesCache, _sw_schema_changes_cache_unref)

G_END_DECLS
