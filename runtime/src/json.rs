//! Reading the fields a spec's rules name: one walk of a [`FieldPath`], over
//! a parsed document (success rules) or a body read in place (error envelopes).

use serde_json::Value;

use crate::body::Raw;
use crate::{Condition, Defer, FieldPath, Note, Scalar, Step, Steps};

/// A JSON value a path can walk through.
pub(crate) trait Node: Copy {
    /// The member named `key`, if this is an object that has one.
    fn member(self, key: &str) -> Option<Self>;
    /// The elements, if this is an array.
    fn elements(self) -> impl Iterator<Item = Self>;
    /// Whether a string or number reads as `text`.
    fn is_text(self, text: &str) -> bool;
}

impl Node for &Value {
    fn member(self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }

    fn is_text(self, text: &str) -> bool {
        match self {
            Value::String(value) => value == text,
            Value::Number(number) => number.to_string() == text,
            _ => false,
        }
    }
}

impl Node for Raw<'_, '_> {
    fn member(self, key: &str) -> Option<Self> {
        Raw::member(self, key)
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        Raw::elements(self)
    }

    fn is_text(self, text: &str) -> bool {
        Raw::text(self).as_deref() == Some(text)
    }
}

/// The value at `path` in `document`, if the path leads anywhere.
pub(crate) fn find<N: Node>(path: &FieldPath<'_>, document: N) -> Option<N> {
    match path.dotted_keys() {
        Some(mut keys) => keys.try_fold(document, |node, key| node.member(key)),
        None => walk(document, path.steps()),
    }
}

/// [`find`] for many paths into one document, remembering the member the last
/// path started with: an envelope's paths mostly share it (`error.code`,
/// `error.message`, `error.type`, ...), so it is found once.
pub(crate) struct Finder<'r, N> {
    root: N,
    first: std::cell::Cell<Option<(&'r str, Option<N>)>>,
}

impl<'r, N: Node> Finder<'r, N> {
    /// A finder over `root`.
    pub(crate) fn new(root: N) -> Finder<'r, N> {
        Finder {
            root,
            first: std::cell::Cell::new(None),
        }
    }

    /// The value at `path`, as [`find`] gives it.
    pub(crate) fn find(&self, path: &FieldPath<'r>) -> Option<N> {
        let Some(mut keys) = path.dotted_keys() else {
            return find(path, self.root);
        };
        let first = keys.next()?;
        let node = match self.first.get() {
            Some((key, node)) if key == first => node,
            _ => {
                let node = self.root.member(first);
                self.first.set(Some((first, node)));
                node
            }
        }?;
        keys.try_fold(node, |node, key| node.member(key))
    }
}

/// The value at `path` in a parsed document.
pub(crate) fn get<'v>(path: &FieldPath<'_>, document: &'v Value) -> Option<&'v Value> {
    find(path, document)
}

fn walk<N: Node>(mut node: N, mut steps: Steps<'_>) -> Option<N> {
    while let Some(step) = steps.next() {
        node = match step {
            Step::Member(key) => node.member(key)?,
            Step::Element(index) => node.elements().nth(index)?,
            Step::Select { field, equals } => node.elements().find(|element| {
                element
                    .member(field)
                    .is_some_and(|value| value.is_text(equals))
            })?,
            Step::Repeat { key, at_least_once } => {
                // The chain node, node.key, node.key.key, …: the rest of the
                // path is read at the deepest level where it leads anywhere.
                let mut chain = vec![node];
                while let Some(next) = chain.last().and_then(|last| last.member(key)) {
                    if chain.len() > crate::MAX_DEPTH {
                        break;
                    }
                    chain.push(next);
                }
                let skip = usize::from(at_least_once);
                return chain
                    .into_iter()
                    .skip(skip)
                    .rev()
                    .find_map(|level| walk(level, steps.clone()));
            }
        };
    }
    Some(node)
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

    /// A finder remembers the first member of the last path, and finds what
    /// `find` finds whatever order the paths come in.
    #[test]
    fn a_finder_finds_what_find_finds() {
        let body = br#"{"error":{"code":"A","message":"m","inner":{"code":"B"}},"title":"T","x":{"code":"C"}}"#;
        let mut index = crate::body::Index::new();
        let root = Raw::document(body, &mut index).unwrap();
        let finder = Finder::new(root);
        let paths = [
            "error.code",
            "error.message",
            "title",
            "error.inner.code",
            "x.code",
            "error.code",
            "missing.code",
            "missing.other",
            "error",
            "error.nope",
            "x.code",
            "error.inner+.code",
        ];
        for text in paths {
            let path = FieldPath::new(text);
            let found = finder.find(&path).and_then(Raw::text);
            assert_eq!(found, find(&path, root).and_then(Raw::text), "{text}");
            assert_eq!(
                finder.find(&path).is_some(),
                find(&path, root).is_some(),
                "{text}"
            );
        }
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
