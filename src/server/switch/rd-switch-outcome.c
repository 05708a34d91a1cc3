/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of call outcomes (rd-switch-outcome.h), documented in docs/callcenter.md,
 * "Call progress". Q.850 causes as RFC 3398 and Asterisk map them to SIP; tones by what
 * the carrier means with them. */
#include <stdlib.h>
#include <string.h>

#include "rd-switch-outcome.h"

typedef enum {
  BY_SIP,                 /* a SIP final response code */
  BY_Q850,                /* the Q.850 cause of a Reason header */
  BY_TONE,                /* an RdCptSignal heard in early media */
} Source;

static const struct {
  Source         by;
  guint          code;
  RdOutcome      outcome;
} table[] = {
  /* the number does not exist */
  { BY_SIP,  404, { "not-found",                RD_OUTCOME_INVALID } },
  { BY_SIP,  410, { "gone",                     RD_OUTCOME_INVALID } },
  { BY_SIP,  484, { "address-incomplete",       RD_OUTCOME_INVALID } },
  { BY_SIP,  604, { "does-not-exist-anywhere",  RD_OUTCOME_INVALID } },
  { BY_Q850,   1, { "unallocated-number",       RD_OUTCOME_INVALID } },
  { BY_Q850,  22, { "number-changed",           RD_OUTCOME_INVALID } },
  { BY_Q850,  28, { "invalid-number-format",    RD_OUTCOME_INVALID } },
  { BY_TONE, RD_CPT_SIT_VACANT,    { "sit-vacant",    RD_OUTCOME_INVALID } },
  { BY_TONE, RD_CPT_SIT_INTERCEPT, { "sit-intercept", RD_OUTCOME_INVALID } },
  /* busy */
  { BY_SIP,  486, { "busy",                     RD_OUTCOME_BUSY } },
  { BY_SIP,  600, { "busy-everywhere",          RD_OUTCOME_BUSY } },
  { BY_Q850,  17, { "user-busy",                RD_OUTCOME_BUSY } },
  { BY_TONE, RD_CPT_BUSY,          { "busy-tone",     RD_OUTCOME_BUSY } },
  /* nobody answers, or the phone is off or away */
  { BY_SIP,  408, { "request-timeout",          RD_OUTCOME_NO_ANSWER } },
  { BY_SIP,  480, { "temporarily-unavailable",  RD_OUTCOME_NO_ANSWER } },
  { BY_Q850,  18, { "no-user-responding",       RD_OUTCOME_NO_ANSWER } },
  { BY_Q850,  19, { "no-answer-from-user",      RD_OUTCOME_NO_ANSWER } },
  { BY_Q850,  20, { "subscriber-absent",        RD_OUTCOME_NO_ANSWER } },
  /* the network failed: the number may be fine, try later */
  { BY_SIP,  500, { "server-error",             RD_OUTCOME_FAILED } },
  { BY_SIP,  502, { "bad-gateway",              RD_OUTCOME_FAILED } },
  { BY_SIP,  503, { "service-unavailable",      RD_OUTCOME_FAILED } },
  { BY_SIP,  504, { "server-timeout",           RD_OUTCOME_FAILED } },
  { BY_Q850,  34, { "no-circuit-available",     RD_OUTCOME_FAILED } },
  { BY_Q850,  38, { "network-out-of-order",     RD_OUTCOME_FAILED } },
  { BY_Q850,  41, { "temporary-failure",        RD_OUTCOME_FAILED } },
  { BY_Q850,  42, { "switching-equipment-congestion", RD_OUTCOME_FAILED } },
  { BY_TONE, RD_CPT_CONGESTION,    { "congestion-tone", RD_OUTCOME_FAILED } },
  { BY_TONE, RD_CPT_SIT_REORDER,   { "sit-reorder",     RD_OUTCOME_FAILED } },
  { BY_TONE, RD_CPT_SIT_NO_CIRCUIT, { "sit-no-circuit", RD_OUTCOME_FAILED } },
  { BY_TONE, RD_CPT_SIT_INEFFECTIVE, { "sit-ineffective", RD_OUTCOME_FAILED } },
  { BY_TONE, RD_CPT_SIT,           { "sit",             RD_OUTCOME_FAILED } },
};

static const RdOutcome unknown = { "failed", RD_OUTCOME_FAILED };

static gboolean
find (Source     by,
      guint      code,
      RdOutcome *outcome)
{
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].by == by && table[i].code == code)
      {
        *outcome = table[i].outcome;
        return TRUE;
      }
  return FALSE;
}

RdOutcome
rd_outcome_of_response (guint sip_code,
                        guint q850_cause)
{
  RdOutcome outcome = unknown;

  if (q850_cause != 0 && find (BY_Q850, q850_cause, &outcome))
    return outcome;
  (void) find (BY_SIP, sip_code, &outcome);
  return outcome;
}

gboolean
rd_outcome_of_q850 (guint      q850_cause,
                    RdOutcome *outcome)
{
  return find (BY_Q850, q850_cause, outcome);
}

RdOutcome
rd_outcome_of_tone (RdCptSignal signal)
{
  RdOutcome outcome = unknown;

  (void) find (BY_TONE, signal, &outcome);
  return outcome;
}

gboolean
rd_outcome_lookup (const char *cause,
                   RdOutcome  *outcome)
{
  if (cause == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].outcome.cause, cause) == 0)
      {
        *outcome = table[i].outcome;
        return TRUE;
      }
  return FALSE;
}

guint
rd_outcome_parse_q850 (const char *reason)
{
  g_auto(GStrv) reasons = NULL;

  if (reason == NULL)
    return 0;
  reasons = g_strsplit (reason, ",", -1);
  for (guint i = 0; reasons[i] != NULL; i++)
    {
      g_auto(GStrv) params = g_strsplit (reasons[i], ";", -1);

      if (params[0] == NULL || g_ascii_strcasecmp (g_strstrip (params[0]), "Q.850") != 0)
        continue;
      for (guint p = 1; params[p] != NULL; p++)
        {
          const char *param = g_strstrip (params[p]);
          char *end = NULL;
          guint64 cause;

          if (g_ascii_strncasecmp (param, "cause", 5) != 0)
            continue;
          param += 5;
          while (*param == ' ')
            param++;
          if (*param++ != '=')
            continue;
          cause = g_ascii_strtoull (param, &end, 10);
          if (end != param && cause > 0 && cause < 128)
            return (guint) cause;
        }
    }
  return 0;
}
