/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-uuid.h"

static GMutex uuid_mutex;
static gint64 uuid_last_ms;
static guint16 uuid_seq;

void
rd_uuid_v7_into (char out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint8 b[16];
  gint64 ms = g_get_real_time () / 1000;
  guint32 r1 = g_random_int (), r2 = g_random_int (), r3 = g_random_int ();
  guint16 seq;
  int j = 0;

  /* A 12-bit sequence in rand_a keeps ids from one process increasing within a millisecond. */
  g_mutex_lock (&uuid_mutex);
  if (ms <= uuid_last_ms)
    {
      ms = uuid_last_ms;
      uuid_seq++;
      if (uuid_seq > 0xfff)
        {
          ms = ++uuid_last_ms;
          uuid_seq = 0;
        }
    }
  else
    {
      uuid_last_ms = ms;
      uuid_seq = 0;
    }
  seq = uuid_seq;
  g_mutex_unlock (&uuid_mutex);

  b[0] = ms >> 40; b[1] = ms >> 32; b[2] = ms >> 24; b[3] = ms >> 16; b[4] = ms >> 8; b[5] = ms;
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | ((r1 >> 24) & 0x3f);
  b[9] = r1 >> 16; b[10] = r1 >> 8; b[11] = r1;
  b[12] = r2 >> 24; b[13] = r2 >> 16; b[14] = r2 >> 8; b[15] = r3;

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[j++] = '-';
      out[j++] = hex[b[i] >> 4];
      out[j++] = hex[b[i] & 0xf];
    }
  out[j] = '\0';
}

static void
format_uuid (const guint8 b[16],
             char         out[37])
{
  static const char hex[] = "0123456789abcdef";
  int j = 0;

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[j++] = '-';
      out[j++] = hex[b[i] >> 4];
      out[j++] = hex[b[i] & 0xf];
    }
  out[j] = '\0';
}

void
rd_uuid_v5_into (const char *name,
                 char        out[37])
{
  /* Ringdesk's namespace: a fixed UUIDv4 (8c9f0e4e-5b1d-4c8a-9d3b-2f6a7e1c4d50). */
  static const guint8 ns[16] = { 0x8c, 0x9f, 0x0e, 0x4e, 0x5b, 0x1d, 0x4c, 0x8a,
                                 0x9d, 0x3b, 0x2f, 0x6a, 0x7e, 0x1c, 0x4d, 0x50 };
  GChecksum *sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sha1, ns, sizeof ns);
  g_checksum_update (sha1, (const guchar *) name, strlen (name));
  g_checksum_get_digest (sha1, digest, &len);
  g_checksum_free (sha1);
  digest[6] = 0x50 | (digest[6] & 0x0f);
  digest[8] = 0x80 | (digest[8] & 0x3f);
  format_uuid (digest, out);
}

char *
rd_uuid_v7 (void)
{
  char buf[37];

  rd_uuid_v7_into (buf);
  return g_strdup (buf);
}

gboolean
rd_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (int i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}
