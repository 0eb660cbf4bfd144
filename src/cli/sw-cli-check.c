/* sw-cli-check.c
 *
 * shardwise-cli check SOURCE --plan PLAN.json [--format json]
 *
 * Prints what Citus 13.2 would say to the plan's generated migration
 * (sw_validate_plan_full(): the steps `export` writes, in their order). Exit
 * status: 0 no error (warnings allowed), 1 at least one error, 2 usage or
 * input error (unreadable plan, tables or columns the source does not have).
 *
 * --format json prints sw_diagnostics_to_json() (documented there):
 * {"errors": N, "warnings": N, "infos": N, "diagnostics": [{"severity",
 * "code", "tables", "columns", "error", "detail", "hint", "explanation",
 * "step", "statement", "fixes": [{"description", "plan_change", "schema", "ddl"}]}]}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-cli.h"

int
sw_cli_check (int    argc,
              char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *format_name = NULL;
  g_autofree char *plan_file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autofree char *schema_sql = NULL;
  SwValidatorOptions options;
  SwCliFormat format;
  guint errors;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_file,
      N_("The plan to check"), N_("PLAN.json") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: text or json"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("— predict what Citus says to a plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !sw_cli_parse_format (format_name, &format, &error))
    {
      sw_cli_print_error ("check", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("shardwise-cli check: unexpected argument “%s”\n"), argv[1]);
      return SW_CLI_EXIT_USAGE;
    }
  if (plan_file == NULL)
    {
      g_printerr ("%s\n", _("shardwise-cli check: give the plan with --plan PLAN.json"));
      return SW_CLI_EXIT_USAGE;
    }

  if (!(schema = sw_cli_source_load (&source, &error)))
    {
      sw_cli_print_error ("check", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (!(plan = sw_plan_new_from_file (plan_file, &error)) ||
      !sw_plan_check_names (plan, schema, &error))
    {
      sw_cli_print_error ("check", error);
      return SW_CLI_EXIT_USAGE;
    }

  /* From a file, the schema changes of the plan re-read it. */
  if (!(schema_sql = sw_cli_source_dup_schema_sql (&source, &error)) && error != NULL)
    {
      sw_cli_print_error ("check", error);
      return SW_CLI_EXIT_USAGE;
    }

  sw_validator_options_init_from_schema (&options, schema);
  diagnostics = sw_validate_plan_full (schema, schema_sql, plan, SW_MIGRATION_FLAGS_NONE, &options);
  errors = sw_diagnostics_count_errors (diagnostics);

  if (format == SW_CLI_FORMAT_JSON)
    {
      g_autofree char *json = sw_diagnostics_to_json (diagnostics, NULL);

      g_print ("%s\n", json);
    }
  else
    {
      for (guint i = 0; i < diagnostics->len; i++)
        {
          g_autofree char *text = sw_diagnostic_to_text (g_ptr_array_index (diagnostics, i));

          g_print ("%s\n", text);
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u error, ", "%u errors, ", errors), errors);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u diagnostic in all.\n", "%u diagnostics in all.\n",
                            diagnostics->len), diagnostics->len);
    }

  return errors > 0 ? SW_CLI_EXIT_FAILS : SW_CLI_EXIT_OK;
}
