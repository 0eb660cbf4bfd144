/* sw-about.c
 *
 * The About window, built from the AppStream metainfo bundled in the
 * resources, so the name, summary, links and release notes users see are the
 * ones software centres show. libadwaita 1.2 has no
 * adw_about_window_new_from_appdata(), hence this small reader. The texts go
 * through gettext with the msgids the metainfo's own extraction produced, so
 * the window is as translated as the metainfo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-about"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-about.h"

#define METAINFO_RESOURCE "/app/shardwise/Shardwise/metainfo.xml"

typedef struct
{
  SwAppInfo *info;
  GString *text;            /* the current element's text */
  GString *notes;           /* the newest release's description, as markup */
  char *url_type;
  gboolean in_first_release;
  gboolean seen_release;
  gboolean in_description;
} Reader;

/* Collapses the metainfo's indentation and line breaks, as AppStream does,
 * then translates: the msgids xgettext took from the metainfo are collapsed
 * the same way.
 */
static char *
collapse_and_translate (const char *raw)
{
  g_auto(GStrv) words = g_strsplit_set (raw, " \n\t", -1);
  GString *collapsed = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (collapsed->len > 0)
        g_string_append_c (collapsed, ' ');
      g_string_append (collapsed, words[i]);
    }
  text = g_string_free (collapsed, FALSE);

  return g_strdup (text[0] != '\0' ? _(text) : text);
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Reader *r = user_data;

  g_string_truncate (r->text, 0);

  if (g_str_equal (element, "release"))
    {
      /* Releases are listed newest first; the About window shows the newest. */
      if (!r->seen_release)
        {
          r->in_first_release = TRUE;
          r->seen_release = TRUE;
          for (guint i = 0; names[i] != NULL; i++)
            if (g_str_equal (names[i], "version"))
              r->info->release_version = g_strdup (values[i]);
        }
    }
  else if (g_str_equal (element, "description") && r->in_first_release)
    {
      r->in_description = TRUE;
    }
  else if (g_str_equal (element, "url"))
    {
      g_clear_pointer (&r->url_type, g_free);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "type"))
          r->url_type = g_strdup (values[i]);
    }
  else if (r->in_description && (g_str_equal (element, "ul") || g_str_equal (element, "ol")))
    {
      g_string_append_printf (r->notes, "<%s>", element);
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Reader *r = user_data;
  g_autofree char *text = collapse_and_translate (r->text->str);
  char **slot = NULL;

  g_string_truncate (r->text, 0);

  if (r->in_description)
    {
      if (g_str_equal (element, "p") || g_str_equal (element, "li"))
        {
          g_autofree char *escaped = g_markup_escape_text (text, -1);

          g_string_append_printf (r->notes, "<%s>%s</%s>", element, escaped, element);
        }
      else if (g_str_equal (element, "ul") || g_str_equal (element, "ol"))
        g_string_append_printf (r->notes, "</%s>", element);
      else if (g_str_equal (element, "description"))
        r->in_description = FALSE;
      return;
    }

  if (g_str_equal (element, "release"))
    {
      if (r->in_first_release)
        r->info->release_notes = g_strdup (r->notes->str);
      r->in_first_release = FALSE;
      return;
    }

  if (g_str_equal (element, "name"))
    slot = &r->info->name;
  else if (g_str_equal (element, "summary"))
    slot = &r->info->summary;
  else if (g_str_equal (element, "developer_name"))
    slot = &r->info->developer_name;
  else if (g_str_equal (element, "url") && g_strcmp0 (r->url_type, "homepage") == 0)
    slot = &r->info->homepage;
  else if (g_str_equal (element, "url") && g_strcmp0 (r->url_type, "bugtracker") == 0)
    slot = &r->info->bugtracker;
  else if (g_str_equal (element, "url") && g_strcmp0 (r->url_type, "translate") == 0)
    slot = &r->info->translate;

  /* Only the untranslated <name> and <summary> count, never an xml:lang one
   * that a merged metainfo may carry after it.
   */
  if (slot != NULL && *slot == NULL)
    *slot = g_steal_pointer (&text);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Reader *r = user_data;

  g_string_append_len (r->text, text, length);
}

/**
 * sw_app_info_load_from_metainfo:
 * @xml: an AppStream metainfo document
 * @length: its length, or -1
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what the About window shows, or %NULL with @error set
 */
SwAppInfo *
sw_app_info_load_from_metainfo (const char  *xml,
                                gsize        length,
                                GError     **error)
{
  static const GMarkupParser parser = {
    .start_element = start_element_cb,
    .end_element = end_element_cb,
    .text = text_cb,
  };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(SwAppInfo) info = g_new0 (SwAppInfo, 1);
  Reader r = {
    .info = info,
    .text = g_string_new (NULL),
    .notes = g_string_new (NULL),
  };
  gboolean ok;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  ok = g_markup_parse_context_parse (context, xml, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  g_string_free (r.text, TRUE);
  g_string_free (r.notes, TRUE);
  g_free (r.url_type);

  if (!ok)
    return NULL;

  return g_steal_pointer (&info);
}

void
sw_app_info_free (SwAppInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->summary);
  g_free (info->developer_name);
  g_free (info->homepage);
  g_free (info->bugtracker);
  g_free (info->translate);
  g_free (info->release_version);
  g_free (info->release_notes);
  g_free (info);
}

/**
 * sw_about_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer floating): the About window, from the bundled metainfo
 */
GtkWidget *
sw_about_window_new (GtkWindow *parent)
{
  static const char *developers[] = { "The Shardwise developers", NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SwAppInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  gsize length = 0;
  const char *xml;

  bytes = g_resources_lookup_data (METAINFO_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    {
      xml = g_bytes_get_data (bytes, &length);
      info = sw_app_info_load_from_metainfo (xml, length, &error);
    }
  if (info == NULL)
    {
      /* The metainfo is compiled in, so this is a packaging bug; still show a window. */
      g_critical ("Could not read the bundled metainfo: %s", error->message);
      info = g_new0 (SwAppInfo, 1);
      info->name = g_strdup (_("Shardwise"));
    }

  window = adw_about_window_new ();
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);

  g_object_set (window,
                "application-name", info->name,
                "application-icon", APP_ID,
                "developer-name", info->developer_name,
                "version", PACKAGE_VERSION,
                "comments", info->summary,
                "website", info->homepage,
                "issue-url", info->bugtracker,
                "developers", developers,
                "copyright", "© 2026 The Shardwise developers",
                "license-type", GTK_LICENSE_GPL_3_0,
                /* Translators: replace with your names, one per line */
                "translator-credits", _("translator-credits"),
                NULL);
  if (info->release_notes != NULL && info->release_notes[0] != '\0')
    g_object_set (window,
                  "release-notes-version", info->release_version,
                  "release-notes", info->release_notes,
                  NULL);
  if (info->translate != NULL)
    adw_about_window_add_link (ADW_ABOUT_WINDOW (window), _("_Translate"), info->translate);

  return window;
}
