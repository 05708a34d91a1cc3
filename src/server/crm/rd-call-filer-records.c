/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The records a call's filing writes: the `calls` record, the lead a number with no CRM
 * record becomes, the parent's tags with the wrap-up's added, and the recording's link. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-call-filer-private.h"
#include "rd-uuid.h"

RdRecord *
rd_call_filer_find_record (RdStore     *store,
                           const char  *center_id,
                           GError     **error)
{
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *id = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT id FROM calls WHERE center_call_id = ?1 ORDER BY id LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "finding the filed call: %s",
                   sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, center_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "finding the filed call: %s",
                   sqlite3_errmsg (db));
      return NULL;
    }
  return id != NULL ? rd_store_get (store, "calls", id, error) : NULL;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  const char *value = object != NULL ? json_object_get_string_member_with_default (object, name, NULL)
                                     : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* "Anna Petrova" from the lead's name, or its first and last names, or the number. */
static char *
lead_name (JsonObject *lead,
           const char *number)
{
  const char *first = member (lead, "first_name"), *last = member (lead, "last_name");

  if (member (lead, "name") != NULL)
    return g_strdup (member (lead, "name"));
  if (first != NULL || last != NULL)
    return g_strjoin (" ", first ? first : last, first && last ? last : NULL, NULL);
  return g_strdup (number);
}

RdRecord *
rd_call_filer_new_lead (JsonObject  *filing,
                        const char  *owner,
                        GPtrArray   *records)
{
  JsonObject *lead = json_object_get_member (filing, "lead") != NULL &&
                     JSON_NODE_HOLDS_OBJECT (json_object_get_member (filing, "lead"))
                     ? json_object_get_object_member (filing, "lead") : NULL;
  const char *number = member (filing, "number");
  const char *campaign = member (filing, "campaign_name");
  const char *email = member (lead, "email");
  g_autofree char *lead_id = rd_uuid_v7 ();
  g_autofree char *phone_id = rd_uuid_v7 ();
  g_autofree char *name = lead_name (lead, number);
  g_autofree char *tags = rd_call_filer_merge_tags (NULL, member (filing, "tags"));
  RdRecord *record = rd_record_new ("leads");
  RdRecord *phone = rd_record_new ("phones");

  rd_record_set_id (record, lead_id);
  rd_record_set_string (record, "owner", owner);
  rd_record_set_string (record, "name", name);
  if (member (lead, "company") != NULL)
    rd_record_set_string (record, "company", member (lead, "company"));
  rd_record_set_string (record, "status", "contacted");
  if (campaign != NULL)
    {
      /* a queue call's "campaign" already says "queue: NAME" */
      g_autofree char *source = g_str_has_prefix (campaign, "queue: ")
        ? g_strdup (campaign) : g_strdup_printf ("campaign: %s", campaign);

      rd_record_set_string (record, "source", source);
    }
  if (tags != NULL)
    rd_record_set_string (record, "tags", tags);
  if (member (lead, "notes") != NULL || member (lead, "city") != NULL)
    {
      g_autofree char *description = g_strjoin ("\n", member (lead, "notes") ? member (lead, "notes") : "",
                                                member (lead, "city") ? member (lead, "city") : "", NULL);

      rd_record_set_string (record, "description", g_strstrip (description));
    }
  rd_record_set_int (record, "created_at", g_get_real_time () / 1000);
  g_ptr_array_add (records, record);

  rd_record_set_id (phone, phone_id);
  rd_record_set_string (phone, "owner", owner);
  rd_record_set_string (phone, "parent_tbl", "leads");
  rd_record_set_string (phone, "parent_id", lead_id);
  rd_record_set_string (phone, "raw", member (lead, "phone_raw") ? member (lead, "phone_raw") : number);
  rd_record_set_string (phone, "e164", number);
  rd_record_set_int (phone, "invalid", 0);
  rd_record_set_string (phone, "kind", "mobile");
  g_ptr_array_add (records, phone);

  /* Only what looks like an address: the leadset's column is free text. */
  if (email != NULL && strchr (email, '@') != NULL && strchr (email, ' ') == NULL)
    {
      g_autofree char *email_id = rd_uuid_v7 ();
      g_autofree char *address = g_utf8_strdown (email, -1);
      RdRecord *row = rd_record_new ("emails");

      rd_record_set_id (row, email_id);
      rd_record_set_string (row, "owner", owner);
      rd_record_set_string (row, "parent_tbl", "leads");
      rd_record_set_string (row, "parent_id", lead_id);
      rd_record_set_string (row, "address", address);
      rd_record_set_string (row, "kind", "work");
      g_ptr_array_add (records, row);
    }
  return g_object_ref (record);
}

char *
rd_call_filer_merge_tags (const char *current,
                          const char *tags)
{
  g_autoptr(JsonNode) node = tags != NULL ? json_from_string (tags, NULL) : NULL;
  g_auto(GStrv) have = g_strsplit (current != NULL ? current : "", ",", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean added = FALSE;
  JsonArray *array;

  for (guint i = 0; have[i] != NULL; i++)
    {
      char *tag = g_strstrip (have[i]);

      if (*tag == '\0')
        continue;
      g_hash_table_add (seen, g_utf8_casefold (tag, -1));
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", tag);
    }
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *tag = json_array_get_string_element (array, i);

      if (tag == NULL || *tag == '\0' || !g_hash_table_add (seen, g_utf8_casefold (tag, -1)))
        continue;
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", tag);
      added = TRUE;
    }
  return added ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Sets @field on @record when @existing is NULL or holds another value. */
static void
set_string (RdRecord   *record,
            RdRecord   *existing,
            const char *field,
            const char *value)
{
  if (existing != NULL && g_strcmp0 (rd_record_get_string (existing, field), value) == 0)
    return;
  if (value != NULL)
    rd_record_set_string (record, field, value);
  else if (existing != NULL)
    rd_record_set_null (record, field);
}

static void
set_int (RdRecord   *record,
         RdRecord   *existing,
         const char *field,
         gint64      value,
         gboolean    present)
{
  JsonNode *node = existing != NULL ? json_object_get_member (rd_record_get_fields (existing), field)
                                    : NULL;
  gboolean had = node != NULL && !JSON_NODE_HOLDS_NULL (node);

  if (existing != NULL && had == present && (!present || rd_record_get_int (existing, field, 0) == value))
    return;
  if (present)
    rd_record_set_int (record, field, value);
  else if (existing != NULL)
    rd_record_set_null (record, field);
}

RdRecord *
rd_call_filer_call_record (JsonObject  *filing,
                           const char  *crm_id,
                           RdRecord    *existing,
                           const char  *owner,
                           const char  *parent_tbl,
                           const char  *parent_id,
                           gboolean     has_recording)
{
  RdRecord *record = rd_record_new ("calls");
  gint64 created = int_member (filing, "created_at");
  gint64 answered = int_member (filing, "answered_at");
  gint64 ended = int_member (filing, "ended_at");
  gint64 sip_code = int_member (filing, "sip_code");
  g_autofree char *recording = has_recording ? g_strdup_printf ("server:recordings/%s.wav", crm_id)
                                             : NULL;
  gboolean inbound;

  rd_record_set_id (record, crm_id);
  /* The record's place and owner are set when it is made; a later reassignment in the CRM
   * (the parent's owner cascading) is not undone by a second disposition. */
  if (existing == NULL)
    {
      rd_record_set_string (record, "owner", owner);
      if (parent_id != NULL)
        {
          rd_record_set_string (record, "parent_tbl", parent_tbl);
          rd_record_set_string (record, "parent_id", parent_id);
        }
      rd_record_set_string (record, "center_call_id", member (filing, "id"));
    }
  set_string (record, existing, "direction", member (filing, "direction"));
  /* `number` is the customer's: the callee of an outbound call, the caller of an inbound
   * one (whose caller_id is the number they dialled). */
  inbound = g_strcmp0 (member (filing, "direction"), "inbound") == 0;
  set_string (record, existing, "from_number", member (filing, inbound ? "number" : "caller_id"));
  set_string (record, existing, "to_number", member (filing, inbound ? "caller_id" : "number"));
  set_string (record, existing, "agent", member (filing, "agent"));
  set_string (record, existing, "campaign", member (filing, "campaign_name"));
  set_int (record, existing, "started_at", created, created > 0);
  set_int (record, existing, "answered_at", answered, answered > 0);
  set_int (record, existing, "ended_at", ended, ended > 0);
  set_int (record, existing, "total_sec", (ended - created + 500) / 1000, ended > 0 && created > 0);
  set_int (record, existing, "bill_sec", answered > 0 ? (ended - answered + 500) / 1000 : 0, ended > 0);
  set_string (record, existing, "hangup_cause", member (filing, "hangup_cause"));
  set_int (record, existing, "sip_status", sip_code, sip_code > 0);
  /* The label the agent chose from (the code when the campaign no longer has it). */
  set_string (record, existing, "disposition", member (filing, "disposition_label")
                                               ? member (filing, "disposition_label")
                                               : member (filing, "disposition"));
  set_string (record, existing, "notes", member (filing, "notes"));
  if (recording != NULL)
    set_string (record, existing, "recording", recording);
  return record;
}

gboolean
rd_call_filer_link_recording (const char  *data_dir,
                              const char  *name,
                              const char  *crm_id,
                              GError     **error)
{
  g_autofree char *base = g_path_get_basename (name);
  g_autofree char *source = g_build_filename (data_dir, "call-recordings", base, NULL);
  g_autofree char *dir = g_build_filename (data_dir, "recordings", NULL);
  g_autofree char *file = g_strconcat (crm_id, ".wav", NULL);
  g_autofree char *target = g_build_filename (dir, file, NULL);
  g_autofree char *part = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no recording %s", source);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot create %s: %s",
                   dir, g_strerror (errno));
      return FALSE;
    }
  /* One file, two names: the campaign's and the CRM's; a copy where links are refused
   * (another file system, a file system without them). */
  if (link (source, target) == 0)
    return TRUE;
  g_debug ("linking %s to %s: %s; copying", source, target, g_strerror (errno));
  /* Copied beside it and renamed: a crash mid-copy never leaves a short file under the
   * name that counts. */
  part = g_strconcat (target, ".part", NULL);
  from = g_file_new_for_path (source);
  to = g_file_new_for_path (part);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  if (g_rename (part, target) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot rename %s: %s",
                   part, g_strerror (errno));
      g_unlink (part);
      return FALSE;
    }
  return TRUE;
}
