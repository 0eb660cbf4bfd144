/* sw-script-runner.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define SW_SCRIPT_RUNNER_ERROR (sw_script_runner_error_quark ())

/**
 * SwScriptRunnerError:
 * @SW_SCRIPT_RUNNER_ERROR_CONNECT: no connection to the server
 * @SW_SCRIPT_RUNNER_ERROR_PARSE: the script does not parse
 * @SW_SCRIPT_RUNNER_ERROR_STATEMENT: a statement failed; the ones before it ran
 *
 * Errors of the script runner.
 */
typedef enum
{
  SW_SCRIPT_RUNNER_ERROR_CONNECT = 1,
  SW_SCRIPT_RUNNER_ERROR_PARSE,
  SW_SCRIPT_RUNNER_ERROR_STATEMENT,
} SwScriptRunnerError;

/**
 * SwCitusTableInfo:
 * @table: citus_tables.table_name, as the server prints it
 * @citus_table_type: `distributed`, `reference`, `local`…
 * @distribution_column: (nullable): the distribution column, %NULL for `<none>`
 * @colocation_id: the colocation group
 * @shard_count: the shard count
 *
 * One row of citus_tables.
 */
typedef struct
{
  char *table;
  char *citus_table_type;
  char *distribution_column;
  int   colocation_id;
  int   shard_count;
} SwCitusTableInfo;

void sw_citus_table_info_free (SwCitusTableInfo *info);

#define SW_TYPE_SCRIPT_RUNNER (sw_script_runner_get_type ())

G_DECLARE_FINAL_TYPE (SwScriptRunner, sw_script_runner, SW, SCRIPT_RUNNER, GObject)

GQuark          sw_script_runner_error_quark       (void);

SwScriptRunner *sw_script_runner_new               (const char          *conninfo) G_GNUC_WARN_UNUSED_RESULT;
void            sw_script_runner_set_password      (SwScriptRunner      *self,
                                                    const char          *password);
gboolean        sw_script_runner_run_sync          (SwScriptRunner      *self,
                                                    const char          *sql,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
void            sw_script_runner_run_async         (SwScriptRunner      *self,
                                                    const char          *sql,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        sw_script_runner_run_finish        (SwScriptRunner      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
guint           sw_script_runner_get_n_done        (SwScriptRunner      *self);
GPtrArray      *sw_script_runner_read_citus_tables (SwScriptRunner      *self,
                                                    GCancellable        *cancellable,
                                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void            sw_script_runner_read_citus_tables_async  (SwScriptRunner      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray      *sw_script_runner_read_citus_tables_finish (SwScriptRunner      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

GArray         *sw_script_runner_read_shard_sizes  (SwScriptRunner      *self,
                                                    const char          *qualified_name,
                                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwCitusTableInfo, sw_citus_table_info_free)

G_END_DECLS
