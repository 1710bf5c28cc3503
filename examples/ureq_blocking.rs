//! The generated Fivetran API over a blocking client, `ureq`, with errspec's
//! `http` feature: ureq hands out `http::Response`s, which `classify_http`,
//! `ApiError::from_http`, `Poller::observe_http` and `errspec::Response::from`
//! take as they are, so there is no header or status copying to write.
//!
//! Against the local mock in `tests/support/mock_fivetran.rs` (`127.0.0.1`, no
//! network):
//!
//! 1. sync `c_ok` and `c_bad` and wait with `errspec::poll_blocking`;
//! 2. sync the rate-limited `c_busy` and step its `Poller` by hand with
//!    `observe_http`, printing each step (one waits out `Retry-After: 1`);
//! 3. resync the paused `c_paused`: deferred;
//! 4. create a connection whose setup test fails inside a `201`;
//! 5. read a connection that does not exist: `ApiError::from_http`.
//!
//! Run: `cargo run --example ureq_blocking` (about a second).

#[path = "../tests/support/mock_fivetran.rs"]
mod mock_fivetran;
#[path = "../tests/support/ureq_client.rs"]
mod ureq_client;

use std::error::Error;
use std::time::{Duration, Instant};

use errspec::{classify_http, poll_blocking, Baseline, PollConfig, PollStep};
use errspec_fivetran::{Api, ApiError, Endpoint, Outcome, PollPlan, PollVerdict, Poller};
use mock_fivetran::MockFivetran;
use ureq_client::Client;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Small delays so the program runs in about a second.
fn config() -> PollConfig {
    PollConfig::seeded(7)
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(100))
        .max_wait(Duration::from_secs(10))
}

/// Reads the baseline, triggers, and classifies the trigger's answer.
fn trigger(client: &Client, trigger: Endpoint, id: &str) -> Result<(PollPlan, Baseline, String)> {
    let poll_path = trigger
        .poll_target()
        .ok_or("not a triggered endpoint")?
        .path(&[("connectionId", id)])?;
    let before = client.get_http(&poll_path)?;
    let answer = client.post_http(&trigger.path(&[("connectionId", id)])?, None)?;
    let status = answer.status();
    let plan = match classify_http::<Api, _>(trigger, answer, None) {
        Ok(Outcome::Pending(plan)) => plan,
        Ok(other) => return Err(format!("expected pending, got {}", other.kind()).into()),
        Err(error) => return Err(error.into()),
    };
    let baseline = Baseline::from_body(plan.rule, before.body()).ok_or("no baseline")?;
    println!(
        "{} {id} -> {status}: triggered; polling {}",
        plan.trigger.key(),
        plan.endpoint.key()
    );
    Ok((plan, baseline, poll_path))
}

fn describe(verdict: &PollVerdict) -> String {
    match verdict {
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
        PollVerdict::TimedOut { waited, .. } => format!("timed out after {waited:?}"),
        PollVerdict::Error(error) => format!("error {}: {error}", error.status_code()),
    }
}

/// Waits with `poll_blocking`: each fetch's `http::Response` becomes an
/// `errspec::Response` through `From`.
fn sync_and_wait(client: &Client, endpoint: Endpoint, id: &str) -> Result<PollVerdict> {
    let (plan, baseline, path) = trigger(client, endpoint, id)?;
    let mut poller = Poller::new(plan, baseline, config());
    let mut polls = 0;
    let verdict = poll_blocking(
        &mut poller,
        || {
            polls += 1;
            client.get_http(&path).map(errspec::Response::from)
        },
        std::thread::sleep,
    )?;
    println!("  {polls} polls: {}", describe(&verdict));
    Ok(verdict)
}

/// Steps the poller by hand with `observe_http`, printing each step.
fn sync_step_by_step(client: &Client, id: &str) -> Result<PollVerdict> {
    let (plan, baseline, path) = trigger(client, Endpoint::SyncConnection, id)?;
    let mut poller = Poller::new(plan, baseline, config());
    let mut delay = poller.first_delay();
    loop {
        std::thread::sleep(delay);
        let response = client.get_http(&path)?;
        let status = response.status();
        match poller.observe_http(response) {
            PollStep::Wait {
                delay: next,
                progress,
            } => {
                let seen = match progress {
                    Some(errspec::Progress::Running { state, .. }) => {
                        state.unwrap_or_else(|| "running".to_owned())
                    }
                    _ => "no progress (retryable error)".to_owned(),
                };
                println!("  {status}: {seen}; next poll in {next:?}");
                delay = next;
            }
            PollStep::Done(verdict) => {
                println!("  {status}: {}", describe(&verdict));
                return Ok(verdict);
            }
        }
    }
}

fn main() -> Result<()> {
    let started = Instant::now();
    let mock = MockFivetran::start();
    let client = Client::new(mock.base_url(), Duration::from_secs(5));
    println!(
        "ureq (blocking) against the mock Fivetran API at {}\n",
        mock.base_url()
    );

    let ok = sync_and_wait(&client, Endpoint::SyncConnection, "c_ok")?;
    let bad = sync_and_wait(&client, Endpoint::SyncConnection, "c_bad")?;
    let busy = sync_step_by_step(&client, "c_busy")?;
    let paused = sync_and_wait(&client, Endpoint::ResyncConnection, "c_paused")?;

    let request = br#"{"group_id":"mock_group","service":"postgres_rds","run_setup_tests":true}"#;
    let created = client.post_http(&Endpoint::CreateConnection.path(&[])?, Some(request))?;
    let status = created.status();
    let outcome = classify_http::<Api, _>(Endpoint::CreateConnection, created, Some(request))?;
    println!("create_connection -> {status}: {}", outcome.kind());
    for issue in outcome.issues() {
        println!(
            "  setup test {:?}: {}",
            issue.text("title").unwrap_or("(untitled)"),
            issue.text("message").unwrap_or("")
        );
    }

    let missing =
        client.get_http(&Endpoint::GetConnection.path(&[("connectionId", "c_missing")])?)?;
    let error = ApiError::from_http(missing);
    println!(
        "get_connection c_missing -> {}: code {}, retryable {}",
        error.status_code(),
        error.code().map_or("none", |code| code.as_str()),
        error.is_retryable()
    );

    let got = [
        ok.kind(),
        bad.kind(),
        busy.kind(),
        paused.kind(),
        outcome.kind(),
        error.code().map_or("none", |code| code.as_str()),
    ];
    let want = [
        "succeeded",
        "failed",
        "succeeded",
        "deferred",
        "failed",
        "NotFound_Connector",
    ];
    if got != want {
        return Err(format!("unexpected outcomes: {got:?}, expected {want:?}").into());
    }
    println!(
        "\nall outcomes as scripted ({} requests, {:.2} s)",
        mock.requests().len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
