/* sw-query-rows.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_QUERY_ROWS (sw_query_rows_get_type ())

G_DECLARE_FINAL_TYPE (SwQueryRows, sw_query_rows, SW, QUERY_ROWS, GObject)

guint        sw_query_rows_get_n_columns        (SwQueryRows *self);
const char  *sw_query_rows_get_column_name      (SwQueryRows *self,
                                                   guint          column);
const char  *sw_query_rows_get_column_type      (SwQueryRows *self,
                                                   guint          column);
guint32      sw_query_rows_get_column_type_oid  (SwQueryRows *self,
                                                   guint          column);
guint        sw_query_rows_get_n_rows           (SwQueryRows *self);
const char  *sw_query_rows_get_value            (SwQueryRows *self,
                                                   guint          row,
                                                   guint          column);
gboolean     sw_query_rows_is_null              (SwQueryRows *self,
                                                   guint          row,
                                                   guint          column);
gboolean     sw_query_rows_get_truncated        (SwQueryRows *self);
guint        sw_query_rows_get_row_limit        (SwQueryRows *self);
gboolean     sw_query_rows_get_read_only        (SwQueryRows *self);
const char  *sw_query_rows_get_command_tag      (SwQueryRows *self);
gint64       sw_query_rows_get_rows_affected    (SwQueryRows *self);
char        *sw_query_rows_dup_summary          (SwQueryRows *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
