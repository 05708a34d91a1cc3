#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The capacity bench's recordings: each WAV's length, and its content by Goertzel on 50
frames of 20 ms spread over the call: left (the customer) must carry 1 kHz, right (what
the customer hears: the agent) 2 kHz. A frame carries a tone when that bin holds >= 60 %
of the frame's energy. usage: rec-check.py MIN_SECONDS WAV..."""
import math
import struct
import sys
import wave

FRAME = 160


def share(x, f):
    k = 2 * math.cos(2 * math.pi * f / 8000)
    s1 = s2 = 0.0
    for v in x:
        s1, s2 = v + k * s1 - s2, s1
    e = sum(v * v for v in x)
    return (s1 * s1 + s2 * s2 - k * s1 * s2) * 2 / len(x) / e if e else 0.0


def check(path):
    w = wave.open(path)
    n = w.getnframes()
    pcm = struct.unpack("<%dh" % (2 * n), w.readframes(n))
    left, right = pcm[0::2], pcm[1::2]
    hits = [0, 0]
    starts = [int((i + 0.5) * (n - FRAME) / 50) for i in range(50)]
    for s in starts:
        hits[0] += share(left[s:s + FRAME], 1000) >= 0.6
        hits[1] += share(right[s:s + FRAME], 2000) >= 0.6
    return n / 8000.0, hits[0] / 50.0, hits[1] / 50.0


def main():
    min_s = float(sys.argv[1])
    res = [check(p) for p in sys.argv[2:]]
    lens = sorted(r[0] for r in res)
    good = sum(1 for r in res if r[0] >= min_s and r[1] >= 0.9 and r[2] >= 0.9)
    print("RESULT recordings=%d good=%d length_s min=%.2f max=%.2f "
          "tone_frames left_1k min=%.2f right_2k min=%.2f" %
          (len(res), good, lens[0] if lens else 0, lens[-1] if lens else 0,
           min((r[1] for r in res), default=0), min((r[2] for r in res), default=0)))


if __name__ == "__main__":
    main()
