#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""CPU over a window: per named process (utime+stime from /proc/PID/stat, and its busiest
thread), the whole machine (/proc/stat) and the kernel's UDP receive-buffer drops
(/proc/net/snmp). usage: cpu-sample.py SECONDS NAME=PID..."""
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def ticks(stat_path):
    try:
        f = open(stat_path).read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(f[11]) + int(f[12])


def snap(pids):
    procs = {}
    for name, pid in pids:
        threads = {t: ticks("/proc/%s/task/%s/stat" % (pid, t))
                   for t in os.listdir("/proc/%s/task" % pid)} if os.path.isdir("/proc/%s" % pid) else {}
        procs[name] = (ticks("/proc/%s/stat" % pid), threads)
    cpu = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    udp = [l.split() for l in open("/proc/net/snmp") if l.startswith("Udp:")]
    rcvbuf = int(udp[1][udp[0].index("RcvbufErrors")])
    return procs, cpu, rcvbuf


def main():
    secs = float(sys.argv[1])
    pids = [a.split("=", 1) for a in sys.argv[2:]]
    a = snap(pids)
    time.sleep(secs)
    b = snap(pids)
    for name, _ in pids:
        (ta, tha), (tb, thb) = a[0][name], b[0][name]
        busiest = max((thb[t] - tha.get(t, 0) for t in thb), default=0)
        print("RESULT cpu %s=%.1f%% busiest_thread=%.1f%%" %
              (name, 100.0 * (tb - ta) / HZ / secs, 100.0 * busiest / HZ / secs))
    da = [y - x for x, y in zip(a[1], b[1])]
    idle = da[3] + da[4]
    print("RESULT cpu machine_busy=%.1f%% of %d cores; udp_rcvbuf_drops=%d (the sipps leave their media sockets unread); loadavg %s" %
          (100.0 * (sum(da) - idle) / max(1, sum(da)), os.cpu_count(), b[2] - a[2],
           open("/proc/loadavg").read().split()[0]))


if __name__ == "__main__":
    main()
