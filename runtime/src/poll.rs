//! Waiting for a triggered operation to end: [`evaluate`] judges one poll
//! response against a baseline; [`Poller`] adds delays, a deadline and
//! `Retry-After`, without doing any I/O.
//!
//! Time is the sum of the delays the poller hands out. Two conveniences read
//! the system clock: [`Poller::observe`] (for `Retry-After` dates; use
//! [`Poller::observe_at`] to pass the time) and [`PollConfig::default`] (to
//! seed the jitter; use [`PollConfig::seeded`] for a fixed seed). With those
//! two avoided, nothing here reads a clock.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::api_error::ApiError;
use crate::contract::Contract;
use crate::headers::Headers;
use crate::json;
use crate::outcome::{Deferral, PollPlan};
use crate::timestamp::Timestamp;
use crate::{FieldPath, PollRule};

/// The completion timestamps before the operation was triggered.
///
/// Completion is judged relative to these: a sync has ended when `succeeded_at`
/// or `failed_at` moves past the value it had before the trigger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The success timestamp before the trigger, if any.
    pub succeeded_at: Option<Timestamp>,
    /// The failure timestamp before the trigger, if any.
    pub failed_at: Option<Timestamp>,
}

impl Baseline {
    /// Reads the baseline from a success response of the polled endpoint,
    /// fetched before the trigger.
    ///
    /// `None` when the body is not JSON or lacks both timestamp fields (an error
    /// body, say): judging against such a baseline would take any old timestamp
    /// for a new one. A field that is present but `null` (never synced) is fine.
    pub fn from_body<E>(rule: &PollRule<'_, E>, body: &[u8]) -> Option<Baseline> {
        let document = crate::body::parse_body(body)?;
        let present = |path: &FieldPath<'_>| json::get(path, &document).is_some();
        if !present(&rule.succeeded_at) && !present(&rule.failed_at) {
            return None;
        }
        Some(Baseline::from_document(rule, &document))
    }

    /// Reads the baseline from a parsed response.
    pub fn from_document<E>(rule: &PollRule<'_, E>, document: &Value) -> Baseline {
        Baseline {
            succeeded_at: timestamp_at(&rule.succeeded_at, document),
            failed_at: timestamp_at(&rule.failed_at, document),
        }
    }
}

/// A timestamp field; absent, null or unreadable values count as no timestamp,
/// and so does the string `"null"`, which some bodies hold instead of `null`.
fn timestamp_at(path: &FieldPath<'_>, document: &Value) -> Option<Timestamp> {
    match json::get(path, document)?.as_str()? {
        "null" => None,
        text => Timestamp::parse(text),
    }
}

/// Where a triggered operation stands after one poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress<'r> {
    /// Still going.
    Running {
        /// The state field's value (`syncing`), if the spec names one.
        state: Option<String>,
        /// Notes that hold now (e.g. rescheduled, with the time).
        notes: Vec<String>,
    },
    /// Ended well: the success timestamp moved past its baseline.
    Succeeded {
        /// The new success timestamp.
        at: Timestamp,
    },
    /// Ended badly: the failure timestamp moved past its baseline.
    Failed {
        /// The new failure timestamp.
        at: Timestamp,
    },
    /// Waits for something outside the operation (a paused connection).
    Deferred(Deferral<'r>),
    /// Put off to a later time (the spec's `reschedule` condition holds).
    Rescheduled {
        /// When it is rescheduled for, if the response says (and it reads).
        until: Option<Timestamp>,
        /// Whether the caller has to trigger it again then: nothing restarts
        /// it by itself (a connection on a manual schedule).
        trigger_again: bool,
    },
}

/// Judges one poll response (parsed) against the baseline.
///
/// Ended when either timestamp moved past its baseline; if both did, the newer
/// one decides. Otherwise a defer condition that holds gives
/// [`Progress::Deferred`], the reschedule condition [`Progress::Rescheduled`],
/// and anything else is [`Progress::Running`].
pub fn evaluate<'r, E>(
    rule: &PollRule<'r, E>,
    baseline: &Baseline,
    document: &Value,
) -> Progress<'r> {
    let now = Baseline::from_document(rule, document);
    let moved = |current: Option<Timestamp>, before: Option<Timestamp>| match (current, before) {
        (Some(current), Some(before)) => current > before,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let succeeded = now
        .succeeded_at
        .filter(|_| moved(now.succeeded_at, baseline.succeeded_at));
    let failed = now
        .failed_at
        .filter(|_| moved(now.failed_at, baseline.failed_at));
    match (succeeded, failed) {
        (Some(s), Some(f)) if f > s => return Progress::Failed { at: f },
        (Some(s), _) => return Progress::Succeeded { at: s },
        (None, Some(f)) => return Progress::Failed { at: f },
        (None, None) => {}
    }
    if let Some(defer) = rule.defer.iter().find(|d| json::defer_holds(d, document)) {
        return Progress::Deferred(Deferral {
            reason: defer.reason,
            until: defer.until,
            verify: None,
        });
    }
    if let Some(reschedule) = rule.reschedule.filter(|r| json::holds(&r.when, document)) {
        return Progress::Rescheduled {
            until: timestamp_at(&reschedule.until, document),
            trigger_again: reschedule
                .trigger_again
                .is_some_and(|condition| json::holds(&condition, document)),
        };
    }
    let state = rule
        .state
        .and_then(|path| json::get(&path, document))
        .map(scalar_text);
    let notes = rule
        .notes
        .iter()
        .filter(|note| json::note_applies(note, document))
        .map(|note| {
            match note
                .detail
                .and_then(|path| json::get(&path, document))
                .filter(|v| !v.is_null())
            {
                Some(detail) => format!("{} ({})", note.note, scalar_text(detail)),
                None => note.note.to_owned(),
            }
        })
        .collect();
    Progress::Running { state, notes }
}

/// A JSON value as display text: strings without quotes, anything else as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The smallest delay the poller hands out between polls, whatever the
/// configuration, so that every wait counts toward `max_wait`.
pub const MIN_BACKOFF: Duration = Duration::from_millis(1);

/// Delays and the deadline of a [`Poller`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollConfig {
    /// The shortest delay between polls (and before the first); at least
    /// [`MIN_BACKOFF`] between polls.
    pub min_delay: Duration,
    /// The longest delay between polls (a `Retry-After` may ask for more).
    pub max_delay: Duration,
    /// Give up once the delays handed out would exceed this.
    pub max_wait: Duration,
    /// Seed of the jitter; fixed seeds give repeatable delays in tests.
    pub seed: u64,
}

impl PollConfig {
    /// The default delays (1 s to 60 s between polls, giving up after 30
    /// minutes) with a fixed jitter seed: repeatable, and reads no clock.
    pub const fn seeded(seed: u64) -> Self {
        PollConfig {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            max_wait: Duration::from_secs(30 * 60),
            seed,
        }
    }

    /// These settings with another minimum delay.
    pub const fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// These settings with another maximum delay.
    pub const fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// These settings with another maximum wait.
    pub const fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }
}

impl Default for PollConfig {
    /// 1 s to 60 s between polls, giving up after 30 minutes. The jitter is
    /// seeded from the system clock, so that clients started together do not
    /// poll in step; [`PollConfig::seeded`] takes a fixed seed instead.
    fn default() -> Self {
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |d| d.as_nanos() as u64);
        PollConfig::seeded(seed)
    }
}

/// What to do after observing a poll response.
#[derive(Debug)]
pub enum PollStep<C: Contract> {
    /// Poll again after `delay`.
    Wait {
        /// How long to wait before the next poll.
        delay: Duration,
        /// What the response showed, if it could be read.
        progress: Option<Progress<'static>>,
    },
    /// Stop: the operation has a verdict.
    Done(PollVerdict<C>),
}

/// How a polled operation ended.
pub enum PollVerdict<C: Contract> {
    /// The operation succeeded.
    Succeeded {
        /// When, by the success timestamp.
        at: Timestamp,
    },
    /// The operation failed.
    Failed {
        /// When, by the failure timestamp.
        at: Timestamp,
    },
    /// The operation waits for something outside it.
    Deferred(Deferral<'static>),
    /// The operation was put off to a later time, and nothing restarts it by
    /// itself: trigger it again at `at` (when the response said when).
    Rescheduled {
        /// When it was rescheduled for.
        at: Option<Timestamp>,
    },
    /// The maximum wait would be exceeded.
    TimedOut {
        /// The total of the delays handed out.
        waited: Duration,
        /// The last progress seen.
        last: Option<Progress<'static>>,
    },
    /// The poll endpoint answered with an error that retrying will not fix.
    Error(ApiError<C>),
}

impl<C: Contract> PollVerdict<C> {
    /// The verdict's name: `succeeded`, `failed`, `deferred`, `rescheduled`,
    /// `timed_out` or `error`.
    pub fn kind(&self) -> &'static str {
        match self {
            PollVerdict::Succeeded { .. } => "succeeded",
            PollVerdict::Failed { .. } => "failed",
            PollVerdict::Deferred(_) => "deferred",
            PollVerdict::Rescheduled { .. } => "rescheduled",
            PollVerdict::TimedOut { .. } => "timed_out",
            PollVerdict::Error(_) => "error",
        }
    }
}

impl<C: Contract> fmt::Debug for PollVerdict<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollVerdict::Succeeded { at } => f.debug_struct("Succeeded").field("at", at).finish(),
            PollVerdict::Failed { at } => f.debug_struct("Failed").field("at", at).finish(),
            PollVerdict::Deferred(deferral) => f.debug_tuple("Deferred").field(deferral).finish(),
            PollVerdict::Rescheduled { at } => {
                f.debug_struct("Rescheduled").field("at", at).finish()
            }
            PollVerdict::TimedOut { waited, last } => f
                .debug_struct("TimedOut")
                .field("waited", waited)
                .field("last", last)
                .finish(),
            PollVerdict::Error(error) => f.debug_tuple("Error").field(error).finish(),
        }
    }
}

/// A transport-agnostic poll loop as a state machine.
///
/// Feed it each response of the polled endpoint with [`Poller::observe`]; it
/// answers how long to wait before the next poll, or the verdict. Delays grow
/// exponentially from `min_delay` to `max_delay` with equal jitter: each is
/// drawn from the upper half of its step (never below `min_delay`), so once
/// grown they stay between `max_delay / 2` and `max_delay`. A retryable
/// error (429, 5xx) waits for `Retry-After` when given, or backs off. While the
/// operation is rescheduled it waits until the time it was rescheduled for
/// (within `max_wait`), then backs off from `min_delay` again; when the caller
/// has to trigger it again, the verdict says so at once. Time is the sum of the
/// delays it hands out, so tests need no clock.
pub struct Poller<C: Contract> {
    plan: PollPlan<'static, C::Endpoint>,
    baseline: Baseline,
    config: PollConfig,
    waited: Duration,
    attempt: u32,
    rng: u64,
    last: Option<Progress<'static>>,
}

impl<C: Contract> Poller<C> {
    /// A poller for a plan, judging completion against `baseline`.
    pub fn new(
        plan: PollPlan<'static, C::Endpoint>,
        baseline: Baseline,
        config: PollConfig,
    ) -> Self {
        Poller {
            plan,
            baseline,
            config,
            waited: Duration::ZERO,
            attempt: 0,
            rng: config.seed,
            last: None,
        }
    }

    /// The plan being followed.
    pub fn plan(&self) -> &PollPlan<'static, C::Endpoint> {
        &self.plan
    }

    /// How long to wait before the first poll (counted in [`Poller::waited`]).
    /// Never more than the time left before `max_wait`.
    pub fn first_delay(&mut self) -> Duration {
        let delay = self
            .config
            .min_delay
            .min(self.config.max_wait.saturating_sub(self.waited));
        self.waited = self.waited.saturating_add(delay);
        delay
    }

    /// The total of the delays handed out so far.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// Judges one response of the polled endpoint, with the current time for
    /// `Retry-After` dates.
    pub fn observe(&mut self, status: u16, headers: Headers, body: &[u8]) -> PollStep<C> {
        self.observe_at(status, headers, body, SystemTime::now())
    }

    /// [`Poller::observe`] with an explicit current time.
    pub fn observe_at(
        &mut self,
        status: u16,
        headers: Headers,
        body: &[u8],
        now: SystemTime,
    ) -> PollStep<C> {
        let success = C::endpoint_rules(self.plan.endpoint).success;
        if !success.contains(&status) {
            let error = ApiError::<C>::from_response(status, headers, body);
            if !error.is_retryable() {
                return PollStep::Done(PollVerdict::Error(error));
            }
            let delay = match error.retry_after_delay(now) {
                Some(asked) => asked.max(self.config.min_delay).max(MIN_BACKOFF),
                None => self.backoff(),
            };
            return self.wait(delay, None);
        }
        let progress = match crate::body::parse_body(body) {
            Some(document) => evaluate(self.plan.rule, &self.baseline, &document),
            // An unreadable success body is treated as a passing glitch.
            None => {
                let delay = self.backoff();
                return self.wait(delay, None);
            }
        };
        match progress {
            Progress::Succeeded { at } => PollStep::Done(PollVerdict::Succeeded { at }),
            Progress::Failed { at } => PollStep::Done(PollVerdict::Failed { at }),
            Progress::Deferred(deferral) => PollStep::Done(PollVerdict::Deferred(deferral)),
            Progress::Rescheduled {
                until,
                trigger_again: true,
            } => PollStep::Done(PollVerdict::Rescheduled { at: until }),
            rescheduled @ Progress::Rescheduled { until, .. } => {
                let delay = match until.and_then(Timestamp::to_system_time) {
                    // Just past the time, so the operation has started by then;
                    // the backoff starts over from there.
                    Some(at) => {
                        self.attempt = 0;
                        let ahead = at.duration_since(now).unwrap_or(Duration::ZERO);
                        let left = self.config.max_wait.saturating_sub(self.waited);
                        // Within the maximum wait, and never below the minimum
                        // delay (too little time left then times out).
                        ahead
                            .saturating_add(self.config.min_delay)
                            .min(left)
                            .max(self.config.min_delay.max(MIN_BACKOFF))
                    }
                    None => self.backoff(),
                };
                self.wait(delay, Some(rescheduled))
            }
            running @ Progress::Running { .. } => {
                let delay = self.backoff();
                self.wait(delay, Some(running))
            }
        }
    }

    fn wait(&mut self, delay: Duration, progress: Option<Progress<'static>>) -> PollStep<C> {
        if progress.is_some() {
            self.last.clone_from(&progress);
        }
        let total = self.waited.saturating_add(delay);
        if total > self.config.max_wait {
            return PollStep::Done(PollVerdict::TimedOut {
                waited: self.waited,
                last: self.last.take(),
            });
        }
        self.waited = total;
        PollStep::Wait { delay, progress }
    }

    /// The next exponential delay with equal jitter, within the configured
    /// bounds: step `n` caps at `min_delay * 2^n` (at most `max_delay`), and
    /// the delay is drawn from the upper half of that, `[cap / 2, cap]`, never
    /// below `min_delay`.
    ///
    /// Full jitter (`[min_delay, cap]`) would average `cap / 2`: a long
    /// operation would be polled about every `max_delay / 2`, twice as often
    /// as the cap allows, for no shorter wait after it ends. The upper half
    /// averages `3 cap / 4` and still spreads clients over half a step.
    fn backoff(&mut self) -> Duration {
        let PollConfig { max_delay, .. } = self.config;
        // A zero minimum would never advance toward `max_wait`: floor it.
        let min_delay = self.config.min_delay.max(MIN_BACKOFF);
        let growth = 1u32.checked_shl(self.attempt.min(31)).unwrap_or(u32::MAX);
        let cap = min_delay
            .saturating_mul(growth)
            .min(max_delay)
            .max(min_delay);
        self.attempt = self.attempt.saturating_add(1);
        let low = (cap / 2).max(min_delay);
        let spread = (cap - low).as_nanos() as u64;
        let jitter = if spread == 0 {
            0
        } else {
            self.next_random() % (spread + 1)
        };
        low + Duration::from_nanos(jitter)
    }

    /// splitmix64: a tiny, well-distributed generator, enough for jitter.
    fn next_random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A response of the polled endpoint, as a fetch function returns it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Vec<u8>,
}

/// Drives a [`Poller`] to its verdict with any HTTP client: `fetch` performs one
/// poll request, `sleep` waits (pass `std::thread::sleep`, or a fake in tests).
/// A fetch error stops the loop and is returned.
pub fn poll_blocking<C: Contract, E>(
    poller: &mut Poller<C>,
    mut fetch: impl FnMut() -> Result<Response, E>,
    mut sleep: impl FnMut(Duration),
) -> Result<PollVerdict<C>, E> {
    let mut delay = poller.first_delay();
    loop {
        sleep(delay);
        let response = fetch()?;
        match poller.observe(response.status, response.headers, &response.body) {
            PollStep::Wait { delay: next, .. } => delay = next,
            PollStep::Done(verdict) => return Ok(verdict),
        }
    }
}
