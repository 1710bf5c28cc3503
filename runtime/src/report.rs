//! Classifications as JSON: one flat object per response, for shells and logs.
//!
//! The `errspec classify` command prints these objects, and tests snapshot them.
//! Fields: `status`, `outcome` (`completed`, `completed_with_issues`, `failed`,
//! `pending`, `deferred`, `error`), `code` (verbatim or null), `known_code`,
//! `code_matches_status` (null unless the code is listed), `category` (the spec's key), `retryable`, `retry_after_secs`, `message`,
//! `issues`, `poll` (the endpoint to poll, or null), `deferral`, and for poll
//! verdicts `state`, `notes` and `at`.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use crate::api_error::ApiError;
use crate::contract::Contract;
use crate::error_body::ErrorFields;
use crate::headers::Headers;
use crate::outcome::{Deferral, Issue, Outcome};
use crate::poll::Progress;
use crate::retry_after::RetryAfter;
use crate::rules::{ItemVerdict, PollRule};

/// The report of one classified response. `now` dates `Retry-After` values.
pub fn classification<C: Contract>(
    status: u16,
    headers: &Headers,
    body: &[u8],
    result: &Result<Outcome<C>, ApiError<C>>,
    now: SystemTime,
) -> Value {
    let mut object = base::<C>(status, headers, body, now);
    match result {
        Ok(outcome) => {
            object.insert("outcome".into(), outcome.kind().into());
            object.insert("retryable".into(), false.into());
            object.insert("issues".into(), issues(outcome.issues()));
            if let Outcome::Pending(plan) = outcome {
                object.insert("poll".into(), poll_json::<C>(plan.rule));
            }
            if let Outcome::Deferred(deferral) = outcome {
                object.insert("deferral".into(), deferral_json(deferral));
            }
        }
        Err(error) => {
            object.insert("outcome".into(), "error".into());
            object.insert("retryable".into(), error.is_retryable().into());
        }
    }
    Value::Object(object)
}

/// The report of one poll response judged against a baseline ([`crate::evaluate`])
/// under `rule`; a pending verdict names the endpoint to keep polling.
pub fn poll<C: Contract>(
    rule: &PollRule<C::Endpoint>,
    status: u16,
    headers: &Headers,
    body: &[u8],
    progress: &Progress,
    now: SystemTime,
) -> Value {
    let mut object = base::<C>(status, headers, body, now);
    object.insert("retryable".into(), false.into());
    object.insert("issues".into(), Value::Array(Vec::new()));
    let outcome = match progress {
        Progress::Running { state, notes } => {
            object.insert("state".into(), state.clone().into());
            object.insert("notes".into(), notes.clone().into());
            object.insert("poll".into(), poll_json::<C>(rule));
            "pending"
        }
        Progress::Succeeded { at } => {
            object.insert("at".into(), at.to_string().into());
            "completed"
        }
        Progress::Failed { at } => {
            object.insert("at".into(), at.to_string().into());
            "failed"
        }
        Progress::Deferred(deferral) => {
            object.insert("deferral".into(), deferral_json(deferral));
            "deferred"
        }
    };
    object.insert("outcome".into(), outcome.into());
    Value::Object(object)
}

/// Fields every report has, read from the response itself.
fn base<C: Contract>(
    status: u16,
    headers: &Headers,
    body: &[u8],
    now: SystemTime,
) -> Map<String, Value> {
    let fields = ErrorFields::read(body);
    let code = fields.code.as_deref().map(C::parse_code);
    let category = code
        .as_ref()
        .and_then(C::code_category)
        .or_else(|| C::status_category(status));
    let retry_after = headers
        .get("retry-after")
        .and_then(RetryAfter::parse)
        .map(|after| after.delay_from(now).as_secs());
    let mut object = Map::new();
    object.insert("status".into(), status.into());
    object.insert("outcome".into(), Value::Null);
    object.insert("code".into(), fields.code.as_deref().into());
    object.insert(
        "known_code".into(),
        code.as_ref().is_some_and(C::code_is_known).into(),
    );
    object.insert("category".into(), category.map(C::category_key).into());
    // Whether the spec documents a listed code with this status; null otherwise.
    let matches = code
        .as_ref()
        .filter(|code| C::code_is_known(code))
        .map(|code| C::code_statuses(code).contains(&status));
    object.insert("code_matches_status".into(), matches.into());
    object.insert("retryable".into(), false.into());
    object.insert("retry_after_secs".into(), retry_after.into());
    object.insert("message".into(), fields.message.as_deref().into());
    object.insert("issues".into(), Value::Array(Vec::new()));
    object.insert("poll".into(), Value::Null);
    object.insert("deferral".into(), Value::Null);
    object
}

/// Which endpoint to poll and which fields to read.
fn poll_json<C: Contract>(rule: &PollRule<C::Endpoint>) -> Value {
    let target = C::endpoint_rules(rule.endpoint);
    json!({
        "endpoint": target.key,
        "method": target.method,
        "path": target.path,
        "succeeded_at": rule.succeeded_at.text,
        "failed_at": rule.failed_at.text,
        "state": rule.state.map(|s| s.text),
    })
}

fn issues(issues: &[Issue]) -> Value {
    issues
        .iter()
        .map(|issue| {
            json!({
                "index": issue.index,
                "verdict": match issue.verdict {
                    ItemVerdict::Fail => "fail",
                    ItemVerdict::Degrade => "degrade",
                    ItemVerdict::Pass => "pass",
                },
                "value": issue.value,
                "item": issue.item,
            })
        })
        .collect()
}

fn deferral_json(deferral: &Deferral) -> Value {
    json!({
        "reason": deferral.reason,
        "until": deferral.until,
        "verify": deferral.verify,
    })
}
