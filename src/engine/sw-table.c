/* sw-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-table"

#include "config.h"

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwTable, sw_table, G_TYPE_OBJECT)

static void
sw_table_finalize (GObject *object)
{
  SwTable *self = (SwTable *)object;

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->qualified_name, g_free);
  g_clear_pointer (&self->access_method, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->constraints, g_ptr_array_unref);
  g_clear_pointer (&self->foreign_keys, g_ptr_array_unref);
  g_clear_pointer (&self->indexes, g_ptr_array_unref);
  g_clear_pointer (&self->triggers, g_ptr_array_unref);
  g_clear_pointer (&self->policies, g_ptr_array_unref);
  g_clear_pointer (&self->partition_key, g_free);
  g_clear_pointer (&self->partition_columns, g_strfreev);
  g_clear_pointer (&self->partition_parent, g_free);
  g_clear_pointer (&self->partition_bound, g_free);
  g_clear_pointer (&self->inherits, g_strfreev);
  g_clear_pointer (&self->replica_identity_index, g_free);
  g_clear_pointer (&self->citus_distribution_column, g_free);

  G_OBJECT_CLASS (sw_table_parent_class)->finalize (object);
}

static void
sw_table_class_init (SwTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_table_finalize;
}

static void
sw_table_init (SwTable *self)
{
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->constraints = g_ptr_array_new_with_free_func (g_object_unref);
  self->foreign_keys = g_ptr_array_new_with_free_func (g_object_unref);
  self->indexes = g_ptr_array_new_with_free_func (g_object_unref);
  self->triggers = g_ptr_array_new_with_free_func (g_object_unref);
  self->policies = g_ptr_array_new_with_free_func (g_object_unref);
  self->estimated_rows = -1;
  self->total_bytes = -1;
}

/**
 * _sw_table_new:
 * @schema_name: the table's schema
 * @name: the table's name
 *
 * Returns: (transfer full): an empty table for a reader to fill.
 */
SwTable *
_sw_table_new (const char *schema_name,
               const char *name)
{
  SwTable *self = g_object_new (SW_TYPE_TABLE, NULL);

  self->schema_name = g_strdup (schema_name);
  self->name = g_strdup (name);
  self->qualified_name = sw_quote_qualified_name (schema_name, name);

  return self;
}

guint32
sw_table_get_oid (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->oid;
}

const char *
sw_table_get_schema_name (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->schema_name;
}

const char *
sw_table_get_name (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->name;
}

/**
 * sw_table_get_qualified_name:
 * @self: a #SwTable
 *
 * The name as `regclass` prints it with an empty search_path: schema and table,
 * each quoted only where PostgreSQL needs it. This is the key plans use.
 *
 * Returns: (transfer none): the qualified name
 */
const char *
sw_table_get_qualified_name (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->qualified_name;
}

SwRelKind
sw_table_get_rel_kind (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->rel_kind;
}

SwPersistence
sw_table_get_persistence (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->persistence;
}

const char *
sw_table_get_access_method (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->access_method;
}

const char *
sw_table_get_comment (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->comment;
}

/**
 * sw_table_get_columns:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwColumn): the columns in attnum order
 */
GPtrArray *
sw_table_get_columns (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->columns;
}

/**
 * sw_table_find_column:
 * @self: a #SwTable
 * @name: a column name, exactly as stored (unquoted)
 *
 * Returns: (transfer none) (nullable): the column, or %NULL
 */
SwColumn *
sw_table_find_column (SwTable    *self,
                      const char *name)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (column->name, name) == 0)
        return column;
    }

  return NULL;
}

/**
 * sw_table_get_constraints:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwConstraint): PK, UNIQUE, CHECK and EXCLUDE
 *   constraints, sorted by name
 */
GPtrArray *
sw_table_get_constraints (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->constraints;
}

/**
 * sw_table_get_primary_key:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (nullable): the primary key, or %NULL
 */
SwConstraint *
sw_table_get_primary_key (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);

  for (guint i = 0; i < self->constraints->len; i++)
    {
      SwConstraint *constraint = g_ptr_array_index (self->constraints, i);

      if (constraint->kind == SW_CONSTRAINT_PRIMARY_KEY)
        return constraint;
    }

  return NULL;
}

/**
 * sw_table_get_foreign_keys:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwForeignKey): the FKs this table declares
 */
GPtrArray *
sw_table_get_foreign_keys (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->foreign_keys;
}

/**
 * sw_table_get_indexes:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwIndex): indexes that back no constraint
 */
GPtrArray *
sw_table_get_indexes (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->indexes;
}

/**
 * sw_table_get_triggers:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwTrigger): user triggers (no FK triggers)
 */
GPtrArray *
sw_table_get_triggers (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->triggers;
}

/**
 * sw_table_get_policies:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (element-type SwPolicy): row-level security policies
 */
GPtrArray *
sw_table_get_policies (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->policies;
}

gboolean
sw_table_get_rls_enabled (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), FALSE);
  return self->rls_enabled;
}

gboolean
sw_table_get_rls_forced (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), FALSE);
  return self->rls_forced;
}

SwPartitionStrategy
sw_table_get_partition_strategy (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->partition_strategy;
}

/**
 * sw_table_get_partition_key:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (nullable): the key as pg_get_partkeydef() prints it,
 *   e.g. "RANGE (created_at)"
 */
const char *
sw_table_get_partition_key (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->partition_key;
}

const char * const *
sw_table_get_partition_columns (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return (const char * const *)self->partition_columns;
}

/**
 * sw_table_get_partition_parent:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (nullable): the partitioned table this is a partition of
 */
const char *
sw_table_get_partition_parent (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->partition_parent;
}

const char *
sw_table_get_partition_bound (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->partition_bound;
}

/**
 * sw_table_get_inherits:
 * @self: a #SwTable
 *
 * Returns: (transfer none) (nullable): parents through plain (non-partition) inheritance
 */
const char * const *
sw_table_get_inherits (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return (const char * const *)self->inherits;
}

SwReplicaIdentity
sw_table_get_replica_identity (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->replica_identity;
}

const char *
sw_table_get_replica_identity_index (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->replica_identity_index;
}

/**
 * sw_table_get_estimated_rows:
 * @self: a #SwTable
 *
 * Returns: the planner's row estimate, or -1 when unknown (offline, or never analyzed)
 */
gint64
sw_table_get_estimated_rows (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), -1);
  return self->estimated_rows;
}

/**
 * sw_table_get_total_bytes:
 * @self: a #SwTable
 *
 * The table with its indexes and TOAST, estimated from the catalog's page counts
 * (as current as the last VACUUM or ANALYZE); measured on disk for a table that
 * was never vacuumed nor analyzed.
 *
 * Returns: the size in bytes, or -1 when unknown (offline)
 */
gint64
sw_table_get_total_bytes (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), -1);
  return self->total_bytes;
}

SwCitusKind
sw_table_get_citus_kind (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->citus_kind;
}

const char *
sw_table_get_citus_distribution_column (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), NULL);
  return self->citus_distribution_column;
}

gint
sw_table_get_citus_colocation_id (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->citus_colocation_id;
}

gint
sw_table_get_citus_shard_count (SwTable *self)
{
  g_return_val_if_fail (SW_IS_TABLE (self), 0);
  return self->citus_shard_count;
}
