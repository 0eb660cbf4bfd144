/* sw-trigger.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_TRIGGER (sw_trigger_get_type ())

G_DECLARE_FINAL_TYPE (SwTrigger, sw_trigger, SW, TRIGGER, GObject)

const char *         sw_trigger_get_name           (SwTrigger *self);
SwTriggerTiming      sw_trigger_get_timing         (SwTrigger *self);
guint                sw_trigger_get_events         (SwTrigger *self);
gboolean             sw_trigger_get_for_each_row   (SwTrigger *self);
const char *         sw_trigger_get_function       (SwTrigger *self);
const char * const * sw_trigger_get_arguments      (SwTrigger *self);
const char * const * sw_trigger_get_update_columns (SwTrigger *self);
const char *         sw_trigger_get_when_expr      (SwTrigger *self);
gboolean             sw_trigger_get_is_constraint  (SwTrigger *self);
gboolean             sw_trigger_get_enabled        (SwTrigger *self);

G_END_DECLS
