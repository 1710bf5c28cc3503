//! `errspec diff` over before/after spec pairs: `tests/diff_pairs/<case>/old.yaml`
//! and `new.yaml`. Each pair's diff is pinned twice, as the text people read and
//! as the JSON `errspec diff --json` prints; review a change with
//! `cargo insta review`.
//!
//! The first line of each `new.yaml` says what the pair changes. The `fivetran`
//! pair is a frozen copy of `spec/fivetran.yaml` against an edited copy.

use std::path::{Path, PathBuf};

use errspec_codegen::diff::{compare, Diff, Impact};
use errspec_codegen::Spec;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Spec {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let origin = path.strip_prefix(root()).unwrap_or(path).to_string_lossy();
    errspec_codegen::parse_spec(&bytes, &origin).unwrap_or_else(|errors| panic!("{errors}"))
}

/// The pairs, as (case name, old spec path, new spec path), sorted by name.
fn pairs() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = root().join("tests/diff_pairs");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let (old, new) = (path.join("old.yaml"), path.join("new.yaml"));
            assert!(
                old.is_file() && new.is_file(),
                "{name}: needs old.yaml and new.yaml"
            );
            (name, old, new)
        })
        .collect();
    pairs.sort();
    pairs
}

fn diff_of(old: &Path, new: &Path) -> Diff {
    compare(&load(old), &load(new))
}

#[test]
fn diff_of_each_pair() {
    insta::glob!("../diff_pairs", "*/old.yaml", |old| {
        let new = old.with_file_name("new.yaml");
        let diff = diff_of(old, &new);
        insta::assert_snapshot!("text", diff.to_text());
        let json = serde_json::to_string_pretty(&diff).unwrap();
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn there_are_enough_pairs_and_each_changes_something() {
    let pairs = pairs();
    assert!(pairs.len() >= 12, "only {} pairs", pairs.len());
    for (name, old, new) in &pairs {
        let diff = diff_of(old, new);
        if name.starts_with("unchanged") {
            assert_eq!(diff, Diff::default(), "{name}:\n{}", diff.to_text());
        } else {
            assert!(!diff.changes.is_empty(), "{name}: the pair changes nothing");
        }
    }
}

/// A spec compared with itself has no changes, and so does every text that
/// loads to the same spec.
#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let mut specs = Vec::new();
    for (_, old, new) in pairs() {
        specs.push(old);
        specs.push(new);
    }
    for path in specs {
        let spec = load(&path);
        let diff = compare(&spec, &spec);
        assert_eq!(diff, Diff::default(), "{}", path.display());
        assert_eq!(diff.to_text(), "no changes\n");
    }
}

/// The text has one line per change and a summary whose counts add up; the
/// JSON holds the same changes.
#[test]
fn text_and_json_agree() {
    for (name, old, new) in pairs() {
        let diff = diff_of(&old, &new);
        let text = diff.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert!(text.ends_with('\n'), "{name}");
        if diff.changes.is_empty() {
            assert_eq!(lines, ["no changes"], "{name}");
            continue;
        }
        assert_eq!(lines.len(), diff.changes.len() + 1, "{name}:\n{text}");
        for (line, change) in lines.iter().zip(&diff.changes) {
            let expected = format!(
                "{}: {} {}",
                change.impact.label(),
                change.subject,
                change.detail
            );
            assert_eq!(*line, expected, "{name}");
        }
        let counts = [
            Impact::Breaking,
            Impact::BehaviourChange,
            Impact::Compatible,
        ]
        .map(|impact| diff.count(impact));
        assert_eq!(counts.iter().sum::<usize>(), diff.changes.len(), "{name}");
        assert!(
            lines.last().unwrap().starts_with(&format!(
                "{} change{}: {} breaking, ",
                diff.changes.len(),
                if diff.changes.len() == 1 { "" } else { "s" },
                counts[0]
            )),
            "{name}: {}",
            lines.last().unwrap()
        );

        let json: serde_json::Value = serde_json::to_value(&diff).unwrap();
        let changes = json["changes"].as_array().unwrap();
        assert_eq!(changes.len(), diff.changes.len(), "{name}");
        for (value, change) in changes.iter().zip(&diff.changes) {
            let impact = serde_json::to_value(change.impact).unwrap();
            assert_eq!(value["impact"], impact, "{name}");
            assert_eq!(value["subject"], change.subject.as_str(), "{name}");
            assert_eq!(value["detail"], change.detail.as_str(), "{name}");
        }
    }
}

/// Every rule of the classification shows up in at least one pair, so deleting
/// or breaking a pair cannot silently drop a rule from the snapshots.
#[test]
fn the_pairs_cover_every_rule() {
    use Impact::{BehaviourChange as Behaviour, Breaking, Compatible};
    let rules: &[(&str, Impact, &str, &str)] = &[
        (
            "code added",
            Compatible,
            "code ",
            "added (new variant Code::",
        ),
        ("code removed", Breaking, "code ", "removed (variant Code::"),
        ("code renamed", Breaking, "code ", "renamed to "),
        (
            "code value, same variant",
            Behaviour,
            "code ",
            "value changed to ",
        ),
        ("code statuses", Behaviour, "code ", "statuses changed"),
        ("code category", Behaviour, "code ", "category changed"),
        (
            "code description",
            Compatible,
            "code ",
            "description changed",
        ),
        ("category added", Compatible, "category ", "added"),
        ("category removed", Breaking, "category ", "removed"),
        ("category renamed", Breaking, "category ", "renamed to "),
        (
            "category retry",
            Behaviour,
            "category ",
            "retry policy changed",
        ),
        ("category name", Compatible, "category ", "name changed"),
        (
            "category description",
            Compatible,
            "category ",
            "description changed",
        ),
        ("status added", Behaviour, "status ", "added"),
        ("status removed", Behaviour, "status ", "removed"),
        ("status reason", Behaviour, "status ", "reason changed"),
        ("status category", Behaviour, "status ", "category changed"),
        (
            "status description",
            Compatible,
            "status ",
            "description changed",
        ),
        ("status class added", Behaviour, "status class ", "added"),
        (
            "status class removed",
            Behaviour,
            "status class ",
            "removed",
        ),
        (
            "status class changed",
            Behaviour,
            "status class ",
            "fallback category",
        ),
        ("family added", Behaviour, "family ", "added"),
        ("family removed", Behaviour, "family ", "removed"),
        ("family category", Behaviour, "family ", "category changed"),
        (
            "family description",
            Compatible,
            "family ",
            "description changed",
        ),
        ("endpoint added", Compatible, "endpoint ", "added"),
        (
            "endpoint added, taking requests",
            Behaviour,
            "endpoint ",
            "added",
        ),
        ("endpoint removed", Breaking, "endpoint ", "removed"),
        ("endpoint renamed", Breaking, "endpoint ", "renamed to "),
        (
            "endpoint method",
            Behaviour,
            "endpoint ",
            "success semantics changed: method",
        ),
        (
            "endpoint path",
            Behaviour,
            "endpoint ",
            "success semantics changed: path",
        ),
        (
            "endpoint success",
            Behaviour,
            "endpoint ",
            "success semantics changed: success statuses",
        ),
        (
            "items values",
            Behaviour,
            "endpoint ",
            "success semantics changed: item values",
        ),
        (
            "items other",
            Behaviour,
            "endpoint ",
            "success semantics changed: unlisted item values",
        ),
        (
            "items flag",
            Behaviour,
            "endpoint ",
            "success semantics changed: the item check",
        ),
        (
            "items path",
            Behaviour,
            "endpoint ",
            "success semantics changed: checked items",
        ),
        (
            "poll target",
            Behaviour,
            "endpoint ",
            "success semantics changed: poll target",
        ),
        (
            "poll field",
            Behaviour,
            "endpoint ",
            "success semantics changed: poll field",
        ),
        (
            "defer",
            Behaviour,
            "endpoint ",
            "success semantics changed: defer conditions",
        ),
        (
            "notes",
            Behaviour,
            "endpoint ",
            "success semantics changed: poll notes",
        ),
        (
            "deferred effect",
            Behaviour,
            "endpoint ",
            "success semantics changed: deferred effect",
        ),
        (
            "confirmation kind",
            Behaviour,
            "endpoint ",
            "success semantics changed: confirmation",
        ),
        (
            "endpoint description",
            Compatible,
            "endpoint ",
            "description changed",
        ),
        ("api name", Compatible, "api", "name changed"),
        ("api description", Compatible, "api", "description changed"),
        ("reordered", Behaviour, "codes", "reordered"),
    ];
    let all: Vec<_> = pairs()
        .iter()
        .flat_map(|(_, old, new)| diff_of(old, new).changes)
        .collect();
    let missing: Vec<&str> = rules
        .iter()
        .filter(|(_, impact, subject, detail)| {
            !all.iter().any(|c| {
                c.impact == *impact
                    && c.subject.starts_with(subject)
                    && c.detail.starts_with(detail)
            })
        })
        .map(|(rule, ..)| *rule)
        .collect();
    assert!(missing.is_empty(), "no pair shows: {missing:?}");
}

/// Swapping a pair swaps additions and removals: what one direction adds, the
/// other removes, and the other way round.
#[test]
fn reversing_a_pair_swaps_additions_and_removals() {
    for (name, old, new) in pairs() {
        let forward = diff_of(&old, &new);
        let backward = diff_of(&new, &old);
        let subjects = |diff: &Diff, word: &str| {
            let mut subjects: Vec<String> = diff
                .changes
                .iter()
                .filter(|c| c.detail.starts_with(word))
                .map(|c| c.subject.clone())
                .collect();
            subjects.sort();
            subjects
        };
        assert_eq!(
            subjects(&forward, "added"),
            subjects(&backward, "removed"),
            "{name}"
        );
        assert_eq!(
            subjects(&forward, "removed"),
            subjects(&backward, "added"),
            "{name}"
        );
        assert_eq!(
            forward.changes.is_empty(),
            backward.changes.is_empty(),
            "{name}"
        );
    }
}
