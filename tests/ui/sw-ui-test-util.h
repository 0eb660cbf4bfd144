/* sw-ui-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

typedef gboolean (*SwUiTestPredicate) (gpointer user_data);

void       sw_ui_test_init         (int               *argc,
                                    char            ***argv);
void       sw_ui_test_wait         (SwUiTestPredicate  predicate,
                                    gpointer           user_data,
                                    guint              timeout_seconds);
void       sw_ui_test_settle       (void);
GtkWidget *sw_ui_test_find         (GtkWidget         *root,
                                    GType              type);
GtkWidget *sw_ui_test_find_label   (GtkWidget         *root,
                                    const char        *substring);
GtkWindow *sw_ui_test_window       (GtkWidget         *child,
                                    int                width,
                                    int                height);
char      *sw_ui_test_screenshot   (GtkWidget         *widget,
                                    const char        *name);
SwSchema  *sw_ui_test_woodgrove    (void);
SwPlan    *sw_ui_test_woodgrove_plan (void);

G_END_DECLS
