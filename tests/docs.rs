//! The checked-in Markdown reference `docs/fivetran.md` carries every fact of
//! the seed's tables, one row per spec entry. (Its freshness is checked in
//! `tests/checked_in.rs`; Markdown of other specs is tested in errspec-codegen.)

use std::path::{Path, PathBuf};

const SPEC: &str = "spec/fivetran.yaml";
const CHECKED_IN: &str = "docs/fivetran.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[path = "../codegen/tests/codegen/markdown.rs"]
mod markdown;
use markdown::{assert_one_row_per_entry, table, tables};

#[path = "support/seed_rows.rs"]
mod seed_rows;
use seed_rows::{CODE_ROWS, STATUS_ROWS};

/// (method and path, the 2xx it answers with, what the confirmation cell must
/// say) for every row of the seed's success-behaviour table, in its order: what
/// the 2xx means (created / only triggered / scheduled while paused / tests may
/// fail or be skipped / column drops later) and how to confirm the outcome.
const ENDPOINT_ROWS: &[(&str, u16, &[&str])] = &[
    (
        "POST /v1/connections",
        201,
        &[
            "Checks `data.setup_tests[].status` of each item",
            "fail: `FAILED`",
            "degrade (completes with issues): `SKIPPED`",
            "Only when the request sets `run_setup_tests` to `true`.",
        ],
    ),
    (
        "POST /v1/connections/{connectionId}/sync",
        200,
        &[
            "Triggers only: polls `GET /v1/connections/{connectionId}`",
            "State while running: `data.status.sync_state`.",
        ],
    ),
    (
        "POST /v1/connections/{connectionId}/resync",
        200,
        &[
            "Triggers only: polls `GET /v1/connections/{connectionId}`",
            "State while running: `data.status.sync_state`.",
            "Deferred when `data.paused` is `true` (until the connection is re-enabled)",
        ],
    ),
    (
        "POST /v1/connections/{connectionId}/test",
        200,
        &[
            "Checks `data.setup_tests[].status` of each item",
            "fail: `FAILED`",
            "degrade (completes with issues): `SKIPPED`",
        ],
    ),
    (
        "PATCH /v1/connections/{connectionId}/schemas",
        200,
        &[
            "**Deferred effect:** Column drops",
            "**Until:** the next sync completes",
            "**Verify:** after the next sync completes",
        ],
    ),
];

fn checked_in() -> String {
    std::fs::read_to_string(root().join(CHECKED_IN))
        .unwrap_or_else(|error| panic!("{CHECKED_IN}: {error}"))
}

#[test]
fn every_seed_status_is_a_row_of_the_statuses_table() {
    let tables = tables(&checked_in());
    let statuses = table(&tables, "Statuses", "Status");
    assert_eq!(
        statuses.header,
        ["Status", "Reason", "Category", "Description"]
    );
    assert_eq!(statuses.rows.len(), STATUS_ROWS.len());
    for (&(status, reason), row) in STATUS_ROWS.iter().zip(&statuses.rows) {
        assert_eq!(row[0], status.to_string());
        assert_eq!(row[1], reason, "{status}");
        assert!(!row[2].is_empty() && !row[3].is_empty(), "{row:?}");
    }
    let classes = table(&tables, "Statuses", "Class");
    let classes: Vec<[&str; 2]> = classes
        .rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str()])
        .collect();
    assert_eq!(
        classes,
        [
            ["2xx", "Success"],
            ["4xx", "Validation"],
            ["5xx", "Server error"]
        ]
    );
}

#[test]
fn every_seed_code_is_a_row_of_the_codes_table() {
    let tables = tables(&checked_in());
    let codes = table(&tables, "Codes", "Code");
    assert_eq!(
        codes.header,
        ["Code", "Statuses", "Category", "Description"]
    );
    // The spec lists more codes than the seed's table; the table's rows are
    // all there, in the table's order.
    let from_table: Vec<&Vec<String>> = codes
        .rows
        .iter()
        .filter(|row| {
            CODE_ROWS
                .iter()
                .any(|(value, ..)| row[0] == format!("`{value}`"))
        })
        .collect();
    assert_eq!(from_table.len(), CODE_ROWS.len());
    for (&(value, statuses, category), row) in CODE_ROWS.iter().zip(from_table) {
        let numbers: Vec<String> = statuses.iter().map(u16::to_string).collect();
        assert_eq!(row[0], format!("`{value}`"));
        assert_eq!(row[1], numbers.join(", "), "{value}");
        assert_eq!(row[2], category, "{value}");
        assert!(!row[3].is_empty(), "{value} has no description");
    }
    // Each category a code names is a row of the categories table, with its policy.
    let categories = table(&tables, "Categories", "Key");
    let policy = |name: &str| {
        let row = categories.rows.iter().find(|r| r[1] == name);
        row.unwrap_or_else(|| panic!("category {name} missing"))[2].clone()
    };
    assert_eq!(policy("Rate limiting"), "after the `Retry-After` delay");
    assert_eq!(policy("Server error"), "with backoff");
    assert_eq!(policy("Validation"), "never");
    let families = table(&tables, "Families", "Prefix");
    assert_eq!(families.rows[0][..2], ["`NotFound_`", "Not found"]);
}

#[test]
fn every_seed_endpoint_says_what_its_2xx_means_and_how_to_confirm() {
    let tables = tables(&checked_in());
    let endpoints = table(&tables, "Endpoints", "Endpoint");
    assert_eq!(
        endpoints.header,
        [
            "Endpoint",
            "Key",
            "Success",
            "What a success means",
            "How the outcome is confirmed"
        ]
    );
    for &(endpoint, status, confirm) in ENDPOINT_ROWS {
        let row = endpoints
            .rows
            .iter()
            .find(|r| r[0] == format!("`{endpoint}`"))
            .unwrap_or_else(|| panic!("{endpoint} is not in the endpoints table"));
        assert_eq!(row[2], status.to_string(), "{endpoint}");
        assert!(!row[3].is_empty(), "{endpoint}: no description");
        for fact in confirm {
            assert!(
                row[4].contains(fact),
                "{endpoint}: {fact:?} not in {:?}",
                row[4]
            );
        }
    }
}

fn seed_text() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/fivetran-api-response-codes.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("note: {} not present; cross-check skipped", path.display());
            None
        }
    }
}

/// When the seed reference is present, the three fact lists above are its tables.
#[test]
fn the_fact_lists_match_the_seed_reference() {
    let Some(text) = seed_text() else { return };
    let mut statuses = Vec::new();
    let mut codes = Vec::new();
    let mut endpoints = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        match cells.as_slice() {
            [head, _, ""] => {
                if let Some((number, reason)) = head.split_once(' ') {
                    if let Ok(number) = number.parse::<u16>() {
                        statuses.push((number, reason));
                    }
                }
            }
            [endpoint, means, _, ""] => {
                let is_request = ["GET ", "POST ", "PATCH ", "PUT ", "DELETE "]
                    .iter()
                    .any(|method| endpoint.starts_with(method));
                if is_request {
                    let status = means
                        .split_once('(')
                        .and_then(|(_, rest)| rest.split_once(')'))
                        .and_then(|(number, _)| number.parse::<u16>().ok())
                        .unwrap_or_else(|| panic!("no status in {means:?}"));
                    endpoints.push((*endpoint, status));
                }
            }
            [value, numbers, category, _, ""] => {
                let parsed: Result<Vec<u16>, _> = numbers
                    .split(',')
                    .map(|n| n.trim().parse::<u16>())
                    .collect();
                if let Ok(parsed) = parsed {
                    codes.push((*value, parsed, *category));
                }
            }
            _ => {}
        }
    }
    assert_eq!(statuses, STATUS_ROWS);
    let ours: Vec<(&str, Vec<u16>, &str)> = CODE_ROWS
        .iter()
        .map(|&(value, statuses, category)| (value, statuses.to_vec(), category))
        .collect();
    assert_eq!(codes, ours);
    let ours: Vec<(&str, u16)> = ENDPOINT_ROWS.iter().map(|&(e, s, _)| (e, s)).collect();
    assert_eq!(endpoints, ours);
}

#[test]
fn the_reference_gives_one_table_row_per_entry() {
    let bytes = std::fs::read(root().join(SPEC)).expect("read the spec");
    let spec =
        errspec_codegen::parse_spec(&bytes, SPEC).unwrap_or_else(|errors| panic!("{errors}"));
    assert_one_row_per_entry(&spec, SPEC);
}
