/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-catalog.h"
#include "rd-labels.h"
#include "rd-line-item-row.h"
#include "rd-line-items-editor.h"
#include "rd-quote.h"
#include "rd-record.h"

struct _RdLineItemsEditor
{
  GtkWidget            parent_instance;

  RdStore             *store;
  char                *deal_id;
  char                *currency;
  char                *total_text;
  GPtrArray           *rows;          /* RdLineItemRow in items_group */
  GPtrArray           *product_ids;   /* char*, parallel to the dropdown's strings */
  GPtrArray           *list_ids;      /* char* (NULL first: the catalog), parallel to price_list_row */
  gboolean             loading;
  guint                reload_idle;

  AdwPreferencesGroup *items_group;
  AdwComboRow         *price_list_row;
  AdwActionRow        *add_row;
  GtkDropDown         *product_dropdown;
  GtkSpinButton       *quantity_spin;
  GtkLabel            *subtotal_label;
  GtkLabel            *discount_label;
  GtkLabel            *tax_label;
  GtkLabel            *total_label;
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdLineItemsEditor, rd_line_items_editor, GTK_TYPE_WIDGET)

static void rd_line_items_editor_reload (RdLineItemsEditor *self);

static void show_totals (RdLineItemsEditor *self);

static gboolean
reload_idle_cb (gpointer data)
{
  RdLineItemsEditor *self = data;

  self->reload_idle = 0;
  rd_line_items_editor_reload (self);
  return G_SOURCE_REMOVE;
}

/* A line written or removed: the totals at once; the rows are made again once the row's own
 * signal is over (a removed line's row is still running it). */
static void
row_changed_cb (RdLineItemsEditor *self,
                RdLineItemRow     *row)
{
  show_totals (self);
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
row_failed_cb (RdLineItemsEditor *self,
               const char        *message,
               RdLineItemRow     *row)
{
  g_signal_emit (self, signals[FAILED], 0, message);
}

static void
show_totals (RdLineItemsEditor *self)
{
  g_autofree char *subtotal = NULL;
  g_autofree char *discount = NULL;
  g_autofree char *tax = NULL;
  RdDealTotals totals;

  if (!rd_store_deal_totals (self->store, self->deal_id, &totals, NULL))
    memset (&totals, 0, sizeof totals);
  subtotal = rd_labels_money (totals.subtotal, self->currency);
  discount = rd_labels_money (-totals.discount, self->currency);
  tax = rd_labels_money (totals.tax, self->currency);
  g_free (self->total_text);
  self->total_text = rd_labels_money (totals.total, self->currency);
  gtk_label_set_label (self->subtotal_label, subtotal);
  gtk_label_set_label (self->discount_label, discount);
  gtk_label_set_label (self->tax_label, tax);
  gtk_label_set_label (self->total_label, self->total_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "line-items.save-quote", totals.n_items > 0);
}

/* The active catalog in the Add row: "Headset H2 · HS-2 · 1 990,00 RUB" (the price of the
 * deal's list where it has one). */
static void
fill_products (RdLineItemsEditor *self,
               const char        *price_list_id)
{
  g_autoptr(GPtrArray) products = rd_store_list (self->store, "products", "active = 1", "name", 0, 5000, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->product_ids, 0);
  for (guint i = 0; products != NULL && i < products->len; i++)
    {
      RdRecord *product = g_ptr_array_index (products, i);
      const char *code = rd_record_get_string (product, "code");
      g_autofree char *currency = NULL;
      g_autofree char *money = NULL;
      g_autofree char *label = NULL;
      double price = 0;

      rd_store_product_price (self->store, rd_record_get_id (product), price_list_id, &price, &currency, NULL);
      money = rd_labels_money (price, currency);
      label = code != NULL ? g_strdup_printf ("%s · %s · %s", rd_record_get_string (product, "name"), code, money)
                           : g_strdup_printf ("%s · %s", rd_record_get_string (product, "name"), money);
      gtk_string_list_append (names, label);
      g_ptr_array_add (self->product_ids, g_strdup (rd_record_get_id (product)));
    }
  gtk_drop_down_set_model (self->product_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), self->product_ids->len > 0);
  adw_action_row_set_subtitle (self->add_row, self->product_ids->len > 0 ? NULL
                               : _("The catalog has no active products: add them under Products"));
}

static void
fill_price_lists (RdLineItemsEditor *self,
                  const char        *selected_id)
{
  g_autoptr(GPtrArray) lists = rd_store_list (self->store, "price_lists", "active = 1", "name", 0, 500, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->list_ids, 0);
  gtk_string_list_append (names, _("Catalog Prices"));
  g_ptr_array_add (self->list_ids, NULL);
  for (guint i = 0; lists != NULL && i < lists->len; i++)
    {
      RdRecord *list = g_ptr_array_index (lists, i);

      if (g_strcmp0 (rd_record_get_id (list), selected_id) == 0)
        selected = self->list_ids->len;
      gtk_string_list_append (names, rd_record_get_string (list, "name"));
      g_ptr_array_add (self->list_ids, g_strdup (rd_record_get_id (list)));
    }
  adw_combo_row_set_model (self->price_list_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->price_list_row, selected);
}

static void
rd_line_items_editor_reload (RdLineItemsEditor *self)
{
  g_autoptr(RdRecord) deal = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->items_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->store == NULL || self->deal_id == NULL)
    return;

  self->loading = TRUE;
  deal = rd_store_get (self->store, "deals", self->deal_id, NULL);
  g_free (self->currency);
  self->currency = deal != NULL ? g_strdup (rd_record_get_string (deal, "currency")) : NULL;
  fill_price_lists (self, deal != NULL ? rd_record_get_string (deal, "price_list_id") : NULL);
  fill_products (self, deal != NULL ? rd_record_get_string (deal, "price_list_id") : NULL);

  items = rd_store_deal_line_items (self->store, self->deal_id, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      GtkWidget *row = rd_line_item_row_new (self->store, g_ptr_array_index (items, i), self->currency);

      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "failed", G_CALLBACK (row_failed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->items_group, row);
      g_ptr_array_add (self->rows, row);
    }
  show_totals (self);
  self->loading = FALSE;
}

static void
rd_line_items_editor_price_list_cb (RdLineItemsEditor *self,
                                    GParamSpec        *pspec,
                                    AdwComboRow       *row)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(RdRecord) changes = rd_record_new ("deals");
  g_autoptr(GError) error = NULL;

  if (self->loading || self->deal_id == NULL || selected >= self->list_ids->len)
    return;
  rd_record_set_id (changes, self->deal_id);
  if (g_ptr_array_index (self->list_ids, selected) != NULL)
    rd_record_set_string (changes, "price_list_id", g_ptr_array_index (self->list_ids, selected));
  else
    rd_record_set_null (changes, "price_list_id");
  if (!rd_store_update (self->store, changes, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  self->loading = TRUE;
  fill_products (self, g_ptr_array_index (self->list_ids, selected));
  self->loading = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
rd_line_items_editor_add (RdLineItemsEditor  *self,
                          const char         *product_id,
                          double              quantity,
                          GError            **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (RD_IS_LINE_ITEMS_EDITOR (self), FALSE);
  g_return_val_if_fail (self->store != NULL && self->deal_id != NULL, FALSE);

  id = rd_store_add_line_item (self->store, self->deal_id, product_id, quantity, error);
  if (id == NULL)
    return FALSE;
  rd_line_items_editor_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
rd_line_items_editor_add_cb (RdLineItemsEditor *self,
                             GtkButton         *button)
{
  guint selected = gtk_drop_down_get_selected (self->product_dropdown);
  g_autoptr(GError) error = NULL;

  if (selected >= self->product_ids->len)
    return;
  if (!rd_line_items_editor_add (self, g_ptr_array_index (self->product_ids, selected),
                                 gtk_spin_button_get_value (self->quantity_spin), &error))
    g_signal_emit (self, signals[FAILED], 0, error->message);
}

gboolean
rd_line_items_editor_save_quote (RdLineItemsEditor  *self,
                                 const char         *path,
                                 GError            **error)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *company = g_settings_get_string (settings, "company-name");
  g_autofree char *details = g_settings_get_string (settings, "company-details");
  g_autofree char *terms = g_settings_get_string (settings, "quote-terms");
  RdQuoteOptions options = { company, details, terms,
                             g_settings_get_uint (settings, "quote-validity-days"), NULL };

  g_return_val_if_fail (RD_IS_LINE_ITEMS_EDITOR (self), FALSE);
  g_return_val_if_fail (self->store != NULL && self->deal_id != NULL, FALSE);

  return rd_quote_write_pdf (self->store, self->deal_id, &options, path, error);
}

static void
quote_chosen_cb (GtkNativeDialog   *chooser,
                 int                response,
                 RdLineItemsEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL && !rd_line_items_editor_save_quote (self, path, &error))
        g_signal_emit (self, signals[FAILED], 0, error->message);
    }
  g_object_unref (chooser);
}

static void
save_quote_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RdLineItemsEditor *self = RD_LINE_ITEMS_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *number = NULL;
  g_autofree char *name = NULL;

  if (self->deal_id == NULL)
    return;
  number = rd_quote_number (self->deal_id);
  /* TRANSLATORS: the file name a quote is offered under: "Quote Q-1A2B3C4D.pdf" */
  name = g_strdup_printf (_("Quote %s.pdf"), number);
  chooser = gtk_file_chooser_native_new (_("Save Quote as PDF"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (quote_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
rd_line_items_editor_set_deal (RdLineItemsEditor *self,
                               RdStore           *store,
                               const char        *deal_id)
{
  g_return_if_fail (RD_IS_LINE_ITEMS_EDITOR (self));

  g_set_object (&self->store, store);
  g_free (self->deal_id);
  self->deal_id = g_strdup (deal_id);
  rd_line_items_editor_reload (self);
}

const char *
rd_line_items_editor_get_total_text (RdLineItemsEditor *self)
{
  g_return_val_if_fail (RD_IS_LINE_ITEMS_EDITOR (self), NULL);
  return self->total_text;
}

static void
rd_line_items_editor_dispose (GObject *object)
{
  RdLineItemsEditor *self = RD_LINE_ITEMS_EDITOR (object);

  GtkWidget *child;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_LINE_ITEMS_EDITOR);
  /* the box that holds the groups is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (rd_line_items_editor_parent_class)->dispose (object);
}

static void
rd_line_items_editor_finalize (GObject *object)
{
  RdLineItemsEditor *self = RD_LINE_ITEMS_EDITOR (object);

  g_free (self->deal_id);
  g_free (self->currency);
  g_free (self->total_text);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->product_ids);
  g_ptr_array_unref (self->list_ids);
  G_OBJECT_CLASS (rd_line_items_editor_parent_class)->finalize (object);
}

static void
rd_line_items_editor_class_init (RdLineItemsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_line_items_editor_dispose;
  object_class->finalize = rd_line_items_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "line-items.save-quote", NULL, save_quote_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-line-items-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, items_group);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, price_list_row);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, add_row);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, subtotal_label);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, discount_label);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, tax_label);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemsEditor, total_label);
  gtk_widget_class_bind_template_callback (widget_class, rd_line_items_editor_price_list_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_line_items_editor_add_cb);
}

static void
rd_line_items_editor_init (RdLineItemsEditor *self)
{
  self->rows = g_ptr_array_new ();
  self->product_ids = g_ptr_array_new_with_free_func (g_free);
  self->list_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the dropdown's search matches the products' labels */
  gtk_drop_down_set_expression (self->product_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
}

GtkWidget *
rd_line_items_editor_new (void)
{
  return g_object_new (RD_TYPE_LINE_ITEMS_EDITOR, NULL);
}
