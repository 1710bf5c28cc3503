//! The spec file format exactly as written, with source positions.
//!
//! These types mirror the YAML one to one. [`crate::decode`] fills them from the
//! YAML tree, rejecting unknown keys; the order of each type's fields is the
//! canonical key order that `errspec fmt --check` enforces. Values that the
//! validator may have to complain about are wrapped in [`Spanned`] so its
//! diagnostics can point at them. [`crate::validate`] turns a [`RawSpec`] into the
//! checked [`crate::model::Spec`]. With feature `tools`, the JSON Schema is derived
//! from these types (the `serde` attributes are read by that derive only).

use std::ops::Range;

/// A whole spec file.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Spec"))]
pub struct RawSpec {
    /// Format version; only `1` exists.
    #[cfg_attr(feature = "tools", schemars(with = "i64", extend("const" = 1)))]
    pub version: Spanned<i64>,
    /// The API the contract belongs to.
    pub api: RawApi,
    /// Categories of outcome, keyed by a snake_case key.
    pub categories: Entries<String, RawCategory>,
    /// Documented HTTP statuses, keyed by number.
    #[cfg_attr(feature = "tools", schemars(extend("propertyNames" = {"pattern": "^[1-5][0-9][0-9]$"})))]
    pub statuses: Entries<i64, RawStatus>,
    /// Fallback category per status class (`2xx`, `4xx`, …) for undocumented statuses.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(
        with = "std::collections::BTreeMap<String, String>",
        extend("propertyNames" = {"pattern": "^[1-5]xx$"})
    ))]
    pub status_classes: Entries<String, Spanned<String>>,
    /// Code values, keyed by the value exactly as it appears in response bodies.
    pub codes: Entries<String, RawCode>,
    /// Prefix rules that categorise codes the spec does not list one by one.
    #[cfg_attr(feature = "tools", serde(default))]
    pub families: Vec<RawFamily>,
    /// Where error responses carry their code, message and retry hints; absent,
    /// a top-level `code` and `message` and the `Retry-After` header.
    #[cfg_attr(feature = "tools", serde(default))]
    pub envelope: Option<RawEnvelope>,
    /// Endpoints and what their success responses really mean.
    #[cfg_attr(feature = "tools", serde(default))]
    pub endpoints: Entries<String, RawEndpoint>,
}

/// `envelope:` — where an API's error responses carry what errspec reads.
/// A list left out keeps its default; an empty list means none.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Envelope"))]
pub struct RawEnvelope {
    /// Where the code is, first hit wins (default: body `code`).
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<Vec<RawSource>>"))]
    pub code: Option<Vec<Spanned<RawSource>>>,
    /// Where the message is, first hit wins (default: body `message`).
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<Vec<RawSource>>"))]
    pub message: Option<Vec<Spanned<RawSource>>>,
    /// Named secondary codes, each with its sources.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(
        feature = "tools",
        schemars(with = "std::collections::BTreeMap<String, Vec<RawSource>>")
    )]
    pub details: Entries<String, Vec<Spanned<RawSource>>>,
    /// Tests that make a 2xx response an error response.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<RawErrorWhen>"))]
    pub error_when: Vec<Spanned<RawErrorWhen>>,
    /// Rules that set a response's category; the first that matches wins.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<RawMatchRule>"))]
    pub rules: Vec<Spanned<RawMatchRule>>,
    /// Where the retry delay is, first hit wins (default: `Retry-After`).
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<Vec<RawDelaySource>>"))]
    pub retry_delay: Option<Vec<Spanned<RawDelaySource>>>,
    /// A header saying `true` or `false` to a retry, overriding the category.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub retry_advice: Option<Spanned<String>>,
}

/// One place a code, message or detail code may be: exactly one of `header`
/// and `body`, then the cleanup of its value.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Source"))]
pub struct RawSource {
    /// A response header, by name.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub header: Option<Spanned<String>>,
    /// A field path into the JSON body.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub body: Option<Spanned<String>>,
    /// Keep only the text before the first occurrence of this.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub before: Option<Spanned<String>>,
    /// Then keep only the text after the first occurrence of this.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub after: Option<Spanned<String>>,
    /// Then trim whitespace.
    #[cfg_attr(feature = "tools", serde(default))]
    pub trim: Option<bool>,
}

/// A test that makes a 2xx response an error response: `field` with exactly
/// one of `equals` and `exists: true`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "ErrorWhen"))]
pub struct RawErrorWhen {
    /// The body field tested.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub field: Spanned<String>,
    /// The value that makes the response an error.
    #[cfg_attr(feature = "tools", serde(default))]
    pub equals: Option<RawScalar>,
    /// `true`: the field being present makes the response an error.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<bool>"))]
    pub exists: Option<Spanned<bool>>,
    /// The category of such an error when no rule and no code says otherwise.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub category: Spanned<String>,
}

/// A rule that sets a response's category; every condition given must hold,
/// and at least one must be given.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "MatchRule"))]
pub struct RawMatchRule {
    /// The status is one of these.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<i64>"))]
    pub status: Vec<Spanned<i64>>,
    /// This header is present.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub header: Option<Spanned<String>>,
    /// The header's value, trimmed, is exactly this.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub header_equals: Option<Spanned<String>>,
    /// The code is exactly this.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub code: Option<Spanned<String>>,
    /// The code starts with this.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub code_prefix: Option<Spanned<String>>,
    /// The message contains this, ASCII case ignored (a last resort).
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub message_contains: Option<Spanned<String>>,
    /// The category the rule sets.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub category: Spanned<String>,
}

/// One place a retry delay may be: exactly one of `header` and `body`, and
/// how the delay is written.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "DelaySource"))]
pub struct RawDelaySource {
    /// A response header, by name.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub header: Option<Spanned<String>>,
    /// A field path into the JSON body.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub body: Option<Spanned<String>>,
    /// `seconds`, `milliseconds`, `epoch_seconds`, `duration` or `seconds_or_http_date`.
    #[cfg_attr(feature = "tools", schemars(with = "String", extend("enum" = [
        "seconds", "milliseconds", "epoch_seconds", "duration", "seconds_or_http_date"
    ])))]
    pub unit: Spanned<String>,
}

/// `api:` — names and describes the API.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Api"))]
pub struct RawApi {
    /// Display name, e.g. "Fivetran REST API".
    pub name: String,
    /// What the contract covers.
    pub description: String,
}

/// One entry under `categories:`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Category"))]
pub struct RawCategory {
    /// Display name, e.g. "Not found".
    pub name: String,
    /// What responses in this category mean.
    pub description: String,
    /// How callers should retry.
    pub retry: RawRetry,
}

/// Retry policy spelling in the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "tools", schemars(rename = "Retry"))]
pub enum RawRetry {
    /// Never retry.
    Never,
    /// Retry after the `Retry-After` header's delay.
    RetryAfter,
    /// Retry with exponential backoff.
    Backoff,
}

/// One entry under `statuses:`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Status"))]
pub struct RawStatus {
    /// Reason phrase, e.g. "Not Found".
    pub reason: String,
    /// What the status means for this API.
    pub description: String,
    /// Category of a response with this status that carries no recognised code.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub category: Spanned<String>,
}

/// One entry under `codes:`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Code"))]
pub struct RawCode {
    /// Statuses this code is documented with.
    #[cfg_attr(feature = "tools", schemars(with = "Vec<i64>"))]
    pub statuses: Vec<Spanned<i64>>,
    /// Category key.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub category: Spanned<String>,
    /// What the code means.
    pub description: String,
}

/// One entry under `families:`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Family"))]
pub struct RawFamily {
    /// Every code starting with this text belongs to the family.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub prefix: Spanned<String>,
    /// Category key for the family's codes.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub category: Spanned<String>,
    /// What the family's codes mean.
    pub description: String,
}

/// One entry under `endpoints:`.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Endpoint"))]
pub struct RawEndpoint {
    /// HTTP method, upper case.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub method: Spanned<String>,
    /// Path template with `{name}` parameters.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub path: Spanned<String>,
    /// Statuses that count as success.
    #[cfg_attr(feature = "tools", schemars(with = "Vec<i64>"))]
    pub success: Vec<Spanned<i64>>,
    /// What the endpoint does.
    pub description: String,
    /// Check every item of an array in the success body.
    #[cfg_attr(feature = "tools", serde(default))]
    pub items: Option<RawItems>,
    /// The operation is only triggered: poll another endpoint.
    #[cfg_attr(feature = "tools", serde(default))]
    pub poll: Option<RawPoll>,
    /// Accepted now, effective later.
    #[cfg_attr(feature = "tools", serde(default))]
    pub deferred_effect: Option<RawDeferredEffect>,
}

/// `items:` — check each element of an array.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Items"))]
pub struct RawItems {
    /// `data.setup_tests[].status`: the array, `[]`, then the field checked.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub each: Spanned<String>,
    /// Values that fail the operation.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<String>"))]
    pub fail: Vec<Spanned<String>>,
    /// Values that let it complete with issues.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<String>"))]
    pub degrade: Vec<Spanned<String>>,
    /// Values that pass.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Vec<String>"))]
    pub pass: Vec<Spanned<String>>,
    /// Verdict for any other value (default: `degrade`).
    #[cfg_attr(feature = "tools", serde(default))]
    pub other: Option<RawVerdict>,
    /// A request field that must be `true` for the check to apply.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub when_request: Option<Spanned<String>>,
}

/// Verdict spelling for `other:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "tools", schemars(rename = "Verdict"))]
pub enum RawVerdict {
    /// Passes.
    Pass,
    /// Completes with issues.
    Degrade,
    /// Fails.
    Fail,
}

/// `poll:` — trigger-then-poll.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Poll"))]
pub struct RawPoll {
    /// Key of the endpoint to poll.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub endpoint: Spanned<String>,
    /// Timestamp field that moves on success.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub succeeded_at: Spanned<String>,
    /// Timestamp field that moves on failure.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub failed_at: Spanned<String>,
    /// Field reported while the operation runs.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub state: Option<Spanned<String>>,
    /// Conditions under which the operation waits.
    #[cfg_attr(feature = "tools", serde(default))]
    pub defer: Vec<RawDefer>,
    /// Conditions reported while pending.
    #[cfg_attr(feature = "tools", serde(default))]
    pub notes: Vec<RawNote>,
    /// When and until when the operation is put off to a later time.
    #[cfg_attr(feature = "tools", serde(default))]
    pub reschedule: Option<RawReschedule>,
}

/// `reschedule:` — the operation put off to a later time.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Reschedule"))]
pub struct RawReschedule {
    /// The field compared.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub field: Spanned<String>,
    /// The value that means the operation is rescheduled.
    pub equals: RawScalar,
    /// The field holding the time it is rescheduled for.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub until: Spanned<String>,
    /// Holds when the caller has to trigger the operation again at that time.
    #[cfg_attr(feature = "tools", serde(default))]
    pub trigger_again: Option<RawCondition>,
}

/// A field compared with a value.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Condition"))]
pub struct RawCondition {
    /// The field compared.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub field: Spanned<String>,
    /// The value that makes the condition hold.
    pub equals: RawScalar,
}

/// A defer condition.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Defer"))]
pub struct RawDefer {
    /// The field compared.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub field: Spanned<String>,
    /// The value that makes the condition hold.
    pub equals: RawScalar,
    /// Why the operation waits.
    pub reason: String,
    /// Until when, in words.
    #[cfg_attr(feature = "tools", serde(default))]
    pub until: Option<String>,
}

/// A note reported while pending.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "Note"))]
pub struct RawNote {
    /// The field compared.
    #[cfg_attr(feature = "tools", schemars(with = "String"))]
    pub field: Spanned<String>,
    /// The value that makes the note apply.
    pub equals: RawScalar,
    /// What it means.
    pub note: String,
    /// A field whose value completes the note.
    #[cfg_attr(feature = "tools", serde(default))]
    #[cfg_attr(feature = "tools", schemars(with = "Option<String>"))]
    pub detail: Option<Spanned<String>>,
}

/// A JSON scalar in a condition.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(untagged))]
#[cfg_attr(feature = "tools", schemars(rename = "Scalar"))]
pub enum RawScalar {
    /// `null`.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

/// `deferred_effect:` — accepted now, effective later.
#[derive(Debug)]
#[cfg_attr(feature = "tools", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tools", serde(deny_unknown_fields))]
#[cfg_attr(feature = "tools", schemars(rename = "DeferredEffect"))]
pub struct RawDeferredEffect {
    /// What is deferred.
    pub reason: String,
    /// Until when.
    pub until: String,
    /// What to verify afterwards.
    pub verify: String,
}

/// A YAML mapping kept in source order, each key with its position.
///
/// Duplicate keys never reach this type: the decoder rejects them with their
/// location.
#[derive(Debug)]
pub struct Entries<K, V>(pub Vec<(Spanned<K>, V)>);

#[cfg(feature = "tools")]
impl<K, V: schemars::JsonSchema> schemars::JsonSchema for Entries<K, V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

/// A value with the byte range of the spec text it was read from, so the
/// validator can point at it. A value reached through an alias (`*name`) is
/// located at the alias, where it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was read from.
    pub span: Range<usize>,
}

/// The schema derive writes a key's default by serialising it, so `Spanned`
/// serialises as its value (an empty list, or null).
#[cfg(feature = "tools")]
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}
