/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_CAMPAIGN_EDITOR (rd_campaign_editor_get_type ())

G_DECLARE_FINAL_TYPE (RdCampaignEditor, rd_campaign_editor, RD, CAMPAIGN_EDITOR, GtkWidget)

GtkWidget  *rd_campaign_editor_new               (void);
void        rd_campaign_editor_set_session       (RdCampaignEditor *self,
                                                  RdServerSession  *session);
/* Shows @campaign (as GET /campaigns gives it) for editing, or a new one with NULL. */
void        rd_campaign_editor_edit              (RdCampaignEditor *self,
                                                  JsonObject       *campaign);
/* TRUE while the schema, users or leadsets load, or a save runs. */
gboolean    rd_campaign_editor_get_busy          (RdCampaignEditor *self);
/* The row of setting @name (GET /campaigns/schema), or NULL. */
GtkWidget  *rd_campaign_editor_get_setting_row   (RdCampaignEditor *self,
                                                  const char       *name);
/* Sets setting @name as its row would: the text, "12" for numbers, "true"/"false", an
 * enum's value. FALSE for an unknown setting or value. */
gboolean    rd_campaign_editor_set_setting       (RdCampaignEditor *self,
                                                  const char       *name,
                                                  const char       *value);
/* The setting the server's last refusal named (its row is marked), or NULL. */
const char *rd_campaign_editor_get_error_setting (RdCampaignEditor *self);
/* Ticks agent @name or leadset @id as their rows do; FALSE when there is no such row. */
gboolean    rd_campaign_editor_set_agent         (RdCampaignEditor *self,
                                                  const char       *name,
                                                  gboolean          assigned);
gboolean    rd_campaign_editor_set_leadset       (RdCampaignEditor *self,
                                                  const char       *id,
                                                  gboolean          attached);
guint       rd_campaign_editor_get_n_dispositions (RdCampaignEditor *self);
/* The pause codes listed: the global ones and the campaign's. */
guint       rd_campaign_editor_get_n_pause_codes (RdCampaignEditor *self);
/* Saves as the Save button does; "done" (TRUE) follows when all went through. */
void        rd_campaign_editor_save              (RdCampaignEditor *self);

G_END_DECLS
