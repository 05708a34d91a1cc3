/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "rd-hopper.h"
#include "rd-rng.h"

/* RdHopper on a leadset in memory: time per rd_hopper_next() + record, one figure a line. */

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "phone-timezones.tsv", NULL);
  g_autoptr(RdPhoneZones) zones = rd_phone_zones_new_from_file (path, &error);
  g_autoptr(RdHopper) hopper = NULL;
  const char *prefixes[] = { "+1212", "+1312", "+1415", "+1303", "+7495", "+7343", "+4420" };
  guint n_leads = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  /* Wednesday 4 March 2026, 16:00 UTC: New York and Chicago inside 09-21, California not. */
  gint64 now = 1772640000;
  guint picks = 2000, found = 0;
  RdRng rng;
  gint64 t0;
  double us;

  if (zones == NULL)
    {
      g_printerr ("bench-hopper: %s\n", error->message);
      return 1;
    }
  hopper = rd_hopper_new (zones);
  rd_rng_init (&rng, 1, 0);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_leads; i++)
    {
      g_autofree char *number = g_strdup_printf ("%s%07u", prefixes[rd_rng_below (&rng, 7)], i);
      const char *phones[] = { number, NULL };
      RdLead lead = { 0 };

      lead.id = i + 1;
      lead.phones = (char **) phones;
      lead.priority = rd_rng_below (&rng, 5);
      rd_hopper_add_lead (hopper, &lead, NULL);
    }
  printf ("hopper_leads %u\n", n_leads);
  printf ("hopper_load_ms %.1f\n", (g_get_monotonic_time () - t0) / 1e3);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < picks; i++)
    {
      guint64 id = rd_hopper_next (hopper, now, NULL, NULL);

      if (id == 0)
        break;
      found++;
      rd_hopper_record_attempt (hopper, id, RD_ATTEMPT_NO_ANSWER, now, NULL);
      now += 1;
    }
  us = (g_get_monotonic_time () - t0) / (double) MAX (found, 1);
  printf ("hopper_next_us %.1f\n", us);
  printf ("hopper_next_per_s %.0f\n", 1e6 / us);
  return 0;
}
