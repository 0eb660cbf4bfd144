/* sw-ddl-object.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SwDdlKind:
 * @SW_DDL_KIND_SCHEMA_CHANGE: a change to the schema the plan needs first (an advisor fix)
 * @SW_DDL_KIND_DROP_FOREIGN_KEY: a foreign key dropped before the move, added back at the end
 * @SW_DDL_KIND_DROP_TRIGGER: a trigger dropped before its table moves, created again after
 * @SW_DDL_KIND_REFERENCE_TABLE: create_reference_table()
 * @SW_DDL_KIND_DISTRIBUTED_SCHEMA: citus_schema_distribute()
 * @SW_DDL_KIND_COLOCATION_ANCHOR: the table a colocation group is built around
 * @SW_DDL_KIND_DISTRIBUTED_TABLE: a distributed table colocated with its anchor
 * @SW_DDL_KIND_SINGLE_SHARD_TABLE: create_distributed_table() with a NULL column
 * @SW_DDL_KIND_POST_DATA_BOUNDARY: pseudo-object: everything after it runs once every table moved
 * @SW_DDL_KIND_CREATE_TRIGGER: a trigger created again on a moved table
 * @SW_DDL_KIND_ADD_FOREIGN_KEY: a dropped foreign key added back NOT VALID
 * @SW_DDL_KIND_VALIDATE_FOREIGN_KEY: VALIDATE CONSTRAINT of a foreign key added back
 *
 * The kinds of objects the DDL sorter orders. The order of this enumeration is
 * the kind priority of the pre-sort, as pg_dump_sort.c's dbObjectTypePriority.
 */
typedef enum
{
  SW_DDL_KIND_SCHEMA_CHANGE,
  SW_DDL_KIND_DROP_FOREIGN_KEY,
  SW_DDL_KIND_DROP_TRIGGER,
  SW_DDL_KIND_REFERENCE_TABLE,
  SW_DDL_KIND_DISTRIBUTED_SCHEMA,
  SW_DDL_KIND_COLOCATION_ANCHOR,
  SW_DDL_KIND_DISTRIBUTED_TABLE,
  SW_DDL_KIND_SINGLE_SHARD_TABLE,
  SW_DDL_KIND_POST_DATA_BOUNDARY,
  SW_DDL_KIND_CREATE_TRIGGER,
  SW_DDL_KIND_ADD_FOREIGN_KEY,
  SW_DDL_KIND_VALIDATE_FOREIGN_KEY,
} SwDdlKind;

typedef struct _SwDdlObject SwDdlObject;

/**
 * SwDdlObject:
 * @kind: what it is
 * @id: its dense id, the index of the object in the array given to the sorter
 * @qualified_name: the object it is about (a table, a schema, `table.constraint`)
 * @group: (nullable): the sort group within its kind: the anchor of a
 *   colocation group, so a group's tables stay together
 * @deps: (element-type guint): ids of the objects that must come before it
 * @data: (nullable): what the caller attached
 *
 * One object to order, in the shape pg_dump_sort.c gives its DumpableObject.
 */
struct _SwDdlObject
{
  SwDdlKind       kind;
  guint           id;
  char           *qualified_name;
  char           *group;
  GArray         *deps;
  gpointer        data;
  GDestroyNotify  data_destroy;

  /*< private >*/
  GHashTable     *dep_set;   /* the ids of @deps, once there are many */
};

SwDdlObject *sw_ddl_object_new        (SwDdlKind       kind,
                                       const char     *qualified_name,
                                       const char     *group,
                                       gpointer        data,
                                       GDestroyNotify  data_destroy) G_GNUC_WARN_UNUSED_RESULT;
void         sw_ddl_object_free       (SwDdlObject    *object);
void         sw_ddl_object_add_dep    (SwDdlObject    *object,
                                       guint           id);
gboolean     sw_ddl_object_depends_on (SwDdlObject    *object,
                                       guint           id);
char        *sw_ddl_object_describe   (SwDdlObject    *object) G_GNUC_WARN_UNUSED_RESULT;
const char  *sw_ddl_kind_to_string    (SwDdlKind       kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwDdlObject, sw_ddl_object_free)

G_END_DECLS
