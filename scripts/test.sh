#!/usr/bin/env bash
# The README's test command, and exactly what CI runs (.ci/run): installs what
# it needs on a fresh clone, then runs every check the project keeps.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

export CHECKPOINT_DISABLE=1
step "tools (Terraform and OpenTofu CLIs in .tools/bin)"
scripts/install-tools.sh
source scripts/cli-env.sh

step "go vet"
go vet ./...

step "lint (golangci-lint)"
go tool golangci-lint run ./...

step "unit tests, with the race detector (acceptance tests run below)"
go test -race -count=1 -skip '^TestAcc' ./...

step "acceptance tests: $("$TF_BIN" version | sed -n 's/^\(Terraform v[0-9.]*\).*/\1/p' | head -n1)"
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$TF_BIN" go test -race -count=1 -run '^TestAcc' ./internal/provider/...

step "acceptance tests: $("$TOFU_BIN" version | sed -n 's/^\(OpenTofu v[0-9.]*\).*/\1/p' | head -n1)"
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$TOFU_BIN" TF_ACC_PROVIDER_HOST=registry.opentofu.org \
	go test -race -count=1 -run '^TestAcc' ./internal/provider/...

step "docs are generated and current"
scripts/check-docs.sh

step "examples: terraform fmt and validate"
scripts/check-examples.sh

step "release config: goreleaser check"
scripts/check-release.sh

step "the seed's curl examples against a running contio-emulator"
scripts/seed-examples.sh

step "demo (make demo)"
go run ./scripts/demo

printf '\nAll checks passed.\n'
