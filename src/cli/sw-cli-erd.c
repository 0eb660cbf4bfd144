/* sw-cli-erd.c
 *
 * shardwise-cli erd SOURCE [--plan PLAN.json] -o FILE.(svg|png|pdf|dot)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-cli.h"

int
sw_cli_erd (int    argc,
            char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *plan_file = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_file,
      N_("Colour the tables by this plan"), N_("PLAN.json") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write; its extension gives the format"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("svg, png, pdf or dot, when the file name does not say"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("— draw the schema as an entity–relationship diagram"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      sw_cli_print_error ("erd", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("shardwise-cli erd: unexpected argument “%s”\n"), argv[1]);
      return SW_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      g_printerr ("%s\n", _("shardwise-cli erd: say where to write the diagram with -o FILE"));
      return SW_CLI_EXIT_USAGE;
    }
  if (format == NULL && sw_erd_format_for_path (output) == NULL)
    {
      g_printerr (_("shardwise-cli erd: cannot tell the format of “%s”: use .svg, .png, .pdf or .dot\n"),
                  output);
      return SW_CLI_EXIT_USAGE;
    }

  if (!(schema = sw_cli_source_load (&source, &error)))
    {
      sw_cli_print_error ("erd", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (plan_file != NULL)
    {
      if (!(plan = sw_plan_new_from_file (plan_file, &error)) ||
          !sw_plan_check_names (plan, schema, &error))
        {
          sw_cli_print_error ("erd", error);
          return SW_CLI_EXIT_USAGE;
        }
    }

  if (!sw_erd_render_to_file (schema, plan, NULL, output, format, NULL, &error))
    {
      sw_cli_print_error ("erd", error);
      return SW_CLI_EXIT_USAGE;
    }

  return SW_CLI_EXIT_OK;
}
