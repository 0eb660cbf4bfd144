/* test-erd-layout.c
 *
 * The ERD layout: boxes that do not overlap, edges that join the boxes of
 * their tables, colocation frames around their tables, the reference band on
 * top, positions from the plan, the same answer every time, async and cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static const char *shop_sql =
  "CREATE TABLE countries (code text PRIMARY KEY, name text);\n"
  "CREATE TABLE customers (id bigint PRIMARY KEY, country text REFERENCES countries, name text);\n"
  "CREATE TABLE orders (customer_id bigint REFERENCES customers, id bigint, total numeric,\n"
  "  PRIMARY KEY (customer_id, id));\n"
  "CREATE TABLE order_lines (customer_id bigint, order_id bigint, line int, sku text,\n"
  "  PRIMARY KEY (customer_id, order_id, line),\n"
  "  FOREIGN KEY (customer_id, order_id) REFERENCES orders);\n"
  "CREATE TABLE employees (id int PRIMARY KEY, manager int REFERENCES employees);\n"
  "CREATE TABLE audit_log (id bigserial PRIMARY KEY, what text);\n"
  "CREATE TABLE \"Odd \"\"Name\" (\"ID\" int PRIMARY KEY, customer bigint REFERENCES customers);\n";

static SwPlan *
shop_plan (void)
{
  SwPlan *plan = sw_plan_new ();

  sw_plan_set_reference (plan, "public.countries");
  sw_plan_set_distributed (plan, "public.customers", "id", NULL, 0);
  sw_plan_set_distributed (plan, "public.orders", "customer_id", "public.customers", 0);
  sw_plan_set_distributed (plan, "public.order_lines", "customer_id", "public.orders", 0);
  sw_plan_set_distributed (plan, "public.employees", "id", "none", 0);
  sw_plan_set_local (plan, "public.audit_log");
  return plan;
}

static gboolean
boxes_overlap (const SwErdNode *a,
               const SwErdNode *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static double
distance_to_box (const SwErdNode *node,
                 double           x,
                 double           y)
{
  double dx = MAX (MAX (node->x - x, 0), x - (node->x + node->width));
  double dy = MAX (MAX (node->y - y, 0), y - (node->y + node->height));

  return sqrt (dx * dx + dy * dy);
}

static void
check_layout (SwErdLayout *layout)
{
  GPtrArray *nodes = sw_erd_layout_get_nodes (layout);
  GPtrArray *edges = sw_erd_layout_get_edges (layout);
  GPtrArray *clusters = sw_erd_layout_get_clusters (layout);
  double bx, by, bw, bh;

  sw_erd_layout_get_bounds (layout, &bx, &by, &bw, &bh);

  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *a = g_ptr_array_index (nodes, i);

      g_assert_cmpfloat (a->width, >=, sw_erd_layout_get_options (layout)->min_width);
      g_assert_cmpfloat (a->height, >, 0);
      g_assert_cmpfloat (a->x, >=, bx);
      g_assert_cmpfloat (a->y, >=, by);
      g_assert_cmpfloat (a->x + a->width, <=, bx + bw);
      g_assert_cmpfloat (a->y + a->height, <=, by + bh);

      for (guint j = i + 1; j < nodes->len; j++)
        g_assert_false (boxes_overlap (a, g_ptr_array_index (nodes, j)));

      if (a->group >= 0)
        {
          SwErdCluster *cluster = g_ptr_array_index (clusters, a->group);

          g_assert_cmpfloat (a->x, >=, cluster->x);
          g_assert_cmpfloat (a->y, >=, cluster->y);
          g_assert_cmpfloat (a->x + a->width, <=, cluster->x + cluster->width);
          g_assert_cmpfloat (a->y + a->height, <=, cluster->y + cluster->height);
        }
    }

  for (guint i = 0; i < edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (edges, i);
      SwErdNode *from = sw_erd_layout_lookup_node (layout, edge->table);
      SwErdNode *to = sw_erd_layout_lookup_node (layout, edge->ref_table);
      guint n = edge->points->len;

      g_assert_nonnull (from);
      g_assert_nonnull (to);
      /* A start point and whole Bézier segments. */
      g_assert_cmpuint (n, >=, 8);
      g_assert_cmpuint ((n / 2 - 1) % 3, ==, 0);
      g_assert_cmpfloat (distance_to_box (from, g_array_index (edge->points, double, 0),
                                          g_array_index (edge->points, double, 1)), <, 2.0);
      g_assert_cmpfloat (distance_to_box (to, edge->arrow_x, edge->arrow_y), <, 2.0);
    }
}

static SwErdLayout *
compute (SwSchema        *schema,
         SwPlan          *plan,
         SwErdLayoutMode  mode)
{
  SwErdLayoutOptions options;
  g_autoptr(GError) error = NULL;
  SwErdLayout *layout;

  sw_erd_layout_options_init (&options);
  options.mode = mode;
  layout = sw_erd_layout_compute (schema, plan, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  return layout;
}

static void
test_no_plan (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (shop_sql);
  g_autoptr(SwErdLayout) layout = compute (schema, NULL, SW_ERD_LAYOUT_DOT);
  GPtrArray *nodes = sw_erd_layout_get_nodes (layout);

  g_assert_cmpuint (nodes->len, ==, 7);
  g_assert_cmpuint (sw_erd_layout_get_edges (layout)->len, ==, 5);
  g_assert_cmpuint (sw_erd_layout_get_clusters (layout)->len, ==, 0);
  g_assert_false (sw_erd_layout_get_reference_band (layout, NULL, NULL, NULL, NULL));
  for (guint i = 0; i < nodes->len; i++)
    g_assert_cmpint (((SwErdNode *) g_ptr_array_index (nodes, i))->kind, ==, SW_ERD_NODE_LOCAL);
  g_assert_nonnull (sw_erd_layout_lookup_node (layout, "public.\"Odd \"\"Name\""));
  check_layout (layout);
}

static void
test_plan_kinds_and_groups (gconstpointer data)
{
  SwErdLayoutMode mode = GPOINTER_TO_INT (data);
  g_autoptr(SwSchema) schema = sw_test_read_sql (shop_sql);
  g_autoptr(SwPlan) plan = shop_plan ();
  g_autoptr(SwErdLayout) layout = compute (schema, plan, mode);
  SwErdNode *countries = sw_erd_layout_lookup_node (layout, "public.countries");
  SwErdNode *customers = sw_erd_layout_lookup_node (layout, "public.customers");
  SwErdNode *orders = sw_erd_layout_lookup_node (layout, "public.orders");
  SwErdNode *lines = sw_erd_layout_lookup_node (layout, "public.order_lines");
  SwErdNode *employees = sw_erd_layout_lookup_node (layout, "public.employees");
  SwErdNode *audit = sw_erd_layout_lookup_node (layout, "public.audit_log");
  GPtrArray *clusters = sw_erd_layout_get_clusters (layout);
  double x, y, w, h;

  g_assert_cmpint (countries->kind, ==, SW_ERD_NODE_REFERENCE);
  g_assert_cmpint (customers->kind, ==, SW_ERD_NODE_DISTRIBUTED);
  g_assert_cmpint (audit->kind, ==, SW_ERD_NODE_LOCAL);
  g_assert_cmpint (audit->group, ==, -1);
  g_assert_cmpint (countries->group, ==, -1);

  /* customers, orders and order_lines are one group; employees is alone. */
  g_assert_cmpuint (clusters->len, ==, 2);
  g_assert_cmpint (customers->group, >=, 0);
  g_assert_cmpint (orders->group, ==, customers->group);
  g_assert_cmpint (lines->group, ==, customers->group);
  g_assert_cmpint (employees->group, !=, customers->group);
  g_assert_cmpstr (((SwErdCluster *) g_ptr_array_index (clusters, customers->group))->label, ==,
                   "public.customers");
  g_assert_cmpuint (((SwErdCluster *) g_ptr_array_index (clusters, customers->group))->n_tables,
                    ==, 3);

  /* The band holds the reference table and lies above everything else. */
  g_assert_true (sw_erd_layout_get_reference_band (layout, &x, &y, &w, &h));
  g_assert_cmpfloat (countries->y, >=, y);
  g_assert_cmpfloat (countries->y + countries->height, <=, y + h);
  for (guint i = 0; i < sw_erd_layout_get_nodes (layout)->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (sw_erd_layout_get_nodes (layout), i);

      if (node->kind != SW_ERD_NODE_REFERENCE)
        g_assert_cmpfloat (node->y, >=, y + h);
    }

  if (mode == SW_ERD_LAYOUT_DOT)
    {
      /* dot puts a referenced table above the tables that reference it. */
      g_assert_cmpfloat (customers->y + customers->height, <, orders->y);
      g_assert_cmpfloat (orders->y + orders->height, <, lines->y);
    }

  check_layout (layout);
}

static void
test_distributed_schema (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE SCHEMA tenant_a;\n"
    "CREATE TABLE tenant_a.users (id int PRIMARY KEY);\n"
    "CREATE TABLE tenant_a.posts (id int PRIMARY KEY, author int REFERENCES tenant_a.users);\n"
    "CREATE TABLE public.settings (k text PRIMARY KEY, v text);\n");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwErdLayout) layout = NULL;
  SwErdNode *users, *posts;
  SwErdCluster *cluster;

  sw_plan_set_schema_distributed (plan, "tenant_a", TRUE);
  layout = compute (schema, plan, SW_ERD_LAYOUT_AUTO);
  users = sw_erd_layout_lookup_node (layout, "tenant_a.users");
  posts = sw_erd_layout_lookup_node (layout, "tenant_a.posts");

  g_assert_cmpint (users->kind, ==, SW_ERD_NODE_DISTRIBUTED_SCHEMA);
  g_assert_cmpint (posts->group, ==, users->group);
  cluster = g_ptr_array_index (sw_erd_layout_get_clusters (layout), users->group);
  g_assert_cmpstr (cluster->label, ==, "tenant_a");
  g_assert_cmpint (cluster->kind, ==, SW_ERD_NODE_DISTRIBUTED_SCHEMA);
  g_assert_cmpint (sw_erd_layout_lookup_node (layout, "public.settings")->kind, ==,
                   SW_ERD_NODE_LOCAL);
  check_layout (layout);
}

static void
test_positions_from_plan (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (shop_sql);
  g_autoptr(SwPlan) plan = shop_plan ();
  g_autoptr(SwErdLayout) layout = NULL;
  SwErdNode *node;
  SwErdEdge *edge = NULL;

  sw_plan_set_position (plan, "public.audit_log", 5000.0, -700.0);
  layout = compute (schema, plan, SW_ERD_LAYOUT_DOT);
  node = sw_erd_layout_lookup_node (layout, "public.audit_log");
  g_assert_true (node->pinned);
  g_assert_cmpfloat (node->x, ==, 5000.0);
  g_assert_cmpfloat (node->y, ==, -700.0);
  g_assert_false (sw_erd_layout_lookup_node (layout, "public.orders")->pinned);
  check_layout (layout);

  /* A move re-routes the table's edges and keeps everything consistent. */
  sw_erd_layout_move_node (layout, "public.orders", -3000.0, 4000.0);
  node = sw_erd_layout_lookup_node (layout, "public.orders");
  g_assert_cmpfloat (node->x, ==, -3000.0);
  for (guint i = 0; i < sw_erd_layout_get_edges (layout)->len; i++)
    {
      SwErdEdge *e = g_ptr_array_index (sw_erd_layout_get_edges (layout), i);

      if (g_str_equal (e->table, "public.order_lines"))
        edge = e;
    }
  g_assert_nonnull (edge);
  g_assert_cmpfloat (distance_to_box (node, edge->arrow_x, edge->arrow_y), <, 2.0);
  check_layout (layout);
}

static char *
describe (SwErdLayout *layout)
{
  GString *str = g_string_new (NULL);
  GPtrArray *nodes = sw_erd_layout_get_nodes (layout);
  GPtrArray *edges = sw_erd_layout_get_edges (layout);

  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i);

      g_string_append_printf (str, "%s %g %g %g %g\n", node->table, node->x, node->y,
                              node->width, node->height);
    }
  for (guint i = 0; i < edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (edges, i);

      for (guint j = 0; j < edge->points->len; j++)
        g_string_append_printf (str, "%g ", g_array_index (edge->points, double, j));
      g_string_append_c (str, '\n');
    }
  return g_string_free (str, FALSE);
}

static void
test_deterministic (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(SwSchema) schema = sw_test_read_file (path);
  g_autoptr(SwErdLayout) a = compute (schema, NULL, SW_ERD_LAYOUT_DOT);
  g_autoptr(SwErdLayout) b = compute (schema, NULL, SW_ERD_LAYOUT_DOT);
  g_autofree char *da = describe (a);
  g_autofree char *db = describe (b);

  g_assert_cmpstr (da, ==, db);
  check_layout (a);
}

/* A bigger schema: chains of 5 tables under one hub, 400 tables, and a unit
 * bigger than dot_limit so that it falls back to the grid.
 */
static void
test_many_tables (void)
{
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE hub (id int PRIMARY KEY);\n");
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwErdLayout) layout = NULL;
  SwErdLayoutOptions options;
  g_autoptr(GError) error = NULL;
  double x, y, w, h;

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *up = i % 5 != 0 ? g_strdup_printf (", up int REFERENCES t%u", i - 1)
                                       : g_strdup ("");

      g_string_append_printf (sql,
                              "CREATE TABLE t%u (id int PRIMARY KEY, hub int REFERENCES hub%s);\n",
                              i, up);
    }
  schema = sw_test_read_sql (sql->str);

  sw_erd_layout_options_init (&options);
  options.dot_limit = 3;
  layout = sw_erd_layout_compute (schema, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_erd_layout_get_nodes (layout)->len, ==, 401);
  check_layout (layout);

  /* Packed, not one row as wide as the schema: within 4:1 either way. */
  sw_erd_layout_get_bounds (layout, &x, &y, &w, &h);
  g_assert_cmpfloat (w / h, <, 4.0);
  g_assert_cmpfloat (h / w, <, 4.0);
}

static void
layout_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_and_cancel (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (shop_sql);
  g_autoptr(SwPlan) plan = shop_plan ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(SwErdLayout) layout = NULL;
  g_autoptr(SwErdLayout) none = NULL;
  g_autoptr(GError) error = NULL;

  sw_erd_layout_compute_async (schema, plan, NULL, NULL, layout_ready_cb, &result);
  /* The worker has a copy of the plan: changing it now changes nothing. */
  sw_plan_set_reference (plan, "public.audit_log");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  layout = sw_erd_layout_compute_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sw_erd_layout_lookup_node (layout, "public.audit_log")->kind, ==,
                   SW_ERD_NODE_LOCAL);

  g_cancellable_cancel (cancellable);
  sw_erd_layout_compute_async (schema, plan, NULL, cancellable, layout_ready_cb, &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  none = sw_erd_layout_compute_finish (cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
}

static void
test_render (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (shop_sql);
  g_autoptr(SwPlan) plan = shop_plan ();
  g_autofree char *dir = g_dir_make_tmp ("sw-erd-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "shop.svg", NULL);
  g_autofree char *bad = g_build_filename (dir, "shop.bmp", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) broken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  g_hash_table_add (broken, sw_erd_edge_key ("public.employees", "employees_manager_fkey"));
  g_assert_true (sw_erd_render_to_file (schema, plan, broken, svg, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "order_lines"));
  g_assert_nonnull (strstr (text, "Odd &quot;Name"));
  /* The reference table's colour, a group's colour, and the broken edge's. */
  g_assert_nonnull (strstr (text, "#f8e45c"));
  g_assert_nonnull (strstr (text, sw_erd_group_color (0)));
  g_assert_nonnull (strstr (text, "#e01b24"));
  g_remove (svg);

  g_assert_false (sw_erd_render_to_file (schema, plan, NULL, bad, NULL, NULL, &error));
  g_assert_error (error, SW_ERD_ERROR, SW_ERD_ERROR_FORMAT);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/ErdLayout/no-plan", test_no_plan);
  g_test_add_data_func ("/Sw/ErdLayout/plan/dot", GINT_TO_POINTER (SW_ERD_LAYOUT_DOT),
                        test_plan_kinds_and_groups);
  g_test_add_data_func ("/Sw/ErdLayout/plan/grid", GINT_TO_POINTER (SW_ERD_LAYOUT_GRID),
                        test_plan_kinds_and_groups);
  g_test_add_func ("/Sw/ErdLayout/distributed-schema", test_distributed_schema);
  g_test_add_func ("/Sw/ErdLayout/positions", test_positions_from_plan);
  g_test_add_func ("/Sw/ErdLayout/deterministic", test_deterministic);
  g_test_add_func ("/Sw/ErdLayout/many-tables", test_many_tables);
  g_test_add_func ("/Sw/ErdLayout/async-and-cancel", test_async_and_cancel);
  g_test_add_func ("/Sw/ErdLayout/render", test_render);

  return g_test_run ();
}
