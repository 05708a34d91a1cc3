/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-phone-backend.h"

G_BEGIN_DECLS

#define RD_TYPE_BARESIP_ENGINE (rd_baresip_engine_get_type ())
G_DECLARE_FINAL_TYPE (RdBaresipEngine, rd_baresip_engine, RD, BARESIP_ENGINE, GObject)

/* A phone backend that runs Debian's baresip binary as a supervised child with a
 * private generated config dir, bound to 127.0.0.1, driven over ctrl_tcp. */
RdBaresipEngine *rd_baresip_engine_new               (void);

/* Audio devices in baresip syntax ("aufile,/path/tone.wav", "alsa,default"); the
 * default is a null path (aubridge devices nobody else uses): no sound card needed. */
void             rd_baresip_engine_set_audio_source  (RdBaresipEngine *self,
                                                      const char      *device);
void             rd_baresip_engine_set_audio_player  (RdBaresipEngine *self,
                                                      const char      *device);
/* Records every answered call (baresip's sndfile) into @dir as CALLID.wav; NULL: off. */
void             rd_baresip_engine_set_recordings_dir (RdBaresipEngine *self,
                                                      const char      *dir);
/* With a recordings dir: record only the calls the agent asks for (RdPhone's
 * rd_phone_set_recording()), from the moment asked; default FALSE (every call). May change
 * while the engine runs: calls in progress keep the mode they started with. */
void             rd_baresip_engine_set_record_on_demand (RdBaresipEngine *self,
                                                      gboolean         on_demand);

/* Registers every account that has a registrar again (uadel + uanew): RdBaresipEngine
 * does it by itself a second after the network changes (GNetworkMonitor). */
void             rd_baresip_engine_reregister        (RdBaresipEngine *self);

gboolean         rd_baresip_engine_get_ready         (RdBaresipEngine *self);
/* The child's process id, or 0 when it is not running. */
int              rd_baresip_engine_get_pid           (RdBaresipEngine *self);
guint            rd_baresip_engine_get_sip_port      (RdBaresipEngine *self);
/* How many times the supervisor restarted the child. */
guint            rd_baresip_engine_get_restarts      (RdBaresipEngine *self);
/* The private config dir (exists while the engine is started). */
const char      *rd_baresip_engine_get_config_dir    (RdBaresipEngine *self);

G_END_DECLS
