/* sw-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-engine.h"

#include "sw-connect-dialog.h"
#include "sw-window.h"

#define MAX_RECENT_ITEMS 10

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
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *table_column;
  GtkColumnViewColumn  *kind_column;
  GtkColumnViewColumn  *columns_column;
  GtkColumnViewColumn  *rows_column;
  GtkColumnViewColumn  *size_column;
  GtkColumnViewColumn  *pk_column;
  GtkColumnViewColumn  *fks_column;

  /* Owned */
  GCancellable         *cancellable;
  SwSchema             *schema;
  char                 *schema_title;
  GFile                *last_file;
  char                 *last_conninfo;
  GtkFileChooserNative *file_chooser;

  guint                 loading : 1;
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
} LoadData;

typedef char *(*CellTextFunc) (SwTable  *table,
                               gboolean  live);

typedef struct
{
  CellTextFunc  text_func;
  float         xalign;
  gboolean      numeric;
} CellSpec;

G_DEFINE_FINAL_TYPE (SwWindow, sw_window, ADW_TYPE_APPLICATION_WINDOW)

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->file);
  g_clear_pointer (&data->conninfo, g_free);
  g_clear_pointer (&data->title, g_free);
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

/* Cell text */

static char *
table_name_text (SwTable  *table,
                 gboolean  live)
{
  return g_strdup (sw_table_get_qualified_name (table));
}

static char *
kind_text (SwTable  *table,
           gboolean  live)
{
  if (sw_table_get_partition_parent (table) != NULL)
    return g_strdup (_("Partition"));

  switch (sw_table_get_rel_kind (table))
    {
    case SW_REL_KIND_PARTITIONED_TABLE:
      switch (sw_table_get_partition_strategy (table))
        {
        case SW_PARTITION_RANGE:
          return g_strdup (_("Partitioned by range"));
        case SW_PARTITION_LIST:
          return g_strdup (_("Partitioned by list"));
        case SW_PARTITION_HASH:
          return g_strdup (_("Partitioned by hash"));
        case SW_PARTITION_NONE:
        default:
          return g_strdup (_("Partitioned table"));
        }
    case SW_REL_KIND_FOREIGN_TABLE:
      return g_strdup (_("Foreign table"));
    case SW_REL_KIND_TABLE:
    default:
      if (sw_table_get_persistence (table) == SW_PERSISTENCE_UNLOGGED)
        return g_strdup (_("Unlogged table"));
      return g_strdup (_("Table"));
    }
}

static guint
count_columns (SwTable *table)
{
  GPtrArray *columns = sw_table_get_columns (table);

  return columns != NULL ? columns->len : 0;
}

static guint
count_foreign_keys (SwTable *table)
{
  GPtrArray *fks = sw_table_get_foreign_keys (table);

  return fks != NULL ? fks->len : 0;
}

static char *
columns_text (SwTable  *table,
              gboolean  live)
{
  return g_strdup_printf ("%u", count_columns (table));
}

static char *
rows_text (SwTable  *table,
           gboolean  live)
{
  gint64 rows = sw_table_get_estimated_rows (table);

  /* A schema file has no rows, and -1 means the table was never analyzed. */
  if (!live || rows < 0)
    return NULL;

  return g_strdup_printf ("%'" G_GINT64_FORMAT, rows);
}

static char *
size_text (SwTable  *table,
           gboolean  live)
{
  gint64 bytes = sw_table_get_total_bytes (table);

  if (!live || bytes < 0)
    return NULL;

  return g_format_size ((guint64) bytes);
}

static char *
primary_key_text (SwTable  *table,
                  gboolean  live)
{
  SwConstraint *pk = sw_table_get_primary_key (table);
  const char * const *columns;

  if (pk == NULL)
    return NULL;

  columns = sw_constraint_get_columns (pk);
  if (columns == NULL || columns[0] == NULL)
    return g_strdup (sw_constraint_get_name (pk));

  return g_strjoinv (", ", (char **) columns);
}

static char *
foreign_keys_text (SwTable  *table,
                   gboolean  live)
{
  return g_strdup_printf ("%u", count_foreign_keys (table));
}

static const CellSpec table_cell = { table_name_text, 0.0f, FALSE };
static const CellSpec kind_cell = { kind_text, 0.0f, FALSE };
static const CellSpec columns_cell = { columns_text, 1.0f, TRUE };
static const CellSpec rows_cell = { rows_text, 1.0f, TRUE };
static const CellSpec size_cell = { size_text, 1.0f, TRUE };
static const CellSpec pk_cell = { primary_key_text, 0.0f, FALSE };
static const CellSpec fks_cell = { foreign_keys_text, 1.0f, TRUE };

/* Sorting */

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return (a > b) - (a < b);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_utf8_collate (sw_table_get_qualified_name ((SwTable *) a),
                         sw_table_get_qualified_name ((SwTable *) b));
}

static int
compare_kinds (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  g_autofree char *ka = kind_text ((SwTable *) a, FALSE);
  g_autofree char *kb = kind_text ((SwTable *) b, FALSE);

  return g_utf8_collate (ka, kb);
}

static int
compare_column_counts (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return compare_int64 (count_columns ((SwTable *) a), count_columns ((SwTable *) b));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return compare_int64 (sw_table_get_estimated_rows ((SwTable *) a),
                        sw_table_get_estimated_rows ((SwTable *) b));
}

static int
compare_sizes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return compare_int64 (sw_table_get_total_bytes ((SwTable *) a),
                        sw_table_get_total_bytes ((SwTable *) b));
}

static int
compare_primary_keys (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  g_autofree char *pa = primary_key_text ((SwTable *) a, FALSE);
  g_autofree char *pb = primary_key_text ((SwTable *) b, FALSE);

  return g_strcmp0 (pa, pb);
}

static int
compare_foreign_key_counts (gconstpointer a,
                            gconstpointer b,
                            gpointer      user_data)
{
  return compare_int64 (count_foreign_keys ((SwTable *) a),
                        count_foreign_keys ((SwTable *) b));
}

/* Cell factories */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const CellSpec *spec = g_object_get_data (G_OBJECT (factory), "sw-cell-spec");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), spec->xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SwWindow                 *self)
{
  const CellSpec *spec = g_object_get_data (G_OBJECT (factory), "sw-cell-spec");
  GtkWidget *label = gtk_list_item_get_child (item);
  SwTable *table = gtk_list_item_get_item (item);
  gboolean live = self->schema != NULL && sw_schema_is_live (self->schema);
  g_autofree char *text = spec->text_func (table, live);

  /* An em dash tells "not known here" from an empty value. */
  if (text == NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), "—");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_remove_css_class (label, "dim-label");
    }

  if (spec == &table_cell && sw_table_get_comment (table) != NULL)
    gtk_widget_set_tooltip_text (label, sw_table_get_comment (table));
  else
    gtk_widget_set_tooltip_text (label, NULL);
}

static void
setup_column (SwWindow            *self,
              GtkColumnViewColumn *column,
              const CellSpec      *spec,
              GCompareDataFunc     compare)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  g_object_set_data (G_OBJECT (factory), "sw-cell-spec", (gpointer) spec);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);

  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, sorter);
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

static void
update_recent_files (SwWindow *self)
{
  GSettings *settings = get_settings (self);
  g_auto(GStrv) uris = NULL;
  GtkWidget *child;
  guint n_rows = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (settings != NULL)
    uris = g_settings_get_strv (settings, "recent-files");

  for (guint i = 0; uris != NULL && uris[i] != NULL && n_rows < 5; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *where = parent != NULL ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row;

      if (!g_file_query_exists (file, NULL))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (where != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "sw-uri", g_strdup (uris[i]), g_free);
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

/* States */

static void
update_actions (SwWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload",
                                 !self->loading && self->last_file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-schema",
                                 !self->loading && self->schema != NULL);
}

static void
show_schema_page (SwWindow *self)
{
  if (self->schema == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      update_recent_files (self);
    }
  else
    {
      guint n_tables = sw_schema_get_n_tables (self->schema);
      g_autofree char *count = g_strdup_printf (ngettext ("%u table", "%u tables", n_tables),
                                                n_tables);
      /* Translators: the window subtitle: where the schema comes from, and its table count */
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s"), self->schema_title, count);

      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_stack_set_visible_child_name (self->stack, n_tables > 0 ? "tables" : "empty");
    }
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
end_load (SwWindow *self)
{
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  update_actions (self);
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

static void
set_schema (SwWindow   *self,
            SwSchema   *schema,
            const char *title)
{
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkSorter *sorter;

  g_set_object (&self->schema, schema);
  g_free (self->schema_title);
  self->schema_title = g_strdup (title);

  sorter = gtk_column_view_get_sorter (self->column_view);
  sorted = gtk_sort_list_model_new (g_object_ref (sw_schema_list_tables (schema)),
                                    sorter != NULL ? g_object_ref (sorter) : NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  update_notes (self);
  show_schema_page (self);
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

  end_load (self);

  if (schema == NULL)
    {
      show_error (self, error, TRUE);
      return;
    }

  uri = g_file_get_uri (data->file);
  remember (self, "recent-files", uri);

  set_schema (self, schema, data->title);
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

  end_load (self);

  if (schema == NULL)
    {
      show_error (self, error, FALSE);
      return;
    }

  remember (self, "recent-connections", data->conninfo);

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
recent_row_activated_cb (SwWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list_box)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "sw-uri");
  g_autoptr(GFile) file = NULL;

  if (uri == NULL)
    return;

  file = g_file_new_for_uri (uri);
  sw_window_open_file (self, file);
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

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_WINDOW);

  g_clear_object (&self->schema);
  g_clear_object (&self->last_file);
  g_clear_pointer (&self->last_conninfo, g_free);
  g_clear_pointer (&self->schema_title, g_free);

  G_OBJECT_CLASS (sw_window_parent_class)->dispose (object);
}

static void
sw_window_class_init (SwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sw_window_constructed;
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
  gtk_widget_class_bind_template_child (widget_class, SwWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, table_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, kind_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, columns_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, rows_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, size_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, pk_column);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, fks_column);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open-schema", NULL, open_schema_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-schema", NULL, show_schema_action);

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
}

static void
sw_window_init (SwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The base icon is also in the resources, so it shows when running uninstalled. */
  adw_status_page_set_icon_name (self->welcome_page, SW_SETTINGS_SCHEMA_ID);

  setup_column (self, self->table_column, &table_cell, compare_names);
  setup_column (self, self->kind_column, &kind_cell, compare_kinds);
  setup_column (self, self->columns_column, &columns_cell, compare_column_counts);
  setup_column (self, self->rows_column, &rows_cell, compare_rows);
  setup_column (self, self->size_column, &size_cell, compare_sizes);
  setup_column (self, self->pk_column, &pk_cell, compare_primary_keys);
  setup_column (self, self->fks_column, &fks_cell, compare_foreign_key_counts);

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

/**
 * sw_window_connect:
 * @self: a #SwWindow
 * @conninfo: a libpq conninfo string or URI, without the password
 * @password: (nullable): the password, handed to the reader and never kept
 *
 * Reads the schema of a live database.
 */
void
sw_window_connect (SwWindow   *self,
                   const char *conninfo,
                   const char *password)
{
  g_autoptr(SwCatalogReader) reader = NULL;
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
  g_free (self->last_conninfo);
  self->last_conninfo = g_strdup (conninfo);

  begin_load (self, _("Connecting…"), description);
  adw_window_title_set_subtitle (self->window_title, description);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->conninfo = g_strdup (conninfo);
  data->title = g_steal_pointer (&description);

  reader = sw_catalog_reader_new (conninfo);
  if (password != NULL && password[0] != '\0')
    sw_catalog_reader_set_password (reader, password);
  sw_catalog_reader_load_async (reader, self->cancellable, load_catalog_cb, data);
}
