/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a running campaign's calls are doing right now, for the dialer dashboard
 * (docs/reports.md, "Live boards"): read from the run's own calls, no database. */
#include "config.h"

#include "rd-campaign-run-private.h"

JsonObject *
rd_campaign_run_live (RdCampaignRun *self)
{
  JsonObject *o = json_object_new ();
  guint ringing = 0, waiting = 0, active = 0, message = 0;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    switch (((Call *) value)->phase)
      {
      case PHASE_RINGING:
        ringing++;
        break;
      case PHASE_DETECTING:
      case PHASE_WAITING:
        waiting++;       /* answered, no agent yet */
        break;
      case PHASE_BRIDGING:
      case PHASE_BRIDGED:
        active++;
        break;
      case PHASE_MESSAGE:
        message++;       /* the safe-harbor or broadcast message plays */
        break;
      case PHASE_ENDING:
        break;
      }
  json_object_set_int_member (o, "ringing", ringing);
  json_object_set_int_member (o, "waiting", waiting);
  json_object_set_int_member (o, "active", active);
  json_object_set_int_member (o, "message", message);
  json_object_set_int_member (o, "lines", g_hash_table_size (self->calls));
  json_object_set_int_member (o, "hopper", self->hopper != NULL ? rd_hopper_get_n_leads (self->hopper) : 0);
  json_object_set_string_member (o, "dial_method", rd_pacer_mode_to_string (self->mode));
  return o;
}
