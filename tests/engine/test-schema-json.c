/* test-schema-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

/* The streamed text and the JsonNode tree must be the same document. */
static void
assert_text_matches_tree (SwSchema          *schema,
                          SwSchemaJsonFlags  flags)
{
  for (guint pretty = 0; pretty < 2; pretty++)
    {
      g_autoptr(JsonNode) tree = sw_schema_to_json (schema, flags);
      g_autofree char *text = sw_schema_to_json_string (schema, flags, pretty);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (tree, json_parser_get_root (parser)));
      g_assert_cmpint (strchr (text, '\n') != NULL, ==, pretty);
    }
}

static void
test_json_text_matches_tree (void)
{
  const char *samples = g_getenv ("SW_SAMPLES_DIR");
  g_autoptr(GDir) dir = g_dir_open (samples, 0, NULL);
  g_autofree char *features = g_test_build_filename (G_TEST_DIST, "data", "features.sql", NULL);
  g_autoptr(SwSchema) rich = sw_test_read_file (features);
  const char *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (samples, entry, NULL);
      g_autoptr(SwSchema) schema = sw_test_read_file (path);

      assert_text_matches_tree (schema, SW_SCHEMA_JSON_DEFAULT);
      assert_text_matches_tree (schema, SW_SCHEMA_JSON_STRUCTURE_ONLY);
      n++;
    }
  g_assert_cmpuint (n, >=, 5);

  assert_text_matches_tree (rich, SW_SCHEMA_JSON_DEFAULT);
  assert_text_matches_tree (rich, SW_SCHEMA_JSON_STRUCTURE_ONLY);
}

static void
test_json_escaping (void)
{
  g_autoptr(SwSchema) schema =
    sw_test_read_sql ("CREATE TABLE \"we \"\"quote\"\" \\\\ back\tslash\" (\n"
                 "  \"ünï\ncode\" text DEFAULT E'line\\nbreak \\u0001',\n"
                 "  id int PRIMARY KEY);\n"
                 "COMMENT ON TABLE \"we \"\"quote\"\" \\\\ back\tslash\" IS 'tab\there';\n");
  g_autofree char *text = sw_schema_to_json_string (schema, SW_SCHEMA_JSON_DEFAULT, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *table;
  JsonObject *column;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  table = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tables"), 0);
  g_assert_cmpstr (json_object_get_string_member (table, "name"), ==, "we \"quote\" \\\\ back\tslash");
  g_assert_cmpstr (json_object_get_string_member (table, "comment"), ==, "tab\there");
  column = json_array_get_object_element (json_object_get_array_member (table, "columns"), 0);
  g_assert_cmpstr (json_object_get_string_member (column, "name"), ==, "ünï\ncode");
  assert_text_matches_tree (schema, SW_SCHEMA_JSON_DEFAULT);
}

static void
test_diff (void)
{
  g_autoptr(SwSchema) a = sw_test_read_sql ("CREATE TABLE t (id int PRIMARY KEY, v text);\n"
                                       "CREATE TABLE u (id int);\n");
  g_autoptr(SwSchema) same = sw_test_read_sql ("CREATE TABLE u (id int);\n"
                                          "CREATE TABLE t (id int, v text, PRIMARY KEY (id));\n");
  g_autoptr(SwSchema) other = sw_test_read_sql ("CREATE TABLE t (id bigint PRIMARY KEY, v text);\n"
                                           "CREATE TABLE w (id int);\n");
  g_autoptr(GPtrArray) none = sw_schema_diff (a, same);
  g_autoptr(GPtrArray) some = sw_schema_diff (a, other);
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_cmpuint (none->len, ==, 0);
  for (guint i = 0; i < some->len; i++)
    g_string_append_printf (all, "%s\n", (const char *)g_ptr_array_index (some, i));

  g_assert_nonnull (strstr (all->str, "tables[public.t].columns[id].type: \"integer\" ≠ \"bigint\""));
  g_assert_nonnull (strstr (all->str, "tables[public.u]: only in the first model"));
  g_assert_nonnull (strstr (all->str, "tables[public.w]: only in the second model"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/SchemaJson/text-matches-tree", test_json_text_matches_tree);
  g_test_add_func ("/Sw/SchemaJson/escaping", test_json_escaping);
  g_test_add_func ("/Sw/SchemaJson/diff", test_diff);

  return g_test_run ();
}
