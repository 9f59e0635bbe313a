# shellcheck shell=bash
# Sourced by the scripts and make targets that run Terraform: which CLIs the
# project tests with and where they are, .tools/bin first on PATH (tfplugindocs
# exports the schema with the terraform it finds there, and tries to download
# one without it, which fails offline), and a CLI configuration file that exists
# (the environment may name one that does not, and Terraform then warns on every
# command).
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# The CLI versions the provider is tested with; scripts/install-tools.sh builds
# them into .tools/bin, and .github/workflows/test.yml installs the same ones
# (scripts/check-workflows.sh checks that they agree).
TF_VERSION_OLDEST=1.5.7  # the oldest Terraform the provider supports
TF_VERSION_NEWEST=1.14.9 # the newest Terraform
TOFU_VERSION=1.12.6      # OpenTofu

# The acceptance matrix (scripts/testacc.sh, make testacc): one binary per CLI
# version, colon-separated like PATH.
export TF_MATRIX="$root/.tools/bin/terraform-$TF_VERSION_OLDEST:$root/.tools/bin/terraform-$TF_VERSION_NEWEST:$root/.tools/bin/tofu-$TOFU_VERSION"

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
