/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-enquiries-window.h"

/* The portal's queues for support: registrations waiting for approval (GET
 * /customers?status=pending; Approve, Decline: POST /customers/ID/approve|reject) and the
 * Contact us enquiries (GET /enquiries?status=&q=): one row per enquiry with its name,
 * e-mail, message and who handled it, and buttons for what its status allows, each a POST
 * /enquiries/ID/ACTION followed by a reload. A button's widget name is "ACTION:ID"
 * ("approve:N", "decline:N" for registrations). A refusal of the server (an agent outside
 * support: 403) is shown in its words. */

/* The status selector's positions; the last shows every status. */
static const char *const statuses[] = { "unaccepted", "accepted", "resolved", "rejected", NULL };

struct _RdEnquiriesWindow
{
  AdwWindow            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  guint                pending;
  guint                generation;   /* one more per reload: late answers are left */
  GPtrArray           *rows;
  GPtrArray           *registration_rows;
  char                *error;

  GtkSpinner          *spinner;
  AdwComboRow         *status_row;
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *registrations_group;
  AdwPreferencesGroup *enquiries_group;
  GtkSearchEntry      *search_entry;
};

G_DEFINE_FINAL_TYPE (RdEnquiriesWindow, rd_enquiries_window, ADW_TYPE_WINDOW)

static void
set_pending (RdEnquiriesWindow *self,
             int                delta)
{
  self->pending += delta;
  gtk_spinner_set_spinning (self->spinner, self->pending > 0);
}

static void
show_error (RdEnquiriesWindow *self,
            const char        *title,
            const char        *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  adw_preferences_group_set_title (self->status_group, title ? title : "");
  adw_preferences_group_set_description (self->status_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), text != NULL);
}

static void
clear_rows (RdEnquiriesWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->enquiries_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return _("Accepted");
  if (g_strcmp0 (status, "resolved") == 0)
    return _("Resolved");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  return _("Unaccepted");
}

static void
action_done_cb (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdEnquiriesWindow *self = RD_ENQUIRIES_WINDOW (owner);

  set_pending (self, -1);
  if (error != NULL)
    {
      show_error (self, _("Not Changed"), error->message);
      return;
    }
  if (rd_api_string (rd_api_object (answer), "email") != NULL &&
      rd_api_string (rd_api_object (answer), "message") == NULL)
    rd_api_toast (GTK_WIDGET (self), g_strcmp0 (rd_api_string (rd_api_object (answer), "status"),
                                                "approved") == 0 ? _("Registration approved")
                                                                 : _("Registration declined"));
  else
    rd_api_toast (GTK_WIDGET (self), status_label (rd_api_string (rd_api_object (answer), "status")));
  rd_enquiries_window_reload (self);
}

static void
action_clicked_cb (GtkButton         *button,
                   RdEnquiriesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "enquiry-id");
  const char *path_action = g_object_get_data (G_OBJECT (button), "path-action");
  const char *resource = g_object_get_data (G_OBJECT (button), "resource");
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("%s/%s/%s", resource, escaped, path_action);

  set_pending (self, 1);
  rd_api_call (self->session, "POST", path, NULL, self->cancellable, G_OBJECT (self),
               action_done_cb, NULL);
}

/* A button that POSTs RESOURCE/ID/PATH_ACTION; its widget name is "NAME:ID". */
static void
add_button_full (RdEnquiriesWindow *self,
                 AdwActionRow      *row,
                 const char        *resource,
                 const char        *id,
                 const char        *path_action,
                 const char        *name,
                 const char        *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *widget_name = g_strdup_printf ("%s:%s", name, id);

  gtk_widget_set_name (button, widget_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "enquiry-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (button), "path-action", (gpointer) path_action);
  g_object_set_data (G_OBJECT (button), "resource", (gpointer) resource);
  g_signal_connect (button, "clicked", G_CALLBACK (action_clicked_cb), self);
  adw_action_row_add_suffix (row, button);
}

static void
add_button (RdEnquiriesWindow *self,
            AdwActionRow      *row,
            const char        *id,
            const char        *action,
            const char        *label)
{
  add_button_full (self, row, "enquiries", id, action, action, label);
}

static GtkWidget *
enquiry_row (RdEnquiriesWindow *self,
             JsonObject        *enquiry)
{
  GtkWidget *row = adw_action_row_new ();
  const char *id = rd_api_string (enquiry, "id");
  const char *status = rd_api_string (enquiry, "status");
  const char *who = rd_api_string (enquiry, "handled_by");
  g_autofree char *title = g_markup_printf_escaped ("%s &lt;%s&gt;", rd_api_string (enquiry, "name"),
                                                    rd_api_string (enquiry, "email"));
  g_autofree char *message = g_markup_escape_text (rd_api_string (enquiry, "message") ?: "", -1);
  g_autofree char *handled = NULL;
  g_autofree char *subtitle = NULL;

  if (who != NULL)
    /* Translators: an enquiry's status and the support user who set it */
    handled = g_strdup_printf (_("%s by %s"), status_label (status), who);
  subtitle = g_strdup_printf ("%s\n%s · %s", message, handled ? handled : status_label (status),
                              rd_api_string (enquiry, "created") ?: "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
  if (g_strcmp0 (status, "unaccepted") == 0)
    add_button (self, ADW_ACTION_ROW (row), id, "accept", _("Accept"));
  if (g_strcmp0 (status, "accepted") == 0)
    add_button (self, ADW_ACTION_ROW (row), id, "resolve", _("Resolve"));
  if (g_strcmp0 (status, "unaccepted") == 0 || g_strcmp0 (status, "accepted") == 0)
    add_button (self, ADW_ACTION_ROW (row), id, "reject", _("Reject"));
  if (g_strcmp0 (status, "unaccepted") != 0)
    add_button (self, ADW_ACTION_ROW (row), id, "unaccept", _("Back to Queue"));
  return row;
}

static void
list_done_cb (GObject      *owner,
              JsonNode     *answer,
              const GError *error,
              gpointer      data)
{
  RdEnquiriesWindow *self = RD_ENQUIRIES_WINDOW (owner);
  JsonArray *enquiries = rd_api_array (rd_api_object (answer), "enquiries");

  set_pending (self, -1);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;
  clear_rows (self);
  if (error != NULL)
    {
      show_error (self, _("Enquiries Not Read"), error->message);
      return;
    }
  show_error (self, NULL, NULL);
  for (guint i = 0; enquiries != NULL && i < json_array_get_length (enquiries); i++)
    {
      GtkWidget *row = enquiry_row (self, json_array_get_object_element (enquiries, i));

      adw_preferences_group_add (self->enquiries_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if (self->rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No enquiries"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->enquiries_group, row);
      g_ptr_array_add (self->rows, row);
      g_object_set_data (G_OBJECT (row), "placeholder", GINT_TO_POINTER (1));
    }
}

static void
registrations_done_cb (GObject      *owner,
                       JsonNode     *answer,
                       const GError *error,
                       gpointer      data)
{
  RdEnquiriesWindow *self = RD_ENQUIRIES_WINDOW (owner);
  JsonArray *customers = rd_api_array (rd_api_object (answer), "customers");

  set_pending (self, -1);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;
  for (guint i = 0; i < self->registration_rows->len; i++)
    adw_preferences_group_remove (self->registrations_group,
                                  g_ptr_array_index (self->registration_rows, i));
  g_ptr_array_set_size (self->registration_rows, 0);
  /* A refusal is the same as the enquiries' one, shown once by them. */
  for (guint i = 0; error == NULL && customers != NULL && i < json_array_get_length (customers); i++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, rd_api_int (customer, "id"));
      g_autofree char *title = g_markup_printf_escaped ("%s &lt;%s&gt;", rd_api_string (customer, "name"),
                                                        rd_api_string (customer, "email"));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_api_string (customer, "created") ?: "");
      add_button_full (self, ADW_ACTION_ROW (row), "customers", id, "approve", "approve", _("Approve"));
      add_button_full (self, ADW_ACTION_ROW (row), "customers", id, "reject", "decline", _("Decline"));
      adw_preferences_group_add (self->registrations_group, row);
      g_ptr_array_add (self->registration_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->registrations_group), self->registration_rows->len > 0);
}

void
rd_enquiries_window_reload (RdEnquiriesWindow *self)
{
  g_autoptr(GString) path = g_string_new ("enquiries?limit=200");
  guint selected;
  const char *words;

  g_return_if_fail (RD_IS_ENQUIRIES_WINDOW (self));

  if (self->session == NULL)
    return;
  selected = adw_combo_row_get_selected (self->status_row);
  if (selected < G_N_ELEMENTS (statuses) - 1)
    g_string_append_printf (path, "&status=%s", statuses[selected]);
  words = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (words != NULL && *words != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (words, NULL, FALSE);

      g_string_append_printf (path, "&q=%s", escaped);
    }
  self->generation++;
  set_pending (self, 1);
  rd_api_call (self->session, "GET", path->str, NULL, self->cancellable, G_OBJECT (self),
               list_done_cb, GUINT_TO_POINTER (self->generation));
  set_pending (self, 1);
  rd_api_call (self->session, "GET", "customers?status=pending", NULL, self->cancellable,
               G_OBJECT (self), registrations_done_cb, GUINT_TO_POINTER (self->generation));
}

static void
rd_enquiries_window_dispose (GObject *object)
{
  RdEnquiriesWindow *self = (RdEnquiriesWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->registration_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  G_OBJECT_CLASS (rd_enquiries_window_parent_class)->dispose (object);
}

static void
rd_enquiries_window_class_init (RdEnquiriesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_enquiries_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-enquiries-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, status_group);
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, registrations_group);
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, enquiries_group);
  gtk_widget_class_bind_template_child (widget_class, RdEnquiriesWindow, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, rd_enquiries_window_reload);
}

static void
rd_enquiries_window_init (RdEnquiriesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->registration_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

RdEnquiriesWindow *
rd_enquiries_window_new (GtkWindow       *parent,
                         RdServerSession *session)
{
  RdEnquiriesWindow *self;

  g_return_val_if_fail (RD_IS_SERVER_SESSION (session), NULL);
  self = g_object_new (RD_TYPE_ENQUIRIES_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  rd_enquiries_window_reload (self);
  return self;
}

gboolean
rd_enquiries_window_get_busy (RdEnquiriesWindow *self)
{
  g_return_val_if_fail (RD_IS_ENQUIRIES_WINDOW (self), FALSE);
  return self->pending > 0;
}

guint
rd_enquiries_window_get_n_shown (RdEnquiriesWindow *self)
{
  g_return_val_if_fail (RD_IS_ENQUIRIES_WINDOW (self), 0);
  if (self->rows->len == 1 && g_object_get_data (g_ptr_array_index (self->rows, 0), "placeholder"))
    return 0;
  return self->rows->len;
}

const char *
rd_enquiries_window_get_error (RdEnquiriesWindow *self)
{
  g_return_val_if_fail (RD_IS_ENQUIRIES_WINDOW (self), NULL);
  return self->error;
}

guint
rd_enquiries_window_get_n_registrations (RdEnquiriesWindow *self)
{
  g_return_val_if_fail (RD_IS_ENQUIRIES_WINDOW (self), 0);
  return self->registration_rows->len;
}
