//! The validated spec: what the emitter (and any other tool) works from.
//!
//! Everything here has been checked by the validator (`parse_spec`): references resolve,
//! numbers are in range and identifiers are unique. Vectors keep spec order, which
//! is also the order of the generated code. Prose (descriptions, reasons,
//! notes) is trimmed once, by the validator, so every consumer sees the same text.

pub use errspec_table::{DelayUnit, ItemVerdict, PathTemplate, RetryPolicy};

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
    /// Where error responses carry what errspec reads.
    pub envelope: Envelope,
    /// Endpoints and their success semantics, in spec order.
    pub endpoints: Vec<Endpoint>,
}

impl Spec {
    /// The category an id refers to.
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0]
    }

    /// The family an unlisted code value belongs to, by the runtime's rule
    /// ([`errspec_table::Categorisation::family`]: the longest matching prefix).
    pub fn family_of(&self, value: &str) -> Option<&Family> {
        // Each lowered family carries its own index where the category goes.
        let families: Vec<errspec_table::Family<'_, usize>> = self
            .families
            .iter()
            .enumerate()
            .map(|(index, family)| errspec_table::Family {
                prefix: &family.prefix,
                category: index,
                description: &family.description,
            })
            .collect();
        let rule = errspec_table::Categorisation {
            families: &families,
            statuses: &[],
            classes: &[],
        };
        rule.family(value)
            .map(|found| &self.families[found.category])
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

/// An endpoint and what its success responses really mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The key naming it in the spec (`sync_connection`).
    pub key: String,
    /// The Rust variant name (`SyncConnection`).
    pub ident: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template (`/v1/connections/{connectionId}/sync`), checked: see
    /// [`Endpoint::template`].
    pub path: String,
    /// Parameter names of the template, in order.
    pub params: Vec<String>,
    /// Statuses that count as success.
    pub success: Vec<u16>,
    /// What the endpoint does.
    pub description: String,
    /// How to confirm the outcome of a success response.
    pub confirm: Confirm,
}

impl Endpoint {
    /// The endpoint's path template.
    pub fn template(&self) -> PathTemplate<'_> {
        // The validator only keeps endpoints whose path parses; one built by
        // hand with a bad path reads as `/`.
        PathTemplate::parse(&self.path)
            .unwrap_or_else(|_| PathTemplate::parse("/").expect("`/` is a path template"))
    }
}

/// How to confirm the outcome behind a success status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Success means done.
    Done,
    /// Check each item of an array in the body.
    Items(ItemsRule),
    /// Poll another endpoint until a timestamp moves.
    Poll(PollRule),
    /// Accepted now, effective later.
    DeferredEffect {
        /// What is deferred.
        reason: String,
        /// Until when.
        until: String,
        /// What to verify afterwards.
        verify: String,
    },
}

/// A path to a field of a JSON document, checked against the grammar of
/// [`errspec_table::FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    /// As written.
    pub text: String,
}

/// `envelope:` — where error responses carry their code, message, detail
/// codes and retry hints. A spec without the section has
/// [`Envelope::default`]: body `code` and `message`, header `Retry-After`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Where the code is, first hit wins.
    pub code: Vec<Source>,
    /// Where the message is, first hit wins.
    pub message: Vec<Source>,
    /// Named secondary codes, in spec order.
    pub details: Vec<Detail>,
    /// Tests that make a 2xx response an error response.
    pub error_when: Vec<ErrorWhen>,
    /// Rules that set a category, first match wins.
    pub rules: Vec<MatchRule>,
    /// Where the retry delay is, first hit wins.
    pub retry_delay: Vec<DelaySource>,
    /// A header that allows or forbids a retry (lower case).
    pub retry_advice: Option<String>,
}

impl Default for Envelope {
    fn default() -> Self {
        let body = |key: &str| Source {
            from: Place::Body(FieldPath {
                text: key.to_owned(),
            }),
            before: None,
            after: None,
            trim: false,
        };
        Envelope {
            code: vec![body("code")],
            message: vec![body("message")],
            details: Vec::new(),
            error_when: Vec::new(),
            rules: Vec::new(),
            retry_delay: vec![DelaySource {
                from: Place::Header("retry-after".to_owned()),
                unit: DelayUnit::SecondsOrHttpDate,
            }],
            retry_advice: None,
        }
    }
}

/// Where a value is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A response header, by its name in lower case.
    Header(String),
    /// A field of the JSON body.
    Body(FieldPath),
}

/// One place a code, message or detail code may be, and its cleanup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Where it is.
    pub from: Place,
    /// Keep the text before the first occurrence of this.
    pub before: Option<String>,
    /// Then the text after the first occurrence of this.
    pub after: Option<String>,
    /// Then trim whitespace.
    pub trim: bool,
}

/// A named secondary code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// Its name (`decline_code`).
    pub name: String,
    /// Where it is, first hit wins.
    pub sources: Vec<Source>,
}

/// A test that makes a 2xx response an error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorWhen {
    /// The body field tested.
    pub field: FieldPath,
    /// The value it must have; `None`: present at all.
    pub equals: Option<Scalar>,
    /// The category of such an error when nothing else says.
    pub category: CategoryId,
}

/// A rule that sets a response's category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchRule {
    /// The status is one of these (any when empty).
    pub status: Vec<u16>,
    /// A header that must be present (lower case), and the value it must have.
    pub header: Option<(String, Option<String>)>,
    /// The code must be this (`false`) or start with it (`true`).
    pub code: Option<(String, bool)>,
    /// The message must contain this, ASCII case ignored.
    pub message_contains: Option<String>,
    /// The category it sets.
    pub category: CategoryId,
}

/// One place a retry delay may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelaySource {
    /// Where it is.
    pub from: Place,
    /// How it is written.
    pub unit: DelayUnit,
}

/// Check each item of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsRule {
    /// The rule as written (`data.setup_tests[].status`).
    pub text: String,
    /// The array.
    pub items: FieldPath,
    /// The field checked inside each item.
    pub field: FieldPath,
    /// Values that fail.
    pub fail: Vec<String>,
    /// Values that degrade.
    pub degrade: Vec<String>,
    /// Values that pass.
    pub pass: Vec<String>,
    /// Verdict for other values.
    pub other: ItemVerdict,
    /// Request flag that must be `true` for the check to apply.
    pub when_request: Option<FieldPath>,
}

/// Trigger-then-poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollRule {
    /// Index of the polled endpoint in [`Spec::endpoints`].
    pub endpoint: usize,
    /// Timestamp that moves on success.
    pub succeeded_at: FieldPath,
    /// Timestamp that moves on failure.
    pub failed_at: FieldPath,
    /// Field reported while running.
    pub state: Option<FieldPath>,
    /// Conditions under which the operation waits.
    pub defer: Vec<Defer>,
    /// Conditions reported while pending.
    pub notes: Vec<Note>,
    /// When the operation is put off to a later time.
    pub reschedule: Option<Reschedule>,
}

/// The operation put off to a later time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reschedule {
    /// Holds while it is rescheduled.
    pub when: Condition,
    /// The field holding the time it is rescheduled for.
    pub until: FieldPath,
    /// Holds when the caller has to trigger it again then.
    pub trigger_again: Option<Condition>,
}

/// A field compared with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The field compared.
    pub field: FieldPath,
    /// The value that makes it hold.
    pub equals: Scalar,
}

/// A JSON scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

/// A condition under which a polled operation waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defer {
    /// The field compared.
    pub field: FieldPath,
    /// The value that makes it hold.
    pub equals: Scalar,
    /// Why the operation waits.
    pub reason: String,
    /// Until when.
    pub until: Option<String>,
}

/// A condition reported while pending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The field compared.
    pub field: FieldPath,
    /// The value that makes it apply.
    pub equals: Scalar,
    /// What it means.
    pub note: String,
    /// A field whose value completes the note.
    pub detail: Option<FieldPath>,
}
