/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rd-email-service-private.h"
#include "rd-smtp-client.h"
#include "rd-uuid.h"

/* Outgoing e-mail: checks before anything is written, the queued row, the message as
 * built kept on disk (so a restart sends the very same bytes, Message-ID included), the
 * attempts at the SMTP server and their bounded retries. Status moves queued → sent, or
 * failed with the reason; SMTP has no delivery report, so "sent" means the server took it. */

G_DEFINE_QUARK (rd-email-error-quark, rd_email_error)
G_DEFINE_FINAL_TYPE (RdEmailService, rd_email_service, G_TYPE_OBJECT)

enum {
  SIGNAL_SEQUENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const email_tables[] = { "contacts", "leads", "organizations", "tickets", NULL };

#define MAX_RECIPIENTS 50

typedef struct {
  RdEmailService  *service;   /* the table that owns this removes its retry source */
  char            *id;
  char            *from;
  char           **recipients;
  GBytes          *message;
  guint            attempts;
  guint            retry_source;
} Pending;

static void
pending_free (Pending *p)
{
  g_clear_handle_id (&p->retry_source, g_source_remove);
  g_free (p->id);
  g_free (p->from);
  g_strfreev (p->recipients);
  g_bytes_unref (p->message);
  g_free (p);
}

gboolean
rd_email_service_write (RdEmailService  *self,
                        GPtrArray       *records,
                        GError         **error)
{
  gint64 seq = 0;

  if (!rd_server_sync_write (self->sync, records, &seq, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, (guint64) seq);
  return TRUE;
}

static RdRecord *
get_message (RdEmailService *self,
             const char     *id)
{
  return rd_store_get (rd_server_sync_get_store (self->sync), "messages", id, NULL);
}

static void
set_status (RdEmailService *self,
            const char     *id,
            const char     *status,
            const char     *reason)
{
  g_autoptr(RdRecord) current = get_message (self, id);
  g_autoptr(RdRecord) change = rd_record_new ("messages");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (current == NULL ||
      g_strcmp0 (rd_record_get_string (current, "status"), "queued") != 0 ||
      (g_strcmp0 (status, "queued") == 0 &&
       g_strcmp0 (reason, rd_record_get_string (current, "reason")) == 0))
    return;   /* sent and failed are final */
  rd_record_set_id (change, id);
  rd_record_set_string (change, "status", status);
  rd_record_set_string (change, "reason", reason);
  g_ptr_array_add (records, change);
  if (!rd_email_service_write (self, records, &error))
    g_warning ("email %s: cannot record “%s”: %s", id, status, error->message);
}

char *
rd_email_service_message_dir (RdEmailService  *self,
                              const char      *id,
                              gboolean         create,
                              GError         **error)
{
  g_autofree char *dir = g_build_filename (self->mail_dir, id, NULL);

  if (create && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

char *
rd_email_service_save_attachments (RdEmailService  *self,
                                   const char      *id,
                                   GPtrArray       *attachments,
                                   GError         **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;

  if (attachments == NULL || attachments->len == 0)
    return NULL;
  dir = rd_email_service_message_dir (self, id, TRUE, error);
  if (dir == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < attachments->len; i++)
    {
      RdEmailAttachment *attachment = g_ptr_array_index (attachments, i);
      g_autofree char *name = g_strdup_printf ("%u", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gsize size = 0;
      const char *data = g_bytes_get_data (attachment->data, &size);

      if (!g_file_set_contents_full (path, data ? data : "", size, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0600, error))
        return NULL;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, attachment->name);
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, attachment->content_type);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* ---- attempts ------------------------------------------------------------------- */

static void start_attempt (RdEmailService *self,
                           Pending        *p);

static gboolean
retry_cb (gpointer user_data)
{
  Pending *p = user_data;

  p->retry_source = 0;
  start_attempt (p->service, p);
  return G_SOURCE_REMOVE;
}

static void
attempt_failed (RdEmailService *self,
                Pending        *p,
                const GError   *error)
{
  g_autofree char *reason = NULL;
  guint delay;

  if (g_error_matches (error, RD_MAIL_ERROR, RD_MAIL_ERROR_REJECTED))
    {
      set_status (self, p->id, "failed", error->message);
      g_hash_table_remove (self->pending, p->id);
      return;
    }
  reason = rd_retry_after_failure (&self->retry, p->attempts, error->message, &delay);
  if (delay == 0)
    {
      set_status (self, p->id, "failed", reason);
      g_hash_table_remove (self->pending, p->id);
      return;
    }
  set_status (self, p->id, "queued", reason);
  p->retry_source = g_timeout_add (delay, retry_cb, p);
}

/* A send in flight names its message; the service may be gone when it answers. */
typedef struct {
  GWeakRef  service;
  char     *id;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_weak_ref_clear (&attempt->service);
  g_free (attempt->id);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = rd_smtp_send_finish (result, &error);
  g_autoptr(RdEmailService) self = g_weak_ref_get (&attempt->service);
  Pending *p;

  (void) source;
  if (self == NULL || self->pending == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;   /* going away; the row stays queued for the next start */
  p = g_hash_table_lookup (self->pending, attempt->id);
  if (p == NULL)
    return;
  if (!ok)
    {
      g_message ("email %s: %s", p->id, error->message);
      attempt_failed (self, p, error);
      return;
    }
  set_status (self, p->id, "sent", NULL);
  g_hash_table_remove (self->pending, attempt->id);
}

static void
start_attempt (RdEmailService *self,
               Pending        *p)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  g_weak_ref_init (&attempt->service, self);
  attempt->id = g_strdup (p->id);
  p->attempts++;
  rd_smtp_send_async (self->smtp, p->from, (const char *const *) p->recipients, p->message,
                      self->cancellable, sent_cb, attempt);
}

static void
queue_send (RdEmailService    *self,
            const char        *id,
            const char        *from,
            const char *const *recipients,
            GBytes            *message)
{
  Pending *p;

  if (g_hash_table_contains (self->pending, id))
    return;
  p = g_new0 (Pending, 1);
  p->service = self;
  p->id = g_strdup (id);
  p->from = g_strdup (from);
  p->recipients = g_strdupv ((char **) recipients);
  p->message = g_bytes_ref (message);
  g_hash_table_insert (self->pending, p->id, p);
  start_attempt (self, p);
}

/* ---- checks --------------------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RD_EMAIL_ERROR, RD_EMAIL_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
check_addresses (const char *const  *addresses,
                 const char         *member,
                 guint              *count,
                 GError            **error)
{
  for (gsize i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      if (!rd_email_address_is_valid (addresses[i]))
        return invalid (error, "“%s” in “%s” is not a valid e-mail address", addresses[i], member);
      (*count)++;
    }
  return TRUE;
}

static gboolean
check_request (const RdEmailRequest  *request,
               GError               **error)
{
  guint count = 0;
  guint64 size = 0;

  if (request->table == NULL || !g_strv_contains (email_tables, request->table))
    return invalid (error, "“table” must be contacts, leads, organizations or tickets, not “%s”",
                    request->table ? request->table : "");
  if (!check_addresses (request->to, "to", &count, error))
    return FALSE;
  if (count == 0)
    return invalid (error, "“to” names no recipient");
  if (!check_addresses (request->cc, "cc", &count, error))
    return FALSE;
  if (count > MAX_RECIPIENTS)
    return invalid (error, "%u recipients; at most %u", count, MAX_RECIPIENTS);
  if ((request->text == NULL || *request->text == '\0') &&
      (request->html == NULL || *request->html == '\0'))
    return invalid (error, "“text” and “html” are empty: there is nothing to send");
  for (guint i = 0; request->attachments != NULL && i < request->attachments->len; i++)
    {
      RdEmailAttachment *attachment = g_ptr_array_index (request->attachments, i);

      if (attachment->name == NULL || *attachment->name == '\0' ||
          strpbrk (attachment->name, "/\\\r\n") != NULL)
        return invalid (error, "attachment %u needs a “name” without slashes or line breaks", i + 1);
      size += g_bytes_get_size (attachment->data);
    }
  if (size > RD_EMAIL_MAX_ATTACHMENTS)
    return invalid (error, "the attachments take %.1f MB; at most %d MB in all are sent",
                    size / 1048576.0, RD_EMAIL_MAX_ATTACHMENTS / (1024 * 1024));
  return TRUE;
}

static RdRecord *
visible_message (RdEmailService      *self,
                 const RdSyncViewer  *viewer,
                 const char          *id,
                 GError             **error)
{
  g_autoptr(RdRecord) message = NULL;

  if (id != NULL && rd_uuid_is_valid (id) &&
      rd_server_sync_visible_record (self->sync, viewer, "messages", id))
    message = get_message (self, id);
  if (message == NULL)
    g_set_error (error, RD_EMAIL_ERROR, RD_EMAIL_ERROR_NOT_FOUND, "no message %s", id ? id : "");
  return g_steal_pointer (&message);
}

/* ---- sending -------------------------------------------------------------------- */

static char *
join_addresses (const char *const *addresses)
{
  if (addresses == NULL || addresses[0] == NULL)
    return NULL;
  return g_strjoinv (", ", (char **) addresses);
}

static GStrv
recipients_of (const RdEmailRequest *request)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) request->to);
  if (request->cc != NULL)
    g_strv_builder_addv (builder, (const char **) request->cc);
  return g_strv_builder_end (builder);
}

RdRecord *
rd_email_service_send (RdEmailService        *self,
                       const RdSyncViewer    *viewer,
                       const char            *user_id,
                       const RdEmailRequest  *request,
                       GError               **error)
{
  RdStore *store;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(RdRecord) user = NULL;
  g_autoptr(RdRecord) answered = NULL;
  g_autoptr(RdRecord) message = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) recipients = NULL;
  g_autofree char *id = rd_uuid_v7 ();
  g_autofree char *message_id = NULL, *references = NULL, *text = NULL, *to = NULL, *cc = NULL;
  g_autofree char *dir = NULL, *path = NULL, *attachments = NULL;
  const char *from, *from_name = NULL, *in_reply_to = NULL;
  RdEmailDraft draft = { 0 };
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (RD_IS_EMAIL_SERVICE (self), NULL);

  store = rd_server_sync_get_store (self->sync);
  if (!check_request (request, error))
    return NULL;
  if (request->record == NULL || !rd_uuid_is_valid (request->record) ||
      !rd_server_sync_visible_record (self->sync, viewer, request->table, request->record) ||
      (record = rd_store_get (store, request->table, request->record, NULL)) == NULL)
    {
      g_set_error (error, RD_EMAIL_ERROR, RD_EMAIL_ERROR_NOT_FOUND, "no %s record %s",
                   request->table, request->record ? request->record : "");
      return NULL;
    }
  if (request->reply_to != NULL)
    {
      answered = visible_message (self, viewer, request->reply_to, error);
      if (answered == NULL)
        return NULL;
      in_reply_to = rd_record_get_string (answered, "message_id");
      if (in_reply_to == NULL)
        {
          g_set_error (error, RD_EMAIL_ERROR, RD_EMAIL_ERROR_INVALID,
                       "message %s is no e-mail: there is nothing to reply to", request->reply_to);
          return NULL;
        }
      references = rd_record_get_string (answered, "in_reply_to")
                   ? g_strdup_printf ("%s %s", rd_record_get_string (answered, "in_reply_to"), in_reply_to)
                   : g_strdup (in_reply_to);
    }

  user = user_id ? rd_store_get (store, "users", user_id, NULL) : NULL;
  from = user ? rd_record_get_string (user, "email") : NULL;
  if (from != NULL && rd_email_address_is_valid (from))
    from_name = rd_record_get_string (user, "name");
  else
    from = self->default_from;
  if (from == NULL)
    {
      g_set_error_literal (error, RD_EMAIL_ERROR, RD_EMAIL_ERROR_NO_SENDER,
                           "your user has no e-mail address and the server no --mail-from");
      return NULL;
    }

  message_id = rd_email_new_message_id (id, from);
  text = request->text && *request->text ? g_strdup (request->text)
                                         : rd_email_html_to_text (request->html);
  draft = (RdEmailDraft) {
    .from_name = from_name, .from_address = from, .to = request->to, .cc = request->cc,
    .subject = request->subject, .text = text,
    .html = request->html && *request->html ? request->html : NULL,
    .message_id = message_id, .in_reply_to = in_reply_to, .references = references,
    .attachments = request->attachments,
  };
  bytes = rd_email_mime_build (&draft);

  /* The message as built, before the row: a row "queued" always has its bytes. */
  dir = rd_email_service_message_dir (self, id, TRUE, error);
  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "message.eml", NULL);
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  attachments = rd_email_service_save_attachments (self, id, request->attachments, error);
  if (attachments == NULL && request->attachments != NULL && request->attachments->len > 0)
    return NULL;

  to = join_addresses (request->to);
  cc = join_addresses (request->cc);
  message = rd_record_new ("messages");
  rd_record_set_id (message, id);
  rd_record_set_string (message, "owner", rd_record_get_string (record, "owner"));
  rd_record_set_string (message, "parent_tbl", request->table);
  rd_record_set_string (message, "parent_id", request->record);
  rd_record_set_string (message, "channel", "email");
  rd_record_set_string (message, "direction", "outbound");
  rd_record_set_string (message, "address", to);
  rd_record_set_string (message, "cc", cc);
  rd_record_set_string (message, "subject", request->subject ? request->subject : "");
  rd_record_set_string (message, "body", text);
  rd_record_set_string (message, "html", draft.html);
  rd_record_set_string (message, "message_id", message_id);
  rd_record_set_string (message, "in_reply_to", in_reply_to);
  rd_record_set_string (message, "attachments", attachments);
  rd_record_set_int (message, "created_at", g_get_real_time () / 1000);
  rd_record_set_string (message, "status", self->smtp ? "queued" : "failed");
  if (self->smtp == NULL)
    rd_record_set_string (message, "reason", "this server has no SMTP server (--smtp)");
  g_ptr_array_add (records, message);
  if (!rd_email_service_write (self, records, error))
    return NULL;

  recipients = recipients_of (request);
  if (self->smtp != NULL)
    queue_send (self, id, from, (const char *const *) recipients, bytes);
  return get_message (self, id);
}

/* The envelope of a queued message read back from its own headers. */
static gboolean
resume_one (RdEmailService *self,
            RdRecord       *row)
{
  const char *id = rd_record_get_id (row);
  g_autofree char *dir = rd_email_service_message_dir (self, id, FALSE, NULL);
  g_autofree char *path = g_build_filename (dir, "message.eml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recipients = NULL;
  const char *lists[] = { rd_record_get_string (row, "address"), rd_record_get_string (row, "cc") };
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  parsed = rd_email_mime_parse (bytes, NULL);
  if (parsed == NULL)
    return FALSE;
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_auto(GStrv) addresses = g_strsplit (lists[l] ? lists[l] : "", ",", -1);

      for (gsize i = 0; addresses[i] != NULL; i++)
        if (*g_strstrip (addresses[i]) != '\0')
          g_strv_builder_add (builder, addresses[i]);
    }
  recipients = g_strv_builder_end (builder);
  queue_send (self, id, parsed->from_address, (const char *const *) recipients, bytes);
  return TRUE;
}

guint
rd_email_service_resume (RdEmailService *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint resumed = 0;

  g_return_val_if_fail (RD_IS_EMAIL_SERVICE (self), 0);
  if (self->smtp == NULL)
    return 0;
  rows = rd_store_list (rd_server_sync_get_store (self->sync), "messages",
                        "channel = 'email' and direction = 'outbound' and status = 'queued'",
                        "created_at", 0, G_MAXINT, &error);
  if (rows == NULL)
    {
      g_warning ("email: cannot read the queued messages: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      RdRecord *row = g_ptr_array_index (rows, i);

      if (resume_one (self, row))
        resumed++;
      else
        set_status (self, rd_record_get_id (row), "failed", "the message as built was lost");
    }
  return resumed;
}

/* ---- attachments ---------------------------------------------------------------- */

char *
rd_email_service_attachment (RdEmailService      *self,
                             const RdSyncViewer  *viewer,
                             const char          *id,
                             guint                index,
                             char               **name,
                             char               **content_type,
                             GError             **error)
{
  g_autoptr(RdRecord) message = visible_message (self, viewer, id, error);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *dir = NULL, *file = NULL;
  JsonObject *entry;

  if (message == NULL)
    return NULL;
  list = rd_record_get_string (message, "attachments")
         ? json_from_string (rd_record_get_string (message, "attachments"), NULL) : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      index >= json_array_get_length (json_node_get_array (list)))
    {
      g_set_error (error, RD_EMAIL_ERROR, RD_EMAIL_ERROR_NOT_FOUND,
                   "message %s has no attachment %u", id, index);
      return NULL;
    }
  entry = json_array_get_object_element (json_node_get_array (list), index);
  *name = g_strdup (json_object_get_string_member_with_default (entry, "name", "attachment"));
  *content_type = g_strdup (json_object_get_string_member_with_default (entry, "content_type",
                                                                        "application/octet-stream"));
  dir = rd_email_service_message_dir (self, id, FALSE, NULL);
  file = g_strdup_printf ("%u", index);
  return g_build_filename (dir, file, NULL);
}

/* ---- object --------------------------------------------------------------------- */

static void
rd_email_service_dispose (GObject *object)
{
  RdEmailService *self = (RdEmailService *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->imap_source, g_source_remove);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (rd_email_service_parent_class)->dispose (object);
}

static void
rd_email_service_finalize (GObject *object)
{
  RdEmailService *self = (RdEmailService *) object;

  g_free (self->mail_dir);
  g_free (self->default_from);
  g_clear_pointer (&self->smtp, rd_mail_server_free);
  g_clear_pointer (&self->imap, rd_mail_server_free);

  G_OBJECT_CLASS (rd_email_service_parent_class)->finalize (object);
}

static void
rd_email_service_class_init (RdEmailServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_email_service_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_email_service_finalize;

  /* The server's changes log reached the given sequence (a message was written). */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rd_email_service_init (RdEmailService *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) pending_free);
  self->cancellable = g_cancellable_new ();
  /* 5 s, 10, 20 … up to 5 min: 10 tries, about 20 minutes. Mail may wait longer than an
   * SMS: it is rarely about this very minute. */
  self->retry.attempts = 10;
  self->retry.first_delay = 5000;
  self->retry.max_delay = 5 * 60 * 1000;
}

RdEmailService *
rd_email_service_new (RdServerSync       *sync,
                      const char         *mail_dir,
                      const RdMailServer *smtp,
                      const char         *default_from)
{
  RdEmailService *self;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (sync), NULL);
  g_return_val_if_fail (mail_dir != NULL, NULL);

  self = g_object_new (RD_TYPE_EMAIL_SERVICE, NULL);
  self->sync = g_object_ref (sync);
  self->mail_dir = g_strdup (mail_dir);
  self->smtp = smtp ? rd_mail_server_copy (smtp) : NULL;
  self->default_from = g_strdup (default_from);
  return self;
}

void
rd_email_service_set_retry (RdEmailService *self,
                            guint           attempts,
                            guint           first_delay,
                            guint           max_delay)
{
  g_return_if_fail (RD_IS_EMAIL_SERVICE (self));
  self->retry.attempts = MAX (attempts, 1);
  self->retry.first_delay = MAX (first_delay, 1);
  self->retry.max_delay = MAX (max_delay, self->retry.first_delay);
}

gboolean
rd_email_service_can_send (RdEmailService *self)
{
  g_return_val_if_fail (RD_IS_EMAIL_SERVICE (self), FALSE);
  return self->smtp != NULL;
}
