/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-kannel-callbacks.h"

static const char *
param (GHashTable *query,
       const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

gboolean
rd_kannel_check_secret (RdKannelGateway *gateway,
                        GHashTable      *query)
{
  const char *expected = rd_kannel_gateway_get_config (gateway)->secret;
  const char *given = param (query, "secret");
  gsize n;
  guint diff = 0;

  if (given == NULL || strlen (given) != (n = strlen (expected)))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    diff |= (guint) (given[i] ^ expected[i]);
  return diff == 0;
}

gboolean
rd_kannel_parse_dlr (GHashTable   *query,
                     const char  **message_id,
                     RdSmsReport  *report,
                     const char  **reply,
                     GError      **error)
{
  const char *type = param (query, "type");
  guint64 value = 0;

  *message_id = param (query, "id");
  *reply = param (query, "reply");
  if (*message_id == NULL || **message_id == '\0')
    {
      g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                           "a delivery report needs “id” (the message)");
      return FALSE;
    }
  if (type == NULL || !g_ascii_string_to_unsigned (type, 10, 1, 16, &value, NULL))
    {
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "a delivery report needs “type” 1, 2, 4, 8 or 16, not “%s”",
                   type ? type : "");
      return FALSE;
    }
  switch (value)
    {
    case 1: *report = RD_SMS_REPORT_DELIVERED; break;
    case 2: *report = RD_SMS_REPORT_UNDELIVERED; break;
    case 4: *report = RD_SMS_REPORT_BUFFERED; break;
    case 8: *report = RD_SMS_REPORT_ACCEPTED; break;
    case 16: *report = RD_SMS_REPORT_REFUSED; break;
    default:
      g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                   "a delivery report needs “type” 1, 2, 4, 8 or 16, not “%s”", type);
      return FALSE;
    }
  if (*reply != NULL && !g_utf8_validate (*reply, -1, NULL))
    *reply = NULL;
  return TRUE;
}

char *
rd_kannel_parse_inbound (GHashTable  *query,
                         const char **from,
                         const char **to,
                         GError     **error)
{
  const char *text = param (query, "text");
  const char *charset = param (query, "charset");
  const char *coding = param (query, "coding");
  g_autofree char *converted = NULL;

  *from = param (query, "from");
  *to = param (query, "to");
  if (*from == NULL || **from == '\0' || text == NULL)
    {
      g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                           "an incoming SMS needs “from” and “text”");
      return NULL;
    }
  if (g_strcmp0 (coding, "1") == 0)
    {
      g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                           "an 8-bit (binary) SMS is not text; it is not kept");
      return NULL;
    }
  if (charset != NULL && *charset != '\0' && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
      g_strcmp0 (coding, "2") != 0)
    {
      converted = g_convert (text, -1, "UTF-8", charset, NULL, NULL, NULL);
      if (converted == NULL)
        {
          g_set_error (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                       "the text is not in the charset “%s” it names", charset);
          return NULL;
        }
      return g_steal_pointer (&converted);
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RD_SMS_ERROR, RD_SMS_ERROR_INVALID,
                           "the text is not UTF-8 (set “mo-recode = true” in smsbox so that "
                           "UCS-2 arrives as UTF-8)");
      return NULL;
    }
  return g_strdup (text);
}
