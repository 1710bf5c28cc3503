//! errspec's generator: an API error-contract spec in YAML, typed Rust out.
//!
//! The core is one pure pipeline, `spec text -> Spec -> tables -> file`, that
//! returns located diagnostics instead of panicking. The spec is lowered once
//! into the runtime's tables ([`lower`]), and one writer lays the file out; no
//! formatter runs, so the bytes depend only on this crate's version.
//!
//! Feature `tools` adds what only the `errspec` command line needs: the JSON
//! Schema, `diff`, `docs` and the `fmt` check. Build scripts and the macro need
//! none of it.
//!
//! ```
//! let spec = "\
//! version: 1
//! api: { name: Demo API, description: A small contract. }
//! categories:
//!   not_found: { name: Not found, description: The resource is missing., retry: never }
//! statuses:
//!   404: { reason: Not Found, description: Nothing there., category: not_found }
//! codes:
//!   NotFound_Thing: { statuses: [404], category: not_found, description: No such thing. }
//! ";
//! let code = errspec_codegen::generate(spec.as_bytes(), "demo.yaml", &Default::default()).unwrap();
//! assert!(code.starts_with("// @generated"));
//! assert!(code.contains("NotFoundThing"));
//! ```
//!
//! Three front-ends sit on top and produce the same code for the same spec and
//! options: [`Builder`] for build scripts and the `errspec` CLI write
//! byte-identical files, and the `include_spec!` macro (crate `errspec-macros`,
//! re-exported by `errspec`) expands to [`generate_items`], that same text
//! lexed by the compiler ([`macro_support`]).
//!
//! Feature `tokens` adds `generate_tokens`, the same text lexed by
//! `proc-macro2`, for tools and tests that compare token streams.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Diagnostics are 128 bytes and only travel on the (cold) bad-spec path, once per
// build; boxing them would buy nothing measurable.
#![allow(clippy::result_large_err)]

mod builder;
mod decode;
pub mod diagnostic;
#[cfg(feature = "tools")]
pub mod diff;
#[cfg(feature = "tools")]
pub mod docs;
mod emit;
#[cfg(feature = "tools")]
pub mod format;
mod load;
pub mod lower;
pub mod macro_support;
pub mod model;
pub mod naming;
mod raw;
#[cfg(feature = "tools")]
pub mod schema;
mod validate;
mod writer;
mod yaml;

use std::fmt;
use std::path::PathBuf;

pub use builder::Builder;
pub use diagnostic::{Diagnostic, SpecErrors};
pub use load::MAX_SPEC_BYTES;
pub use model::Spec;
pub use validate::{MAX_DIAGNOSTICS, SPEC_VERSION};

/// Settings that change the generated code. Every front-end takes the same ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Implement `serde::Serialize` and `Deserialize` for `Code` as its string value.
    /// The generated code uses the serde that the `errspec` crate re-exports, so
    /// neither a feature nor a direct serde dependency is needed.
    pub serde: bool,
}

impl Options {
    /// Default options: no serde support.
    pub fn new() -> Self {
        Options::default()
    }

    /// Turns serde support on or off.
    pub fn serde(mut self, on: bool) -> Self {
        self.serde = on;
        self
    }

    /// The CLI flags that select these options, for regeneration hints.
    pub fn cli_flags(&self) -> &'static str {
        if self.serde {
            " --serde"
        } else {
            ""
        }
    }

    /// The options a generated file was made with, read from its header's
    /// `Regenerate:` line; `None` when the text has no such header.
    pub fn from_header(generated: &str) -> Option<Options> {
        let line = generated
            .lines()
            .take(4)
            .find_map(|line| line.strip_prefix("// Regenerate: errspec generate "))?;
        let flags = line.strip_suffix(" -o <this file>")?;
        Some(Options::new().serde(flags.split(' ').any(|flag| flag == "--serde")))
    }
}

/// Reads a spec file for a front-end. A file above [`MAX_SPEC_BYTES`] is refused
/// from its size alone, before any of it is read.
pub fn read_spec(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_SPEC_BYTES as u64 {
        let diagnostic = load::size_diagnostic(usize::try_from(size).unwrap_or(usize::MAX));
        return Err(Error::Spec(SpecErrors {
            origin: path.to_string_lossy().into_owned(),
            source: String::new(),
            diagnostics: vec![diagnostic],
            suppressed: 0,
        }));
    }
    std::fs::read(path).map_err(io)
}

/// Writes `bytes` to `path` unless the file already holds exactly them, so an
/// unchanged output keeps its timestamp and triggers no rebuild. Returns whether
/// it wrote.
pub fn write_if_changed(path: &std::path::Path, bytes: &[u8]) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(true)
}

/// Loads and validates a spec from its bytes.
///
/// `origin` names the spec in diagnostics (usually its path).
pub fn parse_spec(bytes: &[u8], origin: &str) -> Result<Spec, SpecErrors> {
    parse_spec_tree(bytes, origin, |_| ()).map(|(spec, ())| spec)
}

/// [`parse_spec`], also handing the spec's YAML tree to `with_tree` once the
/// spec is valid (the `fmt` check walks it).
pub(crate) fn parse_spec_tree<T>(
    bytes: &[u8],
    origin: &str,
    with_tree: impl FnOnce(&yaml::Tree<'_>) -> T,
) -> Result<(Spec, T), SpecErrors> {
    let fail = |source: &str, diagnostics| SpecErrors {
        origin: origin.to_owned(),
        source: source.to_owned(),
        diagnostics,
        suppressed: 0,
    };
    if let Err(diagnostic) = load::check_size(bytes) {
        return Err(fail("", vec![diagnostic]));
    }
    let source = match load::decode(bytes) {
        Ok(source) => source,
        Err((shown, diagnostic)) => return Err(fail(&shown, vec![diagnostic])),
    };
    let tree = load::read(source).map_err(|d| fail(source, vec![d]))?;
    let raw = decode::decode_spec(&tree).map_err(|d| fail(source, vec![d]))?;
    let spec = validate::validate(raw).map_err(|(diagnostics, suppressed)| SpecErrors {
        suppressed,
        ..fail(source, diagnostics)
    })?;
    let extra = with_tree(&tree);
    Ok((spec, extra))
}

/// The generated items of a spec, as tokens (no header): the very text
/// [`generate`] writes, lexed, so every front-end compiles the same code.
#[cfg(feature = "tokens")]
pub fn generate_tokens(spec: &Spec, options: &Options) -> proc_macro2::TokenStream {
    emit::file(spec, options)
        .parse()
        .expect("the emitter writes valid Rust tokens")
}

/// The generated items of a spec as text (no header).
pub fn generate_items(spec: &Spec, options: &Options) -> String {
    emit::file(spec, options)
}

/// Generates the complete Rust file for a spec: header and code.
///
/// `origin` is how the header names the spec; front-ends pass the path they were
/// given, so the same spec and options always give the same bytes.
pub fn generate(bytes: &[u8], origin: &str, options: &Options) -> Result<String, SpecErrors> {
    let spec = parse_spec(bytes, origin)?;
    let mut out = header(bytes, origin, options);
    out.push_str(&emit::file(&spec, options));
    Ok(out)
}

/// The `@generated` header: names the spec, its hash and the options used.
///
/// The hash (64-bit FNV-1a of the spec's bytes) only tells versions of a spec
/// apart in review; it is not a security measure.
pub fn header(bytes: &[u8], origin: &str, options: &Options) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let origin = origin.replace('\\', "/");
    let flags = options.cli_flags();
    format!(
        "// @generated by errspec from {origin} (hash {hash:016x}). Do not edit by hand.\n\
         // Regenerate: errspec generate {origin}{flags} -o <this file>\n\
         // Each item is #[rustfmt::skip]: errspec lays the file out, and cargo fmt leaves it.\n\n"
    )
}

/// Everything that can stop a front-end from generating code.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The spec has problems; rendering the value shows each one located.
    Spec(SpecErrors),
    /// Reading the spec or writing the output failed.
    Io {
        /// The file involved.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The front-end was not set up correctly (e.g. no `OUT_DIR` outside a build script).
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(errors) => errors.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spec(errors) => Some(errors),
            Error::Io { source, .. } => Some(source),
            Error::Config(_) => None,
        }
    }
}

impl From<SpecErrors> for Error {
    fn from(errors: SpecErrors) -> Self {
        Error::Spec(errors)
    }
}
