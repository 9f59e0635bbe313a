#!/usr/bin/env bash
# scripts/check-changelog.sh passes on this repository's changelog and fails,
# saying why, on each way CHANGELOG.md and the fragments can part: a section
# written by hand, a batch never merged, a fragment of no known kind. Each case
# runs the check on a copy of .changie.yaml, .changes/ and CHANGELOG.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# copy NAME: a fresh copy of the changelog files in $tmp/NAME.
copy() {
	mkdir "$tmp/$1"
	cp -R "$root/.changie.yaml" "$root/.changes" "$root/CHANGELOG.md" "$tmp/$1/"
}

# expect pass|fail NAME [MESSAGE]: the check on $tmp/NAME passes, or fails saying MESSAGE.
expect() {
	local want=$1 name=$2 message=${3:-} out rc=0
	out=$("$root/scripts/check-changelog.sh" "$tmp/$name" 2>&1) || rc=$?
	if [ "$want" = pass ] && [ "$rc" -ne 0 ]; then
		printf 'FAIL %s: the check failed (exit %d):\n%s\n' "$name" "$rc" "$out" >&2
		failures=$((failures + 1))
	elif [ "$want" = fail ] && { [ "$rc" -eq 0 ] || ! grep -qF -- "$message" <<<"$out"; }; then
		printf 'FAIL %s: want a failure saying "%s", got exit %d:\n%s\n' "$name" "$message" "$rc" "$out" >&2
		failures=$((failures + 1))
	else
		printf 'ok   %s\n' "$name"
	fi
}

copy as-merged
expect pass as-merged

copy hand-written
printf '## 0.1.0 (Unreleased)\n\nFEATURES:\n\n* a change written here and not as a fragment\n\n' >>"$tmp/hand-written/CHANGELOG.md"
expect fail hand-written "differs from what 'changie merge' makes"

copy batched-not-merged
(cd "$tmp/batched-not-merged" && "$root/scripts/changie.sh" batch 9.9.9 >/dev/null)
expect fail batched-not-merged "+## 9.9.9"

copy unknown-kind
printf 'kind: IMPROVEMENTS\nbody: a kind .changie.yaml does not have\ntime: 2026-12-01T00:00:00Z\n' \
	>"$tmp/unknown-kind/.changes/unreleased/IMPROVEMENTS-20261201-000000.yaml"
expect fail unknown-kind "is not one changie can batch"

[ "$failures" -eq 0 ] || { echo "check-changelog_test: $failures failed" >&2; exit 1; }
echo "check-changelog_test: 4 passed, 0 failed"
