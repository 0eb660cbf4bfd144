/* test-catalog-reader-citus.c
 *
 * The catalog reader on a database that already is a Citus coordinator:
 * pg_dist_partition, pg_dist_shard and pg_dist_schema become citus_kind,
 * distribution column, colocation id and shard count.
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

static void
test_citus_metadata (void)
{
  const char *sql =
    "CREATE TABLE tenants (tenant_id bigint PRIMARY KEY, name text);\n"
    "CREATE TABLE orders (tenant_id bigint, id bigint, total numeric,\n"
    "  PRIMARY KEY (tenant_id, id));\n"
    "CREATE TABLE countries (code text PRIMARY KEY);\n"
    "CREATE TABLE audit_log (id bigserial PRIMARY KEY, note text);\n"
    "CREATE TABLE lonely (id bigint PRIMARY KEY);\n"
    "CREATE TABLE plain (id int);\n"
    "SELECT create_distributed_table('tenants', 'tenant_id');\n"
    "SELECT create_distributed_table('orders', 'tenant_id', colocate_with => 'tenants');\n"
    "SELECT create_reference_table('countries');\n"
    "SELECT citus_add_local_table_to_metadata('audit_log');\n"
    "SELECT create_distributed_table('lonely', NULL);\n"
    "SET citus.enable_schema_based_sharding TO on;\n"
    "CREATE SCHEMA tenant_a;\n"
    "CREATE TABLE tenant_a.items (id int PRIMARY KEY);\n"
    "RESET citus.enable_schema_based_sharding;\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SwCatalogReader) reader = NULL;
  g_autoptr(SwSchema) schema = NULL;
  const char * const *schemas;
  SwTable *tenants;
  SwTable *table;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "reader", sql, &error);
  g_assert_no_error (error);

  reader = sw_catalog_reader_new (conninfo);
  schema = sw_catalog_reader_load_sync (reader, NULL, &error);
  g_assert_no_error (error);

  g_assert_nonnull (sw_schema_get_citus_version (schema));
  g_assert_true (g_str_has_prefix (sw_schema_get_citus_version (schema), "13."));
  /* Shard relations on the coordinator are Citus's business, not tables of the model. */
  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 7);
  /* The 15 of a plain database, plus pg_dist_partition and pg_dist_schema. */
  g_assert_cmpuint (sw_catalog_reader_get_query_count (reader), ==, 21);

  tenants = sw_test_find_table (schema, "public.tenants");
  g_assert_cmpint (sw_table_get_citus_kind (tenants), ==, SW_CITUS_KIND_DISTRIBUTED);
  g_assert_cmpstr (sw_table_get_citus_distribution_column (tenants), ==, "tenant_id");
  g_assert_cmpint (sw_table_get_citus_shard_count (tenants), ==, 32);
  g_assert_cmpint (sw_table_get_citus_colocation_id (tenants), >, 0);

  table = sw_test_find_table (schema, "public.orders");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_DISTRIBUTED);
  g_assert_cmpstr (sw_table_get_citus_distribution_column (table), ==, "tenant_id");
  g_assert_cmpint (sw_table_get_citus_colocation_id (table), ==,
                   sw_table_get_citus_colocation_id (tenants));

  table = sw_test_find_table (schema, "public.countries");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_REFERENCE);
  g_assert_null (sw_table_get_citus_distribution_column (table));
  g_assert_cmpint (sw_table_get_citus_shard_count (table), ==, 1);

  table = sw_test_find_table (schema, "public.audit_log");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_LOCAL);
  g_assert_cmpint (sw_table_get_citus_colocation_id (table), ==, 0);

  table = sw_test_find_table (schema, "public.lonely");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_SINGLE_SHARD);
  g_assert_null (sw_table_get_citus_distribution_column (table));
  g_assert_cmpint (sw_table_get_citus_shard_count (table), ==, 1);
  g_assert_cmpint (sw_table_get_citus_colocation_id (table), >, 0);

  table = sw_test_find_table (schema, "tenant_a.items");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_SCHEMA);
  g_assert_cmpint (sw_table_get_citus_shard_count (table), ==, 1);

  table = sw_test_find_table (schema, "public.plain");
  g_assert_cmpint (sw_table_get_citus_kind (table), ==, SW_CITUS_KIND_NONE);

  schemas = sw_schema_get_distributed_schemas (schema);
  g_assert_nonnull (schemas);
  g_assert_cmpstr (schemas[0], ==, "tenant_a");
  g_assert_null (schemas[1]);

  /* Citus's own schemas and objects belong to the extension. */
  for (const char * const *ns = sw_schema_get_namespaces (schema); ns && *ns; ns++)
    g_assert_true (g_strcmp0 (*ns, "public") == 0 || g_strcmp0 (*ns, "tenant_a") == 0);
  g_assert_cmpuint (sw_schema_get_user_types (schema)->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_views (schema)->len, ==, 0);
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

  g_test_add_func ("/Sw/CatalogReader/citus/metadata", test_citus_metadata);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
