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
#include "sw-schema-private.h"
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
  g_test_add_data_func ("/Sw/SchemaSql/round-trip/schema-sql-extra",
                        g_test_build_filename (G_TEST_DIST, "data", "schema-sql-extra.sql", NULL),
                        test_round_trip_file);
  g_test_add_data_func ("/Sw/SchemaSql/round-trip/odd-identifiers",
                        g_test_build_filename (G_TEST_DIST, "data", "odd-identifiers.sql", NULL),
                        test_round_trip_file);
}

/* Every name of odd-identifiers.sql is written the way PostgreSQL quotes it. */
static void
test_odd_identifiers_quoted (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "odd-identifiers.sql", NULL);
  g_autoptr(SwSchema) schema = sw_test_read_file (path);
  g_autofree char *sql = sw_schema_to_sql (schema);
  static const char * const expected[] = {
    "CREATE SCHEMA \"Sales \"\"EU\"\"\";",
    "CREATE SCHEMA \"select\";",
    "CREATE TYPE \"Sales \"\"EU\"\"\".\"État\" AS ENUM (",
    "'it''s paid'",
    "E'back\\\\slash'",
    "CREATE TABLE \"select\".\"table\" (",
    "\"user\" bigint NOT NULL",
    "\"Ünïcödé ñame\" text COLLATE \"C\"",
    "ADD CONSTRAINT \"primary key\" PRIMARY KEY (\"user\")",
    "CONSTRAINT \"check\" CHECK (",
    "CREATE UNIQUE INDEX \"Unique \"\"Index\"\"\" ON \"select\".\"table\"",
    /* 63 bytes: the column name as the parser truncated it. */
    " abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh integer DEFAULT nextval(",
    "ADD CONSTRAINT \"Événement → client\" FOREIGN KEY (\"Customer ID\")",
    "CREATE TRIGGER \"Before \"\"Insert\"\"\" BEFORE INSERT OR UPDATE OF \"group\" ON \"select\".\"table\"",
    "EXECUTE FUNCTION \"select\".\"Trigger Fn\"('it''s', E'a\\\\b', '');",
    "CREATE POLICY \"Only \"\"Mine\"\"\" ON \"select\".\"table\" AS PERMISSIVE FOR SELECT TO PUBLIC",
    "COMMENT ON TABLE \"Sales \"\"EU\"\"\".\"Customer Table\" IS E'It''s the customers\\\\ table';",
    "ATTACH PARTITION \"Sales \"\"EU\"\"\".\"Ünïcödé Événements default\" DEFAULT;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (strstr (sql, expected[i]) == NULL)
        g_error ("the SQL lacks <%s>:\n%s", expected[i], sql);
    }
}

/* apply_sql */

static const char fix_base_sql[] =
  "CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);\n"
  "CREATE TABLE orders (\n"
  "    id bigint NOT NULL,\n"
  "    tenant_id integer NOT NULL REFERENCES tenants (id),\n"
  "    amount integer,\n"
  "    CONSTRAINT orders_pkey PRIMARY KEY (id)\n"
  ");\n"
  "CREATE INDEX orders_tenant_idx ON orders (tenant_id);\n";

/* What the catalog reader would have found: sizes, statistics, Citus. */
static SwSchema *
fix_base_schema (void)
{
  SwSchema *schema = sw_test_read_sql (fix_base_sql);
  SwTable *orders = sw_test_find_table (schema, "public.orders");
  SwColumn *tenant_id = sw_table_find_column (orders, "tenant_id");
  static const double freqs[] = { 0.5, 0.25 };

  schema->server_version_num = 150004;
  g_free (schema->citus_version);
  schema->citus_version = g_strdup ("13.2.2");
  g_free (schema->database_name);
  schema->database_name = g_strdup ("shop");
  orders->oid = 16400;
  orders->estimated_rows = 123456;
  orders->total_bytes = 9876543;
  orders->citus_kind = SW_CITUS_KIND_LOCAL;
  orders->citus_colocation_id = 7;
  sw_test_find_table (schema, "public.tenants")->estimated_rows = 42;

  tenant_id->has_stats = TRUE;
  tenant_id->null_frac = 0.0;
  tenant_id->n_distinct = 42;
  tenant_id->avg_width = 4;
  tenant_id->most_common_values = g_strsplit ("1,2", ",", -1);
  tenant_id->most_common_freqs = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (tenant_id->most_common_freqs, freqs, G_N_ELEMENTS (freqs));

  return schema;
}

static void
test_apply_fixes (void)
{
  g_autoptr(SwSchema) schema = fix_base_schema ();
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(GError) error = NULL;
  SwTable *orders;
  SwConstraint *pk;
  SwColumn *column;
  guint n_freqs = 0;
  const double *freqs;
  const char *fixes =
    "-- Fixes the advisor proposes\n"
    "ALTER TABLE orders DROP CONSTRAINT orders_pkey;\n"
    "ALTER TABLE orders ADD PRIMARY KEY (tenant_id, id);\n"
    "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';\n"
    "ALTER TABLE orders ALTER COLUMN tenant_id TYPE bigint;\n"
    "ALTER TABLE tenants ALTER COLUMN id TYPE bigint;\n";

  fixed = sw_schema_apply_sql (schema, fixes, &error);
  g_assert_no_error (error);
  g_assert_true (SW_IS_SCHEMA (fixed));
  g_assert_true (fixed != schema);
  g_assert_cmpuint (sw_schema_get_notes (fixed)->len, ==, 0);

  /* The schema as it will be. */
  orders = sw_test_find_table (fixed, "public.orders");
  pk = sw_table_get_primary_key (orders);
  g_assert_nonnull (pk);
  g_assert_cmpstr (sw_constraint_get_name (pk), ==, "orders_pkey");
  g_assert_cmpstrv (sw_constraint_get_columns (pk), ((const char * const[]) { "tenant_id", "id", NULL }));
  column = sw_table_find_column (orders, "region");
  g_assert_nonnull (column);
  g_assert_cmpint (sw_column_get_attnum (column), ==, 4);
  g_assert_cmpstr (sw_column_get_type_name (column), ==, "text");
  g_assert_cmpstr (sw_column_get_default_expr (column), ==, "'eu'");
  g_assert_true (sw_column_get_not_null (column));
  column = sw_table_find_column (orders, "tenant_id");
  g_assert_cmpstr (sw_column_get_type_name (column), ==, "bigint");
  g_assert_cmpstr (sw_column_get_type_internal (column), ==, "int8");
  g_assert_cmpuint (sw_table_get_indexes (orders)->len, ==, 1);
  g_assert_cmpuint (sw_table_get_foreign_keys (orders)->len, ==, 1);

  /* What no script says, carried over. */
  g_assert_true (sw_schema_is_live (fixed));
  g_assert_cmpint (sw_schema_get_server_version_num (fixed), ==, 150004);
  g_assert_cmpstr (sw_schema_get_citus_version (fixed), ==, "13.2.2");
  g_assert_cmpstr (sw_schema_get_database_name (fixed), ==, "shop");
  g_assert_cmpstr (sw_schema_get_source (fixed), ==, sw_schema_get_source (schema));
  g_assert_cmpuint (sw_table_get_oid (orders), ==, 16400);
  g_assert_cmpint (sw_table_get_estimated_rows (orders), ==, 123456);
  g_assert_cmpint (sw_table_get_total_bytes (orders), ==, 9876543);
  g_assert_cmpint (sw_table_get_citus_kind (orders), ==, SW_CITUS_KIND_LOCAL);
  g_assert_cmpint (sw_table_get_citus_colocation_id (orders), ==, 7);
  g_assert_cmpint (sw_table_get_estimated_rows (sw_test_find_table (fixed, "public.tenants")), ==, 42);
  g_assert_true (sw_column_has_stats (column));
  g_assert_cmpfloat (sw_column_get_n_distinct (column), ==, 42);
  g_assert_cmpint (sw_column_get_avg_width (column), ==, 4);
  g_assert_cmpstrv (sw_column_get_most_common_values (column), ((const char * const[]) { "1", "2", NULL }));
  freqs = sw_column_get_most_common_freqs (column, &n_freqs);
  g_assert_cmpuint (n_freqs, ==, 2);
  g_assert_cmpfloat (freqs[0], ==, 0.5);
  g_assert_false (sw_column_has_stats (sw_table_find_column (orders, "region")));

  /* The model it came from is left alone. */
  orders = sw_test_find_table (schema, "public.orders");
  g_assert_cmpstrv (sw_constraint_get_columns (sw_table_get_primary_key (orders)),
                    ((const char * const[]) { "id", NULL }));
  g_assert_null (sw_table_find_column (orders, "region"));
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (orders, "tenant_id")), ==, "integer");
}

/* A tenant column added to a table, a new table, and a unique index widened:
 * the shapes the advisor's fixes take, on a model with partitions.
 */
static void
test_apply_fixes_features (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "features.sql", NULL);
  g_autoptr(SwSchema) schema = sw_test_read_file (path);
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(GError) error = NULL;
  SwTable *table;
  const char *fixes =
    "ALTER TABLE shop.departments ADD COLUMN tenant_id bigint NOT NULL;\n"
    "ALTER TABLE shop.departments DROP CONSTRAINT departments_pkey CASCADE;\n"
    "ALTER TABLE shop.departments ADD CONSTRAINT departments_pkey PRIMARY KEY (tenant_id, dept_id);\n"
    "DROP INDEX shop.orders_tags_uidx;\n"
    "CREATE UNIQUE INDEX orders_tags_uidx ON shop.orders (tenant_id, order_id, tags, placed_at);\n"
    "CREATE TABLE shop.regions (region_id int PRIMARY KEY, name text);\n"
    "ALTER TABLE shop.events ADD COLUMN region_id int;\n"
    "ALTER TABLE shop.events DROP CONSTRAINT events_pkey;\n"
    "ALTER TABLE shop.events ADD PRIMARY KEY (event_id, tenant_id, happened_at);\n";

  fixed = sw_schema_apply_sql (schema, fixes, &error);
  g_assert_no_error (error);

  table = sw_test_find_table (fixed, "shop.departments");
  g_assert_cmpstrv (sw_constraint_get_columns (sw_table_get_primary_key (table)),
                    ((const char * const[]) { "tenant_id", "dept_id", NULL }));
  /* CASCADE dropped the foreign keys that needed the old key. */
  g_assert_cmpuint (sw_table_get_foreign_keys (sw_test_find_table (fixed, "shop.employees"))->len, <,
                    sw_table_get_foreign_keys (sw_test_find_table (schema, "shop.employees"))->len);
  g_assert_nonnull (sw_test_find_table (fixed, "shop.regions"));
  /* A column added to a partitioned table reaches its partitions. */
  g_assert_nonnull (sw_table_find_column (sw_test_find_table (fixed, "shop.events_2025"), "region_id"));
  g_assert_cmpuint (sw_schema_get_n_tables (fixed), ==, sw_schema_get_n_tables (schema) + 1);
  /* A primary key widened on a partitioned table: the partitions' copies go
   * with the old one and come with the new one.
   */
  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "shop.events", "shop.events_2025", "shop.events_2026" }[i];
      SwTable *part = sw_test_find_table (fixed, name);
      guint n_keys = 0;

      for (guint j = 0; j < sw_table_get_constraints (part)->len; j++)
        n_keys += sw_constraint_get_kind (g_ptr_array_index (sw_table_get_constraints (part), j)) ==
                  SW_CONSTRAINT_PRIMARY_KEY;
      g_assert_cmpuint (n_keys, ==, 1);
      g_assert_cmpstrv (sw_constraint_get_columns (sw_table_get_primary_key (part)),
                        ((const char * const[]) { "event_id", "tenant_id", "happened_at", NULL }));
    }

  /* Everything else is as it was. */
  {
    g_autoptr(GPtrArray) diff = sw_schema_diff (schema, fixed);

    for (guint i = 0; i < diff->len; i++)
      {
        const char *line = g_ptr_array_index (diff, i);

        if (strstr (line, "departments") == NULL && strstr (line, "employees") == NULL &&
            strstr (line, "orders_tags_uidx") == NULL && strstr (line, "regions") == NULL &&
            strstr (line, "events") == NULL && strstr (line, "tables") == NULL)
          g_error ("unexpected difference: %s", line);
      }
    g_assert_cmpuint (diff->len, >, 0);
  }
}

static void
test_apply_bad_statement (void)
{
  g_autoptr(SwSchema) schema = fix_base_schema ();
  g_autoptr(GError) error = NULL;
  SwSchema *fixed;

  fixed = sw_schema_apply_sql (schema,
                               "ALTER TABLE orders ADD COLUMN region text;\n"
                               "\n"
                               "ALTER TABLE orders DROP CONSTRAINT no_such_constraint;\n",
                               &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT);
  g_assert_nonnull (strstr (error->message, "Line 3 "));
  g_assert_nonnull (strstr (error->message, "no_such_constraint"));
  g_clear_error (&error);

  fixed = sw_schema_apply_sql (schema, "ALTER TABLE no_such_table ADD COLUMN x int;", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT);
  g_assert_nonnull (strstr (error->message, "Line 1 "));
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_clear_error (&error);

  fixed = sw_schema_apply_sql (schema, "ALTER TABLE orders ALTER COLUMN nope TYPE bigint;", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);

  /* PostgreSQL refuses to drop a key a foreign key needs, without CASCADE. */
  fixed = sw_schema_apply_sql (schema, "ALTER TABLE tenants DROP CONSTRAINT tenants_pkey;", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT);
  g_assert_nonnull (strstr (error->message, "orders_tenant_id_fkey"));
  g_clear_error (&error);

  /* Creating what exists already. */
  fixed = sw_schema_apply_sql (schema, "\nCREATE TABLE orders (x int);", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_STATEMENT);
  g_assert_nonnull (strstr (error->message, "Line 2 "));
  g_clear_error (&error);

  fixed = sw_schema_apply_sql (schema, "ALTER TABLE orders\n  ADD PRIMARYKEY (tenant_id, id);", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 2"));
}

/* A fix script the parser refuses is an error at its own line and column,
 * not the combined script's; psql meta-commands, which the parser alone
 * refuses, are passed over as in any schema file.
 */
static void
test_apply_syntax (void)
{
  g_autoptr(SwSchema) schema = fix_base_schema ();
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(GError) error = NULL;

  fixed = sw_schema_apply_sql (schema,
                               "ALTER TABLE orders ADD COLUMN region text;\n"
                               "ALTER TABLE orders ADD COLUMN;\n",
                               &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 2, column 30"));
  g_clear_error (&error);

  fixed = sw_schema_apply_sql (schema, "ALTER TABLE orders ADD COLUMN \"unterminated text;", &error);
  g_assert_null (fixed);
  g_assert_error (error, SW_SCHEMA_SQL_ERROR, SW_SCHEMA_SQL_ERROR_SYNTAX);
  g_clear_error (&error);

  fixed = sw_schema_apply_sql (schema,
                               "\\set ON_ERROR_STOP on\n"
                               "ALTER TABLE orders ADD COLUMN region text;\n",
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (sw_table_find_column (sw_test_find_table (fixed, "public.orders"), "region"));
}

/* Statements with nothing to change in the model are notes of the new one,
 * at their line in the fix script.
 */
static void
test_apply_notes (void)
{
  g_autoptr(SwSchema) schema = fix_base_schema ();
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *notes;
  SwSourceNote *note;

  fixed = sw_schema_apply_sql (schema,
                               "ALTER TABLE orders ADD COLUMN region text;\n"
                               "SELECT create_distributed_table('orders', 'tenant_id');\n",
                               &error);
  g_assert_no_error (error);
  notes = sw_schema_get_notes (fixed);
  g_assert_cmpuint (notes->len, ==, 1);
  note = g_ptr_array_index (notes, 0);
  g_assert_cmpint (note->kind, ==, SW_SOURCE_NOTE_IGNORED);
  g_assert_cmpuint (note->line, ==, 2);
  g_assert_cmpuint (note->column, ==, 1);
  g_assert_nonnull (sw_table_find_column (sw_test_find_table (fixed, "public.orders"), "region"));

  /* No fix at all: the same schema. */
  {
    g_autoptr(SwSchema) same = sw_schema_apply_sql (schema, "", &error);
    g_autoptr(GPtrArray) diff = NULL;

    g_assert_no_error (error);
    diff = sw_schema_diff (schema, same);
    g_assert_cmpuint (diff->len, ==, 0);
    g_assert_cmpint (sw_table_get_total_bytes (sw_test_find_table (same, "public.orders")), ==, 9876543);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_round_trip_tests ();
  g_test_add_func ("/Sw/SchemaSql/odd-identifiers-quoted", test_odd_identifiers_quoted);
  g_test_add_func ("/Sw/SchemaSql/apply/fixes", test_apply_fixes);
  g_test_add_func ("/Sw/SchemaSql/apply/fixes-features", test_apply_fixes_features);
  g_test_add_func ("/Sw/SchemaSql/apply/bad-statement", test_apply_bad_statement);
  g_test_add_func ("/Sw/SchemaSql/apply/notes", test_apply_notes);
  g_test_add_func ("/Sw/SchemaSql/apply/syntax", test_apply_syntax);

  return g_test_run ();
}
