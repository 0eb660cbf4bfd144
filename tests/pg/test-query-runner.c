/* test-query-runner.c
 *
 * SwQueryRunner against the private PostgreSQL: a read returns its columns,
 * types and rows; a write is refused with PostgreSQL's own error unless
 * writes are allowed, and then it commits; the statement timeout fires with
 * a clear error; the row limit cuts the rows and says so; cancelling stops
 * the statement on the server, sync and async.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestPg *pg;
static char *conninfo;

static const char *setup_sql =
  "CREATE TABLE \"Odd \"\"Rows\"\" ü\" (id bigint PRIMARY KEY, name varchar(20), note text);\n"
  "INSERT INTO \"Odd \"\"Rows\"\" ü\" SELECT g, 'n' || g, CASE WHEN g % 2 = 0 THEN NULL ELSE 'odd' END\n"
  "  FROM generate_series(1, 50) g;\n";

static gint64
count_rows (const char *where)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"Odd \"\"Rows\"\" ü\" WHERE %s", where);
  g_autoptr(PGresult) res = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  return g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
}

static void
test_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  g_autofree char *summary = NULL;

  result = sw_query_runner_run (runner,
                                "SELECT id, name AS \"the name\", note, 1.5::numeric(4,2) AS n "
                                "  FROM \"Odd \"\"Rows\"\" ü\" WHERE id <= 4 ORDER BY id",
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_query_rows_get_read_only (result));
  g_assert_cmpuint (sw_query_rows_get_n_columns (result), ==, 4);
  g_assert_cmpstr (sw_query_rows_get_column_name (result, 0), ==, "id");
  g_assert_cmpstr (sw_query_rows_get_column_name (result, 1), ==, "the name");
  g_assert_cmpstr (sw_query_rows_get_column_type (result, 0), ==, "bigint");
  g_assert_cmpstr (sw_query_rows_get_column_type (result, 1), ==, "character varying(20)");
  g_assert_cmpstr (sw_query_rows_get_column_type (result, 2), ==, "text");
  g_assert_cmpstr (sw_query_rows_get_column_type (result, 3), ==, "numeric(4,2)");
  g_assert_cmpuint (sw_query_rows_get_column_type_oid (result, 0), ==, 20);
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 4);
  g_assert_cmpstr (sw_query_rows_get_value (result, 0, 1), ==, "n1");
  g_assert_cmpstr (sw_query_rows_get_value (result, 0, 2), ==, "odd");
  g_assert_true (sw_query_rows_is_null (result, 1, 2));
  g_assert_cmpstr (sw_query_rows_get_value (result, 3, 0), ==, "4");
  g_assert_cmpstr (sw_query_rows_get_value (result, 3, 3), ==, "1.50");
  g_assert_false (sw_query_rows_get_truncated (result));
  g_assert_cmpstr (sw_query_rows_get_command_tag (result), ==, "SELECT 4");
  g_assert_cmpint (sw_query_rows_get_rows_affected (result), ==, 4);
  summary = sw_query_rows_dup_summary (result);
  g_assert_cmpstr (summary, ==, "4 rows");

  /* No rows still names the columns. */
  g_clear_object (&result);
  result = sw_query_runner_run (runner, "SELECT id FROM \"Odd \"\"Rows\"\" ü\" WHERE false", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_query_rows_get_n_columns (result), ==, 1);
  g_assert_cmpstr (sw_query_rows_get_column_type (result, 0), ==, "bigint");
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 0);
}

static void
test_write_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  const char * const writes[] = {
    "INSERT INTO \"Odd \"\"Rows\"\" ü\" VALUES (1000, 'w', NULL)",
    "UPDATE \"Odd \"\"Rows\"\" ü\" SET note = 'w' WHERE id = 1",
    "DELETE FROM \"Odd \"\"Rows\"\" ü\"",
    "WITH d AS (DELETE FROM \"Odd \"\"Rows\"\" ü\" RETURNING *) SELECT count(*) FROM d",
    "CREATE TABLE made_by_a_preview (a int)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      result = sw_query_runner_run (runner, writes[i], NULL, &error);
      g_assert_null (result);
      g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_READ_ONLY);
      /* PostgreSQL's own words come first. */
      g_assert_true (g_str_has_prefix (error->message, "cannot execute "));
      g_assert_nonnull (strstr (error->message, "in a read-only transaction"));
      g_clear_error (&error);
    }

  g_assert_cmpint (count_rows ("true"), ==, 50);
  g_assert_cmpint (count_rows ("note = 'w'"), ==, 0);

  /* The statement cannot leave the runner's transaction. */
  result = sw_query_runner_run (runner, "COMMIT", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_TRANSACTION_CONTROL);
  g_clear_error (&error);
  result = sw_query_runner_run (runner, "SET TRANSACTION READ WRITE", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_TRANSACTION_CONTROL);
  g_clear_error (&error);
  result = sw_query_runner_run (runner, "SELECT 1; DELETE FROM \"Odd \"\"Rows\"\" ü\"", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE);
  g_clear_error (&error);
  result = sw_query_runner_run (runner, "SELEC 1", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE);
  g_clear_error (&error);
  result = sw_query_runner_run (runner, "COPY \"Odd \"\"Rows\"\" ü\" TO STDOUT", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE);
  g_clear_error (&error);

  /* PostgreSQL's other errors come through as they are. */
  result = sw_query_runner_run (runner, "SELECT * FROM no_such_table", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_QUERY);
  g_assert_cmpstr (error->message, ==, "relation \"no_such_table\" does not exist");
  g_clear_error (&error);

  g_assert_cmpint (count_rows ("true"), ==, 50);
}

static void
test_write_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  g_autofree char *summary = NULL;

  sw_query_runner_set_allow_writes (runner, TRUE);
  g_assert_true (sw_query_runner_get_allow_writes (runner));

  result = sw_query_runner_run (runner, "UPDATE \"Odd \"\"Rows\"\" ü\" SET note = 'w' WHERE id IN (1, 2, 3)",
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sw_query_rows_get_read_only (result));
  g_assert_cmpstr (sw_query_rows_get_command_tag (result), ==, "UPDATE 3");
  g_assert_cmpint (sw_query_rows_get_rows_affected (result), ==, 3);
  g_assert_cmpuint (sw_query_rows_get_n_columns (result), ==, 0);
  summary = sw_query_rows_dup_summary (result);
  g_assert_cmpstr (summary, ==, "3 rows affected");
  /* Committed: another connection sees it. */
  g_assert_cmpint (count_rows ("note = 'w'"), ==, 3);

  /* A write whose RETURNING passes the row limit still completes in full. */
  g_clear_object (&result);
  sw_query_runner_set_row_limit (runner, 2);
  result = sw_query_runner_run (runner,
                                "UPDATE \"Odd \"\"Rows\"\" ü\" SET note = 'r' WHERE id > 40 RETURNING id",
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_query_rows_get_truncated (result));
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 2);
  g_assert_cmpint (sw_query_rows_get_rows_affected (result), ==, 10);
  g_assert_cmpint (count_rows ("note = 'r'"), ==, 10);

  /* A failing write is rolled back. */
  g_clear_object (&result);
  result = sw_query_runner_run (runner, "INSERT INTO \"Odd \"\"Rows\"\" ü\" VALUES (1, 'dup', NULL)", NULL, &error);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_QUERY);
  g_assert_true (g_str_has_prefix (error->message, "duplicate key value violates unique constraint"));
  g_assert_cmpint (count_rows ("true"), ==, 50);
}

static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;

  sw_query_runner_set_statement_timeout (runner, 200);
  g_assert_cmpuint (sw_query_runner_get_statement_timeout (runner), ==, 200);
  result = sw_query_runner_run (runner, "SELECT pg_sleep(30)", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "200 ms"));
  g_assert_nonnull (strstr (error->message, "canceling statement due to statement timeout"));
  g_clear_error (&error);

  /* Under the timeout it runs. */
  result = sw_query_runner_run (runner, "SELECT pg_sleep(0.01), 1 AS one", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_query_rows_get_value (result, 0, 1), ==, "1");
}

static void
test_row_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  g_autofree char *summary = NULL;

  sw_query_runner_set_row_limit (runner, 10);
  result = sw_query_runner_run (runner, "SELECT id FROM \"Odd \"\"Rows\"\" ü\" ORDER BY id", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_query_rows_get_truncated (result));
  g_assert_cmpuint (sw_query_rows_get_row_limit (result), ==, 10);
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 10);
  g_assert_cmpstr (sw_query_rows_get_value (result, 9, 0), ==, "10");
  summary = sw_query_rows_dup_summary (result);
  g_assert_cmpstr (summary, ==, "Only the first 10 rows are shown: the query returns more than the row limit");

  /* A result far larger than memory would allow: stopped at the limit, and quickly. */
  g_clear_object (&result);
  sw_query_runner_set_statement_timeout (runner, 60000);
  result = sw_query_runner_run (runner,
                                /* A join streams its rows (a set-returning function would
                                 * materialise them first): 50^5 rows of 1 kB, 300 GB. */
                                "SELECT a.id, repeat('x', 1000) FROM \"Odd \"\"Rows\"\" ü\" a, "
                                "  \"Odd \"\"Rows\"\" ü\" b, \"Odd \"\"Rows\"\" ü\" c, "
                                "  \"Odd \"\"Rows\"\" ü\" d, \"Odd \"\"Rows\"\" ü\" e",
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_query_rows_get_truncated (result));
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 10);

  /* Exactly the limit is not truncated. */
  g_clear_object (&result);
  result = sw_query_runner_run (runner, "SELECT g FROM generate_series(1, 10) g", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sw_query_rows_get_truncated (result));
  g_assert_cmpuint (sw_query_rows_get_n_rows (result), ==, 10);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static gint64
count_sleeping_backends (void)
{
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);
  g_autoptr(PGresult) res = PQexec (conn,
                                    "SELECT count(*) FROM pg_stat_activity "
                                    " WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'");

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  return g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
}

static void
test_cancel_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GThread) thread = NULL;
  gint64 start = g_get_monotonic_time ();

  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  result = sw_query_runner_run (runner, "SELECT pg_sleep(60) AS sync", cancellable, &error);
  g_thread_join (g_steal_pointer (&thread));
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped on the server, long before pg_sleep(60) would end. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (count_sleeping_backends (), ==, 0);

  /* Already cancelled: nothing runs. */
  g_clear_error (&error);
  result = sw_query_runner_run (runner, "SELECT 1", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (res);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new (conninfo);
  g_autoptr(SwQueryRows) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) res = NULL;

  /* Runs. */
  sw_query_runner_run_async (runner, "SELECT count(*) FROM \"Odd \"\"Rows\"\" ü\"", NULL, run_done_cb, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = sw_query_runner_run_finish (runner, res, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sw_query_rows_get_value (result, 0, 0), ==, "50");
  g_clear_object (&res);

  /* Cancelled from the main loop while the server sleeps. */
  sw_query_runner_run_async (runner, "SELECT pg_sleep(60) AS async", cancellable, run_done_cb, &res);
  g_timeout_add (300, cancel_cb, cancellable);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&result);
  result = sw_query_runner_run_finish (runner, res, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_sleeping_backends (), ==, 0);
}

static void
test_bad_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRunner) runner = sw_query_runner_new ("host=127.0.0.1 port=1 connect_timeout=2");
  g_autoptr(SwQueryRows) result = NULL;

  result = sw_query_runner_run (runner, "SELECT 1", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT);
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
  conninfo = sw_test_pg_create_database (pg, "runner", setup_sql, &error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/QueryRunner/read", test_read);
  g_test_add_func ("/Sw/QueryRunner/write-refused", test_write_refused);
  g_test_add_func ("/Sw/QueryRunner/write-allowed", test_write_allowed);
  g_test_add_func ("/Sw/QueryRunner/timeout", test_timeout);
  g_test_add_func ("/Sw/QueryRunner/row-limit", test_row_limit);
  g_test_add_func ("/Sw/QueryRunner/cancel", test_cancel_sync);
  g_test_add_func ("/Sw/QueryRunner/async", test_async);
  g_test_add_func ("/Sw/QueryRunner/bad-connection", test_bad_connection);

  ret = g_test_run ();

  g_free (conninfo);
  g_clear_pointer (&pg, sw_test_pg_stop);
  return ret;
}
