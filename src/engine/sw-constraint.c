/* sw-constraint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-constraint"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwConstraint, sw_constraint, G_TYPE_OBJECT)

static void
sw_constraint_finalize (GObject *object)
{
  SwConstraint *self = (SwConstraint *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->include_columns, g_strfreev);
  g_clear_pointer (&self->expression, g_free);
  g_clear_pointer (&self->exclude_operators, g_strfreev);
  g_clear_pointer (&self->access_method, g_free);
  g_clear_pointer (&self->predicate, g_free);
  g_clear_pointer (&self->definition, g_free);

  G_OBJECT_CLASS (sw_constraint_parent_class)->finalize (object);
}

static void
sw_constraint_class_init (SwConstraintClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_constraint_finalize;
}

static void
sw_constraint_init (SwConstraint *self)
{
}

/**
 * _sw_constraint_new:
 *
 * Returns: (transfer full): an empty #SwConstraint for a reader to fill.
 */
SwConstraint *
_sw_constraint_new (void)
{
  return g_object_new (SW_TYPE_CONSTRAINT, NULL);
}

/**
 * sw_constraint_get_name:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_constraint_get_name (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return self->name;
}

/**
 * sw_constraint_get_kind:
 * @self: a #SwConstraint
 *
 * Returns: the kind
 */
SwConstraintKind
sw_constraint_get_kind (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), 0);

  return self->kind;
}

/**
 * sw_constraint_get_columns:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the key columns, or for CHECK the columns the expression uses
 */
const char * const *
sw_constraint_get_columns (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return (const char * const *)self->columns;
}

/**
 * sw_constraint_get_include_columns:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the include columns
 */
const char * const *
sw_constraint_get_include_columns (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return (const char * const *)self->include_columns;
}

/**
 * sw_constraint_get_expression:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the CHECK expression, or the EXCLUDE element list
 */
const char *
sw_constraint_get_expression (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return self->expression;
}

/**
 * sw_constraint_get_exclude_operators:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the exclude operators
 */
const char * const *
sw_constraint_get_exclude_operators (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return (const char * const *)self->exclude_operators;
}

/**
 * sw_constraint_get_access_method:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the access method
 */
const char *
sw_constraint_get_access_method (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return self->access_method;
}

/**
 * sw_constraint_get_predicate:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the predicate
 */
const char *
sw_constraint_get_predicate (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return self->predicate;
}

/**
 * sw_constraint_get_deferrable:
 * @self: a #SwConstraint
 *
 * Returns: the deferrable
 */
gboolean
sw_constraint_get_deferrable (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), FALSE);

  return self->deferrable;
}

/**
 * sw_constraint_get_initially_deferred:
 * @self: a #SwConstraint
 *
 * Returns: the initially deferred
 */
gboolean
sw_constraint_get_initially_deferred (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), FALSE);

  return self->initially_deferred;
}

/**
 * sw_constraint_get_not_valid:
 * @self: a #SwConstraint
 *
 * Returns: the not valid
 */
gboolean
sw_constraint_get_not_valid (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), FALSE);

  return self->not_valid;
}

/**
 * sw_constraint_get_no_inherit:
 * @self: a #SwConstraint
 *
 * Returns: the no inherit
 */
gboolean
sw_constraint_get_no_inherit (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), FALSE);

  return self->no_inherit;
}

/**
 * sw_constraint_get_nulls_not_distinct:
 * @self: a #SwConstraint
 *
 * Returns: the nulls not distinct
 */
gboolean
sw_constraint_get_nulls_not_distinct (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), FALSE);

  return self->nulls_not_distinct;
}

/**
 * sw_constraint_get_definition:
 * @self: a #SwConstraint
 *
 * Returns: (transfer none) (nullable): the constraint as the source wrote or the server printed it (display only)
 */
const char *
sw_constraint_get_definition (SwConstraint *self)
{
  g_return_val_if_fail (SW_IS_CONSTRAINT (self), NULL);

  return self->definition;
}
