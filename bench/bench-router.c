/* bench-router.c
 *
 * The routing preview's speed targets (issue 6), measured, never asserted:
 *  - offline prediction per query on a large schema (target: under 1 ms a
 *    query at 1,000 tables), over a mix of router, multi-shard, colocated
 *    join, reference join, CTE, repartition and DML shapes;
 *  - Citus-compatible int8 hashing on one core (target: at least 20 million
 *    values a second), alone and with the shard index.
 * Usage: bench-router SCHEMA.sql [ROUNDS]   (bench/route-and-hash makes SCHEMA.sql)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sw-engine.h"

static const char * const shapes[] = {
  "router: point lookup",
  "multi-shard: filter",
  "router: colocated join",
  "multi-shard: colocated join + GROUP BY",
  "router: reference join",
  "CTE + join + ORDER BY/LIMIT",
  "router: INSERT",
  "router: UPDATE",
  "repartition join",
  "multi-shard: IN-list",
};

static char *
make_query (guint       shape,
            const char *a,
            const char *b,
            const char *lookup,
            guint       key)
{
  switch (shape)
    {
    case 0: return g_strdup_printf ("SELECT * FROM %s WHERE tenant_id = %u AND id = 5", a, key);
    case 1: return g_strdup_printf ("SELECT count(*) FROM %s WHERE status = 1", a);
    case 2: return g_strdup_printf ("SELECT a.name, b.name FROM %s a JOIN %s b ON a.tenant_id = b.tenant_id "
                                    "AND a.parent_id = b.id WHERE a.tenant_id = %u", a, b, key);
    case 3: return g_strdup_printf ("SELECT a.status, count(*) FROM %s a JOIN %s b ON a.tenant_id = b.tenant_id "
                                    "GROUP BY 1", a, b);
    case 4: return g_strdup_printf ("SELECT * FROM %s a JOIN %s l ON l.code = a.status WHERE a.tenant_id = %u",
                                    a, lookup, key);
    case 5: return g_strdup_printf ("WITH r AS (SELECT tenant_id, sum(amount) AS s FROM %s GROUP BY tenant_id) "
                                    "SELECT * FROM r JOIN app0.tenants t ON t.id = r.tenant_id "
                                    "ORDER BY s DESC LIMIT 10", a);
    case 6: return g_strdup_printf ("INSERT INTO %s (tenant_id, name) VALUES (%u, 'x')", a, key);
    case 7: return g_strdup_printf ("UPDATE %s SET status = 2 WHERE tenant_id = %u AND id = 3", a, key);
    case 8: return g_strdup_printf ("SELECT count(*) FROM %s a JOIN %s b ON a.id = b.id", a, b);
    case 9: return g_strdup_printf ("SELECT * FROM %s WHERE tenant_id IN (1, 2, %u)", a, key);
    default: g_assert_not_reached ();
    }
}

static void
bench_routing (const char *path,
               guint       rounds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SwSqlReader) reader = sw_sql_reader_new ();
  g_autoptr(SwSchema) schema = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SwPlan) plan = sw_plan_new ();
  g_autoptr(SwRouter) router = NULL;
  g_autoptr(GPtrArray) distributed = g_ptr_array_new ();
  g_autoptr(GPtrArray) lookups = g_ptr_array_new ();
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  GListModel *tables;
  double per_shape[G_N_ELEMENTS (shapes)] = { 0 };
  guint per_shape_n[G_N_ELEMENTS (shapes)] = { 0 };
  guint kinds[SW_ROUTE_KIND_UNSUPPORTED + 1] = { 0 };
  gint64 t0, t1, best = G_MAXINT64;

  t0 = g_get_monotonic_time ();
  schema = sw_sql_reader_load_file_sync (reader, file, NULL, &error);
  if (schema == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (2);
    }
  t1 = g_get_monotonic_time ();

  /* The multi-tenant plan: every tenant table by tenant_id, colocated; lookups as reference tables. */
  tables = sw_schema_list_tables (schema);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      const char *name = sw_table_get_qualified_name (table);

      if (g_str_equal (name, "app0.tenants"))
        sw_plan_set_distributed (plan, name, "id", NULL, 32);
      else if (sw_table_find_column (table, "tenant_id") != NULL)
        {
          sw_plan_set_distributed (plan, name, "tenant_id", "app0.tenants", 32);
          g_ptr_array_add (distributed, (gpointer) name);
        }
      else
        {
          sw_plan_set_reference (plan, name);
          g_ptr_array_add (lookups, (gpointer) name);
        }
    }
  g_assert (distributed->len > 1 && lookups->len > 0);
  router = sw_router_new (schema, plan);
  sw_router_set_enable_repartition_joins (router, TRUE);

  /* 1,000 queries over different tables, every shape equally often. */
  for (guint q = 0; q < 1000; q++)
    {
      guint t = (q * 7919) % (distributed->len - 1);

      g_ptr_array_add (queries, make_query (q % G_N_ELEMENTS (shapes),
                                            g_ptr_array_index (distributed, t + 1),
                                            g_ptr_array_index (distributed, t),
                                            g_ptr_array_index (lookups, q % lookups->len),
                                            q));
    }

  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint q = 0; q < queries->len; q++)
        {
          gint64 qs = g_get_monotonic_time ();
          g_autoptr(SwRoute) route = sw_router_route (router, g_ptr_array_index (queries, q), &error);

          if (route == NULL)
            {
              g_printerr ("%s: %s\n", (char *) g_ptr_array_index (queries, q), error->message);
              exit (1);
            }
          per_shape[q % G_N_ELEMENTS (shapes)] += g_get_monotonic_time () - qs;
          per_shape_n[q % G_N_ELEMENTS (shapes)]++;
          if (r == 0)
            kinds[route->kind]++;
        }
      best = MIN (best, g_get_monotonic_time () - start);
    }

  printf ("schema: %u tables (%u distributed, %u reference), read in %.0f ms\n",
          sw_schema_get_n_tables (schema), distributed->len + 1, lookups->len, (t1 - t0) / 1000.0);
  printf ("routing: %u queries x %u rounds; best round %.3f ms, %.1f us per query (target < 1000 us)\n",
          queries->len, rounds, best / 1000.0, (double) best / queries->len);
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    printf ("  %-42s %8.1f us mean\n", shapes[s], per_shape[s] / MAX (per_shape_n[s], 1));
  printf ("  kinds:");
  for (guint k = 0; k <= SW_ROUTE_KIND_UNSUPPORTED; k++)
    printf (" %s %u", sw_route_kind_to_string (k), kinds[k]);
  printf ("\n");
}

static void
bench_hashing (void)
{
  const gint64 n = 200 * 1000 * 1000;
  volatile guint32 sink;
  guint32 acc = 0;
  gint64 start, elapsed;

  start = g_get_monotonic_time ();
  for (gint64 v = 0; v < n; v++)
    acc += (guint32) sw_hash_int8 (v * 2654435761LL);
  elapsed = g_get_monotonic_time () - start;
  sink = acc;
  printf ("hashing: sw_hash_int8 %.1f million values/s on one core (target >= 20)\n",
          n / (double) elapsed);

  acc = 0;
  start = g_get_monotonic_time ();
  for (gint64 v = 0; v < n; v++)
    acc += sw_hash_shard_index (sw_hash_int8 (v), 32);
  elapsed = g_get_monotonic_time () - start;
  sink = acc;
  printf ("hashing: sw_hash_int8 + sw_hash_shard_index (32) %.1f million values/s\n",
          n / (double) elapsed);

  {
    const gint64 m = 5 * 1000 * 1000;
    char text[32];
    gint32 hash;

    acc = 0;
    start = g_get_monotonic_time ();
    for (gint64 v = 0; v < m; v++)
      {
        g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, v);
        sw_hash_value (SW_HASH_TYPE_INT8, text, &hash, NULL);
        acc += (guint32) hash;
      }
    elapsed = g_get_monotonic_time () - start;
    sink = acc;
    printf ("hashing: sw_hash_value (int8 from text, as the shard-balance sample reads it) %.1f million values/s\n",
            m / (double) elapsed);
  }
  (void) sink;
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 2)
    {
      g_printerr ("usage: %s SCHEMA.sql [ROUNDS]\n", argv[0]);
      return 2;
    }
  bench_routing (argv[1], argc > 2 ? (guint) atoi (argv[2]) : 5);
  bench_hashing ();
  return 0;
}
