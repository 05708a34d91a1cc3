/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-assistant.h"
#include "rd-extractive-answerer.h"
#include "rd-query-terms.h"
#include "rd-record.h"
#include "rd-retriever.h"

/* A ticket's subject from a question: its first line, at most this many characters. */
#define SUBJECT_CHARS 80

struct _RdAssistant
{
  GObject     parent_instance;
  RdStore    *store;
  RdAnswerer *answerer;
  double      threshold;
  gboolean    public_only;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_ANSWERER,
  PROP_THRESHOLD,
  PROP_PUBLIC_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdAssistant, rd_assistant, G_TYPE_OBJECT)

static void
rd_assistant_dispose (GObject *object)
{
  RdAssistant *self = RD_ASSISTANT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->answerer);
  G_OBJECT_CLASS (rd_assistant_parent_class)->dispose (object);
}

static void
rd_assistant_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RdAssistant *self = RD_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ANSWERER:
      g_value_set_object (value, self->answerer);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_PUBLIC_ONLY:
      g_value_set_boolean (value, self->public_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_assistant_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RdAssistant *self = RD_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ANSWERER:
      rd_assistant_set_answerer (self, g_value_get_object (value));
      break;
    case PROP_THRESHOLD:
      rd_assistant_set_threshold (self, g_value_get_double (value));
      break;
    case PROP_PUBLIC_ONLY:
      rd_assistant_set_public_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_assistant_class_init (RdAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rd_assistant_dispose;
  object_class->get_property = rd_assistant_get_property;
  object_class->set_property = rd_assistant_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANSWERER] = g_param_spec_object ("answerer", NULL, NULL, RD_TYPE_ANSWERER, flags);
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0, 1, RD_ASSISTANT_DEFAULT_THRESHOLD, flags);
  properties[PROP_PUBLIC_ONLY] = g_param_spec_boolean ("public-only", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_assistant_init (RdAssistant *self)
{
  self->answerer = rd_extractive_answerer_new ();
  self->threshold = RD_ASSISTANT_DEFAULT_THRESHOLD;
}

/** An assistant over the articles of @store, with the extractive answerer. */
RdAssistant *
rd_assistant_new (RdStore *store)
{
  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  return g_object_new (RD_TYPE_ASSISTANT, "store", store, NULL);
}

/** The generation step (RdExtractiveAnswerer unless set). */
RdAnswerer *
rd_assistant_get_answerer (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);
  return self->answerer;
}

/** Replaces the generation step; NULL brings back the extractive one. */
void
rd_assistant_set_answerer (RdAssistant *self,
                           RdAnswerer  *answerer)
{
  g_autoptr(RdAnswerer) fallback = NULL;

  g_return_if_fail (RD_IS_ASSISTANT (self));
  if (answerer == NULL)
    answerer = fallback = rd_extractive_answerer_new ();
  if (self->answerer == answerer)
    return;
  g_set_object (&self->answerer, answerer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERER]);
}

/** The share of the question's terms the best article must hold for a confident answer. */
double
rd_assistant_get_threshold (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), 0);
  return self->threshold;
}

/** Sets the confidence threshold, in [0, 1]. */
void
rd_assistant_set_threshold (RdAssistant *self,
                            double       threshold)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));
  threshold = CLAMP (threshold, 0, 1);
  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

/** TRUE when only public articles are searched (the customer portal). */
gboolean
rd_assistant_get_public_only (RdAssistant *self)
{
  g_return_val_if_fail (RD_IS_ASSISTANT (self), FALSE);
  return self->public_only;
}

/** Searches only public articles (for customers) or all of them (for staff). */
void
rd_assistant_set_public_only (RdAssistant *self,
                              gboolean     public_only)
{
  g_return_if_fail (RD_IS_ASSISTANT (self));
  public_only = !!public_only;
  if (self->public_only == public_only)
    return;
  self->public_only = public_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLIC_ONLY]);
}

RdAnswer *
rd_assistant_ask (RdAssistant   *self,
                  const char    *question,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) passages = NULL;
  g_autoptr(GError) compose_error = NULL;
  g_autofree char *text = NULL;
  double coverage = 0;
  gboolean confident;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);

  terms = rd_query_terms_new (question);
  passages = rd_retriever_search (self->store, terms, self->public_only,
                                  RD_ASSISTANT_DEFAULT_PASSAGES, &coverage, error);
  if (passages == NULL)
    return NULL;

  confident = passages->len > 0 && coverage >= self->threshold;
  if (confident)
    {
      text = rd_answerer_compose (self->answerer, question, passages, cancellable, &compose_error);
      if (text == NULL)
        {
          /* A generation step that fails must not cost the agent the answer. */
          g_autoptr(RdAnswerer) extractive = rd_extractive_answerer_new ();

          g_warning ("The answerer failed, quoting the passages instead: %s",
                     compose_error != NULL ? compose_error->message : "no text");
          text = rd_answerer_compose (extractive, question, passages, cancellable, NULL);
        }
    }
  return rd_answer_new (question, text, coverage, confident, passages);
}

char *
rd_assistant_handover (RdAssistant  *self,
                       const char   *question,
                       GError      **error)
{
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
  g_autofree char *line = NULL;
  g_autofree char *subject = NULL;
  const char *end;

  g_return_val_if_fail (RD_IS_ASSISTANT (self), NULL);

  line = g_strstrip (g_strdup (question != NULL ? question : ""));
  end = strchr (line, '\n');
  if (end != NULL)
    line[end - line] = '\0';
  if (g_utf8_strlen (line, -1) > SUBJECT_CHARS)
    {
      g_autofree char *head = g_utf8_substring (line, 0, SUBJECT_CHARS - 1);

      subject = g_strconcat (head, "…", NULL);
    }
  else
    subject = g_strdup (line);

  rd_record_set_string (ticket, "subject", subject);
  rd_record_set_string (ticket, "description", question);
  rd_record_set_string (ticket, "status", "open");
  if (!rd_store_insert (self->store, ticket, error))
    return NULL;
  return g_strdup (rd_record_get_id (ticket));
}
