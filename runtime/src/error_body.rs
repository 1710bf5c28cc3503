//! Reading `code` and `message` out of an error body, whatever the body is.

use std::borrow::Cow;

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
    /// A small scanner rather than serde_json: it checks the whole body is JSON
    /// (RFC 8259) but builds nothing it does not return, so a number beyond
    /// `f64` or a lone surrogate elsewhere in the body cannot cost the caller
    /// the code. A field whose string cannot be Rust text (a lone surrogate,
    /// invalid UTF-8) reads as absent.
    pub fn read(body: &'a [u8]) -> ErrorFields<'a> {
        let mut scanner = Scanner { bytes: body, at: 0 };
        scanner.document().unwrap_or_default()
    }
}

/// Nesting deeper than this is refused, as serde_json does.
const MAX_DEPTH: usize = 128;

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
    fn the_first_of_repeated_keys_wins() {
        assert_eq!(
            read(r#"{"code":"A","code":"B","message":"m"}"#),
            some("A", "m")
        );
    }
}
