/* sw-query-runner.c
 *
 * Runs one user statement on a database so the routing preview can show its
 * rows. A preview must never change data by accident nor hang nor swallow the
 * client's memory, so:
 *  - the statement runs in a READ ONLY transaction unless writes are allowed
 *    explicitly (then a normal transaction that commits);
 *  - SET LOCAL statement_timeout bounds it on the server;
 *  - rows arrive in libpq's single-row mode and only the first row_limit ones
 *    are kept; past the limit a read-only statement is cancelled (its result
 *    is cut, and says so) while a write is drained, so it still completes;
 *  - cancelling the GCancellable sends PQcancel, so a long statement stops on
 *    the server rather than only in the client;
 *  - the extended protocol (PQsendQueryParams) runs exactly one statement,
 *    and libpg_query refuses transaction control before anything is sent, so
 *    the statement cannot leave the transaction the runner opened.
 * Each run uses its own connection, closed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-query-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-engine-autocleanups.h"
#include "sw-pg-query.h"
#include "sw-query-rows-private.h"
#include "sw-query-runner.h"

/* PostgreSQL's SQLSTATEs the runner tells apart. */
#define SQLSTATE_READ_ONLY_SQL_TRANSACTION "25006"
#define SQLSTATE_QUERY_CANCELED "57014"

struct _SwQueryRunner
{
  GObject   parent_instance;

  char     *conninfo;
  char     *password;
  guint     statement_timeout;
  guint     row_limit;
  gboolean  allow_writes;
};

G_DEFINE_FINAL_TYPE (SwQueryRunner, sw_query_runner, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-query-runner-error-quark, sw_query_runner_error)

typedef struct
{
  char     *conninfo;
  char     *password;
  char     *sql;
  guint     statement_timeout;
  guint     row_limit;
  gboolean  allow_writes;
} RunData;

typedef struct
{
  PGcancel *cancel;
  gint      user_cancelled;   /* atomic: set from the cancelling thread */
} CancelState;

static void
run_data_free (RunData *data)
{
  g_free (data->conninfo);
  _sw_password_clear (&data->password);
  g_free (data->sql);
  g_free (data);
}

static RunData *
run_data_new (SwQueryRunner *self,
              const char    *sql)
{
  RunData *data = g_new0 (RunData, 1);

  data->conninfo = g_strdup (self->conninfo);
  data->password = g_strdup (self->password);
  data->sql = g_strdup (sql);
  data->statement_timeout = self->statement_timeout;
  data->row_limit = self->row_limit;
  data->allow_writes = self->allow_writes;
  return data;
}

/* Exactly one statement, and none that ends or reshapes the transaction. */
static gboolean
check_statement (const char  *sql,
                 GError     **error)
{
  PgQueryProtobufParseResult parsed;
  PgQuery__ParseResult *tree;
  PgQuery__Node *stmt;
  gboolean ok = TRUE;

  parsed = pg_query_parse_protobuf (sql);
  if (parsed.error != NULL)
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE,
                   _("The query does not parse: %s (at character %d)"),
                   parsed.error->message, parsed.error->cursorpos);
      pg_query_free_protobuf_parse_result (parsed);
      return FALSE;
    }

  tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len,
                                         (const uint8_t *) parsed.parse_tree.data);
  pg_query_free_protobuf_parse_result (parsed);

  if (tree == NULL || tree->n_stmts != 1 || tree->stmts[0]->stmt == NULL)
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE,
                   _("Give exactly one statement to run (found %u)"),
                   tree != NULL ? (guint) tree->n_stmts : 0);
      if (tree != NULL)
        pg_query__parse_result__free_unpacked (tree, NULL);
      return FALSE;
    }

  stmt = tree->stmts[0]->stmt;
  if (stmt->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT ||
      (stmt->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT &&
       stmt->variable_set_stmt->name != NULL &&
       (g_ascii_strcasecmp (stmt->variable_set_stmt->name, "TRANSACTION") == 0 ||
        g_ascii_strcasecmp (stmt->variable_set_stmt->name, "transaction_read_only") == 0)))
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_TRANSACTION_CONTROL,
                   _("Transaction control cannot be run here: the statement runs in a transaction "
                     "that Shardwise opens and ends itself"));
      ok = FALSE;
    }
  else if (stmt->node_case == PG_QUERY__NODE__NODE_COPY_STMT &&
           (stmt->copy_stmt->filename == NULL || stmt->copy_stmt->filename[0] == '\0'))
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_PARSE,
                   _("COPY to or from the client cannot be run here; use SELECT to see rows"));
      ok = FALSE;
    }

  pg_query__parse_result__free_unpacked (tree, NULL);
  return ok;
}

static void
cancelled_cb (GCancellable *cancellable,
              CancelState  *state)
{
  char errbuf[256];

  g_atomic_int_set (&state->user_cancelled, 1);
  /* PQcancel is thread-safe: it opens its own connection to the postmaster. */
  if (state->cancel != NULL && !PQcancel (state->cancel, errbuf, sizeof errbuf))
    g_debug ("Could not send the cancel request: %s", errbuf);
}

static gboolean
exec_command (PGconn      *conn,
              const char  *command,
              GError     **error)
{
  g_autoptr(PGresult) res = PQexec (conn, command);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR,
                   PQstatus (conn) == CONNECTION_OK ? SW_QUERY_RUNNER_ERROR_QUERY
                                                    : SW_QUERY_RUNNER_ERROR_CONNECT,
                   _("Could not run “%s”: %s"), command, PQerrorMessage (conn));
      return FALSE;
    }
  return TRUE;
}

static void
add_columns (SwQueryRows *result,
             PGresult      *res)
{
  for (int c = 0; c < PQnfields (res); c++)
    _sw_query_rows_add_column (result, PQfname (res, c), PQftype (res, c), PQfmod (res, c));
}

static void
add_row (SwQueryRows *result,
         PGresult      *res)
{
  int n = PQnfields (res);
  char **values = g_new0 (char *, MAX (n, 1));

  for (int c = 0; c < n; c++)
    values[c] = PQgetisnull (res, 0, c) ? NULL : g_strndup (PQgetvalue (res, 0, c), PQgetlength (res, 0, c));
  _sw_query_rows_add_row (result, values);
}

/* Type names as format_type() writes them, in one query. A failure only
 * leaves the oid: the rows are what matters.
 */
static void
name_column_types (PGconn        *conn,
                   SwQueryRows *result)
{
  guint n = sw_query_rows_get_n_columns (result);
  g_autoptr(GString) oids = g_string_new ("{");
  g_autoptr(GString) mods = g_string_new ("{");
  g_autoptr(PGresult) res = NULL;
  const char *params[2];

  if (n == 0)
    return;

  for (guint c = 0; c < n; c++)
    {
      g_string_append_printf (oids, "%s%u", c > 0 ? "," : "", sw_query_rows_get_column_type_oid (result, c));
      g_string_append_printf (mods, "%s%d", c > 0 ? "," : "", _sw_query_rows_get_column_type_modifier (result, c));
    }
  g_string_append_c (oids, '}');
  g_string_append_c (mods, '}');
  params[0] = oids->str;
  params[1] = mods->str;

  res = PQexecParams (conn,
                      "SELECT pg_catalog.format_type(t.oid, NULLIF(t.mod, -1)) "
                      "  FROM unnest($1::pg_catalog.oid[], $2::pg_catalog.int4[]) WITH ORDINALITY AS t(oid, mod, n) "
                      " ORDER BY t.n",
                      2, NULL, params, NULL, NULL, 0);
  for (guint c = 0; c < n; c++)
    {
      if (PQresultStatus (res) == PGRES_TUPLES_OK && (int) c < PQntuples (res))
        _sw_query_rows_set_column_type (result, c, PQgetvalue (res, c, 0));
      else
        {
          g_autofree char *oid = g_strdup_printf ("%u", sw_query_rows_get_column_type_oid (result, c));

          _sw_query_rows_set_column_type (result, c, oid);
        }
    }
}

static GError *
error_from_result (PGresult *res,
                   PGconn   *conn,
                   guint     statement_timeout)
{
  const char *sqlstate = PQresultErrorField (res, PG_DIAG_SQLSTATE);
  const char *primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
  const char *detail = PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL);
  const char *hint = PQresultErrorField (res, PG_DIAG_MESSAGE_HINT);
  g_autoptr(GString) message = NULL;

  if (primary == NULL)
    return g_error_new (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT,
                        _("The connection was lost while the statement ran: %s"),
                        PQerrorMessage (conn));

  if (g_strcmp0 (sqlstate, SQLSTATE_READ_ONLY_SQL_TRANSACTION) == 0)
    return g_error_new (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_READ_ONLY,
                        _("%s (the statement ran in a read-only transaction: allow writes to run it)"),
                        primary);

  if (g_strcmp0 (sqlstate, SQLSTATE_QUERY_CANCELED) == 0 && statement_timeout > 0)
    return g_error_new (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_TIMEOUT,
                        _("The statement ran longer than the statement timeout (%u ms) and was stopped: %s"),
                        statement_timeout, primary);

  /* PostgreSQL's and Citus's own words: they are what the user searches for. */
  message = g_string_new (primary);
  if (detail != NULL)
    g_string_append_printf (message, "\n%s", detail);
  if (hint != NULL)
    g_string_append_printf (message, "\n%s", hint);
  return g_error_new_literal (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_QUERY, message->str);
}

static SwQueryRows *
run_statement (RunData       *data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *message = NULL;
  g_autoptr(SwQueryRows) result = NULL;
  g_autofree char *set_timeout = NULL;
  GError *statement_error = NULL;
  CancelState state = { NULL, 0 };
  gulong handler = 0;
  gboolean columns_known = FALSE;
  gboolean cut = FALSE;
  gboolean ok;
  PGresult *res;

  if (!check_statement (data->sql, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn = _sw_pg_connect (data->conninfo, data->password, "shardwise", &message);
  if (conn == NULL)
    {
      g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT,
                   _("Could not connect to the database: %s"), message);
      return NULL;
    }

  if (!exec_command (conn, data->allow_writes ? "BEGIN READ WRITE" : "BEGIN READ ONLY", error))
    return NULL;
  set_timeout = g_strdup_printf ("SET LOCAL statement_timeout = %u", data->statement_timeout);
  if (!exec_command (conn, set_timeout, error))
    return NULL;

  result = _sw_query_rows_new (!data->allow_writes, data->row_limit);

  state.cancel = PQgetCancel (conn);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), &state, NULL);

  /* The extended protocol refuses several statements in one string. */
  if (!PQsendQueryParams (conn, data->sql, 0, NULL, NULL, NULL, NULL, 0))
    {
      statement_error = g_error_new (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT,
                                     _("Could not send the statement: %s"), PQerrorMessage (conn));
    }
  else
    {
      PQsetSingleRowMode (conn);

      while ((res = PQgetResult (conn)) != NULL)
        {
          switch (PQresultStatus (res))
            {
            case PGRES_SINGLE_TUPLE:
              if (!columns_known)
                {
                  add_columns (result, res);
                  columns_known = TRUE;
                }
              if (sw_query_rows_get_n_rows (result) < data->row_limit)
                add_row (result, res);
              else if (!cut)
                {
                  cut = TRUE;
                  _sw_query_rows_set_truncated (result, TRUE);
                  /* A read stops here, on the server too. A write must finish
                   * (it is committed); its extra RETURNING rows are dropped
                   * one by one as they arrive.
                   */
                  if (!data->allow_writes)
                    {
                      char errbuf[256];

                      if (!PQcancel (state.cancel, errbuf, sizeof errbuf))
                        g_debug ("Could not stop the statement at the row limit: %s", errbuf);
                    }
                }
              break;

            case PGRES_TUPLES_OK:
              if (!columns_known)
                {
                  add_columns (result, res);
                  columns_known = TRUE;
                }
              _sw_query_rows_set_command (result, PQcmdStatus (res),
                                            PQcmdTuples (res)[0] != '\0' ? g_ascii_strtoll (PQcmdTuples (res), NULL, 10) : -1);
              break;

            case PGRES_COMMAND_OK:
              _sw_query_rows_set_command (result, PQcmdStatus (res),
                                            PQcmdTuples (res)[0] != '\0' ? g_ascii_strtoll (PQcmdTuples (res), NULL, 10) : -1);
              break;

            case PGRES_COPY_IN:
            case PGRES_COPY_OUT:
            case PGRES_COPY_BOTH:
              if (statement_error == NULL)
                statement_error = g_error_new (SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_QUERY,
                                               _("COPY to or from the client cannot be run here; use SELECT to see rows"));
              /* The connection is in COPY mode: drop it, which rolls back. */
              PQclear (res);
              goto out;

            case PGRES_EMPTY_QUERY:
            case PGRES_BAD_RESPONSE:
            case PGRES_NONFATAL_ERROR:
            case PGRES_FATAL_ERROR:
            case PGRES_PIPELINE_SYNC:
            case PGRES_PIPELINE_ABORTED:
            default:
              /* The cancel the row limit sent is not an error: the rows are there. */
              if (statement_error == NULL &&
                  !(cut && !data->allow_writes && g_atomic_int_get (&state.user_cancelled) == 0 &&
                    g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), SQLSTATE_QUERY_CANCELED) == 0))
                statement_error = error_from_result (res, conn, data->statement_timeout);
              break;
            }
          PQclear (res);
        }
    }

out:
  /* After this no cancel request can be sent for this statement. */
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  g_clear_pointer (&state.cancel, PQfreeCancel);

  if (g_atomic_int_get (&state.user_cancelled))
    {
      g_clear_error (&statement_error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The statement was cancelled"));
      return NULL;    /* closing the connection rolls the transaction back */
    }

  if (statement_error != NULL)
    {
      g_propagate_error (error, statement_error);
      return NULL;
    }

  if (PQstatus (conn) != CONNECTION_OK || PQtransactionStatus (conn) != PQTRANS_INTRANS)
    {
      /* A read cut at the row limit was cancelled: its transaction is aborted, as intended. */
      if (!(cut && !data->allow_writes && PQtransactionStatus (conn) == PQTRANS_INERROR))
        {
          g_set_error (error, SW_QUERY_RUNNER_ERROR, SW_QUERY_RUNNER_ERROR_CONNECT,
                       _("The transaction ended unexpectedly: %s"), PQerrorMessage (conn));
          return NULL;
        }
    }

  ok = exec_command (conn, data->allow_writes ? "COMMIT" : "ROLLBACK", error);
  if (!ok && data->allow_writes)
    return NULL;
  if (!ok)
    g_clear_error (error);

  name_column_types (conn, result);

  return g_steal_pointer (&result);
}

static void
sw_query_runner_finalize (GObject *object)
{
  SwQueryRunner *self = SW_QUERY_RUNNER (object);

  g_free (self->conninfo);
  _sw_password_clear (&self->password);

  G_OBJECT_CLASS (sw_query_runner_parent_class)->finalize (object);
}

static void
sw_query_runner_class_init (SwQueryRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_query_runner_finalize;
}

static void
sw_query_runner_init (SwQueryRunner *self)
{
  self->statement_timeout = SW_QUERY_RUNNER_DEFAULT_STATEMENT_TIMEOUT_MS;
  self->row_limit = SW_QUERY_RUNNER_DEFAULT_ROW_LIMIT;
}

/**
 * sw_query_runner_new:
 * @conninfo: a libpq connection string or URI
 *
 * A runner with the default row limit and statement timeout, read-only.
 *
 * Returns: (transfer full): a new #SwQueryRunner
 */
SwQueryRunner *
sw_query_runner_new (const char *conninfo)
{
  SwQueryRunner *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (SW_TYPE_QUERY_RUNNER, NULL);
  self->conninfo = g_strdup (conninfo);
  return self;
}

const char *
sw_query_runner_get_conninfo (SwQueryRunner *self)
{
  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), NULL);
  return self->conninfo;
}

/**
 * sw_query_runner_set_password:
 * @self: a #SwQueryRunner
 * @password: (nullable): a password for the connection, for example the one
 *   typed in the connect dialog; %NULL to leave it to libpq (.pgpass,
 *   PGPASSWORD, a service file)
 *
 * Keeps @password apart from the conninfo, so that it never shows in
 * messages; it is wiped from memory when replaced or when @self goes.
 */
void
sw_query_runner_set_password (SwQueryRunner *self,
                              const char    *password)
{
  g_return_if_fail (SW_IS_QUERY_RUNNER (self));
  _sw_password_replace (&self->password, password);
}

/**
 * sw_query_runner_set_statement_timeout:
 * @self: a #SwQueryRunner
 * @milliseconds: the server-side statement_timeout; 0 disables it
 */
void
sw_query_runner_set_statement_timeout (SwQueryRunner *self,
                                       guint          milliseconds)
{
  g_return_if_fail (SW_IS_QUERY_RUNNER (self));
  g_return_if_fail (milliseconds <= G_MAXINT32);
  self->statement_timeout = milliseconds;
}

guint
sw_query_runner_get_statement_timeout (SwQueryRunner *self)
{
  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), 0);
  return self->statement_timeout;
}

/**
 * sw_query_runner_set_row_limit:
 * @self: a #SwQueryRunner
 * @row_limit: the most rows kept (at least 1)
 */
void
sw_query_runner_set_row_limit (SwQueryRunner *self,
                               guint          row_limit)
{
  g_return_if_fail (SW_IS_QUERY_RUNNER (self));
  g_return_if_fail (row_limit > 0);
  self->row_limit = row_limit;
}

guint
sw_query_runner_get_row_limit (SwQueryRunner *self)
{
  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), 0);
  return self->row_limit;
}

/**
 * sw_query_runner_set_allow_writes:
 * @self: a #SwQueryRunner
 * @allow_writes: %TRUE to run in a read-write transaction that commits
 *
 * The explicit choice a write needs; off by default.
 */
void
sw_query_runner_set_allow_writes (SwQueryRunner *self,
                                  gboolean       allow_writes)
{
  g_return_if_fail (SW_IS_QUERY_RUNNER (self));
  self->allow_writes = !!allow_writes;
}

gboolean
sw_query_runner_get_allow_writes (SwQueryRunner *self)
{
  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), FALSE);
  return self->allow_writes;
}

/**
 * sw_query_runner_run:
 * @self: a #SwQueryRunner
 * @sql: exactly one statement
 * @cancellable: (nullable): cancelling it cancels the statement on the server
 * @error: return location for a #GError
 *
 * Runs @sql on its own connection (see the file comment for the guarantees).
 * Blocks: use sw_query_runner_run_async() from a UI.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled)
 */
SwQueryRows *
sw_query_runner_run (SwQueryRunner  *self,
                     const char     *sql,
                     GCancellable   *cancellable,
                     GError        **error)
{
  RunData *data;
  SwQueryRows *result;

  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  data = run_data_new (self, sql);
  result = run_statement (data, cancellable, error);
  run_data_free (data);
  return result;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  SwQueryRows *result = run_statement (task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * sw_query_runner_run_async:
 * @self: a #SwQueryRunner
 * @sql: exactly one statement
 * @cancellable: (nullable): cancelling it cancels the statement on the server
 * @callback: called when done
 * @user_data: for @callback
 *
 * sw_query_runner_run() in a thread, with the settings @self has now.
 */
void
sw_query_runner_run_async (SwQueryRunner       *self,
                           const char          *sql,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_QUERY_RUNNER (self));
  g_return_if_fail (sql != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_query_runner_run_async);
  g_task_set_task_data (task, run_data_new (self, sql), (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * sw_query_runner_run_finish:
 * @self: a #SwQueryRunner
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
SwQueryRows *
sw_query_runner_run_finish (SwQueryRunner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (SW_IS_QUERY_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
