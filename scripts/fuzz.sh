#!/usr/bin/env bash
# Runs every Go fuzz target briefly (FUZZTIME each, default 5s), on top of its
# committed seed corpus (testdata/fuzz), which `go test` already replays on
# every unit run. A crash fails the script and leaves the failing input in the
# package's testdata/fuzz for `go test` to replay.
#
#   scripts/fuzz.sh                 # every target, 5s each (make test)
#   FUZZTIME=10m scripts/fuzz.sh    # longer
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fuzztime=${FUZZTIME:-5s}

ran=0
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		printf 'fuzz: %s %s (%s)\n' "${pkg#github.com/contio/terraform-provider-contio/}" "$target" "$fuzztime"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/fuzz.$$.log 2>&1 || {
			cat /tmp/fuzz.$$.log
			rm -f /tmp/fuzz.$$.log
			exit 1
		}
		ran=$((ran + 1))
	done
done
rm -f /tmp/fuzz.$$.log
[ "$ran" -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
printf 'fuzz: %d targets, 0 crashes\n' "$ran"
