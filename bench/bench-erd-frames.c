/* bench-erd-frames.c
 *
 * Frame times of the ERD canvas on a big schema, under a real display (or
 * Xvfb):
 *   python3 bench/generate-schema.py 1000 > /tmp/s1000.sql
 *   xvfb-run -a -s "-screen 0 1400x900x24" build/bench/bench-erd-frames /tmp/s1000.sql
 * Each scenario changes the view every frame and times the frame clock's
 * layout and paint phases (before-paint to after-paint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sw-engine.h"
#include "sw-erd-view.h"

typedef enum
{
  STEP_PAN,
  STEP_ZOOM,
  STEP_DRAG,
} Step;

typedef struct
{
  SwErdView     *view;
  GArray        *times;
  gint64         start;
  guint          frames;
  guint          wanted;
  Step           step;
  GMainLoop     *loop;
  const char    *drag_table;
} Bench;

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  double ms;

  if (bench->start == 0)
    return;
  ms = (g_get_monotonic_time () - bench->start) / 1000.0;
  g_array_append_val (bench->times, ms);
  bench->start = 0;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);

  if (bench->frames++ >= bench->wanted)
    {
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }

  switch (bench->step)
    {
    case STEP_PAN:
      {
        double lx, ly;

        /* Pan by a tenth of the view each frame. */
        sw_erd_view_view_to_layout (bench->view, w / 2, h / 2, &lx, &ly);
        sw_erd_view_set_zoom (bench->view, sw_erd_view_get_zoom (bench->view), w / 2, h / 2);
        /* Back and forth, so the schema stays in view. */
        sw_erd_view_drag (bench->view, 5, 5, (bench->frames % 20 < 10) ? 5 - w / 10 : 5 + w / 10, 5);
      }
      break;
    case STEP_ZOOM:
      sw_erd_view_set_zoom (bench->view,
                            sw_erd_view_get_zoom (bench->view) * (bench->frames % 20 < 10 ? 1.1 : 1 / 1.1),
                            w / 2, h / 2);
      break;
    case STEP_DRAG:
      {
        SwErdLayout *layout = sw_erd_view_get_layout (bench->view);
        SwErdNode *node = sw_erd_layout_lookup_node (layout, bench->drag_table);

        sw_erd_layout_move_node (layout, bench->drag_table, node->x + 3, node->y + 2);
        gtk_widget_queue_allocate (widget);
        sw_erd_view_set_broken_edges (bench->view, NULL);
      }
      break;
    default:
      break;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static void
run (Bench      *bench,
     Step        step,
     double      zoom,
     const char *label)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->view));
  gulong before, after;
  double sum = 0;
  guint n;

  bench->times = g_array_new (FALSE, FALSE, sizeof (double));
  bench->frames = 0;
  bench->wanted = 120;
  bench->step = step;
  bench->start = 0;

  if (zoom > 0)
    {
      sw_erd_view_zoom_to_fit (bench->view);
      if (zoom != 0.01)
        sw_erd_view_set_zoom (bench->view, zoom,
                              gtk_widget_get_width (GTK_WIDGET (bench->view)) / 2.0,
                              gtk_widget_get_height (GTK_WIDGET (bench->view)) / 2.0);
    }
  if (step == STEP_DRAG)
    sw_erd_view_select_table (bench->view, bench->drag_table, TRUE);

  before = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), bench);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench->view), tick_cb, bench, NULL);
  g_main_loop_run (bench->loop);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);

  n = bench->times->len;
  g_array_sort (bench->times, compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (bench->times, double, i);
  g_print ("%-34s zoom %5.2f  frames %3u  mean %6.2f ms  median %6.2f ms  p95 %6.2f ms  max %6.2f ms\n",
           label, sw_erd_view_get_zoom (bench->view), n, n ? sum / n : 0,
           n ? g_array_index (bench->times, double, n / 2) : 0,
           n ? g_array_index (bench->times, double, (n * 95) / 100) : 0,
           n ? g_array_index (bench->times, double, n - 1) : 0);
  g_array_unref (bench->times);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwErdLayout) layout = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SwErdLayoutOptions options;
  GtkWidget *window;
  Bench bench = { 0 };
  GListModel *tables;
  gint64 start;

  if (argc < 2)
    {
      g_printerr ("usage: bench-erd-frames SCHEMA.sql\n");
      return 2;
    }

  gtk_init ();
  adw_init ();

  file = g_file_new_for_commandline_arg (argv[1]);
  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  g_assert_no_error (error);

  /* The same plan as bench-erd-layout: tenant tables distributed, the rest reference. */
  tables = sw_schema_list_tables (schema);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      if (sw_table_find_column (table, "tenant_id") != NULL)
        sw_plan_set_distributed (plan, sw_table_get_qualified_name (table), "tenant_id", NULL, 0);
      else
        sw_plan_set_reference (plan, sw_table_get_qualified_name (table));
    }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  bench.view = SW_ERD_VIEW (sw_erd_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.view));

  sw_erd_view_get_layout_options (bench.view, &options);
  start = g_get_monotonic_time ();
  layout = sw_erd_layout_compute (schema, plan, &options, NULL, &error);
  g_assert_no_error (error);
  g_print ("%u tables, layout %.3f s\n", sw_erd_layout_get_nodes (layout)->len,
           (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  sw_erd_view_set_model (bench.view, schema, plan, layout);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (GTK_WIDGET (bench.view)) < 100)
    g_main_context_iteration (NULL, TRUE);
  g_print ("cards created and first frame: %.3f s\n", (g_get_monotonic_time () - start) / 1e6);

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.drag_table = ((SwErdNode *) g_ptr_array_index (sw_erd_layout_get_nodes (layout), 500))->table;

  run (&bench, STEP_PAN, 0.01, "pan, whole schema (boxes)");
  run (&bench, STEP_ZOOM, 0.01, "zoom in and out from fit");
  run (&bench, STEP_PAN, 0.6, "pan at 60 % (cards)");
  run (&bench, STEP_PAN, 1.0, "pan at 100 % (cards)");
  run (&bench, STEP_DRAG, 0, "drag a table at 75 %");

  g_main_loop_unref (bench.loop);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
