/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_CAMPAIGN_CALL_CARD (rd_campaign_call_card_get_type ())

G_DECLARE_FINAL_TYPE (RdCampaignCallCard, rd_campaign_call_card, RD, CAMPAIGN_CALL_CARD, GtkWidget)

/* The customer on the agent's campaign call (GET /api/v1/agent's `call`): the lead's card,
 * the script, and in wrap-up the disposition form with its countdown. */
GtkWidget  *rd_campaign_call_card_new            (void);
/* Shows @call (NULL: none) with the campaign's @dispositions; the same call_id again keeps
 * what the agent typed. @region reads numbers written without a country code. */
void        rd_campaign_call_card_set_call       (RdCampaignCallCard *self,
                                                  JsonObject         *call,
                                                  JsonArray          *dispositions,
                                                  const char         *region);
/* The custom fields of campaign leads (RdCustomField, NULL: none): the leadset's columns
 * named by their key or label show first, with the field's label, read for its type. */
void        rd_campaign_call_card_set_custom_fields (RdCampaignCallCard *self,
                                                     GPtrArray          *fields);
/* The form shows in wrap-up; @deadline_ms (Unix ms, 0: none) is counted down. */
void        rd_campaign_call_card_set_wrap_up    (RdCampaignCallCard *self,
                                                  gboolean            wrap_up,
                                                  gint64              deadline_ms);
const char *rd_campaign_call_card_get_call_id    (RdCampaignCallCard *self);
const char *rd_campaign_call_card_get_lead_name  (RdCampaignCallCard *self);
/* The disposition chosen (a code), or NULL. */
const char *rd_campaign_call_card_get_code       (RdCampaignCallCard *self);
gboolean    rd_campaign_call_card_select_code    (RdCampaignCallCard *self,
                                                  const char         *code);
const char *rd_campaign_call_card_get_notes      (RdCampaignCallCard *self);
GStrv       rd_campaign_call_card_get_tags       (RdCampaignCallCard *self);
/* The call-back time (Unix ms) when the chosen code schedules one, else 0. */
gint64      rd_campaign_call_card_get_callback_at (RdCampaignCallCard *self);
gboolean    rd_campaign_call_card_get_callback_mine (RdCampaignCallCard *self);

G_END_DECLS
