#!/usr/bin/env bash
# Compares the collab of the work tree with the collab of an earlier commit,
# alternated in one run (bench/alternate.py, CPU time beside wall time), on a
# generated workspace of N entity files (default 2000):
#   - collab version (start-up), with a hello-world Go binary as the yardstick
#   - collab goal checkin + commit, with git add FILE && git commit beside
# and prints each binary's size and page faults (/usr/bin/time).
# Both binaries are built the same way (go build, as bench/workspace.sh).
# Usage: bench/before-after.sh REF [N] [ROUNDS]
set -euo pipefail
ref=${1:?usage: bench/before-after.sh REF [N] [ROUNDS]}
n=${2:-2000}
rounds=${3:-15}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir "$tmp/old"
git -C "$repo" archive "$ref" | tar -x -C "$tmp/old"
(cd "$tmp/old" && go build -o "$tmp/collab-old" ./cmd/collab)
go build -o "$tmp/collab-new" "$repo/cmd/collab"
mkdir "$tmp/hello" && printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$tmp/hello-bin" .)
go run "$repo/bench/genws" -n "$n" "$tmp/ws"

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
cp -r "$tmp/ws" "$tmp/ws-git"
# Each binary writes its own copy of the workspace, with its own load cache
# (the two builds may not share a cache format).
cp -r "$tmp/ws" "$tmp/ws-old" && mv "$tmp/ws" "$tmp/ws-new"
# A copy's files have other inodes and times than git's index records:
# refresh it, or every command would read every file to compare it.
for d in ws-git ws-old ws-new; do git -C "$tmp/$d" update-index -q --refresh; done
sleep 2.1
cd "$tmp"
old="XDG_CACHE_HOME=$tmp/cache-old ./collab-old -C ws-old"
new="XDG_CACHE_HOME=$tmp/cache-new ./collab-new -C ws-new"
# Warm each load cache.
sh -c "$old goal checkin g0001 --value kr-a=1 --as-of 2026-03-10" >/dev/null
sh -c "$new goal checkin g0001 --value kr-a=1 --as-of 2026-03-10" >/dev/null

echo "== binaries ($ref, work tree)"
for b in hello-bin collab-old collab-new; do
  size=$(stat -c %s "$b")
  /usr/bin/time -f "%R %M" -o t.txt ./$b version >/dev/null
  read -r faults rss <t.txt
  printf '%-12s %9d bytes   collab version: %5d page faults, max RSS %6d KiB\n' "$b" "$size" "$faults" "$rss"
done
uptime
echo "== alternated start-up, $((rounds * 2)) rounds"
python3 "$repo/bench/alternate.py" $((rounds * 2)) "hello-world" "./hello-bin" \
  "collab version ($ref)" "./collab-old version" "collab version (work tree)" "./collab-new version"
echo "== alternated goal checkin + commit, $n files, $rounds rounds"
python3 "$repo/bench/alternate.py" "$rounds" \
  "git add + commit" "sh -c 'cd ws-git && echo \"# x\" >> goals/g0001.yaml && git add goals/g0001.yaml && git commit -qm x'" \
  "goal checkin ($ref)" "$old goal checkin g0001 --value kr-a=2{i} --as-of 2026-03-10" \
  "goal checkin (work tree)" "$new goal checkin g0001 --value kr-a=2{i} --as-of 2026-03-10"
uptime
git -C ws-old fsck --strict && git -C ws-new fsck --strict
