/* shardwise-cli.c
 *
 * The headless face of the engine, for scripts and CI pipelines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>

#include "sw-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *synopsis;
} Command;

static const Command commands[] = {
  { "inspect",   sw_cli_inspect, "inspect   SOURCE [--format text|json]" },
  { "recommend", sw_cli_recommend, "recommend SOURCE [--workload FILE.sql | --pg-stat-statements] [--shard-count N] [-o PLAN.json]" },
  { "check",     sw_cli_check,   "check     SOURCE --plan PLAN.json [--format json]" },
  { "lint",      sw_cli_lint,    "lint      SOURCE MIGRATION.sql [--format json]" },
  { "export",    sw_cli_export,  "export    SOURCE --plan PLAN.json [-o migration.sql] [--rollback FILE] [--verify FILE]" },
  { "apply",     sw_cli_apply,   "apply     --dsn CONNINFO --plan PLAN.json [--yes] [--concurrently]" },
  { "route",     sw_cli_route,   "route     SOURCE --plan PLAN.json [--explain] (QUERY | --workload FILE.sql)" },
  { "erd",       sw_cli_erd,     "erd       SOURCE [--plan PLAN.json] -o FILE.(svg|png|pdf|dot)" },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: shardwise-cli COMMAND SOURCE [OPTIONS]"));
  fprintf (stream, "\n%s\n", _("SOURCE is --dsn CONNINFO (libpq conninfo or URI) or --schema FILE.sql."));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  shardwise-cli %s\n", commands[i].synopsis);
  fprintf (stream, "\n%s\n", _("Exit status: 0 success, 1 the input fails a check, 2 usage or input error."));
}

int
main (int   argc,
      char *argv[])
{
  /* The catalog reader builds the model while two threads take results off
   * the connections. Each thread would get its own malloc arena, which grows a
   * page at a time with an mprotect() call: a tenth of `inspect` at 10,000
   * tables. One arena (brk), grown 64 MiB at a time, costs a few calls. A
   * short-lived command can afford the lock and the unreturned memory.
   */
  mallopt (M_ARENA_MAX, 1);
  mallopt (M_TOP_PAD, 64 * 1024 * 1024);

  /* Standard output is the command's result (JSON, SQL): GLib's messages,
   * debug ones included (G_MESSAGES_DEBUG), go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  /* SHARDWISE_LOCALEDIR lets the tests and `meson devenv` use the
   * catalogs of the build tree instead of the installed ones.
   */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHARDWISE_LOCALEDIR") ? g_getenv ("SHARDWISE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("shardwise-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return SW_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return SW_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("shardwise-cli %s\n", PACKAGE_VERSION);
      return SW_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;

      if (commands[i].run == NULL)
        {
          g_printerr (_("shardwise-cli: “%s” is not available in this version of Shardwise\n"),
                      commands[i].name);
          return SW_CLI_EXIT_USAGE;
        }

      return commands[i].run (argc - 1, argv + 1);
    }

  g_printerr (_("shardwise-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return SW_CLI_EXIT_USAGE;
}
