/* sw-connect-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-window.h"

G_BEGIN_DECLS

#define SW_TYPE_CONNECT_DIALOG (sw_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SwConnectDialog, sw_connect_dialog, SW, CONNECT_DIALOG, AdwWindow)

SwConnectDialog *sw_connect_dialog_new            (SwWindow        *window,
                                                   const char      *conninfo) G_GNUC_WARN_UNUSED_RESULT;
char            *sw_connect_dialog_build_conninfo (const char      *host,
                                                   const char      *port,
                                                   const char      *dbname,
                                                   const char      *user) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
