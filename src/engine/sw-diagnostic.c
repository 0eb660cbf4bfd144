/* sw-diagnostic.c
 *
 * One thing the validator has to say about a plan or a statement: what Citus
 * would print, in its own words (never translated: it is data), why, in plain
 * words, and how to get out of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-diagnostic"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sw-diagnostic.h"

struct _SwDiagnostic
{
  GObject     parent_instance;

  SwSeverity  severity;
  char       *code;
  GPtrArray  *tables;       /* char *, NULL-terminated */
  GPtrArray  *columns;      /* char *, NULL-terminated */
  char       *error;
  char       *detail;
  char       *hint;
  char       *explanation;
  GPtrArray  *fixes;        /* SwFix */
  guint       step;         /* 1-based step of the migration, 0 for none */
  char       *statement;    /* the migration's statement Citus refuses */
  char       *constraint_table; /* the table that owns the constraint */
  char       *constraint;   /* the constraint (a foreign key) it is about */
};

G_DEFINE_FINAL_TYPE (SwDiagnostic, sw_diagnostic, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (SwFix, sw_fix, sw_fix_copy, sw_fix_free)

const char *
sw_severity_to_string (SwSeverity severity)
{
  switch (severity)
    {
    case SW_SEVERITY_ERROR:
      return "error";
    case SW_SEVERITY_WARNING:
      return "warning";
    case SW_SEVERITY_INFO:
    default:
      return "info";
    }
}

/**
 * sw_fix_new:
 * @description: what the fix does, in plain words
 *
 * Returns: (transfer full): a fix that changes nothing yet; fill its fields
 */
SwFix *
sw_fix_new (const char *description)
{
  SwFix *fix = g_new0 (SwFix, 1);

  fix->description = g_strdup (description);
  return fix;
}

SwFix *
sw_fix_copy (const SwFix *fix)
{
  SwFix *copy;

  g_return_val_if_fail (fix != NULL, NULL);

  copy = sw_fix_new (fix->description);
  copy->plan_change = fix->plan_change ? sw_plan_table_copy (fix->plan_change) : NULL;
  copy->schema_name = g_strdup (fix->schema_name);
  copy->distribute_schema = fix->distribute_schema;
  copy->ddl = g_strdup (fix->ddl);
  return copy;
}

void
sw_fix_free (SwFix *fix)
{
  if (fix == NULL)
    return;

  g_free (fix->description);
  g_clear_pointer (&fix->plan_change, sw_plan_table_free);
  g_free (fix->schema_name);
  g_free (fix->ddl);
  g_free (fix);
}

/**
 * sw_fix_apply_to_plan:
 * @fix: a fix
 * @plan: the plan to change
 *
 * Applies the plan part of @fix (the table decision and the schema change).
 * DDL is for the source database and is not applied here.
 *
 * Returns: %TRUE when @plan changed, %FALSE when the fix is DDL only
 */
gboolean
sw_fix_apply_to_plan (const SwFix *fix,
                      SwPlan      *plan)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (fix != NULL, FALSE);
  g_return_val_if_fail (SW_IS_PLAN (plan), FALSE);

  if (fix->plan_change != NULL)
    {
      sw_plan_set_table (plan, fix->plan_change);
      changed = TRUE;
    }
  if (fix->schema_name != NULL)
    {
      sw_plan_set_schema_distributed (plan, fix->schema_name, fix->distribute_schema);
      changed = TRUE;
    }
  return changed;
}

static void
sw_diagnostic_finalize (GObject *object)
{
  SwDiagnostic *self = (SwDiagnostic *)object;

  g_free (self->code);
  g_ptr_array_unref (self->tables);
  g_ptr_array_unref (self->columns);
  g_free (self->error);
  g_free (self->detail);
  g_free (self->hint);
  g_free (self->explanation);
  g_free (self->statement);
  g_free (self->constraint_table);
  g_free (self->constraint);
  g_ptr_array_unref (self->fixes);

  G_OBJECT_CLASS (sw_diagnostic_parent_class)->finalize (object);
}

static void
sw_diagnostic_class_init (SwDiagnosticClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_diagnostic_finalize;
}

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
sw_diagnostic_init (SwDiagnostic *self)
{
  self->tables = new_strv_array ();
  self->columns = new_strv_array ();
  self->fixes = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_fix_free);
}

/**
 * sw_diagnostic_new:
 * @severity: how bad it is
 * @code: a stable identifier of the rule, e.g. `fk-distributed-to-local`
 * @error: (nullable): the line Citus prints after `ERROR:` (or `WARNING:`, `NOTICE:`)
 * @detail: (nullable): Citus's `DETAIL:` text
 * @hint: (nullable): Citus's `HINT:` text
 * @explanation: the same in plain words, translated
 *
 * Returns: (transfer full): a new diagnostic, without tables, columns or fixes
 */
SwDiagnostic *
sw_diagnostic_new (SwSeverity  severity,
                   const char *code,
                   const char *error,
                   const char *detail,
                   const char *hint,
                   const char *explanation)
{
  SwDiagnostic *self = g_object_new (SW_TYPE_DIAGNOSTIC, NULL);

  self->severity = severity;
  self->code = g_strdup (code);
  self->error = g_strdup (error);
  self->detail = g_strdup (detail);
  self->hint = g_strdup (hint);
  self->explanation = g_strdup (explanation);
  return self;
}

SwSeverity
sw_diagnostic_get_severity (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), SW_SEVERITY_INFO);
  return self->severity;
}

const char *
sw_diagnostic_get_code (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->code;
}

/**
 * sw_diagnostic_get_tables:
 *
 * Returns: (transfer none): the tables involved, qualified, in the order of the message
 */
const char * const *
sw_diagnostic_get_tables (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return (const char * const *)self->tables->pdata;
}

/**
 * sw_diagnostic_get_columns:
 *
 * Returns: (transfer none): the columns involved
 */
const char * const *
sw_diagnostic_get_columns (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return (const char * const *)self->columns->pdata;
}

const char *
sw_diagnostic_get_error (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->error;
}

const char *
sw_diagnostic_get_detail (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->detail;
}

const char *
sw_diagnostic_get_hint (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->hint;
}

const char *
sw_diagnostic_get_explanation (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->explanation;
}

/**
 * sw_diagnostic_get_fixes:
 *
 * Returns: (transfer none) (element-type SwFix): the fixes, best first
 */
GPtrArray *
sw_diagnostic_get_fixes (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->fixes;
}

/**
 * sw_diagnostic_set_step:
 * @self: a diagnostic
 * @step: the 1-based position of the migration step it is about, 0 for none
 * @statement: (nullable): the statement of that step Citus refuses
 *
 * Says where in the generated migration the diagnostic arises.
 */
void
sw_diagnostic_set_step (SwDiagnostic *self,
                        guint         step,
                        const char   *statement)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));

  self->step = step;
  g_free (self->statement);
  self->statement = g_strdup (statement);
}

/**
 * sw_diagnostic_get_step:
 * @self: a diagnostic
 *
 * Returns: the 1-based migration step it is about, 0 for none
 */
guint
sw_diagnostic_get_step (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), 0);
  return self->step;
}

/**
 * sw_diagnostic_get_statement:
 * @self: a diagnostic
 *
 * Returns: (nullable): the migration's statement Citus refuses
 */
const char *
sw_diagnostic_get_statement (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->statement;
}

/**
 * sw_diagnostic_set_detail:
 * @self: a diagnostic
 * @detail: (nullable): the new `DETAIL:` text
 *
 * Citus re-throws some errors with another DETAIL (automatic conversions).
 */
void
sw_diagnostic_set_detail (SwDiagnostic *self,
                          const char   *detail)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));
  g_free (self->detail);
  self->detail = g_strdup (detail);
}

static void
strv_array_add_unique (GPtrArray  *array,
                       const char *value)
{
  if (value == NULL)
    return;
  for (guint i = 0; i + 1 < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_index (array, array->len - 1) = g_strdup (value);
  g_ptr_array_add (array, NULL);
}

void
sw_diagnostic_add_table (SwDiagnostic *self,
                         const char   *qualified_name)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));
  strv_array_add_unique (self->tables, qualified_name);
}

void
sw_diagnostic_add_column (SwDiagnostic *self,
                          const char   *column)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));
  strv_array_add_unique (self->columns, column);
}

/**
 * sw_diagnostic_add_fix:
 * @self: a diagnostic
 * @fix: (transfer full): a fix
 */
void
sw_diagnostic_add_fix (SwDiagnostic *self,
                       SwFix        *fix)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));
  g_return_if_fail (fix != NULL);
  g_ptr_array_add (self->fixes, fix);
}

/**
 * sw_diagnostic_set_constraint:
 * @self: a diagnostic
 * @table: (nullable): the qualified name of the table the constraint is on
 *   (for a foreign key, the referencing table)
 * @name: (nullable): the constraint's name
 *
 * Says which constraint the diagnostic is about, so that a view can point
 * at it (the ERD draws the foreign keys a plan breaks in the error colour,
 * see sw_diagnostics_dup_broken_edges()). The tables and columns alone
 * cannot tell two foreign keys between the same tables apart.
 */
void
sw_diagnostic_set_constraint (SwDiagnostic *self,
                              const char   *table,
                              const char   *name)
{
  g_return_if_fail (SW_IS_DIAGNOSTIC (self));

  g_free (self->constraint_table);
  self->constraint_table = g_strdup (table);
  g_free (self->constraint);
  self->constraint = g_strdup (name);
}

/**
 * sw_diagnostic_get_constraint:
 * @self: a diagnostic
 *
 * Returns: (nullable): the name of the constraint (a foreign key) the
 *   diagnostic is about, or %NULL when it is about no one constraint
 */
const char *
sw_diagnostic_get_constraint (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->constraint;
}

/**
 * sw_diagnostic_get_constraint_table:
 * @self: a diagnostic
 *
 * Returns: (nullable): the qualified name of the table that owns
 *   sw_diagnostic_get_constraint()
 */
const char *
sw_diagnostic_get_constraint_table (SwDiagnostic *self)
{
  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);
  return self->constraint_table;
}

/**
 * sw_diagnostic_compare:
 *
 * Orders by severity only (errors first), so that a stable sort keeps the
 * order in which the simulation found them.
 */
int
sw_diagnostic_compare (SwDiagnostic *a,
                       SwDiagnostic *b)
{
  return (int)a->severity - (int)b->severity;
}

/**
 * sw_diagnostic_to_text:
 *
 * Formats the diagnostic for people: severity and tables, Citus's text as psql
 * shows it, the explanation and the fixes.
 *
 * Returns: (transfer full): several lines of text, ending with a newline
 */
char *
sw_diagnostic_to_text (SwDiagnostic *self)
{
  GString *str = g_string_new (NULL);
  const char *severity;

  g_return_val_if_fail (SW_IS_DIAGNOSTIC (self), NULL);

  switch (self->severity)
    {
    case SW_SEVERITY_ERROR:
      severity = _("error");
      break;
    case SW_SEVERITY_WARNING:
      severity = _("warning");
      break;
    case SW_SEVERITY_INFO:
    default:
      severity = _("info");
      break;
    }

  g_string_append_printf (str, "%s [%s]", severity, self->code);
  if (self->tables->len > 1)
    {
      g_autofree char *tables = g_strjoinv (", ", (char **)self->tables->pdata);
      g_string_append_printf (str, " %s", tables);
    }
  if (self->columns->len > 1)
    {
      g_autofree char *columns = g_strjoinv (", ", (char **)self->columns->pdata);
      g_string_append_printf (str, " (%s)", columns);
    }
  g_string_append_c (str, '\n');

  if (self->error != NULL)
    {
      const char *label = self->severity == SW_SEVERITY_ERROR ? "ERROR" :
                          self->severity == SW_SEVERITY_WARNING ? "WARNING" : "NOTICE";

      g_string_append_printf (str, "  %s:  %s\n", label, self->error);
      if (self->detail != NULL)
        g_string_append_printf (str, "  DETAIL:  %s\n", self->detail);
      if (self->hint != NULL)
        g_string_append_printf (str, "  HINT:  %s\n", self->hint);
    }
  if (self->statement != NULL)
    {
      g_autofree char *where = g_strdup_printf (_("In step %u of the migration: %s"), self->step, self->statement);

      g_string_append_printf (str, "  %s\n", where);
    }
  if (self->explanation != NULL)
    g_string_append_printf (str, "  %s\n", self->explanation);
  for (guint i = 0; i < self->fixes->len; i++)
    {
      SwFix *fix = g_ptr_array_index (self->fixes, i);

      g_string_append_printf (str, "  %s %s\n", _("Fix:"), fix->description);
      if (fix->ddl != NULL)
        g_string_append_printf (str, "    %s\n", fix->ddl);
    }

  return g_string_free (str, FALSE);
}
