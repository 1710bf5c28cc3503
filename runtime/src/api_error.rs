//! An error response, read without ever failing.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::body::ErrorFields;
use crate::contract::Contract;
use crate::headers::Headers;
use crate::retry_after::RetryAfter;
use crate::RetryPolicy;

/// An HTTP error response of an API, classified by its spec.
///
/// Built by [`ApiError::from_response`] from any status, headers and body: HTML
/// error pages, empty bodies, invalid JSON and JSON of another shape are all
/// accepted. The raw body and headers are kept, and the `code` is kept verbatim
/// even when the spec does not list it.
pub struct ApiError<C: Contract> {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
    code: Option<C::Code>,
    message: Option<Text>,
    category: Option<C::Category>,
}

impl<C: Contract> ApiError<C> {
    /// Reads an error response. Never panics and never fails.
    ///
    /// The category is the code's (a listed code's own, else its family's), else
    /// the status's (documented, else by class).
    pub fn from_response(status: u16, headers: Headers, body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        let fields = ErrorFields::read(&body);
        let code = fields.code.as_deref().map(C::parse_code);
        let listed = code
            .as_ref()
            .and_then(C::listed)
            .map(|(category, _)| category);
        let category = C::CATEGORISATION.categorise(listed, fields.code.as_deref(), status);
        let message = fields.message.map(|text| Text::new(text, &body));
        ApiError {
            status,
            headers,
            body,
            code,
            message,
            category,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body's `code`, if the body is a JSON object with a string `code`.
    pub fn code(&self) -> Option<&C::Code> {
        self.code.as_ref()
    }

    /// The body's `message`, if it has a string one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|text| text.get(&self.body))
    }

    /// The category: the code's, else its family's, else the status's.
    pub fn category(&self) -> Option<C::Category> {
        self.category
    }

    /// The retry policy of the category; [`RetryPolicy::Never`] without one.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.category.map_or(RetryPolicy::Never, C::retry_policy)
    }

    /// Whether retrying the request may succeed.
    pub fn is_retryable(&self) -> bool {
        self.retry_policy().is_retryable()
    }

    /// Whether the spec documents the code with this status. `None` without a
    /// code or for a code the spec does not list.
    pub fn code_matches_status(&self) -> Option<bool> {
        let (_, statuses) = C::listed(self.code.as_ref()?)?;
        Some(statuses.contains(&self.status))
    }

    /// The `Retry-After` header, in seconds or as an HTTP date, if present and valid.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.headers.get("retry-after").and_then(RetryAfter::parse)
    }

    /// How long `Retry-After` asks to wait, counted from `now`.
    pub fn retry_after_delay(&self, now: SystemTime) -> Option<Duration> {
        self.retry_after().map(|after| after.delay_from(now))
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

/// A string read from the body: where it lies in the body when it needed no
/// unescaping (the usual case, which costs no allocation), else its own copy.
#[derive(Clone, Debug)]
enum Text {
    InBody(std::ops::Range<usize>),
    Owned(String),
}

impl Text {
    fn new(text: std::borrow::Cow<'_, str>, body: &[u8]) -> Text {
        match text {
            std::borrow::Cow::Borrowed(slice) => {
                // A borrowed string points into `body`: keep its position only.
                let start = (slice.as_ptr() as usize).checked_sub(body.as_ptr() as usize);
                match start {
                    Some(start) if start + slice.len() <= body.len() => {
                        Text::InBody(start..start + slice.len())
                    }
                    _ => Text::Owned(slice.to_owned()),
                }
            }
            std::borrow::Cow::Owned(owned) => Text::Owned(owned),
        }
    }

    fn get<'a>(&'a self, body: &'a [u8]) -> &'a str {
        match self {
            Text::InBody(range) => body
                .get(range.clone())
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
            Text::Owned(text) => text,
        }
    }
}
