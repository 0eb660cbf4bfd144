/* sw-plan-edit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"

G_BEGIN_DECLS

gboolean sw_plan_edit_distribute   (SwPlan      *plan,
                                    SwSchema    *schema,
                                    const char  *table,
                                    const char  *column,
                                    GError     **error);
gboolean sw_plan_edit_colocate     (SwPlan      *plan,
                                    SwSchema    *schema,
                                    const char  *table,
                                    const char  *with,
                                    GError     **error);
char    *sw_plan_edit_guess_column (SwPlan      *plan,
                                    SwSchema    *schema,
                                    const char  *table,
                                    const char  *with) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
