#!/usr/bin/env bash
# What adopting errspec costs a new crate: a cold debug build (empty target
# directory) of the same small crate four ways, one after the other in one run:
#   build.rs       errspec-codegen as a build-dependency, include! from OUT_DIR
#   include_spec!  the proc-macro (errspec feature `macros`)
#   checked-in     generated/fivetran.rs copied into src/
#   hand-written   the same codes as an enum with strum (derive) + thiserror
# and prints each time with its ratio to the hand-written baseline.
# Usage: scripts/adoption_cost.sh   (needs the crates.io registry for strum/thiserror)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

manifest() { # name, extra dependency lines, build-dependency lines
    cat <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
$2

[build-dependencies]
$3
EOF
}

use_api='pub fn describe(status: u16, body: &[u8]) -> String {
    let error = ApiError::from_response(status, errspec::Headers::new(), body.to_vec());
    match error.code() {
        Some(Code::NotFoundConnector) => "no such connection".to_owned(),
        Some(code) => format!("{code}: {:?}", code.category()),
        None => format!("HTTP {status}"),
    }
}'

mk() { mkdir -p "$work/$1/src" "$work/$1/spec"; cp "$root/spec/fivetran.yaml" "$work/$1/spec/"; }

mk buildrs
manifest buildrs "errspec = { path = \"$root/runtime\" }" \
    "errspec-codegen = { path = \"$root/codegen\" }" > "$work/buildrs/Cargo.toml"
cat > "$work/buildrs/build.rs" <<'EOF'
fn main() -> Result<(), errspec_codegen::Error> {
    errspec_codegen::Builder::new().serde(true).compile("spec/fivetran.yaml")?;
    Ok(())
}
EOF
printf 'include!(concat!(env!("OUT_DIR"), "/fivetran.rs"));\n%s\n' "$use_api" > "$work/buildrs/src/lib.rs"

mk macro
manifest macro "errspec = { path = \"$root/runtime\", features = [\"macros\"] }" "" > "$work/macro/Cargo.toml"
printf 'errspec::include_spec!("spec/fivetran.yaml", serde);\n%s\n' "$use_api" > "$work/macro/src/lib.rs"

mk checkedin
manifest checkedin "errspec = { path = \"$root/runtime\" }" "" > "$work/checkedin/Cargo.toml"
cp "$root/generated/fivetran.rs" "$work/checkedin/src/fivetran.rs"
printf 'mod fivetran;\nuse fivetran::*;\n%s\n' "$use_api" > "$work/checkedin/src/lib.rs"

mk handwritten
manifest handwritten 'strum = { version = "0.27", features = ["derive"] }
thiserror = "2"
serde_json = "1"' "" > "$work/handwritten/Cargo.toml"
cat > "$work/handwritten/src/lib.rs" <<'EOF'
use strum::{Display, EnumString, IntoStaticStr};

#[derive(Clone, Debug, PartialEq, Eq, Display, EnumString, IntoStaticStr)]
pub enum Code {
    Success,
    InvalidInput,
    Unauthorized,
    Forbidden,
    #[strum(serialize = "NotFound_Connector")]
    NotFoundConnector,
    #[strum(serialize = "NotFound_Role")]
    NotFoundRole,
    RoleExists,
    AlreadyInSync,
    TooManyRequests,
    ServerError,
}

#[derive(Debug, thiserror::Error)]
#[error("HTTP {status}: {code:?}")]
pub struct ApiError {
    pub status: u16,
    pub code: Option<Code>,
}

pub fn describe(status: u16, body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let code = value.get("code").and_then(|c| c.as_str()).and_then(|c| c.parse().ok());
    match code {
        Some(Code::NotFoundConnector) => "no such connection".to_owned(),
        other => ApiError { status, code: other }.to_string(),
    }
}
EOF

# Fetch everything first, so the timed builds only compile.
for crate in buildrs macro checkedin handwritten; do
    (cd "$work/$crate" && cargo fetch --quiet)
done

declare -A secs
for crate in buildrs macro checkedin handwritten; do
    start=$(date +%s.%N)
    (cd "$work/$crate" && CARGO_TARGET_DIR="$work/$crate/target" cargo build --quiet)
    end=$(date +%s.%N)
    secs[$crate]=$(echo "$end - $start" | bc)
done
base=${secs[handwritten]}
printf '%-14s %8s %8s\n' route seconds ratio
for crate in buildrs macro checkedin handwritten; do
    printf '%-14s %8.1f %8.2f\n' "$crate" "${secs[$crate]}" "$(echo "${secs[$crate]} / $base" | bc -l)"
done
