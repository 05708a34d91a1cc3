/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PRICE_LIST_EDITOR (rd_price_list_editor_get_type ())

G_DECLARE_FINAL_TYPE (RdPriceListEditor, rd_price_list_editor, RD, PRICE_LIST_EDITOR, GtkWidget)

/* A price list's page below its fields: one row per product on sale, its catalog price in
 * the title and this list's price in the entry (written on apply; emptied, the product is
 * sold at the catalog's price again). Emits "changed" after a write and "failed" (message). */
GtkWidget *rd_price_list_editor_new       (void);
void       rd_price_list_editor_set_list  (RdPriceListEditor *self,
                                           RdStore           *store,
                                           const char        *price_list_id);
/* Sets the list's price of @product_id (NULL: back to the catalog's), as its row does. */
gboolean   rd_price_list_editor_set_price (RdPriceListEditor *self,
                                           const char        *product_id,
                                           const char        *text,
                                           GError           **error);

G_END_DECLS
