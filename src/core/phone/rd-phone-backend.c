/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-phone-backend.h"

G_DEFINE_QUARK (rd-phone-error-quark, rd_phone_error)

G_DEFINE_ENUM_TYPE (RdRegistrationState, rd_registration_state,
  G_DEFINE_ENUM_VALUE (RD_REGISTRATION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (RD_REGISTRATION_REGISTERING, "registering"),
  G_DEFINE_ENUM_VALUE (RD_REGISTRATION_REGISTERED, "registered"),
  G_DEFINE_ENUM_VALUE (RD_REGISTRATION_FAILED, "failed"))

G_DEFINE_INTERFACE (RdPhoneBackend, rd_phone_backend, G_TYPE_OBJECT)

static void
rd_phone_backend_default_init (RdPhoneBackendInterface *iface)
{
  g_signal_new ("call-added", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 1, RD_TYPE_CALL);
  g_signal_new ("registration-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 3,
                G_TYPE_STRING, RD_TYPE_REGISTRATION_STATE, G_TYPE_STRING);
  g_signal_new ("command-failed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 3, RD_TYPE_CALL, G_TYPE_STRING, G_TYPE_STRING);
  g_signal_new ("transfer-failed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_CALL, G_TYPE_STRING);
  g_signal_new ("dtmf-received", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_CALL, G_TYPE_STRING);
}

#define IFACE(self) RD_PHONE_BACKEND_GET_IFACE (self)

gboolean
rd_phone_backend_start (RdPhoneBackend  *self,
                        GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  return IFACE (self)->start (self, error);
}

void
rd_phone_backend_stop (RdPhoneBackend *self)
{
  g_return_if_fail (RD_IS_PHONE_BACKEND (self));
  IFACE (self)->stop (self);
}

gboolean
rd_phone_backend_add_account (RdPhoneBackend  *self,
                              const char      *account,
                              const char      *password,
                              GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  return IFACE (self)->add_account (self, account, password, error);
}

gboolean
rd_phone_backend_remove_account (RdPhoneBackend  *self,
                                 const char      *aor,
                                 GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (aor != NULL, FALSE);
  return IFACE (self)->remove_account (self, aor, error);
}

RdCall *
rd_phone_backend_dial (RdPhoneBackend  *self,
                       const char      *aor,
                       const char      *uri,
                       GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  return IFACE (self)->dial (self, aor, uri, error);
}

gboolean
rd_phone_backend_accept (RdPhoneBackend  *self,
                         RdCall          *call,
                         GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  return IFACE (self)->accept (self, call, error);
}

gboolean
rd_phone_backend_hangup (RdPhoneBackend  *self,
                         RdCall          *call,
                         const char      *cause,
                         GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  return IFACE (self)->hangup (self, call, cause, error);
}

gboolean
rd_phone_backend_set_held (RdPhoneBackend  *self,
                           RdCall          *call,
                           gboolean         held,
                           GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  return IFACE (self)->set_held (self, call, held, error);
}

gboolean
rd_phone_backend_set_muted (RdPhoneBackend  *self,
                            RdCall          *call,
                            gboolean         muted,
                            GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  return IFACE (self)->set_muted (self, call, muted, error);
}

gboolean
rd_phone_backend_send_dtmf (RdPhoneBackend  *self,
                            RdCall          *call,
                            const char      *digits,
                            GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  return IFACE (self)->send_dtmf (self, call, digits, error);
}

gboolean
rd_phone_backend_transfer (RdPhoneBackend  *self,
                           RdCall          *call,
                           const char      *target,
                           GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);
  return IFACE (self)->transfer (self, call, target, error);
}

gboolean
rd_phone_backend_set_recording (RdPhoneBackend  *self,
                                RdCall          *call,
                                gboolean         recording,
                                GError         **error)
{
  g_return_val_if_fail (RD_IS_PHONE_BACKEND (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  if (IFACE (self)->set_recording == NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_ENGINE,
                           "This phone engine cannot record on demand");
      return FALSE;
    }
  return IFACE (self)->set_recording (self, call, recording, error);
}
