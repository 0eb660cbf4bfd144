/* sw-schema-changes-cache.c
 *
 * See sw-schema-changes-cache.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-schema-changes-cache.h"

struct _SwSchemaChangesCache
{
  SwSchema *schema;
  /* fix script → the changed SwSchema, or &not_applied where the script
   * does not apply (sw_schema_apply_sql() gave NULL) */
  GHashTable *applied;
  /* schema change SQL → the tables it alters (GStrv) */
  GHashTable *altered;
};

static char not_applied;

static void
value_free (gpointer data)
{
  if (data != &not_applied)
    g_object_unref (data);
}

/**
 * _sw_schema_changes_cache_new:
 * @schema: the schema the scripts apply to
 *
 * Returns: (transfer full): an empty cache for @schema
 */
SwSchemaChangesCache *
_sw_schema_changes_cache_new (SwSchema *schema)
{
  SwSchemaChangesCache *cache = g_atomic_rc_box_new0 (SwSchemaChangesCache);

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);

  cache->schema = g_object_ref (schema);
  cache->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  cache->altered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
  return cache;
}

SwSchemaChangesCache *
_sw_schema_changes_cache_ref (SwSchemaChangesCache *cache)
{
  return g_atomic_rc_box_acquire (cache);
}

static void
cache_clear (SwSchemaChangesCache *cache)
{
  g_clear_object (&cache->schema);
  g_clear_pointer (&cache->applied, g_hash_table_unref);
  g_clear_pointer (&cache->altered, g_hash_table_unref);
}

void
_sw_schema_changes_cache_unref (SwSchemaChangesCache *cache)
{
  if (cache != NULL)
    g_atomic_rc_box_release_full (cache, (GDestroyNotify)cache_clear);
}

/**
 * _sw_schema_changes_cache_get_schema:
 *
 * Returns: (transfer none): the schema the scripts apply to
 */
SwSchema *
_sw_schema_changes_cache_get_schema (SwSchemaChangesCache *cache)
{
  return cache->schema;
}

/**
 * _sw_schema_changes_cache_apply:
 * @sql: a fix script
 *
 * sw_schema_apply_sql() of the cache's schema and @sql, computed once per
 * script.
 *
 * Returns: (transfer none) (nullable): the changed schema, or %NULL where
 *   @sql does not apply
 */
SwSchema *
_sw_schema_changes_cache_apply (SwSchemaChangesCache *cache,
                                const char           *sql)
{
  gpointer value;
  SwSchema *changed;

  if (g_hash_table_lookup_extended (cache->applied, sql, NULL, &value))
    return value == &not_applied ? NULL : value;

  changed = sw_schema_apply_sql (cache->schema, sql, NULL);
  g_hash_table_insert (cache->applied, g_strdup (sql), changed != NULL ? (gpointer)changed : (gpointer)&not_applied);
  return changed;
}

/**
 * _sw_schema_changes_cache_lookup_altered:
 * @sql: one schema change's SQL
 *
 * Returns: (transfer none) (nullable): the tables @sql alters, as stored by
 *   _sw_schema_changes_cache_store_altered(), or %NULL if not stored yet
 */
const char * const *
_sw_schema_changes_cache_lookup_altered (SwSchemaChangesCache *cache,
                                         const char           *sql)
{
  return g_hash_table_lookup (cache->altered, sql);
}

/**
 * _sw_schema_changes_cache_store_altered:
 * @sql: one schema change's SQL
 * @tables: (transfer full): the tables it alters
 *
 * Returns: (transfer none): @tables
 */
const char * const *
_sw_schema_changes_cache_store_altered (SwSchemaChangesCache *cache,
                                        const char           *sql,
                                        GStrv                 tables)
{
  g_hash_table_insert (cache->altered, g_strdup (sql), tables);
  return (const char * const *)tables;
}
