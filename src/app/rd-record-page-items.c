/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-record-page-private.h"

/* The parts of a record page that hold other records: a deal's products and services
 * (RdLineItemsEditor, which keeps the deal's amount), a price list's prices
 * (RdPriceListEditor) and a project's tasks and milestones (RdProjectPlan). */

/** An agent sees the catalog and may not change it (the server refuses it anyway). */
void
rd_record_page_set_catalog_writable (RdRecordPage *self,
                                     gboolean      writable)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));

  self->catalog_read_only = !writable;
  if (self->table != NULL)
    rd_record_page_reload (self);
}

void
rd_record_page_update_items (RdRecordPage *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  gboolean read_only = self->catalog_read_only && desc != NULL && (desc->flags & RD_TABLE_MANAGED);

  gboolean deal = self->id != NULL && g_str_equal (self->table, "deals");
  gboolean project = self->id != NULL && g_str_equal (self->table, "projects");
  gboolean list = self->id != NULL && g_str_equal (self->table, "price_lists");

  gtk_widget_set_visible (GTK_WIDGET (self->line_items_editor), deal);
  rd_line_items_editor_set_deal (self->line_items_editor, self->store, deal ? self->id : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->project_plan), project);
  rd_project_plan_set_project (self->project_plan, self->store, project ? self->id : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->price_list_editor), list);
  rd_price_list_editor_set_list (self->price_list_editor, self->store, list ? self->id : NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_group), !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->price_list_editor), !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !read_only);
  adw_preferences_group_set_description (self->fields_group,
                                         read_only ? _("Only managers and administrators change the catalog") : NULL);
}

/* A line written: the amount row shows the deal's new amount (the line items are its
 * source; the rest of the page stays as it is, expanded rows and all). */
void
rd_record_page_items_changed_cb (RdRecordPage *self,
                                 GtkWidget    *editor)
{
  g_autoptr(RdRecord) record = rd_store_get (self->store, self->table, self->id, NULL);

  if (record == NULL)
    return;
  g_set_object (&self->record, record);
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      const RdFieldDesc *field = g_object_get_data (G_OBJECT (row), "field");

      if (field != NULL && ADW_IS_ENTRY_ROW (row) &&
          (g_str_equal (field->name, "amount") || g_str_equal (field->name, "currency")))
        {
          g_autofree char *text = g_str_equal (field->name, "amount")
            ? g_strdup_printf ("%.2f", rd_record_get_double (record, "amount", 0))
            : g_strdup (rd_record_get_string (record, "currency"));

          self->loading = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
          self->loading = FALSE;
        }
    }
  rd_record_page_emit_changed (self, self->table, self->id);
}

void
rd_record_page_items_failed_cb (RdRecordPage *self,
                                const char   *message,
                                GtkWidget    *editor)
{
  rd_record_page_toast (self, message);
}

void
rd_record_page_items_open_cb (RdRecordPage *self,
                              const char   *table,
                              const char   *id,
                              GtkWidget    *plan)
{
  rd_record_page_emit_open_record (self, table, id);
}
