/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calls an agent places themselves in an RdCampaignRun. Preview: each ready agent of a
 * preview campaign is offered the next lead's card; Dial places the call for that agent
 * alone, Skip (or a pause) gives the lead back to the end of the queue without counting an
 * attempt. Manual dial: a number the agent types, in any campaign. */
#include "config.h"

#include "rd-campaign-run-private.h"

typedef struct {
  guint64  hopper_id;
  char    *lead_id;
  char    *number;
} RdPreviewOffer;

static void
offer_free (RdPreviewOffer *o)
{
  g_free (o->lead_id);
  g_free (o->number);
  g_free (o);
}

static GHashTable *
offers (RdCampaignRun *self)
{
  if (self->offers == NULL)
    self->offers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) offer_free);
  return self->offers;
}

/* The lead goes back to callcenter.db as due now: the hopper, filled again from there,
 * puts it after the leads never tried (it keeps its place in flight until then). */
static void
give_back (RdCampaignRun  *self,
           RdPreviewOffer *o)
{
  g_autoptr(GError) error = NULL;

  if (!rd_center_lead_after_attempt (center (self), o->lead_id, now_ms (self), NULL, &error))
    g_warning ("campaign %s: lead %s: %s", self->id, o->lead_id, error->message);
}

void
rd_campaign_run_offer_previews (RdCampaignRun *self)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  g_autoptr(GPtrArray) ready = rd_agent_desk_ready_agents (desk, self->id);

  for (guint i = 0; i < ready->len; i++)
    {
      const char *agent = ready->pdata[i];
      g_autoptr(GError) error = NULL;
      const char *lead_id, *number;
      RdPreviewOffer *o;
      guint64 hid;

      if (g_hash_table_contains (offers (self), agent) ||
          rd_campaign_run_agent_busy (self, agent))
        continue;
      if (!rd_campaign_run_next_lead (self, agent, &hid, &lead_id, &number))
        return;
      o = g_new0 (RdPreviewOffer, 1);
      o->hopper_id = hid;
      o->lead_id = g_strdup (lead_id);
      o->number = g_strdup (number);
      if (!rd_agent_desk_preview_offer (desk, agent, lead_id, &error))
        {
          g_debug ("%s is not offered %s: %s", agent, lead_id, error->message);
          give_back (self, o);
          offer_free (o);
          continue;
        }
      g_hash_table_insert (offers (self), g_strdup (agent), o);
    }
}

/* Offers whose agent skipped, paused or left: the lead goes back. */
void
rd_campaign_run_check_offers (RdCampaignRun *self)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  GHashTableIter iter;
  gpointer key, value;

  if (self->offers == NULL)
    return;
  g_hash_table_iter_init (&iter, self->offers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RdPreviewOffer *o = value;

      if (g_strcmp0 (rd_agent_desk_preview_lead (desk, key), o->lead_id) != 0)
        {
          give_back (self, o);
          g_hash_table_iter_remove (&iter);
        }
    }
}

/* The run goes (its campaign stopped): every card on offer is taken back. */
void
rd_campaign_run_release_offers (RdCampaignRun *self)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  GHashTableIter iter;
  gpointer key, value;

  if (self->offers == NULL)
    return;
  g_hash_table_iter_init (&iter, self->offers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      give_back (self, value);
      rd_agent_desk_preview_cancel (desk, key);
      g_hash_table_iter_remove (&iter);
    }
}

gboolean
rd_campaign_run_preview_dial (RdCampaignRun  *self,
                              const char     *agent,
                              GError        **error)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  RdPreviewOffer *o = self->offers != NULL ? g_hash_table_lookup (self->offers, agent) : NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *call_id = NULL;

  if (o == NULL || g_strcmp0 (rd_agent_desk_preview_lead (desk, agent), o->lead_id) != 0)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the agent has no lead card to dial");
      return FALSE;
    }
  /* The card may have waited a while: the lists are checked again now. */
  if (rd_center_dnc_contains (center (self), o->number, self->id))
    {
      if (!rd_center_lead_after_attempt (center (self), o->lead_id, now_ms (self), "dnc", &local))
        g_warning ("campaign %s: lead %s: %s", self->id, o->lead_id, local->message);
      g_hash_table_remove (self->offers, agent);
      rd_agent_desk_preview_cancel (desk, agent);
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the number was put on a do-not-call list; the next lead follows");
      return FALSE;
    }
  /* The agent is marked dialling before the switch is asked, so a call that ends at once
   * (the switch refused it) takes them to wrap-up like any unanswered preview call. */
  call_id = rd_campaign_run_start_call (self, o->hopper_id, o->lead_id, o->number, agent, FALSE, &local);
  if (call_id == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_hash_table_remove (self->offers, agent);
  return TRUE;
}

gboolean
rd_campaign_run_manual_dial (RdCampaignRun  *self,
                             const char     *agent,
                             const char     *number,
                             GError        **error)
{
  g_autofree char *call_id = NULL;

  /* An agent's own number obeys the lists as the dialer's do. */
  if (rd_center_dnc_contains (center (self), number, self->id))
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "%s is on a do-not-call list", number);
      return FALSE;
    }
  call_id = rd_campaign_run_start_call (self, 0, NULL, number, agent, TRUE, error);
  return call_id != NULL;
}
