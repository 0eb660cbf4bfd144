/* sw-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

gboolean sw_file_set_contents (const char  *path,
                               const char  *contents,
                               gssize       length,
                               int          mode,
                               GError     **error);

G_END_DECLS
