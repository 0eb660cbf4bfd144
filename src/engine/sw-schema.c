/* sw-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-schema"

#include "config.h"

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwSchema, sw_schema, G_TYPE_OBJECT)

static int
compare_tables (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SwTable *ta = a;
  const SwTable *tb = b;
  int ret;

  if ((ret = g_strcmp0 (ta->schema_name, tb->schema_name)) != 0)
    return ret;
  return g_strcmp0 (ta->name, tb->name);
}

/* Every named child is sorted by name so two readers of the same schema agree
 * on the order, whatever order the file or the catalog gave.
 */
static int
compare_constraints (gconstpointer a,
                     gconstpointer b)
{
  const SwConstraint *ca = *(SwConstraint * const *)a;
  const SwConstraint *cb = *(SwConstraint * const *)b;

  return g_strcmp0 (ca->name, cb->name);
}

static int
compare_foreign_keys (gconstpointer a,
                      gconstpointer b)
{
  const SwForeignKey *fa = *(SwForeignKey * const *)a;
  const SwForeignKey *fb = *(SwForeignKey * const *)b;

  return g_strcmp0 (fa->name, fb->name);
}

static int
compare_indexes (gconstpointer a,
                 gconstpointer b)
{
  const SwIndex *ia = *(SwIndex * const *)a;
  const SwIndex *ib = *(SwIndex * const *)b;

  return g_strcmp0 (ia->name, ib->name);
}

static int
compare_triggers (gconstpointer a,
                  gconstpointer b)
{
  const SwTrigger *ta = *(SwTrigger * const *)a;
  const SwTrigger *tb = *(SwTrigger * const *)b;

  return g_strcmp0 (ta->name, tb->name);
}

static int
compare_policies (gconstpointer a,
                  gconstpointer b)
{
  const SwPolicy *pa = *(SwPolicy * const *)a;
  const SwPolicy *pb = *(SwPolicy * const *)b;

  return g_strcmp0 (pa->name, pb->name);
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b)
{
  const SwColumn *ca = *(SwColumn * const *)a;
  const SwColumn *cb = *(SwColumn * const *)b;

  return ca->attnum - cb->attnum;
}

static int
compare_sequences (gconstpointer a,
                   gconstpointer b)
{
  const SwSequence *sa = *(SwSequence * const *)a;
  const SwSequence *sb = *(SwSequence * const *)b;
  int ret;

  if ((ret = g_strcmp0 (sa->schema_name, sb->schema_name)) != 0)
    return ret;
  return g_strcmp0 (sa->name, sb->name);
}

static int
compare_views (gconstpointer a,
               gconstpointer b)
{
  const SwView *va = *(SwView * const *)a;
  const SwView *vb = *(SwView * const *)b;
  int ret;

  if ((ret = g_strcmp0 (va->schema_name, vb->schema_name)) != 0)
    return ret;
  return g_strcmp0 (va->name, vb->name);
}

static int
compare_user_types (gconstpointer a,
                    gconstpointer b)
{
  const SwUserType *ta = *(SwUserType * const *)a;
  const SwUserType *tb = *(SwUserType * const *)b;
  int ret;

  if ((ret = g_strcmp0 (ta->schema_name, tb->schema_name)) != 0)
    return ret;
  return g_strcmp0 (ta->name, tb->name);
}

static int
compare_functions (gconstpointer a,
                   gconstpointer b)
{
  const SwFunction *fa = *(SwFunction * const *)a;
  const SwFunction *fb = *(SwFunction * const *)b;
  int ret;

  if ((ret = g_strcmp0 (fa->schema_name, fb->schema_name)) != 0)
    return ret;
  if ((ret = g_strcmp0 (fa->name, fb->name)) != 0)
    return ret;
  return g_strcmp0 (fa->arguments, fb->arguments);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
sw_schema_finalize (GObject *object)
{
  SwSchema *self = (SwSchema *)object;

  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->database_name, g_free);
  g_clear_pointer (&self->citus_version, g_free);
  g_clear_object (&self->tables);
  g_clear_pointer (&self->tables_by_name, g_hash_table_unref);
  g_clear_pointer (&self->referencing, g_hash_table_unref);
  g_clear_pointer (&self->namespaces, g_ptr_array_unref);
  g_clear_pointer (&self->distributed_schemas, g_ptr_array_unref);
  g_clear_pointer (&self->sequences, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->user_types, g_ptr_array_unref);
  g_clear_pointer (&self->functions, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->inherited, g_hash_table_unref);
  g_clear_pointer (&self->partitions, g_hash_table_unref);
  g_clear_pointer (&self->tables_by_namespace, g_hash_table_unref);

  G_OBJECT_CLASS (sw_schema_parent_class)->finalize (object);
}

static void
sw_schema_class_init (SwSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_schema_finalize;
}

static void
sw_schema_init (SwSchema *self)
{
  self->tables = g_list_store_new (SW_TYPE_TABLE);
  self->tables_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->referencing = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  self->namespaces = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->distributed_schemas = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->sequences = g_ptr_array_new_with_free_func (g_object_unref);
  self->views = g_ptr_array_new_with_free_func (g_object_unref);
  self->user_types = g_ptr_array_new_with_free_func (g_object_unref);
  self->functions = g_ptr_array_new_with_free_func (g_object_unref);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_source_note_free);
}

/**
 * _sw_schema_new:
 * @source: a description of where the schema came from (a path, or a conninfo
 *   without its password)
 *
 * Returns: (transfer full): an empty model for a reader to fill
 */
SwSchema *
_sw_schema_new (const char *source)
{
  SwSchema *self = g_object_new (SW_TYPE_SCHEMA, NULL);

  self->source = g_strdup (source);

  return self;
}

/**
 * _sw_schema_add_namespace:
 *
 * Records a user schema (namespace), once.
 */
void
_sw_schema_add_namespace (SwSchema   *self,
                          const char *name)
{
  for (guint i = 0; i < self->namespaces->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->namespaces, i), name) == 0)
        return;
    }
  g_ptr_array_add (self->namespaces, g_strdup (name));
}

static void
drop_lookups (SwSchema *self)
{
  g_clear_pointer (&self->inherited, g_hash_table_unref);
  g_clear_pointer (&self->partitions, g_hash_table_unref);
  g_clear_pointer (&self->tables_by_namespace, g_hash_table_unref);
}

static void
add_to_list (GHashTable *lists,
             const char *key,
             SwTable    *table)
{
  GPtrArray *list = g_hash_table_lookup (lists, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (lists, (gpointer)key, list);
    }
  g_ptr_array_add (list, table);
}

/* One pass over the tables for the lookups below, made by _sw_schema_finish().
 * The readers do not change a table's parents once it is in the model;
 * adding or removing a table drops the lookups, and the next question
 * (from the reader itself) builds them again.
 */
static void
build_lookups (SwSchema *self)
{
  GListModel *tables = G_LIST_MODEL (self->tables);
  guint n = g_list_model_get_n_items (tables);

  if (self->inherited != NULL)
    return;

  self->inherited = g_hash_table_new (g_str_hash, g_str_equal);
  self->partitions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
  self->tables_by_namespace = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      for (guint j = 0; table->inherits != NULL && table->inherits[j] != NULL; j++)
        g_hash_table_add (self->inherited, table->inherits[j]);
      if (table->partition_parent != NULL)
        add_to_list (self->partitions, table->partition_parent, table);
      add_to_list (self->tables_by_namespace, table->schema_name, table);
    }
}

/**
 * _sw_schema_is_inherited:
 * @qualified_name: a table's qualified name
 *
 * Returns: whether some table of @self INHERITS from @qualified_name
 */
gboolean
_sw_schema_is_inherited (SwSchema   *self,
                         const char *qualified_name)
{
  build_lookups (self);
  return g_hash_table_contains (self->inherited, qualified_name);
}

/**
 * _sw_schema_get_partitions:
 * @parent: a table's qualified name
 *
 * Returns: (transfer none) (nullable) (element-type SwTable): the tables
 *   whose partition parent is @parent, in table order; %NULL for none
 */
GPtrArray *
_sw_schema_get_partitions (SwSchema   *self,
                           const char *parent)
{
  build_lookups (self);
  return g_hash_table_lookup (self->partitions, parent);
}

/**
 * _sw_schema_get_tables_in:
 * @schema_name: a schema (namespace) name, unquoted
 *
 * Returns: (transfer none) (nullable) (element-type SwTable): the tables of
 *   @schema_name, in table order; %NULL for none
 */
GPtrArray *
_sw_schema_get_tables_in (SwSchema   *self,
                          const char *schema_name)
{
  build_lookups (self);
  return g_hash_table_lookup (self->tables_by_namespace, schema_name);
}

/**
 * _sw_schema_add_table:
 * @table: (transfer none): the table
 *
 * Adds @table. Readers call _sw_schema_finish() once they are done.
 *
 * Returns: %FALSE when a table of that name is already there
 */
gboolean
_sw_schema_add_table (SwSchema *self,
                      SwTable  *table)
{
  if (g_hash_table_contains (self->tables_by_name, table->qualified_name))
    return FALSE;

  g_list_store_append (self->tables, table);
  g_hash_table_insert (self->tables_by_name, table->qualified_name, table);
  drop_lookups (self);
  _sw_schema_add_namespace (self, table->schema_name);

  return TRUE;
}

/**
 * _sw_schema_remove_table:
 *
 * Drops a table again (DROP TABLE in a schema file).
 */
void
_sw_schema_remove_table (SwSchema *self,
                         SwTable  *table)
{
  guint position;

  if (g_list_store_find (self->tables, table, &position))
    {
      g_hash_table_remove (self->tables_by_name, table->qualified_name);
      g_list_store_remove (self->tables, position);
      drop_lookups (self);
    }
}

/**
 * _sw_schema_finish:
 *
 * Puts every collection in a deterministic order and builds the lookup
 * tables, so two readers of one schema give equal models.
 */
void
_sw_schema_finish (SwSchema *self)
{
  guint n_tables;

  g_list_store_sort (self->tables, compare_tables, NULL);
  g_hash_table_remove_all (self->referencing);
  drop_lookups (self);

  n_tables = g_list_model_get_n_items (G_LIST_MODEL (self->tables));
  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (G_LIST_MODEL (self->tables), i);

      g_ptr_array_sort (table->columns, compare_columns);
      g_ptr_array_sort (table->constraints, compare_constraints);
      g_ptr_array_sort (table->foreign_keys, compare_foreign_keys);
      g_ptr_array_sort (table->indexes, compare_indexes);
      g_ptr_array_sort (table->triggers, compare_triggers);
      g_ptr_array_sort (table->policies, compare_policies);
    }

  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (G_LIST_MODEL (self->tables), i);

      for (guint j = 0; j < table->foreign_keys->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (table->foreign_keys, j);
          SwTable *target = g_hash_table_lookup (self->tables_by_name, fk->ref_table);
          GPtrArray *list;

          if (target == NULL)
            continue;
          list = g_hash_table_lookup (self->referencing, target);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->referencing, target, list);
            }
          g_ptr_array_add (list, fk);
        }
    }

  g_ptr_array_sort (self->namespaces, compare_strings);
  g_ptr_array_sort (self->distributed_schemas, compare_strings);
  g_ptr_array_sort (self->sequences, compare_sequences);
  g_ptr_array_sort (self->views, compare_views);
  g_ptr_array_sort (self->user_types, compare_user_types);
  g_ptr_array_sort (self->functions, compare_functions);

  /* Now, while the reader still has the model to itself: a finished model
   * is shared between threads and only read. */
  build_lookups (self);
}

const char *
sw_schema_get_source (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->source;
}

/**
 * sw_schema_get_database_name:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (nullable): the database name, %NULL offline
 */
const char *
sw_schema_get_database_name (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->database_name;
}

/**
 * sw_schema_get_server_version_num:
 * @self: a #SwSchema
 *
 * Returns: the server_version_num it was read from, or 0 for a SQL file
 */
int
sw_schema_get_server_version_num (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), 0);
  return self->server_version_num;
}

/**
 * sw_schema_get_citus_version:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (nullable): the citus extension version when the
 *   database is a Citus coordinator, else %NULL
 */
const char *
sw_schema_get_citus_version (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->citus_version;
}

/**
 * sw_schema_is_live:
 * @self: a #SwSchema
 *
 * Returns: %TRUE when the model was read from a live database
 */
gboolean
sw_schema_is_live (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), FALSE);
  return self->server_version_num > 0;
}

/**
 * sw_schema_list_tables:
 * @self: a #SwSchema
 *
 * Returns: (transfer none): a #GListModel of #SwTable, sorted by schema and name
 */
GListModel *
sw_schema_list_tables (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return G_LIST_MODEL (self->tables);
}

guint
sw_schema_get_n_tables (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tables));
}

/**
 * sw_schema_lookup_table:
 * @self: a #SwSchema
 * @schema_name: the schema, unquoted
 * @name: the table name, unquoted
 *
 * Returns: (transfer none) (nullable): the table, or %NULL
 */
SwTable *
sw_schema_lookup_table (SwSchema   *self,
                        const char *schema_name,
                        const char *name)
{
  g_autofree char *qualified = NULL;

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  qualified = sw_quote_qualified_name (schema_name ? schema_name : "public", name);
  return g_hash_table_lookup (self->tables_by_name, qualified);
}

/**
 * sw_schema_find_table:
 * @self: a #SwSchema
 * @qualified_name: a name as plans spell it: `schema.table`, quoted where needed;
 *   without a schema, `public` is assumed
 *
 * Returns: (transfer none) (nullable): the table, or %NULL
 */
SwTable *
sw_schema_find_table (SwSchema   *self,
                      const char *qualified_name)
{
  g_autofree char *schema_name = NULL;
  g_autofree char *name = NULL;
  SwTable *table;

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (qualified_name != NULL, NULL);

  if ((table = g_hash_table_lookup (self->tables_by_name, qualified_name)))
    return table;
  if (!sw_split_qualified_name (qualified_name, &schema_name, &name))
    return NULL;

  return sw_schema_lookup_table (self, schema_name, name);
}

/**
 * sw_schema_get_namespaces:
 * @self: a #SwSchema
 *
 * Returns: (transfer none): the user schemas, sorted
 */
const char * const *
sw_schema_get_namespaces (SwSchema *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  /* A NULL-terminated GPtrArray has no storage until its first element. */
  return self->namespaces->pdata ? (const char * const *)self->namespaces->pdata : empty;
}

/**
 * sw_schema_get_distributed_schemas:
 * @self: a #SwSchema
 *
 * Returns: (transfer none): schemas Citus already distributes (schema-based sharding)
 */
const char * const *
sw_schema_get_distributed_schemas (SwSchema *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  return self->distributed_schemas->pdata ? (const char * const *)self->distributed_schemas->pdata
                                          : empty;
}

/**
 * sw_schema_get_sequences:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (element-type SwSequence): the sequences
 */
GPtrArray *
sw_schema_get_sequences (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->sequences;
}

/**
 * sw_schema_get_views:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (element-type SwView): views and materialized views
 */
GPtrArray *
sw_schema_get_views (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->views;
}

/**
 * sw_schema_get_user_types:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (element-type SwUserType): enums, domains and other user types
 */
GPtrArray *
sw_schema_get_user_types (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->user_types;
}

/**
 * sw_schema_get_functions:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (element-type SwFunction): functions that triggers call
 */
GPtrArray *
sw_schema_get_functions (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->functions;
}

/**
 * sw_schema_get_notes:
 * @self: a #SwSchema
 *
 * Returns: (transfer none) (element-type SwSourceNote): what the reader passed over
 */
GPtrArray *
sw_schema_get_notes (SwSchema *self)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  return self->notes;
}

/**
 * sw_schema_list_referencing_keys:
 * @self: a #SwSchema
 * @table: a table of @self
 *
 * Returns: (transfer none) (nullable) (element-type SwForeignKey): the FKs that
 *   reference @table, or %NULL when none does
 */
GPtrArray *
sw_schema_list_referencing_keys (SwSchema *self,
                                 SwTable  *table)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);
  g_return_val_if_fail (SW_IS_TABLE (table), NULL);

  return g_hash_table_lookup (self->referencing, table);
}

/**
 * sw_schema_find_sequence:
 *
 * Returns: (transfer none) (nullable): the sequence of that qualified name
 */
SwSequence *
sw_schema_find_sequence (SwSchema   *self,
                         const char *qualified_name)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  for (guint i = 0; i < self->sequences->len; i++)
    {
      SwSequence *sequence = g_ptr_array_index (self->sequences, i);

      if (g_strcmp0 (sequence->qualified_name, qualified_name) == 0)
        return sequence;
    }

  return NULL;
}

/**
 * sw_schema_find_user_type:
 *
 * Returns: (transfer none) (nullable): the user type of that qualified name
 */
SwUserType *
sw_schema_find_user_type (SwSchema   *self,
                          const char *qualified_name)
{
  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  for (guint i = 0; i < self->user_types->len; i++)
    {
      SwUserType *type = g_ptr_array_index (self->user_types, i);

      if (g_strcmp0 (type->qualified_name, qualified_name) == 0)
        return type;
    }

  return NULL;
}
