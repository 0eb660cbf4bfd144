/* sw-routing-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include <gtksourceview/gtksource.h>

#include "sw-cluster-map.h"
#include "sw-balance-chart.h"
#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_ROUTING_PAGE (sw_routing_page_get_type ())

G_DECLARE_FINAL_TYPE (SwRoutingPage, sw_routing_page, SW, ROUTING_PAGE, AdwBin)

GtkWidget      *sw_routing_page_new                  (void);
void            sw_routing_page_set_schema           (SwRoutingPage *self,
                                                      SwSchema      *schema);
void            sw_routing_page_set_plan             (SwRoutingPage *self,
                                                      SwPlan        *plan);
void            sw_routing_page_set_alternative_plan (SwRoutingPage *self,
                                                      SwPlan        *plan);
void            sw_routing_page_set_connection       (SwRoutingPage *self,
                                                      const char    *conninfo);
void            sw_routing_page_set_password         (SwRoutingPage *self,
                                                      const char    *password);
const char * const *sw_routing_page_get_highlighted_tables (SwRoutingPage *self);
const char * const *sw_routing_page_get_highlight_labels   (SwRoutingPage *self);
void            sw_routing_page_set_query            (SwRoutingPage *self,
                                                      const char    *sql);
void            sw_routing_page_route                (SwRoutingPage *self);
gboolean        sw_routing_page_is_busy              (SwRoutingPage *self);
const SwRoute  *sw_routing_page_get_predicted        (SwRoutingPage *self);
const SwRoute  *sw_routing_page_get_live             (SwRoutingPage *self);
GPtrArray      *sw_routing_page_get_differences      (SwRoutingPage *self);
const char     *sw_routing_page_get_error            (SwRoutingPage *self);
GListModel     *sw_routing_page_get_history          (SwRoutingPage *self);
GListModel     *sw_routing_page_get_results          (SwRoutingPage *self);
const SwRouteScore *sw_routing_page_get_score        (SwRoutingPage *self,
                                                      gboolean       alternative);
SwClusterMap   *sw_routing_page_get_cluster_map      (SwRoutingPage *self);
SwBalanceChart *sw_routing_page_get_balance_chart    (SwRoutingPage *self);
void            sw_routing_page_show_balance         (SwRoutingPage *self,
                                                      const char    *qualified_name);
GtkSourceCompletionProvider *sw_routing_page_get_completion (SwRoutingPage *self);
void            sw_routing_page_show                 (SwRoutingPage *self,
                                                      const char    *tab);

G_END_DECLS
