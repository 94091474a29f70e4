#!/usr/bin/env bash
# Times `collab diff A..B` against `git diff --stat A..B` over the last N
# commits (default 100) of a repository made by bench/gen, RUNS times
# alternated (bench/pair.py: medians and the median per-pair ratio, of wall
# and CPU time), after checking that both name the same files: first cold,
# the parse cache (.git/collab/parsed) removed before each run of collab
# (untimed), then warm, the cache holding the versions.
#
#   bench/diff.sh [COMMITS] [RUNS] [N]
#
# COMMITS defaults to 5000 (/tmp/collab-bench-COMMITS, generated when
# missing), RUNS to 15.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$PWD/bench
commits=${1:-5000}
runs=${2:-15}
n=${3:-100}

. bench/history-repo.sh
history_repo "$commits"
cd "$repo"
from=$(git rev-parse "HEAD~$n")
files=$(git diff --name-only "$from..HEAD" | wc -l)
echo "repository: $repo ($(git rev-list --count HEAD) commits); $from..HEAD: $n first-parent commits, $files files differ; $(nproc) cores; $(git --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
if ! diff <("$bin" diff "$from..HEAD" --format json | sed -n 's/^      "path": "\(.*\)",$/\1/p' | sort) \
          <(git diff --name-only "$from..HEAD" | sort) >/dev/null; then
  echo "collab diff and git diff name different files" >&2
  exit 1
fi
echo "A: collab diff $from..HEAD    B: git diff --stat $from..HEAD"
"$bench/pair.py" --header
cache=$(git rev-parse --path-format=absolute --git-common-dir)/collab/parsed
"$bin" diff "$from..HEAD" >/dev/null; git diff --stat "$from..HEAD" >/dev/null
PAIR_BEFORE_A="rm -rf '$cache'" "$bench/pair.py" "$runs" "diff, $n commits, cold" "$bin diff $from..HEAD" "git diff --stat $from..HEAD"
"$bin" diff "$from..HEAD" >/dev/null
"$bench/pair.py" "$runs" "diff, $n commits, warm" "$bin diff $from..HEAD" "git diff --stat $from..HEAD"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
