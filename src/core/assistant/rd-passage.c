/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-passage.h"

struct _RdPassage
{
  GObject  parent_instance;
  char    *article_id;
  char    *title;
  char    *text;
  double   score;
};

enum {
  PROP_0,
  PROP_ARTICLE_ID,
  PROP_TITLE,
  PROP_TEXT,
  PROP_SCORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdPassage, rd_passage, G_TYPE_OBJECT)

static void
rd_passage_finalize (GObject *object)
{
  RdPassage *self = RD_PASSAGE (object);

  g_free (self->article_id);
  g_free (self->title);
  g_free (self->text);
  G_OBJECT_CLASS (rd_passage_parent_class)->finalize (object);
}

static void
rd_passage_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdPassage *self = RD_PASSAGE (object);

  switch (prop_id)
    {
    case PROP_ARTICLE_ID:
      g_value_set_string (value, self->article_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_SCORE:
      g_value_set_double (value, self->score);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_passage_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdPassage *self = RD_PASSAGE (object);

  switch (prop_id)
    {
    case PROP_ARTICLE_ID:
      self->article_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_TEXT:
      self->text = g_value_dup_string (value);
      break;
    case PROP_SCORE:
      self->score = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_passage_class_init (RdPassageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rd_passage_finalize;
  object_class->get_property = rd_passage_get_property;
  object_class->set_property = rd_passage_set_property;

  properties[PROP_ARTICLE_ID] = g_param_spec_string ("article-id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_passage_init (RdPassage *self)
{
  (void) self;
}

/** A passage of article @article_id (@title) with @text and the article's @score. */
RdPassage *
rd_passage_new (const char *article_id,
                const char *title,
                const char *text,
                double      score)
{
  return g_object_new (RD_TYPE_PASSAGE, "article-id", article_id, "title", title,
                       "text", text, "score", score, NULL);
}

/** The id of the article the passage is from. */
const char *
rd_passage_get_article_id (RdPassage *self)
{
  g_return_val_if_fail (RD_IS_PASSAGE (self), NULL);
  return self->article_id;
}

/** The title of the article the passage is from. */
const char *
rd_passage_get_title (RdPassage *self)
{
  g_return_val_if_fail (RD_IS_PASSAGE (self), NULL);
  return self->title;
}

/** The passage's text (a paragraph of the article's body, or its title when it has none). */
const char *
rd_passage_get_text (RdPassage *self)
{
  g_return_val_if_fail (RD_IS_PASSAGE (self), NULL);
  return self->text;
}

/** The article's score for the question (-bm25: higher is better). */
double
rd_passage_get_score (RdPassage *self)
{
  g_return_val_if_fail (RD_IS_PASSAGE (self), 0);
  return self->score;
}
