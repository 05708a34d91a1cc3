/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-labels.h"
#include "rd-price-list-editor.h"
#include "rd-record.h"

#define MAX_PRODUCTS 2000

struct _RdPriceListEditor
{
  GtkWidget            parent_instance;

  RdStore             *store;
  char                *list_id;
  GPtrArray           *rows;

  AdwPreferencesGroup *group;
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdPriceListEditor, rd_price_list_editor, GTK_TYPE_WIDGET)

/* The live price_list_items row of @product_id in this list, or NULL. */
static RdRecord *
find_item (RdPriceListEditor *self,
           const char        *product_id)
{
  g_autofree char *query = g_strdup_printf ("price_list_id = '%s' and product_id = '%s'",
                                            self->list_id, product_id);
  g_autoptr(GPtrArray) items = rd_store_list (self->store, "price_list_items", query, NULL, 0, 1, NULL);

  return items != NULL && items->len > 0 ? g_object_ref (items->pdata[0]) : NULL;
}

/* "1 250,50" or "1250.5"; FALSE when it is not a number. */
static gboolean
parse_price (const char *text,
             double     *value)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0)
        continue;
      if (c > 0x7f)
        return FALSE;
      g_string_append_c (clean, c == ',' ? '.' : (char) c);
    }
  *value = g_ascii_strtod (clean->str, &end);
  return clean->len > 0 && *end == '\0';
}

gboolean
rd_price_list_editor_set_price (RdPriceListEditor  *self,
                                const char         *product_id,
                                const char         *text,
                                GError            **error)
{
  g_autoptr(RdRecord) item = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  double price = 0;

  g_return_val_if_fail (RD_IS_PRICE_LIST_EDITOR (self), FALSE);
  g_return_val_if_fail (self->list_id != NULL, FALSE);

  if (*stripped != '\0' && !parse_price (stripped, &price))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   _("unit_price: “%s” is not a number"), text);
      return FALSE;
    }
  item = find_item (self, product_id);
  if (*stripped == '\0')
    return item == NULL || rd_store_delete (self->store, "price_list_items", rd_record_get_id (item), error);

  record = rd_record_new ("price_list_items");
  if (item != NULL)
    rd_record_set_id (record, rd_record_get_id (item));
  else
    {
      rd_record_set_string (record, "price_list_id", self->list_id);
      rd_record_set_string (record, "product_id", product_id);
    }
  rd_record_set_double (record, "unit_price", price);
  return item != NULL ? rd_store_update (self->store, record, error) : rd_store_insert (self->store, record, error);
}

static void
row_apply_cb (AdwEntryRow       *row,
              RdPriceListEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!rd_price_list_editor_set_price (self, g_object_get_data (G_OBJECT (row), "product"),
                                       gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
rd_price_list_editor_reload (RdPriceListEditor *self)
{
  g_autoptr(GPtrArray) products = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->store == NULL || self->list_id == NULL || strchr (self->list_id, '\'') != NULL)
    return;

  products = rd_store_list (self->store, "products", "active = 1", "name", 0, MAX_PRODUCTS, NULL);
  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      RdRecord *product = g_ptr_array_index (products, i);
      g_autoptr(RdRecord) item = find_item (self, rd_record_get_id (product));
      g_autofree char *catalog = rd_labels_money (rd_record_get_double (product, "unit_price", 0),
                                                  rd_record_get_string (product, "currency"));
      /* TRANSLATORS: a product in a price list: "Headset H2 (catalog 1 990,00 RUB)" */
      g_autofree char *title = g_strdup_printf (_("%s (catalog %s)"), rd_record_get_string (product, "name"), catalog);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (item != NULL)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          gtk_editable_set_text (GTK_EDITABLE (row),
                                 g_ascii_formatd (buf, sizeof buf, "%.2f", rd_record_get_double (item, "unit_price", 0)));
        }
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      g_object_set_data_full (G_OBJECT (row), "product", g_strdup (rd_record_get_id (product)), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (row_apply_cb), self);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

void
rd_price_list_editor_set_list (RdPriceListEditor *self,
                               RdStore           *store,
                               const char        *price_list_id)
{
  g_return_if_fail (RD_IS_PRICE_LIST_EDITOR (self));

  g_set_object (&self->store, store);
  g_free (self->list_id);
  self->list_id = g_strdup (price_list_id);
  rd_price_list_editor_reload (self);
}

static void
rd_price_list_editor_dispose (GObject *object)
{
  RdPriceListEditor *self = RD_PRICE_LIST_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PRICE_LIST_EDITOR);
  g_clear_object (&self->store);
  g_clear_pointer (&self->list_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_price_list_editor_parent_class)->dispose (object);
}

static void
rd_price_list_editor_class_init (RdPriceListEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_price_list_editor_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-price-list-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPriceListEditor, group);
}

static void
rd_price_list_editor_init (RdPriceListEditor *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_price_list_editor_new (void)
{
  return g_object_new (RD_TYPE_PRICE_LIST_EDITOR, NULL);
}
