#!/usr/bin/env bash
# The README's test command, and exactly what CI runs (.ci/run): installs what
# it needs on a fresh clone, then runs every check the project keeps. The GitHub
# workflow (.github/workflows/test.yml) runs the same steps, with the CLIs from
# setup-terraform and setup-opentofu and one job per CLI for the acceptance
# tests and the demo: change both together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

export CHECKPOINT_DISABLE=1
step "tools (Terraform and OpenTofu CLIs, goreleaser in .tools/bin)"
scripts/install-tools.sh

step "go.mod and tools/go.mod are tidy"
go mod tidy -diff
(cd tools && go mod tidy -diff)

step "go vet"
go vet ./...

step "lint (golangci-lint)"
make --no-print-directory lint

step "unit tests, with the race detector (acceptance tests run below)"
make --no-print-directory unit

step "fuzz targets, briefly each, on top of their committed corpora"
scripts/fuzz.sh

step "acceptance tests through each CLI of the matrix (Terraform 1.5.7 and 1.14.9, OpenTofu 1.12.6)"
make --no-print-directory testacc

step "docs are generated and current"
scripts/check-docs.sh

step "examples: terraform fmt and validate"
scripts/check-examples.sh

step "GitHub workflows: actionlint, and on the pinned versions"
make --no-print-directory actionlint

step "release config: goreleaser check"
scripts/check-release.sh

step "the curl examples of Contio's Webhook Management page against a running contio-emulator"
scripts/seed-examples.sh

step "demo (make demo), on each CLI of the matrix"
source scripts/cli-env.sh
IFS=: read -r -a clis <<<"$TF_MATRIX"
for cli in "${clis[@]}"; do
	TF_BIN=$cli go run ./scripts/demo
done

printf '\nAll checks passed.\n'
