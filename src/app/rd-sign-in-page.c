/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-ca-file-row.h"
#include "rd-secrets.h"
#include "rd-sign-in-page.h"
#include "rd-tls.h"

/* First-run page: server address, the server's certificate authority (for
 * an on-premises server with a private CA), user name, password, or "Work
 * Offline". It signs in itself (RdServerSession), keeps the password in the
 * keyring, and says "signed-in" with the session, or "work-offline". A
 * certificate that is not trusted is refused with words that point at
 * "Certificate Authority"; there is no "accept anyway". */

struct _RdSignInPage
{
  GtkWidget        parent_instance;

  RdServerSession *session;
  GCancellable    *cancellable;
  char            *password;   /* kept until it is in the keyring */
  char            *error;
  gboolean         busy;

  GtkWidget       *content;
  AdwEntryRow     *server_row;
  RdCaFileRow     *ca_row;
  AdwEntryRow     *username_row;
  AdwEntryRow     *password_row;
  GtkLabel        *error_label;
  GtkButton       *sign_in_button;
  GtkButton       *offline_button;
  GtkSpinner      *spinner;
};

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNED_IN,
  WORK_OFFLINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdSignInPage, rd_sign_in_page, GTK_TYPE_WIDGET)

static void
rd_sign_in_page_set_error (RdSignInPage *self,
                           const char   *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);
  gtk_label_set_label (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
rd_sign_in_page_set_busy (RdSignInPage *self,
                          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* Not insensitive: a focused entry made insensitive loses its focus-out. */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->offline_button), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
rd_sign_in_page_can_sign_in (RdSignInPage *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->username_row));

  return !self->busy && *server != '\0' && *user != '\0';
}

static void
rd_sign_in_page_changed_cb (RdSignInPage *self,
                            GtkEditable  *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), rd_sign_in_page_can_sign_in (self));
}

static void
rd_sign_in_page_ca_file_cb (RdSignInPage *self,
                            GParamSpec   *pspec,
                            RdCaFileRow  *row)
{
  /* A new choice answers the last error about certificates. */
  rd_sign_in_page_set_error (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

static void
rd_sign_in_page_ca_failed_cb (RdSignInPage *self,
                              const char   *message,
                              RdCaFileRow  *row)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  rd_sign_in_page_set_error (self, message);
}

static void
rd_sign_in_page_stored_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(RdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed in either way; without a keyring the next start asks again. */
  if (!rd_secrets_store_finish (result, &error))
    g_warning ("Cannot keep the password in the keyring: %s", error->message);

  rd_sign_in_page_set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNED_IN], 0, self->session, self->password);
  g_clear_pointer (&self->password, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
rd_sign_in_page_session_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RdSignInPage) self = user_data;
  RdServerSession *session = RD_SERVER_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!rd_server_session_sign_in_finish (session, result, &error))
    {
      g_clear_pointer (&self->password, g_free);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      rd_sign_in_page_set_busy (self, FALSE);
      rd_sign_in_page_set_error (self, error->message);
      if (g_error_matches (error, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (g_error_matches (error, RD_TLS_ERROR, RD_TLS_ERROR_UNTRUSTED))
        {
          /* The way out is the CA file: lead there. */
          gtk_widget_add_css_class (GTK_WIDGET (self->ca_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->ca_row));
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
        }
      return;
    }

  rd_secrets_store_async (RD_SECRET_ACCOUNT,
                          rd_server_session_get_server_url (session),
                          rd_server_session_get_username (session),
                          self->password, self->cancellable,
                          rd_sign_in_page_stored_cb, g_object_ref (self));
}

/** Signs in with the server address and user name on the page and
 * @password (from the password field when NULL). */
void
rd_sign_in_page_sign_in (RdSignInPage *self,
                         const char   *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *user;

  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));

  if (self->busy)
    return;

  url = rd_server_session_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->server_row)), &error);
  if (url == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      rd_sign_in_page_set_error (self, error->message);
      return;
    }

  user = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  if (*user == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->username_row), "error");
      rd_sign_in_page_set_error (self, _("Enter your user name"));
      return;
    }

  if (password == NULL)
    password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_clear_object (&self->session);
  self->session = rd_server_session_new (url);
  if (!rd_server_session_set_ca_file (self->session, rd_ca_file_row_get_file (self->ca_row), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->ca_row), "error");
      rd_sign_in_page_set_error (self, error->message);
      return;
    }

  rd_sign_in_page_set_error (self, NULL);
  rd_sign_in_page_set_busy (self, TRUE);
  g_free (self->password);
  self->password = g_strdup (password);
  rd_server_session_sign_in_async (self->session, user, password, self->cancellable,
                                   rd_sign_in_page_session_cb, g_object_ref (self));
}

static void
rd_sign_in_page_activated_cb (RdSignInPage *self,
                              GtkWidget    *widget)
{
  if (rd_sign_in_page_can_sign_in (self))
    rd_sign_in_page_sign_in (self, NULL);
}

static void
rd_sign_in_page_offline_cb (RdSignInPage *self,
                            GtkButton    *button)
{
  g_signal_emit (self, signals[WORK_OFFLINE], 0);
}

static void
rd_sign_in_page_dispose (GObject *object)
{
  RdSignInPage *self = RD_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (rd_sign_in_page_parent_class)->dispose (object);
}

static void
rd_sign_in_page_finalize (GObject *object)
{
  RdSignInPage *self = RD_SIGN_IN_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (rd_sign_in_page_parent_class)->finalize (object);
}

static void
rd_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdSignInPage *self = RD_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_sign_in_page_class_init (RdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (RD_TYPE_CA_FILE_ROW);

  object_class->dispose = rd_sign_in_page_dispose;
  object_class->finalize = rd_sign_in_page_finalize;
  object_class->get_property = rd_sign_in_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdSignInPage::signed-in:
   * @session: the signed-in RdServerSession
   * @password: the password it signed in with (for the sync client's login)
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_SERVER_SESSION, G_TYPE_STRING);
  signals[WORK_OFFLINE] =
    g_signal_new ("work-offline", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, content);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, offline_button);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, rd_sign_in_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_sign_in_page_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_sign_in_page_offline_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_sign_in_page_ca_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_sign_in_page_ca_failed_cb);
}

static void
rd_sign_in_page_init (RdSignInPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_sign_in_page_new (void)
{
  return g_object_new (RD_TYPE_SIGN_IN_PAGE, NULL);
}

/** Fills in the server address and user name (from the settings). */
void
rd_sign_in_page_set_account (RdSignInPage *self,
                             const char   *server_url,
                             const char   *username)
{
  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  gtk_widget_grab_focus (GTK_WIDGET (server_url && *server_url && username && *username
                                     ? self->password_row : self->server_row));
}

/** Sets the server's CA certificate file (from the settings); NULL or "":
 * the system's certificates. */
void
rd_sign_in_page_set_ca_file (RdSignInPage *self,
                             const char   *ca_file)
{
  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));
  rd_ca_file_row_set_file (self->ca_row, ca_file);
}

/** The CA certificate file chosen on the page, or "" for the system's. */
const char *
rd_sign_in_page_get_ca_file (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), "");
  return rd_ca_file_row_get_file (self->ca_row);
}

gboolean
rd_sign_in_page_get_busy (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}

/** What went wrong with the last sign-in, or NULL. */
const char *
rd_sign_in_page_get_error (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), NULL);
  return self->error;
}

/** The session of the last sign-in attempt, or NULL. */
RdServerSession *
rd_sign_in_page_get_session (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), NULL);
  return self->session;
}
