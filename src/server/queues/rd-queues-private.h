/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What RdQueues' files share, for this folder alone. */

#include "rd-dialer-inbound.h"
#include "rd-queue-prompts.h"
#include "rd-queues.h"

G_BEGIN_DECLS

typedef enum {
  PHASE_ANSWERING,   /* INVITE taken, 200 OK on its way */
  PHASE_DIALLING,    /* a callback: the agent's call to a lost caller rings */
  PHASE_WAITING,     /* hearing the hold message and its position */
  PHASE_BRIDGING,    /* an agent reserved, the bridge asked for */
  PHASE_BRIDGED,
  PHASE_MESSAGE,     /* the maximum wait's goodbye, then hang up */
  PHASE_VOICEMAIL_PROMPT, /* "leave a message", then */
  PHASE_VOICEMAIL,   /* the caller's message goes into the call's recording */
  PHASE_ENDING,
} Phase;

typedef struct {
  char    *leg_id;
  char    *call_id;
  char    *queue_id;
  char    *number;        /* the caller's, as the trunk gave it */
  char    *owner;         /* the responsible manager (a user name), or NULL */
  char    *agent;         /* reserved or bridged */
  char    *callback_id;   /* an agent's call back to a lost caller (rd-queue-callback-call.c) */
  char    *offered_to;    /* answer_mode "accept": the agent it rings for (rd-queue-offer.c) */
  gint64   offer_until_us;
  gint64   offered_at_ms;
  GHashTable *skipped;    /* agents who let it ring out (set of names), or NULL */
  Phase    phase;
  guint64  seq;           /* arrival order: the first to come is the first served */
  gint64   answered_us;   /* monotonic */
  gint64   joined_us;     /* into the queue it waits in now (an overflow starts again) */
  gint64   owner_until_us;
  gint64   announce_due_us;
  gboolean announce_next; /* the next prompt is the position */
  gboolean wait_next;     /* the next prompt is the expected wait (after the position) */
  gboolean bridged;
  gboolean playing;       /* a prompt is playing into the leg */
  const char *result;
  const char *hangup_by;
  const char *lost_reason;/* "abandoned", "max-wait", "voicemail" */
  gint64   message_at_ms; /* voicemail: where the message starts in the recording */
  gint64   message_until_us;
} Caller;

struct _RdQueues
{
  GObject       parent_instance;

  RdDialer     *dialer;
  RdCenterDb   *center;
  RdAgentDesk  *desk;
  RdServerDb   *db;
  RdCallFiler  *filer;
  RdQueuePrompts *prompts;
  GHashTable   *queues;      /* id -> JsonObject (the settings, as read) */
  GHashTable   *callers;     /* leg id -> Caller */
  GHashTable   *last_agent;  /* queue id -> the agent round-robin gave the last call */
  GHashTable   *teams;       /* agent -> team ("" none), read once a reload */
  GStrv         numbers;
  guint64       seq;
  gint64        reloaded_us;
  guint         tick_id;
  guint         dispatch_id;
  gboolean      stopping;
};

static inline RdSwitch *
sw (RdQueues *self)
{
  return rd_dialer_inbound_switch (self->dialer);
}

static inline gint64
now_ms (RdQueues *self)
{
  return rd_center_db_now (self->center);
}

static inline JsonObject *
queue_of (RdQueues *self,
          Caller   *c)
{
  return g_hash_table_lookup (self->queues, c->queue_id);
}

static inline gint64
setting (JsonObject *queue,
         const char *name)
{
  return queue != NULL ? json_object_get_int_member_with_default (queue, name, 0) : 0;
}

/* rd-queues.c */
void rd_queues_caller_free       (Caller     *c);
void rd_queues_play_next         (RdQueues   *self,
                                  Caller     *c);
void rd_queues_hang_up           (RdQueues   *self,
                                  Caller     *c,
                                  const char *hangup_by);
void rd_queues_schedule_dispatch (RdQueues   *self);

/* rd-queues.c: @agent (ready, with a leg) is reserved for @c and bridged to it. */
gboolean rd_queues_connect       (RdQueues   *self,
                                  Caller     *c,
                                  const char *agent);

/* rd-queue-offer.c: in a queue whose answer_mode is "accept" a caller is offered to an
 * agent, who answers within ring_timeout or is skipped (a missed offer). */
void     rd_queues_offer         (RdQueues   *self,
                                  Caller     *c,
                                  const char *agent);
/* The offer of @c ends: missed (logged, @c skips the agent) or withdrawn. */
void     rd_queues_offer_end     (RdQueues   *self,
                                  Caller     *c,
                                  gboolean    missed);
void     rd_queues_offer_tick    (RdQueues   *self,
                                  Caller     *c,
                                  gint64      now_us);
/* The caller offered to @agent now, or NULL. */
Caller  *rd_queues_offered       (RdQueues   *self,
                                  const char *agent);

/* rd-queue-callback-call.c: an agent calls a lost caller back; the events of that leg. */
void rd_queues_callback_event    (RdQueues            *self,
                                  Caller              *c,
                                  const RdSwitchEvent *ev);

/* rd-queue-max-wait.c: a caller who waited too long overflows, leaves a message or hears
 * goodbye. */
void rd_queues_max_wait          (RdQueues   *self,
                                  Caller     *c);
/* The prompt of a caller in one of these phases was made, or ended (@done). */
void rd_queues_lost_prompt       (RdQueues   *self,
                                  Caller     *c,
                                  gboolean    done);
/* Deadlines of those phases (the voicemail's length). */
void rd_queues_lost_tick         (RdQueues   *self,
                                  Caller     *c,
                                  gint64      now_us);

G_END_DECLS
