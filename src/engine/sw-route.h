/* sw-route.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SwRouteKind:
 * @SW_ROUTE_KIND_LOCAL: no Citus table: a plain PostgreSQL plan
 * @SW_ROUTE_KIND_REFERENCE: only reference tables
 * @SW_ROUTE_KIND_ROUTER: distributed tables, exactly one task
 * @SW_ROUTE_KIND_MULTI_SHARD: more than one task, pushed down
 * @SW_ROUTE_KIND_REPARTITION: needs a repartition join (MapMergeJob)
 * @SW_ROUTE_KIND_UNSUPPORTED: Citus raises an error
 *
 * How Citus 13 plans a statement (design.md, `route` kinds).
 */
typedef enum
{
  SW_ROUTE_KIND_LOCAL,
  SW_ROUTE_KIND_REFERENCE,
  SW_ROUTE_KIND_ROUTER,
  SW_ROUTE_KIND_MULTI_SHARD,
  SW_ROUTE_KIND_REPARTITION,
  SW_ROUTE_KIND_UNSUPPORTED,
} SwRouteKind;

typedef struct _SwRoute SwRoute;

/**
 * SwRoute:
 * @kind: how the statement is planned
 * @task_count: the `Task Count` of the outermost Citus scan; 0 for local plans,
 *   -1 when it cannot be known offline
 * @shards: (element-type gint): the 0-based shard indexes the tasks touch, in
 *   order; empty when unknown (a parameter) or for repartition joins
 * @shard_ids: (element-type gint64): with a live cluster, the pg_dist_shard ids
 *   of @shards; empty offline
 * @nodes: (element-type utf8): with a live cluster, the `host:port` of the node
 *   of each distinct shard, in order; empty offline
 * @reason: why, in plain words (the error Citus prints when unsupported)
 * @hint: (nullable): what would make it work, when unsupported
 * @tables: (element-type utf8): `qualified name: kind` of each table the
 *   statement reads or writes
 * @subplans: (element-type SwRoute): CTEs and subqueries Citus plans first and
 *   whose results it passes to the outer query as intermediate results
 * @needs_repartition_joins: %TRUE when citus.enable_repartition_joins must be on
 * @insert_select_method: (nullable): `pushdown`, `repartition` or `pull to
 *   coordinator` for INSERT … SELECT
 *
 * The predicted (or, from EXPLAIN, the observed) routing of one statement.
 */
struct _SwRoute
{
  SwRouteKind  kind;
  int          task_count;
  GArray      *shards;
  GArray      *shard_ids;
  GPtrArray   *nodes;
  char        *reason;
  char        *hint;
  GPtrArray   *tables;
  GPtrArray   *subplans;
  gboolean     needs_repartition_joins;
  char        *insert_select_method;
};

#define SW_TYPE_ROUTE (sw_route_get_type ())

GType        sw_route_get_type          (void) G_GNUC_CONST;
SwRoute     *sw_route_new               (SwRouteKind    kind) G_GNUC_WARN_UNUSED_RESULT;
SwRoute     *sw_route_copy              (const SwRoute *route) G_GNUC_WARN_UNUSED_RESULT;
void         sw_route_free              (SwRoute       *route);
const char  *sw_route_kind_to_string    (SwRouteKind    kind);
gboolean     sw_route_kind_from_string  (const char    *string,
                                         SwRouteKind   *kind);
void         sw_route_add_shard         (SwRoute       *route,
                                         int            index);
gboolean     sw_route_has_shard         (const SwRoute *route,
                                         int            index);
void         sw_route_to_json           (const SwRoute *route,
                                         JsonBuilder   *builder);
GPtrArray   *sw_route_differences       (const SwRoute *predicted,
                                         const SwRoute *observed) G_GNUC_WARN_UNUSED_RESULT;

/**
 * SwRouteScore:
 * @calls: (array fixed-size=6): the calls of each #SwRouteKind
 * @total_calls: the sum of @calls
 * @n_queries: how many queries were added
 *
 * A workload's routing under one plan, weighted by calls, so two plans can be
 * compared side by side.
 */
typedef struct
{
  double calls[SW_ROUTE_KIND_UNSUPPORTED + 1];
  double total_calls;
  guint  n_queries;
} SwRouteScore;

void         sw_route_score_init        (SwRouteScore  *score);
void         sw_route_score_add         (SwRouteScore  *score,
                                         const SwRoute *route,
                                         double         calls);
double       sw_route_score_get_share   (const SwRouteScore *score,
                                         SwRouteKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwRoute, sw_route_free)

G_END_DECLS
