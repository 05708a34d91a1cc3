/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_LINE_ITEMS_EDITOR (rd_line_items_editor_get_type ())

G_DECLARE_FINAL_TYPE (RdLineItemsEditor, rd_line_items_editor, RD, LINE_ITEMS_EDITOR, GtkWidget)

/* The products and services of a deal on its page: the price list, the lines (RdLineItemRow),
 * an "Add" row (a searchable list of the active catalog and a quantity), the totals in the
 * deal's currency, and "Save Quote as PDF…". Emits "changed" after every write (the deal's
 * amount changed with it) and "failed" (message) when the store refuses one. */
GtkWidget  *rd_line_items_editor_new        (void);
void        rd_line_items_editor_set_deal   (RdLineItemsEditor *self,
                                             RdStore           *store,
                                             const char        *deal_id);
/* Adds @quantity of the product @product_id (what the Add row does). */
gboolean    rd_line_items_editor_add        (RdLineItemsEditor *self,
                                             const char        *product_id,
                                             double             quantity,
                                             GError           **error);
/* Writes the deal's quote to @path (what the file chooser of "Save Quote as PDF…" does),
 * with the company and terms of the settings. */
gboolean    rd_line_items_editor_save_quote (RdLineItemsEditor *self,
                                             const char        *path,
                                             GError           **error);
/* The total shown, as text ("12 164,00 RUB"). */
const char *rd_line_items_editor_get_total_text (RdLineItemsEditor *self);

G_END_DECLS
