/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A CSV file read as rows of text fields (libcsv): the record loop under the contact
 * import, and rows for leadsets and DNC lists on the server. Errors are RD_CSV_ERROR
 * (rd-csv-import.h). */

/* One record: @line is where it starts (1-based). @fields holds char * (NULL for a field
 * that is not valid UTF-8), or @bad says why the record cannot be read (then @fields is
 * NULL). Return FALSE with @error set to stop reading. */
typedef gboolean (*RdCsvRowFunc) (guint       line,
                                  GPtrArray  *fields,
                                  const char *bad,
                                  gpointer    user_data,
                                  GError    **error);

/* The libcsv loop under both readers (the contact import's and rd_csv_read_rows()): the text
 * is fed one line at a time so that each record knows the line it starts on (1-based).
 * @fields (char *, freed with g_free) collects a record's fields, NULL for one that is not
 * valid UTF-8, and is emptied after @record. A quote left open at the end of the text is a
 * record of its own with @bad set and @fields NULL. @record, or @fed (the bytes fed so far,
 * after each line; may be NULL), returning FALSE stops the reading. FALSE with
 * RD_CSV_ERROR_READ only when libcsv cannot start or parse. */
typedef gboolean (*RdCsvRecordFunc)   (guint       line,
                                       GPtrArray  *fields,
                                       const char *bad,
                                       gpointer    user_data);
typedef gboolean (*RdCsvFedFunc)      (gsize       bytes_done,
                                       gpointer    user_data);

gboolean  rd_csv_read_records     (const char         *text,
                                   gsize               len,
                                   char                delimiter,
                                   GPtrArray          *fields,
                                   RdCsvRecordFunc     record,
                                   RdCsvFedFunc        fed,
                                   gpointer            user_data,
                                   GError            **error);

/* @contents as UTF-8 without a BOM, its length in *@out_len: @contents itself (past a BOM)
 * when @encoding is NULL or UTF-8, else the conversion, which *@converted then owns.
 * NULL with RD_CSV_ERROR_ENCODING when it is not valid text in @encoding. */
const char *rd_csv_decode         (const char    *contents,
                                   gsize          len,
                                   const char    *encoding,
                                   char         **converted,
                                   gsize         *out_len,
                                   GError       **error);

/* The delimiter (, ; TAB |) that appears most often outside quotes in the first lines. */
char      rd_csv_detect_delimiter (const char    *text,
                                   gsize          len);

/* Calls @func for each record that starts at or after line @start_row (0 and 1: all).
 * Records with no non-empty field are left out. */
gboolean  rd_csv_read_rows        (const char    *text,
                                   gsize          len,
                                   char           delimiter,
                                   guint          start_row,
                                   RdCsvRowFunc   func,
                                   gpointer       user_data,
                                   GError       **error);

G_END_DECLS
