#!/usr/bin/env bash
# Measures `collab status` against `collab agree list` on the same generated
# workspace, for each size given (default 2000 and 20000 entity files). The
# two commands run as pairs, alternated (status, list, status, list ...), so
# a change in machine load hits both sides alike; the figures are the medians
# of the per-pair ratios status / agree list, of wall time and of CPU time
# (trust CPU on a loaded machine), with the medians of each side. The
# workspace is a git repository with one commit, made when the script runs,
# so status also reads history for its wins. Each size is measured two ways:
# as of 2026-03-10, when that commit is after the window and no file version
# is read, and as of today (no --as-of), when every file the commit added
# with an achieved or active status is a win to date: the second shows what
# finding those wins costs. Output goes to a pipe, as in CI.
# Environment: RUNS (pairs, default 15), COLLAB (a built binary to measure
# instead of building this checkout), BEFORE (a commit: its build's status
# as of today is alternated with this one's, on its own copy of each
# workspace, as two more lines for as of today).
# Usage: bench/status.sh [N ...]
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000)
runs=${RUNS:-15}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v git >/dev/null || { echo "missing git" >&2; exit 1; }
if [ -n "${COLLAB:-}" ]; then
  cp "$COLLAB" "$tmp/collab"
else
  (cd "$repo" && go build -o "$tmp/collab" ./cmd/collab)
fi
(cd "$repo" && go build -o "$tmp/genws" ./bench/genws)
if [ -n "${BEFORE:-}" ]; then
  mkdir "$tmp/old" && git -C "$repo" archive "$BEFORE" | tar -x -C "$tmp/old"
  (cd "$tmp/old" && go build -o "$tmp/before" ./cmd/collab)
fi
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"

for n in "${sizes[@]}"; do
  ./genws -n "$n" "ws$n" >/dev/null
  git -C "ws$n" init -q && git -C "ws$n" config gc.auto 0 && git -C "ws$n" add -A && git -C "ws$n" commit -qm init
  if [ -n "${BEFORE:-}" ]; then cp -a "ws$n" "ws$n-before"; fi
done
sleep 2.1 # the workspace index trusts no file changed in the last 2 s
echo "== $runs pairs per size; $(uptime)"
# Each pair runs status, then agree list, each through a shell with its
# output piped to cat; wall time from the clock, CPU time (user + system,
# children included) from getrusage. The ratio lines give the medians of
# the per-pair ratios.
BEFORE=${BEFORE:-} python3 - "$runs" "${sizes[@]}" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, sizes = int(sys.argv[1]), sys.argv[2:]
def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd + " | cat >/dev/null", shell=True, check=True)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000
for n in sizes:
  for asof, label in (("--as-of 2026-03-10", ""), ("", ", as of today")):
    status = f"./collab -C ws{n} status {asof}"
    listing = f"./collab -C ws{n} agree list {asof}"
    for _ in range(2):  # warm-up: the first command writes the index
        run(status); run(listing)
    s, l = [], []
    for _ in range(runs):
        s.append(run(status)); l.append(run(listing))
    med = lambda xs: statistics.median(xs)
    print(f"{n} files{label}, {runs} pairs: status {med([x[0] for x in s]):.0f} ms wall, {med([x[1] for x in s]):.0f} ms cpu; "
          f"agree list {med([x[0] for x in l]):.0f} ms wall, {med([x[1] for x in l]):.0f} ms cpu (medians)")
    print(f"RATIO status / agree list, {n} files{label}: wall {med([a[0] / b[0] for a, b in zip(s, l)]):.2f}x, "
          f"cpu {med([a[1] / b[1] for a, b in zip(s, l)]):.2f}x (median of per-pair ratios; goal 1.5x)")
    if os.environ["BEFORE"] and not asof:
        before = f"./before -C ws{n}-before status"
        for _ in range(2):
            run(before)
        b, now = [], []
        for _ in range(runs):
            b.append(run(before)); now.append(run(status))
        print(f"{n} files{label}, {runs} pairs: status {med([x[0] for x in now]):.0f} ms wall, {med([x[1] for x in now]):.0f} ms cpu; "
              f"status of {os.environ['BEFORE']} {med([x[0] for x in b]):.0f} ms wall, {med([x[1] for x in b]):.0f} ms cpu (medians)")
        print(f"RATIO status / status of {os.environ['BEFORE']}, {n} files{label}: wall {med([a[0] / c[0] for a, c in zip(now, b)]):.2f}x, "
              f"cpu {med([a[1] / c[1] for a, c in zip(now, b)]):.2f}x (median of per-pair ratios)")
PY
uptime
