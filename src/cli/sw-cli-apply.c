/* sw-cli-apply.c
 *
 * shardwise-cli apply --dsn CONNINFO --plan PLAN.json [--yes] [--concurrently]
 *                     [--truncate-local]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <unistd.h>

#include "sw-cli.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_printerr ("%s\n", _("Interrupted: stopping after the current step…"));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

static void
step_started_cb (SwApplier       *applier,
                 guint            position,
                 guint            n_steps,
                 SwMigrationStep *step,
                 gpointer         user_data)
{
  g_printerr ("[%u/%u] %s\n", position + 1, n_steps, sw_migration_step_get_title (step));
}

static void
step_finished_cb (SwApplier       *applier,
                  guint            position,
                  guint            n_steps,
                  SwMigrationStep *step,
                  int              status,
                  gpointer         user_data)
{
  if (status == SW_APPLIER_STEP_SKIPPED)
    g_printerr (_("        already done, skipped\n"));
  else if (status == SW_APPLIER_STEP_DONE)
    g_printerr (_("        done in %.2f s\n"), sw_applier_get_step_seconds (applier, position));
}

static void
rows_counted_cb (SwApplier  *applier,
                 const char *table,
                 gint64      before,
                 gint64      after,
                 gpointer    user_data)
{
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  g_autofree char *before_text = g_strdup_printf ("%" G_GINT64_FORMAT, before);

  g_printerr (_("        %s: %s rows copied (%s before)\n"), table, after_text, before_text);
}

static void
message_cb (SwApplier  *applier,
            const char *severity,
            const char *text,
            gpointer    user_data)
{
  gboolean verbose = GPOINTER_TO_INT (user_data);

  /* NOTICEs are many (one per copied table); WARNINGs always show. */
  if (verbose || !g_str_equal (severity, "NOTICE"))
    g_printerr ("        %s\n", text);
}

static gboolean
confirm (SwMigration *migration,
         const char  *dsn)
{
  g_autofree char *describe = sw_conninfo_describe (dsn);
  g_autofree char *refusal = sw_migration_dup_rollback_refusal (migration);
  char answer[16];
  guint n = sw_migration_get_n_steps (migration);

  g_printerr (ngettext ("The migration has %u step:\n", "The migration has %u steps:\n", n), n);
  for (guint i = 0; i < n; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (migration, i);

      g_printerr ("  %2u. %s%s\n", i + 1, sw_migration_step_get_title (step),
                  sw_migration_step_get_blocks_writes (step) ? _(" (blocks writes)") : "");
    }
  if (refusal != NULL)
    g_printerr ("%s\n", refusal);
  g_printerr (_("Apply it to %s? [y/N] "), describe);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;

  return answer[0] == 'y' || answer[0] == 'Y';
}

int
sw_cli_apply (int    argc,
              char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *plan_file = NULL;
  gboolean yes = FALSE;
  gboolean concurrently = FALSE;
  gboolean truncate_local = FALSE;
  gboolean verbose = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SwMigrationFlags flags;
  Waiter waiter = { NULL, NULL };
  gint64 start;
  guint sigint;
  gboolean ok;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("The Citus coordinator (libpq conninfo or URI)"), N_("CONNINFO") },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_file,
      N_("The distribution plan"), N_("PLAN.json") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Do not ask for confirmation"), NULL },
    { "concurrently", 0, 0, G_OPTION_ARG_NONE, &concurrently,
      N_("Use create_distributed_table_concurrently where Citus allows it"), NULL },
    { "truncate-local", 0, 0, G_OPTION_ARG_NONE, &truncate_local,
      N_("Remove the local copy of each moved table once its row count matches"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Show every NOTICE from the coordinator"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— carry out a plan on a Citus coordinator"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      sw_cli_print_error ("apply", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("shardwise-cli apply: unexpected argument “%s”\n"), argv[1]);
      return SW_CLI_EXIT_USAGE;
    }
  if (source.dsn == NULL || plan_file == NULL)
    {
      g_printerr (_("shardwise-cli apply: --dsn CONNINFO and --plan PLAN.json are required\n"));
      return SW_CLI_EXIT_USAGE;
    }
  if (!(plan = sw_plan_new_from_file (plan_file, &error)))
    {
      sw_cli_print_error ("apply", error);
      return SW_CLI_EXIT_USAGE;
    }

  flags = concurrently ? SW_MIGRATION_FLAGS_CONCURRENTLY : SW_MIGRATION_FLAGS_NONE;

  if (!yes)
    {
      g_autoptr(SwSchema) schema = NULL;
      g_autoptr(SwMigration) migration = NULL;

      if (!isatty (STDIN_FILENO))
        {
          g_printerr (_("shardwise-cli apply: standard input is not a terminal; pass --yes to "
                        "apply without confirmation\n"));
          return SW_CLI_EXIT_USAGE;
        }
      if (!(schema = sw_cli_source_load (&source, &error)) ||
          !(migration = sw_migration_new_full (schema, plan, flags, NULL, &error)))
        {
          sw_cli_print_error ("apply", error);
          return SW_CLI_EXIT_FAILS;
        }
      if (!sw_cli_gate_migration ("apply", &source, migration))
        return SW_CLI_EXIT_FAILS;
      if (!confirm (migration, source.dsn))
        {
          g_printerr (_("Nothing was changed.\n"));
          return SW_CLI_EXIT_FAILS;
        }
    }

  applier = sw_applier_new (source.dsn, plan);
  sw_applier_set_flags (applier, flags);
  sw_applier_set_truncate_local (applier, truncate_local);
  g_signal_connect (applier, "step-started", G_CALLBACK (step_started_cb), NULL);
  g_signal_connect (applier, "step-finished", G_CALLBACK (step_finished_cb), NULL);
  g_signal_connect (applier, "rows-counted", G_CALLBACK (rows_counted_cb), NULL);
  g_signal_connect (applier, "message", G_CALLBACK (message_cb), GINT_TO_POINTER (verbose));

  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  waiter.loop = loop;
  start = g_get_monotonic_time ();
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);
  sw_applier_run_async (applier, cancellable, run_done_cb, &waiter);
  g_main_loop_run (loop);
  g_source_remove (sigint);

  ok = sw_applier_run_finish (applier, waiter.result, &error);
  g_clear_object (&waiter.result);

  if (!ok)
    {
      /* Refused before anything ran: the validator's errors say why. */
      if (g_error_matches (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_REFUSED))
        sw_cli_print_diagnostics (sw_applier_get_diagnostics (applier), TRUE);
      sw_cli_print_error ("apply", error);
      if (g_error_matches (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT) ||
          g_error_matches (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS) ||
          g_error_matches (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_INVALID_PLAN))
        return SW_CLI_EXIT_USAGE;
      return SW_CLI_EXIT_FAILS;
    }

  g_printerr (ngettext ("shardwise-cli apply: %u step in %.2f s\n",
                        "shardwise-cli apply: %u steps in %.2f s\n",
                        sw_applier_get_n_steps (applier)),
              sw_applier_get_n_steps (applier),
              (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);

  return SW_CLI_EXIT_OK;
}
