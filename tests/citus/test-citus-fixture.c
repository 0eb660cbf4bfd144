/* test-citus-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"

static SwTestCitus *citus;
static char *skip_reason;

static void
test_citus_cluster_formed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = sw_test_citus_create_database (citus, "fixture",
                                            "CREATE TABLE t (id bigint PRIMARY KEY);\n"
                                            "SELECT create_distributed_table('t', 'id');\n",
                                            &error);
  g_assert_no_error (error);

  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);

  res = PQexec (conn, "SELECT count(*) FROM pg_dist_node WHERE isactive");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "3");
  g_clear_pointer (&res, PQclear);

  /* 32 shards, spread over the two workers (the coordinator holds none by default). */
  res = PQexec (conn,
                "SELECT count(*), count(DISTINCT nodeport) FROM citus_shards "
                "WHERE table_name = 't'::regclass");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "32");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "2");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (sw_test_citus_available (&reason))
    {
      citus = sw_test_citus_start (&error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/Sw/CitusFixture/cluster-formed", test_citus_cluster_formed);

  if (citus == NULL)
    skip_reason = g_strdup_printf ("citus suite skipped: %s", reason);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
