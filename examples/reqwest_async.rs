//! The generated Fivetran API over an async client, `reqwest` (no TLS), on a
//! current-thread tokio runtime, waiting with `errspec::poll_async`.
//!
//! `poll_async` needs no particular runtime: it takes a fetch closure returning
//! a future and a sleep function, here `tokio::time::sleep`. Being async, the
//! three syncs below are waited for at the same time on one thread, so the
//! whole program takes about as long as the slowest (`c_busy`, which waits out
//! `Retry-After: 1`).
//!
//! Against the local mock in `tests/support/mock_fivetran.rs` (`127.0.0.1`, no
//! network): `c_ok` succeeds, `c_bad` fails, `c_busy` succeeds after a 429,
//! a resync of the paused `c_paused` is deferred, a created connection whose
//! setup test failed is a failure despite its `201`, and `c_missing` is a typed
//! `ApiError`.
//!
//! Run: `cargo run --example reqwest_async`.

#[path = "../tests/support/mock_fivetran.rs"]
mod mock_fivetran;

use std::error::Error;
use std::time::{Duration, Instant};

use errspec::{classify_http, poll_async, Baseline, PollConfig};
use errspec_fivetran::{Api, ApiError, Endpoint, Outcome, PollVerdict, Poller};
use mock_fivetran::MockFivetran;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Sends one request and reads the whole answer into an `http::Response`.
async fn send(request: reqwest::RequestBuilder) -> reqwest::Result<http::Response<Vec<u8>>> {
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    let mut answer = http::Response::new(body);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    Ok(answer)
}

struct Client {
    client: reqwest::Client,
    base_url: String,
}

impl Client {
    async fn get(&self, path: &str) -> reqwest::Result<http::Response<Vec<u8>>> {
        send(self.client.get(format!("{}{path}", self.base_url))).await
    }

    async fn post(
        &self,
        path: &str,
        json: Option<&'static [u8]>,
    ) -> reqwest::Result<http::Response<Vec<u8>>> {
        let mut request = self.client.post(format!("{}{path}", self.base_url));
        if let Some(json) = json {
            request = request
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(json);
        }
        send(request).await
    }
}

/// Small delays so the program runs in about a second.
fn config() -> PollConfig {
    PollConfig::seeded(7)
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(100))
        .max_wait(Duration::from_secs(10))
}

/// Baseline, trigger, classify, then `poll_async` until the verdict.
async fn trigger_and_wait(client: &Client, trigger: Endpoint, id: &str) -> Result<PollVerdict> {
    let poll_path = trigger
        .poll_target()
        .ok_or("not a triggered endpoint")?
        .path(&[("connectionId", id)])?;
    let before = client.get(&poll_path).await?;
    let answer = client
        .post(&trigger.path(&[("connectionId", id)])?, None)
        .await?;
    let plan = match classify_http::<Api, _>(trigger, answer, None) {
        Ok(Outcome::Pending(plan)) => plan,
        Ok(other) => return Err(format!("expected pending, got {}", other.kind()).into()),
        Err(error) => return Err(error.into()),
    };
    let baseline = Baseline::from_body(plan.rule, before.body()).ok_or("no baseline")?;
    let mut poller = Poller::new(plan, baseline, config());

    let started = Instant::now();
    let poll_path = poll_path.as_str();
    let verdict = poll_async(
        &mut poller,
        move || async move { client.get(poll_path).await.map(errspec::Response::from) },
        tokio::time::sleep,
    )
    .await?;
    let summary = match &verdict {
        PollVerdict::Succeeded { at } => format!("succeeded at {at}"),
        PollVerdict::Failed { at } => format!("FAILED at {at}"),
        PollVerdict::Deferred(deferral) => format!("deferred: {}", deferral.reason),
        PollVerdict::Rescheduled { at } => match at {
            Some(at) => format!("rescheduled: trigger it again at {at}"),
            None => "rescheduled: trigger it again later".to_owned(),
        },
        PollVerdict::TimedOut { waited, .. } => format!("timed out after {waited:?}"),
        PollVerdict::Error(error) => format!("error: {error}"),
    };
    println!(
        "{} {id}: {summary} (done {:.2} s after its trigger)",
        trigger.key(),
        started.elapsed().as_secs_f64()
    );
    Ok(verdict)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let started = Instant::now();
    let mock = MockFivetran::start();
    let client = Client {
        client: reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()?,
        base_url: mock.base_url(),
    };
    println!(
        "reqwest (async, current-thread tokio) against the mock Fivetran API at {}\n",
        mock.base_url()
    );

    // Three syncs waited for concurrently, on one thread.
    let (ok, bad, busy) = tokio::join!(
        trigger_and_wait(&client, Endpoint::SyncConnection, "c_ok"),
        trigger_and_wait(&client, Endpoint::SyncConnection, "c_bad"),
        trigger_and_wait(&client, Endpoint::SyncConnection, "c_busy"),
    );
    let (ok, bad, busy) = (ok?, bad?, busy?);
    let paused = trigger_and_wait(&client, Endpoint::ResyncConnection, "c_paused").await?;

    let request: &'static [u8] =
        br#"{"group_id":"mock_group","service":"postgres_rds","run_setup_tests":true}"#;
    let created = client
        .post(&Endpoint::CreateConnection.path(&[])?, Some(request))
        .await?;
    let status = created.status();
    let outcome = classify_http::<Api, _>(Endpoint::CreateConnection, created, Some(request))?;
    let failed_tests: Vec<&str> = outcome
        .issues()
        .iter()
        .filter_map(|issue| issue.text("title"))
        .collect();
    println!(
        "create_connection -> {status}: {} (setup tests {failed_tests:?})",
        outcome.kind()
    );

    let missing = client
        .get(&Endpoint::GetConnection.path(&[("connectionId", "c_missing")])?)
        .await?;
    let error = ApiError::from_http(missing);
    println!(
        "get_connection c_missing -> {}: {error}",
        error.status_code()
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
