//! The expansion behind the `include_spec!` proc-macro, as text.
//!
//! The macro crate reads its own input (a string literal and options) from the
//! compiler's tokens and lexes the text returned here, so this crate needs no
//! token library: a build script that uses errspec does not compile one. The
//! expansion lives here rather than in the macro crate so tests can compare it
//! with the other front-ends: a proc-macro crate can export nothing but macros.

use std::path::{Path, PathBuf};

use crate::Options;

/// Turns on the macro option `name` (`serde`); the message for an unknown one.
pub fn option(name: &str, options: &mut Options) -> Result<(), String> {
    match name {
        "serde" => {
            options.serde = true;
            Ok(())
        }
        other => Err(format!(
            "unknown include_spec! option `{other}`; expected `serde`"
        )),
    }
}

/// The generated items for the spec at `origin` (relative to `manifest_dir`),
/// without the file-tracking item, and the path that was read.
///
/// On failure, the message to show in `compile_error!`.
pub fn generate(
    origin: &str,
    options: &Options,
    manifest_dir: &Path,
) -> Result<(PathBuf, String), String> {
    let path = manifest_dir.join(origin);
    let bytes = crate::read_spec(&path).map_err(|error| match error {
        crate::Error::Spec(errors) => compile_error_text(&errors),
        other => format!("errspec: cannot read spec: {other}"),
    })?;
    let spec = crate::parse_spec(&bytes, origin).map_err(|errors| compile_error_text(&errors))?;
    Ok((path, crate::generate_items(&spec, options)))
}

/// The macro's full expansion as text: an `include_bytes!` of the spec, which
/// makes cargo recompile the caller when the spec changes, then the generated
/// items. On failure, the message to show in `compile_error!`, which carries
/// the located diagnostic.
pub fn expansion(origin: &str, options: &Options, manifest_dir: &Path) -> Result<String, String> {
    let (path, items) = generate(origin, options, manifest_dir)?;
    let path = crate::writer::string(&path.to_string_lossy());
    Ok(format!(
        "const _: &[u8] = ::core::include_bytes!({path});\n{items}"
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_named_after_the_path() {
        let mut options = Options::new();
        option("serde", &mut options).unwrap();
        assert!(options.serde);
        assert_eq!(
            option("serdes", &mut options).unwrap_err(),
            "unknown include_spec! option `serdes`; expected `serde`"
        );
    }

    #[test]
    fn a_missing_spec_is_a_message() {
        let error = expansion(
            "no/such/spec.yaml",
            &Options::new(),
            Path::new("/nonexistent"),
        )
        .unwrap_err();
        assert!(error.starts_with("errspec: cannot read spec: "), "{error}");
    }
}
