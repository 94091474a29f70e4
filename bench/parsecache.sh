#!/usr/bin/env bash
# Compares the history commands of the work tree's collab, which keep
# parsed file versions in the parse cache (.git/collab/parsed), with the
# collab of an earlier commit REF (default 577f863, the build before the
# cache), alternated in one run (bench/pair.py: medians and the median
# per-pair ratio new/old, of wall and CPU time), on bench/gen's repository
# of 5,000 commits:
#   - collab diff over 100 commits, collab verify over 500 first-parent
#     commits, the whole-workspace collab log;
#   - each warm (the cache holding every version the command reads) and
#     cold (the cache removed, untimed, before each run of the new build).
#
#   bench/parsecache.sh [REF] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$PWD/bench
ref=${1:-577f863}
runs=${2:-7}

. bench/history-repo.sh
history_repo 5000
old=$bindir/collab-old
mkdir "$bindir/old"
git archive "$ref" | tar -x -C "$bindir/old"
(cd "$bindir/old" && go build -o "$old" ./cmd/collab)
cd "$repo"
cache=$(git rev-parse --path-format=absolute --git-common-dir)/collab/parsed
from=$(git rev-parse HEAD~100)
base=$(git rev-list --first-parent HEAD | sed -n 501p)
echo "repository: $repo; A: this tree's collab   B: collab at $ref; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench/pair.py" --header
pair() { # LABEL RUNS ARGS...: warm, then cold
  local label=$1 n=$2
  shift 2
  "$bin" "$@" >/dev/null 2>&1 || true
  "$bench/pair.py" "$n" "$label, warm" "$bin $* >/dev/null 2>&1 || true" "$old $* >/dev/null 2>&1 || true"
  PAIR_BEFORE_A="rm -rf '$cache'" "$bench/pair.py" "$n" "$label, cold" "$bin $* >/dev/null 2>&1 || true" "$old $* >/dev/null 2>&1 || true"
}
pair "diff, 100 commits" $((runs * 2)) diff "$from..HEAD"
pair "verify, 500 commits" "$runs" verify "$base..HEAD"
pair "whole log" "$runs" log
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
