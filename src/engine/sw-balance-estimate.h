/* sw-balance-estimate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"

G_BEGIN_DECLS

#define SW_BALANCE_ESTIMATE_ERROR (sw_balance_estimate_error_quark ())

/**
 * SwBalanceEstimateError:
 * @SW_BALANCE_ESTIMATE_ERROR_NO_TABLE: the table is not in the schema
 * @SW_BALANCE_ESTIMATE_ERROR_NOT_DISTRIBUTED: the plan does not distribute
 *   the table by a column
 * @SW_BALANCE_ESTIMATE_ERROR_NO_COLUMN: the table has no such column
 * @SW_BALANCE_ESTIMATE_ERROR_NO_STATS: the column has no pg_stats (never
 *   analyzed, or the schema was read from a file)
 * @SW_BALANCE_ESTIMATE_ERROR_UNSUPPORTED_TYPE: the engine cannot compute the
 *   Citus hash of the column's type offline (enums, for one)
 * @SW_BALANCE_ESTIMATE_ERROR_INVALID_VALUE: a common value does not parse as
 *   the column's type
 *
 * Why no estimate could be made.
 */
typedef enum
{
  SW_BALANCE_ESTIMATE_ERROR_NO_TABLE = 1,
  SW_BALANCE_ESTIMATE_ERROR_NOT_DISTRIBUTED,
  SW_BALANCE_ESTIMATE_ERROR_NO_COLUMN,
  SW_BALANCE_ESTIMATE_ERROR_NO_STATS,
  SW_BALANCE_ESTIMATE_ERROR_UNSUPPORTED_TYPE,
  SW_BALANCE_ESTIMATE_ERROR_INVALID_VALUE,
} SwBalanceEstimateError;

/**
 * SwBalanceEstimateShard:
 * @index: the 0-based shard index, in hash-range order
 * @min_value: the first hash value of the shard
 * @max_value: the last hash value of the shard
 * @share: the predicted share of the table's rows, between 0 and 1
 * @common_share: the part of @share that comes from most common values
 * @n_common: how many of the most common values hash into the shard
 * @rows: the predicted rows (@share of the table's row estimate)
 * @bytes: the predicted bytes (@share of the table's total size)
 *
 * One shard of the prediction.
 */
typedef struct
{
  guint  index;
  gint32 min_value;
  gint32 max_value;
  double share;
  double common_share;
  guint  n_common;
  double rows;
  double bytes;
} SwBalanceEstimateShard;

#define SW_TYPE_BALANCE_ESTIMATE (sw_balance_estimate_get_type ())

G_DECLARE_FINAL_TYPE (SwBalanceEstimate, sw_balance_estimate, SW, BALANCE_ESTIMATE, GObject)

GQuark                        sw_balance_estimate_error_quark      (void);

SwBalanceEstimate            *sw_balance_estimate_new              (SwTable            *table,
                                                                    const char         *column,
                                                                    guint               shard_count,
                                                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;
SwBalanceEstimate            *sw_balance_estimate_new_for_plan     (SwSchema           *schema,
                                                                    SwPlan             *plan,
                                                                    const char         *qualified_table,
                                                                    GError            **error) G_GNUC_WARN_UNUSED_RESULT;
guint                         sw_balance_estimate_plan_shard_count (SwPlan             *plan,
                                                                    const char         *qualified_table);

const char                   *sw_balance_estimate_get_table        (SwBalanceEstimate  *self);
const char                   *sw_balance_estimate_get_column       (SwBalanceEstimate  *self);
guint                         sw_balance_estimate_get_n_shards     (SwBalanceEstimate  *self);
const SwBalanceEstimateShard *sw_balance_estimate_get_shard        (SwBalanceEstimate  *self,
                                                                    guint               index);
guint                         sw_balance_estimate_get_n_common     (SwBalanceEstimate  *self);
double                        sw_balance_estimate_get_common_share (SwBalanceEstimate  *self);
double                        sw_balance_estimate_get_other_share  (SwBalanceEstimate  *self);
double                        sw_balance_estimate_get_null_share   (SwBalanceEstimate  *self);
double                        sw_balance_estimate_get_other_distinct (SwBalanceEstimate *self);
double                        sw_balance_estimate_get_total_rows   (SwBalanceEstimate  *self);
double                        sw_balance_estimate_get_total_bytes  (SwBalanceEstimate  *self);
guint                         sw_balance_estimate_get_largest_shard (SwBalanceEstimate *self);
double                        sw_balance_estimate_get_shard_ratio  (SwBalanceEstimate  *self);
double                       *sw_balance_estimate_dup_shares       (SwBalanceEstimate  *self,
                                                                    guint              *n_shares) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
