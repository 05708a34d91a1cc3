/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "rd-server-crypto.h"

static char *dummy_hash;

gboolean
rd_server_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium failed to initialise");
      return FALSE;
    }

  return TRUE;
}

void
rd_password_cost_default (RdPasswordCost *cost)
{
  cost->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  cost->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

gboolean
rd_password_cost_check (const RdPasswordCost  *cost,
                        GError               **error)
{
  if (cost->opslimit < crypto_pwhash_OPSLIMIT_MIN || cost->opslimit > 64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "argon2id operations must be between %u and 64",
                   (guint) crypto_pwhash_OPSLIMIT_MIN);
      return FALSE;
    }
  if (cost->memlimit < crypto_pwhash_MEMLIMIT_MIN || cost->memlimit > (gsize) 1 << 32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "argon2id memory must be between %u KiB and 4 GiB",
                   (guint) (crypto_pwhash_MEMLIMIT_MIN / 1024));
      return FALSE;
    }

  return TRUE;
}

char *
rd_password_hash (const char            *password,
                  const RdPasswordCost  *cost,
                  GError               **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg (out, password, strlen (password), cost->opslimit,
                             cost->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "not enough memory to hash the password");
      return NULL;
    }

  return g_strdup (out);
}

gboolean
rd_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
rd_password_set_dummy_cost (const RdPasswordCost  *cost,
                            GError               **error)
{
  g_autofree char *random = rd_token_new ();
  char *hash = rd_password_hash (random, cost, error);

  if (hash == NULL)
    return FALSE;
  g_free (dummy_hash);
  dummy_hash = hash;
  return TRUE;
}

const char *
rd_password_dummy_hash (void)
{
  return dummy_hash;
}

char *
rd_token_new (void)
{
  guchar raw[32];
  char out[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (out, sizeof out, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);

  return g_strdup (out);
}

char *
rd_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
