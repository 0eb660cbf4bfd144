/* sw-plan-edit.c
 *
 * Planning by hand: the edits the ERD offers, each turned into plain plan
 * changes. They say nothing about whether Citus will accept the result;
 * the validator does, right after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-plan-edit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-plan-edit.h"
#include "sw-column.h"
#include "sw-constraint.h"
#include "sw-foreign-key.h"
#include "sw-schema.h"
#include "sw-table.h"

static SwTable *
find_table (SwSchema    *schema,
            const char  *name,
            GError     **error)
{
  SwTable *table = sw_schema_find_table (schema, name);

  if (table == NULL)
    g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_TABLE,
                 _("The schema has no table %s"), name);
  return table;
}

static int
strv_index (const char * const *strv,
            const char         *name)
{
  for (int i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (g_str_equal (strv[i], name))
        return i;
    }
  return -1;
}

/**
 * sw_plan_edit_distribute:
 * @plan: a plan
 * @schema: its schema
 * @table: a qualified table name
 * @column: the distribution column
 * @error: return location for a #GError
 *
 * Distributes @table by @column. A table that was already distributed keeps
 * its colocation and shard count; any other becomes a table of Citus's
 * default colocation.
 *
 * Returns: %TRUE, or %FALSE when the table or column does not exist
 */
gboolean
sw_plan_edit_distribute (SwPlan      *plan,
                         SwSchema    *schema,
                         const char  *table,
                         const char  *column,
                         GError     **error)
{
  const SwPlanTable *entry;
  SwTable *t;

  g_return_val_if_fail (SW_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (SW_IS_SCHEMA (schema), FALSE);
  g_return_val_if_fail (table != NULL && column != NULL, FALSE);

  if (!(t = find_table (schema, table, error)))
    return FALSE;
  if (sw_table_find_column (t, column) == NULL)
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN,
                   _("Table %s has no column %s"), table, column);
      return FALSE;
    }

  entry = sw_plan_lookup_table (plan, table);
  if (entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED)
    sw_plan_set_distributed (plan, table, column, entry->colocate_with, entry->shard_count);
  else
    sw_plan_set_distributed (plan, table, column, NULL, 0);

  return TRUE;
}

/**
 * sw_plan_edit_guess_column:
 * @plan: a plan
 * @schema: its schema
 * @table: the table to colocate
 * @with: a distributed table of @plan
 *
 * Finds the column of @table that matches @with's distribution column: the
 * column of a foreign key between the two that pairs with it (either way),
 * else a column of the same name.
 *
 * Returns: (transfer full) (nullable): the column, or %NULL
 */
char *
sw_plan_edit_guess_column (SwPlan     *plan,
                           SwSchema   *schema,
                           const char *table,
                           const char *with)
{
  const SwPlanTable *target = sw_plan_lookup_table (plan, with);
  SwTable *t = sw_schema_find_table (schema, table);
  SwTable *w = sw_schema_find_table (schema, with);
  GPtrArray *fks;

  if (target == NULL || target->column == NULL || t == NULL || w == NULL)
    return NULL;

  /* table → with: the referencing column that points at with's column. */
  fks = sw_table_get_foreign_keys (t);
  for (guint i = 0; fks != NULL && i < fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (fks, i);
      int index;

      if (g_strcmp0 (sw_foreign_key_get_ref_table (fk), sw_table_get_qualified_name (w)) != 0)
        continue;
      index = strv_index (sw_foreign_key_get_ref_columns (fk), target->column);
      if (index >= 0)
        return g_strdup (sw_foreign_key_get_columns (fk)[index]);
    }

  /* with → table: the referenced column with's column points at. */
  fks = sw_table_get_foreign_keys (w);
  for (guint i = 0; fks != NULL && i < fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (fks, i);
      int index;

      if (g_strcmp0 (sw_foreign_key_get_ref_table (fk), sw_table_get_qualified_name (t)) != 0)
        continue;
      index = strv_index (sw_foreign_key_get_columns (fk), target->column);
      if (index >= 0)
        return g_strdup (sw_foreign_key_get_ref_columns (fk)[index]);
    }

  if (sw_table_find_column (t, target->column) != NULL)
    return g_strdup (target->column);

  return NULL;
}

/**
 * sw_plan_edit_colocate:
 * @plan: a plan
 * @schema: its schema
 * @table: the table to colocate
 * @with: the table to colocate it with
 * @error: return location for a #GError
 *
 * Colocates @table with @with, as dropping one table onto another on the
 * ERD asks. With a distributed @with, @table is distributed too, by its
 * column that matches (sw_plan_edit_guess_column()) or by its current
 * distribution column; with a single-shard @with, @table becomes a
 * single-shard table in its group.
 *
 * Returns: %TRUE, or %FALSE with @error set when there is nothing to
 *   colocate with or no column to distribute by
 */
gboolean
sw_plan_edit_colocate (SwPlan      *plan,
                       SwSchema    *schema,
                       const char  *table,
                       const char  *with,
                       GError     **error)
{
  const SwPlanTable *target;
  const SwPlanTable *entry;
  g_autofree char *column = NULL;

  g_return_val_if_fail (SW_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (SW_IS_SCHEMA (schema), FALSE);
  g_return_val_if_fail (table != NULL && with != NULL, FALSE);

  if (!find_table (schema, table, error) || !find_table (schema, with, error))
    return FALSE;

  if (g_str_equal (table, with))
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID,
                   _("A table cannot be colocated with itself"));
      return FALSE;
    }

  target = sw_plan_lookup_table (plan, with);
  entry = sw_plan_lookup_table (plan, table);

  if (target != NULL && target->kind == SW_PLAN_KIND_SINGLE_SHARD)
    {
      sw_plan_set_single_shard (plan, table, with);
      return TRUE;
    }

  if (target == NULL || target->kind != SW_PLAN_KIND_DISTRIBUTED)
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID,
                   _("%s is not distributed: distribute it first, then colocate other tables with it"),
                   with);
      return FALSE;
    }

  column = sw_plan_edit_guess_column (plan, schema, table, with);
  if (column == NULL && entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED)
    column = g_strdup (entry->column);
  if (column == NULL)
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN,
                   _("No column of %s matches %s’s distribution column %s: choose one first"),
                   table, with, target->column);
      return FALSE;
    }

  sw_plan_set_distributed (plan, table, column, with, 0);
  return TRUE;
}
