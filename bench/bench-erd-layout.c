/* bench-erd-layout.c
 *
 * How long the ERD layout takes, in each mode, on a schema file:
 *   python3 bench/generate-schema.py 1000 > /tmp/s1000.sql
 *   build/bench/bench-erd-layout /tmp/s1000.sql
 * A plan that distributes every table with a tenant_id (and makes the rest
 * reference tables) is applied, so the clusters and the band are exercised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

static void
run (SwSchema        *schema,
     SwPlan          *plan,
     SwErdLayoutMode  mode,
     const char      *label)
{
  SwErdLayoutOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwErdLayout) layout = NULL;
  gint64 start;
  double x, y, w, h;

  sw_erd_layout_options_init (&options);
  options.mode = mode;
  start = g_get_monotonic_time ();
  layout = sw_erd_layout_compute (schema, plan, &options, NULL, &error);
  g_assert_no_error (error);
  sw_erd_layout_get_bounds (layout, &x, &y, &w, &h);
  g_print ("%-6s %5u tables %5u edges %4u groups: %8.3f s, %.0f × %.0f pt\n",
           label, sw_erd_layout_get_nodes (layout)->len, sw_erd_layout_get_edges (layout)->len,
           sw_erd_layout_get_clusters (layout)->len,
           (g_get_monotonic_time () - start) / 1e6, w, h);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  gboolean skip_dot = argc > 2 && g_str_equal (argv[2], "--grid-only");

  if (argc < 2)
    {
      g_printerr ("usage: bench-erd-layout SCHEMA.sql [--grid-only]\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  g_assert_no_error (error);
  plan = tenant_plan (schema);

  run (schema, plan, SW_ERD_LAYOUT_GRID, "grid");
  if (!skip_dot)
    {
      run (schema, NULL, SW_ERD_LAYOUT_DOT, "dot/np");
      run (schema, plan, SW_ERD_LAYOUT_DOT, "dot");
    }

  return 0;
}
