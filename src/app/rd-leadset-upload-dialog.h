/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_LEADSET_UPLOAD_DIALOG (rd_leadset_upload_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RdLeadsetUploadDialog, rd_leadset_upload_dialog, RD, LEADSET_UPLOAD_DIALOG, AdwWindow)

RdLeadsetUploadDialog *rd_leadset_upload_dialog_new          (GtkWindow             *parent,
                                                              RdServerSession       *session,
                                                              const char            *country);
/* Reads @path (asynchronously) as the chosen file: its first rows make the column rows. */
void                   rd_leadset_upload_dialog_set_file     (RdLeadsetUploadDialog *self,
                                                              const char            *path);
/* TRUE while the file is read or the server answers. */
gboolean               rd_leadset_upload_dialog_get_busy     (RdLeadsetUploadDialog *self);
guint                  rd_leadset_upload_dialog_get_n_columns (RdLeadsetUploadDialog *self);
/* Maps column @column (0-based) to @field (NULL: skip); FALSE for no such column or field. */
gboolean               rd_leadset_upload_dialog_map_column   (RdLeadsetUploadDialog *self,
                                                              guint                  column,
                                                              const char            *field);
/* Dry Run (TRUE) or Import, as the buttons do. */
void                   rd_leadset_upload_dialog_run          (RdLeadsetUploadDialog *self,
                                                              gboolean               dry_run);
/* The server's last report ({rows, imported, invalid_numbers, …, errors}), or NULL. */
JsonObject            *rd_leadset_upload_dialog_get_report   (RdLeadsetUploadDialog *self);

/* The rows from a web address (fetched, http or https) or pasted text (UTF-8), instead of a
 * file. */
void                   rd_leadset_upload_dialog_set_url  (RdLeadsetUploadDialog *self,
                                                          const char            *url);
void                   rd_leadset_upload_dialog_set_text (RdLeadsetUploadDialog *self,
                                                          const char            *text);

G_END_DECLS
