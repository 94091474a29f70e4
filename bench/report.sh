#!/usr/bin/env bash
# Times `collab report` (the static site, with its calendars) against
# `collab validate` on the same generated workspace of N entity files
# (default 2000), in RUNS pairs (default 11) alternating which goes first.
# The workspace is a git repository with one commit, so the report also
# reads history (wins, each agreement's changes, the calendars' versions);
# it rewrites the same folder each run, as a CI job refreshing a site does.
# dot is kept off PATH so the roles diagrams use the built-in renderer and
# the figure measures collab, not Graphviz. Prints the medians of wall time
# and of CPU time (user + sys) of each, and the medians of the per-pair
# ratios report / validate.
# Usage: bench/report.sh [N] [RUNS]
set -euo pipefail
n=${1:-2000}
runs=${2:-11}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v git >/dev/null || { echo "missing git" >&2; exit 1; }
(cd "$repo" && go build -o "$tmp/collab" ./cmd/collab && go build -o "$tmp/genws" ./bench/genws)
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp"
./genws -n "$n" ws >/dev/null
git -C ws init -q && git -C ws add -A && git -C ws commit -qm init
sleep 2.1 # the load cache trusts no file changed in the last 2 s
report=(env PATH="$tmp/nodot" ./collab -C ws report --out "$tmp/site" --as-of 2026-03-10)
validate=(env PATH="$tmp/nodot" ./collab -C ws validate --as-of 2026-03-10)
"${report[@]}" >/dev/null 2>&1 && "${validate[@]}" >/dev/null 2>&1 # warm the page and load caches
echo "$n entity files; the report writes $(find site -type f | wc -l) files; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
# run prints "wall cpu" in seconds.
run() { local TIMEFORMAT='%R %U %S' t; t=$({ time "$@" >/dev/null 2>&1; } 2>&1); awk '{printf "%s %.3f\n", $1, $2 + $3}' <<<"$t"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
rw=() rc=() vw=() vc=() ratio_w=() ratio_c=()
for i in $(seq "$runs"); do
  if ((i % 2)); then
    read -r aw ac < <(run "${report[@]}"); read -r bw bc < <(run "${validate[@]}")
  else
    read -r bw bc < <(run "${validate[@]}"); read -r aw ac < <(run "${report[@]}")
  fi
  rw+=("$aw") rc+=("$ac") vw+=("$bw") vc+=("$bc")
  ratio_w+=("$(echo "$aw / $bw" | bc -l)") ratio_c+=("$(echo "$ac / $bc" | bc -l)")
done
m() { printf '%s\n' "$@" | median; }
printf 'wall: report %.0f ms, validate %.0f ms, ratio %.2fx\n' "$(echo "$(m "${rw[@]}") * 1000" | bc -l)" "$(echo "$(m "${vw[@]}") * 1000" | bc -l)" "$(m "${ratio_w[@]}")"
printf 'cpu:  report %.0f ms, validate %.0f ms, ratio %.2fx\n' "$(echo "$(m "${rc[@]}") * 1000" | bc -l)" "$(echo "$(m "${vc[@]}") * 1000" | bc -l)" "$(m "${ratio_c[@]}")"
