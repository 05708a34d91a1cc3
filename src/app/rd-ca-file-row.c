/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-ca-file-row.h"
#include "rd-tls.h"

/* "Certificate Authority": the CA certificate file an on-premises server's
 * https certificate is checked against (docs/deploy.md), or the system's
 * certificates. A file is chosen with the desktop's file chooser and checked
 * at once (a file that holds no certificate is refused with "failed"); the
 * clear button goes back to the system's certificates. "file" is the path,
 * "" for none, so it binds to a GSettings string. */

struct _RdCaFileRow
{
  AdwActionRow          parent_instance;

  char                 *file;   /* never NULL: "" for the system's CAs */
  GtkFileChooserNative *chooser;

  GtkButton            *choose_button;
  GtkButton            *clear_button;
};

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdCaFileRow, rd_ca_file_row, ADW_TYPE_ACTION_ROW)

static void
rd_ca_file_row_show_file (RdCaFileRow *self)
{
  gboolean chosen = *self->file != '\0';

  if (chosen)
    {
      g_autofree char *name = g_filename_display_basename (self->file);
      g_autofree char *path = g_filename_display_name (self->file);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), path);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("System certificates"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), chosen);
}

/** Sets the CA file as it is (from the settings), unchecked: a file that
 * went away is reported when it is used. NULL or "": the system's CAs. */
void
rd_ca_file_row_set_file (RdCaFileRow *self,
                         const char  *file)
{
  g_return_if_fail (RD_IS_CA_FILE_ROW (self));

  if (file == NULL)
    file = "";
  if (g_strcmp0 (self->file, file) == 0)
    return;

  g_free (self->file);
  self->file = g_strdup (file);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  rd_ca_file_row_show_file (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/** The user chose @file: kept (as an absolute path) when it holds CA
 * certificates; otherwise FALSE, "failed" emitted, and the old choice kept. */
gboolean
rd_ca_file_row_choose_file (RdCaFileRow  *self,
                            const char   *file,
                            GError      **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (RD_IS_CA_FILE_ROW (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  database = rd_tls_load_ca_file (file, &local);
  if (database == NULL)
    {
      g_signal_emit (self, signals[FAILED], 0, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  absolute = g_canonicalize_filename (file, NULL);
  rd_ca_file_row_set_file (self, absolute);
  return TRUE;
}

static void
rd_ca_file_row_response_cb (RdCaFileRow          *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) done = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_signal_emit (self, signals[FAILED], 0, _("Choose a certificate file on this computer"));
      return;
    }
  rd_ca_file_row_choose_file (self, path, NULL);
}

/** Opens the file chooser (a portal or GTK's dialog). */
void
rd_ca_file_row_open_chooser (RdCaFileRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (RD_IS_CA_FILE_ROW (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Choose the Server’s CA Certificate"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (certificates, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (certificates, "*.pem");
  gtk_file_filter_add_pattern (certificates, "*.crt");
  gtk_file_filter_add_pattern (certificates, "*.cer");
  gtk_file_filter_add_mime_type (certificates, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (certificates, "application/x-pem-file");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), certificates);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  if (*self->file != '\0')
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->file);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (rd_ca_file_row_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/** The open file chooser, or NULL (for tests). */
GtkNativeDialog *
rd_ca_file_row_get_chooser (RdCaFileRow *self)
{
  g_return_val_if_fail (RD_IS_CA_FILE_ROW (self), NULL);
  return self->chooser ? GTK_NATIVE_DIALOG (self->chooser) : NULL;
}

static void
rd_ca_file_row_choose_cb (RdCaFileRow *self,
                          GtkButton   *button)
{
  rd_ca_file_row_open_chooser (self);
}

static void
rd_ca_file_row_clear_cb (RdCaFileRow *self,
                         GtkButton   *button)
{
  rd_ca_file_row_set_file (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

static void
rd_ca_file_row_dispose (GObject *object)
{
  RdCaFileRow *self = RD_CA_FILE_ROW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CA_FILE_ROW);

  G_OBJECT_CLASS (rd_ca_file_row_parent_class)->dispose (object);
}

static void
rd_ca_file_row_finalize (GObject *object)
{
  RdCaFileRow *self = RD_CA_FILE_ROW (object);

  g_clear_pointer (&self->file, g_free);

  G_OBJECT_CLASS (rd_ca_file_row_parent_class)->finalize (object);
}

static void
rd_ca_file_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdCaFileRow *self = RD_CA_FILE_ROW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_ca_file_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdCaFileRow *self = RD_CA_FILE_ROW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      rd_ca_file_row_set_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_ca_file_row_class_init (RdCaFileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_ca_file_row_dispose;
  object_class->finalize = rd_ca_file_row_finalize;
  object_class->get_property = rd_ca_file_row_get_property;
  object_class->set_property = rd_ca_file_row_set_property;

  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdCaFileRow::failed:
   * @message: why the chosen file cannot be used
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-ca-file-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCaFileRow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, RdCaFileRow, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, rd_ca_file_row_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_ca_file_row_clear_cb);
}

static void
rd_ca_file_row_init (RdCaFileRow *self)
{
  self->file = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_ca_file_row_show_file (self);
}

GtkWidget *
rd_ca_file_row_new (void)
{
  return g_object_new (RD_TYPE_CA_FILE_ROW, NULL);
}

/** The chosen CA file (absolute), or "" for the system's certificates. */
const char *
rd_ca_file_row_get_file (RdCaFileRow *self)
{
  g_return_val_if_fail (RD_IS_CA_FILE_ROW (self), "");
  return self->file;
}
