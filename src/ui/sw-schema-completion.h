/* sw-schema-completion.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "sw-engine.h"

G_BEGIN_DECLS

#define SW_TYPE_SCHEMA_COMPLETION (sw_schema_completion_get_type ())

G_DECLARE_FINAL_TYPE (SwSchemaCompletion, sw_schema_completion, SW, SCHEMA_COMPLETION, GObject)

SwSchemaCompletion *sw_schema_completion_new        (void) G_GNUC_WARN_UNUSED_RESULT;
void                sw_schema_completion_set_schema (SwSchemaCompletion *self,
                                                     SwSchema           *schema);
GListModel         *sw_schema_completion_complete   (SwSchemaCompletion *self,
                                                     const char         *qualifier,
                                                     const char         *word) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
