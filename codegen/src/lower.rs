//! The one lowering of a validated [`Spec`] into the runtime's tables.
//!
//! The emitter prints these values as the constants of generated code; the
//! `errspec` command line interprets them directly for a spec it loaded. Both
//! therefore work from the same values, built here and nowhere else. Categories
//! and endpoints are named by their index in the spec; the emitter prints the
//! index as the generated variant.
//!
//! Every table borrows its text from the spec and its nested lists from a
//! [`Bump`] arena, so nothing is leaked and nothing is copied twice.

use std::collections::BTreeMap;

pub use bumpalo::Bump;
use errspec_table::{
    BodyTest, Categorisation, Cleanup, CodeTest, Condition, Confirm, Defer, DeferredEffect,
    DelaySource, Detail, EndpointRules, Envelope, ErrorWhen, Family, FieldPath, HeaderTest,
    ItemsRule, MatchRule, Note, Place, PollRule, Reschedule, RouteNode, Scalar, Segment, Source,
};

use crate::model::{self, Spec};

/// A spec's runtime tables. Categories and endpoints are indices into the spec.
#[derive(Clone, Copy, Debug)]
pub struct Tables<'s> {
    /// The categorisation rule's data.
    pub categorisation: Categorisation<'s, usize>,
    /// Where error responses carry what the runtime reads.
    pub envelope: Envelope<'s, usize>,
    /// Each endpoint's rules, in spec order.
    pub endpoints: &'s [EndpointRules<'s, usize>],
    /// The route tree of the endpoints, root first.
    pub routes: &'s [RouteNode<'s, usize>],
}

/// Lowers `spec` into its tables, allocating nested lists in `arena`.
pub fn lower<'s>(spec: &'s Spec, arena: &'s Bump) -> Tables<'s> {
    Tables {
        categorisation: categorisation(spec, arena),
        envelope: envelope(&spec.envelope, arena),
        endpoints: arena.alloc_slice_fill_iter(
            spec.endpoints
                .iter()
                .map(|endpoint| endpoint_rules(endpoint, arena)),
        ),
        routes: routes(spec, arena),
    }
}

fn categorisation<'s>(spec: &'s Spec, arena: &'s Bump) -> Categorisation<'s, usize> {
    Categorisation {
        families: arena.alloc_slice_fill_iter(spec.families.iter().map(|family| Family {
            prefix: family.prefix.as_str(),
            category: family.category.0,
            description: family.description.as_str(),
        })),
        statuses: arena.alloc_slice_fill_iter(
            spec.statuses
                .iter()
                .map(|status| (status.code, status.category.0)),
        ),
        classes: arena.alloc_slice_fill_iter(
            spec.status_classes
                .iter()
                .map(|class| (class.class, class.category.0)),
        ),
    }
}

fn envelope<'s>(envelope: &'s model::Envelope, arena: &'s Bump) -> Envelope<'s, usize> {
    let sources = |sources: &'s [model::Source]| -> &'s [Source<'s>] {
        arena.alloc_slice_fill_iter(sources.iter().map(source))
    };
    Envelope {
        code: sources(&envelope.code),
        message: sources(&envelope.message),
        details: arena.alloc_slice_fill_iter(envelope.details.iter().map(|detail| Detail {
            name: &detail.name,
            sources: sources(&detail.sources),
        })),
        error_when: arena.alloc_slice_fill_iter(envelope.error_when.iter().map(|test| ErrorWhen {
            field: field_path(&test.field),
            test: match &test.equals {
                Some(value) => BodyTest::Equals(scalar(value)),
                None => BodyTest::Exists,
            },
            category: test.category.0,
        })),
        rules: arena.alloc_slice_fill_iter(envelope.rules.iter().map(|rule| MatchRule {
            status: &rule.status,
            header: rule.header.as_ref().map(|(name, equals)| HeaderTest {
                name,
                equals: equals.as_deref(),
            }),
            code: rule.code.as_ref().map(|(text, prefix)| match prefix {
                true => CodeTest::StartsWith(text),
                false => CodeTest::Is(text),
            }),
            message_contains: rule.message_contains.as_deref(),
            category: rule.category.0,
        })),
        retry_delay: arena.alloc_slice_fill_iter(envelope.retry_delay.iter().map(|delay| {
            DelaySource {
                from: place(&delay.from),
                unit: delay.unit,
            }
        })),
        retry_advice: envelope.retry_advice.as_deref(),
    }
}

fn source(source: &model::Source) -> Source<'_> {
    Source {
        from: place(&source.from),
        cleanup: Cleanup {
            before: source.before.as_deref(),
            after: source.after.as_deref(),
            trim: source.trim,
        },
    }
}

/// A place of the model as the runtime's table holds it.
pub(crate) fn place(place: &model::Place) -> Place<'_> {
    match place {
        model::Place::Header(name) => Place::Header(name),
        model::Place::Body(path) => Place::Body(field_path(path)),
    }
}

fn field_path(path: &model::FieldPath) -> FieldPath<'_> {
    FieldPath::new(&path.text)
}

fn condition(condition: &model::Condition) -> Condition<'_> {
    Condition {
        field: field_path(&condition.field),
        equals: scalar(&condition.equals),
    }
}

fn scalar(value: &model::Scalar) -> Scalar<'_> {
    match value {
        model::Scalar::Null => Scalar::Null,
        model::Scalar::Bool(b) => Scalar::Bool(*b),
        model::Scalar::Int(i) => Scalar::Int(*i),
        model::Scalar::Str(s) => Scalar::Str(s),
    }
}

fn strs<'s>(values: &'s [String], arena: &'s Bump) -> &'s [&'s str] {
    arena.alloc_slice_fill_iter(values.iter().map(String::as_str))
}

fn endpoint_rules<'s>(endpoint: &'s model::Endpoint, arena: &'s Bump) -> EndpointRules<'s, usize> {
    let confirm = match &endpoint.confirm {
        model::Confirm::Done => Confirm::Done,
        model::Confirm::Items(rule) => Confirm::Items(arena.alloc(ItemsRule {
            text: &rule.text,
            items: field_path(&rule.items),
            field: field_path(&rule.field),
            fail: strs(&rule.fail, arena),
            degrade: strs(&rule.degrade, arena),
            pass: strs(&rule.pass, arena),
            other: rule.other,
            when_request: rule.when_request.as_ref().map(field_path),
        })),
        model::Confirm::Poll(rule) => Confirm::Poll(arena.alloc(PollRule {
            endpoint: rule.endpoint,
            succeeded_at: field_path(&rule.succeeded_at),
            failed_at: field_path(&rule.failed_at),
            state: rule.state.as_ref().map(field_path),
            defer: arena.alloc_slice_fill_iter(rule.defer.iter().map(|defer| Defer {
                field: field_path(&defer.field),
                equals: scalar(&defer.equals),
                reason: &defer.reason,
                until: defer.until.as_deref(),
            })),
            notes: arena.alloc_slice_fill_iter(rule.notes.iter().map(|note| Note {
                field: field_path(&note.field),
                equals: scalar(&note.equals),
                note: &note.note,
                detail: note.detail.as_ref().map(field_path),
            })),
            reschedule: rule.reschedule.as_ref().map(|reschedule| Reschedule {
                when: condition(&reschedule.when),
                until: field_path(&reschedule.until),
                trigger_again: reschedule.trigger_again.as_ref().map(condition),
            }),
        })),
        model::Confirm::DeferredEffect {
            reason,
            until,
            verify,
        } => Confirm::DeferredEffect(arena.alloc(DeferredEffect {
            reason,
            until,
            verify,
        })),
    };
    EndpointRules {
        key: &endpoint.key,
        method: &endpoint.method,
        path: &endpoint.path,
        success: &endpoint.success,
        confirm,
    }
}

/// One node of the route tree while it is built: literal children by text.
#[derive(Default)]
struct Node<'s> {
    literals: BTreeMap<&'s str, usize>,
    param: Option<usize>,
    endpoints: Vec<(&'s str, usize)>,
}

/// The route tree: one node per path segment, shared prefixes shared; the
/// root is node 0, and each node's literal children are sorted by text.
fn routes<'s>(spec: &'s Spec, arena: &'s Bump) -> &'s [RouteNode<'s, usize>] {
    let mut nodes = vec![Node::default()];
    for (index, endpoint) in spec.endpoints.iter().enumerate() {
        let mut node = 0;
        for segment in endpoint.template().segments() {
            let existing = match segment {
                Segment::Param(_) => nodes[node].param,
                Segment::Literal(text) => nodes[node].literals.get(text).copied(),
            };
            node = match existing {
                Some(next) => next,
                None => {
                    let next = nodes.len();
                    nodes.push(Node::default());
                    match segment {
                        Segment::Param(_) => nodes[node].param = Some(next),
                        Segment::Literal(text) => {
                            nodes[node].literals.insert(text, next);
                        }
                    }
                    next
                }
            };
        }
        nodes[node].endpoints.push((&endpoint.method, index));
    }
    arena.alloc_slice_fill_iter(nodes.into_iter().map(|node| {
        RouteNode {
            literals: arena.alloc_slice_fill_iter(
                node.literals
                    .into_iter()
                    .map(|(text, next)| (text, route_index(next))),
            ),
            param: node.param.map(route_index),
            endpoints: arena.alloc_slice_copy(&node.endpoints),
        }
    }))
}

/// A node index as the route tree stores it. A spec's node count is bounded by
/// its size (`MAX_SPEC_BYTES`), far below `u32::MAX`.
fn route_index(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The path of each route node from the root (`/v1/connections/{}`), for
/// comments in generated code.
pub fn route_paths(routes: &[RouteNode<'_, usize>]) -> Vec<String> {
    let mut paths = vec![String::new(); routes.len()];
    // Children always come after their parent, so one pass in order suffices.
    for (index, node) in routes.iter().enumerate() {
        let parent = paths[index].clone();
        for (text, next) in node.literals {
            if let Some(path) = paths.get_mut(*next as usize) {
                *path = format!("{parent}/{text}");
            }
        }
        if let Some(path) = node.param.and_then(|next| paths.get_mut(next as usize)) {
            *path = format!("{parent}/{{}}");
        }
    }
    for path in &mut paths {
        if path.is_empty() {
            path.push('/');
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
version: 1
api: { name: T, description: T. }
categories:
  ok: { name: OK, description: Fine., retry: never }
  missing: { name: Missing, description: Gone., retry: never }
statuses:
  200: { reason: OK, description: Fine., category: ok }
  404: { reason: Not Found, description: Gone., category: missing }
status_classes: { 4xx: missing }
codes: {}
families:
  - { prefix: NotFound_, category: missing, description: Gone. }
endpoints:
  get_thing: { method: GET, path: '/v1/things/{id}', success: [200], description: Reads. }
  sync_thing:
    method: POST
    path: '/v1/things/{id}/sync'
    success: [200]
    description: Syncs.
    poll: { endpoint: get_thing, succeeded_at: data.done_at, failed_at: data.failed_at }
  list_things: { method: GET, path: /v1/things, success: [200], description: Lists. }
  setup: { method: GET, path: /v1/things/setup, success: [200], description: Setup. }
  root: { method: GET, path: /, success: [200], description: Root. }
";

    #[test]
    fn lowers_rules_routes_and_categorisation() {
        let spec = crate::parse_spec(SPEC.as_bytes(), "t.yaml").unwrap();
        let arena = Bump::new();
        let tables = lower(&spec, &arena);
        assert_eq!(tables.categorisation.status(404), Some(1));
        assert_eq!(tables.categorisation.status(418), Some(1), "4xx fallback");
        assert_eq!(tables.categorisation.code(None, "NotFound_X"), Some(1));
        let Confirm::Poll(rule) = tables.endpoints[1].confirm else {
            panic!("sync_thing polls");
        };
        assert_eq!(rule.endpoint, 0);
        assert_eq!(rule.succeeded_at.as_str(), "data.done_at");
        let find = |method, path| errspec_table::route(tables.routes, method, path);
        assert_eq!(find("GET", "/v1/things/abc"), Some(0));
        assert_eq!(find("POST", "/v1/things/abc/sync"), Some(1));
        assert_eq!(find("GET", "/v1/things"), Some(2));
        assert_eq!(find("GET", "/v1/things/setup"), Some(3), "literals win");
        assert_eq!(find("GET", "/"), Some(4));
        assert_eq!(find("GET", "/v2"), None);
        let paths = route_paths(tables.routes);
        assert_eq!(paths[0], "/");
        assert!(
            paths.contains(&"/v1/things/{}/sync".to_owned()),
            "{paths:?}"
        );
    }
}
