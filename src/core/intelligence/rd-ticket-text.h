/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words of a ticket the triage model reads: the assistant's query terms (lower-case,
 * English and Russian stop words dropped, each Snowball-stemmed for its script,
 * rd-query-terms.h) of its subject and description, as distinct stems in sorted order, so
 * "Оплата", "оплаты" and "оплатой" are one feature, and "payments" and "payment" another. */

/* The distinct stems (char*) of @subject and @description, sorted. */
GPtrArray *rd_ticket_text_terms (const char *subject,
                                 const char *description);

/* The labels of a comma-separated @tags text: trimmed, lower-case, distinct, sorted. */
GPtrArray *rd_ticket_text_tags  (const char *tags);

G_END_DECLS
