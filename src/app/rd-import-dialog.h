/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-csv-import.h"

G_BEGIN_DECLS

#define RD_TYPE_IMPORT_DIALOG (rd_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RdImportDialog, rd_import_dialog, RD, IMPORT_DIALOG, AdwWindow)

RdImportDialog          *rd_import_dialog_new          (GtkWindow      *parent,
                                                        const char     *db_path,
                                                        const char     *region);
void                     rd_import_dialog_set_country  (RdImportDialog *self,
                                                        const char     *country);
void                     rd_import_dialog_set_file     (RdImportDialog *self,
                                                        const char     *path);
void                     rd_import_dialog_run          (RdImportDialog *self,
                                                        gboolean        dry_run);
gboolean                 rd_import_dialog_get_busy     (RdImportDialog *self);
const RdCsvImportReport *rd_import_dialog_get_report   (RdImportDialog *self);
guint                    rd_import_dialog_get_n_columns (RdImportDialog *self);
void                     rd_import_dialog_map_column   (RdImportDialog *self,
                                                        guint           column,
                                                        const char     *field);

G_END_DECLS
