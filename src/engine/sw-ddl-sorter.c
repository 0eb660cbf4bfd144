/* sw-ddl-sorter.c
 *
 * Orders migration steps the way pg_dump_sort.c orders a dump: a deterministic
 * pre-sort by kind priority, then sort group, then name; then a topological
 * sort that keeps as much of the pre-sort as the dependencies allow. When the
 * dependencies loop, the sorter says which objects form the loop and the
 * caller repairs it (the migration drops one foreign key of the loop and adds
 * it back at the end) and sorts again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-ddl-sorter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-ddl-sorter.h"

struct _SwDdlSorter
{
  GObject parent_instance;

  /* Owned: SwDdlObject, indexed by id */
  GPtrArray *objects;
};

G_DEFINE_FINAL_TYPE (SwDdlSorter, sw_ddl_sorter, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-ddl-sorter-error-quark, sw_ddl_sorter_error)

/* The kind priority of the pre-sort. The three kinds of distributed tables
 * share one priority so that a colocation group's tables sort together (by
 * their group, the anchor), the anchor first. */
static guint
kind_priority (SwDdlKind kind)
{
  switch (kind)
    {
    case SW_DDL_KIND_SCHEMA_CHANGE: return 1;
    case SW_DDL_KIND_DROP_FOREIGN_KEY: return 2;
    case SW_DDL_KIND_DROP_TRIGGER: return 3;
    case SW_DDL_KIND_REFERENCE_TABLE: return 4;
    case SW_DDL_KIND_DISTRIBUTED_SCHEMA: return 5;
    case SW_DDL_KIND_COLOCATION_ANCHOR:
    case SW_DDL_KIND_DISTRIBUTED_TABLE:
    case SW_DDL_KIND_SINGLE_SHARD_TABLE:
      return 6;
    case SW_DDL_KIND_POST_DATA_BOUNDARY: return 7;
    case SW_DDL_KIND_CREATE_TRIGGER: return 8;
    case SW_DDL_KIND_ADD_FOREIGN_KEY: return 9;
    case SW_DDL_KIND_VALIDATE_FOREIGN_KEY: return 10;
    default: return 11;
    }
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  const SwDdlObject *oa = *(SwDdlObject * const *)a;
  const SwDdlObject *ob = *(SwDdlObject * const *)b;
  const char *ga = oa->group != NULL ? oa->group : oa->qualified_name;
  const char *gb = ob->group != NULL ? ob->group : ob->qualified_name;
  guint pa = kind_priority (oa->kind);
  guint pb = kind_priority (ob->kind);
  int cmp;

  if (pa != pb)
    return pa < pb ? -1 : 1;
  if ((cmp = strcmp (ga, gb)) != 0)
    return cmp;
  if (oa->kind != ob->kind)
    return oa->kind < ob->kind ? -1 : 1;
  if ((cmp = strcmp (oa->qualified_name, ob->qualified_name)) != 0)
    return cmp;
  /* Same kind and name (two steps on one table): creation order decides. */
  return oa->id < ob->id ? -1 : (oa->id > ob->id ? 1 : 0);
}

/* A binary max-heap of positions in the pre-sorted order (pg_dump's
 * binaryheap of pending items). */
static void
heap_push (GArray *heap,
           guint   value)
{
  guint i;

  g_array_append_val (heap, value);
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      guint *data = (guint *)heap->data;

      if (data[parent] >= data[i])
        break;
      data[parent] ^= data[i];
      data[i] ^= data[parent];
      data[parent] ^= data[i];
      i = parent;
    }
}

static guint
heap_pop (GArray *heap)
{
  guint *data = (guint *)heap->data;
  guint top = data[0];
  guint i = 0;

  data[0] = data[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  data = (guint *)heap->data;

  for (;;)
    {
      guint left = 2 * i + 1;
      guint right = left + 1;
      guint largest = i;
      guint tmp;

      if (left < heap->len && data[left] > data[largest])
        largest = left;
      if (right < heap->len && data[right] > data[largest])
        largest = right;
      if (largest == i)
        break;
      tmp = data[i];
      data[i] = data[largest];
      data[largest] = tmp;
      i = largest;
    }

  return top;
}

static void
sw_ddl_sorter_finalize (GObject *object)
{
  SwDdlSorter *self = (SwDdlSorter *)object;

  g_clear_pointer (&self->objects, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_ddl_sorter_parent_class)->finalize (object);
}

static void
sw_ddl_sorter_class_init (SwDdlSorterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_ddl_sorter_finalize;
}

static void
sw_ddl_sorter_init (SwDdlSorter *self)
{
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_ddl_object_free);
}

SwDdlSorter *
sw_ddl_sorter_new (void)
{
  return g_object_new (SW_TYPE_DDL_SORTER, NULL);
}

/**
 * sw_ddl_sorter_add:
 * @self: a #SwDdlSorter
 * @object: (transfer full): an object
 *
 * Adds @object and gives it the next dense id.
 *
 * Returns: the object's id
 */
guint
sw_ddl_sorter_add (SwDdlSorter *self,
                   SwDdlObject *object)
{
  g_return_val_if_fail (SW_IS_DDL_SORTER (self), G_MAXUINT);
  g_return_val_if_fail (object != NULL, G_MAXUINT);

  object->id = self->objects->len;
  g_ptr_array_add (self->objects, object);

  return object->id;
}

/**
 * sw_ddl_sorter_get_object:
 * @self: a #SwDdlSorter
 * @id: an id sw_ddl_sorter_add() returned
 *
 * Returns: (transfer none): the object
 */
SwDdlObject *
sw_ddl_sorter_get_object (SwDdlSorter *self,
                          guint        id)
{
  g_return_val_if_fail (SW_IS_DDL_SORTER (self), NULL);
  g_return_val_if_fail (id < self->objects->len, NULL);

  return g_ptr_array_index (self->objects, id);
}

guint
sw_ddl_sorter_get_n_objects (SwDdlSorter *self)
{
  g_return_val_if_fail (SW_IS_DDL_SORTER (self), 0);
  return self->objects->len;
}

/**
 * sw_ddl_sorter_presort:
 * @self: a #SwDdlSorter
 *
 * The deterministic order before dependencies are looked at: kind priority,
 * then group, then kind, then name (pg_dump's sortDumpableObjectsByTypeName).
 *
 * Returns: (transfer container) (element-type SwDdlObject): the objects, pre-sorted
 */
GPtrArray *
sw_ddl_sorter_presort (SwDdlSorter *self)
{
  GPtrArray *order;

  g_return_val_if_fail (SW_IS_DDL_SORTER (self), NULL);

  order = g_ptr_array_new_full (self->objects->len, NULL);
  for (guint i = 0; i < self->objects->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (self->objects, i));
  g_ptr_array_sort (order, compare_objects);

  return order;
}

/* Kahn's algorithm as pg_dump_sort.c's TopoSort() runs it: the output is
 * filled from the end, each time with the ready object that comes last in the
 * pre-sort, so objects move only as far as a dependency forces them to.
 * Returns how many objects could not be placed (0 when sorted). */
static guint
topo_sort (SwDdlSorter *self,
           GPtrArray   *order,
           GPtrArray   *output)
{
  guint n = order->len;
  g_autofree guint *before = g_new0 (guint, n);
  g_autofree guint *position = g_new0 (guint, n);
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (guint));
  guint remaining = n;

  g_ptr_array_set_size (output, n);

  for (guint i = 0; i < n; i++)
    {
      SwDdlObject *object = g_ptr_array_index (order, i);

      position[object->id] = i;
      for (guint j = 0; j < object->deps->len; j++)
        before[g_array_index (object->deps, guint, j)]++;
    }

  for (guint i = 0; i < n; i++)
    {
      SwDdlObject *object = g_ptr_array_index (order, i);

      if (before[object->id] == 0)
        heap_push (heap, i);
    }

  while (heap->len > 0)
    {
      SwDdlObject *object = g_ptr_array_index (order, heap_pop (heap));

      output->pdata[--remaining] = object;
      for (guint j = 0; j < object->deps->len; j++)
        {
          guint dep = g_array_index (object->deps, guint, j);

          if (--before[dep] == 0)
            heap_push (heap, position[dep]);
        }
    }

  return remaining;
}

/**
 * sw_ddl_sorter_sort:
 * @self: a #SwDdlSorter
 * @error: return location for a #GError
 *
 * Orders the objects so that each comes after everything it depends on,
 * moving as few as possible from their pre-sorted places.
 *
 * Returns: (transfer container) (element-type SwDdlObject): the sorted
 *   objects, or %NULL with %SW_DDL_SORTER_ERROR_CYCLE when the dependencies
 *   loop (sw_ddl_sorter_find_cycle() then names the loop)
 */
GPtrArray *
sw_ddl_sorter_sort (SwDdlSorter  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) output = NULL;

  g_return_val_if_fail (SW_IS_DDL_SORTER (self), NULL);

  order = sw_ddl_sorter_presort (self);
  output = g_ptr_array_new ();

  if (topo_sort (self, order, output) > 0)
    {
      g_autoptr(GPtrArray) cycle = sw_ddl_sorter_find_cycle (self);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; cycle != NULL && i < cycle->len; i++)
        {
          g_autofree char *description = sw_ddl_object_describe (g_ptr_array_index (cycle, i));

          if (i > 0)
            g_string_append (names, " → ");
          g_string_append (names, description);
        }
      g_set_error (error, SW_DDL_SORTER_ERROR, SW_DDL_SORTER_ERROR_CYCLE,
                   _("The steps depend on each other in a loop: %s"), names->str);
      return NULL;
    }

  return g_steal_pointer (&output);
}

enum { WHITE, GREY, BLACK };

static gboolean
find_loop (SwDdlSorter *self,
           guint        id,
           guint8      *colour,
           GArray      *stack,
           GPtrArray   *loop)
{
  SwDdlObject *object = g_ptr_array_index (self->objects, id);

  colour[id] = GREY;
  g_array_append_val (stack, id);

  for (guint j = 0; j < object->deps->len; j++)
    {
      guint dep = g_array_index (object->deps, guint, j);

      if (colour[dep] == GREY)
        {
          gboolean in_loop = FALSE;

          /* The loop is the part of the stack from dep to here. */
          for (guint k = 0; k < stack->len; k++)
            {
              guint member = g_array_index (stack, guint, k);

              if (member == dep)
                in_loop = TRUE;
              if (in_loop)
                g_ptr_array_add (loop, g_ptr_array_index (self->objects, member));
            }
          return TRUE;
        }
      if (colour[dep] == WHITE && find_loop (self, dep, colour, stack, loop))
        return TRUE;
    }

  g_array_set_size (stack, stack->len - 1);
  colour[id] = BLACK;

  return FALSE;
}

/**
 * sw_ddl_sorter_find_cycle:
 * @self: a #SwDdlSorter
 *
 * Finds one dependency loop by depth-first search, starting from the objects
 * in pre-sort order so the same input always names the same loop. Each object
 * of the result depends on the next one, and the last on the first.
 *
 * Returns: (transfer container) (element-type SwDdlObject) (nullable): the
 *   objects of the loop, or %NULL when there is none
 */
GPtrArray *
sw_ddl_sorter_find_cycle (SwDdlSorter *self)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autofree guint8 *colour = NULL;
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) loop = g_ptr_array_new ();

  g_return_val_if_fail (SW_IS_DDL_SORTER (self), NULL);

  order = sw_ddl_sorter_presort (self);
  colour = g_new0 (guint8, self->objects->len);

  for (guint i = 0; i < order->len; i++)
    {
      SwDdlObject *object = g_ptr_array_index (order, i);

      if (colour[object->id] == WHITE && find_loop (self, object->id, colour, stack, loop))
        return g_steal_pointer (&loop);
    }

  return NULL;
}
