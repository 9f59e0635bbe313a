#!/usr/bin/env bash
# make install: builds the provider from this tree and puts it where
# `terraform init` and `tofu init` look for providers with no CLI
# configuration, ~/.terraform.d/plugins (each CLI's implied local mirror), as
# contio/contio LOCAL_VERSION under both registries' address. A version
# without a pre-release suffix is selected by a configuration that names no
# version. Until the first release; it shadows the registry for contio/contio
# while it is there (remove ~/.terraform.d/plugins/*/contio to undo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${LOCAL_VERSION:-0.0.1}
platform=$(go env GOOS)_$(go env GOARCH)
name=terraform-provider-contio_v$version
plugins=$HOME/.terraform.d/plugins

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
(cd "$root" && go build -ldflags "-X main.version=$version" -o "$build/$name" .)
for host in registry.terraform.io registry.opentofu.org; do
	dir=$plugins/$host/contio/contio/$version/$platform
	mkdir -p "$dir"
	cp "$build/$name" "$dir/$name.tmp"
	mv "$dir/$name.tmp" "$dir/$name"
	printf 'install: %s\n' "${dir/#$HOME/\~}/$name"
done
printf 'install: contio/contio %s for Terraform and OpenTofu; terraform init (or tofu init) installs it from there\n' "$version"
