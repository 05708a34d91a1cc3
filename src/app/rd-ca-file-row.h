/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RD_TYPE_CA_FILE_ROW (rd_ca_file_row_get_type ())

G_DECLARE_FINAL_TYPE (RdCaFileRow, rd_ca_file_row, RD, CA_FILE_ROW, AdwActionRow)

GtkWidget  *rd_ca_file_row_new         (void);
const char *rd_ca_file_row_get_file    (RdCaFileRow  *self);
void        rd_ca_file_row_set_file    (RdCaFileRow  *self,
                                        const char   *file);
gboolean    rd_ca_file_row_choose_file (RdCaFileRow  *self,
                                        const char   *file,
                                        GError      **error);
void        rd_ca_file_row_open_chooser (RdCaFileRow *self);
GtkNativeDialog *rd_ca_file_row_get_chooser (RdCaFileRow *self);

G_END_DECLS
