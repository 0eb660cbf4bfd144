/* test-validator-async.c
 *
 * What the window's re-validation needs from the validator: the foreign key
 * a diagnostic is about (for the ERD's broken edges), and a run in a worker
 * thread that can be cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

/* Two foreign keys between the same two tables: only the name tells them
 * apart, and only one of them breaks a rule.
 */
static const char *two_fks_sql =
  "CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE);\n"
  "CREATE TABLE c (id int, p_id int, p_code int, PRIMARY KEY (id),\n"
  "  CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id),\n"
  "  CONSTRAINT c_code_fk FOREIGN KEY (p_code) REFERENCES p (code));\n"
  "CREATE TABLE \"odd \"\"t\" (id int PRIMARY KEY, c_id int CONSTRAINT \"odd fk\" REFERENCES c (id));\n";

static SwDiagnostic *
find_code (GPtrArray  *diagnostics,
           const char *code)
{
  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_equal (sw_diagnostic_get_code (g_ptr_array_index (diagnostics, i)), code))
      return g_ptr_array_index (diagnostics, i);
  return NULL;
}

static const char *
odd_table_name (SwSchema *schema)
{
  GListModel *tables = sw_schema_list_tables (schema);

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      if (g_str_equal (sw_table_get_name (table), "odd \"t"))
        return sw_table_get_qualified_name (table);
    }
  g_assert_not_reached ();
}

static void
test_constraint (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (two_fks_sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) edges = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  SwDiagnostic *diag;

  /* c distributed, p local: c's keys break FK-1; Citus names the first it
   * meets, and so must the diagnostic. */
  sw_plan_set_distributed (plan, "public.c", "id", NULL, 0);
  diagnostics = sw_validate_plan (schema, plan, NULL);

  diag = find_code (diagnostics, "fk-distributed-to-local");
  g_assert_nonnull (diag);
  g_assert_cmpstr (sw_diagnostic_get_constraint_table (diag), ==, "public.c");
  g_assert_true (g_str_equal (sw_diagnostic_get_constraint (diag), "c_p_fk") ||
                 g_str_equal (sw_diagnostic_get_constraint (diag), "c_code_fk"));
  /* The columns say which of the two it is. */
  if (g_str_equal (sw_diagnostic_get_constraint (diag), "c_code_fk"))
    g_assert_cmpstr (sw_diagnostic_get_columns (diag)[0], ==, "p_code");
  else
    g_assert_cmpstr (sw_diagnostic_get_columns (diag)[0], ==, "p_id");

  edges = sw_diagnostics_dup_broken_edges (diagnostics);
  g_assert_cmpuint (g_hash_table_size (edges), ==, 1);
  key = sw_erd_edge_key ("public.c", sw_diagnostic_get_constraint (diag));
  g_assert_true (g_hash_table_contains (edges, key));

  /* The text `check` prints does not name the constraint (its output is unchanged). */
  text = sw_diagnostic_to_text (diag);
  g_assert_null (strstr (text, "constraint c_"));
}

static void
test_constraint_odd_names (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (two_fks_sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) edges = NULL;
  g_autofree char *key = NULL;
  const char *odd = odd_table_name (schema);
  SwDiagnostic *diag;
  SwDiagnostic *warning;

  /* p reference, c distributed: the local "odd "t" references c (FK-3). */
  sw_plan_set_reference (plan, "public.p");
  sw_plan_set_distributed (plan, "public.c", "id", NULL, 0);
  diagnostics = sw_validate_plan (schema, plan, NULL);

  diag = find_code (diagnostics, "fk-reference-to-distributed");
  g_assert_nonnull (diag);
  g_assert_cmpstr (sw_diagnostic_get_constraint_table (diag), ==, odd);
  g_assert_cmpstr (sw_diagnostic_get_constraint (diag), ==, "odd fk");

  /* A warning about a foreign key (accepted, not enforced) breaks no rule. */
  warning = sw_diagnostic_new (SW_SEVERITY_WARNING, "fk-local-to-distributed-not-enforced",
                               NULL, NULL, NULL, "not enforced");
  sw_diagnostic_set_constraint (warning, "public.c", "c_p_fk");
  g_ptr_array_add (diagnostics, warning);

  edges = sw_diagnostics_dup_broken_edges (diagnostics);
  g_assert_cmpuint (g_hash_table_size (edges), ==, 1);
  key = sw_erd_edge_key (odd, "odd fk");
  g_assert_true (g_hash_table_contains (edges, key));
  g_clear_pointer (&key, g_free);
  key = sw_erd_edge_key ("public.c", "c_p_fk");
  g_assert_false (g_hash_table_contains (edges, key));
}

static void
test_broken_edges_valid_plan (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (two_fks_sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) edges = NULL;

  sw_plan_set_reference (plan, "public.p");
  sw_plan_set_reference (plan, "public.c");
  diagnostics = sw_validate_plan (schema, plan, NULL);
  g_assert_cmpuint (sw_diagnostics_count_errors (diagnostics), ==, 0);
  edges = sw_diagnostics_dup_broken_edges (diagnostics);
  g_assert_cmpuint (g_hash_table_size (edges), ==, 0);

  g_clear_pointer (&edges, g_hash_table_unref);
  edges = sw_diagnostics_dup_broken_edges (NULL);
  g_assert_cmpuint (g_hash_table_size (edges), ==, 0);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_async_same_as_sync (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (two_fks_sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) async = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sw_plan_set_distributed (plan, "public.c", "id", NULL, 0);
  sync = sw_validate_plan (schema, plan, NULL);

  sw_validate_plan_async (schema, NULL, plan, SW_MIGRATION_FLAGS_NONE, NULL, NULL,
                          store_result_cb, &result);
  /* The worker has its own copy: changing the plan now changes nothing. */
  sw_plan_set_reference (plan, "public.p");
  async = sw_validate_plan_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (async->len, ==, sync->len);
  for (guint i = 0; i < sync->len; i++)
    {
      g_autofree char *a = sw_diagnostic_to_text (g_ptr_array_index (sync, i));
      g_autofree char *b = sw_diagnostic_to_text (g_ptr_array_index (async, i));

      g_assert_cmpstr (a, ==, b);
    }
  g_assert_cmpuint (sw_diagnostics_count_errors (async), >, 0);
}

static void
test_async_cancelled (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (two_fks_sql);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;

  sw_plan_set_distributed (plan, "public.c", "id", NULL, 0);
  g_cancellable_cancel (cancellable);
  sw_validate_plan_async (schema, NULL, plan, SW_MIGRATION_FLAGS_NONE, NULL, cancellable,
                          store_result_cb, &result);
  diagnostics = sw_validate_plan_finish (wait_for_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (diagnostics);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/ValidatorAsync/constraint", test_constraint);
  g_test_add_func ("/Sw/ValidatorAsync/constraint-odd-names", test_constraint_odd_names);
  g_test_add_func ("/Sw/ValidatorAsync/broken-edges-valid-plan", test_broken_edges_valid_plan);
  g_test_add_func ("/Sw/ValidatorAsync/same-as-sync", test_async_same_as_sync);
  g_test_add_func ("/Sw/ValidatorAsync/cancelled", test_async_cancelled);

  return g_test_run ();
}
