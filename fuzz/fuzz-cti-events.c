/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST /api/v1/cti/events as an outside PBX posts it: the input is the JSON body, sent with
 * the PBX's token to the real server in this process (rd-fuzz-api.c), which reads it
 * (rd_api_read_object, the event's members, its time) and applies it to callcenter.db
 * (rd_cti_desk_handle: the call row, the pop for the agent of extension 1001, the filing of
 * a call that ended). Any answer but 200, 400 or 404 (an unknown extension) is a finding,
 * as is a 5xx or no answer. An event naming a recording_url is not sent: the desk would
 * fetch it from that URL, a PBX's, outside this process. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "rd-fuzz-api.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
names_recording (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
         json_object_has_member (json_node_get_object (root), "recording_url");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *headers = NULL;
  guint status;

  if (names_recording (data, size))
    return 0;
  headers = g_strdup_printf ("Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
                             rd_fuzz_api_pbx_token ());
  status = rd_fuzz_api_request ("POST", "/api/v1/cti/events", headers, data, size, NULL);
  if (status != 200 && status != 400 && status != 404)
    g_error ("POST /api/v1/cti/events answered %u", status);
  return 0;
}
