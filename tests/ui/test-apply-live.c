/* test-apply-live.c
 *
 * The apply flow against real servers, under Xvfb:
 * - on plain PostgreSQL, Citus's absence is a clear error and nothing changes;
 * - on the Citus fixture (coordinator + 2 workers), a live database is read,
 *   the plan applied, the verify check shown (citus_tables and row counts),
 *   and the rollback button brings the tables back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-apply-run.h"
#include "sw-test-pg.h"
#include "sw-test-query.h"
#include "sw-test-schema.h"
#include "sw-ui-test-util.h"
#include "sw-verify-row.h"

#define WOODGROVE_DATA \
  "INSERT INTO event_types SELECT i, 'type ' || i FROM generate_series (1, 5) i;\n" \
  "INSERT INTO payment_merchants SELECT i, 'merchant ' || i, NULL FROM generate_series (1, 40) i;\n" \
  "INSERT INTO payment_users SELECT i, NULL, 'user' || i, NULL FROM generate_series (1, 500) i;\n" \
  "INSERT INTO payment_events SELECT i, 1 + i % 5, 1 + i % 500, 1 + i % 40, '{}', now () " \
  "FROM generate_series (1, 5000) i;\n"

static char *
woodgrove_sql (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autofree char *schema = NULL;

  g_assert_true (g_file_get_contents (path, &schema, NULL, NULL));
  return g_strconcat (schema, "\n", WOODGROVE_DATA, NULL);
}


typedef struct
{
  SwApplyDialog *dialog;
  SwApplyState   state;
} WaitState;

static gboolean
dialog_in_state (gpointer user_data)
{
  WaitState *wait = user_data;

  return sw_apply_dialog_get_state (wait->dialog) == wait->state;
}

static gboolean
dialog_has_steps (gpointer user_data)
{
  return sw_apply_dialog_get_n_steps (SW_APPLY_DIALOG (user_data)) > 0;
}

static gboolean
dialog_leaves_running (gpointer user_data)
{
  return sw_apply_dialog_get_state (SW_APPLY_DIALOG (user_data)) != SW_APPLY_STATE_RUNNING;
}

static void
test_apply_without_citus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestPg) pg = sw_test_pg_start (&error);
  g_autofree char *sql = woodgrove_sql ();
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autofree char *shot = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *namespaces = NULL;
  SwApplyDialog *dialog;

  g_assert_no_error (error);
  conninfo = sw_test_pg_create_database (pg, "shop", sql, &error);
  g_assert_no_error (error);
  schema = sw_test_read_live (conninfo, NULL);

  dialog = sw_apply_run_present (NULL, schema, plan, conninfo, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 780, 640);
  sw_ui_test_wait (dialog_has_steps, dialog, 30);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "“shop”"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.start", NULL));
  sw_ui_test_wait (dialog_leaves_running, dialog, 60);

  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_FAILED);
  g_assert_nonnull (strstr (sw_apply_dialog_get_error (dialog), "citus"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Nothing was changed on the database"));
  for (guint i = 0; i < sw_apply_dialog_get_n_steps (dialog); i++)
    g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, i), ==, SW_APPLY_STEP_PENDING);
  shot = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-8-no-citus");

  /* Nothing changed: the rows are all there, and no journal schema appeared. */
  rows = sw_test_query_value (conninfo, "SELECT count(*) FROM payment_events");
  g_assert_cmpstr (rows, ==, "5000");
  namespaces = sw_test_query_value (conninfo, "SELECT count(*) FROM pg_namespace WHERE nspname = 'shardwise'");
  g_assert_cmpstr (namespaces, ==, "0");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_apply_on_citus (void)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwTestCitus) citus = NULL;
  g_autofree char *sql = woodgrove_sql ();
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;
  g_autofree char *count = NULL;
  GListModel *rows;
  SwApplyDialog *dialog;
  WaitState wait;

  if (!sw_test_citus_available (&reason))
    {
      g_autofree char *message = g_strdup_printf ("citus suite skipped: %s", reason);
      g_test_skip (message);
      return;
    }

  citus = sw_test_citus_start (&error);
  g_assert_no_error (error);
  conninfo = sw_test_citus_create_database (citus, "woodgrove", sql, &error);
  g_assert_no_error (error);

  /* Open the live database, as the window does after Connect. */
  schema = sw_test_read_live (conninfo, NULL);
  g_assert_nonnull (schema);

  dialog = sw_apply_run_present (NULL, schema, plan, conninfo, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 780, 760);
  sw_ui_test_wait (dialog_has_steps, dialog, 30);
  /* Read live, the confirmation knows each table's size. */
  g_assert_null (sw_ui_test_find_label (GTK_WIDGET (dialog), "size unknown"));
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-live-1-confirm");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.start", NULL));
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_RUNNING);
  sw_ui_test_wait (dialog_leaves_running, dialog, 300);
  if (sw_apply_dialog_get_error (dialog) != NULL)
    g_test_message ("apply failed: %s", sw_apply_dialog_get_error (dialog));
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_DONE);

  /* The verify check: citus_tables as planned, and no row lost. */
  rows = sw_apply_dialog_get_verify_rows (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SwVerifyRow) row = g_list_model_get_item (rows, i);
      const char *table = sw_verify_row_get_table (row);

      g_test_message ("%s: %s %s %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT, table,
                      sw_verify_row_get_citus_table_type (row),
                      sw_verify_row_get_distribution_column (row),
                      sw_verify_row_get_rows_before (row), sw_verify_row_get_rows_after (row));
      g_assert_true (sw_verify_row_get_ok (row));
      if (g_str_has_suffix (table, "payment_events") || g_str_has_suffix (table, "payment_users"))
        {
          g_assert_cmpstr (sw_verify_row_get_citus_table_type (row), ==, "distributed");
          g_assert_cmpstr (sw_verify_row_get_distribution_column (row), ==, "user_id");
        }
      else
        g_assert_cmpstr (sw_verify_row_get_citus_table_type (row), ==, "reference");
      if (g_str_has_suffix (table, "payment_events"))
        g_assert_cmpint (sw_verify_row_get_rows_after (row), ==, 5000);
    }
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "verify check below passed"));
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-live-2-done");

  count = sw_test_query_value (conninfo, "SELECT count(*) FROM citus_tables");
  g_assert_cmpstr (count, ==, "4");
  g_clear_pointer (&count, g_free);

  /* The rollback button (its confirmation answered) runs the rollback script. */
  g_signal_emit_by_name (dialog, "response", "rollback");
  wait.dialog = dialog;
  wait.state = SW_APPLY_STATE_ROLLED_BACK;
  sw_ui_test_wait (dialog_leaves_running, dialog, 300);
  if (sw_apply_dialog_get_error (dialog) != NULL)
    g_test_message ("rollback failed: %s", sw_apply_dialog_get_error (dialog));
  g_assert_true (dialog_in_state (&wait));
  shot3 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-live-3-rolled-back");

  count = sw_test_query_value (conninfo, "SELECT count(*) FROM citus_tables WHERE citus_table_type <> 'local'");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  count = sw_test_query_value (conninfo, "SELECT count(*) FROM payment_events");
  g_assert_cmpstr (count, ==, "5000");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  if (g_strcmp0 (g_getenv ("SW_APPLY_LIVE_CASE"), "citus") == 0)
    g_test_add_func ("/Sw/ApplyLive/citus", test_apply_on_citus);
  else
    g_test_add_func ("/Sw/ApplyLive/without-citus", test_apply_without_citus);

  return g_test_run ();
}
