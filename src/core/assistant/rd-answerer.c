/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-answerer.h"

G_DEFINE_INTERFACE (RdAnswerer, rd_answerer, G_TYPE_OBJECT)

static void
rd_answerer_default_init (RdAnswererInterface *iface)
{
  (void) iface;
}

/** The answer's text to @question from @passages (RdPassage, best first); see RdAnswererInterface. */
char *
rd_answerer_compose (RdAnswerer    *self,
                     const char    *question,
                     GPtrArray     *passages,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RdAnswererInterface *iface;

  g_return_val_if_fail (RD_IS_ANSWERER (self), NULL);
  g_return_val_if_fail (passages != NULL && passages->len > 0, NULL);

  iface = RD_ANSWERER_GET_IFACE (self);
  g_return_val_if_fail (iface->compose != NULL, NULL);
  return iface->compose (self, question, passages, cancellable, error);
}
