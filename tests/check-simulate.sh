#!/usr/bin/env bash
# Usage: check-simulate.sh RINGDESK-CLI — `simulate` prints one figure a line, the same
# seed gives the same output, another seed another, and bad input is a clear error.
set -u
cli="$1"
args=(simulate --agents 10 --answer-rate 0.3 --talk-mean 120 --hours 2 --breaks 1)
fail() { echo "not ok: $*"; exit 1; }

for pacer in preview progressive adaptive predictive clairvoyant; do
  a=$("$cli" "${args[@]}" --pacer "$pacer" --seed 7) || fail "$pacer exited $?"
  b=$("$cli" "${args[@]}" --pacer "$pacer" --seed 7) || fail "$pacer exited $?"
  c=$("$cli" "${args[@]}" --pacer "$pacer" --seed 8) || fail "$pacer exited $?"
  [ "$a" = "$b" ] || fail "$pacer: seed 7 twice differs"
  [ "$a" != "$c" ] || fail "$pacer: seeds 7 and 8 give the same output"
  for name in calls answered abandoned abandon_rate utilization mean_wait_s calls_per_agent_hour; do
    echo "$a" | grep -Eq "^$name [0-9.]+$" || fail "$pacer: no line “$name N”: $a"
  done
  lines=$(echo "$a" | wc -l)
  words=$(echo "$a" | wc -w)
  [ $((lines * 2)) -eq "$words" ] || fail "$pacer: not one figure a line"
done

out=$("$cli" simulate --pacer nosuch 2>&1); rc=$?
[ $rc -eq 1 ] || fail "unknown pacer exited $rc"
case "$out" in *"unknown pacer"*) ;; *) fail "unknown pacer said: $out";; esac
out=$("$cli" simulate --answer-rate 0.95 2>&1); rc=$?
[ $rc -eq 1 ] || fail "rates over 1 exited $rc"
case "$out" in *"add up to more than 1"*) ;; *) fail "rates over 1 said: $out";; esac
echo "ok: ringdesk-cli simulate"
