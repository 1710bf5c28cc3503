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
//! Error responses are read in place: the body is checked once, then each
//! field the spec's envelope names is found without building anything else
//! ([`crate::ErrorFields`]). [`parse_body`] builds the whole value for the
//! rules of success responses.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// The body as a JSON value, read by the module's policy; `None` when it is not
/// JSON at all (or nested deeper than [`MAX_DEPTH`]).
///
/// Every rule that reads a success response (checked items, poll baselines and
/// responses, request flags) reads it through this function, and error
/// responses through [`crate::ErrorFields`]: one scanner, so the two cannot
/// disagree about what a body holds.
pub fn parse_body(body: &[u8]) -> Option<Value> {
    let mut scanner = Scanner { bytes: body, at: 0 };
    scanner.whitespace();
    let value = scanner.build(1)?;
    scanner.whitespace();
    (scanner.at == scanner.bytes.len()).then_some(value)
}

/// Members recorded by [`Document::parse`] for the objects it indexes.
const INDEXED_MEMBERS: usize = 8;
/// Objects [`Document::parse`] indexes: the top-level one and objects directly
/// inside it.
const INDEXED_OBJECTS: usize = 4;

/// Where the members of the body's outer objects are (the top-level object
/// and the objects that are its members' values), found by the checking pass,
/// so that reading them needs no second scan. Error bodies are small and
/// shallow; a body with more outer members than fit is read by scanning, the
/// same way, only slower.
#[derive(Debug)]
pub(crate) struct Index {
    /// The start of each indexed object, in document order.
    objects: [u32; INDEXED_OBJECTS],
    objects_len: usize,
    /// Each of their members, in document order.
    members: [Member; INDEXED_MEMBERS],
    members_len: usize,
}

/// One member of an indexed object: where its key and value are, and what the
/// checking pass learnt of them.
#[derive(Clone, Copy, Debug, Default)]
struct Member {
    object: u32,
    /// The key's text, between its quotes.
    key: (u32, u32),
    /// Whether the key has escapes (so its bytes are not its text).
    key_escaped: bool,
    value: u32,
    /// For a string value without escapes, where its text ends (its
    /// closing quote); else 0.
    plain_end: u32,
}

impl Index {
    fn object(&mut self, at: usize) -> Option<()> {
        *self.objects.get_mut(self.objects_len)? = u32::try_from(at).ok()?;
        self.objects_len += 1;
        Some(())
    }

    fn member(&mut self, member: Member) -> Option<()> {
        *self.members.get_mut(self.members_len)? = member;
        self.members_len += 1;
        Some(())
    }

    /// The members of the object starting at `object`, if it is indexed.
    fn members_of(&self, object: usize) -> Option<impl Iterator<Item = &Member>> {
        let object = u32::try_from(object).ok()?;
        // The top-level object comes first; the others are rarer.
        let indexed = self.objects_len > 0
            && (self.objects[0] == object || self.objects[1..self.objects_len].contains(&object));
        indexed.then(|| {
            self.members[..self.members_len]
                .iter()
                .filter(move |member| member.object == object)
        })
    }
}

impl Index {
    /// An empty index, for [`Raw::document`] to fill.
    pub(crate) fn new() -> Index {
        Index {
            objects: [0; INDEXED_OBJECTS],
            objects_len: 0,
            members: [Member::default(); INDEXED_MEMBERS],
            members_len: 0,
        }
    }
}

/// Most distinct top-level keys [`TopLevel::read`] looks for in one pass.
pub(crate) const TOP_LEVEL_KEYS: usize = 8;

/// The members of a body's top-level object that a reader asks for by key,
/// found in the one checking pass: for envelopes whose every body place is a
/// top-level key (the common case), nothing is looked up afterwards.
pub(crate) struct TopLevel<'a> {
    bytes: &'a [u8],
    /// For each key asked for: where the first member with that key has its
    /// value, and where the text ends for a plain string (else 0); `None`
    /// when the object has no such member.
    found: [Option<(usize, u32)>; TOP_LEVEL_KEYS],
}

impl<'a> TopLevel<'a> {
    /// Checks `body` and finds the first member for each of `keys` (at most
    /// [`TOP_LEVEL_KEYS`]); `None` when the body is not JSON. A body that is
    /// JSON but not an object has no members.
    pub(crate) fn read(body: &'a [u8], keys: &[&str]) -> Option<TopLevel<'a>> {
        let mut scanner = Scanner { bytes: body, at: 0 };
        let mut found = [None; TOP_LEVEL_KEYS];
        let mut seen = [false; TOP_LEVEL_KEYS];
        let keys = keys.get(..keys.len().min(TOP_LEVEL_KEYS))?;
        scanner.whitespace();
        if scanner.peek() != Some(b'{') {
            scanner.value(1)?;
        } else {
            scanner.at += 1;
            scanner.whitespace();
            if scanner.eat(b'}').is_none() {
                loop {
                    scanner.whitespace();
                    let key = scanner.at;
                    let escaped = scanner.skip_string()?;
                    let raw = &body[key + 1..scanner.at - 1];
                    // The first member with a key decides for it, whatever its value.
                    let wanted = keys.iter().enumerate().position(|(slot, want)| {
                        !seen[slot]
                            && if escaped {
                                let mut decoder = Scanner {
                                    bytes: body,
                                    at: key,
                                };
                                decoder.string().flatten().as_deref() == Some(*want)
                            } else {
                                same_bytes(raw, want.as_bytes())
                            }
                    });
                    scanner.whitespace();
                    scanner.eat(b':')?;
                    scanner.whitespace();
                    let value = scanner.at;
                    let mut plain_end = 0;
                    if scanner.peek()? == b'"' {
                        if !scanner.skip_string()? {
                            plain_end = u32::try_from(scanner.at - 1).unwrap_or(0);
                        }
                    } else {
                        scanner.value(2)?;
                    }
                    if let Some(slot) = wanted {
                        seen[slot] = true;
                        found[slot] = Some((value, plain_end));
                    }
                    scanner.whitespace();
                    match scanner.peek()? {
                        b',' => scanner.at += 1,
                        b'}' => {
                            scanner.at += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
        }
        scanner.whitespace();
        (scanner.at == body.len()).then_some(TopLevel { bytes: body, found })
    }

    /// The text of the member found for the `slot`-th key asked for.
    pub(crate) fn text(&self, slot: usize) -> Option<Cow<'a, str>> {
        let (at, plain_end) = (*self.found.get(slot)?)?;
        Raw {
            bytes: self.bytes,
            at,
            index: None,
            plain_end: (plain_end != 0).then_some(plain_end),
        }
        .text()
    }
}

/// One value of a body the scanner has checked, read in place: it starts at `at`, and
/// whatever follows it is ignored. Finding a member reads only what comes
/// before it in its object (or nothing, for an indexed object).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Raw<'a, 'i> {
    bytes: &'a [u8],
    at: usize,
    index: Option<&'i Index>,
    /// Where the text of a plain string value ends, when the index says.
    plain_end: Option<u32>,
}

impl<'a, 'i> Raw<'a, 'i> {
    /// The body's value, if the body is JSON by the module's policy; the
    /// members of its outer objects go into `index` (which the caller keeps,
    /// so that nothing large is moved).
    pub(crate) fn document(body: &'a [u8], index: &'i mut Index) -> Option<Raw<'a, 'i>> {
        let mut scanner = Scanner { bytes: body, at: 0 };
        scanner.whitespace();
        let root = scanner.at;
        let mut indexed = true;
        if scanner.peek() == Some(b'{') {
            indexed &= scanner.indexed_object(index, 1).is_some();
        } else {
            scanner.value(1)?;
        }
        scanner.whitespace();
        (scanner.at == body.len()).then_some(Raw {
            bytes: body,
            at: root,
            index: indexed.then_some(&*index),
            plain_end: None,
        })
    }

    fn scanner(self) -> Scanner<'a> {
        Scanner {
            bytes: self.bytes,
            at: self.at,
        }
    }

    fn at(self, at: usize) -> Raw<'a, 'i> {
        Raw {
            at,
            plain_end: None,
            ..self
        }
    }

    /// The first member named `key`, if this is an object.
    pub(crate) fn member(self, key: &str) -> Option<Raw<'a, 'i>> {
        if let Some(members) = self.index.and_then(|index| index.members_of(self.at)) {
            for member in members {
                let (start, end) = (member.key.0 as usize, member.key.1 as usize);
                let matches = if member.key_escaped {
                    let mut scanner = self.at(start - 1).scanner();
                    scanner.string()?.as_deref() == Some(key)
                } else {
                    same_bytes(&self.bytes[start..end], key.as_bytes())
                };
                if matches {
                    let value = self.at(member.value as usize);
                    let plain_end = (member.plain_end != 0).then_some(member.plain_end);
                    return Some(Raw { plain_end, ..value });
                }
            }
            return None;
        }
        let mut scanner = self.scanner();
        scanner.eat(b'{')?;
        scanner.whitespace();
        if scanner.peek()? == b'}' {
            return None;
        }
        loop {
            scanner.whitespace();
            let found = scanner.key_is(key)?;
            scanner.whitespace();
            scanner.eat(b':')?;
            scanner.whitespace();
            if found {
                return Some(self.at(scanner.at));
            }
            scanner.skip_checked();
            scanner.whitespace();
            scanner.eat(b',')?;
        }
    }

    /// The elements, if this is an array.
    pub(crate) fn elements(self) -> impl Iterator<Item = Raw<'a, 'i>> {
        let mut scanner = self.scanner();
        let mut open = scanner.eat(b'[').is_some();
        std::iter::from_fn(move || {
            if !open {
                return None;
            }
            scanner.whitespace();
            if matches!(scanner.peek(), None | Some(b']')) {
                open = false;
                return None;
            }
            let element = self.at(scanner.at);
            scanner.skip_checked();
            scanner.whitespace();
            open = scanner.eat(b',').is_some();
            Some(element)
        })
    }

    /// The value as text: a string's text (`None` when it is not text), a
    /// number's digits as written; `None` for anything else.
    pub(crate) fn text(self) -> Option<Cow<'a, str>> {
        // A string the checking pass found plain: its bytes are its text.
        if let Some(end) = self.plain_end {
            let text = &self.bytes[self.at + 1..end as usize];
            return std::str::from_utf8(text).ok().map(Cow::Borrowed);
        }
        let mut scanner = self.scanner();
        match scanner.peek()? {
            b'"' => scanner.string()?,
            b'-' | b'0'..=b'9' => {
                scanner.number()?;
                std::str::from_utf8(&self.bytes[self.at..scanner.at])
                    .ok()
                    .map(Cow::Borrowed)
            }
            _ => None,
        }
    }

    /// Whether the value equals a spec's scalar: same JSON type, same value.
    pub(crate) fn scalar_equals(self, scalar: &crate::Scalar<'_>) -> bool {
        use crate::Scalar;
        let rest = &self.bytes[self.at..];
        let word = |word: &[u8]| rest.starts_with(word);
        match scalar {
            Scalar::Null => word(b"null"),
            Scalar::Bool(true) => word(b"true"),
            Scalar::Bool(false) => word(b"false"),
            Scalar::Int(want) => {
                rest.first() != Some(&b'"')
                    && self.text().and_then(|text| text.parse::<i64>().ok()) == Some(*want)
            }
            Scalar::Str(want) => {
                rest.first() == Some(&b'"') && self.text().as_deref() == Some(*want)
            }
        }
    }
}

/// The position of the first byte of `bytes` that ends a run of plain string
/// text: a quote, a backslash or a control byte (below 0x20). Eight bytes at a
/// time while none of them is one.
fn plain_run(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `word` that is zero (exact for the lowest
    // one, which is all that is used).
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let stops = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            // A byte below 0x20: subtracting 0x20 borrows into its high bit.
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if stops != 0 {
            // Little-endian: the lowest set bit is the first such byte.
            return Some(at + (stops.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes[at..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(at + rest)
}

/// Whether two short byte strings (keys) are equal: inline, without the call
/// to `memcmp` that slice equality makes.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
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

    /// Skips one value, checking its syntax.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.skip_string().map(drop),
            b'{' => self.container(b'}', depth, true),
            b'[' => self.container(b']', depth, false),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// Checks an object at nesting `level` (1 for the top level), from its
    /// opening brace, recording its members in `index` and, at level 1, the
    /// objects among their values too. `None` when the index is full (the
    /// rest is still checked, and the caller reads by scanning) or when the
    /// object is not JSON: then the scanner stops where it failed, and the
    /// caller's end check fails too.
    fn indexed_object(&mut self, index: &mut Index, level: usize) -> Option<()> {
        let object = self.at;
        let mut complete = index.object(object).is_some();
        self.at += 1;
        self.whitespace();
        if self.eat(b'}').is_some() {
            return complete.then_some(());
        }
        loop {
            self.whitespace();
            let key = self.at;
            let Some(key_escaped) = self.skip_string() else {
                // Not JSON: leave the scanner past the end.
                self.at = self.bytes.len() + 1;
                return None;
            };
            let key_end = self.at - 1;
            self.whitespace();
            if self.eat(b':').is_none() {
                self.at = self.bytes.len() + 1;
                return None;
            }
            self.whitespace();
            let value = self.at;
            let mut plain_end = 0;
            let checked = if self.peek() == Some(b'"') {
                self.skip_string().map(|escaped| {
                    if !escaped {
                        plain_end = self.at - 1;
                    }
                })
            } else if level == 1 && self.peek() == Some(b'{') {
                let before = self.at;
                match self.indexed_object(index, level + 1) {
                    Some(()) => Some(()),
                    None if self.at <= self.bytes.len() => {
                        // Indexed partly, but JSON: fine, just not complete.
                        complete = false;
                        Some(())
                    }
                    None => {
                        self.at = before;
                        None
                    }
                }
            } else {
                self.value(level + 1)
            };
            if checked.is_none() {
                self.at = self.bytes.len() + 1;
                return None;
            }
            let recorded = (|| {
                index.member(Member {
                    object: u32::try_from(object).ok()?,
                    key: (u32::try_from(key + 1).ok()?, u32::try_from(key_end).ok()?),
                    key_escaped,
                    value: u32::try_from(value).ok()?,
                    plain_end: u32::try_from(plain_end).ok()?,
                })
            })();
            complete &= recorded.is_some();
            self.whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return complete.then_some(());
                }
                _ => {
                    self.at = self.bytes.len() + 1;
                    return None;
                }
            }
        }
    }

    /// Skips one value the scanner has already checked: only brackets and
    /// the ends of strings matter.
    fn skip_checked(&mut self) {
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.at += 1;
                    loop {
                        let Some(stop) = self.bytes[self.at..]
                            .iter()
                            .position(|&b| b == b'"' || b == b'\\')
                        else {
                            self.at = self.bytes.len();
                            break;
                        };
                        self.at += stop + 1;
                        if self.bytes[self.at - 1] == b'"' {
                            break;
                        }
                        // A backslash: skip the escaped byte.
                        self.at += 1;
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.at += 1;
                }
                b',' if depth == 0 => return,
                b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return,
                _ => self.at += 1,
            }
            if depth == 0 && matches!(byte, b'"' | b'}' | b']') {
                return;
            }
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
                self.skip_string()?;
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

    /// Skips a string, from its opening quote, checking its syntax only
    /// (escapes, no control bytes): whether it is text matters only where it
    /// is read. `None` when it is not valid JSON, exactly as for
    /// [`Scanner::string`].
    fn skip_string(&mut self) -> Option<bool> {
        self.eat(b'"')?;
        let mut escaped = false;
        loop {
            let stop = plain_run(&self.bytes[self.at..])?;
            self.at += stop + 1;
            match self.bytes[self.at - 1] {
                b'"' => return Some(escaped),
                b'\\' => {
                    escaped = true;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                        b'u' => {
                            self.at += 1;
                            self.hex4()?;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// Whether the string here, a key, reads as `key`; moves past it.
    fn key_is(&mut self, key: &str) -> Option<bool> {
        let start = self.at;
        let escaped = self.skip_string()?;
        let raw = &self.bytes[start + 1..self.at - 1];
        if !escaped {
            // No escapes: the text is the bytes (bytes that are not UTF-8
            // equal no key).
            return Some(same_bytes(raw, key.as_bytes()));
        }
        let mut decoder = Scanner {
            bytes: self.bytes,
            at: start,
        };
        Some(decoder.string()?.as_deref() == Some(key))
    }

    /// A string, from its opening quote; `None` when it is not valid JSON.
    /// Unescaped strings are borrowed from the body.
    fn string(&mut self) -> Option<JsonString<'a>> {
        self.eat(b'"')?;
        let mut decoded: Option<String> = None;
        let mut is_text = true;
        let mut run = self.at;
        loop {
            // Plain text runs to the next quote or backslash; a control byte
            // inside it is not JSON.
            let plain = plain_run(&self.bytes[self.at..])?;
            self.at += plain;
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

    /// Members found through the index of the outer objects are the ones a
    /// scan finds: first of repeated keys, escaped keys, more members than the
    /// index holds, objects nested deeper than it reaches.
    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let many: String = (0..40).map(|i| format!(r#""k{i}":{i},"#)).collect();
        let bodies = [
            r#"{"code":"A","code":"B","error":{"code":"C","code":"D"}}"#.to_owned(),
            r#"{"\u0063ode":"E","error":{"c\u006fde":"F"}}"#.to_owned(),
            format!(r#"{{{many}"code":"G","error":{{"code":"H"}}}}"#),
            format!(r#"{{"error":{{{many}"code":"I"}},"code":"J"}}"#),
            r#"{"a":{"b":{"code":"K"}},"e1":{},"e2":{},"e3":{},"e4":{},"e5":{},"e6":{},"e7":{},"e8":{"code":"L"}}"#.to_owned(),
            r#"{"error":[{"code":"M"}],"x":{"error":{"code":"N"}}}"#.to_owned(),
        ];
        let paths = [
            "code",
            "error.code",
            "a.b.code",
            "e8.code",
            "error[0].code",
            "x.error.code",
            "k39",
        ];
        for body in &bodies {
            let mut index = Index::new();
            let indexed = Raw::document(body.as_bytes(), &mut index).unwrap();
            let scanned = Raw {
                index: None,
                plain_end: None,
                ..indexed
            };
            for path in paths {
                let path = crate::FieldPath::new(path);
                let text = |root| crate::json::find(&path, root).and_then(Raw::text);
                assert_eq!(text(indexed), text(scanned), "{path} in {body}");
            }
        }
        let parse = |body: &str| {
            let mut index = Index::new();
            Raw::document(body.as_bytes(), &mut index).map(|root| root.index.is_some())
        };
        let mut index = Index::new();
        let root = Raw::document(bodies[0].as_bytes(), &mut index).unwrap();
        let error = root.member("error").unwrap();
        assert_eq!(error.member("code").unwrap().text().as_deref(), Some("C"));
        assert_eq!(parse(&bodies[0]), Some(true));
        assert_eq!(parse(&bodies[2]), Some(false), "too many members to index");
        for broken in [
            r#"{"a":{"b":1,}}"#,
            r#"{"a":{"b" 1}}"#,
            r#"{"a":1"#,
            r#"{"a":{"b":1}} x"#,
        ] {
            assert_eq!(parse(broken), None, "{broken}");
        }
    }

    /// The one-pass reader of top-level keys reads what the indexed reader
    /// finds, on bodies of every kind the policy distinguishes.
    #[test]
    fn top_level_reading_agrees_with_the_index() {
        let many: String = (0..40).map(|i| format!(r#""k{i}":{i},"#)).collect();
        let mut bodies: Vec<Vec<u8>> = [
            r#"{"code":"A","message":"m"}"#.to_owned(),
            r#"{"code":null,"code":"B","message":1e400}"#.to_owned(),
            r#"{"\u0063ode":"C","c\u006fde":"D","message":"a\nb"}"#.to_owned(),
            r#"{"code":20404,"message":"\ud800","data":{"code":"E"}}"#.to_owned(),
            format!(r#"{{{many}"code":"F","message":"x"}}"#),
            r#"["code"]"#.to_owned(),
            "null".to_owned(),
            r#"{"code":"G",}"#.to_owned(),
            r#"{"code":"H"} x"#.to_owned(),
            "<html>".to_owned(),
            String::new(),
            "{\"code\":\"a\u{1}b\"}".to_owned(),
            r#"{}"#.to_owned(),
        ]
        .map(String::into_bytes)
        .to_vec();
        bodies.push(b"{\"code\":\"\xff\",\"message\":\"ok\"}".to_vec());
        let keys = ["code", "message", "k39"];
        for body in &bodies {
            let shown = String::from_utf8_lossy(body);
            let fast = TopLevel::read(body, &keys);
            let mut index = Index::new();
            let tree = Raw::document(body, &mut index);
            assert_eq!(fast.is_some(), tree.is_some(), "{shown}");
            for (slot, key) in keys.iter().enumerate() {
                let fast = fast.as_ref().and_then(|fast| fast.text(slot));
                let tree = tree.and_then(|root| root.member(key)).and_then(Raw::text);
                assert_eq!(fast, tree, "{key} in {shown}");
            }
        }
    }

    /// The word-at-a-time search finds the first quote, backslash or control
    /// byte at every position, as a byte loop does.
    #[test]
    fn plain_runs_end_where_a_byte_loop_says() {
        for len in 0..40 {
            for stop in [b'"', b'\\', 0x00, 0x1f, b'a', 0x7f, 0xff, 0x20] {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = stop;
                    // Bytes just above the stops must not count.
                    if at + 1 < len {
                        bytes[at + 1] = b'#';
                    }
                    let expected = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                    assert_eq!(plain_run(&bytes), expected, "{bytes:?}");
                }
            }
        }
        assert_eq!(plain_run("é\"".as_bytes()), Some(2));
    }

    #[test]
    fn raw_values_find_members_and_elements_in_place() {
        let body = br#" {"a":{"s":"x\"}","n":[1,{"k":"v"},"t"],"e":{}},"a":2,"z":-1.5e3} "#;
        let mut index = Index::new();
        let doc = Raw::document(body, &mut index).unwrap();
        let a = doc.member("a").unwrap();
        assert_eq!(a.member("s").unwrap().text().as_deref(), Some("x\"}"));
        let elements: Vec<_> = a.member("n").unwrap().elements().collect();
        assert_eq!(elements.len(), 3);
        assert_eq!(
            elements[1].member("k").unwrap().text().as_deref(),
            Some("v")
        );
        assert_eq!(elements[2].text().as_deref(), Some("t"));
        assert!(elements[1].text().is_none(), "an object is no text");
        assert!(a.member("e").unwrap().member("x").is_none());
        assert_eq!(doc.member("z").unwrap().text().as_deref(), Some("-1.5e3"));
        assert!(doc.member("missing").is_none());
        assert_eq!(doc.member("a").unwrap().elements().count(), 0);
        let mut index = Index::new();
        assert!(Raw::document(b"[]", &mut index)
            .unwrap()
            .elements()
            .next()
            .is_none());
        assert!(Raw::document(b"{} x", &mut Index::new()).is_none());
        let mut index = Index::new();
        let scalars = Raw::document(
            br#"{"t":true,"f":false,"n":null,"i":3,"s":"3"}"#,
            &mut index,
        )
        .unwrap();
        use crate::Scalar;
        let is = |key, scalar| scalars.member(key).unwrap().scalar_equals(&scalar);
        assert!(is("t", Scalar::Bool(true)) && !is("t", Scalar::Bool(false)));
        assert!(is("f", Scalar::Bool(false)) && is("n", Scalar::Null));
        assert!(is("i", Scalar::Int(3)) && !is("s", Scalar::Int(3)));
        assert!(is("s", Scalar::Str("3")) && !is("i", Scalar::Str("3")));
    }
}
