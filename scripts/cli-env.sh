# Sourced by the scripts and make targets that run Terraform: where the CLIs
# are, .tools/bin first on PATH (tfplugindocs exports the schema with the
# terraform it finds there, and tries to download one without it, which fails
# offline), and a CLI configuration file that exists (the environment may name
# one that does not, and Terraform then warns on every command).
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export TF_BIN="$root/.tools/bin/terraform"
export TOFU_BIN="$root/.tools/bin/tofu"
export PATH="$root/.tools/bin:$PATH"
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ ! -f "$TF_CLI_CONFIG_FILE" ]; then
	export TF_CLI_CONFIG_FILE="$root/.tools/terraformrc"
	[ -f "$TF_CLI_CONFIG_FILE" ] || : >"$TF_CLI_CONFIG_FILE"
fi
export CHECKPOINT_DISABLE=1
