#!/usr/bin/env bash
# Fails when docs/ is not what `go generate ./...` makes of the schema,
# examples/ and templates/, or when tfplugindocs finds the docs invalid.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh
go generate ./...
if [ -n "$(git status --porcelain -- docs templates)" ]; then
	git status --porcelain -- docs templates
	git --no-pager diff -- docs templates | head -n 60
	echo "docs/ is out of date: run 'make generate' and commit the result" >&2
	exit 1
fi
go tool -modfile=tools/go.mod tfplugindocs validate --provider-name contio
