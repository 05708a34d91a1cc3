/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One row of a synced table as a bag of fields (a JsonObject): what the store reads and
 * writes, what the CLI prints and what the sync protocol carries. Contacts, leads and
 * organizations read from the store also carry "phones" and "emails" arrays of objects
 * ({id, raw, e164, invalid, kind} and {id, address, kind}). */

#define RD_TYPE_RECORD (rd_record_get_type ())
G_DECLARE_FINAL_TYPE (RdRecord, rd_record, RD, RECORD, GObject)

/* An empty record for @table ("contacts", "leads", ...), with no id yet. */
RdRecord    *rd_record_new            (const char *table);

/* A record for @table whose fields are a copy of @object ("id" becomes the id). */
RdRecord    *rd_record_new_from_json  (const char *table,
                                       JsonObject *object);

/* The table name. */
const char  *rd_record_get_table      (RdRecord   *self);

/* The UUIDv7 id, or NULL before the record is stored. */
const char  *rd_record_get_id         (RdRecord   *self);
void         rd_record_set_id         (RdRecord   *self,
                                       const char *id);

/* The fields (borrowed; "id" is kept apart, see rd_record_get_id()). */
JsonObject  *rd_record_get_fields     (RdRecord   *self);

/* TRUE when @field is present (even as null). */
gboolean     rd_record_has_field      (RdRecord   *self,
                                       const char *field);

/* The string value of @field, or NULL when absent, null or not a string. */
const char  *rd_record_get_string     (RdRecord   *self,
                                       const char *field);

/* The integer value of @field, or @fallback. */
gint64       rd_record_get_int        (RdRecord   *self,
                                       const char *field,
                                       gint64      fallback);

/* The number value of @field, or @fallback. */
double       rd_record_get_double     (RdRecord   *self,
                                       const char *field,
                                       double      fallback);

/* The array value of @field ("phones", "emails"), or NULL. */
JsonArray   *rd_record_get_array      (RdRecord   *self,
                                       const char *field);

void         rd_record_set_string     (RdRecord   *self,
                                       const char *field,
                                       const char *value);   /* NULL sets null */
void         rd_record_set_int        (RdRecord   *self,
                                       const char *field,
                                       gint64      value);
void         rd_record_set_double     (RdRecord   *self,
                                       const char *field,
                                       double      value);
void         rd_record_set_null       (RdRecord   *self,
                                       const char *field);
void         rd_record_remove_field   (RdRecord   *self,
                                       const char *field);

/* Appends {raw, kind} to the "phones" array; the store parses it on insert. */
void         rd_record_add_phone      (RdRecord   *self,
                                       const char *raw,
                                       const char *kind);

/* Appends {raw, kind, region}: the store reads @raw for @region ("DE") instead of its
 * default region. "region" is a hint for that write only; it is not stored. */
void         rd_record_add_phone_in_region (RdRecord   *self,
                                            const char *raw,
                                            const char *kind,
                                            const char *region);

/* Appends {address, kind} to the "emails" array. */
void         rd_record_add_email      (RdRecord   *self,
                                       const char *address,
                                       const char *kind);

/* A JSON object node with "table", "id" and all fields (new reference). */
JsonNode    *rd_record_to_json_node   (RdRecord   *self);

/* The record as JSON text. */
char        *rd_record_to_json        (RdRecord   *self,
                                       gboolean    pretty);

G_END_DECLS
