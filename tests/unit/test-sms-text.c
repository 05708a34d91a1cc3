/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-sms-text.h"
#include "rd-template.h"

/* GSM-7 or UCS-2, and how many segments a text takes (rd-sms-text.c); {field} templates
 * (rd-template.c). */

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
assert_count (const char    *text,
              RdSmsEncoding  encoding,
              guint          units,
              guint          segments,
              guint          remaining)
{
  RdSmsCount count;

  rd_sms_count (text, &count);
  g_assert_cmpint (count.encoding, ==, encoding);
  g_assert_cmpuint (count.units, ==, units);
  g_assert_cmpuint (count.segments, ==, segments);
  g_assert_cmpuint (count.remaining, ==, remaining);
}

static void
test_gsm7_boundaries (void)
{
  g_autofree char *t160 = repeat ("a", 160);
  g_autofree char *t161 = repeat ("a", 161);
  g_autofree char *t306 = repeat ("a", 306);
  g_autofree char *t307 = repeat ("a", 307);

  assert_count ("", RD_SMS_ENCODING_GSM7, 0, 1, 160);
  assert_count (NULL, RD_SMS_ENCODING_GSM7, 0, 1, 160);
  assert_count ("Hello, Anna! @ $ _ £ é Ø Δ", RD_SMS_ENCODING_GSM7, 26, 1, 134);
  assert_count (t160, RD_SMS_ENCODING_GSM7, 160, 1, 0);
  assert_count (t161, RD_SMS_ENCODING_GSM7, 161, 2, 145);
  assert_count (t306, RD_SMS_ENCODING_GSM7, 306, 2, 0);
  assert_count (t307, RD_SMS_ENCODING_GSM7, 307, 3, 152);
}

static void
test_gsm7_extension (void)
{
  g_autofree char *euros80 = repeat ("€", 80);
  g_autofree char *mixed = NULL;
  g_autofree char *a159 = repeat ("a", 159);

  /* The extension table counts double. */
  assert_count ("{}[]~|^\\€", RD_SMS_ENCODING_GSM7, 18, 1, 142);
  assert_count (euros80, RD_SMS_ENCODING_GSM7, 160, 1, 0);
  mixed = g_strconcat (a159, "€", NULL);
  assert_count (mixed, RD_SMS_ENCODING_GSM7, 161, 2, 145);
  g_assert_true (rd_sms_char_is_gsm7 ('['));
  g_assert_false (rd_sms_char_is_gsm7 ('`'));
}

static void
test_ucs2 (void)
{
  g_autofree char *cyr70 = repeat ("я", 70);
  g_autofree char *cyr71 = repeat ("я", 71);
  g_autofree char *cyr134 = repeat ("я", 134);
  g_autofree char *cyr135 = repeat ("я", 135);

  assert_count ("Привет, Анна!", RD_SMS_ENCODING_UCS2, 13, 1, 57);
  assert_count (cyr70, RD_SMS_ENCODING_UCS2, 70, 1, 0);
  assert_count (cyr71, RD_SMS_ENCODING_UCS2, 71, 2, 63);
  assert_count (cyr134, RD_SMS_ENCODING_UCS2, 134, 2, 0);
  assert_count (cyr135, RD_SMS_ENCODING_UCS2, 135, 3, 66);
  /* One character outside GSM-7 turns the whole text into UCS-2; a backtick is nowhere. */
  assert_count ("Hello `x`", RD_SMS_ENCODING_UCS2, 9, 1, 61);
  /* Outside the BMP: a surrogate pair, two units. */
  assert_count ("ok 😀", RD_SMS_ENCODING_UCS2, 5, 1, 65);
  g_assert_cmpstr (rd_sms_encoding_to_string (RD_SMS_ENCODING_UCS2), ==, "ucs2");
}

static void
test_template (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  JsonObject *fields;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"first_name\": \"Anna\", \"last_name\": null, \"amount\": 42,"
    " \"extra\": {\"city\": \"Kazan\"}}", -1, NULL));
  fields = json_node_get_object (json_parser_get_root (parser));

  a = rd_template_fill ("Hello {first_name}{last_name}, {amount} in {city}. {nick} {} {", fields);
  g_assert_cmpstr (a, ==, "Hello Anna, 42 in Kazan. {nick} {} {");
  b = rd_template_fill ("{extra}", fields);
  g_assert_cmpstr (b, ==, "{extra}");
  c = rd_template_fill ("Здравствуйте, {first_name}!", NULL);
  g_assert_cmpstr (c, ==, "Здравствуйте, {first_name}!");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sms/count/gsm7", test_gsm7_boundaries);
  g_test_add_func ("/sms/count/gsm7-extension", test_gsm7_extension);
  g_test_add_func ("/sms/count/ucs2", test_ucs2);
  g_test_add_func ("/template/fill", test_template);
  return g_test_run ();
}
