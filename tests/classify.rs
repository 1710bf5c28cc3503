//! Every response in `tests/classify/*.json`, classified through the generated
//! Fivetran API and pinned as the JSON report `errspec classify` prints.
//!
//! One fixture per case:
//!
//! ```json
//! {
//!   "about": "one sentence: what this case shows",
//!   "endpoint": "GET /v1/connections/decent_dropsy",
//!   "status": 404,
//!   "headers": [["Retry-After", "5"]],
//!   "body": { "code": "NotFound_Connector", "message": "..." },
//!   "body_text": "<html>... (instead of body, for non-JSON bodies)",
//!   "request": { "run_setup_tests": true },
//!   "baseline": { "data": { "succeeded_at": "...", "failed_at": null } },
//!   "now": "2024-03-11T09:00:00Z"
//! }
//! ```
//!
//! Only `about` and `status` are required; without `endpoint` (or when it matches
//! no endpoint of the spec) the API-wide contract classifies the response. Without `body` and
//! `body_text` the body is empty. With `baseline` the case is a poll response:
//! `endpoint` names the trigger (`POST /v1/connections/abc/resync`), `body` is
//! the polled endpoint's response, and the verdict comes from
//! [`errspec::evaluate`] with the trigger's poll rule. `now` dates
//! `Retry-After`; it defaults to [`DEFAULT_NOW`] so reports are deterministic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use errspec::{Baseline, Confirm, Headers, PollRule, Progress, Timestamp};
use errspec_fivetran::{Api, ApiError, Category, Code, Endpoint, Outcome, StatusInfo};
use serde::Deserialize;
use serde_json::{json, Value};

/// The instant `Retry-After` dates are measured from when a fixture gives none.
const DEFAULT_NOW: &str = "2024-03-11T09:00:00Z";

/// One fixture file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    about: String,
    endpoint: Option<String>,
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    /// `"body": null` is the JSON body `null`, not an absent body.
    #[serde(default, deserialize_with = "present")]
    body: Option<Value>,
    body_text: Option<String>,
    request: Option<Value>,
    baseline: Option<Value>,
    now: Option<String>,
}

/// A field that is present, even when its value is `null`.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl Fixture {
    fn load(path: &Path) -> Fixture {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let fixture: Fixture = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(
            !fixture.about.trim().is_empty(),
            "{}: `about` is empty",
            path.display()
        );
        assert!(
            fixture.body.is_none() || fixture.body_text.is_none(),
            "{}: give `body` or `body_text`, not both",
            path.display()
        );
        fixture
    }

    /// The `METHOD path` line, split.
    fn request(&self) -> Option<(&str, &str)> {
        let line = self.endpoint.as_deref()?;
        let (method, path) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("endpoint {line:?} is not `METHOD path`"));
        Some((method, path.trim()))
    }

    /// The spec's endpoint the `METHOD path` line matches, if any.
    fn endpoint(&self) -> Option<Endpoint> {
        let (method, path) = self.request()?;
        Endpoint::match_request(method, path)
    }

    fn headers(&self) -> Headers {
        Headers::from(self.headers.clone())
    }

    fn body_bytes(&self) -> Vec<u8> {
        match (&self.body, &self.body_text) {
            (Some(body), _) => serde_json::to_vec(body).unwrap(),
            (None, Some(text)) => text.clone().into_bytes(),
            (None, None) => Vec::new(),
        }
    }

    fn now(&self) -> SystemTime {
        let text = self.now.as_deref().unwrap_or(DEFAULT_NOW);
        Timestamp::parse(text)
            .unwrap_or_else(|| panic!("`now` {text:?} is not RFC 3339"))
            .to_system_time()
            .unwrap()
    }

    /// The classification report, as `errspec classify` prints it.
    fn report(&self) -> Value {
        let endpoint = self.endpoint();
        let headers = self.headers();
        let body = self.body_bytes();
        let now = self.now();
        match &self.baseline {
            Some(baseline) => {
                let endpoint = endpoint.expect("a poll case names its trigger");
                let Confirm::Poll(rule) = endpoint.rules().confirm else {
                    panic!(
                        "{:?} has a baseline but {endpoint:?} is not polled",
                        self.endpoint
                    );
                };
                assert!(
                    self.request.is_none() && self.body_text.is_none(),
                    "a poll case has a JSON `body` and no `request`"
                );
                assert!(
                    rule.endpoint.success_statuses().contains(&self.status),
                    "a poll case answers with a success status of {:?}",
                    rule.endpoint
                );
                let document = self.body.clone().unwrap_or(Value::Null);
                let baseline = Baseline::from_document(rule, baseline);
                let progress = errspec::evaluate(rule, &baseline, &document);
                let mut report = poll_report(rule, self.status, &headers, &body, &progress);
                report["endpoint"] = endpoint.key().into();
                report
            }
            None => {
                let result = match (&self.request, endpoint) {
                    (Some(request), Some(endpoint)) => endpoint.classify_with_request(
                        &serde_json::to_vec(request).unwrap(),
                        self.status,
                        headers.clone(),
                        body.clone(),
                    ),
                    // Any request, by the endpoint when listed, else API-wide.
                    (_, _) => match self.request() {
                        Some((method, path)) => {
                            let classified = Api::classify(
                                method,
                                path,
                                self.status,
                                headers.clone(),
                                body.clone(),
                            );
                            assert_eq!(classified.0, endpoint);
                            classified.1
                        }
                        None => errspec::classify_response::<Api>(
                            self.status,
                            headers.clone(),
                            body.clone(),
                        ),
                    },
                };
                let mut report = classification(self.status, &headers, &body, &result, now);
                report["endpoint"] = endpoint.map(Endpoint::key).into();
                report
            }
        }
    }
}

fn fixture_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/classify");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn classify_each_fixture() {
    insta::glob!("classify/*.json", |path| {
        let fixture = Fixture::load(path);
        let snapshot = json!({ "about": fixture.about, "report": fixture.report() });
        insta::assert_snapshot!(serde_json::to_string_pretty(&snapshot).unwrap());
    });
}

#[test]
fn every_seed_status_and_endpoint_has_a_fixture() {
    let fixtures: Vec<Fixture> = fixture_paths().iter().map(|p| Fixture::load(p)).collect();
    let statuses: BTreeSet<u16> = fixtures.iter().map(|f| f.status).collect();
    for info in StatusInfo::ALL {
        assert!(
            statuses.contains(&info.status),
            "no fixture for {}",
            info.status
        );
    }
    // The endpoints of the seed's success-behaviour table; the spec's other
    // operations confirm their outcome in the same few ways.
    let endpoints: BTreeSet<Endpoint> = fixtures.iter().filter_map(Fixture::endpoint).collect();
    for endpoint in [
        Endpoint::GetConnection,
        Endpoint::CreateConnection,
        Endpoint::TestConnection,
        Endpoint::SyncConnection,
        Endpoint::ResyncConnection,
        Endpoint::ModifyConnectionSchema,
    ] {
        assert!(endpoints.contains(&endpoint), "no fixture for {endpoint:?}");
    }
}

// The report `errspec classify` prints, built here from the generated API's
// own results: the CLI builds it from the lowered tables, and both must give
// the pinned snapshots (cli/tests/classify.rs runs the same fixtures).

fn classification(
    status: u16,
    headers: &Headers,
    body: &[u8],
    result: &Result<Outcome, ApiError>,
    now: SystemTime,
) -> Value {
    let mut object = base(status, headers, body);
    match result {
        Ok(outcome) => {
            object["outcome"] = outcome.kind().into();
            object["issues"] = issues(outcome.issues());
            if let errspec::Outcome::Pending(plan) = outcome {
                object["poll"] = poll_json(plan.rule);
            }
            if let errspec::Outcome::Deferred(deferral) = outcome {
                object["deferral"] = deferral_json(deferral);
            }
        }
        Err(error) => {
            object["outcome"] = "error".into();
            object["retryable"] = error.is_retryable().into();
            let delay = error.retry_decision(Some(now)).delay;
            object["retry_after_secs"] = delay.map(|(delay, _)| delay.as_secs()).into();
            object["retry_from"] = delay.map(|(_, place)| place.describe()).into();
        }
    }
    object
}

fn poll_report(
    rule: &PollRule<'static, Endpoint>,
    status: u16,
    headers: &Headers,
    body: &[u8],
    progress: &Progress<'_>,
) -> Value {
    let mut object = base(status, headers, body);
    object["outcome"] = match progress {
        Progress::Running { state, notes } => {
            object["state"] = state.clone().into();
            object["notes"] = notes.clone().into();
            object["poll"] = poll_json(rule);
            "pending"
        }
        Progress::Succeeded { at } => {
            object["at"] = at.to_string().into();
            "completed"
        }
        Progress::Failed { at } => {
            object["at"] = at.to_string().into();
            "failed"
        }
        Progress::Deferred(deferral) => {
            object["deferral"] = deferral_json(deferral);
            "deferred"
        }
        Progress::Rescheduled {
            until,
            trigger_again,
        } => {
            object["rescheduled_for"] = until.map(|at| at.to_string()).into();
            if *trigger_again {
                "rescheduled"
            } else {
                object["poll"] = poll_json(rule);
                "pending"
            }
        }
    }
    .into();
    object
}

fn base(status: u16, headers: &Headers, body: &[u8]) -> Value {
    let error = ApiError::from_response(status, headers.clone(), body.to_vec());
    let details: serde_json::Map<String, Value> = error
        .detail_codes()
        .map(|(name, value)| (name.to_owned(), value.into()))
        .collect();
    json!({
        "status": status,
        "endpoint": null,
        "outcome": null,
        "code": error.code().map(Code::as_str),
        "detail_codes": details,
        "known_code": error.code().is_some_and(Code::is_known),
        "category": error.category().map(Category::key),
        "code_matches_status": error.code_matches_status(),
        "retryable": false,
        "retry_after_secs": null,
        "retry_from": null,
        "message": error.message(),
        "issues": [],
        "poll": null,
        "deferral": null,
    })
}

fn poll_json(rule: &PollRule<'static, Endpoint>) -> Value {
    json!({
        "endpoint": rule.endpoint.key(),
        "method": rule.endpoint.method(),
        "path": rule.endpoint.path_template(),
        "succeeded_at": rule.succeeded_at.as_str(),
        "failed_at": rule.failed_at.as_str(),
        "state": rule.state.map(|state| state.as_str()),
    })
}

fn issues(issues: &[errspec::Issue]) -> Value {
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

fn deferral_json(deferral: &errspec::Deferral<'_>) -> Value {
    json!({
        "reason": deferral.reason,
        "until": deferral.until,
        "verify": deferral.verify,
    })
}
