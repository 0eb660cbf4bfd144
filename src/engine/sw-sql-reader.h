/* sw-sql-reader.h
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

#define SW_SQL_ERROR (sw_sql_error_quark ())

/**
 * SwSqlError:
 * @SW_SQL_ERROR_SYNTAX: the parser rejected the file; the message carries line and column
 * @SW_SQL_ERROR_READ: the file could not be read
 * @SW_SQL_ERROR_ENCODING: the file is not valid UTF-8
 * @SW_SQL_ERROR_INVALID: the statements parse but contradict each other (e.g. ALTER of a
 *   table never created)
 */
typedef enum
{
  SW_SQL_ERROR_SYNTAX = 1,
  SW_SQL_ERROR_READ,
  SW_SQL_ERROR_ENCODING,
  SW_SQL_ERROR_INVALID,
} SwSqlError;

#define SW_TYPE_SQL_READER (sw_sql_reader_get_type ())

G_DECLARE_FINAL_TYPE (SwSqlReader, sw_sql_reader, SW, SQL_READER, GObject)

GQuark       sw_sql_error_quark               (void);
SwSqlReader *sw_sql_reader_new                (void) G_GNUC_WARN_UNUSED_RESULT;
SwSchema    *sw_sql_reader_load_string        (SwSqlReader          *self,
                                               const char           *sql,
                                               const char           *source_name,
                                               GError              **error);
SwSchema    *sw_sql_reader_load_file_sync     (SwSqlReader          *self,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GError              **error);
void         sw_sql_reader_load_file_async    (SwSqlReader          *self,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SwSchema    *sw_sql_reader_load_file_finish   (SwSqlReader          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
