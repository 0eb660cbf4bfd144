/* sw-foreign-key.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_FOREIGN_KEY (sw_foreign_key_get_type ())

G_DECLARE_FINAL_TYPE (SwForeignKey, sw_foreign_key, SW, FOREIGN_KEY, GObject)

const char *         sw_foreign_key_get_name                  (SwForeignKey *self);
const char *         sw_foreign_key_get_table                 (SwForeignKey *self);
const char * const * sw_foreign_key_get_columns               (SwForeignKey *self);
const char *         sw_foreign_key_get_ref_table             (SwForeignKey *self);
const char * const * sw_foreign_key_get_ref_columns           (SwForeignKey *self);
SwFkAction           sw_foreign_key_get_on_delete             (SwForeignKey *self);
SwFkAction           sw_foreign_key_get_on_update             (SwForeignKey *self);
const char * const * sw_foreign_key_get_on_delete_set_columns (SwForeignKey *self);
SwFkMatch            sw_foreign_key_get_match                 (SwForeignKey *self);
gboolean             sw_foreign_key_get_deferrable            (SwForeignKey *self);
gboolean             sw_foreign_key_get_initially_deferred    (SwForeignKey *self);
gboolean             sw_foreign_key_get_not_valid             (SwForeignKey *self);

G_END_DECLS
