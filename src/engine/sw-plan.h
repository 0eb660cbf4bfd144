/* sw-plan.h
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

/* The plan file format this engine reads and writes (design.md, "Plan file"). */
#define SW_PLAN_FORMAT_VERSION 1

/* Citus's own default for citus.shard_count. */
#define SW_PLAN_DEFAULT_SHARD_COUNT 32

#define SW_PLAN_ERROR (sw_plan_error_quark ())

typedef enum
{
  SW_PLAN_ERROR_PARSE = 1,
  SW_PLAN_ERROR_VERSION,
  SW_PLAN_ERROR_INVALID,
  SW_PLAN_ERROR_UNKNOWN_TABLE,
  SW_PLAN_ERROR_UNKNOWN_COLUMN,
  SW_PLAN_ERROR_UNKNOWN_SCHEMA,
} SwPlanError;

/**
 * SwPlanKind:
 * @SW_PLAN_KIND_LOCAL: the table stays a plain PostgreSQL table on the coordinator
 * @SW_PLAN_KIND_REFERENCE: create_reference_table(): one shard, copied to every node
 * @SW_PLAN_KIND_DISTRIBUTED: create_distributed_table() on a column
 * @SW_PLAN_KIND_SINGLE_SHARD: create_distributed_table() with a NULL column
 *
 * What the plan does with one table.
 */
typedef enum
{
  SW_PLAN_KIND_LOCAL,
  SW_PLAN_KIND_REFERENCE,
  SW_PLAN_KIND_DISTRIBUTED,
  SW_PLAN_KIND_SINGLE_SHARD,
} SwPlanKind;

const char *sw_plan_kind_to_string   (SwPlanKind  kind);
gboolean    sw_plan_kind_from_string (const char *string,
                                      SwPlanKind *kind);

typedef struct _SwPlanAlternative  SwPlanAlternative;
typedef struct _SwPlanSchemaChange SwPlanSchemaChange;

/**
 * SwPlanSchemaChange:
 * @sql: DDL to run before anything is distributed (the advisor's fixes:
 *   composite keys, a tenant column and its backfill, bigint keys)
 * @reason: (nullable): why, in plain words
 *
 * A change the plan needs in the schema itself. The plan file keeps them
 * under "schema_changes", in the order they must run.
 */
struct _SwPlanSchemaChange
{
  char *sql;
  char *reason;
};
typedef struct _SwPlanTable       SwPlanTable;

/**
 * SwPlanAlternative:
 *
 * A decision the advisor ranked below the chosen one, with its score.
 */
struct _SwPlanAlternative
{
  SwPlanKind  kind;
  char       *column;
  char       *colocate_with;
  double      score;
  char       *reason;
};

/**
 * SwPlanTable:
 * @table: the table, as `schema.name` (quoted where needed; sw_quote_qualified_name())
 * @kind: what happens to it
 * @column: (nullable): the distribution column, for %SW_PLAN_KIND_DISTRIBUTED
 * @colocate_with: (nullable): the table it is colocated with, `"none"` for a group of its
 *   own, or %NULL for Citus's default colocation
 * @shard_count: the shard count, or 0 for the plan's
 * @reason: (nullable): why, in plain words
 * @confidence: from 0 to 1, or a negative value when not known
 * @alternatives: (element-type SwPlanAlternative): ranked, best first
 *
 * The plan's decision for one table. Read it; change it through the #SwPlan setters.
 */
struct _SwPlanTable
{
  char       *table;
  SwPlanKind  kind;
  char       *column;
  char       *colocate_with;
  guint       shard_count;
  char       *reason;
  double      confidence;
  GPtrArray  *alternatives;
};

GType              sw_plan_table_get_type       (void) G_GNUC_CONST;
SwPlanTable       *sw_plan_table_copy           (const SwPlanTable *entry);
void               sw_plan_table_free           (SwPlanTable       *entry);
SwPlanAlternative *sw_plan_alternative_new      (SwPlanKind         kind,
                                                 const char        *column,
                                                 const char        *colocate_with,
                                                 double             score,
                                                 const char        *reason);
void               sw_plan_alternative_free     (SwPlanAlternative *alternative);

#define SW_TYPE_PLAN (sw_plan_get_type ())

G_DECLARE_FINAL_TYPE (SwPlan, sw_plan, SW, PLAN, GObject)

GQuark             sw_plan_error_quark          (void);

SwPlan            *sw_plan_new                  (void) G_GNUC_WARN_UNUSED_RESULT;
SwPlan            *sw_plan_copy                 (SwPlan            *self) G_GNUC_WARN_UNUSED_RESULT;
SwPlan            *sw_plan_new_from_data        (const char        *data,
                                                 gssize             length,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;
SwPlan            *sw_plan_new_from_file        (const char        *path,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;
char              *sw_plan_to_data              (SwPlan            *self,
                                                 gsize             *length) G_GNUC_WARN_UNUSED_RESULT;
gboolean           sw_plan_save_to_file         (SwPlan            *self,
                                                 const char        *path,
                                                 GError           **error);
gboolean           sw_plan_equal                (SwPlan            *a,
                                                 SwPlan            *b);
gboolean           sw_plan_check_names          (SwPlan            *self,
                                                 SwSchema          *schema,
                                                 GError           **error);

guint              sw_plan_get_shard_count      (SwPlan            *self);
void               sw_plan_set_shard_count      (SwPlan            *self,
                                                 guint              shard_count);

GPtrArray         *sw_plan_get_tables           (SwPlan            *self);
const SwPlanTable *sw_plan_lookup_table         (SwPlan            *self,
                                                 const char        *qualified_name);
SwPlanKind         sw_plan_get_table_kind       (SwPlan            *self,
                                                 const char        *qualified_name);
void               sw_plan_set_local            (SwPlan            *self,
                                                 const char        *qualified_name);
void               sw_plan_set_reference        (SwPlan            *self,
                                                 const char        *qualified_name);
void               sw_plan_set_distributed      (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 const char        *column,
                                                 const char        *colocate_with,
                                                 guint              shard_count);
void               sw_plan_set_single_shard     (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 const char        *colocate_with);
void               sw_plan_set_table            (SwPlan            *self,
                                                 const SwPlanTable *entry);
void               sw_plan_set_reason           (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 const char        *reason,
                                                 double             confidence);
void               sw_plan_add_alternative      (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 SwPlanAlternative *alternative);
gboolean           sw_plan_remove_table         (SwPlan            *self,
                                                 const char        *qualified_name);

void               sw_plan_add_schema_change    (SwPlan            *self,
                                                 const char        *sql,
                                                 const char        *reason);
GPtrArray         *sw_plan_get_schema_changes   (SwPlan            *self);
char              *sw_plan_dup_schema_changes_sql (SwPlan          *self) G_GNUC_WARN_UNUSED_RESULT;
void               sw_plan_clear_schema_changes (SwPlan            *self);

const char * const *sw_plan_get_distributed_schemas (SwPlan        *self);
gboolean           sw_plan_is_schema_distributed (SwPlan           *self,
                                                  const char       *schema_name);
void               sw_plan_set_schema_distributed (SwPlan          *self,
                                                   const char      *schema_name,
                                                   gboolean         distributed);

gboolean           sw_plan_get_position         (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 double            *x,
                                                 double            *y);
void               sw_plan_set_position         (SwPlan            *self,
                                                 const char        *qualified_name,
                                                 double             x,
                                                 double             y);
void               sw_plan_clear_positions      (SwPlan            *self);
GPtrArray         *sw_plan_list_positioned      (SwPlan            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPlanTable, sw_plan_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwPlanAlternative, sw_plan_alternative_free)

G_END_DECLS
