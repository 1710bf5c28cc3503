//! The `include_spec!` front-end compiles the same spec into the same API as
//! build.rs does.

mod via_macro {
    errspec::include_spec!("spec/fivetran.yaml", serde);
}

use errspec_fivetran as via_build;

#[test]
fn macro_and_build_script_give_the_same_codes() {
    let from_macro: Vec<(&str, &[u16], Option<&str>)> = via_macro::Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.statuses(), c.category().map(|k| k.key())))
        .collect();
    let from_build: Vec<(&str, &[u16], Option<&str>)> = via_build::Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.statuses(), c.category().map(|k| k.key())))
        .collect();
    assert_eq!(from_macro, from_build);
}

#[test]
fn macro_and_build_script_give_the_same_statuses_and_categories() {
    for status in 0..=600 {
        assert_eq!(
            via_macro::StatusInfo::category_of(status).map(|c| c.key()),
            via_build::StatusInfo::category_of(status).map(|c| c.key()),
            "{status}"
        );
    }
    let descriptions = |all: &[via_macro::Category]| -> Vec<&str> {
        all.iter().map(|c| c.description()).collect()
    };
    let build: Vec<&str> = via_build::Category::ALL
        .iter()
        .map(|c| c.description())
        .collect();
    assert_eq!(descriptions(via_macro::Category::ALL), build);
}

#[test]
fn macro_output_supports_serde() {
    let code: via_macro::Code = serde_json::from_str("\"RoleExists\"").unwrap();
    assert_eq!(code, via_macro::Code::RoleExists);
}
