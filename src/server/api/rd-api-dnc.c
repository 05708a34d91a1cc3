/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/dnc: the do-not-call lists. Anyone signed in adds a number (an agent whose
 * customer asks); managers read, remove and upload lists. ?campaign=ID picks a campaign's
 * list instead of the global one; ?search= narrows a list to numbers with those digits (or
 * reasons and adders with those words). */
#include "config.h"

#include "rd-api-handlers.h"

/* The campaign of ?campaign= (when given) if the caller may see it. */
static gboolean
campaign_param (RdApiRequest  *req,
                const char   **campaign_id,
                GError       **error)
{
  g_autoptr(JsonNode) campaign = NULL;

  *campaign_id = req->query != NULL ? g_hash_table_lookup (req->query, "campaign") : NULL;
  if (*campaign_id == NULL)
    return TRUE;
  campaign = rd_api_campaigns_visible (req, *campaign_id, error);
  return campaign != NULL;
}

void
rd_api_dnc_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *campaign_id = NULL;
  guint64 offset = 0, limit = 0;
  JsonNode *list = NULL;
  JsonNode *reply;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "read do-not-call lists", &error) ||
      !campaign_param (req, &campaign_id, &error) ||
      !rd_api_query_uint64 (req, "offset", 0, G_MAXINT32, &offset, &error) ||
      !rd_api_query_uint64 (req, "limit", 100, 1000, &limit, &error) ||
      (list = rd_center_dnc_list (rd_server_get_center (req->server), campaign_id,
                                  req->query != NULL ? g_hash_table_lookup (req->query, "search") : NULL,
                                  (guint) offset,
                                  (guint) limit, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_member (json_node_get_object (reply), "numbers", list);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_dnc_add (RdApiRequest *req)
{
  static const char *const allowed[] = { "number", "country", "campaign_id", "reason", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *e164 = NULL;
  const char *number = NULL, *country = NULL, *campaign_id = NULL, *reason = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "number", TRUE, &number, &error) ||
      !rd_api_get_string (body, "country", TRUE, &country, &error) ||
      !rd_api_get_string (body, "campaign_id", FALSE, &campaign_id, &error) ||
      !rd_api_get_string (body, "reason", FALSE, &reason, &error) ||
      (campaign_id != NULL && (campaign = rd_api_campaigns_visible (req, campaign_id, &error)) == NULL) ||
      !rd_center_dnc_add (rd_server_get_center (req->server), number, country, campaign_id, reason,
                          req->caller->name, &e164, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "dnc-add", e164, campaign_id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, e164);
  json_builder_end_object (b);
  rd_api_reply_json (req, SOUP_STATUS_CREATED, json_builder_get_root (b));
}

void
rd_api_dnc_remove (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *campaign_id = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "remove numbers from do-not-call lists", &error) ||
      !campaign_param (req, &campaign_id, &error) ||
      !rd_center_dnc_remove (rd_server_get_center (req->server), req->params[0], campaign_id, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "dnc-remove", req->params[0], campaign_id);
  rd_api_reply_ok (req);
}

void
rd_api_dnc_upload (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCenterImportReport) report = NULL;
  RdCenterImportOptions options;
  const char *campaign_id = NULL;
  const char *text = NULL;
  gsize len = 0;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "upload do-not-call lists", &error) ||
      !campaign_param (req, &campaign_id, &error) ||
      !rd_api_csv_upload_options (req, &options, &text, &len, &error) ||
      !rd_center_dnc_import (rd_server_get_center (req->server), text, len, campaign_id, &options,
                             &report, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (report->committed)
    rd_api_audit (req, req->caller->name, "dnc-upload", campaign_id, NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_center_import_report_to_json (report));
}
