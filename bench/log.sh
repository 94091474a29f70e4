#!/usr/bin/env bash
# Times `collab log ID` against `git log --format=%H -- PATH` on a generated
# repository (bench/gen: 2,000 entity files, merged branches), in the three
# commit-graph states both tools read: none, a plain commit-graph, and one
# with changed-path Bloom filters. In each state it first checks that both
# list the same commits, then runs RUNS pairs, alternating which goes
# first, and prints the median time of each and the median of the per-pair
# ratios collab/git.
#
#   bench/log.sh [COMMITS] [RUNS]
#
# COMMITS defaults to 5000 (the repository is /tmp/collab-bench-COMMITS,
# generated when missing); RUNS to 15.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-5000}
runs=${2:-15}
repo=/tmp/collab-bench-$commits
id=a00042
path=agreements/$id.yaml

bin=$(mktemp -d)/collab
go build -o "$bin" ./cmd/collab
if [ ! -d "$repo/.git" ]; then
  echo "generating $repo ..."
  go run ./bench/gen -out "$repo" -commits "$commits"
fi
cd "$repo"
echo "repository: $repo ($(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files, $(git log --format=%H -- "$path" | wc -l) change $path); $(nproc) cores; $(git --version)"
echo "collab: collab log $id     git: git log --format=%H -- $path"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

graph() {
  rm -rf .git/objects/info/commit-graph .git/objects/info/commit-graphs
  case $1 in
  plain) git commit-graph write --reachable ;;
  changed-paths) git commit-graph write --reachable --changed-paths ;;
  esac
}

printf '%-14s %10s %10s %8s\n' commit-graph "collab ms" "git ms" ratio
for state in none plain changed-paths; do
  graph "$state"
  if ! diff <("$bin" log "$id" -o json | sed -n 's/.*"commit": "\([0-9a-f]*\)".*/\1/p') \
            <(git log --format=%H -- "$path") >/dev/null; then
    echo "collab log and git log list different commits ($state)" >&2
    exit 1
  fi
  "$bin" log "$id" >/dev/null; git log --format=%H -- "$path" >/dev/null # warm the page cache
  c=() g=() r=()
  for i in $(seq "$runs"); do
    if ((i % 2)); then
      a=$(ms "$bin" log "$id"); b=$(ms git log --format=%H -- "$path")
    else
      b=$(ms git log --format=%H -- "$path"); a=$(ms "$bin" log "$id")
    fi
    c+=("$a") g+=("$b") r+=("$(echo "$a / $b" | bc -l)")
  done
  printf '%-14s %10.0f %10.0f %7.2fx\n' "$state" \
    "$(printf '%s\n' "${c[@]}" | median | awk '{print $1/1000}')" \
    "$(printf '%s\n' "${g[@]}" | median | awk '{print $1/1000}')" \
    "$(printf '%s\n' "${r[@]}" | median)"
done
graph plain # as git gc leaves it
