/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* Products and services, price lists, a deal's line items and their totals (the deal's
 * amount), and project task dependencies. The rules live in the store's write path, so a
 * line item written by any caller (the app's generic record page, an import, the CLI)
 * keeps its deal's amount, and a dependency cycle is refused whoever writes it. */

typedef struct {
  double subtotal;   /* sum of quantity × unit price */
  double discount;   /* sum of the line discounts */
  double tax;        /* sum of the taxes on the discounted lines */
  double total;      /* subtotal − discount + tax: the deal's amount */
  guint  n_items;    /* live line items */
} RdDealTotals;

/* One line's figures, rounded to cents: net = quantity × price − discount, tax on the net. */
void        rd_line_item_figures          (double        quantity,
                                           double        unit_price,
                                           double        discount_percent,
                                           double        tax_percent,
                                           double       *gross,
                                           double       *discount,
                                           double       *tax);

/* The totals of the live line items of @deal_id. */
gboolean    rd_store_deal_totals          (RdStore      *self,
                                           const char   *deal_id,
                                           RdDealTotals *totals,
                                           GError      **error);

/* The live line items of @deal_id (RdRecord), in their order (position, then created). */
GPtrArray  *rd_store_deal_line_items      (RdStore      *self,
                                           const char   *deal_id,
                                           GError      **error);

/* The unit price of @product_id: its price in @price_list_id when that list has one, else
 * the catalog's; *@currency (optional, free it) the currency that price is in. */
gboolean    rd_store_product_price        (RdStore      *self,
                                           const char   *product_id,
                                           const char   *price_list_id,
                                           double       *price,
                                           char        **currency,
                                           GError      **error);

/* Adds @quantity of an active product to a deal at the price of the deal's price list (or
 * the catalog's), with the product's tax rate; a deal without a currency takes the price's.
 * A price in another currency than the deal's is refused. Returns the new item's id. */
char       *rd_store_add_line_item        (RdStore      *self,
                                           const char   *deal_id,
                                           const char   *product_id,
                                           double        quantity,
                                           GError      **error);

/* Sets deals.amount of @deal_id to the total of its line items when it differs (a captured
 * edit). The store calls it after each local write of a line item; the sync client after a
 * pull that brought line items. */
gboolean    rd_store_recompute_deal_amount (RdStore     *self,
                                           const char   *deal_id,
                                           GError      **error);

/* Whether task @task_id may depend on @depends_on: same project, not itself, no cycle
 * (the error names the chain). The server runs it on every pushed depends_on. */
gboolean    rd_store_check_task_dependency (RdStore     *self,
                                           const char   *task_id,
                                           const char   *depends_on,
                                           GError      **error);

/* The live tasks of @project_id that @task_id may depend on without making a cycle. */
GPtrArray  *rd_store_task_dependency_candidates (RdStore    *self,
                                                 const char *project_id,
                                                 const char *task_id,
                                                 GError    **error);

/* Open tasks of live projects due before @before_ms (overdue ones too), soonest first, at
 * most @limit: project_tasks records with the project's name in "project_name". */
GPtrArray  *rd_store_project_tasks_due    (RdStore      *self,
                                           gint64        before_ms,
                                           guint         limit,
                                           GError      **error);

G_END_DECLS
