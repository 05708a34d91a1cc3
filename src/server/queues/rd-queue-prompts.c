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
  const char *voicemail;
} Texts;

static const Texts texts[] = {
  { "en",
    "Please stay on the line. All our agents are busy; your call will be answered shortly.",
    "You are number", "in the queue.",
    "Sorry, no agent is free now. We will call you back. Goodbye.",
    "Sorry, no agent is free now. Please leave your message after this announcement, and we will call you back." },
  { "ru",
    "Пожалуйста, оставайтесь на линии. Все операторы заняты, мы скоро вам ответим.",
    "Ваш номер в очереди:", ".",
    "Извините, сейчас все операторы заняты. Мы вам перезвоним. До свидания.",
    "Извините, сейчас все операторы заняты. Оставьте, пожалуйста, сообщение после этого объявления, и мы вам перезвоним." },
};

static const Texts *
texts_of (JsonObject *queue)
{
  const char *language = queue != NULL
    ? json_object_get_string_member_with_default (queue, "language", "en") : "en";

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (texts[i].language, language) == 0)
      return &texts[i];
  return &texts[0];
}

/* The queue's own text of @member, or @fallback (also for a queue deleted meanwhile). */
static char *
own_or (JsonObject *queue,
        const char *member,
        const char *fallback)
{
  const char *own = queue != NULL ? json_object_get_string_member_with_default (queue, member, NULL) : NULL;

  return g_strdup (own != NULL && *own != '\0' ? own : fallback);
}

/* Russian words after a number: 1 минута, 2-4 минуты, 5-20 минут, 21 минута … */
static const char *
ru_minutes (guint n)
{
  if (n % 10 == 1 && n % 100 != 11)
    return "минута";
  if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14))
    return "минуты";
  return "минут";
}

static char *
expected_wait_text (const Texts *t,
                    guint        minutes)
{
  if (g_str_equal (t->language, "ru"))
    return minutes == 0 ? g_strdup ("Примерное время ожидания: меньше минуты.")
                        : g_strdup_printf ("Примерное время ожидания: %u %s.", minutes, ru_minutes (minutes));
  if (minutes == 0)
    return g_strdup ("The expected wait is less than a minute.");
  return g_strdup_printf ("The expected wait is about %u minute%s.", minutes, minutes == 1 ? "" : "s");
}

char *
rd_queue_prompt_text (JsonObject    *queue,
                      RdQueuePrompt  prompt,
                      guint          position)
{
  const Texts *t = texts_of (queue);

  switch (prompt)
    {
    case RD_QUEUE_PROMPT_POSITION:
      return g_strdup_printf ("%s %u%s%s", t->position, position,
                              t->position_end[0] == '.' ? "" : " ", t->position_end);
    case RD_QUEUE_PROMPT_EXPECTED_WAIT:
      return expected_wait_text (t, position);
    case RD_QUEUE_PROMPT_MAX_WAIT:
      return own_or (queue, "max_wait_message", t->max_wait);
    case RD_QUEUE_PROMPT_VOICEMAIL:
      return own_or (queue, "voicemail_message", t->voicemail);
    case RD_QUEUE_PROMPT_HOLD:
    default:
      return own_or (queue, "hold_message", t->hold);
    }
}

struct _RdQueuePrompts
{
  char               *dir;
  RdQueuePromptsMade  made;    /* NULL once freed */
  gpointer            data;
  GHashTable         *pending; /* paths being made */
};

typedef struct {
  char *voice;
  char *text;
  char *path;
} Job;

static void
job_free (Job *job)
{
  g_free (job->voice);
  g_free (job->text);
  g_free (job->path);
  g_free (job);
}

static void
prompts_clear (gpointer data)
{
  RdQueuePrompts *self = data;

  g_free (self->dir);
  g_hash_table_unref (self->pending);
}

static void
prompts_unref (RdQueuePrompts *self)
{
  g_atomic_rc_box_release_full (self, prompts_clear);
}

static void
make_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RdQueuePrompts *self = g_task_get_task_data (task);
  Job *job = g_object_get_data (G_OBJECT (task), "job");
  GError *error = NULL;
  char *path;

  (void) source;
  (void) task_data;
  (void) cancellable;
  path = rd_prompt_for_text (self->dir, job->voice, job->text, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

static void
made_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RdQueuePrompts *self = g_task_get_task_data (G_TASK (result));
  Job *job = g_object_get_data (G_OBJECT (result), "job");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  (void) source;
  (void) user_data;
  g_hash_table_remove (self->pending, job->path);
  if (path == NULL)
    g_warning ("queue prompt “%s”: %s", job->text, error->message);
  else if (self->made != NULL)
    self->made (self->data);
}

RdQueuePrompts *
rd_queue_prompts_new (const char         *dir,
                      RdQueuePromptsMade  made,
                      gpointer            data)
{
  RdQueuePrompts *self = g_atomic_rc_box_new0 (RdQueuePrompts);

  self->dir = g_strdup (dir);
  self->made = made;
  self->data = data;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
rd_queue_prompts_free (RdQueuePrompts *self)
{
  if (self == NULL)
    return;
  self->made = NULL;
  prompts_unref (self);
}

char *
rd_queue_prompts_get (RdQueuePrompts *self,
                      JsonObject     *queue,
                      RdQueuePrompt   prompt,
                      guint           position)
{
  g_autofree char *text = rd_queue_prompt_text (queue, prompt, position);
  const char *voice = texts_of (queue)->language;
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->dir == NULL)
    return NULL;
  path = rd_prompt_path (self->dir, voice, text);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  if (g_hash_table_contains (self->pending, path))
    return NULL;
  job = g_new0 (Job, 1);
  job->voice = g_strdup (voice);
  job->text = g_steal_pointer (&text);
  job->path = g_strdup (path);
  g_hash_table_add (self->pending, g_strdup (path));
  task = g_task_new (NULL, NULL, made_cb, NULL);
  g_task_set_source_tag (task, rd_queue_prompts_get);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self), (GDestroyNotify) prompts_unref);
  g_object_set_data_full (G_OBJECT (task), "job", job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, make_in_thread);
  return NULL;
}
