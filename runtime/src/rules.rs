//! Endpoint success rules as static data.
//!
//! The generator turns each endpoint of a spec into an [`EndpointRules`] value;
//! the runtime interprets it (see [`crate::classify`] and [`crate::Poller`]). No
//! per-endpoint Rust is written by hand: the spec decides, these types carry it.
//! Generated code builds these values; most users only read them.

use serde_json::Value;

/// What a spec says about one endpoint. `E` is the generated `Endpoint` enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointRules<E: 'static> {
    /// The endpoint's key in the spec, e.g. `sync_connection`.
    pub key: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template, e.g. `/v1/connections/{connectionId}/sync`.
    pub path: &'static str,
    /// Statuses that count as success.
    pub success: &'static [u16],
    /// How to confirm what a success response really means.
    pub confirm: Confirm<E>,
}

/// How to confirm the outcome behind a success status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm<E: 'static> {
    /// A success status means the operation completed.
    Done,
    /// Check every item of an array in the response body.
    Items(&'static ItemsRule),
    /// The operation was only triggered: poll another endpoint until it ends.
    Poll(&'static PollRule<E>),
    /// Accepted now; the effect happens later.
    DeferredEffect(&'static DeferredEffect),
}

/// A path to a field in a JSON document, such as `data.status.sync_state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldPath {
    /// The path as written in the spec.
    pub text: &'static str,
    /// Object keys to follow, in order.
    pub keys: &'static [&'static str],
}

impl FieldPath {
    /// The value at this path, if every key along it exists.
    pub fn get<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.keys
            .iter()
            .try_fold(value, |current, key| current.as_object()?.get(*key))
    }
}

/// Check each item of an array: `data.setup_tests[].status` fails on `FAILED`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemsRule {
    /// The rule's path as written in the spec (`data.setup_tests[].status`).
    pub text: &'static str,
    /// Path to the array (`data.setup_tests`).
    pub items: FieldPath,
    /// Path inside each item to the value checked (`status`).
    pub field: FieldPath,
    /// Values that make the operation fail.
    pub fail: &'static [&'static str],
    /// Values that let it complete, with issues.
    pub degrade: &'static [&'static str],
    /// Values that pass.
    pub pass: &'static [&'static str],
    /// Verdict for any other value, or a missing one.
    pub other: ItemVerdict,
    /// A boolean field of the request body that must be `true` for the check to
    /// apply (`run_setup_tests`); `None` means it always applies.
    pub when_request: Option<FieldPath>,
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

impl ItemsRule {
    /// The verdict for one item's value.
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
pub struct PollRule<E: 'static> {
    /// The endpoint to poll.
    pub endpoint: E,
    /// Timestamp that moves when the operation succeeds (`data.succeeded_at`).
    pub succeeded_at: FieldPath,
    /// Timestamp that moves when the operation fails (`data.failed_at`).
    pub failed_at: FieldPath,
    /// A field that tells where the operation is (`data.status.sync_state`),
    /// reported while pending.
    pub state: Option<FieldPath>,
    /// Conditions under which the operation waits instead of running.
    pub defer: &'static [Condition],
    /// Conditions worth reporting while pending, without being failures.
    pub notes: &'static [Note],
}

/// A field compared with a value, with the reason the comparison matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The field compared.
    pub field: FieldPath,
    /// The value it is compared with.
    pub equals: Scalar,
    /// Why the operation waits when the condition holds.
    pub reason: &'static str,
    /// Until when it waits, in words, if the spec says.
    pub until: Option<&'static str>,
}

impl Condition {
    /// Whether the condition holds for a document.
    pub fn holds(&self, document: &Value) -> bool {
        self.field
            .get(document)
            .is_some_and(|value| self.equals.matches(value))
    }
}

/// A condition to report while an operation is pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note {
    /// The field compared.
    pub field: FieldPath,
    /// The value it is compared with.
    pub equals: Scalar,
    /// What the condition means.
    pub note: &'static str,
    /// A field whose value completes the note (`data.status.rescheduled_for`).
    pub detail: Option<FieldPath>,
}

/// A JSON scalar written in a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'static str),
}

impl Scalar {
    /// Whether a JSON value equals this scalar.
    pub fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Scalar::Null, Value::Null) => true,
            (Scalar::Bool(a), Value::Bool(b)) => a == b,
            (Scalar::Int(a), Value::Number(b)) => b.as_i64() == Some(*a),
            (Scalar::Str(a), Value::String(b)) => a == b,
            _ => false,
        }
    }
}

/// Accepted now, takes effect later: what happens and what to verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeferredEffect {
    /// What is deferred.
    pub reason: &'static str,
    /// Until when, in words.
    pub until: &'static str,
    /// What to check once it has happened.
    pub verify: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STATE: FieldPath = FieldPath {
        text: "data.status.sync_state",
        keys: &["data", "status", "sync_state"],
    };

    #[test]
    fn field_paths_follow_object_keys_only() {
        let doc = json!({"data": {"status": {"sync_state": "syncing"}, "list": [1]}});
        assert_eq!(STATE.get(&doc), Some(&json!("syncing")));
        assert_eq!(STATE.get(&json!({"data": []})), None);
        assert_eq!(STATE.get(&json!("text")), None);
        let root = FieldPath {
            text: "",
            keys: &[],
        };
        assert_eq!(root.get(&doc), Some(&doc));
    }

    #[test]
    fn item_verdicts_follow_the_value_sets() {
        let rule = ItemsRule {
            text: "data.tests[].status",
            items: FieldPath {
                text: "data.tests",
                keys: &["data", "tests"],
            },
            field: FieldPath {
                text: "status",
                keys: &["status"],
            },
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
    }

    #[test]
    fn scalars_compare_by_json_type() {
        assert!(Scalar::Bool(true).matches(&json!(true)));
        assert!(!Scalar::Bool(true).matches(&json!("true")));
        assert!(Scalar::Str("paused").matches(&json!("paused")));
        assert!(Scalar::Int(3).matches(&json!(3)));
        assert!(!Scalar::Int(3).matches(&json!(3.5)));
        assert!(Scalar::Null.matches(&json!(null)));
        let paused = Condition {
            field: FieldPath {
                text: "data.paused",
                keys: &["data", "paused"],
            },
            equals: Scalar::Bool(true),
            reason: "paused",
            until: None,
        };
        assert!(paused.holds(&json!({"data": {"paused": true}})));
        assert!(!paused.holds(&json!({"data": {}})));
    }
}
