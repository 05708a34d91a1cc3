/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Asterisk Manager Interface messages on the wire: "Key: Value" lines ending in CRLF, a
 * blank line ending the message (actions, responses and events alike). A line that is no
 * "Key: Value" before a message begins (the "Asterisk Call Manager/5.0" greeting, banners)
 * is skipped. Keys are looked up without regard to case, as Asterisk reads them. */

typedef struct _RdAmiMessage RdAmiMessage;

RdAmiMessage *rd_ami_message_new       (void);
void          rd_ami_message_free      (RdAmiMessage  *message);
void          rd_ami_message_add       (RdAmiMessage  *message,
                                        const char    *key,
                                        const char    *value);
/* The first value of @key, or NULL. */
const char   *rd_ami_message_get       (const RdAmiMessage *message,
                                        const char         *key);
guint         rd_ami_message_size      (const RdAmiMessage *message);
/* The message as it goes on the wire, blank line included. */
char         *rd_ami_message_to_string (const RdAmiMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAmiMessage, rd_ami_message_free)

typedef struct _RdAmiParser RdAmiParser;

RdAmiParser  *rd_ami_parser_new        (void);
void          rd_ami_parser_free       (RdAmiParser   *parser);
/* Takes @length bytes as they came off the socket (any split). */
void          rd_ami_parser_feed       (RdAmiParser   *parser,
                                        const char    *data,
                                        gsize          length);
/* The next complete message, or NULL until more bytes come. */
RdAmiMessage *rd_ami_parser_next       (RdAmiParser   *parser);
/* Forgets a message cut off by a dropped connection. */
void          rd_ami_parser_reset      (RdAmiParser   *parser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAmiParser, rd_ami_parser_free)

G_END_DECLS
