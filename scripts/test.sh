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

step "go vet"
go vet ./...

step "lint (golangci-lint)"
make --no-print-directory lint

step "unit tests, with the race detector (acceptance tests run below)"
make --no-print-directory unit

step "acceptance tests through the Terraform CLI, then the OpenTofu CLI"
make --no-print-directory testacc

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
