/* sw-workload-analysis.c
 *
 * What a workload does with each column: equality filters, join pairs and
 * GROUP BY columns, read from libpg_query's parse tree of every query and
 * resolved against the schema the way PostgreSQL resolves names: a range
 * variable is visible by its alias (or its name), an unqualified column
 * belongs to the one table of the nearest query level that has it, and a
 * subquery sees the levels around it. Names that cannot be resolved without
 * doubt (ambiguous, from a subquery in FROM, a CTE or a function) are left
 * out rather than guessed, so the advisor never reads more into a workload
 * than it says.
 *
 * Only conditions ANDed at the top of a WHERE clause or a join condition
 * count: an equality under OR or NOT does not let Citus route the query nor
 * join shard by shard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-workload-analysis"

#include "config.h"

#include <string.h>

#include "sw-column.h"
#include "sw-identifier.h"
#include "sw-schema.h"
#include "sw-table.h"
#include "sw-workload-analysis.h"
#include "sw-workload-private.h"

typedef struct
{
  const char *name;           /* the alias, or the relation's name */
  SwTable *table;             /* borrowed; NULL for subqueries, CTEs, functions */
} Entry;

typedef struct _Scope Scope;
struct _Scope
{
  Scope *parent;
  GArray *entries;            /* Entry */
};

typedef struct
{
  SwSchema *schema;
  const char * const *namespaces;
  GHashTable *ctes;           /* names of the current query's CTEs */
  GHashTable *seen;           /* keys of the uses the current query gave */
  GPtrArray *out;
  guint query;
  guint64 calls;
} Ctx;

static void analyze_select (Ctx                  *ctx,
                            PgQuery__SelectStmt  *stmt,
                            Scope                *parent,
                            SwTable             **target_table,
                            const char          **target_column);
static void analyze_stmt   (Ctx                  *ctx,
                            PgQuery__Node        *stmt,
                            Scope                *parent);
static void walk_qual      (Ctx                  *ctx,
                            Scope                *scope,
                            PgQuery__Node        *node,
                            gboolean              conjunct);

G_DEFINE_BOXED_TYPE (SwWorkloadUse, sw_workload_use, sw_workload_use_copy, sw_workload_use_free)

/* Helpers */

static SwTable *
resolve_range_var (Ctx                *ctx,
                   PgQuery__RangeVar  *rv)
{
  if (rv == NULL || rv->relname == NULL)
    return NULL;
  if (rv->schemaname != NULL && rv->schemaname[0] != '\0')
    return sw_schema_lookup_table (ctx->schema, rv->schemaname, rv->relname);
  if (g_hash_table_contains (ctx->ctes, rv->relname))
    return NULL;

  /* The default search_path first; then, for queries written for one schema
   * of a tenant-per-schema database, the first schema that has the name.
   */
  {
    SwTable *table = sw_schema_lookup_table (ctx->schema, "public", rv->relname);

    if (table != NULL)
      return table;
  }
  for (guint i = 0; ctx->namespaces != NULL && ctx->namespaces[i] != NULL; i++)
    {
      SwTable *table = sw_schema_lookup_table (ctx->schema, ctx->namespaces[i], rv->relname);

      if (table != NULL)
        return table;
    }
  return NULL;
}

static const char *
node_string (PgQuery__Node *node)
{
  if (node != NULL && node->node_case == PG_QUERY__NODE__NODE_STRING)
    return node->string->sval;
  return NULL;
}

static gboolean
is_equals (PgQuery__AExpr *e)
{
  return e->n_name == 1 && g_strcmp0 (node_string (e->name[0]), "=") == 0;
}

static PgQuery__ColumnRef *
as_column_ref (PgQuery__Node *node)
{
  while (node != NULL && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    node = node->type_cast->arg;
  if (node != NULL && node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
    return node->column_ref;
  return NULL;
}

/* A value fixed before the query runs: a constant, a parameter, a cast of
 * one, or an array of them.
 */
static gboolean
is_value (PgQuery__Node *node)
{
  if (node == NULL)
    return FALSE;
  switch ((int)node->node_case)
    {
    case PG_QUERY__NODE__NODE_A_CONST:
    case PG_QUERY__NODE__NODE_PARAM_REF:
      return TRUE;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      return is_value (node->type_cast->arg);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      for (size_t i = 0; i < node->a_array_expr->n_elements; i++)
        if (!is_value (node->a_array_expr->elements[i]))
          return FALSE;
      return TRUE;
    case PG_QUERY__NODE__NODE_LIST:
      for (size_t i = 0; i < node->list->n_items; i++)
        if (!is_value (node->list->items[i]))
          return FALSE;
      return node->list->n_items > 0;
    default:
      return FALSE;
    }
}

static gboolean
resolve_column (Scope               *scope,
                PgQuery__ColumnRef  *ref,
                SwTable            **table,
                const char         **column)
{
  const char *parts[3] = { NULL, NULL, NULL };

  if (ref == NULL || ref->n_fields < 1 || ref->n_fields > 3)
    return FALSE;
  for (size_t i = 0; i < ref->n_fields; i++)
    {
      parts[i] = node_string (ref->fields[i]);
      if (parts[i] == NULL)
        return FALSE;     /* table.* */
    }

  if (ref->n_fields == 1)
    {
      for (Scope *s = scope; s != NULL; s = s->parent)
        {
          SwTable *found = NULL;
          guint n_found = 0;
          gboolean opaque = FALSE;

          for (guint i = 0; i < s->entries->len; i++)
            {
              Entry *e = &g_array_index (s->entries, Entry, i);

              if (e->table == NULL)
                opaque = TRUE;
              else if (sw_table_find_column (e->table, parts[0]) != NULL)
                {
                  found = e->table;
                  n_found++;
                }
            }
          if (n_found == 1 && !opaque)
            {
              *table = found;
              *column = sw_column_get_name (sw_table_find_column (found, parts[0]));
              return TRUE;
            }
          if (n_found > 0 || opaque)
            return FALSE;
        }
      return FALSE;
    }

  for (Scope *s = scope; s != NULL; s = s->parent)
    {
      for (guint i = 0; i < s->entries->len; i++)
        {
          Entry *e = &g_array_index (s->entries, Entry, i);
          gboolean match;

          if (ref->n_fields == 2)
            match = g_strcmp0 (e->name, parts[0]) == 0;
          else
            match = e->table != NULL &&
                    g_strcmp0 (sw_table_get_schema_name (e->table), parts[0]) == 0 &&
                    g_strcmp0 (sw_table_get_name (e->table), parts[1]) == 0;
          if (!match)
            continue;
          if (e->table == NULL)
            return FALSE;
          {
            SwColumn *col = sw_table_find_column (e->table, parts[ref->n_fields - 1]);

            if (col == NULL)
              return FALSE;
            *table = e->table;
            *column = sw_column_get_name (col);
            return TRUE;
          }
        }
    }
  return FALSE;
}

static void
add_use (Ctx               *ctx,
         SwWorkloadUseKind  kind,
         SwTable           *table,
         const char        *column,
         SwTable           *other_table,
         const char        *other_column)
{
  const char *t1 = sw_table_get_qualified_name (table);
  const char *t2 = other_table ? sw_table_get_qualified_name (other_table) : NULL;
  g_autofree char *key = NULL;
  SwWorkloadUse *use;

  if (kind == SW_WORKLOAD_USE_JOIN)
    {
      int cmp = g_strcmp0 (t1, t2);

      if (cmp == 0)
        cmp = g_strcmp0 (column, other_column);
      if (cmp == 0)
        return;           /* a row compared with itself */
      if (cmp > 0)
        {
          const char *tt = t1, *tc = column;

          t1 = t2;
          column = other_column;
          t2 = tt;
          other_column = tc;
        }
    }

  key = g_strdup_printf ("%d\037%s\037%s\037%s\037%s", kind, t1, column,
                         t2 ? t2 : "", other_column ? other_column : "");
  if (!g_hash_table_add (ctx->seen, g_steal_pointer (&key)))
    return;

  use = g_new0 (SwWorkloadUse, 1);
  use->kind = kind;
  use->table = g_strdup (t1);
  use->column = g_strdup (column);
  use->other_table = g_strdup (t2);
  use->other_column = g_strdup (other_column);
  use->query = ctx->query;
  use->calls = ctx->calls;
  g_ptr_array_add (ctx->out, use);
}

typedef struct
{
  Ctx *ctx;
  Scope *scope;
} SublinkData;

static void
handle_sublink (Ctx              *ctx,
                Scope            *scope,
                PgQuery__SubLink *link,
                gboolean          conjunct)
{
  SwTable *inner_table = NULL;
  const char *inner_column = NULL;

  if (link->subselect == NULL || link->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
    return;
  analyze_select (ctx, link->subselect->select_stmt, scope, &inner_table, &inner_column);

  /* `x IN (SELECT y FROM …)` is a semi-join of x and y. */
  if (conjunct && link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK &&
      inner_table != NULL && (link->n_oper_name == 0 ||
                              (link->n_oper_name == 1 &&
                               g_strcmp0 (node_string (link->oper_name[0]), "=") == 0)))
    {
      SwTable *outer_table;
      const char *outer_column;

      if (resolve_column (scope, as_column_ref (link->testexpr), &outer_table, &outer_column))
        add_use (ctx, SW_WORKLOAD_USE_JOIN, outer_table, outer_column, inner_table, inner_column);
    }
  if (link->testexpr != NULL)
    walk_qual (ctx, scope, link->testexpr, FALSE);
}

static gboolean
find_sublinks_cb (PgQuery__Node *node,
                  gpointer       user_data)
{
  SublinkData *data = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    {
      handle_sublink (data->ctx, data->scope, node->sub_link, FALSE);
      return FALSE;
    }
  return node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT;
}

static void
find_sublinks (Ctx           *ctx,
               Scope         *scope,
               PgQuery__Node *node)
{
  SublinkData data = { ctx, scope };

  if (node != NULL)
    _sw_pg_query_walk ((ProtobufCMessage *)node, FALSE, find_sublinks_cb, &data);
}

static void
handle_comparison (Ctx            *ctx,
                   Scope          *scope,
                   PgQuery__AExpr *e)
{
  PgQuery__ColumnRef *lref = as_column_ref (e->lexpr);
  PgQuery__ColumnRef *rref = as_column_ref (e->rexpr);
  SwTable *lt = NULL, *rt = NULL;
  const char *lc = NULL, *rc = NULL;

  if (!is_equals (e))
    return;

  switch ((int)e->kind)
    {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
      if (lref != NULL && rref != NULL)
        {
          if (resolve_column (scope, lref, &lt, &lc) && resolve_column (scope, rref, &rt, &rc))
            add_use (ctx, SW_WORKLOAD_USE_JOIN, lt, lc, rt, rc);
        }
      else if (lref != NULL && is_value (e->rexpr))
        {
          if (resolve_column (scope, lref, &lt, &lc))
            add_use (ctx, SW_WORKLOAD_USE_FILTER, lt, lc, NULL, NULL);
        }
      else if (rref != NULL && is_value (e->lexpr))
        {
          if (resolve_column (scope, rref, &rt, &rc))
            add_use (ctx, SW_WORKLOAD_USE_FILTER, rt, rc, NULL, NULL);
        }
      break;

    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
      if (lref != NULL && is_value (e->rexpr) && resolve_column (scope, lref, &lt, &lc))
        add_use (ctx, SW_WORKLOAD_USE_FILTER, lt, lc, NULL, NULL);
      break;

    default:
      break;
    }
}

static void
walk_qual (Ctx           *ctx,
           Scope         *scope,
           PgQuery__Node *node,
           gboolean       conjunct)
{
  if (node == NULL)
    return;

  switch ((int)node->node_case)
    {
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
      {
        gboolean and = node->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;

        for (size_t i = 0; i < node->bool_expr->n_args; i++)
          walk_qual (ctx, scope, node->bool_expr->args[i], conjunct && and);
      }
      break;

    case PG_QUERY__NODE__NODE_A_EXPR:
      if (conjunct)
        handle_comparison (ctx, scope, node->a_expr);
      find_sublinks (ctx, scope, node->a_expr->lexpr);
      find_sublinks (ctx, scope, node->a_expr->rexpr);
      break;

    case PG_QUERY__NODE__NODE_SUB_LINK:
      handle_sublink (ctx, scope, node->sub_link, conjunct);
      break;

    default:
      find_sublinks (ctx, scope, node);
      break;
    }
}

static void
add_entry (Scope      *scope,
           const char *name,
           SwTable    *table)
{
  Entry e = { name, table };

  g_array_append_val (scope->entries, e);
}

static SwTable *
find_table_with_column (Scope      *scope,
                        guint       from,
                        guint       to,
                        const char *column)
{
  for (guint i = from; i < to; i++)
    {
      Entry *e = &g_array_index (scope->entries, Entry, i);

      if (e->table != NULL && sw_table_find_column (e->table, column) != NULL)
        return e->table;
    }
  return NULL;
}

static void
add_from_item (Ctx           *ctx,
               Scope         *scope,
               Scope         *outer,
               PgQuery__Node *item,
               GPtrArray     *quals)
{
  if (item == NULL)
    return;

  switch ((int)item->node_case)
    {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
      {
        PgQuery__RangeVar *rv = item->range_var;

        add_entry (scope, rv->alias ? rv->alias->aliasname : rv->relname,
                   resolve_range_var (ctx, rv));
      }
      break;

    case PG_QUERY__NODE__NODE_JOIN_EXPR:
      {
        PgQuery__JoinExpr *j = item->join_expr;
        guint left_start = scope->entries->len;
        guint right_start;

        add_from_item (ctx, scope, outer, j->larg, quals);
        right_start = scope->entries->len;
        add_from_item (ctx, scope, outer, j->rarg, quals);
        if (j->quals != NULL)
          g_ptr_array_add (quals, j->quals);
        for (size_t i = 0; i < j->n_using_clause; i++)
          {
            const char *column = node_string (j->using_clause[i]);
            SwTable *lt, *rt;

            if (column == NULL)
              continue;
            lt = find_table_with_column (scope, left_start, right_start, column);
            rt = find_table_with_column (scope, right_start, scope->entries->len, column);
            if (lt != NULL && rt != NULL)
              add_use (ctx, SW_WORKLOAD_USE_JOIN, lt, column, rt, column);
          }
      }
      break;

    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
      {
        PgQuery__RangeSubselect *sub = item->range_subselect;

        if (sub->subquery != NULL && sub->subquery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
          analyze_select (ctx, sub->subquery->select_stmt, sub->lateral ? scope : outer, NULL, NULL);
        add_entry (scope, sub->alias ? sub->alias->aliasname : NULL, NULL);
      }
      break;

    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
      add_entry (scope, item->range_function->alias ? item->range_function->alias->aliasname : NULL, NULL);
      break;

    default:
      /* Table samples, XMLTABLE and the like: visible, but opaque. */
      add_entry (scope, NULL, NULL);
      break;
    }
}

static void
add_ctes (Ctx                 *ctx,
          PgQuery__WithClause *with,
          Scope               *parent)
{
  if (with == NULL)
    return;
  for (size_t i = 0; i < with->n_ctes; i++)
    {
      PgQuery__Node *node = with->ctes[i];
      PgQuery__CommonTableExpr *cte;

      if (node->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
        continue;
      cte = node->common_table_expr;
      if (cte->ctename != NULL)
        g_hash_table_add (ctx->ctes, g_strdup (cte->ctename));
    }
  for (size_t i = 0; i < with->n_ctes; i++)
    {
      PgQuery__Node *node = with->ctes[i];

      if (node->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR &&
          node->common_table_expr->ctequery != NULL)
        {
          analyze_stmt (ctx, node->common_table_expr->ctequery, parent);
        }
    }
}

static void
finish_scope (Ctx       *ctx,
              Scope     *scope,
              GPtrArray *quals,
              PgQuery__Node *where)
{
  for (guint i = 0; i < quals->len; i++)
    walk_qual (ctx, scope, g_ptr_array_index (quals, i), TRUE);
  walk_qual (ctx, scope, where, TRUE);
}

static void
analyze_select (Ctx                  *ctx,
                PgQuery__SelectStmt  *stmt,
                Scope                *parent,
                SwTable             **target_table,
                const char          **target_column)
{
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GPtrArray) quals = NULL;
  Scope scope;

  if (stmt == NULL)
    return;

  add_ctes (ctx, stmt->with_clause, parent);

  if (stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
      stmt->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED)
    {
      analyze_select (ctx, stmt->larg, parent, NULL, NULL);
      analyze_select (ctx, stmt->rarg, parent, NULL, NULL);
      return;
    }

  entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  quals = g_ptr_array_new ();
  scope.parent = parent;
  scope.entries = entries;

  for (size_t i = 0; i < stmt->n_from_clause; i++)
    add_from_item (ctx, &scope, parent, stmt->from_clause[i], quals);

  finish_scope (ctx, &scope, quals, stmt->where_clause);

  for (size_t i = 0; i < stmt->n_group_clause; i++)
    {
      SwTable *table;
      const char *column;

      if (resolve_column (&scope, as_column_ref (stmt->group_clause[i]), &table, &column))
        add_use (ctx, SW_WORKLOAD_USE_GROUP_BY, table, column, NULL, NULL);
    }

  walk_qual (ctx, &scope, stmt->having_clause, FALSE);
  for (size_t i = 0; i < stmt->n_target_list; i++)
    find_sublinks (ctx, &scope, stmt->target_list[i]);

  if (target_table != NULL && stmt->n_target_list == 1 &&
      stmt->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
    {
      SwTable *table;
      const char *column;

      if (resolve_column (&scope, as_column_ref (stmt->target_list[0]->res_target->val), &table, &column))
        {
          *target_table = table;
          *target_column = column;
        }
    }
}

static void
analyze_stmt (Ctx           *ctx,
              PgQuery__Node *stmt,
              Scope         *parent)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GPtrArray) quals = g_ptr_array_new ();
  Scope scope = { parent, entries };

  if (stmt == NULL)
    return;

  switch ((int)stmt->node_case)
    {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      analyze_select (ctx, stmt->select_stmt, parent, NULL, NULL);
      break;

    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      {
        PgQuery__UpdateStmt *u = stmt->update_stmt;

        add_ctes (ctx, u->with_clause, parent);
        if (u->relation != NULL)
          add_entry (&scope, u->relation->alias ? u->relation->alias->aliasname : u->relation->relname,
                     resolve_range_var (ctx, u->relation));
        for (size_t i = 0; i < u->n_from_clause; i++)
          add_from_item (ctx, &scope, parent, u->from_clause[i], quals);
        finish_scope (ctx, &scope, quals, u->where_clause);
        for (size_t i = 0; i < u->n_target_list; i++)
          find_sublinks (ctx, &scope, u->target_list[i]);
      }
      break;

    case PG_QUERY__NODE__NODE_DELETE_STMT:
      {
        PgQuery__DeleteStmt *d = stmt->delete_stmt;

        add_ctes (ctx, d->with_clause, parent);
        if (d->relation != NULL)
          add_entry (&scope, d->relation->alias ? d->relation->alias->aliasname : d->relation->relname,
                     resolve_range_var (ctx, d->relation));
        for (size_t i = 0; i < d->n_using_clause; i++)
          add_from_item (ctx, &scope, parent, d->using_clause[i], quals);
        finish_scope (ctx, &scope, quals, d->where_clause);
      }
      break;

    case PG_QUERY__NODE__NODE_INSERT_STMT:
      {
        PgQuery__InsertStmt *ins = stmt->insert_stmt;

        /* Rows given with VALUES say nothing about how they are read; an
         * INSERT … SELECT reads like any query.
         */
        add_ctes (ctx, ins->with_clause, parent);
        if (ins->select_stmt != NULL && ins->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
            ins->select_stmt->select_stmt->n_values_lists == 0)
          analyze_select (ctx, ins->select_stmt->select_stmt, parent, NULL, NULL);
      }
      break;

    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      analyze_stmt (ctx, stmt->explain_stmt->query, parent);
      break;

    default:
      break;
    }
}

/* Public API */

/**
 * sw_workload_use_copy:
 * @use: a #SwWorkloadUse
 *
 * Returns: (transfer full): a copy of @use
 */
SwWorkloadUse *
sw_workload_use_copy (const SwWorkloadUse *use)
{
  SwWorkloadUse *copy = g_new0 (SwWorkloadUse, 1);

  *copy = *use;
  copy->table = g_strdup (use->table);
  copy->column = g_strdup (use->column);
  copy->other_table = g_strdup (use->other_table);
  copy->other_column = g_strdup (use->other_column);
  return copy;
}

/**
 * sw_workload_use_free:
 * @use: (nullable): a #SwWorkloadUse
 */
void
sw_workload_use_free (SwWorkloadUse *use)
{
  if (use == NULL)
    return;
  g_free (use->table);
  g_free (use->column);
  g_free (use->other_table);
  g_free (use->other_column);
  g_free (use);
}

/**
 * sw_workload_analyze:
 * @workload: a #SwWorkload
 * @schema: the schema the queries run against
 *
 * Finds, in every query, the equality filters (`= constant or parameter`,
 * `IN` lists, `= ANY`), the join column pairs (`a.x = b.y`, `USING`,
 * `x IN (SELECT y …)`) and the GROUP BY columns, with table aliases and
 * unqualified columns resolved against @schema. Each use carries the
 * query's calls, so summing them weighs a use by how often it runs.
 *
 * Returns: (transfer full) (element-type SwWorkloadUse): the uses, query by query
 */
GPtrArray *
sw_workload_analyze (SwWorkload *workload,
                     SwSchema   *schema)
{
  GPtrArray *out;
  Ctx ctx = { 0 };

  g_return_val_if_fail (SW_IS_WORKLOAD (workload), NULL);
  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_workload_use_free);
  ctx.schema = schema;
  ctx.namespaces = sw_schema_get_namespaces (schema);
  ctx.out = out;
  ctx.ctes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < sw_workload_get_n_queries (workload); i++)
    {
      g_hash_table_remove_all (ctx.ctes);
      g_hash_table_remove_all (ctx.seen);
      ctx.query = i;
      ctx.calls = sw_workload_get_calls (workload, i);
      analyze_stmt (&ctx, _sw_workload_get_stmt (workload, i), NULL);
    }

  g_hash_table_unref (ctx.ctes);
  g_hash_table_unref (ctx.seen);
  return out;
}
