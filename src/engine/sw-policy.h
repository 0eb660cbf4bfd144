/* sw-policy.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_POLICY (sw_policy_get_type ())

G_DECLARE_FINAL_TYPE (SwPolicy, sw_policy, SW, POLICY, GObject)

const char *         sw_policy_get_name       (SwPolicy *self);
SwPolicyCommand      sw_policy_get_command    (SwPolicy *self);
gboolean             sw_policy_get_permissive (SwPolicy *self);
const char * const * sw_policy_get_roles      (SwPolicy *self);
const char *         sw_policy_get_using_expr (SwPolicy *self);
const char *         sw_policy_get_check_expr (SwPolicy *self);

G_END_DECLS
