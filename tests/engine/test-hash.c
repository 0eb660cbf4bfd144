/* test-hash.c
 *
 * Citus-compatible hashing against every row Citus 13.2.2 itself produced
 * (tests/data/hash-vectors/vectors.tsv), and the corner cases around it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"
#include "sw-hash.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
test_hash_vectors (void)
{
  g_autofree char *path = data_path ("hash-vectors/vectors.tsv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;
  GHashTable *types_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "type\tshard_count\tvalue\tshard_index\tshard_min\tshard_max");

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      SwHashType type;
      gint32 hash = 0;
      guint shard_count, expected_index, index;
      gint32 min_value, max_value;

      if (lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 6);

      g_assert_true (sw_hash_type_from_name (fields[0], &type));
      g_hash_table_add (types_seen, g_strdup (fields[0]));
      shard_count = (guint) g_ascii_strtoull (fields[1], NULL, 10);
      expected_index = (guint) g_ascii_strtoull (fields[3], NULL, 10);

      sw_hash_value (type, fields[2], &hash, &error);
      g_assert_no_error (error);

      index = sw_hash_shard_index (hash, shard_count);
      if (index != expected_index)
        g_error ("line %u: %s %s: shard %u, Citus says %u", i + 1, fields[0], fields[2],
                 index, expected_index);

      sw_hash_shard_bounds (index, shard_count, &min_value, &max_value);
      g_assert_cmpint (min_value, ==, (gint32) g_ascii_strtoll (fields[4], NULL, 10));
      g_assert_cmpint (max_value, ==, (gint32) g_ascii_strtoll (fields[5], NULL, 10));
      g_assert_cmpint (hash, >=, min_value);
      g_assert_cmpint (hash, <=, max_value);
      checked++;
    }

  /* Every row of the file, and every type it holds. */
  g_assert_cmpuint (checked, ==, 1267);
  g_assert_cmpuint (g_hash_table_size (types_seen), ==, 8);
  g_test_message ("%u of %u vectors agree with Citus", checked, checked);
  g_hash_table_unref (types_seen);
}

/* Values whose hashes PostgreSQL 15 printed (SELECT hashint8(…) etc.), for the
 * types the vectors do not cover.
 */
static void
test_hash_known_values (void)
{
  static const struct { SwHashType type; const char *text; gint32 hash; } printed[] = {
    /* SELECT hashchar(1::"char"), hashbpchar('ab   '), hashtext('abc'),
     * timestamp_hash('2021-03-04 05:06:07.123456'),
     * timestamp_hash('2021-03-04 05:06:07.5+05:30'::timestamptz AT TIME ZONE 'UTC'),
     * hashoid(4000000000), hash_numeric(-1.5), hash_numeric(1.5) on PostgreSQL 15.
     */
    { SW_HASH_TYPE_BOOL, "true", -1905060026 },
    { SW_HASH_TYPE_BPCHAR, "ab   ", 1718550461 },
    { SW_HASH_TYPE_BYTEA, "\\x616263", -785388649 },
    { SW_HASH_TYPE_TIMESTAMP, "2021-03-04 05:06:07.123456", -1934301042 },
    { SW_HASH_TYPE_TIMESTAMPTZ, "2021-03-04 05:06:07.5+05:30", 1374649253 },
    { SW_HASH_TYPE_TIMESTAMPTZ, "2021-03-03T23:36:07.5Z", 1374649253 },
    { SW_HASH_TYPE_OID, "4000000000", -739285521 },
    { SW_HASH_TYPE_NUMERIC, "-1.5", 692967894 },
    { SW_HASH_TYPE_NUMERIC, "1.5", 692967894 },
  };
  g_autoptr(GError) error = NULL;
  gint32 hash;

  for (guint i = 0; i < G_N_ELEMENTS (printed); i++)
    {
      g_assert_true (sw_hash_value (printed[i].type, printed[i].text, &hash, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hash, ==, printed[i].hash);
    }

  /* hashint8 folds a small bigint to the int4 hash: cross-type joins rely on it. */
  g_assert_cmpint (sw_hash_int8 (42), ==, sw_hash_int4 (42));
  g_assert_cmpint (sw_hash_int8 (-42), ==, sw_hash_int4 (-42));
  g_assert_cmpint (sw_hash_int8 (G_GINT64_CONSTANT (5000000000)), !=,
                   sw_hash_int4 ((gint32) G_GINT64_CONSTANT (5000000000)));

  /* Numeric ignores scale and trailing zeros. */
  g_assert_true (sw_hash_value (SW_HASH_TYPE_NUMERIC, "1.5", &hash, &error));
  {
    gint32 other;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_NUMERIC, "1.50000", &other, &error));
    g_assert_cmpint (hash, ==, other);
    g_assert_true (sw_hash_value (SW_HASH_TYPE_NUMERIC, "15e-1", &other, &error));
    g_assert_cmpint (hash, ==, other);
    g_assert_true (sw_hash_value (SW_HASH_TYPE_NUMERIC, "0.00", &other, &error));
    g_assert_cmpint (other, ==, -1);
    g_assert_true (sw_hash_value (SW_HASH_TYPE_NUMERIC, "NaN", &other, &error));
    g_assert_cmpint (other, ==, 0);
  }

  /* char(n) ignores trailing blanks; text does not. */
  {
    gint32 a, b, c;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_BPCHAR, "ab   ", &a, &error));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_BPCHAR, "ab", &b, &error));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_TEXT, "ab   ", &c, &error));
    g_assert_cmpint (a, ==, b);
    g_assert_cmpint (a, !=, c);
  }

  /* uuid: hyphens and braces are only spelling. */
  {
    gint32 a, b;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_UUID, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", &a, &error));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11", &b, &error));
    g_assert_cmpint (a, ==, b);
  }

  /* bytea: hex and escape forms of the same bytes; text of the same bytes too. */
  {
    gint32 a, b, c;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_BYTEA, "\\x616263", &a, &error));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_BYTEA, "ab\\143", &b, &error));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_TEXT, "abc", &c, &error));
    g_assert_cmpint (a, ==, b);
    g_assert_cmpint (a, ==, c);
  }

  /* A date is its day number; a timestamp at midnight is that day in µs. */
  {
    gint32 a, b, c;

    g_assert_true (sw_hash_value (SW_HASH_TYPE_DATE, "2000-01-02", &a, &error));
    g_assert_cmpint (a, ==, sw_hash_int4 (1));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_TIMESTAMP, "2000-01-02 00:00:00", &b, &error));
    g_assert_cmpint (b, ==, sw_hash_int8 (G_GINT64_CONSTANT (86400000000)));
    g_assert_true (sw_hash_value (SW_HASH_TYPE_TIMESTAMPTZ, "2000-01-02 02:00:00+02", &c, &error));
    g_assert_cmpint (c, ==, b);
    g_assert_true (sw_hash_value (SW_HASH_TYPE_TIMESTAMP, "2000-01-01 00:00:00.0000015", &c, &error));
    g_assert_cmpint (c, ==, sw_hash_int8 (2));
  }

  /* bool hashes as hashchar of 0 or 1. */
  g_assert_true (sw_hash_value (SW_HASH_TYPE_BOOL, "t", &hash, &error));
  g_assert_cmpint (hash, ==, sw_hash_int4 (1));
  g_assert_true (sw_hash_value (SW_HASH_TYPE_BOOL, "off", &hash, &error));
  g_assert_cmpint (hash, ==, sw_hash_int4 (0));
  g_assert_no_error (error);
}

static void
test_hash_bad_input (void)
{
  static const struct { SwHashType type; const char *text; } bad[] = {
    { SW_HASH_TYPE_INT2, "40000" },
    { SW_HASH_TYPE_INT4, "12abc" },
    { SW_HASH_TYPE_INT8, "" },
    { SW_HASH_TYPE_UUID, "not-a-uuid" },
    { SW_HASH_TYPE_UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1" },
    { SW_HASH_TYPE_NUMERIC, "1.2.3" },
    { SW_HASH_TYPE_NUMERIC, "" },
    { SW_HASH_TYPE_DATE, "2021-02-29" },
    { SW_HASH_TYPE_DATE, "yesterday-ish" },
    { SW_HASH_TYPE_TIMESTAMP, "2021-01-01 25:00" },
    { SW_HASH_TYPE_BOOL, "maybe" },
    { SW_HASH_TYPE_BYTEA, "\\xzz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint32 hash;

      g_assert_false (sw_hash_value (bad[i].type, bad[i].text, &hash, &error));
      g_assert_error (error, SW_HASH_ERROR, SW_HASH_ERROR_INVALID_VALUE);
    }

  {
    g_autoptr(GError) error = NULL;
    gint32 hash;

    g_assert_false (sw_hash_value (SW_HASH_TYPE_ENUM, "happy", &hash, &error));
    g_assert_error (error, SW_HASH_ERROR, SW_HASH_ERROR_UNSUPPORTED_TYPE);
  }
}

static void
test_hash_type_names (void)
{
  SwHashType type;

  g_assert_true (sw_hash_type_from_name ("character varying(20)", &type));
  g_assert_cmpint (type, ==, SW_HASH_TYPE_TEXT);
  g_assert_true (sw_hash_type_from_name ("timestamp(3) with time zone", &type));
  g_assert_cmpint (type, ==, SW_HASH_TYPE_TIMESTAMPTZ);
  g_assert_true (sw_hash_type_from_name ("character(5)", &type));
  g_assert_cmpint (type, ==, SW_HASH_TYPE_BPCHAR);
  g_assert_true (sw_hash_type_from_name ("bigint", &type));
  g_assert_cmpint (type, ==, SW_HASH_TYPE_INT8);
  g_assert_false (sw_hash_type_from_name ("jsonb", &type));
  g_assert_false (sw_hash_type_from_name (NULL, &type));
}

static void
test_hash_shard_ranges (void)
{
  SwShardRange ranges[4];

  /* Uniform ranges cover the whole space without gaps. */
  for (guint count = 1; count <= 70; count++)
    {
      gint64 expected_min = G_MININT32;

      for (guint i = 0; i < count; i++)
        {
          gint32 min_value, max_value;

          sw_hash_shard_bounds (i, count, &min_value, &max_value);
          g_assert_cmpint (min_value, ==, expected_min);
          g_assert_cmpuint (sw_hash_shard_index (min_value, count), ==, i);
          g_assert_cmpuint (sw_hash_shard_index (max_value, count), ==, i);
          expected_min = (gint64) max_value + 1;
        }
      g_assert_cmpint (expected_min, ==, (gint64) G_MAXINT32 + 1);
    }

  for (guint i = 0; i < 4; i++)
    {
      ranges[i].shard_id = 102008 + i;
      sw_hash_shard_bounds (i, 4, &ranges[i].min_value, &ranges[i].max_value);
    }
  g_assert_cmpint (sw_hash_find_shard (ranges, 4, G_MININT32), ==, 0);
  g_assert_cmpint (sw_hash_find_shard (ranges, 4, -1), ==, 1);
  g_assert_cmpint (sw_hash_find_shard (ranges, 4, 0), ==, 2);
  g_assert_cmpint (sw_hash_find_shard (ranges, 4, G_MAXINT32), ==, 3);
  /* A gap (a split shard being moved, say) is reported, not guessed. */
  ranges[2].min_value = 10;
  g_assert_cmpint (sw_hash_find_shard (ranges, 4, 5), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Hash/vectors", test_hash_vectors);
  g_test_add_func ("/Sw/Hash/known-values", test_hash_known_values);
  g_test_add_func ("/Sw/Hash/bad-input", test_hash_bad_input);
  g_test_add_func ("/Sw/Hash/type-names", test_hash_type_names);
  g_test_add_func ("/Sw/Hash/shard-ranges", test_hash_shard_ranges);

  return g_test_run ();
}
