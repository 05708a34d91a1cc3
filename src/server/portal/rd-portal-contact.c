/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-portal-private.h"

/* The public "Contact us" form: no account; name, e-mail and message become an enquiry in
 * the support queue (GET /api/v1/enquiries). Rate-limited per address, CSRF-checked like
 * every form. */

#define MAX_MESSAGE 5000

static void
contact_page (RdPortalCtx *ctx,
              guint        status,
              const char  *error_key)
{
  g_autoptr(GHashTable) vars = rd_portal_vars (ctx);
  g_autofree char *body = NULL;

  g_hash_table_insert (vars, g_strdup ("name"), g_strdup (rd_portal_field (ctx, "name")));
  g_hash_table_insert (vars, g_strdup ("email"), g_strdup (rd_portal_field (ctx, "email")));
  g_hash_table_insert (vars, g_strdup ("message"), g_strdup (rd_portal_field (ctx, "message")));
  if (error_key != NULL)
    g_hash_table_insert (vars, g_strdup ("error"),
                         g_strdup_printf ("<p class=\"error\" role=\"alert\">%s</p>",
                                          rd_portal_t (ctx->lang, error_key)));
  body = rd_portal_ctx_render (ctx, "contact", vars);
  rd_portal_reply_page (ctx, status, rd_portal_t (ctx->lang, "contact.title"), body);
}

void
rd_portal_page_contact (RdPortalCtx *ctx)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *message = NULL;
  g_autoptr(RdEnquiry) enquiry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) vars = NULL;
  g_autofree char *body = NULL;
  const char *at;

  if (ctx->form == NULL)
    {
      contact_page (ctx, SOUP_STATUS_OK, NULL);
      return;
    }
  if (!rd_portal_check_limit (ctx, "contact"))
    return;
  name = g_strstrip (g_strdup (rd_portal_field (ctx, "name")));
  email = g_strstrip (g_strdup (rd_portal_field (ctx, "email")));
  message = g_strstrip (g_strdup (rd_portal_field (ctx, "message")));
  at = strchr (email, '@');
  if (*name == '\0' || g_utf8_strlen (name, -1) > 100)
    {
      contact_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.name");
      return;
    }
  if (at == NULL || at == email || strchr (at, '.') == NULL || strlen (email) > 254 ||
      strpbrk (email, " \t\r\n<>\"") != NULL)
    {
      contact_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.email");
      return;
    }
  if (*message == '\0' || strlen (message) > MAX_MESSAGE)
    {
      contact_page (ctx, SOUP_STATUS_BAD_REQUEST, "error.text");
      return;
    }
  enquiry = rd_portal_db_add_enquiry (ctx->portal->db, name, email, message, &error);
  if (enquiry == NULL)
    {
      g_warning ("portal: %s", error->message);
      rd_portal_reply_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR, "error.internal");
      return;
    }
  vars = rd_portal_vars (ctx);
  body = rd_portal_ctx_render (ctx, "contact-sent", vars);
  rd_portal_reply_page (ctx, SOUP_STATUS_OK, rd_portal_t (ctx->lang, "contact.title"), body);
}
