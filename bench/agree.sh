#!/usr/bin/env bash
# Measures `collab agree` on a generated workspace of N entity files (default
# 2000; 760 active agreements), side by side with what a user would do by hand:
#   - collab agree checkin (edit + validate + commit)  vs  git add FILE && git commit
#   - collab agree show / list                          vs  collab version (start-up)
# Needs hyperfine (apt-get install hyperfine).
# Usage: bench/agree.sh [N]
set -euo pipefail
n=${1:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v hyperfine >/dev/null || { echo "missing hyperfine: apt-get install hyperfine" >&2; exit 1; }

go build -o "$tmp/collab" "$repo/cmd/collab"
go run "$repo/bench/genws" -n "$n" "$tmp/ws"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
cp -r "$tmp/ws" "$tmp/ws-git"

cd "$tmp"
echo "== check-in + commit"
hyperfine -N --warmup 2 --runs 30 --export-json checkin.json \
  "./collab -C ws agree checkin a0001 --note sync --as-of 2026-03-10" \
  "sh -c 'cd ws-git && echo \"# x\" >> agreements/a0001.yaml && git add agreements/a0001.yaml && git commit -qm checkin'"

echo "== read commands"
hyperfine -N --warmup 2 --runs 20 --export-json read.json \
  "./collab -C ws version" \
  "./collab -C ws agree show a0001 --as-of 2026-03-10" \
  "./collab -C ws agree list --as-of 2026-03-10"

echo
python3 - <<'PY'
import json
c = json.load(open("checkin.json"))["results"]
a, b = c[0]["median"], c[1]["median"]
print(f"check-in + commit: collab {a*1000:.0f} ms, git {b*1000:.0f} ms, ratio {a/b:.2f}x")
r = json.load(open("read.json"))["results"]
for x in r:
    print(f"{x['command'].split(' ws ')[1]:45s} median {x['median']*1000:.0f} ms")
PY
git -C ws fsck --strict
