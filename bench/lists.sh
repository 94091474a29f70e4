#!/usr/bin/env bash
# Measures goal list and agree list at N files (default 20000), from the
# second command on (index warm), against the build BEFORE (default: the
# parent of the commit that made lists load only their kinds), alternated
# (bench/alternate.py) for ROUNDS rounds (default 11), with CPU time beside
# wall time. Each build gets its own copy of one generated, committed
# workspace: the index is per build, so one copy would be rebuilt each run.
# Prints alternate.py's lines, then one ratio line per list.
# Usage: bench/lists.sh [ROUNDS [N]]   e.g. bench/lists.sh 11 20000
set -euo pipefail
rounds=${1:-11}
n=${2:-20000}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
before=${BEFORE:-$(git -C "$repo" log --diff-filter=A --format=%H -- pkg/workspace/kinds.go | tail -1)^}
(cd "$repo" && go build -o "$tmp/collab" ./cmd/collab && go build -o "$tmp/genws" ./bench/genws)
mkdir "$tmp/before-src"
git -C "$repo" archive "$before" | tar -x -C "$tmp/before-src"
(cd "$tmp/before-src" && go build -o "$tmp/before" ./cmd/collab)
cd "$tmp"
./genws -n "$n" ws >/dev/null
git -C ws init -q && git -C ws config gc.auto 0 && git -C ws add -A && git -C ws commit -qm init
cp -a ws ws-before
sleep 2.1 # files changed in the last 2 s are never indexed
./collab -C ws goal list >/dev/null
./before -C ws-before goal list >/dev/null
echo "== $n files, $rounds rounds, before = $(git -C "$repo" rev-parse --short "$before"); $(uptime)"
python3 "$repo/bench/alternate.py" "$rounds" \
  "goal list before" "./before -C ws-before goal list --as-of 2026-03-10" \
  "goal list" "./collab -C ws goal list --as-of 2026-03-10" \
  "agree list before" "./before -C ws-before agree list --as-of 2026-03-10" \
  "agree list" "./collab -C ws agree list --as-of 2026-03-10" | tee lists.txt
python3 - lists.txt <<'PY'
import re, sys
v = {}
for line in open(sys.argv[1]):
    m = re.match(r"(.+?)\s+wall\s+([\d.]+) ms.*cpu\s+([\d.]+) ms", line)
    if m:
        v[m.group(1).strip()] = (float(m.group(2)), float(m.group(3)))
for l in ("goal list", "agree list"):
    x, y = v[l], v[l + " before"]
    print(f"RATIO {l} / {l} before: wall {x[0]/y[0]:.2f}x, cpu {x[1]/y[1]:.2f}x; now {x[0]:.0f} ms wall, {x[1]:.0f} ms cpu   (goal: under 100 ms)")
PY
uptime
