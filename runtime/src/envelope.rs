//! Reading an error response by a spec's [`Envelope`]: its code, message and
//! detail codes, its category and its retry delay. [`crate::ApiError`] and
//! tools that load a spec at run time (the `errspec` command line) both read
//! responses through the functions here.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use crate::body::{Index, Raw, TopLevel, TOP_LEVEL_KEYS};
use crate::headers::Headers;
use crate::json;
use crate::{BodyTest, Categorisation, DelayUnit, Envelope, FieldPath, Place, Source};

/// What an error response carries, read by a spec's envelope.
///
/// Body values are borrowed from the body when they need no unescaping;
/// header values from the headers.
#[derive(Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorFields<'a, 'r> {
    /// The code: the first of the envelope's code sources that holds one,
    /// cleaned. A number is kept as its decimal text.
    pub code: Option<Cow<'a, str>>,
    /// The message, from the first message source that holds one.
    pub message: Option<Cow<'a, str>>,
    /// Each detail code found, by name, in the envelope's order.
    pub details: Vec<(&'r str, Cow<'a, str>)>,
}

impl<'a, 'r> ErrorFields<'a, 'r> {
    /// The fields of `body` by the default envelope (a top-level string or
    /// number `code` and a `message`); empty for anything that is not a JSON
    /// object (HTML, empty, truncated, an array, a string …).
    pub fn read(body: &'a [u8]) -> ErrorFields<'a, 'static> {
        const NONE: &Headers = &Headers::new();
        ErrorFields::read_with(&Envelope::<'static, ()>::DEFAULT, NONE, body)
    }

    /// The fields of a response by `envelope`. The body is checked once, as
    /// the module [`crate::parse_body`] describes; a body that is not JSON
    /// gives only what headers hold.
    pub fn read_with<K>(
        envelope: &Envelope<'r, K>,
        headers: &'a Headers,
        body: &'a [u8],
    ) -> ErrorFields<'a, 'r> {
        // Where every body place is a top-level key (Fivetran's `code` and
        // `message`), one pass finds them all; otherwise the pass indexes the
        // outer objects and each path is followed.
        let mut keys: [&str; TOP_LEVEL_KEYS] = [""; TOP_LEVEL_KEYS];
        let mut count = 0;
        let top_level = envelope
            .code
            .iter()
            .chain(envelope.message)
            .chain(envelope.details.iter().flat_map(|detail| detail.sources))
            .all(|source| match &source.from {
                Place::Header(_) => true,
                Place::Body(path) => match path.single_key() {
                    Some(key) if keys[..count].iter().any(|k| same_key(k, key)) => true,
                    Some(key) if count < TOP_LEVEL_KEYS => {
                        keys[count] = key;
                        count += 1;
                        true
                    }
                    _ => false,
                },
            });
        let fast = if top_level {
            TopLevel::read(body, &keys[..count])
        } else {
            None
        };
        let mut index = None;
        let root = if top_level {
            None
        } else {
            Raw::document(body, index.insert(Index::new())).map(json::Finder::new)
        };
        let body_text = |path: &FieldPath<'r>| -> Option<Cow<'a, str>> {
            if top_level {
                let key = path.single_key()?;
                let slot = keys[..count].iter().position(|k| same_key(k, key))?;
                fast.as_ref()?.text(slot)
            } else {
                root.as_ref()?.find(path)?.text()
            }
        };
        let read = |sources: &[Source<'r>]| first_value(sources, headers, body_text);
        let details = if envelope.details.is_empty() {
            Vec::new()
        } else {
            envelope
                .details
                .iter()
                .filter_map(|detail| Some((detail.name, read(detail.sources)?)))
                .collect()
        };
        ErrorFields {
            code: read(envelope.code),
            message: read(envelope.message),
            details,
        }
    }

    /// A detail code by name.
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_ref())
    }
}

/// The first source's value, cleaned.
fn first_value<'a, 'r>(
    sources: &[Source<'r>],
    headers: &'a Headers,
    body_text: impl Fn(&FieldPath<'r>) -> Option<Cow<'a, str>>,
) -> Option<Cow<'a, str>> {
    sources.iter().find_map(|source| {
        let value = place_text(&source.from, headers, &body_text)?;
        if source.cleanup.is_none() {
            return (!value.is_empty()).then_some(value);
        }
        Some(match value {
            Cow::Borrowed(text) => Cow::Borrowed(source.cleanup.apply(text)?),
            Cow::Owned(text) => Cow::Owned(source.cleanup.apply(&text)?.to_owned()),
        })
    })
}

/// The text at a place: a header's value, or what `body_text` finds at a
/// body path (a string, or a number's digits).
fn place_text<'a, 'r>(
    place: &Place<'r>,
    headers: &'a Headers,
    body_text: impl Fn(&FieldPath<'r>) -> Option<Cow<'a, str>>,
) -> Option<Cow<'a, str>> {
    match place {
        Place::Header(name) => headers.get(name).map(Cow::Borrowed),
        Place::Body(path) => body_text(path),
    }
}

/// Whether two keys of the envelope are the same: usually the very same
/// string of the table, which needs no comparing of bytes.
fn same_key(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// The category of an error response.
///
/// In order: the first of the envelope's match rules that matches; the
/// code's (`listed` gives a listed code's own category; else its family's);
/// for an error inside a 2xx, the category of the test that found it (see
/// [`error_in_success`]); else the status's, by `categorisation`.
pub fn categorise<K: Copy>(
    envelope: &Envelope<'_, K>,
    categorisation: &Categorisation<'_, K>,
    status: u16,
    headers: &Headers,
    body: &[u8],
    fields: &ErrorFields<'_, '_>,
    listed: Option<K>,
) -> Option<K> {
    let code = fields.code.as_deref();
    let header = |name: &str| headers.get(name);
    if let Some(rule) = envelope
        .rules
        .iter()
        .find(|rule| rule.matches(status, header, code, fields.message.as_deref()))
    {
        return Some(rule.category);
    }
    code.and_then(|code| categorisation.code(listed, code))
        .or(listed)
        .or_else(|| error_in_success(envelope, status, body))
        .or_else(|| categorisation.status(status))
}

/// For a 2xx response: the category of the first of the envelope's
/// errors-inside-2xx tests that holds for the body, meaning the response is an
/// error response; `None` when none holds, when the body is not JSON, and for
/// any other status.
pub fn error_in_success<K: Copy>(
    envelope: &Envelope<'_, K>,
    status: u16,
    body: &[u8],
) -> Option<K> {
    if envelope.error_when.is_empty() || !(200..300).contains(&status) {
        return None;
    }
    let mut index = Index::new();
    let root = Raw::document(body, &mut index)?;
    envelope.error_when.iter().find_map(|test| {
        let value = json::find(&test.field, root)?;
        let holds = match &test.test {
            BodyTest::Exists => true,
            BodyTest::Equals(scalar) => value.scalar_equals(scalar),
        };
        holds.then_some(test.category)
    })
}

/// The retry advice of a response: `Some(true)` when the envelope's advice
/// header says `true` (ASCII case ignored), `Some(false)` for `false`, `None`
/// without the header or with another value.
pub fn retry_advice<K>(envelope: &Envelope<'_, K>, headers: &Headers) -> Option<bool> {
    let value = headers.get(envelope.retry_advice?)?.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The delay the response asks for, counted from `now`, with the place it
/// was read from: the first of the envelope's delay sources that reads.
/// A moment in the past gives [`Duration::ZERO`].
pub fn retry_delay<'r, K>(
    envelope: &Envelope<'r, K>,
    headers: &Headers,
    body: &[u8],
    now: SystemTime,
) -> Option<(Duration, Place<'r>)> {
    let mut index = Index::new();
    let root = Raw::document(body, &mut index);
    envelope.retry_delay.iter().find_map(|source| {
        let body_text = |path: &FieldPath<'_>| json::find(path, root?)?.text();
        let text = place_text(&source.from, headers, body_text)?;
        let delay = delay(source.unit, text.trim(), headers, now)?;
        Some((delay, source.from))
    })
}

/// A delay written in `unit`.
fn delay(unit: DelayUnit, text: &str, headers: &Headers, now: SystemTime) -> Option<Duration> {
    use crate::retry_after::seconds;
    match unit {
        DelayUnit::Seconds => seconds(text, 1),
        DelayUnit::Milliseconds => seconds(text, 1000),
        DelayUnit::Duration => match text.strip_suffix("ms") {
            Some(millis) => seconds(millis, 1000),
            None => seconds(text.strip_suffix('s')?, 1),
        },
        DelayUnit::SecondsOrHttpDate => {
            crate::RetryAfter::parse(text).map(|after| after.delay_from(now))
        }
        DelayUnit::EpochSeconds => {
            let at = std::time::UNIX_EPOCH.checked_add(seconds(text, 1)?)?;
            // The server's clock, where it says what it is, else the caller's.
            let server_now = headers
                .get("date")
                .and_then(|date| httpdate::parse_http_date(date.trim()).ok())
                .unwrap_or(now);
            Some(at.duration_since(server_now).unwrap_or(Duration::ZERO))
        }
        // Units added later read as no delay here until supported.
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cleanup, CodeTest, Detail, ErrorWhen, FieldPath, MatchRule, Scalar};

    fn read(body: &str) -> (Option<String>, Option<String>) {
        let fields = ErrorFields::read(body.as_bytes());
        (
            fields.code.map(Cow::into_owned),
            fields.message.map(Cow::into_owned),
        )
    }

    fn some(code: &str, message: &str) -> (Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()))
    }

    #[test]
    fn reads_code_and_message_from_an_object() {
        assert_eq!(
            read(r#"{"code":"X","message":"m","data":{"a":[1,2]}}"#),
            some("X", "m")
        );
        assert_eq!(
            read(r#"{"message":"m\n\"q\"","code":"Y"}"#),
            some("Y", "m\n\"q\"")
        );
    }

    #[test]
    fn non_objects_give_nothing() {
        for body in [
            "",
            "<html><body>502 Bad Gateway</body></html>",
            r#"["code","message"]"#,
            r#""code""#,
            "null",
            r#"{"code":"X","message":"trunc"#,
            r#"{"code":"X"} trailing"#,
        ] {
            assert_eq!(read(body), (None, None), "{body:?}");
        }
    }

    #[test]
    fn numbers_are_codes_as_written_and_other_values_are_skipped() {
        assert_eq!(
            read(r#"{"code":20404,"message":"m"}"#),
            (Some("20404".into()), Some("m".into()))
        );
        assert_eq!(read(r#"{"code":-1.50e3}"#).0.as_deref(), Some("-1.50e3"));
        assert_eq!(read(r#"{"code":null,"message":{"x":[1]}}"#), (None, None));
        assert_eq!(read(r#"{"code":["A"],"message":true}"#), (None, None));
        assert_eq!(read(r#"{"code":"","message":"m"}"#).0, None, "empty");
    }

    #[test]
    fn values_serde_cannot_build_do_not_hide_the_code() {
        assert_eq!(
            read(r#"{"code":"X","message":1e400}"#),
            (Some("X".into()), Some("1e400".into()))
        );
        assert_eq!(
            read(r#"{"code":"X","message":"\ud800"}"#),
            (Some("X".into()), None)
        );
        assert_eq!(read(r#"{"\udc00":1,"code":"X"}"#), (Some("X".into()), None));
        assert_eq!(
            read(r#"{"code":"\ud83d\ude80 ok","message":"a\"b\\c\u00e9\n\/"}"#),
            some("\u{1f680} ok", "a\"b\\c\u{e9}\n/")
        );
    }

    #[test]
    fn invalid_json_gives_nothing() {
        for body in [
            r#"{"code":"X",}"#,
            r#"{"code":"X" "message":"m"}"#,
            r#"{"code":"X","n":01}"#,
            r#"{"code":"X","n":1.}"#,
            r#"{"code":"X","n":-}"#,
            r#"{"code":"X","n":tru}"#,
            r#"{"code":"X","s":"\x"}"#,
            "{\"code\":\"a\u{1}b\"}",
            r#"{"code":"X","a":[1,2,]}"#,
            r#"{"code":"X"}}"#,
            r#"{code:"X"}"#,
            r#"{"code":"X","u":"\u12"}"#,
        ] {
            assert_eq!(read(body), (None, None), "{body:?}");
        }
        let nested = |depth: usize| {
            format!(
                r#"{{"d":{}1{},"code":"X"}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            )
        };
        assert_eq!(read(&nested(200)), (None, None));
        assert_eq!(read(&nested(100)).0.as_deref(), Some("X"));
    }

    #[test]
    fn unescaped_strings_are_borrowed_and_the_first_key_wins() {
        let body = br#"{"code":"NotFound_Connector","message":"plain","code":"B"}"#;
        let fields = ErrorFields::read(body);
        assert!(matches!(
            fields.code,
            Some(Cow::Borrowed("NotFound_Connector"))
        ));
        assert!(matches!(fields.message, Some(Cow::Borrowed(_))));
    }

    /// The error reader and the whole-body reader agree on code and message.
    #[test]
    fn both_readers_see_the_same_fields() {
        for body in [
            r#"{"code":"X","message":"m"}"#,
            r#"{"code":"\ud800","message":"m"}"#,
            r#"{"code":"A","code":"B"}"#,
            r#"{"code":"x\u00e9","message":null}"#,
            r#"["code"]"#,
            "<html>",
        ] {
            let fields = ErrorFields::read(body.as_bytes());
            let value = crate::parse_body(body.as_bytes());
            let field = |name: &str| {
                value
                    .as_ref()
                    .and_then(|v| v.get(name))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            assert_eq!(fields.code.map(Cow::into_owned), field("code"), "{body}");
            assert_eq!(
                fields.message.map(Cow::into_owned),
                field("message"),
                "{body}"
            );
        }
    }

    const AWS: Cleanup<'static> = Cleanup {
        before: Some(":"),
        after: Some("#"),
        trim: true,
    };

    const NESTED: Envelope<'static, char> = Envelope {
        code: &[
            Source {
                from: Place::Header("x-amzn-errortype"),
                cleanup: AWS,
            },
            Source::body("error.details[@type=t.example/ErrorInfo].reason"),
            Source::body("error.code"),
            Source {
                from: Place::Body(FieldPath::new("__type")),
                cleanup: AWS,
            },
        ],
        message: &[Source::body("error.message"), Source::body("title")],
        details: &[
            Detail {
                name: "innermost",
                sources: &[Source::body("error.innererror+.code")],
            },
            Detail {
                name: "first_cause",
                sources: &[Source::body("details.causes[0].reason")],
            },
        ],
        error_when: &[ErrorWhen {
            field: FieldPath::new("ok"),
            test: BodyTest::Equals(Scalar::Bool(false)),
            category: 'v',
        }],
        rules: &[MatchRule {
            status: &[400],
            header: None,
            code: Some(CodeTest::Is("ThrottlingException")),
            message_contains: None,
            category: 'r',
        }],
        retry_delay: &[
            crate::DelaySource {
                from: Place::Header("retry-after-ms"),
                unit: DelayUnit::Milliseconds,
            },
            crate::DelaySource {
                from: Place::Header("x-ratelimit-reset"),
                unit: DelayUnit::EpochSeconds,
            },
            crate::DelaySource {
                from: Place::Body(FieldPath::new(
                    "error.details[@type=t.example/RetryInfo].retryDelay",
                )),
                unit: DelayUnit::Duration,
            },
        ],
        retry_advice: Some("stripe-should-retry"),
    };

    fn nested(headers: &Headers, body: &str) -> (Option<String>, Option<String>, Vec<String>) {
        let fields = ErrorFields::read_with(&NESTED, headers, body.as_bytes());
        (
            fields.code.map(Cow::into_owned),
            fields.message.map(Cow::into_owned),
            fields
                .details
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect(),
        )
    }

    #[test]
    fn sources_are_tried_in_order_and_cleaned() {
        let none = Headers::new();
        let aws = Headers::new().with("X-Amzn-ErrorType", "ns#Throttled:http://x/");
        assert_eq!(nested(&aws, "").0.as_deref(), Some("Throttled"));
        assert_eq!(
            nested(
                &none,
                r#"{"__type":"com.amazon#ResourceNotFoundException"}"#
            )
            .0,
            Some("ResourceNotFoundException".into())
        );
        let google = r#"{"error":{"code":404,"message":"gone","details":[
            {"@type":"t.example/Help","reason":"NO"},
            {"@type":"t.example/ErrorInfo","reason":"BUCKET_MISSING"}]}}"#;
        assert_eq!(
            nested(&none, google),
            (Some("BUCKET_MISSING".into()), Some("gone".into()), vec![])
        );
        assert_eq!(
            nested(&none, r#"{"error":{"code":403,"details":[]}}"#).0,
            Some("403".into())
        );
        assert_eq!(nested(&none, r#"{"title":"T"}"#).1, Some("T".into()));
    }

    #[test]
    fn detail_codes_follow_chains_and_pick_elements() {
        let none = Headers::new();
        let graph = r#"{"error":{"code":"A","innererror":{"code":"B","innererror":{"x":1,"innererror":{"code":"C"}}}}}"#;
        assert_eq!(nested(&none, graph).2, ["innermost=C"]);
        let shallow = r#"{"error":{"code":"A","innererror":{"code":"B","innererror":{"x":1}}}}"#;
        assert_eq!(
            nested(&none, shallow).2,
            ["innermost=B"],
            "deepest that has one"
        );
        assert!(
            nested(&none, r#"{"error":{"code":"A"}}"#).2.is_empty(),
            "`+`: at least once"
        );
        let k8s = r#"{"details":{"causes":[{"reason":"FieldValueInvalid"},{"reason":"X"}]}}"#;
        assert_eq!(nested(&none, k8s).2, ["first_cause=FieldValueInvalid"]);
        let fields = ErrorFields::read_with(&NESTED, &none, k8s.as_bytes());
        assert_eq!(fields.detail("first_cause"), Some("FieldValueInvalid"));
        assert_eq!(fields.detail("innermost"), None);
    }

    #[test]
    fn rules_then_code_then_the_2xx_test_then_status() {
        let categorisation = Categorisation {
            families: &[],
            statuses: &[(200, 's'), (400, 'v')],
            classes: &[],
        };
        let category = |status, body: &str| {
            let headers = Headers::new();
            let fields = ErrorFields::read_with(&NESTED, &headers, body.as_bytes());
            categorise(
                &NESTED,
                &categorisation,
                status,
                &headers,
                body.as_bytes(),
                &fields,
                None,
            )
        };
        assert_eq!(
            category(400, r#"{"error":{"code":"ThrottlingException"}}"#),
            Some('r')
        );
        assert_eq!(category(400, r#"{"error":{"code":"Other"}}"#), Some('v'));
        assert_eq!(
            category(200, r#"{"ok":false,"error":"channel_not_found"}"#),
            Some('v')
        );
        assert_eq!(error_in_success(&NESTED, 200, br#"{"ok":true}"#), None);
        assert_eq!(
            error_in_success(&NESTED, 200, br#"{"ok":"false"}"#),
            None,
            "typed"
        );
        assert_eq!(error_in_success(&NESTED, 200, b"<html>"), None);
        assert_eq!(
            error_in_success(&NESTED, 400, br#"{"ok":false}"#),
            None,
            "2xx only"
        );
    }

    #[test]
    fn delays_come_from_the_first_source_that_reads() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_000);
        let delay = |headers: &Headers, body: &str| {
            retry_delay(&NESTED, headers, body.as_bytes(), now)
                .map(|(delay, place)| (delay, place.describe()))
        };
        let ms = Headers::new()
            .with("retry-after-ms", "1500")
            .with("x-ratelimit-reset", "1060");
        assert_eq!(
            delay(&ms, ""),
            Some((Duration::from_millis(1500), "header retry-after-ms".into()))
        );
        let reset = Headers::new().with("x-ratelimit-reset", "1060");
        assert_eq!(
            delay(&reset, "").map(|d| d.0),
            Some(Duration::from_secs(60))
        );
        // Counted from the server's Date where it has one (epoch 1030 here).
        let dated = reset.clone().with("Date", "Thu, 01 Jan 1970 00:17:10 GMT");
        assert_eq!(
            delay(&dated, "").map(|d| d.0),
            Some(Duration::from_secs(30))
        );
        let past = Headers::new().with("x-ratelimit-reset", "10");
        assert_eq!(delay(&past, "").map(|d| d.0), Some(Duration::ZERO));
        let google =
            r#"{"error":{"details":[{"@type":"t.example/RetryInfo","retryDelay":"2.5s"}]}}"#;
        assert_eq!(
            delay(&Headers::new(), google).map(|d| d.0),
            Some(Duration::from_millis(2500))
        );
        let bad = Headers::new().with("retry-after-ms", "soon");
        assert_eq!(delay(&bad, ""), None);
        let default = Headers::new().with("Retry-After", "2.5");
        let found = retry_delay(&Envelope::<'static, ()>::DEFAULT, &default, b"", now);
        assert_eq!(found.map(|d| d.0), Some(Duration::from_millis(2500)));
    }

    /// Members the envelope does not read, of any legal JSON (numbers beyond
    /// `f64`, lone surrogates, deep nesting, long strings, decoy `code` keys
    /// inside unread members), inserted before or after each member of each
    /// object, never change what is read.
    #[test]
    fn members_the_envelope_does_not_read_change_nothing() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let long = format!("\"{}\"", "x".repeat(10_000));
        let hostile = [
            "1e400",
            "-0.0e-999",
            r#""\ud800""#,
            r#""a\u0000b""#,
            &deep,
            &long,
            r#"{"code":"Decoy","reason":"Decoy","details":[{"@type":"t.example/ErrorInfo","reason":"Decoy"}]}"#,
            "[null,true,false,{}]",
        ];
        // Each `|` is a place a member may go; the keys there are read by no rule.
        let template = r#"{|"error":{|"code":"Inner",|"message":"m",|"details":[{|"@type":"t.example/Help",|"reason":"NO"|},{|"@type":"t.example/ErrorInfo",|"reason":"BUCKET_MISSING"|}],|"innererror":{|"code":"B",|"innererror":{|"code":"C"|}|}|}|}"#;
        let headers = Headers::new();
        let plain = template.replace('|', "");
        let expected = ErrorFields::read_with(&NESTED, &headers, plain.as_bytes());
        assert_eq!(expected.code.as_deref(), Some("BUCKET_MISSING"));
        assert_eq!(expected.detail("innermost"), Some("C"));
        let places = template.matches('|').count();
        for place in 0..places {
            for value in hostile {
                let mut body = String::new();
                for (index, part) in template.split('|').enumerate() {
                    body.push_str(part);
                    if index == place {
                        // A member before a key needs a comma after it; one
                        // before a closing brace, a comma before it.
                        let closes = template
                            .split('|')
                            .nth(index + 1)
                            .is_some_and(|next| next.starts_with('}'));
                        if closes {
                            body.push_str(&format!(r#","unread_{index}":{value}"#));
                        } else {
                            body.push_str(&format!(r#""unread_{index}":{value},"#));
                        }
                    }
                }
                let fields = ErrorFields::read_with(&NESTED, &headers, body.as_bytes());
                assert_eq!(fields, expected, "{value} at place {place}: {body}");
            }
        }
    }

    #[test]
    fn advice_headers_say_true_or_false() {
        let advice =
            |value: &str| retry_advice(&NESTED, &Headers::new().with("Stripe-Should-Retry", value));
        assert_eq!(advice("true"), Some(true));
        assert_eq!(advice(" FALSE "), Some(false));
        assert_eq!(advice("maybe"), None);
        assert_eq!(retry_advice(&NESTED, &Headers::new()), None);
    }
}
