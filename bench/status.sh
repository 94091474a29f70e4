#!/usr/bin/env bash
# Measures `collab status` against `collab agree list` on the same generated
# workspace, for each size given (default 2000 and 20000 entity files). The
# two commands run as pairs, alternated (status, list, status, list ...), so
# a change in machine load hits both sides alike; the figure is the median of
# the per-pair ratios status / agree list, with the medians of each side. The
# workspace is a git repository with one commit, so status also reads history
# for its wins. Output goes to a pipe, as in CI.
# Environment: RUNS (pairs, default 15), COLLAB (a built binary to measure
# instead of building this checkout).
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
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"

# ms runs a command with its output to a pipe and prints its wall time in ms.
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" | cat >/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000))
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

for n in "${sizes[@]}"; do
  ./genws -n "$n" "ws$n"
  git -C "ws$n" init -q && git -C "ws$n" add -A && git -C "ws$n" commit -qm init
  sleep 2.1 # the load cache trusts no file changed in the last 2 s
  status=(./collab -C "ws$n" status --as-of 2026-03-10)
  list=(./collab -C "ws$n" agree list --as-of 2026-03-10)
  for _ in 1 2; do ms "${status[@]}" >/dev/null; ms "${list[@]}" >/dev/null; done # warm-up
  : >"s$n" && : >"l$n" && : >"r$n"
  for _ in $(seq "$runs"); do
    s=$(ms "${status[@]}")
    l=$(ms "${list[@]}")
    echo "$s" >>"s$n"
    echo "$l" >>"l$n"
    awk -v s="$s" -v l="$l" 'BEGIN {print s / l}' >>"r$n"
  done
  printf '%s files, %s pairs: status %.0f ms, agree list %.0f ms (medians), ratio %.2fx (median of per-pair ratios)\n' \
    "$n" "$runs" "$(median <"s$n")e-3" "$(median <"l$n")e-3" "$(median <"r$n")"
done
