/* sw-query-rows-private.h
 *
 * How SwQueryRunner fills a result; not public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-query-rows.h"

G_BEGIN_DECLS

SwQueryRows *_sw_query_rows_new            (gboolean       read_only,
                                                guint          row_limit) G_GNUC_WARN_UNUSED_RESULT;
void           _sw_query_rows_add_column     (SwQueryRows *self,
                                                const char    *name,
                                                guint32        type_oid,
                                                int            type_modifier);
void           _sw_query_rows_set_column_type (SwQueryRows *self,
                                                 guint          column,
                                                 const char    *type_name);
int            _sw_query_rows_get_column_type_modifier (SwQueryRows *self,
                                                          guint          column);
void           _sw_query_rows_add_row        (SwQueryRows *self,
                                                char         **values);
void           _sw_query_rows_set_truncated  (SwQueryRows *self,
                                                gboolean       truncated);
void           _sw_query_rows_set_command    (SwQueryRows *self,
                                                const char    *command_tag,
                                                gint64         rows_affected);

G_END_DECLS
