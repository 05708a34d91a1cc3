/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-password-pool.h"
#include "rd-portal-private.h"
#include "rd-portal-resources.h"

/* RdPortal: routing of the pages under /portal/, the request context, cookies, CSRF tokens and replies.
 * Sessions live in portal.db (the cookie holds a 256-bit token, the database its SHA-256
 * and the session's CSRF token). A visitor who is not signed in gets a CSRF token in a
 * cookie of its own (double submit), so the register, sign-in and Contact us forms are
 * protected too. Every POST is checked before its page runs. */

#define PREFIX "/portal"
#define SESSION_COOKIE "rdp_session"
#define CSRF_COOKIE "rdp_csrf"

G_DEFINE_FINAL_TYPE (RdPortal, rd_portal, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-portal-error-quark, rd_portal_error)

enum {
  SIGNAL_SEQUENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  const char   *method;
  const char   *pattern;   /* segments after /portal/, "*" is one segment */
  gboolean      signed_in; /* needs a customer's session */
  RdPortalPage  page;
} RdPortalRoute;

static void page_home (RdPortalCtx *ctx);
static void page_static (RdPortalCtx *ctx);

/* Order matters where a literal and a "*" could both match. */
static const RdPortalRoute routes[] = {
  { "GET",  "",                       FALSE, page_home },
  { "GET",  "static/*",               FALSE, page_static },
  { "GET",  "register",               FALSE, rd_portal_page_register },
  { "POST", "register",               FALSE, rd_portal_page_register },
  { "GET",  "signin",                 FALSE, rd_portal_page_signin },
  { "POST", "signin",                 FALSE, rd_portal_page_signin },
  { "POST", "signout",                TRUE,  rd_portal_page_signout },
  { "GET",  "profile",                TRUE,  rd_portal_page_profile },
  { "POST", "profile",                TRUE,  rd_portal_page_profile },
  { "GET",  "photo",                  TRUE,  rd_portal_page_photo },
  { "GET",  "contact",                FALSE, rd_portal_page_contact },
  { "POST", "contact",                FALSE, rd_portal_page_contact },
  { "GET",  "tickets",                TRUE,  rd_portal_page_tickets },
  { "GET",  "tickets/new",            TRUE,  rd_portal_page_ticket_new },
  { "POST", "tickets/new",            TRUE,  rd_portal_page_ticket_new },
  { "GET",  "tickets/*",              TRUE,  rd_portal_page_ticket },
  { "POST", "tickets/*/messages",     TRUE,  rd_portal_page_ticket_post },
  { "GET",  "tickets/*/thread.json",  TRUE,  rd_portal_page_ticket_json },
  { "GET",  "tickets/*/attachment",   TRUE,  rd_portal_page_attachment },
};

void
rd_portal_options_init_default (RdPortalOptions *options)
{
  memset (options, 0, sizeof *options);
  rd_password_cost_default (&options->cost);
  options->session_ttl = 12 * 60 * 60;
  options->limit_user = 5;
  options->limit_address = 20;
  options->window = 60;
  options->max_photo = 1024 * 1024;
  options->max_attachment = 5 * 1024 * 1024;
  options->support_team = (char *) "support";
}

/* ---- context ------------------------------------------------------------------------- */

static void
ctx_free (RdPortalCtx *ctx)
{
  g_clear_object (&ctx->msg);
  g_free (ctx->address);
  g_strfreev (ctx->params);
  g_clear_pointer (&ctx->customer, rd_customer_free);
  g_free (ctx->session_hash);
  g_free (ctx->csrf);
  g_clear_pointer (&ctx->form, g_hash_table_unref);
  g_clear_pointer (&ctx->file, g_bytes_unref);
  g_free (ctx->file_name);
  g_free (ctx->file_type);
  g_clear_pointer (&ctx->query, g_hash_table_unref);
  g_clear_object (&ctx->portal);
}

RdPortalCtx *
rd_portal_ctx_ref (RdPortalCtx *ctx)
{
  return g_atomic_rc_box_acquire (ctx);
}

void
rd_portal_ctx_unref (RdPortalCtx *ctx)
{
  g_atomic_rc_box_release_full (ctx, (GDestroyNotify) ctx_free);
}

/* ---- replies ------------------------------------------------------------------------- */

static void
set_common_headers (RdPortalCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ctx->msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self'; style-src 'self'; "
                                "script-src 'self'; form-action 'self'; frame-ancestors 'none'");
  soup_message_headers_replace (headers, "Content-Language", ctx->lang);
  if (ctx->csrf_is_new)
    {
      g_autofree char *cookie = g_strdup_printf (
        CSRF_COOKIE "=%s; Path=" PREFIX "; HttpOnly; SameSite=Lax%s", ctx->csrf,
        ctx->portal->https ? "; Secure" : "");

      soup_message_headers_append (headers, "Set-Cookie", cookie);
      ctx->csrf_is_new = FALSE;
    }
}

static void
reply_text (RdPortalCtx *ctx,
            guint        status,
            const char  *content_type,
            char        *text)   /* taken */
{
  set_common_headers (ctx);
  soup_server_message_set_status (ctx->msg, status, NULL);
  soup_server_message_set_response (ctx->msg, content_type, SOUP_MEMORY_TAKE, text,
                                    strlen (text));
}

GHashTable *
rd_portal_vars (RdPortalCtx *ctx)
{
  GHashTable *vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (vars, g_strdup ("csrf"), g_strdup (ctx->csrf));
  g_hash_table_insert (vars, g_strdup ("lang"), g_strdup (ctx->lang));
  return vars;
}

char *
rd_portal_ctx_render (RdPortalCtx *ctx,
                      const char  *name,
                      GHashTable  *vars)
{
  return rd_portal_render (name, ctx->lang, vars);
}

void
rd_portal_reply_page (RdPortalCtx *ctx,
                      guint        status,
                      const char  *title,
                      const char  *body)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);

  g_hash_table_insert (vars, g_strdup ("title"), g_strdup (title));
  g_hash_table_insert (vars, g_strdup ("body"), g_strdup (body));
  if (ctx->customer != NULL)
    {
      g_hash_table_insert (vars, g_strdup ("who"), g_strdup (ctx->customer->name));
      g_hash_table_insert (vars, g_strdup ("nav"),
                           rd_portal_ctx_render (ctx, "nav-customer", vars));
    }
  else
    g_hash_table_insert (vars, g_strdup ("nav"), rd_portal_ctx_render (ctx, "nav-visitor", vars));
  reply_text (ctx, status, "text/html; charset=utf-8", rd_portal_ctx_render (ctx, "layout", vars));
}

void
rd_portal_reply_error (RdPortalCtx *ctx,
                       guint        status,
                       const char  *key)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;

  g_hash_table_insert (vars, g_strdup ("message"), g_strdup (rd_portal_t (ctx->lang, key)));
  body = rd_portal_ctx_render (ctx, "error", vars);
  rd_portal_reply_page (ctx, status, rd_portal_t (ctx->lang, "error.title"), body);
}

void
rd_portal_redirect (RdPortalCtx *ctx,
                    const char  *location)
{
  /* A relative Location (RFC 9110): the page stays on the host and scheme it was asked on. */
  set_common_headers (ctx);
  soup_server_message_set_status (ctx->msg, SOUP_STATUS_SEE_OTHER, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "Location", location);
}

void
rd_portal_reply_json (RdPortalCtx *ctx,
                      JsonNode    *node)
{
  g_autoptr(JsonNode) owned = node;

  reply_text (ctx, SOUP_STATUS_OK, "application/json", json_to_string (owned, FALSE));
}

void
rd_portal_reply_bytes (RdPortalCtx *ctx,
                       const char  *content_type,
                       GBytes      *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  set_common_headers (ctx);
  soup_server_message_set_status (ctx->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (ctx->msg, content_type, SOUP_MEMORY_COPY, data, size);
}

const char *
rd_portal_field (RdPortalCtx *ctx,
                 const char  *name)
{
  const char *value = ctx->form ? g_hash_table_lookup (ctx->form, name) : NULL;

  return value ? value : "";
}

char *
rd_portal_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M UTC") : g_strdup ("");
}

/* ---- limits, sessions, deferred work ------------------------------------------------- */

gboolean
rd_portal_check_limit (RdPortalCtx *ctx,
                       const char  *form)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", form, ctx->address);
  gint64 now = g_get_monotonic_time ();
  guint retry_after = 0;

  if (!rd_rate_limit_check (ctx->portal->address_limit, key, now, &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", MAX (retry_after, 1u));

      soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                    "Retry-After", seconds);
      rd_portal_reply_error (ctx, RD_PORTAL_STATUS_TOO_MANY, "error.rate");
      return FALSE;
    }
  rd_rate_limit_record (ctx->portal->address_limit, key, now);
  return TRUE;
}

gboolean
rd_portal_start_session (RdPortalCtx  *ctx,
                         RdCustomer   *customer,
                         GError      **error)
{
  RdPortal *self = ctx->portal;
  g_autofree char *token = rd_token_new ();
  g_autofree char *hash = rd_token_hash (token);
  g_autofree char *csrf = rd_token_new ();
  g_autofree char *cookie = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!rd_portal_db_add_session (self->db, hash, customer->id, csrf,
                                 now + self->options.session_ttl, error))
    return FALSE;
  cookie = g_strdup_printf (SESSION_COOKIE "=%s; Path=" PREFIX "; Max-Age=%u; HttpOnly; "
                            "SameSite=Lax%s", token, self->options.session_ttl,
                            self->https ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (ctx->msg),
                               "Set-Cookie", cookie);
  return TRUE;
}

void
rd_portal_end_session (RdPortalCtx *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cookie = g_strdup_printf (SESSION_COOKIE "=; Path=" PREFIX "; Max-Age=0; "
                                             "HttpOnly; SameSite=Lax%s",
                                             ctx->portal->https ? "; Secure" : "");

  if (ctx->session_hash != NULL &&
      !rd_portal_db_end_session (ctx->portal->db, ctx->session_hash, &error))
    g_warning ("portal: %s", error->message);
  soup_message_headers_append (soup_server_message_get_response_headers (ctx->msg),
                               "Set-Cookie", cookie);
}

typedef struct {
  RdPortalCtx    *ctx;
  GThreadFunc     work;
  gpointer        data;
  GDestroyNotify  destroy;
  void          (*done) (RdPortalCtx *ctx, gpointer data);
} Deferred;

static void
deferred_free (Deferred *job)
{
  if (job->destroy)
    job->destroy (job->data);
  rd_portal_ctx_unref (job->ctx);
  g_free (job);
}

static void
deferred_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Deferred *job = task_data;

  job->work (job->data);
  g_task_return_boolean (task, TRUE);
}

static void
deferred_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Deferred *job = g_task_get_task_data (G_TASK (result));

  job->done (job->ctx, job->data);
  soup_server_message_unpause (job->ctx->msg);
}

void
rd_portal_defer (RdPortalCtx    *ctx,
                 GThreadFunc     work,
                 gpointer        data,
                 GDestroyNotify  destroy,
                 void          (*done) (RdPortalCtx *ctx, gpointer data))
{
  g_autoptr(GTask) task = g_task_new (ctx->portal, NULL, deferred_done_cb, NULL);
  Deferred *job = g_new0 (Deferred, 1);

  job->ctx = rd_portal_ctx_ref (ctx);
  job->work = work;
  job->data = data;
  job->destroy = destroy;
  job->done = done;
  soup_server_message_pause (ctx->msg);
  g_task_set_source_tag (task, rd_portal_defer);
  g_task_set_task_data (task, job, (GDestroyNotify) deferred_free);
  rd_password_pool_run (task, deferred_thread);
}

void
rd_portal_notify_seq (RdPortal *self,
                      gint64    seq)
{
  g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, (guint64) seq);
}

/* ---- small pages --------------------------------------------------------------------- */

static void
page_home (RdPortalCtx *ctx)
{
  rd_portal_redirect (ctx, ctx->customer ? PREFIX "/tickets" : PREFIX "/signin");
}

static void
page_static (RdPortalCtx *ctx)
{
  g_autoptr(GBytes) bytes = rd_portal_static (ctx->params[0]);
  const char *type;

  if (bytes == NULL)
    {
      rd_portal_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "error.not-found");
      return;
    }
  type = g_str_has_suffix (ctx->params[0], ".js") ? "text/javascript; charset=utf-8"
                                                  : "text/css; charset=utf-8";
  rd_portal_reply_bytes (ctx, type, bytes);
  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "Cache-Control", "max-age=300");
}

/* ---- request reading ----------------------------------------------------------------- */

static char *
cookie_value (SoupServerMessage *msg,
              const char        *name)
{
  const char *header = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "Cookie");
  g_autoptr(GHashTable) cookies = NULL;

  if (header == NULL)
    return NULL;
  cookies = soup_header_parse_semi_param_list (header);
  return g_strdup (g_hash_table_lookup (cookies, name));
}

/* A NUL in a text field of a multipart form (the file may hold any bytes): the decoded
 * field would be cut there. */
static gboolean
multipart_text_has_nul (SoupMultipart *multipart)
{
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (soup_message_headers_get_content_disposition (part_headers, NULL, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        continue;
      if (memchr (g_bytes_get_data (part_body, NULL), '\0', g_bytes_get_size (part_body)))
        return TRUE;
    }
  return FALSE;
}

/* Reads the form of a POST: urlencoded or multipart (one file field, "file"). A NUL in
 * any text field (raw, or %00) refuses the form, as the API refuses \u0000 in JSON. */
/* What soup_form_decode_multipart() (libsoup 3.2) mishandles, refused before it sees the
 * multipart (both found by fuzz-portal-forms): a part whose Content-Disposition names no
 * disposition ("a=b; name=x"), which it compares as NULL with "form-data" (a critical, and
 * the part taken as form data); and a second part named "file", for which it overwrites the
 * first one's file name, type and body without freeing them (a leak of the whole body per
 * request). The portal takes one file. */
static gboolean
multipart_is_acceptable (SoupMultipart *multipart)
{
  guint files = 0;

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *part = NULL;
      char *disposition = NULL;
      GHashTable *params = NULL;
      gboolean named;

      if (!soup_multipart_get_part (multipart, i, &headers, &part))
        return FALSE;
      if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
        continue;   /* no disposition at all: libsoup skips the part */
      named = disposition != NULL;
      if (params != NULL && g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        files++;
      g_free (disposition);
      g_clear_pointer (&params, g_hash_table_unref);
      if (!named || files > 1)
        return FALSE;
    }
  return TRUE;
}

/* Reads the form of a POST: urlencoded or multipart (one file field, "file"). */
static gboolean
read_form (RdPortalCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (ctx->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  if (type != NULL && g_ascii_strcasecmp (type, "multipart/form-data") == 0)
    {
      /* soup_form_decode_multipart() takes the multipart. */
      SoupMultipart *multipart = soup_multipart_new_from_message (headers, bytes);
      GBytes *file = NULL;

      if (multipart == NULL)
        return FALSE;
      if (!multipart_is_acceptable (multipart) || multipart_text_has_nul (multipart))
        {
          soup_multipart_free (multipart);
          return FALSE;
        }
      ctx->form = soup_form_decode_multipart (multipart, "file", &ctx->file_name,
                                              &ctx->file_type, &file);
      /* It gives nothing when the file field is missing altogether. */
      if (ctx->form == NULL && (multipart = soup_multipart_new_from_message (headers, bytes)))
        ctx->form = soup_form_decode_multipart (multipart, NULL, NULL, NULL, NULL);
      if (ctx->form == NULL)
        return FALSE;
      if (file != NULL && g_bytes_get_size (file) == 0)
        g_clear_pointer (&file, g_bytes_unref);
      ctx->file = file;
      return TRUE;
    }
  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    return FALSE;
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

    if (strlen (text) != g_bytes_get_size (bytes) || strstr (text, "%00") != NULL)
      return FALSE;
    ctx->form = soup_form_decode (text);
  }
  return ctx->form != NULL;
}

static gboolean
form_is_utf8 (GHashTable *form)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return FALSE;
  return TRUE;
}

static gboolean
csrf_matches (const char *expected,
              const char *given)
{
  gsize a = strlen (expected), b = strlen (given);
  guint8 diff = a != b;

  /* Constant time over the expected length. */
  for (gsize i = 0; i < a; i++)
    diff |= (guint8) expected[i] ^ (guint8) (i < b ? given[i] : 0);
  return diff == 0 && a > 0;
}

/* Who is asking: the session's customer and CSRF token, or a visitor's token. */
static void
identify (RdPortalCtx *ctx)
{
  g_autofree char *token = cookie_value (ctx->msg, SESSION_COOKIE);
  g_autoptr(GError) error = NULL;

  if (token != NULL && *token)
    {
      ctx->session_hash = rd_token_hash (token);
      ctx->customer = rd_portal_db_lookup_session (ctx->portal->db, ctx->session_hash,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &ctx->csrf, &error);
      if (error != NULL)
        g_warning ("portal: %s", error->message);
    }
  if (ctx->customer == NULL)
    {
      g_clear_pointer (&ctx->csrf, g_free);
      ctx->csrf = cookie_value (ctx->msg, CSRF_COOKIE);
      if (ctx->csrf == NULL || strlen (ctx->csrf) != 43)
        {
          g_free (ctx->csrf);
          ctx->csrf = rd_token_new ();
          ctx->csrf_is_new = TRUE;
        }
    }
}

static gboolean
route_matches (const char  *pattern,
               char       **segments,
               GPtrArray   *params)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
  guint i;

  g_ptr_array_set_size (params, 0);
  for (i = 0; parts[i] && segments[i]; i++)
    {
      if (g_str_equal (parts[i], "*"))
        {
          if (segments[i][0] == '\0')
            return FALSE;
          g_ptr_array_add (params, g_strdup (segments[i]));
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  return parts[i] == NULL && segments[i] == NULL;
}

static void
dispatch_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  RdPortal *self = user_data;
  g_autoptr(RdPortalCtx) ctx = g_atomic_rc_box_new0 (RdPortalCtx);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) segments = NULL;
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  const RdPortalRoute *route = NULL;
  gboolean path_known = FALSE;

  ctx->portal = g_object_ref (self);
  ctx->msg = g_object_ref (msg);
  ctx->lang = rd_portal_lang_from_header (
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                  "Accept-Language"));
  ctx->query = query ? g_hash_table_ref (query) : NULL;
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    ctx->address = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  else
    ctx->address = g_strdup ("unknown");
  identify (ctx);

  if (!g_str_has_prefix (path, PREFIX) || (path[strlen (PREFIX)] != '\0' &&
                                           path[strlen (PREFIX)] != '/'))
    {
      rd_portal_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "error.not-found");
      return;
    }
  rest = path + strlen (PREFIX);
  if (*rest == '/')
    rest++;
  segments = g_strsplit (rest, "/", -1);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!route_matches (routes[i].pattern, segments, params))
        continue;
      path_known = TRUE;
      if (g_str_equal (routes[i].method, method))
        {
          route = &routes[i];
          break;
        }
    }
  if (route == NULL)
    {
      rd_portal_reply_error (ctx, path_known ? SOUP_STATUS_METHOD_NOT_ALLOWED
                                             : SOUP_STATUS_NOT_FOUND,
                             path_known ? "error.method" : "error.not-found");
      return;
    }
  g_ptr_array_add (params, NULL);
  ctx->params = (char **) g_ptr_array_steal (params, NULL);

  if (route->signed_in && ctx->customer == NULL)
    {
      if (g_str_equal (method, "GET"))
        rd_portal_redirect (ctx, PREFIX "/signin");
      else
        rd_portal_reply_error (ctx, SOUP_STATUS_FORBIDDEN, "error.signed-out");
      return;
    }
  if (g_str_equal (method, "POST"))
    {
      if (!read_form (ctx) || !form_is_utf8 (ctx->form))
        {
          rd_portal_reply_error (ctx, SOUP_STATUS_BAD_REQUEST, "error.form");
          return;
        }
      /* A visitor whose token was made just now cannot have sent it: a forged post. */
      if (ctx->csrf_is_new || !csrf_matches (ctx->csrf, rd_portal_field (ctx, "csrf")))
        {
          rd_portal_reply_error (ctx, SOUP_STATUS_FORBIDDEN, "error.csrf");
          return;
        }
    }
  route->page (ctx);
}

/* ---- object -------------------------------------------------------------------------- */

static void
rd_portal_dispose (GObject *object)
{
  RdPortal *self = (RdPortal *) object;

  g_clear_object (&self->db);
  g_clear_object (&self->accounts);
  g_clear_object (&self->sync);
  g_clear_object (&self->address_limit);
  g_clear_object (&self->user_limit);
  G_OBJECT_CLASS (rd_portal_parent_class)->dispose (object);
}

static void
rd_portal_finalize (GObject *object)
{
  RdPortal *self = (RdPortal *) object;

  g_free (self->files_dir);
  g_free (self->options.support_team);
  G_OBJECT_CLASS (rd_portal_parent_class)->finalize (object);
}

static void
rd_portal_class_init (RdPortalClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_portal_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_portal_finalize;

  /* The portal wrote to the changes log up to the given sequence. */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rd_portal_init (RdPortal *self)
{
}

RdPortal *
rd_portal_new (const char             *data_dir,
               RdServerDb             *accounts,
               RdServerSync           *sync,
               const RdPortalOptions  *options,
               GError                **error)
{
  g_autoptr(RdPortal) self = g_object_new (RD_TYPE_PORTAL, NULL);
  g_autofree char *photos = NULL;
  g_autofree char *attachments = NULL;

  /* Referenced here so the linker keeps the templates out of the static library. */
  g_return_val_if_fail (rd_portal_get_resource () != NULL, NULL);

  self->db = rd_portal_db_open (data_dir, error);
  if (self->db == NULL)
    return NULL;
  self->accounts = g_object_ref (accounts);
  self->sync = g_object_ref (sync);
  if (options != NULL)
    self->options = *options;
  else
    rd_portal_options_init_default (&self->options);
  self->options.support_team = g_strdup (self->options.support_team);
  self->address_limit = rd_rate_limit_new (self->options.limit_address, self->options.window);
  self->user_limit = rd_rate_limit_new (self->options.limit_user, self->options.window);
  self->files_dir = g_build_filename (data_dir, "portal", NULL);
  photos = g_build_filename (self->files_dir, "photos", NULL);
  attachments = g_build_filename (self->files_dir, "attachments", NULL);
  if (g_mkdir_with_parents (photos, 0700) != 0 || g_mkdir_with_parents (attachments, 0700) != 0)
    {
      g_set_error (error, RD_PORTAL_ERROR, RD_PORTAL_ERROR_FAILED,
                   "cannot make %s: %s", self->files_dir, g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
rd_portal_install (RdPortal   *self,
                   SoupServer *soup,
                   gboolean    https)
{
  g_return_if_fail (RD_IS_PORTAL (self));

  self->https = https;
  soup_server_add_handler (soup, PREFIX, dispatch_cb, g_object_ref (self), g_object_unref);
}

RdPortalDb *
rd_portal_get_db (RdPortal *self)
{
  g_return_val_if_fail (RD_IS_PORTAL (self), NULL);
  return self->db;
}

void
rd_portal_refuse_too_large (RdPortal          *self,
                            SoupServerMessage *msg)
{
  g_autoptr(RdPortalCtx) ctx = g_atomic_rc_box_new0 (RdPortalCtx);

  g_return_if_fail (RD_IS_PORTAL (self));

  /* Refused from the headers, before any cookie is looked at: a page without a form. */
  ctx->portal = g_object_ref (self);
  ctx->msg = g_object_ref (msg);
  ctx->lang = rd_portal_lang_from_header (
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                  "Accept-Language"));
  ctx->csrf = g_strdup ("");
  rd_portal_reply_error (ctx, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "error.body-large");
}

gboolean
rd_portal_is_support (RdPortal     *self,
                      const RdUser *user)
{
  g_return_val_if_fail (RD_IS_PORTAL (self), FALSE);

  if (user->role == RD_ROLE_ADMIN || user->role == RD_ROLE_MANAGER ||
      user->role == RD_ROLE_SUPPORT)
    return TRUE;
  return user->team != NULL && self->options.support_team != NULL &&
         g_str_equal (user->team, self->options.support_team);
}
