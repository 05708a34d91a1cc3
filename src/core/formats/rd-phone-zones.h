/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_PHONE_ZONES_ERROR (rd_phone_zones_error_quark ())

typedef enum {
  RD_PHONE_ZONES_ERROR_PARSE,   /* a bad line in the table */
} RdPhoneZonesError;

GQuark rd_phone_zones_error_quark (void);

#define RD_TYPE_PHONE_ZONES (rd_phone_zones_get_type ())
G_DECLARE_FINAL_TYPE (RdPhoneZones, rd_phone_zones, RD, PHONE_ZONES, GObject)

/* The table of E.164 prefixes to IANA time zones (data/phone-timezones.tsv): lines
 * "PREFIX<TAB>ZONE[<TAB>note]", '#' comments. Libphonenumber in Debian has no time-zone
 * mapper, so Ringdesk keeps its own. */
RdPhoneZones *rd_phone_zones_new_from_file (const char    *path,
                                            GError       **error);
RdPhoneZones *rd_phone_zones_new_from_data (const char    *text,
                                            GError       **error);

/* PKGDATADIR/phone-timezones.tsv: where the installed table lives. */
char         *rd_phone_zones_default_path  (void);

/* The zone of the longest matching prefix of @number's digits ("+7 343 …" works), or
 * NULL when no prefix matches. The string belongs to the table. */
const char   *rd_phone_zones_lookup        (RdPhoneZones  *self,
                                            const char    *number);
guint         rd_phone_zones_get_size      (RdPhoneZones  *self);

G_END_DECLS
