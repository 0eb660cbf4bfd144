/* sw-diagnostic.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

#include "sw-types.h"
#include "sw-plan.h"

G_BEGIN_DECLS

/**
 * SwSeverity:
 * @SW_SEVERITY_ERROR: Citus refuses: the step fails and nothing after it runs
 * @SW_SEVERITY_WARNING: Citus accepts it but does not enforce or keep something
 * @SW_SEVERITY_INFO: worth knowing; nothing is lost
 *
 * How bad a diagnostic is. Errors sort first.
 */
typedef enum
{
  SW_SEVERITY_ERROR,
  SW_SEVERITY_WARNING,
  SW_SEVERITY_INFO,
} SwSeverity;

const char *sw_severity_to_string (SwSeverity severity);

typedef struct _SwFix SwFix;

/**
 * SwFix:
 * @description: what the fix does, in plain (translated) words
 * @plan_change: (nullable): the new decision for one table; apply it with
 *   sw_plan_set_table() or sw_fix_apply_to_plan()
 * @schema_name: (nullable): a schema whose sharding the fix changes
 * @distribute_schema: with @schema_name: %TRUE to make it a distributed schema,
 *   %FALSE to stop distributing it
 * @ddl: (nullable): SQL to run on the source database instead (every
 *   identifier quoted)
 *
 * One way out of a diagnostic: a change to the plan, or DDL.
 */
struct _SwFix
{
  char        *description;
  SwPlanTable *plan_change;
  char        *schema_name;
  gboolean     distribute_schema;
  char        *ddl;
};

#define SW_TYPE_FIX (sw_fix_get_type ())

GType     sw_fix_get_type       (void) G_GNUC_CONST;
SwFix    *sw_fix_new            (const char        *description) G_GNUC_WARN_UNUSED_RESULT;
SwFix    *sw_fix_copy           (const SwFix       *fix) G_GNUC_WARN_UNUSED_RESULT;
void      sw_fix_free           (SwFix             *fix);
gboolean  sw_fix_apply_to_plan  (const SwFix       *fix,
                                 SwPlan            *plan);

#define SW_TYPE_DIAGNOSTIC (sw_diagnostic_get_type ())

G_DECLARE_FINAL_TYPE (SwDiagnostic, sw_diagnostic, SW, DIAGNOSTIC, GObject)

SwDiagnostic       *sw_diagnostic_new             (SwSeverity    severity,
                                                   const char   *code,
                                                   const char   *error,
                                                   const char   *detail,
                                                   const char   *hint,
                                                   const char   *explanation) G_GNUC_WARN_UNUSED_RESULT;
SwSeverity          sw_diagnostic_get_severity    (SwDiagnostic *self);
const char         *sw_diagnostic_get_code        (SwDiagnostic *self);
const char * const *sw_diagnostic_get_tables      (SwDiagnostic *self);
const char * const *sw_diagnostic_get_columns     (SwDiagnostic *self);
const char         *sw_diagnostic_get_error       (SwDiagnostic *self);
const char         *sw_diagnostic_get_detail      (SwDiagnostic *self);
const char         *sw_diagnostic_get_hint        (SwDiagnostic *self);
const char         *sw_diagnostic_get_explanation (SwDiagnostic *self);
GPtrArray          *sw_diagnostic_get_fixes       (SwDiagnostic *self);
guint               sw_diagnostic_get_step        (SwDiagnostic *self);
const char         *sw_diagnostic_get_statement   (SwDiagnostic *self);
void                sw_diagnostic_set_step        (SwDiagnostic *self,
                                                   guint         step,
                                                   const char   *statement);
void                sw_diagnostic_set_detail      (SwDiagnostic *self,
                                                   const char   *detail);
void                sw_diagnostic_add_table       (SwDiagnostic *self,
                                                   const char   *qualified_name);
void                sw_diagnostic_add_column      (SwDiagnostic *self,
                                                   const char   *column);
void                sw_diagnostic_add_fix         (SwDiagnostic *self,
                                                   SwFix        *fix);
void                sw_diagnostic_set_constraint  (SwDiagnostic *self,
                                                   const char   *table,
                                                   const char   *name);
const char         *sw_diagnostic_get_constraint  (SwDiagnostic *self);
const char         *sw_diagnostic_get_constraint_table (SwDiagnostic *self);
int                 sw_diagnostic_compare         (SwDiagnostic *a,
                                                   SwDiagnostic *b);
char               *sw_diagnostic_to_text         (SwDiagnostic *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwFix, sw_fix_free)

G_END_DECLS
