#!/usr/bin/env bash
# Runs each cargo-fuzz target for a fixed time (default 60 s) on plain stable
# Rust, without a sanitizer, from the checked-in corpus (new inputs go to a
# scratch directory). The seed is fixed, so a failure in CI replays the same way.
# Installs cargo-fuzz when it is missing. Usage: scripts/fuzz.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$root"
for target in spec_loader classify; do
    mkdir -p "$scratch/$target" "fuzz/artifacts/$target"
    cargo fuzz build -s none "$target"
    log="$scratch/$target.log"
    if ! cargo fuzz run -s none "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=4096 -seed=1 \
        -artifact_prefix="fuzz/artifacts/$target/" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $target failed (above); the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^Done' "$log" || true
    echo "fuzz: $target ran ${seconds}s without a crash"
done
