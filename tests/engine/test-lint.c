/* test-lint.c
 *
 * lint against the corpus of tests/data/lint-corpus.txt (whose expectations
 * are what real Citus 13.2.2 answered), plus the JSON contract, line numbers
 * and transactions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "sw-engine.h"
#include "sw-test-schema.h"
#include "sw-test-lint-corpus.h"

static GPtrArray *
lint (const char *schema_sql,
      const char *script)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (schema_sql);
  g_autoptr(GError) error = NULL;
  GPtrArray *results = sw_lint_script (schema, schema_sql, script, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static void
test_corpus_case (gconstpointer data)
{
  const SwTestLintCase *c = data;
  g_autoptr(GPtrArray) results = lint (c->schema_sql, c->script);

  g_assert_cmpuint (results->len, ==, c->expect->len);
  for (guint i = 0; i < results->len; i++)
    {
      SwLintResult *result = g_ptr_array_index (results, i);
      const char *expect = g_ptr_array_index (c->expect, i);

      if (g_str_equal (expect, "ok"))
        {
          if (!result->ok)
            g_test_message ("line %u: unexpected error: %s", result->line, result->error);
          g_assert_true (result->ok);
        }
      else
        {
          g_assert_false (result->ok);
          g_assert_cmpstr (result->error, ==, expect);
        }
    }
}

static void
test_json_contract (void)
{
  g_autoptr(GPtrArray) results = lint ("CREATE TABLE p (id int PRIMARY KEY);\n"
                                       "CREATE TABLE c (id int, p_id int REFERENCES p (id));\n",
                                       "-- a comment\n"
                                       "BEGIN;\n"
                                       "\n"
                                       "SELECT create_distributed_table('c', 'id');\n"
                                       "SELECT create_reference_table('p');\n"
                                       "COMMIT;\n"
                                       "SELECT create_reference_table('p');\n");
  g_autofree char *json = sw_lint_results_to_json (results, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *object;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 5);

  object = json_array_get_object_element (array, 1);
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "statement"), ==, "SELECT create_distributed_table('c', 'id');");
  g_assert_false (json_object_get_boolean_member (object, "ok"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==,
                   "referenced table \"p\" must be a distributed table or a reference table");
  g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==,
                   "To enforce foreign keys, the referencing and referenced rows need to be stored on the same node.");

  /* The failed transaction ignores the rest and rolls back. */
  object = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==,
                   "current transaction is aborted, commands ignored until end of transaction block");
  object = json_array_get_object_element (array, 4);
  g_assert_true (json_object_get_boolean_member (object, "ok"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "");
}

static void
test_syntax_error (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int);");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = sw_lint_script (schema, NULL, "SELECT 1;\nSELEC 2;\n", NULL, &error);

  g_assert_null (results);
  g_assert_error (error, SW_LINT_ERROR, SW_LINT_ERROR_SYNTAX);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = NULL;

  g_test_init (&argc, &argv, NULL);

  corpus = sw_test_lint_corpus_load ();
  for (guint i = 0; i < corpus->len; i++)
    {
      SwTestLintCase *c = g_ptr_array_index (corpus, i);
      g_autofree char *path = g_strdup_printf ("/Sw/Lint/corpus/%s", c->name);

      g_test_add_data_func (path, c, test_corpus_case);
    }
  g_test_add_func ("/Sw/Lint/json-contract", test_json_contract);
  g_test_add_func ("/Sw/Lint/syntax-error", test_syntax_error);

  return g_test_run ();
}
