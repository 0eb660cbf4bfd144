/* test-advisor-valid.c
 *
 * Every plan the advisor recommends passes the validator with no error: the
 * samples, and schemas drawn by bench/generate-schema.py (its designed
 * multi-tenant shape, and random shapes with single-column keys, foreign keys
 * that skip the tenant column, lookup tables, FK cycles, triggers and
 * partitioned tables) at several sizes and seeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static void
assert_valid (const char *what,
              const char *sql)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_advisor_recommend (advisor, NULL, &error);
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GPtrArray) with_sql = NULL;
  guint distributed = 0;

  g_assert_no_error (error);
  diags = sw_validate_plan (schema, plan, NULL);
  for (guint i = 0; i < diags->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diags, i);

      if (sw_diagnostic_get_severity (diag) == SW_SEVERITY_ERROR)
        g_test_message ("%s: step %u %s: %s", what, sw_diagnostic_get_step (diag),
                        sw_diagnostic_get_statement (diag), sw_diagnostic_get_error (diag));
    }
  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 0);
  /* The same from the schema's SQL, as `check --schema` sees it. */
  with_sql = sw_validate_plan_full (schema, sql, plan, SW_MIGRATION_FLAGS_NONE, NULL);
  g_assert_cmpuint (sw_diagnostics_count_errors (with_sql), ==, 0);

  for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
    if (((SwPlanTable *)g_ptr_array_index (sw_plan_get_tables (plan), i))->kind == SW_PLAN_KIND_DISTRIBUTED)
      distributed++;
  g_test_message ("%s: %u tables distributed", what, distributed);
}

static void
test_sample (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
  g_autofree char *sql = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, NULL));
  assert_valid (name, sql);
}

typedef struct
{
  guint n;
  int   seed;   /* -1: the designed shape */
} Generated;

static void
test_generated (gconstpointer data)
{
  const Generated *g = data;
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "bench", "generate-schema.py", NULL);
  g_autofree char *n = g_strdup_printf ("%u", g->n);
  g_autofree char *seed = g_strdup_printf ("%d", g->seed);
  const char *argv[] = { "python3", script, n, g->seed >= 0 ? seed : NULL, NULL };
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("generate-schema.py %s %s", n, g->seed >= 0 ? seed : "");
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sql, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (sql, "CREATE TABLE"));
  assert_valid (what, sql);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const samples[] = {
    "ads.sql", "github_events.sql", "woodgrove.sql", "library.sql", "account_history.sql",
  };
  static const Generated generated[] = {
    { 60, -1 }, { 600, -1 },
    { 20, 1 }, { 20, 2 }, { 60, 3 }, { 60, 4 }, { 150, 5 }, { 150, 6 }, { 300, 7 },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Sw/AdvisorValid/sample/%s", samples[i]);

      g_test_add_data_func (path, samples[i], test_sample);
    }
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Sw/AdvisorValid/generated/%u-%d", generated[i].n, generated[i].seed);

      g_test_add_data_func (path, &generated[i], test_generated);
    }

  return g_test_run ();
}
