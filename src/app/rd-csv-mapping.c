/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-csv-mapping.h"
#include "rd-phone-number.h"

static const char *
among (const char         *field,
       const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    if (g_str_equal (fields[i], field))
      return fields[i];
  return NULL;
}

const char *
rd_csv_mapping_guess (const char         *header,
                      const char * const *fields)
{
  g_autofree char *lower = g_ascii_strdown (header ? header : "", -1);

  g_strstrip (lower);
  if (among (lower, fields) != NULL)
    return among (lower, fields);
  if (g_str_has_prefix (lower, "phone") || g_str_has_prefix (lower, "tel"))
    return among ("phone", fields);
  if (strstr (lower, "mail") != NULL)
    return among ("email", fields);
  if (g_str_equal (lower, "company") || g_str_equal (lower, "org") || g_str_equal (lower, "organization"))
    return among ("organization", fields) ? among ("organization", fields) : among ("company", fields);
  if (g_str_equal (lower, "full name") || g_str_equal (lower, "fullname"))
    return among ("name", fields);
  return NULL;
}

GtkWidget *
rd_csv_mapping_row_new (const char         *title,
                        const char         *sample,
                        const char * const *fields,
                        const char         *guess)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (choices, _("(skip)"));
  for (guint f = 0; fields[f] != NULL; f++)
    {
      gtk_string_list_append (choices, fields[f]);
      if (g_strcmp0 (guess, fields[f]) == 0)
        selected = f + 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (sample != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
  return row;
}

char *
rd_csv_mapping_string (GPtrArray          *rows,
                       const char * const *fields)
{
  g_autoptr(GString) mapping = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (rows, i));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        continue;
      g_string_append_printf (mapping, "%s%s=%u", mapping->len ? "," : "", fields[selected - 1], i + 1);
    }
  return mapping->len ? g_string_free (g_steal_pointer (&mapping), FALSE) : NULL;
}

char *
rd_csv_mapping_country (const char *text)
{
  g_autofree char *code = g_ascii_strup (text != NULL ? text : "", -1);

  g_strstrip (code);
  if (strlen (code) != 2 || !rd_phone_number_region_supported (code))
    return NULL;
  return g_steal_pointer (&code);
}

typedef void (*ChosenFunc) (GtkWindow *parent, const char *path);

static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           GtkWindow       *parent)
{
  ChosenFunc chosen = (ChosenFunc) g_object_get_data (G_OBJECT (chooser), "chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        chosen (parent, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
rd_csv_mapping_choose_file (GtkWindow *parent,
                            void     (*chosen) (GtkWindow  *parent,
                                                const char *path))
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), parent,
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_object_set_data (G_OBJECT (chooser), "chosen", (gpointer) chosen);
  g_signal_connect (chooser, "response", G_CALLBACK (chosen_cb), parent);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
