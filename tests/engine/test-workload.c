/* test-workload.c
 *
 * Workloads from SQL text: splitting, lines, calls, errors; and the
 * analysis of filters, joins and GROUP BY against a schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static const char *shop_schema =
  "CREATE TABLE companies (id bigint PRIMARY KEY, name text);\n"
  "CREATE TABLE campaigns (company_id bigint REFERENCES companies (id), id bigint,\n"
  "  name text, PRIMARY KEY (company_id, id));\n"
  "CREATE TABLE ads (company_id bigint, id bigint, campaign_id bigint, title text,\n"
  "  PRIMARY KEY (company_id, id));\n"
  "CREATE SCHEMA other;\n"
  "CREATE TABLE other.notes (id bigint PRIMARY KEY, body text);\n";

static void
test_split_lines_calls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwWorkload) w = NULL;
  const char *sql =
    "-- a workload\n"
    "SELECT 1;\n"
    "\n"
    "-- calls: 250\n"
    "/* a block comment; with a semicolon */\n"
    "SELECT * FROM ads\n"
    "  WHERE company_id = $1;\n"
    "  -- Calls = 7\n"
    "UPDATE ads SET title = ';' WHERE id = 3;\n"
    "-- calls: nonsense\n"
    "DELETE FROM ads";

  w = sw_workload_new_from_sql (sql, &error);
  g_assert_no_error (error);
  g_assert_nonnull (w);
  g_assert_cmpuint (sw_workload_get_n_queries (w), ==, 4);

  g_assert_cmpstr (sw_workload_get_query (w, 0), ==, "SELECT 1");
  g_assert_cmpuint (sw_workload_get_line (w, 0), ==, 2);
  g_assert_cmpuint (sw_workload_get_calls (w, 0), ==, 1);

  g_assert_cmpstr (sw_workload_get_query (w, 1), ==, "SELECT * FROM ads\n  WHERE company_id = $1");
  g_assert_cmpuint (sw_workload_get_line (w, 1), ==, 6);
  g_assert_cmpuint (sw_workload_get_calls (w, 1), ==, 250);

  g_assert_cmpstr (sw_workload_get_query (w, 2), ==, "UPDATE ads SET title = ';' WHERE id = 3");
  g_assert_cmpuint (sw_workload_get_line (w, 2), ==, 9);
  g_assert_cmpuint (sw_workload_get_calls (w, 2), ==, 7);

  g_assert_cmpstr (sw_workload_get_query (w, 3), ==, "DELETE FROM ads");
  g_assert_cmpuint (sw_workload_get_line (w, 3), ==, 11);
  g_assert_cmpuint (sw_workload_get_calls (w, 3), ==, 1);

  g_assert_cmpuint (sw_workload_get_total_calls (w), ==, 259);
  g_assert_cmpuint (sw_workload_get_notes (w)->len, ==, 0);
}

static void
test_syntax_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwWorkload) w = NULL;

  w = sw_workload_new_from_sql ("SELECT 1;\n\nSELECT * FROM ads;\nSELEC x FROM y;\n", &error);
  g_assert_null (w);
  g_assert_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 4, column 1"));
  g_assert_nonnull (strstr (error->message, "SELEC"));
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autoptr(SwWorkload) w = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sw-workload-XXXXXX", NULL);
  g_autofree char *binary = g_build_filename (dir, "binary.sql", NULL);

  w = sw_workload_new_from_file ("/nonexistent/workload.sql", &error);
  g_assert_null (w);
  g_assert_error (error, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_READ);

  w = sw_workload_new_from_sql ("SELECT '\xff\xfe';", &error2);
  g_assert_null (w);
  g_assert_error (error2, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_ENCODING);

  g_assert_true (g_file_set_contents (binary, "SELECT 1;\0\1\2", 12, NULL));
  w = sw_workload_new_from_file (binary, &error3);
  g_assert_null (w);
  g_assert_error (error3, SW_WORKLOAD_ERROR, SW_WORKLOAD_ERROR_ENCODING);
  g_unlink (binary);
  g_rmdir (dir);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwWorkload) w = sw_workload_new_from_sql ("-- nothing\n  \n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sw_workload_get_n_queries (w), ==, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static char *
analyze (const char *schema_sql,
         const char *workload_sql)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (schema_sql);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwWorkload) w = sw_workload_new_from_sql (workload_sql, &error);
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  static const char *kinds[] = { "filter", "join", "group" };
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  uses = sw_workload_analyze (w, schema);
  for (guint i = 0; i < uses->len; i++)
    {
      SwWorkloadUse *u = g_ptr_array_index (uses, i);

      if (u->kind == SW_WORKLOAD_USE_JOIN)
        g_ptr_array_add (lines, g_strdup_printf ("q%u %s %s.%s=%s.%s x%" G_GUINT64_FORMAT, u->query,
                                                 kinds[u->kind], u->table, u->column,
                                                 u->other_table, u->other_column, u->calls));
      else
        g_ptr_array_add (lines, g_strdup_printf ("q%u %s %s.%s x%" G_GUINT64_FORMAT, u->query,
                                                 kinds[u->kind], u->table, u->column, u->calls));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *)g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

static void
test_analyze_filters (void)
{
  g_autofree char *got = analyze (shop_schema,
    "-- calls: 10\n"
    "SELECT * FROM ads a WHERE a.company_id = $1 AND a.id = 5;\n"
    "SELECT * FROM ads WHERE company_id IN (1, 2, 3) OR id = 4;\n"
    "SELECT * FROM campaigns WHERE company_id = ANY ($1::bigint[]);\n"
    "SELECT * FROM public.ads WHERE 7 = ads.company_id AND title = 'x'::text;\n"
    "SELECT * FROM ads WHERE company_id IN (1, 2) AND id NOT IN (3);\n"
    "UPDATE campaigns c SET name = 'n' WHERE c.company_id = 3;\n"
    "DELETE FROM ads WHERE company_id = $1 AND campaign_id > 3;\n"
    "SELECT * FROM other.notes n WHERE n.id = 1;\n");

  g_assert_cmpstr (got, ==,
    "q0 filter public.ads.company_id x10\n"
    "q0 filter public.ads.id x10\n"
    "q2 filter public.campaigns.company_id x1\n"
    "q3 filter public.ads.company_id x1\n"
    "q3 filter public.ads.title x1\n"
    "q4 filter public.ads.company_id x1\n"
    "q5 filter public.campaigns.company_id x1\n"
    "q6 filter public.ads.company_id x1\n"
    "q7 filter other.notes.id x1\n");
}

static void
test_analyze_joins (void)
{
  g_autofree char *got = analyze (shop_schema,
    "SELECT * FROM ads a JOIN campaigns c ON a.campaign_id = c.id AND a.company_id = c.company_id\n"
    "  WHERE a.company_id = 1;\n"
    "SELECT * FROM ads JOIN campaigns USING (company_id);\n"
    "SELECT * FROM ads, companies WHERE ads.company_id = companies.id;\n"
    "SELECT * FROM ads WHERE company_id IN (SELECT id FROM companies WHERE name = 'x');\n"
    "SELECT * FROM companies co WHERE EXISTS (SELECT 1 FROM ads a WHERE a.company_id = co.id);\n"
    /* name is ambiguous between companies and campaigns: not resolved. */
    "SELECT * FROM companies, campaigns WHERE name = 'x';\n"
    /* a subquery in FROM hides what is behind it. */
    "SELECT * FROM (SELECT * FROM ads) s JOIN companies c ON s.company_id = c.id;\n"
    "WITH x AS (SELECT * FROM ads WHERE id = 1) SELECT * FROM x WHERE company_id = 2;\n");

  g_assert_cmpstr (got, ==,
    "q0 filter public.ads.company_id x1\n"
    "q0 join public.ads.campaign_id=public.campaigns.id x1\n"
    "q0 join public.ads.company_id=public.campaigns.company_id x1\n"
    "q1 join public.ads.company_id=public.campaigns.company_id x1\n"
    "q2 join public.ads.company_id=public.companies.id x1\n"
    "q3 filter public.companies.name x1\n"
    "q3 join public.ads.company_id=public.companies.id x1\n"
    "q4 join public.ads.company_id=public.companies.id x1\n"
    "q7 filter public.ads.id x1\n");
}

static void
test_analyze_group_by (void)
{
  g_autofree char *got = analyze (shop_schema,
    "-- calls: 3\n"
    "SELECT a.company_id, count(*) FROM ads a GROUP BY a.company_id, 1, lower(title);\n"
    "SELECT campaign_id, count(*) FROM ads GROUP BY campaign_id HAVING count(*) > 1;\n");

  g_assert_cmpstr (got, ==,
    "q0 group public.ads.company_id x3\n"
    "q1 group public.ads.campaign_id x1\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Workload/split-lines-calls", test_split_lines_calls);
  g_test_add_func ("/Sw/Workload/syntax-error", test_syntax_error);
  g_test_add_func ("/Sw/Workload/bad-files", test_bad_files);
  g_test_add_func ("/Sw/Workload/empty", test_empty);
  g_test_add_func ("/Sw/Workload/analyze-filters", test_analyze_filters);
  g_test_add_func ("/Sw/Workload/analyze-joins", test_analyze_joins);
  g_test_add_func ("/Sw/Workload/analyze-group-by", test_analyze_group_by);

  return g_test_run ();
}
