//! The poll state machine on the Fivetran contract: verdicts against a baseline,
//! delays, deadline and Retry-After, without a clock or a network.

use std::time::{Duration, SystemTime};

use errspec::{Baseline, Headers, PollConfig, PollStep, Progress};
use errspec_fivetran::{Code, Endpoint, Outcome, PollPlan, PollVerdict, Poller};

fn plan(trigger: Endpoint) -> PollPlan {
    match trigger.classify(200, Headers::new(), br#"{"code":"Success"}"#.to_vec()) {
        Ok(Outcome::Pending(plan)) => plan,
        other => panic!("{trigger:?} should be pending, got {other:?}"),
    }
}

fn connection(
    succeeded_at: Option<&str>,
    failed_at: Option<&str>,
    state: &str,
    paused: bool,
) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "code": "Success",
        "data": {
            "id": "decent_dropsy",
            "paused": paused,
            "succeeded_at": succeeded_at,
            "failed_at": failed_at,
            "status": { "sync_state": state, "rescheduled_for": "2024-03-11T12:00:00Z" }
        }
    }))
    .unwrap()
}

const BEFORE: &str = "2024-03-11T08:13:02.112Z";

fn config() -> PollConfig {
    PollConfig::seeded(7)
        .min_delay(Duration::from_secs(1))
        .max_delay(Duration::from_secs(8))
        .max_wait(Duration::from_secs(60))
}

fn poller(trigger: Endpoint) -> Poller {
    let plan = plan(trigger);
    let baseline = Baseline::from_body(
        plan.rule,
        &connection(Some(BEFORE), None, "scheduled", false),
    );
    Poller::new(plan, baseline.expect("a JSON baseline"), config())
}

fn observe(
    poller: &mut Poller,
    status: u16,
    headers: Headers,
    body: &[u8],
) -> PollStep<errspec_fivetran::Api> {
    poller.observe_at(
        status,
        headers,
        body,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    )
}

#[test]
fn a_sync_is_pending_until_succeeded_at_moves() {
    let mut poller = poller(Endpoint::SyncConnection);
    match observe(
        &mut poller,
        200,
        Headers::new(),
        &connection(Some(BEFORE), None, "syncing", false),
    ) {
        PollStep::Wait {
            progress: Some(Progress::Running { state, notes }),
            ..
        } => {
            assert_eq!(state.as_deref(), Some("syncing"));
            assert!(notes.is_empty());
        }
        other => panic!("{other:?}"),
    }
    // Microseconds after the millisecond baseline: later, so done.
    let after = "2024-03-11T08:13:02.112001Z";
    match observe(
        &mut poller,
        200,
        Headers::new(),
        &connection(Some(after), None, "scheduled", false),
    ) {
        PollStep::Done(PollVerdict::Succeeded { at }) => assert_eq!(at.to_string(), after),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_newer_timestamp_decides() {
    let mut poller = poller(Endpoint::SyncConnection);
    let body = connection(
        Some("2024-03-11T09:00:00Z"),
        Some("2024-03-11T09:00:01Z"),
        "scheduled",
        false,
    );
    assert!(matches!(
        observe(&mut poller, 200, Headers::new(), &body),
        PollStep::Done(PollVerdict::Failed { .. })
    ));
}

/// A connection whose sync was rescheduled for `until`, on an `auto` or a
/// `manual` schedule.
fn rescheduled(schedule_type: &str, until: Option<&str>) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "code": "Success",
        "data": {
            "schedule_type": schedule_type,
            "succeeded_at": BEFORE,
            "failed_at": null,
            "status": { "sync_state": "rescheduled", "rescheduled_for": until }
        }
    }))
    .unwrap()
}

/// 2024-03-11T09:00:00Z, an hour before the reschedule time of the tests.
fn nine_o_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_710_147_600)
}

fn hour_long_config() -> PollConfig {
    config().max_wait(Duration::from_secs(3 * 3600))
}

#[test]
fn an_auto_reschedule_waits_until_its_time_then_backs_off_afresh() {
    let plan = plan(Endpoint::SyncConnection);
    let baseline = Baseline::from_body(plan.rule, &rescheduled("auto", None)).unwrap();
    let mut poller = Poller::new(plan, baseline, hour_long_config());
    // Backing off first, so the reschedule visibly starts the growth over.
    for _ in 0..4 {
        let body = connection(Some(BEFORE), None, "syncing", false);
        assert!(matches!(
            poller.observe_at(200, Headers::new(), &body, nine_o_clock()),
            PollStep::Wait { .. }
        ));
    }
    let body = rescheduled("auto", Some("2024-03-11T10:00:00Z"));
    match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
        PollStep::Wait {
            delay,
            progress:
                Some(Progress::Rescheduled {
                    until: Some(until),
                    trigger_again: false,
                }),
        } => {
            assert_eq!(until.to_string(), "2024-03-11T10:00:00Z");
            // An hour, plus the minimum delay so the sync has started by then.
            assert_eq!(delay, Duration::from_secs(3600 + 1));
        }
        other => panic!("{other:?}"),
    }
    let body = connection(Some(BEFORE), None, "syncing", false);
    match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
        PollStep::Wait { delay, .. } => assert!(delay <= Duration::from_secs(2), "{delay:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_manual_reschedule_asks_the_caller_to_trigger_again() {
    let plan = plan(Endpoint::SyncConnection);
    let baseline = Baseline::from_body(plan.rule, &rescheduled("manual", None)).unwrap();
    let mut poller = Poller::new(plan, baseline, hour_long_config());
    let body = rescheduled("manual", Some("2024-03-11T10:00:00Z"));
    match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
        PollStep::Done(PollVerdict::Rescheduled { at: Some(at) }) => {
            assert_eq!(at.to_string(), "2024-03-11T10:00:00Z");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(poller.waited(), Duration::ZERO);
}

#[test]
fn a_reschedule_past_the_maximum_wait_times_out_at_the_deadline() {
    let mut poller = poller(Endpoint::SyncConnection); // max_wait 60 s
    let body = rescheduled("auto", Some("2024-03-11T10:00:00Z"));
    match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
        PollStep::Wait { delay, .. } => assert_eq!(delay, Duration::from_secs(60)),
        other => panic!("{other:?}"),
    }
    match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
        PollStep::Done(PollVerdict::TimedOut { waited, last }) => {
            assert_eq!(waited, Duration::from_secs(60));
            assert!(matches!(last, Some(Progress::Rescheduled { .. })));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_reschedule_without_a_readable_time_backs_off() {
    let mut poller = poller(Endpoint::SyncConnection);
    for until in [None, Some("null"), Some("soon")] {
        let body = rescheduled("auto", until);
        match poller.observe_at(200, Headers::new(), &body, nine_o_clock()) {
            PollStep::Wait {
                delay,
                progress: Some(Progress::Rescheduled { until: None, .. }),
            } => assert!(delay <= Duration::from_secs(8), "{until:?}: {delay:?}"),
            other => panic!("{until:?}: {other:?}"),
        }
    }
}

#[test]
fn the_string_null_is_no_timestamp() {
    let plan = plan(Endpoint::SyncConnection);
    let body = br#"{"data":{"succeeded_at":"null","failed_at":"null"}}"#;
    let baseline = Baseline::from_body(plan.rule, body).expect("both fields are present");
    assert_eq!(baseline, Baseline::default());
}

#[test]
fn a_paused_connection_defers_the_resync_but_not_the_sync() {
    let paused = connection(Some(BEFORE), None, "paused", true);
    match observe(
        &mut poller(Endpoint::ResyncConnection),
        200,
        Headers::new(),
        &paused,
    ) {
        PollStep::Done(PollVerdict::Deferred(deferral)) => {
            assert!(deferral.reason.contains("paused"), "{}", deferral.reason);
            assert_eq!(deferral.until, Some("the connection is re-enabled"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        observe(
            &mut poller(Endpoint::SyncConnection),
            200,
            Headers::new(),
            &paused
        ),
        PollStep::Wait { .. }
    ));
}

#[test]
fn delays_grow_with_jitter_within_bounds_then_time_out() {
    let mut poller = poller(Endpoint::SyncConnection);
    let running = connection(Some(BEFORE), None, "syncing", false);
    let mut delays = Vec::new();
    let verdict = loop {
        match observe(&mut poller, 200, Headers::new(), &running) {
            PollStep::Wait { delay, .. } => delays.push(delay),
            PollStep::Done(verdict) => break verdict,
        }
    };
    assert!(delays
        .iter()
        .all(|d| *d >= Duration::from_secs(1) && *d <= Duration::from_secs(8)));
    // The first delay is capped at 1 s (min delay, no growth yet).
    assert_eq!(delays[0], Duration::from_secs(1));
    // Equal jitter: step n is drawn from [cap / 2, cap], cap = min(2^n s, 8 s).
    for (step, delay) in delays.iter().enumerate() {
        let cap = Duration::from_secs(1 << step.min(3));
        assert!(
            *delay >= cap / 2 && *delay <= cap,
            "step {step}: {delay:?} outside [{:?}, {cap:?}]",
            cap / 2
        );
    }
    let total: Duration = delays.iter().sum();
    assert!(total <= Duration::from_secs(60), "{total:?}");
    assert!(delays.len() >= 60 / 8, "{} polls", delays.len());
    match verdict {
        PollVerdict::TimedOut { waited, last } => {
            assert_eq!(waited, total);
            assert!(matches!(last, Some(Progress::Running { .. })));
        }
        other => panic!("{other:?}"),
    }
    // Same seed, same delays: jitter is reproducible.
    let mut again = self::poller(Endpoint::SyncConnection);
    let first: Vec<Duration> = (0..5)
        .map(
            |_| match observe(&mut again, 200, Headers::new(), &running) {
                PollStep::Wait { delay, .. } => delay,
                other => panic!("{other:?}"),
            },
        )
        .collect();
    assert_eq!(first, delays[..5]);
}

#[test]
fn a_rate_limited_poll_waits_for_retry_after() {
    let mut poller = poller(Endpoint::SyncConnection);
    let body = br#"{"code":"TooManyRequests","message":"slow down"}"#;
    match observe(
        &mut poller,
        429,
        Headers::new().with("Retry-After", "30"),
        body,
    ) {
        PollStep::Wait { delay, progress } => {
            assert_eq!(delay, Duration::from_secs(30));
            assert_eq!(progress, None);
        }
        other => panic!("{other:?}"),
    }
    // A Retry-After date in the poller's past still waits the minimum delay.
    match observe(
        &mut poller,
        429,
        Headers::new().with("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        body,
    ) {
        PollStep::Wait { delay, .. } => assert_eq!(delay, Duration::from_secs(1)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn server_errors_back_off_and_client_errors_stop() {
    let mut poller = poller(Endpoint::SyncConnection);
    assert!(matches!(
        observe(
            &mut poller,
            502,
            Headers::new(),
            b"<html>Bad Gateway</html>"
        ),
        PollStep::Wait { .. }
    ));
    match observe(
        &mut poller,
        404,
        Headers::new(),
        br#"{"code":"NotFound_Connector","message":"x"}"#,
    ) {
        PollStep::Done(PollVerdict::Error(error)) => {
            assert_eq!(error.code(), Some(&Code::NotFoundConnector));
            assert_eq!(error.status(), 404);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn poll_blocking_drives_fetch_and_sleep() {
    let mut poller = poller(Endpoint::SyncConnection);
    let mut responses = vec![
        connection(Some(BEFORE), None, "scheduled", false),
        connection(Some(BEFORE), None, "syncing", false),
        connection(Some("2024-03-11T10:00:00Z"), None, "scheduled", false),
    ]
    .into_iter();
    let mut slept = Vec::new();
    let verdict = errspec::poll_blocking(
        &mut poller,
        || -> Result<errspec::Response, std::convert::Infallible> {
            Ok(errspec::Response {
                status: 200,
                headers: Headers::new(),
                body: responses.next().unwrap(),
            })
        },
        |delay| slept.push(delay),
    )
    .unwrap();
    assert_eq!(verdict.kind(), "succeeded");
    assert_eq!(slept.len(), 3, "one sleep before each of the three polls");
    assert_eq!(poller.waited(), slept.iter().sum::<Duration>());
}

#[test]
fn an_error_body_is_no_baseline() {
    let plan = plan(Endpoint::SyncConnection);
    let error = br#"{"code":"TooManyRequests","message":"slow down"}"#;
    assert_eq!(Baseline::from_body(plan.rule, error), None);
    assert_eq!(Baseline::from_body(plan.rule, b"<html></html>"), None);
    // Never synced: both fields present and null is a valid baseline.
    let fresh = connection(None, None, "scheduled", false);
    assert_eq!(
        Baseline::from_body(plan.rule, &fresh),
        Some(Baseline::default())
    );
}
