//! The JSON Schema of the spec format agrees with the loader.

/// Every key the schema allows for an endpoint is a key the loader accepts: a
/// spec using each of them loads (the export_jobs fixture uses them all).
#[test]
fn the_schema_and_the_loader_agree_on_endpoint_keys() {
    let schema: serde_json::Value =
        serde_json::from_str(&errspec_codegen::schema::json_schema()).unwrap();
    let endpoint = &schema["$defs"]["Endpoint"]["properties"];
    let mut keys: Vec<&str> = endpoint
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "deferred_effect",
            "description",
            "items",
            "method",
            "path",
            "poll",
            "success"
        ]
    );
    let fixture = include_str!("../fixtures/export_jobs.yaml");
    for key in keys {
        assert!(
            fixture.contains(&format!("    {key}:")),
            "{key} unused by the fixture"
        );
    }
}
