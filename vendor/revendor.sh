#!/usr/bin/env bash
# The vendored sqlx crates are crates.io's, unchanged but for vendor/patches/*.diff.
#
#   vendor/revendor.sh 0.9.0          re-vendor sqlx-core, sqlx-postgres, sqlx-mysql of that
#                                     version: download (or take cargo's cache), check each
#                                     crate's sha256 against the crates.io index, unpack, apply
#                                     the patches (on a new version, fix a patch that no longer
#                                     applies and refresh it with --refresh)
#   vendor/revendor.sh --check        the vendored tree must equal pristine + patches (CI)
#   vendor/revendor.sh --refresh      rewrite the patches from the vendored tree
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
crates=(sqlx-core sqlx-postgres sqlx-mysql)
version_of() { sed -n 's/^version = "\(.*\)"$/\1/p' "$here/$1/Cargo.toml" | head -1; }

# pristine <crate> <version> <dir>: the crate as crates.io publishes it, checked, unpacked in dir
pristine() {
    local crate=$1 version=$2 dir=$3 file
    file="$(ls "$HOME"/.cargo/registry/cache/*/"$crate-$version.crate" 2>/dev/null | head -1 || true)"
    if [ -z "$file" ]; then
        file="$dir/$crate-$version.crate"
        curl -sSfL -o "$file" "https://static.crates.io/crates/$crate/$crate-$version.crate"
    fi
    local prefix="${crate:0:2}/${crate:2:2}"
    local want
    want="$(curl -sSfL "https://index.crates.io/$prefix/$crate" | python3 -c '
import json, sys
version = sys.argv[1]
for line in sys.stdin:
    entry = json.loads(line)
    if entry["vers"] == version:
        print(entry["cksum"])
' "$version")"
    local got
    got="$(sha256sum "$file" | cut -d' ' -f1)"
    if [ -z "$want" ] || [ "$got" != "$want" ]; then
        echo "revendor: $crate $version: sha256 $got, the crates.io index says '$want'" >&2
        exit 1
    fi
    tar xzf "$file" -C "$dir"
    # cargo's packaging files, not sources
    rm -f "$dir/$crate-$version/.cargo_vcs_info.json" "$dir/$crate-$version/Cargo.lock" \
        "$dir/$crate-$version/Cargo.toml.orig"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "${1:-}" in
--check)
    for crate in "${crates[@]}"; do
        version="$(version_of "$crate")"
        pristine "$crate" "$version" "$work"
        patch -s -p1 -d "$work/$crate-$version" < "$here/patches/$crate.diff"
        if ! diff -r "$work/$crate-$version" "$here/$crate" > "$work/diff.txt"; then
            echo "vendor/$crate is not crates.io's $crate $version plus vendor/patches/$crate.diff:" >&2
            head -40 "$work/diff.txt" >&2
            exit 1
        fi
        echo "vendor/$crate: crates.io's $version plus $(grep -c '^@@' "$here/patches/$crate.diff") patched hunks"
    done
    ;;
--refresh)
    for crate in "${crates[@]}"; do
        version="$(version_of "$crate")"
        pristine "$crate" "$version" "$work"
        (cd "$work" && mv "$crate-$version" a && cp -r "$here/$crate" b &&
            diff -ruN a b > "$here/patches/$crate.diff" || true)
        rm -rf "$work/a" "$work/b"
        echo "vendor/patches/$crate.diff refreshed"
    done
    ;;
[0-9]*)
    version=$1
    for crate in "${crates[@]}"; do
        pristine "$crate" "$version" "$work"
        patch -p1 -d "$work/$crate-$version" < "$here/patches/$crate.diff"
        rm -rf "${here:?}/$crate"
        mv "$work/$crate-$version" "$here/$crate"
        echo "vendor/$crate: $version, patched"
    done
    ;;
*)
    sed -n '2,11p' "$0"
    exit 2
    ;;
esac
