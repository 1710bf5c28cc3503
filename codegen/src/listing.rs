//! Lists that grow with the spec, written as text.
//!
//! A spec with 10,000 codes gives lists of 10,000 enum variants, match arms and
//! table rows. Sending them through tokens, `syn` and `prettyplease` cost five
//! times as long as loading the spec, for lines whose layout is known in
//! advance. So the emitter writes each such list as text, one entry per line,
//! and puts a placeholder identifier in the token skeleton where the list goes.
//! `prettyplease` formats the skeleton, which does not grow with the spec, and
//! [`Lists::splice`] replaces each placeholder with its lines, indented to fit.
//!
//! Entries never wrap: a reviewer sees one line per code or endpoint, and a spec
//! edit changes only the lines of what it edits.

use std::fmt::Write as _;

use proc_macro2::{Ident, Span};

/// The lists of one generated file, in the order the emitter made them.
#[derive(Default)]
pub struct Lists {
    marker: String,
    blocks: Vec<String>,
}

impl Lists {
    /// Lists whose placeholders start with `marker`. Spec text printed into
    /// the skeleton (docs, literals) must not contain it: see [`Lists::is_clean`].
    pub fn new(marker: String) -> Lists {
        Lists {
            marker,
            blocks: Vec::new(),
        }
    }

    /// Keeps `rows` (entries, each ending in a newline, unindented) and returns
    /// the identifier that stands in for them in the skeleton.
    pub fn stash(&mut self, rows: String) -> Ident {
        let ident = Ident::new(
            &format!("{}_{}", self.marker, self.blocks.len()),
            Span::call_site(),
        );
        self.blocks.push(rows);
        ident
    }

    /// Replaces every placeholder in the formatted skeleton with its rows.
    ///
    /// A placeholder appears in one of the shapes `prettyplease` gives the
    /// emitter's three uses: alone on a line as an enum variant (`X,`) or as a
    /// match arm (`X => {}`), or inside an array, either alone on a line (`X,`)
    /// or inline (`&[X]`) when the skeleton line was short. An array always
    /// comes out broken, one entry per line, so the layout does not depend on
    /// the list's length.
    pub fn splice(&self, formatted: &str) -> String {
        let size = formatted.len() + self.blocks.iter().map(String::len).sum::<usize>() * 5 / 4;
        let mut out = String::with_capacity(size);
        for line in formatted.split_inclusive('\n') {
            match self.find(line) {
                None => out.push_str(line),
                Some((start, end, index)) => {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    let rest = line[end..].trim_end_matches('\n');
                    let alone =
                        line[..start].trim().is_empty() && (rest == "," || rest == " => {}");
                    if alone {
                        self.push_rows(&mut out, index, indent);
                    } else {
                        // `... = &[X];`: open the array and close it on its own line.
                        out.push_str(&line[..start]);
                        if !self.blocks[index].is_empty() {
                            out.push('\n');
                            self.push_rows(&mut out, index, &format!("{indent}    "));
                            out.push_str(indent);
                        }
                        out.push_str(&line[end..]);
                    }
                }
            }
        }
        out
    }

    /// The byte range and list index of the placeholder on `line`, if any.
    fn find(&self, line: &str) -> Option<(usize, usize, usize)> {
        let start = line.find(&self.marker)?;
        let after = &line[start + self.marker.len()..];
        let digits = after.strip_prefix('_')?;
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        let index: usize = digits[..len].parse().ok()?;
        (index < self.blocks.len()).then_some((start, start + self.marker.len() + 1 + len, index))
    }

    fn push_rows(&self, out: &mut String, index: usize, indent: &str) {
        for row in self.blocks[index].lines() {
            if !row.is_empty() {
                out.push_str(indent);
            }
            out.push_str(row);
            out.push('\n');
        }
    }

    /// Whether each placeholder occurs exactly once in the formatted skeleton
    /// and the marker nowhere else, so that [`Lists::splice`] cannot mistake
    /// spec text that quotes the marker for a placeholder. (Text quoting a
    /// placeholder that the emitter forgot to place would pass; the emitter
    /// places every list it stashes, which the fixtures' snapshots check.)
    pub fn is_clean(&self, formatted: &str) -> bool {
        let mut seen = vec![false; self.blocks.len()];
        for (start, _) in formatted.match_indices(self.marker.as_str()) {
            let line_end = formatted[start..]
                .find('\n')
                .map_or(formatted.len(), |n| start + n);
            match self.find(&formatted[start..line_end]) {
                Some((0, _, index)) if !seen[index] => seen[index] = true,
                _ => return false,
            }
        }
        seen.into_iter().all(|found| found)
    }
}

/// Rows of a list, written one entry per line.
#[derive(Default)]
pub struct Rows(String);

impl Rows {
    /// An empty list.
    pub fn new() -> Rows {
        Rows(String::new())
    }

    /// `///` lines for a doc text, as `prettyplease` prints `#[doc]` attributes.
    pub fn doc(&mut self, lines: &[String]) -> &mut Rows {
        for line in lines {
            self.0.push_str("///");
            self.0.push_str(line.trim_end_matches(' '));
            self.0.push('\n');
        }
        self
    }

    /// One entry: `text` followed by `,` and a newline.
    pub fn entry(&mut self, text: &str) -> &mut Rows {
        self.0.push_str(text);
        self.0.push_str(",\n");
        self
    }

    /// Integers, `per_line` to a line.
    pub fn numbers(&mut self, numbers: &[u32], per_line: usize) -> &mut Rows {
        for chunk in numbers.chunks(per_line.max(1)) {
            let mut first = true;
            for n in chunk {
                if !first {
                    self.0.push(' ');
                }
                first = false;
                write!(self.0, "{n},").expect("writing to a String");
            }
            self.0.push('\n');
        }
        self
    }

    /// The rows written so far.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// A constant expression of a list row (a table entry), laid out on one line
/// when it fits in [`WIDTH`] columns, else broken one field or element per line.
#[derive(Clone, Debug)]
pub enum Expr {
    /// Text printed as is: a path, a literal.
    Atom(String),
    /// `path { field: value, .. }`.
    Struct(&'static str, Vec<(&'static str, Expr)>),
    /// `path(value)`; the value hugs the parentheses when broken.
    Call(&'static str, Box<Expr>),
    /// `&value`.
    Ref(Box<Expr>),
    /// `(a, b, ..)` on one line.
    Tuple(Vec<Expr>),
    /// `&[a, b, ..]`.
    Slice(Vec<Expr>),
}

/// The column a broken row's lines stay within where they can.
pub const WIDTH: usize = 100;

impl Expr {
    /// A string literal.
    pub fn str(text: &str) -> Expr {
        Expr::Atom(string(text))
    }

    /// `&[..]` of string literals.
    pub fn strs<'a>(texts: impl IntoIterator<Item = &'a str>) -> Expr {
        Expr::Slice(texts.into_iter().map(Expr::str).collect())
    }

    /// `::core::option::Option::Some(..)` or `::core::option::Option::None`.
    pub fn option(value: Option<Expr>) -> Expr {
        match value {
            Some(value) => Expr::Call("::core::option::Option::Some", Box::new(value)),
            None => Expr::Atom("::core::option::Option::None".to_owned()),
        }
    }

    /// Writes the expression as a row that will be indented by `base`
    /// columns: lines fit in [`WIDTH`] columns counting `base`, and broken
    /// lines are indented relative to the row's first line.
    pub fn write(&self, out: &mut String, base: usize) {
        self.write_at(out, base, base, base);
    }

    /// Writes the expression at `column`, on a line indented by `indent`
    /// columns (both counting `base`, which the caller adds later).
    fn write_at(&self, out: &mut String, base: usize, indent: usize, column: usize) {
        let flat = self.flat();
        if column + flat.len() <= WIDTH {
            out.push_str(&flat);
            return;
        }
        let inner = " ".repeat(indent + 4 - base);
        match self {
            Expr::Atom(_) | Expr::Tuple(_) => out.push_str(&flat),
            Expr::Struct(path, fields) => {
                out.push_str(path);
                out.push_str(" {\n");
                for (name, value) in fields {
                    out.push_str(&inner);
                    out.push_str(name);
                    out.push_str(": ");
                    value.write_at(out, base, indent + 4, indent + 4 + name.len() + 2);
                    out.push_str(",\n");
                }
                out.push_str(&inner[4..]);
                out.push('}');
            }
            Expr::Call(path, value) => {
                out.push_str(path);
                out.push('(');
                value.write_at(out, base, indent, column + path.len() + 1);
                out.push(')');
            }
            Expr::Ref(value) => {
                out.push('&');
                value.write_at(out, base, indent, column + 1);
            }
            Expr::Slice(items) => {
                out.push_str("&[\n");
                for item in items {
                    out.push_str(&inner);
                    item.write_at(out, base, indent + 4, indent + 4);
                    out.push_str(",\n");
                }
                out.push_str(&inner[4..]);
                out.push(']');
            }
        }
    }

    /// The expression on one line.
    fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Struct(path, fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.flat()))
                    .collect();
                format!("{path} {{ {} }}", fields.join(", "))
            }
            Expr::Call(path, value) => format!("{path}({})", value.flat()),
            Expr::Ref(value) => format!("&{}", value.flat()),
            Expr::Tuple(items) => format!("({})", join(items)),
            Expr::Slice(items) => format!("&[{}]", join(items)),
        }
    }
}

fn join(items: &[Expr]) -> String {
    items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
}

/// A string literal as the tokens of the skeleton would spell it, so that a
/// list row and a skeleton line quote text alike.
pub fn string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(blocks: &[&str]) -> Lists {
        let mut lists = Lists::new("__m".to_owned());
        for block in blocks {
            lists.stash((*block).to_owned());
        }
        lists
    }

    #[test]
    fn placeholders_alone_on_a_line_become_indented_rows() {
        let lists = lists(&["/// One.\nA,\nB,\n", "A => 1,\n"]);
        let formatted = "enum E {\n    __m_0,\n    Other,\n}\nfn f() {\n    match x {\n        __m_1 => {}\n    }\n}\n";
        assert_eq!(
            lists.splice(formatted),
            "enum E {\n    /// One.\n    A,\n    B,\n    Other,\n}\nfn f() {\n    match x {\n        A => 1,\n    }\n}\n"
        );
    }

    #[test]
    fn inline_arrays_are_broken_and_empty_ones_stay_empty() {
        let lists = lists(&["1,\n2,\n", ""]);
        let formatted = "    const A: &[u8] = &[__m_0];\n    const B: &[u8] = &[__m_1];\n";
        assert_eq!(
            lists.splice(formatted),
            "    const A: &[u8] = &[\n        1,\n        2,\n    ];\n    const B: &[u8] = &[];\n"
        );
    }

    #[test]
    fn spec_text_that_quotes_the_marker_is_caught() {
        let lists = lists(&["A,\n"]);
        assert!(lists.is_clean("enum E {\n    __m_0,\n}\n"));
        assert!(!lists.is_clean("/// __m_0\nenum E {\n    __m_0,\n}\n"));
        // A placeholder the skeleton lost (an emitter bug).
        assert!(!lists.is_clean("enum E {}\n"));
        assert!(!lists.is_clean("/// __m_x\nenum E {\n    __m_0,\n}\n"));
    }

    #[test]
    fn expressions_break_only_when_too_wide() {
        let path = |text: &str| {
            Expr::Struct(
                "P",
                vec![("text", Expr::str(text)), ("keys", Expr::strs([text]))],
            )
        };
        let mut out = String::new();
        Expr::option(Some(path("a"))).write(&mut out, 8);
        assert_eq!(
            out,
            r#"::core::option::Option::Some(P { text: "a", keys: &["a"] })"#
        );

        let long = "x".repeat(60);
        let mut out = String::new();
        Expr::Ref(Box::new(path(&long))).write(&mut out, 8);
        let expected = format!("&P {{\n    text: \"{long}\",\n    keys: &[\"{long}\"],\n}}");
        assert_eq!(out, expected);
        assert!(out.lines().all(|line| 8 + line.len() <= WIDTH));
    }

    #[test]
    fn numbers_fill_lines() {
        let mut rows = Rows::new();
        assert_eq!(
            rows.numbers(&[1, 2, 3, 40, 5], 2).finish(),
            "1, 2,\n3, 40,\n5,\n"
        );
    }
}
