/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-lead-scorer.h"
#include "rd-lead-scores.h"
#include "rd-model-row.h"

struct _RdLeadScorer
{
  GObject       parent_instance;

  char         *path;
  GCancellable *cancellable;
  gboolean      running;
  gboolean      again;       /* asked while running */
  char         *problem;
  guint         scored;
};

enum {
  PROP_0,
  PROP_PROBLEM,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdLeadScorer, rd_lead_scorer, G_TYPE_OBJECT)

typedef struct {
  guint   scored;
  GError *model_error;
} Result;

static void
result_free (Result *result)
{
  g_clear_error (&result->model_error);
  g_free (result);
}

static void
refresh_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (data, &error);
  Result *result;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = g_new0 (Result, 1);
  if (!rd_lead_scores_refresh (store, g_get_real_time () / 1000, &result->scored, &result->model_error, &error))
    {
      result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rd_store_close (store);
  g_task_return_pointer (task, result, (GDestroyNotify) result_free);
}

char *
rd_lead_scorer_describe_problem (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (g_error_matches (error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE))
    return g_strdup (_("No lead score yet: the server learns it from converted and lost leads."));
  if (g_error_matches (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TOO_NEW))
    return g_strdup (_("No lead score: the server’s model is newer than this Ringdesk. Update Ringdesk."));
  if (g_error_matches (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TOO_OLD))
    return g_strdup (_("No lead score: the server’s model is too old for this Ringdesk. Ask an admin to train it again."));
  if (error->domain == RD_MODEL_ERROR)
    return g_strdup (_("No lead score: the server’s model is damaged. Ask an admin to train it again."));
  return g_strdup (error->message);
}

static void
set_problem (RdLeadScorer *self,
             char         *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    {
      g_free (problem);
      return;
    }
  g_free (self->problem);
  self->problem = problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void start (RdLeadScorer *self);

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *task,
                 gpointer      user_data)
{
  RdLeadScorer *self = RD_LEAD_SCORER (source);
  g_autoptr(GError) error = NULL;
  Result *result = g_task_propagate_pointer (G_TASK (task), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->running = FALSE;
  if (result != NULL)
    {
      if (result->model_error != NULL && !g_error_matches (result->model_error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE))
        g_warning ("lead scores: %s", result->model_error->message);
      self->scored = result->scored;
      set_problem (self, rd_lead_scorer_describe_problem (result->model_error));
      result_free (result);
    }
  else
    g_warning ("lead scores: %s", error->message);
  g_signal_emit (self, signals[REFRESHED], 0);
  if (self->again)
    start (self);
}

static void
start (RdLeadScorer *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, refresh_done_cb, NULL);

  self->again = FALSE;
  self->running = TRUE;
  g_task_set_source_tag (task, rd_lead_scorer_refresh);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, refresh_thread);
}

void
rd_lead_scorer_refresh (RdLeadScorer *self)
{
  g_return_if_fail (RD_IS_LEAD_SCORER (self));

  if (self->running)
    self->again = TRUE;
  else
    start (self);
}

const char *
rd_lead_scorer_get_problem (RdLeadScorer *self)
{
  g_return_val_if_fail (RD_IS_LEAD_SCORER (self), NULL);
  return self->problem;
}

guint
rd_lead_scorer_get_scored (RdLeadScorer *self)
{
  g_return_val_if_fail (RD_IS_LEAD_SCORER (self), 0);
  return self->scored;
}

RdLeadScorer *
rd_lead_scorer_new (const char *replica_path)
{
  RdLeadScorer *self = g_object_new (RD_TYPE_LEAD_SCORER, NULL);

  self->path = g_strdup (replica_path);
  return self;
}

static void
rd_lead_scorer_dispose (GObject *object)
{
  RdLeadScorer *self = RD_LEAD_SCORER (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rd_lead_scorer_parent_class)->dispose (object);
}

static void
rd_lead_scorer_finalize (GObject *object)
{
  RdLeadScorer *self = RD_LEAD_SCORER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->problem, g_free);
  G_OBJECT_CLASS (rd_lead_scorer_parent_class)->finalize (object);
}

static void
rd_lead_scorer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdLeadScorer *self = RD_LEAD_SCORER (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_lead_scorer_class_init (RdLeadScorerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_lead_scorer_dispose;
  object_class->finalize = rd_lead_scorer_finalize;
  object_class->get_property = rd_lead_scorer_get_property;

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The scores were rebuilt (or cleared): lead lists should reload. */
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_lead_scorer_init (RdLeadScorer *self)
{
  self->cancellable = g_cancellable_new ();
}
