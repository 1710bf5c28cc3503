//! The error envelope as data: where an API puts its codes, messages and
//! retry hints, and the rules that categorise a response where its status
//! alone would mislead.
//!
//! A spec without an `envelope:` section gets [`Envelope::DEFAULT`]: a
//! top-level `code` and `message`, and the `Retry-After` header. `K` names
//! categories, as in [`crate::Categorisation`].

use crate::{FieldPath, Scalar};

/// Where an API's error responses carry what errspec reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Envelope<'r, K> {
    /// Where the code is; the first source that holds a value wins.
    pub code: &'r [Source<'r>],
    /// Where the message is; the first source that holds a value wins.
    pub message: &'r [Source<'r>],
    /// Named secondary codes (a decline code, a reason, the innermost code).
    pub details: &'r [Detail<'r>],
    /// Tests that make a 2xx response an error response, read with this
    /// envelope (an `ok: false` body).
    pub error_when: &'r [ErrorWhen<'r, K>],
    /// Rules that set the category of a response before anything else does;
    /// the first rule that matches wins.
    pub rules: &'r [MatchRule<'r, K>],
    /// Where the delay before a retry is; the first source that reads wins.
    pub retry_delay: &'r [DelaySource<'r>],
    /// A header that allows (`true`) or forbids (`false`) a retry of this
    /// response, whatever its category's policy says.
    pub retry_advice: Option<&'r str>,
}

impl<K> Envelope<'static, K> {
    /// The envelope of a spec that declares none: `code` and `message` at the
    /// top of the body, the delay in `Retry-After`.
    pub const DEFAULT: Envelope<'static, K> = Envelope {
        code: &[Source::body("code")],
        message: &[Source::body("message")],
        details: &[],
        error_when: &[],
        rules: &[],
        retry_delay: &[DelaySource {
            from: Place::Header("retry-after"),
            unit: DelayUnit::SecondsOrHttpDate,
        }],
        retry_advice: None,
    };
}

/// Where a value is: a response header or a field of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place<'r> {
    /// A header, by its name in lower case.
    Header(&'r str),
    /// A field of the JSON body.
    Body(FieldPath<'r>),
}

impl Place<'_> {
    /// The place as a spec writes it: `header x-amzn-errortype`, `body error.code`.
    pub fn describe(&self) -> String {
        match self {
            Place::Header(name) => format!("header {name}"),
            Place::Body(path) => format!("body {path}"),
        }
    }
}

/// One place a code or message may be, and how its value is cleaned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Source<'r> {
    /// Where the value is. A body value is read when it is a string, or a
    /// number (as its decimal text, verbatim).
    pub from: Place<'r>,
    /// What to cut from the value.
    pub cleanup: Cleanup<'r>,
}

impl<'r> Source<'r> {
    /// A body field, kept as it is.
    pub const fn body(path: &'r str) -> Source<'r> {
        Source {
            from: Place::Body(FieldPath::new(path)),
            cleanup: Cleanup::NONE,
        }
    }
}

/// How a value is cleaned, in this order: keep what comes before the first
/// `before`, then what comes after the first `after`, then trim whitespace.
/// A value left empty counts as absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cleanup<'r> {
    /// Keep the text before the first occurrence of this.
    pub before: Option<&'r str>,
    /// Then keep the text after the first occurrence of this.
    pub after: Option<&'r str>,
    /// Then trim whitespace at both ends.
    pub trim: bool,
}

impl<'r> Cleanup<'r> {
    /// No cleanup.
    pub const NONE: Cleanup<'static> = Cleanup {
        before: None,
        after: None,
        trim: false,
    };

    /// `value`, cleaned; `None` when nothing is left.
    pub fn apply<'v>(&self, value: &'v str) -> Option<&'v str> {
        let mut value = value;
        if let Some(cut) = self.before.and_then(|before| value.find(before)) {
            value = &value[..cut];
        }
        if let Some(after) = self.after {
            if let Some(at) = value.find(after) {
                value = &value[at + after.len()..];
            }
        }
        if self.trim {
            value = value.trim();
        }
        (!value.is_empty()).then_some(value)
    }

    /// Whether the cleanup changes nothing.
    pub fn is_none(&self) -> bool {
        *self == Cleanup::NONE
    }
}

/// A named secondary code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Detail<'r> {
    /// Its name in the spec and in reports (`decline_code`).
    pub name: &'r str,
    /// Where it is; the first source that holds a value wins.
    pub sources: &'r [Source<'r>],
}

/// A test on a 2xx body that makes the response an error response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorWhen<'r, K> {
    /// The field tested.
    pub field: FieldPath<'r>,
    /// What the field must be.
    pub test: BodyTest<'r>,
    /// The category of such an error when no rule and no code says otherwise.
    pub category: K,
}

/// What a body field must be for a test to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyTest<'r> {
    /// Equal to this scalar (same JSON type, same value).
    Equals(Scalar<'r>),
    /// Present, whatever its value (`null` included).
    Exists,
}

/// A rule that sets a response's category. Every condition it has must hold;
/// a rule without conditions is refused by the generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchRule<'r, K> {
    /// The status is one of these (any status when empty).
    pub status: &'r [u16],
    /// A header test.
    pub header: Option<HeaderTest<'r>>,
    /// A test on the code.
    pub code: Option<CodeTest<'r>>,
    /// The message contains this text, compared without regard to ASCII case.
    /// A last resort, for responses nothing else tells apart.
    pub message_contains: Option<&'r str>,
    /// The category it sets.
    pub category: K,
}

/// A test on a response header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HeaderTest<'r> {
    /// The header's name, in lower case.
    pub name: &'r str,
    /// Its value must be this (trimmed, exactly); `None`: present at all.
    pub equals: Option<&'r str>,
}

/// A test on the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeTest<'r> {
    /// The code is exactly this.
    Is(&'r str),
    /// The code starts with this.
    StartsWith(&'r str),
}

impl CodeTest<'_> {
    /// Whether `code` passes.
    pub fn passes(&self, code: &str) -> bool {
        match self {
            CodeTest::Is(value) => code == *value,
            CodeTest::StartsWith(prefix) => code.starts_with(prefix),
        }
    }
}

impl<K> MatchRule<'_, K> {
    /// Whether the rule matches a response. `header` looks a header up by its
    /// lower-case name.
    pub fn matches<'h>(
        &self,
        status: u16,
        header: impl Fn(&str) -> Option<&'h str>,
        code: Option<&str>,
        message: Option<&str>,
    ) -> bool {
        (self.status.is_empty() || self.status.contains(&status))
            && self.header.is_none_or(|test| {
                header(test.name)
                    .is_some_and(|value| test.equals.is_none_or(|want| value.trim() == want))
            })
            && self
                .code
                .is_none_or(|test| code.is_some_and(|code| test.passes(code)))
            && self.message_contains.is_none_or(|needle| {
                message.is_some_and(|message| contains_ignoring_case(message, needle))
            })
    }
}

/// Whether `haystack` contains `needle`, ASCII case ignored.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}

/// One place a retry delay may be, and how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DelaySource<'r> {
    /// Where it is.
    pub from: Place<'r>,
    /// How it is written.
    pub unit: DelayUnit,
}

/// How a retry delay is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DelayUnit {
    /// Seconds, whole or decimal (`30`, `1.5`).
    Seconds,
    /// Milliseconds, whole or decimal.
    Milliseconds,
    /// The moment to retry at, in seconds since the Unix epoch; counted from
    /// the response's `Date` header when it has one, else from the caller's clock.
    EpochSeconds,
    /// A duration string: decimal seconds with an `s` (`"30s"`, `"1.5s"`), or
    /// milliseconds with `ms`.
    Duration,
    /// Seconds or an HTTP date, as `Retry-After` allows.
    SecondsOrHttpDate,
}

impl DelayUnit {
    /// Every unit, in the order the spec format lists them.
    pub const ALL: [DelayUnit; 5] = [
        DelayUnit::Seconds,
        DelayUnit::Milliseconds,
        DelayUnit::EpochSeconds,
        DelayUnit::Duration,
        DelayUnit::SecondsOrHttpDate,
    ];

    /// The spelling in a spec: `seconds`, `milliseconds`, `epoch_seconds`,
    /// `duration`, `seconds_or_http_date`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DelayUnit::Seconds => "seconds",
            DelayUnit::Milliseconds => "milliseconds",
            DelayUnit::EpochSeconds => "epoch_seconds",
            DelayUnit::Duration => "duration",
            DelayUnit::SecondsOrHttpDate => "seconds_or_http_date",
        }
    }

    /// The unit a spec spells `text`.
    pub fn from_spec(text: &str) -> Option<DelayUnit> {
        DelayUnit::ALL
            .into_iter()
            .find(|unit| unit.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleanup_cuts_then_keeps_then_trims() {
        let aws = Cleanup {
            before: Some(":"),
            after: Some("#"),
            trim: true,
        };
        assert_eq!(
            aws.apply("aws.protocoltests#FooError:http://internal.amazon.com/"),
            Some("FooError")
        );
        assert_eq!(aws.apply("FooError"), Some("FooError"));
        assert_eq!(aws.apply(" ns#Bar "), Some("Bar"));
        assert_eq!(aws.apply(":x"), None, "nothing left");
        assert_eq!(Cleanup::NONE.apply(" a "), Some(" a "));
        assert!(Cleanup::NONE.is_none() && !aws.is_none());
    }

    #[test]
    fn match_rules_need_every_condition() {
        let rule = MatchRule {
            status: &[403],
            header: Some(HeaderTest {
                name: "x-ratelimit-remaining",
                equals: Some("0"),
            }),
            code: None,
            message_contains: None,
            category: 'r',
        };
        let headers = |value: &'static str| {
            move |name: &str| (name == "x-ratelimit-remaining").then_some(value)
        };
        assert!(rule.matches(403, headers(" 0"), None, None));
        assert!(!rule.matches(403, headers("12"), None, None));
        assert!(!rule.matches(429, headers("0"), None, None));
        assert!(!rule.matches(403, |_| None, None, None));
        let secondary = MatchRule {
            status: &[],
            header: None,
            code: Some(CodeTest::StartsWith("Throttl")),
            message_contains: Some("RATE limit"),
            category: 'r',
        };
        assert!(secondary.matches(
            400,
            |_| None,
            Some("ThrottlingException"),
            Some("a rate Limit hit")
        ));
        assert!(!secondary.matches(
            400,
            |_| None,
            Some("ThrottlingException"),
            Some("slow down")
        ));
        assert!(!secondary.matches(400, |_| None, None, Some("rate limit")));
    }

    #[test]
    fn units_spell_as_the_spec_does() {
        for unit in DelayUnit::ALL {
            assert_eq!(DelayUnit::from_spec(unit.as_str()), Some(unit));
        }
        assert_eq!(DelayUnit::from_spec("minutes"), None);
        let default: Envelope<'static, u8> = Envelope::DEFAULT;
        assert_eq!(default.code[0].from, Place::Body(FieldPath::new("code")));
        assert_eq!(
            Place::Header("retry-after").describe(),
            "header retry-after"
        );
    }
}
