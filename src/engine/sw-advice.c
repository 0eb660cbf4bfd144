/* sw-advice.c
 *
 * One piece of advice that comes with a recommended plan: a schema fix the
 * plan needs (with its DDL, to run before the plan is applied) or a warning
 * about the plan (skew, cardinality, a schema better left on one node).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-advice"

#include "config.h"

#include "sw-advice.h"

struct _SwAdvice
{
  GObject parent_instance;

  SwAdviceKind kind;
  char *table;
  char *ddl;
  char *reason;
};

G_DEFINE_FINAL_TYPE (SwAdvice, sw_advice, G_TYPE_OBJECT)

static void
sw_advice_finalize (GObject *object)
{
  SwAdvice *self = (SwAdvice *)object;

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->ddl, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (sw_advice_parent_class)->finalize (object);
}

static void
sw_advice_class_init (SwAdviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_advice_finalize;
}

static void
sw_advice_init (SwAdvice *self)
{
}

/**
 * sw_advice_kind_to_string:
 * @kind: a #SwAdviceKind
 *
 * Returns: a stable name for @kind, as JSON output uses it
 */
const char *
sw_advice_kind_to_string (SwAdviceKind kind)
{
  switch (kind)
    {
    case SW_ADVICE_KEY_FIX: return "key_fix";
    case SW_ADVICE_FOREIGN_KEY_FIX: return "foreign_key_fix";
    case SW_ADVICE_ADD_COLUMN: return "add_column";
    case SW_ADVICE_BIGINT: return "bigint";
    case SW_ADVICE_SETTING: return "setting";
    case SW_ADVICE_SKEW: return "skew";
    case SW_ADVICE_LOW_CARDINALITY: return "low_cardinality";
    case SW_ADVICE_SINGLE_NODE: return "single_node";
    case SW_ADVICE_NOTE: return "note";
    default: return "unknown";
    }
}

/**
 * sw_advice_new:
 * @kind: what the advice is about
 * @table: (nullable): the table it concerns, qualified
 * @ddl: (nullable): the DDL to run before the plan, for schema fixes
 * @reason: why, in plain words
 *
 * Returns: (transfer full): a new #SwAdvice
 */
SwAdvice *
sw_advice_new (SwAdviceKind  kind,
               const char   *table,
               const char   *ddl,
               const char   *reason)
{
  SwAdvice *self = g_object_new (SW_TYPE_ADVICE, NULL);

  self->kind = kind;
  self->table = g_strdup (table);
  self->ddl = g_strdup (ddl);
  self->reason = g_strdup (reason);
  return self;
}

/**
 * sw_advice_get_kind:
 * @self: a #SwAdvice
 *
 * Returns: what the advice is about
 */
SwAdviceKind
sw_advice_get_kind (SwAdvice *self)
{
  g_return_val_if_fail (SW_IS_ADVICE (self), SW_ADVICE_NOTE);
  return self->kind;
}

/**
 * sw_advice_get_table:
 * @self: a #SwAdvice
 *
 * Returns: (nullable): the qualified table the advice concerns
 */
const char *
sw_advice_get_table (SwAdvice *self)
{
  g_return_val_if_fail (SW_IS_ADVICE (self), NULL);
  return self->table;
}

/**
 * sw_advice_get_ddl:
 * @self: a #SwAdvice
 *
 * Returns: (nullable): complete SQL statements, each ending with `;`, to run
 *   before the plan is applied; %NULL for warnings
 */
const char *
sw_advice_get_ddl (SwAdvice *self)
{
  g_return_val_if_fail (SW_IS_ADVICE (self), NULL);
  return self->ddl;
}

/**
 * sw_advice_get_reason:
 * @self: a #SwAdvice
 *
 * Returns: why, in plain words (translated)
 */
const char *
sw_advice_get_reason (SwAdvice *self)
{
  g_return_val_if_fail (SW_IS_ADVICE (self), NULL);
  return self->reason;
}

/**
 * sw_advice_is_warning:
 * @self: a #SwAdvice
 *
 * Returns: %TRUE for skew and cardinality warnings
 */
gboolean
sw_advice_is_warning (SwAdvice *self)
{
  g_return_val_if_fail (SW_IS_ADVICE (self), FALSE);
  return self->kind == SW_ADVICE_SKEW || self->kind == SW_ADVICE_LOW_CARDINALITY;
}
