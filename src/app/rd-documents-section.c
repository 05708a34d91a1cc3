/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-document-transfer.h"
#include "rd-documents-section.h"
#include "rd-labels.h"

/* Writes go through the window's store on the main thread (as every record page edit);
 * a fetch runs in a worker on a store of its own, as the sync controller's does. The
 * bytes go up with the next sync (RdSyncController), so an attachment made offline waits
 * in the replica and its row says so. */

struct _RdDocumentsSection
{
  AdwPreferencesGroup  parent_instance;

  RdStore             *store;
  char                *table;
  char                *id;
  GPtrArray           *rows;
  GCancellable        *cancellable;
  guint                busy;

  GtkWidget           *empty_row;
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_LAUNCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdDocumentsSection, rd_documents_section, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (RdDocumentsSection *self,
       AdwToast           *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_text (RdDocumentsSection *self,
            const char         *text)
{
  toast (self, adw_toast_new (text));
}

/* --- rows --------------------------------------------------------------------------- */

static char *
state_text (RdDocumentsSection *self,
            const char         *id)
{
  g_autofree char *refusal = NULL;

  switch (rd_document_get_state (self->store, id))
    {
    case RD_DOCUMENT_STATE_WAITING:
      return g_strdup (_("Waiting to upload"));
    case RD_DOCUMENT_STATE_UPLOADED:
      return g_strdup (_("On the server"));
    case RD_DOCUMENT_STATE_REMOTE:
      return g_strdup (_("On the server; fetched when opened"));
    case RD_DOCUMENT_STATE_REFUSED:
    default:
      refusal = rd_document_get_refusal (self->store, id);
      return g_strdup_printf (_("Refused by the server: %s"), refusal ? refusal : "");
    }
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *action,
            const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

static GtkWidget *
document_row (RdDocumentsSection *self,
              RdRecord           *document)
{
  const char *id = rd_record_get_id (document);
  const char *type = rd_record_get_string (document, "content_type");
  g_autofree char *size = g_format_size (rd_record_get_int (document, "size", 0));
  g_autofree char *when = rd_labels_time (rd_record_get_int (document, "created_at", 0));
  const char *who = rd_record_get_string (document, "uploaded_by");
  g_autofree char *state = state_text (self, id);
  g_autofree char *subtitle = NULL;
  g_autoptr(GIcon) icon = type != NULL ? g_content_type_get_symbolic_icon (type) : NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_gicon (icon);

  /* "12.3 kB · 2026-12-08 09:30 · olga · On the server" */
  subtitle = who != NULL ? g_strdup_printf ("%s · %s · %s · %s", size, when, who, state)
                         : g_strdup_printf ("%s · %s · %s", size, when, state);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_record_get_string (document, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button ("document-open-symbolic", C_("document", "Open"), "documents.open", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button ("document-save-as-symbolic", _("Save a Copy…"),
                                         "documents.save", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button ("user-trash-symbolic", _("Delete"), "documents.delete", id));
  g_object_set_data_full (G_OBJECT (row), "document-id", g_strdup (id), g_free);
  return row;
}

static void
clear_rows (RdDocumentsSection *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

void
rd_documents_section_refresh (RdDocumentsSection *self)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self), self->store != NULL && self->id != NULL);
  if (self->store == NULL || self->id == NULL)
    return;

  query = g_strdup_printf ("parent_id = \"%s\"", self->id);
  documents = rd_store_list (self->store, "documents", query, "-created_at", 0, 500, &error);
  if (documents == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  for (guint i = 0; i < documents->len; i++)
    {
      GtkWidget *row = document_row (self, g_ptr_array_index (documents, i));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (self->empty_row, documents->len == 0);
}

/* --- attach --------------------------------------------------------------------------- */

/* The reason in the user's language (the core's messages are English). */
static const char *
attach_refusal (const GError *error)
{
  if (error == NULL)
    return _("no record");
  if (error->domain != RD_DOCUMENT_ERROR)
    return error->message;
  switch (error->code)
    {
    case RD_DOCUMENT_ERROR_EMPTY:
      return _("the file is empty");
    case RD_DOCUMENT_ERROR_TOO_LARGE:
      return _("the file is larger than the limit of 25 MiB");
    case RD_DOCUMENT_ERROR_EXECUTABLE:
      return _("the file is a program; programs are never accepted as documents");
    case RD_DOCUMENT_ERROR_UNSUPPORTED:
      return _("documents take PDF, images, office files and plain text, not this type");
    default:
      return error->message;
    }
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdDocumentsSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  g_autofree char *id = NULL;

  self->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes != NULL && self->store != NULL && self->id != NULL)
    id = rd_document_attach (self->store, self->table, self->id, name, bytes, 0, &error);
  if (id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot attach “%s”: %s"), name,
                                               attach_refusal (error));

      toast_text (self, text);
      return;
    }
  rd_documents_section_refresh (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);
}

void
rd_documents_section_attach_files (RdDocumentsSection *self,
                                   GSList             *files)
{
  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  for (GSList *l = files; l != NULL; l = l->next)
    {
      self->busy++;
      g_file_load_bytes_async (G_FILE (l->data), self->cancellable, file_loaded_cb,
                               g_object_ref (self));
    }
}

static void
attach_chosen_cb (GtkNativeDialog    *chooser,
                  int                 response,
                  RdDocumentsSection *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      GSList *list = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        list = g_slist_append (list, g_list_model_get_item (files, i));
      rd_documents_section_attach_files (self, list);
      g_slist_free_full (list, g_object_unref);
    }
  g_object_unref (chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (attach_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         RdDocumentsSection *self)
{
  GSList *files = g_value_get_boxed (value);

  if (self->id == NULL || files == NULL)
    return FALSE;
  rd_documents_section_attach_files (self, files);
  return TRUE;
}

/* --- open, save ----------------------------------------------------------------------- */

static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *const *args = task_data;   /* replica path, document id */
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (args[0], &error);

  if (store == NULL || !rd_document_fetch (store, args[1], cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The document's bytes as a file named like it, in the cache, for an application. */
static GFile *
named_copy (RdDocumentsSection  *self,
            const char          *id,
            GError             **error)
{
  g_autoptr(RdRecord) document = rd_store_get (self->store, "documents", id, error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (document == NULL || (bytes = rd_document_read (self->store, id, error)) == NULL)
    return NULL;
  dir = g_build_filename (g_get_user_cache_dir (), "ringdesk", "documents", id, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot create %s"), dir);
      return NULL;
    }
  /* The name is the record's cleaned name: no separator, so it stays in @dir. */
  path = g_build_filename (dir, rd_record_get_string (document, "name"), NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_file_new_for_path (path);
}

static void
launch_open (RdDocumentsSection *self,
             const char         *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = named_copy (self, id, &error);
  gboolean handled = FALSE;

  if (file == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot open the document: %s"), error->message);

      toast_text (self, text);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_LAUNCH], 0, file, &handled);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdDocumentsSection *self = RD_DOCUMENTS_SECTION (object);
  g_autofree char *id = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Cannot fetch the document: %s"), error->message);

          toast_text (self, text);
        }
      return;
    }
  rd_documents_section_refresh (self);
  launch_open (self, id);
}

void
rd_documents_section_open (RdDocumentsSection *self,
                           const char         *id)
{
  g_autoptr(GTask) task = NULL;
  char **args;

  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  if (rd_document_has_file (self->store, id))
    {
      launch_open (self, id);
      return;
    }
  args = g_new0 (char *, 3);
  args[0] = g_strdup (rd_store_get_path (self->store));
  args[1] = g_strdup (id);
  self->busy++;
  task = g_task_new (self, self->cancellable, fetched_cb, g_strdup (id));
  g_task_set_source_tag (task, rd_documents_section_open);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, fetch_thread);
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdDocumentsSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("No application opened the document: %s"),
                                               error->message);

      toast_text (self, text);
    }
}

static gboolean
rd_documents_section_real_launch (RdDocumentsSection *self,
                                  GFile              *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  /* The desktop's application for the file (through the portal where there is one). */
  gtk_show_uri_full (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME,
                     self->cancellable, launched_cb, g_object_ref (self));
  return TRUE;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  rd_documents_section_open (RD_DOCUMENTS_SECTION (widget), g_variant_get_string (parameter, NULL));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RdDocumentsSection) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot save the copy: %s"), error->message);

      toast_text (self, text);
    }
}

/** Saves a copy of document @id (the replica holds its file) as @target. */
void
rd_documents_section_save_copy (RdDocumentsSection *self,
                                const char         *id,
                                GFile              *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  bytes = rd_document_read (self->store, id, &error);
  if (bytes == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot save the copy: %s"), error->message);

      toast_text (self, text);
      return;
    }
  self->busy++;
  g_file_replace_contents_bytes_async (target, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       self->cancellable, saved_cb, g_object_ref (self));
}

static void
save_chosen_cb (GtkNativeDialog    *chooser,
                int                 response,
                RdDocumentsSection *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      rd_documents_section_save_copy (self, g_object_get_data (G_OBJECT (chooser), "document-id"),
                                      target);
    }
  g_object_unref (chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdDocumentsSection *self = RD_DOCUMENTS_SECTION (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(RdRecord) document = rd_store_get (self->store, "documents", id, NULL);
  GtkFileChooserNative *chooser;

  if (document == NULL)
    return;
  if (!rd_document_has_file (self->store, id))
    {
      /* The copy is saved from the replica's file: fetch it first. */
      toast_text (self, _("Fetching the document from the server; save it again once it opens"));
      rd_documents_section_open (self, id);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), rd_record_get_string (document, "name"));
  g_object_set_data_full (G_OBJECT (chooser), "document-id", g_strdup (id), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- delete, undo --------------------------------------------------------------------- */

static void
undo_clicked_cb (AdwToast           *toast,
                 RdDocumentsSection *self)
{
  rd_documents_section_undelete (self, g_object_get_data (G_OBJECT (toast), "document-id"));
}

void
rd_documents_section_undelete (RdDocumentsSection *self,
                               const char         *id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  if (!rd_document_restore (self->store, id, &error))
    {
      toast_text (self, error->message);
      return;
    }
  rd_documents_section_refresh (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);
}

void
rd_documents_section_delete (RdDocumentsSection *self,
                             const char         *id)
{
  g_autoptr(RdRecord) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *undo;

  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  document = rd_store_get (self->store, "documents", id, &error);
  if (document == NULL || !rd_store_delete (self->store, "documents", id, &error))
    {
      toast_text (self, error->message);
      return;
    }
  rd_documents_section_refresh (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, id);

  text = g_strdup_printf (_("“%s” deleted"), rd_record_get_string (document, "name"));
  undo = adw_toast_new (text);
  adw_toast_set_button_label (undo, _("_Undo"));
  g_object_set_data_full (G_OBJECT (undo), "document-id", g_strdup (id), g_free);
  g_signal_connect_object (undo, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  toast (self, undo);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rd_documents_section_delete (RD_DOCUMENTS_SECTION (widget), g_variant_get_string (parameter, NULL));
}

/* --- the object ------------------------------------------------------------------------ */

void
rd_documents_section_set_record (RdDocumentsSection *self,
                                 RdStore            *store,
                                 const char         *table,
                                 const char         *id)
{
  g_return_if_fail (RD_IS_DOCUMENTS_SECTION (self));

  g_set_object (&self->store, store);
  g_free (self->table);
  self->table = g_strdup (table);
  g_free (self->id);
  self->id = g_strdup (id);
  rd_documents_section_refresh (self);
}

guint
rd_documents_section_get_n_documents (RdDocumentsSection *self)
{
  g_return_val_if_fail (RD_IS_DOCUMENTS_SECTION (self), 0);
  return self->rows->len;
}

gboolean
rd_documents_section_get_busy (RdDocumentsSection *self)
{
  g_return_val_if_fail (RD_IS_DOCUMENTS_SECTION (self), FALSE);
  return self->busy > 0;
}

GtkWidget *
rd_documents_section_get_row (RdDocumentsSection *self,
                              const char         *id)
{
  g_return_val_if_fail (RD_IS_DOCUMENTS_SECTION (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (self->rows, i), "document-id"), id) == 0)
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

static void
rd_documents_section_dispose (GObject *object)
{
  RdDocumentsSection *self = RD_DOCUMENTS_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DOCUMENTS_SECTION);
  G_OBJECT_CLASS (rd_documents_section_parent_class)->dispose (object);
}

static void
rd_documents_section_finalize (GObject *object)
{
  RdDocumentsSection *self = RD_DOCUMENTS_SECTION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->table);
  g_free (self->id);
  G_OBJECT_CLASS (rd_documents_section_parent_class)->finalize (object);
}

static void
rd_documents_section_class_init (RdDocumentsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_documents_section_dispose;
  object_class->finalize = rd_documents_section_finalize;

  /**
   * RdDocumentsSection::changed:
   * @id: the document attached, deleted or brought back
   *
   * The replica changed: the window syncs soon.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * RdDocumentsSection::launch:
   * @file: a copy of the document, named as it is
   *
   * Opens the copy; the default handler asks the desktop (gtk_show_uri_full()). Returns
   * TRUE when handled.
   */
  signals[SIGNAL_LAUNCH] = g_signal_new_class_handler ("launch", G_TYPE_FROM_CLASS (klass),
                                                       G_SIGNAL_RUN_LAST,
                                                       G_CALLBACK (rd_documents_section_real_launch),
                                                       g_signal_accumulator_true_handled, NULL,
                                                       NULL, G_TYPE_BOOLEAN, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-documents-section.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDocumentsSection, empty_row);
  gtk_widget_class_install_action (widget_class, "documents.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "documents.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "documents.save", "s", save_action);
  gtk_widget_class_install_action (widget_class, "documents.delete", "s", delete_action);
}

static void
rd_documents_section_init (RdDocumentsSection *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

GtkWidget *
rd_documents_section_new (void)
{
  return g_object_new (RD_TYPE_DOCUMENTS_SECTION, NULL);
}
