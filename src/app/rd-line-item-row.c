/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-catalog.h"
#include "rd-labels.h"
#include "rd-line-item-row.h"

struct _RdLineItemRow
{
  AdwExpanderRow  parent_instance;

  RdStore        *store;
  RdRecord       *item;
  char           *currency;

  GtkLabel       *total_label;
  AdwEntryRow    *quantity_row;
  AdwEntryRow    *price_row;
  AdwEntryRow    *discount_row;
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdLineItemRow, rd_line_item_row, ADW_TYPE_EXPANDER_ROW)

static char *
plain_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.3f", value);
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (buf);
}

static void
rd_line_item_row_show (RdLineItemRow *self)
{
  double quantity = rd_record_get_double (self->item, "quantity", 0);
  double price = rd_record_get_double (self->item, "unit_price", 0);
  double discount = rd_record_get_double (self->item, "discount", 0);
  double tax = rd_record_get_double (self->item, "tax_rate", 0);
  g_autofree char *q = plain_number (quantity);
  g_autofree char *p = rd_labels_money (price, NULL);
  g_autofree char *d = plain_number (discount);
  g_autofree char *t = plain_number (tax);
  g_autofree char *price_text = plain_number (price);
  g_autofree char *total = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  double gross, off;

  rd_line_item_figures (quantity, price, discount, tax, &gross, &off, NULL);
  total = rd_labels_money (gross - off, self->currency);
  g_string_append_printf (subtitle, "%s × %s", q, p);
  if (discount != 0)
    {
      /* TRANSLATORS: a line item's discount in its summary: "−10 %" */
      g_autofree char *part = g_strdup_printf (_("−%s %%"), d);
      g_string_append_printf (subtitle, "  ·  %s", part);
    }
  if (tax != 0)
    {
      /* TRANSLATORS: a line item's tax rate in its summary: "tax 20 %" */
      g_autofree char *part = g_strdup_printf (_("tax %s %%"), t);
      g_string_append_printf (subtitle, "  ·  %s", part);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), rd_record_get_string (self->item, "name"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle->str);
  gtk_label_set_label (self->total_label, total);
  gtk_editable_set_text (GTK_EDITABLE (self->quantity_row), q);
  gtk_editable_set_text (GTK_EDITABLE (self->price_row), price_text);
  gtk_editable_set_text (GTK_EDITABLE (self->discount_row), d);
}

static void
mark_row (GtkWidget  *row,
          const char *error)
{
  if (error != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error);
}

/* "1 250,5" or "1250.5". */
static gboolean
parse_number (const char *text,
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
  if (clean->len == 0)
    return FALSE;
  *value = g_ascii_strtod (clean->str, &end);
  return *end == '\0';
}

static void
rd_line_item_row_apply_cb (RdLineItemRow *self,
                           AdwEntryRow   *row)
{
  const char *field = row == self->quantity_row ? "quantity"
                    : row == self->price_row ? "unit_price" : "discount";
  g_autoptr(RdRecord) changes = rd_record_new ("line_items");
  g_autoptr(RdRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  double value;

  if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (row)), &value))
    {
      mark_row (GTK_WIDGET (row), _("Write a number, e.g. 1500.50"));
      g_signal_emit (self, signals[FAILED], 0, _("Write a number, e.g. 1500.50"));
      return;
    }
  rd_record_set_id (changes, rd_record_get_id (self->item));
  rd_record_set_double (changes, field, value);
  if (!rd_store_update (self->store, changes, &error))
    {
      mark_row (GTK_WIDGET (row), error->message);
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  mark_row (GTK_WIDGET (row), NULL);
  stored = rd_store_get (self->store, "line_items", rd_record_get_id (self->item), NULL);
  if (stored != NULL)
    g_set_object (&self->item, stored);
  rd_line_item_row_show (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
rd_line_item_row_remove_cb (RdLineItemRow *self,
                            GtkButton     *button)
{
  g_autoptr(GError) error = NULL;

  if (!rd_store_delete (self->store, "line_items", rd_record_get_id (self->item), &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
rd_line_item_row_get_id (RdLineItemRow *self)
{
  g_return_val_if_fail (RD_IS_LINE_ITEM_ROW (self), NULL);
  return rd_record_get_id (self->item);
}

static void
rd_line_item_row_dispose (GObject *object)
{
  RdLineItemRow *self = RD_LINE_ITEM_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_LINE_ITEM_ROW);
  g_clear_object (&self->store);
  g_clear_object (&self->item);
  g_clear_pointer (&self->currency, g_free);
  G_OBJECT_CLASS (rd_line_item_row_parent_class)->dispose (object);
}

static void
rd_line_item_row_class_init (RdLineItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_line_item_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-line-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdLineItemRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemRow, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemRow, price_row);
  gtk_widget_class_bind_template_child (widget_class, RdLineItemRow, discount_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_line_item_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_line_item_row_remove_cb);
}

static void
rd_line_item_row_init (RdLineItemRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_line_item_row_new (RdStore    *store,
                      RdRecord   *item,
                      const char *currency)
{
  RdLineItemRow *self = g_object_new (RD_TYPE_LINE_ITEM_ROW, NULL);

  self->store = g_object_ref (store);
  self->item = g_object_ref (item);
  self->currency = g_strdup (currency);
  rd_line_item_row_show (self);
  return GTK_WIDGET (self);
}
