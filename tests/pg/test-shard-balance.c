/* test-shard-balance.c
 *
 * SwShardBalance against the private PostgreSQL (no Citus: equal ranges,
 * round-robin over worker labels): a deliberately skewed table shows its hot
 * shard and the expected max/avg ratio, with counts checked against
 * PostgreSQL's own hashint8/hashtext/hashenum; sampling keeps the hot shard;
 * odd names, enums and NULLs; clear errors; async.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestPg *pg;
static char *conninfo;

/* 10,000 rows: half of them on the key 42, the rest on 5,000 distinct keys. */
static const char *setup_sql =
  "CREATE TYPE \"Mood\" AS ENUM ('sad', 'ok', 'happy');\n"
  "CREATE TABLE skewed (k bigint, payload text);\n"
  "INSERT INTO skewed SELECT CASE WHEN g <= 5000 THEN 42 ELSE g END, repeat('p', 20) FROM generate_series(1, 10000) g;\n"
  "CREATE TABLE big (k bigint, payload text);\n"
  "INSERT INTO big SELECT CASE WHEN g % 4 = 0 THEN 7 ELSE g END, 'x' FROM generate_series(1, 400000) g;\n"
  "CREATE SCHEMA \"Sch ü\";\n"
  "CREATE TABLE \"Sch ü\".\"Odd \"\"T\"\"\" (\"Key Col\" text, m \"Mood\", j jsonb);\n"
  "INSERT INTO \"Sch ü\".\"Odd \"\"T\"\"\" SELECT 'k' || (g % 50), (ARRAY['sad','ok','happy'])[1 + g % 3]::\"Mood\", '{}'\n"
  "  FROM generate_series(1, 3000) g;\n"
  "INSERT INTO \"Sch ü\".\"Odd \"\"T\"\"\" VALUES (NULL, NULL, NULL), (NULL, 'ok', NULL);\n"
  "ANALYZE;\n";

static PGconn *
connect (void)
{
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

/* The rows per shard index as PostgreSQL itself hashes them (Citus's equal ranges). */
static GArray *
server_counts (PGconn     *conn,
               const char *hash_expr,
               const char *from,
               guint       shard_count)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ((%s)::bigint + 2147483648) / (4294967296 / %u), count(*) "
                                          "  FROM %s WHERE (%s) IS NOT NULL GROUP BY 1",
                                          hash_expr, shard_count, from, hash_expr);
  g_autoptr(PGresult) res = PQexec (conn, sql);
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (guint64));

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_array_set_size (counts, shard_count);
  for (int i = 0; i < PQntuples (res); i++)
    {
      guint64 index = g_ascii_strtoull (PQgetvalue (res, i, 0), NULL, 10);

      /* The last shard ends at INT32_MAX: it takes the remainder. */
      g_array_index (counts, guint64, MIN (index, shard_count - 1)) += g_ascii_strtoull (PQgetvalue (res, i, 1), NULL, 10);
    }
  return counts;
}

static void
test_skewed_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect ();
  g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("public.skewed", "k");
  g_autoptr(GArray) expected = NULL;
  guint hot = sw_hash_shard_index (sw_hash_int8 (42), 32);
  const SwShardBalanceShard *shard;
  double ratio, expected_ratio, node_rows = 0;

  g_assert_false (sw_shard_balance_is_loaded (balance));
  g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (PQtransactionStatus (conn), ==, PQTRANS_IDLE);

  /* 10,000 rows is under the sample size: every row is read. */
  g_assert_cmpint (sw_shard_balance_get_sampling_used (balance), ==, SW_SHARD_BALANCE_SAMPLING_FULL);
  g_assert_false (sw_shard_balance_get_live_ranges (balance));
  g_assert_cmpuint (sw_shard_balance_get_sampled_rows (balance), ==, 10000);
  g_assert_cmpfloat (sw_shard_balance_get_total_rows (balance), ==, 10000);
  g_assert_cmpuint (sw_shard_balance_get_n_shards (balance), ==, 32);

  /* The hot shard is the one 42 hashes to, and the counts are PostgreSQL's. */
  g_assert_cmpuint (sw_shard_balance_get_largest_shard (balance), ==, hot);
  expected = server_counts (conn, "hashint8(k)", "skewed", 32);
  for (guint i = 0; i < 32; i++)
    {
      shard = sw_shard_balance_get_shard (balance, i);
      g_assert_cmpuint (shard->index, ==, i);
      g_assert_cmpuint (shard->sampled_rows, ==, g_array_index (expected, guint64, i));
      g_assert_cmpfloat (shard->rows, ==, (double) g_array_index (expected, guint64, i));
    }
  shard = sw_shard_balance_get_shard (balance, hot);
  g_assert_cmpuint (shard->sampled_rows, >=, 5000);
  g_assert_cmpint (shard->min_value, <=, sw_hash_int8 (42));
  g_assert_cmpint (shard->max_value, >=, sw_hash_int8 (42));

  ratio = sw_shard_balance_get_shard_ratio (balance);
  expected_ratio = shard->rows / (10000.0 / 32);
  g_assert_cmpfloat_with_epsilon (ratio, expected_ratio, 1e-9);
  g_assert_cmpfloat (ratio, >, 15.0);

  /* Bytes: the table's whole size, shared by the rows' sizes. */
  {
    double bytes = 0;

    for (guint i = 0; i < 32; i++)
      bytes += sw_shard_balance_get_shard (balance, i)->bytes;
    g_assert_cmpfloat (sw_shard_balance_get_total_bytes (balance), >, 8192);
    g_assert_cmpfloat_with_epsilon (bytes, sw_shard_balance_get_total_bytes (balance), 1.0);
    g_assert_cmpfloat (shard->bytes, >, 0.45 * bytes);
  }

  /* Round robin over two workers: shard i on worker (i mod 2) + 1. */
  g_assert_cmpuint (sw_shard_balance_get_n_nodes (balance), ==, 2);
  g_assert_cmpstr (sw_shard_balance_get_node (balance, 0)->name, ==, "worker 1");
  g_assert_cmpstr (sw_shard_balance_get_shard (balance, 3)->node, ==, "worker 2");
  for (guint n = 0; n < 2; n++)
    {
      const SwShardBalanceNode *node = sw_shard_balance_get_node (balance, n);
      double rows = 0;

      g_assert_cmpuint (node->n_shards, ==, 16);
      for (guint i = n; i < 32; i += 2)
        rows += sw_shard_balance_get_shard (balance, i)->rows;
      g_assert_cmpfloat_with_epsilon (node->rows, rows, 1e-6);
      node_rows += node->rows;
    }
  g_assert_cmpfloat_with_epsilon (node_rows, 10000, 1e-6);
  g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_node_ratio (balance),
                                  sw_shard_balance_get_node (balance, hot % 2)->rows / 5000.0, 1e-9);

  /* Another shard count and three named nodes. */
  {
    const char * const nodes[] = { "a:5432", "b:5432", "c:5432", NULL };

    sw_shard_balance_set_shard_count (balance, 7);
    sw_shard_balance_set_nodes (balance, nodes);
    g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sw_shard_balance_get_n_shards (balance), ==, 7);
    g_assert_cmpuint (sw_shard_balance_get_largest_shard (balance), ==, sw_hash_shard_index (sw_hash_int8 (42), 7));
    g_assert_cmpuint (sw_shard_balance_get_n_nodes (balance), ==, 3);
    g_assert_cmpstr (sw_shard_balance_get_shard (balance, 4)->node, ==, "b:5432");
    g_assert_cmpuint (sw_shard_balance_get_node (balance, 0)->n_shards, ==, 3);
    g_assert_cmpuint (sw_shard_balance_get_node (balance, 2)->n_shards, ==, 2);
  }
}

static void
test_sampled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect ();
  guint hot = sw_hash_shard_index (sw_hash_int8 (7), 32);
  const SwShardBalanceSampling methods[] = { SW_SHARD_BALANCE_SAMPLING_AUTO, SW_SHARD_BALANCE_SAMPLING_SYSTEM };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("big", "k");
      const SwShardBalanceShard *shard;
      double expected_ratio = (100000 + 300000.0 / 32) / (400000.0 / 32);

      /* 400,000 rows, 20,000 sampled: BERNOULLI (AUTO) or SYSTEM. */
      sw_shard_balance_set_sample_rows (balance, 20000);
      sw_shard_balance_set_sampling (balance, methods[m]);
      g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sw_shard_balance_get_sampling_used (balance), ==,
                       m == 0 ? SW_SHARD_BALANCE_SAMPLING_BERNOULLI : SW_SHARD_BALANCE_SAMPLING_SYSTEM);
      g_test_message ("%s: sampled %" G_GUINT64_FORMAT " rows, ratio %.2f (exact %.2f)",
                      m == 0 ? "BERNOULLI" : "SYSTEM", sw_shard_balance_get_sampled_rows (balance),
                      sw_shard_balance_get_shard_ratio (balance), expected_ratio);
      g_assert_cmpuint (sw_shard_balance_get_sampled_rows (balance), >, 10000);
      g_assert_cmpuint (sw_shard_balance_get_sampled_rows (balance), <, 40000);
      /* The estimate is the table's (reltuples after ANALYZE), not the sample's. */
      g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_total_rows (balance), 400000, 400000 * 0.02);
      g_assert_cmpuint (sw_shard_balance_get_largest_shard (balance), ==, hot);
      shard = sw_shard_balance_get_shard (balance, hot);
      g_assert_cmpfloat_with_epsilon (shard->rows, 100000 + 300000.0 / 32, 12000);
      g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_shard_ratio (balance), expected_ratio, 0.5);
    }
}

static void
test_odd_names_enum_nulls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect ();
  g_autoptr(SwShardBalance) text = sw_shard_balance_new ("\"Sch ü\".\"Odd \"\"T\"\"\"", "Key Col");
  g_autoptr(SwShardBalance) mood = sw_shard_balance_new ("\"Sch ü\".\"Odd \"\"T\"\"\"", "m");
  g_autoptr(GArray) expected = NULL;

  g_assert_true (sw_shard_balance_load (text, conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_shard_balance_get_sampled_rows (text), ==, 3002);
  g_assert_cmpuint (sw_shard_balance_get_null_rows (text), ==, 2);
  expected = server_counts (conn, "hashtext(\"Key Col\")", "\"Sch ü\".\"Odd \"\"T\"\"\"", 32);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpuint (sw_shard_balance_get_shard (text, i)->sampled_rows, ==, g_array_index (expected, guint64, i));

  /* Enums hash the label's oid: only three shards get rows. */
  g_clear_pointer (&expected, g_array_unref);
  g_assert_true (sw_shard_balance_load (mood, conn, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_shard_balance_get_null_rows (mood), ==, 1);
  expected = server_counts (conn, "hashenum(m)", "\"Sch ü\".\"Odd \"\"T\"\"\"", 32);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpuint (sw_shard_balance_get_shard (mood, i)->sampled_rows, ==, g_array_index (expected, guint64, i));
  g_assert_cmpfloat (sw_shard_balance_get_shard_ratio (mood), >, 10.0);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect ();
  g_autoptr(SwShardBalance) no_table = sw_shard_balance_new ("public.nope", "k");
  g_autoptr(SwShardBalance) no_column = sw_shard_balance_new ("skewed", "nope");
  g_autoptr(SwShardBalance) jsonb = sw_shard_balance_new ("\"Sch ü\".\"Odd \"\"T\"\"\"", "j");
  g_autoptr(SwShardBalance) bad_name = sw_shard_balance_new ("a.b.c", "k");

  g_assert_false (sw_shard_balance_load (no_table, conn, NULL, &error));
  g_assert_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_TABLE);
  g_clear_error (&error);
  g_assert_false (sw_shard_balance_load (no_column, conn, NULL, &error));
  g_assert_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_COLUMN);
  g_clear_error (&error);
  g_assert_false (sw_shard_balance_load (jsonb, conn, NULL, &error));
  g_assert_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_UNSUPPORTED_TYPE);
  g_assert_nonnull (strstr (error->message, "jsonb"));
  g_clear_error (&error);
  g_assert_false (sw_shard_balance_load (bad_name, conn, NULL, &error));
  g_assert_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_TABLE);
  g_clear_error (&error);
  g_assert_false (sw_shard_balance_is_loaded (no_table));

  /* The connection is left usable. */
  g_assert_cmpint (PQtransactionStatus (conn), ==, PQTRANS_IDLE);
}

static void
load_done_cb (GObject      *source,
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
  g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("skewed", "k");
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  sw_shard_balance_load_async (balance, conninfo, NULL, load_done_cb, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sw_shard_balance_load_finish (balance, res, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sw_shard_balance_get_largest_shard (balance), ==, sw_hash_shard_index (sw_hash_int8 (42), 32));
  g_clear_object (&res);

  g_cancellable_cancel (cancellable);
  sw_shard_balance_load_async (balance, conninfo, cancellable, load_done_cb, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sw_shard_balance_load_finish (balance, res, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The previous projection stays. */
  g_assert_true (sw_shard_balance_is_loaded (balance));
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
  conninfo = sw_test_pg_create_database (pg, "balance", setup_sql, &error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/ShardBalance/skewed-full", test_skewed_full);
  g_test_add_func ("/Sw/ShardBalance/sampled", test_sampled);
  g_test_add_func ("/Sw/ShardBalance/odd-names-enum-nulls", test_odd_names_enum_nulls);
  g_test_add_func ("/Sw/ShardBalance/errors", test_errors);
  g_test_add_func ("/Sw/ShardBalance/async", test_async);

  ret = g_test_run ();

  g_free (conninfo);
  g_clear_pointer (&pg, sw_test_pg_stop);
  return ret;
}
