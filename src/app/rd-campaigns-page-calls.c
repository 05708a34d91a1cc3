/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-campaigns-page-private.h"
#include "rd-phone-number.h"

/* The Campaigns page's calls of the agent's own: the Call / Transfer menu (a number dialled
 * between customers; the customer handed to a number or a colleague) and, while a transfer
 * is under way, the bar under the agent bar that says so and completes or cancels it. */

static void
colleagues_done (RdCampaignsPage *self,
                 JsonObject      *answer)
{
  JsonNode *agents = answer != NULL ? json_object_get_member (answer, "agents") : NULL;

  rd_agent_call_popover_set_colleagues (self->call_popover,
                                        agents != NULL && JSON_NODE_HOLDS_ARRAY (agents)
                                        ? json_node_get_array (agents) : NULL);
}

/* Opened: who could take the customer now. */
static void
call_popover_show_cb (RdCampaignsPage *self)
{
  rd_agent_call_popover_set_region (self->call_popover, self->region);
  rd_agent_call_popover_set_on_call (self->call_popover, g_strcmp0 (self->state, "on_call") == 0);
  if (g_strcmp0 (self->state, "on_call") == 0)
    rd_campaigns_page_request (self, "GET", "agent/colleagues", NULL, colleagues_done);
}

static void
call_popover_dial_cb (RdCampaignsPage *self,
                      const char      *number)
{
  g_autoptr(JsonBuilder) body = rd_campaigns_page_body_with ("number", number);

  json_builder_end_object (body);
  rd_campaigns_page_request (self, "POST", "agent/dial", body, NULL);
}

static void
call_popover_transfer_cb (RdCampaignsPage *self,
                          const char      *agent,
                          const char      *number,
                          gboolean         consult)
{
  g_autoptr(JsonBuilder) body = NULL;

  if (agent != NULL)
    body = rd_campaigns_page_body_with ("agent", agent);
  else
    {
      body = rd_campaigns_page_body_with ("number", number);
      json_builder_set_member_name (body, "mode");
      json_builder_add_string_value (body, consult ? "consult" : "blind");
    }
  json_builder_end_object (body);
  rd_campaigns_page_request (self, "POST", "agent/transfer", body, NULL);
}

static void
call_menu_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  RdCampaignsPage *self = user_data;

  gtk_menu_button_popup (self->call_button);
}

static void
transfer_complete_activated_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/transfer/complete", NULL, NULL);
}

static void
transfer_cancel_activated_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  rd_campaigns_page_request (user_data, "POST", "agent/transfer/cancel", NULL, NULL);
}

void
rd_campaigns_page_add_call_actions (RdCampaignsPage *self)
{
  const GActionEntry entries[] = {
    { "call-menu", call_menu_activated_cb, NULL, NULL, NULL, { 0 } },
    { "transfer-complete", transfer_complete_activated_cb, NULL, NULL, NULL, { 0 } },
    { "transfer-cancel", transfer_cancel_activated_cb, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
}

void
rd_campaigns_page_bind_calls (GtkWidgetClass *widget_class)
{
  g_type_ensure (RD_TYPE_AGENT_CALL_POPOVER);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, call_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, call_popover);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, transfer_bar);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, transfer_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, transfer_complete_button);
  gtk_widget_class_bind_template_callback (widget_class, call_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_popover_dial_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_popover_transfer_cb);
}

/* Why a transfer did not go through, in words. */
static const char *
failure_label (const char *failure)
{
  if (g_strcmp0 (failure, "busy") == 0)
    return _("the number is busy");
  if (g_strcmp0 (failure, "no-answer") == 0)
    return _("nobody answered");
  if (g_strcmp0 (failure, "hung-up") == 0)
    return _("the number hung up");
  return _("the call could not be placed");
}

void
rd_campaigns_page_show_transfer (RdCampaignsPage *self)
{
  JsonObject *t = self->status != NULL && json_object_has_member (self->status, "transfer")
                  ? json_object_get_object_member (self->status, "transfer") : NULL;
  const char *state = t != NULL ? rd_campaigns_page_string_of (t, "state") : NULL;
  const char *e164 = t != NULL ? rd_campaigns_page_string_of (t, "number") : NULL;
  g_autofree char *formatted = e164 != NULL ? rd_phone_number_format (e164, self->region, RD_PHONE_FORMAT_INTERNATIONAL) : NULL;
  const char *number = formatted != NULL ? formatted : e164;
  gboolean consult = t != NULL && g_strcmp0 (rd_campaigns_page_string_of (t, "mode"), "consult") == 0;
  gboolean ringing = g_strcmp0 (state, "ringing") == 0;
  gboolean consulting = g_strcmp0 (state, "consulting") == 0;
  gboolean on_call = g_strcmp0 (self->state, "on_call") == 0;
  gboolean dialling = g_strcmp0 (rd_campaigns_page_string_of (self->status, "reason"), "dialling") == 0;
  g_autofree char *text = NULL;

  /* A failure is told once, when it happens (a cancel is the agent's own doing). */
  if (g_strcmp0 (state, "failed") == 0 && g_strcmp0 (self->transfer_state, "failed") != 0 &&
      self->transfer_state != NULL &&
      g_strcmp0 (rd_campaigns_page_string_of (t, "failure"), "cancelled") != 0)
    {
      /* Translators: the first %s is a phone number, the second why, e.g. "nobody answered" */
      g_autofree char *toast = g_strdup_printf (_("The transfer to %s failed: %s. The customer is still with you."),
                                                number, failure_label (rd_campaigns_page_string_of (t, "failure")));
      rd_campaigns_page_toast (self, toast);
    }
  g_free (self->transfer_state);
  self->transfer_state = g_strdup (state);

  if (ringing)
    /* Translators: %s is the phone number the customer is being transferred to */
    text = g_strdup_printf (consult ? _("Calling %s. You talk first; the customer waits with you until it answers.")
                                    : _("Calling %s. The customer goes through as soon as it answers."),
                            number);
  else if (consulting)
    /* Translators: %s is the phone number the agent consults */
    text = g_strdup_printf (_("You are talking to %s. The customer is on hold."), number);
  gtk_label_set_label (self->transfer_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->transfer_bar, ringing || consulting);
  gtk_widget_set_visible (self->transfer_complete_button, consulting);
  rd_campaigns_page_set_enabled (self, "transfer-complete", on_call && consulting);
  rd_campaigns_page_set_enabled (self, "transfer-cancel", on_call && (ringing || consulting));
  /* Manual dial from ready or paused; a transfer from a bridged call with none under way. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->call_button),
                            self->campaign_id != NULL &&
                            (g_strcmp0 (self->state, "ready") == 0 || g_strcmp0 (self->state, "paused") == 0 ||
                             (on_call && !dialling && !ringing && !consulting)));
  rd_campaigns_page_set_enabled (self, "call-menu", gtk_widget_get_sensitive (GTK_WIDGET (self->call_button)));
  rd_agent_call_popover_set_on_call (self->call_popover, on_call);
}
