/* sw-schema-private.h
 *
 * The model's structures, shared by the readers that fill them. Code outside
 * the engine uses the public getters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"

G_BEGIN_DECLS

struct _SwSchema
{
  GObject parent_instance;

  char *source;
  char *database_name;
  int server_version_num;
  char *citus_version;

  /* Owned */
  GListStore *tables;
  GHashTable *tables_by_name;       /* qualified name → SwTable (borrowed) */
  GHashTable *referencing;          /* SwTable → GPtrArray of SwForeignKey (borrowed) */
  GPtrArray *namespaces;            /* char *, NULL-terminated */
  GPtrArray *distributed_schemas;   /* char *, NULL-terminated */
  GPtrArray *sequences;
  GPtrArray *views;
  GPtrArray *user_types;
  GPtrArray *functions;
  GPtrArray *notes;                 /* SwSourceNote */

  /* Built on first use, dropped when tables come or go (see
   * _sw_schema_build_lookups()): answers that would otherwise scan every
   * table, per table (quadratic at 10,000 tables).
   */
  GHashTable *inherited;            /* qualified name of a table some table INHERITS → itself (borrowed) */
  GHashTable *partitions;           /* parent's qualified name → GPtrArray of SwTable (borrowed), in table order */
  GHashTable *tables_by_namespace;  /* schema name → GPtrArray of SwTable (borrowed), in table order */
};

struct _SwTable
{
  GObject parent_instance;

  guint32 oid;
  char *schema_name;
  char *name;
  char *qualified_name;
  SwRelKind rel_kind;
  SwPersistence persistence;
  char *access_method;
  char *comment;

  /* Owned, sorted by _sw_schema_finish() */
  GPtrArray *columns;
  GPtrArray *constraints;
  GPtrArray *foreign_keys;
  GPtrArray *indexes;
  GPtrArray *triggers;
  GPtrArray *policies;

  gboolean rls_enabled;
  gboolean rls_forced;

  SwPartitionStrategy partition_strategy;
  char *partition_key;
  char **partition_columns;
  char *partition_parent;
  char *partition_bound;
  char **inherits;

  SwReplicaIdentity replica_identity;
  char *replica_identity_index;

  /* Live only: -1 when unknown */
  gint64 estimated_rows;
  gint64 total_bytes;

  /* Live only: when the database is already a Citus coordinator */
  SwCitusKind citus_kind;
  char *citus_distribution_column;
  gint citus_colocation_id;
  gint citus_shard_count;
};

struct _SwColumn
{
  GObject parent_instance;
  gint attnum;
  char *name;
  char *type_name;
  char *type_schema;
  char *type_internal;
  SwTypeKind type_kind;
  gint typmod;
  char *collation;
  gboolean not_null;
  char *default_expr;
  SwIdentityKind identity;
  char *generated_expr;
  char *comment;
  gboolean has_stats;
  double null_frac;
  double n_distinct;
  gint avg_width;
  char **most_common_values;
  GArray *most_common_freqs;
};

struct _SwConstraint
{
  GObject parent_instance;
  char *name;
  SwConstraintKind kind;
  char **columns;
  char **include_columns;
  char *expression;
  char **exclude_operators;
  char *access_method;
  char *predicate;
  gboolean deferrable;
  gboolean initially_deferred;
  gboolean not_valid;
  gboolean no_inherit;
  gboolean nulls_not_distinct;
  char *definition;
};

struct _SwForeignKey
{
  GObject parent_instance;
  char *name;
  char *table;
  char **columns;
  char *ref_table;
  char **ref_columns;
  SwFkAction on_delete;
  SwFkAction on_update;
  char **on_delete_set_columns;
  SwFkMatch match;
  gboolean deferrable;
  gboolean initially_deferred;
  gboolean not_valid;
};

struct _SwIndex
{
  GObject parent_instance;
  char *name;
  gboolean unique;
  char *access_method;
  char **keys;
  GArray *key_is_expression;
  char **include_columns;
  char *predicate;
  gboolean nulls_not_distinct;
  char *definition;
};

struct _SwTrigger
{
  GObject parent_instance;
  char *name;
  SwTriggerTiming timing;
  guint events;
  gboolean for_each_row;
  char *function;
  char **arguments;
  char **update_columns;
  char *when_expr;
  gboolean is_constraint;
  gboolean enabled;
};

struct _SwSequence
{
  GObject parent_instance;
  char *schema_name;
  char *name;
  char *qualified_name;
  char *data_type;
  gint64 start;
  gint64 increment;
  gint64 min_value;
  gint64 max_value;
  gint64 cache;
  gboolean cycle;
  char *owned_by_table;
  char *owned_by_column;
  gboolean identity;
};

struct _SwView
{
  GObject parent_instance;
  char *schema_name;
  char *name;
  char *qualified_name;
  gboolean materialized;
  char *definition;
  char **depends_on;
};

struct _SwPolicy
{
  GObject parent_instance;
  char *name;
  SwPolicyCommand command;
  gboolean permissive;
  char **roles;
  char *using_expr;
  char *check_expr;
};

struct _SwUserType
{
  GObject parent_instance;
  char *schema_name;
  char *name;
  char *qualified_name;
  SwUserTypeKind kind;
  char **labels;
  char *base_type;
  gboolean not_null;
  char *default_expr;
  char **checks;
  char *collation;
};

struct _SwFunction
{
  GObject parent_instance;
  char *schema_name;
  char *name;
  char *qualified_name;
  char *arguments;
  char *returns;
  char *language;
  char *definition;
};

SwSchema     *_sw_schema_new            (const char *source);
void          _sw_schema_add_namespace  (SwSchema   *self,
                                         const char *name);
gboolean      _sw_schema_add_table      (SwSchema   *self,
                                         SwTable    *table);
void          _sw_schema_remove_table   (SwSchema   *self,
                                         SwTable    *table);
void          _sw_schema_finish         (SwSchema   *self);
gboolean      _sw_schema_is_inherited   (SwSchema   *self,
                                         const char *qualified_name);
GPtrArray    *_sw_schema_get_partitions (SwSchema   *self,
                                         const char *parent);
GPtrArray    *_sw_schema_get_tables_in  (SwSchema   *self,
                                         const char *schema_name);
SwTable      *_sw_table_new             (const char *schema_name,
                                         const char *name);
SwColumn     *_sw_column_new            (void);
SwConstraint *_sw_constraint_new        (void);
SwForeignKey *_sw_foreign_key_new       (void);
SwIndex      *_sw_index_new             (void);
SwTrigger    *_sw_trigger_new           (void);
SwSequence   *_sw_sequence_new          (void);
SwView       *_sw_view_new              (void);
SwPolicy     *_sw_policy_new            (void);
SwUserType   *_sw_user_type_new         (void);
SwFunction   *_sw_function_new          (void);

G_END_DECLS
