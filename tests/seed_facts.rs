//! Every fact of the seed's two tables (Fivetran's response-code reference) is in
//! the spec and reachable from the generated API.
//!
//! The facts are listed here as data. When the reference itself is present beside
//! the repository (`../shared/seed/`), its tables are parsed too and must match
//! this list row for row, and no description in the spec may copy its wording.

use std::path::PathBuf;

use errspec_fivetran::{Category, Code, StatusInfo};

#[path = "support/seed_rows.rs"]
mod seed_rows;
use seed_rows::{CODE_ROWS, STATUS_ROWS};

#[test]
fn every_status_row_is_in_the_generated_table() {
    assert_eq!(StatusInfo::ALL.len(), STATUS_ROWS.len());
    for &(status, reason) in STATUS_ROWS {
        let info = StatusInfo::lookup(status).unwrap_or_else(|| panic!("{status} missing"));
        assert_eq!(info.status, status);
        assert_eq!(info.reason, reason, "{status}");
        assert!(!info.description.is_empty(), "{status} has no description");
        assert_eq!(StatusInfo::category_of(status), Some(info.category));
    }
}

#[test]
fn every_code_row_is_a_variant_with_its_statuses_and_category() {
    // The spec lists more codes than the table (codes met in Fivetran's API
    // definition); the table's rows are all there, in the table's order.
    let from_table: Vec<&Code> = Code::ALL
        .iter()
        .filter(|code| CODE_ROWS.iter().any(|(value, ..)| *value == code.as_str()))
        .collect();
    assert_eq!(from_table.len(), CODE_ROWS.len());
    for (&(value, statuses, category), listed) in CODE_ROWS.iter().zip(from_table) {
        let code = Code::parse(value);
        assert!(code.is_known(), "{value} is not a variant");
        assert_eq!(&code, listed, "Code::ALL follows the table's order");
        assert_eq!(code.as_str(), value);
        assert_eq!(code.statuses(), statuses, "{value}");
        assert_eq!(
            code.category().map(Category::name),
            Some(category),
            "{value}"
        );
        assert!(code.description().is_some_and(|d| !d.is_empty()));
        for status in statuses {
            assert!(
                StatusInfo::lookup(*status).is_some(),
                "{value}: {status} undocumented"
            );
        }
    }
}

#[test]
fn the_seed_categories_are_the_spec_categories() {
    let mut seen: Vec<&str> = Vec::new();
    for (_, _, category) in CODE_ROWS {
        if !seen.contains(category) {
            seen.push(category);
        }
    }
    // The spec adds categories of its own (`Recoverable`); the seed's are all
    // there, in the seed's order.
    let names: Vec<&str> = Category::ALL
        .iter()
        .map(|c| c.name())
        .filter(|name| seen.contains(name))
        .collect();
    assert_eq!(names, seen);
}

#[test]
fn rate_limits_honour_retry_after_and_server_errors_back_off() {
    use errspec::RetryPolicy;
    assert_eq!(
        Code::TooManyRequests.category().unwrap().retry_policy(),
        RetryPolicy::RetryAfter
    );
    assert_eq!(
        Code::ServerError.category().unwrap().retry_policy(),
        RetryPolicy::Backoff
    );
    assert!(!Code::InvalidInput.is_retryable());
}

#[test]
fn codes_not_in_the_table_are_kept_and_families_categorise_them() {
    let code = Code::parse("NotFound_Webhook");
    assert!(!code.is_known());
    assert_eq!(code.as_str(), "NotFound_Webhook");
    assert_eq!(code.category(), Some(Category::NotFound));
    let connector_specific = Code::parse("SomeConnector_QuotaExceeded");
    assert_eq!(connector_specific.category(), None);
    assert_eq!(
        connector_specific.to_string(),
        "SomeConnector_QuotaExceeded"
    );
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

/// A row of the seed's status table: (status, reason, description).
type SeedStatus = (u16, String, String);
/// A row of the seed's code table: (value, statuses, category, description).
type SeedCode = (String, Vec<u16>, String, String);

/// Rows of the seed's tables: `200 OK | description |` and
/// `Code | 200, 201 | Category | description |`.
fn seed_rows(text: &str) -> (Vec<SeedStatus>, Vec<SeedCode>) {
    let mut statuses = Vec::new();
    let mut codes = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        match cells.as_slice() {
            [head, description, ""] => {
                if let Some((number, reason)) = head.split_once(' ') {
                    if let Ok(number) = number.parse::<u16>() {
                        statuses.push((number, reason.to_owned(), description.to_string()));
                    }
                }
            }
            [value, numbers, category, description, ""] => {
                let parsed: Result<Vec<u16>, _> = numbers
                    .split(',')
                    .map(|n| n.trim().parse::<u16>())
                    .collect();
                if let Ok(parsed) = parsed {
                    codes.push((
                        value.to_string(),
                        parsed,
                        category.to_string(),
                        description.to_string(),
                    ));
                }
            }
            _ => {}
        }
    }
    (statuses, codes)
}

#[test]
fn the_fact_list_matches_the_seed_reference() {
    let Some(text) = seed_text() else { return };
    let (statuses, codes) = seed_rows(&text);
    let from_seed: Vec<(u16, &str)> = statuses.iter().map(|(n, r, _)| (*n, r.as_str())).collect();
    assert_eq!(from_seed, STATUS_ROWS);
    let from_seed: Vec<(&str, &[u16], &str)> = codes
        .iter()
        .map(|(v, s, c, _)| (v.as_str(), s.as_slice(), c.as_str()))
        .collect();
    assert_eq!(from_seed, CODE_ROWS);
}

#[test]
fn spec_descriptions_are_not_copied_from_the_seed() {
    let Some(text) = seed_text() else { return };
    let (statuses, codes) = seed_rows(&text);
    let seed_sentences = statuses
        .iter()
        .map(|(_, _, d)| d)
        .chain(codes.iter().map(|(_, _, _, d)| d))
        .flat_map(|d| d.split(". "))
        .map(|s| s.trim_end_matches('.').to_lowercase())
        .filter(|s| s.split_whitespace().count() >= 4);
    let ours: Vec<String> = StatusInfo::ALL
        .iter()
        .map(|s| s.description)
        .chain(Code::ALL.iter().filter_map(Code::description))
        .chain(Category::ALL.iter().map(|c| c.description()))
        .map(str::to_lowercase)
        .collect();
    for sentence in seed_sentences {
        for description in &ours {
            assert!(
                !description.contains(&sentence),
                "copied: {sentence:?} in {description:?}"
            );
        }
    }
}
