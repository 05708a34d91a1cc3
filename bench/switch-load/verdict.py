#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether one step of the capacity bench is within the bounds: loss (timestamp gaps, and
what the switch left unrelayed) under 1 %, added jitter under 20 ms, every recording good.
usage: verdict.py N rtp.txt rec.txt (the RESULT lines of rtp-load.py and rec-check.py)"""
import re
import sys


def field(text, pattern):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else float("nan")


def main():
    n = int(sys.argv[1])
    rtp, rec = open(sys.argv[2]).read(), open(sys.argv[3]).read()
    loss = field(rtp, r"rtp_out .*? loss=([0-9.]+)%")
    relayed = field(rtp, r"rtp_relayed=([0-9.]+)")
    added = field(rtp, r"rtp_added_jitter_ms p99=(-?[0-9.]+)")
    good = field(rec, r"good=([0-9]+)")
    ok = loss < 1.0 and relayed > 0.99 and added < 20.0 and good == n
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
