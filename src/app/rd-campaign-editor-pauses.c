/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-campaign-editor-private.h"

/* The campaign editor's pause codes: the global ones (every campaign's, read-only here)
 * and the campaign's own, from GET /pause-codes?campaign=ID; a code of the campaign's is
 * added at once (POST /pause-codes with campaign_id), so only on a saved campaign, as the
 * dispositions are. The server has no way to remove a pause code: a code added again gets
 * the new label. The agents' pause menu reads the same list. */

static void
clear_pause_rows (RdCampaignEditor *self)
{
  for (guint i = 0; i < self->pause_rows->len; i++)
    adw_preferences_group_remove (self->pause_codes_group, g_ptr_array_index (self->pause_rows, i));
  g_ptr_array_set_size (self->pause_rows, 0);
}

static void
add_pause_row (RdCampaignEditor *self,
               JsonObject       *code)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean global = rd_api_string (code, "campaign_id") == NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a pause code's row, e.g. "lunch · every campaign" */
  subtitle = g_strdup_printf (_("%s · %s"), rd_api_string (code, "code"),
                              global ? _("every campaign") : _("this campaign"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_api_string (code, "label"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, rd_api_string (code, "code"));
  if (global)
    gtk_widget_add_css_class (row, "dim-label");
  adw_preferences_group_add (self->pause_codes_group, row);
  g_ptr_array_add (self->pause_rows, row);
}

static void
pause_codes_done_cb (GObject      *owner,
                     JsonNode     *answer,
                     const GError *error,
                     gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonArray *codes = rd_api_array (rd_api_object (answer), "pause_codes");

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;   /* for a campaign shown before */
  clear_pause_rows (self);
  if (error != NULL)
    {
      adw_preferences_group_set_description (self->pause_codes_group, error->message);
      return;
    }
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    add_pause_row (self, json_array_get_object_element (codes, i));
}

void
rd_campaign_editor_load_pause_codes (RdCampaignEditor *self)
{
  g_autofree char *path = NULL;

  clear_pause_rows (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_pause_code_row), self->campaign != NULL);
  adw_preferences_group_set_description (self->pause_codes_group, self->campaign != NULL
    ? _("What agents give as the reason of a pause: every campaign's, then this campaign's own. "
        "A code cannot be removed; adding it again changes its label.")
    : _("Every campaign's pause codes; add this campaign's own once it is saved."));
  if (self->campaign != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (rd_campaign_editor_id (self), NULL, FALSE);

      path = g_strdup_printf ("pause-codes?campaign=%s", escaped);
    }
  rd_campaign_editor_call (self, "GET", path != NULL ? path : "pause-codes", NULL, pause_codes_done_cb,
                           GUINT_TO_POINTER (self->generation));
}

static void
pause_code_added_cb (GObject      *owner,
                     JsonNode     *answer,
                     const GError *error,
                     gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation || self->campaign == NULL)
    return;
  if (error != NULL)
    {
      rd_campaign_editor_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->pause_code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pause_label_row), "");
  rd_campaign_editor_load_pause_codes (self);
}

void
rd_campaign_editor_add_pause_code_clicked_cb (RdCampaignEditor *self)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *code = json_node_get_object (body);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  if (self->campaign == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pause_code_row))));
  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pause_label_row))));
  json_object_set_string_member (code, "code", text);
  json_object_set_string_member (code, "label", label);
  json_object_set_string_member (code, "campaign_id", rd_campaign_editor_id (self));
  rd_campaign_editor_call (self, "POST", "pause-codes", body, pause_code_added_cb,
                           GUINT_TO_POINTER (self->generation));
}

guint
rd_campaign_editor_get_n_pause_codes (RdCampaignEditor *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), 0);
  return self->pause_rows->len;
}
