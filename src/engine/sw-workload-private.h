/* sw-workload-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-pg-query.h"
#include "sw-workload.h"

G_BEGIN_DECLS

/* The parse tree of query @i (a RawStmt's stmt), owned by the workload. */
PgQuery__Node *_sw_workload_get_stmt (SwWorkload *self,
                                      guint       i);

G_END_DECLS
