/* sw-query-rows.c
 *
 * The rows a user's query returned, as SwQueryRunner fetched them: column
 * names and types, at most the row limit's rows as text, whether more were
 * left unread, and what a write changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-query-rows"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-query-rows-private.h"

typedef struct
{
  char    *name;
  char    *type_name;
  guint32  type_oid;
  int      type_modifier;
} Column;

struct _SwQueryRows
{
  GObject    parent_instance;

  GArray    *columns;   /* Column */
  GPtrArray *rows;      /* char ** of columns->len values, NULL for SQL NULL */
  gboolean   truncated;
  gboolean   read_only;
  guint      row_limit;
  char      *command_tag;
  gint64     rows_affected;
};

G_DEFINE_FINAL_TYPE (SwQueryRows, sw_query_rows, G_TYPE_OBJECT)

static void
column_clear (Column *column)
{
  g_free (column->name);
  g_free (column->type_name);
}

static void
sw_query_rows_finalize (GObject *object)
{
  SwQueryRows *self = SW_QUERY_ROWS (object);

  /* Rows hold NULL entries, so they are freed by count rather than with g_strfreev(). */
  for (guint i = 0; i < self->rows->len; i++)
    {
      char **values = g_ptr_array_index (self->rows, i);

      for (guint c = 0; c < self->columns->len; c++)
        g_free (values[c]);
      g_free (values);
    }
  g_ptr_array_unref (self->rows);
  g_array_unref (self->columns);
  g_free (self->command_tag);

  G_OBJECT_CLASS (sw_query_rows_parent_class)->finalize (object);
}

static void
sw_query_rows_class_init (SwQueryRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_query_rows_finalize;
}

static void
sw_query_rows_init (SwQueryRows *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify) column_clear);
  self->rows = g_ptr_array_new ();
  self->rows_affected = -1;
}

SwQueryRows *
_sw_query_rows_new (gboolean read_only,
                      guint    row_limit)
{
  SwQueryRows *self = g_object_new (SW_TYPE_QUERY_ROWS, NULL);

  self->read_only = read_only;
  self->row_limit = row_limit;
  return self;
}

void
_sw_query_rows_add_column (SwQueryRows *self,
                             const char    *name,
                             guint32        type_oid,
                             int            type_modifier)
{
  Column column = { g_strdup (name), NULL, type_oid, type_modifier };

  g_return_if_fail (self->rows->len == 0);
  g_array_append_val (self->columns, column);
}

void
_sw_query_rows_set_column_type (SwQueryRows *self,
                                  guint          column,
                                  const char    *type_name)
{
  Column *c;

  g_return_if_fail (column < self->columns->len);
  c = &g_array_index (self->columns, Column, column);
  g_free (c->type_name);
  c->type_name = g_strdup (type_name);
}

int
_sw_query_rows_get_column_type_modifier (SwQueryRows *self,
                                           guint          column)
{
  g_return_val_if_fail (column < self->columns->len, -1);
  return g_array_index (self->columns, Column, column).type_modifier;
}

/* Takes @values: an array of n_columns strings, NULL for SQL NULL. */
void
_sw_query_rows_add_row (SwQueryRows  *self,
                          char          **values)
{
  g_ptr_array_add (self->rows, values);
}

void
_sw_query_rows_set_truncated (SwQueryRows *self,
                                gboolean       truncated)
{
  self->truncated = truncated;
}

void
_sw_query_rows_set_command (SwQueryRows *self,
                              const char    *command_tag,
                              gint64         rows_affected)
{
  g_free (self->command_tag);
  self->command_tag = g_strdup (command_tag);
  self->rows_affected = rows_affected;
}

/**
 * sw_query_rows_get_n_columns:
 * @self: a #SwQueryRows
 *
 * Returns: how many columns the statement returns (0 for a write without RETURNING)
 */
guint
sw_query_rows_get_n_columns (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), 0);
  return self->columns->len;
}

/**
 * sw_query_rows_get_column_name:
 * @self: a #SwQueryRows
 * @column: a column index
 *
 * Returns: (transfer none): the column's name as PostgreSQL reports it
 */
const char *
sw_query_rows_get_column_name (SwQueryRows *self,
                                 guint          column)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).name;
}

/**
 * sw_query_rows_get_column_type:
 * @self: a #SwQueryRows
 * @column: a column index
 *
 * Returns: (transfer none): the column's type as format_type() writes it
 *   (`bigint`, `character varying(20)`)
 */
const char *
sw_query_rows_get_column_type (SwQueryRows *self,
                                 guint          column)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).type_name;
}

/**
 * sw_query_rows_get_column_type_oid:
 * @self: a #SwQueryRows
 * @column: a column index
 *
 * Returns: the column type's pg_type oid
 */
guint32
sw_query_rows_get_column_type_oid (SwQueryRows *self,
                                     guint          column)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), 0);
  g_return_val_if_fail (column < self->columns->len, 0);
  return g_array_index (self->columns, Column, column).type_oid;
}

/**
 * sw_query_rows_get_n_rows:
 * @self: a #SwQueryRows
 *
 * Returns: how many rows were kept: never more than the row limit
 */
guint
sw_query_rows_get_n_rows (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), 0);
  return self->rows->len;
}

/**
 * sw_query_rows_get_value:
 * @self: a #SwQueryRows
 * @row: a row index
 * @column: a column index
 *
 * Returns: (nullable) (transfer none): the value in PostgreSQL's text output,
 *   %NULL for SQL NULL
 */
const char *
sw_query_rows_get_value (SwQueryRows *self,
                           guint          row,
                           guint          column)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return ((char **) g_ptr_array_index (self->rows, row))[column];
}

/**
 * sw_query_rows_is_null:
 * @self: a #SwQueryRows
 * @row: a row index
 * @column: a column index
 *
 * Returns: %TRUE if the value is SQL NULL
 */
gboolean
sw_query_rows_is_null (SwQueryRows *self,
                         guint          row,
                         guint          column)
{
  return sw_query_rows_get_value (self, row, column) == NULL;
}

/**
 * sw_query_rows_get_truncated:
 * @self: a #SwQueryRows
 *
 * Returns: %TRUE when the statement returned more rows than the row limit and
 *   only the first ones were kept
 */
gboolean
sw_query_rows_get_truncated (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), FALSE);
  return self->truncated;
}

/**
 * sw_query_rows_get_row_limit:
 * @self: a #SwQueryRows
 *
 * Returns: the row limit the statement ran with
 */
guint
sw_query_rows_get_row_limit (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), 0);
  return self->row_limit;
}

/**
 * sw_query_rows_get_read_only:
 * @self: a #SwQueryRows
 *
 * Returns: %TRUE if the statement ran in a READ ONLY transaction
 */
gboolean
sw_query_rows_get_read_only (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), FALSE);
  return self->read_only;
}

/**
 * sw_query_rows_get_command_tag:
 * @self: a #SwQueryRows
 *
 * Returns: (nullable): the command tag (`SELECT 3`, `INSERT 0 1`), %NULL when
 *   the statement was stopped at the row limit
 */
const char *
sw_query_rows_get_command_tag (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), NULL);
  return self->command_tag;
}

/**
 * sw_query_rows_get_rows_affected:
 * @self: a #SwQueryRows
 *
 * Returns: the rows an INSERT, UPDATE, DELETE (or SELECT) processed, as its
 *   command tag says; -1 when unknown
 */
gint64
sw_query_rows_get_rows_affected (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), -1);
  return self->rows_affected;
}

/**
 * sw_query_rows_dup_summary:
 * @self: a #SwQueryRows
 *
 * One line for the user: how many rows, and whether the row limit cut them.
 *
 * Returns: (transfer full): the summary
 */
char *
sw_query_rows_dup_summary (SwQueryRows *self)
{
  g_return_val_if_fail (SW_IS_QUERY_ROWS (self), NULL);

  if (self->truncated)
    return g_strdup_printf (ngettext ("Only the first %u row is shown: the query returns more than the row limit",
                                      "Only the first %u rows are shown: the query returns more than the row limit",
                                      self->rows->len),
                            self->rows->len);
  if (self->columns->len == 0 && self->rows_affected >= 0)
    {
      /* gettext cannot see through G_GINT64_FORMAT: the count is printed first. */
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, self->rows_affected);

      return g_strdup_printf (ngettext ("%s row affected", "%s rows affected",
                                        (gulong) MIN (self->rows_affected, G_MAXULONG)),
                              count);
    }
  return g_strdup_printf (ngettext ("%u row", "%u rows", self->rows->len), self->rows->len);
}
