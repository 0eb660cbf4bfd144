/* sw-hash.h
 *
 * Citus-compatible hashing: PostgreSQL's default hash support functions,
 * reimplemented bit for bit, and the hash → shard mapping Citus uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define SW_HASH_ERROR (sw_hash_error_quark ())

typedef enum
{
  SW_HASH_ERROR_UNSUPPORTED_TYPE = 1,
  SW_HASH_ERROR_INVALID_VALUE,
  SW_HASH_ERROR_QUERY,
} SwHashError;

/**
 * SwHashType:
 * @SW_HASH_TYPE_INT2: smallint (hashint2)
 * @SW_HASH_TYPE_INT4: integer (hashint4)
 * @SW_HASH_TYPE_INT8: bigint (hashint8)
 * @SW_HASH_TYPE_OID: oid (hashoid)
 * @SW_HASH_TYPE_BOOL: boolean (hashchar)
 * @SW_HASH_TYPE_TEXT: text and varchar with a deterministic collation (hashtext)
 * @SW_HASH_TYPE_BPCHAR: char(n), trailing blanks ignored (hashbpchar)
 * @SW_HASH_TYPE_BYTEA: bytea (hashvarlena)
 * @SW_HASH_TYPE_UUID: uuid (uuid_hash)
 * @SW_HASH_TYPE_NUMERIC: numeric (hash_numeric)
 * @SW_HASH_TYPE_DATE: date (hashint4 of the day number)
 * @SW_HASH_TYPE_TIMESTAMP: timestamp without time zone (timestamp_hash)
 * @SW_HASH_TYPE_TIMESTAMPTZ: timestamp with time zone (timestamp_hash of the UTC instant)
 * @SW_HASH_TYPE_ENUM: an enum: hashenum of the label's pg_enum oid, which only a live
 *   database knows
 *
 * The column types whose Citus hash the engine computes.
 */
typedef enum
{
  SW_HASH_TYPE_INT2,
  SW_HASH_TYPE_INT4,
  SW_HASH_TYPE_INT8,
  SW_HASH_TYPE_OID,
  SW_HASH_TYPE_BOOL,
  SW_HASH_TYPE_TEXT,
  SW_HASH_TYPE_BPCHAR,
  SW_HASH_TYPE_BYTEA,
  SW_HASH_TYPE_UUID,
  SW_HASH_TYPE_NUMERIC,
  SW_HASH_TYPE_DATE,
  SW_HASH_TYPE_TIMESTAMP,
  SW_HASH_TYPE_TIMESTAMPTZ,
  SW_HASH_TYPE_ENUM,
} SwHashType;

/**
 * SwShardRange:
 * @shard_id: pg_dist_shard.shardid, or the 0-based index when made offline
 * @min_value: the first hash value of the shard
 * @max_value: the last hash value of the shard
 *
 * One shard's slice of the int32 hash space.
 */
typedef struct
{
  gint64 shard_id;
  gint32 min_value;
  gint32 max_value;
} SwShardRange;

GQuark      sw_hash_error_quark        (void);

gboolean    sw_hash_type_from_name     (const char         *type_name,
                                        SwHashType         *type);
const char *sw_hash_type_to_string     (SwHashType          type);

guint32     sw_hash_bytes              (const guint8       *key,
                                        gsize               length);
guint32     sw_hash_uint32             (guint32             key);
gint32      sw_hash_int8               (gint64              value);
gint32      sw_hash_int4               (gint32              value);

gboolean    sw_hash_value              (SwHashType          type,
                                        const char         *text,
                                        gint32             *hash,
                                        GError            **error);
gboolean    sw_hash_enum_label         (PGconn             *conn,
                                        const char         *type_name,
                                        const char         *label,
                                        gint32             *hash,
                                        GError            **error);

guint       sw_hash_shard_index        (gint32              hash,
                                        guint               shard_count);
void        sw_hash_shard_bounds       (guint               index,
                                        guint               shard_count,
                                        gint32             *min_value,
                                        gint32             *max_value);
int         sw_hash_find_shard         (const SwShardRange *ranges,
                                        guint               n_ranges,
                                        gint32              hash);

G_END_DECLS
