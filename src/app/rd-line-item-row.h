/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-record.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_LINE_ITEM_ROW (rd_line_item_row_get_type ())

G_DECLARE_FINAL_TYPE (RdLineItemRow, rd_line_item_row, RD, LINE_ITEM_ROW, AdwExpanderRow)

/* One line of a deal: the product's name, "3 × 1 990,00 · −10 % · tax 20 %" and the line's
 * amount; expanded, its quantity, unit price and discount, each written on apply, and
 * Remove. Emits "changed" after a write, "failed" (message) when the store refuses one. */
GtkWidget  *rd_line_item_row_new      (RdStore    *store,
                                       RdRecord   *item,
                                       const char *currency);
const char *rd_line_item_row_get_id   (RdLineItemRow *self);

G_END_DECLS
