/* sw-migration.c
 *
 * From a schema and a plan, the steps that move the tables onto Citus, in an
 * order Citus accepts:
 *
 *   1. the schema changes the plan needs (given by the caller: the advisor's
 *      fixes), then the foreign keys and triggers that have to go for the move;
 *   2. reference tables, referenced tables first;
 *   3. distributed schemas, then each colocation group: its anchor, then the
 *      tables colocated with it;
 *   4. after a post-data boundary: triggers created again, dropped foreign keys
 *      added back NOT VALID, then validated.
 *
 * The order comes from SwDdlSorter (pg_dump_sort.c style). A foreign key
 * between two moved tables makes the referencing table wait for the referenced
 * one, because Citus requires it (create_distributed_table: "referenced table
 * ... must be a distributed table or a reference table"). When those waits form
 * a loop, one foreign key of the loop, always the same one (the smallest name),
 * is dropped before the move and added back at the end, and the sort runs again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-column.h"
#include "sw-constraint.h"
#include "sw-ddl-sorter.h"
#include "sw-foreign-key.h"
#include "sw-identifier.h"
#include "sw-migration.h"
#include "sw-schema.h"
#include "sw-schema-sql.h"
#include "sw-schema-changes-cache.h"
#include "sw-table.h"
#include "sw-trigger.h"
#include "sw-pg-query.h"

struct _SwMigration
{
  GObject parent_instance;

  /* Owned */
  SwSchema         *schema;
  SwPlan           *plan;
  SwMigrationFlags  flags;
  GListStore       *steps;
  GPtrArray        *dropped_fks;   /* "table.constraint" keys, sorted */
  GPtrArray        *expected;      /* Expected, in plan order */
  SwSchemaChangesCache *changes_cache; /* @schema with the schema changes applied */
  GPtrArray        *identity_tables; /* moved tables with an identity column, sorted, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (SwMigration, sw_migration, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-migration-error-quark, sw_migration_error)

/* What verify.sql expects of one table once the migration ran. */
typedef struct
{
  char *table;        /* qualified */
  char *citus_type;   /* as citus_tables.citus_table_type spells it */
  char *column;       /* the distribution column, or NULL */
  char *group;        /* the colocation group's anchor, or NULL */
} Expected;

/* One table the plan moves. */
typedef struct
{
  SwTable           *table;   /* borrowed */
  const SwPlanTable *entry;   /* borrowed; NULL for a distributed schema's tables */
  SwDdlKind          kind;
  const char        *node;    /* the sorter object that moves it */
  char              *group;
  gboolean           concurrent;
} Moving;

typedef struct
{
  SwSchema         *schema;
  SwPlan           *plan;
  SwMigrationFlags  flags;
  GPtrArray        *changes;
  GHashTable       *moving;       /* qualified table → Moving */
  GPtrArray        *moving_order; /* Moving, in schema order */
  GPtrArray        *schemas;      /* distributed schema names (unquoted) */
  GHashTable       *schema_nodes; /* schema name → node name */
  GPtrArray        *fks;          /* SwForeignKey between moved tables, borrowed */
  GHashTable       *dropped;      /* "table.fk" → reason kind (GINT_TO_POINTER) */
  GHashTable       *fk_keys;      /* SwForeignKey → its "table.fk" key */
} Builder;

enum { DROP_FOR_CYCLE = 1, DROP_FOR_CONCURRENTLY = 2, DROP_FOR_REFERENCE = 3 };

static void
expected_free (Expected *expected)
{
  g_free (expected->table);
  g_free (expected->citus_type);
  g_free (expected->column);
  g_free (expected->group);
  g_free (expected);
}

static void
moving_free (Moving *moving)
{
  g_free (moving->group);
  g_free (moving);
}

static void
sw_migration_finalize (GObject *object)
{
  SwMigration *self = (SwMigration *)object;

  g_clear_object (&self->schema);
  g_clear_object (&self->plan);
  g_clear_object (&self->steps);
  g_clear_pointer (&self->dropped_fks, g_ptr_array_unref);
  g_clear_pointer (&self->expected, g_ptr_array_unref);
  g_clear_pointer (&self->changes_cache, _sw_schema_changes_cache_unref);
  g_clear_pointer (&self->identity_tables, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_migration_parent_class)->finalize (object);
}

static void
sw_migration_class_init (SwMigrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_migration_finalize;
}

static void
sw_migration_init (SwMigration *self)
{
  self->steps = g_list_store_new (SW_TYPE_MIGRATION_STEP);
  self->dropped_fks = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->dropped_fks, NULL);
  self->expected = g_ptr_array_new_with_free_func ((GDestroyNotify)expected_free);
  self->identity_tables = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->identity_tables, NULL);
}

/* ------------------------------------------------------------------------ */
/* SQL text helpers                                                         */

static char *
literal (const char *value)
{
  return sw_quote_literal (value);
}

static char *
quote_names (const char * const *names)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *quoted = sw_quote_identifier (names[i]);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, quoted);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* A dollar-quote tag that does not occur in @body. */
static char *
dollar_tag (const char *body)
{
  for (guint i = 0;; i++)
    {
      g_autofree char *tag = i == 0 ? g_strdup ("$sw$") : g_strdup_printf ("$sw%u$", i);

      if (strstr (body, tag) == NULL)
        return g_steal_pointer (&tag);
    }
}

/* DO block that runs @ddl only when @missing_query (a boolean query) is true:
 * what rollback.sql uses to put back an object only where it is missing. */
static char *
do_if (const char *condition,
       const char *ddl)
{
  g_autofree char *ddl_literal = literal (ddl);
  g_autofree char *body = g_strdup_printf ("\nBEGIN\n  IF %s THEN\n    EXECUTE %s;\n  END IF;\nEND\n",
                                           condition, ddl_literal);
  g_autofree char *tag = dollar_tag (body);

  return g_strdup_printf ("DO %s%s%s", tag, body, tag);
}

static char *
foreign_key_ddl (SwForeignKey *fk,
                 gboolean      not_valid)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *name = sw_quote_identifier (sw_foreign_key_get_name (fk));
  g_autofree char *columns = quote_names (sw_foreign_key_get_columns (fk));
  g_autofree char *ref_columns = quote_names (sw_foreign_key_get_ref_columns (fk));
  const char * const *set_columns = sw_foreign_key_get_on_delete_set_columns (fk);

  g_string_append_printf (sql, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)",
                          sw_foreign_key_get_table (fk), name, columns,
                          sw_foreign_key_get_ref_table (fk), ref_columns);
  if (sw_foreign_key_get_match (fk) == SW_FK_MATCH_FULL)
    g_string_append (sql, " MATCH FULL");
  if (sw_foreign_key_get_on_update (fk) != SW_FK_ACTION_NO_ACTION)
    g_string_append_printf (sql, " ON UPDATE %s", sw_fk_action_to_sql (sw_foreign_key_get_on_update (fk)));
  if (sw_foreign_key_get_on_delete (fk) != SW_FK_ACTION_NO_ACTION)
    {
      g_string_append_printf (sql, " ON DELETE %s", sw_fk_action_to_sql (sw_foreign_key_get_on_delete (fk)));
      if (set_columns != NULL && set_columns[0] != NULL)
        {
          g_autofree char *list = quote_names (set_columns);

          g_string_append_printf (sql, " (%s)", list);
        }
    }
  if (sw_foreign_key_get_deferrable (fk))
    g_string_append (sql, " DEFERRABLE");
  if (sw_foreign_key_get_initially_deferred (fk))
    g_string_append (sql, " INITIALLY DEFERRED");
  if (not_valid)
    g_string_append (sql, " NOT VALID");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
trigger_ddl (SwTable   *table,
             SwTrigger *trigger)
{
  g_autoptr(GString) sql = g_string_new ("CREATE ");
  g_autofree char *name = sw_quote_identifier (sw_trigger_get_name (trigger));
  const char * const *update_columns = sw_trigger_get_update_columns (trigger);
  const char * const *arguments = sw_trigger_get_arguments (trigger);
  guint events = sw_trigger_get_events (trigger);
  const char *timing;
  gboolean first = TRUE;

  switch (sw_trigger_get_timing (trigger))
    {
    case SW_TRIGGER_BEFORE: timing = "BEFORE"; break;
    case SW_TRIGGER_INSTEAD_OF: timing = "INSTEAD OF"; break;
    case SW_TRIGGER_AFTER:
    default:
      timing = "AFTER";
      break;
    }

  if (sw_trigger_get_is_constraint (trigger))
    g_string_append (sql, "CONSTRAINT ");
  g_string_append_printf (sql, "TRIGGER %s %s", name, timing);

  if (events & SW_TRIGGER_EVENT_INSERT)
    {
      g_string_append (sql, " INSERT");
      first = FALSE;
    }
  if (events & SW_TRIGGER_EVENT_UPDATE)
    {
      g_string_append_printf (sql, "%s UPDATE", first ? "" : " OR");
      if (update_columns != NULL && update_columns[0] != NULL)
        {
          g_autofree char *list = quote_names (update_columns);

          g_string_append_printf (sql, " OF %s", list);
        }
      first = FALSE;
    }
  if (events & SW_TRIGGER_EVENT_DELETE)
    {
      g_string_append_printf (sql, "%s DELETE", first ? "" : " OR");
      first = FALSE;
    }
  if (events & SW_TRIGGER_EVENT_TRUNCATE)
    g_string_append_printf (sql, "%s TRUNCATE", first ? "" : " OR");

  g_string_append_printf (sql, " ON %s FOR EACH %s", sw_table_get_qualified_name (table),
                          sw_trigger_get_for_each_row (trigger) ? "ROW" : "STATEMENT");
  if (sw_trigger_get_when_expr (trigger) != NULL)
    g_string_append_printf (sql, " WHEN (%s)", sw_trigger_get_when_expr (trigger));

  g_string_append_printf (sql, " EXECUTE FUNCTION %s(", sw_trigger_get_function (trigger));
  for (guint i = 0; arguments != NULL && arguments[i] != NULL; i++)
    {
      g_autofree char *arg = literal (arguments[i]);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", arg);
    }
  g_string_append (sql, ")");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
constraint_exists (const char *table,
                   const char *name,
                   gboolean    validated)
{
  g_autofree char *table_literal = literal (table);
  g_autofree char *name_literal = literal (name);

  return g_strdup_printf ("EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
                          "WHERE conrelid = %s::regclass AND conname = %s%s)",
                          table_literal, name_literal, validated ? " AND convalidated" : "");
}

static char *
trigger_exists (const char *table,
                const char *name)
{
  g_autofree char *table_literal = literal (table);
  g_autofree char *name_literal = literal (name);

  return g_strdup_printf ("EXISTS (SELECT 1 FROM pg_catalog.pg_trigger "
                          "WHERE tgrelid = %s::regclass AND tgname = %s)",
                          table_literal, name_literal);
}

static char *
fk_key (SwForeignKey *fk)
{
  g_autofree char *name = sw_quote_identifier (sw_foreign_key_get_name (fk));

  return g_strdup_printf ("%s.%s", sw_foreign_key_get_table (fk), name);
}

/* fk_key(), made once per foreign key: each sort looks at every key
 * several times. */
static const char *
builder_fk_key (Builder      *builder,
                SwForeignKey *fk)
{
  char *key = g_hash_table_lookup (builder->fk_keys, fk);

  if (key == NULL)
    {
      key = fk_key (fk);
      g_hash_table_insert (builder->fk_keys, fk, key);
    }
  return key;
}

/* ------------------------------------------------------------------------ */
/* Which tables move, and how                                               */

static const char *
node_of (Builder    *builder,
         const char *qualified_name)
{
  Moving *moving = g_hash_table_lookup (builder->moving, qualified_name);

  return moving != NULL ? moving->node : NULL;
}

/* Follows colocate_with to the table the group is built around. */
static const char *
group_anchor (Builder           *builder,
              const SwPlanTable *entry)
{
  const SwPlanTable *current = entry;

  for (guint depth = 0; depth < 64; depth++)
    {
      const SwPlanTable *next;

      if (current->colocate_with == NULL || g_str_equal (current->colocate_with, "none"))
        return current->table;
      next = sw_plan_lookup_table (builder->plan, current->colocate_with);
      if (next == NULL || next == entry || next->kind != current->kind)
        return current->table;
      current = next;
    }

  return current->table;
}

static gboolean
has_replica_identity (SwTable *table)
{
  switch (sw_table_get_replica_identity (table))
    {
    case SW_REPLICA_IDENTITY_FULL:
    case SW_REPLICA_IDENTITY_INDEX:
      return TRUE;
    case SW_REPLICA_IDENTITY_DEFAULT:
      return sw_table_get_primary_key (table) != NULL;
    case SW_REPLICA_IDENTITY_NOTHING:
    default:
      return FALSE;
    }
}

/* Union-find over sorter node names (borrowed strings). */
static const char *
find_root (GHashTable *links,
           const char *node)
{
  const char *root = node;
  const char *parent;

  while ((parent = g_hash_table_lookup (links, root)) != NULL)
    root = parent;

  /* Every node on the way now points straight at the root: without this,
   * chains of linked tables made each lookup walk the whole chain
   * (quadratic at 10,000 tables). The roots stay what they were. */
  while ((parent = g_hash_table_lookup (links, node)) != NULL && parent != root)
    {
      g_hash_table_insert (links, (char *)node, (char *)root);
      node = parent;
    }
  return root;
}

static gboolean
collect_moving (Builder  *builder,
                GError  **error)
{
  g_autoptr(GHashTable) links = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) linked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) to_reference = g_ptr_array_new ();
  GListModel *tables = sw_schema_list_tables (builder->schema);
  guint n_tables = g_list_model_get_n_items (tables);
  const char * const *schemas = sw_plan_get_distributed_schemas (builder->plan);

  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    {
      g_autofree char *quoted = sw_quote_identifier (schemas[i]);

      g_ptr_array_add (builder->schemas, g_strdup (schemas[i]));
      g_hash_table_insert (builder->schema_nodes, g_strdup (schemas[i]),
                           g_strdup_printf ("schema %s", quoted));
    }

  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      const char *name = sw_table_get_qualified_name (table);
      const char *schema_node = g_hash_table_lookup (builder->schema_nodes,
                                                     sw_table_get_schema_name (table));
      const SwPlanTable *entry = sw_plan_lookup_table (builder->plan, name);
      Moving *moving;

      /* Citus moves partitions with their parent. */
      if (sw_table_get_partition_parent (table) != NULL)
        continue;

      if (schema_node != NULL)
        {
          moving = g_new0 (Moving, 1);
          moving->table = table;
          moving->kind = SW_DDL_KIND_DISTRIBUTED_SCHEMA;
          moving->node = schema_node;
        }
      else if (entry != NULL && entry->kind != SW_PLAN_KIND_LOCAL)
        {
          moving = g_new0 (Moving, 1);
          moving->table = table;
          moving->entry = entry;
          moving->node = name;

          switch (entry->kind)
            {
            case SW_PLAN_KIND_REFERENCE:
              moving->kind = SW_DDL_KIND_REFERENCE_TABLE;
              break;
            case SW_PLAN_KIND_SINGLE_SHARD:
              moving->kind = SW_DDL_KIND_SINGLE_SHARD_TABLE;
              moving->group = g_strdup (group_anchor (builder, entry));
              break;
            case SW_PLAN_KIND_DISTRIBUTED:
            case SW_PLAN_KIND_LOCAL:
            default:
              moving->group = g_strdup (group_anchor (builder, entry));
              moving->kind = g_str_equal (moving->group, name)
                ? SW_DDL_KIND_COLOCATION_ANCHOR : SW_DDL_KIND_DISTRIBUTED_TABLE;
              /* create_distributed_table_concurrently needs a replica identity
               * (UPDATE and DELETE fail during the move without one) and does not
               * take partitioned tables through this path. */
              moving->concurrent = (builder->flags & SW_MIGRATION_FLAGS_CONCURRENTLY) != 0 &&
                                   entry->column != NULL &&
                                   has_replica_identity (table) &&
                                   sw_table_get_rel_kind (table) == SW_REL_KIND_TABLE;
              break;
            }
        }
      else
        continue;

      g_hash_table_insert (builder->moving, (char *)name, moving);
      g_ptr_array_add (builder->moving_order, moving);
    }

  /* Every table the plan names must exist: the plan was made for this schema. */
  for (guint i = 0; i < sw_plan_get_tables (builder->plan)->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (sw_plan_get_tables (builder->plan), i);

      if (sw_schema_find_table (builder->schema, entry->table) == NULL)
        {
          g_set_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_INVALID_PLAN,
                       _("The plan names table %s, which the schema does not have"),
                       entry->table);
          return FALSE;
        }
    }

  /* Foreign keys where both sides move and the referencing table must wait. */
  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      GPtrArray *fks = sw_table_get_foreign_keys (table);

      for (guint j = 0; j < fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, j);
          Moving *from = g_hash_table_lookup (builder->moving, sw_foreign_key_get_table (fk));
          Moving *to = g_hash_table_lookup (builder->moving, sw_foreign_key_get_ref_table (fk));

          if (from == NULL && to == NULL)
            continue;

          /* create_distributed_table_concurrently refuses a table with foreign
           * keys to or from tables that are not distributed yet, and creating a
           * reference table first would turn a referencing table into a Citus
           * local table, which it does not take either. */
          if ((from != NULL && from->concurrent) || (to != NULL && to->concurrent))
            {
              g_hash_table_insert (builder->dropped, g_strdup (builder_fk_key (builder, fk)),
                                   GINT_TO_POINTER (DROP_FOR_CONCURRENTLY));
              g_ptr_array_add (builder->fks, fk);
              continue;
            }

          if (from == NULL || to == NULL || g_str_equal (from->node, to->node))
            continue;

          if (to->kind == SW_DDL_KIND_REFERENCE_TABLE && from->kind != SW_DDL_KIND_REFERENCE_TABLE)
            g_ptr_array_add (to_reference, fk);
          else if (to->kind != SW_DDL_KIND_REFERENCE_TABLE && from->kind != SW_DDL_KIND_REFERENCE_TABLE)
            {
              /* Both sides in one linked set; it has a foreign key inside. */
              const char *a = find_root (links, from->node);
              const char *b = find_root (links, to->node);

              if (!g_str_equal (a, b))
                g_hash_table_insert (links, (char *)a, (char *)b);
              g_hash_table_add (linked, (char *)from->node);
            }

          g_ptr_array_add (builder->fks, fk);
        }
    }

  /* With the coordinator in the metadata, create_reference_table() turns
   * the Postgres tables that reference the new reference table, and every
   * table linked to them by foreign keys, into Citus local tables; a Citus
   * local table that another one references cannot be distributed any more
   * ("foreign keys from reference tables and local tables to distributed
   * tables are not supported"; Citus 13.2 says so to the library sample,
   * tests/citus/test-check-citus.c). So where tables that move as
   * distributed tables reference each other, their foreign keys to
   * reference tables wait until every table has moved.
   */
  {
    g_autoptr(GHashTable) linked_roots = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer node;

    g_hash_table_iter_init (&iter, linked);
    while (g_hash_table_iter_next (&iter, &node, NULL))
      g_hash_table_add (linked_roots, (char *)find_root (links, node));
    for (guint i = 0; i < to_reference->len; i++)
      {
        SwForeignKey *fk = g_ptr_array_index (to_reference, i);
        Moving *from = g_hash_table_lookup (builder->moving, sw_foreign_key_get_table (fk));

        if (g_hash_table_contains (linked_roots, find_root (links, from->node)))
          g_hash_table_insert (builder->dropped, g_strdup (builder_fk_key (builder, fk)),
                               GINT_TO_POINTER (DROP_FOR_REFERENCE));
      }
  }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Steps                                                                    */

static char *
with_plan_reason (char              *reason,
                  const SwPlanTable *entry)
{
  char *result;

  if (entry == NULL || entry->reason == NULL || entry->reason[0] == '\0')
    return reason;

  result = g_strdup_printf (_("%s Plan: %s"), reason, entry->reason);
  g_free (reason);
  return result;
}

static SwMigrationStep *
table_step (Builder *builder,
            Moving  *moving)
{
  const char *name = sw_table_get_qualified_name (moving->table);
  const SwPlanTable *entry = moving->entry;
  g_autofree char *name_literal = literal (name);
  g_autofree char *key = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *title = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *check = NULL;
  g_autofree char *undo = NULL;
  SwMigrationStep *step;

  undo = g_strdup_printf ("SELECT undistribute_table(logicalrelid, cascade_via_foreign_keys => true) "
                          "FROM pg_dist_partition WHERE logicalrelid = %s::regclass", name_literal);

  switch (moving->kind)
    {
    case SW_DDL_KIND_REFERENCE_TABLE:
      key = g_strdup_printf ("reference_table:%s", name);
      title = g_strdup_printf (_("reference table %s"), name);
      reason = g_strdup_printf (_("The plan makes %s a reference table: a copy on every node, "
                                  "so distributed tables can join it and reference it."), name);
      sql = g_strdup_printf ("SELECT create_reference_table(%s)", name_literal);
      check = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM pg_dist_partition "
                               "WHERE logicalrelid = %s::regclass AND repmodel = 't')", name_literal);
      break;

    case SW_DDL_KIND_SINGLE_SHARD_TABLE:
      {
        g_autofree char *colocate = NULL;

        key = g_strdup_printf ("single_shard_table:%s", name);
        title = g_strdup_printf (_("single-shard table %s"), name);
        reason = g_strdup_printf (_("The plan makes %s a single-shard distributed table: "
                                    "all its rows on one node."), name);
        if (entry->colocate_with != NULL)
          {
            g_autofree char *with = literal (entry->colocate_with);

            colocate = g_strdup_printf (", colocate_with => %s", with);
          }
        sql = g_strdup_printf ("SELECT create_distributed_table(%s, NULL%s)", name_literal,
                               colocate != NULL ? colocate : "");
        check = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM pg_dist_partition "
                                 "WHERE logicalrelid = %s::regclass AND partmethod = 'n' "
                                 "AND repmodel <> 't' AND colocationid <> 0)", name_literal);
      }
      break;

    case SW_DDL_KIND_COLOCATION_ANCHOR:
    case SW_DDL_KIND_DISTRIBUTED_TABLE:
    case SW_DDL_KIND_SCHEMA_CHANGE:
    case SW_DDL_KIND_DROP_FOREIGN_KEY:
    case SW_DDL_KIND_DROP_TRIGGER:
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA:
    case SW_DDL_KIND_POST_DATA_BOUNDARY:
    case SW_DDL_KIND_CREATE_TRIGGER:
    case SW_DDL_KIND_ADD_FOREIGN_KEY:
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY:
    default:
      {
        g_autofree char *column = literal (entry->column);
        g_autofree char *quoted_column = sw_quote_identifier (entry->column);
        g_autofree char *options = NULL;
        const char *function = moving->concurrent ? "create_distributed_table_concurrently"
                                                  : "create_distributed_table";
        guint shard_count = entry->shard_count > 0 ? entry->shard_count
                                                   : sw_plan_get_shard_count (builder->plan);

        key = g_strdup_printf ("distributed_table:%s", name);
        if (moving->kind == SW_DDL_KIND_COLOCATION_ANCHOR)
          {
            title = g_strdup_printf (_("distributed table %s"), name);
            reason = g_strdup_printf (_("The plan distributes %s on %s in %u shards; the tables "
                                        "colocated with it move after it."),
                                      name, quoted_column, shard_count);
            if (g_strcmp0 (entry->colocate_with, "none") == 0)
              options = g_strdup_printf (", colocate_with => 'none', shard_count => %u", shard_count);
            else if (entry->colocate_with != NULL)
              {
                g_autofree char *with = literal (entry->colocate_with);

                options = g_strdup_printf (", colocate_with => %s", with);
              }
            else
              options = g_strdup_printf (", shard_count => %u", shard_count);
          }
        else
          {
            g_autofree char *with = literal (entry->colocate_with);

            title = g_strdup_printf (_("distributed table %s"), name);
            reason = g_strdup_printf (_("The plan distributes %s on %s, colocated with %s, so "
                                        "rows with the same key are on the same node."),
                                      name, quoted_column, entry->colocate_with);
            options = g_strdup_printf (", colocate_with => %s", with);
          }
        if (moving->concurrent)
          {
            char *more = g_strdup_printf (_("%s It is distributed concurrently: writes keep "
                                            "flowing during the move."), reason);

            g_free (reason);
            reason = more;
          }
        else if (builder->flags & SW_MIGRATION_FLAGS_CONCURRENTLY)
          {
            char *more = g_strdup_printf (_("%s It cannot be distributed concurrently (Citus needs "
                                            "a primary key or replica identity for that), so "
                                            "writes to it wait during the move."), reason);

            g_free (reason);
            reason = more;
          }
        sql = g_strdup_printf ("SELECT %s(%s, %s%s)", function, name_literal, column, options);
        check = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM pg_dist_partition "
                                 "WHERE logicalrelid = %s::regclass AND partmethod = 'h')",
                                 name_literal);
      }
      break;
    }

  reason = with_plan_reason (g_steal_pointer (&reason), entry);
  step = sw_migration_step_new (moving->kind, key, reason);
  sw_migration_step_set_title (step, title);
  sw_migration_step_add_table (step, name);
  sw_migration_step_add_statement (step, sql);
  sw_migration_step_add_rollback_statement (step, undo);
  sw_migration_step_set_done_check (step, check);
  sw_migration_step_set_moves_data (step, TRUE);
  sw_migration_step_set_blocks_writes (step, !moving->concurrent);
  sw_migration_step_set_outside_transaction (step, moving->concurrent);

  return step;
}

static SwMigrationStep *
schema_step (Builder    *builder,
             const char *schema_name)
{
  g_autofree char *quoted = sw_quote_identifier (schema_name);
  g_autofree char *schema_literal = literal (quoted);
  g_autofree char *key = g_strdup_printf ("distributed_schema:%s", quoted);
  g_autofree char *title = g_strdup_printf (_("distributed schema %s"), quoted);
  g_autofree char *reason = g_strdup_printf (_("The plan distributes schema %s: each of its tables "
                                               "becomes a single-shard table in the schema's own "
                                               "colocation group."), quoted);
  g_autofree char *sql = g_strdup_printf ("SELECT citus_schema_distribute(%s)", schema_literal);
  g_autofree char *check = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM pg_dist_schema "
                                            "WHERE schemaid = %s::regnamespace)", schema_literal);
  g_autofree char *undo = g_strdup_printf ("SELECT citus_schema_undistribute(schemaid::regnamespace) "
                                           "FROM pg_dist_schema WHERE schemaid = %s::regnamespace",
                                           schema_literal);
  SwMigrationStep *step = sw_migration_step_new (SW_DDL_KIND_DISTRIBUTED_SCHEMA, key, reason);

  sw_migration_step_set_title (step, title);
  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);

      if (moving->kind == SW_DDL_KIND_DISTRIBUTED_SCHEMA &&
          g_str_equal (sw_table_get_schema_name (moving->table), schema_name))
        sw_migration_step_add_table (step, sw_table_get_qualified_name (moving->table));
    }
  sw_migration_step_add_statement (step, sql);
  sw_migration_step_add_rollback_statement (step, undo);
  sw_migration_step_set_done_check (step, check);
  sw_migration_step_set_moves_data (step, TRUE);
  sw_migration_step_set_blocks_writes (step, TRUE);

  return step;
}

static SwMigrationStep *
fk_step (SwForeignKey *fk,
         SwDdlKind     kind,
         int           why)
{
  const char *table = sw_foreign_key_get_table (fk);
  const char *name = sw_foreign_key_get_name (fk);
  g_autofree char *key_name = fk_key (fk);
  g_autofree char *quoted = sw_quote_identifier (name);
  g_autofree char *key = g_strdup_printf ("%s:%s", sw_ddl_kind_to_string (kind), key_name);
  g_autofree char *exists = constraint_exists (table, name, FALSE);
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *check = NULL;
  SwMigrationStep *step;

  switch (kind)
    {
    case SW_DDL_KIND_DROP_FOREIGN_KEY:
      title = g_strdup_printf (_("drop foreign key %s"), key_name);
      if (why == DROP_FOR_REFERENCE)
        reason = g_strdup_printf (_("Creating a reference table turns the tables that reference it "
                                    "into Citus local tables, which Citus then cannot distribute "
                                    "while another table references them; foreign key %s is "
                                    "dropped here and added back NOT VALID once every table has "
                                    "moved."), key_name);
      else if (why == DROP_FOR_CONCURRENTLY)
        reason = g_strdup_printf (_("create_distributed_table_concurrently refuses tables with "
                                    "foreign keys to or from tables that are not distributed "
                                    "yet, so %s is dropped here and added back NOT VALID once "
                                    "every table has moved."), key_name);
      else
        reason = g_strdup_printf (_("Foreign key %s closes a loop of foreign keys between moved "
                                    "tables, and Citus needs a referenced table moved before the "
                                    "tables that reference it; it is dropped here and added back "
                                    "NOT VALID once every table has moved."), key_name);
      sql = g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s", table, quoted);
      check = g_strdup_printf ("SELECT NOT %s", exists);
      break;
    case SW_DDL_KIND_ADD_FOREIGN_KEY:
      title = g_strdup_printf (_("add foreign key %s"), key_name);
      reason = g_strdup_printf (_("Adds back foreign key %s, NOT VALID so that existing rows are "
                                  "not checked while the tables are locked."), key_name);
      sql = foreign_key_ddl (fk, TRUE);
      check = g_strdup_printf ("SELECT %s", exists);
      break;
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY:
    case SW_DDL_KIND_SCHEMA_CHANGE:
    case SW_DDL_KIND_DROP_TRIGGER:
    case SW_DDL_KIND_REFERENCE_TABLE:
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA:
    case SW_DDL_KIND_COLOCATION_ANCHOR:
    case SW_DDL_KIND_DISTRIBUTED_TABLE:
    case SW_DDL_KIND_SINGLE_SHARD_TABLE:
    case SW_DDL_KIND_POST_DATA_BOUNDARY:
    case SW_DDL_KIND_CREATE_TRIGGER:
    default:
      {
        g_autofree char *validated = constraint_exists (table, name, TRUE);

        title = g_strdup_printf (_("validate foreign key %s"), key_name);
        reason = g_strdup_printf (_("Checks the existing rows against foreign key %s; writes "
                                    "keep flowing while it runs."), key_name);
        sql = g_strdup_printf ("ALTER TABLE %s VALIDATE CONSTRAINT %s", table, quoted);
        check = g_strdup_printf ("SELECT %s", validated);
      }
      break;
    }

  step = sw_migration_step_new (kind, key, reason);
  sw_migration_step_set_title (step, title);
  sw_migration_step_add_table (step, table);
  if (!g_str_equal (table, sw_foreign_key_get_ref_table (fk)))
    sw_migration_step_add_table (step, sw_foreign_key_get_ref_table (fk));
  sw_migration_step_add_statement (step, sql);
  sw_migration_step_set_done_check (step, check);
  sw_migration_step_set_blocks_writes (step, kind != SW_DDL_KIND_VALIDATE_FOREIGN_KEY);

  /* Rolling back puts the foreign key back where the migration stopped
   * before adding it again. */
  if (kind == SW_DDL_KIND_DROP_FOREIGN_KEY)
    {
      g_autofree char *ddl = foreign_key_ddl (fk, sw_foreign_key_get_not_valid (fk));
      g_autofree char *missing = g_strdup_printf ("NOT %s", exists);
      g_autofree char *undo = do_if (missing, ddl);

      sw_migration_step_add_rollback_statement (step, undo);
    }

  return step;
}

static SwMigrationStep *
trigger_step (SwTable   *table,
              SwTrigger *trigger,
              SwDdlKind  kind)
{
  const char *table_name = sw_table_get_qualified_name (table);
  g_autofree char *quoted = sw_quote_identifier (sw_trigger_get_name (trigger));
  g_autofree char *key_name = g_strdup_printf ("%s.%s", table_name, quoted);
  g_autofree char *key = g_strdup_printf ("%s:%s", sw_ddl_kind_to_string (kind), key_name);
  g_autofree char *exists = trigger_exists (table_name, sw_trigger_get_name (trigger));
  g_autofree char *ddl = trigger_ddl (table, trigger);
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *check = NULL;
  SwMigrationStep *step;

  if (kind == SW_DDL_KIND_DROP_TRIGGER)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER %s ON %s", quoted, table_name);
      g_autofree char *missing = g_strdup_printf ("NOT %s", exists);
      g_autofree char *undo = do_if (missing, ddl);

      title = g_strdup_printf (_("drop trigger %s"), key_name);
      reason = g_strdup_printf (_("Citus does not distribute a table that has triggers (\"cannot "
                                  "distribute relation because it has triggers\"), and the rows "
                                  "it copies would fire them on the shards; trigger %s is "
                                  "dropped before the move and created again after it."), key_name);
      step = sw_migration_step_new (kind, key, reason);
      sw_migration_step_add_statement (step, sql);
      sw_migration_step_add_rollback_statement (step, undo);
      check = g_strdup_printf ("SELECT NOT %s", exists);
    }
  else
    {
      g_autofree char *with = g_strdup_printf (_("Creates trigger %s again. With "
                                                 "citus.enable_unsafe_triggers on for this "
                                                 "transaction, Citus creates it on every shard and "
                                                 "sends its function to the workers, so it keeps "
                                                 "firing for rows written through the coordinator."),
                                               key_name);

      title = g_strdup_printf (_("create trigger %s"), key_name);
      reason = g_steal_pointer (&with);
      step = sw_migration_step_new (kind, key, reason);
      sw_migration_step_add_statement (step, "SET LOCAL citus.enable_unsafe_triggers TO on");
      sw_migration_step_add_statement (step, ddl);
      if (!sw_trigger_get_enabled (trigger))
        {
          g_autofree char *disable = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER %s",
                                                      table_name, quoted);

          sw_migration_step_add_statement (step, disable);
        }
      check = g_strdup_printf ("SELECT %s", exists);
    }

  sw_migration_step_set_title (step, title);
  sw_migration_step_add_table (step, table_name);
  sw_migration_step_set_done_check (step, check);
  sw_migration_step_set_blocks_writes (step, TRUE);

  return step;
}

/* ------------------------------------------------------------------------ */
/* Ordering                                                                 */

static guint
add_object (SwDdlSorter     *sorter,
            SwDdlKind        kind,
            const char      *name,
            const char      *group,
            SwMigrationStep *step)
{
  return sw_ddl_sorter_add (sorter, sw_ddl_object_new (kind, name, group, step,
                                                       step != NULL ? g_object_unref : NULL));
}

static SwDdlSorter *
build_sorter (Builder *builder)
{
  g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
  g_autoptr(GHashTable) node_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) before_move = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (guint));
  guint previous_change = G_MAXUINT;
  guint boundary;

  /* 1. The caller's schema changes, in the order given. */
  for (guint i = 0; builder->changes != NULL && i < builder->changes->len; i++)
    {
      SwMigrationStep *change = g_ptr_array_index (builder->changes, i);
      g_autofree char *name = g_strdup_printf ("%04u %s", i, sw_migration_step_get_key (change));
      guint id = add_object (sorter, SW_DDL_KIND_SCHEMA_CHANGE, name, NULL, g_object_ref (change));

      if (previous_change != G_MAXUINT)
        sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, id), previous_change);
      previous_change = id;
      g_array_append_val (before_move, id);
    }

  /* Foreign keys that go for the move. */
  for (guint i = 0; i < builder->fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (builder->fks, i);
      const char *key = builder_fk_key (builder, fk);
      int why = GPOINTER_TO_INT (g_hash_table_lookup (builder->dropped, key));
      guint id;

      if (why == 0)
        continue;
      id = add_object (sorter, SW_DDL_KIND_DROP_FOREIGN_KEY, key, NULL,
                       fk_step (fk, SW_DDL_KIND_DROP_FOREIGN_KEY, why));
      if (previous_change != G_MAXUINT)
        sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, id), previous_change);
      g_array_append_val (before_move, id);
    }

  /* Tables and schemas. */
  for (guint i = 0; i < builder->schemas->len; i++)
    {
      const char *schema_name = g_ptr_array_index (builder->schemas, i);
      const char *node = g_hash_table_lookup (builder->schema_nodes, schema_name);
      guint id = add_object (sorter, SW_DDL_KIND_DISTRIBUTED_SCHEMA, node, NULL,
                             schema_step (builder, schema_name));

      g_hash_table_insert (node_ids, (char *)node, GUINT_TO_POINTER (id));
      g_array_append_val (moves, id);
    }
  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);
      guint id;

      if (moving->kind == SW_DDL_KIND_DISTRIBUTED_SCHEMA)
        continue;
      id = add_object (sorter, moving->kind, moving->node, moving->group,
                       table_step (builder, moving));
      g_hash_table_insert (node_ids, (char *)moving->node, GUINT_TO_POINTER (id));
      g_array_append_val (moves, id);
    }

  /* Triggers go before their table moves and come back after. */
  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);
      GPtrArray *triggers = sw_table_get_triggers (moving->table);
      guint node = GPOINTER_TO_UINT (g_hash_table_lookup (node_ids, moving->node));

      for (guint j = 0; j < triggers->len; j++)
        {
          SwTrigger *trigger = g_ptr_array_index (triggers, j);
          g_autofree char *quoted = sw_quote_identifier (sw_trigger_get_name (trigger));
          g_autofree char *name = g_strdup_printf ("%s.%s", moving->node, quoted);
          guint id = add_object (sorter, SW_DDL_KIND_DROP_TRIGGER, name, NULL,
                                 trigger_step (moving->table, trigger, SW_DDL_KIND_DROP_TRIGGER));

          if (previous_change != G_MAXUINT)
            sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, id), previous_change);
          sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, node), id);
        }
    }

  /* Every move waits for the schema changes and the dropped foreign keys:
   * through one step-less object that waits for them all, rather than
   * moves × changes dependencies (millions at 10,000 tables). It sorts
   * after every change and dropped foreign key and before everything else
   * (the same kind priority as a dropped key, a name after any name), so
   * the order is the one the direct dependencies give: the sorter places
   * it where it would start placing the changes, and no loop goes through
   * it (the changes depend on nothing but each other). */
  if (moves->len > 0 && before_move->len > 0)
    {
      guint barrier = add_object (sorter, SW_DDL_KIND_DROP_FOREIGN_KEY, "\377 before the moves", NULL, NULL);
      SwDdlObject *object = sw_ddl_sorter_get_object (sorter, barrier);

      for (guint j = 0; j < before_move->len; j++)
        sw_ddl_object_add_dep (object, g_array_index (before_move, guint, j));
      for (guint i = 0; i < moves->len; i++)
        sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, g_array_index (moves, guint, i)), barrier);
    }

  /* A colocated table waits for its anchor. */
  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);
      gpointer anchor_id;

      if (moving->group == NULL || g_str_equal (moving->group, moving->node))
        continue;
      if (g_hash_table_lookup_extended (node_ids, moving->group, NULL, &anchor_id))
        sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter,
                                 GPOINTER_TO_UINT (g_hash_table_lookup (node_ids, moving->node))),
                               GPOINTER_TO_UINT (anchor_id));
    }

  /* A referencing table waits for the table it references. */
  for (guint i = 0; i < builder->fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (builder->fks, i);
      const char *key = builder_fk_key (builder, fk);
      const char *from = node_of (builder, sw_foreign_key_get_table (fk));
      const char *to = node_of (builder, sw_foreign_key_get_ref_table (fk));

      if (g_hash_table_contains (builder->dropped, key) || from == NULL || to == NULL ||
          g_str_equal (from, to))
        continue;
      sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter,
                               GPOINTER_TO_UINT (g_hash_table_lookup (node_ids, from))),
                             GPOINTER_TO_UINT (g_hash_table_lookup (node_ids, to)));
    }

  /* 4. After every move. */
  boundary = add_object (sorter, SW_DDL_KIND_POST_DATA_BOUNDARY, "post-data", NULL, NULL);
  for (guint i = 0; i < moves->len; i++)
    sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, boundary), g_array_index (moves, guint, i));

  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);
      GPtrArray *triggers = sw_table_get_triggers (moving->table);

      for (guint j = 0; j < triggers->len; j++)
        {
          SwTrigger *trigger = g_ptr_array_index (triggers, j);
          g_autofree char *quoted = sw_quote_identifier (sw_trigger_get_name (trigger));
          g_autofree char *name = g_strdup_printf ("%s.%s", sw_table_get_qualified_name (moving->table), quoted);
          guint id = add_object (sorter, SW_DDL_KIND_CREATE_TRIGGER, name, NULL,
                                 trigger_step (moving->table, trigger, SW_DDL_KIND_CREATE_TRIGGER));

          sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, id), boundary);
        }
    }

  for (guint i = 0; i < builder->fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (builder->fks, i);
      const char *key = builder_fk_key (builder, fk);
      guint add_id, validate_id;

      if (!g_hash_table_contains (builder->dropped, key))
        continue;
      add_id = add_object (sorter, SW_DDL_KIND_ADD_FOREIGN_KEY, key, NULL,
                           fk_step (fk, SW_DDL_KIND_ADD_FOREIGN_KEY, 0));
      sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, add_id), boundary);
      /* A foreign key that was NOT VALID in the schema stays so. */
      if (sw_foreign_key_get_not_valid (fk))
        continue;
      validate_id = add_object (sorter, SW_DDL_KIND_VALIDATE_FOREIGN_KEY, key, NULL,
                                fk_step (fk, SW_DDL_KIND_VALIDATE_FOREIGN_KEY, 0));
      sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, validate_id), add_id);
    }

  return g_steal_pointer (&sorter);
}

/* Picks the foreign key that breaks @cycle: among the foreign keys behind the
 * loop's waits, the one whose "table.constraint" sorts first. */
static SwForeignKey *
choose_fk_to_drop (Builder   *builder,
                   GPtrArray *cycle)
{
  SwForeignKey *best = NULL;
  g_autofree char *best_key = NULL;

  for (guint i = 0; i < cycle->len; i++)
    {
      SwDdlObject *from = g_ptr_array_index (cycle, i);
      SwDdlObject *to = g_ptr_array_index (cycle, (i + 1) % cycle->len);

      for (guint j = 0; j < builder->fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (builder->fks, j);
          const char *fk_from = node_of (builder, sw_foreign_key_get_table (fk));
          const char *fk_to = node_of (builder, sw_foreign_key_get_ref_table (fk));
          g_autofree char *key = NULL;

          if (fk_from == NULL || fk_to == NULL ||
              !g_str_equal (fk_from, from->qualified_name) ||
              !g_str_equal (fk_to, to->qualified_name))
            continue;
          key = fk_key (fk);
          if (g_hash_table_contains (builder->dropped, key))
            continue;
          if (best == NULL || strcmp (key, best_key) < 0)
            {
              best = fk;
              g_free (best_key);
              best_key = g_steal_pointer (&key);
            }
        }
    }

  return best;
}

/* ------------------------------------------------------------------------ */
/* Expectations for verify.sql                                              */

static void
collect_expected (SwMigration *self,
                  Builder     *builder)
{
  for (guint i = 0; i < builder->moving_order->len; i++)
    {
      Moving *moving = g_ptr_array_index (builder->moving_order, i);
      Expected *expected = g_new0 (Expected, 1);

      expected->table = g_strdup (sw_table_get_qualified_name (moving->table));
      switch (moving->kind)
        {
        case SW_DDL_KIND_REFERENCE_TABLE:
          expected->citus_type = g_strdup ("reference");
          break;
        case SW_DDL_KIND_DISTRIBUTED_SCHEMA:
          expected->citus_type = g_strdup ("schema");
          expected->group = g_strdup (moving->node);
          break;
        case SW_DDL_KIND_SINGLE_SHARD_TABLE:
          expected->citus_type = g_strdup ("distributed");
          expected->group = g_strdup (moving->group);
          break;
        case SW_DDL_KIND_SCHEMA_CHANGE:
        case SW_DDL_KIND_DROP_FOREIGN_KEY:
        case SW_DDL_KIND_DROP_TRIGGER:
        case SW_DDL_KIND_COLOCATION_ANCHOR:
        case SW_DDL_KIND_DISTRIBUTED_TABLE:
        case SW_DDL_KIND_POST_DATA_BOUNDARY:
        case SW_DDL_KIND_CREATE_TRIGGER:
        case SW_DDL_KIND_ADD_FOREIGN_KEY:
        case SW_DDL_KIND_VALIDATE_FOREIGN_KEY:
        default:
          expected->citus_type = g_strdup ("distributed");
          expected->column = g_strdup (moving->entry->column);
          expected->group = g_strdup (moving->group);
          break;
        }
      g_ptr_array_add (self->expected, expected);
    }
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * sw_migration_new:
 * @schema: the schema the plan was made for
 * @plan: the plan
 * @error: return location for a #GError
 *
 * Same as sw_migration_new_full() with no flags and no schema changes.
 *
 * Returns: (transfer full): the migration, or %NULL with @error set
 */
/* The tables a schema change alters, so the script can say whose writes
 * wait; a change that does not parse names none (the server will say why).
 * Parsed once per change through @cache: the advisor builds a migration
 * with the same changes round after round.
 */
static void
add_altered_tables (SwMigrationStep      *step,
                    const char           *sql,
                    SwSchemaChangesCache *cache)
{
  const char * const *tables = _sw_schema_changes_cache_lookup_altered (cache, sql);

  if (tables == NULL)
    {
      PgQueryProtobufParseResult parsed = pg_query_parse_protobuf (sql);
      PgQuery__ParseResult *tree = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      if (parsed.error == NULL)
        tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len,
                                               (const uint8_t *) parsed.parse_tree.data);
      pg_query_free_protobuf_parse_result (parsed);

      for (size_t i = 0; tree != NULL && i < tree->n_stmts; i++)
        {
          PgQuery__Node *stmt = tree->stmts[i]->stmt;
          PgQuery__RangeVar *rel = NULL;

          if (stmt == NULL)
            continue;
          if (stmt->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
            rel = stmt->alter_table_stmt->relation;
          else if (stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT)
            rel = stmt->update_stmt->relation;
          else if (stmt->node_case == PG_QUERY__NODE__NODE_INDEX_STMT)
            rel = stmt->index_stmt->relation;

          if (rel != NULL && rel->relname != NULL)
            {
              char *name = sw_quote_qualified_name (rel->schemaname != NULL && rel->schemaname[0] != '\0'
                                                    ? rel->schemaname : "public",
                                                    rel->relname);

              if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
                g_ptr_array_add (names, name);
              else
                g_free (name);
            }
        }
      if (tree != NULL)
        pg_query__parse_result__free_unpacked (tree, NULL);

      g_ptr_array_add (names, NULL);
      tables = _sw_schema_changes_cache_store_altered (cache, sql,
                                                       (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE));
    }

  for (guint i = 0; tables[i] != NULL; i++)
    if (!g_strv_contains (sw_migration_step_get_tables (step), tables[i]))
      sw_migration_step_add_table (step, tables[i]);
}

SwMigration *
sw_migration_new (SwSchema  *schema,
                  SwPlan    *plan,
                  GError   **error)
{
  return sw_migration_new_full (schema, plan, SW_MIGRATION_FLAGS_NONE, NULL, error);
}

/* For g_ptr_array_sort(), which passes pointers to the elements. */
static int
sort_strings_cb (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Citus 13.2 refuses to undistribute a table with an identity column
 * (alter_table.c: "cannot complete operation on a table with identity
 * column"), and citus_schema_undistribute() the same for a schema holding one:
 * those tables cannot be moved back by rollback.sql. */
static void
collect_identity_tables (SwMigration *self,
                         SwSchema    *schema)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  /* Membership of @found: a find in it per table was quadratic at
   * thousands of moved tables. */
  g_autoptr(GHashTable) in_found = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwMigrationStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
      const char * const *tables = sw_migration_step_get_tables (step);

      if (!sw_migration_step_get_moves_data (step) ||
          sw_migration_step_get_kind (step) == SW_DDL_KIND_SCHEMA_CHANGE)
        continue;

      for (guint j = 0; tables[j] != NULL; j++)
        {
          SwTable *table = sw_schema_find_table (schema, tables[j]);
          GPtrArray *columns = table != NULL ? sw_table_get_columns (table) : NULL;

          for (guint k = 0; columns != NULL && k < columns->len; k++)
            if (sw_column_get_identity (g_ptr_array_index (columns, k)) != SW_IDENTITY_NONE)
              {
                if (g_hash_table_add (in_found, (gpointer)tables[j]))
                  g_ptr_array_add (found, (gpointer)tables[j]);
                break;
              }
        }
    }

  g_ptr_array_sort (found, sort_strings_cb);
  g_ptr_array_set_size (self->identity_tables, 0);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (self->identity_tables, g_strdup (g_ptr_array_index (found, i)));
  g_ptr_array_add (self->identity_tables, NULL);
}

/**
 * sw_migration_new_full:
 * @schema: the schema the plan was made for
 * @plan: the plan
 * @flags: how to move the tables
 * @schema_changes: (nullable) (element-type SwMigrationStep): changes the plan
 *   needs before any table moves (the advisor's fixes), run first in this
 *   order; steps of kind %SW_DDL_KIND_SCHEMA_CHANGE
 * @error: return location for a #GError
 *
 * Works out the steps that carry out @plan on @schema and their order.
 *
 * Returns: (transfer full): the migration, or %NULL with @error set
 */
SwMigration *
sw_migration_new_full (SwSchema          *schema,
                       SwPlan            *plan,
                       SwMigrationFlags   flags,
                       GPtrArray         *schema_changes,
                       GError           **error)
{
  return _sw_migration_new_cached (schema, plan, flags, schema_changes, NULL, error);
}

/* sw_migration_new_full() applying the schema changes through @cache
 * (nullable; made for @schema), which the migration keeps for the
 * validator (_sw_migration_get_changes_cache()). */
SwMigration *
_sw_migration_new_cached (SwSchema             *schema,
                          SwPlan               *plan,
                          SwMigrationFlags      flags,
                          GPtrArray            *schema_changes,
                          SwSchemaChangesCache *cache,
                          GError              **error)
{
  g_autoptr(SwMigration) self = NULL;
  g_autoptr(SwSchemaChangesCache) changes_cache = NULL;
  g_autoptr(GHashTable) moving = NULL;
  g_autoptr(GPtrArray) moving_order = NULL;
  g_autoptr(GPtrArray) schemas = NULL;
  g_autoptr(GHashTable) schema_nodes = NULL;
  g_autoptr(GPtrArray) fks = NULL;
  g_autoptr(GHashTable) dropped = NULL;
  g_autoptr(GHashTable) fk_keys = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) dropped_keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) plan_steps = NULL;
  SwSchema *changed = NULL;
  GHashTableIter iter;
  gpointer key;
  Builder builder = { 0 };

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (cache == NULL || _sw_schema_changes_cache_get_schema (cache) == schema, NULL);

  changes_cache = cache != NULL ? _sw_schema_changes_cache_ref (cache) : _sw_schema_changes_cache_new (schema);
  if (!_sw_plan_check_names_cached (plan, schema, changes_cache, &local_error))
    {
      g_set_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_INVALID_PLAN,
                   "%s", local_error->message);
      return NULL;
    }

  for (guint i = 0; schema_changes != NULL && i < schema_changes->len; i++)
    g_return_val_if_fail (SW_IS_MIGRATION_STEP (g_ptr_array_index (schema_changes, i)), NULL);

  /* Without explicit changes, the plan's own (the advisor's fixes) run first. */
  if (schema_changes == NULL && sw_plan_get_schema_changes (plan)->len > 0)
    {
      GPtrArray *plan_changes = sw_plan_get_schema_changes (plan);

      plan_steps = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < plan_changes->len; i++)
        {
          const SwPlanSchemaChange *change = g_ptr_array_index (plan_changes, i);
          g_autofree char *step_key = g_strdup_printf ("schema_change:%u", i + 1);
          SwMigrationStep *step = sw_migration_step_new (SW_DDL_KIND_SCHEMA_CHANGE, step_key,
                                                         change->reason != NULL ? change->reason
                                                                                : _("A schema change the plan needs"));

          g_autofree char *statement = g_strstrip (g_strdup (change->sql));
          gsize len = strlen (statement);

          /* The script adds its own semicolon after each statement. */
          while (len > 0 && (statement[len - 1] == ';' || g_ascii_isspace (statement[len - 1])))
            statement[--len] = '\0';
          sw_migration_step_add_statement (step, statement);
          sw_migration_step_set_blocks_writes (step, TRUE);
          add_altered_tables (step, change->sql, changes_cache);
          sw_migration_step_set_title (step, _("schema change"));
          g_ptr_array_add (plan_steps, step);
        }
      schema_changes = plan_steps;
    }

  moving = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)moving_free);
  moving_order = g_ptr_array_new ();
  schemas = g_ptr_array_new_with_free_func (g_free);
  schema_nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fks = g_ptr_array_new ();
  dropped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fk_keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* Everything after the schema changes happens to the schema they leave:
   * the foreign keys they re-create, the columns they add. Where they do
   * not apply to the model, the schema as it is. */
  if (schema_changes != NULL && schema_changes->len > 0)
    {
      g_autoptr(GString) changes_sql = g_string_new (NULL);

      for (guint i = 0; i < schema_changes->len; i++)
        {
          const char * const *statements = sw_migration_step_get_statements (g_ptr_array_index (schema_changes, i));

          for (guint j = 0; statements[j] != NULL; j++)
            g_string_append_printf (changes_sql, "%s;\n", statements[j]);
        }
      changed = _sw_schema_changes_cache_apply (changes_cache, changes_sql->str);
    }

  builder.schema = changed != NULL ? changed : schema;
  builder.plan = plan;
  builder.flags = flags;
  builder.changes = schema_changes;
  builder.moving = moving;
  builder.moving_order = moving_order;
  builder.schemas = schemas;
  builder.schema_nodes = schema_nodes;
  builder.fks = fks;
  builder.dropped = dropped;
  builder.fk_keys = fk_keys;

  if (!collect_moving (&builder, error))
    return NULL;

  self = g_object_new (SW_TYPE_MIGRATION, NULL);
  self->schema = g_object_ref (schema);
  self->plan = g_object_ref (plan);
  self->flags = flags;
  self->changes_cache = g_steal_pointer (&changes_cache);

  /* Sort; on a loop, drop one of its foreign keys and sort again. Each round
   * drops a foreign key, so this ends. */
  for (;;)
    {
      g_autoptr(SwDdlSorter) sorter = build_sorter (&builder);
      g_autoptr(GPtrArray) cycle = NULL;
      g_autoptr(GError) sort_error = NULL;
      SwForeignKey *fk;

      if ((sorted = sw_ddl_sorter_sort (sorter, &sort_error)))
        {
          for (guint i = 0; i < sorted->len; i++)
            {
              SwDdlObject *object = g_ptr_array_index (sorted, i);

              if (object->data != NULL)
                g_list_store_append (self->steps, object->data);
            }
          break;
        }

      cycle = sw_ddl_sorter_find_cycle (sorter);
      if (cycle == NULL || !(fk = choose_fk_to_drop (&builder, cycle)))
        {
          g_set_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_CYCLE,
                       "%s", sort_error->message);
          return NULL;
        }
      g_hash_table_insert (dropped, fk_key (fk), GINT_TO_POINTER (DROP_FOR_CYCLE));
    }

  dropped_keys = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, dropped);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (dropped_keys, key);
  g_ptr_array_sort (dropped_keys, sort_strings_cb);
  g_ptr_array_set_size (self->dropped_fks, 0);
  for (guint i = 0; i < dropped_keys->len; i++)
    g_ptr_array_add (self->dropped_fks, g_strdup (g_ptr_array_index (dropped_keys, i)));
  g_ptr_array_add (self->dropped_fks, NULL);

  collect_expected (self, &builder);
  collect_identity_tables (self, builder.schema);

  return g_steal_pointer (&self);
}

/* The cache the migration applied its schema changes through, on its
 * schema: the validator starts from the same changed schema. */
SwSchemaChangesCache *
_sw_migration_get_changes_cache (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return self->changes_cache;
}

SwSchema *
sw_migration_get_schema (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return self->schema;
}

SwPlan *
sw_migration_get_plan (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return self->plan;
}

SwMigrationFlags
sw_migration_get_flags (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), 0);
  return self->flags;
}

/**
 * sw_migration_list_steps:
 * @self: a #SwMigration
 *
 * Returns: (transfer none): a #GListModel of #SwMigrationStep, in order
 */
GListModel *
sw_migration_list_steps (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return G_LIST_MODEL (self->steps);
}

guint
sw_migration_get_n_steps (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/**
 * sw_migration_get_step:
 * @self: a #SwMigration
 * @position: from 0
 *
 * Returns: (transfer none): the step
 */
SwMigrationStep *
sw_migration_get_step (SwMigration *self,
                       guint        position)
{
  g_autoptr(SwMigrationStep) step = NULL;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  step = g_list_model_get_item (G_LIST_MODEL (self->steps), position);
  g_return_val_if_fail (step != NULL, NULL);

  return step;
}

/**
 * sw_migration_get_dropped_foreign_keys:
 * @self: a #SwMigration
 *
 * Returns: (transfer none): the foreign keys the migration drops and adds back,
 *   as `table.constraint`, sorted
 */
const char * const *
sw_migration_get_dropped_foreign_keys (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return (const char * const *)self->dropped_fks->pdata;
}

/**
 * sw_migration_get_identity_tables:
 * @self: a #SwMigration
 *
 * The tables the migration moves that have an identity column (GENERATED
 * ALWAYS or BY DEFAULT AS IDENTITY). Citus 13.2 distributes them, but
 * undistribute_table() and citus_schema_undistribute() refuse them ("cannot
 * complete operation on a table with identity column"), so rollback.sql
 * cannot move them back.
 *
 * Returns: (transfer none): their qualified names, sorted; empty when none
 */
const char * const *
sw_migration_get_identity_tables (SwMigration *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);
  return (const char * const *)self->identity_tables->pdata;
}

/**
 * sw_migration_dup_rollback_refusal:
 * @self: a #SwMigration
 *
 * Why rollback.sql cannot undo this migration, for the user: the tables
 * Citus will not move back (see sw_migration_get_identity_tables()).
 *
 * Returns: (transfer full) (nullable): the explanation, or %NULL when the
 *   rollback can run
 */
char *
sw_migration_dup_rollback_refusal (SwMigration *self)
{
  g_autofree char *names = NULL;
  guint n;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  n = self->identity_tables->len - 1;
  if (n == 0)
    return NULL;

  names = g_strjoinv (", ", (char **)self->identity_tables->pdata);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The rollback cannot move %s back into a local table: it has "
                                       "an identity column, and Citus 13.2 refuses undistribute_table "
                                       "and citus_schema_undistribute on such tables (“cannot complete "
                                       "operation on a table with identity column”). rollback.sql "
                                       "therefore stops before undoing anything while that table is "
                                       "still a Citus table; to move it back, copy its rows into a "
                                       "new local table by hand.",
                                       "The rollback cannot move %s back into local tables: they have "
                                       "identity columns, and Citus 13.2 refuses undistribute_table "
                                       "and citus_schema_undistribute on such tables (“cannot complete "
                                       "operation on a table with identity column”). rollback.sql "
                                       "therefore stops before undoing anything while one of them is "
                                       "still a Citus table; to move them back, copy their rows into "
                                       "new local tables by hand.", n),
                          names);
}

/**
 * sw_migration_dup_fingerprint:
 * @self: a #SwMigration
 *
 * Returns: (transfer full): a SHA-256 of the steps (keys and statements): two
 *   migrations with the same fingerprint do the same thing
 */
char *
sw_migration_dup_fingerprint (SwMigration *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint n;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  n = sw_migration_get_n_steps (self);
  for (guint i = 0; i < n; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (self, i);
      g_autofree char *sql = sw_migration_step_dup_sql (step);
      const char *step_key = sw_migration_step_get_key (step);

      g_checksum_update (checksum, (const guchar *)step_key, strlen (step_key) + 1);
      g_checksum_update (checksum, (const guchar *)sql, strlen (sql) + 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static void
append_comment (GString    *out,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (out, "-- %s\n", lines[i]);
}

static void
append_statements (GString            *out,
                   const char * const *statements,
                   gboolean            transaction)
{
  if (transaction)
    g_string_append (out, "BEGIN;\n");
  for (guint i = 0; statements[i] != NULL; i++)
    g_string_append_printf (out, "%s;\n", statements[i]);
  if (transaction)
    g_string_append (out, "COMMIT;\n");
}

/**
 * sw_migration_to_sql:
 * @self: a #SwMigration
 *
 * The migration as a script for `psql -v ON_ERROR_STOP=1 -f`: each step in its
 * own transaction (except those Citus runs outside one), each with a comment
 * saying what it does and why.
 *
 * Returns: (transfer full): the script
 */
char *
sw_migration_to_sql (SwMigration *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  n = sw_migration_get_n_steps (self);
  append_comment (out, _("Shardwise migration onto Citus."));
  g_string_append_printf (out, "-- %s\n", sw_schema_get_database_name (self->schema) != NULL
                                           ? sw_schema_get_database_name (self->schema) : "");
  g_string_append_printf (out, "-- ");
  g_string_append_printf (out, ngettext ("%u step.", "%u steps.", n), n);
  g_string_append (out, "\n");
  append_comment (out, _("Run it on the coordinator with: psql -v ON_ERROR_STOP=1 -f migration.sql\n"
                         "Each step is one transaction, except the ones Citus runs outside a "
                         "transaction (create_distributed_table_concurrently)."));

  for (guint i = 0; i < n; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (self, i);
      const char * const *tables = sw_migration_step_get_tables (step);
      g_autofree char *header = g_strdup_printf (_("Step %u of %u: %s"), i + 1, n,
                                                 sw_migration_step_get_title (step));
      g_autofree char *reason = g_strdup_printf (_("Reason: %s"),
                                                 sw_migration_step_get_reason (step) != NULL
                                                 ? sw_migration_step_get_reason (step) : "");
      g_autofree char *joined = g_strjoinv (", ", (char **)tables);
      g_autofree char *locks = g_strdup_printf (sw_migration_step_get_blocks_writes (step)
                                                ? _("Writes to %s wait while it runs.")
                                                : _("Writes to %s keep flowing while it runs."),
                                                joined);

      g_string_append (out, "\n");
      append_comment (out, header);
      append_comment (out, reason);
      append_comment (out, locks);
      append_statements (out, sw_migration_step_get_statements (step),
                         !sw_migration_step_get_outside_transaction (step));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * sw_migration_to_rollback_sql:
 * @self: a #SwMigration
 *
 * What undoes the migration, in reverse order: undistribute_table() and
 * citus_schema_undistribute() for what moved (they bring the rows back into
 * local tables), then the dropped foreign keys and triggers put back where
 * they are missing. Safe to run after a migration that stopped half-way.
 *
 * Returns: (transfer full): the script
 */
char *
sw_migration_to_rollback_sql (SwMigration *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *refusal = NULL;
  guint n;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  n = sw_migration_get_n_steps (self);
  append_comment (out, _("Shardwise rollback: undoes the migration, last step first.\n"
                         "Run it on the coordinator with: psql -v ON_ERROR_STOP=1 -f rollback.sql"));

  refusal = sw_migration_dup_rollback_refusal (self);
  if (refusal != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *message = literal (refusal);
      g_autofree char *detail = literal (_("Still Citus tables with an identity column: "));
      g_autofree char *body = NULL;
      g_autofree char *tag = NULL;

      for (guint i = 0; self->identity_tables->pdata[i] != NULL; i++)
        {
          g_autofree char *name = literal (self->identity_tables->pdata[i]);

          g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
        }
      /* Checked when the script runs, so that a table whose identity was
       * removed by hand, or that never moved, does not block the others. */
      body = g_strdup_printf ("\nDECLARE\n"
                              "  blocked text;\n"
                              "BEGIN\n"
                              "  SELECT string_agg(p.logicalrelid::regclass::text, ', ' ORDER BY p.logicalrelid::regclass::text)\n"
                              "    INTO blocked\n"
                              "    FROM pg_dist_partition p\n"
                              "    WHERE p.logicalrelid IN (SELECT to_regclass(t) FROM unnest(ARRAY[%s]) AS t)\n"
                              "      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = p.logicalrelid\n"
                              "                  AND a.attidentity <> '' AND NOT a.attisdropped);\n"
                              "  IF blocked IS NOT NULL THEN\n"
                              "    RAISE EXCEPTION USING MESSAGE = %s, DETAIL = %s || blocked;\n"
                              "  END IF;\n"
                              "END\n",
                              names->str, message, detail);
      tag = dollar_tag (body);
      g_string_append (out, "\n");
      append_comment (out, refusal);
      g_string_append_printf (out, "DO %s%s%s;\n", tag, body, tag);
    }

  for (guint i = n; i > 0; i--)
    {
      SwMigrationStep *step = sw_migration_get_step (self, i - 1);
      const char * const *statements = sw_migration_step_get_rollback_statements (step);
      g_autofree char *header = NULL;

      if (statements[0] == NULL)
        continue;
      header = g_strdup_printf (_("Undo step %u of %u: %s"), i, n, sw_migration_step_get_title (step));
      g_string_append (out, "\n");
      append_comment (out, header);
      append_statements (out, statements, TRUE);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * sw_migration_to_verify_sql:
 * @self: a #SwMigration
 *
 * A script that shows what Citus holds for the plan's tables (citus_tables:
 * table_name, citus_table_type, distribution_column, colocation_id), fails
 * with an error when it differs from the plan, and counts the rows of every
 * moved table.
 *
 * Returns: (transfer full): the script
 */
char *
sw_migration_to_verify_sql (SwMigration *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) counts = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *tag = NULL;

  g_return_val_if_fail (SW_IS_MIGRATION (self), NULL);

  append_comment (out, _("Shardwise verify: checks that Citus holds the tables as the plan says.\n"
                         "Run it on the coordinator with: psql -v ON_ERROR_STOP=1 -f verify.sql"));

  if (self->expected->len == 0)
    {
      append_comment (out, _("The plan moves no table."));
      g_string_append (out, "SELECT 0 AS moved_tables;\n");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  for (guint i = 0; i < self->expected->len; i++)
    {
      Expected *expected = g_ptr_array_index (self->expected, i);
      g_autofree char *table = literal (expected->table);
      g_autofree char *type = literal (expected->citus_type);
      g_autofree char *column = expected->column != NULL ? literal (expected->column) : g_strdup ("NULL");
      g_autofree char *group = expected->group != NULL ? literal (expected->group) : g_strdup ("NULL");

      g_string_append_printf (values, "%s\n      (%s, %s, %s, %s)", i > 0 ? "," : "",
                              table, type, column, group);
      g_string_append_printf (names, "%s%s::regclass", i > 0 ? ", " : "", table);
      g_string_append_printf (counts, "%sSELECT %s AS table_name, count(*) AS row_count FROM %s\n",
                              i > 0 ? "UNION ALL " : "", table, expected->table);
    }

  g_string_append (out, "\n");
  append_comment (out, _("What Citus holds for the plan's tables."));
  g_string_append_printf (out, "SELECT table_name, citus_table_type, distribution_column, colocation_id\n"
                               "  FROM citus_tables\n"
                               "  WHERE table_name IN (%s)\n"
                               "  ORDER BY table_name::text;\n", names->str);

  g_string_append_printf (body,
                          "\nDECLARE\n"
                          "  r record;\n"
                          "BEGIN\n"
                          "  FOR r IN\n"
                          "    SELECT e.name, e.kind, e.col, c.citus_table_type, c.distribution_column\n"
                          "      FROM (VALUES%s) AS e (name, kind, col, grp)\n"
                          "      LEFT JOIN citus_tables c ON c.table_name = e.name::regclass\n"
                          "  LOOP\n"
                          "    IF r.citus_table_type IS DISTINCT FROM r.kind\n"
                          "       OR (r.col IS NOT NULL AND r.distribution_column IS DISTINCT FROM r.col) THEN\n"
                          "      RAISE EXCEPTION 'shardwise verify: %% is %% (%%), the plan says %% (%%)',\n"
                          "        r.name, coalesce(r.citus_table_type, 'not a Citus table'),\n"
                          "        coalesce(r.distribution_column, '-'), r.kind, coalesce(r.col, '-');\n"
                          "    END IF;\n"
                          "  END LOOP;\n"
                          "  FOR r IN\n"
                          "    SELECT e.grp, count(DISTINCT c.colocation_id) AS n\n"
                          "      FROM (VALUES%s) AS e (name, kind, col, grp)\n"
                          "      JOIN citus_tables c ON c.table_name = e.name::regclass\n"
                          "      WHERE e.grp IS NOT NULL\n"
                          "      GROUP BY e.grp HAVING count(DISTINCT c.colocation_id) > 1\n"
                          "  LOOP\n"
                          "    RAISE EXCEPTION 'shardwise verify: the tables colocated with %% are in %% colocation groups',\n"
                          "      r.grp, r.n;\n"
                          "  END LOOP;\n"
                          "END\n",
                          values->str, values->str);
  tag = dollar_tag (body->str);

  g_string_append (out, "\n");
  append_comment (out, _("Fails when a table is not what the plan says, or a colocation group is split."));
  g_string_append_printf (out, "DO %s%s%s;\n", tag, body->str, tag);

  g_string_append (out, "\n");
  append_comment (out, _("Rows per table, to compare with the counts taken before the migration."));
  g_string_append_printf (out, "%sORDER BY 1;\n", counts->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
