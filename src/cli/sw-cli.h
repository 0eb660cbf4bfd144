/* sw-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"

G_BEGIN_DECLS

/* Exit statuses of the shardwise-cli contract (design.md). */
#define SW_CLI_EXIT_OK      0
#define SW_CLI_EXIT_FAILS   1
#define SW_CLI_EXIT_USAGE   2

typedef enum
{
  SW_CLI_FORMAT_TEXT,
  SW_CLI_FORMAT_JSON,
} SwCliFormat;

typedef struct
{
  char *dsn;
  char *schema_file;

  /* Filled by sw_cli_source_load() */
  guint query_count;
  double seconds;
} SwCliSource;

void      sw_cli_source_clear         (SwCliSource    *source);
gboolean  sw_cli_parse_format         (const char     *value,
                                       SwCliFormat    *format,
                                       GError        **error);
SwSchema *sw_cli_source_load          (SwCliSource    *source,
                                       GError        **error);
void      sw_cli_print_error          (const char     *command,
                                       const GError   *error);
char     *sw_cli_source_dup_schema_sql (SwCliSource   *source,
                                        GError       **error);
gboolean  sw_cli_write_file           (const char     *path,
                                       const char     *contents,
                                       GError        **error);
void      sw_cli_print_diagnostics    (GPtrArray      *diagnostics,
                                       gboolean        errors_only);
gboolean  sw_cli_gate_migration       (const char     *command,
                                       SwCliSource    *source,
                                       SwMigration    *migration);
int       sw_cli_inspect              (int             argc,
                                       char          **argv);
int       sw_cli_check                (int             argc,
                                       char          **argv);
int       sw_cli_lint                 (int             argc,
                                       char          **argv);
int       sw_cli_recommend            (int             argc,
                                       char          **argv);
int       sw_cli_route                (int             argc,
                                       char          **argv);
int       sw_cli_export               (int             argc,
                                       char          **argv);
int       sw_cli_apply                (int             argc,
                                       char          **argv);
int       sw_cli_erd                  (int             argc,
                                       char          **argv);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwCliSource, sw_cli_source_clear)

G_END_DECLS
