/* sw-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-application.h"
#include "sw-about.h"
#include "sw-preferences-window.h"
#include "sw-window.h"

struct _SwApplication
{
  AdwApplication parent_instance;

  /* Owned */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SwApplication, sw_application, ADW_TYPE_APPLICATION)

static SwWindow *
get_idle_or_new_window (SwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SW_IS_WINDOW (window) && sw_window_is_idle (SW_WINDOW (window)))
    return SW_WINDOW (window);

  return sw_window_new (self);
}

static void
sw_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (SW_APPLICATION (app)));

  gtk_window_present (window);
}

static void
sw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SwApplication *self = SW_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      SwWindow *window = get_idle_or_new_window (self);

      sw_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
color_scheme_changed_cb (SwApplication *self,
                         const char    *key,
                         GSettings     *settings)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static void
sw_application_startup (GApplication *app)
{
  SwApplication *self = SW_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *new_window_accels[] = { "<Primary>n", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };

  G_APPLICATION_CLASS (sw_application_parent_class)->startup (app);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (color_scheme_changed_cb), self,
                               G_CONNECT_SWAPPED);
      color_scheme_changed_cb (self, "color-scheme", self->settings);
    }

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window",
                                         new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
sw_application_dispose (GObject *object)
{
  SwApplication *self = SW_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sw_application_parent_class)->dispose (object);
}

static void
sw_application_class_init (SwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sw_application_dispose;

  app_class->activate = sw_application_activate;
  app_class->open = sw_application_open;
  app_class->startup = sw_application_startup;
}

static void
sw_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (sw_about_window_new (window)));
}

static void
sw_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (sw_preferences_window_new (window, self->settings)));
}

static void
sw_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SwApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save its size and cancel what it is loading. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
sw_application_open_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sw_window_new (self));

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-schema", NULL);
}

static void
sw_application_new_window_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (sw_window_new (SW_APPLICATION (user_data))));
}

static const GActionEntry app_actions[] = {
  { "quit", sw_application_quit_action },
  { "about", sw_application_about_action },
  { "preferences", sw_application_preferences_action },
  { "open", sw_application_open_action },
  { "new-window", sw_application_new_window_action },
};

static void
sw_application_init (SwApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  /* Running from the build directory without the schema installed must still
   * work: the application then simply forgets sizes and recent sources.
   */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SW_SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Settings schema %s is not installed; settings will not be kept",
             SW_SETTINGS_SCHEMA_ID);

  /* Preferences without a place to keep them would be a lie. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "preferences")),
                               self->settings != NULL);
}

SwApplication *
sw_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (SW_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/app/shardwise/Shardwise",
                       NULL);
}

/**
 * sw_application_get_settings:
 * @self: a #SwApplication
 *
 * Returns: (transfer none) (nullable): the application settings, or %NULL when
 *   the schema is not installed
 */
GSettings *
sw_application_get_settings (SwApplication *self)
{
  g_return_val_if_fail (SW_IS_APPLICATION (self), NULL);

  return self->settings;
}
