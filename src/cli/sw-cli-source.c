/* sw-cli-source.c
 *
 * The SOURCE every command takes: --dsn CONNINFO or --schema FILE.sql.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "sw-cli.h"

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Waiter;

void
sw_cli_source_clear (SwCliSource *source)
{
  g_clear_pointer (&source->dsn, g_free);
  g_clear_pointer (&source->schema_file, g_free);
}

gboolean
sw_cli_parse_format (const char   *value,
                     SwCliFormat  *format,
                     GError      **error)
{
  if (value == NULL || g_str_equal (value, "text"))
    *format = SW_CLI_FORMAT_TEXT;
  else if (g_str_equal (value, "json"))
    *format = SW_CLI_FORMAT_JSON;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown format “%s”: use text or json"), value);
      return FALSE;
    }
  return TRUE;
}

void
sw_cli_print_error (const char   *command,
                    const GError *error)
{
  g_printerr ("shardwise-cli %s: %s\n", command, error->message);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_printerr ("%s\n", _("Interrupted: cancelling…"));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

/* Asks for a password on the terminal, without echo, as psql does. */
static char *
prompt_password (const char *describe)
{
  struct termios saved, quiet;
  char buffer[1024];
  gboolean restored = FALSE;

  if (!isatty (STDIN_FILENO))
    return NULL;

  g_printerr (_("Password for %s: "), describe);
  if (tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
      restored = TRUE;
    }
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';
  if (restored)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");

  g_strchomp (buffer);
  return g_strdup (buffer);
}

static SwSchema *
load_live (const char  *dsn,
           guint       *query_count,
           GError     **error)
{
  g_autofree char *password = NULL;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (dsn);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(GError) local_error = NULL;
      Waiter waiter = { loop, NULL };
      SwSchema *schema;
      guint sigint;

      if (password != NULL)
        sw_catalog_reader_set_password (reader, password);

      sigint = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);
      sw_catalog_reader_load_async (reader, cancellable, load_done_cb, &waiter);
      g_main_loop_run (loop);
      g_source_remove (sigint);

      schema = sw_catalog_reader_load_finish (reader, waiter.result, &local_error);
      g_clear_object (&waiter.result);
      *query_count = sw_catalog_reader_get_query_count (reader);
      if (schema != NULL)
        return schema;

      /* Like psql: when the server wants a password we were not given, ask once. */
      if (attempt == 0 && password == NULL &&
          g_error_matches (local_error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_AUTH) &&
          g_getenv ("PGPASSWORD") == NULL)
        {
          g_autofree char *describe = sw_conninfo_describe (dsn);

          password = prompt_password (describe);
          if (password != NULL)
            continue;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return NULL;
}

/**
 * sw_cli_source_load:
 * @source: the parsed SOURCE options
 *
 * Reads the schema from the database or the file. SIGINT cancels a live read.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SwSchema *
sw_cli_source_load (SwCliSource  *source,
                    GError      **error)
{
  if ((source->dsn == NULL) == (source->schema_file == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Give exactly one source: --dsn CONNINFO or --schema FILE.sql"));
      return NULL;
    }

  {
    gint64 start = g_get_monotonic_time ();
    SwSchema *schema;

    if (source->dsn != NULL)
      schema = load_live (source->dsn, &source->query_count, error);
    else
      {
        g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
        g_autoptr(GFile) file = g_file_new_for_commandline_arg (source->schema_file);

        schema = sw_sql_reader_load_file_sync (reader, file, NULL, error);
      }
    source->seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

    return schema;
  }
}

/**
 * sw_cli_write_file:
 * @path: (nullable): where to write; %NULL or "-" is standard output
 * @contents: the text
 *
 * Writes a whole output file, or standard output: see sw_file_set_contents().
 */
gboolean
sw_cli_write_file (const char  *path,
                   const char  *contents,
                   GError     **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      fputs (contents, stdout);
      return fflush (stdout) == 0;
    }

  return sw_file_set_contents (path, contents, -1, 0666, error);
}
