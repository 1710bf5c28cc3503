//! Branch on the `code` of Fivetran error bodies with the generated `Code` enum,
//! the typed version of the shell `case "$CODE"` pattern.
//!
//! Run: `cargo run --example branch_on_code`

use errspec_fivetran::{Category, Code, StatusInfo};

/// The two fields every Fivetran error body carries.
#[derive(serde::Deserialize)]
struct ErrorBody {
    code: Code,
    message: String,
}

fn advice(status: u16, body: &ErrorBody) -> String {
    match &body.code {
        // The API has named a missing connection three ways over time.
        Code::NotFoundConnector | Code::NotFoundIntegration | Code::NotFoundConnection => {
            "Connection not found: check the connection id.".to_owned()
        }
        Code::Unauthorized => "Invalid API key or secret: check your credentials.".to_owned(),
        Code::TooManyRequests => "Rate limited: wait for Retry-After, then retry.".to_owned(),
        other => {
            // Anything else: fall back on the code's category, then on the status.
            let category = other.category().or(StatusInfo::category_of(status));
            match category {
                Some(category) if category.is_retryable() => {
                    format!("{}: retry ({})", category, category.retry_policy())
                }
                Some(Category::NotFound) => format!("Missing resource ({other})."),
                Some(category) => format!("{category}: {} ({other})", body.message),
                None => format!("Unexpected error: {other}"),
            }
        }
    }
}

fn main() {
    let responses = [
        (
            404,
            include_str!("../tests/responses/not_found_connector.json"),
        ),
        (
            401,
            r#"{"code":"Unauthorized","message":"Bad credentials"}"#,
        ),
        (429, r#"{"code":"TooManyRequests","message":"Slow down"}"#),
        (
            404,
            r#"{"code":"NotFound_Webhook","message":"No such webhook"}"#,
        ),
        (500, r#"{"code":"ServerError","message":"Oops"}"#),
        (
            409,
            r#"{"code":"AlreadyInSync","message":"A sync is running"}"#,
        ),
        (
            400,
            r#"{"code":"Connector_SchemaLocked","message":"Connector-specific"}"#,
        ),
    ];
    for (status, text) in responses {
        let body: ErrorBody = serde_json::from_str(text).expect("an error body");
        let known = if body.code.is_known() {
            "listed"
        } else {
            "unlisted"
        };
        println!(
            "{status} {:<24} {known:<8} -> {}",
            body.code,
            advice(status, &body)
        );
    }
}
