/* test-cli-export.c
 *
 * shardwise-cli export and apply end to end: the files written, their
 * content, the exit statuses; apply against plain PostgreSQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pg_query.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestPg *pg;

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *)g_getenv ("SW_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
}

static char *
plan_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "plans", name, NULL);
}

static void
assert_parses (const char *sql)
{
  PgQueryParseResult result = pg_query_parse (sql);

  g_assert_null (result.error);
  pg_query_free_parse_result (result);
}

static void
test_export_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-export-XXXXXX", NULL);
  g_autofree char *schema = sample_path ("woodgrove.sql");
  g_autofree char *plan = plan_path ("woodgrove.json");
  g_autofree char *migration = g_build_filename (dir, "migration.sql", NULL);
  g_autofree char *rollback = g_build_filename (dir, "rollback.sql", NULL);
  g_autofree char *verify = g_build_filename (dir, "verify.sql", NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  const char *args[] = { "export", "--schema", schema, "--plan", plan, "-o", migration,
                         "--rollback", rollback, "--verify", verify, NULL };

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "4 steps written to"));

  g_assert_true (g_file_get_contents (migration, &text, NULL, NULL));
  assert_parses (text);
  g_assert_nonnull (strstr (text, "-- Step 1 of 4: reference table public.event_types\n-- Reason: "));
  g_assert_nonnull (strstr (text, "SELECT create_distributed_table('public.payment_events', 'user_id', "
                                  "colocate_with => 'public.payment_users');"));
  g_clear_pointer (&text, g_free);

  g_assert_true (g_file_get_contents (rollback, &text, NULL, NULL));
  assert_parses (text);
  g_assert_nonnull (strstr (text, "undistribute_table"));
  g_clear_pointer (&text, g_free);

  g_assert_true (g_file_get_contents (verify, &text, NULL, NULL));
  assert_parses (text);
  g_assert_nonnull (strstr (text, "citus_table_type, distribution_column, colocation_id"));
  g_assert_nonnull (strstr (text, "count(*) AS row_count"));

  g_unlink (migration);
  g_unlink (rollback);
  g_unlink (verify);
  g_rmdir (dir);
}

/* Runs the CLI with @args, one of which names the FIFO @fifo, reads what it
 * writes there, and returns it. The CLI must write into the FIFO: renaming a
 * temporary file over it (as over /dev/null) would leave a regular file.
 */
static char *
run_cli_into_fifo (const char * const *args,
                   const char         *fifo)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *text = NULL;
  GPid pid;
  int status = 0;
  int fd;
  GStatBuf st;

  g_ptr_array_add (argv, (char *)g_getenv ("SW_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  /* Had the CLI replaced the FIFO, opening it would wait for ever: fail. */
  alarm (120);
  g_spawn_async (NULL, (char **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  fd = g_open (fifo, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  channel = g_io_channel_unix_new (fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &text, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  alarm (0);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  return g_steal_pointer (&text);
}

static void
test_export_into_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sw-export-XXXXXX", NULL);
  g_autofree char *schema = sample_path ("woodgrove.sql");
  g_autofree char *plan = plan_path ("woodgrove.json");
  g_autofree char *fifo = g_build_filename (dir, "out", NULL);
  g_autofree char *text = NULL;
  const char *export_args[] = { "export", "--schema", schema, "--plan", plan, "-o", fifo, NULL };
  const char *recommend_args[] = { "recommend", "--schema", schema, "-o", fifo, NULL };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  text = run_cli_into_fifo (export_args, fifo);
  g_assert_nonnull (strstr (text, "SELECT create_distributed_table('public.payment_events', 'user_id', "));
  g_clear_pointer (&text, g_free);

  text = run_cli_into_fifo (recommend_args, fifo);
  g_assert_nonnull (strstr (text, "\"public.payment_events\""));

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_export_stdout_deterministic (void)
{
  g_autofree char *schema = sample_path ("ads.sql");
  g_autofree char *plan = plan_path ("ads.json");
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;
  const char *args[] = { "export", "--schema", schema, "--plan", plan, NULL };

  g_assert_cmpint (run_cli (args, &out1, &err1), ==, 0);
  g_assert_cmpint (run_cli (args, &out2, &err2), ==, 0);
  g_assert_cmpstr (out1, ==, out2);
  g_assert_nonnull (strstr (out1, "-- 6 steps."));
}

static void
test_export_errors (void)
{
  g_autofree char *schema = sample_path ("woodgrove.sql");
  g_autofree char *plan = plan_path ("ads.json");
  g_autofree char *out = NULL, *err = NULL;
  const char *no_plan[] = { "export", "--schema", schema, NULL };
  const char *wrong_plan[] = { "export", "--schema", schema, "--plan", plan, NULL };
  const char *missing_plan[] = { "export", "--schema", schema, "--plan", "/nonexistent/plan.json", NULL };

  g_assert_cmpint (run_cli (no_plan, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--plan PLAN.json is required"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A plan for another schema: a clear error, nothing written. */
  g_assert_cmpint (run_cli (wrong_plan, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "companies"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (missing_plan, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
}

static void
test_apply_without_citus (void)
{
  g_autofree char *path = sample_path ("woodgrove.sql");
  g_autofree char *sql = NULL;
  g_autofree char *plan = plan_path ("woodgrove.json");
  g_autofree char *conninfo = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, NULL));
  conninfo = sw_test_pg_create_database (pg, "cli_apply", sql, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "apply", "--dsn", conninfo, "--plan", plan, "--yes", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "has no citus extension"));
    g_assert_nonnull (strstr (err, "Nothing was changed"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Not a terminal and no --yes: refused before connecting. */
  {
    const char *args[] = { "apply", "--dsn", conninfo, "--plan", plan, NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--yes"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/CliExport/files", test_export_files);
  g_test_add_func ("/Sw/CliExport/into-fifo", test_export_into_fifo);
  g_test_add_func ("/Sw/CliExport/stdout-deterministic", test_export_stdout_deterministic);
  g_test_add_func ("/Sw/CliExport/errors", test_export_errors);
  g_test_add_func ("/Sw/CliExport/apply-without-citus", test_apply_without_citus);

  ret = g_test_run ();
  g_clear_pointer (&pg, sw_test_pg_stop);

  return ret;
}
