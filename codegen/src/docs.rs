//! A Markdown reference of a spec: statuses, codes, categories, families and
//! endpoints with how each confirms its outcome.

use crate::model::Spec;

/// The Markdown reference of `spec`; `origin` names the spec file in the header.
pub fn markdown(spec: &Spec, origin: &str) -> String {
    let _ = (spec, origin);
    String::new()
}
