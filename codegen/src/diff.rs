//! Comparing two versions of a spec, classified for the generated crate's users.

use crate::model::Spec;

/// How a change affects users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled still compiles and behaves the same.
    Compatible,
    /// Code still compiles, but behaves differently at run time.
    BehaviourChange,
    /// Code that compiled may no longer compile (or a match no longer matches).
    Breaking,
}

/// One difference between two specs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// How it affects users.
    pub impact: Impact,
    /// What changed, e.g. `code NotFound_Role`.
    pub subject: String,
    /// The change in words, with what users should know.
    pub detail: String,
}

/// All differences between two specs, in spec order.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// The changes as text, one per line, for people.
    pub fn to_text(&self) -> String {
        String::new()
    }
}

/// The differences from `old` to `new`.
pub fn compare(old: &Spec, new: &Spec) -> Diff {
    let _ = (old, new);
    Diff::default()
}
