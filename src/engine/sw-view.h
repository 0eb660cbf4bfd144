/* sw-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_VIEW (sw_view_get_type ())

G_DECLARE_FINAL_TYPE (SwView, sw_view, SW, VIEW, GObject)

const char *         sw_view_get_schema_name    (SwView *self);
const char *         sw_view_get_name           (SwView *self);
const char *         sw_view_get_qualified_name (SwView *self);
gboolean             sw_view_get_materialized   (SwView *self);
const char *         sw_view_get_definition     (SwView *self);
const char * const * sw_view_get_depends_on     (SwView *self);

G_END_DECLS
