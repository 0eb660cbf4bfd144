/* sw-erd-layout.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"

G_BEGIN_DECLS

#define SW_ERD_ERROR (sw_erd_error_quark ())

typedef enum
{
  SW_ERD_ERROR_LAYOUT = 1,
  SW_ERD_ERROR_FORMAT,
  SW_ERD_ERROR_RENDER,
} SwErdError;

/**
 * SwErdLayoutMode:
 * @SW_ERD_LAYOUT_AUTO: the same as %SW_ERD_LAYOUT_DOT
 * @SW_ERD_LAYOUT_DOT: Graphviz `dot` lays out each group of tables joined by
 *   foreign keys (up to #SwErdLayoutOptions.dot_limit tables; a bigger one is
 *   gridded), and the groups are packed in shelves
 * @SW_ERD_LAYOUT_GRID: every table packed in shelves, edges drawn straight:
 *   no Graphviz at all
 */
typedef enum
{
  SW_ERD_LAYOUT_AUTO,
  SW_ERD_LAYOUT_DOT,
  SW_ERD_LAYOUT_GRID,
} SwErdLayoutMode;

/**
 * SwErdNodeKind:
 *
 * What a table's box stands for, from the plan: the colour it is drawn in.
 */
typedef enum
{
  SW_ERD_NODE_LOCAL,
  SW_ERD_NODE_REFERENCE,
  SW_ERD_NODE_DISTRIBUTED,
  SW_ERD_NODE_SINGLE_SHARD,
  SW_ERD_NODE_DISTRIBUTED_SCHEMA,
} SwErdNodeKind;

/**
 * SwErdLayoutOptions:
 * @mode: which layout to run
 * @char_width: the width of one character of a card's text, in points
 * @row_height: the height of one column row of a card
 * @header_height: the height of a card's title
 * @padding: the card's horizontal padding, both sides together
 * @min_width: the narrowest card
 * @max_width: the widest card
 * @max_rows: the most column rows a card shows; a last row then says how many
 *   more there are
 * @dot_limit: the most tables one `dot` run lays out; a bigger connected
 *   group is gridded
 *
 * How big cards are. The UI measures its font and fills these in, so the
 * boxes the engine places are the cards it draws.
 */
typedef struct
{
  SwErdLayoutMode mode;
  double          char_width;
  double          row_height;
  double          header_height;
  double          padding;
  double          min_width;
  double          max_width;
  guint           max_rows;
  guint           dot_limit;
} SwErdLayoutOptions;

/**
 * SwErdNode:
 * @table: the table, as the plan names it (sw_table_get_qualified_name())
 * @kind: its kind in the plan
 * @group: its colocation group (an index into the layout's clusters), or -1
 * @x: left edge, in points
 * @y: top edge, in points (y grows downwards)
 * @width: width
 * @height: height
 * @pinned: whether the position comes from the plan rather than the layout
 *
 * One table's box.
 */
typedef struct
{
  char          *table;
  SwErdNodeKind  kind;
  int            group;
  double         x;
  double         y;
  double         width;
  double         height;
  gboolean       pinned;
} SwErdNode;

/**
 * SwErdEdge:
 * @name: the foreign key's name
 * @table: the referencing table
 * @ref_table: the referenced table
 * @points: (element-type double): a cubic B-spline as x, y pairs: a start point
 *   followed by groups of three (two control points and an end point)
 * @arrow_x: where the arrow head touches the referenced table's box
 * @arrow_y: the same, y
 *
 * One foreign key.
 */
typedef struct
{
  char   *name;
  char   *table;
  char   *ref_table;
  GArray *points;
  double  arrow_x;
  double  arrow_y;
} SwErdEdge;

/**
 * SwErdCluster:
 * @label: what to call it: the first table of a colocation group, or the
 *   name of a distributed schema
 * @kind: %SW_ERD_NODE_DISTRIBUTED, %SW_ERD_NODE_SINGLE_SHARD or
 *   %SW_ERD_NODE_DISTRIBUTED_SCHEMA
 * @n_tables: how many tables it holds
 * @x: left edge
 * @y: top edge
 * @width: width
 * @height: height
 *
 * A colocation group, drawn as a frame around its tables.
 */
typedef struct
{
  char          *label;
  SwErdNodeKind  kind;
  guint          n_tables;
  double         x;
  double         y;
  double         width;
  double         height;
} SwErdCluster;

#define SW_TYPE_ERD_LAYOUT (sw_erd_layout_get_type ())

G_DECLARE_FINAL_TYPE (SwErdLayout, sw_erd_layout, SW, ERD_LAYOUT, GObject)

GQuark        sw_erd_error_quark              (void);

void          sw_erd_layout_options_init      (SwErdLayoutOptions  *options);

SwErdLayout  *sw_erd_layout_compute           (SwSchema            *schema,
                                               SwPlan              *plan,
                                               const SwErdLayoutOptions *options,
                                               GCancellable        *cancellable,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void          sw_erd_layout_compute_async     (SwSchema            *schema,
                                               SwPlan              *plan,
                                               const SwErdLayoutOptions *options,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
SwErdLayout  *sw_erd_layout_compute_finish    (GAsyncResult        *result,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;

SwErdLayoutMode sw_erd_layout_get_mode        (SwErdLayout         *self);
void          sw_erd_layout_get_bounds        (SwErdLayout         *self,
                                               double              *x,
                                               double              *y,
                                               double              *width,
                                               double              *height);
const SwErdLayoutOptions *sw_erd_layout_get_options (SwErdLayout   *self);
GPtrArray    *sw_erd_layout_get_nodes         (SwErdLayout         *self);
GPtrArray    *sw_erd_layout_get_edges         (SwErdLayout         *self);
GPtrArray    *sw_erd_layout_get_clusters      (SwErdLayout         *self);
gboolean      sw_erd_layout_get_reference_band (SwErdLayout        *self,
                                                double             *x,
                                                double             *y,
                                                double             *width,
                                                double             *height);
SwErdNode    *sw_erd_layout_lookup_node       (SwErdLayout         *self,
                                               const char          *table);
int           sw_erd_layout_get_node_index    (SwErdLayout         *self,
                                               const char          *table);
void          sw_erd_layout_move_node         (SwErdLayout         *self,
                                               const char          *table,
                                               double               x,
                                               double               y);
char         *sw_erd_edge_key                 (const char          *table,
                                               const char          *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
