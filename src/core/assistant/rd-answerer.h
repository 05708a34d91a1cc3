/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_ANSWERER (rd_answerer_get_type ())
G_DECLARE_INTERFACE (RdAnswerer, rd_answerer, RD, ANSWERER, GObject)

/**
 * RdAnswererInterface:
 * @compose: writes the answer's text to @question from @passages (RdPassage, best first,
 *   at least one; the assistant calls it only when retrieval was confident). Blocking: the
 *   assistant calls it in a worker thread, so an implementation may wait on a local model
 *   server, and should give up when @cancellable is cancelled. Returns NULL with @error set
 *   on failure; the assistant then falls back to the extractive answer.
 *
 * The generation step of the assistant (docs/assistant.md). The only implementation now is
 * RdExtractiveAnswerer (the best passages quoted with their sources); a generative one
 * would send the question and the passages to a local model and return its text, which
 * must still name its sources.
 */
struct _RdAnswererInterface
{
  GTypeInterface parent_iface;

  char *(*compose) (RdAnswerer    *self,
                    const char    *question,
                    GPtrArray     *passages,
                    GCancellable  *cancellable,
                    GError       **error);
};

char *rd_answerer_compose (RdAnswerer    *self,
                           const char    *question,
                           GPtrArray     *passages,
                           GCancellable  *cancellable,
                           GError       **error);

G_END_DECLS
