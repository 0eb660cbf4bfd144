/* sw-applier.c
 *
 * Carries out a plan on a Citus coordinator, one step at a time:
 *
 * - it refuses, before changing anything, a server without Citus, a
 *   database that no longer has what the plan names, and a coordinator whose
 *   settings would make create_distributed_table_concurrently fail half-way;
 * - it warns, before changing anything, when rollback.sql will not be able to
 *   move some tables back (identity columns, which Citus will not undistribute);
 * - it writes the steps to a journal (shardwise.journal on the coordinator)
 *   before running the first one, and marks each step done in the same
 *   transaction as the step, so a second apply of the same plan reads the
 *   steps back and skips what is done. Steps Citus runs outside a transaction
 *   (create_distributed_table_concurrently) also carry a query that tells
 *   whether their effect is in place, for the case where the connection
 *   dropped between the step and its journal entry;
 * - it counts the rows of each table before and after the table moves, stops
 *   when they differ, and truncates the local copy only when asked and only
 *   when they match;
 * - it stops at the first error with Citus's own message, and what was and
 *   was not done.
 *
 * Progress goes out as signals, emitted in the main context of the thread that
 * started the apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-applier"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sw-pg-connect.h"
#include "sw-applier.h"
#include "sw-catalog-reader.h"
#include "sw-engine-autocleanups.h"
#include "sw-identifier.h"
#include "sw-schema.h"
#include "sw-table.h"
#include "sw-validator.h"

struct _SwApplier
{
  GObject parent_instance;

  /* Owned */
  char             *conninfo;
  char             *password;
  SwPlan           *plan;
  SwMigrationFlags  flags;
  GPtrArray        *schema_changes;
  GPtrArray        *diagnostics;   /* SwDiagnostic: the validator on the last run's migration */
  GPtrArray        *steps;         /* SwMigrationStep */
  GArray           *status;        /* SwApplierStepStatus */
  GArray           *seconds;       /* double */
  GHashTable       *rows_before;   /* table → gint64* */
  GHashTable       *rows_after;
  GMainContext     *context;       /* where signals go */
  guint             truncate_local : 1;
  guint             resumed : 1;
  guint             running : 1;
};

G_DEFINE_FINAL_TYPE (SwApplier, sw_applier, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-applier-error-quark, sw_applier_error)

enum {
  SIGNAL_STEP_STARTED,
  SIGNAL_STEP_FINISHED,
  SIGNAL_ROWS_COUNTED,
  SIGNAL_MESSAGE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

#define JOURNAL_DDL \
  "CREATE SCHEMA IF NOT EXISTS shardwise;\n" \
  "CREATE TABLE IF NOT EXISTS shardwise.journal (\n" \
  "  plan_fingerprint text NOT NULL,\n" \
  "  position integer NOT NULL,\n" \
  "  step_key text NOT NULL,\n" \
  "  kind text NOT NULL,\n" \
  "  title text NOT NULL,\n" \
  "  reason text,\n" \
  "  tables text[] NOT NULL,\n" \
  "  statements text[] NOT NULL,\n" \
  "  rollback_statements text[] NOT NULL,\n" \
  "  done_check text,\n" \
  "  outside_transaction boolean NOT NULL,\n" \
  "  moves_data boolean NOT NULL,\n" \
  "  blocks_writes boolean NOT NULL,\n" \
  "  status text NOT NULL DEFAULT 'pending',\n" \
  "  rows_before bigint[],\n" \
  "  rows_after bigint[],\n" \
  "  started_at timestamptz,\n" \
  "  finished_at timestamptz,\n" \
  "  message text,\n" \
  "  PRIMARY KEY (plan_fingerprint, position)\n" \
  ")"

/* ------------------------------------------------------------------------ */
/* Signals, in the caller's main context                                    */

typedef struct
{
  SwApplier       *self;
  guint            signal_id;
  guint            position;
  guint            n_steps;
  SwMigrationStep *step;
  int              status;
  char            *table;
  gint64           before;
  gint64           after;
  char            *severity;
  char            *text;
} Emission;

static void
emission_free (Emission *emission)
{
  g_object_unref (emission->self);
  g_clear_object (&emission->step);
  g_free (emission->table);
  g_free (emission->severity);
  g_free (emission->text);
  g_free (emission);
}

static gboolean
emit_cb (gpointer user_data)
{
  Emission *e = user_data;

  if (e->signal_id == signals[SIGNAL_STEP_STARTED])
    g_signal_emit (e->self, e->signal_id, 0, e->position, e->n_steps, e->step);
  else if (e->signal_id == signals[SIGNAL_STEP_FINISHED])
    g_signal_emit (e->self, e->signal_id, 0, e->position, e->n_steps, e->step, e->status);
  else if (e->signal_id == signals[SIGNAL_ROWS_COUNTED])
    g_signal_emit (e->self, e->signal_id, 0, e->table, e->before, e->after);
  else
    g_signal_emit (e->self, e->signal_id, 0, e->severity, e->text);

  return G_SOURCE_REMOVE;
}

static void
emit (SwApplier *self,
      Emission  *emission)
{
  emission->self = g_object_ref (self);
  emission->signal_id = signals[emission->signal_id];
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_cb, emission,
                              (GDestroyNotify)emission_free);
}

static void
emit_step (SwApplier       *self,
           int              signal,
           guint            position,
           SwMigrationStep *step,
           int              status)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = signal;
  emission->position = position;
  emission->n_steps = self->steps->len;
  emission->step = g_object_ref (step);
  emission->status = status;
  emit (self, emission);
}

static void
emit_message (SwApplier  *self,
              const char *severity,
              const char *text)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->signal_id = SIGNAL_MESSAGE;
  emission->severity = g_strdup (severity);
  emission->text = g_strdup (text);
  emit (self, emission);
}

static void
notice_cb (void           *user_data,
           const PGresult *result)
{
  SwApplier *self = user_data;
  const char *severity = PQresultErrorField (result, PG_DIAG_SEVERITY_NONLOCALIZED);
  g_autofree char *text = g_strdup (PQresultErrorMessage (result));

  g_strchomp (text);
  emit_message (self, severity != NULL ? severity : "NOTICE", text);
}

/* ------------------------------------------------------------------------ */
/* libpq helpers                                                            */

/* Citus's error as psql prints it: the message, then DETAIL and HINT. */
static char *
server_error (PGconn   *conn,
              PGresult *result)
{
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autoptr(GString) str = g_string_new (NULL);

  if (primary == NULL)
    {
      g_string_append (str, PQerrorMessage (conn));
      g_strchomp (str->str);
      str->len = strlen (str->str);
      return g_string_free (g_steal_pointer (&str), FALSE);
    }

  g_string_append_printf (str, "ERROR:  %s", primary);
  if (PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL) != NULL)
    g_string_append_printf (str, "\nDETAIL:  %s", PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL));
  if (PQresultErrorField (result, PG_DIAG_MESSAGE_HINT) != NULL)
    g_string_append_printf (str, "\nHINT:  %s", PQresultErrorField (result, PG_DIAG_MESSAGE_HINT));

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static PGresult *
exec_params (PGconn             *conn,
             const char         *sql,
             int                 n_params,
             const char * const *values,
             char              **message)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;

  if (message != NULL)
    *message = server_error (conn, result);
  PQclear (result);
  return NULL;
}

/* The simple query protocol: a step's statement is sent as the user would
 * type it in psql. */
static gboolean
exec_simple (PGconn      *conn,
             const char  *sql,
             char       **message)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;

  if (message != NULL)
    {
      g_free (*message);
      *message = server_error (conn, result);
    }
  return FALSE;
}

/* A text[] literal for PQexecParams. */
static char *
array_literal (const char * const *values)
{
  g_autoptr(GString) str = g_string_new ("{");

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (str, ',');
      g_string_append_c (str, '"');
      for (const char *p = values[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (str, '\\');
          g_string_append_c (str, *p);
        }
      g_string_append_c (str, '"');
    }
  g_string_append_c (str, '}');

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* Parses a text[] value as the server prints it. */
static GStrv
parse_array (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text;

  if (p == NULL || *p != '{')
    return g_strv_builder_end (builder);
  p++;

  while (*p != '\0' && *p != '}')
    {
      g_autoptr(GString) item = g_string_new (NULL);

      if (*p == '"')
        {
          p++;
          while (*p != '\0' && *p != '"')
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (item, *p++);
            }
          if (*p == '"')
            p++;
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '}')
            g_string_append_c (item, *p++);
        }
      g_strv_builder_add (builder, item->str);
      if (*p == ',')
        p++;
    }

  return g_strv_builder_end (builder);
}

static char *
int64_array_literal (GArray *values)
{
  g_autoptr(GString) str = g_string_new ("{");

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (str, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (values, gint64, i));
  g_string_append_c (str, '}');

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
sw_applier_finalize (GObject *object)
{
  SwApplier *self = (SwApplier *)object;

  g_free (self->conninfo);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->schema_changes, g_ptr_array_unref);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->status, g_array_unref);
  g_clear_pointer (&self->seconds, g_array_unref);
  g_clear_pointer (&self->rows_before, g_hash_table_unref);
  g_clear_pointer (&self->rows_after, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sw_applier_parent_class)->finalize (object);
}

static void
sw_applier_class_init (SwApplierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_applier_finalize;

  /**
   * SwApplier::step-started:
   * @self: the applier
   * @position: the step's position, from 0
   * @n_steps: how many steps the migration has
   * @step: the step
   *
   * A step is about to run (or to be skipped, when it is done already).
   */
  signals[SIGNAL_STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, SW_TYPE_MIGRATION_STEP);

  /**
   * SwApplier::step-finished:
   * @self: the applier
   * @position: the step's position, from 0
   * @n_steps: how many steps the migration has
   * @step: the step
   * @status: a #SwApplierStepStatus
   */
  signals[SIGNAL_STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT,
                  SW_TYPE_MIGRATION_STEP, G_TYPE_INT);

  /**
   * SwApplier::rows-counted:
   * @self: the applier
   * @table: a moved table, qualified
   * @before: its rows before the move
   * @after: its rows after the move, as Citus returns them
   */
  signals[SIGNAL_ROWS_COUNTED] =
    g_signal_new ("rows-counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);

  /**
   * SwApplier::message:
   * @self: the applier
   * @severity: `NOTICE`, `WARNING`… as the server sends it (not translated)
   * @text: the message with its DETAIL and HINT
   *
   * A NOTICE or WARNING from the coordinator, or a line of the applier's own log.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sw_applier_init (SwApplier *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->status = g_array_new (FALSE, TRUE, sizeof (SwApplierStepStatus));
  self->seconds = g_array_new (FALSE, TRUE, sizeof (double));
  self->rows_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rows_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */

typedef struct
{
  SwApplier    *self;
  PGconn       *conn;
  GCancellable *cancellable;
  char         *fingerprint;
  guint         n_done;
} Run;

static PGconn *
connect_coordinator (SwApplier  *self,
                     GError    **error)
{
  g_autofree char *message = NULL;
  PGconn *conn = _sw_pg_connect (self->conninfo, self->password, "shardwise-apply", &message);

  if (conn == NULL)
    g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT,
                 _("Could not connect to the coordinator: %s"), message);

  return conn;
}

static gboolean
check_citus (Run     *run,
             GError **error)
{
  g_autofree char *message = NULL;
  g_autoptr(PGresult) result = NULL;

  result = exec_params (run->conn,
                        "SELECT extversion, current_database() FROM pg_catalog.pg_extension "
                        "WHERE extname = 'citus'", 0, NULL, &message);
  if (result == NULL)
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT,
                   _("Could not query the server: %s"), message);
      return FALSE;
    }
  if (PQntuples (result) == 0)
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS,
                   _("Database “%s” has no citus extension: apply needs a Citus coordinator "
                     "(CREATE EXTENSION citus, then add the workers). Nothing was changed."),
                   PQdb (run->conn));
      return FALSE;
    }
  g_clear_pointer (&result, PQclear);

  result = exec_params (run->conn, "SELECT citus_is_coordinator()", 0, NULL, &message);
  if (result == NULL || !g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS,
                   _("This server is not the Citus coordinator%s%s: connect to the coordinator "
                     "and run apply again. Nothing was changed."),
                   message != NULL ? ": " : "", message != NULL ? message : "");
      return FALSE;
    }

  return TRUE;
}

static char *
plan_fingerprint (SwApplier *self)
{
  g_autoptr(SwPlan) copy = sw_plan_copy (self->plan);
  g_autofree char *data = NULL;
  g_autofree char *flags = g_strdup_printf ("\nflags=%u\n", self->flags);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length;

  /* Where the tables sit on the ERD is not part of what the plan does. */
  sw_plan_clear_positions (copy);
  data = sw_plan_to_data (copy, &length);
  g_checksum_update (checksum, (const guchar *)data, length);
  g_checksum_update (checksum, (const guchar *)flags, strlen (flags));
  for (guint i = 0; self->schema_changes != NULL && i < self->schema_changes->len; i++)
    {
      g_autofree char *sql = sw_migration_step_dup_sql (g_ptr_array_index (self->schema_changes, i));

      g_checksum_update (checksum, (const guchar *)sql, strlen (sql));
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Reads the steps of an earlier apply of the same plan. */
static gboolean
load_journal (Run     *run,
              GError **error)
{
  SwApplier *self = run->self;
  g_autofree char *message = NULL;
  g_autoptr(PGresult) exists = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[1] = { run->fingerprint };

  exists = exec_params (run->conn, "SELECT to_regclass('shardwise.journal') IS NOT NULL",
                        0, NULL, &message);
  if (exists == NULL)
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_JOURNAL,
                   _("Could not read the journal: %s"), message);
      return FALSE;
    }
  if (!g_str_equal (PQgetvalue (exists, 0, 0), "t"))
    return TRUE;

  result = exec_params (run->conn,
                        "SELECT step_key, kind, title, reason, tables, statements, "
                        "rollback_statements, done_check, outside_transaction, moves_data, "
                        "blocks_writes, status FROM shardwise.journal "
                        "WHERE plan_fingerprint = $1 ORDER BY position",
                        1, params, &message);
  if (result == NULL)
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_JOURNAL,
                   _("Could not read the journal: %s"), message);
      return FALSE;
    }

  for (int i = 0; i < PQntuples (result); i++)
    {
      SwMigrationStep *step;
      g_auto(GStrv) tables = parse_array (PQgetvalue (result, i, 4));
      g_auto(GStrv) statements = parse_array (PQgetvalue (result, i, 5));
      g_auto(GStrv) rollback = parse_array (PQgetvalue (result, i, 6));
      SwDdlKind kind = SW_DDL_KIND_SCHEMA_CHANGE;
      SwApplierStepStatus status;

      for (SwDdlKind k = SW_DDL_KIND_SCHEMA_CHANGE; k <= SW_DDL_KIND_VALIDATE_FOREIGN_KEY; k++)
        if (g_str_equal (sw_ddl_kind_to_string (k), PQgetvalue (result, i, 1)))
          kind = k;

      step = sw_migration_step_new (kind, PQgetvalue (result, i, 0),
                                    PQgetisnull (result, i, 3) ? NULL : PQgetvalue (result, i, 3));
      sw_migration_step_set_title (step, PQgetvalue (result, i, 2));
      for (guint j = 0; tables[j] != NULL; j++)
        sw_migration_step_add_table (step, tables[j]);
      for (guint j = 0; statements[j] != NULL; j++)
        sw_migration_step_add_statement (step, statements[j]);
      for (guint j = 0; rollback[j] != NULL; j++)
        sw_migration_step_add_rollback_statement (step, rollback[j]);
      if (!PQgetisnull (result, i, 7))
        sw_migration_step_set_done_check (step, PQgetvalue (result, i, 7));
      sw_migration_step_set_outside_transaction (step, g_str_equal (PQgetvalue (result, i, 8), "t"));
      sw_migration_step_set_moves_data (step, g_str_equal (PQgetvalue (result, i, 9), "t"));
      sw_migration_step_set_blocks_writes (step, g_str_equal (PQgetvalue (result, i, 10), "t"));
      g_ptr_array_add (self->steps, step);

      status = g_str_equal (PQgetvalue (result, i, 11), "done") ? SW_APPLIER_STEP_SKIPPED
                                                                 : SW_APPLIER_STEP_PENDING;
      g_array_append_val (self->status, status);
    }

  self->resumed = self->steps->len > 0;
  return TRUE;
}

/* The validator on the very migration that would run, against the live
 * cluster's state. */
static gboolean
refuse_invalid (SwApplier    *self,
                SwMigration  *migration,
                GError      **error)
{
  GPtrArray *diagnostics;
  guint errors;

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  self->diagnostics = diagnostics = sw_validate_migration (migration, NULL, NULL);
  errors = sw_diagnostics_count_blocking_errors (diagnostics);
  if (errors == 0)
    return TRUE;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);

      if (sw_diagnostic_get_severity (diag) != SW_SEVERITY_ERROR)
        continue;
      g_set_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_REFUSED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Citus would refuse step %u of the migration (%s): %s. "
                                "%u error in all; nothing was changed.",
                                "Citus would refuse step %u of the migration (%s): %s. "
                                "%u errors in all; nothing was changed.", errors),
                   sw_diagnostic_get_step (diag),
                   sw_diagnostic_get_statement (diag) != NULL ? sw_diagnostic_get_statement (diag) : "",
                   sw_diagnostic_get_error (diag) != NULL ? sw_diagnostic_get_error (diag)
                                                          : sw_diagnostic_get_explanation (diag),
                   errors);
      break;
    }
  return FALSE;
}

/* Whether @list (a comma-separated GUC value) names the citus library. */
static gboolean
lists_citus (const char *list)
{
  g_auto(GStrv) items = g_strsplit (list, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      const char *base;

      if (*item == '"' && item[1] != '\0' && item[strlen (item) - 1] == '"')
        {
          item[strlen (item) - 1] = '\0';
          item++;
        }
      base = strrchr (item, '/') != NULL ? strrchr (item, '/') + 1 : item;
      if (g_str_equal (base, "citus"))
        return TRUE;
    }
  return FALSE;
}

/* create_distributed_table_concurrently copies the rows through logical
 * decoding with Citus's own output plugin, on the coordinator (where the
 * local table is). Without wal_level = logical, or on a PostgreSQL build that
 * only allows listed output plugins (output_plugin_libraries) without citus
 * in the list, it fails in the middle of the migration, after the foreign
 * keys it needs out of the way were dropped. Refuse before anything changes. */
static gboolean
check_concurrently (Run     *run,
                    GError **error)
{
  SwApplier *self = run->self;
  g_autofree char *message = NULL;
  g_autoptr(PGresult) result = NULL;
  gboolean needed = FALSE;
  const char *wal_level;

  for (guint i = 0; i < self->steps->len; i++)
    if (sw_migration_step_get_outside_transaction (g_ptr_array_index (self->steps, i)) &&
        g_array_index (self->status, SwApplierStepStatus, i) == SW_APPLIER_STEP_PENDING)
      needed = TRUE;
  if (!needed)
    return TRUE;

  result = exec_params (run->conn,
                        "SELECT current_setting('wal_level'), "
                        "current_setting('output_plugin_libraries', true)",
                        0, NULL, &message);
  if (result == NULL)
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT,
                   _("Could not query the server: %s"), message);
      return FALSE;
    }

  wal_level = PQgetvalue (result, 0, 0);
  if (!g_str_equal (wal_level, "logical"))
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_SETTINGS,
                   _("Distributing tables concurrently needs wal_level = logical on the "
                     "coordinator (create_distributed_table_concurrently copies the rows through "
                     "logical decoding), and it is “%s”. Set wal_level = logical and restart the "
                     "coordinator, or apply without distributing concurrently. Nothing was changed."),
                   wal_level);
      return FALSE;
    }

  if (!PQgetisnull (result, 0, 1) && !lists_citus (PQgetvalue (result, 0, 1)))
    {
      const char *plugins = PQgetvalue (result, 0, 1);

      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_SETTINGS,
                   _("Distributing tables concurrently cannot work on this coordinator: its "
                     "PostgreSQL only lets the libraries listed in output_plugin_libraries "
                     "(now “%s”) be logical decoding output plugins, and "
                     "create_distributed_table_concurrently needs Citus's own plugin, “citus”. "
                     "Add citus to that list on the coordinator (ALTER SYSTEM SET "
                     "output_plugin_libraries = %s, citus; SELECT pg_reload_conf();), or apply "
                     "without distributing concurrently. Nothing was changed."),
                   plugins, *plugins != '\0' ? plugins : "pgoutput");
      return FALSE;
    }

  return TRUE;
}

/* Reads the live schema again and checks the plan still fits it. */
static SwSchema *
read_live_schema (Run     *run,
                  GError **error)
{
  SwApplier *self = run->self;
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (self->conninfo);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SwSchema) schema = NULL;

  if (self->password != NULL)
    sw_catalog_reader_set_password (reader, self->password);

  if (!(schema = sw_catalog_reader_load_sync (reader, run->cancellable, &local_error)))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT,
                     _("Could not read the live schema: %s"), local_error->message);
      return NULL;
    }

  if (!sw_plan_check_names (self->plan, schema, &local_error))
    {
      g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_SCHEMA_CHANGED,
                   _("The database no longer matches the plan: %s. Nothing was changed."),
                   local_error->message);
      return NULL;
    }

  return g_steal_pointer (&schema);
}

static gboolean
write_journal (Run     *run,
               GError **error)
{
  SwApplier *self = run->self;
  g_autofree char *message = NULL;

  /* The journal belongs to the coordinator only: keep Citus from sending the
   * schema to the workers or, with schema-based sharding on, distributing it. */
  if (!exec_simple (run->conn, "BEGIN", &message) ||
      !exec_simple (run->conn, "SET LOCAL citus.enable_ddl_propagation TO off", &message) ||
      !exec_simple (run->conn, "SET LOCAL citus.enable_schema_based_sharding TO off", &message) ||
      !exec_simple (run->conn, JOURNAL_DDL, &message))
    goto failed;

  for (guint i = 0; i < self->steps->len; i++)
    {
      SwMigrationStep *step = g_ptr_array_index (self->steps, i);
      g_autofree char *position = g_strdup_printf ("%u", i);
      g_autofree char *tables = array_literal (sw_migration_step_get_tables (step));
      g_autofree char *statements = array_literal (sw_migration_step_get_statements (step));
      g_autofree char *rollback = array_literal (sw_migration_step_get_rollback_statements (step));
      const char *params[13] = {
        run->fingerprint, position, sw_migration_step_get_key (step),
        sw_ddl_kind_to_string (sw_migration_step_get_kind (step)),
        sw_migration_step_get_title (step), sw_migration_step_get_reason (step),
        tables, statements, rollback, sw_migration_step_get_done_check (step),
        sw_migration_step_get_outside_transaction (step) ? "t" : "f",
        sw_migration_step_get_moves_data (step) ? "t" : "f",
        sw_migration_step_get_blocks_writes (step) ? "t" : "f",
      };
      g_autoptr(PGresult) result = NULL;

      result = exec_params (run->conn,
                            "INSERT INTO shardwise.journal (plan_fingerprint, position, step_key, "
                            "kind, title, reason, tables, statements, rollback_statements, "
                            "done_check, outside_transaction, moves_data, blocks_writes) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                            13, params, &message);
      if (result == NULL)
        goto failed;
    }

  if (!exec_simple (run->conn, "COMMIT", &message))
    goto failed;

  return TRUE;

failed:
  exec_simple (run->conn, "ROLLBACK", NULL);
  g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_JOURNAL,
               _("Could not write the journal: %s. Nothing was changed."), message);
  return FALSE;
}

static gboolean
journal_update (Run        *run,
                guint       position,
                const char *status,
                const char *message_text,
                GArray     *before,
                GArray     *after,
                char      **message)
{
  g_autofree char *pos = g_strdup_printf ("%u", position);
  g_autofree char *before_text = before != NULL ? int64_array_literal (before) : NULL;
  g_autofree char *after_text = after != NULL ? int64_array_literal (after) : NULL;
  const char *params[6] = { run->fingerprint, pos, status, message_text, before_text, after_text };
  g_autoptr(PGresult) result = NULL;

  result = exec_params (run->conn,
                        "UPDATE shardwise.journal SET status = $3, message = coalesce($4, message), "
                        "rows_before = coalesce($5::bigint[], rows_before), "
                        "rows_after = coalesce($6::bigint[], rows_after), "
                        "started_at = CASE WHEN $3 = 'running' THEN now() ELSE started_at END, "
                        "finished_at = CASE WHEN $3 <> 'running' THEN clock_timestamp() END "
                        "WHERE plan_fingerprint = $1 AND position = $2::integer",
                        6, params, message);

  return result != NULL;
}

static gboolean
count_rows (Run        *run,
            const char *table,
            gint64     *count,
            char      **message)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(PGresult) result = exec_params (run->conn, sql, 0, NULL, message);

  if (result == NULL)
    return FALSE;
  *count = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  return TRUE;
}

/* What was done and what was not, for the error message of a stopped apply. */
static char *
describe_progress (Run   *run,
                   guint  failed)
{
  SwApplier *self = run->self;
  guint done = 0;

  for (guint i = 0; i < self->status->len; i++)
    {
      SwApplierStepStatus status = g_array_index (self->status, SwApplierStepStatus, i);

      if (status == SW_APPLIER_STEP_DONE || status == SW_APPLIER_STEP_SKIPPED)
        done++;
    }

  return g_strdup_printf (_("Done: %u of %u steps. Not done: step %u and the %u after it. "
                            "Run the same apply again to finish from there, or run "
                            "rollback.sql to undo what was done."),
                          done, self->steps->len, failed + 1, self->steps->len - failed - 1);
}

static gboolean
step_is_done (Run             *run,
              SwMigrationStep *step)
{
  const char *check = sw_migration_step_get_done_check (step);
  g_autoptr(PGresult) result = NULL;

  if (check == NULL)
    return FALSE;
  result = exec_params (run->conn, check, 0, NULL, NULL);

  return result != NULL && PQntuples (result) == 1 && g_str_equal (PQgetvalue (result, 0, 0), "t");
}

static void
set_status (SwApplier           *self,
            guint                position,
            SwApplierStepStatus  status)
{
  g_array_index (self->status, SwApplierStepStatus, position) = status;
}

/* Counts each of @tables into @counts, and records it in @record. */
static gboolean
count_tables (Run                *run,
              const char * const *tables,
              GArray             *counts,
              GHashTable         *record,
              char              **message)
{
  for (guint i = 0; tables[i] != NULL; i++)
    {
      gint64 count;

      if (!count_rows (run, tables[i], &count, message))
        return FALSE;
      g_array_append_val (counts, count);
      g_hash_table_insert (record, g_strdup (tables[i]), g_memdup2 (&count, sizeof count));
    }
  return TRUE;
}

static void
emit_rows_counted (SwApplier          *self,
                   const char * const *tables,
                   GArray             *before,
                   GArray             *after)
{
  for (guint i = 0; tables[i] != NULL; i++)
    {
      Emission *emission = g_new0 (Emission, 1);

      emission->signal_id = SIGNAL_ROWS_COUNTED;
      emission->table = g_strdup (tables[i]);
      emission->before = g_array_index (before, gint64, i);
      emission->after = g_array_index (after, gint64, i);
      emit (self, emission);
    }
}

/* The first table whose count differs, or -1. */
static int
find_difference (GArray *before,
                 GArray *after)
{
  for (guint i = 0; i < before->len && i < after->len; i++)
    if (g_array_index (before, gint64, i) != g_array_index (after, gint64, i))
      return i;
  return before->len == after->len ? -1 : (int)MIN (before->len, after->len);
}

static gboolean
run_step (Run     *run,
          guint    position,
          GError **error)
{
  SwApplier *self = run->self;
  SwMigrationStep *step = g_ptr_array_index (self->steps, position);
  const char * const *tables = sw_migration_step_get_tables (step);
  const char * const *statements = sw_migration_step_get_statements (step);
  gboolean in_transaction = !sw_migration_step_get_outside_transaction (step);
  gboolean moves_data = sw_migration_step_get_moves_data (step);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *message = NULL;
  gint64 start = g_get_monotonic_time ();

  emit_step (self, SIGNAL_STEP_STARTED, position, step, SW_APPLIER_STEP_PENDING);

  if (g_array_index (self->status, SwApplierStepStatus, position) == SW_APPLIER_STEP_SKIPPED)
    {
      emit_step (self, SIGNAL_STEP_FINISHED, position, step, SW_APPLIER_STEP_SKIPPED);
      return TRUE;
    }

  /* The journal did not see this step end, but its effect may be there (the
   * connection dropped after a step that runs outside a transaction). */
  if (self->resumed && step_is_done (run, step))
    {
      g_autofree char *note = g_strdup_printf (_("Step %u of %u (%s) is already in place; skipped."),
                                               position + 1, self->steps->len,
                                               sw_migration_step_get_title (step));

      emit_message (self, "INFO", note);
      if (!journal_update (run, position, "done", note, NULL, NULL, &message))
        goto failed;
      set_status (self, position, SW_APPLIER_STEP_SKIPPED);
      emit_step (self, SIGNAL_STEP_FINISHED, position, step, SW_APPLIER_STEP_SKIPPED);
      return TRUE;
    }

  /* A step in a transaction counts its tables inside it: the count after
   * reuses the connections that copied the rows (a fresh fan-out to every
   * shard costs as much as a small table's move), and when the counts differ
   * the whole step rolls back, the tables as they were. Steps Citus runs
   * outside a transaction count before and after on their own. */
  if (in_transaction && !exec_simple (run->conn, "BEGIN", &message))
    goto failed;
  if (moves_data && !count_tables (run, tables, before, self->rows_before, &message))
    goto failed;
  if (!journal_update (run, position, "running", NULL, moves_data ? before : NULL, NULL, &message))
    goto failed;

  for (guint i = 0; statements[i] != NULL; i++)
    if (!exec_simple (run->conn, statements[i], &message))
      goto failed;

  if (in_transaction && moves_data)
    {
      int differs;

      if (!count_tables (run, tables, after, self->rows_after, &message))
        goto failed;
      emit_rows_counted (self, tables, before, after);
      if ((differs = find_difference (before, after)) >= 0)
        {
          g_autofree char *progress = describe_progress (run, position);
          g_autofree char *expected_text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (before, gint64, differs));
          g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (after, gint64, differs));

          exec_simple (run->conn, "ROLLBACK", NULL);
          set_status (self, position, SW_APPLIER_STEP_FAILED);
          journal_update (run, position, "failed", "row count differs", before, after, NULL);
          emit_step (self, SIGNAL_STEP_FINISHED, position, step, SW_APPLIER_STEP_FAILED);
          g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_ROW_COUNT,
                       _("%s had %s rows before the move and %s after it, so step %u of %u "
                         "was rolled back: the table is as it was. %s"),
                       tables[differs], expected_text, count_text, position + 1, self->steps->len,
                       progress);
          return FALSE;
        }
    }

  /* Marked done in the step's own transaction: both happen or neither. */
  if (!journal_update (run, position, "done", NULL, NULL,
                       in_transaction && moves_data ? after : NULL, &message))
    goto failed;
  if (in_transaction && !exec_simple (run->conn, "COMMIT", &message))
    goto failed;

  set_status (self, position, SW_APPLIER_STEP_DONE);
  g_array_index (self->seconds, double, position) =
    (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  if (moves_data)
    {
      if (!in_transaction)
        {
          int differs;

          if (!count_tables (run, tables, after, self->rows_after, &message))
            goto failed;
          emit_rows_counted (self, tables, before, after);
          if ((differs = find_difference (before, after)) >= 0)
            {
              g_autofree char *progress = describe_progress (run, position + 1);
              g_autofree char *expected_text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (before, gint64, differs));
              g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (after, gint64, differs));

              journal_update (run, position, "done", "row count differs", NULL, after, NULL);
              g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_ROW_COUNT,
                           _("%s had %s rows before the move and has %s after it; the local "
                             "rows were kept. Stopped after step %u of %u. %s"),
                           tables[differs], expected_text, count_text, position + 1, self->steps->len,
                           progress);
              return FALSE;
            }
          if (!journal_update (run, position, "done", NULL, NULL, after, &message))
            goto failed;
        }

      /* Only now that every count matches may the local copy go. */
      if (self->truncate_local && sw_migration_step_get_kind (step) != SW_DDL_KIND_SCHEMA_CHANGE)
        for (guint i = 0; tables[i] != NULL; i++)
          {
            g_autofree char *table = sw_quote_literal (tables[i]);
            g_autofree char *sql = g_strdup_printf ("SELECT truncate_local_data_after_distributing_table(%s)",
                                                    table);

            if (!exec_simple (run->conn, sql, &message))
              goto failed;
          }
    }

  emit_step (self, SIGNAL_STEP_FINISHED, position, step, SW_APPLIER_STEP_DONE);
  return TRUE;

failed:
  {
    g_autofree char *progress = NULL;

    if (PQtransactionStatus (run->conn) == PQTRANS_INERROR ||
        PQtransactionStatus (run->conn) == PQTRANS_INTRANS)
      exec_simple (run->conn, "ROLLBACK", NULL);
    set_status (self, position, SW_APPLIER_STEP_FAILED);
    if (PQstatus (run->conn) == CONNECTION_OK)
      journal_update (run, position, "failed", message, NULL, NULL, NULL);
    progress = describe_progress (run, position);
    emit_step (self, SIGNAL_STEP_FINISHED, position, step, SW_APPLIER_STEP_FAILED);
    g_set_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_STEP_FAILED,
                 _("Step %u of %u (%s) failed:\n%s\n%s"),
                 position + 1, self->steps->len, sw_migration_step_get_title (step),
                 message != NULL ? message : "", progress);
    return FALSE;
  }
}

static gboolean
run_all (SwApplier     *self,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *fingerprint = NULL;
  Run run = { 0 };

  g_ptr_array_set_size (self->steps, 0);
  g_array_set_size (self->status, 0);
  g_array_set_size (self->seconds, 0);
  g_hash_table_remove_all (self->rows_before);
  g_hash_table_remove_all (self->rows_after);
  self->resumed = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!(conn = connect_coordinator (self, error)))
    return FALSE;

  fingerprint = plan_fingerprint (self);
  run.self = self;
  run.conn = conn;
  run.cancellable = cancellable;
  run.fingerprint = fingerprint;

  if (!check_citus (&run, error))
    return FALSE;

  PQsetNoticeReceiver (conn, notice_cb, self);

  if (!load_journal (&run, error))
    return FALSE;

  if (self->resumed)
    {
      g_autoptr(SwSchema) schema = NULL;
      guint done = 0;
      g_autofree char *note = NULL;

      if (!(schema = read_live_schema (&run, error)))
        return FALSE;
      for (guint i = 0; i < self->status->len; i++)
        if (g_array_index (self->status, SwApplierStepStatus, i) == SW_APPLIER_STEP_SKIPPED)
          done++;
      if (!check_concurrently (&run, error))
        return FALSE;
      note = g_strdup_printf (_("Resuming an earlier apply of this plan: %u of %u steps are done."),
                              done, self->steps->len);
      emit_message (self, "INFO", note);
    }
  else
    {
      g_autoptr(SwSchema) schema = NULL;
      g_autoptr(SwMigration) migration = NULL;
      g_autofree char *refusal = NULL;
      guint n;

      if (!(schema = read_live_schema (&run, error)))
        return FALSE;
      if (!(migration = sw_migration_new_full (schema, self->plan, self->flags,
                                               self->schema_changes, error)))
        return FALSE;

      /* Before the journal is written, the first change to the cluster:
       * a migration Citus would refuse does not start. */
      if (!refuse_invalid (self, migration, error))
        return FALSE;

      /* The move itself is fine, but the way back is not: say so before the
       * first change, not when the user needs the rollback. */
      refusal = sw_migration_dup_rollback_refusal (migration);
      if (refusal != NULL)
        emit_message (self, "WARNING", refusal);

      n = sw_migration_get_n_steps (migration);
      for (guint i = 0; i < n; i++)
        {
          SwApplierStepStatus pending = SW_APPLIER_STEP_PENDING;

          g_ptr_array_add (self->steps, g_object_ref (sw_migration_get_step (migration, i)));
          g_array_append_val (self->status, pending);
        }
      if (!check_concurrently (&run, error))
        return FALSE;
      if (!write_journal (&run, error))
        return FALSE;
    }

  g_array_set_size (self->seconds, self->steps->len);

  for (guint i = 0; i < self->steps->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_autofree char *progress = describe_progress (&run, i);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Cancelled before step %u of %u. %s"), i + 1, self->steps->len, progress);
          return FALSE;
        }
      if (!run_step (&run, i, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * sw_applier_new:
 * @conninfo: the coordinator, as a libpq conninfo or URI
 * @plan: the plan to carry out
 *
 * Returns: (transfer full): a new applier
 */
SwApplier *
sw_applier_new (const char *conninfo,
                SwPlan     *plan)
{
  SwApplier *self;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);

  self = g_object_new (SW_TYPE_APPLIER, NULL);
  self->conninfo = g_strdup (conninfo);
  self->plan = g_object_ref (plan);

  return self;
}

/**
 * sw_applier_set_password:
 * @self: a #SwApplier
 * @password: (nullable): the password, kept apart from the conninfo so it
 *   never shows in messages
 */
void
sw_applier_set_password (SwApplier  *self,
                         const char *password)
{
  g_return_if_fail (SW_IS_APPLIER (self));

  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

void
sw_applier_set_flags (SwApplier        *self,
                      SwMigrationFlags  flags)
{
  g_return_if_fail (SW_IS_APPLIER (self));
  self->flags = flags;
}

/**
 * sw_applier_set_truncate_local:
 * @self: a #SwApplier
 * @truncate_local: whether to remove the local copy of each moved table's rows
 *
 * Citus leaves the rows of a moved table on the coordinator's disk. When this
 * is set, they are removed (truncate_local_data_after_distributing_table) once
 * the table's row count after the move matches the count before it.
 */
void
sw_applier_set_truncate_local (SwApplier *self,
                               gboolean   truncate_local)
{
  g_return_if_fail (SW_IS_APPLIER (self));
  self->truncate_local = !!truncate_local;
}

/**
 * sw_applier_set_schema_changes:
 * @self: a #SwApplier
 * @schema_changes: (nullable) (element-type SwMigrationStep): see sw_migration_new_full()
 */
void
sw_applier_set_schema_changes (SwApplier *self,
                               GPtrArray *schema_changes)
{
  g_return_if_fail (SW_IS_APPLIER (self));

  g_clear_pointer (&self->schema_changes, g_ptr_array_unref);
  if (schema_changes != NULL)
    self->schema_changes = g_ptr_array_ref (schema_changes);
}

/**
 * sw_applier_run_sync:
 * @self: a #SwApplier
 * @cancellable: (nullable): cancels between steps
 * @error: return location for a #GError
 *
 * Applies the plan in the calling thread; the signals are emitted in it.
 *
 * Returns: %TRUE when every step is done
 */
gboolean
sw_applier_run_sync (SwApplier     *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  gboolean ok;

  g_return_val_if_fail (SW_IS_APPLIER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  /* A private context we own: g_main_context_invoke() then emits at once. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref (context);
  self->running = TRUE;
  ok = run_all (self, cancellable, error);
  self->running = FALSE;
  g_main_context_pop_thread_default (context);

  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SwApplier *self = source_object;
  GError *error = NULL;

  if (run_all (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sw_applier_run_async:
 * @self: a #SwApplier
 * @cancellable: (nullable): cancels between steps
 * @callback: called when the apply ends
 * @user_data: for @callback
 *
 * Applies the plan in a worker thread. The signals are emitted in the
 * thread-default main context of the caller.
 */
void
sw_applier_run_async (SwApplier           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_APPLIER (self));
  g_return_if_fail (!self->running);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->running = TRUE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_applier_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
sw_applier_run_finish (SwApplier     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
sw_applier_get_n_steps (SwApplier *self)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), 0);
  return self->steps->len;
}

/**
 * sw_applier_get_step:
 * @self: a #SwApplier
 * @position: from 0
 *
 * Returns: (transfer none): the step, after a run
 */
SwMigrationStep *
sw_applier_get_step (SwApplier *self,
                     guint      position)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), NULL);
  g_return_val_if_fail (position < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, position);
}

SwApplierStepStatus
sw_applier_get_step_status (SwApplier *self,
                            guint      position)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), SW_APPLIER_STEP_PENDING);
  g_return_val_if_fail (position < self->status->len, SW_APPLIER_STEP_PENDING);
  return g_array_index (self->status, SwApplierStepStatus, position);
}

double
sw_applier_get_step_seconds (SwApplier *self,
                             guint      position)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), 0);
  g_return_val_if_fail (position < self->seconds->len, 0);
  return g_array_index (self->seconds, double, position);
}

/**
 * sw_applier_get_rows_before:
 * @self: a #SwApplier
 * @qualified_name: a moved table
 *
 * Returns: its rows before this run moved it, or -1 when this run did not move it
 */
gint64
sw_applier_get_rows_before (SwApplier  *self,
                            const char *qualified_name)
{
  gint64 *count;

  g_return_val_if_fail (SW_IS_APPLIER (self), -1);
  count = g_hash_table_lookup (self->rows_before, qualified_name);
  return count != NULL ? *count : -1;
}

gint64
sw_applier_get_rows_after (SwApplier  *self,
                           const char *qualified_name)
{
  gint64 *count;

  g_return_val_if_fail (SW_IS_APPLIER (self), -1);
  count = g_hash_table_lookup (self->rows_after, qualified_name);
  return count != NULL ? *count : -1;
}

/**
 * sw_applier_get_diagnostics:
 * @self: a #SwApplier
 *
 * What the validator predicted for the last run's migration; a run refused
 * with %SW_MIGRATION_ERROR_REFUSED has its errors here.
 *
 * Returns: (transfer none) (nullable) (element-type SwDiagnostic): the
 *   diagnostics, or %NULL before a run got that far
 */
GPtrArray *
sw_applier_get_diagnostics (SwApplier *self)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), NULL);
  return self->diagnostics;
}

/**
 * sw_applier_get_resumed:
 * @self: a #SwApplier
 *
 * Returns: whether the last run carried on an earlier apply of the same plan
 */
gboolean
sw_applier_get_resumed (SwApplier *self)
{
  g_return_val_if_fail (SW_IS_APPLIER (self), FALSE);
  return self->resumed;
}
