/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A C face on libphonenumber. Regions are ISO 3166 codes ("RU", "US", "GB", "DE").
 * A number "parses" when libphonenumber reads it and its length is possible for its
 * country; it is "valid" when it also falls in a range its country assigns. The store
 * keeps an E.164 only for valid numbers (rd_phone_number_to_valid_e164); the others are
 * kept as typed. */

typedef enum {
  RD_PHONE_FORMAT_E164,           /* +79991234567 */
  RD_PHONE_FORMAT_INTERNATIONAL,  /* +7 999 123-45-67 */
  RD_PHONE_FORMAT_NATIONAL,       /* 8 (999) 123-45-67 */
} RdPhoneFormat;

/* E.164 of @text read with @default_region, or NULL when it does not parse. */
char     *rd_phone_number_to_e164          (const char    *text,
                                            const char    *default_region);

/* E.164 of @text read with @default_region when libphonenumber's full validation accepts
 * it for its country, else NULL: "030 1234567" is +49301234567 with "DE" and NULL with
 * "RU" (where +7 030… is possible but assigned to no one). What phones are stored with. */
char     *rd_phone_number_to_valid_e164    (const char    *text,
                                            const char    *default_region);

/* @text formatted for display, or NULL when it does not parse. */
char     *rd_phone_number_format           (const char    *text,
                                            const char    *default_region,
                                            RdPhoneFormat  format);

/* TRUE when libphonenumber's full validation (number ranges) accepts @text. */
gboolean  rd_phone_number_is_valid         (const char    *text,
                                            const char    *default_region);

/* The region ("RU") an E.164 number belongs to, or NULL. */
char     *rd_phone_number_get_region       (const char    *e164);

/* TRUE when libphonenumber knows @region (case-sensitive, upper-case). */
gboolean  rd_phone_number_region_supported (const char    *region);

/* Only the ASCII digits of @text ("+7 (999) 1" -> "79991"). */
char     *rd_phone_number_digits           (const char    *text);

G_END_DECLS
