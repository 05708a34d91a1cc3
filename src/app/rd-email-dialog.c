/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-email-dialog.h"
#include "rd-rich-text.h"
#include "rd-sync-client.h"
#include "rd-template.h"

/* RdEmailDialog: To (the record's addresses; a ticket's contact's), Cc, Subject, a
 * template filled from the record's fields, the text with bold, italic, bulleted lines and
 * links (rd-rich-text.c turns it into HTML and a plain-text alternative), the user's
 * signature, attachments chosen with the file chooser; Send runs
 * rd_sync_client_send_email_async() (the send, then a sync) and closes when the server has
 * the message ("queued"), or says the server's words when it refuses. A reply quotes the
 * received text and names it, so the server threads it (In-Reply-To, References). */

struct _RdEmailDialog
{
  AdwWindow            parent_instance;

  RdStore             *store;
  RdRecord            *record;
  JsonObject          *fields;       /* for templates */
  GPtrArray           *addresses;
  GPtrArray           *attachments;  /* paths, NULL-terminated */
  char                *signature;
  char                *reply_to;     /* the message answered, or NULL */
  GCancellable        *cancellable;

  AdwComboRow         *to_row;
  AdwEntryRow         *cc_row;
  AdwEntryRow         *subject_row;
  AdwComboRow         *template_row;
  GtkMenuButton       *link_button;
  GtkEntry            *link_entry;
  GtkTextView         *text_view;
  AdwPreferencesGroup *attachments_group;
  GtkLabel            *error_label;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (RdEmailDialog, rd_email_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Built-in templates: a subject and a text; {names} are the record's fields. */
static const struct {
  const char *subject;
  const char *text;
} templates[] = {
  { N_("We tried to reach you"),
    N_("Hello {first_name},\n\nwe tried to reach you by phone today. Please reply to this e-mail or call us back when it suits you.") },
  { N_("Thank you for your time"),
    N_("Hello {first_name},\n\nthank you for your time today. As promised, here is a summary:\n") },
  { N_("Your request"),
    N_("Hello {first_name},\n\nyour request is being handled. We will get back to you soon.") },
};

/* ---- the record's addresses --------------------------------------------------------- */

static RdRecord *
address_holder (RdStore  *store,
                RdRecord *record)
{
  const char *contact_id;

  if (g_strcmp0 (rd_record_get_table (record), "tickets") != 0)
    return g_object_ref (record);
  contact_id = rd_record_get_string (record, "contact_id");
  return contact_id != NULL ? rd_store_get (store, "contacts", contact_id, NULL) : NULL;
}

static GPtrArray *
record_addresses (RdStore  *store,
                  RdRecord *record)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RdRecord) holder = address_holder (store, record);
  JsonArray *emails = holder ? rd_record_get_array (holder, "emails") : NULL;

  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      const char *address = json_object_get_string_member_with_default (
        json_array_get_object_element (emails, i), "address", NULL);

      if (address != NULL && strchr (address, '@') != NULL)
        g_ptr_array_add (addresses, g_strdup (address));
    }
  return addresses;
}

gboolean
rd_email_dialog_can_send_to (RdStore  *store,
                             RdRecord *record)
{
  g_autoptr(GPtrArray) addresses = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (record == NULL)
    return FALSE;
  addresses = record_addresses (store, record);
  return addresses->len > 0;
}

static void
update_addresses (RdEmailDialog *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->addresses->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (self->addresses, i));
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "email.send", self->addresses->len > 0);
}

/* ---- formatting --------------------------------------------------------------------- */

static GtkTextBuffer *
buffer_of (RdEmailDialog *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static void
format_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  RdEmailDialog *self = RD_EMAIL_DIALOG (widget);

  if (g_str_equal (action, "email.bullets"))
    rd_rich_text_toggle_bullets (buffer_of (self));
  else
    rd_rich_text_toggle (buffer_of (self), g_str_equal (action, "email.bold") ? "bold" : "italic");
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
rd_email_dialog_link_cb (RdEmailDialog *self,
                         GtkWidget     *widget)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->link_entry));

  if (!rd_rich_text_add_link (buffer_of (self), url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->link_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->link_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->link_entry), "");
  gtk_menu_button_popdown (self->link_button);
}

/* ---- templates and signature -------------------------------------------------------- */

static void
set_text (RdEmailDialog *self,
          const char    *text)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter start;

  gtk_text_buffer_set_text (buffer, text, -1);
  if (self->signature != NULL && *self->signature != '\0')
    {
      GtkTextIter end;
      g_autofree char *signed_off = g_strdup_printf ("\n\n-- \n%s", self->signature);

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, signed_off, -1);
    }
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

void
rd_email_dialog_use_template (RdEmailDialog *self,
                              guint          index)
{
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (RD_IS_EMAIL_DIALOG (self));

  if (index == 0 || index > G_N_ELEMENTS (templates))
    return;
  subject = rd_template_fill (_(templates[index - 1].subject), self->fields);
  text = rd_template_fill (_(templates[index - 1].text), self->fields);
  rd_email_dialog_set_subject (self, subject);
  set_text (self, text);
}

static void
rd_email_dialog_template_cb (RdEmailDialog *self,
                             GParamSpec    *pspec,
                             AdwComboRow   *row)
{
  rd_email_dialog_use_template (self, adw_combo_row_get_selected (row));
}

void
rd_email_dialog_set_reply (RdEmailDialog *self,
                           RdRecord      *message)
{
  const char *subject, *from, *body;
  g_autofree char *re = NULL;
  g_autofree char *when = NULL;
  g_autofree char *intro = NULL;
  g_autoptr(GDateTime) at = NULL;
  GtkTextIter end;
  guint position = 0;

  g_return_if_fail (RD_IS_EMAIL_DIALOG (self));
  g_return_if_fail (RD_IS_RECORD (message));

  subject = rd_record_get_string (message, "subject");
  from = rd_record_get_string (message, "address");
  body = rd_record_get_string (message, "body");
  g_free (self->reply_to);
  self->reply_to = g_strdup (rd_record_get_id (message));

  if (from != NULL && !g_ptr_array_find_with_equal_func (self->addresses, from, g_str_equal, &position))
    {
      g_ptr_array_insert (self->addresses, 0, g_strdup (from));
      position = 0;
    }
  update_addresses (self);
  adw_combo_row_set_selected (self->to_row, position);
  re = subject != NULL && g_ascii_strncasecmp (subject, "Re:", 3) != 0
       ? g_strdup_printf ("Re: %s", subject) : g_strdup (subject ? subject : "");
  rd_email_dialog_set_subject (self, re);

  set_text (self, "");
  at = g_date_time_new_from_unix_local (rd_record_get_int (message, "created_at", 0) / 1000);
  when = g_date_time_format (at, "%x %H:%M");
  /* Translators: the line above a quoted e-mail: "On 12/07/2026 14:05, ivan@example.com wrote:". */
  intro = g_strdup_printf (_("On %s, %s wrote:"), when, from ? from : "");
  gtk_text_buffer_get_end_iter (buffer_of (self), &end);
  gtk_text_buffer_insert (buffer_of (self), &end, "\n\n", -1);
  gtk_text_buffer_insert (buffer_of (self), &end, intro, -1);
  gtk_text_buffer_insert (buffer_of (self), &end, "\n", -1);
  rd_rich_text_append_quote (buffer_of (self), body);
  gtk_text_buffer_get_start_iter (buffer_of (self), &end);
  gtk_text_buffer_place_cursor (buffer_of (self), &end);
}

/* ---- attachments -------------------------------------------------------------------- */

static void
remove_attachment_cb (GtkButton     *button,
                      RdEmailDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  for (guint i = 0; i + 1 < self->attachments->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->attachments, i), path) == 0)
      {
        g_ptr_array_remove_index (self->attachments, i);
        break;
      }
  adw_preferences_group_remove (self->attachments_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group), self->attachments->len > 1);
}

void
rd_email_dialog_add_attachment (RdEmailDialog *self,
                                const char    *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size = NULL;
  GtkWidget *row, *remove;

  g_return_if_fail (RD_IS_EMAIL_DIALOG (self));
  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  name = g_file_get_basename (file);
  size = g_format_size (info ? (guint64) g_file_info_get_size (info) : 0);
  g_ptr_array_insert (self->attachments, self->attachments->len - 1, g_strdup (path));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove the attachment"));
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_attachment_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (self->attachments_group, row);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     RdEmailDialog   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            rd_email_dialog_add_attachment (self, path);
        }
    }
  g_object_unref (chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- sending ------------------------------------------------------------------------ */

static JsonArray *
split_addresses (const char *text)
{
  JsonArray *array = json_array_new ();
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",;", -1);

  for (gsize i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      json_array_add_string_element (array, parts[i]);
  return array;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdEmailDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = rd_sync_client_send_email_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "email.send", TRUE);
  if (message == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The e-mail was not sent: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
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
  RdEmailDialog *self = RD_EMAIL_DIALOG (widget);
  guint selected = adw_combo_row_get_selected (self->to_row);
  g_autoptr(JsonObject) email = json_object_new ();
  g_autofree char *html = rd_rich_text_to_html (buffer_of (self));
  g_autofree char *text = rd_rich_text_to_plain (buffer_of (self));
  JsonArray *to = json_array_new ();

  if (selected >= self->addresses->len)
    {
      json_array_unref (to);
      return;
    }
  json_array_add_string_element (to, g_ptr_array_index (self->addresses, selected));
  json_object_set_array_member (email, "to", to);
  json_object_set_array_member (email, "cc",
                                split_addresses (gtk_editable_get_text (GTK_EDITABLE (self->cc_row))));
  json_object_set_string_member (email, "subject", rd_email_dialog_get_subject (self));
  if (*g_strstrip (text) != '\0')
    {
      json_object_set_string_member (email, "text", text);
      json_object_set_string_member (email, "html", html);
    }
  if (self->reply_to != NULL)
    json_object_set_string_member (email, "reply_to_message", self->reply_to);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), FALSE);
  gtk_widget_action_set_enabled (widget, "email.send", FALSE);
  rd_sync_client_send_email_async (rd_store_get_path (self->store), rd_record_get_id (self->record),
                                   email, rd_email_dialog_get_attachments (self),
                                   self->cancellable, sent_cb, g_object_ref (self));
}

/* ---- accessors ---------------------------------------------------------------------- */

GPtrArray *
rd_email_dialog_get_addresses (RdEmailDialog *self)
{
  g_return_val_if_fail (RD_IS_EMAIL_DIALOG (self), NULL);
  return self->addresses;
}

GtkTextBuffer *
rd_email_dialog_get_buffer (RdEmailDialog *self)
{
  g_return_val_if_fail (RD_IS_EMAIL_DIALOG (self), NULL);
  return buffer_of (self);
}

void
rd_email_dialog_set_subject (RdEmailDialog *self,
                             const char    *subject)
{
  g_return_if_fail (RD_IS_EMAIL_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ? subject : "");
}

const char *
rd_email_dialog_get_subject (RdEmailDialog *self)
{
  g_return_val_if_fail (RD_IS_EMAIL_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
}

const char * const *
rd_email_dialog_get_attachments (RdEmailDialog *self)
{
  g_return_val_if_fail (RD_IS_EMAIL_DIALOG (self), NULL);
  return (const char * const *) self->attachments->pdata;
}

/* ---- object ------------------------------------------------------------------------- */

static void
rd_email_dialog_dispose (GObject *object)
{
  RdEmailDialog *self = RD_EMAIL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_EMAIL_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_pointer (&self->fields, json_object_unref);
  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_email_dialog_parent_class)->dispose (object);
}

static void
rd_email_dialog_finalize (GObject *object)
{
  RdEmailDialog *self = RD_EMAIL_DIALOG (object);

  g_free (self->signature);
  g_free (self->reply_to);

  G_OBJECT_CLASS (rd_email_dialog_parent_class)->finalize (object);
}

static void
rd_email_dialog_class_init (RdEmailDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_email_dialog_dispose;
  object_class->finalize = rd_email_dialog_finalize;

  /**
   * RdEmailDialog::sent:
   * @id: the new message's id
   *
   * The server has the message (queued); the replica has it too (the send syncs).
   */
  signals[SIGNAL_SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-email-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, cc_row);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, link_button);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, link_entry);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RdEmailDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, rd_email_dialog_template_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_email_dialog_link_cb);
  gtk_widget_class_install_action (widget_class, "email.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "email.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "email.bold", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "email.italic", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "email.bullets", NULL, format_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "email.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "email.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "email.italic", NULL);
}

static void
rd_email_dialog_init (RdEmailDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->addresses = g_ptr_array_new_with_free_func (g_free);
  self->attachments = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->attachments, NULL);
  rd_rich_text_setup (buffer_of (self));
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
        if ((JSON_NODE_HOLDS_VALUE (value) || JSON_NODE_HOLDS_NULL (value)) &&
            (json_object_get_member (fields, name) == NULL ||
             JSON_NODE_HOLDS_NULL (json_object_get_member (fields, name))))
          json_object_set_member (fields, name, json_node_copy (value));
    }
  if (json_object_get_string_member_with_default (fields, "first_name", NULL) == NULL &&
      json_object_get_string_member_with_default (fields, "name", NULL) != NULL)
    json_object_set_string_member (fields, "first_name",
                                   json_object_get_string_member (fields, "name"));
  return fields;
}

RdEmailDialog *
rd_email_dialog_new (GtkWindow  *parent,
                     RdStore    *store,
                     RdRecord   *record,
                     const char *signature)
{
  RdEmailDialog *self;
  g_autoptr(RdRecord) holder = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  g_return_val_if_fail (RD_IS_RECORD (record), NULL);

  self = g_object_new (RD_TYPE_EMAIL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->record = g_object_ref (record);
  self->signature = g_strdup (signature);
  holder = address_holder (store, record);
  self->fields = template_fields (record, holder);
  g_ptr_array_unref (self->addresses);
  self->addresses = record_addresses (store, record);
  update_addresses (self);

  gtk_string_list_append (names, C_("email template", "None"));
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    gtk_string_list_append (names, _(templates[i].subject));
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (names));
  set_text (self, "");
  return self;
}
