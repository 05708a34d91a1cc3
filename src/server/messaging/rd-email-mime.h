/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* E-mail as MIME, built and read with GMime 3 (docs/messaging.md): the one place that knows
 * RFC 5322 and MIME. Pure functions; nothing here touches the network or the store. */

/* One attached file: its name, its MIME type, its bytes. */
typedef struct {
  char   *name;
  char   *content_type;
  GBytes *data;
} RdEmailAttachment;

RdEmailAttachment *rd_email_attachment_new  (const char        *name,
                                             const char        *content_type,
                                             GBytes            *data);
void               rd_email_attachment_free (RdEmailAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdEmailAttachment, rd_email_attachment_free)

/* What an outgoing message says. */
typedef struct {
  const char        *from_name;    /* may be NULL */
  const char        *from_address;
  const char *const *to;           /* addresses, at least one */
  const char *const *cc;           /* may be NULL */
  const char        *subject;
  const char        *text;         /* the plain-text part */
  const char        *html;         /* the HTML part, or NULL for plain text only */
  const char        *message_id;   /* "<local@domain>" */
  const char        *in_reply_to;  /* "<…>" of the message answered, or NULL */
  const char        *references;   /* "<…> <…>" of its thread, or NULL */
  GPtrArray         *attachments;  /* RdEmailAttachment, may be NULL */
} RdEmailDraft;

/* The message as it goes on the wire (CRLF line ends): multipart/alternative for text and
 * HTML, inside multipart/mixed when there are attachments. */
GBytes   *rd_email_mime_build        (const RdEmailDraft *draft);

/* What an incoming message says, read from its MIME. */
typedef struct {
  char      *message_id;     /* "<…>", or NULL */
  char      *in_reply_to;    /* "<…>", or NULL */
  char     **references;     /* "<…>" each, oldest first; never NULL */
  char      *from_name;
  char      *from_address;   /* lower case */
  char      *subject;
  char      *text;           /* the plain part, or the HTML part as text; never NULL */
  char      *html;           /* the HTML part as received, or NULL */
  GPtrArray *attachments;    /* RdEmailAttachment */
} RdEmailParsed;

RdEmailParsed *rd_email_mime_parse   (GBytes        *message,
                                      GError       **error);
void           rd_email_parsed_free  (RdEmailParsed *parsed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdEmailParsed, rd_email_parsed_free)

/* TRUE when @address is one bare addr-spec (local@domain, no name, no list). */
gboolean  rd_email_address_is_valid  (const char *address);

/* HTML as readable text: tags dropped, scripts and styles with their content, blocks and
 * <br> as line ends, list items as "• ", entities decoded. Nothing of it is rendered. */
char     *rd_email_html_to_text      (const char *html);

/* A new "<id@domain>" for a message from @from_address. */
char     *rd_email_new_message_id    (const char *id,
                                      const char *from_address);

G_END_DECLS
