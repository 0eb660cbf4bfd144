/* sw-advisor.c
 *
 * Recommends a distribution plan the way a Citus expert reads a schema:
 *
 * 1. Columns that hold the same key are grouped into key classes: the two
 *    ends of every foreign key, and columns named like another table's
 *    single-column primary key (`user_id` beside `users.user_id`) or like a
 *    column many tables share (`client_id`). A class is a candidate
 *    colocation group: distributing every table of the class on its column
 *    makes the joins along those keys local to each shard.
 * 2. Each class is scored from what the tables say about it (the column in
 *    a composite primary key, leading it, being a foreign key, a tenant-like
 *    name), their sizes, and the workload (filters, joins and GROUP BY on
 *    the class's columns, weighted by calls). Time, boolean, floating point
 *    and low-cardinality columns never become distribution columns.
 * 3. For the best few classes, a whole plan is simulated: the class becomes
 *    the first colocation group, other classes that still colocate several
 *    tables become further groups, tables whose foreign keys lead to a
 *    distributed table without its key get the key added (a schema fix),
 *    tables that distributed or reference tables point to become reference
 *    tables, and what is left becomes a reference table when small or a
 *    group of its own when big. The plan with the best score minus the cost
 *    of its fixes wins; the others give the alternatives.
 * 4. A schema with nothing to colocate, or smaller than a node handles
 *    easily, is better left on one node: every table stays local and the
 *    advice says why.
 *
 * The schema fixes (keys that must include the distribution column, the
 * tenant column and its backfill, serial columns to bigint, settings) are
 * returned as #SwAdvice objects whose DDL runs before the plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-advisor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sw-advice.h"
#include "sw-advisor.h"
#include "sw-balance-estimate.h"
#include "sw-column.h"
#include "sw-constraint.h"
#include "sw-foreign-key.h"
#include "sw-hash.h"
#include "sw-identifier.h"
#include "sw-index.h"
#include "sw-schema.h"
#include "sw-schema-changes-cache.h"
#include "sw-table.h"
#include "sw-trigger.h"
#include "sw-validator.h"
#include "sw-workload-analysis.h"

/* Above this many columns, a table's columns are found by name through a
 * hash table rather than by comparing names. */
#define WIDE_TABLE_COLUMNS 32

/* How many of the best classes get a whole plan simulated. */
#define N_SIMULATED 6

/* A table this big (rows or bytes) is worth a colocation group of its own. */
#define BIG_TABLE_ROWS  1000000
#define BIG_TABLE_BYTES (G_GINT64_CONSTANT (1) << 30)

/* Citus's guidance: shards of a few GB each. */
#define BYTES_PER_SHARD (G_GINT64_CONSTANT (8) << 30)

typedef struct
{
  guint table;
  SwColumn *column;           /* borrowed */
  gboolean eligible;
  double score;               /* structural + workload, before the size weight */
} Node;

typedef struct
{
  int id;                     /* the union-find root */
  GArray *nodes;              /* guint node ids */
  guint n_tables;
  double score;
  gboolean dimension;         /* rooted in a lookup table, no composite key uses it */
  int root_table;             /* table where the column is the whole primary key, or -1 */
  int root_node;              /* that column's node, or -1 */
} KeyClass;

/* Two tables holding the same key without a foreign key saying so
 * (district.d_w_id and warehouse.w_id): a join the plan should keep local,
 * like a foreign key's.
 */
typedef struct
{
  int node;                   /* the member's column */
  int root_node;              /* the class root's key */
} Link;

typedef struct
{
  SwTable *table;             /* borrowed */
  const char *qname;
  gint64 rows;
  gint64 bytes;
  double weight;
  gboolean skip;              /* partitions follow their parent; tenant schemas */
  gboolean tenant_schema;     /* in a schema the plan distributes */
  gboolean keep_local;        /* foreign and temporary tables */
  gboolean lookup;
  char *column_prefix;        /* "ol_" when every column starts with it, or NULL */
  SwForeignKey *identifying;  /* borrowed: the FK its primary key starts with, or NULL */
  GPtrArray *fks;             /* borrowed: the table's foreign keys */
  int *fk_ref;                /* per foreign key: the referenced table's index, or -1 */
  int identifying_ref;        /* the table @identifying points at, or -1 */
  int first_node;             /* the node of its first column: one node per column, in order */
  gboolean pinned;            /* already a Citus table in the cluster */
  SwPlanKind pinned_kind;
  char *pinned_column;

  /* One simulated plan */
  SwPlanKind kind;
  gboolean decided;
  int group;                  /* index into the simulation's groups */
  int node;                   /* the distribution column's node, or -1 */
  char *added_column;         /* the tenant column a fix adds */
  SwForeignKey *added_via;    /* borrowed: the FK the backfill follows */
  int why;                    /* a WHY_* code for the reason */
} TableInfo;

enum
{
  WHY_NONE,
  WHY_GROUP_ROOT,
  WHY_GROUP_MEMBER,
  WHY_ADDED_COLUMN,
  WHY_REFERENCED,
  WHY_SMALL,
  WHY_BIG_ALONE,
  WHY_LOCAL_KIND,
  WHY_PINNED,
  WHY_SINGLE_NODE,
  WHY_BESIDE_SCHEMAS,
};

typedef struct
{
  int cls;                    /* KeyClass index */
  int root_table;             /* the table others colocate with */
} Group;

typedef struct
{
  double score;
  guint n_fixes;
  GArray *groups;             /* Group */
  /* per table */
  SwPlanKind *kind;
  int *group;
  int *node;
  char **added_column;
  SwForeignKey **added_via;
  int *why;
  int first_class;
  gboolean first_useful;
  guint n;
  guint *group_size;          /* members per group */
} Simulation;

struct _SwAdvisor
{
  GObject parent_instance;

  /* Owned */
  SwSchema *schema;
  SwWorkload *workload;
  GPtrArray *advice;          /* SwAdvice, of the last recommendation */
  guint shard_count;          /* 0: from the data size */
  gint64 single_node_bytes;
  gboolean single_node;
};

typedef struct
{
  SwAdvisor *self;
  SwSchema *schema;
  SwWorkload *workload;
  guint shard_count;
  guint requested_shard_count;
  gint64 single_node_bytes;

  GPtrArray *tables;          /* TableInfo * */
  GHashTable *table_index;    /* qname → index + 1 */
  GArray *nodes;              /* Node */
  GHashTable *node_index;     /* "index\037column" → node + 1, for wide tables only */
  int *parent;                /* union-find */
  GPtrArray *classes;         /* KeyClass * */
  int *class_of_node;         /* KeyClass index, or -1 */
  GHashTable *filter_calls;   /* node → calls (as double in a GArray) */
  double *node_filter;
  double *node_group_by;
  GHashTable *join_calls;     /* "a\037b" node pair → calls */
  GArray *links;              /* Link */

  GPtrArray *tenant_schemas;  /* char * */

  /* Results */
  SwPlan *plan;
  GPtrArray *advice;
  gboolean single_node;
} Run;

enum { PROP_0, PROP_SCHEMA, PROP_WORKLOAD, PROP_SHARD_COUNT, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SwAdvisor, sw_advisor, G_TYPE_OBJECT)

/* Helpers: union-find */

static int
uf_find (int *parent,
         int  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static void
uf_union (int *parent,
          int  a,
          int  b)
{
  a = uf_find (parent, a);
  b = uf_find (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

/* Helpers: columns */

static gboolean
is_tenant_name (const char *name)
{
  static const char *stems[] = {
    "tenant", "company", "client", "customer", "organization", "organisation", "org",
    "workspace", "team", "account", "store", "shop", "site", "project",
  };
  gsize len = strlen (name);

  if (len < 4 || strcmp (name + len - 3, "_id") != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
    if (len - 3 == strlen (stems[i]) && strncmp (name, stems[i], len - 3) == 0)
      return TRUE;
  return FALSE;
}

/* A name that says the column holds a time, not an entity. */
static gboolean
is_time_name (const char *name)
{
  gsize len = strlen (name);

  return g_str_has_suffix (name, "_at") || g_str_has_suffix (name, "_on") ||
         g_str_has_suffix (name, "_date") || g_str_has_suffix (name, "_time") ||
         g_str_has_suffix (name, "_ts") || g_str_has_prefix (name, "date") ||
         strcmp (name, "created") == 0 || strcmp (name, "updated") == 0 ||
         strcmp (name, "timestamp") == 0 || strcmp (name, "time") == 0 ||
         strcmp (name, "day") == 0 || strcmp (name, "month") == 0 ||
         strcmp (name, "year") == 0 || (len == 2 && strcmp (name, "at") == 0);
}

/* The types a distribution column can usefully have: integers, text, uuid,
 * numeric. Time, boolean, floating point, json, geometric and array types
 * either spread badly or cannot be hashed.
 */
static gboolean
is_distributable_type (SwColumn *column)
{
  static const char *ok[] = {
    "int2", "int4", "int8", "text", "varchar", "bpchar", "uuid", "numeric", "oid", "citext",
  };
  const char *internal = sw_column_get_type_internal (column);

  if (sw_column_get_type_kind (column) == SW_TYPE_KIND_DOMAIN ||
      sw_column_get_type_kind (column) == SW_TYPE_KIND_ENUM)
    return FALSE;     /* enums are low-cardinality by nature */
  if (internal == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    if (strcmp (internal, ok[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *
type_family (SwColumn *column)
{
  const char *internal = sw_column_get_type_internal (column);

  if (internal == NULL)
    return "";
  if (strcmp (internal, "int2") == 0 || strcmp (internal, "int4") == 0 ||
      strcmp (internal, "int8") == 0 || strcmp (internal, "numeric") == 0)
    return "integer";
  if (strcmp (internal, "text") == 0 || strcmp (internal, "varchar") == 0 ||
      strcmp (internal, "bpchar") == 0 || strcmp (internal, "citext") == 0)
    return "text";
  return internal;
}

/* The column's number of distinct values, or a negative value when the
 * statistics do not tell.
 */
static double
n_distinct_of (SwColumn *column,
               gint64    rows)
{
  double nd;

  if (!sw_column_has_stats (column))
    return -1;
  nd = sw_column_get_n_distinct (column);
  if (nd > 0)
    return nd;
  if (nd < 0 && rows > 0)
    return -nd * (double)rows;
  return -1;
}

static gboolean
strv_contains_at (const char * const *strv,
                  const char         *str,
                  guint              *position)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (strcmp (strv[i], str) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static guint
strv_len0 (const char * const *strv)
{
  return strv == NULL ? 0 : g_strv_length ((char **)strv);
}

static int
lookup_table (Run        *run,
              const char *qname)
{
  gpointer value = g_hash_table_lookup (run->table_index, qname);

  return value == NULL ? -1 : GPOINTER_TO_INT (value) - 1;
}

static int
lookup_node (Run        *run,
             guint       table,
             const char *column)
{
  TableInfo *info = g_ptr_array_index (run->tables, table);
  GPtrArray *columns = sw_table_get_columns (info->table);
  g_autofree char *key = NULL;
  gpointer value;

  /* A table's nodes are its columns, in order: a few names to compare. */
  if (columns->len <= WIDE_TABLE_COLUMNS)
    {
      for (guint c = 0; c < columns->len; c++)
        if (strcmp (sw_column_get_name (g_ptr_array_index (columns, c)), column) == 0)
          return info->first_node + (int)c;
      return -1;
    }
  key = g_strdup_printf ("%u\037%s", table, column);
  value = g_hash_table_lookup (run->node_index, key);
  return value == NULL ? -1 : GPOINTER_TO_INT (value) - 1;
}

static Node *
node_at (Run *run,
         int  id)
{
  return &g_array_index (run->nodes, Node, id);
}

static TableInfo *
table_at (Run  *run,
          guint i)
{
  return g_ptr_array_index (run->tables, i);
}

/* A small table other tables point at to describe something: no foreign
 * keys of its own, a single-column primary key and a handful of columns.
 */
static gboolean
is_lookup_table (SwTable *table)
{
  SwConstraint *pk = sw_table_get_primary_key (table);

  if (sw_table_get_foreign_keys (table)->len > 0)
    return FALSE;
  if (pk != NULL && strv_len0 (sw_constraint_get_columns (pk)) != 1)
    return FALSE;
  return sw_table_get_columns (table)->len <= 4;
}

/* Benchmark and legacy schemas prefix every column of a table with a short
 * alias of it: TPC-C's order_line has ol_w_id, ol_d_id..., TPC-H's lineitem
 * l_orderkey, l_partkey... The prefix, when every column has it, is what
 * tells that district.d_w_id holds warehouse.w_id.
 */
static char *
find_column_prefix (SwTable *table)
{
  GPtrArray *columns = sw_table_get_columns (table);
  const char *first;
  const char *underscore;
  gsize len;

  if (columns->len < 2)
    return NULL;
  first = sw_column_get_name (g_ptr_array_index (columns, 0));
  underscore = strchr (first, '_');
  if (underscore == NULL || underscore == first || underscore - first > 3)
    return NULL;
  len = (gsize)(underscore - first) + 1;
  for (gsize i = 0; i + 1 < len; i++)
    if (!g_ascii_isalpha (first[i]))
      return NULL;
  for (guint c = 1; c < columns->len; c++)
    {
      const char *name = sw_column_get_name (g_ptr_array_index (columns, c));

      if (strncmp (name, first, len) != 0 || name[len] == '\0')
        return NULL;
    }
  return g_strndup (first, len);
}

/* The name a key column is known by across tables: the column name without
 * its table's prefix (d_w_id → w_id, l_orderkey → orderkey), except a
 * table's own "id", which keeps its prefix (w_id stays w_id).
 */
static const char *
key_name_of (TableInfo  *info,
             const char *name)
{
  gsize len;

  if (info->column_prefix == NULL || !g_str_has_prefix (name, info->column_prefix))
    return name;
  len = strlen (info->column_prefix);
  if (strcmp (name + len, "id") == 0)
    return name;
  return name + len;
}

/* Names of columns that hold a reference to something: user_id, userid,
 * orderkey, o_custkey.
 */
static gboolean
is_reference_name (const char *name)
{
  gsize len = strlen (name);

  return (len > 3 && g_str_has_suffix (name, "_id")) ||
         (len > 2 && g_str_has_suffix (name, "id") && g_ascii_isalpha (name[len - 3])) ||
         (len > 3 && g_str_has_suffix (name, "key"));
}

/* The foreign key a table's primary key starts with, when the rest of the
 * key numbers the rows within it: lineitem (l_orderkey, l_linenumber) is
 * the lines of an order, campaigns (company_id, id) a company's campaigns.
 * Link tables, whose key is nothing but foreign keys, have none: which
 * side they belong to is not theirs to say.
 */
static SwForeignKey *
find_identifying_key (SwTable *table)
{
  SwConstraint *pk = sw_table_get_primary_key (table);
  GPtrArray *fks = sw_table_get_foreign_keys (table);
  const char * const *cols;
  SwForeignKey *found = NULL;
  gboolean all_in_fks = TRUE;

  if (pk == NULL || strv_len0 (sw_constraint_get_columns (pk)) < 2)
    return NULL;
  cols = sw_constraint_get_columns (pk);
  for (guint i = 0; cols[i] != NULL; i++)
    {
      gboolean in_fk = FALSE;

      for (guint f = 0; f < fks->len; f++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, f);
          guint pos;

          if (!strv_contains_at (sw_foreign_key_get_columns (fk), cols[i], &pos))
            continue;
          in_fk = TRUE;
          if (i == 0 && pos == 0 && found == NULL)
            found = fk;
        }
      all_in_fks &= in_fk;
    }
  return all_in_fks ? NULL : found;
}

static void
table_info_free (gpointer data)
{
  TableInfo *info = data;

  g_free (info->added_column);
  g_free (info->pinned_column);
  g_free (info->column_prefix);
  g_free (info->fk_ref);
  g_free (info);
}

static void
key_class_free (gpointer data)
{
  KeyClass *cls = data;

  g_array_unref (cls->nodes);
  g_free (cls);
}

/* Building the model of the run */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* One schema per service (Citus's microservices shape): two or more schemas
 * besides public, and no foreign key from one of them into another or from
 * public into them. Each keeps its tables together on one node as a
 * distributed schema; what they point at in public becomes a reference
 * table.
 */
static void
find_service_schemas (Run        *run,
                      GHashTable *by_schema)
{
  g_autoptr(GPtrArray) schemas = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, by_schema);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (strcmp (key, "public") != 0)
      g_ptr_array_add (schemas, key);
  if (schemas->len < 2)
    return;

  for (guint t = 0; t < run->tables->len; t++)
    {
      SwTable *table = table_at (run, t)->table;
      const char *from = sw_table_get_schema_name (table);
      GPtrArray *fks = sw_table_get_foreign_keys (table);

      if (table_at (run, t)->keep_local || table_at (run, t)->pinned)
        return;
      for (guint f = 0; f < fks->len; f++)
        {
          int r = lookup_table (run, sw_foreign_key_get_ref_table (g_ptr_array_index (fks, f)));
          const char *to;

          if (r < 0)
            continue;
          to = sw_table_get_schema_name (table_at (run, (guint)r)->table);
          if (strcmp (from, to) != 0 && strcmp (to, "public") != 0)
            return;
        }
    }
  for (guint i = 0; i < schemas->len; i++)
    g_ptr_array_add (run->tenant_schemas, g_strdup (g_ptr_array_index (schemas, i)));
}

static void
find_tenant_schemas (Run *run)
{
  g_autoptr(GHashTable) signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GHashTable) by_schema = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify)g_ptr_array_unref);
  const char * const *namespaces = sw_schema_get_namespaces (run->schema);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < run->tables->len; i++)
    {
      TableInfo *info = table_at (run, i);
      const char *schema_name = sw_table_get_schema_name (info->table);
      GPtrArray *names = g_hash_table_lookup (by_schema, schema_name);

      if (names == NULL)
        {
          names = g_ptr_array_new ();
          g_hash_table_insert (by_schema, g_strdup (schema_name), names);
        }
      g_ptr_array_add (names, (gpointer)sw_table_get_name (info->table));
    }

  /* Tables are sorted by schema then name, so the names come sorted. */
  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    {
      GPtrArray *names = g_hash_table_lookup (by_schema, namespaces[i]);
      GString *signature;
      GPtrArray *schemas;

      if (names == NULL || strcmp (namespaces[i], "public") == 0)
        continue;
      signature = g_string_new (NULL);
      for (guint j = 0; j < names->len; j++)
        g_string_append_printf (signature, "%s\037", (char *)g_ptr_array_index (names, j));
      schemas = g_hash_table_lookup (signatures, signature->str);
      if (schemas == NULL)
        {
          schemas = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (signatures, g_string_free (signature, FALSE), schemas);
        }
      else
        g_string_free (signature, TRUE);
      g_ptr_array_add (schemas, g_strdup (namespaces[i]));
    }

  /* Three or more schemas holding the same tables: one per tenant. */
  g_hash_table_iter_init (&iter, signatures);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *schemas = value;

      if (schemas->len < 3)
        continue;
      for (guint i = 0; i < schemas->len; i++)
        g_ptr_array_add (run->tenant_schemas, g_strdup (g_ptr_array_index (schemas, i)));
    }
  if (run->tenant_schemas->len == 0)
    find_service_schemas (run, by_schema);
  g_ptr_array_sort (run->tenant_schemas, compare_strings);
}

static gboolean
in_tenant_schema (Run        *run,
                  const char *schema_name)
{
  for (guint i = 0; i < run->tenant_schemas->len; i++)
    if (strcmp (g_ptr_array_index (run->tenant_schemas, i), schema_name) == 0)
      return TRUE;
  return FALSE;
}

static void
collect_tables (Run *run)
{
  GListModel *tables = sw_schema_list_tables (run->schema);
  guint n = g_list_model_get_n_items (tables);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      TableInfo *info = g_new0 (TableInfo, 1);

      info->table = table;
      info->qname = sw_table_get_qualified_name (table);
      info->rows = sw_table_get_estimated_rows (table);
      info->bytes = sw_table_get_total_bytes (table);
      info->weight = 1.0 + (info->rows > 0 ? log10 (1.0 + (double)info->rows) / 3.0 : 0.0);
      info->skip = sw_table_get_partition_parent (table) != NULL;
      info->keep_local = sw_table_get_rel_kind (table) == SW_REL_KIND_FOREIGN_TABLE ||
                         sw_table_get_persistence (table) == SW_PERSISTENCE_TEMPORARY;
      info->lookup = is_lookup_table (table);
      info->column_prefix = find_column_prefix (table);
      info->identifying = find_identifying_key (table);
      info->node = -1;
      info->group = -1;

      switch (sw_table_get_citus_kind (table))
        {
        case SW_CITUS_KIND_REFERENCE:
          info->pinned = TRUE;
          info->pinned_kind = SW_PLAN_KIND_REFERENCE;
          break;
        case SW_CITUS_KIND_DISTRIBUTED:
          if (sw_table_get_citus_distribution_column (table) != NULL)
            {
              info->pinned = TRUE;
              info->pinned_kind = SW_PLAN_KIND_DISTRIBUTED;
              info->pinned_column = g_strdup (sw_table_get_citus_distribution_column (table));
            }
          break;
        case SW_CITUS_KIND_SINGLE_SHARD:
          info->pinned = TRUE;
          info->pinned_kind = SW_PLAN_KIND_SINGLE_SHARD;
          break;
        case SW_CITUS_KIND_SCHEMA:
          info->skip = TRUE;
          break;
        case SW_CITUS_KIND_NONE:
        case SW_CITUS_KIND_LOCAL:
        default:
          break;
        }

      g_hash_table_insert (run->table_index, (gpointer)info->qname, GINT_TO_POINTER (i + 1));
      g_ptr_array_add (run->tables, info);
      /* The schema keeps the table alive: info borrows it. */
    }

  /* Every pass over the foreign keys below needs the table each one points
   * at: looked up once, not once per pass and per simulated plan.
   */
  for (guint i = 0; i < run->tables->len; i++)
    {
      TableInfo *info = table_at (run, i);

      info->fks = sw_table_get_foreign_keys (info->table);
      info->fk_ref = g_new (int, MAX (info->fks->len, 1));
      for (guint f = 0; f < info->fks->len; f++)
        info->fk_ref[f] = lookup_table (run, sw_foreign_key_get_ref_table (g_ptr_array_index (info->fks, f)));
      info->identifying_ref = info->identifying != NULL
                              ? lookup_table (run, sw_foreign_key_get_ref_table (info->identifying)) : -1;
    }

  /* A small table whose foreign keys only lead to lookup tables is one too:
   * TPC-H's nation, which names its region.
   */
  for (gboolean changed = TRUE; changed;)
    {
      changed = FALSE;
      for (guint i = 0; i < run->tables->len; i++)
        {
          TableInfo *info = table_at (run, i);
          SwConstraint *pk = sw_table_get_primary_key (info->table);
          GPtrArray *fks = sw_table_get_foreign_keys (info->table);
          gboolean all_lookups = fks->len > 0;

          if (info->lookup || pk == NULL || strv_len0 (sw_constraint_get_columns (pk)) != 1 ||
              sw_table_get_columns (info->table)->len > 4)
            continue;
          for (guint f = 0; f < fks->len && all_lookups; f++)
            {
              int r = info->fk_ref[f];

              all_lookups = r >= 0 && (guint)r != i && table_at (run, (guint)r)->lookup;
            }
          if (all_lookups)
            info->lookup = changed = TRUE;
        }
    }

  find_tenant_schemas (run);
  for (guint i = 0; i < run->tables->len; i++)
    {
      TableInfo *info = table_at (run, i);

      if (in_tenant_schema (run, sw_table_get_schema_name (info->table)))
        info->skip = info->tenant_schema = TRUE;
    }
}

static double
structural_score (Run       *run,
                  TableInfo *info,
                  SwColumn  *column)
{
  const char *name = sw_column_get_name (column);
  SwConstraint *pk = sw_table_get_primary_key (info->table);
  GPtrArray *constraints = sw_table_get_constraints (info->table);
  GPtrArray *fks = sw_table_get_foreign_keys (info->table);
  double score = 1.0;
  guint position;

  if (pk != NULL && strv_contains_at (sw_constraint_get_columns (pk), name, &position))
    {
      if (strv_len0 (sw_constraint_get_columns (pk)) > 1)
        score += 1.0 + (position == 0 ? 0.5 : 0.0);
      else
        score += 0.75;
    }
  for (guint i = 0; i < constraints->len; i++)
    {
      SwConstraint *c = g_ptr_array_index (constraints, i);

      if (sw_constraint_get_kind (c) == SW_CONSTRAINT_UNIQUE &&
          strv_len0 (sw_constraint_get_columns (c)) > 1 &&
          strv_contains_at (sw_constraint_get_columns (c), name, NULL))
        {
          score += 0.5;
          break;
        }
    }
  for (guint i = 0; i < fks->len; i++)
    {
      if (strv_contains_at (sw_foreign_key_get_columns (g_ptr_array_index (fks, i)), name, NULL))
        {
          score += 0.5;
          break;
        }
    }
  if (is_tenant_name (name))
    score += 1.5;
  if (!sw_column_get_not_null (column) && (pk == NULL || !strv_contains_at (sw_constraint_get_columns (pk), name, NULL)))
    score -= 0.1;     /* rows with NULL all land on one shard */
  return score;
}

static gboolean
column_is_eligible (Run       *run,
                    TableInfo *info,
                    SwColumn  *column)
{
  double nd;

  if (sw_column_get_generated_expr (column) != NULL)
    return FALSE;
  if (!is_distributable_type (column) || is_time_name (sw_column_get_name (column)))
    return FALSE;
  /* Fewer values than shards leaves shards empty: never a distribution
   * column. Between that and 4 × the shard count it may still be the best
   * key, and the plan then carries a warning (advise_skew()).
   */
  nd = n_distinct_of (column, info->rows);
  if (nd >= 0 && nd < (double)run->shard_count)
    return FALSE;
  return TRUE;
}

/* Distribution columns are keys: part of a primary key, unique constraint or
 * foreign key, or named as identifiers. A `title` or `name` column is never
 * one unless the workload filters on it.
 */
static gboolean
is_key_like (TableInfo *info,
             SwColumn  *column)
{
  const char *name = sw_column_get_name (column);
  GPtrArray *constraints = sw_table_get_constraints (info->table);
  GPtrArray *fks = sw_table_get_foreign_keys (info->table);
  gsize len = strlen (name);

  if (strcmp (name, "id") == 0 || (len > 2 && g_str_has_suffix (name, "id")) ||
      g_strcmp0 (sw_column_get_type_internal (column), "uuid") == 0)
    return TRUE;
  for (guint i = 0; i < constraints->len; i++)
    {
      SwConstraint *c = g_ptr_array_index (constraints, i);

      if ((sw_constraint_get_kind (c) == SW_CONSTRAINT_PRIMARY_KEY ||
           sw_constraint_get_kind (c) == SW_CONSTRAINT_UNIQUE) &&
          strv_contains_at (sw_constraint_get_columns (c), name, NULL))
        return TRUE;
    }
  for (guint i = 0; i < fks->len; i++)
    if (strv_contains_at (sw_foreign_key_get_columns (g_ptr_array_index (fks, i)), name, NULL))
      return TRUE;
  return FALSE;
}

static void
collect_nodes (Run *run)
{
  for (guint t = 0; t < run->tables->len; t++)
    {
      TableInfo *info = table_at (run, t);
      GPtrArray *columns = sw_table_get_columns (info->table);

      info->first_node = (int)run->nodes->len;
      for (guint c = 0; c < columns->len; c++)
        {
          SwColumn *column = g_ptr_array_index (columns, c);
          Node node = { 0 };

          node.table = t;
          node.column = column;
          node.eligible = !info->skip && !info->keep_local && column_is_eligible (run, info, column) &&
                          is_key_like (info, column);
          node.score = structural_score (run, info, column);
          if (columns->len > WIDE_TABLE_COLUMNS)
            g_hash_table_insert (run->node_index,
                                 g_strdup_printf ("%u\037%s", t, sw_column_get_name (column)),
                                 GINT_TO_POINTER (run->nodes->len + 1));
          g_array_append_val (run->nodes, node);
        }
    }
  run->parent = g_new (int, run->nodes->len);
  for (guint i = 0; i < run->nodes->len; i++)
    run->parent[i] = (int)i;
  run->node_filter = g_new0 (double, run->nodes->len);
  run->node_group_by = g_new0 (double, run->nodes->len);
}

static void
union_keys (Run *run)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify)g_array_unref);
  g_autoptr(GHashTable) roots = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  /* Both ends of every foreign key hold the same key. */
  for (guint t = 0; t < run->tables->len; t++)
    {
      TableInfo *info = table_at (run, t);
      GPtrArray *fks = sw_table_get_foreign_keys (info->table);

      for (guint f = 0; f < fks->len; f++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, f);
          const char * const *cols = sw_foreign_key_get_columns (fk);
          const char * const *refs = sw_foreign_key_get_ref_columns (fk);
          int r = info->fk_ref[f];

          if (r < 0)
            continue;
          for (guint i = 0; cols != NULL && cols[i] != NULL && refs != NULL && refs[i] != NULL; i++)
            {
              int a = lookup_node (run, t, cols[i]);
              int b = lookup_node (run, (guint)r, refs[i]);

              if (a >= 0 && b >= 0)
                uf_union (run->parent, a, b);
            }
        }
    }

  /* Same-named key columns without a foreign key: `user_id` beside a table
   * whose primary key is `user_id`, or a `*_id` column several tables share.
   */
  for (guint i = 0; i < run->nodes->len; i++)
    {
      Node *node = node_at (run, (int)i);
      TableInfo *info = table_at (run, node->table);
      const char *name = key_name_of (info, sw_column_get_name (node->column));
      SwConstraint *pk = sw_table_get_primary_key (info->table);
      GArray *list;

      if (!node->eligible || !is_reference_name (name))
        continue;
      list = g_hash_table_lookup (by_name, name);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (by_name, (gpointer)name, list);
        }
      g_array_append_val (list, i);
      if (pk != NULL && strv_len0 (sw_constraint_get_columns (pk)) == 1 &&
          strcmp (sw_constraint_get_columns (pk)[0], sw_column_get_name (node->column)) == 0 &&
          !g_hash_table_contains (roots, name))
        g_hash_table_insert (roots, (gpointer)name, GINT_TO_POINTER (i + 1));
    }

  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *list = value;
      int first;

      if (list->len < 2)
        continue;
      first = g_hash_table_contains (roots, key)
              ? GPOINTER_TO_INT (g_hash_table_lookup (roots, key)) - 1
              : g_array_index (list, int, 0);
      for (guint j = 0; j < list->len; j++)
        {
          int other = g_array_index (list, int, j);

          if (strcmp (type_family (node_at (run, first)->column),
                      type_family (node_at (run, other)->column)) == 0)
            uf_union (run->parent, first, other);
        }
    }
}

/* The table a `<thing>_id` column names, by the conventions of ORMs:
 * store_id → stores, company_id → companies, task_id → projects_task
 * (Django's app prefix). Only tables of the same schema.
 */
static int
table_named_by (Run        *run,
                GHashTable *by_name,
                guint       t,
                const char *name)
{
  g_autofree char *stem = NULL;
  const char *schema_name = sw_table_get_schema_name (table_at (run, t)->table);
  char *candidates[4] = { NULL, };
  int found = -1;
  gsize len = strlen (name);

  if (len <= 3 || !g_str_has_suffix (name, "_id"))
    return -1;
  stem = g_strndup (name, len - 3);
  candidates[0] = g_strdup (stem);
  candidates[1] = g_strconcat (stem, "s", NULL);
  candidates[2] = g_strconcat (stem, "es", NULL);
  if (g_str_has_suffix (stem, "y"))
    candidates[3] = g_strdup_printf ("%.*sies", (int)strlen (stem) - 1, stem);

  for (guint k = 0; k < G_N_ELEMENTS (candidates) && found < 0; k++)
    {
      g_autofree char *key = NULL;
      gpointer value;

      if (candidates[k] == NULL)
        continue;
      key = g_strdup_printf ("%s\037%s", schema_name, candidates[k]);
      value = g_hash_table_lookup (by_name, key);
      if (value != NULL && GPOINTER_TO_INT (value) - 1 != (int)t)
        found = GPOINTER_TO_INT (value) - 1;
    }
  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    g_free (candidates[k]);
  return found;
}

/* `store_id` beside a table `stores` whose key is `id` holds that key, with
 * or without a foreign key saying so.
 */
static void
union_named_references (Run *run)
{
  /* "schema\037name" → table + 1, and the same for the name after its last
   * underscore (Django's app_model tables), first table wins.
   */
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < run->tables->len; i++)
    {
      SwTable *table = table_at (run, i)->table;
      const char *tname = sw_table_get_name (table);
      const char *underscore = strrchr (tname, '_');
      char *key = g_strdup_printf ("%s\037%s", sw_table_get_schema_name (table), tname);

      if (!g_hash_table_contains (by_name, key))
        g_hash_table_insert (by_name, key, GINT_TO_POINTER (i + 1));
      else
        g_free (key);
      if (underscore != NULL && underscore[1] != '\0')
        {
          key = g_strdup_printf ("%s\037%s", sw_table_get_schema_name (table), underscore + 1);
          if (!g_hash_table_contains (by_name, key))
            g_hash_table_insert (by_name, key, GINT_TO_POINTER (i + 1));
          else
            g_free (key);
        }
    }

  for (guint i = 0; i < run->nodes->len; i++)
    {
      Node *node = node_at (run, (int)i);
      const char *name = sw_column_get_name (node->column);
      int r;
      int id;
      SwConstraint *pk;

      if (!node->eligible)
        continue;
      r = table_named_by (run, by_name, node->table, name);
      if (r < 0)
        continue;
      pk = sw_table_get_primary_key (table_at (run, (guint)r)->table);
      if (pk != NULL && (strv_len0 (sw_constraint_get_columns (pk)) != 1 ||
                         strcmp (sw_constraint_get_columns (pk)[0], "id") != 0))
        continue;
      id = lookup_node (run, (guint)r, "id");
      if (id < 0 || !node_at (run, id)->eligible ||
          strcmp (type_family (node->column), type_family (node_at (run, id)->column)) != 0)
        continue;
      uf_union (run->parent, id, (int)i);
    }
}

static void
read_workload (Run *run)
{
  g_autoptr(GPtrArray) uses = NULL;

  if (run->workload == NULL)
    return;
  uses = sw_workload_analyze (run->workload, run->schema);
  for (guint i = 0; i < uses->len; i++)
    {
      SwWorkloadUse *use = g_ptr_array_index (uses, i);
      int t = lookup_table (run, use->table);
      int n = t >= 0 ? lookup_node (run, (guint)t, use->column) : -1;
      double w = log2 (1.0 + (double)use->calls);

      if (n < 0)
        continue;
      switch (use->kind)
        {
        case SW_WORKLOAD_USE_FILTER:
          run->node_filter[n] += w;
          if (!node_at (run, n)->eligible)
            {
              TableInfo *info = table_at (run, (guint)t);

              node_at (run, n)->eligible = !info->skip && !info->keep_local &&
                                           column_is_eligible (run, info, node_at (run, n)->column);
            }
          break;
        case SW_WORKLOAD_USE_GROUP_BY:
          run->node_group_by[n] += w;
          break;
        case SW_WORKLOAD_USE_JOIN:
          {
            int t2 = lookup_table (run, use->other_table);
            int n2 = t2 >= 0 ? lookup_node (run, (guint)t2, use->other_column) : -1;
            g_autofree char *k = NULL;
            double *sum;

            if (n2 < 0)
              break;
            /* A join in the workload is as good as a foreign key for
             * telling that two columns hold the same key.
             */
            if (node_at (run, n)->eligible && node_at (run, n2)->eligible &&
                strcmp (type_family (node_at (run, n)->column), type_family (node_at (run, n2)->column)) == 0)
              uf_union (run->parent, n, n2);
            k = g_strdup_printf ("%d\037%d", MIN (n, n2), MAX (n, n2));
            sum = g_hash_table_lookup (run->join_calls, k);
            if (sum == NULL)
              {
                sum = g_new0 (double, 1);
                g_hash_table_insert (run->join_calls, g_steal_pointer (&k), sum);
              }
            *sum += w;
          }
          break;
        default:
          break;
        }
    }
}

static double
node_score (Run *run,
            int  n)
{
  Node *node = node_at (run, n);

  return (node->score + 1.5 * run->node_filter[n] + 0.5 * run->node_group_by[n]) *
         table_at (run, node->table)->weight;
}

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  const KeyClass *ca = *(KeyClass * const *)a;
  const KeyClass *cb = *(KeyClass * const *)b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  return ca->id < cb->id ? -1 : (ca->id > cb->id ? 1 : 0);
}

static gboolean
has_foreign_key_to (TableInfo  *info,
                    const char *qname)
{
  GPtrArray *fks = sw_table_get_foreign_keys (info->table);

  for (guint f = 0; f < fks->len; f++)
    if (strcmp (sw_foreign_key_get_ref_table (g_ptr_array_index (fks, f)), qname) == 0)
      return TRUE;
  return FALSE;
}

/* A column in its class by its name alone: named as a reference, and in
 * no foreign key (those count as foreign keys).
 */
static gboolean
linked_by_name (Run *run,
                int  n)
{
  Node *node = node_at (run, n);
  TableInfo *info = table_at (run, node->table);
  const char *name = sw_column_get_name (node->column);
  GPtrArray *fks = sw_table_get_foreign_keys (info->table);

  if (!is_reference_name (key_name_of (info, name)))
    return FALSE;
  for (guint f = 0; f < fks->len; f++)
    if (strv_contains_at (sw_foreign_key_get_columns (g_ptr_array_index (fks, f)), name, NULL))
      return FALSE;
  return TRUE;
}

/* Every member of a class whose root is known, and that has no foreign key
 * to the root, is linked to it by name alone.
 */
static void
build_links (Run *run)
{
  for (guint c = 0; c < run->classes->len; c++)
    {
      KeyClass *cls = g_ptr_array_index (run->classes, c);
      int root_node = cls->root_node;
      guint root_table;

      /* Without a table keyed by it (a tenant id whose tenants live
       * elsewhere), the key still joins its tables: link them to the one
       * that holds it best.
       */
      for (guint j = 0; j < cls->nodes->len && cls->root_node < 0; j++)
        {
          int n = g_array_index (cls->nodes, int, j);

          if (linked_by_name (run, n) && (root_node < 0 || node_score (run, n) > node_score (run, root_node)))
            root_node = n;
        }
      if (root_node < 0)
        continue;
      root_table = node_at (run, root_node)->table;
      for (guint j = 0; j < cls->nodes->len; j++)
        {
          int n = g_array_index (cls->nodes, int, j);
          TableInfo *info = table_at (run, node_at (run, n)->table);
          Link link = { n, root_node };

          if (node_at (run, n)->table == root_table || !linked_by_name (run, n) ||
              has_foreign_key_to (info, table_at (run, root_table)->qname))
            continue;
          g_array_append_val (run->links, link);
        }
    }
}

static void
build_classes (Run *run)
{
  g_autoptr(GHashTable) by_root = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  run->class_of_node = g_new (int, run->nodes->len);
  for (guint i = 0; i < run->nodes->len; i++)
    {
      Node *node = node_at (run, (int)i);
      int root = uf_find (run->parent, (int)i);
      KeyClass *cls;

      run->class_of_node[i] = -1;
      if (!node->eligible)
        continue;
      cls = g_hash_table_lookup (by_root, GINT_TO_POINTER (root + 1));
      if (cls == NULL)
        {
          cls = g_new0 (KeyClass, 1);
          cls->id = root;
          cls->nodes = g_array_new (FALSE, FALSE, sizeof (int));
          cls->root_table = -1;
          cls->root_node = -1;
          g_hash_table_insert (by_root, GINT_TO_POINTER (root + 1), cls);
          g_ptr_array_add (run->classes, cls);
        }
      g_array_append_val (cls->nodes, i);
    }

  for (guint c = 0; c < run->classes->len; c++)
    {
      KeyClass *cls = g_ptr_array_index (run->classes, c);
      g_autoptr(GHashTable) best = g_hash_table_new (NULL, NULL);   /* table → best score */
      gboolean composite_use = FALSE;
      gboolean workload_use = FALSE;
      double score = 0;

      for (guint j = 0; j < cls->nodes->len; j++)
        {
          int n = g_array_index (cls->nodes, int, j);
          Node *node = node_at (run, n);
          TableInfo *info = table_at (run, node->table);
          SwConstraint *pk = sw_table_get_primary_key (info->table);
          const char *name = sw_column_get_name (node->column);
          double s = node_score (run, n);
          double *prev;

          prev = g_hash_table_lookup (best, GINT_TO_POINTER (node->table + 1));
          if (prev == NULL)
            {
              prev = g_new0 (double, 1);
              *prev = -1;
              g_hash_table_insert (best, GINT_TO_POINTER (node->table + 1), prev);
              cls->n_tables++;
            }
          if (s > *prev)
            *prev = s;
          if (pk != NULL && strv_contains_at (sw_constraint_get_columns (pk), name, NULL))
            {
              if (strv_len0 (sw_constraint_get_columns (pk)) == 1)
                {
                  if (cls->root_table < 0)
                    {
                      cls->root_table = (int)node->table;
                      cls->root_node = n;
                    }
                }
              else
                composite_use = TRUE;
            }
        }
      g_hash_table_iter_init (&iter, best);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          score += *(double *)value;
          g_free (value);
        }

      /* Every foreign key and workload join inside the class becomes a
       * colocated join.
       */
      for (guint j = 0; j < cls->nodes->len; j++)
        {
          int n = g_array_index (cls->nodes, int, j);
          TableInfo *info = table_at (run, node_at (run, n)->table);
          GPtrArray *fks = sw_table_get_foreign_keys (info->table);
          const char *name = sw_column_get_name (node_at (run, n)->column);

          for (guint f = 0; f < fks->len; f++)
            {
              SwForeignKey *fk = g_ptr_array_index (fks, f);

              if (strv_contains_at (sw_foreign_key_get_columns (fk), name, NULL))
                score += 1.0;
            }
        }

      /* Workload joins between two columns of the class. */
      g_hash_table_iter_init (&iter, run->join_calls);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int a, b;

          if (sscanf (key, "%d\037%d", &a, &b) == 2 &&
              uf_find (run->parent, a) == cls->id && uf_find (run->parent, b) == cls->id &&
              node_at (run, a)->eligible && node_at (run, b)->eligible)
            {
              score += 2.0 * *(double *)value;
              workload_use = TRUE;
            }
        }
      for (guint j = 0; j < cls->nodes->len; j++)
        {
          int n = g_array_index (cls->nodes, int, j);

          if (run->node_filter[n] > 0 || run->node_group_by[n] > 0)
            workload_use = TRUE;
        }

      /* A key only a lookup table holds, that no composite key and no query
       * uses, describes things: its tables want to be reference tables.
       */
      cls->dimension = cls->root_table >= 0 && table_at (run, (guint)cls->root_table)->lookup &&
                       !composite_use && !workload_use;
      if (cls->dimension)
        score *= 0.5;
      cls->score = score;
    }

  g_ptr_array_sort (run->classes, compare_classes);
  for (guint c = 0; c < run->classes->len; c++)
    {
      KeyClass *cls = g_ptr_array_index (run->classes, c);

      for (guint j = 0; j < cls->nodes->len; j++)
        run->class_of_node[g_array_index (cls->nodes, int, j)] = (int)c;
    }
  build_links (run);
}

/* Simulation of one plan */

static void
simulation_free (Simulation *sim)
{
  if (sim == NULL)
    return;
  g_array_unref (sim->groups);
  g_free (sim->kind);
  g_free (sim->group);
  g_free (sim->node);
  for (guint i = 0; i < sim->n; i++)
    g_free (sim->added_column[i]);
  g_free (sim->added_column);
  g_free (sim->added_via);
  g_free (sim->why);
  g_free (sim->group_size);
  g_free (sim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Simulation, simulation_free)

static gboolean
undecided (Simulation *sim,
           Run        *run,
           guint       t)
{
  TableInfo *info = table_at (run, t);

  return !info->skip && sim->why[t] == WHY_NONE;
}

static void
assign_group (Run        *run,
              Simulation *sim,
              int         c)
{
  KeyClass *cls = g_ptr_array_index (run->classes, c);
  Group group = { c, -1 };
  int gi = (int)sim->groups->len;
  double best_weight = -1;

  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint j = 0; j < cls->nodes->len; j++)
    {
      int n = g_array_index (cls->nodes, int, j);
      guint t = node_at (run, n)->table;

      if (sim->group[t] == gi)
        {
          /* Another column of the same table in the class: keep the best. */
          if (node_score (run, n) > node_score (run, sim->node[t]))
            sim->node[t] = n;
          continue;
        }
      if (!undecided (sim, run, t))
        continue;
      sim->kind[t] = SW_PLAN_KIND_DISTRIBUTED;
      sim->group[t] = gi;
      sim->node[t] = n;
      sim->why[t] = WHY_GROUP_MEMBER;
      g_array_append_val (members, t);
    }

  /* The group's root: the table whose primary key is the key, else the
   * biggest member; the others colocate with it.
   */
  if (cls->root_table >= 0 && sim->group[cls->root_table] == gi)
    group.root_table = cls->root_table;
  if (group.root_table < 0)
    {
      for (guint m = 0; m < members->len; m++)
        {
          guint t = g_array_index (members, guint, m);
          TableInfo *info = table_at (run, t);
          double w = info->rows > 0 ? (double)info->rows : info->weight;

          if (w > best_weight)
            {
              best_weight = w;
              group.root_table = (int)t;
            }
        }
    }
  if (group.root_table >= 0)
    sim->why[group.root_table] = WHY_GROUP_ROOT;
  g_array_append_val (sim->groups, group);
}

static gboolean
class_is_useful_alone (Run        *run,
                       Simulation *sim,
                       int         c)
{
  KeyClass *cls = g_ptr_array_index (run->classes, c);
  g_autoptr(GHashTable) tables = g_hash_table_new (NULL, NULL);

  if (cls->dimension)
    return FALSE;
  for (guint j = 0; j < cls->nodes->len; j++)
    {
      guint t = node_at (run, g_array_index (cls->nodes, int, j))->table;

      if (undecided (sim, run, t))
        g_hash_table_add (tables, GUINT_TO_POINTER (t + 1));
    }
  return g_hash_table_size (tables) >= 2;
}

static const char *
distribution_column_of (Run        *run,
                        Simulation *sim,
                        guint       t)
{
  if (sim->added_column[t] != NULL)
    return sim->added_column[t];
  if (sim->node[t] >= 0)
    return sw_column_get_name (node_at (run, sim->node[t])->column);
  return NULL;
}

/* The score of a whole plan: what each distribution column is worth to its
 * table, the foreign keys and workload joins that become local, minus what
 * breaks or needs a schema fix.
 */
static void
score_simulation (Run        *run,
                  Simulation *sim)
{
  double score = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint t = 0; t < sim->n; t++)
    {
      TableInfo *info = table_at (run, t);
      GPtrArray *fks;
      const char *dcol;

      if (info->skip)
        continue;
      fks = info->fks;
      if (sim->kind[t] == SW_PLAN_KIND_DISTRIBUTED)
        {
          GPtrArray *constraints = sw_table_get_constraints (info->table);
          int n = sim->node[t];

          dcol = distribution_column_of (run, sim, t);
          if (n >= 0)
            {
              KeyClass *cls = run->class_of_node[n] >= 0 ? g_ptr_array_index (run->classes, run->class_of_node[n]) : NULL;

              score += node_score (run, n);
              /* A tenant key whose root lives outside the schema. */
              if (cls != NULL && cls->root_table < 0 && cls->n_tables >= 2 &&
                  is_tenant_name (sw_column_get_name (node_at (run, n)->column)))
                score += 1.0;
              if (info->lookup && cls != NULL && cls->dimension)
                score -= 1.0;
            }
          else
            score += 0.25;
          if (sim->added_column[t] != NULL)
            score -= 1.5;
          /* The rows of one parent kept together with it, or scattered. */
          if (info->identifying != NULL)
            {
              int r = info->identifying_ref;
              const char *own = sw_foreign_key_get_columns (info->identifying)[0];

              if (strcmp (dcol, own) != 0)
                score -= 1.5;
              else if (r >= 0 && sim->kind[r] == SW_PLAN_KIND_DISTRIBUTED && sim->group[r] == sim->group[t])
                score += 2.5;
            }
          for (guint i = 0; i < constraints->len; i++)
            {
              SwConstraint *c = g_ptr_array_index (constraints, i);
              SwConstraintKind kind = sw_constraint_get_kind (c);

              if ((kind == SW_CONSTRAINT_PRIMARY_KEY || kind == SW_CONSTRAINT_UNIQUE) &&
                  !strv_contains_at (sw_constraint_get_columns (c), dcol, NULL))
                score -= 0.5;
            }
          for (guint f = 0; f < fks->len; f++)
            {
              int r = info->fk_ref[f];
              SwForeignKey *fk = g_ptr_array_index (fks, f);
              guint pos;

              if (r < 0)
                continue;
              if (sim->kind[r] == SW_PLAN_KIND_REFERENCE)
                score += 0.5;
              else if (sim->kind[r] == SW_PLAN_KIND_DISTRIBUTED && sim->group[r] == sim->group[t])
                {
                  if (strv_contains_at (sw_foreign_key_get_columns (fk), dcol, &pos) &&
                      g_strcmp0 (sw_foreign_key_get_ref_columns (fk)[pos], distribution_column_of (run, sim, (guint)r)) == 0)
                    score += 2.0;
                  else
                    score -= 1.0;
                }
              else
                score -= 6.0;   /* no plan can keep this foreign key */
            }
        }
      else if (sim->kind[t] == SW_PLAN_KIND_REFERENCE)
        {
          for (guint f = 0; f < fks->len; f++)
            {
              int r = info->fk_ref[f];

              if (r >= 0 && sim->kind[r] == SW_PLAN_KIND_DISTRIBUTED)
                score -= 6.0;
            }
        }
    }

  /* Keys shared by name: colocated, or one side a reference table, the
   * join stays on each node; split across groups, it repartitions.
   */
  for (guint l = 0; l < run->links->len; l++)
    {
      Link *link = &g_array_index (run->links, Link, l);
      guint ta = node_at (run, link->node)->table;
      guint tr = node_at (run, link->root_node)->table;

      if (sim->kind[ta] == SW_PLAN_KIND_DISTRIBUTED && sim->kind[tr] == SW_PLAN_KIND_DISTRIBUTED)
        {
          if (sim->group[ta] == sim->group[tr] && sim->node[ta] == link->node && sim->node[tr] == link->root_node)
            score += 2.0;
          else
            score -= 1.0;
        }
      else if ((sim->kind[ta] == SW_PLAN_KIND_REFERENCE && sim->kind[tr] == SW_PLAN_KIND_DISTRIBUTED) ||
               (sim->kind[tr] == SW_PLAN_KIND_REFERENCE && sim->kind[ta] == SW_PLAN_KIND_DISTRIBUTED))
        score += 0.5;
    }

  g_hash_table_iter_init (&iter, run->join_calls);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int a, b;
      guint ta, tb;

      if (sscanf (key, "%d\037%d", &a, &b) != 2)
        continue;
      ta = node_at (run, a)->table;
      tb = node_at (run, b)->table;
      if (sim->kind[ta] == SW_PLAN_KIND_DISTRIBUTED && sim->kind[tb] == SW_PLAN_KIND_DISTRIBUTED &&
          sim->group[ta] == sim->group[tb] && sim->node[ta] == a && sim->node[tb] == b)
        score += 2.0 * *(double *)value;
      else if (sim->kind[ta] == SW_PLAN_KIND_REFERENCE || sim->kind[tb] == SW_PLAN_KIND_REFERENCE)
        score += 0.5 * *(double *)value;
    }

  if (!sim->first_useful && sim->first_class >= 0)
    score -= 100.0;
  sim->score = score;
}

static gboolean
is_big (TableInfo *info)
{
  return info->rows >= BIG_TABLE_ROWS || info->bytes >= BIG_TABLE_BYTES;
}

/* Tables that distributed and reference tables point at become reference
 * tables, and so do the tables those point at. With @small_only, big
 * tables are left for a group of their own.
 */
static void
propagate_reference (Run        *run,
                     Simulation *sim,
                     gboolean    small_only)
{
  gboolean changed;

  do
    {
      changed = FALSE;
      for (guint t = 0; t < sim->n; t++)
        {
          GPtrArray *fks;

          /* Tables of distributed schemas may point at reference tables only. */
          if (!table_at (run, t)->tenant_schema)
            {
              if (sim->why[t] == WHY_NONE || table_at (run, t)->skip)
                continue;
              if (sim->kind[t] != SW_PLAN_KIND_DISTRIBUTED && sim->kind[t] != SW_PLAN_KIND_REFERENCE)
                continue;
            }
          fks = table_at (run, t)->fks;
          for (guint f = 0; f < fks->len; f++)
            {
              int r = table_at (run, t)->fk_ref[f];

              if (r >= 0 && undecided (sim, run, (guint)r) && !(small_only && is_big (table_at (run, (guint)r))))
                {
                  sim->kind[r] = SW_PLAN_KIND_REFERENCE;
                  sim->why[r] = WHY_REFERENCED;
                  changed = TRUE;
                }
            }
        }
    }
  while (changed);
}

/* Tables pointing at a distributed table without its key get the key:
 * neither a reference nor a local table may point at a distributed one.
 */
static void
add_keys (Run        *run,
          Simulation *sim)
{
  guint n = sim->n;
  gboolean changed;

  do
    {
      changed = FALSE;
      for (guint t = 0; t < n; t++)
        {
          GPtrArray *fks;

          if (!undecided (sim, run, t))
            continue;
          fks = table_at (run, t)->fks;
          for (guint f = 0; f < fks->len; f++)
            {
              SwForeignKey *fk = g_ptr_array_index (fks, f);
              int r = table_at (run, t)->fk_ref[f];
              const char *column;
              int existing;

              if (r < 0 || sim->kind[r] != SW_PLAN_KIND_DISTRIBUTED || sim->why[r] == WHY_NONE)
                continue;
              column = distribution_column_of (run, sim, (guint)r);
              if (column == NULL)
                continue;
              existing = lookup_node (run, t, column);
              sim->kind[t] = SW_PLAN_KIND_DISTRIBUTED;
              sim->group[t] = sim->group[r];
              if (existing >= 0 && node_at (run, existing)->eligible)
                sim->node[t] = existing;
              else
                sim->added_column[t] = g_strdup (column);
              sim->added_via[t] = fk;
              sim->why[t] = WHY_ADDED_COLUMN;
              sim->n_fixes++;
              changed = TRUE;
              break;
            }
        }
    }
  while (changed);
}

static Simulation *
simulate (Run *run,
          int  first_class)
{
  guint n = run->tables->len;
  Simulation *sim = g_new0 (Simulation, 1);

  sim->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  sim->kind = g_new0 (SwPlanKind, n);
  sim->group = g_new (int, n);
  sim->node = g_new (int, n);
  sim->n = n;
  sim->added_column = g_new0 (char *, n);
  sim->added_via = g_new0 (SwForeignKey *, n);
  sim->why = g_new0 (int, n);
  sim->first_class = first_class;
  for (guint t = 0; t < n; t++)
    {
      TableInfo *info = table_at (run, t);

      sim->group[t] = -1;
      sim->node[t] = -1;
      if (info->keep_local)
        {
          sim->kind[t] = SW_PLAN_KIND_LOCAL;
          sim->why[t] = WHY_LOCAL_KIND;
        }
      else if (info->pinned && info->pinned_kind != SW_PLAN_KIND_DISTRIBUTED)
        {
          sim->kind[t] = info->pinned_kind;
          sim->why[t] = WHY_PINNED;
        }
    }

  if (first_class >= 0)
    assign_group (run, sim, first_class);
  sim->first_useful = first_class >= 0 && ((KeyClass *)g_ptr_array_index (run->classes, first_class))->n_tables >= 2 &&
                      !((KeyClass *)g_ptr_array_index (run->classes, first_class))->dimension;
  /* What the first group points at is what it describes: reference tables
   * (unless big), before any of it can start a group of its own.
   */
  if (first_class >= 0)
    {
      add_keys (run, sim);
      propagate_reference (run, sim, TRUE);
    }
  for (guint c = 0; c < run->classes->len; c++)
    {
      if ((int)c != first_class && class_is_useful_alone (run, sim, (int)c))
        assign_group (run, sim, (int)c);
    }

  add_keys (run, sim);

  /* Big tables left over get a group of their own. */
  for (guint t = 0; t < n; t++)
    {
      TableInfo *info = table_at (run, t);
      int best = -1;
      double best_score = -G_MAXDOUBLE;
      GPtrArray *columns;

      if (!undecided (sim, run, t) ||
          !(info->rows >= BIG_TABLE_ROWS || info->bytes >= BIG_TABLE_BYTES))
        continue;
      columns = sw_table_get_columns (info->table);
      for (guint c = 0; c < columns->len; c++)
        {
          int node = lookup_node (run, t, sw_column_get_name (g_ptr_array_index (columns, c)));

          if (node >= 0 && node_at (run, node)->eligible && node_score (run, node) > best_score)
            {
              best = node;
              best_score = node_score (run, node);
            }
        }
      if (best >= 0)
        {
          Group group = { run->class_of_node[best], (int)t };

          sim->kind[t] = SW_PLAN_KIND_DISTRIBUTED;
          sim->node[t] = best;
          sim->group[t] = (int)sim->groups->len;
          sim->why[t] = WHY_BIG_ALONE;
          g_array_append_val (sim->groups, group);
        }
    }

  propagate_reference (run, sim, FALSE);

  /* What is left is small, or of unknown size and tied to nothing:
   * reference tables, so that every node can join them.
   */
  for (guint t = 0; t < n; t++)
    {
      if (!undecided (sim, run, t))
        continue;
      /* Beside distributed schemas and nothing distributed by column, a
       * table no Citus table points at serves the coordinator alone (the
       * tenant registry of a schema-per-tenant app).
       */
      if (run->tenant_schemas->len > 0 && sim->groups->len == 0)
        {
          sim->kind[t] = SW_PLAN_KIND_LOCAL;
          sim->why[t] = WHY_BESIDE_SCHEMAS;
          continue;
        }
      sim->kind[t] = SW_PLAN_KIND_REFERENCE;
      sim->why[t] = WHY_SMALL;
    }

  sim->group_size = g_new0 (guint, sim->groups->len + 1);
  for (guint t = 0; t < n; t++)
    if (sim->group[t] >= 0)
      sim->group_size[sim->group[t]]++;
  score_simulation (run, sim);
  return sim;
}

/* Advice: schema fixes */

static char *
quote_columns (const char * const *columns,
               const char         *first)
{
  GString *out = g_string_new (NULL);

  if (first != NULL)
    {
      g_autofree char *q = sw_quote_identifier (first);

      g_string_append (out, q);
    }
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    {
      g_autofree char *q = NULL;

      if (first != NULL && strcmp (columns[i], first) == 0)
        continue;
      q = sw_quote_identifier (columns[i]);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, q);
    }
  return g_string_free (out, FALSE);
}

static void
add_advice (Run          *run,
            SwAdviceKind  kind,
            const char   *table,
            const char   *ddl,
            const char   *reason)
{
  g_ptr_array_add (run->advice, sw_advice_new (kind, table, ddl, reason));
}

static const char *
column_type_of (Run        *run,
                guint       t,
                const char *column)
{
  SwColumn *col = sw_table_find_column (table_at (run, t)->table, column);

  return col != NULL ? sw_column_get_type_name (col) : "bigint";
}

static void
advise_fixes (Run        *run,
              Simulation *sim)
{
  guint n = run->tables->len;
  g_autoptr(GString) drop_fks = g_string_new (NULL);
  g_autoptr(GPtrArray) add_fks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) add_fk_tables = g_ptr_array_new ();
  gboolean needs_unsafe_triggers = FALSE;

  /* 1. Tenant columns, in the order they were added, so each backfill
   *    reads a column its parent already has.
   */
  for (int pass = 0; pass < (int)n; pass++)
    {
      gboolean any = FALSE;

      for (guint t = 0; t < n; t++)
        {
          SwForeignKey *fk = sim->added_via[t];
          int r;
          g_autofree char *qcol = NULL;
          g_autofree char *ddl = NULL;
          g_autofree char *reason = NULL;
          g_autofree char *where = NULL;
          const char *parent_col;
          GString *cond;

          if (sim->added_column[t] == NULL || fk == NULL)
            continue;
          r = lookup_table (run, sw_foreign_key_get_ref_table (fk));
          /* Parents first: skip while the parent still waits for its column. */
          if (r >= 0 && sim->added_column[r] != NULL && sim->added_via[r] != NULL)
            continue;
          parent_col = distribution_column_of (run, sim, (guint)r);
          qcol = sw_quote_identifier (sim->added_column[t]);
          cond = g_string_new (NULL);
          {
            const char * const *cols = sw_foreign_key_get_columns (fk);
            const char * const *refs = sw_foreign_key_get_ref_columns (fk);

            for (guint i = 0; cols != NULL && cols[i] != NULL; i++)
              {
                g_autofree char *a = sw_quote_identifier (cols[i]);
                g_autofree char *b = sw_quote_identifier (refs[i]);

                g_string_append_printf (cond, "%sp.%s = t.%s", i > 0 ? " AND " : "", b, a);
              }
          }
          where = g_string_free (cond, FALSE);
          {
            g_autofree char *qparent_col = sw_quote_identifier (parent_col);

            ddl = g_strdup_printf ("ALTER TABLE %s ADD COLUMN %s %s;\n"
                                   "UPDATE %s AS t SET %s = p.%s FROM %s AS p WHERE %s;\n"
                                   "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;",
                                   table_at (run, t)->qname, qcol, column_type_of (run, (guint)r, parent_col),
                                   table_at (run, t)->qname, qcol, qparent_col, table_at (run, (guint)r)->qname, where,
                                   table_at (run, t)->qname, qcol);
          }
          reason = g_strdup_printf (_("%s points at %s, which is distributed on %s, but has no %s column: "
                                      "the column is added and filled from %s along the foreign key, so that "
                                      "both tables live on the same shard for each %s"),
                                    table_at (run, t)->qname, table_at (run, (guint)r)->qname, parent_col,
                                    sim->added_column[t], table_at (run, (guint)r)->qname, parent_col);
          add_advice (run, SW_ADVICE_ADD_COLUMN, table_at (run, t)->qname, ddl, reason);
          /* Done: mark it by pointing nowhere, keep the column name. */
          sim->added_via[t] = NULL;
          any = TRUE;
        }
      if (!any)
        break;
    }

  /* 2. Foreign keys between distributed tables must carry the distribution
   *    column on both sides; drop them before the keys change, add them back
   *    after.
   */
  for (guint t = 0; t < n; t++)
    {
      GPtrArray *fks;
      const char *dcol;

      if (sim->kind[t] != SW_PLAN_KIND_DISTRIBUTED)
        continue;
      dcol = distribution_column_of (run, sim, t);
      fks = table_at (run, t)->fks;
      for (guint f = 0; f < fks->len; f++)
        {
          SwForeignKey *fk = g_ptr_array_index (fks, f);
          int r = table_at (run, t)->fk_ref[f];
          const char *rcol;
          guint pos;
          g_autofree char *qname = NULL;
          g_autofree char *cols = NULL;
          g_autofree char *refs = NULL;

          if (r < 0 || sim->kind[r] != SW_PLAN_KIND_DISTRIBUTED)
            continue;
          rcol = distribution_column_of (run, sim, (guint)r);
          if (strv_contains_at (sw_foreign_key_get_columns (fk), dcol, &pos) &&
              g_strcmp0 (sw_foreign_key_get_ref_columns (fk)[pos], rcol) == 0)
            continue;
          qname = sw_quote_identifier (sw_foreign_key_get_name (fk));
          g_string_append_printf (drop_fks, "ALTER TABLE %s DROP CONSTRAINT %s;\n", table_at (run, t)->qname, qname);
          cols = quote_columns (sw_foreign_key_get_columns (fk), dcol);
          refs = quote_columns (sw_foreign_key_get_ref_columns (fk), rcol);
          g_ptr_array_add (add_fks, g_strdup_printf ("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)%s%s;",
                                                     table_at (run, t)->qname, qname, cols,
                                                     table_at (run, (guint)r)->qname, refs,
                                                     sw_foreign_key_get_on_delete (fk) == SW_FK_ACTION_CASCADE ? " ON DELETE CASCADE" : "",
                                                     sw_foreign_key_get_on_update (fk) == SW_FK_ACTION_CASCADE ? " ON UPDATE CASCADE" : ""));
          g_ptr_array_add (add_fk_tables, (gpointer)table_at (run, t)->qname);
        }
    }
  if (drop_fks->len > 0)
    {
      g_string_truncate (drop_fks, drop_fks->len - 1);
      add_advice (run, SW_ADVICE_FOREIGN_KEY_FIX, NULL, drop_fks->str,
                  _("Foreign keys between distributed tables must include the distribution column on both "
                    "sides; they are dropped here and added back with it once the keys include it"));
    }

  /* 3. Primary keys, unique constraints and unique indexes of distributed
   *    tables must include the distribution column.
   */
  for (guint t = 0; t < n; t++)
    {
      GPtrArray *constraints;
      GPtrArray *indexes;
      const char *dcol;
      TableInfo *info = table_at (run, t);

      if (sim->kind[t] != SW_PLAN_KIND_DISTRIBUTED)
        continue;
      dcol = distribution_column_of (run, sim, t);
      constraints = sw_table_get_constraints (info->table);
      for (guint i = 0; i < constraints->len; i++)
        {
          SwConstraint *c = g_ptr_array_index (constraints, i);
          SwConstraintKind kind = sw_constraint_get_kind (c);
          g_autofree char *qname = NULL;
          g_autofree char *cols = NULL;
          g_autofree char *ddl = NULL;
          g_autofree char *reason = NULL;

          if (kind != SW_CONSTRAINT_PRIMARY_KEY && kind != SW_CONSTRAINT_UNIQUE && kind != SW_CONSTRAINT_EXCLUDE)
            continue;
          if (strv_contains_at (sw_constraint_get_columns (c), dcol, NULL))
            continue;
          qname = sw_quote_identifier (sw_constraint_get_name (c));
          cols = quote_columns (sw_constraint_get_columns (c), dcol);
          if (kind == SW_CONSTRAINT_EXCLUDE)
            {
              reason = g_strdup_printf (_("The exclusion constraint %s of %s does not include the distribution column %s: "
                                          "Citus cannot check it across shards; it is dropped"),
                                        sw_constraint_get_name (c), info->qname, dcol);
              ddl = g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s;", info->qname, qname);
            }
          else
            {
              reason = g_strdup_printf (_("Citus checks %s only within a shard, so it must include the distribution "
                                          "column %s of %s; (%s) stays unique for each %s"),
                                        sw_constraint_get_name (c), dcol, info->qname, cols, dcol);
              ddl = g_strdup_printf ("ALTER TABLE %s DROP CONSTRAINT %s, ADD CONSTRAINT %s %s (%s);",
                                     info->qname, qname, qname,
                                     kind == SW_CONSTRAINT_PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE", cols);
            }
          add_advice (run, SW_ADVICE_KEY_FIX, info->qname, ddl, reason);
          sim->n_fixes++;
        }

      indexes = sw_table_get_indexes (info->table);
      for (guint i = 0; i < indexes->len; i++)
        {
          SwIndex *index = g_ptr_array_index (indexes, i);
          g_autofree char *qname = NULL;
          g_autofree char *cols = NULL;
          g_autofree char *ddl = NULL;
          g_autofree char *reason = NULL;
          const gboolean *is_expr;
          guint n_keys = 0;
          gboolean has_expr = FALSE;

          if (!sw_index_get_unique (index) || strv_contains_at (sw_index_get_keys (index), dcol, NULL))
            continue;
          is_expr = sw_index_get_key_is_expression (index, &n_keys);
          for (guint k = 0; k < n_keys; k++)
            has_expr |= is_expr[k];
          qname = sw_quote_qualified_name (sw_table_get_schema_name (info->table), sw_index_get_name (index));
          if (has_expr || sw_index_get_predicate (index) != NULL)
            {
              ddl = g_strdup_printf ("DROP INDEX %s;", qname);
              reason = g_strdup_printf (_("The unique index %s of %s does not include the distribution column %s and "
                                          "cannot be rewritten with it automatically; it is dropped: recreate it "
                                          "with %s as its first column"),
                                        sw_index_get_name (index), info->qname, dcol, dcol);
            }
          else
            {
              g_autofree char *bare = sw_quote_identifier (sw_index_get_name (index));

              cols = quote_columns (sw_index_get_keys (index), dcol);
              ddl = g_strdup_printf ("DROP INDEX %s;\nCREATE UNIQUE INDEX %s ON %s USING %s (%s);",
                                     qname, bare, info->qname,
                                     sw_index_get_access_method (index) ? sw_index_get_access_method (index) : "btree",
                                     cols);
              reason = g_strdup_printf (_("Citus checks the unique index %s only within a shard, so it must include "
                                          "the distribution column %s of %s"),
                                        sw_index_get_name (index), dcol, info->qname);
            }
          add_advice (run, SW_ADVICE_KEY_FIX, info->qname, ddl, reason);
          sim->n_fixes++;
        }

    }

  for (guint t = 0; t < n; t++)
    if ((sim->kind[t] == SW_PLAN_KIND_DISTRIBUTED || sim->kind[t] == SW_PLAN_KIND_REFERENCE) &&
        sw_table_get_triggers (table_at (run, t)->table)->len > 0)
      needs_unsafe_triggers = TRUE;

  for (guint i = 0; i < add_fks->len; i++)
    add_advice (run, SW_ADVICE_FOREIGN_KEY_FIX, g_ptr_array_index (add_fk_tables, i),
                g_ptr_array_index (add_fks, i),
                _("The foreign key comes back with the distribution column on both sides, so Citus "
                  "checks it inside each shard"));

  /* 4. serial and integer identity columns of distributed tables become
   *    bigint, and so do the integer distribution columns colocated with
   *    them: colocated distribution columns must have the same type.
   */
  {
    g_autofree gboolean *group_bigint = g_new0 (gboolean, sim->groups->len + 1);

    for (int pass = 0; pass < 2; pass++)
      for (guint t = 0; t < n; t++)
        {
          GPtrArray *columns;
          TableInfo *info = table_at (run, t);
          const char *dcol;

          if (sim->kind[t] != SW_PLAN_KIND_DISTRIBUTED || sim->group[t] < 0)
            continue;
          dcol = distribution_column_of (run, sim, t);
          columns = sw_table_get_columns (info->table);
          for (guint c = 0; c < columns->len; c++)
            {
              SwColumn *column = g_ptr_array_index (columns, c);
              const char *internal = sw_column_get_type_internal (column);
              const char *def = sw_column_get_default_expr (column);
              gboolean sequence = (def != NULL && strstr (def, "nextval(") != NULL) ||
                                  sw_column_get_identity (column) != SW_IDENTITY_NONE;
              gboolean is_dist = strcmp (sw_column_get_name (column), dcol) == 0;
              g_autofree char *qcol = NULL;
              g_autofree char *ddl = NULL;
              g_autofree char *reason = NULL;

              if (internal == NULL || (strcmp (internal, "int4") != 0 && strcmp (internal, "int2") != 0))
                continue;
              if (pass == 0)
                {
                  if (sequence && is_dist)
                    group_bigint[sim->group[t]] = TRUE;
                  continue;
                }
              if (!sequence && !(is_dist && group_bigint[sim->group[t]]))
                continue;
              qcol = sw_quote_identifier (sw_column_get_name (column));
              ddl = g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s TYPE bigint;", info->qname, qcol);
              if (sequence)
                reason = g_strdup_printf (_("%s.%s takes its values from a sequence; on a distributed table every node "
                                            "hands out values, which Citus can only keep apart in a bigint sequence, "
                                            "and an integer runs out at 2^31 rows"),
                                          info->qname, sw_column_get_name (column));
              else
                reason = g_strdup_printf (_("%s.%s is the distribution column of a table colocated with bigint ones: "
                                            "colocated distribution columns must have the same type"),
                                          info->qname, sw_column_get_name (column));
              add_advice (run, SW_ADVICE_BIGINT, info->qname, ddl, reason);
              sim->n_fixes++;
            }
          if (pass == 1 && sim->added_column[t] != NULL && group_bigint[sim->group[t]] &&
              sw_table_find_column (info->table, sim->added_column[t]) == NULL)
            {
              g_autofree char *qcol = sw_quote_identifier (sim->added_column[t]);
              g_autofree char *ddl = g_strdup_printf ("ALTER TABLE %s ALTER COLUMN %s TYPE bigint;", info->qname, qcol);
              g_autofree char *reason = g_strdup_printf (_("%s.%s is the distribution column of a table colocated with bigint ones: "
                                                           "colocated distribution columns must have the same type"),
                                                         info->qname, sim->added_column[t]);

              add_advice (run, SW_ADVICE_BIGINT, info->qname, ddl, reason);
            }
        }
  }

  if (needs_unsafe_triggers)
    add_advice (run, SW_ADVICE_SETTING, NULL, "SET citus.enable_unsafe_triggers TO on;",
                _("Some distributed tables have triggers; Citus runs them on each shard only with "
                  "citus.enable_unsafe_triggers on, which is safe when they touch colocated tables "
                  "of the same distribution value, as history and audit triggers do"));
}

/* Advice: skew and cardinality */

static void
advise_skew (Run        *run,
             Simulation *sim)
{
  for (guint t = 0; t < run->tables->len; t++)
    {
      TableInfo *info = table_at (run, t);
      SwColumn *column;
      const char * const *values;
      const double *freqs;
      guint n_freqs = 0;
      double nd;
      double average = 1.0 / run->shard_count;

      if (sim->kind[t] != SW_PLAN_KIND_DISTRIBUTED || sim->node[t] < 0)
        continue;
      column = node_at (run, sim->node[t])->column;
      if (!sw_column_has_stats (column))
        continue;

      nd = n_distinct_of (column, info->rows);
      if (nd >= 0 && nd < 4.0 * run->shard_count)
        {
          g_autofree char *reason = g_strdup_printf (_("%s.%s has about %.0f distinct values, fewer than 4 × %u shards: "
                                                       "some shards will hold several times the rows of others"),
                                                     info->qname, sw_column_get_name (column), nd, run->shard_count);

          add_advice (run, SW_ADVICE_LOW_CARDINALITY, info->qname, NULL, reason);
        }

      values = sw_column_get_most_common_values (column);
      freqs = sw_column_get_most_common_freqs (column, &n_freqs);
      if (values == NULL || freqs == NULL || n_freqs == 0)
        continue;

      /* With the Citus hash of each common value, add up what lands on each
       * shard; the rows outside the common values spread evenly (the same
       * prediction the routing page charts: SwBalanceEstimate).
       */
      {
        g_autoptr(SwBalanceEstimate) estimate = sw_balance_estimate_new (info->table, sw_column_get_name (column),
                                                                         run->shard_count, NULL);

        if (estimate != NULL)
          {
            guint worst = sw_balance_estimate_get_largest_shard (estimate);
            double load = sw_balance_estimate_get_shard (estimate, worst)->share;

            if (load > 1.5 * average)
              {
                g_autofree char *reason =
                  g_strdup_printf (_("%s.%s: its most common values put %.1f%% of the rows on shard %u of %u, "
                                     "%.1f times the average share"),
                                   info->qname, sw_column_get_name (column), 100.0 * load, worst,
                                   run->shard_count, load / average);

                add_advice (run, SW_ADVICE_SKEW, info->qname, NULL, reason);
              }
            continue;
          }
      }

      /* A type the engine cannot hash offline: one value alone above 1.5 ×
       * the average share overloads its shard, whichever shard it is.
       */
      for (guint i = 0; i < n_freqs && values[i] != NULL; i++)
        {
          if (freqs[i] > 1.5 * average)
            {
              g_autofree char *reason =
                g_strdup_printf (_("%s.%s = %s holds %.1f%% of the rows: its shard gets at least %.1f times "
                                   "the average share of %u shards"),
                                 info->qname, sw_column_get_name (column), values[i], 100.0 * freqs[i],
                                 freqs[i] / average, run->shard_count);

              add_advice (run, SW_ADVICE_SKEW, info->qname, NULL, reason);
              break;
            }
        }
    }
}

/* Turning a simulation into a plan */

static char *
reason_for (Run        *run,
            Simulation *sim,
            guint       t)
{
  TableInfo *info = table_at (run, t);
  const char *col = distribution_column_of (run, sim, t);
  Group *group = sim->group[t] >= 0 ? &g_array_index (sim->groups, Group, sim->group[t]) : NULL;
  const char *root = group != NULL && group->root_table >= 0 ? table_at (run, (guint)group->root_table)->qname : NULL;
  guint members = group != NULL ? sim->group_size[sim->group[t]] : 0;

  switch (sim->why[t])
    {
    case WHY_GROUP_ROOT:
      if (members > 1)
        return g_strdup_printf (_("%s is the root of %u tables that share the key %s: distributing all of them on it "
                                  "keeps each %s's rows on one shard, so their joins and foreign keys stay local"),
                                info->qname, members, col, col);
      return g_strdup_printf (_("%s is distributed on %s, its best key"), info->qname, col);
    case WHY_GROUP_MEMBER:
      return g_strdup_printf (_("%s carries %s, the key of %s: colocated with it, joins on %s run shard by shard"),
                              info->qname, col, root ? root : "?", col);
    case WHY_ADDED_COLUMN:
      return g_strdup_printf (_("%s points at %s; with %s added it is colocated with it (see the schema fixes)"),
                              info->qname, root ? root : "?", col);
    case WHY_REFERENCED:
      return g_strdup_printf (_("%s is pointed at by distributed or reference tables and is not keyed by their "
                                "distribution column: a reference table, copied to every node, joins with all of them"),
                              info->qname);
    case WHY_SMALL:
      if (info->rows >= 0)
        {
          g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, info->rows);

          return g_strdup_printf (_("%s is small (%s rows) and shares no key with the distributed "
                                    "tables: a reference table joins with all of them"), info->qname, rows);
        }
      return g_strdup_printf (_("%s shares no key with the distributed tables: as a reference table, copied to every "
                                "node, it joins with all of them"), info->qname);
    case WHY_BIG_ALONE:
      return g_strdup_printf (_("%s is big and shares no key with other tables: distributed on %s in a group of its own"),
                              info->qname, col);
    case WHY_LOCAL_KIND:
      return g_strdup_printf (_("%s is a foreign or temporary table: it stays on the coordinator"), info->qname);
    case WHY_PINNED:
      return g_strdup_printf (_("%s is already a Citus table in the cluster: it is kept as it is"), info->qname);
    case WHY_BESIDE_SCHEMAS:
      return g_strdup_printf (_("%s belongs to no distributed schema and no distributed table points at it: "
                                "it stays on the coordinator, which serves it as before"), info->qname);
    case WHY_SINGLE_NODE:
    default:
      return g_strdup_printf (_("%s stays a plain PostgreSQL table (see why the schema is better left on one node)"),
                              info->qname);
    }
}

static void
fill_plan (Run        *run,
           Simulation *best,
           GPtrArray  *others)
{
  guint n = run->tables->len;
  gint64 dist_bytes = 0;

  for (guint t = 0; t < n; t++)
    {
      TableInfo *info = table_at (run, t);
      g_autofree char *reason = NULL;
      double top_other = 0;
      double confidence;

      if (info->skip)
        continue;

      switch (best->kind[t])
        {
        case SW_PLAN_KIND_DISTRIBUTED:
          {
            Group *group = &g_array_index (best->groups, Group, best->group[t]);
            const char *with = NULL;

            if (group->root_table >= 0 && group->root_table != (int)t)
              with = table_at (run, (guint)group->root_table)->qname;
            else if (best->why[t] == WHY_BIG_ALONE)
              with = "none";
            sw_plan_set_distributed (run->plan, info->qname, distribution_column_of (run, best, t), with, 0);
            if (info->bytes > 0)
              dist_bytes += info->bytes;
          }
          break;
        case SW_PLAN_KIND_REFERENCE:
          sw_plan_set_reference (run->plan, info->qname);
          break;
        case SW_PLAN_KIND_SINGLE_SHARD:
          sw_plan_set_single_shard (run->plan, info->qname, NULL);
          break;
        case SW_PLAN_KIND_LOCAL:
        default:
          sw_plan_set_local (run->plan, info->qname);
          break;
        }

      /* Alternatives: what the other simulated plans did with this table,
       * each once, scored by their plan's score; then reference and local.
       */
      {
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g_autofree char *mine = g_strdup_printf ("%d\037%s", best->kind[t], distribution_column_of (run, best, t));

        g_hash_table_add (seen, g_steal_pointer (&mine));
        for (guint s = 0; s < others->len; s++)
          {
            Simulation *sim = g_ptr_array_index (others, s);
            const char *col = distribution_column_of (run, sim, t);
            g_autofree char *k = g_strdup_printf ("%d\037%s", sim->kind[t], col);
            g_autofree char *why = NULL;
            const char *with = NULL;
            double score = MAX (0.0, sim->score);

            if (g_hash_table_contains (seen, k))
              continue;
            if (sim->kind[t] == SW_PLAN_KIND_DISTRIBUTED)
              {
                Group *group = &g_array_index (sim->groups, Group, sim->group[t]);

                if (group->root_table >= 0 && group->root_table != (int)t)
                  with = table_at (run, (guint)group->root_table)->qname;
              }
            why = reason_for (run, sim, t);
            sw_plan_add_alternative (run->plan, info->qname,
                                     sw_plan_alternative_new (sim->kind[t],
                                                              sim->kind[t] == SW_PLAN_KIND_DISTRIBUTED ? col : NULL,
                                                              with, score, why));
            top_other = MAX (top_other, score);
            g_hash_table_add (seen, g_steal_pointer (&k));
          }
        if (best->kind[t] != SW_PLAN_KIND_REFERENCE && !g_hash_table_contains (seen, "1\037(null)"))
          sw_plan_add_alternative (run->plan, info->qname,
                                   sw_plan_alternative_new (SW_PLAN_KIND_REFERENCE, NULL, NULL, 0.25 * MAX (0.0, best->score),
                                                            _("a copy on every node: joins with anything, "
                                                              "but every write goes to all nodes")));
        if (best->kind[t] != SW_PLAN_KIND_LOCAL)
          sw_plan_add_alternative (run->plan, info->qname,
                                   sw_plan_alternative_new (SW_PLAN_KIND_LOCAL, NULL, NULL, 0.0,
                                                            _("stays on the coordinator: no scale-out, and joins "
                                                              "with distributed tables need the coordinator")));
      }

      /* Confidence from the margin over the runner-up plan, lower when
       * neither sizes nor a workload back the choice.
       */
      if (best->score > 0)
        confidence = 0.5 + 0.5 * (best->score - MIN (top_other, best->score)) / best->score;
      else
        confidence = 0.5;
      if (run->workload == NULL && info->rows < 0)
        confidence *= 0.9;
      if (best->why[t] == WHY_PINNED || best->why[t] == WHY_LOCAL_KIND)
        confidence = 1.0;
      confidence = CLAMP (confidence, 0.05, 0.99);
      reason = reason_for (run, best, t);
      sw_plan_set_reason (run->plan, info->qname, reason, floor (confidence * 100.0 + 0.5) / 100.0);
    }

  for (guint i = 0; i < run->tenant_schemas->len; i++)
    sw_plan_set_schema_distributed (run->plan, g_ptr_array_index (run->tenant_schemas, i), TRUE);

  if (run->requested_shard_count > 0)
    sw_plan_set_shard_count (run->plan, run->requested_shard_count);
  else
    {
      guint count = SW_PLAN_DEFAULT_SHARD_COUNT;

      /* Keep shards around a few GB; Citus's 32 is right for most. */
      while ((gint64)count * BYTES_PER_SHARD < dist_bytes && count < 1024)
        count *= 2;
      sw_plan_set_shard_count (run->plan, count);
    }
}

static gint64
total_bytes (Run *run)
{
  gint64 total = 0;

  for (guint t = 0; t < run->tables->len; t++)
    {
      TableInfo *info = table_at (run, t);

      if (info->bytes < 0 || info->rows < 0)
        return -1;
      total += info->bytes;
    }
  return total;
}

static void
make_single_node (Run        *run,
                  const char *why)
{
  GPtrArray *entries = sw_plan_get_tables (run->plan);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < entries->len; i++)
    {
      const SwPlanTable *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (names, g_strdup (entry->table));
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *qname = g_ptr_array_index (names, i);
      g_autoptr(SwPlanTable) entry = sw_plan_table_copy (sw_plan_lookup_table (run->plan, qname));
      g_autofree char *reason = NULL;

      if (entry->kind != SW_PLAN_KIND_LOCAL)
        {
          /* The distributed shape stays available as the first alternative. */
          if (entry->alternatives == NULL)
            entry->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify)sw_plan_alternative_free);
          g_ptr_array_insert (entry->alternatives, 0,
                              sw_plan_alternative_new (entry->kind, entry->column, entry->colocate_with,
                                                       entry->confidence, entry->reason));
          /* Drop the local alternative: it is the decision now. */
          for (guint j = 1; j < entry->alternatives->len; j++)
            if (((SwPlanAlternative *)g_ptr_array_index (entry->alternatives, j))->kind == SW_PLAN_KIND_LOCAL)
              g_ptr_array_remove_index (entry->alternatives, j--);
        }
      entry->kind = SW_PLAN_KIND_LOCAL;
      g_clear_pointer (&entry->column, g_free);
      g_clear_pointer (&entry->colocate_with, g_free);
      entry->shard_count = 0;
      sw_plan_set_table (run->plan, entry);
      reason = g_strdup_printf (_("%s stays a plain PostgreSQL table: %s"), qname, why);
      sw_plan_set_reason (run->plan, qname, reason, 0.8);
    }
  /* The fixes were for the distributed shape. */
  g_ptr_array_set_size (run->advice, 0);
  add_advice (run, SW_ADVICE_SINGLE_NODE, NULL, NULL, why);
  run->single_node = TRUE;
}

/* The fixes travel with the plan (its "schema_changes"), so the validator,
 * the export and the apply all see the schema as it will be.
 */
static void
attach_schema_changes (Run *run)
{
  sw_plan_clear_schema_changes (run->plan);
  for (guint i = 0; run->advice != NULL && i < run->advice->len; i++)
    {
      SwAdvice *advice = g_ptr_array_index (run->advice, i);

      /* Settings are the migration's business (it turns
       * citus.enable_unsafe_triggers on where a trigger needs it), not a
       * change to the schema.
       */
      if (sw_advice_get_ddl (advice) != NULL && sw_advice_get_kind (advice) != SW_ADVICE_SETTING)
        sw_plan_add_schema_change (run->plan, sw_advice_get_ddl (advice), sw_advice_get_reason (advice));
    }
}

#define MAX_VALIDATION_ROUNDS 16

/* Takes the plan out of the way of one error, without knowing any Citus
 * rule: the first plan change the validator proposes that was not tried
 * yet, otherwise the first planned table the error names stays local.
 * At most one change per table per round (@changed). Returns TRUE when the
 * plan changed.
 */
static gboolean
step_back (Run          *run,
           SwDiagnostic *diag,
           GHashTable   *tried,
           GHashTable   *changed)
{
  GPtrArray *fixes = sw_diagnostic_get_fixes (diag);
  const char * const *tables = sw_diagnostic_get_tables (diag);
  const char *citus_says = sw_diagnostic_get_error (diag) != NULL ? sw_diagnostic_get_error (diag)
                                                                 : sw_diagnostic_get_explanation (diag);

  for (guint i = 0; i < fixes->len; i++)
    {
      SwFix *fix = g_ptr_array_index (fixes, i);
      const SwPlanTable *change = fix->plan_change;
      g_autofree char *key = NULL;
      g_autofree char *reason = NULL;

      if (change == NULL || sw_plan_lookup_table (run->plan, change->table) == NULL ||
          g_hash_table_contains (changed, change->table))
        continue;
      key = g_strdup_printf ("%s\037%d\037%s\037%s", change->table, change->kind,
                             change->column ? change->column : "", change->colocate_with ? change->colocate_with : "");
      if (g_hash_table_contains (tried, key))
        continue;
      g_hash_table_add (tried, g_steal_pointer (&key));
      g_hash_table_add (changed, g_strdup (change->table));
      sw_fix_apply_to_plan (fix, run->plan);
      reason = g_strdup_printf (_("%s: the first choice would make Citus say “%s”"), fix->description, citus_says);
      sw_plan_set_reason (run->plan, change->table, reason, 0.5);
      add_advice (run, SW_ADVICE_NOTE, change->table, NULL, reason);
      return TRUE;
    }

  for (guint i = 0; tables != NULL && tables[i] != NULL; i++)
    {
      const SwPlanTable *entry = sw_plan_lookup_table (run->plan, tables[i]);
      g_autofree char *reason = NULL;
      g_autofree char *name = NULL;

      if (entry == NULL || entry->kind == SW_PLAN_KIND_LOCAL || g_hash_table_contains (changed, tables[i]))
        continue;
      name = g_strdup (tables[i]);
      g_hash_table_add (changed, g_strdup (name));
      sw_plan_set_local (run->plan, name);
      reason = g_strdup_printf (_("%s stays a plain PostgreSQL table: the first choice would make Citus say “%s”"),
                                name, citus_says);
      sw_plan_set_reason (run->plan, name, reason, 0.5);
      add_advice (run, SW_ADVICE_NOTE, name, NULL, reason);
      return TRUE;
    }
  return FALSE;
}

/* Every recommended plan passes the validator: the plan is checked as the
 * migration will run it, and where Citus would refuse a step the plan steps
 * back, deterministically, until nothing is refused. The rules stay in the
 * validator; the advisor only follows its fixes.
 */
static void
make_valid (Run          *run,
            GCancellable *cancellable)
{
  g_autoptr(GHashTable) tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Each round applies the same schema changes: once, not once per round. */
  g_autoptr(SwSchemaChangesCache) cache = _sw_schema_changes_cache_new (run->schema);
  g_autoptr(GPtrArray) unchanged = NULL;

  attach_schema_changes (run);
  for (guint round = 0; round < MAX_VALIDATION_ROUNDS; round++)
    {
      g_autoptr(GPtrArray) diagnostics = _sw_validate_plan_cached (run->schema, NULL, run->plan,
                                                                   SW_MIGRATION_FLAGS_NONE, NULL, cache);
      g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gboolean progress = FALSE;

      if (sw_diagnostics_count_errors (diagnostics) == 0 || g_cancellable_is_cancelled (cancellable))
        return;
      for (guint i = 0; i < diagnostics->len; i++)
        {
          SwDiagnostic *diag = g_ptr_array_index (diagnostics, i);

          if (sw_diagnostic_get_severity (diag) != SW_SEVERITY_ERROR)
            continue;
          g_debug ("round %u: %s at step %u (%s): %s", round, sw_diagnostic_get_code (diag),
                   sw_diagnostic_get_step (diag), sw_diagnostic_get_statement (diag),
                   sw_diagnostic_get_error (diag) != NULL ? sw_diagnostic_get_error (diag)
                                                          : sw_diagnostic_get_explanation (diag));
          progress |= step_back (run, diag, tried, changed);
        }
      if (!progress)
        {
          /* The plan did not change: its check is this one. */
          unchanged = g_steal_pointer (&diagnostics);
          break;
        }
    }

  /* Nothing left to step back to: the one plan Citus has nothing to say to. */
  {
    g_autoptr(GPtrArray) diagnostics = unchanged != NULL ? g_steal_pointer (&unchanged)
                                       : _sw_validate_plan_cached (run->schema, NULL, run->plan,
                                                                   SW_MIGRATION_FLAGS_NONE, NULL, cache);

    if (sw_diagnostics_count_errors (diagnostics) > 0)
      {
        make_single_node (run, _("no distributed plan for this schema passes the validator"));
        attach_schema_changes (run);
      }
  }
}

static gboolean
run_advisor (Run           *run,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) sims = g_ptr_array_new_with_free_func ((GDestroyNotify)simulation_free);
  Simulation *best = NULL;
  guint n_groups_tables = 0;
  gint64 bytes;

  run->shard_count = run->requested_shard_count > 0 ? run->requested_shard_count : SW_PLAN_DEFAULT_SHARD_COUNT;
  collect_tables (run);
  collect_nodes (run);
  union_keys (run);
  union_named_references (run);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  read_workload (run);
  build_classes (run);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  for (guint c = 0; c < run->classes->len && c < N_SIMULATED; c++)
    {
      KeyClass *cls = g_ptr_array_index (run->classes, c);

      g_debug ("class %u: %u tables, score %.2f, root %s, first column %s.%s%s", c, cls->n_tables, cls->score,
               cls->root_table >= 0 ? table_at (run, (guint)cls->root_table)->qname : "-",
               table_at (run, node_at (run, g_array_index (cls->nodes, int, 0))->table)->qname,
               sw_column_get_name (node_at (run, g_array_index (cls->nodes, int, 0))->column),
               cls->dimension ? " (dimension)" : "");
      g_ptr_array_add (sims, simulate (run, (int)c));
    }
  /* And the plan without a first group, for schemas where no key colocates
   * anything.
   */
  g_ptr_array_add (sims, simulate (run, -1));

  for (guint s = 0; s < sims->len; s++)
    {
      Simulation *sim = g_ptr_array_index (sims, s);

      g_debug ("simulation %u (first class %d): score %.2f, %u fixes", s, sim->first_class, sim->score, sim->n_fixes);
      if (best == NULL || sim->score > best->score)
        best = sim;
    }
  for (guint s = 0; s < sims->len; s++)
    if (g_ptr_array_index (sims, s) == best)
      {
        g_ptr_array_steal_index (sims, s);
        break;
      }
  /* sims no longer owns best. */
  {
    g_autoptr(Simulation) owned = best;

    for (guint s = 0; s < sims->len; s++)
      {
        Simulation *a = g_ptr_array_index (sims, s);

        for (guint k = s + 1; k < sims->len; k++)
          {
            Simulation *b = g_ptr_array_index (sims, k);

            if (b->score > a->score)
              {
                sims->pdata[s] = b;
                sims->pdata[k] = a;
                a = b;
              }
          }
      }

    advise_fixes (run, best);
    advise_skew (run, best);
    fill_plan (run, best, sims);

    for (guint t = 0; t < run->tables->len; t++)
      if (best->kind[t] == SW_PLAN_KIND_DISTRIBUTED && best->group[t] >= 0)
        n_groups_tables++;

    bytes = total_bytes (run);
    if (run->tables->len > 0 && run->tenant_schemas->len == 0)
      {
        gboolean colocates = FALSE;

        for (guint g = 0; g < best->groups->len; g++)
          {
            guint members = best->group_size[g];
            if (members >= 2 || best->why[g_array_index (best->groups, Group, g).root_table] == WHY_BIG_ALONE)
              colocates = TRUE;
          }

        if (bytes >= 0 && run->single_node_bytes > 0 && bytes < run->single_node_bytes)
          {
            g_autofree char *size = g_format_size ((guint64)bytes);
            g_autofree char *limit = g_format_size ((guint64)run->single_node_bytes);
            g_autofree char *why = g_strdup_printf (_("the whole database holds %s, under %s: one PostgreSQL node "
                                                      "serves it without the network hops and planning overhead "
                                                      "of a cluster; distribute it when it grows"),
                                                    size, limit);

            make_single_node (run, why);
          }
        else if (!colocates)
          {
            make_single_node (run, _("no two tables share a key and no table is big enough to spread: "
                                     "distributing would only turn every join into a network round trip"));
          }
      }
  }

  make_valid (run, cancellable);
  return TRUE;
}

static Run *
run_new (SwAdvisor *self)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->schema = g_object_ref (self->schema);
  run->workload = self->workload ? g_object_ref (self->workload) : NULL;
  run->requested_shard_count = self->shard_count;
  run->single_node_bytes = self->single_node_bytes;
  run->tables = g_ptr_array_new_with_free_func (table_info_free);
  run->table_index = g_hash_table_new (g_str_hash, g_str_equal);
  run->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  run->node_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->classes = g_ptr_array_new_with_free_func (key_class_free);
  run->join_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->links = g_array_new (FALSE, FALSE, sizeof (Link));
  run->tenant_schemas = g_ptr_array_new_with_free_func (g_free);
  run->plan = sw_plan_new ();
  run->advice = g_ptr_array_new_with_free_func (g_object_unref);
  return run;
}

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->schema);
  g_clear_object (&run->workload);
  g_ptr_array_unref (run->tables);
  g_hash_table_unref (run->table_index);
  g_array_unref (run->nodes);
  g_hash_table_unref (run->node_index);
  g_ptr_array_unref (run->classes);
  g_hash_table_unref (run->join_calls);
  g_array_unref (run->links);
  g_ptr_array_unref (run->tenant_schemas);
  g_free (run->parent);
  g_free (run->class_of_node);
  g_free (run->node_filter);
  g_free (run->node_group_by);
  g_clear_object (&run->plan);
  g_clear_pointer (&run->advice, g_ptr_array_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
take_results (SwAdvisor *self,
              Run       *run)
{
  g_clear_pointer (&self->advice, g_ptr_array_unref);
  self->advice = g_steal_pointer (&run->advice);
  self->single_node = run->single_node;
}

static void
recommend_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;

  if (!run_advisor (run, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* GObject */

static void
sw_advisor_finalize (GObject *object)
{
  SwAdvisor *self = (SwAdvisor *)object;

  g_clear_object (&self->schema);
  g_clear_object (&self->workload);
  g_clear_pointer (&self->advice, g_ptr_array_unref);

  G_OBJECT_CLASS (sw_advisor_parent_class)->finalize (object);
}

static void
sw_advisor_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SwAdvisor *self = SW_ADVISOR (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      g_value_set_object (value, self->schema);
      break;
    case PROP_WORKLOAD:
      g_value_set_object (value, self->workload);
      break;
    case PROP_SHARD_COUNT:
      g_value_set_uint (value, self->shard_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_advisor_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SwAdvisor *self = SW_ADVISOR (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      self->schema = g_value_dup_object (value);
      break;
    case PROP_WORKLOAD:
      sw_advisor_set_workload (self, g_value_get_object (value));
      break;
    case PROP_SHARD_COUNT:
      sw_advisor_set_shard_count (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_advisor_class_init (SwAdvisorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sw_advisor_finalize;
  object_class->get_property = sw_advisor_get_property;
  object_class->set_property = sw_advisor_set_property;

  properties[PROP_SCHEMA] =
    g_param_spec_object ("schema", NULL, NULL, SW_TYPE_SCHEMA,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKLOAD] =
    g_param_spec_object ("workload", NULL, NULL, SW_TYPE_WORKLOAD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARD_COUNT] =
    g_param_spec_uint ("shard-count", NULL, NULL, 0, 64000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sw_advisor_init (SwAdvisor *self)
{
  self->single_node_bytes = 0;
  self->advice = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * sw_advisor_new:
 * @schema: the schema to recommend a plan for
 *
 * Returns: (transfer full): a new #SwAdvisor
 */
SwAdvisor *
sw_advisor_new (SwSchema *schema)
{
  g_return_val_if_fail (SW_IS_SCHEMA (schema), NULL);

  return g_object_new (SW_TYPE_ADVISOR, "schema", schema, NULL);
}

/**
 * sw_advisor_get_schema:
 * @self: a #SwAdvisor
 *
 * Returns: (transfer none): the schema
 */
SwSchema *
sw_advisor_get_schema (SwAdvisor *self)
{
  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);
  return self->schema;
}

/**
 * sw_advisor_set_workload:
 * @self: a #SwAdvisor
 * @workload: (nullable): the queries the application runs
 *
 * Gives the advisor the workload whose filters, joins and GROUP BY columns,
 * weighted by calls, weigh in the choice.
 */
void
sw_advisor_set_workload (SwAdvisor  *self,
                         SwWorkload *workload)
{
  g_return_if_fail (SW_IS_ADVISOR (self));
  g_return_if_fail (workload == NULL || SW_IS_WORKLOAD (workload));

  if (g_set_object (&self->workload, workload))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKLOAD]);
}

/**
 * sw_advisor_get_workload:
 * @self: a #SwAdvisor
 *
 * Returns: (transfer none) (nullable): the workload
 */
SwWorkload *
sw_advisor_get_workload (SwAdvisor *self)
{
  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);
  return self->workload;
}

/**
 * sw_advisor_set_shard_count:
 * @self: a #SwAdvisor
 * @shard_count: the shard count to plan for, or 0 to suggest one from the data size
 */
void
sw_advisor_set_shard_count (SwAdvisor *self,
                            guint      shard_count)
{
  g_return_if_fail (SW_IS_ADVISOR (self));

  if (self->shard_count == shard_count)
    return;
  self->shard_count = shard_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARD_COUNT]);
}

/**
 * sw_advisor_get_shard_count:
 * @self: a #SwAdvisor
 *
 * Returns: the requested shard count, 0 when the advisor suggests one
 */
guint
sw_advisor_get_shard_count (SwAdvisor *self)
{
  g_return_val_if_fail (SW_IS_ADVISOR (self), 0);
  return self->shard_count;
}

/**
 * sw_advisor_set_single_node_bytes:
 * @self: a #SwAdvisor
 * @bytes: a database size, or 0
 *
 * When every table's size is known (a live, analyzed database) and the whole
 * database is smaller than @bytes, the advisor recommends staying on one
 * node. 0 (the default) turns this off: the advisor then only says so when
 * the schema has nothing to colocate.
 */
void
sw_advisor_set_single_node_bytes (SwAdvisor *self,
                                  gint64     bytes)
{
  g_return_if_fail (SW_IS_ADVISOR (self));
  self->single_node_bytes = MAX (bytes, 0);
}

/**
 * sw_advisor_recommend:
 * @self: a #SwAdvisor
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Recommends a plan. Each table's entry carries a reason, a confidence and
 * ranked alternatives with scores; the schema fixes and warnings are then
 * available from sw_advisor_get_advice().
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL when cancelled
 */
SwPlan *
sw_advisor_recommend (SwAdvisor     *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(Run) run = NULL;

  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);

  run = run_new (self);
  if (!run_advisor (run, cancellable, error))
    return NULL;
  take_results (self, run);
  return g_steal_pointer (&run->plan);
}

/**
 * sw_advisor_recommend_async:
 * @self: a #SwAdvisor
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs sw_advisor_recommend() in a thread.
 */
void
sw_advisor_recommend_async (SwAdvisor           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_ADVISOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_advisor_recommend_async);
  g_task_set_task_data (task, run_new (self), (GDestroyNotify)run_free);
  g_task_run_in_thread (task, recommend_thread);
}

/**
 * sw_advisor_recommend_finish:
 * @self: a #SwAdvisor
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL on error
 */
SwPlan *
sw_advisor_recommend_finish (SwAdvisor     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  Run *run;

  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  run = g_task_get_task_data (G_TASK (result));
  take_results (self, run);
  return g_steal_pointer (&run->plan);
}

/**
 * sw_advisor_get_advice:
 * @self: a #SwAdvisor
 *
 * The advice of the last recommendation: schema fixes in the order their
 * DDL must run (tenant columns with their backfill, foreign keys dropped,
 * keys widened, foreign keys added back, bigint, settings), then warnings
 * (skew, low cardinality) and the single-node verdict.
 *
 * Returns: (transfer none) (element-type SwAdvice): the advice
 */
GPtrArray *
sw_advisor_get_advice (SwAdvisor *self)
{
  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);
  return self->advice;
}

/**
 * sw_advisor_dup_fixes_sql:
 * @self: a #SwAdvisor
 *
 * Returns: (transfer full): the DDL of every schema fix of the last
 *   recommendation, in order, one statement per line; empty when none
 */
char *
sw_advisor_dup_fixes_sql (SwAdvisor *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (SW_IS_ADVISOR (self), NULL);

  for (guint i = 0; i < self->advice->len; i++)
    {
      SwAdvice *advice = g_ptr_array_index (self->advice, i);

      if (sw_advice_get_ddl (advice) != NULL)
        g_string_append_printf (out, "%s\n", sw_advice_get_ddl (advice));
    }
  return g_string_free (out, FALSE);
}

/**
 * sw_advisor_get_single_node:
 * @self: a #SwAdvisor
 *
 * Returns: %TRUE when the last recommendation is to stay on one node
 */
gboolean
sw_advisor_get_single_node (SwAdvisor *self)
{
  g_return_val_if_fail (SW_IS_ADVISOR (self), FALSE);
  return self->single_node;
}
