/* sw-identifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

gboolean  sw_identifier_needs_quotes (const char *ident);
char     *sw_quote_identifier        (const char *ident) G_GNUC_WARN_UNUSED_RESULT;
char     *sw_quote_qualified_name    (const char *schema_name,
                                      const char *name) G_GNUC_WARN_UNUSED_RESULT;
char     *sw_quote_literal           (const char *value) G_GNUC_WARN_UNUSED_RESULT;
gboolean  sw_split_qualified_name    (const char *qualified_name,
                                      char      **schema_name,
                                      char      **name);

G_END_DECLS
