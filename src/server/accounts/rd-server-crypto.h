/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Costs of argon2id (libsodium crypto_pwhash). The defaults are libsodium's
 * "interactive" limits; tests pass the minimum to stay fast. */
typedef struct {
  guint64 opslimit;
  gsize   memlimit;   /* bytes */
} RdPasswordCost;

#define RD_PASSWORD_MAX_LENGTH 1024

/* Must be called once before any other function here. */
gboolean  rd_server_crypto_init   (GError              **error);
void      rd_password_cost_default (RdPasswordCost      *cost);
/* FALSE (with a message) when the cost is outside libsodium's limits. */
gboolean  rd_password_cost_check  (const RdPasswordCost *cost,
                                   GError              **error);
/* crypto_pwhash_str() text; NULL when out of memory. */
char     *rd_password_hash        (const char           *password,
                                   const RdPasswordCost *cost,
                                   GError              **error);
/* Constant-time verification against a crypto_pwhash_str() text. */
gboolean  rd_password_verify      (const char           *hash,
                                   const char           *password);
/* Makes the hash that unknown user names are checked against, at the cost of
 * real hashes, so that a login takes as long whether the name exists or not. */
gboolean  rd_password_set_dummy_cost (const RdPasswordCost *cost,
                                      GError              **error);
/* A hash no password matches (see above). */
const char *rd_password_dummy_hash (void);

/* A fresh bearer token: 256 random bits, URL-safe base64 without padding. */
char     *rd_token_new            (void);
/* The form a token is stored in: SHA-256, lowercase hex. */
char     *rd_token_hash           (const char           *token);

G_END_DECLS
