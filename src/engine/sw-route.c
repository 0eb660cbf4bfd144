/* sw-route.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-route.h"

G_DEFINE_BOXED_TYPE (SwRoute, sw_route, sw_route_copy, sw_route_free)

static const char * const kind_names[] = {
  [SW_ROUTE_KIND_LOCAL] = "local",
  [SW_ROUTE_KIND_REFERENCE] = "reference",
  [SW_ROUTE_KIND_ROUTER] = "router",
  [SW_ROUTE_KIND_MULTI_SHARD] = "multi_shard",
  [SW_ROUTE_KIND_REPARTITION] = "repartition",
  [SW_ROUTE_KIND_UNSUPPORTED] = "unsupported",
};

/**
 * sw_route_new:
 * @kind: the kind
 *
 * Returns: (transfer full): an empty route of that kind, task count 0
 */
SwRoute *
sw_route_new (SwRouteKind kind)
{
  SwRoute *route = g_new0 (SwRoute, 1);

  route->kind = kind;
  route->shards = g_array_new (FALSE, FALSE, sizeof (int));
  route->shard_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  route->nodes = g_ptr_array_new_with_free_func (g_free);
  route->tables = g_ptr_array_new_with_free_func (g_free);
  route->subplans = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_route_free);

  return route;
}

SwRoute *
sw_route_copy (const SwRoute *route)
{
  SwRoute *copy;

  g_return_val_if_fail (route != NULL, NULL);

  copy = sw_route_new (route->kind);
  copy->task_count = route->task_count;
  g_array_append_vals (copy->shards, route->shards->data, route->shards->len);
  g_array_append_vals (copy->shard_ids, route->shard_ids->data, route->shard_ids->len);
  for (guint i = 0; i < route->nodes->len; i++)
    g_ptr_array_add (copy->nodes, g_strdup (g_ptr_array_index (route->nodes, i)));
  for (guint i = 0; i < route->tables->len; i++)
    g_ptr_array_add (copy->tables, g_strdup (g_ptr_array_index (route->tables, i)));
  for (guint i = 0; i < route->subplans->len; i++)
    g_ptr_array_add (copy->subplans, sw_route_copy (g_ptr_array_index (route->subplans, i)));
  copy->reason = g_strdup (route->reason);
  copy->hint = g_strdup (route->hint);
  copy->needs_repartition_joins = route->needs_repartition_joins;
  copy->insert_select_method = g_strdup (route->insert_select_method);

  return copy;
}

void
sw_route_free (SwRoute *route)
{
  if (route == NULL)
    return;

  g_array_unref (route->shards);
  g_array_unref (route->shard_ids);
  g_ptr_array_unref (route->nodes);
  g_ptr_array_unref (route->tables);
  g_ptr_array_unref (route->subplans);
  g_free (route->reason);
  g_free (route->hint);
  g_free (route->insert_select_method);
  g_free (route);
}

/**
 * sw_route_kind_to_string:
 * @kind: a kind
 *
 * Returns: the name the `route` command prints (`multi_shard`, …)
 */
const char *
sw_route_kind_to_string (SwRouteKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return "unknown";
  return kind_names[kind];
}

gboolean
sw_route_kind_from_string (const char  *string,
                           SwRouteKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (string, kind_names[i]) == 0)
        {
          *kind = (SwRouteKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sw_route_has_shard (const SwRoute *route,
                    int            index)
{
  for (guint i = 0; i < route->shards->len; i++)
    if (g_array_index (route->shards, int, i) == index)
      return TRUE;
  return FALSE;
}

/**
 * sw_route_add_shard:
 * @route: a route
 * @index: a 0-based shard index
 *
 * Adds @index once, keeping the list sorted.
 */
void
sw_route_add_shard (SwRoute *route,
                    int      index)
{
  guint i;

  for (i = 0; i < route->shards->len; i++)
    {
      int existing = g_array_index (route->shards, int, i);

      if (existing == index)
        return;
      if (existing > index)
        break;
    }
  g_array_insert_val (route->shards, i, index);
}

/**
 * sw_route_to_json:
 * @route: a route
 * @builder: a builder, where an object may start
 *
 * Adds the object of the `route` command's JSON contract: kind, task_count,
 * shards, nodes, reason, and the extra members (shard_ids, tables, subplans, …).
 */
void
sw_route_to_json (const SwRoute *route,
                  JsonBuilder   *builder)
{
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, sw_route_kind_to_string (route->kind));

  json_builder_set_member_name (builder, "task_count");
  json_builder_add_int_value (builder, route->task_count);

  json_builder_set_member_name (builder, "shards");
  json_builder_begin_array (builder);
  for (guint i = 0; i < route->shards->len; i++)
    json_builder_add_int_value (builder, g_array_index (route->shards, int, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < route->nodes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (route->nodes, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, route->reason != NULL ? route->reason : "");

  if (route->hint != NULL)
    {
      json_builder_set_member_name (builder, "hint");
      json_builder_add_string_value (builder, route->hint);
    }

  if (route->shard_ids->len > 0)
    {
      json_builder_set_member_name (builder, "shard_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; i < route->shard_ids->len; i++)
        json_builder_add_int_value (builder, g_array_index (route->shard_ids, gint64, i));
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "needs_repartition_joins");
  json_builder_add_boolean_value (builder, route->needs_repartition_joins);

  if (route->insert_select_method != NULL)
    {
      json_builder_set_member_name (builder, "insert_select_method");
      json_builder_add_string_value (builder, route->insert_select_method);
    }

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < route->tables->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (route->tables, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "subplans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < route->subplans->len; i++)
    sw_route_to_json (g_ptr_array_index (route->subplans, i), builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/**
 * sw_route_differences:
 * @predicted: the offline prediction
 * @observed: what the cluster's EXPLAIN said
 *
 * Where the prediction and the cluster disagree: kind, task count, subplan
 * count, and the shards and nodes when both sides know them.
 *
 * Returns: (transfer full) (element-type utf8): one sentence per difference;
 *   empty when they agree
 */
GPtrArray *
sw_route_differences (const SwRoute *predicted,
                      const SwRoute *observed)
{
  GPtrArray *differences = g_ptr_array_new_with_free_func (g_free);

  if (predicted->kind != observed->kind)
    g_ptr_array_add (differences,
                     g_strdup_printf (_("Predicted kind %s, the cluster plans %s"),
                                      sw_route_kind_to_string (predicted->kind),
                                      sw_route_kind_to_string (observed->kind)));

  if (predicted->task_count >= 0 && observed->task_count >= 0 &&
      predicted->task_count != observed->task_count)
    g_ptr_array_add (differences,
                     g_strdup_printf (_("Predicted %d tasks, the cluster plans %d"),
                                      predicted->task_count, observed->task_count));

  if (predicted->subplans->len != observed->subplans->len)
    g_ptr_array_add (differences,
                     g_strdup_printf (_("Predicted %u subplans, the cluster plans %u"),
                                      predicted->subplans->len, observed->subplans->len));

  /* EXPLAIN names one task per multi-shard query, so only a router's shard can
   * be compared whole.
   */
  if (predicted->kind == SW_ROUTE_KIND_ROUTER && observed->kind == SW_ROUTE_KIND_ROUTER &&
      predicted->shard_ids->len == 1 && observed->shard_ids->len == 1 &&
      g_array_index (predicted->shard_ids, gint64, 0) != g_array_index (observed->shard_ids, gint64, 0))
    g_ptr_array_add (differences,
                     g_strdup_printf (_("Predicted shard %lld, the cluster uses shard %lld"),
                                      (long long) g_array_index (predicted->shard_ids, gint64, 0),
                                      (long long) g_array_index (observed->shard_ids, gint64, 0)));

  if (predicted->kind == SW_ROUTE_KIND_ROUTER && observed->kind == SW_ROUTE_KIND_ROUTER &&
      predicted->nodes->len == 1 && observed->nodes->len == 1 &&
      g_strcmp0 (g_ptr_array_index (predicted->nodes, 0), g_ptr_array_index (observed->nodes, 0)) != 0)
    g_ptr_array_add (differences,
                     g_strdup_printf (_("Predicted node %s, the cluster uses node %s"),
                                      (const char *) g_ptr_array_index (predicted->nodes, 0),
                                      (const char *) g_ptr_array_index (observed->nodes, 0)));

  return differences;
}

void
sw_route_score_init (SwRouteScore *score)
{
  memset (score, 0, sizeof *score);
}

/**
 * sw_route_score_add:
 * @score: a score
 * @route: the route of one query
 * @calls: how often the query runs (pg_stat_statements calls; 1 for a file)
 *
 * Adds a query to the score. Reference and local queries count apart, so the
 * shares of router, multi-shard, repartition and unsupported are those of the
 * whole workload.
 */
void
sw_route_score_add (SwRouteScore  *score,
                    const SwRoute *route,
                    double         calls)
{
  g_return_if_fail (score != NULL);
  g_return_if_fail (route != NULL);

  if (calls < 0)
    calls = 0;
  if ((guint) route->kind < G_N_ELEMENTS (score->calls))
    score->calls[route->kind] += calls;
  score->total_calls += calls;
  score->n_queries++;
}

/**
 * sw_route_score_get_share:
 * @score: a score
 * @kind: a kind
 *
 * Returns: the share of the calls planned as @kind, from 0 to 1
 */
double
sw_route_score_get_share (const SwRouteScore *score,
                          SwRouteKind         kind)
{
  g_return_val_if_fail (score != NULL, 0);

  if (score->total_calls <= 0 || (guint) kind >= G_N_ELEMENTS (score->calls))
    return 0;
  return score->calls[kind] / score->total_calls;
}
