//! An error response, read without ever failing.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::contract::Contract;
use crate::envelope::{self, ErrorFields};
use crate::headers::Headers;
use crate::retry_after::RetryAfter;
use crate::{Place, RetryPolicy};

/// An HTTP error response of an API, classified by its spec.
///
/// Built by [`ApiError::from_response`] from any status, headers and body: HTML
/// error pages, empty bodies, invalid JSON and JSON of another shape are all
/// accepted. The raw body and headers are kept, and the code is kept verbatim
/// even when the spec does not list it. Where the code, message, detail codes
/// and retry delay are is the spec's envelope ([`Contract::ENVELOPE`]).
pub struct ApiError<C: Contract> {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
    code: Option<C::Code>,
    message: Option<Text>,
    details: Box<[(&'static str, Text)]>,
    category: Option<C::Category>,
}

impl<C: Contract> ApiError<C> {
    /// Reads an error response. Never panics and never fails.
    ///
    /// The category is the first matching rule's of the envelope, else the
    /// code's (a listed code's own, else its family's), else for an error
    /// inside a 2xx response the category of the envelope's test that found
    /// it, else the status's (documented, else by class).
    pub fn from_response(status: u16, headers: Headers, body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        let envelope = C::ENVELOPE;
        let fields = ErrorFields::read_with(&envelope, &headers, &body);
        let code = fields.code.as_deref().map(C::parse_code);
        let listed = code
            .as_ref()
            .and_then(C::listed)
            .map(|(category, _)| category);
        let category = envelope::categorise(
            &envelope,
            &C::CATEGORISATION,
            status,
            &headers,
            &body,
            &fields,
            listed,
        );
        let message = fields.message.map(|text| Text::new(text, &body));
        let details = if fields.details.is_empty() {
            Box::default()
        } else {
            fields
                .details
                .into_iter()
                .map(|(name, value)| (name, Text::new(value, &body)))
                .collect()
        };
        ApiError {
            status,
            headers,
            body,
            code,
            message,
            details,
            category,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The code, from the first of the envelope's code sources that holds one
    /// (by default the body's top-level `code`, a string or a number).
    pub fn code(&self) -> Option<&C::Code> {
        self.code.as_ref()
    }

    /// The message, from the first of the envelope's message sources that
    /// holds one (by default the body's `message`).
    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|text| text.get(&self.body))
    }

    /// A detail code by the name the spec gives it (`decline_code`).
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.detail_codes()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Every detail code found, by name, in the spec's order.
    pub fn detail_codes(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.details
            .iter()
            .map(|(name, text)| (*name, text.get(&self.body)))
    }

    /// The category: the first matching rule's, else the code's, else the
    /// status's (see [`ApiError::from_response`]).
    pub fn category(&self) -> Option<C::Category> {
        self.category
    }

    /// What the envelope's retry-advice header says: `Some(true)` (retry),
    /// `Some(false)` (do not), `None` without one.
    pub fn retry_advice(&self) -> Option<bool> {
        envelope::retry_advice(&C::ENVELOPE, &self.headers)
    }

    /// The retry policy: the category's ([`RetryPolicy::Never`] without one),
    /// unless the retry-advice header overrides it (`false` makes it
    /// [`RetryPolicy::Never`]; `true` makes a `Never` category's
    /// [`RetryPolicy::Backoff`]).
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry_decision(None).policy
    }

    /// Whether retrying the request may succeed.
    pub fn is_retryable(&self) -> bool {
        self.retry_policy().is_retryable()
    }

    /// Whether to retry, why, and after how long (counted from `now`; without
    /// a `now`, no delay is read). The delay is what the response asks for,
    /// also when the policy says not to retry.
    pub fn retry_decision(&self, now: Option<SystemTime>) -> RetryDecision {
        let by_category = self.category.map_or(RetryPolicy::Never, C::retry_policy);
        let (policy, basis) = match (self.retry_advice(), C::ENVELOPE.retry_advice) {
            (Some(false), Some(header)) => (RetryPolicy::Never, RetryBasis::Advice(header)),
            (Some(true), Some(header)) => {
                let policy = match by_category {
                    RetryPolicy::Never => RetryPolicy::Backoff,
                    policy => policy,
                };
                (policy, RetryBasis::Advice(header))
            }
            _ if self.category.is_some() => (by_category, RetryBasis::Category),
            _ => (RetryPolicy::Never, RetryBasis::NoCategory),
        };
        let delay =
            now.and_then(|now| envelope::retry_delay(&C::ENVELOPE, &self.headers, &self.body, now));
        RetryDecision {
            policy,
            basis,
            delay,
        }
    }

    /// Whether the spec documents the code with this status. `None` without a
    /// code or for a code the spec does not list.
    pub fn code_matches_status(&self) -> Option<bool> {
        let (_, statuses) = C::listed(self.code.as_ref()?)?;
        Some(statuses.contains(&self.status))
    }

    /// The `Retry-After` header itself, in seconds or as an HTTP date, if
    /// present and valid. [`ApiError::retry_delay`] reads every delay source
    /// the spec names.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.headers.get("retry-after").and_then(RetryAfter::parse)
    }

    /// How long the response asks to wait before a retry, counted from `now`:
    /// the first of the envelope's delay sources that reads (by default
    /// `Retry-After`).
    pub fn retry_delay(&self, now: SystemTime) -> Option<Duration> {
        envelope::retry_delay(&C::ENVELOPE, &self.headers, &self.body, now).map(|(delay, _)| delay)
    }

    /// The same as [`ApiError::retry_delay`], under the name of the header it
    /// reads by default.
    pub fn retry_after_delay(&self, now: SystemTime) -> Option<Duration> {
        self.retry_delay(now)
    }

    /// The response headers, as received.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, if it is UTF-8.
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

impl<C: Contract> Clone for ApiError<C> {
    fn clone(&self) -> Self {
        ApiError {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            code: self.code.clone(),
            message: self.message.clone(),
            details: self.details.clone(),
            category: self.category,
        }
    }
}

impl<C: Contract> fmt::Debug for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message())
            .field("details", &self.detail_codes().collect::<Vec<_>>())
            .field("category", &self.category)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl<C: Contract> fmt::Display for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl<C: Contract> std::error::Error for ApiError<C> {}

/// Whether to retry an error response, why, and after how long
/// ([`ApiError::retry_decision`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryDecision {
    /// The policy that applies to this response.
    pub policy: RetryPolicy,
    /// What decided it.
    pub basis: RetryBasis,
    /// The delay the response asks for, and where it was read.
    pub delay: Option<(Duration, Place<'static>)>,
}

impl RetryDecision {
    /// Whether a retry may succeed.
    pub fn is_retryable(&self) -> bool {
        self.policy.is_retryable()
    }
}

/// What decided a [`RetryDecision`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryBasis {
    /// The response's category and its retry policy.
    Category,
    /// The envelope's retry-advice header, by its name.
    Advice(&'static str),
    /// Nothing: the response has no category, so it is not retried.
    NoCategory,
}

/// A string read from the body: where it lies in the body when it needed no
/// unescaping (the usual case, which costs no allocation), else its own copy.
#[derive(Clone, Debug)]
enum Text {
    /// Start and end in the body (kept small: an `ApiError` is often the
    /// error variant of a `Result`).
    InBody(u32, u32),
    Owned(Box<str>),
}

impl Text {
    fn new(text: std::borrow::Cow<'_, str>, body: &[u8]) -> Text {
        match text {
            std::borrow::Cow::Borrowed(slice) => {
                // A borrowed string may point into `body`: keep its position only.
                let start = (slice.as_ptr() as usize).checked_sub(body.as_ptr() as usize);
                let range = start
                    .filter(|start| start + slice.len() <= body.len())
                    .and_then(|start| {
                        Some((
                            u32::try_from(start).ok()?,
                            u32::try_from(start + slice.len()).ok()?,
                        ))
                    });
                match range {
                    Some((start, end)) => Text::InBody(start, end),
                    None => Text::Owned(slice.into()),
                }
            }
            std::borrow::Cow::Owned(owned) => Text::Owned(owned.into_boxed_str()),
        }
    }

    fn get<'a>(&'a self, body: &'a [u8]) -> &'a str {
        match self {
            Text::InBody(start, end) => body
                .get(*start as usize..*end as usize)
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
            Text::Owned(text) => text,
        }
    }
}
