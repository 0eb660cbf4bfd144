/* test-plan.c
 *
 * The plan model and its JSON file: load, save, version check, names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static const char *woodgrove_plan =
  "{\n"
  "  \"version\": 1,\n"
  "  \"shard_count\": 16,\n"
  "  \"tables\": [\n"
  "    {\"table\": \"public.event_types\", \"kind\": \"reference\"},\n"
  "    {\"table\": \"payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\",\n"
  "     \"reason\": \"the tenant root\", \"confidence\": 0.9,\n"
  "     \"alternatives\": [{\"kind\": \"reference\", \"score\": 0.2, \"reason\": \"small\"}]},\n"
  "    {\"table\": \"\\\"public\\\".\\\"payment_events\\\"\", \"kind\": \"distributed\", \"column\": \"user_id\",\n"
  "     \"colocate_with\": \"public.payment_users\", \"shard_count\": 16},\n"
  "    {\"table\": \"public.payment_merchants\", \"kind\": \"local\"}\n"
  "  ],\n"
  "  \"schemas\": [{\"schema\": \"user_service\", \"kind\": \"distributed_schema\"}],\n"
  "  \"layout\": {\"public.event_types\": [120.0, 40], \"Public.Payment_Users\": [-3.5, 7.25]}\n"
  "}\n";

static SwSchema *
read_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);

  return sw_test_read_file (path);
}

static void
test_plan_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (woodgrove_plan, -1, &error);
  const SwPlanTable *entry;
  const SwPlanAlternative *alt;
  double x, y;

  g_assert_no_error (error);
  g_assert_nonnull (plan);

  g_assert_cmpuint (sw_plan_get_shard_count (plan), ==, 16);
  g_assert_cmpuint (sw_plan_get_tables (plan)->len, ==, 4);

  /* Names are canonical whatever the file's spelling. */
  entry = sw_plan_lookup_table (plan, "payment_users");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->table, ==, "public.payment_users");
  g_assert_cmpint (entry->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (entry->column, ==, "user_id");
  g_assert_null (entry->colocate_with);
  g_assert_cmpstr (entry->reason, ==, "the tenant root");
  g_assert_cmpfloat_with_epsilon (entry->confidence, 0.9, 1e-9);
  g_assert_cmpuint (entry->alternatives->len, ==, 1);
  alt = g_ptr_array_index (entry->alternatives, 0);
  g_assert_cmpint (alt->kind, ==, SW_PLAN_KIND_REFERENCE);
  g_assert_cmpfloat_with_epsilon (alt->score, 0.2, 1e-9);

  entry = sw_plan_lookup_table (plan, "public.payment_events");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->colocate_with, ==, "public.payment_users");
  g_assert_cmpuint (entry->shard_count, ==, 16);

  g_assert_cmpint (sw_plan_get_table_kind (plan, "event_types"), ==, SW_PLAN_KIND_REFERENCE);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.not_named"), ==, SW_PLAN_KIND_LOCAL);

  g_assert_true (sw_plan_is_schema_distributed (plan, "user_service"));
  g_assert_false (sw_plan_is_schema_distributed (plan, "public"));

  g_assert_true (sw_plan_get_position (plan, "public.payment_users", &x, &y));
  g_assert_cmpfloat (x, ==, -3.5);
  g_assert_cmpfloat (y, ==, 7.25);
  g_assert_true (sw_plan_get_position (plan, "event_types", &x, &y));
  g_assert_cmpfloat (x, ==, 120.0);
  g_assert_false (sw_plan_get_position (plan, "public.payment_events", NULL, NULL));
}

static void
test_plan_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (woodgrove_plan, -1, &error);
  g_autoptr(SwPlan) again = NULL;
  g_autoptr(SwPlan) copy = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-plan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "plan.json", NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (sw_plan_save_to_file (plan, path, &error));
  g_assert_no_error (error);

  again = sw_plan_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (sw_plan_equal (plan, again));

  text = sw_plan_to_data (again, NULL);
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_nonnull (strstr (text, "\"colocate_with\" : \"public.payment_users\""));

  copy = sw_plan_copy (plan);
  g_assert_true (sw_plan_equal (plan, copy));
  sw_plan_set_reference (copy, "public.payment_merchants");
  g_assert_false (sw_plan_equal (plan, copy));
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.payment_merchants"), ==, SW_PLAN_KIND_LOCAL);

  g_unlink (path);
  g_rmdir (dir);
}

static void
changed_cb (SwPlan *plan,
            guint  *count)
{
  (*count)++;
}

static void
test_plan_edit (void)
{
  g_autoptr(SwPlan) plan = sw_plan_new ();
  guint changes = 0;
  const SwPlanTable *entry;

  g_signal_connect (plan, "changed", G_CALLBACK (changed_cb), &changes);

  sw_plan_set_distributed (plan, "Orders", "customer_id", "default", 0);
  g_assert_cmpuint (changes, ==, 1);
  entry = sw_plan_lookup_table (plan, "public.orders");
  g_assert_nonnull (entry);
  g_assert_null (entry->colocate_with);

  /* The same decision again changes nothing. */
  sw_plan_set_distributed (plan, "public.orders", "customer_id", NULL, 0);
  g_assert_cmpuint (changes, ==, 1);

  sw_plan_set_single_shard (plan, "public.orders", "NONE");
  g_assert_cmpuint (changes, ==, 2);
  entry = sw_plan_lookup_table (plan, "orders");
  g_assert_cmpint (entry->kind, ==, SW_PLAN_KIND_SINGLE_SHARD);
  g_assert_null (entry->column);
  g_assert_cmpstr (entry->colocate_with, ==, "none");

  /* Odd identifiers keep their quotes. */
  sw_plan_set_reference (plan, "\"My Schema\".\"Odd \"\"Name\"\"\"");
  entry = sw_plan_lookup_table (plan, "\"My Schema\".\"Odd \"\"Name\"\"\"");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->table, ==, "\"My Schema\".\"Odd \"\"Name\"\"\"");

  sw_plan_set_schema_distributed (plan, "b", TRUE);
  sw_plan_set_schema_distributed (plan, "a", TRUE);
  sw_plan_set_schema_distributed (plan, "a", TRUE);
  g_assert_cmpuint (g_strv_length ((char **) sw_plan_get_distributed_schemas (plan)), ==, 2);
  g_assert_cmpstr (sw_plan_get_distributed_schemas (plan)[0], ==, "a");
  sw_plan_set_schema_distributed (plan, "a", FALSE);
  g_assert_cmpstr (sw_plan_get_distributed_schemas (plan)[0], ==, "b");

  g_assert_true (sw_plan_remove_table (plan, "orders"));
  g_assert_false (sw_plan_remove_table (plan, "orders"));
  g_assert_null (sw_plan_lookup_table (plan, "orders"));

  sw_plan_set_shard_count (plan, 64);
  g_assert_cmpuint (sw_plan_get_shard_count (plan), ==, 64);
  g_assert_cmpuint (changes, ==, 8);
}

static void
test_plan_bad_files (void)
{
  static const struct {
    const char *json;
    int code;
    const char *message_part;
  } cases[] = {
    { "{\"version\": 1, \"tables\": [", SW_PLAN_ERROR_PARSE, "not valid JSON" },
    { "[1, 2]", SW_PLAN_ERROR_PARSE, "JSON object" },
    { "{\"tables\": []}", SW_PLAN_ERROR_VERSION, "no “version”" },
    { "{\"version\": 2}", SW_PLAN_ERROR_VERSION, "format version 2" },
    { "{\"version\": \"1\"}", SW_PLAN_ERROR_INVALID, "must be a number" },
    { "{\"version\": 1, \"tables\": {}}", SW_PLAN_ERROR_INVALID, "“tables” must be an array" },
    { "{\"version\": 1, \"tables\": [{\"kind\": \"local\"}]}", SW_PLAN_ERROR_INVALID, "“table” is missing" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"a.b.c\", \"kind\": \"local\"}]}", SW_PLAN_ERROR_INVALID, "not a table name" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"sharded\"}]}", SW_PLAN_ERROR_INVALID, "unknown kind “sharded”" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\"}]}", SW_PLAN_ERROR_INVALID, "needs a “column”" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"reference\", \"column\": \"a\"}]}", SW_PLAN_ERROR_INVALID, "only a distributed table" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"local\"}, {\"table\": \"public.T\", \"kind\": \"reference\"}]}", SW_PLAN_ERROR_INVALID, "appears twice" },
    { "{\"version\": 1, \"shard_count\": 0}", SW_PLAN_ERROR_INVALID, "shard_count" },
    { "{\"version\": 1, \"shard_count\": 2.5}", SW_PLAN_ERROR_INVALID, "shard_count" },
    { "{\"version\": 1, \"schemas\": [{\"schema\": \"s\", \"kind\": \"other\"}]}", SW_PLAN_ERROR_INVALID, "distributed_schema" },
    { "{\"version\": 1, \"layout\": {\"t\": [1]}}", SW_PLAN_ERROR_INVALID, "[x, y]" },
    { "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"c\", \"confidence\": 3}]}", SW_PLAN_ERROR_INVALID, "confidence" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SwPlan) plan = sw_plan_new_from_data (cases[i].json, -1, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (plan);
      g_assert_error (error, SW_PLAN_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_plan_schema_changes (void)
{
  static const char *json =
    "{\"version\": 1, \"tables\": [],"
    " \"schema_changes\": [{\"sql\": \"ALTER TABLE a ADD COLUMN t bigint\", \"reason\": \"tenant\"},"
    "                      {\"sql\": \"ALTER TABLE b ALTER COLUMN id TYPE bigint;\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (json, -1, &error);
  g_autoptr(SwPlan) again = NULL;
  g_autoptr(SwPlan) copy = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  const SwPlanSchemaChange *change;

  g_assert_no_error (error);
  g_assert_cmpuint (sw_plan_get_schema_changes (plan)->len, ==, 2);
  change = g_ptr_array_index (sw_plan_get_schema_changes (plan), 0);
  g_assert_cmpstr (change->reason, ==, "tenant");

  sql = sw_plan_dup_schema_changes_sql (plan);
  g_assert_cmpstr (sql, ==, "ALTER TABLE a ADD COLUMN t bigint;\nALTER TABLE b ALTER COLUMN id TYPE bigint;\n");

  text = sw_plan_to_data (plan, NULL);
  again = sw_plan_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (sw_plan_equal (plan, again));

  copy = sw_plan_copy (plan);
  g_assert_true (sw_plan_equal (plan, copy));
  sw_plan_clear_schema_changes (copy);
  g_assert_null (sw_plan_dup_schema_changes_sql (copy));
  g_assert_false (sw_plan_equal (plan, copy));

  g_clear_object (&again);
  again = sw_plan_new_from_data ("{\"version\": 1, \"schema_changes\": [{\"reason\": \"x\"}]}", -1, &error);
  g_assert_null (again);
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID);
}

static void
test_plan_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_file ("/nonexistent/plan.json", &error);

  g_assert_null (plan);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_plan_check_names (void)
{
  g_autoptr(SwSchema) schema = read_sample ("woodgrove.sql");
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new ();

  sw_plan_set_reference (plan, "event_types");
  sw_plan_set_distributed (plan, "payment_users", "user_id", NULL, 0);
  sw_plan_set_distributed (plan, "payment_events", "user_id", "payment_users", 0);
  g_assert_true (sw_plan_check_names (plan, schema, &error));
  g_assert_no_error (error);

  sw_plan_set_distributed (plan, "payment_events", "no_such_column", "payment_users", 0);
  g_assert_false (sw_plan_check_names (plan, schema, &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN);
  g_assert_nonnull (strstr (error->message, "no_such_column"));
  g_clear_error (&error);

  sw_plan_set_distributed (plan, "payment_events", "user_id", "payment_users", 0);
  sw_plan_set_reference (plan, "public.no_such_table");
  g_assert_false (sw_plan_check_names (plan, schema, &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_TABLE);
  g_assert_nonnull (strstr (error->message, "public.no_such_table"));
  g_clear_error (&error);

  sw_plan_remove_table (plan, "public.no_such_table");
  sw_plan_set_schema_distributed (plan, "no_such_schema", TRUE);
  g_assert_false (sw_plan_check_names (plan, schema, &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_SCHEMA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Plan/load", test_plan_load);
  g_test_add_func ("/Sw/Plan/round-trip", test_plan_round_trip);
  g_test_add_func ("/Sw/Plan/edit", test_plan_edit);
  g_test_add_func ("/Sw/Plan/bad-files", test_plan_bad_files);
  g_test_add_func ("/Sw/Plan/missing-file", test_plan_missing_file);
  g_test_add_func ("/Sw/Plan/schema-changes", test_plan_schema_changes);
  g_test_add_func ("/Sw/Plan/check-names", test_plan_check_names);

  return g_test_run ();
}
