/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdQueues: callers waiting in inbound queues, their prompts, and the agent each gets. */
#include "config.h"

#include <string.h>

#include "rd-queue-estimate.h"
#include "rd-queue-pick.h"
#include "rd-queues-private.h"

/* Deadlines (maximum wait, the responsible manager's window) are looked at this often. */
#define TICK_MS       250
/* callcenter.db is read for queue changes this often (and at once on rd_queues_reload). */
#define RELOAD_US     (1 * G_USEC_PER_SEC)
/* The expected wait: from the handle times of this many recent calls, said up to this many
 * minutes. */
#define HANDLE_CALLS  20
#define WAIT_CAP_MIN  60

G_DEFINE_FINAL_TYPE (RdQueues, rd_queues, G_TYPE_OBJECT)

void
rd_queues_caller_free (Caller *c)
{
  g_free (c->callback_id);
  g_free (c->offered_to);
  g_clear_pointer (&c->skipped, g_hash_table_unref);
  g_free (c->leg_id);
  g_free (c->call_id);
  g_free (c->queue_id);
  g_free (c->number);
  g_free (c->owner);
  g_free (c->agent);
  g_free (c);
}

/* ---- the queues as callcenter.db has them ----------------------------------------------- */

static void prepare_prompts (RdQueues *self, JsonObject *queue);

static void
reload (RdQueues *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = rd_center_queue_list (self->center, NULL, &error);
  g_auto(GStrv) numbers = NULL;
  JsonArray *rows;

  self->reloaded_us = g_get_monotonic_time ();
  if (list == NULL)
    {
      g_warning ("queues: cannot read them: %s", error->message);
      return;
    }
  g_hash_table_remove_all (self->queues);
  g_hash_table_remove_all (self->teams);
  rows = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *q = json_array_get_object_element (rows, i);

      json_object_set_int_member (q, "handle_ms", rd_center_queue_handle_ms (self->center,
                                                                           json_object_get_string_member (q, "id"),
                                                                           HANDLE_CALLS));
      g_hash_table_insert (self->queues, g_strdup (json_object_get_string_member (q, "id")),
                           json_object_ref (q));
      prepare_prompts (self, q);
    }
  numbers = rd_center_queue_numbers (self->center);
  if (self->numbers == NULL || !g_strv_equal ((const char * const *) numbers, (const char * const *) self->numbers))
    {
      rd_switch_set_numbers (sw (self), (const char * const *) numbers);
      g_strfreev (self->numbers);
      self->numbers = g_steal_pointer (&numbers);
    }
}

void
rd_queues_reload (RdQueues *self)
{
  reload (self);
}

static const char *
team_of (RdQueues   *self,
         const char *agent)
{
  const char *team = g_hash_table_lookup (self->teams, agent);

  if (team == NULL)
    {
      g_autoptr(RdUser) user = rd_server_db_find_user (self->db, agent, NULL);

      team = user != NULL && user->team != NULL ? user->team : "";
      g_hash_table_insert (self->teams, g_strdup (agent), g_strdup (team));
      team = g_hash_table_lookup (self->teams, agent);
    }
  return *team != '\0' ? team : NULL;
}

/* @agent's tier in @queue (0 first): the lowest priority of the entries that name them or
 * their team; G_MAXUINT when none does. */
static guint
tier_of (RdQueues   *self,
         JsonObject *queue,
         const char *agent)
{
  JsonArray *members = json_object_get_array_member (queue, "members");
  const char *team = NULL;
  gboolean team_read = FALSE;
  guint tier = G_MAXUINT;

  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);
      const char *name = json_object_get_string_member_with_default (m, "agent", NULL);
      const char *mteam = json_object_get_string_member_with_default (m, "team", NULL);
      guint prio = (guint) json_object_get_int_member_with_default (m, "priority", 0);

      if (mteam != NULL && !team_read)
        team = team_of (self, agent), team_read = TRUE;
      if (g_strcmp0 (name, agent) == 0 || (mteam != NULL && g_strcmp0 (mteam, team) == 0))
        tier = MIN (tier, prio);
    }
  return tier;
}

/* ---- prompts ---------------------------------------------------------------------------- */

static guint
position_of (RdQueues *self,
             Caller   *c)
{
  GHashTableIter iter;
  gpointer value;
  guint ahead = 0;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Caller *o = value;

      if (o->phase == PHASE_WAITING && g_strcmp0 (o->queue_id, c->queue_id) == 0 && o->seq < c->seq)
        ahead++;
    }
  return ahead + 1;
}

/* The expected-wait prompt of @c (made, or being made: NULL), or NULL when the queue has
 * no answered call to judge by or does not say it. */
static char *
expected_wait_prompt (RdQueues   *self,
                      Caller     *c,
                      JsonObject *queue)
{
  gint64 wait;

  if (!json_object_get_boolean_member_with_default (queue, "announce_wait", TRUE))
    return NULL;
  /* the handle time as read at the last reload (once a second), not a query a prompt */
  wait = rd_queue_expected_wait_ms (position_of (self, c),
                                    json_object_get_int_member_with_default (queue, "handle_ms", -1),
                                    rd_agent_desk_queue_agents (self->desk, c->queue_id));
  if (wait < 0)
    return NULL;
  return rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_EXPECTED_WAIT,
                               rd_queue_expected_wait_minutes (wait, WAIT_CAP_MIN));
}

/* The next prompt of a waiting caller: their position when it is due (then the expected
 * wait), else the hold message; each PLAY_DONE brings the next, so the caller never hears
 * silence. */
void
rd_queues_play_next (RdQueues *self,
                     Caller   *c)
{
  JsonObject *queue = queue_of (self, c);
  gint64 period = setting (queue, "announce_period") * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *wav = NULL;

  if (queue == NULL || c->playing)
    return;
  /* right after the position; one not made yet is skipped this turn */
  if (c->wait_next)
    {
      c->wait_next = FALSE;
      wav = expected_wait_prompt (self, c, queue);
    }
  if (wav == NULL && period > 0 && (c->announce_next || now >= c->announce_due_us))
    {
      /* not made yet: the hold message meanwhile, the position as soon as it is */
      wav = rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_POSITION, position_of (self, c));
      if (wav != NULL)
        {
          c->announce_due_us = now + period;
          c->announce_next = FALSE;
          c->wait_next = TRUE;
        }
    }
  if (wav == NULL)
    wav = rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_HOLD, 0);
  if (wav != NULL && rd_switch_play (sw (self), c->leg_id, wav))
    c->playing = TRUE;
}

/* A prompt was made: callers hearing nothing get it now. */
static void
prompt_made_cb (gpointer data)
{
  RdQueues *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Caller *c = value;

      if (c->phase == PHASE_WAITING && !c->playing)
        rd_queues_play_next (self, c);
      else if (c->phase == PHASE_MESSAGE || c->phase == PHASE_VOICEMAIL_PROMPT)
        rd_queues_lost_prompt (self, c, FALSE);
    }
}

/* What callers of @queue will hear, made before the first one comes. */
static void
prepare_prompts (RdQueues   *self,
                 JsonObject *queue)
{
  g_autofree char *hold = rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_HOLD, 0);
  g_autofree char *bye = rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_MAX_WAIT, 0);
  g_autofree char *mail = json_object_get_boolean_member_with_default (queue, "voicemail", FALSE)
    ? rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_VOICEMAIL, 0) : NULL;

  for (guint n = 1; n <= 5 && setting (queue, "announce_period") > 0; n++)
    g_free (rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_POSITION, n));
  for (guint n = 0; n <= 5 && setting (queue, "announce_period") > 0 &&
                    json_object_get_boolean_member_with_default (queue, "announce_wait", TRUE); n++)
    g_free (rd_queue_prompts_get (self->prompts, queue, RD_QUEUE_PROMPT_EXPECTED_WAIT, n));
}

/* ---- the call's end --------------------------------------------------------------------- */

void
rd_queues_hang_up (RdQueues   *self,
                   Caller     *c,
                   const char *hangup_by)
{
  if (c->phase == PHASE_ENDING)
    return;
  c->phase = PHASE_ENDING;
  if (c->hangup_by == NULL)
    c->hangup_by = hangup_by;
  rd_switch_hangup (sw (self), c->leg_id, 16);
}


static void
finish (RdQueues   *self,
        Caller     *c,
        const char *cause)
{
  g_autoptr(GError) error = NULL;
  gboolean waiting = !c->bridged;
  gint64 waited = c->answered_us > 0 ? (g_get_monotonic_time () - c->answered_us) / 1000 : 0;
  const char *result = c->result;

  if (c->hangup_by == NULL)
    c->hangup_by = g_strcmp0 (cause, "remote hangup") == 0 ? "customer" : "system";
  if (result == NULL)
    result = c->bridged ? "human" : c->answered_us > 0 ? "abandoned" : "failed";
  if (!rd_center_call_end (self->center, c->call_id, result, 0, cause, c->hangup_by, FALSE,
                           now_ms (self), &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);
  /* A caller who gave up waiting, or whom the queue sent away, is called back. */
  if (waiting && c->answered_us > 0)
    {
      const char *reason = c->lost_reason != NULL ? c->lost_reason : "abandoned";

      g_message ("queue call %s from %s lost (%s) after %" G_GINT64_FORMAT " ms: a callback for the queue's team",
                 c->call_id, c->number, reason, waited);
      if (!rd_center_queue_callback_add (self->center, c->queue_id, c->call_id, c->number, reason,
                                         waited, c->message_at_ms > 0 ? c->message_at_ms : -1,
                                         &error))
        g_warning ("call %s: the callback: %s", c->call_id, error->message);
      g_clear_error (&error);
    }
  /* A message left: on the caller's record in the CRM, the responsible manager's if known. */
  if (c->message_at_ms > 0 && self->filer != NULL &&
      (!rd_center_call_set_voicemail (self->center, c->call_id, &error) ||
       !rd_call_filer_file_voicemail (self->filer, c->call_id, c->owner, &error)))
    g_warning ("call %s: the voicemail is not filed: %s", c->call_id, error->message);
  g_clear_error (&error);
  if (c->agent != NULL &&
      !rd_agent_desk_call_ended (self->desk, c->agent, c->call_id, &error))
    g_debug ("%s: %s", c->agent, error->message);
  rd_dialer_release_inbound_leg (self->dialer, c->leg_id);
  g_hash_table_remove (self->callers, c->leg_id);
  rd_queues_schedule_dispatch (self);
}

/* ---- agents ----------------------------------------------------------------------------- */

/* The ready agent @c gets now, or NULL: members of its queue logged in to it, whose leg is
 * up, the lowest tier, by the strategy; the responsible manager alone in their window. */
static const char *
pick_agent (RdQueues  *self,
            Caller    *c,
            GPtrArray *ready,
            GHashTable *taken)
{
  JsonObject *queue = queue_of (self, c);
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (RdQueueCandidate));
  RdQueueStrategy strategy = RD_QUEUE_LONGEST_IDLE;
  const char *owner = NULL;
  gboolean owner_here = FALSE;
  gint i;

  if (queue == NULL)
    return NULL;
  rd_queue_strategy_parse (json_object_get_string_member (queue, "strategy"), &strategy);
  for (guint k = 0; k < ready->len; k++)
    {
      const char *agent = ready->pdata[k];
      RdQueueCandidate cand = { agent, 0, (gint64) k };   /* @ready is longest-waiting first */

      if (g_hash_table_contains (taken, agent) || (c->skipped != NULL && g_hash_table_contains (c->skipped, agent)) ||
          !rd_agent_desk_in_queue (self->desk, agent, c->queue_id) ||
          rd_dialer_inbound_agent_leg (self->dialer, agent) == NULL)
        continue;
      cand.priority = tier_of (self, queue, agent);
      if (cand.priority == G_MAXUINT)
        continue;   /* logged in to the queue, no longer a member */
      owner_here |= g_strcmp0 (agent, c->owner) == 0;
      g_array_append_val (cands, cand);
    }
  /* In their window the responsible manager is waited for if they are logged in to the
   * queue (busy now, maybe free in a moment); otherwise the queue takes the caller. */
  if (c->owner != NULL && g_get_monotonic_time () < c->owner_until_us &&
      (owner_here || rd_agent_desk_in_queue (self->desk, c->owner, c->queue_id)))
    owner = c->owner;
  i = rd_queue_pick ((RdQueueCandidate *) (void *) cands->data, cands->len, strategy, owner,
                     g_hash_table_lookup (self->last_agent, c->queue_id));
  return i >= 0 ? g_array_index (cands, RdQueueCandidate, i).agent : NULL;
}

gboolean
rd_queues_connect (RdQueues   *self,
                   Caller     *c,
                   const char *agent)
{
  JsonObject *queue = queue_of (self, c);
  const char *leg = rd_dialer_inbound_agent_leg (self->dialer, agent);
  g_autoptr(GError) error = NULL;

  /* Reserved first (on_call in the log, with the queue): no campaign gets them now. */
  if (leg == NULL ||
      !rd_agent_desk_queue_call_bridged (self->desk, agent, c->call_id, c->queue_id,
                                         (guint) setting (queue, "wrap_up_timeout"), &error))
    {
      g_debug ("%s cannot take %s: %s", agent, c->call_id, error != NULL ? error->message : "no leg");
      return FALSE;
    }
  c->agent = g_strdup (agent);
  c->phase = PHASE_BRIDGING;
  g_hash_table_replace (self->last_agent, g_strdup (c->queue_id), g_strdup (agent));
  rd_switch_bridge (sw (self), c->leg_id, leg);
  return TRUE;
}

static gint
by_seq (gconstpointer a,
        gconstpointer b)
{
  const Caller *ca = *(Caller * const *) a, *cb = *(Caller * const *) b;

  return ca->seq < cb->seq ? -1 : ca->seq > cb->seq ? 1 : 0;
}

/* Every waiting caller, the first come first, gets a ready agent if one is free for them. */
static void
dispatch (RdQueues *self)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(GHashTable) taken = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->stopping)
    return;
  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Caller *) value)->phase == PHASE_WAITING)
      g_ptr_array_add (waiting, value);
  if (waiting->len == 0)
    return;
  g_ptr_array_sort (waiting, by_seq);
  ready = rd_agent_desk_ready_agents (self->desk, NULL);
  taken = g_hash_table_new (g_str_hash, g_str_equal);
  /* an agent a call rings for now is nobody else's */
  for (guint i = 0; i < waiting->len; i++)
    if (((Caller *) waiting->pdata[i])->offered_to != NULL)
      g_hash_table_add (taken, ((Caller *) waiting->pdata[i])->offered_to);
  for (guint i = 0; i < waiting->len && g_hash_table_size (taken) < ready->len; i++)
    {
      Caller *c = waiting->pdata[i];
      const char *agent;

      if (c->offered_to != NULL)
        continue;
      agent = pick_agent (self, c, ready, taken);
      /* everyone ready let it ring out: another round */
      if (agent == NULL && c->skipped != NULL && g_hash_table_size (c->skipped) > 0)
        {
          g_hash_table_remove_all (c->skipped);
          agent = pick_agent (self, c, ready, taken);
        }
      if (agent == NULL)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (queue_of (self, c), "answer_mode", "auto"),
                     "accept") == 0)
        {
          rd_queues_offer (self, c, agent);
          g_hash_table_add (taken, (gpointer) agent);
        }
      else if (rd_queues_connect (self, c, agent))
        g_hash_table_add (taken, (gpointer) agent);
    }
}

static gboolean
dispatch_cb (gpointer user_data)
{
  RdQueues *self = user_data;

  self->dispatch_id = 0;
  dispatch (self);
  return G_SOURCE_REMOVE;
}

/* Before the dialer's own idle (default priority): a blended agent gets the caller first. */
void
rd_queues_schedule_dispatch (RdQueues *self)
{
  if (self->dispatch_id == 0 && !self->stopping)
    self->dispatch_id = g_idle_add_full (G_PRIORITY_HIGH, dispatch_cb, self, NULL);
}

static void
desk_changed_cb (RdAgentDesk *desk,
                 const char  *agent,
                 const char  *state,
                 RdQueues    *self)
{
  Caller *offered = rd_queues_offered (self, agent);

  (void) desk;
  /* paused, logged out or taken by a campaign while a call rang for them: it rings for
   * the next agent (not a missed offer) */
  if (offered != NULL && !g_str_equal (state, "ready"))
    rd_queues_offer_end (self, offered, FALSE);
  if (g_str_equal (state, "ready") || offered != NULL)
    rd_queues_schedule_dispatch (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  RdQueues *self = user_data;
  g_autoptr(GPtrArray) late = g_ptr_array_new ();
  gint64 now = g_get_monotonic_time ();
  gboolean owner_expired = FALSE;
  GHashTableIter iter;
  gpointer value;

  if (now - self->reloaded_us >= RELOAD_US)
    reload (self);
  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Caller *c = value;

      rd_queues_lost_tick (self, c, now);
      if (c->phase != PHASE_WAITING)
        continue;
      rd_queues_offer_tick (self, c, now);
      if (now - c->joined_us >= setting (queue_of (self, c), "max_wait") * G_USEC_PER_SEC)
        g_ptr_array_add (late, c);
      if (c->owner != NULL && c->owner_until_us > 0 && now >= c->owner_until_us)
        {
          c->owner_until_us = 0;   /* the window is over: the whole queue */
          owner_expired = TRUE;
        }
    }
  for (guint i = 0; i < late->len; i++)
    {
      if (((Caller *) late->pdata[i])->offered_to != NULL)
        rd_queues_offer_end (self, late->pdata[i], FALSE);
      rd_queues_max_wait (self, late->pdata[i]);
    }
  if (owner_expired)
    dispatch (self);
  return G_SOURCE_CONTINUE;
}

/* ---- the switch's events ---------------------------------------------------------------- */

static void
answered (RdQueues            *self,
          Caller              *c,
          const RdSwitchEvent *ev)
{
  JsonObject *queue = queue_of (self, c);
  const char *dir = rd_dialer_inbound_config (self->dialer)->recordings_dir;
  g_autoptr(GError) error = NULL;

  c->answered_us = ev->timestamp_us;
  c->joined_us = ev->timestamp_us;
  c->phase = PHASE_WAITING;
  if (!rd_center_call_mark (self->center, c->call_id, RD_CENTER_CALL_ANSWERED, now_ms (self), NULL, &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);
  if (dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.wav", c->call_id);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (rd_switch_record (sw (self), c->leg_id, path) &&
          !rd_center_call_set_recording (self->center, c->call_id, name, &error))
        g_warning ("call %s: %s", c->call_id, error->message);
      g_clear_error (&error);
    }
  if (queue != NULL && json_object_get_boolean_member_with_default (queue, "owner_routing", FALSE) &&
      self->filer != NULL)
    {
      g_autofree char *e164 = c->number[0] == '+' ? g_strdup (c->number) : g_strconcat ("+", c->number, NULL);

      c->owner = rd_call_filer_owner_of_number (self->filer, e164);
      if (c->owner != NULL)
        {
          c->owner_until_us = ev->timestamp_us + setting (queue, "owner_routing_seconds") * G_USEC_PER_SEC;
          g_message ("queue call %s from %s: responsible manager %s first", c->call_id, c->number, c->owner);
        }
    }
  /* An agent free now takes the caller before any prompt starts. */
  dispatch (self);
  if (c->phase == PHASE_WAITING)
    {
      c->announce_next = TRUE;
      rd_queues_play_next (self, c);
    }
}

static void
inbound_event (gpointer             data,
               const RdSwitchEvent *ev)
{
  RdQueues *self = data;
  Caller *c = g_hash_table_lookup (self->callers, ev->leg_id);
  g_autoptr(GError) error = NULL;

  if (c == NULL)
    return;
  if (c->callback_id != NULL)
    {
      rd_queues_callback_event (self, c, ev);
      return;
    }
  switch (ev->type)
    {
    case RD_SWITCH_EVENT_ANSWERED:
      if (c->phase == PHASE_ANSWERING)
        answered (self, c, ev);
      break;
    case RD_SWITCH_EVENT_BRIDGED:
      if (c->phase == PHASE_BRIDGING)
        {
          c->phase = PHASE_BRIDGED;
          c->bridged = TRUE;
          if (!rd_center_call_mark (self->center, c->call_id, RD_CENTER_CALL_BRIDGED, now_ms (self),
                                    c->agent, &error))
            g_warning ("call %s: %s", c->call_id, error->message);
          g_debug ("queue call %s: bridged to %s %" G_GINT64_FORMAT " µs after the answer",
                   c->call_id, c->agent, ev->timestamp_us - c->answered_us);
        }
      break;
    case RD_SWITCH_EVENT_FAILED:
      /* the bridge did not take: the caller must not wait in silence with an agent held */
      if (c->phase == PHASE_BRIDGING && ev->peer_leg_id != NULL)
        rd_queues_hang_up (self, c, "system");
      break;
    case RD_SWITCH_EVENT_PLAY_DONE:
      c->playing = FALSE;
      if (c->phase == PHASE_WAITING)
        rd_queues_play_next (self, c);
      else
        rd_queues_lost_prompt (self, c, TRUE);
      break;
    case RD_SWITCH_EVENT_CLOSED:
      finish (self, c, ev->cause);
      break;
    default:
      break;
    }
}

/* The user part of a SIP URI (the caller's number). */
static char *
user_of (const char *uri)
{
  const char *p = uri != NULL && g_str_has_prefix (uri, "sip:") ? uri + 4 : uri;
  const char *at = p != NULL ? strchr (p, '@') : NULL;

  return at != NULL ? g_strndup (p, (gsize) (at - p)) : g_strdup (p != NULL ? p : "");
}

static gboolean
inbound_incoming (gpointer             data,
                  const RdSwitchEvent *ev,
                  const char          *number)
{
  RdQueues *self = data;
  g_autofree char *queue_id = rd_center_queue_for_number (self->center, number);
  g_autoptr(GError) error = NULL;
  RdCenterCallStart start = { 0 };
  Caller *c;

  if (queue_id == NULL || !g_hash_table_contains (self->queues, queue_id) || self->stopping)
    return FALSE;
  c = g_new0 (Caller, 1);
  c->leg_id = g_strdup (ev->leg_id);
  c->queue_id = g_steal_pointer (&queue_id);
  c->number = user_of (ev->remote_uri);
  c->seq = ++self->seq;
  start.direction = "inbound";
  start.queue_id = c->queue_id;
  start.number = c->number;
  start.caller_id = number;   /* the number they dialled */
  c->call_id = rd_center_call_start (self->center, &start, &error);
  if (c->call_id == NULL)
    {
      g_warning ("inbound call from %s to %s: %s", c->number, number, error->message);
      rd_queues_caller_free (c);
      return FALSE;
    }
  c->phase = PHASE_ANSWERING;
  g_hash_table_insert (self->callers, c->leg_id, c);
  rd_dialer_claim_inbound_leg (self->dialer, c->leg_id);
  g_message ("queue call %s from %s to %s: queue %s", c->call_id, c->number, number, c->queue_id);
  return TRUE;
}

static gboolean
inbound_hangup_agent (gpointer    data,
                      const char *agent)
{
  RdQueues *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Caller *c = value;

      if (g_strcmp0 (c->agent, agent) == 0 && c->phase != PHASE_ENDING)
        {
          rd_queues_hang_up (self, c, "agent");
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- the rest --------------------------------------------------------------------------- */

JsonNode *
rd_queues_waiting (RdQueues   *self,
                   const char *queue_id)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  JsonArray *array = json_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Caller *) value)->phase == PHASE_WAITING && g_strcmp0 (((Caller *) value)->queue_id, queue_id) == 0)
      g_ptr_array_add (waiting, value);
  g_ptr_array_sort (waiting, by_seq);
  for (guint i = 0; i < waiting->len; i++)
    {
      Caller *c = waiting->pdata[i];
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "call_id", c->call_id);
      json_object_set_string_member (o, "number", c->number);
      json_object_set_int_member (o, "position", i + 1);
      json_object_set_int_member (o, "waited_ms", (g_get_monotonic_time () - c->answered_us) / 1000);
      json_object_set_string_member (o, "owner", c->owner);
      json_array_add_object_element (array, o);
    }
  return json_node_init_array (json_node_alloc (), array);
}

void
rd_queues_stop (RdQueues *self)
{
  GHashTableIter iter;
  gpointer value;

  self->stopping = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->dispatch_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    rd_queues_hang_up (self, value, "system");
}

static const RdDialerInbound inbound = {
  .incoming = inbound_incoming,
  .event = inbound_event,
  .hangup_agent = inbound_hangup_agent,
};

static void
rd_queues_dispose (GObject *object)
{
  RdQueues *self = (RdQueues *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->dispatch_id, g_source_remove);
  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_func (self->desk, desk_changed_cb, self);
  if (self->dialer != NULL)
    rd_dialer_set_inbound (self->dialer, NULL, NULL);
  g_clear_object (&self->dialer);
  g_clear_object (&self->center);
  g_clear_object (&self->desk);
  g_clear_object (&self->filer);
  g_clear_pointer (&self->prompts, rd_queue_prompts_free);
  G_OBJECT_CLASS (rd_queues_parent_class)->dispose (object);
}

static void
rd_queues_finalize (GObject *object)
{
  RdQueues *self = (RdQueues *) object;

  g_clear_pointer (&self->queues, g_hash_table_unref);
  g_clear_pointer (&self->callers, g_hash_table_unref);
  g_clear_pointer (&self->last_agent, g_hash_table_unref);
  g_clear_pointer (&self->teams, g_hash_table_unref);
  g_strfreev (self->numbers);
  G_OBJECT_CLASS (rd_queues_parent_class)->finalize (object);
}

static void
rd_queues_class_init (RdQueuesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_queues_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_queues_finalize;
}

static void
rd_queues_init (RdQueues *self)
{
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->callers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) rd_queues_caller_free);
  self->last_agent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RdQueues *
rd_queues_new (RdDialer     *dialer,
               RdCenterDb   *center,
               RdAgentDesk  *desk,
               RdServerDb   *db,
               RdCallFiler  *filer)
{
  RdQueues *self = g_object_new (RD_TYPE_QUEUES, NULL);

  self->dialer = g_object_ref (dialer);
  self->center = g_object_ref (center);
  self->desk = g_object_ref (desk);
  self->db = db;   /* the server's, which outlives us */
  self->filer = filer != NULL ? g_object_ref (filer) : NULL;
  self->prompts = rd_queue_prompts_new (rd_dialer_inbound_config (dialer)->prompts_dir, prompt_made_cb, self);
  reload (self);
  rd_dialer_set_inbound (dialer, &inbound, self);
  g_signal_connect (desk, "changed", G_CALLBACK (desk_changed_cb), self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return self;
}
