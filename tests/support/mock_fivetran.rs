//! A small scripted mock of the Fivetran REST API on `127.0.0.1`, for tests and
//! examples that talk real HTTP.
//!
//! [`MockFivetran::start`] binds an OS-assigned port and serves requests from a
//! background thread until the value is dropped (or [`MockFivetran::shutdown`] is
//! called). The request loop waits with a short timeout, so stopping never hangs.
//!
//! The connections it knows, and how each behaves after `POST …/sync` or
//! `POST …/resync` (each later `GET` of the connection is one step):
//!
//! | id | after a trigger |
//! |---|---|
//! | `c_ok` | `scheduled`, then `syncing`, then `succeeded_at` moves to [`SYNC_SUCCEEDED_AT`] |
//! | `c_bad` | `scheduled`, then `syncing`, then `failed_at` moves to [`SYNC_FAILED_AT`] |
//! | `c_paused` | stays `paused` (`data.paused` is `true`) |
//! | `c_busy` | first `GET` answers 429 with `Retry-After: 1`, then like `c_ok` |
//! | `c_later` | `rescheduled` for [`RESCHEDULE_SECONDS`] after the trigger (auto schedule), then `syncing`, then like `c_ok` |
//! | `c_manual` | stays `rescheduled` for [`RESCHEDULED_FOR`] on a manual schedule |
//!
//! Any other connection id answers 404 with `NotFound_Connector`.
//! `POST /v1/connections` answers 201; with `"run_setup_tests": true` the body
//! carries setup tests, one of them FAILED ([`FAILED_TEST_TITLE`]).

// Shared by tests/e2e_http.rs and examples/sync_and_wait.rs; each uses a part.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

/// `succeeded_at` of every connection before any sync is triggered.
pub const BASELINE_SUCCEEDED_AT: &str = "2024-03-11T08:13:02.112Z";
/// `failed_at` of `c_bad` before its sync (an older failure; the others have null).
pub const BASELINE_FAILED_AT: &str = "2024-03-04T21:40:11.5Z";
/// `succeeded_at` once a sync of `c_ok` or `c_busy` has finished.
pub const SYNC_SUCCEEDED_AT: &str = "2024-03-11T09:02:45.379204Z";
/// `failed_at` once a sync of `c_bad` has failed.
pub const SYNC_FAILED_AT: &str = "2024-03-11T09:03:10.004Z";
/// The title of the setup test that fails on `POST /v1/connections`.
pub const FAILED_TEST_TITLE: &str = "Checking Publication";
/// The message of the setup test that fails on `POST /v1/connections`.
pub const FAILED_TEST_MESSAGE: &str = "Publication 'mock_publication' does not exist";
/// The seconds `c_busy` asks to wait in its `Retry-After` header.
pub const RETRY_AFTER_SECONDS: u64 = 1;
/// How long after its trigger a sync of `c_later` is rescheduled for.
pub const RESCHEDULE_SECONDS: u64 = 1;
/// The time a sync of `c_manual` is rescheduled for.
pub const RESCHEDULED_FOR: &str = "2024-03-11T10:00:00Z";

/// How long the request loop waits for a request before checking for a stop.
const RECV_TIMEOUT: Duration = Duration::from_millis(20);
/// The largest request body read.
const MAX_BODY: u64 = 64 * 1024;

/// A running mock server; stops when dropped.
pub struct MockFivetran {
    addr: SocketAddr,
    server: Arc<Server>,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl MockFivetran {
    /// Binds `127.0.0.1:0` and starts serving in a background thread.
    pub fn start() -> MockFivetran {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0"));
        let addr = server
            .server_addr()
            .to_ip()
            .expect("an IP listener has an IP address");
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = std::thread::Builder::new()
            .name("mock-fivetran".to_owned())
            .spawn({
                let server = Arc::clone(&server);
                let stop = Arc::clone(&stop);
                let log = Arc::clone(&log);
                move || serve(&server, &stop, &log)
            })
            .expect("spawn the mock server thread");
        MockFivetran {
            addr,
            server,
            stop,
            log,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request answered so far, as `METHOD /path STATUS`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// Stops the request loop and waits for its thread. Dropping does the same.
    pub fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for MockFivetran {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The request loop: bounded waits, so a stop is seen within `RECV_TIMEOUT`.
fn serve(server: &Server, stop: &AtomicBool, log: &Mutex<Vec<String>>) {
    let mut state = State::new();
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(RECV_TIMEOUT) {
            Ok(Some(request)) => state.answer(request, log),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

/// How a connection behaves after a sync or resync is triggered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Succeeds,
    Fails,
    Paused,
    RateLimited,
    RescheduledThenSucceeds,
    RescheduledManual,
}

struct Connection {
    script: Script,
    /// `GET`s answered since the last trigger; `None` before any trigger.
    steps: Option<u32>,
    /// Whether the next `GET` answers 429 (set by a trigger of a rate-limited one).
    throttle_next: bool,
    /// The time the last trigger was rescheduled for, RFC 3339.
    rescheduled_for: Option<String>,
}

struct State {
    connections: HashMap<&'static str, Connection>,
    created: u32,
}

/// A response to send: status, extra headers and a JSON body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Value,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn error(status: u16, code: &str, message: String) -> Reply {
        Reply::json(status, json!({ "code": code, "message": message }))
    }
}

impl State {
    fn new() -> State {
        let scripts = [
            ("c_ok", Script::Succeeds),
            ("c_bad", Script::Fails),
            ("c_paused", Script::Paused),
            ("c_busy", Script::RateLimited),
            ("c_later", Script::RescheduledThenSucceeds),
            ("c_manual", Script::RescheduledManual),
        ];
        let connections = scripts
            .into_iter()
            .map(|(id, script)| {
                let connection = Connection {
                    script,
                    steps: None,
                    throttle_next: false,
                    rescheduled_for: None,
                };
                (id, connection)
            })
            .collect();
        State {
            connections,
            created: 0,
        }
    }

    fn answer(&mut self, mut request: Request, log: &Mutex<Vec<String>>) {
        let method = request.method().clone();
        let path = request.url().split('?').next().unwrap_or("").to_owned();
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_BODY)
            .read_to_end(&mut body)
            .is_ok();
        let reply = if read {
            self.route(&method, &path, &body)
        } else {
            Reply::error(
                400,
                "InvalidInput",
                "Could not read the request body".into(),
            )
        };
        if let Ok(mut log) = log.lock() {
            log.push(format!("{method} {path} {}", reply.status));
        }
        let mut response = Response::from_string(reply.body.to_string())
            .with_status_code(reply.status)
            .with_header(header("Content-Type", "application/json;charset=utf-8"));
        for (name, value) in &reply.headers {
            response.add_header(header(name, value));
        }
        let _ = request.respond(response);
    }

    fn route(&mut self, method: &Method, path: &str, body: &[u8]) -> Reply {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            (Method::Post, ["v1", "connections"]) => self.create(body),
            (Method::Get, ["v1", "connections", id]) => self.get(id),
            (Method::Post, ["v1", "connections", id, action @ ("sync" | "resync")]) => {
                self.trigger(id, action)
            }
            (_, ["v1", "connections"])
            | (_, ["v1", "connections", _])
            | (_, ["v1", "connections", _, "sync" | "resync"]) => Reply::error(
                405,
                "MethodNotAllowed",
                format!("{method} is not supported on {path}"),
            ),
            _ => Reply::error(404, "NotFound", format!("No endpoint at {path}")),
        }
    }

    fn get(&mut self, id: &str) -> Reply {
        let Some(connection) = self.connections.get_mut(id) else {
            return not_found(id);
        };
        if connection.throttle_next {
            connection.throttle_next = false;
            let mut reply = Reply::error(
                429,
                "TooManyRequests",
                "Rate limit exceeded, retry after the period given in Retry-After".into(),
            );
            reply
                .headers
                .push(("Retry-After", RETRY_AFTER_SECONDS.to_string()));
            return reply;
        }
        if let Some(steps) = &mut connection.steps {
            *steps += 1;
        }
        let finished = connection.steps.is_some_and(|steps| steps >= 3);
        let sync_state = match connection.steps {
            _ if connection.script == Script::Paused => "paused",
            Some(_) if connection.script == Script::RescheduledManual => "rescheduled",
            Some(1) if connection.script == Script::RescheduledThenSucceeds => "rescheduled",
            Some(2) => "syncing",
            _ => "scheduled",
        };
        let rescheduled_for = (sync_state == "rescheduled")
            .then(|| connection.rescheduled_for.clone())
            .flatten();
        let schedule_type = match connection.script {
            Script::RescheduledManual => "manual",
            _ => "auto",
        };
        let baseline_failed = (connection.script == Script::Fails).then_some(BASELINE_FAILED_AT);
        let (succeeded_at, failed_at) = match connection.script {
            Script::Succeeds | Script::RateLimited | Script::RescheduledThenSucceeds
                if finished =>
            {
                (SYNC_SUCCEEDED_AT, baseline_failed)
            }
            Script::Fails if finished => (BASELINE_SUCCEEDED_AT, Some(SYNC_FAILED_AT)),
            _ => (BASELINE_SUCCEEDED_AT, baseline_failed),
        };
        let paused = connection.script == Script::Paused;
        Reply::json(
            200,
            json!({
                "code": "Success",
                "data": {
                    "id": id,
                    "group_id": "mock_group",
                    "service": "postgres_rds",
                    "schema": format!("{id}_schema"),
                    "paused": paused,
                    "pause_after_trial": false,
                    "schedule_type": schedule_type,
                    "sync_frequency": 360,
                    "succeeded_at": succeeded_at,
                    "failed_at": failed_at,
                    "created_at": "2023-11-20T10:04:51.2Z",
                    "status": {
                        "setup_state": "connected",
                        "sync_state": sync_state,
                        "update_state": "on_schedule",
                        "is_historical_sync": false,
                        "tasks": [],
                        "warnings": [],
                        "rescheduled_for": rescheduled_for
                    }
                }
            }),
        )
    }

    fn trigger(&mut self, id: &str, action: &str) -> Reply {
        let Some(connection) = self.connections.get_mut(id) else {
            return not_found(id);
        };
        connection.steps = Some(0);
        connection.throttle_next = connection.script == Script::RateLimited;
        connection.rescheduled_for = match connection.script {
            Script::RescheduledManual => Some(RESCHEDULED_FOR.to_owned()),
            Script::RescheduledThenSucceeds => {
                let now = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .expect("a clock after 1970");
                let at = now.as_secs() + RESCHEDULE_SECONDS;
                let at = errspec::Timestamp::from_unix(at as i64, now.subsec_nanos());
                Some(at.to_string())
            }
            _ => None,
        };
        let message = if action == "resync" {
            format!("Re-sync has been scheduled for connection '{id}'")
        } else {
            format!("Sync has been triggered for connection '{id}'")
        };
        Reply::json(200, json!({ "code": "Success", "message": message }))
    }

    fn create(&mut self, body: &[u8]) -> Reply {
        let Ok(request) = serde_json::from_slice::<Value>(body) else {
            return Reply::error(400, "InvalidInput", "The body is not JSON".into());
        };
        let Some(service) = request.get("service").and_then(Value::as_str) else {
            return Reply::error(400, "InvalidInput", "Missing field: service".into());
        };
        self.created += 1;
        let run_setup_tests = request.get("run_setup_tests") == Some(&Value::Bool(true));
        let mut data = json!({
            "id": format!("c_new_{}", self.created),
            "service": service,
            "paused": true,
            "status": {
                "setup_state": if run_setup_tests { "broken" } else { "incomplete" },
                "sync_state": "paused",
                "update_state": "on_schedule",
                "is_historical_sync": true,
                "tasks": [],
                "warnings": []
            }
        });
        if run_setup_tests {
            data["setup_tests"] = json!([
                { "title": "Connecting to Host", "status": "PASSED", "message": "" },
                { "title": "Validating Certificate", "status": "PASSED", "message": "" },
                {
                    "title": FAILED_TEST_TITLE,
                    "status": "FAILED",
                    "message": FAILED_TEST_MESSAGE,
                    "details": ["Create the publication, then run the setup tests again."]
                },
                { "title": "Checking Permissions", "status": "PASSED", "message": "" }
            ]);
        }
        Reply::json(
            201,
            json!({
                "code": "Success",
                "message": "Connection has been created",
                "data": data
            }),
        )
    }
}

fn not_found(id: &str) -> Reply {
    Reply::error(
        404,
        "NotFound_Connector",
        format!("Connection with id '{id}' does not exist"),
    )
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}
