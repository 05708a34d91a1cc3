/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* A temporary replica per test: created in setup, closed and deleted in teardown. */
typedef struct {
  char    *dir;
  char    *path;
  RdStore *store;
  gint64   now_ms;   /* the injected wall clock */
} StoreFixture;

void      store_fixture_setup    (StoreFixture  *fx,
                                  gconstpointer  data);
void      store_fixture_teardown (StoreFixture  *fx,
                                  gconstpointer  data);

/* Inserts a contact with one or two phones; returns its id (free it). */
char     *store_add_contact      (RdStore       *store,
                                  const char    *name,
                                  const char    *phone1,
                                  const char    *phone2,
                                  const char    *email);

/* Counts rows of a raw SQL query "SELECT count(*) ..." */
gint64    store_count_sql        (RdStore       *store,
                                  const char    *sql);

/* Removes a folder tree made by a test. */
void      store_rm_rf            (const char    *dir);

G_END_DECLS
