/* sw-cli-route.c
 *
 * shardwise-cli route SOURCE --plan PLAN.json [--explain]
 *                     (QUERY | --workload FILE.sql | --pg-stat-statements) [--format text|json]
 *
 * A workload is scored by calls: pg_stat_statements' own, or in a file the
 * `-- calls: N` comment before a statement (SwWorkload).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "shardwise-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sw-cli.h"

typedef struct
{
  char      *query;
  guint64    calls;
  guint      line;
  SwRoute   *route;
  SwRoute   *live;
  GPtrArray *differences;
} Routed;

static void
routed_free (Routed *routed)
{
  g_free (routed->query);
  g_clear_pointer (&routed->route, sw_route_free);
  g_clear_pointer (&routed->live, sw_route_free);
  g_clear_pointer (&routed->differences, g_ptr_array_unref);
  g_free (routed);
}

static void
print_ints (const char *label,
            GArray     *values)
{
  if (values->len == 0)
    return;
  g_print ("  %s", label);
  for (guint i = 0; i < values->len; i++)
    g_print ("%s%d", i > 0 ? ", " : " ", g_array_index (values, int, i));
  g_print ("\n");
}

static void
print_route_text (const SwRoute *route,
                  guint          depth)
{
  g_autofree char *indent = g_strnfill (depth * 2, ' ');

  g_print (_("%s%s, %d tasks: %s\n"), indent, sw_route_kind_to_string (route->kind),
           route->task_count, route->reason != NULL ? route->reason : "");
  if (route->hint != NULL)
    g_print (_("%s  hint: %s\n"), indent, route->hint);
  if (depth == 0)
    print_ints (_("shards:"), route->shards);
  if (route->nodes->len > 0)
    {
      g_autofree char *nodes = NULL;

      g_ptr_array_add (route->nodes, NULL);
      nodes = g_strjoinv (", ", (char **) route->nodes->pdata);
      g_ptr_array_remove_index (route->nodes, route->nodes->len - 1);
      g_print (_("%s  nodes: %s\n"), indent, nodes);
    }
  for (guint i = 0; i < route->subplans->len; i++)
    {
      g_print (_("%s  subplan %u: "), indent, i + 1);
      print_route_text (g_ptr_array_index (route->subplans, i), depth + 2);
    }
}

static JsonNode *
routed_to_json (Routed      *routed,
                gboolean     with_query)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonBuilder) inner = json_builder_new ();
  JsonObject *object;

  sw_route_to_json (routed->route, inner);
  node = json_builder_get_root (inner);
  object = json_node_get_object (node);

  if (with_query)
    {
      json_object_set_string_member (object, "query", routed->query);
      json_object_set_int_member (object, "calls", (gint64) MIN (routed->calls, G_MAXINT64));
      if (routed->line > 0)
        json_object_set_int_member (object, "line", routed->line);
    }

  if (routed->live != NULL)
    {
      g_autoptr(JsonBuilder) live = json_builder_new ();
      JsonArray *differences = json_array_new ();

      sw_route_to_json (routed->live, live);
      json_object_set_member (object, "live", json_builder_get_root (live));
      for (guint i = 0; i < routed->differences->len; i++)
        json_array_add_string_element (differences, g_ptr_array_index (routed->differences, i));
      json_object_set_array_member (object, "differences", differences);
    }

  return g_steal_pointer (&node);
}

int
sw_cli_route (int    argc,
              char **argv)
{
  g_auto(SwCliSource) source = { 0 };
  g_autofree char *format_name = NULL;
  g_autofree char *plan_file = NULL;
  g_autofree char *workload_file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(SwRouter) router = NULL;
  g_autoptr(SwWorkload) workload = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  gboolean pg_stat_statements = FALSE;
  gboolean many;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) routed_free);
  g_autoptr(PGconn) conn = NULL;
  gboolean explain = FALSE;
  gboolean no_repartition = FALSE;
  gboolean any_unsupported = FALSE;
  SwRouteScore score;
  SwCliFormat format;
  GOptionEntry entries[] = {
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &source.dsn,
      N_("Read a live database (libpq conninfo or URI)"), N_("CONNINFO") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &source.schema_file,
      N_("Read a schema SQL file (pg_dump --schema-only or hand-written DDL)"), N_("FILE.sql") },
    { "plan", 0, 0, G_OPTION_ARG_FILENAME, &plan_file,
      N_("The distribution plan"), N_("PLAN.json") },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain,
      N_("Also run EXPLAIN on the coordinator (--dsn) and show where it differs"), NULL },
    { "workload", 0, 0, G_OPTION_ARG_FILENAME, &workload_file,
      N_("Route every statement of a SQL file and score the plan"), N_("FILE.sql") },
    { "pg-stat-statements", 0, 0, G_OPTION_ARG_NONE, &pg_stat_statements,
      N_("Route and score the queries pg_stat_statements recorded (--dsn)"), NULL },
    { "no-repartition-joins", 0, 0, G_OPTION_ARG_NONE, &no_repartition,
      N_("Predict with citus.enable_repartition_joins off"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: text or json"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("(QUERY | --workload FILE.sql) — how Citus routes queries under a plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !sw_cli_parse_format (format_name, &format, &error))
    {
      sw_cli_print_error ("route", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (plan_file == NULL)
    {
      g_printerr ("%s\n", _("shardwise-cli route: --plan PLAN.json is required"));
      return SW_CLI_EXIT_USAGE;
    }
  many = workload_file != NULL || pg_stat_statements;
  if ((argc > 2) || (argc == 2) == many || (workload_file != NULL && pg_stat_statements))
    {
      g_printerr ("%s\n", _("shardwise-cli route: give one QUERY, --workload FILE.sql or --pg-stat-statements"));
      return SW_CLI_EXIT_USAGE;
    }
  if (pg_stat_statements && source.dsn == NULL)
    {
      g_printerr ("%s\n", _("shardwise-cli route: --pg-stat-statements needs a live database (--dsn)"));
      return SW_CLI_EXIT_USAGE;
    }
  /* Its texts hold $1 placeholders, which EXPLAIN on PostgreSQL 15 cannot plan. */
  if (pg_stat_statements && explain)
    {
      g_printerr ("%s\n", _("shardwise-cli route: --explain cannot run the parameterised queries of pg_stat_statements"));
      return SW_CLI_EXIT_USAGE;
    }
  if (explain && source.dsn == NULL)
    {
      g_printerr ("%s\n", _("shardwise-cli route: --explain needs a live cluster (--dsn)"));
      return SW_CLI_EXIT_USAGE;
    }

  if (!(schema = sw_cli_source_load (&source, &error)))
    {
      sw_cli_print_error ("route", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (!(plan = sw_plan_new_from_file (plan_file, &error)) ||
      !sw_plan_check_names (plan, schema, &error))
    {
      sw_cli_print_error ("route", error);
      return SW_CLI_EXIT_USAGE;
    }

  if (workload_file != NULL)
    workload = sw_workload_new_from_file (workload_file, &error);
  else if (pg_stat_statements)
    workload = sw_workload_load_pg_stat_statements (source.dsn, NULL, &error);
  else
    workload = sw_workload_new_from_sql (argv[1], &error);
  if (workload == NULL)
    {
      sw_cli_print_error ("route", error);
      return SW_CLI_EXIT_USAGE;
    }
  if (!many && sw_workload_get_n_queries (workload) != 1)
    {
      g_printerr (_("shardwise-cli route: give exactly one statement to route (found %u)\n"),
                  sw_workload_get_n_queries (workload));
      return SW_CLI_EXIT_USAGE;
    }

  router = sw_router_new (schema, plan);
  sw_router_set_enable_repartition_joins (router, !no_repartition);

  if (source.dsn != NULL)
    {
      conn = PQconnectdb (source.dsn);
      if (PQstatus (conn) != CONNECTION_OK)
        {
          g_printerr (_("shardwise-cli route: could not connect: %s"), PQerrorMessage (conn));
          return SW_CLI_EXIT_USAGE;
        }
      /* Shard ids and nodes come from the cluster when it is one already. */
      if (sw_schema_get_citus_version (schema) != NULL &&
          !sw_router_load_cluster (router, conn, &error))
        {
          sw_cli_print_error ("route", error);
          return SW_CLI_EXIT_USAGE;
        }
      if (!no_repartition)
        PQclear (PQexec (conn, "SET citus.enable_repartition_joins TO on"));
    }

  if (!(routes = sw_router_route_workload (router, workload, &score, &error)))
    {
      sw_cli_print_error ("route", error);
      return SW_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < routes->len; i++)
    {
      Routed *routed = g_new0 (Routed, 1);

      routed->query = g_strdup (sw_workload_get_query (workload, i));
      routed->calls = sw_workload_get_calls (workload, i);
      routed->line = sw_workload_get_line (workload, i);
      routed->route = g_steal_pointer (&g_ptr_array_index (routes, i));
      g_ptr_array_add (results, routed);
      any_unsupported |= routed->route->kind == SW_ROUTE_KIND_UNSUPPORTED;

      if (explain)
        {
          g_autoptr(SwExplain) plan_explain = sw_explain_run (conn, routed->query, &error);

          if (plan_explain == NULL)
            {
              sw_cli_print_error ("route", error);
              return SW_CLI_EXIT_USAGE;
            }
          routed->live = sw_explain_to_route (plan_explain, router);
          routed->differences = sw_route_differences (routed->route, routed->live);
        }
    }

  if (format == SW_CLI_FORMAT_JSON)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      if (!many)
        root = routed_to_json (g_ptr_array_index (results, 0), FALSE);
      else
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < results->len; i++)
            json_array_add_element (array, routed_to_json (g_ptr_array_index (results, i), TRUE));
          root = json_node_init_array (json_node_alloc (), array);
          json_array_unref (array);
        }
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < results->len; i++)
        {
          Routed *routed = g_ptr_array_index (results, i);

          if (many && routed->calls != 1)
            {
              g_autofree char *calls = g_strdup_printf ("%" G_GUINT64_FORMAT, routed->calls);

              g_print (_("%s%s\n  (%s calls)\n"), i > 0 ? "\n" : "", routed->query, calls);
            }
          else if (many)
            g_print ("%s%s\n", i > 0 ? "\n" : "", routed->query);
          print_route_text (routed->route, 0);
          if (routed->live != NULL)
            {
              g_print ("%s", _("  live: "));
              print_route_text (routed->live, 1);
              for (guint d = 0; d < routed->differences->len; d++)
                g_print (_("  differs: %s\n"), (const char *) g_ptr_array_index (routed->differences, d));
            }
        }
    }

  if (many)
    {
      /* The score goes to stderr in JSON mode so stdout stays one document. */
      g_autofree char *calls = g_strdup_printf ("%.0f", score.total_calls);
      g_autofree char *summary = g_strdup_printf (_("\n%u queries, %s calls: router %.1f%%, multi-shard %.1f%%, repartition %.1f%%, unsupported %.1f%%, "
               "reference %.1f%%, local %.1f%%\n"),
             score.n_queries, calls,
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_ROUTER),
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_MULTI_SHARD),
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_REPARTITION),
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_UNSUPPORTED),
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_REFERENCE),
             100 * sw_route_score_get_share (&score, SW_ROUTE_KIND_LOCAL));

      if (format == SW_CLI_FORMAT_JSON)
        g_printerr ("%s", summary);
      else
        g_print ("%s", summary);
    }

  return any_unsupported ? SW_CLI_EXIT_FAILS : SW_CLI_EXIT_OK;
}
