#!/usr/bin/env bash
# Measures the shows (agree show, goal show, team show, map show, map
# render) on a generated workspace of N entity files (default 20000),
# committed once: each one as built now ("after") against the build before
# the shows read only what they show ("before", loading the whole workspace
# through a warm load cache), and against `git show HEAD:PATH` of the same
# file, alternated (bench/alternate.py) for ROUNDS rounds (default 15), with
# CPU time beside wall time. Prints, per show, alternate.py's lines (ratios
# to git show) and the after/before ratios.
# BEFORE=REV picks the "before" build (default: the parent of the commit
# that added pkg/workspace/partial.go), which runs on its own copy of the
# workspace.
# Usage: bench/show.sh [N [ROUNDS]]
set -euo pipefail
n=${1:-20000}
rounds=${2:-15}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
before=${BEFORE:-$(git -C "$repo" log --diff-filter=A --format=%H -- pkg/workspace/partial.go | tail -1)^}

go build -o "$tmp/collab" "$repo/cmd/collab"
mkdir "$tmp/before-src"
git -C "$repo" archive "$before" | tar -x -C "$tmp/before-src"
(cd "$tmp/before-src" && go build -o "$tmp/before" ./cmd/collab)
go run "$repo/bench/genws" -n "$n" "$tmp/ws"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" config gc.auto 0 && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
# Each build gets its own copy of the workspace: a build with a workspace
# index keeps it in the repository's git folder, one per build, so one
# copy would be rebuilt on every command. An older before build keeps its
# load cache in the temp folder. Neither trusts a file changed in the last
# 2 s: let the files age, then warm both ("from the second command on")
# with the first command after a clone that bench/write.sh measures, a
# status (it indexes teams, goals and agreements; the first team show
# then indexes the maps, in the first round).
cp -a "$tmp/ws" "$tmp/ws-before"
export XDG_CACHE_HOME="$tmp/cache"
sleep 2.1
"$tmp/before" -C "$tmp/ws-before" status >/dev/null
"$tmp/collab" -C "$tmp/ws" status >/dev/null

cd "$tmp"
echo "$n files, $rounds rounds, before = $(git -C "$repo" rev-parse --short "$before"); $(uptime)"
show() { # LABEL PATH ARGS...
  local label=$1 path=$2
  shift 2
  echo "== $label ($path)"
  python3 "$repo/bench/alternate.py" "$rounds" \
    "git show HEAD:PATH" "git -C ws show HEAD:$path" \
    "before" "./before -C ws-before $* --as-of 2026-03-10" \
    "after" "./collab -C ws $* --as-of 2026-03-10" | tee out.txt
  python3 - out.txt <<'PY'
import re, sys
v = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+(?: \S+)*?)\s+wall\s+([\d.]+) ms.*cpu\s+([\d.]+) ms", line)
    if m:
        v[m.group(1)] = (float(m.group(2)), float(m.group(3)))
b, a = v["before"], v["after"]
print(f"after/before                 wall {a[0]/b[0]:5.2f}x   cpu {a[1]/b[1]:5.2f}x")
PY
}
show "agree show" agreements/a0001.yaml agree show a0001
show "goal show" goals/g0001.yaml goal show g0001
show "team show" teams/t001.yaml team show t001
show "map show" maps/m0001.yaml map show m0001
show "map render" maps/m0001.yaml map render m0001 --format mermaid
