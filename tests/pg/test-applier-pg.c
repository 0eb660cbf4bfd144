/* test-applier-pg.c
 *
 * The applier against plain PostgreSQL (no Citus): a clear error, and nothing
 * changed in the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-query.h"

static SwTestPg *pg;


/* A fingerprint of everything the applier could have touched. */
static char *
database_state (const char *conninfo)
{
  return sw_test_query_value (conninfo,
                      "SELECT string_agg(x, ',' ORDER BY x) FROM ("
                      " SELECT 'ns:' || nspname AS x FROM pg_namespace"
                      " UNION ALL SELECT 'con:' || conrelid::regclass || '.' || conname FROM pg_constraint"
                      "  WHERE connamespace = 'public'::regnamespace"
                      " UNION ALL SELECT 'trg:' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                      " UNION ALL SELECT 'rel:' || oid::regclass FROM pg_class"
                      "  WHERE relnamespace = 'public'::regnamespace"
                      " UNION ALL SELECT 'rows:' || count(*) FROM payment_events) s");
}

static SwPlan *
read_plan (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "plans", name, NULL);
  g_autoptr(GError) error = NULL;
  SwPlan *plan = sw_plan_new_from_file (path, &error);

  g_assert_no_error (error);
  return plan;
}

static char *
create_woodgrove (const char *dbname)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *with_data = NULL;
  g_autoptr(GError) error = NULL;
  char *conninfo;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  with_data = g_strconcat (sql,
                           "INSERT INTO event_types VALUES (1, 'x');\n"
                           "INSERT INTO payment_merchants VALUES (1, 'm');\n"
                           "INSERT INTO payment_users SELECT g FROM generate_series(1, 20) g;\n"
                           "INSERT INTO payment_events SELECT g, 1, g % 20 + 1, 1 FROM generate_series(1, 100) g;\n",
                           NULL);
  conninfo = sw_test_pg_create_database (pg, dbname, with_data, &error);
  g_assert_no_error (error);

  return conninfo;
}

static void
test_no_citus_sync (void)
{
  g_autofree char *conninfo = create_woodgrove ("applier_sync");
  g_autoptr(SwPlan) plan = read_plan ("woodgrove.json");
  g_autoptr(SwApplier) applier = sw_applier_new (conninfo, plan);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = database_state (conninfo);
  g_autofree char *after = NULL;

  g_assert_false (sw_applier_run_sync (applier, NULL, &error));
  g_assert_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS);
  g_assert_nonnull (strstr (error->message, "has no citus extension"));
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));
  g_assert_cmpuint (sw_applier_get_n_steps (applier), ==, 0);

  after = database_state (conninfo);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (strstr (after, "ns:shardwise"));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_no_citus_async (void)
{
  g_autofree char *conninfo = create_woodgrove ("applier_async");
  g_autoptr(SwPlan) plan = read_plan ("woodgrove.json");
  g_autoptr(SwApplier) applier = sw_applier_new (conninfo, plan);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *before = database_state (conninfo);
  g_autofree char *after = NULL;

  sw_applier_set_flags (applier, SW_MIGRATION_FLAGS_CONCURRENTLY);
  sw_applier_run_async (applier, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (sw_applier_run_finish (applier, result, &error));
  g_assert_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_NOT_CITUS);

  after = database_state (conninfo);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_connection (void)
{
  g_autoptr(SwPlan) plan = read_plan ("woodgrove.json");
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=no_such_db user=%s "
                                               "password=secret-in-conninfo connect_timeout=5",
                                               sw_test_pg_get_port (pg), SW_TEST_PG_SUPERUSER);
  g_autoptr(SwApplier) applier = sw_applier_new (conninfo, plan);
  g_autoptr(GError) error = NULL;

  sw_applier_set_password (applier, "another-secret");
  g_assert_false (sw_applier_run_sync (applier, NULL, &error));
  g_assert_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "no_such_db"));
  /* Passwords never show. */
  g_assert_null (strstr (error->message, "secret"));
}

static void
test_cancelled (void)
{
  g_autofree char *conninfo = create_woodgrove ("applier_cancelled");
  g_autoptr(SwPlan) plan = read_plan ("woodgrove.json");
  g_autoptr(SwApplier) applier = sw_applier_new (conninfo, plan);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sw_applier_run_sync (applier, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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

  g_test_add_func ("/Sw/ApplierPg/no-citus", test_no_citus_sync);
  g_test_add_func ("/Sw/ApplierPg/no-citus-async", test_no_citus_async);
  g_test_add_func ("/Sw/ApplierPg/bad-connection", test_bad_connection);
  g_test_add_func ("/Sw/ApplierPg/cancelled", test_cancelled);

  ret = g_test_run ();
  g_clear_pointer (&pg, sw_test_pg_stop);

  return ret;
}
