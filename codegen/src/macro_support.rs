//! The expansion behind the `include_spec!` proc-macro.
//!
//! It lives here rather than in the macro crate so tests can compare its output
//! with the other front-ends: a proc-macro crate can export nothing but macros.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use crate::Options;

/// The macro's input: `"path/to/spec.yaml"`, optionally followed by `, serde`.
pub struct IncludeSpec {
    /// The spec path, relative to the calling crate's manifest directory.
    pub path: LitStr,
    /// Options named after the path.
    pub options: Options,
}

impl Parse for IncludeSpec {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut options = Options::default();
        while input.parse::<Option<Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let flag: Ident = input.parse()?;
            match flag.to_string().as_str() {
                "serde" => options.serde = true,
                other => {
                    return Err(syn::Error::new(
                        flag.span(),
                        format!("unknown include_spec! option `{other}`; expected `serde`"),
                    ))
                }
            }
        }
        Ok(IncludeSpec { path, options })
    }
}

/// Parses the macro's input tokens.
pub fn parse(input: TokenStream) -> syn::Result<IncludeSpec> {
    syn::parse2(input)
}

/// The generated items for the macro's spec, without the file-tracking item.
///
/// On failure, the message to show in `compile_error!`.
pub fn generate(
    input: &IncludeSpec,
    manifest_dir: &Path,
) -> Result<(PathBuf, TokenStream), String> {
    let origin = input.path.value();
    let path = manifest_dir.join(&origin);
    let bytes = crate::read_spec(&path).map_err(|error| match error {
        crate::Error::Spec(errors) => compile_error_text(&errors),
        other => format!("errspec: cannot read spec: {other}"),
    })?;
    let spec = crate::parse_spec(&bytes, &origin).map_err(|errors| compile_error_text(&errors))?;
    Ok((path, crate::generate_tokens(&spec, &input.options)))
}

/// The rendered diagnostics without their first `error: `, which
/// `compile_error!` prints itself.
fn compile_error_text(errors: &crate::SpecErrors) -> String {
    let text = errors.to_string();
    match text.strip_prefix("error: ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// The macro's full expansion: the generated items plus an `include_bytes!` of the
/// spec, which makes cargo recompile the caller when the spec changes. A bad spec
/// expands to a `compile_error!` carrying the located diagnostic.
pub fn expand(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    let input = match parse(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    match generate(&input, manifest_dir) {
        Ok((path, tokens)) => {
            let path = path.to_string_lossy().into_owned();
            quote! {
                const _: &[u8] = ::core::include_bytes!(#path);
                #tokens
            }
        }
        Err(message) => {
            let span = input.path.span();
            quote_spanned!(span=> ::core::compile_error!(#message);)
        }
    }
}
