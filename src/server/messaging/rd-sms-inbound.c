/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-sms-service-private.h"
#include "rd-uuid.h"

/* Incoming SMS: the record the sender's number belongs to (the store's one caller-id
 * lookup: E.164 with the merged store's region, one index search), or a new shared contact
 * tagged "unsorted" with that number, as the app does for an unknown caller
 * (rd-call-log.c). The contact, its phone and the message go in one write. */

/* The new "unsorted" contact for @e164 and its phone, appended to @records. */
static RdRecord *
unsorted_contact (const char *e164,
                  const char *raw,
                  GPtrArray  *records)
{
  g_autofree char *contact_id = rd_uuid_v7 ();
  g_autofree char *phone_id = rd_uuid_v7 ();
  RdRecord *contact = rd_record_new ("contacts");
  RdRecord *phone = rd_record_new ("phones");

  rd_record_set_id (contact, contact_id);
  rd_record_set_string (contact, "owner", "shared");
  rd_record_set_string (contact, "name", e164);
  rd_record_set_string (contact, "tags", "unsorted");
  rd_record_set_int (contact, "created_at", g_get_real_time () / 1000);
  g_ptr_array_add (records, contact);

  rd_record_set_id (phone, phone_id);
  rd_record_set_string (phone, "owner", "shared");
  rd_record_set_string (phone, "parent_tbl", "contacts");
  rd_record_set_string (phone, "parent_id", contact_id);
  rd_record_set_string (phone, "raw", raw);
  rd_record_set_string (phone, "e164", e164);
  rd_record_set_int (phone, "invalid", 0);
  rd_record_set_string (phone, "kind", "mobile");
  g_ptr_array_add (records, phone);

  return g_object_ref (contact);
}

RdRecord *
rd_sms_service_receive (RdSmsService  *self,
                        const char    *from,
                        const char    *to,
                        const char    *text,
                        GError       **error)
{
  RdStore *store;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RdRecord) parent = NULL;
  g_autofree char *e164 = NULL;
  g_autoptr(GError) local = NULL;
  RdRecord *message;

  g_return_val_if_fail (RD_IS_SMS_SERVICE (self), NULL);

  store = rd_server_sync_get_store (self->sync);
  if (text == NULL)
    {
      g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                           "an incoming SMS needs “text”");
      return NULL;
    }
  e164 = from != NULL ? rd_store_e164 (store, from) : NULL;
  if (e164 == NULL)
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "the sender “%s” is not a valid phone number", from ? from : "");
      return NULL;
    }

  parent = rd_server_sync_find_party (self->sync, e164, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (parent == NULL)
    parent = unsorted_contact (e164, from, records);

  message = rd_sms_message_new (parent, "inbound", e164, text, "received");
  g_ptr_array_add (records, message);

  if (!rd_sms_service_write (self, records, error))
    return NULL;
  g_debug ("sms from %s to %s on %s %s", e164, to ? to : "?", rd_record_get_table (parent),
           rd_record_get_id (parent));
  return rd_store_get (store, "messages", rd_record_get_id (message), NULL);
}
