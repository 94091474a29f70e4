#!/usr/bin/env bash
# Measures collab against the tools a user would otherwise use, side by side
# in one run, on a generated workspace of N entity files (default 2000):
#   - collab validate                       vs  kubeconform with the same schemas
#   - collab goal checkin (edit + commit)   vs  git add FILE && git commit
#   - collab agree checkin (edit + commit)  vs  git add FILE && git commit
#   - read commands (goal list, agree list, agree show, map render)
#   - start-up: collab version              vs  a hello-world Go binary
# then the writes and the start-up again, alternated (bench/alternate.py),
# with CPU time beside wall time: the ratios to read on a shared machine.
# Needs hyperfine (apt-get install hyperfine) and kubeconform
# (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0).
# Usage: bench/workspace.sh [N]
set -euo pipefail
n=${1:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$(go env GOPATH)/bin:$PATH"
for tool in hyperfine kubeconform git; do
  command -v $tool >/dev/null || { echo "missing $tool: see the comment at the top of $0" >&2; exit 1; }
done

go build -o "$tmp/collab" "$repo/cmd/collab"
mkdir "$tmp/hello" && printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$tmp/hello-bin" .)
go run "$repo/bench/genws" -n "$n" "$tmp/ws"
mkdir "$tmp/schemas" && cp "$repo"/schema/*.schema.json "$tmp/schemas/"

# p001-1 and p001-2 are members of the teams of goal g0001 and agreement a0001.
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=p001-1@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=p001-1@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
cp -r "$tmp/ws" "$tmp/ws-git"
# The load cache lives in the temp folder, and trusts no file changed in the
# last 2 s (racily clean): let the generated files age as a real workspace's have.
export XDG_CACHE_HOME="$tmp/cache"
sleep 2.1
gitcommit() { echo "sh -c 'cd ws-git && echo \"# x\" >> $1 && git add $1 && git commit -qm x'"; }

cd "$tmp"
echo "== validate $n files"
hyperfine -N --warmup 2 --runs 15 --export-json validate.json \
  "./collab -C ws validate --as-of 2026-03-10" \
  "kubeconform -summary -schema-location schemas/{{.ResourceKind}}.schema.json ws"

echo "== one-file change + commit"
hyperfine -N --warmup 2 --runs 20 --export-json goal.json \
  "./collab -C ws goal checkin g0001 --value kr-a=15 --as-of 2026-03-10" "$(gitcommit goals/g0001.yaml)"
hyperfine -N --warmup 2 --runs 20 --export-json agree.json \
  "./collab -C ws agree checkin a0001 --note sync --as-of 2026-03-10" "$(gitcommit agreements/a0001.yaml)"

echo "== read commands"
hyperfine -N --warmup 2 --runs 15 --export-json read.json \
  "./collab -C ws goal list --as-of 2026-03-10" \
  "./collab -C ws agree list --as-of 2026-03-10" \
  "./collab -C ws agree show a0001 --as-of 2026-03-10" \
  "./collab -C ws map render m0001 --format mermaid"

echo "== start-up"
hyperfine -N --warmup 5 --runs 40 --export-json startup.json "./collab version" "./hello-bin"

echo "== alternated: git commit, goal checkin, agree checkin; hello-world, start-up (15 and 30 rounds)"
python3 "$repo/bench/alternate.py" 15 "git add + commit" "$(gitcommit goals/g0001.yaml)" \
  "goal checkin + commit" "./collab -C ws goal checkin g0001 --value kr-a=1{i} --as-of 2026-03-10" \
  "agree checkin + commit" "./collab -C ws agree checkin a0001 --note sync{i} --as-of 2026-03-10"
python3 "$repo/bench/alternate.py" 30 "hello-world" "./hello-bin" "collab version" "./collab version"

git -C ws fsck --strict
echo
python3 - "$n" <<'PY'
import json, sys
def pair(f, what, other):
    r = json.load(open(f))["results"]
    a, b = r[0]["median"], r[1]["median"]
    print(f"{what:32s} collab {a*1000:6.0f} ms   {other:12s} {b*1000:6.0f} ms   ratio {a/b:5.2f}x")
pair("validate.json", f"validate {sys.argv[1]} files", "kubeconform")
pair("goal.json", "goal checkin + commit", "git")
pair("agree.json", "agree checkin + commit", "git")
pair("startup.json", "start-up (collab version)", "hello-world")
for x in json.load(open("read.json"))["results"]:
    print(f"{x['command'].split(' ws ')[1]:45s} {x['median']*1000:6.0f} ms")
PY
