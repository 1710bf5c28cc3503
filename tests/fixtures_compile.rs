//! The code generated for each test fixture compiles (through `include_spec!`)
//! and behaves: awkward names become valid identifiers, and every string from the
//! spec comes back verbatim.

mod minimal {
    errspec::include_spec!("codegen/tests/fixtures/minimal.yaml");
}

mod awkward {
    errspec::include_spec!("codegen/tests/fixtures/awkward_names.yaml");
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

mod export_jobs {
    errspec::include_spec!("codegen/tests/fixtures/export_jobs.yaml");
}

/// The endpoint rules are general: another API with other field names, value
/// sets and defer conditions works through the same generated API.
#[test]
fn another_api_reuses_the_endpoint_rules() {
    use errspec::{Baseline, Headers, Progress};
    use export_jobs::{Endpoint, Outcome};

    let rows = br#"{"result":{"rows":[{"outcome":"inserted"},{"outcome":"mystery"}]}}"#;
    match Endpoint::ImportRows.classify(200, Headers::new(), rows.to_vec()) {
        Ok(Outcome::Failed(issues)) => assert_eq!(issues[0].value.as_deref(), Some("mystery")),
        other => panic!("`other: fail` makes unknown outcomes fail: {other:?}"),
    }

    let plan = match Endpoint::StartExport.classify(202, Headers::new(), Vec::new()) {
        Ok(Outcome::Pending(plan)) => plan,
        other => panic!("{other:?}"),
    };
    assert_eq!(plan.endpoint, Endpoint::GetJob);
    let before = serde_json::json!({"job": {"finished": null, "crashed": null, "phase": "queued"}});
    let baseline = Baseline::from_document(plan.rule, &before);
    let waiting = serde_json::json!({"job": {"finished": null, "crashed": null, "phase": "waiting_for_quota"}});
    assert!(matches!(
        errspec::evaluate(plan.rule, &baseline, &waiting),
        Progress::Deferred(_)
    ));
    let retried = serde_json::json!({"job": {"finished": null, "phase": "running", "retries": 3}});
    assert_eq!(
        errspec::evaluate(plan.rule, &baseline, &retried),
        Progress::Running {
            state: Some("running".into()),
            notes: vec!["The job was retried three times".into()]
        }
    );
    let done = serde_json::json!({"job": {"finished": "2030-01-01T00:00:00Z", "crashed": null}});
    assert!(matches!(
        errspec::evaluate(plan.rule, &baseline, &done),
        Progress::Succeeded { .. }
    ));

    assert!(matches!(
        Endpoint::SetRetention.classify(200, Headers::new(), Vec::new()),
        Ok(Outcome::Deferred(_))
    ));
    let busy = Endpoint::StartExport
        .classify(
            429,
            Headers::new().with("Retry-After", "7"),
            br#"{"code":"quota.exports"}"#.to_vec(),
        )
        .unwrap_err();
    assert_eq!(busy.category(), Some(export_jobs::Category::Busy));
    assert_eq!(
        busy.retry_after(),
        Some(errspec::RetryAfter::Delay(std::time::Duration::from_secs(
            7
        )))
    );
}

mod forty {
    errspec::include_spec!("codegen/tests/fixtures/forty_codes.yaml");
}

/// Large specs look codes up in a generated hash table: every listed value is
/// found, in order, and near misses are not.
#[test]
fn the_hash_table_lookup_finds_exactly_the_listed_codes() {
    assert_eq!(forty::Code::ALL.len(), 40);
    for (position, code) in forty::Code::ALL.iter().enumerate() {
        let parsed = forty::Code::parse(code.as_str());
        assert_eq!(&parsed, code);
        assert_eq!(forty::Code::ALL[position].as_str(), code.as_str());
        assert_eq!(
            parsed.description(),
            Some(format!("Missing thing number {position}.").as_str())
        );
    }
    for miss in [
        "Missing_00",
        "Missing_00_ ",
        "missing_00_",
        "Missing_40_",
        "",
    ] {
        assert!(!forty::Code::parse(miss).is_known(), "{miss:?}");
    }
}
