/* sw-explain.c
 *
 * Reads what the coordinator's EXPLAIN (FORMAT JSON) says about a statement:
 * the outermost Citus scan's task count and tasks (node, shard), repartition
 * jobs, and the recursively planned subplans (reference/citus-13-rules.md §C).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-explain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-engine-autocleanups.h"
#include "sw-explain.h"
#include "sw-plan.h"
#include "sw-schema.h"
#include "sw-table.h"

struct _SwExplain
{
  GObject    parent_instance;

  gboolean   has_citus_scan;
  char      *provider;
  int        task_count;
  gboolean   repartition;
  char      *insert_select_method;
  GPtrArray *tasks;      /* SwExplainTask */
  GPtrArray *subplans;   /* SwExplain */
  char      *error_message;
  char      *hint;
};

G_DEFINE_FINAL_TYPE (SwExplain, sw_explain, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-explain-error-quark, sw_explain_error)

static void
task_free (SwExplainTask *task)
{
  g_free (task->node);
  g_ptr_array_unref (task->relations);
  g_free (task);
}

static void
sw_explain_finalize (GObject *object)
{
  SwExplain *self = SW_EXPLAIN (object);

  g_free (self->provider);
  g_free (self->insert_select_method);
  g_ptr_array_unref (self->tasks);
  g_ptr_array_unref (self->subplans);
  g_free (self->error_message);
  g_free (self->hint);

  G_OBJECT_CLASS (sw_explain_parent_class)->finalize (object);
}

static void
sw_explain_class_init (SwExplainClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_explain_finalize;
}

static void
sw_explain_init (SwExplain *self)
{
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) task_free);
  self->subplans = g_ptr_array_new_with_free_func (g_object_unref);
}

/* "host=127.0.0.1 port=9702 dbname=postgres" → "127.0.0.1:9702" */
static char *
node_from_conninfo (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);
  const char *host = NULL;
  const char *port = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_has_prefix (parts[i], "host="))
        host = parts[i] + 5;
      else if (g_str_has_prefix (parts[i], "port="))
        port = parts[i] + 5;
    }
  if (host == NULL)
    return g_strdup (text);
  return g_strdup_printf ("%s:%s", host, port != NULL ? port : "5432");
}

/* A shard relation is the table's name with _<shardid> appended. */
static gint64
shard_id_of (const char *relation)
{
  const char *underscore = strrchr (relation, '_');
  guint64 id;

  if (underscore == NULL || !g_ascii_string_to_unsigned (underscore + 1, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return (gint64) id;
}

static void
collect_relations (JsonNode  *node,
                   GPtrArray *relations)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_relations (json_array_get_element (array, i), relations);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "Relation Name"))
        {
          const char *name = json_object_get_string_member_with_default (object, "Relation Name", NULL);
          const char *schema = json_object_get_string_member_with_default (object, "Schema", NULL);

          if (name != NULL)
            {
              g_autofree char *entry = schema != NULL ? g_strdup_printf ("%s.%s", schema, name)
                                                      : g_strdup (name);
              gboolean dup = FALSE;

              for (guint i = 0; i < relations->len && !dup; i++)
                dup = g_str_equal (g_ptr_array_index (relations, i), entry);
              if (!dup)
                g_ptr_array_add (relations, g_steal_pointer (&entry));
            }
        }
      for (GList *l = members; l != NULL; l = l->next)
        collect_relations (json_object_get_member (object, l->data), relations);
    }
}

static gboolean parse_plan (SwExplain *self, JsonObject *plan, GError **error);

static void
parse_job (SwExplain  *self,
           JsonObject *job)
{
  self->task_count = (int) json_object_get_int_member_with_default (job, "Task Count", 0);
  self->repartition = json_object_has_member (job, "Dependent Jobs");

  if (json_object_has_member (job, "Tasks"))
    {
      JsonArray *tasks = json_object_get_array_member (job, "Tasks");

      for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
        {
          JsonObject *t = json_array_get_object_element (tasks, i);
          SwExplainTask *task;

          if (t == NULL)
            continue;
          task = g_new0 (SwExplainTask, 1);
          task->relations = g_ptr_array_new_with_free_func (g_free);
          if (json_object_has_member (t, "Node"))
            task->node = node_from_conninfo (json_object_get_string_member (t, "Node"));
          if (json_object_has_member (t, "Remote Plan"))
            collect_relations (json_object_get_member (t, "Remote Plan"), task->relations);
          for (guint r = 0; r < task->relations->len && task->shard_id == 0; r++)
            task->shard_id = shard_id_of (g_ptr_array_index (task->relations, r));
          g_ptr_array_add (self->tasks, task);
        }
    }
}

static void
parse_distributed_query (SwExplain  *self,
                         JsonObject *dq)
{
  if (json_object_has_member (dq, "Subplans"))
    {
      JsonArray *subplans = json_object_get_array_member (dq, "Subplans");

      for (guint i = 0; subplans != NULL && i < json_array_get_length (subplans); i++)
        {
          JsonObject *subplan = json_array_get_object_element (subplans, i);
          JsonArray *planned;
          g_autoptr(SwExplain) sub = g_object_new (SW_TYPE_EXPLAIN, NULL);

          if (subplan == NULL || !json_object_has_member (subplan, "PlannedStmt"))
            continue;
          planned = json_object_get_array_member (subplan, "PlannedStmt");
          if (planned != NULL && json_array_get_length (planned) > 0)
            {
              JsonObject *top = json_array_get_object_element (planned, 0);

              if (top != NULL && json_object_has_member (top, "Plan"))
                parse_plan (sub, json_object_get_object_member (top, "Plan"), NULL);
            }
          g_ptr_array_add (self->subplans, g_steal_pointer (&sub));
        }
    }

  if (json_object_has_member (dq, "Job"))
    parse_job (self, json_object_get_object_member (dq, "Job"));
}

/* Finds the first "Distributed Query" below @node, breadth first, skipping the
 * worker plans: the coordinator's INSERT … SELECT keeps its SELECT's scan there.
 */
static JsonObject *
find_distributed_query (JsonObject *object)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, object);
  while (!g_queue_is_empty (queue))
    {
      JsonObject *current = g_queue_pop_head (queue);
      g_autoptr(GList) members = json_object_get_members (current);

      if (json_object_has_member (current, "Distributed Query"))
        return json_object_get_object_member (current, "Distributed Query");

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (current, l->data);

          if (g_str_equal (l->data, "Remote Plan") || g_str_equal (l->data, "Subplans"))
            continue;
          if (JSON_NODE_HOLDS_OBJECT (child))
            g_queue_push_tail (queue, json_node_get_object (child));
          else if (JSON_NODE_HOLDS_ARRAY (child))
            {
              JsonArray *array = json_node_get_array (child);

              for (guint i = 0; i < json_array_get_length (array); i++)
                {
                  JsonNode *element = json_array_get_element (array, i);

                  if (JSON_NODE_HOLDS_OBJECT (element))
                    g_queue_push_tail (queue, json_node_get_object (element));
                }
            }
        }
    }
  return NULL;
}

static JsonObject *
find_citus_scan (JsonObject *plan)
{
  const char *provider = json_object_get_string_member_with_default (plan, "Custom Plan Provider", NULL);

  if (provider != NULL && g_str_has_prefix (provider, "Citus"))
    return plan;

  if (json_object_has_member (plan, "Plans"))
    {
      JsonArray *plans = json_object_get_array_member (plan, "Plans");

      for (guint i = 0; plans != NULL && i < json_array_get_length (plans); i++)
        {
          JsonObject *child = json_array_get_object_element (plans, i);
          JsonObject *found = child != NULL ? find_citus_scan (child) : NULL;

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

static gboolean
parse_plan (SwExplain   *self,
            JsonObject  *plan,
            GError     **error)
{
  JsonObject *scan = find_citus_scan (plan);
  JsonObject *dq;

  if (scan == NULL)
    return TRUE;

  self->has_citus_scan = TRUE;
  self->provider = g_strdup (json_object_get_string_member (scan, "Custom Plan Provider"));
  self->insert_select_method = g_strdup (json_object_get_string_member_with_default (scan, "INSERT/SELECT method", NULL));

  dq = json_object_has_member (scan, "Distributed Query")
       ? json_object_get_object_member (scan, "Distributed Query") : NULL;

  if (dq != NULL && json_object_has_member (dq, "Subplans") && !json_object_has_member (dq, "Job"))
    parse_distributed_query (self, dq), dq = NULL;
  if (dq == NULL)
    dq = find_distributed_query (scan);
  if (dq != NULL)
    parse_distributed_query (self, dq);

  return TRUE;
}

/**
 * sw_explain_new_from_json:
 * @json: the output of EXPLAIN (FORMAT JSON) on a Citus coordinator
 * @length: its length, or -1 when nul-terminated
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the parsed plan, or %NULL with @error set
 */
SwExplain *
sw_explain_new_from_json (const char  *json,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SwExplain) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;
  JsonObject *top;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_PARSE,
                   _("The EXPLAIN output is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root) ||
      json_array_get_length (array = json_node_get_array (root)) == 0 ||
      (top = json_array_get_object_element (array, 0)) == NULL ||
      !json_object_has_member (top, "Plan") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (top, "Plan")))
    {
      g_set_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_PARSE,
                   _("The EXPLAIN output is not a PostgreSQL JSON plan (expected [{\"Plan\": …}])"));
      return NULL;
    }

  self = g_object_new (SW_TYPE_EXPLAIN, NULL);
  if (!parse_plan (self, json_object_get_object_member (top, "Plan"), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sw_explain_new_from_error:
 * @message: the error the coordinator raised
 * @hint: (nullable): its HINT
 *
 * Returns: (transfer full): the EXPLAIN of a statement Citus refused
 */
SwExplain *
sw_explain_new_from_error (const char *message,
                           const char *hint)
{
  SwExplain *self = g_object_new (SW_TYPE_EXPLAIN, NULL);

  self->error_message = g_strdup (message);
  self->hint = g_strdup (hint);
  return self;
}

const char *
sw_explain_get_error_message (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);
  return self->error_message;
}

gboolean
sw_explain_has_citus_scan (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), FALSE);
  return self->has_citus_scan;
}

const char *
sw_explain_get_provider (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);
  return self->provider;
}

int
sw_explain_get_task_count (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), 0);
  return self->task_count;
}

gboolean
sw_explain_is_repartition (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), FALSE);
  return self->repartition;
}

const char *
sw_explain_get_insert_select_method (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);
  return self->insert_select_method;
}

/**
 * sw_explain_get_tasks:
 * @self: an explain
 *
 * Returns: (transfer none) (element-type SwExplainTask): the tasks EXPLAIN shows
 */
GPtrArray *
sw_explain_get_tasks (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);
  return self->tasks;
}

/**
 * sw_explain_get_subplans:
 * @self: an explain
 *
 * Returns: (transfer none) (element-type SwExplain): the distributed subplans
 */
GPtrArray *
sw_explain_get_subplans (SwExplain *self)
{
  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);
  return self->subplans;
}

/* Is every relation the tasks read a shard of a reference table? */
static gboolean
tasks_only_reference (SwExplain *self,
                      SwRouter  *router)
{
  SwSchema *schema = sw_router_get_schema (router);
  SwPlan *plan = sw_router_get_plan (router);
  guint seen = 0;

  for (guint t = 0; t < self->tasks->len; t++)
    {
      SwExplainTask *task = g_ptr_array_index (self->tasks, t);

      for (guint r = 0; r < task->relations->len; r++)
        {
          const char *relation = g_ptr_array_index (task->relations, r);
          const char *dot = strchr (relation, '.');
          g_autofree char *schema_name = dot != NULL ? g_strndup (relation, dot - relation) : g_strdup ("public");
          g_autofree char *name = g_strdup (dot != NULL ? dot + 1 : relation);
          char *underscore = strrchr (name, '_');
          SwTable *table;

          if (underscore != NULL && shard_id_of (name) != 0)
            *underscore = '\0';
          table = sw_schema_lookup_table (schema, schema_name, name);
          if (table == NULL)
            continue;  /* an intermediate result or a function */
          seen++;
          if (sw_plan_get_table_kind (plan, sw_table_get_qualified_name (table)) != SW_PLAN_KIND_REFERENCE)
            return FALSE;
        }
    }
  return seen > 0;
}

/**
 * sw_explain_to_route:
 * @self: an explain
 * @router: (nullable): the router of the plan, to tell reference tables and
 *   shard indexes apart
 *
 * What the cluster did, in the terms of the offline prediction.
 *
 * Returns: (transfer full): the observed route
 */
SwRoute *
sw_explain_to_route (SwExplain *self,
                     SwRouter  *router)
{
  SwRoute *route;

  g_return_val_if_fail (SW_IS_EXPLAIN (self), NULL);

  if (self->error_message != NULL)
    {
      route = sw_route_new (SW_ROUTE_KIND_UNSUPPORTED);
      route->reason = g_strdup (self->error_message);
      route->hint = g_strdup (self->hint);
      return route;
    }

  if (!self->has_citus_scan)
    {
      route = sw_route_new (SW_ROUTE_KIND_LOCAL);
      route->reason = g_strdup (_("The coordinator plans it as a plain PostgreSQL query"));
      return route;
    }

  if (self->repartition)
    {
      route = sw_route_new (SW_ROUTE_KIND_REPARTITION);
      route->needs_repartition_joins = TRUE;
    }
  else if (self->task_count > 1)
    route = sw_route_new (SW_ROUTE_KIND_MULTI_SHARD);
  else if (router != NULL && tasks_only_reference (self, router))
    route = sw_route_new (SW_ROUTE_KIND_REFERENCE);
  else
    route = sw_route_new (SW_ROUTE_KIND_ROUTER);

  route->task_count = self->task_count;
  route->insert_select_method = g_strdup (self->insert_select_method);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      SwExplainTask *task = g_ptr_array_index (self->tasks, i);
      gboolean dup = FALSE;

      if (task->shard_id != 0)
        {
          guint index;

          g_array_append_val (route->shard_ids, task->shard_id);
          if (router != NULL && sw_router_find_shard_by_id (router, task->shard_id, NULL, &index))
            sw_route_add_shard (route, (int) index);
        }
      for (guint j = 0; j < route->nodes->len && !dup && task->node != NULL; j++)
        dup = g_str_equal (g_ptr_array_index (route->nodes, j), task->node);
      if (!dup && task->node != NULL)
        g_ptr_array_add (route->nodes, g_strdup (task->node));
    }

  for (guint i = 0; i < self->subplans->len; i++)
    g_ptr_array_add (route->subplans, sw_explain_to_route (g_ptr_array_index (self->subplans, i), router));

  route->reason = g_strdup_printf (_("The coordinator's EXPLAIN: %s, %d tasks"),
                                   self->provider, self->task_count);
  return route;
}

/**
 * sw_explain_run:
 * @conn: a connection to the coordinator
 * @sql: one statement
 * @error: return location for a #GError
 *
 * Runs EXPLAIN (FORMAT JSON, COSTS OFF, VERBOSE) in a read-only transaction that
 * is rolled back: nothing is executed. When Citus refuses the statement, the
 * result carries its error (sw_explain_get_error_message()) rather than failing.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set when the
 *   connection fails
 */
SwExplain *
sw_explain_run (PGconn      *conn,
                const char  *sql,
                GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *explain = NULL;
  GString *json;
  SwExplain *self;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  res = PQexec (conn, "BEGIN READ ONLY");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_set_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_QUERY,
                   _("Could not start a read-only transaction: %s"), PQerrorMessage (conn));
      return NULL;
    }
  g_clear_pointer (&res, PQclear);

  explain = g_strdup_printf ("EXPLAIN (FORMAT JSON, COSTS OFF, VERBOSE) %s", sql);
  res = PQexec (conn, explain);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      const char *primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
      const char *hint = PQresultErrorField (res, PG_DIAG_MESSAGE_HINT);
      g_autofree char *message = g_strdup (primary != NULL ? primary : PQerrorMessage (conn));

      g_clear_pointer (&res, PQclear);
      res = PQexec (conn, "ROLLBACK");
      if (PQstatus (conn) != CONNECTION_OK)
        {
          g_set_error (error, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_CONNECT,
                       _("The connection to the coordinator was lost: %s"), PQerrorMessage (conn));
          return NULL;
        }
      return sw_explain_new_from_error (message, hint);
    }

  json = g_string_new (NULL);
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append (json, PQgetvalue (res, i, 0));
  g_clear_pointer (&res, PQclear);
  res = PQexec (conn, "ROLLBACK");

  self = sw_explain_new_from_json (json->str, json->len, error);
  g_string_free (json, TRUE);
  return self;
}

typedef struct
{
  char *conninfo;
  char *password;
  char *sql;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->conninfo);
  _sw_password_clear (&data->password);
  g_free (data->sql);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  SwExplain *explain;

  if (g_task_return_error_if_cancelled (task))
    return;

  conn = _sw_pg_connect (data->conninfo, data->password, "shardwise", &message);
  if (conn == NULL)
    {
      g_task_return_new_error (task, SW_EXPLAIN_ERROR, SW_EXPLAIN_ERROR_CONNECT,
                               _("Could not connect to the coordinator: %s"), message);
      return;
    }

  explain = sw_explain_run (conn, data->sql, &error);
  if (explain == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, explain, g_object_unref);
}

/**
 * sw_explain_run_async:
 * @conninfo: the coordinator's libpq connection string
 * @sql: one statement
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * sw_explain_run() on its own connection, in a thread.
 */
void
sw_explain_run_async (const char          *conninfo,
                      const char          *sql,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  sw_explain_run_full_async (conninfo, NULL, sql, cancellable, callback, user_data);
}

/**
 * sw_explain_run_full_async:
 * @conninfo: the coordinator's libpq connection string
 * @password: (nullable): a password, kept apart from @conninfo so that it
 *   never shows in messages; %NULL to leave it to libpq (.pgpass…)
 * @sql: one statement
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * As sw_explain_run_async(), with a password for the connection. Finish
 * with sw_explain_run_finish().
 */
void
sw_explain_run_full_async (const char          *conninfo,
                           const char          *password,
                           const char          *sql,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *data = g_new0 (RunData, 1);

  data->conninfo = g_strdup (conninfo);
  _sw_password_replace (&data->password, password);
  data->sql = g_strdup (sql);
  g_task_set_source_tag (task, sw_explain_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

SwExplain *
sw_explain_run_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
