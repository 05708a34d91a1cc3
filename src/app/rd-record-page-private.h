/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-documents-section.h"
#include "rd-line-items-editor.h"
#include "rd-price-list-editor.h"
#include "rd-project-plan.h"
#include "rd-record-page.h"
#include "rd-schema.h"

G_BEGIN_DECLS

/* Shared by rd-record-page.c (rows, loading) and rd-record-page-actions.c
 * (assignment, follow-ups, convert, resolve, done, create). */

struct _RdRecordPage
{
  GtkWidget            parent_instance;

  RdStore             *store;
  char                *table;
  char                *id;
  RdRecord            *record;
  GPtrArray           *dynamic_rows;   /* rows added in code, to remove on reload */
  char                *cti_extension;  /* the agent's PBX extension: click-to-call; or NULL */
  gboolean             catalog_read_only;  /* an agent: the catalog is the managers' */
  gboolean             loading;
  guint                sla_timer;
  GPtrArray           *custom_groups;  /* groups of custom fields and addresses, added in code */
  GPtrArray           *custom_rows;    /* rows of custom fields (data "custom-field") */
  GtkWidget           *address_kind_row;
  GtkWidget           *address_add_button;
  GtkWidget           *address_rows[5]; /* street, city, region, postal code, country of a new address */

  GtkWidget           *scroller;
  GtkLabel            *title_label;
  GtkLabel            *sla_label;
  GtkButton           *sms_button;
  GtkButton           *email_button;
  GtkButton           *convert_button;
  GtkButton           *resolve_button;
  GtkButton           *done_button;
  GtkButton           *create_button;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *score_group;
  AdwPreferencesGroup *triage_group;
  GtkButton           *triage_button;
  AdwEntryRow         *triage_tags_row;
  AdwComboRow         *triage_group_row;
  GPtrArray           *triage_team_ids;   /* the group row's team ids, in its order */
  char                *suggested_tags;    /* the model's, as the tags row showed them */
  char                *suggested_group;
  RdLineItemsEditor   *line_items_editor;
  RdProjectPlan       *project_plan;
  RdPriceListEditor   *price_list_editor;
  AdwPreferencesGroup *phones_group;
  AdwPreferencesGroup *followup_group;
  AdwPreferencesGroup *related_group;
  AdwPreferencesGroup *timeline_group;
  RdDocumentsSection  *documents_section;
  AdwEntryRow         *add_phone_row;
  AdwEntryRow         *note_row;
  AdwEntryRow         *callback_row;
  AdwEntryRow         *reply_row;
};

void       rd_record_page_emit_changed     (RdRecordPage *self,
                                            const char   *table,
                                            const char   *id);
void       rd_record_page_emit_open_record (RdRecordPage *self,
                                            const char   *table,
                                            const char   *id);
void       rd_record_page_reload           (RdRecordPage *self);
void       rd_record_page_toast            (RdRecordPage *self,
                                            const char   *message);
void       rd_record_page_mark_row         (GtkWidget    *row,
                                            const char   *error);
void       rd_record_page_show_error       (RdRecordPage *self,
                                            const GError *error);
gboolean   rd_record_page_parse_time       (const char   *text,
                                            gint64       *ms);
gboolean   rd_record_page_take_row_value   (GtkWidget    *row,
                                            RdRecord     *record);
gboolean   rd_record_page_update           (RdRecordPage *self,
                                            RdRecord     *changes,
                                            GtkWidget    *row);
void       rd_record_page_add_row          (RdRecordPage        *self,
                                            AdwPreferencesGroup *group,
                                            GtkWidget           *row);
void       rd_record_page_add_owner_row    (RdRecordPage *self);
/* rd-record-page-score.c: a lead's conversion score and its top factors */
void       rd_record_page_update_score     (RdRecordPage *self);
/* rd-record-page-triage.c: a ticket's suggested tags and group, accepted or changed */
void       rd_record_page_update_triage    (RdRecordPage *self);
void       rd_record_page_triage_cb        (RdRecordPage *self,
                                            GtkButton    *button);
/* rd-record-page-custom.c: custom fields and addresses */
void       rd_record_page_add_custom       (RdRecordPage *self);
void       rd_record_page_clear_custom     (RdRecordPage *self);
/* Puts the custom rows' values (and a new record's address) into @record; FALSE with the
 * error on the row. */
gboolean   rd_record_page_take_custom      (RdRecordPage *self,
                                            RdRecord     *record);
GtkWidget *rd_record_page_find_custom_row  (RdRecordPage *self,
                                            const char   *key);
/* rd-record-page-switch.c: a 0/1 field (RD_FIELD_BOOLEAN) as a switch */
GtkWidget *rd_record_page_switch_row       (RdRecordPage      *self,
                                            const RdFieldDesc *field);
gboolean   rd_record_page_switch_row_get_active (GtkWidget    *row);
/* rd-record-page-items.c: a deal's products and services, a project's plan */
void       rd_record_page_update_items     (RdRecordPage *self);
void       rd_record_page_items_changed_cb (RdRecordPage *self,
                                            GtkWidget    *editor);
void       rd_record_page_items_open_cb    (RdRecordPage *self,
                                            const char   *table,
                                            const char   *id,
                                            GtkWidget    *plan);
void       rd_record_page_items_failed_cb  (RdRecordPage *self,
                                            const char   *message,
                                            GtkWidget    *editor);
/* rd-record-page-timeline.c */
void       rd_record_page_fill_timeline    (RdRecordPage *self);
/* rd-record-page-reply.c: the answer box of a ticket's portal thread */
void       rd_record_page_update_reply     (RdRecordPage *self);
/* rd-record-page-actions.c: the Send SMS button's state */
void       rd_record_page_update_sms       (RdRecordPage *self);

/* rd-record-page-email.c: the Send E-Mail button's state, e-mails in the timeline */
void       rd_record_page_update_email     (RdRecordPage *self);
void       rd_record_page_email_row        (RdRecordPage *self,
                                            AdwActionRow *row,
                                            RdRecord     *message,
                                            const char   *when);

/* template callbacks */
void       rd_record_page_add_note_cb      (RdRecordPage *self,
                                            AdwEntryRow  *row);
void       rd_record_page_callback_cb      (RdRecordPage *self,
                                            AdwEntryRow  *row);
/* rd-record-page-actions.c: the Documents section for the shown record */
void       rd_record_page_update_documents (RdRecordPage *self);
void       rd_record_page_documents_changed_cb (RdRecordPage       *self,
                                                const char         *document_id,
                                                RdDocumentsSection *section);
void       rd_record_page_resolve_cb       (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_done_cb          (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_convert_cb       (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_send_sms_cb      (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_send_email_cb    (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_create_cb        (RdRecordPage *self,
                                            GtkButton    *button);
void       rd_record_page_reply_cb         (RdRecordPage *self,
                                            AdwEntryRow  *row);

G_END_DECLS
