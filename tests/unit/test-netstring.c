/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-netstring.h"

static void
test_netstring_append (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  rd_netstring_append (out, "hello", 5);
  rd_netstring_append (out, "", 0);
  rd_netstring_append (out, "{\"a\":1}", 7);
  g_assert_cmpstr (out->str, ==, "5:hello,0:,7:{\"a\":1},");
}

static void
test_netstring_roundtrip_split (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(RdNetstringReader) reader = rd_netstring_reader_new ();
  const char *messages[] = { "one", "", "three with spaces", "ünïcode", "x" };
  guint got = 0;

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    rd_netstring_append (out, messages[i], strlen (messages[i]));

  /* Feed one byte at a time: every split point must work. */
  for (gsize i = 0; i < out->len; i++)
    {
      GBytes *bytes;
      g_autoptr(GError) error = NULL;

      rd_netstring_reader_feed (reader, out->str + i, 1);
      while ((bytes = rd_netstring_reader_next (reader, &error)) != NULL)
        {
          g_assert_cmpuint (got, <, G_N_ELEMENTS (messages));
          g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, messages[got]);
          g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (messages[got]));
          got++;
          g_bytes_unref (bytes);
        }
      g_assert_no_error (error);
    }
  g_assert_cmpuint (got, ==, G_N_ELEMENTS (messages));
}

static void
test_netstring_joined (void)
{
  g_autoptr(RdNetstringReader) reader = rd_netstring_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) c = NULL;
  const char *data = "3:abc,2:de,1:";

  rd_netstring_reader_feed (reader, data, strlen (data));
  a = rd_netstring_reader_next (reader, &error);
  b = rd_netstring_reader_next (reader, &error);
  c = rd_netstring_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (a, NULL), ==, "abc");
  g_assert_cmpstr (g_bytes_get_data (b, NULL), ==, "de");
  g_assert_null (c);

  rd_netstring_reader_feed (reader, "f,", 2);
  c = rd_netstring_reader_next (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (c, NULL), ==, "f");
}

static void
check_malformed (const char       *input,
                 RdNetstringError  code)
{
  g_autoptr(RdNetstringReader) reader = rd_netstring_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  GBytes *bytes;

  rd_netstring_reader_feed (reader, input, strlen (input));
  bytes = rd_netstring_reader_next (reader, &error);
  g_assert_null (bytes);
  g_assert_error (error, RD_NETSTRING_ERROR, (int) code);

  /* A broken stream stays broken rather than guessing a resync point. */
  rd_netstring_reader_feed (reader, "1:a,", 4);
  bytes = rd_netstring_reader_next (reader, &again);
  g_assert_null (bytes);
  g_assert_error (again, RD_NETSTRING_ERROR, RD_NETSTRING_ERROR_MALFORMED);
}

static void
test_netstring_malformed (void)
{
  check_malformed ("x:abc,", RD_NETSTRING_ERROR_MALFORMED);
  check_malformed (":abc,", RD_NETSTRING_ERROR_MALFORMED);
  check_malformed ("3:abcd", RD_NETSTRING_ERROR_MALFORMED);
  check_malformed ("03:abc,", RD_NETSTRING_ERROR_MALFORMED);
  check_malformed ("99999999999:", RD_NETSTRING_ERROR_TOO_LONG);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/netstring/append", test_netstring_append);
  g_test_add_func ("/netstring/roundtrip-split", test_netstring_roundtrip_split);
  g_test_add_func ("/netstring/joined", test_netstring_joined);
  g_test_add_func ("/netstring/malformed", test_netstring_malformed);

  return g_test_run ();
}
