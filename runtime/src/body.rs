//! The one reader of response bodies: every body errspec looks at, error or
//! success, goes through the scanner below, so all of them follow one policy.
//!
//! - A body is JSON as RFC 8259 defines it, nested at most [`MAX_DEPTH`] deep,
//!   with nothing but whitespace around its one value. Anything else (HTML from
//!   a proxy, a truncated body, an empty one) is not read at all.
//! - Every legal value is accepted, including ones Rust cannot hold: a number
//!   beyond `f64` (`1e400`) and a string that is not text (a lone surrogate
//!   escape such as `"\ud800"`, or invalid UTF-8 inside the quotes) read as
//!   `null` (a field absent), so they never cost the caller the fields around
//!   them. In particular a broken `message` does not hide the `code`.
//! - Of repeated keys in an object, the first wins.
//!
//! [`ErrorFields::read`] takes `code` and `message` and builds nothing else;
//! [`parse_body`] builds the whole value for the rules of success responses.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// The two fields errspec reads from an error body.
///
/// Only a JSON object counts; either field is kept only when it is a string.
/// Everything else in the body is checked and skipped without being built.
#[derive(Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorFields<'a> {
    /// The body's `code`, if it is a string.
    pub code: Option<Cow<'a, str>>,
    /// The body's `message`, if it is a string.
    pub message: Option<Cow<'a, str>>,
}

impl<'a> ErrorFields<'a> {
    /// The fields of `body`; empty for anything that is not a JSON object
    /// (HTML, empty, truncated, an array, a string …).
    ///
    /// It checks the whole body is JSON but builds nothing it does not return;
    /// a field whose string is not text reads as absent (the module's policy).
    pub fn read(body: &'a [u8]) -> ErrorFields<'a> {
        let mut scanner = Scanner { bytes: body, at: 0 };
        scanner.document().unwrap_or_default()
    }
}

/// The body as a JSON value, read by the module's policy; `None` when it is not
/// JSON at all (or nested deeper than [`MAX_DEPTH`]).
///
/// Every rule that reads a success response (checked items, poll baselines and
/// responses, request flags) reads it through this function, and error
/// responses through [`ErrorFields::read`]: one scanner, so the two cannot
/// disagree about what a body holds.
pub fn parse_body(body: &[u8]) -> Option<Value> {
    let mut scanner = Scanner { bytes: body, at: 0 };
    scanner.whitespace();
    let value = scanner.build(1)?;
    scanner.whitespace();
    (scanner.at == scanner.bytes.len()).then_some(value)
}

/// Nesting deeper than this is refused, as serde_json does.
pub const MAX_DEPTH: usize = 128;

/// A JSON string: `None` when it is valid JSON but not Rust text.
type JsonString<'a> = Option<Cow<'a, str>>;

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A whole body: one object and nothing but whitespace around it.
    fn document(&mut self) -> Option<ErrorFields<'a>> {
        self.whitespace();
        self.eat(b'{')?;
        let mut fields = ErrorFields::default();
        // The first occurrence of a repeated key wins, whatever its value.
        let (mut seen_code, mut seen_message) = (false, false);
        self.whitespace();
        if self.eat(b'}').is_none() {
            loop {
                self.whitespace();
                let key = self.string()?;
                self.whitespace();
                self.eat(b':')?;
                self.whitespace();
                let slot = match key.as_deref() {
                    Some("code") if !seen_code => {
                        seen_code = true;
                        Some(&mut fields.code)
                    }
                    Some("message") if !seen_message => {
                        seen_message = true;
                        Some(&mut fields.message)
                    }
                    _ => None,
                };
                match slot {
                    Some(slot) if self.peek()? == b'"' => *slot = self.string()?,
                    _ => self.value(1)?,
                }
                self.whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.whitespace();
        (self.at == self.bytes.len()).then_some(fields)
    }

    /// Skips one value, checking its syntax.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.container(b'}', depth, true),
            b'[' => self.container(b']', depth, false),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// Builds one value: what [`Scanner::value`] accepts, as a `Value`.
    fn build(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.peek()? {
            b'"' => self
                .string()?
                .map_or(Value::Null, |text| Value::String(text.into_owned())),
            b'{' => Value::Object(self.build_object(depth)?),
            b'[' => Value::Array(self.build_array(depth)?),
            b't' => self.literal(b"true").map(|()| Value::Bool(true))?,
            b'f' => self.literal(b"false").map(|()| Value::Bool(false))?,
            b'n' => self.literal(b"null").map(|()| Value::Null)?,
            b'-' | b'0'..=b'9' => {
                let start = self.at;
                self.number()?;
                // The scanner accepted it, so it is ASCII.
                number(std::str::from_utf8(&self.bytes[start..self.at]).ok()?)
            }
            _ => return None,
        })
    }

    fn build_object(&mut self, depth: usize) -> Option<Map<String, Value>> {
        self.at += 1;
        let mut map = Map::new();
        self.whitespace();
        if self.eat(b'}').is_some() {
            return Some(map);
        }
        loop {
            self.whitespace();
            let key = self.string()?;
            self.whitespace();
            self.eat(b':')?;
            self.whitespace();
            let value = self.build(depth + 1)?;
            // A key that is not text names nothing a rule can read.
            if let Some(key) = key {
                map.entry(key.into_owned()).or_insert(value);
            }
            self.whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(map);
                }
                _ => return None,
            }
        }
    }

    fn build_array(&mut self, depth: usize) -> Option<Vec<Value>> {
        self.at += 1;
        let mut items = Vec::new();
        self.whitespace();
        if self.eat(b']').is_some() {
            return Some(items);
        }
        loop {
            self.whitespace();
            items.push(self.build(depth + 1)?);
            self.whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// An object (`keyed`) or an array, from its opening bracket.
    fn container(&mut self, close: u8, depth: usize, keyed: bool) -> Option<()> {
        self.at += 1;
        self.whitespace();
        if self.eat(close).is_some() {
            return Some(());
        }
        loop {
            self.whitespace();
            if keyed {
                self.string()?;
                self.whitespace();
                self.eat(b':')?;
                self.whitespace();
            }
            self.value(depth + 1)?;
            self.whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                byte if byte == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn number(&mut self) -> Option<()> {
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        Some(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// A string, from its opening quote; `None` when it is not valid JSON.
    /// Unescaped strings are borrowed from the body.
    fn string(&mut self) -> Option<JsonString<'a>> {
        self.eat(b'"')?;
        let mut decoded: Option<String> = None;
        let mut is_text = true;
        let mut run = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    let raw = std::str::from_utf8(&self.bytes[run..self.at]);
                    self.at += 1;
                    let (Ok(raw), true) = (raw, is_text) else {
                        return Some(None);
                    };
                    return Some(Some(match decoded {
                        None => Cow::Borrowed(raw),
                        Some(mut text) => {
                            text.push_str(raw);
                            Cow::Owned(text)
                        }
                    }));
                }
                b'\\' => {
                    let text = decoded.get_or_insert_with(String::new);
                    match std::str::from_utf8(&self.bytes[run..self.at]) {
                        Ok(raw) => text.push_str(raw),
                        Err(_) => is_text = false,
                    }
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    let escaped = match escape {
                        b'"' => Some('"'),
                        b'\\' => Some('\\'),
                        b'/' => Some('/'),
                        b'b' => Some('\u{8}'),
                        b'f' => Some('\u{c}'),
                        b'n' => Some('\n'),
                        b'r' => Some('\r'),
                        b't' => Some('\t'),
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    match escaped {
                        Some(c) => text.push(c),
                        None => is_text = false,
                    }
                    run = self.at;
                }
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    /// The character of `\uXXXX` (the `\u` read), joining a surrogate pair;
    /// `Some(None)` for a lone surrogate.
    fn unicode_escape(&mut self) -> Option<Option<char>> {
        let first = self.hex4()?;
        if !(0xd800..0xdc00).contains(&first) {
            // A lone low surrogate has no char.
            return Some(char::from_u32(u32::from(first)));
        }
        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
            return Some(None);
        }
        let save = self.at;
        self.at += 2;
        let second = self.hex4()?;
        if !(0xdc00..0xe000).contains(&second) {
            // Not a pair: leave the second escape to be read on its own.
            self.at = save;
            return Some(None);
        }
        let code = 0x10000 + ((u32::from(first) - 0xd800) << 10) + (u32::from(second) - 0xdc00);
        Some(char::from_u32(code))
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Option<u16> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        self.at += 4;
        Some(value)
    }
}

/// A JSON number as a `Value`: an integer when it is one that fits, else the
/// nearest `f64`, else (beyond `f64`) `null`.
fn number(text: &str) -> Value {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = text.parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn non_string_fields_are_skipped() {
        assert_eq!(
            read(r#"{"code":404,"message":"m"}"#),
            (None, Some("m".into()))
        );
        assert_eq!(read(r#"{"code":null,"message":{"x":[1]}}"#), (None, None));
        assert_eq!(read(r#"{"code":["A"],"message":true}"#), (None, None));
    }

    #[test]
    fn values_serde_cannot_build_do_not_hide_the_code() {
        assert_eq!(
            read(r#"{"code":"X","message":1e400}"#),
            (Some("X".into()), None)
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
        let deep = format!(
            r#"{{"code":"X","d":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(read(&deep), (None, None));
        let fine = format!(
            r#"{{"code":"X","d":{}1{}}}"#,
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(read(&fine).0.as_deref(), Some("X"));
    }

    #[test]
    fn unescaped_strings_are_borrowed() {
        let body = br#"{"code":"NotFound_Connector","message":"plain"}"#;
        let fields = ErrorFields::read(body);
        assert!(matches!(fields.code, Some(Cow::Borrowed(_))));
        assert!(matches!(fields.message, Some(Cow::Borrowed(_))));
    }

    #[test]
    fn whole_bodies_follow_the_same_policy() {
        use serde_json::json;
        let parse = |body: &str| parse_body(body.as_bytes());
        assert_eq!(
            parse(r#" {"a":[1,-2,3.5,18446744073709551615,1e400],"b":"\ud800","c":"x\u00e9"} "#),
            Some(json!({
                "a": [1, -2, 3.5, 18446744073709551615u64, null],
                "b": null,
                "c": "x\u{e9}"
            }))
        );
        assert_eq!(parse(r#"{"k":1,"k":2}"#), Some(json!({"k": 1})));
        assert_eq!(parse(r#"{"\udc00":1,"k":true}"#), Some(json!({"k": true})));
        assert_eq!(parse("null"), Some(Value::Null));
        assert_eq!(parse(r#""text""#), Some(json!("text")));
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse(&deep), None);
        let fine = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine).is_some());
        // Invalid UTF-8 inside a string reads as null; outside one, it is no JSON.
        assert_eq!(
            parse_body(b"{\"m\":\"a\xffb\",\"k\":1}"),
            Some(json!({"m": null, "k": 1}))
        );
        assert_eq!(parse_body(b"{\"k\":1}\xff"), None);
        for body in [
            "",
            "<html>",
            "{",
            r#"{"a":1,}"#,
            "[1 2]",
            "01",
            "1 2",
            "tru",
        ] {
            assert_eq!(parse(body), None, "{body:?}");
        }
    }

    /// The error reader and the whole-body reader agree on code and message.
    #[test]
    fn both_readers_see_the_same_fields() {
        for body in [
            r#"{"code":"X","message":"m"}"#,
            r#"{"code":"X","message":1e400}"#,
            r#"{"code":"\ud800","message":"m"}"#,
            r#"{"code":"A","code":"B"}"#,
            r#"{"code":404,"message":null}"#,
            r#"["code"]"#,
            "<html>",
        ] {
            let fields = ErrorFields::read(body.as_bytes());
            let value = parse_body(body.as_bytes());
            let field = |name: &str| {
                value
                    .as_ref()
                    .and_then(|v| v.get(name))
                    .and_then(Value::as_str)
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

    #[test]
    fn the_first_of_repeated_keys_wins() {
        assert_eq!(
            read(r#"{"code":"A","code":"B","message":"m"}"#),
            some("A", "m")
        );
    }
}
