/* sw-schema.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_SCHEMA (sw_schema_get_type ())

G_DECLARE_FINAL_TYPE (SwSchema, sw_schema, SW, SCHEMA, GObject)

const char         *sw_schema_get_source             (SwSchema   *self);
const char         *sw_schema_get_database_name      (SwSchema   *self);
int                 sw_schema_get_server_version_num (SwSchema   *self);
const char         *sw_schema_get_citus_version      (SwSchema   *self);
gboolean            sw_schema_is_live                (SwSchema   *self);
GListModel         *sw_schema_list_tables            (SwSchema   *self);
guint               sw_schema_get_n_tables           (SwSchema   *self);
SwTable            *sw_schema_lookup_table           (SwSchema   *self,
                                                      const char *schema_name,
                                                      const char *name);
SwTable            *sw_schema_find_table             (SwSchema   *self,
                                                      const char *qualified_name);
const char * const *sw_schema_get_namespaces         (SwSchema   *self);
const char * const *sw_schema_get_distributed_schemas (SwSchema  *self);
GPtrArray          *sw_schema_get_sequences          (SwSchema   *self);
GPtrArray          *sw_schema_get_views              (SwSchema   *self);
GPtrArray          *sw_schema_get_user_types         (SwSchema   *self);
GPtrArray          *sw_schema_get_functions          (SwSchema   *self);
GPtrArray          *sw_schema_get_notes              (SwSchema   *self);
GPtrArray          *sw_schema_list_referencing_keys  (SwSchema   *self,
                                                      SwTable    *table);
SwSequence         *sw_schema_find_sequence          (SwSchema   *self,
                                                      const char *qualified_name);
SwUserType         *sw_schema_find_user_type         (SwSchema   *self,
                                                      const char *qualified_name);

G_END_DECLS
