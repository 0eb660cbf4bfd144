/* test-problems-list.c
 *
 * The Problems page of the window's side panel: a plan that breaks Citus's
 * rules shows one row per diagnostic, with the engine's words and Citus's
 * own error text; activating a row selects its table on the ERD; a fix
 * button changes the plan as one undoable edit and the list follows; the
 * foreign keys the plan breaks are the ERD's broken edges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sw-application.h"
#include "sw-erd-view.h"
#include "sw-problems-list.h"
#include "sw-ui-test-util.h"
#include "sw-window.h"

/* Two pairs of tables whose foreign keys need colocation; one key has an
 * odd (quoted, Unicode) name.
 */
static const char *shop_sql =
  "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n"
  "CREATE TABLE orders (customer_id bigint NOT NULL REFERENCES customers (id), id bigint NOT NULL,\n"
  "  PRIMARY KEY (customer_id, id));\n"
  "CREATE TABLE products (id bigint PRIMARY KEY, name text);\n"
  "CREATE TABLE reviews (product_id bigint NOT NULL, id bigint NOT NULL, stars int,\n"
  "  PRIMARY KEY (product_id, id),\n"
  "  CONSTRAINT \"reviews → products\" FOREIGN KEY (product_id) REFERENCES products (id));\n";

typedef struct
{
  SwWindow       *window;
  SwProblemsList *list;
  SwErdView      *view;
  AdwViewStack   *panel;
} Fixture;

static AdwViewStack *
find_view_stack_with (GtkWidget  *root,
                      const char *page)
{
  if (ADW_IS_VIEW_STACK (root) && adw_view_stack_get_child_by_name (ADW_VIEW_STACK (root), page) != NULL)
    return ADW_VIEW_STACK (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found = find_view_stack_with (child, page);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

/* The button whose label is @text, among the rows on screen. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *label = sw_ui_test_find_label (button, text);

      if (label != NULL && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), text))
        return button;
    }
  return NULL;
}

static guint
count_icons (GtkWidget  *root,
             const char *icon_name)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  guint n = 0;

  collect_widgets (root, GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    if (g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, i)), icon_name) == 0)
      n++;
  return n;
}

static gboolean
window_loaded (gpointer user_data)
{
  Fixture *f = user_data;

  return sw_window_get_plan (f->window) != NULL &&
         sw_erd_view_get_layout (f->view) != NULL;
}

typedef struct
{
  Fixture *f;
  guint    n;
} CountWait;

/* The newest check has answered with @n diagnostics. */
static gboolean
list_has (gpointer user_data)
{
  CountWait *wait = user_data;

  return !sw_problems_list_get_checking (wait->f->list) &&
         g_list_model_get_n_items (sw_problems_list_get_model (wait->f->list)) == wait->n;
}

static void
wait_for_rows (Fixture *f,
               guint    n)
{
  CountWait wait = { f, n };

  sw_ui_test_wait (list_has, &wait, 60);
  /* The rows are built when the list view is laid out. */
  sw_ui_test_settle ();
}

static GHashTable *
broken_edges (Fixture *f)
{
  return sw_erd_view_get_broken_edges (f->view);
}

static gboolean
edge_broken (Fixture    *f,
             const char *table,
             const char *name)
{
  g_autofree char *key = sw_erd_edge_key (table, name);

  return broken_edges (f) != NULL && g_hash_table_contains (broken_edges (f), key);
}

static guint
badge (Fixture *f)
{
  AdwViewStackPage *page = adw_view_stack_get_page (f->panel,
                                                    adw_view_stack_get_child_by_name (f->panel, "problems"));

  return adw_view_stack_page_get_badge_number (page);
}

static void
test_problems_list (void)
{
  static SwApplication *app;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-problems-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shop.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *shot = NULL;
  g_autofree char *shot_empty = NULL;
  Fixture f = { 0 };
  SwPlan *plan;
  GtkWidget *button;

  g_assert_true (g_file_set_contents (path, shop_sql, -1, NULL));

  /* New plans take their shard count from the preferences. */
  app = sw_application_new ("app.shardwise.Shardwise.TestProblems", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_assert_nonnull (sw_application_get_settings (app));
  g_settings_set_int (sw_application_get_settings (app), "default-shard-count", 12);
  f.window = sw_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f.window));
  f.view = SW_ERD_VIEW (sw_ui_test_find (GTK_WIDGET (f.window), SW_TYPE_ERD_VIEW));
  f.list = SW_PROBLEMS_LIST (sw_ui_test_find (GTK_WIDGET (f.window), SW_TYPE_PROBLEMS_LIST));
  f.panel = find_view_stack_with (GTK_WIDGET (f.window), "problems");
  g_assert_nonnull (f.view);
  g_assert_nonnull (f.list);
  g_assert_nonnull (f.panel);

  sw_window_open_file (f.window, file);
  sw_ui_test_wait (window_loaded, &f, 60);
  adw_view_stack_set_visible_child_name (f.panel, "problems");

  g_assert_cmpuint (sw_plan_get_shard_count (sw_window_get_plan (f.window)), ==, 12);

  /* An empty plan moves nothing: no problems. */
  wait_for_rows (&f, 0);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "No Problems"));
  g_assert_cmpuint (badge (&f), ==, 0);

  /* Every table distributed, but orders and reviews each in a colocation
   * group of their own: their foreign keys break FK-6. One edit, one check. */
  plan = sw_window_get_plan (f.window);
  sw_plan_set_distributed (plan, "public.customers", "id", NULL, 0);
  sw_plan_set_distributed (plan, "public.orders", "customer_id", "none", 0);
  sw_plan_set_distributed (plan, "public.products", "id", NULL, 0);
  sw_plan_set_distributed (plan, "public.reviews", "product_id", "none", 0);
  wait_for_rows (&f, 4);
  shot = sw_ui_test_screenshot (GTK_WIDGET (f.window), "problems-page");

  /* Two errors (Citus refuses each create_distributed_table), then two
   * warnings for the keys the failed tables keep. */
  g_assert_cmpuint (count_icons (GTK_WIDGET (f.list), "dialog-error-symbolic"), ==, 2);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SwDiagnostic) diag = g_list_model_get_item (sw_problems_list_get_model (f.list), i);

      g_assert_cmpint (sw_diagnostic_get_severity (diag), ==, i < 2 ? SW_SEVERITY_ERROR : SW_SEVERITY_WARNING);
    }
  g_assert_cmpuint (sw_problems_list_get_n_problems (f.list), ==, 4);
  g_assert_cmpuint (badge (&f), ==, 4);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "2 errors, 2 warnings"));
  /* The engine's words, the tables and key, Citus's own text. */
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list),
                                           "orders and customers are not in the same colocation group"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list),
                                           "public.orders → public.customers"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list),
                                           "Foreign key orders_customer_id_fkey (customer_id)"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list),
                                           "Foreign key reviews → products (product_id)"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list),
                                           "ERROR:  cannot create foreign key constraint since relations are not colocated or not referencing a reference table"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "Step 2 of the migration"));
  {
    g_autoptr(SwDiagnostic) first = g_list_model_get_item (sw_problems_list_get_model (f.list), 0);

    /* The check ran the plan's migration, with the preferences' shard count. */
    g_assert_cmpstr (sw_diagnostic_get_statement (first), ==,
                     "SELECT create_distributed_table('public.orders', 'customer_id', "
                     "colocate_with => 'none', shard_count => 12)");
  }

  /* The two broken keys are the ERD's broken edges; warnings break no rule. */
  g_assert_nonnull (broken_edges (&f));
  g_assert_cmpuint (g_hash_table_size (broken_edges (&f)), ==, 2);
  g_assert_true (edge_broken (&f, "public.orders", "orders_customer_id_fkey"));
  g_assert_true (edge_broken (&f, "public.reviews", "reviews → products"));

  /* Activating the first row selects its table, and the page stays. */
  sw_erd_view_select_table (f.view, NULL, FALSE);
  g_assert_true (gtk_widget_activate_action (sw_ui_test_find (GTK_WIDGET (f.list), GTK_TYPE_LIST_VIEW),
                                             "list.activate-item", "u", 0));
  g_assert_cmpstr (sw_erd_view_get_selected_table (f.view), ==, "public.orders");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f.panel), ==, "problems");
  g_assert_true (gtk_widget_activate_action (sw_ui_test_find (GTK_WIDGET (f.list), GTK_TYPE_LIST_VIEW),
                                             "list.activate-item", "u", 1));
  g_assert_cmpstr (sw_erd_view_get_selected_table (f.view), ==, "public.reviews");

  /* The first fix of the orders error colocates orders with customers. */
  button = find_button (GTK_WIDGET (f.list), "Distribute orders on customer_id, colocated with customers");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.orders")->colocate_with, ==, "public.customers");
  wait_for_rows (&f, 2);
  g_assert_null (sw_ui_test_find_label (GTK_WIDGET (f.list), "orders and customers"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "reviews and products"));
  g_assert_cmpuint (g_hash_table_size (broken_edges (&f)), ==, 1);
  g_assert_false (edge_broken (&f, "public.orders", "orders_customer_id_fkey"));

  /* The same for reviews: the plan is valid and the list empties. */
  button = find_button (GTK_WIDGET (f.list), "Distribute reviews on product_id, colocated with products");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for_rows (&f, 0);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "No Problems"));
  g_assert_cmpuint (sw_problems_list_get_n_problems (f.list), ==, 0);
  g_assert_cmpuint (badge (&f), ==, 0);
  g_assert_null (broken_edges (&f));
  shot_empty = sw_ui_test_screenshot (GTK_WIDGET (f.window), "problems-page-empty");

  /* Each fix was one edit: undo brings the reviews problem back, then the other. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo", NULL));
  g_assert_cmpstr (sw_plan_lookup_table (sw_window_get_plan (f.window), "public.reviews")->colocate_with,
                   ==, "none");
  wait_for_rows (&f, 2);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (f.list), "reviews and products"));
  g_assert_true (edge_broken (&f, "public.reviews", "reviews → products"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo", NULL));
  wait_for_rows (&f, 4);
  g_assert_cmpuint (badge (&f), ==, 4);

  gtk_window_destroy (GTK_WINDOW (f.window));
  g_unlink (path);
  g_rmdir (dir);
}

/* Many alike diagnostics are one row that names a few of their tables;
 * activating it selects the first. */
static void
test_problems_grouped (void)
{
  GtkWidget *list = sw_problems_list_new ();
  GtkWindow *window = sw_ui_test_window (list, 340, 600);
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GObject) group = NULL;
  g_autoptr(SwDiagnostic) first = NULL;
  SwDiagnostic *error;
  SwDiagnostic *activated = NULL;

  error = sw_diagnostic_new (SW_SEVERITY_ERROR, "fk-distributed-to-local", "referenced table \"p\" must be a distributed table or a reference table",
                             NULL, NULL, "c references p, which stays a plain local table.");
  sw_diagnostic_add_table (error, "public.c");
  g_ptr_array_add (diagnostics, error);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *table = g_strdup_printf ("public.t%u", i);
      g_autofree char *text = g_strdup_printf ("t%u has an identity column.", i);
      SwDiagnostic *note = sw_diagnostic_new (SW_SEVERITY_INFO, "identity-column-later", NULL, NULL, NULL, text);

      sw_diagnostic_add_table (note, table);
      g_ptr_array_add (diagnostics, note);
    }

  sw_problems_list_set_diagnostics (SW_PROBLEMS_LIST (list), diagnostics);
  sw_ui_test_settle ();

  g_assert_cmpuint (g_list_model_get_n_items (sw_problems_list_get_model (SW_PROBLEMS_LIST (list))), ==, 2);
  group = g_list_model_get_item (sw_problems_list_get_model (SW_PROBLEMS_LIST (list)), 1);
  g_assert_true (G_IS_LIST_MODEL (group));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (group)), ==, 8);
  g_assert_cmpuint (sw_problems_list_get_n_problems (SW_PROBLEMS_LIST (list)), ==, 1);
  g_assert_nonnull (sw_ui_test_find_label (list, "1 error, 8 notes"));
  g_assert_nonnull (sw_ui_test_find_label (list, "The same for 8 tables: public.t0, public.t1, public.t2 and 5 more"));
  g_assert_nonnull (sw_ui_test_find_label (list, "t0 has an identity column."));
  g_free (sw_ui_test_screenshot (GTK_WIDGET (window), "problems-page-grouped"));

  g_signal_connect_swapped (list, "activated", G_CALLBACK (g_set_object), &activated);
  g_assert_true (gtk_widget_activate_action (sw_ui_test_find (list, GTK_TYPE_LIST_VIEW),
                                             "list.activate-item", "u", 1));
  first = g_list_model_get_item (G_LIST_MODEL (group), 0);
  g_assert_true (activated == first);
  g_clear_object (&activated);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The build tree's compiled schema, in memory: nothing on disk changes. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", SW_DATA_BUILDDIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  sw_ui_test_init (&argc, &argv);

  g_test_add_func ("/Sw/ProblemsList/fix-and-undo", test_problems_list);
  g_test_add_func ("/Sw/ProblemsList/grouped", test_problems_grouped);

  return g_test_run ();
}
