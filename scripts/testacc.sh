#!/usr/bin/env bash
# The acceptance tests (TF_ACC=1, every TestAcc* under internal/) through each
# CLI of the matrix in scripts/cli-env.sh (TF_MATRIX: the oldest Terraform the
# provider supports, the first with actions and terraform query, the newest, and
# OpenTofu), and in addition through a terraform on PATH outside .tools whose
# version is none of those. Prints a summary line per CLI and fails if any CLI
# failed.
#
#   scripts/testacc.sh          # the matrix (make testacc; scripts/install-tools.sh first)
#   scripts/testacc.sh BIN...   # only these CLIs (make testacc CLI=BIN; scripts/test.sh
#                               # acceptance BIN...: on GitHub, the one setup-* installed).
#                               # A bare name is looked up with .tools/bin first on PATH.
set -euo pipefail
caller=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

# path_terraform: the first terraform on PATH outside .tools, if any.
path_terraform() {
	local dir real tools IFS=:
	tools=$(cd "$root/.tools" 2>/dev/null && pwd -P || printf '%s' "$root/.tools")
	for dir in $PATH; do
		if [ -z "$dir" ] || [ ! -d "$dir" ]; then continue; fi
		real=$(cd "$dir" && pwd -P)
		case "$real/" in "$tools/"* | "$root/.tools/"*) continue ;; esac
		if [ -f "$dir/terraform" ] && [ -x "$dir/terraform" ]; then
			printf '%s\n' "$dir/terraform"
			return
		fi
	done
}

clis=()
if [ $# -gt 0 ]; then
	for bin in "$@"; do
		clis+=("$(cli_path "$bin" "$caller")")
	done
else
	IFS=: read -r -a clis <<<"$TF_MATRIX"
	extra=$(path_terraform)
	if [ -n "$extra" ]; then
		extra_version=$(version_line "$extra")
		in_matrix=
		for bin in "${clis[@]}"; do
			if [ "$(version_line "$bin")" = "$extra_version" ]; then in_matrix=$bin; break; fi
		done
		if [ -z "$in_matrix" ]; then
			clis+=("$extra")
		else
			printf 'testacc: %s is %s, as %s: not run twice\n' "$extra" "$extra_version" "${in_matrix#"$root/"}"
		fi
	fi
fi

summary=()
failed=0
for bin in "${clis[@]}"; do
	name=${bin#"$root/"}
	line=$(version_line "$bin")
	if [ -z "$line" ]; then
		printf '\n==> %s: not a Terraform or OpenTofu CLI, or not installed (scripts/install-tools.sh)\n' "$name"
		summary+=("$(printf 'FAIL  %-20s %5s  %s (missing)' '?' '-' "$name")")
		failed=$((failed + 1))
		continue
	fi
	host=$(provider_host "$line")
	printf '\n==> %s (%s)\n' "$line" "$name"
	# The convergence suite's seed, fresh per CLI unless given, printed here
	# since go test shows a passing test's log only with -v.
	seed=$(soak_seed)
	printf 'convergence suite: CONTIO_SOAK_SEED=%s (replay: make soak SEED=%s N=%s)\n' "$seed" "$seed" "${CONTIO_SOAK_N:-10}"
	start=$SECONDS
	# Not go test's default 10m: internal/e2e alone takes 3.5 to 8 minutes
	# on 2 shared cores. internal/e2e bounds its own CLI runs (cmdTimeout, 3
	# minutes; a workflow step, stepTimeout, 10); terraform-plugin-testing's
	# runs in internal/provider have no bound but this one.
	if TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" TF_ACC_PROVIDER_HOST=$host CONTIO_SOAK_SEED=$seed \
		go test -race -count=1 -timeout 30m -run '^TestAcc' ./internal/...; then
		result=ok
	else
		result=FAIL
		failed=$((failed + 1))
	fi
	summary+=("$(printf '%-5s %-20s %4ds  %s' "$result" "$line" $((SECONDS - start)) "$name")")
done

printf '\n==> acceptance tests per CLI\n'
printf '%s\n' "${summary[@]}"
printf 'matrix: %d passed, %d failed\n' $((${#clis[@]} - failed)) "$failed"
[ "$failed" -eq 0 ]
