#!/usr/bin/env bash
# Puts real single CT slices under test-studies/generated/real-slices/ (not committed: fetched and decoded, not kept),
# as uncompressed explicit VR little endian Part 10 files, for in-plane training material (README.md, "Real slices").
#   test-studies/fetch-real-slices.sh           does nothing when the slices are already there
#   test-studies/fetch-real-slices.sh --force   fetches and decodes again
# Needs npm (it fetches ami.js@0.33.0 from the npm registry) and gdcmconv (Debian libgdcm-tools: MELANIX.dcm is
# JPEG 2000, which neither PixelMed nor dcmtk decode here).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test-studies/generated/real-slices
PACKAGE=ami.js@0.33.0
# npm's dist.integrity for ami.js@0.33.0 (sha512-IRdFPAvFP2W0JCtSaANYBuMggMUOEx1Y+IO9Ll8cVfCpgRG7AvLCcuEKT6jJAchXQ6Cmrjg4eKs7JoGVVghMWQ==),
# as hex: pinned here so that a changed tarball fails even if the registry says otherwise.
TARBALL_SHA512=2117453c0bc53f65b4242b5268035806e32080c50e131d58f883bd2e5f1c55f0a98111bb02f2c272e10a4fa8c901c85743a0a6ae383878ab3b26819556084c59
# Source file in the tarball -> file written here.
declare -A SLICES=(
    [package/data/dicom/ser002img00001-16-signed.dcm]=ami-head-ct.dcm
    [package/data/dicom/MELANIX.dcm]=ami-melanix-ct.dcm
)

die() { echo "fetch-real-slices: $*" >&2; exit 1; }

complete() {
    [[ -f $OUT/SOURCES.txt ]] || return 1
    for name in "${SLICES[@]}"; do
        [[ -f $OUT/$name ]] || return 1
    done
}

[[ $# -eq 0 || ($# -eq 1 && $1 == --force) ]] || die "usage: $0 [--force]"
if [[ $# -eq 0 ]] && complete; then
    echo "fetch-real-slices: $OUT is complete (--force fetches again)"
    exit 0
fi
command -v npm >/dev/null || die "npm not found: install Debian package npm (or Node.js with npm)"
command -v gdcmconv >/dev/null || die "gdcmconv not found: install Debian package libgdcm-tools"
command -v sha512sum >/dev/null || die "sha512sum not found: install Debian package coreutils"

tmp=$(mktemp -d)
# Staged next to $OUT so that the final mv is a rename, never a half-done copy.
mkdir -p "$(dirname "$OUT")"
stage=$(mktemp -d "$(dirname "$OUT")/.real-slices.XXXXXX")
trap 'rm -rf "$tmp" "$stage"' EXIT
chmod 755 "$stage"

if ! npm pack "$PACKAGE" --pack-destination "$tmp" --silent >"$tmp/npm.log" 2>&1; then
    die "npm pack $PACKAGE failed (is the npm registry reachable?):"$'\n'"$(tail -20 "$tmp/npm.log")"
fi
tarball=$(find "$tmp" -maxdepth 1 -name '*.tgz' -print -quit)
[[ -n $tarball ]] || die "npm pack $PACKAGE wrote no tarball:"$'\n'"$(tail -20 "$tmp/npm.log")"
actual=$(sha512sum "$tarball" | cut -d' ' -f1)
[[ $actual == "$TARBALL_SHA512" ]] || die "$(basename "$tarball") has SHA-512 $actual, expected $TARBALL_SHA512: not the pinned ami.js 0.33.0"

tar -xzf "$tarball" -C "$tmp" package/LICENSE package/package.json "${!SLICES[@]}" \
    || die "$(basename "$tarball") lacks one of: ${!SLICES[*]}"

for src in "${!SLICES[@]}"; do
    name=${SLICES[$src]}
    # --raw: decompress (JPEG 2000 for MELANIX) and write explicit VR little endian (the head slice is big endian).
    gdcmconv --raw "$tmp/$src" "$stage/$name" 2>"$tmp/gdcm.log" \
        || die "gdcmconv --raw $(basename "$src") failed:"$'\n'"$(cat "$tmp/gdcm.log")"
    ts=$(gdcminfo "$stage/$name" | sed -n 's/^TransferSyntax is \([0-9.]*\).*/\1/p')
    [[ $ts == 1.2.840.10008.1.2.1 ]] || die "$name: gdcmconv wrote transfer syntax '$ts', expected 1.2.840.10008.1.2.1"
done

cat >"$stage/SOURCES.txt" <<EOF
Made by test-studies/fetch-real-slices.sh; do not edit. Licences: test-studies/README.md ("Real slices").
Source: npm package $PACKAGE (SHA-512 $TARBALL_SHA512), package.json licence "$(sed -n 's/^ *"license": *"\([^"]*\)".*/\1/p' "$tmp/package/package.json")",
LICENSE file: $(head -1 "$tmp/package/LICENSE").
Decoded with $(gdcmconv --version 2>&1 | head -1 | sed 's/ \$Date\$//') --raw.
EOF
for src in "${!SLICES[@]}"; do
    echo "${SLICES[$src]} <- $src (SHA-256 $(sha256sum "$tmp/$src" | cut -d' ' -f1))" >>"$stage/SOURCES.txt"
done

# Replace the whole folder at once, so a failed run never leaves half of it.
rm -rf "$OUT"
mv "$stage" "$OUT"
echo "fetch-real-slices: wrote ${SLICES[*]} under $OUT"
