#!/usr/bin/env bash
# Every example is formatted (terraform fmt -check) and valid (terraform
# validate against the provider built from this tree, via dev_overrides).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

"$TF_BIN" fmt -check -recursive -diff examples

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/terraform-provider-contio" .
cat >"$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/contio/contio" = "$tmp/bin"
  }
  direct {}
}
RC

# A copy of the whole tree, so that examples calling a module by a relative
# path (examples/many-apps) find it; `get` installs such modules (validate
# needs them installed, and `init` would look for the provider in a registry).
mkdir -p "$tmp/work"
cp -r examples "$tmp/work/"
status=0
for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
	work="$tmp/work/$dir"
	# Snippets for the docs leave out required_providers; give them one.
	if ! grep -q required_providers "$work"/*.tf; then
		printf 'terraform {\n  required_providers {\n    contio = { source = "contio/contio" }\n  }\n}\n' >"$work/zz_required_providers.tf"
	fi
	if out=$(cd "$work" && { ! grep -q '^module ' ./*.tf || "$TF_BIN" get -no-color >/dev/null; } &&
		TF_CLI_CONFIG_FILE="$tmp/terraformrc" "$TF_BIN" validate -no-color 2>&1); then
		echo "ok    $dir"
	else
		echo "FAIL  $dir"
		echo "$out" | grep -v -e 'Provider development overrides' -e '^│ *$' | sed 's/^/      /'
		status=1
	fi
done
exit $status
