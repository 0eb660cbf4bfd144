/* sw-verify-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SW_TYPE_VERIFY_ROW (sw_verify_row_get_type ())

G_DECLARE_FINAL_TYPE (SwVerifyRow, sw_verify_row, SW, VERIFY_ROW, GObject)

SwVerifyRow *sw_verify_row_new                     (const char  *table,
                                                    const char  *expected_type,
                                                    const char  *citus_table_type,
                                                    const char  *distribution_column,
                                                    int          colocation_id,
                                                    int          shard_count,
                                                    gint64       rows_before,
                                                    gint64       rows_after) G_GNUC_WARN_UNUSED_RESULT;
const char  *sw_verify_row_get_table               (SwVerifyRow *self);
const char  *sw_verify_row_get_expected_type       (SwVerifyRow *self);
const char  *sw_verify_row_get_citus_table_type    (SwVerifyRow *self);
const char  *sw_verify_row_get_distribution_column (SwVerifyRow *self);
int          sw_verify_row_get_colocation_id       (SwVerifyRow *self);
int          sw_verify_row_get_shard_count         (SwVerifyRow *self);
gint64       sw_verify_row_get_rows_before         (SwVerifyRow *self);
gint64       sw_verify_row_get_rows_after          (SwVerifyRow *self);
gboolean     sw_verify_row_get_ok                  (SwVerifyRow *self);

G_END_DECLS
