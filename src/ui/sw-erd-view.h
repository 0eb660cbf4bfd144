/* sw-erd-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_ERD_VIEW (sw_erd_view_get_type ())

G_DECLARE_FINAL_TYPE (SwErdView, sw_erd_view, SW, ERD_VIEW, GtkWidget)

/* Where a drag of a table can end, besides another table or empty canvas. */
typedef enum
{
  SW_ERD_LANE_NONE = -1,
  SW_ERD_LANE_REFERENCE,
  SW_ERD_LANE_LOCAL,
} SwErdLane;

GtkWidget   *sw_erd_view_new                 (void);
void         sw_erd_view_get_layout_options  (SwErdView    *self,
                                              SwErdLayoutOptions *options);
void         sw_erd_view_set_model           (SwErdView    *self,
                                              SwSchema     *schema,
                                              SwPlan       *plan,
                                              SwErdLayout  *layout);
void         sw_erd_view_set_plan            (SwErdView    *self,
                                              SwPlan       *plan);
void         sw_erd_view_set_layout          (SwErdView    *self,
                                              SwErdLayout  *layout);
SwErdLayout *sw_erd_view_get_layout          (SwErdView    *self);
void         sw_erd_view_set_broken_edges    (SwErdView    *self,
                                              GHashTable   *broken_edges);
GHashTable  *sw_erd_view_get_broken_edges    (SwErdView    *self);
void         sw_erd_view_refresh_decisions   (SwErdView    *self);
void         sw_erd_view_set_highlighted_tables (SwErdView          *self,
                                                 const char * const *tables,
                                                 const char * const *labels);
guint        sw_erd_view_get_n_highlighted   (SwErdView    *self);
const char  *sw_erd_view_get_highlight_label (SwErdView    *self,
                                              const char   *table);

double       sw_erd_view_get_zoom            (SwErdView    *self);
void         sw_erd_view_set_zoom            (SwErdView    *self,
                                              double        zoom,
                                              double        anchor_x,
                                              double        anchor_y);
void         sw_erd_view_zoom_to_fit         (SwErdView    *self);
void         sw_erd_view_view_to_layout      (SwErdView    *self,
                                              double        x,
                                              double        y,
                                              double       *lx,
                                              double       *ly);
void         sw_erd_view_layout_to_view      (SwErdView    *self,
                                              double        lx,
                                              double        ly,
                                              double       *x,
                                              double       *y);

const char  *sw_erd_view_get_selected_table  (SwErdView    *self);
void         sw_erd_view_select_table        (SwErdView    *self,
                                              const char   *table,
                                              gboolean      scroll_to);
const char  *sw_erd_view_table_at            (SwErdView    *self,
                                              double        x,
                                              double        y);
SwErdLane    sw_erd_view_lane_at             (SwErdView    *self,
                                              double        x,
                                              double        y);
void         sw_erd_view_focus_neighbourhood (SwErdView    *self,
                                              const char   *table);
gboolean     sw_erd_view_get_focused         (SwErdView    *self);
guint        sw_erd_view_set_search          (SwErdView    *self,
                                              const char   *text);
const char  *sw_erd_view_next_match          (SwErdView    *self);

/* Drags as the gestures run them, for tests and accessibility. */
void         sw_erd_view_drag                (SwErdView    *self,
                                              double        from_x,
                                              double        from_y,
                                              double        to_x,
                                              double        to_y);

G_END_DECLS
