/* sw-router.c
 *
 * Offline routing prediction: how Citus 13 would plan a statement under a
 * plan, from libpg_query's parse tree, the schema and Citus-compatible hashing.
 *
 * The model follows Citus's planner in the order it decides:
 *  1. only plain tables → local; only reference tables → reference;
 *  2. the router planner: every distributed table pruned to the same single
 *     shard of one colocation group → one task, whatever the SQL around it;
 *  3. recursive planning: CTEs that are not inlined, subqueries that cannot be
 *     pushed down (LIMIT, aggregates or DISTINCT not grouped by the
 *     distribution column, …) or are not joined on the distribution column,
 *     and plain tables joined with distributed ones, become subplans whose
 *     results the outer query reads as intermediate results;
 *  4. what is left is pushed down when every distributed table is colocated
 *     and joined on its distribution column (one task per remaining shard),
 *     or needs a repartition join (buckets per node × nodes tasks).
 * Equalities are tracked as equivalence classes across query levels, as
 * PostgreSQL's planner derives them, and constants on a class prune shards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-router"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-column.h"
#include "sw-engine-autocleanups.h"
#include "sw-hash.h"
#include "sw-identifier.h"
#include "sw-pg-query.h"
#include "sw-router.h"
#include "sw-schema.h"
#include "sw-table.h"
#include "sw-workload.h"

/* Exact Citus 13.2 error texts: data, not translated. */
#define CITUS_NO_PARTITION_VALUE "cannot perform an INSERT without a partition column value"
#define CITUS_NULL_PARTITION_VALUE "cannot perform an INSERT with NULL in the partition column"
#define CITUS_MODIFY_PARTITION_VALUE "modifying the partition value of rows is not allowed"
#define CITUS_REPARTITION_OFF "the query contains a join that requires repartitioning"
#define CITUS_REPARTITION_HINT "Set citus.enable_repartition_joins to on to enable repartitioning"
#define CITUS_COMPLEX_JOINS "complex joins are only supported when all distributed tables are co-located and joined on their distribution columns"
#define CITUS_MODIFY_REFERENCE "cannot perform select on a distributed table and modify a reference table"
#define CITUS_FOR_UPDATE "could not run distributed query with FOR UPDATE/SHARE commands"
#define CITUS_CORRELATED "complex joins are only supported when all distributed tables are joined on their distribution columns with equal operator"
#define CITUS_LOCAL_JOIN "direct joins between distributed and local tables are not supported"
#define CITUS_CORRELATED_REFERENCE "correlated subqueries are not supported when the FROM clause contains a reference table"

typedef struct
{
  gint64  shard_id;
  gint32  min_value;
  gint32  max_value;
  char   *node;
} ClusterShard;

typedef struct
{
  GArray *shards;   /* ClusterShard, by min_value */
} ClusterTable;

struct _SwRouter
{
  GObject     parent_instance;

  SwSchema   *schema;
  SwPlan     *plan;
  gboolean    enable_repartition_joins;
  guint       node_count;
  char       *password;     /* for sw_router_load_cluster_async() */

  /* Live cluster metadata, when loaded: qualified name → ClusterTable. */
  GHashTable *cluster;
  GMutex      cluster_lock;
};

G_DEFINE_FINAL_TYPE (SwRouter, sw_router, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-router-error-quark, sw_router_error)

/* ------------------------------------------------------------------------ */
/* The analysis model                                                        */
/* ------------------------------------------------------------------------ */

typedef enum
{
  ITEM_REL,
  ITEM_SUBQUERY,
  ITEM_CTE,
  ITEM_OPAQUE,
} ItemKind;

typedef struct _Block Block;

typedef struct
{
  int          id;
  ItemKind     kind;
  char        *refname;

  /* ITEM_REL */
  SwTable     *table;
  char        *qualified;
  SwPlanKind   plan_kind;
  int          group;
  guint        shard_count;
  char        *dist_column;
  gboolean     hashable;
  SwHashType   hash_type;

  /* ITEM_SUBQUERY and ITEM_CTE */
  Block       *sub;

  /* For ITEM_OPAQUE with an alias column list and ITEM_SUBQUERY/ITEM_CTE: names. */
  GPtrArray   *column_names;
  gboolean     any_column;
  gboolean     outer_nullable;
} Item;

typedef struct
{
  char                    *name;
  PgQuery__CommonTableExpr *cte;
  int                      refcount;
  Block                   *block;   /* analysed once when it is not inlined */
  gboolean                 modifying;
  SwRoute                 *dml_route;
} Cte;

struct _Block
{
  int          id;
  Block       *parent;
  GPtrArray   *items;       /* Item *, borrowed from the context */
  GPtrArray   *ctes;        /* Cte * visible here (own ones) */
  GPtrArray   *cte_blocks;  /* Block * of CTEs referenced here but not inlined */
  GPtrArray   *cte_routes;  /* SwRoute * of modifying CTEs */
  GPtrArray   *sublinks;    /* Block * */
  GPtrArray   *sublink_correlated;
  GPtrArray   *outputs;     /* char * names */
  GPtrArray   *output_keys; /* char * var key or NULL, per output */

  /* Properties that stop a subquery from being pushed down. */
  gboolean     has_limit;
  gboolean     has_aggregate;
  gboolean     has_window;
  gboolean     has_distinct;
  gboolean     for_update;
  GPtrArray   *group_keys;     /* var keys of GROUP BY columns */
  GPtrArray   *distinct_keys;  /* var keys of DISTINCT (ON) columns */
  GPtrArray   *window_keys;    /* var keys of PARTITION BY columns, per window */
  guint        n_windows_unpartitioned;
  gboolean     correlated;

  /* Set operations */
  Block       *larg;
  Block       *rarg;

  /* DML */
  Item        *target;
};

typedef struct
{
  GPtrArray   *values;   /* char *, NULL entries mean "a parameter" */
  gboolean     has_param;
} Restriction;

typedef struct
{
  SwRouter     *router;
  GPtrArray    *items;
  GPtrArray    *blocks;
  GPtrArray    *restrictions_owned;
  GStringChunk *strings;
  GHashTable   *uf;             /* key → parent key */
  GHashTable   *restrictions;   /* key → GPtrArray of Restriction * */
  GHashTable   *groups;         /* colocation key → group id */
  int           next_group;
  GPtrArray    *cte_scopes;     /* stack of GPtrArray of Cte * */
  GPtrArray    *owned_routes;
  char         *unsupported;
  char         *hint;
  GError       *error;
} Ctx;

static Block *analyze_select (Ctx *ctx, PgQuery__SelectStmt *stmt, Block *parent);
static SwRoute *plan_block (Ctx *ctx, Block *b);
static void analyze_expr_sublinks (Ctx *ctx, Block *b, PgQuery__Node *node);
static gboolean block_has_dist (Block *b);

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static const char *
intern (Ctx        *ctx,
        const char *s)
{
  return g_string_chunk_insert_const (ctx->strings, s);
}

static const char *
var_key (Ctx        *ctx,
         Item       *item,
         const char *column)
{
  g_autofree char *key = g_strdup_printf ("%d.%s", item->id, column);

  return intern (ctx, key);
}

static const char *
uf_find (Ctx        *ctx,
         const char *key)
{
  const char *parent;

  while ((parent = g_hash_table_lookup (ctx->uf, key)) != NULL && parent != key)
    {
      const char *grand = g_hash_table_lookup (ctx->uf, parent);

      if (grand != NULL && grand != parent)
        g_hash_table_insert (ctx->uf, (gpointer) key, (gpointer) grand);
      key = parent;
    }

  return key;
}

static void
uf_union (Ctx        *ctx,
          const char *a,
          const char *b)
{
  const char *ra;
  const char *rb;

  if (a == NULL || b == NULL)
    return;

  ra = uf_find (ctx, a);
  rb = uf_find (ctx, b);
  if (ra != rb)
    g_hash_table_insert (ctx->uf, (gpointer) ra, (gpointer) rb);
}

static Block *
block_new (Ctx   *ctx,
           Block *parent)
{
  Block *b = g_new0 (Block, 1);

  b->id = ctx->blocks->len;
  b->parent = parent;
  b->items = g_ptr_array_new ();
  b->ctes = g_ptr_array_new ();
  b->cte_blocks = g_ptr_array_new ();
  b->cte_routes = g_ptr_array_new ();
  b->sublinks = g_ptr_array_new ();
  b->sublink_correlated = g_ptr_array_new ();
  b->outputs = g_ptr_array_new_with_free_func (g_free);
  b->output_keys = g_ptr_array_new ();
  b->group_keys = g_ptr_array_new ();
  b->distinct_keys = g_ptr_array_new ();
  b->window_keys = g_ptr_array_new ();
  g_ptr_array_add (ctx->blocks, b);

  return b;
}

static void
block_free (Block *b)
{
  g_ptr_array_unref (b->items);
  g_ptr_array_unref (b->ctes);
  g_ptr_array_unref (b->cte_blocks);
  g_ptr_array_unref (b->cte_routes);
  g_ptr_array_unref (b->sublinks);
  g_ptr_array_unref (b->sublink_correlated);
  g_ptr_array_unref (b->outputs);
  g_ptr_array_unref (b->output_keys);
  g_ptr_array_unref (b->group_keys);
  g_ptr_array_unref (b->distinct_keys);
  g_ptr_array_unref (b->window_keys);
  g_free (b);
}

static void
item_free (Item *item)
{
  g_free (item->refname);
  g_free (item->qualified);
  g_free (item->dist_column);
  g_clear_pointer (&item->column_names, g_ptr_array_unref);
  g_free (item);
}

static void
cte_free (Cte *cte)
{
  /* dml_route belongs to the context's owned_routes. */
  g_free (cte->name);
  g_free (cte);
}

static Item *
item_new (Ctx      *ctx,
          ItemKind  kind)
{
  Item *item = g_new0 (Item, 1);

  item->id = ctx->items->len;
  item->kind = kind;
  g_ptr_array_add (ctx->items, item);
  return item;
}

/* The colocation group a table lands in: Citus's default colocation puts tables
 * with the same shard count and distribution column type together; colocate_with
 * joins the named table's group; "none" makes a group of its own.
 */
static int
colocation_group (Ctx        *ctx,
                  const char *qualified,
                  guint       depth)
{
  SwPlan *plan = ctx->router->plan;
  const SwPlanTable *entry = sw_plan_lookup_table (plan, qualified);
  g_autofree char *key = NULL;
  gpointer found;

  if (entry == NULL || depth > 64)
    key = g_strdup_printf ("none:%s", qualified);
  else if (entry->colocate_with != NULL &&
           g_ascii_strcasecmp (entry->colocate_with, "none") == 0)
    key = g_strdup_printf ("none:%s", entry->table);
  else if (entry->colocate_with != NULL &&
           g_ascii_strcasecmp (entry->colocate_with, "default") != 0 &&
           sw_plan_lookup_table (plan, entry->colocate_with) != NULL)
    return colocation_group (ctx, sw_plan_lookup_table (plan, entry->colocate_with)->table,
                             depth + 1);
  else if (entry->kind == SW_PLAN_KIND_SINGLE_SHARD)
    key = g_strdup ("single-shard");
  else
    {
      SwTable *table = sw_schema_find_table (ctx->router->schema, entry->table);
      SwColumn *column = table != NULL && entry->column != NULL
                         ? sw_table_find_column (table, entry->column) : NULL;
      guint shard_count = entry->shard_count > 0 ? entry->shard_count
                          : sw_plan_get_shard_count (plan);

      key = g_strdup_printf ("default:%u:%s:%s", shard_count,
                             column != NULL ? sw_column_get_type_name (column) : "?",
                             column != NULL && sw_column_get_collation (column) != NULL
                             ? sw_column_get_collation (column) : "");
    }

  if (g_hash_table_lookup_extended (ctx->groups, key, NULL, &found))
    return GPOINTER_TO_INT (found);

  g_hash_table_insert (ctx->groups, g_steal_pointer (&key), GINT_TO_POINTER (ctx->next_group));
  return ctx->next_group++;
}

static Item *
make_rel_item (Ctx         *ctx,
               PgQuery__RangeVar *rv)
{
  SwRouter *router = ctx->router;
  Item *item = item_new (ctx, ITEM_REL);
  const char *schema_name = rv->schemaname != NULL && rv->schemaname[0] != '\0'
                            ? rv->schemaname : NULL;
  SwTable *table = NULL;

  if (schema_name != NULL)
    table = sw_schema_lookup_table (router->schema, schema_name, rv->relname);
  else
    {
      /* The default search_path: "$user", public. */
      table = sw_schema_lookup_table (router->schema, "public", rv->relname);
    }

  item->table = table;
  item->refname = g_strdup (rv->alias != NULL && rv->alias->aliasname != NULL &&
                            rv->alias->aliasname[0] != '\0'
                            ? rv->alias->aliasname : rv->relname);
  item->plan_kind = SW_PLAN_KIND_LOCAL;
  item->shard_count = 1;

  if (table == NULL)
    {
      item->qualified = sw_quote_qualified_name (schema_name != NULL ? schema_name : "public",
                                                 rv->relname);
      item->any_column = TRUE;
      return item;
    }

  item->qualified = g_strdup (sw_table_get_qualified_name (table));

  {
    const SwPlanTable *entry = sw_plan_lookup_table (router->plan, item->qualified);

    if (sw_plan_is_schema_distributed (router->plan, sw_table_get_schema_name (table)))
      {
        g_autofree char *key = g_strdup_printf ("schema:%s", sw_table_get_schema_name (table));
        gpointer found;

        item->plan_kind = SW_PLAN_KIND_SINGLE_SHARD;
        if (g_hash_table_lookup_extended (ctx->groups, key, NULL, &found))
          item->group = GPOINTER_TO_INT (found);
        else
          {
            item->group = ctx->next_group++;
            g_hash_table_insert (ctx->groups, g_steal_pointer (&key), GINT_TO_POINTER (item->group));
          }
        return item;
      }

    if (entry == NULL)
      return item;

    item->plan_kind = entry->kind;
    if (entry->kind == SW_PLAN_KIND_DISTRIBUTED)
      {
        SwColumn *column = entry->column != NULL ? sw_table_find_column (table, entry->column) : NULL;

        item->dist_column = g_strdup (entry->column);
        item->shard_count = entry->shard_count > 0 ? entry->shard_count
                            : sw_plan_get_shard_count (router->plan);
        item->group = colocation_group (ctx, entry->table, 0);
        if (column != NULL)
          item->hashable = sw_hash_type_from_name (sw_column_get_type_name (column), &item->hash_type);
      }
    else if (entry->kind == SW_PLAN_KIND_SINGLE_SHARD)
      item->group = colocation_group (ctx, entry->table, 0);
  }

  return item;
}

static gboolean
item_is_distributed (Item *item)
{
  return item->kind == ITEM_REL &&
         (item->plan_kind == SW_PLAN_KIND_DISTRIBUTED || item->plan_kind == SW_PLAN_KIND_SINGLE_SHARD);
}

static gboolean
item_has_column (Item       *item,
                 const char *name)
{
  switch (item->kind)
    {
    case ITEM_REL:
      if (item->table == NULL)
        return item->any_column;
      return sw_table_find_column (item->table, name) != NULL;

    case ITEM_SUBQUERY:
    case ITEM_CTE:
    case ITEM_OPAQUE:
      if (item->column_names != NULL)
        {
          for (guint i = 0; i < item->column_names->len; i++)
            if (g_str_equal (g_ptr_array_index (item->column_names, i), name))
              return TRUE;
        }
      return item->any_column;

    default:
      return FALSE;
    }
}

/* The var a column of an item stands for. */
static const char *
item_var (Ctx        *ctx,
          Item       *item,
          const char *name)
{
  return var_key (ctx, item, name);
}

static const char *
dist_var (Ctx  *ctx,
          Item *item)
{
  if (item->plan_kind == SW_PLAN_KIND_DISTRIBUTED && item->dist_column != NULL)
    return item_var (ctx, item, item->dist_column);
  /* A single-shard table has no distribution column; its own key keeps it apart. */
  return item_var (ctx, item, "\x01single-shard");
}

static Item *
find_item_by_refname (Block      *b,
                      const char *name)
{
  for (guint i = 0; i < b->items->len; i++)
    {
      Item *item = g_ptr_array_index (b->items, i);

      if (item->refname != NULL && g_str_equal (item->refname, name))
        return item;
    }
  /* A schema-qualified reference (public.t.c) names the table, not an alias. */
  return NULL;
}

/* Resolves a ColumnRef to a var key; marks @b correlated when the column comes
 * from an outer query level.
 */
static const char *
resolve_column (Ctx                 *ctx,
                Block               *b,
                PgQuery__ColumnRef  *ref)
{
  const char *names[3] = { NULL, NULL, NULL };
  guint n = 0;

  for (guint i = 0; i < ref->n_fields && i < 3; i++)
    {
      if (ref->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
      names[n++] = ref->fields[i]->string->sval;
    }

  for (Block *level = b; level != NULL; level = level->parent)
    {
      if (n == 1)
        {
          Item *fallback = NULL;

          for (guint i = 0; i < level->items->len; i++)
            {
              Item *item = g_ptr_array_index (level->items, i);

              if (item->kind == ITEM_REL && item->table != NULL && item_has_column (item, names[0]))
                goto found_single;
              if (item->kind != ITEM_REL && item->column_names != NULL && item_has_column (item, names[0]))
                goto found_single;
              if (fallback == NULL && item->any_column)
                fallback = item;
              continue;

            found_single:
              if (level != b)
                b->correlated = TRUE;
              return item_var (ctx, item, names[0]);
            }
          if (fallback != NULL)
            {
              if (level != b)
                b->correlated = TRUE;
              return item_var (ctx, fallback, names[0]);
            }
        }
      else if (n >= 2)
        {
          const char *rel = names[n - 2];
          const char *col = names[n - 1];
          Item *item = find_item_by_refname (level, rel);

          if (item != NULL)
            {
              if (level != b)
                b->correlated = TRUE;
              return item_var (ctx, item, col);
            }
        }
    }

  return NULL;
}

/* The text of a constant, looking through casts; *is_param for $n; NULL when
 * the expression is not a constant (or is NULL: *is_null).
 */
static char *
constant_text (PgQuery__Node *node,
               gboolean      *is_param,
               gboolean      *is_null)
{
  *is_param = FALSE;
  *is_null = FALSE;

  while (node != NULL && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    node = node->type_cast->arg;

  if (node == NULL)
    return NULL;

  if (node->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
    {
      *is_param = TRUE;
      return NULL;
    }

  if (node->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return NULL;

  if (node->a_const->isnull)
    {
      *is_null = TRUE;
      return NULL;
    }

  switch (node->a_const->val_case)
    {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return g_strdup_printf ("%d", node->a_const->ival != NULL ? node->a_const->ival->ival : 0);
    case PG_QUERY__A__CONST__VAL_FVAL:
      return g_strdup (node->a_const->fval != NULL ? node->a_const->fval->fval : "0");
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return g_strdup (node->a_const->boolval != NULL && node->a_const->boolval->boolval ? "true" : "false");
    case PG_QUERY__A__CONST__VAL_SVAL:
      return g_strdup (node->a_const->sval != NULL ? node->a_const->sval->sval : "");
    case PG_QUERY__A__CONST__VAL_BSVAL:
    case PG_QUERY__A__CONST__VAL__NOT_SET:
    default:
      /* An integer 0 arrives without a value in the protobuf tree. */
      if (node->a_const->val_case == PG_QUERY__A__CONST__VAL__NOT_SET)
        return g_strdup ("0");
      return NULL;
    }
}

static const char *
expr_var (Ctx           *ctx,
          Block         *b,
          PgQuery__Node *node)
{
  while (node != NULL && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    node = node->type_cast->arg;
  if (node == NULL || node->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
    return NULL;
  return resolve_column (ctx, b, node->column_ref);
}

static gboolean
is_equals_operator (PgQuery__AExpr *expr)
{
  const char *op;

  if (expr->n_name == 0)
    return FALSE;
  op = _sw_pg_query_string (expr->name[expr->n_name - 1]);
  return op != NULL && g_str_equal (op, "=");
}

static void
add_restriction (Ctx         *ctx,
                 const char  *key,
                 Restriction *restriction)
{
  GPtrArray *list = g_hash_table_lookup (ctx->restrictions, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (ctx->restrictions, (gpointer) key, list);
    }
  g_ptr_array_add (list, restriction);
}

static Restriction *
restriction_new (Ctx *ctx)
{
  Restriction *r = g_new0 (Restriction, 1);

  r->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ctx->restrictions_owned, r);
  return r;
}

static void
restriction_free (Restriction *r)
{
  g_ptr_array_unref (r->values);
  g_free (r);
}

/* Reads a constant list (IN list, ARRAY[...] or '{...}') into @r. */
static gboolean
collect_constants (PgQuery__Node *node,
                   Restriction   *r)
{
  gboolean is_param, is_null;
  char *text;

  while (node != NULL && node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    node = node->type_cast->arg;
  if (node == NULL)
    return FALSE;

  if (node->node_case == PG_QUERY__NODE__NODE_LIST)
    {
      for (guint i = 0; i < node->list->n_items; i++)
        if (!collect_constants (node->list->items[i], r))
          return FALSE;
      return TRUE;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
    {
      for (guint i = 0; i < node->a_array_expr->n_elements; i++)
        if (!collect_constants (node->a_array_expr->elements[i], r))
          return FALSE;
      return TRUE;
    }

  text = constant_text (node, &is_param, &is_null);
  if (is_param)
    {
      r->has_param = TRUE;
      return TRUE;
    }
  if (is_null)
    return TRUE;
  if (text == NULL)
    return FALSE;
  g_ptr_array_add (r->values, text);
  return TRUE;
}

/* '{1,2,3}' as the right side of = ANY (...) */
static gboolean
collect_array_literal (const char  *text,
                       Restriction *r)
{
  g_autofree char *inner = NULL;
  g_auto(GStrv) parts = NULL;
  gsize len = strlen (text);

  if (len < 2 || text[0] != '{' || text[len - 1] != '}')
    return FALSE;
  inner = g_strndup (text + 1, len - 2);
  if (inner[0] == '\0')
    return TRUE;
  parts = g_strsplit (inner, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *value = g_strstrip (parts[i]);
      gsize vlen = strlen (value);

      if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"')
        g_ptr_array_add (r->values, g_strndup (value + 1, vlen - 2));
      else if (g_ascii_strcasecmp (value, "NULL") != 0)
        g_ptr_array_add (r->values, g_strdup (value));
    }
  return TRUE;
}

/* var = constant, constant = var, var IN (...), var = ANY (...). Returns the var
 * and fills @r, or NULL when @node is not such a restriction.
 */
static const char *
equality_restriction (Ctx           *ctx,
                      Block         *b,
                      PgQuery__Node *node,
                      Restriction   *r)
{
  PgQuery__AExpr *expr;
  const char *var;

  if (node->node_case != PG_QUERY__NODE__NODE_A_EXPR)
    return NULL;
  expr = node->a_expr;

  switch (expr->kind)
    {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
      if (!is_equals_operator (expr))
        return NULL;
      {
        gboolean is_param, is_null;
        g_autofree char *text = NULL;

        if ((var = expr_var (ctx, b, expr->lexpr)) != NULL)
          text = constant_text (expr->rexpr, &is_param, &is_null);
        else if ((var = expr_var (ctx, b, expr->rexpr)) != NULL)
          text = constant_text (expr->lexpr, &is_param, &is_null);
        else
          return NULL;

        if (is_param)
          r->has_param = TRUE;
        else if (is_null)
          ;  /* = NULL matches nothing: an empty set */
        else if (text != NULL)
          g_ptr_array_add (r->values, g_steal_pointer (&text));
        else
          return NULL;
        return var;
      }

    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
      {
        const char *op = expr->n_name > 0 ? _sw_pg_query_string (expr->name[0]) : NULL;

        if (op == NULL || !g_str_equal (op, "="))
          return NULL;
        if ((var = expr_var (ctx, b, expr->lexpr)) == NULL)
          return NULL;
        if (!collect_constants (expr->rexpr, r))
          return NULL;
        return var;
      }

    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
      if (!is_equals_operator (expr))
        return NULL;
      if ((var = expr_var (ctx, b, expr->lexpr)) == NULL)
        return NULL;
      {
        PgQuery__Node *right = expr->rexpr;
        gboolean is_param, is_null;
        g_autofree char *text = NULL;

        while (right != NULL && right->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
          right = right->type_cast->arg;
        if (right != NULL && right->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
          return collect_constants (right, r) ? var : NULL;
        text = constant_text (right, &is_param, &is_null);
        if (is_param)
          {
            /* = ANY ($1): any number of values, unknown offline. */
            return NULL;
          }
        if (text != NULL && collect_array_literal (text, r))
          return var;
        return NULL;
      }

    case PG_QUERY__A__EXPR__KIND__A_EXPR_KIND_UNDEFINED:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
    default:
      return NULL;
    }
}

static Block *analyze_sublink (Ctx *ctx, Block *b, PgQuery__SubLink *link);

/* One conjunct of a WHERE or an inner join's ON. */
static void
analyze_qual (Ctx           *ctx,
              Block         *b,
              PgQuery__Node *node,
              gboolean       constants)
{
  if (node == NULL)
    return;

  if (node->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
      node->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR)
    {
      for (guint i = 0; i < node->bool_expr->n_args; i++)
        analyze_qual (ctx, b, node->bool_expr->args[i], constants);
      return;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
      node->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR)
    {
      /* a = 1 OR a = 2 is an IN list when every arm restricts the same column. */
      Restriction *merged = restriction_new (ctx);
      const char *common = NULL;
      gboolean ok = constants;

      for (guint i = 0; ok && i < node->bool_expr->n_args; i++)
        {
          Restriction *arm = restriction_new (ctx);
          const char *var = equality_restriction (ctx, b, node->bool_expr->args[i], arm);

          if (var == NULL || (common != NULL && uf_find (ctx, common) != uf_find (ctx, var)))
            ok = FALSE;
          else
            {
              common = var;
              merged->has_param |= arm->has_param;
              for (guint j = 0; j < arm->values->len; j++)
                g_ptr_array_add (merged->values, g_strdup (g_ptr_array_index (arm->values, j)));
            }
        }
      if (ok && common != NULL)
        add_restriction (ctx, common, merged);
      analyze_expr_sublinks (ctx, b, node);
      return;
    }

  if (node->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
      node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP &&
      is_equals_operator (node->a_expr))
    {
      const char *left = expr_var (ctx, b, node->a_expr->lexpr);
      const char *right = expr_var (ctx, b, node->a_expr->rexpr);

      if (left != NULL && right != NULL)
        {
          uf_union (ctx, left, right);
          return;
        }
    }

  if (constants)
    {
      Restriction *r = restriction_new (ctx);
      const char *var = equality_restriction (ctx, b, node, r);

      if (var != NULL)
        {
          add_restriction (ctx, var, r);
          analyze_expr_sublinks (ctx, b, node);
          return;
        }
    }

  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    {
      PgQuery__SubLink *link = node->sub_link;
      Block *sub = analyze_sublink (ctx, b, link);

      /* x IN (SELECT y …) is a semi-join on x = y. */
      if (sub != NULL && link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK &&
          link->testexpr != NULL && sub->output_keys->len > 0)
        {
          const char *test = expr_var (ctx, b, link->testexpr);

          uf_union (ctx, test, g_ptr_array_index (sub->output_keys, 0));
        }
      return;
    }

  analyze_expr_sublinks (ctx, b, node);
}

static gboolean
find_sublinks_cb (PgQuery__Node *node,
                  gpointer       user_data)
{
  gpointer *args = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    {
      analyze_sublink (args[0], args[1], node->sub_link);
      return FALSE;
    }
  /* A nested SELECT outside a SubLink (impossible in expressions) is left alone. */
  return node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT;
}

static void
analyze_expr_sublinks (Ctx           *ctx,
                       Block         *b,
                       PgQuery__Node *node)
{
  gpointer args[2] = { ctx, b };

  if (node == NULL)
    return;
  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    {
      analyze_sublink (ctx, b, node->sub_link);
      return;
    }
  _sw_pg_query_walk ((ProtobufCMessage *) node, FALSE, find_sublinks_cb, args);
}

static Block *
analyze_sublink (Ctx              *ctx,
                 Block            *b,
                 PgQuery__SubLink *link)
{
  Block *sub;

  if (link->subselect == NULL || link->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
    return NULL;

  if (link->testexpr != NULL)
    analyze_expr_sublinks (ctx, b, link->testexpr);

  sub = analyze_select (ctx, link->subselect->select_stmt, b);
  if (sub != NULL)
    g_ptr_array_add (b->sublinks, sub);
  return sub;
}

/* ------------------------------------------------------------------------ */
/* FROM                                                                      */
/* ------------------------------------------------------------------------ */

static Cte *
find_cte (Ctx        *ctx,
          const char *name)
{
  for (guint depth = ctx->cte_scopes->len; depth > 0; depth--)
    {
      GPtrArray *scope = g_ptr_array_index (ctx->cte_scopes, depth - 1);

      for (guint i = 0; i < scope->len; i++)
        {
          Cte *cte = g_ptr_array_index (scope, i);

          if (g_str_equal (cte->name, name))
            return cte;
        }
    }
  return NULL;
}

static void
set_item_columns_from_block (Item  *item,
                             Block *sub,
                             PgQuery__Alias *alias)
{
  item->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sub->outputs->len; i++)
    {
      const char *name = g_ptr_array_index (sub->outputs, i);

      if (alias != NULL && i < alias->n_colnames && _sw_pg_query_string (alias->colnames[i]) != NULL)
        name = _sw_pg_query_string (alias->colnames[i]);
      g_ptr_array_add (item->column_names, g_strdup (name));
    }
}

static void
link_item_to_block (Ctx   *ctx,
                    Item  *item,
                    Block *sub)
{
  for (guint i = 0; i < item->column_names->len && i < sub->output_keys->len; i++)
    {
      const char *inner = g_ptr_array_index (sub->output_keys, i);

      if (inner != NULL)
        uf_union (ctx, item_var (ctx, item, g_ptr_array_index (item->column_names, i)), inner);
    }
}

static void analyze_from_item (Ctx *ctx, Block *b, PgQuery__Node *node, gboolean outer_nullable);

static void
analyze_dml_cte (Ctx   *ctx,
                 Block *b,
                 Cte   *cte);

static void
analyze_range_var (Ctx               *ctx,
                   Block             *b,
                   PgQuery__RangeVar *rv)
{
  Cte *cte = NULL;
  Item *item;

  if (rv->schemaname == NULL || rv->schemaname[0] == '\0')
    cte = find_cte (ctx, rv->relname);

  if (cte == NULL)
    {
      item = make_rel_item (ctx, rv);
      g_ptr_array_add (b->items, item);
      return;
    }

  if (cte->modifying)
    {
      /* A data-modifying CTE always runs first, as its own plan. */
      item = item_new (ctx, ITEM_OPAQUE);
      item->refname = g_strdup (rv->alias != NULL && rv->alias->aliasname[0] != '\0'
                                ? rv->alias->aliasname : rv->relname);
      item->any_column = TRUE;
      g_ptr_array_add (b->items, item);
      analyze_dml_cte (ctx, b, cte);
      return;
    }

  /* PostgreSQL inlines a CTE referenced once unless MATERIALIZED or recursive;
   * NOT MATERIALIZED inlines it wherever it is used. Citus follows.
   */
  if (cte->cte->ctematerialized != PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways &&
      !cte->cte->cterecursive &&
      (cte->refcount <= 1 || cte->cte->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever) &&
      cte->cte->ctequery != NULL && cte->cte->ctequery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
    {
      Block *sub = analyze_select (ctx, cte->cte->ctequery->select_stmt, NULL);

      if (sub == NULL)
        return;
      item = item_new (ctx, ITEM_SUBQUERY);
      item->refname = g_strdup (rv->alias != NULL && rv->alias->aliasname[0] != '\0'
                                ? rv->alias->aliasname : rv->relname);
      item->sub = sub;
      sub->correlated = FALSE;
      set_item_columns_from_block (item, sub, NULL);
      if (cte->cte->n_aliascolnames > 0)
        for (guint i = 0; i < cte->cte->n_aliascolnames && i < item->column_names->len; i++)
          {
            const char *alias = _sw_pg_query_string (cte->cte->aliascolnames[i]);

            if (alias != NULL)
              {
                g_free (item->column_names->pdata[i]);
                item->column_names->pdata[i] = g_strdup (alias);
              }
          }
      link_item_to_block (ctx, item, sub);
      g_ptr_array_add (b->items, item);
      return;
    }

  /* Materialized: planned once, as a subplan, read as an intermediate result. */
  if (cte->block == NULL && cte->cte->ctequery != NULL &&
      cte->cte->ctequery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
    {
      if (cte->cte->cterecursive)
        {
          /* A recursive CTE's body refers to itself: analyse the non-recursive arm. */
          PgQuery__SelectStmt *body = cte->cte->ctequery->select_stmt;

          if (body->larg != NULL)
            body = body->larg;
          cte->block = analyze_select (ctx, body, NULL);
        }
      else
        cte->block = analyze_select (ctx, cte->cte->ctequery->select_stmt, NULL);
    }

  item = item_new (ctx, ITEM_CTE);
  item->refname = g_strdup (rv->alias != NULL && rv->alias->aliasname[0] != '\0'
                            ? rv->alias->aliasname : rv->relname);
  item->sub = cte->block;
  if (cte->block != NULL)
    {
      set_item_columns_from_block (item, cte->block, rv->alias);
      g_ptr_array_add (b->cte_blocks, cte->block);
    }
  else
    item->any_column = TRUE;
  g_ptr_array_add (b->items, item);
}

static guint
count_items (Block *b)
{
  return b->items->len;
}

static void
union_columns (Ctx        *ctx,
               Block      *b,
               guint       left_start,
               guint       left_end,
               guint       right_end,
               const char *name)
{
  const char *left = NULL;
  const char *right = NULL;

  for (guint i = left_start; i < left_end && left == NULL; i++)
    if (item_has_column (g_ptr_array_index (b->items, i), name))
      left = item_var (ctx, g_ptr_array_index (b->items, i), name);
  for (guint i = left_end; i < right_end && right == NULL; i++)
    if (item_has_column (g_ptr_array_index (b->items, i), name))
      right = item_var (ctx, g_ptr_array_index (b->items, i), name);

  uf_union (ctx, left, right);
}

static void
mark_nullable (Block *b,
               guint  start,
               guint  end)
{
  for (guint i = start; i < end; i++)
    ((Item *) g_ptr_array_index (b->items, i))->outer_nullable = TRUE;
}

static void
analyze_join (Ctx               *ctx,
              Block             *b,
              PgQuery__JoinExpr *join,
              gboolean           outer_nullable)
{
  guint start = count_items (b);
  guint middle;
  guint end;
  gboolean inner = join->jointype == PG_QUERY__JOIN_TYPE__JOIN_INNER;
  gboolean left_nullable = outer_nullable ||
                           join->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
                           join->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
  gboolean right_nullable = outer_nullable ||
                            join->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ||
                            join->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;

  analyze_from_item (ctx, b, join->larg, left_nullable);
  middle = count_items (b);
  analyze_from_item (ctx, b, join->rarg, right_nullable);
  end = count_items (b);

  if (left_nullable && !outer_nullable)
    mark_nullable (b, start, middle);
  if (right_nullable && !outer_nullable)
    mark_nullable (b, middle, end);

  for (guint i = 0; i < join->n_using_clause; i++)
    {
      const char *name = _sw_pg_query_string (join->using_clause[i]);

      if (name != NULL)
        union_columns (ctx, b, start, middle, end, name);
    }

  if (join->is_natural)
    {
      for (guint i = middle; i < end; i++)
        {
          Item *right = g_ptr_array_index (b->items, i);

          if (right->kind == ITEM_REL && right->table != NULL)
            {
              GPtrArray *columns = sw_table_get_columns (right->table);

              for (guint c = 0; c < columns->len; c++)
                {
                  const char *name = sw_column_get_name (g_ptr_array_index (columns, c));

                  union_columns (ctx, b, start, middle, end, name);
                }
            }
          else if (right->column_names != NULL)
            for (guint c = 0; c < right->column_names->len; c++)
              union_columns (ctx, b, start, middle, end, g_ptr_array_index (right->column_names, c));
        }
    }

  /* Join equalities always join. Constants in an outer join's ON only filter
   * the nullable side, which PostgreSQL scans with them: they prune it. They
   * are kept out of the classes while a distributed table is on the preserved
   * side, whose shards they must not prune.
   */
  {
    gboolean prune = inner;

    if (!inner && join->jointype != PG_QUERY__JOIN_TYPE__JOIN_FULL)
      {
        guint from = join->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ? start : middle;
        guint to = join->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ? middle : end;

        prune = TRUE;
        for (guint i = from; i < to && prune; i++)
          {
            Item *item = g_ptr_array_index (b->items, i);

            prune = !(item->kind == ITEM_REL && item_is_distributed (item)) &&
                    !(item->sub != NULL && block_has_dist (item->sub));
          }
      }
    analyze_qual (ctx, b, join->quals, prune);
  }
}

static void
analyze_from_item (Ctx           *ctx,
                   Block         *b,
                   PgQuery__Node *node,
                   gboolean       outer_nullable)
{
  if (node == NULL)
    return;

  if (node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
    analyze_range_var (ctx, b, node->range_var);
  else if (node->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR)
    analyze_join (ctx, b, node->join_expr, outer_nullable);
  else if (node->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT)
      {
        PgQuery__RangeSubselect *rs = node->range_subselect;
        Block *sub;
        Item *item;

        if (rs->subquery == NULL || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
          return;
        /* The parent is visible for LATERAL; a plain subquery cannot see it, but
         * PostgreSQL would have refused such a reference anyway.
         */
        sub = analyze_select (ctx, rs->subquery->select_stmt, b);
        if (sub == NULL)
          return;
        item = item_new (ctx, ITEM_SUBQUERY);
        item->refname = g_strdup (rs->alias != NULL ? rs->alias->aliasname : NULL);
        item->sub = sub;
        set_item_columns_from_block (item, sub, rs->alias);
        link_item_to_block (ctx, item, sub);
        g_ptr_array_add (b->items, item);
      }
  else if (node->node_case == PG_QUERY__NODE__NODE_RANGE_FUNCTION)
      {
        PgQuery__RangeFunction *rf = node->range_function;
        Item *item = item_new (ctx, ITEM_OPAQUE);

        item->refname = g_strdup (rf->alias != NULL ? rf->alias->aliasname : NULL);
        if (item->refname == NULL && rf->n_functions > 0)
          {
            /* ROWS FROM items are lists whose first element is the FuncCall. */
            PgQuery__Node *first = rf->functions[0];

            if (first->node_case == PG_QUERY__NODE__NODE_LIST && first->list->n_items > 0)
              first = first->list->items[0];
            if (first->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && first->func_call->n_funcname > 0)
              item->refname = g_strdup (_sw_pg_query_string (first->func_call->funcname[first->func_call->n_funcname - 1]));
          }
        item->any_column = TRUE;
        if (rf->alias != NULL && rf->alias->n_colnames > 0)
          {
            item->column_names = g_ptr_array_new_with_free_func (g_free);
            for (guint i = 0; i < rf->alias->n_colnames; i++)
              g_ptr_array_add (item->column_names, g_strdup (_sw_pg_query_string (rf->alias->colnames[i])));
          }
        for (guint i = 0; i < rf->n_functions; i++)
          analyze_expr_sublinks (ctx, b, rf->functions[i]);
        g_ptr_array_add (b->items, item);
      }
  else
      {
        /* Table samples, XMLTABLE and the like: an opaque source. */
        Item *item = item_new (ctx, ITEM_OPAQUE);

        item->any_column = TRUE;
        g_ptr_array_add (b->items, item);
      }
}

/* ------------------------------------------------------------------------ */
/* SELECT                                                                    */
/* ------------------------------------------------------------------------ */

static const char * const aggregate_names[] = {
  "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or",
  "every", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev",
  "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "percentile_cont",
  "percentile_disc", "mode", "bit_and", "bit_or", "bit_xor", "xmlagg", "corr", "covar_pop",
  "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2",
  "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "range_agg", "range_intersect_agg",
  "hll_add_agg", "topn_add_agg",
};

typedef struct
{
  Ctx   *ctx;
  Block *b;
} AggScan;

static gboolean
scan_aggregates_cb (PgQuery__Node *node,
                    gpointer       user_data)
{
  AggScan *scan = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    return FALSE;

  if (node->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
    {
      PgQuery__FuncCall *call = node->func_call;
      const char *name = call->n_funcname > 0
                         ? _sw_pg_query_string (call->funcname[call->n_funcname - 1]) : NULL;

      if (call->over != NULL)
        {
          PgQuery__WindowDef *over = call->over;
          gboolean partitioned = FALSE;

          scan->b->has_window = TRUE;
          for (guint i = 0; i < over->n_partition_clause; i++)
            {
              const char *var = expr_var (scan->ctx, scan->b, over->partition_clause[i]);

              if (var != NULL)
                {
                  g_ptr_array_add (scan->b->window_keys, (gpointer) var);
                  partitioned = TRUE;
                }
            }
          if (!partitioned)
            scan->b->n_windows_unpartitioned++;
          return TRUE;
        }

      if (call->agg_star || call->agg_distinct || call->agg_within_group || call->agg_filter != NULL)
        scan->b->has_aggregate = TRUE;
      else if (name != NULL)
        for (guint i = 0; i < G_N_ELEMENTS (aggregate_names); i++)
          if (g_ascii_strcasecmp (name, aggregate_names[i]) == 0)
            {
              scan->b->has_aggregate = TRUE;
              break;
            }
    }

  return TRUE;
}

static void
scan_aggregates (Ctx           *ctx,
                 Block         *b,
                 PgQuery__Node *node)
{
  AggScan scan = { ctx, b };

  if (node != NULL)
    _sw_pg_query_walk ((ProtobufCMessage *) node, FALSE, scan_aggregates_cb, &scan);
}

static void
add_output (Block      *b,
            const char *name,
            const char *key)
{
  g_ptr_array_add (b->outputs, g_strdup (name != NULL ? name : "?column?"));
  g_ptr_array_add (b->output_keys, (gpointer) key);
}

static void
expand_star (Ctx   *ctx,
             Block *b,
             Item  *only)
{
  for (guint i = 0; i < b->items->len; i++)
    {
      Item *item = g_ptr_array_index (b->items, i);

      if (only != NULL && item != only)
        continue;

      if (item->kind == ITEM_REL && item->table != NULL)
        {
          GPtrArray *columns = sw_table_get_columns (item->table);

          for (guint c = 0; c < columns->len; c++)
            {
              const char *name = sw_column_get_name (g_ptr_array_index (columns, c));

              add_output (b, name, item_var (ctx, item, name));
            }
        }
      else if (item->column_names != NULL)
        {
          for (guint c = 0; c < item->column_names->len; c++)
            {
              const char *name = g_ptr_array_index (item->column_names, c);

              add_output (b, name, item_var (ctx, item, name));
            }
        }
    }
}

static void
push_ctes (Ctx                  *ctx,
           PgQuery__WithClause  *with,
           ProtobufCMessage     *owner,
           PgQuery__WithClause **owner_with);

static void
pop_ctes (Ctx                 *ctx,
          PgQuery__WithClause *with)
{
  if (with != NULL && with->n_ctes > 0)
    g_ptr_array_remove_index (ctx->cte_scopes, ctx->cte_scopes->len - 1);
}

static Block *
analyze_select (Ctx                 *ctx,
                PgQuery__SelectStmt *stmt,
                Block               *parent)
{
  Block *b = block_new (ctx, parent);

  push_ctes (ctx, stmt->with_clause, (ProtobufCMessage *) stmt, &stmt->with_clause);

  if (stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
      stmt->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED)
    {
      b->larg = analyze_select (ctx, stmt->larg, parent);
      b->rarg = analyze_select (ctx, stmt->rarg, parent);
      if (b->larg != NULL)
        {
          for (guint i = 0; i < b->larg->outputs->len; i++)
            add_output (b, g_ptr_array_index (b->larg->outputs, i), NULL);
        }
      b->has_limit = stmt->limit_count != NULL || stmt->limit_offset != NULL;
      b->correlated = (b->larg != NULL && b->larg->correlated) || (b->rarg != NULL && b->rarg->correlated);
      pop_ctes (ctx, stmt->with_clause);
      return b;
    }

  for (guint i = 0; i < stmt->n_from_clause; i++)
    analyze_from_item (ctx, b, stmt->from_clause[i], FALSE);

  if (stmt->n_values_lists > 0)
    {
      PgQuery__Node *first = stmt->values_lists[0];

      for (guint i = 0; i < stmt->n_values_lists; i++)
        analyze_expr_sublinks (ctx, b, stmt->values_lists[i]);
      if (first->node_case == PG_QUERY__NODE__NODE_LIST)
        for (guint i = 0; i < first->list->n_items; i++)
          {
            g_autofree char *name = g_strdup_printf ("column%u", i + 1);

            add_output (b, name, NULL);
          }
    }

  analyze_qual (ctx, b, stmt->where_clause, TRUE);

  for (guint i = 0; i < stmt->n_target_list; i++)
    {
      PgQuery__Node *node = stmt->target_list[i];
      PgQuery__ResTarget *target;
      PgQuery__Node *val;

      if (node->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
        continue;
      target = node->res_target;
      val = target->val;

      if (val != NULL && val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
        {
          PgQuery__ColumnRef *ref = val->column_ref;
          PgQuery__Node *last = ref->n_fields > 0 ? ref->fields[ref->n_fields - 1] : NULL;

          if (last != NULL && last->node_case == PG_QUERY__NODE__NODE_A_STAR)
            {
              Item *only = NULL;

              if (ref->n_fields >= 2)
                only = find_item_by_refname (b, _sw_pg_query_string (ref->fields[ref->n_fields - 2]));
              expand_star (ctx, b, only);
              continue;
            }
        }

      analyze_expr_sublinks (ctx, b, val);
      scan_aggregates (ctx, b, val);
      add_output (b, target->name != NULL && target->name[0] != '\0'
                     ? target->name : _sw_pg_query_figure_colname (val),
                  expr_var (ctx, b, val));
    }

  for (guint i = 0; i < stmt->n_group_clause; i++)
    {
      const char *var = expr_var (ctx, b, stmt->group_clause[i]);

      /* GROUP BY 1 names an output column. */
      if (var == NULL)
        {
          gboolean is_param, is_null;
          g_autofree char *text = constant_text (stmt->group_clause[i], &is_param, &is_null);
          guint64 position;

          if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, b->output_keys->len, &position, NULL))
            var = g_ptr_array_index (b->output_keys, position - 1);
        }
      if (var != NULL)
        g_ptr_array_add (b->group_keys, (gpointer) var);
    }
  if (stmt->n_group_clause > 0)
    b->has_aggregate = TRUE;

  if (stmt->having_clause != NULL)
    {
      b->has_aggregate = TRUE;
      analyze_expr_sublinks (ctx, b, stmt->having_clause);
    }

  if (stmt->n_distinct_clause > 0)
    {
      b->has_distinct = TRUE;
      for (guint i = 0; i < stmt->n_distinct_clause; i++)
        {
          const char *var = stmt->distinct_clause[i] != NULL
                            ? expr_var (ctx, b, stmt->distinct_clause[i]) : NULL;

          if (var != NULL)
            g_ptr_array_add (b->distinct_keys, (gpointer) var);
        }
      /* Plain DISTINCT: every output column is a key. */
      if (stmt->n_distinct_clause == 1 &&
          (stmt->distinct_clause[0] == NULL ||
           stmt->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET))
        for (guint i = 0; i < b->output_keys->len; i++)
          if (g_ptr_array_index (b->output_keys, i) != NULL)
            g_ptr_array_add (b->distinct_keys, g_ptr_array_index (b->output_keys, i));
    }

  for (guint i = 0; i < stmt->n_sort_clause; i++)
    analyze_expr_sublinks (ctx, b, stmt->sort_clause[i]);

  b->has_limit = stmt->limit_count != NULL || stmt->limit_offset != NULL;
  b->for_update = stmt->n_locking_clause > 0;

  pop_ctes (ctx, stmt->with_clause);
  return b;
}

static void
count_cte_refs_in (GPtrArray     *ctes,
                   PgQuery__Node *node);

static gboolean
count_cte_refs_cb (PgQuery__Node *node,
                   gpointer       user_data)
{
  GPtrArray *ctes = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR &&
      (node->range_var->schemaname == NULL || node->range_var->schemaname[0] == '\0'))
    {
      for (guint i = 0; i < ctes->len; i++)
        {
          Cte *cte = g_ptr_array_index (ctes, i);

          if (g_str_equal (cte->name, node->range_var->relname))
            cte->refcount++;
        }
    }
  return TRUE;
}

static void
count_cte_refs_in (GPtrArray     *ctes,
                   PgQuery__Node *node)
{
  if (node != NULL)
    _sw_pg_query_walk ((ProtobufCMessage *) node, FALSE, count_cte_refs_cb, ctes);
}

static gboolean
count_cte_refs_message_cb (PgQuery__Node *node,
                           gpointer       user_data)
{
  return count_cte_refs_cb (node, user_data);
}

/* Makes @with's CTEs visible and counts how often each is referenced, in the
 * other CTEs and in @owner, the statement that carries the WITH (its
 * @owner_with is cleared while counting so the bodies are not counted twice):
 * a CTE referenced once is inlined.
 */
static void
push_ctes (Ctx                  *ctx,
           PgQuery__WithClause  *with,
           ProtobufCMessage     *owner,
           PgQuery__WithClause **owner_with)
{
  GPtrArray *scope;

  if (with == NULL || with->n_ctes == 0)
    return;

  scope = g_ptr_array_new_with_free_func ((GDestroyNotify) cte_free);
  for (guint i = 0; i < with->n_ctes; i++)
    {
      PgQuery__Node *node = with->ctes[i];
      Cte *cte;

      if (node->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
        continue;
      cte = g_new0 (Cte, 1);
      cte->name = g_strdup (node->common_table_expr->ctename);
      cte->cte = node->common_table_expr;
      cte->cte->cterecursive = cte->cte->cterecursive || with->recursive;
      cte->modifying = cte->cte->ctequery != NULL &&
                       (cte->cte->ctequery->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
                        cte->cte->ctequery->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
                        cte->cte->ctequery->node_case == PG_QUERY__NODE__NODE_DELETE_STMT);
      g_ptr_array_add (scope, cte);
    }

  for (guint i = 0; i < with->n_ctes; i++)
    {
      PgQuery__Node *node = with->ctes[i];

      if (node->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
        count_cte_refs_in (scope, node->common_table_expr->ctequery);
    }

  if (owner != NULL && owner_with != NULL)
    {
      PgQuery__WithClause *saved = *owner_with;

      *owner_with = NULL;
      _sw_pg_query_walk (owner, FALSE, count_cte_refs_message_cb, scope);
      *owner_with = saved;
    }

  g_ptr_array_add (ctx->cte_scopes, scope);
}

/* ------------------------------------------------------------------------ */
/* Planning                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *dist;       /* Item *, distributed or single-shard */
  GPtrArray *reference;
  GPtrArray *local;
} RelSet;

static void
relset_clear (RelSet *set)
{
  g_clear_pointer (&set->dist, g_ptr_array_unref);
  g_clear_pointer (&set->reference, g_ptr_array_unref);
  g_clear_pointer (&set->local, g_ptr_array_unref);
}

static void
collect_rels (Block  *b,
              RelSet *set,
              GHashTable *seen)
{
  if (b == NULL || g_hash_table_contains (seen, b))
    return;
  g_hash_table_add (seen, b);

  collect_rels (b->larg, set, seen);
  collect_rels (b->rarg, set, seen);

  for (guint i = 0; i < b->items->len; i++)
    {
      Item *item = g_ptr_array_index (b->items, i);

      if (item->kind == ITEM_REL)
        {
          if (item_is_distributed (item))
            g_ptr_array_add (set->dist, item);
          else if (item->plan_kind == SW_PLAN_KIND_REFERENCE)
            g_ptr_array_add (set->reference, item);
          else
            g_ptr_array_add (set->local, item);
        }
      else if (item->sub != NULL)
        collect_rels (item->sub, set, seen);
    }
  for (guint i = 0; i < b->sublinks->len; i++)
    collect_rels (g_ptr_array_index (b->sublinks, i), set, seen);
  for (guint i = 0; i < b->cte_blocks->len; i++)
    collect_rels (g_ptr_array_index (b->cte_blocks, i), set, seen);
}

static void
relset_init (RelSet *set,
             Block  *b)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  set->dist = g_ptr_array_new ();
  set->reference = g_ptr_array_new ();
  set->local = g_ptr_array_new ();
  collect_rels (b, set, seen);
}

/* The values an equivalence class is restricted to: the intersection of every
 * restriction on any of its members. *unrestricted when there is none;
 * *param when a parameter fixes it to one unknown value.
 */
static GPtrArray *
class_values (Ctx        *ctx,
              const char *key,
              gboolean   *unrestricted,
              gboolean   *param)
{
  const char *root = uf_find (ctx, key);
  GPtrArray *result = NULL;
  GHashTableIter iter;
  gpointer k, v;

  *unrestricted = TRUE;
  *param = FALSE;

  g_hash_table_iter_init (&iter, ctx->restrictions);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      GPtrArray *list = v;

      if (uf_find (ctx, k) != root)
        continue;

      for (guint i = 0; i < list->len; i++)
        {
          Restriction *r = g_ptr_array_index (list, i);

          if (r->has_param && r->values->len == 0)
            {
              *param = TRUE;
              *unrestricted = FALSE;
              continue;
            }
          if (r->has_param)
            continue;  /* IN (1, $1): can't narrow it */

          *unrestricted = FALSE;
          if (result == NULL)
            {
              result = g_ptr_array_new_with_free_func (g_free);
              for (guint j = 0; j < r->values->len; j++)
                g_ptr_array_add (result, g_strdup (g_ptr_array_index (r->values, j)));
            }
          else
            {
              /* Intersect by text: exact for the literals applications write. */
              for (guint j = result->len; j > 0; j--)
                {
                  gboolean keep = FALSE;

                  for (guint m = 0; m < r->values->len && !keep; m++)
                    keep = g_str_equal (g_ptr_array_index (result, j - 1), g_ptr_array_index (r->values, m));
                  if (!keep)
                    g_ptr_array_remove_index (result, j - 1);
                }
            }
        }
    }

  if (result != NULL)
    *param = FALSE;

  return result;
}

typedef struct
{
  gboolean  all;       /* no pruning: every shard */
  gboolean  unknown;   /* one shard, not known offline */
  GArray   *indexes;   /* sorted distinct shard indexes */
} Pruned;

static void
pruned_clear (Pruned *p)
{
  g_clear_pointer (&p->indexes, g_array_unref);
}

static guint
pruned_count (Item   *item,
              Pruned *p)
{
  if (p->all)
    return item->shard_count;
  if (p->unknown)
    return 1;
  return p->indexes->len;
}

static void
add_index (GArray *indexes,
           int     index)
{
  guint i;

  for (i = 0; i < indexes->len; i++)
    {
      if (g_array_index (indexes, int, i) == index)
        return;
      if (g_array_index (indexes, int, i) > index)
        break;
    }
  g_array_insert_val (indexes, i, index);
}

static void
prune_item (Ctx    *ctx,
            Item   *item,
            Pruned *p)
{
  g_autoptr(GPtrArray) values = NULL;
  gboolean unrestricted, param;

  p->all = FALSE;
  p->unknown = FALSE;
  p->indexes = g_array_new (FALSE, FALSE, sizeof (int));

  if (item->plan_kind == SW_PLAN_KIND_SINGLE_SHARD || item->shard_count == 1)
    {
      add_index (p->indexes, 0);
      return;
    }

  values = class_values (ctx, dist_var (ctx, item), &unrestricted, &param);
  if (unrestricted)
    {
      p->all = TRUE;
      return;
    }
  if (param)
    {
      p->unknown = TRUE;
      return;
    }

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      gint32 hash;

      if (!item->hashable ||
          !sw_hash_value (item->hash_type, g_ptr_array_index (values, i), &hash, NULL))
        {
          /* Hashing needs the server here (an enum, say): the values still fix
           * the task count's upper bound, not the shards.
           */
          p->unknown = values->len == 1;
          if (!p->unknown)
            p->all = TRUE;
          g_array_set_size (p->indexes, 0);
          return;
        }
      add_index (p->indexes, (int) sw_hash_shard_index (hash, item->shard_count));
    }
}

static void
route_add_tables (SwRoute *route,
                  RelSet  *set)
{
  GPtrArray *lists[3] = { set->dist, set->reference, set->local };

  for (guint l = 0; l < 3; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        Item *item = g_ptr_array_index (lists[l], i);
        g_autofree char *entry = g_strdup_printf ("%s: %s", item->qualified,
                                                  sw_plan_kind_to_string (item->plan_kind));
        gboolean dup = FALSE;

        for (guint j = 0; j < route->tables->len && !dup; j++)
          dup = g_str_equal (g_ptr_array_index (route->tables, j), entry);
        if (!dup)
          g_ptr_array_add (route->tables, g_steal_pointer (&entry));
      }
}

static void
route_set_live_shards (Ctx     *ctx,
                       SwRoute *route,
                       Item    *item)
{
  if (item == NULL || !sw_router_has_cluster (ctx->router))
    return;

  for (guint i = 0; i < route->shards->len; i++)
    {
      gint64 shard_id = 0;
      const char *node = sw_router_get_shard_node (ctx->router, item->qualified,
                                                   g_array_index (route->shards, int, i), &shard_id);
      gboolean dup = FALSE;

      if (node == NULL)
        continue;
      g_array_append_val (route->shard_ids, shard_id);
      for (guint j = 0; j < route->nodes->len && !dup; j++)
        dup = g_str_equal (g_ptr_array_index (route->nodes, j), node);
      if (!dup)
        g_ptr_array_add (route->nodes, g_strdup (node));
    }
}

static void
route_from_pruned (Ctx     *ctx,
                   SwRoute *route,
                   Item    *item,
                   Pruned  *p)
{
  guint count = pruned_count (item, p);

  route->task_count = (int) count;
  route->kind = count == 1 || count == 0 ? SW_ROUTE_KIND_ROUTER : SW_ROUTE_KIND_MULTI_SHARD;

  if (p->all)
    {
      for (guint i = 0; i < item->shard_count; i++)
        sw_route_add_shard (route, (int) i);
    }
  else if (!p->unknown)
    {
      for (guint i = 0; i < p->indexes->len; i++)
        sw_route_add_shard (route, g_array_index (p->indexes, int, i));
    }
  route_set_live_shards (ctx, route, item);
}

/* The router planner's test: every distributed table of the statement, at every
 * level, pruned to one shard, all of one colocation group and the same shard.
 */
static gboolean
try_router (Ctx     *ctx,
            RelSet  *set,
            SwRoute *route)
{
  Item *first = NULL;
  int shard = -2;
  gboolean empty = FALSE;

  if (set->dist->len == 0 || set->local->len > 0)
    return FALSE;

  for (guint i = 0; i < set->dist->len; i++)
    {
      Item *item = g_ptr_array_index (set->dist, i);
      Pruned p = { 0 };
      gboolean ok = TRUE;

      if (first != NULL && item->group != first->group)
        return FALSE;
      if (first == NULL)
        first = item;

      prune_item (ctx, item, &p);
      if (p.all)
        ok = item->shard_count == 1;
      else if (!p.unknown && p.indexes->len == 0)
        empty = TRUE;
      else if (!p.unknown && p.indexes->len > 1)
        ok = FALSE;
      else if (!p.unknown)
        {
          int index = g_array_index (p.indexes, int, 0);

          if (shard == -2)
            shard = index;
          else if (shard != index && shard != -1)
            ok = FALSE;
        }
      else if (shard == -2)
        shard = -1;
      pruned_clear (&p);

      if (!ok)
        return FALSE;
    }

  route->kind = SW_ROUTE_KIND_ROUTER;
  if (empty)
    {
      route->task_count = 0;
      route->reason = g_strdup (_("The filters on the distribution column contradict each other: no shard can match"));
      return TRUE;
    }

  route->task_count = 1;
  if (shard >= 0)
    {
      sw_route_add_shard (route, shard);
      route_set_live_shards (ctx, route, first);
    }
  if (set->dist->len == 1)
    route->reason = shard >= 0
                    ? g_strdup_printf (_("The distribution column of %s is fixed, so one shard (index %d) answers"),
                                       first->qualified, shard)
                    : g_strdup_printf (_("The distribution column of %s is fixed by a parameter, so one shard answers"),
                                       first->qualified);
  else
    route->reason = g_strdup (_("Every distributed table is colocated and filtered to the same shard, so one task answers"));
  return TRUE;
}

static const char *
block_dist_root (Ctx   *ctx,
                 Block *b,
                 Item **anchor);

/* May a subquery be pushed down into the shards, joined with the outer query?
 * Not when its result needs the whole table first: LIMIT, aggregates or
 * DISTINCT not grouped by the distribution column, unpartitioned windows.
 */
static gboolean
block_is_safe (Ctx        *ctx,
               Block      *b,
               const char **why)
{
  Item *anchor = NULL;
  const char *root;

  if (b->larg != NULL || b->rarg != NULL)
    {
      *why = _("it is a set operation");
      return FALSE;
    }
  if (b->has_limit)
    {
      *why = _("it has a LIMIT or OFFSET");
      return FALSE;
    }

  root = block_dist_root (ctx, b, &anchor);

  if (b->has_aggregate)
    {
      gboolean grouped = FALSE;

      for (guint i = 0; i < b->group_keys->len && !grouped; i++)
        grouped = root != NULL && uf_find (ctx, g_ptr_array_index (b->group_keys, i)) == root;
      if (!grouped)
        {
          *why = _("it aggregates without grouping by the distribution column");
          return FALSE;
        }
    }
  if (b->has_distinct)
    {
      gboolean keyed = FALSE;

      for (guint i = 0; i < b->distinct_keys->len && !keyed; i++)
        keyed = root != NULL && uf_find (ctx, g_ptr_array_index (b->distinct_keys, i)) == root;
      if (!keyed)
        {
          *why = _("it uses DISTINCT without the distribution column");
          return FALSE;
        }
    }
  if (b->has_window)
    {
      gboolean partitioned = b->n_windows_unpartitioned == 0;

      if (partitioned)
        {
          gboolean any = FALSE;

          for (guint i = 0; i < b->window_keys->len && !any; i++)
            any = root != NULL && uf_find (ctx, g_ptr_array_index (b->window_keys, i)) == root;
          partitioned = any;
        }
      if (!partitioned)
        {
          *why = _("it has a window function not partitioned by the distribution column");
          return FALSE;
        }
    }
  if (b->for_update)
    {
      *why = _("it locks rows (FOR UPDATE/SHARE)");
      return FALSE;
    }

  return TRUE;
}

/* The equivalence class that the block's distributed tables are joined on, or
 * NULL when they are not all joined on their distribution columns.
 */
static const char *
block_dist_root (Ctx   *ctx,
                 Block *b,
                 Item **anchor)
{
  RelSet set;
  const char *root = NULL;
  int group = -1;
  gboolean ok = TRUE;

  relset_init (&set, b);
  for (guint i = 0; i < set.dist->len && ok; i++)
    {
      Item *item = g_ptr_array_index (set.dist, i);
      const char *r = uf_find (ctx, dist_var (ctx, item));

      if (root == NULL)
        {
          root = r;
          group = item->group;
          if (anchor != NULL)
            *anchor = item;
        }
      else if (r != root || item->group != group)
        ok = FALSE;
    }
  relset_clear (&set);

  return ok ? root : NULL;
}

static gboolean
block_has_dist (Block *b)
{
  RelSet set;
  gboolean has;

  relset_init (&set, b);
  has = set.dist->len > 0;
  relset_clear (&set);
  return has;
}

static gboolean
block_has_citus (Block *b)
{
  RelSet set;
  gboolean has;

  relset_init (&set, b);
  has = set.dist->len > 0 || set.reference->len > 0;
  relset_clear (&set);
  return has;
}

typedef struct
{
  Item       *item;   /* a distributed table, or NULL for a subquery unit */
  Item       *from;   /* the FROM item of a subquery unit; NULL for a sublink */
  Block      *block;  /* a pushed-down subquery */
  const char *root;   /* the class its distribution column is in */
  int         group;
  Item       *anchor; /* a distributed table inside, to prune with */
} Unit;

static SwRoute *
subplan_for (Ctx   *ctx,
             Block *b)
{
  SwRoute *route = plan_block (ctx, b);

  return route;
}

static SwRoute *
plan_local_only (RelSet *set)
{
  SwRoute *route = sw_route_new (SW_ROUTE_KIND_LOCAL);

  route->task_count = 0;
  route->reason = g_strdup (_("No Citus table is involved: PostgreSQL plans it on the coordinator"));
  route_add_tables (route, set);
  return route;
}

/* Plans what the router planner could not: recursive planning, then pushdown
 * or repartition. @modify: an UPDATE/DELETE, where Citus refuses non-colocated
 * joins instead of repartitioning.
 */
static SwRoute *
plan_distributed (Ctx     *ctx,
                  Block   *b,
                  RelSet  *all,
                  gboolean modify)
{
  g_autoptr(SwRoute) route = sw_route_new (SW_ROUTE_KIND_MULTI_SHARD);
  g_autoptr(GArray) units = g_array_new (FALSE, TRUE, sizeof (Unit));
  gboolean has_reference = FALSE;
  gboolean has_recurring = FALSE;
  GPtrArray *locals = g_ptr_array_new ();

  route_add_tables (route, all);

  /* Set operations that the router could not take: each arm is planned on its
   * own and the coordinator combines the intermediate results.
   */
  if (b->larg != NULL || b->rarg != NULL)
    {
      Block *arms[2] = { b->larg, b->rarg };

      for (guint i = 0; i < 2; i++)
        {
          if (arms[i] == NULL)
            continue;
          if (block_has_dist (arms[i]))
            g_ptr_array_add (route->subplans, subplan_for (ctx, arms[i]));
        }
      route->kind = SW_ROUTE_KIND_ROUTER;
      route->task_count = 1;
      route->reason = g_strdup (_("The arms of the set operation are planned separately; one task combines their results"));
      g_ptr_array_unref (locals);
      return g_steal_pointer (&route);
    }

  for (guint i = 0; i < b->cte_routes->len; i++)
    g_ptr_array_add (route->subplans, sw_route_copy (g_ptr_array_index (b->cte_routes, i)));

  for (guint i = 0; i < b->cte_blocks->len; i++)
    {
      Block *cte = g_ptr_array_index (b->cte_blocks, i);
      gboolean dup = FALSE;

      for (guint j = 0; j < i && !dup; j++)
        dup = g_ptr_array_index (b->cte_blocks, j) == cte;
      if (!dup && block_has_citus (cte))
        g_ptr_array_add (route->subplans, subplan_for (ctx, cte));
      has_recurring = TRUE;
    }

  for (guint i = 0; i < b->items->len; i++)
    {
      Item *item = g_ptr_array_index (b->items, i);
      Unit unit = { 0 };

      switch (item->kind)
        {
        case ITEM_REL:
          if (item_is_distributed (item))
            {
              unit.item = item;
              unit.anchor = item;
              unit.root = uf_find (ctx, dist_var (ctx, item));
              unit.group = item->group;
              g_array_append_val (units, unit);
            }
          else if (item->plan_kind == SW_PLAN_KIND_REFERENCE)
            has_reference = TRUE;
          else
            g_ptr_array_add (locals, item);
          break;

        case ITEM_SUBQUERY:
          {
            const char *why = NULL;

            if (!block_has_dist (item->sub))
              {
                if (block_has_citus (item->sub))
                  has_reference = TRUE;
                else
                  {
                    RelSet sub;

                    relset_init (&sub, item->sub);
                    if (sub.local->len > 0)
                      g_ptr_array_add (locals, item);
                    relset_clear (&sub);
                  }
                break;
              }
            if (block_is_safe (ctx, item->sub, &why) &&
                (unit.root = block_dist_root (ctx, item->sub, &unit.anchor)) != NULL)
              {
                unit.block = item->sub;
                unit.from = item;
                unit.group = unit.anchor->group;
                g_array_append_val (units, unit);
              }
            else
              {
                g_ptr_array_add (route->subplans, subplan_for (ctx, item->sub));
                has_recurring = TRUE;
              }
            break;
          }

        case ITEM_CTE:
        case ITEM_OPAQUE:
        default:
          has_recurring = TRUE;
          break;
        }
    }

  /* Sublinks: pushed down when joined on the distribution column, planned
   * first when they stand alone, refused when correlated otherwise.
   */
  for (guint i = 0; i < b->sublinks->len; i++)
    {
      Block *sub = g_ptr_array_index (b->sublinks, i);
      const char *why = NULL;
      Unit unit = { 0 };

      if (!block_has_dist (sub))
        continue;

      if (block_is_safe (ctx, sub, &why) &&
          (unit.root = block_dist_root (ctx, sub, &unit.anchor)) != NULL)
        {
          gboolean joined = FALSE;

          for (guint u = 0; u < units->len && !joined; u++)
            joined = g_array_index (units, Unit, u).root == unit.root &&
                     g_array_index (units, Unit, u).group == unit.anchor->group;
          /* A correlated subquery under a FROM of reference tables only
           * cannot be pushed down, nor planned on its own.
           */
          if (units->len == 0 && sub->correlated && (has_reference || locals->len > 0))
            {
              route->kind = SW_ROUTE_KIND_UNSUPPORTED;
              route->task_count = 0;
              route->reason = g_strdup (has_reference ? CITUS_CORRELATED_REFERENCE : CITUS_LOCAL_JOIN);
              g_ptr_array_unref (locals);
              return g_steal_pointer (&route);
            }
          if (joined || (units->len == 0 && sub->correlated))
            {
              unit.block = sub;
              unit.group = unit.anchor->group;
              g_array_append_val (units, unit);
              continue;
            }
        }

      if (sub->correlated)
        {
          route->kind = SW_ROUTE_KIND_UNSUPPORTED;
          route->task_count = 0;
          route->reason = g_strdup (CITUS_CORRELATED);
          g_ptr_array_unref (locals);
          return g_steal_pointer (&route);
        }
      g_ptr_array_add (route->subplans, subplan_for (ctx, sub));
    }

  /* Outer joins whose preserved side recurs (reference or plain tables, or
   * intermediate results) and whose nullable side holds every distributed
   * table. Citus 13 pushes a LEFT/RIGHT join down when only reference tables
   * are preserved and the join is on the distribution column (each shard
   * joins its slice of the reference table); otherwise it plans the
   * distributed side first and runs the join in one task.
   */
  if (units->len > 0 && b->target == NULL && !modify)
    {
      gboolean all_nullable = TRUE;
      gboolean any_recurring = FALSE;
      gboolean preserved_only_reference = TRUE;
      gboolean joined_on_dist = FALSE;

      for (guint i = 0; i < units->len && all_nullable; i++)
        {
          Unit *unit = &g_array_index (units, Unit, i);
          Item *from = unit->item != NULL ? unit->item : unit->from;

          all_nullable = from != NULL && from->outer_nullable;
        }

      for (guint i = 0; all_nullable && i < b->items->len; i++)
        {
          Item *item = g_ptr_array_index (b->items, i);
          gboolean reference;

          if (item->kind == ITEM_REL && item_is_distributed (item))
            continue;
          if (item->kind == ITEM_SUBQUERY && block_has_dist (item->sub))
            {
              /* Planned first above: its result recurs. */
              gboolean is_unit = FALSE;

              for (guint u = 0; u < units->len && !is_unit; u++)
                is_unit = g_array_index (units, Unit, u).from == item;
              if (is_unit)
                continue;
            }

          any_recurring = TRUE;
          reference = (item->kind == ITEM_REL && item->plan_kind == SW_PLAN_KIND_REFERENCE) ||
                      (item->kind == ITEM_SUBQUERY && !block_has_dist (item->sub) && block_has_citus (item->sub));
          if (item->outer_nullable)
            preserved_only_reference = FALSE;   /* a FULL join */
          else if (!reference)
            preserved_only_reference = FALSE;

          if (reference && item->kind == ITEM_REL)
            for (guint u = 0; u < units->len && !joined_on_dist; u++)
              {
                GPtrArray *columns = sw_table_get_columns (item->table);

                for (guint c = 0; c < columns->len && !joined_on_dist; c++)
                  {
                    const char *key = var_key (ctx, item, sw_column_get_name (g_ptr_array_index (columns, c)));

                    joined_on_dist = uf_find (ctx, key) == g_array_index (units, Unit, u).root;
                  }
              }
        }

      /* Citus pushes down only one distributed table under recurring data. */
      if (all_nullable && any_recurring && !(preserved_only_reference && joined_on_dist && units->len == 1))
        {
          for (guint i = 0; i < units->len; i++)
            {
              Unit *unit = &g_array_index (units, Unit, i);

              if (unit->block != NULL)
                g_ptr_array_add (route->subplans, subplan_for (ctx, unit->block));
              else
                {
                  SwRoute *sub = sw_route_new (SW_ROUTE_KIND_MULTI_SHARD);
                  Pruned p = { 0 };

                  prune_item (ctx, unit->item, &p);
                  route_from_pruned (ctx, sub, unit->item, &p);
                  pruned_clear (&p);
                  sub->reason = g_strdup_printf (_("%s, on the nullable side of an outer join with recurring data, is read first"),
                                                 unit->item->qualified);
                  g_ptr_array_add (sub->tables, g_strdup_printf ("%s: %s", unit->item->qualified,
                                                                 sw_plan_kind_to_string (unit->item->plan_kind)));
                  g_ptr_array_add (route->subplans, sub);
                }
            }
          route->kind = locals->len > 0 || !has_reference ? SW_ROUTE_KIND_ROUTER : SW_ROUTE_KIND_REFERENCE;
          route->task_count = 1;
          g_array_set_size (route->shards, 0);
          if (route->kind == SW_ROUTE_KIND_REFERENCE)
            sw_route_add_shard (route, 0);
          route->reason = g_strdup (_("The outer join keeps every row of recurring data (reference or plain tables): "
                                      "the distributed side is planned first and the join runs in one task"));
          g_ptr_array_unref (locals);
          return g_steal_pointer (&route);
        }
    }

  /* Plain tables next to distributed ones are read first (local table joins). */
  if (units->len > 0)
    for (guint i = 0; i < locals->len; i++)
      {
        Item *item = g_ptr_array_index (locals, i);
        SwRoute *local = sw_route_new (SW_ROUTE_KIND_LOCAL);

        local->task_count = 0;
        local->reason = g_strdup_printf (_("%s is a plain table: it is read on the coordinator and sent to the workers"),
                                         item->qualified != NULL ? item->qualified : item->refname);
        g_ptr_array_add (route->subplans, local);
      }
  g_ptr_array_unref (locals);

  if (units->len == 0)
    {
      route->kind = has_reference ? SW_ROUTE_KIND_REFERENCE : SW_ROUTE_KIND_ROUTER;
      route->task_count = 1;
      if (has_reference)
        sw_route_add_shard (route, 0);
      route->reason = g_strdup (_("The distributed parts run first as subplans; the rest reads their results in one task"));
      (void) has_recurring;
      return g_steal_pointer (&route);
    }

  /* Non-colocated subqueries are planned first, around the first distributed table. */
  {
    Unit *anchor = NULL;

    for (guint i = 0; i < units->len && anchor == NULL; i++)
      if (g_array_index (units, Unit, i).item != NULL)
        anchor = &g_array_index (units, Unit, i);
    if (anchor == NULL)
      anchor = &g_array_index (units, Unit, 0);

    for (guint i = units->len; i > 0; i--)
      {
        Unit *unit = &g_array_index (units, Unit, i - 1);

        if (unit->block != NULL && unit != anchor &&
            (unit->root != anchor->root || unit->group != anchor->group))
          {
            if (unit->block->correlated)
              {
                route->kind = SW_ROUTE_KIND_UNSUPPORTED;
                route->task_count = 0;
                route->reason = g_strdup (CITUS_CORRELATED);
                return g_steal_pointer (&route);
              }
            g_ptr_array_add (route->subplans, subplan_for (ctx, unit->block));
            g_array_remove_index (units, i - 1);
            if (anchor > unit)
              anchor--;
          }
      }
  }

  /* Colocated and joined on the distribution column: pushed down. */
  {
    Unit *first = &g_array_index (units, Unit, 0);
    gboolean colocated = TRUE;

    for (guint i = 1; i < units->len && colocated; i++)
      {
        Unit *unit = &g_array_index (units, Unit, i);

        colocated = unit->root == first->root && unit->group == first->group;
      }

    if (colocated)
      {
        Pruned p = { 0 };
        Item *target = b->target != NULL && item_is_distributed (b->target) ? b->target : first->anchor;

        prune_item (ctx, target, &p);
        route_from_pruned (ctx, route, target, &p);
        pruned_clear (&p);

        if (route->kind == SW_ROUTE_KIND_MULTI_SHARD && b->for_update && b->target == NULL)
          {
            route->kind = SW_ROUTE_KIND_UNSUPPORTED;
            route->task_count = 0;
            g_array_set_size (route->shards, 0);
            route->reason = g_strdup (CITUS_FOR_UPDATE);
            return g_steal_pointer (&route);
          }

        if (route->kind == SW_ROUTE_KIND_ROUTER)
          route->reason = g_strdup (_("After recursive planning, the rest prunes to one shard"));
        else if (units->len > 1)
          route->reason = g_strdup_printf (_("Colocated tables joined on the distribution column: pushed down to %d shards"),
                                           route->task_count);
        else
          route->reason = g_strdup_printf (_("No single distribution column value: the query runs on %d shards"),
                                           route->task_count);
        return g_steal_pointer (&route);
      }
  }

  /* Not joined on the distribution columns. */
  if (modify)
    {
      route->kind = SW_ROUTE_KIND_UNSUPPORTED;
      route->task_count = 0;
      route->reason = g_strdup (CITUS_COMPLEX_JOINS);
      return g_steal_pointer (&route);
    }

  route->needs_repartition_joins = TRUE;
  if (!ctx->router->enable_repartition_joins)
    {
      route->kind = SW_ROUTE_KIND_UNSUPPORTED;
      route->task_count = 0;
      route->reason = g_strdup (CITUS_REPARTITION_OFF);
      route->hint = g_strdup (CITUS_REPARTITION_HINT);
      return g_steal_pointer (&route);
    }

  route->kind = SW_ROUTE_KIND_REPARTITION;
  route->task_count = (int) (SW_ROUTER_DEFAULT_BUCKETS_PER_NODE * ctx->router->node_count);
  route->reason = g_strdup_printf (_("The join is not on the distribution columns of colocated tables: "
                                     "both sides are repartitioned into %d buckets (needs citus.enable_repartition_joins)"),
                                   route->task_count);
  return g_steal_pointer (&route);
}

static SwRoute *
plan_block (Ctx   *ctx,
            Block *b)
{
  RelSet set;
  SwRoute *route;

  relset_init (&set, b);

  if (set.dist->len == 0 && set.reference->len == 0)
    {
      route = plan_local_only (&set);
      relset_clear (&set);
      return route;
    }

  if (set.dist->len == 0 && set.local->len > 0)
    {
      /* The coordinator holds a placement of every reference table: the
       * plain tables are joined with it there, in one task.
       */
      route = sw_route_new (SW_ROUTE_KIND_ROUTER);
      route->task_count = 1;
      route->reason = g_strdup (_("Plain and reference tables: joined on the coordinator, which holds the reference tables too, in one task"));
      route_add_tables (route, &set);
      relset_clear (&set);
      return route;
    }

  if (set.dist->len == 0)
    {
      route = sw_route_new (SW_ROUTE_KIND_REFERENCE);
      route->task_count = 1;
      sw_route_add_shard (route, 0);
      route->reason = g_strdup (_("Only reference tables: one task on one node"));
      route_add_tables (route, &set);
      relset_clear (&set);
      return route;
    }

  route = sw_route_new (SW_ROUTE_KIND_ROUTER);
  route_add_tables (route, &set);
  if (try_router (ctx, &set, route))
    {
      relset_clear (&set);
      return route;
    }
  sw_route_free (route);

  route = plan_distributed (ctx, b, &set, FALSE);
  relset_clear (&set);
  return route;
}

/* ------------------------------------------------------------------------ */
/* DML                                                                       */
/* ------------------------------------------------------------------------ */

static SwRoute *route_statement (Ctx *ctx, PgQuery__Node *stmt);

static void
analyze_dml_cte (Ctx   *ctx,
                 Block *b,
                 Cte   *cte)
{
  if (cte->dml_route == NULL)
    {
      cte->dml_route = route_statement (ctx, cte->cte->ctequery);
      g_ptr_array_add (ctx->owned_routes, cte->dml_route);
    }
  if (cte->dml_route != NULL)
    g_ptr_array_add (b->cte_routes, cte->dml_route);
}

static SwRoute *
unsupported (const char *reason,
             const char *hint)
{
  SwRoute *route = sw_route_new (SW_ROUTE_KIND_UNSUPPORTED);

  route->task_count = 0;
  route->reason = g_strdup (reason);
  route->hint = g_strdup (hint);
  return route;
}

static gboolean
sets_column (PgQuery__Node **targets,
             size_t          n_targets,
             const char     *column)
{
  for (guint i = 0; i < n_targets; i++)
    {
      PgQuery__Node *node = targets[i];

      if (node->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
          node->res_target->name != NULL && g_str_equal (node->res_target->name, column))
        return TRUE;
    }
  return FALSE;
}

/* UPDATE and DELETE: the target and its FROM/USING tables form one block. */
static SwRoute *
route_modify (Ctx                *ctx,
              PgQuery__RangeVar  *relation,
              PgQuery__Node     **from,
              size_t              n_from,
              PgQuery__Node      *where,
              PgQuery__Node     **targets,
              size_t              n_targets,
              PgQuery__Node     **returning,
              size_t              n_returning)
{
  Block *b = block_new (ctx, NULL);
  Item *target;
  RelSet set;
  SwRoute *route;

  analyze_range_var (ctx, b, relation);
  target = b->items->len > 0 ? g_ptr_array_index (b->items, 0) : NULL;
  b->target = target;
  for (guint i = 0; i < n_from; i++)
    analyze_from_item (ctx, b, from[i], FALSE);
  analyze_qual (ctx, b, where, TRUE);
  for (guint i = 0; i < n_targets; i++)
    if (targets[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
      analyze_expr_sublinks (ctx, b, targets[i]->res_target->val);
  for (guint i = 0; i < n_returning; i++)
    analyze_expr_sublinks (ctx, b, returning[i]);

  if (target == NULL || target->kind != ITEM_REL)
    return plan_block (ctx, b);

  if (target->plan_kind == SW_PLAN_KIND_DISTRIBUTED && target->dist_column != NULL &&
      sets_column (targets, n_targets, target->dist_column))
    return unsupported (CITUS_MODIFY_PARTITION_VALUE, NULL);

  relset_init (&set, b);

  if (target->plan_kind == SW_PLAN_KIND_REFERENCE)
    {
      for (guint i = 0; i < b->items->len; i++)
        if (item_is_distributed (g_ptr_array_index (b->items, i)))
          {
            relset_clear (&set);
            return unsupported (CITUS_MODIFY_REFERENCE, NULL);
          }
    }

  if (!item_is_distributed (target))
    {
      if (set.dist->len == 0)
        {
          route = set.reference->len > 0 && target->plan_kind == SW_PLAN_KIND_REFERENCE
                  ? plan_block (ctx, b) : NULL;
          if (route == NULL && set.reference->len > 0)
            {
              /* The coordinator holds the reference tables: one task there. */
              route = sw_route_new (SW_ROUTE_KIND_ROUTER);
              route->task_count = 1;
              route->reason = g_strdup (_("A plain table is modified with reference data: one task on the coordinator, "
                                          "which holds the reference tables too"));
              route_add_tables (route, &set);
              relset_clear (&set);
              return route;
            }
          if (route == NULL)
            {
              route = plan_local_only (&set);
              if (set.reference->len > 0)
                {
                  /* A plain table modified with reference data: the reference table is read first. */
                  route->reason = g_strdup (_("A plain table is modified; the reference tables it reads are planned first"));
                }
            }
          relset_clear (&set);
          return route;
        }

      /* Distributed data read by a modification of a plain or reference table:
       * the distributed parts run first.
       */
      route = plan_distributed (ctx, b, &set, FALSE);
      if (target->plan_kind == SW_PLAN_KIND_LOCAL && route->kind != SW_ROUTE_KIND_UNSUPPORTED)
        {
          /* The plain table stays on the coordinator: Citus reads the
           * distributed tables first and runs the modification as one task.
           */
          if (route->subplans->len == 0 || route->kind == SW_ROUTE_KIND_MULTI_SHARD)
            {
              g_ptr_array_set_size (route->subplans, 0);
              for (guint i = 0; i < set.dist->len; i++)
                {
                  Item *item = g_ptr_array_index (set.dist, i);
                  SwRoute *sub = sw_route_new (SW_ROUTE_KIND_MULTI_SHARD);
                  Pruned p = { 0 };

                  prune_item (ctx, item, &p);
                  route_from_pruned (ctx, sub, item, &p);
                  pruned_clear (&p);
                  sub->reason = g_strdup_printf (_("%s is read first for the plain table's modification"),
                                                 item->qualified);
                  g_ptr_array_add (route->subplans, sub);
                }
            }
          route->kind = SW_ROUTE_KIND_ROUTER;
          route->task_count = 1;
          g_array_set_size (route->shards, 0);
          g_free (route->reason);
          route->reason = g_strdup (_("A plain table is modified with distributed data: the distributed tables are read first, "
                                      "then one task on the coordinator"));
        }
      relset_clear (&set);
      return route;
    }

  route = sw_route_new (SW_ROUTE_KIND_ROUTER);
  route_add_tables (route, &set);
  if (try_router (ctx, &set, route))
    {
      relset_clear (&set);
      return route;
    }
  sw_route_free (route);

  route = plan_distributed (ctx, b, &set, TRUE);
  relset_clear (&set);
  return route;
}

static int
insert_dist_position (Item              *target,
                      PgQuery__InsertStmt *stmt,
                      gboolean          *has_default)
{
  SwColumn *column;

  *has_default = FALSE;
  if (target->table == NULL || target->dist_column == NULL)
    return -1;

  column = sw_table_find_column (target->table, target->dist_column);
  if (column != NULL)
    *has_default = sw_column_get_default_expr (column) != NULL ||
                   sw_column_get_identity (column) != SW_IDENTITY_NONE;

  if (stmt->n_cols > 0)
    {
      for (guint i = 0; i < stmt->n_cols; i++)
        {
          PgQuery__Node *node = stmt->cols[i];

          if (node->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
              g_str_equal (node->res_target->name, target->dist_column))
            return (int) i;
        }
      return -1;
    }

  return column != NULL ? sw_column_get_attnum (column) - 1 : -1;
}

static SwRoute *
route_insert (Ctx                 *ctx,
              PgQuery__InsertStmt *stmt)
{
  Block *b = block_new (ctx, NULL);
  PgQuery__SelectStmt *select = stmt->select_stmt != NULL &&
                                stmt->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT
                                ? stmt->select_stmt->select_stmt : NULL;
  Item *target;
  gboolean is_values;
  gboolean has_default;
  int position;

  analyze_range_var (ctx, b, stmt->relation);
  target = b->items->len > 0 ? g_ptr_array_index (b->items, 0) : NULL;
  if (target == NULL || target->kind != ITEM_REL)
    return unsupported (_("The target of the INSERT is not a table"), NULL);
  b->target = target;

  is_values = select == NULL ||
              (select->n_values_lists > 0 && select->n_from_clause == 0 &&
               (select->op == PG_QUERY__SET_OPERATION__SETOP_NONE ||
                select->op == PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED));

  position = insert_dist_position (target, stmt, &has_default);

  if (target->plan_kind == SW_PLAN_KIND_DISTRIBUTED && stmt->on_conflict_clause != NULL &&
      stmt->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE &&
      sets_column (stmt->on_conflict_clause->target_list, stmt->on_conflict_clause->n_target_list,
                   target->dist_column))
    return unsupported (CITUS_MODIFY_PARTITION_VALUE, NULL);

  if (is_values)
    {
      SwRoute *route;
      RelSet set;
      g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (int));
      guint unknown_rows = 0;
      guint rows = select != NULL ? select->n_values_lists : 1;

      if (select != NULL)
        for (guint i = 0; i < select->n_values_lists; i++)
          analyze_expr_sublinks (ctx, b, select->values_lists[i]);

      relset_init (&set, b);

      if (target->plan_kind == SW_PLAN_KIND_REFERENCE)
        {
          route = sw_route_new (SW_ROUTE_KIND_REFERENCE);
          route->task_count = 1;
          sw_route_add_shard (route, 0);
          route->reason = g_strdup (_("An INSERT into a reference table: one task, replicated to every node"));
          route_add_tables (route, &set);
          relset_clear (&set);
          return route;
        }
      if (!item_is_distributed (target))
        {
          route = plan_local_only (&set);
          relset_clear (&set);
          return route;
        }
      if (target->plan_kind == SW_PLAN_KIND_SINGLE_SHARD)
        {
          route = sw_route_new (SW_ROUTE_KIND_ROUTER);
          route->task_count = 1;
          sw_route_add_shard (route, 0);
          route_set_live_shards (ctx, route, target);
          route->reason = g_strdup (_("A single-shard table: one task"));
          route_add_tables (route, &set);
          relset_clear (&set);
          return route;
        }

      if (position < 0 && !has_default)
        {
          relset_clear (&set);
          return unsupported (CITUS_NO_PARTITION_VALUE, NULL);
        }

      for (guint r = 0; r < rows; r++)
        {
          PgQuery__Node *value = NULL;
          gboolean is_param = FALSE, is_null = FALSE;
          g_autofree char *text = NULL;
          gint32 hash;

          if (select != NULL && position >= 0)
            {
              PgQuery__Node *row = select->values_lists[r];

              if (row->node_case == PG_QUERY__NODE__NODE_LIST && (guint) position < row->list->n_items)
                value = row->list->items[position];
            }

          if (value == NULL || value->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            {
              if (!has_default)
                {
                  relset_clear (&set);
                  return unsupported (CITUS_NO_PARTITION_VALUE, NULL);
                }
              unknown_rows++;
              continue;
            }

          text = constant_text (value, &is_param, &is_null);
          if (is_null)
            {
              relset_clear (&set);
              return unsupported (CITUS_NULL_PARTITION_VALUE, NULL);
            }
          if (text != NULL && target->hashable &&
              sw_hash_value (target->hash_type, text, &hash, NULL))
            add_index (indexes, (int) sw_hash_shard_index (hash, target->shard_count));
          else
            unknown_rows++;
        }

      route = sw_route_new (SW_ROUTE_KIND_ROUTER);
      route_add_tables (route, &set);
      relset_clear (&set);

      for (guint i = 0; i < indexes->len; i++)
        sw_route_add_shard (route, g_array_index (indexes, int, i));
      route->task_count = (int) MIN (indexes->len + unknown_rows, target->shard_count);
      if (unknown_rows > 0 && indexes->len + unknown_rows > 1)
        route->task_count = -1;
      route->kind = rows == 1 || (unknown_rows == 0 && indexes->len == 1)
                    ? SW_ROUTE_KIND_ROUTER : SW_ROUTE_KIND_MULTI_SHARD;
      if (route->task_count == -1 && rows > 1)
        route->kind = SW_ROUTE_KIND_MULTI_SHARD;
      route_set_live_shards (ctx, route, target);
      route->reason = route->kind == SW_ROUTE_KIND_ROUTER
                      ? g_strdup (_("Every row goes to the same shard: one task"))
                      : g_strdup_printf (_("The rows go to %d shards: one task per shard"), route->task_count);
      return route;
    }

  /* INSERT … SELECT */
  {
    Block *sb;
    SwRoute *select_route;
    SwRoute *route;
    RelSet set;
    const char *why = NULL;

    push_ctes (ctx, stmt->with_clause, (ProtobufCMessage *) stmt, &stmt->with_clause);
    sb = analyze_select (ctx, select, NULL);
    pop_ctes (ctx, stmt->with_clause);

    relset_init (&set, sb);

    if (!item_is_distributed (target))
      {
        if (set.dist->len == 0 && set.local->len > 0 && target->plan_kind == SW_PLAN_KIND_REFERENCE)
          {
            /* Plain rows into a reference table: collected on the coordinator
             * and written by Citus's INSERT … SELECT scan, which has no task.
             */
            route = sw_route_new (SW_ROUTE_KIND_ROUTER);
            route->task_count = 0;
            route->reason = g_strdup (_("The SELECT's rows are collected on the coordinator and then inserted"));
            route->insert_select_method = g_strdup ("pull to coordinator");
            route_add_tables (route, &set);
            relset_clear (&set);
            return route;
          }
        if (set.dist->len == 0)
          {
            route = target->plan_kind == SW_PLAN_KIND_REFERENCE
                    ? sw_route_new (SW_ROUTE_KIND_REFERENCE) : plan_local_only (&set);
            if (target->plan_kind == SW_PLAN_KIND_REFERENCE)
              {
                route->task_count = 1;
                sw_route_add_shard (route, 0);
                route->reason = g_strdup (_("INSERT … SELECT between reference tables: one task"));
                route->insert_select_method = g_strdup ("pushdown");
              }
            route_add_tables (route, &set);
            relset_clear (&set);
            return route;
          }
        relset_clear (&set);
        route = plan_block (ctx, sb);
        g_free (route->insert_select_method);
        route->insert_select_method = g_strdup ("pull to coordinator");
        return route;
      }

    select_route = plan_block (ctx, sb);

    /* Pushed down when the SELECT reads only tables colocated with the target
     * and puts their distribution column into the target's.
     */
    if (set.local->len == 0 && set.dist->len > 0 && position >= 0 &&
        (guint) position < sb->output_keys->len &&
        g_ptr_array_index (sb->output_keys, position) != NULL &&
        block_is_safe (ctx, sb, &why) && sb->larg == NULL)
      {
        const char *out_root = uf_find (ctx, g_ptr_array_index (sb->output_keys, position));
        Item *anchor = NULL;
        const char *root = block_dist_root (ctx, sb, &anchor);
        gboolean colocated = root != NULL && root == out_root && anchor->group == target->group &&
                             select_route->subplans->len == 0;

        if (colocated)
          {
            Pruned p = { 0 };

            route = sw_route_new (SW_ROUTE_KIND_MULTI_SHARD);
            route_add_tables (route, &set);
            g_ptr_array_add (route->tables,
                             g_strdup_printf ("%s: %s", target->qualified,
                                              sw_plan_kind_to_string (target->plan_kind)));
            prune_item (ctx, anchor, &p);
            route_from_pruned (ctx, route, anchor, &p);
            pruned_clear (&p);
            route->insert_select_method = g_strdup ("pushdown");
            route->reason = g_strdup_printf (_("INSERT … SELECT between colocated tables on the distribution column: "
                                               "pushed down, one task per shard (%d)"), route->task_count);
            relset_clear (&set);
            sw_route_free (select_route);
            return route;
          }
      }

    relset_clear (&set);
    route = select_route;
    if (route->kind == SW_ROUTE_KIND_LOCAL)
      {
        /* A plain SELECT feeds a Citus table: the coordinator runs it and
         * Citus's INSERT … SELECT scan routes the rows, with no task of its own.
         */
        route->kind = SW_ROUTE_KIND_ROUTER;
        route->task_count = 0;
      }
    if (route->kind != SW_ROUTE_KIND_UNSUPPORTED)
      {
        gboolean repartition = (route->kind == SW_ROUTE_KIND_MULTI_SHARD || route->kind == SW_ROUTE_KIND_ROUTER) &&
                               !sb->has_limit && sb->larg == NULL && route->subplans->len == 0;

        route->insert_select_method = g_strdup (repartition ? "repartition" : "pull to coordinator");
        g_free (route->reason);
        route->reason = repartition
                        ? g_strdup (_("The SELECT runs on the shards and its rows are repartitioned to the target's shards"))
                        : g_strdup (_("The SELECT's rows are collected on the coordinator and then inserted"));
      }
    g_ptr_array_add (route->tables,
                     g_strdup_printf ("%s: %s", target->qualified,
                                      sw_plan_kind_to_string (target->plan_kind)));
    return route;
  }
}

static SwRoute *
route_statement (Ctx           *ctx,
                 PgQuery__Node *stmt)
{
  if (stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
      {
        Block *b = analyze_select (ctx, stmt->select_stmt, NULL);

        return plan_block (ctx, b);
      }

  if (stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT)
    return route_insert (ctx, stmt->insert_stmt);

  if (stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT)
      {
        PgQuery__UpdateStmt *update = stmt->update_stmt;
        SwRoute *route;
        gboolean pushed = update->with_clause != NULL && update->with_clause->n_ctes > 0;

        if (pushed)
          {
            push_ctes (ctx, update->with_clause, (ProtobufCMessage *) update, &update->with_clause);
          }
        route = route_modify (ctx, update->relation, update->from_clause, update->n_from_clause,
                              update->where_clause, update->target_list, update->n_target_list,
                              update->returning_list, update->n_returning_list);
        if (pushed)
          pop_ctes (ctx, update->with_clause);
        return route;
      }

  if (stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT)
      {
        PgQuery__DeleteStmt *delete = stmt->delete_stmt;
        SwRoute *route;
        gboolean pushed = delete->with_clause != NULL && delete->with_clause->n_ctes > 0;

        if (pushed)
          {
            push_ctes (ctx, delete->with_clause, (ProtobufCMessage *) delete, &delete->with_clause);
          }
        route = route_modify (ctx, delete->relation, delete->using_clause, delete->n_using_clause,
                              delete->where_clause, NULL, 0,
                              delete->returning_list, delete->n_returning_list);
        if (pushed)
          pop_ctes (ctx, delete->with_clause);
        return route;
      }

  if (stmt->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT && stmt->explain_stmt->query != NULL)
    return route_statement (ctx, stmt->explain_stmt->query);

  {
    SwRoute *route = sw_route_new (SW_ROUTE_KIND_LOCAL);

    route->task_count = 0;
    route->reason = g_strdup (_("Not a query the router plans (a utility statement): it runs on the coordinator"));
    return route;
  }
}

static void
ctx_clear (Ctx *ctx)
{
  g_ptr_array_unref (ctx->items);
  g_ptr_array_unref (ctx->blocks);
  g_ptr_array_unref (ctx->restrictions_owned);
  g_string_chunk_free (ctx->strings);
  g_hash_table_unref (ctx->uf);
  g_hash_table_unref (ctx->restrictions);
  g_hash_table_unref (ctx->groups);
  g_ptr_array_unref (ctx->cte_scopes);
  g_ptr_array_unref (ctx->owned_routes);
  g_free (ctx->unsupported);
  g_free (ctx->hint);
  g_clear_error (&ctx->error);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */
/* ------------------------------------------------------------------------ */

static void
cluster_table_free (ClusterTable *table)
{
  for (guint i = 0; i < table->shards->len; i++)
    g_free (g_array_index (table->shards, ClusterShard, i).node);
  g_array_unref (table->shards);
  g_free (table);
}

static void
sw_router_finalize (GObject *object)
{
  SwRouter *self = SW_ROUTER (object);

  g_clear_object (&self->schema);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->cluster, g_hash_table_unref);
  g_mutex_clear (&self->cluster_lock);
  _sw_password_clear (&self->password);

  G_OBJECT_CLASS (sw_router_parent_class)->finalize (object);
}

static void
sw_router_class_init (SwRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_router_finalize;
}

static void
sw_router_init (SwRouter *self)
{
  self->enable_repartition_joins = TRUE;
  self->node_count = SW_ROUTER_DEFAULT_NODE_COUNT;
  g_mutex_init (&self->cluster_lock);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */
/* ------------------------------------------------------------------------ */

/**
 * sw_router_new:
 * @schema: the schema the queries run against
 * @plan: the distribution plan
 *
 * Returns: (transfer full): a router predicting for the default cluster of
 *   design.md (coordinator in metadata, two workers, repartition joins on)
 */
SwRouter *
sw_router_new (SwSchema *schema,
               SwPlan   *plan)
{
  SwRouter *self;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);

  self = g_object_new (SW_TYPE_ROUTER, NULL);
  self->schema = g_object_ref (schema);
  self->plan = g_object_ref (plan);
  return self;
}

SwSchema *
sw_router_get_schema (SwRouter *self)
{
  g_return_val_if_fail (SW_IS_ROUTER (self), NULL);
  return self->schema;
}

SwPlan *
sw_router_get_plan (SwRouter *self)
{
  g_return_val_if_fail (SW_IS_ROUTER (self), NULL);
  return self->plan;
}

void
sw_router_set_enable_repartition_joins (SwRouter *self,
                                        gboolean  enabled)
{
  g_return_if_fail (SW_IS_ROUTER (self));
  self->enable_repartition_joins = !!enabled;
}

gboolean
sw_router_get_enable_repartition_joins (SwRouter *self)
{
  g_return_val_if_fail (SW_IS_ROUTER (self), FALSE);
  return self->enable_repartition_joins;
}

/**
 * sw_router_set_node_count:
 * @self: a router
 * @node_count: the active primary nodes, coordinator included when it is in
 *   the metadata
 *
 * Repartition joins split both sides into this many times
 * citus.repartition_join_bucket_count_per_node buckets.
 */
void
sw_router_set_node_count (SwRouter *self,
                          guint     node_count)
{
  g_return_if_fail (SW_IS_ROUTER (self));
  self->node_count = MAX (node_count, 1);
}

guint
sw_router_get_node_count (SwRouter *self)
{
  g_return_val_if_fail (SW_IS_ROUTER (self), 0);
  return self->node_count;
}

/**
 * sw_router_set_password:
 * @self: a router
 * @password: (nullable): the password sw_router_load_cluster_async() connects
 *   with, kept apart from the conninfo so that it never shows in messages;
 *   %NULL to leave it to libpq (.pgpass, PGPASSWORD, a service file)
 */
void
sw_router_set_password (SwRouter   *self,
                        const char *password)
{
  g_return_if_fail (SW_IS_ROUTER (self));
  _sw_password_replace (&self->password, password);
}

/**
 * sw_router_route:
 * @self: a router
 * @sql: one SQL statement
 * @error: return location for a #GError
 *
 * Predicts how Citus plans @sql under the plan. A statement Citus would refuse
 * is not an error: it comes back with kind %SW_ROUTE_KIND_UNSUPPORTED and
 * Citus's message as the reason. Errors are for SQL that does not parse and
 * for more or less than one statement.
 *
 * Returns: (transfer full): the route, or %NULL with @error set
 */
SwRoute *
sw_router_route (SwRouter    *self,
                 const char  *sql,
                 GError     **error)
{
  PgQueryProtobufParseResult parsed;
  PgQuery__ParseResult *tree = NULL;
  Ctx ctx = { 0 };
  SwRoute *route = NULL;

  g_return_val_if_fail (SW_IS_ROUTER (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  parsed = pg_query_parse_protobuf (sql);
  if (parsed.error != NULL)
    {
      g_set_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_PARSE,
                   _("The query does not parse: %s (at character %d)"),
                   parsed.error->message, parsed.error->cursorpos);
      pg_query_free_protobuf_parse_result (parsed);
      return NULL;
    }

  tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len,
                                         (const uint8_t *) parsed.parse_tree.data);
  pg_query_free_protobuf_parse_result (parsed);

  if (tree == NULL || tree->n_stmts != 1 || tree->stmts[0]->stmt == NULL)
    {
      g_set_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_NOT_ONE_STATEMENT,
                   _("Give exactly one statement to route (found %u)"),
                   tree != NULL ? (guint) tree->n_stmts : 0);
      if (tree != NULL)
        pg_query__parse_result__free_unpacked (tree, NULL);
      return NULL;
    }

  ctx.router = self;
  ctx.items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  ctx.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  ctx.restrictions_owned = g_ptr_array_new_with_free_func ((GDestroyNotify) restriction_free);
  ctx.strings = g_string_chunk_new (1024);
  ctx.uf = g_hash_table_new (NULL, NULL);
  ctx.restrictions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  ctx.groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.cte_scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  ctx.owned_routes = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_route_free);

  g_mutex_lock (&self->cluster_lock);
  route = route_statement (&ctx, tree->stmts[0]->stmt);
  g_mutex_unlock (&self->cluster_lock);

  if (ctx.unsupported != NULL && route->kind != SW_ROUTE_KIND_UNSUPPORTED)
    {
      route->kind = SW_ROUTE_KIND_UNSUPPORTED;
      route->task_count = 0;
      g_free (route->reason);
      route->reason = g_strdup (ctx.unsupported);
      route->hint = g_strdup (ctx.hint);
    }

  ctx_clear (&ctx);
  pg_query__parse_result__free_unpacked (tree, NULL);

  return route;
}

/**
 * sw_router_split_statements:
 * @sql: SQL text with any number of statements
 * @error: return location for a #GError
 *
 * Splits a workload file into statements with PostgreSQL's own parser (so
 * semicolons in strings, comments and dollar quotes are not split points).
 * SwWorkload is the richer reader (calls, lines); this is for plain files.
 *
 * Returns: (transfer full) (element-type utf8): the statements, trimmed
 */
GPtrArray *
sw_router_split_statements (const char  *sql,
                            GError     **error)
{
  PgQuerySplitResult split;
  GPtrArray *statements;

  g_return_val_if_fail (sql != NULL, NULL);

  split = pg_query_split_with_parser (sql);
  if (split.error != NULL)
    {
      g_set_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_PARSE,
                   _("The workload does not parse: %s (at character %d)"),
                   split.error->message, split.error->cursorpos);
      pg_query_free_split_result (split);
      return NULL;
    }

  statements = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < split.n_stmts; i++)
    {
      PgQuerySplitStmt *stmt = split.stmts[i];
      /* A length of 0 means "to the end", as in PostgreSQL's RawStmt. */
      gsize len = stmt->stmt_len > 0 ? (gsize) stmt->stmt_len : strlen (sql + stmt->stmt_location);
      char *text = g_strndup (sql + stmt->stmt_location, len);

      g_strstrip (text);
      if (text[0] == '\0')
        g_free (text);
      else
        g_ptr_array_add (statements, text);
    }
  pg_query_free_split_result (split);

  return statements;
}

/* ------------------------------------------------------------------------ */
/* Live cluster metadata                                                     */
/* ------------------------------------------------------------------------ */

/**
 * sw_router_route_workload:
 * @self: a #SwRouter
 * @workload: the queries and how often they run
 * @score: (out caller-allocates) (optional): the workload's score under the
 *   plan, each query weighted by its calls
 * @error: return location for a #GError
 *
 * Routes every query of @workload, so two plans can be compared on the same
 * workload side by side.
 *
 * Returns: (transfer full) (element-type SwRoute): one route per query, in
 *   order, or %NULL with @error set
 */
GPtrArray *
sw_router_route_workload (SwRouter      *self,
                          SwWorkload    *workload,
                          SwRouteScore  *score,
                          GError       **error)
{
  g_autoptr(GPtrArray) routes = NULL;

  g_return_val_if_fail (SW_IS_ROUTER (self), NULL);
  g_return_val_if_fail (SW_IS_WORKLOAD (workload), NULL);

  if (score != NULL)
    sw_route_score_init (score);
  routes = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_route_free);
  for (guint i = 0; i < sw_workload_get_n_queries (workload); i++)
    {
      SwRoute *route = sw_router_route (self, sw_workload_get_query (workload, i), error);

      if (route == NULL)
        {
          if (sw_workload_get_line (workload, i) > 0)
            g_prefix_error (error, _("Line %u: "), sw_workload_get_line (workload, i));
          return NULL;
        }
      if (score != NULL)
        sw_route_score_add (score, route, (double) sw_workload_get_calls (workload, i));
      g_ptr_array_add (routes, route);
    }
  return g_steal_pointer (&routes);
}

/**
 * sw_router_load_cluster:
 * @self: a router
 * @conn: a connection to the coordinator
 * @error: return location for a #GError
 *
 * Reads the real shard ranges and placements (pg_dist_shard, pg_dist_placement,
 * pg_dist_node) and the node count, so routes name shard ids and nodes.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_router_load_cluster (SwRouter  *self,
                        PGconn    *conn,
                        GError   **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GHashTable) cluster = NULL;
  guint node_count;

  g_return_val_if_fail (SW_IS_ROUTER (self), FALSE);
  g_return_val_if_fail (conn != NULL, FALSE);

  res = PQexec (conn,
                "SELECT pg_catalog.format('%s', s.logicalrelid::pg_catalog.regclass) AS rel, "
                "       s.shardid, s.shardminvalue, s.shardmaxvalue, "
                "       (SELECT n.nodename || ':' || n.nodeport "
                "          FROM pg_catalog.pg_dist_placement p "
                "          JOIN pg_catalog.pg_dist_node n ON n.groupid = p.groupid "
                "         WHERE p.shardid = s.shardid AND n.noderole = 'primary' "
                "         ORDER BY n.nodeid LIMIT 1) AS node "
                "  FROM pg_catalog.pg_dist_shard s "
                " ORDER BY 1, s.shardminvalue::pg_catalog.int4 NULLS FIRST, s.shardid");
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_set_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_QUERY,
                   _("Could not read the shards of the cluster: %s"), PQerrorMessage (conn));
      return FALSE;
    }

  cluster = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cluster_table_free);

  /* regclass prints names relative to search_path; qualify them as the plan does. */
  for (int i = 0; i < PQntuples (res); i++)
    {
      const char *rel = PQgetvalue (res, i, 0);
      g_autofree char *qualified = NULL;
      ClusterTable *table;
      ClusterShard shard = { 0 };

      if (strchr (rel, '.') == NULL || rel[0] == '"')
        {
          SwTable *found = sw_schema_find_table (self->schema, rel);

          qualified = found != NULL ? g_strdup (sw_table_get_qualified_name (found))
                                    : g_strdup_printf ("public.%s", rel);
        }
      else
        qualified = g_strdup (rel);

      table = g_hash_table_lookup (cluster, qualified);
      if (table == NULL)
        {
          table = g_new0 (ClusterTable, 1);
          table->shards = g_array_new (FALSE, TRUE, sizeof (ClusterShard));
          g_hash_table_insert (cluster, g_strdup (qualified), table);
        }

      shard.shard_id = g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10);
      shard.min_value = PQgetisnull (res, i, 2) ? G_MININT32 : (gint32) g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
      shard.max_value = PQgetisnull (res, i, 3) ? G_MAXINT32 : (gint32) g_ascii_strtoll (PQgetvalue (res, i, 3), NULL, 10);
      shard.node = PQgetisnull (res, i, 4) ? NULL : g_strdup (PQgetvalue (res, i, 4));
      g_array_append_val (table->shards, shard);
    }
  g_clear_pointer (&res, PQclear);

  res = PQexec (conn,
                "SELECT count(*) FROM pg_catalog.pg_dist_node "
                " WHERE isactive AND noderole = 'primary'");
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_set_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_QUERY,
                   _("Could not read the nodes of the cluster: %s"), PQerrorMessage (conn));
      return FALSE;
    }
  node_count = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);

  g_mutex_lock (&self->cluster_lock);
  g_clear_pointer (&self->cluster, g_hash_table_unref);
  self->cluster = g_steal_pointer (&cluster);
  if (node_count > 0)
    self->node_count = node_count;
  g_mutex_unlock (&self->cluster_lock);

  return TRUE;
}

typedef struct
{
  char *conninfo;
  char *password;
} LoadClusterData;

static void
load_cluster_data_free (LoadClusterData *data)
{
  g_free (data->conninfo);
  _sw_password_clear (&data->password);
  g_free (data);
}

static void
load_cluster_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SwRouter *self = source_object;
  LoadClusterData *data = task_data;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  conn = _sw_pg_connect (data->conninfo, data->password, "shardwise", &message);
  if (conn == NULL)
    {
      g_task_return_new_error (task, SW_ROUTER_ERROR, SW_ROUTER_ERROR_CONNECT,
                               _("Could not connect to the coordinator: %s"), message);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!sw_router_load_cluster (self, conn, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sw_router_load_cluster_async:
 * @self: a router
 * @conninfo: the coordinator's libpq connection string
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * sw_router_load_cluster() on its own connection, in a thread, with the
 * password of sw_router_set_password() if any.
 */
void
sw_router_load_cluster_async (SwRouter            *self,
                              const char          *conninfo,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadClusterData *data;

  g_return_if_fail (SW_IS_ROUTER (self));
  g_return_if_fail (conninfo != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_router_load_cluster_async);
  data = g_new0 (LoadClusterData, 1);
  data->conninfo = g_strdup (conninfo);
  /* A copy: the thread must not see the password change under it. */
  data->password = g_strdup (self->password);
  g_task_set_task_data (task, data, (GDestroyNotify) load_cluster_data_free);
  g_task_run_in_thread (task, load_cluster_thread);
}

gboolean
sw_router_load_cluster_finish (SwRouter      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sw_router_has_cluster (SwRouter *self)
{
  g_return_val_if_fail (SW_IS_ROUTER (self), FALSE);
  return self->cluster != NULL;
}

/**
 * sw_router_get_shard_node:
 * @self: a router with a loaded cluster
 * @qualified_name: a distributed or reference table
 * @shard_index: the 0-based index of the shard in hash-range order
 * @shard_id: (out) (optional): its pg_dist_shard id
 *
 * Returns: (nullable): the `host:port` of the node holding the shard
 */
const char *
sw_router_get_shard_node (SwRouter   *self,
                          const char *qualified_name,
                          guint       shard_index,
                          gint64     *shard_id)
{
  ClusterTable *table;
  ClusterShard *shard;

  g_return_val_if_fail (SW_IS_ROUTER (self), NULL);

  if (self->cluster == NULL || qualified_name == NULL)
    return NULL;
  table = g_hash_table_lookup (self->cluster, qualified_name);
  if (table == NULL || shard_index >= table->shards->len)
    return NULL;
  shard = &g_array_index (table->shards, ClusterShard, shard_index);
  if (shard_id != NULL)
    *shard_id = shard->shard_id;
  return shard->node;
}

/**
 * sw_router_find_shard_by_id:
 * @self: a router with a loaded cluster
 * @shard_id: a pg_dist_shard id
 * @qualified_name: (out) (optional) (transfer none): its table
 * @shard_index: (out) (optional): its 0-based index
 *
 * Returns: %TRUE when the shard is known
 */
gboolean
sw_router_find_shard_by_id (SwRouter    *self,
                            gint64       shard_id,
                            const char **qualified_name,
                            guint       *shard_index)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SW_IS_ROUTER (self), FALSE);

  if (self->cluster == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, self->cluster);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ClusterTable *table = value;

      for (guint i = 0; i < table->shards->len; i++)
        if (g_array_index (table->shards, ClusterShard, i).shard_id == shard_id)
          {
            if (qualified_name != NULL)
              *qualified_name = key;
            if (shard_index != NULL)
              *shard_index = i;
            return TRUE;
          }
    }
  return FALSE;
}
