/* test-validator.c
 *
 * The plan validator: for each rule, a schema and a plan that break it and
 * one that does not; the samples with sensible plans.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-test-schema.h"

static GPtrArray *
validate (const char               *sql,
          const char               *plan_json,
          const SwValidatorOptions *options)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (plan_json, -1, &error);

  g_assert_no_error (error);
  g_assert_true (sw_plan_check_names (plan, schema, &error));
  g_assert_no_error (error);
  return sw_validate_plan (schema, plan, options);
}

static SwDiagnostic *
first_error (GPtrArray *diags)
{
  if (diags->len > 0 && sw_diagnostic_get_severity (g_ptr_array_index (diags, 0)) == SW_SEVERITY_ERROR)
    return g_ptr_array_index (diags, 0);
  return NULL;
}

static SwDiagnostic *
find_code (GPtrArray  *diags,
           const char *code)
{
  for (guint i = 0; i < diags->len; i++)
    if (g_str_equal (sw_diagnostic_get_code (g_ptr_array_index (diags, i)), code))
      return g_ptr_array_index (diags, i);
  return NULL;
}

#define PLAN(tables) "{\"version\": 1, \"shard_count\": 32, \"tables\": [" tables "]}"

typedef struct
{
  const char *name;
  const char *sql;
  const char *plan;
  const char *code;      /* NULL: no error */
  const char *error;
  const char *detail;
  const char *hint;
} Case;

static const Case cases[] = {
  /* FK-1 */
  { "fk-distributed-to-local",
    "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id), PRIMARY KEY (id));",
    PLAN ("{\"table\": \"c\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "fk-distributed-to-local", "referenced table \"p\" must be a distributed table or a reference table",
    "To enforce foreign keys, the referencing and referenced rows need to be stored on the same node.",
    "You could use SELECT create_reference_table('p') to replicate the referenced table to all nodes or consider dropping the foreign key" },
  { "fk-distributed-to-reference-ok",
    "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id), PRIMARY KEY (id));",
    PLAN ("{\"table\": \"p\", \"kind\": \"reference\"}, {\"table\": \"c\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    NULL },
  /* FK-3 */
  { "fk-reference-to-distributed",
    "CREATE TABLE d (id int PRIMARY KEY); CREATE TABLE r (id int PRIMARY KEY, d_id int REFERENCES d (id));",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "fk-reference-to-distributed",
    "cannot create foreign key constraint since foreign keys from reference tables and local tables to distributed tables are not supported",
    "Reference tables and local tables can only have foreign keys to reference tables and local tables", NULL },
  /* FK-6 */
  { "fk-not-colocated",
    "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int, a_id int REFERENCES a (id), PRIMARY KEY (a_id, id));",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"a_id\", \"colocate_with\": \"none\"}"),
    "fk-not-colocated",
    "cannot create foreign key constraint since relations are not colocated or not referencing a reference table",
    "A distributed table can only have foreign keys if it is referencing another colocated hash distributed table or a reference table", NULL },
  { "fk-colocated-ok",
    "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int, a_id int REFERENCES a (id), PRIMARY KEY (a_id, id));",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"a_id\", \"colocate_with\": \"a\"}"),
    NULL },
  /* FK-6 through types: int vs bigint are not implicitly colocated */
  { "fk-type-mismatch-not-colocated",
    "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int, a_id bigint REFERENCES a (id), PRIMARY KEY (a_id, id));",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"a_id\"}"),
    "fk-not-colocated", NULL },
  /* FK-7 */
  { "fk-distribution-column-position",
    "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"a\"}"),
    "fk-distribution-column-position", "cannot create foreign key constraint",
    "Foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables", NULL },
  /* FK-5 */
  { "fk-on-delete-set-null",
    "CREATE TABLE r (id int PRIMARY KEY); CREATE TABLE d (id int REFERENCES r (id) ON DELETE SET NULL, x int);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "fk-on-delete-set-null-dist-key", "cannot create foreign key constraint",
    "SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint", NULL },
  { "fk-on-update-cascade",
    "CREATE TABLE r (id int PRIMARY KEY); CREATE TABLE d (id int REFERENCES r (id) ON UPDATE CASCADE, x int);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "fk-on-update-dist-key", "cannot create foreign key constraint",
    "SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint.", NULL },
  { "fk-on-delete-set-null-other-column-ok",
    "CREATE TABLE r (id int PRIMARY KEY); CREATE TABLE d (id int, r_id int REFERENCES r (id) ON DELETE SET NULL ON UPDATE CASCADE);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}, {\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    NULL },
  /* FK-4 */
  { "fk-reference-to-local-cascade",
    "CREATE TABLE l (id int PRIMARY KEY); CREATE TABLE r (id int PRIMARY KEY, l_id int REFERENCES l (id) ON DELETE CASCADE);",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}"),
    "fk-reference-to-local-action",
    "cannot define foreign key constraint, foreign keys from reference tables to local tables can only be defined with NO ACTION or RESTRICT behaviors",
    NULL, "You could use SELECT create_reference_table('l') to replicate the referenced table to all nodes or consider dropping the foreign key" },
  { "fk-reference-to-local-no-action-ok",
    "CREATE TABLE l (id int PRIMARY KEY); CREATE TABLE r (id int PRIMARY KEY, l_id int REFERENCES l (id));",
    PLAN ("{\"table\": \"r\", \"kind\": \"reference\"}"),
    NULL },
  /* U-1 */
  { "unique-without-distribution-column",
    "CREATE TABLE t (id int PRIMARY KEY, tenant int);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}"),
    "unique-without-distribution-column", "cannot create constraint on \"t\"",
    "Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (with an equality operator if EXCLUDE).", NULL },
  { "unique-include-ok",
    "CREATE TABLE t (id int, tenant int, UNIQUE (id) INCLUDE (tenant));",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}"),
    NULL },
  { "unique-index-partial",
    "CREATE TABLE t (id int, tenant int); CREATE UNIQUE INDEX t_u ON t (id) WHERE id > 0;",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}"),
    "unique-without-distribution-column", "cannot create constraint on \"t\"" },
  { "unique-reference-ok",
    "CREATE TABLE t (id int PRIMARY KEY, tenant int);",
    PLAN ("{\"table\": \"t\", \"kind\": \"reference\"}"),
    NULL },
  /* §3.2 types */
  { "distribution-column-json",
    "CREATE TABLE t (id int, doc json);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"doc\"}"),
    "distribution-column-no-hash", "data type json has no default operator class for specified partition method",
    "Partition column types must have a default operator class defined." },
  { "distribution-column-generated",
    "CREATE TABLE t (id int, g int GENERATED ALWAYS AS (id * 2) STORED);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"g\"}"),
    "distribution-column-generated", "cannot distribute relation: t",
    "Distribution column must not use GENERATED ALWAYS AS (...) STORED." },
  { "distribution-column-jsonb-ok",
    "CREATE TABLE t (id int, doc jsonb);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"doc\"}"),
    NULL },
  /* §4 triggers: the migration drops them before the move and creates them
   * again after it under SET LOCAL citus.enable_unsafe_triggers, so no error. */
  { "triggers-dropped-and-recreated",
    "CREATE TABLE t (id int); CREATE FUNCTION f () RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
    "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f ();",
    PLAN ("{\"table\": \"t\", \"kind\": \"reference\"}"),
    NULL },
  /* §5 kinds */
  { "inheritance",
    "CREATE TABLE p (id int); CREATE TABLE c (x int) INHERITS (p);",
    PLAN ("{\"table\": \"p\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "inheritance", "p is not a regular, foreign or partitioned table" },
  { "unlogged-ok",
    "CREATE UNLOGGED TABLE t (id int);",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    NULL },
  { "partitioned-reference",
    "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
    "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    PLAN ("{\"table\": \"m\", \"kind\": \"reference\"}"),
    "partitioned-not-hash", "distributing partitioned tables in only supported for hash-distributed tables" },
  /* A partition moves with its parent only: its own entry is a warning (below). */
  { "partition-of-local-parent",
    "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
    "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    PLAN ("{\"table\": \"m_2024\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    NULL },
  { "partitioned-hash-ok",
    "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
    "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    PLAN ("{\"table\": \"m\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    NULL },
  /* §5.11 */
  { "policy-subquery",
    "CREATE TABLE t (id int, owner text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY p ON t USING (owner IN (SELECT current_user));",
    PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"id\"}"),
    "policy-subquery", "cannot create policy", "Subqueries are not supported in policies on distributed tables" },
  /* §3.4 colocate_with */
  { "colocate-with-type-mismatch",
    "CREATE TABLE a (id int); CREATE TABLE b (id bigint);",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"a\"}"),
    "colocate-with-mismatch", "cannot colocate tables a and b", "Distribution column types don't match for a and b." },
  { "colocate-with-local",
    "CREATE TABLE a (id int); CREATE TABLE b (id int);",
    PLAN ("{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"a\"}"),
    "colocate-with-not-distributed", "relation a is not distributed" },
  /* §6 */
  { "schema-fk-out",
    "CREATE SCHEMA s; CREATE TABLE public.d (id int PRIMARY KEY); CREATE TABLE s.t (id int, d_id int REFERENCES public.d (id));",
    "{\"version\": 1, \"tables\": [{\"table\": \"public.d\", \"kind\": \"distributed\", \"column\": \"id\"}],"
    " \"schemas\": [{\"schema\": \"s\", \"kind\": \"distributed_schema\"}]}",
    "tenant-fk-out",
    "foreign keys from distributed schemas can only point to the same distributed schema or reference tables in regular schemas" },
  /* Odd identifiers */
  { "odd-identifiers",
    "CREATE TABLE \"Odd \"\"T\"\"\" (\"Id\" int PRIMARY KEY); CREATE TABLE \"select\" (\"Id\" int, \"ref Id\" int REFERENCES \"Odd \"\"T\"\"\" (\"Id\"));",
    PLAN ("{\"table\": \"\\\"select\\\"\", \"kind\": \"distributed\", \"column\": \"Id\"}"),
    "fk-distributed-to-local", "referenced table \"Odd \"T\"\" must be a distributed table or a reference table" },
  /* FK cycle among colocated tables */
  { "fk-cycle-colocated-ok",
    "CREATE TABLE a (t int, id int, b_id int, PRIMARY KEY (t, id)); CREATE TABLE b (t int, id int, a_id int, PRIMARY KEY (t, id));"
    "ALTER TABLE a ADD FOREIGN KEY (t, b_id) REFERENCES b (t, id); ALTER TABLE b ADD FOREIGN KEY (t, a_id) REFERENCES a (t, id);",
    PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"t\"},"
          "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"t\", \"colocate_with\": \"a\"}"),
    NULL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GPtrArray) diags = validate (c->sql, c->plan, NULL);
  SwDiagnostic *diag = first_error (diags);

  if (c->code == NULL)
    {
      if (diag != NULL)
        g_test_message ("unexpected: %s: %s", sw_diagnostic_get_code (diag), sw_diagnostic_get_error (diag));
      g_assert_null (diag);
      return;
    }
  g_assert_nonnull (diag);
  g_assert_cmpstr (sw_diagnostic_get_code (diag), ==, c->code);
  if (c->error != NULL)
    g_assert_cmpstr (sw_diagnostic_get_error (diag), ==, c->error);
  if (c->detail != NULL)
    g_assert_cmpstr (sw_diagnostic_get_detail (diag), ==, c->detail);
  if (c->hint != NULL)
    g_assert_cmpstr (sw_diagnostic_get_hint (diag), ==, c->hint);
  g_assert_nonnull (sw_diagnostic_get_explanation (diag));
  g_assert_nonnull (sw_diagnostic_get_tables (diag)[0]);
}

static void
test_woodgrove (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(SwSchema) schema = sw_test_read_file (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (
    PLAN ("{\"table\": \"public.event_types\", \"kind\": \"reference\"},"
          "{\"table\": \"public.payment_merchants\", \"kind\": \"reference\"},"
          "{\"table\": \"public.payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
          "{\"table\": \"public.payment_events\", \"kind\": \"distributed\", \"column\": \"user_id\","
          " \"colocate_with\": \"public.payment_users\"}"), -1, &error);
  g_autoptr(GPtrArray) diags = NULL;

  g_assert_no_error (error);
  diags = sw_validate_plan (schema, plan, NULL);
  for (guint i = 0; i < diags->len; i++)
    g_test_message ("%s", sw_diagnostic_get_code (g_ptr_array_index (diags, i)));
  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 0);
}

static void
test_fix_applies (void)
{
  const Case *c = &cases[0];
  g_autoptr(SwSchema) schema = sw_test_read_sql (c->sql);
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (c->plan, -1, NULL);
  g_autoptr(GPtrArray) diags = sw_validate_plan (schema, plan, NULL);
  g_autoptr(GPtrArray) after = NULL;
  SwDiagnostic *diag = first_error (diags);
  SwFix *fix;

  g_assert_nonnull (diag);
  fix = g_ptr_array_index (sw_diagnostic_get_fixes (diag), 0);
  g_assert_nonnull (fix->plan_change);
  g_assert_cmpstr (fix->description, ==, "Make p a reference table");
  g_assert_true (sw_fix_apply_to_plan (fix, plan));
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.p"), ==, SW_PLAN_KIND_REFERENCE);
  after = sw_validate_plan (schema, plan, NULL);
  g_assert_cmpuint (sw_diagnostics_count_errors (after), ==, 0);
}

static void
test_unique_fix_ddl (void)
{
  g_autoptr(GPtrArray) diags = validate ("CREATE TABLE t (id int PRIMARY KEY, tenant int);",
                                         PLAN ("{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}"),
                                         NULL);
  SwDiagnostic *diag = first_error (diags);
  GPtrArray *fixes = sw_diagnostic_get_fixes (diag);
  gboolean found = FALSE;

  for (guint i = 0; i < fixes->len; i++)
    {
      SwFix *fix = g_ptr_array_index (fixes, i);

      if (fix->ddl && g_str_equal (fix->ddl, "ALTER TABLE public.t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (tenant, id);"))
        found = TRUE;
    }
  g_assert_true (found);
}

static void
test_options (void)
{
  SwValidatorOptions options;
  g_autoptr(GPtrArray) diags = NULL;

  sw_validator_options_init_default (&options);
  g_assert_cmpuint (options.shard_count, ==, 32);
  g_assert_cmpuint (options.n_workers, ==, 2);
  g_assert_true (options.coordinator_in_metadata);
  g_assert_true (sw_validator_options_set (&options, "citus.enable_unsafe_triggers", "on"));
  g_assert_true (options.enable_unsafe_triggers);
  g_assert_false (sw_validator_options_set (&options, "citus.shard_count", "0"));
  g_assert_false (sw_validator_options_set (&options, "no.such", "1"));

  /* The trigger comes back on the reference table: a warning says it now
   * runs on the shards. */
  diags = validate (cases[19].sql, cases[19].plan, NULL);
  g_assert_cmpstr (cases[19].name, ==, "triggers-dropped-and-recreated");
  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 0);
  g_assert_nonnull (find_code (diags, "unsafe-triggers"));
}

static void
test_partition_ignored (void)
{
  g_autoptr(GPtrArray) diags = validate ("CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);"
                                         "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
                                         PLAN ("{\"table\": \"m_2024\", \"kind\": \"distributed\", \"column\": \"id\"}"),
                                         NULL);
  SwDiagnostic *diag = find_code (diags, "plan-partition-ignored");
  SwFix *fix;

  g_assert_nonnull (diag);
  g_assert_cmpint (sw_diagnostic_get_severity (diag), ==, SW_SEVERITY_WARNING);
  g_assert_cmpstr (sw_diagnostic_get_tables (diag)[0], ==, "public.m_2024");
  fix = g_ptr_array_index (sw_diagnostic_get_fixes (diag), 0);
  g_assert_cmpstr (fix->plan_change->table, ==, "public.m");
  g_assert_cmpint (fix->plan_change->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (fix->plan_change->column, ==, "id");
}

static void
test_warnings (void)
{
  g_autoptr(GPtrArray) diags = validate ("CREATE TABLE d (id int PRIMARY KEY); CREATE TABLE l (id int, d_id int REFERENCES d (id));",
                                         PLAN ("{\"table\": \"d\", \"kind\": \"distributed\", \"column\": \"id\"}"),
                                         NULL);

  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 0);
  g_assert_nonnull (find_code (diags, "fk-local-to-distributed-not-enforced"));
  g_assert_cmpint (sw_diagnostic_get_severity (find_code (diags, "fk-local-to-distributed-not-enforced")), ==, SW_SEVERITY_WARNING);
}


/* Every error names the statement of the generated migration Citus stops at,
 * and that statement is in the script export writes. */
static void
test_error_names_statement (void)
{
  const char *sql = "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id), PRIMARY KEY (id));";
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (PLAN ("{\"table\": \"c\", \"kind\": \"distributed\", \"column\": \"id\"}"), -1, NULL);
  g_autoptr(SwMigration) migration = sw_migration_new (schema, plan, NULL);
  g_autoptr(GPtrArray) diags = sw_validate_plan (schema, plan, NULL);
  g_autofree char *script = sw_migration_to_sql (migration);
  SwDiagnostic *diag = first_error (diags);
  g_autofree char *with_semicolon = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  g_assert_nonnull (diag);
  g_assert_cmpuint (sw_diagnostic_get_step (diag), >=, 1);
  g_assert_cmpuint (sw_diagnostic_get_step (diag), <=, sw_migration_get_n_steps (migration));
  g_assert_cmpstr (sw_diagnostic_get_statement (diag), ==,
                   sw_migration_step_get_statements (sw_migration_get_step (migration, sw_diagnostic_get_step (diag) - 1))[0]);
  g_assert_true (g_str_has_prefix (sw_diagnostic_get_statement (diag), "SELECT create_distributed_table("));
  with_semicolon = g_strdup_printf ("%s;\n", sw_diagnostic_get_statement (diag));
  g_assert_nonnull (strstr (script, with_semicolon));
  text = sw_diagnostic_to_text (diag);
  g_assert_nonnull (strstr (text, sw_diagnostic_get_statement (diag)));
  json = sw_diagnostics_to_json (diags, NULL);
  g_assert_nonnull (strstr (json, "\"step\" : "));
  g_assert_nonnull (strstr (json, "\"statement\" : \"SELECT create_distributed_table("));
}

/* A foreign key loop between tables that are not colocated: the migration
 * drops one foreign key of the loop, and adding it back is what fails. With
 * no schema SQL (a live model), the dropped key is still tracked. */
static void
test_cycle_fk_added_back (void)
{
  const char *sql = "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));"
                    "ALTER TABLE a ADD CONSTRAINT a_b_fkey FOREIGN KEY (b_id) REFERENCES b (id);";
  const char *plan_json = PLAN ("{\"table\": \"a\", \"kind\": \"reference\"},"
                                "{\"table\": \"b\", \"kind\": \"reference\"}");
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (plan_json, -1, NULL);
  g_autoptr(GPtrArray) live = sw_validate_plan (schema, plan, NULL);
  g_autoptr(GPtrArray) file = sw_validate_plan_full (schema, sql, plan, SW_MIGRATION_FLAGS_NONE, NULL);
  g_autoptr(SwMigration) migration = sw_migration_new (schema, plan, NULL);

  /* Two reference tables with FKs both ways: fine once both moved. */
  g_assert_cmpstr (sw_migration_get_dropped_foreign_keys (migration)[0], ==, "public.a.a_b_fkey");
  g_assert_cmpuint (sw_diagnostics_count_errors (live), ==, 0);
  g_assert_cmpuint (sw_diagnostics_count_errors (file), ==, 0);
  g_assert_null (find_code (live, "statement-not-modelled"));
}

static void
test_cycle_not_colocated (void)
{
  const char *sql = "CREATE TABLE a (id int, b_id int, PRIMARY KEY (id)); CREATE TABLE b (id int, a_id int, PRIMARY KEY (id));"
                    "ALTER TABLE a ADD CONSTRAINT a_b_fkey FOREIGN KEY (b_id) REFERENCES b (id);"
                    "ALTER TABLE b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES a (id);";
  const char *plan_json = PLAN ("{\"table\": \"a\", \"kind\": \"distributed\", \"column\": \"id\"},"
                                "{\"table\": \"b\", \"kind\": \"distributed\", \"column\": \"id\", \"colocate_with\": \"none\"}");
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (plan_json, -1, NULL);
  g_autoptr(GPtrArray) live = sw_validate_plan (schema, plan, NULL);
  g_autoptr(GPtrArray) file = sw_validate_plan_full (schema, sql, plan, SW_MIGRATION_FLAGS_NONE, NULL);
  SwDiagnostic *diag;

  for (guint k = 0; k < 2; k++)
    {
      diag = first_error (k == 0 ? live : file);
      g_assert_nonnull (diag);
      g_assert_cmpstr (sw_diagnostic_get_error (diag), ==,
                       "cannot create foreign key constraint since relations are not colocated or not referencing a reference table");
    }
  /* The first failure is the distribution of the table whose FK still stands. */
  g_assert_cmpstr (sw_diagnostic_get_statement (first_error (live)), ==, sw_diagnostic_get_statement (first_error (file)));
}

/* The plan's schema changes change the schema it is checked against: with
 * the schema's SQL, a widened primary key removes the error. */
static void
test_schema_change_widens_pk (void)
{
  const char *sql = "CREATE TABLE t (id int PRIMARY KEY, tenant int NOT NULL);";
  const char *plan_json =
    "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}],"
    " \"schema_changes\": [{\"sql\": \"ALTER TABLE public.t DROP CONSTRAINT t_pkey, ADD PRIMARY KEY (tenant, id);\","
    "                       \"reason\": \"the distribution column in the key\"}]}";
  g_autoptr(SwSchema) schema = sw_test_read_sql (sql);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (plan_json, -1, &error);
  g_autoptr(SwPlan) bare = NULL;
  g_autoptr(GPtrArray) with_sql = NULL;
  g_autoptr(GPtrArray) without_sql = NULL;
  g_autoptr(GPtrArray) unchanged = NULL;

  g_assert_no_error (error);
  with_sql = sw_validate_plan_full (schema, sql, plan, SW_MIGRATION_FLAGS_NONE, NULL);
  g_assert_cmpuint (sw_diagnostics_count_errors (with_sql), ==, 0);
  g_assert_null (find_code (with_sql, "statement-not-modelled"));

  /* A live model: sw_schema_apply_sql() makes the same change. */
  without_sql = sw_validate_plan (schema, plan, NULL);
  g_assert_cmpuint (sw_diagnostics_count_errors (without_sql), ==, 0);
  g_assert_null (find_code (without_sql, "statement-not-modelled"));

  /* Without the change, the error blocks. */
  bare = sw_plan_copy (plan);
  sw_plan_clear_schema_changes (bare);
  unchanged = sw_validate_plan_full (schema, sql, bare, SW_MIGRATION_FLAGS_NONE, NULL);
  g_assert_cmpstr (sw_diagnostic_get_code (first_error (unchanged)), ==, "unique-without-distribution-column");
  g_assert_cmpuint (sw_diagnostics_count_blocking_errors (unchanged), ==, 1);
}

/* A schema change the model cannot take: said so, and the errors after it
 * do not block a gate. */
static void
test_statement_not_modelled (void)
{
  const char *plan_json =
    "{\"version\": 1, \"tables\": [{\"table\": \"t\", \"kind\": \"distributed\", \"column\": \"tenant\"}],"
    " \"schema_changes\": [{\"sql\": \"ALTER TABLE public.t DROP CONSTRAINT no_such;\", \"reason\": \"?\"}]}";
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int PRIMARY KEY, tenant int NOT NULL);");
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (plan_json, -1, NULL);
  g_autoptr(GPtrArray) diags = sw_validate_plan (schema, plan, NULL);
  SwDiagnostic *note = find_code (diags, "statement-not-modelled");

  g_assert_nonnull (note);
  g_assert_cmpuint (sw_diagnostic_get_step (note), ==, 1);
  g_assert_cmpstr (sw_diagnostic_get_statement (note), ==, "ALTER TABLE public.t DROP CONSTRAINT no_such");
  g_assert_cmpuint (sw_diagnostics_count_errors (diags), ==, 1);
  g_assert_cmpuint (sw_diagnostics_count_blocking_errors (diags), ==, 0);
}

/* The generator refuses a plan that names a table the schema lacks. */
static void
test_plan_refused (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int);");
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (PLAN ("{\"table\": \"nope\", \"kind\": \"reference\"}"), -1, NULL);
  g_autoptr(GPtrArray) diags = sw_validate_plan (schema, plan, NULL);
  SwDiagnostic *diag = first_error (diags);

  g_assert_nonnull (diag);
  g_assert_cmpstr (sw_diagnostic_get_code (diag), ==, "plan-refused");
  g_assert_null (sw_diagnostic_get_error (diag));
  g_assert_nonnull (strstr (sw_diagnostic_get_explanation (diag), "nope"));
}

/* SET LOCAL lasts for its transaction only, and does nothing outside one. */
static void
test_set_local (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql ("CREATE TABLE t (id int); CREATE TABLE u (id int);"
                                                 "CREATE FUNCTION f () RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
                                                 "CREATE TRIGGER trg_t BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f ();"
                                                 "CREATE TRIGGER trg_u BEFORE INSERT ON u FOR EACH ROW EXECUTE FUNCTION f ();");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = sw_lint_script (schema, NULL,
                                                 "SET LOCAL citus.enable_unsafe_triggers TO on;\n"
                                                 "SELECT create_reference_table('t');\n"
                                                 "BEGIN;\n"
                                                 "SET LOCAL citus.enable_unsafe_triggers TO on;\n"
                                                 "SELECT create_reference_table('u');\n"
                                                 "COMMIT;\n"
                                                 "CREATE TRIGGER trg2 BEFORE INSERT ON u FOR EACH ROW EXECUTE FUNCTION f ();\n",
                                                 NULL, &error);
  const gboolean ok[] = { TRUE, FALSE, TRUE, TRUE, TRUE, TRUE, FALSE };

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (ok));
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (((SwLintResult *)g_ptr_array_index (results, i))->ok, ==, ok[i]);
  g_assert_cmpstr (((SwLintResult *)g_ptr_array_index (results, 1))->error, ==,
                   "cannot distribute relation \"t\" because it has triggers");
  g_assert_cmpstr (((SwLintResult *)g_ptr_array_index (results, 6))->error, ==,
                   "triggers are not supported on reference tables");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Sw/Validator/rule/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/Sw/Validator/woodgrove", test_woodgrove);
  g_test_add_func ("/Sw/Validator/fix-applies", test_fix_applies);
  g_test_add_func ("/Sw/Validator/unique-fix-ddl", test_unique_fix_ddl);
  g_test_add_func ("/Sw/Validator/options", test_options);
  g_test_add_func ("/Sw/Validator/warnings", test_warnings);
  g_test_add_func ("/Sw/Validator/partition-ignored", test_partition_ignored);
  g_test_add_func ("/Sw/Validator/error-names-statement", test_error_names_statement);
  g_test_add_func ("/Sw/Validator/cycle-fk-added-back", test_cycle_fk_added_back);
  g_test_add_func ("/Sw/Validator/cycle-not-colocated", test_cycle_not_colocated);
  g_test_add_func ("/Sw/Validator/schema-change-widens-pk", test_schema_change_widens_pk);
  g_test_add_func ("/Sw/Validator/plan-refused", test_plan_refused);
  g_test_add_func ("/Sw/Validator/statement-not-modelled", test_statement_not_modelled);
  g_test_add_func ("/Sw/Validator/set-local", test_set_local);

  return g_test_run ();
}
