//! The JSON Schema of the spec format, for editors.
//!
//! Derived from the same types the loader deserialises into, so the schema and
//! the loader cannot disagree about keys or types. Semantic rules (references,
//! collisions, ranges) stay the validator's job; `errspec check`-style tools
//! report those with locations.

/// The JSON Schema of the spec format, pretty-printed, with a trailing newline.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(crate::raw::RawSpec);
    schema.insert("title".into(), "errspec spec".into());
    schema.insert(
        "description".into(),
        "An HTTP API's error contract: categories, statuses, codes, families and endpoint success semantics. See the errspec README for the format."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_names_every_top_level_key_and_rejects_others() {
        let schema: serde_json::Value = serde_json::from_str(&super::json_schema()).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for key in [
            "version",
            "api",
            "categories",
            "statuses",
            "status_classes",
            "codes",
            "families",
            "endpoints",
        ] {
            assert!(properties.contains_key(key), "{key}");
        }
        assert_eq!(schema["additionalProperties"], false);
    }
}
