/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hopper of an RdCampaignRun: filled from callcenter.db (due callbacks first, then the
 * longest waiting) with the campaign's calling hours and recycle delays, and the hand-out
 * of its next lead with the do-not-call check before every dial. A campaign that orders by
 * score calls the leads of its hopper likeliest first: a lead whose number is a scored CRM
 * lead gets its score as the hopper's priority (docs/intelligence.md). */
#include "config.h"

#include <stdio.h>

#include "rd-campaign-run-private.h"

static guint
minute_of (const char *hhmm)
{
  guint h = 0, m = 0;

  if (hhmm == NULL || sscanf (hhmm, "%u:%u", &h, &m) != 2)
    return 0;
  return MIN (h, 24u) * 60 + MIN (m, 59u);
}

void
rd_campaign_run_reload_hopper (RdCampaignRun *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GTimeZone) here = g_time_zone_new_local ();
  gboolean by_score;
  static const struct { RdAttemptOutcome outcome; const char *setting; gint64 unit; } delays[] = {
    { RD_ATTEMPT_BUSY,      "recycle_busy",         60 },
    { RD_ATTEMPT_NO_ANSWER, "recycle_no_answer",    60 },
    { RD_ATTEMPT_FAILED,    "recycle_failed",       60 },
    { RD_ATTEMPT_MACHINE,   "recycle_machine",      60 },
    { RD_ATTEMPT_ABANDONED, "abandon_redial_hours", 3600 },
    /* Talked to an agent: the disposition decides, in callcenter.db; until the hopper is
     * filled again from there the lead waits as finish() makes it wait. Without this the
     * hopper offered the same person again at once (seen: press-1 redialled after 20 s). */
    { RD_ATTEMPT_ANSWERED,  "recycle_no_answer",    60 },
  };

  self->hopper_loaded_us = g_get_monotonic_time ();
  g_clear_object (&self->hopper);
  g_hash_table_remove_all (self->lead_ids);
  self->hopper = rd_hopper_new (rd_dialer_get_zones (self->dialer));
  /* a number the carrier says does not exist closes the lead here as in callcenter.db */
  rd_hopper_add_disposition (self->hopper, "invalid", RD_DISPOSITION_CLOSE, 0, NULL);
  rd_hopper_set_calling_window (self->hopper, minute_of (setting (self, "calling_hours_start")),
                                minute_of (setting (self, "calling_hours_end")), 0x7f);
  rd_hopper_set_max_attempts (self->hopper, (guint) setting_int (self, "max_attempts"));
  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    rd_hopper_set_recycle_delay (self->hopper, delays[i].outcome,
                                 setting_int (self, delays[i].setting) * delays[i].unit);
  /* A number whose zone the prefix table does not know is called in the server's zone. */
  if (!rd_hopper_set_default_time_zone (self->hopper, g_time_zone_get_identifier (here), NULL))
    rd_hopper_set_default_time_zone (self->hopper, "UTC", NULL);

  by_score = json_object_get_boolean_member_with_default (self->campaign, "order_by_score", FALSE);
  leads = rd_center_dialable_leads (center (self), self->id, now_ms (self), HOPPER_SIZE, &error);
  if (leads == NULL)
    {
      g_warning ("campaign %s: cannot read its leads: %s", self->id, error->message);
      return;
    }
  for (guint i = 0; i < leads->len; i++)
    {
      RdCenterDialLead *d = leads->pdata[i];
      g_autoptr(GPtrArray) phones = g_ptr_array_new ();
      RdLead lead = { 0 };

      g_ptr_array_add (phones, d->phone);
      for (guint k = 0; d->alt_phones[k] != NULL; k++)
        g_ptr_array_add (phones, d->alt_phones[k]);
      g_ptr_array_add (phones, NULL);
      lead.id = (guint64) d->rowid;
      lead.phones = (char **) phones->pdata;
      lead.time_zone = d->timezone;
      lead.attempts = 0;   /* callcenter.db counts the attempts; here only the order counts */
      lead.callback_at = d->callback_at / 1000;
      lead.callback_agent = d->callback_agent;
      lead.next_eligible = d->next_at / 1000;
      if (by_score)
        {
          double score = rd_dialer_score_number (self->dialer, d->phone);

          /* Scored leads first, likeliest first; unscored ones after, as before. */
          lead.priority = score >= 0 ? 1 + (int) (score * 1000) : 0;
        }
      if (!rd_hopper_add_lead (self->hopper, &lead, &error))
        {
          g_debug ("campaign %s: lead %s left out: %s", self->id, d->id, error->message);
          g_clear_error (&error);
          continue;
        }
      g_hash_table_insert (self->lead_ids, g_memdup2 (&lead.id, sizeof lead.id), g_strdup (d->id));
    }
}

gboolean
rd_campaign_run_next_lead (RdCampaignRun  *self,
                           const char     *agent,
                           guint64        *hopper_id,
                           const char    **lead_id,
                           const char    **number)
{
  g_autoptr(GError) error = NULL;
  guint64 hid;

  if (self->hopper == NULL)
    return FALSE;
  for (;;)
    {
      hid = rd_hopper_next (self->hopper, now_ms (self) / 1000, agent, number);
      if (hid == 0)
        {
          /* Empty: fill it again, at most every 2 s, so leads that became due are seen. */
          if (g_get_monotonic_time () - self->hopper_loaded_us > 2 * G_USEC_PER_SEC)
            {
              rd_campaign_run_reload_hopper (self);
              hid = rd_hopper_next (self->hopper, now_ms (self) / 1000, agent, number);
            }
          if (hid == 0)
            return FALSE;
        }
      *lead_id = g_hash_table_lookup (self->lead_ids, &hid);
      /* DNC is checked before every dial: the lists change while the campaign runs. */
      if (!rd_center_dnc_contains (center (self), *number, self->id))
        break;
      if (!rd_center_lead_after_attempt (center (self), *lead_id, now_ms (self), "dnc", &error))
        g_warning ("campaign %s: lead %s: %s", self->id, *lead_id, error->message);
      g_clear_error (&error);
      rd_hopper_dispose (self->hopper, hid, "dnc", 0, NULL, now_ms (self) / 1000, NULL);
    }
  *hopper_id = hid;
  return TRUE;
}
