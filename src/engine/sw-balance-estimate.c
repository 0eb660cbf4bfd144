/* sw-balance-estimate.c
 *
 * A shard-balance prediction from statistics alone, for when there is no
 * Citus cluster to ask and no reason to read the table: the column's most
 * common values from pg_stats are hashed with Citus's hash (sw-hash) into
 * the plan's shard count, each bringing its frequency to its shard, and the
 * rest of the rows (neither NULL nor a common value) is spread evenly over
 * all shards, which is what a hash does to many distinct values.
 *
 * What it cannot see: the values outside the list. When they are few (less
 * than the shard count), an even spread is optimistic; the estimate says how
 * many there are so that the caller can tell. SwShardBalance samples the
 * table itself when that matters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-balance-estimate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sw-balance-estimate.h"
#include "sw-column.h"
#include "sw-hash.h"
#include "sw-schema.h"
#include "sw-table.h"

struct _SwBalanceEstimate
{
  GObject  parent_instance;

  char    *table;
  char    *column;
  GArray  *shards;          /* SwBalanceEstimateShard */
  guint    n_common;
  double   common_share;
  double   other_share;
  double   null_share;
  double   other_distinct;
  double   total_rows;
  double   total_bytes;
};

G_DEFINE_FINAL_TYPE (SwBalanceEstimate, sw_balance_estimate, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-balance-estimate-error-quark, sw_balance_estimate_error)

static void
sw_balance_estimate_finalize (GObject *object)
{
  SwBalanceEstimate *self = SW_BALANCE_ESTIMATE (object);

  g_free (self->table);
  g_free (self->column);
  g_clear_pointer (&self->shards, g_array_unref);

  G_OBJECT_CLASS (sw_balance_estimate_parent_class)->finalize (object);
}

static void
sw_balance_estimate_class_init (SwBalanceEstimateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_balance_estimate_finalize;
}

static void
sw_balance_estimate_init (SwBalanceEstimate *self)
{
  self->shards = g_array_new (FALSE, TRUE, sizeof (SwBalanceEstimateShard));
  self->other_distinct = -1;
}

/* pg_stats.n_distinct: a count when positive, a fraction of the rows when
 * negative, unknown at 0 (or NaN, the model's "not read").
 */
static double
distinct_values (SwColumn *column,
                 double    rows)
{
  double nd = sw_column_get_n_distinct (column);

  /* NaN: not known. */
  if (!isfinite (nd))
    return -1;
  if (nd > 0)
    return nd;
  if (nd < 0 && rows > 0)
    return -nd * rows;
  return -1;
}

/**
 * sw_balance_estimate_new:
 * @table: a table with statistics (a schema read live, after ANALYZE)
 * @column: the distribution column
 * @shard_count: the shard count, at least 1
 * @error: where to report why there is no estimate
 *
 * Predicts how @table's rows would spread over @shard_count hash shards if
 * distributed by @column.
 *
 * Returns: (transfer full) (nullable): the estimate, or %NULL with @error set
 */
SwBalanceEstimate *
sw_balance_estimate_new (SwTable     *table,
                         const char  *column,
                         guint        shard_count,
                         GError     **error)
{
  g_autoptr(SwBalanceEstimate) self = NULL;
  SwColumn *col;
  SwHashType type;
  const char * const *values;
  const double *freqs;
  guint n_freqs = 0;
  double rest, nd;

  g_return_val_if_fail (SW_IS_TABLE (table), NULL);
  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (shard_count > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  col = sw_table_find_column (table, column);
  if (col == NULL)
    {
      g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_COLUMN,
                   _("%s has no column %s"), sw_table_get_qualified_name (table), column);
      return NULL;
    }
  if (!sw_column_has_stats (col))
    {
      g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_STATS,
                   _("%s.%s has no statistics: run ANALYZE on the table and read the schema again"),
                   sw_table_get_qualified_name (table), column);
      return NULL;
    }
  if (!sw_hash_type_from_name (sw_column_get_type_name (col), &type) &&
      !sw_hash_type_from_name (sw_column_get_type_internal (col), &type))
    type = SW_HASH_TYPE_ENUM;
  if (type == SW_HASH_TYPE_ENUM)
    {
      /* An enum's hash is that of its label's oid, which only the database knows. */
      g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_UNSUPPORTED_TYPE,
                   _("The Citus hash of type %s cannot be computed without the database"),
                   sw_column_get_type_name (col));
      return NULL;
    }

  self = g_object_new (SW_TYPE_BALANCE_ESTIMATE, NULL);
  self->table = g_strdup (sw_table_get_qualified_name (table));
  self->column = g_strdup (column);
  self->total_rows = MAX (sw_table_get_estimated_rows (table), 0);
  self->total_bytes = MAX (sw_table_get_total_bytes (table), 0);
  self->null_share = sw_column_get_null_frac (col);
  self->null_share = isfinite (self->null_share) ? CLAMP (self->null_share, 0.0, 1.0) : 0.0;

  g_array_set_size (self->shards, shard_count);
  for (guint i = 0; i < shard_count; i++)
    {
      SwBalanceEstimateShard *shard = &g_array_index (self->shards, SwBalanceEstimateShard, i);

      shard->index = i;
      sw_hash_shard_bounds (i, shard_count, &shard->min_value, &shard->max_value);
    }

  values = sw_column_get_most_common_values (col);
  freqs = sw_column_get_most_common_freqs (col, &n_freqs);
  for (guint i = 0; values != NULL && freqs != NULL && i < n_freqs && values[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      SwBalanceEstimateShard *shard;
      gint32 hash;

      if (!sw_hash_value (type, values[i], &hash, &local))
        {
          g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_INVALID_VALUE,
                       _("The common value %s of %s.%s could not be hashed: %s"),
                       values[i], self->table, column, local->message);
          return NULL;
        }
      shard = &g_array_index (self->shards, SwBalanceEstimateShard, sw_hash_shard_index (hash, shard_count));
      shard->common_share += freqs[i];
      shard->n_common++;
      self->common_share += freqs[i];
      self->n_common++;
    }

  /* pg_stats frequencies are of all rows, NULLs included. */
  rest = MAX (1.0 - self->null_share - self->common_share, 0.0);
  self->other_share = rest;
  nd = distinct_values (col, self->total_rows);
  if (nd >= 0)
    self->other_distinct = MAX (nd - self->n_common, 0.0);

  for (guint i = 0; i < shard_count; i++)
    {
      SwBalanceEstimateShard *shard = &g_array_index (self->shards, SwBalanceEstimateShard, i);

      shard->share = shard->common_share + rest / shard_count;
      shard->rows = shard->share * self->total_rows;
      shard->bytes = shard->share * self->total_bytes;
    }

  return g_steal_pointer (&self);
}

/**
 * sw_balance_estimate_plan_shard_count:
 * @plan: a plan
 * @qualified_table: a table of the plan
 *
 * The shard count @plan gives @qualified_table: its own, else that of the
 * table it is colocated with, else the plan's.
 *
 * Returns: the shard count
 */
guint
sw_balance_estimate_plan_shard_count (SwPlan     *plan,
                                      const char *qualified_table)
{
  const SwPlanTable *entry;

  g_return_val_if_fail (SW_IS_PLAN (plan), 0);
  g_return_val_if_fail (qualified_table != NULL, 0);

  entry = sw_plan_lookup_table (plan, qualified_table);
  if (entry != NULL && entry->shard_count > 0)
    return entry->shard_count;

  /* Colocated tables have their anchor's shard count. */
  if (entry != NULL && entry->colocate_with != NULL && g_strcmp0 (entry->colocate_with, "none") != 0)
    {
      const SwPlanTable *anchor = sw_plan_lookup_table (plan, entry->colocate_with);

      if (anchor != NULL && anchor->shard_count > 0)
        return anchor->shard_count;
    }

  return sw_plan_get_shard_count (plan);
}

/**
 * sw_balance_estimate_new_for_plan:
 * @schema: the schema, read live so that it has statistics
 * @plan: a plan that distributes @qualified_table by a column
 * @qualified_table: the table
 * @error: where to report why there is no estimate
 *
 * sw_balance_estimate_new() for the column and shard count @plan gives the
 * table.
 *
 * Returns: (transfer full) (nullable): the estimate, or %NULL with @error set
 */
SwBalanceEstimate *
sw_balance_estimate_new_for_plan (SwSchema    *schema,
                                  SwPlan      *plan,
                                  const char  *qualified_table,
                                  GError     **error)
{
  const SwPlanTable *entry;
  SwTable *table;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (qualified_table != NULL, NULL);

  table = sw_schema_find_table (schema, qualified_table);
  if (table == NULL)
    {
      g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_TABLE,
                   _("There is no table %s in the schema"), qualified_table);
      return NULL;
    }

  entry = sw_plan_lookup_table (plan, qualified_table);
  if (entry == NULL || entry->kind != SW_PLAN_KIND_DISTRIBUTED || entry->column == NULL)
    {
      g_set_error (error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NOT_DISTRIBUTED,
                   _("The plan does not distribute %s by a column"), qualified_table);
      return NULL;
    }

  return sw_balance_estimate_new (table, entry->column,
                                  sw_balance_estimate_plan_shard_count (plan, qualified_table), error);
}

const char *
sw_balance_estimate_get_table (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), NULL);
  return self->table;
}

const char *
sw_balance_estimate_get_column (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), NULL);
  return self->column;
}

guint
sw_balance_estimate_get_n_shards (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->shards->len;
}

/**
 * sw_balance_estimate_get_shard:
 * @self: a #SwBalanceEstimate
 * @index: a shard index, below sw_balance_estimate_get_n_shards()
 *
 * Returns: (transfer none): the shard's prediction
 */
const SwBalanceEstimateShard *
sw_balance_estimate_get_shard (SwBalanceEstimate *self,
                               guint              index)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), NULL);
  g_return_val_if_fail (index < self->shards->len, NULL);
  return &g_array_index (self->shards, SwBalanceEstimateShard, index);
}

/**
 * sw_balance_estimate_get_n_common:
 * @self: a #SwBalanceEstimate
 *
 * Returns: how many most common values were hashed
 */
guint
sw_balance_estimate_get_n_common (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->n_common;
}

/**
 * sw_balance_estimate_get_common_share:
 * @self: a #SwBalanceEstimate
 *
 * Returns: the share of the rows holding one of the most common values
 */
double
sw_balance_estimate_get_common_share (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->common_share;
}

/**
 * sw_balance_estimate_get_other_share:
 * @self: a #SwBalanceEstimate
 *
 * Returns: the share of the rows, neither NULL nor a common value, that the
 *   estimate spreads evenly
 */
double
sw_balance_estimate_get_other_share (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->other_share;
}

/**
 * sw_balance_estimate_get_null_share:
 * @self: a #SwBalanceEstimate
 *
 * Returns: the share of the rows whose column is NULL; Citus refuses to
 *   distribute those, so anything above 0 must be fixed first
 */
double
sw_balance_estimate_get_null_share (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->null_share;
}

/**
 * sw_balance_estimate_get_other_distinct:
 * @self: a #SwBalanceEstimate
 *
 * Returns: about how many distinct values lie outside the common values, or
 *   -1 when pg_stats does not say; fewer than the shard count cannot fill
 *   every shard, and the even spread is then optimistic
 */
double
sw_balance_estimate_get_other_distinct (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), -1);
  return self->other_distinct;
}

double
sw_balance_estimate_get_total_rows (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->total_rows;
}

double
sw_balance_estimate_get_total_bytes (SwBalanceEstimate *self)
{
  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);
  return self->total_bytes;
}

/**
 * sw_balance_estimate_get_largest_shard:
 * @self: a #SwBalanceEstimate
 *
 * Returns: the index of the shard predicted to hold the most rows (the
 *   first one of a tie)
 */
guint
sw_balance_estimate_get_largest_shard (SwBalanceEstimate *self)
{
  guint largest = 0;

  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);

  for (guint i = 1; i < self->shards->len; i++)
    if (g_array_index (self->shards, SwBalanceEstimateShard, i).share >
        g_array_index (self->shards, SwBalanceEstimateShard, largest).share)
      largest = i;

  return largest;
}

/**
 * sw_balance_estimate_get_shard_ratio:
 * @self: a #SwBalanceEstimate
 *
 * Returns: the largest shard's share over the mean share (1 is perfectly
 *   even), or 0 when no row is predicted anywhere
 */
double
sw_balance_estimate_get_shard_ratio (SwBalanceEstimate *self)
{
  double total = 0;
  double largest;

  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), 0);

  for (guint i = 0; i < self->shards->len; i++)
    total += g_array_index (self->shards, SwBalanceEstimateShard, i).share;
  if (total <= 0 || self->shards->len == 0)
    return 0;

  largest = g_array_index (self->shards, SwBalanceEstimateShard,
                           sw_balance_estimate_get_largest_shard (self)).share;
  return largest / (total / self->shards->len);
}

/**
 * sw_balance_estimate_dup_shares:
 * @self: a #SwBalanceEstimate
 * @n_shares: (out): the number of shards
 *
 * Returns: (transfer full) (array length=n_shares): each shard's share of
 *   the rows, in shard order, for a chart
 */
double *
sw_balance_estimate_dup_shares (SwBalanceEstimate *self,
                                guint             *n_shares)
{
  double *shares;

  g_return_val_if_fail (SW_IS_BALANCE_ESTIMATE (self), NULL);
  g_return_val_if_fail (n_shares != NULL, NULL);

  *n_shares = self->shards->len;
  shares = g_new0 (double, MAX (self->shards->len, 1));
  for (guint i = 0; i < self->shards->len; i++)
    shares[i] = g_array_index (self->shards, SwBalanceEstimateShard, i).share;

  return shares;
}
