/* test-window-pages.c
 *
 * The window's SQL and Routing views follow its schema and plan: a change
 * made in the window's plan shows in the scripts; plan.apply needs a live
 * database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-application.h"
#include "sw-erd-view.h"
#include "sw-routing-page.h"
#include "sw-sql-page.h"
#include "sw-ui-test-util.h"
#include "sw-window.h"

static gboolean
window_has_plan (gpointer user_data)
{
  SwWindow *window = user_data;
  SwSqlPage *page = SW_SQL_PAGE (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_SQL_PAGE));

  return sw_window_get_plan (window) != NULL && page != NULL &&
         sw_sql_page_get_plan (page) != NULL && !sw_sql_page_is_busy (page);
}

static gboolean
page_idle (gpointer user_data)
{
  return !sw_sql_page_is_busy (SW_SQL_PAGE (user_data));
}

static void
test_window_pages_follow_plan (void)
{
  static SwApplication *app;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SwWindow *window;
  SwSqlPage *sql_page;
  SwRoutingPage *routing_page;
  AdwViewStack *views;
  SwPlan *plan;
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;
  g_autofree char *migration = NULL;
  SwErdView *erd;

  app = sw_application_new ("app.shardwise.Shardwise.TestPages", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = sw_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  sw_window_open_file (window, file);
  sw_ui_test_wait (window_has_plan, window, 60);

  sql_page = SW_SQL_PAGE (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_SQL_PAGE));
  routing_page = SW_ROUTING_PAGE (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_ROUTING_PAGE));
  views = ADW_VIEW_STACK (sw_ui_test_find (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (routing_page);
  plan = sw_window_get_plan (window);
  g_assert_true (sw_sql_page_get_plan (sql_page) == plan);
  g_assert_true (sw_sql_page_get_schema (sql_page) != NULL);

  /* Offline, there is nothing to apply to. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint before = g_list_model_get_n_items (toplevels);

    gtk_widget_activate_action (GTK_WIDGET (window), "plan.apply", NULL);
    sw_ui_test_settle ();
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);
  }

  /* A change to the window's plan reaches the SQL view. */
  sw_plan_set_distributed (plan, "public.payment_users", "user_id", NULL, 0);
  sw_ui_test_wait (page_idle, sql_page, 30);
  migration = sw_sql_page_dup_script (sql_page, SW_SQL_SCRIPT_MIGRATION);
  g_assert_nonnull (strstr (migration, "create_distributed_table('public.payment_users', 'user_id'"));

  adw_view_stack_set_visible_child_name (views, "sql");
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (window), "window-1-sql-view");

  adw_view_stack_set_visible_child_name (views, "routing");
  sw_routing_page_set_query (routing_page, "SELECT * FROM payment_users WHERE user_id = 7");
  sw_routing_page_route (routing_page);
  g_assert_cmpint (sw_routing_page_get_predicted (routing_page)->kind, ==, SW_ROUTE_KIND_ROUTER);
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (window), "window-2-routing-view");

  /* The table the query touches is highlighted on the ERD, with its shard
   * (of 32) and worker; clearing the query clears it.
   */
  erd = SW_ERD_VIEW (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_ERD_VIEW));
  g_assert_nonnull (erd);
  g_assert_cmpuint (sw_erd_view_get_n_highlighted (erd), ==, 1);
  g_assert_nonnull (sw_erd_view_get_highlight_label (erd, "public.payment_users"));
  {
    g_autofree char *shard = g_strdup_printf (" %d ", g_array_index (sw_routing_page_get_predicted (routing_page)->shards, int, 0));

    g_assert_nonnull (strstr (sw_erd_view_get_highlight_label (erd, "public.payment_users"), shard));
  }
  g_assert_null (sw_erd_view_get_highlight_label (erd, "public.event_types"));

  adw_view_stack_set_visible_child_name (views, "diagram");
  shot3 = sw_ui_test_screenshot (GTK_WIDGET (window), "window-3-erd-highlight");

  sw_routing_page_set_query (routing_page, "");
  g_assert_cmpuint (sw_erd_view_get_n_highlighted (erd), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  g_test_add_func ("/Sw/WindowPages/follow-plan", test_window_pages_follow_plan);

  return g_test_run ();
}
