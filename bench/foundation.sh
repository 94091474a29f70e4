#!/usr/bin/env bash
# Measures collab against the tools a user would otherwise use, side by side
# in one run, on a generated workspace of N entity files (default 2000):
#   - collab validate             vs  kubeconform with the same schemas
#   - a one-file change + commit  vs  git add FILE && git commit
#   - start-up: collab version    vs  a hello-world Go binary
# Needs hyperfine (apt-get install hyperfine) and kubeconform
# (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0).
# Usage: bench/foundation.sh [N]
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

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@acme.example GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@acme.example
git -C "$tmp/ws" init -q && git -C "$tmp/ws" add -A && git -C "$tmp/ws" commit -qm init
cp -r "$tmp/ws" "$tmp/ws-git"

cd "$tmp"
echo "== validate $n files"
hyperfine -N --warmup 2 --runs 10 --export-json validate.json \
  "./collab -C ws validate --as-of 2026-03-10" \
  "kubeconform -summary -schema-location schemas/{{.ResourceKind}}.schema.json ws"

echo "== one-file change + commit, twice (add then remove a member)"
hyperfine --warmup 2 --runs 20 --export-json commit.json \
  "./collab -C ws team member add t001 bench@acme.example && ./collab -C ws team member rm t001 bench@acme.example" \
  "cd ws-git && echo '# x' >> teams/t001.yaml && git add teams/t001.yaml && git commit -qm add && sed -i '\$d' teams/t001.yaml && git add teams/t001.yaml && git commit -qm rm"

echo "== start-up"
hyperfine -N --warmup 5 --runs 50 --export-json startup.json "./collab version" "./hello-bin"

ratio() { python3 -c "import json,sys; r=json.load(open('$1'))['results']; a,b=r[0]['median'],r[1]['median']; print(f'$2: collab {a*1000:.0f} ms, {sys.argv[1]} {b*1000:.0f} ms, ratio {a/b:.2f}x')" "$3"; }
echo
ratio validate.json "validate $n files" kubeconform
ratio commit.json "change + commit (x2)" git
ratio startup.json "start-up" hello-world
