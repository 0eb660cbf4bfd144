/* test-cli-check.c
 *
 * shardwise-cli check and lint end to end: output and exit statuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sw-test-cli.h"

/* This run's own directory, so parallel runs never share files; main()
 * empties and removes it at the end.
 */
static char *temp_dir;

static char *
write_temp (const char *name,
            const char *contents)
{
  char *path = g_build_filename (temp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
remove_temp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (temp_dir);
}

static const char *schema_sql =
  "CREATE TABLE event_types (id int PRIMARY KEY);\n"
  "CREATE TABLE users (user_id bigint PRIMARY KEY);\n"
  "CREATE TABLE events (user_id bigint, id bigint, type_id int REFERENCES event_types (id),\n"
  "                     PRIMARY KEY (user_id, id));\n";

static void
test_check (void)
{
  g_autofree char *schema = write_temp ("schema.sql", schema_sql);
  g_autofree char *good = write_temp ("good.json",
    "{\"version\": 1, \"tables\": ["
    "{\"table\": \"event_types\", \"kind\": \"reference\"},"
    "{\"table\": \"users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
    "{\"table\": \"events\", \"kind\": \"distributed\", \"column\": \"user_id\", \"colocate_with\": \"users\"}]}");
  g_autofree char *bad = write_temp ("bad.json",
    "{\"version\": 1, \"tables\": ["
    "{\"table\": \"events\", \"kind\": \"distributed\", \"column\": \"user_id\"}]}");
  g_autofree char *unknown = write_temp ("unknown.json",
    "{\"version\": 1, \"tables\": [{\"table\": \"nosuch\", \"kind\": \"reference\"}]}");
  g_autofree char *broken = write_temp ("broken.json", "{\"version\": ");

  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", schema, "--plan", good, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 errors"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", schema, "--plan", bad, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "ERROR:  referenced table \"event_types\" must be a distributed table or a reference table"));
    g_assert_nonnull (strstr (run.out, "Make event_types a reference table"));
    g_assert_nonnull (strstr (run.out, "1 error"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *root, *first;

    sw_test_cli_run (&run, "check", "--schema", schema, "--plan", bad, "--format", "json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    json_parser_load_from_data (parser, run.out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (root, "errors"), ==, 1);
    first = json_array_get_object_element (json_object_get_array_member (root, "diagnostics"), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "error");
    g_assert_true (json_object_has_member (first, "fixes"));
    g_assert_true (json_object_has_member (first, "explanation"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", schema, "--plan", unknown, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", schema, "--plan", broken, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", schema, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}

static void
test_lint (void)
{
  g_autofree char *schema = write_temp ("schema.sql", schema_sql);
  g_autofree char *script = write_temp ("migration.sql",
    "SELECT create_distributed_table('events', 'user_id');\n"
    "SELECT create_reference_table('event_types');\n"
    "SELECT create_distributed_table('events', 'user_id');\n");
  g_autofree char *clean = write_temp ("clean.sql",
    "SELECT create_reference_table('event_types');\n"
    "SELECT create_distributed_table('events', 'user_id');\n");
  g_autofree char *syntax = write_temp ("syntax.sql", "SELEC 1;\n");

  {
    g_auto(SwTestCliRun) run = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *array;
    JsonObject *first;

    sw_test_cli_run (&run, "lint", "--schema", schema, script, "--format", "json", NULL);
    g_assert_cmpint (run.status, ==, 1);
    json_parser_load_from_data (parser, run.out, -1, &error);
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    first = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 1);
    g_assert_false (json_object_get_boolean_member (first, "ok"));
    g_assert_cmpstr (json_object_get_string_member (first, "error"), ==,
                     "referenced table \"event_types\" must be a distributed table or a reference table");
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 2), "ok"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "lint", "--schema", schema, clean, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 rejected"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "lint", "--schema", schema, syntax, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "lint", "--schema", schema, "/nonexistent.sql", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
}


/* export refuses a plan whose migration Citus would reject, and writes
 * nothing; the plan's schema changes count (the schema file is re-read
 * with them). */
static void
test_export_gate (void)
{
  g_autofree char *schema = write_temp ("schema.sql", schema_sql);
  g_autofree char *keys = write_temp ("keys.sql", "CREATE TABLE t (id int PRIMARY KEY, tenant int NOT NULL);\n");
  g_autofree char *good = write_temp ("good.json",
    "{\"version\": 1, \"tables\": ["
    "{\"table\": \"event_types\", \"kind\": \"reference\"},"
    "{\"table\": \"users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
    "{\"table\": \"events\", \"kind\": \"distributed\", \"column\": \"user_id\", \"colocate_with\": \"users\"}]}");
  g_autofree char *bad = write_temp ("bad.json",
    "{\"version\": 1, \"tables\": ["
    "{\"table\": \"events\", \"kind\": \"distributed\", \"column\": \"user_id\"}]}");
  g_autofree char *widened = write_temp ("widened.json",
    "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}],"
    " \"schema_changes\": [{\"sql\": \"ALTER TABLE public.t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (tenant, id);\","
    " \"reason\": \"the key gets the distribution column\"}]}");
  g_autofree char *narrow = write_temp ("narrow.json",
    "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}]}");
  g_autofree char *output = g_build_filename (g_get_tmp_dir (), "sw-test-cli-check", "refused.sql", NULL);

  g_unlink (output);
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "export", "--schema", schema, "--plan", bad, "-o", output, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "ERROR:  referenced table \"event_types\" must be a distributed table or a reference table"));
    g_assert_nonnull (strstr (run.err, "SELECT create_distributed_table('public.events', 'user_id'"));
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "export", "--schema", schema, "--plan", good, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "create_reference_table('public.event_types')"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", keys, "--plan", widened, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "check", "--schema", keys, "--plan", narrow, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "ERROR:  cannot create constraint on \"t\""));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "export", "--schema", keys, "--plan", widened, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "ADD PRIMARY KEY (tenant, id)"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "export", "--schema", keys, "--plan", narrow, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
  }
}

/* lint --format json prints exactly design.md's contract: one JSON array,
 * one object per statement with exactly these members. */
static void
test_lint_json_contract (void)
{
  static const char * const members[] = { "line", "statement", "ok", "error", "detail", "hint", NULL };
  g_autofree char *schema = write_temp ("schema.sql", schema_sql);
  g_autofree char *script = write_temp ("contract.sql",
    "-- a comment\n"
    "SELECT create_reference_table('event_types');\n"
    "\n"
    "SELECT create_distributed_table('events', 'user_id', colocate_with => 'users');\n"
    "SELECT create_distributed_table('users', 'user_id');\n");
  g_auto(SwTestCliRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  sw_test_cli_run (&run, "lint", "--schema", schema, script, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_cmpuint (json_object_get_size (object), ==, g_strv_length ((char **)members));
      for (guint j = 0; members[j] != NULL; j++)
        g_assert_true (json_object_has_member (object, members[j]));
      if (json_object_get_boolean_member (object, "ok"))
        g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "");
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "line"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "statement"), ==,
                   "SELECT create_reference_table('event_types');");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "line"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "error"), ==,
                   "relation users is not distributed");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 2), "ok"));
  g_assert_cmpstr (run.err, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Cli/check", test_check);
  g_test_add_func ("/Sw/Cli/lint", test_lint);
  g_test_add_func ("/Sw/Cli/export-gate", test_export_gate);
  g_test_add_func ("/Sw/Cli/lint-json-contract", test_lint_json_contract);

  temp_dir = g_dir_make_tmp ("sw-test-cli-check-XXXXXX", NULL);
  g_assert_nonnull (temp_dir);
  status = g_test_run ();
  remove_temp_dir ();
  g_free (temp_dir);

  return status;
}
