/* sw-pg-query.c
 *
 * Helpers around libpg_query's protobuf parse tree: deparsing expressions,
 * walking trees generically through the protobuf-c descriptors, and the
 * canonical text used to compare an expression as the server prints it with
 * the same expression as a person wrote it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-pg-query"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sw-pg-query.h"

/* The tree is freed by protobuf-c with the system allocator, so whatever we
 * graft onto it must come from malloc(), not from GLib's slices.
 */
static void *
pb_alloc (size_t size)
{
  void *mem = calloc (1, size);

  if (mem == NULL)
    g_error ("out of memory");
  return mem;
}

static char *
pb_strdup (const char *str)
{
  char *copy = strdup (str);

  if (copy == NULL)
    g_error ("out of memory");
  return copy;
}

static void
walk_message (ProtobufCMessage  *message,
              gboolean           post_order,
              SwPgQueryWalkFunc  func,
              gpointer           user_data)
{
  const ProtobufCMessageDescriptor *desc = message->descriptor;
  gboolean is_node = desc == &pg_query__node__descriptor;

  if (is_node && !post_order)
    {
      if (!func ((PgQuery__Node *)message, user_data))
        return;
    }

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const ProtobufCFieldDescriptor *field = &desc->fields[i];
      char *base = (char *)message;

      if (field->type != PROTOBUF_C_TYPE_MESSAGE)
        continue;

      if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        {
          uint32_t which = *(uint32_t *)(base + field->quantifier_offset);

          if (which != field->id)
            continue;
        }

      if (field->label == PROTOBUF_C_LABEL_REPEATED)
        {
          size_t n = *(size_t *)(base + field->quantifier_offset);
          ProtobufCMessage **items = *(ProtobufCMessage ***)(base + field->offset);

          for (size_t j = 0; j < n; j++)
            {
              if (items[j] != NULL)
                walk_message (items[j], post_order, func, user_data);
            }
        }
      else
        {
          ProtobufCMessage *sub = *(ProtobufCMessage **)(base + field->offset);

          if (sub != NULL)
            walk_message (sub, post_order, func, user_data);
        }
    }

  if (is_node && post_order)
    func ((PgQuery__Node *)message, user_data);
}

/**
 * _sw_pg_query_walk:
 * @message: any message of a parse tree
 * @post_order: call @func after a node's children rather than before
 * @func: called for every #PgQuery__Node
 *
 * Walks every node under @message, whatever its type, by following the
 * protobuf-c descriptors: no node type can be forgotten.
 */
void
_sw_pg_query_walk (ProtobufCMessage  *message,
                   gboolean           post_order,
                   SwPgQueryWalkFunc  func,
                   gpointer           user_data)
{
  g_return_if_fail (message != NULL);
  g_return_if_fail (func != NULL);

  walk_message (message, post_order, func, user_data);
}

/**
 * _sw_pg_query_string:
 * @node: (nullable): a node
 *
 * Returns: (transfer none) (nullable): the text of a String node
 */
const char *
_sw_pg_query_string (const PgQuery__Node *node)
{
  if (node == NULL || node->node_case != PG_QUERY__NODE__NODE_STRING)
    return NULL;
  return node->string->sval;
}

static char *
deparse_raw_stmt (const PgQuery__Node *stmt)
{
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  PgQuery__RawStmt *raws[1];
  PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
  PgQueryProtobuf pbuf;
  PgQueryDeparseResult deparsed;
  char *ret = NULL;

  raw.stmt = (PgQuery__Node *)stmt;
  raws[0] = &raw;
  result.version = PG_VERSION_NUM;
  result.n_stmts = 1;
  result.stmts = raws;

  pbuf.len = pg_query__parse_result__get_packed_size (&result);
  pbuf.data = g_malloc (pbuf.len + 1);
  pg_query__parse_result__pack (&result, (uint8_t *)pbuf.data);

  deparsed = pg_query_deparse_protobuf (pbuf);
  if (deparsed.error == NULL && deparsed.query != NULL)
    ret = g_strdup (deparsed.query);
  pg_query_free_deparse_result (deparsed);
  g_free (pbuf.data);

  return ret;
}

/**
 * _sw_pg_query_deparse_stmt:
 * @stmt: a statement node
 *
 * Returns: (transfer full) (nullable): the statement as SQL, or %NULL when the
 *   deparser refuses it
 */
char *
_sw_pg_query_deparse_stmt (const PgQuery__Node *stmt)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return deparse_raw_stmt (stmt);
}

/**
 * _sw_pg_query_deparse_expr:
 * @expr: an expression node (borrowed; the tree is not changed)
 *
 * Deparses @expr by wrapping it in `SELECT <expr>`, which the deparser knows
 * how to print, and stripping the `SELECT `.
 *
 * Returns: (transfer full) (nullable): the expression as SQL
 */
char *
_sw_pg_query_deparse_expr (const PgQuery__Node *expr)
{
  PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;
  PgQuery__Node *targets[1];
  PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
  PgQuery__Node select_node = PG_QUERY__NODE__INIT;
  g_autofree char *sql = NULL;

  if (expr == NULL)
    return NULL;

  target.val = (PgQuery__Node *)expr;
  target_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  target_node.res_target = &target;
  targets[0] = &target_node;

  select.n_target_list = 1;
  select.target_list = targets;
  select.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  select.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  select_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  select_node.select_stmt = &select;

  sql = deparse_raw_stmt (&select_node);
  if (sql == NULL || !g_str_has_prefix (sql, "SELECT "))
    return NULL;

  return g_strdup (sql + strlen ("SELECT "));
}

/* Normalization.
 *
 * pg_get_expr() prints what the server stored after parse analysis: every
 * implicit cast made explicit, IN lists turned into `= ANY (ARRAY[…])`, ANDs
 * flattened, LIKE spelled as its operator, and negative constants quoted. A
 * person writes the same expression without any of that. We rewrite both raw
 * parse trees into one shape and let the deparser print it.
 */

/* Moves @child's content into @node and frees what @node held. @child must be
 * detached from the old content already.
 */
static void
replace_node (PgQuery__Node *node,
              PgQuery__Node *child)
{
  ProtobufCMessage *old = (ProtobufCMessage *)node->a_expr;

  node->node_case = child->node_case;
  node->a_expr = child->a_expr;
  free (child);

  if (old != NULL)
    protobuf_c_message_free_unpacked (old, NULL);
}

static gboolean
looks_numeric (const char *str,
               gboolean   *is_integer)
{
  const char *p = str;
  gboolean digits = FALSE;
  gboolean integer = TRUE;

  if (*p == '-' || *p == '+')
    p++;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p == '.' && integer)
        integer = FALSE;
      else
        return FALSE;
    }
  *is_integer = integer;
  return digits;
}

/* '-1'::integer is how the server prints a negative constant; the file says -1. */
static void
unquote_numeric_const (PgQuery__Node *node)
{
  PgQuery__AConst *aconst;
  const char *sval;
  gboolean is_integer = FALSE;
  gint64 value;

  if (node->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return;
  aconst = node->a_const;
  if (aconst->val_case != PG_QUERY__A__CONST__VAL_SVAL || aconst->sval == NULL)
    return;
  sval = aconst->sval->sval;
  if (!looks_numeric (sval, &is_integer))
    return;

  value = g_ascii_strtoll (sval, NULL, 10);
  if (is_integer && value >= G_MININT32 && value <= G_MAXINT32)
    {
      PgQuery__Integer *ival = pb_alloc (sizeof *ival);

      pg_query__integer__init (ival);
      ival->ival = (int32_t)value;
      pg_query__string__free_unpacked (aconst->sval, NULL);
      aconst->val_case = PG_QUERY__A__CONST__VAL_IVAL;
      aconst->ival = ival;
    }
  else
    {
      PgQuery__Float *fval = pb_alloc (sizeof *fval);
      const char *text = sval[0] == '+' ? sval + 1 : sval;

      pg_query__float__init (fval);
      fval->fval = pb_strdup (text);
      pg_query__string__free_unpacked (aconst->sval, NULL);
      aconst->val_case = PG_QUERY__A__CONST__VAL_FVAL;
      aconst->fval = fval;
    }
}

static gboolean
name_is (PgQuery__Node **names,
         size_t          n_names,
         const char     *op)
{
  return n_names == 1 && g_strcmp0 (_sw_pg_query_string (names[0]), op) == 0;
}

static void
array_to_list (PgQuery__Node *rexpr)
{
  PgQuery__AArrayExpr *array = rexpr->a_array_expr;
  PgQuery__List *list = pb_alloc (sizeof *list);

  pg_query__list__init (list);
  list->n_items = array->n_elements;
  list->items = array->elements;
  array->n_elements = 0;
  array->elements = NULL;
  pg_query__a__array_expr__free_unpacked (array, NULL);
  rexpr->node_case = PG_QUERY__NODE__NODE_LIST;
  rexpr->list = list;
}

static void
normalize_a_expr (PgQuery__AExpr *aexpr)
{
  switch ((int)aexpr->kind)
    {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
      if (name_is (aexpr->name, aexpr->n_name, "=") && aexpr->rexpr != NULL &&
          aexpr->rexpr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
        {
          array_to_list (aexpr->rexpr);
          aexpr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_IN;
        }
      break;

    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
      if (name_is (aexpr->name, aexpr->n_name, "<>") && aexpr->rexpr != NULL &&
          aexpr->rexpr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
        {
          array_to_list (aexpr->rexpr);
          aexpr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_IN;
        }
      break;

    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
      aexpr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
      break;

    case PG_QUERY__A__EXPR__KIND__A_EXPR_KIND_UNDEFINED:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
    default:
      break;
    }

  /* The server turns a one-element IN list into a plain comparison. */
  if (aexpr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN && aexpr->rexpr != NULL &&
      aexpr->rexpr->node_case == PG_QUERY__NODE__NODE_LIST &&
      aexpr->rexpr->list->n_items == 1)
    {
      PgQuery__List *list = aexpr->rexpr->list;
      PgQuery__Node *elem = list->items[0];

      list->items[0] = NULL;
      list->n_items = 0;
      free (list->items);
      list->items = NULL;
      replace_node (aexpr->rexpr, elem);
      aexpr->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    }
}

static void
flatten_bool_expr (PgQuery__BoolExpr *bexpr)
{
  size_t n = 0;
  PgQuery__Node **args;
  gboolean nested = FALSE;

  if (bexpr->boolop != PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR &&
      bexpr->boolop != PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR)
    return;

  for (size_t i = 0; i < bexpr->n_args; i++)
    {
      PgQuery__Node *arg = bexpr->args[i];

      if (arg->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
          arg->bool_expr->boolop == bexpr->boolop)
        {
          n += arg->bool_expr->n_args;
          nested = TRUE;
        }
      else
        n++;
    }
  if (!nested)
    return;

  args = pb_alloc (sizeof (PgQuery__Node *) * n);
  n = 0;
  for (size_t i = 0; i < bexpr->n_args; i++)
    {
      PgQuery__Node *arg = bexpr->args[i];

      if (arg->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
          arg->bool_expr->boolop == bexpr->boolop)
        {
          PgQuery__BoolExpr *inner = arg->bool_expr;

          for (size_t j = 0; j < inner->n_args; j++)
            args[n++] = inner->args[j];
          inner->n_args = 0;
          free (inner->args);
          inner->args = NULL;
          pg_query__node__free_unpacked (arg, NULL);
        }
      else
        args[n++] = arg;
    }
  free (bexpr->args);
  bexpr->args = args;
  bexpr->n_args = n;
}

static void
strip_pg_catalog (PgQuery__FuncCall *call)
{
  if (call->n_funcname != 2 ||
      call->funcformat != PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL ||
      g_strcmp0 (_sw_pg_query_string (call->funcname[0]), "pg_catalog") != 0)
    return;

  pg_query__node__free_unpacked (call->funcname[0], NULL);
  call->funcname[0] = call->funcname[1];
  call->funcname[1] = NULL;
  call->n_funcname = 1;
}

static gboolean
normalize_node_cb (PgQuery__Node *node,
                   gpointer       user_data)
{
  while (node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
    {
      PgQuery__TypeCast *cast = node->type_cast;
      PgQuery__Node *arg = cast->arg;

      if (arg == NULL)
        break;
      cast->arg = NULL;
      replace_node (node, arg);
      unquote_numeric_const (node);
    }

  switch ((int)node->node_case)
    {
    case PG_QUERY__NODE__NODE_A_EXPR:
      normalize_a_expr (node->a_expr);
      break;

    case PG_QUERY__NODE__NODE_BOOL_EXPR:
      flatten_bool_expr (node->bool_expr);
      break;

    case PG_QUERY__NODE__NODE_FUNC_CALL:
      strip_pg_catalog (node->func_call);
      break;

    default:
      break;
    }

  return TRUE;
}

/**
 * _sw_sql_normalize_expr:
 * @expr: an expression, as pg_get_expr() prints it or as written in a file
 *
 * Gives a canonical text for comparing expressions: type casts are dropped
 * (keeping their argument), `x = ANY (ARRAY[a, b])` and `x IN (a, b)` become
 * one form, nested ANDs/ORs are flattened, LIKE becomes its operator, and the
 * tree is printed by the deparser, so spacing, case and parentheses no longer
 * matter.
 *
 * Returns: (transfer full): the canonical text, or a copy of @expr when it
 *   does not parse
 */
char *
_sw_sql_normalize_expr (const char *expr)
{
  g_autofree char *sql = NULL;
  PgQueryProtobufParseResult parsed;
  PgQuery__ParseResult *tree = NULL;
  char *ret = NULL;

  if (expr == NULL)
    return NULL;

  sql = g_strconcat ("SELECT ", expr, NULL);
  parsed = pg_query_parse_protobuf (sql);
  if (parsed.error == NULL)
    tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len,
                                           (const uint8_t *)parsed.parse_tree.data);

  if (tree != NULL && tree->n_stmts == 1 && tree->stmts[0]->stmt != NULL &&
      tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
    {
      PgQuery__SelectStmt *select = tree->stmts[0]->stmt->select_stmt;

      if (select->n_target_list == 1 && select->n_from_clause == 0 &&
          select->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
          select->target_list[0]->res_target->val != NULL)
        {
          PgQuery__Node *val = select->target_list[0]->res_target->val;

          _sw_pg_query_walk ((ProtobufCMessage *)val, TRUE, normalize_node_cb, NULL);
          ret = _sw_pg_query_deparse_expr (val);
        }
    }

  if (tree != NULL)
    pg_query__parse_result__free_unpacked (tree, NULL);
  pg_query_free_protobuf_parse_result (parsed);

  return ret != NULL ? ret : g_strdup (expr);
}

/**
 * _sw_pg_query_normalize_node:
 * @expr: an expression node
 *
 * Returns: (transfer full) (nullable): the normalized text of @expr
 */
char *
_sw_pg_query_normalize_node (const PgQuery__Node *expr)
{
  g_autofree char *text = _sw_pg_query_deparse_expr (expr);

  if (text == NULL)
    return NULL;
  return _sw_sql_normalize_expr (text);
}

/**
 * _sw_pg_query_figure_colname:
 * @node: an index expression
 *
 * Mirrors FigureIndexColname() (parse_target.c, FigureColnameInternal): the
 * name PostgreSQL gives an index column for an expression, which ends up in
 * implicit index names (`t_lower_idx`).
 *
 * Returns: (transfer none) (nullable): the name, or %NULL when PostgreSQL
 *   would fall back to "expr"
 */
const char *
_sw_pg_query_figure_colname (const PgQuery__Node *node)
{
  const char *name = NULL;

  if (node == NULL)
    return NULL;

  switch ((int)node->node_case)
    {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      for (size_t i = 0; i < node->column_ref->n_fields; i++)
        {
          const char *field = _sw_pg_query_string (node->column_ref->fields[i]);

          if (field != NULL)
            name = field;
        }
      return name;

    case PG_QUERY__NODE__NODE_A_INDIRECTION:
      for (size_t i = 0; i < node->a_indirection->n_indirection; i++)
        {
          const char *field = _sw_pg_query_string (node->a_indirection->indirection[i]);

          if (field != NULL)
            name = field;
        }
      if (name != NULL)
        return name;
      return _sw_pg_query_figure_colname (node->a_indirection->arg);

    case PG_QUERY__NODE__NODE_FUNC_CALL:
      if (node->func_call->n_funcname > 0)
        return _sw_pg_query_string (node->func_call->funcname[node->func_call->n_funcname - 1]);
      return NULL;

    case PG_QUERY__NODE__NODE_A_EXPR:
      if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
        return "nullif";
      return NULL;

    case PG_QUERY__NODE__NODE_TYPE_CAST:
      {
        const PgQuery__Node *arg = node->type_cast->arg;
        const char *inner = _sw_pg_query_figure_colname (arg);
        PgQuery__TypeName *type_name = node->type_cast->type_name;
        gboolean strong;

        /* A name found below a cast is strong (2) unless it came from a
         * nested cast or CASE (1); only then does the type name win.
         */
        strong = inner != NULL && arg != NULL &&
                 arg->node_case != PG_QUERY__NODE__NODE_TYPE_CAST &&
                 arg->node_case != PG_QUERY__NODE__NODE_CASE_EXPR;
        if (strong)
          return inner;
        if (type_name != NULL && type_name->n_names > 0)
          return _sw_pg_query_string (type_name->names[type_name->n_names - 1]);
        return inner;
      }

    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return _sw_pg_query_figure_colname (node->collate_clause->arg);

    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
      return "grouping";

    case PG_QUERY__NODE__NODE_SUB_LINK:
      if (node->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK)
        return "exists";
      if (node->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK)
        return "array";
      return NULL;

    case PG_QUERY__NODE__NODE_CASE_EXPR:
      name = _sw_pg_query_figure_colname (node->case_expr->defresult);
      return name != NULL ? name : "case";

    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      return "array";

    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return "row";

    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return "coalesce";

    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      if (node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST)
        return "greatest";
      if (node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_LEAST)
        return "least";
      return NULL;

    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      switch ((int)node->sqlvalue_function->op)
        {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
          return "current_date";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
          return "current_time";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
          return "current_timestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
          return "localtime";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
          return "localtimestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
          return "current_role";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
          return "current_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
          return "user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
          return "session_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
          return "current_catalog";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
          return "current_schema";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SQLVALUE_FUNCTION_OP_UNDEFINED:
        default:
          return NULL;
        }

    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
      return "xmlserialize";

    default:
      return NULL;
    }
}
