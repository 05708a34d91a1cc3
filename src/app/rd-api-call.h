/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

/* One call of the server's API for a page or dialog (@owner, kept alive until the answer):
 * @done gets the JSON answer or the error, never a cancellation (the owner's GCancellable
 * was cancelled: it is going away). Not a GObject: a helper over RdServerSession. */

typedef void (*RdApiCallDone) (GObject      *owner,
                               JsonNode     *answer,
                               const GError *error,
                               gpointer      data);

/* @body (may be NULL) is sent as JSON; a POST or PUT without one sends {}. */
void        rd_api_call        (RdServerSession *session,
                                const char      *method,
                                const char      *path,
                                JsonNode        *body,
                                GCancellable    *cancellable,
                                GObject         *owner,
                                RdApiCallDone    done,
                                gpointer         data);
/* The same with a body of @content_type ("text/csv"). */
void        rd_api_call_bytes  (RdServerSession *session,
                                const char      *method,
                                const char      *path,
                                const char      *content_type,
                                GBytes          *body,
                                GCancellable    *cancellable,
                                GObject         *owner,
                                RdApiCallDone    done,
                                gpointer         data);

/* Shows @message (a call's error, or what it did) as a toast of the nearest
 * AdwToastOverlay above @widget, or in the log when there is none. */
void        rd_api_toast       (GtkWidget       *widget,
                                const char      *message);

/* Appends "?NAME=VALUE" (or "&…" once @path has a query) to @path, VALUE escaped. */
void        rd_api_add_query   (GString         *path,
                                const char      *name,
                                const char      *value);

/* Members of an answer; NULL or 0 when missing or of another type. */
const char *rd_api_string      (JsonObject      *object,
                                const char      *name);
gint64      rd_api_int         (JsonObject      *object,
                                const char      *name);
JsonArray  *rd_api_array       (JsonObject      *object,
                                const char      *name);
JsonObject *rd_api_object      (JsonNode        *node);

G_END_DECLS
