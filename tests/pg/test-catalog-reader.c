/* test-catalog-reader.c
 *
 * The live catalog reader against the private PostgreSQL the fixture starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestPg *pg;

/* Helpers */

static char *
create_database (const char *dbname,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;
  char *conninfo;

  conninfo = sw_test_pg_create_database (pg, dbname, sql, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conninfo);

  return conninfo;
}

static SwSchema *
load (const char  *conninfo,
      guint       *n_queries,
      GError     **error)
{
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (conninfo);
  SwSchema *schema;

  schema = sw_catalog_reader_load_sync (reader, NULL, error);
  if (n_queries != NULL)
    *n_queries = sw_catalog_reader_get_query_count (reader);

  return schema;
}

static gpointer
find_named (GPtrArray  *array,
            const char *name)
{
  for (guint i = 0; i < array->len; i++)
    {
      GObject *object = g_ptr_array_index (array, i);
      const char *object_name = NULL;

      if (SW_IS_CONSTRAINT (object))
        object_name = sw_constraint_get_name (SW_CONSTRAINT (object));
      else if (SW_IS_FOREIGN_KEY (object))
        object_name = sw_foreign_key_get_name (SW_FOREIGN_KEY (object));
      else if (SW_IS_INDEX (object))
        object_name = sw_index_get_name (SW_INDEX (object));
      else if (SW_IS_TRIGGER (object))
        object_name = sw_trigger_get_name (SW_TRIGGER (object));
      else if (SW_IS_POLICY (object))
        object_name = sw_policy_get_name (SW_POLICY (object));
      else if (SW_IS_COLUMN (object))
        object_name = sw_column_get_name (SW_COLUMN (object));
      else if (SW_IS_SEQUENCE (object))
        object_name = sw_sequence_get_qualified_name (SW_SEQUENCE (object));
      else if (SW_IS_VIEW (object))
        object_name = sw_view_get_qualified_name (SW_VIEW (object));
      else if (SW_IS_USER_TYPE (object))
        object_name = sw_user_type_get_qualified_name (SW_USER_TYPE (object));
      else if (SW_IS_FUNCTION (object))
        object_name = sw_function_get_qualified_name (SW_FUNCTION (object));

      if (g_strcmp0 (object_name, name) == 0)
        return object;
    }

  return NULL;
}

static gpointer
must_find (GPtrArray  *array,
           const char *name)
{
  gpointer object = find_named (array, name);

  if (object == NULL)
    g_error ("%s not found", name);
  return object;
}

static SwColumn *
column (SwTable    *table,
        const char *name)
{
  SwColumn *col = sw_table_find_column (table, name);

  if (col == NULL)
    g_error ("column %s not in %s", name, sw_table_get_qualified_name (table));
  return col;
}

static char *
join_strv (const char * const *strv)
{
  return strv ? g_strjoinv (",", (char **)strv) : g_strdup ("");
}

#define assert_strv(strv, expected) \
  G_STMT_START { \
    g_autofree char *_joined = join_strv ((const char * const *)(strv)); \
    g_assert_cmpstr (_joined, ==, (expected)); \
  } G_STMT_END

static int
free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int port;

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  port = ntohs (addr.sin_port);
  close (fd);

  return port;
}

static char *
read_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("SW_SAMPLES_DIR");
  g_autofree char *path = NULL;
  char *contents = NULL;

  path = g_build_filename (dir ? dir : SW_SOURCE_SAMPLES_DIR, name, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Samples: what each file in data/samples must give */

typedef struct
{
  const char *file;
  const char *tables;       /* qualified, sorted, comma-separated */
  const char *foreign_keys; /* "table:name>ref_table(ref_columns)" */
  const char *constraints;  /* "table:name:kind" */
  const char *triggers;     /* "table:name" */
  const char *indexes;      /* "table:name:method" */
} SampleExpectation;

static const SampleExpectation samples[] = {
  {
    "account_history.sql",
    "ledger.account,ledger.account_hist",
    "",
    "ledger.account:account_pkey:primary_key,"
    "ledger.account_hist:account_hist_pkey:primary_key",
    "ledger.account:trg_account_hist",
    "",
  },
  {
    "ads.sql",
    "public.ads,public.campaigns,public.clicks,public.companies,public.geo_ips,public.impressions",
    "public.ads:ads_company_id_campaign_id_fkey>public.campaigns(company_id;id),"
    "public.campaigns:campaigns_company_id_fkey>public.companies(id),"
    "public.clicks:clicks_company_id_ad_id_fkey>public.ads(company_id;id),"
    "public.impressions:impressions_company_id_ad_id_fkey>public.ads(company_id;id)",
    "public.ads:ads_pkey:primary_key,"
    "public.campaigns:campaigns_pkey:primary_key,"
    "public.clicks:clicks_pkey:primary_key,"
    "public.companies:companies_pkey:primary_key,"
    "public.geo_ips:geo_ips_latlon_check:check,"
    "public.geo_ips:geo_ips_pkey:primary_key,"
    "public.impressions:impressions_pkey:primary_key",
    "",
    "public.geo_ips:geo_ips_addrs_idx:gist",
  },
  {
    "github_events.sql",
    "public.github_events,public.github_users",
    "",
    "public.github_users:github_users_pkey:primary_key",
    "",
    "public.github_events:event_type_index:btree,"
    "public.github_events:payload_index:gin",
  },
  {
    "library.sql",
    "public.book,public.booksample,public.lend,public.student",
    "public.booksample:booksample_book_id_fkey>public.book(id),"
    "public.lend:lend_booksample_id_fkey>public.booksample(id),"
    "public.lend:lend_student_id_fkey>public.student(id)",
    "public.book:book_pkey:primary_key,"
    "public.booksample:booksample_location_check:check,"
    "public.booksample:booksample_pkey:primary_key,"
    "public.student:student_pkey:primary_key",
    "",
    "",
  },
  {
    "woodgrove.sql",
    "public.event_types,public.payment_events,public.payment_merchants,public.payment_users",
    "public.payment_events:payment_events_event_type_id_fkey>public.event_types(event_type_id),"
    "public.payment_events:payment_events_merchant_id_fkey>public.payment_merchants(merchant_id)",
    "public.event_types:event_types_pkey:primary_key,"
    "public.payment_events:payment_events_pkey:primary_key,"
    "public.payment_merchants:payment_merchants_pkey:primary_key,"
    "public.payment_users:payment_users_pkey:primary_key",
    "",
    "public.payment_events:payment_events_created_at_idx:btree",
  },
};

static void
describe_schema (SwSchema  *schema,
                 GString   *tables,
                 GString   *fks,
                 GString   *constraints,
                 GString   *triggers,
                 GString   *indexes)
{
  GListModel *list = sw_schema_list_tables (schema);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (list, i);
      const char *qname = sw_table_get_qualified_name (table);
      GPtrArray *array;

      g_string_append_printf (tables, "%s%s", tables->len ? "," : "", qname);

      array = sw_table_get_foreign_keys (table);
      for (guint j = 0; j < array->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (array, j);
          g_autofree char *ref_columns =
            g_strjoinv (";", (char **)sw_foreign_key_get_ref_columns (fk));

          g_string_append_printf (fks, "%s%s:%s>%s(%s)", fks->len ? "," : "", qname,
                                  sw_foreign_key_get_name (fk),
                                  sw_foreign_key_get_ref_table (fk), ref_columns);
        }

      array = sw_table_get_constraints (table);
      for (guint j = 0; j < array->len; j++)
        {
          SwConstraint *c = g_ptr_array_index (array, j);

          g_string_append_printf (constraints, "%s%s:%s:%s", constraints->len ? "," : "", qname,
                                  sw_constraint_get_name (c),
                                  sw_constraint_kind_to_string (sw_constraint_get_kind (c)));
        }

      array = sw_table_get_triggers (table);
      for (guint j = 0; j < array->len; j++)
        g_string_append_printf (triggers, "%s%s:%s", triggers->len ? "," : "", qname,
                                sw_trigger_get_name (g_ptr_array_index (array, j)));

      array = sw_table_get_indexes (table);
      for (guint j = 0; j < array->len; j++)
        {
          SwIndex *index = g_ptr_array_index (array, j);

          g_string_append_printf (indexes, "%s%s:%s:%s", indexes->len ? "," : "", qname,
                                  sw_index_get_name (index), sw_index_get_access_method (index));
        }
    }
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const SampleExpectation *expect = &samples[i];
      g_autofree char *sql = read_sample (expect->file);
      g_autofree char *dbname = g_strdup_printf ("sample_%u", i);
      g_autofree char *conninfo = create_database (dbname, sql);
      g_autoptr(SwSchema) schema = sw_test_read_live (conninfo, NULL);
      g_autoptr(GString) tables = g_string_new (NULL);
      g_autoptr(GString) fks = g_string_new (NULL);
      g_autoptr(GString) constraints = g_string_new (NULL);
      g_autoptr(GString) triggers = g_string_new (NULL);
      g_autoptr(GString) indexes = g_string_new (NULL);

      g_test_message ("sample %s", expect->file);
      describe_schema (schema, tables, fks, constraints, triggers, indexes);
      g_assert_cmpstr (tables->str, ==, expect->tables);
      g_assert_cmpstr (fks->str, ==, expect->foreign_keys);
      g_assert_cmpstr (constraints->str, ==, expect->constraints);
      g_assert_cmpstr (triggers->str, ==, expect->triggers);
      g_assert_cmpstr (indexes->str, ==, expect->indexes);

      g_assert_true (sw_schema_is_live (schema));
      g_assert_cmpint (sw_schema_get_server_version_num (schema), >=, 150000);
      g_assert_cmpstr (sw_schema_get_database_name (schema), ==, dbname);
      g_assert_null (sw_schema_get_citus_version (schema));
    }
}

/* The details of two samples, field by field. */
static void
test_sample_details (void)
{
  g_autofree char *ads = read_sample ("ads.sql");
  g_autofree char *ledger = read_sample ("account_history.sql");
  g_autofree char *ads_conninfo = create_database ("details_ads", ads);
  g_autofree char *ledger_conninfo = create_database ("details_ledger", ledger);
  g_autoptr(SwSchema) schema = sw_test_read_live (ads_conninfo, NULL);
  g_autoptr(SwSchema) ledger_schema = NULL;
  SwTable *table;
  SwColumn *col;
  SwConstraint *constraint;
  SwForeignKey *fk;
  SwSequence *sequence;
  SwTrigger *trigger;
  SwFunction *function;
  SwIndex *index;

  assert_strv (sw_schema_get_namespaces (schema), "public");

  table = sw_test_find_table (schema, "public.clicks");
  g_assert_cmpint (sw_table_get_oid (table), >, 0);
  g_assert_cmpint (sw_table_get_rel_kind (table), ==, SW_REL_KIND_TABLE);
  g_assert_null (sw_table_get_access_method (table));
  g_assert_cmpint (sw_table_get_estimated_rows (table), ==, -1);
  g_assert_cmpint (sw_table_get_total_bytes (table), >, 0);
  g_assert_cmpuint (sw_table_get_columns (table)->len, ==, 8);

  col = column (table, "id");
  g_assert_cmpint (sw_column_get_attnum (col), ==, 1);
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "bigint");
  g_assert_cmpstr (sw_column_get_type_schema (col), ==, "pg_catalog");
  g_assert_cmpstr (sw_column_get_type_internal (col), ==, "int8");
  g_assert_true (sw_column_get_not_null (col));
  g_assert_cmpstr (sw_column_get_default_expr (col), ==, "nextval('public.clicks_id_seq'::regclass)");
  g_assert_false (sw_column_has_stats (col));

  col = column (table, "cost_per_click_usd");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "numeric(20,10)");
  g_assert_cmpint (sw_column_get_typmod (col), ==, ((20 << 16) | 10) + 4);
  g_assert_false (sw_column_get_not_null (col));
  g_assert_null (sw_column_get_collation (col));

  constraint = sw_table_get_primary_key (table);
  g_assert_nonnull (constraint);
  assert_strv (sw_constraint_get_columns (constraint), "company_id,id");
  /* connoinherit is set for every index-backed constraint; NO INHERIT is CHECK's. */
  g_assert_false (sw_constraint_get_no_inherit (constraint));

  fk = must_find (sw_table_get_foreign_keys (table), "clicks_company_id_ad_id_fkey");
  g_assert_cmpstr (sw_foreign_key_get_table (fk), ==, "public.clicks");
  assert_strv (sw_foreign_key_get_columns (fk), "company_id,ad_id");
  g_assert_cmpint (sw_foreign_key_get_on_delete (fk), ==, SW_FK_ACTION_NO_ACTION);
  g_assert_cmpint (sw_foreign_key_get_match (fk), ==, SW_FK_MATCH_SIMPLE);
  g_assert_false (sw_foreign_key_get_not_valid (fk));

  table = sw_test_find_table (schema, "public.campaigns");
  col = column (table, "blacklisted_site_urls");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "text[]");
  g_assert_cmpstr (sw_column_get_type_internal (col), ==, "_text");
  g_assert_cmpint (sw_column_get_type_kind (col), ==, SW_TYPE_KIND_ARRAY);

  table = sw_test_find_table (schema, "public.geo_ips");
  constraint = must_find (sw_table_get_constraints (table), "geo_ips_latlon_check");
  assert_strv (sw_constraint_get_columns (constraint), "latlon");
  g_assert_nonnull (strstr (sw_constraint_get_expression (constraint), "latlon[0]"));
  index = must_find (sw_table_get_indexes (table), "geo_ips_addrs_idx");
  assert_strv (sw_index_get_keys (index), "addrs");
  g_assert_false (sw_index_get_unique (index));

  /* Serial sequences are owned by their column. */
  sequence = must_find (sw_schema_get_sequences (schema), "public.companies_id_seq");
  g_assert_cmpstr (sw_sequence_get_data_type (sequence), ==, "bigint");
  g_assert_cmpstr (sw_sequence_get_owned_by_table (sequence), ==, "public.companies");
  g_assert_cmpstr (sw_sequence_get_owned_by_column (sequence), ==, "id");
  g_assert_false (sw_sequence_get_identity (sequence));
  g_assert_cmpuint (sw_schema_get_sequences (schema)->len, ==, 5);

  /* Foreign keys make internal triggers: none of them is a user trigger. */
  g_assert_cmpuint (sw_table_get_triggers (sw_test_find_table (schema, "public.ads"))->len, ==, 0);

  ledger_schema = sw_test_read_live (ledger_conninfo, NULL);
  assert_strv (sw_schema_get_namespaces (ledger_schema), "ledger");
  table = sw_test_find_table (ledger_schema, "ledger.account");
  col = column (table, "entered_by");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "character varying(100)");
  g_assert_cmpint (sw_column_get_typmod (col), ==, 104);
  g_assert_cmpstr (sw_column_get_default_expr (col), ==, "CURRENT_USER");
  trigger = must_find (sw_table_get_triggers (table), "trg_account_hist");
  g_assert_cmpint (sw_trigger_get_timing (trigger), ==, SW_TRIGGER_AFTER);
  g_assert_cmpuint (sw_trigger_get_events (trigger), ==,
                    SW_TRIGGER_EVENT_INSERT | SW_TRIGGER_EVENT_UPDATE | SW_TRIGGER_EVENT_DELETE);
  g_assert_true (sw_trigger_get_for_each_row (trigger));
  g_assert_cmpstr (sw_trigger_get_function (trigger), ==, "ledger.tfn_account_hist");
  g_assert_null (sw_trigger_get_arguments (trigger));
  g_assert_null (sw_trigger_get_when_expr (trigger));
  g_assert_true (sw_trigger_get_enabled (trigger));
  g_assert_false (sw_trigger_get_is_constraint (trigger));

  g_assert_cmpuint (sw_schema_get_functions (ledger_schema)->len, ==, 1);
  function = must_find (sw_schema_get_functions (ledger_schema), "ledger.tfn_account_hist");
  g_assert_cmpstr (sw_function_get_returns (function), ==, "trigger");
  g_assert_cmpstr (sw_function_get_language (function), ==, "plpgsql");
  g_assert_cmpstr (sw_function_get_arguments (function), ==, "");
  g_assert_true (g_str_has_prefix (sw_function_get_definition (function),
                                   "CREATE OR REPLACE FUNCTION ledger.tfn_account_hist()"));

  /* Plain sequences, owned by nobody. */
  sequence = must_find (sw_schema_get_sequences (ledger_schema), "ledger.account_account_id_seq");
  g_assert_null (sw_sequence_get_owned_by_table (sequence));
}

/* pg_dump's promise: as many queries for 500 tables as for 2. */
static char *
generate_tables (guint n_tables)
{
  GString *sql = g_string_new ("CREATE TYPE status AS ENUM ('new', 'done');\n"
                               "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                               "$$ BEGIN RETURN NEW; END $$;\n");

  for (guint i = 0; i < n_tables; i++)
    {
      g_autofree char *fk = i > 0 ? g_strdup_printf (", parent_id bigint REFERENCES t%u", i - 1) : g_strdup ("");

      g_string_append_printf (sql,
                              "CREATE TABLE t%u (id bigserial PRIMARY KEY, tenant_id int NOT NULL,"
                              " state status, note text CHECK (note <> ''), UNIQUE (tenant_id, id)%s);\n"
                              "CREATE INDEX ON t%u (note);\n"
                              "CREATE TRIGGER t%u_touch BEFORE UPDATE ON t%u"
                              " FOR EACH ROW EXECUTE FUNCTION touch();\n"
                              "ALTER TABLE t%u ENABLE ROW LEVEL SECURITY;\n"
                              "CREATE POLICY p ON t%u USING (tenant_id > 0);\n",
                              i, fk,
                              i, i, i, i, i);
      if (i % 50 == 0)
        g_string_append_printf (sql, "CREATE VIEW v%u AS SELECT * FROM t%u;\n", i, i);
    }
  g_string_append (sql, "INSERT INTO t0 (tenant_id, state) SELECT g % 7, 'new' FROM generate_series(1, 1000) g;\n"
                        "ANALYZE;\n");

  return g_string_free (sql, FALSE);
}

static void
test_query_count (void)
{
  g_autofree char *small_sql = generate_tables (2);
  g_autofree char *large_sql = generate_tables (500);
  g_autofree char *small = create_database ("count_small", small_sql);
  g_autofree char *large = create_database ("count_large", large_sql);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) small_schema = NULL;
  g_autoptr(SwSchema) large_schema = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint small_count = 0;
  guint large_count = 0;
  SwTable *table;

  small_schema = load (small, &small_count, &error);
  g_assert_no_error (error);
  g_timer_start (timer);
  large_schema = load (large, &large_count, &error);
  g_assert_no_error (error);
  g_test_message ("500 tables read in %.3f s with %u queries", g_timer_elapsed (timer, NULL), large_count);

  g_assert_cmpuint (sw_schema_get_n_tables (small_schema), ==, 2);
  g_assert_cmpuint (sw_schema_get_n_tables (large_schema), ==, 500);
  g_assert_cmpuint (small_count, >, 0);
  g_assert_cmpuint (small_count, ==, large_count);
  /* set_config, BEGIN, info, 11 catalog kinds, COMMIT: no Citus here (the
   * sizes come with the tables). */
  g_assert_cmpuint (large_count, ==, 19);

  /* Everything got attached to the right table. */
  table = sw_test_find_table (large_schema, "public.t499");
  g_assert_cmpuint (sw_table_get_columns (table)->len, ==, 5);
  g_assert_cmpuint (sw_table_get_constraints (table)->len, ==, 3);
  g_assert_cmpuint (sw_table_get_foreign_keys (table)->len, ==, 1);
  g_assert_cmpstr (sw_foreign_key_get_ref_table (g_ptr_array_index (sw_table_get_foreign_keys (table), 0)),
                   ==, "public.t498");
  g_assert_cmpuint (sw_table_get_indexes (table)->len, ==, 1);
  g_assert_cmpuint (sw_table_get_triggers (table)->len, ==, 1);
  g_assert_cmpuint (sw_table_get_policies (table)->len, ==, 1);
  g_assert_true (sw_table_get_rls_enabled (table));
  g_assert_cmpuint (sw_schema_get_views (large_schema)->len, ==, 10);
  g_assert_cmpuint (sw_schema_get_sequences (large_schema)->len, ==, 500);
  g_assert_cmpuint (sw_schema_get_functions (large_schema)->len, ==, 1);
  g_assert_cmpuint (sw_schema_get_user_types (large_schema)->len, ==, 1);

  /* Statistics of the analyzed table. */
  table = sw_test_find_table (large_schema, "public.t0");
  g_assert_cmpint (sw_table_get_estimated_rows (table), ==, 1000);
  {
    SwColumn *tenant = column (table, "tenant_id");
    const char * const *values = sw_column_get_most_common_values (tenant);
    const double *freqs;
    guint n_freqs = 0;

    g_assert_true (sw_column_has_stats (tenant));
    g_assert_cmpfloat (sw_column_get_null_frac (tenant), ==, 0.0);
    g_assert_cmpfloat (sw_column_get_n_distinct (tenant), ==, 7.0);
    g_assert_cmpint (sw_column_get_avg_width (tenant), ==, 4);
    g_assert_nonnull (values);
    g_assert_cmpuint (g_strv_length ((char **)values), ==, 7);
    freqs = sw_column_get_most_common_freqs (tenant, &n_freqs);
    g_assert_cmpuint (n_freqs, ==, 7);
    g_assert_cmpfloat (freqs[0], >, 0.14);
    g_assert_true (sw_column_has_stats (column (table, "note")));
    g_assert_cmpfloat (sw_column_get_null_frac (column (table, "note")), ==, 1.0);
  }
}

/* Errors */

static void
test_error_wrong_password (void)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s password=not-it",
                                               sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);
  g_autofree char *bare = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s",
                                           sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);
  g_autoptr(SwCatalogReader) reader = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_source = NULL;

  schema = load (conninfo, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_AUTH);
  g_assert_null (schema);
  g_assert_nonnull (strstr (error->message, "password authentication failed"));
  g_assert_null (strstr (error->message, "not-it"));
  g_clear_error (&error);

  /* No such role: AUTH too. */
  {
    g_autofree char *nobody = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=no_such_role",
                                               sw_test_pg_get_port (pg));

    schema = load (nobody, NULL, &error);
    g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_AUTH);
    g_clear_error (&error);
  }

  /* The keyring's password wins over the conninfo's, and never reaches the schema. */
  reader = sw_catalog_reader_new (conninfo);
  sw_catalog_reader_set_password (reader, SW_TEST_PG_PASSWORD);
  schema = sw_catalog_reader_load_sync (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (schema);
  g_clear_object (&reader);

  reader = sw_catalog_reader_new (bare);
  sw_catalog_reader_set_password (reader, SW_TEST_PG_PASSWORD);
  g_clear_object (&schema);
  schema = sw_catalog_reader_load_sync (reader, NULL, &error);
  g_assert_no_error (error);
  expected_source = g_strdup_printf ("%s@127.0.0.1:%d/postgres", SW_TEST_PG_PASSWORD_USER,
                                     sw_test_pg_get_port (pg));
  g_assert_cmpstr (sw_schema_get_source (schema), ==, expected_source);
  g_assert_null (strstr (sw_schema_get_source (schema), SW_TEST_PG_PASSWORD));
  g_clear_object (&reader);

  /* Without any password, libpq cannot answer the scram challenge. */
  g_clear_object (&schema);
  schema = load (bare, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_AUTH);
}

static void
test_error_unreachable (void)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=x",
                                               free_port ());
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = load (conninfo, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Connection refused"));
  g_clear_error (&error);

  schema = load ("host=no-such-host.invalid dbname=postgres", NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_UNREACHABLE);
}

static void
test_error_no_database (void)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d user=%s dbname=no_such_db",
                                               sw_test_pg_get_port (pg), SW_TEST_PG_SUPERUSER);
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = load (conninfo, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_NO_DATABASE);
  g_assert_nonnull (strstr (error->message, "no_such_db"));
}

static void
test_error_tls (void)
{
  /* The fixture's server has no TLS: requiring it must fail as TLS. */
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=require",
                                               sw_test_pg_get_port (pg), SW_TEST_PG_SUPERUSER);
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = load (conninfo, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "SSL"));
}

static void
test_error_invalid_conninfo (void)
{
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = load ("host=127.0.0.1 nonsense", NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_INVALID_CONNINFO);
  g_clear_error (&error);

  schema = load ("postgresql://user:hunter2@host:notaport/db?bogus_option=1", NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_INVALID_CONNINFO);
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  /* A malformed string with a password in it: libpq would quote the piece. */
  schema = load ("password=hunter2 host", NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_INVALID_CONNINFO);
  g_assert_null (strstr (error->message, "hunter2"));
}

static void
test_error_query (void)
{
  /* Another session holds a table's lock; with lock_timeout set through the
   * conninfo, the catalog query that needs the table fails, and the error
   * carries the SQLSTATE and the server's message.
   */
  g_autofree char *conninfo = create_database ("locked_db", "CREATE TABLE t (id int);");
  g_autofree char *impatient = g_strdup_printf ("%s options='-c lock_timeout=200'", conninfo);
  g_autoptr(PGconn) holder = PQconnectdb (conninfo);
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  res = PQexec (holder, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);

  schema = load (impatient, NULL, &error);
  g_assert_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY);
  g_assert_null (schema);
  g_assert_nonnull (strstr (error->message, "55P03"));
  g_assert_nonnull (strstr (error->message, "lock timeout"));
}

static void
test_conninfo_describe (void)
{
  struct {
    const char *conninfo;
    const char *expected;
  } cases[] = {
    { "host=127.0.0.1 port=5433 user=postgres dbname=mydb password=secret", "postgres@127.0.0.1:5433/mydb" },
    { "postgresql://alice:secret@db.example.com:6432/shop?sslmode=require", "alice@db.example.com:6432/shop" },
    { "postgresql://bob@[::1]/x", "bob@[::1]:5432/x" },
    { "host=h user=u", "u@h:6000/u" },
  };
  g_autofree char *saved_port = g_strdup (g_getenv ("PGPORT"));
  g_autofree char *saved_db = g_strdup (g_getenv ("PGDATABASE"));

  /* Parts left out come from the environment, as in psql. */
  g_setenv ("PGPORT", "6000", TRUE);
  g_unsetenv ("PGDATABASE");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *described = NULL;

      if (i < 3)
        g_unsetenv ("PGPORT");
      else
        g_setenv ("PGPORT", "6000", TRUE);
      described = sw_conninfo_describe (cases[i].conninfo);
      g_assert_cmpstr (described, ==, cases[i].expected);
      g_assert_null (strstr (described, "secret"));
    }

  if (saved_port)
    g_setenv ("PGPORT", saved_port, TRUE);
  else
    g_unsetenv ("PGPORT");
  if (saved_db)
    g_setenv ("PGDATABASE", saved_db, TRUE);
}

/* Cancellation */

static void
test_cancel_before_start (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (sw_test_pg_get_conninfo (pg));
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  schema = sw_catalog_reader_load_sync (reader, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (schema);
  g_assert_cmpuint (sw_catalog_reader_get_query_count (reader), ==, 0);
}

typedef struct
{
  GMainLoop *loop;
  SwSchema *schema;
  GError *error;
} AsyncResult;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncResult *data = user_data;

  data->schema = sw_catalog_reader_load_finish (SW_CATALOG_READER (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *sql = read_sample ("woodgrove.sql");
  g_autofree char *conninfo = create_database ("async_load", sql);
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (conninfo);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult data = { loop, NULL, NULL };

  sw_catalog_reader_load_async (reader, NULL, load_cb, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (sw_schema_get_n_tables (data.schema), ==, 4);
  g_assert_cmpuint (sw_catalog_reader_get_query_count (reader), ==, 19);
  g_clear_object (&data.schema);

  /* Cancelled before it starts: the callback still runs, with CANCELLED. */
  g_cancellable_cancel (cancellable);
  sw_catalog_reader_load_async (reader, cancellable, load_cb, &data);
  g_main_loop_run (loop);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.schema);
  g_clear_error (&data.error);
}

static gboolean
cancel_soon_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_mid_query (void)
{
  g_autofree char *conninfo = create_database ("cancel_mid", "CREATE TABLE t (id int);");
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (conninfo);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PGconn) holder = PQconnectdb (conninfo);
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GTimer) timer = NULL;
  AsyncResult data = { loop, NULL, NULL };

  /* Another session holds the table's lock, so the load waits inside a
   * catalog query until the cancel reaches the server (PQcancel).
   */
  g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
  res = PQexec (holder, "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);

  sw_catalog_reader_load_async (reader, cancellable, load_cb, &data);
  g_timeout_add (300, cancel_soon_cb, cancellable);
  timer = g_timer_new ();
  g_main_loop_run (loop);

  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.schema);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  /* It got past the first queries before it was stopped. */
  g_assert_cmpuint (sw_catalog_reader_get_query_count (reader), >, 3);
  g_clear_error (&data.error);
}

/* Model contents */

#define NAME_63 "abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh"

static void
test_odd_identifiers (void)
{
  const char *sql =
    "CREATE SCHEMA \"My Schema\";\n"
    "CREATE TABLE \"My Schema\".\"Weird \"\"Quote\"\" Table\" (\n"
    "  \"select\" int PRIMARY KEY,\n"
    "  \"col with space\" text,\n"
    "  \"café_ñ\" text,\n"
    "  \"CamelCase\" int UNIQUE\n"
    ");\n"
    "CREATE TABLE \"Über\" (id int PRIMARY KEY,"
    "  ref int REFERENCES \"My Schema\".\"Weird \"\"Quote\"\" Table\" (\"select\"));\n"
    "CREATE TABLE \"order\" (\"user\" int);\n"
    /* 70 bytes: the server keeps the first 63. */
    "CREATE TABLE " NAME_63 "_extra (" NAME_63 "_x int);\n";
  g_autofree char *conninfo = create_database ("odd \"names\" é", sql);
  g_autoptr(SwSchema) schema = sw_test_read_live (conninfo, NULL);
  SwTable *table;
  SwTable *target;
  SwForeignKey *fk;

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 4);
  assert_strv (sw_schema_get_namespaces (schema), "My Schema,public");
  g_assert_cmpstr (sw_schema_get_database_name (schema), ==, "odd \"names\" é");

  table = sw_schema_lookup_table (schema, "My Schema", "Weird \"Quote\" Table");
  g_assert_nonnull (table);
  g_assert_cmpstr (sw_table_get_qualified_name (table), ==, "\"My Schema\".\"Weird \"\"Quote\"\" Table\"");
  g_assert_nonnull (sw_table_find_column (table, "select"));
  g_assert_nonnull (sw_table_find_column (table, "col with space"));
  g_assert_nonnull (sw_table_find_column (table, "café_ñ"));
  g_assert_nonnull (sw_table_find_column (table, "CamelCase"));
  g_assert_nonnull (find_named (sw_table_get_constraints (table), "Weird \"Quote\" Table_pkey"));
  g_assert_nonnull (find_named (sw_table_get_constraints (table), "Weird \"Quote\" Table_CamelCase_key"));

  target = table;
  table = sw_test_find_table (schema, "public.\"Über\"");
  fk = g_ptr_array_index (sw_table_get_foreign_keys (table), 0);
  g_assert_cmpstr (sw_foreign_key_get_ref_table (fk), ==, sw_table_get_qualified_name (target));
  assert_strv (sw_foreign_key_get_ref_columns (fk), "select");
  g_assert_true (sw_schema_find_table (schema, sw_foreign_key_get_ref_table (fk)) == target);

  table = sw_test_find_table (schema, "public.\"order\"");
  g_assert_nonnull (sw_table_find_column (table, "user"));

  table = sw_schema_lookup_table (schema, "public", NAME_63);
  g_assert_nonnull (table);
  g_assert_cmpuint (strlen (sw_table_get_name (table)), ==, 63);
  g_assert_nonnull (sw_table_find_column (table, NAME_63));
}

static void
test_empty_database (void)
{
  g_autofree char *conninfo = create_database ("empty_db", NULL);
  g_autoptr(SwSchema) schema = NULL;
  guint n_queries = 0;
  g_autoptr(GError) error = NULL;
  const char * const *namespaces;

  schema = load (conninfo, &n_queries, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 0);
  namespaces = sw_schema_get_namespaces (schema);
  g_assert_true (namespaces == NULL || namespaces[0] == NULL);
  g_assert_cmpuint (sw_schema_get_sequences (schema)->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_views (schema)->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_user_types (schema)->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_functions (schema)->len, ==, 0);
  g_assert_cmpuint (n_queries, ==, 19);
}

static void
test_partitions_and_inheritance (void)
{
  const char *sql =
    "CREATE TABLE measurement (city_id int NOT NULL, logdate date NOT NULL, peak int,"
    "  PRIMARY KEY (city_id, logdate)) PARTITION BY RANGE (logdate);\n"
    "CREATE TABLE measurement_y2024 PARTITION OF measurement"
    "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
    "CREATE TABLE measurement_y2025 PARTITION OF measurement"
    "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
    "CREATE TABLE cities (id int PRIMARY KEY, name text);\n"
    "ALTER TABLE measurement ADD FOREIGN KEY (city_id) REFERENCES cities (id);\n"
    "CREATE TABLE by_name (name text, n int) PARTITION BY LIST (lower(name));\n"
    "CREATE TABLE by_hash (id int, k int) PARTITION BY HASH (id, (k + 1));\n"
    "CREATE TABLE by_hash_0 PARTITION OF by_hash FOR VALUES WITH (MODULUS 2, REMAINDER 0);\n"
    "CREATE TABLE parent_a (a int);\n"
    "CREATE TABLE parent_b (b int);\n"
    "CREATE TABLE child (c int) INHERITS (parent_b, parent_a);\n";
  g_autofree char *conninfo = create_database ("partitions", sql);
  g_autoptr(SwSchema) schema = sw_test_read_live (conninfo, NULL);
  SwTable *table;

  table = sw_test_find_table (schema, "public.measurement");
  g_assert_cmpint (sw_table_get_rel_kind (table), ==, SW_REL_KIND_PARTITIONED_TABLE);
  g_assert_cmpint (sw_table_get_partition_strategy (table), ==, SW_PARTITION_RANGE);
  assert_strv (sw_table_get_partition_columns (table), "logdate");
  g_assert_cmpstr (sw_table_get_partition_key (table), ==, "RANGE (logdate)");
  g_assert_null (sw_table_get_partition_parent (table));
  g_assert_cmpuint (sw_table_get_foreign_keys (table)->len, ==, 1);

  table = sw_test_find_table (schema, "public.measurement_y2024");
  g_assert_cmpint (sw_table_get_rel_kind (table), ==, SW_REL_KIND_TABLE);
  g_assert_cmpstr (sw_table_get_partition_parent (table), ==, "public.measurement");
  g_assert_cmpstr (sw_table_get_partition_bound (table), ==,
                   "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  g_assert_null (sw_table_get_inherits (table));
  /* The cloned foreign key is the parent's; the partition's own key stays. */
  g_assert_cmpuint (sw_table_get_foreign_keys (table)->len, ==, 0);
  g_assert_nonnull (sw_table_get_primary_key (table));

  table = sw_test_find_table (schema, "public.by_name");
  g_assert_cmpint (sw_table_get_partition_strategy (table), ==, SW_PARTITION_LIST);
  assert_strv (sw_table_get_partition_columns (table), "lower(name)");

  table = sw_test_find_table (schema, "public.by_hash");
  g_assert_cmpint (sw_table_get_partition_strategy (table), ==, SW_PARTITION_HASH);
  assert_strv (sw_table_get_partition_columns (table), "id,(k + 1)");
  g_assert_cmpstr (sw_table_get_partition_bound (sw_test_find_table (schema, "public.by_hash_0")), ==,
                   "FOR VALUES WITH (modulus 2, remainder 0)");

  table = sw_test_find_table (schema, "public.child");
  assert_strv (sw_table_get_inherits (table), "public.parent_a,public.parent_b");
  g_assert_null (sw_table_get_partition_parent (table));
  g_assert_cmpuint (sw_table_get_columns (table)->len, ==, 3);
}

static void
test_views_policies_types (void)
{
  const char *sql =
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
    "CREATE DOMAIN positive_int AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000000);\n"
    "CREATE DOMAIN code AS text COLLATE \"C\";\n"
    "CREATE TYPE pair AS (a int, b text);\n"
    "CREATE TYPE floatrange AS RANGE (subtype = float8);\n"
    "CREATE EXTENSION hstore;\n"
    "CREATE TABLE person (\n"
    "  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "  seq int GENERATED BY DEFAULT AS IDENTITY,\n"
    "  name text COLLATE \"C\",\n"
    "  current_mood mood,\n"
    "  moods mood[],\n"
    "  age positive_int,\n"
    "  c code,\n"
    "  attrs hstore,\n"
    "  name_upper text GENERATED ALWAYS AS (upper(name)) STORED,\n"
    "  owner_name name\n"
    ");\n"
    "COMMENT ON TABLE person IS 'People';\n"
    "COMMENT ON COLUMN person.name IS 'Their name';\n"
    "ALTER TABLE person ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE person FORCE ROW LEVEL SECURITY;\n"
    "CREATE ROLE app_reader;\n"
    "CREATE ROLE app_writer;\n"
    "CREATE POLICY own_rows ON person FOR SELECT TO app_writer, app_reader USING (owner_name = current_user);\n"
    "CREATE POLICY insert_any ON person AS RESTRICTIVE FOR INSERT WITH CHECK (age > 17);\n"
    "CREATE POLICY everyone ON person USING (true);\n"
    "CREATE VIEW adults AS SELECT id, name FROM person WHERE age > 17;\n"
    "CREATE VIEW adult_names AS SELECT a.name, p.current_mood FROM adults a JOIN person p USING (id);\n"
    "CREATE MATERIALIZED VIEW mood_counts AS SELECT current_mood, count(*) FROM person GROUP BY 1;\n"
    "CREATE INDEX person_lower_name ON person (lower(name), id) INCLUDE (age) WHERE id > 10;\n"
    "CREATE UNIQUE INDEX person_c ON person (c) NULLS NOT DISTINCT;\n"
    "CREATE TABLE booking (room int, during tsrange,\n"
    "  EXCLUDE USING gist (during WITH &&) WHERE (room IS NOT NULL));\n"
    "CREATE TABLE ext_member (id int);\n"
    "ALTER EXTENSION plpgsql ADD TABLE ext_member;\n"
    "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
    "CREATE TRIGGER person_audit BEFORE UPDATE OF name, age ON person FOR EACH ROW\n"
    "  WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION audit('a b', 'it''s');\n"
    "CREATE TRIGGER person_truncate AFTER TRUNCATE ON person FOR EACH STATEMENT EXECUTE FUNCTION audit();\n"
    "ALTER TABLE person DISABLE TRIGGER person_truncate;\n"
    "CREATE CONSTRAINT TRIGGER person_check AFTER INSERT ON person DEFERRABLE INITIALLY DEFERRED\n"
    "  FOR EACH ROW EXECUTE FUNCTION audit();\n"
    "ALTER TABLE person ADD CONSTRAINT name_not_empty CHECK (name <> '') NOT VALID;\n"
    "ALTER TABLE person ADD CONSTRAINT age_range CHECK (age < 200 AND id > 0) NO INHERIT;\n"
    "ALTER TABLE person REPLICA IDENTITY FULL;\n"
    "CREATE UNLOGGED TABLE scratch (x int);\n";
  g_autofree char *conninfo = create_database ("features", sql);
  g_autoptr(SwSchema) schema = sw_test_read_live (conninfo, NULL);
  SwTable *table;
  SwColumn *col;
  SwPolicy *policy;
  SwView *view;
  SwUserType *type;
  SwIndex *index;
  SwConstraint *constraint;
  SwTrigger *trigger;
  SwSequence *sequence;
  const gboolean *is_expression;
  guint n = 0;

  /* The extension's types and the table made its member are left out. */
  g_assert_null (sw_schema_find_table (schema, "public.ext_member"));
  g_assert_null (find_named (sw_schema_get_user_types (schema), "public.hstore"));
  g_assert_cmpuint (sw_schema_get_user_types (schema)->len, ==, 5);

  table = sw_test_find_table (schema, "public.person");
  g_assert_cmpstr (sw_table_get_comment (table), ==, "People");
  g_assert_true (sw_table_get_rls_enabled (table));
  g_assert_true (sw_table_get_rls_forced (table));
  g_assert_cmpint (sw_table_get_replica_identity (table), ==, SW_REPLICA_IDENTITY_FULL);

  col = column (table, "id");
  g_assert_cmpint (sw_column_get_identity (col), ==, SW_IDENTITY_ALWAYS);
  g_assert_true (sw_column_get_not_null (col));
  g_assert_null (sw_column_get_default_expr (col));
  g_assert_cmpint (sw_column_get_identity (column (table, "seq")), ==, SW_IDENTITY_BY_DEFAULT);
  sequence = must_find (sw_schema_get_sequences (schema), "public.person_id_seq");
  g_assert_true (sw_sequence_get_identity (sequence));
  g_assert_cmpstr (sw_sequence_get_owned_by_table (sequence), ==, "public.person");
  g_assert_cmpstr (sw_sequence_get_owned_by_column (sequence), ==, "id");
  g_assert_cmpstr (sw_sequence_get_data_type (sequence), ==, "integer");
  g_assert_cmpint (sw_sequence_get_max_value (sequence), ==, G_MAXINT32);

  col = column (table, "name");
  g_assert_cmpstr (sw_column_get_collation (col), ==, "\"C\"");
  g_assert_cmpstr (sw_column_get_comment (col), ==, "Their name");
  col = column (table, "current_mood");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "public.mood");
  g_assert_cmpstr (sw_column_get_type_schema (col), ==, "public");
  g_assert_cmpstr (sw_column_get_type_internal (col), ==, "mood");
  g_assert_cmpint (sw_column_get_type_kind (col), ==, SW_TYPE_KIND_ENUM);
  col = column (table, "moods");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "public.mood[]");
  g_assert_cmpint (sw_column_get_type_kind (col), ==, SW_TYPE_KIND_ARRAY);
  col = column (table, "age");
  g_assert_cmpstr (sw_column_get_type_name (col), ==, "public.positive_int");
  g_assert_cmpint (sw_column_get_type_kind (col), ==, SW_TYPE_KIND_DOMAIN);
  /* The domain's collation is the column's default: nothing to record. */
  g_assert_null (sw_column_get_collation (column (table, "c")));
  col = column (table, "name_upper");
  g_assert_cmpstr (sw_column_get_generated_expr (col), ==, "upper(name)");
  g_assert_null (sw_column_get_default_expr (col));
  g_assert_cmpstr (sw_column_get_type_name (column (table, "attrs")), ==, "public.hstore");

  type = must_find (sw_schema_get_user_types (schema), "public.mood");
  g_assert_cmpint (sw_user_type_get_kind (type), ==, SW_USER_TYPE_ENUM);
  assert_strv (sw_user_type_get_labels (type), "sad,ok,happy");
  type = must_find (sw_schema_get_user_types (schema), "public.positive_int");
  g_assert_cmpint (sw_user_type_get_kind (type), ==, SW_USER_TYPE_DOMAIN);
  g_assert_cmpstr (sw_user_type_get_base_type (type), ==, "integer");
  g_assert_true (sw_user_type_get_not_null (type));
  g_assert_cmpstr (sw_user_type_get_default_expr (type), ==, "1");
  assert_strv (sw_user_type_get_checks (type), "(VALUE < 1000000),(VALUE > 0)");
  type = must_find (sw_schema_get_user_types (schema), "public.code");
  g_assert_cmpstr (sw_user_type_get_collation (type), ==, "\"C\"");
  type = must_find (sw_schema_get_user_types (schema), "public.floatrange");
  g_assert_cmpint (sw_user_type_get_kind (type), ==, SW_USER_TYPE_RANGE);
  g_assert_cmpstr (sw_user_type_get_base_type (type), ==, "double precision");
  type = must_find (sw_schema_get_user_types (schema), "public.pair");
  g_assert_cmpint (sw_user_type_get_kind (type), ==, SW_USER_TYPE_COMPOSITE);

  g_assert_cmpuint (sw_table_get_policies (table)->len, ==, 3);
  policy = must_find (sw_table_get_policies (table), "own_rows");
  g_assert_cmpint (sw_policy_get_command (policy), ==, SW_POLICY_SELECT);
  g_assert_true (sw_policy_get_permissive (policy));
  assert_strv (sw_policy_get_roles (policy), "app_reader,app_writer");
  g_assert_cmpstr (sw_policy_get_using_expr (policy), ==, "(owner_name = CURRENT_USER)");
  g_assert_null (sw_policy_get_check_expr (policy));
  policy = must_find (sw_table_get_policies (table), "insert_any");
  g_assert_cmpint (sw_policy_get_command (policy), ==, SW_POLICY_INSERT);
  g_assert_false (sw_policy_get_permissive (policy));
  assert_strv (sw_policy_get_roles (policy), "public");
  g_assert_cmpstr (sw_policy_get_check_expr (policy), ==, "((age)::integer > 17)");
  policy = must_find (sw_table_get_policies (table), "everyone");
  g_assert_cmpint (sw_policy_get_command (policy), ==, SW_POLICY_ALL);

  g_assert_cmpuint (sw_schema_get_views (schema)->len, ==, 3);
  view = must_find (sw_schema_get_views (schema), "public.adults");
  g_assert_false (sw_view_get_materialized (view));
  assert_strv (sw_view_get_depends_on (view), "public.person");
  g_assert_nonnull (strstr (sw_view_get_definition (view), "FROM public.person"));
  view = must_find (sw_schema_get_views (schema), "public.adult_names");
  assert_strv (sw_view_get_depends_on (view), "public.adults,public.person");
  view = must_find (sw_schema_get_views (schema), "public.mood_counts");
  g_assert_true (sw_view_get_materialized (view));
  assert_strv (sw_view_get_depends_on (view), "public.person");

  /* Only the indexes that back no constraint. */
  g_assert_cmpuint (sw_table_get_indexes (table)->len, ==, 2);
  index = must_find (sw_table_get_indexes (table), "person_lower_name");
  assert_strv (sw_index_get_keys (index), "lower(name),id");
  is_expression = sw_index_get_key_is_expression (index, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (is_expression[0]);
  g_assert_false (is_expression[1]);
  assert_strv (sw_index_get_include_columns (index), "age");
  g_assert_cmpstr (sw_index_get_predicate (index), ==, "(id > 10)");
  g_assert_cmpstr (sw_index_get_access_method (index), ==, "btree");
  index = must_find (sw_table_get_indexes (table), "person_c");
  g_assert_true (sw_index_get_unique (index));
  g_assert_true (sw_index_get_nulls_not_distinct (index));

  constraint = must_find (sw_table_get_constraints (table), "name_not_empty");
  g_assert_cmpint (sw_constraint_get_kind (constraint), ==, SW_CONSTRAINT_CHECK);
  g_assert_true (sw_constraint_get_not_valid (constraint));
  assert_strv (sw_constraint_get_columns (constraint), "name");
  constraint = must_find (sw_table_get_constraints (table), "age_range");
  g_assert_true (sw_constraint_get_no_inherit (constraint));
  assert_strv (sw_constraint_get_columns (constraint), "id,age");

  g_assert_cmpuint (sw_table_get_triggers (table)->len, ==, 3);
  trigger = must_find (sw_table_get_triggers (table), "person_audit");
  g_assert_cmpint (sw_trigger_get_timing (trigger), ==, SW_TRIGGER_BEFORE);
  g_assert_cmpuint (sw_trigger_get_events (trigger), ==, SW_TRIGGER_EVENT_UPDATE);
  assert_strv (sw_trigger_get_update_columns (trigger), "name,age");
  assert_strv (sw_trigger_get_arguments (trigger), "a b,it's");
  g_assert_cmpstr (sw_trigger_get_when_expr (trigger), ==, "(old.name IS DISTINCT FROM new.name)");
  g_assert_cmpstr (sw_trigger_get_function (trigger), ==, "public.audit");
  trigger = must_find (sw_table_get_triggers (table), "person_truncate");
  g_assert_false (sw_trigger_get_enabled (trigger));
  g_assert_false (sw_trigger_get_for_each_row (trigger));
  g_assert_cmpuint (sw_trigger_get_events (trigger), ==, SW_TRIGGER_EVENT_TRUNCATE);
  trigger = must_find (sw_table_get_triggers (table), "person_check");
  g_assert_true (sw_trigger_get_is_constraint (trigger));
  g_assert_cmpuint (sw_schema_get_functions (schema)->len, ==, 1);

  table = sw_test_find_table (schema, "public.booking");
  constraint = must_find (sw_table_get_constraints (table), "booking_during_excl");
  g_assert_cmpint (sw_constraint_get_kind (constraint), ==, SW_CONSTRAINT_EXCLUDE);
  assert_strv (sw_constraint_get_columns (constraint), "during");
  assert_strv (sw_constraint_get_exclude_operators (constraint), "&&");
  g_assert_cmpstr (sw_constraint_get_access_method (constraint), ==, "gist");
  g_assert_cmpstr (sw_constraint_get_predicate (constraint), ==, "(room IS NOT NULL)");
  g_assert_cmpuint (sw_table_get_indexes (table)->len, ==, 0);

  table = sw_test_find_table (schema, "public.scratch");
  g_assert_cmpint (sw_table_get_persistence (table), ==, SW_PERSISTENCE_UNLOGGED);
}

/* Only the check's tree and the names of the columns it uses decide how its
 * expression prints, so the reader prints a tree once for all the tables that
 * share it: tables whose trees are the same but whose columns are named
 * otherwise (or ordered otherwise) must still get their own text.
 */
static void
test_shared_checks (void)
{
  const char *sql =
    "CREATE TABLE a1 (id int, status int CHECK (status > 0));\n"
    "CREATE TABLE a2 (id int, status int CHECK (status > 0));\n"
    "CREATE TABLE b1 (id int, stat_s int CHECK (stat_s > 0));\n"
    "CREATE TABLE d1 (gone int, id int, status int CHECK (status > 0));\n"
    "ALTER TABLE d1 DROP COLUMN gone;\n"
    "CREATE TABLE m1 (lo int, hi int, CHECK (lo < hi));\n"
    "CREATE TABLE m2 (hi int, lo int, CHECK (hi < lo));\n"
    "CREATE TABLE w1 (x int, CONSTRAINT w CHECK (num_nonnulls (w1.*) > 0));\n"
    "CREATE TABLE w2 (x int, CONSTRAINT w CHECK (num_nonnulls (w2.*) > 0));\n"
    "CREATE TABLE n1 (x int, CONSTRAINT f CHECK (false));\n"
    "CREATE TABLE n2 (x int, CONSTRAINT f CHECK (false));\n";
  static const struct { const char *table; const char *expression; } expected[] = {
    { "public.a1", "(status > 0)" },
    { "public.a2", "(status > 0)" },
    { "public.b1", "(stat_s > 0)" },
    { "public.d1", "(status > 0)" },
    { "public.m1", "(lo < hi)" },
    { "public.m2", "(hi < lo)" },
    { "public.w1", "(num_nonnulls(w1.*) > 0)" },
    { "public.w2", "(num_nonnulls(w2.*) > 0)" },
    { "public.n1", "false" },
    { "public.n2", "false" },
  };
  g_autofree char *conninfo = create_database ("shared_checks", sql);
  g_autoptr(SwSchema) schema = sw_test_read_live (conninfo, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GPtrArray *constraints = sw_table_get_constraints (sw_test_find_table (schema, expected[i].table));

      g_assert_cmpuint (constraints->len, ==, 1);
      g_assert_cmpstr (sw_constraint_get_expression (g_ptr_array_index (constraints, 0)), ==,
                       expected[i].expression);
    }
}

/* The reader gives the same model whatever plans the server picks for its
 * queries, even plans that return the columns in no useful order.
 */
static void
test_plan_independent (void)
{
  const char *sql =
    "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
    "CREATE TABLE t1 (gone int, id int PRIMARY KEY, name text COLLATE \"C\" DEFAULT 'x',\n"
    "  m mood, n numeric(10,2) CHECK (n > 0), g int GENERATED ALWAYS AS (id * 2) STORED);\n"
    "ALTER TABLE t1 DROP COLUMN gone;\n"
    "COMMENT ON COLUMN t1.name IS 'the name';\n"
    "CREATE TABLE t2 (a text, b int REFERENCES t1, c timestamptz, d int[], id bigserial PRIMARY KEY);\n"
    "CREATE INDEX ON t2 (c, a);\n"
    "CREATE TABLE t3 (z int, y int, x int, w int, v int, UNIQUE (y, z));\n"
    "COMMENT ON COLUMN t3.x IS 'x';\n";
  g_autofree char *conninfo = create_database ("plan_independent", sql);
  g_autoptr(SwSchema) usual = sw_test_read_live (conninfo, NULL);
  g_autoptr(SwSchema) odd = NULL;
  g_autofree char *usual_json = NULL;
  g_autofree char *odd_json = NULL;
  g_autofree char *old_options = g_strdup (g_getenv ("PGOPTIONS"));

  /* Without nested loops nor hash joins the server sorts for merge joins,
   * by type or collation rather than by table and attnum.
   */
  g_setenv ("PGOPTIONS", "-c enable_nestloop=off -c enable_hashjoin=off -c enable_memoize=off", TRUE);
  odd = sw_test_read_live (conninfo, NULL);
  g_setenv ("PGOPTIONS", old_options != NULL ? old_options : "", TRUE);

  usual_json = sw_schema_to_json_string (usual, SW_SCHEMA_JSON_DEFAULT, TRUE);
  odd_json = sw_schema_to_json_string (odd, SW_SCHEMA_JSON_DEFAULT, TRUE);
  g_assert_cmpstr (odd_json, ==, usual_json);
  g_assert_cmpstr (sw_column_get_name (g_ptr_array_index (
                     sw_table_get_columns (sw_test_find_table (odd, "public.t3")), 2)), ==, "x");
  g_assert_cmpstr (sw_column_get_comment (g_ptr_array_index (
                     sw_table_get_columns (sw_test_find_table (odd, "public.t3")), 2)), ==, "x");
}

/* sw_quote_identifier() quotes as the server's quote_ident() does, for every
 * keyword the server knows, alone and with a digit appended (no keyword has a
 * digit, which sw_identifier_needs_quotes() relies on).
 */
static void
test_keywords (void)
{
  g_autoptr(PGconn) conn = PQconnectdb (sw_test_pg_get_conninfo (pg));
  g_autoptr(PGresult) res = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "SELECT word, pg_catalog.quote_ident(word),"
                      "       pg_catalog.quote_ident(word || '1')"
                      "  FROM pg_catalog.pg_get_keywords()");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), >, 400);
  for (int row = 0; row < PQntuples (res); row++)
    {
      const char *word = PQgetvalue (res, row, 0);
      g_autofree char *with_digit = g_strconcat (word, "1", NULL);
      g_autofree char *quoted = sw_quote_identifier (word);
      g_autofree char *quoted_with_digit = sw_quote_identifier (with_digit);

      g_assert_null (strpbrk (word, "0123456789"));
      g_assert_cmpstr (quoted, ==, PQgetvalue (res, row, 1));
      g_assert_cmpstr (quoted_with_digit, ==, PQgetvalue (res, row, 2));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/CatalogReader/samples", test_samples);
  g_test_add_func ("/Sw/CatalogReader/sample-details", test_sample_details);
  g_test_add_func ("/Sw/CatalogReader/query-count", test_query_count);
  g_test_add_func ("/Sw/CatalogReader/error/wrong-password", test_error_wrong_password);
  g_test_add_func ("/Sw/CatalogReader/error/unreachable", test_error_unreachable);
  g_test_add_func ("/Sw/CatalogReader/error/no-database", test_error_no_database);
  g_test_add_func ("/Sw/CatalogReader/error/tls", test_error_tls);
  g_test_add_func ("/Sw/CatalogReader/error/invalid-conninfo", test_error_invalid_conninfo);
  g_test_add_func ("/Sw/CatalogReader/error/query", test_error_query);
  g_test_add_func ("/Sw/CatalogReader/conninfo-describe", test_conninfo_describe);
  g_test_add_func ("/Sw/CatalogReader/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/Sw/CatalogReader/async", test_async);
  g_test_add_func ("/Sw/CatalogReader/cancel-mid-query", test_cancel_mid_query);
  g_test_add_func ("/Sw/CatalogReader/odd-identifiers", test_odd_identifiers);
  g_test_add_func ("/Sw/CatalogReader/empty-database", test_empty_database);
  g_test_add_func ("/Sw/CatalogReader/partitions-inheritance", test_partitions_and_inheritance);
  g_test_add_func ("/Sw/CatalogReader/views-policies-types", test_views_policies_types);
  g_test_add_func ("/Sw/CatalogReader/shared-checks", test_shared_checks);
  g_test_add_func ("/Sw/CatalogReader/plan-independent", test_plan_independent);
  g_test_add_func ("/Sw/CatalogReader/keywords", test_keywords);

  ret = g_test_run ();
  sw_test_pg_stop (pg);

  return ret;
}
