/* sw-keyring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      sw_keyring_store_async   (const char          *conninfo,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  sw_keyring_store_finish  (GAsyncResult        *result,
                                    GError             **error);
void      sw_keyring_lookup_async  (const char          *conninfo,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *sw_keyring_lookup_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
