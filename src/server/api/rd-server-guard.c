/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-email-service.h"
#include "rd-server.h"

/* What every request meets before its handler, API and portal alike: a body over its
 * limit is refused from its headers or while it streams in (never buffered), and a Range
 * header with more than one range is dropped, so the file is served whole (libsoup 3.2.3
 * answers overlapping ranges by repeating them: 100 × "0-" of a 1 MiB recording was a
 * 52 MB answer, CVE-2025-32907). */

/* ---- ranges ---------------------------------------------------------------- */

/* One range at most: "bytes=0-99" stays, "bytes=0-,0-" (or any list) is dropped and the
 * answer is the whole file with 200, which HTTP allows a server to do with any Range. */
static void
collapse_ranges (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *range = soup_message_headers_get_list (headers, "Range");

  if (range != NULL && strchr (range, ',') != NULL)
    soup_message_headers_remove (headers, "Range");
}

/* ---- request size: refuse early, never buffer an oversized body ---------- */

/* A call recording (PUT /recordings/ID) may be larger than other bodies. */
static gsize
body_limit (RdServer          *self,
            SoupServerMessage *msg)
{
  return rd_server_get_body_limit (self, msg);
}

gsize
rd_server_get_body_limit (RdServer          *self,
                          SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  if (g_strcmp0 (soup_server_message_get_method (msg), "PUT") == 0 && uri != NULL &&
      g_str_has_prefix (g_uri_get_path (uri), "/api/v1/recordings/"))
    return rd_server_get_options (self)->max_recording;
  /* A document's bytes (PUT /documents/ID) have a limit of their own (--max-document). */
  if (g_strcmp0 (soup_server_message_get_method (msg), "PUT") == 0 && uri != NULL &&
      g_str_has_prefix (g_uri_get_path (uri), "/api/v1/documents/"))
    return rd_server_get_options (self)->max_document;
  /* An e-mail carries up to RD_EMAIL_MAX_ATTACHMENTS as base64 (4/3) with its text. */
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0 && uri != NULL &&
      g_strcmp0 (g_uri_get_path (uri), "/api/v1/messages/email") == 0)
    return MAX (rd_server_get_options (self)->max_body,
                (gsize) RD_EMAIL_MAX_ATTACHMENTS / 3 * 4 + 1024 * 1024);
  return rd_server_get_options (self)->max_body;
}

static void
refuse_too_large (RdServer          *self,
                  SoupServerMessage *msg,
                  goffset            length)
{
  g_autoptr(RdApiRequest) req = rd_api_request_new (self, msg, NULL);
  g_autoptr(GError) error = NULL;
  GUri *uri = soup_server_message_get_uri (msg);

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  /* The portal's pages answer with a page, not JSON. */
  if (rd_server_get_portal (self) != NULL && uri != NULL &&
      g_str_has_prefix (g_uri_get_path (uri), "/portal"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      rd_portal_refuse_too_large (rd_server_get_portal (self), msg);
      return;
    }
  g_set_error (&error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
               "the body has at least %" G_GOFFSET_FORMAT " bytes; the limit is %"
               G_GSIZE_FORMAT, length, body_limit (self, msg));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  rd_api_reply_error (req, error);
}

static void
got_headers_cb (SoupServerMessage *msg,
                RdServer          *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  collapse_ranges (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) body_limit (self, msg))
    refuse_too_large (self, msg, soup_message_headers_get_content_length (headers));
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              RdServer          *self)
{
  gsize total = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "rd-body-length"));

  total += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "rd-body-length", GSIZE_TO_POINTER (total));
  if (total > body_limit (self, msg) && soup_server_message_get_status (msg) == 0)
    refuse_too_large (self, msg, total);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    RdServer          *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
}

void
rd_server_guard_requests (RdServer *self)
{
  g_signal_connect_object (rd_server_get_soup_server (self), "request-started",
                           G_CALLBACK (request_started_cb), self, 0);
}
