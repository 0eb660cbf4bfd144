/* sw-pg-query.h
 *
 * Internal helpers around libpg_query's protobuf parse tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

G_BEGIN_DECLS

/* Called for every Node of a tree. Pre-order walks stop descending into a
 * node when the callback returns %FALSE; post-order walks ignore the result.
 */
typedef gboolean (*SwPgQueryWalkFunc) (PgQuery__Node *node,
                                       gpointer       user_data);

char       *_sw_pg_query_deparse_expr     (const PgQuery__Node *expr) G_GNUC_WARN_UNUSED_RESULT;
char       *_sw_pg_query_deparse_stmt     (const PgQuery__Node *stmt) G_GNUC_WARN_UNUSED_RESULT;
char       *_sw_sql_normalize_expr        (const char          *expr) G_GNUC_WARN_UNUSED_RESULT;
char       *_sw_pg_query_normalize_node   (const PgQuery__Node *expr) G_GNUC_WARN_UNUSED_RESULT;
void        _sw_pg_query_walk             (ProtobufCMessage    *message,
                                           gboolean             post_order,
                                           SwPgQueryWalkFunc    func,
                                           gpointer             user_data);
const char *_sw_pg_query_string           (const PgQuery__Node *node);
const char *_sw_pg_query_figure_colname   (const PgQuery__Node *node);

G_END_DECLS
