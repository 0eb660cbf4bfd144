/* sw-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SwSchema      SwSchema;
typedef struct _SwTable       SwTable;
typedef struct _SwColumn      SwColumn;
typedef struct _SwConstraint  SwConstraint;
typedef struct _SwForeignKey  SwForeignKey;
typedef struct _SwIndex       SwIndex;
typedef struct _SwTrigger     SwTrigger;
typedef struct _SwSequence    SwSequence;
typedef struct _SwView        SwView;
typedef struct _SwPolicy      SwPolicy;
typedef struct _SwUserType    SwUserType;
typedef struct _SwFunction    SwFunction;

/**
 * SwRelKind:
 *
 * What kind of relation a #SwTable is (pg_class.relkind for the kinds the model keeps).
 */
typedef enum
{
  SW_REL_KIND_TABLE,
  SW_REL_KIND_PARTITIONED_TABLE,
  SW_REL_KIND_FOREIGN_TABLE,
} SwRelKind;

typedef enum
{
  SW_PERSISTENCE_PERMANENT,
  SW_PERSISTENCE_UNLOGGED,
  SW_PERSISTENCE_TEMPORARY,
} SwPersistence;

typedef enum
{
  SW_PARTITION_NONE,
  SW_PARTITION_RANGE,
  SW_PARTITION_LIST,
  SW_PARTITION_HASH,
} SwPartitionStrategy;

typedef enum
{
  SW_REPLICA_IDENTITY_DEFAULT,
  SW_REPLICA_IDENTITY_NOTHING,
  SW_REPLICA_IDENTITY_FULL,
  SW_REPLICA_IDENTITY_INDEX,
} SwReplicaIdentity;

typedef enum
{
  SW_IDENTITY_NONE,
  SW_IDENTITY_ALWAYS,
  SW_IDENTITY_BY_DEFAULT,
} SwIdentityKind;

/**
 * SwTypeKind:
 *
 * The pg_type.typtype of a column's type, with arrays told apart.
 */
typedef enum
{
  SW_TYPE_KIND_BASE,
  SW_TYPE_KIND_ARRAY,
  SW_TYPE_KIND_ENUM,
  SW_TYPE_KIND_DOMAIN,
  SW_TYPE_KIND_COMPOSITE,
  SW_TYPE_KIND_RANGE,
  SW_TYPE_KIND_MULTIRANGE,
  SW_TYPE_KIND_PSEUDO,
} SwTypeKind;

typedef enum
{
  SW_CONSTRAINT_PRIMARY_KEY,
  SW_CONSTRAINT_UNIQUE,
  SW_CONSTRAINT_CHECK,
  SW_CONSTRAINT_EXCLUDE,
} SwConstraintKind;

typedef enum
{
  SW_FK_ACTION_NO_ACTION,
  SW_FK_ACTION_RESTRICT,
  SW_FK_ACTION_CASCADE,
  SW_FK_ACTION_SET_NULL,
  SW_FK_ACTION_SET_DEFAULT,
} SwFkAction;

typedef enum
{
  SW_FK_MATCH_SIMPLE,
  SW_FK_MATCH_FULL,
  SW_FK_MATCH_PARTIAL,
} SwFkMatch;

typedef enum
{
  SW_TRIGGER_BEFORE,
  SW_TRIGGER_AFTER,
  SW_TRIGGER_INSTEAD_OF,
} SwTriggerTiming;

typedef enum
{
  SW_TRIGGER_EVENT_INSERT   = 1 << 0,
  SW_TRIGGER_EVENT_UPDATE   = 1 << 1,
  SW_TRIGGER_EVENT_DELETE   = 1 << 2,
  SW_TRIGGER_EVENT_TRUNCATE = 1 << 3,
} SwTriggerEvents;

typedef enum
{
  SW_POLICY_ALL,
  SW_POLICY_SELECT,
  SW_POLICY_INSERT,
  SW_POLICY_UPDATE,
  SW_POLICY_DELETE,
} SwPolicyCommand;

typedef enum
{
  SW_USER_TYPE_ENUM,
  SW_USER_TYPE_DOMAIN,
  SW_USER_TYPE_COMPOSITE,
  SW_USER_TYPE_RANGE,
} SwUserTypeKind;

/**
 * SwCitusKind:
 *
 * How Citus already holds a table, when the database is a Citus coordinator
 * (pg_dist_partition). %SW_CITUS_KIND_NONE means a plain PostgreSQL table.
 */
typedef enum
{
  SW_CITUS_KIND_NONE,
  SW_CITUS_KIND_LOCAL,
  SW_CITUS_KIND_REFERENCE,
  SW_CITUS_KIND_DISTRIBUTED,
  SW_CITUS_KIND_SINGLE_SHARD,
  SW_CITUS_KIND_SCHEMA,
} SwCitusKind;

const char *sw_rel_kind_to_string            (SwRelKind           kind);
const char *sw_persistence_to_string         (SwPersistence       persistence);
const char *sw_partition_strategy_to_string  (SwPartitionStrategy strategy);
const char *sw_replica_identity_to_string    (SwReplicaIdentity   identity);
const char *sw_identity_kind_to_string       (SwIdentityKind      kind);
const char *sw_type_kind_to_string           (SwTypeKind          kind);
const char *sw_constraint_kind_to_string     (SwConstraintKind    kind);
const char *sw_fk_action_to_string           (SwFkAction          action);
const char *sw_fk_action_to_sql              (SwFkAction          action);
const char *sw_fk_match_to_string            (SwFkMatch           match);
const char *sw_trigger_timing_to_string      (SwTriggerTiming     timing);
const char *sw_policy_command_to_string      (SwPolicyCommand     command);
const char *sw_user_type_kind_to_string      (SwUserTypeKind      kind);
const char *sw_citus_kind_to_string          (SwCitusKind         kind);
char       *sw_trigger_events_to_string      (guint               events);
SwFkAction  sw_fk_action_from_code           (char                code);
SwFkMatch   sw_fk_match_from_code            (char                code);

G_END_DECLS
