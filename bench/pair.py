#!/usr/bin/env python3
"""Times two commands against each other: N rounds, alternating which one
goes first, and prints one line: LABEL, the median wall time of each, the
median of the per-round wall ratios A/B, then the same for CPU time (user +
system, child processes included). On a shared machine the CPU ratio is the
one to trust.

Usage: bench/pair.py N LABEL COMMAND_A COMMAND_B
       bench/pair.py --header

PAIR_BEFORE_A, when set, is a shell command run (untimed) before each run
of COMMAND_A, such as one that removes a cache."""
import os
import resource
import statistics
import subprocess
import sys
import time

if sys.argv[1:] == ["--header"]:
    print(f"{'':24s} {'A wall ms':>10s} {'B wall ms':>10s} {'ratio':>7s}   {'A cpu ms':>9s} {'B cpu ms':>9s} {'ratio':>7s}")
    sys.exit(0)
n, label, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def run(cmd, before=None):
    if before:
        subprocess.run(before, shell=True, stdout=subprocess.DEVNULL, check=True)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000


before_a = os.environ.get("PAIR_BEFORE_A")
wa, wb, ca, cb = [], [], [], []
for i in range(n):
    if i % 2 == 0:
        x, y = run(a, before_a), run(b)
    else:
        y, x = run(b), run(a, before_a)
    wa.append(x[0]), ca.append(x[1]), wb.append(y[0]), cb.append(y[1])
med = statistics.median
wr = med([x / y for x, y in zip(wa, wb)])
cr = med([x / max(y, 0.1) for x, y in zip(ca, cb)])
print(f"{label:24s} {med(wa):10.0f} {med(wb):10.0f} {wr:6.2f}x   {med(ca):9.0f} {med(cb):9.0f} {cr:6.2f}x")
