/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-document-type.h"

G_DEFINE_QUARK (rd-document-error-quark, rd_document_error)

#define ODF_PREFIX "application/vnd.oasis.opendocument."

static const char *const known_types[] = {
  "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/vnd.ms-office",
  NULL,
};

gboolean
rd_document_type_is_known (const char *content_type)
{
  return content_type != NULL && g_strv_contains (known_types, content_type);
}

static gboolean
starts_with (const guint8 *data,
             gsize         length,
             const char   *magic,
             gsize         magic_length)
{
  return length >= magic_length && memcmp (data, magic, magic_length) == 0;
}

static gboolean
contains (const guint8 *data,
          gsize         length,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    {
      const guint8 *hit = memchr (data + i, needle[0], length - n - i + 1);

      if (hit == NULL)
        return FALSE;
      i = hit - data;
      if (memcmp (hit, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ODF puts an uncompressed "mimetype" entry first (ODF 1.2 part 3, 3.3): its content is
 * the type. OOXML is told by its parts' names, which every local header and the central
 * directory carry in clear. Anything else in a ZIP is an archive, which may hold anything. */
static const char *
sniff_zip (const guint8  *data,
           gsize          length,
           GError       **error)
{
  static const char *const odf[] = {
    ODF_PREFIX "text", ODF_PREFIX "spreadsheet", ODF_PREFIX "presentation", NULL,
  };

  if (length > 38 && memcmp (data + 30, "mimetype", 8) == 0)
    {
      guint name_length = data[26] | (data[27] << 8);
      guint extra_length = data[28] | (data[29] << 8);
      gsize at = 30 + (gsize) name_length + extra_length;

      for (guint i = 0; odf[i] != NULL && name_length == 8; i++)
        {
          gsize n = strlen (odf[i]);

          if (at + n <= length && memcmp (data + at, odf[i], n) == 0 &&
              (at + n == length || data[at + n] < 'a' || data[at + n] > 'z'))
            return odf[i];
        }
    }
  if (contains (data, length, "[Content_Types].xml"))
    {
      if (contains (data, length, "word/"))
        return known_types[6];
      if (contains (data, length, "xl/"))
        return known_types[7];
      if (contains (data, length, "ppt/"))
        return known_types[8];
    }
  g_set_error_literal (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_UNSUPPORTED,
                       "the file is a ZIP archive, which may hold anything; attach the files "
                       "themselves (PDF, images, office documents, text)");
  return NULL;
}

/* Text: valid UTF-8 without NUL or other control characters than tab, CR, LF, FF.
 * Markup that a browser would run (HTML, SVG, XML with scripts) is not plain text.
 * 1: text; 0: not text; -1: refused markup (@error set). */
static int
sniff_text (const guint8  *data,
            gsize          length,
            GError       **error)
{
  gsize start = 0;

  if (starts_with (data, length, "\xef\xbb\xbf", 3))
    start = 3;
  if (!g_utf8_validate_len ((const char *) data + start, length - start, NULL))
    return 0;
  for (gsize i = start; i < length; i++)
    if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' && data[i] != '\f')
      return 0;

  while (start < length && g_ascii_isspace (data[start]))
    start++;
  if (start < length && data[start] == '<')
    {
      g_set_error_literal (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_UNSUPPORTED,
                           "the file is HTML or XML markup, which a browser would run; "
                           "attach it as a PDF instead");
      return -1;
    }
  return 1;
}

static gboolean
is_executable (const guint8 *data,
               gsize         length,
               const char  **what)
{
  static const struct { const char *magic; gsize length; const char *what; } programs[] = {
    { "\x7f" "ELF", 4, "an ELF program" },
    { "MZ", 2, "a Windows program (MZ/PE)" },
    { "\xfe\xed\xfa\xce", 4, "a Mach-O program" },
    { "\xfe\xed\xfa\xcf", 4, "a Mach-O program" },
    { "\xce\xfa\xed\xfe", 4, "a Mach-O program" },
    { "\xcf\xfa\xed\xfe", 4, "a Mach-O program" },
    { "\xca\xfe\xba\xbe", 4, "a Mach-O or Java program" },
    { "#!", 2, "a script" },
    { "\0asm", 4, "a WebAssembly program" },
    { "dex\n", 4, "an Android program" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (programs); i++)
    if (starts_with (data, length, programs[i].magic, programs[i].length))
      {
        *what = programs[i].what;
        return TRUE;
      }
  return FALSE;
}

const char *
rd_document_sniff (const guint8  *data,
                   gsize          length,
                   GError       **error)
{
  const char *what = NULL;
  int text;

  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_EMPTY, "the file is empty");
      return NULL;
    }
  if (is_executable (data, length, &what))
    {
      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_EXECUTABLE,
                   "the file is %s; programs are never accepted as documents", what);
      return NULL;
    }

  if (starts_with (data, length, "%PDF-", 5))
    return "application/pdf";
  if (starts_with (data, length, "\x89PNG\r\n\x1a\n", 8))
    return "image/png";
  if (starts_with (data, length, "\xff\xd8\xff", 3))
    return "image/jpeg";
  if (starts_with (data, length, "GIF87a", 6) || starts_with (data, length, "GIF89a", 6))
    return "image/gif";
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (starts_with (data, length, "PK\x03\x04", 4))
    return sniff_zip (data, length, error);
  /* OLE2 compound files: Word 97-2003, Excel, PowerPoint (one type: telling them apart
   * means reading the directory; the opening application does). */
  if (starts_with (data, length, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
    return "application/vnd.ms-office";

  text = sniff_text (data, length, error);
  if (text < 0)
    return NULL;
  if (text > 0)
    return "text/plain";

  g_set_error_literal (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_UNSUPPORTED,
                       "the file is of a type documents do not take (accepted: PDF, PNG, JPEG, "
                       "GIF, WebP, Word, Excel, PowerPoint, OpenDocument, plain text)");
  return NULL;
}

const char *
rd_document_check (const guint8  *data,
                   gsize          length,
                   gsize          max_size,
                   GError       **error)
{
  if (max_size == 0)
    max_size = RD_DOCUMENT_DEFAULT_MAX_SIZE;
  if (length > max_size)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_TOO_LARGE,
                   "the file has %s; the limit is %s", size, limit);
      return NULL;
    }
  return rd_document_sniff (data, length, error);
}

char *
rd_document_clean_name (const char *name)
{
  g_autofree char *base = NULL;
  GString *clean;
  const char *p;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  /* The last component, whichever separator the sender's system used. */
  p = strrchr (name, '/');
  base = g_strdup (p != NULL ? p + 1 : name);
  p = strrchr (base, '\\');
  clean = g_string_new (NULL);
  for (p = p != NULL ? p + 1 : base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buffer[6];
      int n;

      if (g_unichar_iscntrl (c))
        continue;
      n = g_unichar_to_utf8 (c, buffer);
      if (clean->len + n > 200)
        break;
      g_string_append_len (clean, buffer, n);
    }
  g_strstrip (clean->str);
  clean->len = strlen (clean->str);
  if (clean->len == 0 || g_str_equal (clean->str, ".") || g_str_equal (clean->str, ".."))
    {
      g_string_free (clean, TRUE);
      return NULL;
    }
  return g_string_free (clean, FALSE);
}
