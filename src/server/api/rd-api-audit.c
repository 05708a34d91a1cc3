/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-api-handlers.h"

/* GET /api/v1/audit?after=SEQ&limit=N: the audit log, oldest first, admins only. */

void
rd_api_audit_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint64 after, limit;
  gint64 next = 0;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "read the audit log", &error) ||
      !rd_api_query_uint64 (req, "after", 0, G_MAXINT64, &after, &error) ||
      !rd_api_query_uint64 (req, "limit", 500, 10000, &limit, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  entries = rd_server_db_list_audit (rd_server_get_db (req->server), after, limit, &error);
  if (entries == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      RdAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *at = rd_api_format_time (entry->at);
      const struct { const char *name; const char *value; } texts[] = {
        { "actor", entry->actor }, { "action", entry->action }, { "target", entry->target },
        { "address", entry->address }, { "detail", entry->detail },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, entry->seq);
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, at);
      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        {
          json_builder_set_member_name (builder, texts[j].name);
          if (texts[j].value)
            json_builder_add_string_value (builder, texts[j].value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
      next = entry->seq;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, entries->len ? next : (gint64) after);
  json_builder_end_object (builder);

  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}
