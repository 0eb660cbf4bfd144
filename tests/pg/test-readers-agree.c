/* test-readers-agree.c
 *
 * Both readers must give the same model for the same schema: each schema is
 * loaded into the private PostgreSQL, read live through the catalog, read from
 * its SQL file, and read from pg_dump --schema-only of the loaded database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestPg *pg;

typedef struct
{
  char *name;
  char *path;
} Case;

static void
assert_same_model (const char *what,
                   SwSchema   *live,
                   SwSchema   *offline)
{
  g_autoptr(GPtrArray) diff = sw_schema_diff (live, offline);

  if (diff->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, "%s: the live model (first) and the file model (second) differ:",
                              what);
      for (guint i = 0; i < diff->len && i < 40; i++)
        g_string_append_printf (message, "\n  %s", (const char *)g_ptr_array_index (diff, i));
      g_test_message ("%s", message->str);
      g_test_fail ();
    }

  /* A comparison of two empty models proves nothing. */
  g_assert_cmpuint (sw_schema_get_n_tables (live), >, 0);
  g_assert_cmpuint (sw_schema_get_n_tables (live), ==, sw_schema_get_n_tables (offline));
}

static char *
load_case (const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *dbname = g_strdup_printf ("agree_%s", c->name);
  char *conninfo;

  g_assert_true (g_file_get_contents (c->path, &sql, NULL, &error));
  g_assert_no_error (error);
  conninfo = sw_test_pg_create_database (pg, dbname, sql, &error);
  g_assert_no_error (error);

  return conninfo;
}

static void
test_sql_file (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *conninfo = load_case (c);
  g_autoptr(SwSchema) live = sw_test_read_live (conninfo, NULL);
  g_autoptr(SwSchema) offline = sw_test_read_file (c->path);

  assert_same_model (c->name, live, offline);
}

static void
test_pg_dump (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dbname = g_strdup_printf ("agree_%s", c->name);
  g_autofree char *conninfo = sw_test_pg_get_conninfo_for (pg, dbname);
  g_autofree char *pg_dump = g_build_filename (sw_test_pg_get_bindir (pg), "pg_dump", NULL);
  g_autofree char *dump_path = NULL;
  g_autofree char *std_err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) live = NULL;
  g_autoptr(SwSchema) offline = NULL;
  int status = 0;
  int fd;

  fd = g_file_open_tmp ("sw-dump-XXXXXX.sql", &dump_path, &error);
  g_assert_no_error (error);
  close (fd);

  {
    const char *argv[] = { pg_dump, "--schema-only", "--file", dump_path, "--dbname", conninfo, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &std_err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  live = sw_test_read_live (conninfo, NULL);
  offline = sw_test_read_file (dump_path);
  assert_same_model (dump_path, live, offline);
  g_unlink (dump_path);
}

static void
add_case (GPtrArray  *cases,
          const char *path)
{
  Case *c = g_new0 (Case, 1);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *test_path = NULL;

  c->name = g_strndup (base, strlen (base) - strlen (".sql"));
  c->path = g_strdup (path);
  g_ptr_array_add (cases, c);

  test_path = g_strdup_printf ("/Sw/ReadersAgree/%s", c->name);
  g_test_add_data_func (test_path, c, test_sql_file);
  g_free (g_steal_pointer (&test_path));
  test_path = g_strdup_printf ("/Sw/ReadersAgree/%s/pg-dump", c->name);
  g_test_add_data_func (test_path, c, test_pg_dump);
}

static void
free_case (gpointer data)
{
  Case *c = data;

  g_free (c->name);
  g_free (c->path);
  g_free (c);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (free_case);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *samples = g_getenv ("SW_SAMPLES_DIR");
  const char *entry;
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (samples);
  dir = g_dir_open (samples, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)))
    {
      if (g_str_has_suffix (entry, ".sql"))
        g_ptr_array_add (names, g_build_filename (samples, entry, NULL));
    }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_assert_cmpuint (names->len, >=, 5);
  g_ptr_array_add (names, g_test_build_filename (G_TEST_DIST, "data", "features.sql", NULL));

  /* Generated: a 1,600-column table (PostgreSQL's limit) and a three-table
   * FK cycle, with a self-reference, added after creation as pg_dump does.
   */
  {
    g_autoptr(GString) sql = g_string_new ("CREATE TABLE wide (id bigint PRIMARY KEY");
    g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "wide_cycle.sql", NULL);

    for (guint i = 2; i <= 1600; i++)
      g_string_append_printf (sql, ", c%u %s", i, i % 3 == 0 ? "text" : i % 3 == 1 ? "integer" : "numeric(10,2)");
    g_string_append (sql, ");\n"
                     "CREATE TABLE a (id int PRIMARY KEY, c_id int, parent int REFERENCES a);\n"
                     "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);\n"
                     "CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b);\n"
                     "ALTER TABLE a ADD CONSTRAINT a_c_fkey FOREIGN KEY (c_id) REFERENCES c (id);\n");
    g_assert_true (g_file_set_contents (path, sql->str, -1, &error));
    g_ptr_array_add (names, g_steal_pointer (&path));
  }

  for (guint i = 0; i < names->len; i++)
    add_case (cases, g_ptr_array_index (names, i));

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  ret = g_test_run ();
  sw_test_pg_stop (pg);

  return ret;
}
