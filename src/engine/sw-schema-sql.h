/* sw-schema-sql.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <glib.h>

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_SCHEMA_SQL_ERROR (sw_schema_sql_error_quark ())

/**
 * SwSchemaSqlError:
 * @SW_SCHEMA_SQL_ERROR_SYNTAX: the fix script does not parse
 * @SW_SCHEMA_SQL_ERROR_STATEMENT: a statement of the fix script cannot be
 *   applied to the schema (it names a table, column or constraint that does
 *   not exist, creates one that already exists…)
 * @SW_SCHEMA_SQL_ERROR_MODEL: the schema's own script could not be read back
 *
 * Errors of sw_schema_apply_sql().
 */
typedef enum
{
  SW_SCHEMA_SQL_ERROR_SYNTAX = 1,
  SW_SCHEMA_SQL_ERROR_STATEMENT,
  SW_SCHEMA_SQL_ERROR_MODEL,
} SwSchemaSqlError;

GQuark    sw_schema_sql_error_quark (void);

char     *sw_schema_to_sql          (SwSchema    *schema) G_GNUC_WARN_UNUSED_RESULT;
SwSchema *sw_schema_apply_sql       (SwSchema    *schema,
                                     const char  *sql,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
