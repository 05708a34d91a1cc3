/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RD_TYPE_TEXT_ROW (rd_text_row_get_type ())

G_DECLARE_FINAL_TYPE (RdTextRow, rd_text_row, RD, TEXT_ROW, AdwPreferencesRow)

/* A multi-line text field in a preferences group (an article's body): its title above a
 * wrapping text view, and a Save button (when show-apply-button is set) that appears once
 * the text was changed and says "apply"; "changed" on every edit. */
GtkWidget  *rd_text_row_new                   (void);
const char *rd_text_row_get_text              (RdTextRow  *self);
void        rd_text_row_set_text              (RdTextRow  *self,
                                               const char *text);
void        rd_text_row_set_show_apply_button (RdTextRow  *self,
                                               gboolean    show);

G_END_DECLS
