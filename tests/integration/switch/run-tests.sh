#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end test of RdSwitch (src/server/switch) on loopback only, with real peers:
#   baresip (agent) -> switch (auto-answer) ; switch -> sipp UAS (customer)
#   bridge on 200 OK ; baresip records what it hears (sndfile) ; content check.
# Every wait is bounded; every process started here is killed by PID at exit.
set -u
cd "$(dirname "$0")"
HERE=$(pwd)
# The driver (tests/integration/switch/rd-switch-driver.c), built by meson.
DRIVER=${RD_SWITCH_DRIVER:?set RD_SWITCH_DRIVER to the built rd-switch-driver}
CALLS=${CALLS:-50}
HOLD_MS=${HOLD_MS:-300}
# customer media: pcap = sipp play_pcap_audio, PCMA (transcoded), starts at once
#                 rtpstream = sipp rtp_stream, PCMU (pass-through), sipp-side start delay
MEDIA=${MEDIA:-pcap}
T=$(mktemp -d /tmp/rd-switch.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
}
trap cleanup EXIT
freeport() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# baresip's port: free for UDP and TCP, and the next one for TCP (its SIP/TLS listener)
sipport() { python3 - <<'EOP'
import socket
for _ in range(50):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); p = u.getsockname()[1]
    try:
        for q in (p, p + 1):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).bind(("127.0.0.1", q))
        print(p); break
    except OSError:
        pass
EOP
}
wait_for() { # file pattern timeout_s
  local i; for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }

for tool in sipp baresip sox python3; do
  command -v $tool > /dev/null || { echo "missing $tool: run tools/install-deps"; exit 1; }
done
SW=$(freeport); BS=$(sipport); UA=$(freeport); UB=$(freeport); UN=$(freeport); UD=$(freeport); UDM=$(freeport); UAM=$(freeport)
echo "ports: switch=$SW baresip=$BS uas-answer=$UA uas-busy=$UB uas-noanswer=$UN tmp=$T"

# media: customer tone (raw u-law for sipp rtp_stream), agent tone, prompt
sox -n -r 8000 -c 1 -t ul "$T/tone1k.ul" synth 5 sine 1000 vol 0.5
python3 "$HERE/mkpcap.py" "$T/tone1k-pcma.pcap" pcma 1000 1
sox -n -r 8000 -c 1 -b 16 "$T/agent.wav" synth 600 sine 2000 vol 0.3
sox -n -r 8000 -c 1 -b 16 "$T/prompt.wav" synth 2 sine 440 vol 0.5

mkdir -p "$T/bs" "$T/rec"
cat > "$T/bs/config" <<EOC
poll_method		epoll
sip_listen		127.0.0.1:$BS
net_interface		127.0.0.1
audio_player		aubridge,nil
audio_source		aufile,$T/agent.wav
audio_alert		aubridge,nil
rtp_ports		30000-39999
module_path		/usr/lib/baresip/modules
module			menu.so
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
module			account.so
snd_path		$T/rec
EOC
echo '<sip:agent@127.0.0.1>;regint=0' > "$T/bs/accounts"

cd "$T"
SIPP="sipp -i 127.0.0.1 -mi 127.0.0.1 -t u1 -nostdin -trace_err"
if [ "$MEDIA" = pcap ]; then UAS_ANSWER=(-sf "$HERE/sipp/uas-answer-pcap.xml" -mp "$UAM")
else UAS_ANSWER=(-sf "$HERE/sipp/uas-answer.xml"); fi
echo "customer media: $MEDIA"
timeout 300 $SIPP "${UAS_ANSWER[@]}" -p "$UA" -m "$CALLS" > sipp-answer.log 2>&1 &
SA=$!; PIDS+=($SA)
timeout 300 $SIPP -sf "$HERE/sipp/uas-busy.xml" -p "$UB" -m 1 > sipp-busy.log 2>&1 &
SB=$!; PIDS+=($SB)
timeout 300 $SIPP -sf "$HERE/sipp/uas-noanswer.xml" -p "$UN" -m 1 > sipp-noans.log 2>&1 &
SN=$!; PIDS+=($SN)
timeout 300 $SIPP -sf "$HERE/sipp/uas-dtmf.xml" -p "$UD" -mp "$UDM" -m 1 > sipp-dtmf.log 2>&1 &
SD=$!; PIDS+=($SD)
sleep 0.5
for p in $SA $SB $SN $SD; do kill -0 $p 2>/dev/null || { echo "a sipp UAS died at start:"; cat sipp-*.log; exit 1; }; done

# PROXY=1: customer legs go through Kamailio, as through a trunk's proxy.
TRUNK=()
if [ "${PROXY:-0}" = 1 ]; then
  command -v kamailio > /dev/null || { echo "missing kamailio: run tools/install-deps"; exit 1; }
  KP=$(freeport)
  sed "s/RD_PROXY_PORT/$KP/" "$HERE/kamailio.cfg" > kamailio.cfg
  mkdir -p "$T/kamailio-run"
  timeout 290 kamailio -f kamailio.cfg -DD -E -Y "$T/kamailio-run" > kamailio.log 2>&1 &
  PIDS+=($!)
  wait_for kamailio.log "RDPROXY\|INFO.*udp:127.0.0.1:$KP\|listening on" 10 || sleep 1
  kill -0 "${PIDS[-1]}" 2>/dev/null || { echo "kamailio did not start:"; cat kamailio.log; exit 1; }
  TRUNK=(--trunk "sip:127.0.0.1:$KP;lr")
  echo "proxy: kamailio on $KP"
fi
timeout 280 "$DRIVER" "${TRUNK[@]}" --port "$SW" --calls "$CALLS" --hold-ms "$HOLD_MS" \
  --customer "sip:cust@127.0.0.1:$UA" --busy "sip:busy@127.0.0.1:$UB" \
  --dtmf "sip:dtmf@127.0.0.1:$UD" --noanswer "sip:noans@127.0.0.1:$UN" --ring-timeout 2000 \
  --prompt "$T/prompt.wav" > driver.log 2>&1 &
DRV=$!; PIDS+=($DRV)
wait_for driver.log LISTENING 10 || { echo "switch did not start"; cat driver.log; exit 1; }

if command -v tcpdump > /dev/null; then
  timeout 280 tcpdump -i lo -n -s 200 -w agent-rtp.pcap "udp and dst portrange 30000-39999" > tcpdump.log 2>&1 &
  TD=$!; PIDS+=($TD); sleep 0.5
fi
timeout 280 baresip -f "$T/bs" -e "/dial sip:agent@127.0.0.1:$SW" -t 270 > baresip.log 2>&1 &
PIDS+=($!)

wait "$DRV"; DRV_RC=$?
SIPP_RC=0
for p in $SA $SB $SN $SD; do  # sipp -m exits by itself: 0 = all calls passed
  for ((i = 0; i < 50; i++)); do kill -0 $p 2>/dev/null || break; sleep 0.1; done
  kill $p 2>/dev/null   # still waiting for a call the driver never placed: a failure
  wait $p; rc=$?; [ $rc = 0 ] || SIPP_RC=$rc
done
echo "sipp UAS exit codes ok: $([ $SIPP_RC = 0 ] && echo yes || echo "no ($SIPP_RC)")"
sleep 1   # let baresip close its WAV dump (BYE from the switch)
cleanup; PIDS=()
grep -E '^RESULT' driver.log
echo "driver exit code: $DRV_RC"
# a failing driver says why in its last lines (a sanitizer report, a watchdog)
[ "$DRV_RC" = 0 ] || grep -vE '^(RESULT|EV) ' driver.log | tail -n 25
[ "$DRV_RC" = 0 ] || { echo "baresip (the agent):"; tail -n 10 baresip.log; }
DEC=$(ls "$T"/rec/*-dec.wav 2>/dev/null | head -1)
if [ -z "$DEC" ]; then echo "no baresip recording"; exit 1; fi
echo "agent recording: $DEC"
sox "$DEC" -n stat 2>&1 | grep -E 'Length|RMS     amplitude|Rough'
RC_PROXY=0
if [ "${PROXY:-0}" = 1 ]; then
  RELAYED=$(grep -c "RDPROXY INVITE" kamailio.log)
  echo "proxy relayed $RELAYED INVITEs (expected $((CALLS + 3)))"
  [ "$RELAYED" -ge $((CALLS + 3)) ] || RC_PROXY=1
fi
RC_RTP=0
[ -f agent-rtp.pcap ] && { kill $TD 2>/dev/null; python3 "$HERE/rtp-check.py" agent-rtp.pcap || RC_RTP=1; }
python3 "$HERE/tone-check.py" "$DEC" --calls "$CALLS" --hold-ms "$HOLD_MS"; TC_RC=$?
if [ "$DRV_RC" = 0 ] && [ "$TC_RC" = 0 ] && [ "$SIPP_RC" = 0 ] && [ "$RC_RTP" = 0 ] && [ "$RC_PROXY" = 0 ]; then
  echo "ALL OK"; rm -rf "$T"
else
  echo "FAILED; logs in $T"; exit 1
fi
