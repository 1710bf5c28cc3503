//! The code generated for each test fixture compiles (through `include_spec!`)
//! and behaves: awkward names become valid identifiers, and every string from the
//! spec comes back verbatim.

mod minimal {
    errspec::include_spec!("tests/fixtures/minimal.yaml");
}

mod awkward {
    errspec::include_spec!("tests/fixtures/awkward_names.yaml");
}

#[test]
fn minimal_spec_has_its_one_code() {
    assert_eq!(minimal::Code::ALL, &[minimal::Code::Missing]);
    assert_eq!(minimal::Code::Missing.statuses(), &[404]);
    assert_eq!(
        minimal::StatusInfo::category_of(500),
        None,
        "no class fallbacks declared"
    );
}

#[test]
fn awkward_values_round_trip_verbatim() {
    let values: Vec<&str> = awkward::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        values,
        [
            "match",
            "404_not_found",
            "Über-Fehler",
            "rate.limit exceeded",
            "quote\"and\\backslash",
            "OtherThing"
        ]
    );
    for code in awkward::Code::ALL {
        assert_eq!(&awkward::Code::parse(code.as_str()), code);
    }
    assert_eq!(awkward::Code::parse("match"), awkward::Code::Match);
    assert_eq!(
        awkward::Code::parse("404_not_found"),
        awkward::Code::_404NotFound
    );
    assert_eq!(
        awkward::Code::parse("quote\"and\\backslash").description(),
        Some("A code holding a quote and a backslash: \" \\")
    );
}

#[test]
fn awkward_category_keys_and_families_work() {
    use awkward::Category;
    assert_eq!(Category::from_key("2fa"), Some(Category::_2fa));
    assert_eq!(Category::from_key("self"), Some(Category::Self_));
    assert_eq!(awkward::StatusInfo::category_of(599), Some(Category::_2fa));
    let nested = awkward::Code::parse("E-4201");
    assert_eq!(nested.category(), Some(Category::Type));
    assert_eq!(
        nested.description(),
        Some("A narrower family nested in E-, with the same category."),
        "the longest prefix wins"
    );
    assert_eq!(
        awkward::StatusInfo::lookup(418).map(|s| s.reason),
        Some("I'm a teapot")
    );
}
