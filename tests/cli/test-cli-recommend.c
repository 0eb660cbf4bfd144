/* test-cli-recommend.c
 *
 * shardwise-cli recommend end to end: the plan on stdout or in a file, the
 * summary, the fixes, the workload, usage errors and a live database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-engine.h"
#include "sw-test-cli.h"
#include "sw-test-pg.h"

static SwTestPg *pg;

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
}

static void
test_plan_on_stdout (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("woodgrove.sql");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;
  const SwPlanTable *events;

  sw_test_cli_run (&run, "recommend", "--schema", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  plan = sw_plan_new_from_data (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.event_types"), ==, SW_PLAN_KIND_REFERENCE);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.payment_merchants"), ==, SW_PLAN_KIND_REFERENCE);
  events = sw_plan_lookup_table (plan, "public.payment_events");
  g_assert_cmpint (events->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (events->column, ==, "user_id");
  g_assert_cmpstr (events->colocate_with, ==, "public.payment_users");
  g_assert_nonnull (events->reason);
  /* The summary goes to stderr. */
  g_assert_nonnull (strstr (run.err, "public.payment_events"));
  g_assert_nonnull (strstr (run.err, "32"));
}

/* With GLib's debug messages on (G_MESSAGES_DEBUG), they go to stderr:
 * stdout stays the plan, for a pipe or a file.
 */
static void
test_debug_on_stderr (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("woodgrove.sql");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  sw_test_cli_run (&run, "recommend", "--schema", path, "--format", "json", NULL);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "sw-advisor-DEBUG"));
  g_assert_null (strstr (run.out, "DEBUG"));
  plan = sw_plan_new_from_data (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.payment_users"), ==, SW_PLAN_KIND_DISTRIBUTED);
}

static void
test_text_and_files (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("account_history.sql");
  g_autofree char *dir = g_dir_make_tmp ("sw-recommend-XXXXXX", NULL);
  g_autofree char *plan_path = g_build_filename (dir, "plan.json", NULL);
  g_autofree char *fixes_path = g_build_filename (dir, "fixes.sql", NULL);
  g_autofree char *fixes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;

  sw_test_cli_run (&run, "recommend", "--schema", path, "--format", "text", "-o", plan_path,
           "--fixes", fixes_path, "--shard-count", "64", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ledger.account_hist"));
  g_assert_nonnull (strstr (run.out, "client_id"));
  g_assert_nonnull (strstr (run.out, "PRIMARY KEY (client_id, account_id)"));
  g_assert_nonnull (strstr (run.out, "64"));

  plan = sw_plan_new_from_file (plan_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_plan_get_shard_count (plan), ==, 64);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "ledger.account_hist")->colocate_with, ==, "ledger.account");

  g_assert_true (g_file_get_contents (fixes_path, &fixes, NULL, &error));
  g_assert_nonnull (strstr (fixes, "ALTER TABLE ledger.account DROP CONSTRAINT account_pkey, "
                                   "ADD CONSTRAINT account_pkey PRIMARY KEY (client_id, account_id);"));
  g_unlink (plan_path);
  g_unlink (fixes_path);
  g_rmdir (dir);
}

static void
test_workload (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("account_history.sql");
  g_autofree char *dir = g_dir_make_tmp ("sw-recommend-XXXXXX", NULL);
  g_autofree char *workload = g_build_filename (dir, "workload.sql", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;

  g_assert_true (g_file_set_contents (workload,
    "-- calls: 100000\n"
    "SELECT * FROM ledger.account a JOIN ledger.account_hist h USING (account_id) WHERE a.account_id = $1;\n",
    -1, NULL));
  sw_test_cli_run (&run, "recommend", "--schema", path, "--workload", workload, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  plan = sw_plan_new_from_data (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "ledger.account")->column, ==, "account_id");
  g_unlink (workload);
  g_rmdir (dir);
}

static void
test_usage_errors (void)
{
  g_autofree char *path = sample ("woodgrove.sql");
  g_autofree char *dir = g_dir_make_tmp ("sw-recommend-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.sql", NULL);

  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "recommend", "--schema", path, "--pg-stat-statements", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--dsn"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "recommend", "--schema", path, "--workload", path, "--pg-stat-statements", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    g_assert_true (g_file_set_contents (bad, "SELECT 1;\nSELEKT 2;\n", -1, NULL));
    sw_test_cli_run (&run, "recommend", "--schema", path, "--workload", bad, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "line 2"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "recommend", "--schema", path, "--shard-count", "-3", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "recommend", "--schema", "/nonexistent.sql", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_live (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_auto(SwTestCliRun) run2 = { 0 };
  g_autofree char *path = sample ("ads.sql");
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  conninfo = sw_test_pg_create_database (pg, "recommend_live", sql, &error);
  g_assert_no_error (error);

  sw_test_cli_run (&run, "recommend", "--dsn", conninfo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  plan = sw_plan_new_from_data (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.clicks")->column, ==, "company_id");
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.clicks")->colocate_with, ==, "public.companies");
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.geo_ips"), ==, SW_PLAN_KIND_REFERENCE);

  /* The fixture does not load pg_stat_statements. */
  sw_test_cli_run (&run2, "recommend", "--dsn", conninfo, "--pg-stat-statements", NULL);
  g_assert_cmpint (run2.status, ==, 2);
  g_assert_nonnull (strstr (run2.err, "pg_stat_statements"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SW_CLI"));

  g_test_add_func ("/Sw/Cli/recommend/plan-on-stdout", test_plan_on_stdout);
  g_test_add_func ("/Sw/Cli/recommend/text-and-files", test_text_and_files);
  g_test_add_func ("/Sw/Cli/recommend/debug-on-stderr", test_debug_on_stderr);
  g_test_add_func ("/Sw/Cli/recommend/workload", test_workload);
  g_test_add_func ("/Sw/Cli/recommend/usage-errors", test_usage_errors);
  g_test_add_func ("/Sw/Cli/recommend/live", test_live);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  ret = g_test_run ();
  sw_test_pg_stop (pg);
  return ret;
}
