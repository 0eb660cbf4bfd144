/* test-validator-citus.c
 *
 * The lint corpus (tests/data/lint-corpus.txt) against a real Citus 13.2
 * cluster: every statement of every case runs on the coordinator, and
 * Citus's answer must equal both the corpus's expectation and lint's
 * prediction (first ERROR line, and DETAIL/HINT where lint gives them).
 * The agreement figure is reported with g_test_message().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <pg_query.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"
#include "sw-test-lint-corpus.h"

static SwTestCitus *citus;
static guint n_statements, n_agree, n_case_disagreements;

static void
run_case (gconstpointer data)
{
  const SwTestLintCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GPtrArray) results = NULL;
  PgQuerySplitResult split;
  PGconn *conn;
  guint disagreements = 0;

  if (citus == NULL)
    {
      g_test_skip ("no Citus cluster");
      return;
    }

  dbname = g_strdup_printf ("lint_%s", c->name);
  g_strdelimit (dbname, "-", '_');
  conninfo = sw_test_citus_create_database (citus, dbname, c->schema_sql, &error);
  g_assert_no_error (error);

  schema = sw_test_read_sql (c->schema_sql);
  results = sw_lint_script (schema, c->schema_sql, c->script, NULL, &error);
  g_assert_no_error (error);

  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET client_min_messages TO warning"));

  split = pg_query_split_with_parser (c->script);
  g_assert_null (split.error);
  g_assert_cmpuint (results->len, ==, (guint)split.n_stmts);
  g_assert_cmpuint (c->expect->len, ==, (guint)split.n_stmts);

  for (int i = 0; i < split.n_stmts; i++)
    {
      g_autofree char *sql = g_strndup (c->script + split.stmts[i]->stmt_location, split.stmts[i]->stmt_len);
      PGresult *res = PQexec (conn, sql);
      gboolean ok = PQresultStatus (res) != PGRES_FATAL_ERROR;
      const char *primary = ok ? NULL : PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
      const char *detail = ok ? NULL : PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL);
      const char *hint = ok ? NULL : PQresultErrorField (res, PG_DIAG_MESSAGE_HINT);
      SwLintResult *predicted = g_ptr_array_index (results, i);
      const char *expect = g_ptr_array_index (c->expect, i);
      gboolean agree;

      agree = predicted->ok == ok &&
              (ok || (g_strcmp0 (predicted->error, primary) == 0 &&
                      (predicted->detail == NULL || g_strcmp0 (predicted->detail, detail) == 0) &&
                      (predicted->hint == NULL || g_strcmp0 (predicted->hint, hint) == 0)));
      n_statements++;
      if (agree)
        n_agree++;
      else
        {
          disagreements++;
          g_test_message ("%s line %u: Citus said %s%s%s%s%s / lint said %s%s%s%s%s", c->name, predicted->line,
                          ok ? "ok" : primary,
                          detail ? " DETAIL: " : "", detail ? detail : "",
                          hint ? " HINT: " : "", hint ? hint : "",
                          predicted->ok ? "ok" : predicted->error,
                          predicted->detail ? " DETAIL: " : "", predicted->detail ? predicted->detail : "",
                          predicted->hint ? " HINT: " : "", predicted->hint ? predicted->hint : "");
        }
      /* The corpus's expectations must be the truth too. */
      if (g_strcmp0 (expect, ok ? "ok" : primary) != 0)
        {
          disagreements++;
          g_test_message ("%s line %u: the corpus expects %s but Citus said %s", c->name, predicted->line,
                          expect, ok ? "ok" : primary);
        }
      PQclear (res);
    }
  pg_query_free_split_result (split);
  PQfinish (conn);

  /* Each database keeps a Citus maintenance daemon and connections: drop it. */
  {
    g_autofree char *drop = g_strdup_printf ("DROP DATABASE \"%s\" WITH (FORCE)", dbname);

    sw_test_pg_run_sql (sw_test_citus_get_coordinator (citus), "postgres", drop, NULL);
    for (guint w = 0; w < 2; w++)
      sw_test_pg_run_sql (sw_test_citus_get_worker (citus, w), "postgres", drop, NULL);
  }

  /* Counted, and checked at the end, so that one run lists every disagreement. */
  n_case_disagreements += disagreements;
}

static void
report (void)
{
  if (citus == NULL)
    {
      g_test_skip ("no Citus cluster");
      return;
    }
  g_test_message ("lint agreed with Citus on %u of %u statements", n_agree, n_statements);
  g_print ("# lint agreed with Citus on %u of %u statements\n", n_agree, n_statements);
  g_assert_cmpuint (n_statements, >, 0);
  g_assert_cmpuint (n_case_disagreements, ==, 0);
  g_assert_cmpuint (n_agree, ==, n_statements);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = NULL;
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

  corpus = sw_test_lint_corpus_load ();
  for (guint i = 0; i < corpus->len; i++)
    {
      SwTestLintCase *c = g_ptr_array_index (corpus, i);
      g_autofree char *path = g_strdup_printf ("/Sw/ValidatorCitus/corpus/%s", c->name);

      g_test_add_data_func (path, c, run_case);
    }
  g_test_add_func ("/Sw/ValidatorCitus/zz/agreement", report);

  status = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  return status;
}
