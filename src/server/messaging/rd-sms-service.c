/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-sms-service-private.h"
#include "rd-uuid.h"

/* Outgoing SMS: the queued row, the attempts at the gateway and their bounded retries,
 * and the delivery reports. Status moves one way: queued (0) → sent (1) → delivered or
 * failed (2); a report that would move it back is dropped, so reports arriving out of
 * order (Kannel may report "delivered" before "accepted") end right. */

G_DEFINE_QUARK (rd-sms-error-quark, rd_sms_error)
G_DEFINE_FINAL_TYPE (RdSmsService, rd_sms_service, G_TYPE_OBJECT)

enum {
  SIGNAL_SEQUENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The tables a message may hang on, and where a ticket finds its phone. */
static const char *const sms_tables[] = { "contacts", "leads", "organizations", "tickets", NULL };

typedef struct {
  RdSmsService  *service;   /* the table that owns this removes its retry source */
  char          *id;
  char          *to;
  char          *text;
  RdSmsEncoding  encoding;
  guint          attempts;
  guint          retry_source;
} Pending;

static void
pending_free (Pending *p)
{
  g_clear_handle_id (&p->retry_source, g_source_remove);
  g_free (p->id);
  g_free (p->to);
  g_free (p->text);
  g_free (p);
}

void
rd_sms_retry_policy_init_default (RdSmsRetryPolicy *policy)
{
  policy->attempts = 6;          /* 5 s, 10 s, 20 s, 40 s, 80 s: about 2.5 min in all */
  policy->first_delay = 5000;
  policy->max_delay = 5 * 60 * 1000;
}

static gboolean
read_uint (GKeyFile    *file,
           const char  *path,
           const char  *key,
           guint        min,
           guint       *value,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 n;

  if (!g_key_file_has_key (file, "sms", key, NULL))
    return TRUE;
  n = g_key_file_get_int64 (file, "sms", key, &local_error);
  if (local_error != NULL || n < min || n > G_MAXINT)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [sms] %s must be a whole number of at least %u", path, key, min);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

gboolean
rd_sms_retry_policy_load (RdSmsRetryPolicy  *policy,
                          const char        *path,
                          GError           **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return read_uint (file, path, "retry-attempts", 1, &policy->attempts, error) &&
         read_uint (file, path, "retry-delay-ms", 1, &policy->first_delay, error) &&
         read_uint (file, path, "retry-max-delay-ms", 1, &policy->max_delay, error);
}

gboolean
rd_sms_service_write (RdSmsService  *self,
                      GPtrArray     *records,
                      GError       **error)
{
  gint64 seq = 0;

  if (!rd_server_sync_write (self->sync, records, &seq, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, (guint64) seq);
  return TRUE;
}

RdRecord *
rd_sms_message_new (RdRecord   *parent,
                    const char *direction,
                    const char *address,
                    const char *text,
                    const char *status)
{
  g_autofree char *id = rd_uuid_v7 ();
  RdRecord *message = rd_record_new ("messages");
  RdSmsCount count;

  rd_sms_count (text, &count);
  rd_record_set_id (message, id);
  rd_record_set_string (message, "owner", rd_record_get_string (parent, "owner"));
  rd_record_set_string (message, "parent_tbl", rd_record_get_table (parent));
  rd_record_set_string (message, "parent_id", rd_record_get_id (parent));
  rd_record_set_string (message, "channel", "sms");
  rd_record_set_string (message, "direction", direction);
  rd_record_set_string (message, "address", address);
  rd_record_set_string (message, "body", text);
  rd_record_set_int (message, "created_at", g_get_real_time () / 1000);
  rd_record_set_string (message, "status", status);
  rd_record_set_int (message, "segments", count.segments);
  return message;
}

static int
status_rank (const char *status)
{
  if (g_strcmp0 (status, "sent") == 0)
    return 1;
  if (g_strcmp0 (status, "delivered") == 0 || g_strcmp0 (status, "failed") == 0)
    return 2;
  return 0;
}

static RdRecord *
get_message (RdSmsService *self,
             const char   *id)
{
  return rd_store_get (rd_server_sync_get_store (self->sync), "messages", id, NULL);
}

/* Moves message @id to @status (with @reason, NULL clears it) unless it is further on. */
static gboolean
set_status (RdSmsService  *self,
            const char    *id,
            const char    *status,
            const char    *reason,
            GError       **error)
{
  g_autoptr(RdRecord) current = get_message (self, id);
  g_autoptr(RdRecord) change = rd_record_new ("messages");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  const char *old_status = current ? rd_record_get_string (current, "status") : NULL;

  if (current == NULL)
    return TRUE;
  if (status_rank (status) < status_rank (old_status) ||
      (status_rank (old_status) == 2 && g_strcmp0 (status, old_status) != 0))
    return TRUE;
  if (g_strcmp0 (status, old_status) == 0 &&
      g_strcmp0 (reason, rd_record_get_string (current, "reason")) == 0)
    return TRUE;

  rd_record_set_id (change, id);
  rd_record_set_string (change, "status", status);
  rd_record_set_string (change, "reason", reason);
  g_ptr_array_add (records, change);
  return rd_sms_service_write (self, records, error);
}

static void
set_status_or_log (RdSmsService *self,
                   const char   *id,
                   const char   *status,
                   const char   *reason)
{
  g_autoptr(GError) error = NULL;

  if (!set_status (self, id, status, reason, &error))
    g_warning ("sms %s: cannot record “%s”: %s", id, status, error->message);
}

/* ---- attempts ------------------------------------------------------------------ */

static void start_attempt (RdSmsService *self,
                           Pending      *p);

static gboolean
retry_cb (gpointer user_data)
{
  Pending *p = user_data;

  p->retry_source = 0;
  start_attempt (p->service, p);
  return G_SOURCE_REMOVE;
}

static void
attempt_failed (RdSmsService *self,
                Pending      *p,
                const GError *error)
{
  g_autofree char *reason = NULL;
  guint delay;

  if (g_error_matches (error, RD_SMS_GATEWAY_ERROR, RD_SMS_GATEWAY_ERROR_REJECTED))
    {
      set_status_or_log (self, p->id, "failed", error->message);
      g_hash_table_remove (self->pending, p->id);
      return;
    }
  reason = rd_retry_after_failure (&self->policy, p->attempts, error->message, &delay);
  if (delay == 0)
    {
      set_status_or_log (self, p->id, "failed", reason);
      g_hash_table_remove (self->pending, p->id);
      return;
    }
  set_status_or_log (self, p->id, "queued", reason);
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
  gboolean ok = rd_sms_gateway_send_finish (RD_SMS_GATEWAY (source), result, &error);
  g_autoptr(RdSmsService) self = g_weak_ref_get (&attempt->service);
  Pending *p;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the service is going away; the row stays queued for the next start */
  p = g_hash_table_lookup (self->pending, attempt->id);
  if (p == NULL)
    return;

  if (!ok)
    {
      g_message ("sms %s to %s: %s", p->id, p->to, error->message);
      attempt_failed (self, p, error);
      return;
    }
  set_status_or_log (self, p->id, "sent", NULL);
  g_hash_table_remove (self->pending, attempt->id);
}

static void
start_attempt (RdSmsService *self,
               Pending      *p)
{
  RdSmsOutgoing sms = { p->id, p->to, p->text, p->encoding };
  Attempt *attempt = g_new0 (Attempt, 1);

  g_weak_ref_init (&attempt->service, self);
  attempt->id = g_strdup (p->id);
  p->attempts++;
  rd_sms_gateway_send_async (self->gateway, &sms, self->cancellable, sent_cb, attempt);
}

static void
queue_send (RdSmsService *self,
            const char   *id,
            const char   *to,
            const char   *text)
{
  Pending *p;
  RdSmsCount count;

  if (g_hash_table_contains (self->pending, id))
    return;
  rd_sms_count (text, &count);
  p = g_new0 (Pending, 1);
  p->service = self;
  p->id = g_strdup (id);
  p->to = g_strdup (to);
  p->text = g_strdup (text);
  p->encoding = count.encoding;
  g_hash_table_insert (self->pending, p->id, p);
  start_attempt (self, p);
}

/* ---- sending ------------------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
check_text (const char  *text,
            RdSmsCount  *count,
            GError     **error)
{
  if (text == NULL || *text == '\0')
    return invalid (error, "“text” is empty: there is nothing to send");
  rd_sms_count (text, count);
  if (count->segments > RD_SMS_MAX_SEGMENTS)
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "the text takes %u SMS segments (%s); at most %u are sent",
                   count->segments, rd_sms_encoding_to_string (count->encoding),
                   RD_SMS_MAX_SEGMENTS);
      return FALSE;
    }
  return TRUE;
}

RdRecord *
rd_sms_service_send (RdSmsService        *self,
                     const RdSyncViewer  *viewer,
                     const char          *table,
                     const char          *id,
                     const char          *phone,
                     const char          *text,
                     GError             **error)
{
  RdStore *store;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(RdRecord) message = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autofree char *e164 = NULL;
  RdSmsCount count;

  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), NULL);

  store = rd_server_sync_get_store (self->sync);
  if (table == NULL || !g_strv_contains (sms_tables, table))
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "“table” must be contacts, leads, organizations or tickets, not “%s”",
                   table ? table : "");
      return NULL;
    }
  if (id == NULL || !rd_uuid_is_valid (id) ||
      !rd_server_sync_visible_record (self->sync, viewer, table, id) ||
      (record = rd_store_get (store, table, id, NULL)) == NULL)
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_NOT_FOUND, "no %s record %s", table,
                   id ? id : "");
      return NULL;
    }
  if (!check_text (text, &count, error))
    return NULL;
  e164 = phone != NULL ? rd_store_e164 (store, phone) : NULL;
  if (e164 == NULL)
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "“%s” is not a valid phone number: it cannot take an SMS", phone ? phone : "");
      return NULL;
    }
  numbers = rd_store_record_numbers (store, record);
  if (!g_ptr_array_find_with_equal_func (numbers, e164, g_str_equal, NULL))
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "%s is not a phone of this %s", e164,
                   g_str_equal (table, "tickets") ? "ticket’s contact" : "record");
      return NULL;
    }

  message = rd_sms_message_new (record, "outbound", e164, text, "queued");
  g_ptr_array_add (records, message);
  if (!rd_sms_service_write (self, records, error))
    return NULL;

  queue_send (self, rd_record_get_id (message), e164, text);
  return get_message (self, rd_record_get_id (message));
}

guint
rd_sms_service_resume (RdSmsService *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), 0);

  rows = rd_store_list (rd_server_sync_get_store (self->sync), "messages",
                        "channel = 'sms' and direction = 'outbound' and status = 'queued'",
                        "created_at", 0, G_MAXINT, &error);
  if (rows == NULL)
    {
      g_warning ("sms: cannot read the queued messages: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      RdRecord *row = g_ptr_array_index (rows, i);

      queue_send (self, rd_record_get_id (row), rd_record_get_string (row, "address"),
                  rd_record_get_string (row, "body"));
    }
  return rows->len;
}

/* ---- reports ------------------------------------------------------------------- */

static RdRecord *
outbound_message (RdSmsService  *self,
                  const char    *id,
                  GError       **error)
{
  g_autoptr(RdRecord) message = NULL;

  if (id != NULL && rd_uuid_is_valid (id))
    message = get_message (self, id);
  if (message == NULL || g_strcmp0 (rd_record_get_string (message, "channel"), "sms") != 0 ||
      g_strcmp0 (rd_record_get_string (message, "direction"), "outbound") != 0)
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_NOT_FOUND, "no outgoing SMS %s",
                   id ? id : "");
      return NULL;
    }
  return g_steal_pointer (&message);
}

gboolean
rd_sms_service_report (RdSmsService  *self,
                       const char    *message_id,
                       RdSmsReport    report,
                       const char    *reply,
                       GError       **error)
{
  g_autoptr(RdRecord) message = NULL;
  g_autofree char *reason = NULL;
  gboolean has_reply = reply != NULL && *reply != '\0';

  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), FALSE);

  message = outbound_message (self, message_id, error);
  if (message == NULL)
    return FALSE;
  /* A report means the gateway has the message: no more attempts. */
  g_hash_table_remove (self->pending, message_id);

  switch (report)
    {
    case RD_SMS_REPORT_DELIVERED:
      return set_status (self, message_id, "delivered", NULL, error);
    case RD_SMS_REPORT_ACCEPTED:
      return set_status (self, message_id, "sent", NULL, error);
    case RD_SMS_REPORT_UNDELIVERED:
      reason = g_strdup_printf ("not delivered to the phone%s%s", has_reply ? ": " : "",
                                has_reply ? reply : "");
      return set_status (self, message_id, "failed", reason, error);
    case RD_SMS_REPORT_REFUSED:
      reason = g_strdup_printf ("refused by the SMS center%s%s", has_reply ? ": " : "",
                                has_reply ? reply : "");
      return set_status (self, message_id, "failed", reason, error);
    case RD_SMS_REPORT_BUFFERED:
    default:
      return TRUE;
    }
}

RdRecord *
rd_sms_service_get (RdSmsService        *self,
                    const RdSyncViewer  *viewer,
                    const char          *id,
                    GError             **error)
{
  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), NULL);

  if (id == NULL || !rd_uuid_is_valid (id) ||
      !rd_server_sync_visible_record (self->sync, viewer, "messages", id))
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_NOT_FOUND, "no message %s", id ? id : "");
      return NULL;
    }
  return get_message (self, id);
}

/* ---- object -------------------------------------------------------------------- */

static void
rd_sms_service_dispose (GObject *object)
{
  RdSmsService *self = (RdSmsService *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->gateway);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (rd_sms_service_parent_class)->dispose (object);
}

static void
rd_sms_service_class_init (RdSmsServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_sms_service_dispose;

  /* The server's changes log reached the given sequence (a message was written). */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rd_sms_service_init (RdSmsService *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) pending_free);
  self->cancellable = g_cancellable_new ();
}

RdSmsService *
rd_sms_service_new (RdServerSync           *sync,
                    RdSmsGateway           *gateway,
                    const RdSmsRetryPolicy *policy)
{
  RdSmsService *self;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (sync), NULL);
  g_return_val_if_fail (RD_IS_SMS_GATEWAY (gateway), NULL);

  self = g_object_new (RD_TYPE_SMS_SERVICE, NULL);
  self->sync = g_object_ref (sync);
  self->gateway = g_object_ref (gateway);
  if (policy != NULL)
    self->policy = *policy;
  else
    rd_sms_retry_policy_init_default (&self->policy);
  self->policy.attempts = MAX (self->policy.attempts, 1);
  return self;
}

RdSmsGateway *
rd_sms_service_get_gateway (RdSmsService *self)
{
  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), NULL);
  return self->gateway;
}
