/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-password-pool.h"

#define MAX_THREADS 4

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  /* A GTask may return from any thread; its callback runs in its own context. */
  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

static GThreadPool *
pool (void)
{
  static gsize threads;

  if (g_once_init_enter (&threads))
    {
      guint n = CLAMP (g_get_num_processors (), 1, MAX_THREADS);

      g_once_init_leave (&threads, (gsize) g_thread_pool_new (run_job, NULL, (int) n, FALSE, NULL));
    }
  return (GThreadPool *) threads;
}

void
rd_password_pool_run (GTask           *task,
                      GTaskThreadFunc  func)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (G_IS_TASK (task));

  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool (), job, NULL);
}
