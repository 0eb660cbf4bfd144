/* test-citus-catalog.c
 *
 * The catalog reader on a real Citus coordinator: each table's Citus kind,
 * distribution column, colocation and shard count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestCitus *citus;
static char *skip_reason;

static SwSchema *
read_live (const char *conninfo,
           guint      *query_count)
{
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (conninfo);
  g_autoptr(GError) error = NULL;
  SwSchema *schema;

  schema = sw_catalog_reader_load_sync (reader, NULL, &error);
  g_assert_no_error (error);
  if (query_count != NULL)
    *query_count = sw_catalog_reader_get_query_count (reader);

  return schema;
}

static void
test_citus_metadata (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *woodgrove = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  SwTable *events, *users, *types, *merchants, *single, *local, *tenant_table;
  guint queries = 0;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_assert_true (g_file_get_contents (path, &woodgrove, NULL, &error));
  sql = g_strconcat (woodgrove,
                     "SELECT create_reference_table('event_types');\n"
                     "SELECT create_reference_table('payment_merchants');\n"
                     "SELECT create_distributed_table('payment_users', 'user_id');\n"
                     "SELECT create_distributed_table('payment_events', 'user_id', colocate_with => 'payment_users');\n"
                     "CREATE TABLE settings (k text PRIMARY KEY, v text);\n"
                     "SELECT create_distributed_table('settings', NULL);\n"
                     "CREATE TABLE audit (id bigint PRIMARY KEY, note text);\n"
                     "SELECT citus_add_local_table_to_metadata('audit');\n"
                     "CREATE SCHEMA tenant_a;\n"
                     "CREATE TABLE tenant_a.notes (id bigint PRIMARY KEY, body text);\n"
                     "SELECT citus_schema_distribute('tenant_a');\n",
                     NULL);
  conninfo = sw_test_citus_create_database (citus, "citus_catalog", sql, &error);
  g_assert_no_error (error);

  schema = read_live (conninfo, &queries);
  g_assert_nonnull (sw_schema_get_citus_version (schema));
  g_assert_true (g_str_has_prefix (sw_schema_get_citus_version (schema), "13."));

  /* Citus's own schemas and objects are not the user's. */
  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 7);
  g_assert_true (g_strv_contains (sw_schema_get_distributed_schemas (schema), "tenant_a"));

  events = sw_schema_find_table (schema, "public.payment_events");
  users = sw_schema_find_table (schema, "public.payment_users");
  types = sw_schema_find_table (schema, "public.event_types");
  merchants = sw_schema_find_table (schema, "public.payment_merchants");
  single = sw_schema_find_table (schema, "public.settings");
  local = sw_schema_find_table (schema, "public.audit");
  tenant_table = sw_schema_find_table (schema, "tenant_a.notes");
  g_assert_nonnull (events);
  g_assert_nonnull (users);
  g_assert_nonnull (types);
  g_assert_nonnull (merchants);
  g_assert_nonnull (single);
  g_assert_nonnull (local);
  g_assert_nonnull (tenant_table);

  g_assert_cmpint (sw_table_get_citus_kind (events), ==, SW_CITUS_KIND_DISTRIBUTED);
  g_assert_cmpstr (sw_table_get_citus_distribution_column (events), ==, "user_id");
  g_assert_cmpint (sw_table_get_citus_shard_count (events), ==, 32);
  g_assert_cmpint (sw_table_get_citus_kind (users), ==, SW_CITUS_KIND_DISTRIBUTED);
  g_assert_cmpint (sw_table_get_citus_colocation_id (events), ==,
                   sw_table_get_citus_colocation_id (users));
  g_assert_cmpint (sw_table_get_citus_colocation_id (events), >, 0);

  g_assert_cmpint (sw_table_get_citus_kind (types), ==, SW_CITUS_KIND_REFERENCE);
  g_assert_null (sw_table_get_citus_distribution_column (types));
  g_assert_cmpint (sw_table_get_citus_shard_count (types), ==, 1);
  g_assert_cmpint (sw_table_get_citus_kind (merchants), ==, SW_CITUS_KIND_REFERENCE);

  g_assert_cmpint (sw_table_get_citus_kind (single), ==, SW_CITUS_KIND_SINGLE_SHARD);
  g_assert_cmpint (sw_table_get_citus_shard_count (single), ==, 1);
  g_assert_cmpint (sw_table_get_citus_kind (local), ==, SW_CITUS_KIND_LOCAL);
  g_assert_cmpint (sw_table_get_citus_kind (tenant_table), ==, SW_CITUS_KIND_SCHEMA);

  /* Distribution does not change what the user declared: the FKs are still read. */
  g_assert_cmpuint (sw_table_get_foreign_keys (events)->len, ==, 2);

  /* The same fixed number of queries as any other database. */
  g_assert_cmpuint (queries, >, 0);
  {
    g_autofree char *plain = NULL;
    g_autoptr(SwSchema) plain_schema = NULL;
    guint plain_queries = 0;

    plain = sw_test_citus_create_database (citus, "citus_catalog_small",
                                           "CREATE TABLE one (id int PRIMARY KEY);", &error);
    g_assert_no_error (error);
    plain_schema = read_live (plain, &plain_queries);
    g_assert_cmpuint (sw_schema_get_n_tables (plain_schema), ==, 1);
    g_assert_cmpuint (plain_queries, ==, queries);
  }
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

  g_test_add_func ("/Sw/CitusCatalog/metadata", test_citus_metadata);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
