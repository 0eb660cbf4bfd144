/* sw-routing-page.c
 *
 * The routing preview: a SQL editor that completes the schema's names; the
 * route Citus would take, predicted offline and, with a live coordinator,
 * compared with its EXPLAIN; the nodes and shards hit on a cluster map; the
 * query's rows (read only); a history; the workload of the history scored
 * under the current plan and an alternative one; and a table's shard balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-routing-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sw-routing-page.h"
#include "sw-schema-completion.h"
#include "sw-source-style.h"

#define MAX_RESULT_ROWS 500
#define MAX_HISTORY     50

struct _SwRoutingPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkSpinner           *spinner;
  GtkSourceView        *editor;
  GtkListBox           *history_list;
  GtkStack             *stack;
  AdwActionRow         *predicted_row;
  GtkLabel             *predicted_kind;
  AdwActionRow         *live_row;
  GtkLabel             *live_kind;
  AdwActionRow         *differences_row;
  GtkImage             *differences_icon;
  SwClusterMap         *cluster_map;
  GtkLabel             *results_label;
  GtkColumnView        *results_view;
  GtkLabel             *workload_label;
  GtkGrid              *workload_grid;
  GtkDropDown          *balance_dropdown;
  SwBalanceChart       *balance_chart;
  GtkLabel             *balance_label;

  /* Owned */
  SwSchema             *schema;
  SwPlan               *plan;
  SwPlan               *alternative;
  SwRouter             *router;
  SwSchemaCompletion   *completion;
  GtkStringList        *history;
  GListStore           *results;
  GtkStringList        *balance_tables;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *conninfo;
  char                 *password;       /* kept in memory only, wiped when replaced */
  char                 *error;
  GStrv                 highlight_tables;
  GStrv                 highlight_labels;
  SwRoute              *predicted;
  SwRoute              *live;
  GPtrArray            *differences;
  SwRouteScore          score;
  SwRouteScore          alternative_score;
  gulong                plan_changed_id;
  guint                 busy;
};

G_DEFINE_FINAL_TYPE (SwRoutingPage, sw_routing_page, ADW_TYPE_BIN)

enum {
  SIGNAL_HIGHLIGHTS_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* A live Citus coordinator: EXPLAIN, its shards and their sizes mean something. */
static gboolean
is_citus (SwRoutingPage *self)
{
  return self->conninfo != NULL && self->schema != NULL && sw_schema_get_citus_version (self->schema) != NULL;
}

static void
clear_password (char **password)
{
  if (*password != NULL)
    explicit_bzero (*password, strlen (*password));
  g_clear_pointer (password, g_free);
}

static const char *
kind_label (SwRouteKind kind)
{
  switch (kind)
    {
    case SW_ROUTE_KIND_LOCAL:
      return _("Local: plain PostgreSQL");
    case SW_ROUTE_KIND_REFERENCE:
      return _("Reference tables only");
    case SW_ROUTE_KIND_ROUTER:
      return _("Single shard (router)");
    case SW_ROUTE_KIND_MULTI_SHARD:
      return _("Multi-shard");
    case SW_ROUTE_KIND_REPARTITION:
      return _("Repartition join");
    case SW_ROUTE_KIND_UNSUPPORTED:
    default:
      return _("Not supported by Citus");
    }
}

static void
set_busy (SwRoutingPage *self,
          int            delta)
{
  self->busy += delta;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static SwRouter *
ensure_router (SwRoutingPage *self)
{
  if (self->router == NULL && self->schema != NULL && self->plan != NULL)
    self->router = sw_router_new (self->schema, self->plan);

  return self->router;
}

static char *
describe_route (const SwRoute *route)
{
  GString *text = g_string_new (route->reason ? route->reason : "");

  if (route->task_count >= 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%d task", "%d tasks", route->task_count),
                              route->task_count);
    }
  if (route->shards != NULL && route->shards->len > 0 && route->shards->len <= 8)
    {
      g_string_append (text, _(" · shards "));
      for (guint i = 0; i < route->shards->len; i++)
        g_string_append_printf (text, "%s%d", i > 0 ? ", " : "", g_array_index (route->shards, int, i));
    }
  if (route->nodes != NULL && route->nodes->len > 0)
    {
      g_string_append (text, _(" · on "));
      for (guint i = 0; i < route->nodes->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (route->nodes, i));
    }
  if (route->subplans != NULL && route->subplans->len > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u subplan planned first", "%u subplans planned first",
                                              route->subplans->len),
                              route->subplans->len);
    }
  if (route->hint != NULL)
    g_string_append_printf (text, "\n%s", route->hint);

  return g_string_free (text, FALSE);
}

static void
set_kind_label (GtkLabel      *label,
                const SwRoute *route)
{
  static const char * const styles[] = { "success", "warning", "error", "accent" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);

  if (route == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }

  gtk_label_set_text (label, kind_label (route->kind));
  switch (route->kind)
    {
    case SW_ROUTE_KIND_ROUTER:
    case SW_ROUTE_KIND_REFERENCE:
      gtk_widget_add_css_class (GTK_WIDGET (label), "success");
      break;
    case SW_ROUTE_KIND_REPARTITION:
      gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      break;
    case SW_ROUTE_KIND_UNSUPPORTED:
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      break;
    case SW_ROUTE_KIND_LOCAL:
    case SW_ROUTE_KIND_MULTI_SHARD:
    default:
      gtk_widget_add_css_class (GTK_WIDGET (label), "accent");
      break;
    }
}

/* Cluster map */

static guint
plan_shard_count (SwRoutingPage *self,
                  const char    *table)
{
  const SwPlanTable *entry = sw_plan_lookup_table (self->plan, table);

  if (entry != NULL && entry->shard_count > 0)
    return entry->shard_count;

  /* Colocated tables have their anchor's shard count. */
  if (entry != NULL && entry->colocate_with != NULL && g_strcmp0 (entry->colocate_with, "none") != 0)
    {
      const SwPlanTable *anchor = sw_plan_lookup_table (self->plan, entry->colocate_with);

      if (anchor != NULL && anchor->shard_count > 0)
        return anchor->shard_count;
    }

  return sw_plan_get_shard_count (self->plan);
}

/* The first distributed table the query touches; its shards are mapped. */
static char *
route_distributed_table (const SwRoute *route)
{
  for (guint i = 0; route->tables != NULL && i < route->tables->len; i++)
    {
      const char *entry = g_ptr_array_index (route->tables, i);
      const char *colon = g_strrstr (entry, ": ");

      if (colon != NULL && g_str_has_prefix (colon + 2, "distributed"))
        return g_strndup (entry, colon - entry);
    }

  return NULL;
}

static void
update_cluster_map (SwRoutingPage *self,
                    const SwRoute *route)
{
  SwRouter *router = ensure_router (self);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *table = NULL;
  g_autofree guint *node_of_shard = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (int));
  guint shard_count;
  gboolean coordinator;

  /* EXPLAIN names no tables: the prediction's are the same query's. */
  if (route != NULL)
    table = route_distributed_table (route);
  if (table == NULL && self->predicted != NULL)
    table = route_distributed_table (self->predicted);
  shard_count = table ? plan_shard_count (self, table) : 0;

  g_ptr_array_add (nodes, g_strdup (_("Coordinator")));

  if (router != NULL && sw_router_has_cluster (router) && table != NULL)
    {
      node_of_shard = g_new0 (guint, shard_count);
      for (guint i = 0; i < shard_count; i++)
        {
          const char *node = sw_router_get_shard_node (router, table, i, NULL);
          guint index = 0;

          if (node == NULL)
            continue;
          for (index = 1; index < nodes->len; index++)
            if (g_str_equal (g_ptr_array_index (nodes, index), node))
              break;
          if (index == nodes->len)
            g_ptr_array_add (nodes, g_strdup (node));
          node_of_shard[i] = index;
        }
    }
  else
    {
      guint n_nodes = router ? sw_router_get_node_count (router) : SW_ROUTER_DEFAULT_NODE_COUNT;

      for (guint i = 1; i < n_nodes; i++)
        g_ptr_array_add (nodes, g_strdup_printf (_("worker %u"), i));
    }
  g_ptr_array_add (nodes, NULL);

  sw_cluster_map_set_nodes (self->cluster_map, (const char * const *) nodes->pdata);
  sw_cluster_map_set_shards (self->cluster_map, table, shard_count, node_of_shard);

  if (route == NULL)
    return;

  if (route->shards != NULL && route->shards->len > 0)
    g_array_append_vals (hits, route->shards->data, route->shards->len);
  else if (route->kind == SW_ROUTE_KIND_MULTI_SHARD || route->kind == SW_ROUTE_KIND_REPARTITION)
    for (int i = 0; i < (int) shard_count; i++)
      g_array_append_val (hits, i);

  coordinator = route->kind == SW_ROUTE_KIND_LOCAL || route->kind == SW_ROUTE_KIND_REFERENCE ||
                route->kind == SW_ROUTE_KIND_REPARTITION ||
                (route->subplans != NULL && route->subplans->len > 0);
  sw_cluster_map_set_hits (self->cluster_map, (const int *) (gpointer) hits->data, hits->len, coordinator);
}

/* ERD highlights */

/* The worker the offline cluster map puts a shard on: Citus places shard i
 * on the i mod n-th worker.
 */
static char *
offline_node_name (SwRoutingPage *self,
                   int            shard)
{
  SwRouter *router = ensure_router (self);
  guint n_nodes = router ? sw_router_get_node_count (router) : SW_ROUTER_DEFAULT_NODE_COUNT;
  guint n_workers = n_nodes > 1 ? n_nodes - 1 : 1;

  return g_strdup_printf (_("worker %u"), 1 + (guint) shard % n_workers);
}

/* What the query reaches in one table, in a few words for its ERD card. */
static char *
highlight_label (SwRoutingPage *self,
                 const SwRoute *route,
                 const char    *table)
{
  SwPlanKind kind = self->plan ? sw_plan_get_table_kind (self->plan, table) : SW_PLAN_KIND_LOCAL;
  guint shard_count;

  switch (kind)
    {
    case SW_PLAN_KIND_REFERENCE:
      return g_strdup (_("reference · every node"));
    case SW_PLAN_KIND_SINGLE_SHARD:
      return g_strdup (_("single shard"));
    case SW_PLAN_KIND_DISTRIBUTED:
      break;
    case SW_PLAN_KIND_LOCAL:
    default:
      return g_strdup (_("local · coordinator"));
    }

  if (route->kind == SW_ROUTE_KIND_UNSUPPORTED)
    return g_strdup (_("not supported by Citus"));

  shard_count = sw_balance_estimate_plan_shard_count (self->plan, table);
  if (route->shards != NULL && route->shards->len == 1)
    {
      int index = g_array_index (route->shards, int, 0);
      SwRouter *router = ensure_router (self);
      gint64 shard_id = 0;
      const char *node = NULL;

      if (router != NULL && sw_router_has_cluster (router))
        node = sw_router_get_shard_node (router, table, index, &shard_id);
      if (node != NULL && shard_id > 0)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, shard_id);

          /* Translators: a shard id (pg_dist_shard) and the host:port that holds it */
          return g_strdup_printf (_("shard %s · %s"), id, node);
        }
      else
        {
          g_autofree char *worker = offline_node_name (self, index);

          /* Translators: a shard index, the shard count and a worker */
          return g_strdup_printf (_("shard %d of %u · %s"), index, shard_count, worker);
        }
    }
  if (route->shards != NULL && route->shards->len > 1)
    return g_strdup_printf (ngettext ("%u of %u shard", "%u of %u shards", shard_count),
                            route->shards->len, shard_count);

  return g_strdup_printf (ngettext ("all %u shard", "all %u shards", shard_count), shard_count);
}

/* The tables of the route shown (the coordinator's when known, with the
 * prediction's table list: EXPLAIN names shards, not tables) go to the ERD.
 */
static void
update_highlights (SwRoutingPage *self)
{
  const SwRoute *route = self->live ? self->live : self->predicted;
  const SwRoute *named = self->predicted ? self->predicted : self->live;
  g_autoptr(GStrvBuilder) tables = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  for (guint i = 0; route != NULL && named != NULL && named->tables != NULL && i < named->tables->len; i++)
    {
      const char *entry = g_ptr_array_index (named->tables, i);
      const char *colon = g_strrstr (entry, ": ");
      g_autofree char *table = colon ? g_strndup (entry, colon - entry) : g_strdup (entry);
      g_autofree char *label = highlight_label (self, route, table);

      g_strv_builder_add (tables, table);
      g_strv_builder_add (labels, label);
    }

  g_strfreev (self->highlight_tables);
  g_strfreev (self->highlight_labels);
  self->highlight_tables = g_strv_builder_end (tables);
  self->highlight_labels = g_strv_builder_end (labels);
  g_signal_emit (self, signals[SIGNAL_HIGHLIGHTS_CHANGED], 0);
}

/* Forgets the route shown, so that nothing stays highlighted for a query
 * that is no longer there.
 */
static void
clear_route (SwRoutingPage *self)
{
  if (self->predicted == NULL && self->live == NULL && self->error == NULL)
    return;

  g_clear_pointer (&self->predicted, sw_route_free);
  g_clear_pointer (&self->live, sw_route_free);
  g_clear_pointer (&self->differences, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  adw_action_row_set_subtitle (self->predicted_row, "");
  adw_action_row_set_subtitle (self->live_row, "");
  set_kind_label (self->predicted_kind, NULL);
  set_kind_label (self->live_kind, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->differences_row), FALSE);
  update_cluster_map (self, NULL);
  update_highlights (self);
}

static void
editor_changed_cb (SwRoutingPage *self,
                   GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *sql = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  sql = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (sql) == '\0')
    clear_route (self);
}

/* Workload */

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void
score_plan (SwRoutingPage *self,
            SwPlan        *plan,
            SwRouteScore  *score)
{
  g_autoptr(SwRouter) router = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  sw_route_score_init (score);
  if (plan == NULL || self->schema == NULL)
    return;

  router = sw_router_new (self->schema, plan);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwRoute) route = sw_router_route (router, gtk_string_list_get_string (self->history, i), NULL);

      if (route != NULL)
        sw_route_score_add (score, route, 1.0);
    }
}

static void
update_workload (SwRoutingPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  g_autofree char *summary = NULL;
  double current, alternative;

  score_plan (self, self->plan, &self->score);
  score_plan (self, self->alternative, &self->alternative_score);

  clear_grid (self->workload_grid);
  if (n == 0)
    {
      gtk_label_set_text (self->workload_label,
                          _("Route queries to build a workload: each query in the history counts once, and the scores compare how Citus would run it under each plan."));
      return;
    }

  gtk_grid_attach (self->workload_grid, grid_label (_("Route"), 0, "heading"), 0, 0, 1, 1);
  gtk_grid_attach (self->workload_grid, grid_label (_("Current Plan"), 1, "heading"), 1, 0, 1, 1);
  if (self->alternative != NULL)
    gtk_grid_attach (self->workload_grid, grid_label (_("Alternative"), 1, "heading"), 2, 0, 1, 1);

  for (int kind = SW_ROUTE_KIND_LOCAL; kind <= SW_ROUTE_KIND_UNSUPPORTED; kind++)
    {
      g_autofree char *a = g_strdup_printf ("%.0f %%", 100 * sw_route_score_get_share (&self->score, kind));

      gtk_grid_attach (self->workload_grid, grid_label (kind_label (kind), 0, NULL), 0, kind + 1, 1, 1);
      gtk_grid_attach (self->workload_grid, grid_label (a, 1, "numeric"), 1, kind + 1, 1, 1);
      if (self->alternative != NULL)
        {
          g_autofree char *b = g_strdup_printf ("%.0f %%", 100 * sw_route_score_get_share (&self->alternative_score, kind));
          gtk_grid_attach (self->workload_grid, grid_label (b, 1, "numeric"), 2, kind + 1, 1, 1);
        }
    }

  /* Single-shard and reference queries scale out; the rest fan out or fail. */
  current = sw_route_score_get_share (&self->score, SW_ROUTE_KIND_ROUTER) +
            sw_route_score_get_share (&self->score, SW_ROUTE_KIND_REFERENCE);
  if (self->alternative == NULL)
    summary = g_strdup_printf (ngettext ("%u query in the workload. Under the current plan %.0f %% run on a single node.",
                                         "%u queries in the workload. Under the current plan %.0f %% run on a single node.",
                                         n),
                               n, 100 * current);
  else
    {
      alternative = sw_route_score_get_share (&self->alternative_score, SW_ROUTE_KIND_ROUTER) +
                    sw_route_score_get_share (&self->alternative_score, SW_ROUTE_KIND_REFERENCE);
      summary = g_strdup_printf (ngettext ("%u query in the workload. On a single node: %.0f %% under the current plan, %.0f %% under the alternative.",
                                           "%u queries in the workload. On a single node: %.0f %% under the current plan, %.0f %% under the alternative.",
                                           n),
                                 n, 100 * current, 100 * alternative);
    }
  gtk_label_set_text (self->workload_label, summary);
}

/* History */

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  const char *sql = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_autofree char *line = g_strdup (sql);
  GtkWidget *label;

  g_strdelimit (line, "\n\t", ' ');
  label = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_tooltip_text (label, sql);
  return label;
}

static void
history_row_activated_cb (SwRoutingPage *self,
                          GtkListBoxRow *row)
{
  const char *sql = gtk_string_list_get_string (self->history, gtk_list_box_row_get_index (row));

  sw_routing_page_set_query (self, sql);
  sw_routing_page_route (self);
}

static void
add_to_history (SwRoutingPage *self,
                const char    *sql)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->history, i), sql))
      {
        gtk_string_list_remove (self->history, i);
        break;
      }

  gtk_string_list_splice (self->history, 0, 0, (const char * const []) { sql, NULL });
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  if (n > MAX_HISTORY)
    gtk_string_list_remove (self->history, n - 1);
}

/* Results */

static void
result_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_list_item_set_child (item, label);
}

static void
result_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkStringList *row = gtk_list_item_get_item (item);
  const char *value = gtk_string_list_get_string (row, GPOINTER_TO_UINT (user_data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), value ? value : "");
}

static void
show_results (SwRoutingPage *self,
              SwQueryRows   *result)
{
  GListModel *columns = gtk_column_view_get_columns (self->results_view);
  g_autofree char *text = NULL;
  guint n_columns, n_rows;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->results_view, column);
    }
  g_list_store_remove_all (self->results);

  if (result == NULL)
    return;

  n_columns = sw_query_rows_get_n_columns (result);
  n_rows = sw_query_rows_get_n_rows (result);

  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (result_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (result_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (sw_query_rows_get_column_name (result, c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->results_view, column);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(GtkStringList) row = gtk_string_list_new (NULL);

      /* SQL NULL shows as an empty cell. */
      for (guint c = 0; c < n_columns; c++)
        gtk_string_list_append (row, sw_query_rows_is_null (result, r, c) ? ""
                                     : sw_query_rows_get_value (result, r, c));
      g_list_store_append (self->results, row);
    }

  if (sw_query_rows_get_truncated (result))
    text = g_strdup_printf (_("The first %u rows (read only, rolled back)"), n_rows);
  else
    text = g_strdup_printf (ngettext ("%u row (read only, rolled back)", "%u rows (read only, rolled back)",
                                      n_rows),
                            n_rows);
  gtk_label_set_text (self->results_label, text);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SwRoutingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwQueryRows) rows = sw_query_runner_run_finish (SW_QUERY_RUNNER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, -1);
  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The query failed: %s"), error->message);
      show_results (self, NULL);
      gtk_label_set_text (self->results_label, text);
      return;
    }

  show_results (self, rows);
}

/* Live */

static void
show_live (SwRoutingPage *self)
{
  g_autofree char *description = NULL;

  g_clear_pointer (&self->differences, g_ptr_array_unref);
  if (self->live == NULL)
    return;

  description = describe_route (self->live);
  adw_action_row_set_subtitle (self->live_row, description);
  set_kind_label (self->live_kind, self->live);

  if (self->predicted != NULL)
    {
      self->differences = sw_route_differences (self->predicted, self->live);
      gtk_widget_set_visible (GTK_WIDGET (self->differences_row), TRUE);
      if (self->differences->len == 0)
        {
          adw_action_row_set_subtitle (self->differences_row, _("None: the prediction matches the coordinator"));
          gtk_image_set_from_icon_name (self->differences_icon, "emblem-ok-symbolic");
          gtk_widget_remove_css_class (GTK_WIDGET (self->differences_icon), "warning");
          gtk_widget_add_css_class (GTK_WIDGET (self->differences_icon), "success");
        }
      else
        {
          g_ptr_array_add (self->differences, NULL);
          {
            g_autofree char *text = g_strjoinv ("\n", (char **) self->differences->pdata);
            adw_action_row_set_subtitle (self->differences_row, text);
          }
          g_ptr_array_remove_index (self->differences, self->differences->len - 1);
          gtk_image_set_from_icon_name (self->differences_icon, "dialog-warning-symbolic");
          gtk_widget_remove_css_class (GTK_WIDGET (self->differences_icon), "success");
          gtk_widget_add_css_class (GTK_WIDGET (self->differences_icon), "warning");
        }
    }

  /* The coordinator's answer is the truth: map what it hit. */
  update_cluster_map (self, self->live);
  update_highlights (self);
}

static void
explain_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SwRoutingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwExplain) explain = sw_explain_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, -1);
  if (explain == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("EXPLAIN failed: %s"), error->message);
      adw_action_row_set_subtitle (self->live_row, text);
      set_kind_label (self->live_kind, NULL);
      return;
    }

  g_clear_pointer (&self->live, sw_route_free);
  self->live = sw_explain_to_route (explain, ensure_router (self));
  show_live (self);
}

static void
load_cluster_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SwRoutingPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sw_router_load_cluster_finish (SW_ROUTER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not read the cluster's shards: %s", error->message);
    }

  set_busy (self, -1);
  update_cluster_map (self, self->live ? self->live : self->predicted);
  if (self->predicted != NULL || self->live != NULL)
    update_highlights (self);
}

static void
reset_router (SwRoutingPage *self)
{
  g_clear_object (&self->router);

  if (is_citus (self) && ensure_router (self) != NULL)
    {
      sw_router_set_password (self->router, self->password);
      set_busy (self, 1);
      sw_router_load_cluster_async (self->router, self->conninfo, self->cancellable,
                                    load_cluster_cb, g_object_ref (self));
    }
}

/* Balance */

typedef struct
{
  char *conninfo;
  char *password;
  char *table;
} BalanceData;

static void
balance_data_free (BalanceData *data)
{
  g_free (data->conninfo);
  clear_password (&data->password);
  g_free (data->table);
  g_free (data);
}

static void
balance_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BalanceData *data = task_data;
  g_autoptr(SwScriptRunner) runner = sw_script_runner_new (data->conninfo);
  GError *error = NULL;
  GArray *sizes;

  sw_script_runner_set_password (runner, data->password);
  sizes = sw_script_runner_read_shard_sizes (runner, data->table, &error);

  if (sizes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sizes, (GDestroyNotify) g_array_unref);
}

/* Without a Citus cluster to measure, the engine predicts the balance from
 * pg_stats (SwBalanceEstimate); the chart and the text say it is a prediction.
 */
static void
show_predicted_balance (SwRoutingPage *self,
                        const char    *table,
                        const char    *why_not_live)
{
  g_autoptr(SwBalanceEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *shares = NULL;
  GString *text = g_string_new (NULL);
  const SwBalanceEstimateShard *largest;
  guint n_shares = 0;

  if (why_not_live != NULL)
    g_string_append_printf (text, "%s\n", why_not_live);

  sw_balance_chart_set_predicted (self->balance_chart, TRUE);
  if (self->schema != NULL && self->plan != NULL)
    estimate = sw_balance_estimate_new_for_plan (self->schema, self->plan, table, &error);
  else
    g_set_error_literal (&error, SW_BALANCE_ESTIMATE_ERROR, SW_BALANCE_ESTIMATE_ERROR_NO_TABLE,
                         _("Open a schema and a plan first."));

  if (estimate == NULL)
    {
      sw_balance_chart_set_values (self->balance_chart, NULL, 0);
      g_string_append_printf (text, _("No prediction from statistics either: %s"), error->message);
      gtk_label_set_text (self->balance_label, text->str);
      g_string_free (text, TRUE);
      return;
    }

  shares = sw_balance_estimate_dup_shares (estimate, &n_shares);
  sw_balance_chart_set_values (self->balance_chart, shares, n_shares);
  largest = sw_balance_estimate_get_shard (estimate, sw_balance_estimate_get_largest_shard (estimate));

  g_string_append_printf (text,
                          ngettext ("Predicted from statistics, not measured: the %u most common value of %s (%.0f %% of the rows) hashed as Citus hashes it into %u shards, the other %.0f %% spread evenly.",
                                    "Predicted from statistics, not measured: the %u most common values of %s (%.0f %% of the rows) hashed as Citus hashes them into %u shards, the other %.0f %% spread evenly.",
                                    sw_balance_estimate_get_n_common (estimate)),
                          sw_balance_estimate_get_n_common (estimate), sw_balance_estimate_get_column (estimate),
                          100 * sw_balance_estimate_get_common_share (estimate), n_shares,
                          100 * sw_balance_estimate_get_other_share (estimate));
  g_string_append_c (text, ' ');
  g_string_append_printf (text, _("The largest, shard %u, would hold %.1f %% of the rows (about %'.0f rows), %.2f× the mean."),
                          largest->index, 100 * largest->share, largest->rows,
                          sw_balance_estimate_get_shard_ratio (estimate));
  if (sw_balance_estimate_get_null_share (estimate) > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("%.1f %% of the rows have NULL in %s, which Citus refuses in a distribution column."),
                              100 * sw_balance_estimate_get_null_share (estimate),
                              sw_balance_estimate_get_column (estimate));
    }
  if (sw_balance_estimate_get_other_distinct (estimate) >= 0 &&
      sw_balance_estimate_get_other_distinct (estimate) < n_shares &&
      sw_balance_estimate_get_other_share (estimate) > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Only about %.0f other values exist: they cannot fill every shard, so the real spread is less even."),
                              sw_balance_estimate_get_other_distinct (estimate));
    }

  gtk_label_set_text (self->balance_label, text->str);
  g_string_free (text, TRUE);
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SwRoutingPage *self = SW_ROUTING_PAGE (object);
  BalanceData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, -1);
  if (sizes == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("The cluster's shard sizes could not be read: %s"), error->message);
      show_predicted_balance (self, data->table, why);
      return;
    }

  if (sizes->len == 0)
    {
      show_predicted_balance (self, data->table,
                              _("The table has no shards on this cluster yet: apply the plan to measure them."));
      return;
    }

  sw_balance_chart_set_predicted (self->balance_chart, FALSE);
  sw_balance_chart_set_values (self->balance_chart, (const double *) (gpointer) sizes->data, sizes->len);
    {
      g_autofree char *mean = g_format_size ((guint64) sw_balance_chart_get_mean (self->balance_chart));
      g_autofree char *max = g_format_size ((guint64) sw_balance_chart_get_max (self->balance_chart));

      text = g_strdup_printf (_("%u shards, %s each on average; the largest holds %s, %.2f× the mean. Bars well above the dashed mean are hot shards."),
                              sizes->len, mean, max, sw_balance_chart_get_skew (self->balance_chart));
    }
  gtk_label_set_text (self->balance_label, text);
}

static void
balance_selected_cb (SwRoutingPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->balance_dropdown);
  const char *table;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  table = gtk_string_list_get_string (self->balance_tables, selected);
  sw_routing_page_show_balance (self, table);
}

static void
update_balance_tables (SwRoutingPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GPtrArray *entries = self->plan ? sw_plan_get_tables (self->plan) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->balance_tables));

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (entries, i);

      if (entry->kind == SW_PLAN_KIND_DISTRIBUTED)
        g_ptr_array_add (names, entry->table);
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->balance_tables, 0, n, (const char * const *) names->pdata);
  gtk_widget_set_sensitive (GTK_WIDGET (self->balance_dropdown), names->len > 1);
  if (names->len == 1)
    gtk_label_set_text (self->balance_label, _("The plan distributes no table yet."));
}

/* Actions */

static void
route_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sw_routing_page_route (SW_ROUTING_PAGE (widget));
}

static void
alternative_response_cb (SwRoutingPage        *self,
                         int                   response,
                         GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      /* Plan files are small JSON documents: reading one is not worth a thread. */
      plan = sw_plan_new_from_file (path, &error);
      if (plan == NULL)
        gtk_label_set_text (self->workload_label, error->message);
      else
        sw_routing_page_set_alternative_plan (self, plan);
    }

  g_clear_object (&self->chooser);
}

static void
open_alternative_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SwRoutingPage *self = SW_ROUTING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Compare with a Plan"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Shardwise Plans"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (alternative_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
plan_changed_cb (SwRoutingPage *self)
{
  reset_router (self);
  update_balance_tables (self);
  update_workload (self);
}

/* GObject */

static void
sw_routing_page_dispose (GObject *object)
{
  SwRoutingPage *self = SW_ROUTING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_changed_id, self->plan);
  g_clear_object (&self->plan);
  g_clear_object (&self->alternative);
  g_clear_object (&self->schema);
  g_clear_object (&self->router);
  g_clear_object (&self->completion);
  g_clear_object (&self->history);
  g_clear_object (&self->results);
  g_clear_object (&self->balance_tables);
  g_clear_pointer (&self->predicted, sw_route_free);
  g_clear_pointer (&self->live, sw_route_free);
  g_clear_pointer (&self->differences, g_ptr_array_unref);
  g_clear_pointer (&self->conninfo, g_free);
  clear_password (&self->password);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->highlight_tables, g_strfreev);
  g_clear_pointer (&self->highlight_labels, g_strfreev);

  G_OBJECT_CLASS (sw_routing_page_parent_class)->dispose (object);
}

static void
sw_routing_page_class_init (SwRoutingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_routing_page_dispose;

  /**
   * SwRoutingPage::highlights-changed:
   * @self: a #SwRoutingPage
   *
   * The tables the shown route touches changed (a query was routed, the
   * coordinator answered, or the query was cleared): see
   * sw_routing_page_get_highlighted_tables().
   */
  signals[SIGNAL_HIGHLIGHTS_CHANGED] =
    g_signal_new ("highlights-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (SW_TYPE_CLUSTER_MAP);
  g_type_ensure (SW_TYPE_BALANCE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/shardwise/Shardwise/ui/sw-routing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, editor);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, predicted_row);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, predicted_kind);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, live_row);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, live_kind);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, differences_row);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, differences_icon);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, cluster_map);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, results_label);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, workload_label);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, workload_grid);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, balance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, balance_chart);
  gtk_widget_class_bind_template_child (widget_class, SwRoutingPage, balance_label);
  gtk_widget_class_bind_template_callback (widget_class, history_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, balance_selected_cb);

  gtk_widget_class_install_action (widget_class, "routing.route", NULL, route_action);
  gtk_widget_class_install_action (widget_class, "routing.open-alternative", NULL, open_alternative_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "routing.route", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "routing.route", NULL);
}

static void
sw_routing_page_init (SwRoutingPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkSourceCompletion *completion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->history = gtk_string_list_new (NULL);
  self->results = g_list_store_new (GTK_TYPE_STRING_LIST);
  self->balance_tables = gtk_string_list_new (NULL);
  self->completion = sw_schema_completion_new ();

  sw_source_view_setup (self->editor, "sql");
  completion = gtk_source_view_get_completion (self->editor);
  gtk_source_completion_add_provider (completion, GTK_SOURCE_COMPLETION_PROVIDER (self->completion));

  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history),
                           create_history_row, NULL, NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  gtk_drop_down_set_model (self->balance_dropdown, G_LIST_MODEL (self->balance_tables));
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)), "changed",
                           G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);

  sw_route_score_init (&self->score);
  sw_route_score_init (&self->alternative_score);
  update_cluster_map (self, NULL);
  update_workload (self);
  update_balance_tables (self);
}

/* Public API */

GtkWidget *
sw_routing_page_new (void)
{
  return g_object_new (SW_TYPE_ROUTING_PAGE, NULL);
}

void
sw_routing_page_set_schema (SwRoutingPage *self,
                            SwSchema      *schema)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  if (!g_set_object (&self->schema, schema))
    return;

  sw_schema_completion_set_schema (self->completion, schema);
  clear_route (self);
  reset_router (self);
  update_workload (self);
}

/**
 * sw_routing_page_set_plan:
 * @self: a #SwRoutingPage
 * @plan: (nullable): the plan routes are predicted for; followed as it changes
 */
void
sw_routing_page_set_plan (SwRoutingPage *self,
                          SwPlan        *plan)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  if (self->plan == plan)
    return;

  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_changed_id, self->plan);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    self->plan_changed_id = g_signal_connect_object (plan, "changed", G_CALLBACK (plan_changed_cb),
                                                     self, G_CONNECT_SWAPPED);
  plan_changed_cb (self);
}

/**
 * sw_routing_page_set_alternative_plan:
 * @self: a #SwRoutingPage
 * @plan: (nullable): a plan to score the workload against
 */
void
sw_routing_page_set_alternative_plan (SwRoutingPage *self,
                                      SwPlan        *plan)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  g_set_object (&self->alternative, plan);
  update_workload (self);
}

/**
 * sw_routing_page_set_connection:
 * @self: a #SwRoutingPage
 * @conninfo: (nullable): a Citus coordinator for EXPLAIN, results and shard
 *   sizes, or %NULL to predict offline only
 */
void
sw_routing_page_set_connection (SwRoutingPage *self,
                                const char    *conninfo)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  if (g_strcmp0 (self->conninfo, conninfo) == 0)
    return;

  g_free (self->conninfo);
  self->conninfo = g_strdup (conninfo);
  reset_router (self);
}

/**
 * sw_routing_page_set_password:
 * @self: a #SwRoutingPage
 * @password: (nullable): the password of the connection, as typed in the
 *   connect dialog (or found in the keyring); %NULL to leave it to libpq
 *
 * Kept in memory only, handed to each connection the page opens (EXPLAIN,
 * results, the cluster's shards, shard sizes), and wiped when replaced. Set
 * it before sw_routing_page_set_connection().
 */
void
sw_routing_page_set_password (SwRoutingPage *self,
                              const char    *password)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  if (password != NULL && password[0] == '\0')
    password = NULL;
  if (g_strcmp0 (self->password, password) == 0)
    return;

  clear_password (&self->password);
  self->password = g_strdup (password);
  if (self->conninfo != NULL)
    reset_router (self);
}

/**
 * sw_routing_page_get_highlighted_tables:
 * @self: a #SwRoutingPage
 *
 * Returns: (transfer none) (array zero-terminated=1): the tables the route
 *   shown touches, empty when there is none
 */
const char * const *
sw_routing_page_get_highlighted_tables (SwRoutingPage *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->highlight_tables ? (const char * const *) self->highlight_tables : none;
}

/**
 * sw_routing_page_get_highlight_labels:
 * @self: a #SwRoutingPage
 *
 * Returns: (transfer none) (array zero-terminated=1): for each table of
 *   sw_routing_page_get_highlighted_tables(), what the query reaches there
 *   (`shard 102008 · 10.0.0.5:5432`, `all 32 shards`, `reference · every node`)
 */
const char * const *
sw_routing_page_get_highlight_labels (SwRoutingPage *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->highlight_labels ? (const char * const *) self->highlight_labels : none;
}

void
sw_routing_page_set_query (SwRoutingPage *self,
                           const char    *sql)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)), sql ? sql : "", -1);
}

/**
 * sw_routing_page_route:
 * @self: a #SwRoutingPage
 *
 * Predicts the route of the query in the editor and, with a connection, asks
 * the coordinator's EXPLAIN and runs the query read only.
 */
void
sw_routing_page_route (SwRoutingPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *sql = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  SwRouter *router;

  g_return_if_fail (SW_IS_ROUTING_PAGE (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  sql = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (sql);
  router = ensure_router (self);
  if (*sql == '\0' || router == NULL)
    return;

  g_clear_pointer (&self->predicted, sw_route_free);
  g_clear_pointer (&self->live, sw_route_free);
  g_clear_pointer (&self->differences, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->differences_row), FALSE);

  self->predicted = sw_router_route (router, sql, &error);
  if (self->predicted == NULL)
    {
      self->error = g_strdup (error->message);
      adw_action_row_set_subtitle (self->predicted_row, error->message);
      set_kind_label (self->predicted_kind, NULL);
      update_cluster_map (self, NULL);
      update_highlights (self);
      return;
    }

  description = describe_route (self->predicted);
  adw_action_row_set_subtitle (self->predicted_row, description);
  set_kind_label (self->predicted_kind, self->predicted);
  update_cluster_map (self, self->predicted);
  update_highlights (self);
  add_to_history (self, sql);
  update_workload (self);

  if (self->conninfo != NULL)
    {
      g_autoptr(SwQueryRunner) runner = sw_query_runner_new (self->conninfo);

      set_kind_label (self->live_kind, NULL);
      /* Plain PostgreSQL's plan is no routing to compare the prediction
       * with: only a coordinator's EXPLAIN is.
       */
      if (is_citus (self))
        {
          adw_action_row_set_subtitle (self->live_row, _("Asking the coordinator…"));
          set_busy (self, 1);
          sw_explain_run_full_async (self->conninfo, self->password, sql, self->cancellable,
                                     explain_cb, g_object_ref (self));
        }
      else
        adw_action_row_set_subtitle (self->live_row,
                                     _("The database is not a Citus coordinator: apply the plan to compare with Citus's own routing."));
      set_busy (self, 1);
      sw_query_runner_set_password (runner, self->password);
      /* Read only, with the runner's statement timeout (30 s). */
      sw_query_runner_set_row_limit (runner, MAX_RESULT_ROWS);
      sw_query_runner_run_async (runner, sql, self->cancellable, query_cb, g_object_ref (self));
    }
}

gboolean
sw_routing_page_is_busy (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), FALSE);

  return self->busy > 0;
}

const SwRoute *
sw_routing_page_get_predicted (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->predicted;
}

const SwRoute *
sw_routing_page_get_live (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->live;
}

/**
 * sw_routing_page_get_differences:
 * @self: a #SwRoutingPage
 *
 * Returns: (transfer none) (nullable) (element-type utf8): where the
 *   prediction and the coordinator disagree, once both are known
 */
GPtrArray *
sw_routing_page_get_differences (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->differences;
}

const char *
sw_routing_page_get_error (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->error;
}

/**
 * sw_routing_page_get_history:
 * @self: a #SwRoutingPage
 *
 * Returns: (transfer none): the queries tried, latest first (GtkStringObject)
 */
GListModel *
sw_routing_page_get_history (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return G_LIST_MODEL (self->history);
}

/**
 * sw_routing_page_get_results:
 * @self: a #SwRoutingPage
 *
 * Returns: (transfer none): the rows of the last query, each a #GtkStringList
 */
GListModel *
sw_routing_page_get_results (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

const SwRouteScore *
sw_routing_page_get_score (SwRoutingPage *self,
                           gboolean       alternative)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return alternative ? &self->alternative_score : &self->score;
}

SwClusterMap *
sw_routing_page_get_cluster_map (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->cluster_map;
}

SwBalanceChart *
sw_routing_page_get_balance_chart (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return self->balance_chart;
}

/**
 * sw_routing_page_show_balance:
 * @self: a #SwRoutingPage
 * @qualified_name: a distributed table
 *
 * Reads the table's shard sizes from the Citus cluster and charts them; with
 * no Citus cluster (or no shards yet), charts the balance predicted from the
 * column's statistics instead, marked as such.
 */
void
sw_routing_page_show_balance (SwRoutingPage *self,
                              const char    *qualified_name)
{
  g_autoptr(GTask) task = NULL;
  BalanceData *data;

  g_return_if_fail (SW_IS_ROUTING_PAGE (self));
  g_return_if_fail (qualified_name != NULL);

  /* Keep the table list showing the table charted. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->balance_tables)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->balance_tables, i), qualified_name) &&
        gtk_drop_down_get_selected (self->balance_dropdown) != i)
      {
        /* Selecting it charts it, through balance_selected_cb(). */
        gtk_drop_down_set_selected (self->balance_dropdown, i);
        return;
      }

  /* Only a Citus coordinator has shards to measure. */
  if (!is_citus (self))
    {
      show_predicted_balance (self, qualified_name,
                              self->conninfo == NULL
                              ? _("No database is connected.")
                              : _("The database is not a Citus coordinator."));
      return;
    }

  data = g_new0 (BalanceData, 1);
  data->conninfo = g_strdup (self->conninfo);
  data->password = g_strdup (self->password);
  data->table = g_strdup (qualified_name);
  set_busy (self, 1);
  task = g_task_new (self, self->cancellable, balance_cb, NULL);
  g_task_set_source_tag (task, sw_routing_page_show_balance);
  g_task_set_task_data (task, data, (GDestroyNotify) balance_data_free);
  g_task_run_in_thread (task, balance_thread);
}

GtkSourceCompletionProvider *
sw_routing_page_get_completion (SwRoutingPage *self)
{
  g_return_val_if_fail (SW_IS_ROUTING_PAGE (self), NULL);
  return GTK_SOURCE_COMPLETION_PROVIDER (self->completion);
}

/**
 * sw_routing_page_show:
 * @self: a #SwRoutingPage
 * @tab: `routing`, `results`, `workload` or `balance`
 */
void
sw_routing_page_show (SwRoutingPage *self,
                      const char    *tab)
{
  g_return_if_fail (SW_IS_ROUTING_PAGE (self));
  gtk_stack_set_visible_child_name (self->stack, tab);
}
