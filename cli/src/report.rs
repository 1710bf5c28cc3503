//! Classifications as JSON: one flat object per response, for shells and logs.
//!
//! `errspec classify` prints these objects, and tests snapshot them. Fields:
//! `status`, `endpoint` (the spec's key, or null), `outcome` (`completed`,
//! `completed_with_issues`, `failed`, `pending`, `deferred`, `unconfirmed`,
//! `rescheduled`, `error`), `code` (verbatim, a number as its decimal text, or
//! null), `detail_codes` (name to value, empty when none), `known_code`,
//! `code_matches_status` (null unless the code is listed), `category` (the
//! spec's key), `retryable`, `retry_after_secs` and `retry_from` (for an
//! error, the delay the response asks for and where it was read),
//! `message`, `issues`, `poll`
//! (the endpoint to poll, or null), `deferral`, and for poll verdicts `state`,
//! `notes`, `at` and `rescheduled_for`.
//!
//! Every value comes from the runtime's rules applied to the spec's lowered
//! tables ([`errspec_codegen::lower`]): the same rules generated code applies.

use std::time::SystemTime;

use errspec::{Deferral, ErrorFields, Headers, Issue, Outcome, PollRule, Progress};
use errspec_codegen::lower::Tables;
use errspec_codegen::Spec;
use serde_json::{json, Map, Value};

/// A loaded spec and its tables: what a report is made from.
#[derive(Clone, Copy)]
pub struct Contract<'s> {
    /// The validated spec.
    pub spec: &'s Spec,
    /// Its lowered tables.
    pub tables: Tables<'s>,
}

/// The report of a success response, judged by the endpoint's rules.
pub fn outcome(
    contract: Contract<'_>,
    response: &Response<'_>,
    outcome: &Outcome<'_, usize>,
) -> Value {
    let (mut object, _) = base(contract, response);
    object.insert("outcome".into(), outcome.kind().into());
    object.insert("issues".into(), issues(outcome.issues()));
    if let Outcome::Pending(plan) = outcome {
        object.insert("poll".into(), poll_json(contract, plan.rule));
    }
    if let Outcome::Deferred(deferral) = outcome {
        object.insert("deferral".into(), deferral_json(deferral));
    }
    Value::Object(object)
}

/// The report of an error response (also a 2xx that the envelope's
/// errors-inside-2xx tests find to be one).
pub fn error(contract: Contract<'_>, response: &Response<'_>) -> Value {
    let (mut object, category) = base(contract, response);
    let envelope = &contract.tables.envelope;
    let by_category =
        category.is_some_and(|index| contract.spec.categories[index].retry.is_retryable());
    // The advice header, where the spec names one and the response has it,
    // overrides the category's policy (as `ApiError::retry_policy` does).
    let retryable = errspec::retry_advice(envelope, response.headers).unwrap_or(by_category);
    object.insert("outcome".into(), "error".into());
    object.insert("retryable".into(), retryable.into());
    // The delay the response asks for, also where the policy says not to
    // retry (nothing is lost); success reports have none.
    let delay = errspec::retry_delay(envelope, response.headers, response.body, response.now);
    object.insert(
        "retry_after_secs".into(),
        delay.map(|(delay, _)| delay.as_secs()).into(),
    );
    object.insert(
        "retry_from".into(),
        delay.map(|(_, place)| place.describe()).into(),
    );
    Value::Object(object)
}

/// The report of one poll response judged against a baseline under `rule`; a
/// pending verdict names the endpoint to keep polling.
pub fn poll(
    contract: Contract<'_>,
    rule: &PollRule<'_, usize>,
    response: &Response<'_>,
    progress: &Progress<'_>,
) -> Value {
    let (mut object, _) = base(contract, response);
    let outcome = match progress {
        Progress::Running { state, notes } => {
            object.insert("state".into(), state.clone().into());
            object.insert("notes".into(), notes.clone().into());
            object.insert("poll".into(), poll_json(contract, rule));
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
        // Put off to a later time: poll again then, or (nothing restarts it)
        // trigger it again then.
        Progress::Rescheduled {
            until,
            trigger_again,
        } => {
            let until = until.map(|at| at.to_string());
            object.insert("rescheduled_for".into(), until.into());
            if *trigger_again {
                "rescheduled"
            } else {
                object.insert("poll".into(), poll_json(contract, rule));
                "pending"
            }
        }
    };
    object.insert("outcome".into(), outcome.into());
    Value::Object(object)
}

/// One response as `errspec classify` read it. `now` dates `Retry-After` values.
pub struct Response<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: &'a Headers,
    /// The body.
    pub body: &'a [u8],
    /// The current time.
    pub now: SystemTime,
    /// The spec's key of the endpoint the response answers, when the request
    /// matched one; `None` when it was classified by the API-wide contract.
    pub endpoint: Option<&'a str>,
}

/// Fields every report has, read from the response itself by the spec's
/// envelope, and the index of the response's category.
fn base(contract: Contract<'_>, response: &Response<'_>) -> (Map<String, Value>, Option<usize>) {
    let Contract { spec, tables } = contract;
    let envelope = &tables.envelope;
    let fields = ErrorFields::read_with(envelope, response.headers, response.body);
    let code = fields.code.as_deref();
    let listed = code.and_then(|code| spec.codes.iter().find(|c| c.value == code));
    let category = errspec::categorise(
        envelope,
        &tables.categorisation,
        response.status,
        response.headers,
        response.body,
        &fields,
        listed.map(|code| code.category.0),
    );
    let details: Map<String, Value> = fields
        .details
        .iter()
        .map(|(name, value)| ((*name).to_owned(), Value::from(value.as_ref())))
        .collect();
    let mut object = Map::new();
    object.insert("status".into(), response.status.into());
    object.insert("endpoint".into(), response.endpoint.into());
    object.insert("outcome".into(), Value::Null);
    object.insert("code".into(), code.into());
    object.insert("detail_codes".into(), Value::Object(details));
    object.insert("known_code".into(), listed.is_some().into());
    object.insert(
        "category".into(),
        category
            .map(|index| spec.categories[index].key.as_str())
            .into(),
    );
    // Whether the spec documents a listed code with this status; null otherwise.
    let matches = listed.map(|code| code.statuses.contains(&response.status));
    object.insert("code_matches_status".into(), matches.into());
    object.insert("retryable".into(), false.into());
    object.insert("retry_after_secs".into(), Value::Null);
    object.insert("retry_from".into(), Value::Null);
    object.insert("message".into(), fields.message.as_deref().into());
    object.insert("issues".into(), Value::Array(Vec::new()));
    object.insert("poll".into(), Value::Null);
    object.insert("deferral".into(), Value::Null);
    (object, category)
}

/// Which endpoint to poll and which fields to read.
fn poll_json(contract: Contract<'_>, rule: &PollRule<'_, usize>) -> Value {
    let target = &contract.tables.endpoints[rule.endpoint];
    json!({
        "endpoint": target.key,
        "method": target.method,
        "path": target.path,
        "succeeded_at": rule.succeeded_at.as_str(),
        "failed_at": rule.failed_at.as_str(),
        "state": rule.state.map(|s| s.as_str()),
    })
}

fn issues(issues: &[Issue]) -> Value {
    issues
        .iter()
        .map(|issue| {
            json!({
                "index": issue.index,
                "verdict": issue.verdict.as_str(),
                "value": issue.value,
                "item": issue.item,
            })
        })
        .collect()
}

fn deferral_json(deferral: &Deferral<'_>) -> Value {
    json!({
        "reason": deferral.reason,
        "until": deferral.until,
        "verify": deferral.verify,
    })
}
