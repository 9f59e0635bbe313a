#!/usr/bin/env bash
# The release's checksum files besides the registry's signed SHA256SUMS, which
# must list the provider archives and the manifest and nothing else:
#   contio-emulator_<version>_checksums.sha256          the contio-emulator archives and image
#   terraform-provider-contio_<version>_sboms.sha256    the SBOMs
# Neither name ends in SHA256SUMS, so no registry takes them for its own. The
# release workflow uploads them; scripts/check-release.sh checks them.
#
#   scripts/release-checksums.sh DIST VERSION   # writes them in DIST, prints their names
set -euo pipefail
dist=$1 version=$2
cd "$dist"
shopt -s nullglob

# sums FILE PATH...: FILE lists the PATHs' SHA-256, and there are some.
sums() {
	local file=$1
	shift
	[ $# -gt 0 ] || { echo "release-checksums: nothing to list in $file (in $dist)" >&2; exit 1; }
	sha256sum -- "$@" >"$file"
	echo "$file"
}
sums "contio-emulator_${version}_checksums.sha256" "contio-emulator_${version}_"*.tar.gz "contio-emulator_${version}_"*.zip \
	"contio-emulator_${version}_"*.tar
sums "terraform-provider-contio_${version}_sboms.sha256" *.sbom.json
