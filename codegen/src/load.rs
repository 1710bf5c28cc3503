//! Reading spec text into the raw model.
//!
//! errspec reads YAML itself ([`crate::yaml`] builds a located tree,
//! [`crate::decode`] fills the raw model from it): a duplicated code must never
//! vanish silently, unknown keys and wrong types are reported at their line and
//! column, values carry their position so the validator can locate semantic
//! errors, and aliases are bounded by a node budget.

use crate::diagnostic::Diagnostic;
use crate::yaml::Tree;

/// The largest spec errspec reads: far above any real contract (a spec with
/// 10,000 codes and 1,000 endpoints is about 2 MB), and small enough that a
/// hostile or broken file is refused before any parsing.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// Refuses a spec above [`MAX_SPEC_BYTES`].
pub fn check_size(bytes: &[u8]) -> Result<(), Diagnostic> {
    if bytes.len() <= MAX_SPEC_BYTES {
        return Ok(());
    }
    Err(size_diagnostic(bytes.len()))
}

/// The diagnostic for a spec of `size` bytes, above [`MAX_SPEC_BYTES`].
pub fn size_diagnostic(size: usize) -> Diagnostic {
    Diagnostic::new(
        format!(
            "the spec is {size} bytes; errspec reads specs of up to {} MiB",
            MAX_SPEC_BYTES / (1024 * 1024)
        ),
        0..0,
    )
    .with_help("split the file or remove what is not part of the contract")
}

/// Reads spec text into its YAML tree, or returns the first YAML error.
pub fn read(source: &str) -> Result<Tree<'_>, Diagnostic> {
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Diagnostic::new("the spec is empty", 0..source.len())
            .with_help("a spec starts with `version: 1`; see the README for the format"));
    }
    Tree::read(source)
}

/// Decodes spec bytes as UTF-8, pointing at the first invalid byte otherwise.
pub fn decode(bytes: &[u8]) -> Result<&str, (String, Diagnostic)> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = error.valid_up_to();
        // Render against the valid prefix plus a replacement character so the
        // excerpt can still show the line that holds the bad byte.
        let shown = format!(
            "{}\u{fffd}{}",
            String::from_utf8_lossy(&bytes[..valid]),
            line_rest(&bytes[valid..])
        );
        let diagnostic = Diagnostic::new(
            format!("the spec is not valid UTF-8 (byte 0x{:02x})", bytes[valid]),
            valid..valid + '\u{fffd}'.len_utf8(),
        )
        .with_label("invalid byte")
        .with_help("save the spec as UTF-8");
        (shown, diagnostic)
    })
}

/// The rest of the line after an invalid byte, lossily decoded, for display.
fn line_rest(bytes: &[u8]) -> String {
    let rest = bytes.get(1..).unwrap_or_default();
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let (shown, diagnostic) = decode(b"version: 1\nname: caf\xe9 bar\n").unwrap_err();
        assert_eq!(&shown[diagnostic.span.clone()], "\u{fffd}");
        assert!(diagnostic.message.contains("0xe9"));
        assert!(shown.ends_with(" bar"));
    }

    #[test]
    fn empty_and_blank_specs_are_reported() {
        for text in ["", "   \n\n", "\u{feff}", "# a comment\n"] {
            assert_eq!(read(text).unwrap_err().message, "the spec is empty");
        }
    }
}
