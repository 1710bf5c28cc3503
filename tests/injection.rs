//! Spec text can never become Rust tokens: the generated *file* for a spec full
//! of quotes, comment markers, braces, NUL, carriage returns, emoji and
//! right-to-left controls compiles (it is included below, so rustc reads the
//! formatted text itself), and every string comes back exactly.
//!
//! The file is checked in at `tests/generated/injection.rs`; `tests/checked_in.rs`
//! keeps it fresh.

#[allow(dead_code)]
mod generated {
    include!("generated/injection.rs");
}

use generated::{Category, Code, StatusInfo};

#[test]
fn code_values_come_back_exactly() {
    let values: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        values,
        [
            "\"); panic!(\"",
            "*/ #[",
            "line\nbreak",
            "nul\0byte",
            "\u{202E}evil\u{202C}",
            "🚀launch",
            "tab\there",
        ]
    );
    for code in Code::ALL {
        assert_eq!(&Code::parse(code.as_str()), code);
        assert!(code.is_known());
    }
}

#[test]
fn descriptions_and_names_come_back_exactly() {
    let weird = Category::ALL[0];
    assert_eq!(
        weird.name(),
        "Name with \"quotes\" and \\backslash\\ and \u{200F} RTL \u{202E} override"
    );
    assert_eq!(
        weird.description(),
        "*/ fn evil() {} /*\n#[doc = \"x\"]\n} } }\n\0\r\n🚀 ✓\n__errspec_list_0,\n&[__errspec_list_1]"
    );
    let status = StatusInfo::lookup(400).unwrap();
    assert_eq!(status.reason, "Bad \"Request\" \\ */");
    assert_eq!(status.description, "Ends with a backslash \\");
    assert_eq!(
        Code::parse("nul\0byte").description(),
        Some("A NUL inside the value.")
    );
    assert_eq!(Code::parse("tab\there").description(), Some("Tab\tinside."));
}

#[test]
fn families_match_on_awkward_prefixes() {
    let code = Code::parse("\"} and more");
    assert!(!code.is_known());
    assert_eq!(code.category(), Some(Category::ALL[0]));
    assert_eq!(
        code.description(),
        Some("Family whose prefix is a quote and a brace.")
    );
}

#[test]
fn doc_comments_spell_out_what_rustc_would_reject() {
    let text = include_str!("generated/injection.rs");
    for line in text.lines().filter(|l| l.trim_start().starts_with("///")) {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() && c != '\t' || ('\u{202A}'..='\u{202E}').contains(&c)),
            "raw control or bidi character in a doc line: {line:?}"
        );
    }
    assert!(text.contains(r"/// Value `nul\u{0}byte`"));
    // A description quoting the generator's list placeholder stays text.
    assert!(text.contains("    /// __errspec_list_0,\n    /// &[__errspec_list_1]\n"));
    assert!(!text.contains("__errspec_list1x"));
}
