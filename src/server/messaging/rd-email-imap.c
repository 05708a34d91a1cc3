/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-email-service-private.h"
#include "rd-imap-client.h"

/* Watching the IMAP mailbox: every poll reads the messages with a UID above the last one
 * filed, files them in UID order and remembers the last UID in mail/imap.state (with the
 * mailbox URL: another mailbox starts from 0). A message filed twice (the state lost, the
 * mailbox re-numbered) is recognised by its Message-ID and not filed again. A message that
 * is no mail is skipped with a warning, so it cannot stop the ones after it; a write that
 * fails stops the round there, to be read again at the next. */

#define STATE_FILE "imap.state"
#define ROUND_MAX  50

static char *
state_path (RdEmailService *self)
{
  return g_build_filename (self->mail_dir, STATE_FILE, NULL);
}

static void
load_state (RdEmailService *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = state_path (self);
  g_autofree char *url = NULL;

  self->imap_last_uid = 0;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;
  url = g_key_file_get_string (file, "imap", "url", NULL);
  if (g_strcmp0 (url, self->imap->url) == 0)
    self->imap_last_uid = (guint32) g_key_file_get_uint64 (file, "imap", "last-uid", NULL);
}

static void
save_state (RdEmailService *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = state_path (self);
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (file, "imap", "url", self->imap->url);
  g_key_file_set_uint64 (file, "imap", "last-uid", self->imap_last_uid);
  if (g_mkdir_with_parents (self->mail_dir, 0700) != 0 ||
      !g_key_file_save_to_file (file, path, &error))
    g_warning ("imap: cannot keep the last UID in %s: %s", path,
               error ? error->message : "no folder");
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdEmailService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = rd_imap_fetch_new_finish (result, &error);
  guint32 before = self->imap_last_uid;

  (void) source;
  self->imap_busy = FALSE;
  if (messages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("imap: %s", error->message);
      return;
    }
  if (self->sync == NULL)
    return;   /* disposed meanwhile */
  for (guint i = 0; i < messages->len; i++)
    {
      RdImapMessage *message = g_ptr_array_index (messages, i);
      g_autoptr(RdRecord) row = NULL;
      g_autoptr(GError) local = NULL;

      row = rd_email_service_receive (self, message->message, &local);
      if (row == NULL && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        g_warning ("imap: UID %u skipped: %s", message->uid, local->message);
      else if (row == NULL)
        {
          g_warning ("imap: UID %u not filed, read again later: %s", message->uid,
                     local ? local->message : "?");
          break;
        }
      self->imap_last_uid = MAX (self->imap_last_uid, message->uid);
    }
  if (self->imap_last_uid != before)
    save_state (self);
}

static gboolean
poll_cb (gpointer user_data)
{
  RdEmailService *self = user_data;

  if (!self->imap_busy)
    {
      self->imap_busy = TRUE;
      rd_imap_fetch_new_async (self->imap, self->imap_last_uid, ROUND_MAX, self->cancellable,
                               fetched_cb, g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

void
rd_email_service_watch_imap (RdEmailService     *self,
                             const RdMailServer *imap,
                             guint               seconds)
{
  g_return_if_fail (RD_IS_EMAIL_SERVICE (self));
  g_return_if_fail (imap != NULL);

  g_clear_handle_id (&self->imap_source, g_source_remove);
  g_clear_pointer (&self->imap, rd_mail_server_free);
  self->imap = rd_mail_server_copy (imap);
  load_state (self);
  self->imap_source = g_timeout_add_seconds (MAX (seconds, 1), poll_cb, self);
  poll_cb (self);
}
