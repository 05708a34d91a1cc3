/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCampaignRun: one running campaign: the pacer decides how many to dial, the hopper which
 * lead, the switch dials; answered customers go to the longest-waiting ready agent or, past
 * the safe-harbor time, hear the message and are counted abandoned. */
#include "config.h"

#include "rd-campaign-run-private.h"
#include "rd-campaign-outcome.h"

G_DEFINE_FINAL_TYPE (RdCampaignRun, rd_campaign_run, G_TYPE_OBJECT)

static void
call_free (Call *c)
{
  g_free (c->call_id);
  g_free (c->leg_id);
  g_free (c->lead_id);
  g_free (c->number);
  g_free (c->agent);
  rd_campaign_run_transfer_free (c->transfer);
  g_free (c);
}

/* ---- launching ----------------------------------------------------------------------- */

char *
rd_campaign_run_start_call (RdCampaignRun  *self,
                            guint64         hid,
                            const char     *lead_id,
                            const char     *number,
                            const char     *agent,
                            gboolean        manual,
                            GError        **error)
{
  const RdDialerConfig *config = rd_dialer_get_config (self->dialer);
  const char *trunk = setting (self, "trunk");
  RdCenterCallStart start = { 0 };
  g_autofree char *call_id = NULL;
  g_autofree char *target = NULL;
  Call *c;

  start.direction = "outbound";
  start.campaign_id = self->id;
  start.lead_id = lead_id;
  start.number = number;
  start.caller_id = setting (self, "caller_id");
  call_id = rd_center_call_start (center (self), &start, error);
  if (call_id == NULL)
    return NULL;
  if (agent != NULL &&
      !(manual ? rd_agent_desk_manual_dialling (rd_dialer_get_desk (self->dialer), agent, call_id, error)
               : rd_agent_desk_preview_dialling (rd_dialer_get_desk (self->dialer), agent, call_id, error)))
    {
      g_autoptr(GError) local = NULL;

      if (!rd_center_call_end (center (self), call_id, "cancelled", 0,
                               manual ? "agent-busy" : "agent-not-previewing",
                               "system", FALSE, now_ms (self), &local))
        g_warning ("call %s: %s", call_id, local->message);
      return NULL;
    }
  c = g_new0 (Call, 1);
  c->call_id = g_strdup (call_id);
  c->leg_id = g_strdup_printf ("c-%s", call_id);
  c->lead_id = g_strdup (lead_id);
  c->hopper_id = hid;
  c->number = g_strdup (number);
  c->agent = g_strdup (agent);
  c->preview = agent != NULL;
  c->phase = PHASE_RINGING;
  c->launched_us = g_get_monotonic_time ();
  g_hash_table_insert (self->calls, c->call_id, c);
  rd_dialer_claim_leg (self->dialer, c->leg_id, self);

  if (trunk == NULL || *trunk == '\0')
    trunk = config->trunk;
  if (g_str_has_prefix (trunk, "sip:"))
    trunk += 4;
  target = g_strdup_printf ("sip:%s@%s", number, trunk);
  if (!rd_switch_originate (rd_dialer_get_switch (self->dialer), c->leg_id, target,
                            start.caller_id != NULL ? start.caller_id : "anonymous",
                            (guint) setting_int (self, "ring_timeout") * 1000))
    {
      /* The switch did not take it: the call ends as failed at once, the lead stays. */
      c->result = "failed";
      c->phase = PHASE_ENDING;
      rd_campaign_run_event (self, &(RdSwitchEvent) { .type = RD_SWITCH_EVENT_CLOSED,
                                                      .leg_id = c->leg_id, .cause = (char *) "switch busy" });
    }
  return g_steal_pointer (&call_id);
}

static gboolean
launch_one (RdCampaignRun *self)
{
  const char *lead_id, *number;
  guint64 hid;

  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  if (!rd_campaign_run_next_lead (self, NULL, &hid, &lead_id, &number))
    return FALSE;
  /* a lead whose call cannot be logged stays in flight until the hopper is filled again */
  call_id = rd_campaign_run_start_call (self, hid, lead_id, number, NULL, FALSE, &error);
  if (call_id == NULL)
    g_warning ("campaign %s: cannot log a call: %s", self->id, error->message);
  return call_id != NULL;
}

/* The pacer learns wrap-up times from their ends: an agent seen in wrap-up and then in
 * another state wrapped up from the one state's start to the other's. */
static void
observe_wrap (RdCampaignRun *self,
              const char    *agent,
              const char    *state,
              gint64         since)
{
  gpointer began;

  if (g_str_equal (state, "wrap_up"))
    {
      gint64 *known = g_hash_table_lookup (self->wrap_since, agent);

      if (known == NULL || *known != since)
        g_hash_table_insert (self->wrap_since, g_strdup (agent), g_memdup2 (&since, sizeof since));
    }
  else if (g_hash_table_lookup_extended (self->wrap_since, agent, NULL, &began))
    {
      if (since >= *(gint64 *) began)
        rd_pacer_observe_wrap (self->pacer, (since - *(gint64 *) began) / 1000.0);
      g_hash_table_remove (self->wrap_since, agent);
    }
}

static void
pacer_agents (RdCampaignRun *self,
              GArray        *agents)
{
  g_autoptr(JsonNode) list = rd_agent_desk_list (rd_dialer_get_desk (self->dialer), self->id);
  JsonArray *rows = json_node_get_array (list);
  gint64 now = now_ms (self);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *state = json_object_get_string_member (row, "state");
      RdPacerAgent a = { .id = i };

      if (!json_object_get_boolean_member_with_default (row, "leg_up", FALSE))
        continue;
      if (g_str_equal (state, "ready"))
        a.state = RD_AGENT_READY;
      else if (g_str_equal (state, "on_call"))
        a.state = RD_AGENT_ON_CALL;
      else if (g_str_equal (state, "wrap_up"))
        a.state = RD_AGENT_WRAP_UP;
      else if (g_str_equal (state, "previewing"))
        a.state = RD_AGENT_PREVIEWING;
      else if (g_str_equal (state, "paused"))
        a.state = RD_AGENT_PAUSED;
      else
        continue;
      a.seconds_in_state = (now - json_object_get_int_member (row, "since")) / 1000.0;
      observe_wrap (self, json_object_get_string_member (row, "agent"), state,
                    json_object_get_int_member (row, "since"));
      g_array_append_val (agents, a);
    }
}

static void
launch (RdCampaignRun *self)
{
  g_autoptr(GArray) agents = g_array_new (FALSE, TRUE, sizeof (RdPacerAgent));
  g_autoptr(GArray) ringing = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  RdPacerInput input = { 0 };
  RdPacerDecision decision = { 0 };
  GHashTableIter iter;
  gpointer value;
  guint waiting = 0, busy_lines = 0;
  gint64 now_us = g_get_monotonic_time ();
  gint64 window = g_strcmp0 (setting (self, "compliance_window"), "24h") == 0 ? 24 : 30 * 24;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Call *c = value;

      busy_lines++;
      if (c->phase == PHASE_RINGING)
        {
          double age = (now_us - c->launched_us) / (double) G_USEC_PER_SEC;

          g_array_append_val (ringing, age);
        }
      else if (c->phase == PHASE_WAITING || c->phase == PHASE_DETECTING)
        waiting++;
    }

  if (self->mode == RD_PACER_PREVIEW)
    {
      rd_campaign_run_offer_previews (self);
      return;
    }
  if (self->broadcast)
    {
      for (guint i = busy_lines; i < BROADCAST_LINES; i++)
        if (!launch_one (self))
          break;
      return;
    }

  pacer_agents (self, agents);
  input.now = now_ms (self) / 1000.0;
  input.agents = (const RdPacerAgent *) agents->data;
  input.n_agents = agents->len;
  input.ringing_ages = (const double *) ringing->data;
  input.n_ringing = ringing->len;
  input.n_waiting = waiting;
  input.abandon_cap = json_object_get_double_member_with_default (self->campaign, "abandon_cap", 3) / 100.0;
  if (!rd_center_abandon_counts (center (self), self->id, now_ms (self) - window * 3600 * 1000,
                                 &input.answered, &input.abandoned, &error))
    {
      g_warning ("campaign %s: %s", self->id, error->message);
      return;
    }
  rd_pacer_tick (self->pacer, &input, &decision);
  for (guint i = 0; i < decision.launch; i++)
    if (!launch_one (self))
      break;
  rd_pacer_decision_clear (&decision);
}

/* ---- connecting ---------------------------------------------------------------------- */

gboolean
rd_campaign_run_agent_busy (RdCampaignRun *self,
                            const char    *agent)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((Call *) value)->agent, agent) == 0)
      return TRUE;
  return FALSE;
}

/* The longest-waiting ready agent whose leg is up takes @c. */
static gboolean
connect_call (RdCampaignRun *self,
              Call          *c)
{
  RdAgentDesk *desk = rd_dialer_get_desk (self->dialer);
  g_autoptr(GPtrArray) ready = rd_agent_desk_ready_agents (desk, self->id);

  for (guint i = 0; i < ready->len; i++)
    {
      const char *agent = ready->pdata[i];
      const char *leg = rd_dialer_agent_leg (self->dialer, agent);
      g_autoptr(GError) error = NULL;

      if (leg == NULL || rd_campaign_run_agent_busy (self, agent))
        continue;
      /* Reserved first (on_call in the log), so no second customer is given to them. */
      if (!rd_agent_desk_call_bridged (desk, agent, c->call_id, &error))
        {
          g_debug ("%s cannot take %s: %s", agent, c->call_id, error->message);
          continue;
        }
      c->agent = g_strdup (agent);
      c->phase = PHASE_BRIDGING;
      rd_switch_bridge (rd_dialer_get_switch (self->dialer), c->leg_id, leg);
      return TRUE;
    }
  return FALSE;
}

static void
hang_up (RdCampaignRun *self,
         Call          *c,
         const char    *hangup_by)
{
  if (c->phase == PHASE_ENDING)
    return;
  c->phase = PHASE_ENDING;
  if (c->hangup_by == NULL)
    c->hangup_by = hangup_by;
  rd_switch_hangup (rd_dialer_get_switch (self->dialer), c->leg_id, 16);
}

void
rd_campaign_run_hang_up (RdCampaignRun *self,
                         Call          *c,
                         const char    *hangup_by)
{
  hang_up (self, c, hangup_by);
}

static void
safe_harbor (RdCampaignRun *self,
             Call          *c)
{
  c->safe_harbor = TRUE;
  c->result = "abandoned";
  if (self->safe_harbor_wav != NULL &&
      rd_switch_play (rd_dialer_get_switch (self->dialer), c->leg_id, self->safe_harbor_wav))
    c->phase = PHASE_MESSAGE;
  else
    hang_up (self, c, "system");
}

static int
by_answer (gconstpointer a,
           gconstpointer b)
{
  gint64 x = ((const Call *) a)->answered_us, y = ((const Call *) b)->answered_us;

  return x < y ? -1 : x > y;
}

void
rd_campaign_run_tick (RdCampaignRun *self)
{
  g_autoptr(GList) waiting = NULL;
  gint64 now_us = g_get_monotonic_time ();
  gint64 grace_us = setting_int (self, "safe_harbor_ms") * 1000;
  gboolean agents_free = TRUE;
  GHashTableIter iter;
  gpointer value;

  if (g_strcmp0 (setting (self, "status"), "running") == 0)
    {
      if (self->hopper == NULL || now_us - self->hopper_loaded_us > HOPPER_RELOAD_US)
        rd_campaign_run_reload_hopper (self);
    }
  rd_campaign_run_check_offers (self);

  /* Customers waiting for an agent, oldest answer first; once no agent is free the rest
   * only wait, or hear the message when their time is up. */
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Call *) value)->phase == PHASE_WAITING)
      waiting = g_list_insert_sorted (waiting, value, by_answer);
  for (GList *l = waiting; l != NULL; l = l->next)
    {
      Call *c = l->data;

      if (agents_free && connect_call (self, c))
        continue;
      agents_free = FALSE;
      if (now_us - c->answered_us >= grace_us)
        safe_harbor (self, c);
    }

  if (g_strcmp0 (setting (self, "status"), "running") == 0 && self->hopper != NULL)
    launch (self);
}

/* ---- events -------------------------------------------------------------------------- */

static Call *
call_of_leg (RdCampaignRun *self,
             const char    *leg_id)
{
  if (leg_id == NULL || !g_str_has_prefix (leg_id, "c-"))
    return NULL;
  return g_hash_table_lookup (self->calls, leg_id + 2);
}

static RdAttemptOutcome
outcome_of (const char *result)
{
  if (g_strcmp0 (result, "busy") == 0)
    return RD_ATTEMPT_BUSY;
  if (g_strcmp0 (result, "no-answer") == 0)
    return RD_ATTEMPT_NO_ANSWER;
  if (g_strcmp0 (result, "machine") == 0)
    return RD_ATTEMPT_MACHINE;
  if (g_strcmp0 (result, "abandoned") == 0)
    return RD_ATTEMPT_ABANDONED;
  if (g_strcmp0 (result, "human") == 0)
    return RD_ATTEMPT_ANSWERED;
  return RD_ATTEMPT_FAILED;
}

/* The leg is gone: the call row ends, the lead gets its next time, the agent wraps up. */
static void
finish (RdCampaignRun *self,
        Call          *c,
        const char    *cause)
{
  RdCenterDb *db = center (self);
  g_autoptr(GError) error = NULL;
  const char *result = c->result;
  gint64 now = now_ms (self);
  gint64 next = now;
  const char *state = NULL;
  const char *carrier_state;
  RdAttemptOutcome outcome;
  gint attempts;

  rd_campaign_run_transfer_drop (self, c);
  if (result == NULL && c->phase == PHASE_DETECTING)
    result = "human";   /* hung up during the greeting: no agent was due yet, no abandon */
  if (result == NULL)
    result = c->bridged_us > 0 ? "human"
             : c->broadcast_heard ? "human"
             : c->answered_us > 0 ? "abandoned" : "failed";
  carrier_state = rd_campaign_run_carrier_outcome (c, cause, &result);
  if (c->hangup_by == NULL)
    c->hangup_by = g_strcmp0 (cause, "remote hangup") == 0 ? "customer" : "system";
  if (!rd_center_call_end (db, c->call_id, result, (int) c->sip_code, cause, c->hangup_by,
                           c->safe_harbor, now, &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);

  outcome = outcome_of (result);
  switch (outcome)
    {
    case RD_ATTEMPT_BUSY:      next += setting_int (self, "recycle_busy") * 60000; break;
    case RD_ATTEMPT_NO_ANSWER: next += setting_int (self, "recycle_no_answer") * 60000; break;
    case RD_ATTEMPT_MACHINE:   next += setting_int (self, "recycle_machine") * 60000; break;
    case RD_ATTEMPT_ABANDONED: next += setting_int (self, "abandon_redial_hours") * 3600000; break;
    case RD_ATTEMPT_ANSWERED:  next += setting_int (self, "recycle_no_answer") * 60000; break;
    case RD_ATTEMPT_FAILED:
    case RD_ATTEMPT_NONE:
    case RD_N_ATTEMPTS:
    default:                   next += setting_int (self, "recycle_failed") * 60000; break;
    }
  /* A heard broadcast is the campaign's whole purpose: that lead is done. */
  /* The attempts are callcenter.db's (this call counted): the hopper may have handed the
   * lead out several times since it last read them. */
  attempts = c->lead_id != NULL ? rd_center_lead_attempts (db, c->lead_id, &error) : 0;
  if (attempts < 0)
    g_warning ("lead %s: %s", c->lead_id, error->message), g_clear_error (&error);
  /* An answered lead's disposition decides when it comes (it may recycle or set a
   * callback); until then a lead whose attempts are used is done, so that a wrap-up that
   * ends with no disposition never has the customer called again past max_attempts
   * (found by tests/integration/faults/test-kill-campaign.py). */
  if (attempts >= setting_int (self, "max_attempts") ||
      (self->broadcast && outcome == RD_ATTEMPT_ANSWERED && c->agent == NULL))
    state = "done";
  /* A number the carrier says does not exist is never dialled again. */
  if (carrier_state != NULL)
    state = carrier_state;
  if (c->lead_id != NULL && !rd_center_lead_after_attempt (db, c->lead_id, next, state, &error))
    g_warning ("lead %s: %s", c->lead_id, error->message);
  g_clear_error (&error);
  if (self->hopper != NULL)
    rd_hopper_record_attempt (self->hopper, c->hopper_id, outcome, now / 1000, NULL);
  if (self->hopper != NULL && g_strcmp0 (state, "invalid") == 0)
    rd_hopper_dispose (self->hopper, c->hopper_id, "invalid", 0, NULL, now / 1000, NULL);

  if (c->agent != NULL)
    {
      if (c->bridged_us > 0)
        rd_pacer_observe_talk (self->pacer, (g_get_monotonic_time () - c->bridged_us) / (double) G_USEC_PER_SEC);
      if (!rd_agent_desk_call_ended (rd_dialer_get_desk (self->dialer), c->agent, c->call_id, &error))
        g_debug ("%s: %s", c->agent, error->message);
    }
  rd_dialer_release_leg (self->dialer, c->leg_id);
  g_hash_table_remove (self->calls, c->call_id);
}

/* Every answered call of a campaign that records (record_calls, on by default) is recorded
 * from its answer to its end, both channels. */
static void
record (RdCampaignRun *self,
        Call          *c)
{
  const char *dir = rd_dialer_get_config (self->dialer)->recordings_dir;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || !json_object_get_boolean_member_with_default (self->campaign, "record_calls", TRUE))
    return;
  name = g_strdup_printf ("%s.wav", c->call_id);
  path = g_build_filename (dir, name, NULL);
  if (rd_switch_record (rd_dialer_get_switch (self->dialer), c->leg_id, path) &&
      !rd_center_call_set_recording (center (self), c->call_id, name, &error))
    g_warning ("call %s: %s", c->call_id, error->message);
}

/* Whether the campaign tells people from answering machines before an agent is given. */
static gboolean
detecting (RdCampaignRun *self,
           Call          *c)
{
  const char *amd = setting (self, "amd");

  return !c->preview && !self->broadcast && amd != NULL && g_strcmp0 (amd, "off") != 0;
}

static void
wait_for_agent (RdCampaignRun *self,
                Call          *c)
{
  c->phase = PHASE_WAITING;
  if (!connect_call (self, c) && setting_int (self, "safe_harbor_ms") <= 0)
    safe_harbor (self, c);
}

static void
answered (RdCampaignRun       *self,
          Call                *c,
          const RdSwitchEvent *ev)
{
  g_autoptr(GError) error = NULL;

  c->answered_us = ev->timestamp_us;
  if (!detecting (self, c))
    rd_pacer_observe_call (self->pacer, RD_CALL_RESULT_HUMAN,
                           (ev->timestamp_us - c->launched_us) / (double) G_USEC_PER_SEC);
  if (!rd_center_call_mark (center (self), c->call_id, RD_CENTER_CALL_ANSWERED, now_ms (self), NULL, &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);
  record (self, c);
  if (self->broadcast)
    {
      if (self->broadcast_wav != NULL &&
          rd_switch_play (rd_dialer_get_switch (self->dialer), c->leg_id, self->broadcast_wav))
        c->phase = PHASE_MESSAGE;
      else
        {
          c->result = "failed";
          hang_up (self, c, "system");
        }
      return;
    }
  if (c->preview)
    {
      /* The agent dialled this lead: theirs alone, at once. */
      const char *leg = rd_dialer_agent_leg (self->dialer, c->agent);

      if (leg != NULL &&
          rd_agent_desk_call_bridged (rd_dialer_get_desk (self->dialer), c->agent, c->call_id, &error))
        {
          c->phase = PHASE_BRIDGING;
          rd_switch_bridge (rd_dialer_get_switch (self->dialer), c->leg_id, leg);
        }
      else
        hang_up (self, c, "system");   /* the agent's leg dropped while it rang */
      return;
    }
  if (detecting (self, c))
    {
      /* Nobody is reserved yet: the 2 s rule runs from the end of the greeting (FTC TSR). */
      c->phase = PHASE_DETECTING;
      if (!rd_switch_detect_machine (rd_dialer_get_switch (self->dialer), c->leg_id))
        wait_for_agent (self, c);
      return;
    }
  wait_for_agent (self, c);
}

/* The switch heard who answered (amd detect or hangup). */
static void
detected (RdCampaignRun       *self,
          Call                *c,
          const RdSwitchEvent *ev)
{
  gboolean machine = g_strcmp0 (ev->cause, "machine") == 0;

  g_message ("call %s: %s (%s) after %u ms", c->call_id, ev->cause, ev->detail, ev->sip_code);
  rd_pacer_observe_call (self->pacer, machine ? RD_CALL_RESULT_MACHINE : RD_CALL_RESULT_HUMAN,
                         (c->answered_us - c->launched_us) / (double) G_USEC_PER_SEC);
  if (machine)
    {
      c->machine = TRUE;
      c->result = "machine";
      if (g_strcmp0 (setting (self, "amd"), "hangup") == 0)
        {
          hang_up (self, c, "system");
          return;
        }
    }
  c->answered_us = ev->timestamp_us;
  wait_for_agent (self, c);
}

void
rd_campaign_run_event (RdCampaignRun       *self,
                       const RdSwitchEvent *ev)
{
  Call *c = call_of_leg (self, ev->leg_id);
  g_autoptr(GError) error = NULL;

  if (c == NULL)
    {
      rd_campaign_run_transfer_event (self, ev);
      return;
    }
  switch (ev->type)
    {
    case RD_SWITCH_EVENT_RINGING:
    case RD_SWITCH_EVENT_EARLY_MEDIA:
      if (!rd_center_call_mark (center (self), c->call_id, RD_CENTER_CALL_RINGING, now_ms (self), NULL, &error))
        g_debug ("call %s: %s", c->call_id, error->message);
      break;
    case RD_SWITCH_EVENT_ANSWERED:
      if (c->phase == PHASE_RINGING)
        answered (self, c, ev);
      break;
    case RD_SWITCH_EVENT_BUSY:
      c->result = "busy";
      c->sip_code = ev->sip_code;
      rd_pacer_observe_call (self->pacer, RD_CALL_RESULT_BUSY,
                             (ev->timestamp_us - c->launched_us) / (double) G_USEC_PER_SEC);
      break;
    case RD_SWITCH_EVENT_NO_ANSWER:
      c->result = "no-answer";
      c->sip_code = ev->sip_code;   /* 480, 408; 0 for the ring timeout */
      rd_pacer_observe_call (self->pacer, RD_CALL_RESULT_NO_ANSWER,
                             (ev->timestamp_us - c->launched_us) / (double) G_USEC_PER_SEC);
      break;
    case RD_SWITCH_EVENT_FAILED:
      if (c->phase == PHASE_BRIDGING && ev->peer_leg_id != NULL)
        {
          /* the bridge did not take: the customer must not wait in silence */
          hang_up (self, c, "system");
          break;
        }
      if (c->answered_us == 0)
        {
          c->result = "failed";
          c->sip_code = ev->sip_code;
          rd_pacer_observe_call (self->pacer, RD_CALL_RESULT_FAILED,
                                 (ev->timestamp_us - c->launched_us) / (double) G_USEC_PER_SEC);
        }
      break;
    case RD_SWITCH_EVENT_BRIDGED:
      if (c->phase == PHASE_BRIDGING)
        {
          c->phase = PHASE_BRIDGED;
          c->bridged_us = ev->timestamp_us;
          if (!rd_center_call_mark (center (self), c->call_id, RD_CENTER_CALL_BRIDGED, now_ms (self),
                                    c->agent, &error))
            g_warning ("call %s: %s", c->call_id, error->message);
        }
      break;
    case RD_SWITCH_EVENT_DTMF:
      /* Broadcast with press-1: the listener asks for an agent. */
      if (self->broadcast && c->phase == PHASE_MESSAGE && ev->digit == '1' &&
          json_object_get_boolean_member_with_default (self->campaign, "press_one", FALSE))
        {
          c->broadcast_heard = TRUE;
          if (!connect_call (self, c))
            {
              c->phase = PHASE_WAITING;   /* the safe-harbor rule holds from here */
              c->answered_us = ev->timestamp_us;
            }
        }
      break;
    case RD_SWITCH_EVENT_AMD:
      if (c->phase == PHASE_DETECTING)
        detected (self, c, ev);
      break;
    case RD_SWITCH_EVENT_PLAY_DONE:
      if (c->phase == PHASE_MESSAGE)
        {
          if (self->broadcast && !c->safe_harbor)
            c->broadcast_heard = TRUE;
          hang_up (self, c, "system");
        }
      break;
    case RD_SWITCH_EVENT_CLOSED:
      finish (self, c, ev->cause);
      break;
    case RD_SWITCH_EVENT_INCOMING:
    case RD_SWITCH_EVENT_MEDIA_FORWARDED:
    default:
      break;
    }
}

gboolean
rd_campaign_run_hangup_agent (RdCampaignRun *self,
                              const char    *agent)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Call *c = value;

      if (g_strcmp0 (c->agent, agent) == 0 && c->phase != PHASE_ENDING)
        {
          hang_up (self, c, "agent");
          return TRUE;
        }
    }
  return FALSE;
}

void
rd_campaign_run_hangup_all (RdCampaignRun *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    hang_up (self, value, "system");
}

gboolean
rd_campaign_run_is_idle (RdCampaignRun *self)
{
  return g_hash_table_size (self->calls) == 0;
}

const char *
rd_campaign_run_get_id (RdCampaignRun *self)
{
  return self->id;
}

static RdPacerMode
mode_of (const char *method)
{
  if (g_strcmp0 (method, "predictive") == 0)
    return RD_PACER_PREDICTIVE;
  if (g_strcmp0 (method, "preview") == 0)
    return RD_PACER_PREVIEW;
  return RD_PACER_PROGRESSIVE;
}

void
rd_campaign_run_update (RdCampaignRun *self,
                        JsonObject    *campaign)
{
  RdPacerMode mode = mode_of (json_object_get_string_member_with_default (campaign, "dial_method", NULL));

  g_clear_pointer (&self->campaign, json_object_unref);
  self->campaign = json_object_ref (campaign);
  self->broadcast = g_strcmp0 (setting (self, "dial_method"), "broadcast") == 0;
  if (self->pacer == NULL || mode != self->mode)
    {
      g_clear_object (&self->pacer);
      self->mode = mode;
      self->pacer = rd_pacer_new (mode);
    }
  rd_campaign_run_make_prompts (self);
}

static void
rd_campaign_run_finalize (GObject *object)
{
  RdCampaignRun *self = (RdCampaignRun *) object;

  rd_campaign_run_release_offers (self);
  g_clear_pointer (&self->offers, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->lead_ids, g_hash_table_unref);
  g_clear_pointer (&self->wrap_since, g_hash_table_unref);
  g_clear_pointer (&self->campaign, json_object_unref);
  g_clear_object (&self->pacer);
  g_clear_object (&self->hopper);
  g_free (self->id);
  g_free (self->safe_harbor_wav);
  g_free (self->broadcast_wav);
  g_free (self->hold_wav);
  g_free (self->hold_text);
  g_free (self->prompts_key);
  G_OBJECT_CLASS (rd_campaign_run_parent_class)->finalize (object);
}

static void
rd_campaign_run_class_init (RdCampaignRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_campaign_run_finalize;
}

static void
rd_campaign_run_init (RdCampaignRun *self)
{
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) call_free);
  self->lead_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->wrap_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RdCampaignRun *
rd_campaign_run_new (RdDialer   *dialer,
                     JsonObject *campaign)
{
  RdCampaignRun *self = g_object_new (RD_TYPE_CAMPAIGN_RUN, NULL);

  self->dialer = dialer;
  self->id = g_strdup (json_object_get_string_member (campaign, "id"));
  rd_campaign_run_update (self, campaign);
  return self;
}
