/* test-advisor-citus.c
 *
 * Every plan the advisor recommends applies on a real Citus 13 cluster: the
 * schema fixes first, then create_reference_table() and
 * create_distributed_table() in an order that respects foreign keys and
 * colocation, as the migration generator will write them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestCitus *citus;
static char *skip_reason;

static const char *saas_schema =
  "CREATE TABLE companies (id bigserial PRIMARY KEY, name text NOT NULL);\n"
  "CREATE TABLE users (id bigserial PRIMARY KEY,\n"
  "  company_id bigint NOT NULL REFERENCES companies (id), email text UNIQUE);\n"
  "CREATE TABLE orders (company_id bigint NOT NULL REFERENCES companies (id), id bigint,\n"
  "  total numeric, PRIMARY KEY (company_id, id));\n"
  "CREATE TABLE user_notes (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),\n"
  "  body text);\n"
  "CREATE TABLE countries (code text PRIMARY KEY, name text);\n"
  "ALTER TABLE companies ADD COLUMN country text REFERENCES countries (code);\n"
  "INSERT INTO countries VALUES ('fr', 'France');\n"
  "INSERT INTO companies (name, country) VALUES ('a', 'fr'), ('b', 'fr');\n"
  "INSERT INTO users (company_id, email) VALUES (1, 'x@a'), (2, 'y@b');\n"
  "INSERT INTO user_notes (user_id, body) VALUES (1, 'n1'), (2, 'n2');\n";

/* The plan's tables in an order Citus accepts: what a table points at or
 * colocates with comes first; reference tables before distributed ones.
 */
static GPtrArray *
order_tables (SwSchema *schema,
              SwPlan   *plan)
{
  GPtrArray *entries = sw_plan_get_tables (plan);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *order = g_ptr_array_new ();
  gboolean progress = TRUE;

  for (int pass = 0; pass < 2; pass++)
    {
      progress = TRUE;
      while (progress)
        {
          progress = FALSE;
          for (guint i = 0; i < entries->len; i++)
            {
              const SwPlanTable *entry = g_ptr_array_index (entries, i);
              SwTable *table = sw_schema_find_table (schema, entry->table);
              GPtrArray *fks = sw_table_get_foreign_keys (table);
              gboolean ready = TRUE;

              if (g_hash_table_contains (done, entry->table) || entry->kind == SW_PLAN_KIND_LOCAL)
                continue;
              if ((pass == 0) != (entry->kind == SW_PLAN_KIND_REFERENCE))
                continue;
              for (guint f = 0; f < fks->len; f++)
                {
                  const char *ref = sw_foreign_key_get_ref_table (g_ptr_array_index (fks, f));

                  if (strcmp (ref, entry->table) != 0 && sw_plan_get_table_kind (plan, ref) != SW_PLAN_KIND_LOCAL &&
                      !g_hash_table_contains (done, ref))
                    ready = FALSE;
                }
              if (entry->colocate_with != NULL && strcmp (entry->colocate_with, "none") != 0 &&
                  !g_hash_table_contains (done, entry->colocate_with))
                ready = FALSE;
              if (ready)
                {
                  g_hash_table_add (done, entry->table);
                  g_ptr_array_add (order, (gpointer)entry);
                  progress = TRUE;
                }
            }
        }
    }
  return order;
}

static char *
join_quoted (const char * const *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *q = sw_quote_identifier (names[i]);

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", q);
    }
  return g_string_free (out, FALSE);
}

/* As the migration generator does, foreign keys between the tables moved
 * into Citus are dropped before and added back after the create_*_table()
 * calls, so that no table is distributed while a local one points at it.
 */
static char *
plan_script (SwSchema   *original,
             const char *schema_sql,
             SwPlan     *plan,
             SwAdvisor  *advisor)
{
  g_autofree char *fixes = sw_advisor_dup_fixes_sql (advisor);
  g_autofree char *fixed_sql = g_strconcat (schema_sql, "\n", fixes, NULL);
  g_autoptr(SwSchema) schema = sw_test_read_sql (fixed_sql);
  g_autoptr(GPtrArray) order = order_tables (schema, plan);
  GString *sql = g_string_new (fixes);
  GString *add_fks = g_string_new (NULL);
  GListModel *tables = sw_schema_list_tables (schema);
  const char * const *schemas = sw_plan_get_distributed_schemas (plan);
  guint n_citus = 0;

  (void)original;
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      GPtrArray *fks = sw_table_get_foreign_keys (table);

      if (sw_plan_get_table_kind (plan, sw_table_get_qualified_name (table)) == SW_PLAN_KIND_LOCAL &&
          sw_plan_lookup_table (plan, sw_table_get_qualified_name (table)) != NULL)
        continue;
      for (guint f = 0; f < fks->len; f++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, f);
          g_autofree char *name = sw_quote_identifier (sw_foreign_key_get_name (fk));
          g_autofree char *cols = join_quoted (sw_foreign_key_get_columns (fk));
          g_autofree char *refs = join_quoted (sw_foreign_key_get_ref_columns (fk));

          g_string_append_printf (sql, "ALTER TABLE %s DROP CONSTRAINT %s;\n",
                                  sw_table_get_qualified_name (table), name);
          g_string_append_printf (add_fks, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s);\n",
                                  sw_table_get_qualified_name (table), name, cols,
                                  sw_foreign_key_get_ref_table (fk), refs);
        }
    }

  for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
    n_citus += ((SwPlanTable *)g_ptr_array_index (sw_plan_get_tables (plan), i))->kind != SW_PLAN_KIND_LOCAL;
  /* Every table the plan puts in Citus is placed. */
  g_assert_cmpuint (order->len, ==, n_citus);

  g_string_append_printf (sql, "SET citus.shard_count TO %u;\n", sw_plan_get_shard_count (plan));
  for (guint i = 0; i < order->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (order, i);
      g_autofree char *name = sw_quote_literal (entry->table);

      if (entry->kind == SW_PLAN_KIND_REFERENCE)
        g_string_append_printf (sql, "SELECT create_reference_table(%s);\n", name);
      else if (entry->kind == SW_PLAN_KIND_SINGLE_SHARD)
        g_string_append_printf (sql, "SELECT create_distributed_table(%s, NULL);\n", name);
      else
        {
          g_autofree char *column = sw_quote_literal (entry->column);
          g_autofree char *with = sw_quote_literal (entry->colocate_with ? entry->colocate_with : "default");

          g_string_append_printf (sql, "SELECT create_distributed_table(%s, %s, colocate_with => %s);\n",
                                  name, column, with);
        }
    }
  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    {
      g_autofree char *literal = sw_quote_literal (schemas[i]);

      g_string_append_printf (sql, "SELECT citus_schema_distribute(%s);\n", literal);
    }
  g_string_append (sql, add_fks->str);
  g_string_free (add_fks, TRUE);
  return g_string_free (sql, FALSE);
}

static void
apply_recommendation (const char *dbname,
                      const char *schema_sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = sw_test_read_sql (schema_sql);
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(SwPlan) plan = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *script = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_auto(GStrv) statements = NULL;
  g_autoptr(PGresult) check = NULL;

  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  script = plan_script (schema, schema_sql, plan, advisor);

  conninfo = sw_test_citus_create_database (citus, dbname, schema_sql, &error);
  g_assert_no_error (error);
  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  /* One statement at a time, as the applier runs them: Citus propagates
   * DDL by its text.
   */
  statements = g_strsplit (script, ";\n", -1);
  for (guint i = 0; statements[i] != NULL; i++)
    {
      g_autoptr(PGresult) result = NULL;

      if (*g_strstrip (statements[i]) == '\0')
        continue;
      result = PQexec (conn, statements[i]);
      if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s: the recommended plan failed on Citus at “%s”: %s\n%s", dbname, statements[i],
                 PQerrorMessage (conn), script);
    }

  /* Citus holds every table the plan distributes, with its column. */
  check = PQexec (conn, "SELECT count(*) FROM pg_dist_partition");
  g_assert_cmpint (PQresultStatus (check), ==, PGRES_TUPLES_OK);
  {
    guint n_citus = 0;

    for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
      n_citus += ((SwPlanTable *)g_ptr_array_index (sw_plan_get_tables (plan), i))->kind != SW_PLAN_KIND_LOCAL;
    /* A schema better left on one node has none. */
    if (sw_advisor_get_single_node (advisor))
      g_assert_cmpint (atoi (PQgetvalue (check, 0, 0)), ==, 0);
    else
      g_assert_cmpint (atoi (PQgetvalue (check, 0, 0)), >=, MAX (n_citus, 1));
  }
}

static void
test_samples (void)
{
  static const char *samples[] = {
    "ads.sql", "github_events.sql", "woodgrove.sql", "account_history.sql", "library.sql",
  };

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), samples[i], NULL);
      g_autofree char *sql = NULL;
      g_autofree char *dbname = g_strdup_printf ("advisor_%u", i);

      g_assert_true (g_file_get_contents (path, &sql, NULL, NULL));
      apply_recommendation (dbname, sql);
    }
}

/* The schemas of tests/data/expert (benchmarks and application shapes the
 * advisor is measured on): every plan it recommends for them applies too.
 */
static void
test_expert_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "expert", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *file;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((file = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (file, ".sql"))
      g_ptr_array_add (names, g_strdup (file));
  g_assert_cmpuint (names->len, >=, 10);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *sql = NULL;
      g_autofree char *dbname = g_strdup_printf ("advisor_expert_%u", i);

      g_assert_true (g_file_get_contents (path, &sql, NULL, NULL));
      g_test_message ("%s", (char *)g_ptr_array_index (names, i));
      apply_recommendation (dbname, sql);
    }
}

static void
test_fixes_with_data (void)
{
  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  apply_recommendation ("advisor_saas", saas_schema);
}

static void
test_tenant_schemas (void)
{
  GString *sql = g_string_new ("CREATE TABLE public.plans (id bigint PRIMARY KEY, name text);\n");
  g_autofree char *text = NULL;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      g_string_free (sql, TRUE);
      return;
    }
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (sql,
                            "CREATE SCHEMA tenant_%u;\n"
                            "CREATE TABLE tenant_%u.users (id bigint PRIMARY KEY, plan_id bigint REFERENCES public.plans);\n"
                            "CREATE TABLE tenant_%u.posts (id bigint PRIMARY KEY, user_id bigint REFERENCES tenant_%u.users);\n",
                            i, i, i, i);
  text = g_string_free (sql, FALSE);
  apply_recommendation ("advisor_tenants", text);
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

  g_test_add_func ("/Sw/Advisor/citus/samples", test_samples);
  g_test_add_func ("/Sw/Advisor/citus/fixes-with-data", test_fixes_with_data);
  g_test_add_func ("/Sw/Advisor/citus/expert-corpus", test_expert_corpus);
  g_test_add_func ("/Sw/Advisor/citus/tenant-schemas", test_tenant_schemas);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
