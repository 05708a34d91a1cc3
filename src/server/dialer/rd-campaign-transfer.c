/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Transfers in an RdCampaignRun: an agent hands their customer on, to a ready colleague
 * (at once, the same re-route of packets as any bridge) or to an outside number. The
 * outside number is called on a third leg, "xN-" and the call's id, from the switch like any
 * customer's. Blind: the customer stays with the agent until the number answers, then the
 * two are bridged and the agent wraps up; a number that does not answer leaves the
 * customer where they were. Consulted: on the answer the agent talks to the number while
 * the customer hears the campaign's hold message; the agent then completes (the customer
 * is bridged to the number) or cancels (the number is hung up, the customer is back). */
#include "config.h"

#include <string.h>

#include "rd-campaign-run-private.h"

/* How long the outside number may ring. */
#define TRANSFER_RING_MS 30000

static const char *const state_names[] = {
  [TRANSFER_RINGING]    = "ringing",
  [TRANSFER_CONSULTING] = "consulting",
  [TRANSFER_CONNECTED]  = "connected",
  [TRANSFER_FAILED]     = "failed",
};

void
rd_campaign_run_transfer_free (Transfer *t)
{
  if (t == NULL)
    return;
  g_free (t->number);
  g_free (t->leg_id);
  g_free (t);
}

static RdSwitch *
sw (RdCampaignRun *self)
{
  return rd_dialer_get_switch (self->dialer);
}

Call *
rd_campaign_run_agent_call (RdCampaignRun *self,
                            const char    *agent)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((Call *) value)->agent, agent) == 0 && ((Call *) value)->phase == PHASE_BRIDGED)
      return value;
  return NULL;
}

/* @agent's call, or FALSE with an error saying they have none. */
static Call *
agent_call (RdCampaignRun  *self,
            const char     *agent,
            GError        **error)
{
  Call *c = rd_campaign_run_agent_call (self, agent);

  if (c == NULL)
    g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                         "the agent has no customer on the line to hand on");
  return c;
}

gboolean
rd_campaign_run_transfer (RdCampaignRun  *self,
                          const char     *agent,
                          const char     *colleague,
                          GError        **error)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  const char *leg = rd_dialer_agent_leg (self->dialer, colleague);
  Call *c = agent_call (self, agent, error);

  if (c == NULL)
    return FALSE;
  if (c->transfer != NULL && c->transfer->state != TRANSFER_FAILED)
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "the call is being transferred to %s", c->transfer->number);
      return FALSE;
    }
  if (g_strcmp0 (agent, colleague) == 0 || leg == NULL)
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "%s has no phone connected to take the call", colleague);
      return FALSE;
    }
  /* The colleague takes it first (only a ready one can), then the one who had it is free. */
  if (!rd_agent_desk_call_bridged (desk, colleague, c->call_id, error))
    return FALSE;
  if (!rd_agent_desk_call_transferred (desk, agent, c->call_id, error))
    g_warning ("%s: %s", agent, (*error)->message), g_clear_error (error);
  if (!rd_center_call_mark (center (self), c->call_id, RD_CENTER_CALL_TRANSFERRED, now_ms (self),
                            colleague, error))
    g_warning ("call %s: %s", c->call_id, (*error)->message), g_clear_error (error);
  g_message ("call %s: %s hands it to %s", c->call_id, agent, colleague);
  g_clear_pointer (&c->transfer, rd_campaign_run_transfer_free);
  g_free (c->agent);
  c->agent = g_strdup (colleague);
  c->preview = TRUE;             /* theirs alone from here, like a dialled preview */
  rd_switch_bridge (sw (self), c->leg_id, leg);
  return TRUE;
}

gboolean
rd_campaign_run_transfer_out (RdCampaignRun  *self,
                              const char     *agent,
                              const char     *number,
                              gboolean        consult,
                              GError        **error)
{
  const RdDialerConfig *config = rd_dialer_get_config (self->dialer);
  const char *trunk = setting (self, "trunk");
  const char *caller_id = setting (self, "caller_id");
  g_autofree char *target = NULL;
  Call *c = agent_call (self, agent, error);
  Transfer *t;

  if (c == NULL)
    return FALSE;
  if (c->transfer != NULL && c->transfer->state != TRANSFER_FAILED)
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "the call is already being transferred to %s", c->transfer->number);
      return FALSE;
    }
  if (g_strcmp0 (number, c->number) == 0)
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "%s is the customer's own number", number);
      return FALSE;
    }
  if (trunk == NULL || *trunk == '\0')
    trunk = config->trunk;
  if (g_str_has_prefix (trunk, "sip:"))
    trunk += 4;
  g_clear_pointer (&c->transfer, rd_campaign_run_transfer_free);
  t = c->transfer = g_new0 (Transfer, 1);
  t->number = g_strdup (number);
  t->leg_id = g_strdup_printf ("x%u-%s", ++c->transfers, c->call_id);
  t->consult = consult;
  t->state = TRANSFER_RINGING;
  rd_dialer_claim_leg (self->dialer, t->leg_id, self);
  target = g_strdup_printf ("sip:%s@%s", number, trunk);
  g_message ("call %s: %s transfers it to %s (%s)", c->call_id, agent, number,
             consult ? "consulted" : "blind");
  if (!rd_switch_originate (sw (self), t->leg_id, target,
                            caller_id != NULL ? caller_id : "anonymous", TRANSFER_RING_MS))
    {
      rd_dialer_release_leg (self->dialer, t->leg_id);
      g_clear_pointer (&c->transfer, rd_campaign_run_transfer_free);
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the switch cannot place another call now");
      return FALSE;
    }
  return TRUE;
}

/* The customer talks to the number: the agent is free (to their wrap-up), the row says so. */
static void
hand_over (RdCampaignRun *self,
           Call          *c)
{
  g_autoptr(GError) error = NULL;

  c->transfer->state = TRANSFER_CONNECTED;
  rd_switch_bridge (sw (self), c->transfer->leg_id, c->leg_id);
  if (!rd_center_call_mark (center (self), c->call_id, RD_CENTER_CALL_TRANSFERRED_OUT, now_ms (self),
                            c->transfer->number, &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);
  g_message ("call %s: %s handed it to %s", c->call_id, c->agent, c->transfer->number);
  if (c->bridged_us > 0)
    rd_pacer_observe_talk (self->pacer, (g_get_monotonic_time () - c->bridged_us) / (double) G_USEC_PER_SEC);
  if (!rd_agent_desk_call_ended (rd_dialer_get_desk (self->dialer), c->agent, c->call_id, &error))
    g_debug ("%s: %s", c->agent, error->message);
  g_clear_pointer (&c->agent, g_free);
}

/* The customer is the agent's again (a consult cancelled, or the number hung up on it). */
static void
back_to_agent (RdCampaignRun *self,
               Call          *c)
{
  const char *leg = rd_dialer_agent_leg (self->dialer, c->agent);

  if (leg != NULL)
    rd_switch_bridge (sw (self), c->leg_id, leg);
  else
    rd_campaign_run_hang_up (self, c, "agent");   /* their phone went meanwhile */
}

gboolean
rd_campaign_run_transfer_complete (RdCampaignRun  *self,
                                   const char     *agent,
                                   GError        **error)
{
  Call *c = agent_call (self, agent, error);

  if (c == NULL)
    return FALSE;
  if (c->transfer == NULL || c->transfer->state != TRANSFER_CONSULTING)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the agent is not talking to a number to hand the call to");
      return FALSE;
    }
  hand_over (self, c);
  return TRUE;
}

gboolean
rd_campaign_run_transfer_cancel (RdCampaignRun  *self,
                                 const char     *agent,
                                 GError        **error)
{
  Call *c = agent_call (self, agent, error);

  if (c == NULL)
    return FALSE;
  if (c->transfer == NULL || c->transfer->state == TRANSFER_FAILED)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the call is not being transferred");
      return FALSE;
    }
  g_message ("call %s: %s cancels the transfer to %s", c->call_id, agent, c->transfer->number);
  rd_switch_hangup (sw (self), c->transfer->leg_id, 16);
  if (c->transfer->state == TRANSFER_CONSULTING)
    back_to_agent (self, c);
  c->transfer->state = TRANSFER_FAILED;
  c->transfer->failure = "cancelled";
  return TRUE;
}

JsonObject *
rd_campaign_run_transfer_status (RdCampaignRun *self,
                                 const char    *agent)
{
  Call *c = rd_campaign_run_agent_call (self, agent);
  JsonObject *o;

  if (c == NULL || c->transfer == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "number", c->transfer->number);
  json_object_set_string_member (o, "mode", c->transfer->consult ? "consult" : "blind");
  json_object_set_string_member (o, "state", state_names[c->transfer->state]);
  if (c->transfer->failure != NULL)
    json_object_set_string_member (o, "failure", c->transfer->failure);
  return o;
}

static void
failed (RdCampaignRun *self,
        Call          *c,
        const char    *why)
{
  if (c->transfer->state == TRANSFER_RINGING || c->transfer->state == TRANSFER_CONSULTING)
    {
      g_message ("call %s: the transfer to %s failed: %s", c->call_id, c->transfer->number, why);
      c->transfer->state = TRANSFER_FAILED;
      c->transfer->failure = why;
    }
}

void
rd_campaign_run_transfer_event (RdCampaignRun       *self,
                                const RdSwitchEvent *ev)
{
  const char *dash = ev->leg_id != NULL && ev->leg_id[0] == 'x' ? strchr (ev->leg_id, '-') : NULL;
  Call *c = dash != NULL ? g_hash_table_lookup (self->calls, dash + 1) : NULL;
  Transfer *t = c != NULL ? c->transfer : NULL;

  if (dash == NULL)
    return;
  if (t == NULL || g_strcmp0 (t->leg_id, ev->leg_id) != 0)
    {
      /* The customer went first: only the third leg's end is left to see. */
      if (ev->type == RD_SWITCH_EVENT_CLOSED)
        rd_dialer_release_leg (self->dialer, ev->leg_id);
      else if (ev->type == RD_SWITCH_EVENT_ANSWERED)
        rd_switch_hangup (sw (self), ev->leg_id, 16);
      return;
    }
  switch (ev->type)
    {
    case RD_SWITCH_EVENT_ANSWERED:
      if (t->state != TRANSFER_RINGING)
        {
          rd_switch_hangup (sw (self), t->leg_id, 16);   /* cancelled while it rang */
          break;
        }
      if (!t->consult)
        {
          hand_over (self, c);
          break;
        }
      if (rd_dialer_agent_leg (self->dialer, c->agent) == NULL)
        {
          /* The agent's phone went while it rang: nobody to consult. */
          rd_switch_hangup (sw (self), t->leg_id, 16);
          failed (self, c, "failed");
          break;
        }
      t->state = TRANSFER_CONSULTING;
      rd_switch_bridge (sw (self), t->leg_id, rd_dialer_agent_leg (self->dialer, c->agent));
      if (self->hold_wav != NULL)
        rd_switch_play (sw (self), c->leg_id, self->hold_wav);
      break;
    case RD_SWITCH_EVENT_BUSY:
      failed (self, c, "busy");
      break;
    case RD_SWITCH_EVENT_NO_ANSWER:
      failed (self, c, "no-answer");
      break;
    case RD_SWITCH_EVENT_FAILED:
      if (t->state == TRANSFER_RINGING)
        failed (self, c, "failed");
      break;
    case RD_SWITCH_EVENT_CLOSED:
      rd_dialer_release_leg (self->dialer, t->leg_id);
      if (t->state == TRANSFER_CONNECTED)
        rd_campaign_run_hang_up (self, c, "transfer");      /* the number hung up */
      else if (t->state == TRANSFER_CONSULTING)
        {
          back_to_agent (self, c);
          failed (self, c, "hung-up");
        }
      else
        failed (self, c, "failed");
      break;
    case RD_SWITCH_EVENT_RINGING:
    case RD_SWITCH_EVENT_EARLY_MEDIA:
    case RD_SWITCH_EVENT_BRIDGED:
    case RD_SWITCH_EVENT_DTMF:
    case RD_SWITCH_EVENT_PLAY_DONE:
    case RD_SWITCH_EVENT_INCOMING:
    case RD_SWITCH_EVENT_MEDIA_FORWARDED:
    case RD_SWITCH_EVENT_MONITORING:
    case RD_SWITCH_EVENT_AMD:
    case RD_SWITCH_EVENT_REGISTERED:
    default:
      break;
    }
}

void
rd_campaign_run_transfer_drop (RdCampaignRun *self,
                               Call          *c)
{
  if (c->transfer == NULL)
    return;
  if (c->transfer->state != TRANSFER_FAILED)
    rd_switch_hangup (sw (self), c->transfer->leg_id, 16);
  /* A consult's agent, whose customer left while they talked to the number, wraps up as
   * after any call (finish() tells the desk). */
}
