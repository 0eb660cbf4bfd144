/* test-schema-sql-pg.c
 *
 * sw_schema_to_sql() of a model read live: the SQL reader gives the live
 * model back from it, and psql runs it on a fresh database whose catalog is the
 * same model again. sw_schema_apply_sql() on a live model predicts the model
 * the database has once the fixes really ran, and keeps its statistics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestPg *pg;

typedef struct
{
  char *name;
  char *path;
} Case;

static void
assert_same_model (const char *what,
                   SwSchema   *live,
                   SwSchema   *other)
{
  g_autoptr(GPtrArray) diff = sw_schema_diff (live, other);

  if (diff->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, "%s: the live model (first) and the other (second) differ:", what);
      for (guint i = 0; i < diff->len && i < 40; i++)
        g_string_append_printf (message, "\n  %s", (const char *)g_ptr_array_index (diff, i));
      g_test_message ("%s", message->str);
      g_test_fail ();
    }

  /* A comparison of two empty models proves nothing. */
  g_assert_cmpuint (sw_schema_get_n_tables (live), >, 0);
  g_assert_cmpuint (sw_schema_get_n_tables (live), ==, sw_schema_get_n_tables (other));
}

static void
assert_no_notes (SwSchema   *schema,
                 const char *sql)
{
  GPtrArray *notes = sw_schema_get_notes (schema);

  for (guint i = 0; i < notes->len; i++)
    {
      SwSourceNote *note = g_ptr_array_index (notes, i);

      g_test_message ("line %u of the generated SQL was passed over: %s (%s)", note->line, note->message,
                      note->statement);
    }
  if (notes->len > 0)
    {
      g_test_message ("%s", sql);
      g_test_fail ();
    }
}

static void
test_live_round_trip (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *dbname = g_strdup_printf ("schemasql_%s", c->name);
  g_autofree char *copy_name = g_strdup_printf ("schemasql_%s_copy", c->name);
  g_autofree char *conninfo = NULL;
  g_autofree char *copy_conninfo = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(SwSchema) live = NULL;
  g_autoptr(SwSchema) read_back = NULL;
  g_autoptr(SwSchema) copy = NULL;

  g_assert_true (g_file_get_contents (c->path, &source, NULL, &error));
  g_assert_no_error (error);
  conninfo = sw_test_pg_create_database (pg, dbname, source, &error);
  g_assert_no_error (error);
  live = sw_test_read_live (conninfo, NULL);

  /* The SQL reader gives the live model back. */
  sql = sw_schema_to_sql (live);
  read_back = sw_test_read_sql (sql);
  assert_no_notes (read_back, sql);
  assert_same_model (c->name, live, read_back);

  /* It is real SQL: psql runs it on a fresh database, whose catalog holds the
   * same model.
   */
  copy_conninfo = sw_test_pg_create_database (pg, copy_name, sql, &error);
  g_assert_no_error (error);
  copy = sw_test_read_live (copy_conninfo, NULL);
  assert_same_model (copy_name, live, copy);

}

static const char stats_schema[] =
  "CREATE TABLE tenants (id integer PRIMARY KEY, name text NOT NULL);\n"
  "CREATE TABLE orders (\n"
  "    id integer NOT NULL,\n"
  "    tenant_id integer NOT NULL REFERENCES tenants (id),\n"
  "    amount integer,\n"
  "    CONSTRAINT orders_pkey PRIMARY KEY (id)\n"
  ");\n"
  "CREATE TABLE events (\n"
  "    tenant_id integer NOT NULL,\n"
  "    event_id integer NOT NULL,\n"
  "    day date NOT NULL,\n"
  "    PRIMARY KEY (event_id, day)\n"
  ") PARTITION BY RANGE (day);\n"
  "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
  "INSERT INTO tenants SELECT i, 'tenant ' || i FROM generate_series(1, 20) AS i;\n"
  "INSERT INTO orders SELECT i, 1 + i % 20, i * 3 FROM generate_series(1, 5000) AS i;\n"
  "INSERT INTO events SELECT i % 20, i, date '2025-01-01' + i % 300 FROM generate_series(1, 2000) AS i;\n"
  "ANALYZE;\n";

/* The fixes the advisor proposes for distributing by tenant. */
static const char stats_fixes[] =
  "ALTER TABLE orders DROP CONSTRAINT orders_pkey;\n"
  "ALTER TABLE orders ADD PRIMARY KEY (tenant_id, id);\n"
  "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';\n"
  "ALTER TABLE orders ALTER COLUMN tenant_id TYPE bigint;\n"
  "ALTER TABLE tenants ALTER COLUMN id TYPE bigint;\n"
  "ALTER TABLE events DROP CONSTRAINT events_pkey;\n"
  "ALTER TABLE events ADD PRIMARY KEY (tenant_id, event_id, day);\n";

static void
test_live_apply (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) live = NULL;
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(SwSchema) after = NULL;
  SwTable *orders;
  SwTable *old_orders;
  SwColumn *tenant_id;
  SwColumn *old_tenant_id;

  conninfo = sw_test_pg_create_database (pg, "schemasql_apply", stats_schema, &error);
  g_assert_no_error (error);
  live = sw_test_read_live (conninfo, NULL);
  old_orders = sw_test_find_table (live, "public.orders");
  old_tenant_id = sw_table_find_column (old_orders, "tenant_id");
  g_assert_cmpint (sw_table_get_estimated_rows (old_orders), ==, 5000);
  g_assert_true (sw_column_has_stats (old_tenant_id));

  fixed = sw_schema_apply_sql (live, stats_fixes, &error);
  g_assert_no_error (error);

  /* The live facts are kept. */
  g_assert_true (sw_schema_is_live (fixed));
  g_assert_cmpint (sw_schema_get_server_version_num (fixed), ==, sw_schema_get_server_version_num (live));
  g_assert_cmpstr (sw_schema_get_database_name (fixed), ==, sw_schema_get_database_name (live));
  orders = sw_test_find_table (fixed, "public.orders");
  tenant_id = sw_table_find_column (orders, "tenant_id");
  g_assert_cmpuint (sw_table_get_oid (orders), ==, sw_table_get_oid (old_orders));
  g_assert_cmpint (sw_table_get_estimated_rows (orders), ==, 5000);
  g_assert_cmpint (sw_table_get_total_bytes (orders), ==, sw_table_get_total_bytes (old_orders));
  g_assert_cmpint (sw_table_get_total_bytes (orders), >, 0);
  g_assert_true (sw_column_has_stats (tenant_id));
  g_assert_cmpfloat (sw_column_get_n_distinct (tenant_id), ==, sw_column_get_n_distinct (old_tenant_id));
  g_assert_cmpstrv (sw_column_get_most_common_values (tenant_id), sw_column_get_most_common_values (old_tenant_id));
  g_assert_cmpstr (sw_column_get_type_name (tenant_id), ==, "bigint");

  /* The prediction is what the database has once the fixes really ran. */
  g_assert_true (sw_test_pg_run_sql (pg, "schemasql_apply", stats_fixes, &error));
  g_assert_no_error (error);
  after = sw_test_read_live (conninfo, NULL);
  assert_same_model ("fixes applied", after, fixed);
}

static void
add_case (GPtrArray  *cases,
          const char *path)
{
  Case *c = g_new0 (Case, 1);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *test_path = NULL;

  c->name = g_strndup (base, strlen (base) - strlen (".sql"));
  for (char *p = c->name; *p; p++)
    {
      if (*p == '-')
        *p = '_';
    }
  c->path = g_strdup (path);
  g_ptr_array_add (cases, c);

  test_path = g_strdup_printf ("/Sw/SchemaSqlPg/round-trip/%s", c->name);
  g_test_add_data_func (test_path, c, test_live_round_trip);
}

static void
free_case (gpointer data)
{
  Case *c = data;

  g_free (c->name);
  g_free (c->path);
  g_free (c);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (free_case);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *samples = g_getenv ("SW_SAMPLES_DIR");
  const char *entry;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (samples);
  dir = g_dir_open (samples, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (entry, ".sql"))
        g_ptr_array_add (names, g_build_filename (samples, entry, NULL));
    }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_assert_cmpuint (names->len, >=, 5);
  g_ptr_array_add (names, g_test_build_filename (G_TEST_DIST, "data", "features.sql", NULL));
  g_ptr_array_add (names, g_test_build_filename (G_TEST_DIST, "data", "odd-identifiers.sql", NULL));
  g_ptr_array_add (names, g_test_build_filename (G_TEST_DIST, "data", "schema-sql-extra.sql", NULL));

  for (guint i = 0; i < names->len; i++)
    add_case (cases, g_ptr_array_index (names, i));
  g_test_add_func ("/Sw/SchemaSqlPg/apply", test_live_apply);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  ret = g_test_run ();
  sw_test_pg_stop (pg);

  return ret;
}
