/* sw-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-types.h"

/* These strings are the model's stable JSON vocabulary (inspect --format json),
 * not user-facing prose, so they are not translated.
 */

const char *
sw_rel_kind_to_string (SwRelKind kind)
{
  switch (kind)
    {
    case SW_REL_KIND_TABLE: return "table";
    case SW_REL_KIND_PARTITIONED_TABLE: return "partitioned_table";
    case SW_REL_KIND_FOREIGN_TABLE: return "foreign_table";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_persistence_to_string (SwPersistence persistence)
{
  switch (persistence)
    {
    case SW_PERSISTENCE_PERMANENT: return "permanent";
    case SW_PERSISTENCE_UNLOGGED: return "unlogged";
    case SW_PERSISTENCE_TEMPORARY: return "temporary";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_partition_strategy_to_string (SwPartitionStrategy strategy)
{
  switch (strategy)
    {
    case SW_PARTITION_NONE: return "none";
    case SW_PARTITION_RANGE: return "range";
    case SW_PARTITION_LIST: return "list";
    case SW_PARTITION_HASH: return "hash";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_replica_identity_to_string (SwReplicaIdentity identity)
{
  switch (identity)
    {
    case SW_REPLICA_IDENTITY_DEFAULT: return "default";
    case SW_REPLICA_IDENTITY_NOTHING: return "nothing";
    case SW_REPLICA_IDENTITY_FULL: return "full";
    case SW_REPLICA_IDENTITY_INDEX: return "index";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_identity_kind_to_string (SwIdentityKind kind)
{
  switch (kind)
    {
    case SW_IDENTITY_NONE: return "none";
    case SW_IDENTITY_ALWAYS: return "always";
    case SW_IDENTITY_BY_DEFAULT: return "by_default";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_type_kind_to_string (SwTypeKind kind)
{
  switch (kind)
    {
    case SW_TYPE_KIND_BASE: return "base";
    case SW_TYPE_KIND_ARRAY: return "array";
    case SW_TYPE_KIND_ENUM: return "enum";
    case SW_TYPE_KIND_DOMAIN: return "domain";
    case SW_TYPE_KIND_COMPOSITE: return "composite";
    case SW_TYPE_KIND_RANGE: return "range";
    case SW_TYPE_KIND_MULTIRANGE: return "multirange";
    case SW_TYPE_KIND_PSEUDO: return "pseudo";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_constraint_kind_to_string (SwConstraintKind kind)
{
  switch (kind)
    {
    case SW_CONSTRAINT_PRIMARY_KEY: return "primary_key";
    case SW_CONSTRAINT_UNIQUE: return "unique";
    case SW_CONSTRAINT_CHECK: return "check";
    case SW_CONSTRAINT_EXCLUDE: return "exclude";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_fk_action_to_string (SwFkAction action)
{
  switch (action)
    {
    case SW_FK_ACTION_NO_ACTION: return "no_action";
    case SW_FK_ACTION_RESTRICT: return "restrict";
    case SW_FK_ACTION_CASCADE: return "cascade";
    case SW_FK_ACTION_SET_NULL: return "set_null";
    case SW_FK_ACTION_SET_DEFAULT: return "set_default";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_fk_action_to_sql (SwFkAction action)
{
  switch (action)
    {
    case SW_FK_ACTION_NO_ACTION: return "NO ACTION";
    case SW_FK_ACTION_RESTRICT: return "RESTRICT";
    case SW_FK_ACTION_CASCADE: return "CASCADE";
    case SW_FK_ACTION_SET_NULL: return "SET NULL";
    case SW_FK_ACTION_SET_DEFAULT: return "SET DEFAULT";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_fk_match_to_string (SwFkMatch match)
{
  switch (match)
    {
    case SW_FK_MATCH_SIMPLE: return "simple";
    case SW_FK_MATCH_FULL: return "full";
    case SW_FK_MATCH_PARTIAL: return "partial";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_trigger_timing_to_string (SwTriggerTiming timing)
{
  switch (timing)
    {
    case SW_TRIGGER_BEFORE: return "before";
    case SW_TRIGGER_AFTER: return "after";
    case SW_TRIGGER_INSTEAD_OF: return "instead_of";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_policy_command_to_string (SwPolicyCommand command)
{
  switch (command)
    {
    case SW_POLICY_ALL: return "all";
    case SW_POLICY_SELECT: return "select";
    case SW_POLICY_INSERT: return "insert";
    case SW_POLICY_UPDATE: return "update";
    case SW_POLICY_DELETE: return "delete";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_user_type_kind_to_string (SwUserTypeKind kind)
{
  switch (kind)
    {
    case SW_USER_TYPE_ENUM: return "enum";
    case SW_USER_TYPE_DOMAIN: return "domain";
    case SW_USER_TYPE_COMPOSITE: return "composite";
    case SW_USER_TYPE_RANGE: return "range";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sw_citus_kind_to_string (SwCitusKind kind)
{
  switch (kind)
    {
    case SW_CITUS_KIND_NONE: return "none";
    case SW_CITUS_KIND_LOCAL: return "citus_local";
    case SW_CITUS_KIND_REFERENCE: return "reference";
    case SW_CITUS_KIND_DISTRIBUTED: return "distributed";
    case SW_CITUS_KIND_SINGLE_SHARD: return "single_shard";
    case SW_CITUS_KIND_SCHEMA: return "schema";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * sw_trigger_events_to_string:
 * @events: a mask of #SwTriggerEvents
 *
 * Returns: (transfer full): the events as in CREATE TRIGGER, e.g. "INSERT OR UPDATE".
 */
char *
sw_trigger_events_to_string (guint events)
{
  static const struct { guint bit; const char *name; } names[] = {
    { SW_TRIGGER_EVENT_INSERT, "INSERT" },
    { SW_TRIGGER_EVENT_UPDATE, "UPDATE" },
    { SW_TRIGGER_EVENT_DELETE, "DELETE" },
    { SW_TRIGGER_EVENT_TRUNCATE, "TRUNCATE" },
  };
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((events & names[i].bit) == 0)
        continue;
      if (str->len > 0)
        g_string_append (str, " OR ");
      g_string_append (str, names[i].name);
    }

  return g_string_free (str, FALSE);
}

/**
 * sw_fk_action_from_code:
 * @code: pg_constraint.confupdtype/confdeltype, as the catalog and the parser
 *   both spell it ('a', 'r', 'c', 'n', 'd')
 *
 * Returns: the action
 */
SwFkAction
sw_fk_action_from_code (char code)
{
  switch (code)
    {
    case 'r': return SW_FK_ACTION_RESTRICT;
    case 'c': return SW_FK_ACTION_CASCADE;
    case 'n': return SW_FK_ACTION_SET_NULL;
    case 'd': return SW_FK_ACTION_SET_DEFAULT;
    default: return SW_FK_ACTION_NO_ACTION;
    }
}

/**
 * sw_fk_match_from_code:
 * @code: pg_constraint.confmatchtype ('s', 'f', 'p')
 *
 * Returns: the match type
 */
SwFkMatch
sw_fk_match_from_code (char code)
{
  switch (code)
    {
    case 'f': return SW_FK_MATCH_FULL;
    case 'p': return SW_FK_MATCH_PARTIAL;
    default: return SW_FK_MATCH_SIMPLE;
    }
}
