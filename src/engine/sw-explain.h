/* sw-explain.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libpq-fe.h>

#include "sw-route.h"
#include "sw-router.h"

G_BEGIN_DECLS

#define SW_EXPLAIN_ERROR (sw_explain_error_quark ())

typedef enum
{
  SW_EXPLAIN_ERROR_PARSE = 1,
  SW_EXPLAIN_ERROR_CONNECT,
  SW_EXPLAIN_ERROR_QUERY,
} SwExplainError;

/**
 * SwExplainTask:
 * @node: (nullable): the node, as `host:port`
 * @shard_id: the shard the task reads, from its relation names; 0 when unknown
 * @relations: (element-type utf8): the shard relations of the task's plan
 *
 * One task of the EXPLAIN (only the tasks EXPLAIN shows: one of a multi-shard
 * query unless citus.explain_all_tasks is on).
 */
typedef struct
{
  char      *node;
  gint64     shard_id;
  GPtrArray *relations;
} SwExplainTask;

#define SW_TYPE_EXPLAIN (sw_explain_get_type ())

G_DECLARE_FINAL_TYPE (SwExplain, sw_explain, SW, EXPLAIN, GObject)

GQuark       sw_explain_error_quark          (void);

SwExplain   *sw_explain_new_from_json        (const char     *json,
                                              gssize          length,
                                              GError        **error) G_GNUC_WARN_UNUSED_RESULT;
SwExplain   *sw_explain_new_from_error       (const char     *message,
                                              const char     *hint) G_GNUC_WARN_UNUSED_RESULT;
const char  *sw_explain_get_error_message    (SwExplain      *self);
gboolean     sw_explain_has_citus_scan       (SwExplain      *self);
const char  *sw_explain_get_provider         (SwExplain      *self);
int          sw_explain_get_task_count       (SwExplain      *self);
gboolean     sw_explain_is_repartition       (SwExplain      *self);
const char  *sw_explain_get_insert_select_method (SwExplain  *self);
GPtrArray   *sw_explain_get_tasks            (SwExplain      *self);
GPtrArray   *sw_explain_get_subplans         (SwExplain      *self);
SwRoute     *sw_explain_to_route             (SwExplain      *self,
                                              SwRouter       *router) G_GNUC_WARN_UNUSED_RESULT;

SwExplain   *sw_explain_run                  (PGconn         *conn,
                                              const char     *sql,
                                              GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void         sw_explain_run_async            (const char     *conninfo,
                                              const char     *sql,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
void         sw_explain_run_full_async       (const char     *conninfo,
                                              const char     *password,
                                              const char     *sql,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
SwExplain   *sw_explain_run_finish           (GAsyncResult   *result,
                                              GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
