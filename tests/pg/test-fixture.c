/* test-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestPg *pg;

static void
test_fixture_connects (void)
{
  g_autoptr(PGconn) conn = PQconnectdb (sw_test_pg_get_conninfo (pg));
  g_autoptr(PGresult) res = NULL;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "SELECT current_setting('server_version_num')::int, current_user");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (atoi (PQgetvalue (res, 0, 0)), >=, 150000);
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, SW_TEST_PG_SUPERUSER);
}

static void
test_fixture_password_user (void)
{
  g_autofree char *good = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s password=%s",
                                           sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER,
                                           SW_TEST_PG_PASSWORD);
  g_autofree char *bad = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s password=nope",
                                          sw_test_pg_get_port (pg), SW_TEST_PG_PASSWORD_USER);
  g_autoptr(PGconn) ok = PQconnectdb (good);
  g_autoptr(PGconn) refused = PQconnectdb (bad);

  g_assert_cmpint (PQstatus (ok), ==, CONNECTION_OK);
  g_assert_cmpint (PQstatus (refused), ==, CONNECTION_BAD);
  g_assert_nonnull (strstr (PQerrorMessage (refused), "password authentication failed"));
}

static void
test_fixture_create_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;

  conninfo = sw_test_pg_create_database (pg, "fixture db",
                                         "CREATE TABLE t (id int PRIMARY KEY);", &error);
  g_assert_no_error (error);
  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "SELECT count(*) FROM pg_class WHERE relname = 't'");
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");

  /* A failing script is reported, not ignored. */
  g_assert_false (sw_test_pg_run_sql (pg, "fixture db", "SELECT * FROM missing_table;", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing_table"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  pg = sw_test_pg_start (&error);
  g_assert_no_error (error);

  g_test_add_func ("/Sw/TestFixture/connects", test_fixture_connects);
  g_test_add_func ("/Sw/TestFixture/password-user", test_fixture_password_user);
  g_test_add_func ("/Sw/TestFixture/create-database", test_fixture_create_database);

  ret = g_test_run ();
  sw_test_pg_stop (pg);

  return ret;
}
