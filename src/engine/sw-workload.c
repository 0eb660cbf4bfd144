/* sw-workload.c
 *
 * A workload: the queries an application runs and how often. It comes from
 * a SQL file (one statement after another, as psql would read them) or from
 * pg_stat_statements on a live database, and every query is kept with its
 * libpg_query parse tree for the analysis the advisor needs.
 *
 * Unparsable statements are handled differently by source, on purpose:
 *
 * - A file is written or curated by a person, who can fix it. The whole file
 *   goes through libpg_query's parser in one call, so statements are split
 *   exactly as the server would split them, and a statement that does not
 *   parse is an error (%SW_WORKLOAD_ERROR_SYNTAX) naming its line and column:
 *   silently dropping a query would silently change the recommendation.
 * - pg_stat_statements is what the server saw; a row that libpg_query cannot
 *   parse (a query text cut by track_activity_query_size, say) cannot be fixed
 *   by the user, so it is passed over and reported as a note
 *   (sw_workload_get_notes()).
 *
 * In a file, a `-- calls: N` comment among the comments right before a
 * statement says how often it runs; without one, a statement counts once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-workload"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-engine-autocleanups.h"
#include "sw-source-note.h"
#include "sw-workload-private.h"

typedef struct
{
  char *text;
  guint64 calls;
  guint line;
  PgQuery__Node *stmt;        /* borrowed from one of self->trees */
} Query;

struct _SwWorkload
{
  GObject parent_instance;

  /* Owned */
  GArray *queries;            /* Query */
  GPtrArray *trees;           /* PgQuery__ParseResult */
  GPtrArray *notes;           /* SwSourceNote */
};

G_DEFINE_FINAL_TYPE (SwWorkload, sw_workload, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-workload-error-quark, sw_workload_error)

/* Helpers */

static void
query_clear (gpointer data)
{
  Query *q = data;

  g_free (q->text);
}

static void
free_tree (gpointer data)
{
  pg_query__parse_result__free_unpacked (data, NULL);
}

static SwWorkload *
workload_new (void)
{
  return g_object_new (SW_TYPE_WORKLOAD, NULL);
}

static PgQuery__ParseResult *
parse (const char  *sql,
       int         *error_pos,
       char       **error_message)
{
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf (sql);
  PgQuery__ParseResult *tree = NULL;

  if (parsed.error != NULL)
    {
      *error_pos = parsed.error->cursorpos;
      *error_message = g_strdup (parsed.error->message);
    }
  else
    {
      tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len,
                                             (const uint8_t *)parsed.parse_tree.data);
      if (tree == NULL)
        {
          *error_pos = 0;
          *error_message = g_strdup (_("the parser returned an unreadable tree"));
        }
    }
  pg_query_free_protobuf_parse_result (parsed);
  return tree;
}

static void
byte_to_line_column (const char *text,
                     gsize       offset,
                     guint      *line,
                     guint      *column)
{
  const char *line_start = text;
  guint l = 1;

  for (gsize i = 0; i < offset && text[i] != '\0'; i++)
    {
      if (text[i] == '\n')
        {
          l++;
          line_start = text + i + 1;
        }
    }
  *line = l;
  *column = (guint)g_utf8_strlen (line_start, (text + offset) - line_start) + 1;
}

/* Reads `calls: N` (any case, blanks allowed) from the body of a `--`
 * comment.
 */
static gboolean
parse_calls_comment (const char *body,
                     gsize       len,
                     guint64    *calls)
{
  g_autofree char *copy = g_strndup (body, len);
  char *p = g_strstrip (copy);
  char *end = NULL;
  guint64 value;

  if (g_ascii_strncasecmp (p, "calls", 5) != 0)
    return FALSE;
  p += 5;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != ':' && *p != '=')
    return FALSE;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  value = g_ascii_strtoull (p, &end, 10);
  while (*end == ' ' || *end == '\t')
    end++;
  if (*end != '\0')
    return FALSE;
  *calls = value;
  return TRUE;
}

/* Statement locations start right after the previous semicolon: skip the
 * blanks and comments to the first token, reading `-- calls: N` on the way.
 */
static gsize
skip_leading (const char *text,
              gsize       start,
              gsize       end,
              guint64    *calls)
{
  gsize i = start;

  while (i < end)
    {
      if (g_ascii_isspace (text[i]))
        i++;
      else if (text[i] == '-' && i + 1 < end && text[i + 1] == '-')
        {
          gsize body = i + 2;

          i = body;
          while (i < end && text[i] != '\n')
            i++;
          parse_calls_comment (text + body, i - body, calls);
        }
      else if (text[i] == '/' && i + 1 < end && text[i + 1] == '*')
        {
          int depth = 1;

          i += 2;
          while (i < end && depth > 0)
            {
              if (text[i] == '/' && i + 1 < end && text[i + 1] == '*')
                depth++, i += 2;
              else if (text[i] == '*' && i + 1 < end && text[i + 1] == '/')
                depth--, i += 2;
              else
                i++;
            }
        }
      else
        break;
    }
  return i;
}

static char *
statement_text (const char *text,
                gsize       start,
                gsize       end)
{
  g_autofree char *copy = g_strndup (text + start, end - start);

  return g_strdup (g_strchomp (copy));
}

static gboolean
add_from_text (SwWorkload  *self,
               const char  *sql,
               GError     **error)
{
  PgQuery__ParseResult *tree;
  g_autofree char *message = NULL;
  const char *invalid = NULL;
  gsize text_len = strlen (sql);
  int pos = 0;

  if (!g_utf8_validate (sql, -1, &invalid))
    {
      guint line, column;

      byte_to_line_column (sql, invalid - sql, &line, &column);
      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_ENCODING,
                   _("The workload is not valid UTF-8 (line %u, column %u)"), line, column);
      return FALSE;
    }

  tree = parse (sql, &pos, &message);
  if (tree == NULL)
    {
      if (pos > 0)
        {
          glong n_chars = g_utf8_strlen (sql, -1);
          const char *at = g_utf8_offset_to_pointer (sql, MIN ((glong)pos - 1, n_chars));
          guint line, column;

          byte_to_line_column (sql, at - sql, &line, &column);
          g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_SYNTAX,
                       _("The workload has a statement that does not parse at line %u, column %u: %s"),
                       line, column, message);
        }
      else
        g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_SYNTAX,
                     _("The workload does not parse: %s"), message);
      return FALSE;
    }

  g_ptr_array_add (self->trees, tree);
  for (size_t i = 0; i < tree->n_stmts; i++)
    {
      PgQuery__RawStmt *raw = tree->stmts[i];
      gsize start = (gsize)MAX (raw->stmt_location, 0);
      gsize end = raw->stmt_len > 0 ? start + (gsize)raw->stmt_len : text_len;
      Query q = { 0 };
      guint column;

      if (raw->stmt == NULL)
        continue;
      q.calls = 1;
      start = skip_leading (sql, start, MIN (end, text_len), &q.calls);
      byte_to_line_column (sql, start, &q.line, &column);
      q.text = statement_text (sql, start, MIN (end, text_len));
      q.stmt = raw->stmt;
      g_array_append_val (self->queries, q);
    }

  return TRUE;
}

/* pg_stat_statements */

static char *
conn_error (PGconn *conn)
{
  g_autofree char *message = g_strdup (PQerrorMessage (conn));

  return g_strdup (g_strstrip (message));
}

static SwWorkload *
load_from_conn (PGconn        *conn,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(SwWorkload) self = NULL;
  g_autoptr(PGresult) check = NULL;
  g_autoptr(PGresult) rows = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = conn_error (conn);

      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_CONNECT,
                   _("Could not connect to the database: %s"), message);
      return NULL;
    }

  check = PQexec (conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements'");
  if (PQresultStatus (check) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = conn_error (conn);

      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_QUERY,
                   _("Could not read the installed extensions: %s"), message);
      return NULL;
    }
  if (PQntuples (check) == 0)
    {
      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_NO_EXTENSION,
                   _("The pg_stat_statements extension is not installed in database “%s”: "
                     "add pg_stat_statements to shared_preload_libraries, restart the server, "
                     "then run CREATE EXTENSION pg_stat_statements"),
                   PQdb (conn));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The same normalized text can appear once per user and per top-level
   * flag: sum them, most frequent first so the order is stable and useful.
   */
  rows = PQexec (conn,
                 "SELECT s.query, sum(s.calls)::bigint AS calls "
                 "FROM pg_stat_statements s "
                 "JOIN pg_catalog.pg_database d ON d.oid = s.dbid "
                 "WHERE d.datname = pg_catalog.current_database() "
                 "GROUP BY s.query ORDER BY 2 DESC, 1");
  if (PQresultStatus (rows) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = conn_error (conn);
      const char *sqlstate = PQresultErrorField (rows, PG_DIAG_SQLSTATE);

      /* 55000: "pg_stat_statements must be loaded via shared_preload_libraries". */
      g_set_error (error, SW_WORKLOAD_ERROR,
                   g_strcmp0 (sqlstate, "55000") == 0 ? SW_WORKLOAD_ERROR_NO_EXTENSION
                                                      : SW_WORKLOAD_ERROR_QUERY,
                   _("Could not read pg_stat_statements: %s"), message);
      return NULL;
    }

  self = workload_new ();
  for (int r = 0; r < PQntuples (rows); r++)
    {
      const char *text = PQgetvalue (rows, r, 0);
      g_autofree char *message = NULL;
      PgQuery__ParseResult *tree;
      int pos = 0;

      if ((r & 63) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      tree = parse (text, &pos, &message);
      if (tree == NULL)
        {
          g_autofree char *snippet = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 60));
          g_autofree char *note = g_strdup_printf (_("this pg_stat_statements entry does not parse and was passed over: %s"),
                                                   message);

          g_ptr_array_add (self->notes,
                           sw_source_note_new (SW_SOURCE_NOTE_IGNORED, (guint)r + 1, 1, snippet, note));
          continue;
        }
      g_ptr_array_add (self->trees, tree);
      for (size_t i = 0; i < tree->n_stmts; i++)
        {
          Query q = { 0 };

          if (tree->stmts[i]->stmt == NULL)
            continue;
          q.text = g_strdup (text);
          q.calls = g_ascii_strtoull (PQgetvalue (rows, r, 1), NULL, 10);
          q.line = 0;
          q.stmt = tree->stmts[i]->stmt;
          g_array_append_val (self->queries, q);
        }
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *conninfo = task_data;
  GError *error = NULL;
  SwWorkload *workload;

  workload = sw_workload_load_pg_stat_statements (conninfo, cancellable, &error);
  if (workload == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, workload, g_object_unref);
}

/* GObject */

static void
sw_workload_finalize (GObject *object)
{
  SwWorkload *self = (SwWorkload *)object;

  g_clear_pointer (&self->queries, g_array_unref);
  g_clear_pointer (&self->trees, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_workload_parent_class)->finalize (object);
}

static void
sw_workload_class_init (SwWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_workload_finalize;
}

static void
sw_workload_init (SwWorkload *self)
{
  self->queries = g_array_new (FALSE, TRUE, sizeof (Query));
  g_array_set_clear_func (self->queries, query_clear);
  self->trees = g_ptr_array_new_with_free_func (free_tree);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_source_note_free);
}

/* Private API */

PgQuery__Node *
_sw_workload_get_stmt (SwWorkload *self,
                       guint       i)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), NULL);
  g_return_val_if_fail (i < self->queries->len, NULL);

  return g_array_index (self->queries, Query, i).stmt;
}

/* Public API */

/**
 * sw_workload_new_from_sql:
 * @sql: SQL statements, UTF-8
 * @error: return location for a #GError in %SW_WORKLOAD_ERROR
 *
 * Reads the statements of @sql. A statement that does not parse is an error
 * (%SW_WORKLOAD_ERROR_SYNTAX) whose message names its line and column.
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL on error
 */
SwWorkload *
sw_workload_new_from_sql (const char  *sql,
                          GError     **error)
{
  g_autoptr(SwWorkload) self = NULL;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A byte-order mark is not part of the first statement. */
  if (g_str_has_prefix (sql, "\xEF\xBB\xBF"))
    sql += 3;

  self = workload_new ();
  if (!add_from_text (self, sql, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * sw_workload_new_from_file:
 * @path: a SQL file (file name in the GLib file name encoding)
 * @error: return location for a #GError in %SW_WORKLOAD_ERROR
 *
 * Reads the statements of the file at @path, as sw_workload_new_from_sql().
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL on error
 */
SwWorkload *
sw_workload_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_READ,
                   _("Could not read the workload: %s"), local_error->message);
      return NULL;
    }
  if (memchr (contents, '\0', len) != NULL)
    {
      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_ENCODING,
                   _("%s: the workload is not a text file"), path);
      return NULL;
    }
  return sw_workload_new_from_sql (contents, error);
}

/**
 * sw_workload_load_pg_stat_statements:
 * @conninfo: a libpq conninfo string or URI
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError in %SW_WORKLOAD_ERROR
 *
 * Connects to @conninfo and reads the current database's rows of
 * pg_stat_statements, with their call counts. Rows whose text does not parse
 * are passed over and listed by sw_workload_get_notes(), their line being
 * the row's position. Fails with %SW_WORKLOAD_ERROR_NO_EXTENSION when the
 * extension is not installed in the database or not loaded by the server.
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL on error
 */
SwWorkload *
sw_workload_load_pg_stat_statements (const char    *conninfo,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  conn = _sw_pg_connect (conninfo, NULL, "shardwise", &message);
  if (conn == NULL)
    {
      g_set_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_CONNECT,
                   _("Could not connect to the database: %s"), message);
      return NULL;
    }
  return load_from_conn (conn, cancellable, error);
}

/**
 * sw_workload_load_pg_stat_statements_from_conn:
 * @conn: an open connection, not used by anything else during the call
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError in %SW_WORKLOAD_ERROR
 *
 * As sw_workload_load_pg_stat_statements(), on a connection the caller owns.
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL on error
 */
SwWorkload *
sw_workload_load_pg_stat_statements_from_conn (PGconn        *conn,
                                               GCancellable  *cancellable,
                                               GError       **error)
{
  g_return_val_if_fail (conn != NULL, NULL);

  return load_from_conn (conn, cancellable, error);
}

/**
 * sw_workload_load_pg_stat_statements_async:
 * @conninfo: a libpq conninfo string or URI
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs sw_workload_load_pg_stat_statements() in a thread, on its own connection.
 */
void
sw_workload_load_pg_stat_statements_async (const char          *conninfo,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (conninfo != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_workload_load_pg_stat_statements_async);
  g_task_set_task_data (task, g_strdup (conninfo), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * sw_workload_load_pg_stat_statements_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError in %SW_WORKLOAD_ERROR or %G_IO_ERROR
 *
 * Returns: (transfer full) (nullable): the workload, or %NULL on error
 */
SwWorkload *
sw_workload_load_pg_stat_statements_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_workload_get_n_queries:
 * @self: a #SwWorkload
 *
 * Returns: how many queries the workload holds
 */
guint
sw_workload_get_n_queries (SwWorkload *self)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), 0);

  return self->queries->len;
}

/**
 * sw_workload_get_query:
 * @self: a #SwWorkload
 * @i: the query's index
 *
 * Returns: (transfer none): the text of query @i, from its first token, without the `;`
 */
const char *
sw_workload_get_query (SwWorkload *self,
                       guint       i)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), NULL);
  g_return_val_if_fail (i < self->queries->len, NULL);

  return g_array_index (self->queries, Query, i).text;
}

/**
 * sw_workload_get_calls:
 * @self: a #SwWorkload
 * @i: the query's index
 *
 * Returns: how often query @i runs: pg_stat_statements' calls, or in a file
 *   the `-- calls: N` comment before it (1 without one)
 */
guint64
sw_workload_get_calls (SwWorkload *self,
                       guint       i)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), 0);
  g_return_val_if_fail (i < self->queries->len, 0);

  return g_array_index (self->queries, Query, i).calls;
}

/**
 * sw_workload_get_line:
 * @self: a #SwWorkload
 * @i: the query's index
 *
 * Returns: the 1-based line of the first token of query @i in its file, or 0
 *   for a query read from pg_stat_statements
 */
guint
sw_workload_get_line (SwWorkload *self,
                      guint       i)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), 0);
  g_return_val_if_fail (i < self->queries->len, 0);

  return g_array_index (self->queries, Query, i).line;
}

/**
 * sw_workload_get_total_calls:
 * @self: a #SwWorkload
 *
 * Returns: the sum of the calls of all queries
 */
guint64
sw_workload_get_total_calls (SwWorkload *self)
{
  guint64 total = 0;

  g_return_val_if_fail (SW_IS_WORKLOAD (self), 0);

  for (guint i = 0; i < self->queries->len; i++)
    total += g_array_index (self->queries, Query, i).calls;
  return total;
}

/**
 * sw_workload_get_notes:
 * @self: a #SwWorkload
 *
 * Returns: (transfer none) (element-type SwSourceNote): pg_stat_statements
 *   entries that were passed over, and why
 */
GPtrArray *
sw_workload_get_notes (SwWorkload *self)
{
  g_return_val_if_fail (SW_IS_WORKLOAD (self), NULL);

  return self->notes;
}
