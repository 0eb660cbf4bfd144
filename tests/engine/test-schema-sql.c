/* test-schema-sql.c
 *
 * The model written back as SQL (sw_schema_to_sql) must read back into the
 * same model, and a fix script applied to a model (sw_schema_apply_sql) must
 * give the schema as it will be, with what no script can say carried over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static void
assert_no_diff (const char *what,
                SwSchema   *a,
                SwSchema   *b)
{
  g_autoptr(GPtrArray) diff = sw_schema_diff (a, b);

  if (diff->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, "%s: the model and the model read back from its SQL differ:", what);
      for (guint i = 0; i < diff->len && i < 40; i++)
        g_string_append_printf (message, "\n  %s", (const char *)g_ptr_array_index (diff, i));
      g_error ("%s", message->str);
    }
}

/* The SQL is read back without a single statement passed over. */
static SwSchema *
read_back (const char *sql)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  GPtrArray *notes = sw_schema_get_notes (schema);

  for (guint i = 0; i < notes->len; i++)
    {
      SwSourceNote *note = g_ptr_array_index (notes, i);

      g_error ("line %u of the generated SQL was passed over: %s (%s)\n%s", note->line, note->message,
               note->statement, sql);
    }
  return g_steal_pointer (&schema);
}

static void
assert_round_trip (const char *what,
                   SwSchema   *schema)
{
  g_autofree char *sql = sw_schema_to_sql (schema);
  g_autofree char *again = NULL;
  g_autoptr(SwSchema) back = read_back (sql);

  g_assert_cmpuint (sw_schema_get_n_tables (schema), >, 0);
  assert_no_diff (what, schema, back);

  /* Deterministic: the same model gives the same text, and so does the model
   * read back from it.
   */
  {
    g_autofree char *twice = sw_schema_to_sql (schema);

    g_assert_cmpstr (sql, ==, twice);
  }
  again = sw_schema_to_sql (back);
  g_assert_cmpstr (sql, ==, again);
}

static void
test_round_trip_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(SwSchema) schema = sw_test_read_file (path);

  assert_round_trip (path, schema);
}

static void
add_round_trip_tests (void)
{
  const char *samples = g_getenv ("SW_SAMPLES_DIR");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *entry;

  g_assert_nonnull (samples);
  dir = g_dir_open (samples, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (entry, ".sql"))
        g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_assert_cmpuint (names->len, >=, 5);

  for (guint i = 0; i < names->len; i++)
    {
      char *name = g_ptr_array_index (names, i);
      g_autofree char *test_path = NULL;

      test_path = g_strdup_printf ("/Sw/SchemaSql/round-trip/%.*s", (int)(strlen (name) - 4), name);
      /* Leaked on purpose: the test data lives as long as the tests. */
      g_test_add_data_func (test_path, g_build_filename (samples, name, NULL), test_round_trip_file);
      g_free (name);
    }
  g_test_add_data_func ("/Sw/SchemaSql/round-trip/features",
                        g_test_build_filename (G_TEST_DIST, "data", "features.sql", NULL),
                        test_round_trip_file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_round_trip_tests ();

  return g_test_run ();
}
