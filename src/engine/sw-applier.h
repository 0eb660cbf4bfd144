/* sw-applier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-migration.h"
#include "sw-plan.h"

G_BEGIN_DECLS

#define SW_APPLIER_ERROR (sw_applier_error_quark ())

/**
 * SwApplierError:
 * @SW_APPLIER_ERROR_CONNECT: no connection to the coordinator
 * @SW_APPLIER_ERROR_NOT_CITUS: the server is not a Citus coordinator; nothing was changed
 * @SW_APPLIER_ERROR_SCHEMA_CHANGED: the live schema no longer matches the plan; nothing was changed
 * @SW_APPLIER_ERROR_STEP_FAILED: a step failed; the message has Citus's error and what was done
 * @SW_APPLIER_ERROR_ROW_COUNT: a table has a different number of rows after its move
 * @SW_APPLIER_ERROR_JOURNAL: the journal could not be read or written
 * @SW_APPLIER_ERROR_SETTINGS: the coordinator's settings do not allow what the
 *   migration asks (distributing concurrently); nothing was changed
 *
 * Errors of the applier.
 */
typedef enum
{
  SW_APPLIER_ERROR_CONNECT = 1,
  SW_APPLIER_ERROR_NOT_CITUS,
  SW_APPLIER_ERROR_SCHEMA_CHANGED,
  SW_APPLIER_ERROR_STEP_FAILED,
  SW_APPLIER_ERROR_ROW_COUNT,
  SW_APPLIER_ERROR_JOURNAL,
  SW_APPLIER_ERROR_SETTINGS,
} SwApplierError;

/**
 * SwApplierStepStatus:
 * @SW_APPLIER_STEP_PENDING: not run
 * @SW_APPLIER_STEP_DONE: run by this apply
 * @SW_APPLIER_STEP_SKIPPED: done before (by an earlier apply of the same plan)
 * @SW_APPLIER_STEP_FAILED: failed; the apply stopped there
 *
 * What happened to one step.
 */
typedef enum
{
  SW_APPLIER_STEP_PENDING,
  SW_APPLIER_STEP_DONE,
  SW_APPLIER_STEP_SKIPPED,
  SW_APPLIER_STEP_FAILED,
} SwApplierStepStatus;

#define SW_TYPE_APPLIER (sw_applier_get_type ())

G_DECLARE_FINAL_TYPE (SwApplier, sw_applier, SW, APPLIER, GObject)

GQuark               sw_applier_error_quark         (void);

SwApplier           *sw_applier_new                 (const char          *conninfo,
                                                     SwPlan              *plan) G_GNUC_WARN_UNUSED_RESULT;
void                 sw_applier_set_password        (SwApplier           *self,
                                                     const char          *password);
void                 sw_applier_set_flags           (SwApplier           *self,
                                                     SwMigrationFlags     flags);
void                 sw_applier_set_truncate_local  (SwApplier           *self,
                                                     gboolean             truncate_local);
void                 sw_applier_set_schema_changes  (SwApplier           *self,
                                                     GPtrArray           *schema_changes);
gboolean             sw_applier_run_sync            (SwApplier           *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void                 sw_applier_run_async           (SwApplier           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean             sw_applier_run_finish          (SwApplier           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
guint                sw_applier_get_n_steps         (SwApplier           *self);
SwMigrationStep     *sw_applier_get_step            (SwApplier           *self,
                                                     guint                position);
SwApplierStepStatus  sw_applier_get_step_status     (SwApplier           *self,
                                                     guint                position);
gint64               sw_applier_get_rows_before     (SwApplier           *self,
                                                     const char          *qualified_name);
gint64               sw_applier_get_rows_after      (SwApplier           *self,
                                                     const char          *qualified_name);
double               sw_applier_get_step_seconds    (SwApplier           *self,
                                                     guint                position);
gboolean             sw_applier_get_resumed         (SwApplier           *self);
GPtrArray           *sw_applier_get_diagnostics     (SwApplier           *self);

G_END_DECLS
