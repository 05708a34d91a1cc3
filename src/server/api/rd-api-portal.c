/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-api-handlers.h"

/* The staff side of the customers' portal (docs/portal.md):
 *   /customers[?status=pending]            portal registrations; approve / reject
 *   /enquiries[?status=S&q=WORDS]          the Contact us queue; accept / resolve / reject /
 *                                           unaccept
 *   /tickets/ID/accept, /tickets/ID/messages  take a portal ticket, read and answer its thread
 *   /tickets/ID/attachment                  the file the customer sent with it
 * Customers and enquiries are for support: admins, managers and the support team's members
 * (--portal-support-team); an agent of another team gets 403. A ticket's thread is for any
 * staff user who sees the ticket (404 otherwise, as for one that does not exist). Without a
 * portal every route answers 404. */

static RdPortal *
portal_for (RdApiRequest  *req,
            gboolean       support,
            const char    *action,
            GError       **error)
{
  RdPortal *portal = rd_server_get_portal (req->server);

  if (portal == NULL)
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                           "this server has no customer portal");
      return NULL;
    }
  if (support && !rd_portal_is_support (portal, req->caller))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "%s (team %s) may not %s: that needs an admin, a manager or a member of "
                   "the support team", rd_role_to_string (req->caller->role),
                   req->caller->team ? req->caller->team : "none", action);
      return NULL;
    }
  return portal;
}

static JsonNode *
customer_to_json (const RdCustomer *customer)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = rd_api_format_time (customer->created);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, customer->id);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, customer->email);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, customer->name);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, customer->status);
  json_builder_set_member_name (b, "contact_id");
  json_builder_add_string_value (b, customer->contact_id);
  json_builder_set_member_name (b, "decided_by");
  json_builder_add_string_value (b, customer->decided_by);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
enquiry_to_json (const RdEnquiry *enquiry)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = rd_api_format_time (enquiry->created);
  g_autofree char *handled = enquiry->handled_at ? rd_api_format_time (enquiry->handled_at) : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, enquiry->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, enquiry->name);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, enquiry->email);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, enquiry->message);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, enquiry->status);
  json_builder_set_member_name (b, "handled_by");
  json_builder_add_string_value (b, enquiry->handled_by);
  json_builder_set_member_name (b, "handled_at");
  json_builder_add_string_value (b, handled);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
query_string (RdApiRequest *req,
              const char   *name)
{
  const char *value = req->query ? g_hash_table_lookup (req->query, name) : NULL;

  return value && *value ? value : NULL;
}

/* ---- customers ------------------------------------------------------------------------- */

void
rd_api_portal_customers_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  JsonObject *object;
  JsonNode *root;
  const char *status = query_string (req, "status");
  RdPortal *portal = portal_for (req, TRUE, "list portal customers", &error);

  if (portal != NULL && status != NULL && !g_str_equal (status, "pending") &&
      !g_str_equal (status, "approved") && !g_str_equal (status, "rejected"))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                 "status: pending, approved or rejected, not “%s”", status);
  if (error == NULL)
    customers = rd_portal_db_list_customers (rd_portal_get_db (portal), status, &error);
  if (customers == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  for (guint i = 0; i < customers->len; i++)
    json_array_add_element (array, customer_to_json (g_ptr_array_index (customers, i)));
  object = json_object_new ();
  json_object_set_array_member (object, "customers", g_steal_pointer (&array));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  rd_api_reply_json (req, SOUP_STATUS_OK, root);
}

static void
decide (RdApiRequest *req,
        gboolean      approve)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomer) customer = NULL;
  RdPortal *portal = portal_for (req, TRUE, "approve or reject portal customers", &error);
  guint64 id = 0;

  if (portal != NULL &&
      !g_ascii_string_to_unsigned (req->params[0], 10, 1, G_MAXINT64, &id, NULL))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                 "“%s” is not a customer id", req->params[0]);
  if (error == NULL)
    customer = rd_portal_decide_customer (portal, (gint64) id, approve, req->caller, &error);
  if (customer == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, approve ? "customer-approve" : "customer-reject", customer->email,
                NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, customer_to_json (customer));
}

void
rd_api_portal_customers_approve (RdApiRequest *req)
{
  decide (req, TRUE);
}

void
rd_api_portal_customers_reject (RdApiRequest *req)
{
  decide (req, FALSE);
}

/* ---- enquiries ------------------------------------------------------------------------- */

static gboolean
enquiry_status_is_valid (const char *status)
{
  return g_strv_contains ((const char * const[]) { "unaccepted", "accepted", "resolved",
                                                   "rejected", NULL }, status);
}

void
rd_api_portal_enquiries_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) enquiries = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  RdPortal *portal = portal_for (req, TRUE, "see enquiries", &error);
  const char *status = query_string (req, "status");
  guint64 limit = 200;
  JsonObject *object;
  JsonNode *root;

  if (portal != NULL && status != NULL && !enquiry_status_is_valid (status))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                 "status: unaccepted, accepted, resolved or rejected, not “%s”", status);
  if (error == NULL && rd_api_query_uint64 (req, "limit", 200, 1000, &limit, &error))
    enquiries = rd_portal_db_list_enquiries (rd_portal_get_db (portal), status,
                                             query_string (req, "q"), (guint) limit, &error);
  if (enquiries == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  for (guint i = 0; i < enquiries->len; i++)
    json_array_add_element (array, enquiry_to_json (g_ptr_array_index (enquiries, i)));
  object = json_object_new ();
  json_object_set_array_member (object, "enquiries", g_steal_pointer (&array));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  rd_api_reply_json (req, SOUP_STATUS_OK, root);
}

void
rd_api_portal_enquiries_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdEnquiry) enquiry = NULL;
  RdPortal *portal = portal_for (req, TRUE, "see enquiries", &error);

  if (portal != NULL)
    enquiry = rd_portal_db_get_enquiry (rd_portal_get_db (portal), req->params[0], &error);
  if (enquiry == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, enquiry_to_json (enquiry));
}

static void
set_enquiry (RdApiRequest *req,
             const char   *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdEnquiry) enquiry = NULL;
  g_autofree char *action = g_strconcat ("enquiry-", status, NULL);
  RdPortal *portal = portal_for (req, TRUE, "work the enquiries queue", &error);

  if (portal != NULL &&
      rd_portal_db_set_enquiry (rd_portal_get_db (portal), req->params[0], status,
                                req->caller->name, &error))
    enquiry = rd_portal_db_get_enquiry (rd_portal_get_db (portal), req->params[0], &error);
  if (enquiry == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, action, enquiry->id, NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, enquiry_to_json (enquiry));
}

void
rd_api_portal_enquiries_accept (RdApiRequest *req)
{
  set_enquiry (req, "accepted");
}

void
rd_api_portal_enquiries_resolve (RdApiRequest *req)
{
  set_enquiry (req, "resolved");
}

void
rd_api_portal_enquiries_reject (RdApiRequest *req)
{
  set_enquiry (req, "rejected");
}

void
rd_api_portal_enquiries_unaccept (RdApiRequest *req)
{
  set_enquiry (req, "unaccepted");
}

/* ---- ticket threads -------------------------------------------------------------------- */

static JsonNode *
record_to_json (RdRecord *record)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_set_string_member (object, "id", rd_record_get_id (record));
  json_object_iter_init (&iter, rd_record_get_fields (record));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (object, name, json_node_copy (value));
  json_node_take_object (node, object);
  return node;
}

void
rd_api_portal_tickets_accept (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdPortal *portal = portal_for (req, FALSE, NULL, &error);

  if (portal == NULL || !rd_portal_accept_ticket (portal, req->params[0], req->caller, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, "ticket-accept", req->params[0], NULL);
  rd_api_reply_ok (req);
}

void
rd_api_portal_tickets_messages (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RdSyncViewer) viewer = rd_sync_viewer_new (rd_server_get_db (req->server),
                                                       req->caller);
  g_autoptr(JsonArray) array = json_array_new ();
  RdPortal *portal = portal_for (req, FALSE, NULL, &error);
  JsonObject *object;
  JsonNode *root;

  if (portal != NULL &&
      !rd_server_sync_visible_record (rd_server_get_sync (req->server), viewer, "tickets",
                                      req->params[0]))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no ticket %s", req->params[0]);
  if (error == NULL)
    messages = rd_portal_thread (portal, req->params[0], &error);
  if (messages == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  for (guint i = 0; i < messages->len; i++)
    json_array_add_element (array, record_to_json (g_ptr_array_index (messages, i)));
  object = json_object_new ();
  json_object_set_array_member (object, "messages", g_steal_pointer (&array));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  rd_api_reply_json (req, SOUP_STATUS_OK, root);
}

void
rd_api_portal_tickets_reply (RdApiRequest *req)
{
  static const char * const members[] = { "text", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(RdRecord) message = NULL;
  RdPortal *portal = portal_for (req, FALSE, NULL, &error);
  const char *text = NULL;

  if (portal != NULL)
    body = rd_api_read_object (req, &error);
  if (body != NULL &&
      rd_api_check_members (body, members, &error) &&
      rd_api_get_string (body, "text", TRUE, &text, &error))
    message = rd_portal_staff_reply (portal, req->params[0], req->caller, text, &error);
  if (message == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_CREATED, record_to_json (message));
}

void
rd_api_portal_tickets_attachment (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *disposition = NULL;
  RdPortal *portal = portal_for (req, FALSE, NULL, &error);
  SoupMessageHeaders *headers;
  gsize size;
  const char *data;

  if (portal != NULL)
    bytes = rd_portal_staff_attachment (portal, req->params[0], req->caller, &name, &error);
  if (bytes == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  /* Always a download, whatever the customer said its type was. */
  encoded = g_uri_escape_string (name ? name : "attachment", NULL, FALSE);
  disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", encoded);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  data = g_bytes_get_data (bytes, &size);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/octet-stream", SOUP_MEMORY_COPY,
                                    data, size);
}
