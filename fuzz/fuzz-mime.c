/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An incoming e-mail as the IMAP reader hands it over (RFC 5322 bytes): read by GMime
 * (rd_email_mime_parse: the addresses, the Message-ID, In-Reply-To and References, the
 * text, HTML and attachment parts), its HTML turned to text, then filed by
 * rd_email_service_receive into a real merged store in a temporary folder (the thread
 * lookups, an "unsorted" contact for an unknown sender, the attachments saved under the
 * mail folder). A message is filed or refused with an error; a critical, a warning or a
 * filed message whose body is missing or not UTF-8 is a finding. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "rd-email-service.h"
#include "rd-server-sync.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static RdEmailService *service;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup (void)
{
  g_clear_object (&service);
  remove_tree (dir);
}

static RdEmailService *
ensure_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdServerSync) sync = NULL;
  g_autofree char *mail_dir = NULL;

  if (service != NULL)
    return service;
  dir = g_dir_make_tmp ("rd-fuzz-mime-XXXXXX", &error);
  g_assert_no_error (error);
  sync = rd_server_sync_open (dir, &error);
  g_assert_no_error (error);
  /* A scratch file: no need to wait for the disk after each message. */
  sqlite3_exec (rd_store_get_db (rd_server_sync_get_store (sync)), "PRAGMA synchronous = OFF; PRAGMA cache_size = 64",
                NULL, NULL, NULL);
  mail_dir = g_build_filename (dir, "mail", NULL);
  service = rd_email_service_new (sync, mail_dir, NULL, "support@example.org");
  atexit (cleanup);
  return service;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) message = rd_email_service_receive (ensure_service (), bytes, &error);

  if (message != NULL)
    {
      const char *body = rd_record_get_string (message, "body");

      g_assert (body != NULL && g_utf8_validate (body, -1, NULL));
    }
  else
    g_assert (error != NULL);
  return 0;
}
