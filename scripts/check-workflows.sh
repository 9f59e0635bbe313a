#!/usr/bin/env bash
# The GitHub workflows are valid (actionlint; it also runs shellcheck on their
# run: scripts where shellcheck is installed, as on GitHub's runners), and
# .github/workflows/test.yml and release.yml test and release with the versions
# this repository pins: the CLI matrix of scripts/cli-env.sh and the goreleaser
# of scripts/install-tools.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

go tool -modfile=tools/go.mod actionlint

status=0
# want FILE TEXT: FILE has the line fragment TEXT.
want() {
	grep -qF -- "$2" "$1" || { echo "$1: no '$2' (the version scripts/ pin)" >&2; status=1; }
}
test_yml=.github/workflows/test.yml
want "$test_yml" "version: \"$TF_VERSION_OLDEST\""
want "$test_yml" "version: \"${TF_VERSION_NEWEST%.*}.*\""
want "$test_yml" "terraform_version: \"${TF_VERSION_NEWEST%.*}.*\""
want "$test_yml" "version: \"$TOFU_VERSION\""
goreleaser=$(sed -n 's/^GORELEASER_VERSION=//p' scripts/install-tools.sh)
want "$test_yml" "version: v$goreleaser"
want .github/workflows/release.yml "version: v$goreleaser"
[ "$status" -eq 0 ] && echo "workflows: valid, and on the pinned versions"
exit "$status"
