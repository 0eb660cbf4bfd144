/* test-shard-balance-citus.c
 *
 * SwShardBalance against a real Citus coordinator and two workers:
 *  - a distributed, deliberately skewed table: the projection from a full
 *    read matches, shard for shard, the counts run_command_on_shards gives,
 *    and each shard's node is its placement's; a sample keeps the hot shard;
 *  - a plain table on the coordinator, colocated by the plan with the
 *    distributed one: the real ranges and nodes are used;
 *  - a plain table with no colocation: equal ranges placed round-robin as
 *    Citus places them, checked by distributing the table afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestCitus *citus;
static char *skip_reason;

static const char *setup_sql =
  "CREATE TABLE \"Hot Keys\" (k bigint, payload text);\n"
  "SELECT create_distributed_table('\"Hot Keys\"', 'k', shard_count => 16);\n"
  "INSERT INTO \"Hot Keys\" SELECT CASE WHEN g % 3 = 0 THEN 42 ELSE g END, repeat('p', 30)\n"
  "  FROM generate_series(1, 30000) g;\n"
  "CREATE TABLE pending (k bigint, note text);\n"
  "INSERT INTO pending SELECT CASE WHEN g <= 500 THEN 42 ELSE g END, 'n' FROM generate_series(1, 2000) g;\n"
  "CREATE TABLE later (id text);\n"
  "INSERT INTO later SELECT 'id-' || g FROM generate_series(1, 3000) g;\n"
  "ANALYZE;\n";

static GHashTable *
real_counts (PGconn     *conn,
             const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT shardid, result FROM run_command_on_shards('%s', "
                                          "$$SELECT count(*) FROM %%s$$) ORDER BY shardid", table);
  g_autoptr(PGresult) res = PQexec (conn, sql);
  GHashTable *counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
      g_hash_table_insert (counts, id, GSIZE_TO_POINTER (g_ascii_strtoull (PQgetvalue (res, i, 1), NULL, 10)));
    }
  return counts;
}

static char *
placement_node (PGconn *conn,
                gint64  shard_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT nodename || ':' || nodeport FROM pg_dist_shard_placement "
                                          " WHERE shardid = %" G_GINT64_FORMAT, shard_id);
  g_autoptr(PGresult) res = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  return g_strdup (PQgetvalue (res, 0, 0));
}

static void
test_shard_balance_citus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GHashTable) counts = NULL;
  guint hot;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "balance", setup_sql, &error);
  g_assert_no_error (error);
  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);

  /* The distributed table, read in full: exactly the shards' own counts. */
  {
    g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("public.\"Hot Keys\"", "k");
    double largest = 0;

    sw_shard_balance_set_sampling (balance, SW_SHARD_BALANCE_SAMPLING_FULL);
    g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (sw_shard_balance_get_live_ranges (balance));
    g_assert_cmpuint (sw_shard_balance_get_n_shards (balance), ==, 16);
    g_assert_cmpuint (sw_shard_balance_get_sampled_rows (balance), ==, 30000);

    counts = real_counts (conn, "\"Hot Keys\"");
    g_assert_cmpuint (g_hash_table_size (counts), ==, 16);
    for (guint i = 0; i < 16; i++)
      {
        const SwShardBalanceShard *shard = sw_shard_balance_get_shard (balance, i);
        g_autofree char *node = placement_node (conn, shard->shard_id);
        gpointer real;

        g_assert_true (g_hash_table_lookup_extended (counts, &shard->shard_id, NULL, &real));
        g_assert_cmpuint (shard->sampled_rows, ==, GPOINTER_TO_SIZE (real));
        g_assert_cmpstr (shard->node, ==, node);
        largest = MAX (largest, (double) GPOINTER_TO_SIZE (real));
      }
    hot = sw_shard_balance_get_largest_shard (balance);
    g_assert_cmpuint (sw_shard_balance_get_shard (balance, hot)->sampled_rows, >=, 10000);
    g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_shard_ratio (balance), largest / (30000.0 / 16), 1e-9);
    g_assert_cmpuint (sw_shard_balance_get_n_nodes (balance), ==, 2);
    /* Sizes come from the shards (citus_total_relation_size), not the empty shell. */
    g_assert_cmpfloat (sw_shard_balance_get_total_bytes (balance), >, 16 * 8192);

    /* A sample of the distributed table keeps the hot shard. */
    {
      g_autoptr(SwShardBalance) sampled = sw_shard_balance_new ("public.\"Hot Keys\"", "k");

      sw_shard_balance_set_sample_rows (sampled, 5000);
      sw_shard_balance_set_sampling (sampled, SW_SHARD_BALANCE_SAMPLING_BERNOULLI);
      g_assert_true (sw_shard_balance_load (sampled, conn, NULL, &error));
      g_assert_no_error (error);
      g_test_message ("Citus BERNOULLI sample: %" G_GUINT64_FORMAT " rows, ratio %.2f (real %.2f), total %.0f",
                      sw_shard_balance_get_sampled_rows (sampled), sw_shard_balance_get_shard_ratio (sampled),
                      sw_shard_balance_get_shard_ratio (balance), sw_shard_balance_get_total_rows (sampled));
      g_assert_cmpuint (sw_shard_balance_get_largest_shard (sampled), ==, hot);
      g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_total_rows (sampled), 30000, 30000 * 0.05);
      g_assert_cmpfloat_with_epsilon (sw_shard_balance_get_shard_ratio (sampled),
                                      sw_shard_balance_get_shard_ratio (balance), 0.6);
    }
  }

  /* A plain table the plan colocates with the distributed one: its shards. */
  {
    g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("pending", "k");

    sw_shard_balance_set_colocate_with (balance, "public.\"Hot Keys\"");
    g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (sw_shard_balance_get_live_ranges (balance));
    g_assert_cmpuint (sw_shard_balance_get_n_shards (balance), ==, 16);
    /* 42 lands in the same shard in both tables. */
    g_assert_cmpuint (sw_shard_balance_get_largest_shard (balance), ==, hot);
    g_assert_cmpuint (sw_shard_balance_get_shard (balance, hot)->sampled_rows, >=, 500);
  }

  /* No colocation: equal ranges, round-robin as Citus will place them. */
  {
    g_autoptr(SwShardBalance) balance = sw_shard_balance_new ("later", "id");
    g_autoptr(PGresult) res = NULL;
    g_autoptr(GHashTable) later = NULL;

    sw_shard_balance_set_shard_count (balance, 6);
    g_assert_true (sw_shard_balance_load (balance, conn, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (sw_shard_balance_get_live_ranges (balance));
    g_assert_cmpuint (sw_shard_balance_get_n_shards (balance), ==, 6);
    g_assert_cmpuint (sw_shard_balance_get_n_nodes (balance), ==, 2);

    res = PQexec (conn, "SELECT create_distributed_table('later', 'id', shard_count => 6, colocate_with => 'none')");
    g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
    g_clear_pointer (&res, PQclear);
    res = PQexec (conn, "SELECT shardid, shardminvalue, shardmaxvalue FROM pg_dist_shard "
                        " WHERE logicalrelid = 'later'::regclass ORDER BY shardminvalue::int");
    g_assert_cmpint (PQntuples (res), ==, 6);
    later = real_counts (conn, "later");
    for (guint i = 0; i < 6; i++)
      {
        const SwShardBalanceShard *shard = sw_shard_balance_get_shard (balance, i);
        gint64 real_id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
        g_autofree char *node = placement_node (conn, real_id);

        g_assert_cmpint (shard->min_value, ==, (gint32) g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10));
        g_assert_cmpint (shard->max_value, ==, (gint32) g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10));
        g_assert_cmpstr (shard->node, ==, node);
        g_assert_cmpuint (shard->sampled_rows, ==,
                          GPOINTER_TO_SIZE (g_hash_table_lookup (later, &real_id)));
      }
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

  g_test_add_func ("/Sw/ShardBalanceCitus/projection", test_shard_balance_citus);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
