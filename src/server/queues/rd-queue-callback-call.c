/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An agent calls a caller the queue lost back: the number is dialled through the trunk,
 * with the queue's own number as the caller id (the one the caller dialled), and bridged to
 * the agent's permanent leg when answered. The call is the queue's: its row has the queue
 * and the agent, the agent's state log has it with the queue, and it is disposed with the
 * queue's codes. An answered call closes the callback; one not answered leaves it open,
 * with the attempt counted. */
#include "config.h"

#include "rd-queues-private.h"
#include "rd-uuid.h"

/* How long the caller's phone may ring. */
#define RING_MS (30 * 1000)

/* The callback @callback_id of @queue_id while open, as its row; NULL (NOT_FOUND) else. */
static JsonObject *
open_callback (RdQueues   *self,
               const char *queue_id,
               const char *callback_id,
               GError    **error)
{
  g_autoptr(JsonNode) rows = rd_center_queue_callbacks (self->center, queue_id, TRUE, error);

  for (guint i = 0; rows != NULL && i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      if (g_strcmp0 (json_object_get_string_member (row, "id"), callback_id) == 0)
        return json_object_ref (row);
    }
  if (rows != NULL)
    g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no open callback %s", callback_id);
  return NULL;
}

static gboolean
agent_busy_with_callback (RdQueues   *self,
                          const char *callback_id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->callers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((Caller *) value)->callback_id, callback_id) == 0)
      return TRUE;
  return FALSE;
}

char *
rd_queues_call_back (RdQueues    *self,
                     const char  *agent,
                     const char  *queue_id,
                     const char  *callback_id,
                     GError     **error)
{
  g_autoptr(JsonObject) cb = NULL;
  JsonObject *queue = g_hash_table_lookup (self->queues, queue_id);
  JsonArray *numbers = queue != NULL ? json_object_get_array_member (queue, "numbers") : NULL;
  const char *trunk = rd_dialer_inbound_config (self->dialer)->trunk;
  const char *leg = rd_dialer_inbound_agent_leg (self->dialer, agent);
  RdCenterCallStart start = { 0 };
  g_autoptr(GError) local = NULL;
  g_autofree char *target = NULL;
  g_autofree char *call_id = NULL;
  const char *number;
  Caller *c;

  g_return_val_if_fail (RD_IS_QUEUES (self), NULL);

  if (queue == NULL)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no queue %s", queue_id);
      return NULL;
    }
  if ((cb = open_callback (self, queue_id, callback_id, error)) == NULL)
    return NULL;
  number = json_object_get_string_member_with_default (cb, "number", NULL);
  if (number == NULL || *number == '\0')
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the caller gave no number to call back");
      return NULL;
    }
  if (agent_busy_with_callback (self, callback_id))
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "this callback is being called now");
      return NULL;
    }
  if (leg == NULL)
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "the phone is not connected to the server yet");
      return NULL;
    }
  if (trunk == NULL || *trunk == '\0')
    {
      g_set_error_literal (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE,
                           "this server has no trunk to call out through");
      return NULL;
    }

  start.direction = "outbound";
  start.queue_id = queue_id;
  start.number = number;
  start.caller_id = numbers != NULL && json_array_get_length (numbers) > 0
                    ? json_array_get_string_element (numbers, 0) : NULL;
  c = g_new0 (Caller, 1);
  c->call_id = rd_center_call_start (self->center, &start, error);
  if (c->call_id == NULL)
    {
      rd_queues_caller_free (c);
      return NULL;
    }
  if (!rd_agent_desk_queue_callback_dialling (self->desk, agent, c->call_id, queue_id,
                                              (guint) setting (queue, "wrap_up_timeout"), error))
    {
      if (!rd_center_call_end (self->center, c->call_id, "cancelled", 0, "agent-busy", "system", FALSE,
                               now_ms (self), &local))
        g_warning ("call %s: %s", c->call_id, local->message);
      rd_queues_caller_free (c);
      return NULL;
    }
  if (!rd_center_queue_callback_called (self->center, callback_id, c->call_id, agent, &local))
    g_warning ("callback %s: %s", callback_id, local->message);
  c->leg_id = g_strdup_printf ("qcb-%s", c->call_id);
  c->callback_id = g_strdup (callback_id);
  c->queue_id = g_strdup (queue_id);
  c->number = g_strdup (number);
  c->agent = g_strdup (agent);
  c->seq = ++self->seq;
  c->phase = PHASE_DIALLING;
  g_hash_table_insert (self->callers, c->leg_id, c);
  rd_dialer_claim_inbound_leg (self->dialer, c->leg_id);
  if (g_str_has_prefix (trunk, "sip:"))
    trunk += 4;
  target = g_strdup_printf ("sip:%s@%s", number, trunk);
  g_message ("queue %s: %s calls %s back (callback %s, call %s)", queue_id, agent, number, callback_id, c->call_id);
  call_id = g_strdup (c->call_id);   /* @c is gone if the switch refuses at once */
  if (!rd_switch_originate (sw (self), c->leg_id, target, start.caller_id != NULL ? start.caller_id : "anonymous",
                            RING_MS))
    {
      c->result = "failed";
      rd_queues_callback_event (self, c, &(RdSwitchEvent) { .type = RD_SWITCH_EVENT_CLOSED,
                                                            .leg_id = c->leg_id, .cause = (char *) "switch busy" });
    }
  return g_steal_pointer (&call_id);
}

/* What an unanswered call ended as, from the final SIP answer. */
static const char *
unanswered_result (guint sip_code)
{
  switch (sip_code)
    {
    case 486:
    case 600:
      return "busy";
    case 408:
    case 480:
    case 487:
      return "no-answer";
    default:
      return "failed";
    }
}

static void
ended (RdQueues            *self,
       Caller              *c,
       const RdSwitchEvent *ev)
{
  g_autoptr(GError) error = NULL;
  const char *result;

  if (c->hangup_by == NULL)
    c->hangup_by = g_strcmp0 (ev->cause, "remote hangup") == 0 ? "customer" : "system";
  /* the agent gave up before anyone answered: cancelled */
  result = c->result != NULL ? c->result : c->bridged ? "human"
           : g_strcmp0 (c->hangup_by, "agent") == 0 ? "cancelled" : unanswered_result (ev->sip_code);
  if (!rd_center_call_end (self->center, c->call_id, result, (int) ev->sip_code, ev->cause, c->hangup_by,
                           FALSE, now_ms (self), &error))
    g_warning ("call %s: %s", c->call_id, error->message);
  g_clear_error (&error);
  /* answered or not, the agent wraps up the call and disposes it */
  if (!rd_agent_desk_call_ended (self->desk, c->agent, c->call_id, &error))
    g_debug ("%s: %s", c->agent, error->message);
  g_message ("queue callback call %s to %s: %s", c->call_id, c->number, result);
  rd_dialer_release_inbound_leg (self->dialer, c->leg_id);
  g_hash_table_remove (self->callers, c->leg_id);
}

void
rd_queues_callback_event (RdQueues            *self,
                          Caller              *c,
                          const RdSwitchEvent *ev)
{
  g_autoptr(GError) error = NULL;
  const char *leg;

  switch (ev->type)
    {
    case RD_SWITCH_EVENT_RINGING:
      if (!rd_center_call_mark (self->center, c->call_id, RD_CENTER_CALL_RINGING, now_ms (self), NULL, &error))
        g_warning ("call %s: %s", c->call_id, error->message);
      break;
    case RD_SWITCH_EVENT_ANSWERED:
      if (c->phase != PHASE_DIALLING)
        break;
      c->answered_us = ev->timestamp_us;
      if (!rd_center_call_mark (self->center, c->call_id, RD_CENTER_CALL_ANSWERED, now_ms (self), NULL, &error))
        g_warning ("call %s: %s", c->call_id, error->message);
      g_clear_error (&error);
      leg = rd_dialer_inbound_agent_leg (self->dialer, c->agent);
      if (leg == NULL)
        {
          rd_queues_hang_up (self, c, "system");   /* the agent's phone went meanwhile */
          break;
        }
      if (rd_dialer_inbound_config (self->dialer)->recordings_dir != NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s.wav", c->call_id);
          g_autofree char *path = g_build_filename (rd_dialer_inbound_config (self->dialer)->recordings_dir, name, NULL);

          if (rd_switch_record (sw (self), c->leg_id, path) &&
              !rd_center_call_set_recording (self->center, c->call_id, name, &error))
            g_warning ("call %s: %s", c->call_id, error->message);
          g_clear_error (&error);
        }
      c->phase = PHASE_BRIDGING;
      rd_switch_bridge (sw (self), c->leg_id, leg);
      break;
    case RD_SWITCH_EVENT_BRIDGED:
      if (c->phase != PHASE_BRIDGING)
        break;
      c->phase = PHASE_BRIDGED;
      c->bridged = TRUE;
      if (!rd_center_call_mark (self->center, c->call_id, RD_CENTER_CALL_BRIDGED, now_ms (self), c->agent, &error) ||
          !rd_agent_desk_call_bridged (self->desk, c->agent, c->call_id, &error))
        g_warning ("call %s: %s", c->call_id, error->message);
      g_clear_error (&error);
      /* the caller was reached: nobody needs to call them again */
      if (!rd_center_queue_callback_done (self->center, c->queue_id, c->callback_id, c->agent, &error))
        g_debug ("callback %s: %s", c->callback_id, error->message);
      break;
    case RD_SWITCH_EVENT_BUSY:
      c->result = "busy";
      break;
    case RD_SWITCH_EVENT_NO_ANSWER:
      c->result = "no-answer";
      break;
    case RD_SWITCH_EVENT_FAILED:
      if (c->phase == PHASE_BRIDGING && ev->peer_leg_id != NULL)
        rd_queues_hang_up (self, c, "system");
      else if (c->phase == PHASE_DIALLING)
        c->result = "failed";
      break;
    case RD_SWITCH_EVENT_CLOSED:
      ended (self, c, ev);
      break;
    default:
      break;
    }
}
