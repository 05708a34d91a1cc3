/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) for contacts: FN, N, ORG, TITLE, TEL, EMAIL,
 * ADR (addresses: street, city, region, postal code, country; TYPE home, work, x-billing,
 * x-shipping), CATEGORIES (tags), NOTE (description), UID (the record id). */

typedef enum {
  RD_VCARD_3 = 3,
  RD_VCARD_4 = 4,
} RdVCardVersion;

/* One vCard for a contact record read with rd_store_get() (with phones and emails);
 * @org_name may be NULL. Lines are CRLF-terminated and folded at 75 octets. */
char      *rd_vcard_from_contact (RdRecord        *contact,
                                  const char      *org_name,
                                  RdVCardVersion   version);

/* Parses every BEGIN:VCARD..END:VCARD block of @text into "contacts" records with phones,
 * emails, and an "organization" field holding the ORG name. Accepts 2.1, 3.0 and 4.0;
 * fails (RD_STORE_ERROR_INVALID_VALUE) when there is no card or a card has no name. */
GPtrArray *rd_vcard_parse        (const char      *text,
                                  GError         **error);

/* Writes the live contacts matching @query (NULL = all) to @path. */
gboolean   rd_vcard_export       (RdStore         *store,
                                  const char      *query,
                                  const char      *path,
                                  RdVCardVersion   version,
                                  guint           *n_written,
                                  GError         **error);

/* Imports every card of @path in one transaction (organizations found by name or made).
 * Cards whose UID is an id already in the store are skipped (counted in @n_skipped). */
gboolean   rd_vcard_import       (RdStore         *store,
                                  const char      *path,
                                  guint           *n_imported,
                                  guint           *n_skipped,
                                  GError         **error);

G_END_DECLS
