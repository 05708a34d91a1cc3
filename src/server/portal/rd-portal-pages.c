/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-portal-private.h"

/* A customer's tickets: the list (status, who took it and when), a new ticket with an
 * optional attachment, one ticket's thread with a reply form, the thread as JSON for the
 * page's live updates (portal.js polls it), and the attachment. Only the customer's own
 * tickets are found: another's answers 404, as one that does not exist. */

#define MAX_SUBJECT 200
#define MAX_TEXT 20000

static void
set_var (GHashTable *vars,
         const char *name,
         const char *value)
{
  g_hash_table_insert (vars, g_strdup (name), g_strdup (value ? value : ""));
}

static const char *
status_text (RdPortalCtx *ctx,
             const char  *status)
{
  g_autofree char *key = g_strconcat ("status.", status ? status : "open", NULL);

  return rd_portal_t (ctx->lang, key);
}

/* "NAME, TIME" (the list's column says "Taken by") or "Waiting for an agent", escaped. */
static char *
taken_text (RdPortalCtx *ctx,
            RdRecord    *ticket)
{
  gint64 when = 0;
  g_autofree char *who = rd_portal_tickets_taken (ctx->portal, ticket, &when);
  g_autofree char *at = NULL;
  g_autofree char *text = NULL;

  if (who == NULL)
    return rd_portal_escape (rd_portal_t (ctx->lang, "ticket.waiting"));
  at = rd_portal_format_time (when);
  text = g_strdup_printf ("%s, %s", who, at);
  return rd_portal_escape (text);
}

static char *
format_ms (gint64 ms)
{
  return rd_portal_format_time (ms / 1000);
}

void
rd_portal_page_tickets (RdPortalCtx *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = rd_portal_tickets_list (ctx->portal, ctx->customer, &error);
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *body = NULL;

  if (tickets == NULL)
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  for (guint i = 0; i < tickets->len; i++)
    {
      RdRecord *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(GHashTable) row = rd_portal_vars (ctx);
      g_autofree char *html = NULL;

      set_var (row, "id", rd_record_get_id (ticket));
      set_var (row, "subject", rd_record_get_string (ticket, "subject"));
      set_var (row, "status", rd_record_get_string (ticket, "status"));
      set_var (row, "status_text", status_text (ctx, rd_record_get_string (ticket, "status")));
      g_hash_table_insert (row, g_strdup ("taken"), taken_text (ctx, ticket));
      g_hash_table_insert (row, g_strdup ("created"),
                           format_ms (rd_record_get_int (ticket, "created_at", 0)));
      html = rd_portal_ctx_render (ctx, "ticket-row", row);
      g_string_append (rows, html);
    }
  if (tickets->len == 0)
    g_string_printf (rows, "<tr><td colspan=\"4\">%s</td></tr>",
                     rd_portal_t (ctx->lang, "tickets.none"));
  g_hash_table_insert (vars, g_strdup ("rows"), g_strdup (rows->str));
  body = rd_portal_ctx_render (ctx, "tickets", vars);
  rd_portal_reply_page (ctx, SOUP_STATUS_OK, rd_portal_t (ctx->lang, "tickets.title"), body);
}

static void
new_ticket_page (RdPortalCtx *ctx,
                 guint        status,
                 const char  *error_key)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;
  g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                            ctx->portal->options.max_attachment / 1024);

  set_var (vars, "subject", rd_portal_field (ctx, "subject"));
  set_var (vars, "text", rd_portal_field (ctx, "text"));
  set_var (vars, "attachment_limit", limit);
  if (error_key != NULL)
    g_hash_table_insert (vars, g_strdup ("error"),
                         g_strdup_printf ("<p class=\"error\" role=\"alert\">%s</p>",
                                          rd_portal_t (ctx->lang, error_key)));
  body = rd_portal_ctx_render (ctx, "ticket-new", vars);
  rd_portal_reply_page (ctx, status, rd_portal_t (ctx->lang, "new.title"), body);
}

/* A file name safe to show and to send back in Content-Disposition. */
static char *
clean_file_name (const char *name)
{
  g_autofree char *base = g_path_get_basename (name && *name ? name : "attachment");
  GString *out = g_string_new (NULL);

  for (const char *p = base; *p && out->len < 120; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == '"' || c == '\\' || c == '/' || c == 0x7f)
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
save_attachment (RdPortalCtx *ctx,
                 const char  *ticket_id,
                 const char  *file_name)
{
  g_autofree char *path = rd_portal_attachment_path (ctx->portal, ticket_id);
  g_autofree char *meta_path = g_strconcat (path, ".meta", NULL);
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autofree char *meta_text = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (ctx->file, &size);

  g_key_file_set_string (meta, "attachment", "name", file_name);
  g_key_file_set_string (meta, "attachment", "type",
                         ctx->file_type ? ctx->file_type : "application/octet-stream");
  meta_text = g_key_file_to_data (meta, NULL, NULL);
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error) ||
      !g_file_set_contents_full (meta_path, meta_text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    {
      g_warning ("portal: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
rd_portal_page_ticket_new (RdPortalCtx *ctx)
{
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;

  if (ctx->form == NULL)
    {
      new_ticket_page (ctx, SOUP_STATUS_OK, NULL);
      return;
    }
  subject = g_strstrip (g_strdup (rd_portal_field (ctx, "subject")));
  text = g_strstrip (g_strdup (rd_portal_field (ctx, "text")));
  if (*subject == '\0' || g_utf8_strlen (subject, -1) > MAX_SUBJECT)
    {
      new_ticket_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.subject");
      return;
    }
  if (*text == '\0' || strlen (text) > MAX_TEXT)
    {
      new_ticket_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.text");
      return;
    }
  if (ctx->file != NULL)
    {
      if (g_bytes_get_size (ctx->file) > ctx->portal->options.max_attachment)
        {
          new_ticket_page (ctx, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "error.attachment-large");
          return;
        }
      file_name = clean_file_name (ctx->file_name);
    }
  id = rd_portal_tickets_create (ctx->portal, ctx->customer, subject, text, file_name, &error);
  if (id == NULL || (ctx->file != NULL && !save_attachment (ctx, id, file_name)))
    {
      if (error != NULL)
        g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  location = g_strconcat ("/portal/tickets/", id, NULL);
  rd_portal_redirect (ctx, location);
}

/* The ticket's thread: its description as the first message, then the messages rows. */
static JsonNode *
thread_json (RdPortalCtx *ctx,
             RdRecord    *ticket,
             guint        after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) messages = rd_portal_thread (ctx->portal, rd_record_get_id (ticket), NULL);
  guint n = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, rd_record_get_string (ticket, "status"));
  json_builder_set_member_name (builder, "status_text");
  json_builder_add_string_value (builder, status_text (ctx, rd_record_get_string (ticket, "status")));
  json_builder_set_member_name (builder, "taken");
  {
    /* Sent as text; the page sets it with textContent. */
    g_autofree char *plain = NULL;
    gint64 when = 0;
    g_autofree char *who = rd_portal_tickets_taken (ctx->portal, ticket, &when);
    g_autofree char *at = rd_portal_format_time (when);

    plain = who ? g_strdup_printf ("%s %s, %s", rd_portal_t (ctx->lang, "ticket.taken-by"), who, at)
                : g_strdup (rd_portal_t (ctx->lang, "ticket.waiting"));
    json_builder_add_string_value (builder, plain);
  }
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; messages && i <= messages->len; i++)
    {
      RdRecord *message = i > 0 ? g_ptr_array_index (messages, i - 1) : NULL;
      gboolean mine = message == NULL ||
                      g_strcmp0 (rd_record_get_string (message, "direction"), "inbound") == 0;
      g_autofree char *at = NULL;

      if (++n <= after)
        continue;
      at = format_ms (rd_record_get_int (message ? message : ticket, "created_at", 0));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, n);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, mine ? "customer" : "staff");
      json_builder_set_member_name (builder, "who");
      json_builder_add_string_value (builder, mine ? ctx->customer->name
                                                   : rd_record_get_string (message, "address"));
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, at);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder,
                                     message ? rd_record_get_string (message, "body")
                                             : rd_record_get_string (ticket, "description"));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static RdRecord *
own_ticket (RdPortalCtx *ctx)
{
  g_autoptr(GError) error = NULL;
  RdRecord *ticket = rd_portal_tickets_get (ctx->portal, ctx->customer, ctx->params[0], &error);

  if (ticket == NULL)
    rd_portal_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "error.no-ticket");
  return ticket;
}

static void
ticket_page (RdPortalCtx *ctx,
             RdRecord    *ticket,
             guint        status,
             const char  *error_key)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autoptr(JsonNode) thread = thread_json (ctx, ticket, 0);
  JsonObject *object = json_node_get_object (thread);
  JsonArray *messages = json_object_get_array_member (object, "messages");
  g_autoptr(GString) items = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *count = g_strdup_printf ("%u", json_array_get_length (messages));
  g_autofree char *path = rd_portal_attachment_path (ctx->portal, rd_record_get_id (ticket));

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      g_autoptr(GHashTable) item = rd_portal_vars (ctx);
      g_autofree char *html = NULL;

      set_var (item, "side", json_object_get_string_member (m, "from"));
      set_var (item, "who", json_object_get_string_member (m, "who"));
      set_var (item, "at", json_object_get_string_member (m, "at"));
      set_var (item, "text", json_object_get_string_member (m, "text"));
      html = rd_portal_ctx_render (ctx, "message", item);
      g_string_append (items, html);
    }
  set_var (vars, "id", rd_record_get_id (ticket));
  set_var (vars, "subject", rd_record_get_string (ticket, "subject"));
  set_var (vars, "status", json_object_get_string_member (object, "status"));
  set_var (vars, "status_text", json_object_get_string_member (object, "status_text"));
  set_var (vars, "taken", json_object_get_string_member (object, "taken"));
  set_var (vars, "count", count);
  g_hash_table_insert (vars, g_strdup ("messages"), g_strdup (items->str));
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_hash_table_insert (vars, g_strdup ("attachment"),
                         g_strdup_printf ("<p><a href=\"/portal/tickets/%s/attachment\">%s</a></p>",
                                          rd_record_get_id (ticket),
                                          rd_portal_t (ctx->lang, "ticket.attachment")));
  if (error_key != NULL)
    g_hash_table_insert (vars, g_strdup ("error"),
                         g_strdup_printf ("<p class=\"error\" role=\"alert\">%s</p>",
                                          rd_portal_t (ctx->lang, error_key)));
  body = rd_portal_ctx_render (ctx, "ticket", vars);
  rd_portal_reply_page (ctx, status, rd_record_get_string (ticket, "subject"), body);
}

void
rd_portal_page_ticket (RdPortalCtx *ctx)
{
  g_autoptr(RdRecord) ticket = own_ticket (ctx);

  if (ticket != NULL)
    ticket_page (ctx, ticket, SOUP_STATUS_OK, NULL);
}

void
rd_portal_page_ticket_post (RdPortalCtx *ctx)
{
  g_autoptr(RdRecord) ticket = own_ticket (ctx);
  g_autoptr(RdRecord) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *location = NULL;

  if (ticket == NULL)
    return;
  text = g_strstrip (g_strdup (rd_portal_field (ctx, "text")));
  if (*text == '\0' || strlen (text) > MAX_TEXT)
    {
      ticket_page (ctx, ticket, SOUP_STATUS_BAD_REQUEST, "error.text");
      return;
    }
  message = rd_portal_tickets_message (ctx->portal, rd_record_get_id (ticket),
                                       rd_record_get_string (ticket, "owner"), TRUE,
                                       ctx->customer->email, text, &error);
  if (message == NULL)
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  /* A script posting in the background wants the thread, not a redirect. */
  if (g_str_equal (rd_portal_field (ctx, "reply"), "json"))
    {
      rd_portal_reply_json (ctx, thread_json (ctx, ticket, 0));
      return;
    }
  location = g_strdup_printf ("/portal/tickets/%s#end", rd_record_get_id (ticket));
  rd_portal_redirect (ctx, location);
}

void
rd_portal_page_ticket_json (RdPortalCtx *ctx)
{
  g_autoptr(RdRecord) ticket = own_ticket (ctx);
  const char *after_text = ctx->query ? g_hash_table_lookup (ctx->query, "after") : NULL;
  guint64 after = 0;

  if (ticket == NULL)
    return;
  if (after_text != NULL && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXUINT, &after, NULL))
    after = 0;
  rd_portal_reply_json (ctx, thread_json (ctx, ticket, (guint) after));
}

void
rd_portal_page_attachment (RdPortalCtx *ctx)
{
  g_autoptr(RdRecord) ticket = own_ticket (ctx);
  g_autofree char *path = NULL;
  g_autofree char *meta_path = NULL;
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *disposition = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  if (ticket == NULL)
    return;
  path = rd_portal_attachment_path (ctx->portal, rd_record_get_id (ticket));
  meta_path = g_strconcat (path, ".meta", NULL);
  if (!g_key_file_load_from_file (meta, meta_path, G_KEY_FILE_NONE, NULL) ||
      !g_file_get_contents (path, &data, &size, NULL))
    {
      rd_portal_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "error.not-found");
      return;
    }
  name = g_key_file_get_string (meta, "attachment", "name", NULL);
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  /* Always a download, never rendered in the portal's origin. */
  rd_portal_reply_bytes (ctx, "application/octet-stream", bytes);
  {
    g_autofree char *encoded = g_uri_escape_string (name ? name : "attachment", NULL, FALSE);

    disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", encoded);
  }
  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "Content-Disposition", disposition);
}
