/* sw-shard-balance.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define SW_SHARD_BALANCE_ERROR (sw_shard_balance_error_quark ())

typedef enum
{
  SW_SHARD_BALANCE_ERROR_CONNECT = 1,
  SW_SHARD_BALANCE_ERROR_QUERY,
  SW_SHARD_BALANCE_ERROR_NO_TABLE,
  SW_SHARD_BALANCE_ERROR_NO_COLUMN,
  SW_SHARD_BALANCE_ERROR_UNSUPPORTED_TYPE,
  SW_SHARD_BALANCE_ERROR_INVALID_VALUE,
} SwShardBalanceError;

/**
 * SwShardBalanceSampling:
 * @SW_SHARD_BALANCE_SAMPLING_AUTO: a full scan for small tables (up to the
 *   sample size), BERNOULLI up to 100 times the sample size, SYSTEM above
 * @SW_SHARD_BALANCE_SAMPLING_FULL: every row
 * @SW_SHARD_BALANCE_SAMPLING_BERNOULLI: TABLESAMPLE BERNOULLI: each row with
 *   the same chance (reads every page)
 * @SW_SHARD_BALANCE_SAMPLING_SYSTEM: TABLESAMPLE SYSTEM: whole pages (fast,
 *   but rows stored together are sampled together)
 *
 * How the distribution column is read.
 */
typedef enum
{
  SW_SHARD_BALANCE_SAMPLING_AUTO,
  SW_SHARD_BALANCE_SAMPLING_FULL,
  SW_SHARD_BALANCE_SAMPLING_BERNOULLI,
  SW_SHARD_BALANCE_SAMPLING_SYSTEM,
} SwShardBalanceSampling;

/**
 * SwShardBalanceShard:
 * @index: the 0-based shard index, in hash-range order
 * @shard_id: the pg_dist_shard id with live ranges, else @index
 * @min_value: the first hash value of the shard
 * @max_value: the last hash value of the shard
 * @node: the node that holds (or would hold) the shard
 * @sampled_rows: the sampled rows that hash into the shard
 * @rows: the projected rows of the whole table
 * @bytes: the projected bytes of the whole table (with indexes and TOAST)
 *
 * One shard of the projection.
 */
typedef struct
{
  guint   index;
  gint64  shard_id;
  gint32  min_value;
  gint32  max_value;
  char   *node;
  guint64 sampled_rows;
  double  rows;
  double  bytes;
} SwShardBalanceShard;

/**
 * SwShardBalanceNode:
 * @name: `host:port` live, else a worker's label
 * @n_shards: how many shards it holds
 * @rows: the projected rows of its shards
 * @bytes: the projected bytes of its shards
 *
 * One node of the projection.
 */
typedef struct
{
  char   *name;
  guint   n_shards;
  double  rows;
  double  bytes;
} SwShardBalanceNode;

/* Rows sampled by default: enough for ±1% per shard at 32 shards. */
#define SW_SHARD_BALANCE_DEFAULT_SAMPLE_ROWS 100000

#define SW_TYPE_SHARD_BALANCE (sw_shard_balance_get_type ())

G_DECLARE_FINAL_TYPE (SwShardBalance, sw_shard_balance, SW, SHARD_BALANCE, GObject)

GQuark                     sw_shard_balance_error_quark      (void);

SwShardBalance            *sw_shard_balance_new              (const char             *qualified_table,
                                                              const char             *column) G_GNUC_WARN_UNUSED_RESULT;
const char                *sw_shard_balance_get_table        (SwShardBalance         *self);
const char                *sw_shard_balance_get_column       (SwShardBalance         *self);
void                       sw_shard_balance_set_shard_count  (SwShardBalance         *self,
                                                              guint                   shard_count);
guint                      sw_shard_balance_get_shard_count  (SwShardBalance         *self);
void                       sw_shard_balance_set_colocate_with (SwShardBalance        *self,
                                                               const char            *qualified_table);
void                       sw_shard_balance_set_nodes        (SwShardBalance         *self,
                                                              const char * const     *nodes);
void                       sw_shard_balance_set_sampling     (SwShardBalance         *self,
                                                              SwShardBalanceSampling  sampling);
void                       sw_shard_balance_set_sample_rows  (SwShardBalance         *self,
                                                              guint                   sample_rows);
void                       sw_shard_balance_set_password     (SwShardBalance         *self,
                                                              const char             *password);

gboolean                   sw_shard_balance_load             (SwShardBalance         *self,
                                                              PGconn                 *conn,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
void                       sw_shard_balance_load_async       (SwShardBalance         *self,
                                                              const char             *conninfo,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean                   sw_shard_balance_load_finish      (SwShardBalance         *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);

gboolean                   sw_shard_balance_is_loaded        (SwShardBalance         *self);
SwShardBalanceSampling     sw_shard_balance_get_sampling_used (SwShardBalance        *self);
gboolean                   sw_shard_balance_get_live_ranges  (SwShardBalance         *self);
guint64                    sw_shard_balance_get_sampled_rows (SwShardBalance         *self);
guint64                    sw_shard_balance_get_null_rows    (SwShardBalance         *self);
double                     sw_shard_balance_get_total_rows   (SwShardBalance         *self);
double                     sw_shard_balance_get_total_bytes  (SwShardBalance         *self);
guint                      sw_shard_balance_get_n_shards     (SwShardBalance         *self);
const SwShardBalanceShard *sw_shard_balance_get_shard        (SwShardBalance         *self,
                                                              guint                   index);
guint                      sw_shard_balance_get_n_nodes      (SwShardBalance         *self);
const SwShardBalanceNode  *sw_shard_balance_get_node         (SwShardBalance         *self,
                                                              guint                   index);
guint                      sw_shard_balance_get_largest_shard (SwShardBalance        *self);
double                     sw_shard_balance_get_shard_ratio  (SwShardBalance         *self);
double                     sw_shard_balance_get_node_ratio   (SwShardBalance         *self);

G_END_DECLS
