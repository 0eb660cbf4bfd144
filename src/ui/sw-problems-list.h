/* sw-problems-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_PROBLEMS_LIST (sw_problems_list_get_type ())

G_DECLARE_FINAL_TYPE (SwProblemsList, sw_problems_list, SW, PROBLEMS_LIST, AdwBin)

GtkWidget    *sw_problems_list_new             (void);
void          sw_problems_list_set_diagnostics (SwProblemsList *self,
                                                GPtrArray      *diagnostics);
GListModel   *sw_problems_list_get_model       (SwProblemsList *self);
guint         sw_problems_list_get_n_problems  (SwProblemsList *self);
void          sw_problems_list_set_checking    (SwProblemsList *self,
                                                gboolean        checking);
gboolean      sw_problems_list_get_checking    (SwProblemsList *self);

G_END_DECLS
