/* sw-validator.c
 *
 * Predicts what Citus 13.2 says to a plan, applied the way the generated
 * migration applies it:
 *
 *  1. every foreign key that touches a table the plan hands to Citus is
 *     dropped first (so no FK can block the order of distribution);
 *  2. reference tables, in FK order (referenced first);
 *  3. distributed schemas (citus_schema_distribute);
 *  4. each colocation group: its anchor, then the tables colocated with it
 *     (partitions follow their partitioned table and are not steps);
 *  5. the foreign keys are added back, one ALTER TABLE … ADD CONSTRAINT each,
 *     in table then constraint name order.
 *
 * Every step goes through the same simulation lint uses (sw-citus-sim.c).
 * A failed step leaves the state as it was, as on the cluster, and the next
 * steps carry on, so one run reports every error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-validator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sw-validator.h"
#include "sw-citus-sim-private.h"

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

/* Kahn's algorithm over FKs among @tables, ties by name. */
static GPtrArray *
order_by_fks (SwSchema  *schema,
              GPtrArray *tables)
{
  GPtrArray *result = g_ptr_array_new ();
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) members = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < tables->len; i++)
    g_hash_table_add (members, g_ptr_array_index (tables, i));

  while (result->len < tables->len)
    {
      const char *next = NULL;

      for (guint i = 0; i < tables->len && next == NULL; i++)
        {
          const char *name = g_ptr_array_index (tables, i);
          SwTable *t = sw_schema_find_table (schema, name);
          gboolean ready = TRUE;

          if (g_hash_table_contains (done, name))
            continue;
          if (t != NULL)
            {
              GPtrArray *fks = sw_table_get_foreign_keys (t);

              for (guint j = 0; j < fks->len && ready; j++)
                {
                  const char *ref = sw_foreign_key_get_ref_table (g_ptr_array_index (fks, j));

                  if (!g_str_equal (ref, name) && g_hash_table_contains (members, ref) &&
                      !g_hash_table_contains (done, ref))
                    ready = FALSE;
                }
            }
          if (ready)
            next = name;
        }
      /* A cycle: take the first one left, the FKs are re-added later anyway. */
      for (guint i = 0; i < tables->len && next == NULL; i++)
        if (!g_hash_table_contains (done, g_ptr_array_index (tables, i)))
          next = g_ptr_array_index (tables, i);

      g_hash_table_add (done, (gpointer)next);
      g_ptr_array_add (result, (gpointer)next);
    }
  return result;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  return sw_diagnostic_compare (*(SwDiagnostic **)a, *(SwDiagnostic **)b);
}

static void
record (GPtrArray    *out,
        SwDiagnostic *diag)
{
  if (diag != NULL)
    g_ptr_array_add (out, diag);
}

static gboolean
is_partition_following_parent (SwSchema   *schema,
                               SwPlan     *plan,
                               const char *table)
{
  SwTable *t = sw_schema_find_table (schema, table);
  const char *parent = t ? sw_table_get_partition_parent (t) : NULL;

  return parent != NULL && sw_plan_lookup_table (plan, parent) != NULL &&
         sw_plan_get_table_kind (plan, parent) != SW_PLAN_KIND_LOCAL;
}

/* The root of a table's colocate_with chain inside the plan. */
static const char *
anchor_of (SwPlan     *plan,
           const char *table,
           guint       depth)
{
  const SwPlanTable *entry = sw_plan_lookup_table (plan, table);

  if (entry == NULL || entry->colocate_with == NULL || depth > 64 ||
      g_ascii_strcasecmp (entry->colocate_with, "none") == 0 ||
      g_ascii_strcasecmp (entry->colocate_with, "default") == 0 ||
      sw_plan_lookup_table (plan, entry->colocate_with) == NULL)
    return table;
  return anchor_of (plan, entry->colocate_with, depth + 1);
}

static guint
chain_depth (SwPlan     *plan,
             const char *table)
{
  guint depth = 0;
  const char *current = table;

  while (depth < 64)
    {
      const SwPlanTable *entry = sw_plan_lookup_table (plan, current);

      if (entry == NULL || entry->colocate_with == NULL ||
          sw_plan_lookup_table (plan, entry->colocate_with) == NULL)
        break;
      current = entry->colocate_with;
      depth++;
    }
  return depth;
}

/**
 * sw_validate_plan:
 * @schema: the source database's model
 * @plan: the plan to check
 * @options: (nullable): the cluster to assume; %NULL for
 *   sw_validator_options_init_from_schema()
 *
 * Predicts Citus's answer to every step of @plan (see the comment at the top
 * of sw-validator.c for the order), plus warnings for what Citus accepts but
 * does not enforce.
 *
 * Returns: (transfer container) (element-type SwDiagnostic): errors first,
 *   then warnings and infos, each in the order of the steps
 */
GPtrArray *
sw_validate_plan (SwSchema                 *schema,
                  SwPlan                   *plan,
                  const SwValidatorOptions *options)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  SwValidatorOptions opts;
  SwCitusSim *sim;
  GPtrArray *entries;
  g_autoptr(GPtrArray) references = g_ptr_array_new ();
  g_autoptr(GPtrArray) ordered = NULL;
  g_autoptr(GPtrArray) distributed = g_ptr_array_new ();
  const char * const *schemas;
  GListModel *tables;
  guint n;

  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);
  g_return_val_if_fail (SW_IS_PLAN (plan), NULL);

  if (options != NULL)
    opts = *options;
  else
    sw_validator_options_init_from_schema (&opts, schema);
  /* The plan's default shard count is what the migration sets citus.shard_count to. */
  if (sw_plan_get_shard_count (plan) > 0)
    opts.shard_count = sw_plan_get_shard_count (plan);

  sim = _sw_citus_sim_new (schema, &opts);
  _sw_citus_sim_set_notes (sim, out);
  _sw_citus_sim_drop_all_fks (sim);

  entries = sw_plan_get_tables (plan);
  for (guint i = 0; i < entries->len; i++)
    {
      SwPlanTable *entry = g_ptr_array_index (entries, i);

      if (is_partition_following_parent (schema, plan, entry->table))
        continue;
      if (entry->kind == SW_PLAN_KIND_REFERENCE)
        g_ptr_array_add (references, entry->table);
      else if (entry->kind == SW_PLAN_KIND_DISTRIBUTED || entry->kind == SW_PLAN_KIND_SINGLE_SHARD)
        g_ptr_array_add (distributed, entry->table);
    }
  g_ptr_array_sort (references, compare_strings);
  ordered = order_by_fks (schema, references);
  for (guint i = 0; i < ordered->len; i++)
    {
      const char *table = g_ptr_array_index (ordered, i);

      if (_sw_citus_sim_get_kind (sim, table) == SW_SIM_REFERENCE)
        continue;
      record (out, _sw_citus_sim_create_reference_table (sim, table));
    }

  schemas = sw_plan_get_distributed_schemas (plan);
  for (guint i = 0; schemas != NULL && schemas[i] != NULL; i++)
    record (out, _sw_citus_sim_schema_distribute (sim, schemas[i]));

  /* Colocation groups: by anchor name, the anchor first, then by depth and name. */
  {
    g_autoptr(GPtrArray) keyed = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < distributed->len; i++)
      {
        const char *table = g_ptr_array_index (distributed, i);

        g_ptr_array_add (keyed, g_strdup_printf ("%s\037%03u\037%s", anchor_of (plan, table, 0),
                                                 chain_depth (plan, table), table));
      }
    g_ptr_array_sort (keyed, compare_strings);

    for (guint i = 0; i < keyed->len; i++)
      {
        const char *table = strrchr (g_ptr_array_index (keyed, i), '\037') + 1;
        const SwPlanTable *entry = sw_plan_lookup_table (plan, table);
        SwSimDistributeArgs args = { 0 };
        SwSimKind current = _sw_citus_sim_get_kind (sim, table);

        if (_sw_citus_sim_is_citus (current) && current != SW_SIM_CITUS_LOCAL)
          {
            /* Already distributed on the live cluster: the plan keeps it. */
            if (g_strcmp0 (_sw_citus_sim_get_column (sim, table), entry->column) == 0)
              continue;
          }

        args.table = table;
        args.column = entry->kind == SW_PLAN_KIND_DISTRIBUTED ? entry->column : NULL;
        args.method = SW_SIM_HASH;
        args.shard_count = entry->shard_count > 0 ? (int)entry->shard_count : -1;
        if (entry->colocate_with == NULL || g_ascii_strcasecmp (entry->colocate_with, "default") == 0)
          args.colocate = SW_SIM_COLOCATE_DEFAULT;
        else if (g_ascii_strcasecmp (entry->colocate_with, "none") == 0)
          args.colocate = SW_SIM_COLOCATE_NONE;
        else
          {
            args.colocate = SW_SIM_COLOCATE_TABLE;
            args.colocate_with = entry->colocate_with;
            /* The generator never passes both; the group has its shard count. */
            args.shard_count = -1;
          }
        if (entry->kind == SW_PLAN_KIND_DISTRIBUTED && entry->column == NULL)
          {
            SwDiagnostic *diag = sw_diagnostic_new (SW_SEVERITY_ERROR, "plan-missing-column", NULL, NULL, NULL,
                                                    _("The plan distributes this table but names no distribution column."));

            sw_diagnostic_add_table (diag, table);
            g_ptr_array_add (out, diag);
            continue;
          }
        record (out, _sw_citus_sim_distribute (sim, &args));
      }
  }

  /* The foreign keys come back. */
  tables = sw_schema_list_tables (schema);
  n = g_list_model_get_n_items (tables);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) t = g_list_model_get_item (tables, i);
      GPtrArray *fks = sw_table_get_foreign_keys (t);

      for (guint j = 0; j < fks->len; j++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, j);
          SwDiagnostic *diag;

          _sw_citus_sim_set_fk_present (sim, fk, TRUE);
          diag = _sw_citus_sim_add_foreign_key (sim, fk);
          if (diag != NULL)
            {
              _sw_citus_sim_set_fk_present (sim, fk, FALSE);
              g_ptr_array_add (out, diag);
            }
        }
    }

  _sw_citus_sim_set_notes (sim, NULL);
  _sw_citus_sim_final_warnings (sim, out);
  _sw_citus_sim_free (sim);

  /* g_ptr_array_sort() is a stable merge sort: the step order stays. */
  g_ptr_array_sort (out, compare_diagnostics);
  return out;
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
 *     "fixes": [{"description": "…",
 *                "plan_change": {"table": "public.b", "kind": "reference",
 *                                "column": null, "colocate_with": null} | null,
 *                "schema": {"schema": "s", "distribute": true} | null,
 *                "ddl": "…" | null}]}]}
 * ]|
 *
 * `error` is null for warnings and infos that Citus does not print.
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
