/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdDialer: the switch, the agents' permanent legs, and one RdCampaignRun per campaign a
 * manager started; the switch's events go to the leg's owner. */
#include "config.h"

#include "rd-campaign-run.h"
#include "rd-dialer-inbound.h"
#include "rd-dialer-private.h"

/* The runs tick this often: the safe-harbor clock and the pacer's decisions are no finer. */
#define TICK_MS       100
/* callcenter.db is read for campaign changes (start, stop, settings) this often. */
#define RECONCILE_US  (1 * G_USEC_PER_SEC)

struct _RdDialer
{
  GObject         parent_instance;

  RdCenterDb     *center;
  RdAgentDesk    *desk;
  RdPhoneZones   *zones;
  RdDialerConfig  config;        /* strings owned below */
  char           *listen_addr;
  char           *sip_host;
  RdSwitch       *sw;
  GHashTable     *agent_legs;    /* agent -> leg id */
  GHashTable     *leg_agents;    /* leg id -> agent */
  GHashTable     *runs;          /* campaign id -> RdCampaignRun */
  GHashTable     *leg_runs;      /* customer leg id -> RdCampaignRun (borrowed) */
  RdMonitors     *monitors;      /* supervisors on agents */
  RdDialerInbound inbound;       /* calls to the switch's numbers (queues) */
  gpointer        inbound_data;
  GHashTable     *inbound_legs;  /* leg ids the inbound side took */
  guint           tick_id;
  guint           soon_id;
  gint64          reconciled_us;
  gboolean        stopping;
  RdDialerScoreFunc score;       /* a lead's conversion score by number (order_by_score) */
  gpointer        score_data;
  GDestroyNotify  score_destroy;
};

G_DEFINE_FINAL_TYPE (RdDialer, rd_dialer, G_TYPE_OBJECT)

/* ---- agents' legs -------------------------------------------------------------------- */

/* The user part of "sip:TOKEN@host": what the phone dialled. */
static char *
token_of (const char *uri)
{
  const char *p = uri != NULL && g_str_has_prefix (uri, "sip:") ? uri + 4 : uri;
  const char *at = p != NULL ? strchr (p, '@') : NULL;

  return at != NULL && at > p ? g_strndup (p, (gsize) (at - p)) : NULL;
}

static gboolean
is_number (const char *user)
{
  const char *p = user != NULL && user[0] == '+' ? user + 1 : user;

  return p != NULL && *p != '\0' && strspn (p, "0123456789") == strlen (p);
}

static void
agent_leg_incoming (RdDialer            *self,
                    const RdSwitchEvent *ev)
{
  g_autofree char *token = token_of (ev->request_uri);
  g_autofree char *agent = NULL;
  g_autoptr(GError) error = NULL;
  const char *old;

  /* A caller dialled one of the numbers (DIDs): the inbound side's. */
  if (is_number (token))
    {
      if (self->stopping || self->inbound.incoming == NULL ||
          !self->inbound.incoming (self->inbound_data, ev, token))
        {
          g_message ("inbound call %s from %s to %s: not taken", ev->leg_id, ev->remote_uri, token);
          rd_switch_hangup (self->sw, ev->leg_id, 1);
        }
      return;
    }
  if (!self->stopping && rd_monitors_leg_incoming (self->monitors, ev, token))
    return;
  if (self->stopping || !rd_agent_desk_leg_up (self->desk, token, &agent, &error))
    {
      /* An unknown, used or expired token: no media, the leg ends at once. */
      g_message ("leg %s (%s) refused: %s", ev->leg_id, ev->remote_uri,
                 error != NULL ? error->message : "stopping");
      rd_switch_hangup (self->sw, ev->leg_id, 21);
      return;
    }
  old = g_hash_table_lookup (self->agent_legs, agent);
  if (old != NULL)
    {
      /* a re-made leg replaces the old one, which the phone has given up on */
      rd_switch_hangup (self->sw, old, 16);
      g_hash_table_remove (self->leg_agents, old);
    }
  g_hash_table_replace (self->leg_agents, g_strdup (ev->leg_id), g_strdup (agent));
  g_hash_table_replace (self->agent_legs, g_strdup (agent), g_strdup (ev->leg_id));
  rd_monitors_agent_leg (self->monitors, agent);
}

static void
hangup_agent_calls (RdDialer   *self,
                    const char *agent)
{
  GHashTableIter iter;
  gpointer value;

  if (self->inbound.hangup_agent != NULL && self->inbound.hangup_agent (self->inbound_data, agent))
    return;
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (rd_campaign_run_hangup_agent (value, agent))
      break;
}

static void
agent_leg_closed (RdDialer   *self,
                  const char *leg_id)
{
  g_autofree char *agent = g_strdup (g_hash_table_lookup (self->leg_agents, leg_id));

  g_hash_table_remove (self->leg_agents, leg_id);
  if (agent == NULL)
    return;
  if (g_strcmp0 (g_hash_table_lookup (self->agent_legs, agent), leg_id) == 0)
    {
      g_hash_table_remove (self->agent_legs, agent);
      /* The customer does not stay on a line nobody listens to. */
      hangup_agent_calls (self, agent);
      rd_agent_desk_leg_down (self->desk, agent);
    }
}

const char *
rd_dialer_agent_leg (RdDialer   *self,
                     const char *agent)
{
  return g_hash_table_lookup (self->agent_legs, agent);
}

/* ---- the switch's events ------------------------------------------------------------- */

static void
switch_event_cb (const RdSwitchEvent *ev,
                 gpointer             user_data)
{
  RdDialer *self = user_data;
  RdCampaignRun *run;

  if (ev->type == RD_SWITCH_EVENT_INCOMING)
    {
      agent_leg_incoming (self, ev);
      return;
    }
  if (ev->type == RD_SWITCH_EVENT_REFUSED)
    {
      g_message ("inbound call from %s to %s refused (404): no queue has this number",
                 ev->remote_uri, ev->request_uri);
      return;
    }
  /* The trunk's registration is no leg's (leg_id NULL). */
  if (ev->type == RD_SWITCH_EVENT_REGISTERED)
    {
      if (ev->sip_code >= 200 && ev->sip_code < 300)
        g_message ("trunk %s: registered", self->config.trunk);
      else
        g_warning ("trunk %s: registration failed: %u %s", self->config.trunk, ev->sip_code,
                   ev->cause != NULL ? ev->cause : "");
      return;
    }
  if (ev->leg_id == NULL)
    return;
  if (g_hash_table_contains (self->inbound_legs, ev->leg_id))
    {
      if (self->inbound.event != NULL)
        self->inbound.event (self->inbound_data, ev);
      return;
    }
  if (rd_monitors_event (self->monitors, ev))
    return;
  if (g_hash_table_contains (self->leg_agents, ev->leg_id))
    {
      if (ev->type == RD_SWITCH_EVENT_CLOSED)
        agent_leg_closed (self, ev->leg_id);
      return;
    }
  run = g_hash_table_lookup (self->leg_runs, ev->leg_id);
  if (run != NULL)
    rd_campaign_run_event (g_object_ref (run), ev), g_object_unref (run);
}

void
rd_dialer_claim_leg (RdDialer   *self,
                     const char *leg_id,
                     gpointer    run)
{
  g_hash_table_replace (self->leg_runs, g_strdup (leg_id), run);
}

void
rd_dialer_release_leg (RdDialer   *self,
                       const char *leg_id)
{
  g_hash_table_remove (self->leg_runs, leg_id);
}

/* ---- campaign runs ------------------------------------------------------------------- */

/* A run for every campaign that is running; runs of stopped or paused campaigns stay
 * until their last call ended. */
static void
reconcile (RdDialer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = rd_center_campaign_list (self->center, NULL, NULL, NULL, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  JsonArray *rows;

  self->reconciled_us = g_get_monotonic_time ();
  if (list == NULL)
    {
      g_warning ("dialer: cannot read the campaigns: %s", error->message);
      return;
    }
  rows = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *campaign = json_array_get_object_element (rows, i);
      const char *id = json_object_get_string_member (campaign, "id");
      const char *status = json_object_get_string_member (campaign, "status");
      RdCampaignRun *run = g_hash_table_lookup (self->runs, id);

      g_hash_table_add (seen, (gpointer) id);
      if (run != NULL)
        rd_campaign_run_update (run, campaign);
      else if (g_strcmp0 (status, "running") == 0 && !self->stopping)
        {
          run = rd_campaign_run_new (self, campaign);
          g_hash_table_insert (self->runs, g_strdup (id), run);
          g_message ("campaign %s (%s) dialling", id, json_object_get_string_member (campaign, "name"));
        }
    }
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RdCampaignRun *run = value;
      JsonObject *campaign = NULL;

      for (guint i = 0; i < json_array_get_length (rows) && campaign == NULL; i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (rows, i), "id"), key))
          campaign = json_array_get_object_element (rows, i);
      if ((campaign == NULL || g_strcmp0 (json_object_get_string_member (campaign, "status"), "running") != 0) &&
          rd_campaign_run_is_idle (run))
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  RdDialer *self = user_data;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  if (g_get_monotonic_time () - self->reconciled_us >= RECONCILE_US)
    reconcile (self);
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (runs, g_object_ref (value));
  for (guint i = 0; i < runs->len; i++)
    rd_campaign_run_tick (runs->pdata[i]);
  return G_SOURCE_CONTINUE;
}

static gboolean
soon_cb (gpointer user_data)
{
  RdDialer *self = user_data;

  self->soon_id = 0;
  tick_cb (self);
  return G_SOURCE_REMOVE;
}

/* An agent became ready (or anything else): a waiting customer need not wait for the tick.
 * A logged-out agent's leg is hung up. */
static void
desk_changed_cb (RdAgentDesk *desk,
                 const char  *agent,
                 const char  *state,
                 RdDialer    *self)
{
  (void) desk;
  if (g_str_equal (state, "logout"))
    {
      const char *leg = g_hash_table_lookup (self->agent_legs, agent);

      if (leg != NULL)
        rd_switch_hangup (self->sw, leg, 16);
      rd_monitors_agent_gone (self->monitors, agent);
    }
  if (self->soon_id == 0 && !self->stopping)
    self->soon_id = g_idle_add (soon_cb, self);
}

gboolean
rd_dialer_hangup_agent (RdDialer    *self,
                        const char  *agent,
                        GError     **error)
{
  GHashTableIter iter;
  gpointer value;

  if (self->inbound.hangup_agent != NULL && self->inbound.hangup_agent (self->inbound_data, agent))
    return TRUE;
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (rd_campaign_run_hangup_agent (value, agent))
      return TRUE;
  g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                       "the agent has no call to hang up");
  return FALSE;
}

/* The run of @agent's campaign, or NULL (with @error) when it is not dialling. */
static RdCampaignRun *
run_of_agent (RdDialer    *self,
              const char  *agent,
              GError     **error)
{
  g_autoptr(JsonNode) status = rd_agent_desk_status (self->desk, agent);
  const char *campaign = status != NULL
    ? json_object_get_string_member (json_node_get_object (status), "campaign_id") : NULL;
  RdCampaignRun *run = campaign != NULL ? g_hash_table_lookup (self->runs, campaign) : NULL;

  if (run == NULL)
    g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                         status == NULL ? "the agent is not in a campaign"
                                        : "the agent's campaign is not running");
  return run;
}

gboolean
rd_dialer_preview_dial (RdDialer    *self,
                        const char  *agent,
                        const char  *number,
                        GError     **error)
{
  RdCampaignRun *run = run_of_agent (self, agent, error);

  return run != NULL && rd_campaign_run_preview_dial (run, agent, number, error);
}

gboolean
rd_dialer_manual_dial (RdDialer    *self,
                       const char  *agent,
                       const char  *number,
                       GError     **error)
{
  RdCampaignRun *run = run_of_agent (self, agent, error);

  return run != NULL && rd_campaign_run_manual_dial (run, agent, number, error);
}

gboolean
rd_dialer_transfer (RdDialer    *self,
                    const char  *agent,
                    const char  *colleague,
                    const char  *number,
                    gboolean     consult,
                    GError     **error)
{
  RdCampaignRun *run = run_of_agent (self, agent, error);

  if (run == NULL)
    return FALSE;
  return colleague != NULL ? rd_campaign_run_transfer (run, agent, colleague, error)
                           : rd_campaign_run_transfer_out (run, agent, number, consult, error);
}

gboolean
rd_dialer_transfer_end (RdDialer    *self,
                        const char  *agent,
                        gboolean     complete,
                        GError     **error)
{
  RdCampaignRun *run = run_of_agent (self, agent, error);

  if (run == NULL)
    return FALSE;
  return complete ? rd_campaign_run_transfer_complete (run, agent, error)
                  : rd_campaign_run_transfer_cancel (run, agent, error);
}

JsonObject *
rd_dialer_transfer_status (RdDialer   *self,
                           const char *agent)
{
  RdCampaignRun *run = run_of_agent (self, agent, NULL);

  return run != NULL ? rd_campaign_run_transfer_status (run, agent) : NULL;
}

void
rd_dialer_stop (RdDialer *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->stopping = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    rd_campaign_run_hangup_all (value);
  g_hash_table_iter_init (&iter, self->leg_agents);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    rd_switch_hangup (self->sw, key, 16);
  rd_monitors_stop (self->monitors);
}

/* ---- the inbound side ---------------------------------------------------------------- */

void
rd_dialer_set_inbound (RdDialer              *self,
                       const RdDialerInbound *inbound,
                       gpointer               data)
{
  if (inbound != NULL)
    self->inbound = *inbound;
  else
    memset (&self->inbound, 0, sizeof self->inbound);
  self->inbound_data = inbound != NULL ? data : NULL;
}

void
rd_dialer_claim_inbound_leg (RdDialer   *self,
                             const char *leg_id)
{
  g_hash_table_add (self->inbound_legs, g_strdup (leg_id));
}

void
rd_dialer_release_inbound_leg (RdDialer   *self,
                               const char *leg_id)
{
  g_hash_table_remove (self->inbound_legs, leg_id);
}

RdSwitch *
rd_dialer_inbound_switch (RdDialer *self)
{
  return self->sw;
}

const char *
rd_dialer_inbound_agent_leg (RdDialer   *self,
                             const char *agent)
{
  return rd_dialer_agent_leg (self, agent);
}

const RdDialerConfig *
rd_dialer_inbound_config (RdDialer *self)
{
  return &self->config;
}

/* ---- the rest ------------------------------------------------------------------------ */

char *
rd_dialer_leg_uri (RdDialer   *self,
                   const char *token)
{
  return g_strdup_printf ("sip:%s@%s:%u", token, self->sip_host, rd_switch_get_port (self->sw));
}

JsonObject *
rd_dialer_campaign_live (RdDialer   *self,
                         const char *campaign_id)
{
  RdCampaignRun *run = g_hash_table_lookup (self->runs, campaign_id);

  return run != NULL ? rd_campaign_run_live (run) : NULL;
}

guint16
rd_dialer_get_sip_port (RdDialer *self)
{
  return rd_switch_get_port (self->sw);
}

RdMonitors *
rd_dialer_get_monitors (RdDialer *self)
{
  return self->monitors;
}

RdSwitch *
rd_dialer_get_switch (RdDialer *self)
{
  return self->sw;
}

RdCenterDb *
rd_dialer_get_center (RdDialer *self)
{
  return self->center;
}

RdAgentDesk *
rd_dialer_get_desk (RdDialer *self)
{
  return self->desk;
}

RdPhoneZones *
rd_dialer_get_zones (RdDialer *self)
{
  return self->zones;
}

void
rd_dialer_set_score_func (RdDialer          *self,
                          RdDialerScoreFunc  func,
                          gpointer           data,
                          GDestroyNotify     destroy)
{
  g_return_if_fail (RD_IS_DIALER (self));

  if (self->score_destroy != NULL)
    self->score_destroy (self->score_data);
  self->score = func;
  self->score_data = data;
  self->score_destroy = destroy;
}

double
rd_dialer_score_number (RdDialer   *self,
                        const char *e164)
{
  return self->score != NULL && e164 != NULL ? self->score (e164, self->score_data) : -1;
}

const RdDialerConfig *
rd_dialer_get_config (RdDialer *self)
{
  return &self->config;
}

static void
rd_dialer_dispose (GObject *object)
{
  RdDialer *self = (RdDialer *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_func (self->desk, desk_changed_cb, self);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->sw, rd_switch_free);   /* BYE to what is left, then the thread ends */
  G_OBJECT_CLASS (rd_dialer_parent_class)->dispose (object);
}

static void
rd_dialer_finalize (GObject *object)
{
  RdDialer *self = (RdDialer *) object;

  g_clear_pointer (&self->agent_legs, g_hash_table_unref);
  g_clear_pointer (&self->leg_agents, g_hash_table_unref);
  g_clear_pointer (&self->leg_runs, g_hash_table_unref);
  g_clear_pointer (&self->inbound_legs, g_hash_table_unref);
  g_clear_pointer (&self->monitors, rd_monitors_free);
  g_clear_object (&self->center);
  g_clear_object (&self->desk);
  g_clear_object (&self->zones);
  if (self->score_destroy != NULL)
    self->score_destroy (self->score_data);
  g_free (self->listen_addr);
  g_free (self->sip_host);
  g_free ((char *) self->config.trunk);
  g_free ((char *) self->config.prompts_dir);
  g_free ((char *) self->config.recordings_dir);
  g_free ((char *) self->config.voice);
  G_OBJECT_CLASS (rd_dialer_parent_class)->finalize (object);
}

static void
rd_dialer_class_init (RdDialerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_dialer_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_dialer_finalize;
}

static void
rd_dialer_init (RdDialer *self)
{
  self->agent_legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->leg_agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->leg_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->inbound_legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->monitors = rd_monitors_new (self);
}

RdDialer *
rd_dialer_new (RdCenterDb            *center,
               RdAgentDesk           *desk,
               RdPhoneZones          *zones,
               const RdDialerConfig  *config,
               GError               **error)
{
  g_autoptr(RdDialer) self = g_object_new (RD_TYPE_DIALER, NULL);
  RdSwitchConfig sc = { 0 };
  const char *colon = config->sip_listen != NULL ? strrchr (config->sip_listen, ':') : NULL;
  guint64 port = 0;

  if (colon == NULL || colon == config->sip_listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the SIP address must be ADDRESS:PORT, not \"%s\"",
                   config->sip_listen != NULL ? config->sip_listen : "");
      return NULL;
    }
  if (config->trunk == NULL || *config->trunk == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "the dialer needs a SIP trunk (HOST:PORT) to call customers through");
      return NULL;
    }
  self->center = g_object_ref (center);
  self->desk = g_object_ref (desk);
  self->zones = zones != NULL ? g_object_ref (zones) : NULL;
  self->listen_addr = g_strndup (config->sip_listen, (gsize) (colon - config->sip_listen));
  self->sip_host = g_strdup (config->sip_host != NULL ? config->sip_host : self->listen_addr);
  self->config.trunk = g_strdup (config->trunk);
  self->config.prompts_dir = g_strdup (config->prompts_dir);
  self->config.recordings_dir = g_strdup (config->recordings_dir);
  self->config.voice = g_strdup (config->voice != NULL ? config->voice : "en");

  sc.listen_addr = self->listen_addr;
  sc.listen_port = (guint16) port;
  sc.auto_answer = TRUE;   /* inbound legs are the agents' phones; the token decides */
  sc.trunk_user = config->trunk_user;
  sc.trunk_password = config->trunk_password;
  sc.registrar = config->trunk;
  sc.register_expires = config->trunk_user != NULL ? config->register_expires : 0;
  self->sw = rd_switch_new (&sc, g_main_context_default (), switch_event_cb, self, error);
  if (self->sw == NULL)
    return NULL;
  g_signal_connect (desk, "changed", G_CALLBACK (desk_changed_cb), self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return g_steal_pointer (&self);
}
