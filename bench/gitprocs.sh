#!/usr/bin/env bash
# The git processes of a write: `collab goal checkin` + commit against
# `git add FILE && git commit`, on a generated workspace of N entity files
# (default 2000), with the identity in ~/.gitconfig as most users have it.
# It counts the programs each write starts (strace -f -e trace=execve),
# then runs the commands alternated, ROUNDS rounds (bench/alternate.py:
# median wall and CPU time, ratio to git). Given OLD, a collab binary or a
# commit to build one from, it runs that too, on its own copy of the
# workspace with its own load cache.
# Needs strace (apt-get install strace) and python3.
# Usage: bench/gitprocs.sh [N] [ROUNDS] [OLD]
#   e.g. bench/gitprocs.sh 2000 15 cd88643   (the last commit with three git processes)
set -euo pipefail
n=${1:-2000}
rounds=${2:-15}
old=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v strace >/dev/null || { echo "missing strace: apt-get install strace" >&2; exit 1; }
if [ -n "$old" ] && [ -f "$old" ]; then
  old=$(realpath "$old")
elif [ -n "$old" ]; then
  mkdir "$tmp/src-old"
  git -C "$repo" archive "$old" | tar -x -C "$tmp/src-old"
  (cd "$tmp/src-old" && go build -o "$tmp/collab-old" ./cmd/collab)
  old="$tmp/collab-old"
fi

go build -o "$tmp/collab" "$repo/cmd/collab"
go run "$repo/bench/genws" -n "$n" "$tmp/ws"
# p001-1 is a member of the team of goal g0001.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config"
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_CONFIG_GLOBAL GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT
mkdir -p "$HOME"
printf '[user]\n\tname = Bench\n\temail = p001-1@acme.example\n' >"$HOME/.gitconfig"
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
cp -r "$tmp/ws" "$tmp/ws-git"
[ -z "$old" ] || cp -r "$tmp/ws" "$tmp/ws-old"
# A copy's index holds the stat data of the files copied from: refresh each,
# or every write in a copy compares the whole work tree with the index.
for d in ws ws-git ws-old; do
  [ ! -d "$tmp/$d" ] || git -C "$tmp/$d" update-index -q --refresh
done
sleep 2.1 # the load cache trusts no file changed in the last 2 s

cd "$tmp"
# Each binary has its own load cache (two builds may not share its format),
# warmed by one write.
new="XDG_CACHE_HOME=$tmp/cache-new ./collab -C ws"
[ -z "$old" ] || old="XDG_CACHE_HOME=$tmp/cache-old $old -C ws-old"
sh -c "$new goal checkin g0001 --value kr-a=5 --as-of 2026-03-10" >/dev/null
[ -z "$old" ] || sh -c "$old goal checkin g0001 --value kr-a=5 --as-of 2026-03-10" >/dev/null
count() { # label, command: the programs one run starts, git among them
  strace -f -qq -e trace=execve -e signal=none -o trace.txt sh -c "$2" >/dev/null
  local all gits
  all=$(grep -c 'execve(' trace.txt || true)
  gits=$(grep -cE 'execve\("[^"]*/git"' trace.txt || true)
  printf '%-28s %2d git processes (%d programs started, the shell included)\n' "$1" "$gits" "$all"
}
gitcommit="cd ws-git && echo '# x' >> goals/g0001.yaml && git add goals/g0001.yaml && git commit -qm x"
echo "== programs started by one write ($n files)"
count "git add + commit" "$gitcommit"
[ -z "$old" ] || count "goal checkin + commit, OLD" "$old goal checkin g0001 --value kr-a=7 --as-of 2026-03-10"
count "goal checkin + commit" "$new goal checkin g0001 --value kr-a=7 --as-of 2026-03-10"

echo "== alternated, $rounds rounds (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
args=("git add + commit" "$gitcommit")
[ -z "$old" ] || args+=("goal checkin + commit, OLD" "$old goal checkin g0001 --value kr-a=1{i} --as-of 2026-03-10")
args+=("goal checkin + commit" "$new goal checkin g0001 --value kr-a=1{i} --as-of 2026-03-10")
python3 "$repo/bench/alternate.py" "$rounds" "${args[@]}"
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
git -C ws fsck --strict
[ -z "$old" ] || git -C ws-old fsck --strict
