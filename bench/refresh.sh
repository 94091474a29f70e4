#!/usr/bin/env bash
# Measures a goal check-in on a `cp -r` copy of a workspace (every file with
# new stat data, git's index not refreshed), its first and its second
# write, against the build BEFORE (default: the parent of the commit where
# a write started refreshing git's index stat data), alternated
# (bench/alternate.py) for ROUNDS rounds (default 7). Each round copies the
# workspace afresh for each build, then lets the copies age 2.1 s (as a
# user would take to type the command). Prints alternate.py's lines, then
# ratio lines.
# Usage: bench/refresh.sh [ROUNDS [SIZE]]   e.g. bench/refresh.sh 7 2000
set -euo pipefail
rounds=${1:-7}
n=${2:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
before=${BEFORE:-$(git -C "$repo" log --diff-filter=A --format=%H -- pkg/gitstore/refresh_test.go | tail -1)^}

(cd "$repo" && go build -o "$tmp/collab" ./cmd/collab && go build -o "$tmp/genws" ./bench/genws)
mkdir "$tmp/before-src"
git -C "$repo" archive "$before" | tar -x -C "$tmp/before-src"
(cd "$tmp/before-src" && go build -o "$tmp/before" ./cmd/collab)
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"
./genws -n "$n" ws
git -C ws init -q && git -C ws config gc.auto 0 && git -C ws add -A && git -C ws commit -qm init

echo "== $n files, $rounds rounds, before = $(git -C "$repo" rev-parse --short "$before"); $(uptime)"
python3 "$repo/bench/alternate.py" "$rounds" \
  "copy (setup, not a write)" "rm -rf wb wa && cp -r ws wb && cp -r ws wa && sleep 2.1" \
  "first write before" "./before -C wb goal checkin g0001 --value kr-a=1{i} --as-of 2026-03-10" \
  "first write" "./collab -C wa goal checkin g0001 --value kr-a=1{i} --as-of 2026-03-10" \
  "second write before" "./before -C wb goal checkin g0001 --value kr-a=2{i} --as-of 2026-03-10" \
  "second write" "./collab -C wa goal checkin g0001 --value kr-a=2{i} --as-of 2026-03-10" | tee refresh.txt
git -C wa fsck --strict --no-progress
git -C wa diff-files --quiet || { echo "git diff-files lists files after the writes" >&2; exit 1; }
python3 - refresh.txt <<'PY'
import re, sys
v = {}
for line in open(sys.argv[1]):
    m = re.match(r"(.+?)\s+wall\s+([\d.]+) ms.*cpu\s+([\d.]+) ms", line)
    if m:
        v[m.group(1).strip()] = (float(m.group(2)), float(m.group(3)))
for w in ("first write", "second write"):
    x, y = v[w], v[w + " before"]
    print(f"RATIO {w} / {w} before: wall {x[0]/y[0]:.2f}x, cpu {x[1]/y[1]:.2f}x")
PY
