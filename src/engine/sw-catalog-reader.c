/* sw-catalog-reader.c
 *
 * Reads a live database's schema into the model over libpq.
 *
 * The reader works the way pg_dump's getSchemaData() does: one query per
 * catalog kind, whatever the number of tables. The table query comes first and
 * gives the oids of every table the model keeps; every per-table query then
 * takes that list as a single `oid[]` parameter (`unnest($1::oid[])`), and
 * the rows are attached in one pass through an oid → table hash table, in
 * whatever order they come (_sw_schema_finish() sorts what the model keeps
 * sorted; the columns, numbered by position, are checked). A database of 500
 * tables costs exactly as many round trips as a database of two.
 *
 * Everything runs in one REPEATABLE READ READ ONLY transaction, so all the
 * queries see the same snapshot, with `search_path` emptied first so that
 * format_type(), pg_get_expr() and friends qualify every user object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-catalog-reader"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sw-schema-private.h"

struct _SwCatalogReader
{
  GObject parent_instance;

  char *conninfo;
  char *password;

  /* Written by the loading thread, read by anyone: atomic. */
  guint query_count;
};

typedef struct
{
  char *conninfo;
  char *password;
} LoadData;

typedef struct
{
  PGconn *conn;
  GCancellable *cancellable;
  guint n_queries;
  int server_version;

  /* Borrowed from the schema being built */
  SwSchema *schema;
  GHashTable *tables_by_oid;   /* GUINT_TO_POINTER (oid) → SwTable */
  /* The columns read, by table oid then catalog attnum (ColumnSlot), and
   * where each table's first one is: oid → GUINT_TO_POINTER (index + 1).
   * A hash of every column cost an allocated key and an insertion per
   * column (100,000 at 10,000 tables); this is one array append.
   */
  GArray *column_slots;
  GHashTable *first_column_slot;
  char *oids_param;            /* "{oid,oid,...}" */
  PGresult *tables_result;     /* between fetch_tables() and read_tables() */

  /* Pipeline mode: the statements sent and not yet read, in order (the SQL
   * text, to check that they are read in the order they were sent), and the
   * thread that reads their results off the connection as soon as the server
   * sends them, so that the server runs the next query while the model is
   * being built from the previous one.
   */
  GQueue sent;
  GThread *fetch_thread;
  GAsyncQueue *results;        /* PGresult *, or fetch_failed for none */
  guint n_sent;                /* statements the reading thread reads */

  /* The second connection, which runs the constraints query, or NULL */
  struct _SideConn *side;
} LoadState;

/* A second connection in the first one's snapshot (as pg_dump -j does), that
 * runs the costliest query, the constraints, while the first one runs the
 * others. Its thread connects and imports the snapshot while the first
 * connection reads the tables, then waits for their oids.
 */
typedef struct _SideConn
{
  char *conninfo;
  char *password;
  char *snapshot;
  /* SIDE_SEQUENCES..SIDE_TYPES need no oids and run while the first
   * connection reads the tables; SIDE_CONSTRAINTS runs once it has.
   */
  char *sql[4];
  GCancellable *cancellable;
  int server_version;
  GThread *thread;

  GMutex mutex;
  GCond cond;
  gboolean ready_done;          /* set by the thread */
  gboolean ready_ok;
  char *oids_param;             /* set by the main thread: go */
  gboolean abandon;             /* set by the main thread: give up */
  PGcancel *cancel;             /* while connected */

  /* Results, once the thread is joined */
  PGresult *result[4];
  GError *error;
  guint n_queries;
} SideConn;

enum { SIDE_SEQUENCES, SIDE_VIEWS, SIDE_TYPES, SIDE_CONSTRAINTS, SIDE_N };

typedef struct
{
  guint32 oid;
  int attnum;                  /* the catalog's (dropped columns leave gaps) */
  SwColumn *column;
} ColumnSlot;

/* Stands for a statement that gave no result (connection lost). */
static char fetch_failed;

G_DEFINE_FINAL_TYPE (SwCatalogReader, sw_catalog_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-catalog-error-quark, sw_catalog_error)

enum {
  PROP_0,
  PROP_CONNINFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The oldest server whose catalogs the queries below are written for. */
#define MIN_SERVER_VERSION 120000

/* A user schema: not a system one, not a temporary one, not an extension's. */
#define USER_NAMESPACE(n) \
  "(" n ".nspname NOT IN ('pg_catalog', 'information_schema')" \
  " AND " n ".nspname NOT LIKE 'pg\\_toast%'" \
  " AND " n ".nspname NOT LIKE 'pg\\_temp\\_%'" \
  " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ed" \
  "   WHERE ed.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass" \
  "     AND ed.objid = " n ".oid AND ed.deptype = 'e'))"

/* An object that no extension owns (pg_depend deptype 'e'). The members are
 * found from the extensions' side (pg_depend_reference_index): a few rows,
 * hashed once, where a NOT EXISTS per object became a scan of every dependency
 * of the catalog (17 ms of the tables query at 10,000 tables).
 */
#define NOT_EXTENSION_MEMBER(catalog, oid) \
  oid " NOT IN (SELECT ed.objid FROM pg_catalog.pg_depend ed" \
  "  WHERE ed.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass" \
  "    AND ed.classid = '" catalog "'::pg_catalog.regclass AND ed.deptype = 'e')"

/* Column names come from the attribute numbers (conkey, confkey, indkey,
 * tgattr), which the client maps through the columns it has read: looking the
 * names up in the queries cost a subquery per row. Only an index's expression
 * keys need the server, pg_get_indexdef() for that one column, and only indexes
 * that have one (an attnum 0) pay for it: a JSON array, NULL for column keys.
 */
#define INDEX_EXPRESSION_KEYS(i) \
  "CASE WHEN 0 = ANY (" i ".indkey::pg_catalog.int2[]) THEN pg_catalog.to_json(ARRAY(" \
  "  SELECT CASE WHEN k.attnum = 0" \
  "              THEN pg_catalog.pg_get_indexdef(" i ".indexrelid, k.ord::integer, false) END" \
  "    FROM pg_catalog.unnest(" i ".indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, ord)" \
  "   WHERE k.ord <= " i ".indnkeyatts ORDER BY k.ord)) END"

/* Attribute numbers (an int2[]) of relation @rel as a JSON array of names, in
 * array order.
 */
#define ATTNAMES(attnums, rel) \
  "pg_catalog.to_json(ARRAY(" \
  "  SELECT a.attname" \
  "    FROM pg_catalog.unnest(" attnums ") WITH ORDINALITY AS k(attnum, ord)" \
  "    JOIN pg_catalog.pg_attribute a ON a.attrelid = " rel " AND a.attnum = k.attnum" \
  "   ORDER BY k.ord))"

/* The session settings of both connections. No parallel query: the two
 * connections already keep both of a small machine's cores busy, and a worker
 * repeats its leader's work (the sequences query built its hashes twice) on
 * top of its own start-up, for no gain in time.
 */
static const char query_settings[] =
  "SELECT pg_catalog.set_config('search_path', '', false),"
  "       pg_catalog.set_config('jit', 'off', false),"
  "       pg_catalog.set_config('max_parallel_workers_per_gather', '0', false)";

static const char query_info[] =
  "SELECT pg_catalog.current_database() AS datname,"
  "       (SELECT e.extversion FROM pg_catalog.pg_extension e"
  "         WHERE e.extname = 'citus') AS citus_version,"
  "       pg_catalog.to_regclass('pg_catalog.pg_dist_schema') IS NOT NULL AS has_dist_schema,"
  "       CASE WHEN NOT pg_catalog.pg_is_in_recovery()"
  "            THEN pg_catalog.pg_export_snapshot() END AS snapshot";

/* The same, for when exporting the snapshot failed. */
static const char query_info_no_snapshot[] =
  "SELECT pg_catalog.current_database() AS datname,"
  "       (SELECT e.extversion FROM pg_catalog.pg_extension e"
  "         WHERE e.extname = 'citus') AS citus_version,"
  "       pg_catalog.to_regclass('pg_catalog.pg_dist_schema') IS NOT NULL AS has_dist_schema,"
  "       NULL::pg_catalog.text AS snapshot";

/* total_bytes is the catalog's estimate, not pg_total_relation_size(): that
 * function stats every file of the table, its indexes and its TOAST table
 * (150 ms of the read at 2,000 tables). The estimate is relpages (which VACUUM,
 * ANALYZE and CREATE INDEX keep up to date) of the table, its indexes, its
 * TOAST table and the TOAST table's index, times the block size: what the
 * planner believes, without the free space and visibility maps. A table never
 * vacuumed nor analyzed has relpages 0 whatever it holds, so it still gets
 * pg_total_relation_size(): reltuples < 0 marks it from PostgreSQL 14 on;
 * before 14 it cannot be told from an empty table (reltuples and relpages both
 * 0), and both get the real size.
 *
 * Only a table whose replica identity is an index (relreplident 'i') looks
 * for that index: the subquery costs about 10 us a table even when it finds
 * nothing.
 */
static const char query_tables[] =
  "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence,"
  "       CASE WHEN am.amname = 'heap' THEN NULL ELSE am.amname END AS amname,"
  "       d.description AS comment,"
  "       c.relrowsecurity, c.relforcerowsecurity, c.relreplident,"
  "       CASE WHEN c.relreplident = 'i' THEN ("
  "         SELECT ic.relname FROM pg_catalog.pg_index i"
  "           JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
  "          WHERE i.indrelid = c.oid AND i.indisreplident) END AS replident_index,"
  "       CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::pg_catalog.int8 END AS reltuples,"
  "       CASE WHEN c.reltuples < 0"
  "              OR (c.reltuples = 0 AND c.relpages = 0"
  "                  AND pg_catalog.current_setting('server_version_num')::pg_catalog.int4 < 140000)"
  "            THEN pg_catalog.pg_total_relation_size(c.oid)"
  "            ELSE (c.relpages::pg_catalog.int8 + COALESCE(tc.relpages, 0)"
  "                  + COALESCE((SELECT pg_catalog.sum(sc.relpages)::pg_catalog.int8"
  "                                FROM pg_catalog.pg_index si"
  "                                JOIN pg_catalog.pg_class sc ON sc.oid = si.indexrelid"
  "                               WHERE si.indrelid IN (c.oid, c.reltoastrelid)), 0))"
  "                 * pg_catalog.current_setting('block_size')::pg_catalog.int8"
  "       END AS total_bytes,"
  "       pt.partstrat,"
  "       CASE WHEN pt.partrelid IS NOT NULL"
  "            THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkeydef,"
  "       CASE WHEN pt.partrelid IS NOT NULL THEN pg_catalog.to_json(ARRAY("
  "         SELECT a.attname"
  "           FROM pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, ord)"
  "           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
  "          ORDER BY k.ord)) END AS partattrs,"
  "       CASE WHEN pt.partrelid IS NOT NULL"
  "            THEN pg_catalog.pg_get_expr(pt.partexprs, c.oid) END AS partexprs,"
  "       pn.nspname AS parent_nspname, pc.relname AS parent_relname,"
  "       CASE WHEN c.relispartition"
  "            THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partbound,"
  "       pg_catalog.to_json(ARRAY("
  "         SELECT ARRAY[inn.nspname::pg_catalog.text, inc.relname::pg_catalog.text]"
  "           FROM pg_catalog.pg_inherits inh"
  "           JOIN pg_catalog.pg_class inc ON inc.oid = inh.inhparent"
  "           JOIN pg_catalog.pg_namespace inn ON inn.oid = inc.relnamespace"
  "          WHERE inh.inhrelid = c.oid AND NOT c.relispartition"
  "          ORDER BY inh.inhseqno)) AS inherits"
  "  FROM pg_catalog.pg_class c"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  "  LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam"
  "  LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid"
  "  LEFT JOIN pg_catalog.pg_description d"
  "         ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
  "        AND d.objsubid = 0"
  "  LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid"
  "  LEFT JOIN pg_catalog.pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid"
  "  LEFT JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent"
  "  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
  " WHERE c.relkind IN ('r', 'p', 'f')"
  "   AND " USER_NAMESPACE ("n")
  "   AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_class", "c.oid")
  " ORDER BY c.oid";

/* A default cannot refer to a column, so it is printed without its relation
 * (relid 0): with one, pg_get_expr() opens the relation, which builds its
 * relcache entry (60 ms at 2,000 tables). Generated columns do need it.
 *
 * The columns are read table by table (the LATERAL subquery, which OFFSET 0
 * keeps from being flattened, is an index scan of pg_attribute per table)
 * rather than by joining the whole of pg_attribute, whose every relation has
 * columns, with the oids: at 10,000 tables that scan and the sorts it needed
 * were a quarter of the read. The comments come the same way, per table, so
 * that a database with many comments never gets a join of everything with
 * everything. Hence no ORDER BY either: the rows come table by table in
 * attnum order, and read_columns() checks it and sorts them if a plan ever
 * gives them otherwise.
 */
static const char query_columns[] =
  "SELECT a.attrelid, a.attnum, a.attname,"
  "       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name,"
  "       tn.nspname AS type_schema, t.typname AS type_internal, t.typtype,"
  "       (t.typelem <> 0 AND t.typlen = -1) AS is_array,"
  "       a.atttypmod,"
  "       cn.nspname AS coll_nspname, co.collname,"
  "       a.attnotnull,"
  "       CASE WHEN a.atthasdef AND a.attgenerated = '' THEN ("
  "         SELECT pg_catalog.pg_get_expr(ad.adbin, 0) FROM pg_catalog.pg_attrdef ad"
  "          WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END AS default_expr,"
  "       CASE WHEN a.atthasdef AND a.attgenerated <> '' THEN ("
  "         SELECT pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad"
  "          WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END AS generated_expr,"
  "       a.attidentity,"
  "       a.description AS comment"
  "  FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "  CROSS JOIN LATERAL ("
  "    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attcollation,"
  "           a.attnotnull, a.atthasdef, a.attgenerated, a.attidentity, d.description"
  "      FROM pg_catalog.pg_attribute a"
  "      LEFT JOIN pg_catalog.pg_description d"
  "             ON d.objoid = u.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
  "            AND d.objsubid = a.attnum"
  "     WHERE a.attrelid = u.oid AND a.attnum > 0 AND NOT a.attisdropped"
  "    OFFSET 0) a"
  "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
  "  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
  "  LEFT JOIN pg_catalog.pg_collation co"
  "         ON co.oid = a.attcollation AND a.attcollation <> t.typcollation"
  "  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace";

/* pg_stats holds a row per column and per `inherited`; a plain table's own
 * statistics (inherited = false) win, a partitioned table only has the others.
 */
static const char query_stats[] =
  "SELECT DISTINCT ON (a.attrelid, a.attnum)"
  "       a.attrelid, a.attnum, s.null_frac, s.n_distinct, s.avg_width,"
  "       pg_catalog.to_json(s.most_common_vals::pg_catalog.text::pg_catalog.text[]) AS mcv,"
  "       pg_catalog.to_json(s.most_common_freqs) AS mcf"
  "  FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "  JOIN pg_catalog.pg_class c ON c.oid = u.oid"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  "  JOIN pg_catalog.pg_attribute a"
  "    ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
  "  JOIN pg_catalog.pg_stats s"
  "    ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname"
  " ORDER BY a.attrelid, a.attnum, s.inherited";

/* Constraints cloned onto partitions (foreign keys) or inherited (CHECK) are
 * the parent's: pg_dump leaves them out too.
 */
/* The definition (display only) of PRIMARY KEY, UNIQUE and CHECK is put
 * together by the client as pg_get_constraintdef() spells it; only EXCLUDE
 * asks the server (pg_get_constraintdef() cost 100 ms at 2,000 tables). A
 * foreign key's referenced columns are named by the client when the referenced
 * table is one of the model's, by the server otherwise.
 *
 * A CHECK's expression needs pg_get_expr() with its relation, which opens the
 * relation and so builds its relcache entry: 30 us a table, two thirds of this
 * query at 10,000 tables. The text pg_get_expr() prints depends on nothing but
 * the expression's tree (conbin) and the names of the columns it uses (conkey),
 * and on the relation's name only through a whole-row reference (attnum 0 in
 * conkey). So the CHECKs are grouped by those, and the server prints each
 * group's expression once, with the relation of its first constraint: tables
 * made from the same DDL (a schema per tenant, generated schemas) cost one
 * pg_get_expr() between them. The names are looked up by a join when the CHECK
 * uses one column, the usual case (a correlated subquery costs about 10 us a
 * row whatever it does), and each group hands its expression back to its
 * constraints by oid (array_agg, then unnest), where joining the groups back on
 * the expression trees hashed every tree a second time (a quarter of this query
 * at 10,000 tables).
 *
 * No ORDER BY: _sw_schema_finish() sorts each table's constraints and foreign
 * keys by name.
 */
static const char query_constraints_fmt[] =
  "WITH con AS MATERIALIZED ("
  "  SELECT co.*"
  "    FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "    JOIN pg_catalog.pg_constraint co ON co.conrelid = u.oid"
  "   WHERE co.contype IN ('p', 'u', 'c', 'x', 'f')"
  "     AND NOT (co.contype = 'f' AND co.conparentid <> 0)"
  "     AND NOT (co.contype = 'c' AND NOT co.conislocal)"
  "), chk AS MATERIALIZED ("
  "  SELECT c.oid, c.conbin::pg_catalog.text AS tree,"
  "         CASE WHEN pg_catalog.cardinality(c.conkey) = 1"
  "              THEN ARRAY[a1.attname]"
  "              ELSE ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a"
  "                          WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
  "                          ORDER BY a.attnum) END AS names,"
  "         CASE WHEN 0 = ANY (c.conkey) THEN c.conrelid ELSE 0 END AS whole_row"
  "    FROM con c"
  "    LEFT JOIN pg_catalog.pg_attribute a1"
  "           ON a1.attrelid = c.conrelid AND a1.attnum = c.conkey[1]"
  "          AND pg_catalog.cardinality(c.conkey) = 1"
  "   WHERE c.contype = 'c'"
  "), chk_group AS MATERIALIZED ("
  "  SELECT pg_catalog.array_agg(oid) AS oids, pg_catalog.min(oid) AS first"
  "    FROM chk GROUP BY tree, names, whole_row"
  "), chk_expr AS MATERIALIZED ("
  "  SELECT g.oids, pg_catalog.pg_get_expr(f.conbin, f.conrelid) AS expression"
  "    FROM chk_group g"
  "    JOIN pg_catalog.pg_constraint f ON f.oid = g.first"
  "), chk_each AS ("
  "  SELECT pg_catalog.unnest(oids) AS oid, expression FROM chk_expr"
  ")"
  "SELECT co.conrelid, co.conname, co.contype,"
  "       co.condeferrable, co.condeferred, co.convalidated, co.connoinherit,"
  "       CASE WHEN co.contype = 'x'"
  "            THEN pg_catalog.pg_get_constraintdef(co.oid) END AS definition,"
  "       ce.expression,"
  "       co.conkey, i.indkey, i.indnkeyatts,"
  "       CASE WHEN co.contype = 'x' THEN " INDEX_EXPRESSION_KEYS ("i") " END AS expression_keys,"
  "       CASE WHEN co.contype = 'x' THEN pg_catalog.to_json(ARRAY("
  "         SELECT op.oprname FROM pg_catalog.unnest(co.conexclop) WITH ORDINALITY AS x(opoid, ord)"
  "           JOIN pg_catalog.pg_operator op ON op.oid = x.opoid"
  "          ORDER BY x.ord)) END AS exclude_operators,"
  "       CASE WHEN co.contype = 'x' THEN iam.amname END AS access_method,"
  "       CASE WHEN co.contype = 'x'"
  "            THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END AS predicate,"
  "       %s AS nulls_not_distinct,"
  "       rn.nspname AS ref_nspname, rc.relname AS ref_relname, co.confrelid, co.confkey,"
  "       CASE WHEN co.contype = 'f' AND co.confrelid <> ALL ($1::pg_catalog.oid[])"
  "            THEN " ATTNAMES ("co.confkey", "co.confrelid") " END AS ref_columns,"
  "       co.confupdtype, co.confdeltype, co.confmatchtype,"
  "       %s AS delete_set_columns"
  "  FROM con co"
  "  LEFT JOIN chk_each ce ON ce.oid = co.oid"
  "  LEFT JOIN pg_catalog.pg_index i"
  "         ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u', 'x')"
  "  LEFT JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
  "  LEFT JOIN pg_catalog.pg_am iam ON iam.oid = ic.relam"
  "  LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid AND co.contype = 'f'"
  "  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace";

/* Indexes that back a PRIMARY KEY, UNIQUE or EXCLUDE constraint belong to the
 * constraint and are left out.
 */
/* pg_get_indexdef() (display only) costs 45 us an index, mostly in looking for
 * each key's default operator class. The client writes the definition itself
 * for the plain indexes, where pg_get_indexdef() prints nothing but names:
 * btree or hash (no operator class options), no expression, no reloptions,
 * not partitioned, every key in ascending order with its column's collation
 * and the default operator class of its column's type. The others (simple
 * is false) still get pg_get_indexdef().
 *
 * The per-key half of the test (collation, default operator class of the
 * column's type) is one join over every candidate key at once ("bad"), not a
 * correlated subquery per index: a subquery is rescanned for each index, about
 * 10 us a row whatever it does, which was most of this query at 10,000 tables.
 */
#define INDEX_IS_PLAIN \
  "(am.amname IN ('btree', 'hash') AND i.indexprs IS NULL AND ic.reloptions IS NULL" \
  " AND ic.relkind = 'i' AND NOT %s" \
  " AND i.indoption::pg_catalog.int2[] <@ '{0}'::pg_catalog.int2[])"

/* The indexes are read table by table (an index scan of pg_index per table,
 * see query_columns), and in no order: _sw_schema_finish() sorts them.
 */
static const char query_indexes_fmt[] =
  "WITH idx AS MATERIALIZED ("
  "  SELECT i.*, ic.relname, am.amname, " INDEX_IS_PLAIN " AS plain"
  "    FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "    CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_index i"
  "                         WHERE i.indrelid = u.oid OFFSET 0) i"
  "    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
  "    JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
  "   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co"
  "                      WHERE co.conrelid = i.indrelid AND co.conindid = i.indexrelid"
  "                        AND co.contype IN ('p', 'u', 'x'))"
  "), bad AS ("
  "  SELECT DISTINCT x.indexrelid"
  "    FROM idx x"
  "    CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(x.indkey::pg_catalog.int2[]),"
  "                                  pg_catalog.unnest(x.indclass::pg_catalog.oid[]),"
  "                                  pg_catalog.unnest(x.indcollation::pg_catalog.oid[]))"
  "                       WITH ORDINALITY AS k(attnum, opclass, coll, ord)"
  "    JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
  "    JOIN pg_catalog.pg_opclass oc ON oc.oid = k.opclass"
  "   WHERE x.plain AND k.ord <= x.indnkeyatts"
  "     AND ((k.coll <> 0 AND k.coll <> a.attcollation)"
  "          OR NOT oc.opcdefault OR oc.opcintype <> a.atttypid)"
  ")"
  "SELECT i.indrelid, i.relname, i.indisunique, i.amname,"
  "       i.indkey, i.indnkeyatts,"
  "       " INDEX_EXPRESSION_KEYS ("i") " AS expression_keys,"
  "       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,"
  "       %s AS nulls_not_distinct,"
  "       s.simple,"
  "       CASE WHEN NOT s.simple"
  "            THEN pg_catalog.pg_get_indexdef(i.indexrelid) END AS definition"
  "  FROM idx i"
  "  LEFT JOIN bad b ON b.indexrelid = i.indexrelid"
  "  CROSS JOIN LATERAL (SELECT i.plain AND b.indexrelid IS NULL AS simple) s";

/* Internal triggers (foreign keys, deferred uniqueness) and the clones a
 * partitioned table's trigger puts on its partitions are not user triggers.
 */
static const char query_triggers_fmt[] =
  "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgenabled, t.tgconstraint <> 0 AS is_constraint,"
  "       pn.nspname AS func_nspname, p.proname AS func_name,"
  "       t.tgnargs, pg_catalog.encode(t.tgargs, 'hex') AS tgargs,"
  "       t.tgattr,"
  "       t.tgqual IS NOT NULL AS has_when,"
  "       pg_catalog.pg_get_triggerdef(t.oid, false) AS definition"
  "  FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "  JOIN pg_catalog.pg_trigger t ON t.tgrelid = u.oid"
  "  JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid"
  "  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
  " WHERE NOT t.tgisinternal%s";

static const char query_functions[] =
  "SELECT p.oid, n.nspname, p.proname,"
  "       pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,"
  "       pg_catalog.pg_get_function_result(p.oid) AS returns,"
  "       l.lanname, pg_catalog.pg_get_functiondef(p.oid) AS definition"
  "  FROM pg_catalog.pg_proc p"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
  "  JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
  " WHERE p.oid IN (SELECT t.tgfoid"
  "                   FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "                   JOIN pg_catalog.pg_trigger t ON t.tgrelid = u.oid"
  "                  WHERE NOT t.tgisinternal)"
  "   AND " USER_NAMESPACE ("n")
  "   AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_proc", "p.oid")
  " ORDER BY p.oid";

static const char query_policies[] =
  "SELECT pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive,"
  "       pg_catalog.to_json(ARRAY("
  "         SELECT CASE WHEN r.roloid = 0 THEN 'public' ELSE ro.rolname::pg_catalog.text END"
  "           FROM pg_catalog.unnest(pol.polroles) AS r(roloid)"
  "           LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = r.roloid)) AS roles,"
  "       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expr,"
  "       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expr"
  "  FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "  JOIN pg_catalog.pg_policy pol ON pol.polrelid = u.oid";

static const char query_sequences[] =
  "SELECT c.oid, n.nspname, c.relname,"
  "       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,"
  "       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
  "       tn.nspname AS owned_nspname, tc.relname AS owned_relname, a.attname AS owned_column,"
  "       COALESCE(d.deptype = 'i', false) AS identity"
  "  FROM pg_catalog.pg_class c"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  "  JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid"
  "  LEFT JOIN pg_catalog.pg_depend d"
  "         ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid"
  "        AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
  "        AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
  "  LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid"
  "  LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace"
  "  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
  " WHERE c.relkind = 'S'"
  "   AND " USER_NAMESPACE ("n")
  "   AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_class", "c.oid")
  " ORDER BY c.oid";

/* A view's direct dependencies are what its _RETURN rule depends on. */
static const char query_views[] =
  "SELECT c.oid, n.nspname, c.relname, c.relkind = 'm' AS materialized,"
  "       pg_catalog.pg_get_viewdef(c.oid, false) AS definition,"
  "       pg_catalog.to_json(ARRAY("
  "         SELECT DISTINCT ARRAY[dn.nspname::pg_catalog.text, dc.relname::pg_catalog.text]"
  "           FROM pg_catalog.pg_rewrite r"
  "           JOIN pg_catalog.pg_depend d"
  "             ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid"
  "            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
  "           JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid"
  "           JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace"
  "          WHERE r.ev_class = c.oid AND dc.oid <> c.oid"
  "            AND dc.relkind IN ('r', 'p', 'f', 'v', 'm')"
  "            AND " USER_NAMESPACE ("dn")
  "            AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_class", "dc.oid") ")) AS depends_on"
  "  FROM pg_catalog.pg_class c"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  " WHERE c.relkind IN ('v', 'm')"
  "   AND " USER_NAMESPACE ("n")
  "   AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_class", "c.oid")
  " ORDER BY c.oid";

/* Enums, domains, ranges and standalone composite types (not table row types,
 * not arrays, not the multiranges ranges bring along).
 */
static const char query_types[] =
  "SELECT t.oid, n.nspname, t.typname, t.typtype,"
  "       CASE WHEN t.typtype = 'e' THEN pg_catalog.to_json(ARRAY("
  "         SELECT e.enumlabel FROM pg_catalog.pg_enum e"
  "          WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)) END AS labels,"
  "       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod)"
  "            WHEN t.typtype = 'r' THEN pg_catalog.format_type(rg.rngsubtype, NULL)"
  "       END AS base_type,"
  "       t.typnotnull,"
  "       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,"
  "       CASE WHEN t.typtype = 'd' THEN pg_catalog.to_json(ARRAY("
  "         SELECT pg_catalog.pg_get_expr(dc.conbin, 0) FROM pg_catalog.pg_constraint dc"
  "          WHERE dc.contypid = t.oid AND dc.contype = 'c')) END AS checks,"
  "       cln.nspname AS coll_nspname, cl.collname"
  "  FROM pg_catalog.pg_type t"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
  "  LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
  "  LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid"
  "  LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype"
  "  LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid"
  "  LEFT JOIN pg_catalog.pg_collation cl ON cl.oid ="
  "       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN t.typcollation"
  "            WHEN t.typtype = 'r' AND rg.rngcollation <> 0"
  "                 AND rg.rngcollation <> st.typcollation THEN rg.rngcollation END"
  "  LEFT JOIN pg_catalog.pg_namespace cln ON cln.oid = cl.collnamespace"
  " WHERE t.typtype IN ('e', 'd', 'r', 'c')"
  "   AND (t.typtype <> 'c' OR tc.relkind = 'c')"
  "   AND " USER_NAMESPACE ("n")
  "   AND " NOT_EXTENSION_MEMBER ("pg_catalog.pg_type", "t.oid")
  " ORDER BY t.oid";

static const char query_citus_tables_fmt[] =
  "SELECT p.logicalrelid::pg_catalog.oid AS oid, p.partmethod, p.repmodel, p.colocationid,"
  "       CASE WHEN p.partkey IS NOT NULL AND p.partkey <> ''"
  "            THEN pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) END AS dist_column,"
  "       (SELECT pg_catalog.count(*) FROM pg_catalog.pg_dist_shard s"
  "         WHERE s.logicalrelid = p.logicalrelid) AS shard_count,"
  "       %s AS in_dist_schema"
  "  FROM pg_catalog.unnest($1::pg_catalog.oid[]) AS u(oid)"
  "  JOIN pg_catalog.pg_dist_partition p ON p.logicalrelid = u.oid"
  "  JOIN pg_catalog.pg_class c ON c.oid = u.oid"
  " ORDER BY 1";

static const char query_citus_schemas[] =
  "SELECT n.nspname FROM pg_catalog.pg_dist_schema ds"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = ds.schemaid"
  " ORDER BY 1";

static LoadData *
load_data_new (const char *conninfo,
               const char *password)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->conninfo = g_strdup (conninfo);
  data->password = g_strdup (password);

  return data;
}

static void
load_data_free (gpointer user_data)
{
  LoadData *data = user_data;

  g_free (data->conninfo);
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

/* Result helpers. A missing field name is a bug in the queries above. */

static int
field (PGresult   *res,
       const char *name)
{
  /* PQfnumber() compares @name with every column name, for every value read
   * (a tenth of the read at 10,000 tables). The names are string literals:
   * remember where each pointer was found, and check the guess with one
   * strcmp(), so that a stale entry (another result) is merely a miss.
   */
  static __thread struct { const char *name; int col; } cache[64];
  guint slot = (GPOINTER_TO_UINT (name) >> 3) % G_N_ELEMENTS (cache);
  int col;

  if (cache[slot].name == name &&
      cache[slot].col < PQnfields (res) &&
      strcmp (PQfname (res, cache[slot].col), name) == 0)
    return cache[slot].col;

  col = PQfnumber (res, name);
  if (col < 0)
    g_error ("catalog query has no column %s", name);
  cache[slot].name = name;
  cache[slot].col = col;

  return col;
}

static const char *
get_str (PGresult   *res,
         int         row,
         const char *name)
{
  int col = field (res, name);

  if (PQgetisnull (res, row, col))
    return NULL;
  return PQgetvalue (res, row, col);
}

/* A value by field number (from field()), NULL for NULL. */
static inline const char *
value_at (PGresult *res,
          int       row,
          int       col)
{
  return PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
}

/* The first character of a value, '\0' for NULL. */
static inline char
char_at (PGresult *res,
         int       row,
         int       col)
{
  return PQgetvalue (res, row, col)[0];
}

static char *
dup_str (PGresult   *res,
         int         row,
         const char *name)
{
  return g_strdup (get_str (res, row, name));
}

static gboolean
get_bool (PGresult   *res,
          int         row,
          const char *name)
{
  const char *value = get_str (res, row, name);

  return value != NULL && value[0] == 't';
}

static char
get_char (PGresult   *res,
          int         row,
          const char *name)
{
  const char *value = get_str (res, row, name);

  return value != NULL ? value[0] : '\0';
}

static gint64
get_int64 (PGresult   *res,
           int         row,
           const char *name,
           gint64      default_value)
{
  const char *value = get_str (res, row, name);

  if (value == NULL)
    return default_value;
  return g_ascii_strtoll (value, NULL, 10);
}

static guint32
get_oid (PGresult   *res,
         int         row,
         const char *name)
{
  return (guint32)get_int64 (res, row, name, 0);
}

static double
get_double (PGresult   *res,
            int         row,
            const char *name,
            double      default_value)
{
  const char *value = get_str (res, row, name);

  if (value == NULL)
    return default_value;
  return g_ascii_strtod (value, NULL);
}

/* Arrays come back as JSON (to_json), which json-glib parses exactly,
 * whatever quotes, commas or Unicode the elements hold.
 */
static JsonArray *
get_json_array (PGresult   *res,
                int         row,
                const char *name)
{
  const char *value = get_str (res, row, name);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (value == NULL)
    return NULL;
  if (!(node = json_from_string (value, &error)) || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_warning ("Unexpected %s value from the catalog: %s", name,
                 error ? error->message : value);
      return NULL;
    }

  return json_array_ref (json_node_get_array (node));
}

/* Returns NULL for a NULL or empty array: the model's lists are NULL when empty. */
static char **
get_strv (PGresult   *res,
          int         row,
          const char *name)
{
  g_autoptr(JsonArray) array = get_json_array (res, row, name);
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  if (array == NULL || (n = json_array_get_length (array)) == 0)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_NULL (node))
        g_strv_builder_add (builder, "");
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_strv_builder_add (builder, text);
        }
    }

  return g_strv_builder_end (builder);
}

static int
compare_strv_items (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Sorts in place with strcmp(), which is what _sw_schema_finish() uses, not
 * the database's collation.
 */
static char **
sort_strv (char **strv)
{
  if (strv != NULL)
    qsort (strv, g_strv_length (strv), sizeof (char *), compare_strv_items);
  return strv;
}

/* [[schema, name], ...] → qualified names, distinct, in the given order or sorted. */
static char **
get_qualified_names (PGresult   *res,
                     int         row,
                     const char *name,
                     gboolean    sorted)
{
  g_autoptr(JsonArray) array = get_json_array (res, row, name);
  g_autoptr(GPtrArray) names = NULL;
  guint n;

  if (array == NULL || (n = json_array_get_length (array)) == 0)
    return NULL;

  names = g_ptr_array_new_null_terminated (n, g_free, TRUE);
  for (guint i = 0; i < n; i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);
      char *qualified;

      if (pair == NULL || json_array_get_length (pair) != 2)
        continue;
      qualified = sw_quote_qualified_name (json_array_get_string_element (pair, 0),
                                           json_array_get_string_element (pair, 1));
      if (g_ptr_array_find_with_equal_func (names, qualified, g_str_equal, NULL))
        g_free (qualified);
      else
        g_ptr_array_add (names, qualified);
    }
  if (sorted)
    g_ptr_array_sort (names, compare_strv_items);

  return (char **)g_ptr_array_steal (names, NULL);
}

static char *
get_qualified_name (PGresult   *res,
                    int         row,
                    const char *schema_field,
                    const char *name_field)
{
  const char *name = get_str (res, row, name_field);

  if (name == NULL)
    return NULL;
  return sw_quote_qualified_name (get_str (res, row, schema_field), name);
}

/* A collation as the model spells it: quoted, qualified unless in pg_catalog. */
static char *
get_collation (PGresult   *res,
               int         row)
{
  const char *nspname = get_str (res, row, "coll_nspname");
  const char *collname = get_str (res, row, "collname");

  if (collname == NULL)
    return NULL;
  if (g_strcmp0 (nspname, "pg_catalog") == 0)
    return sw_quote_identifier (collname);
  return sw_quote_qualified_name (nspname, collname);
}

/* Splits "a, lower(b), (c + 1)" at the commas that are not nested in
 * parentheses, brackets or quotes.
 */
static GPtrArray *
split_top_level (const char *text)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  int depth = 0;
  char quote = '\0';

  for (const char *p = text; ; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0 && quote == '\0'))
        {
          g_autofree char *part = g_strndup (start, p - start);

          g_ptr_array_add (parts, g_strdup (g_strstrip (part)));
          if (*p == '\0')
            break;
          start = p + 1;
        }
      else if (quote != '\0')
        {
          if (*p == quote)
            quote = '\0';
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '(' || *p == '[')
        depth++;
      else if (*p == ')' || *p == ']')
        depth--;
    }

  return parts;
}

/* pg_get_expr() cannot print a trigger's WHEN condition (it refers to OLD and
 * NEW), so take it from pg_get_triggerdef(): "... WHEN (cond) EXECUTE FUNCTION ...".
 */
static char *
extract_when_clause (const char *definition)
{
  const char *for_each;
  const char *start;
  const char *end;

  if (definition == NULL)
    return NULL;
  if (!(for_each = strstr (definition, " FOR EACH ")))
    return NULL;
  if (!(start = strstr (for_each, " WHEN (")))
    return NULL;
  start += strlen (" WHEN (");
  if (!(end = g_strrstr (start, ") EXECUTE FUNCTION ")) &&
      !(end = g_strrstr (start, ") EXECUTE PROCEDURE ")))
    return NULL;

  return g_strndup (start, end - start);
}

/* tgargs is a bytea of NUL-terminated strings, fetched as hex. */
static char **
decode_trigger_arguments (const char *hex,
                          int         n_args)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *p;
  gsize len;

  if (hex == NULL || n_args <= 0)
    return NULL;

  len = strlen (hex) / 2;
  bytes = g_byte_array_sized_new (len + 1);
  for (gsize i = 0; i < len; i++)
    {
      guint8 byte = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);

      g_byte_array_append (bytes, &byte, 1);
    }
  g_byte_array_append (bytes, (const guint8 *)"", 1);

  builder = g_strv_builder_new ();
  p = (const char *)bytes->data;
  for (int i = 0; i < n_args && p < (const char *)bytes->data + bytes->len; i++)
    {
      g_strv_builder_add (builder, p);
      p += strlen (p) + 1;
    }

  return g_strv_builder_end (builder);
}

/* An attribute number array as the server prints it: "{1,2}" (int2[]) or
 * "1 2" (int2vector). NULL for a NULL value.
 */
static GArray *
get_attnums (PGresult   *res,
             int         row,
             const char *name)
{
  const char *p = get_str (res, row, name);
  GArray *attnums;

  if (p == NULL)
    return NULL;

  attnums = g_array_new (FALSE, FALSE, sizeof (int));
  while (*p != '\0')
    {
      if (*p == '-' || g_ascii_isdigit (*p))
        {
          char *end;
          int attnum = (int)strtol (p, &end, 10);

          g_array_append_val (attnums, attnum);
          p = end;
        }
      else
        p++;
    }

  return attnums;
}

/* The column of table @relid whose catalog attnum is @attnum, or NULL. */
static SwColumn *
lookup_column (LoadState *state,
               guint32    relid,
               int        attnum)
{
  const ColumnSlot *slots = (const ColumnSlot *)(gpointer)state->column_slots->data;
  guint n_slots = state->column_slots->len;
  guint first = GPOINTER_TO_UINT (g_hash_table_lookup (state->first_column_slot,
                                                       GUINT_TO_POINTER (relid)));
  guint guess;

  if (first-- == 0 || attnum <= 0)
    return NULL;

  /* Without dropped columns, attnum n is the table's nth column. */
  guess = first + attnum - 1;
  if (guess < n_slots && slots[guess].oid == relid && slots[guess].attnum == attnum)
    return slots[guess].column;
  for (guint i = first; i < n_slots && slots[i].oid == relid; i++)
    {
      if (slots[i].attnum == attnum)
        return slots[i].column;
    }

  return NULL;
}

/* A column of a model table by its catalog attnum (dropped columns leave gaps,
 * so this is pg_attribute's attnum, not the model's), or a system column
 * (a CHECK may use tableoid).
 */
static const char *
column_name (LoadState *state,
             guint32    relid,
             int        attnum)
{
  static const char * const system_columns[] = {
    "ctid", "xmin", "cmin", "xmax", "cmax", "tableoid",
  };
  SwColumn *column;

  if (attnum < 0)
    return -attnum <= (int)G_N_ELEMENTS (system_columns) ? system_columns[-attnum - 1] : NULL;

  column = lookup_column (state, relid, attnum);
  return column != NULL ? column->name : NULL;
}

/* The names of @attnums[@from, @to) of @relid, NULL when there are none.
 * Attribute numbers without a column are left out (as a join would), or
 * given as "" when @keep_unknown.
 */
static char **
attnums_to_names (LoadState *state,
                  guint32    relid,
                  GArray    *attnums,
                  guint      from,
                  guint      to,
                  gboolean   keep_unknown)
{
  GPtrArray *names;

  if (attnums == NULL)
    return NULL;
  to = MIN (to, attnums->len);
  if (from >= to)
    return NULL;

  names = g_ptr_array_new_null_terminated (to - from, g_free, TRUE);
  for (guint i = from; i < to; i++)
    {
      const char *name = column_name (state, relid, g_array_index (attnums, int, i));

      if (name != NULL || keep_unknown)
        g_ptr_array_add (names, g_strdup (name ? name : ""));
    }
  if (names->len == 0)
    {
      g_ptr_array_unref (names);
      return NULL;
    }

  return (char **)g_ptr_array_free (names, FALSE);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *)a;
  int y = *(const int *)b;

  return (x > y) - (x < y);
}

/* "a, b" with each name quoted as quote_identifier() would. */
static void
append_identifiers (GString     *buf,
                    char * const *names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *quoted = sw_quote_identifier (names[i]);

      if (i > 0)
        g_string_append (buf, ", ");
      g_string_append (buf, quoted);
    }
}

/* pg_get_constraintdef() of a PRIMARY KEY, UNIQUE or CHECK constraint, from
 * what the model already holds, spelled as the server spells it.
 */
static char *
constraint_definition (SwConstraint *constraint)
{
  GString *buf = g_string_new (NULL);

  switch (constraint->kind)
    {
    case SW_CONSTRAINT_PRIMARY_KEY:
    case SW_CONSTRAINT_UNIQUE:
      g_string_append (buf, constraint->kind == SW_CONSTRAINT_PRIMARY_KEY
                            ? "PRIMARY KEY " : "UNIQUE ");
      if (constraint->kind == SW_CONSTRAINT_UNIQUE && constraint->nulls_not_distinct)
        g_string_append (buf, "NULLS NOT DISTINCT ");
      g_string_append_c (buf, '(');
      append_identifiers (buf, constraint->columns);
      g_string_append_c (buf, ')');
      if (constraint->include_columns != NULL)
        {
          g_string_append (buf, " INCLUDE (");
          append_identifiers (buf, constraint->include_columns);
          g_string_append_c (buf, ')');
        }
      break;

    case SW_CONSTRAINT_CHECK:
      /* "CHECK (" + pg_get_expr() + ")": both deparse the same way. */
      g_string_append_printf (buf, "CHECK (%s)%s",
                              constraint->expression ? constraint->expression : "",
                              constraint->no_inherit ? " NO INHERIT" : "");
      break;

    case SW_CONSTRAINT_EXCLUDE:
    default:
      g_assert_not_reached ();
    }

  if (constraint->deferrable)
    g_string_append (buf, " DEFERRABLE");
  if (constraint->initially_deferred)
    g_string_append (buf, " INITIALLY DEFERRED");
  if (constraint->not_valid)
    g_string_append (buf, " NOT VALID");

  return g_string_free (buf, FALSE);
}

/* pg_get_indexdef() of a plain index (see query_indexes_fmt): names only. */
static char *
index_definition (SwTable *table,
                  SwIndex *index)
{
  GString *buf = g_string_new (NULL);
  g_autofree char *name = sw_quote_identifier (index->name);
  g_autofree char *am = sw_quote_identifier (index->access_method);

  g_string_append_printf (buf, "CREATE %sINDEX %s ON %s USING %s (",
                          index->unique ? "UNIQUE " : "", name, table->qualified_name, am);
  append_identifiers (buf, index->keys);
  g_string_append_c (buf, ')');
  if (index->include_columns != NULL)
    {
      g_string_append (buf, " INCLUDE (");
      append_identifiers (buf, index->include_columns);
      g_string_append_c (buf, ')');
    }
  if (index->predicate != NULL)
    g_string_append_printf (buf, " WHERE %s", index->predicate);

  return g_string_free (buf, FALSE);
}

static char *
format_server_version (int version)
{
  if (version >= 100000)
    return g_strdup_printf ("%d.%d", version / 10000, version % 10000);
  return g_strdup_printf ("%d.%d.%d", version / 10000, (version / 100) % 100, version % 100);
}

/* libpq reports connection failures as text only (no SQLSTATE before the
 * backend speaks), so sort them by the messages libpq and the server use.
 */
static SwCatalogError
classify_connection_error (const char *message)
{
  static const char * const auth[] = {
    "password authentication failed",
    "authentication failed for user",
    "no password supplied",
    "pg_hba.conf",
    "SCRAM",
  };
  static const char * const tls[] = {
    "SSL",
    "certificate",
    "sslmode",
  };
  static const char * const unreachable[] = {
    "Connection refused",
    "could not translate host name",
    "timeout expired",
    "No route to host",
    "Network is unreachable",
    "Connection timed out",
    "No such file or directory",
    "could not connect to server",
    "Host is unreachable",
    "Name or service not known",
  };

  if (strstr (message, "database \"") && strstr (message, "does not exist"))
    return SW_CATALOG_ERROR_NO_DATABASE;
  if (strstr (message, "role \"") && strstr (message, "does not exist"))
    return SW_CATALOG_ERROR_AUTH;
  for (guint i = 0; i < G_N_ELEMENTS (auth); i++)
    if (strstr (message, auth[i]))
      return SW_CATALOG_ERROR_AUTH;
  for (guint i = 0; i < G_N_ELEMENTS (tls); i++)
    if (strstr (message, tls[i]))
      return SW_CATALOG_ERROR_TLS;
  for (guint i = 0; i < G_N_ELEMENTS (unreachable); i++)
    if (strstr (message, unreachable[i]))
      return SW_CATALOG_ERROR_UNREACHABLE;

  return SW_CATALOG_ERROR_CONNECT;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  PGcancel *cancel = user_data;
  char errbuf[256];

  /* PQcancel() is thread-safe: it opens its own connection to the server. */
  if (!PQcancel (cancel, errbuf, sizeof errbuf))
    g_debug ("Could not cancel the catalog query: %s", errbuf);
}

/* Reads the results of the statements sent in pipeline mode, in order, into
 * state->results; the main thread does not touch the connection meanwhile.
 */
static gpointer
fetch_thread (gpointer user_data)
{
  LoadState *state = user_data;
  guint n = state->n_sent;
  guint n_pushed = 0;
  guint n_nulls = 0;

  /* Each statement's result is followed by a NULL; the pipeline ends with
   * the sync's result. Only a lost connection gives NULL after NULL.
   */
  while (n_pushed < n)
    {
      PGresult *res = PQgetResult (state->conn);

      if (res == NULL)
        {
          if (PQstatus (state->conn) == CONNECTION_BAD || ++n_nulls > 2)
            break;
          continue;
        }
      n_nulls = 0;
      if (PQresultStatus (res) == PGRES_PIPELINE_SYNC)
        {
          PQclear (res);
          break;
        }
      g_async_queue_push (state->results, res);
      n_pushed++;
    }

  if (n_pushed == n)
    {
      PGresult *res;

      gboolean synced = FALSE;

      /* Then the sync's result, and a NULL once the connection is idle. */
      for (;;)
        {
          res = PQgetResult (state->conn);
          if (res == NULL)
            {
              if (synced || PQstatus (state->conn) == CONNECTION_BAD)
                break;
              continue;
            }
          if (PQresultStatus (res) == PGRES_PIPELINE_SYNC)
            synced = TRUE;
          PQclear (res);
        }
    }
  for (; n_pushed < n; n_pushed++)
    g_async_queue_push (state->results, &fetch_failed);

  return NULL;
}

/* Sends @sql in pipeline mode; run_query() takes its result later, in order. */
static gboolean
send_query (LoadState   *state,
            char        *sql,
            gboolean     with_oids,
            GError     **error)
{
  const char *values[1] = { state->oids_param };

  state->n_queries++;
  g_queue_push_tail (&state->sent, sql);
  if (!PQsendQueryParams (state->conn, sql, with_oids ? 1 : 0, NULL,
                          with_oids ? values : NULL, NULL, NULL, 0))
    {
      g_autofree char *message = g_strdup (PQerrorMessage (state->conn));

      g_strstrip (message);
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                   "A catalog query could not be sent: %s", message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
begin_pipeline (LoadState  *state,
                GError    **error)
{
  if (!PQenterPipelineMode (state->conn))
    {
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                   "Could not enter pipeline mode");
      return FALSE;
    }
  state->results = g_async_queue_new ();
  return TRUE;
}

/* Ends the statements sent so far and starts reading their results. */
static gboolean
sync_pipeline (LoadState  *state,
               GError    **error)
{
  if (!PQpipelineSync (state->conn))
    {
      g_autofree char *message = g_strdup (PQerrorMessage (state->conn));

      g_strstrip (message);
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                   "A catalog query could not be sent: %s", message);
      return FALSE;
    }
  state->n_sent = g_queue_get_length (&state->sent);
  state->fetch_thread = g_thread_new ("sw-catalog-fetch", fetch_thread, state);
  return TRUE;
}

/* Waits for the reading thread (after every result, or after an error, when
 * the server skips what is left) and leaves pipeline mode.
 */
static gboolean
end_pipeline (LoadState  *state,
              GError    **error)
{
  PGresult *res;

  if (state->fetch_thread != NULL)
    g_thread_join (g_steal_pointer (&state->fetch_thread));
  if (state->results != NULL)
    {
      while ((res = g_async_queue_try_pop (state->results)) != NULL)
        if (res != (PGresult *)&fetch_failed)
          PQclear (res);
      g_clear_pointer (&state->results, g_async_queue_unref);
    }
  g_queue_clear_full (&state->sent, g_free);

  if (PQpipelineStatus (state->conn) != PQ_PIPELINE_OFF &&
      !PQexitPipelineMode (state->conn) && error != NULL)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (state->conn));

      g_strstrip (message);
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                   "Could not leave pipeline mode: %s", message);
      return FALSE;
    }

  return TRUE;
}

static PGresult *
run_query (LoadState   *state,
           const char  *sql,
           gboolean     with_oids,
           GError     **error)
{
  const char *values[1] = { state->oids_param };
  PGresult *res;
  ExecStatusType status;
  g_autofree char *message = NULL;
  const char *sqlstate;
  SideConn *side;

  if (g_cancellable_set_error_if_cancelled (state->cancellable, error))
    return NULL;

  if (state->side != NULL && (side = state->side)->oids_param != NULL)
    {
      for (guint i = 0; i < SIDE_N; i++)
        if (strcmp (sql, side->sql[i]) == 0)
          {
            /* The second connection ran it. */
            if (side->thread != NULL)
              g_thread_join (g_steal_pointer (&side->thread));
            if ((res = g_steal_pointer (&side->result[i])) == NULL)
              {
                if (!g_cancellable_set_error_if_cancelled (state->cancellable, error))
                  {
                    if (side->error != NULL)
                      g_propagate_error (error, g_steal_pointer (&side->error));
                    else
                      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                                   "A catalog query failed on the second connection");
                  }
              }
            return res;
          }
    }

  if (!g_queue_is_empty (&state->sent))
    {
      /* Sent already, in pipeline mode: take its result. */
      g_autofree char *sent = g_queue_pop_head (&state->sent);

      g_assert (strcmp (sent, sql) == 0);
      res = g_async_queue_pop (state->results);
      if (res == (PGresult *)&fetch_failed)
        res = NULL;
      status = PQresultStatus (res);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        {
          if (g_queue_is_empty (&state->sent) && !end_pipeline (state, error))
            {
              PQclear (res);
              return NULL;
            }
          return res;
        }
      /* The statements after a failed one fail too: read them all, so that
       * the connection is the main thread's again.
       */
      end_pipeline (state, NULL);
    }
  else
    {
      state->n_queries++;
      res = PQexecParams (state->conn, sql, with_oids ? 1 : 0, NULL,
                          with_oids ? values : NULL, NULL, NULL, 0);
      status = PQresultStatus (res);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        return res;
    }

  if (g_cancellable_set_error_if_cancelled (state->cancellable, error))
    {
      PQclear (res);
      return NULL;
    }

  message = g_strdup (res && PQresultErrorMessage (res)[0]
                      ? PQresultErrorMessage (res)
                      : PQerrorMessage (state->conn));
  g_strstrip (message);
  sqlstate = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (PQstatus (state->conn) == CONNECTION_BAD)
    g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                 "The connection to the server was lost while reading the catalog: %s",
                 message);
  else if (sqlstate != NULL)
    g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                 "A catalog query failed (SQLSTATE %s): %s", sqlstate, message);
  else
    g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_QUERY,
                 "A catalog query failed: %s", message);

  PQclear (res);
  return NULL;
}

static SwTable *
lookup_table (LoadState  *state,
              PGresult   *res,
              int         row,
              const char *oid_field)
{
  return g_hash_table_lookup (state->tables_by_oid,
                              GUINT_TO_POINTER (get_oid (res, row, oid_field)));
}

static SwRelKind
rel_kind_from_char (char relkind)
{
  switch (relkind)
    {
    case 'p':
      return SW_REL_KIND_PARTITIONED_TABLE;

    case 'f':
      return SW_REL_KIND_FOREIGN_TABLE;

    default:
      return SW_REL_KIND_TABLE;
    }
}

static SwPersistence
persistence_from_char (char relpersistence)
{
  switch (relpersistence)
    {
    case 'u':
      return SW_PERSISTENCE_UNLOGGED;

    case 't':
      return SW_PERSISTENCE_TEMPORARY;

    default:
      return SW_PERSISTENCE_PERMANENT;
    }
}

static SwReplicaIdentity
replica_identity_from_char (char relreplident)
{
  switch (relreplident)
    {
    case 'n':
      return SW_REPLICA_IDENTITY_NOTHING;

    case 'f':
      return SW_REPLICA_IDENTITY_FULL;

    case 'i':
      return SW_REPLICA_IDENTITY_INDEX;

    default:
      return SW_REPLICA_IDENTITY_DEFAULT;
    }
}

static SwPartitionStrategy
partition_strategy_from_char (char partstrat)
{
  switch (partstrat)
    {
    case 'r':
      return SW_PARTITION_RANGE;

    case 'l':
      return SW_PARTITION_LIST;

    case 'h':
      return SW_PARTITION_HASH;

    default:
      return SW_PARTITION_NONE;
    }
}

static SwTypeKind
type_kind_from_char (char     typtype,
                     gboolean is_array)
{
  switch (typtype)
    {
    case 'c':
      return SW_TYPE_KIND_COMPOSITE;

    case 'd':
      return SW_TYPE_KIND_DOMAIN;

    case 'e':
      return SW_TYPE_KIND_ENUM;

    case 'r':
      return SW_TYPE_KIND_RANGE;

    case 'm':
      return SW_TYPE_KIND_MULTIRANGE;

    case 'p':
      return SW_TYPE_KIND_PSEUDO;

    default:
      return is_array ? SW_TYPE_KIND_ARRAY : SW_TYPE_KIND_BASE;
    }
}

static SwPolicyCommand
policy_command_from_char (char polcmd)
{
  switch (polcmd)
    {
    case 'r':
      return SW_POLICY_SELECT;

    case 'a':
      return SW_POLICY_INSERT;

    case 'w':
      return SW_POLICY_UPDATE;

    case 'd':
      return SW_POLICY_DELETE;

    default:
      return SW_POLICY_ALL;
    }
}

/* Runs the tables query and takes the table oids from its result, which every
 * other query needs: they are sent before the tables become model objects
 * (read_tables()), so that the server runs them meanwhile.
 */
static gboolean
fetch_tables (LoadState  *state,
              GError    **error)
{
  GString *oids;
  int n_rows;

  if (!(state->tables_result = run_query (state, query_tables, FALSE, error)))
    return FALSE;

  n_rows = PQntuples (state->tables_result);
  oids = g_string_sized_new (12 * (gsize)n_rows + 2);
  g_string_append_c (oids, '{');
  for (int row = 0; row < n_rows; row++)
    {
      if (row > 0)
        g_string_append_c (oids, ',');
      g_string_append (oids, PQgetvalue (state->tables_result, row,
                                         field (state->tables_result, "oid")));
    }
  g_string_append_c (oids, '}');
  state->oids_param = g_string_free (oids, FALSE);

  return TRUE;
}

static gboolean
read_tables (LoadState  *state,
             GError    **error)
{
  g_autoptr(PGresult) res = g_steal_pointer (&state->tables_result);
  int n_rows;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      g_autoptr(SwTable) table = NULL;
      const char *partexprs;
      guint32 oid = get_oid (res, row, "oid");

      table = _sw_table_new (get_str (res, row, "nspname"), get_str (res, row, "relname"));
      table->oid = oid;
      table->rel_kind = rel_kind_from_char (get_char (res, row, "relkind"));
      table->persistence = persistence_from_char (get_char (res, row, "relpersistence"));
      table->access_method = dup_str (res, row, "amname");
      table->comment = dup_str (res, row, "comment");
      table->rls_enabled = get_bool (res, row, "relrowsecurity");
      table->rls_forced = get_bool (res, row, "relforcerowsecurity");
      table->replica_identity = replica_identity_from_char (get_char (res, row, "relreplident"));
      if (table->replica_identity == SW_REPLICA_IDENTITY_INDEX)
        table->replica_identity_index = dup_str (res, row, "replident_index");
      table->estimated_rows = get_int64 (res, row, "reltuples", -1);
      table->total_bytes = get_int64 (res, row, "total_bytes", -1);

      table->partition_strategy = partition_strategy_from_char (get_char (res, row, "partstrat"));
      table->partition_key = dup_str (res, row, "partkeydef");
      table->partition_columns = get_strv (res, row, "partattrs");
      partexprs = get_str (res, row, "partexprs");
      if (table->partition_columns != NULL && partexprs != NULL)
        {
          /* Expression keys have attnum 0 (an empty name here) and take the
           * partition expressions in order.
           */
          g_autoptr(GPtrArray) exprs = split_top_level (partexprs);
          guint next = 0;

          for (guint i = 0; table->partition_columns[i] != NULL; i++)
            {
              if (table->partition_columns[i][0] == '\0' && next < exprs->len)
                {
                  g_free (table->partition_columns[i]);
                  table->partition_columns[i] = g_strdup (g_ptr_array_index (exprs, next++));
                }
            }
        }
      table->partition_parent = get_qualified_name (res, row, "parent_nspname", "parent_relname");
      table->partition_bound = dup_str (res, row, "partbound");
      table->inherits = get_qualified_names (res, row, "inherits", TRUE);

      if (!_sw_schema_add_table (state->schema, table))
        continue;
      g_hash_table_insert (state->tables_by_oid, GUINT_TO_POINTER (oid), table);
    }

  return TRUE;
}

typedef struct
{
  guint32 oid;
  int attnum;
  int row;
} ColumnRow;

static int
compare_column_rows (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const ColumnRow *x = a;
  const ColumnRow *y = b;

  if (x->oid != y->oid)
    return x->oid < y->oid ? -1 : 1;
  return (x->attnum > y->attnum) - (x->attnum < y->attnum);
}

/* The rows of the columns query by table and attnum, as the model numbers
 * the columns by position: NULL when they already come that way (the plan
 * query_columns is written for gives them so), else the rows in that order.
 */
static int *
columns_order (PGresult *res)
{
  int n_rows = PQntuples (res);
  g_autofree ColumnRow *rows = NULL;
  gboolean sorted = TRUE;
  int *order;

  rows = g_new (ColumnRow, MAX (n_rows, 1));
  for (int row = 0; row < n_rows; row++)
    {
      rows[row].oid = get_oid (res, row, "attrelid");
      rows[row].attnum = (int)get_int64 (res, row, "attnum", 0);
      rows[row].row = row;
      if (row > 0 && sorted && compare_column_rows (&rows[row - 1], &rows[row], NULL) >= 0)
        sorted = FALSE;
    }
  if (sorted)
    return NULL;

  g_qsort_with_data (rows, n_rows, sizeof (ColumnRow), compare_column_rows, NULL);
  order = g_new (int, MAX (n_rows, 1));
  for (int i = 0; i < n_rows; i++)
    order[i] = rows[i].row;

  return order;
}

static gboolean
read_columns (LoadState  *state,
              GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree int *order = NULL;
  SwTable *table = NULL;
  guint32 table_oid = 0;
  int n_rows;
  int c_attrelid, c_attnum, c_attname, c_type_name, c_type_schema, c_type_internal;
  int c_typtype, c_is_array, c_atttypmod, c_coll_nspname, c_collname, c_attnotnull;
  int c_default_expr, c_generated_expr, c_attidentity, c_comment;

  if (!(res = run_query (state, query_columns, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  order = columns_order (res);
  /* Where each field is, found once: by name, it was a lookup per value. */
  c_attrelid = field (res, "attrelid");
  c_attnum = field (res, "attnum");
  c_attname = field (res, "attname");
  c_type_name = field (res, "type_name");
  c_type_schema = field (res, "type_schema");
  c_type_internal = field (res, "type_internal");
  c_typtype = field (res, "typtype");
  c_is_array = field (res, "is_array");
  c_atttypmod = field (res, "atttypmod");
  c_coll_nspname = field (res, "coll_nspname");
  c_collname = field (res, "collname");
  c_attnotnull = field (res, "attnotnull");
  c_default_expr = field (res, "default_expr");
  c_generated_expr = field (res, "generated_expr");
  c_attidentity = field (res, "attidentity");
  c_comment = field (res, "comment");
  g_array_set_size (state->column_slots, 0);
  for (int i = 0; i < n_rows; i++)
    {
      int row = order != NULL ? order[i] : i;
      SwColumn *column;
      guint32 oid = (guint32)g_ascii_strtoll (PQgetvalue (res, row, c_attrelid), NULL, 10);
      const char *identity;
      const char *collname;
      ColumnSlot slot;

      if (table == NULL || oid != table_oid)
        {
          table = g_hash_table_lookup (state->tables_by_oid, GUINT_TO_POINTER (oid));
          table_oid = oid;
          if (table != NULL)
            g_hash_table_insert (state->first_column_slot, GUINT_TO_POINTER (oid),
                                 GUINT_TO_POINTER (state->column_slots->len + 1));
        }
      if (table == NULL)
        continue;

      column = _sw_column_new ();
      /* Dropped columns leave gaps in attnum; the model numbers by position. */
      column->attnum = table->columns->len + 1;
      column->name = g_strdup (value_at (res, row, c_attname));
      column->type_name = g_strdup (value_at (res, row, c_type_name));
      column->type_schema = g_strdup (value_at (res, row, c_type_schema));
      column->type_internal = g_strdup (value_at (res, row, c_type_internal));
      column->type_kind = type_kind_from_char (char_at (res, row, c_typtype),
                                               char_at (res, row, c_is_array) == 't');
      column->typmod = PQgetisnull (res, row, c_atttypmod)
                       ? -1 : (gint)g_ascii_strtoll (PQgetvalue (res, row, c_atttypmod), NULL, 10);
      /* As get_collation(): quoted, qualified unless in pg_catalog. */
      if ((collname = value_at (res, row, c_collname)) != NULL)
        {
          const char *nspname = value_at (res, row, c_coll_nspname);

          column->collation = g_strcmp0 (nspname, "pg_catalog") == 0
                              ? sw_quote_identifier (collname)
                              : sw_quote_qualified_name (nspname, collname);
        }
      column->not_null = char_at (res, row, c_attnotnull) == 't';
      column->default_expr = g_strdup (value_at (res, row, c_default_expr));
      column->generated_expr = g_strdup (value_at (res, row, c_generated_expr));
      identity = value_at (res, row, c_attidentity);
      if (g_strcmp0 (identity, "a") == 0)
        column->identity = SW_IDENTITY_ALWAYS;
      else if (g_strcmp0 (identity, "d") == 0)
        column->identity = SW_IDENTITY_BY_DEFAULT;
      column->comment = g_strdup (value_at (res, row, c_comment));

      g_ptr_array_add (table->columns, column);
      slot.oid = oid;
      slot.attnum = (int)g_ascii_strtoll (PQgetvalue (res, row, c_attnum), NULL, 10);
      slot.column = column;
      g_array_append_val (state->column_slots, slot);
    }

  return TRUE;
}

static gboolean
read_stats (LoadState  *state,
            GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_stats, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwColumn *column = lookup_column (state, get_oid (res, row, "attrelid"),
                                        (int)get_int64 (res, row, "attnum", 0));
      g_autoptr(JsonArray) freqs = NULL;

      if (column == NULL)
        continue;

      column->has_stats = TRUE;
      column->null_frac = get_double (res, row, "null_frac", 0.0);
      column->n_distinct = get_double (res, row, "n_distinct", 0.0);
      column->avg_width = (gint)get_int64 (res, row, "avg_width", 0);
      column->most_common_values = get_strv (res, row, "mcv");
      if ((freqs = get_json_array (res, row, "mcf")) != NULL)
        {
          guint n = json_array_get_length (freqs);

          column->most_common_freqs = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
          for (guint i = 0; i < n; i++)
            {
              double freq = json_array_get_double_element (freqs, i);

              g_array_append_val (column->most_common_freqs, freq);
            }
        }
    }

  return TRUE;
}

static char *
constraints_sql (LoadState *state)
{
  gboolean pg15 = state->server_version >= 150000;

  return g_strdup_printf (query_constraints_fmt,
                          pg15 ? "COALESCE(i.indnullsnotdistinct, false)" : "false",
                          pg15 ? "co.confdelsetcols" : "NULL::pg_catalog.int2[]");
}

static gboolean
read_constraints (LoadState  *state,
                  GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *sql = NULL;
  int n_rows;

  sql = constraints_sql (state);
  if (!(res = run_query (state, sql, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      guint32 relid = get_oid (res, row, "conrelid");
      SwTable *table = g_hash_table_lookup (state->tables_by_oid, GUINT_TO_POINTER (relid));
      char contype = get_char (res, row, "contype");
      g_autoptr(GArray) conkey = NULL;

      if (table == NULL)
        continue;

      conkey = get_attnums (res, row, "conkey");

      if (contype == 'f')
        {
          SwForeignKey *fk = _sw_foreign_key_new ();
          g_autoptr(GArray) delete_set = get_attnums (res, row, "delete_set_columns");

          fk->name = dup_str (res, row, "conname");
          fk->table = g_strdup (table->qualified_name);
          fk->columns = attnums_to_names (state, relid, conkey, 0, G_MAXUINT, FALSE);
          fk->ref_table = get_qualified_name (res, row, "ref_nspname", "ref_relname");
          if (get_str (res, row, "ref_columns") != NULL)
            fk->ref_columns = get_strv (res, row, "ref_columns");
          else
            {
              g_autoptr(GArray) confkey = get_attnums (res, row, "confkey");

              fk->ref_columns = attnums_to_names (state, get_oid (res, row, "confrelid"),
                                                  confkey, 0, G_MAXUINT, FALSE);
            }
          fk->on_delete = sw_fk_action_from_code (get_char (res, row, "confdeltype"));
          fk->on_update = sw_fk_action_from_code (get_char (res, row, "confupdtype"));
          fk->on_delete_set_columns = attnums_to_names (state, relid, delete_set, 0, G_MAXUINT, FALSE);
          fk->match = sw_fk_match_from_code (get_char (res, row, "confmatchtype"));
          fk->deferrable = get_bool (res, row, "condeferrable");
          fk->initially_deferred = get_bool (res, row, "condeferred");
          fk->not_valid = !get_bool (res, row, "convalidated");
          g_ptr_array_add (table->foreign_keys, fk);
        }
      else
        {
          SwConstraint *constraint = _sw_constraint_new ();

          constraint->name = dup_str (res, row, "conname");
          switch (contype)
            {
            case 'p':
              constraint->kind = SW_CONSTRAINT_PRIMARY_KEY;
              break;
            case 'u':
              constraint->kind = SW_CONSTRAINT_UNIQUE;
              break;
            case 'x':
              constraint->kind = SW_CONSTRAINT_EXCLUDE;
              break;
            case 'c':
            default:
              constraint->kind = SW_CONSTRAINT_CHECK;
              break;
            }
          if (constraint->kind == SW_CONSTRAINT_CHECK)
            {
              /* The distinct columns the expression uses, by attnum. */
              if (conkey != NULL)
                g_array_sort (conkey, compare_ints);
              constraint->columns = attnums_to_names (state, relid, conkey, 0, G_MAXUINT, FALSE);
              constraint->expression = dup_str (res, row, "expression");
            }
          else
            {
              g_autoptr(GArray) indkey = get_attnums (res, row, "indkey");
              guint n_keys = (guint)get_int64 (res, row, "indnkeyatts", 0);

              constraint->columns = attnums_to_names (state, relid, indkey, 0, n_keys, TRUE);
              constraint->include_columns = attnums_to_names (state, relid, indkey,
                                                              n_keys, G_MAXUINT, FALSE);
              if (constraint->columns != NULL && get_str (res, row, "expression_keys") != NULL)
                {
                  g_auto(GStrv) expressions = get_strv (res, row, "expression_keys");

                  for (guint i = 0; constraint->columns[i] != NULL && expressions && expressions[i]; i++)
                    {
                      if (g_array_index (indkey, int, i) == 0)
                        {
                          g_free (constraint->columns[i]);
                          constraint->columns[i] = g_strdup (expressions[i]);
                        }
                    }
                }
            }
          if (constraint->kind == SW_CONSTRAINT_EXCLUDE)
            {
              constraint->exclude_operators = get_strv (res, row, "exclude_operators");
              constraint->access_method = dup_str (res, row, "access_method");
              constraint->predicate = dup_str (res, row, "predicate");
            }
          constraint->deferrable = get_bool (res, row, "condeferrable");
          constraint->initially_deferred = get_bool (res, row, "condeferred");
          constraint->not_valid = !get_bool (res, row, "convalidated");
          /* Index-backed constraints are never inherited either, but NO
           * INHERIT is a property of CHECK constraints only.
           */
          if (constraint->kind == SW_CONSTRAINT_CHECK)
            constraint->no_inherit = get_bool (res, row, "connoinherit");
          constraint->nulls_not_distinct = get_bool (res, row, "nulls_not_distinct");
          if (constraint->kind == SW_CONSTRAINT_EXCLUDE)
            constraint->definition = dup_str (res, row, "definition");
          else
            constraint->definition = constraint_definition (constraint);
          g_ptr_array_add (table->constraints, constraint);
        }
    }

  return TRUE;
}

static char *
indexes_sql (LoadState *state)
{
  const char *nulls_not_distinct;

  nulls_not_distinct = state->server_version >= 150000 ? "i.indnullsnotdistinct" : "false";
  return g_strdup_printf (query_indexes_fmt, nulls_not_distinct, nulls_not_distinct);
}

static gboolean
read_indexes (LoadState  *state,
              GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *sql = NULL;
  int n_rows;

  sql = indexes_sql (state);
  if (!(res = run_query (state, sql, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      guint32 relid = get_oid (res, row, "indrelid");
      SwTable *table = g_hash_table_lookup (state->tables_by_oid, GUINT_TO_POINTER (relid));
      g_autoptr(GArray) indkey = NULL;
      g_auto(GStrv) expressions = NULL;
      guint n_keys;
      SwIndex *index;

      if (table == NULL)
        continue;

      indkey = get_attnums (res, row, "indkey");
      n_keys = (guint)get_int64 (res, row, "indnkeyatts", 0);
      expressions = get_strv (res, row, "expression_keys");

      index = _sw_index_new ();
      index->name = dup_str (res, row, "relname");
      index->unique = get_bool (res, row, "indisunique");
      index->access_method = dup_str (res, row, "amname");
      index->keys = attnums_to_names (state, relid, indkey, 0, n_keys, TRUE);
      if (index->keys != NULL)
        {
          guint n = g_strv_length (index->keys);

          index->key_is_expression = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), n);
          for (guint i = 0; i < n; i++)
            {
              gboolean is_expression = g_array_index (indkey, int, i) == 0;

              if (is_expression && expressions != NULL && i < g_strv_length (expressions))
                {
                  g_free (index->keys[i]);
                  index->keys[i] = g_strdup (expressions[i]);
                }
              g_array_append_val (index->key_is_expression, is_expression);
            }
        }
      index->include_columns = attnums_to_names (state, relid, indkey, n_keys, G_MAXUINT, FALSE);
      index->predicate = dup_str (res, row, "predicate");
      index->nulls_not_distinct = get_bool (res, row, "nulls_not_distinct");
      if (get_bool (res, row, "simple"))
        index->definition = index_definition (table, index);
      else
        index->definition = dup_str (res, row, "definition");
      g_ptr_array_add (table->indexes, index);
    }

  return TRUE;
}

static char *
triggers_sql (LoadState *state)
{
  /* tgparentid (PostgreSQL 13) marks the clones on partitions. */
  return g_strdup_printf (query_triggers_fmt,
                          state->server_version >= 130000 ? " AND t.tgparentid = 0" : "");
}

static gboolean
read_triggers (LoadState  *state,
               GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *sql = NULL;
  int n_rows;

  sql = triggers_sql (state);
  if (!(res = run_query (state, sql, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      guint32 relid = get_oid (res, row, "tgrelid");
      SwTable *table = g_hash_table_lookup (state->tables_by_oid, GUINT_TO_POINTER (relid));
      g_autoptr(GArray) tgattr = NULL;
      SwTrigger *trigger;
      int tgtype;

      if (table == NULL)
        continue;

      /* The TRIGGER_TYPE_* bits of pg_trigger.h. */
      tgtype = (int)get_int64 (res, row, "tgtype", 0);
      trigger = _sw_trigger_new ();
      trigger->name = dup_str (res, row, "tgname");
      trigger->for_each_row = (tgtype & (1 << 0)) != 0;
      if (tgtype & (1 << 1))
        trigger->timing = SW_TRIGGER_BEFORE;
      else if (tgtype & (1 << 6))
        trigger->timing = SW_TRIGGER_INSTEAD_OF;
      else
        trigger->timing = SW_TRIGGER_AFTER;
      if (tgtype & (1 << 2))
        trigger->events |= SW_TRIGGER_EVENT_INSERT;
      if (tgtype & (1 << 3))
        trigger->events |= SW_TRIGGER_EVENT_DELETE;
      if (tgtype & (1 << 4))
        trigger->events |= SW_TRIGGER_EVENT_UPDATE;
      if (tgtype & (1 << 5))
        trigger->events |= SW_TRIGGER_EVENT_TRUNCATE;
      trigger->function = get_qualified_name (res, row, "func_nspname", "func_name");
      trigger->arguments = decode_trigger_arguments (get_str (res, row, "tgargs"),
                                                     (int)get_int64 (res, row, "tgnargs", 0));
      tgattr = get_attnums (res, row, "tgattr");
      trigger->update_columns = attnums_to_names (state, relid, tgattr, 0, G_MAXUINT, FALSE);
      if (get_bool (res, row, "has_when"))
        trigger->when_expr = extract_when_clause (get_str (res, row, "definition"));
      trigger->is_constraint = get_bool (res, row, "is_constraint");
      trigger->enabled = get_char (res, row, "tgenabled") != 'D';
      g_ptr_array_add (table->triggers, trigger);
    }

  return TRUE;
}

static gboolean
read_functions (LoadState  *state,
                GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_functions, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwFunction *function = _sw_function_new ();

      function->schema_name = dup_str (res, row, "nspname");
      function->name = dup_str (res, row, "proname");
      function->qualified_name = sw_quote_qualified_name (function->schema_name, function->name);
      function->arguments = dup_str (res, row, "arguments");
      function->returns = dup_str (res, row, "returns");
      function->language = dup_str (res, row, "lanname");
      function->definition = dup_str (res, row, "definition");
      if (function->definition != NULL)
        g_strchomp (function->definition);
      _sw_schema_add_namespace (state->schema, function->schema_name);
      g_ptr_array_add (state->schema->functions, function);
    }

  return TRUE;
}

static gboolean
read_policies (LoadState  *state,
               GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_policies, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwTable *table = lookup_table (state, res, row, "polrelid");
      SwPolicy *policy;

      if (table == NULL)
        continue;

      policy = _sw_policy_new ();
      policy->name = dup_str (res, row, "polname");
      policy->command = policy_command_from_char (get_char (res, row, "polcmd"));
      policy->permissive = get_bool (res, row, "polpermissive");
      policy->roles = sort_strv (get_strv (res, row, "roles"));
      policy->using_expr = dup_str (res, row, "using_expr");
      policy->check_expr = dup_str (res, row, "check_expr");
      g_ptr_array_add (table->policies, policy);
    }

  return TRUE;
}

static gboolean
read_sequences (LoadState  *state,
                GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_sequences, FALSE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwSequence *sequence = _sw_sequence_new ();

      sequence->schema_name = dup_str (res, row, "nspname");
      sequence->name = dup_str (res, row, "relname");
      sequence->qualified_name = sw_quote_qualified_name (sequence->schema_name, sequence->name);
      sequence->data_type = dup_str (res, row, "data_type");
      sequence->start = get_int64 (res, row, "seqstart", 1);
      sequence->increment = get_int64 (res, row, "seqincrement", 1);
      sequence->min_value = get_int64 (res, row, "seqmin", 1);
      sequence->max_value = get_int64 (res, row, "seqmax", G_MAXINT64);
      sequence->cache = get_int64 (res, row, "seqcache", 1);
      sequence->cycle = get_bool (res, row, "seqcycle");
      sequence->owned_by_table = get_qualified_name (res, row, "owned_nspname", "owned_relname");
      sequence->owned_by_column = dup_str (res, row, "owned_column");
      sequence->identity = get_bool (res, row, "identity");
      _sw_schema_add_namespace (state->schema, sequence->schema_name);
      g_ptr_array_add (state->schema->sequences, sequence);
    }

  return TRUE;
}

static gboolean
read_views (LoadState  *state,
            GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_views, FALSE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwView *view = _sw_view_new ();

      view->schema_name = dup_str (res, row, "nspname");
      view->name = dup_str (res, row, "relname");
      view->qualified_name = sw_quote_qualified_name (view->schema_name, view->name);
      view->materialized = get_bool (res, row, "materialized");
      view->definition = dup_str (res, row, "definition");
      if (view->definition != NULL)
        g_strstrip (view->definition);
      view->depends_on = get_qualified_names (res, row, "depends_on", TRUE);
      _sw_schema_add_namespace (state->schema, view->schema_name);
      g_ptr_array_add (state->schema->views, view);
    }

  return TRUE;
}

static gboolean
read_types (LoadState  *state,
            GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  int n_rows;

  if (!(res = run_query (state, query_types, FALSE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwUserType *type = _sw_user_type_new ();

      type->schema_name = dup_str (res, row, "nspname");
      type->name = dup_str (res, row, "typname");
      type->qualified_name = sw_quote_qualified_name (type->schema_name, type->name);
      switch (get_char (res, row, "typtype"))
        {
        case 'e':
          type->kind = SW_USER_TYPE_ENUM;
          break;
        case 'd':
          type->kind = SW_USER_TYPE_DOMAIN;
          break;
        case 'r':
          type->kind = SW_USER_TYPE_RANGE;
          break;
        case 'c':
        default:
          type->kind = SW_USER_TYPE_COMPOSITE;
          break;
        }
      type->labels = get_strv (res, row, "labels");
      type->base_type = dup_str (res, row, "base_type");
      type->not_null = get_bool (res, row, "typnotnull");
      type->default_expr = dup_str (res, row, "default_expr");
      type->checks = sort_strv (get_strv (res, row, "checks"));
      type->collation = get_collation (res, row);
      _sw_schema_add_namespace (state->schema, type->schema_name);
      g_ptr_array_add (state->schema->user_types, type);
    }

  return TRUE;
}

static char *
citus_sql (gboolean has_dist_schema)
{
  return g_strdup_printf (query_citus_tables_fmt,
                          has_dist_schema
                          ? "EXISTS (SELECT 1 FROM pg_catalog.pg_dist_schema ds"
                            "         WHERE ds.schemaid = c.relnamespace)"
                          : "false");
}

static gboolean
read_citus (LoadState  *state,
            gboolean    has_dist_schema,
            GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) schemas = NULL;
  g_autofree char *sql = NULL;
  int n_rows;

  sql = citus_sql (has_dist_schema);
  if (!(res = run_query (state, sql, TRUE, error)))
    return FALSE;

  n_rows = PQntuples (res);
  for (int row = 0; row < n_rows; row++)
    {
      SwTable *table = lookup_table (state, res, row, "oid");
      char partmethod = get_char (res, row, "partmethod");
      char repmodel = get_char (res, row, "repmodel");
      gint colocation_id = (gint)get_int64 (res, row, "colocationid", 0);

      if (table == NULL)
        continue;

      /* As Citus's own IsCitusTableType() tells them apart. */
      if (partmethod != 'n')
        table->citus_kind = SW_CITUS_KIND_DISTRIBUTED;
      else if (repmodel == 't')
        table->citus_kind = SW_CITUS_KIND_REFERENCE;
      else if (colocation_id != 0 && repmodel == 's')
        table->citus_kind = get_bool (res, row, "in_dist_schema")
                            ? SW_CITUS_KIND_SCHEMA
                            : SW_CITUS_KIND_SINGLE_SHARD;
      else
        table->citus_kind = SW_CITUS_KIND_LOCAL;

      table->citus_distribution_column = dup_str (res, row, "dist_column");
      table->citus_colocation_id = colocation_id;
      table->citus_shard_count = (gint)get_int64 (res, row, "shard_count", 0);
    }

  if (!has_dist_schema)
    return TRUE;

  if (!(schemas = run_query (state, query_citus_schemas, FALSE, error)))
    return FALSE;
  n_rows = PQntuples (schemas);
  for (int row = 0; row < n_rows; row++)
    g_ptr_array_add (state->schema->distributed_schemas, dup_str (schemas, row, "nspname"));

  return TRUE;
}

static gboolean
has_option (PQconninfoOption *options,
            const char       *keyword)
{
  for (PQconninfoOption *option = options; option && option->keyword; option++)
    {
      if (strcmp (option->keyword, keyword) == 0)
        return option->val != NULL && option->val[0] != '\0';
    }
  return FALSE;
}

static const char *
get_option (PQconninfoOption *options,
            const char       *keyword)
{
  for (PQconninfoOption *option = options; option && option->keyword; option++)
    {
      if (strcmp (option->keyword, keyword) == 0)
        return option->val != NULL && option->val[0] != '\0' ? option->val : NULL;
    }
  return NULL;
}

static PQconninfoOption *
parse_conninfo (const char  *conninfo,
                GError     **error)
{
  PQconninfoOption *options;
  char *errmsg = NULL;

  options = PQconninfoParse (conninfo ? conninfo : "", &errmsg);
  if (options == NULL)
    {
      g_autofree char *message = g_strdup (errmsg ? errmsg : "out of memory");
      g_autofree char *lower = g_ascii_strdown (conninfo ? conninfo : "", -1);

      g_strstrip (message);
      /* libpq quotes the offending piece of the string, which might be a
       * password: leave the quoted part out when there could be one.
       */
      if (strstr (lower, "password") || strchr (lower, '@'))
        {
          char *quote = strchr (message, '"');

          if (quote != NULL)
            *quote = '\0';
          g_strstrip (message);
        }
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_INVALID_CONNINFO,
                   "The connection string is not valid: %s", message);
      PQfreemem (errmsg);
      return NULL;
    }

  return options;
}

static PGconn *
connect_to_server (const char    *conninfo,
                   const char    *password,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *keywords[8];
  const char *values[8];
  PQconninfoOption *options;
  g_autoptr(PGconn) conn = NULL;
  gboolean add_timeout;
  guint n = 0;

  if (!(options = parse_conninfo (conninfo, error)))
    return NULL;
  /* Give up on a silent host after 10 seconds, unless told otherwise. */
  add_timeout = !has_option (options, "connect_timeout") &&
                !has_option (options, "service") &&
                g_getenv ("PGCONNECT_TIMEOUT") == NULL &&
                g_getenv ("PGSERVICE") == NULL;
  PQconninfoFree (options);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* With expand_dbname, the conninfo in the first "dbname" is expanded in
   * place: the defaults before it yield to it, the values after it win.
   */
  if (add_timeout)
    {
      keywords[n] = "connect_timeout";
      values[n++] = "10";
    }
  keywords[n] = "dbname";
  values[n++] = conninfo ? conninfo : "";
  if (password != NULL)
    {
      keywords[n] = "password";
      values[n++] = password;
    }
  keywords[n] = "client_encoding";
  values[n++] = "UTF8";
  keywords[n] = "fallback_application_name";
  values[n++] = "shardwise";
  keywords[n] = NULL;
  values[n] = NULL;

  conn = PQconnectdbParams (keywords, values, TRUE);
  if (conn == NULL)
    {
      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_CONNECT,
                   "Could not connect: out of memory");
      return NULL;
    }
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn));
      g_autofree char *where = sw_conninfo_describe (conninfo);

      g_strstrip (message);
      g_set_error (error, SW_CATALOG_ERROR, classify_connection_error (message),
                   "Could not connect to %s: %s", where, message);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&conn);
}

static gpointer
side_thread (gpointer user_data)
{
  SideConn *side = user_data;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *set_snapshot = NULL;
  LoadState state = { 0 };
  gulong cancel_id = 0;
  gboolean ok = FALSE;

  state.cancellable = side->cancellable;
  state.server_version = side->server_version;

  if ((conn = connect_to_server (side->conninfo, side->password, side->cancellable, &side->error)))
    {
      char *literal = PQescapeLiteral (conn, side->snapshot, strlen (side->snapshot));

      state.conn = conn;
      set_snapshot = g_strdup_printf ("SET TRANSACTION SNAPSHOT %s", literal ? literal : "''");
      PQfreemem (literal);

      g_mutex_lock (&side->mutex);
      side->cancel = PQgetCancel (conn);
      g_mutex_unlock (&side->mutex);
      if (side->cancellable != NULL && side->cancel != NULL)
        cancel_id = g_cancellable_connect (side->cancellable, G_CALLBACK (cancelled_cb),
                                           side->cancel, NULL);

      /* The same settings as the first connection, then its snapshot. */
      ok = (res = run_query (&state, query_settings, FALSE, &side->error)) != NULL;
      g_clear_pointer (&res, PQclear);
      ok = ok && (res = run_query (&state, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                                   FALSE, &side->error)) != NULL;
      g_clear_pointer (&res, PQclear);
      ok = ok && (res = run_query (&state, set_snapshot, FALSE, &side->error)) != NULL;
      g_clear_pointer (&res, PQclear);
    }

  g_mutex_lock (&side->mutex);
  side->ready_done = TRUE;
  side->ready_ok = ok;
  g_cond_broadcast (&side->cond);
  g_mutex_unlock (&side->mutex);

  /* The first connection leaves these to this one once it is ready. */
  for (guint i = SIDE_SEQUENCES; ok && i <= SIDE_TYPES; i++)
    ok = (side->result[i] = run_query (&state, side->sql[i], FALSE, &side->error)) != NULL;

  g_mutex_lock (&side->mutex);
  while (ok && side->oids_param == NULL && !side->abandon)
    g_cond_wait (&side->cond, &side->mutex);
  ok = ok && !side->abandon;
  g_mutex_unlock (&side->mutex);

  if (ok)
    {
      state.oids_param = side->oids_param;
      side->result[SIDE_CONSTRAINTS] = run_query (&state, side->sql[SIDE_CONSTRAINTS], TRUE,
                                                  &side->error);
      state.oids_param = NULL;
      if (side->result[SIDE_CONSTRAINTS] != NULL &&
          !(res = run_query (&state, "COMMIT", FALSE, &side->error)))
        g_clear_pointer (&side->result[SIDE_CONSTRAINTS], PQclear);
    }
  if (cancel_id != 0)
    g_cancellable_disconnect (side->cancellable, cancel_id);

  g_mutex_lock (&side->mutex);
  g_clear_pointer (&side->cancel, PQfreeCancel);
  g_mutex_unlock (&side->mutex);
  side->n_queries = state.n_queries;

  return NULL;
}

static SideConn *
side_start (const char   *conninfo,
            const char   *password,
            const char   *snapshot,
            LoadState    *state)
{
  SideConn *side = g_new0 (SideConn, 1);

  side->conninfo = g_strdup (conninfo);
  side->password = g_strdup (password);
  side->snapshot = g_strdup (snapshot);
  side->sql[SIDE_SEQUENCES] = g_strdup (query_sequences);
  side->sql[SIDE_VIEWS] = g_strdup (query_views);
  side->sql[SIDE_TYPES] = g_strdup (query_types);
  side->sql[SIDE_CONSTRAINTS] = constraints_sql (state);
  side->cancellable = state->cancellable ? g_object_ref (state->cancellable) : NULL;
  side->server_version = state->server_version;
  g_mutex_init (&side->mutex);
  g_cond_init (&side->cond);
  side->thread = g_thread_new ("sw-catalog-side", side_thread, side);

  return side;
}

/* Waits until the second connection is in the snapshot; hands it the oids
 * if so. FALSE if it could not get there: the first connection does its work.
 */
static gboolean
side_go (SideConn   *side,
         const char *oids_param)
{
  gboolean ok;

  g_mutex_lock (&side->mutex);
  while (!side->ready_done)
    g_cond_wait (&side->cond, &side->mutex);
  ok = side->ready_ok;
  if (ok)
    side->oids_param = g_strdup (oids_param);
  else
    side->abandon = TRUE;
  g_cond_broadcast (&side->cond);
  g_mutex_unlock (&side->mutex);

  return ok;
}

/* Joins the thread (stopping its query first if @stop) and frees @side. */
static void
side_free (SideConn *side,
           gboolean  stop,
           guint    *n_queries)
{
  g_mutex_lock (&side->mutex);
  side->abandon = TRUE;
  if (stop && side->cancel != NULL)
    {
      char errbuf[256];

      PQcancel (side->cancel, errbuf, sizeof errbuf);
    }
  g_cond_broadcast (&side->cond);
  g_mutex_unlock (&side->mutex);
  if (side->thread != NULL)
    g_thread_join (side->thread);

  *n_queries += side->n_queries;
  for (guint i = 0; i < SIDE_N; i++)
    {
      g_clear_pointer (&side->result[i], PQclear);
      g_free (side->sql[i]);
    }
  g_clear_error (&side->error);
  g_free (side->conninfo);
  if (side->password != NULL)
    explicit_bzero (side->password, strlen (side->password));
  g_free (side->password);
  g_free (side->snapshot);
  g_free (side->oids_param);
  g_clear_object (&side->cancellable);
  g_mutex_clear (&side->mutex);
  g_cond_clear (&side->cond);
  g_free (side);
}

static SwSchema *
load_schema (const char    *conninfo,
             const char    *password,
             guint         *n_queries,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) info = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(SwSchema) schema = NULL;
  g_autofree char *source = NULL;
  PGcancel *cancel = NULL;
  gulong cancel_id = 0;
  gboolean ok = FALSE;
  gboolean has_dist_schema;
  LoadState state = { 0 };

  *n_queries = 0;

  if (!(conn = connect_to_server (conninfo, password, cancellable, error)))
    return NULL;

  state.conn = conn;
  state.cancellable = cancellable;
  state.server_version = PQserverVersion (conn);

  if (state.server_version < MIN_SERVER_VERSION)
    {
      g_autofree char *version = format_server_version (state.server_version);

      g_set_error (error, SW_CATALOG_ERROR, SW_CATALOG_ERROR_UNSUPPORTED_SERVER,
                   "Shardwise needs PostgreSQL 12 or later; this server is %s", version);
      return NULL;
    }

  /* A cancel while a query runs asks the server to stop it; the query then
   * fails and run_query() reports the cancellation.
   */
  if (cancellable != NULL && (cancel = PQgetCancel (conn)) != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), cancel, NULL);

  source = sw_conninfo_describe (conninfo);
  schema = _sw_schema_new (source);
  schema->server_version_num = state.server_version;
  state.schema = schema;
  state.tables_by_oid = g_hash_table_new (NULL, NULL);
  state.column_slots = g_array_new (FALSE, FALSE, sizeof (ColumnSlot));
  state.first_column_slot = g_hash_table_new (NULL, NULL);

  /* As pg_dump does: with an empty search_path every user object the server
   * prints comes out schema-qualified. JIT is off because these queries are
   * costly on paper and cheap in fact: compiling them took most of the time
   * on large schemas (0.8 s of 1.6 s at 2,000 tables). No parallel workers
   * either (see query_settings). Then one snapshot for every query.
   */
  if (!(res = run_query (&state, query_settings, FALSE, error)))
    goto out;
  g_clear_pointer (&res, PQclear);
  if (!(res = run_query (&state, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", FALSE, error)))
    goto out;
  g_clear_pointer (&res, PQclear);

  if (!(info = run_query (&state, query_info, FALSE, error)))
    {
      /* Exporting the snapshot failed: read through this connection alone. */
      if (g_cancellable_is_cancelled (cancellable) || PQstatus (conn) != CONNECTION_OK)
        goto out;
      g_clear_error (error);
      if (!(res = run_query (&state, "ROLLBACK", FALSE, error)))
        goto out;
      g_clear_pointer (&res, PQclear);
      if (!(res = run_query (&state, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                             FALSE, error)))
        goto out;
      g_clear_pointer (&res, PQclear);
      if (!(info = run_query (&state, query_info_no_snapshot, FALSE, error)))
        goto out;
    }
  schema->database_name = dup_str (info, 0, "datname");
  schema->citus_version = dup_str (info, 0, "citus_version");
  has_dist_schema = get_bool (info, 0, "has_dist_schema");
  if (get_str (info, 0, "snapshot") != NULL)
    state.side = side_start (conninfo, password, get_str (info, 0, "snapshot"), &state);

  if (!fetch_tables (&state, error))
    goto out;
  if (state.side != NULL && !side_go (state.side, state.oids_param))
    side_free (g_steal_pointer (&state.side), FALSE, &state.n_queries);

  /* Every other statement depends on nothing but the table oids: send them
   * all, and read their results in the same order while the server runs the
   * ones after.
   */
  if (!begin_pipeline (&state, error) ||
      !send_query (&state, g_strdup (query_columns), TRUE, error) ||
      !send_query (&state, g_strdup (query_stats), TRUE, error) ||
      (state.side == NULL &&
       !send_query (&state, constraints_sql (&state), TRUE, error)) ||
      !send_query (&state, indexes_sql (&state), TRUE, error) ||
      !send_query (&state, triggers_sql (&state), TRUE, error) ||
      !send_query (&state, g_strdup (query_functions), TRUE, error) ||
      !send_query (&state, g_strdup (query_policies), TRUE, error) ||
      (state.side == NULL &&
       !send_query (&state, g_strdup (query_sequences), FALSE, error)) ||
      (state.side == NULL &&
       !send_query (&state, g_strdup (query_views), FALSE, error)) ||
      (state.side == NULL &&
       !send_query (&state, g_strdup (query_types), FALSE, error)) ||
      (schema->citus_version != NULL &&
       !send_query (&state, citus_sql (has_dist_schema), TRUE, error)) ||
      (schema->citus_version != NULL && has_dist_schema &&
       !send_query (&state, g_strdup (query_citus_schemas), FALSE, error)) ||
      !send_query (&state, g_strdup ("COMMIT"), FALSE, error) ||
      !sync_pipeline (&state, error))
    goto out;

  if (!read_tables (&state, error) ||
      !read_columns (&state, error) ||
      !read_stats (&state, error) ||
      !read_constraints (&state, error) ||
      !read_indexes (&state, error) ||
      !read_triggers (&state, error) ||
      !read_functions (&state, error) ||
      !read_policies (&state, error) ||
      !read_sequences (&state, error) ||
      !read_views (&state, error) ||
      !read_types (&state, error))
    goto out;

  if (schema->citus_version != NULL && !read_citus (&state, has_dist_schema, error))
    goto out;

  if (!(res = run_query (&state, "COMMIT", FALSE, error)))
    goto out;

  _sw_schema_finish (schema);
  ok = TRUE;

out:
  if (state.fetch_thread != NULL && cancel != NULL)
    {
      char errbuf[256];

      /* Stopped early: do not wait for the statements still running. */
      PQcancel (cancel, errbuf, sizeof errbuf);
    }
  if (state.results != NULL)
    end_pipeline (&state, NULL);
  g_queue_clear_full (&state.sent, g_free);
  if (state.side != NULL)
    side_free (g_steal_pointer (&state.side), !ok, &state.n_queries);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  g_clear_pointer (&cancel, PQfreeCancel);
  g_clear_pointer (&state.tables_by_oid, g_hash_table_unref);
  g_clear_pointer (&state.column_slots, g_array_unref);
  g_clear_pointer (&state.first_column_slot, g_hash_table_unref);
  g_clear_pointer (&state.oids_param, g_free);
  g_clear_pointer (&state.tables_result, PQclear);
  *n_queries = state.n_queries;

  return ok ? g_steal_pointer (&schema) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SwCatalogReader *self = source_object;
  LoadData *data = task_data;
  GError *error = NULL;
  SwSchema *schema;
  guint n_queries = 0;

  schema = load_schema (data->conninfo, data->password, &n_queries, cancellable, &error);
  g_atomic_int_set ((gint *)&self->query_count, (gint)n_queries);

  if (schema == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, schema, g_object_unref);
}

static void
sw_catalog_reader_finalize (GObject *object)
{
  SwCatalogReader *self = (SwCatalogReader *)object;

  g_clear_pointer (&self->conninfo, g_free);
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);

  G_OBJECT_CLASS (sw_catalog_reader_parent_class)->finalize (object);
}

static void
sw_catalog_reader_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SwCatalogReader *self = SW_CATALOG_READER (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_catalog_reader_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SwCatalogReader *self = SW_CATALOG_READER (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_free (self->conninfo);
      self->conninfo = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_catalog_reader_class_init (SwCatalogReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_catalog_reader_finalize;
  object_class->get_property = sw_catalog_reader_get_property;
  object_class->set_property = sw_catalog_reader_set_property;

  /**
   * SwCatalogReader:conninfo:
   *
   * The libpq conninfo or URI to read from. It may hold a password; the
   * schema and every message use sw_conninfo_describe() instead.
   */
  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_catalog_reader_init (SwCatalogReader *self)
{
}

/**
 * sw_catalog_reader_new:
 * @conninfo: a libpq conninfo string or URI; an empty string uses the PG*
 *   environment variables as psql does
 *
 * Returns: (transfer full): a new #SwCatalogReader
 */
SwCatalogReader *
sw_catalog_reader_new (const char *conninfo)
{
  return g_object_new (SW_TYPE_CATALOG_READER,
                       "conninfo", conninfo ? conninfo : "",
                       NULL);
}

/**
 * sw_catalog_reader_get_conninfo:
 * @self: a #SwCatalogReader
 *
 * Returns: (transfer none): the conninfo, as given (it may hold a password)
 */
const char *
sw_catalog_reader_get_conninfo (SwCatalogReader *self)
{
  g_return_val_if_fail (SW_IS_CATALOG_READER (self), NULL);

  return self->conninfo;
}

/**
 * sw_catalog_reader_set_password:
 * @self: a #SwCatalogReader
 * @password: (nullable): a password, for example from the keyring
 *
 * Supplies a password that is passed to libpq on connecting, taking
 * precedence over one in the conninfo. It is never stored in the schema.
 */
void
sw_catalog_reader_set_password (SwCatalogReader *self,
                                const char      *password)
{
  g_return_if_fail (SW_IS_CATALOG_READER (self));

  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

/**
 * sw_catalog_reader_get_query_count:
 * @self: a #SwCatalogReader
 *
 * The number of statements the last load sent to the server (SET and
 * transaction statements included). It does not depend on the number of
 * tables.
 *
 * Returns: the number of statements, 0 before any load
 */
guint
sw_catalog_reader_get_query_count (SwCatalogReader *self)
{
  g_return_val_if_fail (SW_IS_CATALOG_READER (self), 0);

  return (guint)g_atomic_int_get ((gint *)&self->query_count);
}

/**
 * sw_catalog_reader_load_sync:
 * @self: a #SwCatalogReader
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Connects, reads the schema and disconnects, blocking the calling thread.
 *
 * Returns: (transfer full): the schema, or %NULL with @error set
 *   (%SW_CATALOG_ERROR or %G_IO_ERROR_CANCELLED)
 */
SwSchema *
sw_catalog_reader_load_sync (SwCatalogReader  *self,
                             GCancellable     *cancellable,
                             GError          **error)
{
  SwSchema *schema;
  guint n_queries = 0;

  g_return_val_if_fail (SW_IS_CATALOG_READER (self), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  schema = load_schema (self->conninfo, self->password, &n_queries, cancellable, error);
  g_atomic_int_set ((gint *)&self->query_count, (gint)n_queries);

  return schema;
}

/**
 * sw_catalog_reader_load_async:
 * @self: a #SwCatalogReader
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the schema is read
 * @user_data: data for @callback
 *
 * Reads the schema in a worker thread with its own connection.
 */
void
sw_catalog_reader_load_async (SwCatalogReader     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_CATALOG_READER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_catalog_reader_load_async);
  g_task_set_task_data (task, load_data_new (self->conninfo, self->password), load_data_free);
  /* The worker checks the cancellable itself, and cancels queries in flight. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

/**
 * sw_catalog_reader_load_finish:
 * @self: a #SwCatalogReader
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the schema, or %NULL with @error set
 */
SwSchema *
sw_catalog_reader_load_finish (SwCatalogReader  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SW_IS_CATALOG_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_catalog_reader_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sw_conninfo_describe:
 * @conninfo: (nullable): a libpq conninfo string or URI
 *
 * Describes where @conninfo points, without its password, for titles, logs
 * and #SwSchema's source: `user@host:port/dbname`. Parts the string leaves
 * out come from the PG* environment variables and libpq's defaults.
 *
 * Returns: (transfer full): the description
 */
char *
sw_conninfo_describe (const char *conninfo)
{
  PQconninfoOption *options;
  PQconninfoOption *defaults;
  const char *user;
  const char *host;
  const char *port;
  const char *dbname;
  const char *service;
  g_autofree char *host_part = NULL;
  char *ret;

  if (!(options = PQconninfoParse (conninfo ? conninfo : "", NULL)))
    return g_strdup ("(invalid connection string)");
  defaults = PQconndefaults ();

  service = get_option (options, "service");
  user = get_option (options, "user");
  if (user == NULL)
    user = get_option (defaults, "user");
  host = get_option (options, "host");
  if (host == NULL)
    host = get_option (options, "hostaddr");
  if (host == NULL)
    host = get_option (defaults, "host");
  if (host == NULL)
    host = get_option (defaults, "hostaddr");
  port = get_option (options, "port");
  if (port == NULL)
    port = get_option (defaults, "port");
  dbname = get_option (options, "dbname");
  if (dbname == NULL)
    dbname = get_option (defaults, "dbname");
  if (dbname == NULL)
    dbname = user;

  if (host == NULL)
    host_part = g_strdup ("localhost");
  else if (strchr (host, ':') != NULL && strchr (host, ',') == NULL)
    host_part = g_strdup_printf ("[%s]", host);
  else
    host_part = g_strdup (host);

  if (service != NULL && get_option (options, "host") == NULL)
    ret = g_strdup_printf ("service=%s", service);
  else
    ret = g_strdup_printf ("%s%s%s:%s/%s",
                           user ? user : "",
                           user ? "@" : "",
                           host_part,
                           port ? port : "5432",
                           dbname ? dbname : "");

  PQconninfoFree (options);
  PQconninfoFree (defaults);

  return ret;
}
