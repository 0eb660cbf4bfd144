/* sw-balance-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SW_TYPE_BALANCE_CHART (sw_balance_chart_get_type ())

G_DECLARE_FINAL_TYPE (SwBalanceChart, sw_balance_chart, SW, BALANCE_CHART, GtkWidget)

GtkWidget *sw_balance_chart_new          (void);
void       sw_balance_chart_set_values   (SwBalanceChart *self,
                                          const double   *values,
                                          guint           n_values);
void       sw_balance_chart_set_predicted (SwBalanceChart *self,
                                           gboolean        predicted);
gboolean   sw_balance_chart_get_predicted (SwBalanceChart *self);
guint      sw_balance_chart_get_n_values (SwBalanceChart *self);
double     sw_balance_chart_get_mean     (SwBalanceChart *self);
double     sw_balance_chart_get_max      (SwBalanceChart *self);
double     sw_balance_chart_get_skew     (SwBalanceChart *self);

G_END_DECLS
