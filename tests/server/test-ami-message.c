/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AMI wire format: messages split anywhere by the socket, CRLF or LF, the greeting,
 * values with colons or nothing, case-blind keys, a cut message forgotten on reset. */
#include "config.h"

#include <string.h>

#include "rd-ami-message.h"

static const char transcript[] =
  "Asterisk Call Manager/5.0.1\r\n"
  "Response: Success\r\n"
  "ActionID: rd-1\r\n"
  "Message: Authentication accepted\r\n"
  "\r\n"
  "Event: Newchannel\r\n"
  "Privilege: call,all\r\n"
  "Channel: PJSIP/201-00000002\r\n"
  "AccountCode: \r\n"
  "ApplicationData: PJSIP/201,30,tT\r\n"
  "Uniqueid: 1796637600.2\r\n"
  "Linkedid: 1796637600.1\r\n"
  "\r\n"
  "Event: Hangup\n"
  "Cause-txt: Normal Clearing\n"
  "Note: a: b\n"
  "\n";

static GPtrArray *
parse_in_chunks (gsize chunk)
{
  g_autoptr(RdAmiParser) parser = rd_ami_parser_new ();
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_ami_message_free);
  gsize length = strlen (transcript);
  RdAmiMessage *message;

  for (gsize at = 0; at < length; at += chunk)
    {
      rd_ami_parser_feed (parser, transcript + at, MIN (chunk, length - at));
      while ((message = rd_ami_parser_next (parser)) != NULL)
        g_ptr_array_add (messages, message);
    }
  return messages;
}

static void
test_ami_split (void)
{
  /* Every split of the stream, one byte at a time up to the whole, reads the same. */
  for (gsize chunk = 1; chunk <= strlen (transcript); chunk++)
    {
      g_autoptr(GPtrArray) messages = parse_in_chunks (chunk);
      RdAmiMessage *m;

      g_assert_cmpuint (messages->len, ==, 3);
      m = messages->pdata[0];
      g_assert_cmpstr (rd_ami_message_get (m, "Response"), ==, "Success");
      g_assert_cmpstr (rd_ami_message_get (m, "ActionID"), ==, "rd-1");
      g_assert_cmpuint (rd_ami_message_size (m), ==, 3);
      m = messages->pdata[1];
      g_assert_cmpstr (rd_ami_message_get (m, "event"), ==, "Newchannel");
      g_assert_cmpstr (rd_ami_message_get (m, "CHANNEL"), ==, "PJSIP/201-00000002");
      g_assert_cmpstr (rd_ami_message_get (m, "AccountCode"), ==, "");
      g_assert_cmpstr (rd_ami_message_get (m, "ApplicationData"), ==, "PJSIP/201,30,tT");
      g_assert_cmpstr (rd_ami_message_get (m, "Linkedid"), ==, "1796637600.1");
      g_assert_null (rd_ami_message_get (m, "Exten"));
      m = messages->pdata[2];
      g_assert_cmpstr (rd_ami_message_get (m, "Cause-txt"), ==, "Normal Clearing");
      g_assert_cmpstr (rd_ami_message_get (m, "Note"), ==, "a: b");
    }
}

static void
test_ami_incomplete (void)
{
  g_autoptr(RdAmiParser) parser = rd_ami_parser_new ();
  g_autoptr(RdAmiMessage) message = NULL;
  const char *cut = "Event: Hangup\r\nUniqueid: 1.2\r\n";
  const char *next = "Event: Ping\r\n\r\n";

  rd_ami_parser_feed (parser, cut, strlen (cut));
  g_assert_null (rd_ami_parser_next (parser));
  /* The connection dropped: the half message is not glued to the next one. */
  rd_ami_parser_reset (parser);
  rd_ami_parser_feed (parser, next, strlen (next));
  message = rd_ami_parser_next (parser);
  g_assert_nonnull (message);
  g_assert_cmpstr (rd_ami_message_get (message, "Event"), ==, "Ping");
  g_assert_null (rd_ami_message_get (message, "Uniqueid"));
  g_assert_null (rd_ami_parser_next (parser));
}

static void
test_ami_write (void)
{
  g_autoptr(RdAmiMessage) action = rd_ami_message_new ();
  g_autofree char *text = NULL;

  rd_ami_message_add (action, "Action", "Originate");
  rd_ami_message_add (action, "Channel", "PJSIP/202");
  /* A line break in a value would start a key of its own (header injection). */
  rd_ami_message_add (action, "Variable", "A=1\r\nAction: Logoff");
  rd_ami_message_add (action, "Async", NULL);
  text = rd_ami_message_to_string (action);
  g_assert_cmpstr (text, ==,
                   "Action: Originate\r\nChannel: PJSIP/202\r\nVariable: A=1  Action: Logoff\r\n"
                   "Async: \r\n\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ami/message/split", test_ami_split);
  g_test_add_func ("/ami/message/incomplete", test_ami_incomplete);
  g_test_add_func ("/ami/message/write", test_ami_write);
  return g_test_run ();
}
