/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-model-service.h"

/* /api/v1/models (docs/intelligence.md): the trained models (any member of staff: the
 * rows themselves reach every replica by sync anyway), and POST /models/train, which an
 * admin uses to train them now instead of at the next scheduled time. */

static RdModelService *
service_or_error (RdApiRequest  *req,
                  GError       **error)
{
  RdModelService *models = rd_server_get_models (req->server);

  if (models == NULL)
    g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "this server trains no models");
  return models;
}

void
rd_api_models_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdModelService *models;
  JsonNode *answer;

  if (!rd_api_require_role (req, RD_API_ROLES_ANY, "see the models", &error) ||
      (models = service_or_error (req, &error)) == NULL ||
      (answer = rd_model_service_list (models, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, answer);
}

static void
train_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdApiRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *answer = rd_model_service_train_finish (RD_MODEL_SERVICE (source), result, &error);

  if (answer != NULL)
    rd_api_reply_json (req, SOUP_STATUS_OK, answer);
  else
    rd_api_reply_error (req, error);
  soup_server_message_unpause (req->msg);
}

void
rd_api_models_train (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdModelService *models;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "train the models", &error) ||
      (models = service_or_error (req, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "models-train", NULL, NULL);
  soup_server_message_pause (req->msg);
  rd_model_service_train_async (models, NULL, train_done_cb, rd_api_request_ref (req));
}
