/* test-window-password.c
 *
 * The password typed in the connect dialog, under Xvfb against the private
 * PostgreSQL (a role that must answer scram-sha-256, no .pgpass): the window
 * reads the schema with it and keeps it in memory, so the routing page's
 * results connect too; with no Citus there, there is no live routing to
 * compare with, and the shard balance is predicted from the statistics the
 * catalog reader read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-application.h"
#include "sw-routing-page.h"
#include "sw-test-pg.h"
#include "sw-ui-test-util.h"
#include "sw-window.h"

/* A quarter of the events on user 1: its shard stands out. */
#define WOODGROVE_DATA \
  "INSERT INTO event_types SELECT i, 'type ' || i FROM generate_series (1, 5) i;\n" \
  "INSERT INTO payment_merchants SELECT i, 'merchant ' || i, NULL FROM generate_series (1, 40) i;\n" \
  "INSERT INTO payment_users SELECT i, NULL, 'user' || i, NULL FROM generate_series (1, 500) i;\n" \
  "INSERT INTO payment_events SELECT i, 1 + i % 5, CASE WHEN i % 4 = 0 THEN 1 ELSE 1 + i % 500 END, " \
  "1 + i % 40, '{}', now () FROM generate_series (1, 8000) i;\n" \
  "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " SW_TEST_PG_PASSWORD_USER ";\n" \
  "ANALYZE;\n"

static gboolean
window_has_plan (gpointer user_data)
{
  SwWindow *window = user_data;
  SwRoutingPage *page = SW_ROUTING_PAGE (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_ROUTING_PAGE));

  return sw_window_get_plan (window) != NULL && page != NULL && !sw_routing_page_is_busy (page);
}

static gboolean
page_idle (gpointer user_data)
{
  return !sw_routing_page_is_busy (SW_ROUTING_PAGE (user_data));
}

static void
test_window_password (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autofree char *schema_sql = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *unused = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPg) pg = NULL;
  SwApplication *app;
  SwWindow *window;
  SwRoutingPage *routing;
  SwBalanceChart *chart;
  SwPlan *plan;

  g_assert_true (g_file_get_contents (path, &schema_sql, NULL, NULL));
  sql = g_strconcat (schema_sql, "\n", WOODGROVE_DATA, NULL);
  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);
  unused = sw_test_pg_create_database (pg, "typed", sql, &error);
  g_assert_no_error (error);
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=typed user=%s",
                              sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);

  app = sw_application_new ("app.shardwise.Shardwise.TestPassword", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = sw_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));

  /* As the connect dialog hands it over, not to be remembered. */
  sw_window_connect_full (window, conninfo, SW_TEST_PG_PASSWORD, FALSE);
  sw_ui_test_wait (window_has_plan, window, 60);

  routing = SW_ROUTING_PAGE (sw_ui_test_find (GTK_WIDGET (window), SW_TYPE_ROUTING_PAGE));
  plan = sw_window_get_plan (window);
  sw_plan_set_distributed (plan, "public.payment_users", "user_id", NULL, 0);
  sw_plan_set_distributed (plan, "public.payment_events", "user_id", "public.payment_users", 0);
  sw_ui_test_wait (page_idle, routing, 30);

  /* The results grid connects with the typed password. Plain PostgreSQL's
   * plan is no Citus routing: no live route to compare with.
   */
  sw_routing_page_set_query (routing, "SELECT * FROM payment_users WHERE user_id = 7");
  sw_routing_page_route (routing);
  sw_ui_test_wait (page_idle, routing, 60);
  g_assert_cmpint (sw_routing_page_get_predicted (routing)->kind, ==, SW_ROUTE_KIND_ROUTER);
  g_assert_null (sw_routing_page_get_live (routing));
  g_assert_null (sw_routing_page_get_differences (routing));
  g_assert_cmpuint (g_list_model_get_n_items (sw_routing_page_get_results (routing)), ==, 1);

  /* No Citus: the balance is predicted from the statistics read live. */
  chart = sw_routing_page_get_balance_chart (routing);
  sw_routing_page_show (routing, "balance");
  sw_routing_page_show_balance (routing, "public.payment_events");
  sw_ui_test_wait (page_idle, routing, 30);
  g_assert_true (sw_balance_chart_get_predicted (chart));
  g_assert_cmpuint (sw_balance_chart_get_n_values (chart), ==, 32);
  /* User 1 holds about a quarter of the rows: about 8× the mean of 32 shards. */
  g_assert_cmpfloat (sw_balance_chart_get_skew (chart), >, 6.0);
  {
    AdwViewStack *views = ADW_VIEW_STACK (sw_ui_test_find (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

    g_assert_nonnull (views);
    adw_view_stack_set_visible_child_name (views, "routing");
  }
  shot = sw_ui_test_screenshot (GTK_WIDGET (window), "window-4-balance-predicted-live");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  /* Only the typed password may count: no .pgpass, no PGPASSWORD. */
  g_setenv ("PGPASSFILE", "/nonexistent/shardwise-test-pgpass", TRUE);
  g_unsetenv ("PGPASSWORD");

  g_test_add_func ("/Sw/WindowPassword/typed", test_window_password);

  return g_test_run ();
}
