/* sw-cli-export.c
 *
 * shardwise-cli export SOURCE --plan PLAN.json [-o migration.sql]
 *                      [--rollback FILE] [--verify FILE]
 *
 * Refuses (exit status 1, the validator's errors on standard error) a plan
 * whose migration Citus would reject.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-cli.h"

int
sw_cli_export (int    argc,
               char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *plan_file = NULL;
  g_autofree char *output = NULL;
  g_autofree char *rollback_file = NULL;
  g_autofree char *verify_file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwMigration) migration = NULL;
  g_autofree char *sql = NULL;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_file,
      N_("The distribution plan"), N_("PLAN.json") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the migration there instead of to standard output"), N_("FILE") },
    { "rollback", 0, 0, G_OPTION_ARG_FILENAME, &rollback_file,
      N_("Also write the script that undoes the migration"), N_("FILE") },
    { "verify", 0, 0, G_OPTION_ARG_FILENAME, &verify_file,
      N_("Also write the script that checks the result"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— write the migration scripts for a plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      sw_cli_print_error ("export", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("shardwise-cli export: unexpected argument “%s”\n"), argv[1]);
      return SW_CLI_EXIT_USAGE;
    }
  if (plan_file == NULL)
    {
      g_printerr (_("shardwise-cli export: --plan PLAN.json is required\n"));
      return SW_CLI_EXIT_USAGE;
    }

  if (!(schema = sw_cli_source_load (&source, &error)) ||
      !(plan = sw_plan_new_from_file (plan_file, &error)))
    {
      sw_cli_print_error ("export", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (!(migration = sw_migration_new (schema, plan, &error)))
    {
      sw_cli_print_error ("export", error);
      return g_error_matches (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_INVALID_PLAN)
        ? SW_CLI_EXIT_USAGE : SW_CLI_EXIT_FAILS;
    }

  /* A migration Citus would refuse is not written. */
  if (!sw_cli_gate_migration ("export", &source, migration))
    return SW_CLI_EXIT_FAILS;

  sql = sw_migration_to_sql (migration);
  if (!sw_cli_write_file (output, sql, &error))
    {
      sw_cli_print_error ("export", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (rollback_file != NULL)
    {
      g_autofree char *rollback = sw_migration_to_rollback_sql (migration);
      g_autofree char *refusal = sw_migration_dup_rollback_refusal (migration);

      if (!sw_cli_write_file (rollback_file, rollback, &error))
        {
          sw_cli_print_error ("export", error);
          return SW_CLI_EXIT_USAGE;
        }
      /* Written all the same: it refuses when run, and says why. */
      if (refusal != NULL)
        g_printerr (_("shardwise-cli export: warning: %s\n"), refusal);
    }

  if (verify_file != NULL)
    {
      g_autofree char *verify = sw_migration_to_verify_sql (migration);

      if (!sw_cli_write_file (verify_file, verify, &error))
        {
          sw_cli_print_error ("export", error);
          return SW_CLI_EXIT_USAGE;
        }
    }

  if (output != NULL && !g_str_equal (output, "-"))
    g_printerr (ngettext ("shardwise-cli export: %u step written to %s\n",
                          "shardwise-cli export: %u steps written to %s\n",
                          sw_migration_get_n_steps (migration)),
                sw_migration_get_n_steps (migration), output);

  return SW_CLI_EXIT_OK;
}
