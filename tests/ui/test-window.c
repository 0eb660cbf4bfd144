/* test-window.c
 *
 * The window reads a schema through the engine and lists its tables, or says
 * why it could not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sw-application.h"
#include "sw-erd-view.h"
#include "sw-window.h"

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkStack *
find_stack_with_page (GtkWidget  *root,
                      const char *page)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), page) != NULL)
    return GTK_STACK (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack_with_page (child, page);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The stack that switches between welcome, loading, tables and error. */
static GtkStack *
window_stack (SwWindow *window)
{
  GtkStack *stack = find_stack_with_page (GTK_WIDGET (window), "tables");

  g_assert_nonnull (stack);
  return stack;
}

/* Runs the main loop until the window has finished reading. */
static void
wait_until_loaded (SwWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (gtk_stack_get_visible_child_name (window_stack (window)), "loading") == 0 ||
         g_strcmp0 (gtk_stack_get_visible_child_name (window_stack (window)), "welcome") == 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static SwWindow *
new_window (void)
{
  static SwApplication *app;
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    {
      app = sw_application_new ("app.shardwise.Shardwise.Test", G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  return sw_window_new (app);
}

static void
test_window_lists_tables (void)
{
  SwWindow *window = new_window ();
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SwErdView *view;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sw_window_is_idle (window));

  sw_window_open_file (window, file);
  wait_until_loaded (window);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_stack (window)), ==, "tables");
  g_assert_false (sw_window_is_idle (window));

  view = SW_ERD_VIEW (find_widget (GTK_WIDGET (window), SW_TYPE_ERD_VIEW));
  g_assert_nonnull (view);
  g_assert_nonnull (sw_erd_view_get_layout (view));
  g_assert_cmpuint (sw_erd_layout_get_nodes (sw_erd_view_get_layout (view))->len, ==, 4);
  g_assert_nonnull (sw_window_get_plan (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_shows_syntax_error (void)
{
  SwWindow *window = new_window ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  AdwStatusPage *page;
  GtkWidget *child;
  int fd;

  fd = g_file_open_tmp ("sw-ui-XXXXXX.sql", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int,\n", -1, NULL));
  file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  sw_window_open_file (window, file);
  wait_until_loaded (window);
  g_unlink (path);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_stack (window)), ==, "error");
  child = gtk_stack_get_visible_child (window_stack (window));
  page = ADW_STATUS_PAGE (find_widget (child, ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (page);
  /* The parser's place reaches the user. */
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "line"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Sw/Window/lists-tables", test_window_lists_tables);
  g_test_add_func ("/Sw/Window/syntax-error", test_window_shows_syntax_error);

  return g_test_run ();
}
