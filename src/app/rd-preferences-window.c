/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rd-ca-file-row.h"
#include "rd-custom-fields-page.h"
#include "rd-preferences-window.h"
#include "rd-profile-photo-group.h"
#include "rd-secrets.h"
#include "rd-server-session.h"

/* Preferences: every row is bound to its GSettings key; rows that need
 * checking (server address, region) write only on "apply", after the value
 * passed, and show the error on the row otherwise. */

struct _RdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwEntryRow          *server_row;
  RdCaFileRow          *ca_row;
  AdwEntryRow          *region_row;
  AdwComboRow          *theme_row;
  AdwEntryRow          *sip_user_row;
  AdwEntryRow          *sip_domain_row;
  AdwEntryRow          *sip_password_row;
  AdwComboRow          *sip_transport_row;
  AdwEntryRow          *sip_proxy_row;
  AdwComboRow          *recording_row;
  GtkSwitch            *ring_tone_switch;
  GtkTextView          *signature_view;
  AdwEntryRow          *company_name_row;
  AdwEntryRow          *company_details_row;
  AdwEntryRow          *quote_terms_row;
  GtkSpinButton        *quote_validity_spin;
  GtkSwitch            *auto_create_switch;
  AdwPreferencesGroup  *password_group;
  AdwPasswordEntryRow  *current_password_row;
  AdwPasswordEntryRow  *new_password_row;
  AdwPasswordEntryRow  *repeat_password_row;

  RdServerSession      *session;       /* signed in: the password group shows */
  char                 *new_password;  /* while it is being changed */
  GCancellable         *cancellable;
  RdProfilePhotoGroup  *photo_group;
};

enum {
  SIGNAL_PASSWORD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const color_scheme_nicks[] = { "system", "light", "dark", NULL };
static const char * const transport_nicks[] = { "udp", "tcp", "tls", NULL };
static const char * const recording_nicks[] = { "always", "on-demand", "never", NULL };

/* GSettings string or enum nick ↔ the index selected in a combo row. */
static gboolean
nick_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_nick (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

static void
bind_combo (RdPreferencesWindow *self,
            const char          *key,
            AdwComboRow         *row,
            const char * const  *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_selected, selected_to_nick, (gpointer) nicks, NULL);
}

static void
show_row_error (RdPreferencesWindow *self,
                AdwEntryRow         *row,
                const char          *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), message);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
rd_preferences_window_clear_error_cb (GtkEditable *row,
                                      gpointer     user_data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
}

/** Checks @text as a server address and saves it; FALSE (and the error
 * shown on the row) when it is not one. An empty text means no server. */
gboolean
rd_preferences_window_apply_server (RdPreferencesWindow *self,
                                    const char          *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), FALSE);

  if (text == NULL || *text == '\0')
    {
      g_settings_set_string (self->settings, "server-url", "");
      return TRUE;
    }

  url = rd_server_session_normalize_url (text, &error);
  if (url == NULL)
    {
      show_row_error (self, self->server_row, error->message);
      return FALSE;
    }

  g_settings_set_string (self->settings, "server-url", url);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  return TRUE;
}

/** Checks @text as a two-letter ISO 3166 region and saves it upper-cased. */
gboolean
rd_preferences_window_apply_region (RdPreferencesWindow *self,
                                    const char          *text)
{
  g_autofree char *region = g_ascii_strup (text ? text : "", -1);

  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), FALSE);

  g_strstrip (region);
  if (strlen (region) != 2 || !g_ascii_isalpha (region[0]) || !g_ascii_isalpha (region[1]))
    {
      show_row_error (self, self->region_row,
                      _("A region is a two-letter country code, e.g. US, DE or RU"));
      return FALSE;
    }

  g_settings_set_string (self->settings, "default-region", region);
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), region);
  return TRUE;
}

static void
rd_preferences_window_server_apply_cb (RdPreferencesWindow *self,
                                       AdwEntryRow         *row)
{
  rd_preferences_window_apply_server (self, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
rd_preferences_window_region_apply_cb (RdPreferencesWindow *self,
                                       AdwEntryRow         *row)
{
  rd_preferences_window_apply_region (self, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
rd_preferences_window_ca_failed_cb (RdPreferencesWindow *self,
                                    const char          *message,
                                    RdCaFileRow         *row)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
rd_preferences_window_sip_stored_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(RdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_secrets_store_finish (result, &error))
    show_row_error (self, self->sip_password_row, error->message);
  else
    {
      GApplication *app = g_application_get_default ();

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("SIP password saved in the keyring")));
      /* The softphone registers again with it (no restart). */
      if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "sip-password-saved"))
        g_action_group_activate_action (G_ACTION_GROUP (app), "sip-password-saved", NULL);
    }
}

static void
rd_preferences_window_sip_password_apply_cb (RdPreferencesWindow *self,
                                             AdwEntryRow         *row)
{
  g_autofree char *user = g_settings_get_string (self->settings, "sip-user");
  g_autofree char *domain = g_settings_get_string (self->settings, "sip-domain");

  if (*user == '\0' || *domain == '\0')
    {
      show_row_error (self, self->sip_password_row, _("Enter the SIP user and domain first"));
      return;
    }

  rd_secrets_store_async (RD_SECRET_SIP, domain, user,
                          gtk_editable_get_text (GTK_EDITABLE (row)), NULL,
                          rd_preferences_window_sip_stored_cb, g_object_ref (self));
}

/* ---- one's own password ----------------------------------------------------------------- */

static void
forget_new_password (RdPreferencesWindow *self)
{
  if (self->new_password)
    memset (self->new_password, 0, strlen (self->new_password));
  g_clear_pointer (&self->new_password, g_free);
}

static void
password_rows_set_sensitive (RdPreferencesWindow *self,
                             gboolean             sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_group), sensitive);
}

static void
rd_preferences_window_signed_in_again_cb (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
  g_autoptr(RdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_server_session_sign_in_finish (RD_SERVER_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_autofree char *message = g_strdup_printf (_("The password was changed, but signing in "
                                                    "again failed: %s"), error->message);

      show_row_error (self, ADW_ENTRY_ROW (self->repeat_password_row), message);
    }
  else
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Password changed")));
      /* The server ended every session of the account: the app goes on with the new one. */
      g_signal_emit (self, signals[SIGNAL_PASSWORD_CHANGED], 0, self->new_password);
    }
  forget_new_password (self);
  password_rows_set_sensitive (self, TRUE);
}

static void
rd_preferences_window_password_changed_cb (GObject      *object,
                                           GAsyncResult *result,
                                           gpointer      user_data)
{
  g_autoptr(RdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object),
                                                                 result, &error);

  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      forget_new_password (self);
      password_rows_set_sensitive (self, TRUE);
      /* 403: the current password is wrong (a new one too short is the server's 400). */
      if (g_error_matches (error, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS))
        show_row_error (self, ADW_ENTRY_ROW (self->current_password_row),
                        _("The current password is wrong"));
      else
        show_row_error (self, ADW_ENTRY_ROW (self->repeat_password_row), error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_password_row), "");
  rd_server_session_sign_in_async (self->session, rd_server_session_get_username (self->session),
                                   self->new_password, self->cancellable,
                                   rd_preferences_window_signed_in_again_cb, g_object_ref (self));
}

/** Changes the signed-in user's password: the current one, the new one twice. */
static void
rd_preferences_window_password_apply_cb (RdPreferencesWindow *self,
                                         AdwEntryRow         *row)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->current_password_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *repeated = gtk_editable_get_text (GTK_EDITABLE (self->repeat_password_row));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;

  if (self->session == NULL || self->new_password != NULL)
    return;
  if (*current == '\0')
    {
      show_row_error (self, ADW_ENTRY_ROW (self->current_password_row),
                      _("Enter your current password"));
      return;
    }
  if (g_utf8_strlen (password, -1) < 8)
    {
      show_row_error (self, ADW_ENTRY_ROW (self->new_password_row),
                      _("The new password needs at least 8 characters"));
      return;
    }
  if (!g_str_equal (password, repeated))
    {
      show_row_error (self, ADW_ENTRY_ROW (self->repeat_password_row),
                      _("The new passwords differ"));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "current_password");
  json_builder_add_string_value (builder, current);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  json = json_to_string (body, FALSE);
  path = g_strdup_printf ("users/%s", rd_server_session_get_username (self->session));

  self->new_password = g_strdup (password);
  password_rows_set_sensitive (self, FALSE);
  rd_server_session_request_async (self->session, "PATCH", path, json, self->cancellable,
                                   rd_preferences_window_password_changed_cb, g_object_ref (self));
}

/** The signed-in session whose user may change their password and set their profile photo
 * here; NULL hides both. */
void
rd_preferences_window_set_session (RdPreferencesWindow *self,
                                   RdServerSession     *session)
{
  g_return_if_fail (RD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (session == NULL || RD_IS_SERVER_SESSION (session));

  g_set_object (&self->session, session);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group),
                          session != NULL && rd_server_session_get_signed_in (session));
  rd_profile_photo_group_set_session (self->photo_group, session);
}

static void
rd_preferences_window_dispose (GObject *object)
{
  RdPreferencesWindow *self = RD_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_new_password (self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rd_preferences_window_parent_class)->dispose (object);
}

static void
rd_preferences_window_class_init (RdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_preferences_window_dispose;

  g_type_ensure (RD_TYPE_CA_FILE_ROW);
  g_type_ensure (RD_TYPE_PROFILE_PHOTO_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, signature_view);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, company_name_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, company_details_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, quote_terms_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, quote_validity_spin);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, theme_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sip_user_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sip_domain_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sip_password_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sip_transport_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sip_proxy_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, recording_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, ring_tone_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, auto_create_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, photo_group);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_region_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_sip_password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_clear_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_ca_failed_cb);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, password_group);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, repeat_password_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_preferences_window_password_apply_cb);

  /* The user's password changed and the session signed in again with it (the new
   * password as the argument, for the sync to log in with). */
  signals[SIGNAL_PASSWORD_CHANGED] = g_signal_new ("password-changed", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_preferences_window_init (RdPreferencesWindow *self)
{
  g_autofree char *server = NULL;
  g_autofree char *region = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  server = g_settings_get_string (self->settings, "server-url");
  region = g_settings_get_string (self->settings, "default-region");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), region);

  /* The row checks a chosen file before it takes it. */
  g_settings_bind (self->settings, "server-ca-file", self->ca_row, "file", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sip-user", self->sip_user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "email-signature", gtk_text_view_get_buffer (self->signature_view),
                   "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sip-domain", self->sip_domain_row, "text", G_SETTINGS_BIND_DEFAULT);
  /* what a quote made from a deal says of the seller (rd-quote.c) */
  g_settings_bind (self->settings, "company-name", self->company_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "company-details", self->company_details_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "quote-terms", self->quote_terms_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "quote-validity-days", self->quote_validity_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sip-outbound-proxy", self->sip_proxy_row, "text", G_SETTINGS_BIND_DEFAULT);
  bind_combo (self, "color-scheme", self->theme_row, color_scheme_nicks);
  bind_combo (self, "sip-transport", self->sip_transport_row, transport_nicks);
  bind_combo (self, "recording-mode", self->recording_row, recording_nicks);
  g_settings_bind (self->settings, "ring-tone", self->ring_tone_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-create-callers", self->auto_create_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

/** Adds the Custom Fields page for the replica @store; administrators (@editable) may
 * add and delete fields there, others only read them. */
void
rd_preferences_window_add_custom_fields (RdPreferencesWindow *self,
                                         RdStore             *store,
                                         gboolean             editable)
{
  g_return_if_fail (RD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (RD_IS_STORE (store));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rd_custom_fields_page_new (store, editable)));
}

RdPreferencesWindow *
rd_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (RD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

/** The Profile Photo group (for tests). */
GtkWidget *
rd_preferences_window_get_photo_group (RdPreferencesWindow *self)
{
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);
  return GTK_WIDGET (self->photo_group);
}
