/* sw-erd-layout.c
 *
 * Where each table of the ERD goes. Graphviz `dot` places the boxes and routes
 * the foreign keys; the result is plain coordinates (points, y downwards) that
 * the UI draws with GTK and that never carry a Graphviz type out of this file.
 *
 * Colocation groups are kept together and framed, and reference tables form
 * a band on top (see run_layout() for how). `dot` is superlinear in the
 * crossings it tries to remove; a connected group bigger than
 * SwErdLayoutOptions.dot_limit is packed in rows instead, with straight edges.
 *
 * Graphviz keeps global state and is not thread safe, so every use of it here
 * holds one lock: layouts run in a worker thread, one at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-erd-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <graphviz/gvc.h>
#include <math.h>
#include <string.h>

#include "sw-erd-layout.h"
#include "sw-erd-private.h"
#include "sw-column.h"
#include "sw-constraint.h"
#include "sw-foreign-key.h"
#include "sw-identifier.h"
#include "sw-schema.h"
#include "sw-table.h"

/* Space around a cluster's tables, and above them for its label. */
#define CLUSTER_MARGIN 14.0
#define CLUSTER_LABEL  22.0
#define BAND_MARGIN    16.0
#define GRID_GAP       48.0
#define SW_POINTS_PER_INCH 72.0

struct _SwErdLayout
{
  GObject          parent_instance;

  SwErdLayoutMode  mode;
  SwErdLayoutOptions options;
  GPtrArray       *nodes;      /* SwErdNode, sorted by table name */
  GHashTable      *node_index; /* table → index + 1 */
  GPtrArray       *edges;      /* SwErdEdge */
  GPtrArray       *clusters;   /* SwErdCluster */
  gboolean         has_band;
  double           band[4];
  double           bounds[4];
};

G_DEFINE_FINAL_TYPE (SwErdLayout, sw_erd_layout, G_TYPE_OBJECT)
G_DEFINE_QUARK (sw-erd-error-quark, sw_erd_error)

/* One table as the builder sees it, before any placement. */
typedef struct
{
  SwTable       *table;
  const char    *name;
  SwErdNodeKind  kind;
  int            group;
  const char    *dist_column;
} TableInfo;

typedef struct
{
  GPtrArray  *infos;       /* TableInfo, sorted by name */
  GHashTable *by_name;     /* name → TableInfo */
  GPtrArray  *groups;      /* SwErdCluster (label, kind, n_tables only) */
  GPtrArray  *keys;        /* SwForeignKey between two tables shown, sorted */
} Model;

G_LOCK_DEFINE_STATIC (graphviz);
static GVC_t *graphviz_context;

static void
node_free (SwErdNode *node)
{
  g_free (node->table);
  g_free (node);
}

static void
edge_free (SwErdEdge *edge)
{
  g_free (edge->name);
  g_free (edge->table);
  g_free (edge->ref_table);
  g_clear_pointer (&edge->points, g_array_unref);
  g_free (edge);
}

static void
cluster_free (SwErdCluster *cluster)
{
  g_free (cluster->label);
  g_free (cluster);
}

static void
model_clear (Model *model)
{
  g_clear_pointer (&model->infos, g_ptr_array_unref);
  g_clear_pointer (&model->by_name, g_hash_table_unref);
  g_clear_pointer (&model->groups, g_ptr_array_unref);
  g_clear_pointer (&model->keys, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Model, model_clear)

/* Graphviz wants writable strings for names and attribute values. */
static void
set_attr (void       *object,
          const char *name,
          const char *value)
{
  agsafeset (object, (char *) name, (char *) value, (char *) "");
}

/* Graphviz prints its errors on stderr unless told otherwise; keep them for
 * a GError instead. Only called with the lock held.
 */
static GString *graphviz_errors;

static int
collect_error_cb (char *message)
{
  if (graphviz_errors == NULL)
    graphviz_errors = g_string_new (NULL);
  g_string_append (graphviz_errors, message);
  return 0;
}

GVC_t *
_sw_erd_graphviz_acquire (void)
{
  G_LOCK (graphviz);

  if (graphviz_errors != NULL)
    g_string_truncate (graphviz_errors, 0);
  agseterrf (collect_error_cb);

  /* The context loads its plugins once, and lives as long as the process. */
  if (graphviz_context == NULL)
    graphviz_context = gvContext ();
  return graphviz_context;
}

/* What Graphviz said since the lock was taken, or NULL. */
char *
_sw_erd_graphviz_dup_errors (void)
{
  if (graphviz_errors == NULL || graphviz_errors->len == 0)
    return NULL;
  return g_strstrip (g_strdup (graphviz_errors->str));
}

void
_sw_erd_graphviz_release (void)
{
  G_UNLOCK (graphviz);
}

/* Model */

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  const TableInfo *ia = *(const TableInfo * const *) a;
  const TableInfo *ib = *(const TableInfo * const *) b;

  return strcmp (ia->name, ib->name);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  SwForeignKey *ka = *(SwForeignKey * const *) a;
  SwForeignKey *kb = *(SwForeignKey * const *) b;
  int cmp = strcmp (sw_foreign_key_get_table (ka), sw_foreign_key_get_table (kb));

  return cmp != 0 ? cmp : strcmp (sw_foreign_key_get_name (ka), sw_foreign_key_get_name (kb));
}

/* Union-find over the table infos, for colocation groups. */
static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
unite (guint *parent,
       guint  a,
       guint  b)
{
  guint ra = find_root (parent, a);
  guint rb = find_root (parent, b);

  /* The lower index wins, so the group is named after its first table. */
  if (ra < rb)
    parent[rb] = ra;
  else if (rb < ra)
    parent[ra] = rb;
}

/* The colocation groups the plan asks for, for display only: explicit
 * colocate_with links join tables; a distributed table left to Citus's
 * default joins the others of the same distribution column type and shard
 * count; a distributed schema is one group. The validator, not this, says
 * whether a plan's colocation is valid.
 */
static void
assign_groups (Model  *model,
               SwPlan *plan)
{
  guint n = model->infos->len;
  g_autofree guint *parent = g_new (guint, n);
  g_autoptr(GHashTable) default_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) schema_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree int *root_group = g_new (int, n);

  for (guint i = 0; i < n; i++)
    {
      parent[i] = i;
      root_group[i] = -1;
    }

  for (guint i = 0; i < n; i++)
    {
      TableInfo *info = g_ptr_array_index (model->infos, i);
      const SwPlanTable *entry = plan != NULL ? sw_plan_lookup_table (plan, info->name) : NULL;
      const char *schema_name = sw_table_get_schema_name (info->table);

      if (info->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        {
          gpointer first;

          if (g_hash_table_lookup_extended (schema_keys, schema_name, NULL, &first))
            unite (parent, GPOINTER_TO_UINT (first), i);
          else
            g_hash_table_insert (schema_keys, (gpointer) schema_name, GUINT_TO_POINTER (i));
          continue;
        }

      if (entry == NULL ||
          (info->kind != SW_ERD_NODE_DISTRIBUTED && info->kind != SW_ERD_NODE_SINGLE_SHARD))
        continue;

      if (entry->colocate_with != NULL && !g_str_equal (entry->colocate_with, "none") &&
          !g_str_equal (entry->colocate_with, "default"))
        {
          TableInfo *other = g_hash_table_lookup (model->by_name, entry->colocate_with);
          guint j;

          if (other == NULL || other->kind != info->kind)
            continue;
          for (j = 0; j < n && g_ptr_array_index (model->infos, j) != other; j++)
            ;
          /* The table colocated with leads the group and names it. */
          if (j < n && find_root (parent, i) != find_root (parent, j))
            parent[find_root (parent, i)] = find_root (parent, j);
        }
      else if (entry->colocate_with == NULL || g_str_equal (entry->colocate_with, "default"))
        {
          SwColumn *column = info->dist_column != NULL
                             ? sw_table_find_column (info->table, info->dist_column) : NULL;
          g_autofree char *key = NULL;
          gpointer first;

          if (info->kind != SW_ERD_NODE_DISTRIBUTED || column == NULL)
            continue;
          key = g_strdup_printf ("%s\n%u", sw_column_get_type_name (column),
                                 entry->shard_count != 0 ? entry->shard_count
                                                         : sw_plan_get_shard_count (plan));
          if (g_hash_table_lookup_extended (default_keys, key, NULL, &first))
            unite (parent, GPOINTER_TO_UINT (first), i);
          else
            g_hash_table_insert (default_keys, g_steal_pointer (&key), GUINT_TO_POINTER (i));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      TableInfo *info = g_ptr_array_index (model->infos, i);
      guint root;
      SwErdCluster *cluster;

      if (info->kind != SW_ERD_NODE_DISTRIBUTED && info->kind != SW_ERD_NODE_SINGLE_SHARD &&
          info->kind != SW_ERD_NODE_DISTRIBUTED_SCHEMA)
        continue;

      root = find_root (parent, i);
      if (root_group[root] < 0)
        {
          TableInfo *root_info = g_ptr_array_index (model->infos, root);

          cluster = g_new0 (SwErdCluster, 1);
          cluster->kind = info->kind;
          cluster->label = g_strdup (info->kind == SW_ERD_NODE_DISTRIBUTED_SCHEMA
                                     ? sw_table_get_schema_name (root_info->table)
                                     : root_info->name);
          root_group[root] = model->groups->len;
          g_ptr_array_add (model->groups, cluster);
        }

      info->group = root_group[root];
      cluster = g_ptr_array_index (model->groups, info->group);
      cluster->n_tables++;
    }
}

static void
build_model (Model    *model,
             SwSchema *schema,
             SwPlan   *plan)
{
  GListModel *tables = sw_schema_list_tables (schema);
  guint n = g_list_model_get_n_items (tables);

  model->infos = g_ptr_array_new_with_free_func (g_free);
  model->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  model->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_free);
  model->keys = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      TableInfo *info;
      const SwPlanTable *entry;

      /* A partition follows its parent in Citus and in the picture. */
      if (sw_table_get_partition_parent (table) != NULL)
        continue;

      info = g_new0 (TableInfo, 1);
      info->table = table;     /* the schema keeps it alive */
      info->name = sw_table_get_qualified_name (table);
      info->group = -1;
      info->kind = SW_ERD_NODE_LOCAL;

      entry = plan != NULL ? sw_plan_lookup_table (plan, info->name) : NULL;
      if (plan != NULL && sw_plan_is_schema_distributed (plan, sw_table_get_schema_name (table)))
        info->kind = SW_ERD_NODE_DISTRIBUTED_SCHEMA;
      else if (entry != NULL)
        {
          switch (entry->kind)
            {
            case SW_PLAN_KIND_REFERENCE:
              info->kind = SW_ERD_NODE_REFERENCE;
              break;
            case SW_PLAN_KIND_DISTRIBUTED:
              info->kind = SW_ERD_NODE_DISTRIBUTED;
              info->dist_column = entry->column;
              break;
            case SW_PLAN_KIND_SINGLE_SHARD:
              info->kind = SW_ERD_NODE_SINGLE_SHARD;
              break;
            case SW_PLAN_KIND_LOCAL:
            default:
              info->kind = SW_ERD_NODE_LOCAL;
              break;
            }
        }

      g_ptr_array_add (model->infos, info);
      g_hash_table_insert (model->by_name, (gpointer) info->name, info);
    }

  g_ptr_array_sort (model->infos, compare_infos);

  for (guint i = 0; i < model->infos->len; i++)
    {
      TableInfo *info = g_ptr_array_index (model->infos, i);
      GPtrArray *fks = sw_table_get_foreign_keys (info->table);

      for (guint j = 0; fks != NULL && j < fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, j);

          if (g_hash_table_contains (model->by_name, sw_foreign_key_get_ref_table (fk)))
            g_ptr_array_add (model->keys, fk);
        }
    }
  g_ptr_array_sort (model->keys, compare_keys);

  assign_groups (model, plan);
}

/* Sizes */

static void
measure_node (const SwErdLayoutOptions *options,
              SwTable                  *table,
              double                   *width,
              double                   *height)
{
  GPtrArray *columns = sw_table_get_columns (table);
  guint n_columns = columns != NULL ? columns->len : 0;
  guint rows = MIN (n_columns, options->max_rows);
  /* The title is bold: about a sixth wider than plain text. */
  glong chars = (g_utf8_strlen (sw_table_get_qualified_name (table), -1) * 7) / 6 + 3;

  if (n_columns > rows)
    rows++;

  for (guint i = 0; i < n_columns && i < options->max_rows; i++)
    {
      SwColumn *column = g_ptr_array_index (columns, i);
      const char *type = sw_column_get_type_name (column);
      /* Name, a gap, the type, and room for the key markers. */
      glong len = g_utf8_strlen (sw_column_get_name (column), -1) +
                  (type != NULL ? g_utf8_strlen (type, -1) : 0) + 8;

      chars = MAX (chars, len);
    }

  *width = CLAMP (options->padding + options->char_width * chars,
                  options->min_width, options->max_width);
  *width = ceil (*width);
  *height = ceil (options->header_height + rows * options->row_height + options->row_height / 2);
}

/* Geometry helpers */

static void
clip_to_box (const SwErdNode *node,
             double           tx,
             double           ty,
             double          *x,
             double          *y)
{
  double cx = node->x + node->width / 2;
  double cy = node->y + node->height / 2;
  double dx = tx - cx;
  double dy = ty - cy;
  double sx, sy, s;

  if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
    {
      *x = cx;
      *y = node->y;
      return;
    }

  sx = fabs (dx) > 1e-9 ? (node->width / 2) / fabs (dx) : G_MAXDOUBLE;
  sy = fabs (dy) > 1e-9 ? (node->height / 2) / fabs (dy) : G_MAXDOUBLE;
  s = MIN (sx, sy);
  *x = cx + dx * s;
  *y = cy + dy * s;
}

/* A plain curve between two boxes, for moved tables and the grid mode. */
static void
route_straight (SwErdEdge       *edge,
                const SwErdNode *from,
                const SwErdNode *to)
{
  double x0, y0, x1, y1;

  g_array_set_size (edge->points, 0);

  if (from == to)
    {
      /* A self-reference: a loop off the right side. */
      double rx = from->x + from->width;
      double ty = from->y + MIN (24.0, from->height / 3);
      double by = from->y + MIN (48.0, from->height * 2 / 3);
      double loop[] = { rx, ty, rx + 40, ty - 10, rx + 40, by + 10, rx, by };

      g_array_append_vals (edge->points, loop, G_N_ELEMENTS (loop));
      edge->arrow_x = rx;
      edge->arrow_y = by;
      return;
    }

  clip_to_box (from, to->x + to->width / 2, to->y + to->height / 2, &x0, &y0);
  clip_to_box (to, from->x + from->width / 2, from->y + from->height / 2, &x1, &y1);

  {
    double pts[] = { x0, y0,
                     x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3,
                     x0 + 2 * (x1 - x0) / 3, y0 + 2 * (y1 - y0) / 3,
                     x1, y1 };

    g_array_append_vals (edge->points, pts, G_N_ELEMENTS (pts));
  }
  edge->arrow_x = x1;
  edge->arrow_y = y1;
}

static void
extend (double *bounds,
        double  x,
        double  y,
        double  width,
        double  height)
{
  double x1 = MAX (bounds[0] + bounds[2], x + width);
  double y1 = MAX (bounds[1] + bounds[3], y + height);

  bounds[0] = MIN (bounds[0], x);
  bounds[1] = MIN (bounds[1], y);
  bounds[2] = x1 - bounds[0];
  bounds[3] = y1 - bounds[1];
}

/* Frames, band and bounds follow the boxes, so they stay right after a move. */
static void
update_frames (SwErdLayout *self)
{
  double *cb = g_new0 (double, 4 * MAX (self->clusters->len, 1));
  gboolean have_bounds = FALSE;

  for (guint i = 0; i < self->clusters->len; i++)
    {
      cb[4 * i] = G_MAXDOUBLE;
      cb[4 * i + 1] = G_MAXDOUBLE;
      cb[4 * i + 2] = -G_MAXDOUBLE;
      cb[4 * i + 3] = -G_MAXDOUBLE;
    }

  self->has_band = FALSE;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (self->nodes, i);

      if (node->group >= 0)
        {
          double *b = &cb[4 * node->group];

          b[0] = MIN (b[0], node->x);
          b[1] = MIN (b[1], node->y);
          b[2] = MAX (b[2], node->x + node->width);
          b[3] = MAX (b[3], node->y + node->height);
        }

      if (!have_bounds)
        {
          self->bounds[0] = node->x;
          self->bounds[1] = node->y;
          self->bounds[2] = node->width;
          self->bounds[3] = node->height;
          have_bounds = TRUE;
        }
      else
        extend (self->bounds, node->x, node->y, node->width, node->height);

      if (node->kind == SW_ERD_NODE_REFERENCE)
        {
          if (!self->has_band)
            {
              self->band[0] = node->x;
              self->band[1] = node->y;
              self->band[2] = node->width;
              self->band[3] = node->height;
              self->has_band = TRUE;
            }
          else
            extend (self->band, node->x, node->y, node->width, node->height);
        }
    }

  for (guint i = 0; i < self->clusters->len; i++)
    {
      SwErdCluster *cluster = g_ptr_array_index (self->clusters, i);
      double *b = &cb[4 * i];

      if (b[0] > b[2])
        continue;
      cluster->x = b[0] - CLUSTER_MARGIN;
      cluster->y = b[1] - CLUSTER_MARGIN - CLUSTER_LABEL;
      cluster->width = b[2] - b[0] + 2 * CLUSTER_MARGIN;
      cluster->height = b[3] - b[1] + 2 * CLUSTER_MARGIN + CLUSTER_LABEL;
      extend (self->bounds, cluster->x, cluster->y, cluster->width, cluster->height);
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);

      for (guint j = 0; j + 1 < edge->points->len; j += 2)
        extend (self->bounds,
                g_array_index (edge->points, double, j),
                g_array_index (edge->points, double, j + 1), 0, 0);
    }

  if (self->has_band)
    {
      /* The band runs across the whole picture, behind the reference tables. */
      self->band[0] = self->bounds[0] - BAND_MARGIN;
      self->band[1] -= BAND_MARGIN + CLUSTER_LABEL;
      self->band[2] = self->bounds[2] + 2 * BAND_MARGIN;
      self->band[3] += 2 * BAND_MARGIN + CLUSTER_LABEL;
      extend (self->bounds, self->band[0], self->band[1], self->band[2], self->band[3]);
    }

  /* A margin all round. */
  self->bounds[0] -= BAND_MARGIN;
  self->bounds[1] -= BAND_MARGIN;
  self->bounds[2] += 2 * BAND_MARGIN;
  self->bounds[3] += 2 * BAND_MARGIN;

  g_free (cb);
}

/* Layout.
 *
 * One `dot` run over the whole schema gives a picture as wide as the schema
 * has FK chains (130,000 points at 1,000 tables), and `dot` clusters cost
 * tens of seconds at that size. So the picture is built in three steps:
 * tables joined by foreign keys inside one block (the reference band, one
 * colocation group, or the local tables) form a unit that `dot` lays out on
 * its own; the units of a block are packed in shelves; the blocks are packed
 * the same way, the band first. A table referenced by many others of its
 * block (a hub) is a unit of its own, or every chain would hang off it in one
 * row. Edges between units are drawn straight.
 */

#define HUB_IN_DEGREE 10

typedef struct
{
  GArray *members;   /* node indexes, in name order */
  GArray *edges;     /* edge indexes dot routed */
  int     block;
  double  width;
  double  height;
  double  x;         /* where the unit goes in its block */
  double  y;
} Unit;

static void
unit_free (Unit *unit)
{
  g_clear_pointer (&unit->members, g_array_unref);
  g_clear_pointer (&unit->edges, g_array_unref);
  g_free (unit);
}

/* Lays a unit's tables out in rows of about sqrt(n) tables, without edges. */
static void
grid_unit (SwErdLayout *self,
           Unit        *unit)
{
  guint n = unit->members->len;
  guint per_row = MAX (1, (guint) ceil (sqrt ((double) n)));
  double x = 0, y = 0, row_height = 0;

  unit->width = 0;
  for (guint i = 0; i < n; i++)
    {
      SwErdNode *node = g_ptr_array_index (self->nodes, g_array_index (unit->members, guint, i));

      if (i > 0 && i % per_row == 0)
        {
          x = 0;
          y += row_height + GRID_GAP;
          row_height = 0;
        }
      node->x = x;
      node->y = y;
      x += node->width + GRID_GAP;
      row_height = MAX (row_height, node->height);
      unit->width = MAX (unit->width, x - GRID_GAP);
    }
  unit->height = y + row_height;
  g_array_set_size (unit->edges, 0);
}

static gboolean
dot_unit (SwErdLayout  *self,
          Unit         *unit,
          GError      **error)
{
  g_autofree Agnode_t **agnodes = g_new0 (Agnode_t *, unit->members->len);
  g_autofree Agedge_t **agedges = g_new0 (Agedge_t *, MAX (unit->edges->len, 1));
  g_autoptr(GHashTable) local = g_hash_table_new (NULL, NULL);
  Agraph_t *graph;
  GVC_t *gvc;
  double left, top;

  gvc = _sw_erd_graphviz_acquire ();
  graph = agopen ((char *) "erd", Agdirected, NULL);
  set_attr (graph, "rankdir", "TB");
  set_attr (graph, "nodesep", "0.5");
  set_attr (graph, "ranksep", "0.8");
  set_attr (graph, "splines", "spline");
  agattr (graph, AGNODE, (char *) "shape", (char *) "box");
  agattr (graph, AGNODE, (char *) "fixedsize", (char *) "true");
  agattr (graph, AGNODE, (char *) "label", (char *) "");
  agattr (graph, AGNODE, (char *) "width", (char *) "1");
  agattr (graph, AGNODE, (char *) "height", (char *) "1");
  agattr (graph, AGEDGE, (char *) "dir", (char *) "back");

  for (guint i = 0; i < unit->members->len; i++)
    {
      guint index = g_array_index (unit->members, guint, i);
      SwErdNode *node = g_ptr_array_index (self->nodes, index);
      g_autofree char *name = g_strdup_printf ("n%u", i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* Table names can be anything; the graph only needs plain ids. */
      agnodes[i] = agnode (graph, name, TRUE);
      agxset (agnodes[i], agattr (graph, AGNODE, (char *) "width", NULL),
              g_ascii_dtostr (number, sizeof number, node->width / SW_POINTS_PER_INCH));
      agxset (agnodes[i], agattr (graph, AGNODE, (char *) "height", NULL),
              g_ascii_dtostr (number, sizeof number, node->height / SW_POINTS_PER_INCH));
      g_hash_table_insert (local, GUINT_TO_POINTER (index + 1), GUINT_TO_POINTER (i));
    }

  for (guint i = 0; i < unit->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, g_array_index (unit->edges, guint, i));
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (local, GUINT_TO_POINTER (
                     sw_erd_layout_get_node_index (self, edge->table) + 1)));
      guint to = GPOINTER_TO_UINT (g_hash_table_lookup (local, GUINT_TO_POINTER (
                   sw_erd_layout_get_node_index (self, edge->ref_table) + 1)));
      g_autofree char *name = g_strdup_printf ("e%u", i);

      /* The referenced table goes above: the edge runs down to the
       * referencing one, and dir=back keeps the meaning.
       */
      agedges[i] = agedge (graph, agnodes[to], agnodes[from], name, TRUE);
    }

  if (gvLayout (gvc, graph, "dot") != 0)
    {
      agclose (graph);
      _sw_erd_graphviz_release ();
      g_set_error (error, SW_ERD_ERROR, SW_ERD_ERROR_LAYOUT,
                   _("Graphviz could not lay out the diagram"));
      return FALSE;
    }

  /* Graphviz puts y upwards; flip it, and put the unit's corner at 0, 0. */
  left = GD_bb (graph).LL.x;
  top = GD_bb (graph).UR.y;
  unit->width = GD_bb (graph).UR.x - left;
  unit->height = top - GD_bb (graph).LL.y;

  for (guint i = 0; i < unit->members->len; i++)
    {
      SwErdNode *node = g_ptr_array_index (self->nodes, g_array_index (unit->members, guint, i));
      pointf c = ND_coord (agnodes[i]);

      node->x = round (c.x - left - node->width / 2);
      node->y = round (top - c.y - node->height / 2);
    }

  for (guint i = 0; i < unit->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, g_array_index (unit->edges, guint, i));
      splines *spl = ED_spl (agedges[i]);
      bezier *bz;

      if (spl == NULL || spl->size < 1)
        continue;

      /* Graphviz's points go from the referenced table to the referencing
       * one; keep them the other way, arrow at the referenced end.
       */
      bz = &spl->list[0];
      g_array_set_size (edge->points, 0);
      for (int j = bz->size - 1; j >= 0; j--)
        {
          double xy[2] = { bz->list[j].x - left, top - bz->list[j].y };

          g_array_append_vals (edge->points, xy, 2);
        }
      edge->arrow_x = (bz->sflag ? bz->sp.x : bz->list[0].x) - left;
      edge->arrow_y = top - (bz->sflag ? bz->sp.y : bz->list[0].y);
    }

  gvFreeLayout (gvc, graph);
  agclose (graph);
  _sw_erd_graphviz_release ();

  return TRUE;
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const Unit *ua = *(const Unit * const *) a;
  const Unit *ub = *(const Unit * const *) b;

  if (ua->block != ub->block)
    return ua->block - ub->block;
  /* Taller units first make tidier shelves; then name order, for stability. */
  if (ua->height != ub->height)
    return ua->height > ub->height ? -1 : 1;
  return (int) g_array_index (ua->members, guint, 0) - (int) g_array_index (ub->members, guint, 0);
}

/* Packs boxes of the given sizes into shelves about as wide as the result is
 * tall (wider when `wide`), writing each box's corner into xs, ys.
 */
static void
pack_shelves (const double *widths,
              const double *heights,
              guint         n,
              double        gap,
              double        aspect,
              double       *xs,
              double       *ys,
              double       *out_width,
              double       *out_height)
{
  double area = 0, widest = 0, shelf_width, x = 0, y = 0, shelf_height = 0;

  *out_width = 0;
  for (guint i = 0; i < n; i++)
    {
      area += (widths[i] + gap) * (heights[i] + gap);
      widest = MAX (widest, widths[i]);
    }
  shelf_width = MAX (sqrt (area * aspect), widest);

  for (guint i = 0; i < n; i++)
    {
      if (x > 0 && x + widths[i] > shelf_width)
        {
          x = 0;
          y += shelf_height + gap;
          shelf_height = 0;
        }
      xs[i] = x;
      ys[i] = y;
      x += widths[i] + gap;
      shelf_height = MAX (shelf_height, heights[i]);
      *out_width = MAX (*out_width, x - gap);
    }
  *out_height = y + shelf_height;
}

static gboolean
run_layout (SwErdLayout  *self,
            GError      **error)
{
  guint n_nodes = self->nodes->len;
  guint n_groups = self->clusters->len;
  guint n_blocks = n_groups + 2;
  guint local_block = n_blocks - 1;
  g_autofree guint *parent = g_new (guint, MAX (n_nodes, 1));
  g_autofree guint *in_degree = g_new0 (guint, MAX (n_nodes, 1));
  g_autofree int *block_of = g_new (int, MAX (n_nodes, 1));
  g_autofree int *unit_of_root = g_new (int, MAX (n_nodes, 1));
  g_autofree gboolean *routed = g_new0 (gboolean, MAX (self->edges->len, 1));
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);
  g_autofree double *block_w = g_new0 (double, n_blocks);
  g_autofree double *block_h = g_new0 (double, n_blocks);
  g_autofree double *block_x = g_new0 (double, n_blocks);
  g_autofree double *block_y = g_new0 (double, n_blocks);
  double band_height = 0, below = 0;

  for (guint i = 0; i < n_nodes; i++)
    {
      SwErdNode *node = g_ptr_array_index (self->nodes, i);

      parent[i] = i;
      unit_of_root[i] = -1;
      if (node->kind == SW_ERD_NODE_REFERENCE)
        block_of[i] = 0;
      else if (node->group >= 0)
        block_of[i] = node->group + 1;
      else
        block_of[i] = local_block;
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);
      int from = sw_erd_layout_get_node_index (self, edge->table);
      int to = sw_erd_layout_get_node_index (self, edge->ref_table);

      if (from != to && block_of[from] == block_of[to])
        in_degree[to]++;
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);
      int from = sw_erd_layout_get_node_index (self, edge->table);
      int to = sw_erd_layout_get_node_index (self, edge->ref_table);

      if (from != to && block_of[from] == block_of[to] && in_degree[to] <= HUB_IN_DEGREE &&
          self->mode == SW_ERD_LAYOUT_DOT)
        unite (parent, from, to);
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      guint root = find_root (parent, i);
      Unit *unit;

      if (unit_of_root[root] < 0)
        {
          unit = g_new0 (Unit, 1);
          unit->members = g_array_new (FALSE, FALSE, sizeof (guint));
          unit->edges = g_array_new (FALSE, FALSE, sizeof (guint));
          unit->block = block_of[i];
          unit_of_root[root] = units->len;
          g_ptr_array_add (units, unit);
        }
      unit = g_ptr_array_index (units, unit_of_root[root]);
      g_array_append_val (unit->members, i);
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);
      int from = sw_erd_layout_get_node_index (self, edge->table);
      int to = sw_erd_layout_get_node_index (self, edge->ref_table);
      guint root = find_root (parent, from);

      /* Self-references are drawn as loops; dot would too, but the same
       * loop everywhere reads better.
       */
      if (from != to && root == find_root (parent, to))
        g_array_append_val (((Unit *) g_ptr_array_index (units, unit_of_root[root]))->edges, i);
    }

  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = g_ptr_array_index (units, i);

      if (unit->members->len == 1)
        {
          SwErdNode *node = g_ptr_array_index (self->nodes, g_array_index (unit->members, guint, 0));

          node->x = node->y = 0;
          unit->width = node->width;
          unit->height = node->height;
        }
      else if (self->mode == SW_ERD_LAYOUT_GRID ||
               unit->members->len > self->options.dot_limit)
        grid_unit (self, unit);
      else if (!dot_unit (self, unit, error))
        return FALSE;

      for (guint j = 0; j < unit->edges->len; j++)
        routed[g_array_index (unit->edges, guint, j)] = TRUE;
    }

  g_ptr_array_sort (units, compare_units);

  /* Units into blocks. */
  for (guint b = 0, first = 0; b < n_blocks; b++)
    {
      guint n = 0;
      g_autofree double *w = NULL, *h = NULL, *xs = NULL, *ys = NULL;

      while (first + n < units->len &&
             ((Unit *) g_ptr_array_index (units, first + n))->block == (int) b)
        n++;
      if (n == 0)
        continue;

      w = g_new (double, n);
      h = g_new (double, n);
      xs = g_new (double, n);
      ys = g_new (double, n);
      for (guint i = 0; i < n; i++)
        {
          Unit *unit = g_ptr_array_index (units, first + i);

          w[i] = unit->width;
          h[i] = unit->height;
        }

      /* The band is one wide row or a few; the others are squarish. */
      pack_shelves (w, h, n, GRID_GAP, b == 0 ? 8.0 : 1.6, xs, ys, &block_w[b], &block_h[b]);
      for (guint i = 0; i < n; i++)
        {
          Unit *unit = g_ptr_array_index (units, first + i);

          unit->x = xs[i];
          unit->y = ys[i];
        }
      first += n;
    }

  /* Blocks into the picture: the band on top, then groups and local tables,
   * each group with room for its frame.
   */
  if (block_w[0] > 0)
    band_height = block_h[0] + 2 * GRID_GAP + CLUSTER_LABEL;
  {
    guint n = 0;
    g_autofree double *w = g_new (double, n_blocks);
    g_autofree double *h = g_new (double, n_blocks);
    g_autofree double *xs = g_new (double, n_blocks);
    g_autofree double *ys = g_new (double, n_blocks);
    g_autofree guint *which = g_new (guint, n_blocks);
    double total_w, total_h;

    for (guint b = 1; b < n_blocks; b++)
      {
        double frame = b < local_block ? 2 * CLUSTER_MARGIN : 0;

        if (block_w[b] <= 0)
          continue;
        w[n] = block_w[b] + frame;
        h[n] = block_h[b] + frame + (b < local_block ? CLUSTER_LABEL : 0);
        which[n++] = b;
      }
    pack_shelves (w, h, n, 2 * GRID_GAP, 1.6, xs, ys, &total_w, &total_h);
    for (guint i = 0; i < n; i++)
      {
        guint b = which[i];
        double frame = b < local_block ? CLUSTER_MARGIN : 0;

        block_x[b] = xs[i] + frame;
        block_y[b] = band_height + ys[i] + frame + (b < local_block ? CLUSTER_LABEL : 0);
      }
    below = total_h;
  }
  (void) below;

  for (guint i = 0; i < units->len; i++)
    {
      Unit *unit = g_ptr_array_index (units, i);
      double dx = block_x[unit->block] + unit->x;
      double dy = block_y[unit->block] + unit->y;

      for (guint j = 0; j < unit->members->len; j++)
        {
          SwErdNode *node = g_ptr_array_index (self->nodes, g_array_index (unit->members, guint, j));

          node->x += dx;
          node->y += dy;
        }

      for (guint j = 0; j < unit->edges->len; j++)
        {
          SwErdEdge *edge = g_ptr_array_index (self->edges, g_array_index (unit->edges, guint, j));

          for (guint k = 0; k + 1 < edge->points->len; k += 2)
            {
              g_array_index (edge->points, double, k) += dx;
              g_array_index (edge->points, double, k + 1) += dy;
            }
          edge->arrow_x += dx;
          edge->arrow_y += dy;
        }
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);

      if (!routed[i] || edge->points->len == 0)
        route_straight (edge,
                        sw_erd_layout_lookup_node (self, edge->table),
                        sw_erd_layout_lookup_node (self, edge->ref_table));
    }

  return TRUE;
}

/* Building */

static SwErdLayout *
compute (SwSchema                 *schema,
         SwPlan                   *plan,
         const SwErdLayoutOptions *options,
         GCancellable             *cancellable,
         GError                  **error)
{
  g_autoptr(SwErdLayout) self = g_object_new (SW_TYPE_ERD_LAYOUT, NULL);
  g_auto(Model) model = { 0 };

  self->options = *options;
  build_model (&model, schema, plan);

  /* AUTO is dot; a unit bigger than dot_limit is gridded whatever the mode. */
  self->mode = options->mode == SW_ERD_LAYOUT_GRID ? SW_ERD_LAYOUT_GRID : SW_ERD_LAYOUT_DOT;

  for (guint i = 0; i < model.infos->len; i++)
    {
      TableInfo *info = g_ptr_array_index (model.infos, i);
      SwErdNode *node = g_new0 (SwErdNode, 1);

      node->table = g_strdup (info->name);
      node->kind = info->kind;
      node->group = info->group;
      measure_node (options, info->table, &node->width, &node->height);
      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->node_index, node->table, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < model.keys->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (model.keys, i);
      SwErdEdge *edge = g_new0 (SwErdEdge, 1);

      edge->name = g_strdup (sw_foreign_key_get_name (fk));
      edge->table = g_strdup (sw_foreign_key_get_table (fk));
      edge->ref_table = g_strdup (sw_foreign_key_get_ref_table (fk));
      edge->points = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (self->edges, edge);
    }

  for (guint i = 0; i < model.groups->len; i++)
    {
      SwErdCluster *group = g_ptr_array_index (model.groups, i);
      SwErdCluster *cluster = g_new0 (SwErdCluster, 1);

      cluster->label = g_strdup (group->label);
      cluster->kind = group->kind;
      cluster->n_tables = group->n_tables;
      g_ptr_array_add (self->clusters, cluster);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!run_layout (self, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Where the user put a table wins over where the layout put it. */
  if (plan != NULL)
    {
      for (guint i = 0; i < self->nodes->len; i++)
        {
          SwErdNode *node = g_ptr_array_index (self->nodes, i);
          double x, y;

          if (sw_plan_get_position (plan, node->table, &x, &y))
            {
              node->x = x;
              node->y = y;
              node->pinned = TRUE;
            }
        }

      for (guint i = 0; i < self->edges->len; i++)
        {
          SwErdEdge *edge = g_ptr_array_index (self->edges, i);
          SwErdNode *from = sw_erd_layout_lookup_node (self, edge->table);
          SwErdNode *to = sw_erd_layout_lookup_node (self, edge->ref_table);

          if (from->pinned || to->pinned || edge->points->len == 0)
            route_straight (edge, from, to);
        }
    }

  update_frames (self);

  return g_steal_pointer (&self);
}

typedef struct
{
  SwSchema           *schema;
  SwPlan             *plan;
  SwErdLayoutOptions  options;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_clear_object (&data->schema);
  g_clear_object (&data->plan);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  GError *error = NULL;
  SwErdLayout *layout = compute (data->schema, data->plan, &data->options, cancellable, &error);

  if (layout == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, layout, g_object_unref);
}

/* GObject */

static void
sw_erd_layout_finalize (GObject *object)
{
  SwErdLayout *self = SW_ERD_LAYOUT (object);

  g_clear_pointer (&self->node_index, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_erd_layout_parent_class)->finalize (object);
}

static void
sw_erd_layout_class_init (SwErdLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_erd_layout_finalize;
}

static void
sw_erd_layout_init (SwErdLayout *self)
{
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->node_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  self->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_free);
}

/* Public API */

/**
 * sw_erd_layout_options_init:
 * @options: options to fill
 *
 * Fills @options with sizes that suit an 11-point sans-serif font.
 */
void
sw_erd_layout_options_init (SwErdLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  options->mode = SW_ERD_LAYOUT_AUTO;
  options->char_width = 7.5;
  options->row_height = 22;
  options->header_height = 34;
  options->padding = 28;
  options->min_width = 160;
  options->max_width = 340;
  options->max_rows = 12;
  /* dot is superlinear in one connected group; bench/bench-erd-layout
   * lays out 1,000 tables in 15 ms because the groups are small.
   */
  options->dot_limit = 300;
}

/**
 * sw_erd_layout_compute:
 * @schema: the schema to draw
 * @plan: (nullable): the plan whose kinds, groups and positions apply
 * @options: (nullable): card sizes and the mode, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lays the ERD out, in the calling thread. Partitions are left out: they
 * follow their parent.
 *
 * Returns: (transfer full): the layout, or %NULL with @error set
 */
SwErdLayout *
sw_erd_layout_compute (SwSchema                 *schema,
                       SwPlan                   *plan,
                       const SwErdLayoutOptions *options,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  SwErdLayoutOptions defaults;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (plan == NULL || SW_IS_PLAN (plan), NULL);

  if (options == NULL)
    {
      sw_erd_layout_options_init (&defaults);
      options = &defaults;
    }

  return compute (schema, plan, options, cancellable, error);
}

/**
 * sw_erd_layout_compute_async:
 * @schema: the schema to draw
 * @plan: (nullable): the plan; it is copied, so it may change meanwhile
 * @options: (nullable): card sizes and mode
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the layout is ready
 * @user_data: data for @callback
 *
 * Lays the ERD out in a worker thread.
 */
void
sw_erd_layout_compute_async (SwSchema                 *schema,
                             SwPlan                   *plan,
                             const SwErdLayoutOptions *options,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (SW_IS_SCHEMA (schema));
  g_return_if_fail (plan == NULL || SW_IS_PLAN (plan));

  data = g_new0 (ComputeData, 1);
  data->schema = g_object_ref (schema);
  /* The UI keeps editing its plan; the worker reads a snapshot. */
  data->plan = plan != NULL ? sw_plan_copy (plan) : NULL;
  if (options != NULL)
    data->options = *options;
  else
    sw_erd_layout_options_init (&data->options);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_erd_layout_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * sw_erd_layout_compute_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the layout, or %NULL with @error set
 */
SwErdLayout *
sw_erd_layout_compute_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_erd_layout_compute_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_erd_layout_get_mode:
 * @self: a #SwErdLayout
 *
 * Returns: the mode that ran: %SW_ERD_LAYOUT_DOT or %SW_ERD_LAYOUT_GRID
 */
SwErdLayoutMode
sw_erd_layout_get_mode (SwErdLayout *self)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), SW_ERD_LAYOUT_DOT);

  return self->mode;
}

/**
 * sw_erd_layout_get_bounds:
 * @self: a #SwErdLayout
 * @x: (out): left edge of everything drawn
 * @y: (out): top edge
 * @width: (out): width
 * @height: (out): height
 */
void
sw_erd_layout_get_bounds (SwErdLayout *self,
                          double      *x,
                          double      *y,
                          double      *width,
                          double      *height)
{
  g_return_if_fail (SW_IS_ERD_LAYOUT (self));

  *x = self->bounds[0];
  *y = self->bounds[1];
  *width = self->bounds[2];
  *height = self->bounds[3];
}

/**
 * sw_erd_layout_get_nodes:
 * @self: a #SwErdLayout
 *
 * Returns: (transfer none) (element-type SwErdNode): the tables, sorted by name
 */
GPtrArray *
sw_erd_layout_get_nodes (SwErdLayout *self)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), NULL);

  return self->nodes;
}

/**
 * sw_erd_layout_get_edges:
 * @self: a #SwErdLayout
 *
 * Returns: (transfer none) (element-type SwErdEdge): the foreign keys
 */
GPtrArray *
sw_erd_layout_get_edges (SwErdLayout *self)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), NULL);

  return self->edges;
}

/**
 * sw_erd_layout_get_clusters:
 * @self: a #SwErdLayout
 *
 * Returns: (transfer none) (element-type SwErdCluster): the colocation groups,
 *   indexed by #SwErdNode.group
 */
GPtrArray *
sw_erd_layout_get_clusters (SwErdLayout *self)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), NULL);

  return self->clusters;
}

/**
 * sw_erd_layout_get_reference_band:
 * @self: a #SwErdLayout
 * @x: (out) (optional): left edge
 * @y: (out) (optional): top edge
 * @width: (out) (optional): width
 * @height: (out) (optional): height
 *
 * Returns: %TRUE when the plan has reference tables, and so a band
 */
gboolean
sw_erd_layout_get_reference_band (SwErdLayout *self,
                                  double      *x,
                                  double      *y,
                                  double      *width,
                                  double      *height)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), FALSE);

  if (x != NULL)
    *x = self->band[0];
  if (y != NULL)
    *y = self->band[1];
  if (width != NULL)
    *width = self->band[2];
  if (height != NULL)
    *height = self->band[3];

  return self->has_band;
}

/**
 * sw_erd_layout_get_node_index:
 * @self: a #SwErdLayout
 * @table: a qualified table name
 *
 * Returns: the index of @table's node, or -1
 */
int
sw_erd_layout_get_node_index (SwErdLayout *self,
                              const char  *table)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), -1);

  if (table == NULL)
    return -1;

  return GPOINTER_TO_INT (g_hash_table_lookup (self->node_index, table)) - 1;
}

/**
 * sw_erd_layout_lookup_node:
 * @self: a #SwErdLayout
 * @table: a qualified table name
 *
 * Returns: (transfer none) (nullable): @table's box, or %NULL
 */
SwErdNode *
sw_erd_layout_lookup_node (SwErdLayout *self,
                           const char  *table)
{
  int index = sw_erd_layout_get_node_index (self, table);

  return index >= 0 ? g_ptr_array_index (self->nodes, index) : NULL;
}

/**
 * sw_erd_layout_move_node:
 * @self: a #SwErdLayout
 * @table: a qualified table name
 * @x: the new left edge
 * @y: the new top edge
 *
 * Moves a box as the user dragged it: its edges are routed again, simply,
 * and frames, band and bounds follow. The plan keeps positions; this keeps
 * the picture in step without running the layout again.
 */
void
sw_erd_layout_move_node (SwErdLayout *self,
                         const char  *table,
                         double       x,
                         double       y)
{
  SwErdNode *node;

  g_return_if_fail (SW_IS_ERD_LAYOUT (self));

  if ((node = sw_erd_layout_lookup_node (self, table)) == NULL)
    return;

  node->x = x;
  node->y = y;
  node->pinned = TRUE;

  for (guint i = 0; i < self->edges->len; i++)
    {
      SwErdEdge *edge = g_ptr_array_index (self->edges, i);

      if (g_str_equal (edge->table, table) || g_str_equal (edge->ref_table, table))
        route_straight (edge,
                        sw_erd_layout_lookup_node (self, edge->table),
                        sw_erd_layout_lookup_node (self, edge->ref_table));
    }

  update_frames (self);
}

/**
 * sw_erd_layout_get_options:
 * @self: a #SwErdLayout
 *
 * Returns: (transfer none): the options it was computed with
 */
const SwErdLayoutOptions *
sw_erd_layout_get_options (SwErdLayout *self)
{
  g_return_val_if_fail (SW_IS_ERD_LAYOUT (self), NULL);

  return &self->options;
}

/**
 * sw_erd_edge_key:
 * @table: the referencing table
 * @name: the foreign key's name
 *
 * Returns: (transfer full): the key that names one FK edge in the sets of
 *   broken edges sw_erd_render_to_file() and the UI take
 */
char *
sw_erd_edge_key (const char *table,
                 const char *name)
{
  return g_strconcat (table, "\n", name, NULL);
}
