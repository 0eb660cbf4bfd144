/* sw-column.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-column"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwColumn, sw_column, G_TYPE_OBJECT)

static void
sw_column_finalize (GObject *object)
{
  SwColumn *self = (SwColumn *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->type_schema, g_free);
  g_clear_pointer (&self->type_internal, g_free);
  g_clear_pointer (&self->collation, g_free);
  g_clear_pointer (&self->default_expr, g_free);
  g_clear_pointer (&self->generated_expr, g_free);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->most_common_values, g_strfreev);
  g_clear_pointer (&self->most_common_freqs, g_array_unref);

  G_OBJECT_CLASS (sw_column_parent_class)->finalize (object);
}

static void
sw_column_class_init (SwColumnClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_column_finalize;
}

static void
sw_column_init (SwColumn *self)
{
  self->null_frac = NAN;
  self->n_distinct = NAN;
}

/**
 * _sw_column_new:
 *
 * Returns: (transfer full): an empty #SwColumn for a reader to fill.
 */
SwColumn *
_sw_column_new (void)
{
  return g_object_new (SW_TYPE_COLUMN, NULL);
}

/**
 * sw_column_get_attnum:
 * @self: a #SwColumn
 *
 * Returns: the attnum
 */
gint
sw_column_get_attnum (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), 0);

  return self->attnum;
}

/**
 * sw_column_get_name:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_column_get_name (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->name;
}

/**
 * sw_column_get_type_name:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the type as format_type() prints it, user types schema-qualified
 */
const char *
sw_column_get_type_name (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->type_name;
}

/**
 * sw_column_get_type_schema:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the type schema
 */
const char *
sw_column_get_type_schema (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->type_schema;
}

/**
 * sw_column_get_type_internal:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): pg_type.typname, e.g. int8 or _text
 */
const char *
sw_column_get_type_internal (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->type_internal;
}

/**
 * sw_column_get_type_kind:
 * @self: a #SwColumn
 *
 * Returns: the type kind
 */
SwTypeKind
sw_column_get_type_kind (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), 0);

  return self->type_kind;
}

/**
 * sw_column_get_typmod:
 * @self: a #SwColumn
 *
 * Returns: the typmod
 */
gint
sw_column_get_typmod (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), 0);

  return self->typmod;
}

/**
 * sw_column_get_collation:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the collation when it differs from the type's default, else %NULL
 */
const char *
sw_column_get_collation (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->collation;
}

/**
 * sw_column_get_not_null:
 * @self: a #SwColumn
 *
 * Returns: the not null
 */
gboolean
sw_column_get_not_null (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), FALSE);

  return self->not_null;
}

/**
 * sw_column_get_default_expr:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the default expr
 */
const char *
sw_column_get_default_expr (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->default_expr;
}

/**
 * sw_column_get_identity:
 * @self: a #SwColumn
 *
 * Returns: the identity
 */
SwIdentityKind
sw_column_get_identity (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), 0);

  return self->identity;
}

/**
 * sw_column_get_generated_expr:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the generated expr
 */
const char *
sw_column_get_generated_expr (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->generated_expr;
}

/**
 * sw_column_get_comment:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the comment
 */
const char *
sw_column_get_comment (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return self->comment;
}

/**
 * sw_column_has_stats:
 * @self: a #SwColumn
 *
 * Returns: the has stats
 */
gboolean
sw_column_has_stats (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), FALSE);

  return self->has_stats;
}

/**
 * sw_column_get_null_frac:
 * @self: a #SwColumn
 *
 * Returns: the null frac
 */
double
sw_column_get_null_frac (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NAN);

  return self->null_frac;
}

/**
 * sw_column_get_n_distinct:
 * @self: a #SwColumn
 *
 * Returns: the n distinct
 */
double
sw_column_get_n_distinct (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NAN);

  return self->n_distinct;
}

/**
 * sw_column_get_avg_width:
 * @self: a #SwColumn
 *
 * Returns: the avg width
 */
gint
sw_column_get_avg_width (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), 0);

  return self->avg_width;
}

/**
 * sw_column_get_most_common_values:
 * @self: a #SwColumn
 *
 * Returns: (transfer none) (nullable): the most common values
 */
const char * const *
sw_column_get_most_common_values (SwColumn *self)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  return (const char * const *)self->most_common_values;
}

/**
 * sw_column_get_most_common_freqs:
 * @self: a #SwColumn
 * @n_values: (out) (optional): the number of values
 *
 * Returns: (transfer none) (nullable): the most common freqs
 */
const double *
sw_column_get_most_common_freqs (SwColumn *self,
                                 guint *n_values)
{
  g_return_val_if_fail (SW_IS_COLUMN (self), NULL);

  if (n_values != NULL)
    *n_values = self->most_common_freqs ? self->most_common_freqs->len : 0;
  return self->most_common_freqs ? &g_array_index (self->most_common_freqs, double, 0) : NULL;
}
