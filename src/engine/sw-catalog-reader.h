/* sw-catalog-reader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_CATALOG_ERROR (sw_catalog_error_quark ())

/**
 * SwCatalogError:
 * @SW_CATALOG_ERROR_CONNECT: the connection failed for another reason
 * @SW_CATALOG_ERROR_AUTH: the server refused the credentials (wrong password, no such role)
 * @SW_CATALOG_ERROR_UNREACHABLE: no server answers at that host and port
 * @SW_CATALOG_ERROR_NO_DATABASE: the database does not exist
 * @SW_CATALOG_ERROR_TLS: TLS was required and failed
 * @SW_CATALOG_ERROR_QUERY: a catalog query failed (dropped connection, permissions)
 * @SW_CATALOG_ERROR_UNSUPPORTED_SERVER: the server version is not supported
 * @SW_CATALOG_ERROR_INVALID_CONNINFO: the conninfo or URI does not parse
 */
typedef enum
{
  SW_CATALOG_ERROR_CONNECT = 1,
  SW_CATALOG_ERROR_AUTH,
  SW_CATALOG_ERROR_UNREACHABLE,
  SW_CATALOG_ERROR_NO_DATABASE,
  SW_CATALOG_ERROR_TLS,
  SW_CATALOG_ERROR_QUERY,
  SW_CATALOG_ERROR_UNSUPPORTED_SERVER,
  SW_CATALOG_ERROR_INVALID_CONNINFO,
} SwCatalogError;

#define SW_TYPE_CATALOG_READER (sw_catalog_reader_get_type ())

G_DECLARE_FINAL_TYPE (SwCatalogReader, sw_catalog_reader, SW, CATALOG_READER, GObject)

GQuark           sw_catalog_error_quark             (void);
SwCatalogReader *sw_catalog_reader_new              (const char           *conninfo) G_GNUC_WARN_UNUSED_RESULT;
const char      *sw_catalog_reader_get_conninfo     (SwCatalogReader      *self);
void             sw_catalog_reader_set_password     (SwCatalogReader      *self,
                                                     const char           *password);
guint            sw_catalog_reader_get_query_count  (SwCatalogReader      *self);
SwSchema        *sw_catalog_reader_load_sync        (SwCatalogReader      *self,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void             sw_catalog_reader_load_async       (SwCatalogReader      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SwSchema        *sw_catalog_reader_load_finish      (SwCatalogReader      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
char            *sw_conninfo_describe               (const char           *conninfo) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
