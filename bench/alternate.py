#!/usr/bin/env python3
"""Runs commands alternated, N rounds, and prints each one's median wall
time and median CPU time (user + system, its child processes included),
with the ratio to the first command. Alternating spreads the load of a
shared machine over every command alike.

Usage: bench/alternate.py N LABEL COMMAND [LABEL COMMAND ...]
"{i}" in a command is replaced by the round number."""
import resource
import statistics
import subprocess
import sys
import time

n = int(sys.argv[1])
pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
wall = {label: [] for label, _ in pairs}
cpu = {label: [] for label, _ in pairs}
for i in range(n):
    for label, cmd in pairs:
        cmd = cmd.replace("{i}", str(i))
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, check=True)
        wall[label].append((time.perf_counter() - t0) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[label].append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
first = pairs[0][0]
w0, c0 = statistics.median(wall[first]), statistics.median(cpu[first])
for label, _ in pairs:
    w, c = statistics.median(wall[label]), statistics.median(cpu[label])
    print(f"{label:28s} wall {w:7.1f} ms ({w / w0:5.2f}x)   cpu {c:7.1f} ms ({c / c0:5.2f}x)")
