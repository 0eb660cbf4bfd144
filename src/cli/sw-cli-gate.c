/* sw-cli-gate.c
 *
 * What `export` and `apply` check before they write or run a migration: the
 * validator's prediction for that very migration (sw_validate_migration()).
 * A migration Citus would refuse is never written or run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-cli.h"

/**
 * sw_cli_source_dup_schema_sql:
 * @source: a loaded source
 * @error: a #GError
 *
 * The schema file's text, so that the validator can re-read it with the
 * migration's schema changes; %NULL without an error for a live source.
 *
 * Returns: (transfer full) (nullable): the SQL
 */
char *
sw_cli_source_dup_schema_sql (SwCliSource  *source,
                              GError      **error)
{
  g_autoptr(GFile) file = NULL;
  char *contents = NULL;

  if (source->schema_file == NULL)
    return NULL;
  file = g_file_new_for_commandline_arg (source->schema_file);
  if (!g_file_load_contents (file, NULL, &contents, NULL, NULL, error))
    return NULL;
  return contents;
}

/**
 * sw_cli_print_diagnostics:
 * @diagnostics: (element-type SwDiagnostic): what the validator said
 * @errors_only: print only the errors
 *
 * Prints them to standard error, as `check` prints them.
 */
void
sw_cli_print_diagnostics (GPtrArray *diagnostics,
                          gboolean   errors_only)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      g_autofree char *text = NULL;

      if (errors_only && sw_diagnostic_get_severity (diag) != SW_SEVERITY_ERROR)
        continue;
      text = sw_diagnostic_to_text (diag);
      g_printerr ("%s\n", text);
    }
}

/**
 * sw_cli_gate_migration:
 * @command: the command's name, for the messages
 * @source: where @migration's schema came from
 * @migration: what the command is about to write or run
 *
 * Returns: %TRUE when the validator predicts no error for @migration;
 *   otherwise prints the errors to standard error and returns %FALSE
 */
gboolean
sw_cli_gate_migration (const char  *command,
                       SwCliSource *source,
                       SwMigration *migration)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_sql = sw_cli_source_dup_schema_sql (source, &error);
  g_autoptr(GPtrArray) diagnostics = NULL;
  SwValidatorOptions options;
  guint errors;

  if (error != NULL)
    {
      sw_cli_print_error (command, error);
      return FALSE;
    }

  sw_validator_options_init_from_schema (&options, sw_migration_get_schema (migration));
  diagnostics = sw_validate_migration (migration, schema_sql, &options);
  errors = sw_diagnostics_count_blocking_errors (diagnostics);
  if (errors == 0)
    return TRUE;

  sw_cli_print_diagnostics (diagnostics, TRUE);
  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "shardwise-cli %s: Citus would refuse this plan (%u error); nothing was done. "
                           "See shardwise-cli check.\n",
                           "shardwise-cli %s: Citus would refuse this plan (%u errors); nothing was done. "
                           "See shardwise-cli check.\n", errors),
              command, errors);
  return FALSE;
}
