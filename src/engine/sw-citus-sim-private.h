/* sw-citus-sim-private.h
 *
 * The Citus rules, as one simulation of the cluster's metadata that both the
 * plan validator and `lint` drive: one implementation of each rule, two
 * callers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sw-engine.h"

G_BEGIN_DECLS

typedef enum
{
  SW_SIM_POSTGRES,
  SW_SIM_CITUS_LOCAL,
  SW_SIM_REFERENCE,
  SW_SIM_HASH,
  SW_SIM_SINGLE_SHARD,
  SW_SIM_APPEND,
  SW_SIM_RANGE,
} SwSimKind;

typedef enum
{
  SW_SIM_COLOCATE_DEFAULT,
  SW_SIM_COLOCATE_NONE,
  SW_SIM_COLOCATE_TABLE,
} SwSimColocate;

typedef struct _SwCitusSim SwCitusSim;

/* Arguments of create_distributed_table() and friends, already resolved. */
typedef struct
{
  const char    *table;            /* qualified */
  const char    *column;           /* NULL: single shard */
  SwSimKind      method;           /* HASH, APPEND or RANGE */
  gboolean       method_given;
  SwSimColocate  colocate;
  const char    *colocate_with;    /* qualified, for SW_SIM_COLOCATE_TABLE */
  int            shard_count;      /* -1: not given */
  gboolean       concurrently;
  gboolean       in_transaction;
} SwSimDistributeArgs;

SwCitusSim   *_sw_citus_sim_new                    (SwSchema                 *schema,
                                                    const SwValidatorOptions *options);
SwCitusSim   *_sw_citus_sim_copy                   (SwCitusSim               *sim);
void          _sw_citus_sim_free                   (SwCitusSim               *sim);
guint         _sw_citus_sim_savepoint              (SwCitusSim               *sim);
void          _sw_citus_sim_rollback_to            (SwCitusSim               *sim,
                                                    guint                     savepoint);
void          _sw_citus_sim_release                (SwCitusSim               *sim,
                                                    guint                     savepoint);
void          _sw_citus_sim_set_schema             (SwCitusSim               *sim,
                                                    SwSchema                 *schema);
SwSchema     *_sw_citus_sim_get_schema             (SwCitusSim               *sim);
SwValidatorOptions *_sw_citus_sim_get_options      (SwCitusSim               *sim);
void          _sw_citus_sim_set_notes              (SwCitusSim               *sim,
                                                    GPtrArray                *notes);
SwSimKind     _sw_citus_sim_get_kind               (SwCitusSim               *sim,
                                                    const char               *table);
const char   *_sw_citus_sim_get_column             (SwCitusSim               *sim,
                                                    const char               *table);
guint         _sw_citus_sim_get_colocation_id      (SwCitusSim               *sim,
                                                    const char               *table);
gboolean      _sw_citus_sim_is_tenant_schema       (SwCitusSim               *sim,
                                                    const char               *schema_name);
void          _sw_citus_sim_forget_table           (SwCitusSim               *sim,
                                                    const char               *table);
void          _sw_citus_sim_rename_table           (SwCitusSim               *sim,
                                                    const char               *old_name,
                                                    const char               *new_name);
/* For a model that is not re-read after DDL (a live source): the foreign
 * keys (@trigger FALSE) and triggers the statements dropped, by table and name.
 */
void          _sw_citus_sim_set_absent             (SwCitusSim               *sim,
                                                    gboolean                  trigger,
                                                    const char               *table,
                                                    const char               *name,
                                                    gboolean                  absent);
gboolean      _sw_citus_sim_is_absent              (SwCitusSim               *sim,
                                                    gboolean                  trigger,
                                                    const char               *table,
                                                    const char               *name);
gboolean      _sw_citus_sim_is_citus               (SwSimKind                 kind);

/* The statements. Each returns the error Citus raises (transfer full), or
 * %NULL when it succeeds and the state moved on. Warnings and notices go to
 * the notes array, when one is set.
 */
SwDiagnostic *_sw_citus_sim_distribute             (SwCitusSim               *sim,
                                                    const SwSimDistributeArgs *args);
SwDiagnostic *_sw_citus_sim_create_reference_table (SwCitusSim               *sim,
                                                    const char               *table);
SwDiagnostic *_sw_citus_sim_add_local_table        (SwCitusSim               *sim,
                                                    const char               *table,
                                                    gboolean                  cascade);
SwDiagnostic *_sw_citus_sim_undistribute_table     (SwCitusSim               *sim,
                                                    const char               *table,
                                                    gboolean                  cascade);
SwDiagnostic *_sw_citus_sim_alter_distributed_table (SwCitusSim              *sim,
                                                    const char               *table,
                                                    const char               *column,
                                                    int                       shard_count,
                                                    const char               *colocate_with,
                                                    gboolean                  cascade_given,
                                                    gboolean                  cascade);
SwDiagnostic *_sw_citus_sim_update_colocation      (SwCitusSim               *sim,
                                                    const char               *table,
                                                    const char               *colocate_with);
SwDiagnostic *_sw_citus_sim_truncate_local_data    (SwCitusSim               *sim,
                                                    const char               *table);
SwDiagnostic *_sw_citus_sim_schema_distribute      (SwCitusSim               *sim,
                                                    const char               *schema_name);
SwDiagnostic *_sw_citus_sim_schema_undistribute    (SwCitusSim               *sim,
                                                    const char               *schema_name);
SwDiagnostic *_sw_citus_sim_add_foreign_key        (SwCitusSim               *sim,
                                                    SwForeignKey             *fk);
SwDiagnostic *_sw_citus_sim_add_unique             (SwCitusSim               *sim,
                                                    const char               *table,
                                                    const char * const       *columns,
                                                    const char * const       *include_columns,
                                                    const char * const       *exclude_operators);
SwDiagnostic *_sw_citus_sim_create_unique_index    (SwCitusSim               *sim,
                                                    const char               *table,
                                                    const char * const       *key_columns);
SwDiagnostic *_sw_citus_sim_create_trigger         (SwCitusSim               *sim,
                                                    const char               *table);
SwDiagnostic *_sw_citus_sim_create_table           (SwCitusSim               *sim,
                                                    const char               *table);

/* Warnings for what Citus accepts but does not enforce, for the final state. */
void          _sw_citus_sim_final_warnings         (SwCitusSim               *sim,
                                                    GPtrArray                *out);

G_END_DECLS
