/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Answering-machine detection by energy (rd-switch-amd.h): the rules of Asterisk's app_amd,
 * per 20 ms frame, with its defaults. */
#include <string.h>

#include "rd-switch-amd.h"

#define FRAME_MS      20
#define FRAME_SAMPLES 160

void
rd_amd_config_default (RdAmdConfig *config)
{
  config->initial_silence_ms = 2500;
  config->greeting_ms = 1500;
  config->after_greeting_silence_ms = 800;
  config->total_ms = 5000;
  config->min_word_ms = 100;
  config->between_words_ms = 50;
  config->max_words = 3;
  config->silence_threshold = 256;
}

void
rd_amd_init (RdAmd             *amd,
             const RdAmdConfig *config)
{
  memset (amd, 0, sizeof *amd);
  if (config != NULL)
    amd->config = *config;
  else
    rd_amd_config_default (&amd->config);
}

static RdAmdResult
decide (RdAmd       *amd,
        RdAmdResult  result,
        const char  *reason)
{
  amd->result = result;
  amd->reason = reason;
  amd->decided_ms = amd->elapsed_ms;
  return result;
}

/* One 20 ms frame, silent or not. */
static RdAmdResult
frame (RdAmd    *amd,
       gboolean  voiced)
{
  const RdAmdConfig *c = &amd->config;

  if (amd->result != RD_AMD_UNDECIDED)
    return amd->result;
  amd->elapsed_ms += FRAME_MS;
  if (!voiced)
    {
      amd->silence_ms += FRAME_MS;
      if (amd->in_word && amd->silence_ms >= c->between_words_ms)
        amd->in_word = FALSE;
      if (amd->silence_ms >= c->between_words_ms)
        amd->voice_ms = 0;
      if (!amd->heard_voice && amd->silence_ms >= c->initial_silence_ms)
        return decide (amd, RD_AMD_MACHINE, "initial-silence");
      if (amd->heard_voice && amd->silence_ms >= c->after_greeting_silence_ms)
        return decide (amd, RD_AMD_HUMAN, "after-greeting-silence");
    }
  else
    {
      amd->voice_ms += FRAME_MS;
      if (amd->voice_ms >= c->min_word_ms)
        {
          if (!amd->in_word)
            {
              /* a word: the voice before it (up to min_word_ms) counts into the greeting */
              amd->in_word = TRUE;
              amd->words++;
              amd->greeting_voice_ms += amd->voice_ms - FRAME_MS;
              amd->heard_voice = TRUE;
            }
          amd->silence_ms = 0;
          amd->greeting_voice_ms += FRAME_MS;
          if (amd->words >= c->max_words)
            return decide (amd, RD_AMD_MACHINE, "max-words");
          if (amd->greeting_voice_ms >= c->greeting_ms)
            return decide (amd, RD_AMD_MACHINE, "long-greeting");
        }
    }
  if (amd->elapsed_ms >= c->total_ms)
    return decide (amd, RD_AMD_NOTSURE, "too-long");
  return RD_AMD_UNDECIDED;
}

RdAmdResult
rd_amd_feed (RdAmd        *amd,
             const gint16 *samples,
             gsize         n)
{
  for (gsize i = 0; i + FRAME_SAMPLES <= n && amd->result == RD_AMD_UNDECIDED; i += FRAME_SAMPLES)
    {
      guint64 sum = 0;

      for (gsize j = 0; j < FRAME_SAMPLES; j++)
        sum += (guint64) ABS ((int) samples[i + j]);
      frame (amd, sum / FRAME_SAMPLES >= amd->config.silence_threshold);
    }
  return amd->result;
}

RdAmdResult
rd_amd_silence (RdAmd *amd,
                guint  ms)
{
  for (guint t = 0; t + FRAME_MS <= ms && amd->result == RD_AMD_UNDECIDED; t += FRAME_MS)
    frame (amd, FALSE);
  return amd->result;
}

const char *
rd_amd_result_name (RdAmdResult result)
{
  switch (result)
    {
    case RD_AMD_HUMAN:
      return "human";
    case RD_AMD_MACHINE:
      return "machine";
    case RD_AMD_NOTSURE:
      return "notsure";
    case RD_AMD_UNDECIDED:
    default:
      return "undecided";
    }
}
