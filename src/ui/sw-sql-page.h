/* sw-sql-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sw-engine.h"

G_BEGIN_DECLS

/**
 * SwSqlScript:
 * @SW_SQL_SCRIPT_MIGRATION: the migration script
 * @SW_SQL_SCRIPT_ROLLBACK: the rollback script
 * @SW_SQL_SCRIPT_VERIFY: the verify script
 *
 * The three scripts the SQL page shows.
 */
typedef enum
{
  SW_SQL_SCRIPT_MIGRATION,
  SW_SQL_SCRIPT_ROLLBACK,
  SW_SQL_SCRIPT_VERIFY,
} SwSqlScript;

#define SW_TYPE_SQL_PAGE (sw_sql_page_get_type ())

G_DECLARE_FINAL_TYPE (SwSqlPage, sw_sql_page, SW, SQL_PAGE, AdwBin)

GtkWidget  *sw_sql_page_new                (void);
SwSchema   *sw_sql_page_get_schema         (SwSqlPage           *self);
void        sw_sql_page_set_schema         (SwSqlPage           *self,
                                            SwSchema            *schema);
SwPlan     *sw_sql_page_get_plan           (SwSqlPage           *self);
void        sw_sql_page_set_plan           (SwSqlPage           *self,
                                            SwPlan              *plan);
void        sw_sql_page_set_scripts        (SwSqlPage           *self,
                                            const char          *migration,
                                            const char          *rollback,
                                            const char          *verify);
char       *sw_sql_page_dup_script         (SwSqlPage           *self,
                                            SwSqlScript          script) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sw_sql_page_is_busy            (SwSqlPage           *self);
const char *sw_sql_page_get_error          (SwSqlPage           *self);
void        sw_sql_page_show_script        (SwSqlPage           *self,
                                            SwSqlScript          script);

void        sw_sql_page_export_sql_async   (SwSqlPage           *self,
                                            GFile               *migration_file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    sw_sql_page_export_sql_finish  (SwSqlPage           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        sw_sql_page_export_plan_async  (SwSqlPage           *self,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    sw_sql_page_export_plan_finish (SwSqlPage           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void        sw_sql_page_export_erd_async   (SwSqlPage           *self,
                                            GFile               *file,
                                            const char          *format,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    sw_sql_page_export_erd_finish  (SwSqlPage           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

GFile      *sw_sql_export_sibling          (GFile               *migration_file,
                                            const char          *suffix) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
