/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>

#include "rd-record-page-private.h"

/* A 0/1 field (a product's "active", a milestone's "reached") as a row with a switch: on
 * a saved record a flip is written at once; on the new-record form it is read on Create. */

static gboolean
switch_state_set_cb (GtkSwitch    *toggle,
                     gboolean      state,
                     RdRecordPage *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (toggle), "row");
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  if (self->loading || self->id == NULL)
    return FALSE;
  gtk_switch_set_state (toggle, state);
  if (rd_record_page_take_row_value (row, changes) && !rd_record_page_update (self, changes, row))
    {
      /* refused: show what is stored */
      self->loading = TRUE;
      gtk_switch_set_active (toggle, !state);
      gtk_switch_set_state (toggle, !state);
      self->loading = FALSE;
    }
  return TRUE;
}

GtkWidget *
rd_record_page_switch_row (RdRecordPage      *self,
                           const RdFieldDesc *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  /* a new product is active (the store's default), a new milestone not reached */
  gboolean on = self->record != NULL ? rd_record_get_int (self->record, field->name, 0) != 0
                                     : g_str_equal (field->name, "active");

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), on);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (row), "switch", toggle);
  g_object_set_data (G_OBJECT (toggle), "row", row);
  g_signal_connect (toggle, "state-set", G_CALLBACK (switch_state_set_cb), self);
  return row;
}

gboolean
rd_record_page_switch_row_get_active (GtkWidget *row)
{
  GtkSwitch *toggle = g_object_get_data (G_OBJECT (row), "switch");

  return toggle != NULL && gtk_switch_get_active (toggle);
}
