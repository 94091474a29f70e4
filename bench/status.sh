#!/usr/bin/env bash
# Measures `collab status` against `collab agree list` on the same generated
# workspace, for each size given (default 2000 and 20000 entity files), in
# one hyperfine run per size with the two commands alternated. The workspace
# is a git repository with one commit, so status also reads history for its
# wins. Prints the medians and the ratio status / agree list.
# Needs hyperfine (apt-get install hyperfine) and jq.
# Usage: bench/status.sh [N ...]
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000)
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in hyperfine jq git; do
  command -v $tool >/dev/null || { echo "missing $tool: see the comment at the top of $0" >&2; exit 1; }
done
(cd "$repo" && go build -o "$tmp/collab" ./cmd/collab && go build -o "$tmp/genws" ./bench/genws)
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"
for n in "${sizes[@]}"; do
  ./genws -n "$n" "ws$n"
  git -C "ws$n" init -q && git -C "ws$n" add -A && git -C "ws$n" commit -qm init
  sleep 2.1 # the load cache trusts no file changed in the last 2 s
  echo "== $n files"
  hyperfine -N --warmup 2 --runs 15 --export-json "status$n.json" \
    "./collab -C ws$n status --as-of 2026-03-10" \
    "./collab -C ws$n agree list --as-of 2026-03-10"
  jq -r --arg n "$n" '.results | "\($n) files: status \(.[0].median*1000|round) ms, agree list \(.[1].median*1000|round) ms, ratio \(.[0].median/.[1].median*100|round/100)x"' "status$n.json"
done
