/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The customer portal's forms as a browser posts them to the real server in this process
 * (rd-fuzz-api.c): read_form (urlencoded, or multipart with one file), the UTF-8 and CSRF
 * checks, then the page's own validation and writes (register, sign in, Contact us, the
 * profile with its photo, a new ticket with an attachment, a message on a ticket).
 *
 * The first byte chooses: bits 0-2 the page (modulo 6), bit 3 multipart/form-data (boundary
 * "rdfuzz") instead of urlencoded, bit 4 a visitor (a CSRF cookie of their own) instead of
 * the signed-in customer. The rest is the form; the harness puts the matching CSRF field
 * first (a later "csrf" of the input replaces it, as a browser's would). Any answer from
 * 200 to 499 is an answer; a 5xx or none is a finding. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "rd-fuzz-api.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* 43 characters, the length of the portal's tokens. */
#define VISITOR_CSRF "visitorvisitorvisitorvisitorvisitorvisitorv"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *ticket_path = NULL;
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  const char *pages[6];
  const char *csrf, *path;
  gboolean multipart, visitor;
  guint status;

  if (size < 1)
    return 0;
  ticket_path = g_strdup_printf ("/portal/tickets/%s/messages", rd_fuzz_api_portal_ticket ());
  pages[0] = "/portal/register";
  pages[1] = "/portal/signin";
  pages[2] = "/portal/contact";
  pages[3] = "/portal/profile";
  pages[4] = "/portal/tickets/new";
  pages[5] = ticket_path;
  path = pages[(data[0] & 7) % 6];
  multipart = (data[0] & 8) != 0;
  visitor = (data[0] & 16) != 0;
  data++, size--;

  if (visitor)
    {
      csrf = VISITOR_CSRF;
      g_string_append (headers, "Cookie: rdp_csrf=" VISITOR_CSRF "\r\n");
    }
  else
    {
      csrf = rd_fuzz_api_portal_csrf ();
      g_string_append_printf (headers, "Cookie: %s\r\n", rd_fuzz_api_portal_cookie ());
    }
  if (multipart)
    {
      g_autofree char *first = g_strdup_printf ("--rdfuzz\r\nContent-Disposition: form-data; "
                                                "name=\"csrf\"\r\n\r\n%s\r\n", csrf);

      g_string_append (headers, "Content-Type: multipart/form-data; boundary=rdfuzz\r\n");
      g_byte_array_append (body, (const guint8 *) first, strlen (first));
    }
  else
    {
      g_autofree char *first = g_strdup_printf ("csrf=%s&", csrf);

      g_string_append (headers, "Content-Type: application/x-www-form-urlencoded\r\n");
      g_byte_array_append (body, (const guint8 *) first, strlen (first));
    }
  g_byte_array_append (body, data, size);

  status = rd_fuzz_api_request ("POST", path, headers->str, body->data, body->len, NULL);
  if (status < 200 || status > 499)
    g_error ("POST %s answered %u", path, status);
  return 0;
}
