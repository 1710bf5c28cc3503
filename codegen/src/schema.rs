//! The JSON Schema of the spec format, for editors.
//!
//! Derived from the same types the loader decodes into, so the schema and the
//! loader cannot disagree about keys or types (a test checks the decoder's
//! tables of required keys against it). Semantic rules (references,
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

    #[test]
    fn the_decoder_requires_the_keys_the_schema_requires() {
        use crate::raw::*;
        let schema: serde_json::Value = serde_json::from_str(&super::json_schema()).unwrap();
        let tables: [(&str, &[&str], &[&str]); 19] = [
            ("", RawSpec::FIELDS, RawSpec::REQUIRED),
            ("Api", RawApi::FIELDS, RawApi::REQUIRED),
            ("Category", RawCategory::FIELDS, RawCategory::REQUIRED),
            ("Status", RawStatus::FIELDS, RawStatus::REQUIRED),
            ("Code", RawCode::FIELDS, RawCode::REQUIRED),
            ("Family", RawFamily::FIELDS, RawFamily::REQUIRED),
            ("Endpoint", RawEndpoint::FIELDS, RawEndpoint::REQUIRED),
            ("Items", RawItems::FIELDS, RawItems::REQUIRED),
            ("Poll", RawPoll::FIELDS, RawPoll::REQUIRED),
            ("Defer", RawDefer::FIELDS, RawDefer::REQUIRED),
            ("Note", RawNote::FIELDS, RawNote::REQUIRED),
            ("Reschedule", RawReschedule::FIELDS, RawReschedule::REQUIRED),
            ("Condition", RawCondition::FIELDS, RawCondition::REQUIRED),
            (
                "DeferredEffect",
                RawDeferredEffect::FIELDS,
                RawDeferredEffect::REQUIRED,
            ),
            ("Envelope", RawEnvelope::FIELDS, RawEnvelope::REQUIRED),
            ("Source", RawSource::FIELDS, RawSource::REQUIRED),
            ("ErrorWhen", RawErrorWhen::FIELDS, RawErrorWhen::REQUIRED),
            ("MatchRule", RawMatchRule::FIELDS, RawMatchRule::REQUIRED),
            (
                "DelaySource",
                RawDelaySource::FIELDS,
                RawDelaySource::REQUIRED,
            ),
        ];
        for (name, fields, required) in tables {
            let definition = match name {
                "" => &schema,
                name => &schema["$defs"][name],
            };
            let keys: Vec<&str> = definition["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut sorted = fields.to_vec();
            sorted.sort_unstable();
            let mut schema_keys = keys.clone();
            schema_keys.sort_unstable();
            assert_eq!(sorted, schema_keys, "{name}");
            // A type without required keys has no `required` list.
            let wanted: Vec<&str> = definition["required"]
                .as_array()
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|key| key.as_str().unwrap())
                .collect();
            let required: Vec<&str> = required.iter().copied().filter(|k| !k.is_empty()).collect();
            assert_eq!(required, wanted, "{name}");
        }
    }
}
