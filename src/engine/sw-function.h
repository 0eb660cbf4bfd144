/* sw-function.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_FUNCTION (sw_function_get_type ())

G_DECLARE_FINAL_TYPE (SwFunction, sw_function, SW, FUNCTION, GObject)

const char * sw_function_get_schema_name    (SwFunction *self);
const char * sw_function_get_name           (SwFunction *self);
const char * sw_function_get_qualified_name (SwFunction *self);
const char * sw_function_get_arguments      (SwFunction *self);
const char * sw_function_get_returns        (SwFunction *self);
const char * sw_function_get_language       (SwFunction *self);
const char * sw_function_get_definition     (SwFunction *self);

G_END_DECLS
