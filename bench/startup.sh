#!/usr/bin/env bash
# Start-up of collab against a hello-world Go binary, alternated in one run
# (bench/alternate.py --exec: each binary started directly, not through a
# shell, whose own start-up would count on both sides; median wall and CPU
# time, ratio to hello-world), for collab built three ways:
#   - go build, as bench/workspace.sh builds it (with cgo where a C compiler
#     is installed: the net package then links the C library dynamically)
#   - the release build of .goreleaser.yaml (CGO_ENABLED=0, -trimpath,
#     -ldflags "-s -w"): a static binary without symbol tables
#   - go build with CGO_ENABLED=0: static, with symbol tables
# and, as floors of what changes to the commands can reach, two binaries
# built release-style that initialise every package collab links and exit
# at once: "floor" links only what those initialisations reach (pkg/cmd/root
# imported for its side effects), "floor, full size" links all of collab,
# as the release build does, and runs none of it (through a -overlay:
# nothing is written into the tree); two floors of the dependencies alone:
# "core" initialises only cobra, go-git's plumbing, yaml and tablewriter,
# "core + net/http" those and the standard library's HTTPS client (what
# `verify --github` reads reviews with); with each binary's size, and its
# page faults and peak RSS for one `collab version` (/usr/bin/time); and
# the package initialisation of the release build (GODEBUG=inittrace=1: median of the
# total over 20 runs, and the largest packages).
#
# Every binary runs as the Go linker wrote it. Do not copy them (cp) before
# measuring: on this machine's ext4 a copy lands in the page cache in large
# folios and starts sooner than the same binary as linked, or as read back
# from disk after eviction, which is the state an installed binary is in
# (3.4 against 3.6 ms on 2026-12-03). How a file's pages happen to sit in
# the page cache also varies from one link to the next (three links of one
# build: 3.7 to 3.8 ms that day). So each binary is linked three times and
# the rounds take the three files in turn.
# With BEFORE=REF, the release and go builds of commit REF run in the same
# rounds, after this tree's.
# Usage: bench/startup.sh [ROUNDS]   (default 40)
set -euo pipefail
rounds=${1:-40}
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

copies=3
for k in $(seq 0 $((copies - 1))); do
  go build -o "$tmp/collab.$k" "$repo/cmd/collab"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/collab-release.$k" "$repo/cmd/collab"
  CGO_ENABLED=0 go build -o "$tmp/collab-nocgo.$k" "$repo/cmd/collab"
done
if [ -n "${BEFORE:-}" ]; then
  mkdir "$tmp/old" && git -C "$repo" archive "$BEFORE" | tar -x -C "$tmp/old"
  for k in $(seq 0 $((copies - 1))); do
    (cd "$tmp/old" && go build -o "$tmp/before.$k" ./cmd/collab &&
      CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/before-release.$k" ./cmd/collab)
  done
fi
floor() { # floor NAME MAIN_BODY [IMPORTS]
  mkdir "$tmp/src-$1" && printf 'package main\nimport (\n\t"os"\n%s)\nfunc main() {\n%s\n\tos.Exit(0)\n}\n' "$3" "$2" >"$tmp/src-$1/main.go"
  printf '{"Replace": {"%s/cmd/startupfloor/main.go": "%s/src-%s/main.go"}}\n' "$repo" "$tmp" "$1" >"$tmp/$1.json"
  for k in $(seq 0 $((copies - 1))); do
    (cd "$repo" && CGO_ENABLED=0 go build -overlay "$tmp/$1.json" -trimpath -ldflags "-s -w" -o "$tmp/$1.$k" ./cmd/startupfloor)
  done
}
floor floor '' $'\t_ "github.com/collab-tools/collab/pkg/cmd/root"\n'
core=$'\t_ "github.com/spf13/cobra"\n\t_ "github.com/go-git/go-git/v5/plumbing"\n\t_ "go.yaml.in/yaml/v3"\n\t_ "github.com/olekukonko/tablewriter"\n'
floor core '' "$core"
floor core-http '' "$core"$'\t_ "net/http"\n'
floor floor-full $'\tif len(os.Args) > 1<<20 { // never: links collab, runs none of it\n\t\tos.Exit(root.Run(cmdutil.New(iostreams.System()), os.Args[1:]))\n\t}' \
  $'\t"github.com/collab-tools/collab/pkg/cmd/root"\n\t"github.com/collab-tools/collab/pkg/cmdutil"\n\t"github.com/collab-tools/collab/pkg/iostreams"\n'
mkdir "$tmp/hello" && printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' >"$tmp/hello/main.go"
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 &&
  for k in $(seq 0 $((copies - 1))); do go build -o "$tmp/hello-bin.$k" .; done)
cd "$tmp"
for b in hello-bin collab collab-release collab-nocgo core core-http floor floor-full ${BEFORE:+before before-release}; do
  /usr/bin/time -f "%R %M" -o t.txt ./$b.0 version >/dev/null
  read -r faults rss <t.txt
  printf '%-15s %9d bytes   %5d page faults   max RSS %6d KiB\n' "$b" "$(stat -c %s $b.0)" "$faults" "$rss"
done
for i in $(seq 20); do GODEBUG=inittrace=1 ./collab-release.0 version 2>&1 >/dev/null; echo run; done | python3 -c '
import collections, statistics, sys
totals, per, n, t = [], collections.defaultdict(list), 0, 0.0
for line in sys.stdin:
    f = line.split()
    if f and f[0] == "init":
        n, t = n + 1, t + float(f[4])
        per[f[1]].append(float(f[4]))
    elif f == ["run"]:
        totals.append(t)
        pkgs, n, t = n, 0, 0.0
top = sorted(per, key=lambda p: -statistics.median(per[p]))[:6]
print(f"release build, package initialisation: {statistics.median(totals):.2f} ms over {pkgs} packages (inittrace, median of 20); largest:")
print("  " + ", ".join(f"{p} {statistics.median(per[p]):.2f}" for p in top))'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
k="{i%$copies}" # round i's copy
python3 "$repo/bench/alternate.py" --exec "$rounds" "hello-world" "./hello-bin.$k" \
  "collab version (go build)" "./collab.$k version" "collab version (release)" "./collab-release.$k version" \
  "collab version (go build, CGO_ENABLED=0)" "./collab-nocgo.$k version" \
  "core" "./core.$k" "core + net/http" "./core-http.$k" \
  "floor" "./floor.$k" "floor, full size" "./floor-full.$k" \
  ${BEFORE:+"collab version (release, $BEFORE)" "./before-release.$k version" "collab version (go build, $BEFORE)" "./before.$k version"}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
