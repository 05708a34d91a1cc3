/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/leadsets: a manager uploads a CSV (the body, with the mapping in the query),
 * reads its leads by state, and resets it for another pass. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-api-handlers.h"

static const char *
query (RdApiRequest *req,
       const char   *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

static gboolean
query_bool (RdApiRequest  *req,
            const char    *name,
            gboolean       fallback,
            gboolean      *value,
            GError       **error)
{
  const char *text = query (req, name);

  if (text == NULL)
    *value = fallback;
  else if (g_str_equal (text, "true") || g_str_equal (text, "1"))
    *value = TRUE;
  else if (g_str_equal (text, "false") || g_str_equal (text, "0"))
    *value = FALSE;
  else
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "query parameter “%s” must be true or false", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_api_csv_upload_options (RdApiRequest           *req,
                           RdCenterImportOptions  *options,
                           const char            **text,
                           gsize                  *len,
                           GError                **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  const char *delimiter = query (req, "delimiter");
  guint64 start_row = 0;

  if (type == NULL || (g_ascii_strcasecmp (type, "text/csv") != 0 &&
                       g_ascii_strcasecmp (type, "text/plain") != 0))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   "send the file as text/csv");
      return FALSE;
    }
  rd_center_import_options_init (options);
  options->name = query (req, "name");
  options->country = query (req, "country");
  options->mapping = query (req, "mapping");
  options->encoding = query (req, "encoding");
  options->actor = req->caller->name;
  if (!query_bool (req, "header", TRUE, &options->header, error) ||
      !query_bool (req, "dry_run", FALSE, &options->dry_run, error) ||
      !rd_api_query_uint64 (req, "start_row", 0, 10000000, &start_row, error))
    return FALSE;
  options->start_row = (guint) start_row;
  if (delimiter != NULL)
    {
      if (g_str_equal (delimiter, "tab"))
        options->delimiter = '\t';
      else if (strlen (delimiter) == 1 && strchr (",;|\t", delimiter[0]) != NULL)
        options->delimiter = delimiter[0];
      else
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "query parameter “delimiter” is one of , ; | tab");
          return FALSE;
        }
    }
  if (options->country == NULL)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "query parameter “country” (ISO code of numbers written without one) is required");
      return FALSE;
    }
  *text = body->data != NULL ? body->data : "";
  *len = body->length;
  return TRUE;
}

void
rd_api_leadsets_upload (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCenterImportReport) report = NULL;
  RdCenterImportOptions options;
  const char *text = NULL;
  gsize len = 0;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "upload leadsets", &error) ||
      !rd_api_csv_upload_options (req, &options, &text, &len, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_center_leadset_import (rd_server_get_center (req->server), text, len, &options, &report, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (report->committed)
    {
      g_autofree char *detail = g_strdup_printf ("%s: %u leads, %u invalid numbers, %u bad rows",
                                                 options.name, report->imported,
                                                 report->invalid_numbers, report->bad);

      rd_api_audit (req, req->caller->name, "leadset-upload", report->id, detail);
    }
  rd_api_reply_json (req, report->committed ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
                     rd_center_import_report_to_json (report));
}

void
rd_api_leadsets_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *sets = NULL;
  JsonNode *reply;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "list leadsets", &error) ||
      (sets = rd_center_leadset_list (rd_server_get_center (req->server), &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_member (json_node_get_object (reply), "leadsets", sets);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_leadsets_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *set = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "read leadsets", &error) ||
      (set = rd_center_leadset_get (rd_server_get_center (req->server), req->params[0], &error)) == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, set);
}

void
rd_api_leadsets_leads (RdApiRequest *req)
{
  static const char *const states[] = { "new", "in-progress", "callback", "done", "dnc", "invalid", NULL };
  g_autoptr(GError) error = NULL;
  const char *state = query (req, "state");
  guint64 offset = 0, limit = 0;
  JsonNode *leads = NULL;
  JsonNode *reply;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "read leads", &error) ||
      !rd_api_query_uint64 (req, "offset", 0, G_MAXINT32, &offset, &error) ||
      !rd_api_query_uint64 (req, "limit", 100, 1000, &limit, &error))
    goto fail;
  if (state != NULL && !g_strv_contains (states, state))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "query parameter “state” is one of new, in-progress, callback, done, dnc, invalid");
      goto fail;
    }
  leads = rd_center_leadset_leads (rd_server_get_center (req->server), req->params[0], state,
                                   (guint) offset, (guint) limit, &error);
  if (leads == NULL)
    goto fail;
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_member (json_node_get_object (reply), "leads", leads);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
  return;

fail:
  rd_api_reply_error (req, error);
}

void
rd_api_leadsets_reset (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = 0;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "reset leadsets", &error) ||
      !rd_center_leadset_reset (rd_server_get_center (req->server), req->params[0], &n, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "leadset-reset", req->params[0], NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reset");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}
