//! The checked-in JSON Schema of the spec format (`spec/errspec.schema.json`,
//! which `spec/fivetran.yaml` names for editors) is what the spec model derives.

use std::path::Path;

const SCHEMA: &str = "spec/errspec.schema.json";

#[test]
fn the_checked_in_schema_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let fresh = errspec_codegen::schema::json_schema();
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
        return;
    }
    if std::env::var_os("ERRSPEC_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        panic!("{SCHEMA} was stale and has been rewritten; review and commit it");
    }
    panic!("{SCHEMA} is stale. Run:\n    cargo run -p errspec-cli -- schema -o {SCHEMA}");
}

#[test]
fn the_flagship_spec_points_editors_at_the_schema() {
    let spec = include_str!("../spec/fivetran.yaml");
    assert_eq!(
        spec.lines().next(),
        Some("# yaml-language-server: $schema=errspec.schema.json")
    );
}

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
    let fixture = include_str!("fixtures/export_jobs.yaml");
    for key in keys {
        assert!(
            fixture.contains(&format!("    {key}:")),
            "{key} unused by the fixture"
        );
    }
}
