/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-campaign-editor-private.h"
#include "rd-labels.h"

/* The campaign editor's lists: the users who may be its agents (GET /users, ticked
 * when assigned), the leadsets (GET /leadsets, a switch each: attached), both saved
 * after the settings; and the dispositions, added and removed at once (POST/DELETE
 * /campaigns/ID/dispositions), which needs a saved campaign. */

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
clear_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
list_row (RdCampaignEditor    *self,
          AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          GtkWidget           *toggle,
          gboolean             at_end)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  if (at_end)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->list_rows, row);
  return row;
}

static void
users_done_cb (GObject      *owner,
               JsonNode     *answer,
               const GError *error,
               gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonArray *users = rd_api_array (rd_api_object (answer), "users");
  JsonArray *assigned = rd_api_array (self->campaign, "agents");

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;   /* for a campaign shown before */
  if (error != NULL)
    {
      adw_preferences_group_set_description (self->agents_group, error->message);
      return;
    }
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *name = rd_api_string (user, "name") ? rd_api_string (user, "name") : rd_api_string (user, "username");
      GtkWidget *check = gtk_check_button_new ();

      if (name == NULL || json_object_get_boolean_member_with_default (user, "disabled", FALSE))
        {
          g_object_ref_sink (check);
          g_object_unref (check);
          continue;
        }
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), array_has (assigned, name));
      gtk_widget_set_name (list_row (self, self->agents_group, name, rd_labels_value (rd_api_string (user, "role")), check, FALSE),
                           name);
      g_hash_table_replace (self->agent_checks, g_strdup (name), check);
    }
}

static void
leadsets_done_cb (GObject      *owner,
                  JsonNode     *answer,
                  const GError *error,
                  gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonArray *leadsets = rd_api_array (rd_api_object (answer), "leadsets");
  JsonArray *attached = rd_api_array (self->campaign, "leadsets");

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;
  if (error != NULL)
    {
      adw_preferences_group_set_description (self->leadsets_group, error->message);
      return;
    }
  for (guint i = 0; leadsets != NULL && i < json_array_get_length (leadsets); i++)
    {
      JsonObject *leadset = json_array_get_object_element (leadsets, i);
      const char *id = rd_api_string (leadset, "id");
      GtkWidget *toggle = gtk_switch_new ();
      gint64 left = rd_api_int (leadset, "new") + rd_api_int (leadset, "callback");
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u lead to dial", "%u leads to dial", (gulong) left),
                                                   (guint) left);
      GtkWidget *row;

      if (id == NULL)
        continue;
      gtk_switch_set_active (GTK_SWITCH (toggle), array_has (attached, id));
      row = list_row (self, self->leadsets_group, rd_api_string (leadset, "name"), subtitle, toggle, TRUE);
      gtk_widget_set_name (row, id);
      g_hash_table_replace (self->leadset_switches, g_strdup (id), toggle);
    }
  if (leadsets == NULL || json_array_get_length (leadsets) == 0)
    adw_preferences_group_set_description (self->leadsets_group,
                                           _("No leadset yet: upload one from the campaign list."));
}

void
rd_campaign_editor_load_lists (RdCampaignEditor *self)
{
  clear_rows (self->list_rows);
  g_hash_table_remove_all (self->agent_checks);
  g_hash_table_remove_all (self->leadset_switches);
  adw_preferences_group_set_description (self->agents_group, _("Who may join the campaign and take its calls."));
  adw_preferences_group_set_description (self->leadsets_group, _("The lists the campaign dials."));
  rd_campaign_editor_call (self, "GET", "users", NULL, users_done_cb, GUINT_TO_POINTER (self->generation));
  rd_campaign_editor_call (self, "GET", "leadsets", NULL, leadsets_done_cb, GUINT_TO_POINTER (self->generation));
}

/* --- saving the lists ------------------------------------------------------------------ */

static void
list_saved_cb (GObject      *owner,
               JsonNode     *answer,
               const GError *error,
               gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;   /* left with Back meanwhile */
  self->save_pending--;
  if (error != NULL)
    {
      self->save_failed = TRUE;
      rd_campaign_editor_toast (self, error->message);
    }
  if (self->save_pending == 0 && !self->save_failed)
    rd_campaign_editor_done (self, TRUE);
}

static void
save_call (RdCampaignEditor *self,
           const char       *method,
           const char       *path,
           JsonNode         *body)
{
  self->save_pending++;
  rd_campaign_editor_call (self, method, path, body, list_saved_cb, GUINT_TO_POINTER (self->generation));
}

void
rd_campaign_editor_save_lists (RdCampaignEditor *self)
{
  const char *id = rd_campaign_editor_id (self);
  JsonArray *assigned = rd_api_array (self->campaign, "agents");
  JsonArray *attached = rd_api_array (self->campaign, "leadsets");
  g_autoptr(JsonArray) agents = json_array_new ();
  gboolean agents_changed = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  self->save_pending = 0;
  self->save_failed = FALSE;
  g_hash_table_iter_init (&iter, self->agent_checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean on = gtk_check_button_get_active (value);

      if (on)
        json_array_add_string_element (agents, key);
      agents_changed |= on != array_has (assigned, key);
    }
  /* Assigned agents this manager cannot see stay assigned. */
  for (guint i = 0; assigned != NULL && i < json_array_get_length (assigned); i++)
    if (!g_hash_table_contains (self->agent_checks, json_array_get_string_element (assigned, i)))
      json_array_add_string_element (agents, json_array_get_string_element (assigned, i));
  if (agents_changed)
    {
      g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
      g_autofree char *path = g_strdup_printf ("campaigns/%s/agents", id);

      json_object_set_array_member (json_node_get_object (body), "agents", json_array_ref (agents));
      save_call (self, "PUT", path, body);
    }

  g_hash_table_iter_init (&iter, self->leadset_switches);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean on = gtk_switch_get_active (value);

      if (on != array_has (attached, key))
        {
          g_autofree char *path = g_strdup_printf ("campaigns/%s/leadsets/%s", id, (const char *) key);

          save_call (self, on ? "PUT" : "DELETE", path, NULL);
        }
    }
  if (self->save_pending == 0)
    rd_campaign_editor_done (self, TRUE);
}

/* --- dispositions ---------------------------------------------------------------------- */

static void remove_disposition_clicked_cb (GtkButton *button, RdCampaignEditor *self);

void
rd_campaign_editor_show_dispositions (RdCampaignEditor *self)
{
  JsonArray *dispositions = rd_api_array (self->campaign, "dispositions");

  clear_rows (self->disposition_rows);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_disposition_row), self->campaign != NULL);
  adw_preferences_group_set_description (self->dispositions_group, self->campaign != NULL
    ? _("What agents choose when a call ends.")
    : _("A new campaign starts with the standard dispositions; add your own once it is saved."));
  for (guint i = 0; dispositions != NULL && i < json_array_get_length (dispositions); i++)
    {
      JsonObject *d = json_array_get_object_element (dispositions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autoptr(GString) flags = g_string_new (rd_api_string (d, "code"));

      if (json_object_get_boolean_member_with_default (d, "closes_lead", FALSE))
        g_string_append_printf (flags, " · %s", _("closes the lead"));
      if (json_object_get_boolean_member_with_default (d, "callback", FALSE))
        g_string_append_printf (flags, " · %s", _("call-back"));
      if (json_object_get_boolean_member_with_default (d, "dnc", FALSE))
        g_string_append_printf (flags, " · %s", _("do not call"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_api_string (d, "label"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), flags->str);
      gtk_widget_set_name (row, rd_api_string (d, "code"));
      gtk_widget_set_name (remove, "remove");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this disposition"));
      g_object_set_data_full (G_OBJECT (remove), "code", g_strdup (rd_api_string (d, "code")), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_disposition_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->dispositions_group, row);
      g_ptr_array_add (self->disposition_rows, row);
    }
}

/* The dispositions as the server has them now: the answer is the campaign. */
static void
dispositions_done_cb (GObject      *owner,
                      JsonNode     *answer,
                      const GError *error,
                      gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonArray *dispositions = rd_api_array (rd_api_object (answer), "dispositions");

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation || self->campaign == NULL)
    return;
  if (error != NULL)
    rd_campaign_editor_toast (self, error->message);
  else if (dispositions != NULL)
    {
      json_object_set_array_member (self->campaign, "dispositions", json_array_ref (dispositions));
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->label_row), "");
    }
  rd_campaign_editor_show_dispositions (self);
}

/* A DELETE answers {"ok": true}: the campaign is read again for its dispositions. */
static void
disposition_removed_cb (GObject      *owner,
                        JsonNode     *answer,
                        const GError *error,
                        gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  g_autofree char *path = NULL;

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation || self->campaign == NULL)
    return;
  if (error != NULL)
    {
      rd_campaign_editor_toast (self, error->message);
      return;
    }
  path = g_strdup_printf ("campaigns/%s", rd_campaign_editor_id (self));
  rd_campaign_editor_call (self, "GET", path, NULL, dispositions_done_cb, data);
}

static void
remove_disposition_clicked_cb (GtkButton        *button,
                               RdCampaignEditor *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("campaigns/%s/dispositions/%s", rd_campaign_editor_id (self), escaped);

  rd_campaign_editor_call (self, "DELETE", path, NULL, disposition_removed_cb, GUINT_TO_POINTER (self->generation));
}

void
rd_campaign_editor_add_disposition_clicked_cb (RdCampaignEditor *self)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *d = json_node_get_object (body);
  g_autofree char *path = NULL;

  if (self->campaign == NULL)
    return;
  json_object_set_string_member (d, "code", gtk_editable_get_text (GTK_EDITABLE (self->code_row)));
  json_object_set_string_member (d, "label", gtk_editable_get_text (GTK_EDITABLE (self->label_row)));
  json_object_set_boolean_member (d, "closes_lead", gtk_switch_get_active (self->closes_switch));
  json_object_set_boolean_member (d, "callback", gtk_switch_get_active (self->callback_switch));
  json_object_set_boolean_member (d, "dnc", gtk_switch_get_active (self->dnc_switch));
  path = g_strdup_printf ("campaigns/%s/dispositions", rd_campaign_editor_id (self));
  rd_campaign_editor_call (self, "POST", path, body, dispositions_done_cb, GUINT_TO_POINTER (self->generation));
}

/* --- for tests ------------------------------------------------------------------------- */

gboolean
rd_campaign_editor_set_agent (RdCampaignEditor *self,
                              const char       *name,
                              gboolean          assigned)
{
  GtkCheckButton *check;

  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), FALSE);
  check = g_hash_table_lookup (self->agent_checks, name);
  if (check == NULL)
    return FALSE;
  gtk_check_button_set_active (check, assigned);
  return TRUE;
}

gboolean
rd_campaign_editor_set_leadset (RdCampaignEditor *self,
                                const char       *id,
                                gboolean          attached)
{
  GtkSwitch *toggle;

  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), FALSE);
  toggle = g_hash_table_lookup (self->leadset_switches, id);
  if (toggle == NULL)
    return FALSE;
  gtk_switch_set_active (toggle, attached);
  return TRUE;
}

guint
rd_campaign_editor_get_n_dispositions (RdCampaignEditor *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), 0);
  return self->disposition_rows->len;
}
