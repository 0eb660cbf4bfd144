/* sw-function.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-function"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwFunction, sw_function, G_TYPE_OBJECT)

static void
sw_function_finalize (GObject *object)
{
  SwFunction *self = (SwFunction *)object;

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->qualified_name, g_free);
  g_clear_pointer (&self->arguments, g_free);
  g_clear_pointer (&self->returns, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->definition, g_free);

  G_OBJECT_CLASS (sw_function_parent_class)->finalize (object);
}

static void
sw_function_class_init (SwFunctionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_function_finalize;
}

static void
sw_function_init (SwFunction *self)
{
}

/**
 * _sw_function_new:
 *
 * Returns: (transfer full): an empty #SwFunction for a reader to fill.
 */
SwFunction *
_sw_function_new (void)
{
  return g_object_new (SW_TYPE_FUNCTION, NULL);
}

/**
 * sw_function_get_schema_name:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the schema name
 */
const char *
sw_function_get_schema_name (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->schema_name;
}

/**
 * sw_function_get_name:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_function_get_name (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->name;
}

/**
 * sw_function_get_qualified_name:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the qualified name
 */
const char *
sw_function_get_qualified_name (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->qualified_name;
}

/**
 * sw_function_get_arguments:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the argument list as pg_get_function_identity_arguments() prints it
 */
const char *
sw_function_get_arguments (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->arguments;
}

/**
 * sw_function_get_returns:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the returns
 */
const char *
sw_function_get_returns (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->returns;
}

/**
 * sw_function_get_language:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): the language
 */
const char *
sw_function_get_language (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->language;
}

/**
 * sw_function_get_definition:
 * @self: a #SwFunction
 *
 * Returns: (transfer none) (nullable): a complete CREATE FUNCTION statement
 */
const char *
sw_function_get_definition (SwFunction *self)
{
  g_return_val_if_fail (SW_IS_FUNCTION (self), NULL);

  return self->definition;
}
