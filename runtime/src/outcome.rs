//! What a response to an endpoint really means: [`classify`] and [`Outcome`].

use std::fmt;

use serde_json::Value;

use crate::api_error::ApiError;
use crate::contract::Contract;
use crate::headers::Headers;
use crate::rules::{Confirm, ItemVerdict, ItemsRule, PollRule};

/// The outcome behind a success response, as far as the response can tell.
pub enum Outcome<C: Contract> {
    /// The operation completed.
    Completed,
    /// The operation completed, but some checked items degraded.
    CompletedWithIssues(Vec<Issue>),
    /// Checked items failed, so the operation failed despite the success status.
    /// Holds the failed items, then the degraded ones.
    Failed(Vec<Issue>),
    /// The operation was only triggered: poll to learn how it ends.
    Pending(PollPlan<C>),
    /// The operation, or its effect, happens later.
    Deferred(Deferral),
}

impl<C: Contract> Outcome<C> {
    /// The outcome's name: `completed`, `completed_with_issues`, `failed`,
    /// `pending` or `deferred`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::CompletedWithIssues(_) => "completed_with_issues",
            Outcome::Failed(_) => "failed",
            Outcome::Pending(_) => "pending",
            Outcome::Deferred(_) => "deferred",
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

impl<C: Contract> Clone for Outcome<C> {
    fn clone(&self) -> Self {
        match self {
            Outcome::Completed => Outcome::Completed,
            Outcome::CompletedWithIssues(issues) => Outcome::CompletedWithIssues(issues.clone()),
            Outcome::Failed(issues) => Outcome::Failed(issues.clone()),
            Outcome::Pending(plan) => Outcome::Pending(*plan),
            Outcome::Deferred(deferral) => Outcome::Deferred(*deferral),
        }
    }
}

impl<C: Contract> fmt::Debug for Outcome<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Completed => f.write_str("Completed"),
            Outcome::CompletedWithIssues(issues) => {
                f.debug_tuple("CompletedWithIssues").field(issues).finish()
            }
            Outcome::Failed(issues) => f.debug_tuple("Failed").field(issues).finish(),
            Outcome::Pending(plan) => f.debug_tuple("Pending").field(plan).finish(),
            Outcome::Deferred(deferral) => f.debug_tuple("Deferred").field(deferral).finish(),
        }
    }
}

impl<C: Contract> PartialEq for Outcome<C> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Outcome::Completed, Outcome::Completed) => true,
            (Outcome::CompletedWithIssues(a), Outcome::CompletedWithIssues(b))
            | (Outcome::Failed(a), Outcome::Failed(b)) => a == b,
            (Outcome::Pending(a), Outcome::Pending(b)) => a == b,
            (Outcome::Deferred(a), Outcome::Deferred(b)) => a == b,
            _ => false,
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
pub struct PollPlan<C: Contract> {
    /// The endpoint that triggered the operation.
    pub trigger: C::Endpoint,
    /// The endpoint to poll.
    pub endpoint: C::Endpoint,
    /// The fields that tell pending, succeeded and failed apart.
    pub rule: &'static PollRule<C::Endpoint>,
}

impl<C: Contract> Clone for PollPlan<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Contract> Copy for PollPlan<C> {}

impl<C: Contract> PartialEq for PollPlan<C> {
    fn eq(&self, other: &Self) -> bool {
        self.trigger == other.trigger && self.endpoint == other.endpoint && self.rule == other.rule
    }
}

impl<C: Contract> fmt::Debug for PollPlan<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollPlan")
            .field("trigger", &self.trigger)
            .field("endpoint", &self.endpoint)
            .field("succeeded_at", &self.rule.succeeded_at.text)
            .field("failed_at", &self.rule.failed_at.text)
            .finish()
    }
}

/// Why an operation or its effect waits, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deferral {
    /// What waits and why.
    pub reason: &'static str,
    /// Until when, in words.
    pub until: Option<&'static str>,
    /// What to check once it has happened.
    pub verify: Option<&'static str>,
}

/// Classifies a response of `endpoint`: a success status gives the real
/// [`Outcome`], any other status an [`ApiError`].
///
/// `request_body` is the JSON request, when the caller has it: checks that the
/// spec ties to a request flag (`run_setup_tests`) apply only when that flag is
/// `true`. Without it, such checks apply whenever the response has the items.
/// An absent or empty item list, or a body that is not JSON, is not a failure.
pub fn classify<C: Contract>(
    endpoint: C::Endpoint,
    status: u16,
    headers: Headers,
    body: impl Into<Vec<u8>>,
    request_body: Option<&[u8]>,
) -> Result<Outcome<C>, ApiError<C>> {
    let rules = C::endpoint_rules(endpoint);
    if !rules.success.contains(&status) {
        return Err(ApiError::from_response(status, headers, body));
    }
    Ok(match rules.confirm {
        Confirm::Done => Outcome::Completed,
        Confirm::Items(rule) => {
            if request_disables(rule, request_body) {
                Outcome::Completed
            } else {
                check_items(rule, &body.into())
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
    })
}

/// Whether the request turned the check off (its flag is not `true`).
fn request_disables(rule: &ItemsRule, request_body: Option<&[u8]>) -> bool {
    let (Some(flag), Some(request)) = (rule.when_request, request_body) else {
        return false;
    };
    let request: Value = serde_json::from_slice(request).unwrap_or(Value::Null);
    flag.get(&request) != Some(&Value::Bool(true))
}

/// Applies an items rule to a response body.
pub fn check_items<C: Contract>(rule: &ItemsRule, body: &[u8]) -> Outcome<C> {
    let Ok(document) = serde_json::from_slice::<Value>(body) else {
        return Outcome::Completed;
    };
    let Some(items) = rule.items.get(&document).and_then(Value::as_array) else {
        return Outcome::Completed;
    };
    let mut failed = Vec::new();
    let mut degraded = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let value = rule.field.get(item).and_then(Value::as_str);
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
