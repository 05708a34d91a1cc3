/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-lead-history.h"

struct _RdLeadHistory
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (RdLeadHistory, rd_lead_history, ADW_TYPE_PREFERENCES_GROUP)

static const char *
string_of (JsonObject *o,
           const char *name)
{
  const char *value = o != NULL ? json_object_get_string_member_with_default (o, name, NULL) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The campaign's words for @code, else the code. */
static const char *
disposition_label (JsonArray  *dispositions,
                   const char *code)
{
  for (guint i = 0; dispositions != NULL && i < json_array_get_length (dispositions); i++)
    {
      JsonObject *d = json_array_get_object_element (dispositions, i);

      if (g_strcmp0 (string_of (d, "code"), code) == 0 && string_of (d, "label") != NULL)
        return string_of (d, "label");
    }
  return code;
}

void
rd_lead_history_set (RdLeadHistory *self,
                     JsonArray     *history,
                     const char    *current_call_id,
                     JsonArray     *dispositions)
{
  g_return_if_fail (RD_IS_LEAD_HISTORY (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *call = json_array_get_object_element (history, i);
      gint64 at = call != NULL ? json_object_get_int_member_with_default (call, "created_at", 0) : 0;
      g_autoptr(GDateTime) when = at > 0 ? g_date_time_new_from_unix_local (at / 1000) : NULL;
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%x %H:%M") : NULL;
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *parts[3];
      GtkWidget *row;

      if (call == NULL || g_strcmp0 (string_of (call, "call_id"), current_call_id) == 0)
        continue;
      /* Translators: an earlier call on a lead's card: its date and how it went,
       * e.g. "05.12.2026 10:15 · Busy" */
      title = g_strdup_printf (_("%s · %s"), date != NULL ? date : "",
                               rd_labels_campaign_value (string_of (call, "result")));
      parts[0] = string_of (call, "disposition") != NULL
                 ? disposition_label (dispositions, string_of (call, "disposition")) : NULL;
      parts[1] = string_of (call, "agent");
      parts[2] = string_of (call, "notes");
      for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
        if (parts[k] != NULL)
          g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", parts[k]);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

guint
rd_lead_history_get_n_calls (RdLeadHistory *self)
{
  g_return_val_if_fail (RD_IS_LEAD_HISTORY (self), 0);

  return self->rows->len;
}

GtkWidget *
rd_lead_history_new (void)
{
  return g_object_new (RD_TYPE_LEAD_HISTORY, NULL);
}

static void
rd_lead_history_finalize (GObject *object)
{
  RdLeadHistory *self = RD_LEAD_HISTORY (object);

  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (rd_lead_history_parent_class)->finalize (object);
}

static void
rd_lead_history_class_init (RdLeadHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_lead_history_finalize;
}

static void
rd_lead_history_init (RdLeadHistory *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Earlier Calls"));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
