/* test-ddl-sorter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"

static guint
add (SwDdlSorter *sorter,
     SwDdlKind    kind,
     const char  *name,
     const char  *group)
{
  return sw_ddl_sorter_add (sorter, sw_ddl_object_new (kind, name, group, NULL, NULL));
}

static char *
names (GPtrArray *objects)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < objects->len; i++)
    {
      SwDdlObject *object = g_ptr_array_index (objects, i);

      g_string_append_printf (str, "%s%s", i > 0 ? " " : "", object->qualified_name);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
test_presort (void)
{
  g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Added in an order that is none of the rules. */
  add (sorter, SW_DDL_KIND_VALIDATE_FOREIGN_KEY, "v.fk", NULL);
  add (sorter, SW_DDL_KIND_DISTRIBUTED_TABLE, "b_member", "a_anchor");
  add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "z_ref", NULL);
  add (sorter, SW_DDL_KIND_COLOCATION_ANCHOR, "z_anchor", "z_anchor");
  add (sorter, SW_DDL_KIND_COLOCATION_ANCHOR, "a_anchor", "a_anchor");
  add (sorter, SW_DDL_KIND_DISTRIBUTED_TABLE, "a_member", "z_anchor");
  add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "a_ref", NULL);
  add (sorter, SW_DDL_KIND_SCHEMA_CHANGE, "fix", NULL);
  add (sorter, SW_DDL_KIND_ADD_FOREIGN_KEY, "v.fk", NULL);

  order = sw_ddl_sorter_presort (sorter);
  text = names (order);
  /* Kind priority, then each colocation group together with its anchor first. */
  g_assert_cmpstr (text, ==, "fix a_ref z_ref a_anchor b_member z_anchor a_member v.fk v.fk");
  g_assert_cmpint (((SwDdlObject *)g_ptr_array_index (order, 7))->kind, ==, SW_DDL_KIND_ADD_FOREIGN_KEY);

  /* No dependencies: the sort keeps the pre-sort exactly. */
  sorted = sw_ddl_sorter_sort (sorter, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = names (sorted);
  g_assert_cmpstr (text, ==, "fix a_ref z_ref a_anchor b_member z_anchor a_member v.fk v.fk");
}

static void
test_minimal_reordering (void)
{
  g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint a, c;

  a = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "a", NULL);
  add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "b", NULL);
  c = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "c", NULL);
  add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "d", NULL);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, a), c);

  sorted = sw_ddl_sorter_sort (sorter, &error);
  g_assert_no_error (error);
  text = names (sorted);
  /* Only c moves, to just before a (pg_dump's TopoSort gives the same). */
  g_assert_cmpstr (text, ==, "c a b d");
}

static void
test_random_dag (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240613);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
      g_autoptr(GPtrArray) sorted = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint *position = NULL;
      guint n = 50 + g_rand_int_range (rand, 0, 150);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("t%05u", g_rand_int_range (rand, 0, 100000));

          add (sorter, g_rand_int_range (rand, SW_DDL_KIND_REFERENCE_TABLE, SW_DDL_KIND_SINGLE_SHARD_TABLE + 1),
               name, NULL);
        }
      /* Edges only from higher to lower ids: no loops. */
      for (guint i = 1; i < n; i++)
        for (guint k = 0; k < 3; k++)
          sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, i), g_rand_int_range (rand, 0, i));

      sorted = sw_ddl_sorter_sort (sorter, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sorted->len, ==, n);

      position = g_new0 (guint, n);
      for (guint i = 0; i < n; i++)
        position[((SwDdlObject *)g_ptr_array_index (sorted, i))->id] = i;
      for (guint i = 0; i < n; i++)
        {
          SwDdlObject *object = sw_ddl_sorter_get_object (sorter, i);

          for (guint j = 0; j < object->deps->len; j++)
            g_assert_cmpuint (position[g_array_index (object->deps, guint, j)], <, position[i]);
        }
    }
}

static void
test_cycle (void)
{
  g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) cycle = NULL;
  g_autoptr(GError) error = NULL;
  guint a, b, c, d;

  d = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "d", NULL);
  a = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "a", NULL);
  b = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "b", NULL);
  c = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "c", NULL);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, a), b);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, b), c);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, c), a);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, d), a);

  sorted = sw_ddl_sorter_sort (sorter, &error);
  g_assert_null (sorted);
  g_assert_error (error, SW_DDL_SORTER_ERROR, SW_DDL_SORTER_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "reference table a"));

  cycle = sw_ddl_sorter_find_cycle (sorter);
  g_assert_nonnull (cycle);
  g_assert_cmpuint (cycle->len, ==, 3);
  for (guint i = 0; i < cycle->len; i++)
    {
      SwDdlObject *from = g_ptr_array_index (cycle, i);
      SwDdlObject *to = g_ptr_array_index (cycle, (i + 1) % cycle->len);

      g_assert_true (sw_ddl_object_depends_on (from, to->id));
      g_assert_cmpstr (from->qualified_name, !=, "d");
    }
  /* Found from the first object in pre-sort order: always the same answer. */
  g_assert_cmpstr (((SwDdlObject *)g_ptr_array_index (cycle, 0))->qualified_name, ==, "a");

  /* Without the back edge there is no loop. */
  g_array_set_size (sw_ddl_sorter_get_object (sorter, c)->deps, 0);
  g_clear_pointer (&cycle, g_ptr_array_unref);
  g_assert_null (sw_ddl_sorter_find_cycle (sorter));
}

static void
test_self_dependency_ignored (void)
{
  g_autoptr(SwDdlSorter) sorter = sw_ddl_sorter_new ();
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  guint a = add (sorter, SW_DDL_KIND_REFERENCE_TABLE, "a", NULL);

  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, a), a);
  sw_ddl_object_add_dep (sw_ddl_sorter_get_object (sorter, a), a);
  g_assert_cmpuint (sw_ddl_sorter_get_object (sorter, a)->deps->len, ==, 0);
  sorted = sw_ddl_sorter_sort (sorter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sorted->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/DdlSorter/presort", test_presort);
  g_test_add_func ("/Sw/DdlSorter/minimal-reordering", test_minimal_reordering);
  g_test_add_func ("/Sw/DdlSorter/random-dag", test_random_dag);
  g_test_add_func ("/Sw/DdlSorter/cycle", test_cycle);
  g_test_add_func ("/Sw/DdlSorter/self-dependency", test_self_dependency_ignored);

  return g_test_run ();
}
