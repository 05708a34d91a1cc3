/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a caller waiting in a queue hears, in the queue's language (en, ru): the hold
 * message, "You are number N in the queue", the message at the maximum wait (a goodbye, or
 * the invitation to leave a message), the expected wait. WAVs spoken
 * by espeak-ng (rd_prompt_for_text), cached in the prompts folder, and made in worker
 * threads: the main loop never waits for espeak-ng. */
typedef enum {
  RD_QUEUE_PROMPT_HOLD,
  RD_QUEUE_PROMPT_POSITION,
  RD_QUEUE_PROMPT_MAX_WAIT,
  RD_QUEUE_PROMPT_VOICEMAIL,   /* "leave a message": the maximum wait with voicemail on */
  RD_QUEUE_PROMPT_EXPECTED_WAIT, /* "The expected wait is about N minutes" (N: 0, under one) */
} RdQueuePrompt;

/* The text of @prompt for @queue's settings (@position for POSITION, the minutes for
 * EXPECTED_WAIT). */
char *rd_queue_prompt_text (JsonObject    *queue,
                            RdQueuePrompt  prompt,
                            guint          position);

typedef struct _RdQueuePrompts RdQueuePrompts;
/* A prompt was made: @made (main context) may play it now. */
typedef void (*RdQueuePromptsMade) (gpointer data);

RdQueuePrompts *rd_queue_prompts_new  (const char          *dir,
                                       RdQueuePromptsMade   made,
                                       gpointer             data);
/* Makes after this call no callback; prompts being made are finished into the cache. */
void            rd_queue_prompts_free (RdQueuePrompts      *self);
/* The WAV of @prompt when it is made; otherwise NULL, and it is being made (once). */
char           *rd_queue_prompts_get  (RdQueuePrompts      *self,
                                       JsonObject          *queue,
                                       RdQueuePrompt        prompt,
                                       guint                position);

G_END_DECLS
