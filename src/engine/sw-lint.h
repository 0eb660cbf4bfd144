/* sw-lint.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib-object.h>

#include "sw-types.h"
#include "sw-validator.h"

G_BEGIN_DECLS

#define SW_LINT_ERROR (sw_lint_error_quark ())

typedef enum
{
  SW_LINT_ERROR_SYNTAX = 1,
} SwLintError;

typedef struct _SwLintResult SwLintResult;

/**
 * SwLintResult:
 * @line: 1-based line of the statement's first character in the script
 * @statement: the statement's text, without the blanks and comments before it
 * @ok: %TRUE when Citus accepts the statement (or does not look at it)
 * @error: (nullable): the first line Citus would print after `ERROR:`
 * @detail: (nullable): its `DETAIL:`
 * @hint: (nullable): its `HINT:`
 * @diagnostic: (nullable): the full diagnostic (explanation, fixes) when not @ok
 *
 * What lint predicts for one statement of a migration script.
 */
struct _SwLintResult
{
  guint         line;
  char         *statement;
  gboolean      ok;
  char         *error;
  char         *detail;
  char         *hint;
  SwDiagnostic *diagnostic;
};

#define SW_TYPE_LINT_RESULT (sw_lint_result_get_type ())

GType         sw_lint_result_get_type   (void) G_GNUC_CONST;
SwLintResult *sw_lint_result_copy       (const SwLintResult       *result);
void          sw_lint_result_free       (SwLintResult             *result);
GQuark        sw_lint_error_quark       (void);

GPtrArray    *sw_lint_script            (SwSchema                 *schema,
                                         const char               *schema_sql,
                                         const char               *script,
                                         const SwValidatorOptions *options,
                                         GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
char         *sw_lint_results_to_json   (GPtrArray                *results,
                                         gsize                    *length) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwLintResult, sw_lint_result_free)

G_END_DECLS
