/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP client's response parser (status line, headers, Content-Length, chunked or
 * to-EOF bodies, NDJSON lines): the raw bytes a server on loopback answers a request
 * with. Input: one byte (bit 0: read as lines, as the snapshot is read; bit 1: a HEAD)
 * then the bytes of the answer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rd-fuzz-server.h"
#include "rd-http-client.h"
#include "rd-sync-client-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
line_cb (const char  *line,
         gsize        length,
         gpointer     user_data,
         GError     **error)
{
  g_assert (strlen (line) <= length);
  (*(guint *) user_data)++;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RdHttpClient *http;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (http == NULL)
    {
      http = rd_http_client_new (rd_fuzz_server_url (), &error);
      g_assert_no_error (error);
      rd_http_client_set_timeout (http, 5);
    }
  if (size < 1)
    return 0;
  /* Up to two answers: a kept-alive connection the server closed is tried once more. */
  rd_fuzz_server_answer (data + 1, size - 1, 2);

  if (data[0] & 1)
    {
      guint lines = 0;

      status = rd_http_client_get_lines (http, "/api/v1/sync/snapshot", line_cb, &lines,
                                         &body, NULL, &error);
    }
  else
    status = rd_http_client_request (http, (data[0] & 2) ? "HEAD" : "GET", "/api/v1/sync/pull",
                                     NULL, NULL, &body, NULL, &error);
  g_assert ((status == 0) == (error != NULL));
  /* How the sync client reads an error answer's JSON. */
  if (status != 0 && status / 100 != 2)
    {
      g_autoptr(GError) failure = NULL;

      g_assert_false (rd_sync_client_http_failure (status, body, &failure));
      g_assert (failure != NULL);
    }
  rd_http_client_close (http);
  return 0;
}
