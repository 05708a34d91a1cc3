/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-answer.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_ASK_PAGE (rd_ask_page_get_type ())

G_DECLARE_FINAL_TYPE (RdAskPage, rd_ask_page, RD, ASK_PAGE, GtkWidget)

/* The "Ask" page: an agent's question to the knowledge base, the answer passages with their
 * articles (activating one says "open-record" ("articles", id)) and, when the assistant
 * has no good answer, "Create Ticket" (the handover: "changed" and "open-record" for the new
 * ticket). The question is answered in a worker thread with its own store. */
GtkWidget *rd_ask_page_new        (void);
void       rd_ask_page_set_store  (RdAskPage  *self,
                                   RdStore    *store);
void       rd_ask_page_ask        (RdAskPage  *self,
                                   const char *question);
RdAnswer  *rd_ask_page_get_answer (RdAskPage  *self);
gboolean   rd_ask_page_get_busy   (RdAskPage  *self);

G_END_DECLS
