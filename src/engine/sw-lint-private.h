/* sw-lint-private.h
 *
 * The statement simulation behind `lint`, one statement at a time, so the
 * validator can run the generated migration's own statements through it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"
#include "sw-citus-sim-private.h"

G_BEGIN_DECLS

typedef struct _SwLintSession SwLintSession;

SwLintSession *_sw_lint_session_new            (SwSchema                 *schema,
                                                const char               *schema_sql,
                                                const SwValidatorOptions *options);
void           _sw_lint_session_free           (SwLintSession            *session);
SwCitusSim    *_sw_lint_session_get_sim        (SwLintSession            *session);
SwDiagnostic  *_sw_lint_session_run            (SwLintSession            *session,
                                                const char               *statement,
                                                gboolean                 *modelled);
gboolean       _sw_lint_session_is_aborted     (SwLintSession            *session);

/* In sw-validator.c: copies one setting (as SET names it) from @from. */
gboolean       _sw_validator_options_copy_setting (SwValidatorOptions       *options,
                                                   const SwValidatorOptions *from,
                                                   const char               *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwLintSession, _sw_lint_session_free)

G_END_DECLS
