/* sw-source-style.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

void sw_source_view_setup (GtkSourceView *view,
                           const char    *language_id);

G_END_DECLS
