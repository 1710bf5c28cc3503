//! Path templates such as `/v1/connections/{connectionId}/sync`: the one
//! parser every part of errspec uses (the validator, the route tree, `diff`,
//! and `Endpoint::path` at run time).
//!
//! A template starts with `/` and has no query or fragment. Each segment is
//! either literal text without braces or one whole parameter `{name}`, whose
//! name is ASCII letters, digits and `_`, and appears once. A single trailing
//! `/` is allowed and ignored by matching.

use std::fmt;

/// A checked path template, borrowed from the text it was parsed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PathTemplate<'t> {
    text: &'t str,
}

/// One segment of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment<'t> {
    /// Literal text, matched exactly.
    Literal(&'t str),
    /// A `{name}` parameter, matching one non-empty segment.
    Param(&'t str),
}

/// Why a text is not a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateError {
    /// It does not start with `/`.
    NoLeadingSlash,
    /// It has a `?query` or `#fragment`.
    QueryOrFragment,
    /// A segment mixes a parameter with literal text (`{id}.json`).
    Mixed(String),
    /// A `{` is not closed by a `}` ending the segment.
    Unclosed(String),
    /// A parameter's name is empty or not ASCII letters, digits and `_`.
    BadName(String),
    /// A parameter name appears twice.
    Repeated(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::NoLeadingSlash => f.write_str("does not start with `/`"),
            TemplateError::QueryOrFragment => f.write_str("has a query or fragment"),
            TemplateError::Mixed(segment) => {
                write!(f, "segment `{segment}` mixes a parameter with text")
            }
            TemplateError::Unclosed(segment) => write!(f, "parameter `{segment}` is not closed"),
            TemplateError::BadName(segment) => write!(
                f,
                "parameter `{segment}` needs a name of letters, digits and `_`"
            ),
            TemplateError::Repeated(name) => write!(f, "parameter `{name}` appears twice"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl<'t> PathTemplate<'t> {
    /// Checks a template.
    pub fn parse(text: &'t str) -> Result<PathTemplate<'t>, TemplateError> {
        if !text.starts_with('/') {
            return Err(TemplateError::NoLeadingSlash);
        }
        if text.contains(['?', '#']) {
            return Err(TemplateError::QueryOrFragment);
        }
        let template = PathTemplate { text };
        let mut seen: Vec<&str> = Vec::new();
        for raw in template.raw_segments() {
            match classify(raw)? {
                Segment::Literal(_) => {}
                Segment::Param(name) if seen.contains(&name) => {
                    return Err(TemplateError::Repeated(name.to_owned()))
                }
                Segment::Param(name) => seen.push(name),
            }
        }
        Ok(template)
    }

    /// The template as written.
    pub fn as_str(&self) -> &'t str {
        self.text
    }

    /// The segments after the leading `/`, without a trailing empty one (none for `/`).
    pub fn segments(&self) -> impl Iterator<Item = Segment<'t>> + 't {
        // A checked template's segments always classify.
        self.raw_segments()
            .map(|raw| classify(raw).unwrap_or(Segment::Literal(raw)))
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &'t str> + 't {
        self.segments().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name),
            Segment::Literal(_) => None,
        })
    }

    /// The template with parameter names erased (`/v1/connections/{}/sync`):
    /// two templates with the same shape match the same requests.
    pub fn shape(&self) -> String {
        let mut shape = String::with_capacity(self.text.len());
        for segment in self.segments() {
            shape.push('/');
            match segment {
                Segment::Literal(text) => shape.push_str(text),
                Segment::Param(_) => shape.push_str("{}"),
            }
        }
        if shape.is_empty() {
            shape.push('/');
        }
        shape
    }

    /// Fills in the parameters, percent-encoding each value as one path segment.
    ///
    /// Every byte of a value other than the RFC 3986 unreserved characters
    /// (`A-Z a-z 0-9 - . _ ~`) is written as `%XX`, so `a/b c` becomes
    /// `a%2Fb%20c` and cannot change the shape of the path. If `params` names
    /// a parameter twice, the first value wins.
    ///
    /// # Errors
    ///
    /// Template parameters are checked first, in template order:
    /// [`PathError::Missing`] without a value, [`PathError::Empty`] for an empty
    /// one, [`PathError::DotSegment`] for `.` or `..` (URL parsers resolve those
    /// to another path); then [`PathError::Unknown`] for a name the template lacks.
    pub fn render(&self, params: &[(&str, &str)]) -> Result<String, PathError> {
        let mut path = String::with_capacity(self.text.len() + 16);
        for segment in self.segments() {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(name) => {
                    let value = params
                        .iter()
                        .find(|(given, _)| *given == name)
                        .map(|(_, value)| *value)
                        .ok_or_else(|| PathError::Missing(name.to_owned()))?;
                    match value {
                        "" => return Err(PathError::Empty(name.to_owned())),
                        "." | ".." => return Err(PathError::DotSegment(name.to_owned())),
                        _ => encode_segment(value, &mut path),
                    }
                }
            }
        }
        if path.is_empty() || self.text.ends_with('/') {
            path.push('/');
        }
        if let Some((unknown, _)) = params
            .iter()
            .find(|(name, _)| !self.params().any(|param| param == *name))
        {
            return Err(PathError::Unknown((*unknown).to_owned()));
        }
        Ok(path)
    }

    fn raw_segments(&self) -> impl Iterator<Item = &'t str> + 't {
        let text = self.text;
        let trimmed = text.strip_suffix('/').unwrap_or(text);
        let rest = trimmed.strip_prefix('/').unwrap_or(trimmed);
        rest.split('/').filter(move |_| !rest.is_empty())
    }
}

impl fmt::Display for PathTemplate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

fn classify(raw: &str) -> Result<Segment<'_>, TemplateError> {
    let Some(inner) = raw.strip_prefix('{') else {
        if raw.contains(['{', '}']) {
            return Err(TemplateError::Mixed(raw.to_owned()));
        }
        return Ok(Segment::Literal(raw));
    };
    let Some(name) = inner.strip_suffix('}') else {
        return Err(if inner.contains('}') {
            TemplateError::Mixed(raw.to_owned())
        } else {
            TemplateError::Unclosed(raw.to_owned())
        });
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(TemplateError::BadName(raw.to_owned()));
    }
    Ok(Segment::Param(name))
}

/// Why a path could not be rendered from a template.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathError {
    /// The template has this parameter but no value was given for it.
    Missing(String),
    /// A value was given for this parameter but the template does not have it.
    Unknown(String),
    /// The value given for this parameter is empty.
    Empty(String),
    /// The value given for this parameter is `.` or `..`, which URL parsers
    /// resolve into another path.
    DotSegment(String),
    /// The text given as a template is not one.
    Template(TemplateError),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Missing(name) => write!(f, "missing path parameter `{name}`"),
            PathError::Unknown(name) => write!(f, "unknown path parameter `{name}`"),
            PathError::Empty(name) => write!(f, "empty value for path parameter `{name}`"),
            PathError::DotSegment(name) => write!(
                f,
                "path parameter `{name}` is `.` or `..`, which would name another path"
            ),
            PathError::Template(error) => write!(f, "not a path template: it {error}"),
        }
    }
}

impl std::error::Error for PathError {}

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

    fn render(template: &str, params: &[(&str, &str)]) -> Result<String, PathError> {
        PathTemplate::parse(template).unwrap().render(params)
    }

    #[test]
    fn checks_templates() {
        for good in [SYNC, "/", "/v1/users/", "/{a}/x/{b}", "/v1/a_b-c.d"] {
            assert!(PathTemplate::parse(good).is_ok(), "{good}");
        }
        use TemplateError::*;
        for (bad, error) in [
            ("v1/users", NoLeadingSlash),
            ("", NoLeadingSlash),
            ("/v1/users?x=1", QueryOrFragment),
            ("/v1/users#top", QueryOrFragment),
            ("/files/{id}.json", Mixed("{id}.json".into())),
            ("/files/x{id}", Mixed("x{id}".into())),
            ("/a/}", Mixed("}".into())),
            ("/a/{unclosed", Unclosed("{unclosed".into())),
            ("/a/{}", BadName("{}".into())),
            ("/a/{b c}", BadName("{b c}".into())),
            ("/a/{é}", BadName("{é}".into())),
            ("/{a}/x/{a}", Repeated("a".into())),
        ] {
            assert_eq!(PathTemplate::parse(bad), Err(error), "{bad}");
        }
    }

    #[test]
    fn segments_params_and_shape() {
        let template = PathTemplate::parse("/v1/groups/{groupId}/users/{userId}/").unwrap();
        assert_eq!(
            template.segments().collect::<Vec<_>>(),
            [
                Segment::Literal("v1"),
                Segment::Literal("groups"),
                Segment::Param("groupId"),
                Segment::Literal("users"),
                Segment::Param("userId"),
            ]
        );
        assert_eq!(template.params().collect::<Vec<_>>(), ["groupId", "userId"]);
        assert_eq!(template.shape(), "/v1/groups/{}/users/{}");
        assert_eq!(PathTemplate::parse("/").unwrap().shape(), "/");
        assert_eq!(PathTemplate::parse("/").unwrap().segments().count(), 0);
    }

    #[test]
    fn renders_parameters() {
        assert_eq!(
            render(SYNC, &[("connectionId", "abc123")]).unwrap(),
            "/v1/connections/abc123/sync"
        );
        assert_eq!(
            render(
                "/v1/groups/{groupId}/users/{userId}",
                &[("userId", "u1"), ("groupId", "g1")]
            )
            .unwrap(),
            "/v1/groups/g1/users/u1"
        );
        assert_eq!(render("/v1/users", &[]).unwrap(), "/v1/users");
        assert_eq!(render("/v1/users/", &[]).unwrap(), "/v1/users/");
        assert_eq!(render("/", &[]).unwrap(), "/");
        assert_eq!(
            render(SYNC, &[("connectionId", "first"), ("connectionId", "")]).unwrap(),
            "/v1/connections/first/sync",
            "the first value wins"
        );
    }

    #[test]
    fn encodes_values_as_one_segment() {
        let one = |value| render("/x/{v}", &[("v", value)]).unwrap();
        assert_eq!(one("a/b c"), "/x/a%2Fb%20c");
        assert_eq!(one("AZaz09-._~"), "/x/AZaz09-._~");
        assert_eq!(one("100%"), "/x/100%25");
        assert_eq!(one("é"), "/x/%C3%A9");
        assert_eq!(
            one("?#[]@!$&'()*+,;=:"),
            "/x/%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A"
        );
        assert_eq!(one("..."), "/x/...");
        assert_eq!(one("%2e%2e"), "/x/%252e%252e");
        assert_eq!(one("\u{0}\u{7f}"), "/x/%00%7F");
        assert_eq!(one("{v}"), "/x/%7Bv%7D");
    }

    #[test]
    fn reports_missing_unknown_empty_and_dot_segments() {
        assert_eq!(
            render(SYNC, &[]),
            Err(PathError::Missing("connectionId".into()))
        );
        assert_eq!(
            render(SYNC, &[("connectionid", "x")]),
            Err(PathError::Missing("connectionId".into()))
        );
        assert_eq!(
            render(SYNC, &[("connectionId", "x"), ("extra", "y")]),
            Err(PathError::Unknown("extra".into()))
        );
        assert_eq!(
            render(SYNC, &[("connectionId", "")]),
            Err(PathError::Empty("connectionId".into()))
        );
        for dots in [".", ".."] {
            assert_eq!(
                render(SYNC, &[("connectionId", dots)]),
                Err(PathError::DotSegment("connectionId".into()))
            );
        }
        assert_eq!(
            PathError::DotSegment("id".into()).to_string(),
            "path parameter `id` is `.` or `..`, which would name another path"
        );
    }
}
