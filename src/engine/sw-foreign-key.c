/* sw-foreign-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-foreign-key"

#include "config.h"

#include <math.h>

#include "sw-schema-private.h"

G_DEFINE_FINAL_TYPE (SwForeignKey, sw_foreign_key, G_TYPE_OBJECT)

static void
sw_foreign_key_finalize (GObject *object)
{
  SwForeignKey *self = (SwForeignKey *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->ref_table, g_free);
  g_clear_pointer (&self->ref_columns, g_strfreev);
  g_clear_pointer (&self->on_delete_set_columns, g_strfreev);

  G_OBJECT_CLASS (sw_foreign_key_parent_class)->finalize (object);
}

static void
sw_foreign_key_class_init (SwForeignKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_foreign_key_finalize;
}

static void
sw_foreign_key_init (SwForeignKey *self)
{
}

/**
 * _sw_foreign_key_new:
 *
 * Returns: (transfer full): an empty #SwForeignKey for a reader to fill.
 */
SwForeignKey *
_sw_foreign_key_new (void)
{
  return g_object_new (SW_TYPE_FOREIGN_KEY, NULL);
}

/**
 * sw_foreign_key_get_name:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the name
 */
const char *
sw_foreign_key_get_name (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return self->name;
}

/**
 * sw_foreign_key_get_table:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the referencing table's qualified name
 */
const char *
sw_foreign_key_get_table (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return self->table;
}

/**
 * sw_foreign_key_get_columns:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the columns
 */
const char * const *
sw_foreign_key_get_columns (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return (const char * const *)self->columns;
}

/**
 * sw_foreign_key_get_ref_table:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the referenced table's qualified name
 */
const char *
sw_foreign_key_get_ref_table (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return self->ref_table;
}

/**
 * sw_foreign_key_get_ref_columns:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the ref columns
 */
const char * const *
sw_foreign_key_get_ref_columns (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return (const char * const *)self->ref_columns;
}

/**
 * sw_foreign_key_get_on_delete:
 * @self: a #SwForeignKey
 *
 * Returns: the on delete
 */
SwFkAction
sw_foreign_key_get_on_delete (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), 0);

  return self->on_delete;
}

/**
 * sw_foreign_key_get_on_update:
 * @self: a #SwForeignKey
 *
 * Returns: the on update
 */
SwFkAction
sw_foreign_key_get_on_update (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), 0);

  return self->on_update;
}

/**
 * sw_foreign_key_get_on_delete_set_columns:
 * @self: a #SwForeignKey
 *
 * Returns: (transfer none) (nullable): the on delete set columns
 */
const char * const *
sw_foreign_key_get_on_delete_set_columns (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), NULL);

  return (const char * const *)self->on_delete_set_columns;
}

/**
 * sw_foreign_key_get_match:
 * @self: a #SwForeignKey
 *
 * Returns: the match
 */
SwFkMatch
sw_foreign_key_get_match (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), 0);

  return self->match;
}

/**
 * sw_foreign_key_get_deferrable:
 * @self: a #SwForeignKey
 *
 * Returns: the deferrable
 */
gboolean
sw_foreign_key_get_deferrable (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), FALSE);

  return self->deferrable;
}

/**
 * sw_foreign_key_get_initially_deferred:
 * @self: a #SwForeignKey
 *
 * Returns: the initially deferred
 */
gboolean
sw_foreign_key_get_initially_deferred (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), FALSE);

  return self->initially_deferred;
}

/**
 * sw_foreign_key_get_not_valid:
 * @self: a #SwForeignKey
 *
 * Returns: the not valid
 */
gboolean
sw_foreign_key_get_not_valid (SwForeignKey *self)
{
  g_return_val_if_fail (SW_IS_FOREIGN_KEY (self), FALSE);

  return self->not_valid;
}
