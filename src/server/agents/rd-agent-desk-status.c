/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What RdAgentDesk tells of its sessions: an agent's status (with their day from the state
 * log), the lists the boards and the dialer read, the ready agents longest waiting first. */
#include "config.h"

#include "rd-agent-desk-private.h"

/* Calls, talk and pause time of @agent since local midnight, from the log. */
static JsonObject *
today (RdAgentDesk *self,
       const char  *agent)
{
  gint64 from = rd_center_db_today_start (self->center);
  gint64 to = rd_center_db_now (self->center);
  g_autoptr(JsonNode) log = rd_center_agent_log (self->center, agent, from, to + 1, NULL);
  JsonObject *stats = json_object_new ();
  gint64 calls = 0, talk = 0, paused = 0;
  const char *last_call = NULL;

  for (guint i = 0; log != NULL && i < json_array_get_length (json_node_get_array (log)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (log), i);
      const char *state = json_object_get_string_member (row, "state");
      gint64 start = MAX (json_object_get_int_member (row, "started_at"), from);
      gint64 end = json_object_get_null_member (row, "ended_at") ? to
                                                                  : json_object_get_int_member (row, "ended_at");

      if (g_str_equal (state, "on_call"))
        {
          const char *call = json_object_get_string_member_with_default (row, "call_id", NULL);

          /* a call the agent dialled has two on_call rows (dialling, then answered) */
          calls += call == NULL || g_strcmp0 (call, last_call) != 0;
          last_call = call;
          talk += MAX (end - start, 0);
        }
      else if (g_str_equal (state, "paused"))
        paused += MAX (end - start, 0);
    }
  json_object_set_int_member (stats, "calls", calls);
  json_object_set_int_member (stats, "talk_ms", talk);
  json_object_set_int_member (stats, "paused_ms", paused);
  return stats;
}

static JsonNode *
session_json (RdAgentDesk *self,
              Session     *s,
              gboolean     with_today)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "agent", s->agent);
  json_object_set_string_member (o, "campaign_id", s->campaign_id);
  {
    JsonArray *queues = json_array_new ();

    for (guint i = 0; s->queues[i] != NULL; i++)
      json_array_add_string_element (queues, s->queues[i]);
    json_object_set_array_member (o, "queues", queues);
  }
  json_object_set_string_member (o, "queue_id", s->queue_id);
  json_object_set_string_member (o, "state", s->state);
  json_object_set_string_member (o, "reason", s->reason);
  json_object_set_int_member (o, "since", s->since);
  json_object_set_string_member (o, "call_id", s->call_id);
  json_object_set_boolean_member (o, "leg_up", s->leg_up);
  if (s->wrap_up_deadline > 0)
    json_object_set_int_member (o, "wrap_up_deadline", s->wrap_up_deadline);
  else
    json_object_set_null_member (o, "wrap_up_deadline");
  json_object_set_string_member (o, "pause_pending", s->pause_pending);
  json_object_set_boolean_member (o, "logout_pending", s->logout_pending);
  json_object_set_string_member (o, "preview_lead_id", s->preview_lead);
  if (with_today)
    json_object_set_object_member (o, "today", today (self, s->agent));
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
rd_agent_desk_status (RdAgentDesk *self,
                      const char  *agent)
{
  Session *s = g_hash_table_lookup (self->sessions, agent);

  return s != NULL ? session_json (self, s, TRUE) : NULL;
}

static gint
by_agent (gconstpointer a,
          gconstpointer b)
{
  const Session *sa = *(Session * const *) a, *sb = *(Session * const *) b;

  return g_strcmp0 (sa->agent, sb->agent);
}

static gint
by_since (gconstpointer a,
          gconstpointer b)
{
  const Session *sa = *(Session * const *) a, *sb = *(Session * const *) b;

  return sa->since < sb->since ? -1 : sa->since > sb->since ? 1 : g_strcmp0 (sa->agent, sb->agent);
}

static GPtrArray *
sessions_of (RdAgentDesk *self,
             const char  *campaign_id,
             const char  *state,
             GCompareFunc order)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Session *s = value;

      if ((campaign_id == NULL || g_strcmp0 (s->campaign_id, campaign_id) == 0) &&
          (state == NULL || g_str_equal (s->state, state)))
        g_ptr_array_add (out, s);
    }
  g_ptr_array_sort (out, order);
  return out;
}

static JsonNode *
list (RdAgentDesk *self,
      const char  *campaign_id,
      gboolean     with_today)
{
  g_autoptr(GPtrArray) sessions = sessions_of (self, campaign_id, NULL, by_agent);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < sessions->len; i++)
    json_array_add_element (array, session_json (self, sessions->pdata[i], with_today));
  return json_node_init_array (json_node_alloc (), array);
}

JsonNode *
rd_agent_desk_list (RdAgentDesk *self,
                    const char  *campaign_id)
{
  return list (self, campaign_id, TRUE);
}

JsonNode *
rd_agent_desk_list_now (RdAgentDesk *self,
                        const char  *campaign_id)
{
  return list (self, campaign_id, FALSE);
}

GPtrArray *
rd_agent_desk_ready_agents (RdAgentDesk *self,
                            const char  *campaign_id)
{
  g_autoptr(GPtrArray) sessions = sessions_of (self, campaign_id, "ready", by_since);
  GPtrArray *names = g_ptr_array_new ();

  /* an agent whose leg dropped waits for it: no customer is bridged into nothing */
  for (guint i = 0; i < sessions->len; i++)
    if (((Session *) sessions->pdata[i])->leg_up)
      g_ptr_array_add (names, ((Session *) sessions->pdata[i])->agent);
  return names;
}
