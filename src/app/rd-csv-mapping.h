/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The column → field rows of a CSV upload, shared by the contact import and the leadset
 * upload: one AdwComboRow per column ("(skip)" then @fields), its header as title, a
 * sample value as subtitle, the field guessed from the header selected. Not a GObject. */

/* The field of @fields that a column called @header holds, or NULL. */
const char *rd_csv_mapping_guess    (const char         *header,
                                     const char * const *fields);
GtkWidget  *rd_csv_mapping_row_new  (const char         *title,
                                     const char         *sample,
                                     const char * const *fields,
                                     const char         *guess);
/* "name=1,phone=3" from @rows (in column order), or NULL when nothing is mapped. */
char       *rd_csv_mapping_string   (GPtrArray          *rows,
                                     const char * const *fields);

/* Asks for a CSV file with the native chooser (GtkFileDialog is GTK 4.10; Debian 12 has
 * 4.8), modal to @parent; @chosen gets @parent and the path when one was chosen. */
void        rd_csv_mapping_choose_file (GtkWindow   *parent,
                                        void       (*chosen) (GtkWindow  *parent,
                                                              const char *path));

/* @text as a country code ("de" -> "DE") when libphonenumber knows it, else NULL. */
char       *rd_csv_mapping_country  (const char         *text);

G_END_DECLS
