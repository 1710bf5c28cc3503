//! The validated spec: what the emitter (and any other tool) works from.
//!
//! Everything here has been checked by the validator (`parse_spec`): references resolve,
//! numbers are in range and identifiers are unique. Vectors keep spec order, which
//! is also the order of the generated code.

/// A checked error-contract spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The API the contract belongs to.
    pub api: Api,
    /// Categories of outcome, in spec order.
    pub categories: Vec<Category>,
    /// Documented HTTP statuses, in spec order.
    pub statuses: Vec<Status>,
    /// Fallback categories for undocumented statuses, by class.
    pub status_classes: Vec<StatusClass>,
    /// Listed code values, in spec order.
    pub codes: Vec<Code>,
    /// Prefix rules for codes not listed one by one, in spec order.
    pub families: Vec<Family>,
}

impl Spec {
    /// The category an id refers to.
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0]
    }

    /// The family an unlisted code value belongs to: the one with the longest
    /// matching prefix.
    pub fn family_of(&self, value: &str) -> Option<&Family> {
        self.families
            .iter()
            .filter(|family| value.starts_with(family.prefix.as_str()))
            .max_by_key(|family| family.prefix.len())
    }
}

/// `api:` — the API's name and a description of the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Api {
    /// Display name.
    pub name: String,
    /// What the contract covers.
    pub description: String,
}

/// Index of a category in [`Spec::categories`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CategoryId(pub usize);

/// A category of outcome, with its retry policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// The key naming it in the spec (`not_found`).
    pub key: String,
    /// The Rust variant name (`NotFound`).
    pub ident: String,
    /// Display name (`Not found`).
    pub name: String,
    /// What responses in this category mean.
    pub description: String,
    /// How callers should retry.
    pub retry: RetryPolicy,
}

/// How callers should retry a failed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryPolicy {
    /// Do not retry.
    Never,
    /// Retry after the `Retry-After` header's delay.
    RetryAfter,
    /// Retry with exponential backoff.
    Backoff,
}

/// A documented HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The status number, 100–599.
    pub code: u16,
    /// Reason phrase.
    pub reason: String,
    /// What the status means for this API.
    pub description: String,
    /// Category of a response with this status and no recognised code.
    pub category: CategoryId,
}

/// A fallback category for every undocumented status of one class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusClass {
    /// The hundreds digit: 1 to 5.
    pub class: u16,
    /// Category of undocumented statuses in this class.
    pub category: CategoryId,
}

/// A listed code value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// The value exactly as it appears in response bodies.
    pub value: String,
    /// The Rust variant name.
    pub ident: String,
    /// Statuses the code is documented with, in spec order.
    pub statuses: Vec<u16>,
    /// The code's category.
    pub category: CategoryId,
    /// What the code means.
    pub description: String,
}

/// A prefix rule for codes the spec does not list one by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Codes starting with this text belong to the family.
    pub prefix: String,
    /// Category of the family's codes.
    pub category: CategoryId,
    /// What the family's codes mean.
    pub description: String,
}
