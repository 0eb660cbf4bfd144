/* sw-hash.c
 *
 * Citus routes a row by the 32-bit result of the distribution column type's
 * default hash support function, read as a signed int32. These are those
 * functions, rewritten from their definitions in PostgreSQL (hash_bytes is Bob
 * Jenkins's lookup3, as PostgreSQL adapted it), so that the preview needs no
 * server. They give the answers a little-endian server gives, which is every
 * server Citus supports in practice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-hash"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sw-engine-autocleanups.h"
#include "sw-hash.h"

G_DEFINE_QUARK (sw-hash-error-quark, sw_hash_error)

/* Citus's HASH_TOKEN_COUNT: the int32 hash space split among the shards. */
#define HASH_TOKEN_COUNT G_GINT64_CONSTANT (4294967296)

/* 2000-01-01, PostgreSQL's epoch for dates and timestamps, as a Julian day. */
#define POSTGRES_EPOCH_JDATE 2451545
#define USECS_PER_DAY G_GINT64_CONSTANT (86400000000)

#define ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

#define MIX(a, b, c) \
  G_STMT_START { \
    a -= c; a ^= ROT (c, 4);  c += b; \
    b -= a; b ^= ROT (a, 6);  a += c; \
    c -= b; c ^= ROT (b, 8);  b += a; \
    a -= c; a ^= ROT (c, 16); c += b; \
    b -= a; b ^= ROT (a, 19); a += c; \
    c -= b; c ^= ROT (b, 4);  b += a; \
  } G_STMT_END

#define FINAL(a, b, c) \
  G_STMT_START { \
    c ^= b; c -= ROT (b, 14); \
    a ^= c; a -= ROT (c, 11); \
    b ^= a; b -= ROT (a, 25); \
    c ^= b; c -= ROT (b, 16); \
    a ^= c; a -= ROT (c, 4);  \
    b ^= a; b -= ROT (a, 14); \
    c ^= b; c -= ROT (b, 24); \
  } G_STMT_END

static const struct
{
  const char *name;
  SwHashType  type;
} type_names[] = {
  { "int2", SW_HASH_TYPE_INT2 },
  { "smallint", SW_HASH_TYPE_INT2 },
  { "int4", SW_HASH_TYPE_INT4 },
  { "integer", SW_HASH_TYPE_INT4 },
  { "int", SW_HASH_TYPE_INT4 },
  { "int8", SW_HASH_TYPE_INT8 },
  { "bigint", SW_HASH_TYPE_INT8 },
  { "oid", SW_HASH_TYPE_OID },
  { "bool", SW_HASH_TYPE_BOOL },
  { "boolean", SW_HASH_TYPE_BOOL },
  { "text", SW_HASH_TYPE_TEXT },
  { "varchar", SW_HASH_TYPE_TEXT },
  { "character varying", SW_HASH_TYPE_TEXT },
  { "bpchar", SW_HASH_TYPE_BPCHAR },
  { "char", SW_HASH_TYPE_BPCHAR },
  { "character", SW_HASH_TYPE_BPCHAR },
  { "bytea", SW_HASH_TYPE_BYTEA },
  { "uuid", SW_HASH_TYPE_UUID },
  { "numeric", SW_HASH_TYPE_NUMERIC },
  { "decimal", SW_HASH_TYPE_NUMERIC },
  { "date", SW_HASH_TYPE_DATE },
  { "timestamp", SW_HASH_TYPE_TIMESTAMP },
  { "timestamp without time zone", SW_HASH_TYPE_TIMESTAMP },
  { "timestamptz", SW_HASH_TYPE_TIMESTAMPTZ },
  { "timestamp with time zone", SW_HASH_TYPE_TIMESTAMPTZ },
};

/**
 * sw_hash_type_from_name:
 * @type_name: a pg_type name (`int8`, `bpchar`) or a format_type() name
 *   (`bigint`, `character varying(20)`); a typmod is ignored
 * @type: (out): where to store the type
 *
 * Returns: %TRUE if the engine can hash values of that type offline
 */
gboolean
sw_hash_type_from_name (const char *type_name,
                        SwHashType *type)
{
  g_autofree char *base = NULL;
  char *paren;

  g_return_val_if_fail (type != NULL, FALSE);

  if (type_name == NULL)
    return FALSE;

  base = g_ascii_strdown (type_name, -1);
  if (g_str_has_prefix (base, "pg_catalog."))
    memmove (base, base + strlen ("pg_catalog."), strlen (base) - strlen ("pg_catalog.") + 1);

  /* "timestamp(3) with time zone" and "character varying(20)": drop the typmod. */
  if ((paren = strchr (base, '(')) != NULL)
    {
      char *close = strchr (paren, ')');

      if (close != NULL)
        memmove (paren, close + 1, strlen (close + 1) + 1);
    }
  g_strstrip (base);

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_str_equal (base, type_names[i].name))
        {
          *type = type_names[i].type;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sw_hash_type_to_string (SwHashType type)
{
  switch (type)
    {
    case SW_HASH_TYPE_INT2: return "int2";
    case SW_HASH_TYPE_INT4: return "int4";
    case SW_HASH_TYPE_INT8: return "int8";
    case SW_HASH_TYPE_OID: return "oid";
    case SW_HASH_TYPE_BOOL: return "bool";
    case SW_HASH_TYPE_TEXT: return "text";
    case SW_HASH_TYPE_BPCHAR: return "bpchar";
    case SW_HASH_TYPE_BYTEA: return "bytea";
    case SW_HASH_TYPE_UUID: return "uuid";
    case SW_HASH_TYPE_NUMERIC: return "numeric";
    case SW_HASH_TYPE_DATE: return "date";
    case SW_HASH_TYPE_TIMESTAMP: return "timestamp";
    case SW_HASH_TYPE_TIMESTAMPTZ: return "timestamptz";
    case SW_HASH_TYPE_ENUM: return "enum";
    default: return "unknown";
    }
}

static inline guint32
read_le32 (const guint8 *k)
{
  return (guint32) k[0] | ((guint32) k[1] << 8) | ((guint32) k[2] << 16) | ((guint32) k[3] << 24);
}

/**
 * sw_hash_bytes:
 * @key: the bytes
 * @length: how many
 *
 * PostgreSQL's hash_bytes() (hash_any()), as a little-endian server computes it.
 *
 * Returns: the hash
 */
guint32
sw_hash_bytes (const guint8 *key,
               gsize         length)
{
  guint32 a, b, c;
  guint32 len = (guint32) length;

  a = b = c = 0x9e3779b9 + len + 3923095;

  while (len >= 12)
    {
      a += read_le32 (key);
      b += read_le32 (key + 4);
      c += read_le32 (key + 8);
      MIX (a, b, c);
      key += 12;
      len -= 12;
    }

  /* The last 11 bytes; the lowest byte of c stays for the length, as lookup3 has it. */
  switch (len)
    {
    case 11: c += ((guint32) key[10] << 24); G_GNUC_FALLTHROUGH;
    case 10: c += ((guint32) key[9] << 16); G_GNUC_FALLTHROUGH;
    case 9: c += ((guint32) key[8] << 8); G_GNUC_FALLTHROUGH;
    case 8: b += ((guint32) key[7] << 24); G_GNUC_FALLTHROUGH;
    case 7: b += ((guint32) key[6] << 16); G_GNUC_FALLTHROUGH;
    case 6: b += ((guint32) key[5] << 8); G_GNUC_FALLTHROUGH;
    case 5: b += key[4]; G_GNUC_FALLTHROUGH;
    case 4: a += ((guint32) key[3] << 24); G_GNUC_FALLTHROUGH;
    case 3: a += ((guint32) key[2] << 16); G_GNUC_FALLTHROUGH;
    case 2: a += ((guint32) key[1] << 8); G_GNUC_FALLTHROUGH;
    case 1: a += key[0]; break;
    default: break;
    }

  FINAL (a, b, c);

  return c;
}

/**
 * sw_hash_uint32:
 * @key: a 32-bit value
 *
 * PostgreSQL's hash_bytes_uint32() (hash_uint32()): what hashint4, hashoid,
 * hashchar and hashenum return.
 *
 * Returns: the hash
 */
guint32
sw_hash_uint32 (guint32 key)
{
  guint32 a, b, c;

  a = b = c = 0x9e3779b9 + (guint32) sizeof (guint32) + 3923095;
  a += key;

  FINAL (a, b, c);

  return c;
}

gint32
sw_hash_int4 (gint32 value)
{
  return (gint32) sw_hash_uint32 ((guint32) value);
}

/**
 * sw_hash_int8:
 * @value: a bigint
 *
 * hashint8(): folds the high half into the low half so that a bigint that fits
 * in an int4 hashes as that int4 does (cross-type hash joins rely on it).
 *
 * Returns: the hash, as Citus reads it
 */
gint32
sw_hash_int8 (gint64 value)
{
  guint32 lohalf = (guint32) value;
  guint32 hihalf = (guint32) ((guint64) value >> 32);

  lohalf ^= (value >= 0) ? hihalf : ~hihalf;

  return (gint32) sw_hash_uint32 (lohalf);
}

static gboolean
invalid_value (GError     **error,
               SwHashType   type,
               const char  *text)
{
  g_set_error (error, SW_HASH_ERROR, SW_HASH_ERROR_INVALID_VALUE,
               _("invalid input syntax for type %s: “%s”"),
               sw_hash_type_to_string (type), text);
  return FALSE;
}

static gboolean
parse_integer (SwHashType   type,
               const char  *text,
               gint64       min,
               gint64       max,
               gint64      *value,
               GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gint64 parsed;

  if (!g_ascii_string_to_signed (copy, 10, min, max, &parsed, NULL))
    return invalid_value (error, type, text);

  *value = parsed;
  return TRUE;
}

/* PostgreSQL's date2j(): the Julian day of a proleptic Gregorian date. */
static int
date_to_julian (int year,
                int month,
                int day)
{
  int julian;
  int century;

  if (month > 2)
    {
      month += 1;
      year += 4800;
    }
  else
    {
      month += 13;
      year += 4799;
    }

  century = year / 100;
  julian = year * 365 - 32167;
  julian += year / 4 - century + century / 4;
  julian += 7834 * month / 256 + day;

  return julian;
}

static gboolean
parse_digits (const char **p,
              guint        min_digits,
              guint        max_digits,
              int         *value)
{
  guint n = 0;
  int v = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      v = v * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits)
    return FALSE;

  *p += n;
  *value = v;
  return TRUE;
}

/* ISO 8601 dates and timestamps, the form pg_dump, applications and the
 * vectors use: YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[[:]MM]] [BC]. Other
 * DateStyles are ambiguous without the session's settings, so they are refused.
 */
static gboolean
parse_datetime (SwHashType   type,
                const char  *text,
                gint64      *out,
                GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  int year, month, day;
  int hour = 0, minute = 0, second = 0;
  gint64 usec = 0;
  gint64 offset_seconds = 0;
  gint64 days;
  gboolean bc = FALSE;

  if (g_ascii_strcasecmp (copy, "infinity") == 0 || g_ascii_strcasecmp (copy, "+infinity") == 0)
    {
      *out = type == SW_HASH_TYPE_DATE ? G_MAXINT32 : G_MAXINT64;
      return TRUE;
    }
  if (g_ascii_strcasecmp (copy, "-infinity") == 0)
    {
      *out = type == SW_HASH_TYPE_DATE ? G_MININT32 : G_MININT64;
      return TRUE;
    }

  if (!parse_digits (&p, 1, 7, &year) || *p++ != '-' ||
      !parse_digits (&p, 1, 2, &month) || *p++ != '-' ||
      !parse_digits (&p, 1, 2, &day))
    return invalid_value (error, type, text);

  if (type != SW_HASH_TYPE_DATE && (*p == ' ' || *p == 'T' || *p == 't'))
    {
      p++;
      if (!parse_digits (&p, 1, 2, &hour) || *p++ != ':' || !parse_digits (&p, 1, 2, &minute))
        return invalid_value (error, type, text);
      if (*p == ':')
        {
          p++;
          if (!parse_digits (&p, 1, 2, &second))
            return invalid_value (error, type, text);
          if (*p == '.')
            {
              guint n = 0;

              p++;
              if (!g_ascii_isdigit (*p))
                return invalid_value (error, type, text);
              /* Microsecond precision; the seventh digit rounds, as the server does. */
              while (g_ascii_isdigit (*p))
                {
                  if (n < 6)
                    usec = usec * 10 + (*p - '0');
                  else if (n == 6 && *p >= '5')
                    usec += 1;
                  n++;
                  p++;
                }
              for (; n < 6; n++)
                usec *= 10;
            }
        }

      while (*p == ' ')
        p++;

      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          int oh = 0, om = 0, os = 0;

          p++;
          if (!parse_digits (&p, 1, 2, &oh))
            return invalid_value (error, type, text);
          if (*p == ':')
            p++;
          if (g_ascii_isdigit (*p) && !parse_digits (&p, 2, 2, &om))
            return invalid_value (error, type, text);
          if (*p == ':')
            {
              p++;
              if (!parse_digits (&p, 2, 2, &os))
                return invalid_value (error, type, text);
            }
          offset_seconds = sign * (oh * 3600 + om * 60 + os);
        }
    }

  while (*p == ' ')
    p++;
  if (g_ascii_strncasecmp (p, "BC", 2) == 0)
    {
      bc = TRUE;
      p += 2;
    }
  else if (g_ascii_strncasecmp (p, "AD", 2) == 0)
    p += 2;

  if (*p != '\0' || month < 1 || month > 12 || day < 1 || day > 31 || year == 0 ||
      hour > 24 || minute > 59 || second > 60)
    return invalid_value (error, type, text);

  if (!g_date_valid_dmy (day, month, 2000) ||
      (month == 2 && day == 29 &&
       !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)))
    {
      /* Leap years are computed on the astronomical year for BC dates. */
      if (!(bc && month == 2 && day == 29 && (1 - year) % 4 == 0))
        return invalid_value (error, type, text);
    }

  if (bc)
    year = 1 - year;

  days = date_to_julian (year, month, day) - POSTGRES_EPOCH_JDATE;

  if (type == SW_HASH_TYPE_DATE)
    {
      *out = days;
      return TRUE;
    }

  *out = days * USECS_PER_DAY +
         ((gint64) hour * 3600 + minute * 60 + second) * G_GINT64_CONSTANT (1000000) + usec;

  /* timestamptz is stored as the UTC instant; a value without an offset is read
   * as UTC here (the server would use its session TimeZone). For a plain
   * timestamp PostgreSQL ignores the offset.
   */
  if (type == SW_HASH_TYPE_TIMESTAMPTZ)
    *out -= offset_seconds * G_GINT64_CONSTANT (1000000);

  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* uuid_in(): 32 hex digits, optionally in braces, a hyphen allowed after any
 * group of four.
 */
static gboolean
parse_uuid (const char  *text,
            guint8       out[16],
            GError     **error)
{
  const char *p = text;
  gboolean braces = FALSE;

  while (*p == ' ')
    p++;
  if (*p == '{')
    {
      braces = TRUE;
      p++;
    }

  for (guint i = 0; i < 16; i++)
    {
      int hi = hex_value (p[0]);
      int lo = hi < 0 ? -1 : hex_value (p[1]);

      if (hi < 0 || lo < 0)
        return invalid_value (error, SW_HASH_TYPE_UUID, text);
      out[i] = (guint8) (hi << 4 | lo);
      p += 2;
      if (*p == '-' && i % 2 == 1 && i < 15)
        p++;
    }

  if (braces && *p++ != '}')
    return invalid_value (error, SW_HASH_TYPE_UUID, text);
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return invalid_value (error, SW_HASH_TYPE_UUID, text);

  return TRUE;
}

/* byteain(): the hex format (\x...) and the escape format (\\ and \ooo). */
static GByteArray *
parse_bytea (const char  *text,
             GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const char *p = text;

  if (p[0] == '\\' && (p[1] == 'x' || p[1] == 'X'))
    {
      p += 2;
      while (*p != '\0')
        {
          int hi, lo;
          guint8 byte;

          if (g_ascii_isspace (*p))
            {
              p++;
              continue;
            }
          hi = hex_value (p[0]);
          lo = hi < 0 ? -1 : hex_value (p[1]);
          if (hi < 0 || lo < 0)
            {
              invalid_value (error, SW_HASH_TYPE_BYTEA, text);
              return NULL;
            }
          byte = (guint8) (hi << 4 | lo);
          g_byte_array_append (bytes, &byte, 1);
          p += 2;
        }
      return g_steal_pointer (&bytes);
    }

  while (*p != '\0')
    {
      guint8 byte;

      if (*p != '\\')
        {
          byte = (guint8) *p++;
        }
      else if (p[1] == '\\')
        {
          byte = '\\';
          p += 2;
        }
      else if (p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7')
        {
          byte = (guint8) ((p[1] - '0') << 6 | (p[2] - '0') << 3 | (p[3] - '0'));
          p += 4;
        }
      else
        {
          invalid_value (error, SW_HASH_TYPE_BYTEA, text);
          return NULL;
        }
      g_byte_array_append (bytes, &byte, 1);
    }

  return g_steal_pointer (&bytes);
}

/* hash_numeric(): the base-10000 digits without leading and trailing zero
 * digits, hashed as int16s, XORed with the weight of the first non-zero digit.
 * The sign and the display scale take no part, so 1.50 and 1.5 (and -1.5)
 * hash alike; zero hashes to -1 and NaN and the infinities to 0.
 */
static gboolean
hash_numeric_text (const char  *text,
                   gint32      *hash,
                   GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GString) int_digits = g_string_new (NULL);
  g_autoptr(GString) frac_digits = g_string_new (NULL);
  g_autoptr(GString) all = NULL;
  g_autoptr(GArray) groups = NULL;
  const char *p = copy;
  gint64 exponent = 0;
  gsize int_len;
  int weight;
  guint start, end;

  if (g_ascii_strcasecmp (copy, "NaN") == 0 ||
      g_ascii_strcasecmp (copy, "Infinity") == 0 ||
      g_ascii_strcasecmp (copy, "+Infinity") == 0 ||
      g_ascii_strcasecmp (copy, "-Infinity") == 0 ||
      g_ascii_strcasecmp (copy, "inf") == 0 ||
      g_ascii_strcasecmp (copy, "+inf") == 0 ||
      g_ascii_strcasecmp (copy, "-inf") == 0)
    {
      *hash = 0;
      return TRUE;
    }

  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit (*p) || (*p == '_' && g_ascii_isdigit (p[1]) && int_digits->len > 0))
    {
      if (*p != '_')
        g_string_append_c (int_digits, *p);
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        g_string_append_c (frac_digits, *p++);
    }
  if (int_digits->len == 0 && frac_digits->len == 0)
    return invalid_value (error, SW_HASH_TYPE_NUMERIC, text);
  if (*p == 'e' || *p == 'E')
    {
      g_autofree char *exp_text = NULL;

      p++;
      exp_text = g_strdup (p);
      if (!g_ascii_string_to_signed (exp_text, 10, -1000, 1000, &exponent, NULL))
        return invalid_value (error, SW_HASH_TYPE_NUMERIC, text);
      p += strlen (p);
    }
  if (*p != '\0')
    return invalid_value (error, SW_HASH_TYPE_NUMERIC, text);

  /* One string of digits and the place of the decimal point in it, moved by
   * the exponent; then padded so the point falls between base-10000 digits.
   */
  all = g_string_new (int_digits->str);
  g_string_append (all, frac_digits->str);
  int_len = int_digits->len;
  if (exponent > 0)
    {
      while ((gint64) (all->len - int_len) < exponent)
        g_string_append_c (all, '0');
      int_len += exponent;
    }
  else if (exponent < 0)
    {
      while ((gint64) int_len < -exponent)
        {
          g_string_prepend_c (all, '0');
          int_len++;
        }
      int_len += exponent;
    }

  while (int_len % 4 != 0)
    {
      g_string_prepend_c (all, '0');
      int_len++;
    }
  while ((all->len - int_len) % 4 != 0)
    g_string_append_c (all, '0');

  groups = g_array_new (FALSE, FALSE, sizeof (gint16));
  for (gsize i = 0; i < all->len; i += 4)
    {
      gint16 digit = (gint16) ((all->str[i] - '0') * 1000 + (all->str[i + 1] - '0') * 100 +
                               (all->str[i + 2] - '0') * 10 + (all->str[i + 3] - '0'));
      g_array_append_val (groups, digit);
    }

  weight = (int) (int_len / 4) - 1;
  for (start = 0; start < groups->len && g_array_index (groups, gint16, start) == 0; start++)
    weight--;

  if (start == groups->len)
    {
      *hash = -1;
      return TRUE;
    }

  for (end = groups->len; end > start && g_array_index (groups, gint16, end - 1) == 0; end--)
    ;

  {
    g_autofree guint8 *bytes = g_new (guint8, (end - start) * 2);

    for (guint i = start; i < end; i++)
      {
        guint16 digit = (guint16) g_array_index (groups, gint16, i);

        bytes[(i - start) * 2] = (guint8) (digit & 0xff);
        bytes[(i - start) * 2 + 1] = (guint8) (digit >> 8);
      }

    *hash = (gint32) (sw_hash_bytes (bytes, (end - start) * 2) ^ (guint32) weight);
  }

  return TRUE;
}

static gboolean
parse_bool (const char *text,
            gboolean   *value)
{
  g_autofree char *copy = g_ascii_strdown (text, -1);
  gsize len;

  g_strstrip (copy);
  len = strlen (copy);
  if (len == 0)
    return FALSE;

  /* boolin() accepts any unique prefix of its words. */
  if (strncmp (copy, "true", len) == 0 || strncmp (copy, "yes", len) == 0 ||
      g_str_equal (copy, "on") || g_str_equal (copy, "1"))
    *value = TRUE;
  else if (strncmp (copy, "false", len) == 0 || strncmp (copy, "no", len) == 0 ||
           (len >= 2 && strncmp (copy, "off", len) == 0) || g_str_equal (copy, "0"))
    *value = FALSE;
  else
    return FALSE;

  return TRUE;
}

/**
 * sw_hash_value:
 * @type: the distribution column's type
 * @text: the value in PostgreSQL's text form (as a literal's content)
 * @hash: (out): the hash, as Citus reads it
 * @error: return location for a #GError
 *
 * Computes what the type's default hash function returns for the value. Enums
 * need a live database: use sw_hash_enum_label().
 *
 * Returns: %TRUE on success
 */
gboolean
sw_hash_value (SwHashType   type,
               const char  *text,
               gint32      *hash,
               GError     **error)
{
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  switch (type)
    {
    case SW_HASH_TYPE_INT2:
      if (!parse_integer (type, text, G_MININT16, G_MAXINT16, &value, error))
        return FALSE;
      *hash = sw_hash_int4 ((gint32) value);
      return TRUE;

    case SW_HASH_TYPE_INT4:
      if (!parse_integer (type, text, G_MININT32, G_MAXINT32, &value, error))
        return FALSE;
      *hash = sw_hash_int4 ((gint32) value);
      return TRUE;

    case SW_HASH_TYPE_INT8:
      if (!parse_integer (type, text, G_MININT64, G_MAXINT64, &value, error))
        return FALSE;
      *hash = sw_hash_int8 (value);
      return TRUE;

    case SW_HASH_TYPE_OID:
      if (!parse_integer (type, text, G_MININT32, G_MAXUINT32, &value, error))
        return FALSE;
      *hash = (gint32) sw_hash_uint32 ((guint32) value);
      return TRUE;

    case SW_HASH_TYPE_BOOL:
      {
        gboolean b;

        if (!parse_bool (text, &b))
          return invalid_value (error, type, text);
        *hash = (gint32) sw_hash_uint32 (b ? 1 : 0);
        return TRUE;
      }

    case SW_HASH_TYPE_TEXT:
      *hash = (gint32) sw_hash_bytes ((const guint8 *) text, strlen (text));
      return TRUE;

    case SW_HASH_TYPE_BPCHAR:
      {
        gsize len = strlen (text);

        /* bpchar compares, and so hashes, without its trailing blanks. */
        while (len > 0 && text[len - 1] == ' ')
          len--;
        *hash = (gint32) sw_hash_bytes ((const guint8 *) text, len);
        return TRUE;
      }

    case SW_HASH_TYPE_BYTEA:
      {
        g_autoptr(GByteArray) bytes = parse_bytea (text, error);

        if (bytes == NULL)
          return FALSE;
        *hash = (gint32) sw_hash_bytes (bytes->data, bytes->len);
        return TRUE;
      }

    case SW_HASH_TYPE_UUID:
      {
        guint8 uuid[16];

        if (!parse_uuid (text, uuid, error))
          return FALSE;
        *hash = (gint32) sw_hash_bytes (uuid, sizeof uuid);
        return TRUE;
      }

    case SW_HASH_TYPE_NUMERIC:
      return hash_numeric_text (text, hash, error);

    case SW_HASH_TYPE_DATE:
      if (!parse_datetime (type, text, &value, error))
        return FALSE;
      if (value < G_MININT32 || value > G_MAXINT32)
        return invalid_value (error, type, text);
      *hash = sw_hash_int4 ((gint32) value);
      return TRUE;

    case SW_HASH_TYPE_TIMESTAMP:
    case SW_HASH_TYPE_TIMESTAMPTZ:
      if (!parse_datetime (type, text, &value, error))
        return FALSE;
      *hash = sw_hash_int8 (value);
      return TRUE;

    case SW_HASH_TYPE_ENUM:
    default:
      g_set_error (error, SW_HASH_ERROR, SW_HASH_ERROR_UNSUPPORTED_TYPE,
                   _("Values of type %s can only be hashed through a live database"),
                   sw_hash_type_to_string (type));
      return FALSE;
    }
}

/**
 * sw_hash_enum_label:
 * @conn: a connection to the database that defines the enum
 * @type_name: the enum type, as a regtype text (`public.mood`)
 * @label: the label
 * @hash: (out): the hash
 * @error: return location for a #GError
 *
 * hashenum() hashes the label's pg_enum oid, which differs between databases,
 * so the oid is read from the database and hashed here.
 *
 * Returns: %TRUE on success
 */
gboolean
sw_hash_enum_label (PGconn      *conn,
                    const char  *type_name,
                    const char  *label,
                    gint32      *hash,
                    GError     **error)
{
  const char *params[2] = { type_name, label };
  g_autoptr(PGresult) res = NULL;
  guint64 oid;

  g_return_val_if_fail (conn != NULL, FALSE);

  res = PQexecParams (conn,
                      "SELECT e.oid FROM pg_catalog.pg_enum e "
                      "WHERE e.enumtypid = $1::pg_catalog.regtype AND e.enumlabel = $2",
                      2, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_set_error (error, SW_HASH_ERROR, SW_HASH_ERROR_QUERY,
                   _("Could not read the labels of %s: %s"), type_name,
                   PQerrorMessage (conn));
      return FALSE;
    }
  if (PQntuples (res) != 1)
    {
      g_set_error (error, SW_HASH_ERROR, SW_HASH_ERROR_INVALID_VALUE,
                   _("invalid input value for enum %s: “%s”"), type_name, label);
      return FALSE;
    }

  oid = g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  *hash = (gint32) sw_hash_uint32 ((guint32) oid);
  return TRUE;
}

/**
 * sw_hash_shard_index:
 * @hash: a hash value
 * @shard_count: the table's shard count
 *
 * The shard a hash falls in when the table has Citus's uniform ranges: the int32
 * space in @shard_count equal slices from INT32_MIN, the last one ending at
 * INT32_MAX (Citus's FindShardIntervalIndex for uniform distributions).
 *
 * Returns: the 0-based shard index
 */
guint
sw_hash_shard_index (gint32 hash,
                     guint  shard_count)
{
  guint64 increment;
  guint64 index;

  g_return_val_if_fail (shard_count > 0, 0);

  increment = HASH_TOKEN_COUNT / shard_count;
  index = ((guint64) ((gint64) hash - G_MININT32)) / increment;
  if (index >= shard_count)
    index = shard_count - 1;

  return (guint) index;
}

/**
 * sw_hash_shard_bounds:
 * @index: a 0-based shard index
 * @shard_count: the shard count
 * @min_value: (out) (optional): the first hash value of the shard
 * @max_value: (out) (optional): the last hash value of the shard
 *
 * The hash range create_distributed_table() gives shard @index.
 */
void
sw_hash_shard_bounds (guint   index,
                      guint   shard_count,
                      gint32 *min_value,
                      gint32 *max_value)
{
  gint64 increment;
  gint64 min;
  gint64 max;

  g_return_if_fail (shard_count > 0 && index < shard_count);

  increment = HASH_TOKEN_COUNT / shard_count;
  min = G_MININT32 + increment * index;
  max = index == shard_count - 1 ? G_MAXINT32 : min + increment - 1;

  if (min_value != NULL)
    *min_value = (gint32) min;
  if (max_value != NULL)
    *max_value = (gint32) max;
}

/**
 * sw_hash_find_shard:
 * @ranges: (array length=n_ranges): shard ranges sorted by @min_value, as
 *   pg_dist_shard holds them
 * @n_ranges: how many
 * @hash: the hash
 *
 * Returns: the index into @ranges of the shard holding @hash, or -1 when no
 *   range covers it
 */
int
sw_hash_find_shard (const SwShardRange *ranges,
                    guint               n_ranges,
                    gint32              hash)
{
  guint lo = 0;
  guint hi = n_ranges;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (hash < ranges[mid].min_value)
        hi = mid;
      else if (hash > ranges[mid].max_value)
        lo = mid + 1;
      else
        return (int) mid;
    }

  return -1;
}
