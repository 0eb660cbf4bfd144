/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SwApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* SHARDWISE_LOCALEDIR lets the tests and `meson devenv` use the
   * catalogs of the build tree instead of the installed ones.
   */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHARDWISE_LOCALEDIR") ? g_getenv ("SHARDWISE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Shardwise"));

  app = sw_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
