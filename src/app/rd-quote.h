/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-report-pdf.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* A quote (commercial offer) from a deal: the company header, the quote's number and date,
 * the customer (the deal's organization and contact), the line items, the totals, the
 * validity and the terms, laid out by the report PDF code (rd-report-pdf.c) on A4. Not a
 * GObject: a function from the replica to a document. */

typedef struct
{
  const char *company_name;     /* the seller, or NULL */
  const char *company_details;  /* address, phone, tax number…, several lines, or NULL */
  const char *terms;            /* payment and delivery terms, or NULL */
  guint       validity_days;    /* the quote holds for this many days after its date */
  GDateTime  *date;             /* the date of issue; NULL = today */
} RdQuoteOptions;

/* The quote's number: "Q-" and the last eight hex digits of the deal's id (the random part
 * of a UUIDv7), the same each time the quote of one deal is made. */
char        *rd_quote_number     (const char           *deal_id);

/* The document of the quote of @deal_id; fails (RD_STORE_ERROR_INVALID_STATE) for a deal
 * without line items. */
RdReportDoc *rd_quote_doc_new    (RdStore              *store,
                                  const char           *deal_id,
                                  const RdQuoteOptions *options,
                                  GError              **error);

/* rd_quote_doc_new(), written as a PDF to @path. */
gboolean     rd_quote_write_pdf  (RdStore              *store,
                                  const char           *deal_id,
                                  const RdQuoteOptions *options,
                                  const char           *path,
                                  GError              **error);

G_END_DECLS
