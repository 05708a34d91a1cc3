/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-answer.h"

struct _RdAnswer
{
  GObject     parent_instance;
  char       *question;
  char       *text;
  double      confidence;
  gboolean    confident;
  GListStore *passages;
};

enum {
  PROP_0,
  PROP_QUESTION,
  PROP_TEXT,
  PROP_CONFIDENCE,
  PROP_CONFIDENT,
  PROP_PASSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdAnswer, rd_answer, G_TYPE_OBJECT)

static void
rd_answer_finalize (GObject *object)
{
  RdAnswer *self = RD_ANSWER (object);

  g_free (self->question);
  g_free (self->text);
  g_clear_object (&self->passages);
  G_OBJECT_CLASS (rd_answer_parent_class)->finalize (object);
}

static void
rd_answer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RdAnswer *self = RD_ANSWER (object);

  switch (prop_id)
    {
    case PROP_QUESTION:
      g_value_set_string (value, self->question);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_CONFIDENT:
      g_value_set_boolean (value, self->confident);
      break;
    case PROP_PASSAGES:
      g_value_set_object (value, self->passages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_answer_class_init (RdAnswerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rd_answer_finalize;
  object_class->get_property = rd_answer_get_property;

  properties[PROP_QUESTION] = g_param_spec_string ("question", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_CONFIDENT] = g_param_spec_boolean ("confident", NULL, NULL, FALSE, flags);
  properties[PROP_PASSAGES] = g_param_spec_object ("passages", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_answer_init (RdAnswer *self)
{
  self->passages = g_list_store_new (RD_TYPE_PASSAGE);
}

/** An answer to @question saying @text, built on @passages (RdPassage, best first; may be NULL). */
RdAnswer *
rd_answer_new (const char *question,
               const char *text,
               double      confidence,
               gboolean    confident,
               GPtrArray  *passages)
{
  RdAnswer *self = g_object_new (RD_TYPE_ANSWER, NULL);

  self->question = g_strdup (question);
  self->text = g_strdup (text);
  self->confidence = CLAMP (confidence, 0, 1);
  self->confident = confident;
  for (guint i = 0; passages != NULL && i < passages->len; i++)
    g_list_store_append (self->passages, passages->pdata[i]);
  return self;
}

/** The question this answers. */
const char *
rd_answer_get_question (RdAnswer *self)
{
  g_return_val_if_fail (RD_IS_ANSWER (self), NULL);
  return self->question;
}

/** The answer's text: passages quoted with their sources, or the "no good answer" line. */
const char *
rd_answer_get_text (RdAnswer *self)
{
  g_return_val_if_fail (RD_IS_ANSWER (self), NULL);
  return self->text;
}

/** How much of the question the best article covers, in [0, 1]. */
double
rd_answer_get_confidence (RdAnswer *self)
{
  g_return_val_if_fail (RD_IS_ANSWER (self), 0);
  return self->confidence;
}

/** TRUE when the confidence reached the assistant's threshold; else offer a handover. */
gboolean
rd_answer_get_confident (RdAnswer *self)
{
  g_return_val_if_fail (RD_IS_ANSWER (self), FALSE);
  return self->confident;
}

/** The passages (RdPassage) the answer is based on, best first. */
GListModel *
rd_answer_get_passages (RdAnswer *self)
{
  g_return_val_if_fail (RD_IS_ANSWER (self), NULL);
  return G_LIST_MODEL (self->passages);
}
