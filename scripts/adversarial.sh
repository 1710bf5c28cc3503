#!/usr/bin/env bash
# Measures how errspec's loader ends on hostile specs: wall time and peak memory
# of `errspec generate` per case (GNU time). Figures go in the README's limits
# section. Usage: scripts/adversarial.sh   (builds the release CLI first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p errspec-cli
bin=target/release/errspec
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" <<'PY'
import sys, os
d = sys.argv[1]
minimal = open("codegen/tests/fixtures/minimal.yaml").read()
def write(name, text):
    open(os.path.join(d, name), "w").write(text)
write("big_50mb.yaml", minimal + "# " + "x" * (50 * 1024 * 1024) + "\n")
write("million_list.yaml", minimal.replace("statuses: [404]", "statuses: [" + ",".join(["404"] * 1_000_000) + "]"))
write("repeated_errors.yaml", minimal.replace("statuses: [404]", "statuses: [" + ",".join(["404"] * 20_000) + "]"))
write("deep_flow.yaml", "version: 1\napi: " + "[" * 100_000 + "\n")
anchors = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for level in range(1, 9):
    anchors += f"a{level}: &a{level} [" + ", ".join([f"*a{level-1}"] * 9) + "]\n"
write("alias_bomb.yaml", anchors + "version: 1\n")
codes = "".join(f"  Code{i}:\n    statuses: [404]\n    category: not_found\n    description: Code number {i}.\n" for i in range(10_000))
write("codes_10000.yaml", minimal + codes)
PY

printf '%-22s %10s %12s %s\n' case seconds "peak KiB" result
for spec in "$dir"/*.yaml; do
    name=$(basename "$spec" .yaml)
    rm -f "$dir/out.rs"
    /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$bin" generate "$spec" -o "$dir/out.rs" \
        2>"$dir/err.txt" || true
    read -r secs kib < <(tail -n 1 "$dir/time.txt")
    if grep -q '^error' "$dir/err.txt"; then
        result="error: $(grep -m1 '^error' "$dir/err.txt" | cut -c8-70)"
    else
        result="generated $(wc -c <"$dir/out.rs") bytes"
    fi
    printf '%-22s %10s %12s %s\n' "$name" "$secs" "$kib" "$result"
done
