#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Content check of what the agent heard: per-20 ms-frame Goertzel at the
customer tone (1000 Hz), the prompt (440 Hz) and the agent's own tone
(2000 Hz, must be absent: no echo).  A frame "is" a tone when that bin holds
>= 60 % of the frame's energy."""
import argparse, math, struct, sys, wave

def goertzel(x, f, sr):
    k = 2 * math.cos(2 * math.pi * f / sr)
    s1 = s2 = 0.0
    for v in x:
        s1, s2 = v + k * s1 - s2, s1
    return (s1 * s1 + s2 * s2 - k * s1 * s2) * 2 / len(x)

ap = argparse.ArgumentParser()
ap.add_argument("wav")
ap.add_argument("--calls", type=int, default=50)
ap.add_argument("--hold-ms", type=int, default=300)
a = ap.parse_args()
w = wave.open(a.wav)
sr, n = w.getframerate(), w.getnframes()
assert w.getsampwidth() == 2 and w.getnchannels() == 1, "need s16 mono"
pcm = struct.unpack("<%dh" % n, w.readframes(n))
N = sr // 50
freqs = (440, 1000, 2000)
count = {f: 0 for f in freqs}
silent = 0
for i in range(0, n - N + 1, N):
    fr = pcm[i:i + N]
    e = sum(v * v for v in fr) / N   # mean power
    if e < 1e4:                       # ~ -50 dBFS
        silent += 1
        continue
    for f in freqs:
        if goertzel(fr, f, sr) / e >= 0.6:   # ~ (A^2/2)/(A^2/2) for pure tone
            count[f] += 1
total = n // N
print("frames=%d (%.1f s) silent=%d 440Hz=%d 1000Hz=%d 2000Hz=%d" %
      (total, n / sr, silent, count[440], count[1000], count[2000]))
exp_cust = a.calls * a.hold_ms / 20
ok = True
if count[1000] < 0.8 * exp_cust:
    print("FAIL: customer 1 kHz tone: %d frames < 80%% of expected %d" % (count[1000], exp_cust)); ok = False
else:
    print("OK: customer 1 kHz tone heard in %d frames (expected ~%d)" % (count[1000], exp_cust))
if count[440] < 90:
    print("FAIL: prompt 440 Hz: %d frames < 90 (2 s = 100 frames)" % count[440]); ok = False
else:
    print("OK: prompt 440 Hz heard in %d frames (2 s prompt = 100)" % count[440])
if count[2000] > 5:
    print("FAIL: agent hears own 2 kHz tone (echo) in %d frames" % count[2000]); ok = False
sys.exit(0 if ok else 1)
