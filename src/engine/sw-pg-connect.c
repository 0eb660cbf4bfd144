/* sw-pg-connect.c
 *
 * One way for the engine's pieces to open a connection: the conninfo (or URI)
 * expanded in place, so PG* variables, service files and .pgpass apply as in
 * psql; a password kept apart from the conninfo, so it never shows in
 * messages; results in UTF-8 whatever the database's encoding; and the
 * piece's name in pg_stat_activity. The catalog reader keeps its own
 * variant, which adds a connect timeout and sorts failures by cause.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-pg-connect"

#include "config.h"

#include <string.h>

#include "sw-pg-connect.h"

/**
 * _sw_pg_connect:
 * @conninfo: a libpq conninfo or URI
 * @password: (nullable): a password to use, never part of @conninfo
 * @application_name: the fallback_application_name
 * @message: (out) (optional): on failure, libpq's message without its
 *   trailing newline
 *
 * Returns: (transfer full) (nullable): a connection in CONNECTION_OK, or %NULL
 */
PGconn *
_sw_pg_connect (const char  *conninfo,
                const char  *password,
                const char  *application_name,
                char       **message)
{
  const char *keywords[5];
  const char *values[5];
  guint n = 0;
  PGconn *conn;

  /* With expand_dbname, the conninfo in "dbname" is expanded in place: the
   * values after it win over what it says.
   */
  keywords[n] = "dbname"; values[n++] = conninfo != NULL ? conninfo : "";
  if (password != NULL)
    {
      keywords[n] = "password";
      values[n++] = password;
    }
  keywords[n] = "client_encoding"; values[n++] = "UTF8";
  keywords[n] = "fallback_application_name"; values[n++] = application_name;
  keywords[n] = NULL; values[n] = NULL;

  conn = PQconnectdbParams (keywords, values, TRUE);
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK)
    return conn;

  if (message != NULL)
    {
      *message = g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory");
      g_strchomp (*message);
    }
  g_clear_pointer (&conn, PQfinish);

  return NULL;
}

/**
 * _sw_password_clear:
 * @password: (inout) (nullable): where a password is kept
 *
 * Overwrites the password in memory before freeing it, so that it does not
 * linger in freed heap pages (core files, swap), and sets *@password to %NULL.
 */
void
_sw_password_clear (char **password)
{
  if (*password == NULL)
    return;

  explicit_bzero (*password, strlen (*password));
  g_clear_pointer (password, g_free);
}

/**
 * _sw_password_replace:
 * @password: (inout): where a password is kept
 * @value: (nullable): the new password; %NULL or empty for none
 *
 * Clears the password kept in *@password and keeps a copy of @value.
 */
void
_sw_password_replace (char       **password,
                      const char  *value)
{
  _sw_password_clear (password);
  if (value != NULL && value[0] != '\0')
    *password = g_strdup (value);
}
