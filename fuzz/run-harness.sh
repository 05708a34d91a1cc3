#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The `fuzz` suite's test: HARNESS over its seed corpus (regression inputs included), then
# fuzzing for SECONDS. New inputs go to a scratch folder, never into the source tree.
# Usage: run-harness.sh HARNESS FUZZ_SOURCE_DIR NAME SECONDS
set -eu
harness=$1 src=$2 name=$3 seconds=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/rd-fuzz-$name-XXXXXX")
trap 'rm -rf "$work"' EXIT
dict=""
[ -f "$src/dict/$name.dict" ] && dict="-dict=$src/dict/$name.dict"
# A crash, leak or timeout input is kept in the current folder (the build folder under
# meson test) as fuzz-NAME-crash-HASH, and printed for the log.
rc=0
# shellcheck disable=SC2086
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="fuzz-$name-" $dict "$work" "$src/corpus/$name" || rc=$?
if [ "$rc" -ne 0 ]; then
  for f in fuzz-"$name"-crash-* fuzz-"$name"-leak-* fuzz-"$name"-timeout-* fuzz-"$name"-oom-*; do
    [ -f "$f" ] || continue
    echo "fuzz-$name: $(pwd)/$f (base64): $(base64 -w0 "$f")"
  done
fi
# libFuzzer's own error code is 77, which meson reads as "skipped": a crash or a leak
# must fail the suite.
[ "$rc" -eq 77 ] && rc=1
exit "$rc"
