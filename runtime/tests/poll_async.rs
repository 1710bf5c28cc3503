//! `poll_async`, the async twin of `poll_blocking`, driven without any async
//! runtime: a tiny `block_on` polls its future with `Waker::noop()`, and the
//! fetch and sleep futures are either ready at once or pending a set number of
//! times first, so every branch runs deterministically and no clock is read.

/// The code errspec generates from `tests/api/fivetran.yaml`, the seed part of
/// the Fivetran contract (kept fresh by a test of
/// the root crate), as a contract to exercise the runtime with.
#[allow(dead_code)]
mod fivetran {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/api/fivetran.rs"
    ));
}

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::{ready, Future};
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use errspec::{poll_async, poll_blocking, Baseline, Headers, PollConfig, Response};
use fivetran::{Endpoint, Outcome, PollVerdict, Poller};

/// Polls `future` until it is ready; gives up after `limit` polls.
fn block_on_within<F: Future>(limit: usize, future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for polls in 1..=limit {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return (output, polls);
        }
    }
    panic!("the future was still pending after {limit} polls");
}

fn block_on<F: Future>(future: F) -> F::Output {
    block_on_within(10_000, future).0
}

/// Ready after answering `Pending` `remaining` times (waking itself each time,
/// as a well-behaved future must).
struct PendingFor<T> {
    remaining: u32,
    value: Option<T>,
}

impl<T: Unpin> Future for PendingFor<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.remaining == 0 {
            return Poll::Ready(self.value.take().expect("polled after completion"));
        }
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn pending_for<T>(remaining: u32, value: T) -> PendingFor<T> {
    PendingFor {
        remaining,
        value: Some(value),
    }
}

const BEFORE: &str = "2024-03-11T08:13:02Z";
const AFTER: &str = "2024-03-11T09:02:45Z";

fn connection(succeeded_at: &str, failed_at: Option<&str>, paused: bool) -> Response {
    let failed_at = failed_at.map_or_else(|| "null".to_owned(), |at| format!("\"{at}\""));
    let body = format!(
        r#"{{"data":{{"succeeded_at":"{succeeded_at}","failed_at":{failed_at},"paused":{paused},"status":{{"sync_state":"syncing"}}}}}}"#
    );
    Response {
        status: 200,
        headers: Headers::new(),
        body: body.into_bytes(),
    }
}

fn running() -> Response {
    connection(BEFORE, None, false)
}

fn error(status: u16, headers: Headers, body: &str) -> Response {
    Response {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn config(seed: u64) -> PollConfig {
    PollConfig::seeded(seed)
        .min_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(500))
        .max_wait(Duration::from_secs(30))
}

fn poller(config: PollConfig) -> Poller {
    poller_for(Endpoint::SyncConnection, config)
}

fn poller_for(trigger: Endpoint, config: PollConfig) -> Poller {
    let Ok(Outcome::Pending(plan)) = trigger.classify(200, Headers::new(), "{}") else {
        panic!("{trigger:?} is polled");
    };
    let baseline = Baseline::from_body(plan.rule, &running().body).expect("a baseline");
    Poller::new(plan, baseline, config)
}

/// The answers of a scripted poll endpoint, then `running()` forever.
fn script(answers: Vec<Response>) -> RefCell<VecDeque<Response>> {
    RefCell::new(answers.into())
}

fn next(answers: &RefCell<VecDeque<Response>>) -> Response {
    answers.borrow_mut().pop_front().unwrap_or_else(running)
}

#[test]
fn ready_futures_reach_the_verdict() {
    let answers = script(vec![running(), running(), connection(AFTER, None, false)]);
    let slept = RefCell::new(Vec::new());
    let fetches = Cell::new(0);
    let mut poller = poller(config(1));
    let verdict = block_on(poll_async(
        &mut poller,
        || {
            fetches.set(fetches.get() + 1);
            ready(Ok::<_, Infallible>(next(&answers)))
        },
        |delay| {
            slept.borrow_mut().push(delay);
            ready(())
        },
    ));
    match verdict {
        Ok(PollVerdict::Succeeded { at }) => assert_eq!(at.to_string(), "2024-03-11T09:02:45Z"),
        other => panic!("expected success, got {other:?}"),
    }
    assert_eq!(fetches.get(), 3);
    let slept = slept.into_inner();
    assert_eq!(slept.len(), 3, "one sleep before each poll");
    assert_eq!(
        slept[0],
        Duration::from_millis(10),
        "the first delay is min_delay"
    );
    assert_eq!(slept.iter().sum::<Duration>(), poller.waited());
}

#[test]
fn pending_futures_are_awaited_not_skipped() {
    let answers = script(vec![running(), connection(BEFORE, Some(AFTER), false)]);
    let fetches = Cell::new(0);
    let sleeps = Cell::new(0);
    let mut poller = poller(config(2));
    let (verdict, polls) = block_on_within(
        1_000,
        poll_async(
            &mut poller,
            || {
                fetches.set(fetches.get() + 1);
                pending_for(3, Ok::<_, Infallible>(next(&answers)))
            },
            |_| {
                sleeps.set(sleeps.get() + 1);
                pending_for(2, ())
            },
        ),
    );
    assert_eq!(verdict.unwrap().kind(), "failed");
    assert_eq!((fetches.get(), sleeps.get()), (2, 2));
    // Each fetch pends 3 times and each sleep 2: 10 pending polls, then ready.
    assert_eq!(polls, 2 * 3 + 2 * 2 + 1);
}

/// The same script, seed and config give the same sleeps and verdict as
/// `poll_blocking`.
#[test]
fn matches_poll_blocking_step_for_step() {
    let answers = || {
        vec![
            running(),
            error(
                429,
                Headers::new().with("Retry-After", "2"),
                r#"{"code":"TooManyRequests"}"#,
            ),
            error(503, Headers::new(), "<html>unavailable</html>"),
            error(200, Headers::new(), "not json"),
            running(),
            running(),
            connection(AFTER, None, false),
        ]
    };
    for seed in [0, 1, 42, u64::MAX] {
        let blocking_answers = script(answers());
        let mut blocking_sleeps = Vec::new();
        let mut blocking_poller = poller(config(seed));
        let blocking = poll_blocking(
            &mut blocking_poller,
            || Ok::<_, Infallible>(next(&blocking_answers)),
            |delay| blocking_sleeps.push(delay),
        )
        .unwrap();

        let async_answers = script(answers());
        let async_sleeps = RefCell::new(Vec::new());
        let mut async_poller = poller(config(seed));
        let via_async = block_on(poll_async(
            &mut async_poller,
            || pending_for(1, Ok::<_, Infallible>(next(&async_answers))),
            |delay| {
                async_sleeps.borrow_mut().push(delay);
                ready(())
            },
        ))
        .unwrap();

        assert_eq!(
            format!("{via_async:?}"),
            format!("{blocking:?}"),
            "seed {seed}"
        );
        assert_eq!(async_sleeps.into_inner(), blocking_sleeps, "seed {seed}");
        assert_eq!(async_poller.waited(), blocking_poller.waited());
        assert!(
            blocking_sleeps.contains(&Duration::from_secs(2)),
            "Retry-After honoured"
        );
    }
}

#[test]
fn a_fetch_error_stops_the_loop_and_is_returned() {
    let fetches = Cell::new(0);
    let sleeps = Cell::new(0);
    let mut poller = poller(config(3));
    let result = block_on(poll_async(
        &mut poller,
        || {
            fetches.set(fetches.get() + 1);
            let answer = match fetches.get() {
                1 => Ok(running()),
                _ => Err("connection reset"),
            };
            ready(answer)
        },
        |_| {
            sleeps.set(sleeps.get() + 1);
            ready(())
        },
    ));
    assert_eq!(result.unwrap_err(), "connection reset");
    assert_eq!((fetches.get(), sleeps.get()), (2, 2));
}

#[test]
fn an_error_response_retrying_will_not_fix_is_the_verdict() {
    let mut poller = poller(config(4));
    let verdict = block_on(poll_async(
        &mut poller,
        || {
            ready(Ok::<_, Infallible>(error(
                404,
                Headers::new(),
                r#"{"code":"NotFound_Connector","message":"gone"}"#,
            )))
        },
        |_| ready(()),
    ))
    .unwrap();
    match verdict {
        PollVerdict::Error(error) => {
            assert_eq!(error.status(), 404);
            assert_eq!(error.message(), Some("gone"));
        }
        other => panic!("expected an error verdict, got {other:?}"),
    }
}

#[test]
fn a_paused_resync_is_deferred() {
    // The spec defers a resync (not a sync) of a paused connection.
    let mut poller = poller_for(Endpoint::ResyncConnection, config(5));
    let verdict = block_on(poll_async(
        &mut poller,
        || ready(Ok::<_, Infallible>(connection(BEFORE, None, true))),
        |_| ready(()),
    ))
    .unwrap();
    assert_eq!(verdict.kind(), "deferred");
}

#[test]
fn the_maximum_wait_ends_in_a_timeout() {
    let config = PollConfig::seeded(6)
        .min_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(100))
        .max_wait(Duration::from_secs(1));
    let mut poller = poller(config);
    let sleeps = Cell::new(0);
    let verdict = block_on(poll_async(
        &mut poller,
        || ready(Ok::<_, Infallible>(running())),
        |_| {
            sleeps.set(sleeps.get() + 1);
            ready(())
        },
    ))
    .unwrap();
    match verdict {
        PollVerdict::TimedOut { waited, last } => {
            assert_eq!(waited, Duration::from_secs(1));
            assert!(last.is_some(), "the last progress is kept");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(sleeps.get(), 10);
}

#[test]
fn the_sleep_future_may_have_any_output() {
    let mut poller = poller(config(7));
    let verdict = block_on(poll_async(
        &mut poller,
        || ready(Ok::<_, Infallible>(connection(AFTER, None, false))),
        |delay| ready(std::time::Instant::now() + delay),
    ))
    .unwrap();
    assert_eq!(verdict.kind(), "succeeded");
}

#[test]
fn dropping_the_future_leaves_the_poller_usable() {
    let mut poller = poller(config(8));
    {
        let future = poll_async(
            &mut poller,
            || ready(Ok::<_, Infallible>(running())),
            |_| pending_for(u32::MAX, ()),
        );
        let mut future = pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        assert!(future.as_mut().poll(&mut cx).is_pending());
    }
    assert_eq!(
        poller.waited(),
        Duration::from_millis(10),
        "the first delay was handed out"
    );
    let verdict = block_on(poll_async(
        &mut poller,
        || ready(Ok::<_, Infallible>(connection(AFTER, None, false))),
        |_| ready(()),
    ))
    .unwrap();
    assert_eq!(verdict.kind(), "succeeded");
}

#[test]
fn the_future_is_send_when_its_parts_are() {
    fn assert_send<T: Send>(_: &T) {}
    let mut poller = poller(config(9));
    let future = poll_async(
        &mut poller,
        || async { Ok::<_, String>(running()) },
        |_| async {},
    );
    assert_send(&future);
    assert_eq!(block_on(future).unwrap().kind(), "timed_out");
}
