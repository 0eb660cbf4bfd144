/* test-sql-page.c
 *
 * The SQL page writes the three scripts for the plan, rewrites them when the
 * plan changes, keeps the last good ones (marked out of date) when the plan
 * cannot be written, and exports the scripts, the plan and the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sw-sql-page.h"
#include "sw-ui-test-util.h"

static gboolean
page_idle (gpointer user_data)
{
  return !sw_sql_page_is_busy (SW_SQL_PAGE (user_data));
}

static gboolean
result_ready (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_sql_page_empty (void)
{
  GtkWidget *page = sw_sql_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 900, 600);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autofree char *shot = NULL;

  sw_sql_page_set_schema (SW_SQL_PAGE (page), schema);
  sw_ui_test_wait (page_idle, page, 30);
  g_assert_nonnull (sw_ui_test_find_label (page, "No Plan Yet"));

  shot = sw_ui_test_screenshot (GTK_WIDGET (window), "sql-page-empty");
  gtk_window_destroy (window);
}

static void
test_sql_page_follows_plan (void)
{
  GtkWidget *page = sw_sql_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 1000, 700);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autofree char *migration = NULL;
  g_autofree char *rollback = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;

  sw_sql_page_set_schema (SW_SQL_PAGE (page), schema);
  sw_sql_page_set_plan (SW_SQL_PAGE (page), plan);
  sw_ui_test_wait (page_idle, page, 30);

  g_assert_null (sw_sql_page_get_error (SW_SQL_PAGE (page)));
  migration = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_MIGRATION);
  rollback = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_ROLLBACK);
  verify = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_VERIFY);
  g_assert_nonnull (strstr (migration, "create_reference_table"));
  g_assert_nonnull (strstr (migration, "create_distributed_table"));
  g_assert_nonnull (strstr (migration, "payment_events"));
  g_assert_nonnull (strstr (rollback, "undistribute_table"));
  g_assert_nonnull (strstr (verify, "citus_tables"));
  /* The step count is in the toolbar. */
  g_assert_nonnull (sw_ui_test_find_label (page, "steps"));
  shot = sw_ui_test_screenshot (GTK_WIDGET (window), "sql-page-migration");

  sw_sql_page_show_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_VERIFY);
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (window), "sql-page-verify");

  /* A change to the plan rewrites the scripts: payment_events stays local. */
  sw_plan_set_local (plan, "public.payment_events");
  g_assert_true (sw_sql_page_is_busy (SW_SQL_PAGE (page)));
  sw_ui_test_wait (page_idle, page, 30);
  g_clear_pointer (&migration, g_free);
  migration = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_MIGRATION);
  g_assert_nonnull (strstr (migration, "payment_users"));
  g_assert_null (strstr (migration, "create_distributed_table('public.payment_events'"));
  g_assert_null (strstr (migration, "create_distributed_table('payment_events'"));

  /* A plan the generator refuses keeps the last scripts, marked out of date. */
  sw_plan_set_distributed (plan, "public.payment_events", "no_such_column", NULL, 0);
  sw_ui_test_wait (page_idle, page, 30);
  g_assert_nonnull (sw_sql_page_get_error (SW_SQL_PAGE (page)));
  {
    g_autofree char *kept = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_MIGRATION);
    g_assert_cmpstr (kept, ==, migration);
  }
  sw_sql_page_show_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_MIGRATION);
  shot3 = sw_ui_test_screenshot (GTK_WIDGET (window), "sql-page-out-of-date");

  gtk_window_destroy (window);
}

static void
test_sql_page_export (void)
{
  GtkWidget *page = sw_sql_page_new ();
  GtkWindow *window = sw_ui_test_window (page, 800, 600);
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autofree char *dir = g_dir_make_tmp ("sw-export-XXXXXX", NULL);
  g_autofree char *migration_path = g_build_filename (dir, "move.sql", NULL);
  g_autofree char *rollback_path = g_build_filename (dir, "move-rollback.sql", NULL);
  g_autofree char *verify_path = g_build_filename (dir, "move-verify.sql", NULL);
  g_autofree char *plan_path = g_build_filename (dir, "plan.json", NULL);
  g_autoptr(GFile) migration_file = g_file_new_for_path (migration_path);
  g_autoptr(GFile) plan_file = g_file_new_for_path (plan_path);
  g_autoptr(GError) error = NULL;
  static const char * const formats[] = { "svg", "png", "pdf" };
  static const char * const magic[] = { "<svg", "\x89PNG", "%PDF" };

  sw_sql_page_set_schema (SW_SQL_PAGE (page), schema);
  sw_sql_page_set_plan (SW_SQL_PAGE (page), plan);
  sw_ui_test_wait (page_idle, page, 30);

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *written = NULL;
    g_autofree char *shown = sw_sql_page_dup_script (SW_SQL_PAGE (page), SW_SQL_SCRIPT_ROLLBACK);

    sw_sql_page_export_sql_async (SW_SQL_PAGE (page), migration_file, NULL, store_result_cb, &result);
    sw_ui_test_wait (result_ready, &result, 30);
    g_assert_true (sw_sql_page_export_sql_finish (SW_SQL_PAGE (page), result, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (migration_path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (verify_path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_get_contents (rollback_path, &written, NULL, NULL));
    g_assert_cmpstr (written, ==, shown);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SwPlan) loaded = NULL;

    sw_sql_page_export_plan_async (SW_SQL_PAGE (page), plan_file, NULL, store_result_cb, &result);
    sw_ui_test_wait (result_ready, &result, 30);
    g_assert_true (sw_sql_page_export_plan_finish (SW_SQL_PAGE (page), result, &error));
    g_assert_no_error (error);
    loaded = sw_plan_new_from_file (plan_path, &error);
    g_assert_no_error (error);
    g_assert_true (sw_plan_equal (loaded, plan));
  }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *name = g_strdup_printf ("schema.%s", formats[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      gsize length;

      sw_sql_page_export_erd_async (SW_SQL_PAGE (page), file, formats[i], NULL, store_result_cb, &result);
      sw_ui_test_wait (result_ready, &result, 60);
      g_assert_true (sw_sql_page_export_erd_finish (SW_SQL_PAGE (page), result, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      g_assert_nonnull (g_strstr_len (contents, MIN (length, 4096), magic[i]));
      g_unlink (path);
    }

  /* A folder that does not exist gives an error, not a crash. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-dir/x/move.sql");

    sw_sql_page_export_sql_async (SW_SQL_PAGE (page), bad, NULL, store_result_cb, &result);
    sw_ui_test_wait (result_ready, &result, 30);
    g_assert_false (sw_sql_page_export_sql_finish (SW_SQL_PAGE (page), result, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  g_unlink (migration_path);
  g_unlink (rollback_path);
  g_unlink (verify_path);
  g_unlink (plan_path);
  g_rmdir (dir);
  gtk_window_destroy (window);
}

static void
test_sql_page_sibling_names (void)
{
  g_autoptr(GFile) a = g_file_new_for_path ("/tmp/move.sql");
  g_autoptr(GFile) b = g_file_new_for_path ("/tmp/noext");
  g_autoptr(GFile) ra = sw_sql_export_sibling (a, "rollback");
  g_autoptr(GFile) rb = sw_sql_export_sibling (b, "verify");
  g_autofree char *na = g_file_get_basename (ra);
  g_autofree char *nb = g_file_get_basename (rb);

  g_assert_cmpstr (na, ==, "move-rollback.sql");
  g_assert_cmpstr (nb, ==, "noext-verify.sql");
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  g_test_add_func ("/Sw/SqlPage/empty", test_sql_page_empty);
  g_test_add_func ("/Sw/SqlPage/follows-plan", test_sql_page_follows_plan);
  g_test_add_func ("/Sw/SqlPage/export", test_sql_page_export);
  g_test_add_func ("/Sw/SqlPage/sibling-names", test_sql_page_sibling_names);

  return g_test_run ();
}
