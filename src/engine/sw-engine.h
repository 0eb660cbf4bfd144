/* sw-engine.h
 *
 * The umbrella header of libshardwise-engine. It never includes GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define SW_ENGINE_INSIDE
# include "sw-types.h"
# include "sw-engine-autocleanups.h"
# include "sw-identifier.h"
# include "sw-source-note.h"
# include "sw-column.h"
# include "sw-constraint.h"
# include "sw-foreign-key.h"
# include "sw-index.h"
# include "sw-trigger.h"
# include "sw-sequence.h"
# include "sw-view.h"
# include "sw-policy.h"
# include "sw-user-type.h"
# include "sw-function.h"
# include "sw-table.h"
# include "sw-schema.h"
# include "sw-schema-json.h"
# include "sw-catalog-reader.h"
# include "sw-sql-reader.h"
# include "sw-plan.h"
# include "sw-erd-layout.h"
# include "sw-erd-render.h"
# include "sw-plan-edit.h"
# include "sw-workload.h"
# include "sw-workload-analysis.h"
# include "sw-advice.h"
# include "sw-advisor.h"
# include "sw-hash.h"
# include "sw-route.h"
# include "sw-router.h"
# include "sw-explain.h"
# include "sw-query-rows.h"
# include "sw-query-runner.h"
# include "sw-shard-balance.h"
# include "sw-ddl-object.h"
# include "sw-ddl-sorter.h"
# include "sw-migration-step.h"
# include "sw-migration.h"
# include "sw-applier.h"
# include "sw-diagnostic.h"
# include "sw-validator.h"
# include "sw-lint.h"
# include "sw-erd-layout.h"
# include "sw-erd-render.h"
# include "sw-plan-edit.h"
# include "sw-script-runner.h"
# include "sw-schema-sql.h"
# include "sw-balance-estimate.h"
#undef SW_ENGINE_INSIDE
