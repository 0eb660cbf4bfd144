/* test-cli-export-identity.c
 *
 * shardwise-cli export on a plan that moves tables with identity columns:
 * rollback.sql is written with its guard, and the export says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sw-test-cli.h"

static void
test_export_warns (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-export-identity-XXXXXX", &error);
  g_autofree char *schema = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *migration = NULL;
  g_autofree char *rollback = NULL;
  g_autofree char *rollback_sql = NULL;
  g_auto(SwTestCliRun) run = { 0 };

  g_assert_no_error (error);
  schema = g_build_filename (dir, "schema.sql", NULL);
  plan = g_build_filename (dir, "plan.json", NULL);
  migration = g_build_filename (dir, "migration.sql", NULL);
  rollback = g_build_filename (dir, "rollback.sql", NULL);
  g_assert_true (g_file_set_contents (schema,
                                      "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
                                      "CREATE TABLE notes (id bigserial PRIMARY KEY);\n", -1, &error));
  g_assert_true (g_file_set_contents (plan,
                                      "{\"version\": 1, \"shard_count\": 8, \"tables\": ["
                                      "{\"table\": \"public.accounts\", \"kind\": \"distributed\", \"column\": \"id\"},"
                                      "{\"table\": \"public.notes\", \"kind\": \"reference\"}]}", -1, &error));

  sw_test_cli_run (&run, "export", "--schema", schema, "--plan", plan, "-o", migration,
                   "--rollback", rollback, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "warning"));
  g_assert_nonnull (strstr (run.err, "public.accounts"));
  g_assert_nonnull (strstr (run.err, "identity column"));
  g_assert_null (strstr (run.err, "public.notes"));
  g_assert_true (g_file_get_contents (rollback, &rollback_sql, NULL, &error));
  g_assert_nonnull (strstr (rollback_sql, "RAISE EXCEPTION"));

  g_unlink (schema);
  g_unlink (plan);
  g_unlink (migration);
  g_unlink (rollback);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Sw/CliExportIdentity/warns", test_export_warns);
  return g_test_run ();
}
