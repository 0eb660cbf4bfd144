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

/* Written to a stream, the text is the same as the string, byte for byte,
 * also when it is long enough to be written in several pieces.
 */
static void
test_json_stream (void)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(SwSchema) schema = NULL;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (sql,
                            "CREATE TABLE \"t \"\"%u\" (id int PRIMARY KEY, \"ünï\tcode\" text,\n"
                            "  v varchar(20) DEFAULT E'a\\\\b\\u0001' CHECK (v <> ''));\n"
                            "CREATE INDEX ON \"t \"\"%u\" (v);\n", i, i);
  schema = sw_test_read_sql (sql->str);
  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 400);

  for (guint pretty = 0; pretty < 2; pretty++)
    {
      g_autofree char *text = sw_schema_to_json_string (schema, SW_SCHEMA_JSON_DEFAULT, pretty);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GError) error = NULL;
      gsize len = strlen (text);

      /* Longer than one piece (256 KB) when pretty. */
      if (pretty)
        g_assert_cmpuint (len, >, 256 * 1024);
      g_assert_true (sw_schema_write_json (schema, SW_SCHEMA_JSON_DEFAULT, pretty, out, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, len);
      g_assert_cmpint (memcmp (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                               text, len), ==, 0);
    }
}

/* A stream that fails gives its error, not a crash. */
static void
test_json_stream_error (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int PRIMARY KEY);\n");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_close (out, NULL, NULL);
  g_assert_false (sw_schema_write_json (schema, SW_SCHEMA_JSON_DEFAULT, TRUE, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/SchemaJson/text-matches-tree", test_json_text_matches_tree);
  g_test_add_func ("/Sw/SchemaJson/escaping", test_json_escaping);
  g_test_add_func ("/Sw/SchemaJson/diff", test_diff);
  g_test_add_func ("/Sw/SchemaJson/stream", test_json_stream);
  g_test_add_func ("/Sw/SchemaJson/stream-error", test_json_stream_error);

  return g_test_run ();
}
