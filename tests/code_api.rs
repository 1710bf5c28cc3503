//! Behaviour of the generated Fivetran API beyond the seed tables: lossless
//! parsing, string forms, serde and status fallbacks.

use errspec_fivetran::{Category, Code, StatusInfo};

const AWKWARD: &[&str] = &[
    "",
    " ",
    "success",
    "Success ",
    "NotFound_",
    "NotFound_Connector\n",
    "Other",
    "ünïcödé ⚠",
    "\"quoted\"",
    "\u{0}",
];

#[test]
fn parse_is_lossless_for_listed_and_unlisted_strings() {
    for code in Code::ALL {
        assert_eq!(&Code::parse(code.as_str()), code);
    }
    for text in AWKWARD {
        let code = Code::parse(text);
        assert_eq!(code.as_str(), *text);
        assert!(!code.is_known(), "{text:?}");
        assert_eq!(Code::parse(code.as_str()), code);
    }
}

#[test]
fn display_from_str_and_from_agree_with_as_str() {
    for text in ["AlreadyInSync", "Mystery_Code"] {
        let parsed: Code = text.parse().unwrap();
        assert_eq!(parsed, Code::from(text));
        assert_eq!(parsed.to_string(), text);
    }
}

#[test]
fn serde_uses_the_string_value() {
    let json = serde_json::to_string(&Code::NotFoundRole).unwrap();
    assert_eq!(json, "\"NotFound_Role\"");
    let back: Code = serde_json::from_str(&json).unwrap();
    assert_eq!(back, Code::NotFoundRole);
    let unknown: Code = serde_json::from_str("\"Brand_New\"").unwrap();
    assert_eq!(unknown.as_str(), "Brand_New");
    assert!(serde_json::from_str::<Code>("42").is_err());
}

#[test]
fn unlisted_codes_outside_any_family_have_no_category() {
    let code = Code::parse("Brand_New");
    assert_eq!(code.category(), None);
    assert_eq!(code.description(), None);
    assert!(code.statuses().is_empty());
    assert!(!code.is_retryable());
    match &code {
        Code::Other(unknown) => assert_eq!(unknown.family(), None),
        other => panic!("{other:?} should be Other"),
    }
}

#[test]
fn family_members_take_the_family_description() {
    let code = Code::parse("NotFound_Webhook");
    let Code::Other(unknown) = &code else {
        panic!("not Other")
    };
    assert_eq!(unknown.family(), Some("NotFound_"));
    assert!(code.description().is_some());
    assert_ne!(code.description(), Code::NotFoundRole.description());
}

#[test]
fn undocumented_statuses_fall_back_by_class() {
    assert_eq!(StatusInfo::lookup(502), None);
    assert_eq!(StatusInfo::category_of(502), Some(Category::ServerError));
    assert_eq!(StatusInfo::category_of(418), Some(Category::Validation));
    assert_eq!(StatusInfo::category_of(202), Some(Category::Success));
    assert_eq!(StatusInfo::category_of(302), None);
    assert_eq!(StatusInfo::category_of(0), None);
    assert_eq!(StatusInfo::category_of(u16::MAX), None);
    // Documented statuses keep their own category, even inside a class with a fallback.
    assert_eq!(StatusInfo::category_of(409), Some(Category::Conflict));
}

#[test]
fn categories_round_trip_through_their_keys() {
    for category in Category::ALL {
        assert_eq!(Category::from_key(category.key()), Some(*category));
        assert_eq!(category.to_string(), category.name());
    }
    assert_eq!(Category::from_key("Not found"), None);
}

#[test]
fn display_honours_width_and_alignment() {
    assert_eq!(format!("[{:<8}]", Code::parse("Odd")), "[Odd     ]");
    assert_eq!(format!("[{:>9}]", Category::Conflict), "[ Conflict]");
}
