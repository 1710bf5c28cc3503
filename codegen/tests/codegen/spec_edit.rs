//! A one-line spec edit changes only the matching lines of the generated code
//! (and so of its snapshot), which keeps spec reviews small.

use errspec_codegen::Options;
use similar::{ChangeTag, TextDiff};

const SPEC: &str = include_str!("../fixtures/export_jobs.yaml");

fn generate(text: &str) -> String {
    errspec_codegen::generate(
        text.as_bytes(),
        "tests/fixtures/export_jobs.yaml",
        &Options::new().serde(true),
    )
    .unwrap_or_else(|errors| panic!("{errors}"))
}

/// The lines removed and added between two generated files, header excluded.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let diff = TextDiff::from_lines(old, new);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        let line = change.value().trim_end().to_owned();
        if line.starts_with("// @generated") {
            continue; // the header carries the spec's hash, so it always changes
        }
        match change.tag() {
            ChangeTag::Delete => removed.push(line),
            ChangeTag::Insert => added.push(line),
            ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

fn edit(from: &str, to: &str) -> String {
    assert_eq!(
        SPEC.matches(from).count(),
        1,
        "{from:?} must occur once in the spec"
    );
    SPEC.replacen(from, to, 1)
}

#[test]
fn editing_a_description_changes_only_its_lines() {
    let old_text = "The export format is unknown.";
    let new_text = "No such export format.";
    let (removed, added) = changed_lines(&generate(SPEC), &generate(&edit(old_text, new_text)));
    // The variant's doc comment and its `description()` arm.
    assert_eq!(removed.len(), 2, "{removed:#?}");
    assert_eq!(added.len(), 2, "{added:#?}");
    assert!(removed.iter().all(|l| l.contains(old_text)), "{removed:#?}");
    assert!(added.iter().all(|l| l.contains(new_text)), "{added:#?}");
}

#[test]
fn adding_a_status_to_a_code_changes_only_its_lines() {
    let old_entry = "bad_format: { statuses: [400],";
    let new_entry = "bad_format: { statuses: [400, 503],";
    let (removed, added) = changed_lines(&generate(SPEC), &generate(&edit(old_entry, new_entry)));
    assert_eq!(
        removed,
        [
            "    /// Value `bad_format`; status 400; category Invalid.",
            "        (\"bad_format\", Category::Invalid, &[400]),",
        ]
    );
    assert_eq!(
        added,
        [
            "    /// Value `bad_format`; statuses 400, 503; category Invalid.",
            "        (\"bad_format\", Category::Invalid, &[400, 503]),",
        ]
    );
}

#[test]
fn the_header_names_the_new_hash() {
    let old = generate(SPEC);
    let new = generate(&edit("The export format is unknown.", "Gone."));
    let header = |text: &str| text.lines().next().unwrap().to_owned();
    assert_ne!(header(&old), header(&new));
    assert_eq!(old.lines().nth(1), new.lines().nth(1));
}
