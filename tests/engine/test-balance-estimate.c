/* test-balance-estimate.c
 *
 * The shard-balance prediction from pg_stats: common values land on the
 * shard Citus itself gives them (the shard indexes below are from
 * tests/data/hash-vectors, made with get_shard_id_for_distribution_column),
 * the rest spreads evenly, and what cannot be estimated is a clear error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sw-engine.h"
#include "sw-schema-private.h"
#include "sw-test-schema.h"

#define SCHEMA_SQL \
  "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n" \
  "CREATE TABLE accounts (account_id int PRIMARY KEY, tenant text, feeling mood);\n" \
  "CREATE TABLE orders (order_id bigint, account_id int, tenant text);\n" \
  "CREATE TABLE notes (note_id int);\n"

static void
set_stats (SwSchema           *schema,
           const char         *table,
           const char         *column,
           gint64              rows,
           double              null_frac,
           double              n_distinct,
           const char * const *mcv,
           const double       *freqs)
{
  SwTable *t = sw_test_find_table (schema, table);
  SwColumn *c = sw_table_find_column (t, column);

  g_assert_nonnull (c);
  t->estimated_rows = rows;
  t->total_bytes = rows * 100;
  c->has_stats = TRUE;
  c->null_frac = null_frac;
  c->n_distinct = n_distinct;
  g_strfreev (c->most_common_values);
  c->most_common_values = g_strdupv ((char **) mcv);
  g_clear_pointer (&c->most_common_freqs, g_array_unref);
  c->most_common_freqs = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; mcv != NULL && mcv[i] != NULL; i++)
    g_array_append_val (c->most_common_freqs, freqs[i]);
}

static SwPlan *
plan_distributing (const char *table,
                   const char *column)
{
  SwPlan *plan = sw_plan_new ();

  sw_plan_set_distributed (plan, table, column, NULL, 0);
  return plan;
}

/* int4 at 32 shards, from the vectors: -1 → 18, -10 → 30, -15 → 11, -18 → 11. */
static void
test_skewed_int (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (SCHEMA_SQL);
  g_autoptr(SwPlan) plan = plan_distributing ("public.accounts", "account_id");
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;
  const char *mcv[] = { "-1", "-10", "-15", "-18", NULL };
  const double freqs[] = { 0.30, 0.10, 0.05, 0.05 };
  const double rest = 1.0 - 0.05 - 0.50;
  const SwBalanceEstimateShard *shard;
  g_autofree double *shares = NULL;
  guint n_shares = 0;
  double sum = 0;

  set_stats (schema, "public.accounts", "account_id", 1000000, 0.05, 5000, mcv, freqs);
  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.accounts", &error);
  g_assert_no_error (error);
  g_assert_nonnull (estimate);

  g_assert_cmpstr (sw_balance_estimate_get_table (estimate), ==, "public.accounts");
  g_assert_cmpstr (sw_balance_estimate_get_column (estimate), ==, "account_id");
  g_assert_cmpuint (sw_balance_estimate_get_n_shards (estimate), ==, 32);
  g_assert_cmpuint (sw_balance_estimate_get_n_common (estimate), ==, 4);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_common_share (estimate), 0.50, 1e-12);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_other_share (estimate), rest, 1e-12);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_null_share (estimate), 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_other_distinct (estimate), 4996, 1e-9);

  shard = sw_balance_estimate_get_shard (estimate, 18);
  g_assert_cmpuint (shard->index, ==, 18);
  g_assert_cmpuint (shard->n_common, ==, 1);
  g_assert_cmpfloat_with_epsilon (shard->share, 0.30 + rest / 32, 1e-12);
  g_assert_cmpfloat_with_epsilon (shard->rows, (0.30 + rest / 32) * 1000000, 1e-6);
  g_assert_cmpfloat_with_epsilon (shard->bytes, (0.30 + rest / 32) * 100000000, 1e-3);
  /* Citus's own bounds for shard 18 of 32. */
  g_assert_cmpint (shard->min_value, ==, 268435456);
  g_assert_cmpint (shard->max_value, ==, 402653183);

  shard = sw_balance_estimate_get_shard (estimate, 11);
  g_assert_cmpuint (shard->n_common, ==, 2);
  g_assert_cmpfloat_with_epsilon (shard->common_share, 0.10, 1e-12);
  shard = sw_balance_estimate_get_shard (estimate, 30);
  g_assert_cmpfloat_with_epsilon (shard->share, 0.10 + rest / 32, 1e-12);
  shard = sw_balance_estimate_get_shard (estimate, 0);
  g_assert_cmpuint (shard->n_common, ==, 0);
  g_assert_cmpfloat_with_epsilon (shard->share, rest / 32, 1e-12);

  g_assert_cmpuint (sw_balance_estimate_get_largest_shard (estimate), ==, 18);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard_ratio (estimate),
                                  (0.30 + rest / 32) / (0.95 / 32), 1e-9);

  shares = sw_balance_estimate_dup_shares (estimate, &n_shares);
  g_assert_cmpuint (n_shares, ==, 32);
  for (guint i = 0; i < n_shares; i++)
    sum += shares[i];
  g_assert_cmpfloat_with_epsilon (sum, 0.95, 1e-12);
}

/* text at 32 shards, from the vectors: tenant-10 → 13, tenant-100 → 12. The
 * shard count of a colocated table is its anchor's.
 */
static void
test_text_colocated (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (SCHEMA_SQL);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;
  const char *mcv[] = { "tenant-10", "tenant-100", NULL };
  const double freqs[] = { 0.25, 0.15 };

  sw_plan_set_shard_count (plan, 8);
  sw_plan_set_distributed (plan, "public.accounts", "tenant", NULL, 32);
  sw_plan_set_distributed (plan, "public.orders", "tenant", "public.accounts", 0);
  g_assert_cmpuint (sw_balance_estimate_plan_shard_count (plan, "public.orders"), ==, 32);
  g_assert_cmpuint (sw_balance_estimate_plan_shard_count (plan, "public.notes"), ==, 8);

  set_stats (schema, "public.orders", "tenant", 2000, 0, -0.05, mcv, freqs);
  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.orders", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_balance_estimate_get_n_shards (estimate), ==, 32);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard (estimate, 13)->common_share, 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard (estimate, 12)->common_share, 0.15, 1e-12);
  g_assert_cmpuint (sw_balance_estimate_get_largest_shard (estimate), ==, 13);
  /* n_distinct -0.05 of 2000 rows: 100 values, 98 outside the list. */
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_other_distinct (estimate), 98, 1e-9);
}

/* A unique column has no common values: every shard gets the same share. */
static void
test_unique (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (SCHEMA_SQL);
  SwTable *table = sw_test_find_table (schema, "public.orders");
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;

  /* NaN is the model's "not known": no NULLs assumed, distinct values unknown. */
  set_stats (schema, "public.orders", "order_id", 64000, NAN, NAN, NULL, NULL);
  estimate = sw_balance_estimate_new (table, "order_id", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sw_balance_estimate_get_null_share (estimate), ==, 0.0);
  g_assert_cmpfloat (sw_balance_estimate_get_other_share (estimate), ==, 1.0);
  g_assert_cmpfloat (sw_balance_estimate_get_other_distinct (estimate), ==, -1);
  g_clear_object (&estimate);

  set_stats (schema, "public.orders", "order_id", 64000, 0, -1, NULL, NULL);
  estimate = sw_balance_estimate_new (table, "order_id", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_balance_estimate_get_n_shards (estimate), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard (estimate, i)->rows, 16000, 1e-6);
  g_assert_cmpfloat_with_epsilon (sw_balance_estimate_get_shard_ratio (estimate), 1.0, 1e-12);
  g_assert_cmpuint (sw_balance_estimate_get_largest_shard (estimate), ==, 0);
}

static void
test_errors (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (SCHEMA_SQL);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  SwTable *accounts = sw_test_find_table (schema, "public.accounts");
  const char *bad[] = { "not a number", NULL };
  const double freqs[] = { 0.5 };
  SwBalanceEstimate *estimate;
  GError *error = NULL;

  /* Read from SQL: no pg_stats. */
  sw_plan_set_distributed (plan, "public.accounts", "account_id", NULL, 0);
  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.accounts", &error);
  g_assert_null (estimate);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_STATS);
  g_assert_nonnull (strstr (error->message, "ANALYZE"));
  g_clear_error (&error);

  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.nowhere", &error);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_TABLE);
  g_clear_error (&error);

  sw_plan_set_reference (plan, "public.notes");
  estimate = sw_balance_estimate_new_for_plan (schema, plan, "public.notes", &error);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NOT_DISTRIBUTED);
  g_clear_error (&error);

  estimate = sw_balance_estimate_new (accounts, "no_such_column", 32, &error);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_COLUMN);
  g_clear_error (&error);

  /* An enum's hash needs the label's oid. */
  set_stats (schema, "public.accounts", "feeling", 10, 0, 3, NULL, NULL);
  estimate = sw_balance_estimate_new (accounts, "feeling", 32, &error);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_UNSUPPORTED_TYPE);
  g_clear_error (&error);

  set_stats (schema, "public.accounts", "account_id", 10, 0, 3, bad, freqs);
  estimate = sw_balance_estimate_new (accounts, "account_id", 32, &error);
  g_assert_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "not a number"));
  g_clear_error (&error);
  g_assert_null (estimate);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/BalanceEstimate/skewed-int", test_skewed_int);
  g_test_add_func ("/Sw/BalanceEstimate/text-colocated", test_text_colocated);
  g_test_add_func ("/Sw/BalanceEstimate/unique", test_unique);
  g_test_add_func ("/Sw/BalanceEstimate/errors", test_errors);

  return g_test_run ();
}
