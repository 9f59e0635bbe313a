#!/usr/bin/env bash
# .goreleaser.yml is valid for the goreleaser version the project pins, the
# registry manifest declares protocol 6.0, and a release made with it (for this
# machine's platform, neither signed nor published) has the layout the release
# workflow and the registries expect: an SBOM per archive, a SHA256SUMS that
# lists the provider archives and the manifest and nothing else (the Terraform
# Registry rejects a release whose SHA256SUMS names other files), and the
# contio-emulator archives, built for the provider's platforms with the
# release's version, and its container image (tools/emulator-image, whose test
# runs here), with a checksum file of their own that verifies them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh # .tools/bin first on PATH; on GitHub, goreleaser-action's
goreleaser check

# platforms KEY BUILD_ID: the KEY (goos, goarch) list of the build BUILD_ID.
platforms() {
	awk -v key="$1" -v id="$2" '
		/^builds:/ { in_builds = 1; next }
		in_builds && /^[^ #]/ { exit }
		in_builds && /^  - id: / { this = ($3 == id); list = 0; next }
		this && $0 ~ "^    " key ":$" { list = 1; next }
		this && list && /^ +- / { print $2; next }
		{ list = 0 }' .goreleaser.yml
}
for key in goos goarch; do
	provider=$(platforms "$key" provider) emulator=$(platforms "$key" emulator)
	if [ -z "$provider" ] || [ "$provider" != "$emulator" ]; then
		printf 'release: the emulator build'"'"'s %s (%s) must be the provider'"'"'s (%s)\n' \
			"$key" "$(echo $emulator)" "$(echo $provider)" >&2
		exit 1
	fi
done
grep -q '"protocol_versions": \["6.0"\]' terraform-registry-manifest.json ||
	{ echo "terraform-registry-manifest.json must declare protocol 6.0" >&2; exit 1; }

# goreleaser releases a tagged commit: release a copy of the working tree (what
# is committed and what is not yet) as a commit tagged v0.0.0, built for this
# machine's platform only (goreleaser release has no --single-target, so the
# copy's goos and goarch lists are cut to it). syft is stood in for by a script
# that writes an empty SPDX document: this checks which files the release has,
# not what an SBOM says.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
mkdir "$src"
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ ! -e "$f" ] || printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$src"
awk -v os="$(go env GOOS)" -v arch="$(go env GOARCH)" '
	/^ *goos:$/ { print; print "      - " os; skip = 1; next }
	/^ *goarch:$/ { print; print "      - " arch; skip = 1; next }
	skip && /^ *- / { next }
	{ skip = 0; print }' .goreleaser.yml >"$src/.goreleaser.yml"
mkdir "$tmp/bin"
cat >"$tmp/bin/syft" <<'SYFT'
#!/bin/sh
# syft ARTIFACT --output spdx-json=DOCUMENT ...: write DOCUMENT.
for arg; do case $arg in spdx-json=*) printf '{"spdxVersion":"SPDX-2.3"}\n' >"${arg#spdx-json=}" ;; esac; done
SYFT
chmod +x "$tmp/bin/syft"
(
	cd "$src"
	git init -q && git add -A &&
		git -c user.name=check -c user.email=check@localhost commit -qm check && git tag v0.0.0 &&
		git remote add origin https://github.com/contio/terraform-provider-contio.git # read, never fetched
	PATH="$tmp/bin:$PATH" goreleaser release --clean --skip=before,publish,sign,announce \
		>"$tmp/goreleaser.log" 2>&1
) || { cat "$tmp/goreleaser.log" >&2; echo "release: goreleaser release failed" >&2; exit 1; }

dist=$src/dist
# The emulator's image, from the linux binaries goreleaser made, as the release workflow builds it.
go run -C tools/emulator-image . -dist "$dist" -version 0.0.0 -out "$dist/contio-emulator_0.0.0_oci.tar" ||
	{ echo "release: tools/emulator-image failed" >&2; exit 1; }
(cd tools/emulator-image && go test -count=1 ./...) || { echo "release: tools/emulator-image's test failed" >&2; exit 1; }
name=terraform-provider-contio_0.0.0
status=0
fail() { printf 'release: %s\n' "$*" >&2; status=1; }

sums=$(cut -d' ' -f3- "$dist/${name}_SHA256SUMS" | sort)
want=$(cd "$dist" && { ls -- "${name}"_*.zip; echo "${name}_manifest.json"; } | sort)
[ "$sums" = "$want" ] ||
	fail "$(printf '%s_SHA256SUMS lists\n%s\nwant the provider archives and the manifest only:\n%s' "$name" "$sums" "$want")"
shopt -s nullglob
archives=("$dist"/*.zip "$dist"/*.tar.gz)
for archive in "${archives[@]}"; do
	[ -s "$archive.sbom.json" ] || fail "no SBOM for ${archive##*/}"
done

# The emulator: an archive for this platform holding contio-emulator built
# with the release's version, and a checksum file that verifies every emulator
# archive and lists nothing else.
emulator=$(cd "$dist" && for f in contio-emulator_0.0.0_*.tar.gz contio-emulator_0.0.0_*.zip contio-emulator_0.0.0_*.tar; do echo "$f"; done | sort)
host=contio-emulator_0.0.0_$(go env GOOS)_$(go env GOARCH)
[ -f "$dist/$host.tar.gz" ] || [ -f "$dist/$host.zip" ] || fail "no emulator archive $host.tar.gz (or .zip) in: $(cd "$dist" && echo *)"
extra=$(scripts/release-checksums.sh "$dist" 0.0.0) || fail "scripts/release-checksums.sh failed"
emulator_sums=contio-emulator_0.0.0_checksums.sha256
if [ -f "$dist/$emulator_sums" ]; then
	listed=$(cut -d' ' -f3- "$dist/$emulator_sums" | sort)
	[ -n "$emulator" ] && [ "$listed" = "$emulator" ] ||
		fail "$(printf '%s lists\n%s\nwant the emulator archives and image:\n%s' "$emulator_sums" "$listed" "$emulator")"
	(cd "$dist" && sha256sum --quiet -c "$emulator_sums") || fail "$emulator_sums does not verify the emulator's files"
else
	fail "no $emulator_sums"
fi
grep -q 'contio-emulator' "$dist/${name}_SHA256SUMS" && fail "${name}_SHA256SUMS lists emulator archives"
if [ -f "$dist/$host.tar.gz" ]; then
	mkdir "$tmp/unpacked"
	tar -xzf "$dist/$host.tar.gz" -C "$tmp/unpacked"
	[ -f "$tmp/unpacked/README.md" ] && [ -f "$tmp/unpacked/LICENSE" ] || fail "$host.tar.gz lacks README.md or LICENSE"
	# -X main.version, which -trimpath keeps out of the build info: ask the binary.
	version=$("$tmp/unpacked/contio-emulator" --version 2>&1) || true
	[[ $version == *0.0.0* ]] || fail "$host.tar.gz: contio-emulator --version says '$version', want 0.0.0"
fi

[ "$status" -eq 0 ] && printf 'release: %s\n' "$(cd "$dist" && echo *.zip *.tar.gz *.tar *.sbom.json "${name}_SHA256SUMS" $extra)"
exit "$status"
