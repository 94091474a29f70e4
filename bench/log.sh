#!/usr/bin/env bash
# Times `collab log ID` against `git log --format=%H -- PATH` side by side on a
# generated repository of 5,000 commits over 2,000 entity files (bench/gen),
# prints the medians, their ratio and the peak memory of each, and the peak
# memory and time of one `collab log` of the whole workspace (every commit,
# with the semantic changes of each; -o json streams the same way).
#
#   bench/log.sh [REPO_DIR] [RUNS]
#
# REPO_DIR defaults to /tmp/collab-bench (generated when missing); RUNS to 10.
# Uses hyperfine when installed (apt-get install -y hyperfine), else a loop
# with date +%s.%N; peak memory comes from /usr/bin/time -v (package time).
# The generator packs the repository with git gc, which also writes the
# commit-graph file that both git and collab read.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-/tmp/collab-bench}
runs=${2:-10}
id=a00042
path=agreements/$id.yaml

bin=$(mktemp -d)/collab
go build -o "$bin" ./cmd/collab
if [ ! -d "$repo/.git" ]; then
  echo "generating $repo ..."
  go run ./bench/gen -out "$repo"
fi
echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" ls-files | wc -l) files); $(nproc) cores"
echo "collab: $bin log $id     git: git log --format=%H -- $path"

# Both must list the same commits.
if ! diff <(cd "$repo" && "$bin" log "$id" -o json | grep '"commit"' | sed 's/.*"commit": "\([0-9a-f]*\)".*/\1/') \
          <(git -C "$repo" log --format=%H -- "$path") >/dev/null; then
  echo "collab log and git log list different commits" >&2
  exit 1
fi

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

if command -v hyperfine >/dev/null; then
  json=$(mktemp)
  (cd "$repo" && hyperfine -N -w 2 -r "$runs" --export-json "$json" \
    "$bin log $id" "git log --format=%H -- $path" >&2)
  read -r c g < <(python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"], r[1]["median"])
PY
)
else
  time_runs() {
    for _ in $(seq "$runs"); do
      s=$(date +%s.%N); (cd "$repo" && "$@" >/dev/null); e=$(date +%s.%N)
      echo "$e - $s" | bc -l
    done | median
  }
  c=$(time_runs "$bin" log "$id")
  g=$(time_runs git log --format=%H -- "$path")
fi

peak() { (cd "$repo" && /usr/bin/time -v "$@" 2>&1 >/dev/null) | awk -F': ' '/Maximum resident/ {printf "%.1f MB", $2/1024}'; }
if [ -x /usr/bin/time ]; then
  cm=$(peak "$bin" log "$id"); gm=$(peak git log --format=%H -- "$path")
  wm=$( (cd "$repo" && /usr/bin/time -v "$bin" log 2>&1 >/dev/null) |
    awk -F': ' '/Maximum resident/ {m=$2} /Elapsed/ {t=$2} END {printf "%.1f MB in %s", m/1024, t}')
else
  cm="n/a (apt-get install -y time)"; gm=$cm; wm=$cm
fi
printf 'median: collab log %.3f s   git log %.3f s   ratio %.2fx\n' "$c" "$g" "$(echo "$c / $g" | bc -l)"
echo "peak memory: collab log $cm   git log $gm"
echo "workspace: collab log (all commits) peak memory $wm (m:ss)"
