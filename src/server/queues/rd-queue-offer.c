/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A queue whose answer_mode is "accept": the caller is not bridged the moment an agent is
 * free but offered to them. The agent's status has the offer (the caller's card pops in the
 * app) and the agent answers (POST /agent/answer) within the queue's ring_timeout; one who
 * does not is skipped (the caller is offered to the next agent, the skipped one again only
 * when nobody else is ready) and a missed offer is logged (queue_missed_offers). While it
 * is offered the caller keeps waiting: hold message, position and expected wait. */
#include "config.h"

#include "rd-queues-private.h"

void
rd_queues_offer (RdQueues   *self,
                 Caller     *c,
                 const char *agent)
{
  gint64 timeout = setting (queue_of (self, c), "ring_timeout");

  g_free (c->offered_to);
  c->offered_to = g_strdup (agent);
  c->offered_at_ms = now_ms (self);
  c->offer_until_us = g_get_monotonic_time () + MAX (timeout, 1) * G_USEC_PER_SEC;
  g_message ("queue call %s from %s: offered to %s for %" G_GINT64_FORMAT " s", c->call_id, c->number,
             agent, timeout);
}

void
rd_queues_offer_end (RdQueues *self,
                     Caller   *c,
                     gboolean  missed)
{
  g_autofree char *agent = g_steal_pointer (&c->offered_to);
  g_autoptr(GError) error = NULL;

  if (agent == NULL)
    return;
  if (missed)
    {
      g_message ("queue call %s: %s did not answer within the ring timeout: a missed offer", c->call_id, agent);
      if (!rd_center_queue_missed_offer_add (self->center, c->queue_id, c->call_id, agent, c->offered_at_ms,
                                             now_ms (self), &error))
        g_warning ("call %s: the missed offer: %s", c->call_id, error->message);
    }
  if (c->skipped == NULL)
    c->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (c->skipped, g_steal_pointer (&agent));
  rd_queues_schedule_dispatch (self);
}

void
rd_queues_offer_tick (RdQueues *self,
                      Caller   *c,
                      gint64    now_us)
{
  if (c->offered_to != NULL && now_us >= c->offer_until_us)
    rd_queues_offer_end (self, c, TRUE);
}

Caller *
rd_queues_offered (RdQueues   *self,
                   const char *agent)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Caller *) value)->phase == PHASE_WAITING && g_strcmp0 (((Caller *) value)->offered_to, agent) == 0)
      return value;
  return NULL;
}

gboolean
rd_queues_answer (RdQueues    *self,
                  const char  *agent,
                  GError     **error)
{
  Caller *c = rd_queues_offered (self, agent);

  g_return_val_if_fail (RD_IS_QUEUES (self), FALSE);

  if (c == NULL)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "no queue call rings for you now");
      return FALSE;
    }
  g_clear_pointer (&c->offered_to, g_free);
  if (!rd_queues_connect (self, c, agent))
    {
      /* not ready any more: the caller goes to the next agent */
      if (c->skipped == NULL)
        c->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (c->skipped, g_strdup (agent));
      rd_queues_schedule_dispatch (self);
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "only a ready agent with the phone connected answers a queue call");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
rd_queues_offer_of (RdQueues   *self,
                    const char *agent)
{
  Caller *c;
  JsonObject *o;

  g_return_val_if_fail (RD_IS_QUEUES (self), NULL);
  if ((c = rd_queues_offered (self, agent)) == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "call_id", c->call_id);
  json_object_set_string_member (o, "queue_id", c->queue_id);
  json_object_set_string_member (o, "number", c->number);
  json_object_set_int_member (o, "expires_in_ms", MAX (c->offer_until_us - g_get_monotonic_time (), 0) / 1000);
  return o;
}
