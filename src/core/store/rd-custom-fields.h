/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* Custom fields: the fields an admin adds to a kind of record (contacts, organizations,
 * leads, deals, tickets, and the call center's campaign leads), each with a type, a label, a
 * place on the record page and whether it is required. Definitions are rows of the synced
 * table custom_fields (shared; the server lets only admins write them); a record's values
 * are child rows of custom_values, one per field that has a value (docs/store.md, "Custom
 * fields"). A record read with rd_store_get() carries its values as a "custom" object
 * {key: value}; rd_store_insert()/rd_store_update() take the same object (a key set to null
 * clears it). In search, a custom field is a field like the built-in ones (`vip = 1`). */

typedef enum {
  RD_CUSTOM_TEXT,
  RD_CUSTOM_LONG_TEXT,
  RD_CUSTOM_NUMBER,      /* stored as a number (whole numbers as integers) */
  RD_CUSTOM_MONEY,       /* a number rounded to cents, in the definition's currency */
  RD_CUSTOM_DATE,        /* ms since the epoch at 00:00 UTC of that day */
  RD_CUSTOM_DATETIME,    /* ms since the epoch */
  RD_CUSTOM_CHECKBOX,    /* 1 or 0; no value reads as unchecked */
  RD_CUSTOM_PICKLIST,    /* one of the options */
  RD_CUSTOM_MULTISELECT, /* some of the options: a JSON array as text, in the options' order */
  RD_CUSTOM_PHONE,       /* as typed (not part of the caller-id lookup) */
  RD_CUSTOM_EMAIL,       /* lower-case */
  RD_CUSTOM_URL,         /* with its scheme ("example.com" becomes https://example.com) */
} RdCustomType;

typedef struct {
  char         *id;        /* the row's id: a name-based UUID of (table, key) */
  char         *table;     /* "contacts", "organizations", "leads", "deals", "tickets", "campaign_leads" */
  char         *key;       /* [a-z][a-z0-9_]*, unique in its table, never a built-in field's name */
  char         *label;     /* as the admin wrote it */
  RdCustomType  type;
  gboolean      required;  /* the record page asks for a value (see rd_store_check_custom_required) */
  gint64        position;  /* order on the record page (and in lists of fields) */
  char         *section;   /* the record page's group it shows in; NULL = "Custom Fields" */
  char        **options;   /* picklist and multi-select: the choices (NULL-terminated) */
  char         *currency;  /* money: an ISO 4217 code ("RUB"), or NULL */
} RdCustomField;

RdCustomField *rd_custom_field_new          (const char          *table,
                                             const char          *key,
                                             const char          *label,
                                             RdCustomType         type);
RdCustomField *rd_custom_field_copy         (const RdCustomField *field);
void           rd_custom_field_free         (RdCustomField       *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCustomField, rd_custom_field_free)

/* "text", "long_text", "number", "money", "date", "datetime", "checkbox", "picklist",
 * "multiselect", "phone", "email", "url". */
const char    *rd_custom_type_to_string     (RdCustomType         type);
gboolean       rd_custom_type_from_string   (const char          *text,
                                             RdCustomType        *type);

/* TRUE for the types whose values are stored as text (and found by the quick search). */
gboolean       rd_custom_type_is_text       (RdCustomType         type);

/* The kinds of record that may have custom fields (NULL-terminated). */
const char * const *rd_custom_field_tables  (void);

/* @value (any JSON scalar, or for a multi-select an array) checked and normalized for
 * @field: the node to store (new), a null node for "no value" (null, "", blanks). Text is
 * read as people write it: "1 500,50", "2024-05-01" or "01.05.2024", "yes"/"да",
 * "a; b" for a multi-select. On error NULL, with the message starting "KEY: ". */
JsonNode      *rd_custom_field_parse        (const RdCustomField *field,
                                             JsonNode            *value,
                                             GError             **error);

/* The same for a text (a CSV cell, a typed entry). */
JsonNode      *rd_custom_field_parse_text   (const RdCustomField *field,
                                             const char          *text,
                                             GError             **error);

/* A stored value as text that rd_custom_field_parse_text() reads back: "12.5", "12.50",
 * "2024-05-01", "2024-05-01T14:30:00Z", "yes"/"no", "a; b"; NULL for no value. */
char          *rd_custom_field_format       (const RdCustomField *field,
                                             JsonNode            *value);

/* A multi-select's stored value as the list of its options (NULL-terminated, free it). */
char         **rd_custom_field_selected     (JsonNode            *value);

/* ---- definitions in the store -------------------------------------------------------- */

/* The live definitions of @table (NULL = every table), by table, position and label, as a
 * GPtrArray of RdCustomField. */
GPtrArray     *rd_store_list_custom_fields  (RdStore             *store,
                                             const char          *table,
                                             GError             **error);

/* The live definition of @key in @table, or NULL. */
RdCustomField *rd_store_get_custom_field    (RdStore             *store,
                                             const char          *table,
                                             const char          *key);

/* Adds @field or changes its label, required flag, position, section, options or currency
 * (found by table and key; the type of a field cannot change). A @position below 0 puts a
 * new field last. A key of a deleted field of the same type brings it back with its
 * values. Sets field->id. Captured like every write; the server refuses a definition
 * pushed by anyone but an admin. */
gboolean       rd_store_define_custom_field (RdStore             *store,
                                             RdCustomField       *field,
                                             GError             **error);

/* Deletes a definition (a tombstone): its values stay, no longer shown or searched. */
gboolean       rd_store_delete_custom_field (RdStore             *store,
                                             const char          *id,
                                             GError             **error);

/* Checks that @record (a record to insert, or one read with rd_store_get() and changed)
 * has a value for every required custom field of its table; the record page calls it
 * before it saves. The store itself does not refuse a record without one: imports,
 * conversions and the server's own writes know nothing of fields added since. */
gboolean       rd_store_check_custom_required (RdStore           *store,
                                               RdRecord          *record,
                                               GError           **error);

G_END_DECLS
