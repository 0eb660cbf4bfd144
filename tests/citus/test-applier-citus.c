/* test-applier-citus.c
 *
 * The migration on a real Citus cluster (a coordinator and two workers): for
 * every sample, the exported migration.sql run by psql and the same plan run
 * by SwApplier; verify.sql; rollback.sql bringing the rows back into local
 * tables; re-applying; a dropped connection in the middle of an apply and the
 * re-run that finishes it; the trigger of account_history; --concurrently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-query.h"
#include "sw-test-schema.h"

static SwTestCitus *citus;
static char *skip_reason;

typedef struct
{
  const char *name;
  const char *data;
  const char *tables[8];
} Sample;

static const Sample samples[] = {
  { "woodgrove",
    "INSERT INTO event_types SELECT g, 'type ' || g FROM generate_series(1, 5) g;\n"
    "INSERT INTO payment_merchants SELECT g, 'm' || g FROM generate_series(1, 10) g;\n"
    "INSERT INTO payment_users SELECT g FROM generate_series(1, 200) g;\n"
    "INSERT INTO payment_events SELECT g, g % 5 + 1, g % 200 + 1, g % 10 + 1 FROM generate_series(1, 3000) g;\n",
    { "public.event_types", "public.payment_merchants", "public.payment_users", "public.payment_events" } },
  { "ads",
    "INSERT INTO companies (name, created_at, updated_at) SELECT 'c' || g, now(), now() FROM generate_series(1, 20) g;\n"
    "INSERT INTO campaigns (company_id, name, cost_model, state, created_at, updated_at)\n"
    "  SELECT g % 20 + 1, 'k', 'cpc', 'on', now(), now() FROM generate_series(1, 100) g;\n"
    "INSERT INTO ads (company_id, campaign_id, name, created_at, updated_at)\n"
    "  SELECT company_id, id, 'ad', now(), now() FROM campaigns;\n"
    "INSERT INTO clicks (company_id, ad_id, clicked_at, site_url, user_ip, user_data)\n"
    "  SELECT company_id, id, now(), 'http://x', '10.0.0.1', '{}' FROM ads;\n"
    "INSERT INTO impressions (company_id, ad_id, seen_at, site_url, user_ip, user_data)\n"
    "  SELECT company_id, id, now(), 'http://x', '10.0.0.2', '{}' FROM ads;\n"
    "INSERT INTO geo_ips VALUES ('10.0.0.0/8', '(1,2)'), ('192.168.0.0/16', '(3,4)');\n",
    { "public.companies", "public.campaigns", "public.ads", "public.clicks", "public.impressions", "public.geo_ips" } },
  { "github_events",
    "INSERT INTO github_users (user_id, login) SELECT g, 'u' || g FROM generate_series(1, 50) g;\n"
    "INSERT INTO github_events (event_id, event_type, user_id, payload)\n"
    "  SELECT g, 'PushEvent', g % 50 + 1, '{\"a\": 1}' FROM generate_series(1, 500) g;\n",
    { "public.github_users", "public.github_events" } },
  { "library",
    "INSERT INTO book (title) VALUES ('Dune'), ('Ubu roi'), ('Things Fall Apart');\n"
    "INSERT INTO student (name) VALUES ('Ada'), ('Chinua'), ('Marie');\n"
    "INSERT INTO booksample (book_id, location) VALUES (1, 'paris'), (2, 'lagos'), (3, 'lagos');\n"
    "INSERT INTO lend (student_id, booksample_id) VALUES (1, 1), (2, 2), (3, 3), (1, 3);\n",
    { "public.book", "public.student", "public.booksample", "public.lend" } },
  { "account_history",
    "INSERT INTO ledger.account (client_id, account_name, account_type, status, version)\n"
    "  SELECT g % 7, 'acct ' || g, 1, 1, 1 FROM generate_series(1, 60) g;\n",
    { "ledger.account", "ledger.account_hist" } },
};


/* Row counts of the sample's tables, as one string. */
static char *
row_counts (const Sample *sample,
            const char   *conninfo)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; sample->tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", sample->tables[i]);
      g_autofree char *count = sw_test_query_value (conninfo, sql);

      g_string_append_printf (str, "%s=%s ", sample->tables[i], count);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static char *
citus_tables (const char *conninfo)
{
  return sw_test_query_value (conninfo,
                      "SELECT coalesce(string_agg(format('%s %s %s', table_name, citus_table_type, "
                      "distribution_column), ', ' ORDER BY table_name::text), '') FROM citus_tables");
}

static SwPlan *
read_plan (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.json", name);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "plans", file, NULL);
  g_autoptr(GError) error = NULL;
  SwPlan *plan = sw_plan_new_from_file (path, &error);

  g_assert_no_error (error);
  return plan;
}

static char *
create_sample (const Sample *sample,
               const char   *dbname)
{
  g_autofree char *file = g_strdup_printf ("%s.sql", sample->name);
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), file, NULL);
  g_autofree char *sql = NULL;
  g_autofree char *all = NULL;
  g_autoptr(GError) error = NULL;
  char *conninfo;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  all = g_strconcat (sql, sample->data, NULL);
  conninfo = sw_test_citus_create_database (citus, dbname, all, &error);
  g_assert_no_error (error);

  return conninfo;
}

static gboolean
run_script (const char  *dbname,
            const char  *sql,
            GError     **error)
{
  return sw_test_pg_run_sql (sw_test_citus_get_coordinator (citus), dbname, sql, error);
}

/* The account_history trigger must still write history rows through the coordinator. */
static void
assert_history_trigger (const char *conninfo)
{
  g_autofree char *before = sw_test_query_value (conninfo, "SELECT count(*) FROM ledger.account_hist");
  g_autofree char *after = NULL;
  g_autofree char *dbname = sw_test_query_value (conninfo, "SELECT current_database()");
  g_autoptr(GError) error = NULL;

  run_script (dbname,
              "INSERT INTO ledger.account (client_id, account_name, account_type, status, version)\n"
              "  VALUES (3, 'after the move', 1, 1, 1);\n"
              "UPDATE ledger.account SET version = 2 WHERE account_name = 'after the move';\n",
              &error);
  g_assert_no_error (error);
  after = sw_test_query_value (conninfo, "SELECT count(*) FROM ledger.account_hist");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 2);
}

static void
test_psql (gconstpointer data)
{
  const Sample *sample = data;
  g_autofree char *dbname = g_strdup_printf ("psql_%s", sample->name);
  g_autofree char *conninfo = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *rollback = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *moved = NULL;
  gint64 start;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = create_sample (sample, dbname);
  schema = sw_test_read_live (conninfo, NULL);
  plan = read_plan (sample->name);
  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  sql = sw_migration_to_sql (migration);
  rollback = sw_migration_to_rollback_sql (migration);
  verify = sw_migration_to_verify_sql (migration);
  counts = row_counts (sample, conninfo);

  /* Before the migration, verify.sql fails: nothing is distributed yet. */
  g_assert_false (run_script (dbname, verify, &error));
  g_assert_nonnull (strstr (error->message, "shardwise verify"));
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  run_script (dbname, sql, &error);
  g_assert_no_error (error);
  g_test_message ("%s: migration.sql, %u steps, %.2f s with psql", sample->name,
                  sw_migration_get_n_steps (migration),
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);

  run_script (dbname, verify, &error);
  g_assert_no_error (error);
  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);
  moved = citus_tables (conninfo);
  for (guint i = 0; sample->tables[i] != NULL; i++)
    {
      g_autofree char *bare = g_strdup (strchr (sample->tables[i], '.') + 1);

      /* citus_tables prints names as regclass does, public unqualified. */
      g_assert_nonnull (strstr (moved, g_str_has_prefix (sample->tables[i], "public.") ? bare
                                                                                       : sample->tables[i]));
    }
  if (g_str_equal (sample->name, "account_history"))
    {
      assert_history_trigger (conninfo);
      g_clear_pointer (&counts, g_free);
      counts = row_counts (sample, conninfo);
    }

  /* Rollback brings every row back into local tables. */
  run_script (dbname, rollback, &error);
  g_assert_no_error (error);
  g_clear_pointer (&moved, g_free);
  moved = citus_tables (conninfo);
  g_assert_cmpstr (moved, ==, "");
  g_clear_pointer (&counts_after, g_free);
  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);
  if (g_str_equal (sample->name, "account_history"))
    {
      g_autofree char *triggers = sw_test_query_value (conninfo,
                                               "SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_account_hist'");

      g_assert_cmpstr (triggers, ==, "1");
    }

  /* Rollback twice is harmless, and the migration applies again. */
  run_script (dbname, rollback, &error);
  g_assert_no_error (error);
  run_script (dbname, sql, &error);
  g_assert_no_error (error);
  run_script (dbname, verify, &error);
  g_assert_no_error (error);
  g_clear_pointer (&counts_after, g_free);
  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);
}

static void
test_applier (gconstpointer data)
{
  const Sample *sample = data;
  g_autofree char *dbname = g_strdup_printf ("apply_%s", sample->name);
  g_autofree char *conninfo = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(SwApplier) again = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *verify = NULL;
  gint64 start;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = create_sample (sample, dbname);
  counts = row_counts (sample, conninfo);
  plan = read_plan (sample->name);
  schema = sw_test_read_live (conninfo, NULL);
  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  verify = sw_migration_to_verify_sql (migration);

  applier = sw_applier_new (conninfo, plan);
  start = g_get_monotonic_time ();
  sw_applier_run_sync (applier, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s: SwApplier, %u steps, %.2f s", sample->name, sw_applier_get_n_steps (applier),
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_assert_false (sw_applier_get_resumed (applier));
  g_assert_cmpuint (sw_applier_get_n_steps (applier), ==, sw_migration_get_n_steps (migration));
  for (guint i = 0; i < sw_applier_get_n_steps (applier); i++)
    g_assert_cmpint (sw_applier_get_step_status (applier, i), ==, SW_APPLIER_STEP_DONE);
  for (guint i = 0; sample->tables[i] != NULL; i++)
    {
      g_assert_cmpint (sw_applier_get_rows_before (applier, sample->tables[i]), >, 0);
      g_assert_cmpint (sw_applier_get_rows_before (applier, sample->tables[i]), ==,
                       sw_applier_get_rows_after (applier, sample->tables[i]));
    }

  run_script (dbname, verify, &error);
  g_assert_no_error (error);
  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);

  if (g_str_equal (sample->name, "account_history"))
    assert_history_trigger (conninfo);

  /* The same plan again: every step is in the journal as done. */
  again = sw_applier_new (conninfo, plan);
  sw_applier_run_sync (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_applier_get_resumed (again));
  for (guint i = 0; i < sw_applier_get_n_steps (again); i++)
    g_assert_cmpint (sw_applier_get_step_status (again, i), ==, SW_APPLIER_STEP_SKIPPED);
}

typedef struct
{
  const char *conninfo;
  guint       kill_at;
  guint       started;
  guint       notices;
} Killer;

static void
kill_step_started_cb (SwApplier       *applier,
                      guint            position,
                      guint            n_steps,
                      SwMigrationStep *step,
                      gpointer         user_data)
{
  Killer *killer = user_data;
  g_autofree char *killed = NULL;

  killer->started++;
  if (position != killer->kill_at)
    return;

  killed = sw_test_query_value (killer->conninfo,
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'shardwise-apply' AND datname = current_database()");
  g_assert_cmpstr (killed, ==, "1");
}

static void
count_message_cb (SwApplier  *applier,
                  const char *severity,
                  const char *text,
                  gpointer    user_data)
{
  Killer *killer = user_data;

  if (g_str_equal (severity, "NOTICE"))
    killer->notices++;
}

static void
test_resume (void)
{
  const Sample *sample = &samples[1];  /* ads: 6 tables, 6 steps */
  g_autofree char *conninfo = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(SwApplier) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *journal = NULL;
  Killer killer = { 0 };

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = create_sample (sample, "resume_ads");
  counts = row_counts (sample, conninfo);
  plan = read_plan (sample->name);

  killer.conninfo = conninfo;
  killer.kill_at = 3;
  applier = sw_applier_new (conninfo, plan);
  g_signal_connect (applier, "step-started", G_CALLBACK (kill_step_started_cb), &killer);
  g_signal_connect (applier, "message", G_CALLBACK (count_message_cb), &killer);
  g_assert_false (sw_applier_run_sync (applier, NULL, &error));
  g_assert_error (error, SW_APPLIER_ERROR, SW_APPLIER_ERROR_STEP_FAILED);
  g_test_message ("dropped connection: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Step 4 of 6"));
  g_assert_nonnull (strstr (error->message, "Done: 3 of 6 steps"));
  g_assert_cmpint (sw_applier_get_step_status (applier, 2), ==, SW_APPLIER_STEP_DONE);
  g_assert_cmpint (sw_applier_get_step_status (applier, 3), ==, SW_APPLIER_STEP_FAILED);
  g_assert_cmpint (sw_applier_get_step_status (applier, 4), ==, SW_APPLIER_STEP_PENDING);
  /* Citus's NOTICEs reached us ("Copying data from local table..."). */
  g_assert_cmpuint (killer.notices, >, 0);
  g_clear_error (&error);

  journal = sw_test_query_value (conninfo,
                         "SELECT string_agg(status, ',' ORDER BY position) FROM shardwise.journal");
  g_assert_cmpstr (journal, ==, "done,done,done,pending,pending,pending");

  again = sw_applier_new (conninfo, plan);
  sw_applier_run_sync (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_applier_get_resumed (again));
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (sw_applier_get_step_status (again, i), ==,
                     i < 3 ? SW_APPLIER_STEP_SKIPPED : SW_APPLIER_STEP_DONE);

  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);
  g_clear_pointer (&journal, g_free);
  journal = sw_test_query_value (conninfo,
                         "SELECT string_agg(status, ',' ORDER BY position) FROM shardwise.journal");
  g_assert_cmpstr (journal, ==, "done,done,done,done,done,done");
}

static void
test_woodgrove_citus_tables (gconstpointer data)
{
  gboolean concurrently = GPOINTER_TO_INT (data);
  const Sample *sample = &samples[0];
  g_autofree char *dbname = g_strdup_printf ("woodgrove_%s", concurrently ? "concurrently" : "blocking");
  g_autofree char *conninfo = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *fks = NULL;
  g_autofree char *local_rows = NULL;
  gint64 start;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = create_sample (sample, dbname);
  counts = row_counts (sample, conninfo);
  plan = read_plan ("woodgrove");
  applier = sw_applier_new (conninfo, plan);
  sw_applier_set_truncate_local (applier, TRUE);
  if (concurrently)
    sw_applier_set_flags (applier, SW_MIGRATION_FLAGS_CONCURRENTLY);
  start = g_get_monotonic_time ();
  sw_applier_run_sync (applier, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("woodgrove %s: %u steps, %.2f s", concurrently ? "concurrently" : "blocking",
                  sw_applier_get_n_steps (applier),
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (sw_applier_get_n_steps (applier), ==, concurrently ? 10 : 4);

  tables = citus_tables (conninfo);
  g_assert_cmpstr (tables, ==,
                   "event_types reference <none>, payment_events distributed user_id, "
                   "payment_merchants reference <none>, payment_users distributed user_id");
  groups = sw_test_query_value (conninfo,
                        "SELECT count(DISTINCT colocation_id) FROM citus_tables "
                        "WHERE table_name IN ('payment_events'::regclass, 'payment_users'::regclass)");
  g_assert_cmpstr (groups, ==, "1");

  counts_after = row_counts (sample, conninfo);
  g_assert_cmpstr (counts, ==, counts_after);

  /* Every foreign key is there and valid (added back NOT VALID, then validated). */
  fks = sw_test_query_value (conninfo,
                     "SELECT string_agg(conname || ':' || convalidated, ',' ORDER BY conname) "
                     "FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace");
  g_assert_cmpstr (fks, ==, "payment_events_event_type_id_fkey:true,payment_events_merchant_id_fkey:true");

  /* Counts matched, so the local copies were truncated. */
  local_rows = sw_test_query_value (conninfo,
                            "SELECT count(*) FROM pg_class WHERE relname = 'payment_events' "
                            "AND pg_relation_size(oid) = 0");
  g_assert_cmpstr (local_rows, ==, "1");
}

/* The advisor's fix through the schema-changes hook: primary keys that
 * include client_id, then both tables hash-distributed and colocated. */
static void
test_schema_changes_trigger (void)
{
  const Sample *sample = &samples[4];
  g_autofree char *conninfo = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SwApplier) applier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;
  SwMigrationStep *fix;

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  conninfo = create_sample (sample, "account_hash");
  fix = sw_migration_step_new (SW_DDL_KIND_SCHEMA_CHANGE, "pk:ledger.account", "PK with client_id");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account DROP CONSTRAINT account_pkey");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account ADD CONSTRAINT account_pkey PRIMARY KEY (client_id, account_id)");
  g_ptr_array_add (changes, fix);
  fix = sw_migration_step_new (SW_DDL_KIND_SCHEMA_CHANGE, "pk:ledger.account_hist", "PK with client_id");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account_hist DROP CONSTRAINT account_hist_pkey");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account_hist ADD CONSTRAINT account_hist_pkey PRIMARY KEY (client_id, account_hist_id)");
  g_ptr_array_add (changes, fix);
  sw_plan_set_distributed (plan, "ledger.account_hist", "client_id", NULL, 8);
  sw_plan_set_distributed (plan, "ledger.account", "client_id", "ledger.account_hist", 0);

  applier = sw_applier_new (conninfo, plan);
  sw_applier_set_schema_changes (applier, changes);
  sw_applier_run_sync (applier, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sw_applier_get_n_steps (applier), ==, 6);

  tables = citus_tables (conninfo);
  g_assert_cmpstr (tables, ==, "ledger.account distributed client_id, ledger.account_hist distributed client_id");
  assert_history_trigger (conninfo);
}

static void
enable_logical_replication_of_citus (void)
{
  g_autoptr(GError) error = NULL;

  /* This Debian build of PostgreSQL only lets listed libraries be logical
   * decoding output plugins; create_distributed_table_concurrently needs Citus's. */
  for (int i = -1; i < 2; i++)
    {
      SwTestPg *node = i < 0 ? sw_test_citus_get_coordinator (citus) : sw_test_citus_get_worker (citus, i);
      g_autofree char *exists = NULL;
      g_autofree char *conninfo = sw_test_pg_get_conninfo_for (node, "postgres");

      exists = sw_test_query_value (conninfo, "SELECT count(*) FROM pg_settings WHERE name = 'output_plugin_libraries'");
      if (g_str_equal (exists, "0"))
        continue;
      sw_test_pg_run_sql (node, "postgres",
                          "ALTER SYSTEM SET output_plugin_libraries = pgoutput, test_decoding, citus;\n"
                          "SELECT pg_reload_conf();\n", &error);
      g_assert_no_error (error);
    }
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
      enable_logical_replication_of_citus ();
    }
  else
    skip_reason = g_strdup_printf ("citus suite skipped: %s", reason);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *psql = g_strdup_printf ("/Sw/ApplierCitus/psql/%s", samples[i].name);
      g_autofree char *apply = g_strdup_printf ("/Sw/ApplierCitus/apply/%s", samples[i].name);

      g_test_add_data_func (psql, &samples[i], test_psql);
      g_test_add_data_func (apply, &samples[i], test_applier);
    }
  g_test_add_func ("/Sw/ApplierCitus/resume", test_resume);
  g_test_add_data_func ("/Sw/ApplierCitus/woodgrove", GINT_TO_POINTER (FALSE), test_woodgrove_citus_tables);
  g_test_add_data_func ("/Sw/ApplierCitus/woodgrove-concurrently", GINT_TO_POINTER (TRUE), test_woodgrove_citus_tables);
  g_test_add_func ("/Sw/ApplierCitus/schema-changes-trigger", test_schema_changes_trigger);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
