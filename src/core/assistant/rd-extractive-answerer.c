/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-extractive-answerer.h"
#include "rd-passage.h"

/* A second passage is quoted when its article scores at least this share of the best. */
#define SECOND_PASSAGE_SHARE 0.8

struct _RdExtractiveAnswerer
{
  GObject parent_instance;
};

static void rd_extractive_answerer_iface_init (RdAnswererInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdExtractiveAnswerer, rd_extractive_answerer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_ANSWERER, rd_extractive_answerer_iface_init))

static void
quote (GString   *text,
       RdPassage *passage)
{
  if (text->len > 0)
    g_string_append (text, "\n\n");
  g_string_append_printf (text, "“%s”\n— %s", rd_passage_get_text (passage),
                          rd_passage_get_title (passage));
}

static char *
rd_extractive_answerer_compose (RdAnswerer    *answerer,
                                const char    *question,
                                GPtrArray     *passages,
                                GCancellable  *cancellable,
                                GError       **error)
{
  GString *text = g_string_new (NULL);
  RdPassage *best = passages->pdata[0];

  (void) answerer;
  (void) question;
  (void) cancellable;
  (void) error;

  quote (text, best);
  for (guint i = 1; i < passages->len; i++)
    {
      RdPassage *next = passages->pdata[i];

      if (g_strcmp0 (rd_passage_get_article_id (next), rd_passage_get_article_id (best)) != 0 &&
          rd_passage_get_score (next) >= SECOND_PASSAGE_SHARE * rd_passage_get_score (best))
        quote (text, next);
      break;
    }
  return g_string_free (text, FALSE);
}

static void
rd_extractive_answerer_iface_init (RdAnswererInterface *iface)
{
  iface->compose = rd_extractive_answerer_compose;
}

static void
rd_extractive_answerer_class_init (RdExtractiveAnswererClass *klass)
{
  (void) klass;
}

static void
rd_extractive_answerer_init (RdExtractiveAnswerer *self)
{
  (void) self;
}

/** A new extractive answerer. */
RdAnswerer *
rd_extractive_answerer_new (void)
{
  return g_object_new (RD_TYPE_EXTRACTIVE_ANSWERER, NULL);
}
