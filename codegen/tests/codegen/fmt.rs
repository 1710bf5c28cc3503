//! `errspec fmt --check`: the report for each spec in `tests/fmt_cases/`, pinned
//! by a snapshot. (The flagship spec's order is checked by the root crate.)

use std::path::Path;

use errspec_codegen::format::{self, CheckError};

use crate::support::origin;

/// The verdict, a one-line-per-problem summary and the rendered report.
fn report(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    match format::check(&bytes, &origin(path)) {
        Ok(()) => "canonical".to_owned(),
        Err(error) => {
            let verdict = match &error {
                CheckError::Invalid(_) => "invalid",
                CheckError::NotCanonical(_) => "not canonical",
            };
            let errors = error.errors();
            format!("{verdict}\n{}---\n{errors}", errors.summary())
        }
    }
}

#[test]
fn order_report_for_each_case() {
    insta::glob!("../fmt_cases", "*.yaml", |path| {
        insta::assert_snapshot!(report(path));
    });
}

#[test]
fn the_cases_cover_canonical_out_of_order_and_invalid_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt_cases");
    let mut verdicts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            verdicts.push(report(&path).lines().next().unwrap().to_owned());
        }
    }
    let count = |v: &str| verdicts.iter().filter(|x| *x == v).count();
    assert!(count("canonical") >= 1, "{verdicts:?}");
    assert!(count("not canonical") >= 5, "{verdicts:?}");
    assert!(count("invalid") >= 1, "{verdicts:?}");
}

/// The canonical case only passes with its merge key and alias because both are
/// handled as `errspec_codegen::format` documents: the anchor is checked where
/// it is defined, and the merging mapping by its own keys.
#[test]
fn the_canonical_case_uses_a_merge_key_and_an_alias() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fmt_cases/canonical.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("<<: *sync_poll") && text.contains("poll: *sync_poll"));
    assert_eq!(report(&path), "canonical");
}
