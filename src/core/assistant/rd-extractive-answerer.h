/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-answerer.h"

G_BEGIN_DECLS

#define RD_TYPE_EXTRACTIVE_ANSWERER (rd_extractive_answerer_get_type ())
G_DECLARE_FINAL_TYPE (RdExtractiveAnswerer, rd_extractive_answerer, RD, EXTRACTIVE_ANSWERER, GObject)

/* The answerer that writes nothing of its own: it quotes the best passage, and the second
 * one when it comes from another article and scores close to the best, each followed by its
 * source ("— Title"). */
RdAnswerer *rd_extractive_answerer_new (void);

G_END_DECLS
