#!/usr/bin/env bash
# Times `collab verify BASE..HEAD` against `collab log -n N` over the same
# commits, on the generated repository of bench/gen (2,000 entity files,
# merged branches): both walk the range and read every changed entity file;
# verify also judges each change. BASE is chosen so that BASE..HEAD holds
# RANGE commits. Prints the median time of each over RUNS pairs, alternating
# which goes first, and the median of the per-pair ratios verify/log.
#
#   bench/verify.sh [RANGE] [RUNS] [COMMITS]
#
# RANGE defaults to 500, RUNS to 11, COMMITS (the size of the generated
# repository, /tmp/collab-bench-COMMITS) to 5000.
set -euo pipefail
cd "$(dirname "$0")/.."
range=${1:-500}
runs=${2:-11}
commits=${3:-5000}

. bench/history-repo.sh
history_repo "$commits"
cd "$repo"
base=$(git rev-list --first-parent HEAD | sed -n "$((range + 1))p")
n=$(git rev-list --count "$base..HEAD")
echo "repository: $repo; range $base..HEAD holds $n commits; $(nproc) cores"
echo "verify: collab verify $base..HEAD     log: collab log -n $n"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000)); }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

"$bin" verify "$base..HEAD" >/dev/null 2>&1 || true; "$bin" log -n "$n" >/dev/null # warm the page cache
v=() l=() r=()
for i in $(seq "$runs"); do
  if ((i % 2)); then
    a=$(ms "$bin" verify "$base..HEAD"); b=$(ms "$bin" log -n "$n")
  else
    b=$(ms "$bin" log -n "$n"); a=$(ms "$bin" verify "$base..HEAD")
  fi
  v+=("$a") l+=("$b") r+=("$(echo "$a / $b" | bc -l)")
done
printf '%10s %10s %8s\n' "verify ms" "log ms" ratio
printf '%10.0f %10.0f %7.2fx\n' \
  "$(printf '%s\n' "${v[@]}" | median | awk '{print $1/1000}')" \
  "$(printf '%s\n' "${l[@]}" | median | awk '{print $1/1000}')" \
  "$(printf '%s\n' "${r[@]}" | median)"
