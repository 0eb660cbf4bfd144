/* sw-column.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_COLUMN (sw_column_get_type ())

G_DECLARE_FINAL_TYPE (SwColumn, sw_column, SW, COLUMN, GObject)

gint                 sw_column_get_attnum             (SwColumn *self);
const char *         sw_column_get_name               (SwColumn *self);
const char *         sw_column_get_type_name          (SwColumn *self);
const char *         sw_column_get_type_schema        (SwColumn *self);
const char *         sw_column_get_type_internal      (SwColumn *self);
SwTypeKind           sw_column_get_type_kind          (SwColumn *self);
gint                 sw_column_get_typmod             (SwColumn *self);
const char *         sw_column_get_collation          (SwColumn *self);
gboolean             sw_column_get_not_null           (SwColumn *self);
const char *         sw_column_get_default_expr       (SwColumn *self);
SwIdentityKind       sw_column_get_identity           (SwColumn *self);
const char *         sw_column_get_generated_expr     (SwColumn *self);
const char *         sw_column_get_comment            (SwColumn *self);
gboolean             sw_column_has_stats              (SwColumn *self);
double               sw_column_get_null_frac          (SwColumn *self);
double               sw_column_get_n_distinct         (SwColumn *self);
gint                 sw_column_get_avg_width          (SwColumn *self);
const char * const * sw_column_get_most_common_values (SwColumn *self);
const double *       sw_column_get_most_common_freqs  (SwColumn *self,
                                                       guint *n_values);

G_END_DECLS
