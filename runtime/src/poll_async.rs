//! The async twin of [`poll_blocking`](crate::poll_blocking), tied to no async
//! runtime: the caller brings the fetch and the sleep.

use std::future::Future;
use std::time::Duration;

use crate::contract::Contract;
use crate::poll::{PollStep, PollVerdict, Poller, Response};

/// Drives a [`Poller`] to its verdict with any async HTTP client and any async
/// runtime: `fetch` returns a future performing one poll request, `sleep`
/// returns a future that waits the given time (`tokio::time::sleep`,
/// `async_io::Timer::after`, …; its output is ignored). A fetch error stops the
/// loop and is returned.
///
/// Like [`poll_blocking`](crate::poll_blocking), it sleeps
/// [`Poller::first_delay`] before the first poll, then the delay each
/// [`PollStep::Wait`] asks for. It holds `poller`, `fetch` and `sleep` across
/// its awaits, so its future is `Send` when they and their futures are.
///
/// Dropping the returned future stops polling; `poller` stays usable (the
/// delays handed out so far count in [`Poller::waited`]).
///
/// Waiting for a sync of the generated Fivetran contract, with a scripted fetch
/// and a sleep that only records the delays:
///
/// ```
/// # #[allow(dead_code)]
/// # mod fivetran {
/// #     include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/fivetran.rs"));
/// # }
/// # /// Polls a future to its end; these futures never wait on anything.
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let mut future = std::pin::pin!(future);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop {
/// #         if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
/// #             return output;
/// #         }
/// #     }
/// # }
/// use std::cell::RefCell;
/// use std::convert::Infallible;
/// use std::time::Duration;
///
/// use errspec::{poll_async, Baseline, Headers, PollConfig, Response};
/// use fivetran::{Endpoint, Outcome, PollVerdict, Poller};
///
/// let connection = |succeeded_at: &str| Response {
///     status: 200,
///     headers: Headers::new(),
///     body: format!(r#"{{"data":{{"succeeded_at":"{succeeded_at}","failed_at":null}}}}"#).into(),
/// };
/// let Ok(Outcome::Pending(plan)) = Endpoint::SyncConnection.classify(200, Headers::new(), "{}") else {
///     panic!("a sync is polled");
/// };
/// let before = connection("2024-03-11T08:13:02Z");
/// let baseline = Baseline::from_body(plan.rule, &before.body).unwrap();
/// let config = PollConfig::default().min_delay(Duration::from_secs(1));
/// let mut poller = Poller::new(plan, baseline, config);
///
/// let mut answers = vec![connection("2024-03-11T09:02:45Z"), before].into_iter().rev();
/// let slept = RefCell::new(Vec::new());
/// let verdict = block_on(poll_async(
///     &mut poller,
///     || std::future::ready(Ok::<_, Infallible>(answers.next().unwrap())),
///     |delay| {
///         slept.borrow_mut().push(delay);
///         std::future::ready(())
///     },
/// ));
/// assert!(matches!(verdict, Ok(PollVerdict::Succeeded { .. })));
/// assert_eq!(slept.borrow().len(), 2); // before each of the two polls
/// ```
///
/// With tokio and reqwest (the whole program is `examples/reqwest_async.rs` in
/// the errspec repository):
///
/// ```ignore
/// let verdict = errspec::poll_async(
///     &mut poller,
///     || async {
///         let response = client.get(&url).send().await?;
///         let status = response.status().as_u16();
///         let headers = errspec::Headers::from(response.headers());
///         let body = response.bytes().await?.to_vec();
///         Ok::<_, reqwest::Error>(errspec::Response { status, headers, body })
///     },
///     tokio::time::sleep,
/// )
/// .await?;
/// ```
pub async fn poll_async<C, E, F, Fut, S, SFut>(
    poller: &mut Poller<C>,
    mut fetch: F,
    mut sleep: S,
) -> Result<PollVerdict<C>, E>
where
    C: Contract,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Response, E>>,
    S: FnMut(Duration) -> SFut,
    SFut: Future,
{
    let mut delay = poller.first_delay();
    loop {
        sleep(delay).await;
        let response = fetch().await?;
        match poller.observe(response.status, response.headers, &response.body) {
            PollStep::Wait { delay: next, .. } => delay = next,
            PollStep::Done(verdict) => return Ok(verdict),
        }
    }
}
