/* sw-ui-test-util.c
 *
 * What the widget tests share: waiting on the main loop with a deadline,
 * finding widgets, a woodgrove schema and plan, and screenshots of a window
 * (GtkWidgetPaintable → GskRenderer → GdkTexture → PNG) for review.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sw-test-schema.h"
#include "sw-ui-test-util.h"

void
sw_ui_test_init (int    *argc,
                 char ***argv)
{
  /* The screenshots are for people: draw them in the user's language setting
   * of the test run, with a fixed font size and animations off so states are
   * caught where they settle.
   */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

void
sw_ui_test_wait (SwUiTestPredicate predicate,
                 gpointer          user_data,
                 guint             timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  while (!predicate (user_data))
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

/* Lets pending layout, idles and frames run. */
void
sw_ui_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

GtkWidget *
sw_ui_test_find (GtkWidget *root,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sw_ui_test_find (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
sw_ui_test_find_label (GtkWidget  *root,
                       const char *substring)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), substring) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sw_ui_test_find_label (child, substring);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
sw_ui_test_window (GtkWidget *child,
                   int        width,
                   int        height)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), child);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * sw_ui_test_screenshot:
 * @widget: a mapped widget, usually a window
 * @name: the file name, without `.png`
 *
 * Writes @widget as it is drawn now to `SW_SCREENSHOT_DIR/name.png`.
 *
 * Returns: (transfer full): the path written
 */
char *
sw_ui_test_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = 0, height = 0;

  /* Xvfb maps the window a little after it is presented; wait for it to be
   * drawn once.
   */
  for (guint attempt = 0; attempt < 50 && node == NULL; attempt++)
    {
      sw_ui_test_settle ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (!gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
        continue;

      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  g_mkdir_with_parents (SW_SCREENSHOT_DIR, 0755);
  path = g_build_filename (SW_SCREENSHOT_DIR, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&path);
}

SwSchema *
sw_ui_test_woodgrove (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);

  return sw_test_read_file (path);
}

/* The plan a Citus expert signs for woodgrove (see issue 5). */
SwPlan *
sw_ui_test_woodgrove_plan (void)
{
  SwPlan *plan = sw_plan_new ();

  sw_plan_set_reference (plan, "public.event_types");
  sw_plan_set_reference (plan, "public.payment_merchants");
  sw_plan_set_distributed (plan, "public.payment_users", "user_id", NULL, 0);
  sw_plan_set_distributed (plan, "public.payment_events", "user_id", "public.payment_users", 0);
  return plan;
}
