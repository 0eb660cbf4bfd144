/* sw-advisor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-types.h"
#include "sw-plan.h"
#include "sw-workload.h"

G_BEGIN_DECLS

#define SW_TYPE_ADVISOR (sw_advisor_get_type ())

G_DECLARE_FINAL_TYPE (SwAdvisor, sw_advisor, SW, ADVISOR, GObject)

SwAdvisor  *sw_advisor_new                  (SwSchema             *schema) G_GNUC_WARN_UNUSED_RESULT;
SwSchema   *sw_advisor_get_schema           (SwAdvisor            *self);
void        sw_advisor_set_workload         (SwAdvisor            *self,
                                             SwWorkload           *workload);
SwWorkload *sw_advisor_get_workload         (SwAdvisor            *self);
void        sw_advisor_set_shard_count      (SwAdvisor            *self,
                                             guint                 shard_count);
guint       sw_advisor_get_shard_count      (SwAdvisor            *self);
void        sw_advisor_set_single_node_bytes (SwAdvisor           *self,
                                             gint64                bytes);

SwPlan     *sw_advisor_recommend            (SwAdvisor            *self,
                                             GCancellable         *cancellable,
                                             GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void        sw_advisor_recommend_async      (SwAdvisor            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SwPlan     *sw_advisor_recommend_finish     (SwAdvisor            *self,
                                             GAsyncResult         *result,
                                             GError              **error) G_GNUC_WARN_UNUSED_RESULT;

GPtrArray  *sw_advisor_get_advice           (SwAdvisor            *self);
char       *sw_advisor_dup_fixes_sql        (SwAdvisor            *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sw_advisor_get_single_node      (SwAdvisor            *self);

G_END_DECLS
