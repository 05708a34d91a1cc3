/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-record.h"

struct _RdRecord
{
  GObject     parent_instance;
  char       *table;
  char       *id;
  JsonObject *fields;
};

G_DEFINE_TYPE (RdRecord, rd_record, G_TYPE_OBJECT)

static void
rd_record_finalize (GObject *object)
{
  RdRecord *self = RD_RECORD (object);

  g_free (self->table);
  g_free (self->id);
  json_object_unref (self->fields);

  G_OBJECT_CLASS (rd_record_parent_class)->finalize (object);
}

static void
rd_record_class_init (RdRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_record_finalize;
}

static void
rd_record_init (RdRecord *self)
{
  self->fields = json_object_new ();
}

RdRecord *
rd_record_new (const char *table)
{
  RdRecord *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (RD_TYPE_RECORD, NULL);
  self->table = g_strdup (table);
  return self;
}

RdRecord *
rd_record_new_from_json (const char *table,
                         JsonObject *object)
{
  RdRecord *self = rd_record_new (table);
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return self;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (object, name);

      if (g_str_equal (name, "id") && JSON_NODE_HOLDS_VALUE (node))
        rd_record_set_id (self, json_node_get_string (node));
      else if (!g_str_equal (name, "table"))
        json_object_set_member (self->fields, name, json_node_copy (node));
    }

  return self;
}

const char *
rd_record_get_table (RdRecord *self)
{
  g_return_val_if_fail (RD_IS_RECORD (self), NULL);
  return self->table;
}

const char *
rd_record_get_id (RdRecord *self)
{
  g_return_val_if_fail (RD_IS_RECORD (self), NULL);
  return self->id;
}

void
rd_record_set_id (RdRecord   *self,
                  const char *id)
{
  g_return_if_fail (RD_IS_RECORD (self));

  if (self->id != id)
    {
      g_free (self->id);
      self->id = g_strdup (id);
    }
}

JsonObject *
rd_record_get_fields (RdRecord *self)
{
  g_return_val_if_fail (RD_IS_RECORD (self), NULL);
  return self->fields;
}

gboolean
rd_record_has_field (RdRecord   *self,
                     const char *field)
{
  g_return_val_if_fail (RD_IS_RECORD (self), FALSE);
  return json_object_has_member (self->fields, field);
}

const char *
rd_record_get_string (RdRecord   *self,
                      const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (RD_IS_RECORD (self), NULL);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
rd_record_get_int (RdRecord   *self,
                   const char *field,
                   gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (RD_IS_RECORD (self), fallback);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64: return json_node_get_int (node);
    case G_TYPE_DOUBLE: return (gint64) json_node_get_double (node);
    case G_TYPE_BOOLEAN: return json_node_get_boolean (node);
    default: return fallback;
    }
}

double
rd_record_get_double (RdRecord   *self,
                      const char *field,
                      double      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (RD_IS_RECORD (self), fallback);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64: return json_node_get_int (node);
    case G_TYPE_DOUBLE: return json_node_get_double (node);
    default: return fallback;
    }
}

JsonArray *
rd_record_get_array (RdRecord   *self,
                     const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (RD_IS_RECORD (self), NULL);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

void
rd_record_set_string (RdRecord   *self,
                      const char *field,
                      const char *value)
{
  g_return_if_fail (RD_IS_RECORD (self));

  if (value == NULL)
    json_object_set_null_member (self->fields, field);
  else
    json_object_set_string_member (self->fields, field, value);
}

void
rd_record_set_int (RdRecord   *self,
                   const char *field,
                   gint64      value)
{
  g_return_if_fail (RD_IS_RECORD (self));
  json_object_set_int_member (self->fields, field, value);
}

void
rd_record_set_double (RdRecord   *self,
                      const char *field,
                      double      value)
{
  g_return_if_fail (RD_IS_RECORD (self));
  json_object_set_double_member (self->fields, field, value);
}

void
rd_record_set_null (RdRecord   *self,
                    const char *field)
{
  g_return_if_fail (RD_IS_RECORD (self));
  json_object_set_null_member (self->fields, field);
}

void
rd_record_remove_field (RdRecord   *self,
                        const char *field)
{
  g_return_if_fail (RD_IS_RECORD (self));
  if (json_object_has_member (self->fields, field))
    json_object_remove_member (self->fields, field);
}

static void
add_child (RdRecord   *self,
           const char *array_name,
           const char *key,
           const char *value,
           const char *kind)
{
  JsonArray *array = rd_record_get_array (self, array_name);
  JsonObject *child = json_object_new ();

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (self->fields, array_name, array);
    }

  json_object_set_string_member (child, key, value);
  if (kind != NULL)
    json_object_set_string_member (child, "kind", kind);
  json_array_add_object_element (array, child);
}

void
rd_record_add_phone (RdRecord   *self,
                     const char *raw,
                     const char *kind)
{
  g_return_if_fail (RD_IS_RECORD (self));
  g_return_if_fail (raw != NULL);
  add_child (self, "phones", "raw", raw, kind);
}

void
rd_record_add_phone_in_region (RdRecord   *self,
                               const char *raw,
                               const char *kind,
                               const char *region)
{
  JsonArray *phones;

  g_return_if_fail (RD_IS_RECORD (self));
  g_return_if_fail (raw != NULL);
  add_child (self, "phones", "raw", raw, kind);
  phones = rd_record_get_array (self, "phones");
  if (region != NULL)
    json_object_set_string_member (json_array_get_object_element (phones, json_array_get_length (phones) - 1),
                                   "region", region);
}

void
rd_record_add_email (RdRecord   *self,
                     const char *address,
                     const char *kind)
{
  g_return_if_fail (RD_IS_RECORD (self));
  g_return_if_fail (address != NULL);
  add_child (self, "emails", "address", address, kind);
}

JsonNode *
rd_record_to_json_node (RdRecord *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (RD_IS_RECORD (self), NULL);

  json_object_set_string_member (object, "table", self->table);
  if (self->id != NULL)
    json_object_set_string_member (object, "id", self->id);
  else
    json_object_set_null_member (object, "id");

  members = json_object_get_members (self->fields);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (self->fields, l->data)));

  json_node_take_object (node, object);
  return node;
}

char *
rd_record_to_json (RdRecord *self,
                   gboolean  pretty)
{
  g_autoptr(JsonNode) node = rd_record_to_json_node (self);

  return json_to_string (node, pretty);
}
