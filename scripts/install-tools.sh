#!/usr/bin/env bash
# Puts the Terraform and OpenTofu CLIs the acceptance tests and the demo drive,
# and goreleaser, into .tools/bin. Offline-safe: both come from the Go module proxy. Idempotent
# and quick once the binaries are there.
#
#   scripts/install-tools.sh            # all of them
#   scripts/install-tools.sh terraform  # terraform only (make demo)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

TERRAFORM_VERSION=1.5.7
OPENTOFU_VERSION=1.12.6
GORELEASER_VERSION=2.15.1

log() { printf 'install-tools: %s\n' "$*" >&2; }

# version_ge A B: is dotted version A >= B?
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# cli_version BIN: the x.y.z of a terraform or tofu binary. The CLI may print
# configuration warnings before its version line, so look for that line.
cli_version() {
	"$1" version 2>/dev/null | sed -nE 's/^(Terraform|OpenTofu) v([0-9]+\.[0-9]+\.[0-9]+).*/\2/p' | head -n1
}

install_terraform() {
	if [ -x "$bin/terraform" ]; then return; fi
	local onpath
	onpath=$(command -v terraform || true)
	if [ -n "$onpath" ] && version_ge "$(cli_version "$onpath")" 1.5.0; then
		log "reusing $onpath ($(cli_version "$onpath"))"
		ln -sf "$onpath" "$bin/terraform"
		return
	fi
	log "building terraform v$TERRAFORM_VERSION from its Go module (a few minutes the first time)"
	GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
}

install_tofu() {
	if [ -x "$bin/tofu" ] && [ "$(cli_version "$bin/tofu")" = "$OPENTOFU_VERSION" ]; then return; fi
	log "building OpenTofu v$OPENTOFU_VERSION from its Go module (a few minutes the first time)"
	local dir
	dir=$(go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || { log "could not download github.com/opentofu/opentofu@v$OPENTOFU_VERSION"; exit 1; }
	# The module cache is read-only and OpenTofu's go.mod has a replace
	# directive, so build it in place with -mod=mod (go install refuses it).
	(cd "$dir" && GOFLAGS=-mod=mod go build -o "$bin/tofu" \
		-ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu)
}

# goreleaser checks .goreleaser.yml in CI. Not a go.mod tool: its module graph
# is large enough to drag the provider's dependencies along with it.
install_goreleaser() {
	if [ -x "$bin/goreleaser" ]; then return; fi
	log "building goreleaser v$GORELEASER_VERSION from its Go module (a few minutes the first time)"
	GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/goreleaser/goreleaser/v2@v$GORELEASER_VERSION"
}

what=${1:-all}
case "$what" in
terraform) install_terraform ;;
tofu) install_tofu ;;
goreleaser) install_goreleaser ;;
all) install_terraform; install_tofu; install_goreleaser ;;
*) log "usage: $0 [terraform|tofu|goreleaser|all]"; exit 2 ;;
esac
