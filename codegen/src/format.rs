//! `errspec fmt --check`: is a spec written in canonical order?
//!
//! Canonical order is the order of the fields of the spec format's types in
//! `raw.rs` (read from their serde derives, so it cannot drift from the
//! loader), for every mapping with fixed keys: the top level, `api`, each
//! category, status, code, family and endpoint, and an endpoint's `items`,
//! `poll`, `defer` entries, `notes` entries and `deferred_effect`. Statuses are
//! listed in ascending numeric order. The order of categories, codes, families
//! and endpoints is the author's: it is the order of the generated code.
//!
//! errspec only checks, it never rewrites: the YAML library can serialise a
//! spec, but not with the source's comments, and a spec's comments are part of
//! the contract's review. Each problem is a located [`Diagnostic`] on the key,
//! with a help line saying where the key belongs.
//!
//! Merge keys (`<<: *anchor`): the spec is read a second time with `<<` kept as
//! an ordinary key, so a mapping's own keys keep their written order. The `<<`
//! entry itself may stand anywhere and is not ranked; the merged mapping is
//! checked where its anchor defines it, and nodes replayed through an alias are
//! skipped, so an out-of-order anchor is reported once, at its definition.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, Options, Spanned};

use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::load::span_of;
use crate::raw;

/// Why a spec did not pass `errspec fmt --check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckError {
    /// The spec does not load or validate; these are the loader's and
    /// validator's diagnostics, to fix before the order can be checked.
    Invalid(SpecErrors),
    /// The spec is valid, but keys or statuses are out of canonical order.
    NotCanonical(SpecErrors),
}

impl CheckError {
    /// The located problems, ready to render.
    pub fn errors(&self) -> &SpecErrors {
        match self {
            CheckError::Invalid(errors) | CheckError::NotCanonical(errors) => errors,
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.errors().fmt(f)
    }
}

impl std::error::Error for CheckError {}

/// Checks that a spec is valid and written in canonical order.
///
/// `origin` names the spec in diagnostics (usually its path). The spec is
/// validated first ([`crate::parse_spec`]); only a valid spec has its order
/// checked.
pub fn check(bytes: &[u8], origin: &str) -> Result<(), CheckError> {
    crate::parse_spec(bytes, origin).map_err(CheckError::Invalid)?;
    // parse_spec accepted the bytes, so they are UTF-8.
    let source = String::from_utf8_lossy(bytes);
    let errors = |diagnostics: Vec<Diagnostic>| {
        let suppressed = diagnostics.len().saturating_sub(crate::MAX_DIAGNOSTICS);
        SpecErrors {
            origin: origin.to_owned(),
            source: source.clone().into_owned(),
            diagnostics: diagnostics
                .into_iter()
                .take(crate::MAX_DIAGNOSTICS)
                .collect(),
            suppressed,
        }
    };
    match order_problems(&source) {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(CheckError::NotCanonical(errors(problems))),
        Err(diagnostic) => Err(CheckError::Invalid(errors(vec![diagnostic]))),
    }
}

/// Every key of `source` that is out of canonical order, in document order.
/// `source` is a spec that [`crate::parse_spec`] accepted.
fn order_problems(source: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut options = Options::default();
    // Keep `<<` as a key so each mapping's own keys keep their written order
    // (expanding merges appends the merged keys after them). Two `<<` keys in a
    // mapping are then a "duplicate"; every other duplicate was already rejected
    // by the loader, and with this policy the visitor still sees both entries.
    options.merge_keys = MergeKeyPolicy::AsOrdinary;
    options.duplicate_keys = DuplicateKeyPolicy::LastWins;
    let tree = serde_saphyr::from_str_with_options::<Node>(source, options).map_err(|error| {
        let message = error.without_snippet().to_string();
        Diagnostic::new(format!("cannot read the spec's key order: {message}"), 0..0).with_help(
            "the spec validated, so this is a bug in errspec: please report it with the spec",
        )
    })?;
    let mut problems = Vec::new();
    walk(&tree, Shape::Spec, &Path::Root, source, &mut problems);
    problems.sort_by_key(|d| d.span.start);
    Ok(problems)
}

/// What a mapping or list in the spec holds, which decides how its keys are
/// ordered and what its children are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Spec,
    Api,
    Categories,
    Category,
    Statuses,
    Status,
    Codes,
    Code,
    Families,
    Family,
    Endpoints,
    Endpoint,
    Items,
    Poll,
    Defers,
    Defer,
    Notes,
    Note,
    Reschedule,
    Condition,
    DeferredEffect,
    /// Anything whose order errspec does not check.
    Unchecked,
}

impl Shape {
    /// The canonical key order of a mapping with fixed keys: the field order of
    /// the spec format's type for it.
    fn fields(self) -> Option<&'static [&'static str]> {
        Some(match self {
            Shape::Spec => fields_of::<raw::RawSpec>(),
            Shape::Api => fields_of::<raw::RawApi>(),
            Shape::Category => fields_of::<raw::RawCategory>(),
            Shape::Status => fields_of::<raw::RawStatus>(),
            Shape::Code => fields_of::<raw::RawCode>(),
            Shape::Family => fields_of::<raw::RawFamily>(),
            Shape::Endpoint => fields_of::<raw::RawEndpoint>(),
            Shape::Items => fields_of::<raw::RawItems>(),
            Shape::Poll => fields_of::<raw::RawPoll>(),
            Shape::Defer => fields_of::<raw::RawDefer>(),
            Shape::Note => fields_of::<raw::RawNote>(),
            Shape::Reschedule => fields_of::<raw::RawReschedule>(),
            Shape::Condition => fields_of::<raw::RawCondition>(),
            Shape::DeferredEffect => fields_of::<raw::RawDeferredEffect>(),
            _ => return None,
        })
    }

    /// The shape of the value under `key` in a mapping of this shape.
    fn child(self, key: &str) -> Shape {
        match (self, key) {
            (Shape::Spec, "api") => Shape::Api,
            (Shape::Spec, "categories") => Shape::Categories,
            (Shape::Spec, "statuses") => Shape::Statuses,
            (Shape::Spec, "codes") => Shape::Codes,
            (Shape::Spec, "families") => Shape::Families,
            (Shape::Spec, "endpoints") => Shape::Endpoints,
            (Shape::Categories, _) => Shape::Category,
            (Shape::Statuses, _) => Shape::Status,
            (Shape::Codes, _) => Shape::Code,
            (Shape::Endpoints, _) => Shape::Endpoint,
            (Shape::Endpoint, "items") => Shape::Items,
            (Shape::Endpoint, "poll") => Shape::Poll,
            (Shape::Endpoint, "deferred_effect") => Shape::DeferredEffect,
            (Shape::Poll, "defer") => Shape::Defers,
            (Shape::Poll, "notes") => Shape::Notes,
            (Shape::Poll, "reschedule") => Shape::Reschedule,
            (Shape::Reschedule, "trigger_again") => Shape::Condition,
            _ => Shape::Unchecked,
        }
    }

    /// The shape of each element of a list of this shape.
    fn element(self) -> Shape {
        match self {
            Shape::Families => Shape::Family,
            Shape::Defers => Shape::Defer,
            Shape::Notes => Shape::Note,
            _ => Shape::Unchecked,
        }
    }
}

/// Where a mapping sits in the spec, for messages: `endpoints.sync.poll.defer[0]`.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

impl Path<'_> {
    /// "at the top level" or "in `api`".
    fn place(&self) -> String {
        match self {
            Path::Root => "at the top level".to_owned(),
            path => format!("in `{path}`"),
        }
    }
}

/// The YAML merge key.
const MERGE_KEY: &str = "<<";

fn walk(node: &Node, shape: Shape, path: &Path<'_>, source: &str, out: &mut Vec<Diagnostic>) {
    if shape == Shape::Unchecked {
        return;
    }
    match node {
        Node::Map(entries) => {
            // An entry replayed through an alias (`poll: *x`, or the keys a `<<:
            // *x` brings in) is checked where its anchor defines it.
            let own: Vec<&(Spanned<Key>, Node)> = entries
                .iter()
                .filter(|(key, _)| key.referenced == key.defined)
                .collect();
            check_mapping(&own, shape, path, source, out);
            for (key, value) in own {
                if key.value.0 == MERGE_KEY {
                    // An inline `<<: {..}` (or a list of them) adds keys to this
                    // very mapping: check it as this mapping's shape.
                    match value {
                        Node::Seq(items) => {
                            for item in items {
                                walk(item, shape, path, source, out);
                            }
                        }
                        other => walk(other, shape, path, source, out),
                    }
                } else {
                    let child = Path::Key(path, &key.value.0);
                    walk(value, shape.child(&key.value.0), &child, source, out);
                }
            }
        }
        Node::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(
                    item,
                    shape.element(),
                    &Path::Index(path, index),
                    source,
                    out,
                );
            }
        }
        Node::Scalar => {}
    }
}

/// Reports the keys of one mapping that are out of order.
fn check_mapping(
    entries: &[&(Spanned<Key>, Node)],
    shape: Shape,
    path: &Path<'_>,
    source: &str,
    out: &mut Vec<Diagnostic>,
) {
    let fields = shape.fields();
    let ranked: Vec<(i64, &Spanned<Key>)> = entries
        .iter()
        .filter(|(key, _)| key.value.0 != MERGE_KEY)
        .filter_map(|(key, _)| {
            let rank = match fields {
                Some(fields) => fields.iter().position(|f| *f == key.value.0)? as i64,
                None if shape == Shape::Statuses => key.value.0.parse::<i64>().ok()?,
                None => return None,
            };
            Some((rank, key))
        })
        .collect();
    if ranked.len() < 2 {
        return;
    }
    let ranks: Vec<i64> = ranked.iter().map(|(rank, _)| *rank).collect();
    let kept = kept_in_place(&ranks);
    for (i, (rank, key)) in ranked.iter().enumerate() {
        if kept[i] {
            continue;
        }
        // Its neighbours in canonical order among the keys present: placing
        // every reported key between its own two gives the canonical order,
        // however many keys move.
        let previous = ranks.iter().filter(|r| *r < rank).max();
        let next = ranks.iter().filter(|r| *r > rank).min();
        let name_of = |wanted: Option<&i64>| {
            let wanted = wanted?;
            let (_, key) = ranked.iter().find(|(r, _)| r == wanted)?;
            // Field names are quoted as code; status numbers are not.
            Some(match fields {
                Some(_) => format!("`{}`", key.value.0),
                None => key.value.0.clone(),
            })
        };
        let place = match (name_of(previous), name_of(next)) {
            (Some(previous), Some(next)) => format!("between {previous} and {next}"),
            (Some(previous), None) => format!("after {previous}"),
            (None, Some(next)) => format!("before {next}"),
            (None, None) => continue,
        };
        let name = &key.value.0;
        let span = span_of(source, &key.referenced);
        let diagnostic = match fields {
            Some(fields) => Diagnostic::new(
                format!("`{name}` is out of canonical order {}", path.place()),
                span,
            )
            .with_help(format!(
                "move `{name}` {place}; the order is {}",
                order_text(shape, fields)
            )),
            None => Diagnostic::new(
                format!("status {name} is out of ascending order {}", path.place()),
                span,
            )
            .with_help(format!(
                "move {name} {place}; statuses are listed in ascending numeric order"
            )),
        };
        out.push(diagnostic.with_label("out of order"));
    }
}

/// The canonical order as a help text: "name, description, retry".
fn order_text(shape: Shape, fields: &[&str]) -> String {
    if shape == Shape::Endpoint {
        // The three ways to confirm an outcome exclude each other.
        let (plain, confirm): (Vec<&str>, Vec<&str>) = fields
            .iter()
            .partition(|f| !matches!(**f, "items" | "poll" | "deferred_effect"));
        return format!("{}, then {}", plain.join(", "), confirm.join(" | "));
    }
    fields.join(", ")
}

/// Which positions of `ranks` stay where they are: a longest increasing
/// subsequence, the one keeping the earliest keys, so the keys reported are the
/// fewest to move and each is one that comes too late. Quadratic, which is
/// fine: mappings with fixed keys have at most eight, and a valid spec has at
/// most 500 statuses.
fn kept_in_place(ranks: &[i64]) -> Vec<bool> {
    let n = ranks.len();
    // longest[i]: length of the longest increasing run of ranks starting at i.
    let mut longest = vec![1usize; n];
    for i in (0..n).rev() {
        for j in i + 1..n {
            if ranks[j] > ranks[i] {
                longest[i] = longest[i].max(longest[j] + 1);
            }
        }
    }
    let mut kept = vec![false; n];
    let mut need = longest.iter().copied().max().unwrap_or(0);
    let mut last: Option<i64> = None;
    for i in 0..n {
        if need == 0 {
            break;
        }
        if longest[i] == need && last.is_none_or(|l| ranks[i] > l) {
            kept[i] = true;
            last = Some(ranks[i]);
            need -= 1;
        }
    }
    kept
}

/// The field names of a struct type, in declaration order, as its serde derive
/// lists them.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(FieldsError(Some(fields))) => fields,
        _ => &[],
    }
}

/// A deserializer that only records the field list a struct asks for.
struct FieldNames;

#[derive(Debug)]
struct FieldsError(Option<&'static [&'static str]>);

impl fmt::Display for FieldsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for FieldsError {}

impl de::Error for FieldsError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        FieldsError(None)
    }
}

impl<'de> Deserializer<'de> for FieldNames {
    type Error = FieldsError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldsError> {
        Err(FieldsError(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, FieldsError> {
        Err(FieldsError(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// A YAML node, keeping only what the order check needs: mapping keys with
/// their positions, in written order.
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<Key>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

/// A mapping key as text (`404` as well as `name`).
#[derive(Debug, PartialEq, Eq)]
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar key")
            }

            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }

            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_i128<E>(self, v: i128) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_u128<E>(self, v: u128) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }

            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }

            fn visit_none<E>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
        }

        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML node")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Node, D::Error> {
                Node::deserialize(inner)
            }

            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                inner: D,
            ) -> Result<Node, D::Error> {
                Node::deserialize(inner)
            }

            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }

            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
        }

        deserializer.deserialize_any(NodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
version: 1
api: { name: Demo, description: A demo. }
categories:
  not_found: { name: Not found, description: Missing., retry: never }
statuses:
  404: { reason: Not Found, description: Nothing there., category: not_found }
codes:
  NotFound_Thing: { statuses: [404], category: not_found, description: No such thing. }
";

    /// The messages and the underlined text of each problem.
    fn problems(source: &str) -> Vec<(String, String, String)> {
        order_problems(source)
            .unwrap()
            .into_iter()
            .map(|d| {
                (
                    d.message.clone(),
                    source[d.span.clone()].to_owned(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn canonical_orders_follow_the_spec_format() {
        let expected: [(Shape, &[&str]); 14] = [
            (
                Shape::Spec,
                &[
                    "version",
                    "api",
                    "categories",
                    "statuses",
                    "status_classes",
                    "codes",
                    "families",
                    "endpoints",
                ],
            ),
            (Shape::Api, &["name", "description"]),
            (Shape::Category, &["name", "description", "retry"]),
            (Shape::Status, &["reason", "description", "category"]),
            (Shape::Code, &["statuses", "category", "description"]),
            (Shape::Family, &["prefix", "category", "description"]),
            (
                Shape::Endpoint,
                &[
                    "method",
                    "path",
                    "success",
                    "description",
                    "items",
                    "poll",
                    "deferred_effect",
                ],
            ),
            (
                Shape::Items,
                &["each", "fail", "degrade", "pass", "other", "when_request"],
            ),
            (
                Shape::Poll,
                &[
                    "endpoint",
                    "succeeded_at",
                    "failed_at",
                    "state",
                    "defer",
                    "notes",
                    "reschedule",
                ],
            ),
            (Shape::Defer, &["field", "equals", "reason", "until"]),
            (Shape::Note, &["field", "equals", "note", "detail"]),
            (
                Shape::Reschedule,
                &["field", "equals", "until", "trigger_again"],
            ),
            (Shape::Condition, &["field", "equals"]),
            (Shape::DeferredEffect, &["reason", "until", "verify"]),
        ];
        for (shape, fields) in expected {
            assert_eq!(shape.fields(), Some(fields), "{shape:?}");
        }
        assert_eq!(Shape::Codes.fields(), None);
        assert_eq!(Shape::Statuses.fields(), None);
    }

    #[test]
    fn a_canonical_spec_has_no_problems() {
        assert_eq!(problems(SPEC), vec![]);
        assert_eq!(check(SPEC.as_bytes(), "demo.yaml"), Ok(()));
    }

    #[test]
    fn the_fewest_keys_are_reported_each_with_its_place() {
        // One key too early: only it is reported, not the two after it.
        let spec = SPEC.replace(
            "{ name: Not found, description: Missing., retry: never }",
            "{ retry: never, name: Not found, description: Missing. }",
        );
        assert_eq!(
            problems(&spec),
            vec![(
                "`retry` is out of canonical order in `categories.not_found`".to_owned(),
                "retry".to_owned(),
                "move `retry` after `description`; the order is name, description, retry"
                    .to_owned()
            )]
        );
        // Two swapped keys: the later one is reported.
        let spec = SPEC.replace(
            "version: 1\napi: { name: Demo, description: A demo. }",
            "api: { description: A demo., name: Demo }\nversion: 1",
        );
        let found = problems(&spec);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "name");
        assert_eq!(
            found[0].2,
            "move `name` before `description`; the order is name, description"
        );
        assert_eq!(found[1].1, "version");
        assert!(found[1].2.starts_with("move `version` before `api`"));
    }

    #[test]
    fn statuses_are_ascending_and_other_entries_keep_the_authors_order() {
        let spec = format!(
            "{SPEC}  Zebra: {{ statuses: [404], category: not_found, description: Z. }}\n"
        )
        .replace(
            "statuses:\n",
            "statuses:\n  409: { reason: Conflict, description: Clash., category: not_found }\n",
        );
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].0,
            "status 404 is out of ascending order in `statuses`"
        );
        assert_eq!(found[0].1, "404");
        assert_eq!(
            found[0].2,
            "move 404 before 409; statuses are listed in ascending numeric order"
        );
    }

    #[test]
    fn merged_mappings_check_their_own_keys_and_the_anchor_once() {
        let spec = format!(
            "{SPEC}endpoints:
  get:
    method: GET
    path: /x
    success: [200]
    description: Reads.
  sync:
    method: POST
    path: /x/sync
    success: [200]
    description: Syncs.
    poll: &p
      endpoint: get
      failed_at: f
      succeeded_at: s
  resync:
    method: POST
    path: /x/resync
    success: [200]
    description: Resyncs.
    poll:
      notes:
        - {{ field: a, equals: 1, note: N }}
      <<: *p
      defer:
        - {{ field: b, equals: true, reason: R }}
  again:
    method: POST
    path: /x/again
    success: [200]
    description: Again.
    poll: *p
"
        );
        crate::parse_spec(spec.as_bytes(), "s.yaml").unwrap();
        let found = problems(&spec);
        let messages: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            messages,
            [
                // At the anchor's definition only, not again where it is merged or aliased.
                "`succeeded_at` is out of canonical order in `endpoints.sync.poll`",
                // The merged mapping's own keys, in their written order.
                "`defer` is out of canonical order in `endpoints.resync.poll`",
            ]
        );
    }

    #[test]
    fn an_inline_merge_is_checked_as_part_of_its_mapping() {
        let spec = SPEC.replace(
            "api: { name: Demo, description: A demo. }",
            "api:\n  <<: { description: A demo., name: Demo }",
        );
        crate::parse_spec(spec.as_bytes(), "s.yaml").unwrap();
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "`name` is out of canonical order in `api`");
    }

    #[test]
    fn an_invalid_spec_reports_its_validation_errors() {
        let spec = SPEC.replace("category: not_found }", "category: not_fuond }");
        match check(spec.as_bytes(), "s.yaml") {
            Err(CheckError::Invalid(errors)) => {
                assert!(
                    errors.to_string().contains("undefined category"),
                    "{errors}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn spans_survive_a_leading_bom() {
        let spec = format!("\u{feff}{}", SPEC.replace("version: 1\napi:", "api:"))
            .replace("codes:", "version: 1\ncodes:");
        crate::parse_spec(spec.as_bytes(), "s.yaml").unwrap();
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "version");
    }

    #[test]
    fn kept_in_place_is_a_longest_increasing_run_keeping_early_keys() {
        assert_eq!(kept_in_place(&[0, 1, 2]), [true, true, true]);
        assert_eq!(kept_in_place(&[1, 0, 2]), [true, false, true]);
        assert_eq!(kept_in_place(&[2, 0, 1]), [false, true, true]);
        assert_eq!(
            kept_in_place(&[3, 0, 1, 2, 4]),
            [false, true, true, true, true]
        );
        assert_eq!(kept_in_place(&[2, 1, 0]), [true, false, false]);
        assert_eq!(kept_in_place(&[]), Vec::<bool>::new());
    }

    #[test]
    fn kept_in_place_keeps_a_longest_increasing_run_of_every_permutation() {
        fn permutations(rest: Vec<i64>, prefix: Vec<i64>, out: &mut Vec<Vec<i64>>) {
            if rest.is_empty() {
                out.push(prefix);
                return;
            }
            for i in 0..rest.len() {
                let mut rest = rest.clone();
                let mut prefix = prefix.clone();
                prefix.push(rest.remove(i));
                permutations(rest, prefix, out);
            }
        }
        let mut all = Vec::new();
        permutations((0..6).collect(), Vec::new(), &mut all);
        for ranks in all {
            let kept = kept_in_place(&ranks);
            let stay: Vec<i64> = ranks
                .iter()
                .zip(&kept)
                .filter(|(_, k)| **k)
                .map(|(r, _)| *r)
                .collect();
            assert!(stay.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
            // Longest increasing subsequence by patience sorting.
            let mut piles: Vec<i64> = Vec::new();
            for &r in &ranks {
                match piles.iter().position(|&top| top >= r) {
                    Some(i) => piles[i] = r,
                    None => piles.push(r),
                }
            }
            assert_eq!(stay.len(), piles.len(), "{ranks:?}");
        }
    }

    #[test]
    fn each_moved_key_is_placed_between_its_canonical_neighbours() {
        let spec = SPEC.replace(
            "{ name: Not found, description: Missing., retry: never }",
            "{ description: Missing., retry: never, name: Not found }",
        );
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "name");
        assert!(
            found[0].2.starts_with("move `name` before `description`"),
            "{found:?}"
        );
        let spec = SPEC.replace(
            "{ name: Not found, description: Missing., retry: never }",
            "{ name: Not found, retry: never, description: Missing. }",
        );
        let found = problems(&spec);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].2,
            "move `description` between `name` and `retry`; the order is name, description, retry"
        );
    }
}
