/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-server-sync-private.h"

/* The server's own writes (a gateway's message status, an inbound SMS, the contact an
 * unknown sender becomes) take the path of a replica's push: merged by the core and logged
 * in the changes log, so every replica that sees the row pulls them. They are stamped with
 * the merged store's own clock and site and written as an admin, whom nothing is refused. */

static void
add_change (JsonBuilder *builder,
            const char  *table,
            const char  *id,
            const char  *field,
            JsonNode    *value,
            RdHlcValue   hlc)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, table);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "value");
  json_builder_add_value (builder, json_node_copy (value));
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) hlc);
  json_builder_end_object (builder);
}

gboolean
rd_server_sync_write (RdServerSync  *self,
                      GPtrArray     *records,
                      gint64        *seq,
                      GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(RdSyncViewer) viewer = g_new0 (RdSyncViewer, 1);
  RdHlcValue hlc;
  JsonArray *results;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), FALSE);

  viewer->role = RD_ROLE_ADMIN;
  viewer->server = TRUE;
  hlc = rd_hlc_now (rd_store_get_hlc (self->store));

  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      RdRecord *record = g_ptr_array_index (records, i);
      JsonObjectIter iter;
      const char *field;
      JsonNode *value;

      json_object_iter_init (&iter, rd_record_get_fields (record));
      while (json_object_iter_next (&iter, &field, &value))
        add_change (builder, rd_record_get_table (record), rd_record_get_id (record), field,
                    value, hlc);
    }
  json_builder_end_array (builder);
  changes = json_builder_get_root (builder);

  answer = rd_server_sync_push (self, viewer, rd_store_get_site (self->store),
                                json_node_get_array (changes), NULL, G_MAXUINT, NULL, error);
  if (answer == NULL)
    return FALSE;

  /* "lost" is fine (a newer edit of the field wins); a refusal is a bug in the caller. */
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "status"), "refused") == 0)
        {
          g_set_error (error, RD_SERVER_SYNC_ERROR, RD_SERVER_SYNC_ERROR_INVALID,
                       "the server’s own write was refused: %s",
                       json_object_get_string_member_with_default (result, "reason", "?"));
          return FALSE;
        }
    }
  if (seq != NULL)
    *seq = json_object_get_int_member (json_node_get_object (answer), "seq");
  return TRUE;
}

gboolean
rd_server_sync_visible_record (RdServerSync        *self,
                               const RdSyncViewer  *viewer,
                               const char          *table,
                               const char          *id)
{
  g_autofree char *owner = NULL;
  gboolean exists = FALSE;
  g_autoptr(RdRecord) record = NULL;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), FALSE);

  if (rd_schema_lookup (table) == NULL || id == NULL)
    return FALSE;
  owner = rd_server_sync_row_owner (self, table, id, &exists);
  if (!exists || !rd_sync_viewer_sees (viewer, owner) ||
      !rd_server_sync_role_holds (self, viewer, table, id))
    return FALSE;
  record = rd_store_get (self->store, table, id, NULL);
  return record != NULL && rd_record_get_int (record, "deleted", 0) == 0;
}

RdRecord *
rd_server_sync_find_party (RdServerSync  *self,
                           const char    *e164,
                           GError       **error)
{
  static const char *const order[] = { "contacts", "leads", "organizations" };
  g_autoptr(GPtrArray) matches = NULL;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);

  matches = rd_store_lookup_e164 (self->store, e164, error);
  if (matches == NULL)
    return NULL;
  for (guint t = 0; t < G_N_ELEMENTS (order); t++)
    for (guint i = 0; i < matches->len; i++)
      {
        RdRecord *record = g_ptr_array_index (matches, i);

        if (g_str_equal (rd_record_get_table (record), order[t]))
          return g_object_ref (record);
      }
  return NULL;
}
