/* sw-problems-list.c
 *
 * The Problems page of the side panel: what the validator says about the
 * plan, errors first, each with its severity, the explanation in plain
 * words, the tables and foreign key concerned, Citus's own error text, and
 * its fixes. The list only shows diagnostics: it knows no rule, and it
 * changes nothing itself. Activating a row and clicking a fix are signals the
 * window answers (it selects the table, or applies the fix to the plan as one
 * more undoable edit).
 *
 * Validation at 1,000 tables gives about as many diagnostics, mostly the
 * same note about many tables. Rows of wrapped text are costly to measure
 * (GTK 4.8's list view keeps 200 of them), and a thousand alike rows help
 * nobody: more than GROUP_AFTER diagnostics of one kind (severity and code)
 * are one row, which names a few of their tables. The model's items are
 * SwDiagnostic, or for such a kind a GListModel of its SwDiagnostic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-problems-list"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-problems-list.h"

#define GROUP_AFTER       5   /* diagnostics of one kind shown one by one */
#define GROUP_SHOWN       3   /* tables a group row names */
#define GROUP_TOOLTIP    30   /* tables its tooltip names */

struct _SwProblemsList
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkRevealer *checking_revealer;
  GtkSpinner  *checking_spinner;
  GtkStack    *stack;
  GtkImage    *empty_image;
  GtkLabel    *empty_title;
  GtkLabel    *empty_description;
  GtkLabel    *summary_label;
  GtkListView *list_view;

  /* Owned */
  GListStore  *store;           /* SwDiagnostic */
  guint        n_problems;      /* errors and warnings */
  gboolean     checking;
};

G_DEFINE_FINAL_TYPE (SwProblemsList, sw_problems_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_N_PROBLEMS,
  PROP_CHECKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACTIVATED,
  SIGNAL_FIX_ACTIVATED,
  SIGNAL_MESSAGE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* The widgets of one row, kept on its box. */
typedef struct
{
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *location;
  GtkLabel *citus;
  GtkBox   *fixes;
} RowWidgets;

/* Helpers */

static const char *
severity_icon (SwSeverity severity)
{
  switch (severity)
    {
    case SW_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case SW_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case SW_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_name (SwSeverity severity)
{
  switch (severity)
    {
    case SW_SEVERITY_ERROR:
      return _("Error: Citus refuses this");
    case SW_SEVERITY_WARNING:
      return _("Warning: Citus accepts this but does not enforce or keep something");
    case SW_SEVERITY_INFO:
    default:
      return _("Note");
    }
}

/* The tables (and foreign key) a diagnostic is about, on one or two lines. */
static char *
describe_location (SwDiagnostic *diag)
{
  const char * const *tables = sw_diagnostic_get_tables (diag);
  const char * const *columns = sw_diagnostic_get_columns (diag);
  const char *constraint = sw_diagnostic_get_constraint (diag);
  g_autofree char *column_list = columns[0] != NULL ? g_strjoinv (", ", (char **) columns) : NULL;
  GString *str = g_string_new (NULL);

  if (constraint != NULL && sw_diagnostic_get_constraint_table (diag) != NULL)
    {
      const char *from = sw_diagnostic_get_constraint_table (diag);
      const char *to = from;

      /* The referenced table is the other one named (itself for a key to its own table). */
      for (guint i = 0; tables[i] != NULL; i++)
        if (!g_str_equal (tables[i], from))
          {
            to = tables[i];
            break;
          }

      /* Translators: a foreign key's referencing table → the table it references */
      g_string_append_printf (str, _("%s → %s"), from, to);
      g_string_append_c (str, '\n');
      if (column_list != NULL)
        /* Translators: a foreign key's name and its columns */
        g_string_append_printf (str, _("Foreign key %s (%s)"), constraint, column_list);
      else
        /* Translators: a foreign key's name */
        g_string_append_printf (str, _("Foreign key %s"), constraint);
    }
  else if (tables[0] != NULL)
    {
      g_autofree char *table_list = g_strjoinv (", ", (char **) tables);

      if (column_list != NULL)
        /* Translators: tables, then the columns concerned */
        g_string_append_printf (str, _("%s (%s)"), table_list, column_list);
      else
        g_string_append (str, table_list);
    }

  if (sw_diagnostic_get_step (diag) > 0)
    {
      if (str->len > 0)
        g_string_append_c (str, '\n');
      /* Translators: where in the migration script (SQL view) Citus says it */
      g_string_append_printf (str, _("Step %u of the migration"), sw_diagnostic_get_step (diag));
    }

  return g_string_free (str, str->len == 0);
}

/* A group row's tables: the first few, and how many more. */
static char *
describe_group (GListModel *group,
                guint       n_shown)
{
  guint n = g_list_model_get_n_items (group);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;

  for (guint i = 0; i < n && names->len < n_shown; i++)
    {
      g_autoptr(SwDiagnostic) diag = g_list_model_get_item (group, i);
      const char *table = sw_diagnostic_get_tables (diag)[0];

      if (table != NULL)
        g_ptr_array_add (names, (gpointer) table);
    }
  g_ptr_array_add (names, NULL);
  /* The names belong to the diagnostics, which the group holds. */
  list = g_strjoinv (", ", (char **) names->pdata);

  if (n <= names->len - 1)
    return g_steal_pointer (&list);
  /* Translators: a row standing for many alike diagnostics: the first tables, then how many more */
  return g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", n - (names->len - 1)),
                          list, n - (names->len - 1));
}

/* What Citus prints, as psql shows it. These are Citus's own words: data,
 * never translated.
 */
static char *
describe_citus (SwDiagnostic *diag)
{
  const char *label;

  if (sw_diagnostic_get_error (diag) == NULL)
    return NULL;

  switch (sw_diagnostic_get_severity (diag))
    {
    case SW_SEVERITY_ERROR:
      label = "ERROR";
      break;
    case SW_SEVERITY_WARNING:
      label = "WARNING";
      break;
    case SW_SEVERITY_INFO:
    default:
      label = "NOTICE";
      break;
    }

  return g_strdup_printf ("%s:  %s", label, sw_diagnostic_get_error (diag));
}

/* Citus's DETAIL and HINT: long, and second to the error line, so they are
 * the error's tooltip.
 */
static char *
describe_citus_more (SwDiagnostic *diag)
{
  GString *str = g_string_new (NULL);

  if (sw_diagnostic_get_detail (diag) != NULL)
    g_string_append_printf (str, "DETAIL:  %s", sw_diagnostic_get_detail (diag));
  if (sw_diagnostic_get_hint (diag) != NULL)
    g_string_append_printf (str, "%sHINT:  %s", str->len > 0 ? "\n" : "", sw_diagnostic_get_hint (diag));
  return g_string_free (str, str->len == 0);
}

static gboolean
fix_changes_plan (const SwFix *fix)
{
  return fix->plan_change != NULL || fix->schema_name != NULL;
}

/* The first diagnostic of a row: the row's own, or its group's first. */
static SwDiagnostic *
dup_first (GObject *item)
{
  if (G_IS_LIST_MODEL (item))
    return g_list_model_get_item (G_LIST_MODEL (item), 0);
  return g_object_ref (SW_DIAGNOSTIC (item));
}

static void
update_state (SwProblemsList *self,
              GPtrArray      *diagnostics)
{
  guint counts[3] = { 0, 0, 0 };
  guint n = diagnostics != NULL ? diagnostics->len : 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    counts[sw_diagnostic_get_severity (g_ptr_array_index (diagnostics, i))]++;

  if (counts[SW_SEVERITY_ERROR] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u error", "%u errors",
                                                       counts[SW_SEVERITY_ERROR]),
                                             counts[SW_SEVERITY_ERROR]));
  if (counts[SW_SEVERITY_WARNING] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u warning", "%u warnings",
                                                       counts[SW_SEVERITY_WARNING]),
                                             counts[SW_SEVERITY_WARNING]));
  if (counts[SW_SEVERITY_INFO] > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u note", "%u notes",
                                                       counts[SW_SEVERITY_INFO]),
                                             counts[SW_SEVERITY_INFO]));
  g_ptr_array_add (parts, NULL);

  if (counts[SW_SEVERITY_ERROR] + counts[SW_SEVERITY_WARNING] == 0 && n > 0)
    {
      g_autofree char *notes = g_strjoinv (", ", (char **) parts->pdata);

      /* Translators: the plan is valid; what follows is a count of notes */
      summary = g_strdup_printf (_("No problems — %s"), notes);
    }
  else
    /* Translators: separates "2 errors", "1 warning" and "3 notes" */
    summary = g_strjoinv (_(", "), (char **) parts->pdata);
  gtk_label_set_text (self->summary_label, summary);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");

  if (self->n_problems != counts[SW_SEVERITY_ERROR] + counts[SW_SEVERITY_WARNING])
    {
      self->n_problems = counts[SW_SEVERITY_ERROR] + counts[SW_SEVERITY_WARNING];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
    }
}

/* Callbacks */

static void
fix_clicked_cb (GtkButton      *button,
                SwProblemsList *self)
{
  SwDiagnostic *diag = g_object_get_data (G_OBJECT (button), "sw-diagnostic");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sw-fix-index"));
  g_autoptr(SwDiagnostic) hold = NULL;
  GPtrArray *fixes;

  if (diag == NULL)
    return;

  /* The window re-validates in answer, which may rebuild this row. */
  hold = g_object_ref (diag);
  fixes = sw_diagnostic_get_fixes (hold);
  if (index >= fixes->len)
    return;

  g_signal_emit (self, signals[SIGNAL_FIX_ACTIVATED], 0, hold, g_ptr_array_index (fixes, index));
}

static void
copy_ddl_clicked_cb (GtkButton      *button,
                     SwProblemsList *self)
{
  const char *ddl = g_object_get_data (G_OBJECT (button), "sw-ddl");

  if (ddl == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), ddl);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0,
                 _("SQL copied: run it on the source database, then read the schema again"));
}

static void
list_activate_cb (SwProblemsList *self,
                  guint           position,
                  GtkListView    *list_view)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  g_autoptr(SwDiagnostic) diag = NULL;

  if (item == NULL)
    return;
  diag = dup_first (item);
  g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0, diag);
}

/* Labels wrap at words: their smallest width is then the longest word,
 * where wrapping anywhere (PANGO_WRAP_WORD_CHAR) has GTK lay the whole text
 * out one character a line to find it, five times the cost of a row
 * (bench/bench-problems-list). Only the names of tables and keys, one long
 * word each, may be cut anywhere.
 */
static GtkWidget *
new_label (const char    *css_class,
           PangoWrapMode  wrap_mode)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), wrap_mode);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  /* Wrapping labels in a list need a width to wrap at. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SwProblemsList           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  RowWidgets *row = g_new0 (RowWidgets, 1);

  gtk_widget_add_css_class (box, "sw-problem");
  row->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->icon), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (row->icon), "sw-problem-icon");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->icon));

  row->title = GTK_LABEL (new_label (NULL, PANGO_WRAP_WORD));
  row->location = GTK_LABEL (new_label ("caption", PANGO_WRAP_WORD_CHAR));
  gtk_widget_add_css_class (GTK_WIDGET (row->location), "dim-label");
  row->citus = GTK_LABEL (new_label ("sw-citus-text", PANGO_WRAP_WORD));
  gtk_widget_add_css_class (GTK_WIDGET (row->citus), "monospace");
  gtk_widget_add_css_class (GTK_WIDGET (row->citus), "caption");
  row->fixes = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_top (GTK_WIDGET (row->fixes), 4);

  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->location));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->citus));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (row->fixes));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  g_object_set_data_full (G_OBJECT (box), "sw-row", row, g_free);
  gtk_list_item_set_child (item, box);
}

static GtkWidget *
fix_button (SwProblemsList *self,
            SwDiagnostic   *diag,
            guint           index,
            const SwFix    *fix)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = new_label (NULL, PANGO_WRAP_WORD);

  gtk_label_set_text (GTK_LABEL (label), fix->description);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_LEFT);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "sw-fix-button");
  /* Translators: tooltip of a button that changes the plan as a diagnostic suggests */
  gtk_widget_set_tooltip_text (button, _("Change the plan this way (Undo takes it back)"));

  g_object_set_data_full (G_OBJECT (button), "sw-diagnostic", g_object_ref (diag), g_object_unref);
  g_object_set_data (G_OBJECT (button), "sw-fix-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (fix_clicked_cb), self, 0);
  return button;
}

/* A fix that is SQL for the source database cannot change the plan: the
 * user copies it and runs it there.
 */
static GtkWidget *
ddl_button (SwProblemsList *self,
            const SwFix    *fix)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = new_label (NULL, PANGO_WRAP_WORD);
  g_autofree char *tooltip = NULL;

  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("edit-copy-symbolic"));
  gtk_label_set_text (GTK_LABEL (label), fix->description);
  gtk_box_append (GTK_BOX (content), label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: tooltip of a fix that is SQL for the source database; %s is the SQL */
  tooltip = g_strdup_printf (_("Copy the SQL to run on the source database:\n%s"), fix->ddl);
  gtk_widget_set_tooltip_text (button, tooltip);

  g_object_set_data_full (G_OBJECT (button), "sw-ddl", g_strdup (fix->ddl), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (copy_ddl_clicked_cb), self, 0);
  return button;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         SwProblemsList           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  RowWidgets *row = g_object_get_data (G_OBJECT (box), "sw-row");
  GObject *object = gtk_list_item_get_item (item);
  g_autoptr(SwDiagnostic) diag = dup_first (object);
  gboolean group = G_IS_LIST_MODEL (object);
  SwSeverity severity = sw_diagnostic_get_severity (diag);
  GPtrArray *fixes = sw_diagnostic_get_fixes (diag);
  g_autofree char *location = NULL;
  g_autofree char *location_tooltip = group ? describe_group (G_LIST_MODEL (object), GROUP_TOOLTIP) : NULL;
  g_autofree char *citus = describe_citus (diag);
  g_autofree char *citus_more = describe_citus_more (diag);
  gboolean suggested = FALSE;
  const char *title = sw_diagnostic_get_explanation (diag);
  GtkWidget *child;

  if (group)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (object));
      g_autofree char *tables = describe_group (G_LIST_MODEL (object), GROUP_SHOWN);

      /* The row's text is its first diagnostic's: say it stands for more. */
      /* Translators: under the first of many alike diagnostics; %s names a few of their tables */
      location = g_strdup_printf (ngettext ("The same for %u table: %s", "The same for %u tables: %s", n),
                                  n, tables);
    }
  else
    location = describe_location (diag);

  gtk_image_set_from_icon_name (row->icon, severity_icon (severity));
  gtk_widget_remove_css_class (GTK_WIDGET (row->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (row->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (row->icon), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->icon),
                            severity == SW_SEVERITY_ERROR ? "error" :
                            severity == SW_SEVERITY_WARNING ? "warning" : "dim-label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->icon), severity_name (severity));

  gtk_label_set_text (row->title, title != NULL ? title : sw_diagnostic_get_error (diag));
  gtk_label_set_text (row->location, location);
  gtk_widget_set_visible (GTK_WIDGET (row->location), location != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->location), location_tooltip);
  gtk_label_set_text (row->citus, citus);
  gtk_widget_set_visible (GTK_WIDGET (row->citus), citus != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->citus), citus_more);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (row->fixes))) != NULL)
    gtk_box_remove (row->fixes, child);
  /* A group's fixes are each table's own: they are not offered for all at once. */
  for (guint i = 0; !group && i < fixes->len; i++)
    {
      const SwFix *fix = g_ptr_array_index (fixes, i);

      if (fix_changes_plan (fix))
        {
          GtkWidget *button = fix_button (self, diag, i, fix);

          /* The engine lists the fixes best first. */
          if (!suggested)
            gtk_widget_add_css_class (button, "suggested-action");
          suggested = TRUE;
          gtk_box_append (row->fixes, button);
        }
      else if (fix->ddl != NULL)
        gtk_box_append (row->fixes, ddl_button (self, fix));
    }
  gtk_widget_set_visible (GTK_WIDGET (row->fixes),
                          gtk_widget_get_first_child (GTK_WIDGET (row->fixes)) != NULL);

  /* What a screen reader says for the row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : sw_diagnostic_get_error (diag),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  location != NULL ? location : "",
                                  -1);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SwProblemsList           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  RowWidgets *row = g_object_get_data (G_OBJECT (box), "sw-row");
  GtkWidget *child;

  /* The buttons hold the diagnostic: let it go with the row. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (row->fixes))) != NULL)
    gtk_box_remove (row->fixes, child);
}

/* GObject */

static void
sw_problems_list_dispose (GObject *object)
{
  SwProblemsList *self = SW_PROBLEMS_LIST (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_PROBLEMS_LIST);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sw_problems_list_parent_class)->dispose (object);
}

static void
sw_problems_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SwProblemsList *self = SW_PROBLEMS_LIST (object);

  switch (prop_id)
    {
    case PROP_N_PROBLEMS:
      g_value_set_uint (value, self->n_problems);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_problems_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SwProblemsList *self = SW_PROBLEMS_LIST (object);

  switch (prop_id)
    {
    case PROP_CHECKING:
      sw_problems_list_set_checking (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_problems_list_class_init (SwProblemsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_problems_list_dispose;
  object_class->get_property = sw_problems_list_get_property;
  object_class->set_property = sw_problems_list_set_property;

  /**
   * SwProblemsList:n-problems:
   *
   * How many errors and warnings the list shows (notes are not problems).
   */
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwProblemsList:checking:
   *
   * Whether a newer check of the plan is running: the list shown is about
   * the plan as it was, so its fixes are held back until the new list comes.
   */
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwProblemsList::activated:
   * @self: the list
   * @diagnostic: the diagnostic of the row the user activated
   */
  signals[SIGNAL_ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SW_TYPE_DIAGNOSTIC);
  /**
   * SwProblemsList::fix-activated:
   * @self: the list
   * @diagnostic: the diagnostic
   * @fix: the fix of @diagnostic whose button the user clicked; it changes
   *   the plan (sw_fix_apply_to_plan())
   */
  signals[SIGNAL_FIX_ACTIVATED] =
    g_signal_new ("fix-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, SW_TYPE_DIAGNOSTIC,
                  SW_TYPE_FIX | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * SwProblemsList::message:
   * @self: the list
   * @text: something to tell the user in passing (a toast)
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/shardwise/Shardwise/ui/sw-problems-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, checking_revealer);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, stack);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, empty_image);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, empty_title);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, empty_description);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SwProblemsList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
}

static void
sw_problems_list_init (SwProblemsList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (G_TYPE_OBJECT);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  update_state (self, NULL);
}

/* Public API */

GtkWidget *
sw_problems_list_new (void)
{
  return g_object_new (SW_TYPE_PROBLEMS_LIST, NULL);
}

/**
 * sw_problems_list_set_diagnostics:
 * @self: a #SwProblemsList
 * @diagnostics: (nullable) (element-type SwDiagnostic): what the validator
 *   said, in its order (errors first); %NULL or empty for a valid plan
 *
 * Shows @diagnostics, and ends the checking state.
 */
void
sw_problems_list_set_diagnostics (SwProblemsList *self,
                                  GPtrArray      *diagnostics)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  g_return_if_fail (SW_IS_PROBLEMS_LIST (self));

  /* Kinds with many diagnostics become one row, where the first of them is. */
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      char *key = g_strdup_printf ("%d %s", sw_diagnostic_get_severity (diag), sw_diagnostic_get_code (diag));

      g_hash_table_insert (counts, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
    }
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      g_autofree char *key = g_strdup_printf ("%d %s", sw_diagnostic_get_severity (diag),
                                              sw_diagnostic_get_code (diag));
      GListStore *group;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) <= GROUP_AFTER)
        {
          g_ptr_array_add (items, diag);
          continue;
        }
      if ((group = g_hash_table_lookup (groups, key)) == NULL)
        {
          group = g_list_store_new (SW_TYPE_DIAGNOSTIC);
          g_hash_table_insert (groups, g_strdup (key), group);
          g_ptr_array_add (items, group);
        }
      g_list_store_append (group, diag);
    }

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  sw_problems_list_set_checking (self, FALSE);
  update_state (self, diagnostics);
}

/**
 * sw_problems_list_get_model:
 * @self: a #SwProblemsList
 *
 * Returns: (transfer none): the rows shown, a #GListModel whose items are
 *   #SwDiagnostic, or a #GListModel of the #SwDiagnostic of one kind when
 *   there are more than a few of it
 */
GListModel *
sw_problems_list_get_model (SwProblemsList *self)
{
  g_return_val_if_fail (SW_IS_PROBLEMS_LIST (self), NULL);

  return G_LIST_MODEL (self->store);
}

/**
 * sw_problems_list_get_n_problems:
 * @self: a #SwProblemsList
 *
 * Returns: how many errors and warnings are shown
 */
guint
sw_problems_list_get_n_problems (SwProblemsList *self)
{
  g_return_val_if_fail (SW_IS_PROBLEMS_LIST (self), 0);

  return self->n_problems;
}

/**
 * sw_problems_list_set_checking:
 * @self: a #SwProblemsList
 * @checking: whether a newer check is running
 *
 * While checking, a banner says so and the list (about the plan as it was)
 * cannot be used: a fix from it could undo the edit just made.
 */
void
sw_problems_list_set_checking (SwProblemsList *self,
                               gboolean        checking)
{
  g_return_if_fail (SW_IS_PROBLEMS_LIST (self));

  checking = !!checking;
  if (self->checking == checking)
    return;

  self->checking = checking;
  gtk_revealer_set_reveal_child (self->checking_revealer, checking);
  gtk_spinner_set_spinning (self->checking_spinner, checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !checking);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

gboolean
sw_problems_list_get_checking (SwProblemsList *self)
{
  g_return_val_if_fail (SW_IS_PROBLEMS_LIST (self), FALSE);

  return self->checking;
}
