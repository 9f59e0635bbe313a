#!/usr/bin/env bash
# The convergence suite (internal/e2e, TestAccConvergence) with as many
# scenarios as asked, on each CLI of the matrix (or the CLIs given):
#
#   make soak N=300 SEED=1234        # scripts/soak.sh with CONTIO_SOAK_N / CONTIO_SOAK_SEED
#   scripts/soak.sh .tools/bin/tofu-1.12.6
#
# Without SEED each run draws a fresh seed and prints it, so a failure replays.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

clis=("$@")
[ ${#clis[@]} -gt 0 ] || IFS=: read -r -a clis <<<"$TF_MATRIX"
export CONTIO_SOAK_N=${N:-${CONTIO_SOAK_N:-10}}
[ -z "${SEED:-}" ] || export CONTIO_SOAK_SEED=$SEED

# A renamed suite must fail here, not pass as "no tests to run".
go test -list '^TestAccConvergence$' ./internal/e2e/ | grep -qx TestAccConvergence ||
	{ echo "soak: internal/e2e has no TestAccConvergence" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for cli in "${clis[@]}"; do
	host=
	case "$("$cli" version 2>/dev/null | head -n1)" in OpenTofu*) host=registry.opentofu.org ;; esac
	printf 'soak: %s, %s scenarios per variant\n' "$("$cli" version 2>/dev/null | grep -m1 -E '^(Terraform|OpenTofu) v')" "$CONTIO_SOAK_N"
	status=0
	TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli TF_ACC_PROVIDER_HOST=$host \
		go test -count=1 -timeout 0 -v -run '^TestAccConvergence$' ./internal/e2e/ >"$log" 2>&1 || status=$?
	grep -E '^(--- |ok|FAIL|PASS)|seed' "$log" || true
	if [ "$status" -ne 0 ]; then
		cat "$log"
		echo "soak: failed on $cli" >&2
		exit 1
	fi
done
