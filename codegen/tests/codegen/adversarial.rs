//! Hostile specs end quickly with an error or a bounded result: alias bombs,
//! deep nesting, huge files, huge lists, thousands of the same mistake.
//!
//! Time and memory for these cases are measured by `scripts/adversarial.sh`
//! (figures in the README); these tests pin the behaviour.

use errspec_codegen::{parse_spec, SpecErrors, MAX_DIAGNOSTICS, MAX_SPEC_BYTES};

const MINIMAL: &str = include_str!("../fixtures/minimal.yaml");

fn rejected(text: &str) -> SpecErrors {
    match parse_spec(text.as_bytes(), "hostile.yaml") {
        Ok(_) => panic!("a hostile spec was accepted"),
        Err(errors) => errors,
    }
}

fn first_message(errors: &SpecErrors) -> &str {
    &errors.diagnostics[0].message
}

/// A spec whose one `equals:` value is `value`. `equals` takes any JSON scalar,
/// so the YAML library has to read whatever stands there in full.
fn with_equals(value: &str, anchors: &str) -> String {
    format!(
        "{MINIMAL}endpoints:\n  get:\n    method: GET\n    path: /x/{{id}}\n    success: [200]\n    description: Reads.\n  start:\n    method: POST\n    path: /x/{{id}}/start\n    success: [200]\n    description: Starts.\n    poll:\n      endpoint: get\n      succeeded_at: a.b\n      failed_at: a.c\n      notes:\n{anchors}        - field: a.d\n          equals: {value}\n          note: last\n"
    )
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // Nine levels of nine references each: 9^9 (387 million) strings if expanded.
    let mut anchors = String::from(
        "        - field: a.d\n          equals: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n          note: n\n",
    );
    for level in 1..9 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        anchors.push_str(&format!(
            "        - field: a.d\n          equals: &a{level} [{refs}]\n          note: n\n"
        ));
    }
    // The spec format has no place where nested lists are valid, so the first
    // alias that would expand into one is a type error: nothing is ever built.
    let errors = rejected(&with_equals("*a8", &anchors));
    let message = first_message(&errors);
    assert!(message.contains("found a list"), "{message}");
}

#[test]
fn deep_flow_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let errors = rejected(&with_equals(&deep, ""));
    let message = first_message(&errors).to_lowercase();
    assert!(
        ["nesting", "depth", "recursion"]
            .iter()
            .any(|w| message.contains(w)),
        "{message}"
    );
}

#[test]
fn deep_block_nesting_is_refused() {
    let mut deep = String::from("\n");
    for depth in 1..2_000 {
        deep.push_str(&" ".repeat(10 + depth));
        deep.push_str(&format!("k{depth}:\n"));
    }
    let errors = rejected(&with_equals(&deep, ""));
    let message = first_message(&errors).to_lowercase();
    assert!(message.contains("depth"), "{message}");
}

#[test]
fn a_spec_above_the_size_limit_is_refused_before_parsing() {
    let mut text = MINIMAL.to_owned();
    text.push_str("# ");
    text.push_str(&"x".repeat(MAX_SPEC_BYTES));
    let errors = rejected(&text);
    assert!(
        first_message(&errors).contains("MiB"),
        "{}",
        first_message(&errors)
    );
    assert_eq!(errors.source, "", "nothing of a refused file is kept");
}

#[test]
fn a_million_entry_list_is_refused_by_the_node_budget() {
    let statuses = vec!["404"; 1_000_000].join(",");
    let text = MINIMAL.replace("statuses: [404]", &format!("statuses: [{statuses}]"));
    let errors = rejected(&text);
    let message = first_message(&errors).to_lowercase();
    assert!(
        message.contains("budget") || message.contains("nodes"),
        "{message}"
    );
}

#[test]
fn thousands_of_the_same_mistake_give_a_bounded_report() {
    let statuses = vec!["404"; 20_000].join(",");
    let text = MINIMAL.replace("statuses: [404]", &format!("statuses: [{statuses}]"));
    let errors = rejected(&text);
    assert_eq!(errors.diagnostics.len(), MAX_DIAGNOSTICS);
    assert_eq!(errors.suppressed, 20_000 - 1 - MAX_DIAGNOSTICS);
    let rendered = errors.to_string();
    assert!(
        rendered.contains("19999 problems"),
        "{}",
        &rendered[rendered.len() - 200..]
    );
    assert!(
        rendered.len() < 50_000,
        "{} bytes of report",
        rendered.len()
    );
}

#[test]
fn many_codes_are_fine() {
    let mut text = MINIMAL.to_owned();
    for i in 0..5_000 {
        text.push_str(&format!(
            "  Code{i}:\n    statuses: [404]\n    category: not_found\n    description: Code number {i}.\n"
        ));
    }
    let spec =
        parse_spec(text.as_bytes(), "many.yaml").unwrap_or_else(|e| panic!("{}", e.summary()));
    assert_eq!(spec.codes.len(), 5_001);
}

#[test]
fn a_leading_bom_is_accepted_and_spans_still_point_right() {
    let with_bom = format!("\u{feff}{MINIMAL}");
    assert!(parse_spec(with_bom.as_bytes(), "bom.yaml").is_ok());
    let broken = with_bom.replace(
        "category: not_found\n    description: The thing",
        "category: nope\n    description: The thing",
    );
    let errors = rejected(&broken);
    let span = errors.diagnostics[0].span.clone();
    assert_eq!(&errors.source[span], "nope");
}
