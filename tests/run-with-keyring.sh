#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program with a real, private keyring: a D-Bus session bus of its
# own (dbus-run-session) with gnome-keyring-daemon unlocked by a test password,
# and HOME/XDG dirs in a temporary folder so the user's keyring and replicas
# are never touched.  Usage: run-with-keyring.sh PROGRAM [ARGS...]
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rd-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
# --unlock makes the "login" keyring; make it the default collection so that
# storing needs no prompt (there is no prompter under Xvfb).
mkdir -p "$tmp/data/keyrings" && printf login > "$tmp/data/keyrings/default"
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
dbus-run-session -- sh -c '
  # Not with the tests' G_DEBUG=fatal-warnings: gnome-keyring 42 warns about
  # its own item paths and would abort.
  eval "$(printf "%s" "ringdesk-test-password" |
          env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets)"
  # Have the unlocked daemon own org.freedesktop.secrets now, so that D-Bus
  # does not activate a second daemon in the middle of a test.
  eval "$(env -u G_DEBUG gnome-keyring-daemon --start --components=secrets)"
  export GNOME_KEYRING_CONTROL
  status=0
  "$@" || status=$?
  # gnome-keyring-daemon leaves with the session bus.
  exit $status
' run-with-keyring "$@"
