# shellcheck shell=bash
# Sourced by the scripts and make targets that run Terraform: the versions the
# project pins, where the CLIs are, .tools/bin first on PATH (tfplugindocs
# exports the schema with the terraform it finds there, and tries to download
# one without it, which fails offline), and a CLI configuration file that exists
# (the environment may name one that does not, and Terraform then warns on every
# command).
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# The CLI versions the provider is tested with, here and only here:
# scripts/install-tools.sh installs them into .tools/bin, and the GitHub test
# workflow installs the same ones (it reads them from `scripts/test.sh
# --github-output`), plus the newest Terraform and OpenTofu releases.
TF_VERSION_OLDEST=1.5.7   # the oldest Terraform the provider supports
TF_VERSION_ACTIONS=1.14.9 # the first with actions, list resources and terraform query (identity import: 1.12+)
TF_VERSION_NEWEST=1.16.4  # the newest Terraform the Go module proxy serves here (see install-tools.sh); make demo's
TOFU_VERSION=1.12.6       # OpenTofu
# shellcheck disable=SC2034 # read by install-tools.sh and test.sh
GORELEASER_VERSION=2.15.1 # scripts/check-release.sh here, the release workflow on GitHub

# The acceptance matrix (scripts/testacc.sh, make testacc): one binary per CLI
# version, colon-separated like PATH.
export TF_MATRIX="$root/.tools/bin/terraform-$TF_VERSION_OLDEST:$root/.tools/bin/terraform-$TF_VERSION_ACTIONS:$root/.tools/bin/terraform-$TF_VERSION_NEWEST:$root/.tools/bin/tofu-$TOFU_VERSION"

# TF_BIN and TOFU_BIN, for everything that needs one CLI (docs, examples, demo):
# the links install-tools.sh makes to the newest Terraform and to OpenTofu. Where
# .tools has none (GitHub Actions installs the CLIs with setup-terraform and
# setup-opentofu), the ones on PATH.
export TF_BIN="$root/.tools/bin/terraform"
export TOFU_BIN="$root/.tools/bin/tofu"
if [ ! -x "$TF_BIN" ] && command -v terraform >/dev/null; then TF_BIN=$(command -v terraform); fi
if [ ! -x "$TOFU_BIN" ] && command -v tofu >/dev/null; then TOFU_BIN=$(command -v tofu); fi
export PATH="$root/.tools/bin:$PATH"

if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
	export TF_CLI_CONFIG_FILE="$root/.tools/terraformrc"
	[ -f "$TF_CLI_CONFIG_FILE" ] || { mkdir -p "$root/.tools" && : >"$TF_CLI_CONFIG_FILE"; }
fi
export CHECKPOINT_DISABLE=1

# version_line BIN: "Terraform v1.14.9" or "OpenTofu v1.12.6", the one place the
# shell scripts read a CLI's version; the CLI may print configuration warnings
# first, so look for that line.
version_line() {
	"$1" version 2>/dev/null | grep -m1 -E '^(Terraform|OpenTofu) v[0-9]' || true
}

# provider_host VERSION_LINE: the registry host terraform-plugin-testing and
# the e2e tests address the provider under (TF_ACC_PROVIDER_HOST) for that CLI.
provider_host() {
	case $1 in OpenTofu*) echo registry.opentofu.org ;; *) echo registry.terraform.io ;; esac
}

# cli_path BIN CALLER: BIN made absolute, as TF_ACC_TERRAFORM_PATH needs it: a
# bare name is looked up on PATH, a relative path is taken from CALLER (the
# directory the script was started from, before it changed to the root).
cli_path() {
	local bin=$1
	[[ $bin == */* ]] || bin=$(command -v "$bin" || printf '%s' "$bin")
	[[ $bin == /* ]] || bin=$2/$bin
	printf '%s\n' "$bin"
}

# soak_seed: the convergence suite's seed, CONTIO_SOAK_SEED when set, else a
# fresh one, which the caller prints so that a failure can be replayed.
soak_seed() {
	printf '%s\n' "${CONTIO_SOAK_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}"
}
