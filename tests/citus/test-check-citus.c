/* test-check-citus.c
 *
 * `check` against real Citus 13.2: for each sample with its recommended and
 * its expert plan, and for a set of deliberately broken plans, the migration
 * export writes (sw_migration_to_sql()'s steps) runs on the coordinator the
 * way `psql -v ON_ERROR_STOP=1` runs it: each step in its own transaction
 * unless it runs outside one, statement by statement, stopping at the first
 * error. The validator's first error (its step, statement and ERROR line)
 * must be exactly where and what Citus stops with, or both must have none.
 * The agreement figure is printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <libpq-fe.h>
#include <pg_query.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-query.h"
#include "sw-test-schema.h"

static SwTestCitus *citus;
static guint n_cases, n_agree, n_errors_predicted;

typedef struct
{
  const char *name;
  const char *sample;       /* a file of SW_SAMPLES_DIR, or NULL for sql */
  const char *sql;
  const char *plan;         /* JSON, or NULL: the advisor's recommendation */
  gboolean    expect_error; /* what the validator is known to predict */
} Case;

#define PLAN(tables) "{\"version\": 1, \"shard_count\": 4, \"tables\": [" tables "]}"

static const Case cases[] = {
  /* The samples, with the advisor's plans: no error. */
  { "ads-advisor", "ads.sql", NULL, NULL, FALSE },
  { "github-advisor", "github_events.sql", NULL, NULL, FALSE },
  { "woodgrove-advisor", "woodgrove.sql", NULL, NULL, FALSE },
  { "library-advisor", "library.sql", NULL, NULL, FALSE },
  { "account-history-advisor", "account_history.sql", NULL, NULL, FALSE },
  /* The samples with expert plans. (library-expert failed at
   * create_distributed_table('public.booksample') until the generator kept
   * the foreign keys to reference tables out of the way, see sw-migration.c.) */
  { "woodgrove-expert", "woodgrove.sql", NULL,
    PLAN ("{\"table\": \"public.event_types\", \"kind\": \"reference\"},"
          "{\"table\": \"public.payment_merchants\", \"kind\": \"reference\"},"
          "{\"table\": \"public.payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
          "{\"table\": \"public.payment_events\", \"kind\": \"distributed\", \"column\": \"user_id\","
          " \"colocate_with\": \"public.payment_users\"}"), FALSE },
  { "library-expert", "library.sql", NULL,
    PLAN ("{\"table\": \"public.book\", \"kind\": \"reference\"},"
          "{\"table\": \"public.student\", \"kind\": \"reference\"},"
          "{\"table\": \"public.booksample\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"public.lend\", \"kind\": \"distributed\", \"column\": \"booksample_id\","
          " \"colocate_with\": \"public.booksample\"}"), FALSE },
  { "account-history-no-fix", "account_history.sql", NULL,
    PLAN ("{\"table\": \"ledger.account\", \"kind\": \"distributed\", \"column\": \"client_id\"},"
          "{\"table\": \"ledger.account_hist\", \"kind\": \"distributed\", \"column\": \"client_id\","
          " \"colocate_with\": \"ledger.account\"}"), TRUE },
  /* Broken on purpose. */
  { "fk-distributed-to-local", NULL,
    "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));",
    PLAN ("{\"table\": \"c\", \"kind\": \"distributed\", \"column\": \"id\"}"), TRUE },
  { "unique-without-distribution-column", NULL,
    "CREATE TABLE t (id int PRIMARY KEY, tenant int);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}"), TRUE },
  { "pk-widened-by-schema-change", NULL,
    "CREATE TABLE t (id int PRIMARY KEY, tenant int NOT NULL);",
    "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}],"
    " \"schema_changes\": [{\"sql\": \"ALTER TABLE public.t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (tenant, id);\","
    " \"reason\": \"key\"}]}", FALSE },
  { "colocate-type-mismatch", NULL,
    "CREATE TABLE a (id int); CREATE TABLE b (id bigint);",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"a\"}"), TRUE },
  { "fk-loop-not-colocated", NULL,
    "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));"
    "ALTER TABLE a ADD CONSTRAINT a_b_fkey FOREIGN KEY (b_id) REFERENCES b (id);",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"none\"}"), TRUE },
  { "fk-loop-colocated", NULL,
    "CREATE TABLE a (t int, id int, b_id int, PRIMARY KEY (t, id)); CREATE TABLE b (t int, id int, a_id int, PRIMARY KEY (t, id));"
    "ALTER TABLE a ADD FOREIGN KEY (t, b_id) REFERENCES b (t, id); ALTER TABLE b ADD FOREIGN KEY (t, a_id) REFERENCES a (t, id);",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"t\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"t\", \"colocate_with\": \"a\"}"), FALSE },
  { "fk-reference-to-distributed", NULL,
    "CREATE TABLE d (id int PRIMARY KEY); CREATE TABLE r (id int PRIMARY KEY, d_id int REFERENCES d (id));",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"), TRUE },
  { "fk-on-delete-set-null", NULL,
    "CREATE TABLE r (id int PRIMARY KEY); CREATE TABLE d (id int REFERENCES r (id) ON DELETE SET NULL, x int);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"), TRUE },
  { "triggers-dropped-and-recreated", NULL,
    "CREATE TABLE t (id int PRIMARY KEY); CREATE FUNCTION f () RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
    "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f ();",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"id\"}"), FALSE },
  { "distribution-column-json", NULL,
    "CREATE TABLE t (id int, doc json);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"doc\"}"), TRUE },
  { "partitioned-reference", NULL,
    "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
    "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    PLAN ("{\"table\": \"m\", \"kind\": \"reference\"}"), TRUE },
  { "policy-subquery", NULL,
    "CREATE TABLE t (id int, owner text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY p ON t USING (owner IN (SELECT current_user));",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"id\"}"), TRUE },
  { "schema-fk-out", NULL,
    "CREATE SCHEMA s; CREATE TABLE public.d (id int PRIMARY KEY); CREATE TABLE s.t (id int, d_id int REFERENCES public.d (id));",
    "{\"version\": 1, \"tables\": [{\"table\": \"public.d\", \"kind\": \"distributed\", \"column\": \"id\"}],"
    " \"schemas\": [{\"schema\": \"s\", \"kind\": \"distributed_schema\"}]}", TRUE },
  { "reference-to-local-cascade", NULL,
    "CREATE TABLE l (id int PRIMARY KEY); CREATE TABLE r (id int PRIMARY KEY, l_id int REFERENCES l (id) ON DELETE CASCADE);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}"), TRUE },
  { "odd-identifiers", NULL,
    "CREATE TABLE \"Odd \"\"T\"\"\" (\"Id\" int PRIMARY KEY); CREATE TABLE \"select\" (\"Id\" int, \"ref Id\" int REFERENCES \"Odd \"\"T\"\"\" (\"Id\"));",
    PLAN ("{\"table\": \"public.\\\"Odd \\\"\\\"T\\\"\\\"\\\"\", \"kind\": \"reference\"},"
          "{\"table\": \"\\\"select\\\"\", \"kind\": \"distributed\", \"column\": \"Id\"}"), FALSE },
};

static char *
case_sql (const Case *c)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  if (c->sample == NULL)
    return g_strdup (c->sql);
  path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), c->sample, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Runs the migration as psql -v ON_ERROR_STOP=1 would; returns the first
 * error's step (1-based, 0 for none), statement and primary message. */
static guint
run_migration (const char   *conninfo,
               SwMigration  *migration,
               char        **statement,
               char        **error)
{
  PGconn *conn = PQconnectdb (conninfo);
  guint n = sw_migration_get_n_steps (migration);
  guint failed = 0;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET client_min_messages TO warning"));
  for (guint i = 0; i < n && failed == 0; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (migration, i);
      const char * const *statements = sw_migration_step_get_statements (step);
      gboolean transaction = !sw_migration_step_get_outside_transaction (step);

      if (transaction)
        PQclear (PQexec (conn, "BEGIN"));
      for (guint j = 0; statements[j] != NULL && failed == 0; j++)
        {
          PgQuerySplitResult split = pg_query_split_with_parser (statements[j]);

          g_assert_null (split.error);
          for (int k = 0; k < split.n_stmts && failed == 0; k++)
            {
              g_autofree char *piece = g_strndup (statements[j] + split.stmts[k]->stmt_location,
                                                  split.stmts[k]->stmt_len);
              PGresult *res = PQexec (conn, piece);

              if (PQresultStatus (res) == PGRES_FATAL_ERROR)
                {
                  failed = i + 1;
                  *statement = g_strstrip (g_steal_pointer (&piece));
                  *error = g_strdup (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
                }
              PQclear (res);
            }
          pg_query_free_split_result (split);
        }
      if (transaction)
        PQclear (PQexec (conn, failed ? "ROLLBACK" : "COMMIT"));
    }
  PQfinish (conn);
  return failed;
}

static void
run_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *sql = case_sql (c);
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *citus_error = NULL;
  SwDiagnostic *predicted = NULL;
  guint failed_step;
  gboolean agree;

  if (citus == NULL)
    {
      g_test_skip ("no Citus cluster");
      return;
    }

  if (c->plan != NULL)
    plan = sw_plan_new_from_data (c->plan, -1, &error);
  else
    {
      g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);

      sw_advisor_set_shard_count (advisor, 4);
      plan = sw_advisor_recommend (advisor, NULL, &error);
    }
  g_assert_no_error (error);

  diags = sw_validate_plan_full (schema, sql, plan, SW_MIGRATION_FLAGS_NONE, NULL);
  if (diags->len > 0 && sw_diagnostic_get_severity (g_ptr_array_index (diags, 0)) == SW_SEVERITY_ERROR)
    predicted = g_ptr_array_index (diags, 0);
  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);

  dbname = g_strdup_printf ("check_%s", c->name);
  g_strdelimit (dbname, "-", '_');
  conninfo = sw_test_citus_create_database (citus, dbname, sql, &error);
  g_assert_no_error (error);
  failed_step = run_migration (conninfo, migration, &statement, &citus_error);

  if (failed_step == 0)
    agree = predicted == NULL;
  else
    agree = predicted != NULL && sw_diagnostic_get_step (predicted) == failed_step &&
            g_strcmp0 (sw_diagnostic_get_statement (predicted), statement) == 0 &&
            g_strcmp0 (sw_diagnostic_get_error (predicted), citus_error) == 0;
  n_cases++;
  if (agree)
    n_agree++;
  if (predicted != NULL)
    n_errors_predicted++;
  g_test_message ("%s: Citus %s%s%s%s / check %s%s%s", c->name,
                  failed_step ? "stops at: " : "runs it all",
                  failed_step ? (statement ? statement : "") : "", failed_step ? " → " : "",
                  failed_step ? citus_error : "",
                  predicted ? "predicts: " : "predicts no error",
                  predicted ? (sw_diagnostic_get_statement (predicted) ? sw_diagnostic_get_statement (predicted) : "") : "",
                  predicted ? sw_diagnostic_get_error (predicted) : "");

  {
    g_autofree char *drop = g_strdup_printf ("DROP DATABASE \"%s\" WITH (FORCE)", dbname);

    sw_test_pg_run_sql (sw_test_citus_get_coordinator (citus), "postgres", drop, NULL);
    for (guint w = 0; w < 2; w++)
      sw_test_pg_run_sql (sw_test_citus_get_worker (citus, w), "postgres", drop, NULL);
  }

  g_assert_true (agree);
  g_assert_cmpint (predicted != NULL, ==, c->expect_error);
}


/* SwApplier and shardwise-cli apply refuse a plan Citus would reject before
 * they change anything: no journal, no Citus table. */
static void
test_apply_refuses (void)
{
  const char *sql = "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id));";
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *plan_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GPtrArray *diags;
  int status = 0;

  if (citus == NULL)
    {
      g_test_skip ("no Citus cluster");
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "check_apply_refuses", sql, &error);
  g_assert_no_error (error);
  plan = sw_plan_new_from_data (PLAN ("{\"table\": \"c\", \"kind\": \"distributed\", \"column\": \"id\"}"), -1, &error);
  g_assert_no_error (error);

  applier = sw_applier_new (conninfo, plan);
  g_assert_false (sw_applier_run_sync (applier, NULL, &error));
  g_assert_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "referenced table \"p\" must be a distributed table or a reference table"));
  diags = sw_applier_get_diagnostics (applier);
  g_assert_nonnull (diags);
  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 1);
  g_clear_error (&error);

  journal = sw_test_query_value (conninfo, "SELECT to_regclass('shardwise.journal') IS NULL");
  g_assert_cmpstr (journal, ==, "t");
  tables = sw_test_query_value (conninfo, "SELECT count(*) FROM pg_dist_partition");
  g_assert_cmpstr (tables, ==, "0");

  /* The command line prints the diagnostics and exits with 1. */
  plan_path = g_build_filename (g_get_tmp_dir (), "sw-check-citus-refused.json", NULL);
  g_assert_true (sw_plan_save_to_file (plan, plan_path, NULL));
  {
    const char *argv[] = { g_getenv ("SW_CLI"), "apply", "--dsn", conninfo, "--plan", plan_path, "--yes", NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "ERROR:  referenced table \"p\" must be a distributed table or a reference table"));
  g_free (journal);
  journal = sw_test_query_value (conninfo, "SELECT to_regclass('shardwise.journal') IS NULL");
  g_assert_cmpstr (journal, ==, "t");
}

static void
report (void)
{
  if (citus == NULL)
    {
      g_test_skip ("no Citus cluster");
      return;
    }
  g_print ("# check agreed with Citus on %u of %u migrations (%u with an error)\n",
           n_agree, n_cases, n_errors_predicted);
  g_assert_cmpuint (n_cases, ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (n_agree, ==, n_cases);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (sw_test_citus_available (&reason))
    {
      g_autoptr(GError) error = NULL;

      citus = sw_test_citus_start (&error);
      g_assert_no_error (error);
    }
  else
    g_test_message ("skipping: %s", reason);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Sw/CheckCitus/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], run_case);
    }
  g_test_add_func ("/Sw/CheckCitus/apply-refuses", test_apply_refuses);
  g_test_add_func ("/Sw/CheckCitus/zz/agreement", report);

  status = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  return status;
}
