/* test-apply-dialog.c
 *
 * Every state of the apply dialog, driven as the applier drives it:
 * confirm, running, failed, resumed, done, stopped and rolled back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-apply-dialog.h"
#include "sw-verify-row.h"
#include "sw-ui-test-util.h"

static SwApplyDialog *
new_dialog (SwSchema **schema_out)
{
  g_autoptr(SwSchema) schema = sw_ui_test_woodgrove ();
  g_autoptr(SwPlan) plan = sw_ui_test_woodgrove_plan ();
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  SwApplyDialog *dialog;

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);

  dialog = sw_apply_dialog_new (NULL);
  sw_apply_dialog_set_target (dialog, "woodgrove", "127.0.0.1:5432");
  sw_apply_dialog_set_migration (dialog, schema, migration);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 780, 760);
  gtk_window_present (GTK_WINDOW (dialog));
  if (schema_out != NULL)
    *schema_out = g_steal_pointer (&schema);
  return dialog;
}

static void
record_response_cb (SwApplyDialog *dialog,
                    const char    *response,
                    GPtrArray     *responses)
{
  g_ptr_array_add (responses, g_strdup (response));
}

static GListModel *
woodgrove_verify_rows (gboolean lose_a_row)
{
  GListStore *store = g_list_store_new (SW_TYPE_VERIFY_ROW);
  g_autoptr(SwVerifyRow) a = sw_verify_row_new ("public.event_types", "reference", "reference", NULL, 1, 1, 12, 12);
  g_autoptr(SwVerifyRow) b = sw_verify_row_new ("public.payment_merchants", "reference", "reference", NULL, 1, 1, 2048, 2048);
  g_autoptr(SwVerifyRow) c = sw_verify_row_new ("public.payment_users", "distributed", "distributed", "user_id", 2, 32, 100000, 100000);
  g_autoptr(SwVerifyRow) d = sw_verify_row_new ("public.payment_events", "distributed", "distributed", "user_id", 2, 32,
                                                1250000, lose_a_row ? 1249999 : 1250000);

  g_list_store_append (store, a);
  g_list_store_append (store, b);
  g_list_store_append (store, c);
  g_list_store_append (store, d);
  return G_LIST_MODEL (store);
}

static void
test_apply_confirm (void)
{
  SwApplyDialog *dialog = new_dialog (NULL);
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shot = NULL;

  g_signal_connect (dialog, "response", G_CALLBACK (record_response_cb), responses);

  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_CONFIRM);
  g_assert_cmpuint (sw_apply_dialog_get_n_steps (dialog), >=, 4);
  g_assert_cmpint (sw_apply_dialog_estimate_usec (dialog), >, 0);
  /* It names the database, every moved table, and says writes are blocked. */
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "“woodgrove”"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "public.payment_events"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "public.event_types"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Blocked on 4 tables"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "4 tables, of unknown size"));
  shot = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-1-confirm");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.start", NULL));
  g_assert_cmpuint (responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (responses, 0), ==, "apply");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_apply_running_failed_resumed_done (void)
{
  SwApplyDialog *dialog = new_dialog (NULL);
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) rows = woodgrove_verify_rows (FALSE);
  g_autofree char *messages = NULL;
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;
  g_autofree char *shot4 = NULL;
  guint n = sw_apply_dialog_get_n_steps (dialog);

  g_signal_connect (dialog, "response", G_CALLBACK (record_response_cb), responses);

  /* Running: the first step done, the second running with a NOTICE. */
  sw_apply_dialog_begin (dialog, 0);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_RUNNING);
  g_assert_false (sw_apply_dialog_get_resumed (dialog));
  sw_apply_dialog_step_started (dialog, 0);
  sw_apply_dialog_step_finished (dialog, 0);
  sw_apply_dialog_step_started (dialog, 1);
  sw_apply_dialog_step_progress (dialog, 1, "Copying 2,048 rows");
  sw_apply_dialog_add_message (dialog, "NOTICE", "Copying data from local table...");
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 0), ==, SW_APPLY_STEP_DONE);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 1), ==, SW_APPLY_STEP_RUNNING);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 2), ==, SW_APPLY_STEP_PENDING);
  messages = sw_apply_dialog_dup_messages (dialog);
  g_assert_nonnull (strstr (messages, "NOTICE:  Copying data from local table..."));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Copying 2,048 rows"));
  /* Closing while running is refused: it would look like it stopped the steps. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-2-running");

  /* Failed at the third step: two done and kept, the rest not done. */
  sw_apply_dialog_step_finished (dialog, 1);
  sw_apply_dialog_step_started (dialog, 2);
  sw_apply_dialog_fail (dialog, 2,
                        "cannot distribute relation \"payment_users\": could not connect to worker 127.0.0.1:9702",
                        "The worker did not answer. Check that it runs, then resume.", TRUE);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_FAILED);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 2), ==, SW_APPLY_STEP_FAILED);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 1), ==, SW_APPLY_STEP_DONE);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, n - 1), ==, SW_APPLY_STEP_PENDING);
  g_assert_nonnull (strstr (sw_apply_dialog_get_error (dialog), "could not connect"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Step 3 of"));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "2 steps were done and are kept"));
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-3-failed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.resume", NULL));
  g_assert_cmpstr (g_ptr_array_index (responses, responses->len - 1), ==, "resume");

  /* Resumed: the journal says two steps were done. */
  sw_apply_dialog_begin (dialog, 2);
  g_assert_true (sw_apply_dialog_get_resumed (dialog));
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 0), ==, SW_APPLY_STEP_DONE_EARLIER);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 1), ==, SW_APPLY_STEP_DONE_EARLIER);
  g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, 2), ==, SW_APPLY_STEP_PENDING);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Resumed: the journal"));
  sw_apply_dialog_step_started (dialog, 2);
  shot3 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-4-resumed");

  /* Done, with the verify check as a table. */
  for (guint i = 2; i < n; i++)
    {
      sw_apply_dialog_step_started (dialog, i);
      sw_apply_dialog_step_finished (dialog, i);
    }
  sw_apply_dialog_finish (dialog, rows);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_DONE);
  g_assert_cmpuint (g_list_model_get_n_items (sw_apply_dialog_get_verify_rows (dialog)), ==, 4);
  g_assert_nonnull (sw_ui_test_find (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "verify check below passed"));
  g_assert_true (sw_ui_test_find_label (GTK_WIDGET (dialog), "1,250,000") != NULL ||
                 sw_ui_test_find_label (GTK_WIDGET (dialog), "1250000") != NULL);
  shot4 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-5-done");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_apply_done_with_lost_row (void)
{
  SwApplyDialog *dialog = new_dialog (NULL);
  g_autoptr(GListModel) rows = woodgrove_verify_rows (TRUE);
  g_autofree char *shot = NULL;

  sw_apply_dialog_begin (dialog, 0);
  sw_apply_dialog_finish (dialog, rows);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "1 table that is not as planned"));
  shot = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-5b-done-mismatch");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_apply_stop_and_roll_back (void)
{
  SwApplyDialog *dialog = new_dialog (NULL);
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;

  g_signal_connect (dialog, "response", G_CALLBACK (record_response_cb), responses);

  sw_apply_dialog_begin (dialog, 0);
  sw_apply_dialog_step_started (dialog, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.cancel", NULL));
  g_assert_cmpuint (responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (responses, 0), ==, "cancel");
  /* A second click does not ask twice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "apply.cancel", NULL));
  g_assert_cmpuint (responses->len, ==, 1);

  sw_apply_dialog_step_finished (dialog, 0);
  sw_apply_dialog_cancelled (dialog);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_FAILED);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "1 step was done"));
  shot1 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-6-stopped");

  sw_apply_dialog_begin_rollback (dialog);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_RUNNING);
  sw_apply_dialog_rolled_back (dialog);
  g_assert_cmpint (sw_apply_dialog_get_state (dialog), ==, SW_APPLY_STATE_ROLLED_BACK);
  shot2 = sw_ui_test_screenshot (GTK_WIDGET (dialog), "apply-7-rolled-back");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_apply_refused_before_first_step (void)
{
  SwApplyDialog *dialog = new_dialog (NULL);

  sw_apply_dialog_begin (dialog, 0);
  sw_apply_dialog_fail (dialog, -1, "Database “shop” has no citus extension.", NULL, FALSE);
  g_assert_nonnull (sw_ui_test_find_label (GTK_WIDGET (dialog), "Nothing was changed"));
  for (guint i = 0; i < sw_apply_dialog_get_n_steps (dialog); i++)
    g_assert_cmpint (sw_apply_dialog_get_step_state (dialog, i), ==, SW_APPLY_STEP_PENDING);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  sw_ui_test_init (&argc, &argv);

  g_test_add_func ("/Sw/ApplyDialog/confirm", test_apply_confirm);
  g_test_add_func ("/Sw/ApplyDialog/running-failed-resumed-done", test_apply_running_failed_resumed_done);
  g_test_add_func ("/Sw/ApplyDialog/done-with-lost-row", test_apply_done_with_lost_row);
  g_test_add_func ("/Sw/ApplyDialog/stop-and-roll-back", test_apply_stop_and_roll_back);
  g_test_add_func ("/Sw/ApplyDialog/refused-before-first-step", test_apply_refused_before_first_step);

  return g_test_run ();
}
