/* bench-problems-list.c
 *
 * What re-validation costs the main thread on a big schema, under a real
 * display (or Xvfb):
 *   python3 bench/generate-schema.py 1000 > /tmp/s1000.sql
 *   xvfb-run -a -s "-screen 0 1400x900x24" build/bench/bench-problems-list /tmp/s1000.sql
 * The window copies the plan and starts the check (main thread), the check
 * runs in a worker (not timed here: bench-validate), then the list takes its
 * answer and draws it (main thread). The advisor's plan with one table made
 * local stands for an edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "sw-engine.h"
#include "sw-problems-list.h"

/* The main thread's own CPU time: the machine the benchmark runs on may be
 * busy, which stretches wall-clock times but not this. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop until the list has drawn a frame after the change. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 counter = gdk_frame_clock_get_frame_counter (clock);

  /* The counter moves when a frame starts; its layout and paint run in the
   * same main loop dispatch. */
  gtk_widget_queue_draw (widget);
  while (gdk_frame_clock_get_frame_counter (clock) == counter)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *list;
  gint64 start;

  if (argc < 2)
    {
      g_printerr ("usage: bench-problems-list SCHEMA.sql\n");
      return 2;
    }

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  file = g_file_new_for_commandline_arg (argv[1]);
  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  g_assert_no_error (error);
  advisor = sw_advisor_new (schema);
  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (sw_plan_get_tables (plan), i);

      if (entry->kind == SW_PLAN_KIND_DISTRIBUTED)
        {
          sw_plan_set_local (plan, entry->table);
          break;
        }
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(SwPlan) copy = sw_plan_copy (plan);
    }
  g_print ("%u tables: plan copy (main thread, per check) %.2f ms\n",
           sw_schema_get_n_tables (schema), (g_get_monotonic_time () - start) / 10000.0);

  start = g_get_monotonic_time ();
  diagnostics = sw_validate_plan (schema, plan, NULL);
  g_print ("validation (worker thread) %.0f ms, %u diagnostics\n",
           (g_get_monotonic_time () - start) / 1000.0, diagnostics->len);

  window = adw_window_new ();
  list = sw_problems_list_new ();
  adw_window_set_content (ADW_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 340, 800);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 50 && !gtk_widget_get_mapped (list); i++)
    {
      settle ();
      g_usleep (20000);
    }
  wait_for_frame (list);

  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(GHashTable) edges = NULL;
      double cpu = cpu_ms ();

      start = g_get_monotonic_time ();
      sw_problems_list_set_diagnostics (SW_PROBLEMS_LIST (list), diagnostics);
      edges = sw_diagnostics_dup_broken_edges (diagnostics);
      wait_for_frame (list);
      g_print ("answer shown (main thread): %.1f ms (%.1f ms CPU) for %u diagnostics in %u rows, %u broken edges\n",
               (g_get_monotonic_time () - start) / 1000.0, cpu_ms () - cpu, diagnostics->len,
               g_list_model_get_n_items (sw_problems_list_get_model (SW_PROBLEMS_LIST (list))),
               g_hash_table_size (edges));
      sw_problems_list_set_diagnostics (SW_PROBLEMS_LIST (list), NULL);
      wait_for_frame (list);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
