//! The link between generated code and the runtime.

use std::fmt;

use crate::{Categorisation, EndpointRules, Envelope, RetryPolicy};

/// What generated code tells the runtime about one spec: what [`crate::ApiError`],
/// [`crate::classify`] and the [`crate::Poller`] need, and nothing else.
///
/// The generator implements this for an uninhabited marker type (`Api`) and
/// exposes the runtime's generic types under plain names (`ApiError`,
/// `Outcome`, `Poller`). Implementing it by hand is possible but rarely useful.
pub trait Contract: Sized + 'static {
    /// The generated `Code` enum.
    type Code: Clone + fmt::Debug + fmt::Display + PartialEq + Send + Sync + 'static;
    /// The generated `Category` enum.
    type Category: Copy + fmt::Debug + fmt::Display + PartialEq + Send + Sync + 'static;
    /// The generated `Endpoint` enum.
    type Endpoint: Copy + fmt::Debug + PartialEq + Send + Sync + 'static;

    /// The data of the categorisation rule (families, statuses, class fallbacks).
    const CATEGORISATION: Categorisation<'static, Self::Category>;
    /// Where error responses carry their code, message, detail codes and
    /// retry hints, and the rules that categorise them before the code does.
    const ENVELOPE: Envelope<'static, Self::Category>;

    /// Reads a code value; never fails.
    fn parse_code(value: &str) -> Self::Code;
    /// A listed code's own category and documented statuses; `None` for a code
    /// the spec does not list.
    fn listed(code: &Self::Code) -> Option<(Self::Category, &'static [u16])>;
    /// The category's retry policy.
    fn retry_policy(category: Self::Category) -> RetryPolicy;
    /// The spec's rules for an endpoint.
    fn endpoint_rules(endpoint: Self::Endpoint) -> &'static EndpointRules<'static, Self::Endpoint>;
}
