/* sw-plan.c
 *
 * The distribution plan: what happens to each table and schema, and where the
 * user put each table on the ERD. It is what the advisor writes, the user edits,
 * the validator checks and the DDL generator carries out, saved as the JSON
 * file of design.md ("Plan file", version 1).
 *
 * Table names are kept in one canonical spelling, sw_quote_qualified_name()
 * of the split name, so `Event_Types`, `public.event_types` and
 * `"public"."event_types"` name the same entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sw-plan.h"
#include "sw-file.h"
#include "sw-identifier.h"
#include "sw-schema.h"
#include "sw-schema-sql.h"
#include "sw-schema-changes-cache.h"
#include "sw-table.h"
#include "sw-column.h"

struct _SwPlan
{
  GObject     parent_instance;

  guint       shard_count;
  GPtrArray  *tables;           /* SwPlanTable, in plan order */
  GHashTable *tables_by_name;   /* canonical name → SwPlanTable (borrowed) */
  GPtrArray  *schemas;          /* char *, sorted, NULL-terminated */
  GHashTable *positions;        /* canonical name → double[2] */
  GPtrArray  *schema_changes;   /* SwPlanSchemaChange, in running order */
};

G_DEFINE_FINAL_TYPE (SwPlan, sw_plan, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (SwPlanTable, sw_plan_table, sw_plan_table_copy, sw_plan_table_free)
G_DEFINE_QUARK (sw-plan-error-quark, sw_plan_error)

enum {
  PROP_0,
  PROP_SHARD_COUNT,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const kind_names[] = {
  [SW_PLAN_KIND_LOCAL] = "local",
  [SW_PLAN_KIND_REFERENCE] = "reference",
  [SW_PLAN_KIND_DISTRIBUTED] = "distributed",
  [SW_PLAN_KIND_SINGLE_SHARD] = "single_shard",
};

/* GLib 2.74 has neither g_set_str() nor g_ptr_array_sort_values(). */
static gboolean
set_str (char       **pointer,
         const char  *value)
{
  if (g_strcmp0 (*pointer, value) == 0)
    return FALSE;
  g_free (*pointer);
  *pointer = g_strdup (value);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * sw_plan_kind_to_string:
 * @kind: a #SwPlanKind
 *
 * Returns: the kind as the plan file spells it
 */
const char *
sw_plan_kind_to_string (SwPlanKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * sw_plan_kind_from_string:
 * @string: a kind as the plan file spells it
 * @kind: (out): where to store it
 *
 * Returns: %TRUE when @string names a kind
 */
gboolean
sw_plan_kind_from_string (const char *string,
                          SwPlanKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (string, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns the canonical spelling of a table name, or NULL when it is not a name. */
static char *
canonical_name (const char *qualified_name)
{
  g_autofree char *schema_name = NULL;
  g_autofree char *name = NULL;

  if (qualified_name == NULL ||
      !sw_split_qualified_name (qualified_name, &schema_name, &name))
    return NULL;

  return sw_quote_qualified_name (schema_name != NULL ? schema_name : "public", name);
}

/* Like canonical_name(), but keeps a name that does not parse as it is, so a
 * setter never loses what the caller gave it; sw_plan_check_names() reports it.
 */
static char *
canonical_or_copy (const char *qualified_name)
{
  char *canonical = canonical_name (qualified_name);

  return canonical != NULL ? canonical : g_strdup (qualified_name);
}

/* colocate_with keeps Citus's own keywords ("none", "default") as they are. */
static char *
canonical_colocate_with (const char *colocate_with)
{
  if (colocate_with == NULL || colocate_with[0] == '\0')
    return NULL;
  if (g_ascii_strcasecmp (colocate_with, "default") == 0)
    return NULL;
  if (g_ascii_strcasecmp (colocate_with, "none") == 0)
    return g_strdup ("none");
  return canonical_or_copy (colocate_with);
}

SwPlanAlternative *
sw_plan_alternative_new (SwPlanKind  kind,
                         const char *column,
                         const char *colocate_with,
                         double      score,
                         const char *reason)
{
  SwPlanAlternative *alternative = g_new0 (SwPlanAlternative, 1);

  alternative->kind = kind;
  alternative->column = g_strdup (column);
  alternative->colocate_with = canonical_colocate_with (colocate_with);
  alternative->score = score;
  alternative->reason = g_strdup (reason);

  return alternative;
}

void
sw_plan_alternative_free (SwPlanAlternative *alternative)
{
  if (alternative == NULL)
    return;
  g_free (alternative->column);
  g_free (alternative->colocate_with);
  g_free (alternative->reason);
  g_free (alternative);
}

static SwPlanAlternative *
alternative_copy (const SwPlanAlternative *alternative)
{
  return sw_plan_alternative_new (alternative->kind, alternative->column,
                                  alternative->colocate_with, alternative->score,
                                  alternative->reason);
}

static SwPlanTable *
plan_table_new (const char *canonical)
{
  SwPlanTable *entry = g_new0 (SwPlanTable, 1);

  entry->table = g_strdup (canonical);
  entry->kind = SW_PLAN_KIND_LOCAL;
  entry->confidence = -1;
  entry->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_plan_alternative_free);

  return entry;
}

/**
 * sw_plan_table_copy:
 * @entry: a #SwPlanTable
 *
 * Returns: (transfer full): a deep copy of @entry
 */
SwPlanTable *
sw_plan_table_copy (const SwPlanTable *entry)
{
  SwPlanTable *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = plan_table_new (entry->table);
  copy->kind = entry->kind;
  copy->column = g_strdup (entry->column);
  copy->colocate_with = g_strdup (entry->colocate_with);
  copy->shard_count = entry->shard_count;
  copy->reason = g_strdup (entry->reason);
  copy->confidence = entry->confidence;
  if (entry->alternatives != NULL)
    for (guint i = 0; i < entry->alternatives->len; i++)
      g_ptr_array_add (copy->alternatives, alternative_copy (g_ptr_array_index (entry->alternatives, i)));

  return copy;
}

void
sw_plan_table_free (SwPlanTable *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->table);
  g_free (entry->column);
  g_free (entry->colocate_with);
  g_free (entry->reason);
  g_clear_pointer (&entry->alternatives, g_ptr_array_unref);
  g_free (entry);
}

static void
schema_change_free (SwPlanSchemaChange *change)
{
  g_free (change->sql);
  g_free (change->reason);
  g_free (change);
}

static SwPlanSchemaChange *
schema_change_new (const char *sql,
                   const char *reason)
{
  SwPlanSchemaChange *change = g_new0 (SwPlanSchemaChange, 1);

  change->sql = g_strdup (sql);
  change->reason = g_strdup (reason);
  return change;
}

static void
emit_changed (SwPlan *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
sw_plan_finalize (GObject *object)
{
  SwPlan *self = (SwPlan *)object;

  g_clear_pointer (&self->tables_by_name, g_hash_table_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->schemas, g_ptr_array_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->schema_changes, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_plan_parent_class)->finalize (object);
}

static void
sw_plan_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SwPlan *self = SW_PLAN (object);

  switch (prop_id)
    {
    case PROP_SHARD_COUNT:
      g_value_set_uint (value, self->shard_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_plan_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SwPlan *self = SW_PLAN (object);

  switch (prop_id)
    {
    case PROP_SHARD_COUNT:
      sw_plan_set_shard_count (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_plan_class_init (SwPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_plan_finalize;
  object_class->get_property = sw_plan_get_property;
  object_class->set_property = sw_plan_set_property;

  /* Citus accepts 1 to 64000 shards (citus-13-rules.md, shard count ranges); the
   * plan keeps whatever it is given so the validator can report it.
   */
  properties[PROP_SHARD_COUNT] =
    g_param_spec_uint ("shard-count", NULL, NULL,
                       0, G_MAXUINT, SW_PLAN_DEFAULT_SHARD_COUNT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SwPlan::changed:
   *
   * Emitted after any change to the plan, layout included.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sw_plan_init (SwPlan *self)
{
  self->shard_count = SW_PLAN_DEFAULT_SHARD_COUNT;
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) sw_plan_table_free);
  self->tables_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->schemas = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->schemas, NULL);
  self->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->schema_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_change_free);
}

/**
 * sw_plan_new:
 *
 * Returns: (transfer full): an empty plan: every table local, 32 shards
 */
SwPlan *
sw_plan_new (void)
{
  return g_object_new (SW_TYPE_PLAN, NULL);
}

/**
 * sw_plan_copy:
 * @self: a #SwPlan
 *
 * Returns: (transfer full): a deep copy, for undo or to compare alternatives
 */
SwPlan *
sw_plan_copy (SwPlan *self)
{
  SwPlan *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SW_IS_PLAN (self), NULL);

  copy = sw_plan_new ();
  copy->shard_count = self->shard_count;
  for (guint i = 0; i < self->tables->len; i++)
    {
      SwPlanTable *entry = sw_plan_table_copy (g_ptr_array_index (self->tables, i));

      g_ptr_array_add (copy->tables, entry);
      g_hash_table_insert (copy->tables_by_name, entry->table, entry);
    }
  g_ptr_array_set_size (copy->schemas, 0);
  for (guint i = 0; i + 1 < self->schemas->len; i++)
    g_ptr_array_add (copy->schemas, g_strdup (g_ptr_array_index (self->schemas, i)));
  g_ptr_array_add (copy->schemas, NULL);

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->positions, g_strdup (key), g_memdup2 (value, 2 * sizeof (double)));

  for (guint i = 0; i < self->schema_changes->len; i++)
    {
      const SwPlanSchemaChange *change = g_ptr_array_index (self->schema_changes, i);

      g_ptr_array_add (copy->schema_changes, schema_change_new (change->sql, change->reason));
    }

  return copy;
}

guint
sw_plan_get_shard_count (SwPlan *self)
{
  g_return_val_if_fail (SW_IS_PLAN (self), 0);
  return self->shard_count;
}

void
sw_plan_set_shard_count (SwPlan *self,
                         guint   shard_count)
{
  g_return_if_fail (SW_IS_PLAN (self));

  if (self->shard_count == shard_count)
    return;

  self->shard_count = shard_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARD_COUNT]);
  emit_changed (self);
}

/**
 * sw_plan_get_tables:
 * @self: a #SwPlan
 *
 * Returns: (transfer none) (element-type SwPlanTable): the tables the plan names,
 *   in plan order. Tables it does not name stay local.
 */
GPtrArray *
sw_plan_get_tables (SwPlan *self)
{
  g_return_val_if_fail (SW_IS_PLAN (self), NULL);
  return self->tables;
}

/**
 * sw_plan_lookup_table:
 * @self: a #SwPlan
 * @qualified_name: a table name, spelled as in the plan file
 *
 * Returns: (transfer none) (nullable): the plan's entry for the table, or %NULL
 *   when the plan does not name it (so it stays local)
 */
const SwPlanTable *
sw_plan_lookup_table (SwPlan     *self,
                      const char *qualified_name)
{
  g_autofree char *canonical = NULL;
  SwPlanTable *entry;

  g_return_val_if_fail (SW_IS_PLAN (self), NULL);
  g_return_val_if_fail (qualified_name != NULL, NULL);

  /* A key is canonical already, and canonical_name() of it is itself. */
  if ((entry = g_hash_table_lookup (self->tables_by_name, qualified_name)))
    return entry;
  canonical = canonical_or_copy (qualified_name);
  return g_hash_table_lookup (self->tables_by_name, canonical);
}

/**
 * sw_plan_get_table_kind:
 * @self: a #SwPlan
 * @qualified_name: a table name
 *
 * Returns: what the plan does with the table; %SW_PLAN_KIND_LOCAL when it
 *   does not name it
 */
SwPlanKind
sw_plan_get_table_kind (SwPlan     *self,
                        const char *qualified_name)
{
  const SwPlanTable *entry = sw_plan_lookup_table (self, qualified_name);

  return entry != NULL ? entry->kind : SW_PLAN_KIND_LOCAL;
}

static SwPlanTable *
ensure_table (SwPlan     *self,
              const char *qualified_name)
{
  g_autofree char *canonical = NULL;
  SwPlanTable *entry;

  /* A key is canonical already, and canonical_name() of it is itself. */
  if ((entry = g_hash_table_lookup (self->tables_by_name, qualified_name)))
    return entry;
  canonical = canonical_or_copy (qualified_name);
  if ((entry = g_hash_table_lookup (self->tables_by_name, canonical)))
    return entry;

  entry = plan_table_new (canonical);
  g_ptr_array_add (self->tables, entry);
  g_hash_table_insert (self->tables_by_name, entry->table, entry);

  return entry;
}

static void
set_decision (SwPlan     *self,
              const char *qualified_name,
              SwPlanKind  kind,
              const char *column,
              const char *colocate_with,
              guint       shard_count)
{
  SwPlanTable *entry;
  g_autofree char *colocate = canonical_colocate_with (colocate_with);

  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (qualified_name != NULL);

  entry = ensure_table (self, qualified_name);
  if (entry->kind == kind &&
      g_strcmp0 (entry->column, column) == 0 &&
      g_strcmp0 (entry->colocate_with, colocate) == 0 &&
      entry->shard_count == shard_count)
    return;

  entry->kind = kind;
  set_str (&entry->column, column);
  set_str (&entry->colocate_with, colocate);
  entry->shard_count = shard_count;

  emit_changed (self);
}

void
sw_plan_set_local (SwPlan     *self,
                   const char *qualified_name)
{
  set_decision (self, qualified_name, SW_PLAN_KIND_LOCAL, NULL, NULL, 0);
}

void
sw_plan_set_reference (SwPlan     *self,
                       const char *qualified_name)
{
  set_decision (self, qualified_name, SW_PLAN_KIND_REFERENCE, NULL, NULL, 0);
}

/**
 * sw_plan_set_distributed:
 * @self: a #SwPlan
 * @qualified_name: the table
 * @column: the distribution column (its name, unquoted)
 * @colocate_with: (nullable): a table, `"none"`, or %NULL for Citus's default
 * @shard_count: the shard count, or 0 for the plan's
 */
void
sw_plan_set_distributed (SwPlan     *self,
                         const char *qualified_name,
                         const char *column,
                         const char *colocate_with,
                         guint       shard_count)
{
  g_return_if_fail (column != NULL);
  set_decision (self, qualified_name, SW_PLAN_KIND_DISTRIBUTED, column, colocate_with, shard_count);
}

void
sw_plan_set_single_shard (SwPlan     *self,
                          const char *qualified_name,
                          const char *colocate_with)
{
  set_decision (self, qualified_name, SW_PLAN_KIND_SINGLE_SHARD, NULL, colocate_with, 0);
}

/**
 * sw_plan_set_table:
 * @self: a #SwPlan
 * @entry: a whole decision, reason and alternatives included
 *
 * Replaces the plan's decision for `entry->table` with a copy of @entry.
 */
void
sw_plan_set_table (SwPlan            *self,
                   const SwPlanTable *entry)
{
  SwPlanTable *existing;
  SwPlanTable *copy;

  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (entry != NULL && entry->table != NULL);

  copy = sw_plan_table_copy (entry);
  g_free (copy->table);
  copy->table = canonical_or_copy (entry->table);
  g_free (copy->colocate_with);
  copy->colocate_with = canonical_colocate_with (entry->colocate_with);

  if ((existing = g_hash_table_lookup (self->tables_by_name, copy->table)))
    {
      guint index = 0;

      g_ptr_array_find (self->tables, existing, &index);
      g_hash_table_remove (self->tables_by_name, copy->table);
      g_ptr_array_index (self->tables, index) = copy;
      sw_plan_table_free (existing);
    }
  else
    {
      g_ptr_array_add (self->tables, copy);
    }
  g_hash_table_insert (self->tables_by_name, copy->table, copy);

  emit_changed (self);
}

/**
 * sw_plan_set_reason:
 * @self: a #SwPlan
 * @qualified_name: a table the plan names
 * @reason: (nullable): why, in plain words
 * @confidence: from 0 to 1, or negative when not known
 */
void
sw_plan_set_reason (SwPlan     *self,
                    const char *qualified_name,
                    const char *reason,
                    double      confidence)
{
  SwPlanTable *entry;

  g_return_if_fail (SW_IS_PLAN (self));

  entry = ensure_table (self, qualified_name);
  set_str (&entry->reason, reason);
  entry->confidence = confidence;
  emit_changed (self);
}

/**
 * sw_plan_add_alternative:
 * @self: a #SwPlan
 * @qualified_name: a table
 * @alternative: (transfer full): a ranked alternative; add them best first
 */
void
sw_plan_add_alternative (SwPlan            *self,
                         const char        *qualified_name,
                         SwPlanAlternative *alternative)
{
  SwPlanTable *entry;

  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (alternative != NULL);

  entry = ensure_table (self, qualified_name);
  g_ptr_array_add (entry->alternatives, alternative);
  emit_changed (self);
}

/**
 * sw_plan_remove_table:
 * @self: a #SwPlan
 * @qualified_name: a table
 *
 * Forgets the plan's decision for the table, which then stays local.
 *
 * Returns: %TRUE when the plan named it
 */
gboolean
sw_plan_remove_table (SwPlan     *self,
                      const char *qualified_name)
{
  g_autofree char *canonical = NULL;
  SwPlanTable *entry;

  g_return_val_if_fail (SW_IS_PLAN (self), FALSE);

  canonical = canonical_or_copy (qualified_name);
  if (!(entry = g_hash_table_lookup (self->tables_by_name, canonical)))
    return FALSE;

  g_hash_table_remove (self->tables_by_name, canonical);
  g_ptr_array_remove (self->tables, entry);
  emit_changed (self);

  return TRUE;
}

/**
 * sw_plan_add_schema_change:
 * @self: a #SwPlan
 * @sql: DDL to run before anything is distributed
 * @reason: (nullable): why
 *
 * Appends a schema change; they run in the order they were added.
 */
void
sw_plan_add_schema_change (SwPlan     *self,
                           const char *sql,
                           const char *reason)
{
  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (sql != NULL);

  g_ptr_array_add (self->schema_changes, schema_change_new (sql, reason));
  emit_changed (self);
}

/**
 * sw_plan_get_schema_changes:
 * @self: a #SwPlan
 *
 * Returns: (transfer none) (element-type SwPlanSchemaChange): the schema
 *   changes, in running order
 */
GPtrArray *
sw_plan_get_schema_changes (SwPlan *self)
{
  g_return_val_if_fail (SW_IS_PLAN (self), NULL);
  return self->schema_changes;
}

/**
 * sw_plan_dup_schema_changes_sql:
 * @self: a #SwPlan
 *
 * Returns: (transfer full) (nullable): every schema change as one script,
 *   each statement ending with a semicolon, or %NULL when there is none
 */
char *
sw_plan_dup_schema_changes_sql (SwPlan *self)
{
  GString *sql;

  g_return_val_if_fail (SW_IS_PLAN (self), NULL);

  if (self->schema_changes->len == 0)
    return NULL;

  sql = g_string_new (NULL);
  for (guint i = 0; i < self->schema_changes->len; i++)
    {
      const SwPlanSchemaChange *change = g_ptr_array_index (self->schema_changes, i);
      g_autofree char *text = g_strstrip (g_strdup (change->sql));

      g_string_append (sql, text);
      if (!g_str_has_suffix (text, ";"))
        g_string_append_c (sql, ';');
      g_string_append_c (sql, '\n');
    }

  return g_string_free (sql, FALSE);
}

void
sw_plan_clear_schema_changes (SwPlan *self)
{
  g_return_if_fail (SW_IS_PLAN (self));

  if (self->schema_changes->len == 0)
    return;
  g_ptr_array_set_size (self->schema_changes, 0);
  emit_changed (self);
}

/**
 * sw_plan_get_distributed_schemas:
 * @self: a #SwPlan
 *
 * Returns: (transfer none): the schemas the plan distributes with
 *   citus_schema_distribute(), sorted
 */
const char * const *
sw_plan_get_distributed_schemas (SwPlan *self)
{
  g_return_val_if_fail (SW_IS_PLAN (self), NULL);
  return (const char * const *) self->schemas->pdata;
}

gboolean
sw_plan_is_schema_distributed (SwPlan     *self,
                               const char *schema_name)
{
  g_return_val_if_fail (SW_IS_PLAN (self), FALSE);
  return g_strv_contains ((const char * const *) self->schemas->pdata, schema_name);
}

void
sw_plan_set_schema_distributed (SwPlan     *self,
                                const char *schema_name,
                                gboolean    distributed)
{
  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (schema_name != NULL);

  if (sw_plan_is_schema_distributed (self, schema_name) == !!distributed)
    return;

  /* Drop the NULL terminator, change, sort, terminate again. */
  g_ptr_array_set_size (self->schemas, self->schemas->len - 1);
  if (distributed)
    {
      g_ptr_array_add (self->schemas, g_strdup (schema_name));
    }
  else
    {
      for (guint i = 0; i < self->schemas->len; i++)
        if (g_str_equal (g_ptr_array_index (self->schemas, i), schema_name))
          {
            g_ptr_array_remove_index (self->schemas, i);
            break;
          }
    }
  g_ptr_array_sort (self->schemas, compare_strings);
  g_ptr_array_add (self->schemas, NULL);

  emit_changed (self);
}

/**
 * sw_plan_get_position:
 * @self: a #SwPlan
 * @qualified_name: a table
 * @x: (out) (optional): where the user put its card
 * @y: (out) (optional):
 *
 * Returns: %TRUE when the user moved the table on the ERD
 */
gboolean
sw_plan_get_position (SwPlan     *self,
                      const char *qualified_name,
                      double     *x,
                      double     *y)
{
  g_autofree char *canonical = NULL;
  const double *position;

  g_return_val_if_fail (SW_IS_PLAN (self), FALSE);

  canonical = canonical_or_copy (qualified_name);
  if (!(position = g_hash_table_lookup (self->positions, canonical)))
    return FALSE;

  if (x != NULL)
    *x = position[0];
  if (y != NULL)
    *y = position[1];
  return TRUE;
}

void
sw_plan_set_position (SwPlan     *self,
                      const char *qualified_name,
                      double      x,
                      double      y)
{
  double *position;

  g_return_if_fail (SW_IS_PLAN (self));
  g_return_if_fail (isfinite (x) && isfinite (y));

  position = g_new (double, 2);
  position[0] = x;
  position[1] = y;
  g_hash_table_insert (self->positions, canonical_or_copy (qualified_name), position);
  emit_changed (self);
}

void
sw_plan_clear_positions (SwPlan *self)
{
  g_return_if_fail (SW_IS_PLAN (self));

  if (g_hash_table_size (self->positions) == 0)
    return;
  g_hash_table_remove_all (self->positions);
  emit_changed (self);
}

/**
 * sw_plan_list_positioned:
 * @self: a #SwPlan
 *
 * Returns: (transfer container) (element-type utf8): the tables with a position, sorted
 */
GPtrArray *
sw_plan_list_positioned (SwPlan *self)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_strings);

  return names;
}

/* Loading ------------------------------------------------------------------ */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, SW_PLAN_ERROR, SW_PLAN_ERROR_INVALID, message);
  return FALSE;
}

/* Reads an optional string member; a member of another type is an error. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *member,
                   const char  *where,
                   const char **value,
                   GError     **error)
{
  JsonNode *node;

  *value = NULL;
  if (!(node = json_object_get_member (object, member)) || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, _("%s: “%s” must be a string"), where, member);

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number_member (JsonObject  *object,
                   const char  *member,
                   const char  *where,
                   gboolean    *present,
                   double      *value,
                   GError     **error)
{
  JsonNode *node;
  GType type;

  *present = FALSE;
  if (!(node = json_object_get_member (object, member)) || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return invalid (error, _("%s: “%s” must be a number"), where, member);

  *present = TRUE;
  *value = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
  return TRUE;
}

static gboolean
get_shard_count_member (JsonObject  *object,
                        const char  *where,
                        guint       *shard_count,
                        GError     **error)
{
  gboolean present;
  double value;

  if (!get_number_member (object, "shard_count", where, &present, &value, error))
    return FALSE;
  if (!present)
    return TRUE;

  /* Out-of-range counts are the validator's to report, with Citus's own
   * words; the file only has to hold a whole, non-negative number.
   */
  if (value != floor (value) || value < 1 || value > G_MAXINT32)
    return invalid (error, _("%s: “shard_count” must be a whole number from 1 up"), where);

  *shard_count = (guint) value;
  return TRUE;
}

static gboolean
load_alternatives (JsonObject   *object,
                   const char   *where,
                   SwPlanTable  *entry,
                   GError      **error)
{
  JsonNode *node = json_object_get_member (object, "alternatives");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("%s: “alternatives” must be an array"), where);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *alt;
      const char *kind_name, *column, *colocate_with, *reason;
      SwPlanKind kind;
      gboolean present;
      double score = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, _("%s: each alternative must be an object"), where);
      alt = json_node_get_object (element);
      if (!get_string_member (alt, "kind", where, &kind_name, error) ||
          !get_string_member (alt, "column", where, &column, error) ||
          !get_string_member (alt, "colocate_with", where, &colocate_with, error) ||
          !get_string_member (alt, "reason", where, &reason, error) ||
          !get_number_member (alt, "score", where, &present, &score, error))
        return FALSE;
      if (!sw_plan_kind_from_string (kind_name, &kind))
        return invalid (error, _("%s: unknown alternative kind “%s”"), where, kind_name ? kind_name : "");

      g_ptr_array_add (entry->alternatives,
                       sw_plan_alternative_new (kind, column, colocate_with, score, reason));
    }

  return TRUE;
}

static gboolean
load_table (SwPlan      *self,
            JsonNode    *node,
            guint        index,
            GError     **error)
{
  g_autoptr(SwPlanTable) entry = NULL;
  g_autofree char *where = NULL;
  g_autofree char *canonical = NULL;
  JsonObject *object;
  const char *name, *kind_name, *column, *colocate_with, *reason;
  gboolean present;
  double confidence;

  where = g_strdup_printf (_("tables[%u]"), index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("%s: must be an object"), where);
  object = json_node_get_object (node);

  if (!get_string_member (object, "table", where, &name, error))
    return FALSE;
  if (name == NULL)
    return invalid (error, _("%s: “table” is missing"), where);
  if (!(canonical = canonical_name (name)))
    return invalid (error, _("%s: “%s” is not a table name"), where, name);

  g_free (where);
  where = g_strdup (name);

  if (g_hash_table_contains (self->tables_by_name, canonical))
    return invalid (error, _("%s: the table appears twice in the plan"), where);

  if (!get_string_member (object, "kind", where, &kind_name, error) ||
      !get_string_member (object, "column", where, &column, error) ||
      !get_string_member (object, "colocate_with", where, &colocate_with, error) ||
      !get_string_member (object, "reason", where, &reason, error))
    return FALSE;

  entry = plan_table_new (canonical);

  if (kind_name == NULL)
    return invalid (error, _("%s: “kind” is missing"), where);
  if (!sw_plan_kind_from_string (kind_name, &entry->kind))
    return invalid (error,
                    _("%s: unknown kind “%s” (expected local, reference, distributed or single_shard)"),
                    where, kind_name);

  if (entry->kind == SW_PLAN_KIND_DISTRIBUTED && (column == NULL || column[0] == '\0'))
    return invalid (error, _("%s: a distributed table needs a “column”"), where);
  if (entry->kind != SW_PLAN_KIND_DISTRIBUTED && column != NULL)
    return invalid (error, _("%s: only a distributed table has a “column”"), where);
  if ((entry->kind == SW_PLAN_KIND_LOCAL || entry->kind == SW_PLAN_KIND_REFERENCE) &&
      colocate_with != NULL)
    return invalid (error, _("%s: a %s table has no “colocate_with”"), where, kind_name);
  if (colocate_with != NULL && g_ascii_strcasecmp (colocate_with, "none") != 0 &&
      g_ascii_strcasecmp (colocate_with, "default") != 0 && canonical_name (colocate_with) == NULL)
    return invalid (error, _("%s: “colocate_with” is not a table name: “%s”"), where, colocate_with);

  entry->column = g_strdup (column);
  entry->colocate_with = canonical_colocate_with (colocate_with);
  entry->reason = g_strdup (reason);

  if (!get_shard_count_member (object, where, &entry->shard_count, error))
    return FALSE;
  if (entry->shard_count != 0 && entry->kind != SW_PLAN_KIND_DISTRIBUTED)
    return invalid (error, _("%s: only a distributed table has a “shard_count”"), where);

  if (!get_number_member (object, "confidence", where, &present, &confidence, error))
    return FALSE;
  if (present && (confidence < 0 || confidence > 1))
    return invalid (error, _("%s: “confidence” must be between 0 and 1"), where);
  entry->confidence = present ? confidence : -1;

  if (!load_alternatives (object, where, entry, error))
    return FALSE;

  g_hash_table_insert (self->tables_by_name, entry->table, entry);
  g_ptr_array_add (self->tables, g_steal_pointer (&entry));

  return TRUE;
}

static gboolean
load_schemas (SwPlan     *self,
              JsonNode   *node,
              GError    **error)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("“schemas” must be an array"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf (_("schemas[%u]"), i);
      const char *name, *kind;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, _("%s: must be an object"), where);
      object = json_node_get_object (element);
      if (!get_string_member (object, "schema", where, &name, error) ||
          !get_string_member (object, "kind", where, &kind, error))
        return FALSE;
      if (name == NULL || name[0] == '\0')
        return invalid (error, _("%s: “schema” is missing"), where);
      if (g_strcmp0 (kind, "distributed_schema") != 0)
        return invalid (error, _("%s: unknown kind “%s” (expected distributed_schema)"),
                        name, kind ? kind : "");
      if (sw_plan_is_schema_distributed (self, name))
        return invalid (error, _("%s: the schema appears twice in the plan"), name);

      g_ptr_array_set_size (self->schemas, self->schemas->len - 1);
      g_ptr_array_add (self->schemas, g_strdup (name));
      g_ptr_array_sort (self->schemas, compare_strings);
      g_ptr_array_add (self->schemas, NULL);
    }

  return TRUE;
}

static gboolean
load_schema_changes (SwPlan     *self,
                     JsonNode   *node,
                     GError    **error)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("“schema_changes” must be an array"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf (_("schema_changes[%u]"), i);
      const char *sql, *reason;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, _("%s: must be an object"), where);
      object = json_node_get_object (element);
      if (!get_string_member (object, "sql", where, &sql, error) ||
          !get_string_member (object, "reason", where, &reason, error))
        return FALSE;
      if (sql == NULL || sql[0] == '\0')
        return invalid (error, _("%s: “sql” is missing"), where);

      g_ptr_array_add (self->schema_changes, schema_change_new (sql, reason));
    }

  return TRUE;
}

static gboolean
load_layout (SwPlan     *self,
             JsonNode   *node,
             GError    **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("“layout” must be an object"));

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonArray *pair;
      double position[2];

      if (!JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (pair = json_node_get_array (value)) != 2)
        return invalid (error, _("layout: “%s” must be an [x, y] pair"), name);
      for (guint i = 0; i < 2; i++)
        {
          JsonNode *number = json_array_get_element (pair, i);
          GType type = JSON_NODE_HOLDS_VALUE (number) ? json_node_get_value_type (number) : G_TYPE_INVALID;

          if (type == G_TYPE_INT64)
            position[i] = json_node_get_int (number);
          else if (type == G_TYPE_DOUBLE)
            position[i] = json_node_get_double (number);
          else
            return invalid (error, _("layout: “%s” must be an [x, y] pair"), name);
        }
      if (canonical_name (name) == NULL)
        return invalid (error, _("layout: “%s” is not a table name"), name);

      g_hash_table_insert (self->positions, canonical_name (name), g_memdup2 (position, sizeof position));
    }

  return TRUE;
}

/**
 * sw_plan_new_from_data:
 * @data: the plan file's contents
 * @length: the length of @data, or -1 when it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses a plan file. Names are checked for form only; call
 * sw_plan_check_names() to check them against a schema.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 *   (%SW_PLAN_ERROR_PARSE, %SW_PLAN_ERROR_VERSION or %SW_PLAN_ERROR_INVALID)
 */
SwPlan *
sw_plan_new_from_data (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(SwPlan) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;
  gboolean present;
  double version;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_PARSE,
                   _("The plan is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (!(node = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SW_PLAN_ERROR, SW_PLAN_ERROR_PARSE,
                           _("The plan must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!get_number_member (root, "version", _("plan"), &present, &version, error))
    return NULL;
  if (!present)
    {
      g_set_error_literal (error, SW_PLAN_ERROR, SW_PLAN_ERROR_VERSION,
                           _("The plan has no “version”; this is not a Shardwise plan file"));
      return NULL;
    }
  if (version != SW_PLAN_FORMAT_VERSION)
    {
      g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_VERSION,
                   _("The plan is format version %g; this version of Shardwise reads version %d"),
                   version, SW_PLAN_FORMAT_VERSION);
      return NULL;
    }

  self = sw_plan_new ();

  if (!get_shard_count_member (root, _("plan"), &self->shard_count, error))
    return NULL;

  node = json_object_get_member (root, "tables");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *tables;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          invalid (error, _("“tables” must be an array"));
          return NULL;
        }
      tables = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (tables); i++)
        if (!load_table (self, json_array_get_element (tables, i), i, error))
          return NULL;
    }

  if (!load_schemas (self, json_object_get_member (root, "schemas"), error) ||
      !load_schema_changes (self, json_object_get_member (root, "schema_changes"), error) ||
      !load_layout (self, json_object_get_member (root, "layout"), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sw_plan_new_from_file:
 * @path: a plan file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plan, or %NULL with @error set; a message
 *   about the file's contents starts with its name
 */
SwPlan *
sw_plan_new_from_file (const char  *path,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  SwPlan *plan;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!(plan = sw_plan_new_from_data (contents, length, &local_error)))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", display, local_error->message);
    }

  return plan;
}

/* Saving ------------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/**
 * sw_plan_to_data:
 * @self: a #SwPlan
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): the plan file, pretty-printed, ending with a newline
 */
char *
sw_plan_to_data (SwPlan *self,
                 gsize  *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) positioned = NULL;
  GString *text;
  char *json;

  g_return_val_if_fail (SW_IS_PLAN (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SW_PLAN_FORMAT_VERSION);
  json_builder_set_member_name (builder, "shard_count");
  json_builder_add_int_value (builder, self->shard_count);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (self->tables, i);

      json_builder_begin_object (builder);
      add_string (builder, "table", entry->table);
      add_string (builder, "kind", sw_plan_kind_to_string (entry->kind));
      add_string (builder, "column", entry->column);
      add_string (builder, "colocate_with", entry->colocate_with);
      if (entry->shard_count != 0)
        {
          json_builder_set_member_name (builder, "shard_count");
          json_builder_add_int_value (builder, entry->shard_count);
        }
      add_string (builder, "reason", entry->reason);
      if (entry->confidence >= 0)
        {
          json_builder_set_member_name (builder, "confidence");
          json_builder_add_double_value (builder, entry->confidence);
        }
      if (entry->alternatives->len > 0)
        {
          json_builder_set_member_name (builder, "alternatives");
          json_builder_begin_array (builder);
          for (guint j = 0; j < entry->alternatives->len; j++)
            {
              const SwPlanAlternative *alt = g_ptr_array_index (entry->alternatives, j);

              json_builder_begin_object (builder);
              add_string (builder, "kind", sw_plan_kind_to_string (alt->kind));
              add_string (builder, "column", alt->column);
              add_string (builder, "colocate_with", alt->colocate_with);
              json_builder_set_member_name (builder, "score");
              json_builder_add_double_value (builder, alt->score);
              add_string (builder, "reason", alt->reason);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "schemas");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->schemas->len; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "schema", g_ptr_array_index (self->schemas, i));
      add_string (builder, "kind", "distributed_schema");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (self->schema_changes->len > 0)
    {
      json_builder_set_member_name (builder, "schema_changes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->schema_changes->len; i++)
        {
          const SwPlanSchemaChange *change = g_ptr_array_index (self->schema_changes, i);

          json_builder_begin_object (builder);
          add_string (builder, "sql", change->sql);
          add_string (builder, "reason", change->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_set_member_name (builder, "layout");
  json_builder_begin_object (builder);
  positioned = sw_plan_list_positioned (self);
  for (guint i = 0; i < positioned->len; i++)
    {
      const char *name = g_ptr_array_index (positioned, i);
      const double *position = g_hash_table_lookup (self->positions, name);

      json_builder_set_member_name (builder, name);
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, position[0]);
      json_builder_add_double_value (builder, position[1]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json = json_generator_to_data (generator, NULL);

  text = g_string_new (json);
  g_free (json);
  g_string_append_c (text, '\n');
  if (length != NULL)
    *length = text->len;

  return g_string_free (text, FALSE);
}

/**
 * sw_plan_save_to_file:
 * @self: a #SwPlan
 * @path: where to write it
 * @error: return location for a #GError
 *
 * Writes the plan atomically: a failure leaves the old file as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_plan_save_to_file (SwPlan      *self,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = sw_plan_to_data (self, &length);
  return sw_file_set_contents (path, data, length, 0644, error);
}

/**
 * sw_plan_equal:
 * @a: a #SwPlan
 * @b: another
 *
 * Returns: %TRUE when both plans would be written to the same file
 */
gboolean
sw_plan_equal (SwPlan *a,
               SwPlan *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  g_return_val_if_fail (SW_IS_PLAN (a), FALSE);
  g_return_val_if_fail (SW_IS_PLAN (b), FALSE);

  text_a = sw_plan_to_data (a, NULL);
  text_b = sw_plan_to_data (b, NULL);
  return g_str_equal (text_a, text_b);
}

/**
 * sw_plan_check_names:
 * @self: a #SwPlan
 * @schema: the schema the plan is for
 * @error: return location for a #GError
 *
 * Checks that every table, column and schema the plan names exists in
 * @schema, once the plan's schema changes have run on it. Layout positions of tables that no longer exist are dropped
 * silently: they are the ERD's memory, not a decision.
 *
 * Returns: %TRUE when they all exist; otherwise %FALSE with @error set to
 *   %SW_PLAN_ERROR_UNKNOWN_TABLE, %SW_PLAN_ERROR_UNKNOWN_COLUMN or
 *   %SW_PLAN_ERROR_UNKNOWN_SCHEMA, naming the first one missing
 */
static gboolean check_names_in (SwPlan    *self,
                                SwSchema  *schema,
                                GError   **error);

gboolean
sw_plan_check_names (SwPlan    *self,
                     SwSchema  *schema,
                     GError   **error)
{
  return _sw_plan_check_names_cached (self, schema, NULL, error);
}

/* sw_plan_check_names() with the plan's schema changes applied through
 * @cache (nullable), which the caller may share with the migration builder
 * and the validator. */
gboolean
_sw_plan_check_names_cached (SwPlan               *self,
                             SwSchema             *schema,
                             SwSchemaChangesCache *cache,
                             GError              **error)
{
  g_return_val_if_fail (SW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (SW_IS_SCHEMA (schema), FALSE);
  g_return_val_if_fail (cache == NULL || _sw_schema_changes_cache_get_schema (cache) == schema, FALSE);

  /* The plan is for the schema as its changes leave it (a tenant column
   * they add may be its distribution column). Where they do not apply (they
   * already ran, on a resumed apply), the schema as it is. */
  if (self->schema_changes->len > 0)
    {
      g_autoptr(SwSchemaChangesCache) own = cache == NULL ? _sw_schema_changes_cache_new (schema) : NULL;
      g_autofree char *sql = sw_plan_dup_schema_changes_sql (self);
      SwSchema *changed = _sw_schema_changes_cache_apply (cache != NULL ? cache : own, sql);

      if (changed != NULL)
        return check_names_in (self, changed, error);
    }
  return check_names_in (self, schema, error);
}

static gboolean
check_names_in (SwPlan    *self,
                SwSchema  *schema,
                GError   **error)
{
  const char * const *namespaces;

  for (guint i = 0; i < self->tables->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (self->tables, i);
      SwTable *table = sw_schema_find_table (schema, entry->table);

      if (table == NULL)
        {
          g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_TABLE,
                       _("The plan names table %s, which is not in the schema"), entry->table);
          return FALSE;
        }
      if (entry->column != NULL && sw_table_find_column (table, entry->column) == NULL)
        {
          g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_COLUMN,
                       _("The plan distributes %s on column “%s”, which the table does not have"),
                       entry->table, entry->column);
          return FALSE;
        }
      if (entry->colocate_with != NULL && !g_str_equal (entry->colocate_with, "none") &&
          sw_schema_find_table (schema, entry->colocate_with) == NULL)
        {
          g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_TABLE,
                       _("The plan colocates %s with table %s, which is not in the schema"),
                       entry->table, entry->colocate_with);
          return FALSE;
        }
    }

  namespaces = sw_schema_get_namespaces (schema);
  for (guint i = 0; i + 1 < self->schemas->len; i++)
    {
      const char *name = g_ptr_array_index (self->schemas, i);

      if (!g_strv_contains (namespaces, name))
        {
          g_set_error (error, SW_PLAN_ERROR, SW_PLAN_ERROR_UNKNOWN_SCHEMA,
                       _("The plan distributes schema “%s”, which is not in the database"), name);
          return FALSE;
        }
    }

  return TRUE;
}
