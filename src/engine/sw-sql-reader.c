/* sw-sql-reader.c
 *
 * Builds the schema model from a schema SQL file (hand-written DDL or
 * pg_dump --schema-only output) through libpg_query's protobuf parse tree.
 *
 * The reader replays the statements the way PostgreSQL would execute them:
 * names are resolved through the search_path in force at each statement, and
 * implicit names are chosen with PostgreSQL's own rules (makeObjectName,
 * ChooseRelationName, ChooseConstraintName, ChooseIndexName), in the order the
 * server creates the objects, so that conflicts get the same numeric suffixes.
 * What the model has no room for is reported as a note with its position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-sql-reader"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sw-pg-query.h"
#include "sw-schema-private.h"
#include "sw-sql-reader.h"

#define NAMEDATALEN 64

struct _SwSqlReader
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SwSqlReader, sw_sql_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (sw-sql-error-quark, sw_sql_error)

typedef enum
{
  REL_TABLE = 1,
  REL_INDEX,
  REL_SEQUENCE,
  REL_VIEW,
  REL_COMPOSITE,
} RelTag;

/* One index, in creation order: partitions clone their parent's indexes in
 * that order, and naming depends on it.
 */
typedef struct
{
  SwTable *table;             /* borrowed */
  char *schema_name;
  char *name;
  char **naming_columns;      /* what ChooseIndexColumnNames() gave */
  gboolean primary;
  gboolean is_constraint;
  gboolean exclusion;
  SwConstraint *constraint;   /* borrowed, when the index backs one */
  SwIndex *index;             /* borrowed otherwise */
} IndexRec;

typedef struct
{
  SwSqlReader *self;
  SwSchema *schema;
  GCancellable *cancellable;

  /* The text positions refer to (the file, without a BOM). */
  const char *text;
  gsize text_len;
  int stmt_location;
  int stmt_len;

  /* Where offset_to_line_column() last stopped counting lines in text, so
   * that notes in file order cost one pass, not one pass each. */
  const char *lines_text;
  gsize lines_offset;
  guint lines_line;
  const char *lines_line_start;

  GPtrArray *search_path;       /* char * */
  char *default_am;
  GHashTable *schemas;          /* known schema names */
  GHashTable *relnames;         /* "schema\037name" → RelTag */
  GHashTable *sequences_by_name; /* "schema\037name" → SwSequence (borrowed), the first of that name */
  GHashTable *connames;         /* "schema\037name" → count */
  GPtrArray *index_recs;        /* IndexRec, creation order */
  /* "schema\037name" → GPtrArray of the IndexRecs of that name, creation
   * order: each DROP CONSTRAINT looked its index up by scanning every
   * index (quadratic for a fix script of thousands of changes). */
  GHashTable *index_recs_by_name;
  GHashTable *collations;       /* "schema\037name" of CREATE COLLATION */
  GPtrArray *functions;         /* SwFunction, every CREATE FUNCTION */
  GPtrArray *pending_fks;       /* SwForeignKey (borrowed) without ref_columns */
  GHashTable *pending_fk_locations; /* SwForeignKey → statement location */
  GHashTable *inherited_checks; /* "table\037name": CHECKs a partition holds from its parent */

  /* Answers that would otherwise scan every table, per ALTER TABLE
   * (quadratic at thousands of tables). The first three are built on first
   * use and dropped (drop_table_index()) when a table comes or goes or its
   * parents change; fks_by_ref is kept up to date as foreign keys come and
   * go (add_foreign_key(), drop_constraint_named()). */
  GHashTable *partitions_index; /* parent's qualified name → GPtrArray of SwTable (borrowed), table order */
  GHashTable *inheritors_index; /* parent's qualified name → GPtrArray of SwTable (borrowed) INHERITing it, table order */
  GHashTable *table_positions;  /* SwTable → its position in the model + 1 */
  GHashTable *fks_by_ref;       /* referenced table's qualified name → GPtrArray of SwForeignKey (borrowed) */
} Reader;

/* Builtin types, by the name the parser hands us (pg_catalog's typname). */
typedef struct
{
  const char *typname;
  const char *display;
  SwTypeKind kind;
} BuiltinType;

static const BuiltinType builtin_types[] = {
  { "bool", "boolean", SW_TYPE_KIND_BASE },
  { "bytea", "bytea", SW_TYPE_KIND_BASE },
  { "char", "\"char\"", SW_TYPE_KIND_BASE },
  { "name", "name", SW_TYPE_KIND_BASE },
  { "int8", "bigint", SW_TYPE_KIND_BASE },
  { "int2", "smallint", SW_TYPE_KIND_BASE },
  { "int4", "integer", SW_TYPE_KIND_BASE },
  { "int2vector", "int2vector", SW_TYPE_KIND_BASE },
  { "regproc", "regproc", SW_TYPE_KIND_BASE },
  { "text", "text", SW_TYPE_KIND_BASE },
  { "oid", "oid", SW_TYPE_KIND_BASE },
  { "tid", "tid", SW_TYPE_KIND_BASE },
  { "xid", "xid", SW_TYPE_KIND_BASE },
  { "xid8", "xid8", SW_TYPE_KIND_BASE },
  { "cid", "cid", SW_TYPE_KIND_BASE },
  { "oidvector", "oidvector", SW_TYPE_KIND_BASE },
  { "json", "json", SW_TYPE_KIND_BASE },
  { "xml", "xml", SW_TYPE_KIND_BASE },
  { "pg_node_tree", "pg_node_tree", SW_TYPE_KIND_BASE },
  { "point", "point", SW_TYPE_KIND_BASE },
  { "lseg", "lseg", SW_TYPE_KIND_BASE },
  { "path", "path", SW_TYPE_KIND_BASE },
  { "box", "box", SW_TYPE_KIND_BASE },
  { "polygon", "polygon", SW_TYPE_KIND_BASE },
  { "line", "line", SW_TYPE_KIND_BASE },
  { "float4", "real", SW_TYPE_KIND_BASE },
  { "float8", "double precision", SW_TYPE_KIND_BASE },
  { "circle", "circle", SW_TYPE_KIND_BASE },
  { "money", "money", SW_TYPE_KIND_BASE },
  { "macaddr", "macaddr", SW_TYPE_KIND_BASE },
  { "macaddr8", "macaddr8", SW_TYPE_KIND_BASE },
  { "inet", "inet", SW_TYPE_KIND_BASE },
  { "cidr", "cidr", SW_TYPE_KIND_BASE },
  { "aclitem", "aclitem", SW_TYPE_KIND_BASE },
  { "bpchar", "character", SW_TYPE_KIND_BASE },
  { "varchar", "character varying", SW_TYPE_KIND_BASE },
  { "date", "date", SW_TYPE_KIND_BASE },
  { "time", "time without time zone", SW_TYPE_KIND_BASE },
  { "timestamp", "timestamp without time zone", SW_TYPE_KIND_BASE },
  { "timestamptz", "timestamp with time zone", SW_TYPE_KIND_BASE },
  { "interval", "interval", SW_TYPE_KIND_BASE },
  { "timetz", "time with time zone", SW_TYPE_KIND_BASE },
  { "bit", "bit", SW_TYPE_KIND_BASE },
  { "varbit", "bit varying", SW_TYPE_KIND_BASE },
  { "numeric", "numeric", SW_TYPE_KIND_BASE },
  { "refcursor", "refcursor", SW_TYPE_KIND_BASE },
  { "regprocedure", "regprocedure", SW_TYPE_KIND_BASE },
  { "regoper", "regoper", SW_TYPE_KIND_BASE },
  { "regoperator", "regoperator", SW_TYPE_KIND_BASE },
  { "regclass", "regclass", SW_TYPE_KIND_BASE },
  { "regcollation", "regcollation", SW_TYPE_KIND_BASE },
  { "regtype", "regtype", SW_TYPE_KIND_BASE },
  { "regrole", "regrole", SW_TYPE_KIND_BASE },
  { "regnamespace", "regnamespace", SW_TYPE_KIND_BASE },
  { "regconfig", "regconfig", SW_TYPE_KIND_BASE },
  { "regdictionary", "regdictionary", SW_TYPE_KIND_BASE },
  { "uuid", "uuid", SW_TYPE_KIND_BASE },
  { "pg_lsn", "pg_lsn", SW_TYPE_KIND_BASE },
  { "tsvector", "tsvector", SW_TYPE_KIND_BASE },
  { "gtsvector", "gtsvector", SW_TYPE_KIND_BASE },
  { "tsquery", "tsquery", SW_TYPE_KIND_BASE },
  { "jsonb", "jsonb", SW_TYPE_KIND_BASE },
  { "jsonpath", "jsonpath", SW_TYPE_KIND_BASE },
  { "txid_snapshot", "txid_snapshot", SW_TYPE_KIND_BASE },
  { "pg_snapshot", "pg_snapshot", SW_TYPE_KIND_BASE },
  { "int4range", "int4range", SW_TYPE_KIND_RANGE },
  { "numrange", "numrange", SW_TYPE_KIND_RANGE },
  { "tsrange", "tsrange", SW_TYPE_KIND_RANGE },
  { "tstzrange", "tstzrange", SW_TYPE_KIND_RANGE },
  { "daterange", "daterange", SW_TYPE_KIND_RANGE },
  { "int8range", "int8range", SW_TYPE_KIND_RANGE },
  { "int4multirange", "int4multirange", SW_TYPE_KIND_MULTIRANGE },
  { "nummultirange", "nummultirange", SW_TYPE_KIND_MULTIRANGE },
  { "tsmultirange", "tsmultirange", SW_TYPE_KIND_MULTIRANGE },
  { "tstzmultirange", "tstzmultirange", SW_TYPE_KIND_MULTIRANGE },
  { "datemultirange", "datemultirange", SW_TYPE_KIND_MULTIRANGE },
  { "int8multirange", "int8multirange", SW_TYPE_KIND_MULTIRANGE },
  { "record", "record", SW_TYPE_KIND_PSEUDO },
  { "cstring", "cstring", SW_TYPE_KIND_PSEUDO },
  { "any", "\"any\"", SW_TYPE_KIND_PSEUDO },
  { "anyelement", "anyelement", SW_TYPE_KIND_PSEUDO },
  { "anyarray", "anyarray", SW_TYPE_KIND_PSEUDO },
  { "void", "void", SW_TYPE_KIND_PSEUDO },
  { "trigger", "trigger", SW_TYPE_KIND_PSEUDO },
  { "event_trigger", "event_trigger", SW_TYPE_KIND_PSEUDO },
  { "internal", "internal", SW_TYPE_KIND_PSEUDO },
};

/* A column type, resolved. */
typedef struct
{
  char *type_name;
  char *type_schema;
  char *type_internal;
  SwTypeKind kind;
  int typmod;
  const char *serial_of;      /* "int4"… when the type was serial */
} TypeInfo;

static void
type_info_clear (TypeInfo *info)
{
  g_clear_pointer (&info->type_name, g_free);
  g_clear_pointer (&info->type_schema, g_free);
  g_clear_pointer (&info->type_internal, g_free);
}

static void
index_rec_free (IndexRec *rec)
{
  g_free (rec->schema_name);
  g_free (rec->name);
  g_strfreev (rec->naming_columns);
  g_free (rec);
}


/* Helpers */

static const char *
nonempty (const char *str)
{
  return str != NULL && str[0] != '\0' ? str : NULL;
}

static char *
rel_key (const char *schema_name,
         const char *name)
{
  return g_strconcat (schema_name, "\037", name, NULL);
}

static char **
strv_from_ptr_array (GPtrArray *array)
{
  if (array == NULL)
    return NULL;
  if (array->len == 0)
    {
      g_ptr_array_unref (array);
      return NULL;
    }
  g_ptr_array_add (array, NULL);
  return (char **)g_ptr_array_free (array, FALSE);
}

static gboolean
strv_contains (char       **strv,
               const char  *str)
{
  return strv != NULL && g_strv_contains ((const char * const *)strv, str);
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  guint na = a ? g_strv_length (a) : 0;
  guint nb = b ? g_strv_length (b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      if (g_strcmp0 (a[i], b[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Whether @strv holds @str among its first @n items. */
static gboolean
strv_contains_before (char       **strv,
                      guint        n,
                      const char  *str)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (strv[i], str) == 0)
      return TRUE;
  return FALSE;
}

static char **
strings_of_list (PgQuery__Node **items,
                 size_t          n_items)
{
  GPtrArray *array = g_ptr_array_new ();

  for (size_t i = 0; i < n_items; i++)
    {
      const char *str = _sw_pg_query_string (items[i]);

      if (str != NULL)
        g_ptr_array_add (array, g_strdup (str));
    }
  return strv_from_ptr_array (array);
}

static int
compare_strv_items (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Position and notes */

static void
offset_to_line_column (Reader *r,
                       gsize   offset,
                       guint  *line,
                       guint  *column)
{
  const char *line_start = r->text;
  guint l = 1;
  gsize from = 0;

  offset = MIN (offset, r->text_len);
  if (r->lines_text == r->text && r->lines_offset <= offset)
    {
      from = r->lines_offset;
      l = r->lines_line;
      line_start = r->lines_line_start;
    }
  for (gsize i = from; i < offset; i++)
    {
      if (r->text[i] == '\n')
        {
          l++;
          line_start = r->text + i + 1;
        }
    }
  r->lines_text = r->text;
  r->lines_offset = offset;
  r->lines_line = l;
  r->lines_line_start = line_start;
  *line = l;
  *column = (guint)g_utf8_strlen (line_start, (r->text + offset) - line_start) + 1;
}

/* Statement locations start right after the previous semicolon: skip the
 * blanks and comments to point at the first token.
 */
static gsize
skip_blanks_and_comments (const char *text,
                          gsize       len,
                          gsize       pos)
{
  while (pos < len)
    {
      if (g_ascii_isspace (text[pos]))
        pos++;
      else if (text[pos] == '-' && pos + 1 < len && text[pos + 1] == '-')
        {
          while (pos < len && text[pos] != '\n')
            pos++;
        }
      else if (text[pos] == '/' && pos + 1 < len && text[pos + 1] == '*')
        {
          int depth = 1;

          pos += 2;
          while (pos < len && depth > 0)
            {
              if (text[pos] == '*' && pos + 1 < len && text[pos + 1] == '/')
                {
                  depth--;
                  pos += 2;
                }
              else if (text[pos] == '/' && pos + 1 < len && text[pos + 1] == '*')
                {
                  depth++;
                  pos += 2;
                }
              else
                pos++;
            }
        }
      else
        break;
    }
  return pos;
}

static char *
statement_snippet (const char *start,
                   const char *end)
{
  GString *str = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  for (const char *p = start; p < end && *p; p = g_utf8_next_char (p))
    {
      if (g_ascii_isspace (*p))
        {
          space = str->len > 0;
          continue;
        }
      if (n_chars >= 60)
        {
          g_string_append (str, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (str, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_len (str, p, g_utf8_next_char (p) - p);
      n_chars++;
    }

  return g_string_free (str, FALSE);
}

static void add_note (Reader           *r,
                      SwSourceNoteKind  kind,
                      const char       *format,
                      ...) G_GNUC_PRINTF (3, 4);

static void
add_note (Reader           *r,
          SwSourceNoteKind  kind,
          const char       *format,
          ...)
{
  g_autofree char *message = NULL;
  g_autofree char *snippet = NULL;
  gsize start = skip_blanks_and_comments (r->text, r->text_len, MAX (r->stmt_location, 0));
  const char *end;
  guint line;
  guint column;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  end = memchr (r->text + start, r->text[start] == '\\' ? '\n' : ';', r->text_len - start);
  if (end == NULL)
    end = r->text + r->text_len;
  snippet = statement_snippet (r->text + start, MIN (end + 1, r->text + r->text_len));
  offset_to_line_column (r, start, &line, &column);

  g_ptr_array_add (r->schema->notes, sw_source_note_new (kind, line, column, snippet, message));
}

/* Names and lookups */

static const char *
creation_schema_for (Reader     *r,
                     const char *explicit_schema,
                     const char *default_schema)
{
  if (nonempty (explicit_schema))
    return explicit_schema;
  if (default_schema != NULL)
    return default_schema;

  /* Like namespace_search_path: the first schema of the path that exists. */
  for (guint i = 0; i < r->search_path->len; i++)
    {
      const char *name = g_ptr_array_index (r->search_path, i);

      if (g_hash_table_contains (r->schemas, name))
        return name;
    }

  add_note (r, SW_SOURCE_NOTE_WARNING,
            _("no schema has been selected to create in (search_path is empty); assuming public"));
  return "public";
}

static SwTable *
lookup_table (Reader     *r,
              const char *schema_name,
              const char *name)
{
  if (nonempty (schema_name))
    return sw_schema_lookup_table (r->schema, schema_name, name);

  for (guint i = 0; i < r->search_path->len; i++)
    {
      SwTable *table = sw_schema_lookup_table (r->schema, g_ptr_array_index (r->search_path, i), name);

      if (table != NULL)
        return table;
    }
  /* Temporary tables come first in the real search path. */
  return sw_schema_lookup_table (r->schema, "pg_temp", name);
}

static SwTable *
lookup_table_rv (Reader           *r,
                 PgQuery__RangeVar *rv)
{
  if (rv == NULL)
    return NULL;
  return lookup_table (r, rv->schemaname, rv->relname);
}

/* Resolves a possibly qualified name list (String nodes) to schema + name. */
static gboolean
split_name_list (PgQuery__Node **items,
                 size_t          n_items,
                 const char    **schema_name,
                 const char    **name)
{
  if (n_items == 0)
    return FALSE;
  *name = _sw_pg_query_string (items[n_items - 1]);
  *schema_name = n_items >= 2 ? _sw_pg_query_string (items[n_items - 2]) : NULL;
  return *name != NULL;
}

static SwView *
lookup_view (Reader     *r,
             const char *schema_name,
             const char *name)
{
  for (guint pass = 0; pass < (nonempty (schema_name) ? 1 : r->search_path->len); pass++)
    {
      const char *ns = nonempty (schema_name) ? schema_name : g_ptr_array_index (r->search_path, pass);

      for (guint i = 0; i < r->schema->views->len; i++)
        {
          SwView *view = g_ptr_array_index (r->schema->views, i);

          if (g_strcmp0 (view->schema_name, ns) == 0 && g_strcmp0 (view->name, name) == 0)
            return view;
        }
    }
  return NULL;
}

static SwSequence *
lookup_sequence (Reader     *r,
                 const char *schema_name,
                 const char *name)
{
  for (guint pass = 0; pass < (nonempty (schema_name) ? 1 : r->search_path->len); pass++)
    {
      const char *ns = nonempty (schema_name) ? schema_name : g_ptr_array_index (r->search_path, pass);

      g_autofree char *key = g_strdup_printf ("%s\037%s", ns, name);
      SwSequence *seq = g_hash_table_lookup (r->sequences_by_name, key);

      if (seq != NULL)
        return seq;
    }
  return NULL;
}

/* The sequences are found by name through r->sequences_by_name (one ALTER
 * SEQUENCE per serial column in pg_dump's output: a scan of every sequence
 * each would be quadratic); these keep it in step with the model's list.
 */
static void
add_sequence (Reader     *r,
              SwSequence *seq)
{
  char *key = g_strdup_printf ("%s\037%s", seq->schema_name, seq->name);

  g_ptr_array_add (r->schema->sequences, seq);
  if (g_hash_table_contains (r->sequences_by_name, key))
    g_free (key);
  else
    g_hash_table_insert (r->sequences_by_name, key, seq);
}

static void
remove_sequence (Reader     *r,
                 SwSequence *seq)
{
  g_autofree char *key = g_strdup_printf ("%s\037%s", seq->schema_name, seq->name);

  if (g_hash_table_lookup (r->sequences_by_name, key) == seq)
    {
      g_hash_table_remove (r->sequences_by_name, key);
      /* Another of the same name, if any, is found from now on. */
      for (guint i = 0; i < r->schema->sequences->len; i++)
        {
          SwSequence *other = g_ptr_array_index (r->schema->sequences, i);

          if (other != seq && g_strcmp0 (other->schema_name, seq->schema_name) == 0 &&
              g_strcmp0 (other->name, seq->name) == 0)
            {
              g_hash_table_insert (r->sequences_by_name, g_steal_pointer (&key), other);
              break;
            }
        }
    }
  /* Last: the list owns it. */
  g_ptr_array_remove (r->schema->sequences, seq);
}

static SwUserType *
lookup_user_type (Reader     *r,
                  const char *schema_name,
                  const char *name)
{
  for (guint pass = 0; pass < (nonempty (schema_name) ? 1 : r->search_path->len); pass++)
    {
      const char *ns = nonempty (schema_name) ? schema_name : g_ptr_array_index (r->search_path, pass);

      for (guint i = 0; i < r->schema->user_types->len; i++)
        {
          SwUserType *type = g_ptr_array_index (r->schema->user_types, i);

          if (g_strcmp0 (type->schema_name, ns) == 0 && g_strcmp0 (type->name, name) == 0)
            return type;
        }
    }
  return NULL;
}

static IndexRec *
lookup_index (Reader     *r,
              const char *schema_name,
              const char *name)
{
  for (guint pass = 0; pass < (nonempty (schema_name) ? 1 : r->search_path->len); pass++)
    {
      const char *ns = nonempty (schema_name) ? schema_name : g_ptr_array_index (r->search_path, pass);

      g_autofree char *key = rel_key (ns, name);
      GPtrArray *recs = g_hash_table_lookup (r->index_recs_by_name, key);

      if (recs != NULL && recs->len > 0)
        return g_ptr_array_index (recs, 0);
    }
  return NULL;
}

static void
register_relname (Reader     *r,
                  const char *schema_name,
                  const char *name,
                  RelTag      tag)
{
  g_hash_table_insert (r->relnames, rel_key (schema_name, name), GINT_TO_POINTER (tag));
}

static void
unregister_relname (Reader     *r,
                    const char *schema_name,
                    const char *name)
{
  g_autofree char *key = rel_key (schema_name, name);

  g_hash_table_remove (r->relnames, key);
}

static gboolean
relname_exists (Reader     *r,
                const char *schema_name,
                const char *name)
{
  g_autofree char *key = rel_key (schema_name, name);

  return g_hash_table_contains (r->relnames, key);
}

static void
register_conname (Reader     *r,
                  const char *schema_name,
                  const char *name)
{
  char *key = rel_key (schema_name, name);
  int count = GPOINTER_TO_INT (g_hash_table_lookup (r->connames, key));

  g_hash_table_insert (r->connames, key, GINT_TO_POINTER (count + 1));
}

static void
unregister_conname (Reader     *r,
                    const char *schema_name,
                    const char *name)
{
  g_autofree char *key = rel_key (schema_name, name);
  int count = GPOINTER_TO_INT (g_hash_table_lookup (r->connames, key));

  if (count <= 1)
    g_hash_table_remove (r->connames, key);
  else
    g_hash_table_insert (r->connames, g_steal_pointer (&key), GINT_TO_POINTER (count - 1));
}

static gboolean
conname_exists (Reader     *r,
                const char *schema_name,
                const char *name)
{
  g_autofree char *key = rel_key (schema_name, name);

  return g_hash_table_contains (r->connames, key);
}

/* PostgreSQL's implicit names */

/* pg_mbcliplen() for UTF-8: the longest prefix of at most @limit bytes that
 * does not split a character.
 */
static gsize
mbcliplen (const char *str,
           gsize       len,
           gsize       limit)
{
  gsize clip = 0;

  if (len <= limit)
    return len;
  while (clip < limit)
    {
      gsize next = g_utf8_next_char (str + clip) - str;

      if (next > limit)
        break;
      clip = next;
    }
  return clip;
}

/* makeObjectName() (indexcmds.c). */
static char *
make_object_name (const char *name1,
                  const char *name2,
                  const char *label)
{
  gsize overhead = 0;
  gssize availchars;
  gsize name1chars = strlen (name1);
  gsize name2chars = name2 ? strlen (name2) : 0;
  GString *str;

  if (name2 != NULL)
    overhead++;   /* the separating underscore */
  if (label != NULL)
    overhead += strlen (label) + 1;

  availchars = NAMEDATALEN - 1 - (gssize)overhead;
  while ((gssize)(name1chars + name2chars) > availchars)
    {
      if (name1chars > name2chars)
        name1chars--;
      else
        name2chars--;
    }

  name1chars = mbcliplen (name1, strlen (name1), name1chars);
  if (name2 != NULL)
    name2chars = mbcliplen (name2, strlen (name2), name2chars);

  str = g_string_new_len (name1, name1chars);
  if (name2 != NULL)
    {
      g_string_append_c (str, '_');
      g_string_append_len (str, name2, name2chars);
    }
  if (label != NULL)
    {
      g_string_append_c (str, '_');
      g_string_append (str, label);
    }

  return g_string_free (str, FALSE);
}

/* ChooseRelationName() (indexcmds.c). Constraint-backing indexes must also
 * avoid every constraint name of the schema.
 */
static char *
choose_relation_name (Reader     *r,
                      const char *name1,
                      const char *name2,
                      const char *label,
                      const char *schema_name,
                      gboolean    is_constraint)
{
  g_autofree char *modlabel = g_strdup (label);

  for (int pass = 1;; pass++)
    {
      g_autofree char *relname = make_object_name (name1, name2, modlabel);

      if (!relname_exists (r, schema_name, relname) &&
          (!is_constraint || !conname_exists (r, schema_name, relname)))
        return g_steal_pointer (&relname);

      g_free (modlabel);
      modlabel = g_strdup_printf ("%s%d", label, pass);
    }
}

/* ChooseConstraintName() (pg_constraint.c). */
static char *
choose_constraint_name (Reader     *r,
                        const char *name1,
                        const char *name2,
                        const char *label,
                        const char *schema_name,
                        char      **others)
{
  g_autofree char *modlabel = g_strdup (label);

  for (int pass = 1;; pass++)
    {
      g_autofree char *conname = make_object_name (name1, name2, modlabel);

      if (!strv_contains (others, conname) && !conname_exists (r, schema_name, conname))
        return g_steal_pointer (&conname);

      g_free (modlabel);
      modlabel = g_strdup_printf ("%s%d", label, pass);
    }
}

/* ChooseIndexNameAddition() and ChooseForeignKeyConstraintNameAddition(). */
static char *
choose_name_addition (char **colnames)
{
  GString *buf = g_string_new (NULL);

  for (guint i = 0; colnames != NULL && colnames[i] != NULL; i++)
    {
      gsize len;

      if (buf->len > 0)
        g_string_append_c (buf, '_');
      /* strlcpy (buf + buflen, name, NAMEDATALEN) */
      len = MIN (strlen (colnames[i]), NAMEDATALEN - 1);
      g_string_append_len (buf, colnames[i], len);
      if (buf->len >= NAMEDATALEN)
        break;
    }

  return g_string_free (buf, FALSE);
}

/* ChooseIndexColumnNames(): duplicates get a numeric suffix. */
static char **
choose_index_column_names (GPtrArray *orignames)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; i < orignames->len; i++)
    {
      const char *origname = g_ptr_array_index (orignames, i);
      char *curname = g_strdup (origname);

      for (int n = 1;; n++)
        {
          gboolean conflict = FALSE;
          char nbuf[32];
          gsize nlen;

          for (guint j = 0; j < result->len; j++)
            {
              if (strcmp (curname, g_ptr_array_index (result, j)) == 0)
                conflict = TRUE;
            }
          if (!conflict)
            break;

          g_snprintf (nbuf, sizeof nbuf, "%d", n);
          nlen = mbcliplen (origname, strlen (origname), NAMEDATALEN - 1 - strlen (nbuf));
          g_free (curname);
          curname = g_strdup_printf ("%.*s%s", (int)nlen, origname, nbuf);
        }
      g_ptr_array_add (result, curname);
    }

  g_ptr_array_add (result, NULL);
  return (char **)g_ptr_array_free (result, FALSE);
}

/* ChooseIndexName() (indexcmds.c). */
static char *
choose_index_name (Reader     *r,
                   const char *table_name,
                   const char *schema_name,
                   char      **colnames,
                   gboolean    exclusion,
                   gboolean    primary,
                   gboolean    is_constraint)
{
  g_autofree char *addition = NULL;

  if (primary)
    return choose_relation_name (r, table_name, NULL, "pkey", schema_name, TRUE);

  addition = choose_name_addition (colnames);
  if (exclusion)
    return choose_relation_name (r, table_name, addition, "excl", schema_name, TRUE);
  if (is_constraint)
    return choose_relation_name (r, table_name, addition, "key", schema_name, TRUE);
  return choose_relation_name (r, table_name, addition, "idx", schema_name, FALSE);
}

/* Types */

static const BuiltinType *
find_builtin_type (const char *typname)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_types); i++)
    {
      if (strcmp (builtin_types[i].typname, typname) == 0)
        return &builtin_types[i];
    }
  return NULL;
}

static gboolean
typmod_value (PgQuery__Node *node,
              int           *value)
{
  if (node == NULL || node->node_case != PG_QUERY__NODE__NODE_A_CONST)
    return FALSE;
  if (node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
    {
      *value = node->a_const->ival->ival;
      return TRUE;
    }
  return FALSE;
}

#define INTERVAL_FULL_RANGE     0x7FFF
#define INTERVAL_FULL_PRECISION 0xFFFF
#define INTERVAL_MASK(b)        (1 << (b))
#define IMASK_MONTH             INTERVAL_MASK (1)
#define IMASK_YEAR              INTERVAL_MASK (2)
#define IMASK_DAY               INTERVAL_MASK (3)
#define IMASK_HOUR              INTERVAL_MASK (10)
#define IMASK_MINUTE            INTERVAL_MASK (11)
#define IMASK_SECOND            INTERVAL_MASK (12)

static const char *
interval_fields (int range)
{
  switch (range)
    {
    case IMASK_YEAR: return " year";
    case IMASK_MONTH: return " month";
    case IMASK_DAY: return " day";
    case IMASK_HOUR: return " hour";
    case IMASK_MINUTE: return " minute";
    case IMASK_SECOND: return " second";
    case IMASK_YEAR | IMASK_MONTH: return " year to month";
    case IMASK_DAY | IMASK_HOUR: return " day to hour";
    case IMASK_DAY | IMASK_HOUR | IMASK_MINUTE: return " day to minute";
    case IMASK_DAY | IMASK_HOUR | IMASK_MINUTE | IMASK_SECOND: return " day to second";
    case IMASK_HOUR | IMASK_MINUTE: return " hour to minute";
    case IMASK_HOUR | IMASK_MINUTE | IMASK_SECOND: return " hour to second";
    case IMASK_MINUTE | IMASK_SECOND: return " minute to second";
    default: return "";
    }
}

/* The atttypmod PostgreSQL's typmodin functions compute for built-in types. */
static int
builtin_typmod (const char     *typname,
                PgQuery__Node **typmods,
                size_t          n_typmods)
{
  int a = -1;
  int b = 0;

  if (n_typmods == 0 || !typmod_value (typmods[0], &a))
    return -1;
  if (n_typmods > 1 && !typmod_value (typmods[1], &b))
    return -1;

  if (strcmp (typname, "bpchar") == 0 || strcmp (typname, "varchar") == 0)
    return a + 4;
  if (strcmp (typname, "numeric") == 0)
    return ((a << 16) | (b & 0x7ff)) + 4;
  if (strcmp (typname, "timestamp") == 0 || strcmp (typname, "timestamptz") == 0 ||
      strcmp (typname, "time") == 0 || strcmp (typname, "timetz") == 0 ||
      strcmp (typname, "bit") == 0 || strcmp (typname, "varbit") == 0)
    return a;
  if (strcmp (typname, "interval") == 0)
    {
      if (n_typmods == 1)
        return a == INTERVAL_FULL_RANGE ? -1 : ((a << 16) | INTERVAL_FULL_PRECISION);
      return (a << 16) | (b & 0xFFFF);
    }
  return -1;
}

/* format_type() for built-in types. */
static char *
format_builtin_type (const BuiltinType *builtin,
                     int                typmod)
{
  const char *typname = builtin->typname;

  if (typmod < 0)
    {
      if (strcmp (typname, "bpchar") == 0)
        return g_strdup ("bpchar");
      return g_strdup (builtin->display);
    }

  if (strcmp (typname, "bpchar") == 0)
    return g_strdup_printf ("character(%d)", typmod - 4);
  if (strcmp (typname, "varchar") == 0)
    return g_strdup_printf ("character varying(%d)", typmod - 4);
  if (strcmp (typname, "numeric") == 0)
    {
      int tmp = typmod - 4;
      int scale = ((tmp & 0x7ff) ^ 1024) - 1024;

      return g_strdup_printf ("numeric(%d,%d)", (tmp >> 16) & 0xffff, scale);
    }
  if (strcmp (typname, "timestamp") == 0)
    return g_strdup_printf ("timestamp(%d) without time zone", typmod);
  if (strcmp (typname, "timestamptz") == 0)
    return g_strdup_printf ("timestamp(%d) with time zone", typmod);
  if (strcmp (typname, "time") == 0)
    return g_strdup_printf ("time(%d) without time zone", typmod);
  if (strcmp (typname, "timetz") == 0)
    return g_strdup_printf ("time(%d) with time zone", typmod);
  if (strcmp (typname, "bit") == 0)
    return g_strdup_printf ("bit(%d)", typmod);
  if (strcmp (typname, "varbit") == 0)
    return g_strdup_printf ("bit varying(%d)", typmod);
  if (strcmp (typname, "interval") == 0)
    {
      int range = (typmod >> 16) & 0x7FFF;
      int precision = typmod & 0xFFFF;

      if (precision != INTERVAL_FULL_PRECISION)
        return g_strdup_printf ("interval%s(%d)", interval_fields (range), precision);
      return g_strdup_printf ("interval%s", interval_fields (range));
    }

  return g_strdup (builtin->display);
}

static SwTypeKind
user_type_kind (SwUserType *type)
{
  switch (type->kind)
    {
    case SW_USER_TYPE_ENUM:
      return SW_TYPE_KIND_ENUM;
    case SW_USER_TYPE_DOMAIN:
      return SW_TYPE_KIND_DOMAIN;
    case SW_USER_TYPE_COMPOSITE:
      return SW_TYPE_KIND_COMPOSITE;
    case SW_USER_TYPE_RANGE:
      return SW_TYPE_KIND_RANGE;
    default:
      return SW_TYPE_KIND_BASE;
    }
}

/* The multirange a user range type brings along (makeMultirangeTypeName). */
static char *
multirange_name (const char *range_name)
{
  const char *rangestr = strstr (range_name, "range");

  if (rangestr != NULL)
    return g_strdup_printf ("%.*smultirange%s", (int)(rangestr - range_name), range_name,
                            rangestr + strlen ("range"));
  return g_strdup_printf ("%s_multirange", range_name);
}

static void
resolve_type (Reader            *r,
              PgQuery__TypeName *type_name,
              TypeInfo          *info)
{
  const char *schema_name = NULL;
  const char *name = NULL;
  g_autofree char *base_display = NULL;
  gboolean is_array;
  const BuiltinType *builtin = NULL;

  memset (info, 0, sizeof *info);
  info->typmod = -1;
  info->kind = SW_TYPE_KIND_BASE;

  if (type_name == NULL || !split_name_list (type_name->names, type_name->n_names, &schema_name, &name))
    {
      info->type_name = g_strdup ("unknown");
      info->type_schema = g_strdup ("pg_catalog");
      info->type_internal = g_strdup ("unknown");
      return;
    }
  is_array = type_name->n_array_bounds > 0;

  if (schema_name == NULL && !is_array)
    {
      if (strcmp (name, "serial") == 0 || strcmp (name, "serial4") == 0)
        info->serial_of = name = "int4";
      else if (strcmp (name, "bigserial") == 0 || strcmp (name, "serial8") == 0)
        info->serial_of = name = "int8";
      else if (strcmp (name, "smallserial") == 0 || strcmp (name, "serial2") == 0)
        info->serial_of = name = "int2";
    }

  if (schema_name == NULL || strcmp (schema_name, "pg_catalog") == 0)
    builtin = find_builtin_type (name);

  if (builtin != NULL)
    {
      info->typmod = builtin_typmod (name, type_name->typmods, type_name->n_typmods);
      base_display = format_builtin_type (builtin, info->typmod);
      info->type_schema = g_strdup ("pg_catalog");
      info->type_internal = g_strdup (name);
      info->kind = builtin->kind;
    }
  else
    {
      SwUserType *user_type = lookup_user_type (r, schema_name, name);
      const char *type_schema = NULL;

      if (user_type != NULL)
        {
          type_schema = user_type->schema_name;
          info->kind = user_type_kind (user_type);
        }
      else
        {
          SwTable *table = lookup_table (r, schema_name, name);

          if (table != NULL)
            {
              type_schema = table->schema_name;
              info->kind = SW_TYPE_KIND_COMPOSITE;
            }
        }

      if (type_schema == NULL)
        {
          /* A multirange of a user range type, or a type from elsewhere (an
           * extension): trust the qualification or the search_path.
           */
          for (guint i = 0; i < r->schema->user_types->len && schema_name == NULL; i++)
            {
              SwUserType *range = g_ptr_array_index (r->schema->user_types, i);
              g_autofree char *mr = NULL;

              if (range->kind != SW_USER_TYPE_RANGE)
                continue;
              mr = multirange_name (range->name);
              if (strcmp (mr, name) == 0)
                {
                  type_schema = range->schema_name;
                  info->kind = SW_TYPE_KIND_MULTIRANGE;
                }
            }
          if (type_schema == NULL)
            type_schema = nonempty (schema_name) ? schema_name :
                          r->search_path->len > 0 ? g_ptr_array_index (r->search_path, 0) : "public";
        }

      base_display = sw_quote_qualified_name (type_schema, name);
      info->type_schema = g_strdup (type_schema);
      info->type_internal = g_strdup (name);
    }

  if (is_array)
    {
      g_autofree char *array_name = g_strconcat ("_", info->type_internal, NULL);
      gsize len = mbcliplen (array_name, strlen (array_name), NAMEDATALEN - 1);

      g_free (info->type_internal);
      info->type_internal = g_strndup (array_name, len);
      info->type_name = g_strconcat (base_display, "[]", NULL);
      info->kind = SW_TYPE_KIND_ARRAY;
    }
  else
    info->type_name = g_steal_pointer (&base_display);
}

static char *
format_type_name (Reader            *r,
                  PgQuery__TypeName *type_name)
{
  TypeInfo info;
  char *ret;

  resolve_type (r, type_name, &info);
  ret = g_steal_pointer (&info.type_name);
  if (type_name != NULL && type_name->setof)
    {
      char *setof = g_strconcat ("SETOF ", ret, NULL);

      g_free (ret);
      ret = setof;
    }
  type_info_clear (&info);
  return ret;
}

/* A collation as the model spells it: quoted, qualified unless in pg_catalog,
 * NULL for "default".
 */
static char *
format_collation (Reader                 *r,
                  PgQuery__CollateClause *clause)
{
  const char *schema_name = NULL;
  const char *name = NULL;

  if (clause == NULL || !split_name_list (clause->collname, clause->n_collname, &schema_name, &name))
    return NULL;
  if (strcmp (name, "default") == 0 && (schema_name == NULL || strcmp (schema_name, "pg_catalog") == 0))
    return NULL;

  if (schema_name == NULL)
    {
      for (guint i = 0; i < r->search_path->len; i++)
        {
          g_autofree char *key = rel_key (g_ptr_array_index (r->search_path, i), name);

          if (g_hash_table_contains (r->collations, key))
            {
              schema_name = g_ptr_array_index (r->search_path, i);
              break;
            }
        }
    }

  if (schema_name == NULL || strcmp (schema_name, "pg_catalog") == 0)
    return sw_quote_identifier (name);
  return sw_quote_qualified_name (schema_name, name);
}

/* Expressions */

static char *
deparse (PgQuery__Node *expr)
{
  if (expr == NULL)
    return NULL;
  return _sw_pg_query_deparse_expr (expr);
}

typedef struct
{
  SwTable *table;
  GPtrArray *columns;   /* SwColumn (borrowed), distinct */
} ColumnRefs;

static gboolean
collect_column_refs_cb (PgQuery__Node *node,
                        gpointer       user_data)
{
  ColumnRefs *refs = user_data;
  const char *name = NULL;
  SwColumn *column;

  if (node->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
    return TRUE;
  if (node->column_ref->n_fields > 0)
    name = _sw_pg_query_string (node->column_ref->fields[node->column_ref->n_fields - 1]);
  if (name == NULL)
    return TRUE;
  column = sw_table_find_column (refs->table, name);
  if (column != NULL && !g_ptr_array_find (refs->columns, column, NULL))
    g_ptr_array_add (refs->columns, column);
  return TRUE;
}

static int
compare_columns_by_attnum (gconstpointer a,
                           gconstpointer b)
{
  const SwColumn *ca = *(SwColumn * const *)a;
  const SwColumn *cb = *(SwColumn * const *)b;

  return ca->attnum - cb->attnum;
}

/* The server stores a constant compared with a timestamp column already
 * converted, and prints it back in full ('2000-01-01 00:00:00'). Spell such
 * literals the same way so the two readers agree on the expression.
 */
static gboolean
canonicalize_literals_cb (PgQuery__Node *node,
                          gpointer       user_data)
{
  SwTable *table = user_data;
  PgQuery__AExpr *aexpr;
  PgQuery__Node *sides[2];

  if (node->node_case != PG_QUERY__NODE__NODE_A_EXPR)
    return TRUE;
  aexpr = node->a_expr;
  if (aexpr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || aexpr->lexpr == NULL || aexpr->rexpr == NULL)
    return TRUE;
  sides[0] = aexpr->lexpr;
  sides[1] = aexpr->rexpr;

  for (guint i = 0; i < 2; i++)
    {
      PgQuery__Node *ref = sides[i];
      PgQuery__Node *lit = sides[1 - i];
      const char *colname;
      SwColumn *column;
      char *sval;
      GString *canon;

      if (ref->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || ref->column_ref->n_fields == 0 ||
          lit->node_case != PG_QUERY__NODE__NODE_A_CONST ||
          lit->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        continue;
      colname = _sw_pg_query_string (ref->column_ref->fields[ref->column_ref->n_fields - 1]);
      column = colname ? sw_table_find_column (table, colname) : NULL;
      if (column == NULL || g_strcmp0 (column->type_internal, "timestamp") != 0)
        continue;

      sval = lit->a_const->sval->sval;
      if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$", sval, 0, 0))
        continue;
      canon = g_string_new (sval);
      if (canon->len == 10)
        g_string_append (canon, " 00:00:00");
      else if (canon->len == 16)
        g_string_append (canon, ":00");
      canon->str[10] = ' ';
      free (lit->a_const->sval->sval);
      lit->a_const->sval->sval = strdup (canon->str);
      g_string_free (canon, TRUE);
    }
  return TRUE;
}

static void
canonicalize_literals (SwTable       *table,
                       PgQuery__Node *expr)
{
  if (expr != NULL)
    _sw_pg_query_walk ((ProtobufCMessage *)expr, FALSE, canonicalize_literals_cb, table);
}

/* The distinct table columns an expression uses, by attnum. */
static GPtrArray *
expression_columns (SwTable       *table,
                    PgQuery__Node *expr)
{
  ColumnRefs refs = { table, g_ptr_array_new () };

  if (expr != NULL)
    _sw_pg_query_walk ((ProtobufCMessage *)expr, FALSE, collect_column_refs_cb, &refs);
  g_ptr_array_sort (refs.columns, compare_columns_by_attnum);
  return refs.columns;
}

static char *
quote_name_list (char **names)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *quoted = sw_quote_identifier (names[i]);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, quoted);
    }
  return g_string_free (str, FALSE);
}

/* Sequences */

static gboolean
defelem_int64 (PgQuery__DefElem *def,
               gint64           *value)
{
  PgQuery__Node *arg = def->arg;

  if (arg == NULL)
    return FALSE;
  if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
    {
      *value = arg->integer->ival;
      return TRUE;
    }
  if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
    {
      *value = g_ascii_strtoll (arg->float_->fval, NULL, 10);
      return TRUE;
    }
  if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST)
    {
      if (arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        {
          *value = arg->a_const->ival->ival;
          return TRUE;
        }
      if (arg->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL)
        {
          *value = g_ascii_strtoll (arg->a_const->fval->fval, NULL, 10);
          return TRUE;
        }
    }
  return FALSE;
}

static void
sequence_type_bounds (const char *data_type,
                      gint64     *min,
                      gint64     *max)
{
  if (g_strcmp0 (data_type, "smallint") == 0)
    {
      *min = G_MININT16;
      *max = G_MAXINT16;
    }
  else if (g_strcmp0 (data_type, "integer") == 0)
    {
      *min = G_MININT32;
      *max = G_MAXINT32;
    }
  else
    {
      *min = G_MININT64;
      *max = G_MAXINT64;
    }
}

static void set_sequence_owner (Reader     *r,
                                SwSequence *sequence,
                                char      **owned_by);

/* init_params() (sequence.c): options first, then the defaults that depend on
 * the type and the direction.
 */
static void
apply_sequence_options (Reader         *r,
                        SwSequence     *seq,
                        PgQuery__Node **options,
                        size_t          n_options,
                        gboolean        is_new)
{
  gboolean has_min = FALSE;
  gboolean has_max = FALSE;
  gboolean has_start = FALSE;
  gboolean has_type = FALSE;
  gboolean has_increment = FALSE;
  gint64 type_min;
  gint64 type_max;
  gint64 old_type_min;
  gint64 old_type_max;
  gint64 value;

  sequence_type_bounds (seq->data_type, &old_type_min, &old_type_max);

  for (size_t i = 0; i < n_options; i++)
    {
      PgQuery__DefElem *def;

      if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
        continue;
      def = options[i]->def_elem;

      if (strcmp (def->defname, "as") == 0 && def->arg != NULL &&
          def->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        {
          g_free (seq->data_type);
          seq->data_type = format_type_name (r, def->arg->type_name);
          has_type = TRUE;
        }
      else if (strcmp (def->defname, "increment") == 0 && defelem_int64 (def, &value))
        {
          seq->increment = value;
          has_increment = TRUE;
        }
      else if (strcmp (def->defname, "minvalue") == 0)
        {
          has_min = defelem_int64 (def, &value);
          if (has_min)
            seq->min_value = value;
        }
      else if (strcmp (def->defname, "maxvalue") == 0)
        {
          has_max = defelem_int64 (def, &value);
          if (has_max)
            seq->max_value = value;
        }
      else if (strcmp (def->defname, "start") == 0 && defelem_int64 (def, &value))
        {
          seq->start = value;
          has_start = TRUE;
        }
      else if (strcmp (def->defname, "cache") == 0 && defelem_int64 (def, &value))
        seq->cache = value;
      else if (strcmp (def->defname, "cycle") == 0)
        seq->cycle = def->arg == NULL ||
                     (def->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && def->arg->boolean->boolval) ||
                     (def->arg->node_case == PG_QUERY__NODE__NODE_INTEGER && def->arg->integer->ival != 0);
      else if (strcmp (def->defname, "owned_by") == 0 && def->arg != NULL &&
               def->arg->node_case == PG_QUERY__NODE__NODE_LIST)
        {
          g_auto(GStrv) owned_by = strings_of_list (def->arg->list->items, def->arg->list->n_items);

          set_sequence_owner (r, seq, owned_by);
        }
    }

  sequence_type_bounds (seq->data_type, &type_min, &type_max);

  if (is_new || has_type || has_increment)
    {
      if (!has_max && (is_new || (has_type && seq->max_value == old_type_max) || has_increment))
        seq->max_value = seq->increment > 0 ? type_max : -1;
      if (!has_min && (is_new || (has_type && seq->min_value == old_type_min) || has_increment))
        seq->min_value = seq->increment > 0 ? 1 : type_min;
    }
  if (is_new && !has_start)
    seq->start = seq->increment > 0 ? seq->min_value : seq->max_value;
}

static SwSequence *
new_sequence (Reader     *r,
              const char *schema_name,
              const char *name,
              const char *data_type)
{
  SwSequence *seq = _sw_sequence_new ();

  seq->schema_name = g_strdup (schema_name);
  seq->name = g_strdup (name);
  seq->qualified_name = sw_quote_qualified_name (schema_name, name);
  seq->data_type = g_strdup (data_type);
  seq->increment = 1;
  seq->cache = 1;
  add_sequence (r, seq);
  register_relname (r, schema_name, name, REL_SEQUENCE);

  return seq;
}

static void
set_sequence_owner (Reader     *r,
                    SwSequence *seq,
                    char      **owned_by)
{
  guint n = owned_by ? g_strv_length (owned_by) : 0;
  SwTable *table;

  g_clear_pointer (&seq->owned_by_table, g_free);
  g_clear_pointer (&seq->owned_by_column, g_free);
  if (n == 1 && strcmp (owned_by[0], "none") == 0)
    return;
  if (n < 2)
    return;

  table = lookup_table (r, n >= 3 ? owned_by[n - 3] : NULL, owned_by[n - 2]);
  if (table == NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("OWNED BY refers to table %s, which this file never creates"),
                owned_by[n - 2]);
      return;
    }
  seq->owned_by_table = g_strdup (table->qualified_name);
  seq->owned_by_column = g_strdup (owned_by[n - 1]);
}

/* serial and identity columns: generateSerialExtraStmts() (parse_utilcmd.c). */
static SwSequence *
create_column_sequence (Reader         *r,
                        SwTable        *table,
                        SwColumn       *column,
                        gboolean        identity,
                        PgQuery__Node **options,
                        size_t          n_options)
{
  g_autofree char *seqname = NULL;
  const char *seqschema = table->schema_name;
  SwSequence *seq;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();

  for (size_t i = 0; i < n_options; i++)
    {
      PgQuery__DefElem *def = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? options[i]->def_elem : NULL;

      if (def != NULL && strcmp (def->defname, "sequence_name") == 0 && def->arg != NULL &&
          def->arg->node_case == PG_QUERY__NODE__NODE_LIST)
        {
          const char *s = NULL;
          const char *n = NULL;

          if (split_name_list (def->arg->list->items, def->arg->list->n_items, &s, &n))
            {
              seqname = g_strdup (n);
              if (s != NULL)
                seqschema = s;
            }
        }
      else
        g_ptr_array_add (rest, options[i]);
    }

  if (seqname == NULL)
    seqname = choose_relation_name (r, table->name, column->name, "seq", seqschema, FALSE);

  seq = new_sequence (r, seqschema, seqname, identity ? column->type_name : "bigint");
  if (!identity)
    {
      g_free (seq->data_type);
      seq->data_type = g_strdup (column->type_name);
    }
  apply_sequence_options (r, seq, (PgQuery__Node **)rest->pdata, rest->len, TRUE);
  seq->identity = identity;
  seq->owned_by_table = g_strdup (table->qualified_name);
  seq->owned_by_column = g_strdup (column->name);

  return seq;
}

static void
drop_owned_sequences (Reader     *r,
                      SwTable    *table,
                      const char *column_name)
{
  for (guint i = r->schema->sequences->len; i > 0; i--)
    {
      SwSequence *seq = g_ptr_array_index (r->schema->sequences, i - 1);

      if (g_strcmp0 (seq->owned_by_table, table->qualified_name) == 0 &&
          (column_name == NULL || g_strcmp0 (seq->owned_by_column, column_name) == 0))
        {
          unregister_relname (r, seq->schema_name, seq->name);
          remove_sequence (r, seq);
        }
    }
}

/* Constraints of a table being built */

typedef struct
{
  PgQuery__Constraint *con;   /* borrowed */
  char *colname;              /* for column constraints */
  gboolean deferrable;
  gboolean initdeferred;
} ConRef;

static void
con_ref_free (ConRef *ref)
{
  g_free (ref->colname);
  g_free (ref);
}

static ConRef *
con_ref_new (PgQuery__Constraint *con,
             const char          *colname)
{
  ConRef *ref = g_new0 (ConRef, 1);

  ref->con = con;
  ref->colname = g_strdup (colname);
  ref->deferrable = con->deferrable;
  ref->initdeferred = con->initdeferred;
  return ref;
}

typedef struct
{
  GPtrArray *checks;   /* ConRef */
  GPtrArray *indexes;  /* ConRef */
  GPtrArray *fks;      /* ConRef */
} Pending;

static void
pending_init (Pending *p)
{
  p->checks = g_ptr_array_new_with_free_func ((GDestroyNotify)con_ref_free);
  p->indexes = g_ptr_array_new_with_free_func ((GDestroyNotify)con_ref_free);
  p->fks = g_ptr_array_new_with_free_func ((GDestroyNotify)con_ref_free);
}

static void
pending_clear (Pending *p)
{
  g_clear_pointer (&p->checks, g_ptr_array_unref);
  g_clear_pointer (&p->indexes, g_ptr_array_unref);
  g_clear_pointer (&p->fks, g_ptr_array_unref);
}

static void
pending_add (Pending             *p,
             PgQuery__Constraint *con,
             const char          *colname)
{
  switch ((int)con->contype)
    {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      g_ptr_array_add (p->checks, con_ref_new (con, colname));
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      g_ptr_array_add (p->indexes, con_ref_new (con, colname));
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      g_ptr_array_add (p->fks, con_ref_new (con, colname));
      break;
    default:
      break;
    }
}

static const char *
deferrable_clause (gboolean deferrable,
                   gboolean initdeferred)
{
  if (!deferrable)
    return "";
  return initdeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

static SwConstraint *
find_constraint (SwTable    *table,
                 const char *name)
{
  for (guint i = 0; i < table->constraints->len; i++)
    {
      SwConstraint *con = g_ptr_array_index (table->constraints, i);

      if (g_strcmp0 (con->name, name) == 0)
        return con;
    }
  return NULL;
}

static SwForeignKey *
find_foreign_key (SwTable    *table,
                  const char *name)
{
  for (guint i = 0; i < table->foreign_keys->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (table->foreign_keys, i);

      if (g_strcmp0 (fk->name, name) == 0)
        return fk;
    }
  return NULL;
}

/* AddRelationNewConstraints() (heap.c) names a CHECK after the one column it
 * uses, or after the table alone.
 */
static SwConstraint *
add_check (Reader     *r,
           SwTable    *table,
           ConRef     *ref,
           GPtrArray  *batch_names,
           gboolean    from_alter)
{
  PgQuery__Constraint *con = ref->con;
  g_autoptr(GPtrArray) columns = expression_columns (table, con->raw_expr);
  SwConstraint *check = _sw_constraint_new ();
  GPtrArray *names = g_ptr_array_new ();

  if (nonempty (con->conname))
    check->name = g_strdup (con->conname);
  else
    {
      const char *colname = columns->len == 1 ? ((SwColumn *)g_ptr_array_index (columns, 0))->name : NULL;

      g_ptr_array_add (batch_names, NULL);
      check->name = choose_constraint_name (r, table->name, colname, "check", table->schema_name,
                                            (char **)batch_names->pdata);
      g_ptr_array_remove_index (batch_names, batch_names->len - 1);
    }
  g_ptr_array_add (batch_names, check->name);

  check->kind = SW_CONSTRAINT_CHECK;
  for (guint i = 0; i < columns->len; i++)
    g_ptr_array_add (names, g_strdup (((SwColumn *)g_ptr_array_index (columns, i))->name));
  check->columns = strv_from_ptr_array (names);
  canonicalize_literals (table, con->raw_expr);
  check->expression = deparse (con->raw_expr);
  check->no_inherit = con->is_no_inherit;
  check->not_valid = from_alter && !con->initially_valid;
  check->definition = g_strdup_printf ("CHECK ((%s))%s%s", check->expression ? check->expression : "",
                                       check->no_inherit ? " NO INHERIT" : "",
                                       check->not_valid ? " NOT VALID" : "");
  g_ptr_array_add (table->constraints, check);
  register_conname (r, table->schema_name, check->name);

  return check;
}

static void
drop_table_index (Reader *r)
{
  g_clear_pointer (&r->partitions_index, g_hash_table_unref);
  g_clear_pointer (&r->inheritors_index, g_hash_table_unref);
  g_clear_pointer (&r->table_positions, g_hash_table_unref);
}

static void
index_add (GHashTable *index,
           const char *key,
           gpointer    item)
{
  GPtrArray *list = g_hash_table_lookup (index, key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, g_strdup (key), list);
    }
  g_ptr_array_add (list, item);
}

static void
build_table_index (Reader *r)
{
  GListModel *tables = sw_schema_list_tables (r->schema);
  guint n = g_list_model_get_n_items (tables);

  if (r->table_positions != NULL)
    return;

  r->partitions_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  r->inheritors_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  r->table_positions = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      g_hash_table_insert (r->table_positions, table, GUINT_TO_POINTER (i + 1));
      if (table->partition_parent != NULL)
        index_add (r->partitions_index, table->partition_parent, table);
      /* Once per parent, as a scan with strv_contains() finds it. */
      for (guint j = 0; table->inherits != NULL && table->inherits[j] != NULL; j++)
        if (!strv_contains_before (table->inherits, j, table->inherits[j]))
          index_add (r->inheritors_index, table->inherits[j], table);
    }
}

static guint
table_position (Reader  *r,
                SwTable *table)
{
  build_table_index (r);
  return GPOINTER_TO_UINT (g_hash_table_lookup (r->table_positions, table));
}

static GPtrArray *
partitions_of (Reader  *r,
               SwTable *table)
{
  GPtrArray *children = g_ptr_array_new ();
  GPtrArray *list;

  build_table_index (r);
  list = g_hash_table_lookup (r->partitions_index, table->qualified_name);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (children, g_ptr_array_index (list, i));
  return children;
}

static GPtrArray *
inheritors_of (Reader  *r,
               SwTable *table)
{
  GPtrArray *children = partitions_of (r, table);
  GPtrArray *list = g_hash_table_lookup (r->inheritors_index, table->qualified_name);

  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (children, g_ptr_array_index (list, i));
  return children;
}

static IndexRec *
add_index_rec (Reader       *r,
               SwTable      *table,
               const char   *name,
               char        **naming_columns,
               gboolean      primary,
               gboolean      is_constraint,
               gboolean      exclusion)
{
  IndexRec *rec = g_new0 (IndexRec, 1);

  rec->table = table;
  rec->schema_name = g_strdup (table->schema_name);
  rec->name = g_strdup (name);
  rec->naming_columns = g_strdupv (naming_columns);
  rec->primary = primary;
  rec->is_constraint = is_constraint;
  rec->exclusion = exclusion;
  g_ptr_array_add (r->index_recs, rec);
  {
    char *key = rel_key (rec->schema_name, rec->name);
    GPtrArray *recs = g_hash_table_lookup (r->index_recs_by_name, key);

    if (recs == NULL)
      g_hash_table_insert (r->index_recs_by_name, key, (recs = g_ptr_array_new ()));
    else
      g_free (key);
    g_ptr_array_add (recs, rec);
  }
  register_relname (r, table->schema_name, name, REL_INDEX);
  if (is_constraint)
    register_conname (r, table->schema_name, name);

  return rec;
}

/* Takes @rec out of the by-name lookup (before it is freed). */
static void
forget_index_rec_name (Reader   *r,
                       IndexRec *rec)
{
  g_autofree char *key = rel_key (rec->schema_name, rec->name);
  GPtrArray *recs = g_hash_table_lookup (r->index_recs_by_name, key);

  if (recs != NULL)
    g_ptr_array_remove (recs, rec);
}

static void
remove_index_recs_of (Reader  *r,
                      SwTable *table)
{
  for (guint i = r->index_recs->len; i > 0; i--)
    {
      IndexRec *rec = g_ptr_array_index (r->index_recs, i - 1);

      if (rec->table == table)
        {
          unregister_relname (r, rec->schema_name, rec->name);
          forget_index_rec_name (r, rec);
          g_ptr_array_remove_index (r->index_recs, i - 1);
        }
    }
}

static void
remove_index_rec (Reader   *r,
                  IndexRec *rec)
{
  unregister_relname (r, rec->schema_name, rec->name);
  forget_index_rec_name (r, rec);
  g_ptr_array_remove (r->index_recs, rec);
}

static char *
constraint_definition (SwConstraint *con)
{
  g_autofree char *cols = quote_name_list (con->columns);
  g_autofree char *incl = quote_name_list (con->include_columns);
  GString *str = g_string_new (NULL);

  if (con->kind == SW_CONSTRAINT_PRIMARY_KEY)
    g_string_append_printf (str, "PRIMARY KEY (%s)", cols);
  else if (con->kind == SW_CONSTRAINT_UNIQUE)
    g_string_append_printf (str, "UNIQUE %s(%s)", con->nulls_not_distinct ? "NULLS NOT DISTINCT " : "", cols);
  else
    {
      g_string_append_printf (str, "EXCLUDE USING %s (", con->access_method);
      for (guint i = 0; con->columns && con->columns[i]; i++)
        g_string_append_printf (str, "%s%s WITH %s", i ? ", " : "", con->columns[i],
                                con->exclude_operators && con->exclude_operators[i] ? con->exclude_operators[i] : "=");
      g_string_append_c (str, ')');
    }
  if (con->include_columns != NULL)
    g_string_append_printf (str, " INCLUDE (%s)", incl);
  if (con->predicate != NULL)
    g_string_append_printf (str, " WHERE (%s)", con->predicate);
  g_string_append (str, deferrable_clause (con->deferrable, con->initially_deferred));

  return g_string_free (str, FALSE);
}

static gboolean
same_index_shape (char     **keys_a,
                  char     **incl_a,
                  const char *pred_a,
                  char     **keys_b,
                  char     **incl_b,
                  const char *pred_b)
{
  return strv_equal0 (keys_a, keys_b) && strv_equal0 (incl_a, incl_b) && g_strcmp0 (pred_a, pred_b) == 0;
}

/* Partitions get a copy of every index of their parent (DefineIndex() on each
 * partition, with a name chosen for the partition), unless they already have
 * an equivalent one, which is then attached instead.
 */
static void
clone_index_to (Reader   *r,
                IndexRec *rec,
                SwTable  *child)
{
  g_autofree char *name = NULL;
  IndexRec *clone;

  if (rec->constraint != NULL)
    {
      SwConstraint *src = rec->constraint;
      SwConstraint *con;

      for (guint i = 0; i < child->constraints->len; i++)
        {
          SwConstraint *other = g_ptr_array_index (child->constraints, i);

          if (other->kind == src->kind &&
              same_index_shape (other->columns, other->include_columns, other->predicate,
                                src->columns, src->include_columns, src->predicate))
            return;
        }

      name = choose_index_name (r, child->name, child->schema_name, rec->naming_columns,
                                rec->exclusion, rec->primary, TRUE);
      con = _sw_constraint_new ();
      con->name = g_strdup (name);
      con->kind = src->kind;
      con->columns = g_strdupv (src->columns);
      con->include_columns = g_strdupv (src->include_columns);
      con->exclude_operators = g_strdupv (src->exclude_operators);
      con->access_method = g_strdup (src->access_method);
      con->predicate = g_strdup (src->predicate);
      con->deferrable = src->deferrable;
      con->initially_deferred = src->initially_deferred;
      con->nulls_not_distinct = src->nulls_not_distinct;
      con->definition = g_strdup (src->definition);
      g_ptr_array_add (child->constraints, con);
      if (con->kind == SW_CONSTRAINT_PRIMARY_KEY)
        {
          for (guint i = 0; con->columns && con->columns[i]; i++)
            {
              SwColumn *column = sw_table_find_column (child, con->columns[i]);

              if (column != NULL)
                column->not_null = TRUE;
            }
        }
      clone = add_index_rec (r, child, name, rec->naming_columns, rec->primary, TRUE, rec->exclusion);
      clone->constraint = con;
    }
  else
    {
      SwIndex *src = rec->index;
      SwIndex *index;

      for (guint i = 0; i < child->indexes->len; i++)
        {
          SwIndex *other = g_ptr_array_index (child->indexes, i);

          if (other->unique == src->unique && g_strcmp0 (other->access_method, src->access_method) == 0 &&
              same_index_shape (other->keys, other->include_columns, other->predicate,
                                src->keys, src->include_columns, src->predicate))
            return;
        }

      name = choose_index_name (r, child->name, child->schema_name, rec->naming_columns,
                                FALSE, FALSE, FALSE);
      index = _sw_index_new ();
      index->name = g_strdup (name);
      index->unique = src->unique;
      index->access_method = g_strdup (src->access_method);
      index->keys = g_strdupv (src->keys);
      index->key_is_expression = src->key_is_expression ? g_array_copy (src->key_is_expression) : NULL;
      index->include_columns = g_strdupv (src->include_columns);
      index->predicate = g_strdup (src->predicate);
      index->nulls_not_distinct = src->nulls_not_distinct;
      index->definition = g_strdup (src->definition);
      g_ptr_array_add (child->indexes, index);
      clone = add_index_rec (r, child, name, rec->naming_columns, FALSE, FALSE, FALSE);
      clone->index = index;
    }

  /* A partition that is partitioned itself passes the index on. */
  if (child->rel_kind == SW_REL_KIND_PARTITIONED_TABLE)
    {
      g_autoptr(GPtrArray) grandchildren = partitions_of (r, child);

      for (guint i = 0; i < grandchildren->len; i++)
        clone_index_to (r, clone, g_ptr_array_index (grandchildren, i));
    }
}

static void
clone_parent_indexes (Reader  *r,
                      SwTable *parent,
                      SwTable *child)
{
  g_autoptr(GPtrArray) recs = g_ptr_array_new ();

  for (guint i = 0; i < r->index_recs->len; i++)
    {
      IndexRec *rec = g_ptr_array_index (r->index_recs, i);

      if (rec->table == parent)
        g_ptr_array_add (recs, rec);
    }
  for (guint i = 0; i < recs->len; i++)
    clone_index_to (r, g_ptr_array_index (recs, i), child);
}

/* Names an index column as ChooseIndexColumnNames() does, from an IndexElem. */
static const char *
index_elem_colname (PgQuery__IndexElem *elem)
{
  const char *name;

  if (nonempty (elem->indexcolname))
    return elem->indexcolname;
  if (nonempty (elem->name))
    return elem->name;
  name = _sw_pg_query_figure_colname (elem->expr);
  return name != NULL ? name : "expr";
}

static IndexRec *
add_index_constraint (Reader   *r,
                      SwTable  *table,
                      ConRef   *ref,
                      gboolean  recurse)
{
  PgQuery__Constraint *con = ref->con;
  gboolean primary = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
  gboolean exclusion = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
  g_autoptr(GPtrArray) naming = g_ptr_array_new ();
  GPtrArray *columns = g_ptr_array_new ();
  GPtrArray *operators = g_ptr_array_new ();
  g_auto(GStrv) naming_columns = NULL;
  SwConstraint *constraint;
  IndexRec *rec;
  IndexRec *using_index = NULL;

  if (nonempty (con->indexname))
    {
      /* ADD CONSTRAINT … USING INDEX: the index becomes the constraint's. */
      using_index = lookup_index (r, table->schema_name, con->indexname);
      if (using_index == NULL || using_index->index == NULL)
        {
          add_note (r, SW_SOURCE_NOTE_WARNING, _("index %s is not created in this file"), con->indexname);
          g_ptr_array_unref (columns);
          g_ptr_array_unref (operators);
          return NULL;
        }
      for (guint i = 0; using_index->index->keys && using_index->index->keys[i]; i++)
        g_ptr_array_add (columns, g_strdup (using_index->index->keys[i]));
    }
  else if (exclusion)
    {
      for (size_t i = 0; i < con->n_exclusions; i++)
        {
          PgQuery__Node *pair = con->exclusions[i];
          PgQuery__IndexElem *elem;
          PgQuery__Node *ops;

          if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items < 2 ||
              pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
            continue;
          elem = pair->list->items[0]->index_elem;
          ops = pair->list->items[1];
          if (nonempty (elem->name))
            g_ptr_array_add (columns, g_strdup (elem->name));
          else
            g_ptr_array_add (columns, _sw_pg_query_normalize_node (elem->expr));
          g_ptr_array_add (naming, (gpointer)index_elem_colname (elem));
          if (ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items > 0)
            g_ptr_array_add (operators, g_strdup (_sw_pg_query_string (ops->list->items[ops->list->n_items - 1])));
          else
            g_ptr_array_add (operators, g_strdup ("="));
        }
    }
  else if (con->n_keys > 0)
    {
      for (size_t i = 0; i < con->n_keys; i++)
        {
          const char *key = _sw_pg_query_string (con->keys[i]);

          if (key != NULL)
            g_ptr_array_add (columns, g_strdup (key));
        }
    }
  else if (ref->colname != NULL)
    g_ptr_array_add (columns, g_strdup (ref->colname));

  if (!exclusion)
    {
      for (guint i = 0; i < columns->len; i++)
        g_ptr_array_add (naming, g_ptr_array_index (columns, i));
    }
  for (size_t i = 0; i < con->n_including; i++)
    {
      const char *col = _sw_pg_query_string (con->including[i]);

      if (col != NULL)
        g_ptr_array_add (naming, (gpointer)col);
    }
  naming_columns = choose_index_column_names (naming);

  constraint = _sw_constraint_new ();
  constraint->kind = primary ? SW_CONSTRAINT_PRIMARY_KEY :
                     exclusion ? SW_CONSTRAINT_EXCLUDE : SW_CONSTRAINT_UNIQUE;
  constraint->columns = strv_from_ptr_array (columns);
  constraint->include_columns = strings_of_list (con->including, con->n_including);
  if (exclusion)
    {
      constraint->exclude_operators = strv_from_ptr_array (operators);
      constraint->access_method = g_strdup (nonempty (con->access_method) ? con->access_method : "btree");
      constraint->predicate = deparse (con->where_clause);
    }
  else
    g_ptr_array_unref (operators);
  constraint->deferrable = ref->deferrable;
  constraint->initially_deferred = ref->initdeferred;
  constraint->nulls_not_distinct = con->nulls_not_distinct;

  if (using_index != NULL)
    {
      constraint->include_columns = g_strdupv (using_index->index->include_columns);
      constraint->name = g_strdup (nonempty (con->conname) ? con->conname : using_index->name);
      g_ptr_array_remove (table->indexes, using_index->index);
      remove_index_rec (r, using_index);
    }
  else if (nonempty (con->conname))
    constraint->name = g_strdup (con->conname);
  else
    constraint->name = choose_index_name (r, table->name, table->schema_name, naming_columns,
                                          exclusion, primary, TRUE);
  constraint->definition = constraint_definition (constraint);

  if (primary)
    {
      for (guint i = 0; constraint->columns && constraint->columns[i]; i++)
        {
          SwColumn *column = sw_table_find_column (table, constraint->columns[i]);

          if (column != NULL)
            column->not_null = TRUE;
          else
            add_note (r, SW_SOURCE_NOTE_WARNING, _("column %s named in key does not exist"),
                      constraint->columns[i]);
        }
    }

  g_ptr_array_add (table->constraints, constraint);
  rec = add_index_rec (r, table, constraint->name, naming_columns, primary, TRUE, exclusion);
  rec->constraint = constraint;

  if (recurse && table->rel_kind == SW_REL_KIND_PARTITIONED_TABLE)
    {
      g_autoptr(GPtrArray) children = partitions_of (r, table);

      for (guint i = 0; i < children->len; i++)
        clone_index_to (r, rec, g_ptr_array_index (children, i));
    }

  return rec;
}

static char **
primary_key_columns (SwTable *table)
{
  SwConstraint *pk = table != NULL ? sw_table_get_primary_key (table) : NULL;

  return pk != NULL ? g_strdupv (pk->columns) : NULL;
}

static SwForeignKey *
add_foreign_key (Reader   *r,
                 SwTable  *table,
                 ConRef   *ref,
                 gboolean  from_alter)
{
  PgQuery__Constraint *con = ref->con;
  SwForeignKey *fk = _sw_foreign_key_new ();
  SwTable *ref_table;

  if (con->n_fk_attrs > 0)
    fk->columns = strings_of_list (con->fk_attrs, con->n_fk_attrs);
  else if (ref->colname != NULL)
    {
      fk->columns = g_new0 (char *, 2);
      fk->columns[0] = g_strdup (ref->colname);
    }

  ref_table = lookup_table_rv (r, con->pktable);
  if (ref_table != NULL)
    fk->ref_table = g_strdup (ref_table->qualified_name);
  else
    {
      const char *ns = creation_schema_for (r, con->pktable ? con->pktable->schemaname : NULL, NULL);

      fk->ref_table = sw_quote_qualified_name (ns, con->pktable ? con->pktable->relname : "?");
      add_note (r, SW_SOURCE_NOTE_WARNING, _("foreign key references %s, which this file never creates"),
                fk->ref_table);
    }

  if (con->n_pk_attrs > 0)
    fk->ref_columns = strings_of_list (con->pk_attrs, con->n_pk_attrs);
  else
    {
      fk->ref_columns = primary_key_columns (ref_table);
      if (fk->ref_columns == NULL)
        {
          g_ptr_array_add (r->pending_fks, fk);
          g_hash_table_insert (r->pending_fk_locations, fk, GINT_TO_POINTER (r->stmt_location));
        }
    }

  if (nonempty (con->conname))
    fk->name = g_strdup (con->conname);
  else
    {
      g_autofree char *addition = choose_name_addition (fk->columns);

      fk->name = choose_constraint_name (r, table->name, addition, "fkey", table->schema_name, NULL);
    }

  fk->table = g_strdup (table->qualified_name);
  fk->on_delete = sw_fk_action_from_code (con->fk_del_action ? con->fk_del_action[0] : 'a');
  fk->on_update = sw_fk_action_from_code (con->fk_upd_action ? con->fk_upd_action[0] : 'a');
  fk->on_delete_set_columns = strings_of_list (con->fk_del_set_cols, con->n_fk_del_set_cols);
  fk->match = sw_fk_match_from_code (con->fk_matchtype ? con->fk_matchtype[0] : 's');
  fk->deferrable = ref->deferrable;
  fk->initially_deferred = ref->initdeferred;
  fk->not_valid = from_alter && !con->initially_valid;

  g_ptr_array_add (table->foreign_keys, fk);
  register_conname (r, table->schema_name, fk->name);
  index_add (r->fks_by_ref, fk->ref_table, fk);

  return fk;
}

/* Columns and tables */

static char *
nextval_default (SwSequence *seq)
{
  g_autofree char *literal = sw_quote_literal (seq->qualified_name);

  return g_strdup_printf ("nextval(%s::regclass)", literal);
}

static void
apply_column_constraints (Reader         *r,
                          SwTable        *table,
                          SwColumn       *column,
                          PgQuery__Node **constraints,
                          size_t          n_constraints,
                          Pending        *pending)
{
  ConRef *last = NULL;

  for (size_t i = 0; i < n_constraints; i++)
    {
      PgQuery__Constraint *con;

      if (constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        continue;
      con = constraints[i]->constraint;

      switch ((int)con->contype)
        {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
          column->not_null = TRUE;
          break;

        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
          g_free (column->default_expr);
          column->default_expr = deparse (con->raw_expr);
          break;

        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
          column->identity = g_strcmp0 (con->generated_when, "a") == 0 ? SW_IDENTITY_ALWAYS
                                                                      : SW_IDENTITY_BY_DEFAULT;
          column->not_null = TRUE;
          create_column_sequence (r, table, column, TRUE, con->options, con->n_options);
          break;

        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
          g_free (column->generated_expr);
          column->generated_expr = deparse (con->raw_expr);
          break;

        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
          pending_add (pending, con, column->name);
          last = g_ptr_array_index (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? pending->checks :
                                    con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? pending->fks :
                                    pending->indexes,
                                    (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? pending->checks :
                                     con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? pending->fks :
                                     pending->indexes)->len - 1);
          break;

        /* transformConstraintAttrs(): these qualify the constraint before them. */
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
          if (last != NULL)
            last->deferrable = TRUE;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
          if (last != NULL)
            last->deferrable = FALSE;
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
          if (last != NULL)
            {
              last->initdeferred = TRUE;
              last->deferrable = TRUE;
            }
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
          if (last != NULL)
            last->initdeferred = FALSE;
          break;

        default:
          break;
        }
    }
}

static SwColumn *
copy_column (SwTable  *table,
             SwColumn *src,
             gboolean  with_default)
{
  SwColumn *column = _sw_column_new ();

  column->attnum = (gint)table->columns->len + 1;
  column->name = g_strdup (src->name);
  column->type_name = g_strdup (src->type_name);
  column->type_schema = g_strdup (src->type_schema);
  column->type_internal = g_strdup (src->type_internal);
  column->type_kind = src->type_kind;
  column->typmod = src->typmod;
  column->collation = g_strdup (src->collation);
  column->not_null = src->not_null;
  if (with_default)
    {
      column->default_expr = g_strdup (src->default_expr);
      column->generated_expr = g_strdup (src->generated_expr);
    }
  g_ptr_array_add (table->columns, column);

  return column;
}

static SwColumn *
add_column (Reader             *r,
            SwTable            *table,
            PgQuery__ColumnDef *def,
            Pending            *pending)
{
  SwColumn *column = sw_table_find_column (table, def->colname);
  TypeInfo info;
  gboolean serial = FALSE;

  if (column == NULL)
    {
      if (def->type_name == NULL)
        {
          add_note (r, SW_SOURCE_NOTE_WARNING, _("column %s does not exist in %s"), def->colname,
                    table->qualified_name);
          return NULL;
        }

      resolve_type (r, def->type_name, &info);
      column = _sw_column_new ();
      column->attnum = (gint)table->columns->len + 1;
      column->name = g_strdup (def->colname);
      column->type_name = g_steal_pointer (&info.type_name);
      column->type_schema = g_steal_pointer (&info.type_schema);
      column->type_internal = g_steal_pointer (&info.type_internal);
      column->type_kind = info.kind;
      column->typmod = info.typmod;
      serial = info.serial_of != NULL;
      type_info_clear (&info);
      g_ptr_array_add (table->columns, column);
    }

  if (def->coll_clause != NULL)
    {
      g_free (column->collation);
      column->collation = format_collation (r, def->coll_clause);
    }

  if (serial)
    {
      SwSequence *seq = create_column_sequence (r, table, column, FALSE, NULL, 0);

      g_free (column->default_expr);
      column->default_expr = nextval_default (seq);
      column->not_null = TRUE;
    }

  apply_column_constraints (r, table, column, def->constraints, def->n_constraints, pending);

  return column;
}

static void
inherit_columns (SwTable *table,
                 SwTable *parent)
{
  for (guint i = 0; i < parent->columns->len; i++)
    {
      SwColumn *src = g_ptr_array_index (parent->columns, i);
      SwColumn *existing = sw_table_find_column (table, src->name);

      if (existing != NULL)
        {
          existing->not_null |= src->not_null;
          continue;
        }
      copy_column (table, src, TRUE);
    }
}

static void
copy_like (Reader                    *r,
           SwTable                   *table,
           PgQuery__TableLikeClause  *like)
{
  SwTable *src = lookup_table_rv (r, like->relation);
  gboolean defaults = (like->options & (1 << 3)) != 0;
  gboolean constraints = (like->options & (1 << 2)) != 0;

  if (src == NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("LIKE %s: the table is not created in this file"),
                like->relation ? like->relation->relname : "?");
      return;
    }
  for (guint i = 0; i < src->columns->len; i++)
    copy_column (table, g_ptr_array_index (src->columns, i), defaults);
  if (constraints)
    {
      for (guint i = 0; i < src->constraints->len; i++)
        {
          SwConstraint *check = g_ptr_array_index (src->constraints, i);
          SwConstraint *copy;

          if (check->kind != SW_CONSTRAINT_CHECK)
            continue;
          copy = _sw_constraint_new ();
          copy->name = g_strdup (check->name);
          copy->kind = SW_CONSTRAINT_CHECK;
          copy->columns = g_strdupv (check->columns);
          copy->expression = g_strdup (check->expression);
          copy->no_inherit = check->no_inherit;
          copy->definition = g_strdup (check->definition);
          g_ptr_array_add (table->constraints, copy);
          register_conname (r, table->schema_name, copy->name);
        }
    }
}

static char *
datum_text (PgQuery__Node *datum)
{
  if (datum->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && datum->column_ref->n_fields == 1)
    {
      const char *word = _sw_pg_query_string (datum->column_ref->fields[0]);

      if (g_strcmp0 (word, "minvalue") == 0)
        return g_strdup ("MINVALUE");
      if (g_strcmp0 (word, "maxvalue") == 0)
        return g_strdup ("MAXVALUE");
    }
  return deparse (datum);
}

static void
append_datums (GString        *str,
               PgQuery__Node **datums,
               size_t          n_datums)
{
  g_string_append_c (str, '(');
  for (size_t i = 0; i < n_datums; i++)
    {
      g_autofree char *text = datum_text (datums[i]);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, text ? text : "?");
    }
  g_string_append_c (str, ')');
}

/* The FOR VALUES clause, as pg_get_expr(relpartbound) prints it (display only). */
static char *
partition_bound_text (PgQuery__PartitionBoundSpec *bound)
{
  GString *str = g_string_new (NULL);

  if (bound->is_default)
    g_string_append (str, "DEFAULT");
  else if (g_strcmp0 (bound->strategy, "h") == 0)
    g_string_append_printf (str, "FOR VALUES WITH (modulus %d, remainder %d)", bound->modulus,
                            bound->remainder);
  else if (g_strcmp0 (bound->strategy, "l") == 0)
    {
      g_string_append (str, "FOR VALUES IN ");
      append_datums (str, bound->listdatums, bound->n_listdatums);
    }
  else
    {
      g_string_append (str, "FOR VALUES FROM ");
      append_datums (str, bound->lowerdatums, bound->n_lowerdatums);
      g_string_append (str, " TO ");
      append_datums (str, bound->upperdatums, bound->n_upperdatums);
    }

  return g_string_free (str, FALSE);
}

static void
set_partition_spec (SwTable               *table,
                    PgQuery__PartitionSpec *spec)
{
  GPtrArray *columns = g_ptr_array_new ();
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree char *upper = g_ascii_strup (spec->strategy, -1);

  table->partition_strategy = strcmp (spec->strategy, "list") == 0 ? SW_PARTITION_LIST :
                              strcmp (spec->strategy, "hash") == 0 ? SW_PARTITION_HASH :
                              SW_PARTITION_RANGE;

  g_string_append_printf (key, "%s (", upper);
  for (size_t i = 0; i < spec->n_part_params; i++)
    {
      PgQuery__PartitionElem *elem;
      char *text;

      if (spec->part_params[i]->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
        continue;
      elem = spec->part_params[i]->partition_elem;
      if (nonempty (elem->name))
        {
          g_autofree char *quoted = sw_quote_identifier (elem->name);

          text = g_strdup (elem->name);
          g_string_append_printf (key, "%s%s", i ? ", " : "", quoted);
        }
      else
        {
          g_autofree char *expr = deparse (elem->expr);

          text = g_strdup (expr ? expr : "?");
          g_string_append_printf (key, "%s(%s)", i ? ", " : "", text);
        }
      g_ptr_array_add (columns, text);
    }
  g_string_append_c (key, ')');

  table->partition_columns = strv_from_ptr_array (columns);
  table->partition_key = g_string_free (g_steal_pointer (&key), FALSE);
}

static void
add_table_to_schema (Reader  *r,
                     SwTable *table)
{
  _sw_schema_add_table (r->schema, table);
  drop_table_index (r);
  register_relname (r, table->schema_name, table->name, REL_TABLE);
}

static char **
conref_keys (ConRef *ref)
{
  if (ref->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
    return NULL;
  if (ref->con->n_keys > 0)
    return strings_of_list (ref->con->keys, ref->con->n_keys);
  if (ref->colname != NULL)
    {
      char **keys = g_new0 (char *, 2);

      keys[0] = g_strdup (ref->colname);
      return keys;
    }
  return NULL;
}

/* transformIndexConstraints(): the primary key first, and a UNIQUE that
 * repeats another index constraint of the same statement is dropped.
 */
static void
create_pending_index_constraints (Reader  *r,
                                  SwTable *table,
                                  Pending *pending)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  g_autoptr(GPtrArray) kept_keys = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (guint i = 0; i < pending->indexes->len; i++)
    {
      ConRef *ref = g_ptr_array_index (pending->indexes, i);

      if (ref->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
        g_ptr_array_insert (ordered, 0, ref);
      else
        g_ptr_array_add (ordered, ref);
    }

  for (guint i = 0; i < ordered->len; i++)
    {
      ConRef *ref = g_ptr_array_index (ordered, i);
      char **keys = conref_keys (ref);
      gboolean duplicate = FALSE;

      if (keys != NULL && ref->con->n_including == 0 && ref->con->where_clause == NULL)
        {
          for (guint j = 0; j < kept_keys->len; j++)
            {
              if (strv_equal0 (keys, g_ptr_array_index (kept_keys, j)))
                duplicate = TRUE;
            }
        }
      if (duplicate)
        {
          g_strfreev (keys);
          continue;
        }
      if (ref->con->n_including == 0 && ref->con->where_clause == NULL && keys != NULL)
        g_ptr_array_add (kept_keys, keys);
      else
        g_strfreev (keys);
      add_index_constraint (r, table, ref, TRUE);
    }
}

static void
create_pending (Reader   *r,
                SwTable  *table,
                Pending  *pending,
                SwTable  *partition_parent,
                gboolean  from_alter)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  for (guint i = 0; i < pending->checks->len; i++)
    add_check (r, table, g_ptr_array_index (pending->checks, i), batch, from_alter);

  if (partition_parent != NULL)
    clone_parent_indexes (r, partition_parent, table);

  create_pending_index_constraints (r, table, pending);

  for (guint i = 0; i < pending->fks->len; i++)
    add_foreign_key (r, table, g_ptr_array_index (pending->fks, i), from_alter);
}

static void
create_table (Reader               *r,
              PgQuery__CreateStmt  *stmt,
              SwRelKind             kind,
              const char           *default_schema)
{
  PgQuery__RangeVar *rv = stmt->relation;
  const char *schema_name;
  g_autoptr(SwTable) table = NULL;
  SwTable *partition_parent = NULL;
  GPtrArray *inherits = g_ptr_array_new ();
  Pending pending;

  if (rv == NULL)
    {
      g_ptr_array_unref (inherits);
      return;
    }

  if (g_strcmp0 (rv->relpersistence, "t") == 0)
    schema_name = "pg_temp";
  else
    schema_name = creation_schema_for (r, rv->schemaname, default_schema);

  if (sw_schema_lookup_table (r->schema, schema_name, rv->relname) != NULL ||
      relname_exists (r, schema_name, rv->relname))
    {
      if (!stmt->if_not_exists)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("relation %s already exists; this statement is passed over"),
                  rv->relname);
      g_ptr_array_unref (inherits);
      return;
    }

  table = _sw_table_new (schema_name, rv->relname);
  table->rel_kind = stmt->partspec != NULL ? SW_REL_KIND_PARTITIONED_TABLE : kind;
  table->persistence = g_strcmp0 (rv->relpersistence, "u") == 0 ? SW_PERSISTENCE_UNLOGGED :
                       g_strcmp0 (rv->relpersistence, "t") == 0 ? SW_PERSISTENCE_TEMPORARY :
                       SW_PERSISTENCE_PERMANENT;
  if (table->rel_kind == SW_REL_KIND_TABLE)
    {
      const char *am = nonempty (stmt->access_method) ? stmt->access_method : r->default_am;

      if (am != NULL && strcmp (am, "heap") != 0)
        table->access_method = g_strdup (am);
    }

  if (stmt->partspec != NULL)
    set_partition_spec (table, stmt->partspec);

  for (size_t i = 0; i < stmt->n_inh_relations; i++)
    {
      PgQuery__Node *node = stmt->inh_relations[i];
      SwTable *parent;

      if (node->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
        continue;
      parent = lookup_table_rv (r, node->range_var);
      if (parent == NULL)
        {
          add_note (r, SW_SOURCE_NOTE_WARNING, _("parent table %s is not created in this file"),
                    node->range_var->relname);
          continue;
        }
      inherit_columns (table, parent);
      if (stmt->partbound != NULL)
        {
          partition_parent = parent;
          table->partition_parent = g_strdup (parent->qualified_name);
          table->partition_bound = partition_bound_text (stmt->partbound);
        }
      else
        g_ptr_array_add (inherits, g_strdup (parent->qualified_name));
    }
  g_ptr_array_sort (inherits, compare_strv_items);
  table->inherits = strv_from_ptr_array (inherits);

  pending_init (&pending);
  add_table_to_schema (r, table);

  for (size_t i = 0; i < stmt->n_table_elts; i++)
    {
      PgQuery__Node *elt = stmt->table_elts[i];

      if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        add_column (r, table, elt->column_def, &pending);
      else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        pending_add (&pending, elt->constraint, NULL);
      else if (elt->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)
        copy_like (r, table, elt->table_like_clause);
    }

  if (table->columns->len > 1600)
    add_note (r, SW_SOURCE_NOTE_WARNING, _("tables can have at most 1600 columns (%s has %u)"),
              table->qualified_name, table->columns->len);

  create_pending (r, table, &pending, partition_parent, FALSE);
  pending_clear (&pending);
}

/* CREATE INDEX */

static void
create_index (Reader               *r,
              PgQuery__IndexStmt   *stmt)
{
  SwTable *table = lookup_table_rv (r, stmt->relation);
  g_autoptr(GPtrArray) naming = g_ptr_array_new ();
  g_auto(GStrv) naming_columns = NULL;
  GPtrArray *keys = g_ptr_array_new ();
  g_autoptr(GArray) is_expr = g_array_new (FALSE, FALSE, sizeof (gboolean));
  SwIndex *index;
  IndexRec *rec;

  if (table == NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("CREATE INDEX on %s, which this file never creates"),
                stmt->relation ? stmt->relation->relname : "?");
      g_ptr_array_unref (keys);
      return;
    }

  for (size_t i = 0; i < stmt->n_index_params; i++)
    {
      PgQuery__IndexElem *elem;
      gboolean expr;

      if (stmt->index_params[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
        continue;
      elem = stmt->index_params[i]->index_elem;
      expr = !nonempty (elem->name);
      g_ptr_array_add (keys, expr ? _sw_pg_query_normalize_node (elem->expr) : g_strdup (elem->name));
      g_array_append_val (is_expr, expr);
      g_ptr_array_add (naming, (gpointer)index_elem_colname (elem));
    }
  for (size_t i = 0; i < stmt->n_index_including_params; i++)
    {
      if (stmt->index_including_params[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
        g_ptr_array_add (naming, (gpointer)index_elem_colname (stmt->index_including_params[i]->index_elem));
    }
  naming_columns = choose_index_column_names (naming);

  index = _sw_index_new ();
  if (nonempty (stmt->idxname))
    index->name = g_strdup (stmt->idxname);
  else
    index->name = choose_index_name (r, table->name, table->schema_name, naming_columns, FALSE, FALSE, FALSE);

  if (relname_exists (r, table->schema_name, index->name))
    {
      if (!stmt->if_not_exists)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("relation %s already exists; this index is passed over"),
                  index->name);
      g_object_unref (index);
      g_ptr_array_unref (keys);
      return;
    }

  index->unique = stmt->unique;
  index->access_method = g_ascii_strdown (nonempty (stmt->access_method) ? stmt->access_method : "btree", -1);
  index->keys = strv_from_ptr_array (keys);
  index->key_is_expression = g_steal_pointer (&is_expr);
  {
    GPtrArray *incl = g_ptr_array_new ();

    for (size_t i = 0; i < stmt->n_index_including_params; i++)
      {
        PgQuery__Node *node = stmt->index_including_params[i];

        if (node->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && nonempty (node->index_elem->name))
          g_ptr_array_add (incl, g_strdup (node->index_elem->name));
      }
    index->include_columns = strv_from_ptr_array (incl);
  }
  canonicalize_literals (table, stmt->where_clause);
  index->predicate = deparse (stmt->where_clause);
  index->nulls_not_distinct = stmt->nulls_not_distinct;

  /* pg_get_indexdef() style, for display: name filled in, table qualified. */
  {
    char *saved_name = stmt->idxname;
    char *saved_schema = stmt->relation->schemaname;
    gboolean saved_concurrent = stmt->concurrent;
    gboolean saved_ine = stmt->if_not_exists;
    PgQuery__Node node = PG_QUERY__NODE__INIT;

    stmt->idxname = index->name;
    stmt->relation->schemaname = table->schema_name;
    stmt->concurrent = FALSE;
    stmt->if_not_exists = FALSE;
    node.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
    node.index_stmt = stmt;
    index->definition = _sw_pg_query_deparse_stmt (&node);
    stmt->idxname = saved_name;
    stmt->relation->schemaname = saved_schema;
    stmt->concurrent = saved_concurrent;
    stmt->if_not_exists = saved_ine;
  }

  g_ptr_array_add (table->indexes, index);
  rec = add_index_rec (r, table, index->name, naming_columns, FALSE, FALSE, FALSE);
  rec->index = index;

  /* Without ONLY, an index on a partitioned table reaches every partition. */
  if (stmt->relation->inh && table->rel_kind == SW_REL_KIND_PARTITIONED_TABLE)
    {
      g_autoptr(GPtrArray) children = partitions_of (r, table);

      for (guint i = 0; i < children->len; i++)
        clone_index_to (r, rec, g_ptr_array_index (children, i));
    }
}

/* Dropping things */

static void
drop_constraint_named (Reader     *r,
                       SwTable    *table,
                       const char *name)
{
  SwConstraint *con = find_constraint (table, name);
  SwForeignKey *fk = find_foreign_key (table, name);

  if (con != NULL)
    {
      IndexRec *rec = lookup_index (r, table->schema_name, name);

      if (rec != NULL && rec->constraint == con)
        remove_index_rec (r, rec);
      unregister_conname (r, table->schema_name, name);
      g_ptr_array_remove (table->constraints, con);
    }
  else if (fk != NULL)
    {
      GPtrArray *referencing = g_hash_table_lookup (r->fks_by_ref, fk->ref_table);

      if (referencing != NULL)
        g_ptr_array_remove (referencing, fk);
      g_ptr_array_remove (r->pending_fks, fk);
      unregister_conname (r, table->schema_name, name);
      g_ptr_array_remove (table->foreign_keys, fk);
    }
}

static gboolean
same_key_columns (char **a,
                  char **b)
{
  guint n = a != NULL ? g_strv_length (a) : 0;

  if (n != (b != NULL ? g_strv_length (b) : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (!strv_contains (b, a[i]))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  SwForeignKey *fk;
  guint table_position;
  guint fk_position;
} DependentKey;

static int
compare_dependent_keys (gconstpointer a,
                        gconstpointer b)
{
  const DependentKey *ka = a, *kb = b;

  if (ka->table_position != kb->table_position)
    return ka->table_position < kb->table_position ? -1 : 1;
  if (ka->fk_position != kb->fk_position)
    return ka->fk_position < kb->fk_position ? -1 : 1;
  return 0;
}

/* What goes with a PRIMARY KEY or UNIQUE constraint when it is dropped: the
 * foreign keys that reference its columns (only with CASCADE; PostgreSQL
 * refuses otherwise) and, on a partitioned table, the partitions' copies of
 * it, which are attached to its index.
 *
 * Returns: %FALSE when the constraint cannot be dropped
 */
static gboolean
drop_dependents_of_key (Reader       *r,
                        SwTable      *table,
                        SwConstraint *con,
                        gboolean      cascade)
{
  GPtrArray *referencing = g_hash_table_lookup (r->fks_by_ref, table->qualified_name);
  g_autoptr(GPtrArray) dependents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) order = NULL;

  if (con == NULL || (con->kind != SW_CONSTRAINT_PRIMARY_KEY && con->kind != SW_CONSTRAINT_UNIQUE))
    return TRUE;

  /* The foreign keys referencing @table, in the model's order: by their
   * table's position, then their own in that table. */
  order = g_array_new (FALSE, FALSE, sizeof (DependentKey));
  for (guint i = 0; referencing != NULL && i < referencing->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (referencing, i);
      SwTable *owner = sw_schema_find_table (r->schema, fk->table);
      DependentKey key = { fk, 0, 0 };

      if (owner == NULL || !same_key_columns (fk->ref_columns, con->columns))
        continue;
      key.table_position = table_position (r, owner);
      g_ptr_array_find (owner->foreign_keys, fk, &key.fk_position);
      g_array_append_val (order, key);
    }
  g_array_sort (order, compare_dependent_keys);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (dependents, g_object_ref (g_array_index (order, DependentKey, i).fk));
  if (dependents->len > 0 && !cascade)
    {
      SwForeignKey *fk = g_ptr_array_index (dependents, 0);

      add_note (r, SW_SOURCE_NOTE_WARNING,
                _("cannot drop constraint %s on table %s because constraint %s on table %s depends on it"),
                con->name, table->qualified_name, fk->name, fk->table);
      return FALSE;
    }
  for (guint i = 0; i < dependents->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (dependents, i);
      SwTable *owner = sw_schema_find_table (r->schema, fk->table);

      if (owner != NULL)
        drop_constraint_named (r, owner, fk->name);
    }

  if (table->rel_kind == SW_REL_KIND_PARTITIONED_TABLE)
    {
      g_autoptr(GPtrArray) children = partitions_of (r, table);

      for (guint i = 0; i < children->len; i++)
        {
          SwTable *child = g_ptr_array_index (children, i);

          for (guint j = 0; j < child->constraints->len; j++)
            {
              SwConstraint *copy = g_ptr_array_index (child->constraints, j);

              if (copy->kind == con->kind && strv_equal0 (copy->columns, con->columns) &&
                  strv_equal0 (copy->include_columns, con->include_columns))
                {
                  g_autofree char *name = g_strdup (copy->name);

                  if (drop_dependents_of_key (r, child, copy, cascade))
                    drop_constraint_named (r, child, name);
                  break;
                }
            }
        }
    }
  return TRUE;
}

static void
drop_table (Reader  *r,
            SwTable *table)
{
  g_autoptr(SwTable) hold = g_object_ref (table);
  g_autoptr(GPtrArray) children = partitions_of (r, table);
  GListModel *tables = sw_schema_list_tables (r->schema);

  for (guint i = 0; i < children->len; i++)
    drop_table (r, g_ptr_array_index (children, i));

  /* Foreign keys from other tables go with it (CASCADE). */
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SwTable) other = g_list_model_get_item (tables, i);

      if (other == table)
        continue;
      for (guint j = other->foreign_keys->len; j > 0; j--)
        {
          SwForeignKey *fk = g_ptr_array_index (other->foreign_keys, j - 1);

          if (g_strcmp0 (fk->ref_table, table->qualified_name) == 0)
            drop_constraint_named (r, other, fk->name);
        }
    }

  while (table->constraints->len > 0)
    drop_constraint_named (r, table, ((SwConstraint *)g_ptr_array_index (table->constraints, 0))->name);
  while (table->foreign_keys->len > 0)
    drop_constraint_named (r, table, ((SwForeignKey *)g_ptr_array_index (table->foreign_keys, 0))->name);
  remove_index_recs_of (r, table);
  drop_owned_sequences (r, table, NULL);
  unregister_relname (r, table->schema_name, table->name);
  _sw_schema_remove_table (r->schema, table);
  drop_table_index (r);
}

static void
drop_column (Reader     *r,
             SwTable    *table,
             const char *name)
{
  SwColumn *column = sw_table_find_column (table, name);

  if (column == NULL)
    return;

  for (guint i = table->constraints->len; i > 0; i--)
    {
      SwConstraint *con = g_ptr_array_index (table->constraints, i - 1);

      if (strv_contains (con->columns, name) || strv_contains (con->include_columns, name))
        drop_constraint_named (r, table, con->name);
    }
  for (guint i = table->foreign_keys->len; i > 0; i--)
    {
      SwForeignKey *fk = g_ptr_array_index (table->foreign_keys, i - 1);

      if (strv_contains (fk->columns, name))
        drop_constraint_named (r, table, fk->name);
    }
  for (guint i = table->indexes->len; i > 0; i--)
    {
      SwIndex *index = g_ptr_array_index (table->indexes, i - 1);

      if (strv_contains (index->keys, name) || strv_contains (index->include_columns, name))
        {
          IndexRec *rec = lookup_index (r, table->schema_name, index->name);

          if (rec != NULL)
            remove_index_rec (r, rec);
          g_ptr_array_remove_index (table->indexes, i - 1);
        }
    }
  drop_owned_sequences (r, table, name);

  g_ptr_array_remove (table->columns, column);
  for (guint i = 0; i < table->columns->len; i++)
    ((SwColumn *)g_ptr_array_index (table->columns, i))->attnum = (gint)i + 1;
}

/* ALTER TABLE */

static void alter_table_cmd (Reader                *r,
                             SwTable               *table,
                             PgQuery__AlterTableCmd *cmd,
                             gboolean               recurse);

static void
recurse_to_children (Reader                 *r,
                     SwTable                *table,
                     PgQuery__AlterTableCmd *cmd,
                     gboolean                recurse)
{
  g_autoptr(GPtrArray) children = NULL;

  if (!recurse)
    return;
  children = inheritors_of (r, table);
  for (guint i = 0; i < children->len; i++)
    alter_table_cmd (r, g_ptr_array_index (children, i), cmd, TRUE);
}

static void
attach_partition (Reader                 *r,
                  SwTable                *parent,
                  PgQuery__PartitionCmd  *cmd)
{
  SwTable *child = lookup_table_rv (r, cmd->name);

  if (child == NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("ATTACH PARTITION %s: the table is not created in this file"),
                cmd->name ? cmd->name->relname : "?");
      return;
    }
  /* pg_dump writes the parent's CHECK constraints into each partition's
   * CREATE TABLE; once attached they are the parent's (inherited, not local),
   * which is how the catalog holds them in the dumped database.
   */
  for (guint i = child->constraints->len; i > 0; i--)
    {
      SwConstraint *con = g_ptr_array_index (child->constraints, i - 1);
      SwConstraint *inherited = con->kind == SW_CONSTRAINT_CHECK ? find_constraint (parent, con->name) : NULL;
      g_autofree char *parent_key = rel_key (parent->qualified_name, con->name);

      if ((inherited != NULL && inherited->kind == SW_CONSTRAINT_CHECK && !inherited->no_inherit) ||
          (con->kind == SW_CONSTRAINT_CHECK && g_hash_table_contains (r->inherited_checks, parent_key)))
        {
          g_hash_table_add (r->inherited_checks, rel_key (child->qualified_name, con->name));
          g_ptr_array_remove_index (child->constraints, i - 1);
        }
    }

  g_free (child->partition_parent);
  child->partition_parent = g_strdup (parent->qualified_name);
  drop_table_index (r);
  g_free (child->partition_bound);
  child->partition_bound = cmd->bound ? partition_bound_text (cmd->bound) : NULL;
  clone_parent_indexes (r, parent, child);
}

static void
set_trigger_enabled (SwTable    *table,
                     const char *name,
                     gboolean    enabled)
{
  for (guint i = 0; i < table->triggers->len; i++)
    {
      SwTrigger *trigger = g_ptr_array_index (table->triggers, i);

      if (name == NULL || g_strcmp0 (trigger->name, name) == 0)
        trigger->enabled = enabled;
    }
}

static void
alter_table_cmd (Reader                 *r,
                 SwTable                *table,
                 PgQuery__AlterTableCmd *cmd,
                 gboolean                recurse)
{
  SwColumn *column = nonempty (cmd->name) ? sw_table_find_column (table, cmd->name) : NULL;

  switch ((int)cmd->subtype)
    {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        {
          Pending pending;

          if (sw_table_find_column (table, cmd->def->column_def->colname) != NULL)
            {
              if (!cmd->missing_ok)
                add_note (r, SW_SOURCE_NOTE_WARNING, _("column %s of %s already exists"),
                          cmd->def->column_def->colname, table->qualified_name);
              break;
            }
          pending_init (&pending);
          add_column (r, table, cmd->def->column_def, &pending);
          create_pending (r, table, &pending, NULL, TRUE);
          pending_clear (&pending);
          if (recurse)
            {
              g_autoptr(GPtrArray) children = inheritors_of (r, table);
              SwColumn *added = sw_table_find_column (table, cmd->def->column_def->colname);

              for (guint i = 0; i < children->len && added != NULL; i++)
                {
                  SwTable *child = g_ptr_array_index (children, i);

                  if (sw_table_find_column (child, added->name) == NULL)
                    copy_column (child, added, TRUE);
                }
            }
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
      if (column == NULL)
        goto missing_column;
      g_clear_pointer (&column->default_expr, g_free);
      column->default_expr = deparse (cmd->def);
      recurse_to_children (r, table, cmd, recurse);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      if (column == NULL)
        goto missing_column;
      column->not_null = TRUE;
      recurse_to_children (r, table, cmd, recurse);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
      if (column == NULL)
        goto missing_column;
      column->not_null = FALSE;
      recurse_to_children (r, table, cmd, recurse);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
      if (column == NULL)
        goto missing_column;
      g_clear_pointer (&column->generated_expr, g_free);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
      if (column == NULL)
        goto missing_column;
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        {
          TypeInfo info;

          resolve_type (r, cmd->def->column_def->type_name, &info);
          g_free (column->type_name);
          g_free (column->type_schema);
          g_free (column->type_internal);
          column->type_name = g_steal_pointer (&info.type_name);
          column->type_schema = g_steal_pointer (&info.type_schema);
          column->type_internal = g_steal_pointer (&info.type_internal);
          column->type_kind = info.kind;
          column->typmod = info.typmod;
          type_info_clear (&info);
          if (cmd->def->column_def->coll_clause != NULL)
            {
              g_free (column->collation);
              column->collation = format_collation (r, cmd->def->column_def->coll_clause);
            }
        }
      recurse_to_children (r, table, cmd, recurse);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
      if (column == NULL)
        {
          if (!cmd->missing_ok)
            goto missing_column;
          break;
        }
      drop_column (r, table, cmd->name);
      recurse_to_children (r, table, cmd, recurse);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        {
          PgQuery__Constraint *con = cmd->def->constraint;
          ConRef *ref = con_ref_new (con, NULL);

          switch ((int)con->contype)
            {
            case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
              {
                g_autoptr(GPtrArray) batch = g_ptr_array_new ();
                SwConstraint *check = add_check (r, table, ref, batch, TRUE);

                /* The children get the same constraint, under the same name. */
                if (recurse && !con->is_no_inherit)
                  {
                    g_autoptr(GPtrArray) children = inheritors_of (r, table);

                    for (guint i = 0; i < children->len; i++)
                      register_conname (r, ((SwTable *)g_ptr_array_index (children, i))->schema_name,
                                        check->name);
                  }
              }
              break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
            case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
              add_index_constraint (r, table, ref, recurse);
              break;
            case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
              add_foreign_key (r, table, ref, TRUE);
              break;
            default:
              add_note (r, SW_SOURCE_NOTE_IGNORED, _("this kind of constraint is not part of the model"));
              break;
            }
          con_ref_free (ref);
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
      if (find_constraint (table, cmd->name) == NULL && find_foreign_key (table, cmd->name) == NULL)
        {
          if (!cmd->missing_ok)
            add_note (r, SW_SOURCE_NOTE_WARNING, _("constraint %s of %s does not exist"), cmd->name,
                      table->qualified_name);
          break;
        }
      if (!drop_dependents_of_key (r, table, find_constraint (table, cmd->name),
                                   cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE))
        break;
      drop_constraint_named (r, table, cmd->name);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
      {
        SwConstraint *con = find_constraint (table, cmd->name);
        SwForeignKey *fk = find_foreign_key (table, cmd->name);

        if (con != NULL)
          con->not_valid = FALSE;
        if (fk != NULL)
          fk->not_valid = FALSE;
      }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
      if (column == NULL)
        goto missing_column;
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        {
          PgQuery__Constraint *con = cmd->def->constraint;

          column->identity = g_strcmp0 (con->generated_when, "a") == 0 ? SW_IDENTITY_ALWAYS
                                                                      : SW_IDENTITY_BY_DEFAULT;
          column->not_null = TRUE;
          create_column_sequence (r, table, column, TRUE, con->options, con->n_options);
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
      if (column == NULL)
        goto missing_column;
      for (guint i = 0; i < r->schema->sequences->len; i++)
        {
          SwSequence *seq = g_ptr_array_index (r->schema->sequences, i);

          if (seq->identity && g_strcmp0 (seq->owned_by_table, table->qualified_name) == 0 &&
              g_strcmp0 (seq->owned_by_column, column->name) == 0 &&
              cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST)
            {
              for (size_t j = 0; j < cmd->def->list->n_items; j++)
                {
                  PgQuery__Node *item = cmd->def->list->items[j];

                  if (item->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
                      strcmp (item->def_elem->defname, "generated") == 0 && item->def_elem->arg != NULL &&
                      item->def_elem->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
                    column->identity = item->def_elem->arg->integer->ival == 'a' ? SW_IDENTITY_ALWAYS
                                                                                  : SW_IDENTITY_BY_DEFAULT;
                }
              apply_sequence_options (r, seq, cmd->def->list->items, cmd->def->list->n_items, FALSE);
            }
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
      if (column == NULL)
        goto missing_column;
      column->identity = SW_IDENTITY_NONE;
      drop_owned_sequences (r, table, column->name);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD)
        attach_partition (r, table, cmd->def->partition_cmd);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD)
        {
          SwTable *child = lookup_table_rv (r, cmd->def->partition_cmd->name);

          if (child != NULL)
            {
              g_clear_pointer (&child->partition_parent, g_free);
              drop_table_index (r);
              g_clear_pointer (&child->partition_bound, g_free);
            }
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
      table->rls_enabled = TRUE;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
      table->rls_enabled = FALSE;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
      table->rls_forced = TRUE;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
      table->rls_forced = FALSE;
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT)
        {
          PgQuery__ReplicaIdentityStmt *ri = cmd->def->replica_identity_stmt;

          g_clear_pointer (&table->replica_identity_index, g_free);
          switch (ri->identity_type != NULL ? ri->identity_type[0] : 'd')
            {
            case 'n':
              table->replica_identity = SW_REPLICA_IDENTITY_NOTHING;
              break;
            case 'f':
              table->replica_identity = SW_REPLICA_IDENTITY_FULL;
              break;
            case 'i':
              table->replica_identity = SW_REPLICA_IDENTITY_INDEX;
              table->replica_identity_index = g_strdup (ri->name);
              break;
            default:
              table->replica_identity = SW_REPLICA_IDENTITY_DEFAULT;
              break;
            }
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
      set_trigger_enabled (table, cmd->name, TRUE);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
      set_trigger_enabled (table, cmd->name, FALSE);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
      set_trigger_enabled (table, NULL, TRUE);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
      set_trigger_enabled (table, NULL, FALSE);
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
        {
          SwTable *parent = lookup_table_rv (r, cmd->def->range_var);
          GPtrArray *inherits = g_ptr_array_new ();

          if (parent == NULL)
            {
              add_note (r, SW_SOURCE_NOTE_WARNING, _("INHERIT %s: the table is not created in this file"),
                        cmd->def->range_var->relname);
              g_ptr_array_unref (inherits);
              break;
            }
          for (guint i = 0; table->inherits && table->inherits[i]; i++)
            g_ptr_array_add (inherits, g_strdup (table->inherits[i]));
          g_ptr_array_add (inherits, g_strdup (parent->qualified_name));
          g_ptr_array_sort (inherits, compare_strv_items);
          g_strfreev (table->inherits);
          table->inherits = strv_from_ptr_array (inherits);
          drop_table_index (r);
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
      if (cmd->def != NULL && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
        {
          SwTable *parent = lookup_table_rv (r, cmd->def->range_var);
          GPtrArray *inherits = g_ptr_array_new ();

          for (guint i = 0; table->inherits && table->inherits[i]; i++)
            {
              if (parent == NULL || g_strcmp0 (table->inherits[i], parent->qualified_name) != 0)
                g_ptr_array_add (inherits, g_strdup (table->inherits[i]));
            }
          g_strfreev (table->inherits);
          table->inherits = strv_from_ptr_array (inherits);
          drop_table_index (r);
        }
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      table->persistence = SW_PERSISTENCE_PERMANENT;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
      table->persistence = SW_PERSISTENCE_UNLOGGED;
      break;

    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
      g_clear_pointer (&table->access_method, g_free);
      if (nonempty (cmd->name) && strcmp (cmd->name, "heap") != 0)
        table->access_method = g_strdup (cmd->name);
      break;

    /* Ownership, storage and planner settings: nothing the model keeps. */
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions:
      break;

    default:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("this ALTER TABLE action is not part of the model"));
      break;
    }
  return;

missing_column:
  add_note (r, SW_SOURCE_NOTE_WARNING, _("column %s of %s does not exist"), cmd->name, table->qualified_name);
}

static gboolean
only_owner_changes (PgQuery__AlterTableStmt *stmt)
{
  for (size_t i = 0; i < stmt->n_cmds; i++)
    {
      PgQuery__AlterTableCmd *cmd = stmt->cmds[i]->alter_table_cmd;

      if (stmt->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
        return FALSE;
      switch ((int)cmd->subtype)
        {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
          break;
        default:
          return FALSE;
        }
    }
  return TRUE;
}

static void
alter_table (Reader                  *r,
             PgQuery__AlterTableStmt *stmt)
{
  PgQuery__RangeVar *rv = stmt->relation;
  SwTable *table;

  if (rv == NULL)
    return;

  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
    {
      /* ALTER INDEX … ATTACH PARTITION links indexes the file creates anyway. */
      if (lookup_index (r, rv->schemaname, rv->relname) == NULL && !stmt->missing_ok)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("index %s is not created in this file"), rv->relname);
      else if (!only_owner_changes (stmt))
        {
          for (size_t i = 0; i < stmt->n_cmds; i++)
            {
              PgQuery__AlterTableCmd *cmd = stmt->cmds[i]->alter_table_cmd;

              if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition)
                {
                  add_note (r, SW_SOURCE_NOTE_IGNORED, _("this ALTER INDEX action is not part of the model"));
                  break;
                }
            }
        }
      return;
    }

  table = lookup_table_rv (r, rv);
  if (table == NULL)
    {
      gboolean other_relation = lookup_sequence (r, rv->schemaname, rv->relname) != NULL ||
                                lookup_view (r, rv->schemaname, rv->relname) != NULL;

      if (other_relation && only_owner_changes (stmt))
        return;
      if (other_relation)
        add_note (r, SW_SOURCE_NOTE_IGNORED, _("ALTER of %s: only tables are part of the model"), rv->relname);
      else if (!stmt->missing_ok)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("ALTER TABLE %s: the table is not created in this file"),
                  rv->relname);
      return;
    }

  for (size_t i = 0; i < stmt->n_cmds; i++)
    {
      if (stmt->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
        alter_table_cmd (r, table, stmt->cmds[i]->alter_table_cmd, rv->inh);
    }
}

/* Functions and triggers */

static const char * const catalog_trigger_functions[] = {
  "tsvector_update_trigger", "tsvector_update_trigger_column", "suppress_redundant_updates_trigger",
  "RI_FKey_check_ins", "unique_key_recheck", NULL,
};

static char *
function_arguments (Reader                    *r,
                    PgQuery__CreateFunctionStmt *stmt,
                    char                     **table_returns)
{
  GString *args = g_string_new (NULL);
  GString *table_cols = NULL;

  for (size_t i = 0; i < stmt->n_parameters; i++)
    {
      PgQuery__FunctionParameter *param;
      g_autofree char *type = NULL;
      const char *mode = "";

      if (stmt->parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
        continue;
      param = stmt->parameters[i]->function_parameter;
      type = format_type_name (r, param->arg_type);

      if (param->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
        {
          if (table_cols == NULL)
            table_cols = g_string_new ("TABLE(");
          else
            g_string_append (table_cols, ", ");
          g_string_append_printf (table_cols, "%s %s", param->name, type);
          continue;
        }
      if (param->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT)
        continue;
      if (param->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT)
        mode = "INOUT ";
      else if (param->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC)
        mode = "VARIADIC ";

      if (args->len > 0)
        g_string_append (args, ", ");
      g_string_append (args, mode);
      if (nonempty (param->name))
        {
          g_autofree char *quoted = sw_quote_identifier (param->name);

          g_string_append_printf (args, "%s ", quoted);
        }
      g_string_append (args, type);
    }

  if (table_cols != NULL)
    {
      g_string_append_c (table_cols, ')');
      *table_returns = g_string_free (table_cols, FALSE);
    }

  return g_string_free (args, FALSE);
}

static void
create_function (Reader                      *r,
                 PgQuery__CreateFunctionStmt *stmt,
                 const char                  *default_schema)
{
  const char *schema_name = NULL;
  const char *name = NULL;
  char *table_returns = NULL;
  SwFunction *function;
  gsize start;
  gsize end;

  if (!split_name_list (stmt->funcname, stmt->n_funcname, &schema_name, &name))
    return;

  function = _sw_function_new ();
  function->schema_name = g_strdup (creation_schema_for (r, schema_name, default_schema));
  function->name = g_strdup (name);
  function->qualified_name = sw_quote_qualified_name (function->schema_name, name);
  function->arguments = function_arguments (r, stmt, &table_returns);
  if (table_returns != NULL)
    function->returns = table_returns;
  else if (stmt->return_type != NULL)
    function->returns = format_type_name (r, stmt->return_type);
  for (size_t i = 0; i < stmt->n_options; i++)
    {
      PgQuery__DefElem *def = stmt->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ?
                              stmt->options[i]->def_elem : NULL;

      if (def != NULL && strcmp (def->defname, "language") == 0)
        function->language = g_strdup (_sw_pg_query_string (def->arg));
    }
  if (function->language == NULL && stmt->sql_body != NULL)
    function->language = g_strdup ("sql");

  /* The definition is the statement as the file wrote it. */
  start = skip_blanks_and_comments (r->text, r->text_len, MAX (r->stmt_location, 0));
  end = r->stmt_len > 0 ? (gsize)r->stmt_location + (gsize)r->stmt_len : r->text_len;
  end = MIN (end, r->text_len);
  function->definition = g_strndup (r->text + start, end > start ? end - start : 0);

  /* CREATE OR REPLACE replaces the function of the same signature. */
  for (guint i = 0; i < r->functions->len; i++)
    {
      SwFunction *other = g_ptr_array_index (r->functions, i);

      if (g_strcmp0 (other->qualified_name, function->qualified_name) == 0 &&
          g_strcmp0 (other->arguments, function->arguments) == 0)
        {
          g_ptr_array_remove_index (r->functions, i);
          break;
        }
    }
  g_ptr_array_add (r->functions, function);
}

static SwFunction *
lookup_trigger_function (Reader     *r,
                         const char *schema_name,
                         const char *name)
{
  for (guint pass = 0; pass < (nonempty (schema_name) ? 1 : r->search_path->len); pass++)
    {
      const char *ns = nonempty (schema_name) ? schema_name : g_ptr_array_index (r->search_path, pass);

      for (guint i = 0; i < r->functions->len; i++)
        {
          SwFunction *function = g_ptr_array_index (r->functions, i);

          if (g_strcmp0 (function->schema_name, ns) == 0 && g_strcmp0 (function->name, name) == 0 &&
              (function->arguments == NULL || function->arguments[0] == '\0'))
            return function;
        }
    }
  return NULL;
}

#define TRIGGER_TYPE_BEFORE   (1 << 1)
#define TRIGGER_TYPE_INSERT   (1 << 2)
#define TRIGGER_TYPE_DELETE   (1 << 3)
#define TRIGGER_TYPE_UPDATE   (1 << 4)
#define TRIGGER_TYPE_TRUNCATE (1 << 5)
#define TRIGGER_TYPE_INSTEAD  (1 << 6)

static void
create_trigger (Reader                  *r,
                PgQuery__CreateTrigStmt *stmt)
{
  SwTable *table = lookup_table_rv (r, stmt->relation);
  const char *schema_name = NULL;
  const char *name = NULL;
  SwFunction *function;
  SwTrigger *trigger;
  GPtrArray *args = g_ptr_array_new ();

  if (table == NULL)
    {
      if (stmt->relation != NULL && lookup_view (r, stmt->relation->schemaname, stmt->relation->relname))
        add_note (r, SW_SOURCE_NOTE_IGNORED, _("triggers on views are not part of the model"));
      else
        add_note (r, SW_SOURCE_NOTE_WARNING, _("CREATE TRIGGER on %s, which this file never creates"),
                  stmt->relation ? stmt->relation->relname : "?");
      g_ptr_array_unref (args);
      return;
    }

  for (guint i = 0; i < table->triggers->len; i++)
    {
      SwTrigger *other = g_ptr_array_index (table->triggers, i);

      if (g_strcmp0 (other->name, stmt->trigname) == 0)
        {
          if (!stmt->replace)
            {
              add_note (r, SW_SOURCE_NOTE_WARNING, _("trigger %s already exists on %s"), stmt->trigname,
                        table->qualified_name);
              g_ptr_array_unref (args);
              return;
            }
          g_ptr_array_remove_index (table->triggers, i);
          break;
        }
    }

  trigger = _sw_trigger_new ();
  trigger->name = g_strdup (stmt->trigname);
  trigger->timing = (stmt->timing & TRIGGER_TYPE_BEFORE) ? SW_TRIGGER_BEFORE :
                    (stmt->timing & TRIGGER_TYPE_INSTEAD) ? SW_TRIGGER_INSTEAD_OF : SW_TRIGGER_AFTER;
  if (stmt->events & TRIGGER_TYPE_INSERT)
    trigger->events |= SW_TRIGGER_EVENT_INSERT;
  if (stmt->events & TRIGGER_TYPE_UPDATE)
    trigger->events |= SW_TRIGGER_EVENT_UPDATE;
  if (stmt->events & TRIGGER_TYPE_DELETE)
    trigger->events |= SW_TRIGGER_EVENT_DELETE;
  if (stmt->events & TRIGGER_TYPE_TRUNCATE)
    trigger->events |= SW_TRIGGER_EVENT_TRUNCATE;
  trigger->for_each_row = stmt->row;
  trigger->is_constraint = stmt->isconstraint;
  trigger->enabled = TRUE;

  split_name_list (stmt->funcname, stmt->n_funcname, &schema_name, &name);
  function = name != NULL ? lookup_trigger_function (r, schema_name, name) : NULL;
  if (function != NULL)
    trigger->function = g_strdup (function->qualified_name);
  else if (nonempty (schema_name))
    trigger->function = sw_quote_qualified_name (schema_name, name);
  else if (name != NULL && g_strv_contains (catalog_trigger_functions, name))
    trigger->function = sw_quote_qualified_name ("pg_catalog", name);
  else if (name != NULL)
    trigger->function = sw_quote_qualified_name (creation_schema_for (r, NULL, NULL), name);

  for (size_t i = 0; i < stmt->n_args; i++)
    {
      const char *arg = _sw_pg_query_string (stmt->args[i]);

      if (arg != NULL)
        g_ptr_array_add (args, g_strdup (arg));
    }
  trigger->arguments = strv_from_ptr_array (args);
  trigger->update_columns = strings_of_list (stmt->columns, stmt->n_columns);
  trigger->when_expr = deparse (stmt->when_clause);

  g_ptr_array_add (table->triggers, trigger);
}

/* Views */

typedef struct
{
  Reader *r;
  GHashTable *ctes;
  GPtrArray *relations;
} ViewDeps;

static gboolean
collect_ctes_cb (PgQuery__Node *node,
                 gpointer       user_data)
{
  ViewDeps *deps = user_data;

  if (node->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
    g_hash_table_add (deps->ctes, node->common_table_expr->ctename);
  return TRUE;
}

static gboolean
collect_relations_cb (PgQuery__Node *node,
                      gpointer       user_data)
{
  ViewDeps *deps = user_data;
  PgQuery__RangeVar *rv;
  const char *qualified = NULL;
  SwTable *table;
  SwView *view;

  if (node->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return TRUE;
  rv = node->range_var;
  if (!nonempty (rv->schemaname) && g_hash_table_contains (deps->ctes, rv->relname))
    return TRUE;

  if ((table = lookup_table (deps->r, rv->schemaname, rv->relname)) != NULL)
    qualified = table->qualified_name;
  else if ((view = lookup_view (deps->r, rv->schemaname, rv->relname)) != NULL)
    qualified = view->qualified_name;

  if (qualified != NULL && !g_ptr_array_find_with_equal_func (deps->relations, qualified, g_str_equal, NULL))
    g_ptr_array_add (deps->relations, g_strdup (qualified));
  return TRUE;
}

static void
create_view (Reader         *r,
             PgQuery__RangeVar *rv,
             PgQuery__Node  *query,
             gboolean        materialized,
             gboolean        replace,
             const char     *default_schema)
{
  const char *schema_name = creation_schema_for (r, rv->schemaname, default_schema);
  SwView *view = lookup_view (r, schema_name, rv->relname);
  ViewDeps deps = { r, g_hash_table_new (g_str_hash, g_str_equal), g_ptr_array_new () };

  if (view != NULL && !replace)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("relation %s already exists; this statement is passed over"),
                rv->relname);
      g_hash_table_unref (deps.ctes);
      g_ptr_array_unref (deps.relations);
      return;
    }
  if (view == NULL)
    {
      view = _sw_view_new ();
      view->schema_name = g_strdup (schema_name);
      view->name = g_strdup (rv->relname);
      view->qualified_name = sw_quote_qualified_name (schema_name, rv->relname);
      g_ptr_array_add (r->schema->views, view);
      register_relname (r, schema_name, rv->relname, REL_VIEW);
    }
  view->materialized = materialized;

  if (query != NULL)
    {
      _sw_pg_query_walk ((ProtobufCMessage *)query, FALSE, collect_ctes_cb, &deps);
      _sw_pg_query_walk ((ProtobufCMessage *)query, FALSE, collect_relations_cb, &deps);
    }
  g_ptr_array_sort (deps.relations, compare_strv_items);
  g_strfreev (view->depends_on);
  view->depends_on = strv_from_ptr_array (deps.relations);
  g_free (view->definition);
  view->definition = query != NULL ? _sw_pg_query_deparse_stmt (query) : NULL;
  g_hash_table_unref (deps.ctes);
}

/* Policies */

static void
create_policy (Reader                    *r,
               PgQuery__CreatePolicyStmt *stmt)
{
  SwTable *table = lookup_table_rv (r, stmt->table);
  SwPolicy *policy;
  GPtrArray *roles = g_ptr_array_new ();

  if (table == NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("CREATE POLICY on %s, which this file never creates"),
                stmt->table ? stmt->table->relname : "?");
      g_ptr_array_unref (roles);
      return;
    }

  policy = _sw_policy_new ();
  policy->name = g_strdup (stmt->policy_name);
  policy->permissive = stmt->permissive;
  policy->command = g_strcmp0 (stmt->cmd_name, "select") == 0 ? SW_POLICY_SELECT :
                    g_strcmp0 (stmt->cmd_name, "insert") == 0 ? SW_POLICY_INSERT :
                    g_strcmp0 (stmt->cmd_name, "update") == 0 ? SW_POLICY_UPDATE :
                    g_strcmp0 (stmt->cmd_name, "delete") == 0 ? SW_POLICY_DELETE : SW_POLICY_ALL;
  for (size_t i = 0; i < stmt->n_roles; i++)
    {
      PgQuery__RoleSpec *role;

      if (stmt->roles[i]->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
        continue;
      role = stmt->roles[i]->role_spec;
      switch ((int)role->roletype)
        {
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
          g_ptr_array_add (roles, g_strdup ("public"));
          break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
          g_ptr_array_add (roles, g_strdup ("current_user"));
          break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
          g_ptr_array_add (roles, g_strdup ("current_role"));
          break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
          g_ptr_array_add (roles, g_strdup ("session_user"));
          break;
        default:
          g_ptr_array_add (roles, g_strdup (role->rolename));
          break;
        }
    }
  if (roles->len == 0)
    g_ptr_array_add (roles, g_strdup ("public"));
  g_ptr_array_sort (roles, compare_strv_items);
  policy->roles = strv_from_ptr_array (roles);
  policy->using_expr = deparse (stmt->qual);
  policy->check_expr = deparse (stmt->with_check);
  g_ptr_array_add (table->policies, policy);
}

/* Sequences */

static void
create_sequence (Reader                 *r,
                 PgQuery__CreateSeqStmt *stmt,
                 const char             *default_schema)
{
  PgQuery__RangeVar *rv = stmt->sequence;
  const char *schema_name = creation_schema_for (r, rv->schemaname, default_schema);
  SwSequence *seq;

  if (relname_exists (r, schema_name, rv->relname))
    {
      if (!stmt->if_not_exists)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("relation %s already exists; this statement is passed over"),
                  rv->relname);
      return;
    }
  seq = new_sequence (r, schema_name, rv->relname, "bigint");
  apply_sequence_options (r, seq, stmt->options, stmt->n_options, TRUE);
}

static void
alter_sequence (Reader                *r,
                PgQuery__AlterSeqStmt *stmt)
{
  SwSequence *seq = lookup_sequence (r, stmt->sequence->schemaname, stmt->sequence->relname);

  if (seq == NULL)
    {
      if (!stmt->missing_ok)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("ALTER SEQUENCE %s: the sequence is not created in this file"),
                  stmt->sequence->relname);
      return;
    }
  apply_sequence_options (r, seq, stmt->options, stmt->n_options, FALSE);
}

/* Types */

static SwUserType *
new_user_type (Reader         *r,
               PgQuery__Node **names,
               size_t          n_names,
               SwUserTypeKind  kind,
               const char     *default_schema)
{
  const char *schema_name = NULL;
  const char *name = NULL;
  SwUserType *type;

  if (!split_name_list (names, n_names, &schema_name, &name))
    return NULL;
  schema_name = creation_schema_for (r, schema_name, default_schema);
  if (lookup_user_type (r, schema_name, name) != NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("type %s already exists; this statement is passed over"), name);
      return NULL;
    }

  type = _sw_user_type_new ();
  type->schema_name = g_strdup (schema_name);
  type->name = g_strdup (name);
  type->qualified_name = sw_quote_qualified_name (schema_name, name);
  type->kind = kind;
  g_ptr_array_add (r->schema->user_types, type);

  return type;
}

static int
compare_normalized (gconstpointer a,
                    gconstpointer b)
{
  g_autofree char *na = _sw_sql_normalize_expr (*(const char * const *)a);
  g_autofree char *nb = _sw_sql_normalize_expr (*(const char * const *)b);

  return g_strcmp0 (na, nb);
}

static void
create_domain (Reader                    *r,
               PgQuery__CreateDomainStmt *stmt,
               const char                *default_schema)
{
  SwUserType *type = new_user_type (r, stmt->domainname, stmt->n_domainname, SW_USER_TYPE_DOMAIN,
                                    default_schema);
  GPtrArray *checks = g_ptr_array_new ();

  if (type == NULL)
    {
      g_ptr_array_unref (checks);
      return;
    }
  type->base_type = format_type_name (r, stmt->type_name);
  type->collation = format_collation (r, stmt->coll_clause);
  for (size_t i = 0; i < stmt->n_constraints; i++)
    {
      PgQuery__Constraint *con;

      if (stmt->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        continue;
      con = stmt->constraints[i]->constraint;
      if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
        type->not_null = TRUE;
      else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
        {
          g_free (type->default_expr);
          type->default_expr = deparse (con->raw_expr);
        }
      else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
        {
          g_autofree char *conname = nonempty (con->conname) ? g_strdup (con->conname) :
                                     choose_constraint_name (r, type->name, NULL, "check", type->schema_name, NULL);

          register_conname (r, type->schema_name, conname);
          g_ptr_array_add (checks, deparse (con->raw_expr));
        }
    }
  /* Sorted by their normalized text: the only order the server's spelling
   * and the file's agree on.
   */
  g_ptr_array_sort (checks, compare_normalized);
  type->checks = strv_from_ptr_array (checks);
}

static void
create_range (Reader                   *r,
              PgQuery__CreateRangeStmt *stmt,
              const char               *default_schema)
{
  SwUserType *type = new_user_type (r, stmt->type_name, stmt->n_type_name, SW_USER_TYPE_RANGE, default_schema);

  if (type == NULL)
    return;
  for (size_t i = 0; i < stmt->n_params; i++)
    {
      PgQuery__DefElem *def = stmt->params[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ?
                              stmt->params[i]->def_elem : NULL;

      if (def == NULL || def->arg == NULL)
        continue;
      if (strcmp (def->defname, "subtype") == 0 && def->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        type->base_type = format_type_name (r, def->arg->type_name);
      else if (strcmp (def->defname, "collation") == 0)
        {
          PgQuery__CollateClause clause = PG_QUERY__COLLATE_CLAUSE__INIT;

          if (def->arg->node_case == PG_QUERY__NODE__NODE_LIST)
            {
              clause.collname = def->arg->list->items;
              clause.n_collname = def->arg->list->n_items;
            }
          else if (def->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
            {
              clause.collname = def->arg->type_name->names;
              clause.n_collname = def->arg->type_name->n_names;
            }
          type->collation = format_collation (r, &clause);
        }
    }
}

/* Comments */

static void
comment_on (Reader                *r,
            PgQuery__CommentStmt  *stmt)
{
  PgQuery__Node *object = stmt->object;
  g_auto(GStrv) names = NULL;
  guint n;
  SwTable *table;

  if (object == NULL || object->node_case != PG_QUERY__NODE__NODE_LIST)
    {
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("comments on this kind of object are not part of the model"));
      return;
    }
  names = strings_of_list (object->list->items, object->list->n_items);
  n = names ? g_strv_length (names) : 0;

  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && n >= 1)
    {
      table = lookup_table (r, n >= 2 ? names[n - 2] : NULL, names[n - 1]);
      if (table == NULL)
        {
          add_note (r, SW_SOURCE_NOTE_WARNING, _("COMMENT ON TABLE %s: the table is not created in this file"),
                    names[n - 1]);
          return;
        }
      g_free (table->comment);
      table->comment = g_strdup (nonempty (stmt->comment));
    }
  else if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && n >= 2)
    {
      SwColumn *column;

      table = lookup_table (r, n >= 3 ? names[n - 3] : NULL, names[n - 2]);
      column = table ? sw_table_find_column (table, names[n - 1]) : NULL;
      if (column == NULL)
        {
          add_note (r, SW_SOURCE_NOTE_WARNING, _("COMMENT ON COLUMN %s.%s: no such column in this file"),
                    names[n - 2], names[n - 1]);
          return;
        }
      g_free (column->comment);
      column->comment = g_strdup (nonempty (stmt->comment));
    }
  else
    add_note (r, SW_SOURCE_NOTE_IGNORED, _("comments on this kind of object are not part of the model"));
}

/* search_path */

static void
reset_search_path (Reader *r)
{
  g_ptr_array_set_size (r->search_path, 0);
  g_ptr_array_add (r->search_path, g_strdup ("public"));
}

/* SplitIdentifierString() on a search_path value. */
static void
set_search_path_string (Reader     *r,
                        const char *value)
{
  const char *p = value;

  g_ptr_array_set_size (r->search_path, 0);
  while (*p)
    {
      GString *ident = g_string_new (NULL);

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '"')
        {
          p++;
          while (*p)
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (ident, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (ident, *p++);
            }
        }
      else
        {
          while (*p && *p != ',' && !g_ascii_isspace (*p))
            g_string_append_c (ident, g_ascii_tolower (*p++));
        }
      while (g_ascii_isspace (*p))
        p++;
      if (*p == ',')
        p++;

      if (ident->len > 0 && strcmp (ident->str, "$user") != 0)
        g_ptr_array_add (r->search_path, g_string_free (ident, FALSE));
      else
        g_string_free (ident, TRUE);
    }
}

static void
variable_set (Reader                   *r,
              PgQuery__VariableSetStmt *stmt)
{
  if (g_strcmp0 (stmt->name, "search_path") == 0)
    {
      if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
        {
          g_ptr_array_set_size (r->search_path, 0);
          for (size_t i = 0; i < stmt->n_args; i++)
            {
              PgQuery__Node *arg = stmt->args[i];

              if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                  arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
                  arg->a_const->sval->sval[0] != '\0' && strcmp (arg->a_const->sval->sval, "$user") != 0)
                g_ptr_array_add (r->search_path, g_strdup (arg->a_const->sval->sval));
            }
        }
      else
        reset_search_path (r);
    }
  else if (g_strcmp0 (stmt->name, "default_table_access_method") == 0)
    {
      g_clear_pointer (&r->default_am, g_free);
      if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && stmt->n_args == 1 &&
          stmt->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
          stmt->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
        r->default_am = g_strdup (stmt->args[0]->a_const->sval->sval);
    }
  else if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
    {
      reset_search_path (r);
      g_clear_pointer (&r->default_am, g_free);
    }
  /* Every other setting leaves the model alone. */
}

static const char *
a_const_string (PgQuery__Node *node)
{
  if (node != NULL && node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
      node->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
    return node->a_const->sval->sval;
  return NULL;
}

/* pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`. */
static gboolean
select_set_config (Reader                *r,
                   PgQuery__SelectStmt   *select)
{
  PgQuery__Node *val;
  PgQuery__FuncCall *call;
  const char *schema_name = NULL;
  const char *name = NULL;
  const char *setting;
  const char *value;

  if (select->n_target_list != 1 || select->n_from_clause > 0 ||
      select->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
    return FALSE;
  val = select->target_list[0]->res_target->val;
  if (val == NULL || val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
    return FALSE;
  call = val->func_call;
  if (!split_name_list (call->funcname, call->n_funcname, &schema_name, &name) ||
      strcmp (name, "set_config") != 0 || (schema_name != NULL && strcmp (schema_name, "pg_catalog") != 0) ||
      call->n_args < 2)
    return FALSE;

  setting = a_const_string (call->args[0]);
  value = a_const_string (call->args[1]);
  if (setting == NULL || value == NULL)
    return FALSE;
  if (strcmp (setting, "search_path") == 0)
    set_search_path_string (r, value);
  else if (strcmp (setting, "default_table_access_method") == 0)
    {
      g_free (r->default_am);
      r->default_am = g_strdup (value);
    }
  return TRUE;
}

/* DROP */

static void
drop_objects (Reader              *r,
              PgQuery__DropStmt   *stmt)
{
  for (size_t i = 0; i < stmt->n_objects; i++)
    {
      PgQuery__Node *object = stmt->objects[i];
      const char *schema_name = NULL;
      const char *name = NULL;
      gboolean found = FALSE;

      if (object->node_case == PG_QUERY__NODE__NODE_LIST)
        split_name_list (object->list->items, object->list->n_items, &schema_name, &name);
      else if (object->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        split_name_list (object->type_name->names, object->type_name->n_names, &schema_name, &name);
      if (name == NULL)
        continue;

      switch ((int)stmt->remove_type)
        {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
          {
            SwTable *table = lookup_table (r, schema_name, name);

            if ((found = table != NULL))
              drop_table (r, table);
          }
          break;

        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
          {
            SwView *view = lookup_view (r, schema_name, name);

            if ((found = view != NULL))
              {
                unregister_relname (r, view->schema_name, view->name);
                g_ptr_array_remove (r->schema->views, view);
              }
          }
          break;

        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
          {
            SwSequence *seq = lookup_sequence (r, schema_name, name);

            if ((found = seq != NULL))
              {
                unregister_relname (r, seq->schema_name, seq->name);
                remove_sequence (r, seq);
              }
          }
          break;

        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
          {
            IndexRec *rec = lookup_index (r, schema_name, name);

            if ((found = rec != NULL && rec->index != NULL))
              {
                g_ptr_array_remove (rec->table->indexes, rec->index);
                remove_index_rec (r, rec);
              }
          }
          break;

        case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
          {
            SwUserType *type = lookup_user_type (r, schema_name, name);

            if ((found = type != NULL))
              g_ptr_array_remove (r->schema->user_types, type);
          }
          break;

        default:
          add_note (r, SW_SOURCE_NOTE_IGNORED, _("dropping this kind of object is not part of the model"));
          return;
        }

      if (!found && !stmt->missing_ok)
        add_note (r, SW_SOURCE_NOTE_WARNING, _("DROP %s: it is not created in this file"), name);
    }
}

/* Statements */

static void
create_enum (Reader                  *r,
             PgQuery__CreateEnumStmt *stmt,
             const char              *default_schema)
{
  SwUserType *type = new_user_type (r, stmt->type_name, stmt->n_type_name, SW_USER_TYPE_ENUM, default_schema);

  if (type != NULL)
    type->labels = strings_of_list (stmt->vals, stmt->n_vals);
}

static void
alter_enum (Reader                 *r,
            PgQuery__AlterEnumStmt *stmt)
{
  const char *schema_name = NULL;
  const char *name = NULL;
  SwUserType *type;
  GPtrArray *labels;
  guint position;

  if (!split_name_list (stmt->type_name, stmt->n_type_name, &schema_name, &name))
    return;
  type = lookup_user_type (r, schema_name, name);
  if (type == NULL || type->kind != SW_USER_TYPE_ENUM)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("ALTER TYPE %s: the enum is not created in this file"), name);
      return;
    }

  if (nonempty (stmt->old_val))
    {
      /* RENAME VALUE */
      for (guint i = 0; type->labels && type->labels[i]; i++)
        {
          if (strcmp (type->labels[i], stmt->old_val) == 0)
            {
              g_free (type->labels[i]);
              type->labels[i] = g_strdup (stmt->new_val);
            }
        }
      return;
    }
  if (strv_contains (type->labels, stmt->new_val))
    return;

  labels = g_ptr_array_new ();
  for (guint i = 0; type->labels && type->labels[i]; i++)
    g_ptr_array_add (labels, g_strdup (type->labels[i]));
  position = labels->len;
  if (nonempty (stmt->new_val_neighbor))
    {
      for (guint i = 0; i < labels->len; i++)
        {
          if (strcmp (g_ptr_array_index (labels, i), stmt->new_val_neighbor) == 0)
            position = stmt->new_val_is_after ? i + 1 : i;
        }
    }
  g_ptr_array_insert (labels, position, g_strdup (stmt->new_val));
  g_strfreev (type->labels);
  type->labels = strv_from_ptr_array (labels);
}

static void
create_composite (Reader                     *r,
                  PgQuery__CompositeTypeStmt *stmt,
                  const char                 *default_schema)
{
  PgQuery__RangeVar *rv = stmt->typevar;
  const char *schema_name = creation_schema_for (r, rv->schemaname, default_schema);
  SwUserType *type;

  if (lookup_user_type (r, schema_name, rv->relname) != NULL)
    {
      add_note (r, SW_SOURCE_NOTE_WARNING, _("type %s already exists; this statement is passed over"), rv->relname);
      return;
    }
  type = _sw_user_type_new ();
  type->schema_name = g_strdup (schema_name);
  type->name = g_strdup (rv->relname);
  type->qualified_name = sw_quote_qualified_name (schema_name, rv->relname);
  type->kind = SW_USER_TYPE_COMPOSITE;
  g_ptr_array_add (r->schema->user_types, type);
  register_relname (r, schema_name, rv->relname, REL_COMPOSITE);
}

static void process_stmt (Reader        *r,
                          PgQuery__Node *node,
                          const char    *default_schema);

static void
create_schema (Reader                    *r,
               PgQuery__CreateSchemaStmt *stmt)
{
  const char *name = nonempty (stmt->schemaname);

  if (name == NULL && stmt->authrole != NULL)
    name = stmt->authrole->rolename;
  if (name == NULL)
    return;
  if (g_hash_table_contains (r->schemas, name) && !stmt->if_not_exists)
    add_note (r, SW_SOURCE_NOTE_WARNING, _("schema %s already exists"), name);
  g_hash_table_add (r->schemas, g_strdup (name));

  for (size_t i = 0; i < stmt->n_schema_elts; i++)
    process_stmt (r, stmt->schema_elts[i], name);
}

static void
define_stmt (Reader              *r,
             PgQuery__DefineStmt *stmt)
{
  const char *schema_name = NULL;
  const char *name = NULL;

  if (stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION &&
      split_name_list (stmt->defnames, stmt->n_defnames, &schema_name, &name))
    {
      g_hash_table_add (r->collations, rel_key (creation_schema_for (r, schema_name, NULL), name));
      return;
    }
  add_note (r, SW_SOURCE_NOTE_IGNORED, _("this kind of object is not part of the model"));
}

static void
process_stmt (Reader        *r,
              PgQuery__Node *node,
              const char    *default_schema)
{
  if (node == NULL)
    return;

  switch ((int)node->node_case)
    {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      create_table (r, node->create_stmt, SW_REL_KIND_TABLE, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
      if (node->create_foreign_table_stmt->base_stmt != NULL)
        create_table (r, node->create_foreign_table_stmt->base_stmt, SW_REL_KIND_FOREIGN_TABLE, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      {
        PgQuery__CreateTableAsStmt *stmt = node->create_table_as_stmt;

        if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW && stmt->into != NULL && stmt->into->rel != NULL)
          create_view (r, stmt->into->rel, stmt->query, TRUE, FALSE, default_schema);
        else
          add_note (r, SW_SOURCE_NOTE_IGNORED,
                    _("CREATE TABLE AS: the column types are only known to a server"));
      }
      break;

    case PG_QUERY__NODE__NODE_VIEW_STMT:
      if (node->view_stmt->view != NULL)
        create_view (r, node->view_stmt->view, node->view_stmt->query, FALSE, node->view_stmt->replace,
                     default_schema);
      break;

    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      alter_table (r, node->alter_table_stmt);
      break;

    case PG_QUERY__NODE__NODE_INDEX_STMT:
      create_index (r, node->index_stmt);
      break;

    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      create_trigger (r, node->create_trig_stmt);
      break;

    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      create_function (r, node->create_function_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      if (node->create_seq_stmt->sequence != NULL)
        create_sequence (r, node->create_seq_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      if (node->alter_seq_stmt->sequence != NULL)
        alter_sequence (r, node->alter_seq_stmt);
      break;

    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      create_enum (r, node->create_enum_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      alter_enum (r, node->alter_enum_stmt);
      break;

    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      if (node->composite_type_stmt->typevar != NULL)
        create_composite (r, node->composite_type_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      create_range (r, node->create_range_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      create_domain (r, node->create_domain_stmt, default_schema);
      break;

    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      create_policy (r, node->create_policy_stmt);
      break;

    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      comment_on (r, node->comment_stmt);
      break;

    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      variable_set (r, node->variable_set_stmt);
      break;

    case PG_QUERY__NODE__NODE_SELECT_STMT:
      if (!select_set_config (r, node->select_stmt))
        add_note (r, SW_SOURCE_NOTE_IGNORED, _("queries are not part of the schema"));
      break;

    case PG_QUERY__NODE__NODE_DROP_STMT:
      drop_objects (r, node->drop_stmt);
      break;

    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      create_schema (r, node->create_schema_stmt);
      break;

    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      define_stmt (r, node->define_stmt);
      break;

    /* Ownership and transaction control change nothing the model keeps. */
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      break;

    case PG_QUERY__NODE__NODE_GRANT_STMT:
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("privileges are not part of the model"));
      break;

    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("extensions are not read from a schema file"));
      break;

    case PG_QUERY__NODE__NODE_COPY_STMT:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("data is not part of the schema"));
      break;

    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("data statements are not part of the schema"));
      break;

    case PG_QUERY__NODE__NODE_RENAME_STMT:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("renames are not applied to the model"));
      break;

    default:
      add_note (r, SW_SOURCE_NOTE_IGNORED, _("this statement is not used by the model"));
      break;
    }
}

/* Finishing */

static void
finish_model (Reader *r)
{
  /* REFERENCES t, where t got its primary key later in the file. */
  for (guint i = 0; i < r->pending_fks->len; i++)
    {
      SwForeignKey *fk = g_ptr_array_index (r->pending_fks, i);
      SwTable *ref_table = sw_schema_find_table (r->schema, fk->ref_table);

      if (fk->ref_columns != NULL)
        continue;
      fk->ref_columns = primary_key_columns (ref_table);
      if (fk->ref_columns == NULL)
        {
          r->stmt_location = GPOINTER_TO_INT (g_hash_table_lookup (r->pending_fk_locations, fk));
          add_note (r, SW_SOURCE_NOTE_WARNING, _("foreign key %s: %s has no primary key to reference"),
                    fk->name, fk->ref_table);
        }
    }

  /* Only the functions triggers call are part of the model. */
  for (guint i = 0; i < r->functions->len; i++)
    {
      SwFunction *function = g_ptr_array_index (r->functions, i);
      GListModel *tables = sw_schema_list_tables (r->schema);
      gboolean used = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (tables) && !used; j++)
        {
          g_autoptr(SwTable) table = g_list_model_get_item (tables, j);

          for (guint k = 0; k < table->triggers->len && !used; k++)
            {
              SwTrigger *trigger = g_ptr_array_index (table->triggers, k);

              used = g_strcmp0 (trigger->function, function->qualified_name) == 0 &&
                     (function->arguments == NULL || function->arguments[0] == '\0');
            }
        }
      if (used)
        {
          g_ptr_array_add (r->schema->functions, g_object_ref (function));
          _sw_schema_add_namespace (r->schema, function->schema_name);
        }
    }

  for (guint i = 0; i < r->schema->sequences->len; i++)
    _sw_schema_add_namespace (r->schema, ((SwSequence *)g_ptr_array_index (r->schema->sequences, i))->schema_name);
  for (guint i = 0; i < r->schema->views->len; i++)
    _sw_schema_add_namespace (r->schema, ((SwView *)g_ptr_array_index (r->schema->views, i))->schema_name);
  for (guint i = 0; i < r->schema->user_types->len; i++)
    _sw_schema_add_namespace (r->schema, ((SwUserType *)g_ptr_array_index (r->schema->user_types, i))->schema_name);

  /* Temporary tables live in a session's own schema, never a user schema. */
  for (guint i = 0; i < r->schema->namespaces->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (r->schema->namespaces, i), "pg_temp") == 0)
        {
          g_ptr_array_remove_index (r->schema->namespaces, i);
          break;
        }
    }

  _sw_schema_finish (r->schema);
}

/* Loading */

static gboolean
line_is_copy_from_stdin (const char *line,
                         gsize       len)
{
  g_autofree char *lower = NULL;
  gsize start = 0;

  while (start < len && g_ascii_isspace (line[start]))
    start++;
  while (len > start && g_ascii_isspace (line[len - 1]))
    len--;
  if (len - start < 5 || g_ascii_strncasecmp (line + start, "COPY ", 5) != 0)
    return FALSE;
  lower = g_ascii_strdown (line + start, len - start);
  return g_str_has_suffix (lower, "from stdin;");
}

/* COPY … FROM stdin data and psql meta-commands (\connect, \restrict) are not
 * SQL. They are blanked out byte for byte, so every offset still points at
 * the same place in the file.
 */
static char *
blank_non_sql (const char *text,
               gsize       len,
               GArray     *meta_offsets)
{
  char *copy = g_strndup (text, len);
  gsize pos = 0;
  gboolean in_copy = FALSE;

  while (pos < len)
    {
      const char *nl = memchr (copy + pos, '\n', len - pos);
      gsize end = nl ? (gsize)(nl - copy) : len;
      gsize first = pos;

      while (first < end && (copy[first] == ' ' || copy[first] == '\t'))
        first++;

      if (in_copy)
        {
          gboolean terminator = end - first >= 2 && copy[first] == '\\' && copy[first + 1] == '.';

          for (gsize i = pos; i < end; i++)
            copy[i] = ' ';
          if (terminator)
            in_copy = FALSE;
        }
      else if (first < end && copy[first] == '\\')
        {
          int offset = (int)first;

          g_array_append_val (meta_offsets, offset);
          for (gsize i = pos; i < end; i++)
            copy[i] = ' ';
        }
      else if (line_is_copy_from_stdin (copy + pos, end - pos))
        in_copy = TRUE;

      pos = end + 1;
    }

  return copy;
}

static int
compare_notes (gconstpointer a,
               gconstpointer b)
{
  const SwSourceNote *na = *(SwSourceNote * const *)a;
  const SwSourceNote *nb = *(SwSourceNote * const *)b;

  if (na->line != nb->line)
    return na->line < nb->line ? -1 : 1;
  if (na->column != nb->column)
    return na->column < nb->column ? -1 : 1;
  return 0;
}

static SwSchema *
load_text (SwSqlReader   *self,
           const char    *sql,
           gsize          len,
           const char    *source_name,
           GCancellable  *cancellable,
           GError       **error)
{
  const char *invalid = NULL;
  g_autofree char *prepared = NULL;
  g_autoptr(GArray) meta_offsets = g_array_new (FALSE, FALSE, sizeof (int));
  PgQueryProtobufParseResult parsed;
  PgQuery__ParseResult *tree;
  Reader r = { 0 };
  SwSchema *schema;

  r.text = sql;
  r.text_len = len;

  if (!g_utf8_validate_len (sql, len, &invalid))
    {
      guint line;
      guint column;

      offset_to_line_column (&r, invalid - sql, &line, &column);
      g_set_error (error, SW_SQL_ERROR, SW_SQL_ERROR_ENCODING,
                   _("%s: the file is not valid UTF-8 (line %u, column %u)"),
                   source_name ? source_name : "SQL", line, column);
      return NULL;
    }

  /* A byte-order mark is not part of the first statement. */
  if (len >= 3 && memcmp (sql, "\xEF\xBB\xBF", 3) == 0)
    {
      sql += 3;
      len -= 3;
      r.text = sql;
      r.text_len = len;
    }

  prepared = blank_non_sql (sql, len, meta_offsets);
  /* Positions, snippets and definitions come from the blanked text: a
   * statement after a COPY block starts after its data.
   */
  r.text = prepared;
  parsed = pg_query_parse_protobuf (prepared);
  if (parsed.error != NULL)
    {
      if (parsed.error->cursorpos > 0)
        {
          glong n_chars = g_utf8_strlen (prepared, -1);
          glong offset = MIN ((glong)parsed.error->cursorpos - 1, n_chars);
          const char *at = g_utf8_offset_to_pointer (prepared, offset);
          guint line;
          guint column;

          offset_to_line_column (&r, at - prepared, &line, &column);
          g_set_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX, _("%s: %s at line %u, column %u"),
                       source_name ? source_name : "SQL", parsed.error->message, line, column);
        }
      else
        g_set_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX, _("%s: %s"),
                     source_name ? source_name : "SQL", parsed.error->message);
      pg_query_free_protobuf_parse_result (parsed);
      return NULL;
    }

  tree = pg_query__parse_result__unpack (NULL, parsed.parse_tree.len, (const uint8_t *)parsed.parse_tree.data);
  pg_query_free_protobuf_parse_result (parsed);
  if (tree == NULL)
    {
      g_set_error (error, SW_SQL_ERROR, SW_SQL_ERROR_SYNTAX, _("%s: the parser returned an unreadable tree"),
                   source_name ? source_name : "SQL");
      return NULL;
    }

  r.self = self;
  r.schema = schema = _sw_schema_new (source_name);
  r.cancellable = cancellable;
  r.search_path = g_ptr_array_new_with_free_func (g_free);
  reset_search_path (&r);
  r.schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (r.schemas, g_strdup ("public"));
  r.relnames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.sequences_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.connames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.collations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.index_recs = g_ptr_array_new_with_free_func ((GDestroyNotify)index_rec_free);
  r.index_recs_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  r.functions = g_ptr_array_new_with_free_func (g_object_unref);
  r.pending_fks = g_ptr_array_new ();
  r.pending_fk_locations = g_hash_table_new (NULL, NULL);
  r.inherited_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.fks_by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);

  /* The meta-commands are only in the original text. */
  r.text = sql;
  for (guint i = 0; i < meta_offsets->len; i++)
    {
      r.stmt_location = g_array_index (meta_offsets, int, i);
      add_note (&r, SW_SOURCE_NOTE_IGNORED, _("psql meta-commands are not SQL"));
    }
  r.text = prepared;

  for (size_t i = 0; i < tree->n_stmts; i++)
    {
      PgQuery__RawStmt *raw = tree->stmts[i];

      if ((i & 63) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_object (&schema);
          break;
        }
      r.stmt_location = raw->stmt_location;
      r.stmt_len = raw->stmt_len;
      process_stmt (&r, raw->stmt, NULL);
    }

  if (schema != NULL)
    {
      finish_model (&r);
      /* Notes in file order, whatever order they were found in. */
      g_ptr_array_sort (schema->notes, compare_notes);
    }

  pg_query__parse_result__free_unpacked (tree, NULL);
  g_ptr_array_unref (r.search_path);
  g_free (r.default_am);
  g_hash_table_unref (r.schemas);
  g_hash_table_unref (r.relnames);
  g_hash_table_unref (r.sequences_by_name);
  g_hash_table_unref (r.connames);
  g_hash_table_unref (r.collations);
  g_hash_table_unref (r.index_recs_by_name);
  g_ptr_array_unref (r.index_recs);
  g_ptr_array_unref (r.functions);
  g_ptr_array_unref (r.pending_fks);
  g_hash_table_unref (r.pending_fk_locations);
  g_hash_table_unref (r.inherited_checks);
  g_hash_table_unref (r.fks_by_ref);
  drop_table_index (&r);

  return schema;
}

/* GObject */

static void
sw_sql_reader_class_init (SwSqlReaderClass *klass)
{
}

static void
sw_sql_reader_init (SwSqlReader *self)
{
}

/* Public API */

/**
 * sw_sql_reader_new:
 *
 * Returns: (transfer full): a reader of schema SQL files
 */
SwSqlReader *
sw_sql_reader_new (void)
{
  return g_object_new (SW_TYPE_SQL_READER, NULL);
}

/**
 * sw_sql_reader_load_string:
 * @self: a #SwSqlReader
 * @sql: the SQL text, UTF-8
 * @source_name: (nullable): what to call it in messages and in the model
 * @error: return location for a #GError in %SW_SQL_ERROR
 *
 * Builds the model from @sql. Statements the model has no room for become
 * notes (sw_schema_get_notes()); a file the parser rejects is an error whose
 * message carries the line and column.
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL on error
 */
SwSchema *
sw_sql_reader_load_string (SwSqlReader  *self,
                           const char   *sql,
                           const char   *source_name,
                           GError      **error)
{
  g_return_val_if_fail (SW_IS_SQL_READER (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_text (self, sql, strlen (sql), source_name, NULL, error);
}

static SwSchema *
load_file (SwSqlReader   *self,
           GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SW_SQL_ERROR, SW_SQL_ERROR_READ, _("%s: %s"), name, local_error->message);
      return NULL;
    }

  return load_text (self, contents, length, name, cancellable, error);
}

/**
 * sw_sql_reader_load_file_sync:
 * @self: a #SwSqlReader
 * @file: a schema SQL file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL on error
 */
SwSchema *
sw_sql_reader_load_file_sync (SwSqlReader   *self,
                              GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (SW_IS_SQL_READER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_file (self, file, cancellable, error);
}

static void
load_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  SwSchema *schema;

  schema = load_file (source_object, task_data, cancellable, &error);
  if (schema == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, schema, g_object_unref);
}

/**
 * sw_sql_reader_load_file_async:
 * @self: a #SwSqlReader
 * @file: a schema SQL file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the model is ready
 * @user_data: data for @callback
 *
 * Reads and parses @file in a worker thread.
 */
void
sw_sql_reader_load_file_async (SwSqlReader         *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SW_IS_SQL_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sw_sql_reader_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_file_thread);
}

/**
 * sw_sql_reader_load_file_finish:
 * @self: a #SwSqlReader
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the schema, or %NULL on error
 */
SwSchema *
sw_sql_reader_load_file_finish (SwSqlReader   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SW_IS_SQL_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sw_sql_reader_load_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
