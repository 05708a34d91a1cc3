#!/usr/bin/env bash
# Usage: check-help.sh BINARY — it must answer --help and --version with exit 0.
set -u
bin="$1"
name=$(basename "$bin")
out=$("$bin" --help 2>&1); rc=$?
if [ $rc -ne 0 ]; then echo "$name --help exited $rc: $out"; exit 1; fi
case "$out" in *Usage:*) ;; *) echo "$name --help printed no Usage: line: $out"; exit 1;; esac
out=$("$bin" --version 2>&1); rc=$?
if [ $rc -ne 0 ]; then echo "$name --version exited $rc: $out"; exit 1; fi
case "$out" in *"$name"*[0-9].[0-9]*) ;; *) echo "$name --version printed: $out"; exit 1;; esac
echo "ok: $name --help and --version"
