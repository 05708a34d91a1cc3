/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/campaign-calls/ID/recording: the server's own recording of a campaign call
 * (DATA_DIR/call-recordings/ID.wav, stereo: left the customer, right what they heard).
 * Managers and admins of a campaign they see; an agent only for a call that was theirs.
 * Any other caller gets 404, as for a call that does not exist. */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

void
rd_api_campaign_calls_recording (RdApiRequest *req)
{
  const char *id = req->params[0];
  RdCenterDb *center = rd_server_get_center (req->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;
  const char *campaign_id, *agent, *name;
  JsonObject *row;
  char *contents = NULL;
  gsize length = 0;

  if (!rd_uuid_is_valid (id))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“%s” is no call id", id);
      goto fail;
    }
  call = rd_center_call_get (center, id, NULL);
  row = call != NULL ? json_node_get_object (call) : NULL;
  campaign_id = row != NULL ? json_object_get_string_member_with_default (row, "campaign_id", NULL) : NULL;
  agent = row != NULL ? json_object_get_string_member_with_default (row, "agent", NULL) : NULL;
  if (campaign_id != NULL)
    campaign = rd_api_campaigns_visible (req, campaign_id, NULL);
  if (campaign == NULL ||
      (rd_role_is_frontline (req->caller->role) && g_strcmp0 (agent, req->caller->name) != 0))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no campaign call %s", id);
      goto fail;
    }
  name = json_object_get_string_member_with_default (row, "recording", NULL);
  data_dir = g_path_get_dirname (rd_server_sync_get_path (rd_server_get_sync (req->server)));
  if (name != NULL)
    path = g_build_filename (data_dir, "call-recordings", name, NULL);
  /* a call still up has no complete file yet: its sizes are written when it ends */
  if (path == NULL || json_object_get_null_member (row, "ended_at") ||
      !g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "call %s has no recording", id);
      goto fail;
    }
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "audio/wav", SOUP_MEMORY_TAKE, contents, length);
  return;

fail:
  rd_api_reply_error (req, error);
}
