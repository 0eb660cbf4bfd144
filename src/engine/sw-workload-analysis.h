/* sw-workload-analysis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"
#include "sw-workload.h"

G_BEGIN_DECLS

/**
 * SwWorkloadUseKind:
 * @SW_WORKLOAD_USE_FILTER: `table.column = constant or parameter`, `IN (…)` or `= ANY (…)`,
 *   ANDed into a WHERE clause or a join condition: a query Citus can route to one shard
 *   when the table is distributed on the column
 * @SW_WORKLOAD_USE_JOIN: `a.x = b.y` between two tables: both on the same distribution
 *   column in the same colocation group makes the join local to each shard
 * @SW_WORKLOAD_USE_GROUP_BY: `GROUP BY table.column`: grouping by the distribution column
 *   pushes the whole aggregate down to the shards
 *
 * How a query uses a column.
 */
typedef enum
{
  SW_WORKLOAD_USE_FILTER,
  SW_WORKLOAD_USE_JOIN,
  SW_WORKLOAD_USE_GROUP_BY,
} SwWorkloadUseKind;

/**
 * SwWorkloadUse:
 * @kind: what the query does with the column
 * @table: the table, qualified (sw_quote_qualified_name())
 * @column: the column's name
 * @other_table: (nullable): for joins, the other side's table
 * @other_column: (nullable): for joins, the other side's column
 * @query: the index of the query in the workload
 * @calls: how often that query runs
 *
 * One use of a column by one query, with aliases and unqualified names
 * resolved against the schema. A query gives each use once, however often
 * it repeats it.
 */
typedef struct
{
  SwWorkloadUseKind kind;
  char *table;
  char *column;
  char *other_table;
  char *other_column;
  guint query;
  guint64 calls;
} SwWorkloadUse;

#define SW_TYPE_WORKLOAD_USE (sw_workload_use_get_type ())

GType          sw_workload_use_get_type (void) G_GNUC_CONST;
SwWorkloadUse *sw_workload_use_copy     (const SwWorkloadUse *use);
void           sw_workload_use_free     (SwWorkloadUse       *use);

GPtrArray     *sw_workload_analyze      (SwWorkload          *workload,
                                         SwSchema            *schema) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwWorkloadUse, sw_workload_use_free)

G_END_DECLS
