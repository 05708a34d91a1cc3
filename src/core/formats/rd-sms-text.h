/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How an SMS text travels: GSM 03.38 7-bit (the default alphabet plus its extension
 * table) when every character has a code there, else UCS-2. */
typedef enum {
  RD_SMS_ENCODING_GSM7,
  RD_SMS_ENCODING_UCS2,
} RdSmsEncoding;

/* What a text costs: its encoding, the units it takes (GSM-7 septets, an extension
 * character counting two; UCS-2 16-bit units, a character outside the BMP two), the
 * segments it is sent in (GSM-7 160 in one, 153 each when concatenated; UCS-2 70 / 67)
 * and how many units the last segment has left. An empty text is one segment. */
typedef struct {
  RdSmsEncoding encoding;
  guint         units;
  guint         segments;
  guint         remaining;
} RdSmsCount;

/* Counts @text (UTF-8; invalid UTF-8 counts as UCS-2 up to the first bad byte). */
void        rd_sms_count            (const char    *text,
                                     RdSmsCount    *count);

/* TRUE when @c is in the GSM 03.38 default alphabet or its extension table. */
gboolean    rd_sms_char_is_gsm7     (gunichar       c);

/* "gsm7" or "ucs2". */
const char *rd_sms_encoding_to_string (RdSmsEncoding encoding);

G_END_DECLS
