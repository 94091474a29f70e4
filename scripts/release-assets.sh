#!/usr/bin/env bash
# Makes what release archives and packages carry besides the binary, with
# the binary itself, so they always match the release: shell completions
# (bash, zsh, fish) in completions/ and gzipped man pages in manpages/.
# goreleaser runs it as a before hook.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf completions manpages
mkdir -p completions manpages
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/collab" ./cmd/collab
for sh in bash zsh fish; do
  "$bin/collab" completion "$sh" >"completions/collab.$sh"
done
"$bin/collab" docs man manpages
gzip -9n manpages/*.1
