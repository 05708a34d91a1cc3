/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-custom-fields-page.h"
#include "rd-labels.h"

/* Custom fields in the preferences: pick a kind of record, see its fields in order (label,
 * key, type, section, required), and — administrators only; the server refuses anyone
 * else's definitions — add one or delete one. Definitions are written through the store
 * (captured, synced to every replica). */

struct _RdCustomFieldsPage
{
  AdwPreferencesPage   parent_instance;

  RdStore             *store;
  gboolean             editable;
  GPtrArray           *rows;   /* rows of fields_group, to remove on refresh */

  AdwComboRow         *table_row;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *new_group;
  AdwEntryRow         *label_row;
  AdwEntryRow         *key_row;
  AdwComboRow         *type_row;
  AdwEntryRow         *options_row;
  AdwEntryRow         *section_row;
  GtkSwitch           *required_switch;
};

G_DEFINE_FINAL_TYPE (RdCustomFieldsPage, rd_custom_fields_page, ADW_TYPE_PREFERENCES_PAGE)

static const RdCustomType types[] = {
  RD_CUSTOM_TEXT, RD_CUSTOM_LONG_TEXT, RD_CUSTOM_NUMBER, RD_CUSTOM_MONEY, RD_CUSTOM_DATE,
  RD_CUSTOM_DATETIME, RD_CUSTOM_CHECKBOX, RD_CUSTOM_PICKLIST, RD_CUSTOM_MULTISELECT,
  RD_CUSTOM_PHONE, RD_CUSTOM_EMAIL, RD_CUSTOM_URL,
};

const char *
rd_custom_type_label (RdCustomType type)
{
  switch (type)
    {
    case RD_CUSTOM_TEXT: return C_("custom field type", "Text");
    case RD_CUSTOM_LONG_TEXT: return C_("custom field type", "Long Text");
    case RD_CUSTOM_NUMBER: return C_("custom field type", "Number");
    case RD_CUSTOM_MONEY: return C_("custom field type", "Money");
    case RD_CUSTOM_DATE: return C_("custom field type", "Date");
    case RD_CUSTOM_DATETIME: return C_("custom field type", "Date and Time");
    case RD_CUSTOM_CHECKBOX: return C_("custom field type", "Checkbox");
    case RD_CUSTOM_PICKLIST: return C_("custom field type", "Picklist");
    case RD_CUSTOM_MULTISELECT: return C_("custom field type", "Multi-Select");
    case RD_CUSTOM_PHONE: return C_("custom field type", "Phone");
    case RD_CUSTOM_EMAIL: return C_("custom field type", "E-Mail");
    case RD_CUSTOM_URL: return C_("custom field type", "Web Address");
    default: return "";
    }
}

static const char *
selected_table (RdCustomFieldsPage *self)
{
  const char * const *tables = rd_custom_field_tables ();
  guint selected = adw_combo_row_get_selected (self->table_row);

  return selected < g_strv_length ((char **) tables) ? tables[selected] : "contacts";
}

static void
mark (GtkWidget  *row,
      const char *error)
{
  if (error != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error);
}

static void
toast (RdCustomFieldsPage *self,
       const char         *message)
{
  if (GTK_IS_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))) &&
      ADW_IS_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      adw_toast_new (message));
}

static void refresh (RdCustomFieldsPage *self);

static void
delete_clicked_cb (GtkButton          *button,
                   RdCustomFieldsPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "field-id");

  if (!rd_store_delete_custom_field (self->store, id, &error))
    toast (self, error->message);
  refresh (self);
}

static void
refresh (RdCustomFieldsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->fields_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  if (self->store == NULL)
    return;

  fields = rd_store_list_custom_fields (self->store, selected_table (self), &error);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      RdCustomField *field = fields->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GString) subtitle = g_string_new (field->key);

      g_string_append_printf (subtitle, " · %s", rd_custom_type_label (field->type));
      if (field->options != NULL && field->options[0] != NULL)
        {
          g_autofree char *options = g_strjoinv ("; ", field->options);
          g_string_append_printf (subtitle, " (%s)", options);
        }
      if (field->section != NULL)
        g_string_append_printf (subtitle, " · %s", field->section);
      if (field->required)
        g_string_append_printf (subtitle, " · %s", _("required"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      if (self->editable)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Delete the field (its values are kept, hidden)"));
          g_object_set_data_full (G_OBJECT (remove), "field-id", g_strdup (field->id), g_free);
          g_signal_connect (remove, "clicked", G_CALLBACK (delete_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      adw_preferences_group_add (self->fields_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if (self->rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No custom fields yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->fields_group, row);
      g_ptr_array_add (self->rows, row);
      g_object_set_data (G_OBJECT (row), "placeholder", GINT_TO_POINTER (1));
    }
}

void
rd_custom_fields_page_table_cb (RdCustomFieldsPage *self)
{
  refresh (self);
}

void
rd_custom_fields_page_clear_cb (GtkWidget *row)
{
  mark (row, NULL);
}

/* "Customer since" → "customer_since" (Latin letters and digits; other scripts need a key). */
static char *
key_from_label (const char *label)
{
  g_autofree char *ascii = g_str_to_ascii (label, "C");
  GString *key = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
      else if (key->len > 0 && key->str[key->len - 1] != '_')
        g_string_append_c (key, '_');
    }
  while (key->len > 0 && key->str[key->len - 1] == '_')
    g_string_truncate (key, key->len - 1);
  if (key->len > 0 && !g_ascii_isalpha (key->str[0]))
    g_string_prepend (key, "f_");
  return g_string_free (key, FALSE);
}

gboolean
rd_custom_fields_page_add (RdCustomFieldsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) field = NULL;
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  g_autofree char *name = NULL;
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  const char *options = gtk_editable_get_text (GTK_EDITABLE (self->options_row));
  const char *section = gtk_editable_get_text (GTK_EDITABLE (self->section_row));
  guint type = adw_combo_row_get_selected (self->type_row);
  GtkWidget *row;

  g_return_val_if_fail (RD_IS_CUSTOM_FIELDS_PAGE (self), FALSE);
  if (!self->editable || self->store == NULL)
    return FALSE;
  if (*key == '\0')
    {
      g_free (key);
      key = key_from_label (label);
    }
  field = rd_custom_field_new (selected_table (self), key, label, types[MIN (type, G_N_ELEMENTS (types) - 1)]);
  field->required = gtk_switch_get_active (self->required_switch);
  field->options = g_strsplit_set (options, ";\n", -1);
  field->section = *section != '\0' ? g_strdup (section) : NULL;

  if (!rd_store_define_custom_field (self->store, field, &error))
    {
      name = rd_store_error_get_field (error);
      row = g_strcmp0 (name, "label") == 0 ? GTK_WIDGET (self->label_row)
          : g_strcmp0 (name, "options") == 0 ? GTK_WIDGET (self->options_row)
          : g_strcmp0 (name, "type") == 0 ? GTK_WIDGET (self->type_row)
          : GTK_WIDGET (self->key_row);
      mark (row, error->message);
      toast (self, error->message);
      return FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->options_row), "");
  gtk_switch_set_active (self->required_switch, FALSE);
  refresh (self);
  return TRUE;
}

void
rd_custom_fields_page_add_cb (RdCustomFieldsPage *self)
{
  rd_custom_fields_page_add (self);
}

static void
rd_custom_fields_page_dispose (GObject *object)
{
  RdCustomFieldsPage *self = RD_CUSTOM_FIELDS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CUSTOM_FIELDS_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_custom_fields_page_parent_class)->dispose (object);
}

static void
rd_custom_fields_page_class_init (RdCustomFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_custom_fields_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-custom-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, table_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, new_group);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, label_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, options_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, section_row);
  gtk_widget_class_bind_template_child (widget_class, RdCustomFieldsPage, required_switch);
  gtk_widget_class_bind_template_callback (widget_class, rd_custom_fields_page_table_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_custom_fields_page_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_custom_fields_page_add_cb);
}

static void
rd_custom_fields_page_init (RdCustomFieldsPage *self)
{
  g_autoptr(GtkStringList) tables = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) type_labels = gtk_string_list_new (NULL);
  const char * const *names = rd_custom_field_tables ();

  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (tables, g_str_equal (names[i], "campaign_leads") ? _("Campaign Leads")
                                                                             : rd_labels_table (names[i]));
  adw_combo_row_set_model (self->table_row, G_LIST_MODEL (tables));
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    gtk_string_list_append (type_labels, rd_custom_type_label (types[i]));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (type_labels));
}

GtkWidget *
rd_custom_fields_page_new (RdStore  *store,
                           gboolean  editable)
{
  RdCustomFieldsPage *self = g_object_new (RD_TYPE_CUSTOM_FIELDS_PAGE, NULL);

  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->editable = editable;
  gtk_widget_set_visible (GTK_WIDGET (self->new_group), editable);
  if (!editable)
    adw_preferences_group_set_description (self->fields_group,
                                           _("Only an administrator can add or delete custom fields."));
  refresh (self);
  return GTK_WIDGET (self);
}

void
rd_custom_fields_page_set_table (RdCustomFieldsPage *self,
                                 const char         *table)
{
  const char * const *tables = rd_custom_field_tables ();

  g_return_if_fail (RD_IS_CUSTOM_FIELDS_PAGE (self));
  for (guint i = 0; tables[i] != NULL; i++)
    if (g_strcmp0 (tables[i], table) == 0)
      adw_combo_row_set_selected (self->table_row, i);
}

GtkWidget *
rd_custom_fields_page_get_form_row (RdCustomFieldsPage *self,
                                    const char         *name)
{
  g_return_val_if_fail (RD_IS_CUSTOM_FIELDS_PAGE (self), NULL);

  if (g_str_equal (name, "label")) return GTK_WIDGET (self->label_row);
  if (g_str_equal (name, "key")) return GTK_WIDGET (self->key_row);
  if (g_str_equal (name, "type")) return GTK_WIDGET (self->type_row);
  if (g_str_equal (name, "options")) return GTK_WIDGET (self->options_row);
  if (g_str_equal (name, "section")) return GTK_WIDGET (self->section_row);
  if (g_str_equal (name, "required")) return GTK_WIDGET (self->required_switch);
  return NULL;
}

guint
rd_custom_fields_page_get_n_fields (RdCustomFieldsPage *self)
{
  g_return_val_if_fail (RD_IS_CUSTOM_FIELDS_PAGE (self), 0);
  if (self->rows->len == 1 && g_object_get_data (self->rows->pdata[0], "placeholder") != NULL)
    return 0;
  return self->rows->len;
}
