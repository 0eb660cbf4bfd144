/* sw-constraint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_CONSTRAINT (sw_constraint_get_type ())

G_DECLARE_FINAL_TYPE (SwConstraint, sw_constraint, SW, CONSTRAINT, GObject)

const char *         sw_constraint_get_name               (SwConstraint *self);
SwConstraintKind     sw_constraint_get_kind               (SwConstraint *self);
const char * const * sw_constraint_get_columns            (SwConstraint *self);
const char * const * sw_constraint_get_include_columns    (SwConstraint *self);
const char *         sw_constraint_get_expression         (SwConstraint *self);
const char * const * sw_constraint_get_exclude_operators  (SwConstraint *self);
const char *         sw_constraint_get_access_method      (SwConstraint *self);
const char *         sw_constraint_get_predicate          (SwConstraint *self);
gboolean             sw_constraint_get_deferrable         (SwConstraint *self);
gboolean             sw_constraint_get_initially_deferred (SwConstraint *self);
gboolean             sw_constraint_get_not_valid          (SwConstraint *self);
gboolean             sw_constraint_get_no_inherit         (SwConstraint *self);
gboolean             sw_constraint_get_nulls_not_distinct (SwConstraint *self);
const char *         sw_constraint_get_definition         (SwConstraint *self);

G_END_DECLS
