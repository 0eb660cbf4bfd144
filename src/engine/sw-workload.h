/* sw-workload.h
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

G_BEGIN_DECLS

#define SW_WORKLOAD_ERROR (sw_workload_error_quark ())

/**
 * SwWorkloadError:
 * @SW_WORKLOAD_ERROR_READ: the file could not be read
 * @SW_WORKLOAD_ERROR_ENCODING: the text is not valid UTF-8
 * @SW_WORKLOAD_ERROR_SYNTAX: a statement does not parse; the message carries its line and column
 * @SW_WORKLOAD_ERROR_CONNECT: the database could not be reached
 * @SW_WORKLOAD_ERROR_NO_EXTENSION: pg_stat_statements is not installed in the database or not
 *   loaded by the server
 * @SW_WORKLOAD_ERROR_QUERY: reading pg_stat_statements failed
 */
typedef enum
{
  SW_WORKLOAD_ERROR_READ = 1,
  SW_WORKLOAD_ERROR_ENCODING,
  SW_WORKLOAD_ERROR_SYNTAX,
  SW_WORKLOAD_ERROR_CONNECT,
  SW_WORKLOAD_ERROR_NO_EXTENSION,
  SW_WORKLOAD_ERROR_QUERY,
} SwWorkloadError;

#define SW_TYPE_WORKLOAD (sw_workload_get_type ())

G_DECLARE_FINAL_TYPE (SwWorkload, sw_workload, SW, WORKLOAD, GObject)

GQuark      sw_workload_error_quark                     (void);

SwWorkload *sw_workload_new_from_file                   (const char           *path,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SwWorkload *sw_workload_new_from_sql                    (const char           *sql,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

SwWorkload *sw_workload_load_pg_stat_statements         (const char           *conninfo,
                                                         GCancellable         *cancellable,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SwWorkload *sw_workload_load_pg_stat_statements_from_conn (PGconn             *conn,
                                                         GCancellable         *cancellable,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void        sw_workload_load_pg_stat_statements_async   (const char           *conninfo,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
SwWorkload *sw_workload_load_pg_stat_statements_finish  (GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

guint       sw_workload_get_n_queries                   (SwWorkload           *self);
const char *sw_workload_get_query                       (SwWorkload           *self,
                                                         guint                 i);
guint64     sw_workload_get_calls                       (SwWorkload           *self,
                                                         guint                 i);
guint       sw_workload_get_line                        (SwWorkload           *self,
                                                         guint                 i);
guint64     sw_workload_get_total_calls                 (SwWorkload           *self);
GPtrArray  *sw_workload_get_notes                       (SwWorkload           *self);

G_END_DECLS
