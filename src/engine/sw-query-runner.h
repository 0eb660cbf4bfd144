/* sw-query-runner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-query-rows.h"

G_BEGIN_DECLS

#define SW_QUERY_RUNNER_ERROR (sw_query_runner_error_quark ())

/**
 * SwQueryRunnerError:
 * @SW_QUERY_RUNNER_ERROR_CONNECT: the connection failed or was lost
 * @SW_QUERY_RUNNER_ERROR_PARSE: the text is not exactly one statement
 * @SW_QUERY_RUNNER_ERROR_TRANSACTION_CONTROL: the statement would end or
 *   change the transaction the runner opened (BEGIN, COMMIT, SET TRANSACTION…)
 * @SW_QUERY_RUNNER_ERROR_READ_ONLY: the statement writes and writes were not
 *   allowed; the message is PostgreSQL's own
 * @SW_QUERY_RUNNER_ERROR_TIMEOUT: the statement ran past the statement timeout
 * @SW_QUERY_RUNNER_ERROR_QUERY: PostgreSQL (or Citus) refused the statement;
 *   the message is theirs
 *
 * Why a statement did not run. Cancelling gives %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  SW_QUERY_RUNNER_ERROR_CONNECT = 1,
  SW_QUERY_RUNNER_ERROR_PARSE,
  SW_QUERY_RUNNER_ERROR_TRANSACTION_CONTROL,
  SW_QUERY_RUNNER_ERROR_READ_ONLY,
  SW_QUERY_RUNNER_ERROR_TIMEOUT,
  SW_QUERY_RUNNER_ERROR_QUERY,
} SwQueryRunnerError;

/* Defaults: enough rows to look at, and a timeout a preview can afford. */
#define SW_QUERY_RUNNER_DEFAULT_ROW_LIMIT 1000
#define SW_QUERY_RUNNER_DEFAULT_STATEMENT_TIMEOUT_MS 30000

#define SW_TYPE_QUERY_RUNNER (sw_query_runner_get_type ())

G_DECLARE_FINAL_TYPE (SwQueryRunner, sw_query_runner, SW, QUERY_RUNNER, GObject)

GQuark          sw_query_runner_error_quark             (void);

SwQueryRunner  *sw_query_runner_new                     (const char          *conninfo) G_GNUC_WARN_UNUSED_RESULT;
const char     *sw_query_runner_get_conninfo            (SwQueryRunner       *self);
void            sw_query_runner_set_password            (SwQueryRunner       *self,
                                                         const char          *password);
void            sw_query_runner_set_statement_timeout   (SwQueryRunner       *self,
                                                         guint                milliseconds);
guint           sw_query_runner_get_statement_timeout   (SwQueryRunner       *self);
void            sw_query_runner_set_row_limit           (SwQueryRunner       *self,
                                                         guint                row_limit);
guint           sw_query_runner_get_row_limit           (SwQueryRunner       *self);
void            sw_query_runner_set_allow_writes        (SwQueryRunner       *self,
                                                         gboolean             allow_writes);
gboolean        sw_query_runner_get_allow_writes        (SwQueryRunner       *self);

SwQueryRows  *sw_query_runner_run                     (SwQueryRunner       *self,
                                                         const char          *sql,
                                                         GCancellable        *cancellable,
                                                         GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void            sw_query_runner_run_async               (SwQueryRunner       *self,
                                                         const char          *sql,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
SwQueryRows  *sw_query_runner_run_finish              (SwQueryRunner       *self,
                                                         GAsyncResult        *result,
                                                         GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
