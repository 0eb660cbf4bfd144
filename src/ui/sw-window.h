/* sw-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-application.h"
#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_WINDOW (sw_window_get_type ())

G_DECLARE_FINAL_TYPE (SwWindow, sw_window, SW, WINDOW, AdwApplicationWindow)

SwWindow *sw_window_new          (SwApplication *application) G_GNUC_WARN_UNUSED_RESULT;
gboolean  sw_window_is_idle      (SwWindow      *self);
void      sw_window_open_file    (SwWindow      *self,
                                  GFile         *file);
void      sw_window_connect      (SwWindow      *self,
                                  const char    *conninfo,
                                  const char    *password);
void      sw_window_connect_full (SwWindow      *self,
                                  const char    *conninfo,
                                  const char    *password,
                                  gboolean       remember);
void      sw_window_open_plan    (SwWindow      *self,
                                  GFile         *file);
SwPlan   *sw_window_get_plan     (SwWindow      *self);

G_END_DECLS
