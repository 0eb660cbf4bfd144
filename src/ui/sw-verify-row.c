/* sw-verify-row.c
 *
 * One line of the verify check shown after an apply: what citus_tables says
 * about a table, and its row counts before and after the move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-verify-row"

#include "config.h"

#include "sw-verify-row.h"

struct _SwVerifyRow
{
  GObject  parent_instance;

  char    *table;
  char    *expected_type;
  char    *citus_table_type;
  char    *distribution_column;
  int      colocation_id;
  int      shard_count;
  gint64   rows_before;
  gint64   rows_after;
};

G_DEFINE_FINAL_TYPE (SwVerifyRow, sw_verify_row, G_TYPE_OBJECT)

static void
sw_verify_row_finalize (GObject *object)
{
  SwVerifyRow *self = SW_VERIFY_ROW (object);

  g_free (self->table);
  g_free (self->expected_type);
  g_free (self->citus_table_type);
  g_free (self->distribution_column);

  G_OBJECT_CLASS (sw_verify_row_parent_class)->finalize (object);
}

static void
sw_verify_row_class_init (SwVerifyRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_verify_row_finalize;
}

static void
sw_verify_row_init (SwVerifyRow *self)
{
}

/**
 * sw_verify_row_new:
 * @table: the table, qualified
 * @expected_type: (nullable): what the plan asked for, as citus_tables names it
 *   (`distributed`, `reference`, `local`), or %NULL for no expectation
 * @citus_table_type: (nullable): citus_tables.citus_table_type, %NULL when the
 *   table is not in citus_tables
 * @distribution_column: (nullable): citus_tables.distribution_column
 * @colocation_id: citus_tables.colocation_id, or -1
 * @shard_count: citus_tables.shard_count, or -1
 * @rows_before: the row count before the move, or -1 when not counted
 * @rows_after: the row count after the move, or -1 when not counted
 *
 * Returns: (transfer full): a new #SwVerifyRow
 */
SwVerifyRow *
sw_verify_row_new (const char *table,
                   const char *expected_type,
                   const char *citus_table_type,
                   const char *distribution_column,
                   int         colocation_id,
                   int         shard_count,
                   gint64      rows_before,
                   gint64      rows_after)
{
  SwVerifyRow *self = g_object_new (SW_TYPE_VERIFY_ROW, NULL);

  self->table = g_strdup (table);
  self->expected_type = g_strdup (expected_type);
  self->citus_table_type = g_strdup (citus_table_type);
  self->distribution_column = g_strdup (distribution_column);
  self->colocation_id = colocation_id;
  self->shard_count = shard_count;
  self->rows_before = rows_before;
  self->rows_after = rows_after;
  return self;
}

const char *
sw_verify_row_get_table (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), NULL);
  return self->table;
}

const char *
sw_verify_row_get_expected_type (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), NULL);
  return self->expected_type;
}

const char *
sw_verify_row_get_citus_table_type (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), NULL);
  return self->citus_table_type;
}

const char *
sw_verify_row_get_distribution_column (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), NULL);
  return self->distribution_column;
}

int
sw_verify_row_get_colocation_id (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), -1);
  return self->colocation_id;
}

int
sw_verify_row_get_shard_count (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), -1);
  return self->shard_count;
}

gint64
sw_verify_row_get_rows_before (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), -1);
  return self->rows_before;
}

gint64
sw_verify_row_get_rows_after (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), -1);
  return self->rows_after;
}

/**
 * sw_verify_row_get_ok:
 * @self: a #SwVerifyRow
 *
 * A row passes when Citus has the table as the plan asked and no row was lost
 * or gained on the way.
 *
 * Returns: whether the check passed for this table
 */
gboolean
sw_verify_row_get_ok (SwVerifyRow *self)
{
  g_return_val_if_fail (SW_IS_VERIFY_ROW (self), FALSE);

  if (self->expected_type != NULL)
    {
      const char *actual = self->citus_table_type != NULL ? self->citus_table_type : "local";

      if (g_strcmp0 (self->expected_type, actual) != 0)
        return FALSE;
    }

  if (self->rows_before >= 0 && self->rows_after >= 0 && self->rows_before != self->rows_after)
    return FALSE;

  return TRUE;
}
