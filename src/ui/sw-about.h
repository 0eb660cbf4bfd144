/* sw-about.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *summary;
  char *developer_name;
  char *homepage;
  char *bugtracker;
  char *translate;
  char *release_version;
  char *release_notes;
} SwAppInfo;

SwAppInfo *sw_app_info_load_from_metainfo (const char  *xml,
                                           gsize        length,
                                           GError     **error);
void       sw_app_info_free               (SwAppInfo   *info);
GtkWidget *sw_about_window_new            (GtkWindow   *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwAppInfo, sw_app_info_free)

G_END_DECLS
