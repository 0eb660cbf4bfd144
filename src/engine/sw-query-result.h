/* sw-query-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_QUERY_RESULT (sw_query_result_get_type ())

G_DECLARE_FINAL_TYPE (SwQueryResult, sw_query_result, SW, QUERY_RESULT, GObject)

guint        sw_query_result_get_n_columns        (SwQueryResult *self);
const char  *sw_query_result_get_column_name      (SwQueryResult *self,
                                                   guint          column);
const char  *sw_query_result_get_column_type      (SwQueryResult *self,
                                                   guint          column);
guint32      sw_query_result_get_column_type_oid  (SwQueryResult *self,
                                                   guint          column);
guint        sw_query_result_get_n_rows           (SwQueryResult *self);
const char  *sw_query_result_get_value            (SwQueryResult *self,
                                                   guint          row,
                                                   guint          column);
gboolean     sw_query_result_is_null              (SwQueryResult *self,
                                                   guint          row,
                                                   guint          column);
gboolean     sw_query_result_get_truncated        (SwQueryResult *self);
guint        sw_query_result_get_row_limit        (SwQueryResult *self);
gboolean     sw_query_result_get_read_only        (SwQueryResult *self);
const char  *sw_query_result_get_command_tag      (SwQueryResult *self);
gint64       sw_query_result_get_rows_affected    (SwQueryResult *self);
char        *sw_query_result_dup_summary          (SwQueryResult *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
