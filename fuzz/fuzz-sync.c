/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sync server answers a replica: the body of GET /api/v1/sync/pull (changes,
 * evictions, remote conflicts, the cursor), of POST /api/v1/sync/push (a result per
 * change) or of GET /api/v1/sync/snapshot (NDJSON: a header, rows, an end), from a
 * stand-in server on loopback, through the sync client into a replica.
 * Input: one byte (bit 0: a push, after a local edit so that the outbox has one; bit 2:
 * a snapshot; neither: a pull; bit 1: the answer's status is 400, the server's JSON error)
 * then the body. */
#include <stddef.h>
#include <stdint.h>

#include "rd-fuzz-server.h"
#include "rd-fuzz-store.h"
#include "rd-sync-client-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static RdSyncClient *
client (void)
{
  static RdSyncClient *sync;
  g_autoptr(GError) error = NULL;

  if (sync != NULL)
    return sync;
  sync = rd_sync_client_new (rd_fuzz_store (), rd_fuzz_server_url (), &error);
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_use_session (sync, "fuzz-token", "anna",
                                             "0190a1b2-0000-7000-8000-000000000001", &error));
  /* One change per push, so that an answer of one result fits whatever the outbox holds. */
  rd_sync_client_set_batch (sync, 1, 2000);
  return sync;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  RdSyncClient *sync = client ();
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };
  gboolean push, ok;

  if (size < 1)
    return 0;
  push = data[0] & 1;
  g_string_append_printf (answer, "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                          (data[0] & 2) ? "400 Bad Request" : "200 OK", size - 1);
  g_string_append_len (answer, (const char *) data + 1, size - 1);
  /* One answer: a pull that says "more" or a second push round get a 503. */
  rd_fuzz_server_answer ((const uint8_t *) answer->str, answer->len, 1);

  if (push)
    {
      g_autoptr(RdRecord) contact = rd_record_new ("contacts");

      rd_record_set_string (contact, "name", "Fuzz Contact");
      g_assert_true (rd_store_insert (rd_fuzz_store (), contact, &error));
      ok = rd_sync_client_push (sync, &stats, NULL, &error);
    }
  else if (data[0] & 4)
    ok = rd_sync_client_load_snapshot (sync, &stats, NULL, &error);
  else
    ok = rd_sync_client_pull (sync, &stats, NULL, &error);
  g_assert (ok == (error == NULL));
  return 0;
}
