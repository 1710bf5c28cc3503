//! Writes each scale spec's plain-`match` baseline into `OUT_DIR`. This crate
//! does not depend on the generator, so editing the generator leaves it
//! compiled: an optimised build of the 10,000-arm `match` takes minutes.
//!
//! The sizes of [`OPEN_ENUM_SIZES`] also get the open-enum baseline (see
//! [`open_enum_baseline`]).
use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "../src/scale.rs"]
mod scale;

/// The sizes that get `PlainCode` and `parse_open`: not 10,000, whose
/// 10,000-arm `match` alone already takes minutes to build optimised.
const OPEN_ENUM_SIZES: [usize; 2] = [10, 1000];

/// The open-enum baseline: `PlainCode`, one unit variant per listed code and
/// `Other(Box<str>)` for any other value, and `parse_open`, a plain `match` on
/// the string literals that keeps an unlisted value boxed. This is what
/// hand-written code or a derive macro for an open enum emits, and gives the
/// same information as the generated `Code::parse`.
fn open_enum_baseline(spec: &scale::ScaleSpec) -> String {
    let mut out = String::with_capacity(spec.codes.len() * 40 + 1024);
    out.push_str(
        r#"
/// The listed codes as an open enum, the way hand-written code or a derive
/// macro writes one: a unit variant per listed code (`V0` is the first, in spec
/// order) and [`PlainCode::Other`] keeping any other value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlainCode {
"#,
    );
    for i in 0..spec.codes.len() {
        let _ = writeln!(out, "    V{i},");
    }
    out.push_str(
        r#"    /// An unlisted value, kept as it came.
    Other(Box<str>),
}

impl PlainCode {
    /// The value of [`PlainCode::Other`]; `None` for a listed code.
    pub fn unlisted(&self) -> Option<&str> {
        match self {
            PlainCode::Other(value) => Some(value),
            _ => None,
        }
    }
}

/// A code value as a [`PlainCode`], by a plain `match` on string literals.
pub fn parse_open(value: &str) -> PlainCode {
    match value {
"#,
    );
    for (i, code) in spec.codes.iter().enumerate() {
        let _ = writeln!(out, "        {:?} => PlainCode::V{i},", code.value);
    }
    out.push_str("        _ => PlainCode::Other(Box::from(value)),\n    }\n}\n");
    out
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../src/scale.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by cargo"));
    for (codes, endpoints) in scale::SIZES {
        let spec = scale::ScaleSpec::build(codes, endpoints);
        let mut module = scale::baseline_module(&spec);
        if OPEN_ENUM_SIZES.contains(&codes) {
            module.push_str(&open_enum_baseline(&spec));
        }
        let path = out.join(format!("baseline_{codes}.rs"));
        // Unchanged bytes keep the file's timestamp.
        if std::fs::read(&path).ok().as_deref() != Some(module.as_bytes()) {
            std::fs::write(&path, module).expect("OUT_DIR is writable");
        }
    }
}
