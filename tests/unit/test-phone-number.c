/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-phone-number.h"

typedef struct {
  const char *text;
  const char *region;
  const char *e164;   /* NULL: does not parse */
} Case;

static void
test_e164_regions (void)
{
  const Case cases[] = {
    { "8 (999) 123-45-67", "RU", "+79991234567" },
    { "+7 999 123 45 67", "US", "+79991234567" },
    { "9991234567", "RU", "+79991234567" },
    { "8 800 555-35-35", "RU", "+78005553535" },
    { "8-495-123-45-67", "RU", "+74951234567" },
    { "8 10 49 30 12345678", "RU", "+493012345678" },   /* 810: the international prefix */
    { "(650) 253-0000", "US", "+16502530000" },
    { "1-650-253-0000", "US", "+16502530000" },
    { "020 7946 0018", "GB", "+442079460018" },
    { "+44 (0)20 7946 0018", "RU", "+442079460018" },
    { "030 12345678", "DE", "+493012345678" },
    { "0049 30 12345678", "DE", "+493012345678" },
    { "00 49 30 12345678", "GB", "+493012345678" },
    { "tel:+7-495-123-45-67", "RU", "+74951234567" },
    /* bad inputs */
    { "", "RU", NULL },
    { "hello", "RU", NULL },
    { "12", "RU", NULL },
    { "+999 123", "US", NULL },
    { "1234567890123456789012345", "DE", NULL },
    { "☎☎☎", "GB", NULL },
    { "\xff\xfe", "RU", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *e164 = rd_phone_number_to_e164 (cases[i].text, cases[i].region);

      if (g_utf8_validate (cases[i].text, -1, NULL))
        g_test_message ("%s in %s", cases[i].text, cases[i].region);
      g_assert_cmpstr (e164, ==, cases[i].e164);
    }

  g_assert_null (rd_phone_number_to_e164 (NULL, "RU"));
}

static void
test_format (void)
{
  g_autofree char *intl = rd_phone_number_format ("89991234567", "RU", RD_PHONE_FORMAT_INTERNATIONAL);
  g_autofree char *nat = rd_phone_number_format ("+79991234567", "RU", RD_PHONE_FORMAT_NATIONAL);
  g_autofree char *us = rd_phone_number_format ("+16502530000", "US", RD_PHONE_FORMAT_NATIONAL);
  g_autofree char *gb = rd_phone_number_format ("+442079460018", "GB", RD_PHONE_FORMAT_INTERNATIONAL);
  g_autofree char *bad = rd_phone_number_format ("abc", "RU", RD_PHONE_FORMAT_NATIONAL);

  g_assert_cmpstr (intl, ==, "+7 999 123-45-67");
  g_assert_cmpstr (nat, ==, "8 (999) 123-45-67");
  g_assert_cmpstr (us, ==, "(650) 253-0000");
  g_assert_cmpstr (gb, ==, "+44 20 7946 0018");
  g_assert_null (bad);
}

static void
test_region_and_validity (void)
{
  g_autofree char *ru = rd_phone_number_get_region ("+79991234567");
  g_autofree char *de = rd_phone_number_get_region ("+493012345678");
  g_autofree char *digits = rd_phone_number_digits ("+7 (999) 1-2");

  g_assert_cmpstr (ru, ==, "RU");
  g_assert_cmpstr (de, ==, "DE");
  g_assert_null (rd_phone_number_get_region ("nope"));
  g_assert_true (rd_phone_number_is_valid ("+16502530000", "US"));
  g_assert_false (rd_phone_number_is_valid ("+1 555 000 0000", "US"));
  g_assert_true (rd_phone_number_region_supported ("GB"));
  g_assert_false (rd_phone_number_region_supported ("XX"));
  g_assert_false (rd_phone_number_region_supported (NULL));
  g_assert_cmpstr (digits, ==, "799912");
}

/* The numbers: possible with RU as default, valid only for their own country. */
static void
test_valid_e164 (void)
{
  struct { const char *text, *region, *e164; } cases[] = {
    { "030 1234567", "DE", "+49301234567" },
    { "030 1234567", "RU", NULL },
    { "(212) 555-0100", "US", "+12125550100" },
    { "(212) 555-0100", "RU", NULL },
    { "8 (999) 123-45-67", "RU", "+79991234567" },   /* the RU fast path, then validated */
    { "8 (012) 345-67-89", "RU", NULL },
    { "+49 30 1234567", "RU", "+49301234567" },      /* a country code says its country */
    { "+1 555 000 0000", "US", NULL },
    { "not a number", "RU", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *e164 = rd_phone_number_to_valid_e164 (cases[i].text, cases[i].region);
      g_autofree char *possible = rd_phone_number_to_e164 (cases[i].text, cases[i].region);

      g_test_message ("%s in %s", cases[i].text, cases[i].region);
      g_assert_cmpstr (e164, ==, cases[i].e164);
      g_assert_cmpint (rd_phone_number_is_valid (cases[i].text, cases[i].region), ==, cases[i].e164 != NULL);
      if (e164 != NULL)
        g_assert_cmpstr (possible, ==, e164);
    }
  /* What the issue saw: parsing alone gives a +7 number for both. */
  {
    g_autofree char *de = rd_phone_number_to_e164 ("030 1234567", "RU");
    g_autofree char *us = rd_phone_number_to_e164 ("(212) 555-0100", "RU");

    g_assert_cmpstr (de, ==, "+70301234567");
    g_assert_cmpstr (us, ==, "+72125550100");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone-number/e164/regions", test_e164_regions);
  g_test_add_func ("/phone-number/format", test_format);
  g_test_add_func ("/phone-number/region-validity", test_region_and_validity);
  g_test_add_func ("/phone-number/valid-e164", test_valid_e164);

  return g_test_run ();
}
