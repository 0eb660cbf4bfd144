/* sw-table-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_TABLE_CARD (sw_table_card_get_type ())

G_DECLARE_FINAL_TYPE (SwTableCard, sw_table_card, SW, TABLE_CARD, GtkWidget)

SwTableCard *sw_table_card_new              (SwTable       *table,
                                             const SwErdLayoutOptions *options);
SwTable     *sw_table_card_get_table        (SwTableCard   *self);
void         sw_table_card_set_decision     (SwTableCard   *self,
                                             SwErdNodeKind  kind,
                                             int            group,
                                             const char    *dist_column);
void         sw_table_card_set_selected     (SwTableCard   *self,
                                             gboolean       selected);
void         sw_table_card_set_dimmed       (SwTableCard   *self,
                                             gboolean       dimmed);
void         sw_table_card_set_drop_target  (SwTableCard   *self,
                                             gboolean       target);
const char  *sw_table_card_column_at        (SwTableCard   *self,
                                             double         y);
gboolean     sw_table_card_is_header        (SwTableCard   *self,
                                             double         y);

G_END_DECLS
