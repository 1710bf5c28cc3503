//! `errspec import openapi`: the skeleton of each fixture document (snapshots),
//! that each skeleton is a valid, canonical spec that generates and has no
//! drift from its document, the drift report (text and JSON), the located
//! errors on broken documents (snapshots), limits, and the exit statuses.
//!
//! Every document under `cli/tests/openapi/` is written for these tests.

mod support;
use support::{errspec, stderr, stdout, workspace};

use std::path::PathBuf;

/// The good fixtures, relative to the workspace root.
const GOOD: [&str; 3] = [
    "cli/tests/openapi/good/widgets.yaml",
    "cli/tests/openapi/good/library.json",
    "cli/tests/openapi/good/codes.yaml",
];

const DRIFT_SPEC: &str = "cli/tests/openapi/drift/widgets_spec.yaml";
const DRIFT_DOCUMENT: &str = "cli/tests/openapi/good/widgets.yaml";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("errspec-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The file name without extension: `widgets`.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap();
    name.split('.').next().unwrap()
}

fn skeleton(document: &str) -> String {
    let output = errspec(&["import", "openapi", document]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    stdout(&output)
}

#[test]
fn the_skeleton_of_each_fixture() {
    for document in GOOD {
        insta::assert_snapshot!(format!("skeleton_{}", stem(document)), skeleton(document));
    }
}

#[test]
fn each_skeleton_is_a_canonical_spec_that_generates() {
    for document in GOOD {
        let text = skeleton(document);
        let origin = format!("skeleton of {document}");
        let spec = errspec_codegen::parse_spec(text.as_bytes(), &origin)
            .unwrap_or_else(|errors| panic!("{errors}"));
        assert!(!spec.endpoints.is_empty(), "{document}");
        for options in [
            errspec_codegen::Options::new(),
            errspec_codegen::Options::new().serde(true),
        ] {
            let code = errspec_codegen::generate(text.as_bytes(), &origin, &options)
                .unwrap_or_else(|errors| panic!("{errors}"));
            assert!(code.contains("pub enum Endpoint"), "{document}");
        }
        errspec_codegen::format::check(text.as_bytes(), &origin)
            .unwrap_or_else(|error| panic!("{document}: {error}"));
        // Document text is marked for review.
        assert!(text.contains("TODO(import):"), "{document}");
    }
}

#[test]
fn each_skeleton_has_no_drift_from_its_document() {
    let dir = temp_dir("no-drift");
    for document in GOOD {
        let spec = dir.join(format!("{}.yaml", stem(document)));
        let spec = spec.to_str().unwrap();
        let output = errspec(&["import", "openapi", document, "-o", spec]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let output = errspec(&["import", "openapi", "--check", spec, document]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        assert!(
            stdout(&output).starts_with("no drift: "),
            "{}",
            stdout(&output)
        );
    }
}

#[test]
fn the_skeleton_is_the_same_every_time() {
    for document in GOOD {
        assert_eq!(skeleton(document), skeleton(document), "{document}");
    }
}

#[test]
fn the_drift_report_as_text() {
    let output = errspec(&["import", "openapi", "--check", DRIFT_SPEC, DRIFT_DOCUMENT]);
    assert_eq!(output.status.code(), Some(9), "{}", stderr(&output));
    insta::assert_snapshot!("drift_text", stdout(&output));
    // Operations no endpoint can stand for are noted, not counted as drift.
    insta::assert_snapshot!("drift_text_notes", stderr(&output));
}

#[test]
fn the_drift_report_as_json() {
    let output = errspec(&[
        "import",
        "openapi",
        "--check",
        DRIFT_SPEC,
        DRIFT_DOCUMENT,
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(9), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["clean"], false);
    insta::assert_snapshot!("drift_json", stdout(&output));
}

#[test]
fn a_clean_check_prints_one_line_and_exits_0() {
    let dir = temp_dir("clean");
    let spec = dir.join("widgets.yaml");
    let spec = spec.to_str().unwrap();
    let output = errspec(&["import", "openapi", DRIFT_DOCUMENT, "-o", spec]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = errspec(&["import", "openapi", "--check", spec, DRIFT_DOCUMENT]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "no drift: 6 operations match the spec's endpoints\n"
    );
    let output = errspec(&[
        "import",
        "openapi",
        "--check",
        spec,
        DRIFT_DOCUMENT,
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["clean"], true);
    assert_eq!(report["matched"], 6);
    assert_eq!(report["missing"], serde_json::json!([]));
}

#[test]
fn a_check_against_an_invalid_spec_exits_1() {
    let output = errspec(&[
        "import",
        "openapi",
        "--check",
        "codegen/tests/bad_specs/undefined_category.yaml",
        DRIFT_DOCUMENT,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("undefined category"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn errors_in_broken_documents_are_located() {
    let dir = workspace().join("cli/tests/openapi/broken");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let document = format!("cli/tests/openapi/broken/{name}");
        let output = errspec(&["import", "openapi", &document]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{document}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{document}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("--> {document}:")),
            "{document} is not located:\n{message}"
        );
        insta::assert_snapshot!(format!("error_{}", name.replace('.', "_")), message);
        // The drift check reads the document the same way.
        let check = errspec(&[
            "import",
            "openapi",
            "--check",
            "spec/fivetran.yaml",
            &document,
        ]);
        assert_eq!(check.status.code(), Some(1), "{document}");
        assert_eq!(stderr(&check), message, "{document}");
    }
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let dir = temp_dir("deep");
    for (name, text) in [
        ("deep.json", "[".repeat(100_000)),
        ("deep_flow.yaml", "[".repeat(100_000)),
        (
            "deep_block.yaml",
            (0..500)
                .map(|i| format!("{}a:\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "deep_object.json",
            format!("{}{}", "{\"a\":".repeat(20_000), "}".repeat(20_000)),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output = errspec(&["import", "openapi", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains("recursion limit") || message.contains("Depth"),
            "{name}: {message}"
        );
    }
}

#[test]
fn a_document_over_the_size_limit_is_refused_unread() {
    let dir = temp_dir("size");
    let path = dir.join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(errspec_codegen::MAX_SPEC_BYTES as u64 + 1)
        .unwrap();
    let output = errspec(&["import", "openapi", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("errspec reads documents of up to 16 MiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn output_never_replaces_a_file_without_force() {
    let dir = temp_dir("output");
    let path = dir.join("spec.yaml");
    std::fs::write(&path, "hand-written\n").unwrap();
    let target = path.to_str().unwrap();
    let output = errspec(&["import", "openapi", DRIFT_DOCUMENT, "-o", target]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pass --force"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "hand-written\n");

    let output = errspec(&["import", "openapi", DRIFT_DOCUMENT, "-o", target, "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        skeleton(DRIFT_DOCUMENT)
    );
    // Writing the same skeleton again needs no --force.
    let output = errspec(&["import", "openapi", DRIFT_DOCUMENT, "-o", target]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["import", "openapi"][..],
        &["import", "openapi", DRIFT_DOCUMENT, "--json"],
        &[
            "import",
            "openapi",
            "--check",
            DRIFT_SPEC,
            DRIFT_DOCUMENT,
            "-o",
            "x.yaml",
        ],
        &["import", "swagger", DRIFT_DOCUMENT],
        &["import", "openapi", "no/such/document.json"],
    ] {
        let output = errspec(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_help_has_examples_and_exit_statuses() {
    let help = stdout(&errspec(&["import", "openapi", "--help"]));
    for needle in [
        "Examples:",
        "errspec import openapi --check spec/my_api.yaml openapi.json",
        "Exit status:",
        "9 (--check) the spec and the",
        "TODO(import):",
    ] {
        assert!(help.contains(needle), "`{needle}` missing from:\n{help}");
    }
    let short = stdout(&errspec(&["import", "openapi", "-h"]));
    assert!(short.contains("Exit status:"), "{short}");
}

/// The Fivetran spec covers every operation of Fivetran's OpenAPI definition.
/// The definition is not part of the repository (README, "Importing an OpenAPI
/// definition", names the version checked); give its path in
/// `ERRSPEC_FIVETRAN_OPENAPI` to run this check.
#[test]
fn the_fivetran_spec_has_no_drift_from_the_definition_when_given() {
    let Some(definition) = std::env::var_os("ERRSPEC_FIVETRAN_OPENAPI") else {
        eprintln!("note: ERRSPEC_FIVETRAN_OPENAPI not set; the Fivetran drift check is skipped");
        return;
    };
    let definition = definition.to_str().unwrap().to_owned();
    let output = errspec(&[
        "import",
        "openapi",
        "--check",
        "spec/fivetran.yaml",
        &definition,
    ]);
    assert_eq!(
        stdout(&output),
        "no drift: 168 operations match the spec's endpoints\n",
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(0));
    // Its skeleton is a spec that generates, too.
    let text = skeleton(&definition);
    errspec_codegen::generate(text.as_bytes(), "fivetran skeleton", &Default::default())
        .unwrap_or_else(|errors| panic!("{errors}"));
}
