/* bench-validate.c
 *
 * How long the validator takes on a schema file, for the plans the window
 * re-validates after every edit:
 *   python3 bench/generate-schema.py 1000 > /tmp/s1000.sql
 *   build/bench/bench-validate /tmp/s1000.sql [RUNS]
 * Plans: the empty plan (every table local), a tenant plan (every table with
 * a tenant_id distributed on it, the rest reference tables), the advisor's
 * plan, and the advisor's plan with one table made local (a typical edit,
 * which usually breaks foreign keys). Each is validated RUNS times (3 by
 * default) and the fastest and median times are printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "sw-engine.h"

static SwPlan *
tenant_plan (SwSchema *schema)
{
  SwPlan *plan = sw_plan_new ();
  GListModel *tables = sw_schema_list_tables (schema);

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      const char *name = sw_table_get_qualified_name (table);

      if (sw_table_find_column (table, "tenant_id") != NULL)
        sw_plan_set_distributed (plan, name, "tenant_id", NULL, 0);
      else
        sw_plan_set_reference (plan, name);
    }

  return plan;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
run (SwSchema   *schema,
     SwPlan     *plan,
     guint       runs,
     const char *label)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_diagnostics = 0, n_errors = 0;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GPtrArray) diagnostics = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      diagnostics = sw_validate_plan (schema, plan, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      n_diagnostics = diagnostics->len;
      n_errors = sw_diagnostics_count_errors (diagnostics);
    }
  g_array_sort (times, compare_doubles);
  g_print ("%-22s %5u entries: %9.1f ms fastest, %9.1f ms median (%u diagnostics, %u errors)\n",
           label, sw_plan_get_tables (plan)->len,
           g_array_index (times, double, 0), g_array_index (times, double, times->len / 2),
           n_diagnostics, n_errors);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) empty = sw_plan_new ();
  g_autoptr(SwPlan) tenant = NULL;
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) advised = NULL;
  g_autoptr(SwPlan) edited = NULL;
  g_autoptr(GError) error = NULL;
  guint runs = argc > 2 ? (guint) MAX (1, atoi (argv[2])) : 3;

  if (argc < 2)
    {
      g_printerr ("usage: bench-validate SCHEMA.sql [RUNS]\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  g_assert_no_error (error);
  g_print ("%u tables\n", sw_schema_get_n_tables (schema));

  tenant = tenant_plan (schema);
  advisor = sw_advisor_new (schema);
  advised = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);

  /* The first distributed table the advisor chose goes back to local. */
  edited = sw_plan_copy (advised);
  for (guint i = 0; i < sw_plan_get_tables (advised)->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (sw_plan_get_tables (advised), i);

      if (entry->kind == SW_PLAN_KIND_DISTRIBUTED)
        {
          sw_plan_set_local (edited, entry->table);
          break;
        }
    }

  run (schema, empty, runs, "empty plan");
  run (schema, tenant, runs, "tenant plan");
  run (schema, advised, runs, "advisor's plan");
  run (schema, edited, runs, "advisor's plan, edited");

  return 0;
}
