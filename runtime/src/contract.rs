//! The link between generated code and the runtime.

use std::fmt;

use crate::routes::RouteNode;
use crate::rules::EndpointRules;
use crate::RetryPolicy;

/// What generated code tells the runtime about one spec.
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

    /// Reads a code value; never fails.
    fn parse_code(value: &str) -> Self::Code;
    /// The code's text.
    fn code_str(code: &Self::Code) -> &str;
    /// Whether the spec lists the code.
    fn code_is_known(code: &Self::Code) -> bool;
    /// The code's category (its own, else its family's).
    fn code_category(code: &Self::Code) -> Option<Self::Category>;
    /// The statuses the spec documents the code with.
    fn code_statuses(code: &Self::Code) -> &'static [u16];
    /// The category of a status without a recognised code.
    fn status_category(status: u16) -> Option<Self::Category>;
    /// The category's key in the spec.
    fn category_key(category: Self::Category) -> &'static str;
    /// The category's retry policy.
    fn category_retry_policy(category: Self::Category) -> RetryPolicy;
    /// Every endpoint, in spec order.
    fn endpoints() -> &'static [Self::Endpoint];
    /// The spec's rules for an endpoint.
    fn endpoint_rules(endpoint: Self::Endpoint) -> &'static EndpointRules<Self::Endpoint>;
    /// The route tree of the endpoints (root first), for [`crate::find_endpoint`].
    fn routes() -> &'static [RouteNode<Self::Endpoint>];
}
