/* test-preferences.c
 *
 * The About window comes from the bundled metainfo; the preferences write
 * straight to GSettings and follow it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-about.h"
#include "sw-preferences-window.h"

static void
test_about_from_metainfo (void)
{
  GtkWidget *window = sw_about_window_new (NULL);
  g_autofree char *comments = NULL;
  g_autofree char *website = NULL;
  g_autofree char *issue_url = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *notes_version = NULL;
  g_autofree char *name = NULL;

  g_object_ref_sink (window);
  g_object_get (window,
                "application-name", &name,
                "comments", &comments,
                "website", &website,
                "issue-url", &issue_url,
                "release-notes", &notes,
                "release-notes-version", &notes_version,
                NULL);

  g_assert_cmpstr (name, ==, "Shardwise");
  g_assert_cmpstr (comments, ==, "Plan the move of a PostgreSQL database onto Citus");
  g_assert_cmpstr (website, ==, "https://shardwise.app/");
  g_assert_cmpstr (issue_url, ==, "https://github.com/shardwise/shardwise/issues");
  g_assert_cmpstr (notes_version, ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (notes, "<p>"));
  g_assert_null (strstr (notes, "\n"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
test_about_reader (void)
{
  static const char *xml =
    "<component><name>N</name><summary>S &amp; more</summary>"
    "<url type=\"homepage\">https://h/</url><url type=\"bugtracker\">https://b/</url>"
    "<releases>"
    "<release version=\"2.0\"><description><p>Two\n   lines</p><ul><li>a &lt; b</li></ul></description></release>"
    "<release version=\"1.0\"><description><p>Old</p></description></release>"
    "</releases></component>";
  g_autoptr(GError) error = NULL;
  g_autoptr(SwAppInfo) info = sw_app_info_load_from_metainfo (xml, -1, &error);
  g_autoptr(SwAppInfo) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (info->name, ==, "N");
  g_assert_cmpstr (info->summary, ==, "S & more");
  g_assert_cmpstr (info->homepage, ==, "https://h/");
  g_assert_cmpstr (info->bugtracker, ==, "https://b/");
  g_assert_cmpstr (info->release_version, ==, "2.0");
  g_assert_cmpstr (info->release_notes, ==, "<p>Two lines</p><ul><li>a &lt; b</li></ul>");

  bad = sw_app_info_load_from_metainfo ("<component><name>", -1, &error);
  g_assert_null (bad);
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkSpinButton *
find_spin (GtkWidget *root)
{
  if (GTK_IS_SPIN_BUTTON (root))
    return GTK_SPIN_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *found = find_spin (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences_bind (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("app.shardwise.Shardwise");
  GtkWidget *window = sw_preferences_window_new (NULL, settings);
  AdwComboRow *style, *version;
  GtkSpinButton *spin;
  g_autofree char *scheme = NULL;
  g_autofree char *citus = NULL;

  g_object_ref_sink (window);
  style = find_combo_row (window, "_Style");
  version = find_combo_row (window, "_Citus Version Offline");
  spin = find_spin (window);
  g_assert_nonnull (style);
  g_assert_nonnull (version);
  g_assert_nonnull (spin);

  /* The window shows the settings... */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 32);
  g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 0);
  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpuint (adw_combo_row_get_selected (style), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (version)), ==, 3);

  /* ...and writes them at once. */
  gtk_spin_button_set_value (spin, 48);
  g_assert_cmpint (g_settings_get_int (settings, "default-shard-count"), ==, 48);
  adw_combo_row_set_selected (style, 1);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "light");
  adw_combo_row_set_selected (version, 2);
  citus = g_settings_get_string (settings, "offline-citus-version");
  g_assert_cmpstr (citus, ==, "13.0");

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The build tree's compiled schema, in memory: nothing on disk changes. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", SW_DATA_BUILDDIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Sw/About/from-metainfo", test_about_from_metainfo);
  g_test_add_func ("/Sw/About/reader", test_about_reader);
  g_test_add_func ("/Sw/Preferences/bind", test_preferences_bind);

  return g_test_run ();
}
