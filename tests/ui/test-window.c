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
#include "sw-problems-list.h"
#include "sw-window.h"
#include "sw-connect-dialog.h"
#include "sw-test-ui.h"

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

static gboolean
plan_is_reference (gpointer data)
{
  SwWindow *window = data;

  return sw_plan_get_table_kind (sw_window_get_plan (window), "public.payment_events") ==
         SW_PLAN_KIND_REFERENCE;
}

typedef struct
{
  SwWindow   *window;
  const char *code;     /* a diagnostic the list must show, or NULL */
  guint       n_items;  /* with @code NULL: how many the list must show */
} ProblemsWait;

/* The newest check of the plan has answered as expected. */
static gboolean
problems_shown (gpointer data)
{
  ProblemsWait *wait = data;
  SwProblemsList *list = SW_PROBLEMS_LIST (sw_test_ui_find_widget (GTK_WIDGET (wait->window),
                                                                   SW_TYPE_PROBLEMS_LIST));
  GListModel *model = sw_problems_list_get_model (list);

  if (sw_problems_list_get_checking (list))
    return FALSE;
  if (wait->code == NULL)
    return g_list_model_get_n_items (model) == wait->n_items;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SwDiagnostic) diag = g_list_model_get_item (model, i);

      if (g_str_equal (sw_diagnostic_get_code (diag), wait->code))
        return TRUE;
    }
  return FALSE;
}

static GListModel *
problems_model (SwWindow *window)
{
  return sw_problems_list_get_model (SW_PROBLEMS_LIST (sw_test_ui_find_widget (GTK_WIDGET (window),
                                                                               SW_TYPE_PROBLEMS_LIST)));
}

/* End to end: the sample opens, a table is dragged onto the Reference lane,
 * the plan changes, and undo and redo take the change back and forth.
 */
static void
test_window_plan_by_hand (void)
{
  SwWindow *window = new_window ();
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SwErdView *view;
  SwErdNode *node;
  double x, y;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  sw_test_ui_iterate (200);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-welcome");

  sw_window_open_file (window, file);
  wait_until_loaded (window);
  sw_test_ui_iterate (300);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_stack (window)), ==, "tables");

  view = SW_ERD_VIEW (sw_test_ui_find_widget (GTK_WIDGET (window), SW_TYPE_ERD_VIEW));
  g_assert_nonnull (view);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  g_assert_cmpint (width, >, 400);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-erd");

  g_assert_cmpint (sw_plan_get_table_kind (sw_window_get_plan (window), "public.payment_events"), ==,
                   SW_PLAN_KIND_LOCAL);

  node = sw_erd_layout_lookup_node (sw_erd_view_get_layout (view), "public.payment_events");
  g_assert_nonnull (node);
  sw_erd_view_layout_to_view (view, node->x + node->width / 2, node->y + 10, &x, &y);
  g_assert_cmpint (sw_erd_view_lane_at (view, width / 2.0 - 100, height - 50), ==,
                   SW_ERD_LANE_REFERENCE);
  sw_erd_view_drag (view, x, y, width / 2.0 - 100, height - 50);
  g_assert_true (plan_is_reference (window));
  g_assert_cmpuint (sw_plan_get_tables (sw_window_get_plan (window))->len, ==, 1);
  g_assert_cmpuint (sw_plan_get_table_kind (sw_window_get_plan (window), "public.event_types"), ==,
                    SW_PLAN_KIND_LOCAL);

  /* What the check says about it: Citus accepts it, and the two tables it
   * references become Citus local tables on the coordinator (two notes, no
   * problem, no broken key). */
  {
    ProblemsWait wait = { window, NULL, 2 };
    GListModel *model = problems_model (window);

    sw_test_ui_wait (problems_shown, &wait);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(SwDiagnostic) diag = g_list_model_get_item (model, i);

        g_assert_cmpint (sw_diagnostic_get_severity (diag), ==, SW_SEVERITY_INFO);
        g_assert_cmpstr (sw_diagnostic_get_code (diag), ==, "local-table-auto-converted");
        g_assert_true (g_strv_contains (sw_diagnostic_get_tables (diag), i == 0 ? "public.event_types"
                                                                                : "public.payment_merchants"));
      }
    g_assert_cmpuint (sw_problems_list_get_n_problems (SW_PROBLEMS_LIST (sw_test_ui_find_widget (GTK_WIDGET (window),
                                                                                                  SW_TYPE_PROBLEMS_LIST))),
                      ==, 0);
    g_assert_null (sw_erd_view_get_broken_edges (view));
  }

  /* The side panel follows the selection and the plan. */
  sw_test_ui_iterate (300);
  g_assert_cmpstr (sw_erd_view_get_selected_table (view), ==, "public.payment_events");
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-erd-reference");

  /* Undo takes it back, redo brings it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (sw_plan_get_table_kind (sw_window_get_plan (window), "public.payment_events"), ==,
                   SW_PLAN_KIND_LOCAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  sw_test_ui_wait (plan_is_reference, window);

  /* A distribution by hand, from the canvas's own action, re-colours the card. */
  sw_erd_view_select_table (view, "public.payment_users", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (view), "erd.distribute", "s", "user_id");
  sw_erd_view_select_table (view, "public.payment_events", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (view), "erd.distribute", "s", "user_id");
  gtk_widget_activate_action (GTK_WIDGET (view), "erd.colocate", "s", "public.payment_users");
  sw_test_ui_iterate (500);
  g_assert_cmpstr (sw_plan_lookup_table (sw_window_get_plan (window), "public.payment_events")->colocate_with,
                   ==, "public.payment_users");
  g_assert_cmpuint (sw_erd_layout_get_clusters (sw_erd_view_get_layout (view))->len, ==, 1);

  /* payment_events is distributed but still references two local tables:
   * Citus refuses it (FK-1), and that foreign key is drawn broken. */
  {
    ProblemsWait wait = { window, "fk-distributed-to-local", 0 };
    g_autoptr(SwDiagnostic) diag = NULL;
    g_autofree char *key = NULL;

    sw_test_ui_wait (problems_shown, &wait);
    diag = g_list_model_get_item (problems_model (window), 0);
    g_assert_cmpstr (sw_diagnostic_get_code (diag), ==, "fk-distributed-to-local");
    g_assert_cmpstr (sw_diagnostic_get_error (diag), ==,
                     "referenced table \"event_types\" must be a distributed table or a reference table");
    g_assert_cmpstr (sw_diagnostic_get_constraint (diag), ==, "payment_events_event_type_id_fkey");
    key = sw_erd_edge_key ("public.payment_events", "payment_events_event_type_id_fkey");
    g_assert_nonnull (sw_erd_view_get_broken_edges (view));
    g_assert_true (g_hash_table_contains (sw_erd_view_get_broken_edges (view), key));
  }
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-erd-colocated");

  /* Three steps back: the plan is empty again. */
  for (int i = 0; i < 4; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpuint (sw_plan_get_tables (sw_window_get_plan (window))->len, ==, 0);

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
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-error");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
plan_has_tables (gpointer data)
{
  SwWindow *window = data;

  return sw_plan_get_tables (sw_window_get_plan (window))->len > 0;
}

/* The advisor's plan replaces the empty one as one undoable step, and the
 * side panel shows a table's reason.
 */
static void
test_window_recommend (gconstpointer data)
{
  const char *sample = data;
  SwWindow *window = new_window ();
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), sample, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = NULL;
  SwErdView *view;
  GPtrArray *tables;
  const SwPlanTable *chosen = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  sw_window_open_file (window, file);
  wait_until_loaded (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recommend", NULL));
  sw_test_ui_wait (plan_has_tables, window);
  sw_test_ui_iterate (500);

  view = SW_ERD_VIEW (sw_test_ui_find_widget (GTK_WIDGET (window), SW_TYPE_ERD_VIEW));
  tables = sw_plan_get_tables (sw_window_get_plan (window));
  for (guint i = 0; i < tables->len && chosen == NULL; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);

      if (entry->kind == SW_PLAN_KIND_DISTRIBUTED && entry->reason != NULL)
        chosen = entry;
    }
  g_assert_nonnull (chosen);
  sw_erd_view_select_table (view, chosen->table, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (view), "erd.zoom-fit", NULL);
  sw_test_ui_iterate (300);
  name = g_strdup_printf ("window-recommended-%s", sample);
  *strrchr (name, '.') = '\0';
  sw_test_ui_save_screenshot (GTK_WIDGET (window), name);

  /* Undo brings the empty plan back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (sw_plan_get_tables (sw_window_get_plan (window))->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The connection dialog lists the services of pg_service.conf and carries
 * the sslmode into the conninfo.
 */
static void
test_connect_dialog (void)
{
  SwWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("sw-ui-XXXXXX", NULL);
  g_autofree char *service_file = g_build_filename (dir, "pg_service.conf", NULL);
  SwConnectDialog *dialog;
  AdwComboRow *service_row = NULL;
  g_autofree char *conninfo = NULL;

  g_assert_true (g_file_set_contents (service_file,
                                      "# comment\n[warehouse]\nhost=db1\ndbname=dw\n\n"
                                      "[\"odd name\"]\nhost=db2\n", -1, NULL));
  g_setenv ("PGSERVICEFILE", service_file, TRUE);
  g_setenv ("PGSYSCONFDIR", dir, TRUE);

  gtk_window_present (GTK_WINDOW (window));
  dialog = sw_connect_dialog_new (window, "host=db.example.com dbname=shop user=alice sslmode=verify-full");
  gtk_window_present (GTK_WINDOW (dialog));
  sw_test_ui_iterate (200);
  sw_test_ui_save_screenshot (GTK_WIDGET (dialog), "connect-dialog");

  /* Two services, after "None". */
  {
    GtkWidget *root = GTK_WIDGET (dialog);
    GPtrArray *rows = g_ptr_array_new ();
    GtkWidget *stack[64];
    int top = 0;

    stack[top++] = root;
    while (top > 0)
      {
        GtkWidget *w = stack[--top];

        if (ADW_IS_COMBO_ROW (w))
          g_ptr_array_add (rows, w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && top < 63;
             c = gtk_widget_get_next_sibling (c))
          stack[top++] = c;
      }
    for (guint i = 0; i < rows->len; i++)
      {
        AdwComboRow *row = g_ptr_array_index (rows, i);

        if (g_list_model_get_n_items (adw_combo_row_get_model (row)) == 3)
          service_row = row;
      }
    g_ptr_array_unref (rows);
  }
  g_assert_nonnull (service_row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (service_row)));

  /* The fields say host, database and user; the sslmode goes with them. */
  conninfo = sw_connect_dialog_build_conninfo ("db.example.com", "", "shop", "alice");
  g_assert_cmpstr (conninfo, ==, "host='db.example.com' dbname='shop' user='alice'");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("PGSERVICEFILE");
  g_unsetenv ("PGSYSCONFDIR");
  g_unlink (service_file);
  g_rmdir (dir);
}

/* A server that is not there gets its own clear error, not a hang. */
static void
test_unreachable_server (void)
{
  SwWindow *window = new_window ();
  AdwStatusPage *page;

  gtk_window_present (GTK_WINDOW (window));
  sw_window_connect (window, "host=127.0.0.1 port=1 dbname=nothing connect_timeout=3", NULL);
  wait_until_loaded (window);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window_stack (window)), ==, "error");
  page = ADW_STATUS_PAGE (sw_test_ui_find_widget (gtk_stack_get_visible_child (window_stack (window)),
                                                  ADW_TYPE_STATUS_PAGE));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Server Not Reachable");
  sw_test_ui_iterate (200);
  sw_test_ui_save_screenshot (GTK_WIDGET (window), "window-unreachable");

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
  g_test_add_func ("/Sw/Window/plan-by-hand", test_window_plan_by_hand);
  g_test_add_func ("/Sw/Window/connect-dialog", test_connect_dialog);
  g_test_add_data_func ("/Sw/Window/recommend/ads", "ads.sql", test_window_recommend);
  g_test_add_data_func ("/Sw/Window/recommend/woodgrove", "woodgrove.sql", test_window_recommend);
  g_test_add_func ("/Sw/Window/unreachable-server", test_unreachable_server);

  return g_test_run ();
}
