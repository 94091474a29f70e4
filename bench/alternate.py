#!/usr/bin/env python3
"""Runs commands alternated, N rounds, and prints each one's median wall
time and median CPU time (user + system, its child processes included),
with the ratio to the first command. Alternating spreads the load of a
shared machine over every command alike.

Usage: bench/alternate.py [--exec] N LABEL COMMAND [LABEL COMMAND ...]
"{i}" in a command is replaced by the round number, "{i%K}" by the round
number modulo K. Commands run through sh, whose own start-up (about 1 ms)
then counts on every side; with --exec a command is split into words
(shlex) and run directly, as start-up must be measured."""
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time

args = sys.argv[1:]
direct = args[:1] == ["--exec"]
if direct:
    args = args[1:]
n = int(args[0])
pairs = list(zip(args[1::2], args[2::2]))
wall = {label: [] for label, _ in pairs}
cpu = {label: [] for label, _ in pairs}
for i in range(n):
    for label, cmd in pairs:
        cmd = re.sub(r"\{i%(\d+)\}", lambda m: str(i % int(m.group(1))), cmd.replace("{i}", str(i)))
        argv = shlex.split(cmd) if direct else cmd
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, shell=not direct, stdout=subprocess.DEVNULL, check=True)
        wall[label].append((time.perf_counter() - t0) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[label].append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
first = pairs[0][0]
w0, c0 = statistics.median(wall[first]), statistics.median(cpu[first])
for label, _ in pairs:
    w, c = statistics.median(wall[label]), statistics.median(cpu[label])
    print(f"{label:28s} wall {w:7.1f} ms ({w / w0:5.2f}x)   cpu {c:7.1f} ms ({c / c0:5.2f}x)")
