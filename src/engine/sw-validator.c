/* sw-validator.c
 *
 * Predicts what Citus 13.2 says to a plan, applied the way it will be
 * applied: the validator does not order anything itself, it runs the
 * statements of the migration the generator writes (sw-migration.c), step
 * by step, through the statement simulation `lint` uses (sw-lint.c over
 * sw-citus-sim.c). One rule implementation, and the plan checked is the
 * migration that runs, so check and the real migration cannot disagree.
 *
 * The migration generator does not call the validator (it would be a loop);
 * the callers that run or write a migration (export, apply, SwApplier) gate
 * on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-validator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sw-validator.h"
#include "sw-erd-layout.h"
#include "sw-citus-sim-private.h"
#include "sw-lint-private.h"
#include "sw-pg-query.h"
#include "sw-schema-changes-cache.h"

G_DEFINE_BOXED_TYPE (SwValidatorOptions, sw_validator_options,
                     sw_validator_options_copy, sw_validator_options_free)

/**
 * sw_validator_options_init_default:
 * @options: the options to fill
 *
 * design.md's offline cluster: Citus 13.2 on PostgreSQL 15, two workers, the
 * coordinator in the metadata, citus.shard_count 32, replication factor 1,
 * wal_level replica, and every other setting at Citus's default.
 */
void
sw_validator_options_init_default (SwValidatorOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->citus_version_num = 130202;
  options->server_version_num = 150000;
  options->n_workers = 2;
  options->coordinator_in_metadata = TRUE;
  options->shard_count = SW_PLAN_DEFAULT_SHARD_COUNT;
  options->shard_replication_factor = 1;
  options->enable_unsafe_triggers = FALSE;
  options->allow_unsafe_constraints = FALSE;
  options->enable_local_reference_table_foreign_keys = TRUE;
  options->enable_schema_based_sharding = FALSE;
  options->use_citus_managed_tables = FALSE;
  options->enable_ddl_propagation = TRUE;
  options->wal_level_logical = FALSE;
}

SwValidatorOptions *
sw_validator_options_new (void)
{
  SwValidatorOptions *options = g_new0 (SwValidatorOptions, 1);

  sw_validator_options_init_default (options);
  return options;
}

SwValidatorOptions *
sw_validator_options_copy (const SwValidatorOptions *options)
{
  return g_memdup2 (options, sizeof *options);
}

void
sw_validator_options_free (SwValidatorOptions *options)
{
  g_free (options);
}

/**
 * sw_validator_options_init_from_schema:
 * @options: the options to fill
 * @schema: a model, live or not
 *
 * The defaults, then what @schema knows of its cluster: the server version
 * and, when it was read from a Citus coordinator, Citus's version. The tables'
 * Citus metadata itself is the starting state of the validator and lint.
 */
void
sw_validator_options_init_from_schema (SwValidatorOptions *options,
                                       SwSchema           *schema)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (SW_IS_SCHEMA (schema));

  sw_validator_options_init_default (options);
  if (!sw_schema_is_live (schema))
    return;
  if (sw_schema_get_server_version_num (schema) > 0)
    options->server_version_num = sw_schema_get_server_version_num (schema);
  if (sw_schema_get_citus_version (schema) != NULL)
    {
      guint major = 0, minor = 0, micro = 0;

      if (sscanf (sw_schema_get_citus_version (schema), "%u.%u.%u", &major, &minor, &micro) >= 2)
        options->citus_version_num = (int)(major * 10000 + minor * 100 + micro);
    }
}

static gboolean
parse_bool (const char *value,
            gboolean   *result)
{
  if (g_ascii_strcasecmp (value, "on") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
      g_ascii_strcasecmp (value, "yes") == 0 || g_str_equal (value, "1"))
    *result = TRUE;
  else if (g_ascii_strcasecmp (value, "off") == 0 || g_ascii_strcasecmp (value, "false") == 0 ||
           g_ascii_strcasecmp (value, "no") == 0 || g_str_equal (value, "0"))
    *result = FALSE;
  else
    return FALSE;
  return TRUE;
}

/**
 * sw_validator_options_set:
 * @options: options
 * @name: a setting, e.g. `citus.shard_count` (case-insensitive)
 * @value: its value as SET takes it, or %NULL for the default (RESET)
 *
 * Returns: %TRUE when the setting is one the validator models and @value is valid
 */
gboolean
sw_validator_options_set (SwValidatorOptions *options,
                          const char         *name,
                          const char         *value)
{
  SwValidatorOptions defaults;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gboolean *flag = NULL;
  gboolean default_flag = FALSE;

  sw_validator_options_init_default (&defaults);

  if (g_str_equal (lower, "citus.shard_count") || g_str_equal (lower, "citus.shard_replication_factor"))
    {
      guint *target = g_str_equal (lower, "citus.shard_count") ? &options->shard_count : &options->shard_replication_factor;
      guint def = g_str_equal (lower, "citus.shard_count") ? defaults.shard_count : defaults.shard_replication_factor;
      guint64 number;

      if (value == NULL)
        {
          *target = def;
          return TRUE;
        }
      if (!g_ascii_string_to_unsigned (value, 10, 1, 64000, &number, NULL))
        return FALSE;
      *target = (guint)number;
      return TRUE;
    }

  if (g_str_equal (lower, "citus.enable_unsafe_triggers"))
    flag = &options->enable_unsafe_triggers, default_flag = defaults.enable_unsafe_triggers;
  else if (g_str_equal (lower, "citus.allow_unsafe_constraints"))
    flag = &options->allow_unsafe_constraints, default_flag = defaults.allow_unsafe_constraints;
  else if (g_str_equal (lower, "citus.enable_local_reference_table_foreign_keys"))
    flag = &options->enable_local_reference_table_foreign_keys, default_flag = defaults.enable_local_reference_table_foreign_keys;
  else if (g_str_equal (lower, "citus.enable_schema_based_sharding"))
    flag = &options->enable_schema_based_sharding, default_flag = defaults.enable_schema_based_sharding;
  else if (g_str_equal (lower, "citus.use_citus_managed_tables"))
    flag = &options->use_citus_managed_tables, default_flag = defaults.use_citus_managed_tables;
  else if (g_str_equal (lower, "citus.enable_ddl_propagation"))
    flag = &options->enable_ddl_propagation, default_flag = defaults.enable_ddl_propagation;
  else
    return FALSE;

  if (value == NULL)
    {
      *flag = default_flag;
      return TRUE;
    }
  return parse_bool (value, flag);
}

/* The field behind a setting, for _sw_validator_options_copy_setting(). */
static gpointer
setting_field (SwValidatorOptions *options,
               const char         *lower,
               gsize              *size)
{
  static const struct { const char *name; gsize offset; gsize size; } fields[] = {
    { "citus.shard_count", G_STRUCT_OFFSET (SwValidatorOptions, shard_count), sizeof (guint) },
    { "citus.shard_replication_factor", G_STRUCT_OFFSET (SwValidatorOptions, shard_replication_factor), sizeof (guint) },
    { "citus.enable_unsafe_triggers", G_STRUCT_OFFSET (SwValidatorOptions, enable_unsafe_triggers), sizeof (gboolean) },
    { "citus.allow_unsafe_constraints", G_STRUCT_OFFSET (SwValidatorOptions, allow_unsafe_constraints), sizeof (gboolean) },
    { "citus.enable_local_reference_table_foreign_keys",
      G_STRUCT_OFFSET (SwValidatorOptions, enable_local_reference_table_foreign_keys), sizeof (gboolean) },
    { "citus.enable_schema_based_sharding", G_STRUCT_OFFSET (SwValidatorOptions, enable_schema_based_sharding), sizeof (gboolean) },
    { "citus.use_citus_managed_tables", G_STRUCT_OFFSET (SwValidatorOptions, use_citus_managed_tables), sizeof (gboolean) },
    { "citus.enable_ddl_propagation", G_STRUCT_OFFSET (SwValidatorOptions, enable_ddl_propagation), sizeof (gboolean) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, lower))
      {
        *size = fields[i].size;
        return G_STRUCT_MEMBER_P (options, fields[i].offset);
      }
  return NULL;
}

/* What ends a SET LOCAL: the setting goes back to its value in @from. */
gboolean
_sw_validator_options_copy_setting (SwValidatorOptions       *options,
                                    const SwValidatorOptions *from,
                                    const char               *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize size = 0;
  gpointer to_field = setting_field (options, lower, &size);
  gpointer from_field = setting_field ((SwValidatorOptions *)from, lower, &size);

  if (to_field == NULL)
    return FALSE;
  memcpy (to_field, from_field, size);
  return TRUE;
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  return sw_diagnostic_compare (*(SwDiagnostic **)a, *(SwDiagnostic **)b);
}

static SwDiagnostic *
plan_error (const char *code,
            const char *explanation)
{
  return sw_diagnostic_new (SW_SEVERITY_ERROR, code, NULL, NULL, NULL, explanation);
}

/* BEGIN and COMMIT (a COMMIT after an error rolls back): nothing to report. */
static void
run_quietly (SwLintSession *session,
             const char    *sql)
{
  g_autoptr(SwDiagnostic) diag = _sw_lint_session_run (session, sql, NULL);
}

/* A step's statement may hold several (the advisor's fixes do): PostgreSQL's
 * own splitter cuts them, as the server runs them one after the other. */
static GPtrArray *
split_statements (const char *sql)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  PgQuerySplitResult split;

  /* Without a semicolon there is one statement at most: no parse needed
   * (most steps are one create_distributed_table() call). */
  if (strchr (sql, ';') == NULL)
    {
      char *piece = g_strstrip (g_strdup (sql));

      if (*piece != '\0')
        g_ptr_array_add (out, piece);
      else
        {
          g_free (piece);
          g_ptr_array_add (out, g_strdup (sql));
        }
      return out;
    }

  split = pg_query_split_with_parser (sql);
  if (split.error != NULL || split.n_stmts == 0)
    g_ptr_array_add (out, g_strdup (sql));
  else
    for (int i = 0; i < split.n_stmts; i++)
      {
        g_autofree char *piece = g_strndup (sql + split.stmts[i]->stmt_location, (gsize)split.stmts[i]->stmt_len);

        g_strstrip (piece);
        if (*piece != '\0')
          g_ptr_array_add (out, g_steal_pointer (&piece));
      }
  pg_query_free_split_result (split);
  return out;
}

static gboolean
has_citus_tables (SwSchema *schema)
{
  GListModel *tables = sw_schema_list_tables (schema);
  guint n = g_list_model_get_n_items (tables);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) t = g_list_model_get_item (tables, i);

      if (sw_table_get_citus_kind (t) != SW_CITUS_KIND_NONE)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_setting (const char *statement)
{
  return g_ascii_strncasecmp (statement, "SET ", 4) == 0 || g_ascii_strncasecmp (statement, "RESET ", 6) == 0;
}

/* The leading schema changes (the plan's fixes) in one sw_schema_apply_sql()
 * rather than one model rebuild per statement, when no table is a Citus
 * table yet, so that Citus has nothing to say to any of them. Returns the
 * changed model and how many steps it covers, or %NULL when it does not
 * apply (then each statement goes through the simulation). */
static SwSchema *
apply_leading_changes (SwMigration *migration,
                       guint       *n_covered)
{
  SwSchema *schema = sw_migration_get_schema (migration);
  g_autoptr(GString) batch = g_string_new (NULL);
  guint n = sw_migration_get_n_steps (migration);
  guint k = 0;
  SwSchema *result;

  *n_covered = 0;
  while (k < n && sw_migration_step_get_kind (sw_migration_get_step (migration, k)) == SW_DDL_KIND_SCHEMA_CHANGE)
    {
      const char * const *statements = sw_migration_step_get_statements (sw_migration_get_step (migration, k));

      for (guint j = 0; statements[j] != NULL; j++)
        g_string_append_printf (batch, "%s;\n", statements[j]);
      k++;
    }
  if (k == 0 || has_citus_tables (schema))
    return NULL;

  *n_covered = k;
  /* The same script as the migration builder applied, usually: then its
   * result, not a second re-read of the whole schema. */
  result = _sw_schema_changes_cache_apply (_sw_migration_get_changes_cache (migration), batch->str);
  return result != NULL ? g_object_ref (result) : NULL;
}

static GPtrArray *validate_migration (SwMigration              *migration,
                                     const char               *schema_sql,
                                     const SwValidatorOptions *options,
                                     GCancellable             *cancellable);

/**
 * sw_validate_migration:
 * @migration: a migration from sw_migration_new_full()
 * @schema_sql: (nullable): the SQL the migration's schema was read from, so
 *   that schema changes in the migration change the model; %NULL for a live
 *   source (then only the model's own foreign keys and triggers can be
 *   dropped and added back; other DDL gets a `statement-not-modelled` warning)
 * @options: (nullable): the cluster to assume; %NULL for
 *   sw_validator_options_init_from_schema()
 *
 * Runs every statement of every step of @migration, in order, through the
 * rules (the same simulation `lint` uses), each step in its own transaction
 * unless it runs outside one, as sw_migration_to_sql() writes it and the
 * applier runs it. A step that fails is rolled back and the next steps carry
 * on, so one run reports every error; each error says its step and statement
 * (sw_diagnostic_get_step()). Then warnings for what Citus accepts in the
 * final state but does not enforce.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): errors first
 *   (the first one is what `psql -v ON_ERROR_STOP=1` stops at), then
 *   warnings and infos, each in step order
 */
GPtrArray *
sw_validate_migration (SwMigration              *migration,
                       const char               *schema_sql,
                       const SwValidatorOptions *options)
{
  g_return_val_if_fail (SW_IS_MIGRATION (migration), NULL);

  return validate_migration (migration, schema_sql, options, NULL);
}

/* sw_validate_migration(), which stops between two steps once @cancellable
 * is cancelled (what it found so far is then of no use: the caller drops it). */
static GPtrArray *
validate_migration (SwMigration              *migration,
                    const char               *schema_sql,
                    const SwValidatorOptions *options,
                    GCancellable             *cancellable)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  SwSchema *schema;
  g_autoptr(SwLintSession) session = NULL;
  g_autoptr(SwSchema) changed = NULL;
  SwCitusSim *sim;
  guint first = 0;
  guint n;

  schema = sw_migration_get_schema (migration);
  changed = apply_leading_changes (migration, &first);
  if (changed == NULL)
    first = 0;
  session = _sw_lint_session_new (changed != NULL ? changed : schema, changed != NULL ? NULL : schema_sql,
                                  options);
  _sw_citus_sim_set_notes (_sw_lint_session_get_sim (session), out);

  n = sw_migration_get_n_steps (migration);
  for (guint i = 0; i < n; i++)
    {
      SwMigrationStep *step = sw_migration_get_step (migration, i);
      g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
      gboolean transaction = !sw_migration_step_get_outside_transaction (step);
      gboolean warned = FALSE;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      for (guint j = 0; sw_migration_step_get_statements (step)[j] != NULL; j++)
        {
          g_autoptr(GPtrArray) pieces = split_statements (sw_migration_step_get_statements (step)[j]);

          /* Already in the model: only the settings still have to run. */
          for (guint k = 0; k < pieces->len; k++)
            if (i >= first || is_setting (g_ptr_array_index (pieces, k)))
              g_ptr_array_add (statements, g_strdup (g_ptr_array_index (pieces, k)));
        }

      /* One statement is its own transaction: a failed statement changes
       * nothing in the simulation either, so no snapshot is needed. */
      if (statements->len == 1)
        transaction = FALSE;
      if (transaction)
        run_quietly (session, "BEGIN");
      for (guint j = 0; j < statements->len; j++)
        {
          const char *statement = g_ptr_array_index (statements, j);
          gboolean modelled = TRUE;
          SwDiagnostic *diag = _sw_lint_session_run (session, statement, &modelled);

          if (diag != NULL)
            {
              sw_diagnostic_set_step (diag, i + 1, statement);
              for (guint k = 0; sw_migration_step_get_tables (step)[k] != NULL; k++)
                if (!g_strv_contains (sw_diagnostic_get_tables (diag), sw_migration_step_get_tables (step)[k]))
                  sw_diagnostic_add_table (diag, sw_migration_step_get_tables (step)[k]);
              g_ptr_array_add (out, diag);
              /* psql -v ON_ERROR_STOP=1 stops here; within a transaction
               * the rest of the step would not run either. */
              break;
            }
          if (!modelled && !warned)
            {
              SwDiagnostic *note = sw_diagnostic_new (SW_SEVERITY_WARNING, "statement-not-modelled", NULL, NULL, NULL,
                                                      _("Shardwise cannot model what this statement changes in the "
                                                        "schema: the predictions for the steps after it assume it "
                                                        "changed nothing."));

              sw_diagnostic_set_step (note, i + 1, statement);
              g_ptr_array_add (out, note);
              warned = TRUE;
            }
        }
      if (transaction)
        run_quietly (session, "COMMIT");
    }

  sim = _sw_lint_session_get_sim (session);
  _sw_citus_sim_set_notes (sim, NULL);
  _sw_citus_sim_final_warnings (sim, out);

  /* g_ptr_array_sort() is a stable merge sort: the step order stays. */
  g_ptr_array_sort (out, compare_diagnostics);
  return out;
}

static GPtrArray *validate_plan (SwSchema                 *schema,
                                const char               *schema_sql,
                                SwPlan                   *plan,
                                SwMigrationFlags          flags,
                                const SwValidatorOptions *options,
                                GCancellable             *cancellable,
                                SwSchemaChangesCache     *cache);

/**
 * sw_validate_plan_full:
 * @schema: the source database's model
 * @schema_sql: (nullable): the SQL @schema was read from; see
 *   sw_validate_migration()
 * @plan: the plan to check, with its schema changes
 * @flags: how the migration moves the tables
 * @options: (nullable): the cluster to assume; %NULL for
 *   sw_validator_options_init_from_schema()
 *
 * Predicts what Citus says when @plan is applied in the generated order:
 * builds the migration (sw_migration_new_full(): the plan's schema changes,
 * the foreign keys and triggers it drops, reference tables, distributed
 * schemas, colocation groups, triggers created again, foreign keys added
 * back NOT VALID, then validated) and runs it with sw_validate_migration().
 * A plan the generator refuses (a table the schema lacks, a loop no dropped
 * foreign key breaks) gives one `plan-refused` error that says why.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): see sw_validate_migration()
 */
GPtrArray *
sw_validate_plan_full (SwSchema                 *schema,
                       const char               *schema_sql,
                       SwPlan                   *plan,
                       SwMigrationFlags          flags,
                       const SwValidatorOptions *options)
{
  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);

  return validate_plan (schema, schema_sql, plan, flags, options, NULL, NULL);
}

/* sw_validate_plan_full() applying the plan's schema changes through @cache
 * (nullable; made for @schema): the advisor checks plans with the same
 * changes round after round. */
GPtrArray *
_sw_validate_plan_cached (SwSchema                 *schema,
                          const char               *schema_sql,
                          SwPlan                   *plan,
                          SwMigrationFlags          flags,
                          const SwValidatorOptions *options,
                          SwSchemaChangesCache     *cache)
{
  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);

  return validate_plan (schema, schema_sql, plan, flags, options, NULL, cache);
}

static GPtrArray *
validate_plan (SwSchema                 *schema,
               const char               *schema_sql,
               SwPlan                   *plan,
               SwMigrationFlags          flags,
               const SwValidatorOptions *options,
               GCancellable             *cancellable,
               SwSchemaChangesCache     *cache)
{
  g_autoptr(SwMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ignored = NULL;
  GPtrArray *entries;
  GPtrArray *out;

  entries = sw_plan_get_tables (plan);
  for (guint i = 0; i < entries->len; i++)
    {
      SwPlanTable *entry = g_ptr_array_index (entries, i);

      if (entry->kind == SW_PLAN_KIND_DISTRIBUTED && entry->column == NULL)
        {
          SwDiagnostic *diag = plan_error ("plan-missing-column",
                                           _("The plan distributes this table but names no distribution column."));

          out = g_ptr_array_new_with_free_func (g_object_unref);
          sw_diagnostic_add_table (diag, entry->table);
          g_ptr_array_add (out, diag);
          return out;
        }
    }

  /* Partitions move with their parent: an entry of their own is not carried out. */
  ignored = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      SwPlanTable *entry = g_ptr_array_index (entries, i);
      SwTable *t = sw_schema_find_table (schema, entry->table);
      const char *parent = t ? sw_table_get_partition_parent (t) : NULL;
      const SwPlanTable *parent_entry = parent ? sw_plan_lookup_table (plan, parent) : NULL;
      SwPlanKind parent_kind = parent_entry ? parent_entry->kind : SW_PLAN_KIND_LOCAL;
      g_autofree char *explanation = NULL;
      SwDiagnostic *diag;
      SwFix *fix;

      if (parent == NULL ||
          (entry->kind == parent_kind &&
           (entry->kind != SW_PLAN_KIND_DISTRIBUTED || g_strcmp0 (entry->column, parent_entry->column) == 0)))
        continue;
      explanation = g_strdup_printf (_("The plan makes %s %s, but it is a partition of %s, which the plan "
                                       "makes %s: Citus moves partitions with their parent (and refuses to "
                                       "distribute a partition alone), so the migration carries out the "
                                       "parent's decision for %s and ignores its own."),
                                     entry->table, sw_plan_kind_to_string (entry->kind), parent,
                                     sw_plan_kind_to_string (parent_kind), entry->table);
      diag = sw_diagnostic_new (SW_SEVERITY_WARNING, "plan-partition-ignored", NULL, NULL, NULL, explanation);
      sw_diagnostic_add_table (diag, entry->table);
      sw_diagnostic_add_table (diag, parent);
      if (entry->kind != SW_PLAN_KIND_LOCAL)
        {
          g_autofree char *text = g_strdup_printf (_("Give %s the decision instead"), parent);

          fix = sw_fix_new (text);
          fix->plan_change = sw_plan_table_copy (entry);
          g_free (fix->plan_change->table);
          fix->plan_change->table = g_strdup (parent);
          sw_diagnostic_add_fix (diag, fix);
        }
      g_ptr_array_add (ignored, diag);
    }

  if (!(migration = _sw_migration_new_cached (schema, plan, flags, NULL, cache, &error)))
    {
      g_autofree char *explanation = g_strdup_printf (_("No migration can be generated for this plan: %s"),
                                                      error->message);

      out = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (out, plan_error ("plan-refused", explanation));
      return out;
    }

  out = validate_migration (migration, schema_sql, options, cancellable);
  g_ptr_array_extend_and_steal (out, g_steal_pointer (&ignored));
  g_ptr_array_sort (out, compare_diagnostics);
  return out;
}

/**
 * sw_validate_plan:
 * @schema: the source database's model
 * @plan: the plan to check
 * @options: (nullable): the cluster to assume; %NULL for
 *   sw_validator_options_init_from_schema()
 *
 * sw_validate_plan_full() without the schema's SQL and with blocking moves.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): see sw_validate_migration()
 */
GPtrArray *
sw_validate_plan (SwSchema                 *schema,
                  SwPlan                   *plan,
                  const SwValidatorOptions *options)
{
  return sw_validate_plan_full (schema, NULL, plan, SW_MIGRATION_FLAGS_NONE, options);
}

/* What one sw_validate_plan_async() works on: its own copies, so that the
 * caller may go on editing the plan while the worker reads them. */
typedef struct
{
  SwSchema           *schema;
  char               *schema_sql;
  SwPlan             *plan;
  SwMigrationFlags    flags;
  SwValidatorOptions  options;
} ValidateData;

static void
validate_data_free (ValidateData *data)
{
  g_clear_object (&data->schema);
  g_clear_pointer (&data->schema_sql, g_free);
  g_clear_object (&data->plan);
  g_free (data);
}

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ValidateData *data = task_data;
  GPtrArray *diagnostics;

  diagnostics = validate_plan (data->schema, data->schema_sql, data->plan, data->flags,
                               &data->options, cancellable, NULL);
  /* A run cut short found only part of what there is to say. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_ptr_array_unref (diagnostics);
      g_task_return_error_if_cancelled (task);
      return;
    }
  g_task_return_pointer (task, diagnostics, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * sw_validate_plan_async:
 * @schema: the source database's model (only read, from a worker thread)
 * @schema_sql: (nullable): see sw_validate_plan_full()
 * @plan: the plan to check; a copy is taken, so @plan may change meanwhile
 * @flags: how the migration moves the tables
 * @options: (nullable): the cluster to assume; %NULL for
 *   sw_validator_options_init_from_schema()
 * @cancellable: (nullable): stops the run between two migration steps
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * sw_validate_plan_full() in a worker thread: at 1,000 tables a run takes
 * seconds (bench/bench-validate), too long for a UI that re-validates after
 * every edit. Cancel the run a newer edit makes useless.
 */
void
sw_validate_plan_async (SwSchema                 *schema,
                        const char               *schema_sql,
                        SwPlan                   *plan,
                        SwMigrationFlags          flags,
                        const SwValidatorOptions *options,
                        GCancellable             *cancellable,
                        GAsyncReadyCallback       callback,
                        gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ValidateData *data;

  g_return_if_fail (SW_IS_SCHEMA (schema));
  g_return_if_fail (SW_IS_PLAN (plan));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ValidateData, 1);
  data->schema = g_object_ref (schema);
  data->schema_sql = g_strdup (schema_sql);
  data->plan = sw_plan_copy (plan);
  data->flags = flags;
  if (options != NULL)
    data->options = *options;
  else
    sw_validator_options_init_from_schema (&data->options, schema);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_validate_plan_async);
  g_task_set_name (task, "[shardwise] validate plan");
  g_task_set_task_data (task, data, (GDestroyNotify)validate_data_free);
  g_task_run_in_thread (task, validate_thread);
}

/**
 * sw_validate_plan_finish:
 * @result: the result handed to the callback
 * @error: set to %G_IO_ERROR_CANCELLED when the run was cancelled
 *
 * Returns: (transfer container) (element-type SwDiagnostic): see
 *   sw_validate_migration(), or %NULL with @error set
 */
GPtrArray *
sw_validate_plan_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_validate_plan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_diagnostics_dup_broken_edges:
 * @diagnostics: (element-type SwDiagnostic): diagnostics
 *
 * The foreign keys that the errors among @diagnostics are about, as the set
 * of sw_erd_edge_key() the ERD draws in the error colour
 * (sw_erd_render_to_file() and the UI's canvas take it). Warnings and infos
 * (a foreign key Citus accepts but does not enforce) are left out: they
 * break no rule.
 *
 * Returns: (transfer full) (element-type utf8 utf8): a set of edge keys,
 *   empty when no error is about a foreign key
 */
GHashTable *
sw_diagnostics_dup_broken_edges (GPtrArray *diagnostics)
{
  GHashTable *edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);

      if (sw_diagnostic_get_severity (diag) != SW_SEVERITY_ERROR ||
          sw_diagnostic_get_constraint (diag) == NULL ||
          sw_diagnostic_get_constraint_table (diag) == NULL)
        continue;
      g_hash_table_add (edges, sw_erd_edge_key (sw_diagnostic_get_constraint_table (diag),
                                                sw_diagnostic_get_constraint (diag)));
    }
  return edges;
}

/**
 * sw_diagnostics_count_errors:
 * @diagnostics: (element-type SwDiagnostic): diagnostics
 *
 * Returns: how many are errors
 */
guint
sw_diagnostics_count_errors (GPtrArray *diagnostics)
{
  guint count = 0;

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    if (sw_diagnostic_get_severity (g_ptr_array_index (diagnostics, i)) == SW_SEVERITY_ERROR)
      count++;
  return count;
}

/**
 * sw_diagnostics_count_blocking_errors:
 * @diagnostics: (element-type SwDiagnostic): what sw_validate_migration() returned
 *
 * The errors a gate refuses a migration for: every error, except those in or
 * after a step where a statement's effect on the schema could not be
 * modelled (a `statement-not-modelled` warning), since those predictions
 * rest on a schema that may no longer be the real one.
 *
 * Returns: how many errors are certain
 */
guint
sw_diagnostics_count_blocking_errors (GPtrArray *diagnostics)
{
  guint first_unmodelled = G_MAXUINT;
  guint count = 0;

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);

      if (g_strcmp0 (sw_diagnostic_get_code (diag), "statement-not-modelled") == 0)
        first_unmodelled = MIN (first_unmodelled, sw_diagnostic_get_step (diag));
    }
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);

      if (sw_diagnostic_get_severity (diag) == SW_SEVERITY_ERROR &&
          sw_diagnostic_get_step (diag) < first_unmodelled)
        count++;
    }
  return count;
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * sw_diagnostics_to_json:
 * @diagnostics: (element-type SwDiagnostic): diagnostics
 * @length: (out) (optional): the length of the text
 *
 * The stable JSON form `check --format json` prints:
 *
 * |[
 * {"errors": 1, "warnings": 0, "infos": 0,
 *  "diagnostics": [
 *    {"severity": "error", "code": "fk-distributed-to-local",
 *     "tables": ["public.a", "public.b"], "columns": ["b_id"],
 *     "error": "…", "detail": "…" | null, "hint": "…" | null,
 *     "explanation": "…",
 *     "step": 3 | null, "statement": "SELECT create_distributed_table(…)" | null,
 *     "fixes": [{"description": "…",
 *                "plan_change": {"table": "public.b", "kind": "reference",
 *                                "column": null, "colocate_with": null} | null,
 *                "schema": {"schema": "s", "distribute": true} | null,
 *                "ddl": "…" | null}]}]}
 * ]|
 *
 * `error` is null for warnings and infos that Citus does not print. `step`
 * (1-based) and `statement` say which statement of the generated migration
 * (sw_migration_to_sql()) Citus refuses; null for what is about the plan
 * as a whole or its final state.
 *
 * Returns: (transfer full): the JSON text
 */
char *
sw_diagnostics_to_json (GPtrArray *diagnostics,
                        gsize     *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint counts[3] = { 0, 0, 0 };

  for (guint i = 0; i < diagnostics->len; i++)
    counts[sw_diagnostic_get_severity (g_ptr_array_index (diagnostics, i))]++;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, counts[SW_SEVERITY_ERROR]);
  json_builder_set_member_name (builder, "warnings");
  json_builder_add_int_value (builder, counts[SW_SEVERITY_WARNING]);
  json_builder_set_member_name (builder, "infos");
  json_builder_add_int_value (builder, counts[SW_SEVERITY_INFO]);
  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);
      GPtrArray *fixes = sw_diagnostic_get_fixes (diag);

      json_builder_begin_object (builder);
      add_nullable (builder, "severity", sw_severity_to_string (sw_diagnostic_get_severity (diag)));
      add_nullable (builder, "code", sw_diagnostic_get_code (diag));
      add_strv (builder, "tables", sw_diagnostic_get_tables (diag));
      add_strv (builder, "columns", sw_diagnostic_get_columns (diag));
      add_nullable (builder, "error", sw_diagnostic_get_error (diag));
      add_nullable (builder, "detail", sw_diagnostic_get_detail (diag));
      add_nullable (builder, "hint", sw_diagnostic_get_hint (diag));
      add_nullable (builder, "explanation", sw_diagnostic_get_explanation (diag));
      json_builder_set_member_name (builder, "step");
      if (sw_diagnostic_get_step (diag) > 0)
        json_builder_add_int_value (builder, sw_diagnostic_get_step (diag));
      else
        json_builder_add_null_value (builder);
      add_nullable (builder, "statement", sw_diagnostic_get_statement (diag));
      json_builder_set_member_name (builder, "fixes");
      json_builder_begin_array (builder);
      for (guint j = 0; j < fixes->len; j++)
        {
          SwFix *fix = g_ptr_array_index (fixes, j);

          json_builder_begin_object (builder);
          add_nullable (builder, "description", fix->description);
          json_builder_set_member_name (builder, "plan_change");
          if (fix->plan_change != NULL)
            {
              json_builder_begin_object (builder);
              add_nullable (builder, "table", fix->plan_change->table);
              add_nullable (builder, "kind", sw_plan_kind_to_string (fix->plan_change->kind));
              add_nullable (builder, "column", fix->plan_change->column);
              add_nullable (builder, "colocate_with", fix->plan_change->colocate_with);
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "schema");
          if (fix->schema_name != NULL)
            {
              json_builder_begin_object (builder);
              add_nullable (builder, "schema", fix->schema_name);
              json_builder_set_member_name (builder, "distribute");
              json_builder_add_boolean_value (builder, fix->distribute_schema);
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
          add_nullable (builder, "ddl", fix->ddl);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}
