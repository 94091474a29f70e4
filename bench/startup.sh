#!/usr/bin/env bash
# Start-up of collab against a hello-world Go binary, alternated in one run
# (bench/alternate.py: median wall and CPU time, ratio to hello-world), for
# collab built two ways:
#   - go build, as bench/workspace.sh builds it (with cgo where a C compiler
#     is installed: the net package then links the C library dynamically)
#   - the release build of .goreleaser.yaml (CGO_ENABLED=0, -trimpath,
#     -ldflags "-s -w"): a static binary without symbol tables
# with each binary's size, and its page faults and peak RSS for one
# `collab version` (/usr/bin/time).
# Usage: bench/startup.sh [ROUNDS]   (default 40)
set -euo pipefail
rounds=${1:-40}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/collab" "$repo/cmd/collab"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/collab-release" "$repo/cmd/collab"
mkdir "$tmp/hello" && printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$tmp/hello-bin" .)
cd "$tmp"
for b in hello-bin collab collab-release; do
  /usr/bin/time -f "%R %M" -o t.txt ./$b version >/dev/null
  read -r faults rss <t.txt
  printf '%-15s %9d bytes   %5d page faults   max RSS %6d KiB\n' "$b" "$(stat -c %s $b)" "$faults" "$rss"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$repo/bench/alternate.py" "$rounds" "hello-world" "./hello-bin" \
  "collab version (go build)" "./collab version" "collab version (release)" "./collab-release version"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
