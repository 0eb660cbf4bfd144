/* sw-cli-recommend.c
 *
 * shardwise-cli recommend SOURCE [--workload FILE.sql | --pg-stat-statements]
 *                         [--shard-count N] [-o PLAN.json] [--fixes FILE.sql]
 *                         [--format text|json]
 *
 * Without --format, the plan file goes to stdout (or -o) and a readable
 * summary of the decisions, reasons and fixes to stderr, so that
 * `recommend … > plan.json` works in scripts. --format text prints the
 * summary on stdout instead; --format json only the plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sw-cli.h"

static const char *
kind_label (SwPlanKind kind)
{
  switch (kind)
    {
    case SW_PLAN_KIND_REFERENCE: return _("reference");
    case SW_PLAN_KIND_DISTRIBUTED: return _("distributed");
    case SW_PLAN_KIND_SINGLE_SHARD: return _("single shard");
    case SW_PLAN_KIND_LOCAL:
    default:
      return _("local");
    }
}

static void
print_summary (FILE      *out,
               SwPlan    *plan,
               SwAdvisor *advisor)
{
  GPtrArray *tables = sw_plan_get_tables (plan);
  GPtrArray *advice = sw_advisor_get_advice (advisor);
  const char * const *schemas = sw_plan_get_distributed_schemas (plan);
  guint width = 5;
  gboolean any_fix = FALSE;

  for (guint i = 0; i < tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);

      width = MAX (width, (guint)g_utf8_strlen (entry->table, -1));
    }

  fprintf (out, _("Recommended plan: %u shards\n\n"), sw_plan_get_shard_count (plan));
  fprintf (out, "%-*s  %-12s  %-20s  %-24s  %s\n", (int)width, _("Table"), _("Kind"), _("Column"),
           _("Colocated with"), _("Confidence"));
  for (guint i = 0; i < tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);
      g_autofree char *confidence = entry->confidence >= 0
                                    ? g_strdup_printf ("%.0f%%", entry->confidence * 100)
                                    : g_strdup ("-");

      fprintf (out, "%-*s  %-12s  %-20s  %-24s  %s\n", (int)width, entry->table,
               kind_label (entry->kind), entry->column ? entry->column : "-",
               entry->colocate_with ? entry->colocate_with : "-", confidence);
      if (entry->reason != NULL)
        fprintf (out, "%*s  %s\n", (int)width, "", entry->reason);
      for (guint j = 0; entry->alternatives != NULL && j < entry->alternatives->len && j < 2; j++)
        {
          SwPlanAlternative *alt = g_ptr_array_index (entry->alternatives, j);

          fprintf (out, _("%*s  alternative %u: %s%s%s (score %.2f)\n"), (int)width, "", j + 1,
                   kind_label (alt->kind), alt->column ? " " : "", alt->column ? alt->column : "",
                   alt->score);
        }
    }

  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    {
      if (i == 0)
        fprintf (out, _("\nDistributed schemas (one tenant per schema):\n"));
      fprintf (out, "  %s\n", schemas[i]);
    }

  for (guint i = 0; i < advice->len; i++)
    {
      SwAdvice *a = g_ptr_array_index (advice, i);

      if (sw_advice_get_ddl (a) == NULL)
        continue;
      if (!any_fix)
        fprintf (out, _("\nSchema fixes, to run before the plan:\n"));
      any_fix = TRUE;
      fprintf (out, "-- %s\n%s\n", sw_advice_get_reason (a), sw_advice_get_ddl (a));
    }
  for (guint i = 0; i < advice->len; i++)
    {
      SwAdvice *a = g_ptr_array_index (advice, i);

      if (sw_advice_get_kind (a) == SW_ADVICE_SINGLE_NODE)
        fprintf (out, _("\nBetter left on one node: %s\n"), sw_advice_get_reason (a));
      else if (sw_advice_is_warning (a))
        fprintf (out, _("\nWarning: %s\n"), sw_advice_get_reason (a));
    }
}

int
sw_cli_recommend (int    argc,
                  char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *format_name = NULL;
  g_autofree char *workload_file = NULL;
  g_autofree char *output = NULL;
  g_autofree char *fixes_file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwWorkload) workload = NULL;
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = NULL;
  gboolean pss = FALSE;
  int shard_count = 0;
  SwCliFormat format = SW_CLI_FORMAT_JSON;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "workload", 0, 0, G_OPTION_ARG_FILENAME, &workload_file,
      N_("Queries the application runs (a “-- calls: N” comment before one says how often)"), N_("FILE.sql") },
    { "pg-stat-statements", 0, 0, G_OPTION_ARG_NONE, &pss,
      N_("Read the workload from pg_stat_statements of the --dsn database"), NULL },
    { "shard-count", 0, 0, G_OPTION_ARG_INT, &shard_count,
      N_("Plan for this shard count instead of one suggested from the data size"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the plan to this file instead of stdout"), N_("PLAN.json") },
    { "fixes", 0, 0, G_OPTION_ARG_FILENAME, &fixes_file,
      N_("Write the schema fixes (DDL to run before the plan) to this file"), N_("FILE.sql") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: text or json"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("— recommend a distribution plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (format_name != NULL && !sw_cli_parse_format (format_name, &format, &error)))
    {
      sw_cli_print_error ("recommend", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("shardwise-cli recommend: unexpected argument “%s”\n"), argv[1]);
      return SW_CLI_EXIT_USAGE;
    }
  if (workload_file != NULL && pss)
    {
      g_printerr (_("shardwise-cli recommend: give either --workload or --pg-stat-statements, not both\n"));
      return SW_CLI_EXIT_USAGE;
    }
  if (pss && source.dsn == NULL)
    {
      g_printerr (_("shardwise-cli recommend: --pg-stat-statements needs --dsn\n"));
      return SW_CLI_EXIT_USAGE;
    }
  if (shard_count < 0 || shard_count > 64000)
    {
      g_printerr (_("shardwise-cli recommend: --shard-count must be between 1 and 64000\n"));
      return SW_CLI_EXIT_USAGE;
    }

  if (!(schema = sw_cli_source_load (&source, &error)))
    {
      sw_cli_print_error ("recommend", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (workload_file != NULL)
    workload = sw_workload_new_from_file (workload_file, &error);
  else if (pss)
    workload = sw_workload_load_pg_stat_statements (source.dsn, NULL, &error);
  if (error != NULL)
    {
      sw_cli_print_error ("recommend", error);
      return SW_CLI_EXIT_USAGE;
    }

  advisor = sw_advisor_new (schema);
  sw_advisor_set_workload (advisor, workload);
  sw_advisor_set_shard_count (advisor, (guint)shard_count);
  if (!(plan = sw_advisor_recommend (advisor, NULL, &error)))
    {
      sw_cli_print_error ("recommend", error);
      return SW_CLI_EXIT_FAILS;
    }

  if (output != NULL && !sw_plan_save_to_file (plan, output, &error))
    {
      sw_cli_print_error ("recommend", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (fixes_file != NULL)
    {
      g_autofree char *sql = sw_advisor_dup_fixes_sql (advisor);

      if (!sw_cli_write_file (fixes_file, sql, &error))
        {
          sw_cli_print_error ("recommend", error);
          return SW_CLI_EXIT_USAGE;
        }
    }

  if (format_name != NULL && format == SW_CLI_FORMAT_TEXT)
    print_summary (stdout, plan, advisor);
  else
    {
      if (output == NULL)
        {
          g_autofree char *json = sw_plan_to_data (plan, NULL);

          g_print ("%s", json);
        }
      if (format_name == NULL)
        print_summary (stderr, plan, advisor);
    }

  return SW_CLI_EXIT_OK;
}
