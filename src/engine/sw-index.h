/* sw-index.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_INDEX (sw_index_get_type ())

G_DECLARE_FINAL_TYPE (SwIndex, sw_index, SW, INDEX, GObject)

const char *         sw_index_get_name               (SwIndex *self);
gboolean             sw_index_get_unique             (SwIndex *self);
const char *         sw_index_get_access_method      (SwIndex *self);
const char * const * sw_index_get_keys               (SwIndex *self);
const gboolean *     sw_index_get_key_is_expression  (SwIndex *self,
                                                      guint *n_values);
const char * const * sw_index_get_include_columns    (SwIndex *self);
const char *         sw_index_get_predicate          (SwIndex *self);
gboolean             sw_index_get_nulls_not_distinct (SwIndex *self);
const char *         sw_index_get_definition         (SwIndex *self);

G_END_DECLS
