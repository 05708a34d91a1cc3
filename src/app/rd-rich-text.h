/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Formatting in a GtkTextBuffer for e-mail, and its HTML and plain-text forms
 * (docs/messaging.md says why a text view and not a web view). Character tags "bold",
 * "italic" and one link tag per link (its address on the tag); line tags "bullet" (a list
 * item: the line starts with "• ") and "quote" (a quoted line: "> "). */

/* Creates the tags in @buffer's tag table (once). */
void      rd_rich_text_setup          (GtkTextBuffer *buffer);

/* Turns @tag_name ("bold", "italic") on over the selection, or off when all of it has it. */
void      rd_rich_text_toggle         (GtkTextBuffer *buffer,
                                       const char    *tag_name);
/* Makes the lines of the selection list items, or plain lines when all are. */
void      rd_rich_text_toggle_bullets (GtkTextBuffer *buffer);
/* Makes the selection a link to @url (http, https or mailto; FALSE otherwise). */
gboolean  rd_rich_text_add_link       (GtkTextBuffer *buffer,
                                       const char    *url);
/* Appends @text as quoted lines ("> " each, tagged "quote"). */
void      rd_rich_text_append_quote   (GtkTextBuffer *buffer,
                                       const char    *text);

/* The buffer as HTML (a fragment: <b>, <i>, <a href>, <ul><li>, <blockquote>, <br>). */
char     *rd_rich_text_to_html        (GtkTextBuffer *buffer);
/* The buffer as plain text: as shown, with each link's address after its text. */
char     *rd_rich_text_to_plain       (GtkTextBuffer *buffer);

G_END_DECLS
