//! One program, two APIs, each served by its own spec: a Stripe card decline,
//! branched on by its nested code and its decline code, and a Slack error that
//! arrives as HTTP 200 with `"ok": false`. Neither API has Rust of its own:
//! `include_spec!` generates both modules from `spec/stripe.yaml` and
//! `spec/slack.yaml`, whose `envelope:` sections say where each puts its codes.
//!
//! `cargo run --example other_apis`. The responses are the documented shapes,
//! so the example needs no network.

mod stripe {
    errspec::include_spec!("spec/stripe.yaml");
}

mod slack {
    errspec::include_spec!("spec/slack.yaml");
}

use errspec::Headers;

/// What to tell the user about a failed payment.
fn payment_advice(error: &stripe::ApiError) -> String {
    match error.code() {
        Some(stripe::Code::CardDeclined) => match error.detail("decline_code") {
            Some("insufficient_funds") => {
                "the card has insufficient funds: try another card".into()
            }
            Some("lost_card" | "stolen_card") => "the card was declined: use another card".into(),
            Some(other) => format!("the card was declined ({other})"),
            None => "the card was declined".into(),
        },
        Some(stripe::Code::ExpiredCard) => "the card has expired".into(),
        Some(code) => format!("the payment failed: {code}"),
        // Stripe often sends no code at all; `type` still says which kind.
        None => format!(
            "the payment failed ({})",
            error.detail("type").unwrap_or("no error type")
        ),
    }
}

fn main() {
    // A decline from POST /v1/payment_intents/{intent}/confirm.
    let body = br#"{"error": {"type": "card_error", "code": "card_declined",
        "decline_code": "insufficient_funds", "message": "Your card has insufficient funds.",
        "param": "payment_method"}}"#;
    let (endpoint, result) = stripe::Api::classify(
        "POST",
        "/v1/payment_intents/pi_3Mtw/confirm",
        402,
        Headers::new().with("Request-Id", "req_8QbK"),
        body.to_vec(),
    );
    let error = result.expect_err("a 402 is an error response");
    assert_eq!(endpoint, Some(stripe::Endpoint::ConfirmPaymentIntent));
    assert_eq!(error.category(), Some(stripe::Category::PaymentFailed));
    assert!(!error.is_retryable());
    println!("stripe: {}", payment_advice(&error));

    // The same code path copes with a body that has no code and an advice header.
    let body = br#"{"error": {"type": "api_error", "message": "An unknown error occurred"}}"#;
    let headers = Headers::new().with("Stripe-Should-Retry", "false");
    let error = stripe::ApiError::from_response(500, headers, body.to_vec());
    assert_eq!(error.category(), Some(stripe::Category::ServerError));
    // A server error would be retried with backoff; the API says not to.
    assert!(!error.is_retryable());
    println!(
        "stripe: {} (retry: {})",
        payment_advice(&error),
        error.is_retryable()
    );

    // Slack answers HTTP 200 with `ok: false`: the envelope makes it an error.
    let body = br#"{"ok": false, "error": "channel_not_found"}"#;
    let (_, result) = slack::Api::classify(
        "POST",
        "/api/chat.postMessage",
        200,
        Headers::new(),
        body.to_vec(),
    );
    match result {
        Ok(outcome) => println!("slack: posted ({})", outcome.kind()),
        Err(error) => {
            assert_eq!(error.code(), Some(&slack::Code::ChannelNotFound));
            assert_eq!(error.category(), Some(slack::Category::NotFound));
            match error.code() {
                Some(slack::Code::ChannelNotFound) => {
                    println!("slack: no such channel: check the channel id")
                }
                Some(code) => println!(
                    "slack: {code}: {}",
                    error.category().map_or("?", |c| c.key())
                ),
                None => println!("slack: an error without a code (HTTP {})", error.status()),
            }
        }
    }

    // And a real success is still a success.
    let body = br#"{"ok": true, "channel": "C123", "ts": "1503435956.000247"}"#;
    let (_, result) = slack::Api::classify(
        "POST",
        "/api/chat.postMessage",
        200,
        Headers::new(),
        body.to_vec(),
    );
    assert!(matches!(result, Ok(slack::Outcome::Completed)));
    println!("slack: posted");
}
