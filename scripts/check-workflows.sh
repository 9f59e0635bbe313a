#!/usr/bin/env bash
# The GitHub workflows are valid (actionlint; it also runs shellcheck on their
# run: scripts where shellcheck is installed, as on GitHub's runners), and every
# action they use is pinned by a full commit SHA with its version in a comment
# (`uses: owner/action@<40 hex> # v1.2.3`): a tag can be moved to other code, a
# commit cannot, and dependabot updates the SHA and the comment together.
# The CLI and goreleaser versions need no check: the test workflow reads them
# from scripts/test.sh --github-output. The workflow the testing guide
# publishes (examples/testing/*.yml) is held to the same rules.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

go tool -modfile=tools/go.mod actionlint
go tool -modfile=tools/go.mod actionlint examples/testing/*.yml

# Local actions (./path) and docker:// images are not pinned this way.
unpinned=$(grep -nE '^[[:space:]-]*uses:' .github/workflows/*.yml examples/testing/*.yml |
	grep -vE 'uses: +(\./|docker://)' |
	grep -vE 'uses: +[^@[:space:]]+@[0-9a-f]{40} +# +v[0-9]+(\.[0-9]+)*$' || true)
if [ -n "$unpinned" ]; then
	printf '%s\n' "$unpinned" >&2
	echo "workflows: pin each action by full commit SHA with its version in a comment, as '@<sha> # v1.2.3'" >&2
	exit 1
fi
echo "workflows: valid, every action pinned by commit"
