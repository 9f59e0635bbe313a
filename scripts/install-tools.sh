#!/usr/bin/env bash
# Puts the CLIs the acceptance tests and the demo drive into .tools/bin,
# whatever the machine's PATH holds: the pinned versions are always the ones
# tested. Each CLI is the official release where the releases can be reached
# (tools/getcli: hc-install for Terraform, tofudl for OpenTofu, both verify
# the checksums and their signature), else built from its Go module (offline
# CI). One lookup per CLI decides (at most 10 s), without retries; nothing else
# is contacted.
# Idempotent and quick once the binaries are there. The CLI versions are those
# of scripts/cli-env.sh (the acceptance matrix, TF_MATRIX).
#
#   .tools/bin/terraform-1.5.7    the oldest Terraform the provider supports
#   .tools/bin/terraform-1.14.9   the first with actions and terraform query
#   .tools/bin/terraform-1.16.4   the newest Terraform served here (see below)
#   .tools/bin/tofu-1.12.6        OpenTofu
#   .tools/bin/terraform          -> terraform-1.16.4 (docs generation, examples, demo)
#   .tools/bin/tofu               -> tofu-1.12.6
#   .tools/bin/goreleaser         release config check
#
#   scripts/install-tools.sh                   # all of them
#   scripts/install-tools.sh terraform         # the Terraform CLIs only
#   scripts/install-tools.sh terraform-newest  # the newest pinned Terraform only (make demo, make generate)
#   scripts/install-tools.sh terraform-1.14.9  # one pinned Terraform (make testacc CLI=terraform-1.14.9)
#   scripts/install-tools.sh tofu              # OpenTofu
#
# CONTIO_CLI_RELEASES=off skips the lookup and builds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

# The versions (TF_VERSION_*, TOFU_VERSION, GORELEASER_VERSION) and version_line.
source "$root/scripts/cli-env.sh"

log() { printf 'install-tools: %s\n' "$*" >&2; }

# have BIN VERSION: is BIN there and does it report VERSION?
have() { [ -x "$1" ] && [[ $(version_line "$1") == *" v$2" ]]; }

# module_dir MODULE@VERSION: download a module and print its (read-only) directory.
module_dir() {
	local dir
	dir=$(go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || { log "could not download $1"; exit 1; }
	printf '%s\n' "$dir"
}

# release PRODUCT VERSION OUT: install the official release, verified, into
# OUT. Fails (status 1) when the releases cannot be reached, for the caller to
# build; stops the script when a release is there but does not verify.
release() {
	[ "${CONTIO_CLI_RELEASES:-}" != off ] || return 1
	if [ -z "${getcli:-}" ]; then
		# Built, not go run: go run hides the exit status that says "unreachable".
		getcli_dir=$(mktemp -d)
		trap 'rm -rf "$getcli_dir"' EXIT
		getcli=$getcli_dir/getcli
		if ! (cd "$root/tools" && go build -o "$getcli" ./getcli); then
			log "tools/getcli does not build: building the CLIs from their Go modules"
			CONTIO_CLI_RELEASES=off
			return 1
		fi
	fi
	local code=0
	"$getcli" "$1" "$2" "$3" || code=$?
	case $code in
	0) log "installed the official $1 v$2 release (checksums and signature verified)"; return 0 ;;
	3) log "no $1 v$2 release reachable: building it from its Go module" ;;
	*) log "the $1 v$2 release did not install (above); not building over it"; exit 1 ;;
	esac
	return 1
}

# Terraform before 1.9 installs as a plain module.
install_terraform_oldest() {
	local out="$bin/terraform-$TF_VERSION_OLDEST"
	have "$out" "$TF_VERSION_OLDEST" && return
	release terraform "$TF_VERSION_OLDEST" "$out" && return
	log "building terraform v$TF_VERSION_OLDEST from its Go module (a few minutes the first time, longer on a busy machine)"
	local tmp
	tmp=$(mktemp -d)
	GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$TF_VERSION_OLDEST"
	mv "$tmp/terraform" "$out"
	rmdir "$tmp"
}

# Terraform 1.9 and later replace the remote-state backends and internal/legacy
# with nested modules that the module zip leaves out, so neither go install nor
# an in-place build works. Build a writable copy without them: the backends the
# tests need (local, remote, http, inmem, cloud) stay. The same lines of go.mod
# and internal/backend/init/init.go hold them in 1.14 and 1.16.
#
# TF_VERSION_NEWEST is 1.16.4 because the Go module proxy reachable here serves
# Terraform up to 1.16.4 and refuses 1.16.5+ and 1.17; the GitHub workflow adds
# the newest release (setup-terraform's "latest"), which runners can download.
install_terraform_nested() {
	local version=$1
	local out="$bin/terraform-$version"
	have "$out" "$version" && return
	release terraform "$version" "$out" && return
	log "building terraform v$version from its Go module (about 3 minutes on 2 idle cores the first time, longer on a busy machine)"
	local src work
	src=$(module_dir "github.com/hashicorp/terraform@v$version")
	work=$(mktemp -d)
	cp -r "$src/." "$work/"
	chmod -R u+w "$work"
	local gone='internal/backend/remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|internal/legacy'
	sed -E -i "\#github.com/hashicorp/terraform/($gone)[ \"]#d" "$work/go.mod"
	sed -E -i \
		-e "/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3) \"/d" \
		-e "/\"(azurerm|consul|cos|gcs|kubernetes|oss|pg|s3|oci)\": +func/d" \
		"$work/internal/backend/init/init.go"
	(cd "$work" && GOFLAGS=-mod=mod go build -o "$out" \
		-ldflags "-X github.com/hashicorp/terraform/version.dev=no" .)
	rm -rf "$work"
}

install_tofu() {
	local out="$bin/tofu-$TOFU_VERSION"
	have "$out" "$TOFU_VERSION" && return
	release tofu "$TOFU_VERSION" "$out" && return
	log "building OpenTofu v$TOFU_VERSION from its Go module (a few minutes the first time)"
	local dir
	dir=$(module_dir "github.com/opentofu/opentofu@v$TOFU_VERSION")
	# OpenTofu's go.mod has a replace directive, so go install refuses it;
	# build it in place with -mod=mod.
	(cd "$dir" && GOFLAGS=-mod=mod go build -o "$out" \
		-ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu)
}

# goreleaser checks .goreleaser.yml in CI. Not a tools/go.mod tool: its module
# graph is large enough to drag the provider's dependencies along with it.
install_goreleaser() {
	if [ -x "$bin/goreleaser" ] &&
		"$bin/goreleaser" --version 2>/dev/null | grep -qE "^GitVersion: +v?$GORELEASER_VERSION\$"; then
		return
	fi
	log "building goreleaser v$GORELEASER_VERSION from its Go module (a few minutes the first time)"
	GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/goreleaser/goreleaser/v2@v$GORELEASER_VERSION"
}

# install_terraform_newest: the one CLI the demo and docs generation need.
install_terraform_newest() {
	install_terraform_nested "$TF_VERSION_NEWEST"
	ln -sfn "terraform-$TF_VERSION_NEWEST" "$bin/terraform"
}

install_terraform() {
	install_terraform_oldest
	install_terraform_nested "$TF_VERSION_ACTIONS"
	install_terraform_newest
}

what=${1:-all}
case "$what" in
terraform) install_terraform ;;
terraform-newest | "terraform-$TF_VERSION_NEWEST") install_terraform_newest ;;
"terraform-$TF_VERSION_ACTIONS") install_terraform_nested "$TF_VERSION_ACTIONS" ;;
"terraform-$TF_VERSION_OLDEST") install_terraform_oldest ;;
"tofu-$TOFU_VERSION") install_tofu ;;
tofu) install_tofu; ln -sfn "tofu-$TOFU_VERSION" "$bin/tofu" ;;
goreleaser) install_goreleaser ;;
all) install_terraform; install_tofu; ln -sfn "tofu-$TOFU_VERSION" "$bin/tofu"; install_goreleaser ;;
*) log "usage: $0 [all|terraform|terraform-newest|terraform-VERSION|tofu|tofu-VERSION|goreleaser] (pinned versions: scripts/cli-env.sh)"; exit 2 ;;
esac
