/* sw-erd-render.c
 *
 * The ERD as a file: SVG, PNG, PDF or Graphviz's own dot text, drawn by
 * Graphviz with each card listing its columns and coloured by the plan, the
 * same colours the app uses. `shardwise-cli erd` and the app's export both
 * come here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-erd-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <graphviz/gvc.h>
#include <errno.h>
#include <string.h>

#include "sw-erd-render.h"
#include "sw-erd-layout.h"
#include "sw-erd-private.h"
#include "sw-column.h"
#include "sw-constraint.h"
#include "sw-foreign-key.h"
#include "sw-schema.h"
#include "sw-table.h"

/* GNOME's palette, light shades: one per colocation group, in turn. The app's
 * style.css uses the same ones.
 */
static const char * const group_colors[] = {
  "#99c1f1", "#8ff0a4", "#ffbe6f", "#dc8add", "#93ddd4", "#cdab8f", "#f9f06b", "#c0bfbc",
};

#define REFERENCE_COLOR          "#f8e45c"
#define LOCAL_COLOR              "#deddda"
#define DISTRIBUTED_SCHEMA_COLOR "#c061cb"
#define ERROR_COLOR              "#e01b24"
#define EDGE_COLOR               "#77767b"

static void
set_attr (void       *object,
          const char *name,
          const char *value)
{
  agsafeset (object, (char *) name, (char *) value, (char *) "");
}

static void
append_escaped (GString    *str,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (str, escaped);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *name)
{
  return strv != NULL && g_strv_contains (strv, name);
}

static const char *
node_color (const SwErdNode *node)
{
  switch (node->kind)
    {
    case SW_ERD_NODE_REFERENCE:
      return REFERENCE_COLOR;
    case SW_ERD_NODE_DISTRIBUTED_SCHEMA:
      return DISTRIBUTED_SCHEMA_COLOR;
    case SW_ERD_NODE_DISTRIBUTED:
    case SW_ERD_NODE_SINGLE_SHARD:
      return sw_erd_group_color (node->group);
    case SW_ERD_NODE_LOCAL:
    default:
      return LOCAL_COLOR;
    }
}

static char *
table_label (SwTable         *table,
             const SwErdNode *node,
             const char      *dist_column)
{
  GString *str = g_string_new ("<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
                               "CELLPADDING=\"3\" COLOR=\"#9a9996\" BGCOLOR=\"white\">");
  GPtrArray *columns = sw_table_get_columns (table);
  GPtrArray *fks = sw_table_get_foreign_keys (table);
  SwConstraint *pk = sw_table_get_primary_key (table);
  const char * const *pk_columns = pk != NULL ? sw_constraint_get_columns (pk) : NULL;

  g_string_append_printf (str, "<TR><TD COLSPAN=\"3\" BGCOLOR=\"%s\" ALIGN=\"LEFT\"><B>",
                          node_color (node));
  append_escaped (str, sw_table_get_qualified_name (table));
  g_string_append (str, "</B></TD></TR>");

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (columns, i);
      const char *name = sw_column_get_name (column);
      gboolean is_fk = FALSE;
      GString *marks = g_string_new (NULL);

      for (guint j = 0; fks != NULL && j < fks->len && !is_fk; j++)
        is_fk = strv_contains (sw_foreign_key_get_columns (g_ptr_array_index (fks, j)), name);

      /* Plain words rather than symbols: every font has them. */
      if (g_strcmp0 (name, dist_column) == 0)
        g_string_append (marks, "DIST ");
      if (strv_contains (pk_columns, name))
        g_string_append (marks, "PK ");
      if (is_fk)
        g_string_append (marks, "FK");

      /* Graphviz refuses an empty FONT element. */
      g_string_append (str, "<TR><TD ALIGN=\"LEFT\">");
      if (marks->len > 0)
        {
          g_string_append (str, "<FONT POINT-SIZE=\"8\" COLOR=\"#5e5c64\">");
          append_escaped (str, marks->str);
          g_string_append (str, "</FONT>");
        }
      g_string_append (str, "</TD><TD ALIGN=\"LEFT\">");
      if (g_strcmp0 (name, dist_column) == 0)
        {
          g_string_append (str, "<B><U>");
          append_escaped (str, name);
          g_string_append (str, "</U></B>");
        }
      else
        append_escaped (str, name);
      g_string_append (str, "</TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"#77767b\">");
      append_escaped (str, sw_column_get_type_name (column));
      g_string_append (str, "</FONT></TD></TR>");
      g_string_free (marks, TRUE);
    }

  g_string_append (str, "</TABLE>");

  return g_string_free (str, FALSE);
}

static const char *
format_from_extension (const char *path)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return "svg";
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "png";
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return "pdf";
  if (g_ascii_strcasecmp (dot, ".dot") == 0 || g_ascii_strcasecmp (dot, ".gv") == 0)
    return "dot";
  return NULL;
}

/**
 * sw_erd_format_for_path:
 * @path: a file name
 *
 * Returns: (nullable): the format its extension asks for: `svg`, `png`, `pdf`
 *   or `dot`, or %NULL when it is none of them
 */
const char *
sw_erd_format_for_path (const char *path)
{
  return format_from_extension (path);
}

/**
 * sw_erd_group_color:
 * @group: a colocation group index
 *
 * Returns: the fill colour of @group in rendered files, as `#rrggbb`
 */
const char *
sw_erd_group_color (int group)
{
  if (group < 0)
    return LOCAL_COLOR;
  return group_colors[group % G_N_ELEMENTS (group_colors)];
}

/**
 * sw_erd_render_to_file:
 * @schema: the schema
 * @plan: (nullable): the plan whose colours, groups and distribution columns apply
 * @broken_edges: (nullable) (element-type utf8 utf8): a set of sw_erd_edge_key()
 *   for the foreign keys the plan breaks; they are drawn in the error colour
 * @path: the file to write
 * @format: (nullable): `svg`, `png`, `pdf` or `dot`, or %NULL to go by @path's extension
 * @cancellable: (nullable): a #GCancellable, checked before and after Graphviz runs
 * @error: return location for a #GError
 *
 * Draws the ERD with Graphviz `dot` into @path. Unlike the app's canvas,
 * every card lists all its columns.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_erd_render_to_file (SwSchema      *schema,
                       SwPlan        *plan,
                       GHashTable    *broken_edges,
                       const char    *path,
                       const char    *format,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SwErdLayout) layout = NULL;
  SwErdLayoutOptions options;
  g_autofree Agnode_t **agnodes = NULL;
  g_autofree Agraph_t **clusters = NULL;
  GPtrArray *nodes;
  GPtrArray *edges;
  GPtrArray *groups;
  Agraph_t *graph;
  Agraph_t *band = NULL;
  GVC_t *gvc;
  int rc;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), FALSE);
  g_return_val_if_fail (plan == NULL || SW_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == NULL)
    format = format_from_extension (path);
  if (format == NULL ||
      !(g_str_equal (format, "svg") || g_str_equal (format, "png") ||
        g_str_equal (format, "pdf") || g_str_equal (format, "dot")))
    {
      g_set_error (error, SW_ERD_ERROR, SW_ERD_ERROR_FORMAT,
                   _("Cannot tell the format of “%s”: use .svg, .png, .pdf or .dot"), path);
      return FALSE;
    }

  /* The grid layout is cheap and gives the kinds and groups; dot then draws. */
  sw_erd_layout_options_init (&options);
  options.mode = SW_ERD_LAYOUT_GRID;
  layout = sw_erd_layout_compute (schema, plan, &options, cancellable, error);
  if (layout == NULL)
    return FALSE;

  nodes = sw_erd_layout_get_nodes (layout);
  edges = sw_erd_layout_get_edges (layout);
  groups = sw_erd_layout_get_clusters (layout);
  agnodes = g_new0 (Agnode_t *, MAX (nodes->len, 1));
  clusters = g_new0 (Agraph_t *, MAX (groups->len, 1));

  gvc = _sw_erd_graphviz_acquire ();

  graph = agopen ((char *) "erd", Agdirected, NULL);
  set_attr (graph, "rankdir", "TB");
  set_attr (graph, "newrank", "true");
  set_attr (graph, "nodesep", "0.4");
  set_attr (graph, "ranksep", "0.8");
  set_attr (graph, "fontname", "sans-serif");
  set_attr (graph, "bgcolor", "white");
  agattr (graph, AGNODE, (char *) "shape", (char *) "plain");
  agattr (graph, AGNODE, (char *) "fontname", (char *) "sans-serif");
  agattr (graph, AGNODE, (char *) "fontsize", (char *) "10");
  agattr (graph, AGEDGE, (char *) "dir", (char *) "back");
  agattr (graph, AGEDGE, (char *) "color", (char *) EDGE_COLOR);
  agattr (graph, AGEDGE, (char *) "penwidth", (char *) "1");
  agattr (graph, AGEDGE, (char *) "fontname", (char *) "sans-serif");
  agattr (graph, AGEDGE, (char *) "fontsize", (char *) "8");

  for (guint i = 0; i < groups->len; i++)
    {
      SwErdCluster *cluster = g_ptr_array_index (groups, i);
      g_autofree char *name = g_strdup_printf ("cluster_%u", i);
      g_autofree char *label = NULL;

      if (cluster->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        /* Translators: the frame around the tables of a distributed schema */
        label = g_strdup_printf (_("Distributed schema %s"), cluster->label);
      else
        /* Translators: the frame around a colocation group, named after its first table */
        label = g_strdup_printf (_("Colocated with %s"), cluster->label);

      clusters[i] = agsubg (graph, name, TRUE);
      set_attr (clusters[i], "label", label);
      set_attr (clusters[i], "labeljust", "l");
      set_attr (clusters[i], "style", "rounded,dashed");
      set_attr (clusters[i], "color", cluster->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA
                                      ? DISTRIBUTED_SCHEMA_COLOR
                                      : sw_erd_group_color (i));
      set_attr (clusters[i], "penwidth", "2");
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i);
      SwTable *table = sw_schema_find_table (schema, node->table);
      const SwPlanTable *entry = plan != NULL ? sw_plan_lookup_table (plan, node->table) : NULL;
      g_autofree char *name = g_strdup_printf ("n%u", i);
      g_autofree char *label = NULL;
      Agnode_t *agnode_;
      char *html;

      label = table_label (table, node,
                           entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED
                           ? entry->column : NULL);

      agnode_ = agnode (graph, name, TRUE);
      /* An HTML-like label: agstrdup_html marks it as such. */
      html = agstrdup_html (graph, label);
      agxset (agnode_, agattr (graph, AGNODE, (char *) "label", (char *) ""), html);
      agstrfree (graph, html);
      set_attr (agnode_, "tooltip", node->table);
      agnodes[i] = agnode_;

      if (node->group >= 0)
        agsubnode (clusters[node->group], agnode_, TRUE);
      else if (node->kind == SW_ERD_NODE_REFERENCE)
        {
          if (band == NULL)
            {
              band = agsubg (graph, (char *) "reference_band", TRUE);
              set_attr (band, "rank", "min");
            }
          agsubnode (band, agnode_, TRUE);
        }
    }

  for (guint i = 0; i < edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (edges, i);
      int from = sw_erd_layout_get_node_index (layout, edge->table);
      int to = sw_erd_layout_get_node_index (layout, edge->ref_table);
      g_autofree char *name = g_strdup_printf ("e%u", i);
      g_autofree char *key = sw_erd_edge_key (edge->table, edge->name);
      Agedge_t *agedge_;

      if (from < 0 || to < 0)
        continue;

      agedge_ = agedge (graph, agnodes[to], agnodes[from], name, TRUE);
      set_attr (agedge_, "tooltip", edge->name);
      if (broken_edges != NULL && g_hash_table_contains (broken_edges, key))
        {
          agxset (agedge_, agattr (graph, AGEDGE, (char *) "color", NULL), (char *) ERROR_COLOR);
          agxset (agedge_, agattr (graph, AGEDGE, (char *) "penwidth", NULL), (char *) "2.5");
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      agclose (graph);
      _sw_erd_graphviz_release ();
      return FALSE;
    }

  rc = gvLayout (gvc, graph, "dot");
  if (rc == 0)
    {
      g_autofree char *messages = NULL;

      rc = gvRenderFilename (gvc, graph, format, path);
      gvFreeLayout (gvc, graph);
      agclose (graph);
      messages = _sw_erd_graphviz_dup_errors ();
      _sw_erd_graphviz_release ();
      if (rc != 0 || messages != NULL)
        {
          g_set_error (error, SW_ERD_ERROR, SW_ERD_ERROR_RENDER,
                       _("Graphviz could not write “%s” as %s: %s"), path, format,
                       messages != NULL ? messages : g_strerror (errno));
          return FALSE;
        }
    }
  else
    {
      agclose (graph);
      _sw_erd_graphviz_release ();
      g_set_error (error, SW_ERD_ERROR, SW_ERD_ERROR_LAYOUT,
                   _("Graphviz could not lay out the diagram"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  SwSchema   *schema;
  SwPlan     *plan;
  GHashTable *broken_edges;
  char       *path;
  char       *format;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_object (&data->schema);
  g_clear_object (&data->plan);
  g_clear_pointer (&data->broken_edges, g_hash_table_unref);
  g_free (data->path);
  g_free (data->format);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;

  if (sw_erd_render_to_file (data->schema, data->plan, data->broken_edges, data->path,
                             data->format, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sw_erd_render_to_file_async:
 * @schema: the schema
 * @plan: (nullable): the plan; a copy is drawn
 * @broken_edges: (nullable): as for sw_erd_render_to_file(); a reference is taken
 * @path: the file to write
 * @format: (nullable): the format, or %NULL for @path's extension
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * sw_erd_render_to_file() in a worker thread.
 */
void
sw_erd_render_to_file_async (SwSchema            *schema,
                             SwPlan              *plan,
                             GHashTable          *broken_edges,
                             const char          *path,
                             const char          *format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (SW_IS_SCHEMA (schema));
  g_return_if_fail (path != NULL);

  data = g_new0 (RenderData, 1);
  data->schema = g_object_ref (schema);
  data->plan = plan != NULL ? sw_plan_copy (plan) : NULL;
  data->broken_edges = broken_edges != NULL ? g_hash_table_ref (broken_edges) : NULL;
  data->path = g_strdup (path);
  data->format = g_strdup (format);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_erd_render_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

/**
 * sw_erd_render_to_file_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was written
 */
gboolean
sw_erd_render_to_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
