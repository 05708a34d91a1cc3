/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "rd-hopper.h"

typedef struct {
  RdPhoneZones *zones;
  RdHopper     *hopper;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "phone-timezones.tsv", NULL);

  f->zones = rd_phone_zones_new_from_file (path, &error);
  g_assert_no_error (error);
  f->hopper = rd_hopper_new (f->zones);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->hopper);
  g_assert_finalize_object (f->zones);
}

static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
add_lead (RdHopper   *hopper,
          guint64     id,
          const char *phone,
          const char *second_phone,
          int         priority,
          const char *zone)
{
  g_autoptr(GError) error = NULL;
  const char *phones[] = { phone, second_phone, NULL };
  RdLead lead = { 0 };

  lead.id = id;
  lead.phones = (char **) phones;
  lead.priority = priority;
  lead.time_zone = (char *) zone;
  g_assert_true (rd_hopper_add_lead (hopper, &lead, &error));
  g_assert_no_error (error);
}

/* Wednesday 4 March 2026, 15:00 UTC: 10:00 in New York, 07:00 in Los Angeles. */
#define WED_1500 "2026-03-04T15:00:00Z"

static void
test_window_time_zones (Fixture       *f,
                        gconstpointer  data)
{
  add_lead (f->hopper, 1, "+14155550001", NULL, 10, NULL);  /* San Francisco, higher priority */
  add_lead (f->hopper, 2, "+12125550002", NULL, 0, NULL);   /* New York */

  g_assert_cmpstr (rd_hopper_lead_time_zone (f->hopper, 1), ==, "America/Los_Angeles");
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, at (WED_1500), NULL));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 2, at (WED_1500), NULL));
  /* 21:00 local is outside: 02:00 UTC next day is 21:00 in New York. */
  g_assert_false (rd_hopper_is_eligible (f->hopper, 2, at ("2026-03-05T02:00:00Z"), NULL));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 2, at ("2026-03-05T01:59:00Z"), NULL));
  g_assert_cmpuint (rd_hopper_next (f->hopper, at (WED_1500), NULL, NULL), ==, 2);

  /* 17:30 UTC is 09:30 in California: the higher priority lead now goes first. */
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-04T17:30:00Z"), NULL));
  g_assert_cmpuint (rd_hopper_next (f->hopper, at ("2026-03-04T17:30:00Z"), NULL, NULL), ==, 1);

}

static void
test_window_dst (Fixture       *f,
                 gconstpointer  data)
{
  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);

  /* US clocks go forward on Sunday 8 March 2026: 13:30 UTC is 08:30 EST before,
   * 09:30 EDT after. */
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-07T13:30:00Z"), NULL));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-09T13:30:00Z"), NULL));
  /* and the evening end moves too: 01:30 UTC is 20:30 EST, but 21:30 EDT. */
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-07T01:30:00Z"), NULL));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-10T01:30:00Z"), NULL));

  /* A new window applies at once (the answer per zone and minute is cached). */
  rd_hopper_set_calling_window (f->hopper, 10 * 60, 21 * 60, 0x7f);
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-09T13:30:00Z"), NULL));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-09T14:00:00Z"), NULL));
}

static void
test_window_weekdays_and_own_zone (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rd_hopper_set_calling_window (f->hopper, 10 * 60, 18 * 60, 0x1f);  /* Mon-Fri 10-18 */
  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);
  /* The lead's own zone wins over its number's. */
  add_lead (f->hopper, 2, "+12125550002", NULL, 0, "Asia/Tokyo");
  /* A Russian mobile has no known zone: not called until the campaign has a default. */
  add_lead (f->hopper, 3, "+79161234567", NULL, 0, NULL);

  g_assert_cmpstr (rd_hopper_lead_time_zone (f->hopper, 2), ==, "Asia/Tokyo");
  /* Wed 15:00 UTC: New York 10:00 (in), Tokyo Thu 00:00 (out), Moscow 18:00 (out). */
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, at (WED_1500), NULL));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 2, at (WED_1500), NULL));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 3, at ("2026-03-04T08:00:00Z"), NULL));
  g_assert_true (rd_hopper_set_default_time_zone (f->hopper, "Europe/Moscow", &error));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 3, at ("2026-03-04T08:00:00Z"), NULL));
  g_assert_false (rd_hopper_set_default_time_zone (f->hopper, "Mars/Olympus", &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_TIME_ZONE);

  /* Saturday 7 March, 15:00 UTC: 10:00 in New York, but not a working day. */
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, at ("2026-03-07T15:00:00Z"), NULL));
}

static void
test_dnc (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GHashTable) global = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = at (WED_1500);
  const char *number = NULL;

  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);
  add_lead (f->hopper, 2, "+12125550002", "+12125550022", 0, NULL);
  add_lead (f->hopper, 3, "+12125550003", NULL, 0, NULL);
  add_lead (f->hopper, 4, "+12125550003", NULL, 0, NULL);  /* same person, other leadset */

  rd_hopper_add_dnc (f->hopper, "+12125550001");
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, now, NULL));

  /* The global list is shared: numbers added later count too. */
  rd_hopper_set_global_dnc (f->hopper, global);
  g_hash_table_add (global, g_strdup ("+12125550002"));
  g_assert_true (rd_hopper_is_dnc (f->hopper, "+12125550002"));
  /* Lead 2 still has a second number. */
  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, &number), ==, 2);
  g_assert_cmpstr (number, ==, "+12125550022");

  /* The "dnc" disposition lists the dialled number and closes the lead. */
  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, &number), ==, 3);
  g_assert_true (rd_hopper_record_attempt (f->hopper, 3, RD_ATTEMPT_ANSWERED, now, &error));
  g_assert_true (rd_hopper_dispose (f->hopper, 3, "dnc", 0, NULL, now, &error));
  g_assert_no_error (error);
  g_assert_true (rd_hopper_get_lead (f->hopper, 3)->closed);
  g_assert_true (rd_hopper_is_dnc (f->hopper, "+12125550003"));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 4, now, NULL));
  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, NULL), ==, 0);
}

static void
test_recycle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = at (WED_1500);
  const struct { RdAttemptOutcome outcome; gint64 delay; } cases[] = {
    { RD_ATTEMPT_BUSY, 600 },
    { RD_ATTEMPT_NO_ANSWER, 3600 },
    { RD_ATTEMPT_FAILED, 1800 },
    { RD_ATTEMPT_MACHINE, 4 * 3600 },
  };

  rd_hopper_set_max_attempts (f->hopper, 10);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    add_lead (f->hopper, i + 1, "+12125550001", NULL, 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 id = i + 1;

      g_assert_true (rd_hopper_record_attempt (f->hopper, id, cases[i].outcome, now, &error));
      g_assert_no_error (error);
      g_assert_false (rd_hopper_is_eligible (f->hopper, id, now + cases[i].delay - 1, NULL));
      g_assert_true (rd_hopper_is_eligible (f->hopper, id, now + cases[i].delay, NULL));
      g_assert_cmpint (rd_hopper_get_lead (f->hopper, id)->last_outcome, ==, cases[i].outcome);
    }

  /* Configurable. */
  rd_hopper_set_recycle_delay (f->hopper, RD_ATTEMPT_BUSY, 60);
  g_assert_true (rd_hopper_record_attempt (f->hopper, 1, RD_ATTEMPT_BUSY, now, &error));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, now + 60, NULL));

  g_assert_false (rd_hopper_record_attempt (f->hopper, 99, RD_ATTEMPT_BUSY, now, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_LEAD);
}

static void
test_callbacks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = at (WED_1500);
  gint64 later = now + 2 * 3600;

  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);
  add_lead (f->hopper, 2, "+12125550002", NULL, 100, NULL);
  add_lead (f->hopper, 3, "+12125550003", NULL, 0, NULL);

  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, NULL), ==, 2);
  g_assert_true (rd_hopper_record_attempt (f->hopper, 2, RD_ATTEMPT_ANSWERED, now, &error));
  /* A callback in the past makes no sense. */
  g_assert_false (rd_hopper_dispose (f->hopper, 2, "callback", now - 1, NULL, now, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_hopper_dispose (f->hopper, 2, "callback", later, "anna", now, &error));
  g_assert_no_error (error);

  /* Not before its time; then only for its agent, and before any other lead. */
  g_assert_false (rd_hopper_is_eligible (f->hopper, 2, later - 1, "anna"));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 2, later, NULL));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 2, later, "boris"));
  g_assert_cmpuint (rd_hopper_next (f->hopper, later, "anna", NULL), ==, 2);

  /* A callback for anyone also goes first, even before a higher priority lead. */
  g_assert_true (rd_hopper_record_attempt (f->hopper, 2, RD_ATTEMPT_ANSWERED, later, &error));
  g_assert_cmpint (rd_hopper_get_lead (f->hopper, 2)->callback_at, ==, 0);
  g_assert_true (rd_hopper_dispose (f->hopper, 3, "callback", later + 60, NULL, later, &error));
  g_assert_cmpuint (rd_hopper_next (f->hopper, later + 60, NULL, NULL), ==, 3);
}

static void
test_max_attempts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = at (WED_1500);

  rd_hopper_set_max_attempts (f->hopper, 2);
  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);

  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, NULL), ==, 1);
      /* In flight: not handed out twice. */
      g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, NULL), ==, 0);
      g_assert_true (rd_hopper_record_attempt (f->hopper, 1, RD_ATTEMPT_BUSY, now, &error));
      now += 600;
    }
  g_assert_cmpuint (rd_hopper_get_lead (f->hopper, 1)->attempts, ==, 2);
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, now + 86400, NULL));

  /* A callback the person asked for goes past the limit. */
  g_assert_true (rd_hopper_dispose (f->hopper, 1, "callback", now + 60, NULL, now, &error));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 1, now + 60, NULL));
}

static void
test_dispositions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = at (WED_1500);
  const char *number = NULL;

  add_lead (f->hopper, 1, "+12125550001", NULL, 0, NULL);
  add_lead (f->hopper, 2, "+12125550002", "+12125550022", 0, NULL);
  add_lead (f->hopper, 3, "+12125550003", NULL, 0, NULL);

  g_assert_true (rd_hopper_dispose (f->hopper, 1, "sale", 0, NULL, now, &error));
  g_assert_true (rd_hopper_get_lead (f->hopper, 1)->closed);
  g_assert_cmpstr (rd_hopper_get_lead (f->hopper, 1)->disposition, ==, "sale");
  g_assert_false (rd_hopper_is_eligible (f->hopper, 1, now, NULL));

  g_assert_false (rd_hopper_dispose (f->hopper, 3, "no-such", 0, NULL, now, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_DISPOSITION);
  g_clear_error (&error);
  g_assert_false (rd_hopper_get_lead (f->hopper, 3)->closed);

  /* A campaign's own disposition: call again in two hours. */
  g_assert_true (rd_hopper_add_disposition (f->hopper, "not-home", RD_DISPOSITION_RECYCLE,
                                            7200, &error));
  g_assert_true (rd_hopper_dispose (f->hopper, 3, "not-home", 0, NULL, now, &error));
  g_assert_false (rd_hopper_is_eligible (f->hopper, 3, now + 7199, NULL));
  g_assert_true (rd_hopper_is_eligible (f->hopper, 3, now + 7200, NULL));
  g_assert_false (rd_hopper_add_disposition (f->hopper, "", RD_DISPOSITION_CLOSE, 0, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID);
  g_clear_error (&error);

  /* Wrong number: the next number; when none is left the lead closes. */
  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, &number), ==, 2);
  g_assert_cmpstr (number, ==, "+12125550002");
  g_assert_true (rd_hopper_record_attempt (f->hopper, 2, RD_ATTEMPT_ANSWERED, now, &error));
  g_assert_true (rd_hopper_dispose (f->hopper, 2, "wrong-number", 0, NULL, now, &error));
  g_assert_false (rd_hopper_get_lead (f->hopper, 2)->closed);
  g_assert_cmpuint (rd_hopper_next (f->hopper, now, NULL, &number), ==, 2);
  g_assert_cmpstr (number, ==, "+12125550022");
  g_assert_true (rd_hopper_record_attempt (f->hopper, 2, RD_ATTEMPT_ANSWERED, now, &error));
  g_assert_true (rd_hopper_dispose (f->hopper, 2, "wrong-number", 0, NULL, now, &error));
  g_assert_true (rd_hopper_get_lead (f->hopper, 2)->closed);
}

static void
test_bad_leads (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *phones[] = { "+12125550001", NULL };
  RdLead lead = { 0 };

  lead.id = 1;
  g_assert_false (rd_hopper_add_lead (f->hopper, &lead, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID);
  g_clear_error (&error);

  lead.phones = (char **) phones;
  lead.time_zone = (char *) "Nowhere/Special";
  g_assert_false (rd_hopper_add_lead (f->hopper, &lead, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_TIME_ZONE);
  g_clear_error (&error);

  lead.time_zone = NULL;
  g_assert_true (rd_hopper_add_lead (f->hopper, &lead, &error));
  g_assert_false (rd_hopper_add_lead (f->hopper, &lead, &error));
  g_assert_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID);
  g_assert_cmpuint (rd_hopper_get_n_leads (f->hopper), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/hopper/window/time-zones", test_window_time_zones);
  ADD ("/hopper/window/dst", test_window_dst);
  ADD ("/hopper/window/weekdays-and-own-zone", test_window_weekdays_and_own_zone);
  ADD ("/hopper/dnc", test_dnc);
  ADD ("/hopper/recycle", test_recycle);
  ADD ("/hopper/callbacks", test_callbacks);
  ADD ("/hopper/max-attempts", test_max_attempts);
  ADD ("/hopper/dispositions", test_dispositions);
  ADD ("/hopper/bad-leads", test_bad_leads);
#undef ADD

  return g_test_run ();
}
