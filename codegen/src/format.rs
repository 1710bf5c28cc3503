//! `errspec fmt --check`: is a spec written in canonical order?
//!
//! Canonical order is the order of the fields of the spec format's types in
//! `raw.rs` (read from the decoder's key tables, so it cannot drift from the
//! loader), for every mapping with fixed keys: the top level, `api`, each
//! category, status, code, family and endpoint, and an endpoint's `items`,
//! `poll`, `defer` entries, `notes` entries and `deferred_effect`. Statuses are
//! listed in ascending numeric order. The order of categories, codes, families
//! and endpoints is the author's: it is the order of the generated code.
//!
//! errspec only checks, it never rewrites: rewriting would have to keep the
//! source's comments, and a spec's comments are part of the contract's review.
//! Each problem is a located [`Diagnostic`] on the key, with a help line saying
//! where the key belongs.
//!
//! The check walks the same YAML tree the loader decodes (errspec's own reader), in
//! which a mapping's entries are exactly the ones written, in written order.
//! Merge keys (`<<: *anchor`) are not expanded: the `<<` entry itself may stand
//! anywhere and is not ranked; the merged mapping is checked where its anchor
//! defines it, and aliases are not followed, so an out-of-order anchor is
//! reported once, at its definition.

use std::fmt;

use crate::diagnostic::{Diagnostic, SpecErrors};
use crate::raw;
use crate::yaml::{Kind, NodeId, Style, TagKind, Tree};

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
    let (_, problems) =
        crate::parse_spec_tree(bytes, origin, order_problems).map_err(CheckError::Invalid)?;
    if problems.is_empty() {
        return Ok(());
    }
    // parse_spec accepted the bytes, so they are UTF-8.
    let source = String::from_utf8_lossy(bytes).into_owned();
    let suppressed = problems.len().saturating_sub(crate::MAX_DIAGNOSTICS);
    Err(CheckError::NotCanonical(SpecErrors {
        origin: origin.to_owned(),
        source,
        diagnostics: problems.into_iter().take(crate::MAX_DIAGNOSTICS).collect(),
        suppressed,
    }))
}

/// Every key of a valid spec's tree that is out of canonical order, in
/// document order.
fn order_problems(tree: &Tree<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    walk(tree, tree.root(), Shape::Spec, &Path::Root, &mut problems);
    problems.sort_by_key(|d| d.span.start);
    problems
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
    Envelope,
    Sources,
    Source,
    Details,
    ErrorWhens,
    ErrorWhen,
    MatchRules,
    MatchRule,
    DelaySources,
    DelaySource,
    /// Anything whose order errspec does not check.
    Unchecked,
}

impl Shape {
    /// The canonical key order of a mapping with fixed keys: the field order of
    /// the spec format's type for it.
    fn fields(self) -> Option<&'static [&'static str]> {
        Some(match self {
            Shape::Spec => raw::RawSpec::FIELDS,
            Shape::Api => raw::RawApi::FIELDS,
            Shape::Category => raw::RawCategory::FIELDS,
            Shape::Status => raw::RawStatus::FIELDS,
            Shape::Code => raw::RawCode::FIELDS,
            Shape::Family => raw::RawFamily::FIELDS,
            Shape::Endpoint => raw::RawEndpoint::FIELDS,
            Shape::Items => raw::RawItems::FIELDS,
            Shape::Poll => raw::RawPoll::FIELDS,
            Shape::Defer => raw::RawDefer::FIELDS,
            Shape::Note => raw::RawNote::FIELDS,
            Shape::Reschedule => raw::RawReschedule::FIELDS,
            Shape::Condition => raw::RawCondition::FIELDS,
            Shape::DeferredEffect => raw::RawDeferredEffect::FIELDS,
            Shape::Envelope => raw::RawEnvelope::FIELDS,
            Shape::Source => raw::RawSource::FIELDS,
            Shape::ErrorWhen => raw::RawErrorWhen::FIELDS,
            Shape::MatchRule => raw::RawMatchRule::FIELDS,
            Shape::DelaySource => raw::RawDelaySource::FIELDS,
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
            (Shape::Spec, "envelope") => Shape::Envelope,
            (Shape::Envelope, "code" | "message") => Shape::Sources,
            (Shape::Envelope, "details") => Shape::Details,
            (Shape::Envelope, "error_when") => Shape::ErrorWhens,
            (Shape::Envelope, "rules") => Shape::MatchRules,
            (Shape::Envelope, "retry_delay") => Shape::DelaySources,
            (Shape::Details, _) => Shape::Sources,
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
            Shape::Sources => Shape::Source,
            Shape::ErrorWhens => Shape::ErrorWhen,
            Shape::MatchRules => Shape::MatchRule,
            Shape::DelaySources => Shape::DelaySource,
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

/// A mapping key as the check names it: an integer in decimal (`0x194` is
/// status 404), anything else as written.
fn key_name(tree: &Tree<'_>, key: NodeId) -> String {
    match tree.scalar(key) {
        Some((text, Style::Plain, TagKind::None | TagKind::Int)) => {
            match crate::decode::parse_int(text) {
                Some(value) => value.to_string(),
                None => text.to_owned(),
            }
        }
        Some((text, _, _)) => text.to_owned(),
        None => String::new(),
    }
}

fn walk(tree: &Tree<'_>, node: NodeId, shape: Shape, path: &Path<'_>, out: &mut Vec<Diagnostic>) {
    if shape == Shape::Unchecked {
        return;
    }
    match tree.node(node).kind {
        Kind::Map { .. } => {
            // A key written as an alias (`*key: ..`) is checked where its anchor
            // defines it.
            let own: Vec<(String, NodeId, NodeId)> = tree
                .entries(node)
                .filter(|(key, _)| tree.resolve(*key) == *key)
                .map(|(key, value)| (key_name(tree, key), key, value))
                .collect();
            check_mapping(tree, &own, shape, path, out);
            for (name, _, value) in &own {
                if name == MERGE_KEY {
                    // An inline `<<: {..}` (or a list of them) adds keys to this
                    // very mapping: check it as this mapping's shape.
                    match tree.node(*value).kind {
                        Kind::Seq { .. } => {
                            for &item in tree.items(*value) {
                                walk(tree, item, shape, path, out);
                            }
                        }
                        _ => walk(tree, *value, shape, path, out),
                    }
                } else {
                    let child = Path::Key(path, name);
                    walk(tree, *value, shape.child(name), &child, out);
                }
            }
        }
        Kind::Seq { .. } => {
            for (index, &item) in tree.items(node).iter().enumerate() {
                walk(tree, item, shape.element(), &Path::Index(path, index), out);
            }
        }
        // An alias (`poll: *x`) is checked where its anchor defines it.
        Kind::Alias { .. } | Kind::Scalar { .. } => {}
    }
}

/// Reports the keys of one mapping that are out of order.
fn check_mapping(
    tree: &Tree<'_>,
    entries: &[(String, NodeId, NodeId)],
    shape: Shape,
    path: &Path<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let fields = shape.fields();
    let ranked: Vec<(i64, &str, NodeId)> = entries
        .iter()
        .filter(|(name, _, _)| name != MERGE_KEY)
        .filter_map(|(name, key, _)| {
            let rank = match fields {
                Some(fields) => fields.iter().position(|f| f == name)? as i64,
                None if shape == Shape::Statuses => name.parse::<i64>().ok()?,
                None => return None,
            };
            Some((rank, name.as_str(), *key))
        })
        .collect();
    if ranked.len() < 2 {
        return;
    }
    let ranks: Vec<i64> = ranked.iter().map(|(rank, _, _)| *rank).collect();
    let kept = kept_in_place(&ranks);
    for (i, (rank, name, key)) in ranked.iter().enumerate() {
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
            let (_, name, _) = ranked.iter().find(|(r, _, _)| r == wanted)?;
            // Field names are quoted as code; status numbers are not.
            Some(match fields {
                Some(_) => format!("`{name}`"),
                None => (*name).to_owned(),
            })
        };
        let place = match (name_of(previous), name_of(next)) {
            (Some(previous), Some(next)) => format!("between {previous} and {next}"),
            (Some(previous), None) => format!("after {previous}"),
            (None, Some(next)) => format!("before {next}"),
            (None, None) => continue,
        };
        let span = tree.span(*key);
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
        order_problems(&Tree::read(source).unwrap())
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
        let expected: [(Shape, &[&str]); 19] = [
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
                    "envelope",
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
            (
                Shape::Envelope,
                &[
                    "code",
                    "message",
                    "details",
                    "error_when",
                    "rules",
                    "retry_delay",
                    "retry_advice",
                ],
            ),
            (
                Shape::Source,
                &["header", "body", "before", "after", "trim"],
            ),
            (Shape::ErrorWhen, &["field", "equals", "exists", "category"]),
            (
                Shape::MatchRule,
                &[
                    "status",
                    "header",
                    "header_equals",
                    "code",
                    "code_prefix",
                    "message_contains",
                    "category",
                ],
            ),
            (Shape::DelaySource, &["header", "body", "unit"]),
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
