//! Paths to fields of a JSON document, one grammar for every rule of a spec.
//!
//! A path is a list of steps joined by dots: `error.details[@type=X].reason`.
//! Each step names an object member, and may then
//!
//! - pick an element of the array it holds: `[2]` by position, `[field=value]`
//!   the first element whose `field` is that text (or number);
//! - repeat: `innererror*` follows the member as deep as it goes (zero or more
//!   times), `innererror+` at least once, and the rest of the path is read at
//!   the deepest level where it exists (a recursive error chain's innermost code).
//!
//! The generator checks every path with [`FieldPath::parse`]; the runtime
//! walks the steps of paths it was given that way.

use std::fmt;

/// A path to a field of a JSON document (see the module docs for its
/// grammar): `data.status.sync_state`, `error.details[@type=X].reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldPath<'r> {
    text: &'r str,
    /// What the text's bytes say, worked out once (at compile time in
    /// generated code), since readers ask on every response.
    kind: Kind,
}

/// The shape of a path's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// Empty.
    Empty,
    /// One plain key.
    Key,
    /// Plain keys joined by dots.
    Dotted,
    /// Brackets or repeats: steps to parse.
    Steps,
}

impl Kind {
    const fn of(text: &str) -> Kind {
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Kind::Empty;
        }
        let mut kind = Kind::Key;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'[' | b']' | b'*' | b'+' => return Kind::Steps,
                b'.' => kind = Kind::Dotted,
                _ => {}
            }
            i += 1;
        }
        kind
    }
}

/// One step along a [`FieldPath`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step<'r> {
    /// The object member with this key.
    Member(&'r str),
    /// The array element at this position.
    Element(usize),
    /// The first array element that is an object whose `field` is `equals`
    /// (a string, or a number written the same way).
    Select {
        /// The member compared in each element.
        field: &'r str,
        /// The value it must have.
        equals: &'r str,
    },
    /// The member with this key, followed as deep as it goes; `at_least_once`
    /// for `+`, else zero or more times (`*`).
    Repeat {
        /// The member followed.
        key: &'r str,
        /// Whether the member must be followed at least once.
        at_least_once: bool,
    },
}

/// Why a text is not a [`FieldPath`], with the byte offset of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPathError {
    /// Byte offset into the path text.
    pub at: usize,
    /// What is wrong, in words.
    pub problem: &'static str,
}

impl fmt::Display for FieldPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.problem, self.at)
    }
}

impl std::error::Error for FieldPathError {}

impl<'r> FieldPath<'r> {
    /// The path written as `text`, unchecked: generated code holds paths the
    /// generator checked with [`FieldPath::parse`]. Steps of a malformed text
    /// end where it stops making sense.
    pub const fn new(text: &'r str) -> FieldPath<'r> {
        FieldPath {
            text,
            kind: Kind::of(text),
        }
    }

    /// Checks `text` against the grammar.
    ///
    /// # Errors
    ///
    /// An empty text, an empty key (`data..x`, `.x`), an unclosed or empty
    /// bracket, a selector without `=` or with an empty side, a repeat mark on
    /// a step with a bracket, or text after a step's bracket or mark.
    pub fn parse(text: &'r str) -> Result<FieldPath<'r>, FieldPathError> {
        if text.is_empty() {
            return Err(FieldPathError {
                at: 0,
                problem: "the path is empty",
            });
        }
        for (at, part) in parts(text) {
            parse_step(part, at)?;
        }
        Ok(FieldPath::new(text))
    }

    /// The path as written in the spec.
    pub const fn as_str(&self) -> &'r str {
        self.text
    }

    /// The steps to follow, in order (none for the empty path).
    pub fn steps(&self) -> Steps<'r> {
        Steps {
            parts: (!self.text.is_empty()).then(|| parts(self.text)),
            pending: None,
        }
    }

    /// The keys along the path, when every step is a plain member
    /// (`error.code`): the common case, split without parsing steps.
    pub fn dotted_keys(&self) -> Option<DottedKeys<'r>> {
        matches!(self.kind, Kind::Key | Kind::Dotted).then_some(DottedKeys {
            rest: Some(self.text),
        })
    }

    /// The key, when the whole path is one plain key (`code`).
    pub fn single_key(&self) -> Option<&'r str> {
        (self.kind == Kind::Key).then_some(self.text)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.text)
    }
}

/// The keys of a path of plain members ([`FieldPath::dotted_keys`]).
#[derive(Clone, Debug)]
pub struct DottedKeys<'r> {
    rest: Option<&'r str>,
}

impl<'r> Iterator for DottedKeys<'r> {
    type Item = &'r str;

    fn next(&mut self) -> Option<&'r str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b'.') {
            Some(dot) => {
                self.rest = Some(&rest[dot + 1..]);
                Some(&rest[..dot])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The steps of a [`FieldPath`], in order.
#[derive(Clone, Debug)]
pub struct Steps<'r> {
    parts: Option<Parts<'r>>,
    pending: Option<Step<'r>>,
}

impl<'r> Iterator for Steps<'r> {
    type Item = Step<'r>;

    fn next(&mut self) -> Option<Step<'r>> {
        if let Some(step) = self.pending.take() {
            return Some(step);
        }
        let (_, part) = self.parts.as_mut()?.next()?;
        match parse_step(part, 0) {
            Ok((first, second)) => {
                self.pending = second;
                Some(first)
            }
            Err(_) => {
                self.parts = None;
                None
            }
        }
    }
}

/// The dot-separated parts of a path, each with its offset; a dot inside
/// `[...]` belongs to the selector's value.
fn parts(text: &str) -> Parts<'_> {
    Parts { text, at: 0 }
}

#[derive(Clone, Debug)]
struct Parts<'r> {
    text: &'r str,
    at: usize,
}

impl<'r> Iterator for Parts<'r> {
    type Item = (usize, &'r str);

    fn next(&mut self) -> Option<(usize, &'r str)> {
        let start = self.at;
        if start > self.text.len() {
            return None;
        }
        let rest = &self.text[start..];
        let mut in_bracket = false;
        let end = rest
            .bytes()
            .position(|b| {
                match b {
                    b'[' => in_bracket = true,
                    b']' => in_bracket = false,
                    _ => {}
                }
                b == b'.' && !in_bracket
            })
            .unwrap_or(rest.len());
        self.at = start + end + 1;
        Some((start, &rest[..end]))
    }
}

/// One dot-separated part: its member (or repeat) step and the bracket's step.
/// `at` is the part's offset in the whole path, for errors.
fn parse_step(part: &str, at: usize) -> Result<(Step<'_>, Option<Step<'_>>), FieldPathError> {
    let fail = |offset: usize, problem| {
        Err(FieldPathError {
            at: at + offset,
            problem,
        })
    };
    let key_end = part
        .bytes()
        .position(|b| matches!(b, b'[' | b']' | b'*' | b'+'))
        .unwrap_or(part.len());
    let key = &part[..key_end];
    if key.is_empty() {
        return fail(0, "a step has an empty key");
    }
    let rest = &part[key_end..];
    if rest.is_empty() {
        return Ok((Step::Member(key), None));
    }
    if rest == "*" || rest == "+" {
        let at_least_once = rest == "+";
        return Ok((Step::Repeat { key, at_least_once }, None));
    }
    let Some(inner) = rest.strip_prefix('[') else {
        return fail(key_end, "a key holds `]`, `*` or `+` where it cannot");
    };
    let Some(close) = inner.find(']') else {
        return fail(key_end, "a `[` is never closed");
    };
    let inside = &inner[..close];
    if inside.contains('[') {
        return fail(key_end + 1, "a `[` inside `[...]`");
    }
    if close + 2 != rest.len() {
        return fail(key_end + close + 2, "text follows a step's `[...]`");
    }
    if inside.is_empty() {
        return fail(key_end, "a `[]` names no element");
    }
    let element = if let Some((field, equals)) = inside.split_once('=') {
        if field.is_empty() || equals.is_empty() {
            return fail(key_end + 1, "a selector `[field=value]` has an empty side");
        }
        Step::Select { field, equals }
    } else if inside.bytes().all(|b| b.is_ascii_digit()) {
        match inside.parse() {
            Ok(index) => Step::Element(index),
            Err(_) => return fail(key_end + 1, "an element position is too large"),
        }
    } else {
        return fail(
            key_end + 1,
            "`[...]` holds neither a position nor `field=value`",
        );
    };
    Ok((Step::Member(key), Some(element)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(text: &str) -> Vec<Step<'_>> {
        FieldPath::parse(text).unwrap().steps().collect()
    }

    #[test]
    fn plain_paths_are_members() {
        assert_eq!(
            steps("data.status.sync_state"),
            [
                Step::Member("data"),
                Step::Member("status"),
                Step::Member("sync_state")
            ]
        );
        assert!(FieldPath::new("").steps().next().is_none());
        let keys: Vec<_> = FieldPath::new("a.b").dotted_keys().unwrap().collect();
        assert!(FieldPath::new("a*").dotted_keys().is_none());
        assert!(FieldPath::new("").dotted_keys().is_none());
        assert_eq!(FieldPath::new("code").single_key(), Some("code"));
        assert_eq!(FieldPath::new("a.b").single_key(), None);
        assert_eq!(FieldPath::new("a[0]").single_key(), None);
        const KEY: Option<&str> = Some(FieldPath::new("code").as_str());
        assert_eq!(KEY, Some("code"));
        let dotted: Vec<_> = FieldPath::new("error.code")
            .dotted_keys()
            .unwrap()
            .collect();
        assert_eq!(dotted, ["error", "code"]);
        assert!(FieldPath::new("error[0].code").dotted_keys().is_none());
        assert_eq!(keys, ["a", "b"]);
        assert!(FieldPath::new("a[0]").dotted_keys().is_none());
    }

    #[test]
    fn brackets_pick_elements_and_values_may_hold_dots() {
        assert_eq!(
            steps("error.details[@type=type.googleapis.com/google.rpc.ErrorInfo].reason"),
            [
                Step::Member("error"),
                Step::Member("details"),
                Step::Select {
                    field: "@type",
                    equals: "type.googleapis.com/google.rpc.ErrorInfo"
                },
                Step::Member("reason"),
            ]
        );
        assert_eq!(
            steps("errors[0].code"),
            [
                Step::Member("errors"),
                Step::Element(0),
                Step::Member("code")
            ]
        );
    }

    #[test]
    fn repeats_follow_a_member() {
        assert_eq!(
            steps("error.innererror*.code"),
            [
                Step::Member("error"),
                Step::Repeat {
                    key: "innererror",
                    at_least_once: false
                },
                Step::Member("code"),
            ]
        );
        assert_eq!(
            steps("a+")[0],
            Step::Repeat {
                key: "a",
                at_least_once: true
            }
        );
    }

    #[test]
    fn malformed_paths_are_located() {
        for (text, at) in [
            ("", 0),
            ("data..x", 5),
            (".x", 0),
            ("a[", 1),
            ("a[]", 1),
            ("a[x]", 2),
            ("a[=v]", 2),
            ("a[k=]", 2),
            ("a[0]x", 4),
            ("a[0]*", 4),
            ("a*b", 1),
            ("a]", 1),
            ("a[[0]]", 2),
            ("a[99999999999999999999999]", 2),
        ] {
            let error = FieldPath::parse(text).unwrap_err();
            assert_eq!(error.at, at, "{text:?}: {error}");
        }
        assert!(FieldPath::parse("d[@type=a.b].c").is_ok());
        assert_eq!(FieldPath::parse("a.").unwrap_err().at, 2);
    }
}
