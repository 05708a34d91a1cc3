/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-netstring.h"

struct _RdNetstringReader {
  GByteArray *buffer;
  gboolean    broken;
};

G_DEFINE_QUARK (rd-netstring-error-quark, rd_netstring_error)

void
rd_netstring_append (GString    *out,
                     const char *data,
                     gsize       len)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  g_string_append_printf (out, "%" G_GSIZE_FORMAT ":", len);
  g_string_append_len (out, data, len);
  g_string_append_c (out, ',');
}

RdNetstringReader *
rd_netstring_reader_new (void)
{
  RdNetstringReader *reader = g_new0 (RdNetstringReader, 1);

  reader->buffer = g_byte_array_new ();
  return reader;
}

void
rd_netstring_reader_free (RdNetstringReader *reader)
{
  if (reader == NULL)
    return;

  g_byte_array_unref (reader->buffer);
  g_free (reader);
}

void
rd_netstring_reader_feed (RdNetstringReader *reader,
                          const char        *data,
                          gsize              len)
{
  g_return_if_fail (reader != NULL);

  if (reader->broken || len == 0)
    return;

  g_byte_array_append (reader->buffer, (const guint8 *) data, len);
}

static GBytes *
fail (RdNetstringReader  *reader,
      GError            **error,
      RdNetstringError    code,
      const char         *message)
{
  reader->broken = TRUE;
  g_byte_array_set_size (reader->buffer, 0);
  g_set_error_literal (error, RD_NETSTRING_ERROR, code, message);
  return NULL;
}

GBytes *
rd_netstring_reader_next (RdNetstringReader  *reader,
                          GError            **error)
{
  const guint8 *buf;
  gsize avail;
  gsize length = 0;
  gsize i;
  char *payload;

  g_return_val_if_fail (reader != NULL, NULL);

  if (reader->broken)
    {
      g_set_error_literal (error, RD_NETSTRING_ERROR, RD_NETSTRING_ERROR_MALFORMED,
                           "The netstring stream is broken");
      return NULL;
    }

  buf = reader->buffer->data;
  avail = reader->buffer->len;

  for (i = 0; i < avail && buf[i] != ':'; i++)
    {
      if (!g_ascii_isdigit (buf[i]))
        return fail (reader, error, RD_NETSTRING_ERROR_MALFORMED,
                     "Netstring length is not a number");
      /* A leading zero is only allowed for the empty string ("0:,"). */
      if (i == 1 && buf[0] == '0')
        return fail (reader, error, RD_NETSTRING_ERROR_MALFORMED,
                     "Netstring length has a leading zero");
      length = length * 10 + (buf[i] - '0');
      if (length > RD_NETSTRING_MAX_LENGTH)
        return fail (reader, error, RD_NETSTRING_ERROR_TOO_LONG,
                     "Netstring is too long");
    }

  if (i == avail)
    return NULL;  /* the length is not complete yet */

  if (i == 0)
    return fail (reader, error, RD_NETSTRING_ERROR_MALFORMED,
                 "Netstring has no length");

  /* digits ':' payload ',' */
  if (avail < i + 1 + length + 1)
    return NULL;

  if (buf[i + 1 + length] != ',')
    return fail (reader, error, RD_NETSTRING_ERROR_MALFORMED,
                 "Netstring does not end with a comma");

  payload = g_malloc (length + 1);
  memcpy (payload, buf + i + 1, length);
  payload[length] = '\0';
  g_byte_array_remove_range (reader->buffer, 0, i + 1 + length + 1);

  /* The size excludes the terminating NUL, which is there for string use. */
  return g_bytes_new_with_free_func (payload, length, g_free, payload);
}
