#!/usr/bin/env bash
# .goreleaser.yml is valid for the goreleaser version the project pins, and the
# registry manifest declares protocol 6.0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh # .tools/bin first on PATH; on GitHub, goreleaser-action's
goreleaser check
grep -q '"protocol_versions": \["6.0"\]' terraform-registry-manifest.json ||
	{ echo "terraform-registry-manifest.json must declare protocol 6.0" >&2; exit 1; }
