#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the RTP stream the switch sent to the agent (pcap from tcpdump -i lo):
one flow, one SSRC, seq +1 per packet, timestamps strictly increasing, across
all relayed customer calls and the prompt (the B2BUA re-stamping)."""
import struct, sys

d = open(sys.argv[1], "rb").read()
magic, _, _, _, _, _, link = struct.unpack("<IHHiIII", d[:24])
assert magic == 0xa1b2c3d4, "pcap magic"
l2 = {1: 14, 113: 16, 0: 4}[link]
flows = {}
off = 24
while off + 16 <= len(d):
    _, _, cl, _ = struct.unpack("<IIII", d[off:off + 16])
    p = d[off + 16:off + 16 + cl]
    off += 16 + cl
    ip = p[l2:]
    if len(ip) < 20 or ip[9] != 17:
        continue
    ihl = (ip[0] & 15) * 4
    sport, dport = struct.unpack("!HH", ip[ihl:ihl + 4])
    rtp = ip[ihl + 8:]
    if len(rtp) < 12 or rtp[0] >> 6 != 2:
        continue
    m, pt = rtp[1] >> 7, rtp[1] & 0x7f
    seq, ts, ssrc = struct.unpack("!HII", rtp[2:12])
    flows.setdefault((sport, dport), []).append((seq, ts, ssrc, m, pt))
if not flows:
    print("rtp-check: no RTP captured"); sys.exit(1)
# the switch->agent flow is the longest one
key, pk = max(flows.items(), key=lambda kv: len(kv[1]))
ssrcs = {p[2] for p in pk}
seq_bad = sum(1 for a, b in zip(pk, pk[1:]) if (b[0] - a[0]) & 0xffff != 1)
ts_bad = sum(1 for a, b in zip(pk, pk[1:]) if not 0 < ((b[1] - a[1]) & 0xffffffff) < 1 << 31)
markers = sum(p[3] for p in pk)
print("rtp-check: flow %d->%d packets=%d ssrcs=%d seq_gaps=%d ts_nonmonotonic=%d "
      "markers=%d pts=%s other_flows=%d" % (key[0], key[1], len(pk), len(ssrcs), seq_bad,
                                            ts_bad, markers, sorted({p[4] for p in pk}),
                                            len(flows) - 1))
ok = len(ssrcs) == 1 and seq_bad == 0 and ts_bad == 0
print("rtp-check:", "OK (one continuous re-stamped stream)" if ok else "FAIL")
sys.exit(0 if ok else 1)
