//! Path templates such as `/v1/connections/{connectionId}/sync`.
//!
//! A placeholder is `{name}` where `name` is non-empty and contains no `{` or `/`.
//! Any other brace is ordinary text: the generator validates templates, so these
//! functions only need to be total, not to report malformed ones.

use std::fmt;

/// Fills in a path template, percent-encoding each value as one path segment.
///
/// Every byte of a value other than the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is written as `%XX`, so `a/b c` becomes `a%2Fb%20c` and
/// cannot change the shape of the path.
///
/// If `params` names a parameter more than once, the first value wins and later
/// ones are ignored. A placeholder used twice in the template gets the same value
/// both times.
///
/// # Errors
///
/// - [`PathError::Missing`] if a template parameter has no value;
/// - [`PathError::Empty`] if its value is empty (an empty segment would change
///   which endpoint the path names);
/// - [`PathError::Unknown`] if `params` names a parameter the template lacks.
///
/// Template parameters are checked first, in template order.
pub fn render_path(template: &str, params: &[(&str, &str)]) -> Result<String, PathError> {
    let mut path = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Literal(text) => path.push_str(text),
            Piece::Param(name) => {
                let value = params
                    .iter()
                    .find(|(given, _)| *given == name)
                    .map(|(_, value)| *value)
                    .ok_or_else(|| PathError::Missing(name.to_owned()))?;
                if value.is_empty() {
                    return Err(PathError::Empty(name.to_owned()));
                }
                encode_segment(value, &mut path);
            }
        }
    }
    let names = template_params(template);
    if let Some((unknown, _)) = params.iter().find(|(name, _)| !names.contains(name)) {
        return Err(PathError::Unknown((*unknown).to_owned()));
    }
    Ok(path)
}

/// The parameter names in a path template, in the order they appear (repeats included).
pub fn template_params(template: &str) -> Vec<&str> {
    pieces(template)
        .filter_map(|piece| match piece {
            Piece::Param(name) => Some(name),
            Piece::Literal(_) => None,
        })
        .collect()
}

/// Whether a request path could have been rendered from a path template.
///
/// Any `?query` or `#fragment` is dropped from `path`, and one trailing `/` from
/// each side; the two are then compared segment by segment. Literal text must
/// match exactly (case-sensitively) and each `{name}` matches one or more
/// characters within a single segment, so `/v1/connections/{connectionId}/sync`
/// matches `/v1/connections/abc123/sync/` but not `/v1/connections//sync`.
pub fn matches_template(template: &str, path: &str) -> bool {
    let path = path.find(['?', '#']).map_or(path, |end| &path[..end]);
    let mut template_segments = strip_trailing_slash(template).split('/');
    let mut path_segments = strip_trailing_slash(path).split('/');
    loop {
        match (template_segments.next(), path_segments.next()) {
            (None, None) => return true,
            (Some(pattern), Some(segment)) if segment_matches(pieces(pattern), segment) => {}
            _ => return false,
        }
    }
}

/// Why a path template could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    /// The template has this parameter but no value was given for it.
    Missing(String),
    /// A value was given for this parameter but the template does not have it.
    Unknown(String),
    /// The value given for this parameter is empty.
    Empty(String),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Missing(name) => write!(f, "missing path parameter `{name}`"),
            PathError::Unknown(name) => write!(f, "unknown path parameter `{name}`"),
            PathError::Empty(name) => write!(f, "empty value for path parameter `{name}`"),
        }
    }
}

impl std::error::Error for PathError {}

/// A run of literal text or one placeholder in a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

fn pieces(template: &str) -> Pieces<'_> {
    Pieces { rest: template }
}

/// Splits a template into [`Piece`]s.
#[derive(Clone)]
struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        if let Some((name, after)) = placeholder_at_start(self.rest) {
            self.rest = after;
            return Some(Piece::Param(name));
        }
        // Literal text runs up to the next `{` that could open a placeholder. It
        // skips the first byte so a `{` that failed to open one stays literal.
        // Slicing is safe: `{` is ASCII, so it always starts a character.
        let end = self
            .rest
            .bytes()
            .skip(1)
            .position(|b| b == b'{')
            .map_or(self.rest.len(), |i| i + 1);
        let (literal, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(Piece::Literal(literal))
    }
}

/// If `text` starts with a valid `{name}`, returns the name and the text after it.
fn placeholder_at_start(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('{')?;
    let (name, after) = inner.split_once('}')?;
    let valid = !name.is_empty() && !name.contains(['{', '/']);
    valid.then_some((name, after))
}

/// Whether one path segment matches the pieces of one template segment.
fn segment_matches(mut pattern: Pieces<'_>, segment: &str) -> bool {
    match pattern.next() {
        None => segment.is_empty(),
        Some(Piece::Literal(text)) => segment
            .strip_prefix(text)
            .is_some_and(|rest| segment_matches(pattern, rest)),
        // A placeholder takes at least one character; try each possible length so
        // a segment like `{id}.json` also works.
        Some(Piece::Param(_)) => (1..=segment.len())
            .filter(|&end| segment.is_char_boundary(end))
            .any(|end| segment_matches(pattern.clone(), &segment[end..])),
    }
}

fn strip_trailing_slash(text: &str) -> &str {
    text.strip_suffix('/').unwrap_or(text)
}

/// Appends `value` percent-encoded so it is exactly one path segment.
fn encode_segment(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYNC: &str = "/v1/connections/{connectionId}/sync";

    #[test]
    fn renders_parameters() {
        assert_eq!(
            render_path(SYNC, &[("connectionId", "abc123")]).unwrap(),
            "/v1/connections/abc123/sync"
        );
        assert_eq!(
            render_path(
                "/v1/groups/{groupId}/users/{userId}",
                &[("userId", "u1"), ("groupId", "g1")]
            )
            .unwrap(),
            "/v1/groups/g1/users/u1"
        );
        assert_eq!(render_path("/v1/users", &[]).unwrap(), "/v1/users");
        assert_eq!(render_path("", &[]).unwrap(), "");
        assert_eq!(
            render_path("/files/{id}.json", &[("id", "7")]).unwrap(),
            "/files/7.json"
        );
    }

    #[test]
    fn encodes_values_as_one_segment() {
        let render = |value| render_path("/x/{v}", &[("v", value)]).unwrap();
        assert_eq!(render("a/b c"), "/x/a%2Fb%20c");
        assert_eq!(render("AZaz09-._~"), "/x/AZaz09-._~");
        assert_eq!(render("100%"), "/x/100%25");
        assert_eq!(render("é"), "/x/%C3%A9");
        assert_eq!(
            render("?#[]@!$&'()*+,;=:"),
            "/x/%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A"
        );
        assert_eq!(render(".."), "/x/..");
        assert_eq!(render("\u{0}\u{7f}"), "/x/%00%7F");
        assert_eq!(render("{v}"), "/x/%7Bv%7D");
    }

    #[test]
    fn reports_missing_unknown_and_empty() {
        assert_eq!(
            render_path(SYNC, &[]),
            Err(PathError::Missing("connectionId".into()))
        );
        assert_eq!(
            render_path(SYNC, &[("connectionid", "x")]),
            Err(PathError::Missing("connectionId".into()))
        );
        assert_eq!(
            render_path(SYNC, &[("connectionId", "x"), ("extra", "y")]),
            Err(PathError::Unknown("extra".into()))
        );
        assert_eq!(
            render_path("/v1/users", &[("id", "1")]),
            Err(PathError::Unknown("id".into()))
        );
        assert_eq!(
            render_path(SYNC, &[("connectionId", "")]),
            Err(PathError::Empty("connectionId".into()))
        );
    }

    #[test]
    fn first_value_wins() {
        assert_eq!(
            render_path(
                SYNC,
                &[("connectionId", "first"), ("connectionId", "second")]
            )
            .unwrap(),
            "/v1/connections/first/sync"
        );
        // A later empty duplicate is ignored too.
        assert_eq!(
            render_path(SYNC, &[("connectionId", "first"), ("connectionId", "")]).unwrap(),
            "/v1/connections/first/sync"
        );
    }

    #[test]
    fn repeated_placeholder_gets_same_value() {
        assert_eq!(render_path("/{a}/x/{a}", &[("a", "1")]).unwrap(), "/1/x/1");
        assert_eq!(template_params("/{a}/x/{a}"), ["a", "a"]);
    }

    #[test]
    fn malformed_templates_pass_through() {
        assert_eq!(render_path("/a/{unclosed", &[]).unwrap(), "/a/{unclosed");
        assert_eq!(render_path("/a/{}/b", &[]).unwrap(), "/a/{}/b");
        assert_eq!(render_path("/a/}/b", &[]).unwrap(), "/a/}/b");
        assert_eq!(render_path("/a/{b/c}", &[]).unwrap(), "/a/{b/c}");
        assert_eq!(render_path("/a/{x{y}", &[("y", "1")]).unwrap(), "/a/{x1");
        assert_eq!(render_path("{{", &[]).unwrap(), "{{");
        assert_eq!(
            render_path("/café/{id}/ü{", &[("id", "1")]).unwrap(),
            "/café/1/ü{"
        );
    }

    #[test]
    fn lists_template_params_in_order() {
        assert_eq!(template_params(SYNC), ["connectionId"]);
        assert_eq!(
            template_params("/v1/groups/{groupId}/users/{userId}"),
            ["groupId", "userId"]
        );
        assert_eq!(template_params("/{a}{b}"), ["a", "b"]);
        assert!(template_params("/v1/users").is_empty());
        assert!(template_params("/a/{}/{unclosed").is_empty());
    }

    #[test]
    fn matches_paths_for_the_template() {
        for path in [
            "/v1/connections/abc123/sync",
            "/v1/connections/abc123/sync/",
            "/v1/connections/abc123/sync?x=1",
            "/v1/connections/abc123/sync/?x=1",
            "/v1/connections/abc123/sync#top",
            "/v1/connections/a%2Fb/sync",
            SYNC,
        ] {
            assert!(matches_template(SYNC, path), "{path}");
        }
    }

    #[test]
    fn rejects_paths_not_from_the_template() {
        for path in [
            "/v1/connections//sync",
            "/v1/connections/abc/def/sync",
            "/v1/connections/abc123",
            "/v1/connections/abc123/sync/extra",
            "/v1/connections/abc123/sync//",
            "/v1/Connections/abc123/sync",
            "/v2/connections/abc123/sync",
            "v1/connections/abc123/sync",
            "",
            "?/v1/connections/abc123/sync",
        ] {
            assert!(!matches_template(SYNC, path), "{path}");
        }
    }

    #[test]
    fn matches_literal_and_trailing_slash_templates() {
        assert!(matches_template("/v1/users/", "/v1/users"));
        assert!(matches_template("/v1/users", "/v1/users/"));
        assert!(!matches_template("/v1/users", "/v1/user"));
        assert!(!matches_template("/v1/users", "/v1/users2"));
        assert!(matches_template("/", "/"));
        assert!(matches_template("/", "/?q"));
        assert!(!matches_template("/", "/x"));
    }

    #[test]
    fn matches_placeholders_inside_a_segment() {
        assert!(matches_template("/files/{id}.json", "/files/7.json"));
        assert!(matches_template("/files/{id}.json", "/files/a.b.json"));
        assert!(!matches_template("/files/{id}.json", "/files/.json"));
        assert!(!matches_template("/files/{id}.json", "/files/7.xml"));
        assert!(!matches_template("/files/{id}.json", "/files/7.jsonx"));
        assert!(matches_template("/{a}-{b}", "/x-y"));
        assert!(!matches_template("/{a}-{b}", "/x-"));
        assert!(matches_template("/{id}", "/é"));
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            PathError::Missing("x".into()).to_string(),
            "missing path parameter `x`"
        );
        assert_eq!(
            PathError::Unknown("x".into()).to_string(),
            "unknown path parameter `x`"
        );
        assert_eq!(
            PathError::Empty("x".into()).to_string(),
            "empty value for path parameter `x`"
        );
        let _: &dyn std::error::Error = &PathError::Empty("x".into());
    }
}
