//! The checked-in `generated/fivetran.rs` is exactly what the spec generates now,
//! and exactly what build.rs wrote into OUT_DIR for this build.

use std::path::Path;

const SPEC: &str = "spec/fivetran.yaml";
const CHECKED_IN: &str = "generated/fivetran.rs";
const FROM_BUILD_RS: &str = include_str!(concat!(env!("OUT_DIR"), "/fivetran.rs"));

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn regenerate() -> String {
    let bytes = std::fs::read(root().join(SPEC)).expect("read the spec");
    let options = errspec_codegen::Options::new().serde(true);
    errspec_codegen::generate(&bytes, SPEC, &options).unwrap_or_else(|errors| panic!("{errors}"))
}

/// Fails with the command to run when the checked-in copy is stale. With
/// `ERRSPEC_BLESS=1` it rewrites the file instead (and still fails, so a run that
/// changed files is never green by accident).
#[test]
fn checked_in_copy_is_fresh() {
    let fresh = regenerate();
    let path = root().join(CHECKED_IN);
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk == fresh {
        return;
    }
    if std::env::var_os("ERRSPEC_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write the generated file");
        panic!("{CHECKED_IN} was stale and has been rewritten; review and commit it");
    }
    panic!(
        "{CHECKED_IN} is stale. Run:\n    \
         ERRSPEC_BLESS=1 cargo test --test generated\n\
         or: cargo run -p errspec-cli -- generate {SPEC} --serde -o {CHECKED_IN}"
    );
}

#[test]
fn build_script_output_is_the_checked_in_code() {
    assert_eq!(
        FROM_BUILD_RS,
        regenerate(),
        "build.rs output differs from a fresh generation"
    );
}

#[test]
fn generation_is_deterministic() {
    let first = regenerate();
    let others: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(regenerate)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for other in others {
        assert_eq!(first, other);
    }
}

/// Cargo reruns build.rs exactly when the spec changes: the script declares the
/// spec file and nothing else (cargo keeps what it printed beside OUT_DIR).
#[test]
fn build_script_watches_exactly_the_spec() {
    let output = Path::new(env!("OUT_DIR")).with_file_name("output");
    let printed = std::fs::read_to_string(&output).expect("cargo keeps build script output");
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines, ["cargo:rerun-if-changed=spec/fivetran.yaml"]);
}
