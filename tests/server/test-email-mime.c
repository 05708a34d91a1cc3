/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-email-mime.h"
#include "rd-imap-client.h"

/* The MIME module on its own: a message built and read back (parts, headers, attachment
 * bytes, CRLF), what an incoming one yields, addresses, HTML as text, IMAP SEARCH answers. */

static RdEmailParsed *
round_trip (const RdEmailDraft *draft,
            char              **wire)
{
  g_autoptr(GBytes) bytes = rd_email_mime_build (draft);
  g_autoptr(GError) error = NULL;
  RdEmailParsed *parsed;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  *wire = g_strndup (data, length);
  parsed = rd_email_mime_parse (bytes, &error);
  g_assert_no_error (error);
  return parsed;
}

static void
test_build_alternative (void)
{
  const char *to[] = { "anna@example.org", NULL };
  const char *cc[] = { "boss@example.org", NULL };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_email_attachment_free);
  guint8 binary[300];
  g_autoptr(GBytes) data = NULL;
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autofree char *wire = NULL;
  RdEmailAttachment *back;
  RdEmailDraft draft = {
    .from_name = "Алиса", .from_address = "alice@ringdesk.test", .to = to, .cc = cc,
    .subject = "Заказ №42", .text = "Hello Anna\n• one", .html = "<p>Hello <b>Anna</b></p><ul><li>one</li></ul>",
    .message_id = "<0190-1@ringdesk.test>", .in_reply_to = "<x@example.org>",
    .references = "<w@example.org> <x@example.org>", .attachments = files,
  };

  for (guint i = 0; i < sizeof binary; i++)
    binary[i] = (guint8) i;
  data = g_bytes_new (binary, sizeof binary);
  g_ptr_array_add (files, rd_email_attachment_new ("a b.bin", "application/octet-stream", data));

  parsed = round_trip (&draft, &wire);
  g_assert_nonnull (strstr (wire, "multipart/mixed"));
  g_assert_nonnull (strstr (wire, "multipart/alternative"));
  {
    g_autofree char *lower = g_ascii_strdown (wire, -1);

    g_assert_nonnull (strstr (lower, "\r\nmessage-id: <0190-1@ringdesk.test>\r\n"));
  }
  g_assert_nonnull (strstr (wire, "In-Reply-To: <x@example.org>\r\n"));
  g_assert_null (strstr (wire, "Заказ"));   /* RFC 2047 on the wire */
  /* Every line ends CRLF: no bare LF. */
  for (const char *p = strchr (wire, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    g_assert_cmpint (p[-1], ==, '\r');

  g_assert_cmpstr (parsed->message_id, ==, "<0190-1@ringdesk.test>");
  g_assert_cmpstr (parsed->in_reply_to, ==, "<x@example.org>");
  g_assert_cmpuint (g_strv_length (parsed->references), ==, 2);
  g_assert_cmpstr (parsed->references[1], ==, "<x@example.org>");
  g_assert_cmpstr (parsed->from_address, ==, "alice@ringdesk.test");
  g_assert_cmpstr (parsed->from_name, ==, "Алиса");
  g_assert_cmpstr (parsed->subject, ==, "Заказ №42");
  g_assert_true (g_str_has_prefix (parsed->text, "Hello Anna"));
  g_assert_nonnull (strstr (parsed->html, "<b>Anna</b>"));
  g_assert_cmpuint (parsed->attachments->len, ==, 1);
  back = g_ptr_array_index (parsed->attachments, 0);
  g_assert_cmpstr (back->name, ==, "a b.bin");
  g_assert_cmpstr (back->content_type, ==, "application/octet-stream");
  g_assert_true (g_bytes_equal (back->data, data));
}

static void
test_build_plain (void)
{
  const char *to[] = { "anna@example.org", NULL };
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autofree char *wire = NULL;
  RdEmailDraft draft = {
    .from_address = "support@ringdesk.test", .to = to, .subject = "Hi", .text = "Just text.",
    .message_id = "<p@ringdesk.test>",
  };

  parsed = round_trip (&draft, &wire);
  g_assert_null (strstr (wire, "multipart"));
  g_assert_nonnull (strstr (wire, "text/plain"));
  g_assert_cmpstr (g_strchomp (parsed->text), ==, "Just text.");
  g_assert_null (parsed->html);
  g_assert_null (parsed->in_reply_to);
  g_assert_cmpuint (parsed->attachments->len, ==, 0);
}

static void
test_parse_incoming (void)
{
  static const char html_only[] =
    "From: \"Ivan\" <Ivan@Example.COM>\r\nSubject: =?utf-8?b?0J/RgNC40LLQtdGC?=\r\n"
    "Message-ID: <u-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    "<p>One &amp; two</p><script>x()</script><ul><li>a</li></ul>\r\n";
  static const char no_from[] = "Subject: x\r\n\r\nbody\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (html_only, sizeof html_only - 1);
  g_autoptr(GBytes) bad = g_bytes_new_static (no_from, sizeof no_from - 1);
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autoptr(RdEmailParsed) none = NULL;
  g_autoptr(GError) error = NULL;

  parsed = rd_email_mime_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->from_address, ==, "ivan@example.com");
  g_assert_cmpstr (parsed->subject, ==, "Привет");
  g_assert_cmpstr (parsed->text, ==, "One & two\n• a");
  g_assert_cmpuint (g_strv_length (parsed->references), ==, 0);

  none = rd_email_mime_parse (bad, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* 8-bit bytes that are not UTF-8 in a part without a charset, in the subject and the
 * sender's name (found by fuzz-mime): what is kept is valid UTF-8, never NULL. */
static void
test_parse_invalid_utf8 (void)
{
  static const char message[] =
    "From: \"Ann\xe9\" <ann@example.org>\r\nSubject: Caf\xe9\r\nMessage-ID: <x-1@example.org>\r\n"
    "\r\nThanks!\r\x80 caf\xe9\r\n";
  static const char html[] =
    "From: ann@example.org\r\nContent-Type: text/html\r\n\r\n<p>caf\xe9</p>\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (message, sizeof message - 1);
  g_autoptr(GBytes) html_bytes = g_bytes_new_static (html, sizeof html - 1);
  g_autoptr(RdEmailParsed) parsed = NULL;
  g_autoptr(RdEmailParsed) parsed_html = NULL;
  g_autoptr(GError) error = NULL;

  parsed = rd_email_mime_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed->text);
  g_assert_true (g_utf8_validate (parsed->text, -1, NULL));
  g_assert_nonnull (strstr (parsed->text, "Thanks!"));
  g_assert_true (parsed->subject == NULL || g_utf8_validate (parsed->subject, -1, NULL));
  g_assert_true (parsed->from_name == NULL || g_utf8_validate (parsed->from_name, -1, NULL));

  parsed_html = rd_email_mime_parse (html_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (parsed_html->text, -1, NULL));
  g_assert_true (g_utf8_validate (parsed_html->html, -1, NULL));
}

static void
test_addresses (void)
{
  const char *good[] = { "a@b", "anna.petrova+crm@example.org", "x_y@mail-1.example.co.uk", NULL };
  const char *bad[] = { "", "plain", "@example.org", "a@", "a@@b.org", "a b@c.org", "Anna <a@b.org>",
                        "a@b.org, c@d.org", "a@.org", "a@b.org.", ".a@b.org", "a..b@c.org",
                        "a@exa_mple.org", NULL };

  for (guint i = 0; good[i]; i++)
    g_assert_true (rd_email_address_is_valid (good[i]));
  for (guint i = 0; bad[i]; i++)
    g_assert_false (rd_email_address_is_valid (bad[i]));
  g_assert_false (rd_email_address_is_valid (NULL));
}

static void
test_html_to_text (void)
{
  struct { const char *html, *text; } cases[] = {
    { "<b>Bold</b> and <i>it</i>", "Bold and it" },
    { "line<br>next<br/>last", "line\nnext\nlast" },
    { "<style>p{}</style><p>a</p><p>b</p>", "a\nb" },
    { "&lt;tag&gt; &#1071; &#x44f; &nbsp;x &bogus;", "<tag> Я я  x &bogus;" },
    { "<ul><li>one</li><li>two</li></ul>", "• one\n• two" },
    { "unclosed <b", "unclosed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rd_email_html_to_text (cases[i].html);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_imap_search (void)
{
  g_autoptr(GArray) uids = rd_imap_parse_search ("* SEARCH 3 4 19\r\nA003 OK done\r\n");
  g_autoptr(GArray) none = rd_imap_parse_search ("* SEARCH\r\n");
  g_autoptr(GArray) junk = rd_imap_parse_search ("* SEARCH 5 x -1 99999999999\r\n");

  g_assert_cmpuint (uids->len, ==, 3);
  g_assert_cmpuint (g_array_index (uids, guint32, 2), ==, 19);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (junk->len, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/email/mime/build-alternative", test_build_alternative);
  g_test_add_func ("/email/mime/build-plain", test_build_plain);
  g_test_add_func ("/email/mime/parse-incoming", test_parse_incoming);
  g_test_add_func ("/email/mime/parse-invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/email/mime/addresses", test_addresses);
  g_test_add_func ("/email/mime/html-to-text", test_html_to_text);
  g_test_add_func ("/email/imap/search", test_imap_search);
  return g_test_run ();
}
