/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* The Documents section of a record page (docs/documents.md): the files attached to the
 * record, with their size, date, uploader and where their bytes are; Attach File… and drag
 * and drop, open (fetched from the server first when needed), save a copy, delete with
 * undo. */

#define RD_TYPE_DOCUMENTS_SECTION (rd_documents_section_get_type ())
G_DECLARE_FINAL_TYPE (RdDocumentsSection, rd_documents_section, RD, DOCUMENTS_SECTION,
                      AdwPreferencesGroup)

GtkWidget *rd_documents_section_new          (void);
/* Shows the documents of record @id of @table in @store (@id NULL: none, hidden). */
void       rd_documents_section_set_record   (RdDocumentsSection *self,
                                              RdStore            *store,
                                              const char         *table,
                                              const char         *id);
/* Reads the documents again (after a sync). */
void       rd_documents_section_refresh      (RdDocumentsSection *self);
/* Attaches @files (a list of GFile), as a drop or the file dialog does. */
void       rd_documents_section_attach_files (RdDocumentsSection *self,
                                              GSList             *files);
/* Opens document @id: fetches it when the replica lacks it, then hands a copy named as
 * the document to the "launch" signal (by default the desktop's application for it). */
void       rd_documents_section_open         (RdDocumentsSection *self,
                                              const char         *id);
/* Saves a copy of document @id (its file in the replica) as @target. */
void       rd_documents_section_save_copy    (RdDocumentsSection *self,
                                              const char         *id,
                                              GFile              *target);
/* Deletes document @id, with an Undo on the toast. */
void       rd_documents_section_delete       (RdDocumentsSection *self,
                                              const char         *id);
/* Brings back document @id after a delete. */
void       rd_documents_section_undelete     (RdDocumentsSection *self,
                                              const char         *id);
guint      rd_documents_section_get_n_documents (RdDocumentsSection *self);
/* Files being read, fetched or saved. */
gboolean   rd_documents_section_get_busy     (RdDocumentsSection *self);
/* The row of document @id (an AdwActionRow), for tests. */
GtkWidget *rd_documents_section_get_row      (RdDocumentsSection *self,
                                              const char         *id);

G_END_DECLS
