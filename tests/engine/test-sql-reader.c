/* test-sql-reader.c
 *
 * The SQL reader, offline: samples, pg_dump output, implicit names, odd
 * identifiers, errors with positions, notes, and the expression normalizer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-pg-query.h"
#include "sw-schema-private.h"
#include "sw-test-schema.h"

static SwSchema *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (SW_SOURCE_SAMPLES_DIR, name, NULL);

  return sw_test_read_file (path);
}

static SwConstraint *
constraint (SwTable    *t,
            const char *name)
{
  GPtrArray *constraints = sw_table_get_constraints (t);

  for (guint i = 0; i < constraints->len; i++)
    {
      SwConstraint *c = g_ptr_array_index (constraints, i);

      if (g_strcmp0 (sw_constraint_get_name (c), name) == 0)
        return c;
    }
  g_error ("no constraint %s on %s", name, sw_table_get_qualified_name (t));
  return NULL;
}

static SwForeignKey *
foreign_key (SwTable    *t,
             const char *name)
{
  GPtrArray *fks = sw_table_get_foreign_keys (t);

  for (guint i = 0; i < fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (fks, i);

      if (g_strcmp0 (sw_foreign_key_get_name (fk), name) == 0)
        return fk;
    }
  g_error ("no foreign key %s on %s", name, sw_table_get_qualified_name (t));
  return NULL;
}

static SwIndex *
index_named (SwTable    *t,
             const char *name)
{
  GPtrArray *indexes = sw_table_get_indexes (t);

  for (guint i = 0; i < indexes->len; i++)
    {
      SwIndex *index = g_ptr_array_index (indexes, i);

      if (g_strcmp0 (sw_index_get_name (index), name) == 0)
        return index;
    }
  g_error ("no index %s on %s", name, sw_table_get_qualified_name (t));
  return NULL;
}

static void
assert_strv (const char * const *got,
             const char         *expected)
{
  g_autofree char *joined = got ? g_strjoinv (",", (char **)got) : g_strdup ("");

  g_assert_cmpstr (joined, ==, expected);
}

static SwSequence *
sequence (SwSchema   *schema,
          const char *qualified)
{
  SwSequence *seq = sw_schema_find_sequence (schema, qualified);

  if (seq == NULL)
    g_error ("no sequence %s", qualified);
  return seq;
}

/* Normalizer */

static void
assert_same_expr (const char *server,
                  const char *file)
{
  g_autofree char *a = _sw_sql_normalize_expr (server);
  g_autofree char *b = _sw_sql_normalize_expr (file);

  g_assert_cmpstr (a, ==, b);
}

static void
test_normalize (void)
{
  g_autofree char *bad = NULL;
  g_autofree char *lt1 = NULL;
  g_autofree char *lt2 = NULL;

  assert_same_expr ("((location)::text = ANY ((ARRAY['paris'::character varying, 'lagos'::character varying])::text[]))",
                    "location IN ('paris', 'lagos')");
  assert_same_expr ("(((-90)::double precision <= latlon[0]) AND (latlon[0] <= (90)::double precision) AND "
                    "((-180)::double precision <= latlon[1]) AND (latlon[1] <= (180)::double precision))",
                    "-90 <= latlon[0] AND latlon[0] <= 90 AND -180 <= latlon[1] AND latlon[1] <= 180");
  assert_same_expr ("nextval('x'::regclass)", "nextval('x')");
  assert_same_expr ("CURRENT_TIMESTAMP", "current_timestamp");
  assert_same_expr ("now()", "NOW()");
  assert_same_expr ("'a'::text", "'a'");
  assert_same_expr ("(a + 1)", "a+1");
  assert_same_expr ("lower((name)::text)", "lower(name)");
  assert_same_expr ("'-1'::integer", "-1");
  assert_same_expr ("((a > 0) AND (b > 0)) AND (c > 0)", "a > 0 AND b > 0 AND c > 0");
  assert_same_expr ("(name ~~ 'a%'::text)", "name LIKE 'a%'");
  assert_same_expr ("(status = 'new'::shop.order_status)", "status IN ('new')");

  lt1 = _sw_sql_normalize_expr ("a < 1");
  lt2 = _sw_sql_normalize_expr ("a < 2");
  g_assert_cmpstr (lt1, !=, lt2);

  /* What does not parse comes back unchanged. */
  bad = _sw_sql_normalize_expr ("a <<< ( ");
  g_assert_cmpstr (bad, ==, "a <<< ( ");
}

/* Samples */

static void
test_sample_library (void)
{
  g_autoptr(SwSchema) schema = load_sample ("library.sql");
  SwTable *booksample = sw_test_find_table (schema, "public.booksample");
  SwTable *lend = sw_test_find_table (schema, "public.lend");
  SwConstraint *check = constraint (booksample, "booksample_location_check");
  SwForeignKey *fk = foreign_key (lend, "lend_booksample_id_fkey");
  SwColumn *id = sw_table_find_column (booksample, "id");

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 4);
  assert_strv (sw_constraint_get_columns (constraint (booksample, "booksample_pkey")), "id");
  assert_strv (sw_constraint_get_columns (check), "location");
  assert_same_expr (sw_constraint_get_expression (check),
                    "((location)::text = ANY ((ARRAY['paris'::character varying, 'lagos'::character varying])::text[]))");
  g_assert_cmpstr (sw_foreign_key_get_ref_table (fk), ==, "public.booksample");
  assert_strv (sw_foreign_key_get_ref_columns (fk), "id");
  foreign_key (lend, "lend_student_id_fkey");
  foreign_key (booksample, "booksample_book_id_fkey");
  g_assert_null (sw_table_get_primary_key (lend));

  g_assert_cmpstr (sw_column_get_type_name (id), ==, "integer");
  g_assert_true (sw_column_get_not_null (id));
  g_assert_cmpstr (sw_column_get_default_expr (id), ==, "nextval('public.booksample_id_seq'::regclass)");
  g_assert_cmpstr (sequence (schema, "public.booksample_id_seq")->data_type, ==, "integer");
  g_assert_cmpint (sequence (schema, "public.booksample_id_seq")->max_value, ==, G_MAXINT32);
  g_assert_cmpstr (sequence (schema, "public.booksample_id_seq")->owned_by_column, ==, "id");
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (booksample, "state")), ==, "character varying");
  g_assert_cmpstr (sw_column_get_type_internal (sw_table_find_column (booksample, "state")), ==, "varchar");
  g_assert_cmpuint (sw_schema_get_notes (schema)->len, ==, 0);
}

static void
test_sample_ads (void)
{
  g_autoptr(SwSchema) schema = load_sample ("ads.sql");
  SwTable *ads = sw_test_find_table (schema, "public.ads");
  SwTable *campaigns = sw_test_find_table (schema, "public.campaigns");
  SwTable *geo_ips = sw_test_find_table (schema, "public.geo_ips");
  SwForeignKey *fk = foreign_key (ads, "ads_company_id_campaign_id_fkey");
  SwIndex *gist = index_named (geo_ips, "geo_ips_addrs_idx");
  SwColumn *urls = sw_table_find_column (campaigns, "blacklisted_site_urls");
  SwColumn *cost = sw_table_find_column (sw_test_find_table (schema, "public.clicks"), "cost_per_click_usd");

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 6);
  assert_strv (sw_constraint_get_columns (constraint (ads, "ads_pkey")), "company_id,id");
  assert_strv (sw_foreign_key_get_columns (fk), "company_id,campaign_id");
  assert_strv (sw_foreign_key_get_ref_columns (fk), "company_id,id");
  assert_strv (sw_foreign_key_get_ref_columns (foreign_key (campaigns, "campaigns_company_id_fkey")), "id");
  g_assert_cmpstr (sw_index_get_access_method (gist), ==, "gist");
  assert_strv (sw_index_get_keys (gist), "addrs");
  g_assert_cmpstr (sw_column_get_type_name (urls), ==, "text[]");
  g_assert_cmpstr (sw_column_get_type_internal (urls), ==, "_text");
  g_assert_cmpint (sw_column_get_type_kind (urls), ==, SW_TYPE_KIND_ARRAY);
  g_assert_cmpstr (sw_column_get_type_name (cost), ==, "numeric(20,10)");
  g_assert_cmpint (sw_column_get_typmod (cost), ==, (20 << 16 | 10) + 4);
  constraint (geo_ips, "geo_ips_latlon_check");
  g_assert_cmpstr (sequence (schema, "public.ads_id_seq")->data_type, ==, "bigint");
  /* ads.company_id is NOT NULL through the primary key. */
  g_assert_true (sw_column_get_not_null (sw_table_find_column (ads, "company_id")));
}

static void
test_sample_account_history (void)
{
  g_autoptr(SwSchema) schema = load_sample ("account_history.sql");
  SwTable *account = sw_test_find_table (schema, "ledger.account");
  GPtrArray *triggers = sw_table_get_triggers (account);
  GPtrArray *functions = sw_schema_get_functions (schema);
  SwTrigger *trigger;
  SwFunction *function;

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 2);
  assert_strv (sw_schema_get_namespaces (schema), "ledger");
  constraint (account, "account_pkey");
  constraint (sw_test_find_table (schema, "ledger.account_hist"), "account_hist_pkey");
  g_assert_cmpuint (triggers->len, ==, 1);
  trigger = g_ptr_array_index (triggers, 0);
  g_assert_cmpstr (sw_trigger_get_name (trigger), ==, "trg_account_hist");
  g_assert_cmpint (sw_trigger_get_timing (trigger), ==, SW_TRIGGER_AFTER);
  g_assert_cmpuint (sw_trigger_get_events (trigger), ==,
                    SW_TRIGGER_EVENT_INSERT | SW_TRIGGER_EVENT_UPDATE | SW_TRIGGER_EVENT_DELETE);
  g_assert_true (sw_trigger_get_for_each_row (trigger));
  g_assert_true (sw_trigger_get_enabled (trigger));
  g_assert_cmpstr (sw_trigger_get_function (trigger), ==, "ledger.tfn_account_hist");
  g_assert_cmpuint (functions->len, ==, 1);
  function = g_ptr_array_index (functions, 0);
  g_assert_cmpstr (sw_function_get_returns (function), ==, "trigger");
  g_assert_cmpstr (sw_function_get_language (function), ==, "plpgsql");
  g_assert_cmpstr (sw_function_get_arguments (function), ==, "");
  g_assert_true (g_str_has_prefix (sw_function_get_definition (function), "CREATE FUNCTION ledger.tfn_account_hist()"));
  g_assert_true (g_str_has_suffix (sw_function_get_definition (function), "$$"));
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (account, "entered_by")), ==,
                   "character varying(100)");
  g_assert_cmpint (sw_column_get_typmod (sw_table_find_column (account, "entered_by")), ==, 104);
  g_assert_null (sequence (schema, "ledger.account_account_id_seq")->owned_by_table);
}

static void
test_sample_github_events (void)
{
  g_autoptr(SwSchema) schema = load_sample ("github_events.sql");
  SwTable *events = sw_test_find_table (schema, "public.github_events");
  SwIndex *gin = index_named (events, "payload_index");

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 2);
  g_assert_null (sw_table_get_primary_key (events));
  assert_strv (sw_index_get_keys (index_named (events, "event_type_index")), "event_type");
  g_assert_cmpstr (sw_index_get_access_method (gin), ==, "gin");
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (events, "created_at")), ==,
                   "timestamp without time zone");
  g_assert_cmpstr (sw_column_get_type_name (sw_table_find_column (events, "event_public")), ==, "boolean");
  constraint (sw_test_find_table (schema, "public.github_users"), "github_users_pkey");
}

static void
test_sample_woodgrove (void)
{
  g_autoptr(SwSchema) schema = load_sample ("woodgrove.sql");
  SwTable *events = sw_test_find_table (schema, "public.payment_events");

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 4);
  assert_strv (sw_constraint_get_columns (constraint (events, "payment_events_pkey")), "user_id,event_id");
  g_assert_cmpstr (sw_foreign_key_get_ref_table (foreign_key (events, "payment_events_event_type_id_fkey")), ==,
                   "public.event_types");
  g_assert_cmpstr (sw_foreign_key_get_ref_table (foreign_key (events, "payment_events_merchant_id_fkey")), ==,
                   "public.payment_merchants");
  index_named (events, "payment_events_created_at_idx");
  g_assert_cmpstr (sw_column_get_default_expr (sw_table_find_column (events, "created_at")), ==, "now()");
}

/* pg_dump */

static const char pg_dump_sql[] =
  "--\n-- PostgreSQL database dump\n--\n\n"
  "\\restrict 8wx3eTAcpQ8UzolXMQL8w6Pvtzb5hNAaZEhAXmmp5tbsNGSeWgRZ7aHBc7wBqBO\n\n"
  "SET statement_timeout = 0;\n"
  "SET client_encoding = 'UTF8';\n"
  "SET standard_conforming_strings = on;\n"
  "SELECT pg_catalog.set_config('search_path', '', false);\n"
  "SET check_function_bodies = false;\n"
  "SET client_min_messages = warning;\n\n"
  "CREATE SCHEMA app;\n\n"
  "ALTER SCHEMA app OWNER TO postgres;\n\n"
  "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n\n"
  "SET default_tablespace = '';\n\n"
  "SET default_table_access_method = heap;\n\n"
  "CREATE TABLE app.book (\n"
  "    id integer NOT NULL,\n"
  "    title character varying NOT NULL,\n"
  "    price numeric(10,2) DEFAULT 0 NOT NULL,\n"
  "    CONSTRAINT book_price_check CHECK ((price >= (0)::numeric))\n"
  ");\n\n\n"
  "ALTER TABLE app.book OWNER TO postgres;\n\n"
  "COMMENT ON TABLE app.book IS 'Books we lend';\n\n"
  "COMMENT ON COLUMN app.book.title IS 'As printed';\n\n"
  "CREATE SEQUENCE app.book_id_seq\n"
  "    AS integer\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\n\n"
  "ALTER TABLE app.book_id_seq OWNER TO postgres;\n\n"
  "ALTER SEQUENCE app.book_id_seq OWNED BY app.book.id;\n\n"
  "CREATE TABLE app.loan (\n"
  "    book_id integer NOT NULL,\n"
  "    id bigint NOT NULL,\n"
  "    at date DEFAULT CURRENT_DATE NOT NULL\n"
  ");\n\n"
  "ALTER TABLE app.loan ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
  "    SEQUENCE NAME app.loan_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n"
  "    CACHE 1\n);\n\n"
  "ALTER TABLE ONLY app.book ALTER COLUMN id SET DEFAULT nextval('app.book_id_seq'::regclass);\n\n"
  "COPY app.book (id, title, price) FROM stdin;\n"
  "1\tDune; the novel\t12.50\n"
  "2\tBad ) syntax ( here\t3.00\n"
  "\\.\n\n"
  "SELECT pg_catalog.setval('app.book_id_seq', 2, true);\n\n"
  "ALTER TABLE ONLY app.book\n    ADD CONSTRAINT book_pkey PRIMARY KEY (id);\n\n"
  "ALTER TABLE ONLY app.loan\n    ADD CONSTRAINT loan_pkey PRIMARY KEY (id);\n\n"
  "CREATE INDEX loan_at_idx ON app.loan USING btree (at);\n\n"
  "ALTER TABLE ONLY app.loan\n"
  "    ADD CONSTRAINT loan_book_id_fkey FOREIGN KEY (book_id) REFERENCES app.book(id) NOT VALID;\n\n"
  "ALTER TABLE app.loan ENABLE ROW LEVEL SECURITY;\n\n"
  "ALTER TABLE ONLY app.loan REPLICA IDENTITY FULL;\n\n"
  "GRANT SELECT ON TABLE app.book TO PUBLIC;\n\n"
  "--\n-- PostgreSQL database dump complete\n--\n\n"
  "\\unrestrict 8wx3eTAcpQ8UzolXMQL8w6Pvtzb5hNAaZEhAXmmp5tbsNGSeWgRZ7aHBc7wBqBO\n\n";

static void
test_pg_dump (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (pg_dump_sql);
  SwTable *book = sw_test_find_table (schema, "app.book");
  SwTable *loan = sw_test_find_table (schema, "app.loan");
  SwColumn *id = sw_table_find_column (book, "id");
  SwColumn *loan_id = sw_table_find_column (loan, "id");
  SwSequence *book_seq = sequence (schema, "app.book_id_seq");
  SwSequence *loan_seq = sequence (schema, "app.loan_id_seq");
  SwForeignKey *fk = foreign_key (loan, "loan_book_id_fkey");
  GPtrArray *notes = sw_schema_get_notes (schema);
  gboolean saw_grant = FALSE;
  gboolean saw_extension = FALSE;
  gboolean saw_copy = FALSE;
  gboolean saw_setval = FALSE;

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 2);
  assert_strv (sw_schema_get_namespaces (schema), "app");
  g_assert_cmpstr (sw_table_get_comment (book), ==, "Books we lend");
  g_assert_cmpstr (sw_column_get_comment (sw_table_find_column (book, "title")), ==, "As printed");
  g_assert_cmpstr (sw_column_get_default_expr (id), ==, "nextval('app.book_id_seq'::regclass)");
  g_assert_cmpstr (book_seq->owned_by_table, ==, "app.book");
  g_assert_cmpstr (book_seq->owned_by_column, ==, "id");
  g_assert_false (book_seq->identity);
  g_assert_cmpstr (book_seq->data_type, ==, "integer");
  g_assert_cmpint (book_seq->max_value, ==, G_MAXINT32);
  g_assert_cmpint (book_seq->start, ==, 1);
  g_assert_cmpint (sw_column_get_identity (loan_id), ==, SW_IDENTITY_ALWAYS);
  g_assert_true (loan_seq->identity);
  g_assert_cmpstr (loan_seq->data_type, ==, "bigint");
  g_assert_cmpstr (loan_seq->owned_by_table, ==, "app.loan");
  constraint (book, "book_pkey");
  constraint (book, "book_price_check");
  constraint (loan, "loan_pkey");
  g_assert_true (sw_foreign_key_get_not_valid (fk));
  assert_strv (sw_foreign_key_get_ref_columns (fk), "id");
  g_assert_cmpstr (sw_index_get_access_method (index_named (loan, "loan_at_idx")), ==, "btree");
  g_assert_true (sw_table_get_rls_enabled (loan));
  g_assert_cmpint (sw_table_get_replica_identity (loan), ==, SW_REPLICA_IDENTITY_FULL);
  g_assert_null (sw_table_get_access_method (book));

  for (guint i = 0; i < notes->len; i++)
    {
      SwSourceNote *note = g_ptr_array_index (notes, i);
      const char *copy = strstr (pg_dump_sql, "COPY app.book");
      guint line = 1;

      g_test_message ("note %u:%u %s: %s", note->line, note->column, note->statement, note->message);
      g_assert_cmpint (note->kind, ==, SW_SOURCE_NOTE_IGNORED);
      if (g_str_has_prefix (note->statement, "GRANT SELECT"))
        saw_grant = TRUE;
      if (g_str_has_prefix (note->statement, "CREATE EXTENSION"))
        saw_extension = TRUE;
      if (g_str_has_prefix (note->statement, "COPY app.book"))
        {
          saw_copy = TRUE;
          for (const char *p = pg_dump_sql; p < copy; p++)
            line += *p == '\n';
          g_assert_cmpuint (note->line, ==, line);
          g_assert_cmpuint (note->column, ==, 1);
        }
      if (g_str_has_prefix (note->statement, "SELECT pg_catalog.setval"))
        saw_setval = TRUE;
    }
  g_assert_true (saw_grant && saw_extension && saw_copy && saw_setval);
}

/* Errors */

static void
test_syntax_error (void)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  schema = sw_sql_reader_load_string (reader,
                                      "CREATE TABLE a (id int);\n"
                                      "-- comment\n"
                                      "CREATE TABLE b (id int,, x text);\n",
                                      "bad.sql", &error);
  g_assert_null (schema);
  g_assert_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "syntax error"));
  g_assert_nonnull (strstr (error->message, "line 3, column 24"));
}

static void
test_truncated (void)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  schema = sw_sql_reader_load_string (reader, "CREATE TABLE a (id int);\nCREATE TABLE b (\n  id int,\n  na",
                                      "truncated.sql", &error);
  g_assert_null (schema);
  g_assert_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "end of input"));
  g_assert_nonnull (strstr (error->message, "line 4, column 5"));
}

static void
test_unicode_error_position (void)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  /* Columns count characters, not bytes. */
  schema = sw_sql_reader_load_string (reader, "CREATE TABLE \"ééé\" (a int) x;", "u.sql", &error);
  g_assert_null (schema);
  g_assert_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 1, column 28"));
}

static void
test_encoding (void)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  schema = sw_sql_reader_load_string (reader, "CREATE TABLE t (a text DEFAULT '\xff');", "latin1.sql", &error);
  g_assert_null (schema);
  g_assert_error (error, SW_SQL_ERROR, SW_SQL_ERROR_ENCODING);
}

static void
test_unreadable (void)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/schema.sql");
  g_autoptr(SwSchema) schema = NULL;

  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  g_assert_null (schema);
  g_assert_error (error, SW_SQL_ERROR, SW_SQL_ERROR_READ);
}

static void
test_empty (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("");
  g_autoptr(SwSchema) comments = sw_test_read_sql ("-- nothing here\n/* at all */\n");

  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 0);
  g_assert_cmpuint (sw_schema_get_notes (schema)->len, ==, 0);
  g_assert_cmpuint (sw_schema_get_n_tables (comments), ==, 0);
}

static void
test_notes (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int);\n"
                                     "GRANT SELECT ON t TO PUBLIC;\n"
                                     "  INSERT INTO t VALUES (1);\n"
                                     "ALTER TABLE missing ADD COLUMN x int;\n"
                                     "CREATE INDEX ON missing (x);\n");
  GPtrArray *notes = sw_schema_get_notes (schema);
  SwSourceNote *note;

  g_assert_cmpuint (notes->len, ==, 4);
  note = g_ptr_array_index (notes, 0);
  g_assert_cmpint (note->kind, ==, SW_SOURCE_NOTE_IGNORED);
  g_assert_cmpuint (note->line, ==, 2);
  g_assert_cmpuint (note->column, ==, 1);
  g_assert_cmpstr (note->statement, ==, "GRANT SELECT ON t TO PUBLIC;");
  note = g_ptr_array_index (notes, 1);
  g_assert_cmpuint (note->line, ==, 3);
  g_assert_cmpuint (note->column, ==, 3);
  note = g_ptr_array_index (notes, 2);
  g_assert_cmpint (note->kind, ==, SW_SOURCE_NOTE_WARNING);
  g_assert_cmpuint (note->line, ==, 4);
  g_assert_nonnull (strstr (note->message, "missing"));
  note = g_ptr_array_index (notes, 3);
  g_assert_cmpint (note->kind, ==, SW_SOURCE_NOTE_WARNING);
  g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 1);
}

/* Names */

static void
test_identifiers (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE SCHEMA \"My Schema\";\n"
    "CREATE TABLE \"My Schema\".\"Order \"\"Lines\"\"\" (\n"
    "  \"select\" int PRIMARY KEY,\n"
    "  \"Ünïcödé column\" text,\n"
    "  \"user\" text,\n"
    "  a_column_name_that_is_exactly_sixty_three_bytes_long_abcdefghij int UNIQUE\n"
    ");\n"
    "CREATE TABLE \"Ünïcödé\" (id int);\n"
    "CREATE TABLE a_seventy_byte_identifier_that_postgres_truncates_to_sixty_three_bytes_xx (id serial);\n"
    "CREATE TABLE \"order\" (\"group\" int REFERENCES \"My Schema\".\"Order \"\"Lines\"\"\");\n");
  SwTable *lines = sw_test_find_table (schema, "\"My Schema\".\"Order \"\"Lines\"\"\"");
  SwTable *truncated;

  g_assert_cmpstr (sw_table_get_schema_name (lines), ==, "My Schema");
  g_assert_cmpstr (sw_table_get_name (lines), ==, "Order \"Lines\"");
  constraint (lines, "Order \"Lines\"_pkey");
  constraint (lines, "Order \"Lines\"_a_column_name_that_is_exactly_sixty_three_byt_key");
  g_assert_nonnull (sw_table_find_column (lines, "Ünïcödé column"));
  g_assert_nonnull (sw_table_find_column (lines, "select"));
  sw_test_find_table (schema, "public.\"Ünïcödé\"");
  truncated = sw_test_find_table (schema, "public.a_seventy_byte_identifier_that_postgres_truncates_to_sixty_thre");
  g_assert_cmpuint (strlen (sw_table_get_name (truncated)), ==, 63);
  sequence (schema, "public.a_seventy_byte_identifier_that_postgres_truncates_to_six_id_seq");
  g_assert_cmpstr (sw_foreign_key_get_ref_table (foreign_key (sw_test_find_table (schema, "public.\"order\""), "order_group_fkey")),
                   ==, "\"My Schema\".\"Order \"\"Lines\"\"\"");
  assert_strv (sw_schema_get_namespaces (schema), "My Schema,public");
}

/* Checked against PostgreSQL 15: the names the server chose for this script. */
static void
test_implicit_names (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE a_table_name_that_is_quite_long_to_force_truncation_of_names (\n"
    "  a_column_name_that_is_also_quite_long_for_truncation_tests int PRIMARY KEY,\n"
    "  b int UNIQUE,\n"
    "  c int CHECK (c > 0),\n"
    "  d int REFERENCES a_table_name_that_is_quite_long_to_force_truncation_of_names,\n"
    "  CHECK (b > c)\n"
    ");\n"
    "CREATE TABLE t (a int, b int, \"Ünïcödé_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é\" int);\n"
    "CREATE INDEX ON t (a);\n"
    "CREATE INDEX ON t (a);\n"
    "CREATE INDEX ON t (lower(b::text), (a + b));\n"
    "CREATE TABLE t_a_key (x int);\n"
    "ALTER TABLE t ADD UNIQUE (a);\n"
    "ALTER TABLE t ADD CHECK (a > 0);\n"
    "ALTER TABLE t ADD CHECK (a > 1);\n"
    "CREATE INDEX ON t (\"Ünïcödé_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é\");\n"
    "CREATE TABLE inc (x int, y int, UNIQUE (x) INCLUDE (y));\n");
  SwTable *big = sw_test_find_table (schema, "public.a_table_name_that_is_quite_long_to_force_truncation_of_names");
  SwTable *t = sw_test_find_table (schema, "public.t");

  constraint (big, "a_table_name_that_is_quite_long_to_force_truncation_of_nam_pkey");
  constraint (big, "a_table_name_that_is_quite_long_to_force_truncation_of_na_b_key");
  constraint (big, "a_table_name_that_is_quite_long_to_force_truncation_of__c_check");
  constraint (big, "a_table_name_that_is_quite_long_to_force_truncation_of_na_check");
  foreign_key (big, "a_table_name_that_is_quite_long_to_force_truncation_of_n_d_fkey");
  assert_strv (sw_foreign_key_get_ref_columns (foreign_key (big, "a_table_name_that_is_quite_long_to_force_truncation_of_n_d_fkey")),
               "a_column_name_that_is_also_quite_long_for_truncation_tests");
  index_named (t, "t_a_idx");
  index_named (t, "t_a_idx1");
  index_named (t, "t_lower_expr_idx");
  index_named (t, "t_Ünïcödé_é_é_é_é_é_é_é_é_é_é_é_é_é_é_é__idx");
  constraint (t, "t_a_key1");
  constraint (t, "t_a_check");
  constraint (t, "t_a_check1");
  constraint (sw_test_find_table (schema, "public.inc"), "inc_x_y_key");
}

static void
test_types (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
    "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\n"
    "CREATE TABLE ty (\n"
    "  a char, b char(8), c \"char\", d varchar(100), e timestamptz(3), f time with time zone,\n"
    "  g interval day to second, h float, i float(10), j bit, k bit varying(5), l mood, m mood[],\n"
    "  n posint, o int8 COLLATE \"C\", p text COLLATE \"C\", q smallserial, r numeric(7),\n"
    "  s int GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY -2),\n"
    "  t int GENERATED ALWAYS AS (s * 2) STORED, u decimal, v bpchar, w double precision[]\n"
    ");\n");
  SwTable *ty = sw_test_find_table (schema, "public.ty");
  struct { const char *column, *type, *internal; int typmod; } expected[] = {
    { "a", "character(1)", "bpchar", 5 },
    { "b", "character(8)", "bpchar", 12 },
    { "c", "\"char\"", "char", -1 },
    { "d", "character varying(100)", "varchar", 104 },
    { "e", "timestamp(3) with time zone", "timestamptz", 3 },
    { "f", "time with time zone", "timetz", -1 },
    { "g", "interval day to second", "interval", 470351871 },
    { "h", "double precision", "float8", -1 },
    { "i", "real", "float4", -1 },
    { "j", "bit(1)", "bit", 1 },
    { "k", "bit varying(5)", "varbit", 5 },
    { "l", "public.mood", "mood", -1 },
    { "m", "public.mood[]", "_mood", -1 },
    { "n", "public.posint", "posint", -1 },
    { "q", "smallint", "int2", -1 },
    { "r", "numeric(7,0)", "numeric", (7 << 16) + 4 },
    { "u", "numeric", "numeric", -1 },
    { "v", "bpchar", "bpchar", -1 },
    { "w", "double precision[]", "_float8", -1 },
  };
  SwSequence *seq;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SwColumn *column = sw_table_find_column (ty, expected[i].column);

      g_assert_nonnull (column);
      g_assert_cmpstr (sw_column_get_type_name (column), ==, expected[i].type);
      g_assert_cmpstr (sw_column_get_type_internal (column), ==, expected[i].internal);
      g_assert_cmpint (sw_column_get_typmod (column), ==, expected[i].typmod);
    }
  g_assert_cmpint (sw_column_get_type_kind (sw_table_find_column (ty, "l")), ==, SW_TYPE_KIND_ENUM);
  g_assert_cmpint (sw_column_get_type_kind (sw_table_find_column (ty, "m")), ==, SW_TYPE_KIND_ARRAY);
  g_assert_cmpint (sw_column_get_type_kind (sw_table_find_column (ty, "n")), ==, SW_TYPE_KIND_DOMAIN);
  g_assert_cmpstr (sw_column_get_type_schema (sw_table_find_column (ty, "l")), ==, "public");
  g_assert_null (sw_column_get_collation (sw_table_find_column (ty, "a")));
  g_assert_cmpstr (sw_column_get_collation (sw_table_find_column (ty, "p")), ==, "\"C\"");
  g_assert_cmpstr (sw_column_get_generated_expr (sw_table_find_column (ty, "t")), ==, "s * 2");
  g_assert_cmpint (sw_column_get_identity (sw_table_find_column (ty, "s")), ==, SW_IDENTITY_BY_DEFAULT);

  seq = sequence (schema, "public.ty_s_seq");
  g_assert_true (seq->identity);
  g_assert_cmpstr (seq->data_type, ==, "integer");
  g_assert_cmpint (seq->increment, ==, -2);
  g_assert_cmpint (seq->start, ==, 10);
  g_assert_cmpint (seq->min_value, ==, G_MININT32);
  g_assert_cmpint (seq->max_value, ==, -1);
  seq = sequence (schema, "public.ty_q_seq");
  g_assert_cmpstr (seq->data_type, ==, "smallint");
  g_assert_cmpint (seq->max_value, ==, G_MAXINT16);
  g_assert_cmpuint (sw_schema_get_user_types (schema)->len, ==, 2);
}

/* Graph shapes */

static void
test_fk_cycle (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE departments (dept_id int PRIMARY KEY, manager_id int,\n"
    "  parent_dept int REFERENCES departments);\n"
    "CREATE TABLE employees (emp_id int PRIMARY KEY,\n"
    "  dept_id int NOT NULL REFERENCES departments (dept_id) DEFERRABLE INITIALLY DEFERRED);\n"
    "ALTER TABLE departments ADD CONSTRAINT departments_manager_fkey\n"
    "  FOREIGN KEY (manager_id) REFERENCES employees (emp_id) NOT VALID;\n");
  SwTable *departments = sw_test_find_table (schema, "public.departments");
  SwTable *employees = sw_test_find_table (schema, "public.employees");
  SwForeignKey *self_ref = foreign_key (departments, "departments_parent_dept_fkey");
  SwForeignKey *fk = foreign_key (employees, "employees_dept_id_fkey");
  GPtrArray *referencing = sw_schema_list_referencing_keys (schema, departments);

  g_assert_cmpstr (sw_foreign_key_get_ref_table (self_ref), ==, "public.departments");
  assert_strv (sw_foreign_key_get_ref_columns (self_ref), "dept_id");
  g_assert_true (sw_foreign_key_get_deferrable (fk));
  g_assert_true (sw_foreign_key_get_initially_deferred (fk));
  g_assert_false (sw_foreign_key_get_not_valid (fk));
  g_assert_true (sw_foreign_key_get_not_valid (foreign_key (departments, "departments_manager_fkey")));
  g_assert_nonnull (referencing);
  g_assert_cmpuint (referencing->len, ==, 2);
  g_assert_nonnull (sw_schema_list_referencing_keys (schema, employees));
}

static void
test_wide_table (void)
{
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE wide (");
  g_autoptr(SwSchema) schema = NULL;
  SwTable *wide;

  for (guint i = 1; i <= 1600; i++)
    g_string_append_printf (sql, "%sc%u int", i > 1 ? ", " : "", i);
  g_string_append (sql, ");");
  schema = sw_test_read_sql (sql->str);
  wide = sw_test_find_table (schema, "public.wide");
  g_assert_cmpuint (sw_table_get_columns (wide)->len, ==, 1600);
  g_assert_cmpint (sw_column_get_attnum (sw_table_find_column (wide, "c1600")), ==, 1600);
  g_assert_cmpuint (sw_schema_get_notes (schema)->len, ==, 0);
}

static void
test_partitions (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n"
    "CREATE INDEX ON events (at);\n"
    "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
    "CREATE TABLE events_old (id bigint NOT NULL, at date NOT NULL);\n"
    "ALTER TABLE events ATTACH PARTITION events_old FOR VALUES FROM (MINVALUE) TO ('2025-01-01');\n"
    "CREATE TABLE base (id int); CREATE TABLE child (x int) INHERITS (base);\n"
    "CREATE UNLOGGED TABLE scratch (k text);\n"
    "CREATE TABLE ft (a int) USING heap;\n");
  SwTable *events = sw_test_find_table (schema, "public.events");
  SwTable *p2025 = sw_test_find_table (schema, "public.events_2025");
  SwTable *old = sw_test_find_table (schema, "public.events_old");
  SwTable *child = sw_test_find_table (schema, "public.child");

  g_assert_cmpint (sw_table_get_rel_kind (events), ==, SW_REL_KIND_PARTITIONED_TABLE);
  g_assert_cmpint (sw_table_get_partition_strategy (events), ==, SW_PARTITION_RANGE);
  assert_strv (sw_table_get_partition_columns (events), "at");
  g_assert_cmpstr (sw_table_get_partition_key (events), ==, "RANGE (at)");
  g_assert_cmpstr (sw_table_get_partition_parent (p2025), ==, "public.events");
  g_assert_cmpstr (sw_table_get_partition_bound (p2025), ==, "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
  constraint (p2025, "events_2025_pkey");
  index_named (p2025, "events_2025_at_idx");
  constraint (old, "events_old_pkey");
  index_named (old, "events_old_at_idx");
  g_assert_cmpuint (sw_table_get_columns (p2025)->len, ==, 2);
  assert_strv (sw_table_get_inherits (child), "public.base");
  g_assert_cmpuint (sw_table_get_columns (child)->len, ==, 2);
  g_assert_cmpint (sw_table_get_persistence (sw_test_find_table (schema, "public.scratch")), ==, SW_PERSISTENCE_UNLOGGED);
  g_assert_null (sw_table_get_access_method (sw_test_find_table (schema, "public.ft")));
}

static void
test_views_and_policies (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE SCHEMA s;\n"
    "SET search_path = s, public;\n"
    "CREATE TABLE a (id int PRIMARY KEY, owner text);\n"
    "CREATE TABLE public.b (id int);\n"
    "CREATE VIEW v AS WITH b AS (SELECT 1 AS id) SELECT a.id FROM a JOIN b USING (id)\n"
    "  WHERE a.id IN (SELECT id FROM public.b);\n"
    "CREATE MATERIALIZED VIEW mv AS SELECT * FROM v;\n"
    "CREATE POLICY own ON a FOR SELECT TO alice, bob USING (owner = current_user);\n"
    "CREATE POLICY ins ON a AS RESTRICTIVE FOR INSERT WITH CHECK (id > 0);\n"
    "DROP TABLE IF EXISTS nothing;\n"
    "CREATE TABLE gone (id int); DROP TABLE gone;\n");
  GPtrArray *views = sw_schema_get_views (schema);
  SwView *v = NULL;
  SwView *mv = NULL;
  GPtrArray *policies = sw_table_get_policies (sw_test_find_table (schema, "s.a"));
  SwPolicy *ins;
  SwPolicy *own;

  for (guint i = 0; i < views->len; i++)
    {
      SwView *view = g_ptr_array_index (views, i);

      if (g_strcmp0 (sw_view_get_name (view), "v") == 0)
        v = view;
      else
        mv = view;
    }
  g_assert_nonnull (v);
  g_assert_nonnull (mv);
  assert_strv (sw_view_get_depends_on (v), "public.b,s.a");
  assert_strv (sw_view_get_depends_on (mv), "s.v");
  g_assert_true (sw_view_get_materialized (mv));

  g_assert_cmpuint (policies->len, ==, 2);
  ins = g_ptr_array_index (policies, 0);
  own = g_ptr_array_index (policies, 1);
  g_assert_cmpstr (sw_policy_get_name (ins), ==, "ins");
  g_assert_false (sw_policy_get_permissive (ins));
  g_assert_cmpint (sw_policy_get_command (ins), ==, SW_POLICY_INSERT);
  assert_strv (sw_policy_get_roles (ins), "public");
  assert_strv (sw_policy_get_roles (own), "alice,bob");
  g_assert_true (sw_policy_get_permissive (own));
  g_assert_null (sw_schema_find_table (schema, "s.gone"));
  g_assert_cmpuint (sw_schema_get_notes (schema)->len, ==, 0);
}

/* Async */

static void
load_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  SwSchema *schema = sw_sql_reader_load_file_finish (SW_SQL_READER (object), result, error);

  if (schema != NULL)
    {
      g_assert_cmpuint (sw_schema_get_n_tables (schema), ==, 4);
      g_object_unref (schema);
    }
  g_main_context_wakeup (NULL);
  *(gboolean *)g_object_get_data (object, "done") = TRUE;
}

static void
run_async (GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autofree char *path = g_build_filename (SW_SOURCE_SAMPLES_DIR, "woodgrove.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;

  g_object_set_data (G_OBJECT (reader), "done", &done);
  sw_sql_reader_load_file_async (reader, file, cancellable, load_ready_cb, error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) cancelled = NULL;

  run_async (NULL, &error);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  run_async (cancellable, &cancelled);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/SqlReader/normalize", test_normalize);
  g_test_add_func ("/Sw/SqlReader/samples/library", test_sample_library);
  g_test_add_func ("/Sw/SqlReader/samples/ads", test_sample_ads);
  g_test_add_func ("/Sw/SqlReader/samples/account_history", test_sample_account_history);
  g_test_add_func ("/Sw/SqlReader/samples/github_events", test_sample_github_events);
  g_test_add_func ("/Sw/SqlReader/samples/woodgrove", test_sample_woodgrove);
  g_test_add_func ("/Sw/SqlReader/pg-dump", test_pg_dump);
  g_test_add_func ("/Sw/SqlReader/syntax-error", test_syntax_error);
  g_test_add_func ("/Sw/SqlReader/truncated", test_truncated);
  g_test_add_func ("/Sw/SqlReader/unicode-error-position", test_unicode_error_position);
  g_test_add_func ("/Sw/SqlReader/encoding", test_encoding);
  g_test_add_func ("/Sw/SqlReader/unreadable", test_unreadable);
  g_test_add_func ("/Sw/SqlReader/empty", test_empty);
  g_test_add_func ("/Sw/SqlReader/notes", test_notes);
  g_test_add_func ("/Sw/SqlReader/identifiers", test_identifiers);
  g_test_add_func ("/Sw/SqlReader/implicit-names", test_implicit_names);
  g_test_add_func ("/Sw/SqlReader/types", test_types);
  g_test_add_func ("/Sw/SqlReader/fk-cycle", test_fk_cycle);
  g_test_add_func ("/Sw/SqlReader/wide-table", test_wide_table);
  g_test_add_func ("/Sw/SqlReader/partitions", test_partitions);
  g_test_add_func ("/Sw/SqlReader/views-and-policies", test_views_and_policies);
  g_test_add_func ("/Sw/SqlReader/async", test_async);

  return g_test_run ();
}
