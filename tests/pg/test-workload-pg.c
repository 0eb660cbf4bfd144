/* test-workload-pg.c
 *
 * The workload from pg_stat_statements on a private PostgreSQL that loads
 * it (shared_preload_libraries), sync and async; the error when the
 * extension is missing; and the advisor fed by that workload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestPg *pg;

static const char *schema_sql =
  "CREATE SCHEMA ledger;\n"
  "CREATE TABLE ledger.account (account_id bigint PRIMARY KEY, client_id bigint NOT NULL, name text);\n"
  "CREATE TABLE ledger.account_hist (account_hist_id bigint PRIMARY KEY, account_id bigint NOT NULL,\n"
  "  client_id bigint NOT NULL, replaced timestamp);\n";

static void
run_queries (const char *conninfo)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%d", i);
      const char *params[1] = { id };
      g_autoptr(PGresult) r1 = PQexecParams (conn,
        "SELECT * FROM ledger.account a JOIN ledger.account_hist h ON h.account_id = a.account_id "
        "WHERE a.account_id = $1", 1, NULL, params, NULL, NULL, 0);
      g_autoptr(PGresult) r2 = NULL;

      g_assert_cmpint (PQresultStatus (r1), ==, PGRES_TUPLES_OK);
      if (i < 3)
        {
          r2 = PQexecParams (conn, "SELECT count(*) FROM ledger.account WHERE client_id = $1",
                             1, NULL, params, NULL, NULL, 0);
          g_assert_cmpint (PQresultStatus (r2), ==, PGRES_TUPLES_OK);
        }
    }
}

static guint64
calls_of (SwWorkload *w,
          const char *needle)
{
  for (guint i = 0; i < sw_workload_get_n_queries (w); i++)
    if (strstr (sw_workload_get_query (w, i), needle) != NULL)
      return sw_workload_get_calls (w, i);
  return 0;
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SwWorkload **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sw_workload_load_pg_stat_statements_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
test_pg_stat_statements (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = sw_test_pg_create_database (pg, "pss", schema_sql, &error);
  g_autoptr(SwWorkload) w = NULL;
  g_autoptr(SwWorkload) async_w = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(PGconn) conn = NULL;

  g_assert_no_error (error);
  g_assert_true (sw_test_pg_run_sql (pg, "pss", "CREATE EXTENSION pg_stat_statements;\n"
                                     "SELECT pg_stat_statements_reset();", &error));
  g_assert_no_error (error);
  run_queries (conninfo);

  w = sw_workload_load_pg_stat_statements (conninfo, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (w);
  g_assert_cmpuint (calls_of (w, "JOIN ledger.account_hist"), ==, 1000);
  g_assert_cmpuint (calls_of (w, "count(*)"), ==, 3);
  for (guint i = 0; i < sw_workload_get_n_queries (w); i++)
    g_assert_cmpuint (sw_workload_get_line (w, i), ==, 0);

  conn = PQconnectdb (conninfo);
  {
    g_autoptr(SwWorkload) w2 = sw_workload_load_pg_stat_statements_from_conn (conn, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (calls_of (w2, "JOIN ledger.account_hist"), ==, 1000);
  }

  sw_workload_load_pg_stat_statements_async (conninfo, NULL, load_cb, &async_w);
  while (async_w == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (calls_of (async_w, "JOIN ledger.account_hist"), ==, 1000);

  /* The live workload, joined and filtered on account_id, decides. */
  schema = sw_test_read_live (conninfo, NULL);
  advisor = sw_advisor_new (schema);
  sw_advisor_set_workload (advisor, w);
  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "ledger.account")->column, ==, "account_id");
  g_assert_cmpstr (sw_plan_lookup_table (plan, "ledger.account_hist")->column, ==, "account_id");
}

static void
test_missing_extension (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = sw_test_pg_create_database (pg, "no_pss", schema_sql, &error);
  g_autoptr(SwWorkload) w = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_no_error (error);
  w = sw_workload_load_pg_stat_statements (conninfo, NULL, &error);
  g_assert_null (w);
  g_assert_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_NO_EXTENSION);
  g_assert_nonnull (strstr (error->message, "no_pss"));
  g_assert_nonnull (strstr (error->message, "CREATE EXTENSION pg_stat_statements"));
  g_clear_error (&error);

  w = sw_workload_load_pg_stat_statements ("host=127.0.0.1 port=1 connect_timeout=2", NULL, &error);
  g_assert_null (w);
  g_assert_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_CONNECT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Workload/pg-stat-statements", test_pg_stat_statements);
  g_test_add_func ("/Sw/Workload/pg-stat-statements-missing", test_missing_extension);

  pg = sw_test_pg_start_full ("workload-pss",
                              "shared_preload_libraries = 'pg_stat_statements'\n"
                              "pg_stat_statements.track = all\n", &error);
  g_assert_no_error (error);

  ret = g_test_run ();
  sw_test_pg_stop (pg);
  return ret;
}
