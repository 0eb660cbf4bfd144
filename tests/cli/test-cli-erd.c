/* test-cli-erd.c
 *
 * shardwise-cli erd: each format written, the plan's colours in it, and the
 * usage errors with exit status 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

static char *tmpdir;

static int
run_cli (const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("SW_CLI"));
  g_ptr_array_add (argv, (char *) "erd");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && err[0] != '\0')
    g_test_message ("stderr: %s", err);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
}

static void
check_file_starts (const char *path,
                   const char *magic,
                   gsize       magic_len)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, magic_len);
  g_assert_cmpmem (data, magic_len, magic, magic_len);
}

static void
test_formats (void)
{
  g_autofree char *schema = sample ("woodgrove.sql");
  const struct { const char *name; const char *magic; gsize len; } files[] = {
    { "w.svg", "<?xml", 5 },
    { "w.png", "\x89PNG", 4 },
    { "w.pdf", "%PDF", 4 },
    { "w.dot", "digraph", 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, files[i].name, NULL);

      g_assert_cmpint (run_cli ("--schema", schema, "-o", path, NULL), ==, 0);
      check_file_starts (path, files[i].magic, files[i].len);
      g_remove (path);
    }
}

static void
test_plan_colours (void)
{
  g_autofree char *schema = sample ("ads.sql");
  g_autofree char *plan = g_build_filename (tmpdir, "plan.json", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "ads.svg", NULL);
  g_autofree char *text = NULL;
  const char *plan_json =
    "{\"version\": 1, \"tables\": ["
    "{\"table\": \"public.companies\", \"kind\": \"distributed\", \"column\": \"id\"},"
    "{\"table\": \"public.geo_ips\", \"kind\": \"reference\"}]}";

  g_assert_true (g_file_set_contents (plan, plan_json, -1, NULL));
  g_assert_cmpint (run_cli ("--schema", schema, "--plan", plan, "-o", svg, NULL), ==, 0);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  /* The reference colour, the first group's colour and its frame's label. */
  g_assert_nonnull (strstr (text, "#f8e45c"));
  g_assert_nonnull (strstr (text, "#99c1f1"));
  g_assert_nonnull (strstr (text, "public.companies"));
  g_assert_nonnull (strstr (text, "DIST"));
  g_remove (svg);
  g_remove (plan);
}

static void
test_usage_errors (void)
{
  g_autofree char *schema = sample ("ads.sql");
  g_autofree char *bmp = g_build_filename (tmpdir, "x.bmp", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "x.svg", NULL);
  g_autofree char *plan = g_build_filename (tmpdir, "bad-plan.json", NULL);
  g_autofree char *missing_dir = g_build_filename (tmpdir, "no", "such", "dir", "x.svg", NULL);

  g_assert_cmpint (run_cli ("--schema", schema, NULL), ==, 2);
  g_assert_cmpint (run_cli ("--schema", schema, "-o", bmp, NULL), ==, 2);
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli ("-o", svg, NULL), ==, 2);
  g_assert_cmpint (run_cli ("--schema", "/nonexistent.sql", "-o", svg, NULL), ==, 2);

  /* A plan naming a table the schema does not have. */
  g_assert_true (g_file_set_contents (plan,
    "{\"version\": 1, \"tables\": [{\"table\": \"public.nope\", \"kind\": \"reference\"}]}",
    -1, NULL));
  g_assert_cmpint (run_cli ("--schema", schema, "--plan", plan, "-o", svg, NULL), ==, 2);
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli ("--schema", schema, "-o", missing_dir, NULL), ==, 2);
  g_remove (plan);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("sw-cli-erd-XXXXXX", NULL);

  g_test_add_func ("/Sw/CliErd/formats", test_formats);
  g_test_add_func ("/Sw/CliErd/plan-colours", test_plan_colours);
  g_test_add_func ("/Sw/CliErd/usage-errors", test_usage_errors);

  ret = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
