/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The prompts of a waiting caller, in English or Russian. */
#include "config.h"

#include "rd-prompt.h"
#include "rd-queue-prompts.h"

typedef struct {
  const char *language;   /* the queue's setting, also the espeak-ng voice */
  const char *hold;
  const char *position;   /* before the number */
  const char *position_end;
  const char *max_wait;
} Texts;

static const Texts texts[] = {
  { "en",
    "Please stay on the line. All our agents are busy; your call will be answered shortly.",
    "You are number", "in the queue.",
    "Sorry, no agent is free now. We will call you back. Goodbye." },
  { "ru",
    "Пожалуйста, оставайтесь на линии. Все операторы заняты, мы скоро вам ответим.",
    "Ваш номер в очереди:", ".",
    "Извините, сейчас все операторы заняты. Мы вам перезвоним. До свидания." },
};

static const Texts *
texts_of (JsonObject *queue)
{
  const char *language = json_object_get_string_member_with_default (queue, "language", "en");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (texts[i].language, language) == 0)
      return &texts[i];
  return &texts[0];
}

char *
rd_queue_prompt_text (JsonObject    *queue,
                      RdQueuePrompt  prompt,
                      guint          position)
{
  const Texts *t = texts_of (queue);
  const char *own;

  switch (prompt)
    {
    case RD_QUEUE_PROMPT_POSITION:
      return g_strdup_printf ("%s %u%s%s", t->position, position,
                              t->position_end[0] == '.' ? "" : " ", t->position_end);
    case RD_QUEUE_PROMPT_MAX_WAIT:
      own = json_object_get_string_member_with_default (queue, "max_wait_message", NULL);
      return g_strdup (own != NULL && *own != '\0' ? own : t->max_wait);
    case RD_QUEUE_PROMPT_HOLD:
    default:
      own = json_object_get_string_member_with_default (queue, "hold_message", NULL);
      return g_strdup (own != NULL && *own != '\0' ? own : t->hold);
    }
}

char *
rd_queue_prompt_wav (const char    *dir,
                     JsonObject    *queue,
                     RdQueuePrompt  prompt,
                     guint          position)
{
  g_autofree char *text = rd_queue_prompt_text (queue, prompt, position);
  g_autoptr(GError) error = NULL;
  char *path;

  if (dir == NULL)
    return NULL;
  path = rd_prompt_for_text (dir, texts_of (queue)->language, text, &error);
  if (path == NULL)
    g_warning ("queue prompt “%s”: %s", text, error->message);
  return path;
}
