//! End to end over real HTTP on loopback: a `ureq` client talks to the scripted
//! mock in `tests/support/mock_fivetran.rs`, and only the generated helpers
//! (`Endpoint`, `Outcome`, `ApiError`, `Poller`, `PollVerdict`) and the errspec
//! runtime decide what each response meant.

#[path = "support/mock_fivetran.rs"]
mod mock_fivetran;
#[path = "support/ureq_client.rs"]
mod ureq_client;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use errspec::{poll_blocking, Baseline, PollConfig, Timestamp};
use errspec_fivetran::{Category, Code, Endpoint, Outcome, PollPlan, PollVerdict, Poller};
use mock_fivetran::{MockFivetran, RESCHEDULED_FOR, RESCHEDULE_SECONDS, SYNC_SUCCEEDED_AT};
use ureq_client::Client;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid RFC 3339 timestamp")
}

fn config() -> PollConfig {
    PollConfig::seeded(7)
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(8))
        .max_wait(Duration::from_secs(3))
}

/// What one triggered operation came to.
struct Run {
    plan: PollPlan,
    baseline: Baseline,
    verdict: PollVerdict,
    /// Every delay the poller asked for, first one included.
    delays: Vec<Duration>,
    /// Every poll response, in order.
    polls: Vec<errspec::Response>,
}

/// Baseline GET, trigger POST, classify, then poll to a verdict. Sleeps at most
/// 1 ms per step, whatever the poller asks for.
fn trigger_and_wait(client: &Client, trigger: Endpoint, id: &str) -> Run {
    let target = trigger.poll_target().expect("a triggered endpoint");
    assert_eq!(target, Endpoint::GetConnection);
    let poll_path = target.path(&[("connectionId", id)]).unwrap();

    let before = client.get(&poll_path).unwrap();
    let outcome = target
        .classify(before.status, before.headers.clone(), before.body.clone())
        .unwrap();
    assert_eq!(outcome, Outcome::Completed);

    let trigger_path = trigger.path(&[("connectionId", id)]).unwrap();
    assert_eq!(
        Endpoint::match_request("POST", &trigger_path),
        Some(trigger)
    );
    let triggered = client.post(&trigger_path, None).unwrap();
    assert_eq!(triggered.status, 200);
    let plan = match trigger.classify(triggered.status, triggered.headers, triggered.body) {
        Ok(Outcome::Pending(plan)) => plan,
        other => panic!("{trigger:?} on {id}: expected Pending, got {other:?}"),
    };
    assert_eq!(plan.trigger, trigger);
    assert_eq!(plan.endpoint, target);

    let baseline = Baseline::from_body(plan.rule, &before.body).unwrap();
    let mut poller = Poller::new(plan, baseline, config());
    let delays = RefCell::new(Vec::new());
    let polls = RefCell::new(Vec::new());
    let verdict = poll_blocking(
        &mut poller,
        || {
            let response = client.get(&poll_path)?;
            polls.borrow_mut().push(response.clone());
            Ok::<_, ureq::Error>(response)
        },
        |delay| {
            delays.borrow_mut().push(delay);
            std::thread::sleep(delay.min(Duration::from_millis(1)));
        },
    )
    .unwrap();
    assert_eq!(poller.waited(), delays.borrow().iter().sum::<Duration>());
    Run {
        plan,
        baseline,
        verdict,
        delays: delays.into_inner(),
        polls: polls.into_inner(),
    }
}

fn statuses(polls: &[errspec::Response]) -> Vec<u16> {
    polls.iter().map(|poll| poll.status).collect()
}

fn within_config(delay: Duration) -> bool {
    let config = config();
    (config.min_delay..=config.max_delay).contains(&delay)
}

#[test]
fn sync_of_c_ok_succeeds_when_succeeded_at_moves() {
    let started = Instant::now();
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));
    assert_eq!(
        Endpoint::match_request("POST", "/v1/connections/c_ok/sync"),
        Some(Endpoint::SyncConnection)
    );
    assert_eq!(
        Endpoint::SyncConnection
            .path(&[("connectionId", "c_ok")])
            .unwrap(),
        "/v1/connections/c_ok/sync"
    );

    let run = trigger_and_wait(&client, Endpoint::SyncConnection, "c_ok");

    assert_eq!(
        run.baseline.succeeded_at,
        Some(ts(mock_fivetran::BASELINE_SUCCEEDED_AT))
    );
    assert_eq!(run.baseline.failed_at, None);
    let PollVerdict::Succeeded { at } = run.verdict else {
        panic!("expected Succeeded, got {:?}", run.verdict);
    };
    assert_eq!(at, ts(mock_fivetran::SYNC_SUCCEEDED_AT));
    assert!(Some(at) > run.baseline.succeeded_at);
    // scheduled, syncing, then the moved timestamp: three polls, three delays.
    assert_eq!(statuses(&run.polls), [200, 200, 200]);
    assert_eq!(run.delays.len(), 3, "delays: {:?}", run.delays);
    assert_eq!(run.delays[0], config().min_delay);
    assert!(
        run.delays.iter().copied().all(within_config),
        "{:?}",
        run.delays
    );
    assert_eq!(
        mock.requests(),
        [
            "GET /v1/connections/c_ok 200",
            "POST /v1/connections/c_ok/sync 200",
            "GET /v1/connections/c_ok 200",
            "GET /v1/connections/c_ok 200",
            "GET /v1/connections/c_ok 200",
        ]
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn sync_of_c_bad_fails_when_failed_at_moves_past_its_baseline() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));

    let run = trigger_and_wait(&client, Endpoint::SyncConnection, "c_bad");

    assert_eq!(
        run.baseline.failed_at,
        Some(ts(mock_fivetran::BASELINE_FAILED_AT))
    );
    let PollVerdict::Failed { at } = run.verdict else {
        panic!("expected Failed, got {:?}", run.verdict);
    };
    assert_eq!(at, ts(mock_fivetran::SYNC_FAILED_AT));
    assert!(Some(at) > run.baseline.failed_at);
    assert_eq!(run.verdict.kind(), "failed");
    assert_eq!(run.polls.len(), 3);
    assert!(
        run.delays.iter().copied().all(within_config),
        "{:?}",
        run.delays
    );
}

#[test]
fn create_with_setup_tests_fails_naming_the_failed_test() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));
    let path = Endpoint::CreateConnection.path(&[]).unwrap();
    assert_eq!(
        Endpoint::match_request("POST", &path),
        Some(Endpoint::CreateConnection)
    );

    let request = br#"{"group_id":"mock_group","service":"postgres_rds","run_setup_tests":true}"#;
    let response = client.post(&path, Some(request)).unwrap();
    assert_eq!(response.status, 201);
    let outcome = Endpoint::CreateConnection
        .classify_with_request(request, response.status, response.headers, response.body)
        .unwrap();
    let Outcome::Failed(issues) = &outcome else {
        panic!("expected Failed, got {outcome:?}");
    };
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = &issues[0];
    assert_eq!(issue.index, 2);
    assert_eq!(issue.verdict, errspec::ItemVerdict::Fail);
    assert_eq!(issue.value.as_deref(), Some("FAILED"));
    assert_eq!(issue.text("title"), Some(mock_fivetran::FAILED_TEST_TITLE));
    assert_eq!(
        issue.text("message"),
        Some(mock_fivetran::FAILED_TEST_MESSAGE)
    );
    assert_eq!(outcome.kind(), "failed");

    // Without the flag the API runs no tests, and the creation simply completed.
    let request = br#"{"group_id":"mock_group","service":"postgres_rds","run_setup_tests":false}"#;
    let response = client.post(&path, Some(request)).unwrap();
    assert_eq!(response.status, 201);
    let outcome = Endpoint::CreateConnection
        .classify_with_request(request, response.status, response.headers, response.body)
        .unwrap();
    assert_eq!(outcome, Outcome::Completed);
}

#[test]
fn rate_limited_poll_waits_for_retry_after_then_succeeds() {
    let started = Instant::now();
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));

    let run = trigger_and_wait(&client, Endpoint::SyncConnection, "c_busy");

    let PollVerdict::Succeeded { at } = run.verdict else {
        panic!("expected Succeeded, got {:?}", run.verdict);
    };
    assert_eq!(at, ts(mock_fivetran::SYNC_SUCCEEDED_AT));
    assert_eq!(statuses(&run.polls), [429, 200, 200, 200]);

    // The 429 itself, read through the generated ApiError.
    let throttled = &run.polls[0];
    let error = Endpoint::GetConnection
        .classify(
            throttled.status,
            throttled.headers.clone(),
            throttled.body.clone(),
        )
        .unwrap_err();
    assert_eq!(error.code(), Some(&Code::TooManyRequests));
    assert_eq!(error.category(), Some(Category::RateLimiting));
    assert!(error.is_retryable());
    assert_eq!(
        error.retry_after(),
        Some(errspec::RetryAfter::Delay(Duration::from_secs(
            mock_fivetran::RETRY_AFTER_SECONDS
        )))
    );

    // The delay after the 429 honours Retry-After; the others stay small.
    assert_eq!(run.delays.len(), 4, "delays: {:?}", run.delays);
    assert!(run.delays[1] >= Duration::from_secs(1), "{:?}", run.delays);
    for (index, delay) in run.delays.iter().enumerate() {
        if index != 1 {
            assert!(within_config(*delay), "delay {index}: {delay:?}");
        }
    }
    // Recorded, not slept.
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn unknown_connection_is_not_found_and_not_retryable() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));
    let path = Endpoint::GetConnection
        .path(&[("connectionId", "c_missing")])
        .unwrap();

    let response = client.get(&path).unwrap();
    let error = Endpoint::GetConnection
        .classify(response.status, response.headers, response.body)
        .unwrap_err();
    assert_eq!(error.status(), 404);
    assert_eq!(error.code(), Some(&Code::NotFoundConnector));
    assert_eq!(error.category(), Some(Category::NotFound));
    assert!(!error.is_retryable());
    assert_eq!(error.code_matches_status(), Some(true));
    assert!(
        error.message().is_some_and(|m| m.contains("c_missing")),
        "{error}"
    );

    // Triggering a sync of it fails the same way, before any polling.
    let path = Endpoint::SyncConnection
        .path(&[("connectionId", "c_missing")])
        .unwrap();
    let response = client.post(&path, None).unwrap();
    let error = Endpoint::SyncConnection
        .classify(response.status, response.headers, response.body)
        .unwrap_err();
    assert_eq!(error.code(), Some(&Code::NotFoundConnector));
    assert!(!error.is_retryable());
}

#[test]
fn resync_of_paused_connection_is_deferred_with_the_spec_reason() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));

    let run = trigger_and_wait(&client, Endpoint::ResyncConnection, "c_paused");

    let PollVerdict::Deferred(deferral) = run.verdict else {
        panic!("expected Deferred, got {:?}", run.verdict);
    };
    let condition = run.plan.rule.defer.first().expect("the spec's defer rule");
    assert_eq!(deferral.reason, condition.reason);
    assert_eq!(
        deferral.reason,
        "The connection is paused, so the re-sync is scheduled but not running."
    );
    assert_eq!(deferral.until, Some("the connection is re-enabled"));
    // Deferred on the first poll: nothing to wait for while paused.
    assert_eq!(run.polls.len(), 1);
    assert_eq!(run.delays, [config().min_delay]);
}

#[test]
fn a_rescheduled_sync_waits_until_its_time_then_succeeds() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));

    let run = trigger_and_wait(&client, Endpoint::SyncConnection, "c_later");

    assert!(
        matches!(run.verdict, PollVerdict::Succeeded { at } if at == ts(SYNC_SUCCEEDED_AT)),
        "{:?}",
        run.verdict
    );
    let states: Vec<String> = run
        .polls
        .iter()
        .map(|poll| {
            let body: serde_json::Value = serde_json::from_slice(&poll.body).unwrap();
            body["data"]["status"]["sync_state"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(states, ["rescheduled", "syncing", "scheduled"]);
    // After the first poll the poller waits until the reschedule time (about
    // RESCHEDULE_SECONDS from the trigger, plus min_delay), not a backoff step.
    let wait = run.delays[1];
    let expected = Duration::from_secs(RESCHEDULE_SECONDS);
    assert!(
        wait > expected / 2 && wait <= expected + config().min_delay,
        "{wait:?}"
    );
    assert!(
        run.delays[2..].iter().all(|&d| within_config(d)),
        "{:?}",
        run.delays
    );
}

#[test]
fn a_manually_scheduled_sync_that_was_rescheduled_must_be_triggered_again() {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(2));

    let run = trigger_and_wait(&client, Endpoint::SyncConnection, "c_manual");

    match run.verdict {
        PollVerdict::Rescheduled { at: Some(at) } => assert_eq!(at, ts(RESCHEDULED_FOR)),
        other => panic!("expected Rescheduled, got {other:?}"),
    }
    // Told on the first poll: nothing would change by waiting.
    assert_eq!(run.polls.len(), 1);
}
