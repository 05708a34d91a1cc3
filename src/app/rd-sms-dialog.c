/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-phone-number.h"
#include "rd-sms-dialog.h"
#include "rd-sms-text.h"
#include "rd-sync-client.h"
#include "rd-template.h"

/* RdSmsDialog: the number (the record's valid phones; a ticket's contact's), a template
 * filled from the record's fields, the text with a live counter (characters, SMS parts,
 * what is left, GSM-7 or Unicode), and Send, which runs rd_sync_client_send_sms_async()
 * (the send, then a sync) while the dialog waits; it closes when the server has the
 * message, and says the server's words when it refuses. */

#define MAX_SEGMENTS 10

struct _RdSmsDialog
{
  AdwWindow      parent_instance;

  RdStore       *store;
  RdRecord      *record;
  JsonObject    *fields;     /* for templates: the record's, and a ticket's contact's */
  GPtrArray     *numbers;    /* E.164 */
  GCancellable  *cancellable;
  char          *counter;

  AdwComboRow   *phone_row;
  AdwComboRow   *template_row;
  GtkTextView   *text_view;
  GtkLabel      *counter_label;
  GtkLabel      *error_label;
  GtkSpinner    *spinner;
  GtkButton     *send_button;
};

G_DEFINE_FINAL_TYPE (RdSmsDialog, rd_sms_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Built-in templates; {names} are the record's fields. */
static const char *const templates[] = {
  N_("Hello {first_name}, we tried to reach you by phone. Please call us back when it suits you."),
  N_("Hello {first_name}, thank you for your time today. Write to us here if you have questions."),
  N_("Hello {first_name}, your request is being handled. We will get back to you soon."),
};

/* ---- the record's numbers and fields -------------------------------------------- */

static RdRecord *
phone_holder (RdStore  *store,
              RdRecord *record)
{
  const char *contact_id;

  if (g_strcmp0 (rd_record_get_table (record), "tickets") != 0)
    return g_object_ref (record);
  contact_id = rd_record_get_string (record, "contact_id");
  return contact_id != NULL ? rd_store_get (store, "contacts", contact_id, NULL) : NULL;
}

gboolean
rd_sms_dialog_can_send_to (RdStore  *store,
                           RdRecord *record)
{
  g_autoptr(GPtrArray) numbers = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (record == NULL)
    return FALSE;
  numbers = rd_store_record_numbers (store, record);
  return numbers->len > 0;
}

/* ---- the counter ------------------------------------------------------------------ */

static void
update_counter (RdSmsDialog *self)
{
  g_autofree char *text = rd_sms_dialog_get_text (self);
  gboolean sending = gtk_spinner_get_spinning (self->spinner);
  RdSmsCount count;

  rd_sms_count (text, &count);
  g_free (self->counter);
  /* Translators: e.g. "42 characters · 1 SMS · 118 left · GSM-7". */
  self->counter = g_strdup_printf (_("%u characters · %u SMS · %u left · %s"), count.units,
                                   count.segments, count.remaining,
                                   count.encoding == RD_SMS_ENCODING_GSM7
                                     ? _("GSM-7") : _("Unicode (UCS-2)"));
  gtk_label_set_text (self->counter_label, self->counter);
  if (count.segments > MAX_SEGMENTS)
    gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sms.send",
                                 !sending && *text != '\0' && count.segments <= MAX_SEGMENTS &&
                                 self->numbers->len > 0);
}

static void
text_changed_cb (RdSmsDialog   *self,
                 GtkTextBuffer *buffer)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_counter (self);
}

/* ---- templates -------------------------------------------------------------------- */

void
rd_sms_dialog_use_template (RdSmsDialog *self,
                            guint        index)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RD_IS_SMS_DIALOG (self));

  if (index == 0 || index > G_N_ELEMENTS (templates))
    return;
  text = rd_template_fill (_(templates[index - 1]), self->fields);
  rd_sms_dialog_set_text (self, text);
}

static void
rd_sms_dialog_template_cb (RdSmsDialog *self,
                           GParamSpec  *pspec,
                           AdwComboRow *row)
{
  rd_sms_dialog_use_template (self, adw_combo_row_get_selected (row));
}

/* ---- sending ---------------------------------------------------------------------- */

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdSmsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = rd_sync_client_send_sms_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), TRUE);
  if (message == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The SMS was not sent: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_counter (self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SENT], 0,
                 json_object_get_string_member_with_default (message, "id", ""));
  gtk_window_close (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  RdSmsDialog *self = RD_SMS_DIALOG (widget);
  g_autofree char *text = rd_sms_dialog_get_text (self);
  guint selected = adw_combo_row_get_selected (self->phone_row);

  if (selected >= self->numbers->len || *text == '\0')
    return;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), FALSE);
  gtk_widget_action_set_enabled (widget, "sms.send", FALSE);
  rd_sync_client_send_sms_async (rd_store_get_path (self->store), rd_record_get_id (self->record),
                                 g_ptr_array_index (self->numbers, selected), text,
                                 self->cancellable, sent_cb, g_object_ref (self));
}

/* ---- accessors -------------------------------------------------------------------- */

GPtrArray *
rd_sms_dialog_get_numbers (RdSmsDialog *self)
{
  g_return_val_if_fail (RD_IS_SMS_DIALOG (self), NULL);
  return self->numbers;
}

const char *
rd_sms_dialog_get_counter (RdSmsDialog *self)
{
  g_return_val_if_fail (RD_IS_SMS_DIALOG (self), NULL);
  return self->counter;
}

void
rd_sms_dialog_set_text (RdSmsDialog *self,
                        const char  *text)
{
  g_return_if_fail (RD_IS_SMS_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

char *
rd_sms_dialog_get_text (RdSmsDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RD_IS_SMS_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ---- object ----------------------------------------------------------------------- */

static void
rd_sms_dialog_dispose (GObject *object)
{
  RdSmsDialog *self = RD_SMS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_SMS_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_pointer (&self->fields, json_object_unref);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_sms_dialog_parent_class)->dispose (object);
}

static void
rd_sms_dialog_finalize (GObject *object)
{
  g_free (RD_SMS_DIALOG (object)->counter);

  G_OBJECT_CLASS (rd_sms_dialog_parent_class)->finalize (object);
}

static void
rd_sms_dialog_class_init (RdSmsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_sms_dialog_dispose;
  object_class->finalize = rd_sms_dialog_finalize;

  /**
   * RdSmsDialog::sent:
   * @id: the new message's id
   *
   * The server has the message (queued); the replica has it too (the send syncs).
   */
  signals[SIGNAL_SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-sms-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, counter_label);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdSmsDialog, send_button);
  gtk_widget_class_bind_template_callback (widget_class, rd_sms_dialog_template_cb);
  gtk_widget_class_install_action (widget_class, "sms.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "sms.send", NULL);
}

static void
rd_sms_dialog_init (RdSmsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->numbers = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The template fields: the record's, then what a ticket's contact adds; a record without
 * a first name is greeted by its name. */
static JsonObject *
template_fields (RdRecord *record,
                 RdRecord *holder)
{
  JsonObject *fields = json_object_new ();
  RdRecord *sources[] = { record, holder };

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (sources[s] == NULL)
        continue;
      json_object_iter_init (&iter, rd_record_get_fields (sources[s]));
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_VALUE (value) || JSON_NODE_HOLDS_NULL (value))
          {
            JsonNode *old = json_object_get_member (fields, name);

            if (old == NULL || JSON_NODE_HOLDS_NULL (old))
              json_object_set_member (fields, name, json_node_copy (value));
          }
    }
  if (json_object_get_string_member_with_default (fields, "first_name", NULL) == NULL &&
      json_object_get_string_member_with_default (fields, "name", NULL) != NULL)
    json_object_set_string_member (fields, "first_name",
                                   json_object_get_string_member (fields, "name"));
  return fields;
}

RdSmsDialog *
rd_sms_dialog_new (GtkWindow *parent,
                   RdStore   *store,
                   RdRecord  *record)
{
  RdSmsDialog *self;
  g_autoptr(RdRecord) holder = NULL;
  g_autoptr(GtkStringList) phones = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  g_return_val_if_fail (RD_IS_RECORD (record), NULL);

  self = g_object_new (RD_TYPE_SMS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->record = g_object_ref (record);
  holder = phone_holder (store, record);
  g_ptr_array_unref (self->numbers);
  self->numbers = rd_store_record_numbers (store, record);
  self->fields = template_fields (record, holder);

  for (guint i = 0; i < self->numbers->len; i++)
    {
      g_autofree char *shown = rd_phone_number_format (g_ptr_array_index (self->numbers, i),
                                                       rd_store_get_default_region (store),
                                                       RD_PHONE_FORMAT_INTERNATIONAL);

      gtk_string_list_append (phones, shown ? shown : g_ptr_array_index (self->numbers, i));
    }
  adw_combo_row_set_model (self->phone_row, G_LIST_MODEL (phones));

  gtk_string_list_append (names, C_("sms template", "None"));
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autofree char *short_name = g_utf8_substring (_(templates[i]), 0, 40);
      g_autofree char *shown = g_strconcat (short_name, "…", NULL);

      gtk_string_list_append (names, shown);
    }
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (names));
  update_counter (self);
  return self;
}
