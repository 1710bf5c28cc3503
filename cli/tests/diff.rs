//! `errspec diff`: exit status, text and JSON, on the pairs of `codegen/tests/diff_pairs/`.

mod support;
use support::{errspec, stderr, stdout};

/// The `old.yaml` and `new.yaml` of a pair, relative to the workspace root.
fn pair(case: &str) -> (String, String) {
    (
        format!("codegen/tests/diff_pairs/{case}/old.yaml"),
        format!("codegen/tests/diff_pairs/{case}/new.yaml"),
    )
}

#[test]
fn a_breaking_change_exits_8() {
    let (old, new) = pair("code_removed");
    let output = errspec(&["diff", &old, &new]);
    assert_eq!(output.status.code(), Some(8), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "breaking: code NotFound_Role removed (variant Code::NotFoundRole no longer exists; \
         `NotFound_Role` now parses as Code::Other, with category `not_found` from family \
         `NotFound_`)\n1 change: 1 breaking, 0 behaviour changes, 0 compatible\n"
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn compatible_changes_exit_0() {
    let (old, new) = pair("code_added");
    let output = errspec(&["diff", &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("compatible: code NotFound_Group added"),
        "{text}"
    );
    assert!(text.contains("Code::Other(\"NotFound_Group\")"), "{text}");
    assert!(text.ends_with("1 change: 0 breaking, 0 behaviour changes, 1 compatible\n"));
}

#[test]
fn behaviour_changes_alone_exit_0() {
    let (old, new) = pair("statuses_changed");
    let output = errspec(&["diff", &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("behaviour change: status 500 removed"));
}

#[test]
fn the_same_spec_twice_has_no_changes() {
    let output = errspec(&["diff", "spec/fivetran.yaml", "spec/fivetran.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no changes\n");
}

#[test]
fn json_output_parses_and_keeps_the_exit_status() {
    let (old, new) = pair("fivetran");
    let output = errspec(&["diff", &old, &new, "--json"]);
    assert_eq!(output.status.code(), Some(8), "{}", stderr(&output));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&output)).expect("--json prints one JSON object");
    let changes = json["changes"].as_array().expect("a `changes` array");
    assert!(!changes.is_empty());
    for change in changes {
        let impact = change["impact"].as_str().unwrap();
        assert!(
            ["compatible", "behaviour_change", "breaking"].contains(&impact),
            "{impact}"
        );
        assert!(change["subject"].is_string() && change["detail"].is_string());
    }
    let breaking: Vec<&str> = changes
        .iter()
        .filter(|c| c["impact"] == "breaking")
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(breaking, ["code NotFound_Role"]);

    // The JSON lists the same changes as the text, in the same order.
    let text = stdout(&errspec(&["diff", &old, &new]));
    assert_eq!(text.lines().count(), changes.len() + 1);
    for (line, change) in text.lines().zip(changes) {
        assert!(
            line.ends_with(&format!(
                "{} {}",
                change["subject"].as_str().unwrap(),
                change["detail"].as_str().unwrap()
            )),
            "{line}"
        );
    }
}

#[test]
fn json_without_changes_is_an_empty_list() {
    let (old, new) = pair("unchanged_text");
    let output = errspec(&["diff", &old, &new, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json, serde_json::json!({ "changes": [] }));
}

#[test]
fn an_invalid_spec_exits_1_with_its_diagnostic() {
    for args in [
        [
            "diff",
            "spec/fivetran.yaml",
            "codegen/tests/bad_specs/undefined_category.yaml",
        ],
        [
            "diff",
            "codegen/tests/bad_specs/undefined_category.yaml",
            "spec/fivetran.yaml",
        ],
    ] {
        let output = errspec(&args);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(stdout(&output), "");
        let errors = stderr(&output);
        assert!(errors.contains("undefined category"), "{errors}");
        assert!(
            errors.contains("codegen/tests/bad_specs/undefined_category.yaml"),
            "{errors}"
        );
    }
}

#[test]
fn a_missing_file_exits_2() {
    let output = errspec(&[
        "diff",
        "spec/fivetran.yaml",
        "codegen/tests/diff_pairs/no_such.yaml",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("no_such.yaml"));
}
