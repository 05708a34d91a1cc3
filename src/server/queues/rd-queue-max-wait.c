/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A caller who waited the queue's maximum: into the overflow queue, or a message left in
 * the call's recording (voicemail), or a goodbye; the last two are owed a callback. */
#include "config.h"

#include "rd-queues-private.h"

static void
play_or_wait (RdQueues      *self,
              Caller        *c,
              RdQueuePrompt  prompt)
{
  g_autofree char *wav = rd_queue_prompts_get (self->prompts, queue_of (self, c), prompt, 0);

  /* a hold message still playing is replaced; a prompt not made yet is played when it is */
  c->playing = FALSE;
  if (wav != NULL && rd_switch_play (sw (self), c->leg_id, wav))
    c->playing = TRUE;
  else if (wav != NULL)
    rd_queues_hang_up (self, c, "system");
}

void
rd_queues_max_wait (RdQueues *self,
                    Caller   *c)
{
  JsonObject *queue = queue_of (self, c);
  const char *overflow = queue != NULL
    ? json_object_get_string_member_with_default (queue, "overflow_queue_id", NULL) : NULL;
  g_autoptr(GError) error = NULL;

  if (overflow != NULL && g_hash_table_contains (self->queues, overflow))
    {
      g_message ("queue call %s: the maximum wait of %s passed, overflows into %s",
                 c->call_id, c->queue_id, overflow);
      if (!rd_center_call_set_queue (self->center, c->call_id, overflow, c->queue_id, &error))
        g_warning ("call %s: %s", c->call_id, error->message);
      g_free (c->queue_id);
      c->queue_id = g_strdup (overflow);
      c->joined_us = g_get_monotonic_time ();
      c->announce_next = TRUE;
      rd_queues_play_next (self, c);
      rd_queues_schedule_dispatch (self);
      return;
    }
  c->result = "abandoned";
  if (queue != NULL && json_object_get_boolean_member_with_default (queue, "voicemail", FALSE) &&
      rd_dialer_inbound_config (self->dialer)->recordings_dir != NULL)
    {
      c->lost_reason = "voicemail";
      c->phase = PHASE_VOICEMAIL_PROMPT;
      play_or_wait (self, c, RD_QUEUE_PROMPT_VOICEMAIL);
      return;
    }
  c->lost_reason = "max-wait";
  c->phase = PHASE_MESSAGE;
  play_or_wait (self, c, RD_QUEUE_PROMPT_MAX_WAIT);
}

void
rd_queues_lost_prompt (RdQueues *self,
                       Caller   *c,
                       gboolean  done)
{
  gint64 seconds;

  switch (c->phase)
    {
    case PHASE_MESSAGE:
      if (done)
        rd_queues_hang_up (self, c, "system");
      else if (!c->playing)
        play_or_wait (self, c, RD_QUEUE_PROMPT_MAX_WAIT);
      break;
    case PHASE_VOICEMAIL_PROMPT:
      if (!done)
        {
          if (!c->playing)
            play_or_wait (self, c, RD_QUEUE_PROMPT_VOICEMAIL);
          break;
        }
      /* The message from here into the call's recording, until the caller hangs up or
       * the queue's voicemail_seconds pass. */
      seconds = setting (queue_of (self, c), "voicemail_seconds");
      c->phase = PHASE_VOICEMAIL;
      c->message_at_ms = (g_get_monotonic_time () - c->answered_us) / 1000;
      c->message_until_us = g_get_monotonic_time () + (seconds > 0 ? seconds : 60) * G_USEC_PER_SEC;
      g_message ("queue call %s from %s: recording a message", c->call_id, c->number);
      break;
    case PHASE_ANSWERING:
    case PHASE_WAITING:
    case PHASE_BRIDGING:
    case PHASE_BRIDGED:
    case PHASE_VOICEMAIL:
    case PHASE_ENDING:
    default:
      break;
    }
}

void
rd_queues_lost_tick (RdQueues *self,
                     Caller   *c,
                     gint64    now_us)
{
  if (c->phase == PHASE_VOICEMAIL && now_us >= c->message_until_us)
    rd_queues_hang_up (self, c, "system");
}
