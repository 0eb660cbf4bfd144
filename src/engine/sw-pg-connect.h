/* sw-pg-connect.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_COMPILATION)
# error "sw-pg-connect.h is private to the engine."
#endif

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

PGconn *_sw_pg_connect (const char  *conninfo,
                        const char  *password,
                        const char  *application_name,
                        char       **message) G_GNUC_WARN_UNUSED_RESULT;

void    _sw_password_clear    (char       **password);
void    _sw_password_replace  (char       **password,
                               const char  *value);

G_END_DECLS
