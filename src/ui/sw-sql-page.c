/* sw-sql-page.c
 *
 * The SQL page: the migration, rollback and verify scripts the engine writes
 * for the current plan, rewritten whenever the plan changes, and the exports
 * (scripts, plan file, diagram).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sql-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "sw-source-style.h"
#include "sw-sql-page.h"

/* Plan edits come in bursts (a drag across the ERD, a colocation change that
 * touches several tables); wait this long after the last one before writing
 * the scripts again.
 */
#define REGENERATE_DELAY_MS 150

struct _SwSqlPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkLabel             *summary_label;
  GtkSpinner           *spinner;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *content_stack;
  GtkStack             *script_stack;
  GtkSourceView        *migration_view;
  GtkSourceView        *rollback_view;
  GtkSourceView        *verify_view;

  /* Owned */
  SwSchema             *schema;
  SwPlan               *plan;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *error;
  guint                 regenerate_source;
  gulong                plan_changed_id;
  guint                 busy : 1;
};

enum {
  PROP_0,
  PROP_SCHEMA,
  PROP_PLAN,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SwSqlPage, sw_sql_page, ADW_TYPE_BIN)

typedef struct
{
  char *migration;
  char *rollback;
  char *verify;
  guint step_count;
} Scripts;

static void
scripts_free (Scripts *scripts)
{
  g_free (scripts->migration);
  g_free (scripts->rollback);
  g_free (scripts->verify);
  g_free (scripts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scripts, scripts_free)

static GtkSourceView *
view_for_script (SwSqlPage   *self,
                 SwSqlScript  script)
{
  switch (script)
    {
    case SW_SQL_SCRIPT_ROLLBACK:
      return self->rollback_view;
    case SW_SQL_SCRIPT_VERIFY:
      return self->verify_view;
    case SW_SQL_SCRIPT_MIGRATION:
    default:
      return self->migration_view;
    }
}

static void
set_busy (SwSqlPage *self,
          gboolean   busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_error (SwSqlPage  *self,
           const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
set_buffer_text (GtkSourceView *view,
                 const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start;

  /* Writing the scripts again is not an edit the user could undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
update_actions (SwSqlPage *self)
{
  gboolean has_scripts = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                                    "scripts") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sql.copy", has_scripts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sql.export-sql", has_scripts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sql.export-plan", self->plan != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sql.export-erd", self->schema != NULL);
}

static void
show_scripts (SwSqlPage     *self,
              const Scripts *scripts)
{
  set_buffer_text (self->migration_view, scripts->migration);
  set_buffer_text (self->rollback_view, scripts->rollback);
  set_buffer_text (self->verify_view, scripts->verify);

  if (scripts->step_count > 0)
    {
      g_autofree char *summary =
        g_strdup_printf (ngettext ("%u step", "%u steps",
                                      scripts->step_count),
                         scripts->step_count);
      gtk_label_set_text (self->summary_label, summary);
    }
  else
    gtk_label_set_text (self->summary_label, "");

  gtk_stack_set_visible_child_name (self->content_stack, "scripts");
  update_actions (self);
}

/* Generating */

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SwSchema *schema = g_object_get_data (G_OBJECT (task), "schema");
  SwPlan *plan = task_data;
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(Scripts) scripts = g_new0 (Scripts, 1);
  GError *error = NULL;

  migration = sw_migration_new (schema, plan, &error);
  if (migration == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  scripts->migration = sw_migration_to_sql (migration);
  scripts->rollback = sw_migration_to_rollback_sql (migration);
  scripts->verify = sw_migration_to_verify_sql (migration);
  scripts->step_count = sw_migration_get_n_steps (migration);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&scripts), (GDestroyNotify) scripts_free);
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SwSqlPage *self = SW_SQL_PAGE (object);
  g_autoptr(Scripts) scripts = NULL;
  g_autoptr(GError) error = NULL;

  scripts = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (scripts == NULL)
    {
      /* Keep the last good scripts on screen, marked as out of date, so the
       * user does not lose their place while fixing the plan.
       */
      g_autofree char *message =
        g_strdup_printf (_("The scripts below are out of date: %s"), error->message);
      set_error (self, message);
      return;
    }

  set_error (self, NULL);
  show_scripts (self, scripts);
}

static void
regenerate_now (SwSqlPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_clear_handle_id (&self->regenerate_source, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->schema == NULL || self->plan == NULL)
    {
      set_busy (self, FALSE);
      set_error (self, NULL);
      gtk_label_set_text (self->summary_label, "");
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      update_actions (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, generate_cb, NULL);
  g_task_set_source_tag (task, regenerate_now);
  /* The thread works on a copy: the user may go on editing the plan. */
  g_task_set_task_data (task, sw_plan_copy (self->plan), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "schema", g_object_ref (self->schema), g_object_unref);
  g_task_run_in_thread (task, generate_thread);
}

static gboolean
regenerate_timeout_cb (gpointer user_data)
{
  SwSqlPage *self = user_data;

  self->regenerate_source = 0;
  regenerate_now (self);
  return G_SOURCE_REMOVE;
}

static void
queue_regenerate (SwSqlPage *self)
{
  g_clear_handle_id (&self->regenerate_source, g_source_remove);
  self->regenerate_source = g_timeout_add (REGENERATE_DELAY_MS, regenerate_timeout_cb, self);
}

static void
plan_changed_cb (SwSqlPage *self,
                 SwPlan    *plan)
{
  queue_regenerate (self);
}

/* Exporting */

typedef struct
{
  GFile *files[3];
  char  *contents[3];
} WriteData;

static void
write_data_free (WriteData *data)
{
  for (guint i = 0; i < G_N_ELEMENTS (data->files); i++)
    {
      g_clear_object (&data->files[i]);
      g_clear_pointer (&data->contents[i], g_free);
    }
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;

  for (guint i = 0; i < G_N_ELEMENTS (data->files); i++)
    {
      GError *error = NULL;

      if (data->files[i] == NULL)
        continue;

      if (!g_file_replace_contents (data->files[i], data->contents[i], strlen (data->contents[i]),
                                    NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                    cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * sw_sql_export_sibling:
 * @migration_file: where the migration script goes
 * @suffix: `"rollback"` or `"verify"`
 *
 * Names the rollback and verify scripts after the migration script the user
 * chose: `move.sql` gives `move-rollback.sql` and `move-verify.sql`.
 *
 * Returns: (transfer full): the sibling file
 */
GFile *
sw_sql_export_sibling (GFile      *migration_file,
                       const char *suffix)
{
  g_autofree char *basename = g_file_get_basename (migration_file);
  g_autoptr(GFile) parent = g_file_get_parent (migration_file);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  const char *dot = strrchr (basename, '.');

  if (dot != NULL && dot != basename)
    stem = g_strndup (basename, dot - basename);
  else
    stem = g_strdup (basename);

  name = g_strdup_printf ("%s-%s%s", stem, suffix, dot != NULL && dot != basename ? dot : ".sql");
  return g_file_get_child (parent, name);
}

void
sw_sql_page_export_sql_async (SwSqlPage           *self,
                              GFile               *migration_file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (G_IS_FILE (migration_file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sql_page_export_sql_async);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "scripts") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("There are no scripts to save yet"));
      return;
    }

  data = g_new0 (WriteData, 1);
  data->files[0] = g_object_ref (migration_file);
  data->files[1] = sw_sql_export_sibling (migration_file, "rollback");
  data->files[2] = sw_sql_export_sibling (migration_file, "verify");
  data->contents[0] = sw_sql_page_dup_script (self, SW_SQL_SCRIPT_MIGRATION);
  data->contents[1] = sw_sql_page_dup_script (self, SW_SQL_SCRIPT_ROLLBACK);
  data->contents[2] = sw_sql_page_dup_script (self, SW_SQL_SCRIPT_VERIFY);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
sw_sql_page_export_sql_finish (SwSqlPage     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sw_sql_page_export_plan_async (SwSqlPage           *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sql_page_export_plan_async);

  if (self->plan == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("There is no plan to save yet"));
      return;
    }

  data = g_new0 (WriteData, 1);
  data->files[0] = g_object_ref (file);
  data->contents[0] = sw_plan_to_data (self->plan, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
sw_sql_page_export_plan_finish (SwSqlPage     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
render_erd_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sw_erd_render_to_file_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sw_sql_page_export_erd_async (SwSqlPage           *self,
                              GFile               *file,
                              const char          *format,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sql_page_export_erd_async);

  path = g_file_get_path (file);
  if (self->schema == NULL || path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               self->schema == NULL ? _("There is no schema to draw yet")
                                                    : _("The diagram can only be saved to a local file"));
      return;
    }

  /* The renderer lays the diagram out in a thread; give it a plan that the
   * user's edits cannot change under it.
   */
  plan = self->plan != NULL ? sw_plan_copy (self->plan) : sw_plan_new ();
  sw_erd_render_to_file_async (self->schema, plan, NULL, path, format, cancellable,
                               render_erd_cb, g_steal_pointer (&task));
}

gboolean
sw_sql_page_export_erd_finish (SwSqlPage     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
toast_printf (SwSqlPage  *self,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
toast_printf (SwSqlPage  *self,
              const char *format,
              ...)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  va_list args;

  va_start (args, format);
  title = g_strdup_vprintf (format, args);
  va_end (args);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SwSqlPage *self = SW_SQL_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_printf (self, _("Could not save “%s”: %s"), name, error->message);
      return;
    }

  if (tag == sw_sql_page_export_sql_async)
    {
      g_autoptr(GFile) rollback = sw_sql_export_sibling (file, "rollback");
      g_autoptr(GFile) verify = sw_sql_export_sibling (file, "verify");
      g_autofree char *rollback_name = g_file_get_basename (rollback);
      g_autofree char *verify_name = g_file_get_basename (verify);

      toast_printf (self, _("Saved %s, %s and %s"), name, rollback_name, verify_name);
    }
  else
    toast_printf (self, _("Saved %s"), name);
}

typedef enum
{
  EXPORT_SQL,
  EXPORT_PLAN,
  EXPORT_ERD,
} ExportKind;

static void
chooser_response_cb (SwSqlPage            *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    {
      switch (kind)
        {
        case EXPORT_SQL:
          sw_sql_page_export_sql_async (self, file, NULL, export_done_cb, g_object_ref (file));
          break;
        case EXPORT_PLAN:
          sw_sql_page_export_plan_async (self, file, NULL, export_done_cb, g_object_ref (file));
          break;
        case EXPORT_ERD:
        default:
          sw_sql_page_export_erd_async (self, file, format, NULL, export_done_cb, g_object_ref (file));
          break;
        }
    }

  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooserNative *chooser,
            const char           *name,
            const char           *mime_type,
            const char           *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
}

static void
run_chooser (SwSqlPage  *self,
             ExportKind  kind,
             const char *format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *title;
  g_autofree char *name = NULL;

  switch (kind)
    {
    case EXPORT_SQL:
      title = _("Save the SQL Scripts");
      name = g_strdup ("migration.sql");
      break;
    case EXPORT_PLAN:
      title = _("Save the Plan");
      name = g_strdup ("plan.json");
      break;
    case EXPORT_ERD:
    default:
      title = _("Save the Diagram");
      name = g_strdup_printf ("schema.%s", format);
      break;
    }

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title,
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  switch (kind)
    {
    case EXPORT_SQL:
      add_filter (self->chooser, _("SQL Scripts"), "application/sql", "*.sql");
      break;
    case EXPORT_PLAN:
      add_filter (self->chooser, _("Shardwise Plans"), "application/json", "*.json");
      break;
    case EXPORT_ERD:
    default:
      if (g_str_equal (format, "svg"))
        add_filter (self->chooser, _("SVG Images"), "image/svg+xml", "*.svg");
      else if (g_str_equal (format, "png"))
        add_filter (self->chooser, _("PNG Images"), "image/png", "*.png");
      else
        add_filter (self->chooser, _("PDF Documents"), "application/pdf", "*.pdf");
      break;
    }

  g_object_set_data (G_OBJECT (self->chooser), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwSqlPage *self = SW_SQL_PAGE (widget);
  const char *name = gtk_stack_get_visible_child_name (self->script_stack);
  SwSqlScript script = SW_SQL_SCRIPT_MIGRATION;
  g_autofree char *text = NULL;

  if (g_strcmp0 (name, "rollback") == 0)
    script = SW_SQL_SCRIPT_ROLLBACK;
  else if (g_strcmp0 (name, "verify") == 0)
    script = SW_SQL_SCRIPT_VERIFY;

  text = sw_sql_page_dup_script (self, script);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast_printf (self, "%s", _("Copied to the clipboard"));
}

static void
export_sql_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  run_chooser (SW_SQL_PAGE (widget), EXPORT_SQL, NULL);
}

static void
export_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  run_chooser (SW_SQL_PAGE (widget), EXPORT_PLAN, NULL);
}

static void
export_erd_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *format = g_variant_get_string (parameter, NULL);

  if (!g_str_equal (format, "svg") && !g_str_equal (format, "png") && !g_str_equal (format, "pdf"))
    return;

  run_chooser (SW_SQL_PAGE (widget), EXPORT_ERD, format);
}

/* GObject */

static void
sw_sql_page_dispose (GObject *object)
{
  SwSqlPage *self = SW_SQL_PAGE (object);

  g_clear_handle_id (&self->regenerate_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_changed_id, self->plan);
  g_clear_object (&self->plan);
  g_clear_object (&self->schema);
  g_clear_pointer (&self->error, g_free);

  /* AdwBin unparents its child (the template's root) itself; disposing the
   * template as well would unparent it twice.
   */
  G_OBJECT_CLASS (sw_sql_page_parent_class)->dispose (object);
}

static void
sw_sql_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwSqlPage *self = SW_SQL_PAGE (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      g_value_set_object (value, self->schema);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sql_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SwSqlPage *self = SW_SQL_PAGE (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      sw_sql_page_set_schema (self, g_value_get_object (value));
      break;
    case PROP_PLAN:
      sw_sql_page_set_plan (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_sql_page_class_init (SwSqlPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_sql_page_dispose;
  object_class->get_property = sw_sql_page_get_property;
  object_class->set_property = sw_sql_page_set_property;

  properties[PROP_SCHEMA] =
    g_param_spec_object ("schema", NULL, NULL, SW_TYPE_SCHEMA,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, SW_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shardwise/Shardwise/ui/sw-sql-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, script_stack);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, migration_view);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, rollback_view);
  gtk_widget_class_bind_template_child (widget_class, SwSqlPage, verify_view);

  gtk_widget_class_install_action (widget_class, "sql.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "sql.export-sql", NULL, export_sql_action);
  gtk_widget_class_install_action (widget_class, "sql.export-plan", NULL, export_plan_action);
  gtk_widget_class_install_action (widget_class, "sql.export-erd", "s", export_erd_action);
}

static void
sw_sql_page_init (SwSqlPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sw_source_view_setup (self->migration_view, "sql");
  sw_source_view_setup (self->rollback_view, "sql");
  sw_source_view_setup (self->verify_view, "sql");

  update_actions (self);
}

/* Public API */

GtkWidget *
sw_sql_page_new (void)
{
  return g_object_new (SW_TYPE_SQL_PAGE, NULL);
}

SwSchema *
sw_sql_page_get_schema (SwSqlPage *self)
{
  g_return_val_if_fail (SW_IS_SQL_PAGE (self), NULL);

  return self->schema;
}

/**
 * sw_sql_page_set_schema:
 * @self: a #SwSqlPage
 * @schema: (nullable): the schema the plan applies to
 *
 * Sets the schema; the scripts are written again.
 */
void
sw_sql_page_set_schema (SwSqlPage *self,
                        SwSchema  *schema)
{
  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (!schema || SW_IS_SCHEMA (schema));

  if (!g_set_object (&self->schema, schema))
    return;

  regenerate_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEMA]);
}

SwPlan *
sw_sql_page_get_plan (SwSqlPage *self)
{
  g_return_val_if_fail (SW_IS_SQL_PAGE (self), NULL);

  return self->plan;
}

/**
 * sw_sql_page_set_plan:
 * @self: a #SwSqlPage
 * @plan: (nullable): the plan to write scripts for
 *
 * Sets the plan. The page follows its #SwPlan::changed signal and writes the
 * scripts again, off the main thread, shortly after each change.
 */
void
sw_sql_page_set_plan (SwSqlPage *self,
                      SwPlan    *plan)
{
  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (!plan || SW_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_changed_id, self->plan);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    self->plan_changed_id = g_signal_connect_object (plan, "changed",
                                                     G_CALLBACK (plan_changed_cb), self,
                                                     G_CONNECT_SWAPPED);

  regenerate_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

/**
 * sw_sql_page_set_scripts:
 * @self: a #SwSqlPage
 * @migration: the migration script
 * @rollback: the rollback script
 * @verify: the verify script
 *
 * Shows scripts written elsewhere (an exported set opened again, say). The
 * next plan change replaces them.
 */
void
sw_sql_page_set_scripts (SwSqlPage  *self,
                         const char *migration,
                         const char *rollback,
                         const char *verify)
{
  Scripts scripts = { (char *) migration, (char *) rollback, (char *) verify, 0 };

  g_return_if_fail (SW_IS_SQL_PAGE (self));

  g_clear_handle_id (&self->regenerate_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  set_error (self, NULL);
  show_scripts (self, &scripts);
}

/**
 * sw_sql_page_dup_script:
 * @self: a #SwSqlPage
 * @script: which script
 *
 * Returns: (transfer full): the text of @script as shown
 */
char *
sw_sql_page_dup_script (SwSqlPage   *self,
                        SwSqlScript  script)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SW_IS_SQL_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_for_script (self, script)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * sw_sql_page_is_busy:
 * @self: a #SwSqlPage
 *
 * Returns: whether the scripts are being written
 */
gboolean
sw_sql_page_is_busy (SwSqlPage *self)
{
  g_return_val_if_fail (SW_IS_SQL_PAGE (self), FALSE);

  return self->busy || self->regenerate_source != 0;
}

/**
 * sw_sql_page_get_error:
 * @self: a #SwSqlPage
 *
 * Returns: (nullable): why the scripts shown are out of date, or %NULL
 */
const char *
sw_sql_page_get_error (SwSqlPage *self)
{
  g_return_val_if_fail (SW_IS_SQL_PAGE (self), NULL);

  return self->error;
}

void
sw_sql_page_show_script (SwSqlPage   *self,
                         SwSqlScript  script)
{
  static const char * const names[] = { "migration", "rollback", "verify" };

  g_return_if_fail (SW_IS_SQL_PAGE (self));
  g_return_if_fail (script <= SW_SQL_SCRIPT_VERIFY);

  gtk_stack_set_visible_child_name (self->script_stack, names[script]);
}
