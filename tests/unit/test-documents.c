/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-document-files.h"
#include "rd-document-type.h"
#include "rd-test-store.h"

/* Documents in the core: the type told by the bytes (not the name), the size limit, the
 * name kept, and the replica's documents folder that nothing leaves. */

static void
sniff_ok (const char *bytes,
          gsize       length,
          const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rd_document_sniff ((const guint8 *) bytes, length, &error), ==, expected);
  g_assert_no_error (error);
  g_assert_true (rd_document_type_is_known (expected));
}

static void
sniff_refused (const char *bytes,
               gsize       length,
               int         code,
               const char *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (rd_document_sniff ((const guint8 *) bytes, length, &error));
  g_assert_error (error, RD_DOCUMENT_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
}

/* A ZIP whose first entry is stored with @name and @content (as ODF and OOXML begin). */
static GByteArray *
zip_with (const char *name,
          const char *content)
{
  GByteArray *zip = g_byte_array_new ();
  guint8 header[30] = { 'P', 'K', 3, 4, 20, 0 };
  gsize name_length = strlen (name);

  header[26] = name_length & 0xff;
  header[27] = name_length >> 8;
  g_byte_array_append (zip, header, sizeof header);
  g_byte_array_append (zip, (const guint8 *) name, name_length);
  g_byte_array_append (zip, (const guint8 *) content, strlen (content));
  return zip;
}

static void
test_sniff_types (void)
{
  g_autoptr(GByteArray) odt = zip_with ("mimetype", "application/vnd.oasis.opendocument.text");
  g_autoptr(GByteArray) ods = zip_with ("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
  g_autoptr(GByteArray) docx = zip_with ("[Content_Types].xml", "<Types/>word/document.xml");
  g_autoptr(GByteArray) xlsx = zip_with ("[Content_Types].xml", "<Types/>xl/workbook.xml");
  g_autoptr(GByteArray) pptx = zip_with ("[Content_Types].xml", "<Types/>ppt/presentation.xml");

  sniff_ok ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, "application/pdf");
  sniff_ok ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "image/png");
  sniff_ok ("\xff\xd8\xff\xe0\0\x10JFIF", 10, "image/jpeg");
  sniff_ok ("GIF89a\x01\0\x01\0", 10, "image/gif");
  sniff_ok ("RIFF\x24\0\0\0WEBPVP8 ", 16, "image/webp");
  sniff_ok ("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10, "application/vnd.ms-office");
  sniff_ok ("Hello, world.\nПривет\tмир\r\n", strlen ("Hello, world.\nПривет\tмир\r\n"), "text/plain");
  sniff_ok ((const char *) odt->data, odt->len, "application/vnd.oasis.opendocument.text");
  sniff_ok ((const char *) ods->data, ods->len, "application/vnd.oasis.opendocument.spreadsheet");
  sniff_ok ((const char *) docx->data, docx->len,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  sniff_ok ((const char *) xlsx->data, xlsx->len,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  sniff_ok ((const char *) pptx->data, pptx->len,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
}

static void
test_sniff_refused (void)
{
  g_autoptr(GByteArray) zip = zip_with ("setup.exe", "MZ\x90\0");
  g_autoptr(GByteArray) fake_odf = zip_with ("mimetype", "application/x-msdownload");

  sniff_refused ("", 0, RD_DOCUMENT_ERROR_EMPTY, "empty");
  sniff_refused ("\x7f" "ELF\x02\x01\x01", 7, RD_DOCUMENT_ERROR_EXECUTABLE, "ELF");
  sniff_refused ("MZ\x90\0\x03\0\0\0", 8, RD_DOCUMENT_ERROR_EXECUTABLE, "Windows");
  sniff_refused ("\xcf\xfa\xed\xfe\x07\0\0\x01", 8, RD_DOCUMENT_ERROR_EXECUTABLE, "Mach-O");
  sniff_refused ("#!/bin/sh\nrm -rf ~\n", 19, RD_DOCUMENT_ERROR_EXECUTABLE, "script");
  sniff_refused ("\0asm\x01\0\0\0", 8, RD_DOCUMENT_ERROR_EXECUTABLE, "WebAssembly");
  sniff_refused ((const char *) zip->data, zip->len, RD_DOCUMENT_ERROR_UNSUPPORTED, "ZIP");
  sniff_refused ((const char *) fake_odf->data, fake_odf->len, RD_DOCUMENT_ERROR_UNSUPPORTED, "ZIP");
  sniff_refused ("  <html><script>alert(1)</script>", 33, RD_DOCUMENT_ERROR_UNSUPPORTED, "HTML");
  sniff_refused ("<svg onload=\"x()\"/>", 19, RD_DOCUMENT_ERROR_UNSUPPORTED, "markup");
  sniff_refused ("\x01\x02\x03\x04binary", 10, RD_DOCUMENT_ERROR_UNSUPPORTED, "accepted");
  sniff_refused ("text with a \0 in it", 19, RD_DOCUMENT_ERROR_UNSUPPORTED, "accepted");
  sniff_refused ("\xc3\x28 not UTF-8", 12, RD_DOCUMENT_ERROR_UNSUPPORTED, "accepted");
  /* The name says nothing: a program named report.pdf is still a program. */
  g_assert_false (rd_document_type_is_known ("application/x-msdownload"));
  g_assert_false (rd_document_type_is_known (NULL));
}

static void
test_size_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *big = g_malloc0 (2048);

  memcpy (big, "%PDF-1.4\n", 9);
  g_assert_cmpstr (rd_document_check (big, 2048, 2048, &error), ==, "application/pdf");
  g_assert_no_error (error);
  g_assert_null (rd_document_check (big, 2048, 2047, &error));
  g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "limit"));
  g_clear_error (&error);
  /* 0: the default, 25 MiB. */
  g_assert_cmpstr (rd_document_check (big, 2048, 0, &error), ==, "application/pdf");
  g_assert_cmpuint (RD_DOCUMENT_DEFAULT_MAX_SIZE, ==, 25 * 1024 * 1024);
}

static void
test_clean_name (void)
{
  struct { const char *in, *out; } cases[] = {
    { "contract.pdf", "contract.pdf" },
    { "/home/olga/Договор №5.pdf", "Договор №5.pdf" },
    { "C:\\Users\\x\\scan.png", "scan.png" },
    { "../../etc/passwd", "passwd" },
    { "  spaced.txt  ", "spaced.txt" },
    { "bell\x07.txt", "bell.txt" },
    { "..", NULL },
    { "dir/", NULL },
    { "", NULL },
    { "\xff\xfe", NULL },
  };
  g_autofree char *longer = g_strnfill (300, 'x');
  g_autofree char *cut = rd_document_clean_name (longer);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = rd_document_clean_name (cases[i].in);

      g_assert_cmpstr (clean, ==, cases[i].out);
    }
  g_assert_cmpuint (strlen (cut), ==, 200);
}

static void
test_path_safety (StoreFixture  *fx,
                  gconstpointer  data)
{
  const char *bad[] = { "../replica.db", "..", "a/b", "", "01900000-0000-7000-8000-00000000000/",
                        "/etc/passwd", "01900000-0000-7000-8000-0000000000aa/../../x", NULL };
  g_autofree char *ok = rd_document_files_path (fx->store, "01900000-0000-7000-8000-0000000000aa", NULL);
  g_autofree char *folder = g_build_filename (fx->dir, "documents", NULL);

  g_assert_nonnull (ok);
  g_assert_true (g_str_has_prefix (ok, folder));
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = rd_document_files_path (fx->store, bad[i], &error);

      g_assert_null (path);
      g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID);
    }
  g_assert_null (rd_document_files_path (fx->store, NULL, NULL));
  g_assert_false (rd_document_has_file (fx->store, "../replica.db"));
}

static void
test_attach_and_read (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autofree char *contact = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4\nbody\n%%EOF\n", 20);
  g_autoptr(GBytes) exe = g_bytes_new_static ("MZ\x90\0\x03\0", 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(RdRecord) parent = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autofree char *id = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

  rd_store_set_user (fx->store, "01900000-0000-7000-8000-0000000000e1");
  g_assert_true (rd_store_set_meta (fx->store, "sync.username", "olga", NULL));
  contact = store_add_contact (fx->store, "Olga", NULL, NULL, NULL);
  id = rd_document_attach (fx->store, "contacts", contact, "/tmp/Contract 2027.pdf", pdf, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  record = rd_store_get (fx->store, "documents", id, &error);
  g_assert_no_error (error);
  parent = rd_store_get (fx->store, "contacts", contact, &error);
  g_assert_cmpstr (rd_record_get_string (record, "name"), ==, "Contract 2027.pdf");
  g_assert_cmpstr (rd_record_get_string (record, "content_type"), ==, "application/pdf");
  g_assert_cmpint (rd_record_get_int (record, "size", 0), ==, 20);
  g_assert_cmpstr (rd_record_get_string (record, "sha256"), ==, sha);
  g_assert_cmpstr (rd_record_get_string (record, "uploaded_by"), ==, "olga");
  g_assert_cmpstr (rd_record_get_string (record, "parent_tbl"), ==, "contacts");
  g_assert_cmpint (rd_record_get_int (record, "created_at", 0), >, 0);
  /* A child row: visible as its parent is. */
  g_assert_cmpstr (rd_record_get_string (record, "owner"), ==, rd_record_get_string (parent, "owner"));
  g_assert_true (rd_document_has_file (fx->store, id));

  read = rd_document_read (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, pdf));

  /* A program is refused: nothing is written, no record. */
  refused = rd_document_attach (fx->store, "contacts", contact, "invoice.pdf", exe, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_EXECUTABLE);
  g_clear_error (&error);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM documents"), ==, 1);

  /* Over the limit: refused the same way. */
  g_assert_null (rd_document_attach (fx->store, "contacts", contact, "big.pdf", pdf, 10, &error));
  g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A parent that does not exist: no file is left behind. */
  g_assert_null (rd_document_attach (fx->store, "contacts", "01900000-0000-7000-8000-0000000000ff",
                                     "x.pdf", pdf, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autofree char *folder = g_build_filename (fx->dir, "documents", NULL);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    guint files = 0;

    while (dir != NULL && g_dir_read_name (dir) != NULL)
      files++;
    g_assert_cmpuint (files, ==, 1);
  }

  /* A file changed behind the store's back is not served as the document. */
  path = rd_document_files_path (fx->store, id, NULL);
  g_assert_true (g_file_set_contents (path, "%PDF-1.4\nother\n%%EOF", 20, NULL));
  g_clear_pointer (&read, g_bytes_unref);
  read = rd_document_read (fx->store, id, &error);
  g_assert_null (read);
  g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);
  /* ... and what is kept from the server must match the record too. */
  g_assert_false (rd_document_keep (fx->store, id, exe, &error));
  g_assert_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_document_keep (fx->store, id, pdf, &error));
  g_assert_no_error (error);
  read = rd_document_read (fx->store, id, &error);
  g_assert_no_error (error);

  /* Delete and restore (the Undo): a captured edit of the tombstone. */
  g_assert_true (rd_store_delete (fx->store, "documents", id, &error));
  g_assert_cmpint (rd_store_count (fx->store, "documents", NULL, NULL), ==, 0);
  g_assert_true (rd_document_restore (fx->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rd_store_count (fx->store, "documents", NULL, NULL), ==, 1);
  g_assert_false (rd_document_restore (fx->store, id, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/sniff/types", test_sniff_types);
  g_test_add_func ("/documents/sniff/refused", test_sniff_refused);
  g_test_add_func ("/documents/size-limit", test_size_limit);
  g_test_add_func ("/documents/clean-name", test_clean_name);
  g_test_add ("/documents/path-safety", StoreFixture, NULL,
              store_fixture_setup, test_path_safety, store_fixture_teardown);
  g_test_add ("/documents/attach-and-read", StoreFixture, NULL,
              store_fixture_setup, test_attach_and_read, store_fixture_teardown);

  return g_test_run ();
}
