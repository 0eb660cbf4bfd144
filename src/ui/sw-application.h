/* sw-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The settings schema keeps the base id so that the .Devel build shares it. */
#define SW_SETTINGS_SCHEMA_ID "app.shardwise.Shardwise"

#define SW_TYPE_APPLICATION (sw_application_get_type ())

G_DECLARE_FINAL_TYPE (SwApplication, sw_application, SW, APPLICATION, AdwApplication)

SwApplication *sw_application_new          (const char        *application_id,
                                            GApplicationFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
GSettings     *sw_application_get_settings (SwApplication     *self);

G_END_DECLS
