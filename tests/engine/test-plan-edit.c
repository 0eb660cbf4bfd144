/* test-plan-edit.c
 *
 * Planning by hand: distributing by a column, and colocating one table with
 * another by the column their foreign key pairs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"
#include "sw-test-schema.h"

static const char *sql =
  "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\n"
  "CREATE TABLE orders (cust bigint REFERENCES customers (id), id bigint,\n"
  "  PRIMARY KEY (cust, id));\n"
  "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"
  "CREATE TABLE \"Odd \"\"T\" (\"Customer Id\" bigint REFERENCES customers);\n"
  "CREATE TABLE tags (tag text PRIMARY KEY);\n";

static void
test_distribute (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sw_plan_edit_distribute (plan, schema, "public.orders", "cust", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.orders")->column, ==, "cust");
  g_assert_null (sw_plan_lookup_table (plan, "public.orders")->colocate_with);

  /* A new column keeps the colocation it had. */
  sw_plan_set_distributed (plan, "public.orders", "cust", "none", 16);
  g_assert_true (sw_plan_edit_distribute (plan, schema, "public.orders", "id", &error));
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.orders")->colocate_with, ==, "none");
  g_assert_cmpuint (sw_plan_lookup_table (plan, "public.orders")->shard_count, ==, 16);

  g_assert_false (sw_plan_edit_distribute (plan, schema, "public.orders", "nope", &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);
  g_assert_false (sw_plan_edit_distribute (plan, schema, "public.nope", "id", &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_TABLE);
}

static void
test_colocate (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *guess = NULL;

  /* Nothing to colocate with while customers is local. */
  g_assert_false (sw_plan_edit_colocate (plan, schema, "public.orders", "public.customers", &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID);
  g_clear_error (&error);

  sw_plan_set_distributed (plan, "public.customers", "id", NULL, 0);

  /* orders.cust references customers.id, the distribution column. */
  g_assert_true (sw_plan_edit_colocate (plan, schema, "public.orders", "public.customers", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.orders"), ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.orders")->column, ==, "cust");
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.orders")->colocate_with, ==, "public.customers");

  /* The other way round: customers onto orders pairs id with cust. */
  sw_plan_set_distributed (plan, "public.orders", "cust", NULL, 0);
  guess = sw_plan_edit_guess_column (plan, schema, "public.customers", "public.orders");
  g_assert_cmpstr (guess, ==, "id");

  /* An odd identifier, through an FK on the implicit primary key. */
  g_assert_true (sw_plan_edit_colocate (plan, schema, "public.\"Odd \"\"T\"", "public.customers", &error));
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.\"Odd \"\"T\"")->column, ==, "Customer Id");

  /* No FK and no column of the same name: the user must choose. */
  g_assert_false (sw_plan_edit_colocate (plan, schema, "public.tags", "public.customers", &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.tags"), ==, SW_PLAN_KIND_LOCAL);

  /* A distributed table keeps its own column when nothing matches. */
  sw_plan_set_distributed (plan, "public.tags", "tag", NULL, 0);
  g_assert_true (sw_plan_edit_colocate (plan, schema, "public.tags", "public.customers", &error));
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.tags")->column, ==, "tag");

  /* Single shard: the table joins the group. */
  sw_plan_set_single_shard (plan, "public.notes", NULL);
  g_assert_true (sw_plan_edit_colocate (plan, schema, "public.customers", "public.notes", &error));
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.customers"), ==, SW_PLAN_KIND_SINGLE_SHARD);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.customers")->colocate_with, ==, "public.notes");

  g_assert_false (sw_plan_edit_colocate (plan, schema, "public.notes", "public.notes", &error));
  g_assert_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/PlanEdit/distribute", test_distribute);
  g_test_add_func ("/Sw/PlanEdit/colocate", test_colocate);

  return g_test_run ();
}
