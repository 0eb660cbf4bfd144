/* sw-table.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_TABLE (sw_table_get_type ())

G_DECLARE_FINAL_TYPE (SwTable, sw_table, SW, TABLE, GObject)

guint32             sw_table_get_oid                      (SwTable     *self);
const char         *sw_table_get_schema_name              (SwTable     *self);
const char         *sw_table_get_name                     (SwTable     *self);
const char         *sw_table_get_qualified_name           (SwTable     *self);
SwRelKind           sw_table_get_rel_kind                 (SwTable     *self);
SwPersistence       sw_table_get_persistence              (SwTable     *self);
const char         *sw_table_get_access_method            (SwTable     *self);
const char         *sw_table_get_comment                  (SwTable     *self);
GPtrArray          *sw_table_get_columns                  (SwTable     *self);
SwColumn           *sw_table_find_column                  (SwTable     *self,
                                                           const char  *name);
GPtrArray          *sw_table_get_constraints              (SwTable     *self);
SwConstraint       *sw_table_get_primary_key              (SwTable     *self);
GPtrArray          *sw_table_get_foreign_keys             (SwTable     *self);
GPtrArray          *sw_table_get_indexes                  (SwTable     *self);
GPtrArray          *sw_table_get_triggers                 (SwTable     *self);
GPtrArray          *sw_table_get_policies                 (SwTable     *self);
gboolean            sw_table_get_rls_enabled              (SwTable     *self);
gboolean            sw_table_get_rls_forced               (SwTable     *self);
SwPartitionStrategy sw_table_get_partition_strategy       (SwTable     *self);
const char         *sw_table_get_partition_key            (SwTable     *self);
const char * const *sw_table_get_partition_columns        (SwTable     *self);
const char         *sw_table_get_partition_parent         (SwTable     *self);
const char         *sw_table_get_partition_bound          (SwTable     *self);
const char * const *sw_table_get_inherits                 (SwTable     *self);
SwReplicaIdentity   sw_table_get_replica_identity         (SwTable     *self);
const char         *sw_table_get_replica_identity_index   (SwTable     *self);
gint64              sw_table_get_estimated_rows           (SwTable     *self);
gint64              sw_table_get_total_bytes              (SwTable     *self);
SwCitusKind         sw_table_get_citus_kind               (SwTable     *self);
const char         *sw_table_get_citus_distribution_column (SwTable    *self);
gint                sw_table_get_citus_colocation_id      (SwTable     *self);
gint                sw_table_get_citus_shard_count        (SwTable     *self);

G_END_DECLS
