/* sw-apply-run.c
 *
 * Drives the apply dialog with the engine: SwMigration for the confirmation,
 * SwApplier for the steps (progress, messages, stop, resume), citus_tables
 * and the applier's row counts for the verify check, and SwScriptRunner for
 * the rollback script. The dialog owns its run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-apply-run"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "sw-apply-run.h"
#include "sw-verify-row.h"

struct _SwApplyRun
{
  GObject         parent_instance;

  /* Borrowed: the dialog owns the run */
  SwApplyDialog  *dialog;

  /* Owned */
  SwSchema       *schema;
  SwPlan         *plan;
  SwMigration    *migration;
  SwApplier      *applier;
  GCancellable   *cancellable;
  char           *conninfo;
  char           *password;
  int             failed_step;
  gboolean        steps_replaced;
};

G_DEFINE_FINAL_TYPE (SwApplyRun, sw_apply_run, G_TYPE_OBJECT)

/* Steps */

static void
step_started_cb (SwApplier       *applier,
                 guint            position,
                 guint            n_steps,
                 SwMigrationStep *step,
                 SwApplyRun      *self)
{
  if (self->dialog == NULL)
    return;

  /* The applier works from the live schema read again, or from the journal:
   * show its steps if they differ from the ones confirmed.
   */
  if (!self->steps_replaced &&
      (n_steps != sw_apply_dialog_get_n_steps (self->dialog) ||
       (self->migration != NULL && position < sw_migration_get_n_steps (self->migration) &&
        g_strcmp0 (sw_migration_step_get_title (sw_migration_get_step (self->migration, position)),
                   sw_migration_step_get_title (step)) != 0)))
    {
      g_autoptr(GPtrArray) steps = g_ptr_array_new ();

      for (guint i = 0; i < n_steps; i++)
        g_ptr_array_add (steps, sw_applier_get_step (applier, i));
      sw_apply_dialog_set_steps (self->dialog, steps);
      self->steps_replaced = TRUE;
    }

  if (position < sw_apply_dialog_get_n_steps (self->dialog))
    sw_apply_dialog_step_started (self->dialog, position);
}

static void
step_finished_cb (SwApplier       *applier,
                  guint            position,
                  guint            n_steps,
                  SwMigrationStep *step,
                  int              status,
                  SwApplyRun      *self)
{
  if (self->dialog == NULL || position >= sw_apply_dialog_get_n_steps (self->dialog))
    return;

  switch ((SwApplierStepStatus) status)
    {
    case SW_APPLIER_STEP_DONE:
      sw_apply_dialog_step_finished (self->dialog, position);
      break;
    case SW_APPLIER_STEP_SKIPPED:
      sw_apply_dialog_step_skipped (self->dialog, position);
      break;
    case SW_APPLIER_STEP_FAILED:
      self->failed_step = position;
      break;
    case SW_APPLIER_STEP_PENDING:
    default:
      break;
    }
}

static void
rows_counted_cb (SwApplier  *applier,
                 const char *table,
                 gint64      before,
                 gint64      after,
                 SwApplyRun *self)
{
  g_autofree char *text = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  if (self->dialog == NULL)
    return;

  before_text = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  text = g_strdup_printf (_("%s: %s rows before the move, %s after"), table, before_text, after_text);
  sw_apply_dialog_add_message (self->dialog, "INFO", text);
}

static void
message_cb (GObject    *source,
            const char *severity,
            const char *text,
            SwApplyRun *self)
{
  if (self->dialog != NULL)
    sw_apply_dialog_add_message (self->dialog, severity, text);
}

/* Verify */

static const char *
expected_type (SwApplyRun *self,
               const char *table)
{
  SwTable *model = self->schema ? sw_schema_find_table (self->schema, table) : NULL;

  if (model != NULL && sw_plan_is_schema_distributed (self->plan, sw_table_get_schema_name (model)))
    return "schema";

  switch (sw_plan_get_table_kind (self->plan, table))
    {
    case SW_PLAN_KIND_REFERENCE:
      return "reference";
    case SW_PLAN_KIND_DISTRIBUTED:
    case SW_PLAN_KIND_SINGLE_SHARD:
      return "distributed";
    case SW_PLAN_KIND_LOCAL:
    default:
      return "local";
    }
}

static void
read_citus_tables_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SwApplyRun) self = user_data;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GListStore) rows = g_list_store_new (SW_TYPE_VERIFY_ROW);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  tables = sw_script_runner_read_citus_tables_finish (SW_SCRIPT_RUNNER (object), result, &error);
  if (self->dialog == NULL)
    return;

  if (tables == NULL)
    {
      sw_apply_dialog_fail (self->dialog, -1, error->message,
                            _("Every step ran, but the verify check could not read citus_tables."), FALSE);
      return;
    }

  for (guint i = 0; i < tables->len; i++)
    {
      SwCitusTableInfo *info = g_ptr_array_index (tables, i);
      g_hash_table_insert (by_name, info->table, info);
    }

  entries = sw_plan_get_tables (self->plan);
  for (guint i = 0; i < entries->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (entries, i);
      SwCitusTableInfo *info = g_hash_table_lookup (by_name, entry->table);
      g_autoptr(SwVerifyRow) row =
        sw_verify_row_new (entry->table, expected_type (self, entry->table),
                           info ? info->citus_table_type : NULL,
                           info ? info->distribution_column : NULL,
                           info ? info->colocation_id : -1,
                           info ? info->shard_count : -1,
                           sw_applier_get_rows_before (self->applier, entry->table),
                           sw_applier_get_rows_after (self->applier, entry->table));

      g_list_store_append (rows, row);
    }

  sw_apply_dialog_finish (self->dialog, G_LIST_MODEL (rows));
}

static SwScriptRunner *
new_runner (SwApplyRun *self)
{
  SwScriptRunner *runner = sw_script_runner_new (self->conninfo);

  if (self->password != NULL)
    sw_script_runner_set_password (runner, self->password);
  g_signal_connect_object (runner, "message", G_CALLBACK (message_cb), self, 0);
  return runner;
}

/* Running */

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SwApplyRun) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sw_applier_run_finish (SW_APPLIER (object), result, &error))
    {
      g_autoptr(SwScriptRunner) runner = NULL;

      if (self->dialog == NULL)
        return;
      runner = new_runner (self);
      sw_script_runner_read_citus_tables_async (runner, self->cancellable,
                                                read_citus_tables_cb, g_object_ref (self));
      return;
    }

  if (self->dialog == NULL)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sw_apply_dialog_cancelled (self->dialog);
      return;
    }

  /* Refusals before the first step changed nothing and running again will
   * not help until the cause is fixed; a connection lost or a failed step
   * is what the journal lets a second run finish.
   */
  if (g_error_matches (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS) ||
      g_error_matches (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_SCHEMA_CHANGED))
    sw_apply_dialog_fail (self->dialog, -1, error->message, NULL, FALSE);
  else
    sw_apply_dialog_fail (self->dialog, self->failed_step, error->message, NULL, TRUE);
}

static void
start_applier (SwApplyRun *self)
{
  g_autoptr(SwPlan) plan = sw_plan_copy (self->plan);

  g_clear_object (&self->applier);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->failed_step = -1;

  self->applier = sw_applier_new (self->conninfo, plan);
  if (self->password != NULL)
    sw_applier_set_password (self->applier, self->password);
  g_signal_connect_object (self->applier, "step-started", G_CALLBACK (step_started_cb), self, 0);
  g_signal_connect_object (self->applier, "step-finished", G_CALLBACK (step_finished_cb), self, 0);
  g_signal_connect_object (self->applier, "rows-counted", G_CALLBACK (rows_counted_cb), self, 0);
  g_signal_connect_object (self->applier, "message", G_CALLBACK (message_cb), self, 0);

  sw_apply_dialog_begin (self->dialog, 0);
  sw_applier_run_async (self->applier, self->cancellable, run_cb, g_object_ref (self));
}

static void
rollback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SwApplyRun) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sw_script_runner_run_finish (SW_SCRIPT_RUNNER (object), result, &error))
    {
      if (self->dialog != NULL)
        sw_apply_dialog_fail (self->dialog, -1, error->message,
                              _("The rollback script can be run again: each of its statements checks what is left to undo."),
                              FALSE);
      return;
    }

  if (self->dialog != NULL)
    sw_apply_dialog_rolled_back (self->dialog);
}

static void
start_rollback (SwApplyRun *self)
{
  g_autoptr(SwScriptRunner) runner = new_runner (self);
  g_autofree char *sql = NULL;

  if (self->migration == NULL)
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sql = sw_migration_to_rollback_sql (self->migration);
  sw_apply_dialog_begin_rollback (self->dialog);
  sw_script_runner_run_async (runner, sql, self->cancellable, rollback_cb, g_object_ref (self));
}

static void
response_cb (SwApplyDialog *dialog,
             const char    *response,
             SwApplyRun    *self)
{
  if (g_str_equal (response, "apply") || g_str_equal (response, "resume"))
    start_applier (self);
  else if (g_str_equal (response, "cancel"))
    g_cancellable_cancel (self->cancellable);
  else if (g_str_equal (response, "rollback"))
    start_rollback (self);
}

/* Preparing */

static void
migration_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SwApplyRun *self = source_object;
  GError *error = NULL;
  SwMigration *migration = sw_migration_new (self->schema, task_data, &error);

  if (migration == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, migration, g_object_unref);
}

static void
migration_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SwApplyRun *self = SW_APPLY_RUN (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwMigration) migration = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->dialog == NULL)
    return;

  if (migration == NULL)
    {
      sw_apply_dialog_fail (self->dialog, -1, error->message, NULL, FALSE);
      return;
    }

  g_set_object (&self->migration, migration);
  sw_apply_dialog_set_migration (self->dialog, self->schema, migration);
}

/* GObject */

static void
sw_apply_run_finalize (GObject *object)
{
  SwApplyRun *self = SW_APPLY_RUN (object);

  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->applier);
  g_clear_object (&self->migration);
  g_clear_object (&self->schema);
  g_clear_object (&self->plan);
  g_free (self->conninfo);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (sw_apply_run_parent_class)->finalize (object);
}

static void
sw_apply_run_class_init (SwApplyRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_apply_run_finalize;
}

static void
sw_apply_run_init (SwApplyRun *self)
{
  self->failed_step = -1;
}

/* The database and the host:port for the dialog; never the conninfo itself,
 * which may hold a password.
 */
static void
describe_target (const char  *conninfo,
                 char       **database,
                 char       **server)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  const char *host = NULL, *port = NULL, *dbname = NULL;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
    }

  *database = g_strdup (dbname);
  *server = host != NULL ? g_strdup_printf ("%s:%s", host, port ? port : "5432") : NULL;
  if (options != NULL)
    PQconninfoFree (options);
}

/**
 * sw_apply_run_present:
 * @parent: (nullable): the main window
 * @schema: the schema the plan applies to
 * @plan: the plan; a copy is applied
 * @conninfo: the coordinator's conninfo
 * @password: (nullable): the password the user typed, if any
 *
 * Opens the apply dialog on its confirmation and runs the apply, the resume
 * and the rollback the user asks for.
 *
 * Returns: (transfer none): the dialog
 */
SwApplyDialog *
sw_apply_run_present (GtkWindow  *parent,
                      SwSchema   *schema,
                      SwPlan     *plan,
                      const char *conninfo,
                      const char *password)
{
  SwApplyRun *self;
  SwApplyDialog *dialog;
  g_autoptr(GTask) task = NULL;
  g_autofree char *database = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (SW_TYPE_APPLY_RUN, NULL);
  self->schema = g_object_ref (schema);
  self->plan = sw_plan_copy (plan);
  self->conninfo = g_strdup (conninfo);
  self->password = g_strdup (password);

  dialog = sw_apply_dialog_new (parent);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_object_set_data_full (G_OBJECT (dialog), "sw-apply-run", self, g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), self, 0);

  describe_target (conninfo, &database, &server);
  sw_apply_dialog_set_target (dialog, database ? database : sw_schema_get_database_name (schema), server);

  task = g_task_new (self, NULL, migration_cb, NULL);
  g_task_set_source_tag (task, sw_apply_run_present);
  g_task_set_task_data (task, sw_plan_copy (plan), g_object_unref);
  g_task_run_in_thread (task, migration_thread);

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
