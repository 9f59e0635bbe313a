#!/usr/bin/env bash
# The GitHub workflows, and the example workflow users copy from examples/ci,
# are valid (actionlint; it also runs shellcheck on their run: scripts where
# shellcheck is installed, as on GitHub's runners), and every
# action they use is pinned by a full commit SHA with its version in a comment
# (`uses: owner/action@<40 hex> # v1.2.3`): a tag can be moved to other code, a
# commit cannot, and dependabot updates the SHA and the comment together.
# The CLI and goreleaser versions need no check here: the test workflow reads
# them from scripts/test.sh --github-output, and the workflows the docs publish
# (examples/ci, examples/testing) have literal ones (a copy cannot read this
# repository's scripts); they are held to the same rules.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

workflows=(.github/workflows/*.yml examples/ci/*.yml examples/testing/*.yml)
go tool -modfile=tools/go.mod actionlint "${workflows[@]}"

# Local actions (./path) and docker:// images are not pinned this way.
unpinned=$(grep -nE '^[[:space:]-]*uses:' "${workflows[@]}" |
	grep -vE 'uses: +(\./|docker://)' |
	grep -vE 'uses: +[^@[:space:]]+@[0-9a-f]{40} +# +v[0-9]+(\.[0-9]+)*$' || true)
if [ -n "$unpinned" ]; then
	printf '%s\n' "$unpinned" >&2
	echo "workflows: pin each action by full commit SHA with its version in a comment, as '@<sha> # v1.2.3'" >&2
	exit 1
fi
echo "workflows: valid, every action pinned by commit"
