/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-hlc.h"
#include "rd-portal-private.h"
#include "rd-uuid.h"

/* The CRM side of the portal: a customer's contact, their tickets (contact_id = the
 * contact) and each ticket's thread, `messages` rows with channel "portal" (inbound from
 * the customer, outbound from staff). Every write goes through rd_server_sync_write, so it
 * is merged, logged and pulled by every replica that sees the row; the rows are "shared"
 * so every agent's app has them. */

#define OWNER "shared"

static gboolean
write_records (RdPortal   *self,
               GPtrArray  *records,
               GError    **error)
{
  gint64 seq = 0;

  if (!rd_server_sync_write (self->sync, records, &seq, error))
    return FALSE;
  rd_portal_notify_seq (self, seq);
  return TRUE;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
rd_portal_attachment_path (RdPortal   *self,
                           const char *ticket_id)
{
  return g_build_filename (self->files_dir, "attachments", ticket_id, NULL);
}

char *
rd_portal_tickets_create (RdPortal    *self,
                          RdCustomer  *customer,
                          const char  *subject,
                          const char  *text,
                          const char  *file_name,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *id = rd_uuid_v7 ();
  g_autofree char *description = NULL;
  RdRecord *ticket = rd_record_new ("tickets");

  if (file_name != NULL)
    description = g_strdup_printf ("%s\n\n[attachment: %s]", text, file_name);
  else
    description = g_strdup (text);
  rd_record_set_id (ticket, id);
  rd_record_set_string (ticket, "owner", OWNER);
  rd_record_set_string (ticket, "subject", subject);
  rd_record_set_string (ticket, "description", description);
  rd_record_set_string (ticket, "status", "open");
  rd_record_set_string (ticket, "priority", "normal");
  rd_record_set_string (ticket, "severity", "minor");
  rd_record_set_string (ticket, "contact_id", customer->contact_id);
  rd_record_set_int (ticket, "created_at", now_ms ());
  g_ptr_array_add (records, ticket);
  if (!write_records (self, records, error))
    return NULL;
  return g_steal_pointer (&id);
}

GPtrArray *
rd_portal_tickets_list (RdPortal    *self,
                        RdCustomer  *customer,
                        GError     **error)
{
  g_autofree char *query = NULL;

  if (customer->contact_id == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  /* Ids are UUIDs (checked when made), so quoting cannot be broken out of. */
  query = g_strdup_printf ("contact_id = '%s'", customer->contact_id);
  return rd_store_list (rd_server_sync_get_store (self->sync), "tickets", query, "-created_at",
                        0, 1000, error);
}

static gboolean
is_uuid (const char *text)
{
  gsize len = strlen (text);

  if (len != 36)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isxdigit (text[i]) || (text[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))))
      return FALSE;
  return TRUE;
}

RdRecord *
rd_portal_tickets_get (RdPortal    *self,
                       RdCustomer  *customer,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(RdRecord) ticket = NULL;

  if (is_uuid (id))
    ticket = rd_store_get (rd_server_sync_get_store (self->sync), "tickets", id, NULL);
  /* Another customer's ticket answers as one that does not exist. */
  if (ticket == NULL || rd_record_get_int (ticket, "deleted", 0) != 0 ||
      (customer != NULL &&
       g_strcmp0 (rd_record_get_string (ticket, "contact_id"), customer->contact_id) != 0))
    {
      g_set_error (error, RD_PORTAL_ERROR, RD_PORTAL_ERROR_NOT_FOUND, "no such ticket");
      return NULL;
    }
  return g_steal_pointer (&ticket);
}

RdRecord *
rd_portal_tickets_message (RdPortal    *self,
                           const char  *ticket_id,
                           const char  *owner,
                           gboolean     from_customer,
                           const char  *address,
                           const char  *text,
                           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *id = rd_uuid_v7 ();
  RdRecord *message = rd_record_new ("messages");

  rd_record_set_id (message, id);
  rd_record_set_string (message, "owner", owner ? owner : OWNER);
  rd_record_set_string (message, "parent_tbl", "tickets");
  rd_record_set_string (message, "parent_id", ticket_id);
  rd_record_set_string (message, "channel", "portal");
  rd_record_set_string (message, "direction", from_customer ? "inbound" : "outbound");
  rd_record_set_string (message, "address", address);
  rd_record_set_string (message, "body", text);
  rd_record_set_string (message, "status", from_customer ? "received" : "sent");
  rd_record_set_int (message, "created_at", now_ms ());
  g_ptr_array_add (records, g_object_ref (message));
  if (!write_records (self, records, error))
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

GPtrArray *
rd_portal_thread (RdPortal    *self,
                  const char  *ticket_id,
                  GError     **error)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (RD_IS_PORTAL (self), NULL);

  if (!is_uuid (ticket_id))
    return g_ptr_array_new_with_free_func (g_object_unref);
  query = g_strdup_printf ("parent_id = '%s' and channel = 'portal'", ticket_id);
  return rd_store_list (rd_server_sync_get_store (self->sync), "messages", query, "created_at",
                        0, 10000, error);
}

/* A staff user by their uuid (the assignee field), or NULL. */
static char *
staff_name (RdPortal   *self,
            const char *uuid)
{
  g_autoptr(GPtrArray) users = rd_server_db_list_users (self->accounts, NULL, NULL);

  for (guint i = 0; users && i < users->len; i++)
    {
      RdUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->uuid, uuid) == 0)
        return g_strdup (user->name);
    }
  return NULL;
}

char *
rd_portal_tickets_taken (RdPortal  *self,
                         RdRecord  *ticket,
                         gint64    *when)
{
  const char *assignee = rd_record_get_string (ticket, "assignee");
  g_autofree char *site = NULL;
  RdHlcValue hlc = 0;

  *when = 0;
  if (assignee == NULL || *assignee == '\0')
    return NULL;
  /* When: the version of the assignee field, the moment it was last written. */
  if (rd_store_get_field_version (rd_server_sync_get_store (self->sync), "tickets",
                                  rd_record_get_id (ticket), "assignee", &hlc, &site))
    *when = rd_hlc_ms (hlc) / 1000;
  return staff_name (self, assignee);
}

/* ---- staff ----------------------------------------------------------------------------- */

RdCustomer *
rd_portal_decide_customer (RdPortal      *self,
                           gint64         customer_id,
                           gboolean       approve,
                           const RdUser  *staff,
                           GError       **error)
{
  g_autoptr(RdCustomer) customer = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *contact_id = NULL;
  g_autofree char *email_id = NULL;
  g_autoptr(GError) local = NULL;
  RdRecord *contact, *email;

  g_return_val_if_fail (RD_IS_PORTAL (self), NULL);

  customer = rd_portal_db_get_customer (self->db, customer_id, &local);
  if (customer == NULL || !g_str_equal (customer->status, "pending"))
    {
      g_set_error (error, RD_PORTAL_ERROR,
                   customer == NULL ? RD_PORTAL_ERROR_NOT_FOUND : RD_PORTAL_ERROR_STATE,
                   customer == NULL ? "no customer %" G_GINT64_FORMAT
                                    : "customer %" G_GINT64_FORMAT " is not pending",
                   customer_id);
      return NULL;
    }
  if (approve)
    {
      contact_id = rd_uuid_v7 ();
      email_id = rd_uuid_v7 ();
      contact = rd_record_new ("contacts");
      rd_record_set_id (contact, contact_id);
      rd_record_set_string (contact, "owner", OWNER);
      rd_record_set_string (contact, "name", customer->name);
      rd_record_set_string (contact, "tags", "portal");
      rd_record_set_int (contact, "created_at", now_ms ());
      g_ptr_array_add (records, contact);
      email = rd_record_new ("emails");
      rd_record_set_id (email, email_id);
      rd_record_set_string (email, "owner", OWNER);
      rd_record_set_string (email, "parent_tbl", "contacts");
      rd_record_set_string (email, "parent_id", contact_id);
      rd_record_set_string (email, "address", customer->email);
      rd_record_set_string (email, "kind", "home");
      g_ptr_array_add (records, email);
      if (!write_records (self, records, error))
        return NULL;
    }
  if (!rd_portal_db_decide_customer (self->db, customer_id, approve ? "approved" : "rejected",
                                     contact_id, staff->name, error))
    return NULL;
  return rd_portal_db_get_customer (self->db, customer_id, error);
}

/* A portal ticket (one with a customer's contact) that @staff may see. */
static RdRecord *
staff_ticket (RdPortal      *self,
              const char    *ticket_id,
              const RdUser  *staff,
              GError       **error)
{
  g_autoptr(RdSyncViewer) viewer = rd_sync_viewer_new (self->accounts, staff);

  if (!is_uuid (ticket_id) ||
      !rd_server_sync_visible_record (self->sync, viewer, "tickets", ticket_id))
    {
      g_set_error (error, RD_PORTAL_ERROR, RD_PORTAL_ERROR_NOT_FOUND, "no ticket %s",
                   ticket_id);
      return NULL;
    }
  return rd_portal_tickets_get (self, NULL, ticket_id, error);
}

gboolean
rd_portal_accept_ticket (RdPortal      *self,
                         const char    *ticket_id,
                         const RdUser  *staff,
                         GError       **error)
{
  g_autoptr(RdRecord) ticket = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  RdRecord *change;

  g_return_val_if_fail (RD_IS_PORTAL (self), FALSE);

  ticket = staff_ticket (self, ticket_id, staff, error);
  if (ticket == NULL)
    return FALSE;
  change = rd_record_new ("tickets");
  rd_record_set_id (change, ticket_id);
  rd_record_set_string (change, "assignee", staff->uuid);
  rd_record_set_string (change, "status", "in_progress");
  g_ptr_array_add (records, change);
  return write_records (self, records, error);
}

RdRecord *
rd_portal_staff_reply (RdPortal      *self,
                       const char    *ticket_id,
                       const RdUser  *staff,
                       const char    *text,
                       GError       **error)
{
  g_autoptr(RdRecord) ticket = NULL;

  g_return_val_if_fail (RD_IS_PORTAL (self), NULL);

  ticket = staff_ticket (self, ticket_id, staff, error);
  if (ticket == NULL)
    return NULL;
  if (*text == '\0' || strlen (text) > 20000)
    {
      g_set_error (error, RD_PORTAL_ERROR, RD_PORTAL_ERROR_INVALID,
                   "text: 1 to 20000 characters");
      return NULL;
    }
  return rd_portal_tickets_message (self, ticket_id, rd_record_get_string (ticket, "owner"),
                                    FALSE, staff->name, text, error);
}

GBytes *
rd_portal_staff_attachment (RdPortal      *self,
                            const char    *ticket_id,
                            const RdUser  *staff,
                            char         **name,
                            GError       **error)
{
  g_autoptr(RdRecord) ticket = NULL;
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *meta_path = NULL;
  char *data = NULL;
  gsize size;

  g_return_val_if_fail (RD_IS_PORTAL (self), NULL);

  ticket = staff_ticket (self, ticket_id, staff, error);
  if (ticket == NULL)
    return NULL;
  path = rd_portal_attachment_path (self, ticket_id);
  meta_path = g_strconcat (path, ".meta", NULL);
  if (!g_key_file_load_from_file (meta, meta_path, G_KEY_FILE_NONE, NULL) ||
      !g_file_get_contents (path, &data, &size, NULL))
    {
      g_set_error (error, RD_PORTAL_ERROR, RD_PORTAL_ERROR_NOT_FOUND,
                   "ticket %s has no attachment", ticket_id);
      return NULL;
    }
  *name = g_key_file_get_string (meta, "attachment", "name", NULL);
  return g_bytes_new_take (data, size);
}
