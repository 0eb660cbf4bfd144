/* test-route-workload-pg.c
 *
 * A workload read from pg_stat_statements on the private PostgreSQL, routed
 * and scored under two plans, weighted by calls (sw_router_route_workload),
 * and the same through `shardwise-cli route --dsn … --pg-stat-statements`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestPg *pg;

static const char *schema_sql =
  "CREATE TABLE users (user_id bigint PRIMARY KEY, name text);\n"
  "CREATE TABLE orders (order_id bigint, user_id bigint REFERENCES users, total numeric,\n"
  "                     PRIMARY KEY (user_id, order_id));\n"
  "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 100) g;\n"
  "INSERT INTO orders SELECT g, 1 + g % 100, g FROM generate_series(1, 1000) g;\n";

/* By user: point lookups are router; by order id the join repartitions. */
static const char *plan_by_user =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
  " {\"table\": \"public.orders\", \"kind\": \"distributed\", \"column\": \"user_id\","
  "  \"colocate_with\": \"public.users\"}]}";
static const char *plan_by_order =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.users\", \"kind\": \"reference\"},"
  " {\"table\": \"public.orders\", \"kind\": \"distributed\", \"column\": \"order_id\"}]}";

static void
run_workload (const char *conninfo)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  /* 90 point lookups by user, 10 by order: pg_stat_statements folds each into one entry. */
  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM orders WHERE user_id = %u", i + 1);

      PQclear (PQexec (conn, sql));
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM orders WHERE order_id = %u", i + 1);

      PQclear (PQexec (conn, sql));
    }
}

static double
share_of (const SwRouteScore *score,
          SwRouteKind         kind)
{
  return sw_route_score_get_share (score, kind);
}

static void
test_route_pg_stat_statements (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = sw_test_pg_create_database (pg, "pss_route", schema_sql, &error);
  g_autoptr(SwCatalogReader) reader = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwWorkload) workload = NULL;
  g_autoptr(GPtrArray) filtered = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SwWorkload) ours = NULL;
  g_autofree char *sql = NULL;
  SwRouteScore by_user, by_order;

  g_assert_no_error (error);
  g_assert_true (sw_test_pg_run_sql (pg, "pss_route", "CREATE EXTENSION pg_stat_statements;\n"
                                     "SELECT pg_stat_statements_reset();", &error));
  g_assert_no_error (error);
  run_workload (conninfo);

  reader = sw_catalog_reader_new (conninfo);
  schema = sw_catalog_reader_load_sync (reader, NULL, &error);
  g_assert_no_error (error);

  workload = sw_workload_load_pg_stat_statements (conninfo, NULL, &error);
  g_assert_no_error (error);

  /* Only the two application queries (pg_stat_statements also saw the setup). */
  for (guint i = 0; i < sw_workload_get_n_queries (workload); i++)
    {
      const char *q = sw_workload_get_query (workload, i);

      if (g_str_has_prefix (q, "SELECT * FROM orders WHERE"))
        g_ptr_array_add (filtered, g_strdup_printf ("-- calls: %" G_GUINT64_FORMAT "\n%s;\n",
                                                    sw_workload_get_calls (workload, i), q));
    }
  g_assert_cmpuint (filtered->len, ==, 2);
  g_ptr_array_add (filtered, NULL);
  sql = g_strjoinv ("", (char **) filtered->pdata);
  ours = sw_workload_new_from_sql (sql, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_workload_get_total_calls (ours), ==, 100);

  for (guint p = 0; p < 2; p++)
    {
      g_autoptr(SwPlan) plan = sw_plan_new_from_data (p == 0 ? plan_by_user : plan_by_order, -1, &error);
      g_autoptr(SwRouter) router = NULL;
      g_autoptr(GPtrArray) routes = NULL;

      g_assert_no_error (error);
      router = sw_router_new (schema, plan);
      /* $1 placeholders: a parameter fixes the shard, which EXPLAIN alone cannot tell. */
      routes = sw_router_route_workload (router, ours, p == 0 ? &by_user : &by_order, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (routes->len, ==, 2);
    }

  g_assert_cmpuint (by_user.n_queries, ==, 2);
  g_assert_cmpfloat (by_user.total_calls, ==, 100);
  g_assert_cmpfloat_with_epsilon (share_of (&by_user, SW_ROUTE_KIND_ROUTER), 0.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (share_of (&by_user, SW_ROUTE_KIND_MULTI_SHARD), 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (share_of (&by_order, SW_ROUTE_KIND_ROUTER), 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (share_of (&by_order, SW_ROUTE_KIND_MULTI_SHARD), 0.9, 1e-9);

  /* The CLI reads pg_stat_statements itself. */
  {
    g_autofree char *tmpdir = g_dir_make_tmp ("sw-route-pss-XXXXXX", &error);
    g_autofree char *plan_path = g_build_filename (tmpdir, "plan.json", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *argv[] = { g_getenv ("SW_CLI"), "route", "--dsn", conninfo, "--plan", plan_path,
                           "--pg-stat-statements", NULL };
    int status;

    g_assert_no_error (error);
    g_file_set_contents (plan_path, plan_by_user, -1, &error);
    g_assert_no_error (error);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_nonnull (strstr (out, "(90 calls)"));
    g_assert_nonnull (strstr (out, "calls: router"));
    g_unlink (plan_path);
    g_rmdir (tmpdir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  pg = sw_test_pg_start_full ("route-pss",
                              "shared_preload_libraries = 'pg_stat_statements'\n", &error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/RouteWorkloadPg/pg-stat-statements", test_route_pg_stat_statements);

  ret = g_test_run ();
  g_clear_pointer (&pg, sw_test_pg_stop);
  return ret;
}
