/* sw-script-runner.c
 *
 * Runs a script the engine wrote (the rollback script, say) on a server,
 * statement by statement as psql -v ON_ERROR_STOP=1 would, passing on the
 * NOTICE and WARNING messages; and reads citus_tables for the verify check.
 *
 * Each statement runs on its own (autocommit) unless the script opens a
 * transaction itself: undistribute_table() must not share one with the next
 * table's. Cancellation is checked between statements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-script-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-engine-autocleanups.h"
#include "sw-identifier.h"
#include "sw-router.h"
#include "sw-script-runner.h"

struct _SwScriptRunner
{
  GObject       parent_instance;

  char         *conninfo;
  char         *password;
  GMainContext *context;
  guint         n_done;
};

enum {
  SIGNAL_STATEMENT,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwScriptRunner, sw_script_runner, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-script-runner-error-quark, sw_script_runner_error)

void
sw_citus_table_info_free (SwCitusTableInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->table);
  g_free (info->citus_table_type);
  g_free (info->distribution_column);
  g_free (info);
}

typedef struct
{
  SwScriptRunner *self;
  guint           signal_id;
  guint           index;
  guint           n;
  char           *severity;
  char           *text;
} Emission;

static gboolean
emit_cb (gpointer user_data)
{
  Emission *e = user_data;

  if (e->signal_id == signals[SIGNAL_STATEMENT])
    g_signal_emit (e->self, e->signal_id, 0, e->index, e->n, e->text);
  else
    g_signal_emit (e->self, e->signal_id, 0, e->severity, e->text);

  return G_SOURCE_REMOVE;
}

static void
emission_free (Emission *e)
{
  g_object_unref (e->self);
  g_free (e->severity);
  g_free (e->text);
  g_free (e);
}

/* Signals reach the thread that called run: the UI's main thread. */
static void
emit (SwScriptRunner *self,
      guint           signal_id,
      guint           index,
      guint           n,
      const char     *severity,
      const char     *text)
{
  Emission *e = g_new0 (Emission, 1);

  e->self = g_object_ref (self);
  e->signal_id = signal_id;
  e->index = index;
  e->n = n;
  e->severity = g_strdup (severity);
  e->text = g_strdup (text);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, e,
                              (GDestroyNotify) emission_free);
}

static void
notice_receiver (void           *arg,
                 const PGresult *result)
{
  SwScriptRunner *self = arg;
  const char *severity = PQresultErrorField (result, PG_DIAG_SEVERITY_NONLOCALIZED);
  g_autofree char *text = g_strdup (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));

  emit (self, signals[SIGNAL_MESSAGE], 0, 0, severity ? severity : "NOTICE", text ? text : "");
}

static PGconn *
connect_server (SwScriptRunner  *self,
                GError         **error)
{
  g_autofree char *message = NULL;
  PGconn *conn = _sw_pg_connect (self->conninfo, self->password, "shardwise", &message);

  if (conn == NULL)
    {
      g_set_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_CONNECT,
                   _("Could not connect to the server: %s"), message);
      return NULL;
    }

  PQsetNoticeReceiver (conn, notice_receiver, self);
  return conn;
}

/**
 * sw_script_runner_run_sync:
 * @self: a #SwScriptRunner
 * @sql: the script
 * @cancellable: (nullable): checked between statements
 * @error: the place for an error
 *
 * Runs @sql one statement at a time and stops at the first error, whose
 * message says which statement failed and how many ran before it.
 *
 * Returns: %TRUE when every statement ran
 */
gboolean
sw_script_runner_run_sync (SwScriptRunner  *self,
                           const char      *sql,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(PGconn) conn = NULL;
  GError *parse_error = NULL;

  g_return_val_if_fail (SW_IS_SCRIPT_RUNNER (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  self->n_done = 0;

  statements = sw_router_split_statements (sql, &parse_error);
  if (statements == NULL)
    {
      g_set_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_PARSE,
                   "%s", parse_error->message);
      g_error_free (parse_error);
      return FALSE;
    }

  conn = connect_server (self, error);
  if (conn == NULL)
    return FALSE;

  for (guint i = 0; i < statements->len; i++)
    {
      const char *statement = g_ptr_array_index (statements, i);
      g_autoptr(PGresult) result = NULL;
      ExecStatusType status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      emit (self, signals[SIGNAL_STATEMENT], i, statements->len, NULL, statement);
      result = PQexec (conn, statement);
      status = PQresultStatus (result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
        {
          const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
          g_autofree char *message = g_strdup (primary ? primary : PQerrorMessage (conn));

          g_strchomp (message);
          g_set_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_STATEMENT,
                       _("Statement %u of %u failed: %s (the %u before it ran)"),
                       i + 1, statements->len, message, i);
          return FALSE;
        }

      self->n_done = i + 1;
    }

  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (!sw_script_runner_run_sync (source_object, task_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sw_script_runner_run_async (SwScriptRunner      *self,
                            const char          *sql,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_SCRIPT_RUNNER (self));
  g_return_if_fail (sql != NULL);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_script_runner_run_async);
  g_task_set_task_data (task, g_strdup (sql), g_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
sw_script_runner_run_finish (SwScriptRunner  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sw_script_runner_get_n_done:
 * @self: a #SwScriptRunner
 *
 * Returns: how many statements of the last run succeeded
 */
guint
sw_script_runner_get_n_done (SwScriptRunner *self)
{
  g_return_val_if_fail (SW_IS_SCRIPT_RUNNER (self), 0);

  return self->n_done;
}

/**
 * sw_script_runner_read_citus_tables:
 * @self: a #SwScriptRunner
 * @cancellable: (nullable): a #GCancellable
 * @error: the place for an error
 *
 * Returns: (transfer full) (element-type SwCitusTableInfo): citus_tables,
 *   ordered by table name
 */
GPtrArray *
sw_script_runner_read_citus_tables (SwScriptRunner  *self,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  GPtrArray *tables;

  g_return_val_if_fail (SW_IS_SCRIPT_RUNNER (self), NULL);

  conn = connect_server (self, error);
  if (conn == NULL)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* table_name is a regclass: print it qualified whatever the search_path. */
  result = PQexec (conn,
                   "SELECT n.nspname, c.relname, t.citus_table_type, t.distribution_column, "
                   "       t.colocation_id, t.shard_count "
                   "FROM pg_catalog.pg_class c "
                   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "JOIN citus_tables t ON t.table_name = c.oid "
                   "ORDER BY 1, 2");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn));

      g_strchomp (message);
      g_set_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_STATEMENT,
                   _("Could not read citus_tables: %s"), message);
      return NULL;
    }

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_citus_table_info_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      SwCitusTableInfo *info = g_new0 (SwCitusTableInfo, 1);
      const char *column = PQgetvalue (result, i, 3);

      info->table = sw_quote_qualified_name (PQgetvalue (result, i, 0), PQgetvalue (result, i, 1));
      info->citus_table_type = g_strdup (PQgetvalue (result, i, 2));
      info->distribution_column = g_strcmp0 (column, "<none>") != 0 && !PQgetisnull (result, i, 3)
                                  ? g_strdup (column) : NULL;
      info->colocation_id = atoi (PQgetvalue (result, i, 4));
      info->shard_count = atoi (PQgetvalue (result, i, 5));
      g_ptr_array_add (tables, info);
    }

  return tables;
}

static void
read_citus_tables_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tables = sw_script_runner_read_citus_tables (source_object, cancellable, &error);

  if (tables == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tables, (GDestroyNotify) g_ptr_array_unref);
}

void
sw_script_runner_read_citus_tables_async (SwScriptRunner      *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_SCRIPT_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_script_runner_read_citus_tables_async);
  g_task_run_in_thread (task, read_citus_tables_thread);
}

GPtrArray *
sw_script_runner_read_citus_tables_finish (SwScriptRunner  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_script_runner_read_shard_sizes:
 * @self: a #SwScriptRunner
 * @qualified_name: a distributed table
 * @error: the place for an error
 *
 * Reads the size of each shard of a distributed table from citus_shards, in
 * shard order: the balance of the table as it is on the cluster.
 *
 * Returns: (transfer full) (element-type double): the sizes, in bytes
 */
GArray *
sw_script_runner_read_shard_sizes (SwScriptRunner  *self,
                                   const char      *qualified_name,
                                   GError         **error)
{
  g_autoptr(PGconn) conn = connect_server (self, error);
  g_autoptr(PGresult) result = NULL;
  const char *params[1] = { qualified_name };
  GArray *sizes;

  if (conn == NULL)
    return NULL;

  result = PQexecParams (conn,
                         "SELECT shard_size FROM citus_shards "
                         "WHERE table_name = $1::regclass ORDER BY shardid",
                         1, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn));

      g_strchomp (message);
      g_set_error (error, SW_SCRIPT_RUNNER_ERROR, SW_SCRIPT_RUNNER_ERROR_STATEMENT,
                   _("Could not read citus_shards: %s"), message);
      return NULL;
    }

  sizes = g_array_new (FALSE, TRUE, sizeof (double));
  for (int i = 0; i < PQntuples (result); i++)
    {
      double size = g_ascii_strtod (PQgetvalue (result, i, 0), NULL);
      g_array_append_val (sizes, size);
    }

  return sizes;
}

static void
sw_script_runner_finalize (GObject *object)
{
  SwScriptRunner *self = SW_SCRIPT_RUNNER (object);

  g_free (self->conninfo);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sw_script_runner_parent_class)->finalize (object);
}

static void
sw_script_runner_class_init (SwScriptRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_script_runner_finalize;

  /**
   * SwScriptRunner::statement:
   * @self: the runner
   * @index: the statement's position, from 0
   * @n: how many statements the script has
   * @sql: the statement
   *
   * A statement is about to run.
   */
  signals[SIGNAL_STATEMENT] =
    g_signal_new ("statement", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * SwScriptRunner::message:
   * @self: the runner
   * @severity: `NOTICE`, `WARNING`… (not translated)
   * @text: the message
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sw_script_runner_init (SwScriptRunner *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/**
 * sw_script_runner_new:
 * @conninfo: a libpq conninfo or URI
 *
 * Returns: (transfer full): a new #SwScriptRunner
 */
SwScriptRunner *
sw_script_runner_new (const char *conninfo)
{
  SwScriptRunner *self = g_object_new (SW_TYPE_SCRIPT_RUNNER, NULL);

  self->conninfo = g_strdup (conninfo);
  return self;
}

void
sw_script_runner_set_password (SwScriptRunner *self,
                               const char     *password)
{
  g_return_if_fail (SW_IS_SCRIPT_RUNNER (self));

  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}
