#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Capacity of the switch: for each N, N calls bridged at once through the switch, each
# recorded, G.711 both ways (agents: a sipp UAC dialling in, PCMU 2 kHz; customers: a sipp
# UAS, PCMA 1 kHz, so every packet is transcoded). Once all N are up, a WINDOW-second
# capture on lo (rtp-load.py: loss and jitter of what the switch sends against what it
# receives) and the CPU of every process in the same window (cpu-sample.py: the switch,
# the two sipps, tcpdump, the machine); at the end each recording's length and tones.
# MEDIA=pcap has sipp replay pcaps (play_pcap_audio: a thread per call, raw sockets, one
# source port for all); MEDIA=rtpstream (the default) its rtp_stream (a thread per 20
# calls, a port per call), which costs the load generators less.
#   bench/bench-switch-load.sh [BUILD_DIR] ["N1 N2 ..."]   (defaults: build, "50 100 200 300")
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-build}
STEPS=${2:-50 100 200 300}
WINDOW=${WINDOW:-8}
RATE=${RATE:-50}                          # calls set up per second
MEDIA=${MEDIA:-rtpstream}
SUFFIX=$([ "$MEDIA" = rtpstream ] && echo -rtpstream)
DRIVER=$(cd "$BUILD" && pwd)/bench/bench-switch-load
[ -x "$DRIVER" ] || { echo "no $DRIVER: meson compile -C $BUILD first"; exit 1; }
for tool in sipp tcpdump python3 sox; do
  command -v $tool > /dev/null || { echo "missing $tool: run tools/install-deps"; exit 1; }
done
T=$(mktemp -d /tmp/rd-switch-load.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  PIDS=()
}
trap cleanup EXIT
freeport() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_for() { local i; for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
SL=$HERE/switch-load
cd "$T"
MAXN=0; for n in $STEPS; do [ "$n" -gt "$MAXN" ] && MAXN=$n; done
MAXHOLD=$(( (MAXN / RATE + WINDOW + 8) ))
python3 "$HERE/../tests/integration/switch/mkpcap.py" customer.pcap pcma 1000 $((MAXHOLD + 5))
python3 "$HERE/../tests/integration/switch/mkpcap.py" agent.pcap pcmu 2000 $((MAXHOLD + 5))
sox -n -r 8000 -c 1 -t al customer.al synth 10 sine 1000 vol 0.5
sox -n -r 8000 -c 1 -t ul agent.ul synth 10 sine 2000 vol 0.5
echo "bench-switch-load: steps $STEPS, window ${WINDOW}s, $RATE calls/s, media $MEDIA, $(nproc) cores, tmp $T"
PASSED=0
SIPP="sipp -i 127.0.0.1 -mi 127.0.0.1 -t u1 -nostdin -trace_err -max_socket 4096"
for N in $STEPS; do
  HOLD_S=$(( N / RATE + WINDOW + 6 ))
  D="$T/n$N"; mkdir -p "$D/rec"; cd "$D"
  cp ../customer.pcap ../agent.pcap ../customer.al ../agent.ul .
  SW=$(freeport); UAS=$(freeport)
  $SIPP -timeout $((HOLD_S + 60))s -sf "$SL/sipp-customer$SUFFIX.xml" -p "$UAS" -mp 20000 -m "$N" \
    > sipp-customer.log 2>&1 &
  UASP=$!; PIDS+=($UASP)
  "$DRIVER" --port "$SW" --calls "$N" --rec-dir "$D/rec" \
    --customer "sip:cust@127.0.0.1:$UAS" --timeout-s $((HOLD_S + 40)) > driver.log 2> driver.err &
  DRV=$!; PIDS+=($DRV)
  wait_for driver.log LISTENING 10 || { echo "N=$N: the switch did not start"; cat driver.err; exit 1; }
  $SIPP -timeout $((HOLD_S + 60))s -sf "$SL/sipp-agent$SUFFIX.xml" "127.0.0.1:$SW" -mp 10000 -m "$N" -l "$N" \
    -r "$RATE" -d $((HOLD_S * 1000)) > sipp-agent.log 2>&1 &
  UACP=$!; PIDS+=($UACP)
  if ! wait_for driver.log ALL_BRIDGED $((N / RATE + 15)); then
    echo "== N=$N"; echo "RESULT N=$N FAIL: not all bridged"; tail -3 driver.err; cleanup; cd "$T"; continue
  fi
  sleep 2
  tcpdump -i lo -n -s 64 -B 65536 -w rtp.pcap "udp and portrange 40000-59999" \
    > tcpdump.log 2>&1 &
  TD=$!
  sleep 0.5
  python3 "$SL/cpu-sample.py" $((WINDOW - 2)) switch=$DRV sipp_agents=$UACP sipp_customers=$UASP \
    tcpdump=$TD > cpu.txt
  kill -INT $TD; wait $TD
  wait $DRV; DRV_RC=$?
  wait $UACP; wait $UASP
  PIDS=()
  echo "== N=$N (hold ${HOLD_S}s)"
  grep RESULT driver.log
  grep -h "dropped by kernel" tcpdump.log | sed 's/^/capture: /'
  cat cpu.txt
  python3 "$SL/rtp-load.py" rtp.pcap > rtp.txt
  python3 "$SL/rec-check.py" $((HOLD_S - N / RATE - 2)) rec/*.wav > rec.txt
  cat rtp.txt rec.txt
  # the bounds: every call up, < 1 % lost or left behind, < 20 ms added jitter, every recording good
  if grep -q "bridged=$N " driver.log && python3 "$SL/verdict.py" "$N" rtp.txt rec.txt; then
    echo "RESULT N=$N pass"; PASSED=$N
  else
    echo "RESULT N=$N FAIL"
  fi
  [ $DRV_RC = 0 ] || { echo "driver exit $DRV_RC:"; tail -5 driver.err; }
  rm -f rtp.pcap rec/*.wav customer.pcap agent.pcap customer.al agent.ul
  cd "$T"
done
echo "RESULT capacity: the largest N within the bounds: $PASSED (steps $STEPS, loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
