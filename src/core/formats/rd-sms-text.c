/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-sms-text.h"

/* GSM 03.38: which characters a 7-bit SMS can carry. The default alphabet takes one
 * septet a character; the extension table (reached through ESC) two. The sizes of a
 * segment come from 3GPP TS 23.040: 140 octets, of which a concatenated message gives 6
 * to its header (153 septets, 67 UCS-2 units). */

#define GSM7_SINGLE 160
#define GSM7_MULTI  153
#define UCS2_SINGLE 70
#define UCS2_MULTI  67

/* The default alphabet outside printable ASCII, and the ASCII it lacks. */
static const gunichar gsm7_basic_extra[] = {
  0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
  0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
  0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
  0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
  '\n', '\r',
};

/* Printable ASCII the default alphabet does not have (they are in the extension table
 * or nowhere): ` is nowhere. */
static const char ascii_not_basic[] = "[\\]^`{|}~";

static const gunichar gsm7_extension[] = {
  '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC, '\f',
};

static gboolean
in_table (const gunichar *table,
          gsize           n,
          gunichar        c)
{
  for (gsize i = 0; i < n; i++)
    if (table[i] == c)
      return TRUE;
  return FALSE;
}

/* Septets @c takes in GSM-7: 1, 2 (extension) or 0 (not representable). */
static guint
gsm7_septets (gunichar c)
{
  if (c >= 0x20 && c < 0x7F && c != '@' && c != '$' && c != '_' &&
      strchr (ascii_not_basic, (int) c) == NULL)
    return 1;
  if (c == '@' || c == '$' || c == '_' ||
      in_table (gsm7_basic_extra, G_N_ELEMENTS (gsm7_basic_extra), c))
    return 1;
  if (in_table (gsm7_extension, G_N_ELEMENTS (gsm7_extension), c))
    return 2;
  return 0;
}

gboolean
rd_sms_char_is_gsm7 (gunichar c)
{
  return gsm7_septets (c) > 0;
}

const char *
rd_sms_encoding_to_string (RdSmsEncoding encoding)
{
  return encoding == RD_SMS_ENCODING_GSM7 ? "gsm7" : "ucs2";
}

static void
fill_segments (RdSmsCount *count,
               guint       single,
               guint       multi)
{
  if (count->units <= single)
    {
      count->segments = 1;
      count->remaining = single - count->units;
      return;
    }
  count->segments = (count->units + multi - 1) / multi;
  count->remaining = count->segments * multi - count->units;
}

void
rd_sms_count (const char *text,
              RdSmsCount *count)
{
  const char *end = NULL;
  guint septets = 0, ucs2 = 0;
  gboolean gsm7 = TRUE;

  g_return_if_fail (count != NULL);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, &end))
    gsm7 = FALSE;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint n = gsm7_septets (c);

      if (n == 0)
        gsm7 = FALSE;
      septets += n;
      ucs2 += c > 0xFFFF ? 2 : 1;
    }

  count->encoding = gsm7 ? RD_SMS_ENCODING_GSM7 : RD_SMS_ENCODING_UCS2;
  count->units = gsm7 ? septets : ucs2;
  if (gsm7)
    fill_segments (count, GSM7_SINGLE, GSM7_MULTI);
  else
    fill_segments (count, UCS2_SINGLE, UCS2_MULTI);
}
