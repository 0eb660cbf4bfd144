/* sw-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-view"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwView, sw_view, G_TYPE_OBJECT)

static void
sw_view_finalize (GObject *object)
{
  SwView *self = (SwView *)object;

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->qualified_name, g_free);
  g_clear_pointer (&self->definition, g_free);
  g_clear_pointer (&self->depends_on, g_strfreev);

  G_OBJECT_CLASS (sw_view_parent_class)->finalize (object);
}

static void
sw_view_class_init (SwViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_view_finalize;
}

static void
sw_view_init (SwView *self)
{
}

/**
 * _sw_view_new:
 *
 * Returns: (transfer full): an empty #SwView for a reader to fill.
 */
SwView *
_sw_view_new (void)
{
  return g_object_new (SW_TYPE_VIEW, NULL);
}

/**
 * sw_view_get_schema_name:
 * @self: a #SwView
 *
 * Returns: (transfer none) (nullable): the schema name
 */
const char *
sw_view_get_schema_name (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), NULL);

  return self->schema_name;
}

/**
 * sw_view_get_name:
 * @self: a #SwView
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_view_get_name (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), NULL);

  return self->name;
}

/**
 * sw_view_get_qualified_name:
 * @self: a #SwView
 *
 * Returns: (transfer none) (nullable): the qualified name
 */
const char *
sw_view_get_qualified_name (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), NULL);

  return self->qualified_name;
}

/**
 * sw_view_get_materialized:
 * @self: a #SwView
 *
 * Returns: the materialized
 */
gboolean
sw_view_get_materialized (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), FALSE);

  return self->materialized;
}

/**
 * sw_view_get_definition:
 * @self: a #SwView
 *
 * Returns: (transfer none) (nullable): the definition
 */
const char *
sw_view_get_definition (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), NULL);

  return self->definition;
}

/**
 * sw_view_get_depends_on:
 * @self: a #SwView
 *
 * Returns: (transfer none) (nullable): qualified names of the tables and views it reads
 */
const char * const *
sw_view_get_depends_on (SwView *self)
{
  g_return_val_if_fail (SW_IS_VIEW (self), NULL);

  return (const char * const *)self->depends_on;
}
