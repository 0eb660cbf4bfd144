/* sw-ddl-sorter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sw-ddl-object.h"

G_BEGIN_DECLS

#define SW_DDL_SORTER_ERROR (sw_ddl_sorter_error_quark ())

/**
 * SwDdlSorterError:
 * @SW_DDL_SORTER_ERROR_CYCLE: the dependencies form a loop; sw_ddl_sorter_find_cycle() names it
 *
 * Errors of the DDL sorter.
 */
typedef enum
{
  SW_DDL_SORTER_ERROR_CYCLE = 1,
} SwDdlSorterError;

#define SW_TYPE_DDL_SORTER (sw_ddl_sorter_get_type ())

G_DECLARE_FINAL_TYPE (SwDdlSorter, sw_ddl_sorter, SW, DDL_SORTER, GObject)

GQuark       sw_ddl_sorter_error_quark     (void);

SwDdlSorter *sw_ddl_sorter_new             (void) G_GNUC_WARN_UNUSED_RESULT;
guint        sw_ddl_sorter_add             (SwDdlSorter  *self,
                                            SwDdlObject  *object);
SwDdlObject *sw_ddl_sorter_get_object      (SwDdlSorter  *self,
                                            guint         id);
guint        sw_ddl_sorter_get_n_objects   (SwDdlSorter  *self);
GPtrArray   *sw_ddl_sorter_presort         (SwDdlSorter  *self) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *sw_ddl_sorter_sort            (SwDdlSorter  *self,
                                            GError      **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *sw_ddl_sorter_find_cycle      (SwDdlSorter  *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
