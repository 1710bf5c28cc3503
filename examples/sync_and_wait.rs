//! Trigger Fivetran syncs over HTTP and wait for how they really ended, with the
//! generated `Endpoint`, `Outcome`, `Poller` and `PollVerdict`.
//!
//! A `200` to `POST /v1/connections/{id}/sync` only says the sync was triggered.
//! This program shows the whole loop against a local mock of the API (the one the
//! end-to-end tests use, on `127.0.0.1`, no network needed):
//!
//! 1. read the connection once for a baseline of its `succeeded_at` / `failed_at`;
//! 2. trigger the sync and classify the answer: `Outcome::Pending` with a poll plan;
//! 3. poll with `errspec::poll_blocking`, sleeping for real between polls, until a
//!    timestamp moves past its baseline: `c_ok` succeeds, `c_bad` fails, the
//!    rate-limited `c_busy` first waits out its `Retry-After`;
//! 4. resync the paused `c_paused`: deferred, with the spec's reason;
//! 5. create a connection with `run_setup_tests: true`: a `201` that is still a
//!    failure, because one setup test failed;
//! 6. read a connection that does not exist: a typed `ApiError`.
//!
//! Run: `cargo run --example sync_and_wait` (about a second, mostly the
//! `Retry-After` wait).

#[path = "../tests/support/mock_fivetran.rs"]
mod mock_fivetran;
#[path = "../tests/support/ureq_client.rs"]
mod ureq_client;

use std::error::Error;
use std::time::{Duration, Instant};

use errspec::{poll_blocking, Baseline, PollConfig};
use errspec_fivetran::{Endpoint, Outcome, PollVerdict, Poller};
use mock_fivetran::MockFivetran;
use ureq_client::Client;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Small delays so the whole program runs in about a second.
fn config() -> PollConfig {
    PollConfig::seeded(7)
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(100))
        .max_wait(Duration::from_secs(10))
}

fn or_none<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "null".to_owned(), |value| value.to_string())
}

/// Baseline, trigger, classify, poll; prints what happened and returns the verdict.
fn trigger_and_wait(client: &Client, trigger: Endpoint, id: &str) -> Result<PollVerdict> {
    let target = trigger.poll_target().ok_or("not a triggered endpoint")?;
    let poll_path = target.path(&[("connectionId", id)])?;
    let before = client.get(&poll_path)?;

    let trigger_path = trigger.path(&[("connectionId", id)])?;
    let answer = client.post(&trigger_path, None)?;
    let plan = match trigger.classify(answer.status, answer.headers, answer.body) {
        Ok(Outcome::Pending(plan)) => plan,
        Ok(other) => return Err(format!("expected a pending outcome, got {}", other.kind()).into()),
        Err(error) => return Err(error.into()),
    };
    let baseline = Baseline::from_body(plan.rule, &before.body).ok_or("baseline is not JSON")?;
    println!(
        "{} {trigger_path} -> {} triggered; polling {} until {} or {} moves",
        trigger.method(),
        answer.status,
        plan.endpoint.key(),
        plan.rule.succeeded_at.as_str(),
        plan.rule.failed_at.as_str(),
    );
    println!(
        "  baseline: succeeded_at {}, failed_at {}",
        or_none(baseline.succeeded_at),
        or_none(baseline.failed_at)
    );

    let mut poller = Poller::new(plan, baseline, config());
    let mut polls = Vec::new();
    let started = Instant::now();
    let verdict = poll_blocking(
        &mut poller,
        || {
            let response = client.get(&poll_path)?;
            polls.push(response.status);
            Ok::<_, ureq::Error>(response)
        },
        std::thread::sleep,
    )?;
    println!(
        "  {} polls (statuses {polls:?}), waited {:.2} s",
        polls.len(),
        started.elapsed().as_secs_f64()
    );
    let summary = match &verdict {
        PollVerdict::Succeeded { at } => format!("succeeded at {at}"),
        PollVerdict::Failed { at } => format!("FAILED at {at}"),
        PollVerdict::Deferred(deferral) => format!(
            "deferred: {} (until {})",
            deferral.reason,
            deferral.until.unwrap_or("later")
        ),
        PollVerdict::Rescheduled { at } => match at {
            Some(at) => format!("rescheduled: trigger it again at {at}"),
            None => "rescheduled: trigger it again later".to_owned(),
        },
        PollVerdict::TimedOut { waited, last } => {
            format!("timed out after {waited:?}; last seen {last:?}")
        }
        PollVerdict::Error(error) => format!("error: {error}"),
    };
    println!("  => {summary}");
    Ok(verdict)
}

fn main() -> Result<()> {
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(5));
    println!("mock Fivetran API at {}\n", mock.base_url());

    let ok = trigger_and_wait(&client, Endpoint::SyncConnection, "c_ok")?;
    let bad = trigger_and_wait(&client, Endpoint::SyncConnection, "c_bad")?;
    let busy = trigger_and_wait(&client, Endpoint::SyncConnection, "c_busy")?;
    let paused = trigger_and_wait(&client, Endpoint::ResyncConnection, "c_paused")?;

    let create_path = Endpoint::CreateConnection.path(&[])?;
    let request = br#"{"group_id":"mock_group","service":"postgres_rds","run_setup_tests":true}"#;
    let created = client.post(&create_path, Some(request))?;
    let outcome = Endpoint::CreateConnection.classify_with_request(
        request,
        created.status,
        created.headers,
        created.body,
    )?;
    println!(
        "POST {create_path} (run_setup_tests) -> {}: {}",
        created.status,
        outcome.kind()
    );
    for issue in outcome.issues() {
        println!(
            "  setup test {:?} {}: {}",
            issue.text("title").unwrap_or("(untitled)"),
            issue.value.as_deref().unwrap_or("?"),
            issue.text("message").unwrap_or("")
        );
    }

    let missing_path = Endpoint::GetConnection.path(&[("connectionId", "c_missing")])?;
    let missing = client.get(&missing_path)?;
    match Endpoint::GetConnection.classify(missing.status, missing.headers, missing.body) {
        Ok(outcome) => println!("GET {missing_path} -> unexpected {}", outcome.kind()),
        Err(error) => println!(
            "GET {missing_path} -> {error}\n  category {}, retryable: {}",
            or_none(error.category()),
            error.is_retryable()
        ),
    }

    let expected = [
        (ok.kind(), "succeeded"),
        (bad.kind(), "failed"),
        (busy.kind(), "succeeded"),
        (paused.kind(), "deferred"),
        (outcome.kind(), "failed"),
    ];
    if expected.iter().any(|(got, want)| got != want) {
        return Err(format!("unexpected outcomes: {expected:?}").into());
    }
    println!("\nall outcomes as scripted");
    Ok(())
}
