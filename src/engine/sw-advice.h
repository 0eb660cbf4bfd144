/* sw-advice.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

#include "sw-types.h"

G_BEGIN_DECLS

/**
 * SwAdviceKind:
 * @SW_ADVICE_KEY_FIX: a PRIMARY KEY, UNIQUE constraint or unique index gains the
 *   distribution column (DDL)
 * @SW_ADVICE_FOREIGN_KEY_FIX: a foreign key between colocated tables gains the
 *   distribution column (DDL)
 * @SW_ADVICE_ADD_COLUMN: a table gets the tenant column and its backfill along the
 *   foreign key path (DDL)
 * @SW_ADVICE_BIGINT: a serial or integer identity column becomes bigint (DDL)
 * @SW_ADVICE_SETTING: a Citus setting the plan needs in the migration session (DDL: a `SET`)
 * @SW_ADVICE_SKEW: warning: the distribution column's most common values load one shard
 *   more than 1.5 times the average
 * @SW_ADVICE_LOW_CARDINALITY: warning: the distribution column has fewer distinct
 *   values than 4 times the shard count
 * @SW_ADVICE_SINGLE_NODE: the schema is better left on one node; the reason says why
 * @SW_ADVICE_NOTE: anything else worth knowing about the plan
 *
 * What one piece of advice is about. The first four carry DDL that must run, in
 * the order the advisor gives them, before the plan's create_distributed_table()
 * calls: the migration generator runs sw_advice_get_ddl() of each of them first.
 */
typedef enum
{
  SW_ADVICE_KEY_FIX,
  SW_ADVICE_FOREIGN_KEY_FIX,
  SW_ADVICE_ADD_COLUMN,
  SW_ADVICE_BIGINT,
  SW_ADVICE_SETTING,
  SW_ADVICE_SKEW,
  SW_ADVICE_LOW_CARDINALITY,
  SW_ADVICE_SINGLE_NODE,
  SW_ADVICE_NOTE,
} SwAdviceKind;

const char *sw_advice_kind_to_string (SwAdviceKind kind);

#define SW_TYPE_ADVICE (sw_advice_get_type ())

G_DECLARE_FINAL_TYPE (SwAdvice, sw_advice, SW, ADVICE, GObject)

SwAdvice     *sw_advice_new         (SwAdviceKind  kind,
                                     const char   *table,
                                     const char   *ddl,
                                     const char   *reason) G_GNUC_WARN_UNUSED_RESULT;
SwAdviceKind  sw_advice_get_kind    (SwAdvice     *self);
const char   *sw_advice_get_table   (SwAdvice     *self);
const char   *sw_advice_get_ddl     (SwAdvice     *self);
const char   *sw_advice_get_reason  (SwAdvice     *self);
gboolean      sw_advice_is_warning  (SwAdvice     *self);

G_END_DECLS
