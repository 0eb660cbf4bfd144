/* sw-schema-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "sw-types.h"

G_BEGIN_DECLS

/**
 * SwSchemaJsonFlags:
 * @SW_SCHEMA_JSON_DEFAULT: the complete model
 * @SW_SCHEMA_JSON_STRUCTURE_ONLY: leave out what only a live database knows (oids,
 *   sizes, statistics, Citus metadata, server version) and display-only text, and
 *   write expressions in their normalized form, so two readers can be compared
 */
typedef enum
{
  SW_SCHEMA_JSON_DEFAULT        = 0,
  SW_SCHEMA_JSON_STRUCTURE_ONLY = 1 << 0,
} SwSchemaJsonFlags;

JsonNode  *sw_schema_to_json        (SwSchema          *self,
                                     SwSchemaJsonFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
char      *sw_schema_to_json_string (SwSchema          *self,
                                     SwSchemaJsonFlags  flags,
                                     gboolean           pretty) G_GNUC_WARN_UNUSED_RESULT;
gboolean   sw_schema_write_json     (SwSchema          *self,
                                     SwSchemaJsonFlags  flags,
                                     gboolean           pretty,
                                     GOutputStream     *stream,
                                     GCancellable      *cancellable,
                                     GError           **error);
GPtrArray *sw_schema_diff           (SwSchema          *a,
                                     SwSchema          *b) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
