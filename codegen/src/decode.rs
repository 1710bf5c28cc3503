//! Decoding the YAML tree into the raw model, by hand.
//!
//! Every raw type implements [`Decode`]. A struct lists its keys once, in
//! canonical order, in a `decode_struct!` table; the same table gives the
//! allowed keys of an "unknown field" diagnostic and the key order of
//! `errspec fmt --check`. What the decoder guarantees:
//!
//! - a key may appear once per mapping: a second occurrence is an error at that
//!   key, pointing back at the first;
//! - an unknown key is reported at the key, with the allowed keys (or the
//!   closest one); a missing key at the entry that lacks it;
//! - a value of the wrong type is reported at the value;
//! - merge keys (`<<: *anchor`, `<<: [*a, *b]`, `<<: {..}`) add the merged
//!   mapping's keys after the mapping's own ones; own keys win, then earlier
//!   merges;
//! - everything read through an alias is charged to a node budget
//!   ([`crate::yaml::MAX_NODES`]), so aliases that would expand exponentially end
//!   with an error instead of a build that never finishes;
//! - scalars are read with the YAML 1.2 core schema as errspec has always read
//!   them: integers in decimal, `0x`, `0o` or `0b` with `_` between digits (a
//!   quoted integer is still accepted where a number is expected), `~`/`null`
//!   and an empty value are null, and a quoted scalar is always a string.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::raw::{
    Entries, RawApi, RawCategory, RawCode, RawCondition, RawDefer, RawDeferredEffect,
    RawDelaySource, RawEndpoint, RawEnvelope, RawErrorWhen, RawFamily, RawItems, RawMatchRule,
    RawNote, RawPoll, RawReschedule, RawRetry, RawScalar, RawSource, RawSpec, RawStatus,
    RawVerdict, Spanned,
};
use crate::yaml::{is_null_text, shown, Kind, NodeId, Style, TagKind, Tree, MAX_DEPTH, MAX_NODES};

/// Decodes the raw model from a spec's tree.
pub fn decode_spec(tree: &Tree<'_>) -> Result<RawSpec, Diagnostic> {
    let mut decoder = Decoder {
        tree,
        use_site: None,
        owner: None,
        expanded: 0,
        merge_depth: 0,
    };
    RawSpec::decode(&mut decoder, tree.root())
}

/// A type read from a node of the tree.
pub trait Decode: Sized {
    /// Reads a value from `node`, or returns the located problem.
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic>;
}

/// The decoding state: where values read through an alias are reported, the
/// key whose value is being read, and the budget spent through aliases.
pub struct Decoder<'t, 's> {
    tree: &'t Tree<'s>,
    /// Set while reading through an alias: the alias, where the values are used.
    use_site: Option<Range<usize>>,
    /// The key whose value is being read, where a missing key is reported.
    owner: Option<Range<usize>>,
    /// Nodes read through aliases so far (a long scalar counts for more).
    expanded: usize,
    merge_depth: usize,
}

/// A place in the source, when there is one.
type Site = Option<Range<usize>>;

/// A mapping entry brought in by a merge key.
struct Merged {
    key: NodeId,
    value: NodeId,
    use_site: Site,
}

/// What makes two mapping keys the same key: integers by value (`404` and
/// `0x194`), anything else by text and kind of tag (`404` and `"404"` differ).
#[derive(PartialEq, Eq, Hash)]
enum Fingerprint<'t> {
    Int(i128),
    Text(TagKind, &'t str),
    Node(NodeId),
}

impl<'t> Decoder<'t, '_> {
    /// Where a node is reported: the alias it is read through, or the node.
    fn at(&self, node: NodeId) -> Range<usize> {
        match &self.use_site {
            Some(site) => site.clone(),
            None => self.tree.span(node),
        }
    }

    /// Steps into a node: through an alias to its anchor, charging the budget
    /// for whatever is read through aliases. Returns the node to read and the
    /// state [`Self::leave`] restores.
    fn enter(&mut self, node: NodeId) -> Result<(NodeId, Site), Diagnostic> {
        let saved = self.use_site.clone();
        let target = self.tree.resolve(node);
        if target != node && self.use_site.is_none() {
            self.use_site = Some(self.tree.span(node));
        }
        if self.use_site.is_some() {
            self.charge(target)?;
        }
        Ok((target, saved))
    }

    fn leave(&mut self, saved: Site) {
        self.use_site = saved;
    }

    fn charge(&mut self, node: NodeId) -> Result<(), Diagnostic> {
        let bytes = self.tree.scalar(node).map_or(0, |(text, _, _)| text.len());
        self.expanded += 1 + bytes / 1024;
        if self.expanded <= MAX_NODES {
            return Ok(());
        }
        Err(Diagnostic::new(
            format!("aliases expand to more than {MAX_NODES} nodes, errspec's node budget"),
            self.at(node),
        )
        .with_label("the budget runs out in this alias")
        .with_help("aliases of aliases multiply; write the values out or reuse fewer of them"))
    }

    fn fingerprint(&self, key: NodeId) -> Fingerprint<'t> {
        let tree = self.tree;
        match tree.scalar(key) {
            Some((text, style, tag)) => {
                let int = tag == TagKind::Int || (tag == TagKind::None && style == Style::Plain);
                if let Some(value) = int.then(|| parse_int(text)).flatten() {
                    return Fingerprint::Int(value);
                }
                let kind = match tag {
                    TagKind::None | TagKind::NonSpecific | TagKind::Str | TagKind::Merge => {
                        TagKind::Str
                    }
                    other => other,
                };
                Fingerprint::Text(kind, text)
            }
            None => Fingerprint::Node(tree.resolve(key)),
        }
    }

    /// Calls `f` with each entry of mapping `map` (already entered): its own
    /// entries in written order, then those its merge keys bring in that it does
    /// not have itself. A key written twice is an error.
    fn mapping<F>(&mut self, map: NodeId, mut f: F) -> Result<(), Diagnostic>
    where
        F: FnMut(&mut Self, NodeId, NodeId) -> Result<(), Diagnostic>,
    {
        let tree = self.tree;
        let entries = tree.entries(map);
        let mut seen: HashMap<Fingerprint<'t>, NodeId> = HashMap::with_capacity(entries.len());
        let mut merged = Vec::new();
        for (key, value) in entries {
            if tree.is_merge_key(key) {
                self.merge_value(value, &mut merged)?;
                continue;
            }
            if let Some(&first) = seen.get(&self.fingerprint(key)) {
                return Err(self.duplicate(key, first));
            }
            seen.insert(self.fingerprint(key), key);
            f(self, key, value)?;
        }
        for entry in merged {
            let fingerprint = self.fingerprint(entry.key);
            if seen.contains_key(&fingerprint) {
                continue;
            }
            seen.insert(fingerprint, entry.key);
            let saved = self.use_site.clone();
            if saved.is_none() {
                self.use_site = entry.use_site;
            }
            f(self, entry.key, entry.value)?;
            self.use_site = saved;
        }
        Ok(())
    }

    fn duplicate(&self, key: NodeId, first: NodeId) -> Diagnostic {
        let text = shown(self.tree.scalar(key).map_or("", |(text, _, _)| text));
        let (span, first) = (self.at(key), self.at(first));
        let mut diagnostic = Diagnostic::new(
            format!("duplicate mapping key `{text}` is not allowed here"),
            span.clone(),
        )
        .with_label("second occurrence")
        .with_help("a key may appear once per mapping; keep one entry and delete the other");
        if first != span {
            diagnostic = diagnostic.with_related(first, "first occurrence");
        }
        diagnostic
    }

    /// The value of a merge key: a mapping, a list of mappings, or null.
    fn merge_value(&mut self, value: NodeId, out: &mut Vec<Merged>) -> Result<(), Diagnostic> {
        let tree = self.tree;
        let (id, saved) = self.enter(value)?;
        match tree.node(id).kind {
            _ if tree.is_null(id) => {}
            Kind::Map { .. } => self.merge_source(id, out)?,
            Kind::Seq { .. } => {
                for &item in tree.items(id) {
                    let (item, saved) = self.enter(item)?;
                    match tree.node(item).kind {
                        _ if tree.is_null(item) => {}
                        Kind::Map { .. } => self.merge_source(item, out)?,
                        _ => return Err(self.not_mergeable(item)),
                    }
                    self.leave(saved);
                }
            }
            _ => return Err(self.not_mergeable(id)),
        }
        self.leave(saved);
        Ok(())
    }

    fn not_mergeable(&self, node: NodeId) -> Diagnostic {
        Diagnostic::new(
            format!(
                "a merge key `<<` takes a mapping or a list of mappings, not {}",
                self.tree.describe(node)
            ),
            self.at(node),
        )
        .with_help(
            "merge a mapping defined elsewhere with `<<: *name`, where `&name` is on that mapping",
        )
    }

    /// The entries of one merged mapping: its own, then its own merges'.
    fn merge_source(&mut self, map: NodeId, out: &mut Vec<Merged>) -> Result<(), Diagnostic> {
        let tree = self.tree;
        self.merge_depth += 1;
        if self.merge_depth > MAX_DEPTH {
            return Err(Diagnostic::new(
                format!("merge keys nest more than {MAX_DEPTH} deep"),
                self.at(map),
            )
            .with_help("a mapping that merges itself never ends; merge another mapping"));
        }
        let mut own: HashMap<Fingerprint<'t>, NodeId> = HashMap::new();
        let mut nested = Vec::new();
        for (key, value) in tree.entries(map) {
            if self.use_site.is_some() {
                self.charge(key)?;
            }
            if tree.is_merge_key(key) {
                self.merge_value(value, &mut nested)?;
                continue;
            }
            if let Some(&first) = own.get(&self.fingerprint(key)) {
                return Err(self.duplicate(key, first));
            }
            own.insert(self.fingerprint(key), key);
            out.push(Merged {
                key,
                value,
                use_site: self.use_site.clone(),
            });
        }
        out.append(&mut nested);
        self.merge_depth -= 1;
        Ok(())
    }

    /// Enters a node that must be a mapping with fixed keys; returns it, the key
    /// it is the value of, and the state to restore.
    fn struct_start(&mut self, node: NodeId) -> Result<(NodeId, Site, Site), Diagnostic> {
        let (id, saved) = self.enter(node)?;
        if !matches!(self.tree.node(id).kind, Kind::Map { .. }) {
            return Err(self.expected_mapping(id));
        }
        Ok((id, self.owner.clone(), saved))
    }

    fn expected_mapping(&self, node: NodeId) -> Diagnostic {
        Diagnostic::new(
            "expected a mapping of `key: value` entries here",
            self.at(node),
        )
    }

    /// Calls `f` with the name and value of each entry of a mapping with the
    /// given keys; any other key is an error.
    fn fields<F>(
        &mut self,
        map: NodeId,
        names: &'static [&'static str],
        mut f: F,
    ) -> Result<(), Diagnostic>
    where
        F: FnMut(&mut Self, &'static str, NodeId) -> Result<(), Diagnostic>,
    {
        let tree = self.tree;
        self.mapping(map, |d, key, value| {
            let at = d.at(key);
            let Some((text, _, _)) = tree.scalar(key) else {
                return Err(Diagnostic::new(
                    format!("expected a key name here, found {}", tree.describe(key)),
                    at,
                ));
            };
            let Some(&name) = names.iter().find(|name| **name == text) else {
                return Err(unknown_field(text, names, at));
            };
            let owner = d.owner.replace(at);
            f(d, name, value)?;
            d.owner = owner;
            Ok(())
        })
    }

    /// A key's value, or the "missing field" error at the entry that lacks it.
    fn required<T>(
        &self,
        slot: Option<T>,
        name: &str,
        map: NodeId,
        owner: &Option<Range<usize>>,
    ) -> Result<T, Diagnostic> {
        slot.ok_or_else(|| {
            let (span, label) = match owner {
                Some(key) => (key.clone(), format!("no `{name}:` under this key")),
                None => (
                    self.at(map),
                    format!("no `{name}:` in the mapping that starts here"),
                ),
            };
            Diagnostic::new(format!("missing field `{name}`"), span)
                .with_label(label)
                .with_help(format!("add `{name}:` (see the README for the format)"))
        })
    }

    fn string(&self, node: NodeId) -> Result<String, Diagnostic> {
        let tree = self.tree;
        let Some((text, style, tag)) = tree.scalar(node) else {
            return Err(Diagnostic::new(
                format!("expected a string here, found {}", tree.describe(node)),
                self.at(node),
            ));
        };
        match tag {
            TagKind::Str | TagKind::NonSpecific => Ok(text.to_owned()),
            TagKind::None | TagKind::Custom | TagKind::Merge
                if !(style == Style::Plain && is_null_text(text)) =>
            {
                Ok(text.to_owned())
            }
            TagKind::None | TagKind::Custom | TagKind::Merge | TagKind::Null => {
                Err(Diagnostic::new(
                    format!("expected a string here, found {}", null_name(text)),
                    self.at(node),
                )
                .with_help("write the text; quote it (`\"null\"`) if the word itself is meant"))
            }
            other => Err(self.wrong_tag("a string", other, node)),
        }
    }

    fn integer(&self, node: NodeId) -> Result<i64, Diagnostic> {
        let tree = self.tree;
        let whole = || Diagnostic::new("expected a whole number here", self.at(node));
        let Some((text, _, tag)) = tree.scalar(node) else {
            return Err(Diagnostic::new(
                format!(
                    "expected a whole number here, found {}",
                    tree.describe(node)
                ),
                self.at(node),
            ));
        };
        match tag {
            TagKind::None
            | TagKind::Custom
            | TagKind::NonSpecific
            | TagKind::Int
            | TagKind::Merge => parse_int(text)
                .and_then(|value| i64::try_from(value).ok())
                .ok_or_else(whole),
            _ => Err(whole()),
        }
    }

    fn wrong_tag(&self, expected: &str, tag: TagKind, node: NodeId) -> Diagnostic {
        match tag_name(tag) {
            Some(name) => Diagnostic::new(
                format!("expected {expected} here, not a `{name}` value"),
                self.at(node),
            )
            .with_help(format!("remove the `{name}` tag")),
            None => Diagnostic::new(
                format!("expected {expected} here, not a value with this YAML tag"),
                self.at(node),
            )
            .with_help("errspec reads the YAML core tags only; remove the tag"),
        }
    }

    /// One of the unit variants of a spelled-out enum.
    fn variant<T: Copy>(&mut self, node: NodeId, variants: &[(&str, T)]) -> Result<T, Diagnostic> {
        let tree = self.tree;
        let (id, saved) = self.enter(node)?;
        let names = || {
            variants
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let value = match tree.scalar(id) {
            Some((
                text,
                style,
                tag @ (TagKind::None | TagKind::Str | TagKind::NonSpecific | TagKind::Merge),
            )) => {
                if style == Style::Plain && tag == TagKind::None && is_null_text(text) {
                    return Err(Diagnostic::new(
                        format!(
                            "expected one of {} here, found {}",
                            names(),
                            null_name(text)
                        ),
                        self.at(id),
                    ));
                }
                match variants.iter().find(|(name, _)| *name == text) {
                    Some((_, value)) => *value,
                    None => {
                        let mut diagnostic = Diagnostic::new(
                            format!(
                                "unknown variant `{}`, expected one of {}",
                                shown(text),
                                names()
                            ),
                            self.at(id),
                        );
                        if let Some(best) =
                            crate::naming::closest(text, variants.iter().map(|(name, _)| *name))
                        {
                            diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
                        }
                        return Err(diagnostic);
                    }
                }
            }
            Some((_, _, tag)) => {
                return Err(self.wrong_tag(&format!("one of {}", names()), tag, id));
            }
            None => {
                return Err(Diagnostic::new(
                    format!(
                        "expected one of {} here, found {}",
                        names(),
                        tree.describe(id)
                    ),
                    self.at(id),
                ));
            }
        };
        self.leave(saved);
        Ok(value)
    }

    /// A JSON scalar in a condition (`equals:`).
    fn json_scalar(&self, node: NodeId) -> Result<RawScalar, Diagnostic> {
        const EXPECTED: &str = "null, true/false, a whole number or a string";
        let tree = self.tree;
        let at = || self.at(node);
        let Some((text, style, tag)) = tree.scalar(node) else {
            return Err(Diagnostic::new(
                format!("expected {EXPECTED} here, found {}", tree.describe(node)),
                at(),
            )
            .with_help("a condition compares one JSON value"));
        };
        let trimmed = yaml_trim(text);
        let quoted = shown(trimmed);
        let whole = |value: i128| {
            i64::try_from(value).map(RawScalar::Int).map_err(|_| {
                Diagnostic::new(
                    format!("`{quoted}` does not fit in a 64-bit whole number"),
                    at(),
                )
            })
        };
        match tag {
            TagKind::Null => return Ok(RawScalar::Null),
            TagKind::Str | TagKind::NonSpecific => return Ok(RawScalar::Str(text.to_owned())),
            TagKind::Bool => {
                return yaml11_bool(text)
                    .map(RawScalar::Bool)
                    .ok_or_else(|| Diagnostic::new("expected true or false here", at()))
            }
            TagKind::Int => {
                return match parse_int(text) {
                    Some(value) => whole(value),
                    None => Err(Diagnostic::new("expected a whole number here", at())),
                }
            }
            TagKind::None | TagKind::Merge => {}
            other => return Err(self.wrong_tag(EXPECTED, other, node)),
        }
        if style != Style::Plain {
            return Ok(RawScalar::Str(text.to_owned()));
        }
        if is_null_text(text) {
            return Ok(RawScalar::Null);
        }
        if let Some(value) = yaml11_bool(text) {
            return Ok(RawScalar::Bool(value));
        }
        // Upper-case radix prefixes and signed NaN stay text, as they always have.
        let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
        let upper_radix = matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..]);
        let signed_nan =
            trimmed.len() != unsigned.len() && matches!(unsigned, ".nan" | ".NaN" | ".NAN");
        if upper_radix || signed_nan {
            return Ok(RawScalar::Str(text.to_owned()));
        }
        if let Some(value) = parse_int(text) {
            return whole(value);
        }
        match float_kind(trimmed) {
            Some(true) => Err(Diagnostic::new(
                format!("`{quoted}` is a decimal number; expected {EXPECTED}"),
                at(),
            )
            .with_help(format!("quote it (`\"{quoted}\"`) to compare the text"))),
            Some(false) => Err(Diagnostic::new(
                format!("`{quoted}` is not a finite number; expected {EXPECTED}"),
                at(),
            )
            .with_help(format!("quote it (`\"{quoted}\"`) to compare the text"))),
            None => Ok(RawScalar::Str(text.to_owned())),
        }
    }
}

/// "null", or "no value" for an empty one.
fn null_name(text: &str) -> &'static str {
    if text.is_empty() {
        "no value"
    } else {
        "null"
    }
}

fn tag_name(tag: TagKind) -> Option<&'static str> {
    Some(match tag {
        TagKind::Str => "!!str",
        TagKind::Int => "!!int",
        TagKind::Bool => "!!bool",
        TagKind::Null => "!!null",
        TagKind::Float => "!!float",
        TagKind::Seq => "!!seq",
        TagKind::Map => "!!map",
        TagKind::Merge => "!!merge",
        TagKind::NonSpecific => "!",
        TagKind::None | TagKind::Unsupported | TagKind::Custom => return None,
    })
}

/// "unknown field `categry`, expected one of statuses, category, description",
/// with the closest key as help.
fn unknown_field(text: &str, names: &[&str], at: Range<usize>) -> Diagnostic {
    let help = match crate::naming::closest(text, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("expected one of: {}", names.join(", ")),
    };
    Diagnostic::new(
        format!(
            "unknown field `{}`, expected one of {}",
            shown(text),
            names.join(", ")
        ),
        at,
    )
    .with_label("unknown key")
    .with_help(help)
}

/// The padding YAML scalars may carry around a number.
fn yaml_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// `true`/`false` and the YAML 1.1 spellings `yes`, `no`, `on`, `off`, `y`,
/// `n`, in any case: what a condition value has always read as a boolean.
fn yaml11_bool(text: &str) -> Option<bool> {
    let text = yaml_trim(text);
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if is("true") || is("yes") || is("y") || is("on") {
        Some(true)
    } else if is("false") || is("no") || is("n") || is("off") {
        Some(false)
    } else {
        None
    }
}

/// An integer: optional sign, then decimal (no leading zero), `0x`, `0o` or
/// `0b` digits, with single `_` between digits; surrounding spaces allowed.
pub fn parse_int(text: &str) -> Option<i128> {
    let text = yaml_trim(text);
    let (negative, rest) = match text.strip_prefix('+') {
        Some(rest) => (false, rest),
        None => match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        },
    };
    let prefixed = |lower: &str, upper: &str| {
        rest.strip_prefix(lower)
            .or_else(|| rest.strip_prefix(upper))
    };
    let (radix, digits) = if let Some(digits) = prefixed("0x", "0X") {
        (16, digits)
    } else if let Some(digits) = prefixed("0o", "0O") {
        (8, digits)
    } else if let Some(digits) = prefixed("0b", "0B") {
        (2, digits)
    } else {
        if rest.starts_with('0') && rest != "0" {
            return None;
        }
        (10, rest)
    };
    let bytes = digits.as_bytes();
    let mut magnitude: u128 = 0;
    let mut any = false;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'_' {
            let between =
                i > 0 && bytes[i - 1] != b'_' && bytes.get(i + 1).is_some_and(|&b| b != b'_');
            if !between {
                return None;
            }
            continue;
        }
        let digit = char::from(byte).to_digit(radix)?;
        magnitude = magnitude
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        any = true;
    }
    if !any {
        return None;
    }
    if negative {
        if magnitude == i128::MIN.unsigned_abs() {
            Some(i128::MIN)
        } else {
            i128::try_from(magnitude).ok().map(|m| -m)
        }
    } else {
        i128::try_from(magnitude).ok()
    }
}

/// Whether a plain scalar reads as a float: `Some(true)` when finite,
/// `Some(false)` for `.inf`, `.nan` and overflowing literals.
fn float_kind(trimmed: &str) -> Option<bool> {
    let unsigned = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('+'))
        .unwrap_or(trimmed);
    if matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) {
        return Some(false);
    }
    match trimmed.parse::<f64>() {
        Ok(value) if value.is_finite() => Some(true),
        // Rust also reads `inf` and `nan`; YAML only reads numerals.
        Ok(value) if value.is_infinite() && unsigned.starts_with(|c: char| c.is_ascii_digit()) => {
            Some(false)
        }
        _ => None,
    }
}

impl Decode for String {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let (id, saved) = d.enter(node)?;
        let value = d.string(id)?;
        d.leave(saved);
        Ok(value)
    }
}

impl Decode for i64 {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let (id, saved) = d.enter(node)?;
        let value = d.integer(id)?;
        d.leave(saved);
        Ok(value)
    }
}

impl<T: Decode> Decode for Spanned<T> {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let span = d.at(node);
        Ok(Spanned {
            value: T::decode(d, node)?,
            span,
        })
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        if d.tree.is_null(node) {
            return Ok(None);
        }
        T::decode(d, node).map(Some)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let tree = d.tree;
        let (id, saved) = d.enter(node)?;
        if !matches!(tree.node(id).kind, Kind::Seq { .. }) {
            return Err(Diagnostic::new(
                "expected a list here, such as `[404]`",
                d.at(id),
            ));
        }
        let owner = d.owner.take();
        let items = tree.items(id);
        let mut values = Vec::with_capacity(items.len());
        for &item in items {
            values.push(T::decode(d, item)?);
        }
        d.owner = owner;
        d.leave(saved);
        Ok(values)
    }
}

impl<K: Decode, V: Decode> Decode for Entries<K, V> {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let tree = d.tree;
        let (id, saved) = d.enter(node)?;
        if !matches!(tree.node(id).kind, Kind::Map { .. }) {
            return Err(d.expected_mapping(id));
        }
        let mut entries = Vec::with_capacity(tree.entries(id).len());
        d.mapping(id, |d, key, value| {
            let key = Spanned::<K>::decode(d, key)?;
            let owner = d.owner.replace(key.span.clone());
            let value = V::decode(d, value)?;
            d.owner = owner;
            entries.push((key, value));
            Ok(())
        })?;
        d.leave(saved);
        Ok(Entries(entries))
    }
}

impl Decode for bool {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let span = d.at(node);
        match RawScalar::decode(d, node)? {
            RawScalar::Bool(value) => Ok(value),
            _ => Err(Diagnostic::new("expected `true` or `false` here", span)),
        }
    }
}

impl Decode for RawRetry {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        d.variant(
            node,
            &[
                ("never", RawRetry::Never),
                ("retry_after", RawRetry::RetryAfter),
                ("backoff", RawRetry::Backoff),
            ],
        )
    }
}

impl Decode for RawVerdict {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        d.variant(
            node,
            &[
                ("pass", RawVerdict::Pass),
                ("degrade", RawVerdict::Degrade),
                ("fail", RawVerdict::Fail),
            ],
        )
    }
}

impl Decode for RawScalar {
    fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
        let (id, saved) = d.enter(node)?;
        let value = d.json_scalar(id)?;
        d.leave(saved);
        Ok(value)
    }
}

/// Implements [`Decode`] for a struct of the raw model from its keys, in the
/// order of the struct's fields: `required` keys must be present, `default`
/// ones may be left out.
macro_rules! decode_struct {
    ($ty:ident { $($field:ident: $presence:ident),* $(,)? }) => {
        impl $ty {
            /// The keys of this mapping, in canonical order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
            /// The keys that must be present.
            #[cfg(all(test, feature = "tools"))]
            pub const REQUIRED: &'static [&'static str] = &[$(decode_struct!(@required $field, $presence)),*];
        }

        impl Decode for $ty {
            fn decode(d: &mut Decoder<'_, '_>, node: NodeId) -> Result<Self, Diagnostic> {
                $(let mut $field = None;)*
                #[allow(unused_variables)] // A struct of optional keys only uses no owner.
                let (id, owner, saved) = d.struct_start(node)?;
                d.fields(id, Self::FIELDS, |d, name, value| {
                    $(
                        if name == stringify!($field) {
                            $field = Some(Decode::decode(d, value)?);
                            return Ok(());
                        }
                    )*
                    Ok(())
                })?;
                let value = $ty {
                    $($field: decode_struct!(@take d, id, &owner, $field, $presence),)*
                };
                d.leave(saved);
                Ok(value)
            }
        }
    };
    (@required $field:ident, required) => {
        stringify!($field)
    };
    (@required $field:ident, default) => {
        ""
    };
    (@take $d:ident, $id:ident, $owner:expr, $field:ident, required) => {
        $d.required($field, stringify!($field), $id, $owner)?
    };
    (@take $d:ident, $id:ident, $owner:expr, $field:ident, default) => {
        $field.unwrap_or_default()
    };
}

decode_struct!(RawSpec {
    version: required,
    api: required,
    categories: required,
    statuses: required,
    status_classes: default,
    codes: required,
    families: default,
    envelope: default,
    endpoints: default,
});
decode_struct!(RawEnvelope {
    code: default,
    message: default,
    details: default,
    error_when: default,
    rules: default,
    retry_delay: default,
    retry_advice: default,
});
decode_struct!(RawSource {
    header: default,
    body: default,
    before: default,
    after: default,
    trim: default,
});
decode_struct!(RawErrorWhen {
    field: required,
    equals: default,
    exists: default,
    category: required,
});
decode_struct!(RawMatchRule {
    status: default,
    header: default,
    header_equals: default,
    code: default,
    code_prefix: default,
    message_contains: default,
    category: required,
});
decode_struct!(RawDelaySource {
    header: default,
    body: default,
    unit: required,
});
decode_struct!(RawApi {
    name: required,
    description: required
});
decode_struct!(RawCategory {
    name: required,
    description: required,
    retry: required
});
decode_struct!(RawStatus {
    reason: required,
    description: required,
    category: required
});
decode_struct!(RawCode {
    statuses: required,
    category: required,
    description: required
});
decode_struct!(RawFamily {
    prefix: required,
    category: required,
    description: required
});
decode_struct!(RawEndpoint {
    method: required,
    path: required,
    success: required,
    description: required,
    items: default,
    poll: default,
    deferred_effect: default,
});
decode_struct!(RawItems {
    each: required,
    fail: default,
    degrade: default,
    pass: default,
    other: default,
    when_request: default,
});
decode_struct!(RawPoll {
    endpoint: required,
    succeeded_at: required,
    failed_at: required,
    state: default,
    defer: default,
    notes: default,
    reschedule: default,
});
decode_struct!(RawReschedule {
    field: required,
    equals: required,
    until: required,
    trigger_again: default,
});
decode_struct!(RawCondition {
    field: required,
    equals: required
});
decode_struct!(RawDefer {
    field: required,
    equals: required,
    reason: required,
    until: default
});
decode_struct!(RawNote {
    field: required,
    equals: required,
    note: required,
    detail: default
});
decode_struct!(RawDeferredEffect {
    reason: required,
    until: required,
    verify: required
});

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Decode>(source: &str) -> Result<T, Diagnostic> {
        let tree = Tree::read(source).unwrap();
        let mut d = Decoder {
            tree: &tree,
            use_site: None,
            owner: None,
            expanded: 0,
            merge_depth: 0,
        };
        T::decode(&mut d, tree.root())
    }

    fn scalar(text: &str) -> Result<RawScalar, String> {
        read::<RawScalar>(text).map_err(|d| d.message)
    }

    #[test]
    fn integers_follow_the_core_schema_with_radix_prefixes_and_separators() {
        for (text, value) in [
            ("404", Some(404)),
            ("+404", Some(404)),
            ("-1", Some(-1)),
            ("0", Some(0)),
            ("-0", Some(0)),
            ("0x194", Some(404)),
            ("0X1F", Some(31)),
            ("0o17", Some(15)),
            ("0b101", Some(5)),
            ("1_000", Some(1000)),
            (" 7 ", Some(7)),
            ("01", None),
            ("00", None),
            ("1__0", None),
            ("_1", None),
            ("1_", None),
            ("0x_1", None),
            ("0x", None),
            ("1.0", None),
            ("1e3", None),
            ("", None),
            ("+", None),
            ("--1", None),
        ] {
            assert_eq!(parse_int(text), value, "{text:?}");
        }
        assert_eq!(
            parse_int("-170141183460469231731687303715884105728"),
            Some(i128::MIN)
        );
        assert_eq!(parse_int("340282366920938463463374607431768211456"), None);
    }

    #[test]
    fn condition_values_read_as_before() {
        use RawScalar::*;
        for (text, value) in [
            ("~", Null),
            ("null", Null),
            ("!!null x", Null),
            ("true", Bool(true)),
            ("False", Bool(false)),
            ("yes", Bool(true)),
            ("off", Bool(false)),
            ("1", Int(1)),
            ("-0x10", Int(-16)),
            ("\"1\"", Str("1".into())),
            ("'true'", Str("true".into())),
            ("!!str 1", Str("1".into())),
            ("! null", Str("null".into())),
            ("0X1F", Str("0X1F".into())),
            ("-.nan", Str("-.nan".into())),
            ("1e", Str("1e".into())),
            ("inf", Str("inf".into())),
            ("x y", Str("x y".into())),
            ("!!int '2'", Int(2)),
        ] {
            assert_eq!(scalar(text), Ok(value), "{text:?}");
        }
        for (text, wanted) in [
            ("1.5", "decimal number"),
            ("01", "decimal number"),
            (".inf", "not a finite number"),
            ("1e999", "not a finite number"),
            ("9223372036854775808", "64-bit"),
            ("[1]", "found a list"),
            ("{a: 1}", "found a mapping"),
            ("!custom 1", "YAML tag"),
            ("!!float 1", "`!!float`"),
        ] {
            let message = scalar(text).unwrap_err();
            assert!(message.contains(wanted), "{text:?}: {message}");
        }
    }

    #[test]
    fn strings_refuse_null_and_typed_tags_but_keep_quoted_text() {
        assert_eq!(read::<String>("404").unwrap(), "404");
        assert_eq!(read::<String>("'~'").unwrap(), "~");
        assert_eq!(read::<String>("!!str").unwrap(), "");
        assert_eq!(read::<String>("!custom x").unwrap(), "x");
        assert!(read::<String>("~")
            .unwrap_err()
            .message
            .contains("found null"));
        assert!(read::<String>("!!int 1")
            .unwrap_err()
            .message
            .contains("`!!int`"));
        assert!(read::<String>("[a]")
            .unwrap_err()
            .message
            .contains("found a list"));
    }

    #[test]
    fn numbers_accept_quoted_integers_as_always() {
        assert_eq!(read::<i64>("'404'").unwrap(), 404);
        assert_eq!(read::<i64>("!!int 0x10").unwrap(), 16);
        assert_eq!(
            read::<i64>("!!str 1").unwrap_err().message,
            "expected a whole number here"
        );
        assert!(read::<i64>("9223372036854775808").is_err());
    }

    #[test]
    fn duplicate_keys_are_found_by_value_and_point_back() {
        let source = "a: 1\nb: 2\na: 3\n";
        let error = read::<Entries<String, i64>>(source).unwrap_err();
        assert_eq!(
            error.message,
            "duplicate mapping key `a` is not allowed here"
        );
        assert_eq!(error.span, 10..11);
        assert_eq!(error.related.unwrap().0, 0..1);
        // Integers by value; a quoted number is text.
        assert!(read::<Entries<i64, i64>>("404: 1\n0x194: 2\n").is_err());
        assert!(read::<Entries<String, i64>>("404: 1\n'404': 2\n").is_ok());
        assert!(read::<Entries<String, i64>>("true: 1\n'true': 2\n").is_err());
    }

    #[test]
    fn merges_add_missing_keys_after_own_ones_first_merge_winning() {
        let source = "base: &b {x: 1, y: 2}\nm:\n  <<: [*b, {z: 3, x: 9}]\n  y: 5\n";
        let tree = Tree::read(source).unwrap();
        let (_, m) = tree.entries(tree.root()).nth(1).unwrap();
        let mut d = Decoder {
            tree: &tree,
            use_site: None,
            owner: None,
            expanded: 0,
            merge_depth: 0,
        };
        let entries = Entries::<String, i64>::decode(&mut d, m).unwrap();
        let got: Vec<(&str, i64)> = entries
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), *v))
            .collect();
        assert_eq!(got, [("y", 5), ("x", 1), ("z", 3)]);
        // Values merged through an alias are located at the alias.
        assert_eq!(&source[entries.0[1].0.span.clone()], "*b");
        assert_eq!(&source[entries.0[2].0.span.clone()], "z");
    }

    #[test]
    fn a_merge_takes_mappings_only() {
        let error = read::<Entries<String, i64>>("<<: 1\n").unwrap_err();
        assert!(error.message.contains("merge key"), "{}", error.message);
        assert!(read::<Entries<String, i64>>("<<: ~\na: 1\n").is_ok());
        assert!(read::<Entries<String, i64>>("a: &a {<<: *a}\n").is_err());
    }

    #[test]
    fn alias_expansion_is_bounded_by_the_node_budget() {
        let mut source = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..7 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            source.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let tree = Tree::read(&source).unwrap();
        let (_, last) = tree.entries(tree.root()).last().unwrap();
        let mut d = Decoder {
            tree: &tree,
            use_site: None,
            owner: None,
            expanded: 0,
            merge_depth: 0,
        };
        // Lists of lists of strings: 10^7 strings once expanded.
        let error = Vec::<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>::decode(&mut d, last).unwrap_err();
        assert!(error.message.contains("node budget"), "{}", error.message);
    }

    #[test]
    fn unknown_and_missing_keys_are_located() {
        let source = "name: x\ndescriptin: y\n";
        let error = read::<RawApi>(source).unwrap_err();
        assert_eq!(&source[error.span.clone()], "descriptin");
        assert_eq!(error.help.as_deref(), Some("did you mean `description`?"));
        let source = "api:\n  name: x\n";
        let tree = Tree::read(source).unwrap();
        let mut d = Decoder {
            tree: &tree,
            use_site: None,
            owner: None,
            expanded: 0,
            merge_depth: 0,
        };
        let error = Entries::<String, RawApi>::decode(&mut d, tree.root()).unwrap_err();
        assert_eq!(error.message, "missing field `description`");
        assert_eq!(&source[error.span.clone()], "api");
    }

    #[test]
    fn unknown_variants_suggest_the_closest() {
        let error = read::<RawRetry>("backof").unwrap_err();
        assert_eq!(
            error.message,
            "unknown variant `backof`, expected one of never, retry_after, backoff"
        );
        assert_eq!(error.help.as_deref(), Some("did you mean `backoff`?"));
        assert!(read::<RawRetry>("~")
            .unwrap_err()
            .message
            .contains("found null"));
    }
}
