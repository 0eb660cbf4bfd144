/* sw-schema-json.c
 *
 * The model as JSON (`shardwise-cli inspect --format json`), and the structural
 * comparison of two models built on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-schema-json"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"
#include "sw-pg-query.h"

/* The writer either builds a JsonNode tree (for comparisons) or streams
 * text (for output), through the same emit_*() calls.
 *
 * The text goes into a plain buffer written in place: at 10,000 tables the
 * output is about 80 MB, written after the catalog is read with nothing left
 * to overlap it, and a GString call per piece (and printf per number) was
 * most of that time.
 */

/* How deeply containers nest: schema, tables, table, columns, column, stats,
 * most_common_values is 7.
 */
#define MAX_DEPTH 16

typedef struct
{
  JsonBuilder *builder;
  /* The text: text_len bytes used of text_cap (text mode when text != NULL). */
  char *text;
  gsize text_len;
  gsize text_cap;
  /* When streaming: where the text goes once it holds FLUSH_SIZE bytes, and
   * the first write error (nothing more is written after it).
   */
  GOutputStream *stream;
  GCancellable *cancellable;
  GError *error;
  gboolean first[MAX_DEPTH]; /* per open container: no element yet */
  guint depth;
  gboolean pretty;
  gboolean after_member;    /* a member name was written, its value comes next */
  gboolean structure_only;
} Writer;

/* Streaming writes out the text in pieces of about this size. */
#define FLUSH_SIZE (256 * 1024)

static void
text_init (Writer *w,
           gsize   size)
{
  w->text_cap = size;
  w->text = g_malloc (w->text_cap);
  w->text_len = 0;
}

static void
text_grow (Writer *w,
           gsize   n)
{
  while (w->text_cap - w->text_len < n)
    w->text_cap *= 2;
  w->text = g_realloc (w->text, w->text_cap);
}

/* Room for @n more bytes: where to write them. */
static inline char *
text_reserve (Writer *w,
              gsize   n)
{
  if (G_UNLIKELY (w->text_cap - w->text_len < n))
    text_grow (w, n);
  return w->text + w->text_len;
}

static inline void
text_append_len (Writer     *w,
                 const char *s,
                 gsize       n)
{
  memcpy (text_reserve (w, n), s, n);
  w->text_len += n;
}

static inline void
text_append_c (Writer *w,
               char    c)
{
  *text_reserve (w, 1) = c;
  w->text_len++;
}

#define text_append_literal(w, s) text_append_len ((w), (s), sizeof (s) - 1)

static inline void
text_newline (Writer *w)
{
  gsize indent = 2 * w->depth;
  char *p;

  if (!w->pretty)
    return;
  p = text_reserve (w, 1 + indent);
  *p = '\n';
  memset (p + 1, ' ', indent);
  w->text_len += 1 + indent;
}

/* Hands the text written so far to the stream, if there is one and there is
 * enough of it (or @all). After a write error the rest is dropped.
 */
static void
text_flush (Writer   *w,
            gboolean  all)
{
  if (w->stream == NULL || (!all && w->text_len < FLUSH_SIZE))
    return;
  if (w->error == NULL && w->text_len > 0)
    g_output_stream_write_all (w->stream, w->text, w->text_len, NULL,
                               w->cancellable, &w->error);
  w->text_len = 0;
}

/* Separates a value from the one before it, unless it follows its member name. */
static inline void
text_before_value (Writer *w)
{
  if (w->after_member)
    {
      w->after_member = FALSE;
      return;
    }
  if (w->depth == 0)
    return;
  if (!w->first[w->depth - 1])
    text_append_c (w, ',');
  w->first[w->depth - 1] = FALSE;
  text_newline (w);
}

/* Bytes JSON strings cannot hold as they are (and the terminating NUL, so
 * one lookup ends a run at either).
 */
static const guint8 needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* '\\' */
};

static void
text_escape (Writer     *w,
             const char *value)
{
  const unsigned char *p = (const unsigned char *)value;

  text_append_c (w, '"');
  for (;;)
    {
      const unsigned char *run = p;

      /* Copy what needs no escape a run at a time, not a byte at a time. */
      while (!needs_escape[*p])
        p++;
      if (p > run)
        text_append_len (w, (const char *)run, p - run);
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '"': text_append_literal (w, "\\\""); break;
        case '\\': text_append_literal (w, "\\\\"); break;
        case '\n': text_append_literal (w, "\\n"); break;
        case '\r': text_append_literal (w, "\\r"); break;
        case '\t': text_append_literal (w, "\\t"); break;
        case '\b': text_append_literal (w, "\\b"); break;
        case '\f': text_append_literal (w, "\\f"); break;
        default:
          {
            static const char hex[] = "0123456789abcdef";
            char *out = text_reserve (w, 6);

            memcpy (out, "\\u00", 4);
            out[4] = hex[*p >> 4];
            out[5] = hex[*p & 0xf];
            w->text_len += 6;
          }
        }
      p++;
    }
  text_append_c (w, '"');
}

/* Decimal digits of @value, as printf's "%" G_GINT64_FORMAT writes them. */
static void
text_append_int (Writer *w,
                 gint64  value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *p = end;
  guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';
  text_append_len (w, p, end - p);
}

static void
text_open (Writer *w,
           char    bracket)
{
  text_before_value (w);
  text_append_c (w, bracket);
  g_assert (w->depth < MAX_DEPTH);
  w->first[w->depth++] = TRUE;
}

static void
text_close (Writer *w,
            char    bracket)
{
  gboolean empty = w->first[--w->depth];

  if (!empty)
    text_newline (w);
  text_append_c (w, bracket);
}

static void
emit_begin_object (Writer *w)
{
  if (w->builder)
    json_builder_begin_object (w->builder);
  else
    text_open (w, '{');
}

static void
emit_end_object (Writer *w)
{
  if (w->builder)
    json_builder_end_object (w->builder);
  else
    text_close (w, '}');
}

static void
emit_begin_array (Writer *w)
{
  if (w->builder)
    json_builder_begin_array (w->builder);
  else
    text_open (w, '[');
}

static void
emit_end_array (Writer *w)
{
  if (w->builder)
    json_builder_end_array (w->builder);
  else
    text_close (w, ']');
}

static void
emit_set_member_name (Writer     *w,
                      const char *name)
{
  if (w->builder)
    {
      json_builder_set_member_name (w->builder, name);
      return;
    }
  text_before_value (w);
  text_escape (w, name);
  if (w->pretty)
    text_append_literal (w, " : ");
  else
    text_append_c (w, ':');
  w->after_member = TRUE;
}

static void
emit_add_string_value (Writer     *w,
                       const char *value)
{
  if (w->builder)
    {
      json_builder_add_string_value (w->builder, value);
      return;
    }
  text_before_value (w);
  text_escape (w, value);
}

static void
emit_add_null_value (Writer *w)
{
  if (w->builder)
    {
      json_builder_add_null_value (w->builder);
      return;
    }
  text_before_value (w);
  text_append_literal (w, "null");
}

static void
emit_add_boolean_value (Writer   *w,
                        gboolean  value)
{
  if (w->builder)
    {
      json_builder_add_boolean_value (w->builder, value);
      return;
    }
  text_before_value (w);
  if (value)
    text_append_literal (w, "true");
  else
    text_append_literal (w, "false");
}

static void
emit_add_int_value (Writer *w,
                    gint64  value)
{
  if (w->builder)
    {
      json_builder_add_int_value (w->builder, value);
      return;
    }
  text_before_value (w);
  text_append_int (w, value);
}

static void
emit_add_double_value (Writer *w,
                       double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (w->builder)
    {
      json_builder_add_double_value (w->builder, value);
      return;
    }
  text_before_value (w);
  /* A whole number below 10^15 prints as its digits under "%.17g", which
   * g_ascii_dtostr() uses; statistics are mostly such (0, -1, counts).
   */
  if (value == (double)(gint64)value && fabs (value) < 1e15 && !signbit (value))
    text_append_int (w, (gint64)value);
  else
    {
      const char *text = g_ascii_dtostr (buffer, sizeof buffer, value);

      text_append_len (w, text, strlen (text));
    }
}

static void
add_string (Writer     *w,
            const char *key,
            const char *value)
{
  emit_set_member_name (w, key);
  if (value != NULL)
    emit_add_string_value (w, value);
  else
    emit_add_null_value (w);
}

/* Expressions are compared in normalized form: the server prints casts and
 * parentheses a file does not have.
 */
static void
add_expr (Writer     *w,
          const char *key,
          const char *value)
{
  g_autofree char *normalized = NULL;

  if (w->structure_only && value != NULL)
    value = normalized = _sw_sql_normalize_expr (value);
  add_string (w, key, value);
}

static void
add_display (Writer     *w,
             const char *key,
             const char *value)
{
  if (!w->structure_only)
    add_string (w, key, value);
}

static void
add_bool (Writer     *w,
          const char *key,
          gboolean    value)
{
  emit_set_member_name (w, key);
  emit_add_boolean_value (w, value);
}

static void
add_int (Writer     *w,
         const char *key,
         gint64      value)
{
  emit_set_member_name (w, key);
  emit_add_int_value (w, value);
}

static void
add_double (Writer     *w,
            const char *key,
            double      value)
{
  emit_set_member_name (w, key);
  if (isnan (value))
    emit_add_null_value (w);
  else
    emit_add_double_value (w, value);
}

static void
add_strv (Writer             *w,
          const char         *key,
          const char * const *values)
{
  emit_set_member_name (w, key);
  emit_begin_array (w);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    emit_add_string_value (w, values[i]);
  emit_end_array (w);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* @unordered: the list is a set (a domain's CHECKs), so when comparing it is
 * sorted by normalized text: the catalog orders it by the server's own text.
 */
static void
add_expr_list (Writer             *w,
               const char         *key,
               const char * const *values,
               gboolean            unordered)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (items, w->structure_only ? _sw_sql_normalize_expr (values[i])
                                              : g_strdup (values[i]));
  if (unordered && w->structure_only)
    g_ptr_array_sort (items, compare_strings);

  emit_set_member_name (w, key);
  emit_begin_array (w);
  for (guint i = 0; i < items->len; i++)
    emit_add_string_value (w, g_ptr_array_index (items, i));
  emit_end_array (w);
}

static void
write_column (Writer   *w,
              SwColumn *column)
{
  emit_begin_object (w);
  add_string (w, "name", column->name);
  add_int (w, "attnum", column->attnum);
  add_string (w, "type", column->type_name);
  add_string (w, "type_schema", column->type_schema);
  add_string (w, "type_internal", column->type_internal);
  add_string (w, "type_kind", sw_type_kind_to_string (column->type_kind));
  add_int (w, "typmod", column->typmod);
  add_string (w, "collation", column->collation);
  add_bool (w, "not_null", column->not_null);
  add_expr (w, "default", column->default_expr);
  add_string (w, "identity", sw_identity_kind_to_string (column->identity));
  add_expr (w, "generated", column->generated_expr);
  add_string (w, "comment", column->comment);

  if (!w->structure_only)
    {
      emit_set_member_name (w, "stats");
      if (!column->has_stats)
        emit_add_null_value (w);
      else
        {
          emit_begin_object (w);
          add_double (w, "null_frac", column->null_frac);
          add_double (w, "n_distinct", column->n_distinct);
          add_int (w, "avg_width", column->avg_width);
          add_strv (w, "most_common_values", (const char * const *)column->most_common_values);
          emit_set_member_name (w, "most_common_freqs");
          emit_begin_array (w);
          for (guint i = 0; column->most_common_freqs && i < column->most_common_freqs->len; i++)
            emit_add_double_value (w,
                                           g_array_index (column->most_common_freqs, double, i));
          emit_end_array (w);
          emit_end_object (w);
        }
    }

  emit_end_object (w);
}

static void
write_constraint (Writer       *w,
                  SwConstraint *constraint)
{
  gboolean is_exclude = constraint->kind == SW_CONSTRAINT_EXCLUDE;

  emit_begin_object (w);
  add_string (w, "name", constraint->name);
  add_string (w, "kind", sw_constraint_kind_to_string (constraint->kind));
  if (is_exclude)
    add_expr_list (w, "columns", (const char * const *)constraint->columns, FALSE);
  else
    add_strv (w, "columns", (const char * const *)constraint->columns);
  add_strv (w, "include", (const char * const *)constraint->include_columns);
  add_expr (w, "expression", constraint->expression);
  add_strv (w, "exclude_operators", (const char * const *)constraint->exclude_operators);
  add_string (w, "access_method", constraint->access_method);
  add_expr (w, "predicate", constraint->predicate);
  add_bool (w, "deferrable", constraint->deferrable);
  add_bool (w, "initially_deferred", constraint->initially_deferred);
  add_bool (w, "not_valid", constraint->not_valid);
  add_bool (w, "no_inherit", constraint->no_inherit);
  add_bool (w, "nulls_not_distinct", constraint->nulls_not_distinct);
  add_display (w, "definition", constraint->definition);
  emit_end_object (w);
}

static void
write_foreign_key (Writer       *w,
                   SwForeignKey *fk)
{
  emit_begin_object (w);
  add_string (w, "name", fk->name);
  add_strv (w, "columns", (const char * const *)fk->columns);
  add_string (w, "references", fk->ref_table);
  add_strv (w, "ref_columns", (const char * const *)fk->ref_columns);
  add_string (w, "on_delete", sw_fk_action_to_string (fk->on_delete));
  add_string (w, "on_update", sw_fk_action_to_string (fk->on_update));
  add_strv (w, "on_delete_set_columns", (const char * const *)fk->on_delete_set_columns);
  add_string (w, "match", sw_fk_match_to_string (fk->match));
  add_bool (w, "deferrable", fk->deferrable);
  add_bool (w, "initially_deferred", fk->initially_deferred);
  add_bool (w, "not_valid", fk->not_valid);
  emit_end_object (w);
}

static void
write_index (Writer  *w,
             SwIndex *index)
{
  emit_begin_object (w);
  add_string (w, "name", index->name);
  add_bool (w, "unique", index->unique);
  add_string (w, "access_method", index->access_method);
  emit_set_member_name (w, "keys");
  emit_begin_array (w);
  for (guint i = 0; index->keys != NULL && index->keys[i] != NULL; i++)
    {
      gboolean is_expr = index->key_is_expression != NULL &&
                         i < index->key_is_expression->len &&
                         g_array_index (index->key_is_expression, gboolean, i);
      g_autofree char *normalized = NULL;

      if (is_expr && w->structure_only)
        normalized = _sw_sql_normalize_expr (index->keys[i]);
      emit_begin_object (w);
      add_string (w, is_expr ? "expression" : "column", normalized ? normalized : index->keys[i]);
      emit_end_object (w);
    }
  emit_end_array (w);
  add_strv (w, "include", (const char * const *)index->include_columns);
  add_expr (w, "predicate", index->predicate);
  add_bool (w, "nulls_not_distinct", index->nulls_not_distinct);
  add_display (w, "definition", index->definition);
  emit_end_object (w);
}

static void
write_trigger (Writer    *w,
               SwTrigger *trigger)
{
  g_autofree char *events = sw_trigger_events_to_string (trigger->events);

  emit_begin_object (w);
  add_string (w, "name", trigger->name);
  add_string (w, "timing", sw_trigger_timing_to_string (trigger->timing));
  add_string (w, "events", events);
  add_string (w, "level", trigger->for_each_row ? "row" : "statement");
  add_string (w, "function", trigger->function);
  add_strv (w, "arguments", (const char * const *)trigger->arguments);
  add_strv (w, "update_columns", (const char * const *)trigger->update_columns);
  add_expr (w, "when", trigger->when_expr);
  add_bool (w, "constraint", trigger->is_constraint);
  add_bool (w, "enabled", trigger->enabled);
  emit_end_object (w);
}

static void
write_policy (Writer   *w,
              SwPolicy *policy)
{
  emit_begin_object (w);
  add_string (w, "name", policy->name);
  add_string (w, "command", sw_policy_command_to_string (policy->command));
  add_bool (w, "permissive", policy->permissive);
  add_strv (w, "roles", (const char * const *)policy->roles);
  add_expr (w, "using", policy->using_expr);
  add_expr (w, "with_check", policy->check_expr);
  emit_end_object (w);
}

#define WRITE_ARRAY(w, key, array, func)                        \
  G_STMT_START {                                                \
    emit_set_member_name ((w), key);           \
    emit_begin_array ((w));                    \
    for (guint _i = 0; _i < (array)->len; _i++)                 \
      {                                                         \
        func (w, g_ptr_array_index ((array), _i));              \
        if ((w)->text != NULL)                                  \
          text_flush ((w), FALSE);                              \
      }                                                         \
    emit_end_array ((w));                      \
  } G_STMT_END

static void
write_table (Writer  *w,
             SwTable *table)
{
  emit_begin_object (w);
  add_string (w, "table", table->qualified_name);
  add_string (w, "schema", table->schema_name);
  add_string (w, "name", table->name);
  if (!w->structure_only)
    add_int (w, "oid", table->oid);
  add_string (w, "kind", sw_rel_kind_to_string (table->rel_kind));
  add_string (w, "persistence", sw_persistence_to_string (table->persistence));
  add_string (w, "access_method", table->access_method);
  add_string (w, "comment", table->comment);
  add_bool (w, "rls_enabled", table->rls_enabled);
  add_bool (w, "rls_forced", table->rls_forced);
  add_string (w, "replica_identity", sw_replica_identity_to_string (table->replica_identity));
  add_string (w, "replica_identity_index", table->replica_identity_index);

  emit_set_member_name (w, "partitioning");
  if (table->partition_strategy == SW_PARTITION_NONE && table->partition_parent == NULL)
    emit_add_null_value (w);
  else
    {
      emit_begin_object (w);
      add_string (w, "strategy", sw_partition_strategy_to_string (table->partition_strategy));
      add_expr_list (w, "columns", (const char * const *)table->partition_columns, FALSE);
      add_display (w, "key", table->partition_key);
      add_string (w, "parent", table->partition_parent);
      add_display (w, "bound", table->partition_bound);
      emit_end_object (w);
    }
  add_strv (w, "inherits", (const char * const *)table->inherits);

  if (!w->structure_only)
    {
      add_int (w, "estimated_rows", table->estimated_rows);
      add_int (w, "total_bytes", table->total_bytes);
      emit_set_member_name (w, "citus");
      if (table->citus_kind == SW_CITUS_KIND_NONE)
        emit_add_null_value (w);
      else
        {
          emit_begin_object (w);
          add_string (w, "kind", sw_citus_kind_to_string (table->citus_kind));
          add_string (w, "distribution_column", table->citus_distribution_column);
          add_int (w, "colocation_id", table->citus_colocation_id);
          add_int (w, "shard_count", table->citus_shard_count);
          emit_end_object (w);
        }
    }

  WRITE_ARRAY (w, "columns", table->columns, write_column);
  WRITE_ARRAY (w, "constraints", table->constraints, write_constraint);
  WRITE_ARRAY (w, "foreign_keys", table->foreign_keys, write_foreign_key);
  WRITE_ARRAY (w, "indexes", table->indexes, write_index);
  WRITE_ARRAY (w, "triggers", table->triggers, write_trigger);
  WRITE_ARRAY (w, "policies", table->policies, write_policy);
  emit_end_object (w);
}

static void
write_sequence (Writer     *w,
                SwSequence *sequence)
{
  emit_begin_object (w);
  add_string (w, "name", sequence->qualified_name);
  add_string (w, "data_type", sequence->data_type);
  add_int (w, "start", sequence->start);
  add_int (w, "increment", sequence->increment);
  add_int (w, "min_value", sequence->min_value);
  add_int (w, "max_value", sequence->max_value);
  add_int (w, "cache", sequence->cache);
  add_bool (w, "cycle", sequence->cycle);
  add_string (w, "owned_by_table", sequence->owned_by_table);
  add_string (w, "owned_by_column", sequence->owned_by_column);
  add_bool (w, "identity", sequence->identity);
  emit_end_object (w);
}

static void
write_view (Writer *w,
            SwView *view)
{
  emit_begin_object (w);
  add_string (w, "name", view->qualified_name);
  add_bool (w, "materialized", view->materialized);
  add_strv (w, "depends_on", (const char * const *)view->depends_on);
  add_display (w, "definition", view->definition);
  emit_end_object (w);
}

static void
write_user_type (Writer     *w,
                 SwUserType *type)
{
  emit_begin_object (w);
  add_string (w, "name", type->qualified_name);
  add_string (w, "kind", sw_user_type_kind_to_string (type->kind));
  add_strv (w, "labels", (const char * const *)type->labels);
  add_string (w, "base_type", type->base_type);
  add_bool (w, "not_null", type->not_null);
  add_expr (w, "default", type->default_expr);
  add_expr_list (w, "checks", (const char * const *)type->checks, TRUE);
  add_string (w, "collation", type->collation);
  emit_end_object (w);
}

static void
write_function (Writer     *w,
                SwFunction *function)
{
  emit_begin_object (w);
  add_string (w, "name", function->qualified_name);
  add_string (w, "arguments", function->arguments);
  add_string (w, "returns", function->returns);
  add_string (w, "language", function->language);
  add_display (w, "definition", function->definition);
  emit_end_object (w);
}

static void
write_note (Writer       *w,
            SwSourceNote *note)
{
  emit_begin_object (w);
  add_string (w, "kind", note->kind == SW_SOURCE_NOTE_IGNORED ? "ignored" : "warning");
  add_int (w, "line", note->line);
  add_int (w, "column", note->column);
  add_string (w, "statement", note->statement);
  add_string (w, "message", note->message);
  emit_end_object (w);
}

static void
write_schema (Writer   *w,
              SwSchema *self)
{
  GListModel *tables;
  guint n_tables;

  emit_begin_object (w);
  add_int (w, "version", 1);
  if (!w->structure_only)
    {
      add_string (w, "source", self->source);
      add_string (w, "database", self->database_name);
      add_int (w, "server_version_num", self->server_version_num);
      add_string (w, "citus_version", self->citus_version);
      add_strv (w, "distributed_schemas", sw_schema_get_distributed_schemas (self));
    }
  add_strv (w, "schemas", sw_schema_get_namespaces (self));

  tables = G_LIST_MODEL (self->tables);
  n_tables = g_list_model_get_n_items (tables);
  emit_set_member_name (w, "tables");
  emit_begin_array (w);
  for (guint i = 0; i < n_tables; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      write_table (w, table);
      if (w->text != NULL)
        text_flush (w, FALSE);
    }
  emit_end_array (w);

  WRITE_ARRAY (w, "sequences", self->sequences, write_sequence);
  WRITE_ARRAY (w, "views", self->views, write_view);
  WRITE_ARRAY (w, "types", self->user_types, write_user_type);
  WRITE_ARRAY (w, "functions", self->functions, write_function);
  if (!w->structure_only)
    WRITE_ARRAY (w, "notes", self->notes, write_note);
  emit_end_object (w);

}

/**
 * sw_schema_to_json:
 * @self: a #SwSchema
 * @flags: what to include
 *
 * Returns: (transfer full): the model as a JSON object
 */
JsonNode *
sw_schema_to_json (SwSchema          *self,
                   SwSchemaJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Writer w = { 0 };

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  w.builder = builder;
  w.structure_only = (flags & SW_SCHEMA_JSON_STRUCTURE_ONLY) != 0;
  write_schema (&w, self);

  return json_builder_get_root (builder);
}

/**
 * sw_schema_to_json_string:
 * @self: a #SwSchema
 * @flags: what to include
 * @pretty: whether to indent
 *
 * Writes the JSON text directly, without building a tree first: for a large
 * schema the tree cost more than reading the catalog.
 *
 * Returns: (transfer full): the model as JSON text
 */
char *
sw_schema_to_json_string (SwSchema          *self,
                          SwSchemaJsonFlags  flags,
                          gboolean           pretty)
{
  Writer w = { 0 };

  g_return_val_if_fail (SW_IS_SCHEMA (self), NULL);

  text_init (&w, 4096);
  w.pretty = pretty;
  w.structure_only = (flags & SW_SCHEMA_JSON_STRUCTURE_ONLY) != 0;
  write_schema (&w, self);
  text_append_c (&w, '\0');

  return w.text;
}

/**
 * sw_schema_write_json:
 * @self: a #SwSchema
 * @flags: what to include
 * @pretty: whether to indent
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the same text as sw_schema_to_json_string() to @stream as it goes,
 * a piece at a time: a schema of 10,000 tables is about 80 MB of JSON, which
 * is never held in memory at once.
 *
 * Returns: %TRUE if every byte was written
 */
gboolean
sw_schema_write_json (SwSchema           *self,
                      SwSchemaJsonFlags   flags,
                      gboolean            pretty,
                      GOutputStream      *stream,
                      GCancellable       *cancellable,
                      GError            **error)
{
  Writer w = { 0 };

  g_return_val_if_fail (SW_IS_SCHEMA (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text_init (&w, FLUSH_SIZE + FLUSH_SIZE / 4);
  w.stream = stream;
  w.cancellable = cancellable;
  w.pretty = pretty;
  w.structure_only = (flags & SW_SCHEMA_JSON_STRUCTURE_ONLY) != 0;
  write_schema (&w, self);
  text_flush (&w, TRUE);
  g_free (w.text);

  if (w.error != NULL)
    {
      g_propagate_error (error, w.error);
      return FALSE;
    }

  return TRUE;
}

/* Arrays of objects are matched by their key member, so a difference reads as
 * `tables[public.ads].columns[id].type` rather than as an index.
 */
static const char *
element_key (JsonNode *node)
{
  static const char *keys[] = { "table", "name" };
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (json_object_has_member (object, keys[i]) &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, keys[i])))
        return json_object_get_string_member (object, keys[i]);
    }

  return NULL;
}

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (node == NULL)
    return g_strdup ("(missing)");
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
diff_nodes (const char *path,
            JsonNode   *a,
            JsonNode   *b,
            GPtrArray  *out);

static void
diff_arrays (const char *path,
             JsonArray  *a,
             JsonArray  *b,
             GPtrArray  *out)
{
  guint na = json_array_get_length (a);
  guint nb = json_array_get_length (b);
  gboolean keyed = na > 0 && element_key (json_array_get_element (a, 0)) != NULL;

  if (keyed)
    {
      g_autoptr(GHashTable) in_b = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < nb; i++)
        {
          const char *key = element_key (json_array_get_element (b, i));

          if (key != NULL)
            g_hash_table_insert (in_b, (gpointer)key, json_array_get_element (b, i));
        }
      for (guint i = 0; i < na; i++)
        {
          JsonNode *ea = json_array_get_element (a, i);
          const char *key = element_key (ea);
          g_autofree char *sub = g_strdup_printf ("%s[%s]", path, key);
          JsonNode *eb = g_hash_table_lookup (in_b, key);

          if (eb == NULL)
            g_ptr_array_add (out, g_strdup_printf ("%s: only in the first model", sub));
          else
            {
              diff_nodes (sub, ea, eb, out);
              g_hash_table_remove (in_b, key);
            }
        }
      for (guint i = 0; i < nb; i++)
        {
          const char *key = element_key (json_array_get_element (b, i));

          if (key != NULL && g_hash_table_contains (in_b, key))
            g_ptr_array_add (out, g_strdup_printf ("%s[%s]: only in the second model", path, key));
        }
      return;
    }

  if (na != nb)
    {
      g_autoptr(JsonNode) node_a = json_node_init_array (json_node_alloc (), a);
      g_autoptr(JsonNode) node_b = json_node_init_array (json_node_alloc (), b);
      g_autofree char *ta = node_to_text (node_a);
      g_autofree char *tb = node_to_text (node_b);

      g_ptr_array_add (out, g_strdup_printf ("%s: %s ≠ %s", path, ta, tb));
      return;
    }

  for (guint i = 0; i < na; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

      diff_nodes (sub, json_array_get_element (a, i), json_array_get_element (b, i), out);
    }
}

static void
diff_nodes (const char *path,
            JsonNode   *a,
            JsonNode   *b,
            GPtrArray  *out)
{
  if (a == NULL || b == NULL || JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    {
      g_autofree char *ta = node_to_text (a);
      g_autofree char *tb = node_to_text (b);

      g_ptr_array_add (out, g_strdup_printf ("%s: %s ≠ %s", path, ta, tb));
      return;
    }

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (oa);
        g_autoptr(GList) members_b = json_object_get_members (ob);

        for (const GList *l = members; l; l = l->next)
          {
            g_autofree char *sub = *path ? g_strdup_printf ("%s.%s", path, (const char *)l->data)
                                         : g_strdup (l->data);

            diff_nodes (sub, json_object_get_member (oa, l->data),
                        json_object_get_member (ob, l->data), out);
          }
        for (const GList *l = members_b; l; l = l->next)
          {
            if (!json_object_has_member (oa, l->data))
              g_ptr_array_add (out, g_strdup_printf ("%s.%s: only in the second model",
                                                     path, (const char *)l->data));
          }
      }
      break;

    case JSON_NODE_ARRAY:
      diff_arrays (path, json_node_get_array (a), json_node_get_array (b), out);
      break;

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
      if (!json_node_equal (a, b))
        {
          g_autofree char *ta = node_to_text (a);
          g_autofree char *tb = node_to_text (b);

          g_ptr_array_add (out, g_strdup_printf ("%s: %s ≠ %s", path, ta, tb));
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * sw_schema_diff:
 * @a: a #SwSchema
 * @b: another #SwSchema
 *
 * Compares the structure of two models: what both a SQL file and a live
 * database know. Sizes, statistics, oids, Citus metadata and display text are
 * left out, and expressions are compared in normalized form.
 *
 * Returns: (transfer full) (element-type utf8): one line per difference; empty
 *   when the models agree
 */
GPtrArray *
sw_schema_diff (SwSchema *a,
                SwSchema *b)
{
  g_autoptr(JsonNode) ja = NULL;
  g_autoptr(JsonNode) jb = NULL;
  GPtrArray *out;

  g_return_val_if_fail (SW_IS_SCHEMA (a), NULL);
  g_return_val_if_fail (SW_IS_SCHEMA (b), NULL);

  ja = sw_schema_to_json (a, SW_SCHEMA_JSON_STRUCTURE_ONLY);
  jb = sw_schema_to_json (b, SW_SCHEMA_JSON_STRUCTURE_ONLY);
  out = g_ptr_array_new_with_free_func (g_free);
  diff_nodes ("", ja, jb, out);

  return out;
}
