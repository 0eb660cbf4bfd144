/* sw-source-style.c
 *
 * Source views that follow libadwaita's light and dark styles, as GNOME Text
 * Editor's do, so that SQL stays readable after the user switches styles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-source-style"

#include "config.h"

#include <adwaita.h>

#include "sw-source-style.h"

static void
update_scheme (GtkSourceBuffer *buffer)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (schemes, "classic");
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
dark_changed_cb (GtkSourceBuffer *buffer)
{
  update_scheme (buffer);
}

/**
 * sw_source_view_setup:
 * @view: a #GtkSourceView
 * @language_id: a GtkSourceView language id, such as `"sql"`
 *
 * Highlights @view's buffer as @language_id, in the style scheme that matches
 * the application's light or dark style, and keeps it matching.
 */
void
sw_source_view_setup (GtkSourceView *view,
                      const char    *language_id)
{
  GtkSourceLanguageManager *languages;
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  /* Loads GtkSourceView's own resources (its style schemes' CSS among them);
   * it does nothing the second time.
   */
  gtk_source_init ();
  languages = gtk_source_language_manager_get_default ();

  gtk_source_buffer_set_language (buffer,
                                  gtk_source_language_manager_get_language (languages, language_id));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  update_scheme (buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), buffer, G_CONNECT_SWAPPED);
}
