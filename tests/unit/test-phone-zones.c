/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "rd-phone-zones.h"

typedef struct {
  RdPhoneZones *zones;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "phone-timezones.tsv", NULL);

  fixture->zones = rd_phone_zones_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->zones);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->zones);
}

#define assert_zone(zones, number, zone) \
  g_assert_cmpstr (rd_phone_zones_lookup ((zones), (number)), ==, (zone))

static void
test_zones_us (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+12125551234", "America/New_York");
  assert_zone (f->zones, "+13125551234", "America/Chicago");
  assert_zone (f->zones, "+13035551234", "America/Denver");
  assert_zone (f->zones, "+16025551234", "America/Phoenix");
  assert_zone (f->zones, "+14155551234", "America/Los_Angeles");
  assert_zone (f->zones, "+19075551234", "America/Anchorage");
  assert_zone (f->zones, "+18085551234", "Pacific/Honolulu");
  /* Texas is Central except El Paso. */
  assert_zone (f->zones, "+17135551234", "America/Chicago");
  assert_zone (f->zones, "+19155551234", "America/Denver");
}

static void
test_zones_ca (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+1 604 555 1234", "America/Vancouver");
  assert_zone (f->zones, "+14035551234", "America/Edmonton");
  assert_zone (f->zones, "+13065551234", "America/Regina");
  assert_zone (f->zones, "+12045551234", "America/Winnipeg");
  assert_zone (f->zones, "+14165551234", "America/Toronto");
  assert_zone (f->zones, "+15145551234", "America/Toronto");
  assert_zone (f->zones, "+19025551234", "America/Halifax");
  assert_zone (f->zones, "+17095551234", "America/St_Johns");
}

static void
test_zones_ru (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+74951234567", "Europe/Moscow");
  assert_zone (f->zones, "+78121234567", "Europe/Moscow");
  assert_zone (f->zones, "+74012123456", "Europe/Kaliningrad");
  assert_zone (f->zones, "+78462123456", "Europe/Samara");
  assert_zone (f->zones, "+73432123456", "Asia/Yekaterinburg");
  assert_zone (f->zones, "+73832123456", "Asia/Novosibirsk");
  assert_zone (f->zones, "+73912123456", "Asia/Krasnoyarsk");
  assert_zone (f->zones, "+73952123456", "Asia/Irkutsk");
  assert_zone (f->zones, "+74232123456", "Asia/Vladivostok");
  assert_zone (f->zones, "+74152123456", "Asia/Kamchatka");
  /* Mobile (DEF) codes say nothing about the region. */
  g_assert_null (rd_phone_zones_lookup (f->zones, "+79161234567"));
}

static void
test_zones_kz (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+77272123456", "Asia/Almaty");
  assert_zone (f->zones, "+77012345678", "Asia/Almaty");
  assert_zone (f->zones, "+77122123456", "Asia/Atyrau");
  assert_zone (f->zones, "+77132123456", "Asia/Aqtobe");
}

static void
test_zones_au (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+61291234567", "Australia/Sydney");
  assert_zone (f->zones, "+61391234567", "Australia/Melbourne");
  assert_zone (f->zones, "+61731234567", "Australia/Brisbane");
  assert_zone (f->zones, "+61882123456", "Australia/Adelaide");
  assert_zone (f->zones, "+61889123456", "Australia/Darwin");
  assert_zone (f->zones, "+61892123456", "Australia/Perth");
}

static void
test_zones_br (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+5511912345678", "America/Sao_Paulo");
  assert_zone (f->zones, "+5592912345678", "America/Manaus");
  assert_zone (f->zones, "+5568912345678", "America/Rio_Branco");
  assert_zone (f->zones, "+5581912345678", "America/Recife");
}

static void
test_zones_mx (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+525512345678", "America/Mexico_City");
  assert_zone (f->zones, "+526641234567", "America/Tijuana");
  assert_zone (f->zones, "+526621234567", "America/Hermosillo");
  assert_zone (f->zones, "+529981234567", "America/Cancun");
}

static void
test_zones_id (Fixture       *f,
               gconstpointer  data)
{
  assert_zone (f->zones, "+62211234567", "Asia/Jakarta");
  assert_zone (f->zones, "+62361123456", "Asia/Makassar");
  assert_zone (f->zones, "+62967123456", "Asia/Jayapura");
}

static void
test_zones_single_and_longest (Fixture       *f,
                               gconstpointer  data)
{
  assert_zone (f->zones, "+442071234567", "Europe/London");
  assert_zone (f->zones, "+4930123456", "Europe/Berlin");
  /* Longest prefix wins: the Canaries inside Spain, the Azores inside Portugal. */
  assert_zone (f->zones, "+34912345678", "Europe/Madrid");
  assert_zone (f->zones, "+34928123456", "Atlantic/Canary");
  assert_zone (f->zones, "+351296123456", "Atlantic/Azores");
  g_assert_null (rd_phone_zones_lookup (f->zones, "+999123"));
  g_assert_null (rd_phone_zones_lookup (f->zones, ""));
}

static void
test_zones_all_valid (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "phone-timezones.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  /* Every zone named in the table exists in the system's tzdata. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
      GTimeZone *tz;

      if (lines[i][0] == '#' || g_strv_length (fields) < 2)
        continue;
      tz = g_time_zone_new_identifier (fields[1]);
      if (tz == NULL)
        g_error ("unknown zone %s on line %u", fields[1], i + 1);
      g_time_zone_unref (tz);
      checked++;
    }
  g_assert_cmpuint (checked, ==, rd_phone_zones_get_size (f->zones));
  g_assert_cmpuint (checked, >, 500);
}

static void
test_zones_parse_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdPhoneZones) ok = rd_phone_zones_new_from_data ("# c\n1\tAmerica/New_York\n\n", &error);
  RdPhoneZones *bad = rd_phone_zones_new_from_data ("1\tAmerica/New_York\n12x\tEurope/Paris\n", &error);

  g_assert_nonnull (ok);
  g_assert_null (bad);
  g_assert_error (error, RD_PHONE_ZONES_ERROR, RD_PHONE_ZONES_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Line 2"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/phone-zones/us", test_zones_us);
  ADD ("/phone-zones/ca", test_zones_ca);
  ADD ("/phone-zones/ru", test_zones_ru);
  ADD ("/phone-zones/kz", test_zones_kz);
  ADD ("/phone-zones/au", test_zones_au);
  ADD ("/phone-zones/br", test_zones_br);
  ADD ("/phone-zones/mx", test_zones_mx);
  ADD ("/phone-zones/id", test_zones_id);
  ADD ("/phone-zones/single-and-longest", test_zones_single_and_longest);
  ADD ("/phone-zones/all-valid", test_zones_all_valid);
#undef ADD
  g_test_add_func ("/phone-zones/parse-error", test_zones_parse_error);

  return g_test_run ();
}
