/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <gmime/gmime.h>
#include <string.h>

#include "rd-email-mime.h"

/* GMime 3.2 declares no g_autoptr cleanups; these are its GObject types used here. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFilter, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeContentType, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddress, g_object_unref)

/* Outgoing: text/plain and text/html as multipart/alternative (plain first: a reader shows
 * the last part it can, RFC 2046 §5.1.4), wrapped in multipart/mixed with the attachments
 * (base64). Headers are encoded by GMime (RFC 2047 for non-ASCII subjects and names), the
 * bodies quoted-printable when they need it. Incoming: the first text/plain and text/html
 * parts that are not attachments, every part that is one, decoded to UTF-8 and bytes. */

static void
ensure_gmime (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_mime_init ();
      g_once_init_leave (&once, 1);
    }
}

RdEmailAttachment *
rd_email_attachment_new (const char *name,
                         const char *content_type,
                         GBytes     *data)
{
  RdEmailAttachment *attachment = g_new0 (RdEmailAttachment, 1);

  attachment->name = g_strdup (name);
  attachment->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  attachment->data = g_bytes_ref (data);
  return attachment;
}

void
rd_email_attachment_free (RdEmailAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_bytes_unref (attachment->data);
  g_free (attachment);
}

/* ---- building ------------------------------------------------------------------- */

static GMimeObject *
text_part (const char *subtype,
           const char *text)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);

  g_mime_text_part_set_text (part, text);
  g_mime_part_set_content_encoding (GMIME_PART (part),
                                    g_mime_part_get_best_content_encoding (
                                      GMIME_PART (part), GMIME_ENCODING_CONSTRAINT_7BIT));
  return GMIME_OBJECT (part);
}

static GMimeObject *
attachment_part (const RdEmailAttachment *attachment)
{
  g_autoptr(GMimeContentType) type = g_mime_content_type_parse (NULL, attachment->content_type);
  GMimePart *part = g_mime_part_new ();
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (attachment->data, &length);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer ((const char *) data, length);
  g_autoptr(GMimeDataWrapper) wrapper =
    g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);

  g_mime_object_set_content_type (GMIME_OBJECT (part), type);
  g_mime_object_set_disposition (GMIME_OBJECT (part), GMIME_DISPOSITION_ATTACHMENT);
  g_mime_part_set_filename (part, attachment->name);
  g_mime_part_set_content (part, wrapper);
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);
  return GMIME_OBJECT (part);
}

static void
add_addresses (GMimeMessage       *message,
               GMimeAddressType    type,
               const char *const  *addresses)
{
  InternetAddressList *list = g_mime_message_get_addresses (message, type);

  for (gsize i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      g_autoptr(InternetAddress) mailbox = internet_address_mailbox_new (NULL, addresses[i]);

      internet_address_list_add (list, mailbox);
    }
}

static GMimeObject *
body_part (const RdEmailDraft *draft)
{
  GMimeObject *text = text_part ("plain", draft->text ? draft->text : "");
  GMimeMultipart *alternative;

  if (draft->html == NULL)
    return text;
  alternative = g_mime_multipart_new_with_subtype ("alternative");
  g_mime_multipart_add (alternative, text);
  g_object_unref (text);
  {
    g_autoptr(GMimeObject) html = text_part ("html", draft->html);

    g_mime_multipart_add (alternative, html);
  }
  return GMIME_OBJECT (alternative);
}

GBytes *
rd_email_mime_build (const RdEmailDraft *draft)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeObject) body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GMimeStream) memory = NULL;
  g_autoptr(GMimeStream) filtered = NULL;
  g_autoptr(GMimeFilter) dos = NULL;
  g_autofree char *bare_id = NULL;
  GByteArray *array;

  g_return_val_if_fail (draft != NULL && draft->from_address != NULL, NULL);
  ensure_gmime ();

  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, draft->from_name,
                              draft->from_address);
  add_addresses (message, GMIME_ADDRESS_TYPE_TO, draft->to);
  add_addresses (message, GMIME_ADDRESS_TYPE_CC, draft->cc);
  g_mime_message_set_subject (message, draft->subject ? draft->subject : "", "utf-8");
  g_mime_message_set_date (message, now);
  bare_id = g_strndup (draft->message_id + 1, strlen (draft->message_id) - 2);
  g_mime_message_set_message_id (message, bare_id);
  if (draft->in_reply_to != NULL)
    g_mime_object_set_header (GMIME_OBJECT (message), "In-Reply-To", draft->in_reply_to, NULL);
  if (draft->references != NULL)
    g_mime_object_set_header (GMIME_OBJECT (message), "References", draft->references, NULL);

  body = body_part (draft);
  if (draft->attachments != NULL && draft->attachments->len > 0)
    {
      GMimeMultipart *mixed = g_mime_multipart_new_with_subtype ("mixed");

      g_mime_multipart_add (mixed, body);
      for (guint i = 0; i < draft->attachments->len; i++)
        {
          g_autoptr(GMimeObject) part = attachment_part (g_ptr_array_index (draft->attachments, i));

          g_mime_multipart_add (mixed, part);
        }
      g_object_unref (body);
      body = GMIME_OBJECT (mixed);
    }
  g_mime_message_set_mime_part (message, body);

  /* SMTP wants CRLF line ends; GMime writes LF, the filter turns them. */
  memory = g_mime_stream_mem_new ();
  filtered = g_mime_stream_filter_new (memory);
  dos = g_mime_filter_unix2dos_new (FALSE);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), dos);
  g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, filtered);
  g_mime_stream_flush (filtered);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (memory));
  return g_bytes_new (array->data, array->len);
}

/* ---- reading -------------------------------------------------------------------- */

/* Takes @text; returns it as valid UTF-8 (a byte that is not becomes U+FFFD). GMime hands
 * over 8-bit bytes of a part or a header without a charset as they came. */
static char *
valid_utf8 (char *text)
{
  char *valid;

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;
  valid = g_utf8_make_valid (text, -1);
  g_free (text);
  return valid;
}

static char *
angle (const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;
  return valid_utf8 (g_strdup_printf ("<%s>", id));
}

static GBytes *
part_bytes (GMimePart *part)
{
  GMimeDataWrapper *wrapper = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) memory = g_mime_stream_mem_new ();
  GByteArray *array;

  if (wrapper == NULL)
    return g_bytes_new (NULL, 0);
  g_mime_data_wrapper_write_to_stream (wrapper, memory);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (memory));
  return g_bytes_new (array->data, array->len);
}

static void
collect_part_cb (GMimeObject *parent,
                 GMimeObject *object,
                 gpointer     user_data)
{
  RdEmailParsed *parsed = user_data;
  GMimeContentType *type;

  (void) parent;
  if (!GMIME_IS_PART (object))
    return;
  type = g_mime_object_get_content_type (object);
  if (g_mime_part_is_attachment (GMIME_PART (object)) || !GMIME_IS_TEXT_PART (object))
    {
      g_autoptr(GBytes) data = part_bytes (GMIME_PART (object));
      g_autofree char *mime_type = valid_utf8 (g_mime_content_type_get_mime_type (type));
      const char *name = g_mime_part_get_filename (GMIME_PART (object));

      g_autofree char *valid_name = valid_utf8 (g_strdup (name ? name : "attachment"));

      g_ptr_array_add (parsed->attachments,
                       rd_email_attachment_new (valid_name, mime_type, data));
      return;
    }
  if (parsed->text == NULL && g_mime_content_type_is_type (type, "text", "plain"))
    parsed->text = valid_utf8 (g_mime_text_part_get_text (GMIME_TEXT_PART (object)));
  else if (parsed->html == NULL && g_mime_content_type_is_type (type, "text", "html"))
    parsed->html = valid_utf8 (g_mime_text_part_get_text (GMIME_TEXT_PART (object)));
}

static char **
references_of (GMimeMessage *message)
{
  const char *header = g_mime_object_get_header (GMIME_OBJECT (message), "References");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GMimeReferences *references = header ? g_mime_references_parse (NULL, header) : NULL;

  for (int i = 0; references != NULL && i < g_mime_references_length (references); i++)
    {
      g_autofree char *id = angle (g_mime_references_get_message_id (references, i));

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  if (references != NULL)
    g_mime_references_free (references);
  return g_strv_builder_end (builder);
}

static char *
in_reply_to_of (GMimeMessage *message)
{
  const char *header = g_mime_object_get_header (GMIME_OBJECT (message), "In-Reply-To");
  GMimeReferences *references = header ? g_mime_references_parse (NULL, header) : NULL;
  char *id = NULL;

  if (references != NULL && g_mime_references_length (references) > 0)
    id = angle (g_mime_references_get_message_id (references, 0));
  if (references != NULL)
    g_mime_references_free (references);
  return id;
}

RdEmailParsed *
rd_email_mime_parse (GBytes  *bytes,
                     GError **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(RdEmailParsed) parsed = NULL;
  InternetAddressList *from;
  InternetAddress *sender = NULL;

  ensure_gmime ();
  stream = g_mime_stream_mem_new_with_buffer (data ? data : "", length);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  if (message == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the message is not RFC 5322 mail");
      return NULL;
    }
  from = g_mime_message_get_from (message);
  if (from != NULL && internet_address_list_length (from) > 0)
    sender = internet_address_list_get_address (from, 0);
  if (sender == NULL || !INTERNET_ADDRESS_IS_MAILBOX (sender) ||
      !rd_email_address_is_valid (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (sender))))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the message has no valid From address");
      return NULL;
    }

  parsed = g_new0 (RdEmailParsed, 1);
  parsed->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_email_attachment_free);
  parsed->message_id = angle (g_mime_message_get_message_id (message));
  parsed->in_reply_to = in_reply_to_of (message);
  parsed->references = references_of (message);
  parsed->from_name = valid_utf8 (g_strdup (internet_address_get_name (sender)));
  parsed->from_address = g_ascii_strdown (
    internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (sender)), -1);
  parsed->subject = valid_utf8 (g_strdup (g_mime_message_get_subject (message)));
  g_mime_message_foreach (message, collect_part_cb, parsed);
  if (parsed->text == NULL)
    parsed->text = parsed->html ? rd_email_html_to_text (parsed->html) : g_strdup ("");
  return g_steal_pointer (&parsed);
}

void
rd_email_parsed_free (RdEmailParsed *parsed)
{
  if (parsed == NULL)
    return;
  g_free (parsed->message_id);
  g_free (parsed->in_reply_to);
  g_strfreev (parsed->references);
  g_free (parsed->from_name);
  g_free (parsed->from_address);
  g_free (parsed->subject);
  g_free (parsed->text);
  g_free (parsed->html);
  g_clear_pointer (&parsed->attachments, g_ptr_array_unref);
  g_free (parsed);
}

/* ---- addresses and text --------------------------------------------------------- */

gboolean
rd_email_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || strlen (address) > 254)
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL || at[1] == '\0' ||
      at[1] == '.' || address[strlen (address) - 1] == '.' || at - address > 64)
    return FALSE;
  for (const char *p = address; p < at; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
      return FALSE;
  for (const char *p = at + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return strstr (address, "..") == NULL && address[0] != '.' && at[-1] != '.';
}

char *
rd_email_new_message_id (const char *id,
                         const char *from_address)
{
  const char *at = from_address ? strchr (from_address, '@') : NULL;

  return g_strdup_printf ("<%s@%s>", id, at ? at + 1 : "ringdesk.invalid");
}

static const struct {
  const char *name;
  const char *text;
} entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", " " }, { "#39", "'" },
};

static const char *
append_entity (GString    *out,
               const char *p)
{
  const char *end = strchr (p, ';');

  if (end != NULL && end - p <= 8)
    {
      g_autofree char *name = g_strndup (p + 1, end - p - 1);

      for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
        if (g_str_equal (name, entities[i].name))
          {
            g_string_append (out, entities[i].text);
            return end + 1;
          }
      if (name[0] == '#')
        {
          gunichar c = (gunichar) (name[1] == 'x' ? g_ascii_strtoull (name + 2, NULL, 16)
                                                  : g_ascii_strtoull (name + 1, NULL, 10));
          if (g_unichar_validate (c) && c != 0)
            {
              g_string_append_unichar (out, c);
              return end + 1;
            }
        }
    }
  g_string_append_c (out, '&');
  return p + 1;
}

/* @tag as lower-case name (without '/'), from just after '<'. */
static char *
tag_name (const char *p)
{
  gsize n = 0;

  if (*p == '/')
    p++;
  while (g_ascii_isalnum (p[n]))
    n++;
  return g_ascii_strdown (p, n);
}

char *
rd_email_html_to_text (const char *html)
{
  GString *out = g_string_new (NULL);
  const char *p = html ? html : "";

  while (*p)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          g_autofree char *name = tag_name (p + 1);
          gboolean closing = p[1] == '/';

          if (end == NULL)
            break;
          if (!closing && (g_str_equal (name, "script") || g_str_equal (name, "style")))
            {
              g_autofree char *close = g_strdup_printf ("</%s", name);
              const char *skip = g_strstr_len (end, -1, close);

              end = skip ? strchr (skip, '>') : NULL;
              if (end == NULL)
                break;
            }
          else if (g_str_equal (name, "br") || (closing && (g_str_equal (name, "p") ||
                   g_str_equal (name, "div") || g_str_equal (name, "li") ||
                   g_str_equal (name, "tr") || g_str_equal (name, "blockquote"))))
            g_string_append_c (out, '\n');
          else if (!closing && g_str_equal (name, "li"))
            g_string_append (out, "• ");
          p = end + 1;
        }
      else if (*p == '&')
        p = append_entity (out, p);
      else
        g_string_append_c (out, *p++);
    }
  /* g_strstrip() moves the text to the start of its buffer: the pointer stays the same. */
  return g_strstrip (g_string_free (out, FALSE));
}
