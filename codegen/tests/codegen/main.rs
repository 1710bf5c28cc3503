//! errspec-codegen's tests, one binary with a module per concern. Their inputs
//! sit beside this directory: `fixtures/` (valid specs), `bad_specs/` (one
//! mistake each), `diff_pairs/` and `fmt_cases/`; insta snapshots in
//! `codegen/snapshots/`. Review a change with `cargo insta review`.

mod adversarial;
mod diff;
mod docs;
mod fmt;
mod markdown;
mod schema;
mod snapshots;
mod spec_edit;
mod support;
