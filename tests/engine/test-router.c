/* test-router.c
 *
 * Offline routing prediction against the real Citus 13.2 EXPLAIN samples
 * (tests/data/explain), and hand cases for the shapes Citus plans differently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"
#include "sw-explain.h"
#include "sw-test-schema.h"

/* The Woodgrove plan the samples were captured with. */
static const char *woodgrove_plan =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.event_types\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_merchants\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
  " {\"table\": \"public.payment_events\", \"kind\": \"distributed\", \"column\": \"user_id\","
  "  \"colocate_with\": \"public.payment_users\"}"
  "]}";

/* A schema with the shapes the samples lack: odd identifiers, a local table,
 * a table in another colocation group, text and uuid keys, a table with a
 * serial distribution column.
 */
static const char *extra_schema =
  "CREATE TABLE accounts (id bigint PRIMARY KEY, name text, region text);\n"
  "CREATE TABLE orders (order_id bigint, account_id bigint NOT NULL, total numeric, status text,\n"
  "                     PRIMARY KEY (account_id, order_id));\n"
  "CREATE TABLE \"Odd \"\"Table\" (\"Tenant Id\" bigint, \"select\" int, note text);\n"
  "CREATE TABLE countries (code text PRIMARY KEY, name text);\n"
  "CREATE TABLE audit (id bigserial PRIMARY KEY, at timestamptz, what text);\n"
  "CREATE TABLE sessions (sid uuid PRIMARY KEY, account_id bigint, started date);\n"
  "CREATE TABLE tags (tag text PRIMARY KEY, account_id bigint);\n"
  "CREATE TABLE serials (id bigserial PRIMARY KEY, v text);\n";

static const char *extra_plan =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.accounts\", \"kind\": \"distributed\", \"column\": \"id\"},"
  " {\"table\": \"public.orders\", \"kind\": \"distributed\", \"column\": \"account_id\","
  "  \"colocate_with\": \"public.accounts\"},"
  " {\"table\": \"public.\\\"Odd \\\"\\\"Table\\\"\", \"kind\": \"distributed\", \"column\": \"Tenant Id\"},"
  " {\"table\": \"public.countries\", \"kind\": \"reference\"},"
  " {\"table\": \"public.audit\", \"kind\": \"local\"},"
  " {\"table\": \"public.sessions\", \"kind\": \"distributed\", \"column\": \"sid\"},"
  " {\"table\": \"public.tags\", \"kind\": \"distributed\", \"column\": \"tag\", \"shard_count\": 8},"
  " {\"table\": \"public.serials\", \"kind\": \"distributed\", \"column\": \"id\"}"
  "]}";

static SwRouter *
woodgrove_router (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_autoptr(SwSchema) schema = sw_test_read_file (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (woodgrove_plan, -1, &error);

  g_assert_no_error (error);
  g_assert_true (sw_plan_check_names (plan, schema, &error));
  g_assert_no_error (error);
  return sw_router_new (schema, plan);
}

static SwRouter *
extra_router (void)
{
  g_autoptr(SwSchema) schema = sw_test_read_sql (extra_schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (extra_plan, -1, &error);

  g_assert_no_error (error);
  g_assert_true (sw_plan_check_names (plan, schema, &error));
  g_assert_no_error (error);
  return sw_router_new (schema, plan);
}

static SwRoute *
route (SwRouter   *router,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  SwRoute *result = sw_router_route (router, sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* Every sample: the offline prediction agrees with what Citus printed. */
static void
test_router_explain_samples (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  g_autofree char *dir_path = data_path ("explain");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint checked = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stem = NULL;
      g_autofree char *sql_path = NULL;
      g_autofree char *json_path = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *json = NULL;
      g_autoptr(SwRoute) predicted = NULL;
      g_autoptr(SwExplain) explain = NULL;
      g_autoptr(SwRoute) observed = NULL;
      g_autoptr(GPtrArray) differences = NULL;

      if (!g_str_has_suffix (name, ".sql"))
        continue;

      stem = g_strndup (name, strlen (name) - 4);
      sql_path = g_build_filename (dir_path, name, NULL);
      json_path = g_strdup_printf ("%s/%s.json", dir_path, stem);

      g_file_get_contents (sql_path, &sql, NULL, &error);
      g_assert_no_error (error);
      g_file_get_contents (json_path, &json, NULL, &error);
      g_assert_no_error (error);

      predicted = route (router, sql);
      explain = sw_explain_new_from_json (json, -1, &error);
      g_assert_no_error (error);
      observed = sw_explain_to_route (explain, router);

      differences = sw_route_differences (predicted, observed);
      if (differences->len > 0)
        g_error ("%s: %s", stem, (const char *) g_ptr_array_index (differences, 0));
      g_assert_cmpint (predicted->kind, ==, observed->kind);
      g_assert_cmpint (predicted->task_count, ==, observed->task_count);

      /* The samples' shards were created in plan order: event_types 102008,
       * payment_merchants 102010, payment_events from 102011, payment_users
       * from 102043. The shard a router task reads is the one predicted.
       */
      if (predicted->kind == SW_ROUTE_KIND_ROUTER)
        {
          SwExplainTask *task = g_ptr_array_index (sw_explain_get_tasks (explain), 0);

          int index = g_array_index (predicted->shards, int, 0);

          g_assert_cmpuint (predicted->shards->len, ==, 1);
          g_assert_cmpuint (task->relations->len, >, 0);
          for (guint r = 0; r < task->relations->len; r++)
            {
              const char *relation = g_ptr_array_index (task->relations, r);
              g_autofree char *events = g_strdup_printf ("public.payment_events_%d", 102011 + index);
              g_autofree char *users = g_strdup_printf ("public.payment_users_%d", 102043 + index);

              if (!g_str_equal (relation, events) && !g_str_equal (relation, users))
                g_error ("%s: the task reads %s, predicted shard index %d", stem, relation, index);
            }
          g_assert_cmpstr (task->node, !=, NULL);
        }
      g_test_message ("%s: %s, %d tasks, agrees", stem,
                      sw_route_kind_to_string (predicted->kind), predicted->task_count);
      checked++;
    }

  g_assert_cmpuint (checked, ==, 9);
}

typedef struct
{
  const char  *sql;
  SwRouteKind  kind;
  int          task_count;
  guint        n_subplans;
} Case;

static void
check_cases (SwRouter   *router,
             const Case *cases,
             guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(SwRoute) r = route (router, cases[i].sql);

      if (r->kind != cases[i].kind || r->task_count != cases[i].task_count ||
          r->subplans->len != cases[i].n_subplans)
        g_error ("%s\n  predicted %s/%d tasks/%u subplans (%s), expected %s/%d/%u",
                 cases[i].sql, sw_route_kind_to_string (r->kind), r->task_count,
                 r->subplans->len, r->reason,
                 sw_route_kind_to_string (cases[i].kind), cases[i].task_count,
                 cases[i].n_subplans);
    }
}

static void
test_router_select (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  static const Case cases[] = {
    { "SELECT * FROM payment_events WHERE user_id = 42 AND event_id = 3", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events WHERE 42 = user_id", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events WHERE user_id = '42'::bigint", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events WHERE user_id = $1", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events WHERE user_id = 1 OR user_id = 2", SW_ROUTE_KIND_MULTI_SHARD, 2, 0 },
    { "SELECT * FROM payment_events WHERE user_id = ANY (ARRAY[1, 2, 3])", SW_ROUTE_KIND_MULTI_SHARD, 3, 0 },
    { "SELECT * FROM payment_events WHERE user_id = ANY ('{1,2,3}'::bigint[])", SW_ROUTE_KIND_MULTI_SHARD, 3, 0 },
    { "SELECT * FROM payment_events WHERE user_id IN (42, 42)", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events WHERE user_id = 1 AND user_id = 2", SW_ROUTE_KIND_ROUTER, 0, 0 },
    { "SELECT * FROM payment_events WHERE user_id > 5", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT count(*) FROM payment_events", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM payment_events ORDER BY created_at DESC LIMIT 10", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM payment_events e, payment_users u WHERE e.user_id = u.user_id AND u.user_id = 9",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events e JOIN payment_users u ON e.user_id = u.user_id",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM payment_events e LEFT JOIN payment_users u USING (user_id) WHERE e.user_id = 4",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM payment_events e JOIN event_types t USING (event_type_id) WHERE e.user_id = 4",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT * FROM event_types t JOIN payment_merchants m ON m.merchant_id = t.event_type_id",
      SW_ROUTE_KIND_REFERENCE, 1, 0 },
    { "SELECT * FROM payment_events e JOIN payment_users u ON e.event_id = u.user_id",
      SW_ROUTE_KIND_REPARTITION, 12, 0 },
    { "SELECT 1", SW_ROUTE_KIND_LOCAL, 0, 0 },
    { "SELECT * FROM pg_class", SW_ROUTE_KIND_LOCAL, 0, 0 },
    { "SELECT * FROM public.payment_events AS \"E\" WHERE \"E\".user_id = 5", SW_ROUTE_KIND_ROUTER, 1, 0 },
    /* Subqueries */
    { "SELECT * FROM (SELECT user_id, count(*) FROM payment_events GROUP BY user_id) s",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM (SELECT event_type_id, count(*) FROM payment_events GROUP BY event_type_id) s",
      SW_ROUTE_KIND_ROUTER, 1, 1 },
    { "SELECT * FROM payment_users u JOIN (SELECT * FROM payment_events ORDER BY created_at LIMIT 5) e USING (user_id)",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 1 },
    { "SELECT * FROM payment_users WHERE user_id IN (SELECT user_id FROM payment_events WHERE merchant_id = 3)",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM payment_users WHERE user_id IN (SELECT merchant_id FROM payment_events)",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 1 },
    { "SELECT * FROM payment_users u WHERE EXISTS (SELECT 1 FROM payment_events e WHERE e.user_id = u.user_id)",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM payment_users u WHERE EXISTS (SELECT 1 FROM payment_events e WHERE e.merchant_id = u.user_id)",
      SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "SELECT *, (SELECT count(*) FROM payment_events) FROM payment_users WHERE user_id = 3",
      SW_ROUTE_KIND_ROUTER, 1, 1 },
    /* CTEs: inlined when used once, planned first when materialized */
    { "WITH e AS (SELECT * FROM payment_events WHERE user_id = 5) SELECT count(*) FROM e",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "WITH e AS (SELECT * FROM payment_events) SELECT count(*) FROM e",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "WITH e AS MATERIALIZED (SELECT * FROM payment_events) SELECT count(*) FROM e",
      SW_ROUTE_KIND_ROUTER, 1, 1 },
    { "WITH e AS (SELECT * FROM payment_events) SELECT count(*) FROM e a JOIN e b USING (event_id)",
      SW_ROUTE_KIND_ROUTER, 1, 1 },
    { "WITH u AS (SELECT * FROM payment_users WHERE user_id = 3) "
      "SELECT * FROM u JOIN payment_events e USING (user_id)",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    /* Set operations */
    { "SELECT user_id FROM payment_events WHERE user_id = 1 UNION SELECT user_id FROM payment_users WHERE user_id = 1",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT user_id FROM payment_events UNION SELECT user_id FROM payment_users",
      SW_ROUTE_KIND_ROUTER, 1, 2 },
    /* Locks */
    { "SELECT * FROM payment_events WHERE user_id = 3 FOR UPDATE", SW_ROUTE_KIND_ROUTER, 1, 0 },
  };

  check_cases (router, cases, G_N_ELEMENTS (cases));
}

static void
test_router_shards (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  g_autoptr(SwRoute) one = route (router, "SELECT * FROM payment_events WHERE user_id = 42");
  g_autoptr(SwRoute) list = route (router, "SELECT * FROM payment_events WHERE user_id IN (1, 2, 3)");
  gint32 hash;

  g_assert_cmpuint (one->shards->len, ==, 1);
  g_assert_true (sw_hash_value (SW_HASH_TYPE_INT8, "42", &hash, NULL));
  g_assert_cmpint (g_array_index (one->shards, int, 0), ==, (int) sw_hash_shard_index (hash, 32));
  g_assert_cmpuint (one->nodes->len, ==, 0);

  g_assert_cmpuint (list->shards->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      char value[2] = { (char) ('1' + i), 0 };

      g_assert_true (sw_hash_value (SW_HASH_TYPE_INT8, value, &hash, NULL));
      g_assert_true (sw_route_has_shard (list, (int) sw_hash_shard_index (hash, 32)));
    }
}

static void
test_router_dml (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  static const Case cases[] = {
    { "INSERT INTO payment_users (user_id, login) VALUES (1, 'a')", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO payment_users VALUES (1, 'u', 'a', 'x')", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO payment_users (user_id) VALUES (1), (2), (3)", SW_ROUTE_KIND_MULTI_SHARD, 3, 0 },
    { "INSERT INTO payment_users (user_id) VALUES (7), (7)", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO payment_users (user_id) VALUES ($1)", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO payment_users (login) VALUES ('x')", SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "INSERT INTO payment_users (user_id) VALUES (NULL)", SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "INSERT INTO payment_users (user_id, login) VALUES (1, 'a') ON CONFLICT (user_id) DO UPDATE SET user_id = 2",
      SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "INSERT INTO payment_users (user_id, login) VALUES (1, 'a') ON CONFLICT (user_id) DO UPDATE SET login = excluded.login",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO event_types VALUES (1, 'x')", SW_ROUTE_KIND_REFERENCE, 1, 0 },
    { "INSERT INTO payment_users (user_id) SELECT user_id FROM payment_events",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "INSERT INTO payment_users (user_id) SELECT user_id FROM payment_events WHERE user_id = 4",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO payment_users (user_id) SELECT merchant_id FROM payment_events",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "UPDATE payment_users SET login = 'x' WHERE user_id = 3", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "UPDATE payment_users SET login = 'x'", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "UPDATE payment_users SET user_id = 4 WHERE user_id = 3", SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "UPDATE payment_events e SET event_details = '{}' FROM payment_users u "
      "WHERE e.user_id = u.user_id AND u.login = 'x'", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "UPDATE payment_events e SET event_details = '{}' FROM payment_users u "
      "WHERE e.merchant_id = u.user_id", SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "UPDATE payment_events SET event_details = '{}' FROM event_types t "
      "WHERE t.event_type_id = payment_events.event_type_id AND t.name = 'x'",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "DELETE FROM payment_events WHERE user_id IN (1, 2)", SW_ROUTE_KIND_MULTI_SHARD, 2, 0 },
    { "DELETE FROM payment_events WHERE user_id = 1", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "DELETE FROM payment_events WHERE user_id IN (SELECT merchant_id FROM payment_events WHERE event_id = 1)",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 1 },
    { "DELETE FROM event_types WHERE event_type_id = 1", SW_ROUTE_KIND_REFERENCE, 1, 0 },
    { "UPDATE event_types t SET name = 'x' FROM payment_events e WHERE e.event_type_id = t.event_type_id",
      SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
  };

  check_cases (router, cases, G_N_ELEMENTS (cases));
}

static void
test_router_odd (void)
{
  g_autoptr(SwRouter) router = extra_router ();
  static const Case cases[] = {
    { "SELECT * FROM \"Odd \"\"Table\" WHERE \"Tenant Id\" = 5", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT \"select\" FROM public.\"Odd \"\"Table\" o WHERE o.\"Tenant Id\" IN (1, 2)",
      SW_ROUTE_KIND_MULTI_SHARD, 2, 0 },
    { "SELECT * FROM \"Odd \"\"Table\" WHERE \"tenant id\" = 5", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM sessions WHERE sid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "SELECT count(*) FROM tags", SW_ROUTE_KIND_MULTI_SHARD, 8, 0 },
    /* Different shard counts: not colocated. */
    { "SELECT * FROM tags t JOIN accounts a ON a.id = t.account_id", SW_ROUTE_KIND_REPARTITION, 12, 0 },
    { "SELECT * FROM orders o JOIN accounts a ON a.id = o.account_id WHERE a.region = 'eu'",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    /* Default colocation: same shard count and type. */
    { "SELECT * FROM serials s JOIN accounts a ON a.id = s.id", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM audit", SW_ROUTE_KIND_LOCAL, 0, 0 },
    { "SELECT * FROM audit a JOIN accounts c ON c.id = a.id", SW_ROUTE_KIND_MULTI_SHARD, 32, 1 },
    { "SELECT * FROM countries", SW_ROUTE_KIND_REFERENCE, 1, 0 },
    { "INSERT INTO serials (v) VALUES ('x')", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "INSERT INTO serials (v) VALUES ('x'), ('y')", SW_ROUTE_KIND_MULTI_SHARD, -1, 0 },
    { "INSERT INTO audit (what) SELECT name FROM accounts", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
  };

  check_cases (router, cases, G_N_ELEMENTS (cases));

  /* tags has 8 shards: one task per distinct shard of the four text values. */
  {
    g_autoptr(SwRoute) r = route (router, "SELECT * FROM tags WHERE tag IN ('a', 'b', 'c', 'd')");
    g_autoptr(GHashTable) shards = g_hash_table_new (NULL, NULL);
    static const char *values[] = { "a", "b", "c", "d" };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        gint32 hash;

        g_assert_true (sw_hash_value (SW_HASH_TYPE_TEXT, values[i], &hash, NULL));
        g_hash_table_add (shards, GUINT_TO_POINTER (sw_hash_shard_index (hash, 8) + 1));
      }
    g_assert_cmpint (r->task_count, ==, (int) g_hash_table_size (shards));
    g_assert_cmpuint (r->shards->len, ==, g_hash_table_size (shards));
    g_assert_cmpint (r->kind, ==, g_hash_table_size (shards) > 1 ? SW_ROUTE_KIND_MULTI_SHARD : SW_ROUTE_KIND_ROUTER);
  }
}

/* Shapes checked on Citus 13.2.2 (tests/citus/test-router-citus.c): outer
 * joins under recurring data, local tables next to reference tables, plain
 * tables modified or read with Citus tables, windows at the top level.
 */
static void
test_router_recurring (void)
{
  g_autoptr(SwRouter) router = extra_router ();
  static const Case cases[] = {
    /* A reference table preserved, joined on the distribution column: pushed down. */
    { "SELECT count(*) FROM countries c LEFT JOIN accounts a ON a.id = c.code::bigint",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT * FROM countries c LEFT JOIN tags t ON t.tag = c.code", SW_ROUTE_KIND_MULTI_SHARD, 8, 0 },
    /* Not on the distribution column, or a FULL join: the distributed side first. */
    { "SELECT * FROM countries c LEFT JOIN accounts a ON a.region = c.code", SW_ROUTE_KIND_REFERENCE, 1, 1 },
    { "SELECT * FROM accounts a RIGHT JOIN countries c ON a.region = c.code", SW_ROUTE_KIND_REFERENCE, 1, 1 },
    { "SELECT * FROM accounts a FULL JOIN countries c ON a.region = c.code", SW_ROUTE_KIND_REFERENCE, 1, 1 },
    /* Two distributed tables under the reference table. */
    { "SELECT * FROM countries c LEFT JOIN tags t ON t.tag = c.code LEFT JOIN accounts a ON a.id = t.account_id",
      SW_ROUTE_KIND_REFERENCE, 1, 2 },
    /* A constant on the nullable side in ON prunes it: router. */
    { "SELECT * FROM countries c LEFT JOIN accounts a ON a.region = c.code AND a.id = 5",
      SW_ROUTE_KIND_ROUTER, 1, 0 },
    /* ... but not a distributed table on the preserved side. */
    { "SELECT * FROM accounts a LEFT JOIN orders o ON o.account_id = a.id AND o.account_id = 5",
      SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    /* A plain table preserved: the distributed side first, one task. */
    { "SELECT * FROM audit x LEFT JOIN accounts a ON a.id = x.id", SW_ROUTE_KIND_ROUTER, 1, 1 },
    { "SELECT * FROM accounts a LEFT JOIN audit x ON a.id = x.id", SW_ROUTE_KIND_MULTI_SHARD, 32, 1 },
    /* Correlated subqueries under recurring FROM clauses. */
    { "SELECT * FROM countries c WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.region = c.code)",
      SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    { "SELECT * FROM audit x WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = x.id)",
      SW_ROUTE_KIND_UNSUPPORTED, 0, 0 },
    /* Plain and reference tables: the coordinator holds both. */
    { "SELECT count(*) FROM audit x JOIN countries c ON c.code = x.what", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "UPDATE audit SET what = c.name FROM countries c WHERE c.code = audit.what", SW_ROUTE_KIND_ROUTER, 1, 0 },
    { "UPDATE audit SET what = 'x' FROM accounts a WHERE a.id = audit.id", SW_ROUTE_KIND_ROUTER, 1, 1 },
    { "INSERT INTO accounts (id) SELECT id FROM audit", SW_ROUTE_KIND_ROUTER, 0, 0 },
    { "INSERT INTO countries SELECT what, what FROM audit", SW_ROUTE_KIND_ROUTER, 0, 0 },
    /* Windows at the top level run on the shards, then merge. */
    { "SELECT id, row_number() OVER (ORDER BY name) FROM accounts", SW_ROUTE_KIND_MULTI_SHARD, 32, 0 },
    { "SELECT id, rank() OVER (PARTITION BY id) FROM accounts WHERE id = 3", SW_ROUTE_KIND_ROUTER, 1, 0 },
  };

  check_cases (router, cases, G_N_ELEMENTS (cases));
}

static void
test_router_repartition_off (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  g_autoptr(SwRoute) r = NULL;

  sw_router_set_enable_repartition_joins (router, FALSE);
  r = route (router, "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.merchant_id = u.user_id");
  g_assert_cmpint (r->kind, ==, SW_ROUTE_KIND_UNSUPPORTED);
  g_assert_cmpstr (r->reason, ==, "the query contains a join that requires repartitioning");
  g_assert_cmpstr (r->hint, ==, "Set citus.enable_repartition_joins to on to enable repartitioning");
  g_assert_true (r->needs_repartition_joins);

  /* The node count sets the buckets. */
  sw_router_set_enable_repartition_joins (router, TRUE);
  sw_router_set_node_count (router, 5);
  g_clear_pointer (&r, sw_route_free);
  r = route (router, "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.merchant_id = u.user_id");
  g_assert_cmpint (r->kind, ==, SW_ROUTE_KIND_REPARTITION);
  g_assert_cmpint (r->task_count, ==, 20);
}

static void
test_router_errors (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  g_autoptr(GError) error = NULL;
  SwRoute *r;

  r = sw_router_route (router, "SELEC * FROM x", &error);
  g_assert_null (r);
  g_assert_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_PARSE);
  g_clear_error (&error);

  r = sw_router_route (router, "SELECT 1; SELECT 2", &error);
  g_assert_null (r);
  g_assert_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_NOT_ONE_STATEMENT);
  g_clear_error (&error);

  r = sw_router_route (router, "", &error);
  g_assert_null (r);
  g_assert_error (error, SW_ROUTER_ERROR, SW_ROUTER_ERROR_NOT_ONE_STATEMENT);
}

static void
test_router_json (void)
{
  g_autoptr(SwRouter) router = woodgrove_router ();
  g_autoptr(SwRoute) r = route (router, "SELECT * FROM payment_events WHERE user_id IN (1, 2, 3)");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  sw_route_to_json (r, builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "multi_shard");
  g_assert_cmpint (json_object_get_int_member (object, "task_count"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "shards")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "nodes")), ==, 0);
  g_assert_true (json_object_has_member (object, "reason"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Router/explain-samples", test_router_explain_samples);
  g_test_add_func ("/Sw/Router/select", test_router_select);
  g_test_add_func ("/Sw/Router/shards", test_router_shards);
  g_test_add_func ("/Sw/Router/dml", test_router_dml);
  g_test_add_func ("/Sw/Router/odd", test_router_odd);
  g_test_add_func ("/Sw/Router/recurring", test_router_recurring);
  g_test_add_func ("/Sw/Router/repartition-off", test_router_repartition_off);
  g_test_add_func ("/Sw/Router/errors", test_router_errors);
  g_test_add_func ("/Sw/Router/json", test_router_json);

  return g_test_run ();
}
