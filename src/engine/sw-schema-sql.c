/* sw-schema-sql.c
 *
 * The schema model written back as a runnable schema script, and a model
 * changed by a fix script (the DDL the advisor proposes): the model's own
 * script is read again by the SQL reader with the fixes after it, so the
 * validator sees the schema as it will be once the fixes have run, whether the
 * model came from a file or from a live database.
 *
 * The script follows pg_dump's shape, which the SQL reader already replays
 * exactly: tables first with their columns and CHECKs, partitions created on
 * their own and attached, then every index-backed constraint and index added
 * with ONLY and the partitions' indexes attached to their parent's, foreign
 * keys last as separate ALTER TABLE statements, then triggers, policies,
 * views and comments. Every name comes from the model, so implicit names never
 * have to be chosen again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-schema-sql"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sw-pg-query.h"
#include "sw-schema-private.h"
#include "sw-schema-sql.h"

G_DEFINE_QUARK (sw-schema-sql-error-quark, sw_schema_sql_error)

typedef struct
{
  SwSchema *schema;
  GString *out;
  char *path_schema;          /* the schema search_path was last set for */
  GHashTable *done;           /* SwTable / SwView / SwUserType already written */
  GPtrArray *tables;          /* SwTable (borrowed), parents before children */
  GHashTable *identity_seqs;  /* "table\037column" → SwSequence (borrowed) */
} Writer;

/* Helpers */

static gboolean
is_partitioned (SwTable *table)
{
  return table->rel_kind == SW_REL_KIND_PARTITIONED_TABLE;
}

static SwTable *
find_table (Writer     *w,
            const char *qualified_name)
{
  return qualified_name != NULL ? sw_schema_find_table (w->schema, qualified_name) : NULL;
}

static void
append_ident (GString    *out,
              const char *ident)
{
  g_autofree char *quoted = sw_quote_identifier (ident);

  g_string_append (out, quoted);
}

static void
append_literal (GString    *out,
                const char *value)
{
  g_autofree char *quoted = sw_quote_literal (value);

  g_string_append (out, quoted);
}

static void
append_ident_list (GString            *out,
                   const char * const *names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_ident (out, names[i]);
    }
}

/* A key that is not one of the table's columns is an expression (EXCLUDE
 * elements, partition keys); it is written in parentheses.
 */
static void
append_key (GString    *out,
            SwTable    *table,
            const char *key)
{
  if (sw_table_find_column (table, key) != NULL)
    append_ident (out, key);
  else
    g_string_append_printf (out, "(%s)", key);
}

/* Definitions read from a catalog end with a semicolon or a newline. */
static char *
strip_statement (const char *text)
{
  char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);

  while (len > 0 && (copy[len - 1] == ';' || g_ascii_isspace (copy[len - 1])))
    copy[--len] = '\0';
  return copy;
}

/* Expressions in a model read from a file are written as the file had them,
 * with names resolved through the search_path of their day. The closest this
 * script can come is the object's own schema first, then every other schema
 * of the model. A model read from a catalog has everything qualified.
 */
static void
set_path (Writer     *w,
          const char *schema_name)
{
  const char * const *namespaces = sw_schema_get_namespaces (w->schema);

  if (schema_name == NULL || g_strcmp0 (w->path_schema, schema_name) == 0)
    return;
  g_free (w->path_schema);
  w->path_schema = g_strdup (schema_name);

  g_string_append (w->out, "SET search_path = ");
  append_ident (w->out, schema_name);
  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    {
      if (strcmp (namespaces[i], schema_name) == 0 || strcmp (namespaces[i], "pg_temp") == 0)
        continue;
      g_string_append (w->out, ", ");
      append_ident (w->out, namespaces[i]);
    }
  g_string_append (w->out, ";\n");
}

static void
append_deferrable (GString  *out,
                   gboolean  deferrable,
                   gboolean  initially_deferred)
{
  if (deferrable)
    g_string_append (out, " DEFERRABLE");
  if (initially_deferred)
    g_string_append (out, " INITIALLY DEFERRED");
}

static SwSequence *
identity_sequence (Writer   *w,
                   SwTable  *table,
                   SwColumn *column)
{
  g_autofree char *key = g_strconcat (table->qualified_name, "\037", column->name, NULL);

  return g_hash_table_lookup (w->identity_seqs, key);
}

static void
append_sequence_options (GString    *out,
                         SwSequence *seq,
                         gboolean    with_type)
{
  if (with_type && seq->data_type != NULL)
    g_string_append_printf (out, " AS %s", seq->data_type);
  g_string_append_printf (out, " START WITH %" G_GINT64_FORMAT " INCREMENT BY %" G_GINT64_FORMAT
                          " MINVALUE %" G_GINT64_FORMAT " MAXVALUE %" G_GINT64_FORMAT
                          " CACHE %" G_GINT64_FORMAT "%s",
                          seq->start, seq->increment, seq->min_value, seq->max_value, seq->cache,
                          seq->cycle ? " CYCLE" : " NO CYCLE");
}

/* Schemas and types */

static void
write_schemas (Writer *w)
{
  const char * const *namespaces = sw_schema_get_namespaces (w->schema);

  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    {
      /* A fresh database has public; pg_temp is each session's own. */
      if (strcmp (namespaces[i], "public") == 0 || strcmp (namespaces[i], "pg_temp") == 0)
        continue;
      g_string_append (w->out, "CREATE SCHEMA ");
      append_ident (w->out, namespaces[i]);
      g_string_append (w->out, ";\n");
    }
  g_string_append_c (w->out, '\n');
}

/* The type name a base type refers to, without typmod nor array brackets. */
static char *
base_type_key (const char *type_name)
{
  char *key = g_strdup (type_name);
  char *paren;
  gsize len;

  while ((len = strlen (key)) >= 2 && strcmp (key + len - 2, "[]") == 0)
    key[len - 2] = '\0';
  paren = strchr (key, '(');
  /* A quoted name may hold a parenthesis; only a typmod at the end counts. */
  if (paren != NULL && key[strlen (key) - 1] == ')' && strchr (paren, '"') == NULL)
    *paren = '\0';
  return key;
}

static void write_user_type (Writer *w, SwUserType *type);

static void
write_user_type_deps (Writer     *w,
                      const char *type_name)
{
  g_autofree char *key = NULL;
  SwUserType *dep;

  if (type_name == NULL)
    return;
  key = base_type_key (type_name);
  dep = sw_schema_find_user_type (w->schema, key);
  if (dep != NULL)
    write_user_type (w, dep);
}

static void
write_user_type (Writer     *w,
                 SwUserType *type)
{
  GString *out = w->out;

  if (g_hash_table_contains (w->done, type))
    return;
  g_hash_table_add (w->done, type);
  write_user_type_deps (w, type->base_type);

  set_path (w, type->schema_name);
  switch (type->kind)
    {
    case SW_USER_TYPE_ENUM:
      g_string_append_printf (out, "CREATE TYPE %s AS ENUM (", type->qualified_name);
      for (guint i = 0; type->labels != NULL && type->labels[i] != NULL; i++)
        {
          g_string_append (out, i > 0 ? ",\n    " : "\n    ");
          append_literal (out, type->labels[i]);
        }
      g_string_append (out, type->labels != NULL && type->labels[0] != NULL ? "\n);\n" : ");\n");
      break;

    case SW_USER_TYPE_COMPOSITE:
      /* The model keeps no attributes: the type is there for the columns
       * that use it.
       */
      g_string_append_printf (out, "CREATE TYPE %s AS ();\n", type->qualified_name);
      break;

    case SW_USER_TYPE_RANGE:
      g_string_append_printf (out, "CREATE TYPE %s AS RANGE (\n    subtype = %s", type->qualified_name,
                              type->base_type != NULL ? type->base_type : "text");
      if (type->collation != NULL)
        g_string_append_printf (out, ",\n    collation = %s", type->collation);
      g_string_append (out, "\n);\n");
      break;

    case SW_USER_TYPE_DOMAIN:
      g_string_append_printf (out, "CREATE DOMAIN %s AS %s", type->qualified_name,
                              type->base_type != NULL ? type->base_type : "text");
      if (type->collation != NULL)
        g_string_append_printf (out, " COLLATE %s", type->collation);
      if (type->default_expr != NULL)
        g_string_append_printf (out, " DEFAULT %s", type->default_expr);
      if (type->not_null)
        g_string_append (out, " NOT NULL");
      for (guint i = 0; type->checks != NULL && type->checks[i] != NULL; i++)
        g_string_append_printf (out, "\n    CHECK (%s)", type->checks[i]);
      g_string_append (out, ";\n");
      break;

    default:
      g_assert_not_reached ();
    }
  g_string_append_c (out, '\n');
}

static void
write_user_types (Writer *w)
{
  GPtrArray *types = sw_schema_get_user_types (w->schema);

  /* Enums, composites and ranges depend on nothing of the model; domains
   * may be over any of them, or over another domain.
   */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < types->len; i++)
        {
          SwUserType *type = g_ptr_array_index (types, i);

          if ((pass == 0) == (type->kind != SW_USER_TYPE_DOMAIN))
            write_user_type (w, type);
        }
    }
}

static void
write_functions (Writer *w)
{
  GPtrArray *functions = sw_schema_get_functions (w->schema);

  for (guint i = 0; i < functions->len; i++)
    {
      SwFunction *function = g_ptr_array_index (functions, i);
      g_autofree char *definition = NULL;

      set_path (w, function->schema_name);
      if (function->definition == NULL)
        {
          /* Only its signature is known: a body that does nothing keeps the
           * triggers that call it valid.
           */
          g_string_append_printf (w->out,
                                  "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;\n\n",
                                  function->qualified_name);
          continue;
        }
      definition = strip_statement (function->definition);
      g_string_append_printf (w->out, "%s;\n\n", definition);
    }
}

static void
write_sequences (Writer *w)
{
  GPtrArray *sequences = sw_schema_get_sequences (w->schema);

  for (guint i = 0; i < sequences->len; i++)
    {
      SwSequence *seq = g_ptr_array_index (sequences, i);

      /* Identity sequences come with their column. */
      if (seq->identity)
        continue;
      set_path (w, seq->schema_name);
      g_string_append_printf (w->out, "CREATE SEQUENCE %s", seq->qualified_name);
      append_sequence_options (w->out, seq, TRUE);
      g_string_append (w->out, ";\n");
    }
  g_string_append_c (w->out, '\n');
}

/* Tables */

static void
order_table (Writer  *w,
             SwTable *table)
{
  SwTable *parent;

  if (g_hash_table_contains (w->done, table))
    return;
  g_hash_table_add (w->done, table);

  if ((parent = find_table (w, table->partition_parent)) != NULL)
    order_table (w, parent);
  for (guint i = 0; table->inherits != NULL && table->inherits[i] != NULL; i++)
    {
      if ((parent = find_table (w, table->inherits[i])) != NULL)
        order_table (w, parent);
    }
  g_ptr_array_add (w->tables, table);
}

static gboolean
column_in_parents (Writer     *w,
                   SwTable    *table,
                   const char *name)
{
  for (guint i = 0; table->inherits != NULL && table->inherits[i] != NULL; i++)
    {
      SwTable *parent = find_table (w, table->inherits[i]);

      if (parent != NULL && sw_table_find_column (parent, name) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
append_column (Writer   *w,
               SwTable  *table,
               SwColumn *column)
{
  GString *out = w->out;

  append_ident (out, column->name);
  g_string_append_printf (out, " %s", column->type_name);
  if (column->collation != NULL)
    g_string_append_printf (out, " COLLATE %s", column->collation);
  if (column->generated_expr != NULL)
    g_string_append_printf (out, " GENERATED ALWAYS AS (%s) STORED", column->generated_expr);
  else if (column->identity != SW_IDENTITY_NONE)
    {
      SwSequence *seq = identity_sequence (w, table, column);

      g_string_append_printf (out, " GENERATED %s AS IDENTITY",
                              column->identity == SW_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
      if (seq != NULL)
        {
          g_string_append_printf (out, " (SEQUENCE NAME %s", seq->qualified_name);
          append_sequence_options (out, seq, FALSE);
          g_string_append_c (out, ')');
        }
    }
  else if (column->default_expr != NULL)
    g_string_append_printf (out, " DEFAULT %s", column->default_expr);
  if (column->not_null)
    g_string_append (out, " NOT NULL");
}

static void
append_check (GString      *out,
              SwConstraint *check)
{
  g_string_append (out, "CONSTRAINT ");
  append_ident (out, check->name);
  g_string_append_printf (out, " CHECK (%s)", check->expression != NULL ? check->expression : "true");
  if (check->no_inherit)
    g_string_append (out, " NO INHERIT");
}

/* The CHECKs a partition must hold before it can be attached: its ancestors'
 * (ATTACH PARTITION requires them; once attached they are inherited, which is
 * how the model leaves them out of the partition).
 */
static void
collect_inherited_checks (Writer    *w,
                          SwTable   *table,
                          GPtrArray *checks)
{
  SwTable *parent = find_table (w, table->partition_parent);

  if (parent == NULL)
    return;
  for (guint i = 0; i < parent->constraints->len; i++)
    {
      SwConstraint *con = g_ptr_array_index (parent->constraints, i);
      gboolean seen = FALSE;

      if (con->kind != SW_CONSTRAINT_CHECK || con->no_inherit || con->not_valid)
        continue;
      for (guint j = 0; j < checks->len && !seen; j++)
        seen = g_strcmp0 (((SwConstraint *)g_ptr_array_index (checks, j))->name, con->name) == 0;
      if (!seen)
        g_ptr_array_add (checks, con);
    }
  collect_inherited_checks (w, parent, checks);
}

static void
write_create_table (Writer  *w,
                    SwTable *table)
{
  GString *out = w->out;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  gboolean first = TRUE;

  set_path (w, table->schema_name);

  if (table->rel_kind == SW_REL_KIND_FOREIGN_TABLE)
    g_string_append (out, "CREATE FOREIGN TABLE ");
  else if (table->persistence == SW_PERSISTENCE_UNLOGGED)
    g_string_append (out, "CREATE UNLOGGED TABLE ");
  else if (table->persistence == SW_PERSISTENCE_TEMPORARY)
    g_string_append (out, "CREATE TEMPORARY TABLE ");
  else
    g_string_append (out, "CREATE TABLE ");
  if (table->persistence == SW_PERSISTENCE_TEMPORARY || g_strcmp0 (table->schema_name, "pg_temp") == 0)
    append_ident (out, table->name);
  else
    g_string_append (out, table->qualified_name);
  g_string_append (out, " (");

  for (guint i = 0; i < table->columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (table->columns, i);

      /* Inherited columns come from the parent, as pg_dump writes them. */
      if (column_in_parents (w, table, column->name))
        continue;
      g_string_append (out, first ? "\n    " : ",\n    ");
      first = FALSE;
      append_column (w, table, column);
    }

  for (guint i = 0; i < table->constraints->len; i++)
    {
      SwConstraint *con = g_ptr_array_index (table->constraints, i);

      /* NOT VALID is only possible in ALTER TABLE. */
      if (con->kind == SW_CONSTRAINT_CHECK && !con->not_valid)
        g_ptr_array_add (checks, con);
    }
  collect_inherited_checks (w, table, checks);
  for (guint i = 0; i < checks->len; i++)
    {
      g_string_append (out, first ? "\n    " : ",\n    ");
      first = FALSE;
      append_check (out, g_ptr_array_index (checks, i));
    }
  g_string_append (out, first ? ")" : "\n)");

  if (table->inherits != NULL && table->inherits[0] != NULL)
    {
      g_string_append (out, "\nINHERITS (");
      for (guint i = 0; table->inherits[i] != NULL; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", table->inherits[i]);
      g_string_append_c (out, ')');
    }

  if (table->partition_strategy != SW_PARTITION_NONE)
    {
      if (table->partition_key != NULL)
        g_string_append_printf (out, "\nPARTITION BY %s", table->partition_key);
      else
        {
          g_autofree char *strategy = g_ascii_strup (sw_partition_strategy_to_string (table->partition_strategy), -1);

          g_string_append_printf (out, "\nPARTITION BY %s (", strategy);
          for (guint i = 0; table->partition_columns != NULL && table->partition_columns[i] != NULL; i++)
            {
              if (i > 0)
                g_string_append (out, ", ");
              append_key (out, table, table->partition_columns[i]);
            }
          g_string_append_c (out, ')');
        }
    }

  if (table->access_method != NULL && table->rel_kind == SW_REL_KIND_TABLE)
    {
      g_string_append (out, "\nUSING ");
      append_ident (out, table->access_method);
    }

  if (table->rel_kind == SW_REL_KIND_FOREIGN_TABLE)
    {
      /* The model does not keep the foreign server; the script names one
       * that has to be created before it runs.
       */
      g_string_append (out, "\nSERVER shardwise_foreign_server");
    }
  g_string_append (out, ";\n");

  if (table->comment != NULL)
    {
      g_string_append_printf (out, "COMMENT ON TABLE %s IS ", table->qualified_name);
      append_literal (out, table->comment);
      g_string_append (out, ";\n");
    }
  for (guint i = 0; i < table->columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (table->columns, i);

      if (column->comment == NULL)
        continue;
      g_string_append_printf (out, "COMMENT ON COLUMN %s.", table->qualified_name);
      append_ident (out, column->name);
      g_string_append (out, " IS ");
      append_literal (out, column->comment);
      g_string_append (out, ";\n");
    }
  g_string_append_c (out, '\n');
}

static void
write_sequence_owners (Writer *w)
{
  GPtrArray *sequences = sw_schema_get_sequences (w->schema);
  gboolean any = FALSE;

  for (guint i = 0; i < sequences->len; i++)
    {
      SwSequence *seq = g_ptr_array_index (sequences, i);

      if (seq->identity || seq->owned_by_table == NULL || seq->owned_by_column == NULL)
        continue;
      g_string_append_printf (w->out, "ALTER SEQUENCE %s OWNED BY %s.", seq->qualified_name, seq->owned_by_table);
      append_ident (w->out, seq->owned_by_column);
      g_string_append (w->out, ";\n");
      any = TRUE;
    }
  if (any)
    g_string_append_c (w->out, '\n');
}

static void
write_attachments (Writer *w)
{
  gboolean any = FALSE;

  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      if (table->partition_parent == NULL)
        continue;
      g_string_append_printf (w->out, "ALTER TABLE ONLY %s ATTACH PARTITION %s %s;\n", table->partition_parent,
                              table->qualified_name,
                              table->partition_bound != NULL ? table->partition_bound : "DEFAULT");
      any = TRUE;
    }
  if (any)
    g_string_append_c (w->out, '\n');
}

/* Constraints and indexes */

static void
append_index_constraint (GString      *out,
                         SwTable      *table,
                         SwConstraint *con)
{
  if (con->kind == SW_CONSTRAINT_EXCLUDE)
    {
      g_string_append_printf (out, "EXCLUDE USING %s (", con->access_method != NULL ? con->access_method : "btree");
      for (guint i = 0; con->columns != NULL && con->columns[i] != NULL; i++)
        {
          const char *op = con->exclude_operators != NULL && i < g_strv_length (con->exclude_operators)
                           ? con->exclude_operators[i] : "=";

          if (i > 0)
            g_string_append (out, ", ");
          append_key (out, table, con->columns[i]);
          g_string_append_printf (out, " WITH %s", op);
        }
      g_string_append_c (out, ')');
    }
  else
    {
      g_string_append (out, con->kind == SW_CONSTRAINT_PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE");
      if (con->nulls_not_distinct)
        g_string_append (out, " NULLS NOT DISTINCT");
      g_string_append (out, " (");
      append_ident_list (out, (const char * const *)con->columns);
      g_string_append_c (out, ')');
    }
  if (con->include_columns != NULL && con->include_columns[0] != NULL)
    {
      g_string_append (out, " INCLUDE (");
      append_ident_list (out, (const char * const *)con->include_columns);
      g_string_append_c (out, ')');
    }
  if (con->kind == SW_CONSTRAINT_EXCLUDE && con->predicate != NULL)
    g_string_append_printf (out, " WHERE (%s)", con->predicate);
  append_deferrable (out, con->deferrable, con->initially_deferred);
}

static void
write_constraints (Writer *w)
{
  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      for (guint j = 0; j < table->constraints->len; j++)
        {
          SwConstraint *con = g_ptr_array_index (table->constraints, j);

          if (con->kind == SW_CONSTRAINT_CHECK)
            {
              if (!con->not_valid)
                continue;
              /* A CHECK on a partitioned table reaches its partitions. */
              set_path (w, table->schema_name);
              g_string_append_printf (w->out, "ALTER TABLE %s%s\n    ADD ", is_partitioned (table) ? "" : "ONLY ",
                                      table->qualified_name);
              append_check (w->out, con);
              g_string_append (w->out, " NOT VALID;\n");
              continue;
            }
          set_path (w, table->schema_name);
          g_string_append_printf (w->out, "ALTER TABLE ONLY %s\n    ADD CONSTRAINT ", table->qualified_name);
          append_ident (w->out, con->name);
          g_string_append_c (w->out, ' ');
          append_index_constraint (w->out, table, con);
          g_string_append (w->out, ";\n");
        }
    }
  g_string_append_c (w->out, '\n');
}

static void
append_index_from_fields (GString *out,
                          SwTable *table,
                          SwIndex *index)
{
  g_string_append_printf (out, "CREATE %sINDEX ", index->unique ? "UNIQUE " : "");
  append_ident (out, index->name);
  g_string_append_printf (out, " ON %s%s USING ", is_partitioned (table) ? "ONLY " : "", table->qualified_name);
  append_ident (out, index->access_method != NULL ? index->access_method : "btree");
  g_string_append (out, " (");
  for (guint i = 0; index->keys != NULL && index->keys[i] != NULL; i++)
    {
      gboolean is_expr = index->key_is_expression != NULL && i < index->key_is_expression->len &&
                         g_array_index (index->key_is_expression, gboolean, i);

      if (i > 0)
        g_string_append (out, ", ");
      if (is_expr)
        g_string_append_printf (out, "(%s)", index->keys[i]);
      else
        append_ident (out, index->keys[i]);
    }
  g_string_append_c (out, ')');
  if (index->include_columns != NULL && index->include_columns[0] != NULL)
    {
      g_string_append (out, " INCLUDE (");
      append_ident_list (out, (const char * const *)index->include_columns);
      g_string_append_c (out, ')');
    }
  if (index->nulls_not_distinct)
    g_string_append (out, " NULLS NOT DISTINCT");
  if (index->predicate != NULL)
    g_string_append_printf (out, " WHERE (%s)", index->predicate);
}

/* The index's own definition keeps what the model's fields do not (operator
 * classes, orderings, collations). It is parsed and given the index's name and
 * table, and ONLY on a partitioned table, so that a copy made for a partition
 * and a definition written before a rename still say the right thing.
 *
 * The deparser does not double the quotes inside a quoted name: names are
 * written as placeholders and replaced with sw_quote_identifier()'s, and the
 * result is parsed again and must have the same keys, or the fields are used.
 */
#define NAME_PLACEHOLDER "sw_placeholder_index_name"
#define SCHEMA_PLACEHOLDER "sw_placeholder_schema_name"
#define TABLE_PLACEHOLDER "sw_placeholder_table_name"

static PgQuery__ParseResult *
parse_one_index (const char           *sql,
                 PgQuery__IndexStmt  **stmt)
{
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf (sql);
  PgQuery__ParseResult *tree = NULL;

  *stmt = NULL;
  if (parsed.error == NULL)
    tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len, (const uint8_t *)parsed.parse_tree.data);
  pg_query_free_protobuf_parse_result (parsed);
  if (tree != NULL && tree->n_stmts == 1 && tree->stmts[0]->stmt != NULL &&
      tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_INDEX_STMT &&
      tree->stmts[0]->stmt->index_stmt->relation != NULL)
    *stmt = tree->stmts[0]->stmt->index_stmt;
  return tree;
}

static char *
index_elem_text (PgQuery__Node *node)
{
  PgQuery__IndexElem *elem;

  if (node->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
    return g_strdup ("?");
  elem = node->index_elem;
  if (elem->name != NULL && elem->name[0] != '\0')
    return g_strconcat ("column ", elem->name, NULL);
  return _sw_pg_query_normalize_node (elem->expr);
}

static gboolean
same_index_statement (PgQuery__IndexStmt *a,
                      PgQuery__IndexStmt *b)
{
  g_autofree char *pred_a = NULL;
  g_autofree char *pred_b = NULL;

  if (a->n_index_params != b->n_index_params || a->n_index_including_params != b->n_index_including_params ||
      a->unique != b->unique || g_strcmp0 (a->access_method, b->access_method) != 0)
    return FALSE;
  for (size_t i = 0; i < a->n_index_params + a->n_index_including_params; i++)
    {
      PgQuery__Node *na = i < a->n_index_params ? a->index_params[i] : a->index_including_params[i - a->n_index_params];
      PgQuery__Node *nb = i < b->n_index_params ? b->index_params[i] : b->index_including_params[i - b->n_index_params];
      g_autofree char *ta = index_elem_text (na);
      g_autofree char *tb = index_elem_text (nb);

      if (g_strcmp0 (ta, tb) != 0)
        return FALSE;
    }
  pred_a = a->where_clause != NULL ? _sw_pg_query_normalize_node (a->where_clause) : NULL;
  pred_b = b->where_clause != NULL ? _sw_pg_query_normalize_node (b->where_clause) : NULL;
  return g_strcmp0 (pred_a, pred_b) == 0;
}

/* A definition the SQL reader deparsed has the same quoting fault in the
 * index's and the table's names: that beginning, as the deparser writes it
 * for these names, is replaced with placeholders.
 */
static char *
repair_definition (SwTable *table,
                   SwIndex *index)
{
  for (guint only = 0; only < 2; only++)
    {
      g_autofree char *model = g_strdup_printf ("CREATE %sINDEX n ON %ss.t USING btree (x)",
                                                index->unique ? "UNIQUE " : "", only ? "ONLY " : "");
      PgQuery__IndexStmt *stmt;
      PgQuery__ParseResult *tree = parse_one_index (model, &stmt);
      g_autofree char *mangled = NULL;
      const char *tail;

      if (stmt != NULL)
        {
          char *saved_name = stmt->idxname;
          char *saved_schema = stmt->relation->schemaname;
          char *saved_relname = stmt->relation->relname;

          stmt->idxname = index->name;
          stmt->relation->schemaname = table->schema_name;
          stmt->relation->relname = table->name;
          mangled = _sw_pg_query_deparse_stmt (tree->stmts[0]->stmt);
          stmt->idxname = saved_name;
          stmt->relation->schemaname = saved_schema;
          stmt->relation->relname = saved_relname;
        }
      if (tree != NULL)
        pg_query__parse_result__free_unpacked (tree, NULL);

      if (mangled != NULL && (tail = strstr (mangled, " USING ")) != NULL &&
          strncmp (index->definition, mangled, tail - mangled) == 0)
        return g_strdup_printf ("CREATE %sINDEX " NAME_PLACEHOLDER " ON %s" SCHEMA_PLACEHOLDER "." TABLE_PLACEHOLDER "%s",
                                index->unique ? "UNIQUE " : "", only ? "ONLY " : "",
                                index->definition + (tail - mangled));
    }
  return NULL;
}

static char *
index_from_definition (SwTable *table,
                       SwIndex *index)
{
  PgQuery__ParseResult *tree;
  PgQuery__IndexStmt *stmt;
  g_autofree char *deparsed = NULL;
  char *ret = NULL;

  if (index->definition == NULL)
    return NULL;

  tree = parse_one_index (index->definition, &stmt);
  if (stmt == NULL)
    {
      g_autofree char *repaired = repair_definition (table, index);

      if (tree != NULL)
        pg_query__parse_result__free_unpacked (tree, NULL);
      tree = repaired != NULL ? parse_one_index (repaired, &stmt) : NULL;
    }
  if (stmt != NULL && stmt->unique == index->unique)
    {
      char *saved_name = stmt->idxname;
      char *saved_schema = stmt->relation->schemaname;
      char *saved_relname = stmt->relation->relname;
      protobuf_c_boolean saved_inh = stmt->relation->inh;

      stmt->idxname = (char *)NAME_PLACEHOLDER;
      stmt->relation->schemaname = (char *)SCHEMA_PLACEHOLDER;
      stmt->relation->relname = (char *)TABLE_PLACEHOLDER;
      stmt->relation->inh = !is_partitioned (table);
      stmt->concurrent = FALSE;
      stmt->if_not_exists = FALSE;
      deparsed = _sw_pg_query_deparse_stmt (tree->stmts[0]->stmt);
      stmt->idxname = saved_name;
      stmt->relation->schemaname = saved_schema;
      stmt->relation->relname = saved_relname;
      stmt->relation->inh = saved_inh;
    }

  if (deparsed != NULL)
    {
      const char *at_name = strstr (deparsed, NAME_PLACEHOLDER);
      const char *at_schema = strstr (deparsed, SCHEMA_PLACEHOLDER "." TABLE_PLACEHOLDER);

      /* Each placeholder once, the name before the table. */
      if (at_name != NULL && at_schema != NULL && at_name < at_schema &&
          strstr (at_name + 1, NAME_PLACEHOLDER) == NULL &&
          strstr (at_schema + 1, SCHEMA_PLACEHOLDER) == NULL &&
          strstr (at_schema, TABLE_PLACEHOLDER) == at_schema + strlen (SCHEMA_PLACEHOLDER "."))
        {
          g_autofree char *quoted_name = sw_quote_identifier (index->name);
          GString *out = g_string_new (NULL);
          PgQuery__ParseResult *check_tree;
          PgQuery__IndexStmt *check;

          g_string_append_len (out, deparsed, at_name - deparsed);
          g_string_append (out, quoted_name);
          at_name += strlen (NAME_PLACEHOLDER);
          g_string_append_len (out, at_name, at_schema - at_name);
          g_string_append (out, table->qualified_name);
          g_string_append (out, at_schema + strlen (SCHEMA_PLACEHOLDER "." TABLE_PLACEHOLDER));

          check_tree = parse_one_index (out->str, &check);
          if (check != NULL && g_strcmp0 (check->idxname, index->name) == 0 &&
              g_strcmp0 (check->relation->schemaname, table->schema_name) == 0 &&
              g_strcmp0 (check->relation->relname, table->name) == 0 &&
              same_index_statement (stmt, check))
            ret = g_string_free (g_steal_pointer (&out), FALSE);
          if (out != NULL)
            g_string_free (out, TRUE);
          if (check_tree != NULL)
            pg_query__parse_result__free_unpacked (check_tree, NULL);
        }
    }

  if (tree != NULL)
    pg_query__parse_result__free_unpacked (tree, NULL);

  return ret;
}

static void
write_indexes (Writer *w)
{
  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      for (guint j = 0; j < table->indexes->len; j++)
        {
          SwIndex *index = g_ptr_array_index (table->indexes, j);
          g_autofree char *statement = index_from_definition (table, index);

          set_path (w, table->schema_name);
          if (statement != NULL)
            g_string_append (w->out, statement);
          else
            append_index_from_fields (w->out, table, index);
          g_string_append (w->out, ";\n");
        }
    }
  g_string_append_c (w->out, '\n');
}

static gboolean
same_strv (char **a,
           char **b)
{
  guint na = a != NULL ? g_strv_length (a) : 0;
  guint nb = b != NULL ? g_strv_length (b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      if (strcmp (a[i], b[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* A partition's index is its parent's when it has the same shape: that is
 * how PostgreSQL matched them when it cloned or attached them.
 */
static void
write_index_attachments (Writer *w)
{
  gboolean any = FALSE;

  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *child = g_ptr_array_index (w->tables, i);
      SwTable *parent = find_table (w, child->partition_parent);

      if (parent == NULL)
        continue;

      for (guint j = 0; j < parent->constraints->len; j++)
        {
          SwConstraint *pcon = g_ptr_array_index (parent->constraints, j);

          if (pcon->kind == SW_CONSTRAINT_CHECK)
            continue;
          for (guint k = 0; k < child->constraints->len; k++)
            {
              SwConstraint *ccon = g_ptr_array_index (child->constraints, k);

              if (ccon->kind != pcon->kind || !same_strv (ccon->columns, pcon->columns) ||
                  !same_strv (ccon->include_columns, pcon->include_columns) ||
                  g_strcmp0 (ccon->predicate, pcon->predicate) != 0)
                continue;
              g_string_append (w->out, "ALTER INDEX ");
              g_string_append (w->out, "");
              {
                g_autofree char *pname = sw_quote_qualified_name (parent->schema_name, pcon->name);
                g_autofree char *cname = sw_quote_qualified_name (child->schema_name, ccon->name);

                g_string_append_printf (w->out, "%s ATTACH PARTITION %s;\n", pname, cname);
              }
              any = TRUE;
              break;
            }
        }

      for (guint j = 0; j < parent->indexes->len; j++)
        {
          SwIndex *pidx = g_ptr_array_index (parent->indexes, j);

          for (guint k = 0; k < child->indexes->len; k++)
            {
              SwIndex *cidx = g_ptr_array_index (child->indexes, k);
              g_autofree char *pname = NULL;
              g_autofree char *cname = NULL;

              if (cidx->unique != pidx->unique || g_strcmp0 (cidx->access_method, pidx->access_method) != 0 ||
                  !same_strv (cidx->keys, pidx->keys) || !same_strv (cidx->include_columns, pidx->include_columns) ||
                  g_strcmp0 (cidx->predicate, pidx->predicate) != 0)
                continue;
              pname = sw_quote_qualified_name (parent->schema_name, pidx->name);
              cname = sw_quote_qualified_name (child->schema_name, cidx->name);
              g_string_append_printf (w->out, "ALTER INDEX %s ATTACH PARTITION %s;\n", pname, cname);
              any = TRUE;
              break;
            }
        }
    }
  if (any)
    g_string_append_c (w->out, '\n');
}

static void
write_table_options (Writer *w)
{
  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      switch (table->replica_identity)
        {
        case SW_REPLICA_IDENTITY_NOTHING:
          g_string_append_printf (w->out, "ALTER TABLE ONLY %s REPLICA IDENTITY NOTHING;\n", table->qualified_name);
          break;
        case SW_REPLICA_IDENTITY_FULL:
          g_string_append_printf (w->out, "ALTER TABLE ONLY %s REPLICA IDENTITY FULL;\n", table->qualified_name);
          break;
        case SW_REPLICA_IDENTITY_INDEX:
          if (table->replica_identity_index != NULL)
            {
              g_string_append_printf (w->out, "ALTER TABLE ONLY %s REPLICA IDENTITY USING INDEX ",
                                      table->qualified_name);
              append_ident (w->out, table->replica_identity_index);
              g_string_append (w->out, ";\n");
            }
          break;
        case SW_REPLICA_IDENTITY_DEFAULT:
        default:
          break;
        }
    }
}

static void
write_foreign_keys (Writer *w)
{
  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      for (guint j = 0; j < table->foreign_keys->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (table->foreign_keys, j);
          GString *out = w->out;

          /* ONLY is refused for a foreign key on a partitioned table. */
          g_string_append_printf (out, "ALTER TABLE %s%s\n    ADD CONSTRAINT ", is_partitioned (table) ? "" : "ONLY ",
                                  table->qualified_name);
          append_ident (out, fk->name);
          g_string_append (out, " FOREIGN KEY (");
          append_ident_list (out, (const char * const *)fk->columns);
          g_string_append_printf (out, ") REFERENCES %s", fk->ref_table);
          if (fk->ref_columns != NULL && fk->ref_columns[0] != NULL)
            {
              g_string_append (out, " (");
              append_ident_list (out, (const char * const *)fk->ref_columns);
              g_string_append_c (out, ')');
            }
          if (fk->match == SW_FK_MATCH_FULL)
            g_string_append (out, " MATCH FULL");
          else if (fk->match == SW_FK_MATCH_PARTIAL)
            g_string_append (out, " MATCH PARTIAL");
          if (fk->on_update != SW_FK_ACTION_NO_ACTION)
            g_string_append_printf (out, " ON UPDATE %s", sw_fk_action_to_sql (fk->on_update));
          if (fk->on_delete != SW_FK_ACTION_NO_ACTION)
            {
              g_string_append_printf (out, " ON DELETE %s", sw_fk_action_to_sql (fk->on_delete));
              if (fk->on_delete_set_columns != NULL && fk->on_delete_set_columns[0] != NULL)
                {
                  g_string_append (out, " (");
                  append_ident_list (out, (const char * const *)fk->on_delete_set_columns);
                  g_string_append_c (out, ')');
                }
            }
          append_deferrable (out, fk->deferrable, fk->initially_deferred);
          if (fk->not_valid)
            g_string_append (out, " NOT VALID");
          g_string_append (out, ";\n");
        }
    }
  g_string_append_c (w->out, '\n');
}

static void
append_trigger_events (GString   *out,
                       SwTrigger *trigger)
{
  static const struct { guint bit; const char *sql; } events[] = {
    { SW_TRIGGER_EVENT_INSERT, "INSERT" },
    { SW_TRIGGER_EVENT_UPDATE, "UPDATE" },
    { SW_TRIGGER_EVENT_DELETE, "DELETE" },
    { SW_TRIGGER_EVENT_TRUNCATE, "TRUNCATE" },
  };
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      if ((trigger->events & events[i].bit) == 0)
        continue;
      if (!first)
        g_string_append (out, " OR ");
      first = FALSE;
      g_string_append (out, events[i].sql);
      if (events[i].bit == SW_TRIGGER_EVENT_UPDATE && trigger->update_columns != NULL &&
          trigger->update_columns[0] != NULL)
        {
          g_string_append (out, " OF ");
          append_ident_list (out, (const char * const *)trigger->update_columns);
        }
    }
}

static void
write_triggers (Writer *w)
{
  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);

      for (guint j = 0; j < table->triggers->len; j++)
        {
          SwTrigger *trigger = g_ptr_array_index (table->triggers, j);
          GString *out = w->out;

          set_path (w, table->schema_name);
          g_string_append_printf (out, "CREATE %sTRIGGER ", trigger->is_constraint ? "CONSTRAINT " : "");
          append_ident (out, trigger->name);
          g_string_append_printf (out, " %s ", trigger->timing == SW_TRIGGER_BEFORE ? "BEFORE" :
                                               trigger->timing == SW_TRIGGER_AFTER ? "AFTER" : "INSTEAD OF");
          append_trigger_events (out, trigger);
          g_string_append_printf (out, " ON %s FOR EACH %s", table->qualified_name,
                                  trigger->for_each_row ? "ROW" : "STATEMENT");
          if (trigger->when_expr != NULL)
            g_string_append_printf (out, " WHEN (%s)", trigger->when_expr);
          g_string_append_printf (out, " EXECUTE FUNCTION %s(", trigger->function);
          for (guint k = 0; trigger->arguments != NULL && trigger->arguments[k] != NULL; k++)
            {
              if (k > 0)
                g_string_append (out, ", ");
              append_literal (out, trigger->arguments[k]);
            }
          g_string_append (out, ");\n");
          if (!trigger->enabled)
            {
              g_string_append_printf (out, "ALTER TABLE %s DISABLE TRIGGER ", table->qualified_name);
              append_ident (out, trigger->name);
              g_string_append (out, ";\n");
            }
        }
    }
  g_string_append_c (w->out, '\n');
}

static void
append_role (GString    *out,
             const char *role)
{
  if (strcmp (role, "public") == 0)
    g_string_append (out, "PUBLIC");
  else if (strcmp (role, "current_user") == 0)
    g_string_append (out, "CURRENT_USER");
  else if (strcmp (role, "current_role") == 0)
    g_string_append (out, "CURRENT_ROLE");
  else if (strcmp (role, "session_user") == 0)
    g_string_append (out, "SESSION_USER");
  else
    append_ident (out, role);
}

static void
write_row_security (Writer *w)
{
  static const char * const commands[] = { "ALL", "SELECT", "INSERT", "UPDATE", "DELETE" };

  for (guint i = 0; i < w->tables->len; i++)
    {
      SwTable *table = g_ptr_array_index (w->tables, i);
      GString *out = w->out;

      if (table->rls_enabled)
        g_string_append_printf (out, "ALTER TABLE ONLY %s ENABLE ROW LEVEL SECURITY;\n", table->qualified_name);
      if (table->rls_forced)
        g_string_append_printf (out, "ALTER TABLE ONLY %s FORCE ROW LEVEL SECURITY;\n", table->qualified_name);

      for (guint j = 0; j < table->policies->len; j++)
        {
          SwPolicy *policy = g_ptr_array_index (table->policies, j);

          set_path (w, table->schema_name);
          g_string_append (out, "CREATE POLICY ");
          append_ident (out, policy->name);
          g_string_append_printf (out, " ON %s AS %s FOR %s TO ", table->qualified_name,
                                  policy->permissive ? "PERMISSIVE" : "RESTRICTIVE",
                                  (guint)policy->command < G_N_ELEMENTS (commands) ? commands[policy->command] : "ALL");
          if (policy->roles == NULL || policy->roles[0] == NULL)
            g_string_append (out, "PUBLIC");
          for (guint k = 0; policy->roles != NULL && policy->roles[k] != NULL; k++)
            {
              if (k > 0)
                g_string_append (out, ", ");
              append_role (out, policy->roles[k]);
            }
          if (policy->using_expr != NULL)
            g_string_append_printf (out, " USING (%s)", policy->using_expr);
          if (policy->check_expr != NULL)
            g_string_append_printf (out, " WITH CHECK (%s)", policy->check_expr);
          g_string_append (out, ";\n");
        }
    }
  g_string_append_c (w->out, '\n');
}

/* Views */

static SwView *
find_view (Writer     *w,
           const char *qualified_name)
{
  GPtrArray *views = sw_schema_get_views (w->schema);

  for (guint i = 0; i < views->len; i++)
    {
      SwView *view = g_ptr_array_index (views, i);

      if (g_strcmp0 (view->qualified_name, qualified_name) == 0)
        return view;
    }
  return NULL;
}

static void
write_view (Writer *w,
            SwView *view)
{
  g_autofree char *definition = NULL;

  if (g_hash_table_contains (w->done, view))
    return;
  g_hash_table_add (w->done, view);

  /* A view over another view comes after it. */
  for (guint i = 0; view->depends_on != NULL && view->depends_on[i] != NULL; i++)
    {
      SwView *dep = find_view (w, view->depends_on[i]);

      if (dep != NULL)
        write_view (w, dep);
    }

  set_path (w, view->schema_name);
  definition = view->definition != NULL ? strip_statement (view->definition) : NULL;
  if (definition == NULL || definition[0] == '\0')
    {
      g_free (definition);
      definition = g_strdup ("SELECT");
    }
  g_string_append_printf (w->out, "CREATE %sVIEW %s AS\n%s%s;\n\n", view->materialized ? "MATERIALIZED " : "",
                          view->qualified_name, definition, view->materialized ? "\nWITH NO DATA" : "");
}

static void
write_views (Writer *w)
{
  GPtrArray *views = sw_schema_get_views (w->schema);

  for (guint i = 0; i < views->len; i++)
    write_view (w, g_ptr_array_index (views, i));
}

/* Carrying over what a script cannot say */

static void
carry_column (SwColumn *to,
              SwColumn *from)
{
  to->has_stats = from->has_stats;
  to->null_frac = from->null_frac;
  to->n_distinct = from->n_distinct;
  to->avg_width = from->avg_width;
  g_strfreev (to->most_common_values);
  to->most_common_values = g_strdupv (from->most_common_values);
  g_clear_pointer (&to->most_common_freqs, g_array_unref);
  if (from->most_common_freqs != NULL)
    to->most_common_freqs = g_array_copy (from->most_common_freqs);
}

static void
carry_table (SwTable *to,
             SwTable *from)
{
  to->oid = from->oid;
  to->estimated_rows = from->estimated_rows;
  to->total_bytes = from->total_bytes;
  to->citus_kind = from->citus_kind;
  g_free (to->citus_distribution_column);
  to->citus_distribution_column = g_strdup (from->citus_distribution_column);
  to->citus_colocation_id = from->citus_colocation_id;
  to->citus_shard_count = from->citus_shard_count;

  for (guint i = 0; i < to->columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (to->columns, i);
      SwColumn *old = sw_table_find_column (from, column->name);

      if (old != NULL)
        carry_column (column, old);
    }
}

static void
carry_schema (SwSchema *to,
              SwSchema *from)
{
  GListModel *tables = sw_schema_list_tables (to);
  guint n_tables = g_list_model_get_n_items (tables);

  g_free (to->source);
  to->source = g_strdup (from->source);
  g_free (to->database_name);
  to->database_name = g_strdup (from->database_name);
  to->server_version_num = from->server_version_num;
  g_free (to->citus_version);
  to->citus_version = g_strdup (from->citus_version);
  g_ptr_array_set_size (to->distributed_schemas, 0);
  for (guint i = 0; i < from->distributed_schemas->len; i++)
    g_ptr_array_add (to->distributed_schemas, g_strdup (g_ptr_array_index (from->distributed_schemas, i)));

  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      SwTable *old = sw_schema_find_table (from, table->qualified_name);

      if (old != NULL)
        carry_table (table, old);
    }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        n++;
    }
  return n;
}

/* Public API */

/**
 * sw_schema_to_sql:
 * @schema: a #SwSchema
 *
 * Writes the whole model as a schema script in pg_dump's shape: schemas,
 * types, trigger functions, sequences, tables (columns with type, collation,
 * default, identity and generated expression; CHECKs; partitioning and
 * inheritance; persistence), partitions attached, sequence ownership, then
 * PRIMARY KEY/UNIQUE/EXCLUDE constraints, indexes, replica identity, foreign
 * keys as separate ALTER TABLE statements, triggers, row-level security and
 * policies, views and materialized views, and comments. Every name is quoted
 * where PostgreSQL would quote it, and the order depends only on the model.
 *
 * The SQL reader gives back the same model from the script, and a fresh
 * database runs it (a foreign table needs a server named
 * `shardwise_foreign_server`: the model does not keep the real one).
 *
 * Returns: (transfer full): the script
 */
char *
sw_schema_to_sql (SwSchema *schema)
{
  Writer w = { 0 };
  GListModel *tables;
  guint n_tables;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);

  w.schema = schema;
  w.out = g_string_new (NULL);
  w.done = g_hash_table_new (NULL, NULL);
  w.tables = g_ptr_array_new ();
  w.identity_seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < sw_schema_get_sequences (schema)->len; i++)
    {
      SwSequence *seq = g_ptr_array_index (sw_schema_get_sequences (schema), i);

      if (seq->identity && seq->owned_by_table != NULL && seq->owned_by_column != NULL)
        g_hash_table_insert (w.identity_seqs, g_strconcat (seq->owned_by_table, "\037", seq->owned_by_column, NULL),
                             seq);
    }

  g_string_append (w.out,
                   "-- Schema script written by Shardwise from its model of the schema.\n"
                   "SET client_encoding = 'UTF8';\n"
                   "SET standard_conforming_strings = on;\n"
                   "SET check_function_bodies = false;\n"
                   "SET client_min_messages = warning;\n\n");

  write_schemas (&w);
  write_user_types (&w);
  write_functions (&w);
  write_sequences (&w);

  tables = sw_schema_list_tables (schema);
  n_tables = g_list_model_get_n_items (tables);
  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      order_table (&w, table);
    }
  for (guint i = 0; i < w.tables->len; i++)
    write_create_table (&w, g_ptr_array_index (w.tables, i));

  write_sequence_owners (&w);
  write_attachments (&w);
  write_constraints (&w);
  write_indexes (&w);
  write_index_attachments (&w);
  write_table_options (&w);
  write_foreign_keys (&w);
  write_triggers (&w);
  write_row_security (&w);
  write_views (&w);

  /* Leave the session as a script run after this one expects it. */
  g_string_append (w.out, "RESET search_path;\n");

  g_hash_table_unref (w.done);
  g_hash_table_unref (w.identity_seqs);
  g_ptr_array_unref (w.tables);
  g_free (w.path_schema);

  return g_string_free (w.out, FALSE);
}

/**
 * sw_schema_apply_sql:
 * @schema: a #SwSchema
 * @sql: a fix script: DDL to run against @schema (ALTER TABLE, CREATE INDEX…)
 * @error: return location for a #GError in %SW_SCHEMA_SQL_ERROR
 *
 * Gives the schema as it will be once @sql has run on it: the SQL reader
 * replays sw_schema_to_sql() of @schema followed by @sql. What a script
 * cannot say is carried over from @schema, matched by table and column name:
 * oids, estimated rows and sizes, column statistics, Citus metadata, the
 * source, the server and Citus versions (so a live model stays live).
 *
 * A statement of @sql that cannot be applied (an unknown table, column or
 * constraint, a relation that already exists…) is an error naming its line in
 * @sql. Statements the model has nothing to do with (GRANT, SELECT
 * create_distributed_table (…)) are kept as notes of the new model, with
 * their lines in @sql.
 *
 * Returns: (transfer full) (nullable): the new schema, or %NULL on error
 */
SwSchema *
sw_schema_apply_sql (SwSchema    *schema,
                     const char  *sql,
                     GError     **error)
{
  g_autoptr(SwSqlReader) reader = NULL;
  g_autoptr(SwSchema) fixes_only = NULL;
  g_autoptr(SwSchema) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *combined = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  guint script_lines;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = sw_sql_reader_new ();

  /* Parsed alone first, so that a syntax error is reported with its line in
   * the fix script. The parser alone says whether there is one (a fix script
   * of 9,000 changes costs as much to read as a schema); only then does the
   * reader read it, for its message (psql meta-commands, which the reader
   * passes over, fail the parser alone but not the reader).
   */
  {
    PgQuerySplitResult split = pg_query_split_with_parser (sql);
    gboolean parses = split.error == NULL && g_utf8_validate (sql, -1, NULL);

    pg_query_free_split_result (split);
    if (!parses)
      {
        fixes_only = sw_sql_reader_load_string (reader, sql, _("fix script"), &local_error);
        if (fixes_only == NULL)
          {
            g_set_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_SYNTAX, "%s", local_error->message);
            return NULL;
          }
      }
  }

  script = sw_schema_to_sql (schema);
  script_lines = count_lines (script);
  combined = g_strconcat (script, sql, NULL);
  result = sw_sql_reader_load_string (reader, combined, sw_schema_get_source (schema), &local_error);
  if (result == NULL)
    {
      g_set_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_MODEL,
                   _("The schema could not be read back from its own script: %s"), local_error->message);
      return NULL;
    }

  notes = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_source_note_free);
  for (guint i = 0; i < result->notes->len; i++)
    {
      SwSourceNote *note = g_ptr_array_index (result->notes, i);

      if (note->line <= script_lines)
        {
          /* The model's own script: nothing in it should be passed over. */
          g_debug ("own script, line %u: %s", note->line, note->message);
          continue;
        }
      if (note->kind == SW_SOURCE_NOTE_WARNING)
        {
          g_set_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT,
                       _("Line %u of the fix script cannot be applied: %s (%s)"),
                       note->line - script_lines, note->message, note->statement);
          return NULL;
        }
      g_ptr_array_add (notes, sw_source_note_new (note->kind, note->line - script_lines, note->column,
                                                  note->statement, note->message));
    }
  g_ptr_array_unref (result->notes);
  result->notes = g_steal_pointer (&notes);

  carry_schema (result, schema);

  return g_steal_pointer (&result);
}
