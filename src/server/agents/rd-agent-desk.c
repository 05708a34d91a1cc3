/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdAgentDesk: agent sessions, their leg tokens, the state machine and its timers. */
#include "config.h"

#include "rd-agent-desk-private.h"
#include "rd-server-crypto.h"

G_DEFINE_QUARK (rd-agent-desk-error-quark, rd_agent_desk_error)

G_DEFINE_FINAL_TYPE (RdAgentDesk, rd_agent_desk, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, SIGNAL_CALL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
session_free (Session *s)
{
  if (s->token != NULL)
    g_hash_table_remove (s->desk->tokens, s->token);
  g_clear_handle_id (&s->wrap_up_timer, g_source_remove);
  g_clear_handle_id (&s->leg_timer, g_source_remove);
  g_free (s->agent);
  g_free (s->campaign_id);
  g_strfreev (s->queues);
  g_free (s->queue_id);
  g_free (s->state);
  g_free (s->reason);
  g_free (s->call_id);
  g_free (s->token);
  g_free (s->pause_pending);
  g_free (s->preview_lead);
  g_free (s);
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, RD_AGENT_DESK_ERROR, code, message);
  return FALSE;
}

static Session *
find (RdAgentDesk  *self,
      const char   *agent,
      GError      **error)
{
  Session *s = agent != NULL ? g_hash_table_lookup (self->sessions, agent) : NULL;

  if (s == NULL)
    fail (error, RD_AGENT_DESK_ERROR_NO_SESSION, "the agent is not logged in to a campaign");
  return s;
}

/* Writes the change to the log first: a state the log does not have never shows. */
static gboolean
set_state (Session     *s,
           const char  *state,
           const char  *reason,
           const char  *call_id,
           GError     **error)
{
  g_autofree char *wrapped = NULL;
  RdAgentDesk *desk = s->desk;
  gboolean queue_call = s->queue_id != NULL &&
                        (g_str_equal (state, "on_call") || g_str_equal (state, "wrap_up"));

  /* a queue call's on_call and wrap_up rows carry the queue */
  if (!rd_center_agent_set_state (s->desk->center, s->agent, s->campaign_id,
                                  queue_call ? s->queue_id : NULL, state, reason, call_id, error))
    return FALSE;
  if (!queue_call)
    g_clear_pointer (&s->queue_id, g_free);
  /* Leaving wrap-up (a disposition, its timeout, a logout) ends the agent's part in it. */
  if (g_strcmp0 (s->state, "wrap_up") == 0 && !g_str_equal (state, "wrap_up"))
    wrapped = g_strdup (s->call_id);
  g_free (s->state);
  s->state = g_strdup (state);
  g_free (s->reason);
  s->reason = g_strdup (reason);
  g_free (s->call_id);
  s->call_id = g_strdup (call_id);
  s->since = rd_center_db_now (s->desk->center);
  if (!g_str_equal (state, "previewing"))
    g_clear_pointer (&s->preview_lead, g_free);
  if (!g_str_equal (state, "wrap_up"))
    {
      g_clear_handle_id (&s->wrap_up_timer, g_source_remove);
      s->wrap_up_deadline = 0;
    }
  g_signal_emit (s->desk, signals[SIGNAL_CHANGED], 0, s->agent, state);
  if (wrapped != NULL)
    {
      /* A logout frees the session in a "changed" handler's wake: keep the name. */
      g_autofree char *agent = g_strdup (s->agent);

      g_signal_emit (desk, signals[SIGNAL_CALL_DONE], 0, agent, wrapped);
    }
  return TRUE;
}

static void
issue_token (Session *s)
{
  if (s->token != NULL)
    g_hash_table_remove (s->desk->tokens, s->token);
  g_free (s->token);
  s->token = rd_token_new ();
  s->token_expires = g_get_monotonic_time () + RD_AGENT_DESK_TOKEN_TTL * G_USEC_PER_SEC;
  g_hash_table_insert (s->desk->tokens, s->token, s->agent);
}

static gboolean
end_session (RdAgentDesk  *self,
             Session      *s,
             const char   *reason,
             GError      **error)
{
  if (!set_state (s, "logout", reason, NULL, error))
    return FALSE;
  g_hash_table_remove (self->sessions, s->agent);
  return TRUE;
}

char *
rd_agent_desk_login (RdAgentDesk  *self,
                     const char   *agent,
                     const char   *campaign_id,
                     GError      **error)
{
  return rd_agent_desk_login_full (self, agent, campaign_id, NULL, error);
}

char *
rd_agent_desk_login_full (RdAgentDesk        *self,
                          const char         *agent,
                          const char         *campaign_id,
                          const char * const *queues,
                          GError            **error)
{
  g_autoptr(JsonNode) campaign = NULL;
  Session *old;
  Session *s;

  g_return_val_if_fail (RD_IS_AGENT_DESK (self), NULL);

  if (campaign_id == NULL && (queues == NULL || queues[0] == NULL))
    {
      fail (error, RD_AGENT_DESK_ERROR_STATE, "log in to a campaign, a queue, or both");
      return NULL;
    }
  campaign = campaign_id != NULL ? rd_center_campaign_get (self->center, campaign_id, error) : NULL;
  if (campaign_id != NULL && campaign == NULL)
    return NULL;
  old = g_hash_table_lookup (self->sessions, agent);
  if (old != NULL && g_strcmp0 (old->state, "on_call") == 0)
    {
      fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent is on a call; log in again after it");
      return NULL;
    }
  if (old != NULL && !end_session (self, old, "replaced", error))
    return NULL;

  s = g_new0 (Session, 1);
  s->desk = self;
  s->agent = g_strdup (agent);
  s->campaign_id = g_strdup (campaign_id);
  s->queues = g_strdupv ((char **) queues);
  if (s->queues == NULL)
    s->queues = g_new0 (char *, 1);
  if (!set_state (s, "login", NULL, NULL, error))
    {
      session_free (s);
      return NULL;
    }
  g_hash_table_insert (self->sessions, s->agent, s);
  issue_token (s);
  return g_strdup (s->token);
}

char *
rd_agent_desk_new_token (RdAgentDesk  *self,
                         const char   *agent,
                         GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return NULL;
  issue_token (s);
  return g_strdup (s->token);
}

static gboolean
leg_lost_cb (gpointer user_data)
{
  Session *s = user_data;
  g_autoptr(GError) error = NULL;

  s->leg_timer = 0;
  if (!end_session (s->desk, s, "leg-lost", &error))
    g_warning ("cannot log %s out: %s", s->agent, error->message);
  return G_SOURCE_REMOVE;
}

gboolean
rd_agent_desk_leg_up (RdAgentDesk  *self,
                      const char   *token,
                      char        **agent,
                      GError      **error)
{
  const char *name = token != NULL ? g_hash_table_lookup (self->tokens, token) : NULL;
  Session *s = name != NULL ? g_hash_table_lookup (self->sessions, name) : NULL;

  if (s == NULL || g_get_monotonic_time () > s->token_expires)
    return fail (error, RD_AGENT_DESK_ERROR_TOKEN, "the leg token is unknown, used or expired");

  g_hash_table_remove (self->tokens, s->token);
  g_clear_pointer (&s->token, g_free);
  g_clear_handle_id (&s->leg_timer, g_source_remove);
  s->leg_up = TRUE;
  if (g_str_equal (s->state, "login"))
    {
      if (!set_state (s, "paused", "login", NULL, error))
        return FALSE;
    }
  else
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, s->agent, s->state);
  if (agent != NULL)
    *agent = g_strdup (s->agent);
  return TRUE;
}

void
rd_agent_desk_leg_down (RdAgentDesk *self,
                        const char  *agent)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);

  if (s == NULL || !s->leg_up)
    return;
  s->leg_up = FALSE;
  g_clear_handle_id (&s->leg_timer, g_source_remove);
  s->leg_timer = g_timeout_add_seconds (RD_AGENT_DESK_LEG_GRACE, leg_lost_cb, s);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, s->agent, s->state);
}

gboolean
rd_agent_desk_ready (RdAgentDesk  *self,
                     const char   *agent,
                     GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!s->leg_up)
    return fail (error, RD_AGENT_DESK_ERROR_STATE,
                 "the phone is not connected to the server yet: wait for the leg, then Ready");
  if (g_str_equal (s->state, "ready"))
    return TRUE;
  if (g_str_equal (s->state, "wrap_up"))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "give the call a disposition first");
  if (!g_str_equal (s->state, "paused"))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "only a paused agent can become ready");
  g_clear_pointer (&s->pause_pending, g_free);
  return set_state (s, "ready", NULL, NULL, error);
}

static gboolean
code_allowed (RdAgentDesk  *self,
              Session      *s,
              const char   *code,
              GError      **error)
{
  g_autoptr(JsonNode) codes = rd_center_pause_codes (self->center, s->campaign_id, error);
  JsonArray *array;

  if (codes == NULL)
    return FALSE;
  array = json_node_get_array (codes);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "code"),
                   code) == 0)
      return TRUE;
  g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
               "\"%s\" is not a pause code of this campaign", code != NULL ? code : "");
  return FALSE;
}

/* On a call, or wrapping one up: a pause or a supervisor's logout waits for its end. */
static gboolean
has_call (Session *s)
{
  return g_str_equal (s->state, "on_call") || g_str_equal (s->state, "wrap_up") ||
         (g_str_equal (s->state, "previewing") && s->call_id != NULL);
}

/* Pauses @s with @code, or after its call; @not_connected is the refusal before the leg. */
static gboolean
pause_session (Session     *s,
               const char  *code,
               const char  *not_connected,
               GError     **error)
{
  if (has_call (s))
    {
      g_free (s->pause_pending);
      s->pause_pending = g_strdup (code);
      return TRUE;
    }
  if (g_str_equal (s->state, "login"))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, not_connected);
  return set_state (s, "paused", code, NULL, error);
}

gboolean
rd_agent_desk_pause (RdAgentDesk  *self,
                     const char   *agent,
                     const char   *code,
                     GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL || !code_allowed (self, s, code, error))
    return FALSE;
  return pause_session (s, code, "the phone is not connected to the server yet", error);
}

gboolean
rd_agent_desk_call_bridged (RdAgentDesk  *self,
                            const char   *agent,
                            const char   *call_id,
                            GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (g_str_equal (s->state, "on_call") && g_strcmp0 (s->call_id, call_id) == 0)
    return set_state (s, "on_call", NULL, call_id, error);   /* their own call answered */
  if (!g_str_equal (s->state, "ready") && !g_str_equal (s->state, "previewing"))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "only a ready agent takes a call");
  return set_state (s, "on_call", NULL, call_id, error);
}

gboolean
rd_agent_desk_queue_call_bridged (RdAgentDesk  *self,
                                  const char   *agent,
                                  const char   *call_id,
                                  const char   *queue_id,
                                  guint         wrap_up_timeout,
                                  GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!g_str_equal (s->state, "ready") || !s->leg_up)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "only a ready agent takes a call");
  if (!g_strv_contains ((const char * const *) s->queues, queue_id))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent is not logged in to this queue");
  g_free (s->queue_id);
  s->queue_id = g_strdup (queue_id);
  s->queue_wrap = wrap_up_timeout;
  if (!set_state (s, "on_call", NULL, call_id, error))
    {
      g_clear_pointer (&s->queue_id, g_free);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_agent_desk_in_queue (RdAgentDesk *self,
                        const char  *agent,
                        const char  *queue_id)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);

  return s != NULL && g_strv_contains ((const char * const *) s->queues, queue_id);
}

guint
rd_agent_desk_queue_agents (RdAgentDesk *self,
                            const char  *queue_id)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_strv_contains ((const char * const *) ((Session *) value)->queues, queue_id);
  return n;
}

gboolean
rd_agent_desk_set_queues (RdAgentDesk        *self,
                          const char         *agent,
                          const char * const *queues,
                          GError            **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (s->campaign_id == NULL && (queues == NULL || queues[0] == NULL))
    return fail (error, RD_AGENT_DESK_ERROR_STATE,
                 "out of every queue and in no campaign: log out instead");
  g_strfreev (s->queues);
  s->queues = queues != NULL ? g_strdupv ((char **) queues) : g_new0 (char *, 1);
  /* a call already bridged stays; a ready agent may take a caller of a new queue now */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, s->agent, s->state);
  return TRUE;
}

gboolean
rd_agent_desk_manual_dialling (RdAgentDesk  *self,
                               const char   *agent,
                               const char   *call_id,
                               GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!s->leg_up)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the phone is not connected to the server yet");
  if (!g_str_equal (s->state, "ready") && !g_str_equal (s->state, "paused"))
    return fail (error, RD_AGENT_DESK_ERROR_STATE,
                 "a number is dialled when ready or paused, not during a call, its wrap-up or a preview");
  /* Dialled from a pause, the agent goes back to it after the wrap-up (VICIdial does too),
   * not to ready, where the dialer would hand them the next customer. */
  if (g_str_equal (s->state, "paused") && s->pause_pending == NULL)
    s->pause_pending = g_strdup (s->reason != NULL && !g_str_equal (s->reason, "login") ? s->reason : "break");
  return set_state (s, "on_call", "dialling", call_id, error);
}

gboolean
rd_agent_desk_queue_callback_dialling (RdAgentDesk  *self,
                                       const char   *agent,
                                       const char   *call_id,
                                       const char   *queue_id,
                                       guint         wrap_up_timeout,
                                       GError      **error)
{
  Session *s = find (self, agent, error);
  char *before;
  guint wrap_before;

  if (s == NULL)
    return FALSE;
  /* on_call and wrap_up carry the queue, the wrap-up is the queue's; a refusal (not ready
   * or paused) leaves the session as it was */
  before = g_steal_pointer (&s->queue_id);
  wrap_before = s->queue_wrap;
  s->queue_id = g_strdup (queue_id);
  s->queue_wrap = wrap_up_timeout;
  if (!rd_agent_desk_manual_dialling (self, agent, call_id, error))
    {
      g_free (s->queue_id);
      s->queue_id = before;
      s->queue_wrap = wrap_before;
      return FALSE;
    }
  g_free (before);
  return TRUE;
}

gboolean
rd_agent_desk_preview_offer (RdAgentDesk  *self,
                             const char   *agent,
                             const char   *lead_id,
                             GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!g_str_equal (s->state, "ready") || !s->leg_up)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "only a ready agent is offered a lead");
  g_free (s->preview_lead);
  s->preview_lead = g_strdup (lead_id);   /* before the change is announced */
  if (!set_state (s, "previewing", NULL, NULL, error))
    {
      g_clear_pointer (&s->preview_lead, g_free);
      return FALSE;
    }
  return TRUE;
}

const char *
rd_agent_desk_preview_lead (RdAgentDesk *self,
                            const char  *agent)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);

  return s != NULL && g_str_equal (s->state, "previewing") ? s->preview_lead : NULL;
}

gboolean
rd_agent_desk_preview_dialling (RdAgentDesk  *self,
                                const char   *agent,
                                const char   *call_id,
                                GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!g_str_equal (s->state, "previewing") || s->call_id != NULL)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent has no lead card to dial");
  return set_state (s, "previewing", "dialling", call_id, error);   /* the lead stays */
}

gboolean
rd_agent_desk_preview_skip (RdAgentDesk  *self,
                            const char   *agent,
                            const char   *reason,
                            GError      **error)
{
  Session *s = find (self, agent, error);
  g_autofree char *why = NULL;

  if (s == NULL)
    return FALSE;
  if (!g_str_equal (s->state, "previewing") || s->call_id != NULL)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent has no lead card to skip");
  /* The skip and its reason stay in the log as the reason of the ready that follows. */
  why = reason != NULL && *reason != '\0' ? g_strdup_printf ("skip: %s", reason) : g_strdup ("skip");
  return set_state (s, "ready", why, NULL, error);
}

void
rd_agent_desk_preview_cancel (RdAgentDesk *self,
                              const char  *agent)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);
  g_autoptr(GError) error = NULL;

  if (s != NULL && g_str_equal (s->state, "previewing") && s->call_id == NULL &&
      !set_state (s, "ready", NULL, NULL, &error))
    g_warning ("%s: %s", agent, error->message);
}

/* Out of wrap-up: the pause asked for, or what the campaign says. */
static gboolean
after_wrap_up (Session  *s,
               GError  **error)
{
  g_autoptr(JsonNode) campaign = s->campaign_id != NULL
    ? rd_center_campaign_get (s->desk->center, s->campaign_id, NULL) : NULL;
  const char *then = campaign != NULL
    ? json_object_get_string_member (json_node_get_object (campaign), "wrap_up_then") : "ready";
  g_autofree char *pending = g_steal_pointer (&s->pause_pending);

  if (s->logout_pending)
    return end_session (s->desk, s, RD_AGENT_DESK_SUPERVISOR, error);
  if (pending != NULL)
    return set_state (s, "paused", pending, NULL, error);
  if (g_strcmp0 (then, "paused") == 0)
    return set_state (s, "paused", "after-call", NULL, error);
  return set_state (s, "ready", NULL, NULL, error);
}

gboolean
rd_agent_desk_call_transferred (RdAgentDesk  *self,
                                const char   *agent,
                                const char   *call_id,
                                GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (!g_str_equal (s->state, "on_call") || g_strcmp0 (s->call_id, call_id) != 0)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent is not on this call");
  return after_wrap_up (s, error);
}

static gboolean
wrap_up_timeout_cb (gpointer user_data)
{
  Session *s = user_data;
  g_autoptr(GError) error = NULL;

  s->wrap_up_timer = 0;
  if (!after_wrap_up (s, &error))
    g_warning ("wrap-up of %s: %s", s->agent, error->message);
  return G_SOURCE_REMOVE;
}

gboolean
rd_agent_desk_call_ended (RdAgentDesk  *self,
                          const char   *agent,
                          const char   *call_id,
                          GError      **error)
{
  Session *s = find (self, agent, error);
  g_autoptr(JsonNode) campaign = NULL;
  gint64 timeout;

  if (s == NULL)
    return FALSE;
  if ((!g_str_equal (s->state, "on_call") && !g_str_equal (s->state, "previewing")) ||
      g_strcmp0 (s->call_id, call_id) != 0)
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "the agent is not on this call");
  if (s->queue_id != NULL)
    timeout = s->queue_wrap;   /* a queue call: the queue's wrap-up */
  else
    {
      campaign = rd_center_campaign_get (self->center, s->campaign_id, error);
      if (campaign == NULL)
        return FALSE;
      timeout = json_object_get_int_member (json_node_get_object (campaign), "wrap_up_timeout");
    }
  if (!set_state (s, "wrap_up", NULL, call_id, error))
    return FALSE;
  if (timeout > 0)
    {
      s->wrap_up_deadline = s->since + timeout * 1000;
      s->wrap_up_timer = g_timeout_add_seconds ((guint) timeout, wrap_up_timeout_cb, s);
    }
  return TRUE;
}

gboolean
rd_agent_desk_dispose (RdAgentDesk  *self,
                       const char   *agent,
                       const char   *call_id,
                       const char   *code,
                       const char   *notes,
                       const char * const *tags,
                       gint64        callback_at,
                       gboolean      callback_mine,
                       GError      **error)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);

  /* A disposition may come after the timeout took the agent out of wrap-up, or after a
   * logout: the call row and the lead take it all the same. */
  if (!rd_center_call_dispose (self->center, call_id, agent, code, notes, tags, callback_at,
                               callback_mine, error))
    return FALSE;
  if (s != NULL && g_str_equal (s->state, "wrap_up") && g_strcmp0 (s->call_id, call_id) == 0)
    return after_wrap_up (s, error);   /* "call-done" as the wrap-up ends */
  g_signal_emit (self, signals[SIGNAL_CALL_DONE], 0, agent, call_id);
  return TRUE;
}

gboolean
rd_agent_desk_logout (RdAgentDesk  *self,
                      const char   *agent,
                      const char   *reason,
                      GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (g_str_equal (s->state, "on_call") || (g_str_equal (s->state, "previewing") && s->call_id != NULL))
    return fail (error, RD_AGENT_DESK_ERROR_STATE, "end the call before logging out");
  return end_session (self, s, reason != NULL ? reason : "logout", error);
}

/* A supervisor's pause and logout (docs/callcenter.md, "Supervisors"): as the agent's
 * own, with the reason "supervisor", and never cutting a call: during a call or its wrap-up
 * they wait for its end. */
gboolean
rd_agent_desk_force_pause (RdAgentDesk  *self,
                           const char   *agent,
                           GError      **error)
{
  Session *s = find (self, agent, error);

  if (s == NULL)
    return FALSE;
  if (g_str_equal (s->state, "paused") && g_strcmp0 (s->reason, RD_AGENT_DESK_SUPERVISOR) == 0)
    return TRUE;
  return pause_session (s, RD_AGENT_DESK_SUPERVISOR,
                        "the agent's phone is not connected to the server yet", error);
}

gboolean
rd_agent_desk_force_logout (RdAgentDesk  *self,
                            const char   *agent,
                            gboolean     *pending,
                            GError      **error)
{
  Session *s = find (self, agent, error);

  *pending = FALSE;
  if (s == NULL)
    return FALSE;
  if (has_call (s))
    {
      s->logout_pending = TRUE;
      *pending = TRUE;
      return TRUE;
    }
  return end_session (self, s, RD_AGENT_DESK_SUPERVISOR, error);
}

static void
rd_agent_desk_finalize (GObject *object)
{
  RdAgentDesk *self = (RdAgentDesk *) object;

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_object (&self->center);
  G_OBJECT_CLASS (rd_agent_desk_parent_class)->finalize (object);
}

static void
rd_agent_desk_class_init (RdAgentDeskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_agent_desk_finalize;

  /* A session changed state (logged, so the log already has it): agent, state. Handlers
   * must not call back into the desk; they schedule what they do. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                          G_TYPE_STRING, G_TYPE_STRING);
  /* The agent is done with a call (agent, call id): its wrap-up ended (a disposition, the
   * timeout, a logout), or a disposition came after it. The call row has what they said. */
  signals[SIGNAL_CALL_DONE] = g_signal_new ("call-done", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
rd_agent_desk_init (RdAgentDesk *self)
{
  self->tokens = g_hash_table_new (g_str_hash, g_str_equal);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) session_free);
}

RdAgentDesk *
rd_agent_desk_new (RdCenterDb *center)
{
  RdAgentDesk *self = g_object_new (RD_TYPE_AGENT_DESK, NULL);

  self->center = g_object_ref (center);
  return self;
}
