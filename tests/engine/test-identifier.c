/* test-identifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-engine.h"

static void
test_quote_identifier (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "orders", "orders" },
    { "order_lines2", "order_lines2" },
    { "_private", "_private" },
    { "Orders", "\"Orders\"" },
    { "order lines", "\"order lines\"" },
    { "2fa", "\"2fa\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "ünïcode", "\"ünïcode\"" },
    { "", "\"\"" },
    /* Reserved and column-name keywords are quoted; unreserved ones are not. */
    { "select", "\"select\"" },
    { "user", "\"user\"" },
    { "order", "\"order\"" },
    { "between", "\"between\"" },
    { "name", "name" },
    { "data", "data" },
    { "text", "text" },
    { "comment", "comment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = sw_quote_identifier (cases[i].in);

      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

static void
test_qualified_names (void)
{
  g_autofree char *a = sw_quote_qualified_name ("public", "event_types");
  g_autofree char *b = sw_quote_qualified_name ("Odd Schema", "Order \"Lines\"");
  g_autofree char *schema = NULL;
  g_autofree char *name = NULL;

  g_assert_cmpstr (a, ==, "public.event_types");
  g_assert_cmpstr (b, ==, "\"Odd Schema\".\"Order \"\"Lines\"\"\"");

  /* Splitting undoes quoting, and folds unquoted names to lower case. */
  g_assert_true (sw_split_qualified_name (b, &schema, &name));
  g_assert_cmpstr (schema, ==, "Odd Schema");
  g_assert_cmpstr (name, ==, "Order \"Lines\"");
  g_clear_pointer (&schema, g_free);
  g_clear_pointer (&name, g_free);

  g_assert_true (sw_split_qualified_name ("Public.Events", &schema, &name));
  g_assert_cmpstr (schema, ==, "public");
  g_assert_cmpstr (name, ==, "events");
  g_clear_pointer (&schema, g_free);
  g_clear_pointer (&name, g_free);

  g_assert_true (sw_split_qualified_name ("events", &schema, &name));
  g_assert_null (schema);
  g_assert_cmpstr (name, ==, "events");
  g_clear_pointer (&name, g_free);

  g_assert_false (sw_split_qualified_name ("a.", NULL, NULL));
  g_assert_false (sw_split_qualified_name ("\"unterminated", NULL, NULL));
  g_assert_false (sw_split_qualified_name ("a.b.c", NULL, NULL));
}

static void
test_quote_literal (void)
{
  g_autofree char *a = sw_quote_literal ("it's");
  g_autofree char *b = sw_quote_literal ("back\\slash");

  g_assert_cmpstr (a, ==, "'it''s'");
  g_assert_cmpstr (b, ==, "E'back\\\\slash'");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sw/Identifier/quote", test_quote_identifier);
  g_test_add_func ("/Sw/Identifier/qualified", test_qualified_names);
  g_test_add_func ("/Sw/Identifier/literal", test_quote_literal);

  return g_test_run ();
}
