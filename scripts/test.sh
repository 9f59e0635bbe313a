#!/usr/bin/env bash
# The project's pipeline, defined here once. `make test` and CI (.ci/run) run
# every stage in order on a fresh clone; each job of the GitHub test workflow
# runs one stage, and reads which stages and CLIs there are from this script
# (--github-output), so the workflow holds no copy of either.
#
#   scripts/test.sh                   # every stage in order; CLI stages on the matrix
#   scripts/test.sh STAGE [CLI...]    # one stage; a CLI stage on the CLIs given
#   scripts/test.sh --list            # the stages, with their kind and what they check
#   scripts/test.sh --github-output   # stages, CLIs and pinned versions for the workflow
#
# A stage's kind says where it runs:
#   local  only here: the CLIs and goreleaser are built into .tools/bin (GitHub
#          installs them with setup-terraform, setup-opentofu, goreleaser-action)
#   check  once: one job each on GitHub
#   cli    once per CLI: by default the matrix of scripts/cli-env.sh (TF_MATRIX);
#          on GitHub, one job per stage and CLI, with the CLI that setup-* installed
set -euo pipefail
caller=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

# name|kind|what it checks, in the order a full run takes them.
stages=(
	"tools|local|the Terraform and OpenTofu CLIs and goreleaser in .tools/bin"
	"tidy|check|go.mod and the modules under tools/ are tidy"
	"vet|check|go vet"
	"lint|check|golangci-lint"
	"unit|check|unit tests, with the race detector (acceptance tests run below)"
	"fuzz|check|fuzz targets, briefly each, on top of their committed corpora"
	"acceptance|cli|acceptance tests (TF_ACC=1, every TestAcc* under internal/)"
	"docs|check|docs are generated and current"
	"examples|check|examples: terraform fmt (acceptance validates them on every CLI)"
	"changelog|check|CHANGELOG.md is what changie merge makes of .changes/ (and the check's own test)"
	"workflows|check|GitHub workflows: actionlint, and every action pinned by commit"
	"release|check|release config: goreleaser check, and a local release's archives, checksums and emulator image"
	"page-examples|check|the curl examples of Contio's Webhook Management page against a running contio-emulator"
	"demo|cli|the demo (make demo)"
)

stage_tools() { scripts/install-tools.sh; }
stage_tidy() {
	go mod tidy -diff
	(cd tools && go mod tidy -diff)
	(cd tools/changie && go mod tidy -diff)
	(cd tools/emulator-image && go mod tidy -diff)
}
stage_vet() { go vet ./...; }
stage_lint() { make --no-print-directory lint; }
stage_unit() { make --no-print-directory unit; }
stage_fuzz() { scripts/fuzz.sh; }
# With no CLI given, testacc.sh also runs a terraform on PATH of another version.
stage_acceptance() { scripts/testacc.sh "$@"; }
stage_docs() { scripts/check-docs.sh; }
stage_examples() { scripts/check-examples.sh; }
stage_changelog() { scripts/check-changelog.sh && scripts/check-changelog_test.sh; }
stage_workflows() { scripts/check-workflows.sh; }
stage_release() { scripts/check-release.sh; }
stage_page_examples() { scripts/seed-examples.sh; }
stage_demo() {
	local cli
	for cli in "${@:-${matrix[@]}}"; do
		printf -- '--> demo on %s\n' "$(version_line "$cli")"
		TF_BIN=$cli go run ./scripts/demo
	done
}

IFS=: read -r -a matrix <<<"$TF_MATRIX"

# field STAGE N: the stage's Nth field (1 name, 2 kind, 3 description).
field() {
	local s
	for s in "${stages[@]}"; do
		if [ "${s%%|*}" = "$1" ]; then cut -d'|' -f"$2" <<<"$s"; return; fi
	done
	return 1
}

# names KIND: the names of the stages of that kind, in order.
names() {
	local s
	for s in "${stages[@]}"; do
		[ "$(cut -d'|' -f2 <<<"$s")" != "$1" ] || printf '%s\n' "${s%%|*}"
	done
}

# json_array WORD...: ["WORD", ...] (the words need no escaping).
json_array() {
	local IFS=,
	local quoted=("${@/#/\"}")
	printf '[%s]\n' "${quoted[*]/%/\"}"
}

# github_output: key=value lines for $GITHUB_OUTPUT. The workflow builds its
# jobs from them: a job per check stage, a job per CLI stage and CLI (the
# pinned CLIs and the newest releases, which GitHub's runners can download),
# and the pinned Terraform and goreleaser for the check jobs and the release.
github_output() {
	local cli cmd version name sep=
	# shellcheck disable=SC2046 # one word per stage name
	printf 'checks=%s\n' "$(json_array $(names check))"
	# shellcheck disable=SC2046
	printf 'cli_stages=%s\n' "$(json_array $(names cli))"
	printf 'clis=['
	for cli in "terraform $TF_VERSION_OLDEST" "terraform $TF_VERSION_ACTIONS" "terraform $TF_VERSION_NEWEST" \
		"terraform latest" "tofu $TOFU_VERSION" "tofu latest"; do
		read -r cmd version <<<"$cli"
		[ "$cmd" = terraform ] && name=Terraform || name=OpenTofu
		printf '%s{"name":"%s %s","cli":"%s","version":"%s"}' "$sep" "$name" "$version" "$cmd" "$version"
		sep=,
	done
	printf ']\n'
	printf 'terraform=%s\n' "$TF_VERSION_NEWEST"
	printf 'goreleaser=v%s\n' "$GORELEASER_VERSION"
}

# run STAGE [CLI...]: one stage, under a heading.
run() {
	local name=$1 kind
	shift
	kind=$(field "$name" 2) || { printf 'test.sh: no stage %s (scripts/test.sh --list)\n' "$name" >&2; exit 2; }
	if [ "$kind" != cli ] && [ $# -gt 0 ]; then
		printf 'test.sh: %s takes no CLI (a %s stage)\n' "$name" "$kind" >&2
		exit 2
	fi
	local clis=() bin
	for bin in "$@"; do clis+=("$(cli_path "$bin" "$caller")"); done
	printf '\n==> %s: %s\n' "$name" "$(field "$name" 3)"
	"stage_${name//-/_}" ${clis[@]+"${clis[@]}"} # (an empty array is unset to bash 3's set -u)
}

case ${1:-} in
--list)
	for s in "${stages[@]}"; do
		IFS='|' read -r name kind what <<<"$s"
		printf '%-14s %-6s %s\n' "$name" "$kind" "$what"
	done
	;;
--github-output) github_output ;;
-*)
	grep '^#   scripts/test.sh' "$0" | sed 's/^#   //' >&2
	exit 2
	;;
'')
	for s in "${stages[@]}"; do run "${s%%|*}"; done
	printf '\nAll checks passed.\n'
	;;
*) run "$@" ;;
esac
