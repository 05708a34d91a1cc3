/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST /api/v1/sync/push as the server reads it (fuzz-sync covers the client's reading of
 * the answers only): the input is the batch's JSON body, sent with agent1's token to the
 * real server in this process (rd-fuzz-api.c): the members, the schema, the site, every
 * change validated before the first write, then merged into merged.db with the
 * visibility rules, the losers and the reported conflicts kept and logged
 * (rd_server_sync_push). 200, 400 (a refused batch) and 409 (another schema) are answers;
 * anything else, a 5xx or no answer, is a finding. */
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "rd-fuzz-api.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *headers = g_strdup_printf ("Authorization: Bearer %s\r\n"
                                              "Content-Type: application/json\r\n",
                                              rd_fuzz_api_agent_token ());
  guint status = rd_fuzz_api_request ("POST", "/api/v1/sync/push", headers, data, size, NULL);

  if (status != 200 && status != 400 && status != 409)
    g_error ("POST /api/v1/sync/push answered %u", status);
  return 0;
}
