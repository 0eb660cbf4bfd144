/* test-cli-i18n.c
 *
 * shardwise-cli speaks the user's language: it follows LANGUAGE, and LANG
 * where the system has that locale. The catalogs are the build tree's,
 * through SHARDWISE_LOCALEDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

static char *
run_usage (const char * const *env_overrides)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *localedir = g_build_filename (SW_BUILD_ROOT, "po", NULL);
  const char *argv[] = { g_getenv ("SW_CLI"), NULL };
  char *err = NULL;
  int status;

  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  env = g_environ_setenv (env, "SHARDWISE_LOCALEDIR", localedir, TRUE);
  for (guint i = 0; env_overrides[i] != NULL; i += 2)
    env = g_environ_setenv (env, env_overrides[i], env_overrides[i + 1], TRUE);

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  /* No command is a usage error: exit status 2, usage on stderr. */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);

  return err;
}

static void
test_cli_language (void)
{
  const char *french[] = { "LANGUAGE", "fr", "LANG", "C.UTF-8", NULL };
  const char *english[] = { "LANGUAGE", "", "LANG", "C.UTF-8", NULL };
  g_autofree char *fr = run_usage (french);
  g_autofree char *en = run_usage (english);

  g_assert_nonnull (strstr (fr, "Utilisation : shardwise-cli COMMANDE"));
  g_assert_nonnull (strstr (fr, "Commandes :"));
  g_assert_nonnull (strstr (en, "Usage: shardwise-cli COMMAND"));
}

static void
test_cli_lang (void)
{
  const char *french[] = { "LANGUAGE", "", "LANG", "fr_FR.UTF-8", NULL };
  g_autofree char *fr = NULL;
  const char *previous = setlocale (LC_ALL, NULL);
  g_autofree char *saved = g_strdup (previous);

  /* LANG only selects French where the system has generated that locale
   * (.ci/bootstrap generates it on CI machines).
   */
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("the fr_FR.UTF-8 locale is not generated on this system");
      return;
    }
  setlocale (LC_ALL, saved);

  fr = run_usage (french);
  g_assert_nonnull (strstr (fr, "Utilisation : shardwise-cli COMMANDE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Cli/i18n/language", test_cli_language);
  g_test_add_func ("/Sw/Cli/i18n/lang", test_cli_lang);

  return g_test_run ();
}
