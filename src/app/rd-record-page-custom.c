/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdRecordPage: the record's custom fields (one group per section, in the admin's order,
 * each row checked by the store and showing its error) and its addresses. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-country.h"
#include "rd-custom-fields.h"
#include "rd-labels.h"
#include "rd-record-page-private.h"
#include "rd-text-row.h"

static const char *const address_kinds[] = { "work", "home", "billing", "shipping", "other", NULL };

static RdCustomField *
row_field (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "custom-field");
}

static JsonNode *
record_value (RdRecordPage *self,
              const char   *key)
{
  JsonNode *custom = self->record != NULL ? json_object_get_member (rd_record_get_fields (self->record), "custom") : NULL;

  if (custom == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    return NULL;
  return json_object_get_member (json_node_get_object (custom), key);
}

/* What the row holds now, as a value for the store to check (a JSON node, new). */
static JsonNode *
row_value (GtkWidget *row)
{
  RdCustomField *field = row_field (row);
  GtkWidget *control = g_object_get_data (G_OBJECT (row), "control");

  if (field->type == RD_CUSTOM_CHECKBOX)
    return json_node_init_int (json_node_alloc (), gtk_switch_get_active (GTK_SWITCH (control)));
  if (field->type == RD_CUSTOM_PICKLIST)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || field->options == NULL ||
          selected > g_strv_length (field->options))
        return json_node_init_null (json_node_alloc ());
      return json_node_init_string (json_node_alloc (), field->options[selected - 1]);
    }
  return json_node_init_string (json_node_alloc (),
                                RD_IS_TEXT_ROW (row) ? rd_text_row_get_text (RD_TEXT_ROW (row))
                                                     : gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* Puts the row's value into @record's "custom" object; FALSE with the error on the row. */
static gboolean
take_value (GtkWidget *row,
            RdRecord  *record)
{
  RdCustomField *field = row_field (row);
  g_autoptr(JsonNode) value = row_value (row);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = rd_custom_field_parse (field, value, &error);
  JsonNode *custom = json_object_get_member (rd_record_get_fields (record), "custom");

  if (parsed == NULL)
    {
      rd_record_page_mark_row (row, error->message);
      return FALSE;
    }
  if (field->required && JSON_NODE_HOLDS_NULL (parsed))
    {
      g_autofree char *message = g_strdup_printf (_("%s: a value is required"), field->label);

      rd_record_page_mark_row (row, message);
      return FALSE;
    }
  if (custom == NULL)
    {
      json_object_set_object_member (rd_record_get_fields (record), "custom", json_object_new ());
      custom = json_object_get_member (rd_record_get_fields (record), "custom");
    }
  json_object_set_member (json_node_get_object (custom), field->key, g_steal_pointer (&parsed));
  return TRUE;
}

static void
save_row (RdRecordPage *self,
          GtkWidget    *row)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  if (self->id == NULL || self->loading)
    return;
  if (take_value (row, changes))
    rd_record_page_update (self, changes, row);
}

static void
apply_cb (GtkWidget    *row,
          RdRecordPage *self)
{
  save_row (self, row);
}

static void
changed_cb (GtkWidget    *row,
            RdRecordPage *self)
{
  if (!self->loading)
    rd_record_page_mark_row (row, NULL);
}

static void
selected_cb (GtkWidget    *row,
             GParamSpec   *pspec,
             RdRecordPage *self)
{
  save_row (self, row);
}

static void
switch_cb (GtkSwitch    *control,
           GParamSpec   *pspec,
           GtkWidget    *row)
{
  save_row (g_object_get_data (G_OBJECT (row), "page"), row);
}

/* The value as the row shows it: dates and times in local time, as they are typed. */
static char *
shown_text (RdCustomField *field,
            JsonNode      *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (field->type == RD_CUSTOM_DATETIME && json_node_get_value_type (value) == G_TYPE_INT64)
    return rd_labels_time (json_node_get_int (value));
  return rd_custom_field_format (field, value);
}

static GtkWidget *
custom_row (RdRecordPage  *self,
            RdCustomField *field)
{
  JsonNode *value = record_value (self, field->key);
  g_autofree char *title = NULL;
  GtkWidget *row;

  if (field->type == RD_CUSTOM_MONEY && field->currency != NULL)
    title = g_strdup_printf ("%s, %s", field->label, field->currency);
  else
    title = g_strdup (field->label);
  if (field->required)
    {
      char *marked = g_strconcat (title, " *", NULL);

      g_free (title);
      title = marked;
    }

  switch (field->type)
    {
    case RD_CUSTOM_CHECKBOX:
      {
        GtkWidget *control = gtk_switch_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
        gtk_switch_set_active (GTK_SWITCH (control),
                               value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_int (value) != 0);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
        g_object_set_data (G_OBJECT (row), "control", control);
        g_object_set_data (G_OBJECT (row), "page", self);
        g_signal_connect (control, "notify::active", G_CALLBACK (switch_cb), row);
      }
      break;

    case RD_CUSTOM_PICKLIST:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
        const char *current = value != NULL && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;
        guint selected = 0;

        gtk_string_list_append (labels, "—");
        for (guint i = 0; field->options != NULL && field->options[i] != NULL; i++)
          {
            gtk_string_list_append (labels, field->options[i]);
            if (g_strcmp0 (current, field->options[i]) == 0)
              selected = i + 1;
          }
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        g_signal_connect (row, "notify::selected", G_CALLBACK (selected_cb), self);
      }
      break;

    case RD_CUSTOM_LONG_TEXT:
      {
        g_autofree char *text = shown_text (field, value);

        row = rd_text_row_new ();
        rd_text_row_set_text (RD_TEXT_ROW (row), text);
        rd_text_row_set_show_apply_button (RD_TEXT_ROW (row), self->id != NULL);
        g_signal_connect (row, "apply", G_CALLBACK (apply_cb), self);
        g_signal_connect (row, "changed", G_CALLBACK (changed_cb), self);
      }
      break;

    case RD_CUSTOM_TEXT:
    case RD_CUSTOM_NUMBER:
    case RD_CUSTOM_MONEY:
    case RD_CUSTOM_DATE:
    case RD_CUSTOM_DATETIME:
    case RD_CUSTOM_MULTISELECT:
    case RD_CUSTOM_PHONE:
    case RD_CUSTOM_EMAIL:
    case RD_CUSTOM_URL:
    default:
      {
        g_autofree char *text = shown_text (field, value);

        row = adw_entry_row_new ();
        gtk_editable_set_text (GTK_EDITABLE (row), text);
        adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), self->id != NULL);
        if (field->type == RD_CUSTOM_EMAIL)
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
        else if (field->type == RD_CUSTOM_PHONE)
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
        else if (field->type == RD_CUSTOM_URL)
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
        else if (field->type == RD_CUSTOM_NUMBER || field->type == RD_CUSTOM_MONEY)
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
        g_signal_connect (row, "apply", G_CALLBACK (apply_cb), self);
        g_signal_connect (row, "changed", G_CALLBACK (changed_cb), self);
        if (field->type == RD_CUSTOM_DATE)
          gtk_widget_set_tooltip_text (row, _("A date: YYYY-MM-DD or DD.MM.YYYY"));
        else if (field->type == RD_CUSTOM_DATETIME)
          gtk_widget_set_tooltip_text (row, _("A date and time: YYYY-MM-DD HH:MM"));
        else if (field->type == RD_CUSTOM_MULTISELECT && field->options != NULL)
          {
            g_autofree char *options = g_strjoinv ("; ", field->options);
            g_autofree char *tip = g_strdup_printf (_("Some of: %s (separated by “;”)"), options);

            gtk_widget_set_tooltip_text (row, tip);
          }
      }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data_full (G_OBJECT (row), "custom-field", rd_custom_field_copy (field),
                          (GDestroyNotify) rd_custom_field_free);
  return row;
}

/* A group of its own, placed after @after in the page's column. */
static AdwPreferencesGroup *
add_group (RdRecordPage *self,
           const char   *title,
           GtkWidget    *after)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->fields_group));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_insert_child_after (GTK_BOX (box), group, after);
  g_ptr_array_add (self->custom_groups, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* --- addresses -------------------------------------------------------------------------- */

static char *
address_line (JsonObject *a)
{
  static const char *const parts[] = { "street", "postal_code", "city", "region" };
  g_autoptr(GString) line = g_string_new (NULL);
  const char *country = json_object_get_string_member_with_default (a, "country", NULL);
  const char * const *languages = g_get_language_names ();
  gboolean russian = languages[0] != NULL && g_str_has_prefix (languages[0], "ru");

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *v = json_object_get_string_member_with_default (a, parts[i], NULL);

      if (v == NULL)
        continue;
      /* "10117 Berlin": the postal code goes with the city */
      g_string_append (line, line->len == 0 ? "" : g_str_equal (parts[i], "city") &&
                       json_object_get_string_member_with_default (a, "postal_code", NULL) != NULL ? " " : ", ");
      g_string_append (line, v);
    }
  if (country != NULL)
    {
      if (line->len > 0)
        g_string_append (line, ", ");
      g_string_append (line, rd_country_name (country, russian) ? rd_country_name (country, russian) : country);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* The record's addresses as an "addresses" array (ids kept), without the one at @skip. */
static JsonArray *
addresses_without (RdRecordPage *self,
                   gint          skip)
{
  JsonArray *have = rd_record_get_array (self->record, "addresses");
  JsonArray *out = json_array_new ();

  for (guint i = 0; have != NULL && i < json_array_get_length (have); i++)
    if ((gint) i != skip)
      json_array_add_object_element (out, json_object_ref (json_array_get_object_element (have, i)));
  return out;
}

static void
save_addresses (RdRecordPage *self,
                JsonArray    *addresses,
                GtkWidget    *row)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  json_object_set_array_member (rd_record_get_fields (changes), "addresses", addresses);
  if (rd_record_page_update (self, changes, row))
    rd_record_page_reload (self);
}

static void
remove_address_cb (GtkButton    *button,
                   RdRecordPage *self)
{
  save_addresses (self, addresses_without (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "index"))),
                  NULL);
}

static const char *const address_parts[] = { "street", "city", "region", "postal_code", "country" };

static JsonObject *
new_address (RdRecordPage *self)
{
  JsonObject *a = json_object_new ();
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->address_kind_row));

  json_object_set_string_member (a, "kind", address_kinds[MIN (kind, G_N_ELEMENTS (address_kinds) - 2)]);
  for (gsize i = 0; i < G_N_ELEMENTS (address_parts); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_rows[i]));

      if (*text != '\0')
        json_object_set_string_member (a, address_parts[i], text);
    }
  return a;
}

static void
add_address_cb (GtkButton    *button,
                RdRecordPage *self)
{
  JsonArray *addresses;

  if (self->id == NULL)
    return;
  addresses = addresses_without (self, -1);
  json_array_add_object_element (addresses, new_address (self));
  save_addresses (self, addresses, self->address_rows[4]);
}

static void
add_address_rows (RdRecordPage *self,
                  GtkWidget    *after)
{
  AdwPreferencesGroup *group = add_group (self, _("Addresses"), after);
  JsonArray *addresses = self->record != NULL ? rd_record_get_array (self->record, "addresses") : NULL;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *add_row = adw_action_row_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Address"));

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *a = json_array_get_object_element (addresses, i);
      g_autofree char *line = address_line (a);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *subtitle = g_strdup_printf (i == 0 ? _("%s · primary") : "%s",
                                                   rd_labels_value (json_object_get_string_member_with_default (a, "kind", "work")));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove the address"));
      g_object_set_data (G_OBJECT (remove), "index", GINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_address_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (group, row);
    }

  /* The form of a new address (on a new record: its first address). */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), self->id != NULL ? _("Add Address") : _("Address"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), self->id == NULL);
  for (guint i = 0; address_kinds[i] != NULL; i++)
    gtk_string_list_append (kinds, rd_labels_value (address_kinds[i]));
  self->address_kind_row = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (self->address_kind_row), G_LIST_MODEL (kinds));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_kind_row), rd_labels_field ("kind"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), self->address_kind_row);
  for (gsize i = 0; i < G_N_ELEMENTS (address_parts); i++)
    {
      self->address_rows[i] = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_rows[i]), rd_labels_field (address_parts[i]));
      g_signal_connect (self->address_rows[i], "changed", G_CALLBACK (changed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), self->address_rows[i]);
    }
  gtk_widget_set_tooltip_text (self->address_rows[4], _("A country's name or its code, such as DE"));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (add_row, self->id != NULL);
  g_signal_connect (add, "clicked", G_CALLBACK (add_address_cb), self);
  self->address_add_button = add;
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), add);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), add_row);
  adw_preferences_group_add (group, expander);
}

/* --- the page's part ---------------------------------------------------------------------- */

void
rd_record_page_clear_custom (RdRecordPage *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->fields_group));

  for (guint i = 0; i < self->custom_groups->len; i++)
    gtk_box_remove (GTK_BOX (box), self->custom_groups->pdata[i]);
  g_ptr_array_set_size (self->custom_groups, 0);
  g_ptr_array_set_size (self->custom_rows, 0);
  self->address_kind_row = NULL;
  self->address_add_button = NULL;
  memset (self->address_rows, 0, sizeof self->address_rows);
}

void
rd_record_page_add_custom (RdRecordPage *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) sections = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *after = GTK_WIDGET (self->fields_group);

  rd_record_page_clear_custom (self);
  if (desc == NULL)
    return;
  if (desc->flags & RD_TABLE_HAS_CUSTOM)
    fields = rd_store_list_custom_fields (self->store, self->table, NULL);
  /* One group per section, in the order their first fields come. */
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      RdCustomField *field = fields->pdata[i];
      const char *section = field->section != NULL ? field->section : _("Custom Fields");
      AdwPreferencesGroup *group = g_hash_table_lookup (sections, section);
      GtkWidget *row;

      if (group == NULL)
        {
          group = add_group (self, section, after);
          after = GTK_WIDGET (group);
          g_hash_table_insert (sections, (char *) g_intern_string (section), group);
        }
      row = custom_row (self, field);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->custom_rows, row);
    }
  if (desc->flags & RD_TABLE_HAS_ADDRESSES)
    add_address_rows (self, after);
}

gboolean
rd_record_page_take_custom (RdRecordPage *self,
                            RdRecord     *record)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < self->custom_rows->len; i++)
    ok = take_value (self->custom_rows->pdata[i], record) && ok;
  /* A new record's address, when the form has one. */
  if (ok && self->id == NULL && self->address_kind_row != NULL)
    {
      JsonObject *a = new_address (self);

      if (json_object_get_size (a) > 1)
        {
          JsonArray *addresses = json_array_new ();

          json_array_add_object_element (addresses, a);
          json_object_set_array_member (rd_record_get_fields (record), "addresses", addresses);
        }
      else
        json_object_unref (a);
    }
  return ok;
}

GtkWidget *
rd_record_page_find_custom_row (RdRecordPage *self,
                                const char   *key)
{
  for (guint i = 0; i < self->custom_rows->len; i++)
    if (g_strcmp0 (row_field (self->custom_rows->pdata[i])->key, key) == 0)
      return self->custom_rows->pdata[i];
  /* the new-address form: "addresses" (its country row, where an address's error shows),
   * "address:street" … "address:country", "address:kind", "address:add" */
  if (g_strcmp0 (key, "addresses") == 0)
    return self->address_rows[4];
  if (key != NULL && g_str_has_prefix (key, "address:"))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (address_parts); i++)
        if (g_str_equal (key + 8, address_parts[i]))
          return self->address_rows[i];
      if (g_str_equal (key + 8, "kind"))
        return self->address_kind_row;
      if (g_str_equal (key + 8, "add"))
        return self->address_add_button;
    }
  return NULL;
}
