#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Connect time of the switch: the customer's 200 OK at the server -> the first customer RTP
# packet forwarded to the agent's leg, p50/p99 over CALLS calls (sipp customers, a baresip
# agent, all on loopback), with the far end's own first packet as the floor beside it.
#   bench/bench-switch.sh [BUILD_DIR] [CALLS]       (defaults: build, 500)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-build}
CALLS=${2:-500}
DRIVER=$(cd "$BUILD" && pwd)/tests/rd-switch-driver
[ -x "$DRIVER" ] || { echo "no $DRIVER: meson compile -C $BUILD first"; exit 1; }
RD_SWITCH_DRIVER="$DRIVER" CALLS="$CALLS" HOLD_MS=${HOLD_MS:-100} MEDIA=${MEDIA:-pcap} \
  "$HERE/../tests/integration/switch/run-tests.sh" > "${TMPDIR:-/tmp}/bench-switch.log" 2>&1
rc=$?
grep -E '^RESULT (calls_bridged|connect_ms|bridge_ms|far_end_ms|relay_us)' "${TMPDIR:-/tmp}/bench-switch.log"
[ $rc = 0 ] || { echo "the run failed; log: ${TMPDIR:-/tmp}/bench-switch.log"; exit 1; }
