/* sw-lint.c
 *
 * Simulates a hand-written migration script statement by statement, as
 * Citus 13.2 would run it, carrying the cluster's state forward: the Citus
 * UDFs go to the rule simulation (sw-citus-sim.c, shared with the
 * validator); DDL changes the schema model, re-read through the SQL reader
 * from the source schema plus every DDL statement accepted so far, and then
 * goes through the same rules as Citus's DDL hooks.
 *
 * Statements are split with libpg_query's parser, so line numbers and
 * statement boundaries are PostgreSQL's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sw-lint.h"
#include "sw-citus-sim-private.h"
#include "sw-lint-private.h"
#include "sw-pg-query.h"

G_DEFINE_BOXED_TYPE (SwLintResult, sw_lint_result, sw_lint_result_copy, sw_lint_result_free)
G_DEFINE_QUARK (sw-lint-error-quark, sw_lint_error)

struct _SwLintSession
{
  SwCitusSim *sim;
  char       *schema_sql;     /* NULL for a live source: the model is not re-read */
  GString    *ddl;            /* DDL accepted so far */
  GPtrArray  *search_path;    /* char * */
  gboolean    in_transaction;
  gboolean    aborted;
  guint       tx_savepoint;   /* the simulation's state at BEGIN */
  gsize       tx_ddl_len;
  SwSchema   *tx_schema;
  SwValidatorOptions tx_options;
  GPtrArray  *local_settings; /* names SET LOCAL in this transaction */
  gboolean    modelled;       /* the last statement's effect on the schema is known */
  GHashTable *regclass_names; /* regclass text → RegclassName, as the parser split it */
};

typedef SwLintSession Lint;

SwLintResult *
sw_lint_result_copy (const SwLintResult *result)
{
  SwLintResult *copy = g_memdup2 (result, sizeof *result);

  copy->statement = g_strdup (result->statement);
  copy->error = g_strdup (result->error);
  copy->detail = g_strdup (result->detail);
  copy->hint = g_strdup (result->hint);
  copy->diagnostic = result->diagnostic ? g_object_ref (result->diagnostic) : NULL;
  return copy;
}

void
sw_lint_result_free (SwLintResult *result)
{
  if (result == NULL)
    return;
  g_free (result->statement);
  g_free (result->error);
  g_free (result->detail);
  g_free (result->hint);
  g_clear_object (&result->diagnostic);
  g_free (result);
}

static SwDiagnostic *
plain_error (const char *error,
             const char *detail,
             const char *hint)
{
  return sw_diagnostic_new (SW_SEVERITY_ERROR, "postgres-error", error, detail, hint,
                            _("PostgreSQL refuses the statement before Citus looks at it."));
}

/* ------------------------------------------------------------------------ */
/* Names                                                                     */

static void
reset_search_path (Lint *lint)
{
  g_ptr_array_set_size (lint->search_path, 0);
  g_ptr_array_add (lint->search_path, g_strdup ("public"));
}

static const char *
lookup_in_path (Lint       *lint,
                const char *schema_name,
                const char *name,
                SwTable   **found)
{
  SwSchema *schema = _sw_citus_sim_get_schema (lint->sim);

  *found = NULL;
  if (schema_name != NULL)
    *found = sw_schema_lookup_table (schema, schema_name, name);
  else
    {
      /* pg_temp is searched first, as PostgreSQL does for relations. */
      *found = sw_schema_lookup_table (schema, "pg_temp", name);
      for (guint i = 0; i < lint->search_path->len && *found == NULL; i++)
        *found = sw_schema_lookup_table (schema, g_ptr_array_index (lint->search_path, i), name);
    }
  return *found ? sw_table_get_qualified_name (*found) : NULL;
}

typedef struct
{
  gboolean  valid;
  char     *schema_name;  /* NULL: not qualified */
  char     *relname;
  char     *too_many;     /* the names joined, when there are more than three */
} RegclassName;

static void
regclass_name_free (RegclassName *name)
{
  g_free (name->schema_name);
  g_free (name->relname);
  g_free (name->too_many);
  g_free (name);
}

/* PostgreSQL's scanner_isspace(). */
static gboolean
is_scanner_space (char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* truncate_identifier(): at most NAMEDATALEN - 1 bytes, cut on a character
 * boundary (the database encoding is UTF-8). */
static void
truncate_name (char *name)
{
  gsize len = strlen (name);

  if (len < 64)
    return;
  len = 63;
  while (len > 0 && ((guchar)name[len] & 0xC0) == 0x80)
    len--;
  name[len] = '\0';
}

/* What regclassin() does with its text: stringToQualifiedNameList()
 * (regproc.c), that is SplitIdentifierString() (varlena.c) on '.', then
 * makeRangeVarFromNameList(). Not the SQL parser: PostgreSQL itself splits
 * the text this way, quotes doubled inside quoted names, unquoted names
 * downcased (ASCII only, as in a UTF-8 database), every name truncated.
 * Returns the names, or %NULL where PostgreSQL says "invalid name syntax".
 */
static GPtrArray *
split_identifier_string (const char *text)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (is_scanner_space (*p))
    p++;
  if (*p == '\0')
    return NULL;      /* an empty list: stringToQualifiedNameList() refuses it */

  for (;;)
    {
      GString *name = g_string_new (NULL);

      if (*p == '"')
        {
          /* Quoted: "" is one quote, no downcasing. */
          p++;
          for (;;)
            {
              if (*p == '\0')
                {
                  g_string_free (name, TRUE);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p[1] != '"')
                    break;
                  p++;
                }
              g_string_append_c (name, *p);
              p++;
            }
          p++;
        }
      else
        {
          /* Unquoted: up to the separator or a space, downcased. */
          while (*p != '\0' && *p != '.' && !is_scanner_space (*p))
            {
              g_string_append_c (name, (*p >= 'A' && *p <= 'Z') ? (char)(*p + ('a' - 'A')) : *p);
              p++;
            }
          if (name->len == 0)
            {
              g_string_free (name, TRUE);
              return NULL;
            }
        }
      truncate_name (name->str);
      g_ptr_array_add (names, g_string_free (name, FALSE));

      while (is_scanner_space (*p))
        p++;
      if (*p == '\0')
        break;
      if (*p != '.')
        return NULL;
      p++;
      while (is_scanner_space (*p))
        p++;
    }
  return g_steal_pointer (&names);
}

/* regclass input splits each text once: a migration names each colocation
 * anchor once per member table.
 */
static const RegclassName *
split_regclass (Lint       *lint,
                const char *text)
{
  RegclassName *name = g_hash_table_lookup (lint->regclass_names, text);
  g_autoptr(GPtrArray) names = NULL;

  if (name != NULL)
    return name;

  name = g_new0 (RegclassName, 1);
  names = split_identifier_string (text);
  /* makeRangeVarFromNameList(): relation, schema.relation or
   * database.schema.relation (the database is the one connected to). */
  if (names != NULL && names->len >= 1 && names->len <= 3)
    {
      name->valid = TRUE;
      name->relname = g_strdup (g_ptr_array_index (names, names->len - 1));
      name->schema_name = names->len >= 2 ? g_strdup (g_ptr_array_index (names, names->len - 2)) : NULL;
    }
  else if (names != NULL && names->len > 3)
    {
      g_ptr_array_add (names, NULL);
      name->too_many = g_strjoinv (".", (char **)names->pdata);
    }

  g_hash_table_insert (lint->regclass_names, g_strdup (text), name);
  return name;
}

/* regclass input: the text is a possibly qualified, possibly quoted name. */
static SwDiagnostic *
resolve_regclass (Lint        *lint,
                  const char  *text,
                  const char **qualified)
{
  const RegclassName *name = split_regclass (lint, text);
  SwTable *t = NULL;

  *qualified = NULL;
  if (name->too_many != NULL)
    {
      g_autofree char *error = g_strdup_printf ("improper relation name (too many dotted names): %s",
                                                name->too_many);

      return plain_error (error, NULL, NULL);
    }
  if (!name->valid)
    return plain_error ("invalid name syntax", NULL, NULL);

  *qualified = lookup_in_path (lint, name->schema_name, name->relname, &t);
  if (*qualified == NULL)
    {
      /* RangeVarGetRelidExtended() names the relation as split. */
      g_autofree char *error = name->schema_name != NULL
                               ? g_strdup_printf ("relation \"%s.%s\" does not exist", name->schema_name, name->relname)
                               : g_strdup_printf ("relation \"%s\" does not exist", name->relname);

      return plain_error (error, NULL, NULL);
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Function arguments                                                        */

typedef struct
{
  gboolean    given;
  gboolean    is_null;
  const char *text;      /* string, or the integer/boolean printed */
  char       *owned;
} Arg;

static void
arg_clear (Arg *arg)
{
  g_free (arg->owned);
}

static gboolean
read_const (PgQuery__Node *node,
            Arg           *arg)
{
  while (node != NULL && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    node = node->type_cast->arg;
  if (node == NULL || node->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return FALSE;

  arg->given = TRUE;
  if (node->a_const->isnull)
    {
      arg->is_null = TRUE;
      return TRUE;
    }
  switch (node->a_const->val_case)
    {
    case PG_QUERY__A__CONST__VAL_SVAL:
      arg->text = node->a_const->sval->sval;
      break;
    case PG_QUERY__A__CONST__VAL_IVAL:
      arg->text = arg->owned = g_strdup_printf ("%d", node->a_const->ival->ival);
      break;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      arg->text = node->a_const->boolval->boolval ? "true" : "false";
      break;
    case PG_QUERY__A__CONST__VAL_FVAL:
      arg->text = node->a_const->fval->fval;
      break;
    case PG_QUERY__A__CONST__VAL_BSVAL:
    case PG_QUERY__A__CONST__VAL__NOT_SET:
    default:
      return FALSE;
    }
  return TRUE;
}

/* Fills @args (in the order of @names) from positional and named arguments. */
static gboolean
read_arguments (PgQuery__FuncCall   *call,
                const char * const  *names,
                Arg                 *args)
{
  guint n_names = g_strv_length ((char **)names);

  for (size_t i = 0; i < call->n_args; i++)
    {
      PgQuery__Node *node = call->args[i];

      if (node->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR)
        {
          int index = -1;

          for (guint j = 0; j < n_names; j++)
            if (g_str_equal (names[j], node->named_arg_expr->name))
              index = (int)j;
          if (index < 0 || !read_const (node->named_arg_expr->arg, &args[index]))
            return FALSE;
        }
      else if (i >= n_names || !read_const (node, &args[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
arg_bool (const Arg *arg)
{
  return arg->given && !arg->is_null && arg->text != NULL &&
         (g_ascii_strcasecmp (arg->text, "true") == 0 || g_ascii_strcasecmp (arg->text, "t") == 0 ||
          g_ascii_strcasecmp (arg->text, "on") == 0 || g_str_equal (arg->text, "1"));
}

static SwDiagnostic *
resolve_colocate (Lint                *lint,
                  const Arg           *arg,
                  SwSimDistributeArgs *args)
{
  const char *text = (arg->given && arg->text) ? arg->text : "default";

  if (g_ascii_strcasecmp (text, "default") == 0)
    args->colocate = SW_SIM_COLOCATE_DEFAULT;
  else if (g_ascii_strcasecmp (text, "none") == 0)
    args->colocate = SW_SIM_COLOCATE_NONE;
  else
    {
      args->colocate = SW_SIM_COLOCATE_TABLE;
      return resolve_regclass (lint, text, &args->colocate_with);
    }
  return NULL;
}

static SwDiagnostic *
call_distribute (Lint              *lint,
                 PgQuery__FuncCall *call,
                 gboolean           concurrently,
                 gboolean          *handled)
{
  static const char * const names[] = {
    "table_name", "distribution_column", "distribution_type", "colocate_with", "shard_count", NULL
  };
  Arg a[5] = { { 0 } };
  SwSimDistributeArgs args = { 0 };
  SwDiagnostic *diag = NULL;

  if (!read_arguments (call, names, a))
    {
      *handled = FALSE;
      goto out;
    }
  /* Missing required arguments: PostgreSQL finds no such function. */
  if (!a[0].given || !a[1].given)
    {
      diag = plain_error (concurrently ?
                          "function create_distributed_table_concurrently(unknown) does not exist" :
                          "function create_distributed_table(unknown) does not exist",
                          NULL, "No function matches the given name and argument types. You might need to add explicit type casts.");
      goto out;
    }
  /* NULL arguments make the UDF return without doing anything. */
  if (a[0].is_null || (a[3].given && a[3].is_null) ||
      (!a[1].is_null && a[2].given && a[2].is_null))
    goto out;

  if ((diag = resolve_regclass (lint, a[0].text, &args.table)))
    goto out;
  args.column = a[1].is_null ? NULL : a[1].text;
  args.method = SW_SIM_HASH;
  if (a[2].given)
    {
      args.method_given = TRUE;
      if (g_str_equal (a[2].text, "hash"))
        args.method = SW_SIM_HASH;
      else if (g_str_equal (a[2].text, "append"))
        args.method = SW_SIM_APPEND;
      else if (g_str_equal (a[2].text, "range"))
        args.method = SW_SIM_RANGE;
      else
        {
          g_autofree char *error = g_strdup_printf ("invalid input value for enum citus.distribution_type: \"%s\"", a[2].text);

          diag = plain_error (error, NULL, NULL);
          goto out;
        }
    }
  args.shard_count = -1;
  if (a[4].given && !a[4].is_null)
    args.shard_count = atoi (a[4].text);
  if ((diag = resolve_colocate (lint, &a[3], &args)))
    goto out;
  args.concurrently = concurrently;
  args.in_transaction = lint->in_transaction;
  diag = _sw_citus_sim_distribute (lint->sim, &args);

out:
  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    arg_clear (&a[i]);
  return diag;
}

static SwDiagnostic *
call_udf (Lint              *lint,
          PgQuery__FuncCall *call,
          gboolean          *handled)
{
  const char *name = _sw_pg_query_string (call->funcname[call->n_funcname - 1]);
  SwDiagnostic *diag = NULL;
  Arg a[5] = { { 0 } };
  const char *table = NULL;

  *handled = TRUE;
  if (name == NULL)
    {
      *handled = FALSE;
      return NULL;
    }

  if (g_str_equal (name, "create_distributed_table"))
    return call_distribute (lint, call, FALSE, handled);
  if (g_str_equal (name, "create_distributed_table_concurrently"))
    return call_distribute (lint, call, TRUE, handled);

  if (g_str_equal (name, "create_reference_table") ||
      g_str_equal (name, "truncate_local_data_after_distributing_table"))
    {
      static const char * const names[] = { "table_name", NULL };
      static const char * const names_fn[] = { "function_name", NULL };

      if (!read_arguments (call, g_str_equal (name, "create_reference_table") ? names : names_fn, a) || !a[0].given)
        *handled = FALSE;
      else if (!a[0].is_null && !(diag = resolve_regclass (lint, a[0].text, &table)))
        diag = g_str_equal (name, "create_reference_table") ?
               _sw_citus_sim_create_reference_table (lint->sim, table) :
               _sw_citus_sim_truncate_local_data (lint->sim, table);
    }
  else if (g_str_equal (name, "citus_add_local_table_to_metadata") || g_str_equal (name, "undistribute_table"))
    {
      static const char * const names[] = { "table_name", "cascade_via_foreign_keys", NULL };

      if (!read_arguments (call, names, a) || !a[0].given)
        *handled = FALSE;
      else if (!a[0].is_null && !(diag = resolve_regclass (lint, a[0].text, &table)))
        diag = g_str_equal (name, "undistribute_table") ?
               _sw_citus_sim_undistribute_table (lint->sim, table, arg_bool (&a[1])) :
               _sw_citus_sim_add_local_table (lint->sim, table, arg_bool (&a[1]));
    }
  else if (g_str_equal (name, "alter_distributed_table"))
    {
      static const char * const names[] = { "table_name", "distribution_column", "shard_count",
                                             "colocate_with", "cascade_to_colocated", NULL };

      if (!read_arguments (call, names, a) || !a[0].given)
        *handled = FALSE;
      else if (!a[0].is_null && !(diag = resolve_regclass (lint, a[0].text, &table)))
        {
          const char *colocate = NULL;

          if (a[3].given && !a[3].is_null)
            {
              if (g_ascii_strcasecmp (a[3].text, "none") == 0 || g_ascii_strcasecmp (a[3].text, "default") == 0)
                colocate = a[3].text;
              else
                diag = resolve_regclass (lint, a[3].text, &colocate);
            }
          if (diag == NULL)
            diag = _sw_citus_sim_alter_distributed_table (lint->sim, table,
                                                          (a[1].given && !a[1].is_null) ? a[1].text : NULL,
                                                          (a[2].given && !a[2].is_null) ? atoi (a[2].text) : -1,
                                                          colocate,
                                                          a[4].given && !a[4].is_null, arg_bool (&a[4]));
        }
    }
  else if (g_str_equal (name, "update_distributed_table_colocation"))
    {
      static const char * const names[] = { "table_name", "colocate_with", NULL };

      if (!read_arguments (call, names, a) || !a[0].given || !a[1].given)
        *handled = FALSE;
      else if (!a[0].is_null && !a[1].is_null && !(diag = resolve_regclass (lint, a[0].text, &table)))
        {
          const char *colocate = a[1].text;

          if (g_ascii_strcasecmp (colocate, "none") != 0)
            diag = resolve_regclass (lint, a[1].text, &colocate);
          if (diag == NULL)
            diag = _sw_citus_sim_update_colocation (lint->sim, table, colocate);
        }
    }
  else if (g_str_equal (name, "citus_schema_distribute") || g_str_equal (name, "citus_schema_undistribute"))
    {
      static const char * const names[] = { "schemaname", NULL };

      if (!read_arguments (call, names, a) || !a[0].given)
        *handled = FALSE;
      else if (!a[0].is_null)
        {
          /* regnamespace input: an identifier, folded unless quoted. */
          g_autofree char *schema_name = NULL;
          SwSchema *schema = _sw_citus_sim_get_schema (lint->sim);
          const char * const *namespaces = sw_schema_get_namespaces (schema);

          if (a[0].text[0] == '"')
            schema_name = g_strndup (a[0].text + 1, strlen (a[0].text) - 2);
          else
            schema_name = g_ascii_strdown (a[0].text, -1);
          if (!g_str_equal (schema_name, "public") && !g_str_equal (schema_name, "pg_catalog") &&
              !g_str_equal (schema_name, "information_schema") &&
              (namespaces == NULL || !g_strv_contains (namespaces, schema_name)))
            {
              g_autofree char *error = g_strdup_printf ("schema \"%s\" does not exist", schema_name);

              diag = plain_error (error, NULL, NULL);
            }
          else
            diag = g_str_equal (name, "citus_schema_distribute") ?
                   _sw_citus_sim_schema_distribute (lint->sim, schema_name) :
                   _sw_citus_sim_schema_undistribute (lint->sim, schema_name);
        }
    }
  else
    *handled = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    arg_clear (&a[i]);
  return diag;
}

/* ------------------------------------------------------------------------ */
/* DDL                                                                       */

static char *
creation_qualified_name (Lint             *lint,
                         PgQuery__RangeVar *rv)
{
  const char *schema_name = (rv->schemaname && *rv->schemaname) ? rv->schemaname :
                            g_strcmp0 (rv->relpersistence, "t") == 0 ? "pg_temp" :
                            g_ptr_array_index (lint->search_path, 0);

  return sw_quote_qualified_name (schema_name, rv->relname);
}

/* Re-reads the model with @statement added: the source SQL plus the DDL so
 * far when there is one, sw_schema_apply_sql() otherwise. Returns the old
 * model (to put back if Citus refuses the statement), or NULL when the
 * statement cannot be modelled.
 */
static SwSchema *
apply_ddl (Lint       *lint,
           const char *statement)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(SwSqlReader) reader = NULL;
  g_autoptr(SwSchema) schema = NULL;
  SwSchema *old;

  /* No source SQL (a live model, or one the validator already changed):
   * the model written back as SQL with the statement after it. */
  if (lint->schema_sql == NULL)
    {
      g_autoptr(SwSchema) changed = sw_schema_apply_sql (_sw_citus_sim_get_schema (lint->sim), statement, NULL);

      if (changed == NULL)
        return NULL;
      old = g_object_ref (_sw_citus_sim_get_schema (lint->sim));
      _sw_citus_sim_set_schema (lint->sim, changed);
      g_string_append (lint->ddl, statement);
      g_string_append (lint->ddl, "\n;\n");
      return old;
    }

  text = g_string_new (lint->schema_sql);
  g_string_append (text, "\n;\n");
  g_string_append (text, lint->ddl->str);
  g_string_append (text, statement);
  g_string_append (text, "\n;\n");
  reader = sw_sql_reader_new ();
  schema = sw_sql_reader_load_string (reader, text->str, "lint", NULL);
  if (schema == NULL)
    return NULL;

  old = g_object_ref (_sw_citus_sim_get_schema (lint->sim));
  _sw_citus_sim_set_schema (lint->sim, schema);
  g_string_append (lint->ddl, statement);
  g_string_append (lint->ddl, "\n;\n");
  return old;
}

static SwForeignKey *
find_new_fk (SwSchema   *before,
             SwSchema   *after,
             const char *table,
             const char *name)
{
  SwTable *t_after = sw_schema_find_table (after, table);
  SwTable *t_before = before ? sw_schema_find_table (before, table) : NULL;
  GPtrArray *fks;

  if (t_after == NULL)
    return NULL;
  fks = sw_table_get_foreign_keys (t_after);
  for (guint i = 0; i < fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (fks, i);
      gboolean existed = FALSE;

      if (name != NULL && *name != '\0')
        {
          if (g_str_equal (sw_foreign_key_get_name (fk), name))
            return fk;
          continue;
        }
      if (t_before != NULL)
        {
          GPtrArray *old = sw_table_get_foreign_keys (t_before);

          for (guint j = 0; j < old->len; j++)
            if (g_str_equal (sw_foreign_key_get_name (g_ptr_array_index (old, j)), sw_foreign_key_get_name (fk)))
              existed = TRUE;
        }
      if (!existed)
        return fk;
    }
  return NULL;
}

static char **
index_params_names (PgQuery__Node **params,
                    size_t          n)
{
  GPtrArray *names = g_ptr_array_new ();

  for (size_t i = 0; i < n; i++)
    if (params[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM &&
        params[i]->index_elem->name != NULL && *params[i]->index_elem->name)
      g_ptr_array_add (names, g_strdup (params[i]->index_elem->name));
    else if (params[i]->node_case == PG_QUERY__NODE__NODE_STRING)
      g_ptr_array_add (names, g_strdup (params[i]->string->sval));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}

static SwDiagnostic *
alter_table (Lint                    *lint,
             PgQuery__AlterTableStmt *stmt,
             const char              *statement,
             SwSchema               **old_out)
{
  SwTable *t = NULL;
  const char *table = lookup_in_path (lint, (stmt->relation->schemaname && *stmt->relation->schemaname) ?
                                      stmt->relation->schemaname : NULL,
                                      stmt->relation->relname, &t);
  g_autofree char *table_name = g_strdup (table);
  SwSimKind kind = table ? _sw_citus_sim_get_kind (lint->sim, table) : SW_SIM_POSTGRES;
  gboolean has_add_constraint = FALSE;
  SwSchema *old;
  SwDiagnostic *diag = NULL;

  for (size_t i = 0; i < stmt->n_cmds; i++)
    if (stmt->cmds[i]->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint)
      has_add_constraint = TRUE;

  if (_sw_citus_sim_is_citus (kind) && has_add_constraint && stmt->n_cmds > 1 &&
      _sw_citus_sim_get_options (lint->sim)->enable_ddl_propagation)
    return sw_diagnostic_new (SW_SEVERITY_ERROR, "alter-add-constraint-subcommands",
                              "cannot execute ADD CONSTRAINT command with other subcommands", NULL,
                              "You can issue each subcommand separately",
                              _("On a Citus table, ADD CONSTRAINT must be the only subcommand of its ALTER TABLE."));

  old = apply_ddl (lint, statement);
  *old_out = old;
  if (old == NULL || table_name == NULL)
    return NULL;

  for (size_t i = 0; i < stmt->n_cmds && diag == NULL; i++)
    {
      PgQuery__AlterTableCmd *cmd = stmt->cmds[i]->alter_table_cmd;
      PgQuery__Constraint *con;

      if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint || cmd->def == NULL ||
          cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        continue;
      con = cmd->def->constraint;
      if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
        {
          SwForeignKey *fk = find_new_fk (old, _sw_citus_sim_get_schema (lint->sim), table_name, con->conname);

          if (fk != NULL)
            diag = _sw_citus_sim_add_foreign_key (lint->sim, fk);
        }
      else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
               con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
               con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
        {
          g_auto(GStrv) keys = NULL;
          g_auto(GStrv) include = index_params_names (con->including, con->n_including);
          g_autoptr(GPtrArray) ops = NULL;

          if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
            {
              GPtrArray *names = g_ptr_array_new ();

              ops = g_ptr_array_new ();
              for (size_t k = 0; k < con->n_exclusions; k++)
                {
                  PgQuery__List *pair = con->exclusions[k]->list;
                  PgQuery__IndexElem *elem = pair->items[0]->index_elem;
                  PgQuery__List *op = pair->items[1]->list;

                  g_ptr_array_add (names, g_strdup (elem->name ? elem->name : ""));
                  g_ptr_array_add (ops, (gpointer)_sw_pg_query_string (op->items[op->n_items - 1]));
                }
              g_ptr_array_add (names, NULL);
              g_ptr_array_add (ops, NULL);
              keys = (GStrv)g_ptr_array_free (names, FALSE);
            }
          else if (con->indexname != NULL && *con->indexname)
            {
              /* USING INDEX: the index's columns. */
              continue;
            }
          else
            keys = index_params_names (con->keys, con->n_keys);
          diag = _sw_citus_sim_add_unique (lint->sim, table_name, (const char * const *)keys,
                                           (const char * const *)include,
                                           ops ? (const char * const *)ops->pdata : NULL);
        }
    }
  return diag;
}

static SwForeignKey *
model_fk (SwTable    *t,
          const char *name)
{
  GPtrArray *fks = t ? sw_table_get_foreign_keys (t) : NULL;

  for (guint i = 0; fks != NULL && i < fks->len; i++)
    if (g_str_equal (sw_foreign_key_get_name (g_ptr_array_index (fks, i)), name))
      return g_ptr_array_index (fks, i);
  return NULL;
}

static SwTrigger *
model_trigger (SwTable    *t,
               const char *name)
{
  GPtrArray *triggers = t ? sw_table_get_triggers (t) : NULL;

  for (guint i = 0; triggers != NULL && i < triggers->len; i++)
    if (g_str_equal (sw_trigger_get_name (g_ptr_array_index (triggers, i)), name))
      return g_ptr_array_index (triggers, i);
  return NULL;
}

/* Without a model to re-read (a live source), foreign keys and triggers the
 * model already has can still be dropped and put back: that is what the
 * generated migration does to them. Returns FALSE when @node is something
 * else, whose effect on the schema is then not modelled.
 */
static gboolean
same_names (const char * const *model,
            PgQuery__Node     **nodes,
            size_t              n)
{
  if (model == NULL || g_strv_length ((char **)model) != n)
    return FALSE;
  for (size_t i = 0; i < n; i++)
    if (g_strcmp0 (model[i], _sw_pg_query_string (nodes[i])) != 0)
      return FALSE;
  return TRUE;
}

/* The statement adds back the model's own foreign key, as it was. */
static gboolean
is_model_fk (Lint                *lint,
             SwForeignKey        *fk,
             PgQuery__Constraint *con)
{
  SwTable *ref = NULL;
  const char *ref_table;

  if (con->pktable == NULL)
    return FALSE;
  ref_table = lookup_in_path (lint, (con->pktable->schemaname && *con->pktable->schemaname) ?
                              con->pktable->schemaname : NULL, con->pktable->relname, &ref);
  return ref_table != NULL && g_str_equal (ref_table, sw_foreign_key_get_ref_table (fk)) &&
         same_names (sw_foreign_key_get_columns (fk), con->fk_attrs, con->n_fk_attrs) &&
         (con->n_pk_attrs == 0 || same_names (sw_foreign_key_get_ref_columns (fk), con->pk_attrs, con->n_pk_attrs));
}

static gboolean
overlay_ddl (Lint           *lint,
             PgQuery__Node  *node,
             gboolean        triggers_only,
             SwDiagnostic  **diag)
{
  SwCitusSim *sim = lint->sim;

  if (!triggers_only && node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
      node->alter_table_stmt->n_cmds == 1)
    {
      PgQuery__AlterTableStmt *stmt = node->alter_table_stmt;
      PgQuery__AlterTableCmd *cmd = stmt->cmds[0]->alter_table_cmd;
      SwTable *t = NULL;
      const char *table = lookup_in_path (lint, (stmt->relation->schemaname && *stmt->relation->schemaname) ?
                                          stmt->relation->schemaname : NULL, stmt->relation->relname, &t);
      SwForeignKey *fk;

      if (table == NULL)
        return FALSE;
      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint)
        {
          if (!(fk = model_fk (t, cmd->name)))
            return FALSE;
          if (_sw_citus_sim_is_absent (sim, FALSE, table, cmd->name))
            {
              if (!cmd->missing_ok)
                {
                  g_autofree char *error = g_strdup_printf ("constraint \"%s\" of relation \"%s\" does not exist",
                                                            cmd->name, sw_table_get_name (t));

                  *diag = plain_error (error, NULL, NULL);
                }
              return TRUE;
            }
          _sw_citus_sim_set_absent (sim, FALSE, table, cmd->name, TRUE);
          return TRUE;
        }

      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint)
        {
          PgQuery__Constraint *con;

          if (cmd->def == NULL || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return FALSE;
          con = cmd->def->constraint;
          if (con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN || con->conname == NULL ||
              !(fk = model_fk (t, con->conname)) || !is_model_fk (lint, fk, con))
            return FALSE;
          if (!_sw_citus_sim_is_absent (sim, FALSE, table, con->conname))
            {
              g_autofree char *error = g_strdup_printf ("constraint \"%s\" for relation \"%s\" already exists",
                                                        con->conname, sw_table_get_name (t));

              *diag = plain_error (error, NULL, NULL);
              return TRUE;
            }
          _sw_citus_sim_set_absent (sim, FALSE, table, con->conname, FALSE);
          if ((*diag = _sw_citus_sim_add_foreign_key (sim, fk)))
            _sw_citus_sim_set_absent (sim, FALSE, table, con->conname, TRUE);
          return TRUE;
        }

      /* No change to what the rules look at. */
      return cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint ||
             cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig ||
             cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
      node->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER &&
      node->drop_stmt->n_objects == 1)
    {
      PgQuery__List *names = node->drop_stmt->objects[0]->list;
      const char *trigger_name;
      SwTable *t = NULL;
      const char *table = NULL;

      if (names->n_items == 2)
        table = lookup_in_path (lint, NULL, _sw_pg_query_string (names->items[0]), &t);
      else if (names->n_items == 3)
        table = lookup_in_path (lint, _sw_pg_query_string (names->items[0]),
                                _sw_pg_query_string (names->items[1]), &t);
      if (table == NULL)
        return FALSE;
      trigger_name = _sw_pg_query_string (names->items[names->n_items - 1]);
      if (model_trigger (t, trigger_name) == NULL)
        return FALSE;
      if (_sw_citus_sim_is_absent (sim, TRUE, table, trigger_name))
        {
          if (!node->drop_stmt->missing_ok)
            {
              g_autofree char *error = g_strdup_printf ("trigger \"%s\" for table \"%s\" does not exist",
                                                        trigger_name, sw_table_get_name (t));

              *diag = plain_error (error, NULL, NULL);
            }
          return TRUE;
        }
      _sw_citus_sim_set_absent (sim, TRUE, table, trigger_name, TRUE);
      return TRUE;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
    {
      PgQuery__CreateTrigStmt *stmt = node->create_trig_stmt;
      SwTable *t = NULL;
      const char *table = lookup_in_path (lint, (stmt->relation->schemaname && *stmt->relation->schemaname) ?
                                          stmt->relation->schemaname : NULL, stmt->relation->relname, &t);

      if (table == NULL || model_trigger (t, stmt->trigname) == NULL)
        return FALSE;
      if (!_sw_citus_sim_is_absent (sim, TRUE, table, stmt->trigname) && !stmt->replace)
        {
          g_autofree char *error = g_strdup_printf ("trigger \"%s\" for relation \"%s\" already exists",
                                                    stmt->trigname, sw_table_get_name (t));

          *diag = plain_error (error, NULL, NULL);
          return TRUE;
        }
      if (!(*diag = _sw_citus_sim_create_trigger (sim, table)))
        _sw_citus_sim_set_absent (sim, TRUE, table, stmt->trigname, FALSE);
      return TRUE;
    }

  return FALSE;
}

static SwDiagnostic *
lint_ddl (Lint          *lint,
          PgQuery__Node *node,
          const char    *statement)
{
  g_autoptr(SwSchema) old = NULL;
  SwDiagnostic *diag = NULL;

  /* The model's own foreign keys and triggers dropped and put back need no
   * re-read (the SQL reader does not take DROP TRIGGER; with source SQL,
   * foreign keys go through the re-read). */
  if (overlay_ddl (lint, node, lint->schema_sql != NULL, &diag))
    return diag;

  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_STMT)
      {
        g_autofree char *table = creation_qualified_name (lint, node->create_stmt->relation);

        old = apply_ddl (lint, statement);
        if (old != NULL)
          diag = _sw_citus_sim_create_table (lint->sim, table);
      }
  else if (node->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
      diag = alter_table (lint, node->alter_table_stmt, statement, &old);
  else if (node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT)
      {
        PgQuery__IndexStmt *stmt = node->index_stmt;
        SwTable *t = NULL;
        const char *table = lookup_in_path (lint, (stmt->relation->schemaname && *stmt->relation->schemaname) ?
                                            stmt->relation->schemaname : NULL, stmt->relation->relname, &t);

        if (table != NULL && stmt->unique)
          {
            g_auto(GStrv) keys = index_params_names (stmt->index_params, stmt->n_index_params);

            diag = _sw_citus_sim_create_unique_index (lint->sim, table, (const char * const *)keys);
          }
        if (diag == NULL)
          old = apply_ddl (lint, statement);
      }
  else if (node->node_case == PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
      {
        PgQuery__CreateTrigStmt *stmt = node->create_trig_stmt;
        SwTable *t = NULL;
        const char *table = lookup_in_path (lint, (stmt->relation->schemaname && *stmt->relation->schemaname) ?
                                            stmt->relation->schemaname : NULL, stmt->relation->relname, &t);

        if (table != NULL)
          diag = _sw_citus_sim_create_trigger (lint->sim, table);
        if (diag == NULL)
          old = apply_ddl (lint, statement);
      }
  else if (node->node_case == PG_QUERY__NODE__NODE_DROP_STMT)
    {
      if (node->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        for (size_t i = 0; i < node->drop_stmt->n_objects; i++)
          {
            PgQuery__List *names = node->drop_stmt->objects[i]->list;
            SwTable *t = NULL;
            const char *table = NULL;

            if (names->n_items == 1)
              table = lookup_in_path (lint, NULL, _sw_pg_query_string (names->items[0]), &t);
            else if (names->n_items == 2)
              table = lookup_in_path (lint, _sw_pg_query_string (names->items[0]),
                                      _sw_pg_query_string (names->items[1]), &t);
            if (table != NULL)
              _sw_citus_sim_forget_table (lint->sim, table);
          }
      old = apply_ddl (lint, statement);
    }
  else
    old = apply_ddl (lint, statement);

  if (old == NULL && diag == NULL)
    lint->modelled = FALSE;

  /* Citus refused it: the transaction rolls the DDL back. */
  if (diag != NULL && old != NULL)
    {
      gsize len = strlen (statement) + 3;

      _sw_citus_sim_set_schema (lint->sim, old);
      if (lint->ddl->len >= len)
        g_string_truncate (lint->ddl, lint->ddl->len - len);
    }
  return diag;
}

static gboolean
is_ddl (PgQuery__Node *node)
{
  static const PgQuery__Node__NodeCase ddl_cases[] = {
    PG_QUERY__NODE__NODE_CREATE_STMT,
    PG_QUERY__NODE__NODE_ALTER_TABLE_STMT,
    PG_QUERY__NODE__NODE_INDEX_STMT,
    PG_QUERY__NODE__NODE_CREATE_TRIG_STMT,
    PG_QUERY__NODE__NODE_DROP_STMT,
    PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT,
    PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT,
    PG_QUERY__NODE__NODE_CREATE_POLICY_STMT,
    PG_QUERY__NODE__NODE_CREATE_SEQ_STMT,
    PG_QUERY__NODE__NODE_VIEW_STMT,
    PG_QUERY__NODE__NODE_CREATE_ENUM_STMT,
    PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT,
    PG_QUERY__NODE__NODE_COMMENT_STMT,
    PG_QUERY__NODE__NODE_RENAME_STMT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (ddl_cases); i++)
    if (node->node_case == ddl_cases[i])
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Statements                                                                */

static void
set_variable (Lint                     *lint,
              PgQuery__VariableSetStmt *stmt)
{
  g_autofree char *lower = g_ascii_strdown (stmt->name ? stmt->name : "", -1);
  const char *value = NULL;
  Arg arg = { 0 };

  if (stmt->n_args > 0 && read_const (stmt->args[0], &arg))
    value = arg.text;

  if (g_str_equal (lower, "search_path"))
    {
      if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET || stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT)
        reset_search_path (lint);
      else
        {
          g_ptr_array_set_size (lint->search_path, 0);
          for (size_t i = 0; i < stmt->n_args; i++)
            {
              Arg item = { 0 };

              if (read_const (stmt->args[i], &item) && item.text && !g_str_equal (item.text, "$user"))
                g_ptr_array_add (lint->search_path, g_strdup (item.text));
              arg_clear (&item);
            }
          if (lint->search_path->len == 0)
            g_ptr_array_add (lint->search_path, g_strdup ("public"));
        }
    }
  else if (g_str_has_prefix (lower, "citus."))
    {
      /* SET LOCAL lasts until the end of the transaction; outside one,
       * PostgreSQL only warns and nothing changes. */
      if (stmt->is_local)
        {
          if (!lint->in_transaction)
            goto out;
          g_ptr_array_add (lint->local_settings, g_strdup (lower));
        }
      if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
        sw_validator_options_set (_sw_citus_sim_get_options (lint->sim), lower, value);
      else if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
               stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT)
        sw_validator_options_set (_sw_citus_sim_get_options (lint->sim), lower, NULL);
    }
out:
  arg_clear (&arg);
}

static void
begin_transaction (Lint *lint)
{
  /* A second BEGIN (PostgreSQL only warns): a ROLLBACK goes back to this one. */
  if (lint->in_transaction)
    _sw_citus_sim_release (lint->sim, lint->tx_savepoint);
  lint->in_transaction = TRUE;
  lint->aborted = FALSE;
  lint->tx_savepoint = _sw_citus_sim_savepoint (lint->sim);
  lint->tx_ddl_len = lint->ddl->len;
  g_set_object (&lint->tx_schema, _sw_citus_sim_get_schema (lint->sim));
  lint->tx_options = *_sw_citus_sim_get_options (lint->sim);
  g_ptr_array_set_size (lint->local_settings, 0);
}

static void
end_transaction (Lint     *lint,
                 gboolean  commit)
{
  if (!lint->in_transaction)
    return;
  if (!commit || lint->aborted)
    {
      _sw_citus_sim_rollback_to (lint->sim, lint->tx_savepoint);
      _sw_citus_sim_set_schema (lint->sim, lint->tx_schema);
      g_string_truncate (lint->ddl, lint->tx_ddl_len);
    }
  else
    {
      _sw_citus_sim_release (lint->sim, lint->tx_savepoint);
      for (guint i = 0; i < lint->local_settings->len; i++)
        _sw_validator_options_copy_setting (_sw_citus_sim_get_options (lint->sim), &lint->tx_options,
                                            g_ptr_array_index (lint->local_settings, i));
    }
  g_ptr_array_set_size (lint->local_settings, 0);
  g_clear_object (&lint->tx_schema);
  lint->in_transaction = FALSE;
  lint->aborted = FALSE;
}

static SwDiagnostic *
lint_statement (Lint          *lint,
                PgQuery__Node *node,
                const char    *statement)
{
  if (node->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT)
    {
      PgQuery__TransactionStmtKind kind = node->transaction_stmt->kind;

      if (kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN ||
          kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START)
        begin_transaction (lint);
      else if (kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT)
        end_transaction (lint, TRUE);
      else if (kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK)
        end_transaction (lint, FALSE);
      return NULL;
    }

  if (lint->in_transaction && lint->aborted)
    return plain_error ("current transaction is aborted, commands ignored until end of transaction block", NULL, NULL);

  if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
    {
      set_variable (lint, node->variable_set_stmt);
      return NULL;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
    {
      PgQuery__SelectStmt *select = node->select_stmt;

      if (select->n_target_list == 1 && select->n_from_clause == 0 &&
          select->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
          select->target_list[0]->res_target->val != NULL &&
          select->target_list[0]->res_target->val->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
        {
          gboolean handled = FALSE;

          return call_udf (lint, select->target_list[0]->res_target->val->func_call, &handled);
        }
      return NULL;
    }

  if (is_ddl (node))
    return lint_ddl (lint, node, statement);

  return NULL;
}

static guint
line_of (const char *script,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset && script[i]; i++)
    if (script[i] == '\n')
      line++;
  return line;
}

/* Skips blanks and -- or C comments before a statement. */
static gsize
skip_blanks (const char *text,
             gsize       start,
             gsize       end)
{
  gsize i = start;

  while (i < end)
    {
      if (g_ascii_isspace (text[i]))
        i++;
      else if (text[i] == '-' && i + 1 < end && text[i + 1] == '-')
        {
          while (i < end && text[i] != '\n')
            i++;
        }
      else if (text[i] == '/' && i + 1 < end && text[i + 1] == '*')
        {
          const char *close = g_strstr_len (text + i + 2, (gssize)(end - i - 2), "*/");

          i = close ? (gsize)(close - text) + 2 : end;
        }
      else
        break;
    }
  return i;
}

/**
 * _sw_lint_session_new:
 * @schema: the state before the first statement
 * @schema_sql: (nullable): @schema's SQL, re-read with each DDL statement;
 *   %NULL to change @schema with sw_schema_apply_sql() instead (foreign keys
 *   and triggers the model has are dropped and added back without it, see
 *   overlay_ddl())
 * @options: (nullable): the cluster
 */
SwLintSession *
_sw_lint_session_new (SwSchema                 *schema,
                      const char               *schema_sql,
                      const SwValidatorOptions *options)
{
  SwLintSession *lint = g_new0 (SwLintSession, 1);
  SwValidatorOptions opts;

  if (options != NULL)
    opts = *options;
  else
    sw_validator_options_init_from_schema (&opts, schema);

  lint->sim = _sw_citus_sim_new (schema, &opts);
  lint->schema_sql = g_strdup (schema_sql);
  lint->ddl = g_string_new (NULL);
  lint->search_path = g_ptr_array_new_with_free_func (g_free);
  lint->local_settings = g_ptr_array_new_with_free_func (g_free);
  lint->regclass_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)regclass_name_free);
  reset_search_path (lint);
  return lint;
}

void
_sw_lint_session_free (SwLintSession *lint)
{
  if (lint == NULL)
    return;
  g_clear_object (&lint->tx_schema);
  _sw_citus_sim_free (lint->sim);
  g_free (lint->schema_sql);
  g_string_free (lint->ddl, TRUE);
  g_ptr_array_unref (lint->search_path);
  g_ptr_array_unref (lint->local_settings);
  g_hash_table_unref (lint->regclass_names);
  g_free (lint);
}

SwCitusSim *
_sw_lint_session_get_sim (SwLintSession *lint)
{
  return lint->sim;
}

gboolean
_sw_lint_session_is_aborted (SwLintSession *lint)
{
  return lint->in_transaction && lint->aborted;
}

/**
 * _sw_lint_session_run:
 * @lint: a session
 * @statement: one statement, without its semicolon
 * @modelled: (out) (optional): %FALSE when the statement changes the schema
 *   in a way the session could not model
 *
 * Returns: (transfer full) (nullable): the error Citus or PostgreSQL raises
 */
SwDiagnostic *
_sw_lint_session_run (SwLintSession *lint,
                      const char    *statement,
                      gboolean      *modelled)
{
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf (statement);
  PgQuery__ParseResult *tree = NULL;
  SwDiagnostic *diag = NULL;

  lint->modelled = TRUE;
  if (parsed.error == NULL)
    tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len, (const uint8_t *)parsed.parse_tree.data);
  else
    {
      g_autofree char *error = g_strdup_printf ("%s", parsed.error->message);

      diag = plain_error (error, NULL, NULL);
    }
  if (tree != NULL && tree->n_stmts == 1)
    diag = lint_statement (lint, tree->stmts[0]->stmt, statement);
  if (tree != NULL)
    pg_query__parse_result__free_unpacked (tree, NULL);
  pg_query_free_protobuf_parse_result (parsed);

  if (diag != NULL && lint->in_transaction)
    lint->aborted = TRUE;
  if (modelled != NULL)
    *modelled = lint->modelled;
  return diag;
}

/**
 * sw_lint_script:
 * @schema: the source's model: the state before the script
 * @schema_sql: (nullable): the source schema's SQL, when it came from a file;
 *   DDL in the script is then applied to the model as it goes by reading
 *   it again with the DDL. With %NULL (a live source), sw_schema_apply_sql()
 *   changes the model instead.
 * @script: the migration script
 * @options: (nullable): the cluster; %NULL for sw_validator_options_init_from_schema()
 * @error: a #GError for a script the parser rejects
 *
 * Returns: (transfer container) (element-type SwLintResult): one result per
 *   statement, in order; %NULL with @error set on a syntax error
 */
GPtrArray *
sw_lint_script (SwSchema                 *schema,
                const char               *schema_sql,
                const char               *script,
                const SwValidatorOptions *options,
                GError                  **error)
{
  PgQuerySplitResult split;
  GPtrArray *results;
  g_autoptr(SwLintSession) lint = NULL;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (script != NULL, NULL);

  split = pg_query_split_with_parser (script);
  if (split.error != NULL)
    {
      g_set_error (error, SW_LINT_ERROR, SW_LINT_ERROR_SYNTAX, _("Line %u: %s"),
                   line_of (script, split.error->cursorpos > 0 ? (gsize)split.error->cursorpos - 1 : 0),
                   split.error->message);
      pg_query_free_split_result (split);
      return NULL;
    }

  lint = _sw_lint_session_new (schema, schema_sql, options);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_lint_result_free);
  for (int i = 0; i < split.n_stmts; i++)
    {
      gsize start = (gsize)split.stmts[i]->stmt_location;
      gsize end = start + (gsize)split.stmts[i]->stmt_len;
      gsize begin = skip_blanks (script, start, end);
      g_autofree char *text = NULL;
      SwLintResult *result;
      SwDiagnostic *diag;

      if (begin >= end)
        continue;
      text = g_strndup (script + begin, end - begin);
      g_strchomp (text);

      result = g_new0 (SwLintResult, 1);
      result->line = line_of (script, begin);
      result->statement = (script[end] == ';') ? g_strdup_printf ("%s;", text) : g_strdup (text);

      diag = _sw_lint_session_run (lint, text, NULL);
      result->ok = diag == NULL;
      if (diag != NULL)
        {
          result->error = g_strdup (sw_diagnostic_get_error (diag));
          result->detail = g_strdup (sw_diagnostic_get_detail (diag));
          result->hint = g_strdup (sw_diagnostic_get_hint (diag));
          result->diagnostic = diag;
        }
      g_ptr_array_add (results, result);
    }

  pg_query_free_split_result (split);
  return results;
}

/**
 * sw_lint_results_to_json:
 * @results: (element-type SwLintResult): what sw_lint_script() returned
 * @length: (out) (optional): the text's length
 *
 * design.md's contract: a JSON array with one object per statement, in order,
 * `{"line": 3, "statement": "…", "ok": false, "error": "…", "detail": "…",
 * "hint": "…"}`; `error`, `detail` and `hint` are empty strings when absent.
 *
 * Returns: (transfer full): the JSON text
 */
char *
sw_lint_results_to_json (GPtrArray *results,
                         gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      SwLintResult *result = g_ptr_array_index (results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, result->line);
      json_builder_set_member_name (builder, "statement");
      json_builder_add_string_value (builder, result->statement);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, result->ok);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, result->error ? result->error : "");
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, result->detail ? result->detail : "");
      json_builder_set_member_name (builder, "hint");
      json_builder_add_string_value (builder, result->hint ? result->hint : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}
