//! `errspec docs`: the checked-in `docs/fivetran.md` is what the spec gives now,
//! its tables carry every fact of the seed's tables, and the Markdown of other
//! specs (one built to break escaping) is pinned by snapshots.

use std::path::{Path, PathBuf};

const SPEC: &str = "spec/fivetran.yaml";
const CHECKED_IN: &str = "docs/fivetran.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(relative: &str) -> errspec_codegen::Spec {
    let bytes = std::fs::read(root().join(relative)).expect("read the spec");
    errspec_codegen::parse_spec(&bytes, relative).unwrap_or_else(|errors| panic!("{errors}"))
}

fn markdown(relative: &str) -> String {
    errspec_codegen::docs::markdown(&load(relative), relative)
}

/// Fails with the command to run when the checked-in reference is stale. With
/// `ERRSPEC_BLESS=1` it rewrites the file instead (and still fails, so a run that
/// changed files is never green by accident).
#[test]
fn checked_in_reference_is_fresh() {
    let fresh = markdown(SPEC);
    let path = root().join(CHECKED_IN);
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk == fresh {
        return;
    }
    if std::env::var_os("ERRSPEC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).expect("create docs/");
        std::fs::write(&path, &fresh).expect("write the reference");
        panic!("{CHECKED_IN} was stale and has been rewritten; review and commit it");
    }
    panic!(
        "{CHECKED_IN} is stale. Run:\n    \
         ERRSPEC_BLESS=1 cargo test --test docs\n\
         or: cargo run -p errspec-cli -- docs {SPEC} -o {CHECKED_IN}"
    );
}

/// A Markdown table: the `## ` section it sits in, its header cells and its rows,
/// each cell trimmed and with `\|` read back as `|`.
#[derive(Debug)]
struct Table {
    section: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Cells of a table row, split at pipes that no backslash escapes (as GFM does).
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .strip_prefix('|')
        .and_then(|l| l.strip_suffix('|'))
        .unwrap_or_else(|| panic!("not a table row: {line:?}"));
    let mut cells = vec![String::new()];
    let mut previous = ' ';
    for c in inner.chars() {
        if c == '|' && previous != '\\' {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
        previous = c;
    }
    cells
        .iter()
        .map(|cell| cell.trim().replace("\\|", "|"))
        .collect()
}

/// Every table of a document, checking on the way that each one is well formed:
/// a header, a delimiter row, then rows with exactly the header's cell count.
fn tables(markdown: &str) -> Vec<Table> {
    let mut found = Vec::new();
    let mut section = String::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.to_owned();
        }
        if !line.starts_with('|') {
            continue;
        }
        let header = cells(line);
        let delimiter = lines.next().expect("a delimiter row after the header");
        assert_eq!(
            delimiter,
            format!("|{}", "---|".repeat(header.len())),
            "delimiter of {header:?}"
        );
        let mut rows = Vec::new();
        while let Some(line) = lines.next_if(|l| l.starts_with('|')) {
            let row = cells(line);
            assert_eq!(row.len(), header.len(), "row {line:?} under {header:?}");
            rows.push(row);
        }
        found.push(Table {
            section: section.clone(),
            header,
            rows,
        });
    }
    found
}

/// The first table of a section whose header starts with `first`.
fn table<'a>(tables: &'a [Table], section: &str, first: &str) -> &'a Table {
    tables
        .iter()
        .find(|t| t.section == section && t.header[0] == first)
        .unwrap_or_else(|| panic!("no table `{first}` under `## {section}`"))
}

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

/// One table row per spec entry and no line broken by spec text, whatever it holds.
fn assert_one_row_per_entry(relative: &str) {
    let spec = load(relative);
    let text = errspec_codegen::docs::markdown(&spec, relative);
    assert!(
        !text.contains('\r') && !text.contains('\0'),
        "{relative}: raw control characters"
    );
    assert!(
        !text.contains(['\u{202e}', '\u{200f}', '\u{2066}']),
        "{relative}: raw bidirectional controls"
    );
    let tables = tables(&text);
    let count = |section: &str, first: &str| {
        tables
            .iter()
            .find(|t| t.section == section && t.header[0] == first)
            .map_or(0, |t| t.rows.len())
    };
    assert_eq!(
        count("Categories", "Key"),
        spec.categories.len(),
        "{relative}"
    );
    assert_eq!(
        count("Statuses", "Status"),
        spec.statuses.len(),
        "{relative}"
    );
    assert_eq!(
        count("Statuses", "Class"),
        spec.status_classes.len(),
        "{relative}"
    );
    assert_eq!(count("Codes", "Code"), spec.codes.len(), "{relative}");
    assert_eq!(
        count("Families", "Prefix"),
        spec.families.len(),
        "{relative}"
    );
    assert_eq!(
        count("Endpoints", "Endpoint"),
        spec.endpoints.len(),
        "{relative}"
    );
    let lines_in_tables = text.lines().filter(|l| l.starts_with('|')).count();
    let rows: usize = tables.iter().map(|t| t.rows.len() + 2).sum();
    assert_eq!(lines_in_tables, rows, "{relative}: a stray table line");
}

#[test]
fn every_spec_gives_one_table_row_per_entry() {
    assert_one_row_per_entry(SPEC);
    for fixture in [
        "awkward_names",
        "export_jobs",
        "forty_codes",
        "injection",
        "minimal",
    ] {
        assert_one_row_per_entry(&format!("tests/fixtures/{fixture}.yaml"));
    }
}

#[test]
fn hostile_text_stays_inside_its_cells() {
    let text = markdown("tests/fixtures/injection.yaml");
    let tables = tables(&text);
    let codes = table(&tables, "Codes", "Code");
    let values: Vec<&str> = codes.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        values,
        [
            "`\"); panic!(\"`",
            "`*/ #[`",
            "`line\\u{a}break`",
            "`nul\\u{0}byte`",
            "`\\u{202e}evil\\u{202c}`",
            "`🚀launch`",
            "`tab\\u{9}here`",
        ]
    );
    let families = table(&tables, "Families", "Prefix");
    assert_eq!(families.rows[0][0], "`\"}`");
    // The category description's lines are `<br>`-joined, inside one cell.
    let categories = table(&tables, "Categories", "Key");
    assert!(
        categories.rows[0][3].contains("<br>#\\[doc = \"x\"\\]<br>} } }<br>"),
        "{:?}",
        categories.rows[0][3]
    );
}

/// The injection fixture holds no pipe and no backtick; this spec is made of them.
const PIPES_AND_TICKS: &str = r#"
version: 1
api:
  name: "Pipe | API"
  description: "1. not a list | `a | b` <b>no html</b>"
categories:
  c: { name: "C | ``two``", description: "unclosed ` tick | x", retry: never }
statuses:
  400: { reason: "Bad | Req", description: "x\\|y and `a\\|b`", category: c }
codes:
  "a|b": { statuses: [400], category: c, description: "|" }
  "`tick`": { statuses: [400], category: c, description: "``|``" }
  "c\\|d": { statuses: [400], category: c, description: "d" }
  "``q": { statuses: [400], category: c, description: "*/ not emphasis /*" }
families:
  - { prefix: "|", category: c, description: "|" }
endpoints:
  e:
    method: GET
    path: /things/{a}
    success: [200]
    description: "|`|`|"
    deferred_effect: { reason: "r | r", until: "u`|`u", verify: "v\nv" }
"#;

#[test]
fn pipes_and_backticks_stay_inside_their_cells() {
    let spec = errspec_codegen::parse_spec(PIPES_AND_TICKS.as_bytes(), "pipes.yaml")
        .unwrap_or_else(|errors| panic!("{errors}"));
    let text = errspec_codegen::docs::markdown(&spec, "pipes.yaml");
    assert!(
        text.starts_with("# Pipe \\| API: error contract\n"),
        "{text}"
    );
    assert!(
        text.contains("\n1\\. not a list \\| `a | b` &lt;b>no html&lt;/b>\n"),
        "{text}"
    );
    let tables = tables(&text);
    let codes = table(&tables, "Codes", "Code");
    let rows: Vec<[&str; 4]> = codes
        .rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    // Cells as GFM reads them (`\|` is a pipe, also inside code spans).
    assert_eq!(
        rows,
        [
            ["`a|b`", "400", "C | ``two``", "|"],
            ["`` `tick` ``", "400", "C | ``two``", "``|``"],
            ["`c\\|d`", "400", "C | ``two``", "d"],
            [
                "``` ``q ```",
                "400",
                "C | ``two``",
                "\\*/ not emphasis /\\*"
            ],
        ]
    );
    let statuses = table(&tables, "Statuses", "Status");
    assert_eq!(statuses.rows[0][3], "x\\\\|y and `a\\|b`");
    let categories = table(&tables, "Categories", "Key");
    assert_eq!(categories.rows[0][3], "unclosed \\` tick | x");
    let endpoints = table(&tables, "Endpoints", "Endpoint");
    assert_eq!(endpoints.rows[0][3], "|`|`|");
    assert_eq!(
        endpoints.rows[0][4],
        "**Deferred effect:** r | r<br>**Until:** u`|`u<br>**Verify:** v<br>v"
    );
    assert_eq!(table(&tables, "Families", "Prefix").rows[0][0], "`|`");
}

#[test]
fn markdown_of_the_export_jobs_fixture() {
    insta::assert_snapshot!("export_jobs", markdown("tests/fixtures/export_jobs.yaml"));
}

#[test]
fn markdown_of_the_injection_fixture() {
    insta::assert_snapshot!("injection", markdown("tests/fixtures/injection.yaml"));
}
