/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Answering-machine detection by energy, on the audio a customer sends after the answer
 * (the rules of Asterisk's app_amd, which VICIdial uses): a person says a short "Hello?"
 * and waits; a machine plays a long greeting, or several words in a row, or nothing at all
 * for a while. Pure C on 8 kHz 16-bit frames, no libre: the switch feeds it (one per leg,
 * on its thread) and the unit test feeds it WAVs. */

typedef enum {
  RD_AMD_UNDECIDED,
  RD_AMD_HUMAN,
  RD_AMD_MACHINE,
  RD_AMD_NOTSURE,        /* the analysis time ran out: treated as a person */
} RdAmdResult;

typedef struct {
  guint initial_silence_ms;        /* silence before any voice: a machine (2500) */
  guint greeting_ms;               /* voice of one greeting longer than this: a machine (1500) */
  guint after_greeting_silence_ms; /* silence after the greeting: a person (800) */
  guint total_ms;                  /* undecided after this: not sure (5000) */
  guint min_word_ms;               /* voice shorter than this is noise (100) */
  guint between_words_ms;          /* silence that ends a word (50) */
  guint max_words;                 /* this many words: a machine (3) */
  guint silence_threshold;         /* mean |sample| below this is silence (256) */
} RdAmdConfig;

typedef struct {
  RdAmdConfig config;
  RdAmdResult result;
  const char *reason;              /* static: "after-greeting-silence", "long-greeting" … */
  guint elapsed_ms;                /* audio analysed so far */
  guint decided_ms;                /* when it decided */
  guint silence_ms;                /* current run of silence */
  guint voice_ms;                  /* current run of voice */
  guint greeting_voice_ms;         /* voice since the first word */
  guint words;
  gboolean in_word;
  gboolean heard_voice;
} RdAmd;

void        rd_amd_config_default (RdAmdConfig       *config);
void        rd_amd_init           (RdAmd             *amd,
                                   const RdAmdConfig *config);
/* Feeds @n samples (any length; analysed per 20 ms); returns the result so far. Once
 * decided, further audio changes nothing. */
RdAmdResult rd_amd_feed           (RdAmd             *amd,
                                   const gint16      *samples,
                                   gsize              n);
/* Time passed with no audio at all (RTP stopped): counted as silence. */
RdAmdResult rd_amd_silence        (RdAmd             *amd,
                                   guint              ms);
const char *rd_amd_result_name    (RdAmdResult        result);

G_END_DECLS
