#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Loss and jitter of the capacity bench's RTP, from a tcpdump -i lo capture.
A flow from a switch port (40000-59999) is the switch's output, one into such a port is a
load generator's input to it. Per flow: loss from the RTP timestamps (the switch re-stamps
sequence numbers, so a packet it drops leaves no sequence gap, but a gap of 320 instead of
160 in the timestamps it carries over), and RFC 3550 interarrival jitter (mean of the
running estimate). "Added" jitter: the output's p99 over flows minus the input's. Relayed:
the output's packets over the input's in the same window; a switch that falls behind
relays less than it receives (its backlog grows in the socket buffers, which is loss to a
phone) even before a timestamp gap shows.
usage: rtp-load.py capture.pcap"""
import struct
import sys

SWITCH_PORTS = range(40000, 60000)
SAMPLES = 160                       # 20 ms of G.711


def read_flows(path):
    d = open(path, "rb").read()
    magic, _, _, _, _, _, link = struct.unpack("<IHHiIII", d[:24])
    assert magic == 0xa1b2c3d4, "pcap magic"
    l2 = {1: 14, 113: 16, 0: 4}[link]
    flows, off = {}, 24
    while off + 16 <= len(d):
        sec, usec, cl, _ = struct.unpack("<IIII", d[off:off + 16])
        p = d[l2 + off + 16:off + 16 + cl]
        off += 16 + cl
        if len(p) < 40 or p[9] != 17:
            continue
        ihl = (p[0] & 15) * 4
        sport, dport, ulen = struct.unpack("!HHH", p[ihl:ihl + 6])
        rtp = p[ihl + 8:]
        if ulen != 8 + 12 + SAMPLES or len(rtp) < 12 or rtp[0] >> 6 != 2:
            continue
        ts = struct.unpack("!I", rtp[4:8])[0]
        flows.setdefault((sport, dport), []).append((sec + usec / 1e6, ts))
    return flows


def stream_figures(pk):
    """(expected, received, mean jitter ms) of one flow."""
    t0, ts0 = pk[0]
    span = (pk[-1][1] - ts0) & 0xffffffff
    seen = {(ts - ts0) & 0xffffffff for _, ts in pk}
    expected = span // SAMPLES + 1
    j, js = 0.0, []
    for (ta, sa), (tb, sb) in zip(pk, pk[1:]):
        dts = ((sb - sa) & 0xffffffff) / 8000.0
        dd = abs((tb - ta) - dts)
        j += (dd - j) / 16
        js.append(j)
    js = js[16:]                    # the estimate's warm-up (gain 1/16)
    return expected, len(seen), 1000 * sum(js) / max(1, len(js))


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * (len(xs) - 1) + 0.5))] if xs else float("nan")


def main():
    flows = read_flows(sys.argv[1])
    out = {"in": [], "out": []}
    for (sport, dport), pk in flows.items():
        if len(pk) < 25:            # a call starting or ending at the window's edge
            continue
        out["out" if sport in SWITCH_PORTS else "in"].append(stream_figures(pk))
    for side in ("in", "out"):
        f = out[side]
        exp = sum(x[0] for x in f)
        lost = exp - sum(x[1] for x in f)
        worst = max((1 - x[1] / x[0] for x in f), default=0)
        jit = [x[2] for x in f]
        print("RESULT rtp_%s streams=%d packets=%d loss=%.3f%% worst_stream_loss=%.2f%% "
              "jitter_ms p50=%.2f p99=%.2f max=%.2f" %
              (side, len(f), exp - lost, 100.0 * lost / max(1, exp), 100 * worst,
               pct(jit, 0.5), pct(jit, 0.99), max(jit, default=float("nan"))))
    added = pct([x[2] for x in out["out"]], 0.99) - pct([x[2] for x in out["in"]], 0.99)
    n_in, n_out = (sum(x[1] for x in out[side]) for side in ("in", "out"))
    print("RESULT rtp_added_jitter_ms p99=%.2f" % added)
    print("RESULT rtp_relayed=%.4f (output packets / input packets in the window)" %
          (n_out / max(1, n_in)))


if __name__ == "__main__":
    main()
