/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-campaign-editor-private.h"
#include "rd-labels.h"

/* The campaign editor (new and edit): its settings are rows made from GET
 * /campaigns/schema, each by its type (text and times: AdwEntryRow; integers and
 * numbers: a spin button within min/max; booleans: a switch; enums: AdwComboRow), then the
 * script, the agents, the leadsets and the dispositions (rd-campaign-editor-lists.c), the
 * pause codes (rd-campaign-editor-pauses.c).
 * Save is POST /campaigns (every setting set) or PATCH /campaigns/ID (those changed),
 * then PUT /campaigns/ID/agents and PUT/DELETE /campaigns/ID/leadsets/LS where they
 * changed. A 400 names the setting at fault: that row is marked and takes the focus. */

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdCampaignEditor, rd_campaign_editor, GTK_TYPE_WIDGET)

typedef struct {
  char      *name;
  char      *type;     /* text, enum, integer, number, boolean, time */
  GtkWidget *row;
  GtkWidget *input;    /* the spin button or switch; the row itself otherwise */
  GStrv      values;   /* enum */
  JsonNode  *initial;  /* the value shown when the editor opened */
} Setting;

static void
setting_free (gpointer data)
{
  Setting *s = data;

  g_free (s->name);
  g_free (s->type);
  g_strfreev (s->values);
  g_clear_pointer (&s->initial, json_node_unref);
  g_free (s);
}

/* Settings a manager rarely changes: in the last group, under the everyday ones. */
static gboolean
is_advanced (const char *name)
{
  static const char * const advanced[] = {
    "abandon_cap", "compliance_window", "safe_harbor_ms", "safe_harbor_message",
    "hold_message", "abandon_redial_hours", "amd", "broadcast_message", "press_one",
    "recycle_busy", "recycle_no_answer", "recycle_machine", "recycle_failed", NULL
  };

  return g_strv_contains (advanced, name);
}

/* Managers' campaigns take their team on the server; the script has its own box. */
static gboolean
shown_as_row (const char *name)
{
  return g_strcmp0 (name, "team") != 0 && g_strcmp0 (name, "script") != 0;
}

void
rd_campaign_editor_toast (RdCampaignEditor *self,
                          const char       *message)
{
  rd_api_toast (GTK_WIDGET (self), message);
}

void
rd_campaign_editor_call (RdCampaignEditor *self,
                         const char       *method,
                         const char       *path,
                         JsonNode         *body,
                         gpointer          done,
                         gpointer          data)
{
  if (self->session == NULL)
    return;
  self->pending++;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  rd_api_call (self->session, method, path, body, self->cancellable, G_OBJECT (self),
               (RdApiCallDone) done, data);
}

void
rd_campaign_editor_call_finished (RdCampaignEditor *self)
{
  self->pending--;
  gtk_spinner_set_spinning (self->spinner, self->pending > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->pending == 0 && self->settings->len > 0);
}

const char *
rd_campaign_editor_id (RdCampaignEditor *self)
{
  return rd_api_string (self->campaign, "id");
}

void
rd_campaign_editor_done (RdCampaignEditor *self,
                         gboolean          saved)
{
  g_signal_emit (self, signals[DONE], 0, saved);
}

static Setting *
find_setting (RdCampaignEditor *self,
              const char       *name)
{
  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *s = g_ptr_array_index (self->settings, i);

      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  return NULL;
}

/* --- rows from the schema -------------------------------------------------------------- */

static gboolean
is_time (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && text[2] == ':' &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 && (text[3] - '0') * 10 + (text[4] - '0') < 60;
}

static void
time_changed_cb (GtkEditable *row)
{
  const char *text = gtk_editable_get_text (row);

  if (*text == '\0' || is_time (text))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static double
number_member (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                         : json_node_get_double (node);
}

static Setting *
setting_new (JsonObject *spec)
{
  Setting *s = g_new0 (Setting, 1);
  const char *title;

  s->name = g_strdup (rd_api_string (spec, "name"));
  s->type = g_strdup (rd_api_string (spec, "type"));
  title = rd_labels_campaign_setting (s->name);
  if (g_str_equal (s->type, "enum"))
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      JsonArray *values = rd_api_array (spec, "values");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
        {
          g_strv_builder_add (builder, json_array_get_string_element (values, i));
          gtk_string_list_append (labels, rd_labels_campaign_value (json_array_get_string_element (values, i)));
        }
      s->values = g_strv_builder_end (builder);
      s->row = s->input = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (s->row), G_LIST_MODEL (labels));
    }
  else if (g_str_equal (s->type, "integer") || g_str_equal (s->type, "number"))
    {
      gboolean integer = g_str_equal (s->type, "integer");

      s->row = adw_action_row_new ();
      s->input = gtk_spin_button_new_with_range (number_member (spec, "min", 0), number_member (spec, "max", 1e6),
                                                 integer ? 1 : 0.1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (s->input), integer ? 0 : 1);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (s->input), TRUE);
      gtk_widget_set_valign (s->input, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (s->row), s->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (s->row), s->input);
      {
        /* Translators: the range of a number setting, e.g. "15 to 120" */
        g_autofree char *range = g_strdup_printf (_("%g to %g"), number_member (spec, "min", 0),
                                                  number_member (spec, "max", 0));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (s->row), range);
      }
    }
  else if (g_str_equal (s->type, "boolean"))
    {
      s->row = adw_action_row_new ();
      s->input = gtk_switch_new ();
      gtk_widget_set_valign (s->input, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (s->row), s->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (s->row), s->input);
    }
  else
    {
      s->row = s->input = adw_entry_row_new ();
      if (g_str_equal (s->type, "time"))
        {
          g_autofree char *with_format = g_strdup_printf ("%s (%s)", title, _("HH:MM"));

          title = NULL;
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->row), with_format);
          g_signal_connect (s->row, "changed", G_CALLBACK (time_changed_cb), NULL);
        }
    }
  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (s->row), FALSE);
  gtk_widget_set_name (s->row, s->name);
  return s;
}

/* Shows @value (NULL: empty) in @s's row. */
static void
setting_show (Setting  *s,
              JsonNode *value)
{
  gboolean has = value != NULL && JSON_NODE_HOLDS_VALUE (value);

  gtk_widget_remove_css_class (s->row, "error");
  gtk_widget_set_tooltip_text (s->row, NULL);
  if (ADW_IS_COMBO_ROW (s->input))
    {
      const char *text = has ? json_node_get_string (value) : NULL;
      guint selected = 0;

      for (guint i = 0; s->values[i] != NULL; i++)
        if (g_strcmp0 (s->values[i], text) == 0)
          selected = i;
      adw_combo_row_set_selected (ADW_COMBO_ROW (s->input), selected);
    }
  else if (GTK_IS_SPIN_BUTTON (s->input))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (s->input),
                               !has ? 0 : json_node_get_value_type (value) == G_TYPE_INT64
                                          ? (double) json_node_get_int (value) : json_node_get_double (value));
  else if (GTK_IS_SWITCH (s->input))
    gtk_switch_set_active (GTK_SWITCH (s->input), has && json_node_get_boolean (value));
  else
    gtk_editable_set_text (GTK_EDITABLE (s->input), has ? json_node_get_string (value) : "");
}

/* The value in @s's row: an empty text is null. */
static JsonNode *
setting_value (Setting *s)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (ADW_IS_COMBO_ROW (s->input))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (s->input));

      if (selected < g_strv_length (s->values))
        json_node_set_string (node, s->values[selected]);
      else
        json_node_init_null (node);
    }
  else if (GTK_IS_SPIN_BUTTON (s->input))
    {
      gtk_spin_button_update (GTK_SPIN_BUTTON (s->input));
      if (g_str_equal (s->type, "integer"))
        json_node_set_int (node, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (s->input)));
      else
        json_node_set_double (node, gtk_spin_button_get_value (GTK_SPIN_BUTTON (s->input)));
    }
  else if (GTK_IS_SWITCH (s->input))
    json_node_set_boolean (node, gtk_switch_get_active (GTK_SWITCH (s->input)));
  else if (*gtk_editable_get_text (GTK_EDITABLE (s->input)) == '\0' && !g_str_equal (s->name, "name"))
    json_node_init_null (node);
  else
    json_node_set_string (node, gtk_editable_get_text (GTK_EDITABLE (s->input)));
  return node;
}

static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b) &&
      json_node_get_value_type (a) != G_TYPE_STRING && json_node_get_value_type (a) != G_TYPE_BOOLEAN &&
      json_node_get_value_type (b) != G_TYPE_STRING && json_node_get_value_type (b) != G_TYPE_BOOLEAN)
    {
      double x = json_node_get_value_type (a) == G_TYPE_INT64 ? (double) json_node_get_int (a) : json_node_get_double (a);
      double y = json_node_get_value_type (b) == G_TYPE_INT64 ? (double) json_node_get_int (b) : json_node_get_double (b);

      return x == y;
    }
  return json_node_equal (a, b);
}

/* The values of the campaign (or the schema's defaults) into the rows. */
static void
show_values (RdCampaignEditor *self)
{
  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *s = g_ptr_array_index (self->settings, i);
      JsonNode *value = self->campaign != NULL ? json_object_get_member (self->campaign, s->name) : NULL;

      if (self->campaign == NULL)
        value = g_object_get_data (G_OBJECT (s->row), "default");
      setting_show (s, value);
      g_clear_pointer (&s->initial, json_node_unref);
      s->initial = setting_value (s);
    }
  {
    const char *script = rd_api_string (self->campaign, "script");

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->script_view), script ? script : "", -1);
  }
}

static void
schema_done_cb (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonArray *specs = rd_api_array (rd_api_object (answer), "settings");

  if (error != NULL)
    rd_campaign_editor_toast (self, error->message);
  /* Made once: a second editor opened meanwhile shares the rows. */
  if (self->settings->len > 0)
    specs = NULL;
  for (guint i = 0; specs != NULL && i < json_array_get_length (specs); i++)
    {
      JsonObject *spec = json_array_get_object_element (specs, i);
      Setting *s;

      if (!shown_as_row (rd_api_string (spec, "name")))
        continue;
      s = setting_new (spec);
      if (json_object_has_member (spec, "default"))
        g_object_set_data_full (G_OBJECT (s->row), "default",
                                json_node_copy (json_object_get_member (spec, "default")),
                                (GDestroyNotify) json_node_unref);
      adw_preferences_group_add (is_advanced (s->name) ? self->advanced_group : self->settings_group, s->row);
      g_ptr_array_add (self->settings, s);
    }
  show_values (self);
  rd_campaign_editor_call_finished (self);
}

/* --- save ------------------------------------------------------------------------------ */

/* The setting a refusal names: the one whose name comes first in the message. */
static Setting *
setting_named_in (RdCampaignEditor *self,
                  const char       *message)
{
  Setting *best = NULL;
  const char *best_at = NULL;

  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *s = g_ptr_array_index (self->settings, i);
      gsize len = strlen (s->name);

      for (const char *at = strstr (message, s->name); at != NULL; at = strstr (at + 1, s->name))
        {
          gboolean word = (at == message || !(g_ascii_isalnum (at[-1]) || at[-1] == '_')) &&
                          !(g_ascii_isalnum (at[len]) || at[len] == '_');

          if (word && (best_at == NULL || at < best_at))
            {
              best = s;
              best_at = at;
            }
          if (word)
            break;
        }
    }
  return best;
}

static gboolean
mark_error (RdCampaignEditor *self,
            const char       *message)
{
  Setting *s = setting_named_in (self, message);

  g_clear_pointer (&self->error_setting, g_free);
  if (s == NULL)
    return FALSE;
  self->error_setting = g_strdup (s->name);
  gtk_widget_add_css_class (s->row, "error");
  gtk_widget_set_tooltip_text (s->row, message);
  gtk_widget_grab_focus (s->input);
  return TRUE;
}

static void
settings_saved_cb (GObject      *owner,
                   JsonNode     *answer,
                   const GError *error,
                   gpointer      data)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (owner);
  JsonObject *campaign = rd_api_object (answer);

  rd_campaign_editor_call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;   /* left with Back meanwhile */
  if (error != NULL || campaign == NULL)
    {
      /* A refusal that names a setting is shown on its row (which takes the focus). */
      if (error != NULL && !mark_error (self, error->message))
        rd_campaign_editor_toast (self, error->message);
      return;
    }
  /* Keep the lists' old state: they are compared with it in save_lists. */
  if (self->campaign == NULL)
    {
      self->campaign = json_object_ref (campaign);
      json_object_set_array_member (self->campaign, "agents", json_array_new ());
      json_object_set_array_member (self->campaign, "leadsets", json_array_new ());
    }
  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *s = g_ptr_array_index (self->settings, i);

      g_clear_pointer (&s->initial, json_node_unref);
      s->initial = setting_value (s);
    }
  rd_campaign_editor_save_lists (self);
}

void
rd_campaign_editor_save (RdCampaignEditor *self)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *fields = json_node_get_object (body);
  g_autofree char *path = NULL;
  g_autofree char *script = NULL;
  GtkTextIter start, end;
  gboolean is_new;

  g_return_if_fail (RD_IS_CAMPAIGN_EDITOR (self));
  if (self->pending > 0 || self->settings->len == 0)
    return;
  is_new = self->campaign == NULL;
  g_clear_pointer (&self->error_setting, g_free);
  for (guint i = 0; i < self->settings->len; i++)
    {
      Setting *s = g_ptr_array_index (self->settings, i);
      g_autoptr(JsonNode) value = setting_value (s);

      gtk_widget_remove_css_class (s->row, "error");
      gtk_widget_set_tooltip_text (s->row, NULL);
      if (is_new ? !JSON_NODE_HOLDS_NULL (value) : !same_value (value, s->initial))
        json_object_set_member (fields, s->name, g_steal_pointer (&value));
    }
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->script_view), &start, &end);
  script = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->script_view), &start, &end, FALSE);
  if (is_new ? *script != '\0' : g_strcmp0 (script, rd_api_string (self->campaign, "script") ?
                                                    rd_api_string (self->campaign, "script") : "") != 0)
    {
      if (*script != '\0')
        json_object_set_string_member (fields, "script", script);
      else
        json_object_set_null_member (fields, "script");
    }

  if (is_new)
    rd_campaign_editor_call (self, "POST", "campaigns", body, settings_saved_cb, GUINT_TO_POINTER (self->generation));
  else if (json_object_get_size (fields) > 0)
    {
      path = g_strdup_printf ("campaigns/%s", rd_campaign_editor_id (self));
      rd_campaign_editor_call (self, "PATCH", path, body, settings_saved_cb, GUINT_TO_POINTER (self->generation));
    }
  else
    rd_campaign_editor_save_lists (self);
}

static void
rd_campaign_editor_save_clicked_cb (RdCampaignEditor *self)
{
  rd_campaign_editor_save (self);
}

static void
rd_campaign_editor_back_clicked_cb (RdCampaignEditor *self)
{
  /* Answers still to come are for an editor that is gone. */
  self->generation++;
  rd_campaign_editor_done (self, FALSE);
}

/* --- the object ------------------------------------------------------------------------ */

static void
rd_campaign_editor_dispose (GObject *object)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CAMPAIGN_EDITOR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->campaign, json_object_unref);

  G_OBJECT_CLASS (rd_campaign_editor_parent_class)->dispose (object);
}

static void
rd_campaign_editor_finalize (GObject *object)
{
  RdCampaignEditor *self = RD_CAMPAIGN_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->settings, g_ptr_array_unref);
  g_clear_pointer (&self->agent_checks, g_hash_table_unref);
  g_clear_pointer (&self->leadset_switches, g_hash_table_unref);
  g_clear_pointer (&self->list_rows, g_ptr_array_unref);
  g_clear_pointer (&self->disposition_rows, g_ptr_array_unref);
  g_clear_pointer (&self->pause_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_setting, g_free);

  G_OBJECT_CLASS (rd_campaign_editor_parent_class)->finalize (object);
}

static void
rd_campaign_editor_class_init (RdCampaignEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_campaign_editor_dispose;
  object_class->finalize = rd_campaign_editor_finalize;

  /** RdCampaignEditor::done: @saved: the editor is finished with (saved, or Back). */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-campaign-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, settings_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, script_view);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, agents_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, leadsets_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, dispositions_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, add_disposition_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, code_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, label_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, closes_switch);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, callback_switch);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, dnc_switch);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, pause_codes_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, add_pause_code_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, pause_code_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignEditor, pause_label_row);
  /* The root is disposed with the template; the button is named for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "content", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "add_disposition_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "add_pause_code_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "back_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "scroller", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_editor_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_editor_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_editor_add_disposition_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_editor_add_pause_code_clicked_cb);
}

static void
rd_campaign_editor_init (RdCampaignEditor *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = g_ptr_array_new_with_free_func (setting_free);
  self->agent_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->leadset_switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->list_rows = g_ptr_array_new ();
  self->disposition_rows = g_ptr_array_new ();
  self->pause_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
}

GtkWidget *
rd_campaign_editor_new (void)
{
  return g_object_new (RD_TYPE_CAMPAIGN_EDITOR, NULL);
}

void
rd_campaign_editor_set_session (RdCampaignEditor *self,
                                RdServerSession  *session)
{
  g_return_if_fail (RD_IS_CAMPAIGN_EDITOR (self));
  g_set_object (&self->session, session);
}

void
rd_campaign_editor_edit (RdCampaignEditor *self,
                         JsonObject       *campaign)
{
  g_return_if_fail (RD_IS_CAMPAIGN_EDITOR (self));
  self->generation++;
  g_clear_pointer (&self->campaign, json_object_unref);
  g_clear_pointer (&self->error_setting, g_free);
  /* A copy: what was saved is written back into it. */
  if (campaign != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), campaign);
      g_autoptr(JsonNode) copy = json_node_copy (node);

      self->campaign = json_object_ref (json_node_get_object (copy));
    }
  gtk_label_set_label (self->title_label, campaign != NULL ? rd_api_string (campaign, "name") : _("New Campaign"));
  if (self->settings->len == 0)
    rd_campaign_editor_call (self, "GET", "campaigns/schema", NULL, schema_done_cb, NULL);
  else
    show_values (self);
  rd_campaign_editor_load_lists (self);
  rd_campaign_editor_show_dispositions (self);
  rd_campaign_editor_load_pause_codes (self);
}

gboolean
rd_campaign_editor_get_busy (RdCampaignEditor *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), FALSE);
  return self->pending > 0;
}

GtkWidget *
rd_campaign_editor_get_setting_row (RdCampaignEditor *self,
                                    const char       *name)
{
  Setting *s;

  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), NULL);
  s = find_setting (self, name);
  return s != NULL ? s->row : NULL;
}

gboolean
rd_campaign_editor_set_setting (RdCampaignEditor *self,
                                const char       *name,
                                const char       *value)
{
  Setting *s;

  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), FALSE);
  s = find_setting (self, name);
  if (s == NULL)
    return FALSE;
  if (ADW_IS_COMBO_ROW (s->input))
    {
      for (guint i = 0; s->values[i] != NULL; i++)
        if (g_strcmp0 (s->values[i], value) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (s->input), i);
            return TRUE;
          }
      return FALSE;
    }
  if (GTK_IS_SPIN_BUTTON (s->input))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (s->input), g_ascii_strtod (value, NULL));
  else if (GTK_IS_SWITCH (s->input))
    gtk_switch_set_active (GTK_SWITCH (s->input), g_strcmp0 (value, "true") == 0);
  else
    gtk_editable_set_text (GTK_EDITABLE (s->input), value);
  return TRUE;
}

const char *
rd_campaign_editor_get_error_setting (RdCampaignEditor *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_EDITOR (self), NULL);
  return self->error_setting;
}
