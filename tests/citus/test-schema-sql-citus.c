/* test-schema-sql-citus.c
 *
 * A model read from a real Citus coordinator: its schema script reads back to
 * the same structure, and a fix script applied to it keeps the Citus
 * metadata (kind, distribution column, colocation, shard count, distributed
 * schemas, version) and predicts the structure the cluster has once the fixes
 * really ran there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestCitus *citus;
static char *skip_reason;

static const char cluster_sql[] =
  "CREATE TABLE tenants (tenant_id bigint PRIMARY KEY, name text);\n"
  "CREATE TABLE orders (tenant_id bigint REFERENCES tenants, id bigint, total numeric,\n"
  "  PRIMARY KEY (tenant_id, id));\n"
  "CREATE TABLE countries (code text PRIMARY KEY);\n"
  "CREATE TABLE plain (id int NOT NULL, note text);\n"
  "SELECT create_distributed_table('tenants', 'tenant_id');\n"
  "SELECT create_distributed_table('orders', 'tenant_id', colocate_with => 'tenants');\n"
  "SELECT create_reference_table('countries');\n"
  "INSERT INTO tenants SELECT i, 't' || i FROM generate_series(1, 50) AS i;\n"
  "INSERT INTO orders SELECT 1 + i % 50, i, i FROM generate_series(1, 1000) AS i;\n"
  "SET citus.enable_schema_based_sharding TO on;\n"
  "CREATE SCHEMA tenant_a;\n"
  "CREATE TABLE tenant_a.items (id int PRIMARY KEY);\n"
  "RESET citus.enable_schema_based_sharding;\n";

static const char fixes_sql[] =
  "ALTER TABLE orders ADD COLUMN region text DEFAULT 'eu';\n"
  "ALTER TABLE plain ADD PRIMARY KEY (id);\n"
  "ALTER TABLE plain ALTER COLUMN id TYPE bigint;\n"
  "ALTER TABLE countries ADD COLUMN name text;\n";

static void
assert_same_structure (const char *what,
                       SwSchema   *a,
                       SwSchema   *b)
{
  g_autoptr(GPtrArray) diff = sw_schema_diff (a, b);

  for (guint i = 0; i < diff->len && i < 40; i++)
    g_test_message ("%s: %s", what, (const char *)g_ptr_array_index (diff, i));
  g_assert_cmpuint (diff->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_n_tables (a), >, 0);
}

static void
test_citus_schema_sql (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(SwSchema) live = NULL;
  g_autoptr(SwSchema) read_back = NULL;
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(SwSchema) after = NULL;
  SwTable *orders;
  SwTable *table;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "schemasql", cluster_sql, &error);
  g_assert_no_error (error);
  live = sw_test_read_live (conninfo, NULL);
  g_assert_nonnull (sw_schema_get_citus_version (live));

  /* Nothing of Citus's own in the script: the same structure reads back. */
  sql = sw_schema_to_sql (live);
  g_assert_null (strstr (sql, "pg_dist"));
  g_assert_null (strstr (sql, "citus"));
  read_back = sw_test_read_sql (sql);
  g_assert_cmpuint (sw_schema_get_notes (read_back)->len, ==, 0);
  assert_same_structure ("read back", live, read_back);

  fixed = sw_schema_apply_sql (live, fixes_sql, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_schema_get_citus_version (fixed), ==, sw_schema_get_citus_version (live));
  g_assert_cmpstrv (sw_schema_get_distributed_schemas (fixed), sw_schema_get_distributed_schemas (live));

  orders = sw_test_find_table (fixed, "public.orders");
  g_assert_nonnull (sw_table_find_column (orders, "region"));
  g_assert_cmpint (sw_table_get_citus_kind (orders), ==, SW_CITUS_KIND_DISTRIBUTED);
  g_assert_cmpstr (sw_table_get_citus_distribution_column (orders), ==, "tenant_id");
  g_assert_cmpint (sw_table_get_citus_colocation_id (orders), ==,
                   sw_table_get_citus_colocation_id (sw_test_find_table (live, "public.orders")));
  g_assert_cmpint (sw_table_get_citus_shard_count (orders), ==, 32);
  g_assert_cmpint (sw_table_get_citus_colocation_id (orders), ==,
                   sw_table_get_citus_colocation_id (sw_test_find_table (fixed, "public.tenants")));
  table = sw_test_find_table (fixed, "public.countries");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_REFERENCE);
  table = sw_test_find_table (fixed, "tenant_a.items");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_SCHEMA);
  table = sw_test_find_table (fixed, "public.plain");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_NONE);
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (table, "id")), ==, "bigint");

  /* The cluster, once the fixes ran on it, has the predicted structure. */
  g_assert_true (sw_test_pg_run_sql (sw_test_citus_get_coordinator (citus), "schemasql", fixes_sql, &error));
  g_assert_no_error (error);
  after = sw_test_read_live (conninfo, NULL);
  assert_same_structure ("after the fixes", after, fixed);
  g_assert_cmpint (sw_table_get_citus_kind (sw_test_find_table (after, "public.orders")), ==,
                   SW_CITUS_KIND_DISTRIBUTED);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (sw_test_citus_available (&reason))
    {
      citus = sw_test_citus_start (&error);
      g_assert_no_error (error);
    }
  else
    skip_reason = g_strdup_printf ("citus suite skipped: %s", reason);

  g_test_add_func ("/Sw/SchemaSql/citus/apply", test_citus_schema_sql);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
