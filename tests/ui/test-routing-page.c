/* test-routing-page.c
 *
 * The routing page offline: predictions, the cluster map's hits, the
 * history, workload scoring against an alternative plan, and completions.
 * With the Citus fixture (SW_ROUTING_LIVE=citus): the coordinator's EXPLAIN
 * beside the prediction, the results grid and the shard balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sw-completion-item.h"
#include "sw-routing-page.h"
#include "sw-schema-completion.h"
#include "sw-schema-private.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"
#include "sw-ui-test-util.h"

static gboolean
page_idle (gpointer user_data)
{
  return !sw_routing_page_is_busy (SW_ROUTING_PAGE (user_data));
}

static guint
count_hit_shards (SwClusterMap *map,
                  guint         shard_count)
{
  guint n = 0;

  for (guint i = 0; i < shard_count; i++)
    if (sw_cluster_map_is_shard_hit (map, i))
      n++;

  return n;
}

static guint
highlights_changed;

static void
count_highlights_cb (SwRoutingPage *page,
                     gpointer       user_data)
{
  highlights_changed++;
}

static const char *
highlight_label_of (SwRoutingPage *self,
                    const char    *table)
{
  const char * const *tables = sw_routing_page_get_highlighted_tables (self);
  const char * const *labels = sw_routing_page_get_highlight_labels (self);

  for (guint i = 0; tables[i] != NULL; i++)
    if (g_str_equal (tables[i], table))
      return labels[i];
  return NULL;
}

static void
test_routing_offline (void)
{
  GtkWidget *page = sw_routing_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 1100, 720);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autoptr(SwPlan) alternative = sw_ui_test_woodgrove_plan ();
  SwRoutingPage *self = SW_ROUTING_PAGE (page);
  SwClusterMap *map = sw_routing_page_get_cluster_map (self);
  const SwRoute *route;
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;

  sw_routing_page_set_schema (self, schema);
  sw_routing_page_set_plan (self, plan);

  /* One user's events: one shard, on one worker. */
  sw_routing_page_set_query (self, "SELECT * FROM payment_events WHERE user_id = 42");
  sw_routing_page_route (self);
  route = sw_routing_page_get_predicted (self);
  g_assert_nonnull (route);
  g_assert_cmpint (route->kind, ==, SW_ROUTE_KIND_ROUTER);
  g_assert_cmpuint (count_hit_shards (map, 32), ==, 1);
  g_assert_cmpuint (sw_cluster_map_get_n_hit_nodes (map), ==, 1);
  g_assert_false (sw_cluster_map_is_node_hit (map, 0));
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-1-router");

  /* The table it touches is offered to the ERD, with the shard (Citus's own
   * hash of 42) and the worker Citus's round-robin puts that shard on.
   */
  {
    gint32 hash;
    int shard;
    g_autofree char *shard_text = NULL;
    g_autofree char *worker_text = NULL;
    const char *label;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_INT8, "42", &hash, NULL));
    shard = (int) sw_hash_shard_index (hash, 32);
    g_assert_cmpint (g_array_index (route->shards, int, 0), ==, shard);
    g_assert_cmpstrv (sw_routing_page_get_highlighted_tables (self),
                      ((const char * const[]) { "public.payment_events", NULL }));
    label = highlight_label_of (self, "public.payment_events");
    g_assert_nonnull (label);
    shard_text = g_strdup_printf (" %d ", shard);
    worker_text = g_strdup_printf (" %d", 1 + shard % 2);
    g_assert_nonnull (strstr (label, shard_text));
    g_assert_nonnull (strstr (label, "32"));
    g_assert_true (g_str_has_suffix (label, worker_text));
  }


  /* Every user's events: every shard, on both workers. */
  sw_routing_page_set_query (self, "SELECT count(*) FROM payment_events");
  sw_routing_page_route (self);
  route = sw_routing_page_get_predicted (self);
  g_assert_cmpint (route->kind, ==, SW_ROUTE_KIND_MULTI_SHARD);
  g_assert_cmpuint (count_hit_shards (map, 32), ==, 32);
  g_assert_cmpuint (sw_cluster_map_get_n_hit_nodes (map), ==, 2);

  /* A bad query is an error on the page, not a crash, and not in the history. */
  sw_routing_page_set_query (self, "SELEC oops");
  sw_routing_page_route (self);
  g_assert_nonnull (sw_routing_page_get_error (self));
  g_assert_null (sw_routing_page_get_predicted (self));

  /* History: latest first, no duplicates. */
  sw_routing_page_set_query (self, "SELECT * FROM payment_events WHERE user_id = 42");
  sw_routing_page_route (self);
  g_assert_cmpuint (g_list_model_get_n_items (sw_routing_page_get_history (self)), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (sw_routing_page_get_history (self)), 0),
                   ==, "SELECT * FROM payment_events WHERE user_id = 42");

  /* Workload scoring: with payment_events local in the alternative, both
   * queries run as plain PostgreSQL there.
   */
  g_assert_cmpfloat_with_epsilon (sw_route_score_get_share (sw_routing_page_get_score (self, FALSE), SW_ROUTE_KIND_ROUTER), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (sw_route_score_get_share (sw_routing_page_get_score (self, FALSE), SW_ROUTE_KIND_MULTI_SHARD), 0.5, 1e-9);
  sw_plan_set_local (alternative, "public.payment_events");
  sw_routing_page_set_alternative_plan (self, alternative);
  g_assert_cmpfloat_with_epsilon (sw_route_score_get_share (sw_routing_page_get_score (self, TRUE), SW_ROUTE_KIND_LOCAL), 1.0, 1e-9);
  sw_routing_page_show (self, "workload");
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-2-workload");

  /* The plan changing changes the prediction. */
  sw_plan_set_reference (plan, "public.payment_events");
  sw_routing_page_route (self);
  g_assert_cmpint (sw_routing_page_get_predicted (self)->kind, ==, SW_ROUTE_KIND_REFERENCE);

  gtk_window_destroy (window);
}

/* What a query touches goes to the ERD (through the window): each table with
 * a label; a new route says so once; clearing the query clears it.
 */
static void
test_routing_highlights (void)
{
  GtkWidget *page = sw_routing_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 1100, 720);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  SwRoutingPage *self = SW_ROUTING_PAGE (page);

  sw_routing_page_set_schema (self, schema);
  sw_routing_page_set_plan (self, plan);

  /* A join with a reference table: both tables, each labelled. */
  g_signal_connect (self, "highlights-changed", G_CALLBACK (count_highlights_cb), NULL);
  highlights_changed = 0;
  sw_routing_page_set_query (self, "SELECT * FROM payment_events e JOIN event_types t ON t.event_type_id = e.event_type_id WHERE e.user_id = 42");
  sw_routing_page_route (self);
  g_assert_cmpint (sw_routing_page_get_predicted (self)->kind, ==, SW_ROUTE_KIND_ROUTER);
  g_assert_cmpuint (highlights_changed, ==, 1);
  g_assert_cmpuint (g_strv_length ((char **) sw_routing_page_get_highlighted_tables (self)), ==, 2);
  g_assert_nonnull (highlight_label_of (self, "public.event_types"));
  g_assert_cmpstr (highlight_label_of (self, "public.event_types"), !=, highlight_label_of (self, "public.payment_events"));

  /* Clearing the query clears the highlight. */
  sw_routing_page_set_query (self, "  ");
  g_assert_cmpuint (highlights_changed, ==, 2);
  g_assert_null (sw_routing_page_get_highlighted_tables (self)[0]);
  g_assert_null (sw_routing_page_get_predicted (self));

  /* A multi-shard query: every shard of the table. */
  sw_routing_page_set_query (self, "SELECT count(*) FROM payment_events");
  sw_routing_page_route (self);
  g_assert_cmpuint (highlights_changed, ==, 3);
  g_assert_nonnull (strstr (highlight_label_of (self, "public.payment_events"), "32"));

  /* A bad query highlights nothing. */
  sw_routing_page_set_query (self, "SELEC oops");
  sw_routing_page_route (self);
  g_assert_null (sw_routing_page_get_highlighted_tables (self)[0]);

  gtk_window_destroy (window);
}

/* No Citus cluster: the balance is predicted from pg_stats, and says so. */
static void
test_routing_predicted_balance (void)
{
  GtkWidget *page = sw_routing_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 1100, 720);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  SwRoutingPage *self = SW_ROUTING_PAGE (page);
  SwBalanceChart *chart = sw_routing_page_get_balance_chart (self);
  SwTable *events = sw_test_find_table (schema, "public.payment_events");
  SwColumn *user_id = sw_table_find_column (events, "user_id");
  const char *mcv[] = { "42", "7", NULL };
  const double freqs[] = { 0.30, 0.05 };
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autofree char *shot = NULL;

  sw_routing_page_set_schema (self, schema);
  sw_routing_page_set_plan (self, plan);
  sw_routing_page_show (self, "balance");

  /* Read from SQL: no statistics, and the page says what to do. */
  sw_routing_page_show_balance (self, "public.payment_events");
  sw_ui_test_settle ();
  g_assert_cmpuint (sw_balance_chart_get_n_values (chart), ==, 0);
  g_assert_nonnull (sw_ui_test_find_label (page, "ANALYZE"));

  /* As the catalog reader would have them after ANALYZE. */
  events->estimated_rows = 200000;
  events->total_bytes = 200000 * 120;
  user_id->has_stats = TRUE;
  user_id->null_frac = 0;
  user_id->n_distinct = 5000;
  user_id->most_common_values = g_strdupv ((char **) mcv);
  user_id->most_common_freqs = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (user_id->most_common_freqs, freqs, 2);

  sw_routing_page_show_balance (self, "public.payment_users");
  sw_routing_page_show_balance (self, "public.payment_events");
  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.payment_events", NULL);
  g_assert_nonnull (estimate);
  g_assert_true (sw_balance_chart_get_predicted (chart));
  g_assert_cmpuint (sw_balance_chart_get_n_values (chart), ==, 32);
  g_assert_cmpfloat_with_epsilon (sw_balance_chart_get_skew (chart), sw_balance_estimate_get_shard_ratio (estimate), 1e-9);
  /* 42 alone on its shard (7 elsewhere, per Citus's hash): 30 % + 65 % / 32. */
  g_assert_cmpfloat_with_epsilon (sw_balance_chart_get_skew (chart), (0.30 + 0.65 / 32) * 32, 1e-9);
  sw_ui_test_settle ();
  g_assert_nonnull (sw_ui_test_find_label (page, "Predicted from statistics"));
  shot = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-6-balance-predicted");

  gtk_window_destroy (window);
}

static void
test_routing_completion (void)
{
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwSchemaCompletion) completion = sw_schema_completion_new ();
  g_autoptr(GListModel) tables = NULL;
  g_autoptr(GListModel) columns = NULL;
  g_autoptr(SwCompletionItem) first = NULL;
  gboolean found_user_id = FALSE;

  sw_schema_completion_set_schema (completion, schema);

  tables = sw_schema_completion_complete (completion, NULL, "paym");
  g_assert_cmpuint (g_list_model_get_n_items (tables), >=, 3);
  first = g_list_model_get_item (tables, 0);
  g_assert_true (g_str_has_prefix (sw_completion_item_get_text (first), "payment_"));

  columns = sw_schema_completion_complete (completion, "payment_events", "");
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(SwCompletionItem) item = g_list_model_get_item (columns, i);
      if (g_str_equal (sw_completion_item_get_text (item), "user_id"))
        found_user_id = TRUE;
    }
  g_assert_true (found_user_id);
}

static void
test_routing_odd_names_completion (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE \"Odd Table\" (\"Mixed Case\" int, \"select\" text);");
  g_autoptr(SwSchemaCompletion) completion = sw_schema_completion_new ();
  g_autoptr(GListModel) tables = NULL;
  g_autoptr(GListModel) columns = NULL;
  g_autoptr(SwCompletionItem) table = NULL;

  sw_schema_completion_set_schema (completion, schema);
  tables = sw_schema_completion_complete (completion, NULL, "Odd");
  g_assert_cmpuint (g_list_model_get_n_items (tables), >=, 1);
  table = g_list_model_get_item (tables, 0);
  /* What goes into the editor is quoted as SQL needs. */
  g_assert_cmpstr (sw_completion_item_get_insert (table), ==, "\"Odd Table\"");

  columns = sw_schema_completion_complete (completion, "Odd Table", "sel");
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 1);
  {
    g_autoptr(SwCompletionItem) column = g_list_model_get_item (columns, 0);
    g_assert_cmpstr (sw_completion_item_get_insert (column), ==, "\"select\"");
  }
}

static void
test_routing_live (void)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestCitus) citus = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autofree char *sample = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  GtkWidget *page;
  GtkWindow *window;
  SwRoutingPage *self;
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;

  if (!sw_test_citus_available (&reason))
    {
      g_autofree char *message = g_strdup_printf ("citus suite skipped: %s", reason);
      g_test_skip (message);
      return;
    }

  g_assert_true (g_file_get_contents (path, &sample, NULL, NULL));
  sql = g_strconcat (sample,
                     "INSERT INTO event_types SELECT i, 't' || i FROM generate_series (1, 5) i;\n"
                     "INSERT INTO payment_merchants SELECT i, 'm' || i, NULL FROM generate_series (1, 10) i;\n"
                     "INSERT INTO payment_users SELECT i, NULL, 'u' || i, NULL FROM generate_series (1, 300) i;\n"
                     "INSERT INTO payment_events SELECT i, 1 + i % 5, 1 + i % 300, 1 + i % 10, '{}', now () "
                     "FROM generate_series (1, 3000) i;\n"
                     "SELECT create_reference_table ('event_types');\n"
                     "SELECT create_reference_table ('payment_merchants');\n"
                     "SELECT create_distributed_table ('payment_users', 'user_id');\n"
                     "SELECT create_distributed_table ('payment_events', 'user_id', colocate_with => 'payment_users');\n",
                     NULL);

  citus = sw_test_citus_start (&error);
  g_assert_no_error (error);
  conninfo = sw_test_citus_create_database (citus, "routing", sql, &error);
  g_assert_no_error (error);
  schema = sw_test_read_live (conninfo, NULL);

  page = sw_routing_page_new ();
  window = sw_ui_test_window (page, 1100, 760);
  self = SW_ROUTING_PAGE (page);
  sw_routing_page_set_schema (self, schema);
  sw_routing_page_set_plan (self, plan);
  sw_routing_page_set_connection (self, conninfo);
  sw_ui_test_wait (page_idle, page, 60);

  sw_routing_page_set_query (self, "SELECT * FROM payment_events WHERE user_id = 42");
  sw_routing_page_route (self);
  sw_ui_test_wait (page_idle, page, 60);
  g_assert_nonnull (sw_routing_page_get_live (self));
  g_assert_cmpint (sw_routing_page_get_live (self)->kind, ==, SW_ROUTE_KIND_ROUTER);
  g_assert_nonnull (sw_routing_page_get_differences (self));
  g_assert_cmpuint (sw_routing_page_get_differences (self)->len, ==, 0);
  {
    const SwRoute *live = sw_routing_page_get_live (self);
    g_test_message ("live: %u shards, %u nodes, %u tables%s%s", live->shards ? live->shards->len : 0,
                    live->nodes ? live->nodes->len : 0, live->tables ? live->tables->len : 0,
                    live->tables && live->tables->len ? ", first " : "",
                    live->tables && live->tables->len ? (char *) g_ptr_array_index (live->tables, 0) : "");
  }
  /* The map shows the real node holding the shard. */
  g_assert_cmpuint (sw_cluster_map_get_n_hit_nodes (sw_routing_page_get_cluster_map (self)), ==, 1);
  g_assert_nonnull (strchr (sw_cluster_map_get_node_name (sw_routing_page_get_cluster_map (self), 1), ':'));
  /* The ERD label names the real shard and the node holding it. */
  {
    const SwRoute *live = sw_routing_page_get_live (self);
    const char *label = highlight_label_of (self, "public.payment_events");
    g_autofree char *shard_id = NULL;

    g_assert_nonnull (label);
    g_assert_cmpuint (live->shard_ids->len, ==, 1);
    shard_id = g_strdup_printf (" %" G_GINT64_FORMAT " ", g_array_index (live->shard_ids, gint64, 0));
    g_test_message ("ERD label: %s", label);
    g_assert_nonnull (strstr (label, shard_id));
    /* The node EXPLAIN ran the task on. */
    g_assert_cmpuint (live->nodes->len, ==, 1);
    g_assert_true (g_str_has_suffix (label, g_ptr_array_index (live->nodes, 0)));
  }
  /* Results: user 42's ten events. */
  g_assert_cmpuint (g_list_model_get_n_items (sw_routing_page_get_results (self)), ==, 10);
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-3-live");

  sw_routing_page_show (self, "results");
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-4-results");

  sw_routing_page_show (self, "balance");
  sw_routing_page_show_balance (self, "public.payment_events");
  sw_ui_test_wait (page_idle, page, 60);
  g_assert_cmpuint (sw_balance_chart_get_n_values (sw_routing_page_get_balance_chart (self)), ==, 32);
  /* Measured on the cluster, not predicted. */
  g_assert_false (sw_balance_chart_get_predicted (sw_routing_page_get_balance_chart (self)));
  g_assert_cmpfloat (sw_balance_chart_get_skew (sw_routing_page_get_balance_chart (self)), >=, 1.0);
  shot3 = sw_ui_test_screenshot (GTK_WIDGET (window), "routing-5-balance");

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  if (g_strcmp0 (g_getenv ("SW_ROUTING_LIVE"), "citus") == 0)
    g_test_add_func ("/Sw/RoutingPage/live", test_routing_live);
  else
    {
      g_test_add_func ("/Sw/RoutingPage/offline", test_routing_offline);
      g_test_add_func ("/Sw/RoutingPage/highlights", test_routing_highlights);
      g_test_add_func ("/Sw/RoutingPage/predicted-balance", test_routing_predicted_balance);
      g_test_add_func ("/Sw/RoutingPage/completion", test_routing_completion);
      g_test_add_func ("/Sw/RoutingPage/odd-names-completion", test_routing_odd_names_completion);
    }

  return g_test_run ();
}
