//! Turning spec strings into Rust identifiers.
//!
//! Every generated type and variant name comes from [`type_name`], so one rule
//! decides them all. The rule never fails: it camel-cases ASCII words, spells other
//! characters as `U` plus their hex code point, puts `_` before a leading digit and
//! after `Self`. Two spec strings that end up with the same name are a spec error
//! reported by the validator, never silently renamed.

use heck::ToUpperCamelCase;

/// The UpperCamelCase Rust identifier for a spec string.
///
/// ```
/// use errspec_codegen::naming::type_name;
/// assert_eq!(type_name("NotFound_Connector"), "NotFoundConnector");
/// assert_eq!(type_name("not_found"), "NotFound");
/// assert_eq!(type_name("404_page"), "_404Page");
/// assert_eq!(type_name("Self"), "Self_");
/// assert_eq!(type_name("café"), "CafU00e9");
/// ```
pub fn type_name(value: &str) -> String {
    // Spell non-ASCII characters as ASCII words first so heck sees word boundaries
    // and the result stays within the identifiers every tool handles.
    let mut ascii = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else if c.is_alphanumeric() {
            ascii.push_str(&format!("U{:04x}", u32::from(c)));
        } else {
            ascii.push(' ');
        }
    }
    let mut name = ascii.to_upper_camel_case();
    if name.is_empty() {
        // Nothing alphanumeric at all: name it after its code points.
        name = value
            .chars()
            .map(|c| format!("U{:04x}", u32::from(c)))
            .collect();
    }
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    // `Self` is the only keyword an UpperCamelCase word can spell, and it cannot
    // be a raw identifier.
    if name == "Self" {
        name.push('_');
    }
    name
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_identifiers() {
        for value in [
            "Success",
            "NotFound_Role",
            "already-in-sync",
            "x",
            "123",
            "self",
            "SELF",
            "🚀",
            "",
            "a b c",
            "عربي",
            "r#type",
            "__",
        ] {
            let name = type_name(value);
            assert!(
                syn::parse_str::<syn::Ident>(&name).is_ok(),
                "{value:?} -> {name:?}"
            );
        }
    }

    #[test]
    fn separators_collapse_so_collisions_are_detectable() {
        assert_eq!(type_name("NotFound_Role"), type_name("NotFoundRole"));
        assert_eq!(type_name("rate-limit"), type_name("rate_limit"));
    }

    #[test]
    fn distinct_symbols_get_distinct_names() {
        assert_ne!(type_name("🚀"), type_name("🛑"));
        assert_eq!(type_name("!"), "U0021");
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["statuses", "category", "description"];
        assert_eq!(closest("categroy", keys), Some("category"));
        assert_eq!(closest("zzz", keys), None);
    }
}
