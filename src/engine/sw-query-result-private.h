/* sw-query-result-private.h
 *
 * How SwQueryRunner fills a result; not public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-query-result.h"

G_BEGIN_DECLS

SwQueryResult *_sw_query_result_new            (gboolean       read_only,
                                                guint          row_limit) G_GNUC_WARN_UNUSED_RESULT;
void           _sw_query_result_add_column     (SwQueryResult *self,
                                                const char    *name,
                                                guint32        type_oid,
                                                int            type_modifier);
void           _sw_query_result_set_column_type (SwQueryResult *self,
                                                 guint          column,
                                                 const char    *type_name);
int            _sw_query_result_get_column_type_modifier (SwQueryResult *self,
                                                          guint          column);
void           _sw_query_result_add_row        (SwQueryResult *self,
                                                char         **values);
void           _sw_query_result_set_truncated  (SwQueryResult *self,
                                                gboolean       truncated);
void           _sw_query_result_set_command    (SwQueryResult *self,
                                                const char    *command_tag,
                                                gint64         rows_affected);

G_END_DECLS
