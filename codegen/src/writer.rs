//! The one writer of generated Rust: lines, indented blocks, doc comments and
//! blank lines between items, plus [`Expr`], which lays out a constant
//! expression on one line when it fits in [`WIDTH`] columns and breaks it one
//! field or element per line when it does not.
//!
//! The layout is errspec's own and depends on nothing else: no formatter runs
//! over the output, and each generated item carries `#[rustfmt::skip]` so that
//! `cargo fmt` leaves it as written.

/// Generated Rust being written.
pub struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    /// An empty file, with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            depth: 0,
        }
    }

    /// One line at the current indentation (an empty `text` gives an empty line).
    pub fn line(&mut self, text: &str) -> &mut Writer {
        if !text.is_empty() {
            self.indent();
            self.out.push_str(text);
        }
        self.out.push('\n');
        self
    }

    /// Several lines at the current indentation.
    pub fn lines(&mut self, lines: &[&str]) -> &mut Writer {
        for line in lines {
            self.line(line);
        }
        self
    }

    /// An empty line, unless the last line is empty or opens a block.
    pub fn blank(&mut self) -> &mut Writer {
        if !(self.out.is_empty() || self.out.ends_with("\n\n") || self.out.ends_with("{\n")) {
            self.out.push('\n');
        }
        self
    }

    /// `///` lines for a doc text (already made safe for comments), each
    /// paragraph line wrapped at spaces to stay within [`WIDTH`] columns.
    pub fn doc(&mut self, text: &str) -> &mut Writer {
        let room = WIDTH.saturating_sub(self.depth * 4 + 4).max(40);
        for line in text.trim_end().lines() {
            let mut rest = line.trim_end();
            if rest.is_empty() {
                self.line("///");
            }
            while !rest.is_empty() {
                let cut = wrap_at(rest, room);
                self.indent();
                self.out.push_str("/// ");
                self.out.push_str(rest[..cut].trim_end());
                self.out.push('\n');
                rest = rest[cut..].trim_start();
            }
        }
        self
    }

    /// `head {` and one level deeper.
    pub fn open(&mut self, head: &str) -> &mut Writer {
        self.indent();
        self.out.push_str(head);
        self.out.push_str(" {\n");
        self.depth += 1;
        self
    }

    /// `head` (which opens a list, such as `const ALL: &[E] = &[`) and one level deeper.
    pub fn open_list(&mut self, head: &str) -> &mut Writer {
        self.line(head);
        self.depth += 1;
        self
    }

    /// One level up and `}` followed by `tail` (`,`, `;` or nothing); a
    /// `tail` starting with `]` closes a list instead (`];`, `],`).
    pub fn close(&mut self, tail: &str) -> &mut Writer {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        if !tail.starts_with(']') {
            self.out.push('}');
        }
        self.out.push_str(tail);
        self.out.push('\n');
        self
    }

    /// One level deeper, for a continued line.
    pub fn deeper(&mut self) -> &mut Writer {
        self.depth += 1;
        self
    }

    /// One level up, after [`Writer::deeper`].
    pub fn shallower(&mut self) -> &mut Writer {
        self.depth = self.depth.saturating_sub(1);
        self
    }

    /// An expression as one or more lines, followed by `tail`.
    pub fn expr(&mut self, expr: &Expr, tail: &str) -> &mut Writer {
        self.indent();
        let base = self.depth * 4;
        let start = self.out.len();
        expr.write(&mut self.out, base);
        // Lines after the first are written relative to the row: indent them.
        if self.out[start..].contains('\n') {
            let written = self.out.split_off(start);
            let indent = " ".repeat(base);
            for (index, line) in written.split('\n').enumerate() {
                if index > 0 {
                    self.out.push('\n');
                    if !line.is_empty() {
                        self.out.push_str(&indent);
                    }
                }
                self.out.push_str(line);
            }
        }
        self.out.push_str(tail);
        self.out.push('\n');
        self
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }
}

/// Where to cut `text` so the first part fits in `room` columns: at the last
/// space that allows it, else (one long word) at the first space after it.
fn wrap_at(text: &str, room: usize) -> usize {
    if text.chars().count() <= room {
        return text.len();
    }
    let limit = text
        .char_indices()
        .nth(room)
        .map_or(text.len(), |(at, _)| at);
    text[..=limit.min(text.len() - 1)]
        .rfind(' ')
        .filter(|&at| at > 0)
        .or_else(|| text[limit..].find(' ').map(|at| limit + at))
        .unwrap_or(text.len())
}

/// A constant expression (a table entry), laid out on one line when it fits
/// in [`WIDTH`] columns, else broken one field or element per line.
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

/// A string literal holding exactly `text`, escaped as `proc-macro2` writes
/// one: `char::escape_debug` for every character except `'`, and `\0` (`\x00`
/// before an octal digit).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars
                .as_str()
                .starts_with(|next| ('0'..='7').contains(&next)) =>
            {
                out.push_str("\\x00");
            }
            '\0' => out.push_str("\\0"),
            '\'' => out.push(c),
            _ => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_are_escaped_as_proc_macro2_escapes_them() {
        let mut samples: Vec<String> = [
            "",
            "plain",
            "quote\"and\\backslash",
            "it's",
            "tab\tnew\nline\r",
            "\0",
            "\x001",
            "\x008",
            "\u{7f}\u{80}\u{200f}\u{202e}",
            "e\u{301}",
            "\u{301}start",
            "🚀 emoji",
            "\u{feff}",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        samples.push((0..0x800u32).filter_map(char::from_u32).collect());
        samples.push(
            (0xd800..0x11000u32)
                .step_by(7)
                .filter_map(char::from_u32)
                .collect(),
        );
        for text in samples {
            assert_eq!(
                string(&text),
                proc_macro2::Literal::string(&text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn blocks_docs_and_blank_lines() {
        let mut w = Writer::with_capacity(0);
        w.doc("One.\n\nTwo.").open("enum E").line("A,").close("");
        w.blank()
            .blank()
            .open("impl E")
            .blank()
            .line("const X: u8 = 1;")
            .close("");
        assert_eq!(
            w.finish(),
            "/// One.\n///\n/// Two.\nenum E {\n    A,\n}\n\nimpl E {\n    const X: u8 = 1;\n}\n"
        );
    }

    #[test]
    fn docs_wrap_at_spaces_within_the_width() {
        let mut w = Writer::with_capacity(0);
        let words = "word ".repeat(40);
        w.open("enum E")
            .doc(&format!("{words}\n\n{}", "x".repeat(120)))
            .close("");
        let text = w.finish();
        assert!(text
            .lines()
            .filter(|l| !l.contains("xxx"))
            .all(|l| l.len() <= WIDTH));
        assert_eq!(text.matches("word").count(), 40, "no word lost");
        assert!(
            text.contains(&format!("    /// {}\n", "x".repeat(120))),
            "long words stay whole"
        );
        assert!(text.contains("    ///\n"), "paragraph breaks stay");
    }

    #[test]
    fn broken_expressions_are_indented_with_their_row() {
        let mut w = Writer::with_capacity(0);
        let long = "x".repeat(90);
        w.open("fn f()")
            .expr(&Expr::strs([long.as_str(), "y"]), ";")
            .close("");
        assert_eq!(
            w.finish(),
            format!("fn f() {{\n    &[\n        \"{long}\",\n        \"y\",\n    ];\n}}\n")
        );
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
}
