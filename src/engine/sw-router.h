/* sw-router.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libpq-fe.h>

#include "sw-types.h"
#include "sw-plan.h"
#include "sw-route.h"
#include "sw-workload.h"

G_BEGIN_DECLS

#define SW_ROUTER_ERROR (sw_router_error_quark ())

typedef enum
{
  SW_ROUTER_ERROR_PARSE = 1,
  SW_ROUTER_ERROR_NOT_ONE_STATEMENT,
  SW_ROUTER_ERROR_CONNECT,
  SW_ROUTER_ERROR_QUERY,
} SwRouterError;

/* Citus's citus.repartition_join_bucket_count_per_node default. */
#define SW_ROUTER_DEFAULT_BUCKETS_PER_NODE 4

/* The default cluster of design.md: the coordinator in the metadata and two workers. */
#define SW_ROUTER_DEFAULT_NODE_COUNT 3

#define SW_TYPE_ROUTER (sw_router_get_type ())

G_DECLARE_FINAL_TYPE (SwRouter, sw_router, SW, ROUTER, GObject)

GQuark       sw_router_error_quark                (void);

SwRouter    *sw_router_new                        (SwSchema             *schema,
                                                   SwPlan               *plan) G_GNUC_WARN_UNUSED_RESULT;
SwSchema    *sw_router_get_schema                 (SwRouter             *self);
SwPlan      *sw_router_get_plan                   (SwRouter             *self);
void         sw_router_set_enable_repartition_joins (SwRouter           *self,
                                                     gboolean            enabled);
gboolean     sw_router_get_enable_repartition_joins (SwRouter           *self);
void         sw_router_set_node_count             (SwRouter             *self,
                                                   guint                 node_count);
guint        sw_router_get_node_count             (SwRouter             *self);
void         sw_router_set_password               (SwRouter             *self,
                                                   const char           *password);

SwRoute     *sw_router_route                      (SwRouter             *self,
                                                   const char           *sql,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

GPtrArray   *sw_router_split_statements           (const char           *sql,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *sw_router_route_workload             (SwRouter             *self,
                                                   SwWorkload           *workload,
                                                   SwRouteScore         *score,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean     sw_router_load_cluster               (SwRouter             *self,
                                                   PGconn               *conn,
                                                   GError              **error);
void         sw_router_load_cluster_async         (SwRouter             *self,
                                                   const char           *conninfo,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     sw_router_load_cluster_finish        (SwRouter             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
gboolean     sw_router_has_cluster                (SwRouter             *self);
const char  *sw_router_get_shard_node             (SwRouter             *self,
                                                   const char           *qualified_name,
                                                   guint                 shard_index,
                                                   gint64               *shard_id);
gboolean     sw_router_find_shard_by_id           (SwRouter             *self,
                                                   gint64                shard_id,
                                                   const char          **qualified_name,
                                                   guint                *shard_index);

G_END_DECLS
