/* test-erd-view.c
 *
 * The ERD canvas: hit testing, zoom, drag-and-drop decisions that change the
 * plan, the context menu's actions, search and the focus view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sw-engine.h"
#include "sw-erd-view.h"
#include "sw-table-card.h"
#include "sw-test-ui.h"

static const char *shop_sql =
  "CREATE TABLE countries (code text PRIMARY KEY, name text);\n"
  "CREATE TABLE customers (id bigint PRIMARY KEY, country text REFERENCES countries, name text);\n"
  "CREATE TABLE orders (customer_id bigint REFERENCES customers, id bigint, total numeric,\n"
  "  PRIMARY KEY (customer_id, id));\n"
  "CREATE TABLE order_lines (customer_id bigint, order_id bigint, line int, sku text,\n"
  "  PRIMARY KEY (customer_id, order_id, line),\n"
  "  FOREIGN KEY (customer_id, order_id) REFERENCES orders);\n"
  "CREATE TABLE audit_log (id bigserial PRIMARY KEY, what text);\n";

typedef struct
{
  GtkWidget *window;
  SwErdView *view;
  SwSchema  *schema;
  SwPlan    *plan;
  guint      changes;
} Fixture;

static void
plan_changed_cb (SwPlan  *plan,
                 Fixture *fixture)
{
  fixture->changes++;
}

static void
message_cb (SwErdView  *view,
            const char *text,
            Fixture    *fixture)
{
  g_test_message ("view says: %s", text);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(SwErdLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  SwErdLayoutOptions options;

  fixture->schema = sw_sql_reader_load_string (reader, shop_sql, "shop.sql", &error);
  g_assert_no_error (error);
  fixture->plan = sw_plan_new ();
  sw_plan_set_distributed (fixture->plan, "public.customers", "id", NULL, 0);
  g_signal_connect (fixture->plan, "changed", G_CALLBACK (plan_changed_cb), fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  fixture->view = SW_ERD_VIEW (sw_erd_view_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  g_signal_connect (fixture->view, "message", G_CALLBACK (message_cb), fixture);

  sw_erd_view_get_layout_options (fixture->view, &options);
  layout = sw_erd_layout_compute (fixture->schema, fixture->plan, &options, NULL, &error);
  g_assert_no_error (error);
  sw_erd_view_set_model (fixture->view, fixture->schema, fixture->plan, layout);

  gtk_window_present (GTK_WINDOW (fixture->window));
  /* The first allocation fits the picture: a small schema fits below 100 %
   * only if the window is small, so wait on the size instead.
   */
  sw_test_ui_iterate (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), >, 100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_signal_handlers_disconnect_by_func (fixture->plan, plan_changed_cb, fixture);
  g_clear_object (&fixture->plan);
  g_clear_object (&fixture->schema);
}

/* The view point at the centre of a table's title. */
static void
title_point (Fixture    *fixture,
             const char *table,
             double     *x,
             double     *y)
{
  SwErdNode *node = sw_erd_layout_lookup_node (sw_erd_view_get_layout (fixture->view), table);
  const SwErdLayoutOptions *options = sw_erd_layout_get_options (sw_erd_view_get_layout (fixture->view));

  g_assert_nonnull (node);
  sw_erd_view_layout_to_view (fixture->view, node->x + node->width / 2,
                              node->y + options->header_height / 2, x, y);
}

/* The view point on the row of a table's column. */
static void
column_point (Fixture    *fixture,
              const char *table,
              guint       row,
              double     *x,
              double     *y)
{
  SwErdNode *node = sw_erd_layout_lookup_node (sw_erd_view_get_layout (fixture->view), table);
  const SwErdLayoutOptions *options = sw_erd_layout_get_options (sw_erd_view_get_layout (fixture->view));

  sw_erd_view_layout_to_view (fixture->view, node->x + node->width / 2,
                              node->y + options->header_height + (row + 0.5) * options->row_height,
                              x, y);
}

static void
test_hit_testing (Fixture       *fixture,
                  gconstpointer  data)
{
  GPtrArray *nodes = sw_erd_layout_get_nodes (sw_erd_view_get_layout (fixture->view));
  double bx, by, bw, bh, x, y;

  g_assert_cmpuint (nodes->len, ==, 5);
  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i);

      sw_erd_view_layout_to_view (fixture->view, node->x + node->width / 2,
                                  node->y + node->height / 2, &x, &y);
      g_assert_cmpstr (sw_erd_view_table_at (fixture->view, x, y), ==, node->table);
      /* Just outside the box is not the table. */
      sw_erd_view_layout_to_view (fixture->view, node->x - 2, node->y - 2, &x, &y);
      g_assert_cmpstr (sw_erd_view_table_at (fixture->view, x, y), !=, node->table);
    }

  /* The corner of the picture's margin holds no table. */
  sw_erd_layout_get_bounds (sw_erd_view_get_layout (fixture->view), &bx, &by, &bw, &bh);
  sw_erd_view_layout_to_view (fixture->view, bx + 1, by + 1, &x, &y);
  g_assert_null (sw_erd_view_table_at (fixture->view, x, y));

  /* Column rows: the third row of orders is "total". */
  {
    SwErdNode *node = sw_erd_layout_lookup_node (sw_erd_view_get_layout (fixture->view), "public.orders");
    SwTableCard *card = SW_TABLE_CARD (sw_test_ui_find_widget (GTK_WIDGET (fixture->view), SW_TYPE_TABLE_CARD));
    const SwErdLayoutOptions *options = sw_erd_layout_get_options (sw_erd_view_get_layout (fixture->view));

    g_assert_nonnull (node);
    g_assert_nonnull (card);
    g_assert_true (sw_table_card_is_header (card, options->header_height / 2));
    g_assert_null (sw_table_card_column_at (card, options->header_height / 2));
  }
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  double lx0, ly0, lx1, ly1;
  double zoom = sw_erd_view_get_zoom (fixture->view);

  g_assert_cmpfloat (zoom, >, 0.0);
  g_assert_cmpfloat (zoom, <=, 1.0);

  /* Zooming keeps the point under the pointer where it is. */
  sw_erd_view_view_to_layout (fixture->view, 300, 200, &lx0, &ly0);
  sw_erd_view_set_zoom (fixture->view, 2.0, 300, 200);
  g_assert_cmpfloat (sw_erd_view_get_zoom (fixture->view), ==, 2.0);
  sw_erd_view_view_to_layout (fixture->view, 300, 200, &lx1, &ly1);
  g_assert_cmpfloat (fabs (lx0 - lx1), <, 1e-6);
  g_assert_cmpfloat (fabs (ly0 - ly1), <, 1e-6);

  /* Clamped at both ends. */
  sw_erd_view_set_zoom (fixture->view, 100.0, 0, 0);
  g_assert_cmpfloat (sw_erd_view_get_zoom (fixture->view), <=, 3.0);
  sw_erd_view_set_zoom (fixture->view, 0.0001, 0, 0);
  g_assert_cmpfloat (sw_erd_view_get_zoom (fixture->view), >=, 0.03);

  /* Far out the cards give way to drawn boxes. */
  sw_test_ui_iterate (100);
  {
    GtkWidget *card = sw_test_ui_find_widget (GTK_WIDGET (fixture->view), SW_TYPE_TABLE_CARD);

    g_assert_false (gtk_widget_get_child_visible (card));
  }

  /* The actions: in, out, fit. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-fit", NULL);
  g_assert_cmpfloat (fabs (sw_erd_view_get_zoom (fixture->view) - zoom), <, 1e-6);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-in", NULL);
  g_assert_cmpfloat (sw_erd_view_get_zoom (fixture->view), >, zoom);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-out", NULL);
  g_assert_cmpfloat (sw_erd_view_get_zoom (fixture->view), <, zoom);
  sw_test_ui_iterate (100);
  {
    GtkWidget *card = sw_test_ui_find_widget (GTK_WIDGET (fixture->view), SW_TYPE_TABLE_CARD);

    gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-one", NULL);
    sw_test_ui_iterate (100);
    g_assert_true (gtk_widget_get_child_visible (card));
  }
}

static void
test_drop_on_lanes (Fixture       *fixture,
                    gconstpointer  data)
{
  graphene_rect_t rect;
  double x, y;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));

  /* The lanes sit at the bottom, side by side. */
  g_assert_cmpint (sw_erd_view_lane_at (fixture->view, width / 2.0 - 100, height - 50), ==,
                   SW_ERD_LANE_REFERENCE);
  g_assert_cmpint (sw_erd_view_lane_at (fixture->view, width / 2.0 + 100, height - 50), ==,
                   SW_ERD_LANE_LOCAL);
  g_assert_cmpint (sw_erd_view_lane_at (fixture->view, 5, 5), ==, SW_ERD_LANE_NONE);
  (void) rect;

  title_point (fixture, "public.countries", &x, &y);
  sw_erd_view_drag (fixture->view, x, y, width / 2.0 - 100, height - 50);
  g_assert_cmpint (sw_plan_get_table_kind (fixture->plan, "public.countries"), ==,
                   SW_PLAN_KIND_REFERENCE);
  /* A drop onto a lane leaves the table where it was. */
  g_assert_false (sw_plan_get_position (fixture->plan, "public.countries", &x, &y));

  title_point (fixture, "public.customers", &x, &y);
  sw_erd_view_drag (fixture->view, x, y, width / 2.0 + 100, height - 50);
  g_assert_cmpint (sw_plan_get_table_kind (fixture->plan, "public.customers"), ==,
                   SW_PLAN_KIND_LOCAL);
}

static void
test_drop_on_table_colocates (Fixture       *fixture,
                              gconstpointer  data)
{
  double x0, y0, x1, y1;
  const SwPlanTable *entry;
  guint changes;

  /* orders onto customers: distributed by the column its FK pairs with id. */
  title_point (fixture, "public.orders", &x0, &y0);
  title_point (fixture, "public.customers", &x1, &y1);
  g_test_message ("orders %g,%g → customers %g,%g; at target: %s", x0, y0, x1, y1,
                  sw_erd_view_table_at (fixture->view, x1, y1));
  sw_erd_view_drag (fixture->view, x0, y0, x1, y1);
  entry = sw_plan_lookup_table (fixture->plan, "public.orders");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (entry->column, ==, "customer_id");
  g_assert_cmpstr (entry->colocate_with, ==, "public.customers");

  /* order_lines onto orders: its FK (customer_id, order_id) → orders (customer_id, id). */
  title_point (fixture, "public.order_lines", &x0, &y0);
  title_point (fixture, "public.orders", &x1, &y1);
  sw_erd_view_drag (fixture->view, x0, y0, x1, y1);
  entry = sw_plan_lookup_table (fixture->plan, "public.order_lines");
  g_assert_cmpstr (entry->column, ==, "customer_id");
  g_assert_cmpstr (entry->colocate_with, ==, "public.orders");

  /* audit_log onto a local table: nothing to colocate with, the plan is unchanged. */
  changes = fixture->changes;
  title_point (fixture, "public.audit_log", &x0, &y0);
  title_point (fixture, "public.countries", &x1, &y1);
  sw_erd_view_drag (fixture->view, x0, y0, x1, y1);
  g_assert_cmpuint (fixture->changes, ==, changes);
  g_assert_cmpint (sw_plan_get_table_kind (fixture->plan, "public.audit_log"), ==,
                   SW_PLAN_KIND_LOCAL);
}

static void
test_move_saves_position (Fixture       *fixture,
                          gconstpointer  data)
{
  SwErdNode *node = sw_erd_layout_lookup_node (sw_erd_view_get_layout (fixture->view), "public.audit_log");
  double x0, y0, px, py, old_x = node->x, old_y = node->y;
  double bx, by, bw, bh, ex, ey;

  /* Into empty space above the picture. */
  sw_erd_layout_get_bounds (sw_erd_view_get_layout (fixture->view), &bx, &by, &bw, &bh);
  title_point (fixture, "public.audit_log", &x0, &y0);
  sw_erd_view_layout_to_view (fixture->view, bx + bw / 2, by - 300, &ex, &ey);
  sw_erd_view_drag (fixture->view, x0, y0, ex, ey);

  g_assert_true (sw_plan_get_position (fixture->plan, "public.audit_log", &px, &py));
  g_assert_cmpfloat (fabs (py - (old_y + (ey - y0) / sw_erd_view_get_zoom (fixture->view))), <, 1.0);
  g_assert_cmpfloat (fabs (px - (old_x + (ex - x0) / sw_erd_view_get_zoom (fixture->view))), <, 1.0);
  g_assert_cmpint (sw_plan_get_table_kind (fixture->plan, "public.audit_log"), ==,
                   SW_PLAN_KIND_LOCAL);
}

static void
test_column_onto_title (Fixture       *fixture,
                        gconstpointer  data)
{
  double x0, y0, x1, y1;
  const SwPlanTable *entry;

  /* Close enough to show the cards. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.zoom-one", NULL);
  sw_erd_view_select_table (fixture->view, "public.order_lines", TRUE);
  sw_test_ui_iterate (100);

  /* Row 3 of order_lines is "line". */
  column_point (fixture, "public.order_lines", 2, &x0, &y0);
  title_point (fixture, "public.order_lines", &x1, &y1);
  sw_erd_view_drag (fixture->view, x0, y0, x1, y1);
  entry = sw_plan_lookup_table (fixture->plan, "public.order_lines");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (entry->column, ==, "line");

  /* A column dropped elsewhere changes nothing. */
  column_point (fixture, "public.order_lines", 0, &x0, &y0);
  column_point (fixture, "public.order_lines", 3, &x1, &y1);
  sw_erd_view_drag (fixture->view, x0, y0, x1, y1);
  g_assert_cmpstr (sw_plan_lookup_table (fixture->plan, "public.order_lines")->column, ==, "line");
}

static void
test_menu_and_keyboard (Fixture       *fixture,
                        gconstpointer  data)
{
  const SwPlanTable *entry;

  /* The keyboard walks the tables in name order. */
  g_assert_null (sw_erd_view_get_selected_table (fixture->view));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.next-table", NULL);
  g_assert_cmpstr (sw_erd_view_get_selected_table (fixture->view), ==, "public.audit_log");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.next-table", NULL);
  g_assert_cmpstr (sw_erd_view_get_selected_table (fixture->view), ==, "public.countries");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.previous-table", NULL);
  g_assert_cmpstr (sw_erd_view_get_selected_table (fixture->view), ==, "public.audit_log");

  /* The context menu's actions act on the selected table. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.set-kind", "s", "reference");
  g_assert_cmpint (sw_plan_get_table_kind (fixture->plan, "public.audit_log"), ==,
                   SW_PLAN_KIND_REFERENCE);

  sw_erd_view_select_table (fixture->view, "public.orders", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.distribute", "s", "customer_id");
  entry = sw_plan_lookup_table (fixture->plan, "public.orders");
  g_assert_cmpint (entry->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (entry->column, ==, "customer_id");
  g_assert_null (entry->colocate_with);

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.colocate", "s", "public.customers");
  g_assert_cmpstr (sw_plan_lookup_table (fixture->plan, "public.orders")->colocate_with, ==,
                   "public.customers");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.colocate", "s", "none");
  g_assert_cmpstr (sw_plan_lookup_table (fixture->plan, "public.orders")->colocate_with, ==, "none");

  /* The menu opens from the keyboard. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.context-menu", NULL);
  g_assert_nonnull (sw_test_ui_find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_POPOVER_MENU));
}

static void
test_search_and_focus (Fixture       *fixture,
                       gconstpointer  data)
{
  /* By table name, and by column name. */
  g_assert_cmpuint (sw_erd_view_set_search (fixture->view, "ORDER"), ==, 2);
  g_assert_cmpstr (sw_erd_view_next_match (fixture->view), ==, "public.order_lines");
  g_assert_cmpstr (sw_erd_view_next_match (fixture->view), ==, "public.orders");
  g_assert_cmpstr (sw_erd_view_next_match (fixture->view), ==, "public.order_lines");
  g_assert_cmpuint (sw_erd_view_set_search (fixture->view, "sku"), ==, 1);
  g_assert_cmpuint (sw_erd_view_set_search (fixture->view, "nothing like it"), ==, 0);
  g_assert_null (sw_erd_view_next_match (fixture->view));
  g_assert_cmpuint (sw_erd_view_set_search (fixture->view, NULL), ==, 0);

  /* The neighbourhood of customers: countries and orders, not order_lines. */
  sw_erd_view_focus_neighbourhood (fixture->view, "public.customers");
  g_assert_true (sw_erd_view_get_focused (fixture->view));
  g_assert_cmpstr (sw_erd_view_get_selected_table (fixture->view), ==, "public.customers");
  sw_test_ui_iterate (100);
  {
    GtkWidget *child;
    guint dimmed = 0, bright = 0;

    for (child = gtk_widget_get_first_child (GTK_WIDGET (fixture->view)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        if (!SW_IS_TABLE_CARD (child))
          continue;
        if (gtk_widget_has_css_class (child, "dimmed"))
          dimmed++;
        else
          bright++;
      }
    g_assert_cmpuint (bright, ==, 3);
    g_assert_cmpuint (dimmed, ==, 2);
  }
  sw_test_ui_save_screenshot (fixture->window, "erd-view-focus");

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "erd.unfocus", NULL);
  g_assert_false (sw_erd_view_get_focused (fixture->view));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Sw/ErdView/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("hit-testing", test_hit_testing);
  ADD ("zoom", test_zoom);
  ADD ("drop-on-lanes", test_drop_on_lanes);
  ADD ("drop-on-table-colocates", test_drop_on_table_colocates);
  ADD ("move-saves-position", test_move_saves_position);
  ADD ("column-onto-title", test_column_onto_title);
  ADD ("menu-and-keyboard", test_menu_and_keyboard);
  ADD ("search-and-focus", test_search_and_focus);

  return g_test_run ();
}
