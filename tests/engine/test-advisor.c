/* test-advisor.c
 *
 * The advisor on the samples and on small schemas made for one behaviour
 * each: the classic shapes, the workload, skew, a schema better left on one
 * node, the schema fixes, tenant schemas, the async API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sw-engine.h"
#include "sw-schema-private.h"
#include "sw-test-schema.h"

static char *
read_sample_text (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static SwPlan *
recommend (SwSchema    *schema,
           SwWorkload  *workload,
           SwAdvisor  **out_advisor)
{
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(GError) error = NULL;
  SwPlan *plan;

  sw_advisor_set_workload (advisor, workload);
  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  if (out_advisor != NULL)
    *out_advisor = g_steal_pointer (&advisor);
  return plan;
}

/* Every table of the schema has exactly one decision, with a reason and a
 * confidence; prints the plan as "table kind column colocate_with" lines.
 */
static char *
describe_plan (SwSchema *schema,
               SwPlan   *plan)
{
  GPtrArray *tables = sw_plan_get_tables (plan);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);

      g_assert_nonnull (sw_schema_find_table (schema, entry->table));
      g_assert_nonnull (entry->reason);
      g_assert_cmpfloat (entry->confidence, >, 0.0);
      g_assert_cmpfloat (entry->confidence, <=, 1.0);
      g_string_append_printf (out, "%s %s", entry->table, sw_plan_kind_to_string (entry->kind));
      if (entry->column != NULL)
        g_string_append_printf (out, " %s", entry->column);
      if (entry->colocate_with != NULL)
        g_string_append_printf (out, " with %s", entry->colocate_with);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static guint
count_advice (SwAdvisor    *advisor,
              SwAdviceKind  kind)
{
  GPtrArray *advice = sw_advisor_get_advice (advisor);
  guint n = 0;

  for (guint i = 0; i < advice->len; i++)
    n += sw_advice_get_kind (g_ptr_array_index (advice, i)) == kind;
  return n;
}

static void
check_sample (const char *name,
              const char *expected)
{
  g_autofree char *text = read_sample_text (name);
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwPlan) plan = recommend (schema, NULL, NULL);
  g_autofree char *got = describe_plan (schema, plan);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (sw_plan_get_shard_count (plan), ==, 32);
}

static void
test_ads (void)
{
  check_sample ("ads.sql",
                "public.ads distributed company_id with public.companies\n"
                "public.campaigns distributed company_id with public.companies\n"
                "public.clicks distributed company_id with public.companies\n"
                "public.companies distributed id\n"
                "public.geo_ips reference\n"
                "public.impressions distributed company_id with public.companies\n");
}

/* Wide tables (more columns than the advisor compares by name) find their
 * key columns as well as narrow ones: the key columns come last here, and
 * only the foreign keys (not the names) say they hold the same key.
 */
static void
test_wide_tables (void)
{
  GString *sql = g_string_new ("CREATE TABLE companies (id bigint PRIMARY KEY, name text);\n");
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autofree char *got = NULL;

  for (guint t = 0; t < 2; t++)
    {
      g_string_append_printf (sql, "CREATE TABLE wide%u (", t);
      for (guint c = 0; c < 60; c++)
        g_string_append_printf (sql, "note%02u text, ", c);
      g_string_append_printf (sql, "owner%u bigint NOT NULL REFERENCES companies (id), id bigint, "
                                   "PRIMARY KEY (owner%u, id));\n", t, t);
    }
  g_string_append (sql, "CREATE TABLE detail (owner bigint, wide_id bigint, x text, "
                        "FOREIGN KEY (owner, wide_id) REFERENCES wide1 (owner1, id));\n");
  schema = sw_test_read_sql (sql->str);
  g_string_free (sql, TRUE);
  plan = recommend (schema, NULL, NULL);
  got = describe_plan (schema, plan);
  g_assert_cmpstr (got, ==,
                   "public.companies distributed id\n"
                   "public.detail distributed owner with public.companies\n"
                   "public.wide0 distributed owner0 with public.companies\n"
                   "public.wide1 distributed owner1 with public.companies\n");
}

static void
test_github_events (void)
{
  check_sample ("github_events.sql",
                "public.github_events distributed user_id with public.github_users\n"
                "public.github_users distributed user_id\n");
}

static void
test_woodgrove (void)
{
  check_sample ("woodgrove.sql",
                "public.event_types reference\n"
                "public.payment_events distributed user_id with public.payment_users\n"
                "public.payment_merchants reference\n"
                "public.payment_users distributed user_id\n");
}

static void
test_library (void)
{
  check_sample ("library.sql",
                "public.book reference\n"
                "public.booksample distributed id\n"
                "public.lend distributed booksample_id with public.booksample\n"
                "public.student reference\n");
}

static void
test_account_history (void)
{
  g_autofree char *text = read_sample_text ("account_history.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = recommend (schema, NULL, &advisor);
  g_autofree char *got = describe_plan (schema, plan);
  g_autofree char *fixes = sw_advisor_dup_fixes_sql (advisor);

  g_assert_cmpstr (got, ==,
                   "ledger.account distributed client_id\n"
                   "ledger.account_hist distributed client_id with ledger.account\n");
  g_assert_cmpstr (fixes, ==,
                   "ALTER TABLE ledger.account DROP CONSTRAINT account_pkey, "
                   "ADD CONSTRAINT account_pkey PRIMARY KEY (client_id, account_id);\n"
                   "ALTER TABLE ledger.account_hist DROP CONSTRAINT account_hist_pkey, "
                   "ADD CONSTRAINT account_hist_pkey PRIMARY KEY (client_id, account_hist_id);\n"
                   "SET citus.enable_unsafe_triggers TO on;\n");
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_KEY_FIX), ==, 2);
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_SETTING), ==, 1);
  g_assert_false (sw_advisor_get_single_node (advisor));
}

/* The alternatives of a decision are ranked, best first. */
static void
test_alternatives_ranked (void)
{
  g_autofree char *text = read_sample_text ("account_history.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwPlan) plan = recommend (schema, NULL, NULL);
  const SwPlanTable *entry = sw_plan_lookup_table (plan, "ledger.account");
  SwPlanAlternative *first;

  g_assert_nonnull (entry->alternatives);
  g_assert_cmpuint (entry->alternatives->len, >=, 2);
  first = g_ptr_array_index (entry->alternatives, 0);
  /* The runner-up is the other key both tables share. */
  g_assert_cmpint (first->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (first->column, ==, "account_id");
  g_assert_nonnull (first->reason);
  for (guint i = 1; i < entry->alternatives->len; i++)
    {
      SwPlanAlternative *prev = g_ptr_array_index (entry->alternatives, i - 1);
      SwPlanAlternative *alt = g_ptr_array_index (entry->alternatives, i);

      g_assert_cmpfloat (prev->score, >=, alt->score);
    }
}

/* A workload that filters and joins on account_id, often, turns the
 * choice from client_id to account_id.
 */
static void
test_workload_changes_choice (void)
{
  g_autofree char *text = read_sample_text ("account_history.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwWorkload) workload = sw_workload_new_from_sql (
    "-- calls: 100000\n"
    "SELECT * FROM ledger.account a JOIN ledger.account_hist h ON h.account_id = a.account_id\n"
    "  WHERE a.account_id = $1;\n"
    "-- calls: 50000\n"
    "SELECT * FROM ledger.account_hist WHERE account_id = $1 ORDER BY replaced;\n", &error);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwPlan) plain = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  plain = recommend (schema, NULL, NULL);
  g_assert_cmpstr (sw_plan_lookup_table (plain, "ledger.account")->column, ==, "client_id");

  plan = recommend (schema, workload, NULL);
  got = describe_plan (schema, plan);
  g_assert_cmpstr (got, ==,
                   "ledger.account distributed account_id\n"
                   "ledger.account_hist distributed account_id with ledger.account\n");
}

static void
set_stats (SwSchema           *schema,
           const char         *table,
           const char         *column,
           gint64              rows,
           double              n_distinct,
           const char * const *mcv,
           const double       *freqs)
{
  SwTable *t = sw_test_find_table (schema, table);
  SwColumn *c = sw_table_find_column (t, column);

  g_assert_nonnull (c);
  t->estimated_rows = rows;
  t->total_bytes = rows * 100;
  c->has_stats = TRUE;
  c->n_distinct = n_distinct;
  c->null_frac = 0;
  g_strfreev (c->most_common_values);
  c->most_common_values = g_strdupv ((char **)mcv);
  if (c->most_common_freqs == NULL)
    c->most_common_freqs = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_set_size (c->most_common_freqs, 0);
  for (guint i = 0; mcv != NULL && mcv[i] != NULL; i++)
    g_array_append_val (c->most_common_freqs, freqs[i]);
}

static guint
shard_of (const char *value)
{
  gint32 hash;

  g_assert_true (sw_hash_value (SW_HASH_TYPE_INT8, value, &hash, NULL));
  return sw_hash_shard_index (hash, 32);
}

static SwAdvice *
find_advice (SwAdvisor    *advisor,
             SwAdviceKind  kind)
{
  GPtrArray *advice = sw_advisor_get_advice (advisor);

  for (guint i = 0; i < advice->len; i++)
    if (sw_advice_get_kind (g_ptr_array_index (advice, i)) == kind)
      return g_ptr_array_index (advice, i);
  return NULL;
}

static void
test_skew (void)
{
  g_autofree char *text = read_sample_text ("woodgrove.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = NULL;
  const char *mcv[] = { "42", "7", NULL };
  const double freqs[] = { 0.20, 0.01 };
  double load = 0.20 + 0.79 / 32 + (shard_of ("7") == shard_of ("42") ? 0.01 : 0.0);
  g_autofree char *expected = g_strdup_printf ("%.1f%% of the rows on shard %u of 32", 100 * load, shard_of ("42"));
  SwAdvice *a;

  set_stats (schema, "public.payment_events", "user_id", 1000000, 20000, mcv, freqs);
  plan = recommend (schema, NULL, &advisor);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.payment_events")->column, ==, "user_id");
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_SKEW), ==, 1);
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_LOW_CARDINALITY), ==, 0);
  a = find_advice (advisor, SW_ADVICE_SKEW);
  g_assert_cmpstr (sw_advice_get_table (a), ==, "public.payment_events");
  g_assert_null (sw_advice_get_ddl (a));
  g_assert_true (sw_advice_is_warning (a));
  g_assert_nonnull (strstr (sw_advice_get_reason (a), expected));
}

/* Two values, each under 1.5 × the average share, that Citus hashes to the
 * same shard overload it together; the same two on different shards do not.
 */
static void
test_skew_hashed_together (void)
{
  g_autofree char *text = read_sample_text ("woodgrove.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwSchema) schema2 = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwAdvisor) advisor2 = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwPlan) plan2 = NULL;
  char same[16] = "", other[16] = "";
  const double freqs[] = { 0.01, 0.01 };
  guint target = shard_of ("1");

  for (int v = 2; v < 10000 && (same[0] == '\0' || other[0] == '\0'); v++)
    {
      char buf[16];

      g_snprintf (buf, sizeof buf, "%d", v);
      if (shard_of (buf) == target && same[0] == '\0')
        g_strlcpy (same, buf, sizeof same);
      else if (shard_of (buf) != target && other[0] == '\0')
        g_strlcpy (other, buf, sizeof other);
    }
  g_assert_cmpstr (same, !=, "");

  {
    const char *mcv[] = { "1", same, NULL };

    set_stats (schema, "public.payment_events", "user_id", 1000000, 20000, mcv, freqs);
  }
  {
    const char *mcv[] = { "1", other, NULL };

    set_stats (schema2, "public.payment_events", "user_id", 1000000, 20000, mcv, freqs);
  }
  plan = recommend (schema, NULL, &advisor);
  plan2 = recommend (schema2, NULL, &advisor2);
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_SKEW), ==, 1);
  g_assert_cmpuint (count_advice (advisor2, SW_ADVICE_SKEW), ==, 0);
}

static void
test_low_cardinality (void)
{
  g_autofree char *text = read_sample_text ("woodgrove.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwSchema) schema2 = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwAdvisor) advisor2 = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwPlan) plan2 = NULL;

  /* 100 users for 32 shards: still the key, with a warning. */
  set_stats (schema, "public.payment_events", "user_id", 1000000, 100, NULL, NULL);
  plan = recommend (schema, NULL, &advisor);
  g_assert_cmpstr (sw_plan_lookup_table (plan, "public.payment_events")->column, ==, "user_id");
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_LOW_CARDINALITY), ==, 1);

  /* 5 users for 32 shards: never a distribution column. */
  set_stats (schema2, "public.payment_events", "user_id", 1000000, 5, NULL, NULL);
  plan2 = recommend (schema2, NULL, &advisor2);
  g_assert_cmpstr (sw_plan_lookup_table (plan2, "public.payment_events")->column, !=, "user_id");
}

/* Time and boolean columns are never picked, even when nothing else is. */
static void
test_never_time_columns (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE readings (created_at timestamptz PRIMARY KEY, ok boolean, value float8);\n"
    "CREATE TABLE readings_copy (created_at timestamptz REFERENCES readings, ok boolean);\n");
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = recommend (schema, NULL, &advisor);
  GPtrArray *tables = sw_plan_get_tables (plan);

  for (guint i = 0; i < tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (tables, i);

      g_assert_cmpint (entry->kind, !=, SW_PLAN_KIND_DISTRIBUTED);
    }
}

static void
test_single_node_structure (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (
    "CREATE TABLE settings (key text PRIMARY KEY, value text);\n"
    "CREATE TABLE notes (title text, body text);\n");
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = recommend (schema, NULL, &advisor);
  g_autofree char *got = describe_plan (schema, plan);

  g_assert_cmpstr (got, ==, "public.notes local\npublic.settings local\n");
  g_assert_true (sw_advisor_get_single_node (advisor));
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_SINGLE_NODE), ==, 1);
}

static void
test_single_node_size (void)
{
  g_autofree char *text = read_sample_text ("woodgrove.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *tables = sw_schema_list_tables (schema);
  const SwPlanTable *entry;
  SwPlanAlternative *alt;

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) t = g_list_model_get_item (tables, i);

      t->estimated_rows = 1000;
      t->total_bytes = 100 * 1024;
    }

  /* Without a threshold, the classic shape. */
  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.payment_events"), ==, SW_PLAN_KIND_DISTRIBUTED);
  g_clear_object (&plan);

  sw_advisor_set_single_node_bytes (advisor, G_GINT64_CONSTANT (1) << 30);
  plan = sw_advisor_recommend (advisor, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sw_advisor_get_single_node (advisor));
  for (guint i = 0; i < sw_plan_get_tables (plan)->len; i++)
    g_assert_cmpint (((SwPlanTable *)g_ptr_array_index (sw_plan_get_tables (plan), i))->kind, ==,
                     SW_PLAN_KIND_LOCAL);
  /* The distributed shape is the first alternative. */
  entry = sw_plan_lookup_table (plan, "public.payment_events");
  alt = g_ptr_array_index (entry->alternatives, 0);
  g_assert_cmpint (alt->kind, ==, SW_PLAN_KIND_DISTRIBUTED);
  g_assert_cmpstr (alt->column, ==, "user_id");
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_SINGLE_NODE), ==, 1);
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_KEY_FIX), ==, 0);
}

static const char *saas_schema =
  "CREATE TABLE companies (id bigserial PRIMARY KEY, name text NOT NULL);\n"
  "CREATE TABLE users (id bigserial PRIMARY KEY,\n"
  "  company_id bigint NOT NULL REFERENCES companies (id), email text UNIQUE);\n"
  "CREATE TABLE orders (company_id bigint NOT NULL REFERENCES companies (id), id bigint,\n"
  "  total numeric, PRIMARY KEY (company_id, id));\n"
  "CREATE TABLE user_notes (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),\n"
  "  body text);\n"
  "CREATE TABLE countries (code text PRIMARY KEY, name text);\n"
  "ALTER TABLE companies ADD COLUMN country text REFERENCES countries (code);\n";

static void
test_fixes (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (saas_schema);
  g_autoptr(SwAdvisor) advisor = NULL;
  g_autoptr(SwPlan) plan = recommend (schema, NULL, &advisor);
  g_autofree char *got = describe_plan (schema, plan);
  g_autofree char *fixes = sw_advisor_dup_fixes_sql (advisor);
  g_autofree char *fixed_text = NULL;
  g_autoptr(SwSchema) fixed = NULL;
  g_autoptr(SwAdvisor) advisor2 = NULL;
  g_autoptr(SwPlan) plan2 = NULL;
  g_autofree char *got2 = NULL;

  g_assert_cmpstr (got, ==,
                   "public.companies distributed id\n"
                   "public.countries reference\n"
                   "public.orders distributed company_id with public.companies\n"
                   "public.user_notes distributed company_id with public.companies\n"
                   "public.users distributed company_id with public.companies\n");
  g_assert_cmpstr (fixes, ==,
                   "ALTER TABLE public.user_notes ADD COLUMN company_id bigint;\n"
                   "UPDATE public.user_notes AS t SET company_id = p.company_id FROM public.users AS p "
                   "WHERE p.id = t.user_id;\n"
                   "ALTER TABLE public.user_notes ALTER COLUMN company_id SET NOT NULL;\n"
                   "ALTER TABLE public.user_notes DROP CONSTRAINT user_notes_user_id_fkey;\n"
                   "ALTER TABLE public.user_notes DROP CONSTRAINT user_notes_pkey, "
                   "ADD CONSTRAINT user_notes_pkey PRIMARY KEY (company_id, id);\n"
                   "ALTER TABLE public.users DROP CONSTRAINT users_email_key, "
                   "ADD CONSTRAINT users_email_key UNIQUE (company_id, email);\n"
                   "ALTER TABLE public.users DROP CONSTRAINT users_pkey, "
                   "ADD CONSTRAINT users_pkey PRIMARY KEY (company_id, id);\n"
                   "ALTER TABLE public.user_notes ADD CONSTRAINT user_notes_user_id_fkey "
                   "FOREIGN KEY (company_id, user_id) REFERENCES public.users (company_id, id);\n"
                   "ALTER TABLE public.user_notes ALTER COLUMN id TYPE bigint;\n");
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_ADD_COLUMN), ==, 1);
  g_assert_cmpuint (count_advice (advisor, SW_ADVICE_BIGINT), ==, 1);

  /* The fixes are real SQL, and complete: on the fixed schema the advisor
   * recommends the same plan and needs no more fixes.
   */
  fixed_text = g_strconcat (saas_schema, fixes, NULL);
  fixed = sw_test_read_sql (fixed_text);
  plan2 = recommend (fixed, NULL, &advisor2);
  got2 = describe_plan (fixed, plan2);
  g_assert_cmpstr (got2, ==, got);
  g_assert_cmpuint (count_advice (advisor2, SW_ADVICE_KEY_FIX), ==, 0);
  g_assert_cmpuint (count_advice (advisor2, SW_ADVICE_FOREIGN_KEY_FIX), ==, 0);
  g_assert_cmpuint (count_advice (advisor2, SW_ADVICE_ADD_COLUMN), ==, 0);
  g_assert_cmpuint (count_advice (advisor2, SW_ADVICE_BIGINT), ==, 0);
}

static void
test_tenant_schemas (void)
{
  GString *sql = g_string_new ("CREATE TABLE public.plans (id bigint PRIMARY KEY, name text);\n");
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autofree char *text = NULL;
  const char * const *schemas;

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (sql,
                            "CREATE SCHEMA tenant_%u;\n"
                            "CREATE TABLE tenant_%u.users (id bigint PRIMARY KEY, plan_id bigint REFERENCES public.plans);\n"
                            "CREATE TABLE tenant_%u.posts (id bigint PRIMARY KEY, user_id bigint REFERENCES tenant_%u.users);\n",
                            i, i, i, i);
  text = g_string_free (sql, FALSE);
  schema = sw_test_read_sql (text);
  plan = recommend (schema, NULL, NULL);

  schemas = sw_plan_get_distributed_schemas (plan);
  g_assert_nonnull (schemas);
  g_assert_cmpuint (g_strv_length ((char **)schemas), ==, 3);
  g_assert_true (sw_plan_is_schema_distributed (plan, "tenant_0"));
  g_assert_true (sw_plan_is_schema_distributed (plan, "tenant_2"));
  g_assert_null (sw_plan_lookup_table (plan, "tenant_1.users"));
  g_assert_cmpint (sw_plan_get_table_kind (plan, "public.plans"), ==, SW_PLAN_KIND_REFERENCE);
}

static void
test_shard_count (void)
{
  g_autofree char *text = read_sample_text ("woodgrove.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwPlan) plan2 = NULL;
  SwTable *events = sw_test_find_table (schema, "public.payment_events");

  /* 2 TB of events: 8 GB shards want 256 of them. */
  events->estimated_rows = G_GINT64_CONSTANT (4000000000);
  events->total_bytes = G_GINT64_CONSTANT (2) << 40;
  plan = sw_advisor_recommend (advisor, NULL, NULL);
  g_assert_cmpuint (sw_plan_get_shard_count (plan), ==, 256);

  sw_advisor_set_shard_count (advisor, 48);
  plan2 = sw_advisor_recommend (advisor, NULL, NULL);
  g_assert_cmpuint (sw_plan_get_shard_count (plan2), ==, 48);
}

static void
recommend_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SwPlan **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sw_advisor_recommend_finish (SW_ADVISOR (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *text = read_sample_text ("ads.sql");
  g_autoptr(SwSchema) schema = sw_test_read_sql (text);
  g_autoptr(SwAdvisor) advisor = sw_advisor_new (schema);
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwPlan) sync_plan = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  sw_advisor_recommend_async (advisor, NULL, recommend_cb, &plan);
  while (plan == NULL)
    g_main_context_iteration (NULL, TRUE);
  sync_plan = sw_advisor_recommend (advisor, NULL, NULL);
  g_assert_true (sw_plan_equal (plan, sync_plan));

  g_cancellable_cancel (cancellable);
  g_assert_null (sw_advisor_recommend (advisor, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Advisor/ads", test_ads);
  g_test_add_func ("/Sw/Advisor/github-events", test_github_events);
  g_test_add_func ("/Sw/Advisor/wide-tables", test_wide_tables);
  g_test_add_func ("/Sw/Advisor/woodgrove", test_woodgrove);
  g_test_add_func ("/Sw/Advisor/account-history", test_account_history);
  g_test_add_func ("/Sw/Advisor/library", test_library);
  g_test_add_func ("/Sw/Advisor/alternatives-ranked", test_alternatives_ranked);
  g_test_add_func ("/Sw/Advisor/workload-changes-choice", test_workload_changes_choice);
  g_test_add_func ("/Sw/Advisor/skew", test_skew);
  g_test_add_func ("/Sw/Advisor/skew-hashed-together", test_skew_hashed_together);
  g_test_add_func ("/Sw/Advisor/low-cardinality", test_low_cardinality);
  g_test_add_func ("/Sw/Advisor/never-time-columns", test_never_time_columns);
  g_test_add_func ("/Sw/Advisor/single-node-structure", test_single_node_structure);
  g_test_add_func ("/Sw/Advisor/single-node-size", test_single_node_size);
  g_test_add_func ("/Sw/Advisor/fixes", test_fixes);
  g_test_add_func ("/Sw/Advisor/tenant-schemas", test_tenant_schemas);
  g_test_add_func ("/Sw/Advisor/shard-count", test_shard_count);
  g_test_add_func ("/Sw/Advisor/async", test_async);

  return g_test_run ();
}
