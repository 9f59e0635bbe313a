#!/usr/bin/env bash
# Runs every Go fuzz target briefly (FUZZTIME each, default 3000 inputs), on top
# of its committed seed corpus (testdata/fuzz), which `go test` already replays
# on every unit run. A crash fails the script and leaves the failing input in
# the package's testdata/fuzz for `go test` to replay.
#
#   scripts/fuzz.sh                 # every target, 3000 inputs each (make test)
#   FUZZTIME=10m scripts/fuzz.sh    # longer
#
# The default counts inputs rather than time: on a loaded machine a time-boxed
# run can end with the fuzzing engine's own "context deadline exceeded" when a
# worker is slow to stop, which is no finding. Such a run, one that wrote no
# failing input, is tried once more.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fuzztime=${FUZZTIME:-3000x}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# fuzz PKG TARGET: run one target; 0 when it found nothing.
fuzz() { go test -run '^$' -fuzz "^${2}\$" -fuzztime "$fuzztime" "$1" >"$log" 2>&1; }

ran=0
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		printf 'fuzz: %s %s (%s)\n' "${pkg#github.com/contio/terraform-provider-contio/}" "$target" "$fuzztime"
		if ! fuzz "$pkg" "$target"; then
			if grep -q 'Failing input written to' "$log" || ! fuzz "$pkg" "$target"; then
				cat "$log"
				exit 1
			fi
		fi
		ran=$((ran + 1))
	done
done
[ "$ran" -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
printf 'fuzz: %d targets, 0 crashes\n' "$ran"
