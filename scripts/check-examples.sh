#!/usr/bin/env bash
# Every example is formatted (terraform fmt -check). Validation runs in the
# acceptance stage, on every CLI of the matrix that supports what each example
# uses: TestAccExamples and TestAccSnippets (internal/e2e/snippets_test.go),
# the latter for every snippet of README.md and docs/ too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh

"$TF_BIN" fmt -check -recursive -diff examples
