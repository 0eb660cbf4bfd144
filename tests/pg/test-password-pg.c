/* test-password-pg.c
 *
 * The password typed in the connect dialog reaches every engine piece that
 * opens its own connection: the query runner, EXPLAIN, the router's live
 * cluster and the shard balance. The fixture's password role authenticates
 * with scram-sha-256 on loopback; with the password each piece connects,
 * without it each fails with a clear connection error that never shows a
 * password.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestPg *pg;
static char *conninfo;   /* the password role, no password in it */

static const char *setup_sql =
  "CREATE TABLE accounts (account_id bigint PRIMARY KEY, name text);\n"
  "INSERT INTO accounts SELECT g, 'a' || g FROM generate_series (1, 500) g;\n"
  "GRANT SELECT ON accounts TO " SW_TEST_PG_PASSWORD_USER ";\n"
  "ANALYZE;\n";

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* libpq says why: no password, or a wrong one; never the password itself. */
static void
assert_auth_message (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, "no password supplied") != NULL ||
                 strstr (error->message, "password authentication failed") != NULL);
  g_assert_null (strstr (error->message, SW_TEST_PG_PASSWORD));
  g_assert_null (strstr (error->message, "not-it"));
}

static void
test_query_runner (void)
{
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* Without it: a connection error, clearly about the password. */
  rows = sw_query_runner_run (runner, "SELECT current_user", NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);

  /* A wrong one does not show in the message. */
  sw_query_runner_set_password (runner, "not-it");
  rows = sw_query_runner_run (runner, "SELECT current_user", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);

  /* With it, sync and async. */
  sw_query_runner_set_password (runner, SW_TEST_PG_PASSWORD);
  rows = sw_query_runner_run (runner, "SELECT current_user", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_query_rows_get_value (rows, 0, 0), ==, SW_TEST_PG_PASSWORD_USER);
  g_clear_object (&rows);

  sw_query_runner_run_async (runner, "SELECT count(*) FROM accounts", NULL, got_result_cb, &result);
  rows = sw_query_runner_run_finish (runner, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_query_rows_get_value (rows, 0, 0), ==, "500");
  g_clear_object (&rows);

  /* NULL goes back to libpq's own ways, which have none here. */
  sw_query_runner_set_password (runner, NULL);
  rows = sw_query_runner_run (runner, "SELECT 1", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT);
}

static void
test_explain (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SwExplain) explain = NULL;
  g_autoptr(GError) error = NULL;

  sw_explain_run_full_async (conninfo, NULL, "SELECT * FROM accounts WHERE account_id = 1",
                             NULL, got_result_cb, &result);
  explain = sw_explain_run_finish (wait_for (&result), &error);
  g_assert_null (explain);
  g_assert_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The plain call has no password either. */
  sw_explain_run_async (conninfo, "SELECT 1", NULL, got_result_cb, &result);
  explain = sw_explain_run_finish (wait_for (&result), &error);
  g_assert_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_CONNECT);
  g_clear_error (&error);
  g_clear_object (&result);

  /* With it: plain PostgreSQL's plan, no Citus scan. */
  sw_explain_run_full_async (conninfo, SW_TEST_PG_PASSWORD, "SELECT * FROM accounts WHERE account_id = 1",
                             NULL, got_result_cb, &result);
  explain = sw_explain_run_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (explain);
  g_assert_null (sw_explain_get_error_message (explain));
  g_assert_false (sw_explain_has_citus_scan (explain));
}

static void
test_router_cluster (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE accounts (account_id bigint PRIMARY KEY, name text);");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwRouter) router = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  sw_plan_set_distributed (plan, "public.accounts", "account_id", NULL, 0);
  router = sw_router_new (schema, plan);

  sw_router_load_cluster_async (router, conninfo, NULL, got_result_cb, &result);
  ok = sw_router_load_cluster_finish (router, wait_for (&result), &error);
  g_assert_false (ok);
  g_assert_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);
  g_clear_object (&result);

  /* With the password it gets in; this server has no Citus metadata, which
   * is another error than the connection's (or none).
   */
  sw_router_set_password (router, SW_TEST_PG_PASSWORD);
  sw_router_load_cluster_async (router, conninfo, NULL, got_result_cb, &result);
  ok = sw_router_load_cluster_finish (router, wait_for (&result), &error);
  if (!ok)
    {
      g_test_message ("without Citus: %s", error->message);
      g_assert_false (g_error_matches (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_CONNECT));
    }
}

static void
test_shard_balance (void)
{
  g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("public.accounts", "account_id");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_shard_balance_load_async (balance, conninfo, NULL, got_result_cb, &result);
  g_assert_false (sw_shard_balance_load_finish (balance, wait_for (&result), &error));
  g_assert_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);
  g_clear_object (&result);

  sw_shard_balance_set_password (balance, SW_TEST_PG_PASSWORD);
  sw_shard_balance_load_async (balance, conninfo, NULL, got_result_cb, &result);
  g_assert_true (sw_shard_balance_load_finish (balance, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_shard_balance_get_sampled_rows (balance), ==, 500);
}

static void
test_script_runner (void)
{
  g_autoptr(SwScriptRunner) runner = sw_script_runner_new (conninfo);
  g_autoptr(GError) error = NULL;

  g_assert_false (sw_script_runner_run_sync (runner, "SELECT 1;", NULL, &error));
  g_assert_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_CONNECT);
  assert_auth_message (error);
  g_clear_error (&error);

  sw_script_runner_set_password (runner, SW_TEST_PG_PASSWORD);
  g_assert_true (sw_script_runner_run_sync (runner, "SELECT 1;", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unused = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Only the password the test gives may count: no .pgpass, no PGPASSWORD. */
  g_setenv ("PGPASSFILE", "/nonexistent/shardwise-test-pgpass", TRUE);
  g_unsetenv ("PGPASSWORD");

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);
  unused = sw_test_pg_create_database (pg, "passwords", setup_sql, &error);
  g_assert_no_error (error);
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=passwords user=%s",
                              sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);

  g_test_add_func ("/Sw/Password/query-runner", test_query_runner);
  g_test_add_func ("/Sw/Password/explain", test_explain);
  g_test_add_func ("/Sw/Password/router-cluster", test_router_cluster);
  g_test_add_func ("/Sw/Password/shard-balance", test_shard_balance);
  g_test_add_func ("/Sw/Password/script-runner", test_script_runner);

  ret = g_test_run ();

  g_free (conninfo);
  sw_test_pg_stop (pg);
  return ret;
}
