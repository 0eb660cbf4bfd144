/* sw-apply-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

/**
 * SwApplyState:
 * @SW_APPLY_STATE_CONFIRM: says what will change and waits for the user
 * @SW_APPLY_STATE_RUNNING: steps are running (or the rollback is)
 * @SW_APPLY_STATE_FAILED: a step failed, or the apply was cancelled or refused
 * @SW_APPLY_STATE_DONE: every step ran and the verify check is shown
 * @SW_APPLY_STATE_ROLLED_BACK: the rollback script ran
 *
 * What the apply dialog shows.
 */
typedef enum
{
  SW_APPLY_STATE_CONFIRM,
  SW_APPLY_STATE_RUNNING,
  SW_APPLY_STATE_FAILED,
  SW_APPLY_STATE_DONE,
  SW_APPLY_STATE_ROLLED_BACK,
} SwApplyState;

/**
 * SwApplyStepState:
 *
 * Where one step stands.
 */
typedef enum
{
  SW_APPLY_STEP_PENDING,
  SW_APPLY_STEP_RUNNING,
  SW_APPLY_STEP_DONE,
  SW_APPLY_STEP_DONE_EARLIER,
  SW_APPLY_STEP_FAILED,
} SwApplyStepState;

#define SW_TYPE_APPLY_DIALOG (sw_apply_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SwApplyDialog, sw_apply_dialog, SW, APPLY_DIALOG, AdwWindow)

SwApplyDialog   *sw_apply_dialog_new             (GtkWindow        *parent);
void             sw_apply_dialog_set_target      (SwApplyDialog    *self,
                                                  const char       *database,
                                                  const char       *server);
void             sw_apply_dialog_set_migration   (SwApplyDialog    *self,
                                                  SwSchema         *schema,
                                                  SwMigration      *migration);
SwMigration     *sw_apply_dialog_get_migration   (SwApplyDialog    *self);
SwApplyState     sw_apply_dialog_get_state       (SwApplyDialog    *self);
gboolean         sw_apply_dialog_get_resumed     (SwApplyDialog    *self);
guint            sw_apply_dialog_get_n_steps     (SwApplyDialog    *self);
SwApplyStepState sw_apply_dialog_get_step_state  (SwApplyDialog    *self,
                                                  guint             index);
const char      *sw_apply_dialog_get_error       (SwApplyDialog    *self);
char            *sw_apply_dialog_dup_messages    (SwApplyDialog    *self) G_GNUC_WARN_UNUSED_RESULT;
GListModel      *sw_apply_dialog_get_verify_rows (SwApplyDialog    *self);
gint64           sw_apply_dialog_estimate_usec   (SwApplyDialog    *self);

/* Driven by whoever runs the steps (SwApplyRun, or a test). */
void             sw_apply_dialog_begin           (SwApplyDialog    *self,
                                                  guint             n_done_earlier);
void             sw_apply_dialog_begin_rollback  (SwApplyDialog    *self);
void             sw_apply_dialog_set_steps       (SwApplyDialog    *self,
                                                  GPtrArray        *steps);
void             sw_apply_dialog_step_skipped    (SwApplyDialog    *self,
                                                  guint             index);
void             sw_apply_dialog_step_started    (SwApplyDialog    *self,
                                                  guint             index);
void             sw_apply_dialog_step_progress   (SwApplyDialog    *self,
                                                  guint             index,
                                                  const char       *detail);
void             sw_apply_dialog_step_finished   (SwApplyDialog    *self,
                                                  guint             index);
void             sw_apply_dialog_add_message     (SwApplyDialog    *self,
                                                  const char       *severity,
                                                  const char       *text);
void             sw_apply_dialog_fail            (SwApplyDialog    *self,
                                                  int               failed_step,
                                                  const char       *message,
                                                  const char       *detail,
                                                  gboolean          resumable);
void             sw_apply_dialog_cancelled       (SwApplyDialog    *self);
void             sw_apply_dialog_finish          (SwApplyDialog    *self,
                                                  GListModel       *verify_rows);
void             sw_apply_dialog_rolled_back     (SwApplyDialog    *self);

G_END_DECLS
