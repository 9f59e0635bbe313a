#!/usr/bin/env bash
# changie at the version tools/changie/go.mod pins, run in the current
# directory: scripts/changie.sh new | batch 0.2.0 | merge (RELEASING.md).
# tools/changie is a module of its own: changie's terminal libraries clash with
# golangci-lint's in tools/go.mod.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root/tools/changie" && go build -o "$tmp/changie" github.com/miniscruff/changie)
"$tmp/changie" "$@"
