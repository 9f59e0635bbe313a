#!/usr/bin/env bash
# The convergence suite (internal/e2e, TestAccConvergence) with as many
# scenarios as asked, on each CLI of the matrix (or the CLIs given):
#
#   make soak N=300 SEED=1234        # scripts/soak.sh with CONTIO_SOAK_N / CONTIO_SOAK_SEED
#   scripts/soak.sh .tools/bin/tofu-1.12.6
#
# Without SEED each run draws a fresh seed and prints it, so a failure replays.
set -euo pipefail
caller=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

clis=()
for bin in "$@"; do
	clis+=("$(cli_path "$bin" "$caller")")
done
[ ${#clis[@]} -gt 0 ] || IFS=: read -r -a clis <<<"$TF_MATRIX"
export CONTIO_SOAK_N=${N:-${CONTIO_SOAK_N:-10}}
[ -z "${SEED:-}" ] || export CONTIO_SOAK_SEED=$SEED

# A renamed suite must fail here, not pass as "no tests to run".
# (The list is read whole first: grep -q would stop reading at its match, and
# go test, cut off by SIGPIPE, would fail the pipeline under pipefail.)
listed=$(go test -list '^TestAccConvergence$' ./internal/e2e/)
grep -qx TestAccConvergence <<<"$listed" ||
	{ echo "soak: internal/e2e has no TestAccConvergence" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for cli in "${clis[@]}"; do
	line=$(version_line "$cli")
	host=$(provider_host "$line")
	seed=$(soak_seed)
	printf 'soak: %s, %s scenarios per variant, CONTIO_SOAK_SEED=%s\n' "$line" "$CONTIO_SOAK_N" "$seed"
	status=0
	TF_ACC=1 TF_ACC_TERRAFORM_PATH=$cli TF_ACC_PROVIDER_HOST=$host CONTIO_SOAK_SEED=$seed \
		go test -count=1 -timeout 0 -v -run '^TestAccConvergence$' ./internal/e2e/ >"$log" 2>&1 || status=$?
	grep -E '^(--- |ok|FAIL|PASS)|seed' "$log" || true
	if [ "$status" -ne 0 ]; then
		cat "$log"
		echo "soak: failed on $cli" >&2
		exit 1
	fi
done
