#!/usr/bin/env bash
# Packages every published crate as crates.io would receive it, then runs the
# unpacked runtime's tests (unit, integration and doc tests, all features) with
# its errspec dependencies taken from the packages too, so a test that reads a
# file outside the crate fails here rather than after publishing.
# Usage: scripts/package_check.sh   (needs the crates.io registry)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo package --quiet --locked --allow-dirty \
    -p errspec-table -p errspec-codegen -p errspec-macros -p errspec -p errspec-cli
packages="$target/package"
version=$(cargo metadata --format-version 1 --no-deps \
    | sed -n 's/.*"name":"errspec","version":"\([^"]*\)".*/\1/p')
runtime="$packages/errspec-$version"
patch=()
for crate in errspec-table errspec-codegen errspec-macros; do
    patch+=(--config "patch.crates-io.$crate.path=\"$packages/$crate-$version\"")
done
# The unpacked crate has no lock file of its own; reuse the workspace's.
cp Cargo.lock "$runtime/Cargo.lock"
log="$packages/runtime-test.log"
if ! (cd "$runtime" && CARGO_TARGET_DIR="$packages/test-target" \
    cargo test --all-features "${patch[@]}" >"$log" 2>&1); then
    cat "$log" >&2
    echo "package check: the unpacked runtime's tests fail (above)" >&2
    exit 1
fi
grep '^test result' "$log"
echo "package check: every crate packages, and the unpacked runtime's tests pass"
