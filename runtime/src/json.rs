//! Reading the fields a spec's rules name from a parsed JSON document.

use serde_json::Value;

use crate::{Condition, Defer, FieldPath, Note, Scalar};

/// The value at `path`, if every key along it exists.
pub(crate) fn get<'v>(path: &FieldPath<'_>, document: &'v Value) -> Option<&'v Value> {
    path.keys()
        .try_fold(document, |current, key| current.as_object()?.get(key))
}

/// Whether a JSON value equals a scalar of the spec (same JSON type, same value).
pub(crate) fn matches(scalar: &Scalar<'_>, value: &Value) -> bool {
    match (scalar, value) {
        (Scalar::Null, Value::Null) => true,
        (Scalar::Bool(a), Value::Bool(b)) => a == b,
        (Scalar::Int(a), Value::Number(b)) => b.as_i64() == Some(*a),
        (Scalar::Str(a), Value::String(b)) => a == b,
        _ => false,
    }
}

/// Whether a defer condition holds for a document.
pub(crate) fn defer_holds(defer: &Defer<'_>, document: &Value) -> bool {
    get(&defer.field, document).is_some_and(|value| matches(&defer.equals, value))
}

/// Whether a condition holds for a document.
pub(crate) fn holds(condition: &Condition<'_>, document: &Value) -> bool {
    get(&condition.field, document).is_some_and(|value| matches(&condition.equals, value))
}

/// Whether a note applies to a document.
pub(crate) fn note_applies(note: &Note<'_>, document: &Value) -> bool {
    get(&note.field, document).is_some_and(|value| matches(&note.equals, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_paths_follow_object_keys_only() {
        let state = FieldPath::new("data.status.sync_state");
        let doc = json!({"data": {"status": {"sync_state": "syncing"}, "list": [1]}});
        assert_eq!(get(&state, &doc), Some(&json!("syncing")));
        assert_eq!(get(&state, &json!({"data": []})), None);
        assert_eq!(get(&state, &json!("text")), None);
        assert_eq!(get(&FieldPath::new(""), &doc), Some(&doc));
    }

    #[test]
    fn scalars_compare_by_json_type() {
        assert!(matches(&Scalar::Bool(true), &json!(true)));
        assert!(!matches(&Scalar::Bool(true), &json!("true")));
        assert!(matches(&Scalar::Str("paused"), &json!("paused")));
        assert!(matches(&Scalar::Int(3), &json!(3)));
        assert!(!matches(&Scalar::Int(3), &json!(3.5)));
        assert!(matches(&Scalar::Null, &json!(null)));
        let paused = Defer {
            field: FieldPath::new("data.paused"),
            equals: Scalar::Bool(true),
            reason: "paused",
            until: None,
        };
        assert!(defer_holds(&paused, &json!({"data": {"paused": true}})));
        assert!(!defer_holds(&paused, &json!({"data": {}})));
    }
}
