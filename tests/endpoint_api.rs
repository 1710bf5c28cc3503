//! The generated `Endpoint` API: every row of the seed's success-behaviour table
//! is an endpoint with the right method, path, success statuses and follow-up.

use errspec::{Confirm, Headers};
use errspec_fivetran::{ApiError, Category, Code, Endpoint, Outcome};

/// (method, template, success statuses, what a success means) per seed row,
/// plus the poll target.
const ROWS: &[(&str, &str, &[u16], &str)] = &[
    ("POST", "/v1/connections", &[201], "items"),
    (
        "POST",
        "/v1/connections/{connectionId}/sync",
        &[200],
        "poll",
    ),
    (
        "POST",
        "/v1/connections/{connectionId}/resync",
        &[200],
        "poll",
    ),
    (
        "POST",
        "/v1/connections/{connectionId}/test",
        &[200],
        "items",
    ),
    (
        "PATCH",
        "/v1/connections/{connectionId}/schemas",
        &[200],
        "deferred",
    ),
    ("GET", "/v1/connections/{connectionId}", &[200], "done"),
];

/// One endpoint per operation of Fivetran's OpenAPI definition (README,
/// "Importing an OpenAPI definition").
const OPERATIONS: usize = 168;

#[test]
fn every_seed_row_is_an_endpoint() {
    assert_eq!(Endpoint::ALL.len(), OPERATIONS);
    for &(method, template, success, confirm) in ROWS {
        let endpoint = Endpoint::match_request(method, template)
            .unwrap_or_else(|| panic!("{method} {template} is not an endpoint"));
        assert_eq!(endpoint.method(), method);
        assert_eq!(endpoint.path_template(), template);
        assert_eq!(endpoint.success_statuses(), success);
        let kind = match endpoint.rules().confirm {
            Confirm::Done => "done",
            Confirm::Items(_) => "items",
            Confirm::Poll(_) => "poll",
            Confirm::DeferredEffect(_) => "deferred",
        };
        assert_eq!(kind, confirm, "{method} {template}");
        assert!(!endpoint.description().is_empty());
        assert_eq!(Endpoint::from_key(endpoint.key()), Some(endpoint));
    }
}

#[test]
fn syncs_and_resyncs_poll_the_connection() {
    for endpoint in [
        Endpoint::SyncConnection,
        Endpoint::ResyncConnection,
        Endpoint::ResyncTables,
    ] {
        assert_eq!(endpoint.poll_target(), Some(Endpoint::GetConnection));
    }
    assert_eq!(Endpoint::GetConnection.poll_target(), None);
    // A table re-sync shares the whole re-sync's rule, paused connections included.
    assert_eq!(
        Endpoint::ResyncTables.rules().confirm,
        Endpoint::ResyncConnection.rules().confirm
    );
}

#[test]
fn the_other_operations_confirm_in_the_known_ways() {
    let kind = |endpoint: Endpoint| match endpoint.rules().confirm {
        Confirm::Done => "done",
        Confirm::Items(_) => "items",
        Confirm::Poll(_) => "poll",
        Confirm::DeferredEffect(_) => "deferred",
    };
    for endpoint in [
        Endpoint::ModifyConnection,
        Endpoint::CreateDestination,
        Endpoint::ModifyDestination,
        Endpoint::RunDestinationSetupTests,
        Endpoint::RunSetupTestsLogService,
        Endpoint::TestTransformationProject,
    ] {
        assert_eq!(kind(endpoint), "items", "{endpoint:?}");
    }
    for endpoint in [
        Endpoint::DeleteMultipleColumnsConnectionConfig,
        Endpoint::DeleteColumnConnectionConfig,
    ] {
        assert_eq!(kind(endpoint), "deferred", "{endpoint:?}");
    }
    let with_rules = Endpoint::ALL.iter().filter(|e| kind(**e) != "done").count();
    // Five of the seed's endpoints (reading a connection has no rule), and
    // the nine above.
    assert_eq!(with_rules, 5 + 9);
}

#[test]
fn concrete_paths_find_their_endpoint() {
    let cases = [
        (
            "POST",
            "/v1/connections/abc123/sync",
            Some(Endpoint::SyncConnection),
        ),
        (
            "post",
            "/v1/connections/abc123/resync/",
            Some(Endpoint::ResyncConnection),
        ),
        (
            "GET",
            "/v1/connections/abc123?x=1",
            Some(Endpoint::GetConnection),
        ),
        ("POST", "/v1/connections", Some(Endpoint::CreateConnection)),
        ("GET", "/v1/connections", Some(Endpoint::ListConnections)),
        (
            "DELETE",
            "/v1/connections/abc123",
            Some(Endpoint::DeleteConnection),
        ),
        ("PUT", "/v1/connections/abc123", None),
        // A literal segment and a parameter at the same place.
        (
            "GET",
            "/v1/external-logging/account",
            Some(Endpoint::GetAccountLogServiceDetails),
        ),
        (
            "GET",
            "/v1/external-logging/log_1",
            Some(Endpoint::GetLogServiceDetails),
        ),
        (
            "GET",
            "/v1/connections/abc123/schemas/s/tables/t/columns",
            Some(Endpoint::ConnectionColumnConfig),
        ),
        ("POST", "/v1/connections/abc123/sync/extra", None),
        ("POST", "/v1/connections//sync", None),
    ];
    for (method, path, expected) in cases {
        assert_eq!(
            Endpoint::match_request(method, path),
            expected,
            "{method} {path}"
        );
    }
}

#[test]
fn paths_percent_encode_parameters() {
    assert_eq!(
        Endpoint::SyncConnection
            .path(&[("connectionId", "abc123")])
            .unwrap(),
        "/v1/connections/abc123/sync"
    );
    assert_eq!(
        Endpoint::GetConnection
            .path(&[("connectionId", "a/b c?")])
            .unwrap(),
        "/v1/connections/a%2Fb%20c%3F"
    );
    assert!(Endpoint::GetConnection.path(&[]).is_err());
    assert!(Endpoint::GetConnection
        .path(&[("connectionId", "x"), ("other", "y")])
        .is_err());
}

#[test]
fn the_setup_test_check_follows_the_request_flag() {
    let body = br#"{"code":"Success","data":{"setup_tests":[{"title":"T","status":"FAILED","message":"m"}]}}"#;
    let classify = |request: &[u8]| {
        Endpoint::CreateConnection
            .classify_with_request(request, 201, Headers::new(), body.to_vec())
            .unwrap()
    };
    assert_eq!(
        classify(br#"{"run_setup_tests":false}"#),
        Outcome::Completed
    );
    assert_eq!(classify(b"{}"), Outcome::Completed);
    match classify(br#"{"run_setup_tests":true}"#) {
        Outcome::Failed(issues) => {
            assert_eq!(issues[0].text("title"), Some("T"));
            assert_eq!(issues[0].text("message"), Some("m"));
            assert_eq!(issues[0].value.as_deref(), Some("FAILED"));
        }
        other => panic!("{other:?}"),
    }
    // Without the request, the items are checked whenever they are present.
    assert!(matches!(
        Endpoint::CreateConnection.classify(201, Headers::new(), body.to_vec()),
        Ok(Outcome::Failed(_))
    ));
}

#[test]
fn a_schema_change_is_deferred_to_the_next_sync() {
    match Endpoint::ModifyConnectionSchema.classify(200, Headers::new(), Vec::new()) {
        Ok(Outcome::Deferred(deferral)) => {
            assert_eq!(deferral.until, Some("the next sync completes"));
            assert!(deferral
                .verify
                .is_some_and(|v| v.contains("dropped columns")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn error_responses_become_api_errors() {
    let error = Endpoint::SyncConnection
        .classify(
            409,
            Headers::new(),
            br#"{"code":"AlreadyInSync","message":"busy"}"#.to_vec(),
        )
        .unwrap_err();
    assert_eq!(error.code(), Some(&Code::AlreadyInSync));
    assert_eq!(error.category(), Some(Category::Conflict));
    assert_eq!(error.code_matches_status(), Some(true));
    assert_eq!(error.to_string(), "HTTP 409 AlreadyInSync: busy");

    let wrong_status = ApiError::from_response(
        500,
        Headers::new(),
        br#"{"code":"NotFound_Connector"}"#.to_vec(),
    );
    assert_eq!(wrong_status.code_matches_status(), Some(false));
    assert_eq!(
        wrong_status.category(),
        Some(Category::NotFound),
        "the code is more specific"
    );

    let proxy = ApiError::from_response(
        502,
        Headers::new().with("Content-Type", "text/html"),
        b"<html><h1>502 Bad Gateway</h1></html>".to_vec(),
    );
    assert_eq!(proxy.code(), None);
    assert_eq!(proxy.category(), Some(Category::ServerError));
    assert!(proxy.is_retryable());
    assert_eq!(
        proxy.body_text(),
        Some("<html><h1>502 Bad Gateway</h1></html>")
    );
    assert_eq!(proxy.headers().get("content-type"), Some("text/html"));
}

/// `Api::classify` takes any request: a listed endpoint's rules decide when the
/// method and path match one, and the API-wide contract otherwise.
#[test]
fn any_request_is_classified_by_the_endpoint_when_listed_else_api_wide() {
    use errspec_fivetran::Api;

    let (endpoint, result) = Api::classify(
        "POST",
        "/v1/connections/abc123/sync",
        200,
        Headers::new(),
        r#"{"code":"Success"}"#,
    );
    assert_eq!(endpoint, Some(Endpoint::SyncConnection));
    assert_eq!(result.unwrap().kind(), "pending");

    // Not an endpoint of the spec: a 2xx is completed, whatever the body says.
    let (endpoint, result) = Api::classify("GET", "/v2/reports/r1", 200, Headers::new(), "{}");
    assert_eq!(endpoint, None);
    assert_eq!(result.unwrap(), Outcome::Completed);

    // An error of an unlisted endpoint keeps its code and category.
    let body = r#"{"code":"NotFound_Report","message":"No report r1"}"#;
    let (endpoint, result) = Api::classify("GET", "/v2/reports/r1", 404, Headers::new(), body);
    assert_eq!(endpoint, None);
    let error = result.unwrap_err();
    assert_eq!(error.code().map(Code::as_str), Some("NotFound_Report"));
    assert_eq!(error.category(), Some(Category::NotFound));
    assert_eq!(error.message(), Some("No report r1"));

    // A 429 anywhere is rate limiting, with its Retry-After.
    let mut headers = Headers::new();
    headers.push("Retry-After", "5");
    let (_, result) = Api::classify("GET", "/v2/reports", 429, headers, "");
    let error = result.unwrap_err();
    assert_eq!(error.category(), Some(Category::RateLimiting));
    assert!(error.is_retryable());
    let asked = error
        .retry_after()
        .map(|after| after.delay_from(std::time::SystemTime::now()));
    assert_eq!(asked, Some(std::time::Duration::from_secs(5)));
}
