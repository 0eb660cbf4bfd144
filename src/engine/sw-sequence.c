/* sw-sequence.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sequence"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwSequence, sw_sequence, G_TYPE_OBJECT)

static void
sw_sequence_finalize (GObject *object)
{
  SwSequence *self = (SwSequence *)object;

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->qualified_name, g_free);
  g_clear_pointer (&self->data_type, g_free);
  g_clear_pointer (&self->owned_by_table, g_free);
  g_clear_pointer (&self->owned_by_column, g_free);

  G_OBJECT_CLASS (sw_sequence_parent_class)->finalize (object);
}

static void
sw_sequence_class_init (SwSequenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_sequence_finalize;
}

static void
sw_sequence_init (SwSequence *self)
{
}

/**
 * _sw_sequence_new:
 *
 * Returns: (transfer full): an empty #SwSequence for a reader to fill.
 */
SwSequence *
_sw_sequence_new (void)
{
  return g_object_new (SW_TYPE_SEQUENCE, NULL);
}

/**
 * sw_sequence_get_schema_name:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the schema name
 */
const char *
sw_sequence_get_schema_name (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->schema_name;
}

/**
 * sw_sequence_get_name:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_sequence_get_name (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->name;
}

/**
 * sw_sequence_get_qualified_name:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the qualified name
 */
const char *
sw_sequence_get_qualified_name (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->qualified_name;
}

/**
 * sw_sequence_get_data_type:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the data type
 */
const char *
sw_sequence_get_data_type (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->data_type;
}

/**
 * sw_sequence_get_start:
 * @self: a #SwSequence
 *
 * Returns: the start
 */
gint64
sw_sequence_get_start (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->start;
}

/**
 * sw_sequence_get_increment:
 * @self: a #SwSequence
 *
 * Returns: the increment
 */
gint64
sw_sequence_get_increment (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->increment;
}

/**
 * sw_sequence_get_min_value:
 * @self: a #SwSequence
 *
 * Returns: the min value
 */
gint64
sw_sequence_get_min_value (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->min_value;
}

/**
 * sw_sequence_get_max_value:
 * @self: a #SwSequence
 *
 * Returns: the max value
 */
gint64
sw_sequence_get_max_value (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->max_value;
}

/**
 * sw_sequence_get_cache:
 * @self: a #SwSequence
 *
 * Returns: the cache
 */
gint64
sw_sequence_get_cache (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), 0);

  return self->cache;
}

/**
 * sw_sequence_get_cycle:
 * @self: a #SwSequence
 *
 * Returns: the cycle
 */
gboolean
sw_sequence_get_cycle (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), FALSE);

  return self->cycle;
}

/**
 * sw_sequence_get_owned_by_table:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the owned by table
 */
const char *
sw_sequence_get_owned_by_table (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->owned_by_table;
}

/**
 * sw_sequence_get_owned_by_column:
 * @self: a #SwSequence
 *
 * Returns: (transfer none) (nullable): the owned by column
 */
const char *
sw_sequence_get_owned_by_column (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), NULL);

  return self->owned_by_column;
}

/**
 * sw_sequence_get_identity:
 * @self: a #SwSequence
 *
 * Returns: whether the sequence backs an identity column
 */
gboolean
sw_sequence_get_identity (SwSequence *self)
{
  g_return_val_if_fail (SW_IS_SEQUENCE (self), FALSE);

  return self->identity;
}
