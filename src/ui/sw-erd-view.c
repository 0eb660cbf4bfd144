/* sw-erd-view.c
 *
 * The ERD canvas. The engine's SwErdLayout says where every table goes; the
 * view shows each table as a SwTableCard child placed in size_allocate(),
 * scaled by the zoom, and draws the rest (colocation frames, the reference
 * band, foreign keys, the minimap and the drop lanes) with cairo into one
 * render node it keeps until the view moves or the model changes.
 *
 * Far out (below LOD_ZOOM) cards are unreadable and, at 1,000 tables, costly:
 * the view then hides them and draws plain boxes instead. Cards outside the
 * visible area are hidden too, so a frame costs what is on screen.
 *
 * Dragging a table moves it; dropping it onto another table colocates it with
 * that table, and onto the Reference or Local lane changes its kind. Dragging
 * a column onto its table's title makes it the distribution column. All of
 * it changes the SwPlan; the window keeps the undo history and re-validates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-erd-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sw-erd-view.h"
#include "sw-table-card.h"

#define MIN_ZOOM        0.03
#define MAX_ZOOM        3.0
#define LOD_ZOOM        0.4
#define DRAG_THRESHOLD  4.0
#define MINIMAP_MAX_W   200.0
#define MINIMAP_MAX_H   150.0
#define MINIMAP_MARGIN  12.0
#define LANE_WIDTH      240.0
#define LANE_HEIGHT     64.0
#define LANE_GAP        18.0
#define N_GROUP_COLORS  8

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_TABLE,
  DRAG_COLUMN,
  DRAG_MINIMAP,
} DragKind;

struct _SwErdView
{
  GtkWidget           parent_instance;

  /* Owned */
  SwSchema           *schema;
  SwPlan             *plan;
  SwErdLayout        *layout;
  GHashTable         *broken_edges;     /* edge keys */
  GHashTable         *cards_by_name;    /* table → SwTableCard (borrowed child) */
  GPtrArray          *cards;            /* SwTableCard, in layout node order */
  GskRenderNode      *canvas_node;
  GdkTexture         *overview;         /* the whole picture, small, for far-out frames */
  double              overview_scale;
  GskRenderNode      *minimap_node;
  GHashTable         *focus_set;        /* tables kept bright in focus mode */
  GHashTable         *matches;          /* tables matching the search */
  GHashTable         *highlights;       /* table → label: what a routed query touches */
  GPtrArray          *match_order;
  char               *selected;
  GtkWidget          *context_menu;
  SwErdLayoutOptions  options;

  /* View */
  double              zoom;
  double              sx;               /* layout point at the view's top-left */
  double              sy;
  gboolean            fitted;

  /* Drag */
  DragKind            drag_kind;
  char               *drag_table;
  char               *drag_column;
  double              drag_x0;          /* the dragged node's position at the start */
  double              drag_y0;
  gboolean            drag_was_pinned;
  double              drag_sx0;
  double              drag_sy0;
  double              drag_px;          /* the pointer, in view coordinates */
  double              drag_py;
  gboolean            drag_moved;
  char               *drop_table;
  SwErdLane           drop_lane;
  gint64              last_press_time;
  char               *last_press_table;
  guint               ensure_id;
};

G_DEFINE_FINAL_TYPE (SwErdView, sw_erd_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_TABLE,
  PROP_ZOOM,
  PROP_FOCUSED,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void update_card   (SwErdView   *self,
                           SwTableCard *card);
static void ensure_cards  (SwErdView   *self);

static void
invalidate (SwErdView *self)
{
  ensure_cards (self);
  g_clear_pointer (&self->canvas_node, gsk_render_node_unref);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
invalidate_all (SwErdView *self)
{
  g_clear_pointer (&self->minimap_node, gsk_render_node_unref);
  g_clear_object (&self->overview);
  invalidate (self);
}

static void
message (SwErdView  *self,
         const char *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

static GdkRGBA
lookup_color (SwErdView  *self,
              const char *name,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA color;

  if (!gtk_style_context_lookup_color (context, name, &color))
    gdk_rgba_parse (&color, fallback);
  return color;
}

static GdkRGBA
node_color (SwErdView       *self,
            const SwErdNode *node)
{
  switch (node->kind)
    {
    case SW_ERD_NODE_REFERENCE:
      return lookup_color (self, "sw_reference_color", "#f8e45c");
    case SW_ERD_NODE_DISTRIBUTED_SCHEMA:
      return lookup_color (self, "sw_schema_color", "#c061cb");
    case SW_ERD_NODE_DISTRIBUTED:
    case SW_ERD_NODE_SINGLE_SHARD:
      if (node->group >= 0)
        {
          char name[32];

          g_snprintf (name, sizeof name, "sw_group_%d", node->group % N_GROUP_COLORS);
          return lookup_color (self, name, "#99c1f1");
        }
      return lookup_color (self, "sw_group_0", "#99c1f1");
    case SW_ERD_NODE_LOCAL:
    default:
      return lookup_color (self, "sw_local_color", "#deddda");
    }
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static gboolean
is_dimmed (SwErdView  *self,
           const char *table)
{
  if (self->focus_set != NULL && !g_hash_table_contains (self->focus_set, table))
    return TRUE;
  if (self->matches != NULL && !g_hash_table_contains (self->matches, table))
    return TRUE;
  return FALSE;
}

static SwErdNodeKind
plan_kind (SwErdView  *self,
           const char *table,
           SwErdNode  *node)
{
  if (self->plan == NULL)
    return SW_ERD_NODE_LOCAL;
  /* The layout knows about distributed schemas; the plan about the rest,
   * and it may be newer than the layout while a new one is computed.
   */
  if (node != NULL && node->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
    return node->kind;
  switch (sw_plan_get_table_kind (self->plan, table))
    {
    case SW_PLAN_KIND_REFERENCE:
      return SW_ERD_NODE_REFERENCE;
    case SW_PLAN_KIND_DISTRIBUTED:
      return SW_ERD_NODE_DISTRIBUTED;
    case SW_PLAN_KIND_SINGLE_SHARD:
      return SW_ERD_NODE_SINGLE_SHARD;
    case SW_PLAN_KIND_LOCAL:
    default:
      return SW_ERD_NODE_LOCAL;
    }
}

static SwErdNode *
node_for (SwErdView  *self,
          const char *table)
{
  return self->layout != NULL ? sw_erd_layout_lookup_node (self->layout, table) : NULL;
}

static gboolean
show_cards (SwErdView *self)
{
  return self->zoom >= LOD_ZOOM;
}

/* Coordinates */

void
sw_erd_view_view_to_layout (SwErdView *self,
                            double     x,
                            double     y,
                            double    *lx,
                            double    *ly)
{
  *lx = self->sx + x / self->zoom;
  *ly = self->sy + y / self->zoom;
}

void
sw_erd_view_layout_to_view (SwErdView *self,
                            double     lx,
                            double     ly,
                            double    *x,
                            double    *y)
{
  *x = (lx - self->sx) * self->zoom;
  *y = (ly - self->sy) * self->zoom;
}

/* Minimap geometry: where it is, and its scale. */
static gboolean
minimap_rect (SwErdView       *self,
              graphene_rect_t *rect,
              double          *scale)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double bx, by, bw, bh, s;

  if (self->layout == NULL)
    return FALSE;

  sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);
  /* Only worth it when the picture does not fit. */
  if (bw * self->zoom <= width && bh * self->zoom <= height)
    return FALSE;
  if (width < 3 * MINIMAP_MAX_W || height < 2 * MINIMAP_MAX_H)
    return FALSE;

  s = MIN (MINIMAP_MAX_W / bw, MINIMAP_MAX_H / bh);
  graphene_rect_init (rect,
                      width - MINIMAP_MARGIN - bw * s,
                      height - MINIMAP_MARGIN - bh * s,
                      bw * s, bh * s);
  *scale = s;
  return TRUE;
}

static void
lane_rect (SwErdView       *self,
           SwErdLane        lane,
           graphene_rect_t *rect)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double total = 2 * LANE_WIDTH + LANE_GAP;
  double x = (width - total) / 2 + (lane == SW_ERD_LANE_LOCAL ? LANE_WIDTH + LANE_GAP : 0);

  graphene_rect_init (rect, x, height - LANE_HEIGHT - 24, LANE_WIDTH, LANE_HEIGHT);
}

/* Drawing */

/* Adds an edge's curve to the current path. Edges are stroked in batches:
 * one cairo_stroke() per style instead of one per edge is most of the cost
 * of a frame at 1,000 tables.
 */
static void
path_edge (cairo_t         *cr,
           const SwErdEdge *edge)
{
  GArray *p = edge->points;

  if (p->len < 8)
    return;

  cairo_move_to (cr, g_array_index (p, double, 0), g_array_index (p, double, 1));
  for (guint i = 2; i + 5 < p->len; i += 6)
    cairo_curve_to (cr,
                    g_array_index (p, double, i), g_array_index (p, double, i + 1),
                    g_array_index (p, double, i + 2), g_array_index (p, double, i + 3),
                    g_array_index (p, double, i + 4), g_array_index (p, double, i + 5));
  cairo_line_to (cr, edge->arrow_x, edge->arrow_y);
}

/* Adds the arrow head, pointing at the referenced table, to the path. */
static void
path_arrow (cairo_t         *cr,
            const SwErdEdge *edge,
            double           zoom)
{
  GArray *p = edge->points;
  double ex, ey, bx, by, angle, len;

  if (p->len < 8)
    return;

  ex = g_array_index (p, double, p->len - 2);
  ey = g_array_index (p, double, p->len - 1);
  bx = g_array_index (p, double, p->len - 4);
  by = g_array_index (p, double, p->len - 3);
  if (hypot (edge->arrow_x - ex, edge->arrow_y - ey) > 0.5)
    {
      bx = ex;
      by = ey;
    }
  angle = atan2 (edge->arrow_y - by, edge->arrow_x - bx);
  len = 9.0 / MAX (zoom, 0.5);
  cairo_move_to (cr, edge->arrow_x, edge->arrow_y);
  cairo_line_to (cr, edge->arrow_x - len * cos (angle - 0.4), edge->arrow_y - len * sin (angle - 0.4));
  cairo_line_to (cr, edge->arrow_x - len * cos (angle + 0.4), edge->arrow_y - len * sin (angle + 0.4));
  cairo_close_path (cr);
}

static gboolean
edge_visible (const SwErdEdge *edge,
              double           x0,
              double           y0,
              double           x1,
              double           y1)
{
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;

  for (guint i = 0; i + 1 < edge->points->len; i += 2)
    {
      double x = g_array_index (edge->points, double, i);
      double y = g_array_index (edge->points, double, i + 1);

      minx = MIN (minx, x);
      maxx = MAX (maxx, x);
      miny = MIN (miny, y);
      maxy = MAX (maxy, y);
    }
  return maxx >= x0 && minx <= x1 && maxy >= y0 && miny <= y1;
}

static void
draw_canvas (SwErdView *self,
             cairo_t   *cr,
             int        width,
             int        height)
{
  GPtrArray *nodes = sw_erd_layout_get_nodes (self->layout);
  GPtrArray *edges = sw_erd_layout_get_edges (self->layout);
  GPtrArray *clusters = sw_erd_layout_get_clusters (self->layout);
  GdkRGBA edge_color = lookup_color (self, "sw_edge_color", "#77767b");
  GdkRGBA error_color = lookup_color (self, "sw_error_color", "#e01b24");
  GdkRGBA band_color = lookup_color (self, "sw_band_color", "rgba(248,228,92,0.18)");
  GdkRGBA label_color = lookup_color (self, "sw_label_color", "#5e5c64");
  GdkRGBA card_color = lookup_color (self, "sw_card_color", "#ffffff");
  PangoLayout *pango = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  double x0, y0, x1, y1, bx, by, bw, bh;

  sw_erd_view_view_to_layout (self, 0, 0, &x0, &y0);
  sw_erd_view_view_to_layout (self, width, height, &x1, &y1);

  cairo_save (cr);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_translate (cr, -self->sx, -self->sy);

  /* The reference band, behind everything. */
  if (sw_erd_layout_get_reference_band (self->layout, &bx, &by, &bw, &bh))
    {
      set_source (cr, &band_color, 1.0);
      rounded_rect (cr, bx, by, bw, bh, 12);
      cairo_fill (cr);
      set_source (cr, &label_color, 1.0);
      cairo_move_to (cr, bx + 12, by + 6);
      pango_layout_set_text (pango, _("Reference tables"), -1);
      pango_cairo_show_layout (cr, pango);
    }

  /* Colocation frames. */
  for (guint i = 0; i < clusters->len; i++)
    {
      SwErdCluster *cluster = g_ptr_array_index (clusters, i);
      SwErdNode fake = { .kind = cluster->kind, .group = i };
      GdkRGBA color = node_color (self, &fake);
      g_autofree char *label = NULL;
      int label_width;
      static const double dash[] = { 6.0, 4.0 };

      if (cluster->x + cluster->width < x0 || cluster->x > x1 ||
          cluster->y + cluster->height < y0 || cluster->y > y1)
        continue;

      set_source (cr, &color, 0.12);
      rounded_rect (cr, cluster->x, cluster->y, cluster->width, cluster->height, 12);
      cairo_fill_preserve (cr);
      set_source (cr, &color, 1.0);
      cairo_set_line_width (cr, 2.0 / MAX (self->zoom, 0.5));
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (cluster->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        /* Translators: the frame around the tables of a distributed schema */
        label = g_strdup_printf (_("Distributed schema %s"), cluster->label);
      else
        /* Translators: the frame around a colocation group; %s is its first table */
        label = g_strdup_printf (ngettext ("Colocation group of %s (%u table)",
                                           "Colocation group of %s (%u tables)",
                                           cluster->n_tables),
                                 cluster->label, cluster->n_tables);
      /* Kept inside its frame: a long first table name would run over the
       * frame next to it; the table's card names it in full.
       */
      set_source (cr, &label_color, 1.0);
      cairo_move_to (cr, cluster->x + 10, cluster->y + 4);
      pango_layout_set_text (pango, label, -1);
      pango_layout_get_pixel_size (pango, &label_width, NULL);
      if (label_width > cluster->width - 20 && cluster->kind != SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        {
          g_free (label);
          /* Translators: a colocation group's frame label when the long one
           * does not fit; %s is its first table
           */
          label = g_strdup_printf (ngettext ("%s (%u table)", "%s (%u tables)", cluster->n_tables),
                                   cluster->label, cluster->n_tables);
          pango_layout_set_text (pango, label, -1);
        }
      pango_layout_set_width (pango, MAX (cluster->width - 20, 1) * PANGO_SCALE);
      pango_layout_set_ellipsize (pango, PANGO_ELLIPSIZE_START);
      pango_cairo_show_layout (cr, pango);
      pango_layout_set_width (pango, -1);
      pango_layout_set_ellipsize (pango, PANGO_ELLIPSIZE_NONE);
    }

  /* Foreign keys: plain ones first, the broken ones over them. Each edge is
   * stroked on its own: one path holding them all makes cairo's tessellator
   * look for crossings between every pair, which is slower.
   */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < edges->len; i++)
        {
          SwErdEdge *edge = g_ptr_array_index (edges, i);
          gboolean broken = FALSE;
          double alpha = 1.0;

          if (!edge_visible (edge, x0, y0, x1, y1))
            continue;

          if (self->broken_edges != NULL && g_hash_table_size (self->broken_edges) > 0)
            {
              g_autofree char *key = sw_erd_edge_key (edge->table, edge->name);

              broken = g_hash_table_contains (self->broken_edges, key);
            }
          if (broken != (pass == 1))
            continue;

          if (is_dimmed (self, edge->table) && is_dimmed (self, edge->ref_table))
            alpha = 0.12;
          else if (is_dimmed (self, edge->table) || is_dimmed (self, edge->ref_table))
            alpha = 0.3;

          set_source (cr, broken ? &error_color : &edge_color, alpha);
          cairo_set_line_width (cr, (broken ? 3.0 : 1.5) / MAX (self->zoom, 0.25));
          path_edge (cr, edge);
          cairo_stroke (cr);
          path_arrow (cr, edge, self->zoom);
          cairo_fill (cr);
        }
    }

  /* Far out, plain boxes stand for the cards. Filled rectangles only:
   * cairo draws them on its fast path for boxes, where outlines and rounded
   * corners would be tessellated.
   */
  if (!show_cards (self))
    {
      GdkRGBA outline = lookup_color (self, "sw_edge_color", "#77767b");

      for (guint i = 0; i < nodes->len; i++)
        {
          SwErdNode *node = g_ptr_array_index (nodes, i);
          GdkRGBA color = node_color (self, node);
          double alpha = is_dimmed (self, node->table) ? 0.25 : 1.0;
          double header = MIN (self->options.header_height, node->height);
          double px = 1.0 / self->zoom;

          if (node->x + node->width < x0 || node->x > x1 ||
              node->y + node->height < y0 || node->y > y1)
            continue;

          set_source (cr, &outline, alpha);
          cairo_rectangle (cr, node->x - px, node->y - px, node->width + 2 * px, node->height + 2 * px);
          cairo_fill (cr);
          set_source (cr, &card_color, alpha);
          cairo_rectangle (cr, node->x, node->y + header, node->width, node->height - header);
          cairo_fill (cr);
          set_source (cr, &color, alpha);
          cairo_rectangle (cr, node->x, node->y, node->width, header);
          cairo_fill (cr);

          if (self->selected != NULL && g_str_equal (self->selected, node->table))
            {
              GdkRGBA accent = lookup_color (self, "accent_color", "#3584e4");

              set_source (cr, &accent, 1.0);
              cairo_set_line_width (cr, 3.0 / self->zoom);
              cairo_rectangle (cr, node->x - 4 * px, node->y - 4 * px,
                               node->width + 8 * px, node->height + 8 * px);
              cairo_stroke (cr);
            }
        }
    }

  cairo_restore (cr);
  g_object_unref (pango);
}

static void
draw_minimap (SwErdView             *self,
              cairo_t               *cr,
              const graphene_rect_t *rect,
              double                 scale)
{
  GPtrArray *nodes = sw_erd_layout_get_nodes (self->layout);
  GdkRGBA card_color = lookup_color (self, "sw_card_color", "#ffffff");
  GdkRGBA border = lookup_color (self, "sw_edge_color", "#77767b");
  double bx, by, bw, bh;

  sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);

  set_source (cr, &card_color, 0.92);
  rounded_rect (cr, rect->origin.x - 4, rect->origin.y - 4,
                rect->size.width + 8, rect->size.height + 8, 6);
  cairo_fill_preserve (cr);
  set_source (cr, &border, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i);
      GdkRGBA color = node_color (self, node);

      set_source (cr, &color, 1.0);
      cairo_rectangle (cr,
                       rect->origin.x + (node->x - bx) * scale,
                       rect->origin.y + (node->y - by) * scale,
                       MAX (node->width * scale, 1.5), MAX (node->height * scale, 1.5));
      cairo_fill (cr);
    }
}

static void
snapshot_overlays (SwErdView   *self,
                   GtkSnapshot *snapshot,
                   int          width,
                   int          height)
{
  graphene_rect_t rect;
  double scale;

  if (minimap_rect (self, &rect, &scale))
    {
      double bx, by, bw, bh, vx, vy;
      GdkRGBA accent = lookup_color (self, "accent_color", "#3584e4");
      GskRoundedRect outline;
      graphene_rect_t view;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4] = { accent, accent, accent, accent };

      if (self->minimap_node == NULL)
        {
          g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
          graphene_rect_t area;
          cairo_t *cr;

          graphene_rect_init (&area, rect.origin.x - 5, rect.origin.y - 5,
                              rect.size.width + 10, rect.size.height + 10);
          cr = gtk_snapshot_append_cairo (sub, &area);
          draw_minimap (self, cr, &rect, scale);
          cairo_destroy (cr);
          self->minimap_node = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
        }
      if (self->minimap_node != NULL)
        gtk_snapshot_append_node (snapshot, self->minimap_node);

      /* Where the view is, on the minimap. */
      sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);
      vx = rect.origin.x + (self->sx - bx) * scale;
      vy = rect.origin.y + (self->sy - by) * scale;
      graphene_rect_init (&view, vx, vy, width / self->zoom * scale, height / self->zoom * scale);
      graphene_rect_intersection (&view, &rect, &view);
      gsk_rounded_rect_init_from_rect (&outline, &view, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  if (self->drag_kind == DRAG_TABLE && self->drag_moved)
    {
      GdkRGBA accent = lookup_color (self, "accent_color", "#3584e4");
      GdkRGBA card_color = lookup_color (self, "sw_card_color", "#ffffff");
      GdkRGBA label_color = lookup_color (self, "sw_label_color", "#5e5c64");
      PangoLayout *pango = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      graphene_rect_t all;
      cairo_t *cr;

      lane_rect (self, SW_ERD_LANE_REFERENCE, &rect);
      lane_rect (self, SW_ERD_LANE_LOCAL, &all);
      graphene_rect_union (&rect, &all, &all);
      cr = gtk_snapshot_append_cairo (snapshot, &all);

      for (SwErdLane lane = SW_ERD_LANE_REFERENCE; lane <= SW_ERD_LANE_LOCAL; lane++)
        {
          SwErdNode fake = { .kind = lane == SW_ERD_LANE_REFERENCE ? SW_ERD_NODE_REFERENCE
                                                                   : SW_ERD_NODE_LOCAL,
                             .group = -1 };
          GdkRGBA color = node_color (self, &fake);
          gboolean hot = self->drop_lane == lane;
          int tw, th;

          lane_rect (self, lane, &rect);
          set_source (cr, &card_color, 0.95);
          rounded_rect (cr, rect.origin.x, rect.origin.y, rect.size.width, rect.size.height, 12);
          cairo_fill_preserve (cr);
          set_source (cr, &color, hot ? 0.9 : 0.45);
          cairo_fill_preserve (cr);
          set_source (cr, hot ? &accent : &label_color, 1.0);
          cairo_set_line_width (cr, hot ? 3 : 1.5);
          cairo_stroke (cr);

          pango_layout_set_text (pango, lane == SW_ERD_LANE_REFERENCE
                                        ? _("Make Reference Table")
                                        : _("Keep as Local Table"), -1);
          pango_layout_get_pixel_size (pango, &tw, &th);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
          cairo_move_to (cr, rect.origin.x + (rect.size.width - tw) / 2,
                         rect.origin.y + (rect.size.height - th) / 2);
          pango_cairo_show_layout (cr, pango);
        }

      cairo_destroy (cr);
      g_object_unref (pango);
    }

  if (self->drag_kind == DRAG_COLUMN && self->drag_moved && self->drag_column != NULL)
    {
      /* The column being dragged follows the pointer. */
      PangoLayout *pango = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->drag_column);
      GdkRGBA accent = lookup_color (self, "accent_bg_color", "#3584e4");
      graphene_rect_t area;
      int tw, th;
      cairo_t *cr;

      pango_layout_get_pixel_size (pango, &tw, &th);
      graphene_rect_init (&area, self->drag_px + 8, self->drag_py + 8, tw + 16, th + 8);
      cr = gtk_snapshot_append_cairo (snapshot, &area);
      set_source (cr, &accent, 0.95);
      rounded_rect (cr, area.origin.x, area.origin.y, area.size.width, area.size.height, 6);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, area.origin.x + 8, area.origin.y + 4);
      pango_cairo_show_layout (cr, pango);
      cairo_destroy (cr);
      g_object_unref (pango);
    }
}

/* The tables a routed query touches: a ring around each card, and a label
 * saying which shard and node (or which kind of table) the query reaches.
 * Drawn every frame over the cards, in view coordinates, so the label stays
 * readable at any zoom and costs nothing when there is no highlight.
 */
static void
snapshot_highlights (SwErdView   *self,
                     GtkSnapshot *snapshot,
                     int          width,
                     int          height)
{
  GHashTableIter iter;
  gpointer key, value;
  GdkRGBA accent, accent_fg;
  PangoLayout *pango;

  if (self->highlights == NULL || g_hash_table_size (self->highlights) == 0 || self->layout == NULL)
    return;

  accent = lookup_color (self, "accent_bg_color", "#3584e4");
  accent_fg = lookup_color (self, "accent_fg_color", "#ffffff");
  pango = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.9));
    pango_layout_set_attributes (pango, attrs);
    pango_attr_list_unref (attrs);
  }

  g_hash_table_iter_init (&iter, self->highlights);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SwErdNode *node = node_for (self, key);
      const char *label = value;
      double x, y, w, h, ring = 5, radius;
      double lx = 0, ly = 0, lw = 0, lh = 0;
      graphene_rect_t area;
      cairo_t *cr;

      if (node == NULL)
        continue;

      sw_erd_view_layout_to_view (self, node->x, node->y, &x, &y);
      w = node->width * self->zoom;
      h = node->height * self->zoom;
      radius = MAX (8 * self->zoom, 2) + ring;
      if (x + w + 2 * ring < 0 || y + h + 2 * ring < 0 || x - 2 * ring > width || y - 2 * ring > height)
        continue;

      if (label != NULL && label[0] != '\0')
        {
          int tw, th;

          pango_layout_set_text (pango, label, -1);
          pango_layout_get_pixel_size (pango, &tw, &th);
          lw = tw + 16;
          lh = th + 6;
          /* A badge across the ring's bottom edge, at the right: above the
           * card it would cover the colocation frame's title, and it must
           * not hide the card's name.
           */
          lx = MAX (x + w + ring - lw, x - ring);
          ly = y + h + ring - lh / 2;
        }

      graphene_rect_init (&area, x - 3 * ring, y - 3 * ring, w + 6 * ring, h + 6 * ring);
      if (lw > 0)
        graphene_rect_union (&area, &GRAPHENE_RECT_INIT (lx, ly, lw, lh), &area);
      cr = gtk_snapshot_append_cairo (snapshot, &area);

      /* A soft halo, then the ring. */
      set_source (cr, &accent, 0.25);
      cairo_set_line_width (cr, 2 * ring);
      rounded_rect (cr, x - ring, y - ring, w + 2 * ring, h + 2 * ring, radius);
      cairo_stroke (cr);
      set_source (cr, &accent, 1.0);
      cairo_set_line_width (cr, 3);
      rounded_rect (cr, x - ring, y - ring, w + 2 * ring, h + 2 * ring, radius);
      cairo_stroke (cr);

      if (lw > 0)
        {
          set_source (cr, &accent, 1.0);
          rounded_rect (cr, lx, ly, lw, lh, lh / 2);
          cairo_fill (cr);
          set_source (cr, &accent_fg, 1.0);
          cairo_move_to (cr, lx + 8, ly + 3);
          pango_cairo_show_layout (cr, pango);
        }

      cairo_destroy (cr);
    }

  g_object_unref (pango);
}

/* Renders the whole picture into a texture at the current zoom (at most
 * 4,000 pixels wide or tall), once per model change or big zoom change.
 */
static gboolean
ensure_overview (SwErdView *self)
{
  double bx, by, bw, bh, scale;
  double zoom = self->zoom, sx = self->sx, sy = self->sy;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  int w, h;

  /* Scaling a texture far down costs as much as drawing: keep it near the
   * zoom in use, and draw it again when the zoom moves away.
   */
  if (self->overview != NULL &&
      self->zoom >= self->overview_scale / 1.5 && self->zoom <= self->overview_scale * 1.5)
    return TRUE;
  g_clear_object (&self->overview);

  sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);
  scale = MIN (self->zoom, MIN (4000.0 / bw, 4000.0 / bh));
  if (self->zoom > scale * 1.5)
    return FALSE;
  w = MAX (1, (int) ceil (bw * scale));
  h = MAX (1, (int) ceil (bh * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  self->zoom = scale;
  self->sx = bx;
  self->sy = by;
  draw_canvas (self, cr, w, h);
  self->zoom = zoom;
  self->sx = sx;
  self->sy = sy;
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * h);
  self->overview = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes,
                                           cairo_image_surface_get_stride (surface));
  self->overview_scale = scale;
  cairo_surface_destroy (surface);

  return TRUE;
}

static void
sw_erd_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SwTableCard *selected_card = NULL;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!show_cards (self) && ensure_overview (self))
    {
      double bx, by, bw, bh;

      /* Far out, the whole picture is one texture, drawn once, that pans
       * and zooms for free: drawing 1,000 boxes and their edges every frame
       * is what made the overview slow.
       */
      sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);
      gtk_snapshot_append_texture (snapshot, self->overview,
                                   &GRAPHENE_RECT_INIT ((bx - self->sx) * self->zoom,
                                                        (by - self->sy) * self->zoom,
                                                        bw * self->zoom, bh * self->zoom));
    }
  else if (self->canvas_node == NULL)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (0, 0, width, height));

      draw_canvas (self, cr, width, height);
      cairo_destroy (cr);
      self->canvas_node = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
    }
  if (self->canvas_node != NULL && (show_cards (self) || self->overview == NULL))
    gtk_snapshot_append_node (snapshot, self->canvas_node);

  if (show_cards (self))
    {
      for (guint i = 0; i < self->cards->len; i++)
        {
          SwTableCard *card = g_ptr_array_index (self->cards, i);

          if (!gtk_widget_get_child_visible (GTK_WIDGET (card)))
            continue;
          /* The selected and the dragged card go on top. */
          if (self->selected != NULL &&
              g_str_equal (sw_table_get_qualified_name (sw_table_card_get_table (card)),
                           self->selected))
            {
              selected_card = card;
              continue;
            }
          gtk_widget_snapshot_child (widget, GTK_WIDGET (card), snapshot);
        }
      if (selected_card != NULL)
        gtk_widget_snapshot_child (widget, GTK_WIDGET (selected_card), snapshot);
    }

  snapshot_highlights (self, snapshot, width, height);
  snapshot_overlays (self, snapshot, width, height);

  gtk_snapshot_pop (snapshot);
}

/* Makes the cards of the tables in view, close enough to be read, that do
 * not have one yet.
 */
static void
ensure_cards (SwErdView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GPtrArray *nodes;
  double x0, y0, x1, y1;

  if (self->layout == NULL || self->schema == NULL || !show_cards (self) || width <= 0)
    return;

  sw_erd_view_view_to_layout (self, 0, 0, &x0, &y0);
  sw_erd_view_view_to_layout (self, width, height, &x1, &y1);
  nodes = sw_erd_layout_get_nodes (self->layout);

  for (guint i = 0; i < nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i);
      SwTable *table;
      SwTableCard *card;

      if (node->x + node->width < x0 || node->x > x1 ||
          node->y + node->height < y0 || node->y > y1 ||
          g_hash_table_contains (self->cards_by_name, node->table))
        continue;
      if ((table = sw_schema_find_table (self->schema, node->table)) == NULL)
        continue;

      card = sw_table_card_new (table, &self->options);
      gtk_widget_set_parent (GTK_WIDGET (card), GTK_WIDGET (self));
      gtk_widget_set_child_visible (GTK_WIDGET (card), FALSE);
      g_ptr_array_add (self->cards, card);
      g_hash_table_insert (self->cards_by_name,
                           (gpointer) sw_table_get_qualified_name (table), card);
      update_card (self, card);
    }
}

static gboolean
ensure_cards_idle_cb (gpointer user_data)
{
  SwErdView *self = user_data;

  self->ensure_id = 0;
  invalidate (self);
  return G_SOURCE_REMOVE;
}

/* Allocation */

static void
sw_erd_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  gboolean cards = show_cards (self);
  double x0, y0, x1, y1;

  /* A new size or position of the view means a new picture. */
  g_clear_pointer (&self->canvas_node, gsk_render_node_unref);

  if (self->layout != NULL && !self->fitted && width > 1 && height > 1)
    {
      self->fitted = TRUE;
      sw_erd_view_zoom_to_fit (self);
      cards = show_cards (self);
    }

  sw_erd_view_view_to_layout (self, 0, 0, &x0, &y0);
  sw_erd_view_view_to_layout (self, width, height, &x1, &y1);

  /* Cards cannot be made while allocating: a table in view without one
   * gets it in an idle, and the next frame shows it.
   */
  if (cards && self->layout != NULL && self->ensure_id == 0)
    {
      GPtrArray *nodes = sw_erd_layout_get_nodes (self->layout);

      for (guint i = 0; i < nodes->len; i++)
        {
          SwErdNode *node = g_ptr_array_index (nodes, i);

          if (node->x + node->width >= x0 && node->x <= x1 &&
              node->y + node->height >= y0 && node->y <= y1 &&
              !g_hash_table_contains (self->cards_by_name, node->table))
            {
              self->ensure_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, ensure_cards_idle_cb,
                                                 self, NULL);
              break;
            }
        }
    }

  for (guint i = 0; i < self->cards->len; i++)
    {
      SwTableCard *card = g_ptr_array_index (self->cards, i);
      const char *name = sw_table_get_qualified_name (sw_table_card_get_table (card));
      SwErdNode *node = node_for (self, name);
      GskTransform *transform;

      if (node == NULL || !cards ||
          node->x + node->width < x0 || node->x > x1 ||
          node->y + node->height < y0 || node->y > y1)
        {
          gtk_widget_set_child_visible (GTK_WIDGET (card), FALSE);
          continue;
        }

      gtk_widget_set_child_visible (GTK_WIDGET (card), TRUE);
      transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT ((node->x - self->sx) * self->zoom,
                                                                       (node->y - self->sy) * self->zoom));
      transform = gsk_transform_scale (transform, self->zoom, self->zoom);
      gtk_widget_allocate (GTK_WIDGET (card), (int) node->width, (int) node->height, -1, transform);
    }

  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
sw_erd_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  /* The canvas takes what it is given; the cards are measured by it. */
  *minimum = 100;
  *natural = 600;
}

/* Plan edits */

static void
apply_lane (SwErdView  *self,
            const char *table,
            SwErdLane   lane)
{
  if (self->plan == NULL)
    return;
  if (lane == SW_ERD_LANE_REFERENCE)
    sw_plan_set_reference (self->plan, table);
  else if (lane == SW_ERD_LANE_LOCAL)
    sw_plan_set_local (self->plan, table);
}

static void
apply_colocate (SwErdView  *self,
                const char *table,
                const char *with)
{
  g_autoptr(GError) error = NULL;

  if (self->plan == NULL)
    return;

  if (g_strcmp0 (with, "none") == 0)
    {
      const SwPlanTable *entry = sw_plan_lookup_table (self->plan, table);

      if (entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED)
        sw_plan_set_distributed (self->plan, table, entry->column, "none", entry->shard_count);
      return;
    }

  if (!sw_plan_edit_colocate (self->plan, self->schema, table, with, &error))
    message (self, error->message);
}

static void
apply_distribute (SwErdView  *self,
                  const char *table,
                  const char *column)
{
  g_autoptr(GError) error = NULL;

  if (self->plan == NULL)
    return;
  if (!sw_plan_edit_distribute (self->plan, self->schema, table, column, &error))
    message (self, error->message);
}

/* Hit testing */

const char *
sw_erd_view_table_at (SwErdView *self,
                      double     x,
                      double     y)
{
  GPtrArray *nodes;
  double lx, ly;

  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);

  if (self->layout == NULL)
    return NULL;

  sw_erd_view_view_to_layout (self, x, y, &lx, &ly);

  /* The selected card is drawn on top, so it is hit first. */
  if (self->selected != NULL &&
      !(self->drag_kind == DRAG_TABLE && g_strcmp0 (self->selected, self->drag_table) == 0))
    {
      SwErdNode *node = node_for (self, self->selected);

      if (node != NULL && lx >= node->x && lx < node->x + node->width &&
          ly >= node->y && ly < node->y + node->height)
        return node->table;
    }

  nodes = sw_erd_layout_get_nodes (self->layout);
  for (guint i = nodes->len; i > 0; i--)
    {
      SwErdNode *node = g_ptr_array_index (nodes, i - 1);

      if (self->drag_kind == DRAG_TABLE && g_strcmp0 (node->table, self->drag_table) == 0)
        continue;
      if (lx >= node->x && lx < node->x + node->width &&
          ly >= node->y && ly < node->y + node->height)
        return node->table;
    }

  return NULL;
}

SwErdLane
sw_erd_view_lane_at (SwErdView *self,
                     double     x,
                     double     y)
{
  graphene_rect_t rect;

  g_return_val_if_fail (SW_IS_ERD_VIEW (self), SW_ERD_LANE_NONE);

  for (SwErdLane lane = SW_ERD_LANE_REFERENCE; lane <= SW_ERD_LANE_LOCAL; lane++)
    {
      lane_rect (self, lane, &rect);
      if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
        return lane;
    }
  return SW_ERD_LANE_NONE;
}

static void
set_drop_table (SwErdView  *self,
                const char *table)
{
  SwTableCard *card;

  if (g_strcmp0 (self->drop_table, table) == 0)
    return;

  if (self->drop_table != NULL &&
      (card = g_hash_table_lookup (self->cards_by_name, self->drop_table)) != NULL)
    sw_table_card_set_drop_target (card, FALSE);
  g_free (self->drop_table);
  self->drop_table = g_strdup (table);
  if (table != NULL && (card = g_hash_table_lookup (self->cards_by_name, table)) != NULL)
    sw_table_card_set_drop_target (card, TRUE);
}

/* Gestures */

static void
drag_begin_cb (SwErdView      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  const char *table = NULL;
  graphene_rect_t rect;
  double scale;
  gint64 now = g_get_monotonic_time ();

  gtk_widget_grab_focus (GTK_WIDGET (self));

  self->drag_px = x;
  self->drag_py = y;
  self->drag_moved = FALSE;
  self->drag_sx0 = self->sx;
  self->drag_sy0 = self->sy;
  self->drop_lane = SW_ERD_LANE_NONE;
  g_clear_pointer (&self->drag_table, g_free);
  g_clear_pointer (&self->drag_column, g_free);

  if (button == GDK_BUTTON_MIDDLE)
    {
      self->drag_kind = DRAG_PAN;
      return;
    }

  if (minimap_rect (self, &rect, &scale) &&
      graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
    {
      double bx, by, bw, bh;

      /* Pressing on the minimap centres the view there. */
      self->drag_kind = DRAG_MINIMAP;
      sw_erd_layout_get_bounds (self->layout, &bx, &by, &bw, &bh);
      self->sx = bx + (x - rect.origin.x) / scale - gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom / 2;
      self->sy = by + (y - rect.origin.y) / scale - gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom / 2;
      invalidate (self);
      return;
    }

  table = sw_erd_view_table_at (self, x, y);
  if (table == NULL)
    {
      self->drag_kind = DRAG_PAN;
      return;
    }

  /* A second press on the same table, quickly: focus its neighbourhood. */
  if (g_strcmp0 (self->last_press_table, table) == 0 &&
      now - self->last_press_time < 400 * 1000)
    {
      g_autofree char *name = g_strdup (table);

      self->drag_kind = DRAG_NONE;
      self->last_press_time = 0;
      sw_erd_view_focus_neighbourhood (self, name);
      return;
    }
  self->last_press_time = now;
  g_free (self->last_press_table);
  self->last_press_table = g_strdup (table);

  sw_erd_view_select_table (self, table, FALSE);

  {
    SwErdNode *node = node_for (self, table);
    SwTableCard *card = g_hash_table_lookup (self->cards_by_name, table);
    double lx, ly;

    sw_erd_view_view_to_layout (self, x, y, &lx, &ly);
    self->drag_table = g_strdup (table);
    self->drag_x0 = node->x;
    self->drag_y0 = node->y;
    self->drag_was_pinned = node->pinned;

    /* On a column row, and close enough to read it: a column drag. */
    if (card != NULL && show_cards (self) &&
        sw_table_card_column_at (card, ly - node->y) != NULL)
      {
        self->drag_kind = DRAG_COLUMN;
        self->drag_column = g_strdup (sw_table_card_column_at (card, ly - node->y));
      }
    else
      self->drag_kind = DRAG_TABLE;
  }
}

static void
drag_update_cb (SwErdView      *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double start_x, start_y;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);

  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  self->drag_moved = TRUE;
  self->drag_px = start_x + dx;
  self->drag_py = start_y + dy;

  switch (self->drag_kind)
    {
    case DRAG_PAN:
      self->sx = self->drag_sx0 - dx / self->zoom;
      self->sy = self->drag_sy0 - dy / self->zoom;
      invalidate (self);
      break;

    case DRAG_MINIMAP:
      {
        graphene_rect_t rect;
        double scale;

        if (minimap_rect (self, &rect, &scale))
          {
            self->sx = self->drag_sx0 + dx / scale;
            self->sy = self->drag_sy0 + dy / scale;
            invalidate (self);
          }
      }
      break;

    case DRAG_TABLE:
      {
        const char *target;

        sw_erd_layout_move_node (self->layout, self->drag_table,
                                 self->drag_x0 + dx / self->zoom,
                                 self->drag_y0 + dy / self->zoom);
        self->drop_lane = sw_erd_view_lane_at (self, self->drag_px, self->drag_py);
        target = self->drop_lane == SW_ERD_LANE_NONE
                 ? sw_erd_view_table_at (self, self->drag_px, self->drag_py) : NULL;
        set_drop_table (self, target);
        invalidate_all (self);
      }
      break;

    case DRAG_COLUMN:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
restore_dragged_node (SwErdView *self)
{
  SwErdNode *node;

  sw_erd_layout_move_node (self->layout, self->drag_table, self->drag_x0, self->drag_y0);
  if ((node = node_for (self, self->drag_table)) != NULL)
    node->pinned = self->drag_was_pinned;
}

static void
drag_end_cb (SwErdView      *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  DragKind kind = self->drag_kind;
  g_autofree char *table = g_steal_pointer (&self->drag_table);
  g_autofree char *column = g_steal_pointer (&self->drag_column);
  g_autofree char *drop_table = g_strdup (self->drop_table);
  SwErdLane lane = self->drop_lane;
  gboolean moved = self->drag_moved;

  self->drag_kind = DRAG_NONE;
  set_drop_table (self, NULL);
  self->drop_lane = SW_ERD_LANE_NONE;

  if (kind == DRAG_TABLE && moved && table != NULL)
    {
      SwErdNode *node = node_for (self, table);

      if (lane != SW_ERD_LANE_NONE || drop_table != NULL)
        {
          /* The table goes back where it was; the plan changes instead. */
          self->drag_table = g_strdup (table);
          restore_dragged_node (self);
          g_clear_pointer (&self->drag_table, g_free);
          if (lane != SW_ERD_LANE_NONE)
            apply_lane (self, table, lane);
          else
            apply_colocate (self, table, drop_table);
        }
      else if (node != NULL && self->plan != NULL)
        sw_plan_set_position (self->plan, table, round (node->x), round (node->y));
    }
  else if (kind == DRAG_COLUMN && moved && table != NULL && column != NULL)
    {
      const char *target = sw_erd_view_table_at (self, self->drag_px, self->drag_py);
      SwErdNode *node = node_for (self, table);
      double lx, ly;

      sw_erd_view_view_to_layout (self, self->drag_px, self->drag_py, &lx, &ly);
      if (g_strcmp0 (target, table) == 0 && node != NULL &&
          ly - node->y < self->options.header_height)
        apply_distribute (self, table, column);
      else
        message (self, _("Drop a column onto its table’s title to distribute the table by it"));
    }

  if (kind == DRAG_TABLE || kind == DRAG_COLUMN)
    invalidate_all (self);
  else
    invalidate (self);
}

static gboolean
scroll_cb (SwErdView                *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  double step = unit == GDK_SCROLL_UNIT_WHEEL ? 60.0 : 1.0;

  if (self->layout == NULL)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
      double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      double factor = unit == GDK_SCROLL_UNIT_WHEEL ? pow (1.2, -dy) : exp (-dy / 200.0);

      if (event != NULL)
        {
          double ex, ey;
          GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
          graphene_point_t p;

          if (gdk_event_get_position (event, &ex, &ey) && native != NULL &&
              gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                        &GRAPHENE_POINT_INIT (ex, ey), &p))
            {
              double nx, ny;

              gtk_native_get_surface_transform (native, &nx, &ny);
              x = p.x - nx;
              y = p.y - ny;
            }
        }
      sw_erd_view_set_zoom (self, self->zoom * factor, x, y);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK)
    {
      double t = dx;

      dx = dy;
      dy = t;
    }

  self->sx += dx * step / self->zoom;
  self->sy += dy * step / self->zoom;
  invalidate (self);
  return TRUE;
}

/* Context menu */

static GMenuModel *
build_menu (SwErdView  *self,
            const char *table_name)
{
  GMenu *menu = g_menu_new ();
  GMenu *kinds = g_menu_new ();
  GMenu *distribute = g_menu_new ();
  GMenu *colocate = g_menu_new ();
  GMenu *view = g_menu_new ();
  SwTable *table = sw_schema_find_table (self->schema, table_name);
  GPtrArray *columns = table != NULL ? sw_table_get_columns (table) : NULL;
  GPtrArray *fks = table != NULL ? sw_table_get_foreign_keys (table) : NULL;
  GPtrArray *referencing = table != NULL ? sw_schema_list_referencing_keys (self->schema, table) : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GMenuItem) own = NULL;

  g_menu_append (kinds, _("_Reference Table"), "erd.set-kind::reference");
  g_menu_append (kinds, _("_Local Table"), "erd.set-kind::local");
  g_menu_append (kinds, _("_Single Shard"), "erd.set-kind::single_shard");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (kinds));

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const char *name = sw_column_get_name (g_ptr_array_index (columns, i));
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      /* No mnemonic in a column name: the user's text, shown as it is. */
      g_menu_item_set_action_and_target_value (item, "erd.distribute", g_variant_new_string (name));
      g_menu_item_set_attribute (item, "use-markup", "b", FALSE);
      g_menu_append_item (distribute, item);
    }
  g_menu_append_submenu (menu, _("_Distribute By"), G_MENU_MODEL (distribute));

  /* Colocation candidates: the tables it shares a foreign key with. */
  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *keys = pass == 0 ? fks : referencing;

      for (guint i = 0; keys != NULL && i < keys->len; i++)
        {
          SwForeignKey *fk = g_ptr_array_index (keys, i);
          const char *other = pass == 0 ? sw_foreign_key_get_ref_table (fk)
                                        : sw_foreign_key_get_table (fk);
          g_autoptr(GMenuItem) item = NULL;

          if (g_str_equal (other, table_name) || g_hash_table_contains (seen, other))
            continue;
          g_hash_table_add (seen, (gpointer) other);
          item = g_menu_item_new (other, NULL);
          g_menu_item_set_action_and_target_value (item, "erd.colocate", g_variant_new_string (other));
          g_menu_append_item (colocate, item);
        }
    }
  own = g_menu_item_new (_("_None (Own Group)"), NULL);
  g_menu_item_set_action_and_target_value (own, "erd.colocate", g_variant_new_string ("none"));
  g_menu_append_item (colocate, own);
  g_menu_append_submenu (menu, _("_Colocate With"), G_MENU_MODEL (colocate));

  g_menu_append (view, _("_Focus on Neighbourhood"), "erd.focus");
  g_menu_append (view, _("Show _All Tables"), "erd.unfocus");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));

  g_object_unref (kinds);
  g_object_unref (distribute);
  g_object_unref (colocate);
  g_object_unref (view);

  return G_MENU_MODEL (menu);
}

static void
popup_menu (SwErdView *self,
            double     x,
            double     y)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->selected == NULL || self->schema == NULL)
    return;

  model = build_menu (self, self->selected);
  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), model);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
secondary_pressed_cb (SwErdView       *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  const char *table = sw_erd_view_table_at (self, x, y);

  if (table == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  sw_erd_view_select_table (self, table, FALSE);
  popup_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Actions */

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  SwErdNode *node;
  double x = 20, y = 20;

  if (self->selected == NULL || (node = node_for (self, self->selected)) == NULL)
    return;
  sw_erd_view_layout_to_view (self, node->x + 24, node->y + self->options.header_height, &x, &y);
  popup_menu (self, x, y);
}

static void
set_kind_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);

  if (self->selected == NULL || self->plan == NULL)
    return;

  if (g_str_equal (kind, "reference"))
    sw_plan_set_reference (self->plan, self->selected);
  else if (g_str_equal (kind, "local"))
    sw_plan_set_local (self->plan, self->selected);
  else if (g_str_equal (kind, "single_shard"))
    sw_plan_set_single_shard (self->plan, self->selected, NULL);
}

static void
distribute_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);

  if (self->selected != NULL)
    apply_distribute (self, self->selected, g_variant_get_string (parameter, NULL));
}

static void
colocate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);

  if (self->selected != NULL)
    apply_colocate (self, self->selected, g_variant_get_string (parameter, NULL));
}

static void
focus_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);

  if (self->selected != NULL)
    {
      g_autofree char *name = g_strdup (self->selected);

      sw_erd_view_focus_neighbourhood (self, name);
    }
}

static void
unfocus_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sw_erd_view_focus_neighbourhood (SW_ERD_VIEW (widget), NULL);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  double cx = gtk_widget_get_width (widget) / 2.0;
  double cy = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action_name, "erd.zoom-in"))
    sw_erd_view_set_zoom (self, self->zoom * 1.25, cx, cy);
  else if (g_str_equal (action_name, "erd.zoom-out"))
    sw_erd_view_set_zoom (self, self->zoom / 1.25, cx, cy);
  else if (g_str_equal (action_name, "erd.zoom-one"))
    sw_erd_view_set_zoom (self, 1.0, cx, cy);
  else
    sw_erd_view_zoom_to_fit (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);
  GPtrArray *nodes;
  int index = -1;
  int step = g_str_equal (action_name, "erd.next-table") ? 1 : -1;
  SwErdNode *node;

  if (self->layout == NULL)
    return;
  nodes = sw_erd_layout_get_nodes (self->layout);
  if (nodes->len == 0)
    return;

  if (self->selected != NULL)
    index = sw_erd_layout_get_node_index (self->layout, self->selected);
  index = index < 0 ? 0 : (int) ((index + step + nodes->len) % nodes->len);
  node = g_ptr_array_index (nodes, index);
  sw_erd_view_select_table (self, node->table, TRUE);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwErdView *self = SW_ERD_VIEW (widget);

  if (self->focus_set != NULL)
    sw_erd_view_focus_neighbourhood (self, NULL);
  else
    sw_erd_view_select_table (self, NULL, FALSE);
}

/* Style */

static void
style_changed_cb (SwErdView *self)
{
  /* Colours come from CSS: a new style (dark, high contrast) redraws. */
  invalidate_all (self);
}

static void
sw_erd_view_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sw_erd_view_parent_class)->css_changed (widget, change);
  invalidate_all (SW_ERD_VIEW (widget));
}

/* GObject */

static void
clear_cards (SwErdView *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->cards, i));
  g_ptr_array_set_size (self->cards, 0);
  g_hash_table_remove_all (self->cards_by_name);
}

static void
sw_erd_view_dispose (GObject *object)
{
  SwErdView *self = SW_ERD_VIEW (object);

  clear_cards (self);
  g_clear_handle_id (&self->ensure_id, g_source_remove);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  g_clear_object (&self->schema);
  g_clear_object (&self->plan);
  g_clear_object (&self->layout);
  g_clear_pointer (&self->broken_edges, g_hash_table_unref);
  g_clear_pointer (&self->canvas_node, gsk_render_node_unref);
  g_clear_pointer (&self->minimap_node, gsk_render_node_unref);
  g_clear_object (&self->overview);
  g_clear_pointer (&self->focus_set, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_clear_pointer (&self->match_order, g_ptr_array_unref);
  g_clear_pointer (&self->highlights, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->drag_table, g_free);
  g_clear_pointer (&self->drag_column, g_free);
  g_clear_pointer (&self->drop_table, g_free);
  g_clear_pointer (&self->last_press_table, g_free);

  G_OBJECT_CLASS (sw_erd_view_parent_class)->dispose (object);
}

static void
sw_erd_view_finalize (GObject *object)
{
  SwErdView *self = SW_ERD_VIEW (object);

  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->cards_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (sw_erd_view_parent_class)->finalize (object);
}

static void
sw_erd_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SwErdView *self = SW_ERD_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TABLE:
      g_value_set_string (value, self->selected);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_FOCUSED:
      g_value_set_boolean (value, self->focus_set != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_erd_view_class_init (SwErdViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_erd_view_dispose;
  object_class->finalize = sw_erd_view_finalize;
  object_class->get_property = sw_erd_view_get_property;

  widget_class->snapshot = sw_erd_view_snapshot;
  widget_class->size_allocate = sw_erd_view_size_allocate;
  widget_class->measure = sw_erd_view_measure;
  widget_class->css_changed = sw_erd_view_css_changed;

  properties[PROP_SELECTED_TABLE] =
    g_param_spec_string ("selected-table", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED] =
    g_param_spec_boolean ("focused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwErdView::message:
   * @text: what to tell the user
   *
   * Emitted when an edit could not be made, with the reason.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "erd.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "erd.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "erd.zoom-one", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "erd.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "erd.next-table", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "erd.previous-table", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "erd.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "erd.set-kind", "s", set_kind_action);
  gtk_widget_class_install_action (widget_class, "erd.distribute", "s", distribute_action);
  gtk_widget_class_install_action (widget_class, "erd.colocate", "s", colocate_action);
  gtk_widget_class_install_action (widget_class, "erd.focus", NULL, focus_action);
  gtk_widget_class_install_action (widget_class, "erd.unfocus", NULL, unfocus_action);
  gtk_widget_class_install_action (widget_class, "erd.escape", NULL, escape_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "erd.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "erd.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "erd.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "erd.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "erd.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "erd.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "erd.zoom-one", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "erd.next-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "erd.next-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "erd.previous-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "erd.previous-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "erd.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "erd.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "erd.focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "erd.escape", NULL);

  gtk_widget_class_set_css_name (widget_class, "erdview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sw_erd_view_init (SwErdView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkEventController *scroll;
  AdwStyleManager *style = adw_style_manager_get_default ();

  self->zoom = 1.0;
  self->drop_lane = SW_ERD_LANE_NONE;
  self->cards = g_ptr_array_new ();
  self->cards_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  sw_erd_layout_options_init (&self->options);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
sw_erd_view_new (void)
{
  return g_object_new (SW_TYPE_ERD_VIEW, NULL);
}

/**
 * sw_erd_view_get_layout_options:
 * @self: a #SwErdView
 * @options: (out): the card sizes the view draws, for the engine's layout
 *
 * Fills @options from the view's font, so the boxes the engine places fit
 * the cards.
 */
void
sw_erd_view_get_layout_options (SwErdView          *self,
                                SwErdLayoutOptions *options)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  *options = self->options;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  if (metrics != NULL)
    {
      double width = pango_font_metrics_get_approximate_char_width (metrics) / (double) PANGO_SCALE;

      if (width > 2 && width < 30)
        options->char_width = width;
      pango_font_metrics_unref (metrics);
    }
}

static void
update_card (SwErdView   *self,
             SwTableCard *card)
{
  const char *name = sw_table_get_qualified_name (sw_table_card_get_table (card));
  SwErdNode *node = node_for (self, name);
  const SwPlanTable *entry = self->plan != NULL ? sw_plan_lookup_table (self->plan, name) : NULL;
  SwErdNodeKind kind = plan_kind (self, name, node);

  sw_table_card_set_decision (card, kind,
                              node != NULL && (kind == SW_ERD_NODE_DISTRIBUTED ||
                                               kind == SW_ERD_NODE_SINGLE_SHARD ||
                                               kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
                              ? node->group : -1,
                              entry != NULL && entry->kind == SW_PLAN_KIND_DISTRIBUTED
                              ? entry->column : NULL);
  sw_table_card_set_dimmed (card, is_dimmed (self, name));
  sw_table_card_set_selected (card, g_strcmp0 (self->selected, name) == 0);
}

/**
 * sw_erd_view_refresh_decisions:
 * @self: a #SwErdView
 *
 * Colours the cards again from the plan, after it changed.
 */
void
sw_erd_view_refresh_decisions (SwErdView *self)
{
  g_return_if_fail (SW_IS_ERD_VIEW (self));

  for (guint i = 0; i < self->cards->len; i++)
    update_card (self, g_ptr_array_index (self->cards, i));
  invalidate_all (self);
}

/**
 * sw_erd_view_set_model:
 * @self: a #SwErdView
 * @schema: the schema
 * @plan: the plan the view edits
 * @layout: a layout of @schema
 *
 * Shows a new schema, zoomed to fit.
 */
void
sw_erd_view_set_model (SwErdView   *self,
                       SwSchema    *schema,
                       SwPlan      *plan,
                       SwErdLayout *layout)
{
  g_return_if_fail (SW_IS_ERD_VIEW (self));
  g_return_if_fail (SW_IS_SCHEMA (schema));
  g_return_if_fail (SW_IS_ERD_LAYOUT (layout));

  clear_cards (self);
  g_clear_pointer (&self->focus_set, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_free);

  g_set_object (&self->schema, schema);
  g_set_object (&self->plan, plan);
  g_set_object (&self->layout, layout);
  self->options = *sw_erd_layout_get_options (layout);

  /* Cards are made when they first come into view (ensure_cards()): at
   * 1,000 tables, making them all up front took seconds.
   */
  self->fitted = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED]);
  invalidate_all (self);
}

/**
 * sw_erd_view_set_plan:
 * @self: a #SwErdView
 * @plan: the plan to edit from now on (after an undo, say)
 */
void
sw_erd_view_set_plan (SwErdView *self,
                      SwPlan    *plan)
{
  g_return_if_fail (SW_IS_ERD_VIEW (self));

  if (g_set_object (&self->plan, plan))
    sw_erd_view_refresh_decisions (self);
}

/**
 * sw_erd_view_set_layout:
 * @self: a #SwErdView
 * @layout: a new layout of the same schema, after the plan changed
 *
 * Moves the cards to their new places, keeping the zoom.
 */
void
sw_erd_view_set_layout (SwErdView   *self,
                        SwErdLayout *layout)
{
  g_return_if_fail (SW_IS_ERD_VIEW (self));
  g_return_if_fail (SW_IS_ERD_LAYOUT (layout));

  /* A drag in progress keeps the layout it started with. */
  if (self->drag_kind == DRAG_TABLE)
    return;

  g_set_object (&self->layout, layout);
  sw_erd_view_refresh_decisions (self);
}

SwErdLayout *
sw_erd_view_get_layout (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);

  return self->layout;
}

/**
 * sw_erd_view_set_broken_edges:
 * @self: a #SwErdView
 * @broken_edges: (nullable): a set of sw_erd_edge_key() of the foreign keys
 *   the plan breaks, drawn in the error colour
 */
void
sw_erd_view_set_broken_edges (SwErdView  *self,
                              GHashTable *broken_edges)
{
  g_return_if_fail (SW_IS_ERD_VIEW (self));

  g_clear_pointer (&self->broken_edges, g_hash_table_unref);
  if (broken_edges != NULL)
    self->broken_edges = g_hash_table_ref (broken_edges);
  invalidate (self);
}

/**
 * sw_erd_view_get_broken_edges:
 * @self: a #SwErdView
 *
 * Returns: (transfer none) (nullable): the set of sw_erd_edge_key() drawn in
 *   the error colour
 */
GHashTable *
sw_erd_view_get_broken_edges (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);

  return self->broken_edges;
}

/**
 * sw_erd_view_set_highlighted_tables:
 * @self: a #SwErdView
 * @tables: (nullable) (array zero-terminated=1): the tables to highlight, as
 *   plans name them, or %NULL for none
 * @labels: (nullable) (array zero-terminated=1): a label for each of @tables
 *   (the shard and node a query reaches, say), or %NULL for none
 *
 * Rings @tables on the canvas, each with its label, until the next call;
 * the routing preview shows there what a query touches.
 */
void
sw_erd_view_set_highlighted_tables (SwErdView          *self,
                                    const char * const *tables,
                                    const char * const *labels)
{
  gboolean labels_done = labels == NULL;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  if ((tables == NULL || tables[0] == NULL) &&
      (self->highlights == NULL || g_hash_table_size (self->highlights) == 0))
    return;

  g_clear_pointer (&self->highlights, g_hash_table_unref);
  if (tables != NULL && tables[0] != NULL)
    {
      self->highlights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; tables[i] != NULL; i++)
        {
          const char *label = NULL;

          if (!labels_done)
            {
              label = labels[i];
              labels_done = label == NULL;
            }
          g_hash_table_insert (self->highlights, g_strdup (tables[i]), g_strdup (label ? label : ""));
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sw_erd_view_get_n_highlighted:
 * @self: a #SwErdView
 *
 * Returns: how many tables are highlighted
 */
guint
sw_erd_view_get_n_highlighted (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), 0);
  return self->highlights != NULL ? g_hash_table_size (self->highlights) : 0;
}

/**
 * sw_erd_view_get_highlight_label:
 * @self: a #SwErdView
 * @table: a table, as plans name it
 *
 * Returns: (nullable): the label of @table if it is highlighted (empty when
 *   it has none), else %NULL
 */
const char *
sw_erd_view_get_highlight_label (SwErdView  *self,
                                 const char *table)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return self->highlights != NULL ? g_hash_table_lookup (self->highlights, table) : NULL;
}

double
sw_erd_view_get_zoom (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), 1.0);

  return self->zoom;
}

/**
 * sw_erd_view_set_zoom:
 * @self: a #SwErdView
 * @zoom: the new zoom, clamped to what the view allows
 * @anchor_x: a point of the view that stays where it is
 * @anchor_y: the same, y
 */
void
sw_erd_view_set_zoom (SwErdView *self,
                      double     zoom,
                      double     anchor_x,
                      double     anchor_y)
{
  double lx, ly;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  sw_erd_view_view_to_layout (self, anchor_x, anchor_y, &lx, &ly);
  self->zoom = zoom;
  self->sx = lx - anchor_x / zoom;
  self->sy = ly - anchor_y / zoom;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  invalidate (self);
}

static void
fit_rect (SwErdView *self,
          double     x,
          double     y,
          double     w,
          double     h,
          double     max_zoom)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double zoom;

  if (width <= 1 || height <= 1 || w <= 0 || h <= 0)
    return;

  /* Leave room for the zoom controls and the minimap at the bottom. */
  zoom = CLAMP (MIN ((width - 24.0) / w, (height - 72.0) / h), MIN_ZOOM, max_zoom);
  self->zoom = zoom;
  self->sx = x + w / 2 - width / zoom / 2;
  self->sy = y + h / 2 - (height - 48.0) / zoom / 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  invalidate (self);
}

/**
 * sw_erd_view_zoom_to_fit:
 * @self: a #SwErdView
 *
 * Shows the whole diagram (or the focused neighbourhood), at most at 100 %.
 */
void
sw_erd_view_zoom_to_fit (SwErdView *self)
{
  double x, y, w, h;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  if (self->layout == NULL)
    return;

  if (self->focus_set != NULL)
    {
      GHashTableIter iter;
      gpointer key;
      gboolean first = TRUE;
      double x1 = 0, y1 = 0;

      x = y = 0;
      g_hash_table_iter_init (&iter, self->focus_set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          SwErdNode *node = node_for (self, key);

          if (node == NULL)
            continue;
          if (first)
            {
              x = node->x;
              y = node->y;
              x1 = node->x + node->width;
              y1 = node->y + node->height;
              first = FALSE;
            }
          x = MIN (x, node->x);
          y = MIN (y, node->y);
          x1 = MAX (x1, node->x + node->width);
          y1 = MAX (y1, node->y + node->height);
        }
      fit_rect (self, x - 40, y - 40, x1 - x + 80, y1 - y + 80, 1.0);
      return;
    }

  sw_erd_layout_get_bounds (self->layout, &x, &y, &w, &h);
  fit_rect (self, x, y, w, h, 1.0);
}

const char *
sw_erd_view_get_selected_table (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);

  return self->selected;
}

/**
 * sw_erd_view_select_table:
 * @self: a #SwErdView
 * @table: (nullable): the table to select, or %NULL for none
 * @scroll_to: whether to bring it into view (centred, readable)
 */
void
sw_erd_view_select_table (SwErdView  *self,
                          const char *table,
                          gboolean    scroll_to)
{
  SwTableCard *card;
  SwErdNode *node;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  if (table != NULL && node_for (self, table) == NULL)
    table = NULL;

  if (g_strcmp0 (self->selected, table) != 0)
    {
      if (self->selected != NULL &&
          (card = g_hash_table_lookup (self->cards_by_name, self->selected)) != NULL)
        sw_table_card_set_selected (card, FALSE);
      g_free (self->selected);
      self->selected = g_strdup (table);
      if (table != NULL && (card = g_hash_table_lookup (self->cards_by_name, table)) != NULL)
        {
          sw_table_card_set_selected (card, TRUE);
          gtk_accessible_update_state (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TABLE]);
      invalidate_all (self);
    }

  if (scroll_to && table != NULL && (node = node_for (self, table)) != NULL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));
      int height = gtk_widget_get_height (GTK_WIDGET (self));

      /* Close enough to read the card. */
      if (self->zoom < 0.75)
        self->zoom = 0.75;
      self->sx = node->x + node->width / 2 - width / self->zoom / 2;
      self->sy = node->y + node->height / 2 - height / self->zoom / 2;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      invalidate (self);
    }
}

/**
 * sw_erd_view_focus_neighbourhood:
 * @self: a #SwErdView
 * @table: (nullable): the table whose neighbourhood to show, or %NULL to
 *   show everything again
 *
 * Dims every table but @table and those it shares a foreign key with, and
 * zooms onto them.
 */
void
sw_erd_view_focus_neighbourhood (SwErdView  *self,
                                 const char *table)
{
  GPtrArray *edges;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  g_clear_pointer (&self->focus_set, g_hash_table_unref);

  if (table != NULL && self->layout != NULL && node_for (self, table) != NULL)
    {
      self->focus_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (self->focus_set, g_strdup (table));
      edges = sw_erd_layout_get_edges (self->layout);
      for (guint i = 0; i < edges->len; i++)
        {
          SwErdEdge *edge = g_ptr_array_index (edges, i);

          if (g_str_equal (edge->table, table))
            g_hash_table_add (self->focus_set, g_strdup (edge->ref_table));
          else if (g_str_equal (edge->ref_table, table))
            g_hash_table_add (self->focus_set, g_strdup (edge->table));
        }
      sw_erd_view_select_table (self, table, FALSE);
    }

  for (guint i = 0; i < self->cards->len; i++)
    update_card (self, g_ptr_array_index (self->cards, i));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED]);
  sw_erd_view_zoom_to_fit (self);
  invalidate_all (self);
}

gboolean
sw_erd_view_get_focused (SwErdView *self)
{
  g_return_val_if_fail (SW_IS_ERD_VIEW (self), FALSE);

  return self->focus_set != NULL;
}

/**
 * sw_erd_view_set_search:
 * @self: a #SwErdView
 * @text: (nullable): what to look for in table and column names; %NULL or
 *   empty to stop searching
 *
 * Dims the tables that do not match.
 *
 * Returns: how many tables match
 */
guint
sw_erd_view_set_search (SwErdView  *self,
                        const char *text)
{
  g_autofree char *needle = NULL;
  GPtrArray *nodes;

  g_return_val_if_fail (SW_IS_ERD_VIEW (self), 0);

  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_clear_pointer (&self->match_order, g_ptr_array_unref);

  if (text != NULL && text[0] != '\0' && self->layout != NULL)
    {
      needle = g_utf8_casefold (text, -1);
      self->matches = g_hash_table_new (g_str_hash, g_str_equal);
      self->match_order = g_ptr_array_new ();
      nodes = sw_erd_layout_get_nodes (self->layout);

      for (guint i = 0; i < nodes->len; i++)
        {
          SwErdNode *node = g_ptr_array_index (nodes, i);
          g_autofree char *name = g_utf8_casefold (node->table, -1);
          gboolean hit = strstr (name, needle) != NULL;
          SwTable *table = hit ? NULL : sw_schema_find_table (self->schema, node->table);
          GPtrArray *columns = table != NULL ? sw_table_get_columns (table) : NULL;

          for (guint j = 0; !hit && columns != NULL && j < columns->len; j++)
            {
              g_autofree char *column = g_utf8_casefold (sw_column_get_name (g_ptr_array_index (columns, j)), -1);

              hit = strstr (column, needle) != NULL;
            }

          if (hit)
            {
              g_hash_table_add (self->matches, node->table);
              g_ptr_array_add (self->match_order, node->table);
            }
        }
    }

  for (guint i = 0; i < self->cards->len; i++)
    update_card (self, g_ptr_array_index (self->cards, i));
  invalidate_all (self);

  return self->matches != NULL ? g_hash_table_size (self->matches) : 0;
}

/**
 * sw_erd_view_next_match:
 * @self: a #SwErdView
 *
 * Selects the next table that matches the search and brings it into view.
 *
 * Returns: (nullable): the table, or %NULL when none matches
 */
const char *
sw_erd_view_next_match (SwErdView *self)
{
  guint start = 0;

  g_return_val_if_fail (SW_IS_ERD_VIEW (self), NULL);

  if (self->match_order == NULL || self->match_order->len == 0)
    return NULL;

  if (self->selected != NULL)
    {
      for (guint i = 0; i < self->match_order->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (self->match_order, i), self->selected))
            {
              start = i + 1;
              break;
            }
        }
    }

  sw_erd_view_select_table (self,
                            g_ptr_array_index (self->match_order, start % self->match_order->len),
                            TRUE);
  return self->selected;
}

/**
 * sw_erd_view_drag:
 * @self: a #SwErdView
 * @from_x: where the press is, in view coordinates
 * @from_y: the same, y
 * @to_x: where the release is
 * @to_y: the same, y
 *
 * Runs a drag with the primary button through the same code as the drag
 * gesture: a move, a drop onto a table or a lane, or a column onto its
 * table's title.
 */
void
sw_erd_view_drag (SwErdView *self,
                  double     from_x,
                  double     from_y,
                  double     to_x,
                  double     to_y)
{
  g_autoptr(GtkGesture) gesture = gtk_gesture_drag_new ();
  double dx = to_x - from_x;
  double dy = to_y - from_y;

  g_return_if_fail (SW_IS_ERD_VIEW (self));

  /* The gesture is only read for its button and start point; a fresh one
   * has button 0 (as the view's own) and no start point, so pass both here.
   */
  self->last_press_time = 0;
  drag_begin_cb (self, from_x, from_y, GTK_GESTURE_DRAG (gesture));
  if (self->drag_kind == DRAG_NONE)
    return;

  self->drag_moved = TRUE;
  self->drag_px = to_x;
  self->drag_py = to_y;
  switch (self->drag_kind)
    {
    case DRAG_TABLE:
      sw_erd_layout_move_node (self->layout, self->drag_table,
                               self->drag_x0 + dx / self->zoom, self->drag_y0 + dy / self->zoom);
      self->drop_lane = sw_erd_view_lane_at (self, to_x, to_y);
      set_drop_table (self, self->drop_lane == SW_ERD_LANE_NONE
                            ? sw_erd_view_table_at (self, to_x, to_y) : NULL);
      break;
    case DRAG_PAN:
      self->sx = self->drag_sx0 - dx / self->zoom;
      self->sy = self->drag_sy0 - dy / self->zoom;
      break;
    case DRAG_COLUMN:
    case DRAG_MINIMAP:
    case DRAG_NONE:
    default:
      break;
    }
  drag_end_cb (self, dx, dy, GTK_GESTURE_DRAG (gesture));
}
