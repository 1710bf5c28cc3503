#!/usr/bin/env bash
# Compile cost of errspec's generated code at 10,000 codes, against the same API
# written as plain `match`es (issue 6), measured in one run.
#
# Three throwaway crates, each with its own CARGO_TARGET_DIR:
#   generated_codes  errspec's output for the 10,000-code scale spec, no endpoints
#   plain_codes      the same Category/Code API (parse, as_str, is_known, category,
#                    statuses, description) as plain matches, same variant names
#   generated_full   errspec's output for the 10,000-code, 1,000-endpoint spec
# For each: dependencies are built first (with an empty lib.rs), then the real
# lib.rs goes in and only the crate itself is timed, `cargo check` and
# `cargo build --release`, with CARGO_INCREMENTAL=0 so every run compiles the
# crate from scratch. Reports wall seconds (best of RUNS), the peak RSS of the
# compiler, and generated/plain ratios.
#
# Usage: scripts/compile_cost.sh            (RUNS=3 scripts/compile_cost.sh to repeat)
# Needs: a built toolchain, GNU time at /usr/bin/time, the workspace's
# dependencies in the local cargo cache (it runs --offline with Cargo.lock).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/errspec-compile-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workspace: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- codegen runtime 2>/dev/null || echo ' + uncommitted changes in codegen/ or runtime/')"

echo "== writing sources (cargo run -p errspec-bench --example compile_cost_sources)"
cargo run --quiet --offline -p errspec-bench --example compile_cost_sources -- "$work/sources"

# make_crate NAME DEPENDENCY-LINE: a crate whose lib.rs is empty for now.
make_crate() {
    local dir=$work/$1
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "cost_$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

[workspace]
EOF
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    : >"$dir/src/lib.rs"
}

# timed DIR LABEL CARGO-ARGS...: rebuilds the crate alone $runs times; sets
# $secs to the best wall time and $kib to the compiler's peak RSS in that run.
timed() {
    local dir=$1 label=$2 t k
    shift 2
    secs="" kib=""
    for _ in $(seq "$runs"); do
        touch "$dir/src/lib.rs"
        if ! (cd "$dir" && CARGO_TARGET_DIR="$dir/target" /usr/bin/time -f '%e %M' \
            -o "$dir/time.txt" cargo "$@" --offline --quiet); then
            echo "error: cargo $* failed in $dir" >&2
            exit 1
        fi
        read -r t k <"$dir/time.txt"
        echo "   $label: ${t}s, peak RSS $((k / 1024)) MiB"
        if [ -z "$secs" ] || awk -v a="$t" -v b="$secs" 'BEGIN { exit !(a < b) }'; then
            secs=$t kib=$k
        fi
    done
}

declare -A check release check_kib release_kib size
for name in generated_codes plain_codes generated_full; do
    case $name in
        plain_*) dep="" ;;
        *) dep="errspec = { path = \"$root/runtime\" }" ;;
    esac
    make_crate "$name" "$dep"
    dir=$work/$name
    echo "== $name: building dependencies"
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo check --offline --quiet \
        && CARGO_TARGET_DIR="$dir/target" cargo build --release --offline --quiet)
    cp "$work/sources/$name.rs" "$dir/src/lib.rs"
    size[$name]=$(wc -c <"$dir/src/lib.rs")
    echo "== $name: $((size[$name] / 1024)) KiB of Rust"
    timed "$dir" "cargo check" check
    check[$name]=$secs check_kib[$name]=$kib
    timed "$dir" "cargo build --release" build --release
    release[$name]=$secs release_kib[$name]=$kib
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '| %-52s | %9s | %11s | %13s | %15s |\n' crate "KiB" "check s" "release s" "peak MiB c/r"
printf '|%s|%s:|%s:|%s:|%s:|\n' "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..10})" \
    "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..16})"
for name in generated_codes plain_codes generated_full; do
    case $name in
        generated_codes) label="generated, 10,000 codes" ;;
        plain_codes) label="plain match, 10,000 codes" ;;
        generated_full) label="generated, 10,000 codes + 1,000 endpoints" ;;
    esac
    printf '| %-52s | %9d | %11s | %13s | %15s |\n' "$label" $((size[$name] / 1024)) \
        "${check[$name]}" "${release[$name]}" \
        "$((check_kib[$name] / 1024))/$((release_kib[$name] / 1024))"
done
echo
echo "ratio generated/plain (10,000 codes): check $(ratio "${check[generated_codes]}" "${check[plain_codes]}"), release $(ratio "${release[generated_codes]}" "${release[plain_codes]}")"
echo "ratio generated+endpoints/plain:      check $(ratio "${check[generated_full]}" "${check[plain_codes]}"), release $(ratio "${release[generated_full]}" "${release[plain_codes]}")"
