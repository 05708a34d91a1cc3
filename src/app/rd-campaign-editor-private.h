/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-campaign-editor.h"

G_BEGIN_DECLS

/* Shared by rd-campaign-editor.c (the settings from the schema, the script, Save) and
 * rd-campaign-editor-lists.c (agents, leadsets, dispositions) and
 * rd-campaign-editor-pauses.c (pause codes). */

struct _RdCampaignEditor
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  guint                pending;       /* calls in flight */
  JsonObject          *campaign;      /* the campaign edited, NULL for a new one */
  GPtrArray           *settings;      /* Setting *, in the schema's order */
  char                *error_setting;
  guint                generation;    /* one more at each edit: late answers are left */

  GHashTable          *agent_checks;  /* user name -> GtkCheckButton */
  GHashTable          *leadset_switches; /* leadset id -> GtkSwitch */
  GPtrArray           *list_rows;     /* rows of agents, leadsets */
  GPtrArray           *disposition_rows;
  GPtrArray           *pause_rows;
  guint                save_pending;
  gboolean             save_failed;

  GtkLabel            *title_label;
  GtkSpinner          *spinner;
  GtkButton           *save_button;
  AdwPreferencesGroup *settings_group;
  AdwPreferencesGroup *advanced_group;
  GtkTextView         *script_view;
  AdwPreferencesGroup *agents_group;
  AdwPreferencesGroup *leadsets_group;
  AdwPreferencesGroup *dispositions_group;
  AdwExpanderRow      *add_disposition_row;
  AdwEntryRow         *code_row;
  AdwEntryRow         *label_row;
  GtkSwitch           *closes_switch;
  GtkSwitch           *callback_switch;
  GtkSwitch           *dnc_switch;
  AdwPreferencesGroup *pause_codes_group;
  AdwExpanderRow      *add_pause_code_row;
  AdwEntryRow         *pause_code_row;
  AdwEntryRow         *pause_label_row;
};

void        rd_campaign_editor_toast            (RdCampaignEditor *self,
                                                 const char       *message);
/* Calls the API with @body (may be NULL), counting it in `pending`. */
void        rd_campaign_editor_call             (RdCampaignEditor *self,
                                                 const char       *method,
                                                 const char       *path,
                                                 JsonNode         *body,
                                                 gpointer          done,
                                                 gpointer          data);
/* A call of the editor has finished: `pending` less one, the spinner follows. */
void        rd_campaign_editor_call_finished    (RdCampaignEditor *self);
const char *rd_campaign_editor_id               (RdCampaignEditor *self);

/* rd-campaign-editor-lists.c */
void        rd_campaign_editor_load_lists       (RdCampaignEditor *self);
void        rd_campaign_editor_show_dispositions (RdCampaignEditor *self);
/* After the settings are saved: the agents and leadsets that changed; "done" follows. */
void        rd_campaign_editor_save_lists       (RdCampaignEditor *self);
void        rd_campaign_editor_add_disposition_clicked_cb (RdCampaignEditor *self);
/* rd-campaign-editor-pauses.c: the global and the campaign's pause codes. */
void        rd_campaign_editor_load_pause_codes (RdCampaignEditor *self);
void        rd_campaign_editor_add_pause_code_clicked_cb (RdCampaignEditor *self);

/* Emits "done". */
void        rd_campaign_editor_done             (RdCampaignEditor *self,
                                                 gboolean          saved);

G_END_DECLS
