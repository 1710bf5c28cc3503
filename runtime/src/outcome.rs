//! What a response to an endpoint really means: [`classify`] and [`Outcome`].

use std::fmt;

use serde_json::Value;

use crate::api_error::ApiError;
use crate::contract::Contract;
use crate::headers::Headers;
use crate::json;
use crate::{Confirm, EndpointRules, ItemVerdict, ItemsRule, PollRule};

/// The outcome behind a success response, as far as the response can tell.
///
/// `E` names endpoints (the generated `Endpoint`); `'r` is the lifetime of the
/// rules, `'static` in generated code.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<'r, E> {
    /// The operation completed.
    Completed,
    /// The operation completed, but some checked items degraded.
    CompletedWithIssues(Vec<Issue>),
    /// Checked items failed, so the operation failed despite the success status.
    /// Holds the failed items, then the degraded ones.
    Failed(Vec<Issue>),
    /// The operation was only triggered: poll to learn how it ends.
    Pending(PollPlan<'r, E>),
    /// The operation, or its effect, happens later.
    Deferred(Deferral<'r>),
    /// The spec's rules had to read the body to confirm the outcome, and it
    /// could not be read (not JSON, or nested deeper than [`crate::MAX_DEPTH`]):
    /// the operation may or may not have completed, so it is not reported as
    /// done.
    Unconfirmed,
}

impl<E> Outcome<'_, E> {
    /// The outcome's name: `completed`, `completed_with_issues`, `failed`,
    /// `pending`, `deferred` or `unconfirmed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::CompletedWithIssues(_) => "completed_with_issues",
            Outcome::Failed(_) => "failed",
            Outcome::Pending(_) => "pending",
            Outcome::Deferred(_) => "deferred",
            Outcome::Unconfirmed => "unconfirmed",
        }
    }

    /// The items that failed or degraded, if any.
    pub fn issues(&self) -> &[Issue] {
        match self {
            Outcome::CompletedWithIssues(issues) | Outcome::Failed(issues) => issues,
            _ => &[],
        }
    }
}

/// One checked item that failed or degraded, kept whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Position of the item in its array.
    pub index: usize,
    /// Whether it failed or degraded.
    pub verdict: ItemVerdict,
    /// The checked value (`FAILED`), if it was a string.
    pub value: Option<String>,
    /// The whole item as received (title, message, details …).
    pub item: Value,
}

impl Issue {
    /// A string field of the item, such as `title` or `message`.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.item.get(field)?.as_str()
    }
}

/// How to learn the end of a triggered operation: which endpoint to poll and
/// which fields to read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PollPlan<'r, E> {
    /// The endpoint that triggered the operation.
    pub trigger: E,
    /// The endpoint to poll.
    pub endpoint: E,
    /// The fields that tell pending, succeeded and failed apart.
    pub rule: &'r PollRule<'r, E>,
}

impl<E: fmt::Debug> fmt::Debug for PollPlan<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollPlan")
            .field("trigger", &self.trigger)
            .field("endpoint", &self.endpoint)
            .field("succeeded_at", &self.rule.succeeded_at.as_str())
            .field("failed_at", &self.rule.failed_at.as_str())
            .finish()
    }
}

/// Why an operation or its effect waits, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deferral<'r> {
    /// What waits and why.
    pub reason: &'r str,
    /// Until when, in words.
    pub until: Option<&'r str>,
    /// What to check once it has happened.
    pub verify: Option<&'r str>,
}

/// Classifies a response of `endpoint`: a success status gives the real
/// [`Outcome`], any other status an [`ApiError`], and so does a 2xx whose body
/// the envelope's errors-inside-2xx tests find to be an error.
///
/// `request_body` is the JSON request, when the caller has it: checks that the
/// spec ties to a request flag (`run_setup_tests`) apply only when that flag is
/// `true`. Without it, such checks apply whenever the response has the items.
/// An absent or empty item list is not a failure; a body that is not JSON,
/// when the rules must read it, gives [`Outcome::Unconfirmed`].
pub fn classify<C: Contract>(
    endpoint: C::Endpoint,
    status: u16,
    headers: Headers,
    body: impl Into<Vec<u8>>,
    request_body: Option<&[u8]>,
) -> Result<Outcome<'static, C::Endpoint>, ApiError<C>> {
    let rules = C::endpoint_rules(endpoint);
    let body = body.into();
    if !rules.success.contains(&status) || is_error_in_success::<C>(status, &body) {
        return Err(ApiError::from_response(status, headers, body));
    }
    Ok(confirm(endpoint, rules, &body, request_body))
}

/// Whether a 2xx response is an error response by the envelope's
/// errors-inside-2xx tests (`ok: false`).
fn is_error_in_success<C: Contract>(status: u16, body: &[u8]) -> bool {
    crate::error_in_success(&C::ENVELOPE, status, body).is_some()
}

/// Classifies a response by the API-wide contract alone, for a request to an
/// endpoint the spec does not list (or when the caller cannot say which): a
/// 2xx is [`Outcome::Completed`] (unless the envelope's errors-inside-2xx
/// tests find it to be an error), any other status an [`ApiError`], read like
/// every error response (code, category, retry delay).
pub fn classify_response<C: Contract>(
    status: u16,
    headers: Headers,
    body: impl Into<Vec<u8>>,
) -> Result<Outcome<'static, C::Endpoint>, ApiError<C>> {
    let body = body.into();
    if (200..300).contains(&status) && !is_error_in_success::<C>(status, &body) {
        Ok(Outcome::Completed)
    } else {
        Err(ApiError::from_response(status, headers, body))
    }
}

/// What a success response of an endpoint really means, by the endpoint's
/// rules: the part of [`classify`] after the status was found to be a success.
///
/// `endpoint` names the endpoint whose `rules` these are, for the poll plan.
pub fn confirm<'r, E: Copy>(
    endpoint: E,
    rules: &'r EndpointRules<'r, E>,
    body: &[u8],
    request_body: Option<&[u8]>,
) -> Outcome<'r, E> {
    match rules.confirm {
        Confirm::Done => Outcome::Completed,
        Confirm::Items(rule) => {
            if request_disables(rule, request_body) {
                Outcome::Completed
            } else {
                check_items(rule, body)
            }
        }
        Confirm::Poll(rule) => Outcome::Pending(PollPlan {
            trigger: endpoint,
            endpoint: rule.endpoint,
            rule,
        }),
        Confirm::DeferredEffect(effect) => Outcome::Deferred(Deferral {
            reason: effect.reason,
            until: Some(effect.until),
            verify: Some(effect.verify),
        }),
    }
}

/// Whether the request turned the check off (its flag is not `true`).
fn request_disables(rule: &ItemsRule<'_>, request_body: Option<&[u8]>) -> bool {
    let (Some(flag), Some(request)) = (rule.when_request, request_body) else {
        return false;
    };
    let request = crate::body::parse_body(request).unwrap_or(Value::Null);
    json::get(&flag, &request) != Some(&Value::Bool(true))
}

/// Applies an items rule to a response body: [`Outcome::Unconfirmed`] when
/// the body cannot be read, [`Outcome::Completed`] when it has no items to
/// check.
pub fn check_items<'r, E>(rule: &ItemsRule<'_>, body: &[u8]) -> Outcome<'r, E> {
    let Some(document) = crate::body::parse_body(body) else {
        return Outcome::Unconfirmed;
    };
    let Some(items) = json::get(&rule.items, &document).and_then(Value::as_array) else {
        return Outcome::Completed;
    };
    let mut failed = Vec::new();
    let mut degraded = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let value = json::get(&rule.field, item).and_then(Value::as_str);
        let verdict = rule.verdict(value);
        let issue = || Issue {
            index,
            verdict,
            value: value.map(str::to_owned),
            item: item.clone(),
        };
        match verdict {
            ItemVerdict::Fail => failed.push(issue()),
            ItemVerdict::Degrade => degraded.push(issue()),
            ItemVerdict::Pass => {}
        }
    }
    if !failed.is_empty() {
        failed.extend(degraded);
        Outcome::Failed(failed)
    } else if !degraded.is_empty() {
        Outcome::CompletedWithIssues(degraded)
    } else {
        Outcome::Completed
    }
}
