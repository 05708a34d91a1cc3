/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervisors on agents: listen, whisper, barge (docs/callcenter.md, "Supervisors").
 *
 * A supervisor asks to monitor an agent; their phone dials a one-time sip:TOKEN@ as an
 * agent's does, and the switch puts that leg on the agent's (rd_switch_monitor). The
 * supervisor stays on the agent from customer to customer, follows a leg the agent's phone
 * makes again, and changes mode without dialling again. Hanging up ends it; so does the
 * agent logging out. One supervisor per agent; a supervisor watches one agent at a time. */
#include "config.h"

#include "rd-dialer-private.h"
#include "rd-server-crypto.h"

typedef struct {
  char                *supervisor;
  char                *agent;
  RdSwitchMonitorMode  mode;
  char                *token;          /* until the phone dials it */
  gint64               token_expires;  /* monotonic µs */
  char                *leg;            /* the supervisor's leg, once up */
  gint64               since;          /* Unix ms the monitoring started */
} Monitor;

struct _RdMonitors
{
  RdDialer   *dialer;                  /* borrowed: the dialer owns us */
  GHashTable *by_supervisor;           /* supervisor -> Monitor (owned) */
  GHashTable *by_token;                /* token -> Monitor (borrowed) */
  GHashTable *by_leg;                  /* leg -> Monitor (borrowed) */
};

static const char *const mode_names[] = { "off", "listen", "whisper", "barge" };

static void
monitor_free (Monitor *m)
{
  g_free (m->supervisor);
  g_free (m->agent);
  g_free (m->token);
  g_free (m->leg);
  g_free (m);
}

RdMonitors *
rd_monitors_new (RdDialer *dialer)
{
  RdMonitors *self = g_new0 (RdMonitors, 1);

  self->dialer = dialer;
  self->by_supervisor = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) monitor_free);
  self->by_token = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_leg = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
rd_monitors_free (RdMonitors *self)
{
  g_hash_table_unref (self->by_token);
  g_hash_table_unref (self->by_leg);
  g_hash_table_unref (self->by_supervisor);
  g_free (self);
}

static void
drop_token (RdMonitors *self,
            Monitor    *m)
{
  if (m->token != NULL)
    g_hash_table_remove (self->by_token, m->token);
  g_clear_pointer (&m->token, g_free);
}

/* Forgets @m; its leg, if up, is hung up (its CLOSED then finds nobody). */
static void
end (RdMonitors *self,
     Monitor    *m)
{
  drop_token (self, m);
  if (m->leg != NULL)
    {
      g_hash_table_remove (self->by_leg, m->leg);
      rd_switch_hangup (rd_dialer_get_switch (self->dialer), m->leg, 16);
    }
  g_message ("%s stops monitoring %s", m->supervisor, m->agent);
  g_hash_table_remove (self->by_supervisor, m->supervisor);
}

/* Tells the switch what @m is now, when both legs are up. */
static void
apply (RdMonitors *self,
       Monitor    *m)
{
  const char *agent_leg = rd_dialer_agent_leg (self->dialer, m->agent);

  if (m->leg != NULL && agent_leg != NULL)
    rd_switch_monitor (rd_dialer_get_switch (self->dialer), m->leg, agent_leg, m->mode);
}

static Monitor *
find_agent (RdMonitors *self,
            const char *agent)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_supervisor);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (((Monitor *) value)->agent, agent))
      return value;
  return NULL;
}

gboolean
rd_monitors_leg_incoming (RdMonitors          *self,
                          const RdSwitchEvent *ev,
                          const char          *token)
{
  Monitor *m = token != NULL ? g_hash_table_lookup (self->by_token, token) : NULL;

  if (m == NULL)
    return FALSE;
  drop_token (self, m);
  if (g_get_monotonic_time () > m->token_expires)
    {
      g_message ("supervisor leg %s (%s) refused: the token expired", ev->leg_id, m->supervisor);
      rd_switch_hangup (rd_dialer_get_switch (self->dialer), ev->leg_id, 21);
      return TRUE;
    }
  if (m->leg != NULL)      /* a phone that dialled again replaces its old leg */
    {
      g_hash_table_remove (self->by_leg, m->leg);
      rd_switch_hangup (rd_dialer_get_switch (self->dialer), m->leg, 16);
      g_free (m->leg);
    }
  m->leg = g_strdup (ev->leg_id);
  g_hash_table_insert (self->by_leg, m->leg, m);
  g_message ("%s monitors %s (%s)", m->supervisor, m->agent, mode_names[m->mode]);
  apply (self, m);
  return TRUE;
}

gboolean
rd_monitors_event (RdMonitors          *self,
                   const RdSwitchEvent *ev)
{
  Monitor *m = g_hash_table_lookup (self->by_leg, ev->leg_id);

  if (m == NULL)
    return FALSE;
  if (ev->type == RD_SWITCH_EVENT_CLOSED)
    {
      g_hash_table_remove (self->by_leg, m->leg);
      g_clear_pointer (&m->leg, g_free);
      end (self, m);       /* the supervisor hung up */
    }
  else if (ev->type == RD_SWITCH_EVENT_FAILED)
    g_message ("monitor %s on %s: %s", m->supervisor, m->agent, ev->cause);
  return TRUE;
}

void
rd_monitors_agent_leg (RdMonitors *self,
                       const char *agent)
{
  Monitor *m = find_agent (self, agent);

  if (m != NULL)
    apply (self, m);
}

void
rd_monitors_agent_gone (RdMonitors *self,
                        const char *agent)
{
  Monitor *m = find_agent (self, agent);

  if (m != NULL)
    end (self, m);
}

void
rd_monitors_stop (RdMonitors *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_supervisor);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Monitor *m = value;

      if (m->leg != NULL)
        rd_switch_hangup (rd_dialer_get_switch (self->dialer), m->leg, 16);
    }
}

gboolean
rd_dialer_monitor_mode_parse (const char          *name,
                              RdSwitchMonitorMode *mode)
{
  for (guint i = RD_SWITCH_MONITOR_LISTEN; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (name, mode_names[i]) == 0)
      {
        *mode = (RdSwitchMonitorMode) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
rd_dialer_monitor (RdDialer    *dialer,
                   const char  *supervisor,
                   const char  *agent,
                   const char  *mode_name,
                   char       **leg_token,
                   GError     **error)
{
  RdMonitors *self = rd_dialer_get_monitors (dialer);
  g_autoptr(JsonNode) status = rd_agent_desk_status (rd_dialer_get_desk (dialer), agent);
  RdSwitchMonitorMode mode;
  Monitor *m, *other;

  *leg_token = NULL;
  if (!rd_dialer_monitor_mode_parse (mode_name, &mode))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "mode is listen, whisper or barge, not \"%s\"", mode_name != NULL ? mode_name : "");
      return FALSE;
    }
  if (g_strcmp0 (supervisor, agent) == 0)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "a supervisor does not monitor themselves");
      return FALSE;
    }
  if (status == NULL || !json_object_get_boolean_member_with_default (json_node_get_object (status), "leg_up", FALSE))
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_NO_SESSION,
                   "%s is not in a campaign with their phone connected", agent);
      return FALSE;
    }
  other = find_agent (self, agent);
  if (other != NULL && !g_str_equal (other->supervisor, supervisor))
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                   "%s is already monitoring %s", other->supervisor, agent);
      return FALSE;
    }
  m = g_hash_table_lookup (self->by_supervisor, supervisor);
  if (m == NULL)
    {
      m = g_new0 (Monitor, 1);
      m->supervisor = g_strdup (supervisor);
      m->agent = g_strdup (agent);
      m->since = g_get_real_time () / 1000;
      g_hash_table_insert (self->by_supervisor, m->supervisor, m);
    }
  else if (!g_str_equal (m->agent, agent))
    {
      const char *old_leg = rd_dialer_agent_leg (dialer, m->agent);

      /* off the last agent, onto this one, on the same leg */
      if (m->leg != NULL && old_leg != NULL)
        rd_switch_monitor (rd_dialer_get_switch (dialer), m->leg, old_leg, RD_SWITCH_MONITOR_OFF);
      g_free (m->agent);
      m->agent = g_strdup (agent);
      m->since = g_get_real_time () / 1000;
    }
  m->mode = mode;
  if (m->leg == NULL)
    {
      drop_token (self, m);
      m->token = rd_token_new ();
      m->token_expires = g_get_monotonic_time () + RD_AGENT_DESK_TOKEN_TTL * G_USEC_PER_SEC;
      g_hash_table_insert (self->by_token, m->token, m);
      *leg_token = g_strdup (m->token);
    }
  else
    apply (self, m);
  return TRUE;
}

gboolean
rd_dialer_monitor_stop (RdDialer    *dialer,
                        const char  *supervisor,
                        GError     **error)
{
  RdMonitors *self = rd_dialer_get_monitors (dialer);
  Monitor *m = g_hash_table_lookup (self->by_supervisor, supervisor);

  if (m == NULL)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "you are not monitoring anyone");
      return FALSE;
    }
  end (self, m);
  return TRUE;
}

JsonNode *
rd_dialer_monitor_status (RdDialer   *dialer,
                          const char *supervisor)
{
  RdMonitors *self = rd_dialer_get_monitors (dialer);
  Monitor *m = g_hash_table_lookup (self->by_supervisor, supervisor);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "supervisor", supervisor);
  if (m != NULL)
    {
      json_object_set_string_member (o, "agent", m->agent);
      json_object_set_string_member (o, "mode", mode_names[m->mode]);
      json_object_set_boolean_member (o, "leg_up", m->leg != NULL);
      json_object_set_int_member (o, "since", m->since);
    }
  else
    json_object_set_string_member (o, "mode", "off");
  return json_node_init_object (json_node_alloc (), o);
}
