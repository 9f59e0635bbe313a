# Sourced by the scripts that run Terraform: where the CLIs are, and a CLI
# configuration file that exists (the environment may name one that does not,
# and Terraform then warns on every command).
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export TF_BIN="$root/.tools/bin/terraform"
export TOFU_BIN="$root/.tools/bin/tofu"
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
	export TF_CLI_CONFIG_FILE="$root/.tools/terraformrc"
	[ -f "$TF_CLI_CONFIG_FILE" ] || : >"$TF_CLI_CONFIG_FILE"
fi
export CHECKPOINT_DISABLE=1
