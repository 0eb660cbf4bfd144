/* sw-erd-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_COMPILATION)
# error "This header is internal to the engine."
#endif

#include <graphviz/gvc.h>

G_BEGIN_DECLS

/* Graphviz is not thread safe: every use holds this, layouts and renderings alike. */
GVC_t *_sw_erd_graphviz_acquire (void);
void   _sw_erd_graphviz_release (void);
char  *_sw_erd_graphviz_dup_errors (void);

G_END_DECLS
