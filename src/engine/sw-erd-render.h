/* sw-erd-render.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"

G_BEGIN_DECLS

const char *sw_erd_format_for_path     (const char          *path);
const char *sw_erd_group_color         (int                  group);
gboolean    sw_erd_render_to_file      (SwSchema            *schema,
                                        SwPlan              *plan,
                                        GHashTable          *broken_edges,
                                        const char          *path,
                                        const char          *format,
                                        GCancellable        *cancellable,
                                        GError             **error);
void        sw_erd_render_to_file_async (SwSchema           *schema,
                                         SwPlan             *plan,
                                         GHashTable         *broken_edges,
                                         const char         *path,
                                         const char         *format,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean    sw_erd_render_to_file_finish (GAsyncResult      *result,
                                          GError           **error);

G_END_DECLS
