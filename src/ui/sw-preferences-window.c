/* sw-preferences-window.c
 *
 * Preferences: the default shard count, the Citus version assumed offline,
 * and the style. Every row writes straight to GSettings, as GNOME
 * preferences do: there is no Apply button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-preferences-window.h"

struct _SwPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Owned */
  GSettings *settings;

  /* Template widgets */
  GtkSpinButton *shard_count_spin;
  AdwComboRow *citus_version_row;
  AdwComboRow *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (SwPreferencesWindow, sw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A combo row and the string key it edits: the key's values, and what the
 * row shows for each.
 */
typedef struct
{
  const char *key;
  const char * const *values;
} Choice;

static const char * const citus_versions[] = { "13.2", "13.1", "13.0", NULL };
static const char * const color_schemes[] = { "default", "light", "dark", NULL };

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *values = user_data;
  const char *current = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], current))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *values = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) values))
    return NULL;
  return g_variant_new_string (values[selected]);
}

static void
bind_choice (SwPreferencesWindow *self,
             AdwComboRow         *row,
             const char          *key,
             const char * const  *values,
             const char * const  *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  g_settings_bind_with_mapping (self->settings, key, row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping,
                                (gpointer) values, NULL);
}

static void
sw_preferences_window_dispose (GObject *object)
{
  SwPreferencesWindow *self = (SwPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_preferences_window_parent_class)->dispose (object);
}

static void
sw_preferences_window_class_init (SwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shardwise/Shardwise/ui/sw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, shard_count_spin);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, citus_version_row);
  gtk_widget_class_bind_template_child (widget_class, SwPreferencesWindow, color_scheme_row);
}

static void
sw_preferences_window_init (SwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sw_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings
 *
 * Returns: (transfer floating): the preferences window, editing @settings live
 */
GtkWidget *
sw_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  SwPreferencesWindow *self;
  const char *citus_labels[G_N_ELEMENTS (citus_versions)];
  const char *color_labels[] = {
    C_("style", "Follow System"),
    C_("style", "Light"),
    C_("style", "Dark"),
    NULL,
  };

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "default-shard-count",
                   gtk_spin_button_get_adjustment (self->shard_count_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (citus_versions); i++)
    citus_labels[i] = citus_versions[i] != NULL ? citus_versions[i] : NULL;
  bind_choice (self, self->citus_version_row, "offline-citus-version",
               citus_versions, citus_labels);
  bind_choice (self, self->color_scheme_row, "color-scheme",
               color_schemes, color_labels);

  return GTK_WIDGET (self);
}
