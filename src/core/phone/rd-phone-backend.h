/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-call.h"

G_BEGIN_DECLS

#define RD_PHONE_ERROR (rd_phone_error_quark ())

typedef enum {
  RD_PHONE_ERROR_NOT_RUNNING,
  RD_PHONE_ERROR_INVALID_ARGUMENT,
  RD_PHONE_ERROR_WRONG_STATE,
  RD_PHONE_ERROR_ENGINE,
} RdPhoneError;

typedef enum {
  RD_REGISTRATION_NONE,        /* account without registrar (regint=0) */
  RD_REGISTRATION_REGISTERING,
  RD_REGISTRATION_REGISTERED,
  RD_REGISTRATION_FAILED,
} RdRegistrationState;

#define RD_TYPE_REGISTRATION_STATE (rd_registration_state_get_type ())
GType rd_registration_state_get_type (void);

#define RD_TYPE_PHONE_BACKEND (rd_phone_backend_get_type ())
G_DECLARE_INTERFACE (RdPhoneBackend, rd_phone_backend, RD, PHONE_BACKEND, GObject)

/* The engine behind RdPhone: today RdBaresipEngine (a supervised baresip child driven
 * over ctrl_tcp); later an in-process libbaresip backend. Commands return FALSE with
 * @error when they cannot be sent; what the engine answers later shows up as call
 * state changes, or as "command-failed". Signals:
 *   call-added (RdCall *call)                 a call appeared (incoming, or dialed)
 *   registration-changed (const char *aor, RdRegistrationState state, const char *reason)
 *   command-failed (RdCall *call or NULL, const char *command, const char *message)
 *   transfer-failed (RdCall *call, const char *reason)
 *   dtmf-received (RdCall *call, const char *digit) */
struct _RdPhoneBackendInterface
{
  GTypeInterface parent_iface;

  gboolean  (*start)          (RdPhoneBackend  *self,
                               GError         **error);
  void      (*stop)           (RdPhoneBackend  *self);
  gboolean  (*add_account)    (RdPhoneBackend  *self,
                               const char      *account,
                               const char      *password,
                               GError         **error);
  gboolean  (*remove_account) (RdPhoneBackend  *self,
                               const char      *aor,
                               GError         **error);
  RdCall   *(*dial)           (RdPhoneBackend  *self,
                               const char      *aor,
                               const char      *uri,
                               GError         **error);
  gboolean  (*accept)         (RdPhoneBackend  *self,
                               RdCall          *call,
                               GError         **error);
  gboolean  (*hangup)         (RdPhoneBackend  *self,
                               RdCall          *call,
                               const char      *cause,
                               GError         **error);
  gboolean  (*set_held)       (RdPhoneBackend  *self,
                               RdCall          *call,
                               gboolean         held,
                               GError         **error);
  gboolean  (*set_muted)      (RdPhoneBackend  *self,
                               RdCall          *call,
                               gboolean         muted,
                               GError         **error);
  gboolean  (*send_dtmf)      (RdPhoneBackend  *self,
                               RdCall          *call,
                               const char      *digits,
                               GError         **error);
  gboolean  (*transfer)       (RdPhoneBackend  *self,
                               RdCall          *call,
                               const char      *target,
                               GError         **error);
  /* Optional: start or stop keeping the call's audio (RdCall:recording follows). */
  gboolean  (*set_recording)  (RdPhoneBackend  *self,
                               RdCall          *call,
                               gboolean         recording,
                               GError         **error);
};

GQuark    rd_phone_error_quark            (void);

gboolean  rd_phone_backend_start          (RdPhoneBackend  *self,
                                           GError         **error);
void      rd_phone_backend_stop           (RdPhoneBackend  *self);
/* @account: "<sip:user@domain>;params" in baresip account syntax, without the password,
 * which travels separately and is never written to disk. */
gboolean  rd_phone_backend_add_account    (RdPhoneBackend  *self,
                                           const char      *account,
                                           const char      *password,
                                           GError         **error);
gboolean  rd_phone_backend_remove_account (RdPhoneBackend  *self,
                                           const char      *aor,
                                           GError         **error);
RdCall   *rd_phone_backend_dial           (RdPhoneBackend  *self,
                                           const char      *aor,
                                           const char      *uri,
                                           GError         **error);
gboolean  rd_phone_backend_accept         (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           GError         **error);
gboolean  rd_phone_backend_hangup         (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           const char      *cause,
                                           GError         **error);
gboolean  rd_phone_backend_set_held       (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           gboolean         held,
                                           GError         **error);
gboolean  rd_phone_backend_set_muted      (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           gboolean         muted,
                                           GError         **error);
gboolean  rd_phone_backend_send_dtmf      (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           const char      *digits,
                                           GError         **error);
gboolean  rd_phone_backend_transfer       (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           const char      *target,
                                           GError         **error);
gboolean  rd_phone_backend_set_recording  (RdPhoneBackend  *self,
                                           RdCall          *call,
                                           gboolean         recording,
                                           GError         **error);

G_END_DECLS
