//! A spec loaded at run time, as an `errspec::Contract`.
//!
//! Generated code implements `Contract` with compiled tables; `errspec classify`
//! has only a spec file, so it builds the same runtime rules from the validated
//! model once, keeps them for the life of the process, and classifies through
//! exactly the runtime code a generated crate uses.

use std::fmt;
use std::sync::OnceLock;

use errspec::{
    Condition, Confirm, Contract, DeferredEffect, EndpointRules, FieldPath, ItemVerdict, ItemsRule,
    Note, PollRule, RetryPolicy, RouteNode, Scalar,
};
use errspec_codegen::model;

/// The contract of the spec given to [`install`].
pub enum DynApi {}

/// An endpoint, by its index in the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DynEndpoint(usize);

/// A category, by its index in the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DynCategory(usize);

/// A code value as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynCode(String);

impl fmt::Display for DynCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&loaded().spec.categories[self.0].name)
    }
}

impl fmt::Display for DynCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

struct Loaded {
    spec: model::Spec,
    endpoints: Vec<DynEndpoint>,
    rules: Vec<EndpointRules<DynEndpoint>>,
    routes: Vec<RouteNode<DynEndpoint>>,
}

static LOADED: OnceLock<Loaded> = OnceLock::new();

fn loaded() -> &'static Loaded {
    LOADED
        .get()
        .expect("dynamic::install runs before any classification")
}

/// Makes `spec` the contract of [`DynApi`] for the rest of the process. A second
/// call keeps the first spec.
pub fn install(spec: model::Spec) {
    let rules = spec.endpoints.iter().map(endpoint_rules).collect();
    let endpoints = (0..spec.endpoints.len()).map(DynEndpoint).collect();
    let routes = errspec_codegen::routes::build(&spec.endpoints)
        .iter()
        .map(|node| RouteNode {
            literals: Box::leak(
                node.literals
                    .iter()
                    .map(|(text, next)| (leak(text), *next as u32))
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            ),
            param: node.param.map(|next| next as u32),
            endpoints: Box::leak(
                node.endpoints
                    .iter()
                    .map(|(method, index)| (leak(method), DynEndpoint(*index)))
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            ),
        })
        .collect();
    let _ = LOADED.set(Loaded {
        spec,
        endpoints,
        rules,
        routes,
    });
}

/// Gives a string the process lifetime; the CLI builds its rules once.
fn leak(text: &str) -> &'static str {
    Box::leak(text.into())
}

fn leak_list(list: &[String]) -> &'static [&'static str] {
    Box::leak(
        list.iter()
            .map(|s| leak(s))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

fn field_path(path: &model::FieldPath) -> FieldPath {
    FieldPath {
        text: leak(&path.text),
        keys: leak_list(&path.keys),
    }
}

fn scalar(value: &model::Scalar) -> Scalar {
    match value {
        model::Scalar::Null => Scalar::Null,
        model::Scalar::Bool(b) => Scalar::Bool(*b),
        model::Scalar::Int(i) => Scalar::Int(*i),
        model::Scalar::Str(s) => Scalar::Str(leak(s)),
    }
}

fn endpoint_rules(endpoint: &model::Endpoint) -> EndpointRules<DynEndpoint> {
    let confirm = match &endpoint.confirm {
        model::Confirm::Done => Confirm::Done,
        model::Confirm::Items(rule) => Confirm::Items(Box::leak(Box::new(ItemsRule {
            text: leak(&rule.text),
            items: field_path(&rule.items),
            field: field_path(&rule.field),
            fail: leak_list(&rule.fail),
            degrade: leak_list(&rule.degrade),
            pass: leak_list(&rule.pass),
            other: match rule.other {
                model::Verdict::Pass => ItemVerdict::Pass,
                model::Verdict::Degrade => ItemVerdict::Degrade,
                model::Verdict::Fail => ItemVerdict::Fail,
            },
            when_request: rule.when_request.as_ref().map(field_path),
        }))),
        model::Confirm::Poll(rule) => Confirm::Poll(Box::leak(Box::new(PollRule {
            endpoint: DynEndpoint(rule.endpoint),
            succeeded_at: field_path(&rule.succeeded_at),
            failed_at: field_path(&rule.failed_at),
            state: rule.state.as_ref().map(field_path),
            defer: Box::leak(
                rule.defer
                    .iter()
                    .map(|d| Condition {
                        field: field_path(&d.field),
                        equals: scalar(&d.equals),
                        reason: leak(d.reason.trim()),
                        until: d.until.as_deref().map(leak),
                    })
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            ),
            notes: Box::leak(
                rule.notes
                    .iter()
                    .map(|n| Note {
                        field: field_path(&n.field),
                        equals: scalar(&n.equals),
                        note: leak(n.note.trim()),
                        detail: n.detail.as_ref().map(field_path),
                    })
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
            ),
        }))),
        model::Confirm::DeferredEffect {
            reason,
            until,
            verify,
        } => Confirm::DeferredEffect(Box::leak(Box::new(DeferredEffect {
            reason: leak(reason.trim()),
            until: leak(until.trim()),
            verify: leak(verify.trim()),
        }))),
    };
    EndpointRules {
        key: leak(&endpoint.key),
        method: leak(&endpoint.method),
        path: leak(&endpoint.path),
        success: Box::leak(endpoint.success.clone().into_boxed_slice()),
        confirm,
    }
}

fn listed(code: &DynCode) -> Option<&'static model::Code> {
    loaded().spec.codes.iter().find(|c| c.value == code.0)
}

impl Contract for DynApi {
    type Code = DynCode;
    type Category = DynCategory;
    type Endpoint = DynEndpoint;

    fn parse_code(value: &str) -> DynCode {
        DynCode(value.to_owned())
    }

    fn code_str(code: &DynCode) -> &str {
        &code.0
    }

    fn code_is_known(code: &DynCode) -> bool {
        listed(code).is_some()
    }

    fn code_category(code: &DynCode) -> Option<DynCategory> {
        let category = match listed(code) {
            Some(code) => code.category,
            None => loaded().spec.family_of(&code.0)?.category,
        };
        Some(DynCategory(category.0))
    }

    fn code_statuses(code: &DynCode) -> &'static [u16] {
        listed(code).map_or(&[], |code| code.statuses.as_slice())
    }

    fn status_category(status: u16) -> Option<DynCategory> {
        let spec = &loaded().spec;
        let documented = spec.statuses.iter().find(|s| s.code == status);
        let category = match documented {
            Some(s) => s.category,
            None => {
                spec.status_classes
                    .iter()
                    .find(|c| c.class == status / 100)?
                    .category
            }
        };
        Some(DynCategory(category.0))
    }

    fn category_key(category: DynCategory) -> &'static str {
        &loaded().spec.categories[category.0].key
    }

    fn category_retry_policy(category: DynCategory) -> RetryPolicy {
        match loaded().spec.categories[category.0].retry {
            model::RetryPolicy::Never => RetryPolicy::Never,
            model::RetryPolicy::RetryAfter => RetryPolicy::AfterRetryAfter,
            model::RetryPolicy::Backoff => RetryPolicy::Backoff,
        }
    }

    fn endpoints() -> &'static [DynEndpoint] {
        &loaded().endpoints
    }

    fn endpoint_rules(endpoint: DynEndpoint) -> &'static EndpointRules<DynEndpoint> {
        &loaded().rules[endpoint.0]
    }

    fn routes() -> &'static [RouteNode<DynEndpoint>] {
        &loaded().routes
    }
}
