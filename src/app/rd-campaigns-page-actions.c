/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-campaigns-page-private.h"

/* The Campaigns page's leg (dialled, watched, made again) and the agent's actions: join,
 * ready, pause, hang up, leave, submit the wrap-up. Each is one call of the agent API;
 * the answer is the status the bar shows (rd-campaigns-page.c). */

static void rd_campaigns_page_dial_leg (RdCampaignsPage *self, const char *uri);

/* --- the leg --------------------------------------------------------------------- */

static void
leg_done (RdCampaignsPage *self,
          JsonObject      *answer)
{
  const char *uri = rd_campaigns_page_string_of (answer, "leg_uri");

  if (!self->joined)
    return;
  if (uri == NULL)
    {
      rd_campaigns_page_toast (self, _("The server has no campaign line to dial"));
      return;
    }
  rd_campaigns_page_dial_leg (self, uri);
  rd_campaigns_page_apply_status (self, answer);
}

static gboolean
remake_leg_cb (gpointer user_data)
{
  RdCampaignsPage *self = user_data;

  self->remake_id = 0;
  if (self->joined)
    rd_campaigns_page_request (self, "POST", "agent/leg", NULL, leg_done);
  return G_SOURCE_REMOVE;
}

static void
leg_state_cb (RdCall          *leg,
              GParamSpec      *pspec,
              RdCampaignsPage *self)
{
  if (!rd_call_is_closed (leg) || leg != self->leg || !self->joined)
    return;
  /* The server gives 30 s to make the leg again; a second is enough to not hammer it. */
  g_debug ("campaigns: the leg closed (%s); making it again", rd_call_get_hangup_cause (leg));
  g_clear_handle_id (&self->remake_id, g_source_remove);
  self->remake_id = g_timeout_add_seconds (1, remake_leg_cb, self);
}

static void
rd_campaigns_page_dial_leg (RdCampaignsPage *self,
                            const char      *uri)
{
  g_autoptr(GError) error = NULL;

  if (self->leg != NULL)
    g_signal_handlers_disconnect_by_data (self->leg, self);
  g_clear_object (&self->leg);
  if (self->softphone == NULL)
    {
      rd_campaigns_page_toast (self, _("The phone is not ready: the campaign line cannot be dialled"));
      return;
    }
  self->leg = rd_softphone_dial_leg (self->softphone, uri, &error);
  if (self->leg == NULL)
    {
      rd_campaigns_page_toast (self, error->message);
      return;
    }
  g_signal_connect_object (self->leg, "notify::state", G_CALLBACK (leg_state_cb), self, 0);
  leg_state_cb (self->leg, NULL, self);
}

/* --- join and the agent's actions ------------------------------------------------ */

static void
pause_codes_done (RdCampaignsPage *self,
                  JsonObject      *answer)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  JsonNode *codes = answer != NULL ? json_object_get_member (answer, "pause_codes") : NULL;

  for (guint i = 0; codes != NULL && JSON_NODE_HOLDS_ARRAY (codes) && i < json_array_get_length (json_node_get_array (codes)); i++)
    {
      JsonObject *code = json_array_get_object_element (json_node_get_array (codes), i);
      const char *name = rd_campaigns_page_string_of (code, "code");
      const char *label = rd_campaigns_page_string_of (code, "label");
      g_autoptr(GMenuItem) item = NULL;

      if (name == NULL)
        continue;
      if (label != NULL)
        g_hash_table_replace (self->pause_labels, g_strdup (name), g_strdup (label));
      item = g_menu_item_new (rd_campaigns_page_reason_label (self, name), NULL);

      g_menu_item_set_action_and_target_value (item, "campaign.pause",
                                               g_variant_new_string (rd_campaigns_page_string_of (code, "code")));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->pause_button, G_MENU_MODEL (menu));
}

static void
login_done (RdCampaignsPage *self,
            JsonObject      *answer)
{
  g_autofree char *path = NULL;

  if (answer == NULL || rd_campaigns_page_string_of (answer, "state") == NULL)
    return;
  g_free (self->campaign_id);
  self->campaign_id = g_strdup (rd_campaigns_page_string_of (answer, "campaign_id"));
  self->joined = TRUE;
  g_clear_pointer (&self->state, g_free);
  gtk_stack_set_visible_child_name (self->stack, "desk");
  rd_agent_queues_set_joined (self->queue_desk, TRUE);
  /* the campaign's pause codes, or the common ones for queues alone */
  path = self->campaign_id != NULL ? g_strdup_printf ("pause-codes?campaign=%s", self->campaign_id)
                                   : g_strdup ("pause-codes");
  rd_campaigns_page_request (self, "GET", path, NULL, pause_codes_done);
  leg_done (self, answer);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, rd_campaigns_page_tick_cb, self);
}

void
rd_campaigns_page_log_in (RdCampaignsPage *self,
                          const char      *campaign_id)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_auto(GStrv) queues = rd_agent_queues_get_selected (self->queue_list);

  json_builder_begin_object (body);
  if (campaign_id != NULL)
    {
      json_builder_set_member_name (body, "campaign_id");
      json_builder_add_string_value (body, campaign_id);
    }
  /* with a campaign too: blended, the queues' callers first */
  if (queues[0] != NULL)
    {
      json_builder_set_member_name (body, "queues");
      json_builder_begin_array (body);
      for (guint i = 0; queues[i] != NULL; i++)
        json_builder_add_string_value (body, queues[i]);
      json_builder_end_array (body);
    }
  json_builder_end_object (body);
  rd_campaigns_page_request (self, "POST", "agent/login", body, login_done);
}

void
rd_campaigns_page_join (RdCampaignsPage *self,
                        const char      *campaign_id)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (campaign_id != NULL);

  rd_campaigns_page_log_in (self, campaign_id);
}

static void
ready_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/ready", NULL, NULL);
}

static void
pause_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_autoptr(JsonBuilder) body = rd_campaigns_page_body_with ("code", g_variant_get_string (parameter, NULL));

  json_builder_end_object (body);
  rd_campaigns_page_request (user_data, "POST", "agent/pause", body, NULL);
}

static void
pause_menu_activated_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  RdCampaignsPage *self = user_data;

  gtk_menu_button_popup (self->pause_button);
}

static void
preview_dial_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/preview/dial", NULL, NULL);
}

/* One of the lead's other numbers on the card instead of the first. */
static void
preview_dial_number_activated_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  g_autoptr(JsonBuilder) body = rd_campaigns_page_body_with ("number", g_variant_get_string (parameter, NULL));

  json_builder_end_object (body);
  rd_campaigns_page_request (user_data, "POST", "agent/preview/dial", body, NULL);
}

static void
preview_skip_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();

  json_builder_begin_object (body);
  json_builder_end_object (body);
  rd_campaigns_page_request (user_data, "POST", "agent/preview/skip", body, NULL);
}

static void
preview_skip_why_activated_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_autoptr(JsonBuilder) body = rd_campaigns_page_body_with ("reason", g_variant_get_string (parameter, NULL));

  json_builder_end_object (body);
  rd_campaigns_page_request (user_data, "POST", "agent/preview/skip", body, NULL);
}

static void
answer_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/answer", NULL, NULL);
}

static void
hangup_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/hangup", NULL, NULL);
}

static void
logout_done (RdCampaignsPage *self,
             JsonObject      *answer)
{
  rd_campaigns_page_apply_status (self, answer);
  if (self->joined)
    rd_campaigns_page_left (self);
}

static void
leave_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/logout", NULL, logout_done);
}

static void
submit_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RdCampaignsPage *self = user_data;
  const char *call_id = rd_campaign_call_card_get_call_id (self->call_card);
  const char *code = rd_campaign_call_card_get_code (self->call_card);
  const char *notes = rd_campaign_call_card_get_notes (self->call_card);
  gint64 callback_at = rd_campaign_call_card_get_callback_at (self->call_card);
  g_auto(GStrv) tags = rd_campaign_call_card_get_tags (self->call_card);
  g_autoptr(JsonBuilder) body = NULL;

  if (call_id == NULL)
    return;
  if (code == NULL)
    {
      rd_campaigns_page_toast (self, _("Choose a disposition first"));
      return;
    }
  body = rd_campaigns_page_body_with ("call_id", call_id);
  json_builder_set_member_name (body, "code");
  json_builder_add_string_value (body, code);
  if (notes != NULL && *notes != '\0')
    {
      json_builder_set_member_name (body, "notes");
      json_builder_add_string_value (body, notes);
    }
  if (tags[0] != NULL)
    {
      json_builder_set_member_name (body, "tags");
      json_builder_begin_array (body);
      for (guint i = 0; tags[i] != NULL; i++)
        json_builder_add_string_value (body, tags[i]);
      json_builder_end_array (body);
    }
  if (callback_at > 0)
    {
      json_builder_set_member_name (body, "callback_at");
      json_builder_add_int_value (body, callback_at);
      json_builder_set_member_name (body, "callback_mine");
      json_builder_add_boolean_value (body, rd_campaign_call_card_get_callback_mine (self->call_card));
    }
  json_builder_end_object (body);
  rd_campaigns_page_request (self, "POST", "agent/disposition", body, NULL);
}

void
rd_campaigns_page_add_actions (RdCampaignsPage *self)
{
  const GActionEntry entries[] = {
    { "ready", ready_activated_cb, NULL, NULL, NULL, { 0 } },
    { "pause", pause_activated_cb, "s", NULL, NULL, { 0 } },
    { "pause-menu", pause_menu_activated_cb, NULL, NULL, NULL, { 0 } },
    { "hangup", hangup_activated_cb, NULL, NULL, NULL, { 0 } },
    { "answer", answer_activated_cb, NULL, NULL, NULL, { 0 } },
    { "preview-dial", preview_dial_activated_cb, NULL, NULL, NULL, { 0 } },
    { "preview-dial-number", preview_dial_number_activated_cb, "s", NULL, NULL, { 0 } },
    { "preview-skip", preview_skip_activated_cb, NULL, NULL, NULL, { 0 } },
    { "preview-skip-why", preview_skip_why_activated_cb, "s", NULL, NULL, { 0 } },
    { "leave", leave_activated_cb, NULL, NULL, NULL, { 0 } },
    { "submit", submit_activated_cb, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
}
