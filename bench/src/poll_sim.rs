//! Poll cost (issue 13): the generated Fivetran API's [`Poller`] against the
//! fixed-interval polling public integrations do, on a simulated Fivetran.
//!
//! Nothing here sleeps, reads a clock or opens a socket. A [`Connection`] is a
//! timeline: from the trigger on it is `scheduled`, maybe `rescheduled` until
//! some time, `syncing`, and then its `succeeded_at` moves; or it is `paused`
//! and stays so. It answers a `GET /v1/connections/{id}` at any virtual time
//! (a [`Duration`] after the trigger) with the body Fivetran would send, or
//! with `429` and `Retry-After: 60` while the account is rate-limited. Each
//! strategy polls that timeline, and the harness counts what it did:
//!
//! - [`Strategy::Poller`] triggers with `Endpoint::classify`, reads a
//!   [`Baseline`], and feeds every answer to the real [`Poller`] with
//!   [`Poller::observe_at`], at the virtual time. Its [`PollConfig`] is
//!   [`PollConfig::seeded`] (1 s to 60 s between polls) with the scenario's
//!   [`Scenario::max_wait`].
//! - [`Strategy::Fixed`] polls every N seconds, as the public integrations do:
//!   it reads `succeeded_at` and `failed_at` before the trigger, and after each
//!   poll checks whether either moved past that. It ignores `Retry-After`
//!   (a non-200 answer is just polled again after N seconds), the sync state
//!   and reschedules, and gives up once the next poll would come after the
//!   same `max_wait`.
//!
//! Every world is drawn from a seed ([`world`]): the durations of the queue and
//! of the sync, and the rate-limited window, are jittered by it, and the seed
//! also seeds the poller's jitter. [`simulate`] runs every scenario and
//! strategy over [`SEEDS`]; [`targets`] judges the figures against the targets
//! of issue 13, and [`markdown_table`] prints them (see
//! `examples/poll_cost.rs` and BENCHMARKS.md).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use errspec::{Baseline, Headers, PollConfig, PollStep, Response, Timestamp};
use errspec_fivetran::{Endpoint, Outcome, PollVerdict, Poller};
use serde_json::{json, Value};

use crate::scale::Rng;

/// The seeds every scenario is run with: `0..SEEDS`.
pub const SEEDS: u64 = 100;

/// Unix time of the trigger in every world: 2024-03-11T09:00:00Z.
pub const TRIGGER_UNIX: i64 = 1_710_147_600;

/// `succeeded_at` before the trigger: the previous day's sync.
pub const SUCCEEDED_BEFORE: &str = "2024-03-10T09:00:00.512Z";

/// The `Retry-After` of every `429` the simulated API sends, in seconds.
pub const RETRY_AFTER_SECONDS: u64 = 60;

/// How long a reschedule puts the sync off in [`Scenario::RescheduledAuto`]
/// and [`Scenario::RescheduledManual`].
pub const RESCHEDULE: Duration = Duration::from_secs(3600);

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// The answer to the trigger (`POST /v1/connections/{id}/sync` or `/resync`).
const TRIGGERED: &[u8] =
    br#"{"code":"Success","message":"Sync has been successfully triggered for connection with id 'sim_connection'"}"#;

/// The body of every `429`.
const TOO_MANY_REQUESTS: &[u8] =
    br#"{"code":"TooManyRequests","message":"Rate limit exceeded, retry later"}"#;

/// A scenario of issue 13.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// A sync of about 5 minutes (4–6 min).
    ShortSync,
    /// A sync of about 3 hours (2 h 42 min – 3 h 18 min).
    LongSync,
    /// Rescheduled for an hour at once; at that time Fivetran starts it by
    /// itself (auto schedule), and it runs about 5 minutes.
    RescheduledAuto,
    /// Rescheduled for an hour on a manual schedule: nothing restarts it. The
    /// right verdict is "rescheduled, trigger again at that time".
    RescheduledManual,
    /// A sync of about 20 minutes (16–24 min) during which the account is
    /// rate-limited for 2–4 minutes (from 6–10 min after the trigger): every
    /// request then gets `429` with `Retry-After: 60`.
    RateLimited,
    /// A resync of a paused connection: it only runs once the connection is
    /// enabled again. The right verdict is deferred.
    PausedResync,
}

impl Scenario {
    /// Every scenario, in the order of issue 13.
    pub const ALL: [Scenario; 6] = [
        Scenario::ShortSync,
        Scenario::LongSync,
        Scenario::RescheduledAuto,
        Scenario::RescheduledManual,
        Scenario::RateLimited,
        Scenario::PausedResync,
    ];

    /// A short description, for the table.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::ShortSync => "1. 5-minute sync",
            Scenario::LongSync => "2. 3-hour sync",
            Scenario::RescheduledAuto => "3. rescheduled 1 h, then 5 min (auto)",
            Scenario::RescheduledManual => "4. rescheduled 1 h (manual schedule)",
            Scenario::RateLimited => "5. 20-minute sync, 429 window",
            Scenario::PausedResync => "6. resync of a paused connection",
        }
    }

    /// The endpoint that triggers the operation.
    pub fn trigger(self) -> Endpoint {
        match self {
            Scenario::PausedResync => Endpoint::ResyncConnection,
            _ => Endpoint::SyncConnection,
        }
    }

    /// The maximum wait of every strategy: the default 30 minutes, or enough
    /// to cover the scenario (4 h for the 3-hour sync, 2 h around a one-hour
    /// reschedule).
    pub fn max_wait(self) -> Duration {
        match self {
            Scenario::LongSync => 4 * HOUR,
            Scenario::RescheduledAuto | Scenario::RescheduledManual => 2 * HOUR,
            Scenario::ShortSync | Scenario::RateLimited | Scenario::PausedResync => {
                PollConfig::seeded(0).max_wait
            }
        }
    }

    /// What a strategy should conclude.
    pub fn expected(self) -> Expected {
        match self {
            Scenario::RescheduledManual => Expected::Rescheduled,
            Scenario::PausedResync => Expected::Deferred,
            _ => Expected::Succeeded,
        }
    }
}

/// The right verdict of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Succeeded, at the sync's real end.
    Succeeded,
    /// Rescheduled: trigger again at the time it was rescheduled for.
    Rescheduled,
    /// Deferred: nothing runs until the connection is enabled again.
    Deferred,
}

/// The simulated connection: what it does after the trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// `manual` or `auto`.
    pub schedule_type: &'static str,
    /// Paused: it stays `paused`, and a resync waits for it to be enabled.
    pub paused: bool,
    /// `scheduled` (queued) this long after the trigger.
    pub queued: Duration,
    /// Then `rescheduled` until this time after the trigger, if set.
    pub rescheduled_until: Option<Duration>,
    /// Then `syncing` for this long (never ending on a manual schedule when
    /// rescheduled, or when paused).
    pub run: Duration,
    /// Every request in `[start, end)` after the trigger answers `429`.
    pub rate_limited: Option<(Duration, Duration)>,
}

/// The connection's state at one time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Queued, not started yet (also before the trigger).
    Scheduled,
    /// Put off until `rescheduled_until`.
    Rescheduled,
    /// Running.
    Syncing,
    /// Ended: `succeeded_at` moved.
    Succeeded,
    /// Paused.
    Paused,
}

impl Connection {
    /// When the sync really ends, after the trigger, if it does.
    pub fn end(&self) -> Option<Duration> {
        if self.paused {
            return None;
        }
        match self.rescheduled_until {
            Some(_) if self.schedule_type == "manual" => None,
            Some(until) => Some(until + self.run),
            None => Some(self.queued + self.run),
        }
    }

    /// When what a strategy should detect happens, after the trigger: the end
    /// of the sync, the reschedule (manual schedule), or the trigger itself
    /// (a paused connection defers the resync from the start).
    pub fn event(&self) -> Duration {
        if self.paused {
            Duration::ZERO
        } else if self.schedule_type == "manual" && self.rescheduled_until.is_some() {
            self.queued
        } else {
            self.end().expect("a sync that ends")
        }
    }

    /// The state at `at` after the trigger.
    pub fn phase(&self, at: Duration) -> Phase {
        if self.paused {
            return Phase::Paused;
        }
        if at < self.queued {
            return Phase::Scheduled;
        }
        if let Some(until) = self.rescheduled_until {
            if at < until || self.schedule_type == "manual" {
                return Phase::Rescheduled;
            }
        }
        match self.end() {
            Some(end) if at >= end => Phase::Succeeded,
            _ => Phase::Syncing,
        }
    }

    /// What `GET /v1/connections/{id}` at `at` after the trigger shows: the
    /// phase, or `None` for a `429` (rate-limited).
    pub fn answer(&self, at: Duration) -> Option<Phase> {
        match self.rate_limited {
            Some((start, end)) if (start..end).contains(&at) => None,
            _ => Some(self.phase(at)),
        }
    }

    /// The answer to `GET /v1/connections/{id}` at `at` after the trigger.
    pub fn respond(&self, at: Duration) -> Response {
        match self.answer(at) {
            None => refusal(),
            Some(phase) => success(self.body(phase)),
        }
    }

    /// The answer before the trigger, from which the baselines are read.
    pub fn before_trigger(&self) -> Response {
        success(self.body(if self.paused {
            Phase::Paused
        } else {
            Phase::Scheduled
        }))
    }

    /// The body of a `200` in `phase`.
    pub fn body(&self, phase: Phase) -> Vec<u8> {
        let succeeded_at = match phase {
            Phase::Succeeded => instant(self.end().expect("ended")).to_string(),
            _ => SUCCEEDED_BEFORE.to_owned(),
        };
        let sync_state = match phase {
            Phase::Scheduled | Phase::Succeeded => "scheduled",
            Phase::Rescheduled => "rescheduled",
            Phase::Syncing => "syncing",
            Phase::Paused => "paused",
        };
        let rescheduled_for = match (phase, self.rescheduled_until) {
            (Phase::Rescheduled, Some(until)) => Value::from(instant(until).to_string()),
            _ => Value::Null,
        };
        let body = json!({
            "code": "Success",
            "data": {
                "id": "sim_connection",
                "service": "postgres",
                "group_id": "projected_sickle",
                "paused": self.paused,
                "schedule_type": self.schedule_type,
                "sync_frequency": 360,
                "succeeded_at": succeeded_at,
                "failed_at": null,
                "status": {
                    "setup_state": "connected",
                    "sync_state": sync_state,
                    "update_state": "on_schedule",
                    "is_historical_sync": false,
                    "rescheduled_for": rescheduled_for,
                    "tasks": [],
                    "warnings": []
                }
            }
        });
        serde_json::to_vec(&body).expect("JSON")
    }
}

/// A `200` with a connection body.
fn success(body: Vec<u8>) -> Response {
    Response {
        status: 200,
        headers: Headers::new().with("Content-Type", "application/json;charset=utf-8"),
        body,
    }
}

/// The `429` of a rate-limited account.
fn refusal() -> Response {
    Response {
        status: 429,
        headers: Headers::new()
            .with("Content-Type", "application/json;charset=utf-8")
            .with("Retry-After", RETRY_AFTER_SECONDS.to_string()),
        body: TOO_MANY_REQUESTS.to_vec(),
    }
}

/// The instant `after` the trigger, as a timestamp.
pub fn instant(after: Duration) -> Timestamp {
    let seconds = TRIGGER_UNIX + i64::try_from(after.as_secs()).expect("short");
    Timestamp::from_unix(seconds, after.subsec_nanos())
}

fn system_time(after: Duration) -> SystemTime {
    instant(after).to_system_time().expect("representable")
}

/// A duration drawn evenly from `[low, high]`, to the millisecond.
fn between(rng: &mut Rng, low: Duration, high: Duration) -> Duration {
    let span = (high - low).as_millis() as u64;
    low + Duration::from_millis(rng.next_u64() % (span + 1))
}

/// The world of `scenario` for `seed`.
pub fn world(scenario: Scenario, seed: u64) -> Connection {
    let salt = Scenario::ALL
        .iter()
        .position(|s| *s == scenario)
        .expect("listed") as u64;
    let mut rng = Rng::new(seed.wrapping_mul(0x0000_0100_0000_01b3) ^ (salt << 56) ^ 0x706f_6c6c);
    let queued = between(&mut rng, Duration::from_secs(2), Duration::from_secs(20));
    let five_minutes = between(&mut rng, 4 * MINUTE, 6 * MINUTE);
    let base = Connection {
        schedule_type: "auto",
        paused: false,
        queued,
        rescheduled_until: None,
        run: five_minutes,
        rate_limited: None,
    };
    match scenario {
        Scenario::ShortSync => base,
        Scenario::LongSync => Connection {
            run: between(&mut rng, 162 * MINUTE, 198 * MINUTE),
            ..base
        },
        Scenario::RescheduledAuto => Connection {
            rescheduled_until: Some(queued + RESCHEDULE),
            ..base
        },
        Scenario::RescheduledManual => Connection {
            schedule_type: "manual",
            rescheduled_until: Some(queued + RESCHEDULE),
            ..base
        },
        Scenario::RateLimited => {
            let run = between(&mut rng, 16 * MINUTE, 24 * MINUTE);
            let start = between(&mut rng, 6 * MINUTE, 10 * MINUTE);
            let length = between(&mut rng, 2 * MINUTE, 4 * MINUTE);
            Connection {
                run,
                rate_limited: Some((start, start + length)),
                ..base
            }
        }
        Scenario::PausedResync => Connection {
            paused: true,
            ..base
        },
    }
}

/// How to wait for the sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// errspec's [`Poller`], default delays and the scenario's maximum wait.
    Poller,
    /// A poll every so often, checking only `succeeded_at` and `failed_at`.
    Fixed(Duration),
}

impl Strategy {
    /// The poller, then polls every 5 s, 15 s and 30 s.
    pub const ALL: [Strategy; 4] = [
        Strategy::Poller,
        Strategy::Fixed(Duration::from_secs(5)),
        Strategy::Fixed(Duration::from_secs(15)),
        Strategy::Fixed(Duration::from_secs(30)),
    ];

    /// A short name, for the table.
    pub fn name(self) -> String {
        match self {
            Strategy::Poller => "errspec `Poller`".to_owned(),
            Strategy::Fixed(every) => format!("every {} s", every.as_secs()),
        }
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Succeeded at this time.
    Succeeded(Timestamp),
    /// Failed at this time.
    Failed(Timestamp),
    /// Deferred.
    Deferred,
    /// Rescheduled: trigger again at this time.
    Rescheduled(Option<Timestamp>),
    /// Gave up at the maximum wait.
    TimedOut,
    /// Stopped at an error answer with this status.
    Error(u16),
}

impl Verdict {
    /// The verdict's name.
    pub fn kind(self) -> &'static str {
        match self {
            Verdict::Succeeded(_) => "succeeded",
            Verdict::Failed(_) => "failed",
            Verdict::Deferred => "deferred",
            Verdict::Rescheduled(_) => "rescheduled",
            Verdict::TimedOut => "timed out",
            Verdict::Error(_) => "error",
        }
    }
}

/// What one strategy did in one world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Poll requests made (the trigger and the read before it not counted).
    pub requests: u32,
    /// Requests answered `429`.
    pub refused: u32,
    /// Requests made before the `Retry-After` of an earlier `429` expired.
    pub early: u32,
    /// Requests answered while the sync was rescheduled.
    pub while_rescheduled: u32,
    /// How it ended.
    pub verdict: Verdict,
    /// Whether that is the right verdict (with the right time).
    pub right: bool,
    /// When it ended, after the trigger.
    pub decided_at: Duration,
    /// From the event to detect (the real end, the reschedule, the trigger of
    /// a deferred resync) to the verdict; for a wrong verdict, to giving up.
    pub lag: Duration,
}

/// Counts requests as a strategy makes them.
struct Meter<'c> {
    connection: &'c Connection,
    requests: u32,
    refused: u32,
    early: u32,
    while_rescheduled: u32,
    not_before: Duration,
    /// The body of each phase, built once: the simulation's cost is then
    /// mostly the strategies' own parsing.
    bodies: [Option<Vec<u8>>; 5],
}

impl<'c> Meter<'c> {
    fn new(connection: &'c Connection) -> Self {
        Meter {
            connection,
            requests: 0,
            refused: 0,
            early: 0,
            while_rescheduled: 0,
            not_before: Duration::ZERO,
            bodies: Default::default(),
        }
    }

    fn get(&mut self, at: Duration) -> Response {
        self.requests += 1;
        if at < self.not_before {
            self.early += 1;
        }
        let Some(phase) = self.connection.answer(at) else {
            self.refused += 1;
            let retry_after = Duration::from_secs(RETRY_AFTER_SECONDS);
            self.not_before = self.not_before.max(at + retry_after);
            return refusal();
        };
        if phase == Phase::Rescheduled {
            self.while_rescheduled += 1;
        }
        let connection = self.connection;
        let body = self.bodies[phase as usize].get_or_insert_with(|| connection.body(phase));
        success(body.clone())
    }

    fn finish(self, scenario: Scenario, verdict: Verdict, decided_at: Duration) -> Run {
        let connection = self.connection;
        let right = match (scenario.expected(), verdict) {
            (Expected::Succeeded, Verdict::Succeeded(at)) => {
                connection.end().map(instant) == Some(at)
            }
            (Expected::Rescheduled, Verdict::Rescheduled(at)) => {
                connection.rescheduled_until.map(instant) == at
            }
            (Expected::Deferred, Verdict::Deferred) => true,
            _ => false,
        };
        Run {
            requests: self.requests,
            refused: self.refused,
            early: self.early,
            while_rescheduled: self.while_rescheduled,
            verdict,
            right,
            decided_at,
            lag: decided_at.saturating_sub(connection.event()),
        }
    }
}

/// Runs `strategy` in the world of `scenario` for `seed`.
pub fn run(scenario: Scenario, strategy: Strategy, seed: u64) -> Run {
    let connection = world(scenario, seed);
    match strategy {
        Strategy::Poller => run_poller(scenario, &connection, seed),
        Strategy::Fixed(every) => run_fixed(scenario, &connection, every),
    }
}

fn run_poller(scenario: Scenario, connection: &Connection, seed: u64) -> Run {
    let plan = match scenario
        .trigger()
        .classify(200, Headers::new(), TRIGGERED.to_vec())
    {
        Ok(Outcome::Pending(plan)) => plan,
        other => panic!("the trigger should be pending, got {other:?}"),
    };
    let before = connection.before_trigger();
    let baseline = Baseline::from_body(plan.rule, &before.body).expect("a connection body");
    let config = PollConfig::seeded(seed).max_wait(scenario.max_wait());
    let mut poller = Poller::new(plan, baseline, config);
    let mut meter = Meter::new(connection);
    let mut at = poller.first_delay();
    let verdict = loop {
        let response = meter.get(at);
        let step = poller.observe_at(
            response.status,
            response.headers,
            &response.body,
            system_time(at),
        );
        match step {
            PollStep::Wait { delay, .. } => at += delay,
            PollStep::Done(verdict) => break verdict,
        }
    };
    debug_assert_eq!(poller.waited(), at);
    let verdict = match verdict {
        PollVerdict::Succeeded { at } => Verdict::Succeeded(at),
        PollVerdict::Failed { at } => Verdict::Failed(at),
        PollVerdict::Deferred(_) => Verdict::Deferred,
        PollVerdict::Rescheduled { at } => Verdict::Rescheduled(at),
        PollVerdict::TimedOut { .. } => Verdict::TimedOut,
        PollVerdict::Error(error) => Verdict::Error(error.status()),
    };
    meter.finish(scenario, verdict, at)
}

/// The timestamps a fixed-interval strategy compares.
fn completion(body: &[u8]) -> (Option<Timestamp>, Option<Timestamp>) {
    let Ok(document) = serde_json::from_slice::<Value>(body) else {
        return (None, None);
    };
    let read = |field: &str| document["data"][field].as_str().and_then(Timestamp::parse);
    (read("succeeded_at"), read("failed_at"))
}

fn run_fixed(scenario: Scenario, connection: &Connection, every: Duration) -> Run {
    let (succeeded_before, failed_before) = completion(&connection.before_trigger().body);
    let mut meter = Meter::new(connection);
    let max_wait = scenario.max_wait();
    let mut at = Duration::ZERO;
    // The last body and what it said: an unchanged body says the same (this
    // only saves the simulation parsing it again).
    let mut last: (Vec<u8>, (Option<Timestamp>, Option<Timestamp>)) = (Vec::new(), (None, None));
    let verdict = loop {
        if at + every > max_wait {
            break Verdict::TimedOut;
        }
        at += every;
        let response = meter.get(at);
        if response.status != 200 {
            continue;
        }
        if response.body != last.0 {
            last = (response.body.clone(), completion(&response.body));
        }
        match last.1 {
            (Some(succeeded), _) if Some(succeeded) > succeeded_before => {
                break Verdict::Succeeded(succeeded)
            }
            (_, Some(failed)) if Some(failed) > failed_before => break Verdict::Failed(failed),
            _ => {}
        }
    };
    meter.finish(scenario, verdict, at)
}

/// The runs of one strategy in one scenario, over every seed.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The scenario.
    pub scenario: Scenario,
    /// The strategy.
    pub strategy: Strategy,
    /// One run per seed, in seed order.
    pub runs: Vec<Run>,
}

/// The `p`-th percentile (nearest rank) of some values.
pub fn percentile<T: Copy + Ord>(values: impl IntoIterator<Item = T>, p: usize) -> T {
    let mut values: Vec<T> = values.into_iter().collect();
    assert!(!values.is_empty(), "no values");
    values.sort_unstable();
    let rank = (p * values.len()).div_ceil(100).max(1);
    values[rank - 1]
}

impl Summary {
    /// Median requests.
    pub fn requests(&self) -> u32 {
        percentile(self.runs.iter().map(|r| r.requests), 50)
    }

    /// The `p`-th percentile of the lag.
    pub fn lag(&self, p: usize) -> Duration {
        percentile(self.runs.iter().map(|r| r.lag), p)
    }

    /// Median requests answered `429`.
    pub fn refused(&self) -> u32 {
        percentile(self.runs.iter().map(|r| r.refused), 50)
    }

    /// Runs with a request made before a `Retry-After` expired.
    pub fn runs_with_early(&self) -> usize {
        self.runs.iter().filter(|r| r.early > 0).count()
    }

    /// The most requests any run made while the sync was rescheduled.
    pub fn most_while_rescheduled(&self) -> u32 {
        self.runs
            .iter()
            .map(|r| r.while_rescheduled)
            .max()
            .unwrap_or(0)
    }

    /// Runs with the right verdict.
    pub fn right(&self) -> usize {
        self.runs.iter().filter(|r| r.right).count()
    }
}

/// Every scenario with every strategy, over `0..SEEDS`.
pub fn simulate() -> Vec<Summary> {
    let mut summaries = Vec::new();
    for scenario in Scenario::ALL {
        for strategy in Strategy::ALL {
            let runs = (0..SEEDS)
                .map(|seed| run(scenario, strategy, seed))
                .collect();
            summaries.push(Summary {
                scenario,
                strategy,
                runs,
            });
        }
    }
    summaries
}

fn find(summaries: &[Summary], scenario: Scenario, strategy: Strategy) -> &Summary {
    summaries
        .iter()
        .find(|s| s.scenario == scenario && s.strategy == strategy)
        .expect("simulated")
}

/// One target of issue 13 for the poller: what it asks, the figure, met or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The target.
    pub target: &'static str,
    /// The measured figure.
    pub figure: String,
    /// Whether the figure meets it.
    pub met: bool,
}

/// The targets of issue 13, judged on the poller's figures.
pub fn targets(summaries: &[Summary]) -> Vec<Target> {
    let long = find(summaries, Scenario::LongSync, Strategy::Poller);
    let fifteen = find(
        summaries,
        Scenario::LongSync,
        Strategy::Fixed(Duration::from_secs(15)),
    );
    let poller: Vec<&Summary> = summaries
        .iter()
        .filter(|s| s.strategy == Strategy::Poller)
        .collect();
    let rescheduled = [Scenario::RescheduledAuto, Scenario::RescheduledManual]
        .map(|scenario| find(summaries, scenario, Strategy::Poller).most_while_rescheduled())
        .into_iter()
        .max()
        .unwrap_or(0);
    let early: usize = poller.iter().map(|s| s.runs_with_early()).sum();
    let wrong: Vec<String> = poller
        .iter()
        .filter(|s| s.right() < s.runs.len())
        .map(|s| format!("{}: {}/{}", s.scenario.name(), s.right(), s.runs.len()))
        .collect();
    let runs: usize = poller.iter().map(|s| s.runs.len()).sum();
    vec![
        Target {
            target: "3-hour sync: at most half the requests of the 15 s strategy",
            figure: format!(
                "{} against {} ({:.3}×)",
                long.requests(),
                fifteen.requests(),
                f64::from(long.requests()) / f64::from(fifteen.requests())
            ),
            met: 2 * long.requests() <= fifteen.requests(),
        },
        Target {
            target: "3-hour sync: 95th-percentile lag at most 60 s",
            figure: seconds(long.lag(95)),
            met: long.lag(95) <= MINUTE,
        },
        Target {
            target: "one-hour reschedule: at most 3 requests while rescheduled",
            figure: format!("at most {rescheduled} in any run"),
            met: rescheduled <= 3,
        },
        Target {
            target: "no request before a Retry-After expires",
            figure: format!("{early} runs of {runs} with one"),
            met: early == 0,
        },
        Target {
            target: "the right verdict in every scenario",
            figure: if wrong.is_empty() {
                format!("{runs} of {runs} runs")
            } else {
                format!("wrong in {}", wrong.join("; "))
            },
            met: wrong.is_empty(),
        },
    ]
}

/// A duration for the table: `0.4 s`, `37 s`, `12 min`, `2 h`, `3 h 5 min`.
pub fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 9.95 {
        format!("{secs:.1} s")
    } else if secs < 99.5 {
        format!("{secs:.0} s")
    } else if secs < 99.5 * 60.0 {
        format!("{:.0} min", secs / 60.0)
    } else {
        let minutes = (secs / 60.0).round() as u64;
        match minutes % 60 {
            0 => format!("{} h", minutes / 60),
            rest => format!("{} h {rest} min", minutes / 60),
        }
    }
}

/// The figures as a Markdown table, one row per scenario and strategy.
pub fn markdown_table(summaries: &[Summary]) -> String {
    let mut out = String::from(
        "| scenario | strategy | max wait | requests (median) | lag p50 | lag p95 \
         | 429s (median) | requests while rescheduled (max) \
         | before Retry-After expired | verdict |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---|---|\n",
    );
    for summary in summaries {
        let scenario = summary.scenario;
        let rescheduled = match scenario {
            Scenario::RescheduledAuto | Scenario::RescheduledManual => {
                summary.most_while_rescheduled().to_string()
            }
            _ => "–".to_owned(),
        };
        let early = match summary.runs_with_early() {
            0 => "no".to_owned(),
            n => format!("yes, in {n}/{} runs", summary.runs.len()),
        };
        let verdict = verdict_cell(summary);
        // Lags only mean something for runs that reached the right verdict.
        let (p50, p95) = if summary.right() == 0 {
            ("–".to_owned(), "–".to_owned())
        } else {
            (seconds(summary.lag(50)), seconds(summary.lag(95)))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            scenario.name(),
            summary.strategy.name(),
            seconds(scenario.max_wait()),
            summary.requests(),
            p50,
            p95,
            summary.refused(),
            rescheduled,
            early,
            verdict,
        );
    }
    out
}

fn verdict_cell(summary: &Summary) -> String {
    let runs = summary.runs.len();
    let right = summary.right();
    let kinds = |filter: &dyn Fn(&Run) -> bool| {
        let mut kinds: Vec<&str> = summary
            .runs
            .iter()
            .filter(|r| filter(r))
            .map(|r| r.verdict.kind())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds.join(", ")
    };
    if right == runs {
        format!("✓ {} ({right}/{runs})", kinds(&|_| true))
    } else {
        let wrong = summary.runs.iter().filter(|r| !r.right);
        let after = seconds(percentile(wrong.map(|r| r.decided_at), 50));
        format!(
            "✗ {} after {after} ({}/{runs} wrong)",
            kinds(&|r| !r.right),
            runs - right
        )
    }
}
