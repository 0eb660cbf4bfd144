/* sw-apply-dialog.c
 *
 * The apply dialog: first it says exactly what the migration will change
 * (tables, sizes, how long, whether writes wait), then it follows the steps as
 * they run, and ends on a failure that says what was and was not done, or on
 * the verify check.
 *
 * The dialog only shows; whoever runs the steps (SwApplyRun with the engine's
 * applier, or a test) drives it through the sw_apply_dialog_begin(),
 * _step_*(), _fail() and _finish() calls, and hears the user through
 * #SwApplyDialog::response.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-apply-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-apply-dialog.h"
#include "sw-verify-row.h"

/* What moving a table costs, for the estimate in the confirmation. Citus
 * copies a local table's rows into its shards with COPY over the internal
 * connections; on the machines we measured that runs at about 40 MiB/s, and
 * every table pays a fixed cost for creating its shards on the workers.
 * The estimate says "about", and the user sees the real pace in the steps.
 */
#define COPY_BYTES_PER_SECOND   (40.0 * 1024 * 1024)
#define TABLE_OVERHEAD_USEC     (G_USEC_PER_SEC / 2)
#define STEP_OVERHEAD_USEC      (G_USEC_PER_SEC / 20)

typedef struct
{
  AdwActionRow     *row;
  GtkStack         *icon_stack;
  GtkLabel         *time_label;
  char             *reason;
  SwApplyStepState  state;
  gint64            started;
} StepRow;

struct _SwApplyDialog
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwHeaderBar     *header_bar;
  AdwWindowTitle   *window_title;
  GtkButton        *start_button;
  GtkButton        *end_button;
  GtkRevealer      *resumed_revealer;
  GtkLabel         *resumed_label;
  GtkStack         *stack;
  GtkLabel         *confirm_title;
  GtkLabel         *confirm_description;
  AdwActionRow     *data_row;
  AdwActionRow     *duration_row;
  AdwActionRow     *writes_row;
  GtkImage         *writes_icon;
  GtkListBox       *tables_list;
  GtkImage         *status_icon;
  GtkLabel         *status_title;
  GtkLabel         *status_description;
  GtkProgressBar   *progress_bar;
  GtkBox           *error_box;
  GtkLabel         *error_label;
  GtkLabel         *error_detail_label;
  AdwPreferencesGroup *verify_group;
  GtkColumnView    *verify_view;
  GtkListBox       *steps_list;
  GtkExpander      *messages_expander;
  GtkTextView      *messages_view;

  /* Owned */
  SwSchema         *schema;
  SwMigration      *migration;
  char             *database;
  char             *server;
  GPtrArray        *steps;
  GListStore       *verify_rows;
  char             *error;
  gint64            estimate_usec;
  gint64            started;
  guint             n_messages;
  SwApplyState      state;
  int               failed_step;
  guint             resumed : 1;
  guint             resumable : 1;
  guint             stopping : 1;
  guint             rolling_back : 1;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_RESPONSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwApplyDialog, sw_apply_dialog, ADW_TYPE_WINDOW)

typedef enum
{
  VERIFY_TABLE,
  VERIFY_TYPE,
  VERIFY_COLUMN,
  VERIFY_COLOCATION,
  VERIFY_SHARDS,
  VERIFY_ROWS_BEFORE,
  VERIFY_ROWS_AFTER,
  VERIFY_CHECK,
} VerifyColumn;

static void
step_row_free (StepRow *step)
{
  g_free (step->reason);
  g_free (step);
}

/* Formatting */

static char *
format_duration (gint64 usec)
{
  double seconds = (double) usec / G_USEC_PER_SEC;

  if (seconds < 1.0)
    return g_strdup (_("under a second"));
  if (seconds < 90.0)
    {
      guint n = (guint) (seconds + 0.5);
      return g_strdup_printf (ngettext ("about %u second", "about %u seconds", n), n);
    }
  if (seconds < 90.0 * 60.0)
    {
      guint n = (guint) (seconds / 60.0 + 0.5);
      return g_strdup_printf (ngettext ("about %u minute", "about %u minutes", n), n);
    }

  return g_strdup_printf (_("about %.1f hours"), seconds / 3600.0);
}

static char *
format_elapsed (gint64 usec)
{
  double seconds = (double) usec / G_USEC_PER_SEC;

  if (seconds < 60.0)
    return g_strdup_printf (_("%.1f s"), seconds);

  return g_strdup_printf (_("%u min %02u s"), (guint) (seconds / 60), (guint) seconds % 60);
}

static char *
format_count (gint64 n)
{
  if (n < 0)
    return g_strdup ("—");

  /* The thousands separator of the user's locale. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* Buttons */

static void
set_button (GtkButton  *button,
            const char *label,
            const char *action,
            const char *style)
{
  gtk_widget_set_visible (GTK_WIDGET (button), label != NULL);
  if (label == NULL)
    return;

  gtk_button_set_label (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_remove_css_class (GTK_WIDGET (button), "suggested-action");
  gtk_widget_remove_css_class (GTK_WIDGET (button), "destructive-action");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (button), style);
}

static guint
count_steps (SwApplyDialog    *self,
             SwApplyStepState  state)
{
  guint n = 0;

  for (guint i = 0; i < self->steps->len; i++)
    if (((StepRow *) g_ptr_array_index (self->steps, i))->state == state)
      n++;

  return n;
}

static void
update_buttons (SwApplyDialog *self)
{
  gboolean anything_done = count_steps (self, SW_APPLY_STEP_DONE) +
                           count_steps (self, SW_APPLY_STEP_DONE_EARLIER) > 0;

  switch (self->state)
    {
    case SW_APPLY_STATE_CONFIRM:
      set_button (self->start_button, _("_Cancel"), "apply.close", NULL);
      set_button (self->end_button, _("_Apply"), "apply.start", "suggested-action");
      gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), self->migration != NULL);
      adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
      break;

    case SW_APPLY_STATE_RUNNING:
      set_button (self->start_button, NULL, NULL, NULL);
      if (self->rolling_back)
        set_button (self->end_button, NULL, NULL, NULL);
      else
        set_button (self->end_button, self->stopping ? _("Stopping…") : _("_Stop"),
                    "apply.cancel", "destructive-action");
      gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), !self->stopping);
      adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
      break;

    case SW_APPLY_STATE_FAILED:
      set_button (self->start_button, anything_done ? _("_Roll Back…") : NULL,
                  "apply.rollback", NULL);
      if (self->resumable)
        set_button (self->end_button, _("_Resume"), "apply.resume", "suggested-action");
      else
        set_button (self->end_button, _("_Close"), "apply.close", NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), TRUE);
      adw_header_bar_set_show_end_title_buttons (self->header_bar, self->resumable);
      break;

    case SW_APPLY_STATE_DONE:
      set_button (self->start_button, _("_Roll Back…"), "apply.rollback", NULL);
      set_button (self->end_button, _("_Close"), "apply.close", "suggested-action");
      gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), TRUE);
      adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
      break;

    case SW_APPLY_STATE_ROLLED_BACK:
    default:
      set_button (self->start_button, NULL, NULL, NULL);
      set_button (self->end_button, _("_Close"), "apply.close", "suggested-action");
      gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), TRUE);
      adw_header_bar_set_show_end_title_buttons (self->header_bar, FALSE);
      break;
    }
}

static void
set_state (SwApplyDialog *self,
           SwApplyState   state)
{
  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, state == SW_APPLY_STATE_CONFIRM ? "confirm" : "progress");
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_status (SwApplyDialog *self,
            const char    *icon_name,
            const char    *style,
            const char    *title,
            const char    *description)
{
  static const char * const styles[] = { "success", "error", "warning", "dim-label" };

  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);

  gtk_label_set_text (self->status_title, title);
  adw_window_title_set_title (self->window_title, title);
  gtk_label_set_text (self->status_description, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_description), description != NULL);
}

/* Steps */

static StepRow *
get_step (SwApplyDialog *self,
          guint          index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);

  return g_ptr_array_index (self->steps, index);
}

static void
set_step_state (SwApplyDialog    *self,
                StepRow          *step,
                SwApplyStepState  state)
{
  static const char * const pages[] = { "pending", "running", "done", "done-earlier", "failed" };
  GtkWidget *child;

  step->state = state;
  gtk_stack_set_visible_child_name (step->icon_stack, pages[state]);

  /* Only the running spinner spins: forty spinners would keep the GPU busy. */
  child = gtk_stack_get_child_by_name (step->icon_stack, "running");
  gtk_spinner_set_spinning (GTK_SPINNER (child), state == SW_APPLY_STEP_RUNNING);

  switch (state)
    {
    case SW_APPLY_STEP_DONE_EARLIER:
      adw_action_row_set_subtitle (step->row, _("Done by an earlier run"));
      break;
    case SW_APPLY_STEP_PENDING:
      adw_action_row_set_subtitle (step->row, step->reason ? step->reason : "");
      gtk_label_set_text (step->time_label, "");
      break;
    case SW_APPLY_STEP_FAILED:
      adw_action_row_set_subtitle (step->row, _("Failed: nothing of this step was kept"));
      break;
    case SW_APPLY_STEP_RUNNING:
    case SW_APPLY_STEP_DONE:
    default:
      break;
    }
}

static GtkWidget *
new_step_icon (const char *icon_name,
               const char *style,
               const char *tooltip)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  if (style != NULL)
    gtk_widget_add_css_class (image, style);
  gtk_widget_set_tooltip_text (image, tooltip);
  return image;
}

static StepRow *
new_step_row (SwMigrationStep *step)
{
  StepRow *row = g_new0 (StepRow, 1);
  const char *reason = sw_migration_step_get_reason (step);

  row->row = ADW_ACTION_ROW (adw_action_row_new ());
  /* Table names may hold anything, markup characters included. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), sw_migration_step_get_title (step));
  adw_action_row_set_subtitle_lines (row->row, 2);
  row->reason = g_strdup (reason);

  row->icon_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (row->icon_stack,
                       new_step_icon ("content-loading-symbolic", "dim-label", _("Not done yet")),
                       "pending");
  gtk_stack_add_named (row->icon_stack, gtk_spinner_new (), "running");
  gtk_stack_add_named (row->icon_stack,
                       new_step_icon ("emblem-ok-symbolic", "success", _("Done")), "done");
  gtk_stack_add_named (row->icon_stack,
                       new_step_icon ("emblem-ok-symbolic", "dim-label", _("Done by an earlier run")),
                       "done-earlier");
  gtk_stack_add_named (row->icon_stack,
                       new_step_icon ("dialog-error-symbolic", "error", _("Failed")), "failed");
  adw_action_row_add_prefix (row->row, GTK_WIDGET (row->icon_stack));

  row->time_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->time_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->time_label), "numeric");
  adw_action_row_add_suffix (row->row, GTK_WIDGET (row->time_label));

  return row;
}

/* Confirmation */

static gboolean
step_moves_table (SwMigrationStep *step)
{
  switch (sw_migration_step_get_kind (step))
    {
    case SW_DDL_KIND_REFERENCE_TABLE:
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA:
    case SW_DDL_KIND_COLOCATION_ANCHOR:
    case SW_DDL_KIND_DISTRIBUTED_TABLE:
    case SW_DDL_KIND_SINGLE_SHARD_TABLE:
      return TRUE;
    case SW_DDL_KIND_SCHEMA_CHANGE:
    case SW_DDL_KIND_DROP_FOREIGN_KEY:
    case SW_DDL_KIND_DROP_TRIGGER:
    case SW_DDL_KIND_POST_DATA_BOUNDARY:
    case SW_DDL_KIND_CREATE_TRIGGER:
    case SW_DDL_KIND_ADD_FOREIGN_KEY:
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY:
    default:
      return sw_migration_step_get_moves_data (step);
    }
}

static GtkWidget *
new_table_row (SwApplyDialog   *self,
               const char      *table_name,
               SwMigrationStep *step,
               gint64          *bytes_out,
               gint64          *usec_out)
{
  SwTable *table = self->schema ? sw_schema_find_table (self->schema, table_name) : NULL;
  gint64 bytes = table ? sw_table_get_total_bytes (table) : -1;
  gint64 rows = table ? sw_table_get_estimated_rows (table) : -1;
  gint64 usec = TABLE_OVERHEAD_USEC + (bytes > 0 ? (gint64) (bytes / COPY_BYTES_PER_SECOND * G_USEC_PER_SEC) : 0);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *size_label;
  GtkWidget *time_label;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *duration = format_duration (usec);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), table_name);

  if (rows >= 0)
    {
      g_autofree char *count = format_count (rows);
      subtitle = g_strdup_printf (ngettext ("%s — about %s row", "%s — about %s rows", (gulong) MIN (rows, G_MAXULONG)),
                                  sw_migration_step_get_title (step), count);
    }
  else
    subtitle = g_strdup (sw_migration_step_get_title (step));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  if (sw_migration_step_get_blocks_writes (step))
    {
      GtkWidget *lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

      gtk_widget_set_tooltip_text (lock, _("Writes to this table wait while its data is copied"));
      gtk_widget_add_css_class (lock, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), lock);
    }

  size = bytes >= 0 ? g_format_size (bytes) : g_strdup (_("size unknown"));
  size_label = gtk_label_new (size);
  gtk_label_set_xalign (GTK_LABEL (size_label), 1.0);
  gtk_widget_add_css_class (size_label, "numeric");
  time_label = gtk_label_new (duration);
  gtk_label_set_xalign (GTK_LABEL (time_label), 1.0);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "caption");
  gtk_box_append (GTK_BOX (box), size_label);
  gtk_box_append (GTK_BOX (box), time_label);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  *bytes_out = MAX (bytes, 0);
  *usec_out = usec;
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_confirmation (SwApplyDialog *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *bytes_text = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char *duration_text = NULL;
  guint n_steps = self->migration ? sw_migration_get_n_steps (self->migration) : 0;
  guint n_tables = 0;
  guint n_blocking = 0;
  guint n_sized = 0;
  gint64 total_bytes = 0;
  gint64 total_usec = 0;

  clear_list (self->tables_list);

  for (guint i = 0; i < n_steps; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (self->migration, i);
      const char * const *tables = sw_migration_step_get_tables (step);

      total_usec += STEP_OVERHEAD_USEC;
      if (!step_moves_table (step) || tables == NULL)
        continue;

      for (guint j = 0; tables[j] != NULL; j++)
        {
          gint64 bytes, usec;

          if (!g_hash_table_add (seen, (gpointer) tables[j]))
            continue;

          gtk_list_box_append (self->tables_list,
                               new_table_row (self, tables[j], step, &bytes, &usec));
          total_bytes += bytes;
          total_usec += usec;
          n_tables++;
          if (self->schema != NULL && sw_schema_find_table (self->schema, tables[j]) != NULL &&
              sw_table_get_total_bytes (sw_schema_find_table (self->schema, tables[j])) >= 0)
            n_sized++;
          if (sw_migration_step_get_blocks_writes (step))
            n_blocking++;
        }
    }

  self->estimate_usec = total_usec;

  if (self->database != NULL)
    title = g_strdup_printf (_("Apply the Plan to “%s”?"), self->database);
  else
    title = g_strdup (_("Apply the Plan?"));
  gtk_label_set_text (self->confirm_title, title);

  if (self->server != NULL)
    description = g_strdup_printf (ngettext ("%u step will run on the coordinator at %s. Each step is recorded in a journal on the coordinator, so a failed apply can be resumed or rolled back.",
                                             "%u steps will run on the coordinator at %s. Each step is recorded in a journal on the coordinator, so a failed apply can be resumed or rolled back.",
                                             n_steps),
                                   n_steps, self->server);
  else
    description = g_strdup_printf (ngettext ("%u step will run on the coordinator. Each step is recorded in a journal on the coordinator, so a failed apply can be resumed or rolled back.",
                                             "%u steps will run on the coordinator. Each step is recorded in a journal on the coordinator, so a failed apply can be resumed or rolled back.",
                                             n_steps),
                                   n_steps);
  gtk_label_set_text (self->confirm_description, description);

  bytes_text = g_format_size (total_bytes);
  if (n_sized == 0 && n_tables > 0)
    data_text = g_strdup_printf (ngettext ("%u table, of unknown size: the schema was read from a file",
                                           "%u tables, of unknown size: the schema was read from a file",
                                           n_tables),
                                 n_tables);
  else
    data_text = g_strdup_printf (ngettext ("%s in %u table", "%s in %u tables", n_tables),
                                 bytes_text, n_tables);
  adw_action_row_set_subtitle (self->data_row, data_text);

  duration_text = format_duration (total_usec);
  adw_action_row_set_subtitle (self->duration_row, duration_text);

  if (n_blocking > 0)
    {
      g_autofree char *writes =
        g_strdup_printf (ngettext ("Blocked on %u table while its data is copied; reads go on",
                                   "Blocked on %u tables, each while its data is copied; reads go on",
                                   n_blocking),
                         n_blocking);
      adw_action_row_set_subtitle (self->writes_row, writes);
      gtk_image_set_from_icon_name (self->writes_icon, "changes-prevent-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->writes_icon), "warning");
    }
  else
    {
      adw_action_row_set_subtitle (self->writes_row, _("Not blocked: writes go on during the move"));
      gtk_image_set_from_icon_name (self->writes_icon, "changes-allow-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->writes_icon), "warning");
    }

  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->tables_list),
                                                   ADW_TYPE_PREFERENCES_GROUP),
                          n_tables > 0);
}

static void
set_step_rows (SwApplyDialog *self,
               GPtrArray     *steps)
{
  clear_list (self->steps_list);
  g_ptr_array_set_size (self->steps, 0);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      StepRow *row = new_step_row (g_ptr_array_index (steps, i));

      set_step_state (self, row, SW_APPLY_STEP_PENDING);
      gtk_list_box_append (self->steps_list, GTK_WIDGET (row->row));
      g_ptr_array_add (self->steps, row);
    }
}

static void
rebuild_steps (SwApplyDialog *self)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  guint n_steps = self->migration ? sw_migration_get_n_steps (self->migration) : 0;

  for (guint i = 0; i < n_steps; i++)
    g_ptr_array_add (steps, sw_migration_get_step (self->migration, i));
  set_step_rows (self, steps);
}

static void
update_progress (SwApplyDialog *self,
                 int            current)
{
  guint n_done = count_steps (self, SW_APPLY_STEP_DONE) + count_steps (self, SW_APPLY_STEP_DONE_EARLIER);
  guint n = self->steps->len;
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) n_done / n : 0.0);
  if (current >= 0 && (guint) current < n)
    text = g_strdup_printf (_("Step %u of %u"), current + 1, n);
  else
    text = g_strdup_printf (_("%u of %u steps done"), n_done, n);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* Verify table */

static void
verify_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  VerifyColumn column = GPOINTER_TO_INT (user_data);

  if (column == VERIFY_CHECK)
    {
      gtk_list_item_set_child (item, gtk_image_new ());
      return;
    }

  {
    GtkWidget *label = gtk_label_new (NULL);

    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    if (column == VERIFY_SHARDS || column == VERIFY_ROWS_BEFORE ||
        column == VERIFY_ROWS_AFTER || column == VERIFY_COLOCATION)
      {
        gtk_label_set_xalign (GTK_LABEL (label), 1.0);
        gtk_widget_add_css_class (label, "numeric");
      }
    else
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_list_item_set_child (item, label);
  }
}

static void
verify_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  VerifyColumn column = GPOINTER_TO_INT (user_data);
  SwVerifyRow *row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case VERIFY_TABLE:
      text = g_strdup (sw_verify_row_get_table (row));
      break;
    case VERIFY_TYPE:
      text = g_strdup (sw_verify_row_get_citus_table_type (row) ? sw_verify_row_get_citus_table_type (row)
                                                                 : _("local"));
      break;
    case VERIFY_COLUMN:
      text = g_strdup (sw_verify_row_get_distribution_column (row) ? sw_verify_row_get_distribution_column (row)
                                                                    : "—");
      break;
    case VERIFY_COLOCATION:
      text = sw_verify_row_get_colocation_id (row) >= 0 ? g_strdup_printf ("%d", sw_verify_row_get_colocation_id (row))
                                                        : g_strdup ("—");
      break;
    case VERIFY_SHARDS:
      text = sw_verify_row_get_shard_count (row) >= 0 ? g_strdup_printf ("%d", sw_verify_row_get_shard_count (row))
                                                      : g_strdup ("—");
      break;
    case VERIFY_ROWS_BEFORE:
      text = format_count (sw_verify_row_get_rows_before (row));
      break;
    case VERIFY_ROWS_AFTER:
      text = format_count (sw_verify_row_get_rows_after (row));
      break;
    case VERIFY_CHECK:
    default:
      {
        gboolean ok = sw_verify_row_get_ok (row);

        gtk_image_set_from_icon_name (GTK_IMAGE (child), ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
        gtk_widget_remove_css_class (child, ok ? "error" : "success");
        gtk_widget_add_css_class (child, ok ? "success" : "error");
        gtk_widget_set_tooltip_text (child, ok ? _("As planned, no row lost") : _("Not as planned"));
        return;
      }
    }

  gtk_label_set_text (GTK_LABEL (child), text);
  gtk_widget_set_tooltip_text (child, column == VERIFY_TABLE ? text : NULL);
}

static void
add_verify_column (SwApplyDialog *self,
                   const char    *title,
                   VerifyColumn   column,
                   gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (verify_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (verify_bind_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  /* Qualified table names are long; never cut them to "public.p…_events". */
  if (column == VERIFY_TABLE)
    gtk_column_view_column_set_fixed_width (view_column, 220);
  gtk_column_view_append_column (self->verify_view, view_column);
}

/* Actions */

static void
emit_response (SwApplyDialog *self,
               const char    *response)
{
  g_signal_emit (self, signals[SIGNAL_RESPONSE], g_quark_from_string (response), response);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  emit_response (SW_APPLY_DIALOG (widget), "apply");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (widget);

  if (self->state != SW_APPLY_STATE_RUNNING || self->stopping)
    return;

  /* A step in flight is one transaction: it finishes or rolls back as a
   * whole, so stopping means "after this step".
   */
  self->stopping = TRUE;
  update_buttons (self);
  emit_response (self, "cancel");
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  emit_response (SW_APPLY_DIALOG (widget), "resume");
}

static void
rollback_response_cb (SwApplyDialog  *self,
                      const char     *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "rollback") == 0)
    emit_response (self, "rollback");
}

static void
rollback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Roll Back the Migration?"),
                                                       _("The rollback script turns the moved tables back into local tables on the coordinator, copying their rows back from the workers, and restores the foreign keys that were dropped.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "rollback", _("_Roll Back"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "rollback", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rollback_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* GObject */

static gboolean
sw_apply_dialog_close_request (GtkWindow *window)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (window);

  /* Closing the window must not look like it stopped the steps. */
  if (self->state == SW_APPLY_STATE_RUNNING)
    return TRUE;

  emit_response (self, "close");
  return GTK_WINDOW_CLASS (sw_apply_dialog_parent_class)->close_request (window);
}

static void
sw_apply_dialog_dispose (GObject *object)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (object);

  g_clear_object (&self->schema);
  g_clear_object (&self->migration);
  g_clear_object (&self->verify_rows);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_APPLY_DIALOG);

  G_OBJECT_CLASS (sw_apply_dialog_parent_class)->dispose (object);
}

static void
sw_apply_dialog_finalize (GObject *object)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (object);

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_free (self->database);
  g_free (self->server);
  g_free (self->error);

  G_OBJECT_CLASS (sw_apply_dialog_parent_class)->finalize (object);
}

static void
sw_apply_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SwApplyDialog *self = SW_APPLY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_apply_dialog_class_init (SwApplyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sw_apply_dialog_dispose;
  object_class->finalize = sw_apply_dialog_finalize;
  object_class->get_property = sw_apply_dialog_get_property;
  window_class->close_request = sw_apply_dialog_close_request;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SW_APPLY_STATE_CONFIRM, SW_APPLY_STATE_ROLLED_BACK, SW_APPLY_STATE_CONFIRM,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwApplyDialog::response:
   * @self: the dialog
   * @response: `apply`, `cancel`, `resume`, `rollback` or `close`
   *
   * The user asked for something; the detail is the response too.
   */
  signals[SIGNAL_RESPONSE] =
    g_signal_new ("response",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shardwise/Shardwise/ui/sw-apply-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, end_button);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, resumed_revealer);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, resumed_label);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, confirm_title);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, confirm_description);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, data_row);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, writes_row);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, writes_icon);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, tables_list);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, status_title);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, status_description);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, error_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, verify_group);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, verify_view);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, steps_list);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, messages_expander);
  gtk_widget_class_bind_template_child (widget_class, SwApplyDialog, messages_view);

  gtk_widget_class_install_action (widget_class, "apply.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "apply.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "apply.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "apply.rollback", NULL, rollback_action);
  gtk_widget_class_install_action (widget_class, "apply.close", NULL, close_action);
}

static void
sw_apply_dialog_init (SwApplyDialog *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_row_free);
  self->verify_rows = g_list_store_new (SW_TYPE_VERIFY_ROW);
  self->failed_step = -1;

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->verify_rows)));
  gtk_column_view_set_model (self->verify_view, GTK_SELECTION_MODEL (selection));
  add_verify_column (self, _("Table"), VERIFY_TABLE, TRUE);
  add_verify_column (self, _("Citus Type"), VERIFY_TYPE, FALSE);
  add_verify_column (self, _("Column"), VERIFY_COLUMN, FALSE);
  add_verify_column (self, _("Colocation"), VERIFY_COLOCATION, FALSE);
  add_verify_column (self, _("Shards"), VERIFY_SHARDS, FALSE);
  add_verify_column (self, _("Rows Before"), VERIFY_ROWS_BEFORE, FALSE);
  add_verify_column (self, _("Rows After"), VERIFY_ROWS_AFTER, FALSE);
  add_verify_column (self, "", VERIFY_CHECK, FALSE);

  buffer = gtk_text_view_get_buffer (self->messages_view);
  gtk_text_buffer_create_tag (buffer, "severity", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "warning", "foreground", "#c01c28", NULL);

  update_confirmation (self);
  set_state (self, SW_APPLY_STATE_CONFIRM);
}

/* Public API */

/**
 * sw_apply_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 *
 * Returns: (transfer none): a new #SwApplyDialog, owned by GTK's window list
 */
SwApplyDialog *
sw_apply_dialog_new (GtkWindow *parent)
{
  return g_object_new (SW_TYPE_APPLY_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/**
 * sw_apply_dialog_set_target:
 * @self: a #SwApplyDialog
 * @database: (nullable): the database's name
 * @server: (nullable): the coordinator, as `host:port`
 *
 * Names the database in the confirmation. Never pass a conninfo: it may hold
 * a password.
 */
void
sw_apply_dialog_set_target (SwApplyDialog *self,
                            const char    *database,
                            const char    *server)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));

  g_free (self->database);
  self->database = g_strdup (database);
  g_free (self->server);
  self->server = g_strdup (server);
  update_confirmation (self);
}

/**
 * sw_apply_dialog_set_migration:
 * @self: a #SwApplyDialog
 * @schema: (nullable): the schema, for table sizes
 * @migration: the migration to confirm and follow
 *
 * Fills the confirmation and the list of steps.
 */
void
sw_apply_dialog_set_migration (SwApplyDialog *self,
                               SwSchema      *schema,
                               SwMigration   *migration)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (!schema || SW_IS_SCHEMA (schema));
  g_return_if_fail (!migration || SW_IS_MIGRATION (migration));

  g_set_object (&self->schema, schema);
  g_set_object (&self->migration, migration);
  update_confirmation (self);
  rebuild_steps (self);
  update_buttons (self);
}

SwMigration *
sw_apply_dialog_get_migration (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), NULL);

  return self->migration;
}

SwApplyState
sw_apply_dialog_get_state (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), SW_APPLY_STATE_CONFIRM);

  return self->state;
}

/**
 * sw_apply_dialog_get_resumed:
 * @self: a #SwApplyDialog
 *
 * Returns: whether the current run skipped steps an earlier run had done
 */
gboolean
sw_apply_dialog_get_resumed (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), FALSE);

  return self->resumed;
}

guint
sw_apply_dialog_get_n_steps (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), 0);

  return self->steps->len;
}

SwApplyStepState
sw_apply_dialog_get_step_state (SwApplyDialog *self,
                                guint          index)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), SW_APPLY_STEP_PENDING);
  g_return_val_if_fail (index < self->steps->len, SW_APPLY_STEP_PENDING);

  return get_step (self, index)->state;
}

/**
 * sw_apply_dialog_get_error:
 * @self: a #SwApplyDialog
 *
 * Returns: (nullable): the message shown for a failure
 */
const char *
sw_apply_dialog_get_error (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), NULL);

  return self->error;
}

/**
 * sw_apply_dialog_dup_messages:
 * @self: a #SwApplyDialog
 *
 * Returns: (transfer full): the NOTICE and WARNING messages, one a line
 */
char *
sw_apply_dialog_dup_messages (SwApplyDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->messages_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * sw_apply_dialog_get_verify_rows:
 * @self: a #SwApplyDialog
 *
 * Returns: (transfer none): the verify check shown, a list of #SwVerifyRow
 */
GListModel *
sw_apply_dialog_get_verify_rows (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), NULL);

  return G_LIST_MODEL (self->verify_rows);
}

/**
 * sw_apply_dialog_estimate_usec:
 * @self: a #SwApplyDialog
 *
 * Returns: the expected duration the confirmation shows, in microseconds
 */
gint64
sw_apply_dialog_estimate_usec (SwApplyDialog *self)
{
  g_return_val_if_fail (SW_IS_APPLY_DIALOG (self), 0);

  return self->estimate_usec;
}

static void
reset_progress_page (SwApplyDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_group), FALSE);
  g_clear_pointer (&self->error, g_free);
  self->failed_step = -1;
  self->stopping = FALSE;
  self->started = g_get_monotonic_time ();
}

/**
 * sw_apply_dialog_begin:
 * @self: a #SwApplyDialog
 * @n_done_earlier: how many steps, from the first, the journal says an
 *   earlier run finished; 0 for a first run
 *
 * Shows the running steps. With @n_done_earlier, the run is a resumed one:
 * those steps are marked as done earlier and a banner says so.
 */
void
sw_apply_dialog_begin (SwApplyDialog *self,
                       guint          n_done_earlier)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));

  reset_progress_page (self);
  self->rolling_back = FALSE;
  self->resumed = n_done_earlier > 0;

  for (guint i = 0; i < self->steps->len; i++)
    {
      StepRow *step = get_step (self, i);

      if (i < n_done_earlier)
        set_step_state (self, step, SW_APPLY_STEP_DONE_EARLIER);
      else if (step->state != SW_APPLY_STEP_DONE)
        set_step_state (self, step, SW_APPLY_STEP_PENDING);
    }

  if (self->resumed)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("Resumed: the journal on the coordinator shows %u step done by an earlier run; it is not run again.",
                                   "Resumed: the journal on the coordinator shows %u steps done by an earlier run; they are not run again.",
                                   n_done_earlier),
                         n_done_earlier);
      gtk_label_set_text (self->resumed_label, text);
    }
  gtk_revealer_set_reveal_child (self->resumed_revealer, self->resumed);

  set_status (self, NULL, NULL, self->resumed ? _("Resuming the Apply") : _("Applying the Plan"),
              _("Stop waits for the current step to finish; every finished step stays recorded in the journal."));
  update_progress (self, -1);
  set_state (self, SW_APPLY_STATE_RUNNING);
}

/**
 * sw_apply_dialog_begin_rollback:
 * @self: a #SwApplyDialog
 *
 * Shows that the rollback script is running.
 */
void
sw_apply_dialog_begin_rollback (SwApplyDialog *self)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));

  reset_progress_page (self);
  self->rolling_back = TRUE;
  gtk_revealer_set_reveal_child (self->resumed_revealer, FALSE);
  gtk_progress_bar_pulse (self->progress_bar);
  gtk_progress_bar_set_text (self->progress_bar, _("Running the rollback script"));
  set_status (self, NULL, NULL, _("Rolling Back"),
              _("The tables are turned back into local tables on the coordinator."));
  set_state (self, SW_APPLY_STATE_RUNNING);
}

void
sw_apply_dialog_step_started (SwApplyDialog *self,
                              guint          index)
{
  StepRow *step;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (index < self->steps->len);

  step = get_step (self, index);
  step->started = g_get_monotonic_time ();
  set_step_state (self, step, SW_APPLY_STEP_RUNNING);
  adw_action_row_set_subtitle (step->row, _("Running…"));
  update_progress (self, index);
}

/**
 * sw_apply_dialog_step_progress:
 * @self: a #SwApplyDialog
 * @index: the step
 * @detail: what the step is doing, such as "12,000 rows copied"
 */
void
sw_apply_dialog_step_progress (SwApplyDialog *self,
                               guint          index,
                               const char    *detail)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (index < self->steps->len);

  adw_action_row_set_subtitle (get_step (self, index)->row, detail);
}

void
sw_apply_dialog_step_finished (SwApplyDialog *self,
                               guint          index)
{
  StepRow *step;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (index < self->steps->len);

  step = get_step (self, index);
  set_step_state (self, step, SW_APPLY_STEP_DONE);
  if (step->started > 0)
    {
      g_autofree char *elapsed = format_elapsed (g_get_monotonic_time () - step->started);
      gtk_label_set_text (step->time_label, elapsed);
    }
  adw_action_row_set_subtitle (step->row, step->reason ? step->reason : _("Done"));
  update_progress (self, -1);
}

/**
 * sw_apply_dialog_add_message:
 * @self: a #SwApplyDialog
 * @severity: the server's severity, such as `NOTICE` or `WARNING` (not translated)
 * @text: the message
 *
 * Adds a message the server sent while a step ran.
 */
void
sw_apply_dialog_add_message (SwApplyDialog *self,
                             const char    *severity,
                             const char    *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;
  g_autofree char *label = NULL;
  g_autofree char *line = NULL;
  gboolean warning;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (text != NULL);

  warning = severity != NULL && g_strcmp0 (severity, "NOTICE") != 0 &&
            g_strcmp0 (severity, "INFO") != 0 && g_strcmp0 (severity, "LOG") != 0 &&
            g_strcmp0 (severity, "DEBUG") != 0;

  buffer = gtk_text_view_get_buffer (self->messages_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &end, severity ? severity : "NOTICE", -1,
                                            "severity", warning ? "warning" : NULL, NULL);
  line = g_strdup_printf (":  %s%s", text, g_str_has_suffix (text, "\n") ? "" : "\n");
  gtk_text_buffer_insert (buffer, &end, line, -1);
  gtk_text_view_scroll_to_mark (self->messages_view, gtk_text_buffer_get_insert (buffer), 0, FALSE, 0, 0);

  self->n_messages++;
  label = g_strdup_printf (ngettext ("%u Message from the Server", "%u Messages from the Server",
                                     self->n_messages),
                           self->n_messages);
  gtk_expander_set_label (self->messages_expander, label);
  gtk_widget_set_visible (GTK_WIDGET (self->messages_expander), TRUE);
  if (warning)
    gtk_expander_set_expanded (self->messages_expander, TRUE);
}

/**
 * sw_apply_dialog_fail:
 * @self: a #SwApplyDialog
 * @failed_step: the step that failed, or -1 when nothing ran (a check before
 *   the first step refused)
 * @message: the error, as the server or the engine said it
 * @detail: (nullable): DETAIL and HINT, or more words
 * @resumable: whether running again can finish the job
 *
 * Shows a failure, with what was done and what was not.
 */
void
sw_apply_dialog_fail (SwApplyDialog *self,
                      int            failed_step,
                      const char    *message,
                      const char    *detail,
                      gboolean       resumable)
{
  guint n_done;
  guint n_not_done;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (message != NULL);

  self->failed_step = failed_step;
  self->resumable = resumable;
  g_free (self->error);
  self->error = g_strdup (message);

  if (failed_step >= 0 && (guint) failed_step < self->steps->len)
    {
      StepRow *step = get_step (self, failed_step);

      set_step_state (self, step, SW_APPLY_STEP_FAILED);
    }

  for (guint i = 0; i < self->steps->len; i++)
    {
      StepRow *step = get_step (self, i);

      if (step->state == SW_APPLY_STEP_RUNNING)
        set_step_state (self, step, SW_APPLY_STEP_PENDING);
    }

  n_done = count_steps (self, SW_APPLY_STEP_DONE) + count_steps (self, SW_APPLY_STEP_DONE_EARLIER);
  n_not_done = self->steps->len - n_done;

  if (self->rolling_back)
    title = g_strdup (_("The Rollback Failed"));
  else if (failed_step >= 0)
    title = g_strdup_printf (_("Step %d of %u Failed"), failed_step + 1, self->steps->len);
  else
    title = g_strdup (_("The Plan Was Not Applied"));

  if (n_done == 0)
    description = g_strdup (_("Nothing was changed on the database."));
  else
    description = g_strdup_printf (ngettext ("%u step was done and is kept; %u was not done. ",
                                             "%u steps were done and are kept; %u were not done. ",
                                             n_done),
                                   n_done, n_not_done);
  if (resumable)
    {
      g_autofree char *more = g_strconcat (description,
                                           n_done > 0 ? _("Resume runs the steps that were not done, once the cause is fixed; Roll Back undoes the steps that were.")
                                                      : _("Resume tries again once the cause is fixed."),
                                           NULL);
      g_free (description);
      description = g_steal_pointer (&more);
    }

  set_status (self, "dialog-error-symbolic", "error", title, description);
  gtk_label_set_text (self->error_label, message);
  gtk_label_set_text (self->error_detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail_label), detail != NULL && *detail != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), TRUE);
  /* "0 of 4 steps done" says nothing "Nothing was changed" does not. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), n_done > 0 && !self->rolling_back);
  update_progress (self, -1);
  set_state (self, SW_APPLY_STATE_FAILED);
}

/**
 * sw_apply_dialog_cancelled:
 * @self: a #SwApplyDialog
 *
 * Shows that the run stopped when the user asked, after a finished step.
 */
void
sw_apply_dialog_cancelled (SwApplyDialog *self)
{
  guint n_done;
  guint n_not_done;
  g_autofree char *description = NULL;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));

  for (guint i = 0; i < self->steps->len; i++)
    if (get_step (self, i)->state == SW_APPLY_STEP_RUNNING)
      set_step_state (self, get_step (self, i), SW_APPLY_STEP_PENDING);

  n_done = count_steps (self, SW_APPLY_STEP_DONE) + count_steps (self, SW_APPLY_STEP_DONE_EARLIER);
  n_not_done = self->steps->len - n_done;
  if (n_done == 0)
    description = g_strdup (_("Nothing was changed on the database."));
  else
    description = g_strdup_printf (ngettext ("%u step was done and is kept; %u was not done. Resume finishes the job; Roll Back undoes it.",
                                             "%u steps were done and are kept; %u were not done. Resume finishes the job; Roll Back undoes it.",
                                             n_done),
                                   n_done, n_not_done);

  self->resumable = TRUE;
  g_clear_pointer (&self->error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), FALSE);
  set_status (self, "media-playback-pause-symbolic", "dim-label", _("The Apply Was Stopped"), description);
  update_progress (self, -1);
  set_state (self, SW_APPLY_STATE_FAILED);
}

/**
 * sw_apply_dialog_finish:
 * @self: a #SwApplyDialog
 * @verify_rows: (nullable): a list of #SwVerifyRow
 *
 * Shows that every step ran, and the verify check.
 */
void
sw_apply_dialog_finish (SwApplyDialog *self,
                        GListModel    *verify_rows)
{
  guint n_rows;
  guint n_bad = 0;
  g_autofree char *elapsed = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (!verify_rows || G_IS_LIST_MODEL (verify_rows));

  g_list_store_remove_all (self->verify_rows);
  n_rows = verify_rows ? g_list_model_get_n_items (verify_rows) : 0;
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(SwVerifyRow) row = g_list_model_get_item (verify_rows, i);

      if (!sw_verify_row_get_ok (row))
        n_bad++;
      g_list_store_append (self->verify_rows, row);
    }

  for (guint i = 0; i < self->steps->len; i++)
    if (get_step (self, i)->state == SW_APPLY_STEP_PENDING)
      set_step_state (self, get_step (self, i), SW_APPLY_STEP_DONE);

  elapsed = format_elapsed (g_get_monotonic_time () - self->started);
  if (n_bad == 0)
    description = g_strdup_printf (_("Every step ran, in %s. The verify check below passed: Citus has each table as planned, with the same number of rows as before."),
                                   elapsed);
  else
    description = g_strdup_printf (ngettext ("Every step ran, in %s, but the verify check found %u table that is not as planned.",
                                             "Every step ran, in %s, but the verify check found %u tables that are not as planned.",
                                             n_bad),
                                   elapsed, n_bad);

  set_status (self, n_bad == 0 ? "emblem-ok-symbolic" : "dialog-warning-symbolic",
              n_bad == 0 ? "success" : "warning",
              _("The Plan Was Applied"), description);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_group), n_rows > 0);
  gtk_revealer_set_reveal_child (self->resumed_revealer, FALSE);
  set_state (self, SW_APPLY_STATE_DONE);
}

/**
 * sw_apply_dialog_rolled_back:
 * @self: a #SwApplyDialog
 *
 * Shows that the rollback script ran.
 */
void
sw_apply_dialog_rolled_back (SwApplyDialog *self)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));

  for (guint i = 0; i < self->steps->len; i++)
    set_step_state (self, get_step (self, i), SW_APPLY_STEP_PENDING);

  self->rolling_back = FALSE;
  set_status (self, "edit-undo-symbolic", "dim-label", _("The Migration Was Rolled Back"),
              _("The tables are local tables on the coordinator again, with their foreign keys."));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_group), FALSE);
  set_state (self, SW_APPLY_STATE_ROLLED_BACK);
}

/**
 * sw_apply_dialog_set_steps:
 * @self: a #SwApplyDialog
 * @steps: (element-type SwMigrationStep): the steps the applier runs
 *
 * Replaces the steps shown by the ones the applier really runs: they come
 * from the live schema read again, or from the journal of an earlier run, and
 * may differ from the ones confirmed when the schema changed meanwhile.
 */
void
sw_apply_dialog_set_steps (SwApplyDialog *self,
                           GPtrArray     *steps)
{
  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (steps != NULL);

  set_step_rows (self, steps);
  update_progress (self, -1);
}

/**
 * sw_apply_dialog_step_skipped:
 * @self: a #SwApplyDialog
 * @index: the step
 *
 * Marks a step the journal shows done by an earlier run: the run is a
 * resumed one.
 */
void
sw_apply_dialog_step_skipped (SwApplyDialog *self,
                              guint          index)
{
  guint n_earlier;
  g_autofree char *text = NULL;

  g_return_if_fail (SW_IS_APPLY_DIALOG (self));
  g_return_if_fail (index < self->steps->len);

  set_step_state (self, get_step (self, index), SW_APPLY_STEP_DONE_EARLIER);
  self->resumed = TRUE;
  n_earlier = count_steps (self, SW_APPLY_STEP_DONE_EARLIER);
  text = g_strdup_printf (ngettext ("Resumed: the journal on the coordinator shows %u step done by an earlier run; it is not run again.",
                                    "Resumed: the journal on the coordinator shows %u steps done by an earlier run; they are not run again.",
                                    n_earlier),
                          n_earlier);
  gtk_label_set_text (self->resumed_label, text);
  gtk_revealer_set_reveal_child (self->resumed_revealer, TRUE);
  set_status (self, NULL, NULL, _("Resuming the Apply"),
              _("Stop waits for the current step to finish; every finished step stays recorded in the journal."));
  update_progress (self, -1);
}
