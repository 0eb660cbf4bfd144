/* test-cli-route.c
 *
 * shardwise-cli route end to end on files: its JSON contract and exit statuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sw-engine.h"

static char *tmpdir;
static char *plan_path;
static char *schema_path;

static const char *plan_json =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.event_types\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_merchants\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
  " {\"table\": \"public.payment_events\", \"kind\": \"distributed\", \"column\": \"user_id\","
  "  \"colocate_with\": \"public.payment_users\"}]}";

static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("SW_CLI"));
  g_ptr_array_add (argv, (char *) "route");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_cli_route_query (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  int status;

  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path, "--format", "json",
                    "SELECT * FROM payment_events WHERE user_id = 42", NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "router");
  g_assert_cmpint (json_object_get_int_member (object, "task_count"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "shards")), ==, 1);
  /* 42 hashes into shard index 27 of 32 (Citus puts it in payment_events_102038 of 102011…). */
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (object, "shards"), 0), ==, 27);
  g_assert_true (json_object_has_member (object, "nodes"));
  g_assert_true (json_object_has_member (object, "reason"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);

  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path, "--format", "json",
                    "UPDATE payment_users SET user_id = 1", NULL);
  g_assert_cmpint (status, ==, 1);
  root = parse (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "unsupported");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==,
                   "modifying the partition value of rows is not allowed");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text output names the kind and the task count. */
  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path,
                    "SELECT count(*) FROM payment_events", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "multi_shard, 32 tasks"));
}

static void
test_cli_route_workload (void)
{
  g_autofree char *workload = g_build_filename (tmpdir, "workload.sql", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  int status;

  g_file_set_contents (workload,
                       "-- a comment; with a semicolon\n"
                       "SELECT * FROM payment_events WHERE user_id = 1;\n"
                       "SELECT 'a;b' FROM event_types;\n"
                       "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.merchant_id = u.user_id;\n"
                       "INSERT INTO payment_users (user_id) VALUES (1), (2), (3)\n",
                       -1, &error);
  g_assert_no_error (error);

  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path, "--format", "json",
                    "--workload", workload, NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "kind"), ==, "router");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "kind"), ==, "reference");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "kind"), ==, "repartition");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "task_count"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 3), "kind"), ==, "multi_shard");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 3), "task_count"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "query"), ==,
                   "SELECT 'a;b' FROM event_types");
  /* The score, on stderr: 1 router, 1 repartition of 4. */
  g_assert_nonnull (strstr (err, "router 25.0%"));
  g_assert_nonnull (strstr (err, "repartition 25.0%"));
}

static void
test_cli_route_workload_calls (void)
{
  g_autofree char *workload = g_build_filename (tmpdir, "workload-calls.sql", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  int status;

  /* 6 router calls, 1 reference call, 3 repartition calls: weighted by calls. */
  g_file_set_contents (workload,
                       "-- calls: 6\n"
                       "SELECT * FROM payment_events WHERE user_id = 1;\n"
                       "SELECT * FROM event_types;\n"
                       "-- the slow report\n"
                       "-- calls: 3\n"
                       "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.merchant_id = u.user_id;\n",
                       -1, &error);
  g_assert_no_error (error);

  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path, "--format", "json",
                    "--workload", workload, NULL);
  g_assert_cmpint (status, ==, 0);
  root = parse (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "calls"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "calls"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "calls"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 2), "line"), ==, 6);
  g_assert_nonnull (strstr (err, "3 queries, 10 calls"));
  g_assert_nonnull (strstr (err, "router 60.0%"));
  g_assert_nonnull (strstr (err, "repartition 30.0%"));
  g_assert_nonnull (strstr (err, "reference 10.0%"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Text: the calls beside each query, the score at the end. */
  status = run_cli (&out, &err, "--schema", schema_path, "--plan", plan_path, "--workload", workload, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "(6 calls)"));
  g_assert_nonnull (strstr (out, "router 60.0%"));
  g_unlink (workload);
}

static void
test_cli_route_errors (void)
{
  g_autofree char *bad_plan = g_build_filename (tmpdir, "bad-plan.json", NULL);
  g_autoptr(GError) error = NULL;
  struct { char *out; char *err; } r = { NULL, NULL };

  /* No plan, no query, both a query and a workload, a plan naming a missing table. */
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "SELECT 1", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path, NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "--workload", plan_path, "SELECT 1", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);

  g_file_set_contents (bad_plan,
                       "{\"version\": 1, \"tables\": [{\"table\": \"public.nope\", \"kind\": \"reference\"}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", bad_plan,
                            "SELECT 1", NULL), ==, 2);
  g_assert_nonnull (strstr (r.err, "nope"));
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);

  /* --pg-stat-statements needs a live database, and excludes --workload and a query. */
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "--pg-stat-statements", NULL), ==, 2);
  g_assert_nonnull (strstr (r.err, "--dsn"));
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "--pg-stat-statements", "SELECT 1", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);

  /* Two statements where one is expected. */
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "SELECT 1; SELECT 2", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);

  /* SQL that does not parse, and --explain without a cluster. */
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "SELEC 1", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  g_assert_cmpint (run_cli (&r.out, &r.err, "--schema", schema_path, "--plan", plan_path,
                            "--explain", "SELECT 1", NULL), ==, 2);
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("sw-cli-route-XXXXXX", &error);
  g_assert_no_error (error);
  plan_path = g_build_filename (tmpdir, "plan.json", NULL);
  g_file_set_contents (plan_path, plan_json, -1, &error);
  g_assert_no_error (error);
  schema_path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);

  g_test_add_func ("/Sw/CliRoute/query", test_cli_route_query);
  g_test_add_func ("/Sw/CliRoute/workload", test_cli_route_workload);
  g_test_add_func ("/Sw/CliRoute/workload-calls", test_cli_route_workload_calls);
  g_test_add_func ("/Sw/CliRoute/errors", test_cli_route_errors);

  ret = g_test_run ();

  {
    g_autofree char *workload = g_build_filename (tmpdir, "workload.sql", NULL);
    g_autofree char *bad_plan = g_build_filename (tmpdir, "bad-plan.json", NULL);

    g_unlink (workload);
    g_unlink (bad_plan);
    g_unlink (plan_path);
    g_rmdir (tmpdir);
  }
  g_free (plan_path);
  g_free (schema_path);
  g_free (tmpdir);
  return ret;
}
