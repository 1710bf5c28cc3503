//! Reading spec text into the raw model.
//!
//! This is the only module that knows the YAML library. errspec uses
//! `serde-saphyr`: it rejects duplicate mapping keys with their position (a
//! duplicated code must never vanish silently), reports unknown keys and wrong
//! types at their line and column, gives `Spanned<T>` values so the validator can
//! locate semantic errors, and bounds alias expansion with a node budget.

use std::ops::Range;

use serde_saphyr::{Location, MessageFormatter, Options, UserMessageFormatter};

use crate::diagnostic::{offset_of, Diagnostic};
use crate::raw::RawSpec;

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

/// Parses spec text into the raw model, or returns the first YAML or shape error.
pub fn load(source: &str) -> Result<RawSpec, Diagnostic> {
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Diagnostic::new("the spec is empty", 0..source.len())
            .with_help("a spec starts with `version: 1`; see the README for the format"));
    }
    let options = Options::default();
    serde_saphyr::from_str_with_options::<RawSpec>(source, options)
        .map_err(|error| yaml_diagnostic(source, &error))
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

/// Byte range in `source` of a value the YAML library located.
pub fn span_of(source: &str, location: &Location) -> Range<usize> {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => {
            let start = usize::try_from(start).unwrap_or(source.len());
            start..start.saturating_add(usize::try_from(len).unwrap_or(0))
        }
        _ => point_at(source, location),
    }
}

/// One character at a line and column (the YAML library's fallback position).
fn point_at(source: &str, location: &Location) -> Range<usize> {
    let line = usize::try_from(location.line()).unwrap_or(1).max(1);
    let col = usize::try_from(location.column()).unwrap_or(1).max(1);
    let start = offset_of(source, line, col);
    let len = source[start..].chars().next().map_or(0, char::len_utf8);
    start..start + len
}

fn yaml_diagnostic(source: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let inner = error.without_snippet();
    let message = clean_message(&UserMessageFormatter.format_message(inner));
    let span = match inner.location() {
        Some(location) if location.line() > 0 => token_at(source, point_at(source, &location)),
        _ => source.len()..source.len(),
    };
    let mut diagnostic = Diagnostic::new(friendlier(&message), span);
    if let Some(help) = unknown_key_help(&message) {
        diagnostic = diagnostic.with_label("unknown key").with_help(help);
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        diagnostic =
            diagnostic.with_help(format!("add `{field}:` (see the README for the format)"));
    } else if message.starts_with("duplicate mapping key") {
        diagnostic = diagnostic
            .with_label("second occurrence")
            .with_help("a key may appear once per mapping; keep one entry and delete the other");
    }
    diagnostic
}

/// Rewords the YAML library's parser-speak for the two shape errors spec authors
/// meet most.
fn friendlier(message: &str) -> String {
    match message {
        "expected sequence start" => "expected a list here, such as `[404]`".to_owned(),
        "expected mapping start" => "expected a mapping of `key: value` entries here".to_owned(),
        "invalid i64" | "invalid u16" | "invalid u32" | "invalid u64" => {
            "expected a whole number here".to_owned()
        }
        other => other.to_owned(),
    }
}

/// Widens a one-character position to the whole key or scalar that starts there,
/// so the excerpt underlines the offending word.
fn token_at(source: &str, point: Range<usize>) -> Range<usize> {
    let rest = &source[point.start..];
    let len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(point.len(), |end| end + 2),
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || ":,[]{}#".contains(c))
            .unwrap_or(rest.len()),
        None => 0,
    };
    point.start..point.start + len.max(point.len())
}

/// Keeps a YAML library message on one line and free of control characters, since
/// it may quote spec text.
fn clean_message(message: &str) -> String {
    message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// For "unknown field `categry`, expected one of statuses, category", suggests the
/// closest expected key.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected one of ")?.1;
    let candidates: Vec<&str> = expected.split(", ").map(str::trim).collect();
    match crate::naming::closest(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("expected one of: {}", candidates.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            unknown_key_help(
                "unknown field `categry`, expected one of statuses, category, description"
            )
            .as_deref(),
            Some("did you mean `category`?")
        );
        assert_eq!(unknown_key_help("invalid u16"), None);
    }

    #[test]
    fn token_at_covers_the_word_or_quoted_scalar() {
        let src = "  categry: x\n  \"a b\": 1\n";
        assert_eq!(&src[token_at(src, 2..3)], "categry");
        assert_eq!(&src[token_at(src, 15..16)], "\"a b\"");
        assert_eq!(token_at(src, src.len()..src.len()), src.len()..src.len());
        // A position on punctuation keeps its one character.
        assert_eq!(&src[token_at(src, 9..10)], ":");
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let (shown, diagnostic) = decode(b"version: 1\nname: caf\xe9 bar\n").unwrap_err();
        assert_eq!(&shown[diagnostic.span.clone()], "\u{fffd}");
        assert!(diagnostic.message.contains("0xe9"));
        assert!(shown.ends_with(" bar"));
    }

    #[test]
    fn empty_and_blank_specs_are_reported() {
        for text in ["", "   \n\n", "\u{feff}"] {
            assert_eq!(load(text).unwrap_err().message, "the spec is empty");
        }
    }
}
