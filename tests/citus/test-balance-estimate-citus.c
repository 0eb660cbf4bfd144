/* test-balance-estimate-citus.c
 *
 * The shard-balance prediction from pg_stats against what real Citus does:
 * two skewed local tables on the coordinator (a bigint and a text key) are
 * analyzed, read live, predicted for 16 shards, then distributed with
 * create_distributed_table; run_command_on_shards counts each shard's rows.
 * The common values must land on the very shards Citus puts them on, and
 * each shard's predicted rows must be near its real count (the values
 * outside the common ones are spread evenly by the prediction, by the hash in
 * reality).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

#define SHARDS 16
#define ROWS   40000

static SwTestCitus *citus;
static char *skip_reason;

/* 25 %, 10 % and 5 % on three keys; the other 60 % on 6,000 keys, 4 rows
 * each. A statistics target of 200 samples 60,000 rows: every row, so the
 * frequencies are exact.
 */
static const char *setup_sql =
  "CREATE TABLE \"Tenant Events\" (tenant_id bigint, payload text);\n"
  "INSERT INTO \"Tenant Events\" SELECT CASE WHEN g <= 10000 THEN 1 WHEN g <= 14000 THEN 2\n"
  "  WHEN g <= 16000 THEN 3 ELSE 1000 + g % 6000 END, 'p' FROM generate_series(1, 40000) g;\n"
  "ALTER TABLE \"Tenant Events\" ALTER COLUMN tenant_id SET STATISTICS 200;\n"
  "CREATE TABLE orgs (org text, n int);\n"
  "INSERT INTO orgs SELECT CASE WHEN g <= 8000 THEN 'tenant-10' WHEN g <= 12000 THEN 'tenant-100'\n"
  "  ELSE 'org-' || (g % 7000) END, g FROM generate_series(1, 40000) g;\n"
  "ALTER TABLE orgs ALTER COLUMN org SET STATISTICS 200;\n"
  "ANALYZE;\n";

/* Rows per shard, in hash-range order (shard index), from the shards themselves. */
static GArray *
real_counts (PGconn     *conn,
             const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT r.result FROM run_command_on_shards('%s', "
                                          "$$SELECT count(*) FROM %%s$$) r "
                                          "JOIN pg_dist_shard s USING (shardid) "
                                          "ORDER BY s.shardminvalue::int", table);
  g_autoptr(PGresult) res = PQexec (conn, sql);
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (double));

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    {
      double n = g_ascii_strtod (PQgetvalue (res, i, 0), NULL);
      g_array_append_val (counts, n);
    }
  return counts;
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
}

static void
check_table (PGconn     *conn,
             SwSchema   *schema,
             const char *plan_name,
             const char *sql_name,
             const char *column,
             double      hot_share)
{
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *distribute = NULL;
  g_autofree char *truncate = NULL;
  guint hot, real_hot = 0;
  double worst = 0, real_max = 0;

  sw_plan_set_distributed (plan, plan_name, column, NULL, SHARDS);
  estimate = sw_balance_estimate_new_for_plan (schema, plan, plan_name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_balance_estimate_get_n_shards (estimate), ==, SHARDS);
  g_assert_cmpuint (sw_balance_estimate_get_n_common (estimate), >=, 2);
  hot = sw_balance_estimate_get_largest_shard (estimate);
  g_assert_cmpfloat (sw_balance_estimate_get_shard (estimate, hot)->common_share, >=, hot_share - 1e-6);

  distribute = g_strdup_printf ("SELECT create_distributed_table('%s', '%s', shard_count => %d)",
                                sql_name, column, SHARDS);
  exec_ok (conn, distribute);
  truncate = g_strdup_printf ("SELECT truncate_local_data_after_distributing_table('%s')", sql_name);
  exec_ok (conn, truncate);
  counts = real_counts (conn, sql_name);
  g_assert_cmpuint (counts->len, ==, SHARDS);

  for (guint i = 0; i < SHARDS; i++)
    {
      double real = g_array_index (counts, double, i);
      double predicted = sw_balance_estimate_get_shard (estimate, i)->rows;

      worst = MAX (worst, ABS (predicted - real));
      if (real > real_max)
        {
          real_max = real;
          real_hot = i;
        }
    }
  g_test_message ("%s: predicted hot shard %u (%.0f rows, ratio %.2f), real hot shard %u (%.0f rows, ratio %.2f); "
                  "largest per-shard error %.0f rows (%.2f %% of the table)",
                  plan_name, hot, sw_balance_estimate_get_shard (estimate, hot)->rows,
                  sw_balance_estimate_get_shard_ratio (estimate), real_hot, real_max,
                  real_max / (ROWS / (double) SHARDS), worst, 100.0 * worst / ROWS);

  /* The hot shard is Citus's, and no shard is off by more than 1 % of the
   * table (about five standard deviations of the even spread's noise).
   */
  g_assert_cmpuint (hot, ==, real_hot);
  g_assert_cmpfloat (worst, <=, 0.01 * ROWS);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard_ratio (estimate),
                                  real_max / (ROWS / (double) SHARDS), 0.1);
}

static void
test_estimate_against_citus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(SwSchema) schema = NULL;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "estimate", setup_sql, &error);
  g_assert_no_error (error);
  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);

  /* The statistics as the window has them: from the catalog reader. */
  schema = sw_test_read_live (conninfo, NULL);

  check_table (conn, schema, "public.\"Tenant Events\"", "\"Tenant Events\"", "tenant_id", 0.25);
  check_table (conn, schema, "public.orgs", "orgs", "org", 0.20);
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

  g_test_add_func ("/Sw/BalanceEstimateCitus/against-citus", test_estimate_against_citus);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
