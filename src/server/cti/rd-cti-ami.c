/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCtiAmi: Asterisk's AMI events as CTI call events, and click-to-call by Originate. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-cti-ami.h"

#define PBX_ID "ami"
/* Asterisk's ChannelState numbers (include/asterisk/channelstate.h). */
#define STATE_RINGING 5
#define STATE_UP      6

typedef struct {
  char *linkedid;
  char *direction;
  char *from;
  char *to;
  char *agent_ext;     /* outbound: the agent who called */
  char *answered_ext;  /* the agent who has the customer now */
  guint legs;
  gboolean told;       /* the desk knows the call: its hangup is told too */
} Call;

struct _RdCtiAmi
{
  GObject      parent_instance;

  RdCtiDesk   *desk;
  RdAmiClient *client;
  char        *context;
  char        *channel;
  char        *recording_url;
  GHashTable  *legs;        /* Uniqueid -> Linkedid */
  GHashTable  *calls;       /* Linkedid -> Call */
  GHashTable  *originates;  /* extension -> the number being called for it */
  char        *listing_id;  /* the ActionID of the CoreShowChannels under way */
};

G_DEFINE_FINAL_TYPE (RdCtiAmi, rd_cti_ami, G_TYPE_OBJECT)

static void
call_free (Call *call)
{
  g_free (call->linkedid);
  g_free (call->direction);
  g_free (call->from);
  g_free (call->to);
  g_free (call->agent_ext);
  g_free (call->answered_ext);
  g_free (call);
}

/* "PJSIP/201-00000004", "SIP/201-0a1b", "Local/201@from-queue-0000;1", "PJSIP/201" → "201". */
static char *
channel_extension (const char *channel)
{
  const char *slash = channel != NULL ? strchr (channel, '/') : NULL;
  g_autofree char *rest = NULL;
  char *cut;

  if (slash == NULL)
    return NULL;
  rest = g_strdup (slash + 1);
  if ((cut = strchr (rest, '@')) != NULL)
    *cut = '\0';
  else if ((cut = strrchr (rest, '-')) != NULL)
    *cut = '\0';
  return *rest != '\0' ? g_steal_pointer (&rest) : NULL;
}

/* The extension of @channel when an agent answers it, else NULL. */
static char *
agent_extension (RdCtiAmi   *self,
                 const char *channel)
{
  g_autofree char *extension = channel_extension (channel);
  g_autofree char *agent = NULL;

  if (extension == NULL)
    return NULL;
  agent = rd_center_cti_extension_agent (rd_cti_desk_get_center (self->desk), extension);
  return agent != NULL ? g_steal_pointer (&extension) : NULL;
}

/* "Timestamp: 1733569200.123456" (manager.conf timestampevents = yes) in ms; 0: now. */
static gint64
event_time (RdAmiMessage *event)
{
  const char *stamp = rd_ami_message_get (event, "Timestamp");

  return stamp != NULL ? (gint64) (g_ascii_strtod (stamp, NULL) * 1000.0) : 0;
}

/* "Normal Clearing" → "normal-clearing"; cause 17 is busy whatever its text. */
static char *
hangup_cause (RdAmiMessage *event)
{
  const char *code = rd_ami_message_get (event, "Cause");
  const char *text = rd_ami_message_get (event, "Cause-txt");
  char *cause;

  if (g_strcmp0 (code, "17") == 0)
    return g_strdup ("busy");
  if (text == NULL || *text == '\0')
    return code != NULL ? g_strdup_printf ("q850-%s", code) : NULL;
  cause = g_ascii_strdown (text, -1);
  g_strdelimit (cause, " _", '-');
  return cause;
}

static char *
fill_pattern (const char *pattern,
              const char *linkedid)
{
  g_autoptr(GString) out = g_string_new (pattern);

  g_string_replace (out, "{linkedid}", linkedid, 0);
  g_string_replace (out, "{uniqueid}", linkedid, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
tell (RdCtiAmi        *self,
      Call            *call,
      RdCenterCtiKind  kind,
      const char      *extension,
      RdAmiMessage    *event,
      const char      *cause)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recording = NULL;
  RdCtiEvent e = { 0 };
  gboolean duplicate = FALSE;

  if (kind == RD_CENTER_CTI_HANGUP && self->recording_url != NULL && call->answered_ext != NULL)
    recording = fill_pattern (self->recording_url, call->linkedid);
  e.pbx = PBX_ID;
  e.pbx_call_id = call->linkedid;
  e.kind = kind;
  e.direction = call->direction;
  e.from = call->from;
  e.to = call->to;
  e.extension = extension;
  e.at_ms = event != NULL ? event_time (event) : 0;
  e.cause = cause;
  e.recording_url = recording;
  if (!rd_cti_desk_handle (self->desk, &e, &duplicate, NULL, &error))
    g_message ("ami: call %s: %s not taken: %s", call->linkedid, rd_cti_kind_name (kind), error->message);
  else
    call->told = TRUE;
}

static const char *
response_of (RdAmiMessage *message)
{
  const char *response = rd_ami_message_get (message, "Response");

  return response != NULL ? response : "";
}

static Call *
call_for (RdCtiAmi   *self,
          const char *linkedid)
{
  return linkedid != NULL ? g_hash_table_lookup (self->calls, linkedid) : NULL;
}

/* A leg of a call: the first says who calls whom. */
static Call *
add_leg (RdCtiAmi     *self,
         RdAmiMessage *event)
{
  const char *uniqueid = rd_ami_message_get (event, "Uniqueid");
  const char *linkedid = rd_ami_message_get (event, "Linkedid");
  const char *channel = rd_ami_message_get (event, "Channel");
  const char *exten = rd_ami_message_get (event, "Exten");
  g_autofree char *extension = NULL;
  g_autofree char *known = NULL;
  Call *call;

  if (uniqueid == NULL || linkedid == NULL || g_hash_table_contains (self->legs, uniqueid))
    return call_for (self, linkedid);
  g_hash_table_insert (self->legs, g_strdup (uniqueid), g_strdup (linkedid));
  call = call_for (self, linkedid);
  if (call != NULL)
    {
      call->legs++;
      return call;
    }
  call = g_new0 (Call, 1);
  call->linkedid = g_strdup (linkedid);
  call->legs = 1;
  g_hash_table_insert (self->calls, call->linkedid, call);
  extension = agent_extension (self, channel);
  if (extension != NULL)
    {
      const char *number = g_hash_table_lookup (self->originates, extension);

      call->direction = g_strdup ("outbound");
      call->from = g_strdup (extension);
      call->agent_ext = g_strdup (extension);
      if (number != NULL)
        call->to = g_strdup (number);
      else if (exten != NULL && *exten != '\0' && g_strcmp0 (exten, "s") != 0)
        call->to = g_strdup (exten);
      g_hash_table_remove (self->originates, extension);
    }
  else
    {
      call->direction = g_strdup ("inbound");
      call->from = g_strdup (rd_ami_message_get (event, "CallerIDNum"));
      call->to = g_strdup (exten);
    }
  /* The desk knew it before a reconnect or a restart: its end is told in any case. */
  known = rd_center_cti_call_id (rd_cti_desk_get_center (self->desk), PBX_ID, linkedid);
  call->told = known != NULL;
  return call;
}

static void
ring (RdCtiAmi     *self,
      Call         *call,
      const char   *channel,
      RdAmiMessage *event)
{
  g_autofree char *extension = agent_extension (self, channel);

  /* The agent who placed an outbound call is not rung by it; anyone else is (a call
   * passed on to a colleague rings them, whichever way it began). */
  if (call == NULL || (extension != NULL && g_strcmp0 (extension, call->agent_ext) == 0))
    return;
  if (extension == NULL)
    {
      g_debug ("ami: call %s rings %s, which no agent answers", call->linkedid, channel);
      return;
    }
  tell (self, call, RD_CENTER_CTI_RING, extension, event, NULL);
}

/* @extension has the customer now: the first answer, or a transfer to another agent. */
static void
answer (RdCtiAmi     *self,
        Call         *call,
        const char   *extension,
        RdAmiMessage *event)
{
  if (call == NULL || extension == NULL || g_strcmp0 (call->answered_ext, extension) == 0)
    return;
  tell (self, call, call->answered_ext == NULL ? RD_CENTER_CTI_ANSWER : RD_CENTER_CTI_TRANSFER,
        extension, event, NULL);
  g_free (call->answered_ext);
  call->answered_ext = g_strdup (extension);
}

/* The agent a bridge or an answered dial gives the customer to: an agent's channel (other
 * than the caller's), else the agent who placed an outbound call. */
static void
answered_by (RdCtiAmi     *self,
             Call         *call,
             const char   *channel,
             RdAmiMessage *event)
{
  g_autofree char *extension = NULL;

  if (call == NULL)
    return;
  extension = agent_extension (self, channel);
  if (extension != NULL && g_strcmp0 (extension, call->agent_ext) != 0)
    answer (self, call, extension, event);
  else if (g_strcmp0 (call->direction, "outbound") == 0)
    answer (self, call, call->agent_ext, event);
}

static void
hangup (RdCtiAmi     *self,
        RdAmiMessage *event)
{
  const char *uniqueid = rd_ami_message_get (event, "Uniqueid");
  g_autofree char *key = NULL;
  g_autofree char *linkedid = NULL;
  g_autofree char *cause = NULL;
  Call *call;

  if (uniqueid == NULL ||
      !g_hash_table_steal_extended (self->legs, uniqueid, (gpointer *) &key, (gpointer *) &linkedid))
    return;
  call = call_for (self, linkedid);
  if (call == NULL || --call->legs > 0)
    return;
  cause = hangup_cause (event);
  if (call->told)
    tell (self, call, RD_CENTER_CTI_HANGUP, NULL, event, cause);
  g_hash_table_remove (self->calls, linkedid);
}

/* ---- after a login: what is still up --------------------------------------------------- */

static void
list_channels (RdCtiAmi *self)
{
  g_autoptr(RdAmiMessage) action = rd_ami_message_new ();
  g_autoptr(GError) error = NULL;

  rd_ami_message_add (action, "Action", "CoreShowChannels");
  g_clear_pointer (&self->listing_id, g_free);
  if (!rd_ami_client_send (self->client, action, &self->listing_id, &error))
    g_warning ("ami: cannot list the channels up: %s", error->message);
}

static void
listed_channel (RdCtiAmi     *self,
                RdAmiMessage *event)
{
  Call *call = add_leg (self, event);
  const char *state = rd_ami_message_get (event, "ChannelState");
  const char *bridge = rd_ami_message_get (event, "BridgeId");

  /* An answer missed while the connection was down. */
  if (call != NULL && call->told && state != NULL && atoi (state) == STATE_UP &&
      bridge != NULL && *bridge != '\0')
    answered_by (self, call, rd_ami_message_get (event, "Channel"), event);
}

/* Calls the desk has open that Asterisk no longer has ended while nobody listened. */
static void
listing_complete (RdCtiAmi *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = rd_center_cti_open_calls (rd_cti_desk_get_center (self->desk), PBX_ID,
                                                        &error);

  g_clear_pointer (&self->listing_id, g_free);
  if (open == NULL)
    {
      g_warning ("ami: the open calls: %s", error->message);
      return;
    }
  for (guint i = 0; i < open->len; i++)
    {
      Call gone = { .linkedid = open->pdata[i], .told = TRUE };

      if (g_hash_table_contains (self->calls, open->pdata[i]))
        continue;
      g_message ("ami: call %s ended while the connection was down", (char *) open->pdata[i]);
      tell (self, &gone, RD_CENTER_CTI_HANGUP, NULL, NULL, "ended-unobserved");
    }
}

/* ---- the event stream -------------------------------------------------------------------- */

static void
message_cb (RdAmiClient  *client,
            RdAmiMessage *message,
            RdCtiAmi     *self)
{
  const char *name = rd_ami_message_get (message, "Event");
  const char *action_id = rd_ami_message_get (message, "ActionID");
  const char *linkedid = rd_ami_message_get (message, "Linkedid");

  if (self->listing_id != NULL && g_strcmp0 (action_id, self->listing_id) == 0)
    {
      if (g_strcmp0 (name, "CoreShowChannel") == 0)
        listed_channel (self, message);
      else if (g_strcmp0 (name, "CoreShowChannelsComplete") == 0)
        listing_complete (self);
      else if (g_ascii_strcasecmp (response_of (message), "Error") == 0)
        {
          /* Without the list, calls stay open until Asterisk tells their Hangup. */
          g_warning ("ami: CoreShowChannels refused: %s", rd_ami_message_get (message, "Message"));
          g_clear_pointer (&self->listing_id, g_free);
        }
      return;
    }
  if (name == NULL)
    {
      if (g_ascii_strcasecmp (response_of (message), "Error") == 0)
        g_message ("ami: action %s refused: %s", action_id ? action_id : "-",
                   rd_ami_message_get (message, "Message"));
      return;
    }

  if (g_str_equal (name, "Newchannel"))
    {
      Call *call = add_leg (self, message);

      /* The agent's own phone placing a call (or Originate ringing it): the card shows now. */
      if (call != NULL && call->legs == 1 && call->agent_ext != NULL)
        tell (self, call, RD_CENTER_CTI_RING, call->agent_ext, message, NULL);
    }
  else if (g_str_equal (name, "DialBegin"))
    {
      Call *call = call_for (self, linkedid);
      const char *dial = rd_ami_message_get (message, "DialString");

      if (call != NULL && call->to == NULL && dial != NULL)
        call->to = g_strdup (strrchr (dial, '/') != NULL ? strrchr (dial, '/') + 1 : dial);
      ring (self, call, rd_ami_message_get (message, "DestChannel"), message);
    }
  else if (g_str_equal (name, "AgentCalled"))
    {
      const char *dest = rd_ami_message_get (message, "DestChannel");

      ring (self, call_for (self, linkedid), dest != NULL ? dest : rd_ami_message_get (message, "Interface"),
            message);
    }
  else if (g_str_equal (name, "Newstate"))
    {
      const char *state = rd_ami_message_get (message, "ChannelState");

      if (state != NULL && atoi (state) == STATE_RINGING)
        ring (self, call_for (self, linkedid), rd_ami_message_get (message, "Channel"), message);
    }
  else if (g_str_equal (name, "DialEnd"))
    {
      if (g_strcmp0 (rd_ami_message_get (message, "DialStatus"), "ANSWER") == 0)
        answered_by (self, call_for (self, linkedid), rd_ami_message_get (message, "DestChannel"), message);
    }
  else if (g_str_equal (name, "BridgeEnter"))
    {
      const char *n = rd_ami_message_get (message, "BridgeNumChannels");

      if (n != NULL && atoi (n) >= 2)
        answered_by (self, call_for (self, linkedid), rd_ami_message_get (message, "Channel"), message);
    }
  else if (g_str_equal (name, "QueueCallerJoin"))
    g_debug ("ami: call %s waits in queue %s", linkedid ? linkedid : "-",
             rd_ami_message_get (message, "Queue"));
  else if (g_str_equal (name, "Hangup"))
    hangup (self, message);
  else if (g_str_equal (name, "OriginateResponse") &&
           g_strcmp0 (rd_ami_message_get (message, "Response"), "Success") != 0)
    {
      /* The agent's phone never rang: their next own call is not this number's. */
      g_autofree char *extension = channel_extension (rd_ami_message_get (message, "Channel"));

      g_message ("ami: click-to-call %s failed: %s", rd_ami_message_get (message, "ActionID"),
                 rd_ami_message_get (message, "Reason"));
      if (extension != NULL)
        g_hash_table_remove (self->originates, extension);
    }
}

static void
connected_cb (RdAmiClient *client,
              RdCtiAmi    *self)
{
  list_channels (self);
}

static void
disconnected_cb (RdAmiClient *client,
                 RdCtiAmi    *self)
{
  /* What was up is asked again after the next login. */
  g_hash_table_remove_all (self->legs);
  g_hash_table_remove_all (self->calls);
  g_clear_pointer (&self->listing_id, g_free);
}

/* ---- click-to-call ----------------------------------------------------------------------- */

gboolean
rd_cti_ami_originate (RdCtiAmi    *self,
                      const char  *extension,
                      const char  *number,
                      const char  *agent,
                      char       **action_id,
                      GError     **error)
{
  g_autoptr(RdAmiMessage) action = rd_ami_message_new ();
  g_autoptr(GString) channel = g_string_new (self->channel);
  g_autofree char *caller_id = g_strdup_printf ("%s <%s>", number, number);
  g_autofree char *variable = g_strdup_printf ("RINGDESK_AGENT=%s", agent);

  g_return_val_if_fail (RD_IS_CTI_AMI (self), FALSE);

  g_string_replace (channel, "{extension}", extension, 0);
  rd_ami_message_add (action, "Action", "Originate");
  rd_ami_message_add (action, "Channel", channel->str);
  rd_ami_message_add (action, "Context", self->context);
  rd_ami_message_add (action, "Exten", number);
  rd_ami_message_add (action, "Priority", "1");
  /* What the agent's phone shows while it rings: whom it is about to call. */
  rd_ami_message_add (action, "CallerID", caller_id);
  rd_ami_message_add (action, "Timeout", "30000");
  rd_ami_message_add (action, "Async", "true");
  rd_ami_message_add (action, "Variable", variable);
  if (!rd_ami_client_send (self->client, action, action_id, error))
    return FALSE;
  g_hash_table_replace (self->originates, g_strdup (extension), g_strdup (number));
  return TRUE;
}

/* ---- object -------------------------------------------------------------------------------- */

static void
rd_cti_ami_dispose (GObject *object)
{
  RdCtiAmi *self = RD_CTI_AMI (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_cti_ami_parent_class)->dispose (object);
}

static void
rd_cti_ami_finalize (GObject *object)
{
  RdCtiAmi *self = RD_CTI_AMI (object);

  g_hash_table_unref (self->legs);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->originates);
  g_free (self->context);
  g_free (self->channel);
  g_free (self->recording_url);
  g_free (self->listing_id);
  G_OBJECT_CLASS (rd_cti_ami_parent_class)->finalize (object);
}

static void
rd_cti_ami_class_init (RdCtiAmiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_cti_ami_dispose;
  object_class->finalize = rd_cti_ami_finalize;
}

static void
rd_cti_ami_init (RdCtiAmi *self)
{
  self->legs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) call_free);
  self->originates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RdCtiAmi *
rd_cti_ami_new (RdCtiDesk            *desk,
                RdAmiClient          *client,
                const RdCtiAmiConfig *config)
{
  RdCtiAmi *self = g_object_new (RD_TYPE_CTI_AMI, NULL);

  self->desk = g_object_ref (desk);
  self->client = g_object_ref (client);
  self->context = g_strdup (config->context != NULL ? config->context : "from-internal");
  self->channel = g_strdup (config->channel != NULL ? config->channel : "PJSIP/{extension}");
  self->recording_url = g_strdup (config->recording_url);
  g_signal_connect (client, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (client, "connected", G_CALLBACK (connected_cb), self);
  g_signal_connect (client, "disconnected", G_CALLBACK (disconnected_cb), self);
  return self;
}
