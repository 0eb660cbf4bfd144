/* sw-identifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-identifier"

#include "config.h"

#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "sw-identifier.h"

/* Which words are keywords is the parser's business, not ours: ask libpg_query's
 * scanner (the PostgreSQL 15 keyword list) and remember the answer. The cache is
 * shared by reader threads, hence the lock.
 */
static GMutex keyword_lock;
static GHashTable *keyword_cache;

static gboolean
is_quoting_keyword (const char *word)
{
  PgQueryScanResult result;
  PgQuery__ScanResult *scan;
  gpointer cached;
  gboolean needs_quotes = FALSE;

  g_mutex_lock (&keyword_lock);
  if (keyword_cache == NULL)
    keyword_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (keyword_cache, word, NULL, &cached))
    {
      g_mutex_unlock (&keyword_lock);
      return GPOINTER_TO_INT (cached);
    }
  g_mutex_unlock (&keyword_lock);

  result = pg_query_scan (word);
  if (result.error == NULL)
    {
      scan = pg_query__scan_result__unpack (NULL, result.pbuf.len, (const uint8_t *)result.pbuf.data);
      /* Like quote_identifier(): everything but unreserved keywords needs quotes. */
      if (scan != NULL && scan->n_tokens == 1)
        needs_quotes = scan->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
                       scan->tokens[0]->keyword_kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
      if (scan != NULL)
        pg_query__scan_result__free_unpacked (scan, NULL);
    }
  pg_query_free_scan_result (result);

  g_mutex_lock (&keyword_lock);
  g_hash_table_insert (keyword_cache, g_strdup (word), GINT_TO_POINTER (needs_quotes));
  g_mutex_unlock (&keyword_lock);

  return needs_quotes;
}

/**
 * sw_identifier_needs_quotes:
 * @ident: an identifier as stored in the catalog
 *
 * Mirrors PostgreSQL's quote_identifier(): only lower-case letters, digits and
 * underscores, not starting with a digit, and not a keyword other than an
 * unreserved one, go unquoted.
 *
 * Returns: %TRUE when @ident must be double-quoted in SQL
 */
gboolean
sw_identifier_needs_quotes (const char *ident)
{
  gboolean has_digit = FALSE;

  g_return_val_if_fail (ident != NULL, TRUE);

  if (ident[0] == '\0')
    return TRUE;
  if (!((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_'))
    return TRUE;
  for (const char *p = ident; *p; p++)
    {
      if (*p >= '0' && *p <= '9')
        has_digit = TRUE;
      else if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
        return TRUE;
    }

  /* No keyword has a digit (the pg test /Sw/CatalogReader/keywords checks
   * every keyword of the server): such a name skips the scanner, which costs
   * more than the rest of the model's work on a name (generated schemas name
   * everything t00042_..., tens of thousands of names at 10,000 tables).
   */
  if (has_digit)
    return FALSE;

  return is_quoting_keyword (ident);
}

/**
 * sw_quote_identifier:
 * @ident: an identifier
 *
 * Returns: (transfer full): @ident ready for SQL, double-quoted where needed
 */
char *
sw_quote_identifier (const char *ident)
{
  GString *str;

  g_return_val_if_fail (ident != NULL, NULL);

  if (!sw_identifier_needs_quotes (ident))
    return g_strdup (ident);

  str = g_string_sized_new (strlen (ident) + 2);
  g_string_append_c (str, '"');
  for (const char *p = ident; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (str, '"');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');

  return g_string_free (str, FALSE);
}

/**
 * sw_quote_qualified_name:
 * @schema_name: (nullable): a schema name
 * @name: an object name
 *
 * Returns: (transfer full): "schema.name", each part quoted where needed
 */
char *
sw_quote_qualified_name (const char *schema_name,
                         const char *name)
{
  g_autofree char *qname = NULL;
  g_autofree char *qschema = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  qname = sw_quote_identifier (name);
  if (schema_name == NULL || schema_name[0] == '\0')
    return g_steal_pointer (&qname);

  qschema = sw_quote_identifier (schema_name);
  return g_strconcat (qschema, ".", qname, NULL);
}

/**
 * sw_quote_literal:
 * @value: a string value
 *
 * Returns: (transfer full): @value as a SQL string literal, using E'' when it
 *   holds backslashes, as quote_literal() does
 */
char *
sw_quote_literal (const char *value)
{
  GString *str;

  g_return_val_if_fail (value != NULL, NULL);

  str = g_string_new (NULL);
  if (strchr (value, '\\') != NULL)
    g_string_append_c (str, 'E');
  g_string_append_c (str, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (str, *p);
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '\'');

  return g_string_free (str, FALSE);
}

static char *
take_identifier (const char **pp,
                 gboolean    *ok)
{
  const char *p = *pp;
  GString *str = g_string_new (NULL);

  if (*p == '"')
    {
      gboolean closed = FALSE;

      p++;
      while (*p)
        {
          if (*p == '"')
            {
              if (p[1] == '"')
                {
                  g_string_append_c (str, '"');
                  p += 2;
                  continue;
                }
              p++;
              closed = TRUE;
              break;
            }
          g_string_append_c (str, *p++);
        }
      if (!closed)
        *ok = FALSE;
    }
  else
    {
      /* Unquoted identifiers fold to lower case, as the server does (ASCII only). */
      while (*p && *p != '.')
        g_string_append_c (str, g_ascii_tolower (*p++));
    }

  *pp = p;
  return g_string_free (str, FALSE);
}

/**
 * sw_split_qualified_name:
 * @qualified_name: "schema.name", either part possibly double-quoted
 * @schema_name: (out) (transfer full) (optional) (nullable): the schema, or %NULL
 *   when @qualified_name has none
 * @name: (out) (transfer full) (optional): the object name
 *
 * Splits a name as plans and the command line spell it.
 *
 * Returns: %TRUE when @qualified_name is well formed
 */
gboolean
sw_split_qualified_name (const char  *qualified_name,
                         char       **schema_name,
                         char       **name)
{
  const char *p = qualified_name;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (qualified_name != NULL, FALSE);

  first = take_identifier (&p, &ok);
  if (*p == '.')
    {
      p++;
      second = take_identifier (&p, &ok);
    }
  if (!ok || *p != '\0' || first[0] == '\0' || (second != NULL && second[0] == '\0'))
    return FALSE;

  if (schema_name != NULL)
    *schema_name = second != NULL ? g_steal_pointer (&first) : NULL;
  if (name != NULL)
    *name = second != NULL ? g_steal_pointer (&second) : g_steal_pointer (&first);

  return TRUE;
}
