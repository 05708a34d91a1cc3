/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-portal-private.h"

/* Register, sign in, sign out and the profile (name and photo). A registration waits for
 * staff approval; the page says the same whether the e-mail was new or taken, so it tells
 * no one who has an account. Passwords are argon2id like staff ones, hashed and checked in
 * a worker thread; an unknown e-mail is checked against a dummy hash of the same cost. */

static void
set_var (GHashTable *vars,
         const char *name,
         const char *value)
{
  g_hash_table_insert (vars, g_strdup (name), g_strdup (value ? value : ""));
}

static void
form_page (RdPortalCtx *ctx,
           guint        status,
           const char  *template,
           const char  *title_key,
           const char  *error_key)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;

  set_var (vars, "name", rd_portal_field (ctx, "name"));
  set_var (vars, "email", rd_portal_field (ctx, "email"));
  if (error_key != NULL)
    g_hash_table_insert (vars, g_strdup ("error"),
                         g_strdup_printf ("<p class=\"error\" role=\"alert\">%s</p>",
                                          rd_portal_t (ctx->lang, error_key)));
  body = rd_portal_ctx_render (ctx, template, vars);
  rd_portal_reply_page (ctx, status, rd_portal_t (ctx->lang, title_key), body);
}

static gboolean
email_is_valid (const char *email)
{
  const char *at = strchr (email, '@');

  return strlen (email) <= 254 && at != NULL && at != email && strchr (at + 1, '.') != NULL &&
         strchr (at + 1, '@') == NULL && strpbrk (email, " \t\r\n<>\"") == NULL &&
         at[1] != '.';
}

/* ---- register ------------------------------------------------------------------------ */

typedef struct {
  char           *password;
  RdPasswordCost  cost;
  char           *hash;
} HashJob;

static void
hash_job_free (HashJob *job)
{
  if (job->password)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job->hash);
  g_free (job);
}

static gpointer
hash_work (gpointer data)
{
  HashJob *job = data;

  job->hash = rd_password_hash (job->password, &job->cost, NULL);
  return NULL;
}

static void
registered (RdPortalCtx *ctx,
            gpointer     data)
{
  HashJob *job = data;
  g_autoptr(RdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;
  g_autofree char *name = g_strdup (rd_portal_field (ctx, "name"));

  if (job->hash == NULL)
    {
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  customer = rd_portal_db_add_customer (ctx->portal->db, rd_portal_field (ctx, "email"),
                                        g_strstrip (name), job->hash, &error);
  if (customer == NULL && !g_error_matches (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_EXISTS))
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  body = rd_portal_ctx_render (ctx, "registered", vars);
  rd_portal_reply_page (ctx, SOUP_STATUS_ACCEPTED, rd_portal_t (ctx->lang, "register.title"),
                        body);
}

void
rd_portal_page_register (RdPortalCtx *ctx)
{
  const char *name, *email, *password;
  glong name_chars;
  HashJob *job;

  if (ctx->form == NULL)
    {
      form_page (ctx, SOUP_STATUS_OK, "register", "register.title", NULL);
      return;
    }
  if (!rd_portal_check_limit (ctx, "register"))
    return;
  name = rd_portal_field (ctx, "name");
  email = rd_portal_field (ctx, "email");
  password = rd_portal_field (ctx, "password");
  name_chars = g_utf8_strlen (name, -1);
  if (name_chars < 1 || name_chars > 100)
    {
      form_page (ctx, SOUP_STATUS_BAD_REQUEST, "register", "register.title", "error.name");
      return;
    }
  if (!email_is_valid (email))
    {
      form_page (ctx, SOUP_STATUS_BAD_REQUEST, "register", "register.title", "error.email");
      return;
    }
  if (strlen (password) < 8 || strlen (password) > RD_PASSWORD_MAX_LENGTH)
    {
      form_page (ctx, SOUP_STATUS_BAD_REQUEST, "register", "register.title", "error.password");
      return;
    }
  job = g_new0 (HashJob, 1);
  job->password = g_strdup (password);
  job->cost = ctx->portal->options.cost;
  rd_portal_defer (ctx, hash_work, job, (GDestroyNotify) hash_job_free, registered);
}

/* ---- sign in / out ------------------------------------------------------------------- */

typedef struct {
  char       *password;
  char       *hash;
  gboolean    ok;
  RdCustomer *customer;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  if (job->password)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job->hash);
  rd_customer_free (job->customer);
  g_free (job);
}

static gpointer
verify_work (gpointer data)
{
  VerifyJob *job = data;

  job->ok = rd_password_verify (job->hash, job->password);
  return NULL;
}

static void
verified (RdPortalCtx *ctx,
          gpointer     data)
{
  VerifyJob *job = data;
  RdPortal *self = ctx->portal;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_utf8_strdown (rd_portal_field (ctx, "email"), -1);

  if (!job->ok || job->customer == NULL)
    {
      rd_rate_limit_record (self->user_limit, email, g_get_monotonic_time ());
      form_page (ctx, SOUP_STATUS_UNAUTHORIZED, "signin", "signin.title", "error.credentials");
      return;
    }
  if (!g_str_equal (job->customer->status, "approved"))
    {
      form_page (ctx, SOUP_STATUS_FORBIDDEN, "signin", "signin.title",
                 g_str_equal (job->customer->status, "pending") ? "error.pending"
                                                                : "error.rejected");
      return;
    }
  rd_rate_limit_reset (self->user_limit, email);
  if (!rd_portal_start_session (ctx, job->customer, &error))
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  rd_portal_redirect (ctx, "/portal/tickets");
}

void
rd_portal_page_signin (RdPortalCtx *ctx)
{
  g_autofree char *email = NULL;
  guint retry_after = 0;
  VerifyJob *job;

  if (ctx->form == NULL)
    {
      form_page (ctx, SOUP_STATUS_OK, "signin", "signin.title", NULL);
      return;
    }
  if (!rd_portal_check_limit (ctx, "signin"))
    return;
  email = g_utf8_strdown (rd_portal_field (ctx, "email"), -1);
  if (!rd_rate_limit_check (ctx->portal->user_limit, email, g_get_monotonic_time (),
                            &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", MAX (retry_after, 1u));

      soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                    "Retry-After", seconds);
      rd_portal_reply_error (ctx, RD_PORTAL_STATUS_TOO_MANY, "error.rate");
      return;
    }
  job = g_new0 (VerifyJob, 1);
  job->password = g_strdup (rd_portal_field (ctx, "password"));
  job->customer = rd_portal_db_find_customer (ctx->portal->db, email, NULL);
  job->hash = g_strdup (job->customer ? job->customer->password_hash : rd_password_dummy_hash ());
  rd_portal_defer (ctx, verify_work, job, (GDestroyNotify) verify_job_free, verified);
}

void
rd_portal_page_signout (RdPortalCtx *ctx)
{
  rd_portal_end_session (ctx);
  rd_portal_redirect (ctx, "/portal/signin");
}

/* ---- profile ------------------------------------------------------------------------- */

/* The content type of an image by its first bytes; NULL for anything else. */
static const char *
image_type (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";
  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "image/gif";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  return NULL;
}

static char *
photo_path (RdPortalCtx *ctx)
{
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, ctx->customer->id);

  return g_build_filename (ctx->portal->files_dir, "photos", name, NULL);
}

static void
profile_page (RdPortalCtx *ctx,
              guint        status,
              const char  *notice_key,
              gboolean     is_error)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;
  g_autofree char *limit = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                            ctx->portal->options.max_photo / 1024);

  set_var (vars, "name", ctx->customer->name);
  set_var (vars, "email", ctx->customer->email);
  set_var (vars, "photo_limit", limit);
  if (ctx->customer->photo != NULL)
    g_hash_table_insert (vars, g_strdup ("photo"),
                         g_strdup ("<img class=\"photo\" src=\"/portal/photo\" alt=\"\">"));
  if (notice_key != NULL)
    g_hash_table_insert (vars, g_strdup ("notice"),
                         g_strdup_printf ("<p class=\"%s\" role=\"alert\">%s</p>",
                                          is_error ? "error" : "notice",
                                          rd_portal_t (ctx->lang, notice_key)));
  body = rd_portal_ctx_render (ctx, "profile", vars);
  rd_portal_reply_page (ctx, status, rd_portal_t (ctx->lang, "profile.title"), body);
}

void
rd_portal_page_profile (RdPortalCtx *ctx)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;
  glong chars;

  if (ctx->form == NULL)
    {
      profile_page (ctx, SOUP_STATUS_OK, NULL, FALSE);
      return;
    }
  name = g_strstrip (g_strdup (rd_portal_field (ctx, "name")));
  chars = g_utf8_strlen (name, -1);
  if (chars < 1 || chars > 100)
    {
      profile_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.name", TRUE);
      return;
    }
  if (ctx->file != NULL)
    {
      g_autofree char *path = photo_path (ctx);
      gsize size;
      const char *data = g_bytes_get_data (ctx->file, &size);

      if (size > ctx->portal->options.max_photo)
        {
          profile_page (ctx, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "error.photo-large", TRUE);
          return;
        }
      type = image_type (ctx->file);
      if (type == NULL)
        {
          profile_page (ctx, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "error.photo-type", TRUE);
          return;
        }
      if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &error))
        {
          g_warning ("portal: %s", error->message);
          rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
          return;
        }
    }
  if (!rd_portal_db_set_profile (ctx->portal->db, ctx->customer->id, name, type, &error))
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  g_free (ctx->customer->name);
  ctx->customer->name = g_steal_pointer (&name);
  if (type != NULL)
    {
      g_free (ctx->customer->photo);
      ctx->customer->photo = g_strdup (type);
    }
  profile_page (ctx, SOUP_STATUS_OK, "profile.saved", FALSE);
}

void
rd_portal_page_photo (RdPortalCtx *ctx)
{
  g_autofree char *path = photo_path (ctx);
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  if (ctx->customer->photo == NULL || !g_file_get_contents (path, &data, &size, NULL))
    {
      rd_portal_reply_error (ctx, SOUP_STATUS_NOT_FOUND, "error.not-found");
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  rd_portal_reply_bytes (ctx, ctx->customer->photo, bytes);
}
