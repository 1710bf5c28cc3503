//! The `http` feature: `Headers` from a `HeaderMap`, and `ApiError`,
//! `classify_http`, `Response` and `Poller::observe_http` from an
//! `http::Response<B>`, each checked against the plain-parts API it wraps.
//!
//! Run: `cargo test -p errspec --features http`.

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

use std::time::Duration;

use errspec::{classify, classify_http, Baseline, Headers, PollConfig, PollStep, Response};
use fivetran::{Api, ApiError, Category, Code, Endpoint, Outcome, Poller};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;

fn response<B>(status: u16, headers: &[(&str, &str)], body: B) -> http::Response<B> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).expect("a valid response")
}

/// Header lines of a test response, as `(name, value)`.
type Lines<'a> = &'a [(&'a str, &'a str)];

fn pairs(headers: &Headers) -> Vec<(&str, &str)> {
    headers.iter().collect()
}

// ---- Headers from HeaderMap ----

#[test]
fn headers_keep_every_value_of_a_repeated_name() {
    let mut map = HeaderMap::new();
    map.append("set-cookie", HeaderValue::from_static("a=1"));
    map.append("content-type", HeaderValue::from_static("application/json"));
    map.append("set-cookie", HeaderValue::from_static("b=2"));
    map.append("Set-Cookie", HeaderValue::from_static("c=3"));
    let headers = Headers::from(&map);
    assert_eq!(headers.len(), 4);
    assert_eq!(
        headers.get_all("SET-COOKIE").collect::<Vec<_>>(),
        ["a=1", "b=2", "c=3"]
    );
    // HeaderMap groups a name's values together and lowercases names.
    assert_eq!(
        pairs(&headers),
        [
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2"),
            ("set-cookie", "c=3"),
            ("content-type", "application/json"),
        ]
    );
}

#[test]
fn headers_read_values_that_are_not_utf8_lossily() {
    let mut map = HeaderMap::new();
    map.insert(
        "x-latin1",
        HeaderValue::from_bytes(b"caf\xe9 cr\xe8me").unwrap(),
    );
    map.insert(
        "x-utf8",
        HeaderValue::from_bytes("café".as_bytes()).unwrap(),
    );
    map.insert("x-empty", HeaderValue::from_static(""));
    let headers = Headers::from(&map);
    assert_eq!(headers.get("x-latin1"), Some("caf\u{fffd} cr\u{fffd}me"));
    assert_eq!(headers.get("x-utf8"), Some("café"));
    assert_eq!(headers.get("x-empty"), Some(""));
}

#[test]
fn headers_from_an_empty_map_are_empty() {
    assert!(Headers::from(&HeaderMap::new()).is_empty());
}

#[test]
fn headers_keep_many_values_in_order() {
    let mut map = HeaderMap::new();
    let name = HeaderName::from_static("x-n");
    for n in 0..100 {
        map.append(&name, HeaderValue::from(n));
    }
    let headers = Headers::from(&map);
    let values: Vec<String> = (0..100).map(|n| n.to_string()).collect();
    assert_eq!(headers.get_all("x-n").collect::<Vec<_>>(), values);
}

// ---- Response from http::Response ----

#[test]
fn response_takes_status_headers_and_body() {
    let from_vec = Response::from(response(
        503,
        &[("Retry-After", "7"), ("Via", "a"), ("Via", "b")],
        b"<html>".to_vec(),
    ));
    assert_eq!(from_vec.status, 503);
    assert_eq!(
        pairs(&from_vec.headers),
        [("retry-after", "7"), ("via", "a"), ("via", "b")]
    );
    assert_eq!(from_vec.body, b"<html>");

    let from_str = Response::from(response(200, &[], "{}"));
    let from_string = Response::from(response(200, &[], String::from("{}")));
    let from_slice = Response::from(response(200, &[], &b"{}"[..]));
    assert_eq!(from_str, from_string);
    assert_eq!(from_str, from_slice);
    assert_eq!(from_str.body, b"{}");
}

// ---- ApiError::from_http and status_code ----

#[test]
fn api_error_from_http_reads_code_message_and_category() {
    let error = ApiError::from_http(response(
        404,
        &[("Content-Type", "application/json")],
        r#"{"code":"NotFound_Connector","message":"Connection with id 'x' does not exist"}"#,
    ));
    assert_eq!(error.status(), 404);
    assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
    assert_eq!(error.code(), Some(&Code::NotFoundConnector));
    assert_eq!(
        error.message(),
        Some("Connection with id 'x' does not exist")
    );
    assert_eq!(error.category(), Some(Category::NotFound));
    assert!(!error.is_retryable());
    assert_eq!(error.code_matches_status(), Some(true));
}

#[test]
fn api_error_from_http_keeps_raw_body_and_headers() {
    let body = b"<html><body>502 Bad Gateway</body></html>".to_vec();
    let error = ApiError::from_http(response(
        502,
        &[("Retry-After", "30"), ("Content-Type", "text/html")],
        body.clone(),
    ));
    assert_eq!(error.status_code(), StatusCode::BAD_GATEWAY);
    assert_eq!(error.code(), None);
    assert_eq!(error.category(), Some(Category::ServerError));
    assert!(error.is_retryable());
    assert_eq!(error.body(), body.as_slice());
    assert_eq!(error.headers().get("content-type"), Some("text/html"));
    assert_eq!(error.retry_after(), errspec::RetryAfter::parse("30"));
}

#[test]
fn api_error_from_http_matches_from_response() {
    let cases: &[(u16, Lines, &str)] = &[
        (
            429,
            &[("Retry-After", "120")],
            r#"{"code":"TooManyRequests"}"#,
        ),
        (409, &[], r#"{"code":"AlreadyInSync","message":"busy"}"#),
        (400, &[], r#"{"code":42}"#),
        (500, &[], ""),
        (
            418,
            &[("X-A", "1"), ("X-A", "2")],
            r#"{"code":"NotFound_Thing"}"#,
        ),
        (403, &[], "not json"),
    ];
    for &(status, headers, body) in cases {
        let via_http = ApiError::from_http(response(status, headers, body));
        let direct = ApiError::from_response(
            status,
            Headers::from(response(status, headers, ()).headers()),
            body,
        );
        assert_eq!(via_http.status(), direct.status());
        assert_eq!(via_http.code(), direct.code());
        assert_eq!(via_http.message(), direct.message());
        assert_eq!(via_http.category(), direct.category());
        assert_eq!(via_http.retry_after(), direct.retry_after());
        assert_eq!(via_http.headers(), direct.headers());
        assert_eq!(via_http.body(), direct.body());
        assert_eq!(via_http.to_string(), direct.to_string());
    }
}

#[test]
fn status_code_is_the_status_for_every_valid_number() {
    for status in 100..=999u16 {
        let error = ApiError::from_response(status, Headers::new(), "");
        assert_eq!(error.status_code().as_u16(), status);
    }
}

#[test]
fn status_code_of_an_impossible_status_is_500() {
    for status in [0, 1, 99, 1000, u16::MAX] {
        let error = ApiError::from_response(status, Headers::new(), "");
        assert_eq!(error.status(), status);
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}

// ---- classify_http ----

const BODIES: &[&str] = &[
    "",
    "{}",
    "<html>oops</html>",
    r#"{"code":"Success","message":"Sync has been triggered"}"#,
    r#"{"code":"NotFound_Connector","message":"no"}"#,
    r#"{"code":"Success","data":{"setup_tests":[{"title":"A","status":"PASSED"},{"title":"B","status":"FAILED"}]}}"#,
    r#"{"code":"Success","data":{"setup_tests":[{"title":"A","status":"WARNING"}]}}"#,
];

const STATUSES: &[u16] = &[200, 201, 202, 204, 400, 404, 409, 429, 500, 502, 599];

fn same(
    via_http: &Result<Outcome, ApiError>,
    direct: &Result<Outcome, ApiError>,
) -> Result<(), String> {
    match (via_http, direct) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(a), Err(b))
            if a.status() == b.status()
                && a.code() == b.code()
                && a.message() == b.message()
                && a.category() == b.category()
                && a.headers() == b.headers()
                && a.body() == b.body() =>
        {
            Ok(())
        }
        _ => Err(format!("{via_http:?} != {direct:?}")),
    }
}

#[test]
fn classify_http_matches_classify_for_every_endpoint() {
    let request_bodies: [Option<&[u8]>; 3] = [
        None,
        Some(br#"{"run_setup_tests":true}"#),
        Some(br#"{"run_setup_tests":false}"#),
    ];
    let mut compared = 0;
    for &endpoint in Endpoint::ALL {
        for &status in STATUSES {
            for &body in BODIES {
                for request in request_bodies {
                    let headers = [("Retry-After", "5"), ("X-Trace", "t1")];
                    let via_http = classify_http::<Api, _>(
                        endpoint,
                        response(status, &headers, body),
                        request,
                    );
                    let direct = classify::<Api>(
                        endpoint,
                        status,
                        Headers::from(response(status, &headers, ()).headers()),
                        body,
                        request,
                    );
                    if let Err(difference) = same(&via_http, &direct) {
                        panic!("{endpoint:?} {status} {body:?} {request:?}: {difference}");
                    }
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= Endpoint::ALL.len() * STATUSES.len() * BODIES.len() * 3);
}

#[test]
fn classify_http_gives_the_real_outcome_of_a_success() {
    let triggered = response(200, &[], r#"{"code":"Success"}"#);
    match classify_http::<Api, _>(Endpoint::SyncConnection, triggered, None) {
        Ok(Outcome::Pending(plan)) => {
            assert_eq!(plan.trigger, Endpoint::SyncConnection);
            assert_eq!(plan.endpoint, Endpoint::GetConnection);
        }
        other => panic!("expected pending, got {other:?}"),
    }

    let created = || {
        response(
            201,
            &[],
            r#"{"data":{"setup_tests":[{"title":"Checking Publication","status":"FAILED","message":"missing"}]}}"#,
        )
    };
    let with_tests = classify_http::<Api, _>(
        Endpoint::CreateConnection,
        created(),
        Some(br#"{"run_setup_tests":true}"#),
    )
    .unwrap();
    assert_eq!(with_tests.kind(), "failed");
    assert_eq!(
        with_tests.issues()[0].text("title"),
        Some("Checking Publication")
    );
    let without_tests = classify_http::<Api, _>(
        Endpoint::CreateConnection,
        created(),
        Some(br#"{"run_setup_tests":false}"#),
    )
    .unwrap();
    assert_eq!(without_tests, Outcome::Completed);
}

#[test]
fn classify_http_infers_the_contract_from_the_result_type() {
    let outcome: Result<Outcome, ApiError> =
        classify_http(Endpoint::GetConnection, response(200, &[], "{}"), None);
    assert_eq!(outcome.unwrap(), Outcome::Completed);
}

#[test]
fn classify_http_gives_a_typed_error_otherwise() {
    let busy = response(409, &[], r#"{"code":"AlreadyInSync","message":"running"}"#);
    let error = classify_http::<Api, _>(Endpoint::SyncConnection, busy, None).unwrap_err();
    assert_eq!(error.status_code(), StatusCode::CONFLICT);
    assert_eq!(error.code(), Some(&Code::AlreadyInSync));
    assert_eq!(error.to_string(), "HTTP 409 AlreadyInSync: running");
}

// ---- Poller::observe_http ----

fn poll_body(succeeded_at: &str, failed_at: Option<&str>, paused: bool, state: &str) -> String {
    let failed_at = failed_at.map_or_else(|| "null".to_owned(), |at| format!("\"{at}\""));
    format!(
        r#"{{"code":"Success","data":{{"succeeded_at":"{succeeded_at}","failed_at":{failed_at},"paused":{paused},"status":{{"sync_state":"{state}"}}}}}}"#
    )
}

fn poller(seed: u64) -> Poller {
    poller_for(Endpoint::SyncConnection, seed)
}

fn poller_for(trigger: Endpoint, seed: u64) -> Poller {
    let Ok(Outcome::Pending(plan)) = trigger.classify(200, Headers::new(), "{}") else {
        panic!("{trigger:?} is polled");
    };
    let before = poll_body("2024-03-11T08:13:02Z", None, false, "scheduled");
    let baseline = Baseline::from_body(plan.rule, before.as_bytes()).expect("a baseline");
    let config = PollConfig::seeded(seed)
        .min_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(200))
        .max_wait(Duration::from_secs(60));
    Poller::new(plan, baseline, config)
}

#[test]
fn observe_http_steps_like_observe() {
    let script: Vec<(u16, Lines, String)> = vec![
        (
            200,
            &[],
            poll_body("2024-03-11T08:13:02Z", None, false, "scheduled"),
        ),
        (
            200,
            &[],
            poll_body("2024-03-11T08:13:02Z", None, false, "syncing"),
        ),
        (200, &[], "not json".to_owned()),
        (
            429,
            &[("Retry-After", "3")],
            r#"{"code":"TooManyRequests"}"#.to_owned(),
        ),
        (503, &[], "<html>busy</html>".to_owned()),
        (
            200,
            &[],
            poll_body("2024-03-11T08:13:02Z", None, false, "rescheduled"),
        ),
        (
            200,
            &[],
            poll_body("2024-03-11T09:00:00Z", None, false, "scheduled"),
        ),
    ];
    let mut via_http = poller(11);
    let mut direct = poller(11);
    for (status, headers, body) in &script {
        let a = via_http.observe_http(response(*status, headers, body.clone()));
        let b = direct.observe(
            *status,
            Headers::from(response(*status, headers, ()).headers()),
            body.as_bytes(),
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{status} {body}");
    }
    assert_eq!(via_http.waited(), direct.waited());
}

#[test]
fn observe_http_waits_for_retry_after_and_reaches_a_verdict() {
    let mut poller = poller(3);
    let limited = response(429, &[("Retry-After", "2")], "");
    match poller.observe_http(limited) {
        PollStep::Wait { delay, progress } => {
            assert_eq!(delay, Duration::from_secs(2));
            assert_eq!(progress, None);
        }
        other => panic!("expected a wait, got {other:?}"),
    }
    let failed = poll_body(
        "2024-03-11T08:13:02Z",
        Some("2024-03-11T09:03:10Z"),
        false,
        "scheduled",
    );
    match poller.observe_http(response(200, &[], failed)) {
        PollStep::Done(verdict) => assert_eq!(verdict.kind(), "failed"),
        other => panic!("expected a verdict, got {other:?}"),
    }
}

#[test]
fn observe_http_stops_on_an_error_retrying_will_not_fix() {
    let mut poller = poller(5);
    let missing = response(
        404,
        &[],
        r#"{"code":"NotFound_Connector","message":"gone"}"#,
    );
    match poller.observe_http(missing) {
        PollStep::Done(errspec::PollVerdict::Error(error)) => {
            assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
            assert_eq!(error.code(), Some(&Code::NotFoundConnector));
        }
        other => panic!("expected an error verdict, got {other:?}"),
    }
}

#[test]
fn observe_http_reports_a_paused_connection_as_deferred() {
    // The spec defers a resync (not a sync) of a paused connection.
    let mut poller = poller_for(Endpoint::ResyncConnection, 9);
    let paused = poll_body("2024-03-11T08:13:02Z", None, true, "paused");
    match poller.observe_http(response(200, &[], paused)) {
        PollStep::Done(verdict) => assert_eq!(verdict.kind(), "deferred"),
        other => panic!("expected deferred, got {other:?}"),
    }
}
