/* sw-apply-run.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-apply-dialog.h"

G_BEGIN_DECLS

#define SW_TYPE_APPLY_RUN (sw_apply_run_get_type ())

G_DECLARE_FINAL_TYPE (SwApplyRun, sw_apply_run, SW, APPLY_RUN, GObject)

SwApplyDialog *sw_apply_run_present (GtkWindow  *parent,
                                     SwSchema   *schema,
                                     SwPlan     *plan,
                                     const char *conninfo,
                                     const char *password);

G_END_DECLS
