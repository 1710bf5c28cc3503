//! Reading an OpenAPI document: bounded parsing of JSON or YAML into a tree in
//! document order, local `$ref` resolution with cycle protection, and the
//! operations, statuses and code values the importer works from.
//!
//! JSON goes through `serde_json` (recursion limit 128), YAML through
//! `serde-saphyr` with a budget (depth 128, node and event caps), and both are
//! refused above [`errspec_codegen::MAX_SPEC_BYTES`] before they are read. Syntax
//! errors keep the parser's line and column. Problems found afterwards (a
//! missing `paths`, a `$ref` that resolves nowhere, an operation that is not an
//! object) are collected as a whole, each with the JSON pointer of the value at
//! fault, and located once at the end: the document is read a second time, with
//! `serde-saphyr`, into a tree of positions. JSON is YAML 1.2 flow syntax, so the
//! same locator serves both formats; serde_json itself keeps no positions.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use errspec_codegen::{Diagnostic, Error, SpecErrors, MAX_SPEC_BYTES};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, MessageFormatter, Options, Spanned, UserMessageFormatter};

/// The deepest nesting read, in both formats (serde_json's own limit).
const MAX_DEPTH: usize = 128;
/// Most `$ref` hops followed from one place before giving up.
const MAX_REF_HOPS: usize = 64;
/// Deepest `allOf`/`oneOf`/`anyOf` nesting searched for a `code` property.
const MAX_SCHEMA_DEPTH: usize = 32;
/// Problems kept; the rest are counted.
const MAX_PROBLEMS: usize = errspec_codegen::MAX_DIAGNOSTICS;

/// How a document is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// A document read from disk.
pub struct Source {
    /// The path as given, for messages.
    pub origin: String,
    /// The text (without a leading byte-order mark).
    pub text: String,
    pub format: Format,
}

/// Reads a document: refused from its size above `MAX_SPEC_BYTES`, then decoded
/// as UTF-8. The format comes from the extension (`.json`, `.yaml`, `.yml`), else
/// from the first character (`{` is JSON).
pub fn read(path: &Path) -> Result<Source, Error> {
    let origin = path.to_string_lossy().into_owned();
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_SPEC_BYTES as u64 {
        let diagnostic = Diagnostic::new(
            format!(
                "the document is {size} bytes; errspec reads documents of up to {} MiB",
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
            0..0,
        )
        .with_help("remove what the import does not need, or split the document");
        return Err(errors(&origin, "", vec![diagnostic], 0));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let shown = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let diagnostic = Diagnostic::new(
                format!(
                    "the document is not valid UTF-8 (byte 0x{:02x})",
                    bytes[valid]
                ),
                valid..valid,
            )
            .with_help("save the document as UTF-8");
            return Err(errors(&origin, &shown, vec![diagnostic], 0));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ if text.trim_start().starts_with('{') => Format::Json,
        _ => Format::Yaml,
    };
    Ok(Source {
        origin,
        text,
        format,
    })
}

fn errors(origin: &str, source: &str, diagnostics: Vec<Diagnostic>, suppressed: usize) -> Error {
    Error::Spec(SpecErrors {
        origin: origin.to_owned(),
        source: source.to_owned(),
        diagnostics,
        suppressed,
    })
}

// ---------------------------------------------------------------------------
// The tree

/// A JSON/YAML value with mappings kept in document order.
#[derive(Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A number, as text.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The value under `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(text) => Some(text),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Array(_) => "a list",
            Node::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> =
            Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        let mut seen = HashSet::new();
        // Keys are read as strings: YAML's `200:` is the key "200".
        while let Some(key) = map.next_key::<String>()? {
            // serde-saphyr rejects duplicate keys itself; serde_json does not.
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

/// The YAML options for documents: serde-saphyr's budget, with room for large
/// API descriptions (a 16 MiB document can hold a few million nodes) and the
/// same nesting limit as serde_json.
fn yaml_options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = 4_000_000;
    budget.max_events = 16_000_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Parses the document's text into a tree; a syntax error is located where the
/// parser saw it.
pub fn parse(source: &Source) -> Result<Node, Error> {
    if source.text.trim().is_empty() {
        let diagnostic = Diagnostic::new("the document is empty", 0..0)
            .with_help("give the path of an OpenAPI 3.0 or 3.1 document (JSON or YAML)");
        return Err(errors(&source.origin, &source.text, vec![diagnostic], 0));
    }
    let result = match source.format {
        Format::Json => {
            serde_json::from_str::<Node>(&source.text).map_err(|error: serde_json::Error| {
                let message = error.to_string();
                let suffix = format!(" at line {} column {}", error.line(), error.column());
                let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
                let start = offset_of(&source.text, error.line(), error.column());
                // serde_json reports a duplicate key at its closing quote:
                // underline the whole key.
                let span = match source.text[..start].rfind('"') {
                    Some(open) if message.starts_with("duplicate key") => {
                        open..(start + 1).min(source.text.len())
                    }
                    _ => token_at(&source.text, start),
                };
                (message, span)
            })
        }
        Format::Yaml => serde_saphyr::from_str_with_options::<Node>(&source.text, yaml_options())
            .map_err(|error: serde_saphyr::Error| {
                let inner = error.without_snippet();
                let message = UserMessageFormatter.format_message(inner).into_owned();
                let span = match inner.location() {
                    Some(location) if location.line() > 0 => {
                        let line = usize::try_from(location.line()).unwrap_or(usize::MAX);
                        let col = usize::try_from(location.column()).unwrap_or(1);
                        token_at(&source.text, offset_of(&source.text, line, col))
                    }
                    _ => source.text.len()..source.text.len(),
                };
                (message, span)
            }),
    };
    result.map_err(|(message, span)| {
        let message: String = message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let kind = match source.format {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        };
        let diagnostic = Diagnostic::new(format!("the document is not valid {kind}: {message}"), span)
            .with_help(match source.format {
                Format::Json => "fix the JSON syntax at this place (a `.json` file is read as JSON)",
                Format::Yaml => "fix the YAML at this place (files not ending in `.json` and not starting with `{` are read as YAML)",
            });
        errors(&source.origin, &source.text, vec![diagnostic], 0)
    })
}

/// Byte offset of a 1-based line and column (characters; 0 counts as 1) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[offset..];
    let end = rest.find('\n').unwrap_or(rest.len());
    rest[..end]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(offset + end, |(i, _)| offset + i)
}

/// Widens a position to the word or quoted string that starts there.
fn token_at(text: &str, start: usize) -> Range<usize> {
    let rest = &text[start..];
    let len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..]
            .find(quote)
            .map_or(quote.len_utf8(), |end| end + 2),
        Some(c) if c.is_whitespace() || "{}[],:".contains(c) => c.len_utf8(),
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || "{}[],:#".contains(c))
            .unwrap_or(rest.len()),
        None => 0,
    };
    start..start + len
}

// ---------------------------------------------------------------------------
// Pointers and problems

/// One step of a JSON pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where a value sits in the document, as a JSON pointer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pointer(Vec<Step>);

impl Pointer {
    fn key(&self, key: &str) -> Pointer {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Pointer(steps)
    }

    fn index(&self, index: usize) -> Pointer {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Pointer(steps)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("#");
        }
        f.write_str("#")?;
        for step in &self.0 {
            match step {
                Step::Key(key) => write!(f, "/{}", key.replace('~', "~0").replace('/', "~1"))?,
                Step::Index(index) => write!(f, "/{index}")?,
            }
        }
        Ok(())
    }
}

/// A problem in the document, located by pointer until rendering.
struct Problem {
    message: String,
    at: Pointer,
    /// Point at the key of the value rather than the value itself.
    at_key: bool,
    label: Option<String>,
    help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, at: &Pointer) -> Self {
        Problem {
            message: message.into(),
            at: at.clone(),
            at_key: false,
            label: None,
            help: None,
        }
    }

    fn on_key(mut self) -> Self {
        self.at_key = true;
        self
    }

    fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The document read a second time, with the position of every key and value.
enum Located {
    Map(Vec<(Spanned<String>, Spanned<Located>)>),
    Seq(Vec<Spanned<Located>>),
    Scalar,
}

impl<'de> Deserialize<'de> for Located {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocatedVisitor;
        impl<'de> Visitor<'de> for LocatedVisitor {
            type Value = Located;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_unit<E>(self) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_none<E>(self) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Located, D::Error> {
                Located::deserialize(d)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_i128<E>(self, _: i128) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_u128<E>(self, _: u128) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Located, E> {
                Ok(Located::Scalar)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Located, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Located::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Located, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Located::Map(entries))
            }
        }
        deserializer.deserialize_any(LocatedVisitor)
    }
}

/// The byte range of a serde-saphyr location in `text`.
fn range_of(text: &str, location: &serde_saphyr::Location) -> Option<Range<usize>> {
    let span = location.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(start).ok()?.min(text.len());
        let end = start
            .saturating_add(usize::try_from(len).ok()?)
            .min(text.len());
        return Some(start..end);
    }
    if location.line() == 0 {
        return None;
    }
    let line = usize::try_from(location.line()).ok()?;
    let col = usize::try_from(location.column()).ok()?;
    Some(token_at(text, offset_of(text, line, col)))
}

/// Finds where a pointer's value (or key) is written.
fn locate(
    text: &str,
    tree: &Spanned<Located>,
    pointer: &Pointer,
    at_key: bool,
) -> Option<Range<usize>> {
    let mut node = tree;
    let mut key_span = None;
    for step in &pointer.0 {
        match (&node.value, step) {
            (Located::Map(entries), Step::Key(wanted)) => {
                let (key, value) = entries.iter().find(|(key, _)| &key.value == wanted)?;
                key_span = Some(&key.referenced);
                node = value;
            }
            (Located::Seq(items), Step::Index(index)) => {
                node = items.get(*index)?;
                key_span = None;
            }
            _ => return None,
        }
    }
    let value = range_of(text, &node.referenced);
    let key = key_span.and_then(|location| range_of(text, location));
    if at_key || matches!(node.value, Located::Map(_) | Located::Seq(_)) {
        key.or(value)
    } else {
        value.or(key)
    }
}

/// Turns the problems into located diagnostics.
fn render(source: &Source, problems: Vec<Problem>, suppressed: usize) -> Error {
    let tree =
        serde_saphyr::from_str_with_options::<Spanned<Located>>(&source.text, yaml_options()).ok();
    let mut unlocated = false;
    let diagnostics = problems
        .into_iter()
        .map(|problem| {
            let span = tree
                .as_ref()
                .and_then(|tree| locate(&source.text, tree, &problem.at, problem.at_key));
            let mut message = problem.message;
            let span = span.unwrap_or_else(|| {
                unlocated = true;
                message.push_str(&format!(" (at `{}`)", problem.at));
                0..0
            });
            let mut diagnostic = Diagnostic::new(message, span);
            if let Some(label) = problem.label {
                diagnostic = diagnostic.with_label(label);
            }
            if let Some(help) = problem.help {
                diagnostic = diagnostic.with_help(help);
            }
            diagnostic
        })
        .collect();
    // Without positions, an excerpt of line 1 would mislead: show none.
    let shown = if unlocated && tree.is_none() {
        ""
    } else {
        &source.text
    };
    errors(&source.origin, shown, diagnostics, suppressed)
}

// ---------------------------------------------------------------------------
// What the importer reads

/// The document, as far as an error contract is concerned.
#[derive(Debug)]
pub struct Imported {
    /// The `openapi` version, e.g. `3.0.3`.
    pub openapi: String,
    /// `info.title`.
    pub title: Option<String>,
    /// `info.version`.
    pub version: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
    /// Every operation, in document order of paths and methods.
    pub operations: Vec<Operation>,
    /// What the import could not carry over, for the user to review.
    pub notes: Vec<String>,
}

/// One operation of the document.
#[derive(Debug)]
pub struct Operation {
    /// Upper case: `GET`.
    pub method: String,
    /// The path as the document writes it.
    pub path: String,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub deprecated: bool,
    /// Its responses, in document order.
    pub responses: Vec<Response>,
    /// The path as an errspec template (parameter names made of letters,
    /// digits and `_`), or why the operation cannot be an errspec endpoint.
    pub template: Result<String, String>,
}

/// The status an entry under `responses` stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKey {
    /// `"404"`.
    Exact(u16),
    /// `"4XX"`: the class digit.
    Class(u8),
    /// `"default"`.
    Default,
}

/// One entry under an operation's `responses`.
#[derive(Debug)]
pub struct Response {
    pub status: StatusKey,
    pub description: Option<String>,
    /// `code` values of its bodies, from schema enums and examples.
    pub codes: Vec<FoundCode>,
}

/// A `code` value found in a response.
#[derive(Debug)]
pub struct FoundCode {
    pub value: String,
    /// The `message` of the example it came from, if any.
    pub message: Option<String>,
}

impl Operation {
    /// Its success statuses: the explicit 2xx responses, in ascending order, or
    /// `[200]` when it lists none (a `2XX` range or only `default`, or no
    /// responses at all); the flag tells whether they were listed. The skeleton
    /// and the drift check both use this, so a skeleton never drifts from its
    /// document.
    pub fn success(&self) -> (Vec<u16>, bool) {
        let mut listed: Vec<u16> = self
            .responses
            .iter()
            .filter_map(|r| match r.status {
                StatusKey::Exact(n) if (200..300).contains(&n) => Some(n),
                _ => None,
            })
            .collect();
        listed.sort_unstable();
        listed.dedup();
        if listed.is_empty() {
            (vec![200], false)
        } else {
            (listed, true)
        }
    }

    /// `GET /v1/groups`, for messages.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The methods OpenAPI path items may hold, in their documented order.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads the operations of a parsed document, or every problem found.
pub fn import(source: &Source, root: &Node) -> Result<Imported, Error> {
    let mut reader = Reader {
        root,
        problems: Vec::new(),
        suppressed: 0,
        notes: Vec::new(),
    };
    let imported = reader.document();
    if reader.problems.is_empty() {
        if let Some(imported) = imported {
            return Ok(imported);
        }
    }
    Err(render(source, reader.problems, reader.suppressed))
}

struct Reader<'d> {
    root: &'d Node,
    problems: Vec<Problem>,
    suppressed: usize,
    notes: Vec<String>,
}

impl<'d> Reader<'d> {
    fn problem(&mut self, problem: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.suppressed += 1;
        }
    }

    fn document(&mut self) -> Option<Imported> {
        let top = Pointer::default();
        let Node::Object(_) = self.root else {
            self.problem(
                Problem::new(
                    format!(
                        "the document is {}, not an OpenAPI object",
                        self.root.kind()
                    ),
                    &top,
                )
                .help("an OpenAPI document is an object starting with `openapi: 3.1.0` (or 3.0.x)"),
            );
            return None;
        };
        let openapi = self.version()?;
        let info = self.root.get("info");
        let text = |key: &str| {
            info.and_then(|info| info.get(key))
                .and_then(Node::as_str)
                .map(str::to_owned)
        };
        let (title, version) = (text("title"), text("version"));
        // 3.1's one-line `summary` stands in for a missing description.
        let description = text("description").or_else(|| text("summary"));
        let operations = self.paths(&top)?;
        if let Some(Node::Object(webhooks)) = self.root.get("webhooks") {
            if !webhooks.is_empty() {
                self.notes.push(format!(
                    "the document's {} webhook{} (requests the API sends, not endpoints it serves) {} not imported",
                    webhooks.len(),
                    if webhooks.len() == 1 { "" } else { "s" },
                    if webhooks.len() == 1 { "was" } else { "were" },
                ));
            }
        }
        Some(Imported {
            openapi,
            title,
            version,
            description,
            operations,
            notes: std::mem::take(&mut self.notes),
        })
    }

    /// Checks `openapi` names a version this importer reads: 3.0.x or 3.1.x.
    fn version(&mut self) -> Option<String> {
        let at = Pointer::default().key("openapi");
        let Some(value) = self.root.get("openapi") else {
            let problem = if self.root.get("swagger").is_some() {
                Problem::new(
                    "this is a Swagger 2.0 document; errspec imports OpenAPI 3.0 and 3.1",
                    &Pointer::default().key("swagger"),
                )
                .on_key()
                .help("convert it to OpenAPI 3 first (for instance with swagger2openapi)")
            } else {
                Problem::new(
                    "the document has no `openapi` field; is it an OpenAPI document?",
                    &Pointer::default(),
                )
                .help("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x)")
            };
            self.problem(problem);
            return None;
        };
        let Node::String(version) = value else {
            self.problem(
                Problem::new(
                    format!("`openapi` is {}, not a version string", value.kind()),
                    &at,
                )
                .help("quote it, e.g. `openapi: \"3.0.3\"`: unquoted, YAML reads 3.10 as the number 3.1"),
            );
            return None;
        };
        let supported = ["3.0", "3.1"].iter().any(|major_minor| {
            version == major_minor
                || version
                    .strip_prefix(major_minor)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        if !supported {
            self.problem(
                Problem::new(format!("unsupported OpenAPI version `{version}`"), &at)
                    .label("errspec imports 3.0.x and 3.1.x")
                    .help("convert the document to OpenAPI 3.1 or 3.0"),
            );
            return None;
        }
        Some(version.clone())
    }

    fn paths(&mut self, top: &Pointer) -> Option<Vec<Operation>> {
        let at = top.key("paths");
        let paths = match self.root.get("paths") {
            Some(Node::Object(entries)) => entries,
            Some(other) => {
                let kind = other.kind();
                self.problem(
                    Problem::new(format!("`paths` is {kind}, not an object"), &at)
                        .help("`paths` maps each path (`/v1/groups`) to its operations"),
                );
                return None;
            }
            None => {
                self.problem(
                    Problem::new("the document has no `paths`", &Pointer::default())
                        .help("the import makes one endpoint per operation under `paths`; add them (OpenAPI 3.1 allows a document without paths, but then there is nothing to import)"),
                );
                return None;
            }
        };
        let mut operations = Vec::new();
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let item_at = at.key(path);
            if !path.starts_with('/') {
                self.problem(
                    Problem::new(format!("path `{path}` does not start with `/`"), &item_at)
                        .on_key()
                        .help(
                            "OpenAPI paths start with `/`; keys starting with `x-` are extensions",
                        ),
                );
                continue;
            }
            let Some((item, item_at)) = self.resolve(item, &item_at) else {
                continue;
            };
            let Node::Object(entries) = item else {
                let kind = item.kind();
                self.problem(
                    Problem::new(
                        format!("path item `{path}` is {kind}, not an object"),
                        &item_at,
                    )
                    .help("a path item maps methods (`get`, `post`, ...) to operations"),
                );
                continue;
            };
            for (key, operation) in entries {
                if !METHODS.contains(&key.as_str()) {
                    if METHODS.contains(&key.to_ascii_lowercase().as_str()) {
                        self.notes.push(format!(
                            "`{key}` under `{path}` is not an operation (OpenAPI method keys are lower case); it was skipped"
                        ));
                    }
                    continue;
                }
                let op_at = item_at.key(key);
                let method = key.to_ascii_uppercase();
                if let Some(operation) = self.operation(&method, path, operation, &op_at) {
                    operations.push(operation);
                }
            }
        }
        Some(operations)
    }

    fn operation(
        &mut self,
        method: &str,
        path: &str,
        node: &'d Node,
        at: &Pointer,
    ) -> Option<Operation> {
        let Node::Object(_) = node else {
            let kind = node.kind();
            self.problem(
                Problem::new(
                    format!("operation `{method} {path}` is {kind}, not an object"),
                    at,
                )
                .help("an operation is an object with `responses`, and usually an `operationId`"),
            );
            return None;
        };
        let text = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_owned);
        let responses = self.responses(method, path, node.get("responses"), &at.key("responses"));
        let template = if method == "TRACE" {
            Err("errspec endpoints have no TRACE method".to_owned())
        } else {
            errspec_template(path)
        };
        Some(Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: text("operationId"),
            summary: text("summary")
                .or_else(|| text("description"))
                .filter(|s| !s.trim().is_empty()),
            deprecated: matches!(node.get("deprecated"), Some(Node::Bool(true))),
            responses,
            template,
        })
    }

    fn responses(
        &mut self,
        method: &str,
        path: &str,
        node: Option<&'d Node>,
        at: &Pointer,
    ) -> Vec<Response> {
        let entries = match node {
            None => return Vec::new(),
            Some(Node::Object(entries)) => entries,
            Some(other) => {
                let kind = other.kind();
                self.problem(Problem::new(
                    format!("`responses` of `{method} {path}` is {kind}, not an object"),
                    at,
                ));
                return Vec::new();
            }
        };
        let mut responses = Vec::new();
        for (key, response) in entries {
            if key.starts_with("x-") {
                continue;
            }
            let response_at = at.key(key);
            let Some(status) = status_key(key) else {
                self.problem(
                    Problem::new(
                        format!("response key `{key}` of `{method} {path}` is not a status"),
                        &response_at,
                    )
                    .on_key()
                    .help("response keys are statuses from 100 to 599, ranges such as `4XX`, or `default`"),
                );
                continue;
            };
            // OpenAPI 3.1 lets a reference carry its own description.
            let own_description = response
                .get("$ref")
                .and(response.get("description"))
                .and_then(Node::as_str);
            let Some((response, resolved_at)) = self.resolve(response, &response_at) else {
                continue;
            };
            let Node::Object(_) = response else {
                let kind = response.kind();
                self.problem(Problem::new(
                    format!("response `{key}` of `{method} {path}` is {kind}, not an object"),
                    &resolved_at,
                ));
                continue;
            };
            let mut codes = Vec::new();
            if let Some(content) = response.get("content") {
                self.content_codes(content, &resolved_at.key("content"), &mut codes);
            }
            responses.push(Response {
                status,
                description: own_description
                    .or_else(|| response.get("description").and_then(Node::as_str))
                    .map(str::to_owned)
                    .filter(|s| !s.trim().is_empty()),
                codes,
            });
        }
        responses
    }

    /// The `code` values in a response's `content`: every media type's schema
    /// (its `code` property's `enum`, `const`, `example` and `examples`, through
    /// `allOf`, `oneOf` and `anyOf`), `example` and `examples`.
    fn content_codes(&mut self, content: &'d Node, at: &Pointer, out: &mut Vec<FoundCode>) {
        let Node::Object(media_types) = content else {
            return;
        };
        for (name, media) in media_types {
            let media_at = at.key(name);
            let Node::Object(_) = media else { continue };
            if let Some(schema) = media.get("schema") {
                let mut seen = HashSet::new();
                self.schema_codes(schema, &media_at.key("schema"), 0, &mut seen, out);
            }
            if let Some(example) = media.get("example") {
                self.example_code(example, None, out);
            }
            if let Some(Node::Object(examples)) = media.get("examples") {
                let examples_at = media_at.key("examples");
                for (name, example) in examples {
                    let Some((example, _)) = self.resolve(example, &examples_at.key(name)) else {
                        continue;
                    };
                    if let Some(value) = example.get("value") {
                        let summary = example.get("summary").and_then(Node::as_str);
                        self.example_code(value, summary, out);
                    }
                }
            }
        }
    }

    fn schema_codes(
        &mut self,
        schema: &'d Node,
        at: &Pointer,
        depth: usize,
        seen: &mut HashSet<*const Node>,
        out: &mut Vec<FoundCode>,
    ) {
        if depth > MAX_SCHEMA_DEPTH {
            return;
        }
        let Some((schema, at)) = self.resolve(schema, at) else {
            return;
        };
        // A schema reached twice (`allOf` cycles, shared parts) is searched once.
        if !seen.insert(std::ptr::from_ref(schema)) {
            return;
        }
        if let Some(code) = schema.get("properties").and_then(|p| p.get("code")) {
            let code_at = at.key("properties").key("code");
            if let Some((code, _)) = self.resolve(code, &code_at) {
                let mut values: Vec<&Node> = Vec::new();
                for key in ["const", "example"] {
                    values.extend(code.get(key));
                }
                for key in ["enum", "examples"] {
                    if let Some(Node::Array(items)) = code.get(key) {
                        values.extend(items);
                    }
                }
                for value in values {
                    if let Node::String(value) = value {
                        push_code(out, value, None);
                    }
                }
            }
        }
        if let Some(example) = schema.get("example") {
            self.example_code(example, None, out);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Node::Array(parts)) = schema.get(key) {
                let parts_at = at.key(key);
                for (i, part) in parts.iter().enumerate() {
                    self.schema_codes(part, &parts_at.index(i), depth + 1, seen, out);
                }
            }
        }
    }

    /// The `code` of an example body, if it has one; errspec codes are
    /// strings, so a number is only noted.
    fn example_code(&mut self, example: &Node, summary: Option<&str>, out: &mut Vec<FoundCode>) {
        match example.get("code") {
            Some(Node::String(code)) => {
                let message = example
                    .get("message")
                    .and_then(Node::as_str)
                    .or(summary)
                    .filter(|s| !s.trim().is_empty());
                push_code(out, code, message);
            }
            Some(Node::Number(number)) => {
                let note = format!(
                    "code {number} in an example is a number; errspec codes are strings, so it was not imported"
                );
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
            _ => {}
        }
    }

    /// Follows `$ref`s from `node` to the value they name; `None` (with a
    /// problem) when a reference is external, does not resolve or loops.
    fn resolve(&mut self, node: &'d Node, at: &Pointer) -> Option<(&'d Node, Pointer)> {
        let mut node = node;
        let mut at = at.clone();
        let mut chain: Vec<String> = Vec::new();
        while let Some(reference) = node.get("$ref") {
            let ref_at = at.key("$ref");
            let Node::String(reference) = reference else {
                self.problem(Problem::new(
                    format!("`$ref` is {}, not a string", reference.kind()),
                    &ref_at,
                ));
                return None;
            };
            if chain.contains(reference) {
                chain.push(reference.clone());
                self.problem(
                    Problem::new(format!("`$ref` cycle: {}", chain.join(" -> ")), &ref_at)
                        .label("refers back to itself")
                        .help("make one of these references point at a value, not at another reference"),
                );
                return None;
            }
            if chain.len() >= MAX_REF_HOPS {
                self.problem(Problem::new(
                    format!(
                        "more than {MAX_REF_HOPS} `$ref`s in a row, from `{}`",
                        chain[0]
                    ),
                    &ref_at,
                ));
                return None;
            }
            chain.push(reference.clone());
            match self.follow(reference) {
                Ok((target, target_at)) => {
                    node = target;
                    at = target_at;
                }
                Err(message) => {
                    self.problem(
                        Problem::new(message, &ref_at)
                            .label("this reference")
                            .help(problem_help(reference)),
                    );
                    return None;
                }
            }
        }
        Some((node, at))
    }

    /// The value a local reference (`#/components/...`) names.
    fn follow(&self, reference: &str) -> Result<(&'d Node, Pointer), String> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(format!(
                "`$ref` `{reference}` points outside the document; errspec resolves only local references (`#/...`)"
            ));
        };
        let mut node = self.root;
        let mut at = Pointer::default();
        if fragment.is_empty() {
            return Ok((node, at));
        }
        let Some(fragment) = fragment.strip_prefix('/') else {
            return Err(format!(
                "`$ref` `{reference}` is not a JSON pointer (it should start with `#/`)"
            ));
        };
        for raw in fragment.split('/') {
            let step = percent_decode(raw).replace("~1", "/").replace("~0", "~");
            let next = match node {
                Node::Object(entries) => entries
                    .iter()
                    .find(|(k, _)| *k == step)
                    .map(|(_, v)| (v, at.key(&step))),
                Node::Array(items) => step
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).map(|v| (v, at.index(i)))),
                _ => None,
            };
            match next {
                Some((value, value_at)) => {
                    node = value;
                    at = value_at;
                }
                None => {
                    return Err(format!(
                        "`$ref` `{reference}` does not resolve: `{at}` has no `{step}`"
                    ))
                }
            }
        }
        Ok((node, at))
    }
}

fn problem_help(reference: &str) -> String {
    if reference.starts_with('#') {
        "check the spelling against the names under `components`".to_owned()
    } else {
        "bundle the document into one file first (for instance with `redocly bundle`)".to_owned()
    }
}

/// Decodes `%XX` escapes of a URI fragment; anything malformed stays as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn push_code(out: &mut Vec<FoundCode>, value: &str, message: Option<&str>) {
    match out.iter_mut().find(|c| c.value == value) {
        Some(found) => {
            if found.message.is_none() {
                found.message = message.map(str::to_owned);
            }
        }
        None => out.push(FoundCode {
            value: value.to_owned(),
            message: message.map(str::to_owned),
        }),
    }
}

/// `"404"`, `"4XX"` or `"default"`; `None` for anything else.
fn status_key(key: &str) -> Option<StatusKey> {
    if key == "default" {
        return Some(StatusKey::Default);
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(StatusKey::Class(class - b'0')),
        [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => key.parse().ok().map(StatusKey::Exact),
        _ => None,
    }
}

/// The document's path as an errspec template: each `{param}` a whole segment
/// named with letters, digits and `_` (other characters become `_`). An error
/// says why the path cannot be one.
fn errspec_template(path: &str) -> Result<String, String> {
    if path.contains(['?', '#']) {
        return Err("the path has a query or fragment".to_owned());
    }
    let mut params: Vec<String> = Vec::new();
    let mut segments = Vec::new();
    for segment in path.split('/').skip(1) {
        let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            if segment.contains(['{', '}']) {
                return Err(format!(
                    "segment `{segment}` mixes a parameter with text; errspec parameters are whole segments"
                ));
            }
            segments.push(segment.to_owned());
            continue;
        };
        if inner.contains(['{', '}']) {
            return Err(format!("segment `{segment}` holds more than one parameter"));
        }
        let mut name: String = inner
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.is_empty() {
            name.push_str("param");
        }
        let base = name.clone();
        let mut n = 2;
        while params.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        segments.push(format!("{{{name}}}"));
        params.push(name);
    }
    Ok(format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_keep_whole_segment_parameters_and_rename_odd_names() {
        assert_eq!(
            errspec_template("/v1/groups/{groupId}").unwrap(),
            "/v1/groups/{groupId}"
        );
        assert_eq!(
            errspec_template("/files/{file-id}").unwrap(),
            "/files/{file_id}"
        );
        assert_eq!(
            errspec_template("/a/{x.y}/{x_y}").unwrap(),
            "/a/{x_y}/{x_y_2}"
        );
        assert_eq!(errspec_template("/").unwrap(), "/");
        assert!(errspec_template("/files/{name}.json").is_err());
        assert!(errspec_template("/a?b=1").is_err());
    }

    #[test]
    fn status_keys() {
        assert_eq!(status_key("404"), Some(StatusKey::Exact(404)));
        assert_eq!(status_key("4XX"), Some(StatusKey::Class(4)));
        assert_eq!(status_key("default"), Some(StatusKey::Default));
        for bad in ["600", "40", "4040", "abc", "6XX", ""] {
            assert_eq!(status_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let at = Pointer::default().key("paths").key("/v1/a~b").index(2);
        assert_eq!(at.to_string(), "#/paths/~1v1~1a~0b/2");
    }
}
