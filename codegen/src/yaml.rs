//! errspec's YAML reader: spec text in, a small located tree out.
//!
//! Why errspec reads YAML itself: every crate that adopts errspec compiles this
//! crate, from a build script or through `include_spec!`, on every cold build.
//! A general YAML-to-serde layer and serde's derive (with `syn`) cost more to
//! compile than the whole generator, and the spec format needs none of their
//! generality: it is a handful of fixed mappings, lists and scalars. So errspec
//! takes the event stream of `granit-parser` (a YAML 1.2 parser with two small
//! dependencies) and keeps just what it needs in a [`Tree`]: mappings with their
//! keys in written order, sequences, and scalars with their text, style, tag and
//! byte range. [`crate::decode`] turns the tree into the raw model, and the
//! `fmt` check walks the same tree, so there is one reader of spec YAML.
//!
//! The reader is also where hostile input stops. A spec is one document; its
//! collections nest at most [`MAX_DEPTH`] deep; it holds at most [`MAX_NODES`]
//! nodes and [`MAX_ALIASES`] aliases. Aliases are kept as references to their
//! anchor's node, never copied, so an alias bomb costs nothing here; the decoder
//! charges what it reads through aliases against the same node budget.

use std::borrow::Cow;
use std::ops::Range;

use granit_parser::{ErrorKind, Event, Parser, ScalarStyle, ScanError, Span, Tag};

use crate::diagnostic::Diagnostic;

/// At most this many nodes (scalars, sequences, mappings) in a spec: about
/// twice what a spec with 10,000 codes and 1,000 endpoints holds.
pub const MAX_NODES: usize = 250_000;

/// At most this many aliases (`*name`) in a spec.
pub const MAX_ALIASES: usize = 50_000;

/// Collections nest at most this deep. The spec format itself nests six levels.
pub const MAX_DEPTH: usize = 64;

/// Index of a node in its [`Tree`].
pub type NodeId = u32;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// A `|` block.
    Literal,
    /// A `>` block.
    Folded,
}

/// The meaning of a node's explicit tag, as far as errspec reads tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TagKind {
    /// No tag.
    None,
    /// `!!str`.
    Str,
    /// `!!int`.
    Int,
    /// `!!bool`.
    Bool,
    /// `!!null`.
    Null,
    /// `!!float`.
    Float,
    /// `!!seq`.
    Seq,
    /// `!!map`.
    Map,
    /// `!!merge`, on a `<<` key.
    Merge,
    /// `!`, the non-specific tag: the scalar is a string.
    NonSpecific,
    /// Another `tag:yaml.org,2002:` tag (`!!binary`, `!!timestamp`, ...), which
    /// errspec does not read.
    Unsupported,
    /// An application tag (`!custom`); ignored where a type is expected.
    Custom,
}

impl TagKind {
    fn of(tag: Option<&Tag>) -> TagKind {
        let Some(tag) = tag else {
            return TagKind::None;
        };
        match tag.core_suffix() {
            Some("str") => return TagKind::Str,
            Some("int") => return TagKind::Int,
            Some("bool") => return TagKind::Bool,
            Some("null") => return TagKind::Null,
            Some("float") => return TagKind::Float,
            Some("seq") => return TagKind::Seq,
            Some("map") => return TagKind::Map,
            _ => {}
        }
        match tag.suffix_in_namespace("tag:yaml.org,2002:") {
            Some(name) if name == "merge" => TagKind::Merge,
            Some(_) => TagKind::Unsupported,
            None if matches!((tag.handle(), tag.suffix()), ("", "!") | ("!", "")) => {
                TagKind::NonSpecific
            }
            None => TagKind::Custom,
        }
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'s> {
    /// A scalar: its text after YAML's escapes and folding (`~` when empty).
    Scalar {
        /// The text.
        text: Cow<'s, str>,
        /// How it was written.
        style: Style,
    },
    /// A sequence of `len` items, stored from `first` in the tree's children.
    Seq {
        /// Index of the first item in the children list.
        first: u32,
        /// Number of items.
        len: u32,
    },
    /// A mapping of `len` entries, stored from `first` in the tree's children
    /// as key, value, key, value, in written order.
    Map {
        /// Index of the first key in the children list.
        first: u32,
        /// Number of entries.
        len: u32,
    },
    /// An alias (`*name`) of the node its anchor is on.
    Alias {
        /// The anchored node.
        target: NodeId,
    },
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node<'s> {
    /// What it is.
    pub kind: Kind<'s>,
    /// Its explicit tag.
    pub tag: TagKind,
    start: u32,
    end: u32,
}

/// A spec document as a tree of located nodes.
#[derive(Debug)]
pub struct Tree<'s> {
    nodes: Vec<Node<'s>>,
    children: Vec<NodeId>,
    root: NodeId,
}

impl<'s> Tree<'s> {
    /// Reads `source`, which must hold exactly one YAML document.
    pub fn read(source: &'s str) -> Result<Tree<'s>, Diagnostic> {
        Builder::new(source).run()
    }

    /// The document's top node.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// A node.
    pub fn node(&self, id: NodeId) -> &Node<'s> {
        &self.nodes[id as usize]
    }

    /// The byte range a node was read from: a scalar's text with its quotes, an
    /// alias's `*name`, a flow collection's opening bracket, a block mapping's
    /// first key and a block sequence's first `-`.
    pub fn span(&self, id: NodeId) -> Range<usize> {
        let node = self.node(id);
        node.start as usize..node.end as usize
    }

    /// The node an alias stands for, or the node itself.
    pub fn resolve(&self, id: NodeId) -> NodeId {
        match self.node(id).kind {
            Kind::Alias { target } => target,
            _ => id,
        }
    }

    /// The items of a sequence (empty for any other node).
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match self.node(id).kind {
            Kind::Seq { first, len } => &self.children[first as usize..(first + len) as usize],
            _ => &[],
        }
    }

    /// The entries of a mapping as `(key, value)` pairs in written order, merge
    /// keys included (empty for any other node).
    pub fn entries(&self, id: NodeId) -> impl ExactSizeIterator<Item = (NodeId, NodeId)> + '_ {
        let pairs = match self.node(id).kind {
            Kind::Map { first, len } => &self.children[first as usize..(first + 2 * len) as usize],
            _ => &[],
        };
        pairs.chunks_exact(2).map(|pair| (pair[0], pair[1]))
    }

    /// The text, style and tag of a scalar (through an alias); `None` for a
    /// collection.
    pub fn scalar(&self, id: NodeId) -> Option<(&str, Style, TagKind)> {
        let node = self.node(self.resolve(id));
        match &node.kind {
            Kind::Scalar { text, style } => Some((text, *style, node.tag)),
            _ => None,
        }
    }

    /// Whether a node (through an alias) is null: `!!null`, or an untagged plain
    /// `~`, `null`, `Null`, `NULL` or nothing at all.
    pub fn is_null(&self, id: NodeId) -> bool {
        match self.scalar(id) {
            Some((_, _, TagKind::Null)) => true,
            Some((text, Style::Plain, TagKind::None | TagKind::Custom | TagKind::Merge)) => {
                is_null_text(text)
            }
            _ => false,
        }
    }

    /// Whether a mapping key is the merge key: a plain `<<`, untagged or tagged
    /// `!!merge`.
    pub fn is_merge_key(&self, id: NodeId) -> bool {
        let node = self.node(id);
        matches!(&node.kind, Kind::Scalar { text, style: Style::Plain } if text == "<<")
            && matches!(node.tag, TagKind::None | TagKind::Merge)
    }

    /// What kind of value a node is, for messages: "a list", "a mapping", ...
    pub fn describe(&self, id: NodeId) -> &'static str {
        match &self.node(self.resolve(id)).kind {
            Kind::Seq { .. } => "a list",
            Kind::Map { .. } => "a mapping",
            _ if self.is_null(id) => "null",
            _ => "a scalar",
        }
    }
}

/// `~`, `null`, `Null`, `NULL` or nothing: the plain spellings of null.
pub fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A collection being read.
struct Open {
    id: NodeId,
    /// Where its children start in `Builder::pending`.
    mark: usize,
}

struct Builder<'s> {
    source: &'s str,
    nodes: Vec<Node<'s>>,
    children: Vec<NodeId>,
    /// Finished children of the open collections, innermost last.
    pending: Vec<NodeId>,
    open: Vec<Open>,
    /// The node of each anchor, by the parser's anchor id.
    anchors: Vec<NodeId>,
    aliases: usize,
    root: Option<NodeId>,
    documents: usize,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            nodes: Vec::with_capacity(source.len() / 16),
            children: Vec::with_capacity(source.len() / 16),
            pending: Vec::new(),
            open: Vec::new(),
            anchors: Vec::new(),
            aliases: 0,
            root: None,
            documents: 0,
        }
    }

    fn run(mut self) -> Result<Tree<'s>, Diagnostic> {
        let mut parser = Parser::new_from_str(self.source);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|error| self.scan_error(&error))?;
            self.event(event, span)?;
        }
        let Some(root) = self.root else {
            return Err(Diagnostic::new("the spec is empty", 0..self.source.len())
                .with_help("a spec starts with `version: 1`; see the README for the format"));
        };
        Ok(Tree {
            nodes: self.nodes,
            children: self.children,
            root,
        })
    }

    fn event(&mut self, event: Event<'s>, span: Span) -> Result<(), Diagnostic> {
        let range = span.byte_range().unwrap_or(0..0);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    let at = token_at(self.source, range.start..range.start);
                    return Err(Diagnostic::new(
                        "the spec holds more than one YAML document",
                        at,
                    )
                    .with_label("a second document starts here")
                    .with_help("a spec is one document; remove this `---` and what follows, or merge the two"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                // An empty value reads as `~`; keep it empty, and locate it by
                // the indicator before it.
                let (text, range) = if range.is_empty() {
                    let at = match span.tag_span().and_then(|tag| tag.byte_range()) {
                        Some(tag) => tag,
                        None => self.empty_value_span(range.start),
                    };
                    (Cow::Borrowed(""), at)
                } else {
                    (text, range)
                };
                let id = self.push(Kind::Scalar { text, style }, tag.as_deref(), range)?;
                self.anchor(anchor, id);
                self.finish(id);
            }
            Event::Alias(anchor) => {
                self.aliases += 1;
                if self.aliases > MAX_ALIASES {
                    return Err(Diagnostic::new(
                        format!("the spec uses more than {MAX_ALIASES} aliases"),
                        range,
                    )
                    .with_help("errspec reads at most this many `*name` references"));
                }
                let target = self.anchors.get(anchor).copied().unwrap_or(NodeId::MAX);
                if target == NodeId::MAX {
                    return Err(unknown_anchor(self.source, range));
                }
                // Aliases cost no node of the budget: they are not copied.
                let id = self.nodes.len() as NodeId;
                self.nodes.push(Node {
                    kind: Kind::Alias { target },
                    tag: TagKind::None,
                    start: range.start as u32,
                    end: range.end as u32,
                });
                self.finish(id);
            }
            Event::SequenceStart(style, anchor, tag) => {
                let range = match style {
                    granit_parser::StructureStyle::Block => self.dash_before(range.start),
                    granit_parser::StructureStyle::Flow => range,
                };
                self.start(
                    Kind::Seq { first: 0, len: 0 },
                    anchor,
                    tag.as_deref(),
                    range,
                )?;
            }
            Event::MappingStart(_, anchor, tag) => {
                self.start(
                    Kind::Map { first: 0, len: 0 },
                    anchor,
                    tag.as_deref(),
                    range,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.end(),
            _ => {}
        }
        Ok(())
    }

    /// Adds a node, charging it to the node budget.
    fn push(
        &mut self,
        kind: Kind<'s>,
        tag: Option<&Tag>,
        range: Range<usize>,
    ) -> Result<NodeId, Diagnostic> {
        let counted = self.nodes.len() - self.aliases;
        if counted >= MAX_NODES {
            return Err(Diagnostic::new(
                format!("the spec has more than {MAX_NODES} YAML nodes, errspec's node budget"),
                range,
            )
            .with_label("the budget runs out here")
            .with_help("split the list or mapping; no real contract comes near this size"));
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kind,
            tag: TagKind::of(tag),
            start: range.start as u32,
            end: range.end as u32,
        });
        Ok(id)
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, NodeId::MAX);
        }
        self.anchors[anchor] = id;
    }

    fn start(
        &mut self,
        kind: Kind<'s>,
        anchor: usize,
        tag: Option<&Tag>,
        range: Range<usize>,
    ) -> Result<(), Diagnostic> {
        if self.open.len() >= MAX_DEPTH {
            return Err(Diagnostic::new(
                format!(
                    "the spec nests collections more than {MAX_DEPTH} deep, errspec's depth limit"
                ),
                token_at(self.source, range.start..range.end.max(range.start)),
            )
            .with_label("too deep")
            .with_help("no part of the spec format nests deeper than six levels"));
        }
        let id = self.push(kind, tag, range)?;
        // An anchor is usable from its collection's first child on (YAML lets
        // a collection hold an alias of itself).
        self.anchor(anchor, id);
        self.open.push(Open {
            id,
            mark: self.pending.len(),
        });
        Ok(())
    }

    fn end(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        let first = self.children.len() as u32;
        let count = (self.pending.len() - open.mark) as u32;
        self.children.extend(self.pending.drain(open.mark..));
        // A block mapping has no token of its own: it is located by its first key.
        let first_key = self.children.get(first as usize).map(|&key| {
            let key = &self.nodes[key as usize];
            (key.start, key.end)
        });
        let node = &mut self.nodes[open.id as usize];
        match &mut node.kind {
            Kind::Seq { first: f, len } => {
                *f = first;
                *len = count;
            }
            Kind::Map { first: f, len } => {
                *f = first;
                *len = count / 2;
                if let (true, Some((start, end))) = (node.start == node.end, first_key) {
                    node.start = start;
                    node.end = end;
                }
            }
            _ => {}
        }
        self.finish(open.id);
    }

    /// A finished node goes to its collection, or becomes the root.
    fn finish(&mut self, id: NodeId) {
        if self.open.is_empty() {
            self.root = Some(id);
        } else {
            self.pending.push(id);
        }
    }

    /// An empty value has no text to point at: it is located by the `:` or `-`
    /// next to it on its line.
    fn empty_value_span(&self, at: usize) -> Range<usize> {
        self.indicator_at(at, &[':', '-', '?']).unwrap_or(at..at)
    }

    /// A block sequence is located by the `-` of its first item.
    fn dash_before(&self, at: usize) -> Range<usize> {
        self.indicator_at(at, &['-']).unwrap_or(at..at)
    }

    /// One of `indicators` at `at` (after blanks), or the last thing before it.
    fn indicator_at(&self, at: usize, indicators: &[char]) -> Option<Range<usize>> {
        let after = &self.source[at..];
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        if after[blanks..].starts_with(indicators) {
            return Some(at + blanks..at + blanks + 1);
        }
        let before = self.source[..at].trim_end_matches([' ', '\t']);
        if before.ends_with("---") {
            return Some(before.len() - 3..before.len());
        }
        before
            .ends_with(indicators)
            .then(|| before.len() - 1..before.len())
    }

    fn scan_error(&self, error: &ScanError) -> Diagnostic {
        let marker = error.marker();
        let at = marker
            .byte_offset()
            .unwrap_or(self.source.len())
            .min(self.source.len());
        let at = floor_char_boundary(self.source, at);
        if matches!(error.kind(), ErrorKind::UnknownAnchor) {
            return unknown_anchor(self.source, token_at(self.source, at..at));
        }
        Diagnostic::new(shown(&error.info()), token_at(self.source, at..at))
    }
}

fn unknown_anchor(source: &str, span: Range<usize>) -> Diagnostic {
    let alias = shown(source.get(span.clone()).unwrap_or("*"));
    let alias = alias.as_str();
    let name = alias.trim_start_matches('*');
    Diagnostic::new(
        format!("`{alias}` refers to no anchor defined before it"),
        span,
    )
    .with_label("unknown alias")
    .with_help(format!(
        "put `&{name}` on the value to reuse, above this line, or write the value out"
    ))
}

/// Spec text quoted in a message, on one line: control characters (a key
/// may hold a newline) become spaces.
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn floor_char_boundary(source: &str, mut i: usize) -> usize {
    while !source.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Widens a position to the whole word or quoted scalar that starts there, so
/// the excerpt underlines the offending token; one character at punctuation.
pub fn token_at(source: &str, point: Range<usize>) -> Range<usize> {
    let rest = &source[point.start..];
    let len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(1, |end| end + 2),
        Some(c) if c.is_whitespace() || ":,[]{}#".contains(c) => c.len_utf8(),
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || ":,[]{}#".contains(c))
            .unwrap_or(rest.len()),
        None => 0,
    };
    point.start..point.start + len.max(point.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_text<'a>(tree: &'a Tree<'_>, id: NodeId) -> &'a str {
        tree.scalar(id).unwrap().0
    }

    #[test]
    fn mappings_keep_keys_in_order_with_their_spans() {
        let src = "b: 1\na: [x, 'y']\n";
        let tree = Tree::read(src).unwrap();
        let entries: Vec<_> = tree.entries(tree.root()).collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(scalar_text(&tree, entries[0].0), "b");
        assert_eq!(&src[tree.span(entries[1].0)], "a");
        let items = tree.items(entries[1].1);
        assert_eq!(&src[tree.span(items[1])], "'y'");
        assert_eq!(tree.scalar(items[1]).unwrap().1, Style::SingleQuoted);
        assert_eq!(&src[tree.span(entries[1].1)], "[");
    }

    #[test]
    fn block_collections_are_located_by_their_first_key_or_dash() {
        let src = "top:\n  inner: 1\nlist:\n  - a\n";
        let tree = Tree::read(src).unwrap();
        let entries: Vec<_> = tree.entries(tree.root()).collect();
        assert_eq!(&src[tree.span(entries[0].1)], "inner");
        assert_eq!(&src[tree.span(entries[1].1)], "-");
        assert_eq!(&src[tree.span(tree.root())], "top");
    }

    #[test]
    fn empty_values_are_null_located_at_their_colon() {
        let src = "a:\nb: ~\nc: ''\n";
        let tree = Tree::read(src).unwrap();
        let entries: Vec<_> = tree.entries(tree.root()).collect();
        assert!(tree.is_null(entries[0].1));
        assert_eq!(&src[tree.span(entries[0].1)], ":");
        assert!(tree.is_null(entries[1].1));
        assert!(!tree.is_null(entries[2].1));
    }

    #[test]
    fn aliases_point_at_their_anchor_without_copying() {
        let src = "a: &x {k: v}\nb: *x\n";
        let tree = Tree::read(src).unwrap();
        let entries: Vec<_> = tree.entries(tree.root()).collect();
        let alias = entries[1].1;
        assert_eq!(&src[tree.span(alias)], "*x");
        assert_eq!(tree.resolve(alias), entries[0].1);
        assert_eq!(tree.describe(alias), "a mapping");
    }

    #[test]
    fn tags_are_classified() {
        let src =
            "a: !!str 1\nb: !!int 2\nc: ! x\nd: !custom y\ne: !!binary aGk=\n!!merge <<: {}\n";
        let tree = Tree::read(src).unwrap();
        let tags: Vec<TagKind> = tree
            .entries(tree.root())
            .map(|(_, value)| tree.node(value).tag)
            .collect();
        assert_eq!(
            tags,
            [
                TagKind::Str,
                TagKind::Int,
                TagKind::NonSpecific,
                TagKind::Custom,
                TagKind::Unsupported,
                TagKind::None,
            ]
        );
        let (merge, _) = tree.entries(tree.root()).last().unwrap();
        assert!(tree.is_merge_key(merge));
    }

    #[test]
    fn one_document_only() {
        let error = Tree::read("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(error.message.contains("more than one YAML document"));
        assert_eq!(error.span, 5..8);
        assert_eq!(
            Tree::read("# nothing\n").unwrap_err().message,
            "the spec is empty"
        );
    }

    #[test]
    fn limits_end_reading_early() {
        let deep = format!("a: {}1{}", "[".repeat(100), "]".repeat(100));
        let error = Tree::read(&deep).unwrap_err();
        assert!(error.message.contains("depth limit"), "{}", error.message);
        let wide = format!("a: [{}]", vec!["1"; MAX_NODES].join(","));
        let error = Tree::read(&wide).unwrap_err();
        assert!(error.message.contains("node budget"), "{}", error.message);
    }

    #[test]
    fn syntax_errors_and_unknown_aliases_are_located() {
        let src = "a: [1, *nope]\n";
        let error = Tree::read(src).unwrap_err();
        assert_eq!(&src[error.span.clone()], "*nope");
        assert!(error.message.contains("no anchor"), "{}", error.message);
        let src = "a: {b: 1\nc: 2\n";
        let error = Tree::read(src).unwrap_err();
        assert!(!error.message.is_empty());
    }

    #[test]
    fn a_leading_bom_is_skipped_and_spans_count_its_bytes() {
        let src = "\u{feff}a: b\n";
        let tree = Tree::read(src).unwrap();
        let (key, _) = tree.entries(tree.root()).next().unwrap();
        assert_eq!(&src[tree.span(key)], "a");
    }

    #[test]
    fn token_at_covers_the_word_or_quoted_scalar() {
        let src = "  categry: x\n  \"a b\": 1\n";
        assert_eq!(&src[token_at(src, 2..3)], "categry");
        assert_eq!(&src[token_at(src, 15..16)], "\"a b\"");
        assert_eq!(token_at(src, src.len()..src.len()), src.len()..src.len());
        // A position on punctuation keeps its one character.
        assert_eq!(&src[token_at(src, 9..10)], ":");
    }
}
