/* sw-sequence.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_SEQUENCE (sw_sequence_get_type ())

G_DECLARE_FINAL_TYPE (SwSequence, sw_sequence, SW, SEQUENCE, GObject)

const char * sw_sequence_get_schema_name     (SwSequence *self);
const char * sw_sequence_get_name            (SwSequence *self);
const char * sw_sequence_get_qualified_name  (SwSequence *self);
const char * sw_sequence_get_data_type       (SwSequence *self);
gint64       sw_sequence_get_start           (SwSequence *self);
gint64       sw_sequence_get_increment       (SwSequence *self);
gint64       sw_sequence_get_min_value       (SwSequence *self);
gint64       sw_sequence_get_max_value       (SwSequence *self);
gint64       sw_sequence_get_cache           (SwSequence *self);
gboolean     sw_sequence_get_cycle           (SwSequence *self);
const char * sw_sequence_get_owned_by_table  (SwSequence *self);
const char * sw_sequence_get_owned_by_column (SwSequence *self);
gboolean     sw_sequence_get_identity        (SwSequence *self);

G_END_DECLS
