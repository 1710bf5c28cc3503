//! The plain-`match` baselines of `errspec-bench`: for each scale spec, the
//! listed code values and `parse_match`, a `match` on string literals (what
//! hand-written code and derive macros emit). Written by `build.rs` from the
//! same deterministic generator as the specs.
//!
//! The 10- and 1,000-code baselines also have the open-enum baseline:
//! `PlainCode` (a unit variant per listed code, and `Other(Box<str>)`) and
//! `parse_open`, the same `match` returning it, which produces what the
//! generated `Code::parse` produces. The 10,000-code one does not: its
//! optimised build already takes minutes.

/// The 10-code baseline, with the open enum.
pub mod b10 {
    include!(concat!(env!("OUT_DIR"), "/baseline_10.rs"));
}

/// The 1,000-code baseline, with the open enum.
pub mod b1000 {
    include!(concat!(env!("OUT_DIR"), "/baseline_1000.rs"));
}

/// The 10,000-code baseline (no open enum).
pub mod b10000 {
    include!(concat!(env!("OUT_DIR"), "/baseline_10000.rs"));
}
