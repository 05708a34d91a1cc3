/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The portal's HTML templates and message catalogue (data/portal/, compiled into the
 * server as a GResource). A template says {{name}} for a value HTML-escaped here,
 * {{&name}} for a fragment the caller built (and escaped) itself, and {{t:key}} for the
 * key's text in the page's language from strings.ini (escaped too). */

/* "ru" or "en" (the default) from an Accept-Language header (may be NULL). */
const char *rd_portal_lang_from_header (const char *accept_language);
/* The text of @key in @lang (English when @lang lacks it; the key itself when unknown). */
const char *rd_portal_t                (const char *lang,
                                        const char *key);
/* @text with & < > " ' escaped for HTML text and attribute values. */
char       *rd_portal_escape           (const char *text);
/* Template @name ("ticket" is ticket.html) filled from @vars (name -> string; may be NULL). */
char       *rd_portal_render           (const char *name,
                                        const char *lang,
                                        GHashTable *vars);
/* A static file of the portal (portal.css, portal.js), or NULL. */
GBytes     *rd_portal_static           (const char *name);

G_END_DECLS
