/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-document-transfer.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Documents against a real ringdesk-server on loopback: a file attached in one replica
 * goes up after its sync and comes down in another replica that sees the record; a user
 * who may not see the record cannot fetch the file; the server refuses programs, bytes that
 * are not their record's and files over --max-document; a file attached offline waits and
 * goes up when the server is back. */

#define PDF "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

static const char *const small_limit[] = { "--max-document", "4", NULL };

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (data);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "sales", "bob-password");
  rd_test_server_add_user (fixture->server, "sara", "support", "sales", "sara-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
}

static char *
insert (RdTestReplica *replica,
        const char    *table,
        const char    *name,
        const char    *owner)
{
  g_autoptr(RdRecord) record = rd_record_new (table);
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "name", name);
  if (owner != NULL)
    rd_record_set_string (record, "owner", owner);
  rd_store_insert (replica->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static char *
attach (RdTestReplica *replica,
        const char    *table,
        const char    *parent,
        const char    *name,
        const char    *bytes,
        gsize          length)
{
  g_autoptr(GBytes) data = g_bytes_new (bytes, length);
  g_autoptr(GError) error = NULL;
  char *id = rd_document_attach (replica->store, table, parent, name, data, 0, &error);

  g_assert_no_error (error);
  return id;
}

static guint
upload (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  guint uploaded = 0;

  g_assert_true (rd_document_upload_pending (replica->store, &uploaded, NULL, &error));
  g_assert_no_error (error);
  return uploaded;
}

static guint
get_status (Fixture    *fixture,
            const char *token,
            const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/documents/", id, NULL);
  g_autoptr(RdTestResponse) response = rd_test_request (fixture->server, "GET", path, token,
                                                        NULL, NULL, 0);

  return response->status;
}

/* Up from alice, down to the admin; bob (same team, not his contact) and support (a lead)
 * get 404, as for an id that does not exist. */
static void
test_upload_fetch_visibility (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) fetched = NULL;
  g_autofree char *contact = insert (alice, "contacts", "Olga Petrova", NULL);
  g_autofree char *lead = insert (alice, "leads", "Shared Prospect", "shared");
  g_autofree char *shared = insert (alice, "contacts", "Shared Contact", "shared");
  g_autofree char *doc = attach (alice, "contacts", contact, "Contract.pdf", PDF, strlen (PDF));
  g_autofree char *on_lead = attach (alice, "leads", lead, "Offer.pdf", PDF, strlen (PDF));
  g_autofree char *on_shared = attach (alice, "contacts", shared, "Notes.txt", "Call back\n", 10);
  g_autofree char *bob = rd_test_login (fixture->server, "bob", "bob-password");
  g_autofree char *sara = rd_test_login (fixture->server, "sara", "sara-password");
  g_autofree char *admin = rd_test_login (fixture->server, "root", "root-password");
  g_autofree char *alice_token = rd_test_login (fixture->server, "alice", "alice-password");

  /* Before its record reached the server, the upload waits (404 is no refusal). */
  g_assert_cmpuint (upload (alice), ==, 0);
  g_assert_cmpint (rd_document_get_state (alice->store, doc), ==, RD_DOCUMENT_STATE_WAITING);

  replica_sync (alice);
  g_assert_cmpuint (upload (alice), ==, 3);
  g_assert_cmpint (rd_document_get_state (alice->store, doc), ==, RD_DOCUMENT_STATE_UPLOADED);
  /* Each once. */
  g_assert_cmpuint (upload (alice), ==, 0);

  root = rd_test_replica_new (fixture->server, "root", "root-password");
  replica_sync (root);
  g_assert_cmpint (rd_document_get_state (root->store, doc), ==, RD_DOCUMENT_STATE_REMOTE);
  g_assert_true (rd_document_fetch (root->store, doc, NULL, &error));
  g_assert_no_error (error);
  fetched = rd_document_read (root->store, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (fetched, NULL), g_bytes_get_size (fetched), PDF, strlen (PDF));
  g_assert_cmpint (rd_document_get_state (root->store, doc), ==, RD_DOCUMENT_STATE_UPLOADED);

  g_assert_cmpuint (get_status (fixture, alice_token, doc), ==, 200);
  g_assert_cmpuint (get_status (fixture, admin, doc), ==, 200);
  g_assert_cmpuint (get_status (fixture, bob, doc), ==, 404);
  g_assert_cmpuint (get_status (fixture, bob, on_shared), ==, 200);
  g_assert_cmpuint (get_status (fixture, bob, on_lead), ==, 200);
  g_assert_cmpuint (get_status (fixture, sara, on_shared), ==, 200);
  g_assert_cmpuint (get_status (fixture, sara, on_lead), ==, 404);
  g_assert_cmpuint (get_status (fixture, bob, "01900000-0000-7000-8000-0000000000ff"), ==, 404);
  g_assert_cmpuint (get_status (fixture, bob, "not-a-uuid"), ==, 400);
  g_assert_cmpuint (get_status (fixture, NULL, doc), ==, 401);

  /* The answer: the record's type, a download, never sniffed by a browser. */
  {
    g_autofree char *path = g_strconcat ("/api/v1/documents/", doc, NULL);
    g_autoptr(RdTestResponse) response = rd_test_request (fixture->server, "GET", path, admin,
                                                          NULL, NULL, 0);

    g_assert_cmpstr (response->content_type, ==, "application/pdf");
    g_assert_cmpstr (response->text, ==, PDF);
  }

  /* Bob cannot put bytes to alice's document either. */
  {
    g_autofree char *path = g_strconcat ("/api/v1/documents/", doc, NULL);
    g_autoptr(RdTestResponse) response = rd_test_request (fixture->server, "PUT", path, bob,
                                                          "application/pdf", PDF, strlen (PDF));

    rd_test_assert_error (response, 404, "not-found");
  }

  /* A single byte range, as a player or viewer asks. */
  {
    g_autofree char *request = g_strdup_printf ("GET /api/v1/documents/%s HTTP/1.1\r\n"
                                                "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                                "Range: bytes=0-3\r\nConnection: close\r\n\r\n",
                                                doc, admin);
    g_autofree char *answer = rd_test_server_raw (fixture->server, request, strlen (request));

    g_assert_nonnull (strstr (answer, "HTTP/1.1 206"));
    g_assert_nonnull (strstr (answer, "\r\n\r\n%PDF"));
    g_assert_null (strstr (answer, "%%EOF"));
  }
}

/* PUT checks what the bytes are, not what the client says. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *token = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *contact = insert (alice, "contacts", "Olga Petrova", NULL);
  g_autofree char *doc = attach (alice, "contacts", contact, "Contract.pdf", PDF, strlen (PDF));
  g_autofree char *path = g_strconcat ("/api/v1/documents/", doc, NULL);
  g_autofree char *big = g_malloc0 (8 * 1024);
  g_autofree char *refusal = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *body;
    gsize       length;
    guint       status;
    const char *error;
    const char *words;
  } cases[] = {
    { "MZ\x90\0\x03\0\0\0\x04\0", 10, 415, "unsupported-media-type", "programs are never accepted" },
    { "\x7f" "ELF\x02\x01\x01\0", 8, 415, "unsupported-media-type", "ELF" },
    { "\x89PNG\r\n\x1a\n\0\0", 10, 415, "unsupported-media-type", "record says application/pdf" },
    { "%PDF-1.4\nanother file\n", 22, 400, "bad-request", "not the one its record names" },
    { "", 0, 415, "unsupported-media-type", "empty" },
  };

  replica_sync (alice);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdTestResponse) response =
        rd_test_request (fixture->server, "PUT", path, token, "application/pdf",
                         cases[i].body, cases[i].length);

      g_test_message ("case %u: %u %s", i, response->status, response->text);
      rd_test_assert_error (response, cases[i].status, cases[i].error);
      g_assert_nonnull (strstr (rd_test_response_string (response, "message"), cases[i].words));
    }
  /* Nothing was kept: the document has no file on the server. */
  {
    g_autoptr(RdTestResponse) response = rd_test_request (fixture->server, "GET", path, token,
                                                          NULL, NULL, 0);

    rd_test_assert_error (response, 404, "not-found");
    g_assert_nonnull (strstr (rd_test_response_string (response, "message"), "no file"));
  }

  /* Who attached it is who pushed it: a replica cannot name someone else. */
  {
    g_autofree char *body = g_strdup_printf (
      "{\"schema\": %d, \"site\": \"01900000-0000-7000-8000-0000000000c2\", \"changes\": "
      "[{\"op\": 1, \"table\": \"documents\", \"id\": \"%s\", \"field\": \"uploaded_by\", "
      "\"value\": \"bob\", \"hlc\": %" G_GINT64_FORMAT "}]}",
      RD_SCHEMA_VERSION, doc, (g_get_real_time () / 1000) << 16);
    g_autoptr(RdTestResponse) response =
      rd_test_request_json (fixture->server, "POST", "/api/v1/sync/push", token, body);
    JsonObject *result;

    g_assert_cmpuint (response->status, ==, 200);
    result = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (response->body), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
    g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "uploader's own name"));
  }

  /* Over --max-document (4 KiB here): 413 before the body is read. */
  memcpy (big, "%PDF-1.4\n", 9);
  {
    g_autofree char *big_doc = attach (alice, "contacts", contact, "Scan.pdf", big, 8 * 1024);
    g_autofree char *big_path = g_strconcat ("/api/v1/documents/", big_doc, NULL);
    g_autoptr(RdTestResponse) response = NULL;

    replica_sync (alice);
    response = rd_test_request (fixture->server, "PUT", big_path, token, "application/pdf",
                                big, 8 * 1024);
    rd_test_assert_error (response, 413, "too-large");

    /* The client keeps the refusal with the server's reason and does not retry. */
    g_assert_true (rd_document_upload_pending (alice->store, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rd_document_get_state (alice->store, big_doc), ==, RD_DOCUMENT_STATE_REFUSED);
    refusal = rd_document_get_refusal (alice->store, big_doc);
    g_assert_nonnull (refusal);
    g_test_message ("refusal: %s", refusal);
    g_assert_cmpint (rd_document_get_state (alice->store, doc), ==, RD_DOCUMENT_STATE_UPLOADED);
  }
}

/* Attached with the server down: kept, then uploaded when it is back. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = insert (alice, "contacts", "Olga Petrova", NULL);
  g_autofree char *doc = NULL;
  g_autofree char *token = NULL;
  guint uploaded = 0;

  replica_sync (alice);
  rd_test_server_stop (fixture->server);
  doc = attach (alice, "contacts", contact, "Offline.txt", "written on the train\n", 21);
  g_assert_false (rd_document_upload_pending (alice->store, &uploaded, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (rd_document_get_state (alice->store, doc), ==, RD_DOCUMENT_STATE_WAITING);

  rd_test_server_start (fixture->server);
  replica_sync (alice);
  g_assert_true (rd_document_upload_pending (alice->store, &uploaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uploaded, ==, 1);
  token = rd_test_login (fixture->server, "root", "root-password");
  g_assert_cmpuint (get_status (fixture, token, doc), ==, 200);
}

/* Profile photos: one's own (or an admin's doing), seen by every colleague. */
static void
test_photos (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *alice = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *bob = rd_test_login (fixture->server, "bob", "bob-password");
  g_autofree char *sara = rd_test_login (fixture->server, "sara", "sara-password");
  g_autofree char *admin = rd_test_login (fixture->server, "root", "root-password");
  g_autofree char *big = g_malloc0 (1024 * 1024 + 1);
  const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\1\0\0\0\1\0";
  struct {
    const char *method, *path, *token, *type, *body;
    gsize       length;
    guint       status;
  } cases[] = {
    { "GET", "/api/v1/users/alice/photo", bob, NULL, NULL, 0, 404 },
    { "PUT", "/api/v1/users/alice/photo", alice, "image/png", png, sizeof png - 1, 200 },
    { "GET", "/api/v1/users/alice/photo", bob, NULL, NULL, 0, 200 },
    { "GET", "/api/v1/users/alice/photo", sara, NULL, NULL, 0, 200 },
    { "PUT", "/api/v1/users/alice/photo", bob, "image/png", png, sizeof png - 1, 403 },
    { "DELETE", "/api/v1/users/alice/photo", bob, NULL, NULL, 0, 403 },
    { "PUT", "/api/v1/users/alice/photo", alice, "image/png", "MZ\x90\0", 4, 415 },
    { "PUT", "/api/v1/users/alice/photo", alice, "image/png", "%PDF-1.4\n", 9, 415 },
    { "PUT", "/api/v1/users/alice/photo", alice, "image/png", big, 1024 * 1024 + 1, 413 },
    { "PUT", "/api/v1/users/nobody/photo", admin, "image/png", png, sizeof png - 1, 404 },
    { "PUT", "/api/v1/users/bob/photo", admin, "image/png", png, sizeof png - 1, 200 },
    { "GET", "/api/v1/users/alice/photo", NULL, NULL, NULL, 0, 401 },
    { "DELETE", "/api/v1/users/alice/photo", alice, NULL, NULL, 0, 200 },
    { "GET", "/api/v1/users/alice/photo", bob, NULL, NULL, 0, 404 },
  };

  memcpy (big, "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdTestResponse) response =
        rd_test_request (fixture->server, cases[i].method, cases[i].path, cases[i].token,
                         cases[i].type, cases[i].body, cases[i].length);

      g_test_message ("case %u: %s %s: %u %s", i, cases[i].method, cases[i].path, response->status,
                      response->content_type && g_str_has_prefix (response->content_type, "image")
                        ? "(image)" : response->text);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      if (i == 2)
        {
          g_assert_cmpstr (response->content_type, ==, "image/png");
          g_assert_cmpmem (response->text, 8, png, 8);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/documents/upload-fetch-visibility", Fixture, NULL,
              fixture_setup, test_upload_fetch_visibility, fixture_teardown);
  g_test_add ("/server/documents/refusals", Fixture, small_limit,
              fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/server/documents/offline", Fixture, NULL,
              fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/server/documents/photos", Fixture, NULL,
              fixture_setup, test_photos, fixture_teardown);

  return g_test_run ();
}
