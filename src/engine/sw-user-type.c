/* sw-user-type.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-user-type"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwUserType, sw_user_type, G_TYPE_OBJECT)

static void
sw_user_type_finalize (GObject *object)
{
  SwUserType *self = (SwUserType *)object;

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->qualified_name, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->base_type, g_free);
  g_clear_pointer (&self->default_expr, g_free);
  g_clear_pointer (&self->checks, g_strfreev);
  g_clear_pointer (&self->collation, g_free);

  G_OBJECT_CLASS (sw_user_type_parent_class)->finalize (object);
}

static void
sw_user_type_class_init (SwUserTypeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_user_type_finalize;
}

static void
sw_user_type_init (SwUserType *self)
{
}

/**
 * _sw_user_type_new:
 *
 * Returns: (transfer full): an empty #SwUserType for a reader to fill.
 */
SwUserType *
_sw_user_type_new (void)
{
  return g_object_new (SW_TYPE_USER_TYPE, NULL);
}

/**
 * sw_user_type_get_schema_name:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the schema name
 */
const char *
sw_user_type_get_schema_name (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->schema_name;
}

/**
 * sw_user_type_get_name:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_user_type_get_name (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->name;
}

/**
 * sw_user_type_get_qualified_name:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the qualified name
 */
const char *
sw_user_type_get_qualified_name (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->qualified_name;
}

/**
 * sw_user_type_get_kind:
 * @self: a #SwUserType
 *
 * Returns: the kind
 */
SwUserTypeKind
sw_user_type_get_kind (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), 0);

  return self->kind;
}

/**
 * sw_user_type_get_labels:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the enum's labels in sort order
 */
const char * const *
sw_user_type_get_labels (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return (const char * const *)self->labels;
}

/**
 * sw_user_type_get_base_type:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the domain's base type, or the range's subtype
 */
const char *
sw_user_type_get_base_type (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->base_type;
}

/**
 * sw_user_type_get_not_null:
 * @self: a #SwUserType
 *
 * Returns: the not null
 */
gboolean
sw_user_type_get_not_null (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), FALSE);

  return self->not_null;
}

/**
 * sw_user_type_get_default_expr:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the default expr
 */
const char *
sw_user_type_get_default_expr (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->default_expr;
}

/**
 * sw_user_type_get_checks:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the checks
 */
const char * const *
sw_user_type_get_checks (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return (const char * const *)self->checks;
}

/**
 * sw_user_type_get_collation:
 * @self: a #SwUserType
 *
 * Returns: (transfer none) (nullable): the collation
 */
const char *
sw_user_type_get_collation (SwUserType *self)
{
  g_return_val_if_fail (SW_IS_USER_TYPE (self), NULL);

  return self->collation;
}
