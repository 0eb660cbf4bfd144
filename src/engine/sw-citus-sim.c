/* sw-citus-sim.c
 *
 * A simulation of a Citus 13.2 coordinator's metadata (pg_dist_partition,
 * pg_dist_colocation, tenant schemas, a few settings) and of the checks its
 * UDFs and DDL hooks run, in Citus's order, with Citus's exact texts
 * (../shared/reference/citus-13-rules.md; section numbers below refer to it).
 *
 * The validator drives it with the steps the migration generator writes; lint
 * drives it with the statements of a script. Each rule lives here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-citus-sim"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-citus-sim-private.h"
#include "sw-schema-private.h"
#include "sw-pg-query.h"

#define MAX_SHARD_COUNT 64000

typedef struct
{
  SwSimKind  kind;
  char      *column;          /* distribution column (hash, append, range) */
  guint      colocation_id;   /* 0 for Citus local, append and range */
  gboolean   autoconverted;
  guint      replication_factor;
  guint      journaled;       /* the savepoint that last saved this entry */
} SimTable;

typedef struct
{
  guint     id;
  guint     shard_count;
  guint     replication_factor;
  char     *type_key;         /* distribution column type, "" for none */
  char     *tenant_schema;    /* a distributed schema's own group */
  gboolean  reference;
} SimGroup;

struct _SwCitusSim
{
  SwSchema           *schema;
  SwValidatorOptions  options;
  GHashTable         *tables;         /* qualified name → SimTable */
  GPtrArray          *groups;         /* SimGroup, by id */
  GHashTable         *groups_by_id;   /* GUINT id → SimGroup (borrowed) */
  guint               next_colocation_id;
  GHashTable         *tenant_schemas; /* schema name → GUINT colocation id */
  GPtrArray          *notes;          /* borrowed, may be NULL */

  /* Foreign keys and triggers the statements so far dropped, where the
   * schema model itself cannot be re-read without them (a live source):
   * "f\037table\037name" and "t\037table\037name".
   */
  GHashTable         *absent;

  /* A statement that fails changes nothing, and a transaction rolls back:
   * each change made while a savepoint is open first writes what it
   * overwrites to the journal (an undo log), so rolling back costs what the
   * statement touched rather than a copy of every table's state.
   */
  GArray             *journal;        /* Undo */
  GArray             *savepoints;     /* Savepoint, innermost last */
  guint               next_serial;
};

typedef enum
{
  UNDO_TABLE,
  UNDO_GROUP,
  UNDO_TENANT,
  UNDO_ABSENT,
} UndoKind;

typedef struct
{
  UndoKind  kind;
  char     *key;       /* table, schema or absent key; NULL for UNDO_GROUP */
  gboolean  existed;
  SimTable  table;     /* UNDO_TABLE: the entry as it was (column owned) */
  guint     value;     /* UNDO_TENANT: the group; UNDO_GROUP: next_colocation_id before */
} Undo;

typedef struct
{
  guint              journal_len;
  guint              serial;
  SwValidatorOptions options;
} Savepoint;

static guint
current_serial (SwCitusSim *sim)
{
  if (sim->savepoints->len == 0)
    return 0;
  return g_array_index (sim->savepoints, Savepoint, sim->savepoints->len - 1).serial;
}

static void
undo_clear (Undo *undo)
{
  g_free (undo->key);
  g_free (undo->table.column);
}

/* Saves @st (NULL: no entry) under @key before it changes. */
static void
journal_table (SwCitusSim *sim,
               const char *key,
               SimTable   *st)
{
  Undo undo = { UNDO_TABLE, g_strdup (key), st != NULL, { 0 }, 0 };

  if (st != NULL)
    {
      undo.table = *st;
      undo.table.column = g_strdup (st->column);
      st->journaled = current_serial (sim);
    }
  g_array_append_val (sim->journal, undo);
}

/* Before @st (the entry of @key) changes: once per savepoint is enough, as
 * the first image is the one a rollback puts back.
 */
static void
touch_table (SwCitusSim *sim,
             const char *key,
             SimTable   *st)
{
  if (sim->savepoints->len > 0 && st->journaled != current_serial (sim))
    journal_table (sim, key, st);
}

static void
journal_key (SwCitusSim *sim,
             UndoKind    kind,
             const char *key,
             gboolean    existed,
             guint       value)
{
  Undo undo = { kind, g_strdup (key), existed, { 0 }, value };

  if (sim->savepoints->len > 0)
    g_array_append_val (sim->journal, undo);
  else
    g_free (undo.key);
}

static void add_group (SwCitusSim *sim,
                       gpointer    group);

static char *
absent_key (gboolean    trigger,
            const char *table,
            const char *name)
{
  return g_strdup_printf ("%c\037%s\037%s", trigger ? 't' : 'f', table, name);
}

static gboolean
is_absent (SwCitusSim *sim,
           gboolean    trigger,
           const char *table,
           const char *name)
{
  g_autofree char *key = NULL;

  if (g_hash_table_size (sim->absent) == 0)
    return FALSE;
  key = absent_key (trigger, table, name);
  return g_hash_table_contains (sim->absent, key);
}

static gboolean
fk_present (SwCitusSim   *sim,
            SwForeignKey *fk)
{
  return !is_absent (sim, FALSE, sw_foreign_key_get_table (fk), sw_foreign_key_get_name (fk));
}

static gboolean
trigger_present (SwCitusSim *sim,
                 SwTable    *t,
                 SwTrigger  *trigger)
{
  return !is_absent (sim, TRUE, sw_table_get_qualified_name (t), sw_trigger_get_name (trigger));
}

static gboolean
has_present_triggers (SwCitusSim *sim,
                      SwTable    *t)
{
  GPtrArray *triggers = sw_table_get_triggers (t);

  for (guint i = 0; i < triggers->len; i++)
    if (trigger_present (sim, t, g_ptr_array_index (triggers, i)))
      return TRUE;
  return FALSE;
}

/* The triggers of @t still there. (transfer container) */
static GPtrArray *
present_triggers (SwCitusSim *sim,
                  SwTable    *t)
{
  GPtrArray *triggers = sw_table_get_triggers (t);
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < triggers->len; i++)
    if (trigger_present (sim, t, g_ptr_array_index (triggers, i)))
      g_ptr_array_add (result, g_ptr_array_index (triggers, i));
  return result;
}

void
_sw_citus_sim_set_absent (SwCitusSim *sim,
                          gboolean    trigger,
                          const char *table,
                          const char *name,
                          gboolean    absent)
{
  char *key = absent_key (trigger, table, name);

  journal_key (sim, UNDO_ABSENT, key, g_hash_table_contains (sim->absent, key), 0);
  if (absent)
    g_hash_table_add (sim->absent, key);
  else
    {
      g_hash_table_remove (sim->absent, key);
      g_free (key);
    }
}

gboolean
_sw_citus_sim_is_absent (SwCitusSim *sim,
                         gboolean    trigger,
                         const char *table,
                         const char *name)
{
  return is_absent (sim, trigger, table, name);
}

static void
sim_table_free (SimTable *st)
{
  g_free (st->column);
  g_free (st);
}

static SimTable *
sim_table_copy (const SimTable *st)
{
  SimTable *copy = g_memdup2 (st, sizeof *st);

  copy->column = g_strdup (st->column);
  return copy;
}

static void
sim_group_free (SimGroup *group)
{
  g_free (group->type_key);
  g_free (group->tenant_schema);
  g_free (group);
}

gboolean
_sw_citus_sim_is_citus (SwSimKind kind)
{
  return kind != SW_SIM_POSTGRES;
}

static gboolean
is_distributed_kind (SwSimKind kind)
{
  return kind == SW_SIM_HASH || kind == SW_SIM_SINGLE_SHARD ||
         kind == SW_SIM_APPEND || kind == SW_SIM_RANGE;
}

static gboolean
has_dist_key (SwSimKind kind)
{
  return kind == SW_SIM_HASH || kind == SW_SIM_APPEND || kind == SW_SIM_RANGE;
}

/* GetTableTypeName() */
static const char *
table_type_name (SwSimKind kind)
{
  switch (kind)
    {
    case SW_SIM_POSTGRES:
      return "regular table";
    case SW_SIM_CITUS_LOCAL:
      return "citus local table";
    case SW_SIM_REFERENCE:
      return "reference table";
    case SW_SIM_HASH:
    case SW_SIM_SINGLE_SHARD:
    case SW_SIM_APPEND:
    case SW_SIM_RANGE:
    default:
      return "distributed table";
    }
}

static SimGroup *
find_group (SwCitusSim *sim,
            guint       id)
{
  return g_hash_table_lookup (sim->groups_by_id, GUINT_TO_POINTER (id));
}

static void
add_group (SwCitusSim *sim,
           gpointer    group)
{
  g_ptr_array_add (sim->groups, group);
  g_hash_table_insert (sim->groups_by_id, GUINT_TO_POINTER (((SimGroup *)group)->id), group);
}

static SimGroup *
new_group (SwCitusSim *sim,
           guint       shard_count,
           guint       replication_factor,
           const char *type_key)
{
  SimGroup *group = g_new0 (SimGroup, 1);

  group->id = sim->next_colocation_id++;
  group->shard_count = shard_count;
  group->replication_factor = replication_factor;
  group->type_key = g_strdup (type_key);
  if (sim->savepoints->len > 0)
    {
      Undo undo = { UNDO_GROUP, NULL, FALSE, { 0 }, group->id };

      g_array_append_val (sim->journal, undo);
    }
  add_group (sim, group);
  return group;
}

/* ColocationId(): the lowest group with the same shard count, replication
 * factor and distribution type; tenant schemas' groups are never reused.
 */
static SimGroup *
find_default_group (SwCitusSim *sim,
                    guint       shard_count,
                    guint       replication_factor,
                    const char *type_key)
{
  for (guint i = 0; i < sim->groups->len; i++)
    {
      SimGroup *group = g_ptr_array_index (sim->groups, i);

      if (group->tenant_schema == NULL && !group->reference &&
          group->shard_count == shard_count &&
          group->replication_factor == replication_factor &&
          g_strcmp0 (group->type_key, type_key) == 0)
        return group;
    }
  return NULL;
}

static SimGroup *
reference_group (SwCitusSim *sim)
{
  for (guint i = 0; i < sim->groups->len; i++)
    {
      SimGroup *group = g_ptr_array_index (sim->groups, i);

      if (group->reference)
        return group;
    }
  {
    SimGroup *group = new_group (sim, 1, 0, "");

    group->reference = TRUE;
    return group;
  }
}

static SwTable *
model (SwCitusSim *sim,
       const char *table)
{
  return sw_schema_find_table (sim->schema, table);
}

static SimTable *
state (SwCitusSim *sim,
       const char *table)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);

  if (st == NULL)
    {
      if (sim->savepoints->len > 0)
        journal_table (sim, table, NULL);
      st = g_new0 (SimTable, 1);
      st->kind = SW_SIM_POSTGRES;
      st->journaled = current_serial (sim);
      g_hash_table_insert (sim->tables, g_strdup (table), st);
    }
  else
    touch_table (sim, table, st);
  return st;
}

static void
set_postgres (SwCitusSim *sim,
              const char *table)
{
  SimTable *st = state (sim, table);

  st->kind = SW_SIM_POSTGRES;
  g_clear_pointer (&st->column, g_free);
  st->colocation_id = 0;
  st->autoconverted = FALSE;
}

/* The name Citus prints with get_rel_name(): unqualified, unquoted. */
static const char *
relname (SwCitusSim *sim,
         const char *table)
{
  SwTable *t = model (sim, table);

  return t != NULL ? sw_table_get_name (t) : table;
}

/* generate_qualified_relation_name(): quoted where needed. */
static const char *
qualname (SwCitusSim *sim,
          const char *table)
{
  SwTable *t = model (sim, table);

  return t != NULL ? sw_table_get_qualified_name (t) : table;
}

static char *
column_type_key (SwColumn *column)
{
  return g_strdup_printf ("%s.%s",
                          sw_column_get_type_schema (column) ? sw_column_get_type_schema (column) : "",
                          sw_column_get_type_internal (column) ? sw_column_get_type_internal (column) :
                          sw_column_get_type_name (column));
}

static SwSimKind
kind_from_citus_kind (SwCitusKind kind)
{
  switch (kind)
    {
    case SW_CITUS_KIND_LOCAL:
      return SW_SIM_CITUS_LOCAL;
    case SW_CITUS_KIND_REFERENCE:
      return SW_SIM_REFERENCE;
    case SW_CITUS_KIND_DISTRIBUTED:
      return SW_SIM_HASH;
    case SW_CITUS_KIND_SINGLE_SHARD:
    case SW_CITUS_KIND_SCHEMA:
      return SW_SIM_SINGLE_SHARD;
    case SW_CITUS_KIND_NONE:
    default:
      return SW_SIM_POSTGRES;
    }
}

/* Starts from the model's Citus metadata, when the source is a coordinator. */
static void
load_metadata (SwCitusSim *sim)
{
  GListModel *tables = sw_schema_list_tables (sim->schema);
  guint n = g_list_model_get_n_items (tables);
  const char * const *schemas = sw_schema_get_distributed_schemas (sim->schema);
  guint max_id = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) t = g_list_model_get_item (tables, i);
      SwSimKind kind = kind_from_citus_kind (sw_table_get_citus_kind (t));
      SimTable *st;
      int id = sw_table_get_citus_colocation_id (t);

      if (kind == SW_SIM_POSTGRES)
        continue;

      st = state (sim, sw_table_get_qualified_name (t));
      st->kind = kind;
      st->column = g_strdup (sw_table_get_citus_distribution_column (t));
      st->replication_factor = 1;
      if (kind == SW_SIM_CITUS_LOCAL || id <= 0)
        continue;

      st->colocation_id = (guint)id;
      max_id = MAX (max_id, (guint)id);
      if (find_group (sim, (guint)id) == NULL)
        {
          SimGroup *group = g_new0 (SimGroup, 1);
          SwColumn *column = st->column ? sw_table_find_column (t, st->column) : NULL;

          group->id = (guint)id;
          group->shard_count = sw_table_get_citus_shard_count (t) > 0 ?
                               (guint)sw_table_get_citus_shard_count (t) : 1;
          group->replication_factor = kind == SW_SIM_REFERENCE ? 0 : 1;
          group->reference = kind == SW_SIM_REFERENCE;
          group->type_key = column ? column_type_key (column) : g_strdup ("");
          if (sw_table_get_citus_kind (t) == SW_CITUS_KIND_SCHEMA)
            group->tenant_schema = g_strdup (sw_table_get_schema_name (t));
          add_group (sim, group);
        }
    }

  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    {
      guint id = 0;

      for (guint j = 0; j < sim->groups->len; j++)
        {
          SimGroup *group = g_ptr_array_index (sim->groups, j);

          if (g_strcmp0 (group->tenant_schema, schemas[i]) == 0)
            id = group->id;
        }
      if (id == 0)
        {
          SimGroup *group = g_new0 (SimGroup, 1);

          group->id = id = max_id + 1000 + i;
          group->shard_count = 1;
          group->replication_factor = 1;
          group->type_key = g_strdup ("");
          group->tenant_schema = g_strdup (schemas[i]);
          add_group (sim, group);
          max_id = MAX (max_id, id);
        }
      g_hash_table_insert (sim->tenant_schemas, g_strdup (schemas[i]), GUINT_TO_POINTER (id));
    }

  sim->next_colocation_id = max_id + 1;
}

SwCitusSim *
_sw_citus_sim_new (SwSchema                 *schema,
                   const SwValidatorOptions *options)
{
  SwCitusSim *sim = g_new0 (SwCitusSim, 1);

  sim->schema = g_object_ref (schema);
  if (options != NULL)
    sim->options = *options;
  else
    sw_validator_options_init_default (&sim->options);
  sim->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)sim_table_free);
  sim->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)sim_group_free);
  sim->groups_by_id = g_hash_table_new (NULL, NULL);
  sim->tenant_schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim->next_colocation_id = 1;
  sim->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim->journal = g_array_new (FALSE, FALSE, sizeof (Undo));
  g_array_set_clear_func (sim->journal, (GDestroyNotify)undo_clear);
  sim->savepoints = g_array_new (FALSE, FALSE, sizeof (Savepoint));
  sim->next_serial = 1;
  load_metadata (sim);
  return sim;
}

SwCitusSim *
_sw_citus_sim_copy (SwCitusSim *sim)
{
  SwCitusSim *copy = g_new0 (SwCitusSim, 1);
  GHashTableIter iter;
  gpointer key, value;

  copy->schema = g_object_ref (sim->schema);
  copy->options = sim->options;
  copy->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)sim_table_free);
  g_hash_table_iter_init (&iter, sim->tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->tables, g_strdup (key), sim_table_copy (value));
  copy->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)sim_group_free);
  copy->groups_by_id = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < sim->groups->len; i++)
    {
      SimGroup *group = g_memdup2 (g_ptr_array_index (sim->groups, i), sizeof (SimGroup));

      group->type_key = g_strdup (group->type_key);
      group->tenant_schema = g_strdup (group->tenant_schema);
      add_group (copy, group);
    }
  copy->next_colocation_id = sim->next_colocation_id;
  copy->tenant_schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, sim->tenant_schemas);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->tenant_schemas, g_strdup (key), value);
  copy->notes = sim->notes;
  copy->absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, sim->absent);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_add (copy->absent, g_strdup (key));
  copy->journal = g_array_new (FALSE, FALSE, sizeof (Undo));
  g_array_set_clear_func (copy->journal, (GDestroyNotify)undo_clear);
  copy->savepoints = g_array_new (FALSE, FALSE, sizeof (Savepoint));
  /* The entries keep their savepoint stamps: the copy's savepoints must not
   * reuse them. */
  copy->next_serial = sim->next_serial;
  return copy;
}

void
_sw_citus_sim_free (SwCitusSim *sim)
{
  if (sim == NULL)
    return;
  g_clear_object (&sim->schema);
  g_hash_table_unref (sim->tables);
  g_hash_table_unref (sim->groups_by_id);
  g_ptr_array_unref (sim->groups);
  g_hash_table_unref (sim->tenant_schemas);
  g_hash_table_unref (sim->absent);
  g_array_unref (sim->journal);
  g_array_unref (sim->savepoints);
  g_free (sim);
}

/**
 * _sw_citus_sim_savepoint:
 *
 * Opens a savepoint: what changes from now on can be rolled back with
 * _sw_citus_sim_rollback_to(), or kept with _sw_citus_sim_release().
 * Savepoints nest; close them innermost first.
 *
 * Returns: the savepoint, to pass to one of those two
 */
guint
_sw_citus_sim_savepoint (SwCitusSim *sim)
{
  Savepoint savepoint = { sim->journal->len, sim->next_serial++, sim->options };

  g_array_append_val (sim->savepoints, savepoint);
  return sim->savepoints->len - 1;
}

static void
undo_one (SwCitusSim *sim,
          Undo       *undo)
{
  switch (undo->kind)
    {
    case UNDO_TABLE:
      if (!undo->existed)
        g_hash_table_remove (sim->tables, undo->key);
      else
        {
          SimTable *st = g_hash_table_lookup (sim->tables, undo->key);

          if (st == NULL)
            {
              st = g_new0 (SimTable, 1);
              g_hash_table_insert (sim->tables, g_strdup (undo->key), st);
            }
          else
            g_free (st->column);
          *st = undo->table;
          undo->table.column = NULL;
        }
      break;
    case UNDO_GROUP:
      {
        SimGroup *group = g_ptr_array_index (sim->groups, sim->groups->len - 1);

        g_hash_table_remove (sim->groups_by_id, GUINT_TO_POINTER (group->id));
        g_ptr_array_set_size (sim->groups, sim->groups->len - 1);
        sim->next_colocation_id = undo->value;
      }
      break;
    case UNDO_TENANT:
      if (undo->existed)
        g_hash_table_insert (sim->tenant_schemas, g_strdup (undo->key), GUINT_TO_POINTER (undo->value));
      else
        g_hash_table_remove (sim->tenant_schemas, undo->key);
      break;
    case UNDO_ABSENT:
      if (undo->existed)
        g_hash_table_add (sim->absent, g_strdup (undo->key));
      else
        g_hash_table_remove (sim->absent, undo->key);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * _sw_citus_sim_rollback_to:
 *
 * Puts everything back as it was when @savepoint was opened (the settings
 * included), and closes it and the savepoints opened after it.
 */
void
_sw_citus_sim_rollback_to (SwCitusSim *sim,
                           guint       savepoint)
{
  Savepoint *sp;

  g_return_if_fail (savepoint < sim->savepoints->len);

  sp = &g_array_index (sim->savepoints, Savepoint, savepoint);
  while (sim->journal->len > sp->journal_len)
    {
      undo_one (sim, &g_array_index (sim->journal, Undo, sim->journal->len - 1));
      g_array_set_size (sim->journal, sim->journal->len - 1);
    }
  sim->options = sp->options;
  g_array_set_size (sim->savepoints, savepoint);
}

/**
 * _sw_citus_sim_release:
 *
 * Keeps what changed since @savepoint and closes it (and the savepoints
 * opened after it). An outer savepoint can still roll the changes back.
 */
void
_sw_citus_sim_release (SwCitusSim *sim,
                       guint       savepoint)
{
  g_return_if_fail (savepoint < sim->savepoints->len);

  g_array_set_size (sim->savepoints, savepoint);
  if (savepoint == 0)
    g_array_set_size (sim->journal, 0);
}

void
_sw_citus_sim_set_schema (SwCitusSim *sim,
                          SwSchema   *schema)
{
  g_set_object (&sim->schema, schema);
}

SwSchema *
_sw_citus_sim_get_schema (SwCitusSim *sim)
{
  return sim->schema;
}

SwValidatorOptions *
_sw_citus_sim_get_options (SwCitusSim *sim)
{
  return &sim->options;
}

void
_sw_citus_sim_set_notes (SwCitusSim *sim,
                         GPtrArray  *notes)
{
  sim->notes = notes;
}

SwSimKind
_sw_citus_sim_get_kind (SwCitusSim *sim,
                        const char *table)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);

  return st != NULL ? st->kind : SW_SIM_POSTGRES;
}

const char *
_sw_citus_sim_get_column (SwCitusSim *sim,
                          const char *table)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);

  return st != NULL ? st->column : NULL;
}

guint
_sw_citus_sim_get_colocation_id (SwCitusSim *sim,
                                 const char *table)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);

  return st != NULL ? st->colocation_id : 0;
}

gboolean
_sw_citus_sim_is_tenant_schema (SwCitusSim *sim,
                                const char *schema_name)
{
  return g_hash_table_contains (sim->tenant_schemas, schema_name);
}

void
_sw_citus_sim_forget_table (SwCitusSim *sim,
                            const char *table)
{
  if (sim->savepoints->len > 0)
    journal_table (sim, table, g_hash_table_lookup (sim->tables, table));
  g_hash_table_remove (sim->tables, table);
}

void
_sw_citus_sim_rename_table (SwCitusSim *sim,
                            const char *old_name,
                            const char *new_name)
{
  gpointer key, value;

  if (sim->savepoints->len > 0 && g_hash_table_contains (sim->tables, old_name))
    {
      journal_table (sim, new_name, g_hash_table_lookup (sim->tables, new_name));
      journal_table (sim, old_name, g_hash_table_lookup (sim->tables, old_name));
    }
  if (g_hash_table_steal_extended (sim->tables, old_name, &key, &value))
    {
      g_free (key);
      g_hash_table_replace (sim->tables, g_strdup (new_name), value);
    }
}

/* ------------------------------------------------------------------------ */
/* Diagnostics and fixes                                                     */

static SwDiagnostic *
make_diag (SwSeverity  severity,
           const char *code,
           const char *table,
           const char *column,
           const char *error,
           const char *detail,
           const char *hint,
           const char *explanation)
{
  SwDiagnostic *diag = sw_diagnostic_new (severity, code, error, detail, hint, explanation);

  if (table != NULL)
    sw_diagnostic_add_table (diag, table);
  if (column != NULL)
    sw_diagnostic_add_column (diag, column);
  return diag;
}

static void
note (SwCitusSim   *sim,
      SwDiagnostic *diag)
{
  if (sim->notes != NULL)
    g_ptr_array_add (sim->notes, diag);
  else
    g_object_unref (diag);
}

static void
fix_plan (SwDiagnostic *diag,
          const char   *description,
          const char   *table,
          SwPlanKind    kind,
          const char   *column,
          const char   *colocate_with)
{
  SwFix *fix = sw_fix_new (description);

  fix->plan_change = g_new0 (SwPlanTable, 1);
  fix->plan_change->table = g_strdup (table);
  fix->plan_change->kind = kind;
  fix->plan_change->column = g_strdup (column);
  fix->plan_change->colocate_with = g_strdup (colocate_with);
  fix->plan_change->confidence = -1;
  fix->plan_change->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_plan_alternative_free);
  sw_diagnostic_add_fix (diag, fix);
}

static void
fix_ddl (SwDiagnostic *diag,
         const char   *description,
         const char   *ddl)
{
  SwFix *fix = sw_fix_new (description);

  fix->ddl = g_strdup (ddl);
  sw_diagnostic_add_fix (diag, fix);
}

static void
fix_reference (SwDiagnostic *diag,
               SwCitusSim   *sim,
               const char   *table)
{
  g_autofree char *text = g_strdup_printf (_("Make %s a reference table"), relname (sim, table));

  fix_plan (diag, text, table, SW_PLAN_KIND_REFERENCE, NULL, NULL);
}

static void
fix_local (SwDiagnostic *diag,
           SwCitusSim   *sim,
           const char   *table)
{
  g_autofree char *text = g_strdup_printf (_("Keep %s a local table on the coordinator"), relname (sim, table));

  fix_plan (diag, text, table, SW_PLAN_KIND_LOCAL, NULL, NULL);
}

static void
fix_drop_fk (SwDiagnostic *diag,
             SwForeignKey *fk)
{
  g_autofree char *constraint = sw_quote_identifier (sw_foreign_key_get_name (fk));
  g_autofree char *ddl = g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s;",
                                          sw_foreign_key_get_table (fk), constraint);
  g_autofree char *text = g_strdup_printf (_("Drop the foreign key %s (the application keeps the rows consistent)"),
                                           sw_foreign_key_get_name (fk));

  fix_ddl (diag, text, ddl);
}

/* ------------------------------------------------------------------------ */
/* Model helpers                                                             */

static gboolean
strv_has (const char * const *strv,
          const char         *value)
{
  return strv != NULL && value != NULL && g_strv_contains (strv, value);
}

static int
strv_index (const char * const *strv,
            const char         *value)
{
  for (int i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_str_equal (strv[i], value))
      return i;
  return -1;
}

static gboolean
column_defaults_to_nextval (SwTable    *t,
                            const char *name)
{
  SwColumn *column = sw_table_find_column (t, name);
  const char *def;

  if (column == NULL)
    return FALSE;
  def = sw_column_get_default_expr (column);
  return (def != NULL && strstr (def, "nextval(") != NULL);
}

static gboolean
is_inherited_by_any (SwCitusSim *sim,
                     SwTable    *t)
{
  return _sw_schema_is_inherited (sim->schema, sw_table_get_qualified_name (t));
}

static GPtrArray *
partitions_of (SwCitusSim *sim,
               SwTable    *t)
{
  GPtrArray *partitions = _sw_schema_get_partitions (sim->schema, sw_table_get_qualified_name (t));
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; partitions != NULL && i < partitions->len; i++)
    g_ptr_array_add (result, g_object_ref (g_ptr_array_index (partitions, i)));
  return result;
}

static gboolean
is_partitioned (SwTable *t)
{
  return sw_table_get_rel_kind (t) == SW_REL_KIND_PARTITIONED_TABLE;
}

static gboolean
has_identity_column (SwTable *t)
{
  GPtrArray *columns = sw_table_get_columns (t);

  for (guint i = 0; i < columns->len; i++)
    if (sw_column_get_identity (g_ptr_array_index (columns, i)) != SW_IDENTITY_NONE)
      return TRUE;
  return FALSE;
}

static gboolean
sublink_cb (PgQuery__Node *node,
            gpointer       user_data)
{
  gboolean *found = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
    *found = TRUE;
  return !*found;
}

/* Parses the expression with the real parser to find a sub-query in it. */
static gboolean
expression_has_subquery (const char *expr)
{
  g_autofree char *sql = NULL;
  PgQueryProtobufParseResult result;
  PgQuery__ParseResult *tree;
  gboolean found = FALSE;

  if (expr == NULL || *expr == '\0')
    return FALSE;

  sql = g_strdup_printf ("SELECT (%s)", expr);
  result = pg_query_parse_protobuf (sql);
  if (result.error == NULL &&
      (tree = pg_query__parse_result__unpack (NULL, result.parse_tree.len,
                                              (const uint8_t *)result.parse_tree.data)))
    {
      for (size_t i = 0; i < tree->n_stmts && !found; i++)
        _sw_pg_query_walk ((ProtobufCMessage *)tree->stmts[i]->stmt, FALSE, sublink_cb, &found);
      pg_query__parse_result__free_unpacked (tree, NULL);
    }
  else if (result.error != NULL)
    {
      /* Not parseable alone: look for the keyword, as a last resort. */
      g_autofree char *lower = g_ascii_strdown (expr, -1);

      found = strstr (lower, "select") != NULL;
    }
  pg_query_free_protobuf_parse_result (result);
  return found;
}

/* All FKs that touch @t, outgoing then incoming. */
static GPtrArray *
fks_touching (SwCitusSim *sim,
              SwTable    *t)
{
  GPtrArray *result = g_ptr_array_new ();
  GPtrArray *out = sw_table_get_foreign_keys (t);
  GPtrArray *in = sw_schema_list_referencing_keys (sim->schema, t);
  guint n_out;

  for (guint i = 0; i < out->len; i++)
    if (fk_present (sim, g_ptr_array_index (out, i)))
      g_ptr_array_add (result, g_ptr_array_index (out, i));
  /* The incoming keys are each listed once: one is already there only as
   * an outgoing key (it references its own table). Looking through the
   * whole result instead made a reference table with thousands of
   * referencing keys quadratic. */
  n_out = result->len;
  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (in, i);
      gboolean outgoing = FALSE;

      for (guint j = 0; j < n_out && !outgoing; j++)
        outgoing = g_ptr_array_index (result, j) == fk;
      if (!outgoing && fk_present (sim, fk))
        g_ptr_array_add (result, fk);
    }
  return result;
}

/* ------------------------------------------------------------------------ */
/* §1 Foreign keys: ErrorIfUnsupportedForeignConstraintExists()              */

typedef struct
{
  SwSimKind   kind;
  const char *column;
  guint       colocation_id;
  guint       replication_factor;
} Params;

static void
params_of (SwCitusSim *sim,
           const char *table,
           Params     *p)
{
  SimTable *st = state (sim, table);

  p->kind = st->kind;
  p->column = st->column;
  p->colocation_id = st->colocation_id;
  p->replication_factor = st->replication_factor ? st->replication_factor : 1;
}

static gboolean
action_restricts (SwFkAction action)
{
  return action == SW_FK_ACTION_NO_ACTION || action == SW_FK_ACTION_RESTRICT;
}

/* FK-8 */
static gboolean
sets_nextval_column_to_default (SwCitusSim   *sim,
                                SwForeignKey *fk)
{
  SwTable *t = model (sim, sw_foreign_key_get_table (fk));
  const char * const *columns = sw_foreign_key_get_columns (fk);
  const char * const *set_columns = sw_foreign_key_get_on_delete_set_columns (fk);

  if (t == NULL)
    return FALSE;
  if (sw_foreign_key_get_on_update (fk) == SW_FK_ACTION_SET_DEFAULT)
    for (guint i = 0; columns && columns[i]; i++)
      if (column_defaults_to_nextval (t, columns[i]))
        return TRUE;
  if (sw_foreign_key_get_on_delete (fk) == SW_FK_ACTION_SET_DEFAULT)
    {
      const char * const *cols = (set_columns && set_columns[0]) ? set_columns : columns;

      for (guint i = 0; cols && cols[i]; i++)
        if (column_defaults_to_nextval (t, cols[i]))
          return TRUE;
    }
  return FALSE;
}

static SwDiagnostic *
fk_diag (SwCitusSim   *sim,
         SwForeignKey *fk,
         const char   *code,
         const char   *error,
         const char   *detail,
         const char   *hint,
         const char   *explanation)
{
  SwDiagnostic *diag = make_diag (SW_SEVERITY_ERROR, code, sw_foreign_key_get_table (fk), NULL,
                                  error, detail, hint, explanation);
  const char * const *columns = sw_foreign_key_get_columns (fk);

  sw_diagnostic_add_table (diag, sw_foreign_key_get_ref_table (fk));
  for (guint i = 0; columns && columns[i]; i++)
    sw_diagnostic_add_column (diag, columns[i]);
  sw_diagnostic_set_constraint (diag, sw_foreign_key_get_table (fk), sw_foreign_key_get_name (fk));
  return diag;
}

/* Checks one FK whose referencing table has (or is about to have) the
 * parameters @referencing. The order is Citus's: FK-1/2, FK-8, FK-4, FK-3,
 * FK-6, FK-5, FK-7, FK-9.
 */
static SwDiagnostic *
check_foreign_key (SwCitusSim   *sim,
                   SwForeignKey *fk,
                   const Params *referencing)
{
  const char *table = sw_foreign_key_get_table (fk);
  const char *ref_table = sw_foreign_key_get_ref_table (fk);
  const char *ref_name = relname (sim, ref_table);
  Params referenced;
  SwDiagnostic *diag;

  if (g_str_equal (table, ref_table))
    referenced = *referencing;
  else
    params_of (sim, ref_table, &referenced);

  /* FK-1 and FK-2 */
  if (referenced.kind == SW_SIM_POSTGRES)
    {
      if (referencing->kind == SW_SIM_CITUS_LOCAL)
        {
          g_autofree char *error = g_strdup_printf ("cannot create foreign key constraint as \"%s\" is a postgres local table", ref_name);
          g_autofree char *hint = g_strdup_printf ("first add local table to citus metadata by using SELECT citus_add_local_table_to_metadata('%s') and execute the ALTER TABLE command to create the foreign key to local table", ref_name);

          diag = fk_diag (sim, fk, "fk-citus-local-to-postgres", error, NULL, hint,
                          _("A local table added to Citus metadata can only reference tables Citus knows."));
          fix_reference (diag, sim, ref_table);
          return diag;
        }
      else
        {
          g_autofree char *error = g_strdup_printf ("referenced table \"%s\" must be a distributed table or a reference table", ref_name);
          g_autofree char *hint = g_strdup_printf ("You could use SELECT create_reference_table('%s') to replicate the referenced table to all nodes or consider dropping the foreign key", ref_name);
          g_autofree char *explanation = g_strdup_printf (_("%s references %s, which stays a plain local table on the coordinator: Citus cannot enforce a foreign key between rows stored on different nodes."),
                                                          relname (sim, table), ref_name);

          diag = fk_diag (sim, fk, "fk-distributed-to-local", error,
                          "To enforce foreign keys, the referencing and referenced rows need to be stored on the same node.",
                          hint, explanation);
          fix_reference (diag, sim, ref_table);
          fix_drop_fk (diag, fk);
          return diag;
        }
    }

  /* FK-8 */
  if (sets_nextval_column_to_default (sim, fk))
    {
      diag = fk_diag (sim, fk, "fk-set-default-sequence",
                      "cannot create foreign key constraint since Citus does not support ON DELETE / UPDATE SET DEFAULT actions on the columns that default to sequences",
                      NULL, NULL,
                      _("The foreign key sets a column whose default comes from a sequence back to its default; Citus cannot do that on shards."));
      fix_ddl (diag, _("Re-create the foreign key with ON DELETE/ON UPDATE NO ACTION"), NULL);
      return diag;
    }

  /* FK-4 */
  if (referencing->kind == SW_SIM_REFERENCE && referenced.kind == SW_SIM_CITUS_LOCAL &&
      (!action_restricts (sw_foreign_key_get_on_delete (fk)) ||
       !action_restricts (sw_foreign_key_get_on_update (fk))))
    {
      g_autofree char *hint = g_strdup_printf ("You could use SELECT create_reference_table('%s') to replicate the referenced table to all nodes or consider dropping the foreign key", ref_name);

      diag = fk_diag (sim, fk, "fk-reference-to-local-action",
                      "cannot define foreign key constraint, foreign keys from reference tables to local tables can only be defined with NO ACTION or RESTRICT behaviors",
                      NULL, hint,
                      _("A reference table may point at a local table only with NO ACTION or RESTRICT: cascading changes from the coordinator to every node is not supported."));
      fix_reference (diag, sim, ref_table);
      return diag;
    }

  /* FK-3 */
  if ((referencing->kind == SW_SIM_REFERENCE || referencing->kind == SW_SIM_CITUS_LOCAL) &&
      is_distributed_kind (referenced.kind))
    {
      g_autofree char *explanation = g_strdup_printf (_("%s is a reference or local table but references the distributed table %s: its rows would need every shard of %s on every node."),
                                                      relname (sim, table), ref_name, ref_name);

      diag = fk_diag (sim, fk, "fk-reference-to-distributed",
                      "cannot create foreign key constraint since foreign keys from reference tables and local tables to distributed tables are not supported",
                      "Reference tables and local tables can only have foreign keys to reference tables and local tables",
                      NULL, explanation);
      if (referenced.column != NULL && sw_foreign_key_get_columns (fk) != NULL)
        {
          int pos = strv_index (sw_foreign_key_get_ref_columns (fk), referenced.column);

          if (pos >= 0)
            {
              g_autofree char *text = g_strdup_printf (_("Distribute %s on %s, colocated with %s"),
                                                       relname (sim, table),
                                                       sw_foreign_key_get_columns (fk)[pos], ref_name);

              fix_plan (diag, text, table, SW_PLAN_KIND_DISTRIBUTED,
                        sw_foreign_key_get_columns (fk)[pos], ref_table);
            }
        }
      fix_reference (diag, sim, ref_table);
      fix_drop_fk (diag, fk);
      return diag;
    }

  if (!is_distributed_kind (referencing->kind))
    return NULL;

  /* FK-6 */
  if (referenced.kind != SW_SIM_REFERENCE &&
      (referencing->colocation_id == 0 || referencing->colocation_id != referenced.colocation_id))
    {
      g_autofree char *explanation = g_strdup_printf (_("%s and %s are not in the same colocation group, so matching rows may live on different nodes."),
                                                      relname (sim, table), ref_name);

      diag = fk_diag (sim, fk, "fk-not-colocated",
                      "cannot create foreign key constraint since relations are not colocated or not referencing a reference table",
                      "A distributed table can only have foreign keys if it is referencing another colocated hash distributed table or a reference table",
                      NULL, explanation);
      if (referenced.kind == SW_SIM_HASH && referenced.column != NULL)
        {
          int pos = strv_index (sw_foreign_key_get_ref_columns (fk), referenced.column);

          if (pos >= 0)
            {
              g_autofree char *text = g_strdup_printf (_("Distribute %s on %s, colocated with %s"),
                                                       relname (sim, table),
                                                       sw_foreign_key_get_columns (fk)[pos], ref_name);

              fix_plan (diag, text, table, SW_PLAN_KIND_DISTRIBUTED,
                        sw_foreign_key_get_columns (fk)[pos], ref_table);
            }
        }
      fix_reference (diag, sim, ref_table);
      fix_drop_fk (diag, fk);
      return diag;
    }

  /* FK-5 */
  if (has_dist_key (referencing->kind) && referencing->column != NULL &&
      strv_has (sw_foreign_key_get_columns (fk), referencing->column))
    {
      SwFkAction on_delete = sw_foreign_key_get_on_delete (fk);
      SwFkAction on_update = sw_foreign_key_get_on_update (fk);

      if (on_delete == SW_FK_ACTION_SET_NULL || on_delete == SW_FK_ACTION_SET_DEFAULT)
        {
          diag = fk_diag (sim, fk, "fk-on-delete-set-null-dist-key",
                          "cannot create foreign key constraint",
                          "SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint",
                          NULL,
                          _("ON DELETE SET NULL/SET DEFAULT would change the distribution column, which would move the row to another shard."));
          fix_ddl (diag, _("Re-create the foreign key with ON DELETE CASCADE, RESTRICT or NO ACTION"), NULL);
          return diag;
        }
      if (on_update == SW_FK_ACTION_SET_NULL || on_update == SW_FK_ACTION_SET_DEFAULT ||
          on_update == SW_FK_ACTION_CASCADE)
        {
          diag = fk_diag (sim, fk, "fk-on-update-dist-key",
                          "cannot create foreign key constraint",
                          "SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint.",
                          NULL,
                          _("ON UPDATE CASCADE/SET NULL/SET DEFAULT would change the distribution column, which Citus never does."));
          fix_ddl (diag, _("Re-create the foreign key with ON UPDATE RESTRICT or NO ACTION"), NULL);
          return diag;
        }
    }

  /* FK-7 */
  if (has_dist_key (referenced.kind) && has_dist_key (referencing->kind))
    {
      int pos = referencing->column ? strv_index (sw_foreign_key_get_columns (fk), referencing->column) : -1;
      int ref_pos = referenced.column ? strv_index (sw_foreign_key_get_ref_columns (fk), referenced.column) : -1;

      if (pos < 0 || ref_pos < 0 || pos != ref_pos)
        {
          g_autofree char *explanation = g_strdup_printf (_("The foreign key from %s to %s must pair the two distribution columns, so that matching rows share a shard."),
                                                          relname (sim, table), ref_name);

          diag = fk_diag (sim, fk, "fk-distribution-column-position",
                          "cannot create foreign key constraint",
                          "Foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables",
                          NULL, explanation);
          if (ref_pos >= 0)
            {
              const char *column = sw_foreign_key_get_columns (fk)[ref_pos];
              g_autofree char *text = g_strdup_printf (_("Distribute %s on %s, colocated with %s"),
                                                       relname (sim, table), column, ref_name);

              fix_plan (diag, text, table, SW_PLAN_KIND_DISTRIBUTED, column, ref_table);
            }
          fix_reference (diag, sim, ref_table);
          return diag;
        }
    }

  /* FK-9 */
  if (has_dist_key (referencing->kind) && referencing->replication_factor > 1)
    {
      diag = fk_diag (sim, fk, "fk-replication-factor",
                      "cannot create foreign key constraint",
                      "Citus currently supports foreign key constraints only for \"citus.shard_replication_factor = 1\".",
                      "Please change \"citus.shard_replication_factor to 1\". To learn more about using foreign keys with other replication factors, please contact us at https://citusdata.com/about/contact_us.",
                      _("Foreign keys need one copy of each shard (replication factor 1)."));
      return diag;
    }

  return NULL;
}

/* Checks every FK where @table is the referencing side, skipping those to
 * tables in @skip (FKs dropped for the operation).
 */
static SwDiagnostic *
check_outgoing_fks (SwCitusSim   *sim,
                    SwTable      *t,
                    const Params *p)
{
  GPtrArray *fks = sw_table_get_foreign_keys (t);

  for (guint i = 0; i < fks->len; i++)
    {
      SwDiagnostic *diag;

      if (!fk_present (sim, g_ptr_array_index (fks, i)))
        continue;
      diag = check_foreign_key (sim, g_ptr_array_index (fks, i), p);

      if (diag != NULL)
        return diag;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Snapshots: a statement that fails changes nothing                         */

static SwDiagnostic *
finish (SwCitusSim   *sim,
        guint         savepoint,
        SwDiagnostic *diag)
{
  if (diag != NULL)
    _sw_citus_sim_rollback_to (sim, savepoint);
  else
    _sw_citus_sim_release (sim, savepoint);
  return diag;
}

/* ------------------------------------------------------------------------ */
/* §1.6 Automatic conversion of Postgres tables to Citus local tables        */

static gboolean
local_reference_fkeys_enabled (SwCitusSim *sim)
{
  return sim->options.enable_local_reference_table_foreign_keys &&
         sim->options.coordinator_in_metadata;
}

/* citus_add_local_table_to_metadata()'s checks on one table. */
static SwDiagnostic *
check_can_add_local (SwCitusSim *sim,
                     SwTable    *t,
                     gboolean    autoconverting)
{
  const char *name = sw_table_get_name (t);
  const char *detail = autoconverting ?
    "When adding a foreign key from a local table to a reference table, Citus applies a conversion to all the local tables in the foreign key graph" : NULL;

  if ((sw_table_get_inherits (t) && sw_table_get_inherits (t)[0]) || is_inherited_by_any (sim, t))
    {
      g_autofree char *error = g_strdup_printf ("cannot add local table \"%s\" to metadata, local tables added to metadata cannot be involved in inheritance relationships", name);

      return make_diag (SW_SEVERITY_ERROR, "local-table-inheritance", sw_table_get_qualified_name (t), NULL,
                        error, detail, NULL,
                        _("Tables that use INHERITS cannot be added to Citus metadata."));
    }
  if (sw_table_get_persistence (t) == SW_PERSISTENCE_TEMPORARY)
    return make_diag (SW_SEVERITY_ERROR, "temporary-table", sw_table_get_qualified_name (t), NULL,
                      "constraints on temporary tables may reference only temporary tables", detail, NULL,
                      _("A temporary table cannot take part in Citus metadata."));
  if (sw_table_get_partition_parent (t) != NULL &&
      _sw_citus_sim_get_kind (sim, sw_table_get_partition_parent (t)) == SW_SIM_POSTGRES)
    {
      const char *parent = sw_table_get_partition_parent (t);

      if (autoconverting)
        {
          g_autofree char *hint = g_strdup_printf ("Try using parent table: %s", relname (sim, parent));

          return make_diag (SW_SEVERITY_ERROR, "fk-reference-partition", sw_table_get_qualified_name (t), NULL,
                            "cannot build foreign key between reference table and a partition", NULL, hint,
                            _("A foreign key between a reference table and a partition must be declared on the partitioned table."));
        }
      else
        {
          g_autofree char *error = g_strdup_printf ("cannot add local table %s to metadata since it is a partition of %s. Instead, add the parent table %s to metadata.",
                                                    name, relname (sim, parent), relname (sim, parent));

          return make_diag (SW_SEVERITY_ERROR, "local-table-partition", sw_table_get_qualified_name (t), NULL,
                            error, NULL, NULL, _("Add the partitioned table instead of one of its partitions."));
        }
    }
  return NULL;
}

static void
collect_component (SwCitusSim *sim,
                   SwTable    *start,
                   GPtrArray  *seen)
{
  GPtrArray *queue = g_ptr_array_new ();
  /* Membership of @seen, which keeps the order: a big component of local
   * tables made each find scan it (quadratic). */
  g_autoptr(GHashTable) in_seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < seen->len; i++)
    g_hash_table_add (in_seen, g_ptr_array_index (seen, i));
  if (!g_hash_table_contains (in_seen, start))
    {
      g_hash_table_add (in_seen, start);
      g_ptr_array_add (seen, start);
      g_ptr_array_add (queue, start);
    }
  for (guint q = 0; q < queue->len; q++)
    {
      SwTable *t = g_ptr_array_index (queue, q);
      g_autoptr(GPtrArray) fks = fks_touching (sim, t);

      for (guint i = 0; i < fks->len; i++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, i);
          const char *other_name = g_str_equal (sw_foreign_key_get_table (fk), sw_table_get_qualified_name (t)) ?
                                   sw_foreign_key_get_ref_table (fk) : sw_foreign_key_get_table (fk);
          SwTable *other = model (sim, other_name);

          if (other != NULL && !g_hash_table_contains (in_seen, other))
            {
              g_hash_table_add (in_seen, other);
              g_ptr_array_add (seen, other);
              g_ptr_array_add (queue, other);
            }
        }
    }
  g_ptr_array_unref (queue);
}

static int
compare_tables_by_name (gconstpointer a,
                        gconstpointer b)
{
  return g_strcmp0 (sw_table_get_qualified_name (*(SwTable **)a),
                    sw_table_get_qualified_name (*(SwTable **)b));
}

/* Turns every Postgres table FK-connected to @starts into a Citus local
 * table, then re-creates (re-checks) the FKs of the converted tables, as
 * CascadeOperationForFkeyConnectedRelations() does.
 */
static SwDiagnostic *
convert_component (SwCitusSim *sim,
                   GPtrArray  *starts,
                   gboolean    autoconverted)
{
  g_autoptr(GPtrArray) component = g_ptr_array_new ();
  g_autoptr(GPtrArray) converted = g_ptr_array_new ();

  for (guint i = 0; i < starts->len; i++)
    collect_component (sim, g_ptr_array_index (starts, i), component);

  for (guint i = 0; i < component->len; i++)
    {
      SwTable *t = g_ptr_array_index (component, i);

      if (_sw_citus_sim_get_kind (sim, sw_table_get_qualified_name (t)) == SW_SIM_POSTGRES)
        g_ptr_array_add (converted, t);
    }
  g_ptr_array_sort (converted, compare_tables_by_name);

  for (guint i = 0; i < converted->len; i++)
    {
      SwDiagnostic *diag = check_can_add_local (sim, g_ptr_array_index (converted, i), autoconverted);

      if (diag != NULL)
        return diag;
    }

  for (guint i = 0; i < converted->len; i++)
    {
      SwTable *t = g_ptr_array_index (converted, i);
      SimTable *st = state (sim, sw_table_get_qualified_name (t));

      st->kind = SW_SIM_CITUS_LOCAL;
      st->colocation_id = 0;
      st->autoconverted = autoconverted;
      g_clear_pointer (&st->column, g_free);
    }

  /* Re-create the FKs of the whole component. */
  for (guint i = 0; i < component->len; i++)
    {
      SwTable *t = g_ptr_array_index (component, i);
      Params p;
      SwDiagnostic *diag;

      params_of (sim, sw_table_get_qualified_name (t), &p);
      if (p.kind == SW_SIM_POSTGRES)
        continue;
      if ((diag = check_outgoing_fks (sim, t, &p)))
        {
          /* An error inside the conversion of a table is re-thrown with
           * the conversion's DETAIL in place of the original one.
           */
          if (autoconverted && g_ptr_array_find (converted, t, NULL) &&
              sw_diagnostic_get_detail (diag) != NULL)
            sw_diagnostic_set_detail (diag, "When adding a foreign key from a local table to a reference table, Citus applies a conversion to all the local tables in the foreign key graph");
          return diag;
        }
    }

  if (autoconverted && converted->len > 0)
    {
      for (guint i = 0; i < converted->len; i++)
        {
          SwTable *t = g_ptr_array_index (converted, i);
          g_autofree char *hint = g_strdup_printf ("Executing citus_add_local_table_to_metadata($$%s$$) prevents this for the given relation, and all of the connected relations",
                                                   sw_table_get_qualified_name (t));
          g_autofree char *explanation = g_strdup_printf (_("%s stays on the coordinator but becomes a Citus local table, because it has a foreign key with a reference table."),
                                                          sw_table_get_name (t));

          note (sim, make_diag (SW_SEVERITY_INFO, "local-table-auto-converted", sw_table_get_qualified_name (t), NULL,
                                "local tables that are added to metadata automatically by citus, but not chained with reference tables via foreign keys might be automatically converted back to postgres tables",
                                NULL, hint, explanation));
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* §5.1–5.5 EnsureCitusTableCanBeCreated()                                   */

static SwDiagnostic *
check_can_be_created (SwCitusSim *sim,
                      SwTable    *t)
{
  const char *name = sw_table_get_name (t);
  const char *table = sw_table_get_qualified_name (t);
  SwDiagnostic *diag;

  if (sw_table_get_persistence (t) == SW_PERSISTENCE_TEMPORARY)
    {
      diag = make_diag (SW_SEVERITY_ERROR, "temporary-table", table, NULL,
                        "cannot distribute a temporary table", NULL, NULL,
                        _("Temporary tables live in one session on the coordinator and cannot be distributed."));
      fix_local (diag, sim, table);
      return diag;
    }
  if (sw_table_get_rel_kind (t) == SW_REL_KIND_FOREIGN_TABLE)
    {
      g_autofree char *hint = g_strdup_printf ("Can add foreign table \"%s\" to metadata by running: SELECT citus_add_local_table_to_metadata($$%s$$);",
                                               name, table);

      diag = make_diag (SW_SEVERITY_ERROR, "foreign-table", table, NULL,
                        "foreign tables cannot be distributed", NULL, hint,
                        _("A foreign table's rows live in another server; Citus can only add it to its metadata as a local table."));
      fix_local (diag, sim, table);
      return diag;
    }
  if ((sw_table_get_inherits (t) && sw_table_get_inherits (t)[0]) || is_inherited_by_any (sim, t))
    {
      g_autofree char *error = g_strdup_printf ("%s is not a regular, foreign or partitioned table", name);

      diag = make_diag (SW_SEVERITY_ERROR, "inheritance", table, NULL, error, NULL, NULL,
                        _("Citus does not support table inheritance (INHERITS); only declarative partitioning."));
      fix_local (diag, sim, table);
      return diag;
    }
  return NULL;
}

/* §4 T-1 */
static SwDiagnostic *
check_triggers (SwCitusSim *sim,
                SwTable    *t)
{
  g_autoptr(GPtrArray) triggers = present_triggers (sim, t);
  SwDiagnostic *diag;

  if (sim->options.enable_unsafe_triggers || triggers->len == 0)
    return NULL;

  {
    g_autofree char *error = g_strdup_printf ("cannot distribute relation \"%s\" because it has triggers", sw_table_get_name (t));
    g_autofree char *hint = g_strdup_printf ("Consider dropping all the triggers on \"%s\" and retry.", sw_table_get_name (t));

    diag = make_diag (SW_SEVERITY_ERROR, "triggers", sw_table_get_qualified_name (t), NULL, error, NULL, hint,
                      _("Citus refuses tables with triggers unless citus.enable_unsafe_triggers is on; then the triggers run on every shard and must only touch that shard."));
    for (guint i = 0; i < triggers->len; i++)
      {
        SwTrigger *trigger = g_ptr_array_index (triggers, i);
        g_autofree char *trig = sw_quote_identifier (sw_trigger_get_name (trigger));
        g_autofree char *ddl = g_strdup_printf ("DROP TRIGGER %s ON %s;", trig, sw_table_get_qualified_name (t));
        g_autofree char *text = g_strdup_printf (_("Drop the trigger %s (or turn citus.enable_unsafe_triggers on)"),
                                                 sw_trigger_get_name (trigger));

        fix_ddl (diag, text, ddl);
      }
    fix_local (diag, sim, sw_table_get_qualified_name (t));
    return diag;
  }
}

/* §5.11 */
static SwDiagnostic *
check_policies (SwCitusSim *sim,
                SwTable    *t)
{
  GPtrArray *policies = sw_table_get_policies (t);

  for (guint i = 0; i < policies->len; i++)
    {
      SwPolicy *policy = g_ptr_array_index (policies, i);

      if (expression_has_subquery (sw_policy_get_using_expr (policy)) ||
          expression_has_subquery (sw_policy_get_check_expr (policy)))
        {
          SwDiagnostic *diag = make_diag (SW_SEVERITY_ERROR, "policy-subquery", sw_table_get_qualified_name (t), NULL,
                                          "cannot create policy",
                                          "Subqueries are not supported in policies on distributed tables", NULL,
                                          _("A row-level security policy that runs a sub-query cannot be evaluated on the shards."));
          g_autofree char *name = sw_quote_identifier (sw_policy_get_name (policy));
          g_autofree char *ddl = g_strdup_printf ("DROP POLICY %s ON %s;", name, sw_table_get_qualified_name (t));

          fix_ddl (diag, _("Rewrite the policy without a sub-query, for example with a function"), ddl);
          fix_local (diag, sim, sw_table_get_qualified_name (t));
          return diag;
        }
    }
  return NULL;
}

static const char * const unhashable_types[] = {
  "bit", "varbit", "box", "circle", "json", "jsonpath", "line", "lseg", "money", "path",
  "point", "polygon", "refcursor", "tsquery", "tsvector", "txid_snapshot", "pg_snapshot", "xml",
  NULL
};

static const char * const unsortable_types[] = {
  "box", "circle", "json", "jsonpath", "line", "lseg", "path", "point", "polygon",
  "txid_snapshot", "pg_snapshot", "xml", "refcursor",
  NULL
};

/* The built-in type a column's values are hashed as (domains: their base). */
static const char *
base_internal_type (SwCitusSim *sim,
                    SwColumn   *column,
                    gboolean   *builtin)
{
  const char *type_schema = sw_column_get_type_schema (column);

  *builtin = g_strcmp0 (type_schema, "pg_catalog") == 0;
  if (sw_column_get_type_kind (column) == SW_TYPE_KIND_DOMAIN)
    {
      g_autofree char *qualified = sw_quote_qualified_name (type_schema, sw_column_get_type_internal (column));
      SwUserType *domain = sw_schema_find_user_type (sim->schema, qualified);
      const char *base = domain ? sw_user_type_get_base_type (domain) : NULL;

      *builtin = TRUE;
      if (base == NULL)
        return NULL;
      if (g_str_equal (base, "bit varying") || g_str_has_prefix (base, "bit varying("))
        return "varbit";
      if (g_str_has_prefix (base, "bit(") || g_str_equal (base, "bit"))
        return "bit";
      return base;
    }
  return sw_column_get_type_internal (column);
}

/* §3.2 */
static SwDiagnostic *
check_distribution_column_type (SwCitusSim *sim,
                                SwTable    *t,
                                SwColumn   *column,
                                SwSimKind   method)
{
  const char *name = sw_table_get_name (t);
  const char *table = sw_table_get_qualified_name (t);
  const char *colname = sw_column_get_name (column);
  SwDiagnostic *diag;
  gboolean builtin;
  const char *type;

  if (sw_column_get_generated_expr (column) != NULL)
    {
      g_autofree char *error = g_strdup_printf ("cannot distribute relation: %s", name);

      diag = make_diag (SW_SEVERITY_ERROR, "distribution-column-generated", table, colname, error,
                        "Distribution column must not use GENERATED ALWAYS AS (...) STORED.", NULL,
                        _("A generated column cannot be the distribution column: its value is computed after the row is routed."));
      fix_reference (diag, sim, table);
      return diag;
    }

  if (g_strcmp0 (sw_column_get_type_internal (column), "numeric") == 0 &&
      sw_column_get_typmod (column) >= 4)
    {
      int scale = ((((sw_column_get_typmod (column) - 4) & 0x7ff) ^ 1024) - 1024);

      if (scale < 0)
        {
          g_autofree char *error = g_strdup_printf ("cannot distribute relation: %s", name);

          diag = make_diag (SW_SEVERITY_ERROR, "distribution-column-numeric-scale", table, colname, error,
                            "Distribution column must not use numeric type with negative scale", NULL,
                            _("numeric with a negative scale rounds values, so equal-looking values could hash differently."));
          fix_reference (diag, sim, table);
          return diag;
        }
    }

  type = base_internal_type (sim, column, &builtin);
  if (builtin && type != NULL && sw_column_get_type_kind (column) != SW_TYPE_KIND_ARRAY &&
      ((method == SW_SIM_HASH && g_strv_contains (unhashable_types, type)) ||
       (method == SW_SIM_RANGE && g_strv_contains (unsortable_types, type))))
    {
      const char *display = g_str_equal (type, "varbit") ? "bit varying" : type;
      g_autofree char *error = NULL;
      g_autofree char *explanation = NULL;

      if (sw_column_get_type_kind (column) == SW_TYPE_KIND_DOMAIN)
        display = sw_column_get_type_internal (column);
      error = g_strdup_printf ("data type %s has no default operator class for specified partition method", display);
      explanation = g_strdup_printf (_("Citus hashes the distribution column to pick a shard, and type %s has no hash function."), display);
      diag = make_diag (SW_SEVERITY_ERROR, "distribution-column-no-hash", table, colname, error,
                        "Partition column types must have a default operator class defined.", NULL, explanation);
      fix_reference (diag, sim, table);
      return diag;
    }

  return NULL;
}

/* §2 U-1 over the table's unique indexes and exclusion constraints. */
static SwDiagnostic *
unique_diag (SwCitusSim *sim,
             SwTable    *t,
             const char *column,
             const char * const *key_columns)
{
  g_autofree char *error = g_strdup_printf ("cannot create constraint on \"%s\"", sw_table_get_name (t));
  g_autofree char *explanation = g_strdup_printf (_("Each shard can only check uniqueness of its own rows, so every PRIMARY KEY, UNIQUE and EXCLUDE constraint of %s must include the distribution column %s."),
                                                  sw_table_get_name (t), column);
  SwDiagnostic *diag = make_diag (SW_SEVERITY_ERROR, "unique-without-distribution-column",
                                  sw_table_get_qualified_name (t), column, error,
                                  "Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (with an equality operator if EXCLUDE).",
                                  NULL, explanation);
  SwConstraint *pk = sw_table_get_primary_key (t);

  if (pk != NULL)
    {
      const char * const *pk_columns = sw_constraint_get_columns (pk);
      g_autoptr(GString) cols = g_string_new (NULL);
      g_autofree char *qcol = sw_quote_identifier (column);
      g_autofree char *qname = sw_quote_identifier (sw_constraint_get_name (pk));
      g_autofree char *ddl = NULL;
      g_autofree char *text = NULL;

      if (!strv_has (pk_columns, column))
        {
          g_string_append (cols, qcol);
          for (guint i = 0; pk_columns && pk_columns[i]; i++)
            {
              g_autofree char *q = sw_quote_identifier (pk_columns[i]);

              g_string_append_printf (cols, ", %s", q);
            }
          ddl = g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s, ADD PRIMARY KEY (%s);",
                                 sw_table_get_qualified_name (t), qname, cols->str);
          text = g_strdup_printf (_("Change the primary key of %s to (%s)"), sw_table_get_name (t), cols->str);
          fix_ddl (diag, text, ddl);
        }
      if (pk_columns && pk_columns[0] && !pk_columns[1])
        {
          g_autofree char *dist = g_strdup_printf (_("Distribute %s on %s"), sw_table_get_name (t), pk_columns[0]);

          fix_plan (diag, dist, sw_table_get_qualified_name (t), SW_PLAN_KIND_DISTRIBUTED, pk_columns[0], NULL);
        }
    }
  fix_reference (diag, sim, sw_table_get_qualified_name (t));
  return diag;
}

static gboolean
is_equality_operator (const char *op)
{
  const char *dot;

  if (op == NULL)
    return TRUE;
  dot = strrchr (op, '.');
  if (dot != NULL)
    op = dot + 1;
  return g_str_equal (op, "=");
}

static gboolean
unique_includes (const char * const *columns,
                 const char * const *include_columns,
                 const char * const *exclude_operators,
                 const char         *column)
{
  int pos = strv_index (columns, column);

  if (pos >= 0)
    return exclude_operators == NULL || is_equality_operator (exclude_operators[pos]);
  return strv_has (include_columns, column) && exclude_operators == NULL;
}

static SwDiagnostic *
check_unique_constraints (SwCitusSim *sim,
                          SwTable    *t,
                          const char *column)
{
  GPtrArray *constraints = sw_table_get_constraints (t);
  GPtrArray *indexes = sw_table_get_indexes (t);

  if (sim->options.allow_unsafe_constraints)
    return NULL;

  for (guint i = 0; i < constraints->len; i++)
    {
      SwConstraint *con = g_ptr_array_index (constraints, i);
      SwConstraintKind kind = sw_constraint_get_kind (con);

      if (kind == SW_CONSTRAINT_CHECK)
        continue;
      if (!unique_includes (sw_constraint_get_columns (con), sw_constraint_get_include_columns (con),
                            kind == SW_CONSTRAINT_EXCLUDE ? sw_constraint_get_exclude_operators (con) : NULL,
                            column))
        return unique_diag (sim, t, column, sw_constraint_get_columns (con));
    }
  for (guint i = 0; i < indexes->len; i++)
    {
      SwIndex *index = g_ptr_array_index (indexes, i);
      const char * const *keys = sw_index_get_keys (index);
      guint n_flags = 0;
      const gboolean *is_expr = sw_index_get_key_is_expression (index, &n_flags);
      gboolean found = FALSE;

      if (!sw_index_get_unique (index))
        continue;
      for (guint k = 0; keys && keys[k]; k++)
        if ((is_expr == NULL || k >= n_flags || !is_expr[k]) && g_str_equal (keys[k], column))
          found = TRUE;
      if (!found && strv_has (sw_index_get_include_columns (index), column))
        found = TRUE;
      if (!found)
        {
          SwDiagnostic *diag = unique_diag (sim, t, column, keys);
          g_autofree char *qindex = sw_quote_qualified_name (sw_table_get_schema_name (t),
                                                             sw_index_get_name (index));
          g_autofree char *ddl = g_strdup_printf ("DROP INDEX %s;", qindex);

          fix_ddl (diag, _("Drop the unique index, or re-create it with the distribution column"), ddl);
          return diag;
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* create_distributed_table() and create_reference_table()                   */

static SwDiagnostic *
simple_error (const char *code,
              const char *table,
              const char *error,
              const char *detail,
              const char *hint,
              const char *explanation)
{
  return make_diag (SW_SEVERITY_ERROR, code, table, NULL, error, detail, hint, explanation);
}

static gboolean
is_system_column (const char *name)
{
  static const char * const system_columns[] = {
    "ctid", "xmin", "cmin", "xmax", "cmax", "tableoid", NULL
  };

  return g_strv_contains (system_columns, name);
}

/* §5.6: rules on partitioning, for a table about to become @kind. */
static SwDiagnostic *
check_partitioning (SwCitusSim *sim,
                    SwTable    *t,
                    SwSimKind   kind,
                    gboolean    recursing)
{
  const char *parent = sw_table_get_partition_parent (t);
  SwDiagnostic *diag;

  if (parent != NULL && !recursing && !_sw_citus_sim_is_citus (_sw_citus_sim_get_kind (sim, parent)))
    {
      g_autofree char *error = g_strdup_printf ("cannot distribute relation \"%s\" which is partition of \"%s\"",
                                                sw_table_get_name (t), relname (sim, parent));
      g_autofree char *hint = g_strdup_printf ("Distribute the partitioned table \"%s\" instead.", relname (sim, parent));

      diag = simple_error ("partition-of-local-parent", sw_table_get_qualified_name (t), error,
                           "Citus does not support distributing partitions if their parent is not distributed table.",
                           hint, _("Partitions follow their partitioned table: distribute the partitioned table and its partitions come along."));
      sw_diagnostic_add_table (diag, parent);
      return diag;
    }
  if (is_partitioned (t))
    {
      if (kind != SW_SIM_HASH && kind != SW_SIM_SINGLE_SHARD)
        {
          diag = simple_error ("partitioned-not-hash", sw_table_get_qualified_name (t),
                               "distributing partitioned tables in only supported for hash-distributed tables",
                               NULL, NULL,
                               _("A partitioned table can only be hash-distributed (or single-shard), not a reference table."));
          return diag;
        }
      if (parent != NULL)
        {
          g_autofree char *detail = g_strdup_printf ("Relation \"%s\" is partitioned table itself and it is also partition of relation \"%s\".",
                                                     sw_table_get_name (t), relname (sim, parent));

          return simple_error ("multi-level-partitioning", sw_table_get_qualified_name (t),
                               "distributing multi-level partitioned tables is not supported", detail, NULL,
                               _("Citus supports one level of partitioning only."));
        }
    }
  return NULL;
}

static SwDiagnostic *
colocate_error (SwCitusSim *sim,
                const char *target,
                const char *table,
                const char *what)
{
  g_autofree char *error = g_strdup_printf ("cannot colocate tables %s and %s", relname (sim, target), relname (sim, table));
  g_autofree char *detail = g_strdup_printf ("%s don't match for %s and %s.", what, relname (sim, target), relname (sim, table));
  SwDiagnostic *diag = simple_error ("colocate-with-mismatch", table, error, detail, NULL,
                                     _("Tables can only be colocated when their distribution columns have the same type and they are the same kind of distributed table."));

  sw_diagnostic_add_table (diag, target);
  return diag;
}

/* FK-11 */
static SwDiagnostic *
check_concurrently_fks (SwCitusSim *sim,
                        SwTable    *t)
{
  GPtrArray *in = sw_schema_list_referencing_keys (sim->schema, t);
  GPtrArray *out = sw_table_get_foreign_keys (t);
  const char *table = sw_table_get_qualified_name (t);

  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (in, i);
      SwSimKind kind = _sw_citus_sim_get_kind (sim, sw_foreign_key_get_table (fk));

      if (!fk_present (sim, fk) || g_str_equal (sw_foreign_key_get_table (fk), table))
        continue;
      if (kind == SW_SIM_POSTGRES || kind == SW_SIM_REFERENCE || kind == SW_SIM_CITUS_LOCAL)
        {
          g_autofree char *error = g_strdup_printf ("relation %s is referenced by a foreign key from %s",
                                                    sw_table_get_name (t), relname (sim, sw_foreign_key_get_table (fk)));
          g_autofree char *detail = g_strdup_printf ("foreign keys from a %s to a distributed table are not supported.",
                                                     table_type_name (kind));

          return simple_error ("concurrently-foreign-key", table, error, detail, NULL,
                               _("create_distributed_table_concurrently cannot keep this foreign key while it moves the data."));
        }
    }
  for (guint i = 0; i < out->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (out, i);
      const char *ref = sw_foreign_key_get_ref_table (fk);

      if (fk_present (sim, fk) && !g_str_equal (ref, table) && _sw_citus_sim_get_kind (sim, ref) == SW_SIM_POSTGRES)
        {
          g_autofree char *error = g_strdup_printf ("relation %s is referenced by a foreign key from %s",
                                                    relname (sim, ref), sw_table_get_name (t));

          return simple_error ("concurrently-foreign-key", table, error,
                               "foreign keys from a distributed table to a regular table are not supported.", NULL,
                               _("create_distributed_table_concurrently cannot keep this foreign key while it moves the data."));
        }
    }
  return NULL;
}

static void
apply_distributed (SwCitusSim *sim,
                   const char *table,
                   SwSimKind   kind,
                   const char *column,
                   guint       colocation_id)
{
  SimTable *st = state (sim, table);

  st->kind = kind;
  g_free (st->column);
  st->column = g_strdup (column);
  st->colocation_id = colocation_id;
  st->autoconverted = FALSE;
  st->replication_factor = sim->options.shard_replication_factor;
}

static SwDiagnostic *
check_incoming_from_citus (SwCitusSim *sim,
                           SwTable    *t)
{
  GPtrArray *in = sw_schema_list_referencing_keys (sim->schema, t);

  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (in, i);
      Params p;
      SwDiagnostic *diag;

      if (!fk_present (sim, fk) || g_str_equal (sw_foreign_key_get_table (fk), sw_table_get_qualified_name (t)))
        continue;
      params_of (sim, sw_foreign_key_get_table (fk), &p);
      if (p.kind == SW_SIM_POSTGRES)
        continue;
      if ((diag = check_foreign_key (sim, fk, &p)))
        return diag;
    }
  return NULL;
}

static SwDiagnostic *
do_distribute (SwCitusSim                *sim,
               const SwSimDistributeArgs *args,
               guint                      parent_colocation_id,
               gboolean                   recursing)
{
  SwSimKind kind = args->column == NULL ? SW_SIM_SINGLE_SHARD : args->method;
  const char *table = args->table;
  SwTable *t = model (sim, table);
  SimTable *st;
  gboolean was_local;
  SwColumn *column = NULL;
  guint colocation_id = 0;
  guint shard_count;
  g_autofree char *type_key = NULL;
  SwDiagnostic *diag;

  if (t == NULL)
    {
      g_autofree char *error = g_strdup_printf ("relation \"%s\" does not exist", table);

      return simple_error ("relation-does-not-exist", table, error, NULL, NULL,
                           _("The table does not exist at this point."));
    }

  if (!recursing)
    {
      if (args->concurrently && args->column == NULL)
        return simple_error ("concurrently-null-key", table,
                             "cannot use create_distributed_table_concurrently to create a distributed table with a null shard key, consider using create_distributed_table()",
                             NULL, NULL, _("Single-shard tables cannot be created concurrently."));
      if (args->shard_count >= 0 && args->colocate == SW_SIM_COLOCATE_TABLE)
        return simple_error ("shard-count-with-colocate-with", table,
                             "Cannot use colocate_with with a table and shard_count at the same time",
                             NULL, NULL, _("A table colocated with another takes that table's shard count."));
      if (args->shard_count >= 0 && (args->shard_count < 1 || args->shard_count > MAX_SHARD_COUNT))
        {
          g_autofree char *error = g_strdup_printf ("%d is outside the valid range for parameter \"shard_count\" (1 .. %d)",
                                                    args->shard_count, MAX_SHARD_COUNT);

          return simple_error ("shard-count-range", table, error, NULL, NULL,
                               _("The shard count must be between 1 and 64000."));
        }
      if (args->column == NULL)
        {
          if (args->shard_count >= 0)
            return simple_error ("single-shard-shard-count", table,
                                 "shard_count can't be specified when the distribution column is null because in that case it's automatically set to 1",
                                 NULL, NULL, _("A single-shard table always has one shard."));
          if (args->method_given && args->method != SW_SIM_HASH)
            return simple_error ("single-shard-distribution-type", table,
                                 "distribution_type can't be specified when the distribution column is null ",
                                 NULL, NULL, _("A single-shard table has no distribution method."));
        }
      if (args->concurrently)
        {
          if (args->in_transaction)
            return simple_error ("concurrently-in-transaction", table,
                                 "create_distributed_table_concurrently cannot run inside a transaction block",
                                 NULL, NULL, _("create_distributed_table_concurrently must run outside BEGIN … COMMIT."));
          if (args->method != SW_SIM_HASH)
            return simple_error ("concurrently-not-hash", table,
                                 "only hash-distributed tables can be distributed without blocking writes",
                                 NULL, NULL, _("Only hash distribution can be done concurrently."));
          if (sim->options.shard_replication_factor > 1)
            return simple_error ("concurrently-replication-factor", table,
                                 "cannot distribute a table concurrently when citus.shard_replication_factor > 1",
                                 NULL, NULL, _("Concurrent distribution needs a replication factor of 1."));
        }
    }

  if ((diag = check_can_be_created (sim, t)))
    return diag;

  if (kind == SW_SIM_SINGLE_SHARD && sim->options.shard_replication_factor > 1)
    return simple_error ("single-shard-replication-factor", table,
                         "could not create single shard table: citus.shard_replication_factor is greater than 1",
                         NULL, "Consider setting citus.shard_replication_factor to 1 and try again",
                         _("Single-shard tables need a replication factor of 1."));

  st = state (sim, table);
  was_local = st->kind == SW_SIM_CITUS_LOCAL;
  if (_sw_citus_sim_is_citus (st->kind) && !was_local)
    {
      g_autofree char *error = g_strdup_printf ("table \"%s\" is already distributed", sw_table_get_name (t));

      return simple_error ("already-distributed", table, error, NULL, NULL,
                           _("The table already is a Citus table; use alter_distributed_table or undistribute_table first."));
    }

  if (args->column != NULL)
    {
      if (is_system_column (args->column))
        {
          g_autofree char *error = g_strdup_printf ("cannot reference system column \"%s\" in relation \"%s\"",
                                                    args->column, sw_table_get_name (t));

          return make_diag (SW_SEVERITY_ERROR, "distribution-column-system", table, args->column, error, NULL, NULL,
                            _("A system column cannot be the distribution column."));
        }
      column = sw_table_find_column (t, args->column);
      if (column == NULL)
        {
          g_autofree char *error = g_strdup_printf ("column \"%s\" of relation \"%s\" does not exist",
                                                    args->column, sw_table_get_name (t));

          return make_diag (SW_SEVERITY_ERROR, "distribution-column-missing", table, args->column, error, NULL, NULL,
                            _("The distribution column is looked up exactly as written, case included."));
        }
      type_key = column_type_key (column);
    }
  else
    type_key = g_strdup ("");

  shard_count = args->shard_count > 0 ? (guint)args->shard_count : sim->options.shard_count;
  if (kind == SW_SIM_SINGLE_SHARD)
    shard_count = 1;

  if (recursing)
    colocation_id = parent_colocation_id;
  else if (kind == SW_SIM_APPEND || kind == SW_SIM_RANGE)
    {
      if (args->colocate != SW_SIM_COLOCATE_DEFAULT)
        return simple_error ("colocate-with-append", table, "cannot distribute relation",
                             "Currently, colocate_with option is not supported for append / range distributed tables.",
                             NULL, _("Append and range tables cannot be colocated."));
    }
  else if (args->colocate == SW_SIM_COLOCATE_TABLE)
    {
      const char *target = args->colocate_with;
      SimTable *tst = state (sim, target);
      SimGroup *group;

      if (!_sw_citus_sim_is_citus (tst->kind))
        {
          g_autofree char *error = g_strdup_printf ("relation %s is not distributed", relname (sim, target));
          SwDiagnostic *d = simple_error ("colocate-with-not-distributed", table, error, NULL, NULL,
                                          _("colocate_with must name a table that is already distributed: distribute it first."));

          sw_diagnostic_add_table (d, target);
          return d;
        }
      if (tst->kind == SW_SIM_APPEND || tst->kind == SW_SIM_RANGE || tst->kind == SW_SIM_CITUS_LOCAL)
        return simple_error ("colocate-with-local", table, "cannot distribute relation",
                             "Currently, colocate_with option is not supported with append / range distributed tables and local tables added to metadata.",
                             NULL, _("colocate_with must name a hash-distributed or single-shard table."));
      if (kind == SW_SIM_SINGLE_SHARD && tst->kind == SW_SIM_REFERENCE)
        return colocate_error (sim, target, table, "Replication models");
      if ((kind == SW_SIM_SINGLE_SHARD) != (tst->kind == SW_SIM_SINGLE_SHARD) || tst->kind == SW_SIM_REFERENCE)
        return colocate_error (sim, target, table, "Distribution column types");
      group = find_group (sim, tst->colocation_id);
      if (kind == SW_SIM_HASH && group != NULL && g_strcmp0 (group->type_key, type_key) != 0)
        return colocate_error (sim, target, table, "Distribution column types");
      if (group != NULL && group->tenant_schema != NULL &&
          g_strcmp0 (group->tenant_schema, sw_table_get_schema_name (t)) != 0)
        {
          g_autofree char *error = g_strdup_printf ("cannot colocate tables %s and %s", relname (sim, target), sw_table_get_name (t));
          g_autofree char *hint = g_strdup_printf ("Consider using \"CREATE TABLE\" statement to create this table as a single-shard distributed table in the same schema to automatically colocate it with %s",
                                                   qualname (sim, target));

          return simple_error ("colocate-with-tenant", table, error,
                               "Cannot colocate tables with distributed schema tables by using colocate_with option.",
                               hint, _("Tables of a distributed schema are colocated by the schema itself."));
        }
      colocation_id = tst->colocation_id;
    }

  if (args->concurrently && (diag = check_concurrently_fks (sim, t)))
    return diag;

  /* EnsureRelationCanBeDistributed() */
  if ((diag = check_triggers (sim, t)))
    return diag;
  if (column != NULL && (diag = check_distribution_column_type (sim, t, column, kind)))
    return diag;
  if ((diag = check_partitioning (sim, t, kind, recursing)))
    return diag;

  /* The colocation group, now that the table's own checks passed. */
  if (!recursing && colocation_id == 0 && kind != SW_SIM_APPEND && kind != SW_SIM_RANGE)
    {
      SimGroup *group = NULL;

      if (args->colocate == SW_SIM_COLOCATE_DEFAULT)
        group = find_default_group (sim, shard_count, sim->options.shard_replication_factor, type_key);
      if (group == NULL)
        group = new_group (sim, shard_count, sim->options.shard_replication_factor, type_key);
      colocation_id = group->id;
    }

  if (!was_local)
    {
      Params p = { kind, args->column, colocation_id, sim->options.shard_replication_factor };

      if ((diag = check_outgoing_fks (sim, t, &p)))
        return diag;
    }
  if (has_dist_key (kind) && (diag = check_unique_constraints (sim, t, args->column)))
    return diag;
  if ((diag = check_policies (sim, t)))
    return diag;

  if (kind != SW_SIM_APPEND && kind != SW_SIM_RANGE &&
      sim->options.shard_replication_factor > sim->options.n_workers + (sim->options.coordinator_in_metadata ? 0 : 0))
    {
      g_autofree char *error = g_strdup_printf ("replication_factor (%u) exceeds number of worker nodes (%u)",
                                                sim->options.shard_replication_factor, sim->options.n_workers);

      return simple_error ("replication-factor-workers", table, error, NULL,
                           "Add more worker nodes or try again with a lower replication factor.",
                           _("Each shard needs as many nodes as the replication factor."));
    }

  apply_distributed (sim, table, kind, args->column, colocation_id);

  /* Partitions follow, with the same column and group. */
  if (is_partitioned (t))
    {
      g_autoptr(GPtrArray) partitions = partitions_of (sim, t);

      for (guint i = 0; i < partitions->len; i++)
        {
          SwTable *part = g_ptr_array_index (partitions, i);
          SwSimDistributeArgs part_args = *args;

          part_args.table = sw_table_get_qualified_name (part);
          if ((diag = do_distribute (sim, &part_args, colocation_id, TRUE)))
            return diag;
        }
    }

  /* A Citus local table had its FKs dropped; they come back now. */
  if (was_local)
    {
      Params p;

      params_of (sim, table, &p);
      if ((diag = check_outgoing_fks (sim, t, &p)))
        return diag;
      if ((diag = check_incoming_from_citus (sim, t)))
        return diag;
    }

  return NULL;
}

SwDiagnostic *
_sw_citus_sim_distribute (SwCitusSim                *sim,
                          const SwSimDistributeArgs *args)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_distribute (sim, args, 0, FALSE));
}

static SwDiagnostic *
do_create_reference (SwCitusSim *sim,
                     const char *table)
{
  SwTable *t = model (sim, table);
  SimTable *st;
  gboolean was_local;
  gboolean auto_convert = local_reference_fkeys_enabled (sim);
  g_autoptr(GPtrArray) neighbours = g_ptr_array_new ();
  g_autoptr(GPtrArray) fks = NULL;
  SwDiagnostic *diag;
  Params p = { SW_SIM_REFERENCE, NULL, 0, 1 };

  if (t == NULL)
    {
      g_autofree char *error = g_strdup_printf ("relation \"%s\" does not exist", table);

      return simple_error ("relation-does-not-exist", table, error, NULL, NULL,
                           _("The table does not exist at this point."));
    }
  if ((diag = check_can_be_created (sim, t)))
    return diag;

  st = state (sim, table);
  was_local = st->kind == SW_SIM_CITUS_LOCAL;
  if (_sw_citus_sim_is_citus (st->kind) && !was_local)
    {
      g_autofree char *error = g_strdup_printf ("table \"%s\" is already distributed", sw_table_get_name (t));

      return simple_error ("already-distributed", table, error, NULL, NULL,
                           _("The table already is a Citus table; use undistribute_table first."));
    }

  if ((diag = check_triggers (sim, t)))
    return diag;
  if ((diag = check_partitioning (sim, t, SW_SIM_REFERENCE, FALSE)))
    return diag;

  /* FKs with Postgres tables are dropped now and re-created at the end,
   * which converts those tables into Citus local tables.
   */
  fks = fks_touching (sim, t);
  for (guint i = 0; auto_convert && i < fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (fks, i);
      const char *other = g_str_equal (sw_foreign_key_get_table (fk), table) ?
                          sw_foreign_key_get_ref_table (fk) : sw_foreign_key_get_table (fk);
      SwTable *other_t = model (sim, other);

      if (other_t != NULL && !g_str_equal (other, table) &&
          _sw_citus_sim_get_kind (sim, other) == SW_SIM_POSTGRES &&
          !g_ptr_array_find (neighbours, other_t, NULL))
        g_ptr_array_add (neighbours, other_t);
    }

  {
    GPtrArray *out = sw_table_get_foreign_keys (t);

    for (guint i = 0; i < out->len; i++)
      {
        SwForeignKey *fk = g_ptr_array_index (out, i);
        const char *ref = sw_foreign_key_get_ref_table (fk);

        if (!fk_present (sim, fk))
          continue;
        if (auto_convert && !g_str_equal (ref, table) &&
            _sw_citus_sim_get_kind (sim, ref) == SW_SIM_POSTGRES)
          continue;
        if ((diag = check_foreign_key (sim, fk, &p)))
          return diag;
      }
  }
  if ((diag = check_policies (sim, t)))
    return diag;

  st->kind = SW_SIM_REFERENCE;
  g_clear_pointer (&st->column, g_free);
  st->colocation_id = reference_group (sim)->id;
  st->autoconverted = FALSE;
  st->replication_factor = 1;

  if (neighbours->len > 0 && (diag = convert_component (sim, neighbours, TRUE)))
    return diag;

  return NULL;
}

SwDiagnostic *
_sw_citus_sim_create_reference_table (SwCitusSim *sim,
                                      const char *table)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_create_reference (sim, table));
}

/* ------------------------------------------------------------------------ */
/* citus_add_local_table_to_metadata(), undistribute_table() and friends     */

static SwDiagnostic *
missing_relation (const char *table)
{
  g_autofree char *error = g_strdup_printf ("relation \"%s\" does not exist", table);

  return simple_error ("relation-does-not-exist", table, error, NULL, NULL,
                       _("The table does not exist at this point."));
}

static SwDiagnostic *
do_add_local_table (SwCitusSim *sim,
                    const char *table,
                    gboolean    cascade)
{
  SwTable *t = model (sim, table);
  SwSimKind kind;
  SwDiagnostic *diag;
  g_autoptr(GPtrArray) starts = g_ptr_array_new ();

  if (t == NULL)
    return missing_relation (table);
  if (!sim->options.coordinator_in_metadata)
    return simple_error ("coordinator-not-in-metadata", table,
                         "operation is not allowed when coordinator is not added into metadata", NULL,
                         "Use \"SELECT citus_set_coordinator_host('<hostname>', '<port>')\" to configure the coordinator hostname and port",
                         _("Local tables can be added to Citus metadata only when the coordinator is itself a node of the cluster."));
  if ((diag = check_can_add_local (sim, t, FALSE)))
    return diag;
  kind = _sw_citus_sim_get_kind (sim, table);
  if (kind == SW_SIM_CITUS_LOCAL)
    {
      /* Already there: it only stops being an automatic one. */
      state (sim, table)->autoconverted = FALSE;
      return NULL;
    }
  if (_sw_citus_sim_is_citus (kind))
    {
      g_autofree char *error = g_strdup_printf ("table \"%s\" is already distributed", sw_table_get_name (t));

      return simple_error ("already-distributed", table, error, NULL, NULL,
                           _("The table already is a Citus table."));
    }
  if (!cascade)
    {
      g_autoptr(GPtrArray) fks = fks_touching (sim, t);

      for (guint i = 0; i < fks->len; i++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, i);

          if (g_str_equal (sw_foreign_key_get_table (fk), sw_foreign_key_get_ref_table (fk)))
            continue;
          {
            g_autofree char *error = g_strdup_printf ("relation %s is involved in a foreign key relationship with another table",
                                                      sw_table_get_qualified_name (t));
            g_autofree char *hint = g_strdup_printf ("Use cascade_via_foreign_keys option to add all the relations involved in a foreign key relationship with %s to citus metadata by executing SELECT citus_add_local_table_to_metadata($$%s$$, cascade_via_foreign_keys=>true)",
                                                     sw_table_get_qualified_name (t), sw_table_get_qualified_name (t));

            return simple_error ("local-table-foreign-key", table, error, NULL, hint,
                                 _("Tables connected by foreign keys must be added to Citus metadata together."));
          }
        }
    }
  g_ptr_array_add (starts, t);
  return convert_component (sim, starts, FALSE);
}

SwDiagnostic *
_sw_citus_sim_add_local_table (SwCitusSim *sim,
                               const char *table,
                               gboolean    cascade)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_add_local_table (sim, table, cascade));
}

static gboolean
is_tenant_table (SwCitusSim *sim,
                 SwTable    *t)
{
  return _sw_citus_sim_is_tenant_schema (sim, sw_table_get_schema_name (t)) &&
         _sw_citus_sim_get_kind (sim, sw_table_get_qualified_name (t)) == SW_SIM_SINGLE_SHARD;
}

static SwDiagnostic *
check_conversion (SwCitusSim *sim,
                  SwTable    *t,
                  const char *operation,
                  gboolean    check_fks,
                  gboolean    cascade)
{
  const char *table = sw_table_get_qualified_name (t);

  if (is_tenant_table (sim, t))
    {
      g_autofree char *error = g_strdup_printf ("%s is not allowed for %s because it belongs to a distributed schema",
                                                table, operation);

      return simple_error ("tenant-table", table, error, NULL, NULL,
                           _("Tables of a distributed schema move with their schema: use citus_schema_undistribute."));
    }
  if (check_fks && !cascade)
    {
      GPtrArray *in = sw_schema_list_referencing_keys (sim->schema, t);
      g_autofree char *hint = g_strdup_printf ("Use cascade option to undistribute all the relations involved in a foreign key relationship with %s by executing SELECT undistribute_table($$%s$$, cascade_via_foreign_keys=>true)",
                                               table, table);

      if (sw_table_get_foreign_keys (t)->len > 0)
        {
          g_autofree char *error = g_strdup_printf ("cannot complete operation because table %s has a foreign key", sw_table_get_name (t));

          return simple_error ("undistribute-foreign-key", table, error, NULL, hint,
                               _("Tables connected by foreign keys must be converted together (cascade_via_foreign_keys)."));
        }
      if (in != NULL && in->len > 0)
        {
          g_autofree char *error = g_strdup_printf ("cannot complete operation because table %s is referenced by a foreign key", sw_table_get_name (t));

          return simple_error ("undistribute-foreign-key", table, error, NULL, hint,
                               _("Tables connected by foreign keys must be converted together (cascade_via_foreign_keys)."));
        }
    }
  if (sw_table_get_partition_parent (t) != NULL)
    {
      g_autofree char *hint = g_strdup_printf ("the parent table is \"%s\"", relname (sim, sw_table_get_partition_parent (t)));

      return simple_error ("convert-partition", table, "cannot complete operation because table is a partition",
                           NULL, hint, _("Convert the partitioned table instead of one of its partitions."));
    }
  if (has_identity_column (t))
    return simple_error ("identity-column", table, "cannot complete operation on a table with identity column",
                         NULL, NULL, _("Citus cannot re-create a table with an identity column."));
  return NULL;
}

static void
undistribute_with_partitions (SwCitusSim *sim,
                              SwTable    *t)
{
  g_autoptr(GPtrArray) partitions = partitions_of (sim, t);

  set_postgres (sim, sw_table_get_qualified_name (t));
  for (guint i = 0; i < partitions->len; i++)
    set_postgres (sim, sw_table_get_qualified_name (g_ptr_array_index (partitions, i)));
}

static SwDiagnostic *
do_undistribute (SwCitusSim *sim,
                 const char *table,
                 gboolean    cascade)
{
  SwTable *t = model (sim, table);
  SwDiagnostic *diag;

  if (t == NULL)
    return missing_relation (table);
  if (!_sw_citus_sim_is_citus (_sw_citus_sim_get_kind (sim, table)))
    return simple_error ("not-distributed", table, "cannot undistribute table because the table is not distributed",
                         NULL, NULL, _("The table is not a Citus table."));
  if ((diag = check_conversion (sim, t, "undistribute_table", TRUE, cascade)))
    return diag;

  if (cascade)
    {
      g_autoptr(GPtrArray) component = g_ptr_array_new ();

      collect_component (sim, t, component);
      for (guint i = 0; i < component->len; i++)
        {
          SwTable *other = g_ptr_array_index (component, i);

          if (_sw_citus_sim_is_citus (_sw_citus_sim_get_kind (sim, sw_table_get_qualified_name (other))))
            {
              if ((diag = check_conversion (sim, other, "undistribute_table", FALSE, TRUE)))
                return diag;
              undistribute_with_partitions (sim, other);
            }
        }
    }
  else
    undistribute_with_partitions (sim, t);
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_undistribute_table (SwCitusSim *sim,
                                  const char *table,
                                  gboolean    cascade)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_undistribute (sim, table, cascade));
}

static gboolean
group_has_other_tables (SwCitusSim *sim,
                        guint       colocation_id,
                        const char *table)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, sim->tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SimTable *st = value;
      SwTable *t;

      if (st->colocation_id != colocation_id || g_str_equal (key, table))
        continue;
      t = model (sim, key);
      if (t != NULL && sw_table_get_partition_parent (t) != NULL &&
          g_strcmp0 (sw_table_get_partition_parent (t), table) == 0)
        continue;
      return TRUE;
    }
  return FALSE;
}

static SwDiagnostic *
do_alter_distributed (SwCitusSim *sim,
                      const char *table,
                      const char *column,
                      int         shard_count,
                      const char *colocate_with,
                      gboolean    cascade_given,
                      gboolean    cascade)
{
  SwTable *t = model (sim, table);
  SimTable *st;
  SwDiagnostic *diag;
  SimGroup *group;
  const char *new_column;
  SwSimDistributeArgs args = { 0 };
  guint old_shards;

  if (t == NULL)
    return missing_relation (table);
  st = state (sim, table);
  if (st->kind == SW_SIM_POSTGRES || st->kind == SW_SIM_REFERENCE || st->kind == SW_SIM_CITUS_LOCAL)
    return simple_error ("not-distributed", table, "cannot alter table because the table is not distributed",
                         NULL, NULL, _("alter_distributed_table only changes hash-distributed tables."));
  if (is_tenant_table (sim, t))
    {
      g_autofree char *error = g_strdup_printf ("%s is not allowed for alter_distributed_table because it belongs to a distributed schema", table);

      return simple_error ("tenant-table", table, error, NULL, NULL,
                           _("Tables of a distributed schema move with their schema."));
    }
  if (sw_table_get_partition_parent (t) != NULL)
    return simple_error ("convert-partition", table, "cannot complete operation because table is a partition",
                         NULL, NULL, _("Alter the partitioned table instead."));
  if (st->kind != SW_SIM_HASH)
    {
      g_autofree char *error = g_strdup_printf ("relation %s should be a hash distributed table", sw_table_get_name (t));

      return simple_error ("not-hash-distributed", table, error, NULL, NULL,
                           _("alter_distributed_table only changes hash-distributed tables."));
    }
  if (has_identity_column (t))
    return simple_error ("identity-column", table, "cannot complete operation on a table with identity column",
                         NULL, NULL, _("Citus cannot re-create a table with an identity column."));
  if (column == NULL && shard_count < 0 && colocate_with == NULL)
    return simple_error ("alter-no-parameters", table,
                         "you have to specify at least one of the distribution_column, shard_count or colocate_with parameters",
                         NULL, NULL, _("Say what to change."));
  if (colocate_with != NULL && g_ascii_strcasecmp (colocate_with, "none") != 0 &&
      g_ascii_strcasecmp (colocate_with, "default") != 0)
    {
      SwSimKind kind = _sw_citus_sim_get_kind (sim, colocate_with);

      if (!is_distributed_kind (kind))
        {
          g_autofree char *error = g_strdup_printf ("cannot colocate with %s because it is not a distributed table",
                                                    relname (sim, colocate_with));

          return simple_error ("colocate-with-not-distributed", table, error, NULL, NULL,
                               _("colocate_with must name a distributed table."));
        }
      if (kind == SW_SIM_SINGLE_SHARD)
        {
          g_autofree char *error = g_strdup_printf ("cannot colocate with %s because it is a single shard distributed table",
                                                    relname (sim, colocate_with));

          return simple_error ("colocate-with-single-shard", table, error, NULL, NULL,
                               _("A hash-distributed table cannot join a single-shard table's group."));
        }
    }
  if (shard_count == 0)
    return simple_error ("shard-count-zero", table, "shard_count cannot be 0", NULL,
                         "if you no longer want this to be a distributed table you can try undistribute_table() function",
                         _("A distributed table needs at least one shard."));
  if (cascade_given && cascade && column != NULL)
    return simple_error ("alter-cascade-column", table, "distribution_column cannot be cascaded to colocated tables",
                         NULL, NULL, _("Only the shard count and colocation can be cascaded."));
  if (cascade_given && cascade && shard_count < 0 && colocate_with == NULL)
    return simple_error ("alter-cascade-nothing", table, "shard_count or colocate_with is necessary for cascading to colocated tables",
                         NULL, NULL, _("Cascading needs a shard count or a colocation."));
  if (cascade_given && cascade && colocate_with != NULL && g_ascii_strcasecmp (colocate_with, "none") == 0)
    return simple_error ("alter-cascade-none", table, "colocate_with := 'none' cannot be cascaded to colocated tables",
                         NULL, NULL, _("A group of its own cannot be cascaded."));

  group = find_group (sim, st->colocation_id);
  old_shards = group ? group->shard_count : sim->options.shard_count;
  {
    gboolean changes = FALSE;

    if (column != NULL && g_strcmp0 (column, st->column) != 0)
      changes = TRUE;
    if (shard_count > 0 && (guint)shard_count != old_shards)
      changes = TRUE;
    if (colocate_with != NULL)
      {
        if (g_ascii_strcasecmp (colocate_with, "none") == 0)
          changes = changes || group_has_other_tables (sim, st->colocation_id, table);
        else if (g_ascii_strcasecmp (colocate_with, "default") != 0)
          changes = changes || _sw_citus_sim_get_colocation_id (sim, colocate_with) != st->colocation_id;
        else
          changes = TRUE;
      }
    if (!changes)
      return simple_error ("alter-no-change", table, "this call doesn't change any properties of the table", NULL,
                           "check citus_tables view to see current properties of the table",
                           _("The table already has these properties."));
  }
  if (shard_count > 0 && (guint)shard_count != old_shards && !cascade_given && colocate_with == NULL &&
      group_has_other_tables (sim, st->colocation_id, table))
    return simple_error ("alter-cascade-necessary", table, "cascade_to_colocated parameter is necessary",
                         "this table is colocated with some other tables",
                         "cascade_to_colocated := false will break the current colocation, cascade_to_colocated := true will change the shard count of colocated tables too.",
                         _("Changing the shard count of one table of a group breaks the group unless the change cascades."));
  if (colocate_with != NULL && shard_count > 0 &&
      g_ascii_strcasecmp (colocate_with, "none") != 0 && g_ascii_strcasecmp (colocate_with, "default") != 0)
    {
      SimGroup *target = find_group (sim, _sw_citus_sim_get_colocation_id (sim, colocate_with));

      if (target != NULL && target->shard_count != (guint)shard_count)
        return simple_error ("alter-shard-count-colocate", table,
                             "shard_count cannot be different than the shard count of the table in colocate_with", NULL,
                             "if no shard_count is specified shard count will be same with colocate_with table's",
                             _("A colocated table has the shard count of its group."));
    }

  /* The table is re-created as a new distributed table. */
  new_column = column ? column : st->column;
  {
    g_autofree char *saved_column = g_strdup (new_column);
    guint saved_group = st->colocation_id;

    set_postgres (sim, table);
    args.table = table;
    args.column = saved_column;
    args.method = SW_SIM_HASH;
    args.shard_count = shard_count > 0 ? shard_count : (int)old_shards;
    if (colocate_with == NULL || g_ascii_strcasecmp (colocate_with, "default") == 0)
      args.colocate = SW_SIM_COLOCATE_DEFAULT;
    else if (g_ascii_strcasecmp (colocate_with, "none") == 0)
      args.colocate = SW_SIM_COLOCATE_NONE;
    else
      {
        args.colocate = SW_SIM_COLOCATE_TABLE;
        args.colocate_with = colocate_with;
        args.shard_count = -1;
      }
    if ((diag = do_distribute (sim, &args, 0, FALSE)))
      return diag;
    if (cascade_given && cascade && shard_count > 0)
      {
        GHashTableIter iter;
        gpointer key, value;
        guint new_group = state (sim, table)->colocation_id;

        g_hash_table_iter_init (&iter, sim->tables);
        while (g_hash_table_iter_next (&iter, &key, &value))
          if (((SimTable *)value)->colocation_id == saved_group && ((SimTable *)value)->kind == SW_SIM_HASH)
            {
              touch_table (sim, key, value);
              ((SimTable *)value)->colocation_id = new_group;
            }
      }
  }
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_alter_distributed_table (SwCitusSim *sim,
                                       const char *table,
                                       const char *column,
                                       int         shard_count,
                                       const char *colocate_with,
                                       gboolean    cascade_given,
                                       gboolean    cascade)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_alter_distributed (sim, table, column, shard_count, colocate_with,
                                                    cascade_given, cascade));
}

static SwDiagnostic *
do_update_colocation (SwCitusSim *sim,
                      const char *table,
                      const char *colocate_with)
{
  SwTable *t = model (sim, table);
  SimTable *st;
  SimTable *tst;
  SimGroup *a, *b;

  if (t == NULL)
    return missing_relation (table);
  st = state (sim, table);
  if (st->kind == SW_SIM_CITUS_LOCAL)
    return simple_error ("local-colocation", table, "local tables cannot be colocated with other tables",
                         NULL, NULL, _("Citus local tables have no colocation group."));
  if (st->kind != SW_SIM_HASH && st->kind != SW_SIM_SINGLE_SHARD)
    {
      g_autofree char *error = g_strdup_printf ("relation %s should be a hash or single shard distributed table", sw_table_get_name (t));

      return simple_error ("not-hash-distributed", table, error, NULL, NULL,
                           _("Only hash-distributed and single-shard tables can change colocation."));
    }
  if (is_tenant_table (sim, t))
    {
      g_autofree char *error = g_strdup_printf ("%s is not allowed for update_distributed_table_colocation because it belongs to a distributed schema", table);

      return simple_error ("tenant-table", table, error, NULL, NULL, _("Tables of a distributed schema move with their schema."));
    }
  if (g_ascii_strcasecmp (colocate_with, "none") == 0)
    {
      a = find_group (sim, st->colocation_id);
      st->colocation_id = new_group (sim, a ? a->shard_count : 1, 1, a ? a->type_key : "")->id;
      return NULL;
    }
  tst = state (sim, colocate_with);
  if (tst->kind == SW_SIM_CITUS_LOCAL)
    return simple_error ("local-colocation", table, "local tables cannot be colocated with other tables",
                         NULL, NULL, _("Citus local tables have no colocation group."));
  if (tst->kind != SW_SIM_HASH && tst->kind != SW_SIM_SINGLE_SHARD)
    {
      g_autofree char *error = g_strdup_printf ("relation %s should be a hash or single shard distributed table", relname (sim, colocate_with));

      return simple_error ("not-hash-distributed", table, error, NULL, NULL,
                           _("Only hash-distributed and single-shard tables can change colocation."));
    }
  a = find_group (sim, tst->colocation_id);
  b = find_group (sim, st->colocation_id);
  if (a != NULL && b != NULL && a->shard_count != b->shard_count)
    {
      g_autofree char *error = g_strdup_printf ("cannot colocate tables %s and %s", relname (sim, colocate_with), sw_table_get_name (t));
      g_autofree char *detail = g_strdup_printf ("Shard counts don't match for %s and %s.", relname (sim, colocate_with), sw_table_get_name (t));

      return simple_error ("colocate-with-mismatch", table, error, detail, NULL, _("Colocated tables need the same shard count."));
    }
  if (a != NULL && b != NULL && g_strcmp0 (a->type_key, b->type_key) != 0)
    return colocate_error (sim, colocate_with, table, "Distribution column types");
  st->colocation_id = tst->colocation_id;
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_update_colocation (SwCitusSim *sim,
                                 const char *table,
                                 const char *colocate_with)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_update_colocation (sim, table, colocate_with));
}

SwDiagnostic *
_sw_citus_sim_truncate_local_data (SwCitusSim *sim,
                                   const char *table)
{
  SwTable *t = model (sim, table);
  GPtrArray *in;

  if (t == NULL)
    return missing_relation (table);
  if (!_sw_citus_sim_is_citus (_sw_citus_sim_get_kind (sim, table)))
    return simple_error ("not-distributed", table, "supplied parameter is not a distributed relation",
                         "This UDF only truncates local records of distributed tables.", NULL,
                         _("Only Citus tables keep local rows to truncate."));
  in = sw_schema_list_referencing_keys (sim->schema, t);
  for (guint i = 0; in != NULL && i < in->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (in, i);

      if (_sw_citus_sim_get_kind (sim, sw_foreign_key_get_table (fk)) == SW_SIM_POSTGRES)
        {
          g_autofree char *detail = g_strdup_printf ("Table \"%s\" references \"%s\"",
                                                     relname (sim, sw_foreign_key_get_table (fk)), sw_table_get_name (t));

          return simple_error ("truncate-referenced-by-local", table,
                               "cannot truncate a table referenced in a foreign key constraint by a local table",
                               detail, NULL, _("A local table still references these rows."));
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* §6 Schema-based sharding                                                  */

static GPtrArray *
tables_in_schema (SwCitusSim *sim,
                  const char *schema_name)
{
  GPtrArray *tables = _sw_schema_get_tables_in (sim->schema, schema_name);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; tables != NULL && i < tables->len; i++)
    g_ptr_array_add (result, g_object_ref (g_ptr_array_index (tables, i)));
  return result;
}

static SwDiagnostic *
do_schema_distribute (SwCitusSim *sim,
                      const char *schema_name)
{
  g_autoptr(GPtrArray) tables = NULL;
  SwDiagnostic *diag;
  SimGroup *group;

  if (_sw_citus_sim_is_tenant_schema (sim, schema_name))
    {
      g_autofree char *text = g_strdup_printf ("schema %s is already distributed", schema_name);

      note (sim, make_diag (SW_SEVERITY_INFO, "schema-already-distributed", NULL, NULL, text, NULL, NULL,
                            _("Nothing to do.")));
      return NULL;
    }
  if (g_str_equal (schema_name, "public") || g_str_equal (schema_name, "information_schema") ||
      g_str_equal (schema_name, "pg_catalog") || g_str_equal (schema_name, "pg_toast"))
    {
      g_autofree char *error = g_strdup_printf ("%s schema cannot be distributed", schema_name);

      return simple_error ("schema-cannot-be-distributed", NULL, error, NULL, NULL,
                           _("System schemas and public cannot be distributed schemas."));
    }

  tables = tables_in_schema (sim, schema_name);
  for (guint i = 0; i < tables->len; i++)
    {
      SwTable *t = g_ptr_array_index (tables, i);
      GPtrArray *out = sw_table_get_foreign_keys (t);
      GPtrArray *in = sw_schema_list_referencing_keys (sim->schema, t);
      SwSimKind kind = _sw_citus_sim_get_kind (sim, sw_table_get_qualified_name (t));

      if (sw_table_get_rel_kind (t) == SW_REL_KIND_FOREIGN_TABLE)
        return simple_error ("tenant-foreign-table", sw_table_get_qualified_name (t),
                             "cannot create a foreign table in a distributed schema", NULL, NULL,
                             _("A distributed schema cannot hold foreign tables."));
      if ((sw_table_get_inherits (t) && sw_table_get_inherits (t)[0]) || is_inherited_by_any (sim, t))
        return simple_error ("tenant-inheritance", sw_table_get_qualified_name (t),
                             "tables in a distributed schema cannot inherit or be inherited", NULL, NULL,
                             _("A distributed schema cannot hold tables that use INHERITS."));
      if (sw_table_get_partition_parent (t) != NULL)
        {
          SwTable *parent = model (sim, sw_table_get_partition_parent (t));

          if (parent != NULL && !g_str_equal (sw_table_get_schema_name (parent), schema_name))
            return simple_error ("tenant-partition-schema", sw_table_get_qualified_name (t),
                                 "partitioning within a distributed schema is not supported when the parent and the child are in different schemas",
                                 NULL, NULL, _("A partition and its parent must be in the same distributed schema."));
        }
      for (guint j = 0; j < out->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (out, j);
          SwTable *ref = model (sim, sw_foreign_key_get_ref_table (fk));

          if (ref != NULL && !g_str_equal (sw_table_get_schema_name (ref), schema_name) &&
              _sw_citus_sim_get_kind (sim, sw_foreign_key_get_ref_table (fk)) != SW_SIM_REFERENCE)
            {
              g_autofree char *detail = g_strdup_printf ("\"%s\" references \"%s\" via foreign key constraint \"%s\"",
                                                         sw_table_get_qualified_name (t), sw_table_get_qualified_name (ref),
                                                         sw_foreign_key_get_name (fk));
              SwDiagnostic *d = simple_error ("tenant-fk-out", sw_table_get_qualified_name (t),
                                              "foreign keys from distributed schemas can only point to the same distributed schema or reference tables in regular schemas",
                                              detail, NULL,
                                              _("A table of a distributed schema may only reference tables of its schema or reference tables."));

              sw_diagnostic_add_table (d, sw_table_get_qualified_name (ref));
              sw_diagnostic_set_constraint (d, sw_foreign_key_get_table (fk), sw_foreign_key_get_name (fk));
              fix_reference (d, sim, sw_table_get_qualified_name (ref));
              return d;
            }
        }
      for (guint j = 0; in != NULL && j < in->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (in, j);
          SwTable *from = model (sim, sw_foreign_key_get_table (fk));

          if (from != NULL && !g_str_equal (sw_table_get_schema_name (from), schema_name))
            {
              g_autofree char *detail = g_strdup_printf ("\"%s\" references \"%s\" via foreign key constraint \"%s\"",
                                                         sw_table_get_qualified_name (from), sw_table_get_qualified_name (t),
                                                         sw_foreign_key_get_name (fk));
              SwDiagnostic *d = simple_error ("tenant-fk-in", sw_table_get_qualified_name (t),
                                              "cannot create foreign keys to tables in a distributed schema from another schema",
                                              detail, NULL,
                                              _("Tables outside a distributed schema cannot reference its tables."));

              sw_diagnostic_add_table (d, sw_table_get_qualified_name (from));
              sw_diagnostic_set_constraint (d, sw_foreign_key_get_table (fk), sw_foreign_key_get_name (fk));
              return d;
            }
        }
      if (_sw_citus_sim_is_citus (kind) && kind != SW_SIM_CITUS_LOCAL)
        return simple_error ("tenant-has-distributed", sw_table_get_qualified_name (t),
                             "distributed schema cannot have distributed tables", NULL,
                             "Undistribute distributed tables before 'citus_schema_distribute'.",
                             _("The schema already holds Citus tables; undistribute them first."));
    }

  /* NOTICE:  distributing the schema %s, then each table becomes single-shard. */
  group = new_group (sim, 1, 1, "");
  group->tenant_schema = g_strdup (schema_name);
  journal_key (sim, UNDO_TENANT, schema_name, g_hash_table_contains (sim->tenant_schemas, schema_name),
               GPOINTER_TO_UINT (g_hash_table_lookup (sim->tenant_schemas, schema_name)));
  g_hash_table_insert (sim->tenant_schemas, g_strdup (schema_name), GUINT_TO_POINTER (group->id));
  for (guint i = 0; i < tables->len; i++)
    {
      SwTable *t = g_ptr_array_index (tables, i);
      SimTable *st = state (sim, sw_table_get_qualified_name (t));

      if (sw_table_get_partition_parent (t) != NULL)
        continue;
      if ((diag = check_triggers (sim, t)))
        return diag;
      if ((diag = check_policies (sim, t)))
        return diag;
      if (sim->options.shard_replication_factor > 1)
        return simple_error ("single-shard-replication-factor", sw_table_get_qualified_name (t),
                             "could not create single shard table: citus.shard_replication_factor is greater than 1",
                             NULL, "Consider setting citus.shard_replication_factor to 1 and try again",
                             _("Single-shard tables need a replication factor of 1."));
      st->kind = SW_SIM_SINGLE_SHARD;
      st->colocation_id = group->id;
      st->replication_factor = 1;
      g_clear_pointer (&st->column, g_free);
      {
        g_autoptr(GPtrArray) partitions = partitions_of (sim, t);

        for (guint j = 0; j < partitions->len; j++)
          {
            SimTable *pst = state (sim, sw_table_get_qualified_name (g_ptr_array_index (partitions, j)));

            pst->kind = SW_SIM_SINGLE_SHARD;
            pst->colocation_id = group->id;
            pst->replication_factor = 1;
          }
      }
    }
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_schema_distribute (SwCitusSim *sim,
                                 const char *schema_name)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_schema_distribute (sim, schema_name));
}

static SwDiagnostic *
do_schema_undistribute (SwCitusSim *sim,
                        const char *schema_name)
{
  g_autoptr(GPtrArray) tables = NULL;

  if (!_sw_citus_sim_is_tenant_schema (sim, schema_name))
    {
      g_autofree char *error = g_strdup_printf ("schema %s is not distributed", schema_name);

      return simple_error ("schema-not-distributed", NULL, error, NULL, NULL,
                           _("The schema is not a distributed schema."));
    }
  tables = tables_in_schema (sim, schema_name);
  for (guint i = 0; i < tables->len; i++)
    {
      SwTable *t = g_ptr_array_index (tables, i);

      if (has_identity_column (t))
        return simple_error ("identity-column", sw_table_get_qualified_name (t),
                             "cannot complete operation on a table with identity column",
                             NULL, NULL, _("Citus cannot re-create a table with an identity column."));
    }
  for (guint i = 0; i < tables->len; i++)
    set_postgres (sim, sw_table_get_qualified_name (g_ptr_array_index (tables, i)));
  journal_key (sim, UNDO_TENANT, schema_name, g_hash_table_contains (sim->tenant_schemas, schema_name),
               GPOINTER_TO_UINT (g_hash_table_lookup (sim->tenant_schemas, schema_name)));
  g_hash_table_remove (sim->tenant_schemas, schema_name);
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_schema_undistribute (SwCitusSim *sim,
                                   const char *schema_name)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_schema_undistribute (sim, schema_name));
}

/* ------------------------------------------------------------------------ */
/* DDL on Citus tables                                                       */

/* ALTER TABLE … ADD FOREIGN KEY: @fk already is in the model. */
static SwDiagnostic *
do_add_foreign_key (SwCitusSim   *sim,
                    SwForeignKey *fk)
{
  const char *table = sw_foreign_key_get_table (fk);
  const char *ref = sw_foreign_key_get_ref_table (fk);
  SwSimKind kind = _sw_citus_sim_get_kind (sim, table);
  SwSimKind ref_kind = _sw_citus_sim_get_kind (sim, ref);
  SwTable *t = model (sim, table);
  SwDiagnostic *diag;
  Params p;

  if (t == NULL)
    return missing_relation (table);

  if (local_reference_fkeys_enabled (sim))
    {
      g_autoptr(GPtrArray) starts = g_ptr_array_new ();

      if (kind == SW_SIM_POSTGRES && (ref_kind == SW_SIM_REFERENCE || ref_kind == SW_SIM_CITUS_LOCAL))
        g_ptr_array_add (starts, t);
      else if ((kind == SW_SIM_REFERENCE || kind == SW_SIM_CITUS_LOCAL) && ref_kind == SW_SIM_POSTGRES &&
               model (sim, ref) != NULL)
        g_ptr_array_add (starts, model (sim, ref));
      if (starts->len > 0)
        return convert_component (sim, starts, TRUE);
    }

  if (kind == SW_SIM_POSTGRES)
    return NULL;

  params_of (sim, table, &p);
  if ((diag = check_foreign_key (sim, fk, &p)))
    return diag;
  return check_outgoing_fks (sim, t, &p);
}

SwDiagnostic *
_sw_citus_sim_add_foreign_key (SwCitusSim   *sim,
                               SwForeignKey *fk)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_add_foreign_key (sim, fk));
}

/* ALTER TABLE … ADD PRIMARY KEY / UNIQUE / EXCLUDE (U-1). */
SwDiagnostic *
_sw_citus_sim_add_unique (SwCitusSim         *sim,
                          const char         *table,
                          const char * const *columns,
                          const char * const *include_columns,
                          const char * const *exclude_operators)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);
  SwTable *t = model (sim, table);

  if (st == NULL || t == NULL || !has_dist_key (st->kind) || sim->options.allow_unsafe_constraints)
    return NULL;
  if (unique_includes (columns, include_columns, exclude_operators, st->column))
    return NULL;
  return unique_diag (sim, t, st->column, columns);
}

/* CREATE UNIQUE INDEX (U-2): only key columns count. */
SwDiagnostic *
_sw_citus_sim_create_unique_index (SwCitusSim         *sim,
                                   const char         *table,
                                   const char * const *key_columns)
{
  SimTable *st = g_hash_table_lookup (sim->tables, table);

  if (st == NULL || !has_dist_key (st->kind) || sim->options.allow_unsafe_constraints)
    return NULL;
  if (st->kind == SW_SIM_APPEND)
    return simple_error ("unique-index-append", table,
                         "creating unique indexes on append-partitioned tables is currently unsupported",
                         NULL, NULL, _("Append-distributed tables cannot have unique indexes."));
  if (!strv_has (key_columns, st->column))
    {
      SwDiagnostic *diag = make_diag (SW_SEVERITY_ERROR, "unique-index-without-distribution-column", table, st->column,
                                      "creating unique indexes on non-partition columns is currently unsupported",
                                      NULL, NULL,
                                      _("A unique index on a distributed table must have the distribution column among its key columns (INCLUDE does not count)."));

      return diag;
    }
  return NULL;
}

/* CREATE TRIGGER (T-2). */
SwDiagnostic *
_sw_citus_sim_create_trigger (SwCitusSim *sim,
                              const char *table)
{
  SwSimKind kind = _sw_citus_sim_get_kind (sim, table);

  if (sim->options.enable_unsafe_triggers)
    return NULL;
  if (kind == SW_SIM_REFERENCE)
    return simple_error ("trigger-on-reference", table, "triggers are not supported on reference tables",
                         NULL, NULL, _("Triggers on reference tables need citus.enable_unsafe_triggers."));
  if (is_distributed_kind (kind))
    return simple_error ("trigger-on-distributed", table, "triggers are not supported on distributed tables",
                         NULL, NULL, _("Triggers on distributed tables need citus.enable_unsafe_triggers."));
  return NULL;
}

/* CREATE TABLE: @table already is in the model. */
static SwDiagnostic *
do_create_table (SwCitusSim *sim,
                 const char *table)
{
  SwTable *t = model (sim, table);
  const char *parent;
  SwDiagnostic *diag;
  const char * const *inherits;

  if (t == NULL)
    return NULL;
  set_postgres (sim, table);

  inherits = sw_table_get_inherits (t);
  for (guint i = 0; inherits != NULL && inherits[i]; i++)
    if (is_distributed_kind (_sw_citus_sim_get_kind (sim, inherits[i])) ||
        _sw_citus_sim_get_kind (sim, inherits[i]) == SW_SIM_REFERENCE)
      return simple_error ("inherit-distributed", table, "non-distributed tables cannot inherit distributed tables",
                           NULL, NULL, _("A table cannot inherit from a distributed table."));

  parent = sw_table_get_partition_parent (t);
  if (parent != NULL && _sw_citus_sim_is_citus (_sw_citus_sim_get_kind (sim, parent)))
    {
      SimTable *pst = state (sim, parent);
      SimTable *st = state (sim, table);

      if (is_partitioned (t))
        {
          g_autofree char *detail = g_strdup_printf ("Relation \"%s\" is partitioned table itself and it is also partition of relation \"%s\".",
                                                     sw_table_get_name (t), relname (sim, parent));

          return simple_error ("multi-level-partitioning", table,
                               "distributing multi-level partitioned tables is not supported", detail, NULL,
                               _("Citus supports one level of partitioning only."));
        }
      st->kind = pst->kind;
      st->column = g_strdup (pst->column);
      st->colocation_id = pst->colocation_id;
      st->replication_factor = pst->replication_factor;
      return NULL;
    }

  if (_sw_citus_sim_is_tenant_schema (sim, sw_table_get_schema_name (t)))
    {
      SimTable *st = state (sim, table);
      Params p;

      if (sw_table_get_rel_kind (t) == SW_REL_KIND_FOREIGN_TABLE)
        return simple_error ("tenant-foreign-table", table, "cannot create a foreign table in a distributed schema",
                             NULL, NULL, _("A distributed schema cannot hold foreign tables."));
      if (inherits != NULL && inherits[0] != NULL)
        return simple_error ("tenant-inheritance", table, "tables in a distributed schema cannot inherit or be inherited",
                             NULL, NULL, _("A distributed schema cannot hold tables that use INHERITS."));
      st->kind = SW_SIM_SINGLE_SHARD;
      st->colocation_id = GPOINTER_TO_UINT (g_hash_table_lookup (sim->tenant_schemas, sw_table_get_schema_name (t)));
      st->replication_factor = 1;
      params_of (sim, table, &p);
      if ((diag = check_outgoing_fks (sim, t, &p)))
        return diag;
      return NULL;
    }

  if (sim->options.use_citus_managed_tables && sim->options.coordinator_in_metadata)
    {
      g_autoptr(GPtrArray) starts = g_ptr_array_new ();

      g_ptr_array_add (starts, t);
      return convert_component (sim, starts, FALSE);
    }

  /* FKs to reference or Citus local tables convert the new table. */
  if (local_reference_fkeys_enabled (sim))
    {
      GPtrArray *out = sw_table_get_foreign_keys (t);

      for (guint i = 0; i < out->len; i++)
        {
          SwSimKind ref_kind = _sw_citus_sim_get_kind (sim, sw_foreign_key_get_ref_table (g_ptr_array_index (out, i)));

          if (ref_kind == SW_SIM_REFERENCE || ref_kind == SW_SIM_CITUS_LOCAL)
            {
              g_autoptr(GPtrArray) starts = g_ptr_array_new ();

              g_ptr_array_add (starts, t);
              return convert_component (sim, starts, TRUE);
            }
        }
    }
  return NULL;
}

SwDiagnostic *
_sw_citus_sim_create_table (SwCitusSim *sim,
                            const char *table)
{
  guint savepoint = _sw_citus_sim_savepoint (sim);

  return finish (sim, savepoint, do_create_table (sim, table));
}

/* ------------------------------------------------------------------------ */
/* What Citus accepts but does not enforce                                   */

void
_sw_citus_sim_final_warnings (SwCitusSim *sim,
                              GPtrArray  *out)
{
  GListModel *tables = sw_schema_list_tables (sim->schema);
  guint n = g_list_model_get_n_items (tables);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) t = g_list_model_get_item (tables, i);
      const char *table = sw_table_get_qualified_name (t);
      SwSimKind kind = _sw_citus_sim_get_kind (sim, table);
      GPtrArray *fks = sw_table_get_foreign_keys (t);
      GPtrArray *columns = sw_table_get_columns (t);

      /* FK-10 and the unchecked Postgres → reference FK. */
      for (guint j = 0; j < fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, j);
          SwSimKind ref_kind = _sw_citus_sim_get_kind (sim, sw_foreign_key_get_ref_table (fk));

          if (kind == SW_SIM_POSTGRES && is_distributed_kind (ref_kind))
            {
              g_autofree char *explanation = g_strdup_printf (_("The local table %s references the distributed table %s: Citus accepts it but does not check deletes on %s, so orphan rows can appear, and create_distributed_table_concurrently and truncate_local_data_after_distributing_table refuse it."),
                                                              sw_table_get_name (t), relname (sim, sw_foreign_key_get_ref_table (fk)),
                                                              relname (sim, sw_foreign_key_get_ref_table (fk)));
              SwDiagnostic *diag = make_diag (SW_SEVERITY_WARNING, "fk-local-to-distributed-not-enforced", table, NULL,
                                              NULL, NULL, NULL, explanation);

              sw_diagnostic_add_table (diag, sw_foreign_key_get_ref_table (fk));
              sw_diagnostic_set_constraint (diag, table, sw_foreign_key_get_name (fk));
              fix_reference (diag, sim, table);
              g_ptr_array_add (out, diag);
            }
          else if (kind == SW_SIM_POSTGRES && ref_kind == SW_SIM_REFERENCE)
            {
              g_autofree char *explanation = g_strdup_printf (_("The local table %s references the reference table %s, and the coordinator is not in the metadata: the foreign key stays a plain PostgreSQL one, and deletes on the workers' copies are not checked."),
                                                              sw_table_get_name (t), relname (sim, sw_foreign_key_get_ref_table (fk)));
              SwDiagnostic *diag = make_diag (SW_SEVERITY_WARNING, "fk-local-to-reference-not-enforced", table, NULL,
                                              NULL, NULL, NULL, explanation);

              sw_diagnostic_add_table (diag, sw_foreign_key_get_ref_table (fk));
              sw_diagnostic_set_constraint (diag, table, sw_foreign_key_get_name (fk));
              g_ptr_array_add (out, diag);
            }
          else if (has_dist_key (kind) && ref_kind == SW_SIM_REFERENCE &&
                   (sw_foreign_key_get_on_delete (fk) == SW_FK_ACTION_CASCADE ||
                    sw_foreign_key_get_on_update (fk) == SW_FK_ACTION_CASCADE))
            {
              g_autofree char *explanation = g_strdup_printf (_("Deleting or updating rows of the reference table %s cascades into every shard of %s: such statements run one shard at a time (sequential mode) and take locks on all of them."),
                                                              relname (sim, sw_foreign_key_get_ref_table (fk)), sw_table_get_name (t));
              SwDiagnostic *diag = make_diag (SW_SEVERITY_INFO, "fk-cascade-from-reference", table, NULL,
                                              NULL, NULL, NULL, explanation);

              sw_diagnostic_add_table (diag, sw_foreign_key_get_ref_table (fk));
              sw_diagnostic_set_constraint (diag, table, sw_foreign_key_get_name (fk));
              g_ptr_array_add (out, diag);
            }
        }

      if (_sw_citus_sim_is_citus (kind) && kind != SW_SIM_CITUS_LOCAL &&
          has_present_triggers (sim, t))
        {
          g_autofree char *explanation = g_strdup_printf (_("The triggers of %s run on each shard (Citus creates them there under citus.enable_unsafe_triggers): they see only that shard's rows, and fail if they query another distributed table."),
                                                          sw_table_get_name (t));

          g_ptr_array_add (out, make_diag (SW_SEVERITY_WARNING, "unsafe-triggers", table, NULL, NULL, NULL, NULL, explanation));
        }

      if (has_dist_key (kind) && sim->options.allow_unsafe_constraints)
        {
          g_autofree char *explanation = g_strdup_printf (_("citus.allow_unsafe_constraints is on: unique constraints of %s without the distribution column are only checked within each shard."),
                                                          sw_table_get_name (t));

          g_ptr_array_add (out, make_diag (SW_SEVERITY_WARNING, "unsafe-constraints", table, NULL, NULL, NULL, NULL, explanation));
        }

      if (kind == SW_SIM_HASH)
        {
          const char *dist = _sw_citus_sim_get_column (sim, table);
          SwColumn *column = dist ? sw_table_find_column (t, dist) : NULL;

          if (column != NULL && !sw_column_get_not_null (column))
            {
              g_autofree char *explanation = g_strdup_printf (_("The distribution column %s of %s allows NULL: copying existing rows fails on the first NULL, and later inserts of NULL are refused."),
                                                              dist, sw_table_get_name (t));
              SwDiagnostic *diag = make_diag (SW_SEVERITY_WARNING, "distribution-column-nullable", table, dist,
                                              NULL, NULL, NULL, explanation);
              g_autofree char *qcol = sw_quote_identifier (dist);
              g_autofree char *ddl = g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;", table, qcol);

              fix_ddl (diag, _("Make the distribution column NOT NULL"), ddl);
              g_ptr_array_add (out, diag);
            }
        }

      if (is_distributed_kind (kind) || kind == SW_SIM_REFERENCE)
        for (guint j = 0; j < columns->len; j++)
          {
            SwColumn *column = g_ptr_array_index (columns, j);
            const char *def = sw_column_get_default_expr (column);
            const char *type = sw_column_get_type_internal (column);

            if (def != NULL && strstr (def, "nextval(") != NULL &&
                (g_strcmp0 (type, "int4") == 0 || g_strcmp0 (type, "int2") == 0))
              {
                g_autofree char *explanation = g_strdup_printf (_("Column %s of %s takes its default from a sequence but is %s: inserts that run on worker nodes cannot use it; only the coordinator can. bigint (bigserial) works everywhere."),
                                                                sw_column_get_name (column), sw_table_get_name (t),
                                                                sw_column_get_type_name (column));
                SwDiagnostic *diag = make_diag (SW_SEVERITY_WARNING, "sequence-int-column", table,
                                                sw_column_get_name (column), NULL, NULL, NULL, explanation);
                g_autofree char *qcol = sw_quote_identifier (sw_column_get_name (column));
                g_autofree char *ddl = g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s TYPE bigint;", table, qcol);

                fix_ddl (diag, _("Change the column to bigint"), ddl);
                g_ptr_array_add (out, diag);
              }
            if (sw_column_get_identity (column) != SW_IDENTITY_NONE)
              {
                g_autofree char *explanation = g_strdup_printf (_("%s has an identity column (%s): Citus accepts it, but alter_distributed_table and undistribute_table will refuse this table later."),
                                                                sw_table_get_name (t), sw_column_get_name (column));

                g_ptr_array_add (out, make_diag (SW_SEVERITY_INFO, "identity-column-later", table,
                                                 sw_column_get_name (column), NULL, NULL, NULL, explanation));
              }
          }
    }
}
