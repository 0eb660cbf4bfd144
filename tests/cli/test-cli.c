/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sw-engine.h"
#include "sw-test-cli.h"
#include "sw-test-pg.h"

static SwTestPg *pg;

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
}

static JsonObject *
parse_json (const char *text,
            JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static GHashTable *
json_table_names (JsonObject *root)
{
  JsonArray *tables = json_object_get_array_member (root, "tables");
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (tables); i++)
    g_hash_table_add (names, (gpointer)json_object_get_string_member (
                                json_array_get_object_element (tables, i), "table"));

  return names;
}

static void
test_inspect_schema_json (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("woodgrove.sql");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = NULL;
  JsonObject *root;
  JsonArray *tables;

  sw_test_cli_run (&run, "inspect", "--schema", path, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out, parser);
  names = json_table_names (root);
  g_assert_cmpuint (g_hash_table_size (names), ==, 4);
  g_assert_true (g_hash_table_contains (names, "public.payment_events"));
  g_assert_true (g_hash_table_contains (names, "public.event_types"));

  /* The complete model: payment_events has its two FKs and the composite key. */
  tables = json_object_get_array_member (root, "tables");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_strcmp0 (json_object_get_string_member (table, "table"), "public.payment_events") != 0)
        continue;
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (table, "foreign_keys")), ==, 2);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (table, "columns")), ==, 6);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (table, "indexes")), ==, 1);
    }
}

static void
test_inspect_schema_text (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("ads.sql");

  sw_test_cli_run (&run, "inspect", "--schema", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "6 tables"));
  g_assert_nonnull (strstr (run.out, "public.clicks"));
  g_assert_nonnull (strstr (run.out, "primary key (company_id, id)"));
  g_assert_nonnull (strstr (run.out, "foreign key (company_id, ad_id) → public.ads (company_id, id)"));
}

static void
test_usage_errors (void)
{
  g_autofree char *path = sample ("ads.sql");

  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, "frobnicate", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "frobnicate"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, "inspect", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--schema"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, "inspect", "--schema", path, "--dsn", "dbname=x", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, "inspect", "--schema", path, "--format", "xml", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "xml"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };
    sw_test_cli_run (&run, "inspect", "--schema", "/nonexistent/schema.sql", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "schema.sql"));
  }
}

static void
test_inspect_bad_sql (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("sw-bad-XXXXXX.sql", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path,
                                      "CREATE TABLE a (id int PRIMARY KEY);\n"
                                      "CREATE TABLE b (id int PRIMARY KEY,\n"
                                      "  a_id int REFERENCES a (id)\n",
                                      -1, NULL));

  sw_test_cli_run (&run, "inspect", "--schema", path, NULL);
  g_unlink (path);

  /* A truncated file is an input error, with the place, and stdout stays empty. */
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "line"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_inspect_live (void)
{
  g_auto(SwTestCliRun) run = { 0 };
  g_autofree char *path = sample ("github_events.sql");
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) names = NULL;
  JsonObject *root;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  conninfo = sw_test_pg_create_database (pg, "cli_live", sql, &error);
  g_assert_no_error (error);

  sw_test_cli_run (&run, "inspect", "--dsn", conninfo, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out, parser);
  names = json_table_names (root);
  g_assert_cmpuint (g_hash_table_size (names), ==, 2);
  g_assert_true (g_hash_table_contains (names, "public.github_events"));
  g_assert_cmpint (json_object_get_int_member (root, "server_version_num"), >=, 150000);
}

static void
test_inspect_live_errors (void)
{
  g_autofree char *wrong = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s password=not-the-one",
                                            sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);
  g_autofree char *missing_db = sw_test_pg_get_conninfo_for (pg, "no_such_database");

  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "inspect", "--dsn", wrong, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "password"));
    /* The password itself never reaches a message. */
    g_assert_null (strstr (run.err, "not-the-one"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    sw_test_cli_run (&run, "inspect", "--dsn", missing_db, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "no_such_database"));
  }
  {
    g_auto(SwTestCliRun) run = { 0 };

    /* Port 1 on loopback: nobody listens there. */
    sw_test_cli_run (&run, "inspect", "--dsn", "host=127.0.0.1 port=1 dbname=x connect_timeout=5", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "127.0.0.1"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("SW_CLI"));

  g_test_add_func ("/Sw/Cli/inspect/schema-json", test_inspect_schema_json);
  g_test_add_func ("/Sw/Cli/inspect/schema-text", test_inspect_schema_text);
  g_test_add_func ("/Sw/Cli/inspect/bad-sql", test_inspect_bad_sql);
  g_test_add_func ("/Sw/Cli/usage-errors", test_usage_errors);
  g_test_add_func ("/Sw/Cli/inspect/live", test_inspect_live);
  g_test_add_func ("/Sw/Cli/inspect/live-errors", test_inspect_live_errors);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  ret = g_test_run ();
  sw_test_pg_stop (pg);

  return ret;
}
