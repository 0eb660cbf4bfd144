/* sw-cli-lint.c
 *
 * shardwise-cli lint SOURCE MIGRATION.sql [--format json]
 *
 * Simulates the script statement by statement (sw_lint_script()). Exit
 * status: 0 every statement passes, 1 Citus would reject at least one,
 * 2 usage or input error (unreadable file, syntax error).
 *
 * --format json prints design.md's contract (sw_lint_results_to_json()): an
 * array with one {"line", "statement", "ok", "error", "detail", "hint"}
 * object per statement, in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-cli.h"

int
sw_cli_lint (int    argc,
             char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *format_name = NULL;
  g_autofree char *script = NULL;
  g_autofree char *schema_sql = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GPtrArray) results = NULL;
  SwValidatorOptions options;
  SwCliFormat format;
  guint rejected = 0;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: text or json"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("MIGRATION.sql — predict which statements Citus rejects"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !sw_cli_parse_format (format_name, &format, &error))
    {
      sw_cli_print_error ("lint", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("%s\n", _("shardwise-cli lint: give exactly one migration script"));
      return SW_CLI_EXIT_USAGE;
    }
  if (!g_file_get_contents (argv[1], &script, NULL, &error))
    {
      sw_cli_print_error ("lint", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (source.schema_file != NULL &&
      !g_file_get_contents (source.schema_file, &schema_sql, NULL, &error))
    {
      sw_cli_print_error ("lint", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (!(schema = sw_cli_source_load (&source, &error)))
    {
      sw_cli_print_error ("lint", error);
      return SW_CLI_EXIT_USAGE;
    }

  sw_validator_options_init_from_schema (&options, schema);
  if (!(results = sw_lint_script (schema, schema_sql, script, &options, &error)))
    {
      sw_cli_print_error ("lint", error);
      return SW_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < results->len; i++)
    if (!((SwLintResult *)g_ptr_array_index (results, i))->ok)
      rejected++;

  if (format == SW_CLI_FORMAT_JSON)
    {
      g_autofree char *json = sw_lint_results_to_json (results, NULL);

      g_print ("%s\n", json);
    }
  else
    {
      for (guint i = 0; i < results->len; i++)
        {
          SwLintResult *result = g_ptr_array_index (results, i);

          if (result->ok)
            continue;
          g_print (_("line %u: %s\n"), result->line, result->statement);
          g_print ("  ERROR:  %s\n", result->error);
          if (result->detail != NULL)
            g_print ("  DETAIL:  %s\n", result->detail);
          if (result->hint != NULL)
            g_print ("  HINT:  %s\n", result->hint);
          if (result->diagnostic != NULL && sw_diagnostic_get_explanation (result->diagnostic) != NULL)
            g_print ("  %s\n", sw_diagnostic_get_explanation (result->diagnostic));
          g_print ("\n");
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u statement, ", "%u statements, ", results->len), results->len);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u rejected.\n", "%u rejected.\n", rejected), rejected);
    }

  return rejected > 0 ? SW_CLI_EXIT_FAILS : SW_CLI_EXIT_OK;
}
