#!/usr/bin/env bash
# .goreleaser.yml is valid for the goreleaser version the project pins, the
# registry manifest declares protocol 6.0, and a release made with it (for this
# machine's platform, neither signed nor published) has the layout the release
# workflow and the registries expect: an SBOM per archive, and a SHA256SUMS
# that lists the archives and the manifest and nothing else. The Terraform
# Registry rejects a release whose SHA256SUMS names other files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/cli-env.sh # .tools/bin first on PATH; on GitHub, goreleaser-action's
goreleaser check
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
name=terraform-provider-contio_0.0.0
sums=$(cut -d' ' -f3- "$dist/${name}_SHA256SUMS" | sort)
want=$(cd "$dist" && { ls -- *.zip; echo "${name}_manifest.json"; } | sort)
status=0
if [ "$sums" != "$want" ]; then
	printf 'release: %s_SHA256SUMS lists\n%s\nwant the archives and the manifest only:\n%s\n' "$name" "$sums" "$want" >&2
	status=1
fi
for zip in "$dist"/*.zip; do
	[ -s "$zip.sbom.json" ] || { echo "release: no SBOM for ${zip##*/}" >&2; status=1; }
done
[ "$status" -eq 0 ] && printf 'release: %s\n' "$(cd "$dist" && echo *.zip *.sbom.json "${name}_SHA256SUMS")"
exit "$status"
