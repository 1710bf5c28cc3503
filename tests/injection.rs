//! Spec text can never become Rust tokens: the generated *file* for a spec full
//! of quotes, comment markers, braces, NUL, carriage returns, emoji and
//! right-to-left controls compiles (it is included below, so rustc reads the
//! formatted text itself), and every string comes back exactly.
//!
//! The file is checked in at `tests/generated/injection.rs`; a test keeps it fresh.

use std::path::Path;

#[allow(dead_code)]
mod generated {
    include!("generated/injection.rs");
}

use generated::{Category, Code, StatusInfo};

const SPEC: &str = "tests/fixtures/injection.yaml";
const GENERATED: &str = "tests/generated/injection.rs";

#[test]
fn the_checked_in_file_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join(SPEC)).unwrap();
    let fresh = errspec_codegen::generate(&bytes, SPEC, &errspec_codegen::Options::new())
        .unwrap_or_else(|errors| panic!("{errors}"));
    let path = root.join(GENERATED);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
        return;
    }
    if std::env::var_os("ERRSPEC_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        panic!("{GENERATED} was stale and has been rewritten; review and commit it");
    }
    panic!(
        "{GENERATED} is stale. Run:\n    ERRSPEC_BLESS=1 cargo test --test injection\n\
         or, when the stale file no longer compiles:\n    \
         cargo run -p errspec-cli -- generate {SPEC} -o {GENERATED}"
    );
}

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
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED)).unwrap();
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
