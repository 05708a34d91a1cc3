#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a pcap of G.711 RTP (20 ms packets) carrying a sine, for sipp's
play_pcap_audio (sipp rewrites the addresses/ports).  Uses sox for the
G.711 encoding.  usage: mkpcap.py out.pcap {pcmu|pcma} freq seconds"""
import struct, subprocess, sys

out, law, freq, secs = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
pt, enc = (0, "ul") if law == "pcmu" else (8, "al")
raw = subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-t", enc, "-",
                      "synth", str(secs), "sine", str(freq), "vol", "0.5"],
                     check=True, capture_output=True).stdout

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff

with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(len(raw) // 160):
        rtp = struct.pack("!BBHII", 0x80 | 0, (0x80 if i == 0 else 0) | pt,
                          i & 0xffff, i * 160, 0x1234abcd) + raw[i * 160:(i + 1) * 160]
        udp = struct.pack("!HHHH", 6000, 6002, 8 + len(rtp), 0) + rtp
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                         bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        eth = b"\0" * 12 + b"\x08\x00"
        pkt = eth + ip + udp
        t = i * 20000
        f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(pkt), len(pkt)))
        f.write(pkt)
