/* sw-cluster-map.c
 *
 * The cluster map: the coordinator and each worker as a box holding the
 * shards placed on it, with the shards and nodes a query touches lit up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-cluster-map"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-cluster-map.h"

#define NODE_WIDTH     184
#define NODE_PADDING   10
#define NODE_SPACING   12
#define TITLE_HEIGHT   22
#define CELL_SIZE      14
#define CELL_SPACING   3
#define CELLS_PER_ROW  ((NODE_WIDTH - 2 * NODE_PADDING + CELL_SPACING) / (CELL_SIZE + CELL_SPACING))

struct _SwClusterMap
{
  GtkWidget  parent_instance;

  GPtrArray *nodes;          /* of char *, [0] is the coordinator */
  char      *table;
  GArray    *node_of_shard;  /* of guint */
  GArray    *shard_hit;      /* of gboolean */
  gboolean   coordinator_hit;
};

G_DEFINE_FINAL_TYPE (SwClusterMap, sw_cluster_map, GTK_TYPE_WIDGET)

static guint
shards_on_node (SwClusterMap *self,
                guint         node)
{
  guint n = 0;

  for (guint i = 0; i < self->node_of_shard->len; i++)
    if (g_array_index (self->node_of_shard, guint, i) == node)
      n++;

  return n;
}

static int
node_height (SwClusterMap *self,
             guint         node)
{
  guint n = shards_on_node (self, node);
  guint rows = MAX (1, (n + CELLS_PER_ROW - 1) / CELLS_PER_ROW);

  return 2 * NODE_PADDING + TITLE_HEIGHT + rows * (CELL_SIZE + CELL_SPACING) - CELL_SPACING;
}

static int
max_node_height (SwClusterMap *self)
{
  int height = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    height = MAX (height, node_height (self, i));

  return height;
}

/* How many node boxes fit side by side in @width; the rest wrap. */
static guint
columns_for_width (SwClusterMap *self,
                   int           width)
{
  guint columns = MAX (1, (width + NODE_SPACING) / (NODE_WIDTH + NODE_SPACING));

  return MIN (columns, MAX (1, self->nodes->len));
}

static void
sw_cluster_map_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SwClusterMap *self = SW_CLUSTER_MAP (widget);
  guint n = MAX (1, self->nodes->len);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = NODE_WIDTH;
      *natural = n * NODE_WIDTH + (n - 1) * NODE_SPACING;
    }
  else
    {
      guint columns = for_size > 0 ? columns_for_width (self, for_size) : n;
      guint rows = (n + columns - 1) / columns;

      *minimum = *natural = rows * max_node_height (self) + (rows - 1) * NODE_SPACING;
    }
}

static GtkSizeRequestMode
sw_cluster_map_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
append_rounded (GtkSnapshot     *snapshot,
                const graphene_rect_t *rect,
                float            radius,
                const GdkRGBA   *fill,
                const GdkRGBA   *border,
                float            border_width)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, fill, rect);
  gtk_snapshot_pop (snapshot);

  if (border != NULL && border_width > 0)
    {
      const float widths[4] = { border_width, border_width, border_width, border_width };
      const GdkRGBA colors[4] = { *border, *border, *border, *border };

      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
}

static void
sw_cluster_map_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SwClusterMap *self = SW_CLUSTER_MAP (widget);
  int width = gtk_widget_get_width (widget);
  guint columns = columns_for_width (self, width);
  int row_height = max_node_height (self);
  GdkRGBA fg, accent, accent_fg, card, border, idle;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  lookup_color (widget, "accent_bg_color", &accent, "#3584e4");
  lookup_color (widget, "accent_color", &accent_fg, "#1c71d8");
  lookup_color (widget, "card_bg_color", &card, "#ffffff");
  border = fg;
  border.alpha = 0.15f;
  idle = fg;
  idle.alpha = 0.12f;

  for (guint node = 0; node < self->nodes->len; node++)
    {
      const char *name = g_ptr_array_index (self->nodes, node);
      guint column = node % columns;
      guint row = node / columns;
      float x = column * (NODE_WIDTH + NODE_SPACING);
      float y = row * (row_height + NODE_SPACING);
      graphene_rect_t box = GRAPHENE_RECT_INIT (x, y, NODE_WIDTH, row_height);
      gboolean hit = sw_cluster_map_is_node_hit (self, node);
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *title = NULL;
      guint cell = 0;
      GdkRGBA title_color = hit ? accent_fg : fg;

      append_rounded (snapshot, &box, 8, &card, hit ? &accent : &border, hit ? 2 : 1);

      title = g_strdup (name);
      layout = gtk_widget_create_pango_layout (widget, title);
      pango_layout_set_width (layout, (NODE_WIDTH - 2 * NODE_PADDING) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + NODE_PADDING, y + NODE_PADDING));
      if (!hit)
        title_color.alpha = 0.8f;
      gtk_snapshot_append_layout (snapshot, layout, &title_color);
      gtk_snapshot_restore (snapshot);

      for (guint shard = 0; shard < self->node_of_shard->len; shard++)
        {
          graphene_rect_t rect;
          float cx, cy;

          if (g_array_index (self->node_of_shard, guint, shard) != node)
            continue;

          cx = x + NODE_PADDING + (cell % CELLS_PER_ROW) * (CELL_SIZE + CELL_SPACING);
          cy = y + NODE_PADDING + TITLE_HEIGHT + (cell / CELLS_PER_ROW) * (CELL_SIZE + CELL_SPACING);
          rect = GRAPHENE_RECT_INIT (cx, cy, CELL_SIZE, CELL_SIZE);
          append_rounded (snapshot, &rect, 3,
                          sw_cluster_map_is_shard_hit (self, shard) ? &accent : &idle,
                          NULL, 0);
          cell++;
        }
    }
}

static gboolean
sw_cluster_map_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  SwClusterMap *self = SW_CLUSTER_MAP (widget);
  guint columns = columns_for_width (self, gtk_widget_get_width (widget));
  int row_height = max_node_height (self);
  guint column = x / (NODE_WIDTH + NODE_SPACING);
  guint row = y / (row_height + NODE_SPACING);
  guint node = row * columns + column;
  int local_x = x - column * (NODE_WIDTH + NODE_SPACING) - NODE_PADDING;
  int local_y = y - row * (row_height + NODE_SPACING) - NODE_PADDING - TITLE_HEIGHT;
  guint cell, seen = 0;

  if (column >= columns || node >= self->nodes->len || local_x < 0 || local_y < 0)
    return FALSE;

  cell = (local_y / (CELL_SIZE + CELL_SPACING)) * CELLS_PER_ROW + local_x / (CELL_SIZE + CELL_SPACING);
  for (guint shard = 0; shard < self->node_of_shard->len; shard++)
    {
      if (g_array_index (self->node_of_shard, guint, shard) != node)
        continue;
      if (seen++ == cell)
        {
          g_autofree char *text =
            g_strdup_printf (sw_cluster_map_is_shard_hit (self, shard) ? _("%s, shard %u: hit") : _("%s, shard %u"),
                             self->table ? self->table : "", shard);
          gtk_tooltip_set_text (tooltip, text);
          return TRUE;
        }
    }

  return FALSE;
}

static void
update_accessible (SwClusterMap *self)
{
  g_autofree char *description = NULL;
  guint n_hit = 0;

  for (guint i = 0; i < self->shard_hit->len; i++)
    if (g_array_index (self->shard_hit, gboolean, i))
      n_hit++;

  description = g_strdup_printf (_("%u of %u shards hit, on %u of %u nodes"),
                                 n_hit, self->node_of_shard->len,
                                 sw_cluster_map_get_n_hit_nodes (self), self->nodes->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
sw_cluster_map_finalize (GObject *object)
{
  SwClusterMap *self = SW_CLUSTER_MAP (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->node_of_shard, g_array_unref);
  g_clear_pointer (&self->shard_hit, g_array_unref);
  g_free (self->table);

  G_OBJECT_CLASS (sw_cluster_map_parent_class)->finalize (object);
}

static void
sw_cluster_map_class_init (SwClusterMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sw_cluster_map_finalize;
  widget_class->measure = sw_cluster_map_measure;
  widget_class->get_request_mode = sw_cluster_map_get_request_mode;
  widget_class->snapshot = sw_cluster_map_snapshot;
  widget_class->query_tooltip = sw_cluster_map_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "clustermap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sw_cluster_map_init (SwClusterMap *self)
{
  self->nodes = g_ptr_array_new_with_free_func (g_free);
  self->node_of_shard = g_array_new (FALSE, TRUE, sizeof (guint));
  self->shard_hit = g_array_new (FALSE, TRUE, sizeof (gboolean));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sw_cluster_map_new (void)
{
  return g_object_new (SW_TYPE_CLUSTER_MAP, NULL);
}

/**
 * sw_cluster_map_set_nodes:
 * @self: a #SwClusterMap
 * @names: (array zero-terminated=1): the coordinator, then each worker, as
 *   `host:port` or a label
 */
void
sw_cluster_map_set_nodes (SwClusterMap       *self,
                          const char * const *names)
{
  g_return_if_fail (SW_IS_CLUSTER_MAP (self));

  g_ptr_array_set_size (self->nodes, 0);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (self->nodes, g_strdup (names[i]));

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
sw_cluster_map_get_n_nodes (SwClusterMap *self)
{
  g_return_val_if_fail (SW_IS_CLUSTER_MAP (self), 0);

  return self->nodes->len;
}

const char *
sw_cluster_map_get_node_name (SwClusterMap *self,
                              guint         node)
{
  g_return_val_if_fail (SW_IS_CLUSTER_MAP (self), NULL);
  g_return_val_if_fail (node < self->nodes->len, NULL);

  return g_ptr_array_index (self->nodes, node);
}

/**
 * sw_cluster_map_set_shards:
 * @self: a #SwClusterMap
 * @table: (nullable): the table whose shards are shown
 * @shard_count: how many shards
 * @node_of_shard: (array length=shard_count) (nullable): the node index of
 *   each shard; %NULL spreads them round-robin over the workers, as Citus
 *   places a new table's shards
 *
 * Shows where a table's shards live. The hits are cleared.
 */
void
sw_cluster_map_set_shards (SwClusterMap *self,
                           const char   *table,
                           guint         shard_count,
                           const guint  *node_of_shard)
{
  guint n_workers;

  g_return_if_fail (SW_IS_CLUSTER_MAP (self));

  g_free (self->table);
  self->table = g_strdup (table);
  n_workers = self->nodes->len > 1 ? self->nodes->len - 1 : 0;

  g_array_set_size (self->node_of_shard, shard_count);
  for (guint i = 0; i < shard_count; i++)
    {
      guint node;

      if (node_of_shard != NULL)
        node = node_of_shard[i];
      else
        node = n_workers > 0 ? 1 + i % n_workers : 0;

      g_array_index (self->node_of_shard, guint, i) = MIN (node, MAX (self->nodes->len, 1) - 1);
    }

  g_array_set_size (self->shard_hit, 0);
  g_array_set_size (self->shard_hit, shard_count);
  self->coordinator_hit = FALSE;

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * sw_cluster_map_set_hits:
 * @self: a #SwClusterMap
 * @shards: (array length=n_shards) (nullable): the shard indexes a query touches
 * @n_shards: their count
 * @coordinator: whether the coordinator itself runs part of the query (local
 *   tables, reference tables read on the coordinator, repartition merges)
 */
void
sw_cluster_map_set_hits (SwClusterMap *self,
                         const int    *shards,
                         guint         n_shards,
                         gboolean      coordinator)
{
  g_return_if_fail (SW_IS_CLUSTER_MAP (self));

  for (guint i = 0; i < self->shard_hit->len; i++)
    g_array_index (self->shard_hit, gboolean, i) = FALSE;

  for (guint i = 0; i < n_shards; i++)
    if (shards[i] >= 0 && (guint) shards[i] < self->shard_hit->len)
      g_array_index (self->shard_hit, gboolean, shards[i]) = TRUE;

  self->coordinator_hit = coordinator;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sw_cluster_map_is_shard_hit (SwClusterMap *self,
                             guint         shard)
{
  g_return_val_if_fail (SW_IS_CLUSTER_MAP (self), FALSE);

  return shard < self->shard_hit->len && g_array_index (self->shard_hit, gboolean, shard);
}

gboolean
sw_cluster_map_is_node_hit (SwClusterMap *self,
                            guint         node)
{
  g_return_val_if_fail (SW_IS_CLUSTER_MAP (self), FALSE);

  if (node == 0 && self->coordinator_hit)
    return TRUE;

  for (guint i = 0; i < self->shard_hit->len; i++)
    if (g_array_index (self->shard_hit, gboolean, i) &&
        g_array_index (self->node_of_shard, guint, i) == node)
      return TRUE;

  return FALSE;
}

guint
sw_cluster_map_get_n_hit_nodes (SwClusterMap *self)
{
  guint n = 0;

  g_return_val_if_fail (SW_IS_CLUSTER_MAP (self), 0);

  for (guint i = 0; i < self->nodes->len; i++)
    if (sw_cluster_map_is_node_hit (self, i))
      n++;

  return n;
}
