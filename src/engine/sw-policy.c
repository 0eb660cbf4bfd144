/* sw-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-policy"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwPolicy, sw_policy, G_TYPE_OBJECT)

static void
sw_policy_finalize (GObject *object)
{
  SwPolicy *self = (SwPolicy *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->roles, g_strfreev);
  g_clear_pointer (&self->using_expr, g_free);
  g_clear_pointer (&self->check_expr, g_free);

  G_OBJECT_CLASS (sw_policy_parent_class)->finalize (object);
}

static void
sw_policy_class_init (SwPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_policy_finalize;
}

static void
sw_policy_init (SwPolicy *self)
{
}

/**
 * _sw_policy_new:
 *
 * Returns: (transfer full): an empty #SwPolicy for a reader to fill.
 */
SwPolicy *
_sw_policy_new (void)
{
  return g_object_new (SW_TYPE_POLICY, NULL);
}

/**
 * sw_policy_get_name:
 * @self: a #SwPolicy
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_policy_get_name (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), NULL);

  return self->name;
}

/**
 * sw_policy_get_command:
 * @self: a #SwPolicy
 *
 * Returns: the command
 */
SwPolicyCommand
sw_policy_get_command (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), 0);

  return self->command;
}

/**
 * sw_policy_get_permissive:
 * @self: a #SwPolicy
 *
 * Returns: the permissive
 */
gboolean
sw_policy_get_permissive (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), FALSE);

  return self->permissive;
}

/**
 * sw_policy_get_roles:
 * @self: a #SwPolicy
 *
 * Returns: (transfer none) (nullable): the roles
 */
const char * const *
sw_policy_get_roles (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), NULL);

  return (const char * const *)self->roles;
}

/**
 * sw_policy_get_using_expr:
 * @self: a #SwPolicy
 *
 * Returns: (transfer none) (nullable): the using expr
 */
const char *
sw_policy_get_using_expr (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), NULL);

  return self->using_expr;
}

/**
 * sw_policy_get_check_expr:
 * @self: a #SwPolicy
 *
 * Returns: (transfer none) (nullable): the check expr
 */
const char *
sw_policy_get_check_expr (SwPolicy *self)
{
  g_return_val_if_fail (SW_IS_POLICY (self), NULL);

  return self->check_expr;
}
