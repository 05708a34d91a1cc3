/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/boards: the live dialer dashboard of a campaign and the board of a queue
 * (managers and admins, for what they may see). GET answers the board now; the events
 * WebSocket with ?boards=KEY,... pushes each change (rd-api-events.c, docs/api.md). */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-live-board.h"

/* The campaign or queue of @key, if the caller may see it. */
static gboolean
key_visible (RdApiRequest  *req,
             const char    *key,
             GError       **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) row = NULL;

  if (!rd_live_board_parse_key (key, &kind, &id))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” is not a board: campaigns/ID or queues/ID", key);
      return FALSE;
    }
  row = g_str_equal (kind, "campaigns") ? rd_api_campaigns_visible (req, id, error)
                                        : rd_api_queues_visible (req, id, error);
  return row != NULL;
}

static RdLiveBoard *
boards (RdApiRequest  *req,
        GError       **error)
{
  RdLiveBoard *boards;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "watch live boards", error))
    return NULL;
  boards = rd_server_get_boards (req->server);
  if (boards == NULL)
    g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "this server has no call center");
  return boards;
}

GStrv
rd_api_boards_keys (RdApiRequest  *req,
                    const char    *list,
                    GError       **error)
{
  g_auto(GStrv) keys = NULL;

  if (boards (req, error) == NULL)
    return NULL;
  keys = g_strsplit (list, ",", 64);
  for (guint i = 0; keys[i] != NULL; i++)
    if (!key_visible (req, keys[i], error))
      return NULL;
  if (keys[0] == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“boards” names no board");
      return NULL;
    }
  return g_steal_pointer (&keys);
}

void
rd_api_boards_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s/%s", req->params[0], req->params[1]);
  RdLiveBoard *live = boards (req, &error);
  JsonNode *board = NULL;

  if (live == NULL || !key_visible (req, key, &error) ||
      (board = rd_live_board_get (live, key, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  json_object_set_int_member (json_node_get_object (board), "now",
                              rd_center_db_now (rd_server_get_center (req->server)));
  rd_api_reply_json (req, SOUP_STATUS_OK, board);
}
