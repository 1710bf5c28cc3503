//! Adapters for the [`http`](::http) crate (feature `http`): [`Headers`] from a
//! `HeaderMap`, and [`ApiError`], [`classify`](crate::classify) and
//! [`Poller`] straight from an `http::Response<B>`, the type that reqwest, ureq,
//! hyper and axum hand out or convert to.
//!
//! Every adapter takes any `B: Into<Vec<u8>>` as the body (`Vec<u8>`, `String`,
//! `&str`, `&[u8]`, `bytes::Bytes` …): read the client's body into bytes first,
//! then pass the response with `response.map(|_| bytes)` or build one.

use ::http::{HeaderMap, Response as HttpResponse, StatusCode};

use crate::api_error::ApiError;
use crate::contract::Contract;
use crate::headers::Headers;
use crate::outcome::Outcome;
use crate::poll::{PollStep, Poller, Response};

/// Every header of the map, each value of a repeated name kept.
///
/// `HeaderMap` stores names in lower case and groups the values of one name
/// together, in the order they were appended; [`Headers`] keeps that order.
/// A value that is not UTF-8 (`HeaderValue` allows any visible byte) is
/// converted lossily, each invalid sequence becoming `U+FFFD`.
///
/// ```
/// use http::header::{HeaderMap, HeaderValue, RETRY_AFTER, SET_COOKIE};
///
/// let mut map = HeaderMap::new();
/// map.append(SET_COOKIE, HeaderValue::from_static("a=1"));
/// map.append(SET_COOKIE, HeaderValue::from_static("b=2"));
/// map.insert(RETRY_AFTER, HeaderValue::from_static("120"));
/// map.insert("x-raw", HeaderValue::from_bytes(b"caf\xe9").unwrap());
///
/// let headers = errspec::Headers::from(&map);
/// assert_eq!(headers.len(), 4);
/// assert_eq!(headers.get_all("Set-Cookie").collect::<Vec<_>>(), ["a=1", "b=2"]);
/// assert_eq!(headers.get("Retry-After"), Some("120"));
/// assert_eq!(headers.get("x-raw"), Some("caf\u{fffd}"));
/// ```
impl From<&HeaderMap> for Headers {
    fn from(map: &HeaderMap) -> Headers {
        map.iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str(), value)
            })
            .collect()
    }
}

/// The status, every header and the body of an `http::Response`, for the fetch
/// function of [`poll_blocking`](crate::poll_blocking) or
/// [`poll_async`](crate::poll_async).
///
/// ```
/// let response = http::Response::builder()
///     .status(429)
///     .header("Retry-After", "3")
///     .body(Vec::from("{}"))
///     .unwrap();
/// let response = errspec::Response::from(response);
/// assert_eq!(response.status, 429);
/// assert_eq!(response.headers.get("retry-after"), Some("3"));
/// assert_eq!(response.body, b"{}");
/// ```
impl<B: Into<Vec<u8>>> From<HttpResponse<B>> for Response {
    fn from(response: HttpResponse<B>) -> Response {
        let (parts, body) = response.into_parts();
        Response {
            status: parts.status.as_u16(),
            headers: Headers::from(&parts.headers),
            body: body.into(),
        }
    }
}

impl<C: Contract> ApiError<C> {
    /// Reads an error response given as an `http::Response`; like
    /// [`ApiError::from_response`], it never panics and never fails.
    ///
    /// ```
    /// # #[allow(dead_code)]
    /// # mod fivetran {
    /// #     include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/fivetran.rs"));
    /// # }
    /// // `fivetran` is the code errspec generates from a Fivetran spec.
    /// use fivetran::{ApiError, Category, Code};
    /// use http::StatusCode;
    ///
    /// let response = http::Response::builder()
    ///     .status(StatusCode::NOT_FOUND)
    ///     .header("Content-Type", "application/json")
    ///     .body(r#"{"code":"NotFound_Connector","message":"No connection c1"}"#)
    ///     .unwrap();
    /// let error = ApiError::from_http(response);
    /// assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
    /// assert_eq!(error.code(), Some(&Code::NotFoundConnector));
    /// assert_eq!(error.category(), Some(Category::NotFound));
    /// assert_eq!(error.message(), Some("No connection c1"));
    /// assert_eq!(error.headers().get("content-type"), Some("application/json"));
    /// ```
    pub fn from_http<B: Into<Vec<u8>>>(response: HttpResponse<B>) -> Self {
        let (parts, body) = response.into_parts();
        ApiError::from_response(parts.status.as_u16(), Headers::from(&parts.headers), body)
    }

    /// The HTTP status as an `http::StatusCode`.
    ///
    /// A status read from an `http::Response` is always valid. One given to
    /// [`ApiError::from_response`] outside 100–999, which `StatusCode` cannot
    /// hold, is reported as `500 Internal Server Error`; [`ApiError::status`]
    /// keeps the number as received.
    ///
    /// ```
    /// # #[allow(dead_code)]
    /// # mod fivetran {
    /// #     include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/fivetran.rs"));
    /// # }
    /// use errspec::Headers;
    /// use fivetran::ApiError;
    /// use http::StatusCode;
    ///
    /// let error = ApiError::from_response(429, Headers::new(), "");
    /// assert_eq!(error.status_code(), StatusCode::TOO_MANY_REQUESTS);
    ///
    /// let odd = ApiError::from_response(42, Headers::new(), "");
    /// assert_eq!((odd.status(), odd.status_code()), (42, StatusCode::INTERNAL_SERVER_ERROR));
    /// ```
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// Classifies an `http::Response` of `endpoint`, like [`classify`](crate::classify):
/// a success status gives the real [`Outcome`], any other status an [`ApiError`].
/// Never panics.
///
/// `request_body` is the JSON request, when the caller has it, for checks the
/// spec ties to a request flag (`run_setup_tests`).
///
/// The contract `C` follows from the endpoint's type only through the result,
/// so name it (`classify_http::<Api, _>`) unless the result's type is written
/// elsewhere.
///
/// ```
/// # #[allow(dead_code)]
/// # mod fivetran {
/// #     include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/fivetran.rs"));
/// # }
/// use errspec::classify_http;
/// use fivetran::{Api, Code, Endpoint, Outcome};
///
/// // A 200 to a sync request only says the sync was triggered.
/// let triggered = http::Response::builder()
///     .status(200)
///     .body(r#"{"code":"Success","message":"Sync has been triggered"}"#)
///     .unwrap();
/// match classify_http::<Api, _>(Endpoint::SyncConnection, triggered, None) {
///     Ok(Outcome::Pending(plan)) => assert_eq!(plan.endpoint, Endpoint::GetConnection),
///     other => panic!("expected a pending outcome, got {other:?}"),
/// }
///
/// // A 201 whose setup tests failed is still a failure, when the request ran them.
/// let request = br#"{"service":"postgres","run_setup_tests":true}"#;
/// let created = http::Response::builder()
///     .status(201)
///     .body(r#"{"code":"Success","data":{"setup_tests":[{"title":"Connecting","status":"FAILED"}]}}"#)
///     .unwrap();
/// let outcome = classify_http::<Api, _>(Endpoint::CreateConnection, created, Some(request));
/// assert_eq!(outcome.unwrap().kind(), "failed");
///
/// // Any other status is an error, typed by the spec.
/// let busy = http::Response::builder()
///     .status(409)
///     .body(r#"{"code":"AlreadyInSync","message":"A sync is running"}"#)
///     .unwrap();
/// let error = classify_http::<Api, _>(Endpoint::SyncConnection, busy, None).unwrap_err();
/// assert_eq!(error.code().map(Code::as_str), Some("AlreadyInSync"));
/// ```
pub fn classify_http<C: Contract, B: Into<Vec<u8>>>(
    endpoint: C::Endpoint,
    response: HttpResponse<B>,
    request_body: Option<&[u8]>,
) -> Result<Outcome<'static, C::Endpoint>, ApiError<C>> {
    let (parts, body) = response.into_parts();
    crate::outcome::classify(
        endpoint,
        parts.status.as_u16(),
        Headers::from(&parts.headers),
        body,
        request_body,
    )
}

impl<C: Contract> Poller<C> {
    /// Judges one `http::Response` of the polled endpoint, like
    /// [`Poller::observe`] (with the current time for `Retry-After` dates).
    ///
    /// ```
    /// # #[allow(dead_code)]
    /// # mod fivetran {
    /// #     include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/fivetran.rs"));
    /// # }
    /// use std::time::Duration;
    ///
    /// use errspec::{classify_http, Baseline, PollConfig, PollStep, PollVerdict};
    /// use fivetran::{Api, Endpoint, Outcome, Poller};
    ///
    /// let connection = |succeeded_at: &str| {
    ///     let body = format!(
    ///         r#"{{"data":{{"succeeded_at":"{succeeded_at}","failed_at":null,"paused":false,
    ///               "status":{{"sync_state":"scheduled"}}}}}}"#
    ///     );
    ///     http::Response::builder().status(200).body(body).unwrap()
    /// };
    /// let before = connection("2024-03-11T08:13:02Z");
    /// let triggered = http::Response::builder().status(200).body("{}").unwrap();
    /// let Ok(Outcome::Pending(plan)) = classify_http::<Api, _>(Endpoint::SyncConnection, triggered, None)
    /// else {
    ///     panic!("a sync is polled");
    /// };
    /// let baseline = Baseline::from_body(plan.rule, before.body().as_bytes()).unwrap();
    /// let config = PollConfig::seeded(1)
    ///     .min_delay(Duration::from_millis(10))
    ///     .max_delay(Duration::from_millis(100))
    ///     .max_wait(Duration::from_secs(5));
    /// let mut poller = Poller::new(plan, baseline, config);
    ///
    /// // Same timestamp: still running. Rate limited: wait as asked.
    /// assert!(matches!(poller.observe_http(connection("2024-03-11T08:13:02Z")), PollStep::Wait { .. }));
    /// let limited = http::Response::builder().status(429).header("Retry-After", "2").body("").unwrap();
    /// assert!(matches!(
    ///     poller.observe_http(limited),
    ///     PollStep::Wait { delay, .. } if delay == Duration::from_secs(2)
    /// ));
    /// // The success timestamp moved: done.
    /// match poller.observe_http(connection("2024-03-11T09:02:45Z")) {
    ///     PollStep::Done(PollVerdict::Succeeded { at }) => println!("synced at {at}"),
    ///     other => panic!("expected success, got {other:?}"),
    /// }
    /// ```
    pub fn observe_http<B: Into<Vec<u8>>>(&mut self, response: HttpResponse<B>) -> PollStep<C> {
        let (parts, body) = response.into_parts();
        let body: Vec<u8> = body.into();
        self.observe(parts.status.as_u16(), Headers::from(&parts.headers), &body)
    }
}
