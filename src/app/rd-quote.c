/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-catalog.h"
#include "rd-labels.h"
#include "rd-quote.h"
#include "rd-record.h"

char *
rd_quote_number (const char *deal_id)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  g_return_val_if_fail (deal_id != NULL, NULL);

  for (const char *p = deal_id; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex, g_ascii_toupper (*p));
  return g_strdup_printf ("Q-%s", hex->len > 8 ? hex->str + hex->len - 8 : hex->str);
}

/* "3" or "2.5": a quantity without trailing zeros. */
static char *
format_quantity (double quantity)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.3f", quantity);
  for (char *end = buf + strlen (buf) - 1; end > buf && *end == '0'; end--)
    *end = '\0';
  if (buf[strlen (buf) - 1] == '.')
    buf[strlen (buf) - 1] = '\0';
  return g_strdup (buf);
}

static char *
format_percent (double value)
{
  g_autofree char *number = format_quantity (value);

  return value != 0 ? g_strdup_printf ("%s %%", number) : g_strdup ("—");
}

static char *
party_name (RdStore    *store,
            const char *table,
            const char *id)
{
  g_autoptr(RdRecord) record = NULL;

  if (id == NULL)
    return NULL;
  record = rd_store_get (store, table, id, NULL);
  return record != NULL ? g_strdup (rd_record_get_string (record, "name")) : NULL;
}

RdReportDoc *
rd_quote_doc_new (RdStore              *store,
                  const char           *deal_id,
                  const RdQuoteOptions *options,
                  GError              **error)
{
  g_autoptr(RdRecord) deal = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *org = NULL;
  g_autofree char *contact = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  RdReportDoc *doc;
  RdDealTotals totals;
  const char *currency;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if ((deal = rd_store_get (store, "deals", deal_id, error)) == NULL ||
      (items = rd_store_deal_line_items (store, deal_id, error)) == NULL ||
      !rd_store_deal_totals (store, deal_id, &totals, error))
    return NULL;
  if (items->len == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE,
                   _("The deal has no products or services to quote: add line items first"));
      return NULL;
    }
  currency = rd_record_get_string (deal, "currency");

  today = options->date != NULL ? g_date_time_ref (options->date) : g_date_time_new_now_local ();
  until = g_date_time_add_days (today, options->validity_days > 0 ? options->validity_days : 30);
  date = g_date_time_format (today, "%Y-%m-%d");
  until_text = g_date_time_format (until, "%Y-%m-%d");
  number = rd_quote_number (deal_id);
  /* TRANSLATORS: the heading of a quote PDF: "Quote Q-1A2B3C4D" */
  title = g_strdup_printf (_("Quote %s"), number);
  doc = rd_report_doc_new (title);
  doc->head_lines = TRUE;
  doc->stretch_column = 1;

  if (options->company_name != NULL && *options->company_name != '\0')
    g_ptr_array_add (doc->filters, g_strdup (options->company_name));
  if (options->company_details != NULL && *options->company_details != '\0')
    g_ptr_array_add (doc->filters, g_strdup (options->company_details));
  /* TRANSLATORS: a quote's header line: "Date: 2026-12-08" */
  g_ptr_array_add (doc->filters, g_strdup_printf (_("Date: %s"), date));
  org = party_name (store, "organizations", rd_record_get_string (deal, "org_id"));
  contact = party_name (store, "contacts", rd_record_get_string (deal, "contact_id"));
  if (org != NULL || contact != NULL)
    g_ptr_array_add (doc->filters, g_strdup_printf (_("Customer: %s%s%s"), org ? org : "",
                                                    org && contact ? ", " : "", contact ? contact : ""));
  g_ptr_array_add (doc->filters, g_strdup_printf (_("Subject: %s"), rd_record_get_string (deal, "name")));

  rd_report_doc_add_column (doc, C_("quote column", "No."), TRUE);
  rd_report_doc_add_column (doc, C_("quote column", "Product or Service"), FALSE);
  rd_report_doc_add_column (doc, C_("quote column", "Code"), FALSE);
  rd_report_doc_add_column (doc, C_("quote column", "Quantity"), TRUE);
  rd_report_doc_add_column (doc, C_("quote column", "Unit Price"), TRUE);
  rd_report_doc_add_column (doc, C_("quote column", "Discount"), TRUE);
  rd_report_doc_add_column (doc, C_("quote column", "Tax"), TRUE);
  rd_report_doc_add_column (doc, C_("quote column", "Amount"), TRUE);

  for (guint i = 0; i < items->len; i++)
    {
      RdRecord *item = g_ptr_array_index (items, i);
      g_autoptr(RdRecord) product = NULL;
      double quantity = rd_record_get_double (item, "quantity", 0);
      double price = rd_record_get_double (item, "unit_price", 0);
      double discount = rd_record_get_double (item, "discount", 0);
      double tax_rate = rd_record_get_double (item, "tax_rate", 0);
      double gross, off;
      char **cells = g_new0 (char *, 9);

      if (rd_record_get_string (item, "product_id") != NULL)
        product = rd_store_get (store, "products", rd_record_get_string (item, "product_id"), NULL);
      rd_line_item_figures (quantity, price, discount, tax_rate, &gross, &off, NULL);
      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = g_strdup (rd_record_get_string (item, "name"));
      cells[2] = g_strdup (product ? rd_record_get_string (product, "code") ?: "" : "");
      cells[3] = format_quantity (quantity);
      cells[4] = rd_labels_money (price, NULL);
      cells[5] = format_percent (discount);
      cells[6] = format_percent (tax_rate);
      cells[7] = rd_labels_money (gross - off, NULL);
      rd_report_doc_add_row (doc, cells);
    }

  {
    g_autofree char *subtotal = rd_labels_money (totals.subtotal, currency);
    g_autofree char *discount = rd_labels_money (-totals.discount, currency);
    g_autofree char *tax = rd_labels_money (totals.tax, currency);
    g_autofree char *total = rd_labels_money (totals.total, currency);

    rd_report_doc_add_summary (doc, _("Subtotal"), subtotal, FALSE);
    if (totals.discount != 0)
      rd_report_doc_add_summary (doc, _("Discount"), discount, FALSE);
    rd_report_doc_add_summary (doc, _("Tax"), tax, FALSE);
    rd_report_doc_add_summary (doc, _("Total"), total, TRUE);
  }

  /* TRANSLATORS: under a quote's totals: "This quote is valid until 2027-01-07." */
  g_string_append_printf (notes, _("This quote is valid until %s."), until_text);
  if (options->terms != NULL && *options->terms != '\0')
    g_string_append_printf (notes, "\n%s", options->terms);
  doc->notes = g_string_free (g_steal_pointer (&notes), FALSE);
  return doc;
}

gboolean
rd_quote_write_pdf (RdStore              *store,
                    const char           *deal_id,
                    const RdQuoteOptions *options,
                    const char           *path,
                    GError              **error)
{
  g_autoptr(RdReportDoc) doc = rd_quote_doc_new (store, deal_id, options, error);

  return doc != NULL && rd_report_pdf_write (doc, path, error);
}
