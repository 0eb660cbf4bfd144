/* sw-migration-step.c
 *
 * One step of a migration: the statements that carry it out, why, whether it
 * blocks writes, how to undo it, and how to tell that it has already been done
 * (so a resumed apply can skip it even when the journal missed its end).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-migration-step"

#include "config.h"

#include "sw-migration-step.h"

struct _SwMigrationStep
{
  GObject parent_instance;

  SwDdlKind  kind;
  char      *key;
  char      *reason;
  char      *title;
  GPtrArray *tables;
  GPtrArray *statements;
  GPtrArray *rollback;
  char      *done_check;
  guint      blocks_writes : 1;
  guint      outside_transaction : 1;
  guint      moves_data : 1;
};

G_DEFINE_FINAL_TYPE (SwMigrationStep, sw_migration_step, G_TYPE_OBJECT)

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
strv_array_add (GPtrArray  *array,
                const char *string)
{
  g_ptr_array_insert (array, array->len - 1, g_strdup (string));
}

static char *
join_statements (GPtrArray *array)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i + 1 < array->len; i++)
    {
      g_string_append (sql, g_ptr_array_index (array, i));
      g_string_append (sql, ";\n");
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
sw_migration_step_finalize (GObject *object)
{
  SwMigrationStep *self = (SwMigrationStep *)object;

  g_free (self->key);
  g_free (self->reason);
  g_free (self->title);
  g_free (self->done_check);
  g_ptr_array_unref (self->tables);
  g_ptr_array_unref (self->statements);
  g_ptr_array_unref (self->rollback);

  G_OBJECT_CLASS (sw_migration_step_parent_class)->finalize (object);
}

static void
sw_migration_step_class_init (SwMigrationStepClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_migration_step_finalize;
}

static void
sw_migration_step_init (SwMigrationStep *self)
{
  self->tables = new_strv_array ();
  self->statements = new_strv_array ();
  self->rollback = new_strv_array ();
}

/**
 * sw_migration_step_new:
 * @kind: what the step does
 * @key: a name for the step that stays the same from one export of the same
 *   plan to the next (the journal records steps by it)
 * @reason: (nullable): why the step is there, in plain words
 *
 * Returns: (transfer full): a new step with no statements
 */
SwMigrationStep *
sw_migration_step_new (SwDdlKind   kind,
                       const char *key,
                       const char *reason)
{
  SwMigrationStep *self;

  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (SW_TYPE_MIGRATION_STEP, NULL);
  self->kind = kind;
  self->key = g_strdup (key);
  self->reason = g_strdup (reason);
  self->title = g_strdup (key);

  return self;
}

SwDdlKind
sw_migration_step_get_kind (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), 0);
  return self->kind;
}

const char *
sw_migration_step_get_key (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return self->key;
}

const char *
sw_migration_step_get_reason (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return self->reason;
}

/**
 * sw_migration_step_get_title:
 * @self: a #SwMigrationStep
 *
 * Returns: what the step does, in a few words ("reference table public.t")
 */
const char *
sw_migration_step_get_title (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return self->title;
}

void
sw_migration_step_set_title (SwMigrationStep *self,
                             const char      *title)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  g_return_if_fail (title != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
}

/**
 * sw_migration_step_get_tables:
 * @self: a #SwMigrationStep
 *
 * Returns: (transfer none): the tables the step changes, qualified
 */
const char * const *
sw_migration_step_get_tables (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return (const char * const *)self->tables->pdata;
}

void
sw_migration_step_add_table (SwMigrationStep *self,
                             const char      *qualified_name)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  g_return_if_fail (qualified_name != NULL);

  strv_array_add (self->tables, qualified_name);
}

/**
 * sw_migration_step_get_statements:
 * @self: a #SwMigrationStep
 *
 * Returns: (transfer none): the statements, without their final semicolons,
 *   each to be sent on its own
 */
const char * const *
sw_migration_step_get_statements (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return (const char * const *)self->statements->pdata;
}

void
sw_migration_step_add_statement (SwMigrationStep *self,
                                 const char      *sql)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  g_return_if_fail (sql != NULL);

  strv_array_add (self->statements, sql);
}

/**
 * sw_migration_step_dup_sql:
 * @self: a #SwMigrationStep
 *
 * Returns: (transfer full): the statements as a script, one per line, each
 *   ending with a semicolon
 */
char *
sw_migration_step_dup_sql (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return join_statements (self->statements);
}

/**
 * sw_migration_step_get_rollback_statements:
 * @self: a #SwMigrationStep
 *
 * Returns: (transfer none): what undoes the step; empty when the step leaves
 *   nothing to undo (it restores something the schema had)
 */
const char * const *
sw_migration_step_get_rollback_statements (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return (const char * const *)self->rollback->pdata;
}

void
sw_migration_step_add_rollback_statement (SwMigrationStep *self,
                                          const char      *sql)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  g_return_if_fail (sql != NULL);

  strv_array_add (self->rollback, sql);
}

char *
sw_migration_step_dup_rollback_sql (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return join_statements (self->rollback);
}

/**
 * sw_migration_step_get_done_check:
 * @self: a #SwMigrationStep
 *
 * Returns: (nullable): a query returning one boolean, true when what the step
 *   does is already in place on the coordinator
 */
const char *
sw_migration_step_get_done_check (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), NULL);
  return self->done_check;
}

void
sw_migration_step_set_done_check (SwMigrationStep *self,
                                  const char      *sql)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));

  g_free (self->done_check);
  self->done_check = g_strdup (sql);
}

/**
 * sw_migration_step_get_blocks_writes:
 * @self: a #SwMigrationStep
 *
 * Returns: whether writes to the step's tables wait while it runs
 */
gboolean
sw_migration_step_get_blocks_writes (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), FALSE);
  return self->blocks_writes;
}

void
sw_migration_step_set_blocks_writes (SwMigrationStep *self,
                                     gboolean         blocks_writes)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  self->blocks_writes = !!blocks_writes;
}

/**
 * sw_migration_step_get_outside_transaction:
 * @self: a #SwMigrationStep
 *
 * Returns: whether the step must run outside a transaction block
 *   (create_distributed_table_concurrently)
 */
gboolean
sw_migration_step_get_outside_transaction (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), FALSE);
  return self->outside_transaction;
}

void
sw_migration_step_set_outside_transaction (SwMigrationStep *self,
                                           gboolean         outside)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  self->outside_transaction = !!outside;
}

/**
 * sw_migration_step_get_moves_data:
 * @self: a #SwMigrationStep
 *
 * Returns: whether the step copies the rows of its tables to the cluster
 *   (the applier counts them before and after)
 */
gboolean
sw_migration_step_get_moves_data (SwMigrationStep *self)
{
  g_return_val_if_fail (SW_IS_MIGRATION_STEP (self), FALSE);
  return self->moves_data;
}

void
sw_migration_step_set_moves_data (SwMigrationStep *self,
                                  gboolean         moves_data)
{
  g_return_if_fail (SW_IS_MIGRATION_STEP (self));
  self->moves_data = !!moves_data;
}
