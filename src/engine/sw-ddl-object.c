/* sw-ddl-object.c
 *
 * One object for the DDL sorter: a migration step before it is ordered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-ddl-object"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-ddl-object.h"

#define DEP_SET_THRESHOLD 16

/**
 * sw_ddl_object_new:
 * @kind: what it is
 * @qualified_name: the object it is about
 * @group: (nullable): the sort group within its kind
 * @data: (nullable): what the caller attaches
 * @data_destroy: (nullable): frees @data
 *
 * Returns: (transfer full): a new object with no dependencies; the sorter
 *   gives it its id
 */
SwDdlObject *
sw_ddl_object_new (SwDdlKind       kind,
                   const char     *qualified_name,
                   const char     *group,
                   gpointer        data,
                   GDestroyNotify  data_destroy)
{
  SwDdlObject *object = g_new0 (SwDdlObject, 1);

  g_return_val_if_fail (qualified_name != NULL, NULL);

  object->kind = kind;
  object->id = G_MAXUINT;
  object->qualified_name = g_strdup (qualified_name);
  object->group = g_strdup (group);
  object->deps = g_array_new (FALSE, FALSE, sizeof (guint));
  object->data = data;
  object->data_destroy = data_destroy;

  return object;
}

void
sw_ddl_object_free (SwDdlObject *object)
{
  if (object == NULL)
    return;

  if (object->data_destroy != NULL && object->data != NULL)
    object->data_destroy (object->data);
  g_free (object->qualified_name);
  g_free (object->group);
  g_array_unref (object->deps);
  g_clear_pointer (&object->dep_set, g_hash_table_unref);
  g_free (object);
}

gboolean
sw_ddl_object_depends_on (SwDdlObject *object,
                          guint        id)
{
  g_return_val_if_fail (object != NULL, FALSE);

  if (object->dep_set != NULL)
    return g_hash_table_contains (object->dep_set, GUINT_TO_POINTER (id + 1));
  for (guint i = 0; i < object->deps->len; i++)
    if (g_array_index (object->deps, guint, i) == id)
      return TRUE;

  return FALSE;
}

/**
 * sw_ddl_object_add_dep:
 * @object: an object
 * @id: the id of an object that must come before @object
 *
 * Adds a dependency once; a second call with the same id does nothing.
 */
void
sw_ddl_object_add_dep (SwDdlObject *object,
                       guint        id)
{
  g_return_if_fail (object != NULL);

  if (id == object->id || sw_ddl_object_depends_on (object, id))
    return;
  g_array_append_val (object->deps, id);

  /* An object many others must precede (the last step of a big schema)
   * would make each addition scan them all. */
  if (object->dep_set == NULL && object->deps->len >= DEP_SET_THRESHOLD)
    {
      object->dep_set = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < object->deps->len; i++)
        g_hash_table_add (object->dep_set, GUINT_TO_POINTER (g_array_index (object->deps, guint, i) + 1));
    }
  else if (object->dep_set != NULL)
    g_hash_table_add (object->dep_set, GUINT_TO_POINTER (id + 1));
}

/**
 * sw_ddl_kind_to_string:
 * @kind: a kind
 *
 * Returns: the kind's stable name, as the journal and the JSON output spell it
 */
const char *
sw_ddl_kind_to_string (SwDdlKind kind)
{
  switch (kind)
    {
    case SW_DDL_KIND_SCHEMA_CHANGE: return "schema_change";
    case SW_DDL_KIND_DROP_FOREIGN_KEY: return "drop_foreign_key";
    case SW_DDL_KIND_DROP_TRIGGER: return "drop_trigger";
    case SW_DDL_KIND_REFERENCE_TABLE: return "reference_table";
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA: return "distributed_schema";
    case SW_DDL_KIND_COLOCATION_ANCHOR: return "colocation_anchor";
    case SW_DDL_KIND_DISTRIBUTED_TABLE: return "distributed_table";
    case SW_DDL_KIND_SINGLE_SHARD_TABLE: return "single_shard_table";
    case SW_DDL_KIND_POST_DATA_BOUNDARY: return "post_data_boundary";
    case SW_DDL_KIND_CREATE_TRIGGER: return "create_trigger";
    case SW_DDL_KIND_ADD_FOREIGN_KEY: return "add_foreign_key";
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY: return "validate_foreign_key";
    default: return "unknown";
    }
}

/**
 * sw_ddl_object_describe:
 * @object: an object
 *
 * Returns: (transfer full): the object in words, for messages (pg_dump's describeDumpableObject)
 */
char *
sw_ddl_object_describe (SwDdlObject *object)
{
  const char *name;

  g_return_val_if_fail (object != NULL, NULL);

  name = object->qualified_name;
  switch (object->kind)
    {
    case SW_DDL_KIND_SCHEMA_CHANGE:
      return g_strdup_printf (_("schema change %s"), name);
    case SW_DDL_KIND_DROP_FOREIGN_KEY:
      return g_strdup_printf (_("drop foreign key %s"), name);
    case SW_DDL_KIND_DROP_TRIGGER:
      return g_strdup_printf (_("drop trigger %s"), name);
    case SW_DDL_KIND_REFERENCE_TABLE:
      return g_strdup_printf (_("reference table %s"), name);
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA:
      return g_strdup_printf (_("distributed schema %s"), name);
    case SW_DDL_KIND_COLOCATION_ANCHOR:
      return g_strdup_printf (_("distributed table %s (colocation anchor)"), name);
    case SW_DDL_KIND_DISTRIBUTED_TABLE:
      return g_strdup_printf (_("distributed table %s"), name);
    case SW_DDL_KIND_SINGLE_SHARD_TABLE:
      return g_strdup_printf (_("single-shard table %s"), name);
    case SW_DDL_KIND_POST_DATA_BOUNDARY:
      return g_strdup (_("post-data boundary"));
    case SW_DDL_KIND_CREATE_TRIGGER:
      return g_strdup_printf (_("create trigger %s"), name);
    case SW_DDL_KIND_ADD_FOREIGN_KEY:
      return g_strdup_printf (_("add foreign key %s"), name);
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY:
      return g_strdup_printf (_("validate foreign key %s"), name);
    default:
      return g_strdup (name);
    }
}
