//! What a spec says about its endpoints, as data.
//!
//! `errspec-codegen` lowers each endpoint of a spec into an [`EndpointRules`]
//! value; the `errspec` runtime interprets it (`classify`, the `Poller`). No
//! per-endpoint Rust is written by hand: the spec decides, these types carry it.
//! `E` names endpoints: the generated `Endpoint` enum in generated code, an
//! index where a tool lowers a spec at run time.

use crate::FieldPath;

/// How a caller should retry a request that failed with a given category of error.
///
/// Each category in a spec declares one (`retry: never | retry_after | backoff`);
/// generated code exposes it through `Category::retry_policy()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryPolicy {
    /// Do not retry: the same request will fail the same way.
    Never,
    /// Retry after the delay the server asks for (the `Retry-After` header).
    RetryAfter,
    /// Retry with exponential backoff (the failure is likely transient).
    Backoff,
}

impl RetryPolicy {
    /// Whether a request failing under this policy may be retried at all.
    pub const fn is_retryable(self) -> bool {
        !matches!(self, RetryPolicy::Never)
    }

    /// The spelling of this policy in a spec (`never`, `retry_after`, `backoff`).
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryPolicy::Never => "never",
            RetryPolicy::RetryAfter => "retry_after",
            RetryPolicy::Backoff => "backoff",
        }
    }
}

impl std::fmt::Display for RetryPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a spec says about one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointRules<'r, E> {
    /// The endpoint's key in the spec, e.g. `sync_connection`.
    pub key: &'r str,
    /// HTTP method, upper case.
    pub method: &'r str,
    /// Path template, e.g. `/v1/connections/{connectionId}/sync` (checked by
    /// the generator; see [`crate::PathTemplate`]).
    pub path: &'r str,
    /// Statuses that count as success.
    pub success: &'r [u16],
    /// How to confirm what a success response really means.
    pub confirm: Confirm<'r, E>,
}

/// How to confirm the outcome behind a success status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm<'r, E> {
    /// A success status means the operation completed.
    Done,
    /// Check every item of an array in the response body.
    Items(&'r ItemsRule<'r>),
    /// The operation was only triggered: poll another endpoint until it ends.
    Poll(&'r PollRule<'r, E>),
    /// Accepted now; the effect happens later.
    DeferredEffect(&'r DeferredEffect<'r>),
}

/// Check each item of an array: `data.setup_tests[].status` fails on `FAILED`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemsRule<'r> {
    /// The rule's path as written in the spec (`data.setup_tests[].status`).
    pub text: &'r str,
    /// Path to the array (`data.setup_tests`).
    pub items: FieldPath<'r>,
    /// Path inside each item to the value checked (`status`).
    pub field: FieldPath<'r>,
    /// Values that make the operation fail.
    pub fail: &'r [&'r str],
    /// Values that let it complete, with issues.
    pub degrade: &'r [&'r str],
    /// Values that pass.
    pub pass: &'r [&'r str],
    /// Verdict for any other value, or a missing one.
    pub other: ItemVerdict,
    /// A boolean field of the request body that must be `true` for the check to
    /// apply (`run_setup_tests`); `None` means it always applies.
    pub when_request: Option<FieldPath<'r>>,
}

/// What one checked item means for the operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemVerdict {
    /// The item passed.
    Pass,
    /// The item did not fail, but something is not right.
    Degrade,
    /// The item failed, and so did the operation.
    Fail,
}

impl ItemVerdict {
    /// The spelling in a spec and in reports: `pass`, `degrade` or `fail`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ItemVerdict::Pass => "pass",
            ItemVerdict::Degrade => "degrade",
            ItemVerdict::Fail => "fail",
        }
    }
}

impl ItemsRule<'_> {
    /// The verdict for one item's value (`None` when it is missing or not a string).
    pub fn verdict(&self, value: Option<&str>) -> ItemVerdict {
        let Some(value) = value else {
            return self.other;
        };
        if self.fail.contains(&value) {
            ItemVerdict::Fail
        } else if self.degrade.contains(&value) {
            ItemVerdict::Degrade
        } else if self.pass.contains(&value) {
            ItemVerdict::Pass
        } else {
            self.other
        }
    }
}

/// Trigger-then-poll: the operation ends when a timestamp moves past its baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollRule<'r, E> {
    /// The endpoint to poll.
    pub endpoint: E,
    /// Timestamp that moves when the operation succeeds (`data.succeeded_at`).
    pub succeeded_at: FieldPath<'r>,
    /// Timestamp that moves when the operation fails (`data.failed_at`).
    pub failed_at: FieldPath<'r>,
    /// A field that tells where the operation is (`data.status.sync_state`),
    /// reported while pending.
    pub state: Option<FieldPath<'r>>,
    /// Conditions under which the operation waits instead of running.
    pub defer: &'r [Defer<'r>],
    /// Conditions worth reporting while pending, without being failures.
    pub notes: &'r [Note<'r>],
    /// When the operation can be put off to a later time, how to tell and when.
    pub reschedule: Option<Reschedule<'r>>,
}

/// A polled operation put off to a later time (a sync rescheduled after a
/// quota ran out): while the condition holds, the poller waits until the time
/// the `until` field names instead of backing off; when `trigger_again` holds
/// too, nothing restarts the operation by itself, and the caller has to
/// trigger it again at that time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reschedule<'r> {
    /// Holds while the operation is rescheduled.
    pub when: Condition<'r>,
    /// The field holding the time it is rescheduled for (an RFC 3339 timestamp).
    pub until: FieldPath<'r>,
    /// Holds when the caller, not the API, has to start it again then.
    pub trigger_again: Option<Condition<'r>>,
}

/// A field of the response compared with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition<'r> {
    /// The field compared.
    pub field: FieldPath<'r>,
    /// The value that makes the condition hold.
    pub equals: Scalar<'r>,
}

/// A condition under which a polled operation waits for something outside it
/// (a paused connection): a field compared with a value, and why it matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Defer<'r> {
    /// The field compared.
    pub field: FieldPath<'r>,
    /// The value that makes the condition hold.
    pub equals: Scalar<'r>,
    /// Why the operation waits when the condition holds.
    pub reason: &'r str,
    /// Until when it waits, in words, if the spec says.
    pub until: Option<&'r str>,
}

/// A condition to report while an operation is pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note<'r> {
    /// The field compared.
    pub field: FieldPath<'r>,
    /// The value that makes the note apply.
    pub equals: Scalar<'r>,
    /// What the condition means.
    pub note: &'r str,
    /// A field whose value completes the note (`data.status.rescheduled_for`).
    pub detail: Option<FieldPath<'r>>,
}

/// A JSON scalar written in a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar<'r> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'r str),
}

/// Accepted now, takes effect later: what happens and what to verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeferredEffect<'r> {
    /// What is deferred.
    pub reason: &'r str,
    /// Until when, in words.
    pub until: &'r str,
    /// What to check once it has happened.
    pub verify: &'r str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_never_forbids_retry() {
        assert!(!RetryPolicy::Never.is_retryable());
        assert!(RetryPolicy::RetryAfter.is_retryable());
        assert!(RetryPolicy::Backoff.is_retryable());
        assert_eq!(RetryPolicy::RetryAfter.to_string(), "retry_after");
        assert_eq!(RetryPolicy::Never.as_str(), "never");
    }

    #[test]
    fn item_verdicts_follow_the_value_sets() {
        let rule = ItemsRule {
            text: "data.tests[].status",
            items: FieldPath::new("data.tests"),
            field: FieldPath::new("status"),
            fail: &["FAILED"],
            degrade: &["SKIPPED"],
            pass: &["PASSED"],
            other: ItemVerdict::Degrade,
            when_request: None,
        };
        assert_eq!(rule.verdict(Some("FAILED")), ItemVerdict::Fail);
        assert_eq!(rule.verdict(Some("SKIPPED")), ItemVerdict::Degrade);
        assert_eq!(rule.verdict(Some("PASSED")), ItemVerdict::Pass);
        assert_eq!(rule.verdict(Some("NEW_STATE")), ItemVerdict::Degrade);
        assert_eq!(rule.verdict(None), ItemVerdict::Degrade);
        assert_eq!(ItemVerdict::Fail.as_str(), "fail");
    }
}
