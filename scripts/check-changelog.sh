#!/usr/bin/env bash
# CHANGELOG.md is exactly what `changie merge` makes of .changes/: unreleased
# changes live only as fragments in .changes/unreleased/, so a section written
# by hand, or a `changie batch` not followed by `changie merge`, fails. Every
# fragment must also be one changie can batch (a kind of .changie.yaml, a body).
# Changie is the one scripts/changie.sh runs.
#
#   scripts/check-changelog.sh [DIR]   # DIR: a tree with .changie.yaml (default: this repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$root}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# changie works in the current directory and rewrites CHANGELOG.md: give it a copy.
mkdir "$tmp/tree"
cp -R "$dir/.changie.yaml" "$dir/.changes" "$tmp/tree/"
cd "$tmp/tree"
"$root/scripts/changie.sh" batch patch --dry-run --allow-no-changes >/dev/null ||
	{ echo "changelog: a fragment in .changes/unreleased/ is not one changie can batch (see above)" >&2; exit 1; }
"$root/scripts/changie.sh" merge
if ! diff -u --label CHANGELOG.md --label 'changie merge' "$dir/CHANGELOG.md" CHANGELOG.md >&2; then
	echo "changelog: CHANGELOG.md differs from what 'changie merge' makes (above). Unreleased changes are" \
		"fragments in .changes/unreleased/ only; at release, 'changie batch' then 'changie merge' (RELEASING.md)." >&2
	exit 1
fi
echo "changelog: CHANGELOG.md is what changie merge makes; $(find .changes/unreleased -name '*.yaml' | wc -l | tr -d ' ') unreleased fragments"
