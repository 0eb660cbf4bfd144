/* sw-user-type.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_USER_TYPE (sw_user_type_get_type ())

G_DECLARE_FINAL_TYPE (SwUserType, sw_user_type, SW, USER_TYPE, GObject)

const char *         sw_user_type_get_schema_name    (SwUserType *self);
const char *         sw_user_type_get_name           (SwUserType *self);
const char *         sw_user_type_get_qualified_name (SwUserType *self);
SwUserTypeKind       sw_user_type_get_kind           (SwUserType *self);
const char * const * sw_user_type_get_labels         (SwUserType *self);
const char *         sw_user_type_get_base_type      (SwUserType *self);
gboolean             sw_user_type_get_not_null       (SwUserType *self);
const char *         sw_user_type_get_default_expr   (SwUserType *self);
const char * const * sw_user_type_get_checks         (SwUserType *self);
const char *         sw_user_type_get_collation      (SwUserType *self);

G_END_DECLS
