/* sw-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-index"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwIndex, sw_index, G_TYPE_OBJECT)

static void
sw_index_finalize (GObject *object)
{
  SwIndex *self = (SwIndex *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->access_method, g_free);
  g_clear_pointer (&self->keys, g_strfreev);
  g_clear_pointer (&self->key_is_expression, g_array_unref);
  g_clear_pointer (&self->include_columns, g_strfreev);
  g_clear_pointer (&self->predicate, g_free);
  g_clear_pointer (&self->definition, g_free);

  G_OBJECT_CLASS (sw_index_parent_class)->finalize (object);
}

static void
sw_index_class_init (SwIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_index_finalize;
}

static void
sw_index_init (SwIndex *self)
{
}

/**
 * _sw_index_new:
 *
 * Returns: (transfer full): an empty #SwIndex for a reader to fill.
 */
SwIndex *
_sw_index_new (void)
{
  return g_object_new (SW_TYPE_INDEX, NULL);
}

/**
 * sw_index_get_name:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_index_get_name (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return self->name;
}

/**
 * sw_index_get_unique:
 * @self: a #SwIndex
 *
 * Returns: the unique
 */
gboolean
sw_index_get_unique (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), FALSE);

  return self->unique;
}

/**
 * sw_index_get_access_method:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): the access method
 */
const char *
sw_index_get_access_method (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return self->access_method;
}

/**
 * sw_index_get_keys:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): one entry per key: a column name, or an expression
 */
const char * const *
sw_index_get_keys (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return (const char * const *)self->keys;
}

/**
 * sw_index_get_key_is_expression:
 * @self: a #SwIndex
 * @n_values: (out) (optional): the number of values
 *
 * Returns: (transfer none) (nullable): the key is expression
 */
const gboolean *
sw_index_get_key_is_expression (SwIndex *self,
                                guint *n_values)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  if (n_values != NULL)
    *n_values = self->key_is_expression ? self->key_is_expression->len : 0;
  return self->key_is_expression ? &g_array_index (self->key_is_expression, gboolean, 0) : NULL;
}

/**
 * sw_index_get_include_columns:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): the include columns
 */
const char * const *
sw_index_get_include_columns (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return (const char * const *)self->include_columns;
}

/**
 * sw_index_get_predicate:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): the predicate
 */
const char *
sw_index_get_predicate (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return self->predicate;
}

/**
 * sw_index_get_nulls_not_distinct:
 * @self: a #SwIndex
 *
 * Returns: the nulls not distinct
 */
gboolean
sw_index_get_nulls_not_distinct (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), FALSE);

  return self->nulls_not_distinct;
}

/**
 * sw_index_get_definition:
 * @self: a #SwIndex
 *
 * Returns: (transfer none) (nullable): the definition
 */
const char *
sw_index_get_definition (SwIndex *self)
{
  g_return_val_if_fail (SW_IS_INDEX (self), NULL);

  return self->definition;
}
