/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-campaign-call-card.h"
#include "rd-custom-fields.h"
#include "rd-lead-history.h"
#include "rd-phone-number.h"

/* The card of a campaign call: who the lead is (name, company, the number formatted,
 * e-mail, city, notes, the leadset's extra columns), the script with the lead's fields
 * filled in by the server, and during wrap-up the campaign's dispositions, notes, a
 * call-back time for the codes that schedule one and the time left before the server
 * ends the wrap-up by itself. The page posts the form (campaign.submit). */

struct _RdCampaignCallCard
{
  GtkWidget            parent_instance;

  char                *call_id;
  char                *lead_id;       /* a preview's lead (no call yet) */
  char                *lead_name;
  GPtrArray           *custom_fields; /* RdCustomField of campaign leads */
  JsonArray           *dispositions;
  GPtrArray           *lead_rows;     /* rows of lead_group */
  GTimeZone           *lead_zone;     /* the lead's (call-backs are at their time), or local */

  AdwPreferencesGroup *lead_group;
  RdLeadHistory       *history_group;
  AdwPreferencesGroup *script_group;
  GtkLabel            *script_label;
  AdwPreferencesGroup *wrapup_group;
  AdwComboRow         *disposition_row;
  AdwEntryRow         *notes_row;
  AdwEntryRow         *tags_row;
  AdwActionRow        *callback_row;
  GtkMenuButton       *callback_button;
  GtkCalendar         *callback_calendar;
  GtkSpinButton       *callback_hour;
  GtkSpinButton       *callback_minute;
  AdwActionRow        *callback_mine_row;
  GtkSwitch           *callback_mine_switch;
  GtkLabel            *deadline_label;
};

G_DEFINE_FINAL_TYPE (RdCampaignCallCard, rd_campaign_call_card, GTK_TYPE_WIDGET)

static const char *
member_string (JsonObject *object,
               const char *name)
{
  const char *value;

  if (object == NULL || !json_object_has_member (object, name)
      || !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, name))
      || json_node_get_value_type (json_object_get_member (object, name)) != G_TYPE_STRING)
    return NULL;
  value = json_object_get_string_member (object, name);
  return value != NULL && *value != '\0' ? value : NULL;
}

static JsonObject *
disposition_at (RdCampaignCallCard *self,
                guint               position)
{
  if (self->dispositions == NULL || position >= json_array_get_length (self->dispositions))
    return NULL;
  return json_array_get_object_element (self->dispositions, position);
}

static AdwActionRow *
add_row (RdCampaignCallCard *self,
         const char         *title,
         const char         *value)
{
  AdwActionRow *row;

  if (value == NULL || *value == '\0')
    return NULL;
  row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, value);
  gtk_widget_add_css_class (GTK_WIDGET (row), "property");
  adw_preferences_group_add (self->lead_group, GTK_WIDGET (row));
  g_ptr_array_add (self->lead_rows, row);
  return row;
}

/* The lead's other numbers; on a preview's card (no call yet) each can be dialled instead
 * (campaign.preview-dial-number). */
static void
add_other_numbers (RdCampaignCallCard *self,
                   JsonObject         *lead,
                   const char         *region,
                   gboolean            preview)
{
  JsonNode *node = lead != NULL ? json_object_get_member (lead, "alt_phones") : NULL;
  JsonArray *alts = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; alts != NULL && i < json_array_get_length (alts); i++)
    {
      const char *number = json_array_get_string_element (alts, i);
      g_autofree char *formatted = number != NULL
        ? rd_phone_number_format (number, region, RD_PHONE_FORMAT_INTERNATIONAL) : NULL;
      AdwActionRow *row = add_row (self, _("Other Number"), formatted != NULL ? formatted : number);
      GtkWidget *dial;

      if (row == NULL || !preview)
        continue;
      dial = gtk_button_new_with_label (_("Dial This"));
      gtk_widget_set_valign (dial, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (dial, _("Call the lead on this number instead"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (dial), "campaign.preview-dial-number");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (dial), g_variant_new_string (number));
      gtk_widget_set_name (dial, number);
      adw_action_row_add_suffix (row, dial);
    }
}

static void
clear_rows (RdCampaignCallCard *self)
{
  for (guint i = 0; i < self->lead_rows->len; i++)
    adw_preferences_group_remove (self->lead_group, g_ptr_array_index (self->lead_rows, i));
  g_ptr_array_set_size (self->lead_rows, 0);
}

static char *
lead_display_name (JsonObject *lead)
{
  const char *name = member_string (lead, "name");
  const char *first = member_string (lead, "first_name");
  const char *last = member_string (lead, "last_name");

  if (name != NULL)
    return g_strdup (name);
  if (first != NULL || last != NULL)
    return g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
  return NULL;
}

/* How long an inbound caller waited in the queue: "45 s", "2 min 05 s". */
static char *
wait_text (JsonObject *call)
{
  JsonNode *node = call != NULL ? json_object_get_member (call, "wait_ms") : NULL;
  gint64 secs;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  secs = (json_node_get_int (node) + 500) / 1000;
  if (secs < 60)
    return g_strdup_printf (_("%u s"), (guint) secs);
  return g_strdup_printf (_("%u min %02u s"), (guint) (secs / 60), (guint) (secs % 60));
}

void
rd_campaign_call_card_set_custom_fields (RdCampaignCallCard *self,
                                         GPtrArray          *fields)
{
  g_return_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self));

  g_clear_pointer (&self->custom_fields, g_ptr_array_unref);
  if (fields != NULL)
    {
      self->custom_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_custom_field_free);
      for (guint i = 0; i < fields->len; i++)
        g_ptr_array_add (self->custom_fields, rd_custom_field_copy (fields->pdata[i]));
    }
}

static void
show_lead (RdCampaignCallCard *self,
           JsonObject         *call,
           const char         *region)
{
  JsonObject *lead = json_object_has_member (call, "lead")
                     && JSON_NODE_HOLDS_OBJECT (json_object_get_member (call, "lead"))
                     ? json_object_get_object_member (call, "lead") : NULL;
  const char *number = member_string (call, "number");
  g_autofree char *formatted = NULL;
  g_autofree char *waited = wait_text (call);

  if (number == NULL)
    number = member_string (lead, "phone");
  if (number != NULL)
    formatted = rd_phone_number_format (number, region, RD_PHONE_FORMAT_INTERNATIONAL);
  if (formatted == NULL && lead != NULL && member_string (lead, "phone_raw") != NULL)
    formatted = g_strdup (member_string (lead, "phone_raw"));
  g_free (self->lead_name);
  self->lead_name = lead_display_name (lead);

  adw_preferences_group_set_title (self->lead_group,
                                   self->lead_name != NULL ? self->lead_name : _("Unknown Customer"));
  adw_preferences_group_set_description (self->lead_group, member_string (lead, "company"));
  clear_rows (self);
  add_row (self, _("Number"), formatted != NULL ? formatted : number);
  add_other_numbers (self, lead, region, member_string (call, "call_id") == NULL);
  add_row (self, _("Email"), member_string (lead, "email"));
  add_row (self, _("City"), member_string (lead, "city"));
  add_row (self, _("Notes"), member_string (lead, "notes"));
  add_row (self, _("Campaign"), member_string (call, "campaign_name"));
  /* an inbound call from a queue: which one, and how long the caller waited */
  add_row (self, _("Queue"), member_string (call, "queue_name"));
  add_row (self, _("Waited"), waited);
  if (lead != NULL && json_object_has_member (lead, "extra")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (lead, "extra")))
    {
      JsonObject *extra = json_object_get_object_member (lead, "extra");
      g_autoptr(GList) names = json_object_get_members (extra);
      g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

      /* The leadset's columns that are custom fields of campaign leads (by key or label),
       * in the fields' order, with their labels; a value that does not read for its type is
       * shown as it came. */
      for (guint f = 0; self->custom_fields != NULL && f < self->custom_fields->len; f++)
        {
          RdCustomField *field = self->custom_fields->pdata[f];
          g_autofree char *label = g_utf8_casefold (field->label, -1);

          for (GList *l = names; l != NULL; l = l->next)
            {
              g_autofree char *column = g_utf8_casefold (l->data, -1);
              const char *text = member_string (extra, l->data);
              g_autoptr(JsonNode) value = NULL;
              g_autofree char *shown_text = NULL;

              if (g_hash_table_contains (shown, l->data) || text == NULL ||
                  (!g_str_equal (column, field->key) && !g_str_equal (column, label)))
                continue;
              value = rd_custom_field_parse_text (field, text, NULL);
              shown_text = value != NULL ? rd_custom_field_format (field, value) : NULL;
              if (shown_text != NULL && field->type == RD_CUSTOM_CHECKBOX)
                {
                  g_free (shown_text);
                  shown_text = g_strdup (json_node_get_int (value) != 0 ? _("Yes") : _("No"));
                }
              add_row (self, field->label, shown_text != NULL ? shown_text : text);
              g_hash_table_add (shown, l->data);
              break;
            }
        }
      for (GList *l = names; l != NULL; l = l->next)
        if (!g_hash_table_contains (shown, l->data))
          add_row (self, l->data, member_string (extra, l->data));
    }

  gtk_label_set_label (self->script_label, member_string (call, "script"));
  gtk_widget_set_visible (GTK_WIDGET (self->script_group), member_string (call, "script") != NULL);
}

static void
show_dispositions (RdCampaignCallCard *self,
                   JsonArray          *dispositions)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_clear_pointer (&self->dispositions, json_array_unref);
  g_clear_pointer (&self->lead_zone, g_time_zone_unref);
  if (dispositions != NULL)
    self->dispositions = json_array_ref (dispositions);
  for (guint i = 0; dispositions != NULL && i < json_array_get_length (dispositions); i++)
    {
      JsonObject *d = json_array_get_object_element (dispositions, i);
      const char *label = member_string (d, "label");

      gtk_string_list_append (labels, label != NULL ? label : member_string (d, "code"));
    }
  adw_combo_row_set_model (self->disposition_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->disposition_row, GTK_INVALID_LIST_POSITION);
}

static GDateTime *
callback_time (RdCampaignCallCard *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->callback_calendar);

  /* The hour chosen is the lead's: "call me at ten" means ten where they are. */
  return g_date_time_new (self->lead_zone, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          gtk_spin_button_get_value_as_int (self->callback_hour),
                          gtk_spin_button_get_value_as_int (self->callback_minute), 0);
}

/* The lead's zone from their number, or the agent's own when the server knows none. */
static void
set_lead_zone (RdCampaignCallCard *self,
               const char         *identifier)
{
  GTimeZone *zone = identifier != NULL ? g_time_zone_new_identifier (identifier) : NULL;

  g_clear_pointer (&self->lead_zone, g_time_zone_unref);
  self->lead_zone = zone != NULL ? zone : g_time_zone_new_local ();
}

static void
rd_campaign_call_card_callback_changed_cb (RdCampaignCallCard *self)
{
  g_autoptr(GDateTime) at = callback_time (self);
  g_autoptr(GDateTime) mine = g_date_time_to_local (at);
  g_autofree char *text = g_date_time_format (at, "%x %H:%M");
  g_autofree char *here = g_date_time_format (mine, "%x %H:%M");
  g_autofree char *subtitle = NULL;

  gtk_menu_button_set_label (self->callback_button, text);
  if (g_strcmp0 (text, here) != 0)
    subtitle = g_strdup_printf (_("The lead’s time (%s); yours: %s"),
                                g_time_zone_get_identifier (self->lead_zone), here);
  adw_action_row_set_subtitle (self->callback_row, subtitle != NULL ? subtitle : "");
}

static void
reset_callback (RdCampaignCallCard *self)
{
  /* Tomorrow at this hour: a call-back is rarely for the same minute. */
  g_autoptr(GDateTime) now = g_date_time_new_now (self->lead_zone);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  gtk_calendar_select_day (self->callback_calendar, tomorrow);
  gtk_spin_button_set_value (self->callback_hour, g_date_time_get_hour (now));
  gtk_spin_button_set_value (self->callback_minute, 0);
  rd_campaign_call_card_callback_changed_cb (self);
}

static void
rd_campaign_call_card_disposition_cb (RdCampaignCallCard *self)
{
  JsonObject *d = disposition_at (self, adw_combo_row_get_selected (self->disposition_row));
  gboolean callback = d != NULL && json_object_get_boolean_member_with_default (d, "callback", FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->callback_row), callback);
  gtk_widget_set_visible (GTK_WIDGET (self->callback_mine_row), callback);
}

/** Shows @call, or clears the card when @call is NULL. */
void
rd_campaign_call_card_set_call (RdCampaignCallCard *self,
                                JsonObject         *call,
                                JsonArray          *dispositions,
                                const char         *region)
{
  const char *call_id = call != NULL ? member_string (call, "call_id") : NULL;
  const char *lead_id = call != NULL && call_id == NULL ? member_string (call, "lead_id") : NULL;
  JsonNode *history = call != NULL ? json_object_get_member (call, "history") : NULL;

  g_return_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self));

  /* The same call, or the same lead on offer: nothing to draw again. */
  if ((call_id != NULL && g_strcmp0 (call_id, self->call_id) == 0) ||
      (lead_id != NULL && g_strcmp0 (lead_id, self->lead_id) == 0))
    return;
  g_free (self->call_id);
  self->call_id = g_strdup (call_id);
  g_free (self->lead_id);
  self->lead_id = g_strdup (lead_id);
  rd_lead_history_set (self->history_group,
                       history != NULL && JSON_NODE_HOLDS_ARRAY (history) ? json_node_get_array (history) : NULL,
                       call_id, dispositions);
  if (call == NULL)
    {
      clear_rows (self);
      g_clear_pointer (&self->lead_name, g_free);
      return;
    }
  show_lead (self, call, region);
  show_dispositions (self, dispositions);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), "");
  {
    JsonNode *lead = json_object_get_member (call, "lead");

    set_lead_zone (self, lead != NULL && JSON_NODE_HOLDS_OBJECT (lead)
                           ? member_string (json_node_get_object (lead), "timezone") : NULL);
  }
  gtk_switch_set_active (self->callback_mine_switch, FALSE);
  reset_callback (self);
  rd_campaign_call_card_disposition_cb (self);
}

void
rd_campaign_call_card_set_wrap_up (RdCampaignCallCard *self,
                                   gboolean            wrap_up,
                                   gint64              deadline_ms)
{
  g_return_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->wrapup_group), wrap_up);
  if (wrap_up && deadline_ms > 0)
    {
      gint64 left = MAX (0, deadline_ms - g_get_real_time () / 1000) / 1000;
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", left / 60, (int) (left % 60));

      gtk_label_set_label (self->deadline_label, text);
      if (left <= 10)
        gtk_widget_add_css_class (GTK_WIDGET (self->deadline_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->deadline_label), "error");
    }
  else
    gtk_label_set_label (self->deadline_label, "—");
}

const char *
rd_campaign_call_card_get_call_id (RdCampaignCallCard *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), NULL);
  return self->call_id;
}

const char *
rd_campaign_call_card_get_lead_name (RdCampaignCallCard *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), NULL);
  return self->lead_name;
}

const char *
rd_campaign_call_card_get_code (RdCampaignCallCard *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), NULL);
  return member_string (disposition_at (self, adw_combo_row_get_selected (self->disposition_row)), "code");
}

/** Chooses the disposition @code in the form; FALSE when the campaign has none such. */
gboolean
rd_campaign_call_card_select_code (RdCampaignCallCard *self,
                                   const char         *code)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), FALSE);

  for (guint i = 0; self->dispositions != NULL && i < json_array_get_length (self->dispositions); i++)
    if (g_strcmp0 (member_string (disposition_at (self, i), "code"), code) == 0)
      {
        adw_combo_row_set_selected (self->disposition_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
rd_campaign_call_card_get_notes (RdCampaignCallCard *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->notes_row));
}

/** The tags typed in wrap-up, split at commas and trimmed, empty ones left out (the server
 * checks the rest: at most 20, 40 characters each). */
GStrv
rd_campaign_call_card_get_tags (RdCampaignCallCard *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), NULL);

  parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/** Whether the call-back is the agent's own (no colleague gets it). */
gboolean
rd_campaign_call_card_get_callback_mine (RdCampaignCallCard *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->callback_mine_row)) &&
         gtk_switch_get_active (self->callback_mine_switch);
}

gint64
rd_campaign_call_card_get_callback_at (RdCampaignCallCard *self)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (RD_IS_CAMPAIGN_CALL_CARD (self), 0);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->callback_row)))
    return 0;
  at = callback_time (self);
  return g_date_time_to_unix (at) * 1000;
}

static void
rd_campaign_call_card_dispose (GObject *object)
{
  RdCampaignCallCard *self = RD_CAMPAIGN_CALL_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CAMPAIGN_CALL_CARD);
  /* The template's box is not bound: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->dispositions, json_array_unref);

  G_OBJECT_CLASS (rd_campaign_call_card_parent_class)->dispose (object);
}

static void
rd_campaign_call_card_finalize (GObject *object)
{
  RdCampaignCallCard *self = RD_CAMPAIGN_CALL_CARD (object);

  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->custom_fields, g_ptr_array_unref);
  g_clear_pointer (&self->lead_name, g_free);
  g_clear_pointer (&self->lead_rows, g_ptr_array_unref);
  g_free (self->lead_id);

  G_OBJECT_CLASS (rd_campaign_call_card_parent_class)->finalize (object);
}

static void
rd_campaign_call_card_class_init (RdCampaignCallCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_campaign_call_card_dispose;
  object_class->finalize = rd_campaign_call_card_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-campaign-call-card.ui");
  g_type_ensure (RD_TYPE_LEAD_HISTORY);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, lead_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, history_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, script_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, script_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, wrapup_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, disposition_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, notes_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, tags_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_calendar);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_hour);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_minute);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_mine_row);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, callback_mine_switch);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignCallCard, deadline_label);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_call_card_disposition_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_call_card_callback_changed_cb);
}

static void
rd_campaign_call_card_init (RdCampaignCallCard *self)
{
  self->lead_rows = g_ptr_array_new ();
  self->lead_zone = g_time_zone_new_local ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_campaign_call_card_new (void)
{
  return g_object_new (RD_TYPE_CAMPAIGN_CALL_CARD, NULL);
}
