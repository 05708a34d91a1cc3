/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdListPage: its columns and how each kind of cell shows a record. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-list-page-private.h"
#include "rd-record.h"
#include "rd-recording-player.h"

/* --- cells ---------------------------------------------------------------- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const ColumnSpec *column = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Times, numbers and statuses are read whole or not at all ("2026-11-25 14:02"). */
  if (column->kind == COLUMN_TIME || column->kind == COLUMN_SLA)
    gtk_label_set_width_chars (GTK_LABEL (label), 16);
  else if (g_strcmp0 (column->field, "phone") == 0 || g_strcmp0 (column->field, "party") == 0)
    gtk_label_set_width_chars (GTK_LABEL (label), 17);
  else if (column->kind == COLUMN_CALL_STATUS)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  else if (column->kind == COLUMN_SCORE)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_width_chars (GTK_LABEL (label), 5);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_list_item_set_child (item, label);
}

static const char *
call_status_of (RdRecord *record)
{
  return rd_call_log_status (rd_record_get_string (record, "hangup_cause"),
                             rd_record_get_int (record, "answered_at", 0) != 0);
}

/**
 * rd_list_page_sla_state:
 *
 * How a ticket's SLA stands at @now_ms: "error" once the due time has passed, "warning"
 * within the hour before it, NULL otherwise or when the ticket is closed or has none (the
 * style class its SLA cell gets).
 */
const char *
rd_list_page_sla_state (RdRecord *ticket,
                        gint64    now_ms)
{
  gint64 due = rd_record_get_int (ticket, "sla_due", 0);

  if (due <= 0 || g_strcmp0 (rd_record_get_string (ticket, "status"), "closed") == 0)
    return NULL;
  if (due < now_ms)
    return "error";
  if (due < now_ms + 3600 * 1000)
    return "warning";
  return NULL;
}

static char *
cell_text (RdRecord         *record,
           const ColumnSpec *column)
{
  switch (column->kind)
    {
    case COLUMN_VALUE:
      return g_strdup (rd_labels_value (rd_record_get_string (record, column->field)));
    case COLUMN_TIME:
    case COLUMN_SLA:
      return rd_labels_time (rd_record_get_int (record, column->field, 0));
    case COLUMN_AMOUNT:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      /* with the deal's currency, when it has one */
      return g_strdup_printf ("%.2f%s%s", rd_record_get_double (record, column->field, 0),
                              rd_record_get_string (record, "currency") ? " " : "",
                              rd_record_get_string (record, "currency") ? rd_record_get_string (record, "currency") : "");
    case COLUMN_INT:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      return g_strdup_printf ("%" G_GINT64_FORMAT, rd_record_get_int (record, column->field, 0));
    case COLUMN_BOOL:
      return g_strdup (rd_record_get_int (record, column->field, 0) ? "✓" : "");
    case COLUMN_DURATION:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      {
        gint64 s = MAX (rd_record_get_int (record, column->field, 0), 0);

        if (s >= 3600)
          return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
        return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
      }
    case COLUMN_SCORE:
      /* Leads with no score (closed, or no model) show nothing, not 0 %. */
      if (!rd_record_has_field (record, column->field) ||
          rd_record_get_double (record, column->field, -1) < 0)
        return g_strdup ("");
      /* Translators: a lead's conversion score, e.g. "87 %" */
      return g_strdup_printf (_("%.0f %%"), 100 * rd_record_get_double (record, column->field, 0));
    case COLUMN_CALL_STATUS:
      /* the direction as the arrow call logs use: ↙ in, ↗ out */
      return g_strdup_printf ("%s %s",
                              g_strcmp0 (rd_record_get_string (record, "direction"), "inbound") == 0 ? "↙" : "↗",
                              rd_labels_call_status (call_status_of (record)));
    case COLUMN_TEXT:
    default:
      return g_strdup (rd_record_get_string (record, column->field));
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const ColumnSpec *column = user_data;
  RdRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (record, column);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
  if (column->kind == COLUMN_SLA)
    {
      const char *state = rd_list_page_sla_state (record, g_get_real_time () / 1000);

      /* Rows are recycled: the class of the previous record goes first. */
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      if (state != NULL)
        gtk_widget_add_css_class (label, state);
    }
  if (column->kind == COLUMN_CALL_STATUS)
    {
      /* Rows are recycled: the class of the previous record goes first. */
      static const char *const classes[] = { "answered", "missed", "busy", "failed" };
      g_autofree char *mine = g_strconcat ("call-status-", call_status_of (record), NULL);

      for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
        {
          g_autofree char *name = g_strconcat ("call-status-", classes[i], NULL);
          gtk_widget_remove_css_class (label, name);
        }
      gtk_widget_add_css_class (label, mine);
    }
}

static void
recording_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  gtk_list_item_set_child (item, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
}

static void
recording_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  RdListPage *self = user_data;
  RdRecord *record = gtk_list_item_get_item (item);
  GtkBox *box = GTK_BOX (gtk_list_item_get_child (item));
  const char *recording = record != NULL ? rd_record_get_string (record, "recording") : NULL;
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
  g_autofree char *path = NULL;
  gboolean fetch = FALSE;

  /* Recorded here, fetched before, or to fetch from the server on play. */
  if (recording != NULL && rd_record_get_id (record) != NULL && self->db_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->db_path);
      g_autofree char *name = g_strconcat (rd_record_get_id (record), ".wav", NULL);

      if (g_file_test (recording, G_FILE_TEST_IS_REGULAR))
        path = g_strdup (recording);
      else
        {
          path = g_build_filename (dir, "recordings", name, NULL);
          fetch = !g_file_test (path, G_FILE_TEST_IS_REGULAR);
        }
    }

  /* Keep a player that already plays this file (rows rebind on refresh). */
  if (child != NULL && path != NULL
      && g_strcmp0 (rd_recording_player_get_path (RD_RECORDING_PLAYER (child)), path) == 0)
    return;
  if (child != NULL)
    gtk_box_remove (box, child);
  if (path != NULL)
    {
      GtkWidget *player = rd_recording_player_new (path);

      if (fetch)
        rd_recording_player_set_fetch (RD_RECORDING_PLAYER (player), self->db_path,
                                       rd_record_get_id (record));
      rd_recording_player_set_compact (RD_RECORDING_PLAYER (player), TRUE);
      gtk_box_append (box, player);
    }
}

void
rd_list_page_add_columns (RdListPage *self)
{
  for (const ColumnSpec *column = self->spec->columns; column->field != NULL; column++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *view_column;

      if (column->kind == COLUMN_RECORDING)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (recording_setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (recording_bind_cb), self);
        }
      else
        {
          g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), (gpointer) column);
          g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), (gpointer) column);
        }
      view_column = gtk_column_view_column_new (column->kind == COLUMN_CALL_STATUS
                                                ? C_("call log column", "Status")
                                                : rd_labels_table_field (self->table, column->field), factory);
      gtk_column_view_column_set_expand (view_column, column->expand);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_append_column (self->column_view, view_column);
      g_object_unref (view_column);
    }
}

