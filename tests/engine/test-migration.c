/* test-migration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pg_query.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static const char *samples[] = { "woodgrove", "ads", "github_events", "library", "account_history" };

static SwSchema *
read_sample (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.sql", name);
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), file, NULL);

  return sw_test_read_file (path);
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

static void
assert_parses (const char *sql)
{
  PgQueryParseResult result = pg_query_parse (sql);

  if (result.error != NULL)
    g_error ("libpg_query: %s at %d in:\n%s", result.error->message, result.error->cursorpos, sql);
  pg_query_free_parse_result (result);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static int
step_position (SwMigration *migration,
               const char  *key)
{
  for (guint i = 0; i < sw_migration_get_n_steps (migration); i++)
    if (g_str_equal (sw_migration_step_get_key (sw_migration_get_step (migration, i)), key))
      return i;
  return -1;
}

/* The step that moves @table (its own, or its schema's). */
static int
move_position (SwMigration *migration,
               const char  *table)
{
  for (guint i = 0; i < sw_migration_get_n_steps (migration); i++)
    {
      SwMigrationStep *step = sw_migration_get_step (migration, i);

      if (sw_migration_step_get_moves_data (step) &&
          g_strv_contains (sw_migration_step_get_tables (step), table))
        return i;
    }
  return -1;
}

static gboolean
is_move (SwDdlKind kind)
{
  return kind == SW_DDL_KIND_REFERENCE_TABLE || kind == SW_DDL_KIND_DISTRIBUTED_SCHEMA ||
         kind == SW_DDL_KIND_COLOCATION_ANCHOR || kind == SW_DDL_KIND_DISTRIBUTED_TABLE ||
         kind == SW_DDL_KIND_SINGLE_SHARD_TABLE;
}

/* The ordering rules of the issue, checked on any migration. */
static void
assert_ordering_rules (SwMigration *migration)
{
  SwSchema *schema = sw_migration_get_schema (migration);
  SwPlan *plan = sw_migration_get_plan (migration);
  const char * const *dropped = sw_migration_get_dropped_foreign_keys (migration);
  GListModel *tables = sw_schema_list_tables (schema);
  guint n = sw_migration_get_n_steps (migration);
  int last_before = -1, first_move = n, last_move = -1, first_after = n;
  int last_reference = -1, first_distributed = n;

  for (guint i = 0; i < n; i++)
    {
      SwDdlKind kind = sw_migration_step_get_kind (sw_migration_get_step (migration, i));

      if (kind == SW_DDL_KIND_SCHEMA_CHANGE || kind == SW_DDL_KIND_DROP_FOREIGN_KEY ||
          kind == SW_DDL_KIND_DROP_TRIGGER)
        last_before = i;
      else if (is_move (kind))
        {
          first_move = MIN (first_move, (int)i);
          last_move = i;
          if (kind == SW_DDL_KIND_REFERENCE_TABLE)
            last_reference = i;
          else
            first_distributed = MIN (first_distributed, (int)i);
        }
      else
        first_after = MIN (first_after, (int)i);
    }
  /* 1 before 2 and 3 before 4; reference tables before distributed ones. */
  g_assert_cmpint (last_before, <, first_move);
  g_assert_cmpint (last_move, <, first_after);
  g_assert_cmpint (last_reference, <, first_distributed);

  /* Referenced tables move first, unless the foreign key was dropped for the move. */
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      GPtrArray *fks = sw_table_get_foreign_keys (table);

      for (guint j = 0; j < fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, j);
          g_autofree char *name = sw_quote_identifier (sw_foreign_key_get_name (fk));
          g_autofree char *key = g_strdup_printf ("%s.%s", sw_foreign_key_get_table (fk), name);
          int from = move_position (migration, sw_foreign_key_get_table (fk));
          int to = move_position (migration, sw_foreign_key_get_ref_table (fk));

          if (g_strv_contains (dropped, key))
            {
              g_autofree char *drop = g_strdup_printf ("drop_foreign_key:%s", key);
              g_autofree char *add = g_strdup_printf ("add_foreign_key:%s", key);
              g_autofree char *validate = g_strdup_printf ("validate_foreign_key:%s", key);

              g_assert_cmpint (step_position (migration, drop), >=, 0);
              g_assert_cmpint (step_position (migration, drop), <, step_position (migration, add));
              g_assert_cmpint (step_position (migration, add), <, step_position (migration, validate));
              continue;
            }
          if (from >= 0 && to >= 0)
            g_assert_cmpint (to, <=, from);
        }
    }

  /* A colocation group's anchor first. */
  for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (sw_plan_get_tables (plan), i);

      if (entry->colocate_with != NULL && !g_str_equal (entry->colocate_with, "none") &&
          move_position (migration, entry->colocate_with) >= 0)
        g_assert_cmpint (move_position (migration, entry->colocate_with), <,
                         move_position (migration, entry->table));
    }
}

static void
assert_scripts (SwMigration *migration)
{
  g_autofree char *sql = sw_migration_to_sql (migration);
  g_autofree char *rollback = sw_migration_to_rollback_sql (migration);
  g_autofree char *verify = sw_migration_to_verify_sql (migration);

  assert_parses (sql);
  assert_parses (rollback);
  assert_parses (verify);
  /* Every step carries its reason. */
  g_assert_cmpuint (count_occurrences (sql, "\n-- Reason: "), ==, sw_migration_get_n_steps (migration));
  g_assert_cmpuint (count_occurrences (verify, "citus_tables"), >=, 1);
}

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(SwSchema) schema = read_sample (samples[i]);
      g_autoptr(SwPlan) plan = read_plan (samples[i]);
      g_autoptr(SwPlan) reversed = sw_plan_new ();
      g_autoptr(SwMigration) migration = NULL;
      g_autoptr(SwMigration) again = NULL;
      g_autoptr(SwMigration) from_reversed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *sql_again = NULL;
      g_autofree char *sql_reversed = NULL;
      GPtrArray *entries = sw_plan_get_tables (plan);
      const char * const *schemas = sw_plan_get_distributed_schemas (plan);

      g_test_message ("sample %s", samples[i]);
      migration = sw_migration_new (schema, plan, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sw_migration_get_n_steps (migration), >, 0);
      assert_ordering_rules (migration);
      assert_scripts (migration);

      /* Deterministic: the same input, and the plan in another order, give
       * the same scripts. */
      again = sw_migration_new (schema, plan, &error);
      g_assert_no_error (error);
      sw_plan_set_shard_count (reversed, sw_plan_get_shard_count (plan));
      for (guint j = entries->len; j > 0; j--)
        sw_plan_set_table (reversed, g_ptr_array_index (entries, j - 1));
      for (guint j = 0; schemas[j] != NULL; j++)
        sw_plan_set_schema_distributed (reversed, schemas[j], TRUE);
      from_reversed = sw_migration_new (schema, reversed, &error);
      g_assert_no_error (error);

      sql = sw_migration_to_sql (migration);
      sql_again = sw_migration_to_sql (again);
      sql_reversed = sw_migration_to_sql (from_reversed);
      g_assert_cmpstr (sql, ==, sql_again);
      g_assert_cmpstr (sql, ==, sql_reversed);
    }
}

static char *
step_keys (SwMigration *migration)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < sw_migration_get_n_steps (migration); i++)
    g_string_append_printf (str, "%s\n", sw_migration_step_get_key (sw_migration_get_step (migration, i)));

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
test_woodgrove (void)
{
  g_autoptr(SwSchema) schema = read_sample ("woodgrove");
  g_autoptr(SwPlan) plan = read_plan ("woodgrove");
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *rollback = NULL;
  SwMigrationStep *step;

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  keys = step_keys (migration);
  g_assert_cmpstr (keys, ==,
                   "reference_table:public.event_types\n"
                   "reference_table:public.payment_merchants\n"
                   "distributed_table:public.payment_users\n"
                   "distributed_table:public.payment_events\n");

  step = sw_migration_get_step (migration, 3);
  g_assert_cmpint (sw_migration_step_get_kind (step), ==, SW_DDL_KIND_DISTRIBUTED_TABLE);
  g_assert_true (sw_migration_step_get_blocks_writes (step));
  g_assert_false (sw_migration_step_get_outside_transaction (step));
  g_assert_cmpint (sw_migration_step_get_kind (sw_migration_get_step (migration, 2)), ==,
                   SW_DDL_KIND_COLOCATION_ANCHOR);

  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "SELECT create_distributed_table('public.payment_users', 'user_id', shard_count => 32);"));
  g_assert_nonnull (strstr (sql, "SELECT create_distributed_table('public.payment_events', 'user_id', colocate_with => 'public.payment_users');"));
  g_assert_nonnull (strstr (sql, "Plan: Events are read per user."));

  /* Rollback: reverse order. */
  rollback = sw_migration_to_rollback_sql (migration);
  g_assert_cmpint (strstr (rollback, "'public.payment_events'::regclass") - rollback, <,
                   strstr (rollback, "'public.event_types'::regclass") - rollback);
}

/* Three reference tables whose foreign keys form a loop, plus a self-reference. */
static void
test_fk_cycle (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE a (id int PRIMARY KEY, b_id int, parent int REFERENCES a (id));\n"
    "CREATE TABLE b (id int PRIMARY KEY, c_id int);\n"
    "CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a (id));\n"
    "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);\n"
    "ALTER TABLE b ADD CONSTRAINT b_c_fk FOREIGN KEY (c_id) REFERENCES c (id) ON DELETE CASCADE;\n");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(SwMigration) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *rollback = NULL;
  const char * const *dropped;

  sw_plan_set_reference (plan, "public.a");
  sw_plan_set_reference (plan, "public.b");
  sw_plan_set_reference (plan, "public.c");

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  dropped = sw_migration_get_dropped_foreign_keys (migration);
  /* One foreign key breaks the loop: the smallest name of the loop. */
  g_assert_cmpuint (g_strv_length ((char **)dropped), ==, 1);
  g_assert_cmpstr (dropped[0], ==, "public.a.a_b_fk");

  keys = step_keys (migration);
  g_assert_cmpstr (keys, ==,
                   "drop_foreign_key:public.a.a_b_fk\n"
                   "reference_table:public.a\n"
                   "reference_table:public.c\n"
                   "reference_table:public.b\n"
                   "add_foreign_key:public.a.a_b_fk\n"
                   "validate_foreign_key:public.a.a_b_fk\n");
  assert_ordering_rules (migration);
  assert_scripts (migration);

  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "ALTER TABLE public.a DROP CONSTRAINT a_b_fk;"));
  g_assert_nonnull (strstr (sql, "ALTER TABLE public.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES public.b (id) NOT VALID;"));
  g_assert_nonnull (strstr (sql, "ALTER TABLE public.a VALIDATE CONSTRAINT a_b_fk;"));

  /* The rollback puts the foreign key back only where it is missing. */
  rollback = sw_migration_to_rollback_sql (migration);
  g_assert_nonnull (strstr (rollback, "IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint"));
  g_assert_nonnull (strstr (rollback, "'ALTER TABLE public.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES public.b (id)'"));

  again = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql_again = sw_migration_to_sql (again);

    g_assert_cmpstr (sql, ==, sql_again);
  }
}

/* A generated schema: 80 tables, a random foreign-key graph with loops, a mix
 * of reference and colocated distributed tables. */
static void
test_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GString) ddl = g_string_new (NULL);
      g_autoptr(SwSchema) schema = NULL;
      g_autoptr(SwPlan) plan = sw_plan_new ();
      g_autoptr(SwMigration) migration = NULL;
      g_autoptr(GError) error = NULL;
      const guint n = 80;
      guint n_fks = 0;

      for (guint i = 0; i < n; i++)
        g_string_append_printf (ddl, "CREATE TABLE t%02u (k bigint, id bigint, PRIMARY KEY (k, id));\n", i);
      for (guint i = 0; i < n; i++)
        for (guint f = 0; f < 2; f++)
          {
            /* Reference tables only reference reference tables (Citus refuses
             * the other way); distributed tables reference anything. */
            guint target = g_rand_int_range (rand, 0, i < 20 ? 20 : n);

            if (target == i)
              continue;
            g_string_append_printf (ddl, "ALTER TABLE t%02u ADD CONSTRAINT t%02u_fk%u FOREIGN KEY (k, id) "
                                         "REFERENCES t%02u (k, id);\n", i, i, f, target);
            n_fks++;
          }
      schema = sw_test_read_sql (ddl->str);

      /* Tables 0..19 reference, the rest distributed on k around t20 and t50. */
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("public.t%02u", i);

          if (i < 20)
            sw_plan_set_reference (plan, name);
          else if (i == 20 || i == 50)
            sw_plan_set_distributed (plan, name, "k", NULL, 0);
          else
            sw_plan_set_distributed (plan, name, "k", i < 50 ? "public.t20" : "public.t50", 0);
        }

      migration = sw_migration_new (schema, plan, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length ((char **)sw_migration_get_dropped_foreign_keys (migration)), >, 0);
      g_assert_cmpuint (g_strv_length ((char **)sw_migration_get_dropped_foreign_keys (migration)), <, n_fks);
      assert_ordering_rules (migration);
      assert_scripts (migration);
    }
}

static void
test_odd_identifiers (void)
{
  g_autofree char *long_name = g_strnfill (63, 'x');
  g_autofree char *ddl = g_strdup_printf (
    "CREATE SCHEMA \"Odd \"\"S\"\"\";\n"
    "CREATE TABLE \"Odd \"\"S\"\"\".\"select\" (\"my Col\" bigint PRIMARY KEY, \"Ünï\" text);\n"
    "CREATE TABLE \"Odd \"\"S\"\"\".\"%s\" (\"my Col\" bigint, \"it's\" int,\n"
    "  CONSTRAINT \"fk \"\"q\"\"\" FOREIGN KEY (\"my Col\") REFERENCES \"Odd \"\"S\"\"\".\"select\" (\"my Col\"));\n",
    long_name);
  g_autoptr(SwSchema) schema = sw_test_read_sql (ddl);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(SwMigration) concurrent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *long_table = g_strdup_printf ("\"Odd \"\"S\"\"\".%s", long_name);
  g_autofree char *expected = NULL;

  sw_plan_set_distributed (plan, "\"Odd \"\"S\"\"\".\"select\"", "my Col", NULL, 4);
  sw_plan_set_distributed (plan, long_table, "my Col", "\"Odd \"\"S\"\"\".\"select\"", 0);

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  assert_ordering_rules (migration);
  assert_scripts (migration);

  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "SELECT create_distributed_table('\"Odd \"\"S\"\"\".\"select\"', 'my Col', shard_count => 4);"));
  expected = g_strdup_printf ("SELECT create_distributed_table('\"Odd \"\"S\"\"\".%s', 'my Col', "
                              "colocate_with => '\"Odd \"\"S\"\"\".\"select\"');", long_name);
  g_assert_nonnull (strstr (sql, expected));

  verify = sw_migration_to_verify_sql (migration);
  g_assert_nonnull (strstr (verify, "FROM \"Odd \"\"S\"\"\".\"select\""));

  /* Concurrently: the foreign key with the odd name is dropped and added back, quoted. */
  concurrent = sw_migration_new_full (schema, plan, SW_MIGRATION_FLAGS_CONCURRENTLY, NULL, &error);
  g_assert_no_error (error);
  assert_ordering_rules (concurrent);
  assert_scripts (concurrent);
  g_clear_pointer (&sql, g_free);
  sql = sw_migration_to_sql (concurrent);
  g_assert_nonnull (strstr (sql, "DROP CONSTRAINT \"fk \"\"q\"\"\";"));
  g_assert_nonnull (strstr (sql, "FOREIGN KEY (\"my Col\") REFERENCES \"Odd \"\"S\"\"\".\"select\" (\"my Col\") NOT VALID;"));
}

static void
test_triggers (void)
{
  g_autoptr(SwSchema) schema = read_sample ("account_history");
  g_autoptr(SwPlan) plan = read_plan ("account_history");
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *rollback = NULL;

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  keys = step_keys (migration);
  g_assert_cmpstr (keys, ==,
                   "drop_trigger:ledger.account.trg_account_hist\n"
                   "distributed_schema:ledger\n"
                   "create_trigger:ledger.account.trg_account_hist\n");

  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "DROP TRIGGER trg_account_hist ON ledger.account;"));
  g_assert_nonnull (strstr (sql, "SELECT citus_schema_distribute('ledger');"));
  g_assert_nonnull (strstr (sql,
                            "BEGIN;\n"
                            "SET LOCAL citus.enable_unsafe_triggers TO on;\n"
                            "CREATE TRIGGER trg_account_hist AFTER INSERT OR UPDATE OR DELETE ON "
                            "ledger.account FOR EACH ROW EXECUTE FUNCTION ledger.tfn_account_hist();\n"
                            "COMMIT;\n"));

  rollback = sw_migration_to_rollback_sql (migration);
  g_assert_nonnull (strstr (rollback, "citus_schema_undistribute"));
  g_assert_nonnull (strstr (rollback, "pg_catalog.pg_trigger"));
}

/* The plan's own schema changes (the advisor's fixes) run first, in order. */
static void
test_plan_schema_changes (void)
{
  g_autoptr(SwSchema) schema = read_sample ("account_history");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  SwMigrationStep *first, *second;

  sw_plan_add_schema_change (plan, "ALTER TABLE ledger.account_hist DROP CONSTRAINT account_hist_pkey, "
                                   "ADD PRIMARY KEY (client_id, account_hist_id)", "hist key");
  sw_plan_add_schema_change (plan, "ALTER TABLE ledger.account DROP CONSTRAINT account_pkey, "
                                   "ADD PRIMARY KEY (client_id, account_id)", "account key");
  sw_plan_set_distributed (plan, "ledger.account", "client_id", NULL, 0);
  sw_plan_set_distributed (plan, "ledger.account_hist", "client_id", "ledger.account", 0);

  migration = sw_migration_new (schema, plan, &error);
  g_assert_no_error (error);
  first = sw_migration_get_step (migration, 0);
  second = sw_migration_get_step (migration, 1);
  g_assert_cmpint (sw_migration_step_get_kind (first), ==, SW_DDL_KIND_SCHEMA_CHANGE);
  g_assert_cmpint (sw_migration_step_get_kind (second), ==, SW_DDL_KIND_SCHEMA_CHANGE);
  g_assert_cmpstr (sw_migration_step_get_reason (first), ==, "hist key");
  g_assert_cmpstr (sw_migration_step_get_reason (second), ==, "account key");

  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "ADD PRIMARY KEY (client_id, account_hist_id)"));
  g_assert_true (strstr (sql, "account_hist_id)") < strstr (sql, "SELECT create_distributed_table"));
  g_assert_nonnull (strstr (sql, "Writes to ledger.account_hist wait while it runs."));
}

static void
test_schema_changes (void)
{
  g_autoptr(SwSchema) schema = read_sample ("account_history");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  SwMigrationStep *fix;

  fix = sw_migration_step_new (SW_DDL_KIND_SCHEMA_CHANGE, "z-second-but-named-last", "PK with client_id");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account_hist DROP CONSTRAINT account_hist_pkey");
  g_ptr_array_add (changes, fix);
  fix = sw_migration_step_new (SW_DDL_KIND_SCHEMA_CHANGE, "a-third", "PK with client_id");
  sw_migration_step_add_statement (fix, "ALTER TABLE ledger.account_hist ADD PRIMARY KEY (client_id, account_hist_id)");
  g_ptr_array_insert (changes, 0, g_object_ref (g_ptr_array_index (changes, 0)));
  g_ptr_array_index (changes, 0) = fix;

  sw_plan_set_distributed (plan, "ledger.account_hist", "client_id", NULL, 0);
  sw_plan_set_distributed (plan, "ledger.account", "client_id", "ledger.account_hist", 0);

  migration = sw_migration_new_full (schema, plan, SW_MIGRATION_FLAGS_NONE, changes, &error);
  g_assert_no_error (error);
  keys = step_keys (migration);
  /* The changes first, in the order given (not by name). */
  g_assert_cmpstr (keys, ==,
                   "a-third\n"
                   "z-second-but-named-last\n"
                   "drop_trigger:ledger.account.trg_account_hist\n"
                   "distributed_table:ledger.account_hist\n"
                   "distributed_table:ledger.account\n"
                   "create_trigger:ledger.account.trg_account_hist\n");
  assert_ordering_rules (migration);
  assert_scripts (migration);
}

static void
test_concurrently (void)
{
  g_autoptr(SwSchema) schema = read_sample ("woodgrove");
  g_autoptr(SwPlan) plan = read_plan ("woodgrove");
  g_autoptr(SwSchema) github = read_sample ("github_events");
  g_autoptr(SwPlan) github_plan = read_plan ("github_events");
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *sql = NULL;
  SwMigrationStep *step;

  migration = sw_migration_new_full (schema, plan, SW_MIGRATION_FLAGS_CONCURRENTLY, NULL, &error);
  g_assert_no_error (error);
  keys = step_keys (migration);
  g_assert_cmpstr (keys, ==,
                   "drop_foreign_key:public.payment_events.payment_events_event_type_id_fkey\n"
                   "drop_foreign_key:public.payment_events.payment_events_merchant_id_fkey\n"
                   "reference_table:public.event_types\n"
                   "reference_table:public.payment_merchants\n"
                   "distributed_table:public.payment_users\n"
                   "distributed_table:public.payment_events\n"
                   "add_foreign_key:public.payment_events.payment_events_event_type_id_fkey\n"
                   "add_foreign_key:public.payment_events.payment_events_merchant_id_fkey\n"
                   "validate_foreign_key:public.payment_events.payment_events_event_type_id_fkey\n"
                   "validate_foreign_key:public.payment_events.payment_events_merchant_id_fkey\n");
  assert_ordering_rules (migration);
  assert_scripts (migration);

  step = sw_migration_get_step (migration, 5);
  g_assert_true (sw_migration_step_get_outside_transaction (step));
  g_assert_false (sw_migration_step_get_blocks_writes (step));
  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "-- Writes to public.payment_events keep flowing while it runs.\n"
                                 "SELECT create_distributed_table_concurrently('public.payment_events', 'user_id', "
                                 "colocate_with => 'public.payment_users');\n"));

  /* github_events has no primary key nor replica identity: it moves blocking. */
  g_clear_object (&migration);
  g_clear_pointer (&sql, g_free);
  migration = sw_migration_new_full (github, github_plan, SW_MIGRATION_FLAGS_CONCURRENTLY, NULL, &error);
  g_assert_no_error (error);
  sql = sw_migration_to_sql (migration);
  g_assert_nonnull (strstr (sql, "SELECT create_distributed_table_concurrently('public.github_users'"));
  g_assert_nonnull (strstr (sql, "BEGIN;\nSELECT create_distributed_table('public.github_events'"));
}

static void
test_unknown_table (void)
{
  g_autoptr(SwSchema) schema = read_sample ("woodgrove");
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;

  sw_plan_set_reference (plan, "public.no_such_table");
  migration = sw_migration_new (schema, plan, &error);
  g_assert_null (migration);
  g_assert_error (error, SW_MIGRATION_ERROR, SW_MIGRATION_ERROR_INVALID_PLAN);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Migration/samples", test_samples);
  g_test_add_func ("/Sw/Migration/woodgrove", test_woodgrove);
  g_test_add_func ("/Sw/Migration/fk-cycle", test_fk_cycle);
  g_test_add_func ("/Sw/Migration/generated", test_generated);
  g_test_add_func ("/Sw/Migration/odd-identifiers", test_odd_identifiers);
  g_test_add_func ("/Sw/Migration/triggers", test_triggers);
  g_test_add_func ("/Sw/Migration/schema-changes", test_schema_changes);
  g_test_add_func ("/Sw/Migration/plan-schema-changes", test_plan_schema_changes);
  g_test_add_func ("/Sw/Migration/concurrently", test_concurrently);
  g_test_add_func ("/Sw/Migration/unknown-table", test_unknown_table);

  return g_test_run ();
}
