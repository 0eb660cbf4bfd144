/* sw-test-ui.h
 *
 * Helpers shared by the widget tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*SwTestCondition) (gpointer data);

void       sw_test_ui_wait           (SwTestCondition  condition,
                                      gpointer         data);
void       sw_test_ui_iterate        (guint            milliseconds);
GtkWidget *sw_test_ui_find_widget    (GtkWidget       *root,
                                      GType            type);
void       sw_test_ui_save_screenshot (GtkWidget      *widget,
                                       const char     *name);

G_END_DECLS
