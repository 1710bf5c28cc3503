//! The `include_spec!` proc-macro of errspec.
//!
//! A thin shell over `errspec_codegen::macro_support`: it resolves the spec path
//! against the calling crate's manifest directory and expands to the generated
//! code, or to a `compile_error!` carrying the located diagnostic. Use it through
//! the `errspec` crate (feature `macros`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;

use proc_macro::TokenStream;

/// Generates the error-contract code of a spec in place.
///
/// ```ignore
/// mod fivetran {
///     errspec::include_spec!("spec/fivetran.yaml", serde);
/// }
/// ```
///
/// The path is relative to the calling crate's `Cargo.toml` directory. Options
/// after the path: `serde` (implement serde for `Code` through the serde that
/// `errspec` re-exports; no feature to turn on). Editing the spec recompiles the caller. The output
/// is the same code the build-script `Builder` and the CLI write for the same
/// spec and options.
#[proc_macro]
pub fn include_spec(input: TokenStream) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    errspec_codegen::macro_support::expand(input.into(), &manifest_dir).into()
}
