/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a caller waiting in a queue hears, in the queue's language (en, ru): the hold
 * message, "You are number N in the queue", the message at the maximum wait. WAVs spoken
 * by espeak-ng, cached in @dir (rd_prompt_for_text), NULL with a warning when they cannot
 * be made. */
typedef enum {
  RD_QUEUE_PROMPT_HOLD,
  RD_QUEUE_PROMPT_POSITION,
  RD_QUEUE_PROMPT_MAX_WAIT,
} RdQueuePrompt;

/* The text of @prompt for @queue's settings (@position for POSITION). */
char *rd_queue_prompt_text (JsonObject    *queue,
                            RdQueuePrompt  prompt,
                            guint          position);
char *rd_queue_prompt_wav  (const char    *dir,
                            JsonObject    *queue,
                            RdQueuePrompt  prompt,
                            guint          position);

G_END_DECLS
