/* sw-window.c
 *
 * The main window: the welcome page, loading, errors, and the schema as an
 * ERD to plan on, with a side panel for the selected table, the problems
 * the plan has, and a summary. The window owns the plan and its undo
 * history: every change to the plan (from the canvas, the panel or a fix)
 * is one undo step, is re-validated at once, and lays the diagram out again
 * when it changes a kind or a colocation group.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-window"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sw-engine.h"

#include "sw-connect-dialog.h"
#include "sw-apply-run.h"
#include "sw-erd-view.h"
#include "sw-problems-list.h"
#include "sw-routing-page.h"
#include "sw-sql-page.h"
#include "sw-keyring.h"
#include "sw-window.h"

#define MAX_RECENT_ITEMS 10
#define MAX_UNDO         100
/* A check that answers within this many milliseconds shows no "Checking" banner. */
#define CHECKING_DELAY   300

struct _SwWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *welcome_page;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkButton            *error_back_button;
  GtkButton            *error_retry_button;
  GtkRevealer          *notes_revealer;
  GtkLabel             *notes_label;
  GtkListBox           *notes_list;
  GtkWidget            *undo_box;
  GtkWidget            *panel_button;
  GtkWidget            *search_button;
  GtkWidget            *save_button;
  GtkWidget            *recommend_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_label;
  AdwFlap              *flap;
  SwErdView            *erd_view;
  GtkWidget            *view_switcher;
  SwSqlPage            *sql_page;
  SwRoutingPage        *routing_page;
  GtkButton            *zoom_button;
  AdwViewStack         *panel_stack;
  AdwViewStackPage     *problems_stack_page;
  GtkBox               *table_box;
  SwProblemsList       *problems_list;
  GtkBox               *summary_box;

  /* Owned */
  GCancellable         *cancellable;
  GCancellable         *layout_cancellable;
  GCancellable         *validate_cancellable; /* the newest check of the plan */
  GPtrArray            *diagnostics;    /* SwDiagnostic: what the newest finished check said */
  char                 *schema_sql;     /* the schema file's text, for plans that change the schema */
  guint                 checking_id;
  SwSchema             *schema;
  SwPlan               *plan;
  SwPlan               *snapshot;       /* the plan as it was after the last change */
  GPtrArray            *undo_stack;     /* SwPlan */
  GPtrArray            *redo_stack;     /* SwPlan */
  SwPlan               *pending_plan;   /* opened before its schema */
  char                 *fingerprint;    /* what the current layout was computed for */
  char                 *schema_title;
  GFile                *last_file;
  char                 *last_conninfo;
  char                 *password;       /* of last_conninfo: memory only, wiped on change */
  GFile                *plan_file;
  GtkFileChooserNative *file_chooser;
  guint                 refresh_id;

  guint                 loading : 1;
  guint                 restoring : 1;
  guint                 dirty : 1;
  guint                 selecting_problem : 1;
};

/* What one load needs to finish: the window is held until the reader answers,
 * and the cancellable tells a load that was superseded from the current one.
 */
typedef struct
{
  SwWindow     *self;
  GCancellable *cancellable;
  GFile        *file;
  char         *conninfo;
  char         *title;
  char         *password_to_store;
  SwSchema     *schema;
} LoadData;

G_DEFINE_FINAL_TYPE (SwWindow, sw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PANEL_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void set_plan      (SwWindow *self,
                           SwPlan   *plan);
static void update_panel  (SwWindow *self);

/* The password of the current connection is kept only in memory, and
 * overwritten before it is freed.
 */
static void
forget_password (SwWindow *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->file);
  g_clear_object (&data->schema);
  g_clear_pointer (&data->conninfo, g_free);
  g_clear_pointer (&data->title, g_free);
  if (data->password_to_store != NULL)
    {
      memset (data->password_to_store, 0, strlen (data->password_to_store));
      g_free (data->password_to_store);
    }
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static GSettings *
get_settings (SwWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SW_IS_APPLICATION (app))
    return NULL;

  return sw_application_get_settings (SW_APPLICATION (app));
}

static void
toast (SwWindow   *self,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Recent sources */

static void
remember (SwWindow   *self,
          const char *key,
          const char *value)
{
  GSettings *settings = get_settings (self);
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) items = NULL;
  guint n = 1;

  if (settings == NULL || value == NULL)
    return;

  old = g_settings_get_strv (settings, key);
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, value);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_ITEMS; i++)
    {
      if (g_strcmp0 (old[i], value) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  items = g_strv_builder_end (builder);
  g_settings_set_strv (settings, key, (const char * const *) items);
}

static GtkWidget *
recent_row (const char *icon_name,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* A recent plan is kept as its URI and the source it was made for, on two
 * lines: the source is a schema file URI, or "conninfo:" and a conninfo.
 */
static char *
describe_source (const char *source)
{
  if (g_str_has_prefix (source, "conninfo:"))
    {
      char *description = sw_conninfo_describe (source + strlen ("conninfo:"));

      if (description == NULL || description[0] == '\0')
        {
          g_free (description);
          description = g_strdup (_("Default database"));
        }
      return description;
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_uri (source);

      return g_file_get_basename (file);
    }
}

static void
update_recent_files (SwWindow *self)
{
  GSettings *settings = get_settings (self);
  g_auto(GStrv) plans = NULL;
  g_auto(GStrv) uris = NULL;
  g_auto(GStrv) conninfos = NULL;
  GtkWidget *child;
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (settings != NULL)
    {
      plans = g_settings_get_strv (settings, "recent-plans");
      uris = g_settings_get_strv (settings, "recent-files");
      conninfos = g_settings_get_strv (settings, "recent-connections");
    }

  for (guint i = 0; plans != NULL && plans[i] != NULL && i < 3; i++)
    {
      g_auto(GStrv) parts = g_strsplit (plans[i], "\n", 2);
      g_autoptr(GFile) file = NULL;
      g_autofree char *name = NULL;
      g_autofree char *source = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (parts[0] == NULL || parts[1] == NULL)
        continue;
      file = g_file_new_for_uri (parts[0]);
      if (!g_file_query_exists (file, NULL))
        continue;
      name = g_file_get_basename (file);
      source = describe_source (parts[1]);
      /* Translators: a recent plan's subtitle: the schema or database it is for */
      subtitle = g_strdup_printf (_("Plan for %s"), source);
      row = recent_row ("x-office-document-symbolic", name, subtitle);
      g_object_set_data_full (G_OBJECT (row), "sw-plan", g_strdup (plans[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n_rows++;
    }

  for (guint i = 0; uris != NULL && uris[i] != NULL && i < 4; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row;

      if (!g_file_query_exists (file, NULL))
        continue;

      row = recent_row ("text-x-generic-symbolic", name, where);
      g_object_set_data_full (G_OBJECT (row), "sw-uri", g_strdup (uris[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n_rows++;
    }

  for (guint i = 0; conninfos != NULL && conninfos[i] != NULL && i < 3; i++)
    {
      g_autofree char *title = sw_conninfo_describe (conninfos[i]);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (title == NULL || title[0] == '\0')
        {
          g_free (title);
          title = g_strdup (_("Default database"));
        }
      subtitle = g_strdup (_("Live database"));
      row = recent_row ("network-server-symbolic", title, subtitle);
      g_object_set_data_full (G_OBJECT (row), "sw-conninfo", g_strdup (conninfos[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      n_rows++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n_rows > 0);
}

/* Notes from the SQL reader */

static void
update_notes (SwWindow *self)
{
  GPtrArray *notes = self->schema != NULL ? sw_schema_get_notes (self->schema) : NULL;
  guint n_ignored = 0;
  guint n_warnings = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const SwSourceNote *note = g_ptr_array_index (notes, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (note->kind == SW_SOURCE_NOTE_WARNING)
        n_warnings++;
      else
        n_ignored++;

      /* Translators: where a statement of the schema file is, and why it was not used */
      subtitle = g_strdup_printf (_("Line %u, column %u: %s"),
                                  note->line,
                                  note->column,
                                  note->message != NULL ? note->message : "");

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     note->statement != NULL ? note->statement : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      icon = gtk_image_new_from_icon_name (note->kind == SW_SOURCE_NOTE_WARNING
                                           ? "dialog-warning-symbolic"
                                           : "action-unavailable-symbolic");
      gtk_widget_set_tooltip_text (icon, note->kind == SW_SOURCE_NOTE_WARNING
                                         ? _("Used with a caveat")
                                         : _("Not used"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->notes_list, row);
    }

  if (n_ignored > 0 && n_warnings > 0)
    {
      g_autofree char *ignored = g_strdup_printf (ngettext ("%u statement was not used",
                                                            "%u statements were not used",
                                                            n_ignored),
                                                  n_ignored);
      g_autofree char *warned = g_strdup_printf (ngettext ("%u was read with a caveat",
                                                           "%u were read with caveats",
                                                           n_warnings),
                                                 n_warnings);
      g_autofree char *text = NULL;

      /* Translators: the two parts are "N statements were not used" and "M were read with caveats" */
      text = g_strdup_printf (_("%s, %s"), ignored, warned);
      gtk_label_set_text (self->notes_label, text);
    }
  else if (n_ignored > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u statement was not used",
                                                         "%u statements were not used",
                                                         n_ignored),
                                               n_ignored);

      gtk_label_set_text (self->notes_label, text);
    }
  else if (n_warnings > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u statement was read with a caveat",
                                                         "%u statements were read with caveats",
                                                         n_warnings),
                                               n_warnings);

      gtk_label_set_text (self->notes_label, text);
    }

  gtk_revealer_set_reveal_child (self->notes_revealer, n_ignored + n_warnings > 0);
}


static const char *
error_title (const GError *error)
{
  if (error->domain == SW_SQL_ERROR)
    {
      switch ((SwSqlError) error->code)
        {
        case SW_SQL_ERROR_SYNTAX:
          return _("The File Has a Syntax Error");
        case SW_SQL_ERROR_READ:
          return _("Could Not Open the File");
        case SW_SQL_ERROR_ENCODING:
          return _("The File Is Not UTF-8 Text");
        case SW_SQL_ERROR_INVALID:
        default:
          return _("Could Not Read the Schema");
        }
    }

  if (error->domain == SW_CATALOG_ERROR)
    {
      switch ((SwCatalogError) error->code)
        {
        case SW_CATALOG_ERROR_AUTH:
          return _("Authentication Failed");
        case SW_CATALOG_ERROR_UNREACHABLE:
          return _("Server Not Reachable");
        case SW_CATALOG_ERROR_NO_DATABASE:
          return _("Database Not Found");
        case SW_CATALOG_ERROR_TLS:
          return _("Secure Connection Failed");
        case SW_CATALOG_ERROR_QUERY:
          return _("Could Not Read the Catalog");
        case SW_CATALOG_ERROR_UNSUPPORTED_SERVER:
          return _("Server Version Not Supported");
        case SW_CATALOG_ERROR_INVALID_CONNINFO:
          return _("Invalid Connection Settings");
        case SW_CATALOG_ERROR_CONNECT:
        default:
          return _("Could Not Connect");
        }
    }

  if (error->domain == G_IO_ERROR)
    return _("Could Not Open the File");

  return _("Could Not Read the Schema");
}

static void
show_error (SwWindow     *self,
            const GError *error,
            gboolean      from_file)
{
  g_autofree char *message = g_strstrip (g_strdup (error->message));
  g_autofree char *markup = g_markup_escape_text (message, -1);
  const char *icon_name = "dialog-error-symbolic";

  if (g_error_matches (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_AUTH))
    icon_name = "dialog-password-symbolic";
  else if (g_error_matches (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_UNREACHABLE))
    icon_name = "network-error-symbolic";

  adw_status_page_set_icon_name (self->error_page, icon_name);
  adw_status_page_set_title (self->error_page, error_title (error));
  adw_status_page_set_description (self->error_page, markup);

  if (from_file)
    {
      gtk_button_set_label (self->error_retry_button, _("_Try Again"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_retry_button), "win.reload");
    }
  else
    {
      gtk_button_set_label (self->error_retry_button, _("C_hange Settings…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_retry_button), "win.connect");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_back_button), self->schema != NULL);
  gtk_stack_set_visible_child_name (self->stack, "error");
}


/* States */

static void
update_actions (SwWindow *self)
{
  gboolean shown = !self->loading && self->schema != NULL && self->plan != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload",
                                 !self->loading && self->last_file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-schema",
                                 !self->loading && self->schema != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 shown && self->undo_stack->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 shown && self->redo_stack->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-plan", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-plan-as", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-layout", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", shown);
  /* Applying needs the live database the schema was read from. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.apply",
                                 shown && sw_schema_is_live (self->schema) && self->last_conninfo != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recommend", shown);
}

static void
update_title (SwWindow *self)
{
  guint n_tables;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *plan_name = NULL;

  if (self->schema == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  n_tables = sw_schema_get_n_tables (self->schema);
  count = g_strdup_printf (ngettext ("%u table", "%u tables", n_tables), n_tables);
  if (self->plan_file != NULL)
    plan_name = g_file_get_basename (self->plan_file);

  if (plan_name != NULL)
    /* Translators: the window subtitle: the plan file (• when unsaved), the source, its table count */
    subtitle = g_strdup_printf (_("%s%s — %s — %s"), self->dirty ? "• " : "", plan_name,
                                self->schema_title, count);
  else
    /* Translators: the window subtitle: where the schema comes from, and its table count */
    subtitle = g_strdup_printf (_("%s — %s"), self->schema_title, count);

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
show_schema_page (SwWindow *self)
{
  gboolean shown = FALSE;

  if (self->schema == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      update_recent_files (self);
    }
  else
    {
      guint n_tables = sw_schema_get_n_tables (self->schema);

      shown = n_tables > 0 && self->plan != NULL;
      gtk_stack_set_visible_child_name (self->stack, n_tables > 0 ? "tables" : "empty");
    }

  gtk_widget_set_visible (self->undo_box, shown);
  gtk_widget_set_visible (self->panel_button, shown);
  gtk_widget_set_visible (self->search_button, shown);
  gtk_widget_set_visible (self->save_button, shown);
  gtk_widget_set_visible (self->recommend_button, shown);
  update_title (self);
  update_actions (self);
}

static void
begin_load (SwWindow   *self,
            const char *title,
            const char *description)
{
  g_autofree char *markup = g_markup_escape_text (description, -1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;

  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, markup);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
}

static void
set_loading_step (SwWindow   *self,
                  const char *title,
                  const char *description)
{
  g_autofree char *markup = g_markup_escape_text (description, -1);

  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, markup);
}

static void
end_load (SwWindow *self)
{
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  update_actions (self);
}

/* The plan */

/* What the layout depends on: kinds, columns, colocation, distributed
 * schemas. A change to anything else (a position) needs no new layout.
 */
static char *
plan_fingerprint (SwPlan *plan)
{
  GString *str = g_string_new (NULL);
  GPtrArray *tables = sw_plan_get_tables (plan);
  const char * const *schemas = sw_plan_get_distributed_schemas (plan);

  for (guint i = 0; i < tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);

      g_string_append_printf (str, "%s|%d|%s|%s|%u\n", entry->table, entry->kind,
                              entry->column ? entry->column : "",
                              entry->colocate_with ? entry->colocate_with : "",
                              entry->shard_count);
    }
  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    g_string_append_printf (str, "schema %s\n", schemas[i]);
  g_string_append_printf (str, "shards %u\n", sw_plan_get_shard_count (plan));

  return g_string_free (str, FALSE);
}

static void
relayout_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  g_autoptr(SwErdLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = sw_erd_layout_compute_finish (result, &error);
  if (layout == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  sw_erd_view_set_layout (self->erd_view, layout);
  update_panel (self);
}

static void
relayout (SwWindow *self)
{
  SwErdLayoutOptions options;

  if (self->schema == NULL || self->plan == NULL)
    return;

  g_free (self->fingerprint);
  self->fingerprint = plan_fingerprint (self->plan);

  /* Only the newest layout matters. */
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  self->layout_cancellable = g_cancellable_new ();

  sw_erd_view_get_layout_options (self->erd_view, &options);
  sw_erd_layout_compute_async (self->schema, self->plan, &options, self->layout_cancellable,
                               relayout_cb, g_object_ref (self));
}

/* An empty state for the narrow side panel: AdwStatusPage asks for more
 * width than the panel has.
 */
static GtkWidget *
empty_state (const char *icon_name,
             const char *title,
             const char *description)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label;

  gtk_widget_set_margin_top (box, 48);
  gtk_image_set_pixel_size (GTK_IMAGE (image), 64);
  gtk_widget_add_css_class (image, "dim-label");
  gtk_box_append (GTK_BOX (box), image);

  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (description);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

/* The cluster the check assumes: the model's, or offline the default
 * cluster with the Citus version the preferences name.
 */
static void
validator_options (SwWindow           *self,
                   SwValidatorOptions *options)
{
  GSettings *settings = get_settings (self);
  g_autofree char *version = NULL;
  guint major = 0, minor = 0;

  sw_validator_options_init_from_schema (options, self->schema);
  if (sw_schema_is_live (self->schema) || settings == NULL)
    return;

  version = g_settings_get_string (settings, "offline-citus-version");
  /* The default is a patch release (13.2.2): keep it when the minor version matches. */
  if (sscanf (version, "%u.%u", &major, &minor) == 2 &&
      (int) (major * 10000 + minor * 100) != options->citus_version_num / 100 * 100)
    options->citus_version_num = (int) (major * 10000 + minor * 100);
}

static void
show_diagnostics (SwWindow  *self,
                  GPtrArray *diagnostics)
{
  g_autoptr(GHashTable) broken = NULL;
  guint n_problems;

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  if (diagnostics != NULL)
    self->diagnostics = g_ptr_array_ref (diagnostics);

  sw_problems_list_set_diagnostics (self->problems_list, diagnostics);

  /* Which foreign keys break a rule is the engine's to say. */
  broken = sw_diagnostics_dup_broken_edges (diagnostics);
  sw_erd_view_set_broken_edges (self->erd_view, g_hash_table_size (broken) > 0 ? broken : NULL);

  n_problems = sw_problems_list_get_n_problems (self->problems_list);
  adw_view_stack_page_set_badge_number (self->problems_stack_page, n_problems);
  adw_view_stack_page_set_needs_attention (self->problems_stack_page,
                                           sw_diagnostics_count_errors (diagnostics) > 0);
}

static gboolean
checking_timeout_cb (gpointer user_data)
{
  SwWindow *self = user_data;

  self->checking_id = 0;
  sw_problems_list_set_checking (self->problems_list, TRUE);
  return G_SOURCE_REMOVE;
}

static void
validate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  diagnostics = sw_validate_plan_finish (result, &error);

  /* A newer edit started a newer check: this one speaks of a plan gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      cancellable != self->validate_cancellable)
    return;

  g_clear_handle_id (&self->checking_id, g_source_remove);
  g_clear_object (&self->validate_cancellable);
  if (diagnostics == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The plan could not be checked: %s"), error->message);

      sw_problems_list_set_checking (self->problems_list, FALSE);
      toast (self, text);
      return;
    }

  show_diagnostics (self, diagnostics);
}

/* Checks the plan again, in a worker thread: at 1,000 tables the validator
 * takes seconds (bench/bench-validate). The check before is cancelled, and
 * what it would have said is dropped. Until the new answer comes, the list
 * shows the last one, and says it is checking when that takes a while.
 */
static void
revalidate (SwWindow *self)
{
  SwValidatorOptions options;
  const char *schema_sql = NULL;

  if (self->validate_cancellable != NULL)
    g_cancellable_cancel (self->validate_cancellable);
  g_clear_object (&self->validate_cancellable);

  if (self->schema == NULL || self->plan == NULL)
    {
      g_clear_handle_id (&self->checking_id, g_source_remove);
      show_diagnostics (self, NULL);
      return;
    }

  validator_options (self, &options);
  /* The plan's schema changes are read into the model from the schema's
   * own text (offline), as `shardwise-cli check` does. */
  if (sw_plan_get_schema_changes (self->plan)->len > 0)
    schema_sql = self->schema_sql;

  self->validate_cancellable = g_cancellable_new ();
  if (self->checking_id == 0 && !sw_problems_list_get_checking (self->problems_list))
    self->checking_id = g_timeout_add (CHECKING_DELAY, checking_timeout_cb, self);
  sw_validate_plan_async (self->schema, schema_sql, self->plan, SW_MIGRATION_FLAGS_NONE, &options,
                          self->validate_cancellable, validate_cb, g_object_ref (self));
}

static void
schema_sql_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, NULL, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The schema file could not be read again: %s", error->message);
      return;
    }

  /* Another schema may have been opened meanwhile. */
  if (self->schema == NULL || sw_schema_is_live (self->schema) || self->last_file == NULL ||
      !g_file_equal (G_FILE (object), self->last_file))
    return;

  g_free (self->schema_sql);
  self->schema_sql = g_steal_pointer (&contents);
  if (self->plan != NULL && sw_plan_get_schema_changes (self->plan)->len > 0)
    revalidate (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  SwWindow *self = user_data;
  g_autofree char *fingerprint = NULL;

  self->refresh_id = 0;
  if (self->plan == NULL)
    return G_SOURCE_REMOVE;

  g_clear_object (&self->snapshot);
  self->snapshot = sw_plan_copy (self->plan);

  revalidate (self);
  sw_erd_view_refresh_decisions (self->erd_view);

  fingerprint = plan_fingerprint (self->plan);
  if (g_strcmp0 (fingerprint, self->fingerprint) != 0)
    relayout (self);

  update_panel (self);
  update_title (self);
  update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
plan_changed_cb (SwWindow *self,
                 SwPlan   *plan)
{
  /* The first change of a main loop turn records the plan as it was: the
   * changes of one edit (a kind and a reason, say) undo together.
   */
  if (!self->restoring && self->refresh_id == 0 && self->snapshot != NULL)
    {
      g_ptr_array_add (self->undo_stack, g_object_ref (self->snapshot));
      if (self->undo_stack->len > MAX_UNDO)
        g_ptr_array_remove_index (self->undo_stack, 0);
      g_ptr_array_set_size (self->redo_stack, 0);
    }

  self->dirty = TRUE;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* The SQL and routing pages show the window's schema and plan (issue 8). */
static void
update_pages (SwWindow *self)
{
  gboolean live = self->schema != NULL && sw_schema_is_live (self->schema);

  sw_sql_page_set_schema (self->sql_page, self->schema);
  sw_sql_page_set_plan (self->sql_page, self->plan);
  sw_routing_page_set_schema (self->routing_page, self->schema);
  sw_routing_page_set_plan (self->routing_page, self->plan);
  sw_routing_page_set_password (self->routing_page, live ? self->password : NULL);
  sw_routing_page_set_connection (self->routing_page, live ? self->last_conninfo : NULL);
}

/* What the query on the routing page touches shows on the ERD too. */
static void
routing_highlights_cb (SwWindow *self)
{
  sw_erd_view_set_highlighted_tables (self->erd_view,
                                      sw_routing_page_get_highlighted_tables (self->routing_page),
                                      sw_routing_page_get_highlight_labels (self->routing_page));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  if (self->schema == NULL || self->plan == NULL || self->last_conninfo == NULL)
    return;

  /* The password the schema was read with (typed or from the keyring);
   * without one, libpq finds it in .pgpass, PGPASSWORD or a service file.
   */
  sw_apply_run_present (GTK_WINDOW (self), self->schema, self->plan, self->last_conninfo, self->password);
}

static void
stack_page_changed_cb (SwWindow *self)
{
  gtk_widget_set_visible (self->view_switcher,
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "tables") == 0);
}

static void
set_plan (SwWindow *self,
          SwPlan   *plan)
{
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_func (self->plan, plan_changed_cb, self);

  g_set_object (&self->plan, plan);
  g_clear_object (&self->snapshot);

  if (plan != NULL)
    {
      self->snapshot = sw_plan_copy (plan);
      g_signal_connect_object (plan, "changed", G_CALLBACK (plan_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  update_pages (self);
}

static void
restore_plan (SwWindow *self,
              SwPlan   *plan)
{
  self->restoring = TRUE;
  set_plan (self, plan);
  sw_erd_view_set_plan (self->erd_view, plan);
  self->restoring = FALSE;

  /* Positions may differ too: always lay out again. */
  relayout (self);
  revalidate (self);
  self->dirty = TRUE;
  update_panel (self);
  update_title (self);
  update_actions (self);
}

static void
layout_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  SwWindow *self = data->self;
  g_autoptr(SwErdLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  layout = sw_erd_layout_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->cancellable)
    return;

  end_load (self);

  if (layout == NULL)
    {
      adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->error_page, _("Could Not Draw the Diagram"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_free (self->fingerprint);
  self->fingerprint = plan_fingerprint (self->plan);
  sw_erd_view_set_model (self->erd_view, self->schema, self->plan, layout);
  revalidate (self);
  update_panel (self);
  show_schema_page (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->erd_view));
}

/* Shows a schema just read, with a new plan (or the plan opened before it). */
static void
set_schema (SwWindow   *self,
            SwSchema   *schema,
            const char *title)
{
  g_autoptr(SwPlan) plan = NULL;
  SwErdLayoutOptions options;
  LoadData *data;
  GSettings *settings = get_settings (self);
  g_autofree char *description = NULL;

  g_set_object (&self->schema, schema);
  update_pages (self);
  g_free (self->schema_title);
  self->schema_title = g_strdup (title);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  self->dirty = FALSE;

  /* What was said about the schema before no longer applies. */
  if (self->validate_cancellable != NULL)
    g_cancellable_cancel (self->validate_cancellable);
  g_clear_object (&self->validate_cancellable);
  g_clear_handle_id (&self->checking_id, g_source_remove);
  show_diagnostics (self, NULL);
  g_clear_pointer (&self->schema_sql, g_free);
  if (!sw_schema_is_live (schema) && self->last_file != NULL)
    g_file_load_contents_async (self->last_file, self->cancellable, schema_sql_loaded_cb,
                                g_object_ref (self));

  if (self->pending_plan != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (sw_plan_check_names (self->pending_plan, schema, &error))
        plan = g_steal_pointer (&self->pending_plan);
      else
        {
          g_autofree char *text = g_strdup_printf (_("The plan does not fit this schema: %s"),
                                                   error->message);

          toast (self, text);
          g_clear_object (&self->pending_plan);
          g_clear_object (&self->plan_file);
        }
    }
  else
    g_clear_object (&self->plan_file);

  if (plan == NULL)
    {
      plan = sw_plan_new ();
      if (settings != NULL)
        sw_plan_set_shard_count (plan, g_settings_get_int (settings, "default-shard-count"));
    }
  set_plan (self, plan);

  update_notes (self);

  if (sw_schema_get_n_tables (schema) == 0)
    {
      end_load (self);
      show_schema_page (self);
      return;
    }

  /* The last step of loading: the layout, in a worker thread. */
  description = g_strdup_printf (ngettext ("Laying out %u table", "Laying out %u tables",
                                           sw_schema_get_n_tables (schema)),
                                 sw_schema_get_n_tables (schema));
  set_loading_step (self, _("Drawing the Diagram…"), description);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);

  sw_erd_view_get_layout_options (self->erd_view, &options);
  sw_erd_layout_compute_async (schema, self->plan, &options, self->cancellable,
                               layout_ready_cb, data);
}

/* Side panel */

static GtkWidget *
info_row (const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL ? value : "—");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, value != NULL ? "numeric" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static char *
describe_decision (SwPlan            *plan,
                   const char        *table,
                   SwErdNode         *node)
{
  const SwPlanTable *entry = sw_plan_lookup_table (plan, table);

  if (node != NULL && node->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
    return g_strdup (_("In a distributed schema: one shard, with the rest of its schema"));
  if (entry == NULL)
    return g_strdup (_("Stays a local table on the coordinator"));

  switch (entry->kind)
    {
    case SW_PLAN_KIND_REFERENCE:
      return g_strdup (_("Reference table: one copy on every node"));
    case SW_PLAN_KIND_DISTRIBUTED:
      if (entry->colocate_with != NULL && g_str_equal (entry->colocate_with, "none"))
        return g_strdup_printf (_("Distributed by %s, in a colocation group of its own"),
                                entry->column);
      if (entry->colocate_with != NULL)
        return g_strdup_printf (_("Distributed by %s, colocated with %s"),
                                entry->column, entry->colocate_with);
      return g_strdup_printf (_("Distributed by %s"), entry->column);
    case SW_PLAN_KIND_SINGLE_SHARD:
      if (entry->colocate_with != NULL)
        return g_strdup_printf (_("Single shard, colocated with %s"), entry->colocate_with);
      return g_strdup (_("Single shard: a distributed table without a distribution column"));
    case SW_PLAN_KIND_LOCAL:
    default:
      return g_strdup (_("Stays a local table on the coordinator"));
    }
}

static char *
describe_alternative (const SwPlanAlternative *alternative)
{
  switch (alternative->kind)
    {
    case SW_PLAN_KIND_REFERENCE:
      return g_strdup (_("Reference table"));
    case SW_PLAN_KIND_DISTRIBUTED:
      if (alternative->colocate_with != NULL && !g_str_equal (alternative->colocate_with, "none"))
        return g_strdup_printf (_("Distributed by %s, colocated with %s"),
                                alternative->column, alternative->colocate_with);
      return g_strdup_printf (_("Distributed by %s"), alternative->column);
    case SW_PLAN_KIND_SINGLE_SHARD:
      return g_strdup (_("Single shard"));
    case SW_PLAN_KIND_LOCAL:
    default:
      return g_strdup (_("Local table"));
    }
}

static void
apply_alternative_cb (SwWindow  *self,
                      GtkButton *button)
{
  const char *table = g_object_get_data (G_OBJECT (button), "sw-table");
  const SwPlanAlternative *alternative = g_object_get_data (G_OBJECT (button), "sw-alternative");
  g_autofree char *name = g_strdup (table);
  g_autofree char *column = NULL;
  g_autofree char *colocate = NULL;
  SwPlanKind kind;

  if (self->plan == NULL || alternative == NULL)
    return;

  /* The panel is rebuilt by the change: copy what is needed first. */
  kind = alternative->kind;
  column = g_strdup (alternative->column);
  colocate = g_strdup (alternative->colocate_with);

  switch (kind)
    {
    case SW_PLAN_KIND_REFERENCE:
      sw_plan_set_reference (self->plan, name);
      break;
    case SW_PLAN_KIND_DISTRIBUTED:
      sw_plan_set_distributed (self->plan, name, column, colocate, 0);
      break;
    case SW_PLAN_KIND_SINGLE_SHARD:
      sw_plan_set_single_shard (self->plan, name, colocate);
      break;
    case SW_PLAN_KIND_LOCAL:
    default:
      sw_plan_set_local (self->plan, name);
      break;
    }
}

static char *
column_stats (SwColumn *column)
{
  GString *str = g_string_new (sw_column_get_type_name (column));

  if (sw_column_get_not_null (column))
    g_string_append (str, _(", not null"));

  if (sw_column_has_stats (column))
    {
      double n_distinct = sw_column_get_n_distinct (column);

      /* pg_stats: a negative n_distinct is a fraction of the rows. */
      if (n_distinct < 0)
        g_string_append_printf (str, _(", %.0f %% distinct"), -n_distinct * 100);
      else
        g_string_append_printf (str, _(", %.0f distinct values"), n_distinct);
      g_string_append_printf (str, _(", %.0f %% null"), sw_column_get_null_frac (column) * 100);
    }

  return g_string_free (str, FALSE);
}

static void
update_table_page (SwWindow *self)
{
  const char *name = sw_erd_view_get_selected_table (self->erd_view);
  SwTable *table = name != NULL && self->schema != NULL ? sw_schema_find_table (self->schema, name) : NULL;
  SwErdLayout *layout = sw_erd_view_get_layout (self->erd_view);
  SwErdNode *node = layout != NULL && name != NULL ? sw_erd_layout_lookup_node (layout, name) : NULL;
  const SwPlanTable *entry;
  GtkWidget *child, *group, *label;
  g_autofree char *decision = NULL;
  GPtrArray *columns, *fks, *referencing;
  SwConstraint *pk;
  gboolean live;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_box))) != NULL)
    gtk_box_remove (self->table_box, child);

  if (table == NULL || self->plan == NULL)
    {
      gtk_box_append (self->table_box,
                      empty_state ("view-grid-symbolic", _("No Table Selected"),
                                   _("Click a table on the diagram to see its columns, keys and what the plan does with it")));
      return;
    }

  live = sw_schema_is_live (self->schema);
  entry = sw_plan_lookup_table (self->plan, name);
  columns = sw_table_get_columns (table);
  fks = sw_table_get_foreign_keys (table);
  referencing = sw_schema_list_referencing_keys (self->schema, table);
  pk = sw_table_get_primary_key (table);

  label = gtk_label_new (name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (self->table_box, label);

  if (sw_table_get_comment (table) != NULL)
    {
      label = gtk_label_new (sw_table_get_comment (table));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->table_box, label);
    }

  /* The decision, and why. */
  decision = describe_decision (self->plan, name, node);
  /* Translators: how to change a table's decision on the diagram */
  group = new_group (_("Decision"),
                     _("Drag the table onto another, or onto a lane; right-click it for more"));
  {
    GtkWidget *row = adw_action_row_new ();

    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), decision);
    adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
    if (entry != NULL && entry->reason != NULL)
      {
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->reason);
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
      }
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  }
  if (entry != NULL && entry->confidence >= 0)
    {
      g_autofree char *confidence = g_strdup_printf ("%.0f %%", entry->confidence * 100);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 info_row (_("Advisor’s confidence"), confidence));
    }
  gtk_box_append (self->table_box, group);

  if (entry != NULL && entry->alternatives != NULL && entry->alternatives->len > 0)
    {
      group = new_group (_("Alternatives"), _("What the advisor ranked next"));
      for (guint i = 0; i < entry->alternatives->len; i++)
        {
          SwPlanAlternative *alternative = g_ptr_array_index (entry->alternatives, i);
          g_autofree char *title = describe_alternative (alternative);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Apply"));

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          if (alternative->reason != NULL)
            {
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), alternative->reason);
              adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
            }
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (button), "sw-table", g_strdup (name), g_free);
          g_object_set_data (G_OBJECT (button), "sw-alternative", alternative);
          g_signal_connect_object (button, "clicked", G_CALLBACK (apply_alternative_cb), self,
                                   G_CONNECT_SWAPPED);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->table_box, group);
    }

  /* Size and keys. */
  group = new_group (_("Details"), NULL);
  {
    g_autofree char *rows = NULL;
    g_autofree char *size = NULL;
    g_autofree char *pk_text = NULL;
    g_autofree char *n_fks = g_strdup_printf ("%u", fks != NULL ? fks->len : 0);
    g_autofree char *n_refs = g_strdup_printf ("%u", referencing != NULL ? referencing->len : 0);

    if (live && sw_table_get_estimated_rows (table) >= 0)
      rows = g_strdup_printf ("%'" G_GINT64_FORMAT, sw_table_get_estimated_rows (table));
    if (live && sw_table_get_total_bytes (table) >= 0)
      size = g_format_size ((guint64) sw_table_get_total_bytes (table));
    if (pk != NULL && sw_constraint_get_columns (pk) != NULL)
      pk_text = g_strjoinv (", ", (char **) sw_constraint_get_columns (pk));

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Rows (estimated)"), rows));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Size"), size));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Primary key"), pk_text));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Foreign keys"), n_fks));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Referenced by"), n_refs));
  }
  gtk_box_append (self->table_box, group);

  /* Columns, with their statistics when the database had them. */
  group = new_group (_("Columns"), live ? NULL : _("Statistics come with a live database"));
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (columns, i);
      g_autofree char *subtitle = column_stats (column);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sw_column_get_name (column));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED &&
          g_strcmp0 (entry->column, sw_column_get_name (column)) == 0)
        {
          GtkWidget *badge = gtk_label_new (_("Distribution column"));

          gtk_widget_add_css_class (badge, "sw-badge");
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (self->table_box, group);
}

static void
update_summary_page (SwWindow *self)
{
  GtkWidget *child, *group;
  SwErdLayout *layout = sw_erd_view_get_layout (self->erd_view);
  guint counts[4] = { 0, 0, 0, 0 };
  guint n_tables = 0, n_groups = 0, n_schema_tables = 0;
  const char * const *schemas;
  char text[32];

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_box_remove (self->summary_box, child);

  if (self->plan == NULL || layout == NULL)
    return;

  for (guint i = 0; i < sw_erd_layout_get_nodes (layout)->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (sw_erd_layout_get_nodes (layout), i);

      n_tables++;
      if (node->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        n_schema_tables++;
      else
        counts[sw_plan_get_table_kind (self->plan, node->table)]++;
    }
  for (guint i = 0; i < sw_erd_layout_get_clusters (layout)->len; i++)
    {
      SwErdCluster *cluster = g_ptr_array_index (sw_erd_layout_get_clusters (layout), i);

      if (cluster->kind == SW_ERD_NODE_DISTRIBUTED)
        n_groups++;
    }
  schemas = sw_plan_get_distributed_schemas (self->plan);

  group = new_group (_("Tables"), NULL);
  g_snprintf (text, sizeof text, "%u", counts[SW_PLAN_KIND_DISTRIBUTED]);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Distributed"), text));
  g_snprintf (text, sizeof text, "%u", counts[SW_PLAN_KIND_REFERENCE]);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Reference"), text));
  g_snprintf (text, sizeof text, "%u", counts[SW_PLAN_KIND_SINGLE_SHARD]);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Single shard"), text));
  g_snprintf (text, sizeof text, "%u", n_schema_tables);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("In distributed schemas"), text));
  g_snprintf (text, sizeof text, "%u", counts[SW_PLAN_KIND_LOCAL]);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Local"), text));
  g_snprintf (text, sizeof text, "%u", n_tables);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Total"), text));
  gtk_box_append (self->summary_box, group);

  group = new_group (_("Distribution"), NULL);
  g_snprintf (text, sizeof text, "%u", n_groups);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Colocation groups"), text));
  g_snprintf (text, sizeof text, "%u", schemas != NULL ? g_strv_length ((char **) schemas) : 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Distributed schemas"), text));
  g_snprintf (text, sizeof text, "%u", sw_plan_get_shard_count (self->plan));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Shard count"), text));
  gtk_box_append (self->summary_box, group);

  group = new_group (_("Source"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row (sw_schema_is_live (self->schema) ? _("Database") : _("Schema file"),
                                       self->schema_title));
  {
    g_autofree char *plan_name = self->plan_file != NULL ? g_file_get_basename (self->plan_file) : NULL;

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("Plan file"), plan_name != NULL ? plan_name : _("Not saved")));
  }
  gtk_box_append (self->summary_box, group);
}

static void
update_panel (SwWindow *self)
{
  update_table_page (self);
  update_summary_page (self);
}

/* Callbacks */

static void
load_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  SwWindow *self = data->self;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  schema = sw_sql_reader_load_file_finish (SW_SQL_READER (object), result, &error);

  /* A cancelled or superseded load leaves the window as the newer action set it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->cancellable)
    return;

  if (schema == NULL)
    {
      end_load (self);
      show_error (self, error, TRUE);
      return;
    }

  uri = g_file_get_uri (data->file);
  remember (self, "recent-files", uri);

  set_schema (self, schema, data->title);
}

static void
keyring_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sw_keyring_store_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The password could not be kept in the keyring: %s"),
                                               error->message);

      toast (self, text);
    }
}

static void
load_catalog_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  SwWindow *self = data->self;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = sw_catalog_reader_load_finish (SW_CATALOG_READER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->cancellable != self->cancellable)
    return;

  if (schema == NULL)
    {
      end_load (self);
      show_error (self, error, FALSE);
      return;
    }

  remember (self, "recent-connections", data->conninfo);
  /* Kept only now that it worked, and only because the user asked. */
  if (data->password_to_store != NULL)
    sw_keyring_store_async (data->conninfo, data->password_to_store, NULL, keyring_stored_cb,
                            g_object_ref (self));

  set_schema (self, schema, data->title);
}

static void
file_chooser_response_cb (SwWindow             *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sw_window_open_file (self, file);
    }

  g_clear_object (&self->file_chooser);
}

static void
open_plan_source (SwWindow   *self,
                  const char *source)
{
  if (g_str_has_prefix (source, "conninfo:"))
    sw_window_connect (self, source + strlen ("conninfo:"), NULL);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_uri (source);

      sw_window_open_file (self, file);
    }
}

static void
recent_row_activated_cb (SwWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list_box)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "sw-uri");
  const char *conninfo = g_object_get_data (G_OBJECT (row), "sw-conninfo");
  const char *plan = g_object_get_data (G_OBJECT (row), "sw-plan");

  if (plan != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (plan, "\n", 2);
      g_autoptr(GFile) file = g_file_new_for_uri (parts[0]);

      sw_window_open_plan (self, file);
    }
  else if (uri != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      sw_window_open_file (self, file);
    }
  else if (conninfo != NULL)
    {
      SwConnectDialog *dialog = sw_connect_dialog_new (self, conninfo);

      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
erd_message_cb (SwWindow   *self,
                const char *text,
                SwErdView  *view)
{
  toast (self, text);
}

static void
erd_selection_cb (SwWindow   *self,
                  GParamSpec *pspec,
                  SwErdView  *view)
{
  update_table_page (self);
  /* A table selected from the Problems page leaves that page in view. */
  if (sw_erd_view_get_selected_table (view) != NULL && !self->selecting_problem)
    adw_view_stack_set_visible_child_name (self->panel_stack, "table");
}

static void
problem_activated_cb (SwWindow       *self,
                      SwDiagnostic   *diagnostic,
                      SwProblemsList *list)
{
  const char *table = sw_diagnostic_get_constraint_table (diagnostic);

  if (table == NULL)
    table = sw_diagnostic_get_tables (diagnostic)[0];
  if (table == NULL)
    return;

  self->selecting_problem = TRUE;
  sw_erd_view_select_table (self->erd_view, table, TRUE);
  self->selecting_problem = FALSE;
}

static void
problem_fix_cb (SwWindow       *self,
                SwDiagnostic   *diagnostic,
                SwFix          *fix,
                SwProblemsList *list)
{
  g_autoptr(SwFix) copy = NULL;
  AdwToast *t;

  if (self->plan == NULL || sw_problems_list_get_checking (list))
    return;

  /* The same way as any edit: the plan changes, and its "changed" signal
   * makes an undo step and checks the plan again. The list is rebuilt by
   * that check, so the fix is copied first. */
  copy = sw_fix_copy (fix);
  if (!sw_fix_apply_to_plan (copy, self->plan))
    return;

  /* Translators: a toast after a fix from the Problems page changed the plan; %s says what it did */
  t = adw_toast_new_format (_("Done: %s"), copy->description);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "win.undo");
  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
problems_message_cb (SwWindow       *self,
                     const char     *text,
                     SwProblemsList *list)
{
  toast (self, text);
}

static void
zoom_changed_cb (SwWindow   *self,
                 GParamSpec *pspec,
                 SwErdView  *view)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", sw_erd_view_get_zoom (view) * 100);

  gtk_button_set_label (self->zoom_button, label);
}

static void
search_changed_cb (SwWindow       *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint n = sw_erd_view_set_search (self->erd_view, text);
  g_autofree char *label = NULL;

  if (text[0] != '\0')
    label = g_strdup_printf (ngettext ("%u table", "%u tables", n), n);
  gtk_label_set_text (self->search_label, label != NULL ? label : "");
  if (text[0] != '\0' && n > 0)
    sw_erd_view_next_match (self->erd_view);
}

static void
search_activate_cb (SwWindow       *self,
                    GtkSearchEntry *entry)
{
  sw_erd_view_next_match (self->erd_view);
}

static void
search_stop_cb (SwWindow       *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  sw_erd_view_set_search (self->erd_view, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->erd_view));
}

/* Plan files */

static void
remember_plan (SwWindow *self)
{
  g_autofree char *uri = NULL;
  g_autofree char *source = NULL;
  g_autofree char *value = NULL;

  if (self->plan_file == NULL)
    return;

  uri = g_file_get_uri (self->plan_file);
  if (self->last_file != NULL)
    source = g_file_get_uri (self->last_file);
  else if (self->last_conninfo != NULL)
    source = g_strconcat ("conninfo:", self->last_conninfo, NULL);
  else
    return;

  value = g_strconcat (uri, "\n", source, NULL);
  remember (self, "recent-plans", value);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SwPlan *plan = task_data;
  GFile *file = g_object_get_data (G_OBJECT (task), "sw-file");
  g_autofree char *path = g_file_get_path (file);
  GError *error = NULL;

  if (path == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Plans can only be saved to local files"));
  else if (sw_plan_save_to_file (plan, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SwWindow *self = SW_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (result), "sw-file");

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the plan: %s"), error->message);

      toast (self, text);
      return;
    }

  g_set_object (&self->plan_file, file);
  self->dirty = FALSE;
  remember_plan (self);
  update_title (self);
  update_summary_page (self);
  toast (self, _("Plan saved"));
}

static void
save_plan_to (SwWindow *self,
              GFile    *file)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, save_done_cb, NULL);

  /* The worker writes a copy: the user may go on editing meanwhile. */
  g_task_set_task_data (task, sw_plan_copy (self->plan), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "sw-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

static void
save_chooser_response_cb (SwWindow             *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        save_plan_to (self, file);
    }
  g_object_unref (chooser);
}

static void
save_plan_as_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->plan == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save Plan"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->plan_file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->plan_file, NULL);
  else
    {
      /* Translators: the suggested file name of a new plan; keep .json */
      name = g_strdup (_("plan.json"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  if (self->plan == NULL)
    return;
  if (self->plan_file != NULL)
    save_plan_to (self, self->plan_file);
  else
    save_plan_as_action (widget, action_name, parameter);
}

static void
plan_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  GFile *file = G_FILE (object);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autofree char *uri = NULL;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error) ||
      !(plan = sw_plan_new_from_data (contents, length, &error)))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the plan: %s"), error->message);

      toast (self, text);
      return;
    }

  if (self->schema != NULL && !self->loading)
    {
      if (!sw_plan_check_names (plan, self->schema, &error))
        {
          g_autofree char *text = g_strdup_printf (_("The plan does not fit this schema: %s"),
                                                   error->message);

          toast (self, text);
          return;
        }

      /* Opening a plan is one more step that Undo takes back. */
      g_ptr_array_add (self->undo_stack, sw_plan_copy (self->plan));
      g_ptr_array_set_size (self->redo_stack, 0);
      g_set_object (&self->plan_file, file);
      restore_plan (self, plan);
      self->dirty = FALSE;
      remember_plan (self);
      update_title (self);
      return;
    }

  /* No schema yet: the plan waits for it. A plan opened before knows its source. */
  g_set_object (&self->pending_plan, plan);
  g_set_object (&self->plan_file, file);
  uri = g_file_get_uri (file);
  {
    GSettings *settings = get_settings (self);
    g_auto(GStrv) plans = settings != NULL ? g_settings_get_strv (settings, "recent-plans") : NULL;

    for (guint i = 0; plans != NULL && plans[i] != NULL; i++)
      {
        g_auto(GStrv) parts = g_strsplit (plans[i], "\n", 2);

        if (parts[0] != NULL && parts[1] != NULL && g_str_equal (parts[0], uri))
          {
            open_plan_source (self, parts[1]);
            return;
          }
      }
  }

  toast (self, _("Now open the schema or the database this plan is for"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-schema", NULL);
}

static void
open_plan_response_cb (SwWindow             *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sw_window_open_plan (self, file);
    }
  g_object_unref (chooser);
}

static void
open_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Plans"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  chooser = gtk_file_chooser_native_new (_("Open Plan"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_plan_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The advisor */

static void
recommend_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SwWindow) self = user_data;
  SwAdvisor *advisor = SW_ADVISOR (object);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) positioned = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recommend", TRUE);
  plan = sw_advisor_recommend_finish (advisor, result, &error);
  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The advisor could not make a plan: %s"),
                                                   error->message);

          toast (self, text);
        }
      return;
    }

  if (self->plan == NULL || sw_advisor_get_schema (advisor) != self->schema)
    return;

  /* Where the user put tables stays where it is. */
  positioned = sw_plan_list_positioned (self->plan);
  for (guint i = 0; i < positioned->len; i++)
    {
      const char *name = g_ptr_array_index (positioned, i);
      double x, y;

      if (sw_plan_get_position (self->plan, name, &x, &y))
        sw_plan_set_position (plan, name, x, y);
    }

  /* Taking the advice is one step that Undo takes back. */
  g_ptr_array_add (self->undo_stack, sw_plan_copy (self->plan));
  g_ptr_array_set_size (self->redo_stack, 0);
  restore_plan (self, plan);
  toast (self, _("The advisor’s plan: select a table to see why"));
}

static void
recommend_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr(SwAdvisor) advisor = NULL;

  if (self->schema == NULL || self->plan == NULL)
    return;

  advisor = sw_advisor_new (self->schema);
  sw_advisor_set_shard_count (advisor, sw_plan_get_shard_count (self->plan));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recommend", FALSE);
  sw_advisor_recommend_async (advisor, self->cancellable, recommend_cb, g_object_ref (self));
}

/* Undo */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  gboolean undo = g_str_equal (action_name, "win.undo");
  GPtrArray *from = undo ? self->undo_stack : self->redo_stack;
  GPtrArray *to = undo ? self->redo_stack : self->undo_stack;
  g_autoptr(SwPlan) plan = NULL;

  if (self->plan == NULL || from->len == 0)
    return;

  /* An edit still waiting for its refresh is settled first. */
  if (self->refresh_id != 0)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      refresh_idle_cb (self);
    }

  plan = g_object_ref (g_ptr_array_index (from, from->len - 1));
  g_ptr_array_remove_index (from, from->len - 1);
  g_ptr_array_add (to, sw_plan_copy (self->plan));
  restore_plan (self, plan);
}

static void
reset_layout_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  if (self->plan == NULL)
    return;
  sw_plan_clear_positions (self->plan);
  relayout (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Actions */

static void
open_schema_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr(GtkFileFilter) sql_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  gtk_file_filter_set_name (sql_filter, _("SQL Files"));
  gtk_file_filter_add_pattern (sql_filter, "*.sql");
  gtk_file_filter_add_pattern (sql_filter, "*.SQL");
  gtk_file_filter_add_mime_type (sql_filter, "application/sql");

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->file_chooser = gtk_file_chooser_native_new (_("Open Schema"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), sql_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->file_chooser), sql_filter);

  if (self->last_file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->last_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);
    }

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (file_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  const char *conninfo = self->last_conninfo;
  GSettings *settings = get_settings (self);
  g_auto(GStrv) recent = NULL;
  SwConnectDialog *dialog;

  if (conninfo == NULL && settings != NULL)
    {
      recent = g_settings_get_strv (settings, "recent-connections");
      if (recent[0] != NULL)
        conninfo = recent[0];
    }

  dialog = sw_connect_dialog_new (self, conninfo);
  gtk_window_present (GTK_WINDOW (dialog));
}


static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  if (!self->loading)
    return;

  g_cancellable_cancel (self->cancellable);
  end_load (self);
  show_schema_page (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Stopped reading the schema")));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr(GFile) file = NULL;

  if (self->last_file == NULL)
    return;

  file = g_object_ref (self->last_file);
  sw_window_open_file (self, file);
}

static void
show_schema_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  show_schema_page (SW_WINDOW (widget));
}

/* Window */

static gboolean
sw_window_close_request (GtkWindow *window)
{
  SwWindow *self = SW_WINDOW (window);
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (sw_window_parent_class)->close_request (window);
}

static void
sw_window_constructed (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);
  GSettings *settings;

  G_OBJECT_CLASS (sw_window_parent_class)->constructed (object);

  /* The application (and so its settings) is only known once constructed. */
  settings = get_settings (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  update_recent_files (self);
}

static void
sw_window_dispose (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_object (&self->layout_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->validate_cancellable != NULL)
    g_cancellable_cancel (self->validate_cancellable);
  g_clear_object (&self->validate_cancellable);
  g_clear_handle_id (&self->checking_id, g_source_remove);
  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->schema_sql, g_free);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_func (self->plan, plan_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_WINDOW);

  g_clear_object (&self->schema);
  g_clear_object (&self->plan);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->pending_plan);
  g_clear_object (&self->plan_file);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_object (&self->last_file);
  g_clear_pointer (&self->last_conninfo, g_free);
  forget_password (self);
  g_clear_pointer (&self->schema_title, g_free);

  G_OBJECT_CLASS (sw_window_parent_class)->dispose (object);
}

static void
sw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwWindow *self = SW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PANEL_REVEALED:
      g_value_set_boolean (value, adw_flap_get_reveal_flap (self->flap));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SwWindow *self = SW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PANEL_REVEALED:
      if (adw_flap_get_reveal_flap (self->flap) != g_value_get_boolean (value))
        {
          adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_window_class_init (SwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sw_window_constructed;
  object_class->get_property = sw_window_get_property;
  object_class->set_property = sw_window_set_property;

  properties[PROP_PANEL_REVEALED] =
    g_param_spec_boolean ("panel-revealed", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SW_TYPE_ERD_VIEW);
  g_type_ensure (SW_TYPE_SQL_PAGE);
  g_type_ensure (SW_TYPE_ROUTING_PAGE);
  g_type_ensure (SW_TYPE_PROBLEMS_LIST);
  object_class->dispose = sw_window_dispose;

  window_class->close_request = sw_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/shardwise/Shardwise/ui/sw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, error_back_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, error_retry_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, notes_revealer);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, notes_list);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, recommend_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, search_label);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, erd_view);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, sql_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, routing_page);
  gtk_widget_class_install_action (widget_class, "plan.apply", NULL, apply_action);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, problems_stack_page);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, table_box);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, summary_box);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, erd_message_cb);
  gtk_widget_class_bind_template_callback (widget_class, erd_selection_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_fix_cb);
  gtk_widget_class_bind_template_callback (widget_class, problems_message_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  gtk_widget_class_install_action (widget_class, "win.open-schema", NULL, open_schema_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-schema", NULL, show_schema_action);
  gtk_widget_class_install_action (widget_class, "win.open-plan", NULL, open_plan_action);
  gtk_widget_class_install_action (widget_class, "win.save-plan", NULL, save_plan_action);
  gtk_widget_class_install_action (widget_class, "win.save-plan-as", NULL, save_plan_as_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.reset-layout", NULL, reset_layout_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.recommend", NULL, recommend_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-panel", "panel-revealed");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-schema", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.cancel-load", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-plan-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "win.toggle-panel", NULL);
}

static void
sw_window_init (SwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (stack_page_changed_cb), self, G_CONNECT_SWAPPED);

  /* The base icon is also in the resources, so it shows when running uninstalled. */
  adw_status_page_set_icon_name (self->welcome_page, SW_SETTINGS_SCHEMA_ID);

  self->undo_stack = g_ptr_array_new_with_free_func (g_object_unref);
  self->redo_stack = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->erd_view, "notify::zoom", G_CALLBACK (zoom_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->routing_page, "highlights-changed", G_CALLBACK (routing_highlights_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->flap, "reveal-flap", self, "panel-revealed",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  if (g_strcmp0 (APP_ID, SW_SETTINGS_SCHEMA_ID) != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  update_actions (self);
}

/* Public API */

SwWindow *
sw_window_new (SwApplication *application)
{
  return g_object_new (SW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sw_window_is_idle:
 * @self: a #SwWindow
 *
 * Returns: %TRUE when the window shows no schema and is reading none, so that
 *   a file the application is asked to open can go there
 */
gboolean
sw_window_is_idle (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);

  return self->schema == NULL && !self->loading;
}

/**
 * sw_window_open_file:
 * @self: a #SwWindow
 * @file: a schema SQL file
 *
 * Reads @file with the SQL reader and lists its tables, or shows why it could not.
 */
void
sw_window_open_file (SwWindow *self,
                     GFile    *file)
{
  g_autoptr(SwSqlReader) reader = NULL;
  LoadData *data;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_parse_name (file);

  /* Kept even if reading fails, so that "Try Again" reads the file once fixed. */
  g_set_object (&self->last_file, file);
  g_clear_pointer (&self->last_conninfo, g_free);
  forget_password (self);

  begin_load (self, _("Reading Schema…"), path);
  adw_window_title_set_subtitle (self->window_title, name);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->file = g_object_ref (file);
  data->title = g_steal_pointer (&name);

  reader = sw_sql_reader_new ();
  sw_sql_reader_load_file_async (reader, file, self->cancellable, load_file_cb, data);
}

static void
start_catalog_read (LoadData   *data,
                    const char *password)
{
  g_autoptr(SwCatalogReader) reader = sw_catalog_reader_new (data->conninfo);

  if (password != NULL && password[0] != '\0')
    sw_catalog_reader_set_password (reader, password);
  sw_catalog_reader_load_async (reader, data->cancellable, load_catalog_cb, data);
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GError) error = NULL;
  char *password = sw_keyring_lookup_finish (result, &error);

  /* No keyring, or nothing in it: libpq's own ways (.pgpass) still apply. */
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);

  /* The keyring's password is the connection's too, for apply and routing. */
  if (password != NULL && password[0] != '\0' && data->cancellable == data->self->cancellable)
    {
      forget_password (data->self);
      data->self->password = g_strdup (password);
    }

  start_catalog_read (data, password);
  if (password != NULL)
    secret_password_free (password);
}

/**
 * sw_window_connect:
 * @self: a #SwWindow
 * @conninfo: a libpq conninfo string or URI, without the password
 * @password: (nullable): the password; kept in memory only (never on disk)
 *   for apply and the routing page, and wiped when the connection changes
 *
 * Reads the schema of a live database.
 */
void
sw_window_connect (SwWindow   *self,
                   const char *conninfo,
                   const char *password)
{
  sw_window_connect_full (self, conninfo, password, FALSE);
}

/**
 * sw_window_connect_full:
 * @self: a #SwWindow
 * @conninfo: a libpq conninfo string or URI, without the password
 * @password: (nullable): the password, or %NULL to reuse the one kept for
 *   the same @conninfo, else to look in the keyring
 * @remember: whether to keep @password in the keyring once it works
 *
 * Reads the schema of a live database. The password that works is kept in
 * memory only, for apply and the routing page, until the connection changes.
 */
void
sw_window_connect_full (SwWindow   *self,
                        const char *conninfo,
                        const char *password,
                        gboolean    remember)
{
  g_autofree char *description = NULL;
  LoadData *data;

  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (conninfo != NULL);

  description = sw_conninfo_describe (conninfo);
  if (description == NULL || description[0] == '\0')
    {
      g_free (description);
      description = g_strdup (_("Default database"));
    }

  g_clear_object (&self->last_file);
  /* Another database, or a new password: the one kept goes. Connecting to
   * the same database again without one (Try Again) keeps it.
   */
  if (g_strcmp0 (self->last_conninfo, conninfo) != 0 || (password != NULL && password[0] != '\0'))
    {
      forget_password (self);
      if (password != NULL && password[0] != '\0')
        self->password = g_strdup (password);
    }
  g_free (self->last_conninfo);
  self->last_conninfo = g_strdup (conninfo);

  begin_load (self, _("Connecting…"), description);
  adw_window_title_set_subtitle (self->window_title, description);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->conninfo = g_strdup (conninfo);
  data->title = g_steal_pointer (&description);
  if (remember && password != NULL && password[0] != '\0')
    data->password_to_store = g_strdup (password);

  if (self->password != NULL)
    start_catalog_read (data, self->password);
  else
    sw_keyring_lookup_async (conninfo, data->cancellable, keyring_lookup_cb, data);
}

/**
 * sw_window_open_plan:
 * @self: a #SwWindow
 * @file: a plan JSON file
 *
 * Opens a plan: on the schema shown (as one more undoable step), or, with no
 * schema yet, together with the source it was last used with.
 */
void
sw_window_open_plan (SwWindow *self,
                     GFile    *file)
{
  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, self->cancellable, plan_loaded_cb, g_object_ref (self));
}

/**
 * sw_window_get_plan:
 * @self: a #SwWindow
 *
 * Returns: (transfer none) (nullable): the plan being edited
 */
SwPlan *
sw_window_get_plan (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->plan;
}
