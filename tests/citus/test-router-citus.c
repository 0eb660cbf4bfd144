/* test-router-citus.c
 *
 * The offline prediction against real Citus: Woodgrove distributed per its
 * plan on the fixture's coordinator and two workers; for every query of the
 * corpus, the predicted kind, task count and shard agree with what the
 * coordinator's EXPLAIN says, and the live node mapping matches
 * pg_dist_shard/pg_dist_placement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "sw-engine.h"
#include "sw-test-pg.h"
#include "sw-test-schema.h"

static SwTestCitus *citus;
static char *skip_reason;

static const char *woodgrove_plan =
  "{\"version\": 1, \"shard_count\": 32, \"tables\": ["
  " {\"table\": \"public.event_types\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_merchants\", \"kind\": \"reference\"},"
  " {\"table\": \"public.payment_users\", \"kind\": \"distributed\", \"column\": \"user_id\"},"
  " {\"table\": \"public.payment_events\", \"kind\": \"distributed\", \"column\": \"user_id\","
  "  \"colocate_with\": \"public.payment_users\"},"
  " {\"table\": \"public.audit\", \"kind\": \"local\"},"
  " {\"table\": \"public.\\\"Odd Tags\\\"\", \"kind\": \"distributed\", \"column\": \"Tag\", \"shard_count\": 8},"
  " {\"table\": \"public.notes\", \"kind\": \"single_shard\"}"
  "]}";

/* What the plan means on the cluster; the statements the DDL generator would write. */
static const char *distribute_sql =
  "CREATE TABLE audit (id bigserial PRIMARY KEY, user_id bigint, what text);\n"
  "CREATE TABLE \"Odd Tags\" (\"Tag\" text, user_id bigint);\n"
  "CREATE TABLE notes (id bigint, user_id bigint, body text);\n"
  "SELECT create_distributed_table('notes', null);\n"
  "SELECT create_reference_table('event_types');\n"
  "SELECT create_reference_table('payment_merchants');\n"
  "SELECT create_distributed_table('payment_users', 'user_id');\n"
  "SELECT create_distributed_table('payment_events', 'user_id', colocate_with => 'payment_users');\n"
  "SELECT create_distributed_table('\"Odd Tags\"', 'Tag', shard_count => 8);\n"
  "INSERT INTO event_types SELECT g, 'type ' || g FROM generate_series(1, 10) g;\n"
  "INSERT INTO payment_merchants SELECT g, 'm' || g FROM generate_series(1, 20) g;\n"
  "INSERT INTO payment_users SELECT g, NULL, 'login' || g FROM generate_series(1, 200) g;\n"
  "INSERT INTO payment_events (event_id, event_type_id, user_id, merchant_id)\n"
  "  SELECT g, 1 + g % 10, 1 + g % 200, 1 + g % 20 FROM generate_series(1, 2000) g;\n"
  "ANALYZE;\n";

/* The corpus: every shape the predictor models. */
static const char * const corpus[] = {
  "SELECT * FROM payment_events WHERE user_id = 42",
  "SELECT * FROM payment_events WHERE user_id = 42 AND event_id = 3",
  "SELECT * FROM payment_events WHERE 7 = user_id",
  "SELECT * FROM payment_events WHERE user_id = '42'::bigint",
  "SELECT count(*) FROM payment_events WHERE user_id IN (1, 2, 3)",
  "SELECT * FROM payment_events WHERE user_id IN (42, 42)",
  "SELECT * FROM payment_events WHERE user_id = 1 OR user_id = 2",
  "SELECT * FROM payment_events WHERE user_id = ANY (ARRAY[1, 2, 3, 4])",
  "SELECT * FROM payment_events WHERE user_id = ANY ('{5,6}'::bigint[])",
  "SELECT * FROM payment_events WHERE user_id > 5",
  "SELECT event_type_id, count(*) FROM payment_events GROUP BY 1",
  "SELECT * FROM payment_events ORDER BY created_at DESC LIMIT 10",
  "SELECT e.event_id, u.login FROM payment_events e JOIN payment_users u USING (user_id) WHERE user_id = 7",
  "SELECT * FROM payment_events e, payment_users u WHERE e.user_id = u.user_id AND u.user_id = 9",
  "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.user_id = u.user_id",
  "SELECT * FROM payment_events e LEFT JOIN payment_users u USING (user_id) WHERE e.user_id = 4",
  "SELECT * FROM payment_events e JOIN event_types t USING (event_type_id) WHERE e.user_id = 4",
  "SELECT t.name, count(*) FROM payment_events e JOIN payment_users u USING (user_id) JOIN event_types t USING (event_type_id) GROUP BY 1",
  "SELECT * FROM event_types WHERE event_type_id = 3",
  "SELECT * FROM event_types t JOIN payment_merchants m ON m.merchant_id = t.event_type_id",
  "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.merchant_id = u.user_id",
  "SELECT count(*) FROM payment_events e JOIN payment_users u ON e.event_id = u.user_id WHERE u.login = 'x'",
  "SELECT * FROM public.payment_events AS \"E\" WHERE \"E\".user_id = 5",
  "SELECT * FROM (SELECT user_id, count(*) FROM payment_events GROUP BY user_id) s",
  "SELECT * FROM (SELECT event_type_id, count(*) FROM payment_events GROUP BY event_type_id) s",
  "SELECT * FROM payment_users u JOIN (SELECT * FROM payment_events ORDER BY created_at LIMIT 5) e USING (user_id)",
  "SELECT * FROM payment_users WHERE user_id IN (SELECT user_id FROM payment_events WHERE merchant_id = 3)",
  "SELECT * FROM payment_users WHERE user_id IN (SELECT merchant_id FROM payment_events)",
  "SELECT * FROM payment_users u WHERE EXISTS (SELECT 1 FROM payment_events e WHERE e.user_id = u.user_id)",
  "SELECT *, (SELECT count(*) FROM payment_events) FROM payment_users WHERE user_id = 3",
  "WITH e AS (SELECT * FROM payment_events WHERE user_id = 5) SELECT count(*) FROM e",
  "WITH e AS (SELECT * FROM payment_events) SELECT count(*) FROM e",
  "WITH e AS MATERIALIZED (SELECT * FROM payment_events) SELECT count(*) FROM e",
  "WITH e AS (SELECT * FROM payment_events) SELECT count(*) FROM e a JOIN e b USING (event_id)",
  "WITH u AS (SELECT * FROM payment_users WHERE user_id = 3) SELECT * FROM u JOIN payment_events e USING (user_id)",
  "SELECT user_id FROM payment_events WHERE user_id = 1 UNION SELECT user_id FROM payment_users WHERE user_id = 1",
  "SELECT user_id FROM payment_events UNION SELECT user_id FROM payment_users",
  "SELECT * FROM payment_events WHERE user_id = 3 FOR UPDATE",
  "SELECT * FROM audit",
  "SELECT * FROM audit a JOIN payment_users u ON u.user_id = a.user_id",
  "SELECT * FROM \"Odd Tags\" WHERE \"Tag\" = 'a'",
  "SELECT * FROM \"Odd Tags\" WHERE \"Tag\" IN ('a', 'b', 'c', 'd')",
  "SELECT count(*) FROM \"Odd Tags\"",
  "SELECT count(*) FROM \"Odd Tags\" t JOIN payment_users u ON u.user_id = t.user_id",
  "INSERT INTO payment_events (event_id, event_type_id, user_id, merchant_id) VALUES (999999, 1, 5, 1)",
  "INSERT INTO payment_users (user_id, login) VALUES (1000, 'a')",
  "INSERT INTO payment_users (user_id) VALUES (1001), (1002), (1003)",
  "INSERT INTO payment_users (user_id) VALUES (1007), (1007)",
  "INSERT INTO payment_users (login) VALUES ('x')",
  "INSERT INTO payment_users (user_id) VALUES (NULL)",
  "INSERT INTO event_types VALUES (100, 'x')",
  "INSERT INTO payment_users (user_id) SELECT user_id FROM payment_events",
  "INSERT INTO payment_users (user_id) SELECT user_id FROM payment_events WHERE user_id = 4",
  "INSERT INTO payment_users (user_id) SELECT merchant_id FROM payment_events",
  "UPDATE payment_users SET login = 'x' WHERE user_id = 3",
  "UPDATE payment_users SET login = 'x'",
  "UPDATE payment_users SET user_id = 4 WHERE user_id = 3",
  "UPDATE payment_events e SET event_details = '{}' FROM payment_users u WHERE e.user_id = u.user_id AND u.login = 'x'",
  "UPDATE payment_events e SET event_details = '{}' FROM payment_users u WHERE e.merchant_id = u.user_id",
  "UPDATE payment_events SET event_details = '{}' WHERE merchant_id = 3",
  "DELETE FROM payment_events WHERE user_id IN (1, 2)",
  "DELETE FROM payment_events WHERE user_id = 1",
  "DELETE FROM payment_events WHERE user_id IN (SELECT merchant_id FROM payment_events WHERE event_id = 1)",
  "DELETE FROM event_types WHERE event_type_id = 1",
  /* Outer joins with a reference table on the outer side. */
  "SELECT * FROM event_types t LEFT JOIN payment_events e ON e.event_type_id = t.event_type_id",
  "SELECT count(*) FROM event_types t LEFT JOIN payment_events e ON e.user_id = t.event_type_id",
  "SELECT * FROM event_types t LEFT JOIN payment_events e ON e.event_type_id = t.event_type_id AND e.user_id = 5",
  "SELECT * FROM payment_events e RIGHT JOIN event_types t USING (event_type_id)",
  "SELECT * FROM payment_events e FULL JOIN event_types t USING (event_type_id)",
  "SELECT * FROM payment_events e LEFT JOIN event_types t USING (event_type_id)",
  "SELECT * FROM event_types t LEFT JOIN (SELECT * FROM payment_events WHERE user_id = 3) e USING (event_type_id)",
  "SELECT * FROM event_types t WHERE NOT EXISTS (SELECT 1 FROM payment_events e WHERE e.event_type_id = t.event_type_id)",
  /* Top-level window functions. */
  "SELECT user_id, row_number() OVER (PARTITION BY user_id ORDER BY created_at) FROM payment_events",
  "SELECT event_id, row_number() OVER (ORDER BY created_at) FROM payment_events",
  "SELECT event_id, rank() OVER (PARTITION BY event_type_id ORDER BY created_at) FROM payment_events",
  "SELECT user_id, sum(event_id) OVER (PARTITION BY user_id) FROM payment_events WHERE user_id = 5",
  "SELECT user_id, count(*), rank() OVER (ORDER BY count(*)) FROM payment_events GROUP BY user_id",
  "SELECT * FROM (SELECT user_id, row_number() OVER (PARTITION BY event_type_id) FROM payment_events) s",
  "SELECT * FROM (SELECT user_id, row_number() OVER (PARTITION BY user_id) FROM payment_events) s",
  /* Single-shard tables. */
  "SELECT * FROM notes",
  "SELECT * FROM notes WHERE user_id = 3",
  "SELECT * FROM notes n JOIN payment_users u USING (user_id)",
  "SELECT * FROM notes n JOIN payment_users u USING (user_id) WHERE u.user_id = 5",
  "SELECT * FROM notes n JOIN event_types t ON t.event_type_id = n.id",
  "SELECT * FROM notes n JOIN audit a ON a.id = n.id",
  "INSERT INTO notes VALUES (1, 2, 'x')",
  "UPDATE notes SET body = 'y'",
  "INSERT INTO notes (id, user_id) SELECT event_id, user_id FROM payment_events",
  "INSERT INTO payment_users (user_id) SELECT user_id FROM notes",
  /* Local tables joined with Citus tables (citus.local_table_join_policy auto). */
  "SELECT * FROM audit a JOIN payment_users u ON u.user_id = a.user_id WHERE u.user_id = 5",
  "SELECT * FROM audit a JOIN payment_events e ON e.user_id = a.user_id WHERE e.user_id = 5",
  "SELECT * FROM audit a JOIN payment_events e ON e.user_id = a.user_id WHERE a.id = 5",
  "SELECT count(*) FROM audit a JOIN event_types t ON t.event_type_id = a.id",
  "UPDATE audit SET what = 'x' FROM payment_users u WHERE u.user_id = audit.user_id",
  "UPDATE payment_users SET login = 'x' FROM audit a WHERE a.user_id = payment_users.user_id",
  "INSERT INTO audit (user_id) SELECT user_id FROM payment_users",
  "INSERT INTO payment_users (user_id) SELECT user_id FROM audit",
  "SELECT * FROM audit a LEFT JOIN payment_users u ON u.user_id = a.user_id",
  "SELECT * FROM payment_users u LEFT JOIN audit a ON u.user_id = a.user_id",
  "SELECT * FROM payment_events e FULL JOIN event_types t ON t.event_type_id = e.user_id",
  "SELECT * FROM event_types t LEFT JOIN payment_events e ON e.user_id = t.event_type_id WHERE t.name = 'x'",
  "SELECT * FROM event_types t LEFT JOIN payment_events e ON e.user_id = t.event_type_id LEFT JOIN payment_users u ON u.user_id = e.user_id",
  "SELECT * FROM payment_merchants m LEFT JOIN payment_events e ON e.merchant_id = m.merchant_id JOIN event_types t ON t.event_type_id = m.merchant_id",
  "SELECT * FROM audit a WHERE EXISTS (SELECT 1 FROM payment_users u WHERE u.user_id = a.user_id)",
  "SELECT * FROM event_types t WHERE t.event_type_id IN (SELECT event_type_id FROM payment_events)",
  "UPDATE audit SET what = t.name FROM event_types t WHERE t.event_type_id = audit.id",
  "DELETE FROM audit WHERE user_id IN (SELECT user_id FROM payment_users WHERE login = 'x')",
  "INSERT INTO event_types SELECT id, what FROM audit",
  "SELECT * FROM audit a, event_types t, payment_merchants m WHERE t.event_type_id = a.id AND m.merchant_id = a.id",
};

static SwRouter *
make_router (SwSchema *schema)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwPlan) plan = sw_plan_new_from_data (woodgrove_plan, -1, &error);

  g_assert_no_error (error);
  g_assert_true (sw_plan_check_names (plan, schema, &error));
  g_assert_no_error (error);
  return sw_router_new (schema, plan);
}

static void
test_router_citus_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *woodgrove = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwRouter) router = NULL;
  guint kind_ok = 0, tasks_ok = 0, shard_ok = 0, shard_checked = 0;
  g_autoptr(GString) failures = g_string_new (NULL);

  if (citus == NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  path = g_build_filename (g_getenv ("SW_SAMPLES_DIR"), "woodgrove.sql", NULL);
  g_file_get_contents (path, &woodgrove, NULL, &error);
  g_assert_no_error (error);
  sql = g_strconcat (woodgrove, distribute_sql, NULL);
  conninfo = sw_test_citus_create_database (citus, "router", sql, &error);
  g_assert_no_error (error);

  /* The schema as the offline user has it: the file, plus the two extra tables. */
  {
    g_autofree char *offline = g_strconcat (woodgrove,
                                            "CREATE TABLE audit (id bigserial PRIMARY KEY, user_id bigint, what text);\n"
                                            "CREATE TABLE \"Odd Tags\" (\"Tag\" text, user_id bigint);\n"
                                            "CREATE TABLE notes (id bigint, user_id bigint, body text);\n",
                                            NULL);

    schema = sw_test_read_sql (offline);
  }
  router = make_router (schema);

  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "SET citus.enable_repartition_joins TO on");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  g_clear_pointer (&res, PQclear);

  g_assert_true (sw_router_load_cluster (router, conn, &error));
  g_assert_no_error (error);
  g_assert_true (sw_router_has_cluster (router));
  /* citus_set_coordinator_host + two workers. */
  g_assert_cmpuint (sw_router_get_node_count (router), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(SwRoute) predicted = sw_router_route (router, corpus[i], &error);
      g_autoptr(SwExplain) explain = NULL;
      g_autoptr(SwRoute) observed = NULL;
      gboolean same_kind, same_tasks;

      g_assert_no_error (error);
      explain = sw_explain_run (conn, corpus[i], &error);
      g_assert_no_error (error);
      observed = sw_explain_to_route (explain, router);

      same_kind = predicted->kind == observed->kind;
      same_tasks = predicted->task_count == observed->task_count;
      kind_ok += same_kind;
      tasks_ok += same_tasks;

      /* A join's task reads one shard of each table: compare the shard index
       * (the position in hash-range order, the same for colocated tables) and
       * the node, both read back from pg_dist_shard and pg_dist_placement.
       */
      if (observed->kind == SW_ROUTE_KIND_ROUTER && predicted->kind == SW_ROUTE_KIND_ROUTER &&
          observed->shards->len >= 1 && predicted->shards->len == 1)
        {
          shard_checked++;
          if (g_array_index (observed->shards, int, 0) == g_array_index (predicted->shards, int, 0) &&
              observed->nodes->len == 1 && predicted->nodes->len == 1 &&
              g_str_equal (g_ptr_array_index (observed->nodes, 0), g_ptr_array_index (predicted->nodes, 0)))
            shard_ok++;
          else
            g_string_append_printf (failures, "  shard/node differ: %s: predicted %d on %s, Citus %d on %s\n", corpus[i],
                                    g_array_index (predicted->shards, int, 0),
                                    predicted->nodes->len > 0 ? (char *) g_ptr_array_index (predicted->nodes, 0) : "?",
                                    g_array_index (observed->shards, int, 0),
                                    observed->nodes->len > 0 ? (char *) g_ptr_array_index (observed->nodes, 0) : "?");
        }

      if (g_test_verbose ())
        g_test_message ("%s %s: predicted %s/%d, Citus %s/%d%s%s", same_kind && same_tasks ? "  " : "!!",
                        corpus[i], sw_route_kind_to_string (predicted->kind), predicted->task_count,
                        sw_route_kind_to_string (observed->kind), observed->task_count,
                        observed->insert_select_method != NULL ? ", " : "",
                        observed->insert_select_method != NULL ? observed->insert_select_method : "");

      if (!same_kind || !same_tasks)
        g_string_append_printf (failures, "  %s\n    predicted %s/%d (%s), Citus %s/%d (%s)\n",
                                corpus[i],
                                sw_route_kind_to_string (predicted->kind), predicted->task_count,
                                predicted->reason,
                                sw_route_kind_to_string (observed->kind), observed->task_count,
                                observed->reason);
    }

  g_test_message ("Router agreement with Citus 13.2 on %u queries: kind %u/%u, task count %u/%u, "
                  "router shard and node %u/%u",
                  (guint) G_N_ELEMENTS (corpus), kind_ok, (guint) G_N_ELEMENTS (corpus),
                  tasks_ok, (guint) G_N_ELEMENTS (corpus), shard_ok, shard_checked);
  if (failures->len > 0)
    g_test_message ("Disagreements:\n%s", failures->str);

  g_assert_cmpuint (G_N_ELEMENTS (corpus), >=, 30);
  g_assert_cmpuint (shard_checked, >=, 5);
  g_assert_cmpuint (shard_ok, ==, shard_checked);
  g_assert_cmpuint (kind_ok, ==, G_N_ELEMENTS (corpus));
  g_assert_cmpuint (tasks_ok, ==, G_N_ELEMENTS (corpus));
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

  g_test_add_func ("/Sw/RouterCitus/corpus", test_router_citus_corpus);

  if (citus == NULL)
    skip_reason = g_strdup_printf ("citus suite skipped: %s", reason);

  ret = g_test_run ();
  g_clear_pointer (&citus, sw_test_citus_stop);
  g_free (skip_reason);

  return ret;
}
