/* sw-trigger.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-trigger"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwTrigger, sw_trigger, G_TYPE_OBJECT)

static void
sw_trigger_finalize (GObject *object)
{
  SwTrigger *self = (SwTrigger *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->arguments, g_strfreev);
  g_clear_pointer (&self->update_columns, g_strfreev);
  g_clear_pointer (&self->when_expr, g_free);

  G_OBJECT_CLASS (sw_trigger_parent_class)->finalize (object);
}

static void
sw_trigger_class_init (SwTriggerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_trigger_finalize;
}

static void
sw_trigger_init (SwTrigger *self)
{
}

/**
 * _sw_trigger_new:
 *
 * Returns: (transfer full): an empty #SwTrigger for a reader to fill.
 */
SwTrigger *
_sw_trigger_new (void)
{
  return g_object_new (SW_TYPE_TRIGGER, NULL);
}

/**
 * sw_trigger_get_name:
 * @self: a #SwTrigger
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_trigger_get_name (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), NULL);

  return self->name;
}

/**
 * sw_trigger_get_timing:
 * @self: a #SwTrigger
 *
 * Returns: the timing
 */
SwTriggerTiming
sw_trigger_get_timing (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), 0);

  return self->timing;
}

/**
 * sw_trigger_get_events:
 * @self: a #SwTrigger
 *
 * Returns: the events
 */
guint
sw_trigger_get_events (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), 0);

  return self->events;
}

/**
 * sw_trigger_get_for_each_row:
 * @self: a #SwTrigger
 *
 * Returns: the for each row
 */
gboolean
sw_trigger_get_for_each_row (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), FALSE);

  return self->for_each_row;
}

/**
 * sw_trigger_get_function:
 * @self: a #SwTrigger
 *
 * Returns: (transfer none) (nullable): the trigger function's qualified name
 */
const char *
sw_trigger_get_function (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), NULL);

  return self->function;
}

/**
 * sw_trigger_get_arguments:
 * @self: a #SwTrigger
 *
 * Returns: (transfer none) (nullable): the arguments
 */
const char * const *
sw_trigger_get_arguments (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), NULL);

  return (const char * const *)self->arguments;
}

/**
 * sw_trigger_get_update_columns:
 * @self: a #SwTrigger
 *
 * Returns: (transfer none) (nullable): the update columns
 */
const char * const *
sw_trigger_get_update_columns (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), NULL);

  return (const char * const *)self->update_columns;
}

/**
 * sw_trigger_get_when_expr:
 * @self: a #SwTrigger
 *
 * Returns: (transfer none) (nullable): the when expr
 */
const char *
sw_trigger_get_when_expr (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), NULL);

  return self->when_expr;
}

/**
 * sw_trigger_get_is_constraint:
 * @self: a #SwTrigger
 *
 * Returns: the is constraint
 */
gboolean
sw_trigger_get_is_constraint (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), FALSE);

  return self->is_constraint;
}

/**
 * sw_trigger_get_enabled:
 * @self: a #SwTrigger
 *
 * Returns: the enabled
 */
gboolean
sw_trigger_get_enabled (SwTrigger *self)
{
  g_return_val_if_fail (SW_IS_TRIGGER (self), FALSE);

  return self->enabled;
}
