//! The static tables of an errspec contract, shared by the generator and the runtime.
//!
//! A spec is lowered once (by `errspec-codegen`) into the values of this crate:
//! endpoint rules, the route tree, categorisation data, the error envelope and
//! the code hash table.
//! The generator writes them out as constants in generated code; the `errspec`
//! command line builds the same values at run time; the `errspec` runtime, which
//! re-exports everything here, interprets them. Every type borrows its text
//! (`'r`), so generated code holds `'static` tables and a tool can borrow from a
//! spec it loaded, without leaking it.
//!
//! The crate stands apart from the runtime because the generator needs the same
//! types, and the runtime's `macros` feature depends on the generator.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod categories;
mod envelope;
mod field_path;
mod routes;
mod rules;
mod slots;
mod template;

pub use categories::{Categorisation, Family};
pub use envelope::{
    BodyTest, Cleanup, CodeTest, DelaySource, DelayUnit, Detail, Envelope, ErrorWhen, HeaderTest,
    MatchRule, Place, Source,
};
pub use field_path::{DottedKeys, FieldPath, FieldPathError, Step, Steps};
pub use routes::{route, RouteNode};
pub use rules::{
    Condition, Confirm, Defer, DeferredEffect, EndpointRules, ItemVerdict, ItemsRule, Note,
    PollRule, Reschedule, RetryPolicy, Scalar,
};
pub use slots::{build_slots, find, hash};
pub use template::{PathError, PathTemplate, Segment, TemplateError};

/// The version of the generated-code format: the shape of the tables above and
/// of the items generated code defines. A generated file asserts at compile
/// time that it matches the runtime's, so a file from another errspec fails to
/// build with "regenerate it" instead of misbehaving.
pub const FORMAT_VERSION: u32 = 5;
