/* sw-shard-balance.c
 *
 * Shard-balance preview: before a table is distributed (or after), how its
 * rows and bytes would spread over shards and nodes. The distribution
 * column is sampled live (TABLESAMPLE, or every row of a small table), each
 * value is hashed offline with Citus's hash (sw-hash), and the sample is
 * projected onto the whole table:
 *  - live ranges: when the table, or the table it is colocated with, is
 *    already hash-distributed, its pg_dist_shard ranges and placements;
 *  - otherwise equal int32 ranges for the shard count, placed round-robin
 *    over the nodes as Citus's CreateShardsWithRoundRobinPolicy does (shard
 *    i on node i mod n, the nodes that should have shards sorted by name then
 *    port); on plain PostgreSQL the nodes are labels (or the caller's names).
 * Rows per shard scale the sample to the table's row estimate; bytes per
 * shard share the table's total size (indexes and TOAST included) by the
 * sampled rows' sizes, so wide rows weigh more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-shard-balance"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-pg-connect.h"
#include "sw-engine-autocleanups.h"
#include "sw-hash.h"
#include "sw-identifier.h"
#include "sw-shard-balance.h"

/* Offline, the default cluster of design.md: two workers hold the shards
 * (the coordinator is in the metadata without shards).
 */
#define DEFAULT_WORKER_COUNT 2

/* Past this many times the sample size, BERNOULLI's full read costs too much. */
#define BERNOULLI_MAX_FACTOR 100

typedef struct
{
  GArray                 *shards;   /* SwShardBalanceShard */
  GArray                 *nodes;    /* SwShardBalanceNode */
  SwShardBalanceSampling  sampling;
  gboolean                live_ranges;
  guint64                 sampled;
  guint64                 null_rows;
  double                  total_rows;
  double                  total_bytes;
} Projection;

typedef struct
{
  char                   *table;
  char                   *column;
  char                   *colocate_with;
  char                  **nodes;
  char                   *password;   /* for sw_shard_balance_load_async() */
  guint                   shard_count;
  guint                   sample_rows;
  SwShardBalanceSampling  sampling;
} Settings;

struct _SwShardBalance
{
  GObject     parent_instance;

  Settings    settings;
  Projection *projection;
};

G_DEFINE_FINAL_TYPE (SwShardBalance, sw_shard_balance, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-shard-balance-error-quark, sw_shard_balance_error)

typedef struct
{
  PGcancel *cancel;
  gint      cancelled;
} CancelState;

static void
shard_clear (SwShardBalanceShard *shard)
{
  g_free (shard->node);
}

static void
node_clear (SwShardBalanceNode *node)
{
  g_free (node->name);
}

static Projection *
projection_new (void)
{
  Projection *p = g_new0 (Projection, 1);

  p->shards = g_array_new (FALSE, TRUE, sizeof (SwShardBalanceShard));
  g_array_set_clear_func (p->shards, (GDestroyNotify) shard_clear);
  p->nodes = g_array_new (FALSE, TRUE, sizeof (SwShardBalanceNode));
  g_array_set_clear_func (p->nodes, (GDestroyNotify) node_clear);
  return p;
}

static void
projection_free (Projection *p)
{
  g_array_unref (p->shards);
  g_array_unref (p->nodes);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Projection, projection_free)

static void
settings_copy (const Settings *from,
               Settings       *to)
{
  to->table = g_strdup (from->table);
  to->column = g_strdup (from->column);
  to->colocate_with = g_strdup (from->colocate_with);
  to->nodes = g_strdupv (from->nodes);
  to->password = g_strdup (from->password);
  to->shard_count = from->shard_count;
  to->sample_rows = from->sample_rows;
  to->sampling = from->sampling;
}

static void
settings_clear (Settings *s)
{
  g_clear_pointer (&s->table, g_free);
  g_clear_pointer (&s->column, g_free);
  g_clear_pointer (&s->colocate_with, g_free);
  g_clear_pointer (&s->nodes, g_strfreev);
  _sw_password_clear (&s->password);
}

static void
cancelled_cb (GCancellable *cancellable,
              CancelState  *state)
{
  char errbuf[256];

  g_atomic_int_set (&state->cancelled, 1);
  if (state->cancel != NULL && !PQcancel (state->cancel, errbuf, sizeof errbuf))
    g_debug ("Could not send the cancel request: %s", errbuf);
}

static PGresult *
query (PGconn      *conn,
       const char  *sql,
       int          n_params,
       const char **params,
       GError     **error)
{
  PGresult *res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR,
                   PQstatus (conn) == CONNECTION_OK ? SW_SHARD_BALANCE_ERROR_QUERY
                                                    : SW_SHARD_BALANCE_ERROR_CONNECT,
                   _("Could not read the table's sample: %s"), PQerrorMessage (conn));
      PQclear (res);
      return NULL;
    }
  return res;
}

/* The table as SQL, quoted: "schema"."name", or "name" resolved by search_path. */
static char *
quote_table (const char  *qualified,
             GError     **error)
{
  g_autofree char *schema = NULL;
  g_autofree char *name = NULL;

  if (!sw_split_qualified_name (qualified, &schema, &name))
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_TABLE,
                   _("“%s” is not a table name"), qualified);
      return NULL;
    }
  if (schema == NULL)
    return sw_quote_identifier (name);
  return sw_quote_qualified_name (schema, name);
}

/* The hash-distributed table whose ranges apply, or NULL. */
static char *
find_range_table (PGconn      *conn,
                  const char  *table_sql,
                  const char  *colocate_sql,
                  GError     **error)
{
  const char *candidates[2] = { table_sql, colocate_sql };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(PGresult) res = NULL;
      const char *params[1] = { candidates[i] };

      if (candidates[i] == NULL)
        continue;
      res = query (conn,
                   "SELECT p.logicalrelid::pg_catalog.oid::pg_catalog.text FROM pg_catalog.pg_dist_partition p "
                   " WHERE p.logicalrelid = pg_catalog.to_regclass($1) AND p.partmethod = 'h'",
                   1, params, error);
      if (res == NULL)
        return NULL;
      if (PQntuples (res) == 1)
        return g_strdup (PQgetvalue (res, 0, 0));
    }
  return NULL;
}

static gboolean
load_live_ranges (PGconn      *conn,
                  const char  *relid,
                  Projection  *p,
                  GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[1] = { relid };

  res = query (conn,
               "SELECT s.shardid, s.shardminvalue, s.shardmaxvalue, "
               "       (SELECT n.nodename || ':' || n.nodeport "
               "          FROM pg_catalog.pg_dist_placement pl "
               "          JOIN pg_catalog.pg_dist_node n ON n.groupid = pl.groupid "
               "         WHERE pl.shardid = s.shardid AND n.noderole = 'primary' "
               "         ORDER BY n.nodeid LIMIT 1) "
               "  FROM pg_catalog.pg_dist_shard s "
               " WHERE s.logicalrelid = $1::pg_catalog.oid "
               " ORDER BY s.shardminvalue::pg_catalog.int4, s.shardid",
               1, params, error);
  if (res == NULL)
    return FALSE;

  for (int i = 0; i < PQntuples (res); i++)
    {
      SwShardBalanceShard shard = { 0 };

      shard.index = (guint) i;
      shard.shard_id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
      shard.min_value = (gint32) g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10);
      shard.max_value = (gint32) g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
      shard.node = PQgetisnull (res, i, 3) ? g_strdup (_("no placement")) : g_strdup (PQgetvalue (res, i, 3));
      g_array_append_val (p->shards, shard);
    }
  p->live_ranges = p->shards->len > 0;
  return TRUE;
}

/* The nodes Citus would put new shards on, in its placement order. */
static GStrv
load_placement_nodes (PGconn  *conn,
                      GError **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  res = query (conn,
               "SELECT n.nodename || ':' || n.nodeport FROM pg_catalog.pg_dist_node n "
               " WHERE n.isactive AND n.noderole = 'primary' AND n.shouldhaveshards "
               " ORDER BY n.nodename COLLATE \"C\", n.nodeport",
               0, NULL, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_strv_builder_add (builder, PQgetvalue (res, i, 0));
  return g_strv_builder_end (builder);
}

static void
make_equal_ranges (Projection         *p,
                   guint               shard_count,
                   const char * const *nodes)
{
  guint n_nodes = g_strv_length ((char **) nodes);

  for (guint i = 0; i < shard_count; i++)
    {
      SwShardBalanceShard shard = { 0 };

      shard.index = i;
      shard.shard_id = i;
      sw_hash_shard_bounds (i, shard_count, &shard.min_value, &shard.max_value);
      shard.node = g_strdup (nodes[i % n_nodes]);
      g_array_append_val (p->shards, shard);
    }
}

static void
add_node_names (Projection         *p,
                const char * const *order)
{
  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      SwShardBalanceNode node = { g_strdup (order[i]), 0, 0, 0 };

      g_array_append_val (p->nodes, node);
    }
  for (guint s = 0; s < p->shards->len; s++)
    {
      const char *name = g_array_index (p->shards, SwShardBalanceShard, s).node;
      gboolean found = FALSE;

      for (guint n = 0; n < p->nodes->len && !found; n++)
        found = g_str_equal (g_array_index (p->nodes, SwShardBalanceNode, n).name, name);
      if (!found)
        {
          SwShardBalanceNode node = { g_strdup (name), 0, 0, 0 };

          g_array_append_val (p->nodes, node);
        }
    }
}

static const char *
sampling_clause (SwShardBalanceSampling sampling)
{
  switch (sampling)
    {
    case SW_SHARD_BALANCE_SAMPLING_BERNOULLI: return "BERNOULLI";
    case SW_SHARD_BALANCE_SAMPLING_SYSTEM: return "SYSTEM";
    case SW_SHARD_BALANCE_SAMPLING_AUTO:
    case SW_SHARD_BALANCE_SAMPLING_FULL:
    default: return NULL;
    }
}

/* Reads the sample in single-row mode (a large table's sample never sits in
 * memory whole) and counts rows and bytes per shard.
 */
static gboolean
read_sample (PGconn        *conn,
             const char    *sql,
             SwHashType     hash_type,
             GHashTable    *enum_oids,
             Projection    *p,
             double        *shard_bytes,
             double        *sample_bytes,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GArray) ranges = g_array_sized_new (FALSE, FALSE, sizeof (SwShardRange), p->shards->len);
  CancelState state = { NULL, 0 };
  gulong handler = 0;
  GError *row_error = NULL;
  gboolean stopped = FALSE;
  PGresult *res;

  for (guint i = 0; i < p->shards->len; i++)
    {
      const SwShardBalanceShard *shard = &g_array_index (p->shards, SwShardBalanceShard, i);
      SwShardRange range = { shard->shard_id, shard->min_value, shard->max_value };

      g_array_append_val (ranges, range);
    }

  state.cancel = PQgetCancel (conn);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), &state, NULL);

  if (!PQsendQueryParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0))
    row_error = g_error_new (SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_CONNECT,
                             _("Could not read the table's sample: %s"), PQerrorMessage (conn));
  else
    {
      PQsetSingleRowMode (conn);
      while ((res = PQgetResult (conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (res);

          if (status == PGRES_SINGLE_TUPLE && !stopped)
            {
              double size = g_ascii_strtod (PQgetvalue (res, 0, 1), NULL);

              p->sampled++;
              *sample_bytes += size;
              if (PQgetisnull (res, 0, 0))
                p->null_rows++;
              else
                {
                  const char *value = PQgetvalue (res, 0, 0);
                  gint32 hash;
                  int shard;

                  if (enum_oids != NULL)
                    {
                      value = g_hash_table_lookup (enum_oids, value);
                      g_assert (value != NULL);
                    }
                  if (!sw_hash_value (hash_type, value, &hash, &row_error))
                    {
                      char errbuf[256];

                      g_prefix_error (&row_error, _("A value of the distribution column cannot be hashed: "));
                      stopped = TRUE;
                      PQcancel (state.cancel, errbuf, sizeof errbuf);
                    }
                  else if ((shard = sw_hash_find_shard ((const SwShardRange *) (void *) ranges->data,
                                                        ranges->len, hash)) < 0)
                    {
                      char errbuf[256];

                      row_error = g_error_new (SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_INVALID_VALUE,
                                               _("No shard covers the hash %d of “%s”: the shard ranges leave a gap"),
                                               hash, PQgetvalue (res, 0, 0));
                      stopped = TRUE;
                      PQcancel (state.cancel, errbuf, sizeof errbuf);
                    }
                  else
                    {
                      g_array_index (p->shards, SwShardBalanceShard, shard).sampled_rows++;
                      shard_bytes[shard] += size;
                    }
                }
            }
          else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && row_error == NULL &&
                   !g_atomic_int_get (&state.cancelled))
            row_error = g_error_new (SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_QUERY,
                                     _("Could not read the table's sample: %s"),
                                     PQresultErrorMessage (res));
          PQclear (res);
        }
    }

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  g_clear_pointer (&state.cancel, PQfreeCancel);

  if (g_atomic_int_get (&state.cancelled))
    {
      g_clear_error (&row_error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sample was cancelled"));
      return FALSE;
    }
  if (row_error != NULL)
    {
      g_propagate_error (error, row_error);
      return FALSE;
    }
  return TRUE;
}

static Projection *
project (const Settings  *s,
         PGconn          *conn,
         GCancellable    *cancellable,
         GError         **error)
{
  g_autoptr(Projection) p = projection_new ();
  g_autoptr(PGresult) meta = NULL;
  g_autoptr(GHashTable) enum_oids = NULL;
  g_autofree char *table_sql = NULL;
  g_autofree char *colocate_sql = NULL;
  g_autofree char *column_sql = NULL;
  g_autofree char *range_relid = NULL;
  g_autofree double *shard_bytes = NULL;
  g_autofree char *sample_sql = NULL;
  g_auto(GStrv) placement_nodes = NULL;
  g_auto(GStrv) labels = NULL;
  const char *params[2];
  const char * const *nodes;
  SwHashType hash_type;
  gboolean citus, distributed;
  double reltuples, rel_bytes, est_rows, fraction = 1.0, sample_bytes = 0;
  SwShardBalanceSampling sampling;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  table_sql = quote_table (s->table, error);
  if (table_sql == NULL)
    return NULL;
  if (s->colocate_with != NULL && (colocate_sql = quote_table (s->colocate_with, error)) == NULL)
    return NULL;
  column_sql = sw_quote_identifier (s->column);

  /* Values in a text form sw-hash reads, whatever the session's settings. */
  {
    g_autoptr(PGresult) res = NULL;

    res = PQexec (conn, "BEGIN READ ONLY; SET LOCAL datestyle TO ISO; SET LOCAL timezone TO 'UTC'; "
                        "SET LOCAL bytea_output TO hex");
    if (PQresultStatus (res) != PGRES_COMMAND_OK)
      {
        g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_CONNECT,
                     _("Could not start a read-only transaction: %s"), PQerrorMessage (conn));
        return NULL;
      }
  }

  params[0] = table_sql;
  params[1] = s->column;
  meta = query (conn,
                "SELECT a.attname IS NOT NULL, "
                "       pg_catalog.format_type(COALESCE(NULLIF(t.typbasetype, 0), a.atttypid), NULL), "
                "       COALESCE(bt.typtype, t.typtype) = 'e', "
                "       COALESCE(NULLIF(t.typbasetype, 0), a.atttypid), "
                "       COALESCE(co.collisdeterministic, true), "
                "       c.reltuples::pg_catalog.float8, "
                "       CASE WHEN c.relkind = 'p' THEN (SELECT pg_catalog.sum(pg_catalog.pg_relation_size(r.relid)) "
                "                                         FROM pg_catalog.pg_partition_tree(c.oid) r) "
                "            ELSE pg_catalog.pg_relation_size(c.oid) END, "
                "       CASE WHEN c.relkind = 'p' THEN (SELECT pg_catalog.sum(pg_catalog.pg_total_relation_size(r.relid)) "
                "                                         FROM pg_catalog.pg_partition_tree(c.oid) r) "
                "            ELSE pg_catalog.pg_total_relation_size(c.oid) END, "
                "       pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL "
                "  FROM pg_catalog.pg_class c "
                "  LEFT JOIN pg_catalog.pg_attribute a "
                "    ON a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped "
                "  LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                "  LEFT JOIN pg_catalog.pg_type bt ON bt.oid = NULLIF(t.typbasetype, 0) "
                "  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
                " WHERE c.oid = pg_catalog.to_regclass($1) AND c.relkind IN ('r', 'p', 'm', 'f')",
                2, params, error);
  if (meta == NULL)
    return NULL;
  if (PQntuples (meta) != 1)
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_TABLE,
                   _("The table %s does not exist"), s->table);
      return NULL;
    }
  if (g_strcmp0 (PQgetvalue (meta, 0, 0), "t") != 0)
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_NO_COLUMN,
                   _("The table %s has no column “%s”"), s->table, s->column);
      return NULL;
    }
  if (g_str_equal (PQgetvalue (meta, 0, 2), "t"))
    {
      g_autoptr(PGresult) res = NULL;
      const char *type_param[1] = { PQgetvalue (meta, 0, 3) };

      /* hashenum hashes the label's pg_enum oid. */
      hash_type = SW_HASH_TYPE_OID;
      res = query (conn, "SELECT e.enumlabel, e.oid FROM pg_catalog.pg_enum e WHERE e.enumtypid = $1::pg_catalog.oid",
                   1, type_param, error);
      if (res == NULL)
        return NULL;
      enum_oids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (int i = 0; i < PQntuples (res); i++)
        g_hash_table_insert (enum_oids, g_strdup (PQgetvalue (res, i, 0)), g_strdup (PQgetvalue (res, i, 1)));
    }
  else if (!sw_hash_type_from_name (PQgetvalue (meta, 0, 1), &hash_type))
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_UNSUPPORTED_TYPE,
                   _("Shardwise cannot hash the type %s of %s.%s"),
                   PQgetvalue (meta, 0, 1), s->table, s->column);
      return NULL;
    }
  if (g_str_equal (PQgetvalue (meta, 0, 4), "f"))
    {
      g_set_error (error, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_UNSUPPORTED_TYPE,
                   _("%s.%s has a nondeterministic collation, which Citus cannot distribute by"),
                   s->table, s->column);
      return NULL;
    }

  reltuples = g_ascii_strtod (PQgetvalue (meta, 0, 5), NULL);
  rel_bytes = g_ascii_strtod (PQgetvalue (meta, 0, 6), NULL);
  p->total_bytes = g_ascii_strtod (PQgetvalue (meta, 0, 7), NULL);
  citus = g_str_equal (PQgetvalue (meta, 0, 8), "t");
  distributed = FALSE;

  /* Shards and nodes. */
  if (citus)
    {
      GError *local_error = NULL;

      range_relid = find_range_table (conn, table_sql, colocate_sql, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (range_relid != NULL && !load_live_ranges (conn, range_relid, p, error))
        return NULL;
      if (!p->live_ranges)
        {
          placement_nodes = load_placement_nodes (conn, error);
          if (placement_nodes == NULL)
            return NULL;
        }

      /* On a coordinator, a distributed table's rows and size are in its shards. */
      {
        g_autofree char *own = find_range_table (conn, table_sql, NULL, &local_error);
        g_autoptr(PGresult) res = NULL;
        const char *rel_param[1] = { table_sql };

        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            return NULL;
          }
        distributed = own != NULL;
        if (distributed)
          {
            res = query (conn,
                         "SELECT pg_catalog.citus_total_relation_size(pg_catalog.to_regclass($1)), "
                         "       (SELECT CASE WHEN pg_catalog.bool_and(r.success AND r.result::pg_catalog.float8 >= 0) "
                         "                    THEN pg_catalog.sum(r.result::pg_catalog.float8) ELSE -1 END "
                         "          FROM pg_catalog.run_command_on_shards(pg_catalog.to_regclass($1), "
                         "                 $$SELECT reltuples FROM pg_catalog.pg_class WHERE oid = '%s'::pg_catalog.regclass$$) r), "
                         "       pg_catalog.citus_relation_size(pg_catalog.to_regclass($1))",
                         1, rel_param, error);
            if (res == NULL)
              return NULL;
            p->total_bytes = g_ascii_strtod (PQgetvalue (res, 0, 0), NULL);
            reltuples = PQgetisnull (res, 0, 1) ? -1 : g_ascii_strtod (PQgetvalue (res, 0, 1), NULL);
            rel_bytes = g_ascii_strtod (PQgetvalue (res, 0, 2), NULL);
          }
      }
    }

  if (!p->live_ranges)
    {
      if (placement_nodes != NULL && placement_nodes[0] != NULL)
        nodes = (const char * const *) placement_nodes;
      else if (s->nodes != NULL && s->nodes[0] != NULL)
        nodes = (const char * const *) s->nodes;
      else
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint i = 0; i < DEFAULT_WORKER_COUNT; i++)
            {
              g_autofree char *label = g_strdup_printf (_("worker %u"), i + 1);

              g_strv_builder_add (builder, label);
            }
          labels = g_strv_builder_end (builder);
          nodes = (const char * const *) labels;
        }
      make_equal_ranges (p, s->shard_count, nodes);
      add_node_names (p, nodes);
    }
  else
    add_node_names (p, NULL);

  /* How much to read: a never-analysed table (reltuples -1) is sized by its
   * pages, at a conservative 64 bytes a row.
   */
  est_rows = reltuples >= 0 ? reltuples : rel_bytes / 64.0;
  sampling = s->sampling;
  if (sampling == SW_SHARD_BALANCE_SAMPLING_AUTO)
    {
      if (est_rows <= s->sample_rows)
        sampling = SW_SHARD_BALANCE_SAMPLING_FULL;
      else if (est_rows <= (double) s->sample_rows * BERNOULLI_MAX_FACTOR)
        sampling = SW_SHARD_BALANCE_SAMPLING_BERNOULLI;
      else
        sampling = SW_SHARD_BALANCE_SAMPLING_SYSTEM;
    }
  p->sampling = sampling;

  if (sampling == SW_SHARD_BALANCE_SAMPLING_FULL)
    sample_sql = g_strdup_printf ("SELECT t.%s, pg_catalog.pg_column_size(t.*) FROM %s t",
                                  column_sql, table_sql);
  else
    {
      char percent[G_ASCII_DTOSTR_BUF_SIZE];

      fraction = est_rows > 0 ? MIN (1.0, (double) s->sample_rows / est_rows) : 1.0;
      g_ascii_formatd (percent, sizeof percent, "%.6f", fraction * 100.0);
      /* REPEATABLE: the same table gives the same preview. */
      sample_sql = g_strdup_printf ("SELECT t.%s, pg_catalog.pg_column_size(t.*) FROM %s t "
                                    "TABLESAMPLE %s (%s) REPEATABLE (0)",
                                    column_sql, table_sql, sampling_clause (sampling), percent);
    }

  shard_bytes = g_new0 (double, p->shards->len);
  ok = read_sample (conn, sample_sql, hash_type, enum_oids, p, shard_bytes, &sample_bytes,
                    cancellable, error);
  g_clear_pointer (&meta, PQclear);
  meta = PQexec (conn, "ROLLBACK");
  if (!ok)
    return NULL;

  /* Scale the sample to the table. */
  if (sampling == SW_SHARD_BALANCE_SAMPLING_FULL)
    p->total_rows = p->sampled;
  else if (reltuples > 0)
    p->total_rows = reltuples;
  else
    p->total_rows = p->sampled / fraction;

  for (guint i = 0; i < p->shards->len; i++)
    {
      SwShardBalanceShard *shard = &g_array_index (p->shards, SwShardBalanceShard, i);

      shard->rows = p->sampled > 0 ? shard->sampled_rows * (p->total_rows / p->sampled) : 0;
      shard->bytes = sample_bytes > 0 ? p->total_bytes * (shard_bytes[i] / sample_bytes) : 0;
      for (guint n = 0; n < p->nodes->len; n++)
        {
          SwShardBalanceNode *node = &g_array_index (p->nodes, SwShardBalanceNode, n);

          if (g_str_equal (node->name, shard->node))
            {
              node->n_shards++;
              node->rows += shard->rows;
              node->bytes += shard->bytes;
              break;
            }
        }
    }

  return g_steal_pointer (&p);
}

static void
sw_shard_balance_finalize (GObject *object)
{
  SwShardBalance *self = SW_SHARD_BALANCE (object);

  settings_clear (&self->settings);
  g_clear_pointer (&self->projection, projection_free);

  G_OBJECT_CLASS (sw_shard_balance_parent_class)->finalize (object);
}

static void
sw_shard_balance_class_init (SwShardBalanceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_shard_balance_finalize;
}

static void
sw_shard_balance_init (SwShardBalance *self)
{
  self->settings.shard_count = 32;
  self->settings.sample_rows = SW_SHARD_BALANCE_DEFAULT_SAMPLE_ROWS;
  self->settings.sampling = SW_SHARD_BALANCE_SAMPLING_AUTO;
}

/**
 * sw_shard_balance_new:
 * @qualified_table: the table, as plans spell it (`public.orders`)
 * @column: the distribution column (its name, unquoted)
 *
 * A preview of distributing @qualified_table by @column; sw_shard_balance_load()
 * computes it.
 *
 * Returns: (transfer full): a new #SwShardBalance
 */
SwShardBalance *
sw_shard_balance_new (const char *qualified_table,
                      const char *column)
{
  SwShardBalance *self;

  g_return_val_if_fail (qualified_table != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  self = g_object_new (SW_TYPE_SHARD_BALANCE, NULL);
  self->settings.table = g_strdup (qualified_table);
  self->settings.column = g_strdup (column);
  return self;
}

const char *
sw_shard_balance_get_table (SwShardBalance *self)
{
  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), NULL);
  return self->settings.table;
}

const char *
sw_shard_balance_get_column (SwShardBalance *self)
{
  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), NULL);
  return self->settings.column;
}

/**
 * sw_shard_balance_set_shard_count:
 * @self: a #SwShardBalance
 * @shard_count: the shard count when no live ranges apply (default 32)
 */
void
sw_shard_balance_set_shard_count (SwShardBalance *self,
                                  guint           shard_count)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  g_return_if_fail (shard_count > 0 && shard_count <= 64000);
  self->settings.shard_count = shard_count;
}

guint
sw_shard_balance_get_shard_count (SwShardBalance *self)
{
  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), 0);
  return self->settings.shard_count;
}

/**
 * sw_shard_balance_set_colocate_with:
 * @self: a #SwShardBalance
 * @qualified_table: (nullable): a table the plan colocates this one with;
 *   when it is already distributed on the cluster, its shards are used
 */
void
sw_shard_balance_set_colocate_with (SwShardBalance *self,
                                    const char     *qualified_table)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  g_free (self->settings.colocate_with);
  self->settings.colocate_with = g_strdup (qualified_table);
}

/**
 * sw_shard_balance_set_nodes:
 * @self: a #SwShardBalance
 * @nodes: (nullable) (array zero-terminated=1): the names of the nodes that
 *   would hold shards, in Citus's order, when the database is not a Citus
 *   coordinator; %NULL for two workers
 */
void
sw_shard_balance_set_nodes (SwShardBalance     *self,
                            const char * const *nodes)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  g_strfreev (self->settings.nodes);
  self->settings.nodes = g_strdupv ((char **) nodes);
}

/**
 * sw_shard_balance_set_sampling:
 * @self: a #SwShardBalance
 * @sampling: how to read the column (default: automatic)
 */
void
sw_shard_balance_set_sampling (SwShardBalance         *self,
                               SwShardBalanceSampling  sampling)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  self->settings.sampling = sampling;
}

/**
 * sw_shard_balance_set_sample_rows:
 * @self: a #SwShardBalance
 * @sample_rows: about how many rows to sample
 */
void
sw_shard_balance_set_sample_rows (SwShardBalance *self,
                                  guint           sample_rows)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  g_return_if_fail (sample_rows > 0);
  self->settings.sample_rows = sample_rows;
}

/**
 * sw_shard_balance_load:
 * @self: a #SwShardBalance
 * @conn: a connection to the database that holds the table (plain
 *   PostgreSQL, or a Citus coordinator)
 * @cancellable: (nullable): cancelling it cancels the sample on the server
 * @error: return location for a #GError
 *
 * Samples the column and computes the projection. Runs in its own READ ONLY
 * transaction on @conn, which must be idle. Blocks.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_shard_balance_load (SwShardBalance  *self,
                       PGconn          *conn,
                       GCancellable    *cancellable,
                       GError         **error)
{
  Projection *p;

  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), FALSE);
  g_return_val_if_fail (conn != NULL, FALSE);

  p = project (&self->settings, conn, cancellable, error);
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    PQclear (PQexec (conn, "ROLLBACK"));
  if (p == NULL)
    return FALSE;
  g_clear_pointer (&self->projection, projection_free);
  self->projection = p;
  return TRUE;
}

typedef struct
{
  char     *conninfo;
  Settings  settings;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->conninfo);
  settings_clear (&data->settings);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  Projection *p;

  if (g_task_return_error_if_cancelled (task))
    return;

  conn = _sw_pg_connect (data->conninfo, data->settings.password, "shardwise", &message);
  if (conn == NULL)
    {
      g_task_return_new_error (task, SW_SHARD_BALANCE_ERROR, SW_SHARD_BALANCE_ERROR_CONNECT,
                               _("Could not connect to the database: %s"), message);
      return;
    }

  p = project (&data->settings, conn, cancellable, &error);
  if (p == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, p, (GDestroyNotify) projection_free);
}

/**
 * sw_shard_balance_set_password:
 * @self: a #SwShardBalance
 * @password: (nullable): the password sw_shard_balance_load_async() connects
 *   with, kept apart from the conninfo so that it never shows in messages;
 *   %NULL to leave it to libpq (.pgpass, PGPASSWORD, a service file)
 */
void
sw_shard_balance_set_password (SwShardBalance *self,
                               const char     *password)
{
  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  _sw_password_replace (&self->settings.password, password);
}

/**
 * sw_shard_balance_load_async:
 * @self: a #SwShardBalance
 * @conninfo: the database's libpq connection string
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * sw_shard_balance_load() on its own connection, in a thread, with the
 * settings @self has now (the password of sw_shard_balance_set_password()
 * included).
 */
void
sw_shard_balance_load_async (SwShardBalance      *self,
                             const char          *conninfo,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (SW_IS_SHARD_BALANCE (self));
  g_return_if_fail (conninfo != NULL);

  data = g_new0 (LoadData, 1);
  data->conninfo = g_strdup (conninfo);
  settings_copy (&self->settings, &data->settings);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_shard_balance_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
sw_shard_balance_load_finish (SwShardBalance  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Projection *p;

  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  p = g_task_propagate_pointer (G_TASK (result), error);
  if (p == NULL)
    return FALSE;
  g_clear_pointer (&self->projection, projection_free);
  self->projection = p;
  return TRUE;
}

gboolean
sw_shard_balance_is_loaded (SwShardBalance *self)
{
  g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), FALSE);
  return self->projection != NULL;
}

#define RETURN_IF_NOT_LOADED(val) \
  G_STMT_START { \
    g_return_val_if_fail (SW_IS_SHARD_BALANCE (self), val); \
    g_return_val_if_fail (self->projection != NULL, val); \
  } G_STMT_END

/**
 * sw_shard_balance_get_sampling_used:
 * @self: a loaded #SwShardBalance
 *
 * Returns: how the column was read (never %SW_SHARD_BALANCE_SAMPLING_AUTO)
 */
SwShardBalanceSampling
sw_shard_balance_get_sampling_used (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (SW_SHARD_BALANCE_SAMPLING_AUTO);
  return self->projection->sampling;
}

/**
 * sw_shard_balance_get_live_ranges:
 * @self: a loaded #SwShardBalance
 *
 * Returns: %TRUE when the shards are the cluster's (pg_dist_shard)
 */
gboolean
sw_shard_balance_get_live_ranges (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (FALSE);
  return self->projection->live_ranges;
}

guint64
sw_shard_balance_get_sampled_rows (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->sampled;
}

/**
 * sw_shard_balance_get_null_rows:
 * @self: a loaded #SwShardBalance
 *
 * Returns: the sampled rows whose distribution column is NULL, which Citus
 *   refuses to distribute
 */
guint64
sw_shard_balance_get_null_rows (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->null_rows;
}

double
sw_shard_balance_get_total_rows (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->total_rows;
}

double
sw_shard_balance_get_total_bytes (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->total_bytes;
}

guint
sw_shard_balance_get_n_shards (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->shards->len;
}

/**
 * sw_shard_balance_get_shard:
 * @self: a loaded #SwShardBalance
 * @index: a shard index
 *
 * Returns: (transfer none): the shard's projection
 */
const SwShardBalanceShard *
sw_shard_balance_get_shard (SwShardBalance *self,
                            guint           index)
{
  RETURN_IF_NOT_LOADED (NULL);
  g_return_val_if_fail (index < self->projection->shards->len, NULL);
  return &g_array_index (self->projection->shards, SwShardBalanceShard, index);
}

guint
sw_shard_balance_get_n_nodes (SwShardBalance *self)
{
  RETURN_IF_NOT_LOADED (0);
  return self->projection->nodes->len;
}

/**
 * sw_shard_balance_get_node:
 * @self: a loaded #SwShardBalance
 * @index: a node index
 *
 * Returns: (transfer none): the node's projection
 */
const SwShardBalanceNode *
sw_shard_balance_get_node (SwShardBalance *self,
                           guint           index)
{
  RETURN_IF_NOT_LOADED (NULL);
  g_return_val_if_fail (index < self->projection->nodes->len, NULL);
  return &g_array_index (self->projection->nodes, SwShardBalanceNode, index);
}

/**
 * sw_shard_balance_get_largest_shard:
 * @self: a loaded #SwShardBalance
 *
 * Returns: the index of the shard with the most projected rows (the first
 *   of equals)
 */
guint
sw_shard_balance_get_largest_shard (SwShardBalance *self)
{
  guint best = 0;

  RETURN_IF_NOT_LOADED (0);
  for (guint i = 1; i < self->projection->shards->len; i++)
    if (g_array_index (self->projection->shards, SwShardBalanceShard, i).rows >
        g_array_index (self->projection->shards, SwShardBalanceShard, best).rows)
      best = i;
  return best;
}

static double
max_over_avg (const double *values,
              guint         n)
{
  double max = 0, sum = 0;

  for (guint i = 0; i < n; i++)
    {
      max = MAX (max, values[i]);
      sum += values[i];
    }
  return sum > 0 ? max / (sum / n) : 0;
}

/**
 * sw_shard_balance_get_shard_ratio:
 * @self: a loaded #SwShardBalance
 *
 * Returns: the largest shard's projected rows over the average shard's: 1 is
 *   perfectly even; 0 when there are no rows
 */
double
sw_shard_balance_get_shard_ratio (SwShardBalance *self)
{
  g_autofree double *rows = NULL;

  RETURN_IF_NOT_LOADED (0);
  rows = g_new0 (double, MAX (1, self->projection->shards->len));
  for (guint i = 0; i < self->projection->shards->len; i++)
    rows[i] = g_array_index (self->projection->shards, SwShardBalanceShard, i).rows;
  return max_over_avg (rows, self->projection->shards->len);
}

/**
 * sw_shard_balance_get_node_ratio:
 * @self: a loaded #SwShardBalance
 *
 * Returns: the busiest node's projected rows over the average node's
 *   (nodes without shards count); 0 when there are no rows
 */
double
sw_shard_balance_get_node_ratio (SwShardBalance *self)
{
  g_autofree double *rows = NULL;

  RETURN_IF_NOT_LOADED (0);
  rows = g_new0 (double, MAX (1, self->projection->nodes->len));
  for (guint i = 0; i < self->projection->nodes->len; i++)
    rows[i] = g_array_index (self->projection->nodes, SwShardBalanceNode, i).rows;
  return max_over_avg (rows, self->projection->nodes->len);
}
