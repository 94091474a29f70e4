#!/usr/bin/env bash
# Times `collab log` against git on a generated repository (bench/gen: 2,000
# entity files, merged branches):
#
#   - `collab log ID` against `git log --format=%H -- PATH`, in the three
#     commit-graph states both read: none, a plain commit-graph, and one with
#     changed-path Bloom filters. In each state it first checks that both
#     list the same commits;
#   - the whole-workspace `collab log` against `git log -p` of the entity
#     folders (a plain commit-graph, as git gc leaves it), cold (the parse
#     cache, .git/collab/parsed, removed before each run) and warm;
#   - the peak memory (RSS) of both collab commands.
#
# Each pair runs RUNS times (WHOLE_RUNS for the whole log), alternating which
# goes first; bench/pair.py prints the medians and the median per-pair ratio
# collab/git, of wall time and of CPU time.
#
#   bench/log.sh [COMMITS] [RUNS] [WHOLE_RUNS] [ID]
#
# COMMITS defaults to 5000 (the repository is /tmp/collab-bench-COMMITS,
# generated when missing: 50,000 commits take several minutes); RUNS to 15;
# WHOLE_RUNS to 5; ID, the agreement logged, to a00042 (near the start of
# agreements/, whose 800 files sort a00000 to a00799: collab reads a
# folder's tree only up to the name's place, so a00799 is the slowest).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$PWD/bench
commits=${1:-5000}
runs=${2:-15}
whole_runs=${3:-5}
id=${4:-a00042}
path=agreements/$id.yaml

. bench/history-repo.sh
history_repo "$commits"
cd "$repo"
echo "repository: $repo ($(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files, $(git log --format=%H -- "$path" | wc -l) change $path); $(nproc) cores; $(git --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "A: collab log $id    B: git log --format=%H -- $path"

graph() {
  rm -rf .git/objects/info/commit-graph .git/objects/info/commit-graphs
  case $1 in
  plain) git commit-graph write --reachable ;;
  changed-paths) git commit-graph write --reachable --changed-paths ;;
  esac
}

"$bench/pair.py" --header
for state in none plain changed-paths; do
  graph "$state"
  if ! diff <("$bin" log "$id" -o json | sed -n 's/.*"commit": "\([0-9a-f]*\)".*/\1/p') \
            <(git log --format=%H -- "$path") >/dev/null; then
    echo "collab log and git log list different commits ($state)" >&2
    exit 1
  fi
  "$bin" log "$id" >/dev/null; git log --format=%H -- "$path" >/dev/null # warm the page cache
  "$bench/pair.py" "$runs" "log ID, $state" "$bin log $id" "git log --format=%H -- $path"
done

graph plain # as git gc leaves it
folders="collab.yaml teams goals agreements maps"
echo "A: collab log    B: git log -p -- $folders"
cache=$(git rev-parse --path-format=absolute --git-common-dir)/collab/parsed
"$bin" log >/dev/null; git log -p -- $folders >/dev/null
# Cold: the parse cache removed (untimed) before each run of collab; warm:
# the cache holding every version.
PAIR_BEFORE_A="rm -rf '$cache'" "$bench/pair.py" "$whole_runs" "whole log, plain, cold" "$bin log" "git log -p -- $folders"
"$bin" log >/dev/null
"$bench/pair.py" "$whole_runs" "whole log, plain, warm" "$bin log" "git log -p -- $folders"

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
rm -rf "$cache"
cold=$(rss "$bin" log)
echo "peak RSS KiB: collab log $id $(rss "$bin" log "$id"); collab log cold $cold, warm $(rss "$bin" log); git log -p $(rss git log -p -- $folders)"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
