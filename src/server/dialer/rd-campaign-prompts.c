/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What an RdCampaignRun's customers hear from the server itself: the safe-harbor message
 * (answered, no agent within the rule's time), the broadcast message, and the hold message
 * of a consulted transfer. Each is spoken once per text (rd-prompt.c) when the run starts or
 * its campaign's texts change. */
#include "config.h"

#include "rd-campaign-run-private.h"
#include "rd-prompt.h"

/* The campaign's hold message as a WAV, made when the text changes (NULL: silence). */
void
rd_campaign_run_prepare_hold (RdCampaignRun *self)
{
  const RdDialerConfig *config = rd_dialer_get_config (self->dialer);
  const char *text = setting (self, "hold_message");
  g_autoptr(GError) error = NULL;

  if (text == NULL || *text == '\0')
    text = "Please hold the line. We are connecting you.";
  if (g_strcmp0 (text, self->hold_text) == 0)
    return;
  g_free (self->hold_text);
  self->hold_text = g_strdup (text);
  g_clear_pointer (&self->hold_wav, g_free);
  self->hold_wav = rd_prompt_for_text (config->prompts_dir, config->voice, text, &error);
  if (self->hold_wav == NULL)
    g_warning ("campaign %s: no hold message (customers hold in silence): %s", self->id,
               error->message);
}

void
rd_campaign_run_make_prompts (RdCampaignRun *self)
{
  const RdDialerConfig *config = rd_dialer_get_config (self->dialer);
  const char *message = setting (self, "safe_harbor_message");
  const char *broadcast = setting (self, "broadcast_message");
  g_autofree char *fallback = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  rd_campaign_run_prepare_hold (self);
  /* The rule's message names the company and a number to call back. */
  if (message == NULL || *message == '\0')
    {
      const char *cid = setting (self, "caller_id");

      fallback = g_strdup_printf ("Hello, this is %s. Sorry, all our agents are busy. "
                                  "We will call you again later.%s%s%s", setting (self, "name"),
                                  cid != NULL ? " To reach us, call " : "", cid != NULL ? cid : "",
                                  cid != NULL ? "." : "");
      message = fallback;
    }
  key = g_strdup_printf ("%s\n%s", message, broadcast != NULL ? broadcast : "");
  if (g_strcmp0 (key, self->prompts_key) == 0)
    return;
  g_free (self->prompts_key);
  self->prompts_key = g_steal_pointer (&key);
  g_clear_pointer (&self->safe_harbor_wav, g_free);
  g_clear_pointer (&self->broadcast_wav, g_free);
  self->safe_harbor_wav = rd_prompt_for_text (config->prompts_dir, config->voice, message, &error);
  if (self->safe_harbor_wav == NULL)
    g_warning ("campaign %s: no safe-harbor message (abandoned calls hang up silent): %s",
               self->id, error->message);
  g_clear_error (&error);
  if (broadcast != NULL && *broadcast != '\0')
    {
      self->broadcast_wav = rd_prompt_for_text (config->prompts_dir, config->voice, broadcast, &error);
      if (self->broadcast_wav == NULL)
        g_warning ("campaign %s: no broadcast message: %s", self->id, error->message);
    }
}

