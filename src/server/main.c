/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sodium.h>

#include "rd-version.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Keep the server database in DIR", "DIR" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Serve the API on ADDRESS:PORT (e.g. 127.0.0.1:8470)", "ADDRESS:PORT" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[user add|list|disable|passwd …] — the Ringdesk sync server");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Admin commands:\n"
    "  user add NAME --role admin|manager|agent [--team T]   (password on stdin)\n"
    "  user list\n"
    "  user disable NAME\n"
    "  user passwd NAME                                       (password on stdin)\n");
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 1;
    }

  if (version)
    {
      g_autofree char *text = rd_version_describe ("ringdesk-server");

      g_print ("%s (libsoup %u.%u.%u, libsodium %s)\n", text,
               soup_get_major_version (), soup_get_minor_version (),
               soup_get_micro_version (), sodium_version_string ());
      return 0;
    }

  if (data_dir == NULL)
    {
      g_printerr ("ringdesk-server: --data-dir DIR is required\n");
      return 1;
    }

  g_printerr ("ringdesk-server: serving is not built yet in this tree\n");
  return 2;
}
