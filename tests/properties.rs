//! Property tests over the generated Fivetran API, the errspec runtime and the
//! spec loader, sized for CI (a few seconds in a debug build), plus replays of
//! the fuzz corpus and regression inputs through the fuzz targets' own code.
//!
//! The checks shared with the cargo-fuzz targets live in `fuzz/src/lib.rs`,
//! included below as `fuzz_targets`; the properties here add generators whose
//! expected results are known by construction (a JSON model, a timestamp's
//! parts, a template's parameters). No property writes files: failure
//! persistence is off.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use errspec::{render_path, Baseline, Headers, PathError, PathTemplate, Segment};
use errspec::{PollConfig, Timestamp};
use errspec_fivetran::{Code, Endpoint};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

#[path = "../fuzz/src/lib.rs"]
mod fuzz_targets;

use fuzz_targets::ResponseInput;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const FIVETRAN_SPEC: &[u8] = include_bytes!("../spec/fivetran.yaml");

// ---------------------------------------------------------------------------
// Generators: headers, Retry-After, timestamps.
// ---------------------------------------------------------------------------

/// `Retry-After` dates are generated around the fuzz targets' fixed clock.
const NOW_UNIX: i64 = 1_710_144_000;

/// An IMF-fixdate (`Sun, 10 Mar 2024 23:00:00 GMT`) for a Unix time.
fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let text = Timestamp::from_unix(unix, 0).to_string();
    let month: usize = text[5..7].parse().unwrap();
    let weekday = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{weekday}, {} {} {} {} GMT",
        &text[8..10],
        MONTHS[month - 1],
        &text[..4],
        &text[11..19]
    )
}

fn retry_after_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0u64..600).prop_map(|n| n.to_string()),
        1 => "[0-9]{1,25}",
        1 => " ?[0-9]{1,3}[ \t]?",
        2 => (NOW_UNIX - 900..NOW_UNIX + 900).prop_map(http_date),
        1 => select(vec!["-1", "+5", "1.5", "", " ", "soon", "18446744073709551616"])
            .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec!["Retry-After", "retry-after", "RETRY-AFTER", "Retry-After "])
            .prop_map(str::to_owned),
        1 => select(vec!["Content-Type", "Set-Cookie", "", "\u{212A}ey"]).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// Headers with duplicates, odd names and `Retry-After` of every shape.
fn headers() -> impl Strategy<Value = Headers> {
    let value = prop_oneof![3 => retry_after_value(), 1 => any::<String>()];
    vec((header_name(), value), 0..5).prop_map(Headers::from)
}

/// The oldest and newest instants whose UTC date has a four-digit year, with a
/// day's margin so any UTC offset keeps the local date in range.
const FIRST_SECOND: i64 = -62_167_219_200 + 86_400; // 0000-01-02
const LAST_SECOND: i64 = 253_402_300_799 - 86_400; // 9999-12-30T23:59:59

/// An RFC 3339 text with known parts: its instant, local offset and precision.
#[derive(Clone, Debug)]
struct Rfc3339 {
    seconds: i64,
    nanos: u32,
    offset_minutes: i64,
    precision: u32,
    extra_digits: String,
    separator: char,
    zone: u8,
    leap: bool,
}

impl Rfc3339 {
    fn seconds(&self) -> i64 {
        if self.leap {
            // The local second is 59 (offsets are whole minutes), written as 60.
            self.seconds - self.seconds.rem_euclid(60) + 59
        } else {
            self.seconds
        }
    }

    fn text(&self) -> String {
        let local = Timestamp::from_unix(self.seconds() + self.offset_minutes * 60, 0).to_string();
        let mut out = String::new();
        out.push_str(&local[..10]);
        out.push(self.separator);
        out.push_str(&local[11..17]);
        out.push_str(if self.leap { "60" } else { &local[17..19] });
        if self.precision > 0 {
            let digits = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(&digits[..self.precision as usize]);
            if self.precision == 9 {
                out.push_str(&self.extra_digits);
            }
        }
        match (self.offset_minutes, self.zone % 4) {
            (0, 0) => out.push('Z'),
            (0, 1) => out.push('z'),
            (0, 2) => out.push_str("-00:00"),
            (offset, _) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let abs = offset.abs();
                out.push_str(&format!("{sign}{:02}:{:02}", abs / 60, abs % 60));
            }
        }
        out
    }

    fn expected(&self) -> Timestamp {
        if self.leap {
            return Timestamp::from_unix(self.seconds(), 999_999_999);
        }
        let unit = 10u32.pow(9 - self.precision);
        Timestamp::from_unix(self.seconds, self.nanos / unit * unit)
    }
}

fn rfc3339() -> impl Strategy<Value = Rfc3339> {
    (
        prop_oneof![
            FIRST_SECOND..=LAST_SECOND,
            // Near 2024, where Fivetran's timestamps live.
            NOW_UNIX - 10_000..NOW_UNIX + 10_000,
        ],
        0u32..1_000_000_000,
        prop_oneof![Just(0i64), -1439i64..=1439],
        0u32..=9,
        "[0-9]{0,4}",
        select(vec!['T', 't', ' ']),
        any::<u8>(),
        prop::bool::weighted(0.05),
    )
        .prop_map(
            |(seconds, nanos, offset_minutes, precision, extra_digits, separator, zone, leap)| {
                Rfc3339 {
                    seconds,
                    nanos,
                    offset_minutes,
                    precision,
                    extra_digits,
                    separator,
                    zone,
                    leap,
                }
            },
        )
}

// ---------------------------------------------------------------------------
// Generators: a JSON model whose `code` and `message` are known.
// ---------------------------------------------------------------------------

/// A JSON string as written (`literal`) and as meant (`value`; `None` when it
/// holds a lone surrogate, which JSON's grammar allows and Rust cannot hold).
#[derive(Clone, Debug)]
struct JsonStr {
    literal: String,
    value: Option<String>,
}

impl JsonStr {
    /// Writes `value` plainly (0), fully `\u`-escaped (1) or half escaped (2).
    fn new(value: String, style: u8) -> JsonStr {
        let literal = match style % 3 {
            0 => serde_json::to_string(&value).unwrap(),
            style => {
                let mut out = String::from('"');
                for (i, c) in value.chars().enumerate() {
                    if style == 1 || i % 2 == 0 {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    } else {
                        let one = serde_json::to_string(&c.to_string()).unwrap();
                        out.push_str(&one[1..one.len() - 1]);
                    }
                }
                out.push('"');
                out
            }
        };
        JsonStr {
            literal,
            value: Some(value),
        }
    }

    fn lone_surrogate(literal: &str) -> JsonStr {
        JsonStr {
            literal: literal.to_owned(),
            value: None,
        }
    }
}

/// A JSON value; numbers are kept as written.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(&'static str),
    Str(JsonStr),
    Array(Vec<Json>),
    Object(Vec<(JsonStr, Json)>),
}

/// Numbers as written; the last ones are valid JSON beyond an `f64`.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-12",
    "3.25",
    "1e3",
    "2E-4",
    "-1.5e+10",
    "1e-400",
    "123456789012345678901234567890",
    "1e400",
    "-2E+999",
];

impl Json {
    fn render(&self, ws: &str, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::Str(s) => out.push_str(&s.literal),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    item.render(ws, out);
                }
                out.push_str(ws);
                out.push(']');
            }
            Json::Object(entries) => render_object(entries, ws, out),
        }
    }
}

fn render_object(entries: &[(JsonStr, Json)], ws: &str, out: &mut String) {
    out.push('{');
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(ws);
        out.push_str(&key.literal);
        out.push_str(ws);
        out.push(':');
        out.push_str(ws);
        value.render(ws, out);
    }
    out.push_str(ws);
    out.push('}');
}

fn string_content() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(Code::ALL.iter().map(Code::as_str).collect::<Vec<_>>()).prop_map(str::to_owned),
        2 => "NotFound_[A-Za-z]{0,6}",
        1 => Just(String::new()),
        3 => any::<String>(),
    ]
}

fn json_str() -> impl Strategy<Value = JsonStr> {
    prop_oneof![
        12 => (string_content(), any::<u8>()).prop_map(|(s, style)| JsonStr::new(s, style)),
        1 => select(vec![r#""\ud800""#, r#""x\udc00y""#, r#""\uDBFF\u0041""#])
            .prop_map(JsonStr::lone_surrogate),
    ]
}

/// Keys: mostly `code` and `message` (sometimes escaped), sometimes near misses.
fn json_key() -> impl Strategy<Value = JsonStr> {
    prop_oneof![
        4 => any::<u8>().prop_map(|style| JsonStr::new("code".into(), style)),
        3 => any::<u8>().prop_map(|style| JsonStr::new("message".into(), style)),
        2 => select(vec!["data", "Code", "code ", "codes", "", "CODE"])
            .prop_map(|key| JsonStr::new(key.into(), 0)),
        1 => json_str(),
    ]
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        1 => Just(Json::Null),
        1 => any::<bool>().prop_map(Json::Bool),
        1 => select(NUMBERS).prop_map(Json::Number),
        3 => json_str().prop_map(Json::Str),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Json::Array),
            vec((json_key(), inner), 0..4).prop_map(Json::Object),
        ]
    })
}

/// A top-level JSON object with known entries.
#[derive(Clone, Debug)]
struct ObjectBody {
    entries: Vec<(JsonStr, Json)>,
    ws: &'static str,
}

impl ObjectBody {
    fn render(&self) -> String {
        let mut out = String::new();
        render_object(&self.entries, self.ws, &mut out);
        out
    }

    /// The first `code` and `message` values as text (a string's, or a
    /// number's digits as written; an empty one counts as absent), and
    /// whether `ApiError` runs into one of the open bugs
    /// (`fuzz_targets::OpenBug`) on this object: none is open.
    fn expected(&self) -> (Option<String>, Option<String>, bool) {
        let read = |name: &str| {
            // The first occurrence of a key decides, whatever its value.
            match self
                .entries
                .iter()
                .find(|(key, _)| key.value.as_deref() == Some(name))
                .map(|(_, value)| value)
            {
                Some(Json::Str(s)) => s.value.clone().filter(|text| !text.is_empty()),
                Some(Json::Number(n)) => Some((*n).to_owned()),
                _ => None,
            }
        };
        (read("code"), read("message"), false)
    }
}

fn object_body() -> impl Strategy<Value = ObjectBody> {
    (
        vec((json_key(), json_value()), 0..6),
        select(vec!["", " ", "\n\t", "\r\n  "]),
    )
        .prop_map(|(entries, ws)| ObjectBody { entries, ws })
}

/// A body and what `ApiError` must read from it, when that is known.
#[derive(Clone, Debug)]
enum Body {
    /// Any bytes; only the shared oracle judges them.
    Bytes(Vec<u8>),
    /// A JSON object, maybe followed by whitespace.
    Object(ObjectBody, &'static str),
    /// A JSON object cut short.
    Truncated(ObjectBody, Index),
    /// A JSON object followed by something other than whitespace.
    Trailing(ObjectBody, &'static str),
    /// JSON that is not an object.
    NotObject(Json),
}

impl Body {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Body::Bytes(bytes) => bytes.clone(),
            Body::Object(object, after) => format!("{}{after}", object.render()).into_bytes(),
            Body::Truncated(object, cut) => {
                let text = object.render().into_bytes();
                text[..cut.index(text.len())].to_vec()
            }
            Body::Trailing(object, after) => format!("{}{after}", object.render()).into_bytes(),
            Body::NotObject(value) => {
                let mut out = String::new();
                value.render(" ", &mut out);
                out.into_bytes()
            }
        }
    }

    /// `Some((code, message))` when the model decides them.
    fn expected(&self) -> Option<(Option<String>, Option<String>)> {
        match self {
            Body::Bytes(_) => None,
            Body::Object(object, _) => {
                let (code, message, open_bug) = object.expected();
                (!(open_bug && fuzz_targets::TOLERATE_OPEN_BUGS)).then_some((code, message))
            }
            Body::Truncated(..) | Body::Trailing(..) | Body::NotObject(_) => Some((None, None)),
        }
    }
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        2 => vec(any::<u8>(), 0..48).prop_map(Body::Bytes),
        6 => (object_body(), select(vec!["", " ", "\n", "\r\n\t "]))
            .prop_map(|(object, after)| Body::Object(object, after)),
        1 => (object_body(), any::<Index>()).prop_map(|(object, cut)| Body::Truncated(object, cut)),
        1 => (object_body(), select(vec!["x", "}", "{}", ",", "\"", "\u{0}", " 1", "\u{feff}"]))
            .prop_map(|(object, after)| Body::Trailing(object, after)),
        1 => json_value()
            .prop_filter("not an object", |value| !matches!(value, Json::Object(_)))
            .prop_map(Body::NotObject),
    ]
}

/// A status: often a documented or success one, sometimes any `u16`.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => select(vec![200u16, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503]),
        1 => any::<u16>(),
    ]
}

/// A request body for `classify_with_request`.
fn request() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop_oneof![
            Just("true"), Just("false"), Just("null"), Just("\"true\""), Just("1"),
        ]
        .prop_map(|flag| format!(r#"{{"run_setup_tests":{flag},"service":"mysql"}}"#).into_bytes()),
        1 => vec(any::<u8>(), 0..16),
        1 => Just(Vec::new()),
    ]
}

// ---------------------------------------------------------------------------
// ApiError::from_response and the endpoint classifiers.
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    /// `from_response` never panics, keeps status, headers and body exactly, and
    /// reads `code`/`message` from the first such key of a JSON object only:
    /// checked against the JSON model, an independent RFC 8259 reader and
    /// serde_json's `Value`.
    #[test]
    fn api_error_reads_the_first_code_of_an_object(
        status in any::<u16>(),
        headers in headers(),
        body in body(),
    ) {
        let bytes = body.bytes();
        let error = fuzz_targets::check_api_error(status, &headers, &bytes);
        if let Some((code, message)) = body.expected() {
            prop_assert_eq!(error.code().map(Code::as_str), code.as_deref());
            prop_assert_eq!(error.message(), message.as_deref());
            // A known code is the variant, an unknown one is kept verbatim.
            if let Some(code) = error.code() {
                prop_assert_eq!(code, &Code::parse(code.as_str()));
            }
        }
    }

    /// Every endpoint's `classify` and `classify_with_request` never panic; a
    /// status outside `success_statuses()` gives `Err` with the response kept,
    /// one inside gives the outcome the endpoint's rule allows.
    #[test]
    fn classify_errs_exactly_outside_the_success_statuses(
        status in status(),
        headers in headers(),
        body in body(),
        request in request(),
        settings in any::<u8>(),
    ) {
        let input = ResponseInput {
            status,
            settings,
            headers,
            body: body.bytes(),
            request,
            baseline: Vec::new(),
        };
        for &endpoint in Endpoint::ALL {
            fuzz_targets::check_classify(endpoint, &input);
            let result = endpoint.classify(status, input.headers.clone(), input.body.clone());
            prop_assert_eq!(result.is_ok(), endpoint.success_statuses().contains(&status));
        }
    }
}

/// One setup test in a create/test connection response.
#[derive(Clone, Debug)]
enum SetupTest {
    Status(&'static str),
    NotAString,
    Missing,
}

fn setup_tests_body(tests: &[SetupTest]) -> Vec<u8> {
    let items: Vec<serde_json::Value> = tests
        .iter()
        .enumerate()
        .map(|(i, test)| {
            let mut item = serde_json::json!({ "title": format!("Test {i}"), "message": "" });
            match test {
                SetupTest::Status(status) => item["status"] = (*status).into(),
                SetupTest::NotAString => item["status"] = 3.into(),
                SetupTest::Missing => {}
            }
            item
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "code": "Success",
        "data": { "id": "decent_dropsy", "setup_tests": items }
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(config(256))]

    /// The setup-test check: any FAILED/JOB_FAILED item fails the operation
    /// (failed items first, then degraded ones), else SKIPPED, WARNING, unknown
    /// and missing values degrade it, else it completed; on create, only when
    /// the request set `run_setup_tests` to `true` (or is not given).
    #[test]
    fn setup_tests_decide_the_outcome(
        tests in vec(
            prop_oneof![
                6 => select(vec!["PASSED", "FAILED", "JOB_FAILED", "SKIPPED", "WARNING", "passed", "NEW"])
                    .prop_map(SetupTest::Status),
                1 => Just(SetupTest::NotAString),
                1 => Just(SetupTest::Missing),
            ],
            0..6,
        ),
        request in request(),
        headers in headers(),
    ) {
        let body = setup_tests_body(&tests);
        let verdicts: Vec<(usize, errspec::ItemVerdict)> = tests
            .iter()
            .enumerate()
            .map(|(i, test)| {
                let verdict = match test {
                    SetupTest::Status("PASSED") => errspec::ItemVerdict::Pass,
                    SetupTest::Status("FAILED" | "JOB_FAILED") => errspec::ItemVerdict::Fail,
                    _ => errspec::ItemVerdict::Degrade,
                };
                (i, verdict)
            })
            .collect();
        let pick = |wanted| verdicts.iter().filter(move |(_, v)| *v == wanted).map(|(i, _)| *i);
        let failed: Vec<usize> = pick(errspec::ItemVerdict::Fail).collect();
        let degraded: Vec<usize> = pick(errspec::ItemVerdict::Degrade).collect();
        let checked = || {
            if !failed.is_empty() {
                ("failed", failed.iter().chain(&degraded).copied().collect())
            } else if !degraded.is_empty() {
                ("completed_with_issues", degraded.clone())
            } else {
                ("completed", Vec::new())
            }
        };
        let flag_on = serde_json::from_slice::<serde_json::Value>(&request)
            .ok()
            .and_then(|request| request.get("run_setup_tests").cloned())
            == Some(serde_json::Value::Bool(true));
        let cases = [
            (Endpoint::TestConnection, 200, None, checked()),
            (Endpoint::CreateConnection, 201, None, checked()),
            (
                Endpoint::CreateConnection,
                201,
                Some(&request),
                if flag_on { checked() } else { ("completed", Vec::new()) },
            ),
        ];
        for (endpoint, status, request, (kind, indices)) in cases {
            let outcome = match request {
                Some(request) => endpoint.classify_with_request(request, status, headers.clone(), body.clone()),
                None => endpoint.classify(status, headers.clone(), body.clone()),
            };
            let outcome = outcome.map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(outcome.kind(), kind, "{:?}", outcome);
            let got: Vec<usize> = outcome.issues().iter().map(|issue| issue.index).collect();
            prop_assert_eq!(got, indices);
            for issue in outcome.issues() {
                let title = format!("Test {}", issue.index);
                prop_assert_eq!(issue.text("title"), Some(title.as_str()));
            }
        }
    }
}

/// JSON-legal values Rust cannot hold as they are, or that cost a reader the
/// most: numbers beyond `f64`, lone surrogates, deep nesting within the limit,
/// long strings.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1e400".to_owned()),
        Just("-1e400".to_owned()),
        Just("184467440737095516161844674407370955161".to_owned()),
        Just(r#""\ud800""#.to_owned()),
        Just(r#""tail \udfff""#.to_owned()),
        Just(r#"{"n":1e400,"s":"\udbff"}"#.to_owned()),
        (1usize..100).prop_map(|depth| format!("{}0{}", "[".repeat(depth), "]".repeat(depth))),
        (0usize..20_000).prop_map(|len| format!("\"{}\"", "x".repeat(len))),
    ]
}

/// `body` with `"key": value` inserted as the first member of one of its
/// objects (chosen by `at`). The bodies here hold no `{` inside strings.
fn insert_member(body: &[u8], at: Index, key: &str, value: &str) -> Vec<u8> {
    let text = std::str::from_utf8(body).unwrap();
    let opens: Vec<usize> = text.match_indices('{').map(|(i, _)| i).collect();
    let open = opens[at.index(opens.len())];
    let closes_at_once = text[open + 1..].starts_with('}');
    let separator = if closes_at_once { "" } else { "," };
    format!(
        "{}{key}:{value}{separator}{}",
        &text[..=open],
        &text[open + 1..]
    )
    .into_bytes()
}

proptest! {
    #![proptest_config(config(256))]

    /// One reader, one policy: a member the rules do not read, whatever
    /// JSON-legal value it holds and wherever it sits, changes neither the
    /// outcome and issues of a success response nor the code, message and
    /// category of an error response.
    #[test]
    fn members_the_rules_do_not_read_change_nothing(
        tests in vec(
            select(vec!["PASSED", "FAILED", "SKIPPED", "WARNING"]).prop_map(SetupTest::Status),
            0..4,
        ),
        at in any::<Index>(),
        key in select(vec![r#""extra""#, r#""\ud800""#, r#""setup_tests_old""#, r#""""#]),
        value in hostile_value(),
    ) {
        let body = setup_tests_body(&tests);
        let changed = insert_member(&body, at, key, &value);
        let summary = |body: &[u8]| {
            let outcome = Endpoint::TestConnection.classify(200, Headers::new(), body.to_vec());
            let outcome = outcome.expect("200 is a success of test_connection");
            let issues: Vec<_> = outcome
                .issues()
                .iter()
                .map(|issue| (issue.index, issue.verdict, issue.value.clone()))
                .collect();
            (outcome.kind(), issues)
        };
        prop_assert_eq!(summary(&changed), summary(&body), "{}", String::from_utf8_lossy(&changed));

        let error = br#"{"code":"NotFound_Connector","message":"No connection","data":{"id":"c1"}}"#;
        let changed = insert_member(error, at, key, &value);
        let read = |body: &[u8]| {
            let error = errspec_fivetran::ApiError::from_response(404, Headers::new(), body.to_vec());
            (
                error.code().map(|code| code.as_str().to_owned()),
                error.message().map(str::to_owned),
                error.category(),
            )
        };
        prop_assert_eq!(read(&changed), read(error));
    }
}

/// A failed setup test is found whatever else the body holds: the case that
/// a reader without errspec's policy reported as completed.
#[test]
fn a_failed_test_is_found_beside_values_serde_json_cannot_build() {
    for extra in ["1e400", r#""\ud800""#] {
        let body = format!(
            r#"{{"code":"Success","data":{{"extra":{extra},"setup_tests":[{{"title":"Connecting","status":"FAILED"}}]}}}}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
        let outcome = Endpoint::TestConnection
            .classify(200, Headers::new(), body)
            .unwrap();
        assert_eq!(outcome.kind(), "failed", "{extra}");
    }
    // A body the rules cannot read at all is never a confirmed success.
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let outcome = Endpoint::TestConnection
        .classify(200, Headers::new(), deep)
        .unwrap();
    assert_eq!(outcome.kind(), "unconfirmed");
}

// ---------------------------------------------------------------------------
// The poller.
// ---------------------------------------------------------------------------

/// A timestamp field of a connection: RFC 3339 of any precision and offset,
/// null, garbage or absent.
fn timestamp_field() -> impl Strategy<Value = Option<serde_json::Value>> {
    prop_oneof![
        5 => rfc3339().prop_map(|t| Some(t.text().into())),
        2 => Just(Some(serde_json::Value::Null)),
        1 => select(vec!["", "yesterday", "2024-03-11", "2024-02-30T00:00:00Z", "2024-03-11T08:13:02"])
            .prop_map(|text| Some(text.into())),
        1 => any::<String>().prop_map(|text| Some(text.into())),
        1 => Just(Some(12.into())),
        1 => Just(None),
    ]
}

fn connection_body() -> impl Strategy<Value = Vec<u8>> {
    (
        timestamp_field(),
        timestamp_field(),
        prop_oneof![
            Just(serde_json::Value::Bool(false)),
            Just(serde_json::Value::Bool(true)),
            Just("true".into())
        ],
        select(vec!["scheduled", "syncing", "rescheduled", "paused"]),
        prop::option::of(rfc3339()),
    )
        .prop_map(
            |(succeeded_at, failed_at, paused, state, rescheduled_for)| {
                let mut data = serde_json::json!({
                    "id": "decent_dropsy",
                    "paused": paused,
                    "status": {
                        "sync_state": state,
                        "rescheduled_for": rescheduled_for.map(|t| t.text()),
                    },
                });
                if let Some(at) = succeeded_at {
                    data["succeeded_at"] = at;
                }
                if let Some(at) = failed_at {
                    data["failed_at"] = at;
                }
                serde_json::to_vec(&serde_json::json!({ "code": "Success", "data": data })).unwrap()
            },
        )
}

fn poll_response() -> impl Strategy<Value = (u16, Headers, Vec<u8>)> {
    let status = prop_oneof![
        8 => Just(200u16),
        2 => Just(429),
        1 => select(vec![500u16, 502, 503, 404, 409, 400, 201, 204]),
        1 => any::<u16>(),
    ];
    let body = prop_oneof![
        6 => connection_body(),
        1 => select(vec![
            r#"{"code":"TooManyRequests","message":"slow down"}"#,
            r#"{"code":"ServerError"}"#,
            r#"{"code":"NotFound_Connector"}"#,
            "<html>502</html>",
            "",
        ])
        .prop_map(|text| text.as_bytes().to_vec()),
        1 => vec(any::<u8>(), 0..24),
    ];
    (status, headers(), body)
}

/// A poll configuration with a positive minimum delay, a maximum delay that may
/// be below it, and a maximum wait of up to 40 minimum delays; whether to take
/// the first delay. `first_delay` with `max_wait < min_delay` is the open bug
/// `known_bug_first_delay_can_exceed_max_wait`, so it is not generated.
fn poll_config() -> impl Strategy<Value = (PollConfig, bool)> {
    (
        1u64..=2_000,
        0u64..=20_000,
        0u32..40,
        0u64..2_000,
        any::<u64>(),
        any::<bool>(),
    )
        .prop_map(|(min_ms, max_ms, multiple, extra_ms, seed, first)| {
            let min_delay = Duration::from_millis(min_ms);
            let max_wait = min_delay * multiple + Duration::from_millis(extra_ms % min_ms);
            let config = PollConfig::seeded(seed)
                .min_delay(min_delay)
                .max_delay(Duration::from_millis(max_ms))
                .max_wait(max_wait);
            (config, first && max_wait >= min_delay)
        })
}

proptest! {
    #![proptest_config(config(256))]

    /// Fed any sequence of responses (cycled until it ends), the poller never
    /// panics, never waits less than `min_delay` (a retryable error with
    /// `Retry-After` waits exactly `max(asked, min_delay)`), never lets
    /// `waited()` pass `max_wait`, gives verdicts that agree with the response,
    /// and ends within `max_wait / min_delay + 1` observations.
    #[test]
    fn poller_respects_delays_deadline_and_ends(
        resync in any::<bool>(),
        baseline in connection_body(),
        (config, first_delay) in poll_config(),
        responses in vec(poll_response(), 1..8),
    ) {
        let trigger = if resync { Endpoint::ResyncConnection } else { Endpoint::SyncConnection };
        let baseline = Baseline::from_body(fuzz_targets::poll_plan(trigger).rule, &baseline)
            .unwrap_or_default();
        fuzz_targets::check_poller(trigger, baseline, config, first_delay, &responses);
    }

    /// A success timestamp that moves past the baseline ends the poll as
    /// succeeded at that instant, whatever precision and offset either side uses.
    #[test]
    fn poller_sees_a_moved_timestamp(
        before in rfc3339(),
        after in rfc3339(),
        (config, _) in poll_config(),
    ) {
        let plan = fuzz_targets::poll_plan(Endpoint::SyncConnection);
        let body = |at: &Rfc3339| {
            serde_json::to_vec(&serde_json::json!({
                "data": { "succeeded_at": at.text(), "failed_at": null, "paused": false }
            }))
            .unwrap()
        };
        let baseline = Baseline::from_body(plan.rule, &body(&before)).unwrap();
        prop_assert_eq!(baseline.succeeded_at, Some(before.expected()));
        let mut poller = errspec_fivetran::Poller::new(plan, baseline, config);
        let step = poller.observe_at(200, Headers::new(), &body(&after), fuzz_targets::fixed_now());
        match step {
            errspec::PollStep::Done(errspec::PollVerdict::Succeeded { at }) => {
                prop_assert!(after.expected() > before.expected());
                prop_assert_eq!(at, after.expected());
            }
            errspec::PollStep::Wait { .. }
            | errspec::PollStep::Done(errspec::PollVerdict::TimedOut { .. }) => {
                prop_assert!(after.expected() <= before.expected());
            }
            errspec::PollStep::Done(other) => {
                return Err(TestCaseError::fail(format!("unexpected verdict {other:?}")));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Code.
// ---------------------------------------------------------------------------

fn code_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(Code::ALL.iter().map(Code::as_str).collect::<Vec<_>>()).prop_map(str::to_owned),
        // Near misses of listed codes: case, padding, prefixes.
        2 => (
            select(Code::ALL.iter().map(Code::as_str).collect::<Vec<_>>()),
            select(vec!["", " ", "\n", "_", "x", "\u{0}"]),
            any::<bool>(),
        )
            .prop_map(|(code, pad, lower)| {
                let code = if lower { code.to_lowercase() } else { code.to_owned() };
                format!("{code}{pad}")
            }),
        1 => "NotFound_[A-Za-z]{0,8}",
        3 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    /// `Code::parse` is lossless and canonical: `parse(s).as_str() == s`,
    /// `parse(c.as_str()) == c`, `is_known()` iff `Code::ALL` has it, and serde
    /// (as a JSON string) round-trips every string.
    #[test]
    fn code_parse_is_lossless_and_round_trips(text in code_text()) {
        let code = Code::parse(&text);
        prop_assert_eq!(code.as_str(), text.as_str());
        prop_assert_eq!(&Code::parse(code.as_str()), &code);
        prop_assert_eq!(code.is_known(), Code::ALL.contains(&code));
        prop_assert_eq!(code.to_string(), text.clone());
        prop_assert_eq!(&text.parse::<Code>().unwrap(), &code);
        prop_assert_eq!(code.is_known(), !code.statuses().is_empty());
        if !code.is_known() {
            prop_assert_eq!(code.category().is_some(), text.starts_with("NotFound_"));
        }

        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&text).unwrap());
        prop_assert_eq!(&serde_json::from_str::<Code>(&json).unwrap(), &code);
        let escaped = JsonStr::new(text.clone(), 1).literal;
        prop_assert_eq!(&serde_json::from_str::<Code>(&escaped).unwrap(), &code);
        let value = serde_json::Value::String(text.clone());
        prop_assert_eq!(&serde_json::from_value::<Code>(value).unwrap(), &code);
    }
}

#[test]
fn every_listed_code_round_trips() {
    for code in Code::ALL {
        assert!(code.is_known());
        assert_eq!(&Code::parse(code.as_str()), code);
        let json = serde_json::to_string(code).unwrap();
        assert_eq!(&serde_json::from_str::<Code>(&json).unwrap(), code);
    }
}

// ---------------------------------------------------------------------------
// Timestamp.
// ---------------------------------------------------------------------------

fn unix_in_four_digit_years() -> impl Strategy<Value = (i64, u32)> {
    (
        prop_oneof![
            -62_167_219_200i64..=253_402_300_799,
            Just(-62_167_219_200i64),
            Just(253_402_300_799i64),
            -86_400i64..86_400,
        ],
        prop_oneof![0u32..1_000_000_000, Just(0u32), Just(999_999_999u32)],
    )
}

fn timestamp_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt _][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{2}:[0-9]{2})?",
        (rfc3339(), any::<Index>(), any::<char>()).prop_map(|(t, at, c)| {
            let mut chars: Vec<char> = t.text().chars().collect();
            let i = at.index(chars.len());
            chars[i] = c;
            chars.into_iter().collect()
        }),
        (rfc3339(), any::<Index>()).prop_map(|(t, at)| {
            let text = t.text();
            text[..at.index(text.len())].to_owned()
        }),
    ]
}

proptest! {
    #![proptest_config(config(1024))]

    /// Display then parse gives the same instant, for any instant in years 0000-9999.
    #[test]
    fn timestamp_display_parses_back((seconds, nanos) in unix_in_four_digit_years()) {
        let t = Timestamp::from_unix(seconds, nanos);
        prop_assert_eq!((t.unix_seconds(), t.subsec_nanos()), (seconds, nanos));
        let text = t.to_string();
        prop_assert_eq!(Timestamp::parse(&text), Some(t), "{}", text);
        // Canonical: no fraction for whole seconds, no trailing zeros otherwise.
        if nanos == 0 {
            prop_assert_eq!(text.len(), 20);
        } else {
            prop_assert!(text.ends_with('Z') && !text.ends_with("0Z"), "{}", text);
        }
        let _ = t.to_system_time();
    }

    /// Timestamps order exactly as their (seconds, nanos).
    #[test]
    fn timestamp_order_is_the_order_of_instants(
        a in unix_in_four_digit_years(),
        b in prop_oneof![unix_in_four_digit_years(), Just((0i64, 0u32))],
        near in any::<bool>(),
    ) {
        // Often compare instants within the same second.
        let b = if near { (a.0, b.1) } else { b };
        let (ta, tb) = (Timestamp::from_unix(a.0, a.1), Timestamp::from_unix(b.0, b.1));
        prop_assert_eq!(ta.cmp(&tb), a.cmp(&b));
        prop_assert_eq!(ta == tb, a == b);
    }

    /// RFC 3339 text of any precision, offset, separator and zone spelling
    /// parses to the instant it names (fraction digits past nine ignored, a
    /// leap second read as the last nanosecond of second 59).
    #[test]
    fn timestamp_parses_rfc3339_variants(t in rfc3339(), u in rfc3339()) {
        prop_assert_eq!(Timestamp::parse(&t.text()), Some(t.expected()), "{}", t.text());
        let (a, b) = (Timestamp::parse(&t.text()).unwrap(), Timestamp::parse(&u.text()).unwrap());
        prop_assert_eq!(a.cmp(&b), t.expected().cmp(&u.expected()));
    }

    /// Parsing any text never panics, and whatever parses is in range and
    /// displays as text that parses back to it.
    #[test]
    fn timestamp_parse_is_total(text in timestamp_like()) {
        if let Some(t) = Timestamp::parse(&text) {
            prop_assert!(t.subsec_nanos() < 1_000_000_000);
            // Four-digit local years and offsets below a day.
            prop_assert!((-62_167_219_200 - 86_400..=253_402_300_799 + 86_400).contains(&t.unix_seconds()));
            let shown = t.to_string();
            // Display signs years outside 0000-9999, which parse rejects.
            if !shown.starts_with(['+', '-']) {
                prop_assert_eq!(Timestamp::parse(&shown), Some(t), "{} -> {}", text, shown);
            }
            prop_assert_eq!(text.parse::<Timestamp>().ok(), Some(t));
        } else {
            prop_assert!(text.parse::<Timestamp>().is_err());
        }
    }
}

// ---------------------------------------------------------------------------
// Path templates.
// ---------------------------------------------------------------------------

/// A template made of slashes, literal text (braces included) and `{name}`
/// placeholders, without `?` or `#` (the spec validator rejects those).
fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => Just("/".to_owned()),
        3 => "[a-z0-9._~%:@!$&'()*+,;=é-]{1,3}",
        1 => select(vec!["{", "}", "{}", "{/", "{{"]).prop_map(str::to_owned),
        3 => "\\{[A-Za-z_][A-Za-z0-9_]{0,5}\\}",
    ];
    vec(piece, 0..7).prop_map(|pieces| pieces.concat())
}

fn param_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_]{1,6}",
        ".{1,6}",
        select(vec!["/", "..", "?", "#", "%2F", "{id}", " ", "é"]).prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    /// A template that parses renders with a non-empty value (other than `.`
    /// and `..`) for each parameter, into a path with the same segments: each
    /// literal as written, each parameter one segment holding its value.
    #[test]
    fn rendered_paths_keep_the_template_shape(
        (template, values) in template().prop_flat_map(|template| {
            let names: BTreeSet<String> = PathTemplate::parse(&template)
                .map(|t| t.params().map(str::to_owned).collect())
                .unwrap_or_default();
            let count = names.len();
            (Just(template), vec(param_value(), count).prop_map(move |values| {
                names.clone().into_iter().zip(values).collect::<Vec<_>>()
            }))
        }),
    ) {
        let Ok(parsed) = PathTemplate::parse(&template) else {
            return Ok(());
        };
        let params: Vec<(&str, &str)> =
            values.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        let path = match parsed.render(&params) {
            Ok(path) => path,
            Err(PathError::DotSegment(name)) => {
                let value = params.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
                prop_assert!(matches!(value, Some("." | "..")));
                return Ok(());
            }
            Err(error) => return Err(TestCaseError::fail(format!("{template:?}: {error}"))),
        };
        let trimmed = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(&path);
        let rendered: Vec<&str> = trimmed.split('/').skip(1).filter(|_| trimmed != "/").collect();
        let segments: Vec<Segment<'_>> = parsed.segments().collect();
        prop_assert_eq!(rendered.len(), segments.len(), "{} from {}", path, template);
        for (got, segment) in rendered.iter().zip(&segments) {
            match segment {
                Segment::Literal(text) => prop_assert_eq!(got, text),
                Segment::Param(_) => prop_assert!(!got.is_empty() && !got.contains('/')),
            }
        }
    }

    /// Every Fivetran endpoint's path, rendered with any non-empty id, is
    /// matched back to that endpoint.
    #[test]
    fn endpoint_paths_match_back_to_their_endpoint(id in param_value(), lower in any::<bool>()) {
        for &endpoint in Endpoint::ALL {
            if id == "." || id == ".." {
                continue;
            }
            let template = PathTemplate::parse(endpoint.path_template()).unwrap();
            let params: Vec<(&str, &str)> = template.params().map(|name| (name, id.as_str())).collect();
            let path = endpoint.path(&params).unwrap();
            let method = if lower { endpoint.method().to_lowercase() } else { endpoint.method().to_owned() };
            prop_assert_eq!(Endpoint::match_request(&method, &path), Some(endpoint), "{}", path);
        }
    }

    /// Rendering any text with any parameters never panics, and its errors
    /// name the parameter that is missing, empty, a dot segment or unknown.
    #[test]
    fn render_path_is_total(
        template in prop_oneof![template(), ".{0,12}"],
        params in vec((prop_oneof!["[a-z]{1,2}", ".{0,3}"], ".{0,3}"), 0..3),
        path in ".{0,16}",
    ) {
        let names: Vec<&str> = PathTemplate::parse(&template)
            .map(|t| t.params().collect())
            .unwrap_or_default();
        let given: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let first = |name: &str| given.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        match render_path(&template, &given) {
            Ok(_) => {
                prop_assert!(names.iter().all(|name| first(name).is_some_and(|v| !v.is_empty())));
                prop_assert!(given.iter().all(|(name, _)| names.contains(name)));
            }
            Err(PathError::Missing(name)) => {
                prop_assert!(names.contains(&name.as_str()) && first(&name).is_none());
            }
            Err(PathError::Empty(name)) => prop_assert_eq!(first(&name), Some("")),
            Err(PathError::DotSegment(name)) => prop_assert!(matches!(first(&name), Some("." | ".."))),
            Err(PathError::Unknown(name)) => prop_assert!(!names.contains(&name.as_str())),
            Err(PathError::Template(_)) => prop_assert!(PathTemplate::parse(&template).is_err()),
            Err(other) => return Err(TestCaseError::fail(format!("unexpected {other}"))),
        }
        let _ = Endpoint::match_request("GET", &path);
    }
}

// ---------------------------------------------------------------------------
// The spec loader.
// ---------------------------------------------------------------------------

/// Lines that spec mutations insert: valid-looking entries, broken YAML, anchors.
const SPEC_LINES: &[&str] = &[
    "codes:",
    "  Foo_Bar:",
    "    statuses: [404]",
    "    statuses: []",
    "    category: not_fuond",
    "\tcategory: x",
    "  NotFound_Role:",
    "  NotFoundRole: { statuses: [404], category: not_found, description: d }",
    "  Other: { statuses: [404], category: not_found, description: d }",
    "  _: { statuses: [404], category: not_found, description: d }",
    "  \"\": { statuses: [404], category: not_found, description: d }",
    "  404: { reason: x, description: y, category: not_found }",
    "  700: { reason: x, description: y, category: not_found }",
    "  6xx: server_error",
    "    path: /v1/{x",
    "    path: /v1/{a}/{a}",
    "    method: FETCH",
    "    success: [404]",
    "    retry: maybe",
    "    poll: *sync_poll",
    "    <<: *sync_poll",
    "    endpoint: sync_connection",
    "  - prefix: NotFound",
    "  - prefix: \"\"",
    "version: 2",
    "a: &a [*a]",
    "- ",
    "  ? complex",
    "  : key",
    "x: !!binary aGk=",
    "\u{feff}",
    "    description: é€𝄞",
    "...",
    "---",
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip(Index, u8),
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    InsertLine(Index, &'static str),
    /// Replaces a byte with another character, keeping the text UTF-8.
    ReplaceChar(Index, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => (any::<Index>(), select(SPEC_LINES)).prop_map(|(at, line)| Mutation::InsertLine(at, line)),
        2 => (any::<Index>(), prop_oneof![select(vec![':', '-', ' ', '\t', '{', '[', '&', '*', '"', '\n']), any::<char>()])
            .prop_map(|(at, c)| Mutation::ReplaceChar(at, c)),
    ]
}

fn apply(source: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = source.to_vec();
    for mutation in mutations {
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        match mutation {
            Mutation::Flip(at, byte) if !bytes.is_empty() => {
                let i = at.index(bytes.len());
                bytes[i] = *byte;
                continue;
            }
            Mutation::Truncate(at) => {
                bytes.truncate(at.index(bytes.len() + 1));
                continue;
            }
            Mutation::ReplaceChar(at, c) if !bytes.is_empty() => {
                let i = at.index(bytes.len());
                let mut buf = [0u8; 4];
                bytes.splice(i..i + 1, c.encode_utf8(&mut buf).bytes());
                continue;
            }
            Mutation::Flip(..) | Mutation::ReplaceChar(..) => continue,
            Mutation::DeleteLine(at) => {
                lines.remove(at.index(lines.len()));
            }
            Mutation::DuplicateLine(at) => {
                let i = at.index(lines.len());
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Mutation::InsertLine(at, line) => {
                let i = at.index(lines.len() + 1);
                lines.insert(i, line.as_bytes().to_vec());
            }
        }
        bytes = lines.join(&b'\n');
    }
    bytes
}

fn bad_specs() -> Vec<(PathBuf, Vec<u8>)> {
    files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/bad_specs"))
}

proptest! {
    #![proptest_config(config(256))]

    /// Arbitrary bytes never make the loader panic; an error carries
    /// diagnostics located inside the source it renders, and rendering works.
    #[test]
    fn spec_loader_is_total_on_arbitrary_bytes(
        bytes in prop_oneof![
            vec(any::<u8>(), 0..200),
            ".{0,200}".prop_map(String::into_bytes),
            "([a-z_]{1,8}: ?[a-z0-9\\[\\]{}]{0,6}\n {0,4}){0,8}".prop_map(String::into_bytes),
        ],
    ) {
        fuzz_targets::check_spec(&bytes, true);
    }

    /// Mutated copies of the Fivetran spec (byte flips, truncation, deleted,
    /// duplicated, swapped and inserted lines) never make the loader or the
    /// generator panic, and every error is located and renders.
    #[test]
    fn spec_loader_survives_mutated_specs(mutations in vec(mutation(), 1..4)) {
        let bytes = apply(FIVETRAN_SPEC, &mutations);
        fuzz_targets::check_spec(&bytes, false);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// As above, generating code for the mutants that stay valid (the costly part).
    #[test]
    fn mutated_specs_that_load_also_generate(mutations in vec(mutation(), 1..3)) {
        let bytes = apply(FIVETRAN_SPEC, &mutations);
        fuzz_targets::check_spec(&bytes, true);
    }

    /// Mutated copies of the bad specs in `tests/bad_specs/`.
    #[test]
    fn spec_loader_survives_mutated_bad_specs(
        which in any::<Index>(),
        mutations in vec(mutation(), 0..4),
    ) {
        let specs = bad_specs();
        let (_, source) = &specs[which.index(specs.len())];
        fuzz_targets::check_spec(&apply(source, &mutations), true);
    }
}

#[test]
fn the_unmutated_specs_behave() {
    assert!(fuzz_targets::check_spec(FIVETRAN_SPEC, true).is_none());
    for (path, source) in bad_specs() {
        let errors = fuzz_targets::check_spec(&source, true);
        assert!(errors.is_some(), "{} should be rejected", path.display());
    }
}

// ---------------------------------------------------------------------------
// The fuzz targets, CI-sized: seed corpus, regressions and random input.
// ---------------------------------------------------------------------------

fn files_in(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

fn replay(dir: &str, target: fn(&[u8])) -> usize {
    let files = files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir));
    for (path, bytes) in &files {
        let outcome = std::panic::catch_unwind(|| target(bytes));
        assert!(outcome.is_ok(), "{} fails its fuzz target", path.display());
    }
    files.len()
}

#[test]
fn fuzz_seed_corpus_replays() {
    assert!(replay("fuzz/corpus/spec_loader", fuzz_targets::spec_loader) >= 5);
    assert!(replay("fuzz/corpus/classify", fuzz_targets::classify) >= 5);
}

#[test]
fn fuzz_regressions_replay() {
    replay(
        "tests/fuzz_regressions/spec_loader",
        fuzz_targets::spec_loader,
    );
    replay("tests/fuzz_regressions/classify", fuzz_targets::classify);
}

proptest! {
    #![proptest_config(config(256))]

    /// The targets on random bytes, and on structured responses written in
    /// their input format (which `split` reads back exactly).
    #[test]
    fn fuzz_targets_take_any_input(
        bytes in vec(any::<u8>(), 0..96),
        status in status(),
        settings in any::<u8>(),
        header_lines in vec(("[A-Za-z-]{0,8}", "[^\n]{0,12}"), 0..3),
        body in body(),
        request in request(),
        baseline in connection_body(),
    ) {
        fuzz_targets::classify(&bytes);
        fuzz_targets::spec_loader(&bytes);

        let input = ResponseInput {
            status,
            settings,
            headers: Headers::from(header_lines),
            body: body.bytes(),
            request,
            baseline,
        };
        let written = input.to_bytes();
        // Bodies of arbitrary bytes may hold the separator; all else is text.
        if !input.body.contains(&0xFF) && !input.request.contains(&0xFF) {
            prop_assert_eq!(ResponseInput::split(&written), input);
        }
        fuzz_targets::classify(&written);
    }
}

// ---------------------------------------------------------------------------
// Bugs found by these properties and by fuzzing, fixed; kept as regressions.
// (The fuzz inputs live in `tests/fuzz_regressions/classify/`.)
// ---------------------------------------------------------------------------

fn running_connection() -> Vec<u8> {
    br#"{"data":{"succeeded_at":null,"failed_at":null,"status":{"sync_state":"syncing"}}}"#.to_vec()
}

/// With `min_delay` zero every backoff was zero, so `waited()` never grew and a
/// sync that never ends was polled in a busy loop forever. Delays are now at
/// least `errspec::MIN_BACKOFF` between polls.
#[test]
fn a_zero_min_delay_still_times_out() {
    let config = PollConfig::seeded(7)
        .min_delay(Duration::ZERO)
        .max_delay(Duration::from_secs(60))
        .max_wait(Duration::from_secs(1));
    let plan = fuzz_targets::poll_plan(Endpoint::SyncConnection);
    let mut poller = errspec_fivetran::Poller::new(plan, Baseline::default(), config);
    let body = running_connection();
    let ended = (0..10_000).any(|_| {
        matches!(
            poller.observe_at(200, Headers::new(), &body, fuzz_targets::fixed_now()),
            errspec::PollStep::Done(_)
        )
    });
    assert!(
        ended,
        "still polling after 10 000 zero delays, waited {:?}",
        poller.waited()
    );
}

/// `first_delay()` added `min_delay` without looking at `max_wait`, so with
/// `max_wait < min_delay` the poller waited past its deadline.
#[test]
fn first_delay_never_passes_max_wait() {
    let config = PollConfig::seeded(7)
        .min_delay(Duration::from_secs(2))
        .max_delay(Duration::from_secs(8))
        .max_wait(Duration::from_secs(1));
    let plan = fuzz_targets::poll_plan(Endpoint::SyncConnection);
    let mut poller = errspec_fivetran::Poller::new(plan, Baseline::default(), config);
    poller.first_delay();
    assert!(
        poller.waited() <= config.max_wait,
        "waited {:?}",
        poller.waited()
    );
}
