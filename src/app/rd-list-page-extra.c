/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdListPage: the columns the user adds (custom fields, the primary address's city and
 * country), chosen in the Columns menu and kept per table in the "list-columns" setting. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-custom-fields.h"
#include "rd-labels.h"
#include "rd-list-page-private.h"
#include "rd-record.h"

/* The columns the setting names for this table (new, NULL-terminated). */
static char **
chosen (RdListPage *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "list-columns");
  char **columns = NULL;

  if (!g_variant_lookup (all, self->table, "^as", &columns))
    columns = g_new0 (char *, 1);
  return columns;
}

static void
set_chosen (RdListPage         *self,
            const char * const *columns)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "list-columns");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *table;
  GVariant *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@as}", &table, &value))
    {
      if (!g_str_equal (table, self->table))
        g_variant_builder_add (&builder, "{s@as}", table, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{s^as}", self->table, columns);
  g_settings_set_value (self->settings, "list-columns", g_variant_builder_end (&builder));
}

static void
extra_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
extra_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const char *field = user_data;
  RdRecord *record = gtk_list_item_get_item (item);
  const char *text = record != NULL ? rd_record_get_string (record, field) : NULL;

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* The extra columns this table can show: (id, title) pairs, the ids as the fetcher names
 * the values ("cf:KEY", "city", "country"). */
static GPtrArray *
available (RdListPage *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  if (desc == NULL)
    return out;
  if (desc->flags & RD_TABLE_HAS_ADDRESSES)
    {
      g_ptr_array_add (out, g_strdup ("city"));
      g_ptr_array_add (out, g_strdup (rd_labels_field ("city")));
      g_ptr_array_add (out, g_strdup ("country"));
      g_ptr_array_add (out, g_strdup (rd_labels_field ("country")));
    }
  if ((desc->flags & RD_TABLE_HAS_CUSTOM) && self->db_path != NULL)
    {
      g_autoptr(RdStore) store = rd_store_open (self->db_path, NULL);
      g_autoptr(GPtrArray) fields = store != NULL ? rd_store_list_custom_fields (store, self->table, NULL) : NULL;

      for (guint i = 0; fields != NULL && i < fields->len; i++)
        {
          RdCustomField *field = fields->pdata[i];

          g_ptr_array_add (out, g_strconcat ("cf:", field->key, NULL));
          g_ptr_array_add (out, g_strdup (field->label));
        }
    }
  return out;
}

static void
toggled_cb (GtkCheckButton *button,
            RdListPage     *self)
{
  g_auto(GStrv) columns = chosen (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *id = g_object_get_data (G_OBJECT (button), "column");
  g_auto(GStrv) next = NULL;

  if (self->filling_columns)
    return;
  for (guint i = 0; columns[i] != NULL; i++)
    if (!g_str_equal (columns[i], id))
      g_strv_builder_add (builder, columns[i]);
  if (gtk_check_button_get_active (button))
    g_strv_builder_add (builder, id);
  next = g_strv_builder_end (builder);
  set_chosen (self, (const char * const *) next);
}

/* Rebuilds the Columns menu and the extra columns from the definitions and the setting. */
void
rd_list_page_update_extra_columns (RdListPage *self)
{
  g_autoptr(GPtrArray) columns = available (self);
  g_auto(GStrv) shown = chosen (self);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *popover = gtk_popover_new ();

  for (guint i = 0; i < self->extra_columns->len; i++)
    gtk_column_view_remove_column (self->column_view, self->extra_columns->pdata[i]);
  g_ptr_array_set_size (self->extra_columns, 0);

  self->filling_columns = TRUE;
  for (guint i = 0; i + 1 < columns->len; i += 2)
    {
      GtkWidget *check = gtk_check_button_new_with_label (columns->pdata[i + 1]);
      gboolean on = g_strv_contains ((const char * const *) shown, columns->pdata[i]);

      g_object_set_data_full (G_OBJECT (check), "column", g_strdup (columns->pdata[i]), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
      g_signal_connect (check, "toggled", G_CALLBACK (toggled_cb), self);
      gtk_box_append (GTK_BOX (box), check);
    }
  self->filling_columns = FALSE;
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->columns_button, popover);
  gtk_widget_set_visible (GTK_WIDGET (self->columns_button), columns->len > 0);

  /* In the order they were chosen, after the page's own. */
  for (guint s = 0; shown[s] != NULL; s++)
    for (guint i = 0; i + 1 < columns->len; i += 2)
      if (g_str_equal (shown[s], columns->pdata[i]))
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          GtkColumnViewColumn *column;
          /* the factory keeps the field name it binds */
          char *field = g_strdup (columns->pdata[i]);

          g_object_set_data_full (G_OBJECT (factory), "field", field, g_free);
          g_signal_connect (factory, "setup", G_CALLBACK (extra_setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (extra_bind_cb), field);
          column = gtk_column_view_column_new (columns->pdata[i + 1], factory);
          gtk_column_view_column_set_resizable (column, TRUE);
          g_object_set_data_full (G_OBJECT (column), "column", g_strdup (columns->pdata[i]), g_free);
          gtk_column_view_append_column (self->column_view, column);
          g_ptr_array_add (self->extra_columns, column);
        }
}
