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

char *_sw_pg_query_deparse_expr (const PgQuery__Node *expr) G_GNUC_WARN_UNUSED_RESULT;
char *_sw_sql_normalize_expr    (const char          *expr) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
