/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "rd-email-service-private.h"
#include "rd-uuid.h"

/* Incoming e-mail: which record it belongs to. First its thread: In-Reply-To, then
 * References newest first, naming a Message-ID of a message we have (ours or one received);
 * then the sender's address on a contact, a lead, an organization (in that order, as for a
 * caller's number); else a new shared contact tagged "unsorted" with that address, as an
 * unknown SMS sender gets. Only the text is kept for reading: an HTML-only message is kept
 * as its text (rd_email_html_to_text), so no mail's HTML is ever rendered by the app. */

/* The parent (table and id) of the message with Message-ID @message_id, or FALSE. */
static gboolean
lookup (sqlite3     *db,
        const char  *sql,
        const char  *value,
        char       **table,
        char       **id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (value == NULL || sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 1) != NULL)
    {
      *table = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

static const char thread_sql[] =
  "SELECT parent_tbl, parent_id FROM messages WHERE message_id = ?1 AND deleted = 0"
  " AND parent_id IS NOT NULL LIMIT 1";
static const char filed_sql[] =
  "SELECT 'messages', id FROM messages WHERE message_id = ?1 AND deleted = 0 LIMIT 1";
/* Addresses are compared without case (the domain has none; local parts almost never do). */
static const char sender_sql[] =
  "SELECT parent_tbl, parent_id FROM emails WHERE lower(address) = ?1 AND deleted = 0"
  " AND parent_tbl IN ('contacts', 'leads', 'organizations')"
  " ORDER BY CASE parent_tbl WHEN 'contacts' THEN 0 WHEN 'leads' THEN 1 ELSE 2 END LIMIT 1";

static RdRecord *
get_live (RdStore    *store,
          const char *table,
          const char *id)
{
  g_autoptr(RdRecord) record = rd_store_get (store, table, id, NULL);

  if (record == NULL || rd_record_get_int (record, "deleted", 0) != 0)
    return NULL;
  return g_steal_pointer (&record);
}

static RdRecord *
thread_parent (RdStore             *store,
               const RdEmailParsed *parsed)
{
  sqlite3 *db = rd_store_get_db (store);
  g_autofree char *table = NULL, *id = NULL;
  RdRecord *parent;
  guint n = g_strv_length (parsed->references);

  if (lookup (db, thread_sql, parsed->in_reply_to, &table, &id) &&
      (parent = get_live (store, table, id)) != NULL)
    return parent;
  for (guint i = n; i > 0; i--)
    {
      g_clear_pointer (&table, g_free);
      g_clear_pointer (&id, g_free);
      if (lookup (db, thread_sql, parsed->references[i - 1], &table, &id) &&
          (parent = get_live (store, table, id)) != NULL)
        return parent;
    }
  g_clear_pointer (&table, g_free);
  g_clear_pointer (&id, g_free);
  if (lookup (db, sender_sql, parsed->from_address, &table, &id))
    return get_live (store, table, id);
  return NULL;
}

/* The new "unsorted" contact for @parsed's sender and its address, appended to @records. */
static RdRecord *
unsorted_contact (const RdEmailParsed *parsed,
                  GPtrArray           *records)
{
  g_autofree char *contact_id = rd_uuid_v7 ();
  g_autofree char *email_id = rd_uuid_v7 ();
  RdRecord *contact = rd_record_new ("contacts");
  RdRecord *email = rd_record_new ("emails");
  const char *name = parsed->from_name && *parsed->from_name ? parsed->from_name
                                                             : parsed->from_address;

  rd_record_set_id (contact, contact_id);
  rd_record_set_string (contact, "owner", "shared");
  rd_record_set_string (contact, "name", name);
  rd_record_set_string (contact, "tags", "unsorted");
  rd_record_set_int (contact, "created_at", g_get_real_time () / 1000);
  g_ptr_array_add (records, contact);

  rd_record_set_id (email, email_id);
  rd_record_set_string (email, "owner", "shared");
  rd_record_set_string (email, "parent_tbl", "contacts");
  rd_record_set_string (email, "parent_id", contact_id);
  rd_record_set_string (email, "address", parsed->from_address);
  g_ptr_array_add (records, email);

  return g_object_ref (contact);
}

RdRecord *
rd_email_service_receive (RdEmailService  *self,
                          GBytes          *bytes,
                          GError         **error)
{
  RdStore *store;
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RdRecord) parent = NULL;
  g_autofree char *id = rd_uuid_v7 ();
  g_autofree char *filed_table = NULL, *filed_id = NULL, *attachments = NULL;
  RdRecord *message;

  g_return_val_if_fail (RD_IS_EMAIL_SERVICE (self), NULL);

  store = rd_server_sync_get_store (self->sync);
  parsed = rd_email_mime_parse (bytes, error);
  if (parsed == NULL)
    return NULL;
  if (lookup (rd_store_get_db (store), filed_sql, parsed->message_id, &filed_table, &filed_id))
    return rd_store_get (store, "messages", filed_id, error);

  parent = thread_parent (store, parsed);
  if (parent == NULL)
    parent = unsorted_contact (parsed, records);

  attachments = rd_email_service_save_attachments (self, id, parsed->attachments, error);
  if (attachments == NULL && parsed->attachments->len > 0)
    return NULL;

  message = rd_record_new ("messages");
  rd_record_set_id (message, id);
  rd_record_set_string (message, "owner", rd_record_get_string (parent, "owner"));
  rd_record_set_string (message, "parent_tbl", rd_record_get_table (parent));
  rd_record_set_string (message, "parent_id", rd_record_get_id (parent));
  rd_record_set_string (message, "channel", "email");
  rd_record_set_string (message, "direction", "inbound");
  rd_record_set_string (message, "address", parsed->from_address);
  rd_record_set_string (message, "subject", parsed->subject ? parsed->subject : "");
  rd_record_set_string (message, "body", parsed->text);
  rd_record_set_string (message, "message_id", parsed->message_id);
  rd_record_set_string (message, "in_reply_to", parsed->in_reply_to);
  rd_record_set_string (message, "attachments", attachments);
  rd_record_set_string (message, "status", "received");
  rd_record_set_int (message, "created_at", g_get_real_time () / 1000);
  g_ptr_array_add (records, message);

  if (!rd_email_service_write (self, records, error))
    return NULL;
  g_debug ("email from %s on %s %s", parsed->from_address, rd_record_get_table (parent),
           rd_record_get_id (parent));
  return rd_store_get (store, "messages", id, error);
}
