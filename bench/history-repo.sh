# shellcheck shell=bash
# Sourced by the history benchmarks (log.sh, diff.sh, verify.sh) from the
# project root: history_repo COMMITS builds collab into $bin (its folder is
# removed on exit) and sets $repo to bench/gen's repository of COMMITS
# commits, /tmp/collab-bench-COMMITS, generating it when missing (50,000
# commits take several minutes) and keeping it for the next run.
history_repo() {
  repo=/tmp/collab-bench-$1
  bindir=$(mktemp -d)
  trap 'rm -rf "$bindir"' EXIT
  bin=$bindir/collab
  go build -o "$bin" ./cmd/collab
  if [ ! -d "$repo/.git" ]; then
    echo "generating $repo ..."
    go run ./bench/gen -out "$repo" -commits "$1"
  fi
}
