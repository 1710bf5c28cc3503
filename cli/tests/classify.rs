//! `errspec classify`: the JSON report and the exit status for each outcome.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod support;
use support::workspace;

const SPEC: &str = "spec/fivetran.yaml";

/// Runs `errspec classify` with `body` on standard input: exit code, stdout, stderr.
fn run(args: &[&str], body: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errspec"))
        .current_dir(workspace())
        .args(["classify", "--spec", SPEC])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run errspec");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    (
        status.code(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

/// Runs `errspec classify` and parses its report.
fn classify(args: &[&str], body: &str) -> (Option<i32>, Value, String) {
    let (status, stdout, stderr) = run(args, body);
    (
        status,
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stderr,
    )
}

#[test]
fn an_error_body_reports_code_category_and_retry_after() {
    let (status, report, _) = classify(
        &[
            "--endpoint",
            "GET /v1/connections/abc",
            "--status",
            "429",
            "--header",
            "Retry-After: 30",
        ],
        r#"{"code":"TooManyRequests","message":"slow down"}"#,
    );
    assert_eq!(status, Some(7));
    assert_eq!(report["outcome"], "error");
    assert_eq!(report["code"], "TooManyRequests");
    assert_eq!(report["known_code"], true);
    assert_eq!(report["category"], "rate_limiting");
    assert_eq!(report["retryable"], true);
    assert_eq!(report["retry_after_secs"], 30);
    assert_eq!(report["message"], "slow down");
    assert_eq!(report["status"], 429);
}

#[test]
fn an_unknown_code_is_kept_with_its_family_category() {
    let (status, report, _) = classify(
        &["--endpoint", "GET /v1/connections/abc", "--status", "404"],
        r#"{"code":"NotFound_Widget","message":"gone"}"#,
    );
    assert_eq!(status, Some(7));
    assert_eq!(report["code"], "NotFound_Widget");
    assert_eq!(report["known_code"], false);
    assert_eq!(report["category"], "not_found");
    assert_eq!(report["retryable"], false);
}

#[test]
fn each_outcome_has_its_exit_status() {
    let test = "POST /v1/connections/abc/test";
    let cases = [
        (
            test,
            "200",
            r#"{"data":{"setup_tests":[{"status":"PASSED"}]}}"#,
            0,
            "completed",
        ),
        (
            test,
            "200",
            r#"{"data":{"setup_tests":[{"status":"WARNING"}]}}"#,
            3,
            "completed_with_issues",
        ),
        (
            test,
            "200",
            r#"{"data":{"setup_tests":[{"status":"JOB_FAILED"}]}}"#,
            4,
            "failed",
        ),
        (
            "POST /v1/connections/abc/sync",
            "200",
            r#"{"code":"Success"}"#,
            5,
            "pending",
        ),
        (
            "PATCH /v1/connections/abc/schemas",
            "200",
            "{}",
            6,
            "deferred",
        ),
        (
            "GET /v1/connections/abc",
            "502",
            "<html>Bad Gateway</html>",
            7,
            "error",
        ),
    ];
    for (endpoint, status, body, exit, outcome) in cases {
        let (code, report, stderr) = classify(&["--endpoint", endpoint, "--status", status], body);
        assert_eq!(code, Some(exit), "{endpoint} {status}: {stderr}");
        assert_eq!(report["outcome"], outcome, "{endpoint} {status}");
    }
}

#[test]
fn a_pending_sync_names_the_endpoint_to_poll() {
    let (_, report, _) = classify(
        &[
            "--endpoint",
            "POST /v1/connections/{connectionId}/sync",
            "--status",
            "200",
        ],
        "",
    );
    assert_eq!(report["poll"]["endpoint"], "get_connection");
    assert_eq!(report["poll"]["method"], "GET");
    assert_eq!(report["poll"]["succeeded_at"], "data.succeeded_at");
}

#[test]
fn a_failed_setup_test_is_reported_whole() {
    let body = r#"{"data":{"setup_tests":[
        {"title":"Connect","status":"PASSED","message":""},
        {"title":"Slot","status":"FAILED","message":"no slot","details":["a","b"]}]}}"#;
    let (status, report, _) = classify(
        &["--endpoint", "POST /v1/connections", "--status", "201"],
        body,
    );
    assert_eq!(status, Some(4));
    let issues = report["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["index"], 1);
    assert_eq!(issues[0]["verdict"], "fail");
    assert_eq!(issues[0]["item"]["title"], "Slot");
    assert_eq!(issues[0]["item"]["details"][1], "b");
}

#[test]
fn a_request_without_the_flag_skips_the_setup_test_check() {
    let dir = std::env::temp_dir().join(format!("errspec-classify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let request = dir.join("request.json");
    std::fs::write(&request, r#"{"service":"postgres"}"#).unwrap();
    let body = r#"{"data":{"setup_tests":[{"status":"FAILED"}]}}"#;
    let args = [
        "--endpoint",
        "POST /v1/connections",
        "--status",
        "201",
        "--request-file",
        request.to_str().unwrap(),
    ];
    let (status, report, _) = classify(&args, body);
    assert_eq!(
        (status, &report["outcome"]),
        (Some(0), &Value::from("completed"))
    );
    std::fs::write(&request, r#"{"run_setup_tests":true}"#).unwrap();
    let (status, _, _) = classify(&args, body);
    assert_eq!(status, Some(4));
}

#[test]
fn poll_mode_judges_against_the_baseline() {
    let dir = std::env::temp_dir().join(format!("errspec-poll-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let baseline = dir.join("baseline.json");
    std::fs::write(
        &baseline,
        r#"{"data":{"paused":false,"succeeded_at":"2024-03-11T08:13:02.112Z","failed_at":null,"status":{"sync_state":"scheduled"}}}"#,
    )
    .unwrap();
    let base = [
        "--endpoint",
        "POST /v1/connections/abc/sync",
        "--status",
        "200",
        "--poll",
        "--baseline",
        baseline.to_str().unwrap(),
    ];
    let running = r#"{"data":{"succeeded_at":"2024-03-11T08:13:02.112Z","failed_at":null,"status":{"sync_state":"syncing"}}}"#;
    let (status, report, _) = classify(&base, running);
    assert_eq!(status, Some(5));
    assert_eq!(report["state"], "syncing");
    assert_eq!(report["poll"]["endpoint"], "get_connection");
    let done = r#"{"data":{"succeeded_at":"2024-03-11T09:00:00.000001Z","failed_at":null,"status":{"sync_state":"scheduled"}}}"#;
    let (status, report, _) = classify(&base, done);
    assert_eq!(status, Some(0));
    assert_eq!(report["at"], "2024-03-11T09:00:00.000001Z");
}

/// A request the spec lists no endpoint for is classified API-wide, with a
/// note naming the closest endpoints; without `--endpoint` too.
#[test]
fn unlisted_requests_are_classified_by_the_api_wide_contract() {
    let body = r#"{"code":"NotFound_User","message":"No user x"}"#;
    let (status, report, stderr) =
        classify(&["--endpoint", "PUT /v1/users/x", "--status", "404"], body);
    assert_eq!(status, Some(7));
    assert_eq!(report["endpoint"], serde_json::Value::Null);
    assert_eq!(report["code"], "NotFound_User");
    assert_eq!(report["category"], "not_found");
    assert!(
        stderr.contains("no endpoint of the spec matches `PUT /v1/users/x`"),
        "{stderr}"
    );
    let (status, report, _) = classify(&["--endpoint", "GET /v1/users/x", "--status", "404"], body);
    assert_eq!(status, Some(7));
    assert_eq!(report["endpoint"], "user_details");
    let (status, report, stderr) = classify(&["--status", "204"], "");
    assert_eq!(
        (status, report["outcome"].as_str()),
        (Some(0), Some("completed"))
    );
    assert!(stderr.is_empty(), "{stderr}");
    // Polling needs the endpoint that started the operation.
    let baseline = std::env::temp_dir().join(format!("errspec-b-{}.json", std::process::id()));
    std::fs::write(&baseline, "{}").unwrap();
    let args = [
        "--status",
        "200",
        "--poll",
        "--baseline",
        baseline.to_str().unwrap(),
    ];
    let (status, _, stderr) = classify(&args, "{}");
    assert_eq!(status, Some(2));
    assert!(stderr.contains("--poll needs --endpoint"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let (status, _, stderr) = classify(&["--endpoint", "PUT /v1/users/x", "--status", "200"], "");
    assert_eq!(status, Some(0));
    // The closest endpoints are suggested, not all 168.
    assert!(stderr.contains("GET /v1/users/{userId}"), "{stderr}");
    assert!(
        !stderr.contains("GET /v1/connections/{connectionId}"),
        "{stderr}"
    );
    let (status, _, stderr) = classify(
        &[
            "--endpoint",
            "GET /v1/connections/x",
            "--status",
            "200",
            "--header",
            "broken",
        ],
        "",
    );
    assert_eq!(status, Some(2));
    assert!(stderr.contains("is not \"Name: value\""), "{stderr}");
}

#[test]
fn headers_come_from_a_curl_dump_and_get_prints_one_field() {
    let dir = std::env::temp_dir().join(format!("errspec-headers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dump = dir.join("headers.txt");
    std::fs::write(
        &dump,
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nretry-after: 12\r\n\r\n",
    )
    .unwrap();
    let body = r#"{"code":"TooManyRequests","message":"slow"}"#;
    let args = |field: &'static str| {
        vec![
            "--endpoint".to_owned(),
            "GET /v1/connections/x".to_owned(),
            "--status".to_owned(),
            "429".to_owned(),
            "--headers-file".to_owned(),
            dump.to_str().unwrap().to_owned(),
            "--get".to_owned(),
            field.to_owned(),
        ]
    };
    for (field, printed) in [
        ("retry_after_secs", "12"),
        ("code", "TooManyRequests"),
        ("poll", ""),
    ] {
        let args = args(field);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (status, stdout, stderr) = run(&args, body);
        assert_eq!(status, Some(7), "{stderr}");
        assert_eq!(stdout, format!("{printed}\n"), "--get {field}");
    }
    let (status, _, stderr) = run(
        &[
            "--endpoint",
            "GET /v1/connections/x",
            "--status",
            "200",
            "--get",
            "nope",
        ],
        "",
    );
    assert_eq!(status, Some(2));
    assert!(stderr.contains("no field `nope`"), "{stderr}");
}

/// The CLI, loading the spec at run time, reports exactly what the compiled
/// Fivetran crate reports for every classification fixture (its snapshots).
#[test]
fn the_cli_agrees_with_the_compiled_crate_on_every_fixture() {
    let fixtures = workspace().join("tests/classify");
    let dir = std::env::temp_dir().join(format!("errspec-agree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let fixture: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let snapshot = workspace().join(format!(
            "tests/snapshots/classify__classify_each_fixture@{name}.snap"
        ));
        let snapshot = std::fs::read_to_string(&snapshot).unwrap();
        // An insta snapshot: a metadata block between `---` lines, then the value.
        let pinned: Value =
            serde_json::from_str(snapshot.splitn(3, "---\n").nth(2).unwrap()).unwrap();

        let write = |suffix: &str, bytes: Vec<u8>| {
            let file = dir.join(format!("{name}.{suffix}"));
            std::fs::write(&file, bytes).unwrap();
            file.to_str().unwrap().to_owned()
        };
        let body = support::fixture_body(&fixture);
        let mut args = support::fixture_args(&fixture, &write("body", body));
        if let Some(request) = fixture.get("request") {
            args.push("--request-file".to_owned());
            args.push(write("request", serde_json::to_vec(request).unwrap()));
        }
        if let Some(baseline) = fixture.get("baseline") {
            args.push("--poll".to_owned());
            args.push("--baseline".to_owned());
            args.push(write("baseline", serde_json::to_vec(baseline).unwrap()));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, report, stderr) = classify(&args, "");
        assert_eq!(report, pinned["report"], "{name}: {stderr}");
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} fixtures found");
}
