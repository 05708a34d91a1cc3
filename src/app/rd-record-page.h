/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_RECORD_PAGE (rd_record_page_get_type ())

G_DECLARE_FINAL_TYPE (RdRecordPage, rd_record_page, RD, RECORD_PAGE, GtkWidget)

GtkWidget  *rd_record_page_new            (void);
void        rd_record_page_set_store      (RdRecordPage *self,
                                           RdStore      *store);
void        rd_record_page_set_cti_extension (RdRecordPage *self,
                                              const char   *extension);
/* FALSE for an agent: the catalog's pages (RD_TABLE_MANAGED) are shown read-only. */
void        rd_record_page_set_catalog_writable (RdRecordPage *self,
                                                 gboolean      writable);
void        rd_record_page_show           (RdRecordPage *self,
                                           const char   *table,
                                           const char   *id);
const char *rd_record_page_get_table      (RdRecordPage *self);
const char *rd_record_page_get_id         (RdRecordPage *self);
GtkWidget  *rd_record_page_get_field_row  (RdRecordPage *self,
                                           const char   *field);
const char *rd_record_page_get_sla_text   (RdRecordPage *self);
gboolean    rd_record_page_create         (RdRecordPage *self);
void        rd_record_page_convert        (RdRecordPage *self);
/* Reads the timeline again, e.g. after a sync. */
void        rd_record_page_refresh_timeline (RdRecordPage *self);
/* Reads the documents again (one went up, another agent's arrived). */
void        rd_record_page_refresh_documents (RdRecordPage *self);
/* The Documents section (for tests). */
GtkWidget  *rd_record_page_get_documents  (RdRecordPage *self);
/* Opens the Send SMS dialog for the shown record. */
GtkWidget  *rd_record_page_send_sms       (RdRecordPage *self);
/* Opens the Send E-Mail dialog for the shown record, or a reply to received message
 * @reply_to (NULL: a new one); returns it (for tests). */
GtkWidget  *rd_record_page_send_email     (RdRecordPage *self,
                                           const char   *reply_to);
gboolean    rd_record_page_assign         (RdRecordPage *self,
                                           const char   *user_id);

G_END_DECLS
