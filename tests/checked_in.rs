//! Every file checked in beside the flagship spec is what errspec makes of it
//! now: `generated/fivetran.rs` (also exactly what build.rs wrote into OUT_DIR
//! for this build), `docs/fivetran.md`, `spec/errspec.schema.json` and the
//! injection fixture's `tests/generated/injection.rs`. Each stale file fails
//! with the command that refreshes it; `ERRSPEC_BLESS=1 cargo test --test
//! checked_in` rewrites them all.

use std::path::Path;

const SPEC: &str = "spec/fivetran.yaml";
const CHECKED_IN: &str = "generated/fivetran.rs";
const DOCS: &str = "docs/fivetran.md";
const SCHEMA: &str = "spec/errspec.schema.json";
const INJECTION_SPEC: &str = "codegen/tests/fixtures/injection.yaml";
const INJECTION: &str = "tests/generated/injection.rs";
const RUNTIME_SPEC: &str = "runtime/tests/api/fivetran.yaml";
const RUNTIME_API: &str = "runtime/tests/api/fivetran.rs";
const FROM_BUILD_RS: &str = include_str!(concat!(env!("OUT_DIR"), "/fivetran.rs"));

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn regenerate() -> String {
    let bytes = std::fs::read(root().join(SPEC)).expect("read the spec");
    let options = errspec_codegen::Options::new().serde(true);
    errspec_codegen::generate(&bytes, SPEC, &options).unwrap_or_else(|errors| panic!("{errors}"))
}

/// Passes when `relative` (from the workspace root) holds exactly `fresh`.
/// Otherwise fails naming `command`, the CLI command that rewrites the file;
/// with `ERRSPEC_BLESS=1` it rewrites the file first and still fails, so a run
/// that changed files is never green by accident.
fn assert_fresh(relative: &str, fresh: &str, command: &str) {
    let path = root().join(relative);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh) {
        return;
    }
    if std::env::var_os("ERRSPEC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).expect("create the directory");
        std::fs::write(&path, fresh).expect("write the file");
        panic!("{relative} was stale and has been rewritten; review and commit it");
    }
    panic!(
        "{relative} is stale. Run:\n    \
         ERRSPEC_BLESS=1 cargo test --test checked_in\n\
         or: cargo run -p errspec-cli -- {command}"
    );
}

#[test]
fn the_generated_code_is_fresh() {
    assert_fresh(
        CHECKED_IN,
        &regenerate(),
        &format!("generate {SPEC} --serde -o {CHECKED_IN}"),
    );
}

#[test]
fn the_markdown_reference_is_fresh() {
    let bytes = std::fs::read(root().join(SPEC)).expect("read the spec");
    let spec =
        errspec_codegen::parse_spec(&bytes, SPEC).unwrap_or_else(|errors| panic!("{errors}"));
    assert_fresh(
        DOCS,
        &errspec_codegen::docs::markdown(&spec, SPEC),
        &format!("docs {SPEC} -o {DOCS}"),
    );
}

#[test]
fn the_schema_of_the_spec_format_is_fresh() {
    assert_fresh(
        SCHEMA,
        &errspec_codegen::schema::json_schema(),
        &format!("schema -o {SCHEMA}"),
    );
}

/// The injection fixture's generated file, which `tests/injection.rs` compiles.
#[test]
fn the_injection_fixture_file_is_fresh() {
    let bytes = std::fs::read(root().join(INJECTION_SPEC)).unwrap();
    let fresh = errspec_codegen::generate(&bytes, INJECTION_SPEC, &errspec_codegen::Options::new())
        .unwrap_or_else(|errors| panic!("{errors}"));
    assert_fresh(
        INJECTION,
        &fresh,
        &format!("generate {INJECTION_SPEC} -o {INJECTION}"),
    );
}

/// The part of the Fivetran contract the runtime crate's tests and doc examples
/// use, generated as they include it.
#[test]
fn the_runtime_test_api_is_fresh() {
    let bytes = std::fs::read(root().join(RUNTIME_SPEC)).unwrap();
    let options = errspec_codegen::Options::new().serde(true);
    let fresh = errspec_codegen::generate(&bytes, RUNTIME_SPEC, &options)
        .unwrap_or_else(|errors| panic!("{errors}"));
    assert_fresh(
        RUNTIME_API,
        &fresh,
        &format!("generate {RUNTIME_SPEC} --serde -o {RUNTIME_API}"),
    );
}

/// Every entry of the runtime's part of the contract is the flagship's entry,
/// word for word, so the two cannot drift apart.
#[test]
fn the_runtime_test_spec_is_a_part_of_the_flagship() {
    let load = |relative: &str| {
        let bytes = std::fs::read(root().join(relative)).unwrap();
        errspec_codegen::parse_spec(&bytes, relative).unwrap_or_else(|errors| panic!("{errors}"))
    };
    let (part, whole) = (load(RUNTIME_SPEC), load(SPEC));
    assert_eq!(format!("{:?}", part.api), format!("{:?}", whole.api));
    let category = |spec: &errspec_codegen::Spec, id| format!("{:?}", spec.category(id));
    for status in &part.statuses {
        let full = whole.statuses.iter().find(|s| s.code == status.code);
        let full = full.unwrap_or_else(|| panic!("status {} is not in {SPEC}", status.code));
        assert_eq!(
            (&status.reason, &status.description),
            (&full.reason, &full.description)
        );
        assert_eq!(
            category(&part, status.category),
            category(&whole, full.category)
        );
    }
    for code in &part.codes {
        let full = whole.codes.iter().find(|c| c.value == code.value);
        let full = full.unwrap_or_else(|| panic!("code {} is not in {SPEC}", code.value));
        assert_eq!(
            (&code.statuses, &code.description),
            (&full.statuses, &full.description),
            "{}",
            code.value
        );
        assert_eq!(
            category(&part, code.category),
            category(&whole, full.category)
        );
    }
    for endpoint in &part.endpoints {
        let full = whole.endpoints.iter().find(|e| e.key == endpoint.key);
        let full = full.unwrap_or_else(|| panic!("endpoint {} is not in {SPEC}", endpoint.key));
        assert_eq!(
            format!("{endpoint:?}"),
            format!("{full:?}"),
            "{}",
            endpoint.key
        );
    }
    assert_eq!(
        format!("{:?}", part.families),
        format!("{:?}", whole.families)
    );
}

#[test]
fn the_flagship_spec_points_editors_at_the_schema() {
    let spec = include_str!("../spec/fivetran.yaml");
    assert_eq!(
        spec.lines().next(),
        Some("# yaml-language-server: $schema=errspec.schema.json")
    );
}

#[test]
fn the_flagship_spec_is_in_canonical_order() {
    let bytes = std::fs::read(root().join(SPEC)).unwrap();
    if let Err(error) = errspec_codegen::format::check(&bytes, SPEC) {
        panic!("{SPEC} is not canonical:\n{error}");
    }
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
