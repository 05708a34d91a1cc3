/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_SIGN_IN_PAGE (rd_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (RdSignInPage, rd_sign_in_page, RD, SIGN_IN_PAGE, GtkWidget)

GtkWidget       *rd_sign_in_page_new          (void);
void             rd_sign_in_page_set_account  (RdSignInPage *self,
                                               const char   *server_url,
                                               const char   *username);
void             rd_sign_in_page_set_ca_file  (RdSignInPage *self,
                                               const char   *ca_file);
const char      *rd_sign_in_page_get_ca_file  (RdSignInPage *self);
void             rd_sign_in_page_sign_in      (RdSignInPage *self,
                                               const char   *password);
gboolean         rd_sign_in_page_get_busy     (RdSignInPage *self);
const char      *rd_sign_in_page_get_error    (RdSignInPage *self);
RdServerSession *rd_sign_in_page_get_session  (RdSignInPage *self);

G_END_DECLS
